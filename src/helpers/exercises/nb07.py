"""Exercises and predictions of notebook 07 (power and efficiency)."""

from __future__ import annotations

from .. import power, scaling
from ..specs import CM384, DEEPSEEK_V3, FIGURES, KWH, NVL72, SYSTEMS, YEAR
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


_SA_TABLE = FIGURES["sa.flop_per_watt_ratio_table"]
_SA_SUB = FIGURES["sa.flop_per_watt_ratio_subtitle"]
_SUB_CASE = next(c for c in power.efficiency_cases() if c.matches(_SA_SUB))
_CHIP_NAMES = {s.key: f"{s.chip.name} in the {s.short}" for s in SYSTEMS}

EXERCISES = (
    Exercise(
        id="07.per_chip_power",
        notebook=NB,
        kind="predict",
        prompt="Divide each system's all-in power by its chips. Which chip's share is larger?",
        choices=(*_CHIP_NAMES.values(), "about equal"),
        answer=lambda: _CHIP_NAMES[max(SYSTEMS, key=lambda s: s.power_per_chip.value).key],
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
        explain="The same work at the same MFU costs energy in proportion to watts per FLOP/s: "
        f"the FLOPS-per-watt ratio, {_fpw(NVL72) / _fpw(CM384):.3g}x. The CM384 finishes "
        f"sooner ({_run(CM384).days:,.0f} against {_run(NVL72).days:,.0f} days), but draws "
        f"{CM384.power.value / NVL72.power.value:.2g}x the power the whole time.",
    ),
    Exercise(
        id="07.flops_per_watt",
        notebook=NB,
        prompt=f"From the table figures ({CM384.bf16_dense.value / 1e15:.0f} PFLOPS at "
        f"{CM384.power.value / 1e3:.0f} kW, {NVL72.bf16_dense.value / 1e15:.0f} PFLOPS at "
        f"{NVL72.power.value / 1e3:.0f} kW, dense BF16, all-in power), how many times the "
        "CM384's FLOPS per watt does the NVL72 deliver?",
        answer=lambda: _fpw(NVL72) / _fpw(CM384),
        unit="x",
        rel_tol=0.01,
        hint="FLOPS per watt = dense FLOP/s / W for each system; divide NVL72's by CM384's.",
        solution=f"CM384: {CM384.bf16_dense.value / 1e15:.4g} PFLOP/s / "
        f"{CM384.power.value / 1e3:.0f} kW = {_fpw(CM384) / 1e9:.0f} GFLOPS per W; NVL72: "
        f"{NVL72.bf16_dense.value / 1e15:.0f} PFLOP/s / {NVL72.power.value / 1e3:.0f} kW = "
        f"{_fpw(NVL72) / 1e9:,.0f} GFLOPS per W; ratio {{answer}}, "
        f"SemiAnalysis's table's {_SA_TABLE.value:g}x. Its subtitle's {_SA_SUB.value:g}x needs "
        f"other inputs: the {_SUB_CASE.cm384_power.value / 1e3:.0f} kW of its text and the "
        f"paper's {_SUB_CASE.cm384_compute.value / CM384.n / 1e12:.0f} TFLOPS per chip give "
        f"{_SUB_CASE.ratio:.3g}x.",
        code="from helpers import power, specs\n"
        "cm = power.flops_per_watt(specs.CM384.bf16_dense, specs.CM384.power)\n"
        "nv = power.flops_per_watt(specs.NVL72.bf16_dense, specs.NVL72.power)\n"
        "answer = nv / cm",
    ),
    Exercise(
        id="07.run_energy",
        notebook=NB,
        prompt=f"{_DS.name}'s pre-training takes {_DS_FLOPS:.3g} FLOP. On one CloudMatrix 384 "
        f"at {100 * _MFU:.0f} % MFU, drawing its all-in power in a facility with a PUE of "
        f"{_PUE:g}, how much energy does it use? Answer in GWh (1 GWh = 3.6e12 J).",
        answer=lambda: _run(CM384).energy / KWH / 1e6,
        unit="GWh",
        rel_tol=0.01,
        hint="time = FLOPs / (peak x MFU); energy = time x power x PUE; 1 kWh = 3.6e6 J.",
        solution=f"{_run(CM384).seconds:.3g} s x {CM384.power.value:.3g} W x {_PUE:g} = "
        f"{_run(CM384).energy:.3g} J = {{answer}}. The NVL72 would use "
        f"{_run(NVL72).energy / KWH / 1e6:.3g} GWh for the same work.",
        code="from helpers import power, scaling, specs\n"
        'tokens = specs.FIGURES["deepseek_v3.training_tokens"].value\n'
        "flops = scaling.training_flops(specs.DEEPSEEK_V3, tokens)\n"
        "run = power.run(specs.CM384, flops, mfu=0.4, pue=1.3)\n"
        "answer = run.energy / 3.6e12  # J -> GWh",
    ),
    Exercise(
        id="07.run_co2",
        notebook=NB,
        prompt=f"The same run on one GB200 NVL72 (same MFU and PUE), on a grid that emits "
        f"{_GRID * KWH * 1e3:.0f} g of CO2 per kWh: how many tonnes of CO2?",
        answer=lambda: _run(NVL72).co2 / 1e3,
        unit="t",
        rel_tol=0.01,
        hint="CO2 = facility energy in kWh x grams per kWh; 1 t = 1e6 g.",
        solution=f"{_run(NVL72).energy / KWH:,.3g} kWh x {_GRID * KWH * 1e3:.0f} g/kWh = "
        f"{{answer}}; on the CM384, {_run(CM384).co2 / 1e3:,.0f} t. A grid of hydro or nuclear "
        "power would cut either by ten or more: where a system runs matters as much as which.",
        code="from helpers import power, scaling, specs\n"
        'tokens = specs.FIGURES["deepseek_v3.training_tokens"].value\n'
        "flops = scaling.training_flops(specs.DEEPSEEK_V3, tokens)\n"
        "run = power.run(specs.NVL72, flops, mfu=0.4, pue=1.3, intensity=0.48 / 3.6e6)\n"
        "answer = run.co2 / 1e3  # kg -> t",
    ),
    Exercise(
        id="07.pflop_hour",
        notebook=NB,
        prompt=f"An NVL72 costs about {NVL72.price.value / 1e6:g} M USD. Spread that over "
        f"{_LIFE / YEAR:g} years and add its electricity ({NVL72.power.value / 1e3:g} kW x PUE "
        f"{_PUE:g} at {100 * _PRICE * KWH:g} cents/kWh). What does one PFLOP-hour of useful work "
        f"cost at {100 * _MFU:.0f} % MFU? Answer in USD.",
        answer=lambda: power.ownership(NVL72).per_pflop_hour,
        unit="USD",
        rel_tol=0.01,
        hint="USD per hour = price / (life in hours) + kW x PUE x price per kWh; PFLOP-hours "
        "per hour = peak in PFLOP/s x MFU.",
        solution=f"Hardware {power.ownership(NVL72).hardware_per_s * power.HOUR:,.1f} USD/h + "
        f"electricity {power.ownership(NVL72).electricity_per_s * power.HOUR:,.1f} USD/h, over "
        f"{power.ownership(NVL72).delivered / 1e15:.3g} PFLOP/s delivered = {{answer}}; the "
        f"CM384's is {power.ownership(CM384).per_pflop_hour:.3g} USD. The price, not the "
        "electricity, dominates both.",
        code="from helpers import power, specs\n"
        "answer = power.ownership(specs.NVL72, life=4 * specs.YEAR, pue=1.3,\n"
        "                         price=0.08 / specs.KWH, mfu=0.4).per_pflop_hour",
    ),
)
