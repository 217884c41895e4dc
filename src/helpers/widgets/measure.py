"""Figures of notebook 11: a measurement and its fit, a machine beside the links of the course,
and the published GB200 NVL72 runs beside the model.

Static drawings (no controls: what they show is a measurement): :func:`draw_measurement`,
:func:`draw_alpha_beta`, :func:`draw_published`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import NullLocator

from .. import comm, measure, plots
from ..specs import NVL72
from ..units import si
from .comm import _log

#: The style of each link of the alpha-B chart: the systems' own for NVLink and UB.
_LINK_STYLES = (
    plots.system_style("nvl72", linestyle="none", label=None),
    plots.system_style("cm384", linestyle="none", label=None),
    {**plots.series_style(3), "linestyle": "none"},
)


def _steps(k: int) -> str:
    return f"{k} step" if k == 1 else f"{k} steps"


def draw_measurement(ax: Axes, results: measure.Results | None = None) -> None:
    """Time against message size (log-log) of each collective measured, with the fitted
    alpha-beta model through them and the crossover size alpha x B."""
    results = measure.recorded() if results is None else results
    fit = results.fit()
    sizes = np.array(sorted({p.nbytes for p in results.points}), dtype=float)
    curve = np.geomspace(sizes[0], sizes[-1], 60)
    for i, name in enumerate(results.collectives()):
        style = plots.series_style(i)
        points = results.of(name)
        ax.plot(
            [p.nbytes for p in points],
            [p.median for p in points],
            color=style["color"],
            marker=style["marker"],
            linestyle="none",
            label=f"{comm.NAMES[name]}, measured",
        )
        ax.plot(
            curve,
            fit.predict(name, curve),
            color=style["color"],
            linestyle=style["linestyle"],
            linewidth=1.8,
            label=f"model: {_steps(comm.steps(name, results.ranks))} x (alpha + chunk / B)",
        )
    ax.axvline(fit.crossover, color=plots.HIGHLIGHT, linewidth=2, label="crossover alpha x B")
    _log(ax, "x")
    _log(ax)
    ax.set_xticks(2.0 ** np.arange(0, np.log2(sizes[-1]) + 1, 4))  # 1 B, 16 B, 256 B...
    ax.set_xlim(sizes[0] / 2, sizes[-1] * 2)
    ax.xaxis.set_major_formatter(lambda x, _: si(x, "B", binary=True))
    plots.si_axis(ax.yaxis, "s")
    ax.set_xlabel("message size per rank (bytes, log scale)")
    ax.set_ylabel("time of one collective (s, log scale)")
    ax.legend(loc="upper left", fontsize=10)
    ax.set_title(
        f"{results.ranks} processes: alpha {si(fit.alpha, 's')} per step, "
        f"B {si(fit.bandwidth, 'B/s')}"
    )


def draw_alpha_beta(ax: Axes, fits: Mapping[str, measure.Fit] | None = None) -> None:
    """Latency per step against bandwidth (log-log) of each fit and of NVLink 5, UB and PCIe
    5.0 x16, with lines of equal crossover size alpha x B."""
    fits = {"the course's recorded run": measure.recorded().fit()} if fits is None else fits
    links = measure.links()
    alphas = [f.alpha for f in fits.values()] + [k.alpha.value for k in links]
    bandwidths = [f.bandwidth for f in fits.values()] + [k.bandwidth.value for k in links]
    x_low, x_high = min(alphas) / 3, max(alphas) * 12
    y_low, y_high = min(bandwidths) / 4, max(bandwidths) * 4
    xs = np.geomspace(x_low, x_high, 20)
    for cross in 2.0 ** np.arange(10, 31, 5):  # 1 KiB to 1 GiB
        ax.plot(xs, cross / xs, color=plots.GRID, linestyle=":", linewidth=1.2)
        first, last = max(x_low, cross / y_high), min(x_high, cross / y_low)
        if last > 4 * first:  # label it halfway along what shows
            at = np.sqrt(first * last)
            ax.text(
                at,
                cross / at,
                f"alpha x B = {si(cross, 'B', binary=True)}",
                fontsize=9,
                color="#555555",
                ha="center",
                va="center",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
                clip_on=True,
            )
    for link, style in zip(links, _LINK_STYLES, strict=True):
        ax.plot(link.alpha.value, link.bandwidth.value, markersize=11, **style)
        ax.annotate(
            link.name,
            (link.alpha.value, link.bandwidth.value),
            xytext=(8, -4),
            textcoords="offset points",
            fontsize=11,
        )
    for i, (label, f) in enumerate(fits.items()):
        style = plots.series_style(i if i < 3 else i + 1)
        ax.plot(
            f.alpha, f.bandwidth, color=style["color"], marker="*", markersize=16, linestyle="none"
        )
        ax.annotate(
            label,
            (f.alpha, f.bandwidth),
            xytext=(8, 6),
            textcoords="offset points",
            fontsize=11,
            fontweight="bold",
        )
    _log(ax, "x")
    _log(ax)
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.yaxis.set_minor_locator(NullLocator())
    plots.si_axis(ax.xaxis, "s")
    plots.si_axis(ax.yaxis, "B/s")
    ax.set_xlabel("alpha: latency of one step (s, log scale)")
    ax.set_ylabel("B: bandwidth per rank, one way (B/s, log scale)")
    label, last = list(fits.items())[-1]
    nvlink = links[0]
    ax.set_title(
        f"{label[0].upper()}{label[1:]}: {last.alpha / nvlink.alpha.value:.0f}x NVLink 5's "
        f"latency per step,\n1/{nvlink.bandwidth.value / last.bandwidth:.0f} of its bandwidth"
    )


def draw_published(ax: Axes) -> None:
    """All-reduce bus bandwidth against message size of the published GB200 NVL72 runs
    (markers), each beside the course's model (lines), with NVLink 5's peak and one GPU's
    network card."""
    runs = list(measure.published().values())
    lowest = min(r.sizes[0] for r in runs) / 2
    highest = max(r.sizes[-1] for r in runs) * 2
    curve = np.geomspace(lowest, highest, 50)
    peak = NVL72.chip.scale_up_bandwidth.value
    card = NVL72.chip.scale_out_bandwidth.value
    for i, run in enumerate(runs):
        style = plots.series_style(i)
        ax.plot(
            run.sizes,
            run.busbw,
            color=style["color"],
            marker=style["marker"],
            linestyle="none",
            markersize=9,
            label=run.label.removeprefix("GB200 NVL72, "),
        )
        ax.plot(
            curve,
            run.model_busbw(curve),
            color=style["color"],
            linestyle=style["linestyle"],
            linewidth=1.8,
        )
    ax.axhline(peak, color=plots.INK, linestyle="--", linewidth=1.5)
    ax.text(lowest * 1.1, peak, "NVLink 5 peak per GPU, one way", va="bottom", fontsize=11)
    ax.axhline(card, color=plots.INK, linestyle=":", linewidth=1.5)
    ax.text(lowest * 1.1, card, "one GPU's network card", va="bottom", fontsize=11)
    _log(ax, "x")
    ax.set_xlim(lowest, highest)
    ax.set_xticks(2.0 ** np.arange(np.ceil(np.log2(lowest)), np.log2(highest) + 1))
    ax.xaxis.set_major_formatter(lambda x, _: si(x, "B", binary=True))
    ax.set_ylim(0, peak * 1.12)
    plots.si_axis(ax.yaxis, "B/s")
    ax.set_xlabel("message size (bytes, log scale)")
    ax.set_ylabel("bus bandwidth (B/s)")
    ax.legend(
        title="markers: measured\nlines: model",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=11,
        title_fontsize=11,
    )
    one = runs[0]
    many = runs[-1]
    ax.set_title(
        f"One rack reaches {one.busbw.max() / peak:.0%} of NVLink 5's peak; "
        f"{many.run.racks} racks, {many.busbw.max() / peak:.0%}"
    )
