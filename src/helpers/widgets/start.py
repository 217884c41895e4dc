"""Widgets of notebook 00: the article's claims, one at a time and all together."""

from __future__ import annotations

import html

from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, NullLocator

from .. import course, factcheck, plots, specs
from ..claims import CLAIMS, claim
from ..specs import ARTICLE_PAIR
from ..units import si, times
from .base import FigureWidget, builder, dropdown


def _hops() -> list[int]:
    """The most switch chips between two chips of each system, CM384 first (the supernode
    claim's view)."""
    return [factcheck.switch_chips_between(system.key) for system in ARTICLE_PAIR.systems]


def draw_claim(ax: Axes, claim_key: str = "compute") -> None:
    """Bars of CM384 and NVL72 for one claim, in the claim's unit, with the ratio in the title.

    The claim that is not a number ("all the chips can communicate directly") shows the most
    switch chips a message crosses between two chips: "directly" would be none.
    """
    c = claim(claim_key)
    if c.is_numeric:
        values = [c.cm384.value, c.nvl72.value]
        texts = [si(f.value, f.unit) for f in (c.cm384, c.nvl72)]
    else:
        values = _hops()
        texts = [f"{v} switch chip{'s' if v != 1 else ''}" for v in values]
    for i, (system, value, text) in enumerate(
        zip(ARTICLE_PAIR.systems, values, texts, strict=True)
    ):
        ax.bar(i, value, width=0.6, **plots.bar_style(system))
        ax.annotate(
            text,
            (i, value),
            ha="center",
            va="bottom",
            xytext=(0, 4),
            textcoords="offset points",
            fontsize=13,
            fontweight="bold",
        )
    ax.set_xticks([0, 1], [s.name for s in ARTICLE_PAIR.systems])
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylim(0, max(values) * 1.18)
    ax.grid(axis="x", visible=False)
    if not c.is_numeric:
        ax.set_ylabel("switch chips between two chips\n(at most; “directly”: none)")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(f"Switch chips between two chips: CM384 {values[0]}, NVL72 {values[1]}")
        return
    ax.set_ylabel(c.topic)
    if c.cm384.unit != "1":
        plots.si_axis(ax.yaxis, c.cm384.unit)
    stated = f"  (article: {c.article_ratio.quoted})" if c.article_ratio else ""
    ax.set_title(f"CM384 / NVL72 = {times(values[0] / values[1])}{stated}", fontsize=14)


def describe_claim(claim_key: str = "compute") -> str:
    """The claim in words: what the article says, what the figures give (the numbers the picture
    shows), where it is checked."""
    c = claim(claim_key)
    nb = course.notebook(c.notebook)
    if c.is_numeric:
        recomputed = c.recomputed()
    else:
        cm, nv = _hops()
        recomputed = (
            f"switch chips between two chips, at most: CM384 {cm}, NVL72 {nv} (“directly” would "
            "be 0)"
        )
    rows = [
        ("The article says", c.article),
        ("Compare with", c.basis),
        ("Recomputed", recomputed),
    ]
    if c.is_numeric:
        used = specs.sources_of(c.cm384, c.nvl72)
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
def claim_picker() -> FigureWidget:
    """Pick one of the article's claims; see both systems' figures and where it is checked."""
    picker = dropdown("Claim:", [(c.topic, c.key) for c in CLAIMS], value="compute")
    return FigureWidget(
        draw_claim,
        {"claim_key": picker},
        describe=describe_claim,
        figsize=(8.0, 4.5),
        caption="Bars of CloudMatrix 384 (vermillion, plain) and GB200 NVL72 (green, hatched) "
        "for the chosen claim, in its unit; the title gives the ratio and the article's figure. "
        "For the supernode claim, the most switch chips between two chips.",
    )


def draw_claim_ratios(ax: Axes) -> None:
    """Every numeric claim as a CM384 / NVL72 ratio on one log axis, with the article's figure
    and the spread between sources."""
    numeric = [c for c in CLAIMS if c.is_numeric]
    for y, c in enumerate(numeric):
        r = c.ratio().value
        lo, hi = c.ratio_range()
        ax.barh(y, r, height=0.55, color=plots.OKABE_ITO["sky_blue"], edgecolor=plots.INK)
        if hi - lo > 1e-9:
            ax.plot([lo, hi], [y, y], color=plots.INK, linewidth=2, marker="|", markersize=14)
        if c.article_ratio is not None:
            ax.plot(
                c.article_ratio.value,
                y,
                marker="D",
                color=plots.HIGHLIGHT,
                markeredgecolor=plots.INK,
                markersize=11,
                linestyle="none",
                label="article's figure" if y == 1 else None,
            )
        # Right of the bar, its whisker and the article's diamond, so none of them covers it.
        ends = [r, hi] + ([c.article_ratio.value] if c.article_ratio is not None else [])
        ax.annotate(
            times(r),
            (max(ends), y),
            xytext=(10, 0),
            textcoords="offset points",
            va="center",
            fontsize=12,
        )
    ax.axvline(1, color=plots.INK, linewidth=1)
    ax.set_xscale("log")
    ticks = [1, 1.5, 2, 3, 4, 6]
    ax.set_xticks(ticks, [times(t, 2) for t in ticks])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlim(0.8, 8)
    ax.set_yticks(range(len(numeric)), [c.topic for c in numeric])
    ax.invert_yaxis()
    ax.set_xlabel("CloudMatrix 384 / GB200 NVL72 (ratio, log scale; 1x = equal)")
    power = claim("power").ratio().value
    ax.set_title(f"CM384 is bigger on every count, and draws {times(power, 2)} the power")
    ax.plot([], [], color=plots.INK, marker="|", markersize=14, label="spread between sources")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
