"""Power and what it costs: system power and its parts, FLOPS per watt, a run's energy, cost and
CO2, and the cost of owning a system.

- **System power.** SemiAnalysis's all-in figures (``cm384.power``, ``nvl72.power``) and the
  parts some source gives, from each system's record: the CM384's optical modules, the NVL72's
  GPUs (NVIDIA's "Configurable up to 1,200W" each) and its rack IT load (ServeTheHome's report of
  NVIDIA's rack at GTC 2024). What no source splits is shown as a remainder, never as a guess.
- **FLOPS per watt** = dense BF16 peak / all-in power. Which figures go in changes the ratio:
  :func:`efficiency_cases` recomputes it for every combination the sources allow, and
  :func:`sa_ratios` sets SemiAnalysis's own ratios (its table, its text, its subtitle) beside
  what their inputs give.
- **A run** of ``F`` FLOPs at an MFU of ``u`` takes ``F / (systems x peak x u)`` seconds
  (:func:`helpers.scaling.run_seconds`); it draws the systems' all-in power for that time (IT
  energy); the facility draws PUE times that (cooling, power conversion); the electricity costs
  ``energy x price`` and emits ``energy x grid intensity``. Price and intensity are the
  learner's to set; the defaults are examples.
- **Owning a system**: its purchase price spread evenly over a chosen life, plus its
  electricity, per hour; divided by the FLOPs it delivers (dollars per PFLOP-hour) or the tokens
  it processes (dollars per million tokens). Serving is priced from the CloudMatrix paper's
  measured decode rate, charging only the NPUs of its decode deployment
  (:func:`decode_cost_per_million`): the NPUs that run the prefill are not counted.

Units: watts (W), joules (J), seconds (s), US dollars (USD), kilograms of CO2 (kg), FLOP/s.
Prices are stored per joule (USD/J) and intensities in kg/J, as :mod:`helpers.specs` stores
every figure in SI units; tables show them per kWh (:data:`KWH` = 3.6e6 J).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import checks, roofline, scaling, specs
from .specs import FIGURES, KWH, Figure, ModelConfig, PowerShare, System
from .tables import Table
from .units import percent, si, si_same, times

#: Seconds in an hour.
HOUR = 3600.0
#: One PFLOP-hour of delivered work, in FLOP: 1e15 FLOP/s for an hour.
PFLOP_HOUR = 1e15 * HOUR


def _value(
    param: str, value: float | None, default: str, minimum: float = 0.0, positive: bool = False
) -> float:
    """``value`` (the argument ``param``), or the course's assumption ``course.<default>`` when it
    is None; checked finite and at least ``minimum`` (above it, with ``positive``)."""
    if value is None:
        return FIGURES[f"course.{default}"].value
    return checks.number(param, value, minimum, above=positive)


# ---------------------------------------------------------------------------------------------
# System power and its parts
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PowerPart:
    """One part of a system's all-in power.

    Attributes:
        name: what it is.
        watts: its power (W); ``low`` and ``high`` the range its inputs allow.
        basis: where the number comes from, in words.
        figures: the records it is computed from.
        short: a short name for figures.
        assumed: True when its range comes from an assumption of its own (not a remainder).
    """

    name: str
    watts: float
    low: float
    high: float
    basis: str
    figures: tuple[Figure, ...]
    short: str = ""
    assumed: bool = False


def _fill(text: str, share: PowerShare) -> str:
    """``text`` of ``share`` with ``{count}``, ``{each}``, ``{low}``, ``{high}`` and ``{quoted}``
    filled from its figures."""
    each = share.each
    return text.format(
        count=f"{share.count.value:,.0f}" if share.count is not None else "",
        each=si(each.value, "W"),
        low=si(each.low, "W") if each.low is not None else "",
        high=si(each.high, "W") if each.high is not None else "",
        quoted=each.quoted or "",
    )


def _shares(system: System) -> list[PowerShare]:
    """``system``'s power shares as its record gives them, then a remainder for each total it
    names (``power_totals``, then the all-in power) that no share takes the rest of, and the
    remainders in the order of their totals (each holds every part before it)."""
    shares = list(system.power_parts)
    if all(s.rest for s in shares):  # no part given: nothing is split
        return shares
    taken = {s.each.name for s in shares if s.rest}
    for total in (*system.power_totals, system.power):
        if total is not None and total.name not in taken:
            what = total.label or total.name
            shares.append(
                PowerShare(f"the rest of the {what} (no source splits it)", total, rest=True)
            )
    parts = [s for s in shares if not s.rest]
    return parts + sorted((s for s in shares if s.rest), key=lambda s: s.each.value)


def power_parts(system: System) -> list[PowerPart]:
    """The parts of ``system``'s all-in power that sources give, and the remainders, from its
    record (:attr:`helpers.specs.System.power_parts` and ``power_totals``).

    A counted part is ``count`` x ``each`` (its range from ``each``'s when it is an assumption:
    the CM384's 6,912 optical modules at the assumed 4-6 W each, the NVL72's 72 GPUs at NVIDIA's
    "up to 1,200 W"); a remainder is what a total (the NVL72's rack IT load, a system's all-in
    power) leaves after every part before it, which no source splits. Empty when no source
    gives the system's power.
    """
    system = checks.system("system", system)
    out: list[PowerPart] = []
    inside = (0.0, 0.0, 0.0)  # watts, low and high of the parts so far
    enclosing: Figure | None = None  # the last total reached
    for share in _shares(system):
        each = share.each
        if share.rest:
            watts, low, high = (
                each.value - inside[0],
                each.value - inside[2],
                each.value - inside[1],
            )
            figures = (each,) if enclosing is None else (each, enclosing)
            basis = share.basis or f"{each.label or each.name} minus the parts before it"
        else:
            n = share.count.value if share.count is not None else 1.0
            watts = n * each.value
            low, high = (n * each.low, n * each.high) if share.assumed else (watts, watts)
            figures = (each,) if share.count is None else (share.count, each)
            basis = share.basis or (
                ("{count} x {each}" if share.count is not None else "{each}")
                + (" ({low}-{high}, an assumption)" if share.assumed else "")
            )
        name = _fill(share.name, share)
        out.append(
            PowerPart(
                name,
                watts,
                low,
                high,
                _fill(basis, share),
                figures,
                _fill(share.short, share) if share.short else name,
                assumed=share.assumed,
            )
        )
        if share.rest:
            inside, enclosing = (each.value, each.value, each.value), each
        else:
            inside = (inside[0] + watts, inside[1] + low, inside[2] + high)
    return out


def flops_per_watt(compute: Figure | float, power: Figure | float) -> float:
    """Dense FLOP/s per watt: ``compute / power`` (FLOP/s over W, that is FLOP per joule)."""
    c = compute.value if isinstance(compute, Figure) else float(compute)
    p = power.value if isinstance(power, Figure) else float(power)
    if not (c > 0 and p > 0 and math.isfinite(c) and math.isfinite(p)):
        raise ValueError(f"compute={c!r} and power={p!r} must be positive finite numbers")
    return c / p


def _rivals(system: System, what: str) -> tuple[Figure, ...]:
    """The figures sources give for ``system``'s ``what`` ("power" or "dense BF16"): its topic of
    :data:`helpers.specs.SPREADS`, the course's first, or the one it uses."""
    used = system.power if what == "power" else system.bf16_dense
    return specs.SPREADS.get(f"{system.short} {what}", (used,))


@dataclass(frozen=True)
class EfficiencyCase:
    """One choice of inputs for each system of a comparison, and the FLOP-per-watt ratio it
    gives (the baseline's over the challenger's: NVL72 / CM384 for the article).

    Attributes:
        comparison: the two systems compared.
        compute: system key -> the dense BF16 figure taken.
        power: system key -> the power figure taken.
    """

    comparison: specs.Comparison
    compute: Mapping[str, Figure]
    power: Mapping[str, Figure]

    def efficiency(self, system: System) -> float:
        """FLOP/s per W of ``system`` (one of the comparison's) with this case's inputs."""
        return flops_per_watt(self.compute[system.key], self.power[system.key])

    @property
    def ratio(self) -> float:
        """The baseline's FLOPS per watt / the challenger's."""
        c = self.comparison
        return self.efficiency(c.baseline) / self.efficiency(c.challenger)

    def matches(self, quoted: Figure) -> bool:
        """Does the ratio round to the quoted one (at its step)?"""
        return abs(self.ratio - quoted.value) <= quoted.step / 2


def efficiency_cases(comparison: specs.Comparison | None = None) -> list[EfficiencyCase]:
    """Every combination of the sources' figures for the two systems of ``comparison`` (the
    article's by default: CM384 compute, SemiAnalysis's 780 or the paper's 752 TFLOPS per chip,
    and power, 559 or 600 kW; NVL72 power, 145 kW all-in or 120 kW rack IT); the course's choice
    first. Empty when a system has no published compute or power."""
    c = comparison or specs.ARTICLE_PAIR
    ch, base = c.challenger, c.baseline
    rivals = [_rivals(base, "power"), _rivals(ch, "power"), _rivals(ch, "dense BF16")]
    rivals.append(_rivals(base, "dense BF16"))
    if any(f is None for fs in rivals for f in fs):
        return []
    return [
        EfficiencyCase(c, {ch.key: ch_c, base.key: base_c}, {ch.key: ch_p, base.key: base_p})
        for base_p, ch_p, ch_c, base_c in itertools.product(*rivals)
    ]


@dataclass(frozen=True)
class SaRatio:
    """One of SemiAnalysis's power ratios (CM384 / NVL72) beside what its inputs give.

    Attributes:
        where: where SA states it ("table", "text", "subtitle").
        power: the CM384 power it rests on (``None`` when SA names none).
        power_ratio: CM384 power / NVL72 power from those inputs (NaN without inputs).
        per_flop: NVL72 FLOPS per watt / CM384's from those inputs (NaN without inputs).
        stated: SA's own per-FLOP ratio as quoted (a figure with its words).
        stated_power: SA's own power ratio as quoted, when it gives one.
    """

    where: str
    power: Figure | None
    power_ratio: float
    per_flop: float
    stated: Figure
    stated_power: Figure | None = None


def sa_ratios() -> list[SaRatio]:
    """SemiAnalysis's three statements of the power gap, each beside what its inputs give with
    the CM384's 300 PFLOPS and the NVL72's 145 kW and 180 PFLOPS: its table (559 kW, as the
    press reads it), its text ("close to 600kW") and its subtitle (no inputs given)."""
    pair = specs.ARTICLE_PAIR
    ch, base = pair.challenger, pair.baseline
    out = []
    for where, ch_power, stated, stated_power in (
        ("table", ch.power, "sa.flop_per_watt_ratio_table", None),
        (
            "text",
            FIGURES["cm384.power_sa_text"],
            "sa.flop_per_watt_ratio_text",
            "sa.power_ratio_text",
        ),
    ):
        case = EfficiencyCase(
            pair,
            {ch.key: ch.bf16_dense, base.key: base.bf16_dense},
            {ch.key: ch_power, base.key: base.power},
        )
        out.append(
            SaRatio(
                where,
                ch_power,
                ch_power.value / base.power.value,
                case.ratio,
                FIGURES[stated],
                FIGURES[stated_power] if stated_power else None,
            )
        )
    sub = FIGURES["sa.flop_per_watt_ratio_subtitle"]
    out.append(SaRatio("subtitle", None, math.nan, math.nan, sub))
    return out


def subtitle_lookalike() -> EfficiencyCase | None:
    """The choice of inputs whose ratio rounds to SemiAnalysis's subtitle (2.6x), if any: it
    needs the CloudMatrix paper's 752 TFLOPS, published after SA's article."""
    sub = FIGURES["sa.flop_per_watt_ratio_subtitle"]
    return next((c for c in efficiency_cases() if c.matches(sub)), None)


def _published(system: System, *quantities: str) -> System:
    """``system``, when its record has every one of ``quantities`` (attributes of
    :class:`helpers.specs.System`); else a ValueError saying which its maker does not publish."""
    missing = [q for q in quantities if getattr(system, q) is None]
    if missing:
        raise checks.NotPublished(
            f"system={system.short!r}: {', '.join(missing)} {NOT_PUBLISHED} by its maker"
        )
    return system


# ---------------------------------------------------------------------------------------------
# A run: time, energy, electricity cost, CO2
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    """One job of ``flops`` FLOPs on ``systems`` of ``system``.

    Attributes:
        seconds: how long it takes at ``mfu``.
        it_energy: energy the systems draw (all-in power x time), J.
        energy: energy the facility draws (x PUE), J.
        electricity_cost: USD, at ``price`` (USD/J).
        co2: kg, at ``intensity`` (kg/J).
        hardware_cost: the purchase price spread over ``life`` seconds, for the run's time (USD).
    """

    system: System
    flops: float
    systems: float
    mfu: float
    pue: float
    price: float
    intensity: float
    life: float
    seconds: float
    it_energy: float
    energy: float
    electricity_cost: float
    co2: float
    hardware_cost: float

    @property
    def days(self) -> float:
        """Duration in days."""
        return self.seconds / 86400

    @property
    def cost(self) -> float:
        """Electricity plus amortised hardware, USD."""
        return self.electricity_cost + self.hardware_cost


def run(
    system: System,
    flops: float,
    *,
    systems: float = 1,
    mfu: float | None = None,
    pue: float | None = None,
    price: float | None = None,
    intensity: float | None = None,
    life: float | None = None,
) -> Run:
    """Time, energy, cost and CO2 of ``flops`` FLOPs on ``systems`` of ``system``.

    Args:
        system: the system (its peak and all-in power from :mod:`helpers.specs`).
        flops: work in FLOP (``helpers.scaling.training_flops`` for a training run).
        systems: how many systems share it (time falls, energy stays: no scaling loss counted).
        mfu: utilisation, 0-1 (``course.training_mfu`` by default).
        pue: facility power / IT power, at least 1 (``course.pue`` by default).
        price: electricity in USD/J (``course.electricity_price``; 0.08 USD/kWh = 0.08 / KWH).
        intensity: grid carbon intensity in kg/J (``course.grid_intensity`` by default).
        life: seconds the purchase price is spread over (``course.system_life`` by default).

    Raises:
        ValueError: naming the parameter, for a PUE below 1, a negative price or intensity, or
            an MFU outside (0, 1].
    """
    system = _published(checks.system("system", system), "power", "price", "bf16_dense")
    mfu = FIGURES["course.training_mfu"].value if mfu is None else mfu
    pue = _value("pue", pue, "pue", minimum=1.0)
    price = _value("price", price, "electricity_price")
    intensity = _value("intensity", intensity, "grid_intensity")
    life = _value("life", life, "system_life", positive=True)
    seconds = scaling.run_seconds(system, flops, mfu, systems)
    it_energy = seconds * systems * system.power.value
    energy = it_energy * pue
    hardware = system.price.value * systems * seconds / life
    return Run(
        system,
        float(flops),
        float(systems),
        float(mfu),
        pue,
        price,
        intensity,
        life,
        seconds,
        it_energy,
        energy,
        energy * price,
        energy * intensity,
        hardware,
    )


# ---------------------------------------------------------------------------------------------
# Owning a system
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ownership:
    """What one system costs per second to own and run, and what it delivers.

    Attributes:
        hardware_per_s: purchase price / life (USD/s).
        electricity_per_s: all-in power x PUE x price (USD/s).
        delivered: FLOP/s delivered at the MFU (peak x MFU).
    """

    system: System
    life: float
    pue: float
    price: float
    mfu: float
    hardware_per_s: float
    electricity_per_s: float
    delivered: float

    @property
    def per_hour(self) -> float:
        """USD per hour, hardware and electricity."""
        return (self.hardware_per_s + self.electricity_per_s) * HOUR

    @property
    def per_pflop_hour_parts(self) -> tuple[float, float]:
        """USD per PFLOP-hour delivered (1e15 FLOP/s for one hour of useful work): the
        hardware's part and the electricity's."""
        seconds = PFLOP_HOUR / self.delivered  # to deliver one PFLOP-hour
        return self.hardware_per_s * seconds, self.electricity_per_s * seconds

    @property
    def per_pflop_hour(self) -> float:
        """USD per PFLOP-hour delivered, hardware and electricity."""
        return sum(self.per_pflop_hour_parts)

    def per_million_tokens(self, tokens_per_s: float) -> float:
        """USD per million tokens at ``tokens_per_s`` for the whole system."""
        if not tokens_per_s > 0:
            raise ValueError(f"tokens_per_s={tokens_per_s!r} must be positive")
        return (self.hardware_per_s + self.electricity_per_s) / tokens_per_s * 1e6

    def training_tokens_per_s(self, model: ModelConfig) -> float:
        """Tokens/s the system trains ``model`` on at its delivered FLOP/s (6 FLOPs per active
        parameter per token)."""
        model = checks.model("model", model)
        return self.delivered / roofline.training_flops_per_token(model.active_params.value)


def ownership(
    system: System,
    *,
    life: float | None = None,
    pue: float | None = None,
    price: float | None = None,
    mfu: float | None = None,
) -> Ownership:
    """Cost per second of owning and running ``system`` (defaults: the course's assumptions)."""
    system = _published(checks.system("system", system), "power", "price", "bf16_dense")
    life = _value("life", life, "system_life", positive=True)
    pue = _value("pue", pue, "pue", minimum=1.0)
    price = _value("price", price, "electricity_price")
    delivered = roofline.effective_flops(roofline.system_roof(system), mfu)
    return Ownership(
        system,
        life,
        pue,
        price,
        delivered / system.bf16_dense.value,
        system.price.value / life,
        system.power.value * pue * price,
        delivered,
    )


def has_paper_decode(system: System | str) -> bool:
    """Does a paper give ``system``'s measured decode rate (``<key>.paper.decode_npus``)?"""
    return f"{checks.system('system', system).key}.paper.decode_npus" in FIGURES


def paper_decode(system: System | str = "cm384") -> tuple[float, float]:
    """The CloudMatrix paper's decode deployment: (NPUs, output tokens/s of those NPUs), at its
    measured rate per NPU. Only those NPUs decode; the prefill runs on others."""
    system = checks.system("system", system)
    if not has_paper_decode(system):
        with_rate = [s.short for s in specs.SYSTEMS.values() if has_paper_decode(s)]
        raise ValueError(
            f"system={system.short!r} has no published decode rate; only {with_rate} have one"
        )
    npus = FIGURES[f"{system.key}.paper.decode_npus"].value
    return npus, npus * FIGURES[f"{system.key}.paper.decode_tokens_per_s_per_npu"].value


def decode_cost_per_million(own: Ownership) -> float:
    """USD per million output tokens of the paper's decode: the decode NPUs' share of the
    system's hourly cost (price and power, ``npus / chips`` of each) over their tokens/s. The
    NPUs that run the prefill (and produce the KV caches) are not counted."""
    npus, tokens_per_s = paper_decode(own.system)
    share = npus / own.system.n
    return (own.hardware_per_s + own.electricity_per_s) * share / tokens_per_s * 1e6


# ---------------------------------------------------------------------------------------------
# Tables for notebook 07
# ---------------------------------------------------------------------------------------------
def _kw_range(watts: float, low: float, high: float) -> str:
    """``"34.6 kW (27.6-41.5 kW)"``: the value the share is computed from, then its range."""
    if low == high:
        return si(watts, "W")
    return f"{si(watts, 'W')} ({si(low, 'W')}-{si(high, 'W')})"


NOT_PUBLISHED = "not published"


def power_table(systems: Sequence[System | str] | None = None) -> Table:
    """Each system's all-in power and the parts sources give, with their share (the article's
    two by default)."""
    rows = []
    for s in checks.systems("systems", systems):
        if s.power is None:
            rows.append([s.name, "all-in", NOT_PUBLISHED, "", ""])
            continue
        publisher = specs.sources_of(s.power)[0].title.split(",")[0]
        rows.append([s.name, f"all-in ({publisher})", si(s.power.value, "W"), "100 %", ""])
        for p in power_parts(s):
            rows.append(
                [
                    "",
                    p.name,
                    _kw_range(p.watts, p.low, p.high),
                    percent(p.watts / s.power.value),
                    p.basis,
                ]
            )
    return Table(
        ("system", "part", "power", "share", "from"),
        rows,
        caption="All-in power and the parts sources give; a remainder is what no source splits.",
    )


def spread_table(systems: Sequence[System | str] | None = None) -> Table:
    """The sources' power figures for each system, and what each gives per chip."""
    rows = []
    for s in checks.systems("systems", systems):
        for i, f in enumerate(_rivals(s, "power")):
            if f is None:
                rows.append([s.short, NOT_PUBLISHED, "", "", "used"])
                continue
            rows.append(
                [
                    s.short if i == 0 else "",
                    si(f.value, "W"),
                    f.label,
                    si(f.value / s.n, "W"),
                    "used" if i == 0 else "",
                ]
            )
    pair = specs.ARTICLE_PAIR
    ch, base = (s.short for s in pair.systems)
    ch_lo, ch_hi = specs.spread(f"{ch} power")
    base_lo, base_hi = specs.spread(f"{base} power")
    return Table(
        ("system", "power", "what", "per chip", "course"),
        rows,
        caption=f"Power ratio {ch} / {base}: {times(ch_lo / base_hi)} to "
        f"{times(ch_hi / base_lo)} depending on the figures; "
        f"{times(pair.challenger.power.value / pair.baseline.power.value)} with the ones "
        "the course uses. Huawei publishes no system power.",
    )


def efficiency_table() -> Table:
    """FLOPS per watt of each system and the NVL72 / CM384 ratio for every choice of inputs,
    with SemiAnalysis's two quoted ratios marked where the inputs reproduce them."""
    said = {
        "table": FIGURES["sa.flop_per_watt_ratio_table"],
        "text": FIGURES["sa.flop_per_watt_ratio_text"],
        "subtitle": FIGURES["sa.flop_per_watt_ratio_subtitle"],
    }
    paper = FIGURES["cm384.bf16_dense_paper"]
    late = specs.sources_of(paper)[0].date[:7]
    pair = specs.ARTICLE_PAIR
    rows = []
    for c in efficiency_cases(pair):
        marks = []
        for where, q in said.items():
            if not c.matches(q):
                continue
            mark = f"SA's {where}: {q.value:g}x"
            if c.compute[pair.challenger.key] is paper:
                mark += f", but with the paper's per-chip figure ({late}, after SA's article)"
            marks.append(mark)
        cells = []
        for s in pair.systems:
            compute, watts = c.compute[s.key], c.power[s.key]
            cells += [
                f"{si(compute.value, 'FLOP/s')} / {si(watts.value, 'W')}",
                si(c.efficiency(s), "FLOP/s per W"),
            ]
        rows.append([*cells, times(c.ratio), "; ".join(marks)])
    ch, base = (s.short for s in pair.systems)
    return Table(
        (
            f"{ch} compute / power",
            f"{ch} FLOPS per W",
            f"{base} compute / power",
            f"{base} FLOPS per W",
            f"{base} / {ch}",
            "matches",
        ),
        rows,
        caption="Dense BF16 FLOPS per watt (FLOP/s per W = FLOP per joule) for every choice of "
        "inputs; the first row is the course's. Last column: which of SemiAnalysis's stated "
        "ratios the row rounds to.",
    )


def sa_ratio_table() -> Table:
    """SemiAnalysis's table, text and subtitle: the CM384 power each rests on, the power and
    per-FLOP ratios those inputs give, and the ratios SA states."""
    rows = []
    for r in sa_ratios():
        stated = f"'{r.stated.quoted}' ({r.stated.source.key})"
        if r.stated_power is not None:
            stated = f"'{r.stated_power.quoted}'; {stated}"
        if r.power is None:
            rows.append([f"SA's {r.where}", "none given", "-", "-", stated])
            continue
        rows.append(
            [
                f"SA's {r.where}",
                f"{si(r.power.value, 'W')} ({r.power.source.key}, "
                f"{'as the press reads it' if r.where == 'table' else 'its words'})",
                times(r.power_ratio),
                times(r.per_flop),
                stated,
            ]
        )
    ch, base = specs.ARTICLE_PAIR.systems
    return Table(
        (
            "where",
            f"{ch.short} power",
            f"{ch.short} / {base.short} power",
            f"{base.short} / {ch.short} FLOPS per W",
            "stated as",
        ),
        rows,
        caption=f"Against the {base.short}'s {si(base.power.value, 'W')} and "
        f"{si(base.bf16_dense.value, 'FLOP/s')}, the {ch.short}'s "
        f"{si(ch.bf16_dense.value, 'FLOP/s')}. The table (via the press) and the text "
        "give different ratios; the subtitle gives no inputs.",
    )


def _chip_power(system: System) -> str:
    """A chip's own power as its maker gives it ("up to 1.2 kW"), or "not published"."""
    f = system.chip.power
    if f is None:
        return NOT_PUBLISHED
    bound = "up to " if "up to" in (f.quoted or "").lower() else ""
    return f"{bound}{si(f.value, 'W')}"


def _si_or(f: Figure | None, unit: str) -> str:
    return NOT_PUBLISHED if f is None else si(f.value, unit)


def per_chip_table(systems: Sequence[System | str] | None = None) -> Table:
    """What "more efficient per chip" can mean: power per chip, compute per chip, FLOPS per W,
    one column per system (the article's two by default)."""
    shown = checks.systems("systems", systems)

    def fpw(s: System) -> str:
        if s.bf16_dense is None or s.power is None:
            return NOT_PUBLISHED
        return si(flops_per_watt(s.bf16_dense, s.power), "FLOP/s per W")

    rows = [
        ["dense BF16 per chip", *(_si_or(s.chip.bf16_dense, "FLOP/s") for s in shown)],
        [
            "all-in power per chip (system / chips)",
            *(_si_or(s.power_per_chip, "W") for s in shown),
        ],
        ["chip power alone", *(_chip_power(s) for s in shown)],
        ["FLOPS per W, all-in (the same per chip as per system)", *(fpw(s) for s in shown)],
    ]
    cm, nv = specs.ARTICLE_PAIR.systems
    chip_ratio = cm.power_per_chip.value / nv.power_per_chip.value
    eff = flops_per_watt(nv.bf16_dense, nv.power) / flops_per_watt(cm.bf16_dense, cm.power)
    return Table(
        ("per chip", *(s.short for s in shown)),
        rows,
        caption=f"A {cm.short} chip draws {times(chip_ratio, 2)} the all-in power of an "
        f"{nv.short} GPU, so it is 'cheaper per chip'; but each watt buys {times(eff, 2)} more "
        f"FLOPS in the {nv.short}.",
    )


def run_table(
    model: ModelConfig = specs.DEEPSEEK_V3,
    tokens: float | None = None,
    systems: Sequence[System | str] | None = None,
    **options,
) -> Table:
    """One training run of ``model`` on ``tokens`` tokens (its published count by default) on
    one of each system (the article's two by default): days, energy, electricity cost, CO2,
    hardware cost, and the article's ratio. ``options`` go to :func:`run`."""
    model = checks.model("model", model)
    tokens = scaling.training_tokens(model).value if tokens is None else tokens
    flops = scaling.training_flops(model, tokens)
    shown = checks.systems("systems", systems)
    runs = {s.key: _or_none(run, s, flops, **options) for s in shown}
    pair = [runs.get(s.key) or run(s, flops, **options) for s in specs.ARTICLE_PAIR.systems]
    r0 = pair[0]

    def row(label: str, text, value) -> list[str]:
        cells = [NOT_PUBLISHED if r is None else text(r) for r in runs.values()]
        return [label, *cells, times(value(pair[0]) / value(pair[1]))]

    energies = [r.energy for r in runs.values() if r is not None]
    shared = dict(zip(energies, si_same([e / KWH * 1e3 for e in energies], "Wh", 3), strict=True))
    rows = [
        row("time on one system", lambda r: f"{r.days:,.0f} days", lambda r: r.days),
        row("facility energy (x PUE)", lambda r: shared[r.energy], lambda r: r.energy),
        row(
            "electricity cost",
            lambda r: f"{r.electricity_cost / 1e6:.3g} M USD",
            lambda r: r.electricity_cost,
        ),
        row("CO2", lambda r: f"{r.co2 / 1e3:,.0f} t", lambda r: r.co2),
        row(
            "hardware, amortised over the run",
            lambda r: f"{r.hardware_cost / 1e6:.3g} M USD",
            lambda r: r.hardware_cost,
        ),
    ]
    ch, base = (s.short for s in specs.ARTICLE_PAIR.systems)
    return Table(
        ("", *(s.short for s in shown), f"{ch} / {base}"),
        rows,
        caption=f"{model.name} on {tokens / 1e12:.3g} T tokens ({flops:.3g} FLOP) at "
        f"{percent(r0.mfu)} MFU, PUE {r0.pue:g}, {100 * r0.price * KWH:.3g} cents/kWh, "
        f"{r0.intensity * KWH * 1e3:.0f} gCO2/kWh, a {r0.life / specs.YEAR:g}-year life.",
    )


def _or_none(fn, *args, **kwargs):
    """``fn(...)``, or None when a figure it needs is not published."""
    try:
        return fn(*args, **kwargs)
    except checks.NotPublished:
        return None


def ownership_table(
    model: ModelConfig = specs.DEEPSEEK_V3,
    systems: Sequence[System | str] | None = None,
    **options,
) -> Table:
    """Cost per hour of each system (the article's two by default), per PFLOP-hour delivered
    and per million tokens (training ``model``; decode at a paper's measured rate, where one
    gives it: the CM384's). ``options`` go to :func:`ownership`."""
    model = checks.model("model", model)
    shown = checks.systems("systems", systems)
    owns = [_or_none(ownership, s, **options) for s in shown]
    decoder = next(s for s in specs.SYSTEMS.values() if has_paper_decode(s))
    npus, _ = paper_decode(decoder)

    def row(label: str, text) -> list[str]:
        return [label, *(NOT_PUBLISHED if o is None else text(o) for o in owns)]

    def decode(o: Ownership) -> str:
        if not has_paper_decode(o.system):
            return "no published rate"
        return f"{decode_cost_per_million(o):.3g} USD"

    rows = [
        row("price", lambda o: f"{o.system.price.value / 1e6:.3g} M USD"),
        row("hardware per hour (price / life)", lambda o: f"{o.hardware_per_s * HOUR:,.0f} USD"),
        row("electricity per hour", lambda o: f"{o.electricity_per_s * HOUR:,.0f} USD"),
        row("delivered (peak x MFU)", lambda o: si(o.delivered, "FLOP/s")),
        row("per PFLOP-hour delivered", lambda o: f"{o.per_pflop_hour:.3g} USD"),
        row(
            f"per million training tokens of {model.name}",
            lambda o: f"{o.per_million_tokens(o.training_tokens_per_s(model)):.3g} USD",
        ),
        row(f"per million decode tokens (the paper's {npus:.0f} decode NPUs)", decode),
    ]
    o = ownership(decoder, **options)
    return Table(
        ("", *(s.short for s in shown)),
        rows,
        caption=f"Price spread over {o.life / specs.YEAR:g} years; PUE {o.pue:g}; "
        f"{100 * o.price * KWH:.3g} cents/kWh; MFU {percent(o.mfu)}. Prices: the FT's, as "
        f"reported by Benzinga. Decode: the CloudMatrix paper's measured rate per NPU on its "
        f"{npus:.0f} decode NPUs, charged {npus:.0f}/{o.system.n} of the system's price and "
        "power; the NPUs that run the prefill are not counted.",
    )


def defaults_table() -> Table:
    """The course's defaults for a run beside the published values they come from."""
    groups = (
        ("course.pue", ("uptime.average_pue", "google.fleet_pue"), 1.0, ""),
        ("course.electricity_price", ("eia.us_industrial_price",), 100 * KWH, " cents/kWh"),
        ("course.grid_intensity", ("ember.world_grid_intensity",), 1e3 * KWH, " gCO2/kWh"),
        ("course.system_life", (), 1 / specs.YEAR, " years"),
        ("course.training_mfu", roofline.MFU_FIGURES[:2], 100.0, " %"),
    )
    rows = []
    for name, published, scale, unit in groups:
        f = FIGURES[name]
        rows.append(
            [
                f.label,
                f"{f.value * scale:.3g}{unit} ({f.low * scale:.3g}-{f.high * scale:.3g})",
                "; ".join(
                    f"{FIGURES[p].label}: {FIGURES[p].value * scale:.3g}{unit}" for p in published
                )
                or "none: a choice",
            ]
        )
    return Table(
        ("assumption", "course default (range)", "published values beside it"),
        rows,
        caption="Defaults of the energy and cost model: assumptions with ranges, not facts.",
    )


def figures_used() -> tuple[Figure, ...]:
    """The specs records notebook 07 uses (for its Sources list)."""
    names = (
        "cm384.power_sa_text",
        "nvl72.power_rack_it",
        "cm384.bf16_dense_paper",
        "cm384.transceivers",
        "link.optics_400g_lpo_power",
        "sa.flop_per_watt_ratio_table",
        "sa.power_ratio_text",
        "sa.flop_per_watt_ratio_text",
        "sa.flop_per_watt_ratio_subtitle",
        "cm384.paper.decode_npus",
        "course.pue",
        "uptime.average_pue",
        "google.fleet_pue",
        "course.electricity_price",
        "eia.us_industrial_price",
        "course.grid_intensity",
        "ember.world_grid_intensity",
        "course.system_life",
        "course.training_mfu",
        "deepseek_v3.training_tokens",
        "cm384.paper.decode_tokens_per_s_per_npu",
        "nvl72.copper_power_saving",
    )
    systems = tuple(
        f
        for s in specs.ARTICLE_PAIR.systems
        for f in (s.power, s.bf16_dense, s.price, s.power_per_chip, s.chip.bf16_dense)
    )
    return (
        *(FIGURES[n] for n in names),
        *systems,
        specs.B200.power,
        specs.DEEPSEEK_V3.active_params,
    )
