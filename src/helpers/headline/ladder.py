"""The normalisation ladder: explicit steps that bring the two sides of a claim onto one basis,
each with its factor computed from the registry, and the verdict on the result.

Each :class:`Step` sets one attribute of both sides' bases (:class:`~.basis.Basis`) to a common
value: the like-for-like one for the corrections (peak, one precision, dense, HBM alone, both
directions, bytes, decimal TB), a chosen one for the views (per package, per die). Applying a
step and undoing it gives back the bases it started from (:meth:`Step.apply`, :meth:`Step.undo`).
:func:`normalise` walks the ladder; :func:`verdict` compares the stated ratio with the ratio on
the claim's own basis and like for like, with the rules and words of notebook 08
(:data:`helpers.factcheck.VERDICTS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from .. import factcheck, specs
from ..specs import System
from ..units import percent, times
from .basis import APPLIES, BINARY_SHARE, PRECISIONS, WORDS, Basis, Missing
from .claim import Claim, precisions

Bases = tuple[Basis, Basis]


def _common_precision(claim: Claim, bases: Bases) -> str:
    """The precision both systems have a peak in: the challenger's as claimed, else the
    baseline's, else the first both have (fewest bits first)."""
    both = [p for p in precisions(claim.challenger) if p in precisions(claim.baseline)]
    peaks = [p for p in both if all(s.chip.peak(p) is not None for s in claim.systems)] or both
    for p in (bases[0].precision, bases[1].precision, *PRECISIONS):
        if p in peaks:
            return p
    raise Missing(
        f"a precision both {claim.challenger.name} and {claim.baseline.name} are rated in",
        f"they share none ({list(precisions(claim.challenger))} against "
        f"{list(precisions(claim.baseline))})",
    )


@dataclass(frozen=True)
class Step:
    """One rung of the ladder.

    Attributes:
        key: short name ("dense").
        name: what it does, as the widget's toggle says it ("dense, not sparse").
        attribute: the :class:`~.basis.Basis` attribute it sets on both sides ("" for a note that
            changes no figure: announced against shipped).
        target: the value it sets, given the claim and the current bases.
        explain: why the step matters, in one sentence.
        view: True for a change of view (per package, per die), False for a correction.
    """

    key: str
    name: str
    attribute: str
    target: Callable[[Claim, Bases], object]
    explain: str
    view: bool = False

    def applies(self, claim: Claim) -> bool:
        """Does the step concern this claim's quantity?"""
        return self.attribute == "" or self.attribute in APPLIES[claim.quantity]

    def apply(self, claim: Claim, bases: Bases) -> tuple[Bases, tuple[object, object]]:
        """The bases with this step taken, and what it replaced (for :meth:`undo`)."""
        if not self.attribute:
            return bases, (None, None)
        value = self.target(claim, bases)
        memo = tuple(getattr(b, self.attribute) for b in bases)
        new = tuple(replace(b, **{self.attribute: value}) for b in bases)
        return (new[0], new[1]), (memo[0], memo[1])

    def undo(self, bases: Bases, memo: tuple[object, object]) -> Bases:
        """The bases before :meth:`apply` (given what it returned as ``memo``)."""
        if not self.attribute:
            return bases
        return (
            replace(bases[0], **{self.attribute: memo[0]}),
            replace(bases[1], **{self.attribute: memo[1]}),
        )


#: The ladder, in the order it is walked.
STEPS: tuple[Step, ...] = (
    Step(
        "peak",
        "peak against peak, not measured",
        "measured",
        lambda c, b: False,
        "A measured result (a benchmark run) is a share of a peak; set peaks against peaks.",
    ),
    Step(
        "precision",
        "one precision on both sides",
        "precision",
        _common_precision,
        "An FP8 FLOP is half the bits of a BF16 one and a quarter of an FP64 one; most chips "
        "do twice the FP8 operations of BF16.",
    ),
    Step(
        "dense",
        "dense, not sparse",
        "sparse",
        lambda c, b: False,
        "A 2:4 sparse peak counts the zeros a sparse matrix skips: twice the dense peak.",
    ),
    Step(
        "hbm",
        "HBM alone, not HBM and CPU memory",
        "tier",
        lambda c, b: "hbm",
        "Memory on the CPUs is slower and further away than the accelerators' HBM.",
    ),
    Step(
        "both_ways",
        "both directions on both sides",
        "direction",
        lambda c, b: "both",
        "A link that carries X each way is quoted as 2X counting both directions.",
    ),
    Step(
        "bytes",
        "bytes, not bits",
        "bits",
        lambda c, b: False,
        "A bandwidth in bits per second is 8 times the number in bytes per second.",
    ),
    Step(
        "decimal",
        "TB, not TiB",
        "binary",
        lambda c, b: False,
        f"A total divided by 1,024 instead of 1,000 reads {percent(1 - BINARY_SHARE, 2)} low "
        "when taken as decimal TB.",
    ),
    Step(
        "per_package",
        "per package (chip as sold)",
        "scope",
        lambda c, b: "package",
        "A system of many chips beats one of few on totals; per chip shows each chip's share.",
        view=True,
    ),
    Step(
        "per_die",
        "per die",
        "scope",
        lambda c, b: "die",
        "A package can hold two dies (NVIDIA's 'NVL144' counted 144 dies in 72 packages).",
        view=True,
    ),
    Step(
        "shipped",
        "announced against shipped",
        "",
        lambda c, b: None,
        "An announced figure can change before it ships; a shipped one has been delivered.",
    ),
)
STEP_KEYS: tuple[str, ...] = tuple(s.key for s in STEPS)
CORRECTIONS: tuple[str, ...] = tuple(s.key for s in STEPS if not s.view and s.attribute)


def step(key: str) -> Step:
    """The step called ``key`` (one of :data:`STEP_KEYS`)."""
    for s in STEPS:
        if s.key == key:
            return s
    raise ValueError(f"step={key!r} is not a step of the ladder; steps are {list(STEP_KEYS)}")


@dataclass(frozen=True)
class Rung:
    """One step as walked: the ratio before and after, or why it was not taken."""

    step: Step
    before: float | None
    after: float | None
    taken: bool
    note: str
    bases: Bases | None = None  # what both sides count after the step, when taken

    @property
    def factor(self) -> float | None:
        """after / before, when both are known."""
        if not self.taken or self.before is None or self.after is None:
            return None
        return self.after / self.before


@dataclass(frozen=True)
class Ladder:
    """A claim walked down the ladder: its ratio as claimed, each rung, and where it ends."""

    claim: Claim
    as_claimed: float | None
    missing: str
    rungs: tuple[Rung, ...]
    bases: Bases

    @property
    def ratio(self) -> float | None:
        """The ratio after every step taken (the like-for-like one after the corrections)."""
        taken = [r.after for r in self.rungs if r.taken]
        return taken[-1] if taken else self.as_claimed

    @property
    def not_taken(self) -> tuple[Rung, ...]:
        """The steps that were needed but could not be taken (a figure is missing)."""
        return tuple(r for r in self.rungs if not r.taken and r.note.startswith("cannot"))


def _status_note(systems: Sequence[System]) -> str:
    announced = [f"{s.name} (announced {s.date})" for s in systems if s.status != "shipped"]
    if not announced:
        return "both shipped: no factor"
    return "no factor, a caveat: " + ", ".join(announced) + " not shipped when compared"


def normalise(claim: Claim, steps: Iterable[str] | None = None) -> Ladder:
    """Walk ``claim`` down the ladder: the steps named in ``steps`` (keys of :data:`STEP_KEYS`,
    in ladder order whatever order they are given in), by default every correction. A step that
    changes nothing, or needs a figure the registry does not have, is shown but not taken."""
    wanted = set(CORRECTIONS if steps is None else (step(k).key for k in steps))
    bases = claim.bases
    try:
        ratio: float | None = claim.ratio(bases)
        missing = ""
    except Missing as err:
        ratio, missing = None, str(err)
    start = ratio
    rungs = []
    for s in STEPS:
        if s.key not in wanted or not s.applies(claim):
            continue
        if not s.attribute:
            rungs.append(Rung(s, ratio, ratio, False, _status_note(claim.systems)))
            continue
        try:
            new, _memo = s.apply(claim, bases)
        except Missing as err:
            rungs.append(Rung(s, ratio, None, False, f"cannot be taken: {err}"))
            continue
        if new == bases:
            words = WORDS[s.attribute](bases[0])
            rungs.append(Rung(s, ratio, ratio, False, f"nothing to change: both {words}"))
            continue
        try:
            after = claim.ratio(new)
        except Missing as err:
            rungs.append(Rung(s, ratio, None, False, f"cannot be taken: {err}"))
            continue
        if ratio is None:
            note = "taken; the ratio as claimed could not be computed"
        else:
            note = f"x {after / ratio:.3g}"
        rungs.append(Rung(s, ratio, after, True, note, new))
        bases, ratio = new, after
    return Ladder(claim, start, missing, tuple(rungs), bases)


@dataclass(frozen=True)
class HeadlineVerdict:
    """The verdict on one claim.

    Attributes:
        verdict: one of :data:`helpers.factcheck.VERDICTS`.
        reason: why, in numbers.
        as_claimed: the ratio on the claim's own basis (``None``: a figure is missing).
        like_for_like: the ratio after the corrections.
        readings: for an ambiguous statement, (reading, verdict) for each reading.
        ladder: the walk behind it.
    """

    verdict: factcheck.VerdictLabel
    reason: str
    as_claimed: float | None
    like_for_like: float | None
    readings: tuple[tuple[float, factcheck.VerdictLabel], ...]
    ladder: Ladder


def _judge(stated: float, claim: Claim, ladder: Ladder) -> factcheck.VerdictLabel:
    """The like-for-like ratio decides (:func:`helpers.factcheck.stated_verdict`); a claim that
    holds only once its figures are made to count the same thing holds with caveats. Without a
    like-for-like ratio, the ratio on the claim's own basis decides."""
    s = claim.stated
    at_least = s.qualifier == "more than"
    own = factcheck.stated_verdict(ladder.as_claimed, stated, s.step, at_least=at_least)
    like = ladder.ratio
    if like is None or ladder.as_claimed is None:
        return own
    fair = factcheck.stated_verdict(like, stated, s.step, at_least=at_least)
    corrected = abs(like - ladder.as_claimed) > 1e-12 * abs(like)
    return "holds with caveats" if fair == "holds" and corrected else fair


def verdict(claim: Claim, steps: Iterable[str] | None = None) -> HeadlineVerdict:
    """The verdict on ``claim``: its stated ratio against the ratio on its own basis and like for
    like (after the corrections of :func:`normalise`, or ``steps``)."""
    ladder = normalise(claim, steps)
    readings = tuple((r, _judge(r, claim, ladder)) for r in claim.stated.readings)
    label = readings[0][1]
    if ladder.as_claimed is None:
        reason = f"The registry cannot check it: {ladder.missing}."
    else:
        reason = f"On the claim's own basis the figures give {times(ladder.as_claimed)}"
        like = ladder.ratio
        if like is not None and abs(like - ladder.as_claimed) > 1e-12 * abs(like):
            taken = ", ".join(r.step.name for r in ladder.rungs if r.taken)
            reason += f"; like for like ({taken}) {times(like)}"
        s = claim.stated
        stated = f"{s.qualifier + ' ' if s.qualifier else ''}{s.value:g}x"
        reason += f", against the stated {stated}."
    for r in ladder.not_taken:
        reason += f" Not checked: {r.step.name} ({r.note.removeprefix('cannot be taken: ')})."
    if any(s.status != "shipped" for s in claim.systems):
        reason += f" Caveat: {_status_note(claim.systems).removeprefix('no factor, a caveat: ')}."
    if claim.stated.ambiguous:
        other = "; ".join(f"read as {v:g}x the verdict is {lab}" for v, lab in readings[1:])
        reason += f" Ambiguous wording: {claim.stated.why}; {other}."
    return HeadlineVerdict(label, reason, ladder.as_claimed, ladder.ratio, readings, ladder)


def _inputs(fig: specs.Figure) -> set[str]:
    """``fig``'s name and those of the figures it is derived from (registered ones)."""
    names = {fig.name}
    for name in fig.inputs:
        if name in specs.FIGURES:
            names |= _inputs(specs.FIGURES[name])
    return names


def _figures_behind(system: System, quantity: str, basis: Basis) -> set[str]:
    """The names of the registry's figures a side's value of ``quantity`` on ``basis`` is made
    of (its inputs, followed to the recorded figures)."""
    compute = None
    if quantity in ("compute", "efficiency"):
        if basis.measured:
            compute = next(iter(system.measured.values()), None)
        else:
            compute = system.peak(basis.precision, basis.sparse)
    candidates = {
        "compute": [compute],
        "memory capacity": [
            system.hbm_capacity,
            system.cpu_memory if basis.tier == "hbm+cpu" else None,
        ],
        "memory bandwidth": [system.hbm_bandwidth],
        "scale-up bandwidth": [system.scale_up_bandwidth],
        "power": [system.power],
        "efficiency": [compute, system.power],
        "price": [system.price],
    }[quantity]
    names: set[str] = set()
    for fig in candidates:
        if fig is not None:
            names |= _inputs(fig)
    return names


@dataclass(frozen=True)
class Move:
    """What one rival figure of :data:`helpers.specs.SPREADS` does to a claim: the ratio on the
    claim's own basis and like for like with it in place of the course's, and the verdict."""

    topic: str
    figure: specs.Figure
    as_claimed: float
    ratio: float
    verdict: factcheck.VerdictLabel


def moves(claim: Claim) -> tuple[Move, ...]:
    """Each rival figure (a source spread) behind either side, on the claim's own basis or like
    for like, and the ratios and verdict with it in place of the figure the course uses (totals
    scale with it)."""
    base = verdict(claim)
    if base.like_for_like is None or base.as_claimed is None:
        return ()
    out = []
    for side, system in enumerate(claim.systems):
        own_names = _figures_behind(system, claim.quantity, claim.bases[side])
        like_names = _figures_behind(system, claim.quantity, base.ladder.bases[side])
        for topic, figs in specs.SPREADS.items():
            used = figs[0]
            if used.name not in own_names | like_names or not used.value:
                continue
            for alt in figs[1:]:
                if alt.unit != used.unit:
                    continue
                scale = alt.value / used.value if side == 0 else used.value / alt.value
                own = base.as_claimed * (scale if used.name in own_names else 1.0)
                like = base.like_for_like * (scale if used.name in like_names else 1.0)
                rung = Rung(STEPS[0], own, like, True, "")
                ladder = replace(base.ladder, as_claimed=own, rungs=(rung,))
                label = _judge(claim.stated.value, claim, ladder)
                out.append(Move(topic, alt, own, like, label))
    return tuple(out)
