"""Widgets and figures of notebook 07: system power and its parts, FLOPS per watt, what one
training run costs in time, energy, money and CO2, and what owning each system costs."""

from __future__ import annotations

import ipywidgets as w
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .. import plots, power, scaling, specs
from ..specs import CM384, KWH, NVL72, SYSTEMS, YEAR
from ..units import si, times
from .base import FigureWidget, builder, slider
from .compute import LABEL_BOX, label_bar, two_panels
from .scaling import model_dropdown

#: Defaults of the run and ownership widgets, in the units their sliders show.
_F = specs.FIGURES
DEFAULTS = {
    "mfu": _F["course.training_mfu"].value,
    "pue": _F["course.pue"].value,
    "cents_per_kwh": _F["course.electricity_price"].value * KWH * 100,
    "grams_per_kwh": _F["course.grid_intensity"].value * KWH * 1000,
    "years": _F["course.system_life"].value / YEAR,
}


def _cost_sliders() -> dict[str, w.ValueWidget]:
    """The learner's assumptions both cost widgets share: MFU, PUE, electricity price and the
    hardware's life, starting at the course's."""
    return {
        "mfu": slider("MFU:", DEFAULTS["mfu"], 0.2, 0.6, 0.05, readout_format=".0%"),
        "pue": slider("PUE:", DEFAULTS["pue"], 1.0, 2.0, 0.05, readout_format=".2f"),
        "cents_per_kwh": slider("electricity (cents/kWh):", DEFAULTS["cents_per_kwh"], 2, 30, 1),
        "years": slider("hardware life (years):", DEFAULTS["years"], 2, 8, 0.5),
    }


def _options(cents_per_kwh: float, years: float, pue: float, grams_per_kwh: float = 0.0) -> dict:
    """Slider units (cents/kWh, years, gCO2/kWh) to the model's SI units."""
    return {
        "price": cents_per_kwh / 100 / KWH,
        "intensity": grams_per_kwh / 1000 / KWH,
        "life": years * YEAR,
        "pue": pue,
    }


def _figure_title(fig, text: str) -> None:
    """Set the figure's title (the finding). A redraw changes only its text: the first draw
    placed it, with room made by the layout engine, and later redraws run without one."""
    title = getattr(fig, "_suptitle", None)
    if title is None:
        fig.suptitle(text, fontsize=13, fontweight="bold")
    else:
        title.set_text(text)


def _two_bars(ax: Axes, values, text, *, stacked=None) -> None:
    """One bar per system (its colour and hatch), labelled ``text``; ``stacked`` (a value per
    system) adds a white, dotted part on top of each."""
    for x, (s, v) in enumerate(zip(SYSTEMS, values, strict=True)):
        ax.bar(x, v, width=0.6, **(plots.bar_style(s) | {"label": None}))
        top = v
        if stacked is not None:
            extra = stacked[x]
            ax.bar(x, extra, bottom=v, width=0.6, color="white", edgecolor=plots.INK, hatch="..")
            top += extra
        label_bar(ax, x, top, text[x], fontsize=11)
    ax.set_xticks([0, 1], [s.short for s in SYSTEMS])
    ax.set_xlim(-0.6, 1.6)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.grid(visible=False)


# ---------------------------------------------------------------------------------------------
# System power
# ---------------------------------------------------------------------------------------------
def draw_power_parts(ax: Axes) -> None:
    """Each system's all-in power as a stack of the parts sources give (the remainder plain),
    with the range of the optics' assumption as a whisker."""
    for x, s in enumerate(SYSTEMS):
        bottom = 0.0
        for i, part in enumerate(power.power_parts(s)):
            style = plots.series_style(i + (0 if s.key == CM384.key else 2))
            ax.bar(
                x,
                part.watts,
                bottom=bottom,
                width=0.55,
                color=style["color"],
                # The hatch takes the edge colour: white on the black part, or its lines vanish.
                edgecolor="white" if style["color"] == plots.INK else plots.INK,
                hatch=("", "//", "..", "xx", "\\\\")[i + (0 if s.key == CM384.key else 2)],
            )
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
            ax.annotate(
                f"{part.short}{sep}{si(part.watts, 'W')}",
                (x + 0.3, bottom + part.watts / 2),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=10,
                bbox=LABEL_BOX,
            )
            bottom += part.watts
        label_bar(ax, x, bottom, f"{s.short}: {si(s.power.value, 'W')}")
    ax.set_xticks([0, 1], [s.name for s in SYSTEMS])
    ax.set_xlim(-0.5, 2.6)
    ax.set_ylim(0, CM384.power.value * 1.15)
    plots.si_axis(ax.yaxis, "W")
    ax.set_ylabel("all-in power")
    ax.grid(axis="x", visible=False)
    ratio = CM384.power.value / NVL72.power.value
    optics = power.power_parts(CM384)[0]
    ax.set_title(
        f"CM384 draws {times(ratio, 2)} the power; its optics alone about "
        f"{si(optics.watts, 'W', 2)}",
        fontsize=14,
    )


def power_parts_caption() -> str:
    """The caption of :func:`draw_power_parts`, its figures taken from :mod:`helpers.specs`."""
    module = _F["link.optics_400g_lpo_power"]
    return (
        "All-in power of each system, split into the parts sources give: the CM384's "
        f"{_F['cm384.transceivers'].value:,.0f} optical modules (whisker: "
        f"{module.low:g}-{module.high:g} W each, an assumption) and the rest, which no source "
        f"splits; the NVL72's GPUs at up to {si(NVL72.chip.power.value, 'W')} each, the rest of "
        "its rack, and what SemiAnalysis's all-in figure adds beyond it. Sources: "
        "SemiAnalysis, NVIDIA."
    )


def _nvl72_power(figure: specs.Figure) -> str:
    """``145 kW all-in power``: an NVL72 power figure and what it counts."""
    return f"{figure.value / 1e3:g} kW {figure.label.removeprefix(NVL72.short + ' ')}"


def efficiency_caption() -> str:
    """The caption of :func:`draw_efficiency_cases`, its figures taken from :mod:`helpers.specs`."""

    def choices(topic: str, scale: float, unit: str) -> str:
        return " or ".join(f"{f.value * scale:g}" for f in specs.SPREADS[topic]) + unit

    return (
        "NVL72 FLOPS per watt over CM384 FLOPS per watt for every choice of inputs (CM384: "
        f"{choices('CM384 dense BF16', 1e-12 / CM384.n, ' TFLOPS per chip')}, "
        f"{choices('CM384 power', 1e-3, ' kW')}; NVL72: "
        f"{' or '.join(_nvl72_power(f) for f in specs.SPREADS['NVL72 power'])})."
        " The course's choice is the top bar, orange, hatched and labelled. Lines: "
        f"SemiAnalysis's table ({_F['sa.flop_per_watt_ratio_table'].value:g}x) and subtitle "
        f"({_F['sa.flop_per_watt_ratio_subtitle'].value:g}x)."
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
        ax.annotate(
            f"{times(r)}, the course's" if first else times(r),
            (r, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=11,
            fontweight="bold",
            bbox=LABEL_BOX,
        )
    labels = [
        f"CM384 {si(c.cm384_compute.value, 'FLOP/s')}, {si(c.cm384_power.value, 'W')}; "
        f"NVL72 {si(c.nvl72_power.value, 'W')}"
        for c in cases
    ]
    ax.set_yticks(ys, labels, fontsize=10)
    ax.get_yticklabels()[0].set_fontweight("bold")
    for i, name in enumerate(("sa.flop_per_watt_ratio_table", "sa.flop_per_watt_ratio_subtitle")):
        q = specs.FIGURES[name]
        style = plots.series_style(i + 2)
        where = "table" if i == 0 else "subtitle"
        ax.axvline(
            q.value,
            color=style["color"],
            linestyle=style["linestyle"],
            linewidth=2.5,
            label=f"SemiAnalysis's {where}: {q.value:g}x",
        )
    ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.16), ncol=2, fontsize=11)
    ax.set_xlim(0, max(ratios) * 1.2)
    ax.set_xlabel("NVL72 FLOPS per W / CM384 FLOPS per W")
    ax.grid(axis="y", visible=False)
    lo, hi = min(ratios), max(ratios)
    ax.set_title(  # right-aligned: the long tick labels push the axes to the right
        f"NVL72 gets {times(lo, 2)}-{times(hi, 2)} the CM384's FLOPS per watt",
        fontsize=14,
        loc="right",
    )


def draw_per_chip(axes) -> None:
    """All-in power per chip (left) and dense BF16 FLOPS per watt (right) of both systems."""
    ax, bx = axes
    per_chip = [s.power_per_chip.value for s in SYSTEMS]
    _two_bars(ax, per_chip, [si(v, "W") for v in per_chip])
    ax.set_ylim(0, max(per_chip) * 1.25)
    ax.set_title("All-in power per chip", fontsize=13)
    eff = [power.flops_per_watt(s.bf16_dense, s.power) for s in SYSTEMS]
    _two_bars(bx, eff, [si(v, "FLOP/s per W") for v in eff])
    bx.set_ylim(0, max(eff) * 1.25)
    bx.set_title("Dense BF16 FLOPS per watt", fontsize=13)
    _figure_title(
        axes[0].figure,
        f"Per chip a CM384 draws {times(per_chip[0] / per_chip[1], 2)} the power; per watt an "
        f"NVL72 computes {times(eff[1] / eff[0], 2)} as much",
    )


# ---------------------------------------------------------------------------------------------
# One training run
# ---------------------------------------------------------------------------------------------
def training_runs(
    model_key: str = "deepseek_v3",
    tokens_t: float = _F["deepseek_v3.training_tokens"].value / 1e12,
    mfu: float = DEFAULTS["mfu"],
    pue: float = DEFAULTS["pue"],
    cents_per_kwh: float = DEFAULTS["cents_per_kwh"],
    grams_per_kwh: float = DEFAULTS["grams_per_kwh"],
    years: float = DEFAULTS["years"],
) -> tuple[specs.ModelConfig, float, list[power.Run]]:
    """One training run of ``model_key`` on ``tokens_t`` trillion tokens on one system of each
    kind, in the sliders' units (cents/kWh, gCO2/kWh, years): the model, its FLOPs, the runs."""
    model = specs.MODELS[model_key]
    flops = scaling.training_flops(model, tokens_t * 1e12)
    opts = _options(cents_per_kwh, years, pue, grams_per_kwh)
    return model, flops, [power.run(s, flops, mfu=mfu, **opts) for s in SYSTEMS]


def draw_run(ax: Axes, **params) -> None:
    """The runs of :func:`training_runs` (``params``: its arguments) in one chart, each
    quantity relative to the NVL72's (= 1) and labelled with its value: days, facility energy,
    cost (electricity, with the amortised hardware on top) and CO2."""
    model, _flops, runs = training_runs(**params)
    cm, nv = runs
    groups = (
        ("days", [r.days for r in runs], None, "{:,.0f} d"),
        ("energy", [r.energy / KWH / 1e6 for r in runs], None, "{:.3g} GWh"),
        (
            "cost",
            [r.electricity_cost / 1e6 for r in runs],
            [r.hardware_cost / 1e6 for r in runs],
            "{:.3g} M USD",
        ),
        ("CO2", [r.co2 / 1e3 for r in runs], None, "{:,.0f} t"),
    )
    top = 1.0
    for g, (_name, values, extra, fmt) in enumerate(groups):
        totals = _totals(values, extra)
        unit = totals[1] or 1.0
        for i, s in enumerate(SYSTEMS):
            x = 3 * g + i
            ax.bar(x, values[i] / unit, width=0.8, **(plots.bar_style(s) | {"label": None}))
            if extra:
                ax.bar(
                    x,
                    extra[i] / unit,
                    bottom=values[i] / unit,
                    width=0.8,
                    color="white",
                    edgecolor=plots.INK,
                    hatch="..",
                )
            text = f"{s.short}\n{fmt.format(totals[i])}"
            label_bar(ax, x, totals[i] / unit, text, fontsize=9)
            top = max(top, totals[i] / unit)
    ax.axhline(1.0, color=plots.INK, linewidth=1, linestyle=":")
    ratios = [_totals(values, extra) for _n, values, extra, _f in groups]
    ax.set_xticks(
        [3 * g + 0.5 for g in range(len(groups))],
        [f"{g[0]}: {times(t[0] / (t[1] or 1), 2)}" for g, t in zip(groups, ratios, strict=True)],
    )
    ax.set_xlim(-0.7, 3 * len(groups) - 1.3)
    ax.set_ylim(0, top * 1.3)
    ax.yaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 5, 10]))  # bars carry their values
    ax.set_ylabel("relative to the NVL72 (= 1)")
    ax.grid(axis="x", visible=False)
    ax.set_title(
        f"{model.name}: the CM384 takes {times(cm.days / nv.days, 2)} the days and "
        f"{times(cm.energy / nv.energy, 2)} the energy",
        fontsize=13,
        y=1.0,
    )


def _totals(values: list[float], extra: list[float] | None) -> list[float]:
    return [v + (extra[i] if extra else 0.0) for i, v in enumerate(values)]


def describe_run(**params) -> str:
    """The numbers of :func:`draw_run`, one line per system."""
    model, flops, runs = training_runs(**params)
    head = (
        f"{model.name}: 6 x active parameters x tokens = {flops:.3g} FLOP, at {runs[0].mfu:.0%} MFU"
    )
    lines = [head] + [
        f"<b>{r.system.short}</b>: {r.days:,.0f} days x {si(r.system.power.value, 'W')} = "
        f"{r.it_energy / KWH / 1e6:.3g} GWh of IT energy, x PUE {r.pue:g} = "
        f"{r.energy / KWH / 1e6:.3g} GWh; electricity {r.electricity_cost / 1e6:.3g} M USD, "
        f"hardware {r.hardware_cost / 1e6:.3g} M USD, CO2 {r.co2 / 1e3:,.0f} t"
        for r in runs
    ]
    return "<br>".join(lines)


@builder
def run_explorer() -> FigureWidget:
    """A training run's days, energy, cost and CO2 on each system, with the learner's inputs."""
    tokens = _F["deepseek_v3.training_tokens"].value / 1e12
    return FigureWidget(
        draw_run,
        {
            "model_key": model_dropdown(),
            "tokens_t": slider(
                "tokens (trillions):", tokens, 0, 2, 0.05, log=True, readout_format=".3g"
            ),
            **_cost_sliders(),
            "grams_per_kwh": slider("grid (gCO2/kWh):", DEFAULTS["grams_per_kwh"], 0, 1000, 10),
        },
        describe=describe_run,
        figsize=(10.0, 5.0),
        caption="One training run on one system of each kind, CM384 (vermillion) beside NVL72 "
        "(green, hatched), each quantity relative to the NVL72's and labelled with its value: "
        "days at the chosen MFU; facility energy (all-in power x time x PUE); cost, the "
        "electricity (solid) with the hardware's price spread over its life on top (white, "
        "dotted); CO2 at the chosen grid intensity. Under each group: the CM384 / NVL72 ratio.",
    )


# ---------------------------------------------------------------------------------------------
# Owning a system
# ---------------------------------------------------------------------------------------------
def draw_ownership(
    axes,
    years: float = DEFAULTS["years"],
    cents_per_kwh: float = DEFAULTS["cents_per_kwh"],
    pue: float = DEFAULTS["pue"],
    mfu: float = DEFAULTS["mfu"],
) -> None:
    """Cost per hour (left) and per PFLOP-hour delivered (right) of each system: hardware
    (price / life) and electricity stacked."""
    opts = _options(cents_per_kwh, years, pue)
    owns = [
        power.ownership(s, life=opts["life"], pue=pue, price=opts["price"], mfu=mfu)
        for s in SYSTEMS
    ]
    ax, bx = axes
    hw = [o.hardware_per_s * power.HOUR for o in owns]
    el = [o.electricity_per_s * power.HOUR for o in owns]
    _two_bars(ax, hw, [f"{o.per_hour:,.0f} USD/h" for o in owns], stacked=el)
    ax.set_ylim(0, max(o.per_hour for o in owns) * 1.3)
    ax.set_title("USD per hour", fontsize=13, y=1.0)
    hw_p, el_p = zip(*(o.per_pflop_hour_parts for o in owns), strict=True)
    _two_bars(bx, hw_p, [f"{o.per_pflop_hour:.2f} USD" for o in owns], stacked=el_p)
    bx.set_ylim(0, max(o.per_pflop_hour for o in owns) * 1.3)
    bx.set_title("USD per PFLOP-hour delivered", fontsize=13, y=1.0)
    ax.annotate(  # once: both panels stack the same two parts
        "solid: hardware; dotted: electricity (both panels)",
        (0.02, 0.98),
        xycoords="axes fraction",
        ha="left",
        va="top",
        fontsize=10,
    )
    ratio = owns[0].per_pflop_hour / owns[1].per_pflop_hour
    _figure_title(
        axes[0].figure,
        f"Over {years:g} years at {cents_per_kwh:g} cents/kWh: a CM384 PFLOP-hour costs "
        f"{times(ratio, 2)} an NVL72's",
    )


@builder
def ownership_explorer() -> FigureWidget:
    """What an hour of each system costs, and a PFLOP-hour of its work, with the learner's
    life, electricity price, PUE and MFU."""
    return FigureWidget(
        draw_ownership,
        _cost_sliders(),
        layout=two_panels,
        figsize=(10.0, 4.8),
        caption="Cost of owning and running each system (CM384 vermillion, NVL72 green and "
        "hatched): the purchase price spread over its life (solid) and the electricity "
        "(dotted), per hour (left) and per PFLOP-hour of useful work delivered at the MFU "
        "(right). Prices are press estimates.",
    )
