"""Widgets and figures of notebook 06: Amdahl and Gustafson, the step-time model of both
systems, scaling curves, and the expert all-to-all inside and across scale-up domains."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from .. import checks, plots, scaling, specs
from ..scaling import COMM_NAMES, PARTS, Parallelism, StepTime
from ..specs import ARTICLE_PAIR, CM384, NVL72
from ..tables import NOT_PUBLISHED
from ..units import percent, si, times
from .base import (
    FigureWidget,
    builder,
    choice_slider,
    dropdown,
    not_published_note,
    slider,
    systems_control,
)
from .compute import LABEL_BOX, label_bar
from .retained import retain, retained

_PLAIN = FuncFormatter(lambda v, _pos: f"{v:,.0f}")
#: Chip counts the Amdahl figure spans (powers of two), and the systems' sizes marked on it.
AMDAHL_CHIPS = 2.0 ** np.arange(0, 15)
#: The Amdahl widget's starting serial fraction.
AMDAHL_SERIAL = scaling.EXAMPLE_SERIAL
#: Labels, colours and hatches of the parts of a step (colour and hatch: never colour alone).
PART_LABELS: dict[str, str] = {
    "compute": "compute",
    "bubble": "pipeline bubble",
    **{k: "exposed " + v.split(" (")[0] for k, v in COMM_NAMES.items()},
}
#: Line hatches only: dotted and circled ones take several times longer to draw.
_HATCHES = ("", "//", "\\\\", "||", "--", "xx")
PART_STYLES: dict[str, dict] = {
    part: {
        "color": plots.series_style(i)["color"] if i else "#BBBBBB",
        "hatch": _HATCHES[i],
        # The hatch takes the edge colour: white on the black part, or its lines vanish.
        "edgecolor": "white" if plots.series_style(i)["color"] == plots.INK else plots.INK,
    }
    for i, part in enumerate(PARTS)
}
#: Positions the parallelism sliders offer: powers of two and three times them, so that a job
#: can fill a CM384 (384 = 3 x 128) or a whole number of NVL72 racks.
DP_CHOICES = (1, 2, 4, 8, 9, 16, 18, 24, 32, 36, 48, 72, 96, 128, 144, 192, 288, 384)
TP_CHOICES = (1, 2, 4, 8, 16, 32, 64)
PP_CHOICES = (1, 2, 4, 8, 16)
EP_CHOICES = (1, 2, 4, 8, 9, 12, 16, 18, 24, 32, 36, 48, 64, 72, 96, 128, 192, 256)
MB_CHOICES = (1, 2, 4, 8, 16, 32)
#: Share of the tallest bar below which a part of a step is too thin to see (and to list).
VISIBLE = 0.005
#: The step widget's starting split (DeepSeek-V3 on 384 chips, experts over 96 of them).
DEFAULT_SPLIT = scaling.EXAMPLE_SPLIT


def model_dropdown(value: str = "deepseek_v3") -> w.Dropdown:
    """A choice of the course's models (:data:`helpers.specs.MODELS`)."""
    return dropdown("model:", [(m.name, m.key) for m in specs.MODELS.values()], value)


#: The most communication the overlap slider lets hide behind compute.
OVERLAP_MAX = 0.9


def overlap_slider() -> w.FloatSlider:
    """The share of communication that may hide behind compute, 0-90 %."""
    start = specs.FIGURES["course.comm_overlap"].value
    return slider("overlap:", start, 0, OVERLAP_MAX, 0.1, readout_format=".0%")


# ---------------------------------------------------------------------------------------------
# Amdahl and Gustafson
# ---------------------------------------------------------------------------------------------
def draw_amdahl(ax: Axes, serial: float = AMDAHL_SERIAL, chips: float = CM384.n) -> None:
    """Speedup against chips for a serial fraction ``serial``: Amdahl (fixed job) and
    Gustafson (job grows with the chips), beside perfect scaling; ``chips`` is marked."""
    n = AMDAHL_CHIPS
    ax.plot(n, n, color=plots.GRID, linewidth=2, linestyle=":", label="perfect: n")
    curves = [
        ax.plot(n, n, label=name, **(plots.series_style(i) | {"markevery": 2}))[0]
        for i, name in enumerate(("Gustafson (job grows)", "Amdahl (fixed job)"))
    ]
    limit = ax.axhline(1, color=plots.series_style(1)["color"], linewidth=1.2, linestyle="--")
    limit_text = ax.annotate(
        "",
        (1.0, 1.0),
        xycoords=("axes fraction", "data"),
        xytext=(-4, 4),
        textcoords="offset points",
        ha="right",
        fontsize=11,
    )
    marker = ax.axvline(1, color=plots.INK, linewidth=1.2, linestyle=(0, (4, 3)))
    stars = ax.plot(
        [1, 1],
        [1, 1],
        linestyle="none",
        marker="*",
        markersize=15,
        color=plots.HIGHLIGHT,
        markeredgecolor=plots.INK,
    )[0]
    for s in ARTICLE_PAIR.systems:
        ax.annotate(
            f"{s.short}: {s.n}",
            (s.n, 1),
            xytext=(3, 4),
            textcoords="offset points",
            fontsize=10,
            color=plots.system_style(s)["color"],
            fontweight="bold",
        )
    ax.set_xscale("log", base=2)
    ax.set_yscale("log", base=2)
    ticks = [1, 16, 256, 4096]
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.set_xlim(1, n[-1])
    ax.set_ylim(1, n[-1])
    ax.xaxis.set_major_formatter(_PLAIN)
    ax.yaxis.set_major_formatter(_PLAIN)
    ax.minorticks_off()
    ax.set_xlabel("chips n (log scale)")
    ax.set_ylabel("speedup (log scale)")
    ax.legend(loc="upper left", fontsize=11)
    retain(
        ax, "amdahl", curves=curves, limit=limit, limit_text=limit_text, marker=marker, stars=stars
    )
    update_amdahl(ax, serial, chips)


def update_amdahl(ax: Axes, serial: float = AMDAHL_SERIAL, chips: float = CM384.n) -> bool:
    """Redraw :func:`draw_amdahl` in place; False when it is not drawn there."""
    drawn = retained(ax, "amdahl")
    if drawn is None:
        return False
    n = AMDAHL_CHIPS
    gustafson, amdahl = drawn["curves"]
    gustafson.set_ydata([scaling.gustafson_speedup(x, serial) for x in n])
    amdahl.set_ydata([scaling.amdahl_speedup(x, serial) for x in n])
    limit = scaling.amdahl_limit(serial)
    shown = math.isfinite(limit)
    drawn["limit"].set_visible(shown)
    drawn["limit_text"].set_visible(shown)
    if shown:
        drawn["limit"].set_ydata([limit, limit])
        drawn["limit_text"].xy = (1.0, limit)
        drawn["limit_text"].set_text(f"Amdahl's limit 1/s = {limit:,.0f}")
    a, g = scaling.amdahl_speedup(chips, serial), scaling.gustafson_speedup(chips, serial)
    drawn["marker"].set_xdata([chips, chips])
    drawn["stars"].set_data([chips, chips], [a, g])
    ax.set_title(
        f"Serial {percent(serial, 2)}: {chips:,.0f} chips give {a:,.3g}x (Amdahl), "
        f"{g:,.4g}x (Gustafson)",
        fontsize=14,
        y=1.0,
    )
    return "moved"  # the axes are fixed


def moving_amdahl(ax: Axes) -> list:
    """What :func:`update_amdahl` moves: the two laws, the limit, the chosen chips, the title."""
    drawn = retained(ax, "amdahl")
    if drawn is None:
        return [ax.title]
    keys = ("limit", "limit_text", "marker", "stars")
    return [*drawn["curves"], *(drawn[k] for k in keys), ax.title]


def describe_amdahl(serial: float = AMDAHL_SERIAL, chips: float = CM384.n) -> str:
    """The numbers of :func:`draw_amdahl`: both speedups at the chosen chips and at each
    system's size, as a share of perfect scaling, and Amdahl's limit."""
    limit = scaling.amdahl_limit(serial)
    cap = "none (no serial part)" if not math.isfinite(limit) else f"{limit:,.3g}x"
    lines = [f"Serial fraction {percent(serial, 2)}: Amdahl's limit 1/s = {cap}."]
    sizes = [(f"{chips:,.0f} chips (the star)", chips)]
    sizes += [(f"one {s.short} ({s.n} chips)", s.n) for s in ARTICLE_PAIR.systems]
    for name, n in sizes:
        a, g = scaling.amdahl_speedup(n, serial), scaling.gustafson_speedup(n, serial)
        lines.append(
            f"<b>{name}</b>: Amdahl {a:,.3g}x ({percent(a / n)} of perfect), Gustafson "
            f"{g:,.4g}x ({percent(g / n)} of perfect)"
        )
    return "<br>".join(lines)


@builder
def amdahl_explorer() -> FigureWidget:
    """Speedup against chips for a chosen serial fraction, Amdahl beside Gustafson."""
    return FigureWidget(
        draw_amdahl,
        {
            "serial": slider(
                "serial fraction s:", AMDAHL_SERIAL, 0.0, 0.1, 0.001, readout_format=".1%"
            ),
            "chips": slider("chips n:", CM384.n, 0, 14, 1, log=True, base=2, readout_format=",.0f"),
        },
        describe=describe_amdahl,
        update=update_amdahl,
        moving=moving_amdahl,
        caption="Speedup against the number of chips, both axes log scale: Amdahl's law for a "
        "fixed job (orange, dashed) levels off at 1/s; Gustafson's law (blue, solid), where the "
        "job grows with the chips, stays close to perfect scaling (grey dots). The star marks "
        "the chosen chip count; the systems' sizes are marked at the bottom. The readout gives "
        "both speedups at the star and at each system's size.",
    )


# ---------------------------------------------------------------------------------------------
# The step time of both systems
# ---------------------------------------------------------------------------------------------
def split_steps(
    model_key: str = "deepseek_v3",
    dp: int = DEFAULT_SPLIT.dp,
    tp: int = DEFAULT_SPLIT.tp,
    pp: int = DEFAULT_SPLIT.pp,
    ep: int = DEFAULT_SPLIT.ep,
    microbatches: int = DEFAULT_SPLIT.microbatches,
    overlap: float | None = None,
    systems: Any = None,
) -> list[StepTime]:
    """The step of ``model_key`` split DP x TP x PP (EP, micro-batches) on each of ``systems``
    (the article's two by default) whose figures are published, with ``overlap`` of the
    communication hidden (the course's default when ``None``).

    Raises:
        ValueError: from :class:`helpers.scaling.Parallelism` or :func:`helpers.scaling.
            step_time`, naming what makes the split impossible.
    """
    return _split(model_key, dp, tp, pp, ep, microbatches, overlap, systems)[0]


def _split(
    model_key: str,
    dp: int,
    tp: int,
    pp: int,
    ep: int,
    microbatches: int,
    overlap: float | None,
    systems: Any,
) -> tuple[list[StepTime], list[specs.System]]:
    """:func:`split_steps`, and the systems left out because a figure is not published."""
    par = Parallelism(dp, tp, pp, ep, microbatches)
    model = specs.MODELS[model_key]
    steps, missing = [], []
    for system in checks.systems("systems", systems):
        try:
            steps.append(scaling.step_time(system, model, par, overlap=overlap))
        except checks.NotPublished:
            missing.append(system)
    return steps, missing


def _message(ax: Axes, text: str) -> None:
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=13,
        wrap=True,
        bbox={"facecolor": "#FBE3D6", "edgecolor": plots.OKABE_ITO["vermillion"], "pad": 8},
    )
    ax.set_xticks([])
    ax.set_yticks([])


def _systems(count: float) -> str:
    return f"{count:.3g} system" + ("" if count == 1 else "s")


def step_title(steps: Sequence[StepTime]) -> str:
    """The finding of a side-by-side step: who is faster and what leaves a domain."""
    chips = steps[0].par.chips
    running = [s for s in steps if s.fits]
    if not running:
        return f"{chips} chips: the training state fits neither system's chips"
    if len(running) == 1:
        s = running[0]
        return f"{chips} chips: only the {s.system.short} holds the training state"
    ranked = sorted(running, key=lambda s: s.total)
    a, b = ranked[0], ranked[-1]
    than = f" than {b.system.short}" if len(running) > 2 else ""
    text = f"{chips} chips: {a.system.short} {times(b.total / a.total, 2)} faster per step{than}"
    leaving = [(t.seconds, s.system.short, k) for s in running for k, t in s.leaving.items()]
    if leaving:
        _, short, kind = max(leaving)
        text += f"; {short}'s {kind.upper()} traffic leaves its domain"
    return text


def draw_step_time(ax: Axes, **params) -> None:
    """Stacked step time of both systems for one split (``params``: those of
    :func:`split_steps`): compute, pipeline bubble and each kind of exposed communication; a
    system whose chips cannot hold the state shows why instead, an impossible split the reason,
    a system with a figure not published is named."""
    try:
        steps, missing = _split(**_step_params(params))
    except ValueError as error:
        _message(ax, f"Not a valid split:\n{error}")
        ax.set_title("Choose another split", fontsize=14, y=1.0)
        return
    not_published_note(ax, missing, top=True)
    if not steps:
        _message(ax, f"No system with its figures published: {NOT_PUBLISHED}")
        return
    if not any(s.fits for s in steps):
        _draw_memory(ax, steps)
        return
    top = max(s.total for s in steps if s.fits)
    for x, s in enumerate(steps):
        if not s.fits:
            ax.text(
                x,
                top * 0.5,
                f"does not fit:\n{si(s.memory_per_chip, 'B')} per chip\n"
                f"> {si(s.capacity, 'B')} HBM",
                ha="center",
                va="center",
                fontsize=12,
                color=plots.OKABE_ITO["vermillion"],
                fontweight="bold",
                bbox={"facecolor": "white", "edgecolor": plots.OKABE_ITO["vermillion"]},
            )
            continue
        bottom = 0.0
        for part in PARTS:
            v = s.parts[part]
            if v > 0:
                ax.bar(x, v, bottom=bottom, width=0.55, **PART_STYLES[part])
            bottom += v
        label_bar(ax, x, bottom, f"{si(bottom, 's')}\n{si(s.tokens_per_s, 'token/s')}")
    # Legend entries for the parts thick enough to see (the readout lists every part): a
    # shorter legend also redraws faster.
    present = [p for p in PARTS if any(s.fits and s.parts[p] > VISIBLE * top for s in steps)]
    for part in present:
        ax.bar(0, 0, width=0, label=PART_LABELS[part], **PART_STYLES[part])
    ax.set_xticks(
        range(len(steps)),
        [f"{s.system.short}\n{s.par.chips} chips = {_systems(s.systems)}" for s in steps],
    )
    ax.set_xlim(-0.5, len(steps) + 0.9)
    ax.set_ylim(0, top * 1.25)
    ax.yaxis.set_major_locator(MaxNLocator(5))
    plots.si_axis(ax.yaxis, "s")
    ax.set_ylabel("time per training step")
    ax.grid(axis="x", visible=False)
    if present:
        ax.legend(loc="upper right", fontsize=10)
    ax.set_title(step_title(steps), fontsize=13, y=1.0)


def _draw_memory(ax: Axes, steps: Sequence[StepTime]) -> None:
    """When neither system's chips hold the training state: each chip's state beside its HBM."""
    need = [s.memory_per_chip for s in steps]
    for x, s in enumerate(steps):
        ax.bar(x, s.memory_per_chip, width=0.55, **(plots.bar_style(s.system) | {"label": None}))
        ax.hlines(s.capacity, x - 0.4, x + 0.4, color=plots.INK, linewidth=2.5)
        ax.annotate(
            f"its HBM: {si(s.capacity, 'B')}",
            (x, s.capacity),
            xytext=(0, -4),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=11,
            bbox=LABEL_BOX,
        )
        label_bar(ax, x, s.memory_per_chip, f"needs {si(s.memory_per_chip, 'B')}")
    ax.set_xticks(range(len(steps)), [f"{s.system.short}\n{s.par.chips} chips" for s in steps])
    ax.set_xlim(-0.5, len(steps) + 0.9)
    ax.set_ylim(0, max(need) * 1.25)
    ax.yaxis.set_major_locator(MaxNLocator(5))
    plots.si_axis(ax.yaxis, "B")
    ax.set_ylabel("training state per chip")
    ax.grid(axis="x", visible=False)
    ax.set_title(
        f"{steps[0].par.chips} chips: the training state fits neither system's chips: no step time",
        fontsize=13,
        y=1.0,
    )


def _step_params(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters of :func:`_split`, with the defaults of :func:`split_steps`."""
    d = DEFAULT_SPLIT
    defaults = {
        "model_key": "deepseek_v3",
        "dp": d.dp,
        "tp": d.tp,
        "pp": d.pp,
        "ep": d.ep,
        "microbatches": d.microbatches,
        "overlap": None,
        "systems": None,
    }
    return defaults | params


def describe_step_time(**params) -> str:
    """The numbers behind :func:`draw_step_time` as an HTML table (or why there are none)."""
    try:
        steps, missing = _split(**_step_params(params))
    except ValueError as error:
        return f"<b>Not a valid split:</b> {error}"
    note = "".join(f"<br><b>{s.short}</b>: a figure {NOT_PUBLISHED}, no step." for s in missing)
    return (scaling.step_table(steps)._repr_html_() if steps else "") + note


@builder
def step_time_explorer(systems: Sequence[specs.System | str] | None = None) -> FigureWidget:
    """Split a training step with DP, TP, PP, EP and micro-batches; see the step of each of
    ``systems`` (the article's two by default); when the registry holds more, a "Systems:" list
    adds them."""
    d = DEFAULT_SPLIT
    shown = [s.key for s in checks.systems("systems", systems)]
    controls: dict[str, Any] = {
        "model_key": model_dropdown(),
        "dp": choice_slider("data parallel DP:", DP_CHOICES, d.dp),
        "tp": choice_slider("tensor parallel TP:", TP_CHOICES, d.tp),
        "pp": choice_slider("pipeline stages PP:", PP_CHOICES, d.pp),
        "ep": choice_slider("expert parallel EP:", EP_CHOICES, d.ep),
        "microbatches": choice_slider("micro-batches m:", MB_CHOICES, d.microbatches),
        "overlap": overlap_slider(),
    }
    adder = systems_control(shown)
    if adder is not None:
        controls["systems"] = adder
    return FigureWidget(
        draw_step_time,
        controls,
        fixed={"systems": tuple(shown)} if adder is None else None,
        describe=describe_step_time,
        figsize=(9.5, 5.2),
        # laid out for the widest tick labels: the view where nothing fits (GB, not s)
        lay_out_with={"model_key": "llama3_70b", "dp": 384, "tp": 1, "pp": 1, "ep": 1},
        caption="Time of one training step on DP x TP x PP chips of each system with the same "
        f"split: compute at {percent(specs.FIGURES['course.training_mfu'].value)} MFU (grey, "
        "plain), the pipeline bubble (orange, hatched //) and, "
        "on top, the communication that overlap does not hide, each kind in its own colour and "
        "hatch (the legend lists the parts thick enough to see). Labels: step time and "
        "tokens/s. A system whose chips cannot "
        "hold the training state says so instead of showing a time (when neither does, the bars "
        "show each chip's training state against its HBM); a split the model does not "
        "allow shows the reason. The readout under the figure gives every part in seconds.",
    )


# ---------------------------------------------------------------------------------------------
# Scaling curves
# ---------------------------------------------------------------------------------------------
CURVE_CHIPS = scaling.CURVE_CHIPS
CURVE_SPLITS = scaling.CURVE_SPLITS
MODES = {"strong": "strong: fixed global batch", "weak": "weak: batch grows with chips"}


def curve_layout(fig) -> np.ndarray:
    """Throughput (left) and efficiency (right), side by side."""
    return fig.subplots(1, 2)


@functools.lru_cache(maxsize=64)
def curve_points(
    system_key: str, model_key: str, mode: str, overlap: float | None
) -> tuple[scaling.CurvePoint, ...]:
    """The points of one curve of :func:`draw_scaling` that run (remembered: a control moved
    back redraws without recomputing some 80 steps)."""
    system = specs.system(system_key)
    model = specs.MODELS[model_key]
    points = scaling.scaling_curve(
        system, model, CURVE_CHIPS, CURVE_SPLITS[model_key], mode, overlap=overlap
    )
    return tuple(p for p in points if p.runs)


@functools.cache
def curve_limits() -> tuple[float, float]:
    """Fixed limits of the throughput axis: every curve of every model, mode and overlap the
    widget offers fits between them, so that moving a control moves the curves, not the axis."""
    rates = [
        p.step.tokens_per_s
        for s in ARTICLE_PAIR.systems
        for model_key in specs.MODELS
        for mode in MODES
        for overlap in (0.0, OVERLAP_MAX)
        for p in curve_points(s.key, model_key, mode, overlap)
    ]
    return min(rates) / 1.5, max(rates) * 1.5


def draw_scaling(
    axes, model_key: str = "deepseek_v3", mode: str = "strong", overlap: float | None = None
) -> None:
    """Throughput and scaling efficiency against chips for both systems, DP growing with the
    chips on the split of :data:`CURVE_SPLITS`; one system's chips are marked (dash-dotted)."""
    ax, bx = axes
    lines = {}
    for s in ARTICLE_PAIR.systems:
        style = plots.system_style(s, markevery=2)
        lines[s.key] = (
            ax.plot([], [], **style)[0],
            ax.plot([], [], color=style["color"], linewidth=1.2, linestyle=":")[0],
            bx.plot([], [], **style)[0],
            # the curve's name at its end: cheaper than a legend
            plots.label_right(
                ax, 1, 1, s.short, 6, fontsize=11, fontweight="bold", color=style["color"]
            ),
        )
    for a in axes:
        a.set_xscale("log", base=2)
        a.set_xticks([16, NVL72.n, CM384.n, 4096])  # one system's chips: the dash-dotted lines
        a.set_xlim(CURVE_CHIPS[0] * 0.7, CURVE_CHIPS[-1] * 4)  # room for the curves' names
        a.xaxis.set_major_formatter(_PLAIN)
        a.xaxis.set_minor_locator(NullLocator())
        for s in ARTICLE_PAIR.systems:
            a.axvline(s.n, color=plots.system_style(s)["color"], linewidth=1, linestyle="-.")
        a.set_xlabel("chips (log scale)")
    ax.set_yscale("log")
    ax.yaxis.set_minor_locator(NullLocator())
    plots.si_axis(ax.yaxis, "token/s")
    ax.set_ylabel("tokens/s (log scale)")
    bx.set_ylim(0, 1.05)
    bx.set_yticks([0, 0.5, 1])
    bx.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0%}"))
    bx.set_ylabel("scaling efficiency")
    retain(axes, "scaling", lines=lines)
    update_scaling(axes, model_key, mode, overlap)


def update_scaling(
    axes, model_key: str = "deepseek_v3", mode: str = "strong", overlap: float | None = None
) -> bool:
    """Redraw :func:`draw_scaling` in place; False when it is not drawn there."""
    drawn = retained(axes, "scaling")
    if drawn is None:
        return False
    ax, bx = axes
    model = specs.MODELS[model_key]
    best = {}
    for s in ARTICLE_PAIR.systems:
        runs = curve_points(s.key, model_key, mode, overlap)
        line, ideal, efficiency, name = drawn["lines"][s.key]
        xs = [p.chips for p in runs]
        rates = [p.step.tokens_per_s for p in runs]
        line.set_data(xs, rates)
        ideal.set_data(xs, [rates[0] / xs[0] * x for x in xs])
        efficiency.set_data(xs, [p.efficiency for p in runs])
        name.xy = (xs[-1], rates[-1])
        best[s.short] = runs[-1]
    ax.set_ylim(*curve_limits())
    ax.set_title(f"{model.name}, {MODES[mode].split(':')[0]} scaling", fontsize=13, y=1.0)
    cm, nv = best[CM384.short], best[NVL72.short]
    bx.set_title(
        f"At {cm.chips:,} chips: CM384 {cm.efficiency:.0%}, NVL72 {nv.efficiency:.0%}",
        fontsize=12,
        y=1.0,
    )
    return "moved"  # the axes are fixed


def moving_scaling(axes) -> list:
    """What :func:`update_scaling` moves: the curves, their names, the titles."""
    drawn = retained(axes, "scaling")
    lines = [a for group in drawn["lines"].values() for a in group] if drawn else []
    return [*lines, *(a.title for a in axes)]


#: Chip counts the scaling readout lists (where a curve has them): one NVL72, one CM384, a few
#: thousand, and the largest size.
READOUT_CHIPS = (NVL72.n, CM384.n, 2048, CURVE_CHIPS[-1])


def describe_scaling(
    model_key: str = "deepseek_v3", mode: str = "strong", overlap: float | None = None
) -> str:
    """The numbers of :func:`draw_scaling`: tokens/s and efficiency of both systems at each
    curve's first point and at :data:`READOUT_CHIPS`."""
    model = specs.MODELS[model_key]
    curves = {
        s.key: {p.chips: p for p in curve_points(s.key, model_key, mode, overlap)}
        for s in ARTICLE_PAIR.systems
    }
    first = min(min(c) for c in curves.values())
    rows = []
    for chips in sorted({first, *READOUT_CHIPS}):
        cells = []
        for s in ARTICLE_PAIR.systems:
            p = curves[s.key].get(chips)
            cells.append(
                "-" if p is None else f"{si(p.step.tokens_per_s, 'token/s')}, {p.efficiency:.0%}"
            )
        if any(c != "-" for c in cells):
            rows.append(f"<tr><td>{chips:,}</td><td>{cells[0]}</td><td>{cells[1]}</td></tr>")
    head = "".join(
        f"<th>{h}</th>"
        for h in ("chips", *(f"{s.short}: tokens/s, efficiency" for s in ARTICLE_PAIR.systems))
    )
    return (
        f"<b>{model.name}, {MODES[mode]}</b> (efficiency: tokens/s per chip relative to each "
        f"curve's first point)<table><tr>{head}</tr>{''.join(rows)}</table>"
    )


@builder
def scaling_curves() -> FigureWidget:
    """Strong or weak scaling of a model on both systems, from a few chips to many systems."""
    return FigureWidget(
        draw_scaling,
        {
            "model_key": model_dropdown(),
            "mode": dropdown("scaling:", [(v, k) for k, v in MODES.items()], "strong"),
            "overlap": overlap_slider(),
        },
        describe=describe_scaling,
        update=update_scaling,
        moving=moving_scaling,
        layout=curve_layout,
        figsize=(11.0, 5.0),
        caption="Left: training tokens/s against chips (log-log) for CM384 (vermillion, solid, "
        "circles) and NVL72 (green, dashed, squares), the data-parallel degree growing with the "
        "chips; dotted: "
        "perfect scaling from each curve's first point. Right: scaling efficiency, the "
        "throughput per chip relative to that first point. Dash-dotted lines: one system's "
        f"chips ({NVL72.n} and {CM384.n}), where a group starts to leave its scale-up domain. "
        "The readout lists both curves at a few sizes.",
        lay_out_with={"model_key": "llama3_70b"},  # the widest tick labels (ktoken/s)
    )


# ---------------------------------------------------------------------------------------------
# The expert all-to-all inside and across domains
# ---------------------------------------------------------------------------------------------
EP_RANKS = (8, 16, 24, 32, 48, 64, 72, 96, 128, 192, 256, 384)


def all_to_all_caption() -> str:
    """The caption of :func:`draw_all_to_all`, its figures taken from :mod:`helpers.specs`."""
    model = specs.DEEPSEEK_V3
    return (
        f"Time of one expert dispatch of {model.name} "
        f"({specs.FIGURES['course.sequence_length'].value:,.0f} tokens per chip, each to "
        f"{model.active_experts.value:.0f} experts, BF16) against the number of chips the experts "
        f"are spread over, log-log: CM384 (vermillion, solid, circles) stays on its UB links up "
        f"to {CM384.n} chips; NVL72 (green, dashed, squares) on NVLink up to {NVL72.n}, then on "
        "the scale-out network (shaded). Alpha-beta model of notebook 04."
    )


def draw_all_to_all(ax: Axes, tokens: float | None = None) -> None:
    """Time of one expert dispatch of DeepSeek-V3 against the expert ranks, for both systems;
    the range where the NVL72 must leave its 72-GPU domain is shaded."""
    model = specs.DEEPSEEK_V3
    tokens = specs.FIGURES["course.sequence_length"].value if tokens is None else tokens
    found = {}
    for s in ARTICLE_PAIR.systems:
        t = [scaling.expert_all_to_all(s, model, ep, tokens).seconds for ep in EP_RANKS]
        ax.plot(EP_RANKS, t, **plots.system_style(s))
        found[s.key] = t
    ax.axvspan(NVL72.n, EP_RANKS[-1], color=plots.system_style(NVL72)["color"], alpha=0.08)
    ax.annotate(
        "NVL72 beyond one rack:\nscale-out network",
        (1.0, 0.72),
        xycoords="axes fraction",
        xytext=(-6, 0),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=11,
        bbox=LABEL_BOX,
    )
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks([8, 16, 32, 72, 128, 256, 384])
    ax.xaxis.set_major_formatter(_PLAIN)
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.minorticks_off()
    plots.si_axis(ax.yaxis, "s")
    ax.set_xlabel("expert-parallel ranks (log scale)")
    ax.set_ylabel("one dispatch all-to-all (log scale)")
    ax.legend(loc="lower right")
    i = EP_RANKS.index(scaling.EP_WIDE)
    ratio = found[NVL72.key][i] / found[CM384.key][i]
    pairs = zip(EP_RANKS, found[CM384.key], found[NVL72.key], strict=True)
    inside = [c / n for r, c, n in pairs if r <= NVL72.n]
    ax.set_title(
        f"Over {scaling.EP_WIDE} ranks the CM384 is {times(ratio, 2)} faster; within one rack "
        f"the NVL72 is {min(inside):.2g}-{times(max(inside), 2)}",
        fontsize=13,
    )
