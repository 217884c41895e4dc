"""The room's predictions: a teacher pastes the learners' class codes and sees how the room guessed.

``room = classroom.tally(codes)`` reads the codes (one per line; a phone reads each QR image as
text), skipping and naming any that cannot be read. ``room`` shows a table per prediction (how
many answered, how many were right, the most common wrong answer); ``room.picture(id)`` draws the
room's histogram against the answer. No server, no names: see :mod:`.classcode`.
"""

from __future__ import annotations

import functools
import html
import math
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import classcode
from .core import Exercise, get

#: Numeric guesses are grouped to two significant digits to find the most common wrong one.
DIGITS = 2


def _label(guess: classcode.Guess, unit: str = "") -> str:
    if isinstance(guess, str):
        return guess
    number = f"{guess:.{DIGITS}g}"
    return f"{number}{unit}" if unit in ("x", "%") else f"{number} {unit}".rstrip()


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace("|", "\\|")


def _short(text: str, limit: int = 70) -> str:
    """``text`` cut at a word before ``limit`` characters, for a table cell."""
    cut = text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "..."
    return _escape(cut)


@dataclass
class Question:
    """The room's guesses for one prediction."""

    exercise: Exercise
    guesses: list[classcode.Guess] = field(default_factory=list)

    @functools.cached_property
    def answer(self) -> object:
        """The answer, computed once for the whole room."""
        return self.exercise.expected()

    def is_right(self, guess: classcode.Guess) -> bool:
        """Is ``guess`` the answer (a choice, or a number within the question's tolerance)?"""
        expected = self.answer
        if self.exercise.choices:
            return str(guess).lower() == str(expected).lower()
        tolerance = {"rel_tol": self.exercise.rel_tol, "abs_tol": self.exercise.abs_tol}
        return math.isclose(float(guess), float(expected), **tolerance)

    @property
    def right(self) -> int:
        """How many guessed right."""
        return sum(map(self.is_right, self.guesses))

    def most_common_wrong(self) -> tuple[str, int] | None:
        """The wrong answer given most often (numbers to two significant digits) and how many
        gave it; on a tie, the first choice in the question's order (or the smaller number)."""
        unit = self.exercise.unit
        wrong = Counter(_label(g, unit) for g in self.guesses if not self.is_right(g))
        if not wrong:
            return None
        values = {_label(g, unit): g for g in self.guesses}
        order = list(self.exercise.choices) or sorted(wrong, key=lambda k: float(values[k]))
        label = max(order, key=lambda k: (wrong.get(k, 0), -order.index(k)))
        return label, wrong[label]


@dataclass
class Room:
    """A class's predictions, from their codes."""

    questions: dict[str, Question] = field(default_factory=dict)
    learners: int = 0
    unreadable: list[str] = field(default_factory=list)

    def question(self, exercise_id: str) -> Question:
        """The room's guesses for ``exercise_id`` (raises ValueError listing those it has)."""
        if exercise_id not in self.questions:
            raise ValueError(f"exercise_id={exercise_id!r} has no guesses; use one of {list(self)}")
        return self.questions[exercise_id]

    def __iter__(self):
        return iter(sorted(self.questions))

    def _repr_markdown_(self) -> str:
        lines = [
            f"**{self.learners} codes read.**"
            + (f" Skipped: {'; '.join(self.unreadable)}." if self.unreadable else ""),
            "",
            "| prediction | answer | answered | right | most common wrong answer |",
            "|---|---|---|---|---|",
        ]
        for exercise_id in self:
            q = self.questions[exercise_id]
            common = q.most_common_wrong()
            wrong = f"{common[0]} ({common[1]})" if common else "none"
            lines.append(
                f"| `{exercise_id}` {_short(q.exercise.prompt)} | "
                f"{_escape(q.exercise.expected_text())} | {len(q.guesses)} | {q.right} | "
                f"{_escape(wrong)} |"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._repr_markdown_()

    def picture(self, exercise_id: str):
        """The room's histogram for ``exercise_id`` against the answer, with its caption."""
        from helpers import plots

        q = self.question(exercise_id)
        common = q.most_common_wrong()
        caption = (
            f"The room's guesses for {exercise_id} ({len(q.guesses)} learners, {q.right} right; "
            f"the answer is {q.exercise.expected_text()}). Most common wrong answer: "
            + (f"{common[0]}, by {common[1]}." if common else "none.")
        )
        return plots.show(draw_room, caption, question=q)


def draw_room(ax, question: Question) -> None:
    """Draw the room's guesses for one prediction: a bar per choice (the answer's bar in orange
    and hatched, the others grey), or a histogram of the numbers on a log scale with the answer
    as a dashed line."""
    from helpers import plots

    ex = question.exercise
    if ex.choices:
        counts = Counter(question.guesses)
        right = [question.is_right(c) for c in ex.choices]
        colors = [plots.HIGHLIGHT if r else plots.GRID for r in right]
        bars = ax.bar(ex.choices, [counts[c] for c in ex.choices], color=colors, edgecolor="black")
        for bar, r in zip(bars, right, strict=True):
            bar.set_hatch("//" if r else "")
        ax.set_xlabel("answer chosen (the right one orange and hatched)")
    else:
        values = [float(g) for g in question.guesses if float(g) > 0]
        expected = float(ex.expected())
        low = min([*values, expected]) / 2
        high = max([*values, expected]) * 2
        bins = [low * (high / low) ** (i / 20) for i in range(21)]
        ax.hist(values, bins=bins, color=plots.GRID, edgecolor="black")
        ax.set_xscale("log")
        answer = f"answer: {ex.expected_text()}"
        ax.axvline(expected, color=plots.HIGHLIGHT, linestyle="--", linewidth=3, label=answer)
        ax.legend(loc="upper right")
        ax.set_xlabel(f"guess ({ex.unit})" if ex.unit else "guess")
    ax.set_ylabel("learners")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"The room on {ex.id}: {question.right} of {len(question.guesses)} right")


def tally(codes: str | Iterable[str]) -> Room:
    """Read the class codes (a text with one per line, or a list) into a :class:`Room`; a code
    that cannot be read is skipped and named in ``room.unreadable``."""
    lines = codes.splitlines() if isinstance(codes, str) else list(codes)
    room = Room()
    for line in (c.strip() for c in lines):
        if not line:
            continue
        try:
            decoded = classcode.decode(line)
        except (ValueError, TypeError) as error:
            room.unreadable.append(str(error))
            continue
        room.learners += 1
        for exercise_id, guess in decoded.guesses.items():
            room.questions.setdefault(exercise_id, Question(get(exercise_id))).guesses.append(guess)
    return room


def example_codes(notebook: str, learners: int = 12, seed: int = 18) -> list[str]:
    """Codes of a made-up room, to try the classroom notebook before a class: each learner picks
    the right choice about half the time, or guesses a number within 10x of the answer."""
    rng = random.Random(seed)
    predictions = classcode.predictions(notebook)
    answers = {ex.id: ex.expected() for ex in predictions}  # each computed once, not per learner
    codes = []
    for _ in range(learners):
        guesses: dict[str, classcode.Guess] = {}
        for ex in predictions:
            if ex.choices:
                right = str(answers[ex.id])
                others = [c for c in ex.choices if c.lower() != right.lower()] or [right]
                guesses[ex.id] = right if rng.random() < 0.5 else rng.choice(others)
            else:
                factor = rng.choice([0.1, 0.5, 1.0, 1.0, 2.0, 10.0])
                guesses[ex.id] = float(f"{float(answers[ex.id]) * factor:.2g}")
        codes.append(classcode.encode(notebook, guesses))
    return codes
