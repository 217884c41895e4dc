"""Widgets that repaint only what a control change moved.

A :class:`~helpers.widgets.base.FigureWidget` clears its axes and draws everything on every
change; most of that time goes into laying out and rasterising text (tick labels, titles, value
labels). An :class:`UpdatingFigureWidget` instead keeps the artists its ``draw`` made (see
:func:`kept`), lets ``draw`` update them (bar widths, texts, colours), and repaints only the
pixels around the artists whose state changed, from a kept background, redrawing there every
artist that overlaps them in the order a full draw would. The picture is the same, pixel for
pixel, as a full draw of the same parameters (``tests/test_capstone.py`` checks it).

A ``draw`` for such a widget must:

- build its artists once through :func:`kept` (so a fresh axes, as the static figure has, gets
  a complete drawing), listing under ``"dynamic"`` the artists it changes;
- draw what never changes (axes, grid, ticks) below those artists (``ax.set_axisbelow(True)``),
  so the background kept after the first draw holds it;
- change only what :func:`_state` sees: a patch's place, size, colour, hatch and visibility, a
  text's content, place and visibility.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.legend import Legend
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from .. import plots
from .base import FigureWidget

#: Pixels added around an artist's extent when it is repainted (antialiasing, edge lines, the
#: padding of a text's box).
MARGIN = 4


def kept(ax: Axes, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The artists ``build`` made on ``ax`` (a dict with a ``"probe"`` artist and the
    ``"dynamic"`` ones a draw changes), made now if ``ax`` is new or was cleared since: a drawing
    is then the same function of its parameters on fresh axes (the static figure) and on kept
    ones (the widget)."""
    artists = getattr(ax, "_course_artists", None)
    if artists is None or artists["probe"] not in ax.get_children():
        artists = build()
        ax._course_artists = artists
    return artists


def _state(a: Artist) -> tuple:
    """What a draw may change on ``a``, to tell whether it must be repainted."""
    if isinstance(a, Text):
        xy = getattr(a, "xy", None)
        return (a.get_visible(), a.get_text(), tuple(a.get_position()), xy and tuple(xy))
    if isinstance(a, Rectangle):
        box = (a.get_x(), a.get_y(), a.get_width(), a.get_height())
        return (a.get_visible(), box, tuple(a.get_facecolor()), a.get_hatch())
    return (a.get_visible(),)


def _pixels(box: Bbox, figure_box: Bbox) -> Bbox | None:
    """``box`` grown by :data:`MARGIN` to whole pixels, within the figure; ``None`` if empty."""
    if not all(math.isfinite(v) for v in box.extents):
        return figure_box
    x0, y0, x1, y1 = box.extents
    grown = Bbox.from_extents(
        math.floor(x0) - MARGIN, math.floor(y0) - MARGIN, math.ceil(x1) + MARGIN,
        math.ceil(y1) + MARGIN,
    )  # fmt: skip
    return Bbox.intersection(grown, figure_box)


def _restore(canvas: Any, background: Any, rect: Bbox) -> None:
    """Put back the background's pixels in ``rect`` (display pixels, y up, whole numbers; the
    pixels ``x0 <= x < x1``, ``y0 <= y < y1``, as a clip box of ``rect`` draws them). Agg's
    ``restore_region`` counts rows from the top and includes both ends."""
    height = canvas.get_renderer().height
    x0, y0, x1, y1 = (int(v) for v in rect.extents)
    canvas.restore_region(background, bbox=(x0, height - y1, x1 - 1, height - y0 - 1), xy=(0, 0))


def _draw_clipped(a: Artist, rect: Bbox, renderer: RendererBase) -> None:
    """Draw ``a`` only inside ``rect`` (whole pixels), within its own clip box if it has one."""
    clip_on, clip_box = a.get_clip_on(), a.get_clip_box()
    box = Bbox.intersection(rect, clip_box) if clip_on and clip_box is not None else rect
    if box is None:
        return
    a.set_clip_box(box)
    a.set_clip_on(True)
    try:
        a.draw(renderer)
    finally:
        a.set_clip_box(clip_box)
        a.set_clip_on(clip_on)


class UpdatingFigureWidget(FigureWidget):
    """A widget whose ``draw`` updates its kept artists, and which repaints only around the ones
    that changed (see the module's docstring)."""

    _background: Any = None
    _states: dict[Artist, tuple]
    _extents: dict[Artist, Bbox | None]

    def _dynamic(self) -> list[Artist]:
        """The artists a paint may redraw: those of each axes from its lowest dynamic artist's
        zorder up, in the order :meth:`matplotlib.axes.Axes.draw` draws them (a stable sort by
        zorder)."""
        out: list[Artist] = []
        for ax in plots.axes_list(self.axes):
            floor = min(a.get_zorder() for a in ax._course_artists["dynamic"])
            skip = {ax.patch, ax.xaxis, ax.yaxis}
            out += sorted(
                (a for a in ax.get_children() if a not in skip and a.get_zorder() >= floor),
                key=lambda a: a.get_zorder(),
            )
        return out

    def _record(self, artists: list[Artist], renderer: RendererBase) -> None:
        """Remember each artist's state and extent (in whole pixels) as painted now."""
        figure_box = self.figure.bbox
        self._states = {a: _state(a) for a in artists}
        self._extents = {a: _pixels(a.get_window_extent(renderer), figure_box) for a in artists}

    def _grown(self, rect: Bbox, artists: list[Artist]) -> Bbox:
        """``rect`` grown to hold whole every artist that cannot be drawn clipped (a legend draws
        its frame and entries with clip settings of their own) and that it overlaps."""
        grown = True
        while grown:
            grown = False
            for a in artists:
                box = self._extents[a]
                if isinstance(a, Legend) and box is not None and box.overlaps(rect):
                    union = Bbox.union([rect, box])
                    if union.bounds != rect.bounds:
                        rect, grown = union, True
        return rect

    def _full(self, artists: list[Artist]) -> None:
        """Draw everything; keep what lies below ``artists`` as the background."""
        canvas = self.figure.canvas
        if not isinstance(self.figure.get_layout_engine(), PlaceHolderLayoutEngine | None):
            canvas.draw()  # the first draw lays the figure out, with every label in place,
            self.figure.set_layout_engine("none")  # and it stays so (one draw less later)
        for a in artists:
            a.set_animated(True)
        canvas.draw()
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        for a in artists:
            a.set_animated(False)
        renderer = canvas.get_renderer()
        for a in artists:
            a.draw(renderer)

    def _paint(self, params: Mapping[str, Any]) -> bytes:
        self.draw(self.axes, **params)
        artists = self._dynamic()
        canvas = self.figure.canvas
        if self._background is None or set(artists) != set(self._states):
            self._full(artists)
            self._record(artists, canvas.get_renderer())
            return plots.png_fast(self.figure, draw=False)
        renderer = canvas.get_renderer()
        old_states, old_extents = self._states, self._extents
        self._record(artists, renderer)
        changed = [a for a in artists if self._states[a] != old_states.get(a)]
        for a in changed:
            boxes = [b for b in (old_extents.get(a), self._extents[a]) if b is not None]
            if not boxes:
                continue
            rect = self._grown(Bbox.union(boxes), artists)
            _restore(canvas, self._background, rect)
            for other in artists:
                box = self._extents[other]
                if other.get_visible() and box is not None and box.overlaps(rect):
                    _draw_clipped(other, rect, renderer)
        return plots.png_fast(self.figure, draw=False)

    def static(self) -> plots.Picture:
        """The current picture, drawn in full at the static resolution; the next paint starts
        from a full draw again (the static drawing resized the canvas)."""
        picture = super().static()
        self._background = None
        return picture
