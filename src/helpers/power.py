"""Power and what it costs: system power and its parts, FLOPS per watt, a run's energy, cost and
CO2, and the cost of owning a system.

- **System power.** SemiAnalysis's all-in figures (``cm384.power``, ``nvl72.power``) and the
  parts some source gives: the CM384's optical modules (from :mod:`helpers.comm`), the NVL72's
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

import math
from dataclasses import dataclass

from . import checks, comm, roofline, scaling, specs
from .specs import CM384, FIGURES, KWH, NVL72, Figure, ModelConfig, System
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


def power_parts(system: System) -> list[PowerPart]:
    """The parts of ``system``'s all-in power that sources give, and the remainder.

    CM384: the 6,912 optical modules at the assumed 4-6 W each (:func:`helpers.comm.
    transceiver_power`), and everything else (chips, CPUs, switches, fans, conversion), which no
    source splits. NVL72: its 72 GPUs at NVIDIA's "up to 1,200 W", the rest of the rack's IT
    load, and what SemiAnalysis's all-in figure adds beyond the rack.
    """
    system = checks.system("system", system)
    total = system.power
    if system.key == CM384.key:
        optics = comm.transceiver_power()
        module = FIGURES["link.optics_400g_lpo_power"]
        modules = FIGURES["cm384.transceivers"]
        return [
            PowerPart(
                f"{optics.modules:,.0f} optical modules",
                optics.watts,
                optics.low,
                optics.high,
                f"{optics.modules:,.0f} x {si(module.value, 'W')} "
                f"({si(module.low, 'W')}-{si(module.high, 'W')}, an assumption)",
                (modules, module),
                "optical modules",
                assumed=True,
            ),
            PowerPart(
                "chips, CPUs, switches, fans, conversion (not split by any source)",
                total.value - optics.watts,
                total.value - optics.high,
                total.value - optics.low,
                "all-in power minus the optics",
                (total,),
                "the rest (no source splits it)",
            ),
        ]
    gpus = system.chips.value * system.chip.power.value
    rack = FIGURES[f"{system.key}.power_rack_it"]
    return [
        PowerPart(
            f"{system.n} {system.chip.name} GPUs",
            gpus,
            gpus,
            gpus,
            f"{system.n} x up to {si(system.chip.power.value, 'W')} (NVIDIA: "
            f"'{system.chip.power.quoted}')",
            (system.chips, system.chip.power),
            f"{system.n} GPUs, up to",
        ),
        PowerPart(
            "rest of the rack: Grace CPUs, NVLink switches, NICs, fans, conversion",
            rack.value - gpus,
            rack.value - gpus,
            rack.value - gpus,
            f"the {si(rack.value, 'W')} rack NVIDIA showed at GTC 2024 (ServeTheHome) minus the "
            "GPUs",
            (rack,),
            "rest of the rack",
        ),
        PowerPart(
            "beyond the rack in SemiAnalysis's all-in count (scale-out network and more)",
            total.value - rack.value,
            total.value - rack.value,
            total.value - rack.value,
            "all-in power minus the rack IT load",
            (total, rack),
            "beyond the rack",
        ),
    ]


def flops_per_watt(compute: Figure | float, power: Figure | float) -> float:
    """Dense FLOP/s per watt: ``compute / power`` (FLOP/s over W, that is FLOP per joule)."""
    c = compute.value if isinstance(compute, Figure) else float(compute)
    p = power.value if isinstance(power, Figure) else float(power)
    if not (c > 0 and p > 0 and math.isfinite(c) and math.isfinite(p)):
        raise ValueError(f"compute={c!r} and power={p!r} must be positive finite numbers")
    return c / p


@dataclass(frozen=True)
class EfficiencyCase:
    """One choice of inputs and the FLOP-per-watt ratio it gives (NVL72 / CM384)."""

    cm384_compute: Figure
    cm384_power: Figure
    nvl72_compute: Figure
    nvl72_power: Figure

    @property
    def ratio(self) -> float:
        """NVL72's FLOPS per watt / CM384's."""
        return flops_per_watt(self.nvl72_compute, self.nvl72_power) / flops_per_watt(
            self.cm384_compute, self.cm384_power
        )

    def matches(self, quoted: Figure) -> bool:
        """Does the ratio round to the quoted one (at its step)?"""
        return abs(self.ratio - quoted.value) <= quoted.step / 2


def efficiency_cases() -> list[EfficiencyCase]:
    """Every combination of the sources' figures: CM384 compute (SemiAnalysis's 780 or the
    paper's 752 TFLOPS per chip) and power (559 or 600 kW), NVL72 power (145 kW all-in or
    120 kW rack IT); the course's choice first."""
    return [
        EfficiencyCase(cm_c, cm_p, NVL72.bf16_dense, nv_p)
        for nv_p in specs.SPREADS["NVL72 power"]
        for cm_p in specs.SPREADS["CM384 power"]
        for cm_c in specs.SPREADS["CM384 dense BF16"]
    ]


@dataclass(frozen=True)
class SaRatio:
    """One of SemiAnalysis's power ratios (CM384 / NVL72) beside what its inputs give.

    Attributes:
        where: where SA states it ("table", "text", "subtitle").
        cm384_power: the CM384 power it rests on (``None`` when SA names none).
        power_ratio: CM384 power / NVL72 power from those inputs (NaN without inputs).
        per_flop: NVL72 FLOPS per watt / CM384's from those inputs (NaN without inputs).
        stated: SA's own per-FLOP ratio as quoted (a figure with its words).
        stated_power: SA's own power ratio as quoted, when it gives one.
    """

    where: str
    cm384_power: Figure | None
    power_ratio: float
    per_flop: float
    stated: Figure
    stated_power: Figure | None = None


def sa_ratios() -> list[SaRatio]:
    """SemiAnalysis's three statements of the power gap, each beside what its inputs give with
    the CM384's 300 PFLOPS and the NVL72's 145 kW and 180 PFLOPS: its table (559 kW, as the
    press reads it), its text ("close to 600kW") and its subtitle (no inputs given)."""
    out = []
    for where, cm_power, stated, stated_power in (
        ("table", CM384.power, "sa.flop_per_watt_ratio_table", None),
        (
            "text",
            FIGURES["cm384.power_sa_text"],
            "sa.flop_per_watt_ratio_text",
            "sa.power_ratio_text",
        ),
    ):
        case = EfficiencyCase(CM384.bf16_dense, cm_power, NVL72.bf16_dense, NVL72.power)
        out.append(
            SaRatio(
                where,
                cm_power,
                cm_power.value / NVL72.power.value,
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
    system = checks.system("system", system)
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
    system = checks.system("system", system)
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


def paper_decode(system: System = CM384) -> tuple[float, float]:
    """The CloudMatrix paper's decode deployment: (NPUs, output tokens/s of those NPUs), at its
    measured rate per NPU. Only those NPUs decode; the prefill runs on others."""
    system = checks.system("system", system)
    if system.key != CM384.key:
        raise ValueError(f"system={system.short!r}: only the CM384 has a published decode rate")
    npus = FIGURES["cm384.paper.decode_npus"].value
    return npus, npus * FIGURES["cm384.paper.decode_tokens_per_s_per_npu"].value


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


def power_table() -> Table:
    """Each system's all-in power and the parts sources give, with their share."""
    rows = []
    for s in specs.ARTICLE_PAIR.systems:
        rows.append([s.name, "all-in (SemiAnalysis)", si(s.power.value, "W"), "100 %", ""])
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


def spread_table() -> Table:
    """The sources' power figures for each system, and what each gives per chip."""
    rows = []
    for topic in ("CM384 power", "NVL72 power"):
        s = CM384 if topic.startswith("CM384") else NVL72
        for i, f in enumerate(specs.SPREADS[topic]):
            rows.append(
                [
                    s.short if i == 0 else "",
                    si(f.value, "W"),
                    f.label,
                    si(f.value / s.n, "W"),
                    "used" if i == 0 else "",
                ]
            )
    cm_lo, cm_hi = specs.spread("CM384 power")
    nv_lo, nv_hi = specs.spread("NVL72 power")
    return Table(
        ("system", "power", "what", "per chip", "course"),
        rows,
        caption=f"Power ratio CM384 / NVL72: {times(cm_lo / nv_hi)} to {times(cm_hi / nv_lo)} "
        f"depending on the figures; {times(CM384.power.value / NVL72.power.value)} with the ones "
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
    rows = []
    for c in efficiency_cases():
        marks = []
        for where, q in said.items():
            if not c.matches(q):
                continue
            mark = f"SA's {where}: {q.value:g}x"
            if c.cm384_compute is paper:
                mark += f", but with the paper's per-chip figure ({late}, after SA's article)"
            marks.append(mark)
        rows.append(
            [
                f"{si(c.cm384_compute.value, 'FLOP/s')} / {si(c.cm384_power.value, 'W')}",
                si(flops_per_watt(c.cm384_compute, c.cm384_power), "FLOP/s per W"),
                f"{si(c.nvl72_compute.value, 'FLOP/s')} / {si(c.nvl72_power.value, 'W')}",
                si(flops_per_watt(c.nvl72_compute, c.nvl72_power), "FLOP/s per W"),
                times(c.ratio),
                "; ".join(marks),
            ]
        )
    return Table(
        (
            "CM384 compute / power",
            "CM384 FLOPS per W",
            "NVL72 compute / power",
            "NVL72 FLOPS per W",
            "NVL72 / CM384",
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
        if r.cm384_power is None:
            rows.append([f"SA's {r.where}", "none given", "-", "-", stated])
            continue
        rows.append(
            [
                f"SA's {r.where}",
                f"{si(r.cm384_power.value, 'W')} ({r.cm384_power.source.key}, "
                f"{'as the press reads it' if r.where == 'table' else 'its words'})",
                times(r.power_ratio),
                times(r.per_flop),
                stated,
            ]
        )
    return Table(
        ("where", "CM384 power", "CM384 / NVL72 power", "NVL72 / CM384 FLOPS per W", "stated as"),
        rows,
        caption=f"Against the NVL72's {si(NVL72.power.value, 'W')} and "
        f"{si(NVL72.bf16_dense.value, 'FLOP/s')}, the CM384's "
        f"{si(CM384.bf16_dense.value, 'FLOP/s')}. The table (via the press) and the text "
        "give different ratios; the subtitle gives no inputs.",
    )


def per_chip_table() -> Table:
    """What "more efficient per chip" can mean: power per chip, compute per chip, FLOPS per W."""
    cm, nv = specs.ARTICLE_PAIR.systems
    rows = [
        ["dense BF16 per chip", *(si(s.chip.bf16_dense.value, "FLOP/s") for s in (cm, nv))],
        [
            "all-in power per chip (system / chips)",
            *(si(s.power_per_chip.value, "W") for s in (cm, nv)),
        ],
        [
            "chip power alone",
            "not published",
            f"up to {si(nv.chip.power.value, 'W')}",
        ],
        [
            "FLOPS per W, all-in (the same per chip as per system)",
            *(si(flops_per_watt(s.bf16_dense, s.power), "FLOP/s per W") for s in (cm, nv)),
        ],
    ]
    chip_ratio = cm.power_per_chip.value / nv.power_per_chip.value
    eff = flops_per_watt(nv.bf16_dense, nv.power) / flops_per_watt(cm.bf16_dense, cm.power)
    return Table(
        ("per chip", cm.short, nv.short),
        rows,
        caption=f"A CM384 chip draws {times(chip_ratio, 2)} the all-in power of an NVL72 GPU, "
        f"so it is 'cheaper per chip'; but each watt buys {times(eff, 2)} more FLOPS in the NVL72.",
    )


def run_table(
    model: ModelConfig = specs.DEEPSEEK_V3, tokens: float | None = None, **options
) -> Table:
    """One training run of ``model`` on ``tokens`` tokens (its published count by default) on
    one system of each kind: days, energy, electricity cost, CO2, hardware cost. ``options``
    go to :func:`run`."""
    model = checks.model("model", model)
    tokens = scaling.training_tokens(model).value if tokens is None else tokens
    flops = scaling.training_flops(model, tokens)
    runs = [run(s, flops, **options) for s in specs.ARTICLE_PAIR.systems]
    r0 = runs[0]
    energy = si_same([r.energy / KWH * 1e3 for r in runs], "Wh", 3)
    rows = [
        [
            "time on one system",
            *(f"{r.days:,.0f} days" for r in runs),
            times(runs[0].days / runs[1].days),
        ],
        ["facility energy (x PUE)", *energy, times(runs[0].energy / runs[1].energy)],
        [
            "electricity cost",
            *(f"{r.electricity_cost / 1e6:.3g} M USD" for r in runs),
            times(runs[0].electricity_cost / runs[1].electricity_cost),
        ],
        ["CO2", *(f"{r.co2 / 1e3:,.0f} t" for r in runs), times(runs[0].co2 / runs[1].co2)],
        [
            "hardware, amortised over the run",
            *(f"{r.hardware_cost / 1e6:.3g} M USD" for r in runs),
            times(runs[0].hardware_cost / runs[1].hardware_cost),
        ],
    ]
    return Table(
        ("", *(r.system.short for r in runs), "CM384 / NVL72"),
        rows,
        caption=f"{model.name} on {tokens / 1e12:.3g} T tokens ({flops:.3g} FLOP) at "
        f"{percent(r0.mfu)} MFU, PUE {r0.pue:g}, {100 * r0.price * KWH:.3g} cents/kWh, "
        f"{r0.intensity * KWH * 1e3:.0f} gCO2/kWh, a {r0.life / specs.YEAR:g}-year life.",
    )


def ownership_table(model: ModelConfig = specs.DEEPSEEK_V3, **options) -> Table:
    """Cost per hour of each system, per PFLOP-hour delivered and per million tokens (training
    ``model``; the CM384's decode at the paper's measured rate). ``options`` go to
    :func:`ownership`."""
    model = checks.model("model", model)
    owns = [ownership(s, **options) for s in specs.ARTICLE_PAIR.systems]
    decode = decode_cost_per_million(owns[0])
    npus, _ = paper_decode()
    rows = [
        ["price", *(f"{o.system.price.value / 1e6:.3g} M USD" for o in owns)],
        [
            "hardware per hour (price / life)",
            *(f"{o.hardware_per_s * HOUR:,.0f} USD" for o in owns),
        ],
        ["electricity per hour", *(f"{o.electricity_per_s * HOUR:,.0f} USD" for o in owns)],
        ["delivered (peak x MFU)", *(si(o.delivered, "FLOP/s") for o in owns)],
        ["per PFLOP-hour delivered", *(f"{o.per_pflop_hour:.3g} USD" for o in owns)],
        [
            f"per million training tokens of {model.name}",
            *(f"{o.per_million_tokens(o.training_tokens_per_s(model)):.3g} USD" for o in owns),
        ],
        [
            f"per million decode tokens (the paper's {npus:.0f} decode NPUs)",
            f"{decode:.3g} USD",
            "no published rate",
        ],
    ]
    o = owns[0]
    return Table(
        ("", *(x.system.short for x in owns)),
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
