"""Widgets and figures of notebook 04: one transfer, links, collectives, and their precision.

Builders: :func:`transfer_time_explorer` (alpha and bandwidth sliders), :func:`ring_allreduce_steps`
(a step-by-step ring all-reduce on real arrays), :func:`collective_time_explorer` (a collective's
time and bus bandwidth for both systems, inside or beyond their scale-up domains). Static
drawings: :func:`draw_copper_reach`, :func:`draw_link_energy`, :func:`draw_latency_budget`,
:func:`draw_beyond_domain`, :func:`draw_reduction_error`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from matplotlib.scale import LogTransform
from matplotlib.textpath import TextPath
from matplotlib.ticker import NullLocator
from matplotlib.transforms import Affine2D, IdentityTransform

from .. import checks, comm, plots, specs
from ..specs import ARTICLE_PAIR, CM384, FIGURES, NVL72
from ..tables import NOT_PUBLISHED
from ..units import GB, KB, MB, si, times
from .base import (
    FigureWidget,
    LayeredFigureWidget,
    builder,
    dropdown,
    not_published_note,
    slider,
    systems_control,
)

US = 1e-6  # seconds per microsecond
SIZES = np.logspace(0, 10, 81)  # message sizes drawn, 1 B to 10 GB
VECTORS = np.logspace(3, 10, 57)  # collective vector sizes drawn, 1 kB to 10 GB


def _log(ax: Axes, which: str = "y") -> None:
    """A log scale without minor ticks (they cost most of a redraw)."""
    getattr(ax, f"set_{which}scale")("log")
    getattr(ax, f"{which}axis").set_minor_locator(NullLocator())


def _size_axis(ax: Axes, label: str = "message size", short: bool = False) -> None:
    _log(ax, "x")
    low, high = ax.get_xlim()
    ax.set_xticks(10.0 ** np.arange(np.ceil(np.log10(low)), np.log10(high) + 1, 2))
    ax.set_xlim(low, high)
    ax.set_xlabel(f"{label} (B, log)" if short else f"{label} (bytes, log scale)")
    plots.si_axis(ax.xaxis, "B")


# ---------------------------------------------------------------------------------------------
# One transfer
# ---------------------------------------------------------------------------------------------
def _log_span(values: np.ndarray) -> tuple[float, float]:
    """The limits autoscaling gives ``values`` on a log axis (a 5 % margin each side, computed
    as matplotlib does), set once so that a layer drawn over a kept background never rescales
    the axes."""
    log = LogTransform(10)
    low, high = log.transform([values[0], values[-1]])
    margin = 0.05 * (high - low)
    return tuple(log.inverted().transform([low - margin, high + margin]))


def draw_transfer_time(ax: Axes, alpha_us: float = 2.0, bandwidth_gbs: float = 900.0) -> None:
    """Time of one message against its size, log-log: the alpha-beta curve, its two
    asymptotes (latency alone, bandwidth alone) and the crossover size where they meet
    (:func:`_transfer_axes`, then :func:`_transfer_marks`)."""
    _transfer_axes(ax)
    _transfer_marks(ax, alpha_us, bandwidth_gbs)


def _transfer_axes(ax: Axes) -> None:
    """The kept layer of :func:`draw_transfer_time`: fixed axes, so settings can be compared."""
    ax.text(0.02, 0.95, "latency bound", transform=ax.transAxes, fontsize=12, va="top")
    ax.text(0.98, 0.05, "bandwidth bound", transform=ax.transAxes, fontsize=12, ha="right")
    ax.set_xlim(*_log_span(SIZES))
    _size_axis(ax)
    _log(ax)
    # Room below for the crossover label (alpha / 30) at the smallest alpha the slider allows
    # (0.1 µs).
    ax.set_ylim(1e-9, 10)
    ax.set_yticks(10.0 ** np.arange(-9, 2, 2))  # every other decade: half the labels to draw
    ax.set_ylabel("transfer time (s, log scale)")
    plots.si_axis(ax.yaxis, "s")


def _transfer_marks(ax: Axes, alpha_us: float, bandwidth_gbs: float) -> None:
    """The top layer of :func:`draw_transfer_time`: the curves, the crossover and the title."""
    alpha, bandwidth = alpha_us * US, bandwidth_gbs * GB
    cross = comm.crossover_bytes(alpha, bandwidth)
    ax.axvspan(SIZES[0], cross, color=plots.OKABE_ITO["sky_blue"], alpha=0.15, lw=0)
    ax.plot(
        SIZES,
        comm.transfer_time(SIZES, alpha, bandwidth),
        **plots.series_style(0),
        markevery=10,
        label="alpha + size / B",
    )
    ax.axhline(alpha, color=plots.INK, linestyle=":", linewidth=1.5, label="alpha alone")
    ax.plot(
        SIZES,
        SIZES / bandwidth,
        color=plots.INK,
        linestyle="--",
        linewidth=1.5,
        label="size / B alone",
    )
    ax.axvline(cross, color=plots.HIGHLIGHT, linewidth=2)
    ax.annotate(
        f"crossover\n{si(cross, 'B')}",
        (cross, alpha / 30),
        xytext=(8, 0),
        textcoords="offset points",
        fontsize=12,
        color=plots.INK,
    )
    ax.text(SIZES[-1], alpha * 1.6, "alpha", ha="right", va="bottom", fontsize=12)
    knee = SIZES[-1] / 300
    ax.text(
        knee,
        3 * comm.transfer_time(knee, alpha, bandwidth),
        "alpha + S / B  ",
        ha="right",
        fontsize=12,
        color=plots.series_style(0)["color"],
    )
    ax.text(cross / 20, cross / 20 / bandwidth, "  S / B", ha="left", va="top", fontsize=12)
    # A fixed title place (y=1): no search for tick labels above the axes on every redraw.
    ax.set_title(f"Below {si(cross, 'B')} a message costs about alpha; above, size / B", y=1.0)


def describe_transfer_time(alpha_us: float = 2.0, bandwidth_gbs: float = 900.0) -> str:
    """What the picture shows in words: the crossover size, and the time and achieved share of
    the bandwidth for three message sizes."""
    alpha, bandwidth = alpha_us * US, bandwidth_gbs * GB
    cross = comm.crossover_bytes(alpha, bandwidth)
    head = (
        f"<b>alpha</b> = {si(alpha, 's')}, <b>B</b> = {si(bandwidth, 'B/s')} one way: the two "
        f"terms are equal at the <b>crossover</b> alpha x B = {si(cross, 'B')}; smaller messages "
        "are latency bound, larger ones bandwidth bound.<br>"
    )
    cells = []
    for size in (KB, MB, GB):
        t = comm.transfer_time(size, alpha, bandwidth)
        share = comm.effective_bandwidth(size, alpha, bandwidth) / bandwidth
        cells.append(f"{si(size, 'B')}: {si(t, 's')} ({100 * share:.3g} % of B)")
    return head + "<b>Time (share of the bandwidth achieved)</b>: " + "; ".join(cells)


@builder
def transfer_time_explorer() -> FigureWidget:
    """Alpha and bandwidth sliders over the time of one transfer against its size."""
    nvlink = comm.link("nvlink5")
    return LayeredFigureWidget(
        _transfer_axes,
        _transfer_marks,
        {
            "alpha_us": slider(
                "alpha (µs)", round(nvlink.alpha.value / US, 2), -1, 2, 0.1, log=True
            ),
            "bandwidth_gbs": slider(
                "bandwidth B (GB/s, one way)", nvlink.bandwidth.value / GB, 0, 3, 0.1, log=True
            ),
        },
        describe=describe_transfer_time,
        lay_out_with={"alpha_us": 0.1},  # the lowest alpha shows the most time ticks
        caption="Time of one message against its size (log-log). Blue curve: alpha + size / B; "
        "dotted: alpha alone; dashed: size / B alone; orange line: the crossover size alpha x B, "
        "shaded left of it where latency dominates. Starts at NVLink 5 "
        f"({si(nvlink.bandwidth.value, 'B/s')} one way) with NCCL's per-step latency "
        f"({si(nvlink.alpha.value, 's')}). The axes stay fixed as you move the sliders.",
    )


# ---------------------------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------------------------
def draw_copper_reach(ax: Axes) -> None:
    """Passive copper reach against lane rate, beside optics' reach and the distances inside a
    rack and across the CM384's 16 racks."""
    pairs = comm.copper_reach_by_lane_rate()
    rates = [r * 8 for r, _ in pairs]
    ax.plot(
        rates, [f.value for _, f in pairs], **plots.series_style(1), label="passive copper (press)"
    )
    lane = FIGURES["b200.nvlink_lane_rate"].value * 8
    reach = np.interp(lane, rates, [f.value for _, f in pairs])
    nvlink = plots.system_style(NVL72, linestyle="none", markersize=14, label="NVLink 5 lane")
    ax.plot(lane, reach, **nvlink)
    optics = (  # (figure, label, series): the UB's module as each source names it, and scale-out
        ("link.lpo_reach", "400G LPO, 4 x 100G, single-mode (SemiAnalysis)", 0),
        ("link.sr8_reach", "400G SR8, 8 x 50G, multimode (wiring scheme)", 2),
        ("link.optics_800g_reach", "800G 2 x SR4, multimode (scale-out, NVIDIA)", 3),
    )
    for name, label, series in optics:
        style = {**plots.series_style(series), "marker": None}
        ax.axhline(FIGURES[name].value, **style, label=label)
    rack = FIGURES["link.dac_reach"]
    ax.axhspan(0.1, rack.value, color=plots.OKABE_ITO["bluish_green"], alpha=0.12, lw=0)
    ax.text(30e9, 0.45, "inside one rack", fontsize=12)
    span = FIGURES["cm384.optical_link_length"]
    ax.axhspan(span.low, span.high, color=plots.OKABE_ITO["vermillion"], alpha=0.12, lw=0)
    ax.text(90e9, span.low * 1.2, f"between the CM384's {CM384.racks.value:.0f} racks", fontsize=12)
    _log(ax, "x")
    _log(ax, "y")
    ax.set_xlim(20e9, 300e9)
    ax.set_ylim(0.3, 20000)
    ax.set_xticks(rates)
    ax.xaxis.set_minor_locator(NullLocator())
    plots.si_axis(ax.xaxis, "b/s")
    plots.si_axis(ax.yaxis, "m")
    ax.set_xlabel("lane rate (bits per second, one direction, log scale)")
    ax.set_ylabel("reach (metres, log scale)")
    ax.legend(loc="upper right", fontsize=11)
    lane_g = lane / specs.G
    racks = CM384.racks.value
    ax.set_title(
        f"At {lane_g:.0f} Gb/s per lane copper reaches about {reach:.0f} m: a rack, not {racks:.0f}"
    )


#: The system whose scale-up network each link kind is (drawn in that system's fixed colour);
#: the scale-out network belongs to neither.
LINK_SYSTEMS: dict[str, str] = {"nvlink5": NVL72.key, "ub_lpo": CM384.key}
#: The look of a bar that belongs to neither system: grey, dotted hatch.
NEUTRAL_BAR: dict[str, Any] = {"color": "#BBBBBB", "hatch": "..", "edgecolor": plots.INK}


#: Two-line names of the link kinds for the bars of :func:`draw_link_energy`.
SHORT_LINK_NAMES: dict[str, str] = {
    "nvlink5": "NVLink 5 over copper\n(GB200 NVL72)",
    "ub_lpo": "UB over 400G optics\n(CloudMatrix 384)",
    "scale_out": "scale-out RoCE / InfiniBand\n(800G optics)",
}


def _bar(system_key: str | None) -> dict[str, Any]:
    """Bar keywords: the system's fixed colour and hatch, or the neutral grey."""
    if system_key is None:
        return dict(NEUTRAL_BAR)
    return {k: v for k, v in plots.bar_style(system_key).items() if k != "label"}


def draw_link_energy(ax: Axes) -> None:
    """Energy per bit of each link kind, with the range its assumptions allow."""
    kinds = list(comm.LINKS.values())
    for i, k in enumerate(kinds):
        lo, hi = k.energy_per_bit_range
        ax.barh(i, k.energy_per_bit * 1e12, height=0.55, **_bar(LINK_SYSTEMS.get(k.key)))
        ax.plot([lo * 1e12, hi * 1e12], [i, i], color=plots.INK, marker="|", markersize=16)
        ax.annotate(
            f"{k.energy_per_bit * 1e12:.0f} pJ/bit = {si(k.power_at(), 'W', 2)} per chip",
            (hi * 1e12, i),
            xytext=(8, -5),
            textcoords="offset points",
            fontsize=12,
        )
    ax.set_yticks(range(len(kinds)), [SHORT_LINK_NAMES.get(k.key, k.name) for k in kinds])
    ax.invert_yaxis()
    ax.set_xlim(0, 90)
    ax.set_xlabel("energy per bit (pJ/bit): the chips' SerDes plus optical modules")
    ratio = comm.link("ub_lpo").energy_per_bit / comm.link("nvlink5").energy_per_bit
    ax.set_title(f"Optics cost about {times(ratio, 2)} the energy per bit of copper")
    ax.grid(axis="y", visible=False)


def draw_latency_budget(ax: Axes) -> None:
    """Where the time of one small message goes: cable and fibre delay, a switch hop, and the
    per-step latency of the collective libraries (log scale)."""
    length = FIGURES["cm384.optical_link_length"]
    rows = [  # (label, seconds, the system it belongs to: its colour, or neutral grey)
        ("1 m of copper cable (NVL72)", FIGURES["link.copper_delay_per_m"].value, NVL72.key),
        (
            f"{length.value:.0f} m of fibre (between CM384 racks)",
            length.value * FIGURES["link.fibre_delay_per_m"].value,
            CM384.key,
        ),
        ("one switch hop", FIGURES["link.switch_hop_latency"].value, None),
        (
            "crossing CM384 nodes (paper, at most)",
            FIGURES["cm384.cross_node_extra_latency"].value,
            CM384.key,
        ),
        (
            "one ring step over NVLink (NCCL)",
            FIGURES["nccl.ring_step_latency_nvlink"].value,
            NVL72.key,
        ),
        (
            "one ring step over the network (NCCL)",
            FIGURES["nccl.ring_step_latency_net"].value,
            None,
        ),
    ]
    for i, (_label, seconds, system_key) in enumerate(rows):
        ax.barh(i, seconds, height=0.55, **_bar(system_key))
        ax.annotate(
            si(seconds, "s", 2),
            (seconds, i),
            xytext=(6, -5),
            textcoords="offset points",
            fontsize=12,
        )
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    ax.invert_yaxis()
    _log(ax, "x")
    ax.set_xlim(1e-9, 1e-4)
    plots.si_axis(ax.xaxis, "s")
    ax.set_xlabel("latency (s, log scale)")
    metres = comm.fibre_metres_per_switch_hop()
    ax.set_title(f"One switch hop = {metres:.0f} m of fibre;\na library's step = several hops")
    ax.grid(axis="y", visible=False)


# ---------------------------------------------------------------------------------------------
# A ring all-reduce, step by step
# ---------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def ring_states(ranks: int) -> tuple[np.ndarray, np.ndarray, list[comm.Step]]:
    """A ring all-reduce on ``ranks`` ranks of ``ranks`` one-element chunks, rank ``r`` holding
    ``r + 1`` everywhere: every rank's vector after each step (shape (steps + 1, n, n)), how many
    ranks' numbers each value includes (same shape), and the step log."""
    values = [np.full(ranks, r + 1, dtype=np.int64) for r in range(ranks)]
    masks = [np.full(ranks, 1 << r, dtype=np.int64) for r in range(ranks)]
    held, seen = [np.stack(values)], [np.stack(masks)]
    _, log = comm.simulate("ring_allreduce", values, on_step=lambda i, t, h: held.append(h.copy()))
    comm.simulate("ring_allreduce", masks, on_step=lambda i, t, h: seen.append(h.copy()))
    counts = np.vectorize(lambda m: bin(int(m)).count("1"))(np.stack(seen))
    return np.stack(held), counts, log


def ring_chunk(src: int, step: int, ranks: int) -> int:
    """The chunk rank ``src`` sends in step ``step`` (from 0) of the ring all-reduce of
    :func:`helpers.comm.simulate`: chunk ``src - step - 1`` while reducing, then ``src - k`` in
    the ``k``-th step of the all-gather (modulo ``ranks``)."""
    if step < ranks - 1:
        return (src - step - 1) % ranks
    return (src - (step - ranks + 1)) % ranks


@functools.lru_cache(maxsize=256)
def _glyphs(text: str, size: float, bold: bool, ha: str) -> Path:
    """``text`` as one outline path in points (size ``size``), placed so that (0, 0) is its
    vertical centre and its left, centre or right edge (``ha``)."""
    path = TextPath((0, 0), text, size=size, prop=FontProperties(weight="bold" if bold else None))
    box = path.get_extents()
    dx = {"left": -box.x0, "center": -(box.x0 + box.x1) / 2, "right": -box.x1}[ha]
    return Affine2D().translate(dx, -(box.y0 + box.y1) / 2).transform_path(path)


def _text_collection(
    ax: Axes,
    items: list[tuple[float, float, str]],
    colors: Any,
    *,
    size: float = 14,
    bold: bool = False,
    ha: str = "center",
) -> None:
    """Many short texts at data positions ``(x, y, text)`` drawn as one collection of outlines
    (as scatter draws markers): one artist instead of one per text, so a redraw stays fast."""
    texts = PathCollection(
        [_glyphs(t, size, bold, ha) for _, _, t in items],
        sizes=np.ones(len(items)),  # 1 point = dpi / 72 pixels, as for scatter markers
        offsets=[(x, y) for x, y, _ in items],
        offset_transform=ax.transData,
        transform=IdentityTransform(),  # paths in pixels (after ``sizes``), offsets in data
        facecolors=colors,
        edgecolors="none",
        clip_on=False,
    )
    ax.add_collection(texts, autolim=False)


def draw_ring_step(ax: Axes, ranks: int = 4, step: int = 0) -> None:
    """What every rank holds after ``step`` steps of a ring all-reduce (rows: ranks, columns:
    chunks; the number is the partial sum, the shade how many ranks it includes), with arrows
    for the messages of the next step."""
    held, counts, log = ring_states(ranks)
    total = len(log)
    step = int(min(max(step, 0), total))
    ax.imshow(counts[step], cmap="Blues", vmin=0, vmax=ranks * 1.15, aspect="auto")
    # The numbered cells as one collection (64 text artists cost about 100 ms a redraw).
    rows, cols = np.divmod(np.arange(ranks * ranks), ranks)
    dark = counts[step].reshape(-1) > 0.6 * ranks
    _text_collection(
        ax,
        [(c, r, str(v)) for r, c, v in zip(rows, cols, held[step].reshape(-1), strict=True)],
        np.where(dark[:, None], np.array([[1.0, 1.0, 1.0, 1.0]]), to_rgba(plots.INK)),
        bold=True,
    )
    if step < total:
        # One collection for the boxes and one quiver for the arrows: cheap to redraw.
        boxes, starts, ends = [], [], []
        for src, dst, _ in log[step]:
            c = ring_chunk(src, step, ranks)
            boxes.append(
                [
                    (c - 0.5, src - 0.5),
                    (c + 0.5, src - 0.5),
                    (c + 0.5, src + 0.5),
                    (c - 0.5, src + 0.5),
                ]
            )
            x = c + 0.25  # inside the chunk's column, right of its number
            if dst > src:
                starts.append((x, src + 0.15))
                ends.append((x, dst - 0.15))
            else:  # the last rank's message wraps round to rank 0: out at the bottom, in at the top
                starts += [(x, src + 0.15), (x, -0.95)]
                ends += [(x, ranks - 0.05), (x, -0.15)]
                # Labels on the column's own side of the arrow (left of it), so they read as
                # belonging to this chunk's column, not to the next one.
                side = {"x": x - 0.08, "ha": "right"} if c > 0 else {"x": x + 0.08}
                ax.text(y=ranks - 0.2, s="to rank 0", fontsize=11, va="center", **side)
                ax.text(y=-0.8, s=f"from rank {src}", fontsize=11, va="center", **side)
        ax.add_collection(
            PolyCollection(boxes, facecolors="none", edgecolors=plots.HIGHLIGHT, linewidths=3)
        )
        (x0, y0), (x1, y1) = np.array(starts).T, np.array(ends).T
        ax.quiver(
            x0,
            y0,
            x1 - x0,
            y1 - y0,
            angles="xy",
            scale_units="xy",
            scale=1,
            color=plots.HIGHLIGHT,
            width=0.006,
            headwidth=4,
            headlength=5,
        )
    # Row and column names: two more collections, much cheaper to redraw than tick labels.
    ax.set_xticks([])
    ax.set_yticks([])
    ink = to_rgba(plots.INK)
    names = [(-0.6, i, f"rank {i}") for i in range(ranks)] + [(-0.6, ranks + 0.35, "chunk")]
    _text_collection(ax, names, ink, size=12, ha="right")
    _text_collection(ax, [(i, ranks + 0.35, str(i)) for i in range(ranks)], ink, size=12)
    ax.set_xlim(-1.0 - 0.06 * ranks, ranks - 0.5)  # room inside the axes for the row names
    ax.set_ylim(ranks + 0.6, -1)
    ax.grid(False)
    ax.spines[:].set_visible(False)
    ax.set_title(f"Step {step} of {total}: {_ring_phase(ranks, step, total)}", fontsize=14, y=1.0)


def _ring_phase(ranks: int, step: int, total: int) -> str:
    """What the ring all-reduce is doing after ``step`` of its ``total`` steps, in words."""
    if step == 0:
        return "every rank starts with its own number"
    if step < ranks - 1:
        return "reduce-scatter, adding what arrives"
    if step == ranks - 1:
        return "each rank owns one complete sum"
    if step < total:
        return "all-gather, copying what arrives"
    return f"done, every rank holds {ranks * (ranks + 1) // 2}"


def describe_ring_step(ranks: int = 4, step: int = 0) -> str:
    """What the picture shows in words: what every rank holds now, the next step's messages,
    and what each rank sends in all."""
    held, counts, log = ring_states(ranks)
    total = len(log)
    step = int(min(max(step, 0), total))
    if step == total:
        moves = "none: the all-reduce is complete"
    else:
        moves = "; ".join(
            f"rank {s} sends chunk {ring_chunk(s, step, ranks)} to rank {d}"
            for s, d, _ in log[step]
        )
    holds = "; ".join(f"rank {r}: {', '.join(str(v) for v in held[step, r])}" for r in range(ranks))
    complete = int((counts[step] == ranks).sum())
    return (
        f"<b>Step {step} of {total}</b> ({_ring_phase(ranks, step, total)}). "
        f"<b>Each rank holds</b> (chunks 0 to {ranks - 1}): {holds}; {complete} of "
        f"{ranks * ranks} cells hold the full sum.<br>"
        f"<b>Next messages</b> ({'adds' if step < ranks - 1 else 'copies'}): {moves}.<br>"
        f"<b>Each rank sends</b> 1 chunk per step, {total} steps: 2(n-1)/n = "
        f"{2 * (ranks - 1) / ranks:.3g} times its vector in all, close to 2 for any n."
    )


@builder
def ring_allreduce_steps() -> FigureWidget:
    """Step through a ring all-reduce on real arrays: a step slider with a Play button."""
    ranks = slider("ranks", 4, 4, 8)
    step = slider("step", 0, 0, comm.steps("ring_allreduce", 4))
    play = w.Play(value=0, min=0, max=step.max, interval=900, description="play")
    w.jslink((play, "value"), (step, "value"))
    built: dict[str, FigureWidget] = {}

    def fit_steps(change: Any) -> None:
        # Registered before the widget's own observer, so it runs first: the step range follows
        # the rank count without a redraw of its own, then the widget redraws once.
        widget = built["widget"]
        last = comm.steps("ring_allreduce", change["new"])
        with widget.hold_render(redraw=False):
            play.max = last
            step.max = last  # clamps the step if it is past the new end

    ranks.observe(fit_steps, names="value")
    widget = FigureWidget(
        draw_ring_step,
        {"ranks": ranks, "step": step},
        describe=describe_ring_step,
        figsize=(8.0, 5.5),
        caption="A ring all-reduce, simulated on real arrays (helpers.comm.simulate). Rows are "
        "ranks, columns chunks; each rank starts with its own number (rank r holds r + 1). The "
        "numbers are partial sums; darker cells include more ranks. Orange boxes and arrows: "
        "the chunks sent in the next step, each to the rank below (the last wraps to rank 0).",
    )
    built["widget"] = widget
    box = widget.children[0]
    box.children = (ranks, play, step)
    widget.play = play
    return widget


# ---------------------------------------------------------------------------------------------
# Collectives for both systems
# ---------------------------------------------------------------------------------------------
def chip_counts(systems: Any = None) -> list[int]:
    """Collective sizes offered: a few small ones, one and two scale-up domains of each of
    ``systems`` (the article's two by default), and four of the largest."""
    sizes = [s.domain_size for s in checks.systems("systems", systems)]
    return sorted({8, 32, *sizes, *(2 * d for d in sizes), 4 * max(sizes)})


def _domains(chips: int, systems: Any) -> tuple[list[comm.Domain], list[specs.System]]:
    """The domains of ``chips`` chips of each of ``systems``, and the systems whose links are
    not published (no curve, a note instead)."""
    found, missing = [], []
    for system in checks.systems("systems", systems):
        try:
            found.append(comm.domain(system, chips))
        except ValueError:
            missing.append(system)
    return found, missing


#: What the collective widget plots against the vector size.
VIEWS: dict[str, str] = {"time": "time", "busbw": "bus bandwidth"}


@functools.lru_cache(maxsize=128)
def _collective_curve(system_key: str, chips: int, collective: str) -> tuple[float, ...]:
    """Seconds of ``collective`` over ``chips`` chips of a system for every size of
    :data:`VECTORS` (cached: beyond a domain each size is a two-level sum of phases)."""
    return tuple(np.asarray(comm.domain(system_key, chips).time(collective, VECTORS)).tolist())


def draw_collective_time(
    ax: Axes,
    collective: str = "ring_allreduce",
    chips: int = NVL72.n,
    view: str = "time",
    systems: Any = None,
) -> None:
    """Time (``view="time"``) or bus bandwidth (``view="busbw"``) of ``collective`` over
    ``chips`` chips of each of ``systems`` (the article's two by default) against the vector's
    size; beyond a system's scale-up domain the collective runs in two levels
    (:meth:`helpers.comm.Domain.time`). The bus bandwidth is drawn beside each chip's scale-up
    peak (thin dots) and the share of peak a measured NCCL all-reduce reached (thick dots). A
    system whose links are not published gets a note, not a curve. :func:`_collective_axes`,
    then :func:`_collective_curves`."""
    _collective_axes(ax, view)
    _collective_curves(ax, collective, chips, view, systems)


def _collective_axes(ax: Axes, view: str = "time") -> None:
    """The kept layer of :func:`draw_collective_time`: the axes of ``view``, fixed."""
    if view not in VIEWS:
        raise ValueError(f"view={view!r} is not one of {list(VIEWS)}")
    ax.set_xlim(*_log_span(VECTORS))
    _size_axis(ax, "vector size S")
    _log(ax)
    if view == "time":
        ax.set_yticks(10.0 ** np.arange(-6, 1, 2))
        ax.set_ylim(1e-6, 10)
        plots.si_axis(ax.yaxis, "s")
        ax.set_ylabel("time (s, log scale)")
    else:
        ax.set_ylim(1e8, 2e12)
        plots.si_axis(ax.yaxis, "B/s")
        ax.set_ylabel("bus bandwidth (B/s, log scale)")


def _collective_curves(
    ax: Axes, collective: str, chips: int, view: str, systems: Any = None
) -> None:
    """The top layer of :func:`draw_collective_time`: each system's curves, their legend, the
    note on systems without published links, and the title."""
    measured = comm.measured_busbw_fraction()
    finding = []
    domains, missing = _domains(chips, systems)
    for d in domains:
        system = d.system
        style = plots.system_style(system, markevery=14, label=d.label)
        t = np.array(_collective_curve(system.key, chips, collective))
        finding.append((system.short, float(d.time(collective, GB))))
        if view == "time":
            ax.plot(VECTORS, t, **style)
            continue
        ax.plot(VECTORS, comm.busbw(collective, chips, VECTORS, t), **style)
        peak = d.scale_up.bandwidth.value  # the chip's fastest link, inside or beyond the domain
        ax.axhline(peak, color=style["color"], linestyle=":", linewidth=1.5)
        ax.axhline(measured * peak, color=style["color"], linestyle=(0, (1, 3)), lw=3)
    ax.legend(loc="upper left" if view == "time" else "lower right", fontsize=12)
    not_published_note(ax, missing, "links")
    ax.set_title(_collective_title(collective, chips, finding), y=1.0)  # fixed: no search


def _collective_title(collective: str, chips: int, finding: list[tuple[str, float]]) -> str:
    """The finding: which system runs a 1 GB collective fastest, and by how much."""
    head = f"1 GB {_short_name(collective)} on {chips} chips"
    if len(finding) < 2:
        return f"{head}: {finding[0][0] if finding else 'no system with published links'}"
    ranked = sorted(finding, key=lambda pair: pair[1])
    (fast, t_fast), (slow, t_slow) = ranked[0], ranked[-1]
    ratio = times(t_slow / t_fast, 2)
    than = f" than {slow}" if len(finding) > 2 else ""
    return f"{head}: {fast} is {ratio} faster{than}"


def _short_name(collective: str) -> str:
    """ "ring all-reduce", "all-to-all": the collective's name without its algorithm."""
    return comm.NAMES[collective].split(" (")[0]


def _phase_text(p: comm.Phase) -> str:
    """One phase in words: what, over how many chips, its steps and their alpha and bandwidth."""
    alpha = p.link.alpha
    assumed = f" (an assumption, {si(alpha.low, 's')}-{si(alpha.high, 's')})"
    note = assumed if alpha.kind == "assumption" and alpha.low is not None else ""
    return (
        f"{comm.NAMES[p.collective].split(' (')[0]} of {si(p.nbytes, 'B')} over {p.ranks} chips"
        f"{', one per domain' if p.level == 'outer' else ''}: "
        f"{comm.steps(p.collective, p.ranks)} steps of alpha = {si(alpha.value, 's')}{note}, "
        f"{si(p.link.bandwidth.value, 'B/s')} per chip, {si(p.seconds, 's')}"
    )


def describe_collective_time(
    collective: str = "ring_allreduce",
    chips: int = NVL72.n,
    view: str = "time",
    systems: Any = None,
) -> str:
    """Where each of ``systems`` runs the collective for a 1 GB vector: inside its scale-up
    domain, or in two levels beyond it (each phase with its steps, alpha and bandwidth)."""
    rows = []
    domains, missing = _domains(chips, systems)
    for d in domains:
        system = d.system
        phases = d.phases(collective, GB)
        head = f"<b>{system.short}</b>: 1 GB in {si(d.time(collective, GB), 's')}"
        if d.inside:
            rows.append(f"{head}, inside its scale-up domain: {_phase_text(phases[0])}.")
            continue
        where = {"inner": "inside each domain", "outer": "across domains over network cards"}
        steps = "; ".join(f"{where[p.level]}, {_phase_text(p)}" for p in phases)
        rows.append(f"{head}, in two levels over {d.split}: {steps}.")
    rows += [
        f"<b>{s.short}</b>: its scale-up link or latency is {NOT_PUBLISHED}; no curve."
        for s in missing
    ]
    if view == "busbw":
        measured = comm.measured_busbw_fraction()
        rows.append(
            f"Thin dotted lines: each chip's scale-up peak; thick dotted lines: {measured:.0%} "
            "of it, the share NCCL reached in a measured H100 NVLink all-reduce (jax-ml scaling "
            "book)."
        )
    return "<br>".join(rows)


def draw_beyond_domain(axes: Any, chips: int = CM384.n) -> None:
    """Two panels over ``chips`` chips of each system: a ring all-reduce (left) and an
    all-to-all (right), time against vector size."""
    for ax, collective in zip(axes, ("ring_allreduce", "all_to_all"), strict=True):
        draw_collective_time(ax, collective, chips)
        ax.legend(loc="upper left", fontsize=10)
        # The panel's title: the same finding, shorter ("All-to-all, 1 GB: CM384 5.4x faster").
        fast, slow = sorted(
            ARTICLE_PAIR.systems, key=lambda s: comm.domain(s, chips).time(collective, GB)
        )
        ratio = comm.domain(slow, chips).time(collective, GB) / comm.domain(fast, chips).time(
            collective, GB
        )
        name = _short_name(collective)
        ax.set_title(f"{name[0].upper()}{name[1:]}, 1 GB: {fast.short} {times(ratio, 2)} faster")


@builder
def collective_time_explorer(systems: Sequence[specs.System | str] | None = None) -> FigureWidget:
    """A collective's time and bus bandwidth against size for ``systems`` (the article's two by
    default), for a chip count inside or beyond each system's scale-up domain; when the
    registry holds more systems, a "Systems:" list adds them."""
    shown = [s.key for s in checks.systems("systems", systems)]
    controls: dict[str, Any] = {
        "collective": dropdown(
            "collective:", [(comm.NAMES[c], c) for c in comm.COLLECTIVES], "ring_allreduce"
        ),
        "chips": dropdown("chips:", chip_counts(shown), NVL72.n),
        "view": dropdown("show:", [(v, k) for k, v in VIEWS.items()], "time"),
    }
    adder = systems_control(shown)
    if adder is not None:
        controls["systems"] = adder
    return LayeredFigureWidget(
        _collective_axes,
        _collective_curves,
        controls,
        fixed={"systems": tuple(shown)} if adder is None else None,
        describe=describe_collective_time,
        caption="Time of the chosen collective against the vector size for CM384 (vermillion, "
        "solid, circles) and NVL72 (green, dashed, squares), each with the chosen number of "
        "chips. Beyond a system's own chip count the collective runs in two levels: inside each "
        "scale-up domain over its fast links, across domains over each chip's network card. "
        "'show: bus bandwidth' plots the bus bandwidth instead, beside each chip's scale-up peak "
        "and the share of peak a measured NCCL all-reduce reached.",
        lay_out_with={"view": "busbw"},  # the view with the widest tick labels
        background_keys=("view",),
        prerender=True,
    )


# ---------------------------------------------------------------------------------------------
# Precision meets communication
# ---------------------------------------------------------------------------------------------
#: The ways of reducing drawn (the rank-order sum lies under the ring: see comm.error_table).
PLOTTED_REDUCTIONS = ("fp32_ring", "bf16_ring", "bf16_tree", "fp32_then_bf16")


def error_ranks() -> tuple[int, ...]:
    """Rank counts of the precision figure: powers of two up to the CM384's chip count."""
    return (*(2**k for k in range(1, CM384.n.bit_length()) if 2**k < CM384.n), CM384.n)


def draw_reduction_error(
    ax: Axes, ranks: tuple[int, ...] | None = None, elements: int = 2048
) -> None:
    """Relative error of an all-reduce against the number of ranks, for each way of reducing
    (:data:`PLOTTED_REDUCTIONS`), log-log. A log axis has no 0: an exact result (error 0) is
    drawn as a hollow marker on a line of its own at the bottom, with the tick "0 (exact)"."""
    ranks = error_ranks() if ranks is None else tuple(ranks)
    errors = comm.error_by_ranks(ranks, PLOTTED_REDUCTIONS, elements)
    floor = 1e-12  # where an exact result (error 0) is drawn, below the lowest decade shown
    exact_drawn = False
    for i, method in enumerate(PLOTTED_REDUCTIONS):
        style = plots.series_style(i)
        exact = errors[method] == 0
        ax.plot(
            ranks, np.where(exact, np.nan, errors[method]), **style, label=comm.REDUCTIONS[method]
        )
        if exact.any():
            at = np.asarray(ranks)[exact]
            ax.plot(
                at,
                np.full(at.size, floor),
                linestyle="none",
                marker=style["marker"],
                markersize=10,
                markerfacecolor="white",
                markeredgecolor=style["color"],
                markeredgewidth=2,
            )
            exact_drawn = True
    ax.set_xscale("log", base=2)
    _log(ax)
    ax.set_xticks(ranks, [str(n) for n in ranks])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_ylim(floor * 0.5, 0.1)
    decades = 10.0 ** np.arange(-10, -1, 2)
    ax.set_yticks(decades, [f"$10^{{{k}}}$" for k in range(-10, -1, 2)])
    if exact_drawn:  # a log axis has no 0: exact results get a tick and a line of their own
        ax.set_yticks(
            [floor, *decades], ["0 (exact)", *(t.get_text() for t in ax.get_yticklabels())]
        )
        ax.axhline(floor, color=plots.GRID, linestyle=":", linewidth=1.2, zorder=0)
    ax.set_xlabel("ranks in the all-reduce (log scale)")
    ax.set_ylabel("relative error of the result (log scale)")
    ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.63), fontsize=11)
    ring, tree = errors["bf16_ring"][-1], errors["bf16_tree"][-1]
    ax.set_title(f"BF16 ring: {ring:.1%} error at {ranks[-1]} ranks; a tree: {tree:.1%}")


# ---------------------------------------------------------------------------------------------
# The static figures of notebook 04, with captions computed from the figures
# ---------------------------------------------------------------------------------------------
def copper_reach_picture() -> plots.Picture:
    """:func:`draw_copper_reach` with its caption."""
    span = FIGURES["cm384.optical_link_length"]
    return plots.show(
        draw_copper_reach,
        "Passive copper reach against lane rate (orange squares, industry press), the NVLink 5 "
        "lane (green square), and the reach of optical modules: the 400G LPO SemiAnalysis names "
        "for the UB (single-mode fibre, LPO MSA), the 400G SR8 the CM384 wiring scheme names "
        "(multimode, IEEE 802.3cm) and NVIDIA's 800G scale-out module (multimode). Shaded: the "
        f"distances inside one rack and between the CM384's {CM384.racks.value:.0f} racks (an "
        f"assumption of {si(span.low, 'm')}-{si(span.high, 'm')}).",
    )


def link_energy_picture() -> plots.Picture:
    """:func:`draw_link_energy` with its caption."""
    serdes = FIGURES["link.serdes_energy_per_bit"]
    return plots.show(
        draw_link_energy,
        "Energy per bit of each link kind: the chips' SerDes (an assumption, "
        f"{serdes.low * 1e12:.0f}-{serdes.high * 1e12:.0f} pJ/bit) plus two optical modules "
        "for fibre links (one at each end of the cable), from the modules' power over their "
        "rate. Whiskers: the range the assumptions allow. Label: the power one chip spends "
        "sending at full rate.",
    )


def latency_budget_picture() -> plots.Picture:
    """:func:`draw_latency_budget` with its caption."""
    return plots.show(
        draw_latency_budget,
        "Latencies on a log scale: cable and fibre delay (physics and an assumption), a switch "
        "hop (an assumption), the CM384 paper's bound for crossing nodes, and NCCL's per-step "
        "latency over NVLink and over the network.",
    )


def beyond_domain_picture(chips: int = CM384.n) -> plots.Picture:
    """:func:`draw_beyond_domain` over ``chips`` chips, with its caption."""
    d = comm.domain(NVL72, chips)
    card = NVL72.chip.scale_out_bandwidth.value * specs.BITS_PER_BYTE
    return plots.show(
        draw_beyond_domain,
        f"A ring all-reduce (left) and an all-to-all (right) over {chips} chips against the "
        f"vector size: one CM384 (vermillion, solid), or NVL72 racks ({d.split}) in two levels, "
        f"NVLink inside each rack and each GPU's {si(card, 'b/s')} card between racks (green, "
        "dashed). Each panel's title says which finishes a 1 GB vector first.",
        layout=lambda fig: fig.subplots(1, 2),
        figsize=(11, 5),
        chips=chips,
    )


def reduction_error_picture() -> plots.Picture:
    """:func:`draw_reduction_error` with its caption."""
    return plots.show(
        draw_reduction_error,
        "Relative error of an all-reduced gradient (values around 1) against the number of "
        "ranks, simulated with helpers.comm.simulate: FP32 ring, BF16 ring and tree (rounded "
        "after every addition), and an FP32 all-reduce whose result is rounded to BF16 once. A "
        "log axis has no 0: exact results (error 0, FP32 on the fewest ranks) are hollow markers "
        "on the bottom line.",
    )
