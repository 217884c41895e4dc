"""The pattern every widget of the course follows.

A widget is a set of controls and one picture (plus an optional readout of numbers). The picture
is a pure function of the parameters, ``draw(axes, **params)``, so the same drawing serves as the
static figure beside the widget (``widget.static()``) and as the live one. A control change
recomputes and redraws the *existing* figure (its axes are cleared and drawn again; nothing is
rebuilt) and sends the new PNG to an ``ipywidgets.Image``, so no ``Output`` widget captures
anything and a test can read the picture outside a kernel.

A widget whose controls mostly move a few marks over a picture that stays (a kernel over
rooflines, bars against fixed axes) is a :class:`LayeredFigureWidget`: its background is rendered
to pixels once for each value of the controls it depends on, and a change redraws only the marks
over those pixels, a third to a fifth of a full redraw.

Every widget draws on a :class:`~helpers.widgets.canvas.Canvas`, which keeps the glyphs of the
texts it drew: a tick label, legend or title that did not move is not rendered again.

Builders (one function per widget, in the topic modules of this package) are registered with
:func:`builder`; tests and benchmarks find them all in :data:`BUILDERS`.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import ipywidgets as w
import numpy as np
import traitlets
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.layout_engine import ConstrainedLayoutEngine, PlaceHolderLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import accessible, plots
from .canvas import Canvas

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


class SystemsList(w.SelectMultiple):
    """A multiple-choice list of systems that always keeps one picked: unpicking the last one
    leaves the choice as it was (the list shows it again), so a widget never has no system to
    draw."""

    @traitlets.validate("index")
    def _validate_index(self, proposal: Any) -> tuple[int, ...]:  # what the browser sets
        if not proposal["value"] and not self._initializing_traits_:
            return self.index
        return super()._validate_index(proposal)

    @traitlets.validate("value")
    def _validate_value(self, proposal: Any) -> tuple[str, ...]:  # what Python code sets
        if not proposal["value"] and not self._initializing_traits_:
            return self.value
        return super()._validate_value(proposal)


def systems_control(shown: Sequence[str], description: str = "Systems:") -> w.SelectMultiple | None:
    """A list of every system of the registry (:data:`helpers.specs.SYSTEMS`) with ``shown``
    (keys) selected, for a widget that compares systems: the learner adds or removes one with
    the keyboard (arrows, shift or ctrl and space) or the mouse. ``None`` when the registry holds
    no system beyond ``shown`` (nothing to add). Its sweep (``course_sweep``) adds each other
    system in turn to ``shown``."""
    from .. import specs

    shown = tuple(shown)
    others = [s.key for s in specs.SYSTEMS.values() if s.key not in shown]
    if not others:
        return None
    order = [*shown, *others]
    control = SystemsList(
        description=description,
        options=[(specs.SYSTEMS[k].name, k) for k in order],
        value=shown,
        rows=min(len(order), 6),
        style={"description_width": "initial"},
        layout=w.Layout(width="420px"),
    )
    control.course_sweep = [(*shown, k) for k in others]
    return control


def not_published_note(
    ax: Axes, missing: Sequence[Any], what: str = "", *, top: bool = False, box: bool = False
) -> None:
    """A line in the right corner of ``ax`` (bottom, or ``top``) naming the systems of
    ``missing`` left out of the picture because ``what`` (their BF16 peak, their links...) is
    not published; nothing when none is."""
    from ..tables import NOT_PUBLISHED

    if not missing:
        return
    names = ", ".join(s.short for s in missing)
    ax.text(
        0.99,
        0.98 if top else 0.02,
        f"{what} {NOT_PUBLISHED}: {names}".strip(),
        transform=ax.transAxes,
        ha="right",
        va="top" if top else "bottom",
        fontsize=11,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0} if box else None,
    )


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
        image: the ``ipywidgets.HTML`` showing the PNG as an ``<img>`` whose ``alt`` text is the
            caption (``ipywidgets.Image`` has no alt text, and its tooltip breaks its view in
            ipywidgets 8.1).
        png: the PNG bytes of the last redraw.
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
        Canvas(self.figure)
        self.axes = layout(self.figure) if layout else self.figure.add_subplot()
        self.image = w.HTML(layout=w.Layout(max_width="100%"))
        self.png = b""
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
        self.png = self._paint(params)
        self.image.value = (
            f'<img src="data:image/png;base64,{base64.b64encode(self.png).decode("ascii")}" '
            f'alt="{html.escape(self.caption, quote=True)}" style="max-width:100%;height:auto">'
        )
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

    def _ipython_display_(self) -> None:
        from IPython.display import display

        accessible.ensure_names()
        display(self._repr_mimebundle_(), raw=True)

    def set(self, **values: Any) -> None:
        """Move controls by name (as a learner would), which redraws once per control moved.
        The systems list moves first: the systems shown decide other controls' choices (the
        topology explorer lists them)."""
        for name, value in sorted(values.items(), key=lambda item: item[0] != "systems"):
            if name not in self.controls:
                raise ValueError(f"name={name!r} is not a control; controls: {list(self.controls)}")
            self.controls[name].value = value

    def fingerprint(self) -> str:
        """A short hash of what the widget shows (picture and readout), to tell views apart."""
        digest = hashlib.sha256(self.png)
        digest.update(self.readout.value.encode())
        return digest.hexdigest()[:16]

    def data_fingerprint(self) -> str:
        """A short hash of the data the picture plots (line and marker positions, bar and patch
        outlines, collections, images), leaving out every text: a title or a label that changes
        alone does not change it. Tests check that each control changes this or :meth:`numbers`."""
        digest = hashlib.sha256()
        for ax in self.figure.axes:
            for artist in ax.get_children():
                for array in _plotted_arrays(artist):
                    digest.update(np.round(np.asarray(array, dtype=float), 6).tobytes())
        return digest.hexdigest()[:16]

    def numbers(self) -> tuple[str, ...]:
        """The numbers the readout states, in order (what a screen reader hears of the result)."""
        return tuple(re.findall(r"\d[\d,]*(?:\.\d+)?", re.sub(r"<[^>]+>", " ", self.readout.value)))

    def static(self) -> plots.Picture:
        """The current picture as a static, captioned figure (for readers without a kernel)."""
        return plots.Picture(plots.png(self.figure, dpi=plots.STATIC_DPI), self.caption)


def _plotted_arrays(artist: Any) -> Iterator[Any]:
    """The data arrays of one artist (none for text, axis decorations and spines)."""
    if isinstance(artist, Line2D):
        yield artist.get_xydata()
    elif isinstance(artist, AxesImage):
        yield np.asarray(artist.get_array(), dtype=float)
    elif isinstance(artist, Collection):
        yield artist.get_offsets()
        for path in artist.get_paths():
            yield path.vertices
        if artist.get_array() is not None:
            yield np.asarray(artist.get_array(), dtype=float)
    elif isinstance(artist, Patch) and artist.get_visible() and artist.get_label() != "_nolegend_":
        yield artist.get_patch_transform().transform(artist.get_path().vertices)


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
        start = control.value  # read once: the caller moves the control between the yields
        yield not start
        yield start
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


class LayeredFigureWidget(FigureWidget):
    """A :class:`FigureWidget` drawn in two layers, for widgets whose controls mostly move a few
    marks over a picture that stays: ``background(axes, **some_params)`` draws the picture that
    depends only on the parameters named in ``background_keys`` (axes, scales, fixed limits,
    ticks, labels, lines) and is rendered to pixels once for each of their values;
    ``draw(axes, **params)`` adds the rest (marks, their labels, titles) over those pixels on
    every change (matplotlib's blitting). A change then costs a few artists instead of the
    whole figure with its ticks.

    Rules for the two functions: ``background`` sets every limit explicitly (``draw`` must not
    rescale the axes) and leaves empty the titles and axis labels that ``draw`` writes;
    ``draw`` only adds artists and writes titles (at a fixed ``y``) or axis labels. Artists
    ``draw`` adds are drawn over the background in order of their ``zorder``. The static figure
    (``static()``) renders both layers in full, as ``background`` then ``draw`` on fresh axes.

    Args:
        background: draws the kept layer, given the parameters of ``background_keys``.
        draw: draws the top layer, given every parameter.
        controls: as :class:`FigureWidget`.
        background_keys: the parameters ``background`` takes.
        prerender: render the background for every value of those controls when the widget is
            built (each takes a full render; later changes of them then cost no more than a
            change of the top layer), or only for the current value of a control whose
            ``course_prerender`` is False. Only when ``draw`` writes no axis label, whose place a
            full render computes.
        **kwargs: as :class:`FigureWidget` (``describe``, ``layout``, ``figsize``...).
    """

    def __init__(
        self,
        background: Callable[..., Any],
        draw: Callable[..., Any],
        controls: Mapping[str, w.ValueWidget],
        *,
        background_keys: Sequence[str] = (),
        prerender: bool = False,
        **kwargs: Any,
    ) -> None:
        self.background = background
        self.background_keys = tuple(background_keys)
        self._current: str | None = None  # the background parameters drawn now
        self._pixels: dict[str, Any] = {}  # background parameters -> rendered pixels
        self._top: list[tuple[Axes, Any]] = []  # artists of the top layer, to remove
        self._texts: list[tuple[Any, str]] = []  # titles and labels the top layer wrote
        super().__init__(draw, controls, **kwargs)
        if prerender:
            self._prerender()

    def _kept(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return {k: params[k] for k in self.background_keys if k in params}

    def _texts_of(self) -> list[Any]:
        return [
            text
            for ax in plots.axes_list(self.axes)
            for text in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label)
        ]

    def _paint(self, params: Mapping[str, Any]) -> bytes:
        canvas = self.figure.canvas
        for _ax, artist in self._top:
            artist.remove()
        for text, before in self._texts:
            text.set_text(before)
        kept = self._kept(params)
        if repr(kept) != self._current:
            self._switch_background(params, kept)
        else:
            canvas.restore_region(self._pixels[self._current])
        self._top, self._texts = self._draw_top(params)
        renderer = canvas.get_renderer()
        for _ax, artist in sorted(self._top, key=lambda pair: pair[1].get_zorder()):
            artist.draw(renderer)
        for text, _before in self._texts:
            text.draw(renderer)
        return plots.png_fast(self.figure, draw=False)

    def _draw_top(self, params: Mapping[str, Any]) -> tuple[list, list]:
        """Draw the top layer on the axes; the artists it added and the texts it wrote."""
        axes = list(plots.axes_list(self.axes))
        before = {id(ax): {id(c) for c in ax.get_children()} for ax in axes}
        containers = {id(ax): len(ax.containers) for ax in axes}
        texts = {id(t): t.get_text() for t in self._texts_of()}
        self.draw(self.axes, **params)
        added = []
        for ax in axes:
            added += [(ax, c) for c in ax.get_children() if id(c) not in before[id(ax)]]
            del ax.containers[containers[id(ax)] :]  # bar containers: their patches are listed
        written = [(t, texts[id(t)]) for t in self._texts_of() if t.get_text() != texts[id(t)]]
        return added, written

    def _switch_background(self, params: Mapping[str, Any], kept: Mapping[str, Any]) -> None:
        """Draw the kept layer for ``kept`` and put its pixels on the canvas: from the cache
        when they were rendered before, else rendered now. While a layout engine is still on
        (the first render), lay the figure out with both layers first."""
        for ax in plots.axes_list(self.axes):
            ax.clear()
        self.background(self.axes, **kept)
        canvas, key = self.figure.canvas, repr(kept)
        self._current = key
        engine = self.figure.get_layout_engine()
        if engine is not None and not isinstance(engine, PlaceHolderLayoutEngine):
            top, texts = self._draw_top(params)
            canvas.draw()  # places the axes for both layers
            self.figure.set_layout_engine("none")
            for _ax, artist in top:
                artist.remove()
            for text, before in texts:
                text.set_text(before)
        # An axis label the top layer writes is placed by a full render: no cached pixels then.
        axes = list(plots.axes_list(self.axes))
        labels = {id(t) for ax in axes for t in (ax.xaxis.label, ax.yaxis.label)}
        if key in self._pixels and not any(id(t) in labels for t, _ in self._texts):
            canvas.restore_region(self._pixels[key])
        else:
            canvas.draw()
            self._pixels[key] = canvas.copy_from_bbox(self.figure.bbox)

    def static(self) -> plots.Picture:
        """As :meth:`FigureWidget.static`; then a full draw at the widget's dpi, because the
        static render at a higher dpi moved the axis labels that the top layer may write."""
        picture = super().static()
        self.figure.canvas.draw()
        return picture

    def _prerender(self) -> None:
        """Render the background for every combination of the background controls' values."""
        combos: list[dict[str, Any]] = [{}]
        for name in (k for k in self.background_keys if k in self.controls):
            control = self.controls[name]
            if getattr(control, "course_prerender", True):
                values = dict.fromkeys(sweep_values(control))
            else:  # a control with many choices (a list of systems): its current one only
                values = {control.value: None}
            combos = [c | {name: v} for c in combos for v in values]
        for combo in combos:
            params = {**self.params, **combo}
            if repr(self._kept(params)) not in self._pixels:
                self._paint(params)
        self.render()
