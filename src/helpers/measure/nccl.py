"""Read the table that NVIDIA's nccl-tests print (``all_reduce_perf`` and its siblings).

A run prints, after its preamble, a header and one row per message size: the header names
``size count type redop root``, then ``time algbw busbw #wrong`` twice, and a second comment
line gives the units (B, elements, us, GB/s). Rows follow, then ``# Out of bounds values : 0 OK``
and ``# Avg bus bandwidth : 745.53``.

The first group of ``time algbw busbw`` is out-of-place (separate send and receive buffers), the
second in-place. Versions differ: older ones have no ``root`` column, and older still no
``redop``; they print an ``error`` column (a float) where newer ones count ``#wrong`` values;
either is ``N/A`` when the run did not check its results. NCCL's own log lines may be
interleaved with the rows. :func:`read_nccl_tests` reads them all; anything else inside the
table is an error naming its line.

Units: nccl-tests prints times in microseconds and bandwidths in GB/s (10^9 B/s); the records
here hold seconds and bytes per second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..tables import Table
from ..units import GB, si

#: Bytes per element of nccl-tests' data types.
TYPE_BYTES: dict[str, int] = {
    "int8": 1,
    "uint8": 1,
    "char": 1,
    "f8e4m3": 1,
    "f8e5m2": 1,
    "half": 2,
    "bfloat16": 2,
    "int32": 4,
    "uint32": 4,
    "float": 4,
    "int64": 8,
    "uint64": 8,
    "double": 8,
}
_LEAD = ("size", "count", "type", "redop", "root")
_CHECKS = ("#wrong", "error")
_LOG_LINE = re.compile(r"\bNCCL (INFO|WARN)\b")
_RANK_LINE = re.compile(r"^#\s+Rank\s+(\d+)\b")
_AVG = re.compile(r"^#\s*Avg bus bandwidth\s*:\s*(\S+)")
_BOUNDS = re.compile(r"^#\s*Out of bounds values\s*:\s*(\d+)")
US = 1e-6


@dataclass(frozen=True)
class Timing:
    """One of a row's two measurements (out-of-place or in-place).

    Attributes:
        seconds: time of one collective (s).
        algbw: algorithm bandwidth, size / time (B/s).
        busbw: bus bandwidth, algbw times nccl-tests' factor (B/s).
        wrong: the ``#wrong`` count or the older ``error`` value; ``None`` for ``N/A``.
    """

    seconds: float
    algbw: float
    busbw: float
    wrong: float | None


@dataclass(frozen=True)
class NcclRow:
    """One message size of an nccl-tests table.

    Attributes:
        line: the row's line number in the text (from 1).
        size: message size in bytes; count: elements; type: nccl-tests' type name.
        redop: reduction (``sum``), ``None`` where the version prints none.
        root: root rank (-1 for none), ``None`` where the version prints none.
        out_of_place, in_place: the two measurements.
    """

    line: int
    size: int
    count: int
    type: str
    redop: str | None
    root: int | None
    out_of_place: Timing
    in_place: Timing

    def implied_ranks(self) -> float:
        """For an all-reduce, the number of ranks its bus-bandwidth factor implies: busbw /
        algbw = 2(n-1)/n, so n = 2 / (2 - busbw / algbw). Rounded figures make it approximate;
        ``nan`` when the row's bandwidths are 0."""
        t = self.out_of_place
        if t.algbw <= 0 or t.busbw >= 2 * t.algbw:
            return float("nan")
        return 2 / (2 - t.busbw / t.algbw)


@dataclass(frozen=True)
class NcclTable:
    """An nccl-tests table as read by :func:`read_nccl_tests`.

    Attributes:
        rows: one per message size, in the order printed.
        columns: the header's column names.
        avg_busbw: the ``# Avg bus bandwidth`` line (B/s), ``None`` when absent.
        out_of_bounds: the ``# Out of bounds values`` count, ``None`` when absent.
        ranks: one more than the highest rank of the ``#  Rank`` lines, ``None`` when absent.
    """

    rows: tuple[NcclRow, ...]
    columns: tuple[str, ...]
    avg_busbw: float | None = None
    out_of_bounds: int | None = None
    ranks: int | None = None

    def table(self, caption: str = "") -> Table:
        """The out-of-place columns, with the ranks each row's busbw / algbw implies."""
        rows = [
            [
                si(r.size, "B", binary=True),
                si(r.out_of_place.seconds, "s"),
                si(r.out_of_place.algbw, "B/s"),
                si(r.out_of_place.busbw, "B/s"),
                f"{r.out_of_place.busbw / r.out_of_place.algbw:.4f}"
                if r.out_of_place.algbw
                else "-",
                f"{r.implied_ranks():.0f}",
            ]
            for r in self.rows
        ]
        return Table(
            ("size", "time", "algbw", "busbw", "busbw / algbw", "ranks it implies"),
            rows,
            caption=caption
            or "An nccl-tests table, out-of-place columns (helpers.measure.read_nccl_tests).",
        )


def _header(words: list[str]) -> tuple[str, ...] | None:
    """The columns if ``words`` (a comment line's words) are an nccl-tests header, else None."""
    if "time" not in words:
        return None
    lead, rest = words[: words.index("time")], words[words.index("time") :]
    if lead[:3] != list(_LEAD[:3]) or lead not in (list(_LEAD[:k]) for k in (3, 4, 5)):
        return None
    if len(rest) != 8 or rest[:3] != ["time", "algbw", "busbw"] or rest[4:7] != rest[:3]:
        return None
    if rest[3] not in _CHECKS or rest[7] != rest[3]:
        return None
    return tuple(words)


def _number(text: str, column: str, number: int, line: str, whole: bool = False) -> float:
    try:
        return int(text) if whole else float(text)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise ValueError(
            f"line {number}: {column}={text!r} is not {kind}: {line.strip()!r}"
        ) from None


def _timing(fields: list[str], number: int, line: str) -> Timing:
    seconds = _number(fields[0], "time", number, line) * US
    algbw = _number(fields[1], "algbw", number, line) * GB
    busbw = _number(fields[2], "busbw", number, line) * GB
    wrong = None if fields[3] == "N/A" else _number(fields[3], "#wrong", number, line)
    return Timing(seconds, algbw, busbw, wrong)


def _row(number: int, line: str, columns: tuple[str, ...]) -> NcclRow:
    fields = line.split()
    if len(fields) != len(columns):
        raise ValueError(
            f"line {number}: {len(fields)} fields where the header has {len(columns)} "
            f"({' '.join(columns)}): {line.strip()!r}"
        )
    lead = dict(zip(columns, fields, strict=False))
    size = int(_number(lead["size"], "size", number, line, whole=True))
    count = int(_number(lead["count"], "count", number, line, whole=True))
    kind = lead["type"]
    root = int(_number(lead["root"], "root", number, line, whole=True)) if "root" in lead else None
    start = columns.index("time")
    outside, inside = (_timing(fields[i : i + 4], number, line) for i in (start, start + 4))
    if kind in TYPE_BYTES and size != count * TYPE_BYTES[kind]:
        raise ValueError(
            f"line {number}: size={size} B is not count={count} x {TYPE_BYTES[kind]} B "
            f"({kind}): {line.strip()!r}"
        )
    for t in (outside, inside):
        expected = size / t.seconds if t.seconds > 0 else 0.0
        if abs(t.algbw - expected) > 0.02 * GB + 0.02 * expected:
            raise ValueError(
                f"line {number}: algbw={t.algbw / GB:g} GB/s is not size / time = "
                f"{expected / GB:.4g} GB/s: {line.strip()!r}"
            )
    return NcclRow(number, size, count, kind, lead.get("redop"), root, outside, inside)


def read_nccl_tests(text: str) -> NcclTable:
    """The table of an nccl-tests run (``all_reduce_perf`` and the others) from its printed
    output, whichever version printed it (see the module's docstring).

    Lines before the header (the preamble) are skipped; inside the table, comment lines, blank
    lines and NCCL's own ``NCCL INFO`` / ``NCCL WARN`` lines are too. The ``# Avg bus
    bandwidth``, ``# Out of bounds values`` and ``#  Rank`` lines are read.

    Raises:
        TypeError: ``text`` is not a string.
        ValueError: no header, no rows, or a line inside the table that is not a row of it (a
            wrong number of fields, a field that is not a number, a size that is not count x
            the type's bytes, an algbw that is not size / time); the message names the line.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str (the printed output), not {type(text).__name__}")
    columns: tuple[str, ...] | None = None
    rows: list[NcclRow] = []
    avg = bounds = highest = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            words = stripped.lstrip("#").split()
            found = _header(words)
            if found is not None:
                if columns is not None and found != columns:
                    raise ValueError(f"line {number}: a second header with other columns")
                columns = found
            elif match := _AVG.match(stripped):
                avg = _number(match.group(1), "Avg bus bandwidth", number, line) * GB
            elif match := _BOUNDS.match(stripped):
                bounds = int(match.group(1))
            elif match := _RANK_LINE.match(stripped):
                highest = max(int(match.group(1)), highest if highest is not None else -1)
            elif "busbw" in words and "size" in words:
                raise ValueError(f"line {number}: not a header nccl-tests prints: {stripped!r}")
            continue
        if columns is None or _LOG_LINE.search(stripped):
            continue  # the preamble, or the library's own log lines
        rows.append(_row(number, line, columns))
    if columns is None:
        raise ValueError(
            "text has no nccl-tests header (a '#' line naming size, count, type, time, algbw, "
            "busbw)"
        )
    if not rows:
        raise ValueError("text has an nccl-tests header but no rows under it")
    ranks = highest + 1 if highest is not None else None
    return NcclTable(tuple(rows), columns, avg, bounds, ranks)
