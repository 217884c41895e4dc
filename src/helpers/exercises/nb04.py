"""Exercises and predictions of notebook 04 (interconnects and collectives)."""

from __future__ import annotations

import functools

from .. import comm
from ..specs import CM384, FIGURES, FORMAT_LAYOUTS, NVL72
from ..units import BITS_PER_BYTE, GB, KB, MB, si, times
from .core import Exercise

NB = "04_interconnects"

_NVLINK = comm.link("nvlink5")
_ALPHA = _NVLINK.alpha.value  # NCCL's per-step latency over NVLink, s
_B = _NVLINK.bandwidth.value  # B200 NVLink 5, one direction, B/s
_MS = 1e-3
_SERVER = 8  # GPUs in one H100 server, the setting of the measured bus bandwidth
_MEASURED = FIGURES["h100.nvlink_allreduce_busbw_measured"].value
_MEASURED_SIZE = FIGURES["h100.nvlink_allreduce_measured_size"].value  # bytes per GPU
_MEASURED_TIME = _MEASURED_SIZE * comm.busbw_factor("ring_allreduce", _SERVER) / _MEASURED
_MEDIUM = FIGURES["h100.nvlink_allreduce_busbw_medium"].value
_MEDIUM_SIZE = FIGURES["h100.nvlink_allreduce_medium_size"].value
_MODULES = FIGURES["cm384.transceivers"].value
_MODULE_W = FIGURES["link.optics_400g_lpo_power"]
_HOP = FIGURES["link.switch_hop_latency"].value
_FIBRE = FIGURES["link.fibre_delay_per_m"].value
_SMALL = 4e3  # bytes: a small message (4 kB)
#: Scenario values of the exercises (not hardware figures): half a rack, a 256 MB gradient.
HALF_RACK = NVL72.n // 2
GRADIENT = 256 * MB
_STEPS = comm.steps("ring_allreduce", HALF_RACK)
_NET = comm.link("scale_out")
_STEP_NVLINK = FIGURES["nccl.ring_step_latency_nvlink"].value
_UP_MODULES = comm.transceiver_power().scale_up_modules
_UP_CABLES = comm.transceiver_power().scale_up_cables
_LINKS = FIGURES["cm384.ub_optical_links"].value
#: A vector of 1 GB (a scenario size of the predictions, not a hardware figure).
ONE_GB = 1
_TWO = 2  # the factor 2 of a ring all-reduce's 2(n-1)/n, written out in the solutions
_BEYOND = comm.domain(NVL72, CM384.n)
_K, _M = _BEYOND.domains
_A2A_OUT = sum(p.sent for p in _BEYOND.phases("all_to_all", GB) if p.level == "outer")
_AR_OUT = sum(p.sent for p in _BEYOND.phases("ring_allreduce", GB) if p.level == "outer")


def _bound(nbytes: float) -> str:
    """Which term of alpha + S / B dominates for a message of ``nbytes`` over NVLink 5."""
    latency, transfer = _ALPHA, nbytes / _B
    if latency > 3 * transfer:
        return "latency"
    return "bandwidth" if transfer > 3 * latency else "about equal"


def _ring_1gb(n: int) -> float:
    return float(comm.collective_time("ring_allreduce", n, GB, _ALPHA, _B))


def _share(n: int) -> float:
    """Share of its vector each rank sends in a ring all-reduce, 2(n-1)/n."""
    return comm.busbw_factor("ring_allreduce", n)


def _at_384(system_key: str, collective: str) -> float:
    return float(comm.domain(system_key, CM384.n).time(collective, GB))


@functools.cache
def _errors_384() -> tuple[float, float]:
    """Relative errors of a BF16 ring and tree all-reduce on the CM384's chip count."""
    found = comm.error_by_ranks([CM384.n], ["bf16_ring", "bf16_tree"])
    return float(found["bf16_ring"][0]), float(found["bf16_tree"][0])


EXERCISES = (
    Exercise(
        id="04.small_message",
        notebook=NB,
        kind="predict",
        prompt=f"A {_SMALL / 1e3:.0f} kB message crosses one NVLink 5 link "
        f"({_B / GB:.0f} GB/s one way, about {_ALPHA * 1e6:.1f} µs of latency per message). Is "
        "its time set mostly by the latency or by the bandwidth?",
        choices=("latency", "bandwidth", "about equal"),
        answer=lambda: _bound(_SMALL),
        reveals=lambda: (
            si(comm.crossover_bytes(_ALPHA, _B), "B"),
            f"{comm.crossover_bytes(_ALPHA, _B) / MB:.2g} MB",
        ),
        explain=f"Moving {_SMALL / 1e3:.0f} kB at {_B / GB:.0f} GB/s takes "
        f"{_SMALL / _B * 1e9:.1f} ns, against {_ALPHA * 1e6:.1f} µs of latency: the link "
        "sits idle almost all the time. "
        f"Only messages above alpha x B = {comm.crossover_bytes(_ALPHA, _B) / MB:.2g} MB use the "
        "bandwidth well.",
    ),
    Exercise(
        id="04.allreduce_growth",
        notebook=NB,
        kind="predict",
        prompt=f"A {ONE_GB} GB ring all-reduce over NVLink takes some time on {_SERVER} GPUs. How "
        f"many times as long does it take on {NVL72.n} GPUs with the same links?",
        answer=lambda: _ring_1gb(NVL72.n) / _ring_1gb(_SERVER),
        unit="x",
        rel_tol=0.05,
        reveals=lambda: (
            si(_ring_1gb(_SERVER), "s"),
            f"{_share(NVL72.n):.3g} times its vector",
            "whatever n is",
        ),
        explain=f"Only {_ring_1gb(NVL72.n) / _ring_1gb(_SERVER):.2f}x: each GPU sends 2(n-1)/n of "
        f"the vector, which is {_share(_SERVER):.3g} at {_SERVER} GPUs and {_share(NVL72.n):.3g} "
        f"at {NVL72.n}. The ring's time barely depends on n; it depends on the bandwidth of "
        "each chip. Only the latency term grows with n.",
    ),
    Exercise(
        id="04.who_wins_384",
        notebook=NB,
        kind="predict",
        prompt=f"A mixture-of-experts layer sends each chip's tokens to experts on every other "
        f"chip: an all-to-all of {ONE_GB} GB per chip over {CM384.n} chips. The CM384 stays "
        "inside its "
        f"supernode; {CM384.n} B200 GPUs need {_K} NVL72 racks joined by the scale-out network. "
        "Which finishes first?",
        choices=("CM384", "NVL72 racks", "about equal"),
        answer=lambda: (
            "CM384"
            if _at_384("cm384", "all_to_all") < _at_384("nvl72", "all_to_all")
            else "NVL72 racks"
        ),
        reveals=lambda: (
            times(_at_384("nvl72", "all_to_all") / _at_384("cm384", "all_to_all"), 2),
            si(_at_384("cm384", "all_to_all"), "s"),
            si(_at_384("nvl72", "all_to_all"), "s"),
            "where the supernode pays off",
        ),
        explain="The CM384, "
        f"{_at_384('nvl72', 'all_to_all') / _at_384('cm384', 'all_to_all'):.1f}x faster. "
        f"With {_K} racks of {_M}, {CM384.n - _M} of every {CM384.n} chunks of each GPU's "
        f"data are for other racks: {_A2A_OUT / MB:.0f} MB must leave through its "
        f"{NVL72.chip.scale_out_bandwidth.value / GB:.0f} GB/s network card, where each 910C "
        f"sends everything at {CM384.chip.scale_up_bandwidth.value / GB:.0f} GB/s on the UB. "
        "An all-reduce is another story: it sums inside each rack first, so only a "
        f"1/{_M} shard ({_AR_OUT / MB:.0f} MB) crosses each card, and the NVL72 racks finish "
        f"first, {_at_384('cm384', 'ring_allreduce') / _at_384('nvl72', 'ring_allreduce'):.1f}x "
        "faster.",
    ),
    Exercise(
        id="04.bf16_order",
        notebook=NB,
        kind="predict",
        prompt=f"{CM384.n} ranks all-reduce their gradients in BF16, rounding after every "
        "addition. Which order of additions gives the smaller error?",
        choices=("ring", "tree", "no difference"),
        answer=lambda: "tree" if _errors_384()[1] < _errors_384()[0] else "ring",
        reveals=lambda: (
            f"{_errors_384()[0]:.1e}",
            f"{_errors_384()[1]:.1e}",
            "a tree keeps the error",
        ),
        explain="The tree: in a ring each chunk's sum grows one addend at a time, so late "
        "addends are small next to the running sum and lose their low bits (BF16 keeps "
        f"{FORMAT_LAYOUTS['bf16'].mantissa_bits + 1} significant bits). A tree adds numbers of "
        "similar size at every level.",
    ),
    Exercise(
        id="04.allreduce_time",
        notebook=NB,
        prompt=f"How long does a ring all-reduce of a {GRADIENT / MB:.0f} MB gradient take over "
        f"{HALF_RACK} GPUs of an NVL72 (half the rack), at {_B / GB:.0f} GB/s per GPU one way "
        f"and {_ALPHA * 1e6:.1f} µs of latency per step (NCCL's model)?",
        answer=lambda: float(
            comm.collective_time("ring_allreduce", HALF_RACK, GRADIENT, _ALPHA, _B) / _MS
        ),
        unit="ms",
        rel_tol=0.01,
        hint="A ring all-reduce takes 2(n-1) steps; in each, every GPU sends S/n bytes. "
        "Time = 2(n-1) alpha + 2(n-1)/n S / B. Keep S in bytes and B in bytes per second.",
        solution=f"{_TWO} x {HALF_RACK - 1} = {_STEPS} steps cost {_STEPS} x "
        f"{_ALPHA * 1e6:.1f} µs = {_STEPS * _ALPHA / _MS:.3g} ms of latency; each GPU sends "
        f"{_TWO} x {HALF_RACK - 1}/{HALF_RACK} x {GRADIENT / MB:.0f} MB = "
        f"{_share(HALF_RACK) * GRADIENT / MB:.4g} MB, "
        f"which takes {_share(HALF_RACK) * GRADIENT / _B / _MS:.3g} ms at {_B / GB:.0f} GB/s. "
        "In all: {answer}.",
        code="from helpers import comm\n"
        "from helpers.units import MB\n"
        'nvlink = comm.link("nvlink5")\n'
        "seconds = comm.collective_time(\n"
        '    "ring_allreduce", 36, 256 * MB, nvlink.alpha.value, nvlink.bandwidth.value\n'
        ")\n"
        "answer = seconds * 1e3  # s -> ms",
    ),
    Exercise(
        id="04.busbw_from_time",
        notebook=NB,
        prompt=f"An all-reduce of {_MEASURED_SIZE / GB:.0f} GB per GPU over the {_SERVER} GPUs of "
        f"an H100 server takes {_MEASURED_TIME / _MS:.2f} ms (nccl-tests' time). What bus "
        "bandwidth does nccl-tests report, in GB/s?",
        answer=lambda: comm.busbw("ring_allreduce", _SERVER, _MEASURED_SIZE, _MEASURED_TIME) / GB,
        unit="GB/s",
        rel_tol=0.01,
        hint="First the algorithm bandwidth, size / time. Then multiply by nccl-tests' factor "
        "for an all-reduce, 2(n-1)/n.",
        solution=f"algbw = {_MEASURED_SIZE / GB:.0f} GB / {_MEASURED_TIME / _MS:.2f} ms = "
        f"{_MEASURED_SIZE / _MEASURED_TIME / GB:.4g} GB/s; busbw = algbw x {_TWO} x "
        f"{_SERVER - 1}/{_SERVER} = " + "{answer}. "
        f"That is the {_MEASURED / GB:.0f} GB/s that Google DeepMind and MatX authors measured "
        f"(the scaling book), {comm.measured_busbw_fraction():.0%} of the H100's "
        f"{FIGURES['h100.nvlink_bandwidth'].value / GB:.0f} GB/s NVLink peak, and only with "
        f"arrays of about {_MEASURED_SIZE / GB:.0f} GB per GPU: a {_MEDIUM_SIZE / MB:.0f} MB "
        f"array got about {_MEDIUM / GB:.0f} GB/s.",
        code="from helpers import comm\n"
        "from helpers.units import GB\n"
        f"seconds = {_MEASURED_TIME:.4g}  # literal-ok: the time the exercise gives\n"
        f'answer = comm.busbw("ring_allreduce", {_SERVER}, {_MEASURED_SIZE / GB:.0f} * GB, '
        "seconds) / GB",
    ),
    Exercise(
        id="04.crossover",
        notebook=NB,
        prompt="Over a GPU's scale-out network card "
        f"({_NET.bandwidth.value * BITS_PER_BYTE / GB:.0f} Gb/s = "
        f"{_NET.bandwidth.value / GB:.0f} GB/s one way), with NCCL's per-step latency over the "
        f"network ({_NET.alpha.value * 1e6:.0f} µs), above which message size does the "
        "bandwidth term outweigh the latency term?",
        answer=lambda: comm.crossover_bytes(_NET.alpha.value, _NET.bandwidth.value) / KB,
        unit="kB",
        rel_tol=0.01,
        hint="The two terms of alpha + S / B are equal when S = alpha x B. Work in seconds and "
        "bytes per second (Gb/s / 8 = GB/s), then convert bytes to kB (1 kB = 1e3 bytes).",
        solution=f"S = alpha x B = {_NET.alpha.value * 1e6:.0f} µs x "
        f"{_NET.bandwidth.value / GB:.0f} GB/s = {{answer}}, against "
        f"{comm.crossover_bytes(_ALPHA, _B) / MB:.2g} MB over NVLink: a slower link is used "
        "well by smaller messages, but moves them slower.",
        code="from helpers import comm\n"
        'net = comm.link("scale_out")\n'
        "answer = comm.crossover_bytes(net.alpha.value, net.bandwidth.value) / 1e3  # B -> kB",
    ),
    Exercise(
        id="04.transceiver_power",
        notebook=NB,
        prompt=f"SemiAnalysis counts {_UP_MODULES:,.0f} optical modules of "
        f"{FIGURES['cm384.transceiver_rate'].value * BITS_PER_BYTE / GB:.0f} Gb/s in the CM384's "
        f"scale-up network: a module at each end of {_UP_CABLES:,.0f} cables. At "
        f"{_MODULE_W.value:.0f} W per module (an assumption for a linear-drive, LPO, module), how "
        f"many watts of scale-up optics is that per {CM384.chip.name}?",
        answer=lambda: _UP_MODULES * _MODULE_W.value / CM384.n,
        unit="W",
        rel_tol=0.01,
        hint="Modules x watts per module gives the whole network's optics; share it over the "
        "chips.",
        solution=f"{_UP_MODULES:,.0f} x {_MODULE_W.value:.0f} W / {CM384.n} = {{answer}} "
        f"({_UP_MODULES / CM384.n:.0f} modules per chip: {_UP_CABLES / CM384.n:.0f} cables, a "
        f"module at each end), {_UP_MODULES * _MODULE_W.value / CM384.power.value:.1%} of the "
        f"system's {CM384.power.value / 1e3:.0f} kW. With the "
        f"{FIGURES['cm384.transceivers_scale_out'].value:,.0f} scale-out modules too, all "
        f"{_MODULES:,.0f} draw {comm.transceiver_power().watts / 1e3:.0f} kW. Do not double "
        f"them: notebook 05's graph has {_LINKS:,.0f} logical links in the same network, but "
        "they run two to a cable, so they are not more modules.",
        code="from helpers import comm, specs\n"
        "modules = comm.transceiver_power().scale_up_modules\n"
        'watts = specs.FIGURES["link.optics_400g_lpo_power"].value\n'
        "answer = modules * watts / specs.CM384.n",
    ),
    Exercise(
        id="04.fibre_per_step",
        notebook=NB,
        prompt=f"Light in fibre takes about {_FIBRE * 1e9:.1f} ns per metre. NCCL charges "
        f"{_STEP_NVLINK * 1e6:.1f} µs of latency for one step of a collective over NVLink. How "
        "many metres of fibre would delay a message as much as one such step?",
        answer=lambda: _STEP_NVLINK / _FIBRE,
        unit="m",
        rel_tol=0.02,
        hint="Divide the step's latency by the delay per metre (both in seconds).",
        solution=f"{_STEP_NVLINK * 1e6:.1f} µs / {_FIBRE * 1e9:.1f} ns per m = {{answer}}, "
        f"against {comm.fibre_metres_per_switch_hop():.0f} m for one switch hop: the CM384's "
        "links between racks (tens of metres) add far less delay than the software's own step. "
        "Going optical costs power, money and failure points, not latency.",
        code="from helpers import specs\n"
        'step = specs.FIGURES["nccl.ring_step_latency_nvlink"].value\n'
        'answer = step / specs.FIGURES["link.fibre_delay_per_m"].value',
    ),
)
