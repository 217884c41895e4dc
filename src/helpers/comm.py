"""What moving data between chips costs: links, collectives, and a step-by-step simulator.

Three layers, each checkable against the next:

- **One transfer** (the alpha-beta model): sending ``nbytes`` over a link takes
  ``alpha + nbytes / bandwidth`` seconds. ``alpha`` (s) is the fixed cost of a message (software,
  switch hops, wire delay); ``bandwidth`` (B/s, one direction) is the rate once data flows.
- **Collectives in closed form**: ring and tree all-reduce, reduce-scatter, all-gather,
  broadcast and all-to-all over ``n`` ranks, for a vector of ``nbytes`` bytes (the whole vector,
  as nccl-tests counts it), a per-step latency ``alpha`` and a per-rank bandwidth ``bandwidth``
  (one direction). Each algorithm runs in steps; in one step a rank sends at most one message and
  receives at most one, so a step costs ``alpha + (largest message) / bandwidth``.
- **A simulator**, :func:`simulate`, that runs the same algorithms on real numpy arrays, one step
  at a time, and logs every transfer ``(src, dst, nbytes)``. The tests check that its results
  equal numpy's reductions and that the bytes and the time recomputed from its log equal the
  closed forms, so the formulas are proven by running the algorithms they describe.

Also here: the link kinds of notebook 04 (NVLink 5 copper, 400G LPO optics, the scale-out
network) with their bandwidth, reach, energy per bit and delay per metre from
:mod:`helpers.specs`; the algorithm and bus bandwidth of nccl-tests; the collective domains of
the two systems; and BF16 rounding (round to nearest even, in numpy) so the simulator can reduce
in BF16 and show how the error grows with the number of ranks and the order of the additions.

Units: bytes (``B``), seconds (``s``), bytes per second (``B/s``, one direction), joules per bit
(``J/b``), metres (``m``).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from . import checks, formats, specs
from .specs import CM384, FIGURES, Figure, System
from .tables import NOT_PUBLISHED, Table
from .units import BITS_PER_BYTE, percent, si

#: The collectives the closed forms and the simulator know.
COLLECTIVES: tuple[str, ...] = (
    "ring_allreduce",
    "tree_allreduce",
    "reduce_scatter",
    "all_gather",
    "broadcast",
    "all_to_all",
)
#: Readable names, for tables and plots.
NAMES: dict[str, str] = {
    "ring_allreduce": "ring all-reduce",
    "tree_allreduce": "tree all-reduce (binomial, unpipelined)",
    "reduce_scatter": "reduce-scatter (ring)",
    "all_gather": "all-gather (ring)",
    "broadcast": "broadcast (binomial tree)",
    "all_to_all": "all-to-all (pairwise)",
}
#: Collectives whose every step moves the whole vector (the others move 1/n of it).
_WHOLE_MESSAGE = ("tree_allreduce", "broadcast")

Transfer = tuple[int, int, int]  # (src rank, dst rank, bytes)


# ---------------------------------------------------------------------------------------------
# Checks of arguments
# ---------------------------------------------------------------------------------------------
def _check_collective(collective: str) -> None:
    if collective not in COLLECTIVES:
        raise ValueError(f"collective={collective!r} is not one of {COLLECTIVES}")


def _out(x: np.ndarray) -> float | np.ndarray:
    return float(x) if np.ndim(x) == 0 else x


# ---------------------------------------------------------------------------------------------
# One transfer: the alpha-beta model
# ---------------------------------------------------------------------------------------------
def transfer_time(nbytes: float | np.ndarray, alpha: float, bandwidth: float) -> float | np.ndarray:
    """Seconds to send ``nbytes`` bytes: ``alpha + nbytes / bandwidth``.

    Args:
        nbytes: message size in bytes (a number or an array), at least 0.
        alpha: fixed cost of one message in seconds, at least 0.
        bandwidth: link bandwidth in bytes per second, one direction, greater than 0.
    """
    size = checks.values("nbytes", nbytes)
    a = checks.values("alpha", alpha)
    b = checks.values("bandwidth", bandwidth, above=True)
    return _out(a + size / b)


def crossover_bytes(alpha: float, bandwidth: float) -> float:
    """The message size in bytes at which the latency and the bandwidth terms are equal,
    ``alpha * bandwidth``: smaller messages are latency bound, larger ones bandwidth bound."""
    return float(checks.values("alpha", alpha) * checks.values("bandwidth", bandwidth, above=True))


def effective_bandwidth(
    nbytes: float | np.ndarray, alpha: float, bandwidth: float
) -> float | np.ndarray:
    """Bytes per second actually achieved for one message: ``nbytes / transfer_time``."""
    size = checks.values("nbytes", nbytes)
    return _out(size / np.asarray(transfer_time(size, alpha, bandwidth)))


# ---------------------------------------------------------------------------------------------
# Link kinds
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LinkKind:
    """One kind of link between chips, with its figures from :mod:`helpers.specs`.

    Attributes:
        key: short name ("nvlink5", "ub_lpo", "scale_out").
        name: display name.
        medium: "copper" or "optics".
        bandwidth: bandwidth per chip, one direction (B/s).
        lane_rate: rate of one lane (one differential pair or fibre lane), one direction (B/s);
            ``None`` where no source gives it (a system's link known only by its bandwidth and
            latency, :func:`scale_up_link`), as for ``reach``, ``delay_per_m`` and
            ``serdes_energy``.
        reach: how far the link reaches (m).
        delay_per_m: signal delay per metre of cable or fibre (s/m).
        alpha: latency of one collective step over this kind of link (s).
        serdes_energy: energy per bit of the chips' SerDes, paid on every link (J/b).
        module_energy: energy per bit of one optical module, ``None`` for passive copper (J/b).
        modules_per_link: optical modules on one link (one at each end).
        failure_points: what can break, in words.
        module_rate: rate of one optical module, one direction (B/s); ``None`` for copper.
        other_module: where sources disagree on the module, the other one's name ("" if none),
            with its lane rate (``other_lane_rate``) and reach (``other_reach``).
    """

    key: str
    name: str
    medium: str
    bandwidth: Figure
    lane_rate: Figure | None
    reach: Figure | None
    delay_per_m: Figure | None
    alpha: Figure
    serdes_energy: Figure | None
    module_energy: Figure | None
    modules_per_link: int
    failure_points: str
    module_rate: Figure | None = None
    other_module: str = ""
    other_lane_rate: Figure | None = None
    other_reach: Figure | None = None

    @property
    def energy_per_bit(self) -> float:
        """Energy to move one bit over the link (J/b): the SerDes plus its optical modules."""
        if self.serdes_energy is None:
            return math.nan
        module = self.module_energy.value * self.modules_per_link if self.module_energy else 0.0
        return self.serdes_energy.value + module

    @property
    def energy_per_bit_range(self) -> tuple[float, float]:
        """Lowest and highest energy per bit the ranges of the assumptions allow (J/b)."""

        def bounds(f: Figure | None) -> tuple[float, float]:
            if f is None:
                return 0.0, 0.0
            return (f.low if f.low is not None else f.value), (
                f.high if f.high is not None else f.value
            )

        (s_lo, s_hi), (m_lo, m_hi) = bounds(self.serdes_energy), bounds(self.module_energy)
        return s_lo + self.modules_per_link * m_lo, s_hi + self.modules_per_link * m_hi

    def power_at(self, bandwidth: float | None = None) -> float:
        """Watts one chip spends on this kind of link when it sends at ``bandwidth`` (B/s,
        one direction; the link's own bandwidth by default)."""
        rate = self.bandwidth.value if bandwidth is None else float(bandwidth)
        return self.energy_per_bit * rate * BITS_PER_BYTE

    def figures(self) -> tuple[Figure, ...]:
        """The records this link kind is built from (for a sources list)."""
        found = (
            self.bandwidth,
            self.lane_rate,
            self.reach,
            self.delay_per_m,
            self.alpha,
            self.serdes_energy,
            self.module_energy,
            self.module_rate,
            self.other_lane_rate,
            self.other_reach,
        )
        return tuple(f for f in found if f is not None)


#: The link kinds of notebook 04, inside a rack, between racks, between systems.
LINKS: dict[str, LinkKind] = {
    k.key: k
    for k in (
        LinkKind(
            "nvlink5",
            "NVLink 5 over copper (GB200 NVL72)",
            "copper",
            specs.B200.scale_up_bandwidth,
            FIGURES["b200.nvlink_lane_rate"],
            FIGURES["link.copper_reach_200g_lane"],
            FIGURES["link.copper_delay_per_m"],
            FIGURES["nccl.ring_step_latency_nvlink"],
            FIGURES["link.serdes_energy_per_bit"],
            None,
            0,
            "connectors at both ends of a passive cable; nothing active in the cable",
        ),
        LinkKind(
            "ub_lpo",
            "UB over 400G optics (CloudMatrix 384; LPO by SemiAnalysis)",
            "optics",
            specs.ASCEND_910C.scale_up_bandwidth,
            FIGURES["link.lpo_lane_rate"],
            FIGURES["link.lpo_reach"],
            FIGURES["link.fibre_delay_per_m"],
            FIGURES["cm384.ub_step_latency"],
            FIGURES["link.serdes_energy_per_bit"],
            FIGURES["link.optics_400g_lpo_energy_per_bit"],
            2,
            "a laser, a driver and a receiver in the module at each end, plus the fibre and "
            "its connectors",
            FIGURES["cm384.transceiver_rate"],
            "SR8",
            FIGURES["link.sr8_lane_rate"],
            FIGURES["link.sr8_reach"],
        ),
        LinkKind(
            "scale_out",
            "scale-out RoCE / InfiniBand (800G 2 x SR4 DSP optics)",
            "optics",
            specs.B200.scale_out_bandwidth,
            FIGURES["link.optics_800g_lane_rate"],
            FIGURES["link.optics_800g_reach"],
            FIGURES["link.fibre_delay_per_m"],
            FIGURES["nccl.ring_step_latency_net"],
            FIGURES["link.serdes_energy_per_bit"],
            FIGURES["link.optics_800g_dsp_energy_per_bit"],
            2,
            "a NIC, a DSP optical module at each end, the fibre, and switch ports in between",
            FIGURES["link.optics_800g_rate"],
        ),
    )
}


def link(key: str) -> LinkKind:
    """The link kind called ``key`` (a key of :data:`LINKS`)."""
    if key not in LINKS:
        raise ValueError(f"key={key!r} is not a link kind; use one of {list(LINKS)}")
    return LINKS[key]


def copper_reach_by_lane_rate() -> list[tuple[float, Figure]]:
    """Passive copper reach against lane rate: ``(lane rate in B/s, reach figure)``, slowest
    first (from the ``link.copper_reach_<rate>g_lane`` records)."""
    found = []
    for name, fig in FIGURES.items():
        if name.startswith("link.copper_reach_") and name.endswith("g_lane"):
            gbps = float(name.removeprefix("link.copper_reach_").removesuffix("g_lane"))
            found.append((gbps * specs.G / BITS_PER_BYTE, fig))
    return sorted(found, key=lambda pair: pair[0])


@dataclass(frozen=True)
class TransceiverPower:
    """What the CM384's optical modules draw (W, with the range of the per-module assumption).

    Attributes:
        rule: how the modules are counted, in words.
        modules: every optical module, scale-up and scale-out.
        watts, low, high: their power at the assumed, lowest and highest watts per module.
        share_of_system: ``watts`` over the system's all-in power.
        scale_up_modules: the scale-up part of ``modules``.
        scale_up_cables: physical optical cables of the scale-up network (two modules each).
    """

    rule: str
    modules: float
    watts: float
    low: float
    high: float
    share_of_system: float
    scale_up_modules: float
    scale_up_cables: float


#: How SemiAnalysis counts the CM384's optical modules, in words.
MODULE_RULE = "a module at each end of every optical cable (SemiAnalysis's count)"


def transceiver_power() -> TransceiverPower:
    """Power of the CM384's 400G optical modules from the per-module assumption (4-6 W):
    SemiAnalysis's 6,912 modules, two per cable (5,376 scale-up on 2,688 cables, and the
    scale-out modules)."""
    per_module = FIGURES["link.optics_400g_lpo_power"]
    modules = FIGURES["cm384.transceivers"].value
    watts = modules * per_module.value
    return TransceiverPower(
        MODULE_RULE,
        modules,
        watts,
        modules * per_module.low,
        modules * per_module.high,
        watts / CM384.power.value,
        FIGURES["cm384.transceivers_scale_up"].value,
        FIGURES["cm384.optical_cables_scale_up"].value,
    )


def fibre_metres_per_switch_hop() -> float:
    """How many metres of fibre delay as much as one switch hop (m)."""
    return FIGURES["link.switch_hop_latency"].value / FIGURES["link.fibre_delay_per_m"].value


# ---------------------------------------------------------------------------------------------
# Closed forms
# ---------------------------------------------------------------------------------------------
def _levels(n: int) -> int:
    """Levels of a binomial tree over ``n`` ranks: ceil(log2 n)."""
    return (n - 1).bit_length()


def steps(collective: str, n: int) -> int:
    """Number of steps the algorithm takes on ``n`` ranks.

    Ring all-reduce ``2(n-1)``; reduce-scatter, all-gather and all-to-all ``n-1``; broadcast
    ``ceil(log2 n)``; tree all-reduce (binomial reduce, then broadcast) ``2 ceil(log2 n)``.
    """
    _check_collective(collective)
    n = checks.whole("n", n, 1)
    return {
        "ring_allreduce": 2 * (n - 1),
        "tree_allreduce": 2 * _levels(n),
        "reduce_scatter": n - 1,
        "all_gather": n - 1,
        "broadcast": _levels(n),
        "all_to_all": n - 1,
    }[collective]


def step_bytes(collective: str, n: int, nbytes: float | np.ndarray) -> float | np.ndarray:
    """Bytes one message carries in one step: ``nbytes / n`` for the ring and pairwise
    algorithms, the whole ``nbytes`` for the tree ones (``nbytes`` is the whole vector)."""
    _check_collective(collective)
    n = checks.whole("n", n, 1)
    size = checks.values("nbytes", nbytes)
    return _out(size if collective in _WHOLE_MESSAGE else size / n)


def collective_time(
    collective: str, n: int, nbytes: float | np.ndarray, alpha: float, bandwidth: float
) -> float | np.ndarray:
    """Seconds the collective takes in the alpha-beta model: ``steps * (alpha + step_bytes /
    bandwidth)``.

    For the ring all-reduce that is ``2(n-1) alpha + 2 (n-1)/n nbytes / bandwidth``.

    Args:
        collective: one of :data:`COLLECTIVES`.
        n: number of ranks, at least 1.
        nbytes: size of the whole vector in bytes (number or array), at least 0.
        alpha: latency of one step in seconds.
        bandwidth: each rank's bandwidth in bytes per second, one direction.
    """
    k = steps(collective, n)
    per_step = np.asarray(step_bytes(collective, n, nbytes))
    a = checks.values("alpha", alpha)
    b = checks.values("bandwidth", bandwidth, above=True)
    return _out(k * (a + per_step / b))


#: The most ranks :func:`bytes_sent` accepts: it returns one value per rank (2**24 ranks is a
#: 128 MiB array). The closed forms of a collective's steps, time and busiest rank
#: (:func:`steps`, :func:`collective_time`, :func:`max_bytes_sent`) take any number of ranks.
PER_RANK_LIMIT = 2**24


def bytes_sent(collective: str, n: int, nbytes: float) -> np.ndarray:
    """Bytes each rank sends during the collective, rank by rank (closed form).

    Ring and pairwise algorithms: every rank sends ``steps * nbytes / n``. Broadcast (binomial,
    root 0): rank ``r`` sends the whole vector once per level ``s`` with ``r`` a multiple of
    ``2**(s+1)`` and ``r + 2**s < n``. Tree all-reduce: every rank but the root sends once in
    the reduce, then as in the broadcast. Exact when ``nbytes`` splits evenly into ``n`` chunks
    (otherwise the simulator's counts differ per rank by chunk rounding; their total matches).

    Raises:
        ValueError: ``n`` above :data:`PER_RANK_LIMIT` (use :func:`max_bytes_sent`).
    """
    k = steps(collective, n)
    if n > PER_RANK_LIMIT:
        raise ValueError(
            f"n={n} is above {PER_RANK_LIMIT:,}: bytes_sent returns one value per rank; "
            "max_bytes_sent gives the busiest rank's bytes for any n"
        )
    size = float(checks.values("nbytes", nbytes))
    if collective not in _WHOLE_MESSAGE:
        return np.full(n, k * size / n)
    ranks = np.arange(n)
    levels = 2 ** np.arange(_levels(n))
    sends = ((ranks[:, None] % (2 * levels) == 0) & (ranks[:, None] + levels < n)).sum(axis=1)
    if collective == "tree_allreduce":
        sends = sends + (ranks > 0)
    return sends * size


def max_bytes_sent(collective: str, n: int, nbytes: float) -> float:
    """Bytes the busiest rank sends (closed form, any ``n``): ``steps * nbytes / n`` for the
    ring and pairwise algorithms; for the binomial trees the root, which sends the whole vector
    once per level, ``ceil(log2 n) * nbytes`` (in a tree all-reduce no other rank sends more:
    one send in the reduce, and fewer levels of the broadcast)."""
    k = steps(collective, n)
    size = float(checks.values("nbytes", nbytes))
    if collective in _WHOLE_MESSAGE:
        return _levels(n) * size
    return k * size / n


def busbw_factor(collective: str, n: int) -> float:
    """nccl-tests' factor from algorithm to bus bandwidth: ``2(n-1)/n`` for an all-reduce,
    ``(n-1)/n`` for reduce-scatter, all-gather and all-to-all, 1 for broadcast."""
    _check_collective(collective)
    n = checks.whole("n", n, 1)
    if collective in ("ring_allreduce", "tree_allreduce"):
        return 2 * (n - 1) / n
    if collective == "broadcast":
        return 1.0
    return (n - 1) / n


def algbw(nbytes: float | np.ndarray, seconds: float | np.ndarray) -> float | np.ndarray:
    """Algorithm bandwidth of nccl-tests: ``nbytes / seconds`` (B/s)."""
    size = checks.values("nbytes", nbytes)
    return _out(size / checks.values("seconds", seconds, above=True))


def busbw(
    collective: str, n: int, nbytes: float | np.ndarray, seconds: float | np.ndarray
) -> float | np.ndarray:
    """Bus bandwidth of nccl-tests: algorithm bandwidth x :func:`busbw_factor` (B/s). It can be
    compared with a link's peak bandwidth whatever the number of ranks."""
    return _out(np.asarray(algbw(nbytes, seconds)) * busbw_factor(collective, n))


# ---------------------------------------------------------------------------------------------
# Two-level collectives: k scale-up domains of m chips joined by the scale-out network
# ---------------------------------------------------------------------------------------------
def hierarchical_phases(collective: str, n: int, m: int, nbytes: float) -> list[tuple]:
    """The phases of ``collective`` over ``n`` ranks in scale-up domains of at most ``m`` chips,
    as ``(level, collective, ranks, vector bytes)`` in the convention of
    :func:`collective_time`. "inner" phases run inside every domain at once over scale-up links;
    "outer" phases run across domains, between the chips of the same position, each over its own
    network card, all positions at once.

    - All-reduce: reduce-scatter inside each domain (each chip keeps 1/m of its domain's sum), an
      all-reduce of those S/m bytes across the k domains, then an all-gather inside: only
      2 (k-1)/k x S/m bytes cross each card, where a flat ring would send 2 (n-1)/n x S.
    - Reduce-scatter: inside, then across (S/m). All-gather: across (S/m), then inside.
      Broadcast: across domains, then inside.
    - All-to-all: across domains first (each chip sends the m chunks meant for each other domain
      to the chip of its position there: k-1 steps of m S/n), then inside (m-1 steps of k S/n,
      every domain's chunks for one chip); both phases are all-to-alls of a vector of S.

    The job uses k = ceil(n / m) domains filled evenly (384 chips over NVL72 racks: 6 racks of
    64). When n / k is not whole, the phases are computed with floor(n / k) chips per domain, the
    smaller domains, whose larger shards set the pace (an approximation).
    """
    _check_collective(collective)
    n, m = checks.whole("n", n, 1), checks.whole("m", m, 1)
    k = -(-n // m)
    m = n // k
    size = float(checks.values("nbytes", nbytes))
    return {
        "ring_allreduce": [
            ("inner", "reduce_scatter", m, size),
            ("outer", "ring_allreduce", k, size / m),
            ("inner", "all_gather", m, size),
        ],
        "tree_allreduce": [
            ("inner", "reduce_scatter", m, size),
            ("outer", "tree_allreduce", k, size / m),
            ("inner", "all_gather", m, size),
        ],
        "reduce_scatter": [
            ("inner", "reduce_scatter", m, size),
            ("outer", "reduce_scatter", k, size / m),
        ],
        "all_gather": [("outer", "all_gather", k, size / m), ("inner", "all_gather", m, size)],
        "broadcast": [("outer", "broadcast", k, size), ("inner", "broadcast", m, size)],
        "all_to_all": [("outer", "all_to_all", k, size), ("inner", "all_to_all", m, size)],
    }[collective]


def hierarchical_time(
    collective: str,
    n: int,
    m: int,
    nbytes: float,
    inner: tuple[float, float],
    outer: tuple[float, float],
) -> float:
    """Seconds of the two-level ``collective`` (see :func:`hierarchical_phases`): the sum of its
    phases, each in the alpha-beta model of its level. ``inner`` and ``outer`` are
    ``(alpha in s, bandwidth in B/s one direction)`` of the scale-up and scale-out links."""
    links = {"inner": inner, "outer": outer}
    return float(
        sum(
            collective_time(name, r, size, *links[level])
            for level, name, r, size in hierarchical_phases(collective, n, m, nbytes)
        )
    )


def _place(chunk: np.ndarray, index: int, parts: int, length: int) -> np.ndarray:
    """A zero vector of ``length`` with ``chunk`` at position ``index`` of its ``parts`` chunks
    (the in-place input of an all-gather)."""
    out = np.zeros(length, dtype=chunk.dtype)
    bounds = np.cumsum([0, *(len(c) for c in np.array_split(out, parts))])
    out[bounds[index] : bounds[index + 1]] = chunk
    return out


def simulate_hierarchical(
    collective: str, arrays: Sequence[np.ndarray], m: int
) -> tuple[list[np.ndarray], list[tuple[str, list[list[Transfer]]]]]:
    """Run the two-level ``collective`` of :func:`hierarchical_phases` on real arrays, phase by
    phase with :func:`simulate`, over ``len(arrays)`` ranks in domains of ``m`` (rank
    ``i = d * m + r`` is chip ``r`` of domain ``d``; ``len(arrays)`` a multiple of ``m``).

    Returns ``(results, phases)``: what each rank holds at the end (as :func:`simulate` defines
    it for the flat collective: the whole sum for an all-reduce; for a reduce-scatter, rank
    ``(d, r)`` holds piece ``d`` of chunk ``r`` of the sum; for an all-gather, rank ``(d, r)``
    contributes that same piece; for an all-to-all, rank ``j`` holds the chunks ``j`` of every
    rank in rank order), and one ``(level, step log)`` per phase (the logs of one domain or one
    position; the others run at the same time and log the same steps).
    """
    arrays = _check_arrays(arrays)
    n, m = len(arrays), checks.whole("m", m, 1)
    if n % m:
        raise ValueError(f"len(arrays)={n} must be a multiple of m={m}")
    k = n // m
    length = arrays[0].size
    flat = [a.reshape(-1) for a in arrays]
    domains = [range(d * m, (d + 1) * m) for d in range(k)]
    positions = [range(r, n, m) for r in range(m)]
    phases: list[tuple[str, list[list[Transfer]]]] = []

    def run(level: str, name: str, groups: list[range], inputs: list[np.ndarray]) -> list:
        out: list = [None] * n
        for group in groups:
            results, log = simulate(name, [inputs[i] for i in group])
            for i, result in zip(group, results, strict=True):
                out[i] = result
        phases.append((level, log))
        return out

    if collective in ("ring_allreduce", "tree_allreduce"):
        shards = run("inner", "reduce_scatter", domains, flat)
        summed = run("outer", collective, positions, shards)
        placed = [_place(summed[i], i % m, m, length) for i in range(n)]
        results = run("inner", "all_gather", domains, placed)
    elif collective == "reduce_scatter":
        shards = run("inner", "reduce_scatter", domains, flat)
        results = run("outer", "reduce_scatter", positions, shards)
    elif collective == "all_gather":
        pieces = [np.array_split(np.array_split(flat[i], m)[i % m], k)[i // m] for i in range(n)]
        shard_len = [len(c) for c in np.array_split(flat[0], m)]
        placed = [_place(pieces[i], i // m, k, shard_len[i % m]) for i in range(n)]
        shards = run("outer", "all_gather", positions, placed)
        placed = [_place(shards[i], i % m, m, length) for i in range(n)]
        results = run("inner", "all_gather", domains, placed)
    elif collective == "broadcast":
        top = run("outer", "broadcast", [positions[0]], flat)
        top = [top[i] if top[i] is not None else flat[i] for i in range(n)]
        results = run("inner", "broadcast", domains, top)
    elif collective == "all_to_all":
        chunks = [np.array_split(f, n) for f in flat]
        # Across domains: rank (d, r) sends to (e, r) the chunks meant for domain e, in order.
        outbound = [np.concatenate([chunks[i][j] for j in range(n)]) for i in range(n)]
        arrived = run("outer", "all_to_all", positions, outbound)
        # Inside: rank (e, r) now holds, from each domain d, chunks for (e, 0..m-1); regroup by
        # destination chip so that one inner all-to-all delivers them.
        regrouped = []
        for i in range(n):
            parts = np.array_split(arrived[i], k)  # one part per source domain d
            per_dest = [np.array_split(parts[d], m) for d in range(k)]
            regrouped.append(np.concatenate([per_dest[d][t] for t in range(m) for d in range(k)]))
        delivered = run("inner", "all_to_all", domains, regrouped)
        results = []
        for j in range(n):
            # delivered[j] holds, per source chip r of j's domain, the chunks from every domain d
            blocks = np.array_split(delivered[j], m)
            by_source = {}
            for r, block in enumerate(blocks):
                for d, piece in enumerate(np.array_split(block, k)):
                    by_source[d * m + r] = piece
            results.append(np.concatenate([by_source[i] for i in range(n)]))
    else:
        _check_collective(collective)
    return results, phases


def hierarchical_log_time(
    phases: list[tuple[str, list[list[Transfer]]]],
    inner: tuple[float, float],
    outer: tuple[float, float],
) -> float:
    """Seconds of the logged phases, each in the alpha-beta model of its level (see
    :func:`log_time`); ``inner`` and ``outer`` are ``(alpha in s, bandwidth in B/s)``."""
    links = {"inner": inner, "outer": outer}
    return sum(log_time(log, *links[level]) for level, log in phases)


# ---------------------------------------------------------------------------------------------
# Collective domains of the two systems
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Domain:
    """Where a collective over ``n`` chips of a system runs.

    Inside the scale-up domain (``inside``) every step crosses ``link``, the scale-up link.
    Beyond it, the collective runs in two levels (:func:`hierarchical_phases`): inside each
    domain over ``scale_up``, and across domains over ``link``, the scale-out network card of
    each chip (its bandwidth and per-step latency).
    """

    system: System
    n: int
    link: LinkKind
    inside: bool
    scale_up: LinkKind

    @property
    def bandwidth(self) -> float:
        """Bandwidth per chip of the link that sets the pace (scale-up inside, scale-out
        beyond), one direction (B/s)."""
        return self.link.bandwidth.value

    @property
    def alpha(self) -> float:
        """Latency of one step over that link (s)."""
        return self.link.alpha.value

    @property
    def label(self) -> str:
        """``"CM384, 384 chips, scale-up"``."""
        where = "scale-up" if self.inside else "scale-up + scale-out"
        return f"{self.system.short}, {self.n} chips, {where}"

    def time(
        self,
        collective: str,
        nbytes: float | np.ndarray,
        *,
        ranks: int | None = None,
        per_domain: int | None = None,
        scale: float = 1.0,
    ) -> float | np.ndarray:
        """Seconds the collective takes: :func:`collective_time` inside the domain,
        :func:`hierarchical_time` beyond it.

        Args:
            collective: one of :data:`COLLECTIVES`.
            nbytes: each rank's vector in bytes (a number or an array of them).
            ranks: ranks taking part (``n`` by default; fewer when a group's members are
                interleaved with other groups' over the chips it spans).
            per_domain: beyond the domain, the members of the group that share one scale-up
                domain (a full domain by default; a group cut unevenly goes at the pace of its
                smallest piece).
            scale: multiplies every bandwidth (1 = the links as specified).
        """
        n = self.n if ranks is None else checks.whole("ranks", ranks, 1)
        scale = checks.positive("scale", scale)
        if self.inside:
            return collective_time(collective, n, nbytes, self.alpha, self.bandwidth * scale)
        m = (
            self.system.domain_size
            if per_domain is None
            else checks.whole("per_domain", per_domain, 1)
        )
        inner = (self.scale_up.alpha.value, self.scale_up.bandwidth.value * scale)
        outer = (self.alpha, self.bandwidth * scale)
        sizes = np.asarray(nbytes, dtype=float)
        out = [
            hierarchical_time(collective, n, m, float(x), inner, outer) for x in sizes.reshape(-1)
        ]
        return _out(np.asarray(out).reshape(sizes.shape))

    @property
    def domains(self) -> tuple[int, int]:
        """``(k, m)``: the collective spans k scale-up domains of m chips each (filled evenly,
        as :func:`hierarchical_phases` fills them); ``(1, n)`` inside one domain."""
        if self.inside:
            return 1, self.n
        k = max(
            2, -(-self.n // self.system.domain_size)
        )  # a group that straddles a boundary spans 2
        return k, self.n // k

    @property
    def split(self) -> str:
        """Where the chips sit, in words: "one scale-up domain", "6 domains of 64 chips", or,
        when the domains cannot all hold the same number, "11 domains of 69-70 chips (9 of 70,
        2 of 69)" (the phases are timed with the smaller domains, which set the pace)."""
        if self.inside:
            return "one scale-up domain"
        k, small = self.domains
        extra = self.n - k * small
        if not extra:
            return f"{k} domains of {small} chips"
        shares = f"{extra} of {small + 1}, {k - extra} of {small}"
        return f"{k} domains of {small}-{small + 1} chips ({shares})"

    def phases(self, collective: str, nbytes: float) -> list[Phase]:
        """The phases the collective runs in: one inside the domain; beyond it, those of
        :func:`hierarchical_phases`, each with its link, its time and the bytes each chip sends
        in it."""
        if self.inside:
            plan = [("inner", collective, self.n, float(nbytes))]
        else:
            plan = hierarchical_phases(collective, self.n, self.system.domain_size, nbytes)
        out = []
        for level, name, ranks, size in plan:
            kind = self.scale_up if level == "inner" else self.link
            seconds = float(
                collective_time(name, ranks, size, kind.alpha.value, kind.bandwidth.value)
            )
            sent = max_bytes_sent(name, ranks, size)
            out.append(Phase(level, name, ranks, size, kind, seconds, sent))
        return out


@dataclass(frozen=True)
class Phase:
    """One phase of a collective in a :class:`Domain` (see :meth:`Domain.phases`).

    Attributes:
        level: "inner" (inside each scale-up domain, over scale-up links) or "outer" (across
            domains, each chip over its own scale-out network card).
        collective: the algorithm this phase runs (a key of :data:`COLLECTIVES`).
        ranks: ranks taking part together (chips of one domain, or one chip per domain).
        nbytes: the phase's vector size in bytes, in the convention of :func:`collective_time`.
        link: the link kind it runs over.
        seconds: its time in the alpha-beta model.
        sent: bytes the busiest chip sends in it.
    """

    level: str
    collective: str
    ranks: int
    nbytes: float
    link: LinkKind
    seconds: float
    sent: float


def _one_way(fig: Figure) -> Figure:
    """``fig``, a bandwidth, counted in one direction (halved, unregistered, if it counts both)."""
    if fig.direction != "both":
        return fig
    return specs.derive(
        f"{fig.name}.one_way", lambda x: x / 2, (fig,), "B/s", f"{fig.name} / 2", register=False
    )


def scale_up_link(system: System | str) -> LinkKind:
    """The scale-up link of ``system`` as the cost models use it: the link kind of its
    ``scale_up.link_key`` (:data:`LINKS`) at the chip's own scale-up bandwidth and, where the
    system gives one, its own step latency; or, for a link the course does not describe in full,
    one built from the system's scale-up name, bandwidth per chip and step latency alone.

    Raises:
        ValueError: when the system's maker publishes no scale-up network, no bandwidth per
            chip or no step latency for it ("not published": the course never guesses one).
    """
    sys_ = checks.system("system", system)
    up = sys_.scale_up
    if up is None:
        raise checks.NotPublished(
            f"system={sys_.key!r}: the scale-up network of the {sys_.name} is not published in "
            "helpers.specs (no ScaleUp record), so no collective can be timed on it"
        )
    bandwidth = sys_.chip.scale_up_bandwidth
    if up.link_key:
        kind = link(up.link_key)
        changes = {}
        if bandwidth is not None and bandwidth is not kind.bandwidth:
            changes["bandwidth"] = _one_way(bandwidth)
        if up.step_latency is not None and up.step_latency is not kind.alpha:
            changes["alpha"] = up.step_latency
        return dataclasses.replace(kind, **changes) if changes else kind
    missing = [
        what
        for what, fig in (("bandwidth per chip", bandwidth), ("step latency", up.step_latency))
        if fig is None
    ]
    if missing or bandwidth is None or up.step_latency is None:
        raise checks.NotPublished(
            f"system={sys_.key!r}: {' and '.join(missing)} of its scale-up network "
            f"({up.name}): not published; the course does not guess them"
        )
    return LinkKind(
        f"{sys_.key}.scale_up",
        f"{up.name} ({sys_.name})",
        up.medium,
        _one_way(bandwidth),
        None,
        None,
        None,
        up.step_latency,
        None,
        None,
        0,
        "not described by the course",
    )


def scale_out_link(system: System | str) -> LinkKind:
    """The scale-out link of ``system``: :data:`LINKS` ``["scale_out"]`` at the bandwidth of its
    chip's own network card.

    Raises:
        ValueError: when its maker publishes no scale-out bandwidth per chip.
    """
    sys_ = checks.system("system", system)
    card = sys_.chip.scale_out_bandwidth
    if card is None:
        raise checks.NotPublished(
            f"system={sys_.key!r}: the scale-out bandwidth of the {sys_.chip.name} is not "
            "published, so no collective beyond one scale-up domain can be timed on it"
        )
    kind = LINKS["scale_out"]
    return kind if card is kind.bandwidth else dataclasses.replace(kind, bandwidth=_one_way(card))


def domain(system: System | str, n: int | None = None, *, inside: bool | None = None) -> Domain:
    """The domain a collective over ``n`` chips of ``system`` runs in: inside its scale-up
    domain up to the domain's chip count (``system.domain_size``), in two levels beyond
    (scale-up inside each domain, each chip's scale-out network card across domains).
    ``inside=False`` says that ``n`` chips no more than a domain still straddle a boundary
    between two (placed across it).

    Raises:
        ValueError: for a system whose scale-up link (or, beyond a domain, scale-out card) is
            not published (:func:`scale_up_link`, :func:`scale_out_link`).
    """
    sys_ = checks.system("system", system)
    size = sys_.domain_size
    n = size if n is None else checks.whole("n", n, 1)
    inside = n <= size if inside is None else inside and n <= size
    scale_up = scale_up_link(sys_)
    kind = scale_up if inside else scale_out_link(sys_)
    return Domain(sys_, n, kind, inside, scale_up)


def measured_busbw_fraction() -> float:
    """Measured all-reduce bus bandwidth as a fraction of the link's peak: H100 NVLink,
    large messages (370 of 450 GB/s, jax-ml scaling book)."""
    return (
        FIGURES["h100.nvlink_allreduce_busbw_measured"].value
        / FIGURES["h100.nvlink_bandwidth"].value
    )


# ---------------------------------------------------------------------------------------------
# BF16 rounding in numpy
# ---------------------------------------------------------------------------------------------
def to_bf16(x: np.ndarray | float) -> np.ndarray:
    """Round float32 values to the nearest BF16 value (ties to even), returned as float32:
    :func:`helpers.formats.round_to`, which is bit-exact with ``ml_dtypes``."""
    return formats.round_to(np.asarray(x, dtype=np.float32), "bf16")


# ---------------------------------------------------------------------------------------------
# The simulator
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Move:
    """One step of an algorithm: rank ``src[i]`` sends chunk ``slot[i]`` to rank ``dst[i]``,
    which adds it to its own chunk ``slot[i]`` (``reduce``) or stores it there; with ``out_slot``
    the receiver stores it in its output buffer at ``out_slot[i]`` instead (all-to-all).

    The arrays are read-only views of a few arrays of ``n`` ranks shared by every step of a
    schedule, so a whole schedule takes memory linear in ``n``.
    """

    src: np.ndarray
    dst: np.ndarray
    slot: np.ndarray
    reduce: bool
    out_slot: np.ndarray | None = None


class _Ranks:
    """0..n-1 twice over, read-only: ``rotated(k)[r] == (r + k) % n`` is a view, not a copy."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.twice = np.concatenate([np.arange(n), np.arange(n)])
        self.twice.flags.writeable = False
        self.all = self.twice[:n]
        self.zeros = np.zeros(n, dtype=self.twice.dtype)
        self.zeros.flags.writeable = False

    def rotated(self, k: int) -> np.ndarray:
        start = k % self.n
        return self.twice[start : start + self.n]


def _ring_schedule(collective: str, n: int) -> Iterator[Move]:
    r = _Ranks(n)
    right = r.rotated(1)
    if collective in ("ring_allreduce", "reduce_scatter"):
        # Chunk c starts at rank c+1 and travels right, gathering one addend per hop, so that
        # after n-1 steps rank c holds the whole sum of chunk c.
        for s in range(n - 1):
            yield Move(r.all, right, r.rotated(-s - 1), reduce=True)
    if collective in ("ring_allreduce", "all_gather"):
        # Rank r starts with (the sum of) chunk r and passes on what it last received.
        for s in range(n - 1):
            yield Move(r.all, right, r.rotated(-s), reduce=False)


def _tree_schedule(collective: str, n: int) -> Iterator[Move]:
    r = _Ranks(n)
    levels = _levels(n)
    if collective == "tree_allreduce":
        # Binomial reduce to rank 0: at level s, ranks r = 2**s mod 2**(s+1) send to r - 2**s.
        for s in range(levels):
            src = r.all[2**s :: 2 ** (s + 1)]
            yield Move(src, r.all[:: 2 ** (s + 1)][: len(src)], r.zeros[: len(src)], reduce=True)
    # Binomial broadcast from rank 0: at level s, ranks r = 0 mod 2**(s+1) send to r + 2**s.
    for s in reversed(range(levels)):
        dst = r.all[2**s :: 2 ** (s + 1)]
        yield Move(r.all[:: 2 ** (s + 1)][: len(dst)], dst, r.zeros[: len(dst)], reduce=False)


def _all_to_all_schedule(n: int) -> Iterator[Move]:
    r = _Ranks(n)
    for s in range(1, n):
        dst = r.rotated(s)
        yield Move(r.all, dst, dst, reduce=False, out_slot=r.all)


def schedule(collective: str, n: int) -> Iterator[Move]:
    """The steps of ``collective`` over ``n`` ranks, as :func:`simulate` runs them (and
    :mod:`helpers.measure` runs them between processes): one :class:`Move` per step."""
    _check_collective(collective)
    n = checks.whole("n", n, 1)
    if collective in _WHOLE_MESSAGE:
        return _tree_schedule(collective, n)
    if collective == "all_to_all":
        return _all_to_all_schedule(n)
    return _ring_schedule(collective, n)


class Step(Sequence):
    """The transfers of one step of a simulation, kept compact: the sending ranks, the receiving
    ranks and the chunk each sends, as arrays shared with the schedule (no tuple per transfer),
    so a log of 2(n-1) steps of n transfers takes memory linear in n.

    It reads as a sequence of transfers ``(src, dst, nbytes)``, as a list of tuples would; the
    arrays ``src``, ``dst`` and ``nbytes`` give the same for all transfers at once.
    """

    __slots__ = ("_chunk_bytes", "dst", "slot", "src")

    def __init__(
        self, src: np.ndarray, dst: np.ndarray, slot: np.ndarray, chunk_bytes: np.ndarray
    ) -> None:
        self.src, self.dst, self.slot, self._chunk_bytes = src, dst, slot, chunk_bytes

    @property
    def nbytes(self) -> np.ndarray:
        """Bytes of each transfer (an array aligned with ``src`` and ``dst``)."""
        return self._chunk_bytes[self.slot]

    def __len__(self) -> int:
        return len(self.src)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if isinstance(index, slice):
            return list(self)[index]
        return (int(self.src[index]), int(self.dst[index]), int(self.nbytes[index]))

    def __iter__(self) -> Iterator[Transfer]:
        return iter(zip(self.src.tolist(), self.dst.tolist(), self.nbytes.tolist(), strict=True))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == [tuple(t) for t in other]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Step({len(self)} transfers)"


def _check_arrays(arrays: Sequence[np.ndarray]) -> list[np.ndarray]:
    if isinstance(arrays, np.ndarray) and arrays.ndim >= 1:
        arrays = list(arrays)
    if not isinstance(arrays, Sequence) or len(arrays) < 1:
        count = len(arrays) if isinstance(arrays, Sequence) else arrays
        raise ValueError(f"arrays has n={count!r} ranks; it needs at least 1 (one array per rank)")
    arrs = [np.asarray(a) for a in arrays]
    shape, dtype = arrs[0].shape, arrs[0].dtype
    for i, a in enumerate(arrs):
        if a.shape != shape:
            raise ValueError(
                f"arrays[{i}].shape={a.shape} differs from arrays[0].shape={shape}; "
                "every rank holds a vector of the same shape"
            )
        if a.dtype != dtype:
            raise ValueError(f"arrays[{i}].dtype={a.dtype} differs from arrays[0].dtype={dtype}")
    if dtype.kind not in "iuf":
        raise ValueError(f"arrays dtype={dtype} must be integer or floating point")
    return arrs


class _Buffers:
    """Every rank's vector, one row each, split into ``chunks`` chunks as ``np.array_split``
    does (the first ``length % chunks`` are one element longer), and, for an all-to-all, an
    output buffer of the same size: rank ``j``'s output is ``n`` pieces of chunk ``j``'s length,
    one per source rank, in source order.

    A step moves many chunks at once. Wherever the ranks and the chunks of its transfers advance
    evenly (everywhere but at the wrap of the ring, and where chunks change length), their
    places in memory advance by a fixed stride, so the step runs as a few strided numpy
    operations on views of the buffers: no copies, no index arrays.
    """

    def __init__(self, arrays: list[np.ndarray], chunks: int, output: bool) -> None:
        n, length = len(arrays), arrays[0].size
        self.flat = np.empty((n, length), dtype=arrays[0].dtype)
        for i, a in enumerate(arrays):
            self.flat[i] = a.reshape(-1)
        short, long_count = divmod(length, chunks)
        self.lengths = np.array([short + 1] * long_count + [short] * (chunks - long_count))
        self.offsets = np.concatenate([[0], np.cumsum(self.lengths)])
        self.row = length
        self.output = np.empty(n * length, dtype=self.flat.dtype) if output else None

    def views(self, move: Move) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """``(source, destination)`` views of the step's messages: arrays of shape
        (transfers, chunk length), a few per step."""
        src, dst, slot = move.src, move.dst, move.slot
        width = self.lengths[slot]
        if self.lengths[-1] == 0:  # more ranks than elements: most chunks are empty, skip them
            carry = np.flatnonzero(width)
            src, dst, slot, width = src[carry], dst[carry], slot[carry], width[carry]
            out_slot = move.out_slot[carry] if move.out_slot is not None else None
        else:
            out_slot = move.out_slot
        at_src = src * self.row + self.offsets[slot]
        if out_slot is None:
            at_dst, into = dst * self.row + self.offsets[slot], self.flat.reshape(-1)
        else:  # the output: rank j's region holds n pieces of chunk j's length, by source
            at_dst = len(self.flat) * self.offsets[dst] + out_slot * width
            into = self.output
        uneven = self.lengths[0] != self.lengths[-1]
        for first, count, s_step, d_step, w in _runs(at_src, at_dst, width, uneven):
            if w:
                yield (
                    _strided(self.flat.reshape(-1), at_src[first], count, s_step, w),
                    _strided(into, at_dst[first], count, d_step, w),
                )

    def results(self, collective: str, shape: tuple[int, ...]) -> list[np.ndarray]:
        """What each rank holds at the end (see :func:`simulate`)."""
        n = self.flat.shape[0]
        if collective == "reduce_scatter":
            return [self.flat[i, self.offsets[i] : self.offsets[i + 1]].copy() for i in range(n)]
        if self.output is not None:
            return [
                self.output[n * self.offsets[j] : n * self.offsets[j + 1]].copy() for j in range(n)
            ]
        return [self.flat[i].reshape(shape) for i in range(n)]


class _Ring:
    """The ranks' vectors of a ring collective, kept *skewed*: row ``k`` holds, for every chunk
    ``c``, chunk ``c`` of rank ``(c + 1 + k) mod n``. Every step of a ring moves each chunk from
    one rank to the next, that is from row ``k`` to row ``k + 1``: one contiguous numpy operation
    on whole rows, where the ranks' own layout would scatter it in n strided pieces (four times
    slower, measured). Chunks are cut as ``np.array_split`` cuts them."""

    def __init__(self, arrays: list[np.ndarray]) -> None:
        n, length = len(arrays), arrays[0].size
        short, extra = divmod(length, n)
        self.n, self.length, self.extra = n, length, extra
        self.lengths = np.array([short + 1] * extra + [short] * (n - extra))
        self.offsets = np.concatenate([[0], np.cumsum(self.lengths)])
        self.rows = np.empty((n, length), dtype=arrays[0].dtype)
        for r, a in enumerate(arrays):
            flat = a.reshape(-1)
            for c0, c1, skewed in self._chunks_of(r):
                skewed[...] = flat[self.offsets[c0] : self.offsets[c1]].reshape(skewed.shape)

    def _chunks_of(self, r: int) -> Iterator[tuple[int, int, np.ndarray]]:
        """Rank ``r``'s chunks ``c0..c1-1`` as views into the rows (shape (c1-c0, length)): in
        row ``(r - 1 - c) mod n``, so each next chunk sits one row up."""
        n, width = self.n, self.length
        cuts = sorted({0, r, self.extra, n})
        for c0, c1 in itertools.pairwise(cuts):
            w = int(self.lengths[c0]) if c0 < n else 0
            if c1 > c0 and w:
                k0 = (r - 1 - c0) % n
                yield (
                    c0,
                    c1,
                    _strided(
                        self.rows.reshape(-1), k0 * width + self.offsets[c0], c1 - c0, w - width, w
                    ),
                )

    def row_of(self, move: Move) -> tuple[int, int]:
        """The rows a ring step moves from and to (the same for every chunk of the step)."""
        src, dst = (int((ranks[0] - move.slot[0] - 1) % self.n) for ranks in (move.src, move.dst))
        return src, dst

    def ranks(self) -> np.ndarray:
        """Every rank's vector, rank by rank (a new array of shape (n, length))."""
        out = np.empty_like(self.rows)
        for r in range(self.n):
            for c0, c1, skewed in self._chunks_of(r):
                out[r, self.offsets[c0] : self.offsets[c1]] = skewed.reshape(-1)
        return out

    def results(self, collective: str, shape: tuple[int, ...]) -> list[np.ndarray]:
        """What each rank holds at the end (see :func:`simulate`)."""
        if collective == "reduce_scatter":  # rank i's summed chunk i is in the last row
            last = self.rows[-1]
            return [last[self.offsets[i] : self.offsets[i + 1]].copy() for i in range(self.n)]
        # After the all-gather every row holds the whole result, so every rank holds it.
        return [self.rows[r].reshape(shape) for r in range(self.n)]


def _runs(
    at_src: np.ndarray, at_dst: np.ndarray, width: np.ndarray, uneven: bool = True
) -> Iterator[tuple[int, int, int, int, int]]:
    """Split a step's transfers into runs of consecutive transfers whose source and destination
    offsets each advance by one fixed step and whose chunks have one length:
    ``(first, count, source step, destination step, length)``; ``width`` is each transfer's
    length (``uneven=False`` says they are all equal).

    A run ends after transfer ``i`` when the next chunk's length differs, or when the step to
    transfer ``i + 1`` differs from the step to ``i``; so inside a run the steps are constant
    (a wrap of the ring costs at most one short run)."""
    m = len(at_src)
    if m == 0:
        return
    d_src, d_dst = at_src[1:] - at_src[:-1], at_dst[1:] - at_dst[:-1]
    end = np.zeros(m, dtype=bool)
    end[-1] = True
    if uneven:
        end[:-1] = width[1:] != width[:-1]
    end[1:-1] |= (d_src[1:] != d_src[:-1]) | (d_dst[1:] != d_dst[:-1])
    first = 0
    for last in np.flatnonzero(end).tolist():
        moves = last > first
        yield (
            first,
            last - first + 1,
            int(d_src[first]) if moves else 0,
            int(d_dst[first]) if moves else 0,
            int(width[first]),
        )
        first = last + 1


def _strided(base: np.ndarray, offset: int, count: int, step: int, width: int) -> np.ndarray:
    """``count`` pieces of ``width`` elements of the flat array ``base``, the first at ``offset``,
    each ``step`` elements after the one before: a view."""
    item = base.itemsize
    return np.ndarray((count, width), base.dtype, base, int(offset) * item, (step * item, item))


def simulate(
    collective: str,
    arrays: Sequence[np.ndarray],
    *,
    rounding: Callable[[np.ndarray], np.ndarray] | None = None,
    on_step: Callable[[int, Step, np.ndarray], None] | None = None,
) -> tuple[list[np.ndarray], list[Step]]:
    """Run ``collective`` step by step on real arrays, one per rank, and log every transfer.

    Model: in one step each rank sends at most one message and receives at most one; every
    message of a step is read before any is written (they travel at the same time: in these
    algorithms no step writes a chunk that it also sends, which the tests check). Vectors are
    split into chunks as ``np.array_split`` does, so uneven sizes work.

    What each rank starts with and ends with (``S`` = one rank's whole vector):

    - ``ring_allreduce``, ``tree_allreduce``: start with ``arrays[i]``; end with the sum of all.
    - ``reduce_scatter``: start with ``arrays[i]``; rank ``i`` ends with chunk ``i`` of the sum.
    - ``all_gather`` (in place, as NCCL): rank ``i`` contributes chunk ``i`` of ``arrays[i]``;
      every rank ends with the vector of those chunks.
    - ``broadcast``: rank 0's vector reaches every rank (binomial tree).
    - ``all_to_all``: rank ``i`` sends chunk ``j`` of ``arrays[i]`` to rank ``j``; rank ``j``
      ends with those chunks in source order (its own included).

    Memory is linear in the number of ranks: the ranks' vectors, once (and an output buffer of
    the same size for an all-to-all), and a log of compact :class:`Step` records. 16,384 ranks
    of 64 float32 values run in well under 1 GB (``benchmarks/run.py comm``).

    Args:
        collective: one of :data:`COLLECTIVES`.
        arrays: one numpy array per rank, all of one shape and dtype (integer or float).
        rounding: applied after every addition (``to_bf16`` reduces in BF16).
        on_step: called after each step with (step index, its :class:`Step`, every rank's vector
            as a read-only array of shape (n, length)) of the working buffer; for animations
            and checks.

    Returns:
        ``(results, steps)``: ``results[i]`` is what rank ``i`` holds at the end (the input's
        shape for the all-reduces, all-gather and broadcast; flat chunks otherwise); ``steps``
        is a list of :class:`Step`, each a sequence of transfers ``(src, dst, nbytes)``.

    Raises:
        ValueError: unknown collective, no ranks, or arrays of different shapes or dtypes.
    """
    _check_collective(collective)
    arrs = _check_arrays(arrays)
    if collective in _RINGS:
        return _simulate_ring(collective, arrs, rounding, on_step)
    return _simulate_steps(collective, arrs, rounding, on_step)


def _simulate_steps(
    collective: str,
    arrs: list[np.ndarray],
    rounding: Callable[[np.ndarray], np.ndarray] | None,
    on_step: Callable[[int, Step, np.ndarray], None] | None,
) -> tuple[list[np.ndarray], list[Step]]:
    """:func:`simulate` for any schedule, on the ranks' own rows (see :class:`_Buffers`); the
    rings run on skewed rows instead (:func:`_simulate_ring`), which the tests check against
    this."""
    n, shape = len(arrs), arrs[0].shape
    chunks = 1 if collective in _WHOLE_MESSAGE else n
    work = _Buffers(arrs, chunks, output=collective == "all_to_all")
    chunk_bytes = work.lengths * work.flat.dtype.itemsize
    if work.output is not None:  # each rank keeps its own chunk: a step from itself to itself
        ranks = _Ranks(n).all
        for source, target in work.views(Move(ranks, ranks, ranks, False, out_slot=ranks)):
            target[...] = source
    log = _run(collective, n, work.views, work.flat.view, chunk_bytes, rounding, on_step)
    return work.results(collective, shape), log


_RINGS = ("ring_allreduce", "reduce_scatter", "all_gather")


def _simulate_ring(
    collective: str,
    arrs: list[np.ndarray],
    rounding: Callable[[np.ndarray], np.ndarray] | None,
    on_step: Callable[[int, Step, np.ndarray], None] | None,
) -> tuple[list[np.ndarray], list[Step]]:
    """:func:`simulate` for the ring algorithms, on skewed rows (see :class:`_Ring`)."""
    work = _Ring(arrs)
    chunk_bytes = work.lengths * work.rows.dtype.itemsize

    def rows(move: Move) -> list[tuple[np.ndarray, np.ndarray]]:
        source, target = work.row_of(move)
        return [(work.rows[source], work.rows[target])]

    log = _run(collective, len(arrs), rows, work.ranks, chunk_bytes, rounding, on_step)
    return work.results(collective, arrs[0].shape), log


def _run(
    collective: str,
    n: int,
    messages: Callable[[Move], Iterable[tuple[np.ndarray, np.ndarray]]],
    held: Callable[[], np.ndarray],
    chunk_bytes: np.ndarray,
    rounding: Callable[[np.ndarray], np.ndarray] | None,
    on_step: Callable[[int, Step, np.ndarray], None] | None,
) -> list[Step]:
    """Run the schedule's steps: ``messages(move)`` gives each step's (source, destination)
    views, which are stored, or added (rounded after each addition with ``rounding``);
    ``held()`` is every rank's vector, rank by rank, for ``on_step``. Returns the log."""
    log: list[Step] = []
    for index, move in enumerate(schedule(collective, n)):
        for source, target in messages(move):
            if not move.reduce:
                target[...] = source
            elif rounding is None:
                np.add(target, source, out=target)
            else:
                target[...] = rounding(target + source)
        log.append(Step(move.src, move.dst, move.slot, chunk_bytes))
        if on_step is not None:
            snapshot = held()
            snapshot.flags.writeable = False
            on_step(index, log[-1], snapshot)
    return log


def log_bytes_sent(log: Sequence[Sequence[Transfer]], n: int) -> np.ndarray:
    """Bytes each of ``n`` ranks sent, counted from a simulator's step log."""
    sent = np.zeros(checks.whole("n", n, 1))
    for step in log:
        if isinstance(step, Step):
            sent += np.bincount(step.src, weights=step.nbytes, minlength=n)[:n]
        else:
            for src, _dst, nbytes in step:
                sent[src] += nbytes
    return sent


def _largest(step: Sequence[Transfer]) -> float:
    if isinstance(step, Step):
        return float(step.nbytes.max(initial=0))
    return max((t[2] for t in step), default=0)


def log_time(log: Sequence[Sequence[Transfer]], alpha: float, bandwidth: float) -> float:
    """Seconds the logged steps take in the alpha-beta model: each step costs ``alpha`` plus its
    largest message over ``bandwidth`` (the messages of a step travel at the same time)."""
    a = float(checks.values("alpha", alpha))
    b = float(checks.values("bandwidth", bandwidth, above=True))
    return sum(a + _largest(step) / b for step in log)


def check_log(log: Sequence[Sequence[Transfer]], n: int) -> None:
    """Raise ``ValueError`` if a step has a rank sending or receiving more than one message, or
    a transfer to itself: the model every closed form assumes."""
    for index, step in enumerate(log):
        if isinstance(step, Step):
            senders, receivers = step.src, step.dst
        else:
            senders = np.array([t[0] for t in step], dtype=int)
            receivers = np.array([t[1] for t in step], dtype=int)
        both = np.concatenate([senders, receivers])
        outside = len(both) > 0 and (both.min() < 0 or both.max() >= n)
        if outside or np.any(senders == receivers):
            raise ValueError(f"step {index} has a transfer to itself or outside 0..{n - 1}")
        for who in (senders, receivers):
            if len(who) and np.bincount(who).max() > 1:
                raise ValueError(f"step {index} has a rank sending or receiving twice")


# ---------------------------------------------------------------------------------------------
# Simulation beside the closed form, and precision
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Agreement:
    """The simulator's counts beside the closed form's, for one collective and one size."""

    collective: str
    n: int
    nbytes: float
    steps_simulated: int
    steps_formula: int
    bytes_simulated: float  # largest number of bytes one rank sent
    bytes_formula: float
    time_simulated: float
    time_formula: float

    @property
    def agrees(self) -> bool:
        """Steps equal and bytes and time equal to rounding."""
        return (
            self.steps_simulated == self.steps_formula
            and math.isclose(self.bytes_simulated, self.bytes_formula, rel_tol=1e-12)
            and math.isclose(self.time_simulated, self.time_formula, rel_tol=1e-12)
        )


def compare_with_closed_form(
    collective: str, n: int, elements: int, alpha: float, bandwidth: float, seed: int = 0
) -> Agreement:
    """Simulate ``collective`` on ``n`` ranks of ``elements`` float32 values each and set its
    step count, busiest rank's bytes and log time beside the closed forms."""
    rng = np.random.default_rng(seed)
    arrays = list(
        rng.integers(-100, 100, size=(checks.whole("n", n, 1), elements)).astype(np.float32)
    )
    nbytes = float(arrays[0].nbytes)
    _, log = simulate(collective, arrays)
    return Agreement(
        collective,
        n,
        nbytes,
        len(log),
        steps(collective, n),
        float(log_bytes_sent(log, n).max()),
        max_bytes_sent(collective, n, nbytes),
        log_time(log, alpha, bandwidth),
        float(collective_time(collective, n, nbytes, alpha, bandwidth)),
    )


def gradients(n: int, elements: int, seed: int = 0) -> list[np.ndarray]:
    """``n`` made-up gradient vectors of ``elements`` values, already BF16 values (float32
    arrays): mean 1, spread 0.5, so the sum grows with ``n`` as gradients of one sign do."""
    rng = np.random.default_rng(seed)
    values = rng.normal(1.0, 0.5, size=(checks.whole("n", n, 1), elements)).astype(np.float32)
    return list(to_bf16(values))


#: The ways of reducing that :func:`reduction_error` compares.
REDUCTIONS: dict[str, str] = {
    "fp32_ring": "FP32 ring all-reduce",
    "bf16_ring": "BF16 ring all-reduce",
    "bf16_tree": "BF16 tree all-reduce",
    "bf16_sequential": "BF16 sum in rank order",
    "fp32_then_bf16": "FP32 all-reduce, result rounded to BF16 once",
}


def reduce_with(method: str, arrays: Sequence[np.ndarray]) -> np.ndarray:
    """Rank 0's all-reduced vector by ``method`` (a key of :data:`REDUCTIONS`)."""
    if method not in REDUCTIONS:
        raise ValueError(f"method={method!r} is not one of {list(REDUCTIONS)}")
    arrs = [np.asarray(a, dtype=np.float32) for a in arrays]
    if method == "fp32_ring":
        return simulate("ring_allreduce", arrs)[0][0]
    if method == "fp32_then_bf16":
        return to_bf16(simulate("ring_allreduce", arrs)[0][0])
    if method == "bf16_sequential":
        total = to_bf16(arrs[0])
        for a in arrs[1:]:
            total = to_bf16(total + a)
        return total
    algorithm = "ring_allreduce" if method == "bf16_ring" else "tree_allreduce"
    return simulate(algorithm, [to_bf16(a) for a in arrs], rounding=to_bf16)[0][0]


def reduction_error(method: str, arrays: Sequence[np.ndarray]) -> float:
    """Relative error of an all-reduce by ``method``: RMS of (result - exact sum) over RMS of
    the exact sum, the exact sum taken in float64."""
    exact = np.sum(np.stack([np.asarray(a, dtype=np.float64) for a in arrays]), axis=0)
    got = reduce_with(method, arrays).astype(np.float64)
    return float(np.sqrt(np.mean((got - exact) ** 2)) / np.sqrt(np.mean(exact**2)))


def error_by_ranks(
    ranks: Sequence[int], methods: Sequence[str], elements: int = 2048, seed: int = 0
) -> dict[str, np.ndarray]:
    """:func:`reduction_error` of each method for each number of ranks, on :func:`gradients`."""
    table = {m: np.empty(len(ranks)) for m in methods}
    for i, n in enumerate(ranks):
        arrays = gradients(n, elements, seed)
        for m in methods:
            table[m][i] = reduction_error(m, arrays)
    return table


def order_disagreement(n: int, elements: int = 2048, seed: int = 0) -> dict[str, float]:
    """How much BF16 all-reduces of the same data disagree when only the order of the additions
    differs: the share of elements where ring and tree differ, and the largest gap relative to
    the value."""
    arrays = gradients(n, elements, seed)
    ring = reduce_with("bf16_ring", arrays)
    tree = reduce_with("bf16_tree", arrays)
    differ = ring != tree
    gap = np.abs(ring - tree) / np.abs(tree)
    return {"share_different": float(np.mean(differ)), "largest_gap": float(gap.max())}


# ---------------------------------------------------------------------------------------------
# Tables for notebook 04
# ---------------------------------------------------------------------------------------------
def _range_text(lo: float, hi: float, unit: str) -> str:
    return f"{si(lo, unit, 2)} to {si(hi, unit, 2)}"


def message_table(key: str = "nvlink5", sizes: Sequence[float] = (1e3, 1e6, 1e9)) -> Table:
    """One message of each size over the link kind ``key``: its time in the alpha-beta model and
    the share of the link's bandwidth it uses, beside the link's crossover size."""
    k = link(key)
    alpha, bandwidth = k.alpha.value, k.bandwidth.value
    cross = crossover_bytes(alpha, bandwidth)
    rows = []
    for size in sizes:
        seconds = float(transfer_time(size, alpha, bandwidth))
        share = float(effective_bandwidth(size, alpha, bandwidth)) / bandwidth
        bound = "latency bound" if size < cross else "bandwidth bound"
        rows.append([si(size, "B"), si(seconds, "s"), percent(share, 3), bound])
    return Table(
        ("message", "time", "share of B used", "below or above the crossover"),
        rows,
        caption=f"{k.name}: alpha = {si(alpha, 's')} per message, B = {si(bandwidth, 'B/s')} one "
        f"way; the crossover size alpha x B = {si(cross, 'B')}.",
    )


def link_table() -> Table:
    """The three link kinds side by side: bandwidth, lane rate, reach, delay, energy, power."""
    rows = []
    for k in LINKS.values():
        lo, hi = k.energy_per_bit_range
        lane = si(k.lane_rate.value * BITS_PER_BYTE, "b/s")
        reach = si(k.reach.value, "m")
        if k.other_module and k.other_lane_rate and k.other_reach:
            lane += f" ({k.other_module}: {si(k.other_lane_rate.value * BITS_PER_BYTE, 'b/s')})"
            reach += f" ({k.other_module}: {si(k.other_reach.value, 'm')})"
        rows.append(
            [
                k.name,
                k.medium,
                si(k.bandwidth.value, "B/s"),
                si(k.module_rate.value * BITS_PER_BYTE, "b/s")
                if k.module_rate
                else "none (copper)",
                lane,
                reach,
                si(k.delay_per_m.value, "s/m", 2),
                f"{si(k.energy_per_bit, 'J/b', 2)} ({_range_text(lo, hi, 'J/b')})",
                si(k.power_at(), "W", 2),
                k.failure_points,
            ]
        )
    return Table(
        (
            "link",
            "medium",
            "per chip, one way",
            "optical module rate",
            "lane rate",
            "reach",
            "delay per metre",
            "energy per bit (range)",
            "power per chip at full rate",
            "what can fail",
        ),
        rows,
        caption="Link kinds of the two systems (helpers.comm.LINKS, figures from helpers.specs). "
        "Rates one direction: a module carries several lanes (one lane: one electrical pair or "
        "fibre lane). Energy per bit: the chips' SerDes plus an optical module at each end of a "
        "fibre. Sources disagree on the UB's module (SemiAnalysis: LPO, 4 lanes over "
        "single-mode fibre; the wiring scheme: SR8, 8 lanes over multimode fibre): the SR8's "
        "lane rate and reach are in brackets.",
    )


def transceiver_table() -> Table:
    """The CM384's optical parts and what they draw, each count with its rule: physical cables
    and the modules at their ends (SemiAnalysis's count), scale-up alone and with the scale-out
    modules, beside the NVL72's copper."""
    t = transceiver_power()
    out = FIGURES["cm384.transceivers_scale_out"].value
    per_module = FIGURES["link.optics_400g_lpo_power"]
    up_cables = t.scale_up_cables
    rows = [
        [
            "optical cables (physical links)",
            "modules / 2: one module at each end",
            f"{up_cables:,.0f} ({up_cables / CM384.n:.0f} per NPU)",
            f"{(up_cables + out / 2):,.0f}",
            "-",
            "-",
        ],
        [
            "optical modules (transceivers)",
            MODULE_RULE,
            f"{t.scale_up_modules:,.0f} ({t.scale_up_modules / CM384.n:.0f} per NPU)",
            f"{t.modules:,.0f} ({t.modules / CM384.n:.0f} per NPU)",
            f"{si(t.watts, 'W')} ({_range_text(t.low, t.high, 'W')})",
            percent(t.share_of_system, 2),
        ],
    ]
    saving = FIGURES["nvl72.copper_power_saving"]
    rows.append(
        [
            "NVL72: optics it avoids by using copper (press)",
            "passive copper in the NVLink spine",
            "0",
            "-",
            f"about {si(saving.value, 'W')} saved",
            percent(saving.value / specs.NVL72.power.value, 2),
        ]
    )
    return Table(
        (
            "counted",
            "rule",
            "scale-up network",
            f"with the {out:,.0f} scale-out modules",
            "power of all modules (range)",
            "share of the system's power",
        ),
        rows,
        caption=f"400G modules at {si(per_module.value, 'W')} each "
        f"({_range_text(per_module.low, per_module.high, 'W')}, an assumption); system power: "
        f"CM384 {si(CM384.power.value, 'W')}, NVL72 {si(specs.NVL72.power.value, 'W')} (SA). "
        "Module counts: SemiAnalysis. Notebook 05 counts the graph's logical links, which are "
        "not cables.",
    )


def collective_table(n: int, nbytes: float, alpha: float, bandwidth: float) -> Table:
    """Every collective's steps, message size, busiest rank's bytes, time and bandwidths."""
    rows = []
    for c in COLLECTIVES:
        t = float(collective_time(c, n, nbytes, alpha, bandwidth))
        rows.append(
            [
                NAMES[c],
                steps(c, n),
                si(step_bytes(c, n, nbytes), "B"),
                si(max_bytes_sent(c, n, nbytes), "B"),
                si(t, "s"),
                si(algbw(nbytes, t), "B/s") if t else "-",
                si(busbw(c, n, nbytes, t), "B/s") if t else "-",
            ]
        )
    return Table(
        ("collective", "steps", "per message", "sent by busiest rank", "time", "algbw", "busbw"),
        rows,
        caption=f"{n} ranks, a {si(nbytes, 'B')} vector, alpha = {si(alpha, 's')} per step, "
        f"{si(bandwidth, 'B/s')} per rank one way (closed forms of helpers.comm).",
    )


def beyond_domain_table(
    n: int,
    nbytes: float,
    collectives: Sequence[str] = ("ring_allreduce", "all_to_all"),
    systems: Sequence[System | str] | None = None,
) -> Table:
    """Each collective over ``n`` chips of each of ``systems`` (the article's two by default):
    where it runs (one domain, or k domains of m chips in two levels), its time, and the bytes
    each chip sends over its scale-up links and over its scale-out network card. A system whose
    links are not published gets a row that says so."""
    chosen = checks.systems("systems", systems)
    rows = []
    for c in collectives:
        for system in chosen:
            try:
                d = domain(system, n)
            except ValueError:
                rows.append([NAMES[c], system.short, NOT_PUBLISHED, "-", "-", "-"])
                continue
            phases = d.phases(c, nbytes)
            inner = sum(p.sent for p in phases if p.level == "inner")
            outer = sum(p.sent for p in phases if p.level == "outer")
            rows.append(
                [
                    NAMES[c],
                    system.short,
                    d.split,
                    si(d.time(c, nbytes), "s"),
                    si(inner, "B"),
                    si(outer, "B") if outer else "0",
                ]
            )
    return Table(
        (
            "collective",
            "system",
            "runs in",
            "time",
            "each chip sends over scale-up links",
            "each chip sends over its network card",
        ),
        rows,
        caption=f"{n} chips, a {si(nbytes, 'B')} vector (helpers.comm.Domain.phases). Beyond one "
        "domain a collective runs in two levels: inside each domain over the scale-up links, "
        "across domains over each chip's own network card, all cards at once.",
    )


def agreement_table(ranks: Sequence[int], elements: int, alpha: float, bandwidth: float) -> Table:
    """The simulator beside the closed forms for every collective and each number of ranks."""
    rows = []
    for n in ranks:
        for c in COLLECTIVES:
            a = compare_with_closed_form(c, n, elements, alpha, bandwidth)
            rows.append(
                [
                    NAMES[c],
                    n,
                    f"{a.steps_simulated} / {a.steps_formula}",
                    f"{si(a.bytes_simulated, 'B', 4)} / {si(a.bytes_formula, 'B', 4)}",
                    f"{si(a.time_simulated, 's', 4)} / {si(a.time_formula, 's', 4)}",
                    "yes" if a.agrees else "NO",
                ]
            )
    return Table(
        (
            "collective",
            "ranks",
            "steps (simulated / formula)",
            "bytes, busiest rank",
            "time",
            "agree",
        ),
        rows,
        caption=f"Each rank holds {elements} float32 values; alpha = {si(alpha, 's')}, "
        f"{si(bandwidth, 'B/s')} per rank. Simulated: counted from the simulator's step log.",
    )


def error_table(ranks: Sequence[int], elements: int = 2048) -> Table:
    """Relative error of each way of reducing, for each number of ranks."""
    errors = error_by_ranks(ranks, list(REDUCTIONS), elements)
    rows = [[REDUCTIONS[m], *(f"{e:.1e}" for e in errors[m])] for m in REDUCTIONS]
    return Table(
        ("reduction", *(f"{n} ranks" for n in ranks)),
        rows,
        caption="RMS error of the all-reduced gradient over RMS of the exact sum (float64), "
        f"{elements} values per rank drawn around 1 (helpers.comm.gradients).",
    )


def notebook_figures() -> tuple[Figure, ...]:
    """The records notebook 04 uses, for its list of sources."""
    found = [f for k in LINKS.values() for f in k.figures()]
    found += [FIGURES[name] for name in _NOTEBOOK_RECORDS]
    return tuple(dict.fromkeys(found))  # in order, once each


_NOTEBOOK_RECORDS = (
    "link.copper_reach_25g_lane",
    "link.copper_reach_100g_lane",
    "link.dac_reach",
    "cm384.optical_link_length",
    "cm384.transceivers",
    "cm384.transceivers_scale_up",
    "cm384.optical_cables_scale_up",
    "cm384.transceivers_scale_out",
    "link.optics_400g_lpo_power",
    "cm384.power",
    "nvl72.power",
    "nvl72.copper_cables",
    "nvl72.copper_power_saving",
    "link.switch_hop_latency",
    "cm384.cross_node_extra_latency",
    "h100.nvlink_allreduce_busbw_measured",
    "h100.nvlink_allreduce_measured_size",
    "h100.nvlink_allreduce_busbw_medium",
    "h100.nvlink_allreduce_medium_size",
    "h100.nvlink_bandwidth",
    "ascend910c.scale_out_bandwidth",
)
