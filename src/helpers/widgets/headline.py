"""Widgets of notebook 09: the normalisation ladder of two systems and a quantity, and the
learner's own claim in a form (text fields and dropdowns; parsed, never run)."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
from matplotlib.axes import Axes
from matplotlib.ticker import LogLocator, NullLocator

from .. import headline, plots, specs
from ..headline import report
from ..headline.basis import PRECISIONS, QUANTITIES, UNITS, WORDS, Missing, figure_on
from ..units import si, times
from .base import FigureWidget, builder, dropdown

#: The corrections the widget toggles, in ladder order: control name -> step key.
TOGGLES: dict[str, str] = {
    "peak": "peak",
    "precision": "precision",
    "dense": "dense",
    "hbm": "hbm",
    "both_ways": "both_ways",
    "bytes": "bytes",
    "decimal": "decimal",
}
SCOPE_STEP = {"system": None, "package": "per_package", "die": "per_die"}
#: The ratio axis: fixed, so that settings compare (a log scale, 1x in the middle).
X_RANGE = (1e-3, 1e4)
_ROWS = 1 + len(TOGGLES) + 1


def _pair() -> tuple[str, str]:
    """The default pair: Huawei's Atlas 950 against NVIDIA's Vera Rubin rack when registered,
    else the article's."""
    if "atlas950" in specs.SYSTEMS and "vr_nvl72" in specs.SYSTEMS:
        return "atlas950", "vr_nvl72"
    return tuple(s.key for s in specs.ARTICLE_PAIR.systems)  # type: ignore[return-value]


def _claim(challenger: str, baseline: str, quantity: str) -> headline.Claim:
    """The pair as the makers quote them: each side's headline basis."""
    c, b = specs.system(challenger), specs.system(baseline)
    bases = (report.headline_basis(c, quantity), report.headline_basis(b, quantity))
    return headline.Claim(c, b, quantity, headline.read_stated(1), bases)


def _steps(scope: str, toggled: dict[str, bool]) -> list[str]:
    keys = [TOGGLES[name] for name, on in toggled.items() if on]
    return keys + ([SCOPE_STEP[scope]] if SCOPE_STEP[scope] else [])


def walk(
    challenger: str, baseline: str, quantity: str, scope: str = "system", **toggled: bool
) -> headline.Ladder:
    """The ladder the widget draws: the pair as quoted, walked down the toggled steps."""
    return headline.normalise(_claim(challenger, baseline, quantity), _steps(scope, toggled))


def ladder_layout(fig: Any) -> tuple[Axes, Axes]:
    """The ladder's axes: the ratios, and a twin whose right-hand labels give each row's factor."""
    ax = fig.add_subplot()
    return ax, ax.twinx()


def _short_note(note: str) -> str:
    if note.startswith("nothing to change"):
        return "no change"
    if note.startswith("cannot be taken: "):
        return "cannot: " + note.removeprefix("cannot be taken: ").split(":")[0]
    return note


def _rows(
    challenger: str, baseline: str, quantity: str, scope: str = "system", **toggled: bool
) -> dict[str, Any]:
    """What the ladder picture shows: the points, the row labels, the notes, title and label."""
    ladder = walk(challenger, baseline, quantity, scope, **toggled)
    c, b = ladder.claim.systems
    labels = ["as the makers quote them"]
    xs: list[float] = []
    ys: list[int] = []
    start = ladder.as_claimed
    if start is not None:
        xs.append(start)
        ys.append(0)
    notes = [times(start) if start is not None else "cannot be computed"]
    rungs = {r.step.key: r for r in ladder.rungs}
    ratio = start
    for key in _steps(scope, toggled):
        rung = rungs.get(key)
        labels.append(headline.step(key).name)
        y = len(labels) - 1
        if rung is not None and not rung.taken and rung.note.startswith("cannot"):
            notes.append(_short_note(rung.note))
            continue
        if rung is not None and rung.taken:
            ratio = rung.after
            notes.append(f"x {rung.factor:.3g} = {times(ratio)}")
        else:  # the ratio stays: nothing to change, or the step is not about this quantity
            notes.append("x 1: " + ("no change" if rung is not None else f"not for {quantity}"))
        if ratio is not None:
            xs.append(ratio)
            ys.append(y)
    end = ladder.ratio
    title = (
        f"{c.short} / {b.short}: {times(end) if end is not None else 'cannot be checked'}"
        f" {quantity} after {sum(r.taken for r in ladder.rungs)} step(s)"
    )
    xlabel = f"{c.short} / {b.short}, {quantity} (ratio, log scale; 1x = equal)"
    return {"xs": xs, "ys": ys, "labels": labels, "notes": notes, "title": title, "xlabel": xlabel}


def draw_ladder(
    axes: Any,
    challenger: str = "cm384",
    baseline: str = "nvl72",
    quantity: str = "compute",
    scope: str = "system",
    **toggled: bool,
) -> None:
    """The ratio challenger / baseline as the makers quote them (top row), then after each step
    taken (a row each, downwards), on a fixed log axis; the right-hand labels give each step's
    factor, or why it changes nothing or cannot be taken. ``axes``: :func:`ladder_layout`'s
    pair, or one ``Axes`` (then the factors are not labelled)."""
    ax, notes_ax = axes if isinstance(axes, tuple) else (axes, None)
    rows = _rows(challenger, baseline, quantity, scope, **toggled)
    line = plots.series_style(0)
    ax.plot(
        rows["xs"],
        rows["ys"],
        color=line["color"],
        linestyle="-",
        marker="o",
        markersize=10,
        zorder=3,
        gid="ladder",
    )
    ax.axvline(1, color=plots.INK, linewidth=1.2)
    ax.set_xscale("log")
    ax.set_xlim(*X_RANGE)
    ax.xaxis.set_major_locator(LogLocator(numticks=8))
    ax.xaxis.set_minor_locator(NullLocator())
    for a in (ax, notes_ax):
        if a is not None:
            a.set_ylim(_ROWS - 0.5, -0.5)
    _label(ax, notes_ax, rows)


def _label(ax: Axes, notes_ax: Axes | None, rows: dict[str, Any]) -> None:
    ax.set_yticks(range(len(rows["labels"])), rows["labels"])
    if notes_ax is not None:
        notes_ax.set_yticks(range(len(rows["notes"])), rows["notes"])
        notes_ax.grid(False)
    ax.set_xlabel(rows["xlabel"])
    ax.set_title(rows["title"], fontsize=13)


def update_ladder(axes: Any, **params: Any) -> bool:
    """Move what :func:`draw_ladder` drew to ``params`` (those of :func:`draw_ladder`) in place:
    the line, the row labels and notes, the title; False when there is nothing to move yet."""
    ax, notes_ax = axes if isinstance(axes, tuple) else (axes, None)
    lines = [line for line in ax.get_lines() if line.get_gid() == "ladder"]
    if not lines:
        return False
    rows = _rows(**params)
    lines[0].set_data(rows["xs"], rows["ys"])
    _label(ax, notes_ax, rows)
    return True


def describe_ladder(
    challenger: str = "cm384",
    baseline: str = "nvl72",
    quantity: str = "compute",
    scope: str = "system",
    **toggled: bool,
) -> str:
    """The figures each side starts from, every step toggled with its factor (or why it was
    not taken), and the ratio it ends on."""
    ladder = walk(challenger, baseline, quantity, scope, **toggled)
    claim = ladder.claim
    lines = []
    for system, start, end in zip(claim.systems, claim.bases, ladder.bases, strict=True):
        try:
            first = si(figure_on(system, quantity, start), UNITS[quantity])
            last = si(figure_on(system, quantity, end), UNITS[quantity])
        except Missing as err:
            first = last = f"not in the registry ({err.figure})"
        counted = ", ".join(WORDS[a](start) for a in headline.basis.APPLIES[quantity])
        lines.append(f"{system.name}: quoted {first} ({counted}); after the steps {last}.")
    rungs = {r.step.key: r for r in ladder.rungs}
    for key in _steps(scope, toggled):
        rung = rungs.get(key)
        if rung is None:
            what = f"x 1 (does not concern {quantity})"
        elif rung.taken:
            what = f"x {rung.factor:.3g}"
        elif rung.note.startswith("cannot"):
            what = rung.note
        else:
            what = f"x 1 ({rung.note})"
        lines.append(f"{headline.step(key).name}: {what}.")
    end = ladder.ratio
    lines.append(
        f"Ratio: {times(end)}." if end is not None else "The registry cannot give this ratio."
    )
    return "<br>".join(html.escape(line) for line in lines)


@builder
def ladder_explorer() -> FigureWidget:
    """Pick two systems and a quantity; toggle each normalisation and watch the ratio move."""
    first, second = _pair()
    names = [(s.name, s.key) for s in specs.SYSTEMS.values()]
    controls: dict[str, Any] = {
        "challenger": dropdown("Challenger:", names, first),
        "baseline": dropdown("Baseline:", names, second),
        "quantity": dropdown("Quantity:", list(QUANTITIES), "compute"),
        "scope": dropdown("Compare:", [(f"per {s}", s) for s in ("system", "package", "die")]),
    }
    for name, key in TOGGLES.items():
        controls[name] = w.Checkbox(value=False, description=headline.step(key).name, indent=False)
    widest = {name: True for name in TOGGLES} | {"scope": "die", "quantity": "compute"}
    return FigureWidget(
        draw_ladder,
        controls,
        describe=describe_ladder,
        layout=ladder_layout,
        update=update_ladder,
        lay_out_with=widest,
        figsize=(9.0, 4.8),
        caption="The ratio of the two systems' figures as their makers quote them (top), then "
        "after each normalisation toggled on, one row per step, on a fixed log axis (1x: "
        "equal); beside each row its factor, or why the step changes nothing or cannot be "
        "taken.",
    )


class ClaimForm(w.VBox):
    """The learner's own claim: two systems, a quantity, the stated ratio as words, and what
    each side's figure counts; Check shows the verdict or a message naming the field to fix."""

    def __init__(self) -> None:
        first, second = _pair()
        names = [(s.name, s.key) for s in specs.SYSTEMS.values()]
        self.fields: dict[str, Any] = {
            "challenger": dropdown("Challenger:", names, first),
            "baseline": dropdown("Baseline:", names, second),
            "quantity": dropdown("Quantity:", list(QUANTITIES), "compute"),
            "stated": w.Text(
                value="",
                description="Stated ratio:",
                placeholder="e.g. 6.7 times, 360 % of, more than 24x",
                style={"description_width": "initial"},
            ),
        }
        self.sides: dict[str, dict[str, Any]] = {}
        rows = []
        for side in ("challenger", "baseline"):
            controls = {
                "precision": dropdown(f"{side} precision:", list(PRECISIONS), "bf16"),
                "sparse": w.Checkbox(value=False, description="sparse", indent=False),
                "measured": w.Checkbox(value=False, description="measured", indent=False),
                "tier": dropdown("memory:", [("HBM", "hbm"), ("HBM + CPU", "hbm+cpu")]),
                "direction": dropdown("direction:", [("both", "both"), ("one", "one")]),
            }
            for control in controls.values():
                control.layout = w.Layout(width="auto")
            self.sides[side] = controls
            rows.append(w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap")))
        self.button = w.Button(description="Check", button_style="info", icon="check")
        self.result = w.HTML()
        self.button.on_click(lambda _b: self.check())
        for name in ("challenger", "baseline", "quantity"):
            self.fields[name].observe(self._prefill, names="value")
        self._prefill()
        super().__init__([*self.fields.values(), *rows, self.button, self.result])

    def _prefill(self, _change: Any = None) -> None:
        """Set what each side's figure counts to what its maker's headline quotes (the learner
        edits it to match the words)."""
        quantity = self.fields["quantity"].value
        for side, controls in self.sides.items():
            basis = report.headline_basis(self.fields[side].value, quantity)
            for name, control in controls.items():
                control.value = getattr(basis, name)

    def values(self) -> dict[str, object]:
        """The form's fields, as :func:`helpers.headline.report.check_claim` takes them."""
        out: dict[str, object] = {k: c.value for k, c in self.fields.items()}
        for side, controls in self.sides.items():
            out[f"{side}_basis"] = {k: c.value for k, c in controls.items()}
        return out

    def check(self) -> str:
        """Check the claim as filled in; the verdict, or a message naming the field to fix."""
        self.result.value = report.check_claim(self.values())
        return self.result.value


def claim_form() -> ClaimForm:
    """The form for the learner's own claim (not a figure widget: it has no picture)."""
    return ClaimForm()
