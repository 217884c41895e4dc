"""Numbers notebook 07's prose states that no single figure holds: results of the power and cost
model (:mod:`helpers.power`) at the course's defaults, and the scenarios of its exercises."""

from __future__ import annotations

from .. import power, scaling
from ..exercises import nb07 as ex
from ..specs import ARTICLE_PAIR, CM384, DEEPSEEK_V3, KWH, NVL72
from . import quantity


def _runs() -> dict[str, power.Run]:
    """DeepSeek-V3's published pre-training on one of each of the article's systems, at the
    defaults, by system key."""
    tokens = scaling.training_tokens(DEEPSEEK_V3).value
    flops = scaling.training_flops(DEEPSEEK_V3, tokens)
    return {s.key: power.run(s, flops) for s in ARTICLE_PAIR.systems}


def _owns() -> dict[str, power.Ownership]:
    """Owning each of the article's systems at the defaults, by system key."""
    return {s.key: power.ownership(s) for s in ARTICLE_PAIR.systems}


def _ratio(values: dict, attribute: str) -> float:
    """The article's challenger over its baseline (CM384 / NVL72) of ``attribute``."""
    ch, base = (getattr(values[s.key], attribute) for s in ARTICLE_PAIR.systems)
    return ch / base


# ---- Power and its parts ---------------------------------------------------------------------
@quantity("nb07.optics", "W", "the CM384's optical modules at the assumed power per module")
def optics() -> float:
    return power.power_parts(CM384)[0].watts


@quantity("nb07.optics_share", "1", "the CM384 optics' share of its all-in power")
def optics_share() -> float:
    return power.power_parts(CM384)[0].watts / CM384.power.value


@quantity("nb07.gpu_share", "1", "the NVL72's GPUs (at their rated maximum) over its all-in power")
def gpu_share() -> float:
    return power.power_parts(NVL72)[0].watts / NVL72.power.value


# ---- A run ----------------------------------------------------------------------------------
@quantity("nb07.run_tokens_t", "1", "DeepSeek-V3's pre-training tokens, in trillions")
def run_tokens_t() -> float:
    return scaling.training_tokens(DEEPSEEK_V3).value / 1e12


@quantity("nb07.run_energy_ratio", "1", "CM384 / NVL72 facility energy of the same run")
def run_energy_ratio() -> float:
    return _ratio(_runs(), "energy")


@quantity("nb07.run_days_cm384", "s", "the run's time on one CM384")
def run_days_cm384() -> float:
    return _runs()[CM384.key].seconds


@quantity("nb07.run_days_nvl72", "s", "the run's time on one NVL72")
def run_days_nvl72() -> float:
    return _runs()[NVL72.key].seconds


@quantity("nb07.run_energy_cm384", "J", "the run's facility energy on one CM384")
def run_energy_cm384() -> float:
    return _runs()[CM384.key].energy


@quantity("nb07.run_energy_nvl72", "J", "the run's facility energy on one NVL72")
def run_energy_nvl72() -> float:
    return _runs()[NVL72.key].energy


@quantity("nb07.run_electricity_cm384", "USD", "the run's electricity on one CM384")
def run_electricity_cm384() -> float:
    return _runs()[CM384.key].electricity_cost


@quantity("nb07.run_hardware_cm384", "USD", "the CM384's price spread over the run's time")
def run_hardware_cm384() -> float:
    return _runs()[CM384.key].hardware_cost


@quantity("nb07.run_co2_cm384", "kg", "the run's CO2 on one CM384")
def run_co2_cm384() -> float:
    return _runs()[CM384.key].co2


@quantity("nb07.run_co2_nvl72", "kg", "the run's CO2 on one NVL72")
def run_co2_nvl72() -> float:
    return _runs()[NVL72.key].co2


# ---- Owning a system -------------------------------------------------------------------------
@quantity("nb07.break_even", "USD/J", "electricity price at which an NVL72's power costs its price")
def break_even() -> float:
    return ex._break_even_cents() / 100 / KWH


@quantity("nb07.nvl72_hardware_hour", "USD", "an NVL72's price spread over its life, per hour")
def nvl72_hardware_hour() -> float:
    return _owns()[NVL72.key].hardware_per_s * power.HOUR


@quantity("nb07.nvl72_facility", "W", "an NVL72's all-in power times the PUE")
def nvl72_facility() -> float:
    return NVL72.power.value * _owns()[NVL72.key].pue


@quantity("nb07.pflop_hour_ratio", "1", "CM384 / NVL72 cost per PFLOP-hour at the defaults")
def pflop_hour_ratio() -> float:
    return _ratio(_owns(), "per_pflop_hour")


@quantity("nb07.elec_share_cm384", "1", "electricity's share of a CM384's hourly cost")
def elec_share_cm384() -> float:
    o = _owns()[CM384.key]
    return o.electricity_per_s / (o.hardware_per_s + o.electricity_per_s)


@quantity("nb07.elec_share_nvl72", "1", "electricity's share of an NVL72's hourly cost")
def elec_share_nvl72() -> float:
    o = _owns()[NVL72.key]
    return o.electricity_per_s / (o.hardware_per_s + o.electricity_per_s)


@quantity("nb07.train_cost_cm384", "USD", "USD per million training tokens of DeepSeek-V3, CM384")
def train_cost_cm384() -> float:
    o = _owns()[CM384.key]
    return o.per_million_tokens(o.training_tokens_per_s(DEEPSEEK_V3))


@quantity("nb07.train_cost_nvl72", "USD", "USD per million training tokens of DeepSeek-V3, NVL72")
def train_cost_nvl72() -> float:
    o = _owns()[NVL72.key]
    return o.per_million_tokens(o.training_tokens_per_s(DEEPSEEK_V3))


@quantity("nb07.decode_cost", "USD", "USD per million decode tokens of the paper's decode NPUs")
def decode_cost() -> float:
    return power.decode_cost_per_million(_owns()[CM384.key])
