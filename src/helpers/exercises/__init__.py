"""Exercises: one registry, a checker with hints, folded solutions, predict-then-reveal.

In a notebook::

    from helpers import exercises
    exercises.show("00.per_chip_bf16")          # the prompt, from the registry
    answer = ...                                # the learner's value
    exercises.check("00.per_chip_bf16", answer) # feedback, a hint, the folded solution

``exercises.summary()`` shows a learner's own progress, kept on their computer
(:mod:`.progress`); a teacher gathers the room's predictions with class codes (:mod:`.classcode`,
:mod:`.classroom`).

Exercises live in the ``nbNN`` modules of this package, one per notebook; ``guide`` renders the
instructor guide (``python -m helpers.exercises guide``).
"""

from .core import (
    Exercise,
    Feedback,
    check,
    for_notebook,
    get,
    parse_integer,
    parse_number,
    predict,
    registry,
    show,
    solution,
)
from .progress import summary

__all__ = [
    "Exercise",
    "Feedback",
    "check",
    "for_notebook",
    "get",
    "parse_integer",
    "parse_number",
    "predict",
    "registry",
    "show",
    "solution",
    "summary",
]
