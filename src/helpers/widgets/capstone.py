"""Widgets and figures of notebook 08: the buyer's weighting and the blast radius of a failure."""

from __future__ import annotations

import functools
import html
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import NullLocator

from .. import buyer, checks, factcheck, plots, reliability, specs
from ..specs import ARTICLE_PAIR
from ..tables import Table
from ..units import percent, times
from .base import FigureWidget, builder, dropdown, slider, systems_control
from .updating import UpdatingFigureWidget, kept

#: How the judged criteria are scored: the course's values, or the ends of their ranges.
JUDGEMENTS = {
    "the course's judgement": "value",
    "kind to CM384 (its best case, NVL72's worst)": "cm384_best",
    "kind to NVL72 (its best case, CM384's worst)": "nvl72_best",
}


def judged_scores(
    judgement: str, systems: tuple[specs.System, ...] | None = None
) -> dict[str, dict[str, float]]:
    """Criterion -> system key -> score of the judged criteria under ``judgement`` (a value of
    :data:`JUDGEMENTS`), for the systems the course judges among ``systems`` (the article's two
    by default): the course's values, or one system's best case (the top of its range) against
    every other's worst (the bottom of theirs)."""
    if judgement not in JUDGEMENTS.values():
        raise ValueError(f"judgement={judgement!r} is not one of {list(JUDGEMENTS.values())}")
    favoured = judgement.removesuffix("_best")
    out = {}
    for c in buyer.criteria(systems):
        if c.kind != "judged":
            continue
        out[c.key] = {}
        for key in c.scores:
            f = specs.FIGURES.get(f"buyer.{c.key}.{key}")
            if f is not None:
                pick = "value" if judgement == "value" else "high" if key == favoured else "low"
                out[c.key][key] = getattr(f, pick)
    return out


def _name(key: str) -> str:
    """A criterion's name as its slider and the chart write it ("domain size")."""
    return key.replace("_", " ")


def _buyer_weights(weights: Mapping[str, float]) -> dict[str, float]:
    return {c.key: float(weights.get(c.key, c.default_weight)) for c in buyer.criteria()}


def flips(judgement: str = "value", **weights: float) -> list[tuple[str, float, str]]:
    """Each weight that flips the ranking of the article's two on its own, the others held:
    (criterion, the weight at which it flips, the change in words), the smallest move first."""
    scores = judged_scores(judgement)
    w = _buyer_weights(weights)
    pair = [s.short for s in ARTICLE_PAIR.systems]
    first = buyer.winner(w, scores=scores)
    other = pair[1 - pair.index(first)] if first in pair else "either"
    found = []
    for c in buyer.criteria():
        at = buyer.flip_weight(c.key, w, scores)
        if at is None:
            continue
        side = "above" if at > w[c.key] else "below"
        text = f"{_name(c.key)} weight {w[c.key]:g} -> {side} {at:.2f} puts the {other} first"
        found.append((c.key, at, text))
    return sorted(found, key=lambda f: abs(f[1] - w[f[0]]))


def _buyer_frame(ax: Axes, systems: tuple[specs.System, ...]) -> dict[str, Any]:
    crits = buyer.criteria()
    y = np.arange(len(crits))
    art = _buyer_bars(ax, systems)
    ax.set_yticks(y, [_name(c.key) + ("*" if c.kind == "judged" else "") for c in crits])
    ax.invert_yaxis()
    ax.set_xlim(0, 10 * buyer.MAX_WEIGHT)
    ax.set_xlabel("weight x score (scores 0-10; * judged by the course)")
    ax.set_axisbelow(True)  # grid and ticks under the bars: a background the widget keeps
    art["title"] = ax.set_title(" \n ", loc="left", fontsize=12, y=1.0)
    art["dynamic"].append(art["title"])
    return art


def _buyer_bars(ax: Axes, systems: tuple[specs.System, ...]) -> dict[str, Any]:
    """A row of bars per system in each criterion's band, and the legend naming the systems
    (the artists of :func:`_buyer_frame` that change with the systems shown)."""
    crits = buyer.criteria()
    y = np.arange(len(crits))
    step = 0.8 / len(systems)  # each system's row in a criterion's band
    bars = [
        ax.barh(
            y + (i - (len(systems) - 1) / 2) * step,
            np.zeros(len(crits)),
            height=step * 0.95,
            **plots.bar_style(s),
        )
        for i, s in enumerate(systems)
    ]
    ax.legend(loc="lower right", fontsize=11)
    return {
        "probe": bars[0].patches[0],
        "bars": bars,
        "dynamic": [p for b in bars for p in b.patches],
        "systems": tuple(s.key for s in systems),
    }


def _ranking(shown: tuple[specs.System, ...], w: dict[str, float], scores) -> str:
    """ "NVL72 first: CM384 6.52 vs NVL72 7.33": the winner and each system's total (or what it
    has no score on)."""
    totals = buyer.totals(w, scores=scores, systems=shown)
    gaps = buyer.missing(w, scores=scores, systems=shown)
    parts = [
        f"{s.short} {totals[s.key]:.2f}"
        if totals[s.key] is not None
        else f"{s.short}: no score on {', '.join(_name(k) for k in gaps[s.key])}"
        for s in shown
    ]
    return f"{buyer.winner(w, scores=scores, systems=shown)} first: " + " vs ".join(parts)


def draw_buyer(
    ax: Axes,
    judgement: str = "value",
    systems: Sequence[specs.System | str] | None = None,
    **weights: float,
) -> None:
    """Each criterion's score times its weight, for each of ``systems`` (the article's two by
    default); the title names the winner, the weighted totals and the smallest change of one
    weight that flips the article's ranking (the first of :func:`flips`). A system with no score
    on a criterion (not published, or not judged by the course) has no bar there."""
    shown = checks.systems("systems", systems)
    scores = judged_scores(judgement, shown)
    table = buyer.score_table(scores, shown)
    w = _buyer_weights(weights)
    art = kept(ax, lambda: _buyer_frame(ax, shown))
    if art["systems"] != tuple(s.key for s in shown):  # new bars on the same axes and ticks
        for bars in art["bars"]:
            bars.remove()
        ax.relim()  # the y limits follow the new bars alone, as on fresh axes
        art.update(_buyer_bars(ax, shown))
        art["dynamic"].append(art["title"])
    for s, bars in zip(shown, art["bars"], strict=True):
        for bar, c in zip(bars.patches, buyer.criteria(), strict=True):
            score = table[c.key][s.key]
            bar.set_width(0.0 if score is None else w[c.key] * score)
    if not sum(w.values()):
        art["title"].set_text("Give at least one criterion a weight\n ")
        return
    found = flips(judgement, **w)
    flip = f"Smallest flip: {found[0][2]}" if found else "No single weight in 0-5 flips it"
    art["title"].set_text(f"{_ranking(shown, w, scores)} (weighted means)\n{flip}")


def describe_buyer(
    judgement: str = "value",
    systems: Sequence[specs.System | str] | None = None,
    **weights: float,
) -> str:
    """What the picture shows, in numbers: each criterion's weight and weighted scores, the
    totals, and every weight that flips the ranking (the smallest move first, as the title)."""
    shown = checks.systems("systems", systems)
    scores = judged_scores(judgement, shown)
    table = buyer.score_table(scores, shown)
    w = _buyer_weights(weights)
    if not sum(w.values()):
        return "All weights are 0: move a slider."
    at = {key: value for key, value, _text in flips(judgement, **w)}
    rows = []
    for c in buyer.criteria():
        cells = [
            buyer.NO_SCORE
            if table[c.key][s.key] is None
            else f"{w[c.key] * table[c.key][s.key]:.1f}"
            for s in shown
        ]
        flip = f"{at[c.key]:.2f}" if c.key in at else "-"
        rows.append([_name(c.key), f"{w[c.key]:g}", *cells, flip])
    table_view = Table(
        (
            "criterion",
            "weight",
            *(f"{s.short} weight x score" for s in shown),
            "flips at weight",
        ),
        rows,
    )
    found = flips(judgement, **w)
    head = f"<b>{html.escape(_ranking(shown, w, scores))}</b> (weighted means of 0-10 scores). " + (
        f"Smallest flip: {html.escape(found[0][2])}." if found else "No single weight flips it."
    )
    return f"{head}{table_view.readout_html()}* judged criteria: the course's assumptions."


@builder
def buyer_weighting(systems: Sequence[specs.System | str] | None = None) -> FigureWidget:
    """Weight the buyer's criteria (0-5) and see which system ranks first, and what flips it;
    ``systems`` to show (the article's two by default); when the registry holds more systems,
    a "Systems:" list adds them."""
    shown = [s.key for s in checks.systems("systems", systems)]
    controls: dict[str, Any] = {
        c.key: slider(_name(c.key), c.default_weight, 0, buyer.MAX_WEIGHT, 0.5)
        for c in buyer.criteria()
    }
    controls["judgement"] = dropdown("judged scores:", list(JUDGEMENTS.items()), value="value")
    adder = systems_control(shown)
    if adder is not None:
        controls["systems"] = adder
    return UpdatingFigureWidget(
        draw_buyer,
        controls,
        describe=describe_buyer,
        fixed={"systems": tuple(shown)} if adder is None else None,
        figsize=(9.0, 5.0),
        caption="For each criterion of the buyer's list, its weight times each system's score "
        "(CloudMatrix 384 vermillion plain, GB200 NVL72 green hatched); the title gives the "
        "weighted totals and the smallest change of one weight that flips the ranking. Starred "
        "criteria are judged by the course, not measured.",
    )


def draw_blast_radius(axes, systems: Sequence[specs.System | str] | None = None) -> None:
    """For each failed part: the share of the domain's chips it touches (left) and the share of
    bandwidth each touched chip loses (right), one bar per system whose topology is published
    (the article's two by default, NVL72 beside CM384)."""
    touched_ax, lost_ax = axes
    parts = list(reliability.PARTS)
    y = np.arange(len(parts))
    drawn = [s for s in checks.systems("systems", systems) if reliability.parts_of(s)]
    step = 0.8 / max(len(drawn), 1)  # each system's row in a part's band
    for i, system in enumerate(drawn):
        has = reliability.parts_of(system)
        blasts = [reliability.blast_radius(system, p) if p in has else None for p in parts]
        touched = [np.nan if b is None else 100 * b.share_touched for b in blasts]
        lost = [np.nan if b is None else 100 * b.bandwidth_lost for b in blasts]
        offset = (i - (len(drawn) - 1) / 2) * step
        for ax, values in ((touched_ax, touched), (lost_ax, lost)):
            ax.barh(y + offset, values, height=step * 0.95, **plots.bar_style(system))
            for yy, v in zip(y, values, strict=True):
                if not np.isnan(v):
                    plots.label_right(ax, v, yy + offset, percent(v / 100, 2), 3, fontsize=10)
    two_levels = [s.short for s in drawn if "second_level_switch" in reliability.parts_of(s)]
    labels = [
        "a chip",
        "a chip's link",
        "a first-level switch",
        f"a second-level\nswitch ({', '.join(two_levels)} only)",
    ]
    touched_ax.set_yticks(y, labels)
    touched_ax.invert_yaxis()
    lost_ax.set_yticks(y, [])
    lost_ax.invert_yaxis()
    touched_ax.set_xscale("log")
    touched_ax.set_xlim(0.1, 1000)
    ticks = [0.1, 1, 10, 100]
    touched_ax.set_xticks(ticks, [f"{t:g} %" for t in ticks])
    touched_ax.xaxis.set_minor_locator(NullLocator())
    touched_ax.set_xlabel("chips touched\n(% of the domain, log scale)")
    lost_ax.set_xlim(0, 130)
    lost_ax.set_xlabel("bandwidth lost per touched chip\n(% of its scale-up bandwidth)")
    lost_ax.legend(loc="lower right", fontsize=10)
    challenger, baseline = ARTICLE_PAIR.systems
    nv = reliability.blast_radius(baseline, "first_level_switch")
    cm = reliability.blast_radius(challenger, "first_level_switch")
    cm2 = reliability.blast_radius(challenger, "second_level_switch")
    touched_ax.set_title(
        f"A failed first-level switch chip touches {nv.chips_touched} of {nv.domain_chips} "
        f"{baseline.short} GPUs, {cm.chips_touched} of {cm.domain_chips} {challenger.short} "
        "NPUs;\na second-level one "
        f"{cm2.chips_touched} of {cm2.domain_chips}, each losing {percent(cm2.bandwidth_lost, 2)} "
        "of its node's uplinks",
        loc="left",
        fontsize=12,
        y=1.0,
    )


#: Colour, hatch and marker of each verdict (colour is never the only cue: the bar says it too).
#: Not the systems' colours (vermillion, bluish green): a bar here is a verdict, not a system.
VERDICT_STYLES = {
    "holds": {"color": plots.OKABE_ITO["blue"], "hatch": ""},
    "holds with caveats": {"color": plots.OKABE_ITO["yellow"], "hatch": ".."},
    "misleading": {"color": plots.OKABE_ITO["reddish_purple"], "hatch": "xx"},
    "wrong": {"color": plots.OKABE_ITO["black"], "hatch": "//"},
    "cannot be checked": {"color": plots.GRID, "hatch": "oo"},
}


@functools.lru_cache(maxsize=64)
def _cached_verdicts(mfu_ratio: float, picks: tuple[tuple[str, str], ...]) -> list:
    return factcheck.verdicts(factcheck.Scenario(dict(picks), mfu_ratio))


def _verdicts(mfu_ratio: float, picks: dict[str, str]) -> list:
    """The verdicts for these controls (cached: the picture and the readout ask for the same)."""
    return _cached_verdicts(float(mfu_ratio), tuple(sorted((k, v) for k, v in picks.items() if v)))


#: Left end of the verdict chart's ratio axis (log scale); wording claims are written from it.
_VERDICT_XLIM = (0.4, 25)


def _verdict_frame(ax: Axes, rows: list) -> dict[str, Any]:
    y = np.arange(len(rows))
    bars = ax.barh(y, np.ones(len(rows)), height=0.6, edgecolor=plots.INK)
    labels = [
        plots.label_right(
            ax,
            1,
            yy,
            "",
            12,
            fontsize=11,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
        for yy in y
    ]
    article = {
        k: specs.ARTICLE_FIGURES[f"{k}_ratio"].value for k in ("compute", "memory", "bandwidth")
    }
    for yy, v in zip(y, rows, strict=True):
        if v.key in article:
            ax.plot(
                article[v.key],
                yy,
                marker="D",
                color="white",
                markersize=10,
                markeredgecolor=plots.INK,
                linestyle="none",
            )
    ax.axvline(1, color=plots.INK, linewidth=1)
    ax.set_xscale("log")
    ticks = [0.5, 1, 2, 4, 8]
    ax.set_xticks(ticks, [times(t, 2) for t in ticks])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlim(*_VERDICT_XLIM)
    ax.set_yticks(y, [v.topic for v in rows])
    ax.invert_yaxis()
    ax.set_xlabel("CM384 / NVL72, log scale (diamond: the article's ratio)")
    ax.set_axisbelow(True)  # grid and ticks under the bars: a background the widget keeps
    title = ax.set_title(" ", loc="left", fontsize=13, y=1.0)
    dynamic = [*bars.patches, *labels, title]
    return {
        "probe": bars.patches[0],
        "bars": bars.patches,
        "labels": labels,
        "title": title,
        "dynamic": dynamic,
    }


def draw_verdicts(ax: Axes, mfu_ratio: float = 1.0, **picks: str) -> None:
    """Every verdict, one row each: a numeric claim's CM384 / NVL72 ratio under the chosen
    sources as a bar styled by its verdict, with the article's stated ratio as a diamond; a
    wording claim (no ratio) as its verdict in words. Log scale."""
    rows = _verdicts(mfu_ratio, picks)
    art = kept(ax, lambda: _verdict_frame(ax, rows))
    for bar, label, v in zip(art["bars"], art["labels"], rows, strict=True):
        style = VERDICT_STYLES[v.verdict]
        bar.set_facecolor(style["color"])
        bar.set_hatch(style["hatch"])
        if v.ratio is None:  # a wording claim: no bar, its verdict in words
            bar.set_visible(False)
            label.xy = (_VERDICT_XLIM[0], label.xy[1])
            label.set_text(f"no ratio (wording): {v.verdict}")
        else:
            bar.set_visible(True)
            bar.set_width(v.ratio)
            label.xy = (v.ratio, label.xy[1])
            label.set_text(f"{times(v.ratio)}: {v.verdict}")
    counts = {lab: sum(v.verdict == lab for v in rows) for lab in factcheck.VERDICTS}
    art["title"].set_text(
        f"Of {len(rows)} verdicts: " + ", ".join(f"{n} {lab}" for lab, n in counts.items() if n)
    )


def describe_verdicts(mfu_ratio: float = 1.0, **picks: str) -> str:
    """What the picture shows, in words and numbers: every verdict, its ratio and its reason."""
    rows = []
    for v in _verdicts(mfu_ratio, picks):
        ratio = "no ratio" if v.ratio is None else times(v.ratio)
        rows.append(
            f"<li><b>{html.escape(v.topic)}: {v.verdict}</b> ({ratio}). "
            f"{html.escape(v.reason)}</li>"
        )
    return "<ul>" + "".join(rows) + "</ul>"


@builder
def verdict_sensitivity() -> FigureWidget:
    """Pick a source for each disputed figure and an MFU ratio; see which verdicts move."""
    short = {"ascend_scale_up": "910C scale-up (one way)"}  # the long label left no room
    controls = {}
    for key, (what, _topic, _figures) in factcheck.CHOICES.items():
        labels = list(factcheck.options(key))
        controls[key] = dropdown(f"{short.get(key, what)}:", labels, value=labels[0])
    lo, hi = factcheck.MFU_RATIO_RANGE
    controls["mfu_ratio"] = slider("MFU ratio CM384 / NVL72", 1.0, lo, hi, 0.05)
    return UpdatingFigureWidget(
        draw_verdicts,
        controls,
        describe=describe_verdicts,
        figsize=(9.0, 5.0),
        caption="Every verdict, one row each: a numeric claim's CM384 / NVL72 ratio for the "
        "chosen sources as a bar with its verdict written beside it (blue, plain: holds; yellow, "
        "dotted: holds with caveats; purple, crossed: misleading) and the article's own ratio as "
        "a white diamond; a wording claim's verdict in words. Sources: helpers.specs "
        "(SemiAnalysis, NVIDIA, Huawei's paper).",
    )


def blast_radius_picture(systems: Sequence[specs.System | str] | None = None) -> plots.Picture:
    """The blast-radius figure with its caption, as notebook 08 shows it (``systems``: the
    article's two by default)."""
    return plots.show(
        draw_blast_radius,
        "For each failed part, the share of the domain's chips it touches (left, log scale) and "
        "the bandwidth each touched chip loses (right; for a second-level switch, of its node's "
        "links to other nodes); CloudMatrix 384 vermillion plain, GB200 NVL72 green hatched. "
        "Read off helpers.topology's graphs of the two systems (Huawei's paper, NVIDIA).",
        layout=lambda fig: fig.subplots(1, 2),
        figsize=(10, 4.5),
        systems=systems,
    )
