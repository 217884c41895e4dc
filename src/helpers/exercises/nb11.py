"""Exercises and predictions of notebook 11 (measure it yourself).

Two kinds. The answers about *your* machine are computed from your own measurement: the last
``measure.run()`` of this Python session (:func:`helpers.measure.latest`), or the course's
recorded run when you have not measured (and in the instructor guide). The answers about the
published GB200 NVL72 runs are computed from their figures and logs.
"""

from __future__ import annotations

from .. import comm, measure
from ..specs import FIGURES, NVL72
from ..units import GB, KiB, MiB, si
from .core import Exercise

NB = "11_measure_your_machine"

_NVLINK = comm.link("nvlink5")
_ALPHA, _B = _NVLINK.alpha.value, _NVLINK.bandwidth.value
_US = 1e-6
_CARD = NVL72.chip.scale_out_bandwidth.value
#: Scenario value of an exercise (not a hardware figure): a 64 MiB gradient.
GRADIENT = 64 * MiB


def _mine() -> measure.Fit:
    return measure.latest().fit()


#: Where the choices about your machine's alpha and B change: ratios to NVLink 5's.
_LIMITS = (1, 3, 30)


def _choices(more: str) -> tuple[str, ...]:
    """The four choices of a ratio to NVLink 5's, cut at :data:`_LIMITS`."""
    _, mid, high = _LIMITS
    less = "more" if more == "less" else "less"
    return (
        less,
        f"about the same (within {mid}x)",
        f"{mid} to {high} times {more}",
        f"over {high} times {more}",
    )


def _band(ratio: float, choices: tuple[str, ...]) -> str:
    """The choice ``ratio`` falls in (see :data:`_LIMITS`)."""
    for limit, choice in zip(_LIMITS, choices, strict=False):
        if ratio < limit:
            return choice
    return choices[-1]


_LATENCY_CHOICES = _choices("more")
_BANDWIDTH_CHOICES = _choices("less")
#: Where the choices about a share of NVLink 5's peak change.
_SHARES = (0.5, 0.8, 1.0)
_SHARE_CHOICES = (
    f"under {_SHARES[0]:.0%}",
    f"{_SHARES[0]:.0%} to {_SHARES[1]:.0%}",
    f"{_SHARES[1]:.0%} to {_SHARES[2]:.0%}",
    f"over {_SHARES[2]:.0%}",
)


def _vs_nvlink() -> float:
    fit = _mine()
    nvlink = comm.collective_time("ring_allreduce", fit.ranks, GRADIENT, _ALPHA, _B)
    return float(fit.predict("ring_allreduce", GRADIENT) / nvlink)


def _one_rack() -> measure.PublishedRun:
    return measure.published("gb200_1rack")


def _many_racks() -> measure.PublishedRun:
    return measure.published("gb200_20racks")


def _share_band(share: float) -> str:
    for limit, choice in zip(_SHARES, _SHARE_CHOICES, strict=False):
        if share < limit or (limit == _SHARES[-1] and share <= limit):
            return choice
    return _SHARE_CHOICES[-1]


def _card_band(ratio: float) -> str:
    if ratio < 0.8:
        return "below the card's"
    return "about the card's" if ratio < 1.5 else "several times the card's"


_TWO = measure.published("gb200_2racks")
_TRANSFER = float(comm.collective_time("ring_allreduce", NVL72.n, _one_rack().sizes[0], 0, _B))
_TWO_ROW = _TWO.log.rows[0]

EXERCISES = (
    Exercise(
        id="11.predict_latency",
        notebook=NB,
        kind="predict",
        prompt="Your computer runs each rank as a process; a message is a copy into shared memory "
        "and a semaphore that wakes the receiver. NVLink 5 costs about "
        f"{_ALPHA / _US:.1f} µs per step of a collective (NCCL's model). Your machine's latency "
        "per step, alpha, is:",
        choices=_LATENCY_CHOICES,
        answer=lambda: _band(_mine().alpha / _ALPHA, _LATENCY_CHOICES),
        reveals=lambda: (si(_mine().alpha, "s"),),
        explain="Each step waits for the operating system: a semaphore, a process put to sleep "
        "and woken, caches passed between cores. A GPU's collective library spins on flags in "
        "memory that the hardware updates, and NVSwitch forwards without software. The answer "
        "is computed from your own measurement (or the recorded run if you have not measured).",
    ),
    Exercise(
        id="11.predict_bandwidth",
        notebook=NB,
        kind="predict",
        prompt="Each step copies a chunk into the mailbox and adds or copies it out again, "
        f"through the processor's caches and memory. NVLink 5 moves {_B / GB:.0f} GB/s per GPU "
        "each way. Your machine's bandwidth per rank, B, is:",
        choices=_BANDWIDTH_CHOICES,
        answer=lambda: _band(_B / _mine().bandwidth, _BANDWIDTH_CHOICES),
        reveals=lambda: (si(_mine().bandwidth, "B/s"),),
        explain="A processor core copies through its caches and memory far more slowly than "
        "dedicated wires carry data, and every message is copied twice (into the mailbox, out of "
        "it). NVLink 5 is "
        f"{FIGURES['b200.nvlink_links'].value:.0f} links of dedicated wires per GPU. Large "
        "messages also fall out of the caches, which slows them down further. The "
        "answer is computed from your own measurement (or the recorded run).",
    ),
    Exercise(
        id="11.predict_share_of_peak",
        notebook=NB,
        kind="predict",
        prompt=f"A published nccl-tests run on one GB200 NVL72 rack ({_one_rack().ranks} GPUs) "
        "all-reduces messages of up to "
        f"{_one_rack().sizes[-1] / 2**30:.0f} GiB. Its bus bandwidth at the largest, as a share "
        f"of NVLink 5's {_B / GB:.0f} GB/s per GPU, is:",
        choices=_SHARE_CHOICES,
        answer=lambda: _share_band(float(_one_rack().busbw[-1]) / _B),
        reveals=lambda: (
            f"{float(_one_rack().busbw[-1]) / _B:.0%}",
            si(float(_one_rack().busbw[-1]), "B/s"),
        ),
        explain=f"{float(_one_rack().busbw[-1]) / _B:.0%}: with messages of gigabytes the "
        "latency is a small part of the time, and what is left between the peak and the "
        "measurement is how NCCL moves the data (its protocol, which adds flags to the data, "
        "and the chunks it pipelines), not the wires.",
    ),
    Exercise(
        id="11.predict_multirack",
        notebook=NB,
        kind="predict",
        prompt=f"The {_many_racks().run.racks}-rack run ({_many_racks().ranks:,} GPUs) must "
        "cross racks, and each GPU reaches the other racks through its own network card "
        f"({_CARD / GB:.0f} GB/s one way). Its bus bandwidth at the largest message is:",
        choices=("below the card's", "about the card's", "several times the card's"),
        answer=lambda: _card_band(float(_many_racks().busbw[-1]) / _CARD),
        reveals=lambda: (
            f"{float(_many_racks().busbw[-1]) / _CARD:.1f}x",
            si(float(_many_racks().busbw[-1]), "B/s"),
        ),
        explain=f"{float(_many_racks().busbw[-1]) / _CARD:.1f} times the card's: NCCL "
        "reduces inside each rack over NVLink first, so only a shard of each vector crosses the "
        "cards, and CoreWeave's InfiniBand switches can add the shards up themselves (SHARP). "
        "No flat ring over the cards could do that.",
    ),
    Exercise(
        id="11.my_crossover",
        notebook=NB,
        prompt="From your own fit (the last `measure.run()` in this notebook, or the recorded run "
        "if you could not measure): above which message size does the bandwidth term of a step "
        "outweigh its latency, alpha x B? Answer in KiB.",
        answer=lambda: _mine().crossover / KiB,
        unit="KiB",
        rel_tol=0.02,
        hint="Take alpha (s) and B (B/s) from `measure.latest().fit()`; alpha x B is in bytes, "
        "and 1 KiB = 1024 bytes.",
        solution="alpha x B = {answer} for your fit. Messages below that size spend most of their "
        "time waiting for the step to start; above it, copying.",
        code="from helpers import measure\n"
        "mine = measure.latest().fit()\n"
        "answer = mine.alpha * mine.bandwidth / 1024  # bytes -> KiB",
    ),
    Exercise(
        id="11.my_vs_nvlink",
        notebook=NB,
        prompt=f"By your fit, a ring all-reduce of a {GRADIENT / MiB:.0f} MiB gradient among your "
        "ranks takes some time. How many times as long is that as the same all-reduce, with "
        f"the same number of ranks, over NVLink 5 ({_ALPHA / _US:.1f} µs per step, "
        f"{_B / GB:.0f} GB/s)?",
        answer=_vs_nvlink,
        unit="x",
        rel_tol=0.02,
        hint="Both times are 2(n-1) x (alpha + (S / n) / B) with n your number of ranks: use "
        "your fit's alpha and B, then NVLink 5's. `fit.predict` and `comm.collective_time` "
        "compute them.",
        solution="Your fit against NVLink 5, same algorithm, same size: {answer}. At this size "
        "the bandwidth term dominates both, so the ratio is close to the ratio of the "
        "bandwidths.",
        code="from helpers import comm, measure\n"
        "from helpers.units import MiB\n"
        "mine = measure.latest().fit()\n"
        'nvlink = comm.link("nvlink5")\n'
        'ours = mine.predict("ring_allreduce", 64 * MiB)\n'
        "theirs = comm.collective_time(\n"
        '    "ring_allreduce", mine.ranks, 64 * MiB, nvlink.alpha.value, nvlink.bandwidth.value\n'
        ")\n"
        "answer = ours / theirs",
    ),
    Exercise(
        id="11.implied_ranks",
        notebook=NB,
        prompt="The published two-rack log's first row reports an algorithm bandwidth of "
        f"{_TWO_ROW.out_of_place.algbw / GB:.2f} GB/s and a bus bandwidth of "
        f"{_TWO_ROW.out_of_place.busbw / GB:.2f} GB/s; its rank line reads 'Rank "
        f"{_TWO.log.ranks - 1}'. For an all-reduce, busbw / algbw = 2(n-1)/n. How many ranks "
        "n took part?",
        answer=lambda: round(_TWO.log.rows[0].implied_ranks()),
        integer=True,
        hint="Solve busbw / algbw = 2(n-1)/n for n: n = 2 / (2 - busbw / algbw). Round to a "
        "whole number of GPUs.",
        solution="busbw / algbw = "
        f"{_TWO_ROW.out_of_place.busbw / _TWO_ROW.out_of_place.algbw:.5f}, so n = 2 / (2 - "
        f"that) = {_TWO_ROW.implied_ranks():.1f}: {round(_TWO_ROW.implied_ranks())} ranks, not "
        "the "
        f"{_TWO.log.ranks} the rank line suggests. Every row agrees, and so does the "
        f"repository's two-rack example job ({_TWO.ranks} GPUs). The bus-bandwidth factor is "
        "a check on what a log claims.",
        code="from helpers import measure\n"
        'row = measure.published("gb200_2racks").log.rows[0]\n'
        "ratio = row.out_of_place.busbw / row.out_of_place.algbw\n"
        "answer = round(2 / (2 - ratio))",
    ),
    Exercise(
        id="11.latency_share",
        notebook=NB,
        prompt="In the model of a ring all-reduce over one NVL72 rack ("
        f"{NVL72.n} GPUs, {_ALPHA / _US:.1f} µs per step, {_B / GB:.0f} GB/s), what share of "
        f"the time of a {_one_rack().sizes[0] / MiB:.0f} MiB all-reduce, the smallest size "
        "published, is latency (2(n-1) x alpha)? Answer in %.",
        answer=lambda: 100 * float(_one_rack().latency_share()[0]),
        unit="%",
        rel_tol=0.02,
        hint="Latency: 2(n-1) x alpha. Bandwidth: 2(n-1)/n x S / B. The share is latency over "
        "their sum; S in bytes (1 MiB = 2^20 bytes).",
        solution=f"2(n-1) = {2 * (NVL72.n - 1)} steps x {_ALPHA / _US:.1f} µs = "
        f"{2 * (NVL72.n - 1) * _ALPHA * 1e3:.3f} ms of latency against "
        f"{_TRANSFER * 1e3:.3f} ms of transfer: {{answer}}. Even the smallest published size "
        "is mostly transfer, so these runs cannot tell alpha apart from everything else that "
        "slows NCCL down: no latency regime to fit.",
        code="from helpers import comm, specs\n"
        'nvlink = comm.link("nvlink5")\n'
        "size = 512 * 2**20  # the smallest published size, bytes\n"
        'total = comm.collective_time("ring_allreduce", specs.NVL72.n, size,\n'
        "                             nvlink.alpha.value, nvlink.bandwidth.value)\n"
        'latency = comm.collective_time("ring_allreduce", specs.NVL72.n, 0,\n'
        "                               nvlink.alpha.value, nvlink.bandwidth.value)\n"
        "answer = 100 * latency / total",
    ),
)
