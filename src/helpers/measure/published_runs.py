"""Published nccl-tests runs on GB200 NVL72 racks, set beside the course's models.

Each run joins its ``measured`` figures in :mod:`helpers.specs` (``MEASURED_RUNS``) with the
log they come from, as published (``data/coreweave_*.txt``), read by
:func:`helpers.measure.read_nccl_tests`. Its model is notebook 04's: a ring all-reduce over
NVLink 5 inside one rack; beyond one rack, the two-level all-reduce of
:meth:`helpers.comm.Domain.time` (reduce-scatter inside each rack over NVLink, an all-reduce of
the shards across racks through each GPU's network card, an all-gather inside).

What these runs cannot do is fix the model's parameters
(see :data:`helpers.measure.fitting.REFUSAL`):

- they cover only large messages (512 MiB and up), where the bandwidth term is most of the
  model's time at every size: there is no latency regime to fit a latency from;
- beyond one rack NCCL does not run one flat ring: a flat ring of 1,440 ranks would take
  2 x 1,439 steps, each waiting for a hop across racks, and that latency alone (with NCCL's own
  per-step latency over the network) is more than the whole measured time of the 512 MiB
  all-reduce. It runs in levels, with reduction inside the NVLink switches and, on CoreWeave's
  InfiniBand fabric, in the network's switches (SHARP). Their bus bandwidth is far above what
  any GPU's own network card carries.

Units: bytes (``B``), seconds (``s``), bytes per second (``B/s``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .. import comm, specs
from ..specs import FIGURES, NVL72, Figure, MeasuredRun
from ..tables import Table
from ..units import si
from .nccl import NcclTable, read_nccl_tests

ALLREDUCE = "ring_allreduce"


@dataclass(frozen=True)
class PublishedRun:
    """One published run: its figures, its log, and the model to set it beside.

    Attributes:
        run: the figures (:class:`helpers.specs.MeasuredRun`).
        log: the run's table, read from the log as published.
    """

    run: MeasuredRun
    log: NcclTable

    @property
    def key(self) -> str:
        return self.run.key

    @property
    def label(self) -> str:
        return self.run.label

    @property
    def ranks(self) -> int:
        return self.run.ranks

    @property
    def hierarchical(self) -> bool:
        """True beyond one rack: NCCL then runs the all-reduce in levels."""
        return self.run.racks > 1

    @property
    def sizes(self) -> np.ndarray:
        """Message sizes (B)."""
        return np.array(self.run.sizes, dtype=float)

    @property
    def busbw(self) -> np.ndarray:
        """Measured bus bandwidth at each size (B/s), from :mod:`helpers.specs`."""
        return np.array([f.value for f in self.run.busbw])

    def domain(self) -> comm.Domain:
        """Where the model runs the all-reduce: one NVL72 rack, or its two levels beyond."""
        return comm.domain(NVL72, self.ranks)

    def model_time(self, nbytes: float | np.ndarray) -> np.ndarray:
        """The model's time of the all-reduce (s)."""
        return np.asarray(self.domain().time(ALLREDUCE, nbytes), dtype=float)

    def model_busbw(self, nbytes: float | np.ndarray) -> np.ndarray:
        """The model's bus bandwidth (B/s), as nccl-tests would report it."""
        size = np.asarray(nbytes, dtype=float)
        return np.asarray(comm.busbw(ALLREDUCE, self.ranks, size, self.model_time(size)))

    def latency_share(self) -> np.ndarray:
        """At each published size, the share of the model's time that is latency (the time of
        an empty message): under a half everywhere, so no point is latency bound."""
        return self.model_time(0.0) / self.model_time(self.sizes)

    def flat_ring_latency(self) -> float:
        """Latency of one flat ring all-reduce over all the ranks (s): 2(n-1) steps, each at
        NCCL's per-step latency over the network beyond one rack (every step of a flat ring
        has hops that cross racks), over NVLink inside one."""
        step = comm.link("scale_out" if self.hierarchical else "nvlink5").alpha.value
        return comm.steps(ALLREDUCE, self.ranks) * step

    def table(self) -> Table:
        """Measured bus bandwidth beside the model's at each size."""
        model = self.model_busbw(self.sizes)
        rows = [
            [si(size, "B", binary=True), si(got, "B/s"), si(want, "B/s"), f"{got / want:.0%}"]
            for size, got, want in zip(self.sizes, self.busbw, model, strict=True)
        ]
        where = (
            "two levels: NVLink inside each rack, each GPU's network card across racks"
            if self.hierarchical
            else "a ring over NVLink 5"
        )
        return Table(
            ("size", "measured busbw", "model busbw", "measured / model"),
            rows,
            caption=f"{self.label}: all-reduce bus bandwidth, measured (nccl-tests, "
            f"{self.run.busbw[0].source.key}) and modelled ({where}; helpers.comm).",
        )


def why_not_fit() -> Table:
    """Each published run beside the flat alpha-beta model: how much of the model's time is
    latency at the smallest size, the latency of one flat ring over all its ranks beside the
    measured time, and its best bus bandwidth over one GPU's network card."""
    card = NVL72.chip.scale_out_bandwidth.value
    rows = []
    for r in _runs().values():
        smallest = r.log.rows[0].out_of_place.seconds
        rows.append(
            [
                r.label,
                si(r.sizes[0], "B", binary=True),
                f"{r.latency_share()[0]:.0%}",
                si(r.flat_ring_latency(), "s"),
                si(smallest, "s"),
                f"{r.busbw.max() / card:.1f}x",
            ]
        )
    return Table(
        (
            "run",
            "smallest size",
            "latency share of the model there",
            "latency of a flat ring",
            "measured time there",
            "best busbw / one network card",
        ),
        rows,
        caption="Why the flat alpha-beta model is not fitted to these runs: at every size the "
        "model's time is mostly transfer (no latency regime); a flat ring over all the ranks "
        "would wait 2(n-1) steps (NCCL's per-step latency over NVLink in one rack, over the "
        "network across racks); beyond one rack the bus bandwidth is many times what one GPU's "
        "network card carries, so most of the reduction stays inside the racks.",
    )


@functools.lru_cache(maxsize=1)
def _runs() -> dict[str, PublishedRun]:
    folder = resources.files(__package__).joinpath("data")
    return {
        key: PublishedRun(run, read_nccl_tests(folder.joinpath(run.log).read_text("utf-8")))
        for key, run in specs.MEASURED_RUNS.items()
    }


def published(key: str | None = None) -> dict[str, PublishedRun] | PublishedRun:
    """Every published run by key (``"gb200_1rack"``, ``"gb200_2racks"``,
    ``"gb200_20racks"``), or the one called ``key``."""
    runs = _runs()
    if key is None:
        return dict(runs)
    if key not in runs:
        raise ValueError(f"key={key!r} is not a published run; use one of {list(runs)}")
    return runs[key]


def figures() -> tuple[Figure, ...]:
    """The records the published runs and their models use, for a list of sources."""
    found = [f for r in specs.MEASURED_RUNS.values() for f in r.busbw]
    found += [
        NVL72.chip.scale_up_bandwidth,
        NVL72.chip.scale_out_bandwidth,
        FIGURES["nccl.ring_step_latency_nvlink"],
        FIGURES["nccl.ring_step_latency_net"],
    ]
    return tuple(dict.fromkeys(found))
