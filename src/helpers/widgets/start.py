"""Widgets of notebook 00: the article's claims, one at a time and all together."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, NullLocator

from .. import checks, course, factcheck, plots, specs
from ..claims import CLAIMS, claim
from ..specs import ARTICLE_PAIR
from ..units import si, times
from .base import FigureWidget, builder, dropdown, systems_control


def _hops(shown: tuple[specs.System, ...]) -> list[int | None]:
    """The most switch chips between two chips of each system (the supernode claim's view);
    ``None`` where its topology is not published."""
    out = []
    for system in shown:
        try:
            out.append(factcheck.switch_chips_between(system.key))
        except ValueError:
            out.append(None)
    return out


def draw_claim(
    ax: Axes,
    claim_key: str = "compute",
    systems: Sequence[specs.System | str] | None = None,
) -> None:
    """A bar per system of ``systems`` (the article's two by default) for one claim, in the claim's
    unit, with the article's ratio in the title; "not published" where a maker gives none.

    The claim that is not a number ("all the chips can communicate directly") shows the most
    switch chips a message crosses between two chips: "directly" would be none.
    """
    c = claim(claim_key)
    shown = checks.systems("systems", systems)
    if c.is_numeric:
        figures = [c.figure(s) for s in shown]
        values = [None if f is None else f.value for f in figures]
        texts = [si(f.value, f.unit) if f is not None else "not published" for f in figures]
    else:
        values = _hops(shown)
        texts = [
            "not published" if v is None else f"{v} switch chip{'s' if v != 1 else ''}"
            for v in values
        ]
    for i, (system, value, text) in enumerate(zip(shown, values, texts, strict=True)):
        ax.bar(i, value or 0.0, width=0.6, **plots.bar_style(system))
        ax.annotate(
            text,
            (i, value or 0.0),
            ha="center",
            va="bottom",
            xytext=(0, 4),
            textcoords="offset points",
            fontsize=13 if len(shown) < 4 else 10,
            fontweight="bold",
        )
    ax.set_xticks(range(len(shown)), [s.name for s in shown])
    ax.set_xlim(-0.6, len(shown) - 0.4)
    ax.set_ylim(0, max((v for v in values if v is not None), default=1) * 1.18)
    ax.grid(axis="x", visible=False)
    pair = ARTICLE_PAIR.systems
    if not c.is_numeric:
        hops = _hops(pair)
        ax.set_ylabel("switch chips between two chips\n(at most; “directly”: none)")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(
            "Switch chips between two chips: "
            + ", ".join(f"{s.short} {v}" for s, v in zip(pair, hops, strict=True))
        )
        return
    ax.set_ylabel(c.topic)
    unit = c.figures[0].unit
    if unit != "1":
        plots.si_axis(ax.yaxis, unit)
    stated = f"  (article: {c.article_ratio.quoted})" if c.article_ratio else ""
    names = " / ".join(s.short for s in pair)
    ax.set_title(f"{names} = {times(c.ratio().value)}{stated}", fontsize=14)


def describe_claim(
    claim_key: str = "compute",
    systems: Sequence[specs.System | str] | None = None,
) -> str:
    """The claim in words: what the article says, what the figures give (the numbers the picture
    shows), where it is checked."""
    c = claim(claim_key)
    nb = course.notebook(c.notebook)
    pair = ARTICLE_PAIR.systems
    if c.is_numeric:
        recomputed = c.recomputed()
    else:
        hops = ", ".join(f"{s.short} {v}" for s, v in zip(pair, _hops(pair), strict=True))
        recomputed = f"switch chips between two chips, at most: {hops} (“directly” would be 0)"
    rows = [
        ("The article says", c.article),
        ("Compare with", c.basis),
        ("Recomputed", recomputed),
    ]
    for s in checks.systems("systems", systems):
        if s.key not in {p.key for p in pair}:
            hops = _hops((s,))[0]
            words = (
                c.beside(s) if c.is_numeric else f"{hops if hops is not None else 'not published'}"
            )
            rows.append((f"Beside them: {s.name}", words))
    if c.is_numeric:
        used = specs.sources_of(*c.figures)
        rows.append(("Sources", "; ".join(f"{s.key}: {s.title} ({s.date})" for s in used)))
    where = f"{nb.number} {nb.title}" + (" (in preparation)" if nb.in_preparation() else "")
    rows.append(("Checked in notebook", where))
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:12px'>{html.escape(k)}</th>"
        f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return f"<table>{cells}</table>"


@builder
def claim_picker(systems: Sequence[specs.System | str] | None = None) -> FigureWidget:
    """Pick one of the article's claims; see each system's figure (``systems``: the article's two
    by default) and where it is checked; when the registry holds more systems, a "Systems:"
    list adds them."""
    shown = [s.key for s in checks.systems("systems", systems)]
    controls: dict[str, w.ValueWidget] = {
        "claim_key": dropdown("Claim:", [(c.topic, c.key) for c in CLAIMS], value="compute")
    }
    adder = systems_control(shown)
    if adder is not None:
        controls["systems"] = adder
    return FigureWidget(
        draw_claim,
        controls,
        describe=describe_claim,
        fixed={"systems": tuple(shown)} if adder is None else None,
        figsize=(8.0, 4.5),
        caption="Bars of CloudMatrix 384 (vermillion, plain) and GB200 NVL72 (green, hatched) "
        "for the chosen claim, in its unit; the title gives the ratio and the article's figure. "
        "For the supernode claim, the most switch chips between two chips.",
    )


def draw_claim_ratios(ax: Axes, systems: Sequence[specs.System | str] | None = None) -> None:
    """Every numeric claim as a CM384 / NVL72 ratio on one log axis, with the article's figure
    and the spread between sources; each of ``systems`` beyond the article's two adds its own
    ratio to the NVL72 beside it, in its colours (none where its maker publishes no figure)."""
    numeric = [c for c in CLAIMS if c.is_numeric]
    pair = {s.key for s in ARTICLE_PAIR.systems}
    extra = [s for s in checks.systems("systems", systems) if s.key not in pair]
    height = 0.55 / (1 + len(extra)) if extra else 0.55
    ends = [0.8, 8.0]
    for y, c in enumerate(numeric):
        r = c.ratio().value
        lo, hi = c.ratio_range()
        offset = -(len(extra)) * height / 2
        ax.barh(
            y + offset, r, height=height, color=plots.OKABE_ITO["sky_blue"], edgecolor=plots.INK
        )
        if hi - lo > 1e-9:
            ax.plot(
                [lo, hi], [y + offset] * 2, color=plots.INK, linewidth=2, marker="|", markersize=14
            )
        if c.article_ratio is not None:
            ax.plot(
                c.article_ratio.value,
                y + offset,
                marker="D",
                color=plots.HIGHLIGHT,
                markeredgecolor=plots.INK,
                markersize=11,
                linestyle="none",
                label="article's figure" if y == 1 else None,
            )
        # Right of the bar, its whisker and the article's diamond, so none of them covers it.
        right = [r, hi] + ([c.article_ratio.value] if c.article_ratio is not None else [])
        plots.label_right(ax, max(right), y + offset, times(r), 10, fontsize=12)
        for i, s in enumerate(extra, start=1):
            beside = c.ratio(s)
            yy = y + offset + i * height
            if beside is None:
                plots.label_right(ax, 1, yy, f"{s.short}: not published", fontsize=10)
                continue
            style = plots.bar_style(s) | {"label": s.name if y == 0 else None}
            ax.barh(yy, beside.value, height=height, **style)
            plots.label_right(
                ax, beside.value, yy, f"{s.short} {times(beside.value)}", 6, fontsize=10
            )
            ends = [min(ends[0], beside.value / 1.25), max(ends[1], beside.value * 1.6)]
    ax.axvline(1, color=plots.INK, linewidth=1)
    ax.set_xscale("log")
    ticks = [
        t
        for t in (0.01, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 10, 30, 100)
        if ends[0] <= t <= ends[1]
    ]
    ax.set_xticks(ticks, [times(t, 2) for t in ticks])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlim(*ends)
    ax.set_yticks(range(len(numeric)), [c.topic for c in numeric])
    ax.invert_yaxis()
    names = " / ".join(s.name for s in ARTICLE_PAIR.systems)
    beside = f"; others / {ARTICLE_PAIR.baseline.short}" if extra else ""
    ax.set_xlabel(f"{names} (ratio, log scale; 1x = equal){beside}")
    power = claim("power").ratio().value
    ch = ARTICLE_PAIR.challenger.short
    ax.set_title(f"{ch} is bigger on every count, and draws {times(power, 2)} the power")
    ax.plot([], [], color=plots.INK, marker="|", markersize=14, label="spread between sources")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2 + len(extra) // 2)
