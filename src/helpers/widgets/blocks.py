"""Widgets of notebook 10: the FP4 grid, and block scales against one scale per tensor on a
tensor with an outlier. The numbers come from :mod:`helpers.formats`, :mod:`helpers.blocks` and
:mod:`helpers.lowbit`; here they are only drawn."""

from __future__ import annotations

import functools
import itertools

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection

from .. import blocks, formats, lowbit, plots
from ..units import percent
from .base import FigureWidget, LayeredFigureWidget, builder, choice_slider, dropdown, slider

#: The schemes the block explorer offers, as (label, key).
SCHEME_OPTIONS = [
    (blocks.get(key).name, key)
    for key in ("mxfp4", "nvfp4", "mxfp6_e2m3", "mxfp6_e3m2", "mxfp8_e4m3", "mxfp8_e5m2")
]
#: Block sizes the explorer offers, in elements.
BLOCK_SIZES = (8, 16, 32, 64)
#: Values in the explorer's tensor.
N_VALUES = blocks.OUTLIER_VALUES
#: The styles of the chosen scheme and of one FP4 scale per tensor.
CHOSEN, ONE_SCALE = plots.series_style(0), plots.series_style(4)


def draw_fp4_grid(ax: Axes, fmt: str = "fp4_e2m1") -> None:
    """Every value of a small format on a number line, one tick each, with the gap to the next
    value written between them: the gaps double from one power of two to the next."""
    f = formats.get(fmt)
    values = lowbit.grid(fmt)
    ax.axhline(0, color=plots.INK, linewidth=1)
    ax.plot(values, np.zeros_like(values), "o", color=CHOSEN["color"], markersize=10)
    for v in values:
        ax.annotate(f"{v:g}", (v, 0), (0, 14), textcoords="offset points", ha="center")
    positive = values[values >= 0]
    for lo, hi in itertools.pairwise(positive):
        for sign in (1, -1):
            middle = sign * (lo + hi) / 2
            ax.annotate(
                f"{hi - lo:g}",
                (middle, 0),
                (0, -20),
                textcoords="offset points",
                ha="center",
                fontsize=10,
                color="#444444",
            )
    ax.set_xlim(-f.max * 1.08, f.max * 1.08)
    ax.set_ylim(-1, 1)
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel(f"value ({f.short}); under the line: the gap to the next value")
    ax.set_title(f"{f.short}: {values.size} values; the gaps double with each power of two")


def fp4_grid_picture(fmt: str = "fp4_e2m1") -> plots.Picture:
    """:func:`draw_fp4_grid` as a captioned static figure."""
    return plots.show(
        draw_fp4_grid,
        f"Every value of {formats.get(fmt).short} on a number line, with the gap to the next "
        "value underneath: the gaps double from one power of two to the next.",
        figsize=(9.0, 2.8),
        fmt=fmt,
    )


@functools.cache
def _tensor(outlier: float) -> np.ndarray:
    x = blocks.outlier_tensor(N_VALUES, outlier)
    x.setflags(write=False)
    return x


@functools.cache
def _errors(scheme: str, block: int, outlier: float) -> blocks.Errors:
    x = _tensor(outlier)
    return blocks.errors(x, scheme, None if scheme == blocks.PER_TENSOR else block)


def _relative(e: blocks.Errors, x: np.ndarray) -> np.ndarray:
    return np.where(x != 0, e.error / np.abs(np.where(x != 0, x, 1)), 0.0)


def _block_relative(e: blocks.Errors, x: np.ndarray, block: int) -> np.ndarray:
    starts = np.arange(0, x.size, block)
    size = np.diff(np.append(starts, x.size))
    rms = np.sqrt(np.add.reduceat(x.astype(np.float64) ** 2, starts) / size)
    err = np.sqrt(np.add.reduceat(e.error**2, starts) / size)
    return err / rms


def block_layout(fig) -> np.ndarray:
    """Two stacked axes: errors per element above, per block below."""
    return fig.subplots(2, 1, height_ratios=(3, 2))


def draw_block_errors(axes, scheme: str = "mxfp4", block: int = 32, outlier: float = 100.0) -> None:
    """A tensor of :data:`N_VALUES` standard normal values with one outlier, stored in
    ``scheme`` with blocks of ``block`` and with one FP4 scale for the whole tensor: the
    relative error of every value (above) and of every block (below, RMS error / RMS value).
    :func:`_block_axes`, then :func:`_block_marks`."""
    _block_axes(axes)
    _block_marks(axes, scheme, block, outlier)


def _block_axes(axes) -> None:
    """The kept layer of :func:`draw_block_errors`: fixed axes, few fixed ticks."""
    top, bottom = axes
    for ax in axes:
        ax.set_xlim(-1, N_VALUES)
        ax.set_xticks(np.arange(0, N_VALUES + 1, 32))
        ax.set_yticks([0, 0.5, 1])
        ax.grid(False, axis="x")
    top.tick_params(labelbottom=False)  # the axis below names the indices
    top.set_ylim(-0.03, 1.12)
    top.set_ylabel("|error| / |value|")
    bottom.set_ylim(0, 1.1)
    bottom.set_ylabel("per block:\nRMS error / RMS")


def _block_marks(axes, scheme: str, block: int, outlier: float) -> None:
    """The top layer of :func:`draw_block_errors`: every value's and every block's error, the
    outlier, the legend and the title."""
    top, bottom = axes
    x = _tensor(outlier)
    chosen, one = _errors(scheme, block, outlier), _errors(blocks.PER_TENSOR, block, outlier)
    index = np.arange(x.size)
    name = blocks.get(scheme).name
    for e, style, label in (
        (one, ONE_SCALE, "FP4, one scale per tensor"),
        (chosen, CHOSEN, f"{name}, blocks of {block}"),
    ):
        top.plot(
            index,
            _relative(e, x),
            linestyle="none",
            marker=style["marker"],
            color=style["color"],
            markersize=5,
            label=label,
        )
    outlier_at = int(np.argmax(np.abs(x)))
    top.axvline(outlier_at, color=plots.HIGHLIGHT, linewidth=1.5, linestyle=":")
    top.annotate(
        f"outlier {outlier:g}",
        (outlier_at, 1.02),
        (4, 0),
        textcoords="offset points",
        color=plots.INK,
        fontsize=11,
        va="bottom",
    )
    edges = np.arange(block, N_VALUES, block) - 0.5
    for ax in axes:  # one collection of block edges: quick to redraw
        ax.vlines(edges, 0, 1, transform=ax.get_xaxis_transform(), color=plots.GRID, linewidth=1)
    bottom.set_xlabel(f"value index (blocks of {block} between the grey lines)")
    top.set_title(
        f"{name}: {percent(chosen.zeroed, 2)} of values become 0; "
        f"one scale per tensor: {percent(one.zeroed, 2)}",
        fontsize=14,
        y=1.0,
        pad=8,
    )
    top.legend(loc="center right", fontsize=10)
    width = block * 0.4
    starts = np.arange(0, x.size, block)
    middles = starts + block / 2
    _bars(bottom, middles - width, width, _block_relative(one, x, block), ONE_SCALE, "//")
    _bars(bottom, middles, width, _block_relative(chosen, x, block), CHOSEN)


def _bars(
    ax: Axes,
    lefts: np.ndarray,
    width: float,
    heights: np.ndarray,
    style: dict,
    hatch: str | None = None,
) -> None:
    """Bars from 0 to ``heights`` as one collection (one draw, no update of the data limits:
    the axes are fixed), outlined in ink."""
    x0, x1 = lefts, lefts + width
    zero = np.zeros_like(heights)
    corners = np.stack(
        [np.column_stack(c) for c in ((x0, zero), (x0, heights), (x1, heights), (x1, zero))],
        axis=1,
    )
    bars = PolyCollection(
        corners, facecolors=style["color"], edgecolors=plots.INK, hatch=hatch, zorder=1
    )
    ax.add_collection(bars, autolim=False)


def describe_block_errors(scheme: str = "mxfp4", block: int = 32, outlier: float = 100.0) -> str:
    """The chosen scheme beside one scale per tensor, MXFP4 and NVFP4, in numbers (HTML)."""
    schemes = (scheme, blocks.PER_TENSOR, "mxfp4", "nvfp4")
    return lowbit.outlier_table(outlier, schemes, block).readout_html()


@builder
def block_explorer() -> FigureWidget:
    """Store a tensor with one outlier in a block format, and compare with one scale."""
    controls = {
        "scheme": dropdown("Format:", SCHEME_OPTIONS, "mxfp4"),
        "block": choice_slider("Block size:", BLOCK_SIZES, 32),
        "outlier": slider("Outlier:", 100.0, 0, 7, 0.5, log=True, readout_format=".3g"),
    }
    return LayeredFigureWidget(
        _block_axes,
        _block_marks,
        controls,
        describe=describe_block_errors,
        layout=block_layout,
        figsize=(9.0, 6.4),
        caption="128 standard normal values with one outlier of 100, stored in MXFP4 (blocks of "
        "32, circles) and in FP4 with one scale for the whole tensor (triangles): above, the "
        "relative error of each value (1 = the value became 0); below, per block. One scale "
        "sized for the outlier turns almost every other value into 0; a scale per block "
        "loses only the outlier's block.",
    )
