"""A measurement's results: the times of each collective at each size, where and when they were
taken, and the run the course recorded on its development machine (``data/recorded_run.json``),
which notebooks show when they cannot measure (JupyterLite) and as their static figure.

Units: bytes (``B``), seconds (``s``), bytes per second (``B/s``).
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .. import comm
from ..tables import Table
from ..units import si

if TYPE_CHECKING:
    from .fitting import Fit

#: The collectives measured between processes, in the order they are run.
MEASURED: tuple[str, ...] = ("ring_allreduce", "all_gather", "all_to_all")
#: The file of the recorded run, in this package's ``data`` folder.
RECORDED_FILE = "recorded_run.json"


@dataclass(frozen=True)
class Point:
    """One collective at one size: the time of each timed repeat.

    Attributes:
        collective: one of :data:`MEASURED` (names of :data:`helpers.comm.COLLECTIVES`).
        nbytes: each rank's vector in bytes (the whole vector, as nccl-tests counts it).
        seconds: the time of each timed repeat, from the moment every rank had started to the
            moment the last one finished (s).
    """

    collective: str
    nbytes: int
    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        """The median of the repeats (s): what the fit and the tables use."""
        return statistics.median(self.seconds)

    def busbw(self, ranks: int) -> float:
        """nccl-tests' bus bandwidth of the median time (B/s)."""
        return float(comm.busbw(self.collective, ranks, self.nbytes, self.median))


@dataclass(frozen=True)
class Results:
    """What a sweep measured (or what was recorded).

    Attributes:
        ranks: processes that took part, one rank each.
        points: one :class:`Point` per collective and size, in the order measured.
        machine: processor, system and Python of the machine that measured.
        date: when (``YYYY-MM-DD``).
        notes: what the sweep says about itself: how /dev/shm limited its sizes, a time budget
            that stopped it early, that every result equalled numpy's.
        recorded: True for the course's recorded run, False for a measurement just taken.
        seconds: how long the whole sweep took, processes started and stopped included (s).
    """

    ranks: int
    points: tuple[Point, ...]
    machine: str
    date: str
    notes: tuple[str, ...] = ()
    recorded: bool = False
    seconds: float = 0.0
    load: tuple[float, ...] = field(default=())

    def collectives(self) -> list[str]:
        """The collectives measured, in order."""
        return list(dict.fromkeys(p.collective for p in self.points))

    def of(self, collective: str) -> list[Point]:
        """The points of one collective, smallest first."""
        return sorted((p for p in self.points if p.collective == collective), key=_size)

    def fit(self) -> Fit:
        """The alpha-beta fit of these points (see :func:`helpers.measure.fit`)."""
        from .fitting import fit

        return fit(self)

    def table(self) -> Table:
        """Median time and bus bandwidth of each collective at each size."""
        sizes = sorted({p.nbytes for p in self.points})
        names = self.collectives()
        found = {(p.collective, p.nbytes): p for p in self.points}
        rows = []
        for size in sizes:
            row = [si(size, "B", binary=True)]
            for name in names:
                p = found.get((name, size))
                row.append(f"{si(p.median, 's')}, {si(p.busbw(self.ranks), 'B/s')}" if p else "-")
            rows.append(row)
        return Table(
            ("per rank", *(f"{comm.NAMES[n]}: time, busbw" for n in names)),
            rows,
            caption=f"{self.describe()} Median of {self._repeats()} timed runs each; bus "
            "bandwidth as nccl-tests computes it.",
        )

    def _repeats(self) -> str:
        counts = sorted({len(p.seconds) for p in self.points})
        return str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"

    def describe(self) -> str:
        """One sentence: who measured what, where, when."""
        who = "The course's recorded run" if self.recorded else "Measured just now"
        load = f", load average {self.load[0]:.1f}" if self.load else ""
        return (
            f"{who}: {self.ranks} processes on {self.machine}, {self.date}{load}; "
            f"{len(self.points)} points in {self.seconds:.1f} s."
        )

    def _repr_markdown_(self) -> str:
        notes = "".join(f"\n- {n}" for n in self.notes)
        return f"**{self.describe()}**{notes}"

    def __repr__(self) -> str:
        return self.describe() + "".join(f"\n- {n}" for n in self.notes)

    # ---- storage ------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """A JSON-ready dictionary (see :func:`from_dict`)."""
        return {
            "ranks": self.ranks,
            "machine": self.machine,
            "date": self.date,
            "notes": list(self.notes),
            "seconds": round(self.seconds, 3),
            "load": [round(x, 2) for x in self.load],
            "points": [
                {"collective": p.collective, "nbytes": p.nbytes, "seconds": list(p.seconds)}
                for p in self.points
            ],
        }

    def save(self, path: str | Path) -> None:
        """Write these results as JSON (how ``data/recorded_run.json`` is made)."""
        Path(path).write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")


def _size(p: Point) -> int:
    return p.nbytes


def from_dict(data: dict, recorded: bool = False) -> Results:
    """Results from :meth:`Results.to_dict`'s dictionary."""
    return Results(
        int(data["ranks"]),
        tuple(
            Point(p["collective"], int(p["nbytes"]), tuple(float(s) for s in p["seconds"]))
            for p in data["points"]
        ),
        data["machine"],
        data["date"],
        tuple(data.get("notes", ())),
        recorded,
        float(data.get("seconds", 0.0)),
        tuple(data.get("load", ())),
    )


def recorded() -> Results:
    """The run the course recorded on its development machine (a 2-core Linux box): the static
    figure of notebook 11, and what it shows where it cannot measure."""
    text = resources.files(__package__).joinpath("data", RECORDED_FILE).read_text("utf-8")
    return from_dict(json.loads(text), recorded=True)


_LATEST: list[Results] = []


def remember(results: Results) -> None:
    """Make ``results`` the measurement :func:`latest` returns."""
    _LATEST[:] = [results]


def latest() -> Results:
    """The last measurement taken in this Python session (by :func:`helpers.measure.run`), or
    the recorded run if there is none: the results the exercises of notebook 11 check against."""
    return _LATEST[0] if _LATEST else recorded()
