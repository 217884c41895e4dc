"""The buyer's view: rank the two systems for a buyer's priorities, and find where the answer flips.

The article ends on a buyer's list: software support, integration, developer tools, pricing and
energy. Each criterion gives each system a score from 0 to 10:

- *measured* criteria are computed from :mod:`helpers.specs`: the better system gets 10 and the
  other 10 x its share of the better value (peak dense BF16, HBM capacity, chips in one scale-up
  domain, PFLOP/s per dollar, FLOP/s per watt);
- *judged* criteria (software support, integration, developer tools) are the course's judgement,
  recorded as assumptions with a range and the reasons (``buyer.*`` in specs), which the learner
  can change.

A buyer sets a weight (0 to 5) per criterion; a system's total is the weighted mean of its scores.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from . import checks, power, specs
from .specs import CM384, NVL72, Figure, System
from .tables import Table

MAX_WEIGHT = 5.0


@dataclass(frozen=True)
class Criterion:
    """One criterion of the buyer's list.

    Attributes:
        key: short name.
        label: what it means, in words.
        kind: "measured" (computed from specs) or "judged" (an assumption of the course).
        cm384, nvl72: each system's score, 0 to 10.
        basis: where the scores come from.
        default_weight: the weight of the course's example buyer (0 to 5).
    """

    key: str
    label: str
    kind: Literal["measured", "judged"]
    cm384: float
    nvl72: float
    basis: str
    default_weight: float = 1.0

    def score(self, system: System | str) -> float:
        """The score of ``system`` (``CM384``, ``"cm384"``...), 0 to 10."""
        key = checks.system("system", system).key
        if key not in ("cm384", "nvl72"):
            raise ValueError(f"system={system!r} is not one of ['cm384', 'nvl72']")
        return self.cm384 if key == "cm384" else self.nvl72


def _relative(cm: float, nv: float) -> tuple[float, float]:
    best = max(cm, nv)
    return 10 * cm / best, 10 * nv / best


def _measured(key: str, label: str, cm: float, nv: float, basis: str, weight: float) -> Criterion:
    a, b = _relative(cm, nv)
    return Criterion(key, label, "measured", a, b, basis, weight)


def _judged(key: str, weight: float) -> Criterion:
    cm: Figure = specs.get(f"buyer.{key}.cm384")
    nv: Figure = specs.get(f"buyer.{key}.nvl72")
    label = key.replace("_", " ")
    basis = f"judgement (CM384 {cm.low:g}-{cm.high:g}, NVL72 {nv.low:g}-{nv.high:g}); see notes"
    return Criterion(key, label, "judged", cm.value, nv.value, basis, weight)


def judgement_notes() -> Table:
    """Why the course judges the judged criteria as it does."""
    rows = []
    for c in criteria():
        if c.kind == "judged":
            rows.append([c.label, specs.get(f"buyer.{c.key}.cm384").note])
    return Table(("criterion", "the course's reasons"), rows, caption="Judged criteria.")


def _sources(*figures: Figure) -> str:
    return ", ".join(src.key for src in specs.sources_of(*figures))


@functools.lru_cache(maxsize=1)
def criteria() -> tuple[Criterion, ...]:
    """The buyer's criteria with the course's scores and example weights (cached: the figures
    change only inside :func:`helpers.specs.perturbed`, which clears the cache)."""
    per_dollar = [s.bf16_dense.value / s.price.value for s in (CM384, NVL72)]
    per_watt = [power.flops_per_watt(s.bf16_dense, s.power) for s in (CM384, NVL72)]
    return (
        _measured(
            "compute",
            "peak dense BF16 of the system",
            CM384.bf16_dense.value,
            NVL72.bf16_dense.value,
            "dense BF16 per chip x chips",
            3,
        ),
        _measured(
            "memory",
            "HBM capacity of one scale-up domain",
            CM384.hbm_capacity.value,
            NVL72.hbm_capacity.value,
            "HBM per chip x chips",
            2,
        ),
        _measured(
            "domain_size",
            "chips in one scale-up domain (room for expert and tensor parallelism)",
            CM384.chips.value,
            NVL72.chips.value,
            "chips per system",
            1,
        ),
        _measured(
            "pricing",
            "peak PFLOP/s per dollar of purchase price",
            per_dollar[0],
            per_dollar[1],
            f"dense BF16 / price (press: {_sources(CM384.price, NVL72.price)})",
            2,
        ),
        _measured(
            "energy",
            "peak FLOP/s per watt of all-in power",
            per_watt[0],
            per_watt[1],
            f"dense BF16 / all-in power ({_sources(CM384.power, NVL72.power)})",
            2,
        ),
        _judged("software_support", 3),
        _judged("integration", 2),
        _judged("developer_tools", 2),
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


def _score_table(
    scores: Mapping[str, tuple[float, float]] | None,
) -> dict[str, tuple[float, float]]:
    table = {c.key: (c.cm384, c.nvl72) for c in criteria()}
    for key, pair in (scores or {}).items():
        if key not in table:
            raise ValueError(f"scores has key={key!r}; criteria are {list(table)}")
        numbers = all(isinstance(s, int | float) and not isinstance(s, bool) for s in pair)
        if len(pair) != 2 or not numbers or not all(0 <= s <= 10 for s in pair):
            raise ValueError(f"scores[{key!r}]={pair!r} must be two scores in [0, 10]")
        table[key] = (float(pair[0]), float(pair[1]))
    return table


def totals(
    weights: Mapping[str, float] | None = None,
    scores: Mapping[str, tuple[float, float]] | None = None,
) -> tuple[float, float]:
    """Weighted mean score (0 to 10) of (CM384, NVL72).

    Args:
        weights: criterion key -> weight, 0 to 5 (missing keys weigh 0); ``None`` for the example
            buyer.
        scores: criterion key -> (CM384, NVL72) scores that replace the course's (for a learner who
            judges software support differently, say), each 0 to 10.
    """
    w = _weights(weights)
    table = _score_table(scores)
    total = sum(w.values())
    cm = sum(w[k] * table[k][0] for k in w) / total
    nv = sum(w[k] * table[k][1] for k in w) / total
    return cm, nv


def winner(weights: Mapping[str, float] | None = None, **kwargs) -> str:
    """ "CM384", "NVL72" or "tie" for these weights."""
    cm, nv = totals(weights, **kwargs)
    if abs(cm - nv) < 1e-9:
        return "tie"
    return "CM384" if cm > nv else "NVL72"


def flip_weight(
    key: str,
    weights: Mapping[str, float] | None = None,
    scores: Mapping[str, tuple[float, float]] | None = None,
) -> float | None:
    """The weight of criterion ``key`` at which the ranking flips, the others held; ``None`` if
    no weight in [0, 5] flips it.

    The margin (CM384 total minus NVL72 total, times the sum of weights) is linear in one weight,
    so the flip point is where that line crosses zero.
    """
    w = _weights(weights)
    if key not in w:
        raise ValueError(f"key={key!r} is not one of {list(w)}")
    gaps = {k: cm - nv for k, (cm, nv) in _score_table(scores).items()}
    rest = sum(w[k] * gap for k, gap in gaps.items() if k != key)
    if gaps[key] == 0:
        return None
    at = -rest / gaps[key]
    return at if 0 <= at <= MAX_WEIGHT else None


def criteria_table() -> Table:
    """Every criterion with both scores, its kind and its basis."""
    rows = [
        [c.key.replace("_", " "), c.kind, f"{c.cm384:.1f}", f"{c.nvl72:.1f}", c.basis]
        for c in criteria()
    ]
    return Table(
        ("criterion", "kind", "CM384 score", "NVL72 score", "basis"),
        rows,
        caption="Scores 0-10: measured criteria from helpers.specs (the better system gets 10); "
        "judged ones are the course's assumptions, with their reasons.",
    )
