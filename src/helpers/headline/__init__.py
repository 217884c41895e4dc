"""Check the next headline: a vendor's "6.7x the compute" as structured data, walked down a
ladder of explicit normalisations, each with its factor from :mod:`helpers.specs`, to a verdict
with notebook 08's rules and words.

- :mod:`.stated`: the stated ratio read from words ("3.6x", "360 % of", "6.7 times more");
- :mod:`.basis`: what a figure counts (:class:`Basis`) and a system's figure on a basis;
- :mod:`.claim`: :class:`Claim` and :func:`claim`, which checks every field;
- :mod:`.ladder`: the steps, :func:`normalise`, :func:`verdict`, :func:`moves`;
- :mod:`.shipped`: the headlines of 2025-26 the course checks, quoted word for word;
- :mod:`.report`: tables for a notebook and the learner's form (text in, text out, no code).
"""

from .basis import QUANTITIES, UNITS, Basis, Missing, figure_on
from .claim import Claim, claim, precisions
from .ladder import (
    CORRECTIONS,
    STEP_KEYS,
    STEPS,
    HeadlineVerdict,
    Ladder,
    Move,
    Rung,
    Step,
    moves,
    normalise,
    step,
    verdict,
)
from .stated import Stated, read_stated

__all__ = [
    "CORRECTIONS",
    "QUANTITIES",
    "STEPS",
    "STEP_KEYS",
    "UNITS",
    "Basis",
    "Claim",
    "HeadlineVerdict",
    "Ladder",
    "Missing",
    "Move",
    "Rung",
    "Stated",
    "Step",
    "claim",
    "figure_on",
    "moves",
    "normalise",
    "precisions",
    "read_stated",
    "step",
    "verdict",
]
