"""The pattern every widget of the course follows.

A widget is a set of controls and one picture (plus an optional readout of numbers). The picture
is a pure function of the parameters, ``draw(axes, **params)``, so the same drawing serves as the
static figure beside the widget (``widget.static()``) and as the live one. A control change
recomputes and redraws the *existing* figure (its axes are cleared and drawn again; nothing is
rebuilt) and sends the new PNG to an ``ipywidgets.Image``, so no ``Output`` widget captures
anything and a test can read the picture outside a kernel.

Builders (one function per widget, in the topic modules of this package) are registered with
:func:`builder`; tests and benchmarks find them all in :data:`BUILDERS`.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import ipywidgets as w
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine, PlaceHolderLayoutEngine

from .. import plots

#: Every widget builder of the course, by name.
BUILDERS: dict[str, Callable[[], FigureWidget]] = {}


def builder(fn: Callable[[], FigureWidget]) -> Callable[[], FigureWidget]:
    """Register a widget builder (a function taking no required argument) in :data:`BUILDERS`."""
    if fn.__name__ in BUILDERS:
        raise ValueError(f"builder {fn.__name__!r} is registered twice")
    BUILDERS[fn.__name__] = fn
    return fn


#: Constrained-layout padding of a widget's figure, ``(w_pad, h_pad)`` in inches: wider than
#: matplotlib's (0.04): the layout is placed at the widget's dpi, and the static figure, drawn at
#: a higher dpi, has slightly wider text that would otherwise be clipped at the edges.
PAD = (0.12, 0.08)


def slider(
    description: str,
    value: float,
    min: float,
    max: float,
    step: float = 1,
    *,
    integer: bool | None = None,
    log: bool = False,
    base: float = 10,
    readout_format: str | None = None,
) -> w.ValueWidget:
    """A slider that updates on release, wide enough to read its label.

    ``log=True`` makes a slider over exponents: ``min`` and ``max`` are exponents of ``base``
    (10 by default; 2 for sizes in powers of two) and ``step`` is in exponents, while ``value``
    is the value itself. ``integer`` defaults to True when every bound is an integer.
    """
    low, high = (base**min, base**max) if log else (min, max)
    if not low <= value <= high:
        raise ValueError(
            f"value={value!r} of slider {description!r} is outside [{low:g}, {high:g}]"
        )
    common = {
        "description": description,
        "continuous_update": False,
        "style": {"description_width": "initial"},
        "layout": w.Layout(width="420px"),
    }
    if log:
        fmt = readout_format or ".3g"
        return w.FloatLogSlider(
            value=value, min=min, max=max, step=step, base=base, readout_format=fmt, **common
        )
    if integer is None:
        integer = all(float(x).is_integer() for x in (value, min, max, step))
    if integer:
        return w.IntSlider(value=int(value), min=int(min), max=int(max), step=int(step), **common)
    fmt = readout_format or ".3g"
    return w.FloatSlider(value=value, min=min, max=max, step=step, readout_format=fmt, **common)


def choice_slider(description: str, options: Sequence[int], value: int) -> w.SelectionSlider:
    """A slider over a few chosen whole numbers (shown with thousands separators), styled as
    :func:`slider`."""
    if value not in options:
        raise ValueError(f"value={value!r} of slider {description!r} is not one of {list(options)}")
    return w.SelectionSlider(
        description=description,
        options=[(f"{o:,}", o) for o in options],
        value=value,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=w.Layout(width="420px"),
    )


def dropdown(description: str, options: Any, value: Any = None) -> w.Dropdown:
    """A dropdown with a readable label; ``options`` as ipywidgets takes them."""
    dd = w.Dropdown(
        description=description,
        options=options,
        style={"description_width": "initial"},
        layout=w.Layout(width="420px"),
    )
    if value is not None:
        dd.value = value
    return dd


class FigureWidget(w.VBox):
    """Controls, a picture drawn by ``draw(axes, **params)`` and a readout, kept in step.

    Args:
        draw: draws the picture for the given parameters on ``axes`` (what ``layout`` returns).
        controls: parameter name -> control; each control's ``value`` is passed to ``draw``.
        describe: optional ``describe(**params) -> str`` giving HTML numbers under the picture.
        layout: optional ``layout(fig) -> axes``; one ``Axes`` by default.
        figsize: figure size in inches.
        caption: what the picture shows (alt-text-like), shown under the static figure.
        fixed: extra keyword arguments always passed to ``draw`` and ``describe``.
        pad: ``(w_pad, h_pad)`` of the constrained layout, in inches (:data:`PAD`).
        lay_out_with: control values of the view with the widest labels: the figure is laid out
            once for them, then drawn as the controls say (later redraws keep the layout).
        update: optional ``update(axes, **params)`` that changes what ``draw`` drew in place
            (line data, bar heights, texts) and returns True, or returns False when it cannot;
            then the axes are cleared and ``draw`` runs. Faster than drawing again.
        moving: optional ``moving(axes) -> artists`` naming what ``update`` moves. The rest is
            drawn once as a background; when ``update`` returns ``"moved"`` (only those artists
            changed), only they are drawn again over it, several times faster. The picture is
            always composed so (background, then the moving artists on top), drawn from
            scratch or not.

    Attributes:
        figure: the one matplotlib figure this widget redraws.
        axes: what ``layout`` returned.
        image: the ``ipywidgets.Image`` showing the PNG.
        readout: the ``ipywidgets.HTML`` showing ``describe``'s text.
        last_render_seconds: time of the last redraw, in seconds (benchmarks read it).
    """

    def __init__(
        self,
        draw: Callable[..., Any],
        controls: Mapping[str, w.ValueWidget],
        *,
        describe: Callable[..., str] | None = None,
        layout: Callable[[Figure], Any] | None = None,
        figsize: tuple[float, float] = plots.FIGSIZE,
        caption: str = "",
        fixed: Mapping[str, Any] | None = None,
        pad: tuple[float, float] = PAD,
        lay_out_with: Mapping[str, Any] | None = None,
        update: Callable[..., bool | str] | None = None,
        moving: Callable[[Any], Sequence[Any]] | None = None,
    ) -> None:
        self.draw = draw
        self.update = update
        self.moving = moving
        self._background: Any = None  # the canvas without the moving artists
        self.describe = describe
        self.controls = dict(controls)
        self.fixed = dict(fixed or {})
        self.caption = caption
        engine = ConstrainedLayoutEngine(w_pad=pad[0], h_pad=pad[1])
        self.figure = Figure(figsize=figsize, dpi=plots.WIDGET_DPI, layout=engine)
        FigureCanvasAgg(self.figure)
        self.axes = layout(self.figure) if layout else self.figure.add_subplot()
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        self.readout = w.HTML()
        self.last_render_seconds = 0.0
        self._held = 0  # depth of hold_render
        self._drawn: dict[str, Any] = {}
        box = w.Box(
            list(self.controls.values()),
            layout=w.Layout(display="flex", flex_flow="row wrap"),
        )
        super().__init__([box, self.image, self.readout])
        self.add_class("course-figure-widget")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        if lay_out_with:
            self._paint({**self.params, **lay_out_with})
            self.figure.set_layout_engine("none")
        self.render()

    @property
    def params(self) -> dict[str, Any]:
        """The current parameters: every control's value, plus the fixed ones."""
        return {**self.fixed, **{name: c.value for name, c in self.controls.items()}}

    def _on_change(self, _change: Any = None) -> None:
        # Draws are pure functions of the parameters: a change that leaves them as last drawn
        # (linked controls already settled by the builder) needs no redraw.
        if not self._held and self.params != self._drawn:
            self.render()

    @contextlib.contextmanager
    def hold_render(self, redraw: bool = True) -> Iterator[None]:
        """Move several controls at once (a builder keeping linked controls in step) and redraw
        once at the end instead of once per control. Holds nest: only the outermost one redraws,
        and not at all with ``redraw=False`` (the caller knows a redraw follows anyway)."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            if not self._held and redraw:
                self.render()

    def render(self) -> None:
        """Redraw the picture and the readout for the current parameters."""
        start = time.perf_counter()
        params = self._drawn = self.params
        self.image.value = self._paint(params)
        # The first render places the axes (constrained layout); later ones keep that placement,
        # which saves a layout pass on every control change.
        self.figure.set_layout_engine("none")
        if self.describe is not None:
            self.readout.value = self.describe(**params)
        self.last_render_seconds = time.perf_counter() - start

    def _paint(self, params: Mapping[str, Any]) -> bytes:
        """Draw ``params`` (in place with ``update`` when it can, else on the cleared axes);
        the PNG."""
        done = self.update(self.axes, **params) if self.update is not None else False
        if not done:
            for ax in plots.axes_list(self.axes):
                ax.clear()
            self.draw(self.axes, **params)
        if self.moving is None:
            return plots.png_fast(self.figure)
        movers = list(self.moving(self.axes))
        canvas = self.figure.canvas
        if done != "moved" or self._background is None:  # draw the background again
            if not isinstance(self.figure.get_layout_engine(), PlaceHolderLayoutEngine | None):
                canvas.draw()  # the first draw places the axes, around every artist,
                self.figure.set_layout_engine("none")  # and they stay there
            shown = [artist.get_visible() for artist in movers]
            for artist in movers:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            for artist, visible in zip(movers, shown, strict=True):
                artist.set_visible(visible)
        canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in movers:
            if artist.get_visible():
                artist.draw(renderer)
        return plots.png_fast(self.figure, draw=False)

    def set(self, **values: Any) -> None:
        """Move controls by name (as a learner would), which redraws once per control moved."""
        for name, value in values.items():
            if name not in self.controls:
                raise ValueError(f"name={name!r} is not a control; controls: {list(self.controls)}")
            self.controls[name].value = value

    def fingerprint(self) -> str:
        """A short hash of what the widget shows (picture and readout), to tell views apart."""
        digest = hashlib.sha256(self.image.value)
        digest.update(self.readout.value.encode())
        return digest.hexdigest()[:16]

    def static(self) -> plots.Picture:
        """The current picture as a static, captioned figure (for readers without a kernel)."""
        return plots.Picture(plots.png(self.figure, dpi=plots.STATIC_DPI), self.caption)


def sweep_values(control: w.ValueWidget) -> Iterator[Any]:
    """Positions a test or a benchmark moves a control through: min, middle and max of a slider,
    every option of a choice, both states of a checkbox. A builder can name the positions of any
    control (a text box, say) by setting ``control.course_sweep`` to a list of values."""
    options = getattr(control, "options", None)
    custom = getattr(control, "course_sweep", None)
    if custom is not None:
        yield from custom
    elif options is not None:
        for option in options:
            yield option[1] if isinstance(option, tuple) else option
    elif isinstance(control, w.Checkbox | w.ToggleButton):
        yield not control.value
        yield control.value
    elif isinstance(control, w.FloatLogSlider):
        for exponent in (control.min, (control.min + control.max) / 2, control.max):
            yield control.base**exponent
    elif hasattr(control, "min") and hasattr(control, "max"):
        mid = control.min + (control.max - control.min) / 2
        if isinstance(control.value, int):
            mid = round(mid)
        yield from (control.min, mid, control.max)
    else:
        raise ValueError(f"control={control!r} has no known positions to sweep")
