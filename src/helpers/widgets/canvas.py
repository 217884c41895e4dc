"""The canvas every widget draws on: matplotlib's Agg canvas, with the glyphs of each text kept.

Agg renders every glyph of every text again on each draw (FreeType, then the bitmap is
blended in), a quarter to a third of a widget's redraw: tick labels, legends and titles that
have not moved are rendered to the same bitmaps every time. :class:`Canvas` keeps, for a text
drawn at a given place with a given font, the glyph bitmaps FreeType made, and blends those
the next time the same text is drawn at the same place; the pixels are the same, since the
bitmaps are (a text drawn elsewhere, or with another font, size, angle or resolution, is
rendered afresh).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag

#: Texts whose glyphs are kept, at most (the oldest are dropped first); a text's glyphs are a
#: few kB.
KEPT_TEXTS = 4096

#: (text, place, font...) -> [(bitmap, left, bottom)] of the glyphs, most recently used last.
_GLYPHS: OrderedDict[tuple, list[tuple[np.ndarray, int, int]]] = OrderedDict()


def _text_option(mtext: Any, getter: str) -> Any:
    """A text's font features or language, which change its glyphs (matplotlib 3.11 and later;
    ``None`` before, where neither exists, and for a text drawn without a Text artist)."""
    get = getattr(mtext, getter, None)
    return get() if get is not None else None


class _Renderer(RendererAgg):
    """An Agg renderer that blends the kept glyphs of a text drawn before at the same place."""

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        key = (
            s,
            x,
            y,
            angle,
            self.dpi,
            self.height,
            bool(gc.get_antialiased()),
            get_hinting_flag(),
            tuple(prop.get_family()),
            prop.get_style(),
            prop.get_variant(),
            prop.get_weight(),
            prop.get_stretch(),
            prop.get_size_in_points(),
            prop.get_file(),
            _text_option(mtext, "get_fontfeatures"),
            _text_option(mtext, "get_language"),
        )
        glyphs = _GLYPHS.get(key)
        if glyphs is not None:
            _GLYPHS.move_to_end(key)
            for image, left, bottom, angle in glyphs:
                self._renderer.draw_text_image(image, left, bottom, angle, gc)
            return None
        blend, keep = self._renderer, _Keep(self._renderer)
        self._renderer = keep
        try:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        finally:
            self._renderer = blend
        _GLYPHS[key] = keep.glyphs
        if len(_GLYPHS) > KEPT_TEXTS:
            _GLYPHS.popitem(last=False)
        return None


class _Keep:
    """Stands for Agg's renderer while a text is drawn: blends each glyph and keeps a copy."""

    def __init__(self, blend: Any) -> None:
        self.blend = blend
        self.glyphs: list[tuple[np.ndarray, float, float, float]] = []

    def draw_text_image(self, image: Any, x: float, y: float, angle: float, gc: Any) -> None:
        # Replayed with the angle Agg was given (matplotlib 3.10 rotates a text here).
        self.glyphs.append((np.array(image), x, y, angle))
        self.blend.draw_text_image(image, x, y, angle, gc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.blend, name)


class Canvas(FigureCanvasAgg):
    """:class:`~matplotlib.backends.backend_agg.FigureCanvasAgg` drawing with
    :class:`_Renderer` (the same pixels, texts drawn before at the same place faster)."""

    def get_renderer(self) -> RendererAgg:
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key or not isinstance(self.renderer, _Renderer):
            self.renderer = _Renderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer
