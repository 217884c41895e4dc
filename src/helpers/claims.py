"""The article's claims, set beside what the per-chip figures of :mod:`helpers.specs` give.

A :class:`Claim` holds what the article says, the two system figures it rests on (derived from
per-chip figures), the article's own ratio where it gives one, and the other source combinations
that change the answer. Ratios are computed, never typed. Notebook 08 adds the verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import article, specs
from .specs import CM384, NVL72, Figure
from .tables import Table
from .units import si_same, times


@dataclass(frozen=True)
class Claim:
    """One claim of the article.

    Attributes:
        key: short name ("compute", "memory"...).
        topic: what it is about, for a table.
        article: what the article says, in its words (quotations of :mod:`helpers.article`, each
            word for word; the comparison table's cells as "CM384's cell vs NVL72's cell").
        basis: what the claim should be compared with (the per-chip figure x chips).
        notebook: key of the notebook that checks it (see :mod:`helpers.course`).
        cm384, nvl72: the figures the course uses for each system (``None`` for a claim that is
            not a number, such as "all the chips can communicate directly").
        article_ratio: the ratio the article states, if any.
        article_values: the (CM384, NVL72) figures the article states, if any.
        alternatives: other (CM384, NVL72) figure pairs from other sources.
        at_least: the article says "more than" (a lower bound).
    """

    key: str
    topic: str
    article: str
    basis: str
    notebook: str
    cm384: Figure | None = None
    nvl72: Figure | None = None
    article_ratio: Figure | None = None
    article_values: tuple[Figure, Figure] | None = None
    alternatives: tuple[tuple[Figure, Figure], ...] = ()
    at_least: bool = False

    @property
    def is_numeric(self) -> bool:
        """True when the claim compares two numbers."""
        return self.cm384 is not None and self.nvl72 is not None

    def ratio(self) -> Figure | None:
        """CM384 / NVL72 with the figures the course uses (derived), or ``None``."""
        if not self.is_numeric:
            return None
        return specs.ratio(self.cm384, self.nvl72, name=f"claim.{self.key}.ratio")

    def ratio_range(self) -> tuple[float, float] | None:
        """Lowest and highest CM384 / NVL72 ratio over the used and the alternative sources."""
        if not self.is_numeric:
            return None
        pairs = ((self.cm384, self.nvl72), *self.alternatives)
        values = [a.value / b.value for a, b in pairs]
        return min(values), max(values)

    def difference(self) -> float | None:
        """Recomputed ratio minus the article's ratio (``None`` if either is missing)."""
        r = self.ratio()
        if r is None or self.article_ratio is None:
            return None
        return r.value - self.article_ratio.value

    def recomputed(self) -> str:
        """The recomputed comparison in words, with the spread across sources."""
        if not self.is_numeric:
            return "not a number: see the notebook"
        r = self.ratio()
        lo, hi = self.ratio_range()
        a, b = si_same([self.cm384.value, self.nvl72.value], self.cm384.unit, 4)
        text = f"{a} vs {b} = {times(r.value)}"
        if hi - lo > 1e-9:
            text += f" (sources give {times(lo)} to {times(hi)})"
        return text

    def agrees(self) -> bool | None:
        """Do the recomputed figures support what the article states?

        Each value the article states must match the recomputed one at the precision the article
        writes it; "more than X" holds when the ratio is at least X; a plain "X" ratio holds when
        the recomputed ratio rounds to X. ``None`` when the article states no number to compare.
        """
        if not self.is_numeric or (self.article_ratio is None and self.article_values is None):
            return None
        checks = []
        if self.article_values is not None:
            for stated, ours in zip(self.article_values, (self.cm384, self.nvl72), strict=True):
                checks.append(abs(stated.value - ours.value) <= stated.step / 2)
        a, r = self.article_ratio, self.ratio()
        if a is not None:
            checks.append(
                r.value >= a.value if self.at_least else abs(r.value - a.value) <= a.step / 2
            )
        return all(checks)


def _vs(feature: str) -> str:
    """A row of the article's comparison table: “CloudMatrix 384's cell” vs “NVL72's cell”."""
    _, cm, nv = article.table_row(feature)
    return f"“{cm}” vs “{nv}”"


_A = specs.ARTICLE_FIGURES
_F = specs.FIGURES

#: The article's claims, in the order of the course's notebooks.
CLAIMS: tuple[Claim, ...] = (
    Claim(
        key="chips",
        topic="Chips per system",
        article=_vs("Chips"),
        basis="the vendors' system descriptions",
        notebook="00_start_here",
        cm384=CM384.chips,
        nvl72=NVL72.chips,
        article_values=(_A["cm384_chips"], _A["nvl72_chips"]),
    ),
    Claim(
        key="compute",
        topic="Peak BF16 compute",
        article=f"{_vs('Peak Compute (BF16)')}; “more than 1.6 times”",
        basis="dense BF16 per chip x chips",
        notebook="02_compute_and_rooflines",
        cm384=CM384.bf16_dense,
        nvl72=NVL72.bf16_dense,
        article_ratio=_A["compute_ratio"],
        article_values=(_A["cm384_bf16"], _A["nvl72_bf16"]),
        alternatives=((_F["cm384.bf16_dense_paper"], NVL72.bf16_dense),),
        at_least=True,
    ),
    Claim(
        key="memory",
        topic="HBM capacity",
        article=article.quote("memory"),
        basis="HBM per chip x chips",
        notebook="03_memory",
        cm384=CM384.hbm_capacity,
        nvl72=NVL72.hbm_capacity,
        article_ratio=_A["memory_ratio"],
        alternatives=((CM384.hbm_capacity, _F["nvl72.hbm_capacity_listed"]),),
    ),
    Claim(
        key="bandwidth",
        topic="HBM bandwidth",
        article=article.quote("bandwidth"),
        basis="HBM bandwidth per chip x chips",
        notebook="03_memory",
        cm384=CM384.hbm_bandwidth,
        nvl72=NVL72.hbm_bandwidth,
        article_ratio=_A["bandwidth_ratio"],
    ),
    Claim(
        key="interconnect",
        topic="Scale-up interconnect",
        article=_vs("Interconnect"),
        basis="scale-up bandwidth per chip x chips (both directions); reach, transceivers, power",
        notebook="04_interconnects",
        cm384=CM384.scale_up_bandwidth,
        nvl72=NVL72.scale_up_bandwidth,
        alternatives=((_F["cm384.scale_up_bandwidth_sa"], NVL72.scale_up_bandwidth),),
    ),
    Claim(
        key="supernode",
        topic="Supernode",
        article="“all the chips can communicate directly and quickly”",
        basis="topology: switch hops, bisection bandwidth",
        notebook="05_supernodes_and_topologies",
    ),
    Claim(
        key="power",
        topic="System power",
        article=_vs("Power Efficiency"),
        basis="system power; FLOPS per watt",
        notebook="07_power_and_efficiency",
        cm384=CM384.power,
        nvl72=NVL72.power,
        alternatives=(
            (_F["cm384.power_sa_text"], NVL72.power),
            (CM384.power, _F["nvl72.power_rack_it"]),
            (_F["cm384.power_sa_text"], _F["nvl72.power_rack_it"]),
        ),
    ),
)


def claim(key: str) -> Claim:
    """The claim called ``key``; raises ``ValueError`` naming the keys there are."""
    for c in CLAIMS:
        if c.key == key:
            return c
    raise ValueError(f"key={key!r} is not a claim; use one of {[c.key for c in CLAIMS]}")


def table() -> Table:
    """The article's claims beside the recomputed figures, as a table for notebook 00."""
    rows = []
    for c in CLAIMS:
        verdict = {True: "yes", False: "no", None: f"see notebook {c.notebook[:2]}"}[c.agrees()]
        rows.append((c.topic, c.article, c.recomputed(), verdict))
    return Table(
        ("claim", "the article says", "recomputed: CM384 vs NVL72", "stated ratio holds?"),
        rows,
        caption="The article's claims, recomputed from per-chip figures in helpers.specs.",
    )
