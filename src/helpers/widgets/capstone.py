"""Widgets and figures of notebook 08: the buyer's weighting and the blast radius of a failure."""

from __future__ import annotations

import functools
import html

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import NullLocator

from .. import buyer, factcheck, plots, reliability, specs
from ..specs import SYSTEMS
from ..units import percent, times
from .base import FigureWidget, builder, dropdown, slider

#: How the judged criteria are scored: the course's values, or the ends of their ranges.
JUDGEMENTS = {
    "the course's judgement": "value",
    "kind to CM384 (its best case, NVL72's worst)": "cm384_best",
    "kind to NVL72 (its best case, CM384's worst)": "nvl72_best",
}


def judged_scores(judgement: str) -> dict[str, tuple[float, float]]:
    """(CM384, NVL72) scores of the judged criteria under ``judgement`` (a value of
    :data:`JUDGEMENTS`): the course's values, or each end of their assumption ranges."""
    if judgement not in JUDGEMENTS.values():
        raise ValueError(f"judgement={judgement!r} is not one of {list(JUDGEMENTS.values())}")
    out = {}
    for c in buyer.criteria():
        if c.kind != "judged":
            continue
        cm, nv = (buyer.specs.get(f"buyer.{c.key}.{s}") for s in ("cm384", "nvl72"))
        out[c.key] = {
            "value": (cm.value, nv.value),
            "cm384_best": (cm.high, nv.low),
            "nvl72_best": (cm.low, nv.high),
        }[judgement]
    return out


def _weights(params: dict) -> dict[str, float]:
    return {c.key: float(params[c.key]) for c in buyer.criteria()}


def draw_buyer(ax: Axes, judgement: str = "value", **weights: float) -> None:
    """Each criterion's score times its weight, for both systems; the title names the winner, the
    weighted totals and the one weight that would flip the ranking most easily."""
    scores = judged_scores(judgement)
    crits = buyer.criteria()
    w = {c.key: float(weights.get(c.key, c.default_weight)) for c in crits}
    y = np.arange(len(crits))
    for i, system in enumerate(SYSTEMS):
        values = [w[c.key] * scores.get(c.key, (c.cm384, c.nvl72))[i] for c in crits]
        ax.barh(y + (i - 0.5) * 0.4, values, height=0.38, **plots.bar_style(system))
    labels = [c.key.replace("_", " ") + ("*" if c.kind == "judged" else "") for c in crits]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 10 * buyer.MAX_WEIGHT)
    ax.set_xlabel("weight x score (scores 0-10; * judged by the course)")
    ax.legend(loc="best", fontsize=11)
    if not sum(w.values()):
        ax.set_title("Give at least one criterion a weight", loc="left", y=1.0)
        return
    cm, nv = buyer.totals(w, scores=scores)
    win = buyer.winner(w, scores=scores)
    ax.set_title(
        f"{win} first: CM384 {cm:.1f} vs NVL72 {nv:.1f} (weighted mean)\n"
        f"{_easiest_flip(w, scores)}",
        loc="left",
        fontsize=12,
        y=1.0,
    )


def _easiest_flip(w: dict[str, float], scores: dict) -> str:
    """The criterion whose weight flips the ranking with the smallest move, in words."""
    best = None
    for c in buyer.criteria():
        at = buyer.flip_weight(c.key, w, scores)
        if at is not None and (best is None or abs(at - w[c.key]) < abs(best[1] - w[c.key])):
            best = (c.key, at)
    if best is None:
        return "No single weight in 0-5 flips it"
    return f"The smallest move that flips it: {best[0].replace('_', ' ')} weight to {best[1]:.1f}"


def describe_buyer(judgement: str = "value", **weights: float) -> str:
    """The winner, and for each criterion the weight at which the ranking would flip."""
    scores = judged_scores(judgement)
    w = {c.key: float(weights.get(c.key, c.default_weight)) for c in buyer.criteria()}
    if not sum(w.values()):
        return "All weights are 0: move a slider."
    cm, nv = buyer.totals(w, scores=scores)
    rows = [f"<b>CM384 {cm:.2f}</b> vs <b>NVL72 {nv:.2f}</b> (weighted mean of 0-10 scores)."]
    for c in buyer.criteria():
        at = buyer.flip_weight(c.key, w, scores)
        if at is not None:
            rows.append(f"{html.escape(c.label)}: the ranking flips at a weight of {at:.2f}")
    rows.append("* judged criteria: the course's assumptions (see the table of reasons).")
    return "<br>".join(rows)


@builder
def buyer_weighting() -> FigureWidget:
    """Weight the buyer's criteria (0-5) and see which system ranks first, and what flips it."""
    controls = {
        c.key: slider(c.key.replace("_", " "), c.default_weight, 0, buyer.MAX_WEIGHT, 0.5)
        for c in buyer.criteria()
    }
    controls["judgement"] = dropdown("judged scores:", list(JUDGEMENTS.items()), value="value")
    return FigureWidget(
        draw_buyer,
        controls,
        describe=describe_buyer,
        figsize=(9.0, 5.0),
        caption="For each criterion of the buyer's list, its weight times each system's score "
        "(CloudMatrix 384 vermillion plain, GB200 NVL72 green hatched); the title gives the "
        "weighted totals and the smallest change of one weight that flips the ranking. Starred "
        "criteria are judged by the course, not measured.",
    )


def draw_blast_radius(axes) -> None:
    """For each failed part: the share of the domain's chips it touches (left) and the share of
    bandwidth each touched chip loses (right), NVL72 beside CM384."""
    touched_ax, lost_ax = axes
    parts = list(reliability.PARTS)
    y = np.arange(len(parts))
    for i, system in enumerate(SYSTEMS):
        touched, lost = [], []
        for part in parts:
            try:
                b = reliability.blast_radius(system.key, part)
                touched.append(100 * b.share_touched)
                lost.append(100 * b.bandwidth_lost)
            except ValueError:  # the NVL72 has no second-level switch
                touched.append(np.nan)
                lost.append(np.nan)
        for ax, values in ((touched_ax, touched), (lost_ax, lost)):
            ax.barh(y + (i - 0.5) * 0.4, values, height=0.38, **plots.bar_style(system))
            for yy, v in zip(y, values, strict=True):
                if not np.isnan(v):
                    ax.annotate(
                        percent(v / 100, 2),
                        (v, yy + (i - 0.5) * 0.4),
                        va="center",
                        xytext=(3, 0),
                        textcoords="offset points",
                        fontsize=10,
                    )
    labels = [
        "a chip",
        "a chip's link",
        "a first-level switch",
        "a second-level\nswitch (CM384 only)",
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
    nv = reliability.blast_radius("nvl72", "first_level_switch")
    cm = reliability.blast_radius("cm384", "first_level_switch")
    touched_ax.set_title(
        f"A failed switch chip touches {nv.chips_touched} of {nv.domain_chips} NVL72 GPUs, "
        f"{cm.chips_touched} of {cm.domain_chips} CM384 NPUs",
        loc="left",
        fontsize=13,
        y=1.0,
    )


#: Colour, hatch and marker of each verdict (colour is never the only cue: the bar says it too).
#: Not the systems' colours (vermillion, bluish green): a bar here is a verdict, not a system.
VERDICT_STYLES = {
    "holds": {"color": plots.OKABE_ITO["blue"], "hatch": ""},
    "holds with caveats": {"color": plots.OKABE_ITO["yellow"], "hatch": ".."},
    "misleading": {"color": plots.OKABE_ITO["reddish_purple"], "hatch": "xx"},
}


@functools.lru_cache(maxsize=64)
def _cached_verdicts(mfu_ratio: float, picks: tuple[tuple[str, str], ...]) -> list:
    return factcheck.verdicts(factcheck.Scenario(dict(picks), mfu_ratio))


def _verdicts(mfu_ratio: float, picks: dict[str, str]) -> list:
    """The verdicts for these controls (cached: the picture and the readout ask for the same)."""
    return _cached_verdicts(float(mfu_ratio), tuple(sorted((k, v) for k, v in picks.items() if v)))


def draw_verdicts(ax: Axes, mfu_ratio: float = 1.0, **picks: str) -> None:
    """Each numeric claim's CM384 / NVL72 ratio under the chosen sources, coloured and labelled by
    its verdict, with the article's stated ratio as a diamond; log scale."""
    every = _verdicts(mfu_ratio, picks)
    shown = [v for v in every if v.ratio is not None]
    article = {
        k: specs.ARTICLE_FIGURES[f"{k}_ratio"].value for k in ("compute", "memory", "bandwidth")
    }
    y = np.arange(len(shown))
    for yy, v in zip(y, shown, strict=True):
        ax.barh(yy, v.ratio, height=0.6, edgecolor=plots.INK, **VERDICT_STYLES[v.verdict])
        ax.annotate(
            f"{times(v.ratio)}: {v.verdict}",
            (v.ratio, yy),
            xytext=(12, 0),
            textcoords="offset points",
            va="center",
            fontsize=11,
        )
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
    ax.set_xlim(0.4, 25)
    ax.set_yticks(y, [v.topic for v in shown])
    ax.invert_yaxis()
    ax.set_xlabel("CM384 / NVL72, log scale (diamond: the article's ratio)")
    counts = {label: sum(v.verdict == label for v in every) for label in factcheck.VERDICTS}
    ax.set_title(
        f"Of {len(every)} claims: " + ", ".join(f"{n} {lab}" for lab, n in counts.items() if n),
        loc="left",
        fontsize=13,
        y=1.0,
    )


def describe_verdicts(mfu_ratio: float = 1.0, **picks: str) -> str:
    """The verdicts and their reasons, as an HTML list."""
    rows = [
        f"<li><b>{html.escape(v.topic)}: {v.verdict}.</b> {html.escape(v.reason)}</li>"
        for v in _verdicts(mfu_ratio, picks)
    ]
    return "<ul>" + "".join(rows) + "</ul>"


@builder
def verdict_sensitivity() -> FigureWidget:
    """Pick a source for each disputed figure and an MFU ratio; see which verdicts move."""
    short = {"ascend_scale_up": "910C scale-up (one way)"}  # the long label left no room
    controls = {
        key: dropdown(f"{short.get(key, what)}:", list(options), value=next(iter(options)))
        for key, (what, options) in factcheck.CHOICES.items()
    }
    lo, hi = factcheck.MFU_RATIO_RANGE
    controls["mfu_ratio"] = slider("MFU ratio CM384 / NVL72", 1.0, lo, hi, 0.05)
    return FigureWidget(
        draw_verdicts,
        controls,
        describe=describe_verdicts,
        figsize=(9.0, 4.6),
        caption="Each numeric claim's CM384 / NVL72 ratio for the chosen sources, with its verdict "
        "written beside it (blue, plain: holds; yellow, dotted: holds with caveats; purple, "
        "crossed: misleading) and the article's own ratio as a white diamond. Sources: "
        "helpers.specs (SemiAnalysis, NVIDIA, Huawei's paper).",
    )


def blast_radius_picture() -> plots.Picture:
    """The blast-radius figure with its caption, as notebook 08 shows it."""
    return plots.show(
        draw_blast_radius,
        "For each failed part, the share of the domain's chips it touches (left, log scale) and "
        "the bandwidth each touched chip loses (right; for a second-level switch, of its node's "
        "links to other nodes); CloudMatrix 384 vermillion plain, GB200 NVL72 green hatched. "
        "Read off helpers.topology's graphs of the two systems (Huawei's paper, NVIDIA).",
        layout=lambda fig: fig.subplots(1, 2),
        figsize=(10, 4.5),
    )
