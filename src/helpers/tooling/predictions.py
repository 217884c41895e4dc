"""Find a prediction's answer on screen before its Reveal.

A notebook saved with its outputs shows everything at once. For each prediction
(``exercises.predict("id")`` in a code cell) this module reads what a learner sees around it,
from the start of its section (the last heading of level 1 or 2 above it) down to the prediction,
and after it down to the next heading or prediction, and looks there for the strings that give
the answer away (:meth:`helpers.exercises.Exercise.giveaways`). What is folded (inside
``<details>``) or hidden (HTML comments) does not count: a learner opens it on purpose.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..exercises import get

_PREDICT = re.compile(r"""exercises\.predict\(["']([^"']+)["']\)""")
_HEADING = re.compile(r"^(#{1,6})\s", re.M)
_FOLDED = re.compile(r"<details\b.*?</details>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Block:
    """A piece of what a learner sees, in order: a heading, some text, or a prediction."""

    cell: int
    kind: str  # "heading1".."heading6", "text" or "predict"
    text: str  # the visible text (for a prediction: its exercise id)


def visible(text: str, markup: bool = True) -> str:
    """What a reader sees of ``text``: folded ``<details>`` and comments removed, tags dropped,
    entities decoded."""
    text = _FOLDED.sub(" ", _COMMENT.sub(" ", text))
    return html.unescape(_TAG.sub(" ", text)) if markup else text


def _output_text(output: dict) -> str:
    data = output.get("data", {})
    if "text" in output:  # a stream
        return "".join(output["text"])
    for mime in ("text/html", "text/markdown"):
        if mime in data:
            return visible("".join(data[mime]))
    return "".join(data.get("text/plain", ""))


def blocks(path: Path) -> list[Block]:
    """The notebook at ``path`` as the sequence of blocks a learner scrolls through."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    out: list[Block] = []
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            pieces = _HEADING.split(visible(source, markup=False))
            if pieces[0].strip():
                out.append(Block(i, "text", visible(pieces[0])))
            for hashes, rest in zip(pieces[1::2], pieces[2::2], strict=True):
                title, _, body = rest.partition("\n")
                out.append(Block(i, f"heading{len(hashes)}", title))
                if body.strip():
                    out.append(Block(i, "text", visible(body)))
        elif cell["cell_type"] == "code":
            ids = _PREDICT.findall(source)
            out += [Block(i, "predict", ex_id) for ex_id in ids]
            if not ids:  # a prediction cell's own output is its widget: folded answer
                text = " ".join(_output_text(o) for o in cell.get("outputs", []))
                if text.strip():
                    out.append(Block(i, "text", text))
    return out


@dataclass(frozen=True)
class InView:
    """A string that gives a prediction away, on screen before Reveal."""

    notebook: str
    exercise_id: str
    cell: int
    giveaway: str

    def __str__(self) -> str:
        return (
            f"{self.notebook}: {self.giveaway!r} (cell {self.cell}) gives away "
            f"{self.exercise_id} before its Reveal: fold it or move the prediction above it"
        )


def answers_in_view(path: Path) -> list[InView]:
    """Every giveaway on screen around every prediction of the notebook at ``path``."""
    seq = blocks(path)
    found = []
    for k, block in enumerate(seq):
        if block.kind != "predict":
            continue
        start = k
        while start > 0 and seq[start - 1].kind not in ("heading1", "heading2"):
            start -= 1
        end = k + 1
        while end < len(seq) and not seq[end].kind.startswith(("heading", "predict")):
            end += 1
        around = [b for b in seq[start:k] + seq[k + 1 : end] if b.kind == "text"]
        for giveaway in get(block.text).giveaways():
            pattern = re.compile(rf"(?<![\w.]){re.escape(giveaway)}(?![\w])")
            found += [
                InView(Path(path).name, block.text, b.cell, giveaway)
                for b in around
                if pattern.search(b.text)
            ]
    return found
