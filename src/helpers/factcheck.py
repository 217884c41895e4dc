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
  on the topology graphs, the sources' counts and the power figures: the CM384's cables are all
  optical (SemiAnalysis) while the links inside each node are electrical, so "all-optical" holds
  with caveats, and what the article says optics buys (speed, less heat, no signal loss) is
  judged apart ("optics").
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from . import article, checks, claims, power, specs, topology
from .specs import Figure
from .tables import Table
from .units import si, si_same, times

VerdictLabel = Literal["holds", "holds with caveats", "misleading", "wrong", "cannot be checked"]
VERDICTS: tuple[VerdictLabel, ...] = (
    "holds",
    "holds with caveats",
    "misleading",
    "wrong",
    "cannot be checked",
)
#: The rule behind each verdict on a stated ratio (notebook 08's claims, notebook 09's headlines).
VERDICT_RULES: dict[VerdictLabel, str] = {
    "holds": "the ratio recomputed like for like rounds to the stated one (or, for “more than "
    "N”, is at least N)",
    "holds with caveats": "the stated ratio is understated, or it holds only once both figures "
    "count the same thing, or with a caveat the claim does not say (peaks, not delivered work)",
    "misleading": "the stated ratio is larger than the one recomputed like for like",
    "wrong": "the figures point the other way: like for like, the side said to lead is behind "
    "(the recomputed ratio is on the other side of 1)",
    "cannot be checked": "a figure the comparison needs is not published; the verdict names it",
}


def stated_verdict(
    ratio: float | None, stated: float, step: float = 0.0, *, at_least: bool = False
) -> VerdictLabel:
    """The verdict on a stated ratio ``stated`` (written to ``step``; ``at_least`` for "more
    than") against a recomputed ``ratio`` (``None``: a figure is missing), by
    :data:`VERDICT_RULES`."""
    if ratio is None:
        return "cannot be checked"
    if (ratio - 1) * (stated - 1) < 0:
        return "wrong"
    if at_least:
        return "holds" if ratio >= stated else "misleading"
    if abs(ratio - stated) <= step / 2 + 1e-9 * abs(stated):
        return "holds"
    return "holds with caveats" if ratio > stated else "misleading"


#: The figures sources disagree on: choice key -> (what it is, its topic in
#: :data:`helpers.specs.SPREADS`, the rival figures). The first figure is the one the course uses
#: (the first of its topic, or the per-chip figure that first total is made of).
CHOICES: dict[str, tuple[str, str, tuple[Figure, ...]]] = {
    key: (what, topic, tuple(specs.get(name) for name in names))
    for key, what, topic, names in (
        (
            "ascend_bf16",
            "Ascend 910C dense BF16",
            "910C dense BF16",
            ("ascend910c.bf16_dense", "ascend910c.bf16_dense_paper"),
        ),
        (
            "b200_hbm",
            "B200 HBM",
            "NVL72 HBM capacity",
            ("b200.hbm_capacity", "b200.hbm_capacity_listed"),
        ),
        ("cm384_power", "CM384 power", "CM384 power", ("cm384.power", "cm384.power_sa_text")),
        ("nvl72_power", "NVL72 power", "NVL72 power", ("nvl72.power", "nvl72.power_rack_it")),
        (
            "ascend_scale_up",
            "Ascend 910C scale-up bandwidth, one way",
            "910C scale-up",
            ("ascend910c.scale_up_bandwidth", "ascend910c.scale_up_bandwidth_sa"),
        ),
    )
}
#: Range of the MFU ratio (CM384's MFU / NVL72's) the course lets a learner try.
MFU_RATIO_RANGE = (0.5, 1.25)

#: Who a source is, in the few words a label uses (other sources: their title up to a comma).
_WHO = {
    "SA": "SemiAnalysis",
    "PAPER": "Huawei's paper",
    "NV-NVL72": "NVIDIA",
    "NV-NVLINK": "NVIDIA",
    "HC2025": "Huawei Connect 2025",
    "HW-CLOUD2025": "Huawei's launch slide",
    "COURSE": "the course",
    "PRESS-LINKS": "industry press",
}
#: What tells two rival figures of one source or one quantity apart.
_AS = {
    "b200.hbm_capacity": "physical",
    "b200.hbm_capacity_listed": "listed",
    "nvl72.power": "all-in",
    "nvl72.power_rack_it": "rack IT load",
}
#: Where in its source a figure stands, when one source gives two values of one quantity.
_WHERE = {"cm384.power": "SemiAnalysis's table", "cm384.power_sa_text": "SemiAnalysis's text"}
#: Figures whose label quotes their source's words (the rival of a value read off a table).
_QUOTE = {"cm384.power_sa_text"}
_KIND_PLURAL = {
    "analyst": "analyst estimates",
    "vendor": "vendor figures",
    "press": "press reports",
    "measured": "measurements",
    "assumption": "assumptions of the course",
}
_KIND_WORDS = {
    "analyst": "an analyst estimate",
    "vendor": "a vendor figure",
    "press": "a press report",
    "measured": "a measurement",
    "assumption": "an assumption of the course",
}


def _base_figures(fig: Figure) -> list[Figure]:
    """The recorded (not derived) figures ``fig`` is made of: itself, or its inputs' bases."""
    if fig.kind != "derived":
        return [fig]
    return [b for name in fig.inputs for b in _base_figures(specs.get(name))]


def who(fig: Figure) -> str:
    """Who a figure comes from, in a few words ("SemiAnalysis", "Huawei's paper")."""
    names = []
    for src in specs.sources_of(fig):
        name = _WHO.get(src.key, src.title.split(",")[0])
        if name not in names:
            names.append(name)
    return " and ".join(names)


def _whose(fig: Figure, plural: bool = False) -> str:
    """A figure's kind and source in words: "an analyst estimate (SemiAnalysis)" (or, with
    ``plural``, "analyst estimates (SemiAnalysis)")."""
    kinds = sorted({b.kind for b in _base_figures(fig)} - {"physics"})
    names = _KIND_PLURAL if plural else _KIND_WORDS
    words = " and ".join(names.get(k, f"{k} figures" if plural else f"a {k} figure") for k in kinds)
    return f"{words} ({who(fig)})"


def option_label(fig: Figure) -> str:
    """A disputed figure as a choice shows it: its value and source, "780 TFLOP/s (SemiAnalysis)",
    with what tells it from its rival ("192 GB physical") and, where one source gives two values,
    the source's own words."""
    value = si(fig.value, fig.unit)
    if fig.name in _AS:
        value += f" {_AS[fig.name]}"
    where = _WHERE.get(fig.name) or who(fig)
    if fig.name in _QUOTE:
        where += f": “{fig.quoted}”"
    return f"{value} ({where})"


def options(key: str) -> dict[str, Figure]:
    """The options of choice ``key`` of :data:`CHOICES`: label -> figure, the course's first."""
    if key not in CHOICES:
        raise ValueError(f"key={key!r} is not a choice; choices are {list(CHOICES)}")
    return {option_label(f): f for f in CHOICES[key][2]}


@dataclass(frozen=True)
class Scenario:
    """One choice of source per disputed figure, and the MFU ratio (CM384 / NVL72).

    ``picks`` maps a key of :data:`CHOICES` to one of its option labels (:func:`options`);
    missing keys take the course's choice (the first option).
    """

    picks: Mapping[str, str] = field(default_factory=dict)
    mfu_ratio: float = 1.0

    def __post_init__(self) -> None:
        for key, label in self.picks.items():
            if key not in CHOICES:
                raise ValueError(f"picks has key={key!r}; choices are {list(CHOICES)}")
            if label not in options(key):
                raise ValueError(f"picks[{key!r}]={label!r} is not one of {list(options(key))}")
        lo, hi = MFU_RATIO_RANGE
        if isinstance(self.mfu_ratio, bool) or not isinstance(self.mfu_ratio, int | float):
            raise ValueError(f"mfu_ratio={self.mfu_ratio!r} must be a number in [{lo}, {hi}]")
        if not lo <= self.mfu_ratio <= hi:
            raise ValueError(f"mfu_ratio={self.mfu_ratio!r} is outside [{lo}, {hi}]")

    def figure(self, key: str) -> Figure:
        """The figure this scenario takes for choice ``key``."""
        if key not in self.picks:
            return CHOICES[key][2][0]
        return options(key)[self.picks[key]]

    def take(self, fig: Figure | None) -> Figure | None:
        """The figure this scenario takes in place of ``fig``: its pick where ``fig`` is the
        course's choice of a disputed figure, else ``fig`` itself."""
        return _take(self.figure, fig)


def _take(pick: Callable[[str], Figure], fig: Figure | None) -> Figure | None:
    """``pick(choice)`` where ``fig`` is the first (used) figure of a choice, else ``fig``."""
    if fig is None:
        return None
    key = next((k for k, (_w, _t, figs) in CHOICES.items() if figs[0] is fig), None)
    return fig if key is None else pick(key)


def scenarios(mfu_ratio: float = 1.0) -> Iterator[Scenario]:
    """Every combination of the disputed figures' sources, at one MFU ratio."""
    keys = list(CHOICES)
    for labels in itertools.product(*(list(options(k)) for k in keys)):
        yield Scenario(dict(zip(keys, labels, strict=True)), mfu_ratio)


@dataclass(frozen=True)
class Totals:
    """One system's totals under one scenario (SI units: FLOP/s, B, B/s, W): chips x the
    per-chip figure the scenario takes; ``None`` where its maker publishes none."""

    bf16: float | None
    hbm: float | None
    hbm_bw: float | None
    scale_up: float | None  # both directions
    power: float | None


def _system_totals(system: specs.System, pick: Callable[[str], Figure]) -> Totals:
    n = system.chips.value

    def per_chip(fig: Figure | None, ways: int = 1) -> float | None:
        taken = _take(pick, fig)
        return None if taken is None else ways * n * taken.value

    chip = system.chip
    power_fig = _take(pick, system.power)
    return Totals(
        bf16=per_chip(chip.bf16_dense),
        hbm=per_chip(chip.hbm_capacity),
        hbm_bw=per_chip(chip.hbm_bandwidth),
        scale_up=per_chip(chip.scale_up_bandwidth, ways=2),
        power=None if power_fig is None else power_fig.value,
    )


def _totals(
    fig: Callable[[str], Figure], systems: Sequence[specs.System | str] | None = None
) -> dict[str, Totals]:
    return {x.key: _system_totals(x, fig) for x in checks.systems("systems", systems)}


def totals(
    scenario: Scenario, systems: Sequence[specs.System | str] | None = None
) -> dict[str, Totals]:
    """System key -> chips x per-chip figure of the scenario's sources, for ``systems`` (the
    article's two by default)."""
    return _totals(scenario.figure, systems)


@dataclass(frozen=True)
class Verdict:
    """The verdict on one claim.

    Attributes:
        key: the claim's key (those of :mod:`helpers.claims`, plus "optics" for what the article
            says optics buys, and "headline").
        topic: what it is about.
        article: what the article says, in its words.
        verdict: one of :data:`VERDICTS`.
        reason: why, in numbers.
        ratio: the challenger / baseline ratio the verdict turns on (CM384 / NVL72 for the
            article; ``None`` for a wording claim).
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
    return stated_verdict(r, stated.value, stated.step)


def _optical_share(system: specs.System | str | None = None) -> tuple[int, int]:
    """(optical, all) logical links of ``system``'s scale-up network (the CM384's UB network by
    default), as the topology graph counts them."""
    key = checks.system("system", system or specs.ARTICLE_PAIR.challenger).key
    graph = topology.cached_build(key)
    links = {"optical": 0, "electrical": 0}
    for _u, _v, data in graph.edges(data=True):
        links[data["medium"]] += data["links"]
    return links["optical"], sum(links.values())


def _count(name: str) -> int:
    return round(specs.get(name).value)


def _over(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a / b


def _ratios(
    t: Mapping[str, Totals], mfu_ratio: float, pair: specs.Comparison | None = None
) -> dict[str, float | None]:
    """Challenger / baseline of each quantity (``None`` where one is not published)."""
    ch, base = (t[x.key] for x in (pair or specs.ARTICLE_PAIR).systems)
    compute = _over(ch.bf16, base.bf16)
    return {
        "compute": compute,
        "memory": _over(ch.hbm, base.hbm),
        "bandwidth": _over(ch.hbm_bw, base.hbm_bw),
        "interconnect": _over(ch.scale_up, base.scale_up),
        "power": _over(ch.power, base.power),
        "headline": None if compute is None else compute * mfu_ratio,
    }


@functools.lru_cache(maxsize=4)
def _all_totals(keys: tuple[str, ...]) -> tuple[dict[str, Totals], ...]:
    """The totals of the systems ``keys`` under every combination of the disputed figures'
    sources."""
    choices = list(CHOICES)
    shown = [specs.SYSTEMS[k] for k in keys]
    out = []
    for figs in itertools.product(*(CHOICES[k][2] for k in choices)):
        chosen = dict(zip(choices, figs, strict=True))
        out.append(_totals(chosen.__getitem__, shown))
    return tuple(out)


@dataclass(frozen=True)
class _Pair:
    """The two systems a verdict compares and their totals under the scenario."""

    ch: specs.System
    base: specs.System
    tc: Totals
    tb: Totals

    @property
    def ch_chip(self) -> str:
        """The challenger's chip in a word ("910C")."""
        return self.ch.chip.name.split()[-1]

    @property
    def base_chip(self) -> str:
        """The baseline's chip in a word ("B200")."""
        return self.base.chip.name.split()[-1]

    def fig(self, system: specs.System, name: str) -> Figure:
        """``<system key>.<name>``."""
        return specs.get(f"{system.key}.{name}")


def _compute(s: Scenario, p: _Pair, r: dict[str, float]) -> tuple[VerdictLabel, str]:
    a = specs.ARTICLE_FIGURES["compute_ratio"]
    chip = s.take(p.ch.chip.bf16_dense)
    quoted = p.ch.quoted.get("bf16_dense")
    at_least = r["compute"] >= a.value
    reason = (
        f"{si(p.tc.bf16, 'FLOP/s')} vs {si(p.tb.bf16, 'FLOP/s')} of dense BF16 = "
        f"{times(r['compute'])} ({'at least' if at_least else 'below'} {a.value:g}x). "
        f"Caveats: peaks, not delivered work (at an MFU ratio of {s.mfu_ratio:.2g} the "
        f"{p.ch.short} delivers {times(r['compute'] * s.mfu_ratio)}); the {p.ch_chip}'s "
        f"{si(chip.value, chip.unit)} is {_whose(chip)}"
    )
    if quoted is not None:
        slide = quoted.source
        reason += (
            f", while {p.ch.chip.maker}'s own {si(quoted.value, quoted.unit)} for the system is "
            f"{_KIND_WORDS[quoted.kind]} (a slide at the {slide.title.split(':')[0]}, "
            f"{slide.date})"
        )
    reason += (
        f"; per chip a {p.base_chip} computes "
        f"{times(p.base.chip.bf16_dense.value / chip.value, 2)} as fast."
    )
    return ("holds with caveats" if at_least else "misleading"), reason


def _interconnect(s: Scenario, p: _Pair, r: dict[str, float]) -> tuple[VerdictLabel, str]:
    share = p.fig(p.ch, "optical_cable_share")
    cables = round(p.fig(p.ch, "optical_cables_scale_up").value)
    modules = round(p.fig(p.ch, "transceivers_scale_up").value)
    per_chip = p.base.chip.scale_up_bandwidth.value / s.take(p.ch.chip.scale_up_bandwidth).value
    # The optical share of the graph's links is exercise 08.optical_share: the reason says where
    # the electrical links are, not how many there are.
    reason = (
        f"By cable it holds: every cable that leaves a node is optical, {cables:,} cables with a "
        f"module at each end ({modules:,} modules; SemiAnalysis: “{share.quoted}”). By link it "
        f"does not: inside each {round(p.fig(p.ch, 'npus_per_node').value)}-NPU node the NPUs "
        "reach their first-level UB switches over electrical links (Huawei's paper). The "
        f"{p.base.short}'s “Copper + Optical” is right: NVLink on copper in the rack, optics to "
        f"the data-centre network. Scale-up bandwidth {si(p.tc.scale_up, 'B/s')} vs "
        f"{si(p.tb.scale_up, 'B/s')} both ways = {times(r['interconnect'])}, but per chip "
        f"NVLink carries {times(per_chip, 2)} as much."
    )
    return "holds with caveats", reason


def _optics(s: Scenario, p: _Pair, r: dict[str, float]) -> tuple[VerdictLabel, str]:
    fibre, copper = (specs.get(f"link.{m}_delay_per_m") for m in ("fibre", "copper"))
    module = specs.get("link.optics_400g_lpo_power")
    modules = round(p.fig(p.ch, "transceivers_scale_up").value)
    saving = p.fig(p.base, "copper_power_saving")
    per_chip = p.base.chip.scale_up_bandwidth.value / s.take(p.ch.chip.scale_up_bandwidth).value
    reason = (
        f"Higher speed: light in a fibre is no faster than a signal in copper (about "
        f"{si(fibre.value, 's/m', 2)} against {si(copper.value, 's/m', 2)}), and per chip NVLink "
        f"carries {times(per_chip, 2)} the {p.ch_chip}'s UB bandwidth; optics buys reach (across "
        f"{p.ch.racks.value:.0f} racks), not speed. Lower heat: every module draws power, about "
        f"{si(modules * module.value, 'W', 2)} for the {modules:,} scale-up modules at "
        f"{module.value:g} W each ({_KIND_WORDS[module.kind]}: {module.low:g}-{module.high:g} "
        f"W), while NVIDIA keeps NVLink on copper to save about {si(saving.value, 'W', 2)} a rack "
        f"({who(saving)}); the {p.ch.short} draws {times(r['power'])} the {p.base.short}'s "
        "power. No signal loss: light fades in a fibre too (far less per metre than a signal in "
        "copper, which is why it spans racks), and every module is one more part that can fail."
    )
    return "misleading", reason


def switch_chips_between(system: specs.System | str) -> int:
    """The most switch chips a message crosses between two chips of ``system`` (its record or
    key): the diameter of its topology graph less one (a path of d links has d - 1 switch chips
    between its two ends). "Directly" would be 0."""
    key = checks.system("system", system).key
    return topology.cached_metrics(key)["diameter"] - 1


def _supernode(_s: Scenario, p: _Pair, _r: dict[str, float]) -> tuple[VerdictLabel, str]:
    cm_m = topology.cached_metrics(p.ch.key)
    reason = (
        f"No chip is wired to another: every path crosses switch chips, up to "
        f"{switch_chips_between(p.ch)} in the {p.ch.short} ({switch_chips_between(p.base)} in "
        f"the {p.base.short}). What holds: "
        f"any chip reaches any other over the scale-up fabric, with no network card on the way, "
        f"and the fabric is non-blocking ({si(cm_m['bisection_bandwidth'], 'B/s')} across its "
        f"bisection, one way, with Huawei's paper's "
        f"{si(p.ch.chip.scale_up_bandwidth.value, 'B/s')} per NPU)."
    )
    return "holds with caveats", reason


def _power(s: Scenario, p: _Pair, r: dict[str, float]) -> tuple[VerdictLabel, str]:
    cm_eff = power.flops_per_watt(p.tc.bf16, p.tc.power)
    nv_eff = power.flops_per_watt(p.tb.bf16, p.tb.power)
    cm_chip, nv_chip = p.tc.power / p.ch.chips.value, p.tb.power / p.base.chips.value
    cm_fig, nv_fig = s.take(p.ch.power), s.take(p.base.power)
    reason = (
        f"{si(p.tc.power, 'W')} vs {si(p.tb.power, 'W')} = {times(r['power'])} the power. "
        f"Efficiency is FLOPs per watt, the same per chip as per system: the {p.base.short} does "
        f"{times(nv_eff / cm_eff)} as many. Read as power per chip, the claim fails: all-in, a "
        f"{p.ch_chip} draws {si(cm_chip, 'W')} and a {p.base_chip} {si(nv_chip, 'W')}. "
    )
    if _whose(cm_fig) == _whose(nv_fig):
        reason += f"Both powers are {_whose(cm_fig, plural=True)}"
    else:
        reason += (
            f"The {p.ch.short}'s power is {_whose(cm_fig)}, the {p.base.short}'s {_whose(nv_fig)}"
        )
    if nv_fig is not p.base.power:
        reason += (
            f"; the {si(nv_fig.value, 'W')} is the {p.base.short}'s rack IT load, not all-in, so "
            "a ratio with it overstates the gap"
        )
    holds = r["power"] > 1 and nv_eff > cm_eff
    return ("holds with caveats" if holds else "misleading"), reason + "."


def _headline(s: Scenario, p: _Pair, r: dict[str, float]) -> tuple[VerdictLabel, str]:
    price = p.ch.price.value / p.base.price.value
    delivered = r["headline"]
    loses = [
        what for what, cost in (("per watt", r["power"]), ("per dollar", price)) if cost > delivered
    ]
    reason = (
        f"One {p.ch.short} delivers {times(delivered)} the compute of one {p.base.short} (peak x "
        f"the MFU ratio {s.mfu_ratio:.2g}), for {times(r['power'])} the power and about "
        f"{times(price, 2)} the price: it wins on size"
        + (f"; the {p.base.short} wins {' and '.join(loses)}." if loses else ".")
    )
    if delivered <= 1:
        reason += " At this MFU ratio it does not even deliver more."
    return ("holds with caveats" if delivered > 1 else "misleading"), reason


#: What the article says optics buys (the words the "optics" verdict weighs).
OPTICS_WORDS = "“allows higher speed and lower heat”; “with no signal loss”"
#: The records the wording verdicts (interconnect, optics, supernode) read, per side.
_WORDING_FIGURES = {
    "challenger": (
        "optical_cable_share",
        "optical_cables_scale_up",
        "transceivers_scale_up",
        "npus_per_node",
    ),
    "baseline": ("copper_power_saving",),
}


def _has_wording_figures(pair: specs.Comparison) -> bool:
    """Whether the pair's records hold what the wording verdicts read (the article's do)."""
    sides = {"challenger": pair.challenger, "baseline": pair.baseline}
    return all(
        f"{sides[side].key}.{name}" in specs.FIGURES
        for side, names in _WORDING_FIGURES.items()
        for name in names
    )


def verdicts(
    scenario: Scenario | None = None, comparison: specs.Comparison | None = None
) -> list[Verdict]:
    """A verdict on every claim of the article under ``scenario`` (the course's by default), for
    ``comparison`` (the article's two by default: the challenger's figures against the
    baseline's). The wording claims (interconnect, optics, supernode) are judged only where the
    records hold the counts they read; a numeric claim only where both figures are published."""
    s = scenario or Scenario()
    pair = comparison or specs.ARTICLE_PAIR
    ch, base = pair.systems
    t = totals(s, pair.systems)
    p = _Pair(ch, base, t[ch.key], t[base.key])
    r = _ratios(t, s.mfu_ratio, pair)
    keys = tuple(x.key for x in pair.systems)
    spread = [_ratios(x, s.mfu_ratio, pair) for x in _all_totals(keys)]

    def rng(key: str) -> tuple[float, float]:
        values = [x[key] for x in spread]
        return min(values), max(values)

    a = specs.ARTICLE_FIGURES
    out = []
    c = claims.claim("chips")
    ok = a["cm384_chips"].value == ch.chips.value and a["nvl72_chips"].value == base.chips.value
    reason = f"{ch.n} {ch.chip.name} and {base.n} {p.base_chip}, as the vendors list them."
    ratio = ch.chips.value / base.chips.value
    out.append(Verdict(c.key, c.topic, c.article, "holds" if ok else "misleading", reason, ratio))

    if r["compute"] is not None:
        c = claims.claim("compute")
        verdict, reason = _compute(s, p, r)
        out.append(
            Verdict(c.key, c.topic, c.article, verdict, reason, r["compute"], *rng("compute"))
        )

    for key, stated in (("memory", a["memory_ratio"]), ("bandwidth", a["bandwidth_ratio"])):
        if r[key] is None:
            continue
        c = claims.claim(key)
        cm_v, nv_v = (p.tc.hbm, p.tb.hbm) if key == "memory" else (p.tc.hbm_bw, p.tb.hbm_bw)
        cm_text, nv_text = si_same([cm_v, nv_v], "B" if key == "memory" else "B/s", 4)
        reason = f"{cm_text} vs {nv_text} = {times(r[key])}; the article says {stated.quoted}."
        lo, hi = rng(key)
        if hi - lo > 1e-9:
            reason += f" Sources give {times(lo)} to {times(hi)}."
        out.append(
            Verdict(c.key, c.topic, c.article, _stated(r[key], stated), reason, r[key], lo, hi)
        )

    if _has_wording_figures(pair) and r["interconnect"] is not None:
        c = claims.claim("interconnect")
        verdict, reason = _interconnect(s, p, r)
        ratio = r["interconnect"]
        out.append(Verdict(c.key, c.topic, c.article, verdict, reason, ratio, *rng("interconnect")))
        verdict, reason = _optics(s, p, r)
        out.append(Verdict("optics", "What optics buys", OPTICS_WORDS, verdict, reason))
        c = claims.claim("supernode")
        out.append(Verdict(c.key, c.topic, c.article, *_supernode(s, p, r)))

    if r["power"] is not None and r["compute"] is not None:
        c = claims.claim("power")
        verdict, reason = _power(s, p, r)
        out.append(Verdict(c.key, c.topic, c.article, verdict, reason, r["power"], *rng("power")))

    if r["headline"] is not None and r["power"] is not None and ch.price and base.price:
        verdict, reason = _headline(s, p, r)
        out.append(
            Verdict(
                "headline",
                "Headline",
                article.quote("title"),
                verdict,
                reason,
                r["headline"],
                *rng("headline"),
            )
        )
    return out


def verdict_table(
    scenario: Scenario | None = None, comparison: specs.Comparison | None = None
) -> Table:
    """Every claim with its verdict and the reason, under ``scenario``, for ``comparison`` (the
    article's two by default)."""
    pair = comparison or specs.ARTICLE_PAIR
    rows = []
    for v in verdicts(scenario, pair):
        ratio = "-" if v.ratio is None else times(v.ratio)
        if v.low is not None and v.high - v.low > 1e-9:
            ratio += f" ({times(v.low)}-{times(v.high)})"
        rows.append([v.topic, v.article, ratio, v.verdict, v.reason])
    return Table(
        (
            "claim",
            "the article says",
            f"{pair.challenger.short} / {pair.baseline.short} (spread)",
            "verdict",
            "why",
        ),
        rows,
        caption="Verdicts computed from helpers.specs and the course's models; the spread is "
        "over every choice of sources where they disagree.",
    )


def _moves(scenario: Scenario, base: dict[str, str]) -> list[str]:
    """The verdicts ``scenario`` changes from ``base``, as "topic: before -> after"."""
    return [
        f"{v.topic}: {base[v.key]} -> {v.verdict}"
        for v in verdicts(scenario)
        if v.verdict != base[v.key]
    ]


def sensitivity(mfu_ratios: tuple[float, ...] = (0.75, 0.55)) -> Table:
    """Which choice of source (or MFU ratio) changes which verdict, from the course's scenario."""
    base = {v.key: v.verdict for v in verdicts()}
    rows = []
    for key, (what, _topic, _figures) in CHOICES.items():
        for label in list(options(key))[1:]:
            moved = _moves(Scenario({key: label}), base)
            rows.append([what, label, "; ".join(moved) or "no verdict changes"])
    for ratio in mfu_ratios:
        if ratio != 1.0:
            moved = _moves(Scenario(mfu_ratio=ratio), base)
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
def _ratio(a: Figure, b: Figure, digits: int = 2) -> str:
    return times(a.value / b.value, digits)


def _pair_ratio(quantity: str) -> str:
    """The article's challenger over its baseline (CM384 / NVL72) of a system ``quantity``."""
    ch, base = (getattr(x, quantity) for x in specs.ARTICLE_PAIR.systems)
    return _ratio(ch, base)


def _peaks_hint() -> str:
    a = specs.ARTICLE_FIGURES
    return (
        f"{si(a['cm384_bf16'].value, 'FLOP/s')} vs {si(a['nvl72_bf16'].value, 'FLOP/s')} are "
        "peaks: say what the CM384 delivers at a realistic MFU."
    )


#: What a good verdict on the article weighs: topic -> (the words that show it, the hint if it is
#: missing). A cue is a word or a few words, matched whole (``"cost"`` is not in "costume"), or a
#: stem ending in ``*`` that starts a word (``"deliver*"``: delivers, delivered); a cue that begins
#: or ends with a digit or a sign ("$") needs no letter boundary there.
RUBRIC: dict[str, tuple[tuple[str, ...], Callable[[], str]]] = {
    "peak vs delivered": (
        ("peak", "peaks", "mfu", "utilis*", "utiliz*", "deliver*", "sustain*", "real work"),
        _peaks_hint,
    ),
    "power and efficiency": (
        ("power", "watt*", "energy", "efficien*", "kw", "mw", "electric*", "joule*"),
        lambda: (
            f"weigh {_pair_ratio('power')} the power against "
            f"{_pair_ratio('bf16_dense')} the peak compute (FLOPs per watt)."
        ),
    ),
    "chip vs system": (
        (
            "per chip",
            "per-chip",
            "chip for chip",
            "each chip",
            f"{specs.ARTICLE_PAIR.challenger.n} chips",
            "more chips",
            "scale",
            "scales",
            "scaling",
        ),
        lambda: (
            f"say that a B200 out-computes a 910C "
            f"{_ratio(specs.B200.bf16_dense, specs.ASCEND_910C.bf16_dense)}, and the CM384 wins by "
            "numbers."
        ),
    ),
    "price": (
        (
            "price",
            "prices",
            "priced",
            "pricing",
            "cost",
            "costs",
            "costly",
            "dollar*",
            "$",
            "afford*",
            "budget*",
        ),
        lambda: (
            f"add the price: about {_pair_ratio('price')}, for "
            f"{_pair_ratio('bf16_dense')} the peak compute."
        ),
    ),
    "software and integration": (
        ("software", "cuda", "ecosystem*", "cann", "mindspore", "tool*", "integrat*"),
        lambda: "the article's own buyer's list: software support, integration, developer tools.",
    ),
    "sources": (
        ("estimat*", "source*", "analyst*", "semianalysis", "round*", "disagree*"),
        lambda: "say which figures are analyst estimates, and where sources disagree.",
    ),
}


def _cue_pattern(cue: str) -> str:
    """The regular expression of one cue of :data:`RUBRIC` (see there)."""
    stem = cue.endswith("*")
    words = cue.rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words) + (r"[a-z]*" if stem else "")
    before = r"(?<![a-z])" if cue[0].isalpha() else ""
    after = r"(?![a-z])" if cue.rstrip("*")[-1].isalpha() else ""
    return before + body + after


#: Each topic's cues as one compiled pattern.
_CUES = {
    topic: re.compile("|".join(_cue_pattern(c) for c in cues))
    for topic, (cues, _hint) in RUBRIC.items()
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
        lines += [f"- To weigh *{t}*: {RUBRIC[t][1]()}" for t in self.missing]
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
    covered = tuple(t for t, pattern in _CUES.items() if pattern.search(lower))
    missing = tuple(t for t in RUBRIC if t not in covered)
    return Review(len(words), covered, missing)


def figures_used() -> tuple[Figure, ...]:
    """Every record the fact-check reads, for a notebook's sources section."""
    chosen = [f for _what, _topic, figures in CHOICES.values() for f in figures]
    systems = [
        f
        for sys_ in specs.ARTICLE_PAIR.systems
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
            "cm384.transceivers_scale_up",
            "cm384.optical_cables_scale_up",
            "cm384.optical_cable_share",
            "b200.nvlink_links",
        )
    ]
    # What the article says optics buys is weighed with these.
    optics = [
        specs.get(name)
        for name in (
            "link.fibre_delay_per_m",
            "link.copper_delay_per_m",
            "link.optics_400g_lpo_power",
            "nvl72.copper_power_saving",
        )
    ]
    quoted = [specs.ARTICLE_PAIR.challenger.quoted["bf16_dense"]]
    assumed = [f for name, f in specs.FIGURES.items() if name.startswith("buyer.")]
    assumed.append(specs.get("link.optical_module_afr"))
    return (
        *chosen,
        *systems,
        *quoted,
        *network,
        *optics,
        *specs.ARTICLE_FIGURES.values(),
        *assumed,
    )
