"""What each measuring process runs: its share of a collective, message by message, through
shared memory (started by :mod:`helpers.measure.local`; nothing here is for a notebook).

Kept light, numpy and the standard library only, so that a process starts quickly.

Messages. Each rank has one mailbox in the shared-memory segment, as large as the largest chunk.
Sending a chunk to rank ``d``: wait until the mailbox is free (``empty[rank]``), copy the chunk
into it, ring ``full[rank][d]``. Receiving from rank ``s``: wait for ``full[s][rank]``, add the
mailbox's chunk to one's own (or store it), free the mailbox (``empty[s]``). One bell per
(sender, receiver) pair, so a message is only ever picked up by the rank it is for. Semaphores
give the ordering of memory: what the sender wrote is visible to the receiver once the bell has
rung, on any processor.

A rank's plan is one tuple per step, ``(dst, send_slot, src, recv_slot, reduce, out_slot)``,
made by the parent from :func:`helpers.comm.schedule`, the schedule :func:`helpers.comm.simulate`
runs: in every step each rank sends one chunk and receives one.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import traceback
from multiprocessing import connection, parent_process, shared_memory
from typing import Any

import numpy as np

DTYPE = np.float32


def acquire(sem: Any) -> None:
    """Wait for ``sem``, asleep until it is raised. No spinning: on a busy machine a rank that
    spins holds the core its sender needs (tried: 20 µs of spinning tripled the time of a small
    all-gather at load 9 on 2 cores). No timeout either: macOS has no timed semaphore wait, and
    Python would poll it in sleeps of milliseconds; a rank whose parent dies is stopped by
    :func:`_exit_with_parent` instead."""
    sem.acquire()


def _exit_with_parent() -> None:
    """Stop this process as soon as its parent exits, however it exits (a watcher thread)."""
    parent = parent_process()
    if parent is not None:
        connection.wait([parent.sentinel])
    os._exit(1)


def inputs(seed: int, rank: int, elements: int) -> np.ndarray:
    """Rank ``rank``'s vector: small whole numbers stored as float32, so that every order of
    additions gives numpy's sum exactly."""
    return np.random.default_rng([seed, rank]).integers(-8, 8, elements).astype(DTYPE)


def bounds(elements: int, parts: int) -> list[int]:
    """Where each of ``parts`` chunks starts, and the end, as ``np.array_split`` cuts them."""
    short, extra = divmod(elements, parts)
    return [c * short + min(c, extra) for c in range(parts + 1)]


def expected(collective: str, ranks: int, rank: int, elements: int, seed: int) -> np.ndarray:
    """What rank ``rank`` holds at the end of ``collective``, computed with numpy from every
    rank's :func:`inputs` (the definitions of :func:`helpers.comm.simulate`)."""
    everyone = [inputs(seed, r, elements) for r in range(ranks)]
    b = bounds(elements, ranks)
    if collective == "ring_allreduce":
        return np.sum(everyone, axis=0, dtype=DTYPE)
    if collective == "all_gather":
        return np.concatenate([everyone[r][b[r] : b[r + 1]] for r in range(ranks)])
    if collective == "all_to_all":
        return np.concatenate([everyone[i][b[rank] : b[rank + 1]] for i in range(ranks)])
    raise ValueError(f"collective={collective!r} is not measured")


class Rank:
    """One rank's side of the measurement: its mailboxes, bells and buffers."""

    def __init__(
        self, rank: int, ranks: int, mail: np.ndarray, full: list, empty: list, sync: tuple
    ) -> None:
        self.rank, self.ranks, self.mail = rank, ranks, mail
        self.full, self.empty = full, empty
        self.arrive, self.depart = sync

    def barrier(self) -> None:
        """Every rank waits here until all have arrived (rank 0 gathers, then releases)."""
        if self.rank == 0:
            for _ in range(self.ranks - 1):
                acquire(self.arrive)
            for r in range(1, self.ranks):
                self.depart[r].release()
        else:
            self.arrive.release()
            acquire(self.depart[self.rank])

    def collective(self, plan: list[tuple], work: np.ndarray, out: np.ndarray | None) -> None:
        """Run ``plan`` on ``work`` (reduced or gathered in place), or into ``out`` (all-to-all:
        ``ranks`` pieces, one per source rank)."""
        rank, mail = self.rank, self.mail
        b = bounds(len(work), self.ranks)
        if out is not None:  # a rank's own piece stays with it
            width = b[rank + 1] - b[rank]
            out[rank * width : (rank + 1) * width] = work[b[rank] : b[rank + 1]]
        for dst, send, src, recv, reduce, out_slot in plan:
            acquire(self.empty[rank])
            lo, hi = b[send], b[send + 1]
            mail[rank, : hi - lo] = work[lo:hi]
            self.full[rank][dst].release()
            acquire(self.full[src][rank])
            lo, hi = b[recv], b[recv + 1]
            arrived = mail[src, : hi - lo]
            if out_slot >= 0:
                out[out_slot * (hi - lo) : (out_slot + 1) * (hi - lo)] = arrived
            elif reduce:
                np.add(work[lo:hi], arrived, out=work[lo:hi])
            else:
                work[lo:hi] = arrived
            self.empty[src].release()

    def run(self, command: dict) -> dict:
        """Time ``command["warmup"] + command["repeats"]`` runs of one collective on one size,
        then check the last result against numpy."""
        elements, seed = command["elements"], command["seed"]
        mine = inputs(seed, self.rank, elements)
        work = np.empty_like(mine)
        out = None
        if command["collective"] == "all_to_all":  # one piece of this rank's chunk per rank
            b = bounds(elements, self.ranks)
            out = np.empty(self.ranks * (b[self.rank + 1] - b[self.rank]), dtype=DTYPE)
        starts, ends = [], []
        for _ in range(command["warmup"] + command["repeats"]):
            work[:] = mine
            self.barrier()
            start = time.perf_counter()
            self.collective(command["plan"], work, out)
            ends.append(time.perf_counter())
            starts.append(start)
        self.barrier()  # the last run ends before anyone starts checking (and takes a core)
        got = out if out is not None else work
        want = expected(command["collective"], self.ranks, self.rank, elements, seed)
        skip = command["warmup"]
        return {"starts": starts[skip:], "ends": ends[skip:], "ok": bool(np.array_equal(got, want))}


def main(rank: int, ranks: int, conn: Any, shm_name: str, slot: int, bells: tuple) -> None:
    """Entry point of a measuring process: attach the shared memory, then run the commands the
    parent sends through ``conn`` until it says ``stop`` (or goes away)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    # Attaching registers the segment with the resource tracker before Python 3.13. The tracker
    # is the parent's (shared by its children) and keeps a set of names, so that registration
    # changes nothing; the parent unlinks the segment, and unregisters it, when it is done.
    options = {"track": False} if sys.version_info >= (3, 13) else {}
    shm = shared_memory.SharedMemory(name=shm_name, **options)
    try:
        mail = np.ndarray((ranks, slot), dtype=DTYPE, buffer=shm.buf)
        me = Rank(rank, ranks, mail, *bells)
        while True:
            try:
                command = conn.recv()
            except EOFError:  # the parent is gone
                break
            if command["op"] == "stop":
                break
            try:
                conn.send(me.run(command))
            except Exception:  # report it; the parent raises it and stops every rank
                conn.send({"error": traceback.format_exc()})
        del mail, me
    finally:
        shm.close()
