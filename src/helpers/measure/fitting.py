"""Fit the alpha-beta model to measured times, by least squares, and read the residuals.

The model is the one of :func:`helpers.comm.collective_time`: a collective over ``n`` ranks takes
``steps`` steps, each costing a latency ``alpha`` plus its message over the bandwidth ``B``::

    t = steps * alpha + steps * step_bytes / B

It is linear in ``alpha`` and ``1 / B``, so one least-squares solve finds both from all the
points of all the collectives at once. Each point is weighted by its own time (the residuals
minimised are relative, ``measured / model - 1``), so that the microsecond points of small
messages count as much as the millisecond points of large ones: the former fix ``alpha``, the
latter ``B``.

Some points sit far off any one alpha and B: a process that waited for a core another program
held, or messages too large for the processor's caches, which then copy at the speed of main
memory. Least squares follows such points. So a first fit minimises the absolute misses (which
a few such points cannot pull), the points more than :data:`OUTLIER` times its median miss off
it (and at least 25 %) are left out, and least squares fits the rest. The fit says which were
left out; their residuals still show what the model leaves out.

Units: seconds (``s``), bytes (``B``), bytes per second (``B/s``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import checks, comm
from ..tables import Table
from ..units import percent, si
from .results import MEASURED, Point, Results

#: A point is left out of the fit when its residual is this many times the median residual.
OUTLIER = 4.0
#: Why a published run is not fitted (see :func:`fit`).
REFUSAL = (
    "a published nccl-tests run is not fitted with the flat alpha-beta model. Its messages are "
    "all hundreds of MB or more, so no point is latency bound: there is no latency regime to "
    "fit alpha from. NCCL picks its algorithm and protocol per size, and beyond one rack it "
    "runs in levels, reducing inside each rack first (over NVLink, or in the NVLink switches) "
    "and, on CoreWeave's InfiniBand, in the network's switches (SHARP): a flat ring over all "
    "the ranks would wait longer for its 2(n-1) steps than the twenty-rack run took in all. "
    "Set such a run beside a model with the same levels instead (PublishedRun.table)."
)


@dataclass(frozen=True)
class Fit:
    """The alpha-beta model fitted to measured points.

    Attributes:
        alpha: latency of one step (s).
        bandwidth: bandwidth of each rank, one direction (B/s).
        ranks: ranks of the measurement.
        points: the points fitted.
        predicted: the model's time for each point (s).
        left_out: which points were left out of the final fit as outliers (aligned with
            ``points``).
    """

    alpha: float
    bandwidth: float
    ranks: int
    points: tuple[Point, ...]
    predicted: tuple[float, ...]
    left_out: tuple[bool, ...] = ()

    @property
    def residuals(self) -> np.ndarray:
        """Each point's measured (median) time over the model's, minus 1: +0.2 is 20 % slower
        than the model."""
        return np.array([p.median for p in self.points]) / np.array(self.predicted) - 1

    @property
    def crossover(self) -> float:
        """The message size at which latency and bandwidth cost the same, ``alpha * B`` (B)."""
        return comm.crossover_bytes(self.alpha, self.bandwidth)

    def predict(self, collective: str, nbytes: float | np.ndarray) -> float | np.ndarray:
        """The fitted model's time for ``collective`` over these ranks (s)."""
        return comm.collective_time(collective, self.ranks, nbytes, self.alpha, self.bandwidth)

    def table(self) -> Table:
        """Every point: measured median, model, residual."""
        rows = [
            [
                comm.NAMES[p.collective],
                si(p.nbytes, "B", binary=True),
                si(p.median, "s"),
                si(model, "s"),
                f"{r:+.0%}",
                "yes" if out else "",
            ]
            for p, model, r, out in sorted(
                zip(self.points, self.predicted, self.residuals, self._left_out(), strict=True),
                key=lambda row: (comm.COLLECTIVES.index(row[0].collective), row[0].nbytes),
            )
        ]
        return Table(
            ("collective", "per rank", "measured (median)", "model", "residual", "left out"),
            rows,
            caption=f"{self.describe()} Residual: measured / model - 1.",
        )

    def _left_out(self) -> tuple[bool, ...]:
        return self.left_out or (False,) * len(self.points)

    @property
    def rms(self) -> float:
        """Root mean square of the residuals of the points fitted (outliers left out): a
        typical miss of the model (0.1 = 10 %)."""
        kept = ~np.array(self._left_out(), dtype=bool)
        return float(np.sqrt(np.mean(self.residuals[kept] ** 2)))

    def describe(self) -> str:
        """One sentence: the fitted alpha and B and how well they fit."""
        out = sum(self._left_out())
        outliers = f"; {out} point(s) far off the model left out of the fit" if out else ""
        return (
            f"alpha = {si(self.alpha, 's')} per step, B = {si(self.bandwidth, 'B/s')} per rank "
            f"(crossover {si(self.crossover, 'B', binary=True)}); {len(self.points) - out} "
            f"points over {self.ranks} ranks, typical miss (RMS of the residuals) "
            f"{percent(self.rms, 2)}{outliers}."
        )

    def _repr_markdown_(self) -> str:
        return f"**Fit:** {self.describe()}"

    def __repr__(self) -> str:
        return f"Fit: {self.describe()}"


def fit(results: Results, collectives: Sequence[str] | None = None) -> Fit:
    """Fit ``alpha`` and ``B`` to the median times of ``results`` by least squares on the
    relative residuals (see the module's docstring).

    Args:
        results: a measurement (:func:`helpers.measure.run`, :func:`helpers.measure.recorded`,
            :func:`synthetic`).
        collectives: fit only these (all measured ones by default).

    Raises:
        ValueError: a published nccl-tests run (see :data:`REFUSAL`), fewer than two points, or
            points that show no bandwidth term (all latency: measure larger messages).
        TypeError: anything else that is not :class:`Results`.
    """
    from .nccl import NcclTable
    from .published_runs import PublishedRun

    if isinstance(results, PublishedRun):
        raise ValueError(f"results is the published run {results.label!r}: {REFUSAL}")
    if isinstance(results, NcclTable):
        raise ValueError(f"results is an nccl-tests table: {REFUSAL}")
    if not isinstance(results, Results):
        raise TypeError(f"results must be Results (from measure.run), not {type(results).__name__}")
    wanted = results.collectives() if collectives is None else list(collectives)
    for name in wanted:
        comm._check_collective(name)
    points = tuple(p for p in results.points if p.collective in wanted)
    if len(points) < 2:
        raise ValueError(f"results has {len(points)} point(s) of {wanted}; a fit needs at least 2")
    n = results.ranks
    steps = np.array([comm.steps(p.collective, n) for p in points], dtype=float)
    per_step = np.array([float(comm.step_bytes(p.collective, n, p.nbytes)) for p in points])
    times = np.array([p.median for p in points])
    rows = np.column_stack([steps, steps * per_step]) / times[:, None]
    start = rows @ _least_absolute(rows)  # model / measured of a fit outliers do not pull
    misses = np.abs(1 / np.maximum(start, 1e-12) - 1)  # measured / model - 1, as reported
    out = misses > max(OUTLIER * float(np.median(misses)), 0.25)
    if (~out).sum() < 2:
        out[:] = False
    alpha, inverse_b = _solve(rows[~out])
    if not inverse_b > 0 or not math.isfinite(inverse_b):
        raise ValueError(
            "results show no bandwidth term (the times do not grow with the size): measure "
            "larger messages"
        )
    bandwidth = 1.0 / inverse_b
    predicted = steps * (alpha + per_step / bandwidth)
    return Fit(
        float(alpha), float(bandwidth), n, points, tuple(predicted.tolist()), tuple(out.tolist())
    )


def _least_absolute(rows: np.ndarray, rounds: int = 30) -> np.ndarray:
    """``(alpha, 1/B)`` minimising the sum of the absolute misses (iteratively reweighted least
    squares): unlike squares, a few points far off cannot pull it."""
    theta = np.array(_solve(rows))
    for _ in range(rounds):
        weight = 1 / np.sqrt(np.maximum(np.abs(rows @ theta - 1), 1e-3))
        theta = np.array(_solve(rows * weight[:, None], weight))
    return theta


def _solve(rows: np.ndarray, target: np.ndarray | None = None) -> tuple[float, float]:
    """Least squares of ``rows @ (alpha, 1/B) = target`` (ones by default), ``alpha >= 0``."""
    target = np.ones(len(rows)) if target is None else target
    (alpha, inverse_b), *_ = np.linalg.lstsq(rows, target, rcond=None)
    if alpha < 0:  # no latency shows: the best fit with alpha = 0
        x = rows[:, 1]
        return 0.0, float((x @ target) / (x @ x))
    return float(alpha), float(inverse_b)


def default_sizes(largest: int = 16 * 2**20) -> list[int]:
    """Message sizes of a sweep: 4 B, then x4 up to ``largest`` bytes."""
    largest = checks.whole("largest", largest, 4)
    sizes = [4]
    while sizes[-1] * 4 <= largest:
        sizes.append(sizes[-1] * 4)
    return sizes


def synthetic(
    alpha: float,
    bandwidth: float,
    *,
    ranks: int = 2,
    sizes: Sequence[int] | None = None,
    noise: float = 0.1,
    seed: int = 0,
) -> Results:
    """Results as a machine with latency ``alpha`` (s) and bandwidth ``bandwidth`` (B/s) would
    give them, each time multiplied by ``1 + noise * z`` with ``z`` drawn from a standard
    normal distribution (seeded): for testing :func:`fit`, and for seeing what noise does."""
    a = checks.number("alpha", alpha)
    b = checks.positive("bandwidth", bandwidth)
    noise = checks.number("noise", noise)
    ranks = checks.whole("ranks", ranks, 2)
    rng = np.random.default_rng(seed)
    points = []
    for size in default_sizes() if sizes is None else sizes:
        for name in MEASURED:
            exact = float(comm.collective_time(name, ranks, size, a, b))
            factor = max(1 + noise * rng.standard_normal(), 0.05)
            points.append(Point(name, int(size), (exact * factor,)))
    machine = f"a synthetic machine (alpha {si(a, 's')}, B {si(b, 'B/s')}, noise {noise:.0%})"
    return Results(ranks, tuple(points), machine, "synthetic", ())
