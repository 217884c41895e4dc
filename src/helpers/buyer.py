"""The buyer's view: rank systems (the article's two by default) for a buyer's priorities, and
find where the answer flips.

The article ends on a buyer's list: software support, integration, developer tools, pricing and
energy. Each criterion gives each system a score from 0 to 10:

- *measured* criteria are computed from :mod:`helpers.specs`: the best system gets 10 and each
  other 10 x its share of the best value (peak dense BF16, HBM capacity, chips in one scale-up
  domain, PFLOP/s per dollar, FLOP/s per watt);
- *judged* criteria (software support, integration, developer tools) are the course's judgement,
  recorded as assumptions with a range and the reasons (``buyer.*`` in specs), which the learner
  can change.

A buyer sets a weight (0 to 5) per criterion; a system's total is the weighted mean of its scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from . import checks, specs
from .specs import Figure, System
from .tables import Table

MAX_WEIGHT = 5.0
#: What a table shows for a criterion the course does not judge, or a figure not published.
NO_SCORE = "not published"


@dataclass(frozen=True)
class Criterion:
    """One criterion of the buyer's list.

    Attributes:
        key: short name.
        label: what it means, in words.
        kind: "measured" (computed from specs) or "judged" (an assumption of the course).
        scores: system key -> its score, 0 to 10; ``None`` where its maker does not publish
            the figure (measured) or the course has no judgement of it (judged).
        basis: where the scores come from.
        default_weight: the weight of the course's example buyer (0 to 5).
    """

    key: str
    label: str
    kind: Literal["measured", "judged"]
    scores: Mapping[str, float | None]
    basis: str
    default_weight: float = 1.0

    def score(self, system: System | str) -> float | None:
        """The score of ``system`` (``CM384``, ``"cm384"``...), 0 to 10, or ``None``."""
        key = checks.system("system", system).key
        if key not in self.scores:
            raise ValueError(f"system={key!r} is not one of {list(self.scores)}")
        return self.scores[key]


def _measured(
    key: str,
    label: str,
    values: Mapping[str, float | None],
    basis: str,
    weight: float,
) -> Criterion:
    """Scores relative to the best: the best system 10, each other 10 x its share of it."""
    best = max((v for v in values.values() if v is not None), default=None)
    scores = {k: None if v is None or not best else 10 * v / best for k, v in values.items()}
    return Criterion(key, label, "measured", scores, basis, weight)


def _judgement(key: str, system: System) -> Figure | None:
    """The course's judgement of ``system`` on criterion ``key``, if it has one."""
    return specs.FIGURES.get(f"buyer.{key}.{system.key}")


def _judged(key: str, weight: float, systems: tuple[System, ...]) -> Criterion:
    judged = {s.key: _judgement(key, s) for s in systems}
    label = key.replace("_", " ")
    ranges = ", ".join(
        f"{s.short} {f.low:g}-{f.high:g}" if f is not None else f"{s.short} not judged"
        for s, f in zip(systems, judged.values(), strict=True)
    )
    basis = f"judgement ({ranges}); see notes"
    scores = {k: None if f is None else f.value for k, f in judged.items()}
    return Criterion(key, label, "judged", scores, basis, weight)


def judgement_notes() -> Table:
    """Why the course judges the judged criteria as it does."""
    judged = specs.ARTICLE_PAIR.challenger
    rows = [[c.label, _judgement(c.key, judged).note] for c in criteria() if c.kind == "judged"]
    return Table(("criterion", "the course's reasons"), rows, caption="Judged criteria.")


def _sources(*figures: Figure | None) -> str:
    return ", ".join(src.key for src in specs.sources_of(*(f for f in figures if f)))


def _per(s: System, numerator: str, denominator: str) -> float | None:
    top, bottom = getattr(s, numerator), getattr(s, denominator)
    return None if top is None or bottom is None else top.value / bottom.value


def criteria(systems: Sequence[System | str] | None = None) -> tuple[Criterion, ...]:
    """The buyer's criteria with the course's scores for ``systems`` (the article's two by
    default) and the example weights."""
    shown = checks.systems("systems", systems)
    key = tuple((s.key, id(s)) for s in shown)
    if key not in _CACHE:
        _CACHE[key] = _build(shown)
    return _CACHE[key]


#: Criteria by the systems' keys and records (a system registered again under its key is a new
#: record); emptied when the figures change (:func:`helpers.specs.perturbed` calls
#: ``cache_clear`` of every module's caches).
_CACHE: dict[tuple[tuple[str, int], ...], tuple[Criterion, ...]] = {}
criteria.cache_clear = _CACHE.clear  # type: ignore[attr-defined]


def _build(shown: tuple[System, ...]) -> tuple[Criterion, ...]:

    def each(fn) -> dict[str, float | None]:
        return {s.key: fn(s) for s in shown}

    def value(quantity: str):
        return lambda s: None if getattr(s, quantity) is None else getattr(s, quantity).value

    return (
        _measured(
            "compute",
            "peak dense BF16 of the system",
            each(value("bf16_dense")),
            "dense BF16 per chip x chips",
            3,
        ),
        _measured(
            "memory",
            "HBM capacity of one scale-up domain",
            each(value("hbm_capacity")),
            "HBM per chip x chips",
            2,
        ),
        _measured(
            "domain_size",
            "chips in one scale-up domain (room for expert and tensor parallelism)",
            each(value("chips")),
            "chips per system",
            1,
        ),
        _measured(
            "pricing",
            "peak PFLOP/s per dollar of purchase price",
            each(lambda s: _per(s, "bf16_dense", "price")),
            f"dense BF16 / price (press: {_sources(*(s.price for s in shown))})",
            2,
        ),
        _measured(
            "energy",
            "peak FLOP/s per watt of all-in power",
            each(lambda s: _per(s, "bf16_dense", "power")),
            f"dense BF16 / all-in power ({_sources(*(s.power for s in shown))})",
            2,
        ),
        _judged("software_support", 3, shown),
        _judged("integration", 2, shown),
        _judged("developer_tools", 2, shown),
    )


def _weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    known = {c.key: c.default_weight for c in criteria()}
    chosen = dict(known if weights is None else weights)
    for key, w in chosen.items():
        if key not in known:
            raise ValueError(f"weights has key={key!r}; criteria are {list(known)}")
        if isinstance(w, bool) or not isinstance(w, int | float) or not 0 <= w <= MAX_WEIGHT:
            raise ValueError(f"weights[{key!r}]={w!r} is outside [0, {MAX_WEIGHT:g}]")
    if sum(chosen.values()) == 0:
        raise ValueError("weights are all 0: give at least one criterion a weight")
    return {k: chosen.get(k, 0.0) for k in known}


def score_table(
    scores: Mapping[str, Mapping[str, float]] | None = None,
    systems: Sequence[System | str] | None = None,
) -> dict[str, dict[str, float | None]]:
    """Criterion key -> system key -> score: the course's, with ``scores`` (criterion key ->
    system key -> score, 0 to 10) in their place where given."""
    shown = checks.systems("systems", systems)
    table = {c.key: dict(c.scores) for c in criteria(shown)}
    for key, given in (scores or {}).items():
        if key not in table:
            raise ValueError(f"scores has key={key!r}; criteria are {list(table)}")
        if not isinstance(given, Mapping):
            raise TypeError(f"scores[{key!r}]={given!r} must map system keys to scores")
        for system, x in given.items():
            if system not in table[key]:
                raise ValueError(
                    f"scores[{key!r}] has key={system!r}; systems are {list(table[key])}"
                )
            if isinstance(x, bool) or not isinstance(x, int | float) or not 0 <= x <= 10:
                raise ValueError(f"scores[{key!r}][{system!r}]={x!r} must be a score in [0, 10]")
            table[key][system] = float(x)
    return table


def missing(
    weights: Mapping[str, float] | None = None,
    scores: Mapping[str, Mapping[str, float]] | None = None,
    systems: Sequence[System | str] | None = None,
) -> dict[str, list[str]]:
    """System key -> the weighted criteria it has no score on (no published figure, or no
    judgement of the course): its total is not computed, never guessed."""
    w = _weights(weights)
    table = score_table(scores, systems)
    return {
        s.key: [k for k in w if w[k] and table[k][s.key] is None]
        for s in checks.systems("systems", systems)
    }


def totals(
    weights: Mapping[str, float] | None = None,
    scores: Mapping[str, Mapping[str, float]] | None = None,
    systems: Sequence[System | str] | None = None,
) -> dict[str, float | None]:
    """System key -> weighted mean score (0 to 10), for ``systems`` (the article's two by
    default); ``None`` for a system with no score on a weighted criterion (see :func:`missing`).

    Args:
        weights: criterion key -> weight, 0 to 5 (missing keys weigh 0); ``None`` for the example
            buyer.
        scores: criterion key -> system key -> score that replaces the course's (for a learner
            who judges software support differently, say), each 0 to 10.
        systems: the systems to rank, objects or keys.
    """
    w = _weights(weights)
    table = score_table(scores, systems)
    gaps = missing(w, scores, systems)
    total = sum(w.values())
    return {
        s.key: None if gaps[s.key] else sum(w[k] * (table[k][s.key] or 0.0) for k in w) / total
        for s in checks.systems("systems", systems)
    }


def winner(weights: Mapping[str, float] | None = None, **kwargs) -> str:
    """The short name of the system with the highest total ("CM384", "NVL72"), or "tie" (for
    ``kwargs``, see :func:`totals`)."""
    ranked = {k: v for k, v in totals(weights, **kwargs).items() if v is not None}
    if not ranked:
        return "tie"
    best = max(ranked.values())
    first = [k for k, v in ranked.items() if abs(v - best) < 1e-9]
    return "tie" if len(first) > 1 else specs.SYSTEMS[first[0]].short


def flip_weight(
    key: str,
    weights: Mapping[str, float] | None = None,
    scores: Mapping[str, Mapping[str, float]] | None = None,
    comparison: specs.Comparison | None = None,
) -> float | None:
    """The weight of criterion ``key`` at which the ranking of ``comparison``'s two systems (the
    article's by default) flips, the others held; ``None`` if no weight in [0, 5] flips it.

    The margin (challenger total minus baseline total, times the sum of weights) is linear in
    one weight, so the flip point is where that line crosses zero.
    """
    pair = comparison or specs.ARTICLE_PAIR
    w = _weights(weights)
    if key not in w:
        raise ValueError(f"key={key!r} is not one of {list(w)}")
    a, b = (s.key for s in pair.systems)
    table = score_table(scores, pair.systems)
    if any(table[k][s] is None for k in w for s in (a, b) if w[k] or k == key):
        return None
    gaps = {k: table[k][a] - table[k][b] for k in w if table[k][a] is not None}
    rest = sum(w[k] * gap for k, gap in gaps.items() if k != key)
    if gaps[key] == 0:
        return None
    at = -rest / gaps[key]
    return at if 0 <= at <= MAX_WEIGHT else None


def _score(x: float | None) -> str:
    return NO_SCORE if x is None else f"{x:.1f}"


def criteria_table(systems: Sequence[System | str] | None = None) -> Table:
    """Every criterion with each system's score (the article's two by default), its kind and
    its basis."""
    shown = checks.systems("systems", systems)
    rows = [
        [c.key.replace("_", " "), c.kind, *(_score(c.scores[s.key]) for s in shown), c.basis]
        for c in criteria(shown)
    ]
    return Table(
        ("criterion", "kind", *(f"{s.short} score" for s in shown), "basis"),
        rows,
        caption="Scores 0-10: measured criteria from helpers.specs (the better system gets 10); "
        "judged ones are the course's assumptions, with their reasons.",
    )
