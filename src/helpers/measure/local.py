"""Measure collectives on this machine: ``ranks`` processes exchange real numpy arrays through
shared memory, following the step schedule of :func:`helpers.comm.simulate`.

Each process is a rank (see :mod:`helpers.measure._worker` for how a message travels). A sweep
times a ring all-reduce, an all-gather and an all-to-all at sizes from 4 bytes to
``max_bytes``, each after a warm-up run, several times, and checks every result against numpy.

Bounded and tidy:

- the sweep measures the smallest and the largest size first, then fills in between, and
  starts no new size once ``budget`` seconds have passed since the processes were ready (so a
  cut sweep still spans the range); a point that takes longer than ``timeout`` stops
  everything (``TimeoutError``);
- the largest message is chosen so that the mailboxes take at most half the free space in
  ``/dev/shm`` (containers often give it only 64 MB), and the results say so;
- whatever happens (an error, a process that dies, Ctrl-C), the processes are stopped and the
  shared-memory segment and the semaphores are removed before the call returns or raises.

Where there are no processes (JupyterLite runs Python in the browser), :func:`run` returns the
run the course recorded, and says so.

Units: bytes (``B``), seconds (``s``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import platform
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from .. import checks, comm
from ..tables import Table
from ..units import si
from .fitting import default_sizes
from .results import MEASURED, Point, Results, recorded, remember

#: Share of the free space of /dev/shm a sweep's mailboxes may take.
SHM_SHARE = 0.5
#: The largest message of a default sweep, and of a quick one (bytes).
MAX_BYTES, QUICK_MAX_BYTES = 16 * 2**20, 4 * 2**20
_ITEM = np.dtype(np.float32).itemsize  # the ranks' vectors are float32 (see ._worker)


def in_browser() -> bool:
    """True where Python runs in a browser (JupyterLite, Pyodide): no processes there."""
    return sys.platform == "emscripten"


def usable_cores() -> int:
    """Cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def shm_free(path: str = "/dev/shm") -> int | None:
    """Free bytes in the shared-memory file system, or ``None`` where there is none to ask
    (macOS and Windows keep shared memory elsewhere)."""
    folder = Path(path)
    return shutil.disk_usage(folder).free if folder.is_dir() else None


def plan(collective: str, ranks: int) -> list[list[tuple[int, int, int, int, bool, int]]]:
    """Each rank's steps of ``collective`` from :func:`helpers.comm.schedule`:
    ``(dst, send_slot, src, recv_slot, reduce, out_slot)`` per step, ``out_slot`` -1 unless the
    received chunk goes to an output buffer (all-to-all)."""
    if collective not in MEASURED:
        raise ValueError(f"collective={collective!r} is not one of {MEASURED}")
    plans: list[list[tuple[int, int, int, int, bool, int]]] = [[] for _ in range(ranks)]
    for move in comm.schedule(collective, ranks):
        src, dst, slot = move.src.tolist(), move.dst.tolist(), move.slot.tolist()
        out = move.out_slot.tolist() if move.out_slot is not None else [-1] * len(src)
        for r in range(ranks):
            i, j = src.index(r), dst.index(r)  # each rank sends once and receives once
            plans[r].append((dst[i], slot[i], src[j], slot[j], move.reduce, out[j]))
    return plans


def plan_table(collective: str, ranks: int = 2) -> Table:
    """What each rank does in each step of ``collective`` (from :func:`plan`)."""
    rows = []
    for step in range(comm.steps(collective, ranks)):
        for rank, steps in enumerate(plan(collective, ranks)):
            dst, send, src, recv, reduce, out = steps[step]
            then = (
                f"stores it as piece {out} of its output"
                if out >= 0
                else ("adds it to its chunk" if reduce else "stores it in its chunk")
            )
            rows.append(
                [
                    step + 1,
                    rank,
                    f"chunk {send} to rank {dst}",
                    f"chunk {recv} from rank {src}",
                    then,
                ]
            )
    return Table(
        ("step", "rank", "sends", "receives", "then"),
        rows,
        caption=f"{comm.NAMES[collective]} over {ranks} ranks: each rank's plan, made from "
        "helpers.comm.schedule (the steps comm.simulate runs). A chunk is 1/n of the vector.",
    )


def spread(sizes: list[int]) -> list[int]:
    """``sizes`` in the order a sweep measures them: the smallest and the largest first, then
    the middle, then the middles of the halves, and so on; a sweep cut short by its time budget
    still covers the whole range, more coarsely."""
    if len(sizes) <= 2:
        return list(sizes)
    order, seen, spans = [0, len(sizes) - 1], {0, len(sizes) - 1}, [(0, len(sizes) - 1)]
    while spans:
        low, high = spans.pop(0)
        if high - low > 1:
            mid = (low + high) // 2
            if mid not in seen:
                order.append(mid)
                seen.add(mid)
            spans += [(low, mid), (mid, high)]
    return [sizes[i] for i in order]


def _b(nbytes: float) -> str:
    return si(nbytes, "B", binary=True)


def _sizes(ranks: int, max_bytes: int) -> tuple[list[int], str]:
    """The sweep's sizes, cut to what /dev/shm allows, and a sentence saying so."""
    wanted = default_sizes(max_bytes)
    free = shm_free()

    def needs(size: int) -> int:  # one mailbox per rank, as large as the largest chunk
        return ranks * -(-size // _ITEM // ranks) * _ITEM

    if free is None:
        return wanted, (
            f"This system has no /dev/shm to ask; the largest message, {_b(wanted[-1])}, "
            f"needs {_b(needs(wanted[-1]))} of shared memory."
        )
    sizes = [s for s in wanted if needs(s) <= SHM_SHARE * free]
    if not sizes:
        raise RuntimeError(
            f"/dev/shm has only {si(free, 'B')} free: not enough for even the smallest message"
        )
    if len(sizes) < len(wanted):
        return sizes, (
            f"/dev/shm has only {si(free, 'B')} free; to use at most half of it, the sweep "
            f"stops at {_b(sizes[-1])} instead of {_b(wanted[-1])}."
        )
    return sizes, (
        f"/dev/shm has {si(free, 'B')} free; the largest message, {_b(sizes[-1])}, needs "
        f"{_b(needs(sizes[-1]))} of it."
    )


class _Session:
    """The processes, the shared-memory mailboxes and the semaphores of one sweep; leaving the
    ``with`` block stops and removes them all, whatever happened inside."""

    def __init__(self, ranks: int, largest: int) -> None:
        self.ranks = ranks
        self.slot = max(1, -(-largest // _ITEM // ranks))  # elements of the largest chunk
        self.procs: list = []
        self.conns: list = []
        self.bells: tuple = ()
        self.shm: Any = None  # multiprocessing.shared_memory.SharedMemory

    def __enter__(self) -> _Session:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def _start(self) -> None:
        # Imported here: a browser's Python (JupyterLite) has no processes or shared memory.
        import multiprocessing as mp
        from multiprocessing import shared_memory

        from . import _worker

        ctx = mp.get_context("spawn")  # no fork of a (threaded) notebook kernel
        n = self.ranks
        self.shm = shared_memory.SharedMemory(create=True, size=n * self.slot * _ITEM)
        full = [[ctx.Semaphore(0) for _ in range(n)] for _ in range(n)]
        empty = [ctx.Semaphore(1) for _ in range(n)]
        sync = (ctx.Semaphore(0), [ctx.Semaphore(0) for _ in range(n)])
        self.bells = (full, empty, sync)
        for rank in range(n):
            mine, theirs = ctx.Pipe()
            self.conns.append(mine)
            proc = ctx.Process(
                target=_worker.main,
                args=(rank, n, theirs, self.shm.name, self.slot, self.bells),
                daemon=True,
                name=f"helpers.measure rank {rank}",
            )
            self.procs.append(proc)
            proc.start()
            theirs.close()

    def __exit__(
        self, kind: type | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the processes (asking, then terminating, then killing), close the pipes,
        remove the shared memory and drop the semaphores (which removes them)."""
        for conn, proc in zip(self.conns, self.procs, strict=False):
            if proc.is_alive():
                with contextlib.suppress(OSError):  # it may be going already
                    conn.send({"op": "stop"})
        for proc in self.procs:
            if proc.pid is None:
                continue
            proc.join(1.0)
            if proc.is_alive():
                proc.terminate()
                proc.join(1.0)
            if proc.is_alive():
                proc.kill()
                proc.join()
            proc.close()
        for conn in self.conns:
            conn.close()
        self.procs, self.conns, self.bells = [], [], ()
        if self.shm is not None:
            self.shm.close()
            self.shm.unlink()  # also unregisters it from the resource tracker
            self.shm = None

    def point(
        self, collective: str, nbytes: int, repeats: int, warmup: int, seed: int, timeout: float
    ) -> Point:
        """Run one collective at one size on every rank; its timed repeats as a Point."""
        elements = nbytes // _ITEM
        what = f"{collective} of {_b(nbytes)}"
        for rank, (conn, steps) in enumerate(
            zip(self.conns, plan(collective, self.ranks), strict=True)
        ):
            if not self.procs[rank].is_alive():
                raise RuntimeError(
                    f"measuring process {rank} stopped (exit code {self.procs[rank].exitcode}) "
                    f"before {what}"
                )
            conn.send(
                {
                    "op": "run",
                    "collective": collective,
                    "elements": elements,
                    "plan": steps,
                    "repeats": repeats,
                    "warmup": warmup,
                    "seed": seed,
                }
            )
        replies = self._replies(time.perf_counter() + timeout, what)
        for rank, reply in enumerate(replies):
            if "error" in reply:
                raise RuntimeError(f"rank {rank} failed in {collective}:\n{reply['error']}")
            if not reply["ok"]:
                raise RuntimeError(
                    f"rank {rank}'s result of {collective} of {_b(nbytes)} differs from numpy's"
                )
        seconds = [
            max(r["ends"][k] for r in replies) - max(r["starts"][k] for r in replies)
            for k in range(repeats)
        ]
        return Point(collective, nbytes, tuple(seconds))

    def _replies(self, deadline: float, what: str) -> list[dict]:
        from multiprocessing import connection

        pending = dict(zip(self.conns, range(self.ranks), strict=True))
        sentinels = {p.sentinel: rank for rank, p in enumerate(self.procs)}
        replies: list[dict] = [{}] * self.ranks
        while pending:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"{what} took too long; the measurement was stopped")
            for ready in connection.wait([*pending, *sentinels], timeout=remaining):
                if ready in sentinels:
                    rank = sentinels[ready]
                    self.procs[rank].join(1.0)  # so that its exit code is known
                    raise RuntimeError(
                        f"measuring process {rank} stopped (exit code "
                        f"{self.procs[rank].exitcode}) during {what}"
                    )
                replies[pending.pop(ready)] = ready.recv()
        return replies


def run(
    ranks: int = 2,
    *,
    quick: bool = False,
    max_bytes: int | None = None,
    collectives: Sequence[str] = MEASURED,
    repeats: int | None = None,
    warmup: int = 1,
    budget: float | None = None,
    timeout: float = 30.0,
    seed: int = 0,
    remember_it: bool = True,
) -> Results:
    """Measure ``collectives`` among ``ranks`` processes of this machine.

    Args:
        ranks: processes, one rank each: from 2 to the number of cores this process may use.
        quick: the notebook's sweep: messages up to 4 MiB, 3 timed runs each, a 1 s budget
            (about 2 s in all with the processes' start, on a quiet machine). Otherwise up to
            16 MiB, 5 runs, a 7 s budget.
        max_bytes: the largest message, in bytes (overrides ``quick``'s); cut further when
            /dev/shm is small (the results' notes say so).
        collectives: any of ``"ring_allreduce"``, ``"all_gather"``, ``"all_to_all"``.
        repeats: timed runs per point (after ``warmup`` untimed ones).
        budget: seconds after the processes are ready after which no new size is started,
            once the smallest and the largest have been measured (the results' notes say how
            many were).
        timeout: seconds one point may take before everything is stopped (``TimeoutError``).
        seed: seed of the ranks' input vectors (small whole numbers, so sums are exact).
        remember_it: make these results the ones :func:`helpers.measure.latest` returns (what
            notebook 11's exercises check your answers against).

    Returns:
        :class:`~helpers.measure.results.Results`; in a browser (JupyterLite), the recorded run.

    The processes are started with ``spawn`` (no fork of a notebook kernel's threads), which
    imports the main script again in each of them: from a script, call ``run`` under
    ``if __name__ == "__main__":``, as :mod:`multiprocessing` asks (notebooks and
    ``python -m helpers.measure`` need nothing).

    Raises:
        ValueError: a value out of range (naming it). RuntimeError: a rank failed or its result
        differed from numpy's. TimeoutError: a point took longer than ``timeout``.
    """
    cores = usable_cores()
    ranks = checks.whole("ranks", ranks, 2)
    if ranks > max(cores, 2):
        raise ValueError(f"ranks={ranks} must be from 2 to {max(cores, 2)} (this machine's cores)")
    largest = checks.whole(
        "max_bytes",
        max_bytes if max_bytes is not None else (QUICK_MAX_BYTES if quick else MAX_BYTES),
        4,
    )
    repeats = checks.whole("repeats", repeats if repeats is not None else (3 if quick else 5), 1)
    warmup = checks.whole("warmup", warmup, 0)
    budget = checks.positive("budget", budget if budget is not None else (1.0 if quick else 7.0))
    timeout = checks.positive("timeout", timeout)
    for name in collectives:
        if name not in MEASURED:
            raise ValueError(f"collectives has {name!r}; measured ones are {MEASURED}")
    if in_browser():
        shown = recorded()
        note = (
            "Python runs in this browser without processes (JupyterLite), so nothing was "
            "measured: these are the course's recorded results."
        )
        return dataclasses.replace(shown, notes=(note, *shown.notes))
    start = time.perf_counter()
    sizes, shm_note = _sizes(ranks, largest)
    notes = [shm_note]
    points: list[Point] = []
    done = 0
    with _Session(ranks, sizes[-1]) as session:
        for name in collectives:  # once through, untimed: the processes warm up
            session.point(name, sizes[0], 1, 1, seed, timeout)
        ready = time.perf_counter()
        for size in spread(sizes):
            if done >= 2 and time.perf_counter() - ready > budget:
                break
            for name in collectives:
                points.append(session.point(name, size, repeats, warmup, seed, timeout))
            done += 1
    if done < len(sizes):
        notes.append(
            f"The time budget ({budget:g} s) ran out after {done} of the {len(sizes)} sizes "
            "(measured from both ends of the range inwards, so the range is covered, coarsely)."
        )
    notes.append(
        f"Every result equalled numpy's (the sum, the gathered vector, the exchanged chunks); "
        f"each point is the median of {repeats} timed runs after {warmup} warm-up run(s)."
    )
    results = Results(
        ranks,
        tuple(points),
        f"{platform.machine()}, {platform.system()}, {cores} cores, Python "
        f"{platform.python_version()}",
        datetime.date.today().isoformat(),
        tuple(notes),
        False,
        time.perf_counter() - start,
        tuple(os.getloadavg()) if hasattr(os, "getloadavg") else (),
    )
    if remember_it:
        remember(results)
    return results
