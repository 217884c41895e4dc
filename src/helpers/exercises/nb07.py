"""Exercises and predictions of notebook 07 (power and efficiency)."""

from __future__ import annotations

import math

from .. import power, scaling
from ..specs import ARTICLE_PAIR, CM384, DEEPSEEK_V3, FIGURES, KWH, LLAMA3_70B, NVL72, YEAR
from ..units import percent, si, times
from .core import Exercise

NB = "07_power_and_efficiency"

_DS = DEEPSEEK_V3
_DS_TOKENS = FIGURES["deepseek_v3.training_tokens"].value
_DS_FLOPS = scaling.training_flops(_DS, _DS_TOKENS)
_MFU = FIGURES["course.training_mfu"].value
_PUE = FIGURES["course.pue"].value
_PRICE = FIGURES["course.electricity_price"].value
_GRID = FIGURES["course.grid_intensity"].value
_LIFE = FIGURES["course.system_life"].value


def _fpw(system) -> float:
    return power.flops_per_watt(system.bf16_dense, system.power)


def _run(system) -> power.Run:
    return power.run(system, _DS_FLOPS)


#: Scenario values of the exercises (not hardware figures).
HYPERSCALER_PUE = 1.1
COAL_PUE = 1.5
COAL_GRAMS_PER_KWH = 800
CHEAP_CENTS_PER_KWH = 5
LONG_LIFE_YEARS = 5

_LL = LLAMA3_70B
_LL_FLOPS = scaling.training_flops(_LL, FIGURES["llama3_70b.training_tokens"].value)
_SPARSE = NVL72.quoted["bf16_sparse"]
_OPTICS = power.power_parts(CM384)[0]
_OPTICS_CHOICES = {
    f"about {percent(0.06)}": 0.06,
    f"about {percent(0.25)}": 0.25,
    "about half": 0.5,
}


def _nearest(value: float, options: dict[str, float]) -> str:
    """The option whose value is nearest ``value`` on a log scale."""
    return min(options, key=lambda k: abs(math.log(value / options[k])))


def _llama_run() -> power.Run:
    return power.run(NVL72, _LL_FLOPS, pue=HYPERSCALER_PUE)


def _coal_run() -> power.Run:
    return power.run(CM384, _DS_FLOPS, pue=COAL_PUE, intensity=COAL_GRAMS_PER_KWH / 1e3 / KWH)


def _cheap_own() -> power.Ownership:
    return power.ownership(
        CM384, life=LONG_LIFE_YEARS * YEAR, price=CHEAP_CENTS_PER_KWH / 100 / KWH
    )


def _break_even_cents() -> float:
    """The electricity price (cents/kWh) at which an NVL72's electricity costs as much per hour
    as its purchase price spread over its life."""
    o = power.ownership(NVL72)
    return o.hardware_per_s / (NVL72.power.value * o.pue) * KWH * 100


_SA_TABLE = FIGURES["sa.flop_per_watt_ratio_table"]
_SA_SUB = FIGURES["sa.flop_per_watt_ratio_subtitle"]
_SUB_CASE = next(c for c in power.efficiency_cases() if c.matches(_SA_SUB))
_CHIP_NAMES = {s.key: f"a {s.chip.name.split()[-1]} ({s.short})" for s in ARTICLE_PAIR.systems}

EXERCISES = (
    Exercise(
        id="07.optics_share",
        notebook=NB,
        kind="predict",
        prompt=f"The CM384 has {_OPTICS.figures[0].value:,.0f} optical modules of about "
        f"{_OPTICS.figures[1].value:g} W each. What share of its {CM384.power.value / 1e3:.0f} kW "
        "all-in power do they draw?",
        choices=tuple(_OPTICS_CHOICES),
        answer=lambda: _nearest(_OPTICS.watts / CM384.power.value, _OPTICS_CHOICES),
        reveals=lambda: (
            percent(_OPTICS.watts / CM384.power.value),
            si(_OPTICS.watts, "W"),
            si(_OPTICS.watts, "W", 2),
        ),
        explain=f"{_OPTICS.watts / 1e3:.3g} kW, {100 * _OPTICS.watts / CM384.power.value:.2g} % "
        "(a few watts each, however many). The optics are what makes the supernode possible, "
        f"not what makes it draw {CM384.power.value / NVL72.power.value:.2g}x the power: that is "
        f"the {CM384.n} chips and everything around them.",
    ),
    Exercise(
        id="07.fpw_ratio",
        notebook=NB,
        kind="predict",
        prompt=f"The CM384 has {CM384.bf16_dense.value / NVL72.bf16_dense.value:.2g}x the NVL72's "
        f"dense BF16 compute for {CM384.power.value / NVL72.power.value:.2g}x its power. How many "
        "times the CM384's FLOPS per watt does the NVL72 get?",
        answer=lambda: _fpw(NVL72) / _fpw(CM384),
        unit="x",
        rel_tol=0.05,
        reveals=lambda: tuple(si(_fpw(s), "FLOP/s per W") for s in ARTICLE_PAIR.systems),
        explain=f"{CM384.power.value / NVL72.power.value:.3g} / "
        f"{CM384.bf16_dense.value / NVL72.bf16_dense.value:.3g} = "
        f"{_fpw(NVL72) / _fpw(CM384):.3g}x: SemiAnalysis's table's {_SA_TABLE.value:g}x. "
        "FLOPS per watt divides one ratio by the other.",
    ),
    Exercise(
        id="07.per_chip_power",
        notebook=NB,
        kind="predict",
        prompt="Divide each system's all-in power by its chips. Which chip's share is larger?",
        choices=(*_CHIP_NAMES.values(), "about equal"),
        answer=lambda: _CHIP_NAMES[
            max(ARTICLE_PAIR.systems, key=lambda s: s.power_per_chip.value).key
        ],
        reveals=lambda: (
            *(si(s.power_per_chip.value, "W") for s in ARTICLE_PAIR.systems),
            times(CM384.power_per_chip.value / NVL72.power_per_chip.value, 2),
        ),
        explain=f"{CM384.short}: {CM384.power_per_chip.value:,.0f} W per chip; {NVL72.short}: "
        f"{NVL72.power_per_chip.value:,.0f} W per GPU. Per chip, the CM384 draws less: that is "
        "one reading of 'NVIDIA is more efficient per chip' that turns out false. Per FLOP it "
        "is true.",
    ),
    Exercise(
        id="07.energy_ratio",
        notebook=NB,
        kind="predict",
        prompt=f"The same training run ({_DS.name}) on each system at the same MFU: how many "
        "times the NVL72's energy does the CM384 use?",
        answer=lambda: _run(CM384).energy / _run(NVL72).energy,
        unit="x",
        rel_tol=0.05,
        reveals=lambda: tuple(
            f"{_run(s).energy / KWH / 1e6:.3g} GWh" for s in ARTICLE_PAIR.systems
        ),
        explain="The same work at the same MFU costs energy in proportion to watts per FLOP/s: "
        f"the FLOPS-per-watt ratio, {_fpw(NVL72) / _fpw(CM384):.3g}x. The CM384 finishes "
        f"sooner ({_run(CM384).days:,.0f} against {_run(NVL72).days:,.0f} days), but draws "
        f"{CM384.power.value / NVL72.power.value:.2g}x the power the whole time.",
    ),
    Exercise(
        id="07.break_even_price",
        notebook=NB,
        kind="predict",
        prompt=f"An NVL72 costs about {NVL72.price.value / 1e6:g} M USD, spread over "
        f"{_LIFE / YEAR:g} years, and draws {NVL72.power.value / 1e3:g} kW at a PUE of {_PUE:g}. "
        "At what electricity price, in cents/kWh, would its electricity cost as much per hour "
        "as its hardware?",
        answer=_break_even_cents,
        unit="cents/kWh",
        rel_tol=0.1,
        explain=f"Hardware: {power.ownership(NVL72).hardware_per_s * power.HOUR:,.0f} USD per "
        f"hour; the facility draws {NVL72.power.value * _PUE / 1e3:.3g} kW, so electricity "
        f"matches it only at {_break_even_cents():.0f} cents/kWh, several times what industry "
        f"pays ({100 * _PRICE * KWH:g} cents/kWh by default). A rack of accelerators costs far "
        "more than the energy it can draw in its life.",
    ),
    Exercise(
        id="07.sparse_headline",
        notebook=NB,
        prompt=f"A slide divides NVIDIA's headline {_SPARSE.value / 1e15:.0f} PFLOPS for the "
        f"NVL72 (BF16 with 2:4 sparsity) by {NVL72.power.value / 1e3:.0f} kW, and the CM384's "
        f"{CM384.bf16_dense.value / 1e15:.0f} PFLOPS (dense) by {CM384.power.value / 1e3:.0f} "
        "kW. How many times the CM384's FLOPS per watt does the slide give the NVL72?",
        answer=lambda: power.flops_per_watt(_SPARSE, NVL72.power) / _fpw(CM384),
        unit="x",
        rel_tol=0.01,
        hint="FLOPS per watt = FLOP/s / W for each system, with the figures as the slide uses "
        "them; divide the NVL72's by the CM384's.",
        solution=f"NVL72: {_SPARSE.value / 1e15:.0f} PFLOP/s / {NVL72.power.value / 1e3:.0f} kW "
        f"= {power.flops_per_watt(_SPARSE, NVL72.power) / 1e9:,.0f} GFLOPS per W; CM384: "
        f"{CM384.bf16_dense.value / 1e15:.4g} PFLOP/s / {CM384.power.value / 1e3:.0f} kW = "
        f"{_fpw(CM384) / 1e9:.0f} GFLOPS per W; ratio {{answer}}, twice the "
        f"{_fpw(NVL72) / _fpw(CM384):.3g}x of dense against dense. Sparse FLOPS count the zeros "
        "a 2:4 pattern skips; training runs dense, so compare dense with dense.",
        code="from helpers import power, specs\n"
        'sparse = specs.NVL72.quoted["bf16_sparse"]\n'
        "nv = power.flops_per_watt(sparse, specs.NVL72.power)\n"
        "cm = power.flops_per_watt(specs.CM384.bf16_dense, specs.CM384.power)\n"
        "answer = nv / cm",
    ),
    Exercise(
        id="07.run_energy_llama",
        notebook=NB,
        prompt=f"{_LL.name}'s pre-training takes {_LL_FLOPS:.3g} FLOP. On one GB200 NVL72 at "
        f"{100 * _MFU:.0f} % MFU, drawing its all-in power in a hyperscaler's facility with a "
        f"PUE of {HYPERSCALER_PUE:g}, how much energy does it use? Answer in GWh "
        "(1 GWh = 3.6e12 J).",
        answer=lambda: _llama_run().energy / KWH / 1e6,
        unit="GWh",
        rel_tol=0.01,
        hint="time = FLOPs / (peak x MFU); energy = time x power x PUE; 1 kWh = 3.6e6 J.",
        solution=f"{_llama_run().seconds:.3g} s x {NVL72.power.value:.3g} W x "
        f"{HYPERSCALER_PUE:g} = {_llama_run().energy:.3g} J = {{answer}}, over "
        f"{_llama_run().days:,.0f} days. One CM384 would use "
        f"{power.run(CM384, _LL_FLOPS, pue=HYPERSCALER_PUE).energy / KWH / 1e6:.3g} GWh for "
        "the same work.",
        code="from helpers import power, scaling, specs\n"
        'tokens = specs.FIGURES["llama3_70b.training_tokens"].value\n'
        "flops = scaling.training_flops(specs.LLAMA3_70B, tokens)\n"
        "run = power.run(specs.NVL72, flops, mfu=0.4, pue=1.1)\n"
        "answer = run.energy / 3.6e12  # J -> GWh",
    ),
    Exercise(
        id="07.run_co2_coal",
        notebook=NB,
        prompt=f"{_DS.name}'s run on one CloudMatrix 384 ({100 * _MFU:.0f} % MFU) in a facility "
        f"with a PUE of {COAL_PUE:g}, on a coal-heavy grid that emits {COAL_GRAMS_PER_KWH} g "
        "of CO2 per kWh: how many tonnes of CO2?",
        answer=lambda: _coal_run().co2 / 1e3,
        unit="t",
        rel_tol=0.01,
        hint="Start from the run's IT energy (the widget's readout gives it); x PUE for the "
        "facility; x grams per kWh; 1 t = 1e6 g.",
        solution=f"{_coal_run().it_energy / KWH / 1e6:.3g} GWh of IT energy x {COAL_PUE:g} = "
        f"{_coal_run().energy / KWH / 1e6:.3g} GWh; x {COAL_GRAMS_PER_KWH} g/kWh = {{answer}}, "
        f"{_coal_run().co2 / _run(CM384).co2:.2g}x the run at the course's defaults. Where a "
        "system runs matters as much as which.",
        code="from helpers import power, scaling, specs\n"
        'tokens = specs.FIGURES["deepseek_v3.training_tokens"].value\n'
        "flops = scaling.training_flops(specs.DEEPSEEK_V3, tokens)\n"
        "run = power.run(specs.CM384, flops, mfu=0.4, pue=1.5, intensity=0.8 / 3.6e6)\n"
        "answer = run.co2 / 1e3  # kg -> t",
    ),
    Exercise(
        id="07.pflop_hour_cheap_power",
        notebook=NB,
        prompt=f"A CM384 costs about {CM384.price.value / 1e6:g} M USD. Spread that over "
        f"{LONG_LIFE_YEARS} years and add its electricity ({CM384.power.value / 1e3:g} kW x PUE "
        f"{_PUE:g}) at {CHEAP_CENTS_PER_KWH} cents/kWh, cheap power as in parts of China. What "
        f"does one PFLOP-hour of useful work cost at {100 * _MFU:.0f} % MFU? Answer in USD.",
        answer=lambda: _cheap_own().per_pflop_hour,
        unit="USD",
        rel_tol=0.01,
        hint="USD per hour = price / (life in hours) + kW x PUE x price per kWh; PFLOP-hours "
        "per hour = peak in PFLOP/s x MFU.",
        solution=f"Hardware {_cheap_own().hardware_per_s * power.HOUR:,.1f} USD/h + "
        f"electricity {_cheap_own().electricity_per_s * power.HOUR:,.1f} USD/h, over "
        f"{_cheap_own().delivered / 1e15:.3g} PFLOP/s delivered = {{answer}}; at the course's "
        f"defaults it is {power.ownership(CM384).per_pflop_hour:.3g} USD, and an NVL72's "
        f"{power.ownership(NVL72).per_pflop_hour:.3g} USD. Cheap power and a long life narrow "
        "the gap; they do not close it.",
        code="from helpers import power, specs\n"
        "answer = power.ownership(specs.CM384, life=5 * specs.YEAR, pue=1.3,\n"
        "                         price=0.05 / specs.KWH, mfu=0.4).per_pflop_hour",
    ),
)
