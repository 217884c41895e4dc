"""Widgets and figures of notebook 02: peak compute, rooflines, matrix multiplies and MFU."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from .. import checks, plots, roofline, specs
from ..roofline import Roof
from ..tables import NOT_PUBLISHED, Table
from ..units import percent, si, times
from .base import (
    LayeredFigureWidget,
    builder,
    choice_slider,
    dropdown,
    not_published_note,
    slider,
    systems_control,
)

#: Arithmetic intensities drawn, FLOP/B: wide enough for every kernel the widgets offer (the
#: largest matrix multiply, 65,536 cubed in BF16, does 21,845 FLOP/B).
INTENSITY_RANGE = (0.1, 1e5)
_X = np.logspace(np.log10(INTENSITY_RANGE[0]), np.log10(INTENSITY_RANGE[1]), 48)
_PLAIN = FuncFormatter(lambda v, _pos: f"{v:g}")
#: A white box behind a label that may sit on a line.
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 1.0}
#: Where each roof's label sits: offset in points from its ridge point and alignment. The labels
#: name the roofs on the chart itself (a legend costs a third of a redraw).
_RIDGE_LABEL_OFFSETS = ((-8, 8, "right"), (8, -18, "left"), (8, 8, "left"), (8, -18, "left"))


def _roof_style(roof: Roof, i: int) -> dict:
    if roof.style_key:
        style = plots.system_style(roof.style_key)
        if roof.key.endswith("_sparse"):
            style |= {"linestyle": ":", "linewidth": 2.0, "marker": "D"}
        return style
    return plots.series_style(i)


def _roofs(scope: str, sparse: bool, extra: Sequence[Roof] = (), systems: Any = None) -> list[Roof]:
    roofs = list(roofline.course_roofs(scope, systems))
    if sparse:
        roofs.append(roofline.sparse_roof(scope))
    return roofs + list(extra)


def draw_roofs(
    ax: Axes,
    scope: str = "chips",
    sparse: bool = False,
    extra: Sequence[Roof] = (),
    systems: Any = None,
) -> None:
    """The rooflines of the chips (``scope="chips"``) or the whole systems (``"systems"``) of
    ``systems`` (the article's two by default) on fixed log axes (:data:`INTENSITY_RANGE`),
    their ridge points marked and labelled; optionally NVIDIA's 2:4 sparse peak (``sparse``) and
    more roofs (``extra``, such as the learner's CPU). A system whose maker publishes no dense
    BF16 peak gets no roof, and a note says so. No title: :func:`draw_kernel` writes it."""
    roofs = _roofs(scope, sparse, extra, systems)
    not_published_note(ax, roofline.unpublished(systems), "dense BF16 peak", box=True)
    for i, roof in enumerate(roofs):
        style = _roof_style(roof, i)
        marker = style.pop("marker")
        style.pop("label", None)
        ax.plot(_X, roof.attainable(_X), **style)
        ax.plot(roof.ridge, roof.peak, marker=marker, color=style["color"], markersize=9)
        dx, dy, ha = _RIDGE_LABEL_OFFSETS[i % len(_RIDGE_LABEL_OFFSETS)]
        where, coords = (roof.ridge, roof.peak), "data"
        if roof.key.endswith("_sparse"):  # above its flat roof, at the right edge
            (dx, dy, ha), where, coords = (
                (-4, 4, "right"),
                (1.0, roof.peak),
                ("axes fraction", "data"),
            )
        ax.annotate(
            f"{roof.label}: ridge {roof.ridge:.3g}",
            where,
            xycoords=coords,
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            fontsize=12,
            fontweight="bold",
            color=style["color"],
            bbox=LABEL_BOX,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*INTENSITY_RANGE)
    low = min(float(r.attainable(INTENSITY_RANGE[0])) for r in roofs)
    ax.set_ylim(low / 2, max(r.peak for r in roofs) * 6)
    ax.xaxis.set_major_formatter(_PLAIN)
    ax.minorticks_off()  # log axes make dozens of minor ticks: slow to redraw, little to read
    plots.si_axis(ax.yaxis, "FLOP/s")
    ax.set_xlabel("arithmetic intensity (FLOP/B, log scale)")
    ax.set_ylabel("attainable FLOP/s (log scale)")


def draw_kernel(ax: Axes, roofs: Sequence[Roof], intensity: float | None, title: str) -> None:
    """A kernel of ``intensity`` FLOP/B over the rooflines of ``roofs`` (drawn by
    :func:`draw_roofs`): a dashed vertical line and a star on every roof; and the title."""
    if intensity is not None:
        if not INTENSITY_RANGE[0] <= intensity <= INTENSITY_RANGE[1]:
            raise ValueError(
                f"intensity={intensity!r} is outside the chart, {INTENSITY_RANGE} FLOP/B"
            )
        ax.axvline(intensity, color=plots.INK, linewidth=1.2, linestyle=(0, (4, 3)))
        for i, roof in enumerate(roofs):
            ax.plot(
                intensity,
                roof.attainable(intensity),
                marker="*",
                markersize=16,
                color=_roof_style(roof, i)["color"],
                markeredgecolor=plots.INK,
                linestyle="none",
            )
    ax.set_title(title, fontsize=14, y=1.0)  # a fixed place: faster


def _explorer_kernel(
    ax: Axes, scope: str, intensity: float, sparse: bool, systems: Any = None
) -> None:
    """The top layer of :func:`roofline_explorer`: its kernel over the roofs of ``scope``."""
    title = _roofline_title(scope, intensity, systems=systems)
    draw_kernel(ax, _roofs(scope, sparse, systems=systems), intensity, title)


def draw_rooflines(
    ax: Axes,
    scope: str = "chips",
    intensity: float | None = None,
    sparse: bool = False,
    extra: Sequence[Roof] = (),
    title: str | None = None,
) -> None:
    """Rooflines of the two chips (``scope="chips"``) or the two systems (``"systems"``) on log
    axes, their ridge points marked; optionally NVIDIA's 2:4 sparse peak (``sparse``), more roofs
    (``extra``, such as the learner's CPU) and a kernel of ``intensity`` FLOP/B on every roof:
    :func:`draw_roofs`, then :func:`draw_kernel`."""
    draw_roofs(ax, scope, sparse, extra)
    title = title or _roofline_title(scope, intensity, extra)
    draw_kernel(ax, _roofs(scope, sparse, extra), intensity, title)


def number(x: float) -> str:
    """A number for a title: 3 significant digits, thousands separated (2,489; 30; 0.999)."""
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _roofline_title(
    scope: str, intensity: float | None, extra: Sequence[Roof] = (), systems: Any = None
) -> str:
    roofs = roofline.course_roofs(scope, systems)
    if len(roofs) != 2:
        return _roofs_title(roofs, intensity)
    a, b = roofs
    if intensity is None and extra:  # the finding is about the added machine (this computer)
        e, top = extra[0], max((a, b), key=lambda r: r.peak)
        return (
            f"{e.label.capitalize()} ({e.note.split(',')[0]}): ridge {e.ridge:.2g} FLOP/B, "
            f"peak 1/{float(f'{top.peak / e.peak:.2g}'):,.0f} of a {top.label}'s"
        )
    if intensity is None:
        return f"Ridge points: {a.label} {a.ridge:.3g}, {b.label} {b.ridge:.3g} FLOP/B"
    ga, gb = a.attainable(intensity), b.attainable(intensity)
    ba, bb = a.bound(intensity), b.bound(intensity)
    where = f"both {ba}-bound" if ba == bb else f"{a.label} {ba}-, {b.label} {bb}-bound"
    (lo, glo), (hi, ghi) = sorted(((a, ga), (b, gb)), key=lambda p: p[1])
    ratio = times(ghi / glo, 2)
    return f"At {number(intensity)} FLOP/B: {where}; {hi.label} gets {ratio} {lo.label}"


def _roofs_title(roofs: Sequence[Roof], intensity: float | None) -> str:
    """The title over any number of roofs: their ridge points, or who gets most and least at
    ``intensity``."""
    if not roofs:
        return f"No dense BF16 peak is published for these systems: {NOT_PUBLISHED}"
    if intensity is None:
        ridges = ", ".join(f"{r.label} {r.ridge:.3g}" for r in roofs)
        return f"Ridge points: {ridges} FLOP/B"
    got = sorted(roofs, key=lambda r: float(r.attainable(intensity)))
    lo, hi = got[0], got[-1]
    ratio = times(float(hi.attainable(intensity)) / float(lo.attainable(intensity)), 2)
    return f"At {number(intensity)} FLOP/B: {hi.label} gets {ratio} {lo.label}"


def describe_rooflines(
    scope: str = "chips", intensity: float = 30.0, sparse: bool = False, systems: Any = None
) -> str:
    """The roofs shown and what a kernel of ``intensity`` FLOP/B attains on each, as HTML
    (a system with no published dense BF16 peak in a row that says so)."""
    roofs = list(roofline.course_roofs(scope, systems))
    if sparse:
        roofs.append(roofline.sparse_roof(scope))
    rows = [
        [
            r.name,
            si(r.peak, "FLOP/s"),
            si(r.bandwidth, "B/s", 4, prefix="T"),
            f"{r.ridge:.4g}",
            si(r.attainable(intensity), "FLOP/s"),
            percent(r.attainable(intensity) / r.peak),
            r.bound(intensity),
        ]
        for r in roofs
    ]
    rows += [[s.name, NOT_PUBLISHED, *["-"] * 5] for s in roofline.unpublished(systems)]
    columns = ("", "peak", "bandwidth", "ridge (FLOP/B)", "attainable", "of peak", "bound")
    return Table(columns, rows, caption=f"A kernel of {intensity:.3g} FLOP/B").readout_html()


@builder
def roofline_explorer(systems: Sequence[specs.System | str] | None = None) -> LayeredFigureWidget:
    """Move a kernel along the intensity axis over the rooflines of the chips or the whole
    systems of ``systems`` (the article's two by default); when the registry holds more, a
    "Systems:" list adds them (one with no published dense BF16 peak is named, not drawn)."""
    shown = [s.key for s in checks.systems("systems", systems)]
    scope = dropdown("Compare:", [("one chip each", "chips"), ("whole systems", "systems")])
    intensity = slider("Kernel intensity (FLOP/B):", 30, -1, 4, 0.1, log=True, readout_format=".3g")
    sparse = w.Checkbox(value=False, description="show NVIDIA's 2:4 sparse peak", indent=False)
    controls: dict[str, Any] = {"scope": scope, "intensity": intensity, "sparse": sparse}
    adder = systems_control(shown)
    if adder is not None:
        adder.course_prerender = False  # pre-render the systems shown, not every choice
        controls["systems"] = adder
    return LayeredFigureWidget(
        draw_roofs,
        _explorer_kernel,
        controls,
        fixed={"systems": tuple(shown)} if adder is None else None,
        background_keys=("scope", "sparse", "systems"),
        prerender=True,
        describe=describe_rooflines,
        figsize=(9.0, 5.2),
        caption="Rooflines on log axes: attainable FLOP/s against arithmetic intensity for the "
        "Ascend 910C (vermillion, solid, circle at its ridge) and the B200 (green, dashed, "
        "square), or for the two whole systems. The star marks a kernel of the chosen "
        "intensity on each roof; left of a ridge point a kernel is memory-bound.",
    )


# ---------------------------------------------------------------------------------------------
# Matrix multiplies
# ---------------------------------------------------------------------------------------------
def _matrix_sizes() -> list[int]:
    """Powers of two from 128 to 65,536, and the model widths of the course (7,168, 28,672)."""
    widths = {
        int(specs.LLAMA3_70B.hidden.value),
        int(specs.LLAMA3_70B_FFN.value),
        int(specs.DEEPSEEK_V3.hidden.value),
    }
    return sorted({2**e for e in range(7, 17)} | widths)


def _matmul_title(m: int, n: int, k: int, element_bytes: float) -> str:
    intensity = roofline.matmul_intensity(m, n, k, element_bytes)
    bounds = {r.bound(intensity) for r in roofline.course_roofs("chips")}
    where = f"{bounds.pop()}-bound on both chips" if len(bounds) == 1 else "between the ridges"
    # Two lines: on one, the largest shapes (65,536 x 65,536 x 65,536) ran past the figure.
    return f"{m:,} x {k:,} x {n:,} matmul, {number(intensity)} FLOP/B:\n{where}"


#: The starting shape: one token through Llama 3 70B's MLP up-projection.
MATMUL_START = {
    "m": 1,
    "k": int(specs.LLAMA3_70B.hidden.value),
    "n": int(specs.LLAMA3_70B_FFN.value),
}


def draw_matmul(ax: Axes, **shape: float) -> None:
    """The rooflines of both chips with an (m x k) @ (k x n) multiply placed at its arithmetic
    intensity: :func:`draw_roofs`, then :func:`draw_matmul_kernel` with ``shape`` (``m``,
    ``n``, ``k``, ``element_bytes``)."""
    draw_roofs(ax, "chips")
    draw_matmul_kernel(ax, **shape)


def draw_matmul_kernel(
    ax: Axes,
    m: float = MATMUL_START["m"],
    n: int = MATMUL_START["n"],
    k: int = MATMUL_START["k"],
    element_bytes: float = 2,
) -> None:
    """The multiply's stars and title over :func:`draw_roofs` of the two chips."""
    m = round(m)
    intensity = roofline.matmul_intensity(m, n, k, element_bytes)
    draw_kernel(ax, _roofs("chips", False), intensity, _matmul_title(m, n, k, element_bytes))


def describe_matmul(
    m: float = MATMUL_START["m"],
    n: int = MATMUL_START["n"],
    k: int = MATMUL_START["k"],
    element_bytes: float = 2,
) -> str:
    """FLOPs, bytes, intensity and the shortest time of the multiply on each chip, as HTML."""
    m = round(m)
    flops = roofline.matmul_flops(m, n, k)
    moved = roofline.matmul_bytes(m, n, k, element_bytes)
    intensity = flops / moved
    rows = []
    for r in roofline.course_roofs("chips"):
        t = r.time(flops, moved)
        rows.append(
            [
                r.name,
                si(t, "s"),
                si(flops / t, "FLOP/s"),
                percent(flops / t / r.peak),
                r.bound(intensity),
            ]
        )
    caption = (
        f"{si(flops, 'FLOP')}, {si(moved, 'B')} moved at {element_bytes:g} B per element: "
        f"{intensity:.3g} FLOP/B"
    )
    columns = ("chip", "shortest time", "rate", "of peak", "bound")
    return Table(columns, rows, caption=caption).readout_html()


@builder
def matmul_explorer() -> LayeredFigureWidget:
    """Choose a matrix multiply's shape; see its intensity on the rooflines of both chips."""
    sizes = _matrix_sizes()
    m = slider("m (rows: tokens in the batch)", 1, 0, 16, 1, log=True, base=2, readout_format=".0f")
    k = choice_slider("k (inner size)", sizes, MATMUL_START["k"])
    n = choice_slider("n (output size)", sizes, MATMUL_START["n"])
    start = roofline.matmul_intensity(**MATMUL_START)
    return LayeredFigureWidget(
        draw_roofs,
        draw_matmul_kernel,
        {"m": m, "k": k, "n": n},
        describe=describe_matmul,
        figsize=(9.0, 5.2),
        caption="The rooflines of the Ascend 910C (vermillion, solid) and the B200 (green, "
        "dashed) with a BF16 matrix multiply (stars) at its arithmetic intensity. It starts as "
        f"one token through Llama 3 70B's MLP (m = 1, k = {MATMUL_START['k']:,}, "
        f"n = {MATMUL_START['n']:,}): {start:.2g} FLOP/B, far left of both ridge points.",
    )


# ---------------------------------------------------------------------------------------------
# Static figures: peaks, dense vs sparse, and MFU
# ---------------------------------------------------------------------------------------------
def _sparse_bar_style(system: str) -> dict:
    color = plots.system_style(system)["color"]
    return {"color": "white", "edgecolor": color, "hatch": "xx", "linewidth": 1.5}


def label_bar(ax: Axes, x: float, top: float, text: str, **style) -> None:
    """Write ``text`` just above the bar at ``x`` whose top is at ``top`` (bold, 12 pt, unless
    ``style`` says otherwise)."""
    style = {"fontsize": 12, "fontweight": "bold"} | style
    ax.annotate(
        text, (x, top), ha="center", va="bottom", xytext=(0, 3), textcoords="offset points", **style
    )


def _bar_labels(ax: Axes, xs: Sequence[float], values: Sequence[float], unit: str) -> None:
    for x, v in zip(xs, values, strict=True):
        label_bar(ax, x, v, si(v, unit))


def two_panels(fig) -> np.ndarray:
    """Layout of two side-by-side axes."""
    return fig.subplots(1, 2)


def draw_peaks(axes) -> None:
    """Dense and 2:4 sparse BF16 peaks, per chip (left) and per system (right)."""
    cm, nv = specs.ARTICLE_PAIR.systems
    panels = (
        (cm.chip.bf16_dense, nv.chip.bf16_dense, specs.FIGURES["b200.bf16_sparse"], "per chip"),
        (cm.bf16_dense, nv.bf16_dense, specs.FIGURES["nvl72.bf16_sparse"], "per system"),
    )
    for ax, (a, b, sparse, what) in zip(axes, panels, strict=True):
        ax.bar(0, a.value, width=0.6, **plots.bar_style(cm))
        ax.bar(1, b.value, width=0.6, **plots.bar_style(nv))
        ax.bar(2, sparse.value, width=0.6, label="2:4 sparse", **_sparse_bar_style(nv.key))
        _bar_labels(ax, (0, 1, 2), (a.value, b.value, sparse.value), "FLOP/s")
        names = (cm.chip.name, nv.chip.name) if what == "per chip" else (cm.short, nv.short)
        ax.set_xticks(
            [0, 1, 2], [f"{names[0]}\ndense", f"{names[1]}\ndense", f"{names[1]}\nsparse"]
        )
        ax.set_ylim(0, sparse.value * 1.2)
        plots.si_axis(ax.yaxis, "FLOP/s")
        ax.set_ylabel(f"BF16 peak, {what}")
        ax.grid(axis="x", visible=False)
    axes[0].set_title(f"Per chip: one B200 = {roofline.chip_ratio():.2g} Ascend 910C", fontsize=14)
    dense = cm.bf16_dense.value / nv.bf16_dense.value
    axes[1].set_title(f"Per system: {times(dense)} dense to dense", fontsize=14)


def draw_mfu(axes) -> None:
    """Published MFUs of large training runs and the course's assumption (left); what each
    system's dense peak gives at that MFU (right)."""
    ax = axes[0]
    names = roofline.MFU_FIGURES
    gpus = specs.FIGURES["llama3_405b.training_gpus"].value
    tpus = specs.FIGURES["palm_540b.training_chips"].value
    labels = (
        f"Llama 3 405B\n{gpus:,.0f} H100",
        f"PaLM 540B\n{tpus:,.0f} TPU v4",
        "course\nassumption",
    )
    for y, name in enumerate(names):
        f = specs.FIGURES[name]
        style = plots.series_style(y)
        ax.barh(y, 100 * f.value, height=0.55, color=style["color"], edgecolor=plots.INK)
        if f.low is not None:
            ax.plot([100 * f.low, 100 * f.high], [y, y], color=plots.INK, marker="|", ms=14)
        ax.annotate(
            percent(f.value),
            (100 * (f.high or f.value), y),
            xytext=(8, -5),
            textcoords="offset points",
            fontsize=12,
        )
    ax.set_yticks(range(len(names)), labels)
    ax.axvline(100, color=plots.INK, linewidth=1.5)
    ax.set_xlim(0, 105)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("model FLOPs utilisation (% of dense peak)")
    published = [specs.FIGURES[name] for name in names[:-1]]
    low = min(f.low if f.low is not None else f.value for f in published)
    high = max(f.high if f.high is not None else f.value for f in published)
    ax.set_title(f"Big training runs reach {100 * low:.0f}-{percent(high, 2)} of peak", fontsize=14)

    ax = axes[1]
    assumed = specs.FIGURES["course.training_mfu"]
    for x, system in enumerate(specs.ARTICLE_PAIR.systems):
        roof = roofline.system_roof(system)
        ax.bar(
            x,
            roof.peak,
            width=0.6,
            color="white",
            edgecolor=plots.system_style(system)["color"],
            linewidth=1.5,
            label="dense peak" if x == 0 else None,
        )
        got = roofline.effective_flops(roof)
        ax.bar(x, got, width=0.6, **(plots.bar_style(system) | {"label": None}))
        ax.plot(
            [x, x],
            [roof.peak * assumed.low, roof.peak * assumed.high],
            color=plots.INK,
            marker="_",
            ms=16,
        )
        plots.label_right(ax, x + 0.32, got, si(got, "FLOP/s"), fontsize=12, fontweight="bold")
    ax.set_xticks([0, 1], [s.short for s in specs.ARTICLE_PAIR.systems])
    plots.si_axis(ax.yaxis, "FLOP/s")
    ax.set_ylabel("dense BF16 FLOP/s")
    ax.set_xlim(-0.5, 1.9)
    ax.grid(axis="x", visible=False)
    ax.set_title(
        f"At {percent(assumed.value)} MFU (whiskers {percent(assumed.low)}-"
        f"{percent(assumed.high)})",
        fontsize=14,
    )
