"""The article's claims, set beside what the per-chip figures of :mod:`helpers.specs` give.

A :class:`Claim` holds what the article says, the quantity it compares (a system total derived
from per-chip figures), the article's own ratio where it gives one, and the other source
combinations that change the answer. The claims compare the article's two systems
(:data:`helpers.specs.ARTICLE_PAIR`); any other system can be set beside them
(:func:`table`'s ``systems``). Ratios are computed, never typed. Notebook 08 adds the verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import article, checks, specs
from .specs import ARTICLE_PAIR, Comparison, Figure, System
from .tables import Table
from .units import si, si_same, times

NOT_PUBLISHED = "not published"


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
        quantity: the total of :class:`helpers.specs.System` it compares ("bf16_dense"), or ""
            for a claim that is not a number ("all the chips can communicate directly").
        comparison: the two systems the article compares (the challenger first).
        article_ratio: the ratio the article states, if any.
        article_values: the (challenger, baseline) figures the article states, if any.
        alternatives: other (challenger, baseline) figure pairs from other sources.
        at_least: the article says "more than" (a lower bound).
    """

    key: str
    topic: str
    article: str
    basis: str
    notebook: str
    quantity: str = ""
    comparison: Comparison = field(default=ARTICLE_PAIR)
    article_ratio: Figure | None = None
    article_values: tuple[Figure, Figure] | None = None
    alternatives: tuple[tuple[Figure, Figure], ...] = ()
    at_least: bool = False

    @property
    def is_numeric(self) -> bool:
        """True when the claim compares two numbers."""
        return bool(self.quantity)

    def figure(self, system: System | str) -> Figure | None:
        """``system``'s figure for this claim (the one the course uses), or ``None`` when its
        maker does not publish it or the claim is not a number."""
        system = checks.system("system", system)
        return getattr(system, self.quantity) if self.quantity else None

    def values(self, systems: Sequence[System | str] | None = None) -> dict[str, Figure | None]:
        """System key -> its figure, for ``systems`` (the comparison's two by default)."""
        shown = self.comparison.systems if systems is None else systems
        return {checks.system("systems", s).key: self.figure(s) for s in shown}

    @property
    def figures(self) -> tuple[Figure, Figure] | None:
        """The (challenger, baseline) figures the course uses, or ``None``."""
        if not self.is_numeric:
            return None
        return tuple(self.figure(s) for s in self.comparison.systems)

    def ratio(self, system: System | str | None = None) -> Figure | None:
        """``system`` (the challenger by default) / the baseline, with the figures the course
        uses (derived), or ``None`` (not a number, or not published)."""
        if not self.is_numeric:
            return None
        top = self.comparison.challenger if system is None else checks.system("system", system)
        a, b = self.figure(top), self.figure(self.comparison.baseline)
        if a is None or b is None:
            return None
        name = f"claim.{self.key}.ratio" if system is None else f"claim.{self.key}.{top.key}"
        return specs.ratio(a, b, name=name)

    def ratio_range(self) -> tuple[float, float] | None:
        """Lowest and highest challenger / baseline ratio over the used and the alternative
        sources."""
        if not self.is_numeric:
            return None
        pairs = (self.figures, *self.alternatives)
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
        first, second = self.figures
        a, b = si_same([first.value, second.value], first.unit, 4)
        text = f"{a} vs {b} = {times(r.value)}"
        if hi - lo > 1e-9:
            text += f" (sources give {times(lo)} to {times(hi)})"
        return text

    def beside(self, system: System | str) -> str:
        """``system``'s figure and its ratio to the baseline, in words ("not published" when
        its maker gives none)."""
        if not self.is_numeric:
            return "not a number: see the notebook"
        f, r = self.figure(system), self.ratio(system)
        if f is None or r is None:
            return NOT_PUBLISHED
        return f"{si(f.value, f.unit)} ({times(r.value)} the {self.comparison.baseline.short})"

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
            for stated, ours in zip(self.article_values, self.figures, strict=True):
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
        quantity="chips",
        article_values=(_A["cm384_chips"], _A["nvl72_chips"]),
    ),
    Claim(
        key="compute",
        topic="Peak BF16 compute",
        article=f"{_vs('Peak Compute (BF16)')}; “more than 1.6 times”",
        basis="dense BF16 per chip x chips",
        notebook="02_compute_and_rooflines",
        quantity="bf16_dense",
        article_ratio=_A["compute_ratio"],
        article_values=(_A["cm384_bf16"], _A["nvl72_bf16"]),
        alternatives=((_F["cm384.bf16_dense_paper"], _F["nvl72.bf16_dense"]),),
        at_least=True,
    ),
    Claim(
        key="memory",
        topic="HBM capacity",
        article=article.quote("memory"),
        basis="HBM per chip x chips",
        notebook="03_memory",
        quantity="hbm_capacity",
        article_ratio=_A["memory_ratio"],
        alternatives=((_F["cm384.hbm_capacity"], _F["nvl72.hbm_capacity_listed"]),),
    ),
    Claim(
        key="bandwidth",
        topic="HBM bandwidth",
        article=article.quote("bandwidth"),
        basis="HBM bandwidth per chip x chips",
        notebook="03_memory",
        quantity="hbm_bandwidth",
        article_ratio=_A["bandwidth_ratio"],
    ),
    Claim(
        key="interconnect",
        topic="Scale-up interconnect",
        article=_vs("Interconnect"),
        basis="scale-up bandwidth per chip x chips (both directions); reach, transceivers, power",
        notebook="04_interconnects",
        quantity="scale_up_bandwidth",
        alternatives=((_F["cm384.scale_up_bandwidth_sa"], _F["nvl72.scale_up_bandwidth"]),),
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
        quantity="power",
        alternatives=(
            (_F["cm384.power_sa_text"], _F["nvl72.power"]),
            (_F["cm384.power"], _F["nvl72.power_rack_it"]),
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


def figures_used() -> tuple[Figure, ...]:
    """The figures the claims compare, for notebook 00's sources."""
    return tuple(f for c in CLAIMS if c.is_numeric for f in c.figures if f is not None)


def table(systems: Sequence[System | str] | None = None) -> Table:
    """The article's claims beside the recomputed figures, as a table for notebook 00; each of
    ``systems`` beyond the article's two adds a column: its figure and its ratio to the NVL72
    ("not published" where its maker gives none)."""
    pair = ARTICLE_PAIR
    extra = [
        s
        for s in (checks.system("systems", x) for x in (systems or ()))
        if s.key not in {p.key for p in pair.systems}
    ]
    rows = []
    for c in CLAIMS:
        verdict = {True: "yes", False: "no", None: f"see notebook {c.notebook[:2]}"}[c.agrees()]
        rows.append((c.topic, c.article, c.recomputed(), verdict, *(c.beside(s) for s in extra)))
    ch, base = (s.short for s in pair.systems)
    return Table(
        (
            "claim",
            "the article says",
            f"recomputed: {ch} vs {base}",
            "stated ratio holds?",
            *(s.short for s in extra),
        ),
        rows,
        caption="The article's claims, recomputed from per-chip figures in helpers.specs.",
    )
