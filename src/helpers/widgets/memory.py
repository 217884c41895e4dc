"""Widgets and figures of notebook 03: HBM capacity and bandwidth, what a model needs, decode."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator, FuncFormatter

from .. import checks, memory, plots, specs
from ..specs import ARTICLE_PAIR, CM384, NVL72
from ..tables import NOT_PUBLISHED, Table
from ..units import si, times
from .base import LayeredFigureWidget, builder, dropdown, slider, systems_control
from .compute import LABEL_BOX, label_bar

#: Precisions the calculator offers, with their size per value.
SERVING_PRECISIONS = ("bf16", "fp8", "int8", "int4", "fp32")
_BARS = ("weights", "KV cache", "serving", "training")
_PLAIN = FuncFormatter(lambda v, _pos: f"{v:,.0f}")


def _chip_short(system: specs.System) -> str:
    """A chip's name for a label ("910C", "B200")."""
    return system.chip.name.removeprefix("Ascend ")


def calculator_layout(fig) -> np.ndarray:
    """A wide memory panel and a narrow decode-bound panel."""
    return fig.subplots(1, 2, width_ratios=(2.3, 1))


def fit_words(fits: dict[str, str]) -> str:
    """Where a need fits, in a few words, from :func:`helpers.memory.fits` for each system (a
    dict by system key, in the order shown)."""
    if not fits:
        return f"HBM {NOT_PUBLISHED} for these systems"
    systems = [specs.SYSTEMS[k] for k in fits]
    found = list(fits.values())
    if len(set(found)) == 1:
        words = ("either", "neither") if len(found) == 2 else ("each", "no")
        return {
            "one chip": f"fits one chip of {words[0]}",
            "one system": f"fits {words[0]} system",
            "neither": f"fits {words[1]} system",
        }[found[0]]
    if len(found) == 2:
        (first, a), (second, b) = zip(systems, found, strict=True)
        if "neither" in (a, b):
            return f"fits only {(first if b == 'neither' else second).short}"
        small, big = (first, second) if a == "one chip" else (second, first)
        return f"fits one {small.chip.name}, not one {big.chip.name}"
    groups = {
        where: ", ".join(s.short for s, f in zip(systems, found, strict=True) if f == where)
        for where in ("one chip", "one system", "neither")
    }
    return "fits " + "; ".join(f"{where}: {names}" for where, names in groups.items() if names)


def _capacity_lines(ax: Axes, labels: bool = True, systems: Any = None) -> None:
    """HBM of each of ``systems`` (thick) and of each chip (thin, dotted), labelled at the right
    (chip labels alternately below and above their lines: 128 and 192 GB are close on a log
    scale). Systems whose HBM is not published are left out."""
    shown = [s for s in checks.systems("systems", systems) if memory.has_published_hbm(s)]
    for i, s in enumerate(shown):
        color = plots.system_style(s)["color"]
        chip_va = "top" if i % 2 == 0 else "bottom"
        for cap, name, width, style, va in (
            (s.hbm_capacity.value, s.short, 2.5, plots.system_style(s)["linestyle"], "bottom"),
            (s.chip.hbm_capacity.value, _chip_short(s), 1.5, ":", chip_va),
        ):
            ax.axhline(cap, color=color, linewidth=width, linestyle=style)
            if not labels:
                continue
            ax.annotate(
                f"{name} {si(cap, 'B')}",
                (1.0, cap),
                xycoords=("axes fraction", "data"),
                xytext=(-4, 2 if va == "bottom" else -2),
                textcoords="offset points",
                ha="right",
                va=va,
                fontsize=10,
                color=color,
                fontweight="bold",
            )


#: The calculator's fixed axes, so heights compare between settings: bytes from 1 MB to 100 PB
#: (every model, precision, batch and context it offers) and decode tokens/s from 1,000 to 100
#: million (tests check that every setting lands inside).
MEMORY_RANGE = (1e6, 1e17)
DECODE_RANGE = (1e3, 1e8)
_TOKENS = FuncFormatter(lambda v, _pos: si(v, ""))


def _title_for(f: memory.Footprint) -> str:
    return f"Serving {fit_words(f.serving_fit)}; training {fit_words(f.training_fit)}"


def _shown(systems: Any) -> list[specs.System]:
    return list(checks.systems("systems", systems))


def draw_memory_axes(axes, systems: Any = None) -> None:
    """What the calculator's picture keeps from one setting to the next: the fixed log axes
    (:data:`MEMORY_RANGE`, :data:`DECODE_RANGE`), their ticks and labels, and the HBM of each
    chip and each of ``systems`` (the article's two by default)."""
    ax, bx = axes
    _capacity_lines(ax, systems=systems)
    ax.set_yscale("log")
    ax.set_ylim(*MEMORY_RANGE)
    ax.minorticks_off()
    ax.yaxis.set_major_locator(FixedLocator([10.0**e for e in range(6, 18, 3)]))
    plots.si_axis(ax.yaxis, "B")
    ax.set_xticks(range(len(_BARS)), _BARS, fontsize=11)
    ax.set_xlim(-0.5, len(_BARS) - 0.5 + 0.9)
    ax.set_ylabel("bytes (log scale)")
    ax.grid(axis="x", visible=False)
    bx.set_yscale("log")
    bx.set_ylim(*DECODE_RANGE)
    bx.minorticks_off()
    bx.yaxis.set_major_locator(FixedLocator([10.0**e for e in range(3, 9)]))
    bx.yaxis.set_major_formatter(_TOKENS)
    shown = _shown(systems)
    bx.set_xticks(range(len(shown)), [s.short for s in shown])
    bx.set_xlim(-0.6, len(shown) - 0.4)
    bx.grid(axis="x", visible=False)
    bx.set_ylabel("tokens/s (log scale)")
    bx.set_title("decode bound", fontsize=13, y=1.0)


def draw_memory_needs(
    axes,
    model_key: str = "llama3_70b",
    precision: str = "bf16",
    batch: float = 8,
    context: float = 8192,
    systems: Any = None,
) -> None:
    """What the calculator's picture changes with its controls: the bars of what the model
    needs (left, the HBM lines drawn again over them) and of each system's decode bound
    (right, "not published" where its HBM is), and the titles."""
    model = specs.MODELS[model_key]
    f = memory.footprint(model, precision, round(batch), round(context), systems)
    ax, bx = axes
    for i, v in enumerate((f.weights, f.kv_cache, f.serving, f.training_state)):
        style = plots.series_style(i)
        ax.bar(i, v, width=0.62, color=style["color"], edgecolor=plots.INK)
        label_bar(ax, i, v, si(v, "B"), bbox=LABEL_BOX)
    _capacity_lines(ax, labels=False, systems=systems)
    name = f"{memory.model_name_at(model, f.context)}, {memory.PRECISION_NAMES[precision]}"
    ax.set_xlabel(f"{name}, batch {f.batch:,}, {f.context:,} tokens", fontsize=13)
    # A fixed title height spares matplotlib placing it above the tick labels on every redraw.
    ax.set_title(_title_for(f), fontsize=13, y=1.0)
    for x, s in enumerate(_shown(systems)):
        if s.key not in f.serving_fit:
            label_bar(bx, x, DECODE_RANGE[0], NOT_PUBLISHED.replace(" ", "\n"))
            continue
        if f.serving_fit[s.key] == "neither":
            label_bar(bx, x, DECODE_RANGE[0], "does not\nfit")
            continue
        v = f.decode_bound[s.key]
        bx.bar(x, v, width=0.6, **(plots.bar_style(s) | {"label": None}))
        label_bar(bx, x, v, f"{v:,.0f}")


def draw_memory(axes, **params: Any) -> None:
    """Memory for weights, KV cache, serving and training (left) against the HBM of each chip
    and each system; the decode upper bound of each system (right). Both on fixed log axes
    (:data:`MEMORY_RANGE`, :data:`DECODE_RANGE`), so heights compare between settings:
    :func:`draw_memory_axes`, then :func:`draw_memory_needs` with ``params`` (``model_key``,
    ``precision``, ``batch``, ``context``)."""
    draw_memory_axes(axes)
    draw_memory_needs(axes, **params)


def describe_memory(
    model_key: str = "llama3_70b",
    precision: str = "bf16",
    batch: float = 8,
    context: float = 8192,
    systems: Any = None,
) -> str:
    """The numbers behind :func:`draw_memory`, as an HTML table: each bar, where it fits, and
    each system's decode bound."""
    model = specs.MODELS[model_key]
    f = memory.footprint(model, precision, round(batch), round(context), systems)
    per_token = memory.kv_bytes_per_token(model, precision)
    rows = [
        ["weights", si(f.weights, "B"), f"{model.params.value / 1e9:,.4g} B parameters"],
        ["KV cache", si(f.kv_cache, "B"), f"{si(per_token, 'B')} per token"],
        [
            "serving total",
            si(f.serving, "B"),
            ", ".join(f"{k}: {v}" for k, v in _fits(f.serving_fit)),
        ],
        [
            "training state",
            si(f.training_state, "B"),
            ", ".join(f"{k}: {v}" for k, v in _fits(f.training_fit)),
        ],
    ]
    for s in _shown(systems):
        if s.key not in f.serving_fit:
            rows.append([f"decode bound, {s.short}", f"HBM {NOT_PUBLISHED}", ""])
            continue
        if f.serving_fit[s.key] == "neither":
            rows.append([f"decode bound, {s.short}", "does not fit", ""])
            continue
        tokens = f.decode_bound[s.key]
        step = max(f.batch, 1) / tokens
        rows.append(
            [
                f"decode bound, {s.short}",
                f"{tokens:,.0f} tokens/s",
                f"at least {si(step, 's')} per step, reading at "
                f"{si(s.hbm_bandwidth.value, 'B/s', 4, prefix='T')}",
            ]
        )
    title = _title_for(f)
    caption = (
        f"{memory.model_name_at(model, f.context)} in {memory.PRECISION_NAMES[precision]}, "
        f"batch {f.batch:,}, context {f.context:,} tokens: {title[0].lower()}{title[1:]}"
    )
    return Table(("", "needs", "detail"), rows, caption=caption).readout_html()


def _fits(fits: dict[str, str]) -> list[tuple[str, str]]:
    return [(specs.system(k).short, v) for k, v in fits.items()]


@builder
def memory_calculator(systems: Sequence[specs.System | str] | None = None) -> LayeredFigureWidget:
    """Choose a model, precision, batch and context; see what it needs against ``systems``
    (the article's two by default); when the registry holds more, a "Systems:" list adds
    them."""
    shown = [s.key for s in checks.systems("systems", systems)]
    adder = systems_control(shown)
    model = dropdown("Model:", [(m.name, m.key) for m in specs.MODELS.values()])
    precision = dropdown(
        "Serving precision:",
        [
            (f"{memory.PRECISION_NAMES[p]} ({memory.PRECISION_BYTES[p]:g} B)", p)
            for p in SERVING_PRECISIONS
        ],
    )
    batch = slider("Batch (sequences):", 8, 0, 10, 1, log=True, base=2, readout_format=".0f")
    context = slider("Context (tokens):", 8192, 9, 17, 1, log=True, base=2, readout_format=",.0f")
    llama_window = specs.FIGURES["llama3_70b.context_window"].value
    controls: dict[str, Any] = {
        "model_key": model,
        "precision": precision,
        "batch": batch,
        "context": context,
    }
    if adder is not None:
        controls["systems"] = adder
    return LayeredFigureWidget(
        draw_memory_axes,
        draw_memory_needs,
        controls,
        fixed={"systems": tuple(shown)} if adder is None else None,
        background_keys=("systems",),
        describe=describe_memory,
        layout=calculator_layout,
        figsize=(11.0, 5.2),
        caption="Left, on a fixed log scale: the bytes a model needs for its weights, its KV "
        "cache, serving (weights + KV cache) and training (full state: BF16 weights and "
        "gradients, FP32 master weights and Adam moments), against the HBM of one chip (thin "
        "dotted lines) and of each system (CM384 vermillion solid, NVL72 green dashed). Right, "
        "on a fixed log scale: the upper bound on decode tokens/s of each system from its HBM "
        "bandwidth, one copy of the model spread over the system and one token per sequence per "
        f"step. Past {llama_window:,.0f} tokens of context the Llama model is "
        f"{memory.LONG_CONTEXT_SIBLINGS['llama3_70b'][1]} (the same KV cache per token).",
    )


# ---------------------------------------------------------------------------------------------
# Static figures
# ---------------------------------------------------------------------------------------------
def draw_memory_systems(axes) -> None:
    """HBM capacity (left) and bandwidth (right) of both systems, with the per-chip figures and
    the capacity NVIDIA lists now beside its March 2024 one."""
    listed = specs.FIGURES["nvl72.hbm_capacity_listed"]
    for ax, quantity, unit, digits in (
        (axes[0], "hbm_capacity", "B", 3),
        (axes[1], "hbm_bandwidth", "B/s", 4),
    ):
        for x, s in enumerate(ARTICLE_PAIR.systems):
            total = getattr(s, quantity).value
            per_chip = getattr(s.chip, quantity).value
            ax.bar(x, total, width=0.6, **(plots.bar_style(s) | {"label": None}))
            text = f"{si(total, unit, digits, prefix='T')}\n= {s.n} x {si(per_chip, unit)}"
            label_bar(ax, x, total, text, fontweight="normal")
        ax.set_xticks([0, 1], [s.name for s in ARTICLE_PAIR.systems])
        ax.set_xlim(-0.6, 1.6)
        ax.set_ylim(0, getattr(CM384, quantity).value * 1.3)
        plots.si_axis(ax.yaxis, unit)
        ax.grid(axis="x", visible=False)
    axes[0].plot(1.36, listed.value, marker="<", markersize=12, color=plots.INK, linestyle="none")
    plots.label_right(
        axes[0], 1.36, listed.value, f"NVIDIA lists\n{si(listed.value, 'B')}", 10, fontsize=11
    )
    axes[0].set_xlim(-0.6, 2.1)
    cap = CM384.hbm_capacity.value / NVL72.hbm_capacity.value
    cap_listed = CM384.hbm_capacity.value / listed.value
    axes[0].set_ylabel("HBM capacity, system")
    per_gpu = si(specs.FIGURES["b200.hbm_capacity_listed"].value, "B")
    axes[0].set_title(f"Capacity: {times(cap)} ({times(cap_listed)} with {per_gpu})", fontsize=14)
    bw = CM384.hbm_bandwidth.value / NVL72.hbm_bandwidth.value
    axes[1].set_ylabel("HBM bandwidth, system")
    axes[1].set_title(f"Bandwidth: {times(bw)}", fontsize=14)


def _log_axes(ax: Axes, xlabel: str, ylabel: str) -> None:
    """Log axes (base 2 across, 10 up) with plain numbers, and their labels."""
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.minorticks_off()
    ax.xaxis.set_major_formatter(_PLAIN)
    ax.yaxis.set_major_formatter(_PLAIN)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


#: Batches per NPU drawn in :func:`draw_decode_bound`.
_BATCHES = np.unique(np.round(np.logspace(0, 9, 28, base=2)))


def draw_decode_bound(ax: Axes) -> None:
    """The bandwidth bound on decode tokens/s per NPU against the batch per NPU for the paper's
    deployment (DeepSeek-R1, INT8 weights, every die reading its expert, at most two tokens per
    sequence per step), KV cache in INT8 and in BF16, with the paper's measured point."""
    p = memory.paper_decode()
    for i, kv in enumerate(("int8", "bf16")):
        bound = [memory.paper_decode(kv, batch_per_npu=b).bound_per_npu for b in _BATCHES]
        style = plots.series_style(i)
        ax.plot(
            _BATCHES,
            bound,
            color=style["color"],
            linestyle=style["linestyle"],
            label=f"bound, KV cache in {memory.PRECISION_NAMES[kv]}",
        )
    ax.plot(
        p.batch_per_npu,
        p.measured_per_npu,
        marker="*",
        markersize=18,
        color=plots.system_style(CM384)["color"],
        markeredgecolor=plots.INK,
        linestyle="none",
        label=f"paper, measured ({p.measured_per_npu:,.0f} tokens/s per NPU)",
    )
    ax.annotate(
        f"batch {p.batch_per_npu:.0f}, {si(p.tpot_measured, 's')} per output token",
        (p.batch_per_npu, p.measured_per_npu),
        xytext=(0, -26),
        textcoords="offset points",
        ha="center",
        fontsize=11,
    )
    _log_axes(ax, "batch per NPU (sequences, log scale)", "decode tokens/s per NPU (log scale)")
    ax.set_title(
        f"Decode bound per NPU: {p.npus:.0f} NPUs, every die reading its expert,\n"
        f"at most {p.tokens_per_step:.0f} tokens per sequence per step; the paper's point",
        fontsize=13,
    )
    ax.legend(loc="upper left", fontsize=11)


_CONTEXTS = 2.0 ** np.arange(10, 18)


def draw_kv_room(ax: Axes, model_key: str = "deepseek_v3", precision: str = "int8") -> None:
    """How many sequences of each context length fit in each system's HBM beside the weights."""
    model = specs.MODELS[model_key]
    for s in ARTICLE_PAIR.systems:
        n = [memory.max_batch(s.hbm_capacity.value, model, c, precision) for c in _CONTEXTS]
        style = plots.system_style(s)
        ax.plot(_CONTEXTS, n, **style)
    _log_axes(ax, "context per sequence (tokens, log scale)", "sequences that fit (log scale)")
    weights = f"{model.name}'s {memory.PRECISION_NAMES[precision]} weights"
    ax.set_title(f"Sequences whose KV cache fits beside {weights}", fontsize=14)
    ax.legend(loc="upper right")
