"""What notebook 09 shows of a claim: its bases, its ladder, its verdict, what moves it, the
verdict rules; and the learner's own claim from a form's fields (text in, text out)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from .. import factcheck, specs, tables
from ..specs import System
from ..tables import Table
from ..units import si, times
from .basis import APPLIES, ATTRIBUTES, PRECISIONS, UNITS, WORDS, Basis, Missing, figure_on
from .claim import Claim, claim, precisions
from .ladder import STEPS, moves, normalise, verdict


def headline_basis(system: object, quantity: str) -> Basis:
    """How a maker's headline quotes ``system``'s ``quantity``: its fewest-bit peak (sparse
    where published), HBM and CPU memory where it has both, both directions, the unit base its
    total was quoted in."""
    from .. import checks

    s = checks.system("system", system)
    base = Basis()
    if quantity in ("compute", "efficiency"):
        peaks = [p for p in PRECISIONS if s.chip.peak(p) is not None or s.chip.peak(p, True)]
        if peaks:
            p = peaks[0]
            base = base.but(precision=p, sparse=s.chip.peak(p, True) is not None)
        elif precisions(s):
            base = base.but(precision=precisions(s)[0], measured=True)
    if quantity == "memory capacity" and s.cpu_memory is not None:
        base = base.but(tier="hbm+cpu")
    key = {"memory capacity": "hbm_capacity", "memory bandwidth": "hbm_bandwidth"}.get(
        quantity, "scale_up_bandwidth"
    )
    if getattr(s, "quoted_base", {}).get(key) == "binary":
        base = base.but(binary=True)
    return base


def _value(system: System, quantity: str, basis: Basis) -> str:
    try:
        return si(figure_on(system, quantity, basis), UNITS[quantity])
    except Missing as err:
        return f"missing: {err.figure}"


def basis_table(c: Claim) -> Table:
    """What each side's figure counts, and whether the claim's words say so."""
    rows = []
    for attribute in ATTRIBUTES:
        if attribute not in APPLIES[c.quantity]:
            continue
        cb, bb = (WORDS[attribute](b) for b in c.bases)
        said = "stated" if attribute in c.says else "unsaid"
        flag = "" if cb == bb else "differs"
        rows.append([attribute, cb, bb, said, flag])
    rows.append(["status", *(f"{s.status} {s.date}".strip() for s in c.systems), "", ""])
    values = (_value(s, c.quantity, b) for s, b in zip(c.systems, c.bases, strict=True))
    rows.append(["value", *values, "", ""])
    return Table(
        ("what the figure counts", c.challenger.short, c.baseline.short, "the words", ""),
        rows,
        caption=f"The {c.quantity} each side's figure counts as the claim sets them side by "
        "side; “unsaid”: the words leave it out and the course reads it from the sources.",
    )


def ladder_table(c: Claim, steps: Iterable[str] | None = None) -> Table:
    """Each rung of :func:`normalise`: the ratio before and after, its factor or why not."""
    ladder = normalise(c, steps)
    first = "-" if ladder.as_claimed is None else times(ladder.as_claimed)
    rows = [["as the claim sets them", "", first, ladder.missing or ""]]
    for rung in ladder.rungs:
        after = "-" if rung.after is None else times(rung.after)
        factor = "" if rung.factor is None else f"x {rung.factor:.3g}"
        if rung.taken and rung.bases is not None:
            note = "now " + " / ".join(WORDS[rung.step.attribute](b) for b in rung.bases)
        else:
            note = rung.note
        rows.append([rung.step.name, factor, after, note])
    return Table(
        ("step", "factor", f"{c.challenger.short} / {c.baseline.short}", "note"),
        rows,
        caption="The ladder: each step sets one thing both figures count to the same, with its "
        "factor computed from the registry.",
    )


def verdict_table(claims: Iterable[Claim], steps: Iterable[str] | None = None) -> Table:
    """One row per claim: stated, as claimed, like for like, the verdict and why."""
    rows = []
    for c in claims:
        v = verdict(c, steps)
        own = "-" if v.as_claimed is None else times(v.as_claimed)
        like = "-" if v.like_for_like is None else times(v.like_for_like)
        rows.append([c.quantity, c.stated.describe(), own, like, v.verdict, v.reason])
    return Table(
        ("quantity", "stated", "as claimed", "like for like", "verdict", "why"),
        rows,
        caption="Verdicts by notebook 08's rules: the stated ratio against the figures on the "
        "claim's own basis and like for like.",
    )


def moves_table(c: Claim) -> Table:
    """What each rival figure of the sources does to the ratios and the verdict."""
    rows = [
        [
            m.topic,
            f"{si(m.figure.value, m.figure.unit)} ({m.figure.name})",
            times(m.as_claimed),
            times(m.ratio),
            m.verdict,
        ]
        for m in moves(c)
    ]
    if not rows:
        rows = [["no source spread behind these figures", "", "", "", ""]]
    return Table(
        ("topic", "rival figure", "as claimed", "like for like", "verdict"),
        rows,
        caption="What moves it: each figure the sources disagree on, in place of the one the "
        "course uses (helpers.specs.SPREADS).",
    )


def steps_table() -> Table:
    """The ladder's steps: what each sets on both sides, and why it matters."""
    rows = [
        [
            s.name,
            "a change of view" if s.view else "a correction" if s.attribute else "a note",
            s.explain,
        ]
        for s in STEPS
    ]
    return Table(
        ("step", "kind", "why"),
        rows,
        caption="The normalisation ladder, walked top to bottom: corrections make both figures "
        "count the same thing; views change what both count; the last is a caveat, not a factor.",
    )


def rules_table() -> Table:
    """The verdicts and their rules (:data:`helpers.factcheck.VERDICT_RULES`)."""
    return Table(
        ("verdict", "when"),
        [[label, factcheck.VERDICT_RULES[label]] for label in factcheck.VERDICTS],
        caption="The verdicts of notebooks 08 and 09 and the rule behind each.",
    )


#: The fields of the learner's form and what each accepts, for the form's help text.
FORM_FIELDS = (
    "challenger",
    "baseline",
    "quantity",
    "stated",
    "challenger_basis",
    "baseline_basis",
)


class Checked(str):
    """HTML text that a notebook shows as HTML (what :func:`check_claim` returns)."""

    def _repr_html_(self) -> str:
        return str(self)


def check_claim(fields: Mapping[str, object]) -> Checked:
    """The verdict on a learner's claim from a form's ``fields`` (:data:`FORM_FIELDS`), as
    HTML; a field that cannot be read gets a message naming it and what it accepts, never a
    traceback. Nothing is evaluated."""
    try:
        unknown = set(fields) - set(FORM_FIELDS)
        if unknown:
            raise ValueError(f"fields {sorted(unknown)} are not fields of the form")
        c = claim(
            fields.get("challenger"),
            fields.get("baseline"),
            fields.get("quantity"),
            fields.get("stated"),
            fields.get("challenger_basis"),
            fields.get("baseline_basis"),
        )
    except (TypeError, ValueError) as err:
        return Checked(f"<p>⚠️ <b>Cannot check this claim yet.</b> {html.escape(str(err))}</p>")
    v = verdict(c)
    lines = [
        f"<p><b>Verdict: {html.escape(v.verdict)}.</b> {html.escape(v.reason)}</p>",
        "<ul>",
    ]
    for rung in v.ladder.rungs:
        what = f"x {rung.factor:.3g}" if rung.factor is not None else rung.note
        lines.append(f"<li>{html.escape(rung.step.name)}: {html.escape(what)}</li>")
    lines.append("</ul>")
    return Checked("\n".join(lines))


def headline_sources(keys: Iterable[str] | None = None) -> tables.SourceList:
    """Where the headlines' words are printed (:data:`.shipped.HEADLINES`)."""
    from .shipped import HEADLINES

    chosen = [HEADLINES[k] for k in (keys or HEADLINES)]
    return tables.SourceList(list({h.source.key: h.source for h in chosen}.values()))


def figures_used(claims: Iterable[Claim]) -> tuple[specs.Figure, ...]:
    """The registry's figures behind ``claims`` (for a sources section)."""
    from .ladder import _figures_behind

    names: set[str] = set()
    for c in claims:
        ladder = normalise(c)
        for bases in (c.bases, ladder.bases):
            for s, b in zip(c.systems, bases, strict=True):
                names |= _figures_behind(s, c.quantity, b)
    return tuple(specs.get(n) for n in sorted(names) if n in specs.FIGURES)


__all__ = [
    "FORM_FIELDS",
    "STEPS",
    "basis_table",
    "check_claim",
    "figures_used",
    "headline_basis",
    "headline_sources",
    "ladder_table",
    "moves_table",
    "rules_table",
    "steps_table",
    "verdict_table",
]
