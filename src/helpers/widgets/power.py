"""Widgets and figures of notebook 07: system power and its parts, FLOPS per watt, what one
training run costs in time, energy, money and CO2, and what owning each system costs."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import ipywidgets as w
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from .. import checks, plots, power, scaling, specs
from ..specs import ARTICLE_PAIR, KWH, YEAR
from ..units import si, times
from .base import FigureWidget, builder, dropdown, slider, systems_control
from .compute import LABEL_BOX, label_bar, two_panels
from .retained import retain, retained
from .scaling import model_dropdown

_F = specs.FIGURES


def _clean(value: float) -> float:
    """``value`` without the binary noise of a unit conversion (480.00000000000006 -> 480)."""
    return float(f"{value:.12g}")


#: Defaults of the run and ownership widgets, in the units their sliders show.
DEFAULTS = {
    "mfu": _clean(_F["course.training_mfu"].value),
    "pue": _clean(_F["course.pue"].value),
    "cents_per_kwh": _clean(_F["course.electricity_price"].value * KWH * 100),
    "grams_per_kwh": _clean(_F["course.grid_intensity"].value * KWH * 1000),
    "years": _clean(_F["course.system_life"].value / YEAR),
}
#: Ranges of the learner's sliders, (min, max, step), in the sliders' units. The axes of the run
#: and ownership widgets span every setting in them, so that moving a slider moves the bars.
RANGES = {
    "mfu": (0.2, 0.6, 0.05),
    "pue": (1.0, 2.0, 0.05),
    "cents_per_kwh": (2, 30, 1),
    "grams_per_kwh": (0, 1000, 10),
    "years": (2, 8, 0.5),
}
#: The settings that make a run or an hour dearest: the far end of each range.
_WORST = {
    "mfu": RANGES["mfu"][0],
    "pue": RANGES["pue"][1],
    "cents_per_kwh": RANGES["cents_per_kwh"][1],
    "grams_per_kwh": RANGES["grams_per_kwh"][1],
    "years": RANGES["years"][0],
}


def _cost_sliders() -> dict[str, w.ValueWidget]:
    """The learner's assumptions both cost widgets share: MFU, PUE, electricity price and the
    hardware's life, starting at the course's."""
    return {
        "mfu": slider("MFU:", DEFAULTS["mfu"], *RANGES["mfu"], readout_format=".0%"),
        "pue": slider("PUE:", DEFAULTS["pue"], *RANGES["pue"], readout_format=".2f"),
        "cents_per_kwh": slider(
            "electricity (cents/kWh):", DEFAULTS["cents_per_kwh"], *RANGES["cents_per_kwh"]
        ),
        "years": slider("hardware life (years):", DEFAULTS["years"], *RANGES["years"]),
    }


def _options(cents_per_kwh: float, years: float, pue: float, grams_per_kwh: float = 0.0) -> dict:
    """Slider units (cents/kWh, years, gCO2/kWh) to the model's SI units."""
    return {
        "price": cents_per_kwh / 100 / KWH,
        "intensity": grams_per_kwh / 1000 / KWH,
        "life": years * YEAR,
        "pue": pue,
    }


def _nice_top(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k at least ``value``: a fixed
    axis limit that reads well."""
    if not value > 0:
        return 1.0
    scale = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * scale >= value * (1 - 1e-9):
            return step * scale
    return 10 * scale


def _figure_title(fig, text: str) -> None:
    """Set the figure's title (the finding). A redraw changes only its text: the first draw
    placed it, with room made by the layout engine, and later redraws run without one."""
    title = getattr(fig, "_suptitle", None)
    if title is None:
        fig.suptitle(text, fontsize=13, fontweight="bold")
    else:
        title.set_text(text)


class _Bars:
    """One bar per system (its colour and hatch), an optional white, dotted part stacked on
    each, and a label above each: drawn once on ``ax``, then moved by :meth:`set` (a widget
    redraws in place, which is several times faster than drawing again)."""

    def __init__(
        self,
        ax: Axes,
        systems: Sequence[specs.System] | None = None,
        *,
        stacked: bool = False,
        axis: bool = True,
    ) -> None:
        shown = list(ARTICLE_PAIR.systems if systems is None else systems)
        self.containers = [
            ax.bar(x, 0.0, width=0.6, **(plots.bar_style(s) | {"label": None}))
            for x, s in enumerate(shown)
        ] + [
            ax.bar(x, 0.0, width=0.6, color="white", edgecolor=plots.INK, hatch="..")
            for x in range(len(shown))
            if stacked
        ]
        self.base = [c[0] for c in self.containers[: len(shown)]]
        self.extra = [c[0] for c in self.containers[len(shown) :]]
        self.labels = [
            ax.annotate(
                "",
                (x, 0.0),
                ha="center",
                va="bottom",
                xytext=(0, 3),
                textcoords="offset points",
                fontsize=11 if len(shown) < 4 else 9,
                fontweight="bold",
            )
            for x in range(len(shown))
        ]
        ax.set_xticks(range(len(shown)), [s.short for s in shown])
        ax.set_xlim(-0.6, len(shown) - 0.4)
        ax.grid(axis="x", visible=False)
        if not axis:  # the bars carry their values alone
            ax.set_yticks([])
            ax.spines["left"].set_visible(False)
            ax.grid(visible=False)

    @property
    def artists(self) -> list:
        """What :meth:`set` moves."""
        return [*self.base, *self.extra, *self.labels]

    def remove(self) -> None:
        """Take the bars and their labels off the axes, which keep their ticks and grid."""
        for artist in [*self.containers, *self.labels]:
            artist.remove()

    def set(self, values, texts, stacked=None) -> None:
        """Bar heights ``values`` (``None``: no bar, a figure not published), stacked parts
        ``stacked`` (when drawn) and label ``texts``."""
        for i, v in enumerate(values):
            v = 0.0 if v is None else v
            self.base[i].set_height(v)
            top = v
            if self.extra:
                on_top = 0.0 if stacked[i] is None else stacked[i]
                self.extra[i].set_y(v)
                self.extra[i].set_height(on_top)
                top += on_top
            self.labels[i].xy = (i, top)
            self.labels[i].set_text(texts[i])


def _bars_on(
    axes, shown: Sequence[specs.System], stacked: Sequence[bool], old: Sequence[_Bars] = ()
) -> list[_Bars]:
    """One :class:`_Bars` of ``shown`` per axes (``stacked``: with a part on top), in place of
    ``old``: a widget showing other systems keeps its axes (several times faster than clearing
    them, which makes every tick again)."""
    for bars in old:
        bars.remove()
    return [_Bars(ax, shown, stacked=s) for ax, s in zip(axes, stacked, strict=True)]


# ---------------------------------------------------------------------------------------------
# System power
# ---------------------------------------------------------------------------------------------
_HATCHES = ("", "//", "..", "xx", "\\\\", "++", "--", "oo")


def draw_power_parts(ax: Axes, systems: Sequence[specs.System | str] | None = None) -> None:
    """Each system's all-in power (the article's two by default) as a stack of the parts
    sources give (the remainder plain), with the range of an assumed part as a whisker; "not
    published" where no source gives the power."""
    shown = checks.systems("systems", systems)
    style_at = 0  # each part its own style, across systems
    for x, s in enumerate(shown):
        if s.power is None:
            label_bar(ax, x, 0.0, f"{s.short}: power not published")
            continue
        bottom = 0.0
        for part in power.power_parts(s):
            style = plots.series_style(style_at)
            ax.bar(
                x,
                part.watts,
                bottom=bottom,
                width=0.55,
                color=style["color"],
                # The hatch takes the edge colour: white on the black part, or its lines vanish.
                edgecolor="white" if style["color"] == plots.INK else plots.INK,
                hatch=_HATCHES[style_at % len(_HATCHES)],
            )
            style_at += 1
            if part.assumed:
                mid = bottom + part.watts
                ax.errorbar(
                    x,
                    mid,
                    yerr=[[part.watts - part.low], [part.high - part.watts]],
                    color=plots.INK,
                    capsize=6,
                    linewidth=1.5,
                )
            sep = " " if part.short.endswith("up to") else ": "  # '72 GPUs, up to 86.4 kW'
            plots.label_right(
                ax,
                x + 0.3,
                bottom + part.watts / 2,
                f"{part.short}{sep}{si(part.watts, 'W')}",
                6,
                fontsize=10,
                bbox=LABEL_BOX,
            )
            bottom += part.watts
        label_bar(ax, x, bottom, f"{s.short}: {si(s.power.value, 'W')}")
    ax.set_xticks(range(len(shown)), [s.name for s in shown])
    ax.set_xlim(-0.5, len(shown) + 0.6)
    ax.set_ylim(0, max((s.power.value for s in shown if s.power), default=1.0) * 1.15)
    plots.si_axis(ax.yaxis, "W")
    ax.set_ylabel("all-in power")
    ax.grid(axis="x", visible=False)
    ch, base = ARTICLE_PAIR.systems
    ratio = ch.power.value / base.power.value
    optics = power.power_parts(ch)[0]
    ax.set_title(
        f"{ch.short} draws {times(ratio, 2)} the power; its optics alone about "
        f"{si(optics.watts, 'W', 2)}",
        fontsize=14,
    )


def power_parts_caption() -> str:
    """The caption of :func:`draw_power_parts`, its figures taken from :mod:`helpers.specs`."""
    module = _F["link.optics_400g_lpo_power"]
    gpu = ARTICLE_PAIR.baseline.chip.power
    return (
        "All-in power of each system, split into the parts sources give: the CM384's "
        f"{_F['cm384.transceivers'].value:,.0f} optical modules (whisker: "
        f"{module.low:g}-{module.high:g} W each, an assumption) and the rest, which no source "
        f"splits; the NVL72's GPUs at up to {si(gpu.value, 'W')} each, the rest of its rack, "
        "and what SemiAnalysis's all-in figure adds beyond it. Sources: SemiAnalysis, NVIDIA."
    )


def _nvl72_power(figure: specs.Figure) -> str:
    """``145 kW all-in power``: an NVL72 power figure and what it counts."""
    return (
        f"{figure.value / 1e3:g} kW {figure.label.removeprefix(ARTICLE_PAIR.baseline.short + ' ')}"
    )


#: SemiAnalysis's three statements of the FLOP-per-watt gap, drawn as lines.
SA_STATED = {
    "table": "sa.flop_per_watt_ratio_table",
    "text": "sa.flop_per_watt_ratio_text",
    "subtitle": "sa.flop_per_watt_ratio_subtitle",
}


def efficiency_caption() -> str:
    """The caption of :func:`draw_efficiency_cases`, its figures taken from :mod:`helpers.specs`."""

    def choices(topic: str, scale: float, unit: str) -> str:
        return " or ".join(f"{f.value * scale:g}" for f in specs.SPREADS[topic]) + unit

    return (
        "NVL72 FLOPS per watt over CM384 FLOPS per watt for every choice of inputs (CM384: "
        f"{choices('CM384 dense BF16', 1e-12 / ARTICLE_PAIR.challenger.n, ' TFLOPS per chip')}, "
        f"{choices('CM384 power', 1e-3, ' kW')}; NVL72: "
        f"{' or '.join(_nvl72_power(f) for f in specs.SPREADS['NVL72 power'])})."
        " The course's choice is the top bar, orange, hatched and labelled. Lines: the ratios "
        f"SemiAnalysis states in its {', '.join(list(SA_STATED)[:-1])} and "
        f"{list(SA_STATED)[-1]} (the legend gives them)."
    )


def draw_efficiency_cases(ax: Axes) -> None:
    """The NVL72 / CM384 FLOPS-per-watt ratio for every choice of inputs, with SemiAnalysis's
    two quoted ratios as vertical lines."""
    cases = power.efficiency_cases()
    ratios = [c.ratio for c in cases]
    ys = np.arange(len(cases))[::-1]
    for y, r in zip(ys, ratios, strict=True):
        first = y == ys[0]
        ax.barh(  # the course's choice: its own colour and a hatch (never colour alone)
            y,
            r,
            height=0.6,
            color=plots.HIGHLIGHT if first else plots.series_style(0)["color"],
            hatch="//" if first else "",
            edgecolor=plots.INK,
        )
        text = f"{times(r)}, the course's" if first else times(r)
        plots.label_right(ax, r, y, text, fontsize=11, fontweight="bold", bbox=LABEL_BOX)
    ch, base = ARTICLE_PAIR.systems
    labels = [
        f"{ch.short} {si(c.compute[ch.key].value, 'FLOP/s')}, {si(c.power[ch.key].value, 'W')}; "
        f"{base.short} {si(c.power[base.key].value, 'W')}"
        for c in cases
    ]
    ax.set_yticks(ys, labels, fontsize=10)
    ax.get_yticklabels()[0].set_fontweight("bold")
    for i, (where, name) in enumerate(SA_STATED.items()):
        q = specs.FIGURES[name]
        style = plots.series_style(i + 2)
        ax.axvline(
            q.value,
            color=style["color"],
            linestyle=style["linestyle"],
            linewidth=2.5,
            label=f"SemiAnalysis, {where}: {q.value:g}x",
        )
    ax.legend(loc="upper center", bbox_to_anchor=(0.3, -0.16), ncol=3, fontsize=10)
    ax.set_xlim(0, max(ratios) * 1.2)
    ax.set_xlabel("NVL72 FLOPS per W / CM384 FLOPS per W")
    ax.grid(axis="y", visible=False)
    lo, hi = min(ratios), max(ratios)
    ax.set_title(  # right-aligned: the long tick labels push the axes to the right
        f"NVL72 gets {times(lo, 2)}-{times(hi, 2)} the CM384's FLOPS per watt",
        fontsize=14,
        loc="right",
    )


def draw_per_chip(axes, systems: Sequence[specs.System | str] | None = None) -> None:
    """All-in power per chip (left) and dense BF16 FLOPS per watt (right) of each system (the
    article's two by default); no bar where a figure is not published."""
    ax, bx = axes
    shown = checks.systems("systems", systems)
    per_chip = [None if s.power_per_chip is None else s.power_per_chip.value for s in shown]
    eff = [
        None
        if s.bf16_dense is None or s.power is None
        else power.flops_per_watt(s.bf16_dense, s.power)
        for s in shown
    ]
    for panel, values, unit, title in (
        (ax, per_chip, "W", "All-in power per chip"),
        (bx, eff, "FLOP/s per W", "Dense BF16 FLOPS per watt"),
    ):
        texts = ["not published" if v is None else si(v, unit) for v in values]
        _Bars(panel, shown, axis=False).set(values, texts)
        panel.set_ylim(0, max((v for v in values if v is not None), default=1.0) * 1.25)
        panel.set_title(title, fontsize=13)
    ch, base = ARTICLE_PAIR.systems
    ch_eff, base_eff = (power.flops_per_watt(s.bf16_dense, s.power) for s in (ch, base))
    _figure_title(
        axes[0].figure,
        f"Per chip a {ch.short} draws "
        f"{times(ch.power_per_chip.value / base.power_per_chip.value, 2)} the power; per watt an "
        f"{base.short} computes {times(base_eff / ch_eff, 2)} as much",
    )


# ---------------------------------------------------------------------------------------------
# One training run
# ---------------------------------------------------------------------------------------------
RUN_VIEWS = {"absolute": "each in its unit", "ratio": "CM384 / NVL72"}
#: The run widget's starting workload: DeepSeek-V3's published pre-training tokens, in trillions.
RUN_TOKENS_T = _F["deepseek_v3.training_tokens"].value / 1e12


def training_runs(
    model_key: str = "deepseek_v3",
    tokens_t: float = RUN_TOKENS_T,
    mfu: float = DEFAULTS["mfu"],
    pue: float = DEFAULTS["pue"],
    cents_per_kwh: float = DEFAULTS["cents_per_kwh"],
    grams_per_kwh: float = DEFAULTS["grams_per_kwh"],
    years: float = DEFAULTS["years"],
    systems: Sequence[specs.System | str] | None = None,
) -> tuple[specs.ModelConfig, float, list[power.Run | None]]:
    """One training run of ``model_key`` on ``tokens_t`` trillion tokens on one of each of
    ``systems`` (the article's two by default), in the sliders' units (cents/kWh, gCO2/kWh,
    years): the model, its FLOPs, the runs (``None`` for a system whose power, price or peak is
    not published)."""
    model = specs.MODELS[model_key]
    flops = scaling.training_flops(model, tokens_t * 1e12)
    opts = _options(cents_per_kwh, years, pue, grams_per_kwh)
    shown = checks.systems("systems", systems)
    return model, flops, [_published(power.run, s, flops, mfu=mfu, **opts) for s in shown]


def _published(fn, *args, **kwargs):
    """``fn(...)``, or ``None`` when a figure it needs is not published."""
    try:
        return fn(*args, **kwargs)
    except checks.NotPublished:
        return None


def _pair_index(runs: Sequence[power.Run | power.Ownership | None]) -> tuple[int, int] | None:
    """Where the two systems compared are among ``runs`` (``None`` where a figure is not
    published): the article's challenger and baseline when both are shown, else the first two
    published, or the one published twice; ``None`` when none is (the learner may pick any)."""
    keys = [None if r is None else r.system.key for r in runs]
    ch, base = (s.key for s in ARTICLE_PAIR.systems)
    if ch in keys and base in keys:
        return keys.index(ch), keys.index(base)
    published = [k for k, key in enumerate(keys) if key is not None]
    if not published:
        return None
    return published[0], published[min(1, len(published) - 1)]


def _ratio(values: Sequence[float | None], pair: tuple[int, int] | None, digits: int) -> str:
    """``"1.84x"``, the first system compared over the second; ``""`` without two."""
    if pair is None or pair[0] == pair[1]:
        return ""
    i, j = pair
    return times(values[i] / (values[j] or 1), digits)


def _names(entries: Sequence[power.Run | power.Ownership | None], pair: tuple[int, int]) -> str:
    """``"CM384 / NVL72"``: the two systems compared."""
    return " / ".join(entries[k].system.short for k in pair)


#: The quantities of a run, one panel each: (title, unit of the axis, scale from the model's
#: SI unit to it, value of a run, the part stacked on top of it or None).
RUN_PANELS = (
    ("time", "days", 1 / 86400, lambda r: r.seconds, None),
    ("facility energy", "GWh", 1 / (KWH * 1e6), lambda r: r.energy, None),
    ("cost", "M USD", 1e-6, lambda r: r.hardware_cost, lambda r: r.electricity_cost),
    ("CO2", "t", 1e-3, lambda r: r.co2, None),
)
#: Which panels of :data:`RUN_PANELS` stack a part on their bars.
_RUN_STACKED = tuple(extra is not None for *_x, extra in RUN_PANELS)
_PLAIN = FuncFormatter(lambda v, _pos: f"{v:,.3g}" if v < 1e3 else f"{v:,.0f}")


def _run_totals(runs: list[power.Run | None]) -> list[list[float | None]]:
    """Per panel of :data:`RUN_PANELS`, each run's total in the axis unit (``None`` for none)."""
    return [
        [None if r is None else (base(r) + (extra(r) if extra else 0.0)) * scale for r in runs]
        for _t, _u, scale, base, extra in RUN_PANELS
    ]


def _top(values: Sequence[float | None]) -> float:
    return max((v for v in values if v is not None), default=1.0)


@functools.lru_cache(maxsize=64)
def run_axis_tops(
    model_key: str,
    tokens_t: float,
    systems: tuple[str, ...] | None = None,
) -> tuple[float, ...]:
    """The fixed top of each panel's axis for a workload on ``systems`` (keys: the cache holds
    one entry per set shown): its dearest run over every setting of the sliders (lowest MFU and
    life, highest PUE, price and grid intensity), rounded up."""
    _m, _f, worst = training_runs(model_key, tokens_t, **_WORST, systems=systems)
    return tuple(_nice_top(1.08 * _top(values)) for values in _run_totals(worst))


def _panel_text(value: float, unit: str) -> str:
    """A bar's value in its panel's unit: whole days and tonnes, three digits otherwise."""
    return f"{value:,.0f} {unit}" if unit in ("days", "t") else f"{value:.3g} {unit}"


def draw_run(
    axes,
    model_key: str = "deepseek_v3",
    tokens_t: float = RUN_TOKENS_T,
    view: str = "absolute",
    systems: Sequence[specs.System | str] | None = None,
    **costs,
) -> None:
    """The runs of :func:`training_runs` (``costs``: its other arguments), one panel each:
    days, facility energy, cost (the hardware's share of its price, solid, with the electricity
    on top, dotted) and CO2. ``view="absolute"``: each in its unit on an axis fixed for the
    workload; ``view="ratio"``: each system / NVL72 on one fixed axis, the NVL72 = 1. One bar
    per system of ``systems`` (the article's two by default)."""
    shown = checks.systems("systems", systems)
    bars = _bars_on(axes, shown, _RUN_STACKED)
    ones = [ax.axhline(1.0, color=plots.INK, linewidth=1, linestyle=":") for ax in axes]
    retain(axes, "run", bars=bars, ones=ones, shown=tuple(s.key for s in shown))
    update_run(axes, model_key, tokens_t, view, systems, **costs)


def update_run(
    axes,
    model_key: str = "deepseek_v3",
    tokens_t: float = RUN_TOKENS_T,
    view: str = "absolute",
    systems: Sequence[specs.System | str] | None = None,
    **costs,
) -> bool:
    """Redraw :func:`draw_run` in place for new parameters (other systems get new bars on the
    same axes); False when it is not drawn there."""
    if view not in RUN_VIEWS:
        raise ValueError(f"view={view!r} is not one of {list(RUN_VIEWS)}")
    drawn = retained(axes, "run")
    chosen = checks.systems("systems", systems)
    shown = tuple(s.key for s in chosen)
    if drawn is None:
        return False
    if drawn["shown"] != shown:  # no workload kept: the whole picture is painted again
        bars = _bars_on(axes, chosen, _RUN_STACKED, drawn["bars"])
        drawn = retain(axes, "run", bars=bars, ones=drawn["ones"], shown=shown)
    workload, drawn["workload"] = drawn.get("workload"), (model_key, tokens_t, view)
    model, _flops, runs = training_runs(model_key, tokens_t, **costs, systems=shown)
    totals = _run_totals(runs)
    tops = run_axis_tops(model_key, tokens_t, shown)
    pair = _pair_index(runs)

    def scaled(part, r: power.Run | None, scale: float, ref: float = 1.0) -> float | None:
        return None if r is None else part(r) * scale / ref

    panels = zip(axes, RUN_PANELS, totals, tops, drawn["bars"], drawn["ones"], strict=True)
    for ax, (title, unit, scale, base, extra), total, top, bars, one in panels:
        ref = 1.0
        texts = ["not published" if t is None else _panel_text(t, unit) for t in total]
        if view == "ratio":
            ref = (total[pair[1]] if pair else None) or 1.0
            texts = ["not published" if t is None else times(t / ref, 3) for t in total]
            top = ratio_axis_top(shown)
        values = [scaled(base, r, scale, ref) for r in runs]
        on_top = [scaled(extra, r, scale, ref) for r in runs] if extra else None
        bars.set(values, texts, on_top)
        ax.set_ylim(0, top)
        ratio = _ratio(total, pair, 2)
        ax.set_title(f"{title}: {ratio}" if ratio else title, fontsize=12, y=1.0)
        one.set_visible(view == "ratio")
        if view == "absolute":
            ax.yaxis.set_major_locator(MaxNLocator(4))
            ax.set_ylabel(unit if unit != "t" else "t of CO2", labelpad=2)
        else:
            ax.yaxis.set_major_locator(FixedLocator([0, 1, 2] if top > 2 else [0, 1]))
            ax.set_ylabel(_ratio_label(runs, pair) if ax is axes[0] else "", labelpad=2)
        ax.yaxis.set_major_formatter(_PLAIN)
    _figure_title(axes[0].figure, _run_headline(model, runs, pair))
    return "moved" if workload == drawn["workload"] else True  # axes fixed per workload


def _ratio_label(runs: list[power.Run | None], pair: tuple[int, int] | None) -> str:
    """The ratio view's axis label: ``"CM384 / NVL72 (NVL72 = 1)"``."""
    if pair is None:
        return ""
    one = f"{runs[pair[1]].system.short} = 1"
    return one if pair[0] == pair[1] else f"{_names(runs, pair)} ({one})"


def _run_headline(
    model: specs.ModelConfig, runs: list[power.Run | None], pair: tuple[int, int] | None
) -> str:
    """The run figure's title: how much longer and dearer in energy the first system compared
    takes; the one published system's days and energy; or that none is published."""
    if pair is None:
        return f"{model.name}: no system shown has its power, price and peak published"
    first, second = (runs[k] for k in pair)
    if first is second:
        return (
            f"{model.name} on the {first.system.short}: {first.days:,.0f} days, "
            f"{first.energy / KWH / 1e6:.3g} GWh"
        )
    return (
        f"{model.name}: the {first.system.short} takes {times(first.days / second.days, 2)} the "
        f"days, {times(first.energy / second.energy, 2)} the energy"
    )


def moving_run(axes) -> list:
    """What :func:`update_run` moves on fixed axes: bars, their labels, the titles."""
    drawn = retained(axes, "run")
    bars = [a for b in drawn["bars"] for a in b.artists] if drawn else []
    return [*bars, *(ax.title for ax in axes), axes[0].figure._suptitle]


@functools.lru_cache(maxsize=16)
def ratio_axis_top(systems: tuple[str, ...] | None = None) -> float:
    """Fixed top of the ratio view of ``systems`` (keys): the largest ratio to the NVL72 any
    setting gives (at the dearest settings, where electricity weighs most; the workload does
    not change ratios)."""
    runs = training_runs(**_WORST, systems=systems)[2]
    pair = _pair_index(runs)
    totals = _run_totals(runs) if pair else []
    ratios = [v / t[pair[1]] for t in totals for v in t if v is not None and t[pair[1]]]
    return _nice_top(1.08 * max([*ratios, 1.0]))


def run_layout(fig) -> np.ndarray:
    """Four panels side by side: time, energy, cost, CO2."""
    return fig.subplots(1, len(RUN_PANELS))


def describe_run(view: str = "absolute", **params) -> str:
    """The numbers of :func:`draw_run`, one line per system and the ratios."""
    model, flops, runs = training_runs(**params)
    shown = checks.systems("systems", params.get("systems"))
    pair = _pair_index(runs)
    mfu = params.get("mfu", DEFAULTS["mfu"])
    head = f"{model.name}: 6 x active parameters x tokens = {flops:.3g} FLOP, at {mfu:.0%} MFU"
    missing = [
        f"<b>{s.short}</b>: not published (power, price or peak)"
        for s, r in zip(shown, runs, strict=True)
        if r is None
    ]
    lines = [head] + [
        f"<b>{r.system.short}</b>: {r.days:,.0f} days x {si(r.system.power.value, 'W')} = "
        f"{r.it_energy / KWH / 1e6:.3g} GWh of IT energy, x PUE {r.pue:g} = "
        f"{r.energy / KWH / 1e6:.3g} GWh; hardware {r.hardware_cost / 1e6:.3g} M USD + "
        f"electricity {r.electricity_cost / 1e6:.3g} M USD = {r.cost / 1e6:.3g} M USD; "
        f"CO2 {r.co2 / 1e3:,.0f} t"
        for r in runs
        if r is not None
    ]
    if pair is not None and pair[0] != pair[1]:
        totals = _run_totals(runs)
        lines.append(
            f"<b>{_names(runs, pair)}</b>: "
            + ", ".join(
                f"{title} {_ratio(t, pair, 3)}"
                for (title, *_rest), t in zip(RUN_PANELS, totals, strict=True)
            )
        )
    return "<br>".join(lines + missing)


@builder
def run_explorer(systems: Sequence[specs.System | str] | None = None) -> FigureWidget:
    """A training run's days, energy, cost and CO2 on each system (``systems``: the article's
    two by default), with the learner's inputs; when the registry holds more systems, a
    "Systems:" list adds them."""
    shown = [s.key for s in checks.systems("systems", systems)]
    controls: dict[str, w.ValueWidget] = {
        "model_key": model_dropdown(),
        "tokens_t": slider(
            "tokens (trillions):", RUN_TOKENS_T, 0, 2, 0.05, log=True, readout_format=".3g"
        ),
        **_cost_sliders(),
        "grams_per_kwh": slider(
            "grid (gCO2/kWh):", DEFAULTS["grams_per_kwh"], *RANGES["grams_per_kwh"]
        ),
        "view": dropdown("view:", [(v, k) for k, v in RUN_VIEWS.items()], "absolute"),
    }
    adder = systems_control(shown)
    if adder is not None:
        controls["systems"] = adder
    return FigureWidget(
        draw_run,
        controls,
        fixed={"systems": tuple(shown)} if adder is None else None,
        describe=describe_run,
        update=update_run,
        moving=moving_run,
        layout=run_layout,
        figsize=(11.0, 4.8),
        caption="One training run on one system of each kind, CM384 (vermillion) beside NVL72 "
        "(green, hatched), in four panels: days at the chosen MFU; facility energy (all-in "
        "power x time x PUE); cost, the hardware's price spread over its life (solid) with the "
        "electricity on top (white, dotted); CO2 at the chosen grid intensity. Each panel's "
        "axis is fixed for the chosen model and tokens (it spans every setting of the other "
        "sliders), so moving MFU, PUE, price, grid or life moves the bars; the ratio view "
        "shows each quantity as CM384 / NVL72. Titles: the CM384 / NVL72 ratio.",
    )


# ---------------------------------------------------------------------------------------------
# Owning a system
# ---------------------------------------------------------------------------------------------
def ownerships(
    years: float = DEFAULTS["years"],
    cents_per_kwh: float = DEFAULTS["cents_per_kwh"],
    pue: float = DEFAULTS["pue"],
    mfu: float = DEFAULTS["mfu"],
    systems: Sequence[specs.System | str] | None = None,
) -> list[power.Ownership | None]:
    """What owning each of ``systems`` costs (the article's two by default), in the sliders'
    units (years, cents/kWh); ``None`` for a system whose price, power or peak is not
    published."""
    opts = _options(cents_per_kwh, years, pue)
    return [
        _published(power.ownership, s, life=opts["life"], pue=pue, price=opts["price"], mfu=mfu)
        for s in checks.systems("systems", systems)
    ]


@functools.lru_cache(maxsize=16)
def ownership_axis_tops(systems: tuple[str, ...] | None = None) -> tuple[float, float]:
    """Fixed tops of the two panels (USD per hour, USD per PFLOP-hour) for ``systems`` (keys:
    the cache holds one entry per set shown): the dearest settings of the sliders, rounded
    up."""
    worst = ownerships(
        **{k: v for k, v in _WORST.items() if k in ("years", "cents_per_kwh", "pue", "mfu")},
        systems=systems,
    )
    return (
        _nice_top(1.08 * _top([o and o.per_hour for o in worst])),
        _nice_top(1.08 * _top([o and o.per_pflop_hour for o in worst])),
    )


def draw_ownership(
    axes,
    years: float = DEFAULTS["years"],
    cents_per_kwh: float = DEFAULTS["cents_per_kwh"],
    pue: float = DEFAULTS["pue"],
    mfu: float = DEFAULTS["mfu"],
    systems: Sequence[specs.System | str] | None = None,
) -> None:
    """Cost per hour (left) and per PFLOP-hour delivered (right) of each of ``systems`` (the
    article's two by default): hardware (price / life, solid) and electricity (dotted)
    stacked, on axes fixed over every setting."""
    shown = checks.systems("systems", systems)
    _ownership_limits(axes, tuple(s.key for s in shown))
    for a, label, title in zip(
        axes,
        ("USD per hour", "USD per PFLOP-hour"),
        ("per hour", "per PFLOP-hour delivered"),
        strict=True,
    ):
        a.set_ylabel(label)
        a.set_title(title, fontsize=13, y=1.0)
        a.yaxis.set_major_locator(MaxNLocator(5))
        a.yaxis.set_major_formatter(_PLAIN)
    axes[0].annotate(  # once: both panels stack the same two parts
        "solid: hardware; dotted: electricity",
        (0.98, 0.98),
        xycoords="axes fraction",
        ha="right",
        va="top",
        fontsize=10,
    )
    bars = _bars_on(axes, shown, (True, True))
    retain(axes, "ownership", bars=bars, shown=tuple(s.key for s in shown))
    update_ownership(axes, years, cents_per_kwh, pue, mfu, systems)


def _ownership_limits(axes, systems: tuple[str, ...]) -> None:
    """Both panels' y axes, fixed over every setting of the sliders for ``systems`` (keys)."""
    for a, top in zip(axes, ownership_axis_tops(systems), strict=True):
        a.set_ylim(0, top)


def update_ownership(
    axes,
    years: float = DEFAULTS["years"],
    cents_per_kwh: float = DEFAULTS["cents_per_kwh"],
    pue: float = DEFAULTS["pue"],
    mfu: float = DEFAULTS["mfu"],
    systems: Sequence[specs.System | str] | None = None,
) -> bool:
    """Redraw :func:`draw_ownership` in place (other systems get new bars and limits on the
    same axes); False when it is not drawn there."""
    drawn = retained(axes, "ownership")
    chosen = checks.systems("systems", systems)
    shown = tuple(s.key for s in chosen)
    if drawn is None:
        return False
    moved = drawn["shown"] == shown  # else the whole picture is painted again
    if not moved:
        _ownership_limits(axes, shown)
        bars = _bars_on(axes, chosen, (True, True), drawn["bars"])
        drawn = retain(axes, "ownership", bars=bars, shown=shown)
    owns = ownerships(years, cents_per_kwh, pue, mfu, systems)
    per_hour, per_pflop = drawn["bars"]
    none = "not published"
    hw = [o and o.hardware_per_s * power.HOUR for o in owns]
    el = [o and o.electricity_per_s * power.HOUR for o in owns]
    per_hour.set(hw, [f"{o.per_hour:,.0f} USD/h" if o else none for o in owns], el)
    parts = [o.per_pflop_hour_parts if o else (None, None) for o in owns]
    hw_p, el_p = (list(x) for x in zip(*parts, strict=True))
    per_pflop.set(hw_p, [f"{o.per_pflop_hour:.2f} USD" if o else none for o in owns], el_p)
    head = f"Over {years:g} years at {cents_per_kwh:g} cents/kWh"
    pair = _pair_index(owns)
    if pair is None:
        title = f"{head}: no system shown has its price, power and peak published"
    elif pair[0] == pair[1]:
        o = owns[pair[0]]
        title = f"{head}: a {o.system.short} PFLOP-hour costs {o.per_pflop_hour:.2f} USD"
    else:
        first, second = (owns[k] for k in pair)
        ratio = first.per_pflop_hour / second.per_pflop_hour
        title = (
            f"{head}: a {first.system.short} PFLOP-hour costs {times(ratio, 2)} an "
            f"{second.system.short}'s"
        )
    _figure_title(axes[0].figure, title)
    return "moved" if moved else True  # both axes are fixed for the systems shown


def moving_ownership(axes) -> list:
    """What :func:`update_ownership` moves: bars, their labels, the title."""
    drawn = retained(axes, "ownership")
    bars = [a for b in drawn["bars"] for a in b.artists] if drawn else []
    return [*bars, axes[0].figure._suptitle]


def describe_ownership(
    years: float = DEFAULTS["years"],
    cents_per_kwh: float = DEFAULTS["cents_per_kwh"],
    pue: float = DEFAULTS["pue"],
    mfu: float = DEFAULTS["mfu"],
    systems: Sequence[specs.System | str] | None = None,
) -> str:
    """The numbers of :func:`draw_ownership`, one line per system."""
    owns = ownerships(years, cents_per_kwh, pue, mfu, systems)
    shown = checks.systems("systems", systems)
    missing = [
        f"<b>{s.short}</b>: not published (price, power or peak)"
        for s, o in zip(shown, owns, strict=True)
        if o is None
    ]
    lines = [
        f"<b>{o.system.short}</b>: hardware {o.hardware_per_s * power.HOUR:,.0f} USD/h "
        f"({o.system.price.value / 1e6:.3g} M USD over {years:g} years) + electricity "
        f"{o.electricity_per_s * power.HOUR:,.0f} USD/h ({si(o.system.power.value, 'W')} x PUE "
        f"{pue:g} at {cents_per_kwh:g} cents/kWh) = {o.per_hour:,.0f} USD/h; delivers "
        f"{si(o.delivered, 'FLOP/s')} at {mfu:.0%} MFU: {o.per_pflop_hour:.3g} USD per PFLOP-hour"
        for o in owns
        if o is not None
    ]
    pair = _pair_index(owns)
    if pair is not None and pair[0] != pair[1]:
        per_pflop = [o and o.per_pflop_hour for o in owns]
        lines.append(f"<b>{_names(owns, pair)}</b> per PFLOP-hour: {_ratio(per_pflop, pair, 3)}")
    return "<br>".join(lines + missing)


@builder
def ownership_explorer(systems: Sequence[specs.System | str] | None = None) -> FigureWidget:
    """What an hour of each system costs (``systems``: the article's two by default), and a
    PFLOP-hour of its work, with the learner's life, electricity price, PUE and MFU; when the
    registry holds more systems, a "Systems:" list adds them."""
    shown = [s.key for s in checks.systems("systems", systems)]
    controls: dict[str, w.ValueWidget] = _cost_sliders()
    adder = systems_control(shown)
    if adder is not None:
        controls["systems"] = adder
    return FigureWidget(
        draw_ownership,
        controls,
        fixed={"systems": tuple(shown)} if adder is None else None,
        describe=describe_ownership,
        update=update_ownership,
        moving=moving_ownership,
        layout=two_panels,
        figsize=(10.0, 4.8),
        caption="Cost of owning and running each system (CM384 vermillion, NVL72 green and "
        "hatched): the purchase price spread over its life (solid) and the electricity "
        "(dotted), in US dollars per hour (left) and per PFLOP-hour of useful work delivered "
        "at the MFU (right). Both axes are fixed over every setting of the sliders. Prices: "
        "the FT's, as reported by Benzinga.",
    )
