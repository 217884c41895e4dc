"""Small tables for notebooks: an HTML view in JupyterLab, aligned plain text everywhere else.

No pandas: the course's tables are a few rows of already formatted strings.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from . import checks, specs
from .units import si

#: What a table or a figure shows for a figure its maker does not publish (never a guess).
NOT_PUBLISHED = "not published"


class Table:
    """A table of strings with a header and an optional caption.

    Args:
        columns: the header, one name per column.
        rows: the rows, each as many cells as ``columns`` (cells are turned into strings).
        caption: one sentence saying what the table shows.

    Raises:
        ValueError: if a row has the wrong number of cells.
    """

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[object]], caption: str = ""):
        self.columns = [str(c) for c in columns]
        self.rows = [[str(c) for c in row] for row in rows]
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"rows[{i}] has {len(row)} cells; expected {len(self.columns)} "
                    f"(one per column of {self.columns})"
                )
        self.caption = caption

    def _repr_html_(self) -> str:
        return self._html("text-align:left")

    def readout_html(self) -> str:
        """The table as HTML for a widget's readout, where no notebook style pads the cells:
        each cell carries its own padding, so neighbouring headers do not run together."""
        return self._html("text-align:left;padding:2px 12px 2px 0")

    def _html(self, style: str) -> str:
        head = "".join(f"<th style='{style}'>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td style='{style}'>{html.escape(c)}</td>" for c in r) + "</tr>"
            for r in self.rows
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        widths = [max(len(c), *(len(r[i]) for r in self.rows)) for i, c in enumerate(self.columns)]
        line = "  ".join("-" * w for w in widths)

        def fmt(cells: Sequence[str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        lines = [self.caption] if self.caption else []
        lines += [fmt(self.columns), line, *(fmt(r) for r in self.rows)]
        return "\n".join(lines)


class Folded:
    """Something to show folded under a one-line summary (an HTML ``<details>`` block): the
    table or text that answers a prediction stays in its cell, where the notebook tests compare
    it, but closed until the learner opens it, with or without a kernel.

    Args:
        content: what to fold: anything with ``_repr_html_`` (a :class:`Table`) or a plain string.
        summary: the line a learner clicks to open it.
    """

    def __init__(self, content: object, summary: str = "Check: open to see the answer") -> None:
        self.content = content
        self.summary = summary

    def _repr_html_(self) -> str:
        inner = getattr(self.content, "_repr_html_", None)
        body = inner() if inner else f"<pre>{html.escape(str(self.content))}</pre>"
        return f"<details><summary>{html.escape(self.summary)}</summary>{body}</details>"

    def __repr__(self) -> str:
        return f"{self.summary} (folded)\n{self.content!r}"


def folded(content: object, summary: str = "Check: open to see the answer") -> Folded:
    """``content`` folded under ``summary`` (see :class:`Folded`)."""
    return Folded(content, summary)


def system_table(systems: Sequence[specs.System | str] | None = None) -> Table:
    """Systems side by side (the article's two by default, or ``systems``: records or keys of
    :data:`helpers.specs.SYSTEMS`): chips, per-chip figures, totals and power, one column per
    system; "not published" where its maker gives no figure."""
    shown = (
        specs.ARTICLE_PAIR.systems
        if systems is None
        else [checks.system("systems", s) for s in systems]
    )

    def row(label: str, figure, **fmt) -> list[str]:
        cells = [figure(s) for s in shown]
        return [label, *(si(f.value, f.unit, **fmt) if f else NOT_PUBLISHED for f in cells)]

    return Table(
        ("", *(s.name for s in shown)),
        [
            ["chip", *(s.chip.name for s in shown)],
            row("chips", lambda s: s.chips),
            row("dense BF16 per chip", lambda s: s.chip.bf16_dense),
            row("HBM per chip", lambda s: s.chip.hbm_capacity),
            row("HBM bandwidth per chip", lambda s: s.chip.hbm_bandwidth),
            row("scale-up bandwidth per chip, one way", lambda s: s.chip.scale_up_bandwidth),
            row("dense BF16, system", lambda s: s.bf16_dense),
            row("HBM, system", lambda s: s.hbm_capacity),
            row("HBM bandwidth, system", lambda s: s.hbm_bandwidth, digits=4, prefix="T"),
            row("all-in power, system", lambda s: s.power),
            row("racks", lambda s: s.racks),
        ],
        caption="Per-chip figures from helpers.specs; system rows are chips x per-chip figure.",
    )


def spread_topics(systems: Sequence[specs.System | str] | None = None) -> list[str]:
    """The topics of :data:`helpers.specs.SPREADS` that concern ``systems`` (the article's two by
    default): those whose figures are a shown system's or its chip's, and those of no system in
    the registry (a link's reach, say)."""
    shown = specs.ARTICLE_PAIR.systems if systems is None else checks.systems("systems", systems)
    owners = {s.key for s in specs.SYSTEMS.values()} | {c.key for c in specs.CHIPS.values()}
    wanted = {s.key for s in shown} | {s.chip.key for s in shown}
    topics = []
    for topic, figures in specs.SPREADS.items():
        prefixes = {f.name.split(".")[0] for f in figures}
        if prefixes & wanted or not prefixes & owners:
            topics.append(topic)
    return topics


def spread_table(systems: Sequence[specs.System | str] | None = None) -> Table:
    """Where sources disagree about ``systems`` (the article's two by default; see
    :func:`spread_topics`): every value, its kind and source; the first is the one used."""
    rows = []
    for topic in spread_topics(systems):
        figures = specs.SPREADS[topic]
        for i, f in enumerate(figures):
            direction = (
                f" ({f.direction} way{'s' if f.direction == 'both' else ''})"
                if (f.direction)
                else ""
            )
            keys = ", ".join(src.key for src in specs.sources_of(f))
            rows.append(
                [
                    topic if i == 0 else "",
                    si(f.value, f.unit) + direction,
                    (f.label or f.name) + (f" (quoted: {f.quoted})" if f.quoted else ""),
                    f.kind,
                    keys,
                    "used" if i == 0 else "",
                ]
            )
    return Table(
        ("topic", "value", "what", "kind", "source", "course"),
        rows,
        caption="Where sources disagree. The course uses the first value of each topic.",
    )


class SourceList:
    """A Markdown list of sources, cited in full."""

    def __init__(self, sources: Sequence[specs.Source]) -> None:
        self.sources = list(sources)

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- **{s.key}**: {s.cite()}" for s in self.sources)

    def __repr__(self) -> str:
        return "\n".join(f"{s.key}: {s.cite()}" for s in self.sources)


def sources(*figures: specs.Figure) -> SourceList:
    """The sources behind ``figures`` (derived figures followed to their inputs)."""
    return SourceList(specs.sources_of(*figures))
