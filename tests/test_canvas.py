"""The widgets' canvas keeps the glyphs of texts it drew, and draws the same pixels as Agg."""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from helpers.widgets import canvas


def _figure(x: float, title: str) -> Figure:
    fig = Figure(figsize=(4, 3), dpi=80)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], label="a line")
    ax.text(x, 0.5, "moves", rotation=30, fontsize=13)
    ax.set_title(title, fontweight="bold")
    ax.set_xlabel("$x^2$ (mathtext: never kept)")
    ax.legend()
    return fig


def _pixels(fig: Figure) -> np.ndarray:
    fig.canvas.draw()
    return np.array(fig.canvas.buffer_rgba())


def _agg(x: float, title: str) -> np.ndarray:
    fig = _figure(x, title)
    FigureCanvasAgg(fig)
    return _pixels(fig)


def test_kept_glyphs_draw_the_same_pixels_as_agg():
    fig = _figure(0.2, "a title")
    canvas.Canvas(fig)
    first = _pixels(fig)
    kept = len(canvas._GLYPHS)
    again = _pixels(fig)  # every text from its kept glyphs
    assert len(canvas._GLYPHS) == kept, "a text drawn again at the same place is not kept twice"
    assert np.array_equal(first, _agg(0.2, "a title"))
    assert np.array_equal(again, first)


def test_a_moved_or_changed_text_is_rendered_afresh():
    fig = _figure(0.2, "a title")
    canvas.Canvas(fig)
    _pixels(fig)
    ax = fig.axes[0]
    ax.texts[0].set_x(0.37)
    ax.set_title("another title", fontweight="bold")
    ax.title.set_color("red")
    expected = _figure(0.37, "another title")
    expected.axes[0].title.set_color("red")
    FigureCanvasAgg(expected)
    assert np.array_equal(_pixels(fig), _pixels(expected))
