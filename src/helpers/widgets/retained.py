"""Redrawing a widget's picture in place: a drawing leaves its artists on the figure, and the
widget's ``update`` moves them (line data, bar heights, texts) instead of clearing the axes and
drawing again, which is several times faster (see ``FigureWidget(update=...)``)."""

from __future__ import annotations

from typing import Any

from .. import plots


def retain(axes: Any, key: str, **artists: Any) -> dict[str, Any]:
    """Keep ``artists`` of the drawing ``key`` on the figure of ``axes``, for a redraw in place."""
    first = next(iter(plots.axes_list(axes)))
    store = first.figure.__dict__.setdefault("_course_retained", {})
    store[key] = {"axes": axes, "first": first, "children": len(first.get_children()), **artists}
    return store[key]


def retained(axes: Any, key: str) -> dict[str, Any] | None:
    """What the drawing ``key`` left on the figure of ``axes`` (``None`` when it was not drawn
    on these axes, or they were cleared or drawn on since)."""
    first = next(iter(plots.axes_list(axes)))
    record = getattr(first.figure, "_course_retained", {}).get(key)
    if record is None or record["first"] is not first:
        return None
    if len(first.get_children()) != record["children"]:
        return None  # cleared (or drawn on) since
    return record
