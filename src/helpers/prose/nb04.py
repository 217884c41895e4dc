"""Numbers notebook 04 (interconnects and collectives) states in its prose, from the models.

Each is a :func:`helpers.prose.quantity`: the notebook's markdown marks the number with
``<!--=nb04.name-->`` and ``make notebooks`` writes it from here.
"""

from __future__ import annotations

from .. import comm
from ..specs import CM384, FIGURES, NVL72
from ..units import GB
from . import quantity

_BEYOND = CM384.n  # the chip count of the "beyond the domain" comparison (one CM384)


def _nvlink() -> comm.LinkKind:
    return comm.link("nvlink5")


@quantity("nb04.crossover_nvlink", "B", "alpha x B of one NVLink 5 link (NCCL's step latency)")
def crossover_nvlink() -> float:
    k = _nvlink()
    return comm.crossover_bytes(k.alpha.value, k.bandwidth.value)


@quantity("nb04.fibre_delay_1m", "s", "delay of light over one metre of fibre")
def fibre_delay_1m() -> float:
    return FIGURES["link.fibre_delay_per_m"].value


@quantity("nb04.copper_delay_1m", "s", "delay of a signal over one metre of copper cable")
def copper_delay_1m() -> float:
    return FIGURES["link.copper_delay_per_m"].value


@quantity("nb04.fibre_per_hop", "m", "metres of fibre that delay a message as much as one hop")
def fibre_per_hop() -> float:
    return comm.fibre_metres_per_switch_hop()


@quantity(
    "nb04.optics_power",
    "W",
    "what the CM384's optical modules draw, at the assumed watts per module",
)
def optics_power() -> float:
    return comm.transceiver_power().watts


@quantity("nb04.ub_energy_ratio", "x", "energy per bit of the UB's optical links over NVLink's")
def ub_energy_ratio() -> float:
    return comm.link("ub_lpo").energy_per_bit / _nvlink().energy_per_bit


def _ring_and_tree_1gb() -> tuple[float, float]:
    k = _nvlink()
    args = (NVL72.n, GB, k.alpha.value, k.bandwidth.value)
    return (
        float(comm.collective_time("ring_allreduce", *args)),
        float(comm.collective_time("tree_allreduce", *args)),
    )


@quantity("nb04.tree_over_ring", "x", "binomial tree all-reduce time over a ring's, 1 GB, NVL72")
def tree_over_ring() -> float:
    ring, tree = _ring_and_tree_1gb()
    return tree / ring


def _time(system: str, collective: str, chips: int) -> float:
    return float(comm.domain(system, chips).time(collective, GB))


@quantity("nb04.ring_ratio_72", "x", "CM384 over NVL72 time, 1 GB ring all-reduce on 72 chips")
def ring_ratio_72() -> float:
    return _time("cm384", "ring_allreduce", NVL72.n) / _time("nvl72", "ring_allreduce", NVL72.n)


@quantity("nb04.ring_ratio_384", "x", "CM384 over NVL72 racks time, 1 GB ring all-reduce, 384")
def ring_ratio_384() -> float:
    return _time("cm384", "ring_allreduce", _BEYOND) / _time("nvl72", "ring_allreduce", _BEYOND)


@quantity("nb04.a2a_ratio_384", "x", "NVL72 racks over CM384 time, 1 GB all-to-all, 384 chips")
def a2a_ratio_384() -> float:
    return _time("nvl72", "all_to_all", _BEYOND) / _time("cm384", "all_to_all", _BEYOND)


def _beyond() -> comm.Domain:
    return comm.domain(NVL72, _BEYOND)


@quantity("nb04.racks_384", "x", "NVL72 racks a 384-chip job spans")
def racks_384() -> float:
    return _beyond().domains[0]


@quantity("nb04.gpus_per_rack_384", "x", "GPUs per rack when 384 are spread evenly over racks")
def gpus_per_rack_384() -> float:
    return _beyond().domains[1]


@quantity("nb04.remote_chunks_384", "x", "chunks of 384 each GPU sends to other racks")
def remote_chunks_384() -> float:
    return _BEYOND - _beyond().domains[1]


def _sent(collective: str, level: str) -> float:
    return sum(p.sent for p in _beyond().phases(collective, GB) if p.level == level)


def _steps(collective: str, level: str) -> float:
    return sum(
        comm.steps(p.collective, p.ranks)
        for p in _beyond().phases(collective, GB)
        if p.level == level
    )


@quantity("nb04.ar_out_384", "B", "bytes each GPU sends through its card, 1 GB all-reduce, 384")
def ar_out_384() -> float:
    return _sent("ring_allreduce", "outer")


@quantity("nb04.a2a_out_384", "B", "bytes each GPU sends through its card, 1 GB all-to-all, 384")
def a2a_out_384() -> float:
    return _sent("all_to_all", "outer")


@quantity("nb04.a2a_steps_out_384", "x", "all-to-all steps across racks, 384 GPUs")
def a2a_steps_out_384() -> float:
    return _steps("all_to_all", "outer")


@quantity("nb04.a2a_steps_in_384", "x", "all-to-all steps inside each rack, 384 GPUs")
def a2a_steps_in_384() -> float:
    return _steps("all_to_all", "inner")


@quantity("nb04.a2a_steps_cm384", "x", "all-to-all steps inside one CM384")
def a2a_steps_cm384() -> float:
    return comm.steps("all_to_all", CM384.n)


#: Reduction errors by method, computed once: they depend on no figure (only on the rank
#: count), so a changed figure need not recompute them (a plain dict: perturbed() leaves it).
_ERRORS: dict[tuple[str, int], float] = {}


def _error(method: str) -> float:
    key = (method, CM384.n)
    if key not in _ERRORS:
        _ERRORS[key] = float(comm.error_by_ranks([CM384.n], [method])[method][0])
    return _ERRORS[key]


@quantity("nb04.bf16_ring_error", "x", "relative error of a BF16 ring all-reduce on 384 ranks")
def bf16_ring_error() -> float:
    return _error("bf16_ring")


@quantity("nb04.bf16_tree_error", "x", "relative error of a BF16 tree all-reduce on 384 ranks")
def bf16_tree_error() -> float:
    return _error("bf16_tree")


@quantity("nb04.fp32_once_error", "x", "relative error of an FP32 all-reduce rounded once to BF16")
def fp32_once_error() -> float:
    return _error("fp32_then_bf16")


@quantity("nb04.measured_share", "x", "measured H100 all-reduce bus bandwidth over NVLink's peak")
def measured_share() -> float:
    return comm.measured_busbw_fraction()
