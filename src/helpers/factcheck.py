"""The capstone's fact-check: a verdict on every claim of the article, computed from the figures.

A :class:`Scenario` picks one source for each figure the sources disagree on (the Ascend 910C's
dense BF16, the B200's HBM, each system's power, the 910C's scale-up bandwidth) and a ratio of the
two systems' MFU. :func:`verdicts` turns a scenario into a :class:`Verdict` per claim: "holds",
"holds with caveats" or "misleading", with the reason in numbers and the range the claim's ratio
takes over every choice of sources. :func:`sensitivity` shows which choice moves which verdict.

Rules, computed where a number decides:

- a stated ratio ("3.6x") holds when the recomputed ratio rounds to it, is understated (caveat)
  when larger, misleading when smaller; "more than 1.6x" holds when the ratio is at least 1.6;
- a peak is never delivered work: the compute claim carries that caveat, and the headline
  ("beats") is judged on delivered compute (peak x the MFU ratio) beside power and price;
- wording claims ("all-optical", "communicate directly", "more efficient per chip") are judged
  on the topology graphs and the power figures.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from . import claims, power, specs, topology
from .specs import CM384, NVL72, Figure
from .tables import Table
from .units import si, si_same, times

VerdictLabel = Literal["holds", "holds with caveats", "misleading"]
VERDICTS: tuple[VerdictLabel, ...] = ("holds", "holds with caveats", "misleading")

#: The figures sources disagree on: choice key -> (what it is, {option label: figure}); the
#: first option is the one the course uses.
CHOICES: dict[str, tuple[str, dict[str, Figure]]] = {
    "ascend_bf16": (
        "Ascend 910C dense BF16",
        {
            "780 TFLOP/s (SemiAnalysis)": specs.get("ascend910c.bf16_dense"),
            "752 TFLOP/s (Huawei's paper)": specs.get("ascend910c.bf16_dense_paper"),
        },
    ),
    "b200_hbm": (
        "B200 HBM",
        {
            "192 GB physical (SemiAnalysis)": specs.get("b200.hbm_capacity"),
            "186 GB listed (NVIDIA)": specs.get("b200.hbm_capacity_listed"),
        },
    ),
    "cm384_power": (
        "CM384 power",
        {
            "559 kW (SemiAnalysis's table)": specs.get("cm384.power"),
            "600 kW (SemiAnalysis's text)": specs.get("cm384.power_sa_text"),
        },
    ),
    "nvl72_power": (
        "NVL72 power",
        {
            "145 kW all-in (SemiAnalysis)": specs.get("nvl72.power"),
            "120 kW rack IT load": specs.get("nvl72.power_rack_it"),
        },
    ),
    "ascend_scale_up": (
        "Ascend 910C scale-up bandwidth, one way",
        {
            "392 GB/s (Huawei's paper)": specs.get("ascend910c.scale_up_bandwidth"),
            "350 GB/s (SemiAnalysis)": specs.get("ascend910c.scale_up_bandwidth_sa"),
        },
    ),
}
#: Range of the MFU ratio (CM384's MFU / NVL72's) the course lets a learner try.
MFU_RATIO_RANGE = (0.5, 1.25)


@dataclass(frozen=True)
class Scenario:
    """One choice of source per disputed figure, and the MFU ratio (CM384 / NVL72).

    ``picks`` maps a key of :data:`CHOICES` to one of its option labels; missing keys take the
    course's choice (the first option).
    """

    picks: Mapping[str, str] = field(default_factory=dict)
    mfu_ratio: float = 1.0

    def __post_init__(self) -> None:
        for key, label in self.picks.items():
            if key not in CHOICES:
                raise ValueError(f"picks has key={key!r}; choices are {list(CHOICES)}")
            if label not in CHOICES[key][1]:
                raise ValueError(f"picks[{key!r}]={label!r} is not one of {list(CHOICES[key][1])}")
        lo, hi = MFU_RATIO_RANGE
        if isinstance(self.mfu_ratio, bool) or not isinstance(self.mfu_ratio, int | float):
            raise ValueError(f"mfu_ratio={self.mfu_ratio!r} must be a number in [{lo}, {hi}]")
        if not lo <= self.mfu_ratio <= hi:
            raise ValueError(f"mfu_ratio={self.mfu_ratio!r} is outside [{lo}, {hi}]")

    def figure(self, key: str) -> Figure:
        """The figure this scenario takes for choice ``key``."""
        options = CHOICES[key][1]
        return options[self.picks.get(key, next(iter(options)))]


def scenarios(mfu_ratio: float = 1.0) -> Iterator[Scenario]:
    """Every combination of the disputed figures' sources, at one MFU ratio."""
    keys = list(CHOICES)
    for labels in itertools.product(*(list(CHOICES[k][1]) for k in keys)):
        yield Scenario(dict(zip(keys, labels, strict=True)), mfu_ratio)


@dataclass(frozen=True)
class Totals:
    """The two systems' totals under one scenario (SI units: FLOP/s, B, B/s, W)."""

    cm_bf16: float
    nv_bf16: float
    cm_hbm: float
    nv_hbm: float
    cm_hbm_bw: float
    nv_hbm_bw: float
    cm_scale_up: float  # both directions
    nv_scale_up: float  # both directions
    cm_power: float
    nv_power: float


def totals(scenario: Scenario) -> Totals:
    """Chips x per-chip figure of the scenario's sources, for both systems."""
    cm, nv = CM384.chips.value, NVL72.chips.value
    return Totals(
        cm_bf16=cm * scenario.figure("ascend_bf16").value,
        nv_bf16=NVL72.bf16_dense.value,
        cm_hbm=CM384.hbm_capacity.value,
        nv_hbm=nv * scenario.figure("b200_hbm").value,
        cm_hbm_bw=CM384.hbm_bandwidth.value,
        nv_hbm_bw=NVL72.hbm_bandwidth.value,
        cm_scale_up=2 * cm * scenario.figure("ascend_scale_up").value,
        nv_scale_up=NVL72.scale_up_bandwidth.value,
        cm_power=scenario.figure("cm384_power").value,
        nv_power=scenario.figure("nvl72_power").value,
    )


@dataclass(frozen=True)
class Verdict:
    """The verdict on one claim.

    Attributes:
        key: the claim's key (those of :mod:`helpers.claims`, plus "headline").
        topic: what it is about.
        article: what the article says.
        verdict: one of :data:`VERDICTS`.
        reason: why, in numbers.
        ratio: the CM384 / NVL72 ratio the verdict turns on (``None`` for a wording claim).
        low, high: that ratio over every choice of sources (at the scenario's MFU ratio).
    """

    key: str
    topic: str
    article: str
    verdict: VerdictLabel
    reason: str
    ratio: float | None = None
    low: float | None = None
    high: float | None = None


def _stated(r: float, stated: Figure) -> VerdictLabel:
    if abs(r - stated.value) <= stated.step / 2:
        return "holds"
    return "holds with caveats" if r > stated.value else "misleading"


def _optical_share() -> tuple[int, int]:
    graph = topology.cached_build("cm384")
    links = {"optical": 0, "electrical": 0}
    for _u, _v, data in graph.edges(data=True):
        links[data["medium"]] += data["links"]
    return links["optical"], sum(links.values())


def _whose(fig: Figure) -> str:
    """Who a figure comes from, in words: "an analyst estimate (SA)", "derived from PAPER"."""
    keys = ", ".join(sorted(src.key for src in specs.sources_of(fig)))
    if fig.kind == "derived":
        return f"derived from {keys}"
    kind = {"analyst": "an analyst estimate", "vendor": "a vendor figure"}.get(fig.kind, fig.kind)
    return f"{kind} ({keys})"


def _npus_per_node() -> int:
    return round(specs.get("cm384.npus_per_node").value)


def _ratios(t: Totals, mfu_ratio: float) -> dict[str, float]:
    return {
        "compute": t.cm_bf16 / t.nv_bf16,
        "memory": t.cm_hbm / t.nv_hbm,
        "bandwidth": t.cm_hbm_bw / t.nv_hbm_bw,
        "interconnect": t.cm_scale_up / t.nv_scale_up,
        "power": t.cm_power / t.nv_power,
        "headline": t.cm_bf16 / t.nv_bf16 * mfu_ratio,
    }


def verdicts(scenario: Scenario | None = None) -> list[Verdict]:
    """A verdict on every claim of the article under ``scenario`` (the course's by default)."""
    s = scenario or Scenario()
    t = totals(s)
    r = _ratios(t, s.mfu_ratio)
    spread = [_ratios(totals(x), s.mfu_ratio) for x in scenarios(s.mfu_ratio)]

    def rng(key: str) -> tuple[float, float]:
        values = [x[key] for x in spread]
        return min(values), max(values)

    a = specs.ARTICLE_FIGURES
    out = []
    c = claims.claim("chips")
    ok = a["cm384_chips"].value == CM384.chips.value and a["nvl72_chips"].value == NVL72.chips.value
    out.append(
        Verdict(
            c.key,
            c.topic,
            c.article,
            "holds" if ok else "misleading",
            f"{CM384.n} Ascend 910C and {NVL72.n} B200, as the vendors list them.",
            CM384.chips.value / NVL72.chips.value,
        )
    )

    c = claims.claim("compute")
    per_chip = specs.B200.bf16_dense.value / s.figure("ascend_bf16").value
    delivered = r["compute"] * s.mfu_ratio
    verdict: VerdictLabel = "holds with caveats" if r["compute"] >= 1.6 else "misleading"
    reason = (
        f"{si(t.cm_bf16, 'FLOP/s')} vs {si(t.nv_bf16, 'FLOP/s')} of dense BF16 = "
        f"{times(r['compute'])} ({'at least' if r['compute'] >= 1.6 else 'below'} 1.6x). "
        f"Caveats: peaks, not delivered work (at an MFU ratio of {s.mfu_ratio:.2g} the CM384 "
        f"delivers {times(delivered)}); the 910C figure is {_whose(s.figure('ascend_bf16'))}; "
        f"per chip a B200 "
        f"computes {times(per_chip, 2)} as fast."
    )
    out.append(Verdict(c.key, c.topic, c.article, verdict, reason, r["compute"], *rng("compute")))

    for key, stated in (("memory", a["memory_ratio"]), ("bandwidth", a["bandwidth_ratio"])):
        c = claims.claim(key)
        cm_v, nv_v = (t.cm_hbm, t.nv_hbm) if key == "memory" else (t.cm_hbm_bw, t.nv_hbm_bw)
        unit = "B" if key == "memory" else "B/s"
        verdict = _stated(r[key], stated)
        cm_text, nv_text = si_same([cm_v, nv_v], unit, 4)
        reason = f"{cm_text} vs {nv_text} = {times(r[key])}; the article says "
        reason += f"{stated.quoted}."
        lo, hi = rng(key)
        if hi - lo > 1e-9:
            reason += f" Sources give {times(lo)} to {times(hi)}."
        out.append(Verdict(c.key, c.topic, c.article, verdict, reason, r[key], lo, hi))

    c = claims.claim("interconnect")
    optical, links = _optical_share()
    per_chip_up = specs.B200.scale_up_bandwidth.value / s.figure("ascend_scale_up").value
    # The optical share itself is exercise 08.optical_share: the reason gives the optical count
    # and says where the electrical links are, not their number.
    reason = (
        f"Only the {optical:,} UB links that leave a node (first- to second-level switch) are "
        f"optical; every link from an NPU to the switches of its {_npus_per_node()}-NPU node is "
        f"electrical. Scale-up bandwidth {si(t.cm_scale_up, 'B/s')} vs "
        f"{si(t.nv_scale_up, 'B/s')} both ways = {times(r['interconnect'])}, but per chip NVLink "
        f"carries {times(per_chip_up, 2)} as much."
    )
    verdict = "misleading" if optical < links else "holds"
    out.append(
        Verdict(c.key, c.topic, c.article, verdict, reason, r["interconnect"], *rng("interconnect"))
    )

    c = claims.claim("supernode")
    cm_m, nv_m = topology.cached_metrics("cm384"), topology.cached_metrics("nvl72")
    reason = (
        f"No chip is wired to another: every path crosses switch chips, up to "
        f"{cm_m['diameter'] - 1} in the CM384 ({nv_m['diameter'] - 1} in the NVL72). What holds: "
        f"any chip reaches any other over the scale-up fabric, with no network card on the way, "
        f"and the fabric is non-blocking ({si(cm_m['bisection_bandwidth'], 'B/s')} across its "
        f"bisection, one way, with Huawei's paper's "
        f"{si(specs.ASCEND_910C.scale_up_bandwidth.value, 'B/s')} per NPU)."
    )
    out.append(Verdict(c.key, c.topic, c.article, "holds with caveats", reason))

    c = claims.claim("power")
    cm_eff = power.flops_per_watt(t.cm_bf16, t.cm_power)
    nv_eff = power.flops_per_watt(t.nv_bf16, t.nv_power)
    cm_chip, nv_chip = t.cm_power / CM384.chips.value, t.nv_power / NVL72.chips.value
    holds = r["power"] > 1 and nv_eff > cm_eff
    reason = (
        f"{si(t.cm_power, 'W')} vs {si(t.nv_power, 'W')} = {times(r['power'])} the power. "
        f"Efficiency is FLOPs per watt, the same per chip as per system: the NVL72 does "
        f"{times(nv_eff / cm_eff)} as many. Read as power per chip, the claim fails: all-in, a "
        f"910C draws {si(cm_chip, 'W')} and a B200 {si(nv_chip, 'W')}. Both powers are analyst "
        "estimates"
        + (
            "; the 120 kW is the NVL72's rack IT load, not all-in, so a ratio with it "
            "overstates the gap."
            if s.figure("nvl72_power") is not NVL72.power
            else "."
        )
    )
    verdict = "holds with caveats" if holds else "misleading"
    out.append(Verdict(c.key, c.topic, c.article, verdict, reason, r["power"], *rng("power")))

    price = CM384.price.value / NVL72.price.value
    delivered = r["headline"]
    verdict = "holds with caveats" if delivered > 1 else "misleading"
    loses = [
        what for what, cost in (("per watt", r["power"]), ("per dollar", price)) if cost > delivered
    ]
    reason = (
        f"One CM384 delivers {times(delivered)} the compute of one NVL72 (peak x the MFU ratio "
        f"{s.mfu_ratio:.2g}), for {times(r['power'])} the power and about {times(price, 2)} the "
        f"price: it wins on size" + (f"; the NVL72 wins {' and '.join(loses)}." if loses else ".")
    )
    if delivered <= 1:
        reason += " At this MFU ratio it does not even deliver more."
    out.append(
        Verdict(
            "headline",
            "Headline",
            "CloudMatrix 384 beats GB200 NVL72",
            verdict,
            reason,
            delivered,
            *rng("headline"),
        )
    )
    return out


def verdict_table(scenario: Scenario | None = None) -> Table:
    """Every claim with its verdict and the reason, under ``scenario``."""
    rows = []
    for v in verdicts(scenario):
        ratio = "-" if v.ratio is None else times(v.ratio)
        if v.low is not None and v.high - v.low > 1e-9:
            ratio += f" ({times(v.low)}-{times(v.high)})"
        rows.append([v.topic, v.article, ratio, v.verdict, v.reason])
    return Table(
        ("claim", "the article says", "CM384 / NVL72 (spread)", "verdict", "why"),
        rows,
        caption="Verdicts computed from helpers.specs and the course's models; the spread is "
        "over every choice of sources where they disagree.",
    )


def sensitivity(mfu_ratios: tuple[float, ...] = (0.75, 0.55)) -> Table:
    """Which choice of source (or MFU ratio) changes which verdict, from the course's scenario."""
    base = {v.key: v.verdict for v in verdicts()}
    rows = []
    for key, (what, options) in CHOICES.items():
        for label in list(options)[1:]:
            changed = verdicts(Scenario({key: label}))
            moved = [
                f"{v.topic}: {base[v.key]} -> {v.verdict}"
                for v in changed
                if v.verdict != base[v.key]
            ]
            rows.append([what, label, "; ".join(moved) or "no verdict changes"])
    for ratio in mfu_ratios:
        if ratio == 1.0:
            continue
        changed = verdicts(Scenario(mfu_ratio=ratio))
        moved = [
            f"{v.topic}: {base[v.key]} -> {v.verdict}" for v in changed if v.verdict != base[v.key]
        ]
        rows.append(
            ["MFU ratio CM384 / NVL72", f"{ratio:g}", "; ".join(moved) or "no verdict changes"]
        )
    return Table(
        ("figure", "other value", "verdicts that change"),
        rows,
        caption="Each disputed figure switched to its other source, one at a time.",
    )


def flip_mfu_ratio() -> float:
    """The MFU ratio (CM384 / NVL72) below which the CM384 no longer delivers more compute than
    the NVL72: the inverse of the peak ratio."""
    r = _ratios(totals(Scenario()), 1.0)["compute"]
    return 1 / r


def with_mfu(scenario: Scenario, mfu_ratio: float) -> Scenario:
    """``scenario`` at another MFU ratio."""
    return replace(scenario, mfu_ratio=mfu_ratio)


# ---------------------------------------------------------------------------------------------
# The learner's own verdict
# ---------------------------------------------------------------------------------------------
_COMPUTE = CM384.bf16_dense.value / NVL72.bf16_dense.value
_POWER = CM384.power.value / NVL72.power.value
_PRICE = CM384.price.value / NVL72.price.value
_PER_CHIP = specs.B200.bf16_dense.value / specs.ASCEND_910C.bf16_dense.value
#: What a good verdict on the article weighs: topic -> (words that show it, the hint if missing).
RUBRIC: dict[str, tuple[tuple[str, ...], str]] = {
    "peak vs delivered": (
        ("peak", "mfu", "utilis", "utiliz", "deliver", "sustain", "real work"),
        "300 vs 180 PFLOPS are peaks: say what the CM384 delivers at a realistic MFU.",
    ),
    "power and efficiency": (
        ("power", "watt", "energy", "efficien", "kw", "electric"),
        f"weigh {times(_POWER, 2)} the power against {times(_COMPUTE, 2)} the peak compute "
        "(FLOPs per watt).",
    ),
    "chip vs system": (
        ("per chip", "per-chip", "chip for chip", "each chip", "384 chips", "more chips", "scale"),
        f"say that a B200 out-computes a 910C {times(_PER_CHIP, 2)}, and the CM384 wins by "
        "numbers.",
    ),
    "price": (
        ("price", "cost", "dollar", "$", "afford", "budget"),
        f"add the price: about {times(_PRICE, 2)}, for {times(_COMPUTE, 2)} the peak compute.",
    ),
    "software and integration": (
        ("software", "cuda", "ecosystem", "cann", "mindspore", "tools", "integrat"),
        "the article's own buyer's list: software support, integration, developer tools.",
    ),
    "sources": (
        ("estimate", "source", "analyst", "semianalysis", "round", "disagree"),
        "say which figures are analyst estimates, and where sources disagree.",
    ),
}
MIN_WORDS = 40
MIN_TOPICS = 4


@dataclass(frozen=True)
class Review:
    """Feedback on a learner's written verdict: which topics of :data:`RUBRIC` it covers."""

    words: int
    covered: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def ready(self) -> bool:
        """Long enough and broad enough to hand in."""
        return self.words >= MIN_WORDS and len(self.covered) >= MIN_TOPICS

    def _repr_markdown_(self) -> str:
        if self.words == 0:
            return "✏️ **Not written yet.** Replace `...` with your verdict, in your own words."
        head = "✅ **Ready to hand in.**" if self.ready else "❌ **Not yet.**"
        lines = [
            f"{head} {self.words} word{'' if self.words == 1 else 's'} (at least {MIN_WORDS}); "
            "it weighs "
            f"{len(self.covered)} of the {len(RUBRIC)} topics (at least {MIN_TOPICS}): "
            + (", ".join(self.covered) or "none yet")
            + "."
        ]
        lines += [f"- To weigh *{t}*: {RUBRIC[t][1]}" for t in self.missing]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._repr_markdown_()


def review_verdict(text: object) -> Review:
    """Read a learner's verdict (a string) and say which topics it weighs. The text is only
    searched for words, never run."""
    if text is ... or text is None:
        return Review(0, (), tuple(RUBRIC))
    words = str(text).split()
    lower = " ".join(words).lower()
    covered = tuple(t for t, (cues, _hint) in RUBRIC.items() if any(c in lower for c in cues))
    missing = tuple(t for t in RUBRIC if t not in covered)
    return Review(len(words), covered, missing)


def figures_used() -> tuple[Figure, ...]:
    """Every record the fact-check reads, for a notebook's sources section."""
    chosen = [f for _what, options in CHOICES.values() for f in options.values()]
    systems = [
        f
        for sys_ in specs.SYSTEMS
        for f in (
            sys_.chips,
            sys_.chip.bf16_dense,
            sys_.chip.scale_up_bandwidth,
            sys_.bf16_dense,
            sys_.hbm_capacity,
            sys_.hbm_bandwidth,
            sys_.scale_up_bandwidth,
            sys_.price,
            sys_.power,
        )
    ]
    # The topology graphs the wording verdicts and the blast radius are read off.
    network = [
        specs.get(name)
        for name in (
            "cm384.nodes",
            "cm384.npus_per_node",
            "cm384.ub_l1_switches_per_node",
            "cm384.ub_planes",
            "cm384.ub_l2_switches_per_plane",
            "cm384.ub_l1_uplinks",
            "cm384.ub_optical_links",
            "b200.nvlink_links",
        )
    ]
    assumed = [f for name, f in specs.FIGURES.items() if name.startswith("buyer.")]
    assumed.append(specs.get("link.optical_module_afr"))
    return (*chosen, *systems, *network, *specs.ARTICLE_FIGURES.values(), *assumed)
