"""Widgets of notebook 01: the bits of a number, range vs precision, rounding, accumulation and
loss scaling. The numbers come from :mod:`helpers.formats`; here they are only drawn."""

from __future__ import annotations

import functools
import html
import math
import re
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
from .base import FigureWidget, builder, dropdown, slider

#: Colours of the three fields (light, so black digits read on them); the fields are also named
#: under the boxes, so colour is never the only cue.
FIELD_COLOURS = {"sign": "#E7B6D1", "exponent": "#A9D8F2", "mantissa": "#F7D98A"}
FORMAT_OPTIONS = [(f.short, key) for key, f in FORMATS.items()]


def _title(ax: Axes, text: str, fontsize: int = 14) -> None:
    """The title, at a fixed height: matplotlib then skips working out whether tick labels are in
    its way (a tenth of each redraw here), which they never are in these figures."""
    ax.set_title(text, fontsize=fontsize, y=1.0, pad=8)


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


def shortest_text(bits: int, fmt: str) -> str:
    """The shortest decimal that encodes to ``bits`` in ``fmt`` (what a learner would type)."""
    value = float(formats.from_bits(bits, fmt))
    if not math.isfinite(value):
        return repr(value)
    for digits in range(1, 18):
        text = f"{value:.{digits}g}"
        if int(formats.to_bits(float(text), fmt)) == bits:
            return text
    return repr(value)


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


def draw_bit_explorer(ax: Axes, fmt: str = "bf16", value: str = "0.1", bits: int = 0x3DCD) -> None:
    """The bits of one pattern of ``fmt`` in their fields, what each field means, and the value;
    the subtitle compares it with the typed ``value``."""
    f = formats.get(fmt)
    bits = int(bits) & ((1 << f.bits) - 1)
    parts = formats.fields_from_bits(bits, f)
    stored = float(formats.from_bits(bits, f))
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
    sign = "-" if parts.sign else "+"
    if parts.kind in ("nan", "inf"):
        exp_text = f"exponent {parts.exponent}: all ones"
        man_text = f"mantissa {parts.mantissa}: {'infinity' if parts.kind == 'inf' else 'NaN'}"
        formula = f"{sign}inf" if parts.kind == "inf" else "NaN (not a number)"
    else:
        lead = 0 if parts.kind in ("zero", "subnormal") else 1
        significand = lead + parts.mantissa / (1 << m)
        exp_text = f"exponent {parts.exponent}: 2^{parts.unbiased}" + (
            " (no hidden 1)" if lead == 0 else f" = 2^({parts.exponent} - {f.bias})"
        )
        man_text = f"mantissa {parts.mantissa}: {lead} + {parts.mantissa}/{1 << m}"
        formula = f"{sign}{float(significand)!r} x 2^{parts.unbiased} = {stored!r}"
    y = -0.28
    ax.text(0, y, f"sign {parts.sign}: {sign}", ha="left", va="top", fontsize=11)
    ax.text(1 + e / 2, y - 0.3, exp_text, ha="center", va="top", fontsize=11)
    ax.text(1 + e + m / 2, y, man_text, ha="center", va="top", fontsize=11)
    ax.text(n / 2, -1.05, formula, ha="center", va="top", fontsize=14, fontweight="bold")
    ax.set_xlim(-0.2, n + 0.2)
    ax.set_ylim(-1.45, 1.5)
    ax.axis("off")
    typed = parse_value(value)
    note = ""
    if typed is not None and math.isfinite(typed) and math.isfinite(stored):
        error = stored - typed
        note = f"; you typed {value}, error {error:+.3g}" if error else f"; exactly {value}"
    title = f"{f.short} pattern 0x{bits:0{n // 4}X} ({parts.kind}){note}"
    ax.text(n / 2, 1.2, title, ha="center", va="bottom", fontsize=14, fontweight="bold")


def describe_bit_explorer(fmt: str = "bf16", value: str = "0.1", bits: int = 0x3DCD) -> str:
    """The typed value encoded in every format (HTML), or a note when it cannot be read."""
    typed = parse_value(value)
    if typed is None:
        return f"<p>Could not read {html.escape(str(value))!r} as a number.</p>"
    return formats.encodings_table(typed).readout_html()


@builder
def bit_explorer() -> FigureWidget:
    """Click the bits of a number, or type a value, and see its fields and its encodings."""
    fmt = dropdown("Format:", FORMAT_OPTIONS, value="bf16")
    text = w.Text(
        value="0.1",
        description="Value:",
        continuous_update=False,
        style={"description_width": "initial"},
        layout=w.Layout(width="260px"),
    )
    text.course_sweep = ["1/3", "-448", "1e-8", "70000", "nan"]
    bits = BitRow("bf16", int(formats.to_bits(0.1, "bf16")))
    bits.course_sweep = [0x0000, 0x8000, 0x7F80, 0x0001, 0x3F80]

    def encode_typed(_change: Any = None) -> None:
        typed = parse_value(text.value)
        bits.fmt = fmt.value  # not a parameter of the picture: the buttons only
        if typed is not None and int(formats.to_bits(typed, fmt.value)) != bits.value:
            with widget.hold_render():
                bits.value = int(formats.to_bits(typed, fmt.value))

    def show_clicked(_change: Any = None) -> None:
        typed = parse_value(text.value)
        if typed is None or int(formats.to_bits(typed, fmt.value)) != bits.value:
            with widget.hold_render():
                text.value = shortest_text(bits.value, fmt.value)

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
        caption="The bits of 0.1 in BF16, coloured by field (sign, exponent, mantissa), with "
        "what each field means and the value they encode; the table gives 0.1 in every format.",
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


def draw_range_precision(ax: Axes, x: float = 1.0, relative: bool = True) -> None:
    """Each format's spacing against magnitude on log-log axes: how far a line reaches is the
    format's range, how low it lies its precision. A vertical line marks ``x``."""
    for key, f in FORMATS.items():
        xs, ys = spacing_curve(key, relative)
        style = _style(key)
        ax.plot(xs, ys, color=style["color"], linestyle=style["linestyle"], label=f.short)
        gap = float(formats.ulp(x, key))
        if math.isfinite(gap) and x <= f.max:
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


def describe_range_precision(x: float = 1.0, relative: bool = True) -> str:
    """The value stored and the gap between neighbours around ``x`` in every format (HTML)."""
    return formats.spacing_table(x).readout_html()


@builder
def range_precision() -> FigureWidget:
    """Move a value along the magnitudes and see the spacing of every format there."""
    value = slider("Value x:", 1.0, -45, 38, 0.5, log=True, readout_format=".3g")
    relative = w.Checkbox(value=True, description="relative gap (gap / value)")
    return FigureWidget(
        draw_range_precision,
        {"x": value, "relative": relative},
        describe=describe_range_precision,
        figsize=(9.0, 5.0),
        caption="Relative gap between neighbouring values against magnitude, log scales, one "
        "line per format: a line's length is the format's range, its height the precision lost "
        "(the largest rounding error is half the gap). BF16 is as long as FP32 but higher; "
        "FP16 is lower than BF16 but much shorter.",
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


def draw_rounding(ax: Axes, fmt: str = "bf16", value: str = "1/3") -> None:
    """The value on a number line between its two neighbours in ``fmt``, the halfway point, and
    where round to nearest even sends it. The axis counts spacings from the lower neighbour."""
    x = parse_value(value)
    r = formats.rounding(x, fmt)
    f = r.fmt
    spacing = float(r.spacing)
    ticks = np.arange(-1, 3)
    ax.axhline(0, color=plots.INK, linewidth=1.5)
    ax.plot(
        ticks,
        np.zeros(ticks.size),
        linestyle="none",
        marker="|",
        markersize=40,
        markeredgewidth=3,
        color=_style(f.key)["color"],
        label=f"{f.short} values",
    )
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
    labels = [repr(float(r.below) + int(k) * spacing) for k in ticks]
    if max(map(len, labels)) > 12:  # long values (FP32, 1e-7) ran together and off the edges:
        labels = ["", *labels[1:3], ""]  # name only the two neighbours x rounds between
    ax.set_xticks(ticks, labels, fontsize=11)
    ax.set_yticks([])
    ax.set_xlim(-1.4, 2.4)
    ax.set_ylim(-0.5, 0.7)
    ax.grid(False)
    if math.isfinite(r.result):
        ax.set_xlabel(f"{f.short} values near |x| (one step = {spacing!r})")
    else:
        ax.set_xlabel(
            f"where {f.short} values would be if the exponent went on: none exist above {f.max:g}"
        )
    result = repr(r.result) if math.isfinite(r.result) else f"{r.result} (overflow)"
    _title(ax, f"{value} in {f.short}: {r.decision} to {result}")
    ax.legend(loc="upper left", ncol=4, fontsize=10, markerscale=0.5)


def describe_rounding(fmt: str = "bf16", value: str = "1/3") -> str:
    """The steps of the rounding, as an HTML list."""
    r = formats.rounding(parse_value(value), fmt)
    items = "".join(f"<li>{html.escape(step[3:])}</li>" for step in r.steps())
    error = f"Error {r.error:+.3g}, relative {r.relative_error:.3g}." if r.error else "No error."
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
        caption="1/3 on a number line between its two BF16 neighbours: it lies past the halfway "
        "mark, so it rounds up to 0.333984375. The axis counts BF16 spacings.",
    )


def draw_rounding_error(ax: Axes, low: float = 1e-12, high: float = 1e6, n: int = 1500) -> None:
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


@functools.cache
def _running(addend: str, fmt: str) -> np.ndarray:
    return formats.running_sum(np.full(MAX_TERMS, parse_value(addend)), fmt)


def draw_accumulation(ax: Axes, addend: str = "0.01", n: int = MAX_TERMS) -> None:
    """The running sum of ``n`` copies of ``addend`` kept in FP32, FP16 and BF16, and the exact
    sum."""
    n = int(n)
    k = np.unique(np.linspace(1, n, min(n, 600)).astype(int))
    v = parse_value(addend)
    ax.plot(k, k * v, color=plots.INK, linestyle=":", linewidth=2, label="exact")
    finals = {}
    for key in ACCUMULATORS:
        sums = _running(addend, key)
        style = _style(key)
        ax.plot(
            k,
            sums[k - 1],
            color=style["color"],
            linestyle=style["linestyle"],
            label=f"{FORMATS[key].short} accumulator",
        )
        finals[key] = sums[n - 1]
    ax.set_xlabel("terms added")
    ax.set_ylabel("running sum")
    stalled = np.any(np.diff(_running(addend, "bf16")[:n]) == 0)  # else it only rounds
    _title(
        ax,
        f"Adding {addend} {n:,} times: BF16 {'stops' if stalled else 'ends'} at "
        f"{finals['bf16']:,.4g}, FP32 reaches {finals['fp32']:,.5g}",
    )
    ax.legend(loc="upper left")


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
    n = slider("Terms:", MAX_TERMS, 1, 4, 0.25, log=True, readout_format=",.0f")
    return FigureWidget(
        draw_accumulation,
        {"addend": addend, "n": n},
        describe=describe_accumulation,
        figsize=(9.0, 4.6),
        lay_out_with={"addend": "1"},  # its sums reach 10,000: the widest tick labels
        caption="Running sum of 0.01 added 10,000 times, kept in FP32 (reaches 100), FP16 and "
        "BF16 (both stall once the sum is so large that adding 0.01 rounds back to the same "
        "value); dotted: the exact sum.",
    )


def draw_matmul_error(
    ax: Axes, k_max: int = formats.MATMUL_K, size: int = 16, seed: int = 0
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
        f"k = {k_max:,}: a BF16 sum is off by {percent(narrow[-1], 2)}, "
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


def draw_loss_scaling(ax: Axes, log2_scale: int = 0) -> None:
    """Histogram of the synthetic gradients' magnitudes after scaling by 2**log2_scale, over
    FP16's zones: lost (becomes 0), subnormal (fewer bits), normal, overflow."""
    f = FORMATS["fp16"]
    edges = LOG2_EDGES + log2_scale
    lost_below = math.log2(f.min_subnormal) - 1
    zones = (
        (LOG2_EDGES[0], lost_below, "becomes 0", "#D9D9D9"),
        (lost_below, math.log2(f.min_normal), "subnormal", "#EFEFEF"),
        (math.log2(f.max), LOG2_EDGES[-1], "overflow: inf", "#D9D9D9"),
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
    counts = _log2_histogram()
    style = _style("fp16")
    ax.stairs(counts, edges, fill=True, color=style["color"], label=f"gradients x 2^{log2_scale}")
    ax.set_xlim(LOG2_EDGES[0], LOG2_EDGES[-1])
    ax.set_ylim(0, counts.max() * 1.25)
    ax.set_xlabel("log2 |gradient x scale|")
    ax.set_ylabel("gradients per bin")
    s = _survival("fp16", log2_scale)
    _title(
        ax,
        f"Scale 2^{log2_scale}: in FP16 {percent(s.zero, 2)} of gradients become 0, "
        f"{percent(s.overflow, 2)} overflow",
    )
    ax.legend(loc="center left", bbox_to_anchor=(0.0, 0.75))


def describe_loss_scaling(log2_scale: int = 0) -> str:
    """What FP16 (scaled) and BF16 (unscaled) do to the gradients (HTML)."""
    rows = [("fp16", log2_scale), ("bf16", 0)]
    return formats.survival_table(_gradients(), rows, error=True).readout_html()


@builder
def loss_scaling() -> FigureWidget:
    """Scale the gradients by a power of two before storing them in FP16."""
    scale = slider("Loss scale, log2:", 0, 0, 32, 1)
    return FigureWidget(
        draw_loss_scaling,
        {"log2_scale": scale},
        describe=describe_loss_scaling,
        figsize=(9.0, 4.6),
        caption="Histogram of synthetic gradient magnitudes (log2) over FP16's zones: below "
        "2^-25 a value becomes 0, up to 2^-14 it is subnormal, above 65504 it overflows. "
        "Scaling by 2^k shifts the histogram k bins right.",
    )
