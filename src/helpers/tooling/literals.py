"""Find hardware figures typed into notebook code instead of taken from :mod:`helpers.specs`.

A numeric literal in a code cell is a finding when it equals a figure of
:data:`helpers.specs.FIGURES` in any decimal scaling (2.5e15, 2500 or 2.5 for 2.5 PFLOP/s) or in
bits instead of bytes (400 for 50 GB/s = 400 Gb/s). Small counts that are everywhere (0-10, 16, 32,
64, 100, 1000, 1024) and format constants are not hardware figures. A line opts out with a
comment ``# literal-ok: <reason>``.
"""

from __future__ import annotations

import ast
import io
import json
import math
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..specs import FIGURES

#: Numbers too common to be evidence of a typed hardware figure.
ALLOWED = frozenset({*range(11), 16, 32, 64, 100, 1000, 1024, 0.5})
OPT_OUT = re.compile(r"#\s*literal-ok:\s*\S")


@dataclass(frozen=True)
class Finding:
    """A literal in a notebook that equals a hardware figure."""

    notebook: str
    cell: int
    line: int
    literal: str
    figures: tuple[str, ...]

    def __str__(self) -> str:
        names = ", ".join(self.figures[:3])
        return (
            f"{self.notebook} cell {self.cell} line {self.line}: {self.literal} equals {names}; "
            "take it from helpers.specs (or add '# literal-ok: <reason>')"
        )


def _scalings(value: float) -> Iterator[float]:
    for base in (value, value * 8, value / 8):
        for k in range(-8, 9):
            yield base * 10.0 ** (3 * k)


def figure_values() -> dict[float, tuple[str, ...]]:
    """Every scaled value of every figure (rounded to 9 significant digits) -> figure names."""
    table: dict[float, list[str]] = {}
    for name, fig in FIGURES.items():
        if fig.kind == "physics" or fig.value == 0 or not math.isfinite(fig.value):
            continue
        for v in _scalings(fig.value):
            table.setdefault(float(f"{v:.9g}"), []).append(name)
    return {k: tuple(v) for k, v in table.items()}


def _literals(source: str) -> Iterator[tuple[int, str, float]]:
    lines = [ln if not ln.lstrip().startswith(("%", "!")) else "" for ln in source.splitlines()]
    tokens = tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline)
    try:
        for tok in tokens:
            if tok.type == tokenize.NUMBER:
                value = ast.literal_eval(tok.string)
                if isinstance(value, int | float):
                    yield tok.start[0], tok.string, float(value)
    except (tokenize.TokenError, SyntaxError, ValueError):
        return


def scan_source(
    source: str,
    notebook: str = "",
    cell: int = 0,
    values: dict[float, tuple[str, ...]] | None = None,
) -> list[Finding]:
    """The findings in one cell's source, against ``values`` (:func:`figure_values`, computed
    when not given: a caller scanning many cells computes it once)."""
    values = figure_values() if values is None else values
    lines = source.splitlines()
    found = []
    for line_no, text, value in _literals(source):
        if value in ALLOWED or OPT_OUT.search(lines[line_no - 1]):
            continue
        names = values.get(float(f"{abs(value):.9g}"))
        if names:
            found.append(Finding(notebook, cell, line_no, text, names))
    return found


def scan_notebook(path: Path) -> list[Finding]:
    """The findings in every code cell of the notebook at ``path``."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    values = figure_values()
    found = []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "code":
            source = "".join(cell.get("source", ""))
            found += scan_source(source, Path(path).name, i, values)
    return found
