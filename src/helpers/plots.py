"""One drawing style for the whole course.

- Colours: the Okabe-Ito palette, safe for the common kinds of colour blindness; each system has a
  fixed colour *and* a fixed line style and marker, so colour is never the only cue
  (CloudMatrix 384: vermillion, solid, circles; GB200 NVL72: bluish green, dashed, squares).
- An opaque white background (readable in a dark JupyterLab theme), large type for a projector.
- Axes carry a quantity and a unit; :func:`si_axis` writes ticks with SI prefixes (300 PFLOP/s).
- Figures are built without pyplot (:func:`new_figure`), so a notebook never shows a figure twice
  and a widget redraws the one figure it owns; :func:`show` displays a drawing as a static picture
  with its caption.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib
import PIL.Image
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import EngFormatter

from . import checks
from .specs import System
from .specs.styles import OKABE_ITO

#: Styles for other series (formats, topologies...), in order: colour, line style and marker differ.
SERIES_STYLES: tuple[dict[str, Any], ...] = (
    {"color": OKABE_ITO["blue"], "linestyle": "-", "marker": "o"},
    {"color": OKABE_ITO["orange"], "linestyle": "--", "marker": "s"},
    {"color": OKABE_ITO["reddish_purple"], "linestyle": "-.", "marker": "^"},
    {"color": OKABE_ITO["sky_blue"], "linestyle": ":", "marker": "D"},
    {"color": OKABE_ITO["black"], "linestyle": (0, (5, 1, 1, 1)), "marker": "v"},
    {"color": OKABE_ITO["yellow"], "linestyle": (0, (1, 1)), "marker": "P"},
)

#: Colours of notes, highlights and reference lines.
INK = OKABE_ITO["black"]
GRID = "#BBBBBB"
HIGHLIGHT = OKABE_ITO["orange"]

#: matplotlib settings: readable at projector size, opaque background, one font.
RC: dict[str, Any] = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "font.family": "DejaVu Sans",
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.titleweight": "bold",
    "axes.labelsize": 14,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "legend.framealpha": 1.0,
    "lines.linewidth": 2.5,
    "lines.markersize": 8,
    "axes.grid": True,
    "grid.color": GRID,
    "grid.linewidth": 0.8,
    "grid.alpha": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=[s["color"] for s in SERIES_STYLES]),
    "svg.hashsalt": "scaling-up",
    "figure.dpi": 100,
}

#: Resolution of widget pictures: sharp enough on a projector, fast enough to redraw.
WIDGET_DPI = 80
#: Resolution of static pictures in the notebooks.
STATIC_DPI = 100
#: Default figure size in inches (16:9, fills a notebook column).
FIGSIZE = (9.0, 5.0)

matplotlib.rcParams.update(RC)


def system_style(system: System | str, **overrides: Any) -> dict[str, Any]:
    """Line/marker keyword arguments for a system (``CM384``, ``"cm384"``, ``"NVL72"`` or any
    system of the registry): its colour, line style and marker (:attr:`System.style`), labelled
    with its name."""
    s = checks.system("system", system)
    look = s.style
    style = {
        "color": look.color,
        "linestyle": look.linestyle,
        "marker": look.marker,
        "label": s.name,
    }
    return style | overrides


def bar_style(system: System | str) -> dict[str, Any]:
    """Keyword arguments for ``ax.bar`` of a system: its colour and hatch, a black edge."""
    s = checks.system("system", system)
    return {"color": s.style.color, "hatch": s.style.hatch, "edgecolor": INK, "label": s.name}


def label_right(ax: Axes, x: float, y: float, text: str, gap: float = 4, **style: Any) -> Any:
    """Write ``text`` ``gap`` points right of the point (``x``, ``y``) in data units, centred on
    it vertically (a bar's end, a curve's last point); ``style`` as for ``ax.annotate``. The
    annotation, to move or change later."""
    return ax.annotate(
        text, (x, y), xytext=(gap, 0), textcoords="offset points", va="center", **style
    )


def series_style(i: int) -> dict[str, Any]:
    """The ``i``-th style of :data:`SERIES_STYLES` (cycling)."""
    return dict(SERIES_STYLES[i % len(SERIES_STYLES)])


def new_figure(
    nrows: int = 1,
    ncols: int = 1,
    figsize: tuple[float, float] = FIGSIZE,
    **subplot_kw: Any,
) -> tuple[Figure, Any]:
    """A figure outside pyplot (so it is shown only when asked) and its axes."""
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes


def si_axis(axis: Axis, unit: str, places: int | None = None) -> None:
    """Write the ticks of ``axis`` with SI prefixes and ``unit`` (``ax.yaxis``, ``"FLOP/s"``)."""
    axis.set_major_formatter(EngFormatter(unit=unit, places=places, sep=" "))


def png(fig: Figure, dpi: int = STATIC_DPI) -> bytes:
    """The figure rendered as PNG bytes at ``dpi``, with its opaque background."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor=fig.get_facecolor())
    return buffer.getvalue()


def png_fast(fig: Figure, *, draw: bool = True) -> bytes:
    """The figure rendered once at its own dpi and packed with light PNG compression.

    About a third faster than :func:`png` (one draw instead of two, compression level 1): the
    path a widget takes on every control change. ``draw=False`` packs what the canvas holds
    (a widget that drew only some artists over a kept background, or only the artists that
    moved).
    """
    canvas = fig.canvas
    if draw:
        canvas.draw()
    rgba = canvas.buffer_rgba()
    height, width = rgba.shape[:2]
    image = PIL.Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def source_line(fig: Figure, text: str) -> None:
    """A small 'Sources: ...' line under the axes (the caption line of the course's figures)."""
    fig.supxlabel(text, fontsize=10, color="#444444", ha="left", x=0.01)


def axes_list(axes: Any) -> Iterator[Axes]:
    """The axes of a figure as a flat sequence (one ``Axes`` or an array of them)."""
    if isinstance(axes, Axes):
        yield axes
    else:
        for ax in getattr(axes, "flat", axes):
            yield from axes_list(ax)


#: How a :class:`Picture`'s plain-text form begins; the caption follows.
FIGURE_PREFIX = "[figure] "


class Picture:
    """A static picture with its caption, as a notebook shows it without a kernel.

    Displays as a PNG image followed by the caption (an alt-text-like description of what to see).
    The image is shown as HTML with the caption as its ``alt`` text (JupyterLab gives a bare PNG
    output none), the PNG beside it for viewers that do not show HTML. Its plain-text form is the
    caption, so notebook tests compare words, not pixels (``tests/nbval_sanitize.cfg`` blanks the
    PNG inside the HTML).
    """

    def __init__(self, png_bytes: bytes, caption: str) -> None:
        self.png = png_bytes
        self.caption = caption

    def _ipython_display_(self) -> None:
        from IPython.display import Markdown, display

        png = base64.b64encode(self.png).decode("ascii")
        alt = html.escape(self.caption, quote=True)
        bundle = {
            "text/html": f'<img src="data:image/png;base64,{png}" alt="{alt}">',
            "image/png": png,
            "text/plain": repr(self),
        }
        display(bundle, raw=True)
        display(Markdown(f"*Figure: {self.caption}*"))

    def __repr__(self) -> str:
        return f"{FIGURE_PREFIX}{self.caption}"


def show(
    draw: Callable[..., Any],
    caption: str,
    *,
    layout: Callable[[Figure], Any] | None = None,
    figsize: tuple[float, float] = FIGSIZE,
    **params: Any,
) -> Picture:
    """Draw ``draw(axes, **params)`` on a new figure and return it as a captioned :class:`Picture`.

    ``layout(fig)`` makes the axes (one ``Axes`` by default).
    """
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    axes = layout(fig) if layout else fig.add_subplot()
    draw(axes, **params)
    return Picture(png(fig), caption)
