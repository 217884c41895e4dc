"""Exercises and predictions of notebook 04 (interconnects and collectives)."""

from __future__ import annotations

from .. import comm
from ..specs import CM384, FIGURES, FORMAT_LAYOUTS, NVL72
from ..units import GB, MB
from .core import Exercise

NB = "04_interconnects"

_NVLINK = comm.link("nvlink5")
_ALPHA = _NVLINK.alpha.value  # NCCL's per-step latency over NVLink, s
_B = _NVLINK.bandwidth.value  # B200 NVLink 5, one direction, B/s
_MS = 1e-3
_SERVER = 8  # GPUs in one H100 server, the setting of the measured bus bandwidth
_MEASURED = FIGURES["h100.nvlink_allreduce_busbw_measured"].value
_MEASURED_TIME = GB * comm.busbw_factor("ring_allreduce", _SERVER) / _MEASURED
_MODULES = FIGURES["cm384.transceivers"].value
_MODULE_W = FIGURES["link.optics_400g_lpo_power"]
_HOP = FIGURES["link.switch_hop_latency"].value
_FIBRE = FIGURES["link.fibre_delay_per_m"].value
_SMALL = 4e3  # bytes: a small message (4 kB)
_STEPS = comm.steps("ring_allreduce", NVL72.n)


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


def _allreduce_384(system_key: str) -> float:
    return float(comm.domain(system_key, CM384.n).time("ring_allreduce", GB))


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
        prompt=f"A 1 GB ring all-reduce over NVLink takes some time on {_SERVER} GPUs. How many "
        f"times as long does it take on {NVL72.n} GPUs with the same links?",
        answer=lambda: _ring_1gb(NVL72.n) / _ring_1gb(_SERVER),
        unit="x",
        rel_tol=0.05,
        explain=f"Only {_ring_1gb(NVL72.n) / _ring_1gb(_SERVER):.2f}x: each GPU sends 2(n-1)/n of "
        f"the vector, which is {_share(_SERVER):.3g} at {_SERVER} GPUs and {_share(NVL72.n):.3g} "
        f"at {NVL72.n}. The ring's time barely depends on n; it depends on the bandwidth of "
        "each chip. Only the latency term grows with n.",
    ),
    Exercise(
        id="04.who_wins_384",
        notebook=NB,
        kind="predict",
        prompt=f"A 1 GB all-reduce over {CM384.n} chips: the CM384 stays inside its supernode; "
        f"{CM384.n} B200 GPUs need {-(-CM384.n // NVL72.n)} NVL72 racks joined by the scale-out "
        "network. Which finishes first?",
        choices=("CM384", "NVL72 racks", "about equal"),
        answer=lambda: (
            "CM384" if _allreduce_384("cm384") < _allreduce_384("nvl72") else "NVL72 racks"
        ),
        explain=f"The CM384, {_allreduce_384('nvl72') / _allreduce_384('cm384'):.1f}x faster: "
        "once a collective leaves the NVL72's copper domain, each GPU sends at its NIC's "
        f"{NVL72.chip.scale_out_bandwidth.value / GB:.0f} GB/s instead of the "
        f"{CM384.chip.scale_up_bandwidth.value / GB:.0f} GB/s each 910C has on the UB. This is "
        "what the all-optical supernode buys.",
    ),
    Exercise(
        id="04.bf16_order",
        notebook=NB,
        kind="predict",
        prompt=f"{CM384.n} ranks all-reduce their gradients in BF16, rounding after every "
        "addition. Which order of additions gives the smaller error?",
        choices=("ring", "tree", "no difference"),
        answer=lambda: (
            "tree"
            if comm.error_by_ranks([CM384.n], ["bf16_tree"], 512)["bf16_tree"][0]
            < comm.error_by_ranks([CM384.n], ["bf16_ring"], 512)["bf16_ring"][0]
            else "ring"
        ),
        explain="The tree: in a ring each chunk's sum grows one addend at a time, so late "
        "addends are small next to the running sum and lose their low bits (BF16 keeps "
        f"{FORMAT_LAYOUTS['bf16'].mantissa_bits + 1} significant bits). A tree adds numbers of "
        "similar size at every level.",
    ),
    Exercise(
        id="04.allreduce_time",
        notebook=NB,
        prompt=f"How long does a ring all-reduce of a 1 GB gradient take over the {NVL72.n} GPUs "
        f"of an NVL72, at {_B / GB:.0f} GB/s per GPU one way and {_ALPHA * 1e6:.1f} µs of "
        "latency per step (NCCL's model)?",
        answer=lambda: _ring_1gb(NVL72.n) / _MS,
        unit="ms",
        rel_tol=0.01,
        hint="A ring all-reduce takes 2(n-1) steps; in each, every GPU sends S/n bytes. "
        "Time = 2(n-1) x alpha + 2(n-1)/n x S / B. Keep S in bytes and B in bytes per second.",
        solution=f"2 x {NVL72.n - 1} = {_STEPS} steps cost {_STEPS} x {_ALPHA * 1e6:.1f} µs = "
        f"{_STEPS * _ALPHA / _MS:.3g} ms of latency; each GPU sends 2 x {NVL72.n - 1}/{NVL72.n} "
        f"x 1 GB = {_share(NVL72.n):.4g} GB, which takes {_share(NVL72.n) * GB / _B / _MS:.3g} "
        f"ms at {_B / GB:.0f} GB/s. In all: {{answer}}.",
        code="from helpers import comm, specs\n"
        "from helpers.units import GB\n"
        'nvlink = comm.link("nvlink5")\n'
        "seconds = comm.collective_time(\n"
        '    "ring_allreduce", specs.NVL72.n, GB, nvlink.alpha.value, nvlink.bandwidth.value\n'
        ")\n"
        "answer = seconds * 1e3  # s -> ms",
    ),
    Exercise(
        id="04.busbw_from_time",
        notebook=NB,
        prompt=f"nccl-tests reports that an all-reduce of 1 GB over the {_SERVER} GPUs of an "
        f"H100 server takes {_MEASURED_TIME / _MS:.3f} ms. What bus bandwidth does it report, in "
        "GB/s?",
        answer=lambda: comm.busbw("ring_allreduce", _SERVER, GB, _MEASURED_TIME) / GB,
        unit="GB/s",
        rel_tol=0.01,
        hint="First the algorithm bandwidth, size / time. Then multiply by nccl-tests' factor "
        "for an all-reduce, 2(n-1)/n.",
        solution=f"algbw = 1 GB / {_MEASURED_TIME / _MS:.3f} ms = "
        f"{GB / _MEASURED_TIME / GB:.4g} GB/s; busbw = algbw x 2 x {_SERVER - 1}/{_SERVER} = "
        "{answer}. That is "
        f"the {_MEASURED / GB:.0f} GB/s the jax-ml scaling book measured, "
        f"{comm.measured_busbw_fraction():.0%} of the H100's "
        f"{FIGURES['h100.nvlink_bandwidth'].value / GB:.0f} GB/s NVLink peak.",
        code="from helpers import comm\n"
        "from helpers.units import GB\n"
        "seconds = 4.730e-3  # literal-ok: the time the exercise gives\n"
        'answer = comm.busbw("ring_allreduce", 8, GB, seconds) / GB',
    ),
    Exercise(
        id="04.crossover",
        notebook=NB,
        prompt=f"Over one NVLink 5 link ({_B / GB:.0f} GB/s one way) with NCCL's per-step "
        "latency, above which message size does the bandwidth term outweigh the latency term?",
        answer=lambda: comm.crossover_bytes(_ALPHA, _B) / MB,
        unit="MB",
        rel_tol=0.01,
        hint="The two terms of alpha + S / B are equal when S = alpha x B. Work in seconds and "
        "bytes per second, then convert bytes to MB (1 MB = 1e6 bytes).",
        solution=f"S = alpha x B = {_ALPHA * 1e6:.1f} µs x {_B / GB:.0f} GB/s = {{answer}}. A "
        "message this size reaches only half the link's bandwidth; collectives cut their "
        "vector into chunks of S/n, so on many ranks even large vectors become small messages.",
        code="from helpers import comm\n"
        'nvlink = comm.link("nvlink5")\n'
        "answer = comm.crossover_bytes(nvlink.alpha.value, nvlink.bandwidth.value) / 1e6",
    ),
    Exercise(
        id="04.transceiver_power",
        notebook=NB,
        prompt=f"SemiAnalysis counts {_MODULES:,.0f} optical modules of "
        f"{FIGURES['cm384.transceiver_rate'].value * 8 / GB:.0f} Gb/s in a CM384. At "
        f"{_MODULE_W.value:.0f} W per linear-drive (LPO) module, how many kilowatts do they draw?",
        answer=lambda: comm.transceiver_power().watts / 1e3,
        unit="kW",
        rel_tol=0.01,
        hint="Modules x watts per module, then W -> kW.",
        solution=f"{_MODULES:,.0f} x {_MODULE_W.value:.0f} W = {{answer}}, between "
        f"{comm.transceiver_power().low / 1e3:.0f} and {comm.transceiver_power().high / 1e3:.0f} "
        f"kW for {_MODULE_W.low:.0f}-{_MODULE_W.high:.0f} W per module: about "
        f"{comm.transceiver_power().share_of_system:.0%} of the "
        f"system's {CM384.power.value / 1e3:.0f} kW. Counting a module at each end of every "
        f"optical link gives {comm.transceiver_power(True).watts / 1e3:.0f} kW.",
        code="from helpers import comm\nanswer = comm.transceiver_power().watts / 1e3  # W -> kW",
    ),
    Exercise(
        id="04.fibre_per_hop",
        notebook=NB,
        prompt=f"Light in fibre takes about {_FIBRE * 1e9:.1f} ns per metre; a switch hop "
        f"takes about {_HOP * 1e9:.0f} ns. How many metres of fibre delay a message as much as "
        "one switch hop?",
        answer=comm.fibre_metres_per_switch_hop,
        unit="m",
        rel_tol=0.02,
        hint="Divide the hop's latency by the delay per metre (both in seconds).",
        solution="{answer}: the CM384's links between racks (tens of metres) add less delay "
        "than one switch hop, and both are far below the microseconds a collective library "
        "spends per step. Going optical costs power, money and failure points, not latency.",
        code="from helpers import comm\nanswer = comm.fibre_metres_per_switch_hop()",
    ),
)
