"""Widgets of notebook 01: the bits of a number, range vs precision, rounding, accumulation and
loss scaling. The numbers come from :mod:`helpers.formats`; here they are only drawn."""

from __future__ import annotations

import functools
import html
import math
import re
from fractions import Fraction
from typing import Any

import ipywidgets as w
import numpy as np
import traitlets
from matplotlib.axes import Axes
from matplotlib.ticker import NullLocator

from .. import formats, plots
from ..exercises import parse_number
from ..formats import FORMATS
from ..tables import Table
from ..units import percent
from .base import FigureWidget, LayeredFigureWidget, builder, choice_slider, dropdown, slider
from .retained import retain, retained

#: Colours of the three fields (light, so black digits read on them); the fields are also named
#: under the boxes, so colour is never the only cue.
FIELD_COLOURS = {"sign": "#E7B6D1", "exponent": "#A9D8F2", "mantissa": "#F7D98A"}
FORMAT_OPTIONS = [(f.short, key) for key, f in FORMATS.items()]


def _title(ax: Axes, text: str, fontsize: int = 14) -> None:
    """The title, at a fixed height: matplotlib then skips working out whether tick labels are in
    its way (a tenth of each redraw here), which they never are in these figures."""
    ax.set_title(text, fontsize=fontsize, y=1.0, pad=8)


def _plain(x: float) -> str:
    """A value as a reader writes it: 65,504 and 448 whole, 3.39e38 and 5.96e-8 with exponents."""
    if 1 <= x < 1e5 and float(x).is_integer():
        return f"{x:,.0f}"
    return re.sub(r"e\+?(-?)0*(\d)", r"e\1\2", f"{x:.3g}")


def _style(key: str) -> dict[str, Any]:
    """The fixed series style of a format, the same in every figure of the notebook."""
    return plots.series_style(list(FORMATS).index(key))


# --------------------------------------------------------------------------------------------
# Bit explorer
# --------------------------------------------------------------------------------------------
def parse_value(text: str) -> float | None:
    """A typed value: a number ("0.1", "-1e-8", "inf", "nan"), a fraction ("1/3") or a power of
    two ("2^-8", "2**-8"); None when it cannot be read. Nothing is evaluated."""
    t = str(text).strip().replace(" ", "").replace("_", "")
    power = re.fullmatch(r"([+-]?)2(?:\^|\*\*)\(?([+-]?\d{1,4})\)?", t)
    if power:
        sign = -1.0 if power.group(1) == "-" else 1.0
        return sign * math.ldexp(1.0, int(power.group(2)))
    try:
        return float(t)
    except ValueError:
        return parse_number(t)


class BitRow(w.HBox):
    """One button per bit, coloured by field; clicking a button flips its bit.

    ``value`` is the bit pattern (an int); ``fmt`` the format key, which sets how many buttons
    show. Setting ``value`` from Python updates the buttons.
    """

    value = traitlets.Int(0)
    fmt = traitlets.Unicode("bf16")

    def __init__(self, fmt: str, value: int) -> None:
        widest = max(f.bits for f in FORMATS.values())
        # One row that shrinks its buttons (26 px down to 14 px) rather than wrap: wrapped, FP32's
        # last bit sat alone on a second line at common notebook widths.
        self.buttons = [
            w.Button(
                layout=w.Layout(
                    width="26px",
                    min_width="14px",
                    flex="0 1 26px",
                    padding="0px",
                    margin="1px 0px 1px 1px",
                )
            )
            for _ in range(widest)
        ]
        for i, button in enumerate(self.buttons):
            button.on_click(functools.partial(self._flip, i))
        super().__init__(self.buttons, layout=w.Layout(flex_flow="row nowrap", width="100%"))
        self.add_class("course-bit-row")
        self.set_trait("fmt", fmt)
        self.set_trait("value", int(value))
        self._paint()

    def _flip(self, i: int, _button: Any = None) -> None:
        self.value ^= 1 << (FORMATS[self.fmt].bits - 1 - i)

    @traitlets.validate("value")
    def _mask(self, proposal: Any) -> int:
        return int(proposal["value"]) & ((1 << FORMATS[self.fmt].bits) - 1)

    @traitlets.observe("value", "fmt")
    def _repaint(self, _change: Any) -> None:
        self._paint()

    def _paint(self) -> None:
        f = FORMATS[self.fmt]
        text = format(self.value & ((1 << f.bits) - 1), f"0{f.bits}b")
        for i, button in enumerate(self.buttons):
            if i >= f.bits:
                button.layout.display = "none"
                continue
            field = "sign" if i == 0 else "exponent" if i <= f.exponent_bits else "mantissa"
            button.layout.display = None
            button.description = text[i]
            button.tooltip = f"{field} bit: click to flip"
            button.style.button_color = FIELD_COLOURS[field]


#: The value the bit explorer starts from: its lowest exponent bit is 0, so one click doubles it.
EXPLORER_VALUE = "3"


def _explorer_bits(value: str = EXPLORER_VALUE, fmt: str = "bf16") -> int:
    return int(formats.to_bits(parse_value(value), fmt))


def _meanings(bits: int, fmt: str) -> tuple[str, str, str, str]:
    """What the sign, exponent and mantissa fields of ``bits`` mean, and the value they make."""
    f = formats.get(fmt)
    parts = formats.fields_from_bits(bits, f)
    stored = float(formats.from_bits(bits, f))
    sign = "-" if parts.sign else "+"
    sign_text = f"sign {parts.sign}: {sign}"
    if parts.kind in ("nan", "inf"):
        exp_text = f"exponent {parts.exponent}: all ones"
        man_text = f"mantissa {parts.mantissa}: {'infinity' if parts.kind == 'inf' else 'NaN'}"
        formula = f"{sign}inf" if parts.kind == "inf" else "NaN (not a number)"
        return sign_text, exp_text, man_text, formula
    lead = 0 if parts.kind in ("zero", "subnormal") else 1
    significand = lead + parts.mantissa / (1 << f.mantissa_bits)
    exp_text = f"exponent {parts.exponent}: 2^{parts.unbiased}" + (
        " (no hidden 1)" if lead == 0 else f" = 2^({parts.exponent} - {f.bias})"
    )
    man_text = f"mantissa {parts.mantissa}: {lead} + {parts.mantissa}/{1 << f.mantissa_bits}"
    formula = f"{sign}{float(significand)!r} x 2^{parts.unbiased} = {stored!r}"
    return sign_text, exp_text, man_text, formula


def _explorer_title(fmt: str, value: str, bits: int) -> str:
    """The pattern and, when the value box holds a value the pattern only approximates, how."""
    f = formats.get(fmt)
    parts = formats.fields_from_bits(bits, f)
    title = f"{f.short} pattern 0x{bits:0{f.bits // 4}X} ({parts.kind})"
    typed = parse_value(value)
    stored = float(formats.from_bits(bits, f))
    if typed is None or not math.isfinite(typed) or typed == stored:
        return title  # the value box holds exactly what the bits say (after a click, always)
    if not math.isfinite(stored):
        return f"{title}: {value} overflows"
    if stored == 0:
        return f"{title}: {value} rounds to 0 (underflow)"
    return f"{title}: {value} rounds to it, error {stored - typed:+.3g}"


def draw_bit_explorer(
    ax: Axes, fmt: str = "bf16", value: str = EXPLORER_VALUE, bits: int | None = None
) -> None:
    """The bits of one pattern of ``fmt`` in their fields, what each field means, and the value;
    the title says how the value in the value box rounds to it when it is not exact. ``bits``
    defaults to ``value`` encoded in ``fmt``."""
    f = formats.get(fmt)
    bits = _explorer_bits(value, fmt) if bits is None else int(bits) & ((1 << f.bits) - 1)
    n, e, m = f.bits, f.exponent_bits, f.mantissa_bits
    colours = [FIELD_COLOURS["sign"]] + [FIELD_COLOURS["exponent"]] * e
    colours += [FIELD_COLOURS["mantissa"]] * m
    rgb = np.array([[tuple(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)) for c in colours]])
    ax.imshow(rgb, extent=(0, n, 0, 1), aspect="auto", interpolation="nearest")
    ax.vlines(np.arange(1, n), 0, 1, colors="white", linewidth=2)
    ax.vlines([1, 1 + e], -0.08, 1.08, colors=plots.INK, linewidth=2)
    digits = np.array([int(c) for c in format(bits, f"0{n}b")])
    size = 15 if n <= 16 else 11
    for digit in (0, 1):  # the digits as two markers: one artist each, quick to draw
        where = np.flatnonzero(digits == digit) + 0.5
        ax.plot(
            where,
            np.full(where.size, 0.5),
            linestyle="none",
            marker=f"${digit}$",
            markersize=size,
            color=plots.INK,
        )
    sign_text, exp_text, man_text, formula = _meanings(bits, fmt)
    y = -0.28
    ax.text(0, y, sign_text, ha="left", va="top", fontsize=11)
    ax.text(1 + e / 2, y - 0.3, exp_text, ha="center", va="top", fontsize=11)
    ax.text(1 + e + m / 2, y, man_text, ha="center", va="top", fontsize=11)
    ax.text(n / 2, -1.05, formula, ha="center", va="top", fontsize=14, fontweight="bold")
    ax.set_xlim(-0.2, n + 0.2)
    ax.set_ylim(-1.45, 1.5)
    ax.axis("off")
    title = _explorer_title(fmt, value, bits)
    ax.text(n / 2, 1.2, title, ha="center", va="bottom", fontsize=14, fontweight="bold")


def describe_bit_explorer(
    fmt: str = "bf16", value: str = EXPLORER_VALUE, bits: int | None = None
) -> str:
    """In words, what the picture shows (the pattern, its fields and its value), then the value
    box's value encoded in every format (HTML), or a note when it cannot be read."""
    f = formats.get(fmt)
    bits = _explorer_bits(value, fmt) if bits is None else int(bits) & ((1 << f.bits) - 1)
    fields = "; ".join(_meanings(bits, fmt)[:3])
    picture = (
        f"<p>{html.escape(_explorer_title(fmt, value, bits))}. Bits "
        f"{formats.bit_string(bits, f)} ({html.escape(fields)}): "
        f"{html.escape(_meanings(bits, fmt)[3])}.</p>"
    )
    typed = parse_value(value)
    if typed is None:
        return f"{picture}<p>Could not read {html.escape(str(value))!r} as a number.</p>"
    return picture + formats.encodings_table(typed).readout_html()


@builder
def bit_explorer() -> FigureWidget:
    """Click the bits of a number, or type a value, and see its fields and its encodings."""
    fmt = dropdown("Format:", FORMAT_OPTIONS, value="bf16")
    text = w.Text(
        value=EXPLORER_VALUE,
        description="Value:",
        continuous_update=False,
        style={"description_width": "initial"},
        layout=w.Layout(width="260px"),
    )
    text.course_sweep = ["1/3", "-448", "1e-8", "70000", "nan"]
    bits = BitRow("bf16", _explorer_bits())
    bits.course_sweep = [0x0000, 0x8000, 0x7F80, 0x0001, 0x3F80]

    settling = []  # non-empty while one control is being set to follow the other

    def follow(control: w.ValueWidget, value: Any) -> None:
        """Set ``control`` to follow the other one: one redraw, no echo back."""
        settling.append(True)
        try:
            with widget.hold_render():
                control.value = value
        finally:
            settling.clear()

    def encode_typed(_change: Any = None) -> None:
        typed = parse_value(text.value)
        bits.fmt = fmt.value  # not a parameter of the picture: the buttons only
        if not settling and typed is not None:
            encoded = int(formats.to_bits(typed, fmt.value))
            if encoded != bits.value:
                follow(bits, encoded)

    def show_clicked(_change: Any = None) -> None:
        # After a click the value box holds what the bits say, exactly: not a shorter decimal
        # that only rounds to them (which the title would then measure an error against).
        exact = repr(float(formats.from_bits(bits.value, fmt.value)))
        if not settling and text.value != exact:
            follow(text, exact)

    # Linked before the widget observes the controls: the link settles the state and draws it
    # once; the widget's own observer then finds nothing new to draw.
    fmt.observe(encode_typed, names="value")
    text.observe(encode_typed, names="value")
    bits.observe(show_clicked, names="value")
    widget = FigureWidget(
        draw_bit_explorer,
        {"fmt": fmt, "value": text, "bits": bits},
        describe=describe_bit_explorer,
        figsize=(9.0, 3.2),
        caption=f"The bits of {EXPLORER_VALUE} in BF16, coloured by field (sign, exponent, "
        "mantissa), with what each field means and the value they encode; the table gives "
        f"{EXPLORER_VALUE} in every format.",
    )
    return widget


# --------------------------------------------------------------------------------------------
# Range vs precision
# --------------------------------------------------------------------------------------------
def spacing_curve(fmt: str, relative: bool) -> tuple[np.ndarray, np.ndarray]:
    """Points of the spacing of ``fmt`` against magnitude, from the smallest subnormal to the
    largest finite value: the gap to the next value (absolute, a staircase with one step per
    power of two), or its largest value relative to the magnitude (relative: 2**-mantissa_bits
    over the normal range, rising through the subnormals; the largest rounding error is half of
    it)."""
    f = formats.get(fmt)
    sub = np.geomspace(f.min_subnormal, f.min_normal, 24)
    if relative:
        x = np.append(sub, f.max)
        return x, np.append(f.min_subnormal / sub, f.eps)
    exps = np.arange(f.emin, f.emax + 1)
    starts = np.ldexp(1.0, exps)
    ends = np.append(starts[1:], f.max)
    x = np.concatenate([sub, np.column_stack([starts, ends]).ravel()])
    gaps = np.ldexp(1.0, exps - f.mantissa_bits)
    return x, np.concatenate([np.full(sub.size, f.min_subnormal), np.repeat(gaps, 2)])


def _not_stored_note(formats_: list[tuple[str, bool]]) -> str:
    """ " x is 0 in FP16, FP8 E4M3; overflows in ... ": what the formats without a marker store."""
    zero = [name for name, is_zero in formats_ if is_zero]
    over = [name for name, is_zero in formats_ if not is_zero]
    parts = ([f"x is 0 in {', '.join(zero)}"] if zero else []) + (
        [f"x overflows in {', '.join(over)}"] if over else []
    )
    return f" {'; '.join(parts)} "


def draw_range_precision(ax: Axes, x: float = 1.0, relative: bool = True) -> None:
    """Each format's spacing against magnitude on log-log axes: how far a line reaches is the
    format's range, how low it lies its precision. A vertical line marks ``x``
    (:func:`_spacing_lines`, then :func:`_spacing_at`)."""
    _spacing_lines(ax, relative)
    _spacing_at(ax, x, relative)


def _spacing_lines(ax: Axes, relative: bool = True) -> None:
    """The kept layer of :func:`draw_range_precision`: every format's line, the axes, the
    title and the legend."""
    for key, f in FORMATS.items():
        xs, ys = spacing_curve(key, relative)
        style = _style(key)
        ax.plot(xs, ys, color=style["color"], linestyle=style["linestyle"], label=f.short)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1e-46, 1e40)
    ax.set_xticks(10.0 ** np.arange(-40, 41, 20))
    for axis in (ax.xaxis, ax.yaxis):  # a few decades labelled, no minor ticks: quick to draw
        axis.set_minor_locator(NullLocator())
    ax.set_xlabel("magnitude of the value (log scale)")
    bf16, fp16 = FORMATS["bf16"], FORMATS["fp16"]
    if relative:
        ax.set_ylabel("largest gap / value")
        ax.set_ylim(1e-8, 3)
        ax.set_yticks(10.0 ** np.arange(-8, 1, 2))
    else:
        ax.set_ylabel("gap to the next value")
        ax.set_ylim(1e-47, 1e40)
        ax.set_yticks(10.0 ** np.arange(-40, 41, 20))
    reach = f"{bf16.max:.2g}".replace("e+", "e")
    _title(ax, f"BF16 reaches {reach}, as far as FP32; FP16 stops at {fp16.max:g}")
    where = {"loc": "center right", "bbox_to_anchor": (1.0, 0.42)} if relative else {}
    ax.legend(**({"loc": "upper left"} | where), ncol=2, fontsize=11)


def _spacing_at(ax: Axes, x: float, relative: bool) -> None:
    """The top layer of :func:`draw_range_precision`: the line at ``x``, each format's gap
    there, and a note naming the formats that store 0 or overflow."""
    not_stored = []
    for key, f in FORMATS.items():
        style = _style(key)
        stored = float(formats.round_to(np.float64(x), key))
        if stored == 0 or not math.isfinite(stored):  # no value of the format there: no marker
            not_stored.append((f.short, stored == 0))
            continue
        gap = float(formats.spacing(min(x, f.max), key))
        if math.isfinite(gap):
            ax.plot(
                x,
                gap / x if relative else gap,
                marker=style["marker"],
                color=style["color"],
                markeredgecolor=plots.INK,
                markersize=10,
                linestyle="none",
            )
    ax.axvline(x, color=plots.INK, linewidth=1)
    if not_stored:  # what the formats with no marker store instead, beside the line
        ax.text(
            x,
            0.03,
            _not_stored_note(not_stored),
            transform=ax.get_xaxis_transform(),
            ha="left" if x < 1e0 else "right",
            va="bottom",
            fontsize=10,
            color=plots.INK,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
        )


def describe_range_precision(x: float = 1.0, relative: bool = True) -> str:
    """In words, what the lines show (each format's range, and its precision or gaps), then the
    value stored and the gap between neighbours around ``x`` in every format (HTML)."""
    if relative:
        lines = "; ".join(
            f"{f.short} from {_plain(f.min_subnormal)} to {_plain(f.max)}, flat at "
            f"2^-{f.mantissa_bits} over its normal range"
            for f in FORMATS.values()
        )
        view = "Relative gap (gap / value), each line from the format's smallest to its largest"
    else:
        lines = "; ".join(
            f"{f.short} from {_plain(f.min_subnormal)} (gap {_plain(f.min_subnormal)}) to "
            f"{_plain(f.max)} (gap {_plain(float(formats.spacing(f.max, f)))})"
            for f in FORMATS.values()
        )
        view = "Gap to the next value, a staircase from each format's smallest to its largest"
    text = f"{view} value: {lines}. The vertical line is x = {x:.3g}; the table says what each "
    text += "format stores there."
    return f"<p>{html.escape(text)}</p>" + formats.spacing_table(x).readout_html()


@builder
def range_precision() -> FigureWidget:
    """Move a value along the magnitudes and see the spacing of every format there."""
    value = slider("Value x:", 1.0, -45, 38, 0.5, log=True, readout_format=".3g")
    relative = w.Checkbox(value=True, description="relative gap (gap / value)")
    return LayeredFigureWidget(
        _spacing_lines,
        _spacing_at,
        {"x": value, "relative": relative},
        background_keys=("relative",),
        prerender=True,
        describe=describe_range_precision,
        figsize=(9.0, 5.0),
        caption="Relative gap between neighbouring values against magnitude, log scales, one "
        "line per format: a line's length is the format's range, its height the precision lost "
        "(the largest rounding error is half the gap). Compare where each line starts and ends, "
        "and how high it lies.",
    )


# --------------------------------------------------------------------------------------------
# Rounding, step by step
# --------------------------------------------------------------------------------------------
#: Values to round: label -> the value as text.
ROUNDING_CASES = {
    "1/3": "1/3",
    "0.1": "0.1",
    "1 + 2^-8 (a BF16 tie: down to even)": "1.00390625",
    "1 + 3 x 2^-8 (a BF16 tie: up to even)": "1.01171875",
    "1 + 2^-8 + 2^-40 (just above a tie)": "1.0039062500009095",
    "300": "300",
    "70000 (above FP16's largest)": "70000",
    "1e-7 (a subnormal in FP16)": "1e-7",
}


def _number_line(ax: Axes, positions: np.ndarray, f: formats.Format, label: str) -> None:
    """The axis of the rounding pictures: a line, the format's values at ``positions`` (in
    spacings), fixed limits and no grid."""
    ax.axhline(0, color=plots.INK, linewidth=1.5)
    ax.plot(
        positions,
        np.zeros(len(positions)),
        linestyle="none",
        marker="|",
        markersize=40,
        markeredgewidth=3,
        color=_style(f.key)["color"],
        label=label,
    )
    ax.set_yticks([])
    ax.set_xlim(-1.4, 2.4)
    ax.set_ylim(-0.5, 0.7)
    ax.grid(False)


def _draw_overflow(ax: Axes, r: formats.Rounding, value: str) -> None:
    """A value above the format's last binade: the largest values there are, the halfway point
    past which everything overflows, and x beyond it (not to scale)."""
    f = r.fmt
    gap = float(formats.spacing(f.max, f))
    ax.axvspan(0.5, 2.4, facecolor=plots.GRID, alpha=0.35, edgecolor="none", label="overflow")
    _number_line(ax, np.array([-1, 0]), f, f"largest {f.short} values")
    ax.plot([1.6], [0.35], linestyle="none", marker="v", markersize=14, color=plots.INK)
    ax.text(1.6, 0.45, f"x = {value}\n(off this scale)", ha="center", va="bottom", fontsize=10)
    word = "inf" if f.has_inf else "NaN"
    ax.annotate(
        "",
        xy=(2.3, 0.06),
        xytext=(1.6, 0.3),
        arrowprops={"arrowstyle": "->", "color": plots.HIGHLIGHT, "linewidth": 3},
    )
    ax.text(2.3, -0.12, word, ha="center", va="top", fontsize=13, fontweight="bold")
    ax.set_xticks([-1, 0, 0.5], [repr(f.max - gap), repr(f.max), "halfway"], fontsize=11)
    ax.set_xlabel(f"the largest {f.short} values (one step = {gap!r}): none exist above {f.max:g}")
    _title(ax, f"{value} in {f.short}: overflow to {word}")
    ax.legend(loc="upper left", ncol=2, fontsize=10, markerscale=0.5)


def draw_rounding(ax: Axes, fmt: str = "bf16", value: str = "1/3") -> None:
    """The value on a number line between its two neighbours in ``fmt``, the halfway point, and
    where round to nearest even sends it. The axis counts spacings from the lower neighbour. A
    value above the format's last binade has no neighbours: the picture shows the overflow."""
    x = parse_value(value)
    r = formats.rounding(x, fmt)
    if r.decision == "overflow":
        _draw_overflow(ax, r, value)
        return
    f = r.fmt
    spacing = float(r.spacing)
    ticks = np.arange(-1, 3)
    values = [float(r.below) + int(k) * spacing for k in ticks]
    exist = np.array([v <= f.max for v in values])  # near the top, the next binade is missing
    _number_line(ax, ticks[exist], f, f"{f.short} values")
    ax.plot(
        [0.5],
        [0],
        linestyle="none",
        marker="|",
        markersize=22,
        markeredgewidth=2,
        color=plots.GRID,
        label="halfway",
    )
    position = float(r.remainder)
    ax.plot(
        [position],
        [0.35],
        linestyle="none",
        marker="v",
        markersize=14,
        color=plots.INK,
        label=f"x = {value}",
    )
    target = 0 if r.decision in ("exact", "down", "tie, down to even") else 1
    ax.annotate(
        "",
        xy=(target, 0.06),
        xytext=(position, 0.3),
        arrowprops={"arrowstyle": "->", "color": plots.HIGHLIGHT, "linewidth": 3},
    )
    ax.plot(
        [target],
        [0],
        linestyle="none",
        marker="o",
        markersize=14,
        color=plots.HIGHLIGHT,
        markeredgecolor=plots.INK,
        label="result",
    )
    labels = [repr(v) if ok else "none" for v, ok in zip(values, exist, strict=True)]
    if max(map(len, labels)) > 12:  # long values (FP32, 1e-7) ran together and off the edges:
        labels = ["", *labels[1:3], ""]  # name only the two neighbours x rounds between
    ax.set_xticks(ticks, labels, fontsize=11)
    ax.set_xlabel(f"{f.short} values near |x| (one step = {spacing!r})")
    if not math.isfinite(r.result):  # rounded up past the largest value
        ax.text(1, -0.12, "beyond the largest", ha="center", va="top", fontsize=10)
    result = repr(r.result) if math.isfinite(r.result) else f"{r.result} (overflow)"
    _title(ax, f"{value} in {f.short}: {r.decision} to {result}")
    ax.legend(loc="upper left", ncol=4, fontsize=10, markerscale=0.5)


def describe_rounding(fmt: str = "bf16", value: str = "1/3") -> str:
    """The steps of the rounding, as an HTML list."""
    r = formats.rounding(parse_value(value), fmt)
    items = "".join(f"<li>{html.escape(step[3:])}</li>" for step in r.steps())
    error = f"Error {r.error:+.3g}, relative {r.relative_error:.3g}." if r.error else "No error."
    if not math.isfinite(r.result):
        error = "No finite result: an overflow has no rounding error to measure."
    return f"<ol>{items}</ol><p>{html.escape(error)}</p>"


@builder
def rounding_explorer() -> FigureWidget:
    """Pick a value and a format; see round to nearest even decide between two neighbours."""
    fmt = dropdown("Format:", FORMAT_OPTIONS, value="bf16")
    case = dropdown("Value:", [(label, text) for label, text in ROUNDING_CASES.items()], "1/3")
    return FigureWidget(
        draw_rounding,
        {"fmt": fmt, "value": case},
        describe=describe_rounding,
        figsize=(9.0, 3.4),
        caption=_rounding_caption(),
    )


def _rounding_caption(value: str = "1/3", fmt: str = "bf16") -> str:
    r = formats.rounding(parse_value(value), fmt)
    side = "past" if r.remainder > Fraction(1, 2) else "short of"
    return (
        f"{value} on a number line between its two {r.fmt.short} neighbours: it lies {side} the "
        f"halfway mark, so it rounds {r.decision} to {r.result!r}. The axis counts "
        f"{r.fmt.short} spacings."
    )


#: The values the rounding-error figure rounds: ``ERROR_SAMPLES`` from ``ERROR_RANGE[0]`` to
#: ``ERROR_RANGE[1]``, evenly spaced in log.
ERROR_SAMPLES, ERROR_RANGE = 1500, (1e-12, 1e6)


def rounding_error_caption() -> str:
    """The caption of :func:`draw_rounding_error` with its defaults."""
    low, high = ERROR_RANGE
    return (
        f"Relative rounding error of {ERROR_SAMPLES:,} values from {_plain(low)} to "
        f"{_plain(high)} in each "
        "format (points) and half of each format's epsilon (dashed). Inside a format's normal "
        "range the error stays under its bound; below it (subnormals) it climbs to 100 %, where "
        "values become 0."
    )


def draw_rounding_error(
    ax: Axes, low: float = ERROR_RANGE[0], high: float = ERROR_RANGE[1], n: int = ERROR_SAMPLES
) -> None:
    """Relative rounding error of ``n`` values spread evenly (in log) from ``low`` to ``high``,
    in each format, with each format's bound eps / 2 (dashed)."""
    x = np.geomspace(low, high, n)
    for key, f in FORMATS.items():
        style = _style(key)
        stored = formats.round_to(x, key)
        ok = np.isfinite(stored)
        error = np.abs(stored[ok] - x[ok]) / x[ok]
        ax.plot(
            x[ok],
            np.maximum(error, 1e-12),
            linestyle="none",
            marker=style["marker"],
            markersize=3,
            color=style["color"],
            label=f.short,
        )
        ax.axhline(f.eps / 2, color=style["color"], linestyle="--", linewidth=1.2)
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_minor_locator(NullLocator())
    ax.set_ylim(1e-10, 2)
    ax.set_xlabel("value x (log scale)")
    ax.set_ylabel("relative rounding error |round(x) - x| / x")
    _title(ax, "Below its normal range a format's error climbs to 100 %")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=5, fontsize=11, markerscale=3)


# --------------------------------------------------------------------------------------------
# Accumulation
# --------------------------------------------------------------------------------------------
#: Longest running sum the accumulation widget shows (terms).
MAX_TERMS = 10_000
ACCUMULATORS = ("fp32", "fp16", "bf16")
#: The counts of terms the accumulation widget offers: 1, 2, 5, 10, ... up to MAX_TERMS.
TERM_COUNTS = tuple(m * 10**e for e in range(5) for m in (1, 2, 5) if m * 10**e <= MAX_TERMS)


@functools.cache
def _running(addend: str, fmt: str) -> np.ndarray:
    return formats.running_sum(np.full(MAX_TERMS, parse_value(addend)), fmt)


def draw_accumulation(ax: Axes, addend: str = "0.01", n: int = MAX_TERMS) -> None:
    """The running sum of ``n`` copies of ``addend`` kept in FP32, FP16 and BF16, and the exact
    sum."""
    lines = [ax.plot([], [], color=plots.INK, linestyle=":", linewidth=2, label="exact")[0]]
    for key in ACCUMULATORS:
        style = _style(key)
        label = f"{FORMATS[key].short} accumulator"
        lines += ax.plot([], [], color=style["color"], linestyle=style["linestyle"], label=label)
    ax.set_xlabel("terms added")
    ax.set_ylabel("running sum")
    ax.legend(loc="upper left")
    retain(ax, "accumulation", lines=lines)
    update_accumulation(ax, addend, n)


def update_accumulation(ax: Axes, addend: str = "0.01", n: int = MAX_TERMS) -> bool:
    """Redraw :func:`draw_accumulation` in place (the lines' data, the limits, the title);
    False when it is not drawn there."""
    drawn = retained(ax, "accumulation")
    if drawn is None:
        return False
    n = int(n)
    k = np.unique(np.linspace(1, n, min(n, 600)).astype(int))
    exact, *sums = drawn["lines"]
    exact.set_data(k, k * parse_value(addend))
    for line, key in zip(sums, ACCUMULATORS, strict=True):
        line.set_data(k, _running(addend, key)[k - 1])
    ax.relim()
    ax.autoscale_view()
    stalled = np.any(np.diff(_running(addend, "bf16")[:n]) == 0)  # else it only rounds
    bf16, fp32 = (_running(addend, key)[n - 1] for key in ("bf16", "fp32"))
    _title(
        ax,
        f"Adding {addend} {n:,} times: BF16 {'stops' if stalled else 'ends'} at "
        f"{bf16:,.4g}, FP32 reaches {fp32:,.5g}",
    )
    return True


def describe_accumulation(addend: str = "0.01", n: int = MAX_TERMS) -> str:
    """Final sums, their errors, and where each accumulator stopped growing (HTML)."""
    n = int(n)
    exact = n * parse_value(addend)
    rows = []
    for key in ACCUMULATORS:
        sums = _running(addend, key)[:n]
        stuck = np.flatnonzero(np.diff(sums) == 0)
        stall = f"after {stuck[0] + 1:,} terms, at {sums[stuck[0]]:.5g}" if stuck.size else "never"
        rows.append(
            [FORMATS[key].short, f"{sums[-1]:.6g}", percent((sums[-1] - exact) / exact), stall]
        )
    table = Table(
        ("accumulator", "sum", "error", "stops growing"), rows, caption=f"exact sum: {exact:.6g}"
    )
    return table.readout_html()


@builder
def accumulation() -> FigureWidget:
    """Add a small value many times in BF16, FP16 and FP32; watch the narrow sums stall."""
    choices = ["0.01", "0.1", "1"]
    addend = dropdown("Add:", choices, value="0.01")
    for value in choices:  # the sums once, here (60 ms each), not on a learner's first pick
        for fmt in ACCUMULATORS:
            _running(value, fmt)
    # Every arrow press moves to the next count of this 1-2-5 series (a log slider of whole
    # counts had steps that rounded to the same count).
    n = choice_slider("Terms:", TERM_COUNTS, MAX_TERMS)
    fp32 = _running(choices[0], "fp32")[-1]
    return FigureWidget(
        draw_accumulation,
        {"addend": addend, "n": n},
        update=update_accumulation,
        describe=describe_accumulation,
        figsize=(9.0, 4.6),
        lay_out_with={"addend": choices[-1]},  # its sums are the largest: the widest tick labels
        caption=f"Running sum of {choices[0]} added {MAX_TERMS:,} times, kept in FP32 (reaches "
        f"{fp32:.6g}), FP16 and BF16 (both stall once the sum is so large that adding "
        f"{choices[0]} rounds back to the same value); dotted: the exact sum.",
    )


#: Rows and columns of the matrix product whose error :func:`draw_matmul_error` draws.
MATMUL_SIZE = 16


def matmul_error_caption(k_max: int = formats.MATMUL_K, size: int = MATMUL_SIZE) -> str:
    """The caption of :func:`draw_matmul_error`."""
    labels = list(formats.MATMUL_VARIANTS)
    return (
        f"Largest relative error of a {size} x {size} matrix product (entries uniform in [0, 1)) "
        f"against FP64, as the inner dimension k grows to {k_max:,}, for three ways to compute "
        f"it: {'; '.join(labels)}."
    )


def draw_matmul_error(
    ax: Axes, k_max: int = formats.MATMUL_K, size: int = MATMUL_SIZE, seed: int = 0
) -> None:
    """Relative error of a matrix product against FP64 as the inner dimension grows, for three
    ways to compute it (BF16 or FP32 inputs, BF16 or FP32 accumulation)."""
    curves = formats.matmul_errors(k_max, size, seed)
    for i, (label, (ks, errors)) in enumerate(curves.items()):
        ax.plot(ks, errors, label=label, **plots.series_style(i))
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("inner dimension k (products summed per output)")
    ax.set_ylabel("largest relative error vs FP64")
    _, (_, mixed), (_, narrow) = curves.values()
    _title(
        ax,
        f"BF16 inputs, k = {k_max:,}: a BF16 sum is off by {percent(narrow[-1], 2)}, "
        f"an FP32 sum by {percent(mixed[-1], 2)}",
    )
    ax.legend(loc="upper left", fontsize=11)


# --------------------------------------------------------------------------------------------
# Gradients and loss scaling
# --------------------------------------------------------------------------------------------
@functools.cache
def _gradients() -> np.ndarray:
    g = formats.gradient_sample()
    g.setflags(write=False)
    return g


#: Bin edges of the loss-scaling histogram, in log2 of the magnitude (one bin per power of two).
LOG2_EDGES = np.arange(-60, 41)


@functools.cache
def _log2_histogram() -> np.ndarray:
    """Counts of the gradients per power of two; scaling by 2**k shifts them by k bins."""
    return np.histogram(np.log2(np.abs(_gradients().astype(np.float64))), LOG2_EDGES)[0]


@functools.cache
def _survival(key: str, log2_scale: int) -> formats.Survival:
    return formats.survival(_gradients(), key, 2.0**log2_scale)


def _fp16_limits() -> tuple[float, float]:
    """FP16's two edges under round to nearest even: every magnitude up to the first becomes 0
    (half the smallest subnormal: a tie, which goes to the even 0), every one from the second
    up overflows (halfway from the largest value to the next power of two)."""
    f = FORMATS["fp16"]
    return f.min_subnormal / 2, f.max + float(formats.spacing(f.max, f)) / 2


def draw_loss_scaling(ax: Axes, log2_scale: int = 0) -> None:
    """Histogram of the synthetic gradients' magnitudes after scaling by 2**log2_scale, over
    FP16's zones: lost (becomes 0), subnormal (fewer bits), normal, overflow
    (:func:`_fp16_zones`, then :func:`_scaled_histogram`)."""
    _fp16_zones(ax)
    _scaled_histogram(ax, log2_scale)


def _fp16_zones(ax: Axes) -> None:
    """The kept layer of :func:`draw_loss_scaling`: FP16's zones, named, and fixed axes."""
    f = FORMATS["fp16"]
    lost, over = _fp16_limits()
    zones = (
        (LOG2_EDGES[0], math.log2(lost), "becomes 0", "#D9D9D9"),
        (math.log2(lost), math.log2(f.min_normal), "subnormal", "#EFEFEF"),
        (math.log2(over), LOG2_EDGES[-1], "overflow: inf", "#D9D9D9"),
    )
    for lo, hi, label, colour in zones:  # named zones: the shade is not the only cue
        ax.axvspan(lo, hi, facecolor=colour, edgecolor="none")
        ax.text(
            (lo + hi) / 2,
            0.97,
            label,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=11,
        )
    ax.set_xlim(LOG2_EDGES[0], LOG2_EDGES[-1])
    ax.set_ylim(0, _log2_histogram().max() * 1.25)
    ax.set_xlabel("log2 |gradient x scale|")
    ax.set_ylabel("gradients per bin")


def _scaled_histogram(ax: Axes, log2_scale: int) -> None:
    """The top layer of :func:`draw_loss_scaling`: the histogram shifted by ``log2_scale``
    bins, its legend, and what FP16 loses in the title."""
    style = _style("fp16")
    ax.stairs(
        _log2_histogram(),
        LOG2_EDGES + log2_scale,
        fill=True,
        color=style["color"],
        label=f"gradients x 2^{log2_scale}",
    )
    s = _survival("fp16", log2_scale)
    _title(
        ax,
        f"Scale 2^{log2_scale}: in FP16 {percent(s.zero, 2)} of gradients become 0, "
        f"{percent(s.overflow, 2)} overflow",
    )
    ax.legend(loc="center left", bbox_to_anchor=(0.0, 0.75))


@functools.cache
def _log2_quartiles() -> tuple[float, float]:
    return tuple(np.percentile(np.log2(np.abs(_gradients().astype(np.float64))), (25, 75)))


def describe_loss_scaling(log2_scale: int = 0) -> str:
    """Where the histogram lies against FP16's zones, in words, and what FP16 (scaled) and BF16
    (unscaled) do to the gradients (HTML)."""
    low, high = (q + log2_scale for q in _log2_quartiles())
    lost, over = _fp16_limits()
    text = (
        f"Scaled by 2^{log2_scale}, the middle half of the gradients lies between 2^{low:.1f} and "
        f"2^{high:.1f}; FP16 turns magnitudes at or below 2^{math.log2(lost):.0f} into 0, keeps "
        f"those below 2^{FORMATS['fp16'].emin} as subnormals and overflows from {over:,.0f}."
    )
    rows = [("fp16", log2_scale), ("bf16", 0)]
    table = formats.survival_table(_gradients(), rows, error=True).readout_html()
    return f"<p>{html.escape(text)}</p>{table}"


def _loss_scaling_caption() -> str:
    f = FORMATS["fp16"]
    lost, over = _fp16_limits()
    return (
        "Histogram of synthetic gradient magnitudes (log2) over FP16's zones: at or below "
        f"2^{math.log2(lost):.0f} a value becomes 0, up to 2^{f.emin} it is subnormal, from "
        f"{over:,.0f} (halfway from {f.max:,.0f} to 2^{f.emax + 1}) up it overflows. Scaling by "
        "2^k shifts the histogram k bins right."
    )


@builder
def loss_scaling() -> FigureWidget:
    """Scale the gradients by a power of two before storing them in FP16."""
    scale = slider("Loss scale, log2:", 0, 0, 32, 1)
    return LayeredFigureWidget(
        _fp16_zones,
        _scaled_histogram,
        {"log2_scale": scale},
        describe=describe_loss_scaling,
        figsize=(9.0, 4.6),
        caption=_loss_scaling_caption(),
    )
