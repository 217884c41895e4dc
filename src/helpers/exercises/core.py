"""The exercise registry and the checker.

An :class:`Exercise` has an id (``"<notebook number>.<name>"``), a prompt, an answer *computed by
the helpers* (never typed in), a tolerance and a unit, a hint and a worked solution with the code
that computes it. ``kind="predict"`` marks a predict-then-reveal question.

:func:`check` turns any learner input into :class:`Feedback`: a number, a numeric string ("781",
"1,229", "1/3", "781 TFLOP/s"), an integer in hex or binary for bit patterns, or one of the choices.
A missing answer (``...``), a wrong type or an unreadable string gets a hint, never a traceback.
Learner input is parsed, never evaluated.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from .answers import read_integer, read_number, slip
from .progress import record_check

Answer = float | int | str


@dataclass(frozen=True)
class Exercise:
    """One exercise or predict-then-reveal question.

    Attributes:
        id: ``"<notebook number>.<short name>"``, for example ``"00.per_chip_bf16"``.
        notebook: key of the notebook it belongs to (see :mod:`helpers.course`).
        prompt: the question, in Markdown.
        answer: computes the expected answer from the helpers (a number in ``unit``, an integer, or
            one of ``choices``).
        unit: the unit the answer is asked in ("TFLOP/s"); empty for a plain number.
        rel_tol, abs_tol: accepted error for a numeric answer.
        choices: the options of a multiple-choice question (compared without case).
        integer: the answer is an integer, compared exactly; "0x3EAB" and "0b1011" are accepted.
        hint: what to try when the answer is wrong.
        solution: the worked solution in Markdown; ``{answer}`` is replaced by the answer.
        code: Python that computes the answer with the helpers and assigns it to ``answer``.
        kind: "exercise" or "predict".
        explain: for a prediction, what to notice once the answer is revealed.
        reveals: for a prediction, the strings besides its answer that give it away where they
            are on screen (a table row, a label); numeric answers add their own roundings (see
            :meth:`giveaways`).
        slips: exercise-specific wrong answers and what each means, ``[(value, message)]`` (a
            bit pattern truncated instead of rounded); the classic unit slips are found anyway.
    """

    id: str
    notebook: str
    prompt: str
    answer: Callable[[], Answer]
    unit: str = ""
    rel_tol: float = 0.01
    abs_tol: float = 0.0
    choices: tuple[str, ...] = ()
    integer: bool = False
    hint: str = ""
    solution: str = ""
    code: str = ""
    kind: Literal["exercise", "predict"] = "exercise"
    explain: str = ""
    reveals: Callable[[], tuple[str, ...]] | None = None
    slips: Callable[[], tuple[tuple[float, str], ...]] | None = None

    def expected(self) -> Answer:
        """The answer, computed now by the helpers."""
        return self.answer()

    def expected_text(self) -> str:
        """The answer with its unit, as the feedback and the guide write it."""
        value = self.expected()
        if self.choices or isinstance(value, str):
            return str(value)
        if self.integer:
            return f"{int(value)} (0x{int(value):X})"
        return _with_unit(float(value), self.unit)

    def giveaways(self) -> tuple[str, ...]:
        """The strings that give the answer away if they are on screen before Reveal: the
        declared :attr:`reveals`, and a numeric answer at every rounding the course prints it
        with (2.32x, 2.3x, 232 %; 11.4 %, 11 %)."""
        found = list(self.reveals() if self.reveals else ())
        value = self.expected()
        if not self.choices and not isinstance(value, str) and not self.integer:
            v = float(value)
            for digits in (2, 3):
                number = f"{v:.{digits}g}"
                if "e" in number:
                    continue
                if self.unit == "x":
                    found += [f"{number}x", f"{number} times", f"{float(number) * 100:.0f} %"]
                elif self.unit == "%":
                    found += [f"{number} %", f"{number}%"]
                elif self.unit:
                    found.append(f"{number} {self.unit}")
        return tuple(dict.fromkeys(found))

    def solution_text(self) -> str:
        """The worked solution with the computed answer filled in."""
        return self.solution.replace("{answer}", self.expected_text())

    def check(self, value: object) -> Feedback:
        """Compare a learner's answer with the computed one and say what to do next."""
        return _check(self, value)


@dataclass(frozen=True)
class Feedback:
    """What :func:`check` says: whether the answer is right, a message, and a hint if not."""

    exercise: Exercise
    status: Literal["correct", "wrong", "unanswered", "unreadable"]
    message: str
    hint: str = ""

    @property
    def correct(self) -> bool:
        """True for a right answer."""
        return self.status == "correct"

    _TITLES: ClassVar[dict[str, str]] = {
        "correct": "✅ Correct.",
        "wrong": "❌ Not yet.",
        "unanswered": "✏️ Not answered yet.",
        "unreadable": "⚠️ That answer could not be read.",
    }

    def __repr__(self) -> str:
        lines = [f"{self._TITLES[self.status]} {self.message}"]
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        lines.append(f"(Worked solution: exercises.solution({self.exercise.id!r}))")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        hint = f"\n\n**Hint:** {self.hint}" if self.hint else ""
        solution = Solution(self.exercise)._repr_markdown_()
        return f"**{self._TITLES[self.status]}** {self.message}{hint}\n\n{solution}"


class Solution:
    """A worked solution, folded: a reader opens it on request (works without a kernel)."""

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise

    def _markdown_body(self) -> str:
        ex = self.exercise
        body = ex.solution_text() or f"The answer is {ex.expected_text()}."
        code = f"\n\n```python\n{ex.code.strip()}\n```" if ex.code.strip() else ""
        return f"{body}{code}\n\n**Answer:** {ex.expected_text()}"

    def _repr_markdown_(self) -> str:
        return (
            "<details><summary>Show the worked solution</summary>\n\n"
            f"{self._markdown_body()}\n\n</details>"
        )

    def __repr__(self) -> str:
        return f"Worked solution of {self.exercise.id} (folded; open it to read)"


class Prompt:
    """An exercise's prompt, shown in the notebook from the registry (Markdown)."""

    def __init__(self, exercise: Exercise, number: int | None = None) -> None:
        self.exercise = exercise
        self.number = number

    def _repr_markdown_(self) -> str:
        ex = self.exercise
        title = "Predict" if ex.kind == "predict" else "Exercise"
        unit = f" *(answer in {ex.unit})*" if ex.unit else ""
        choices = (
            f"  \nChoose one of: {', '.join(f'`{c}`' for c in ex.choices)}" if ex.choices else ""
        )
        return f"**{title} `{ex.id}`.** {ex.prompt}{unit}{choices}"

    def __repr__(self) -> str:
        return self._repr_markdown_()


# ---------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------
_REGISTRY: dict[str, Exercise] = {}


def registry() -> dict[str, Exercise]:
    """Every exercise of the course by id, loaded once from the ``nb*`` modules of this package."""
    if not _REGISTRY:
        package = importlib.import_module(__package__)
        for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
            if module.startswith("nb"):
                bank = importlib.import_module(f"{__package__}.{module}")
                for ex in bank.EXERCISES:
                    if ex.id in _REGISTRY:
                        raise ValueError(f"id={ex.id!r} is defined twice")
                    _REGISTRY[ex.id] = ex
    return _REGISTRY


def get(exercise_id: str) -> Exercise:
    """The exercise called ``exercise_id``; raises ``ValueError`` listing the ids there are."""
    reg = registry()
    if exercise_id not in reg:
        prefix = str(exercise_id).split(".")[0]
        near = sorted(i for i in reg if i.startswith(prefix)) or sorted(reg)
        raise ValueError(f"exercise_id={exercise_id!r} is not an exercise; try one of {near}")
    return reg[exercise_id]


def for_notebook(notebook_key: str) -> list[Exercise]:
    """The exercises and predictions of one notebook, in id order."""
    return [ex for ex in registry().values() if ex.notebook == notebook_key]


# ---------------------------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------------------------
def _fmt(x: float) -> str:
    if x != 0 and (abs(x) >= 1e7 or abs(x) < 1e-3):
        return f"{x:.5g}"
    return f"{x:,.5g}" if abs(x) >= 1e4 else f"{x:.5g}"


def _with_unit(x: float, unit: str) -> str:
    """``3.8552x``, ``781.25 TFLOP/s``: a ratio sticks to its x, other units get a space."""
    return f"{_fmt(x)}{unit}" if unit == "x" else f"{_fmt(x)} {unit}".rstrip()


def parse_number(value: object, unit: str = "") -> float | None:
    """A learner's numeric answer in ``unit`` as a float, or ``None`` if it cannot be read (see
    :func:`helpers.exercises.answers.read_number`). Nothing is evaluated."""
    return read_number(value, unit).value


def parse_integer(value: object) -> int | None:
    """A learner's integer answer, or ``None`` (see :func:`.answers.read_integer`)."""
    got = read_integer(value).value
    return None if got is None else int(got)


def _chip_counts() -> list[int]:
    from .. import specs

    return [s.n for s in specs.SYSTEMS.values()]


def _named_slip(ex: Exercise, got: float, expected: float) -> str:
    for value, message in ex.slips() if ex.slips else ():
        if math.isclose(got, float(value), rel_tol=ex.rel_tol, abs_tol=ex.abs_tol):
            return message
    return slip(got, expected, ex.rel_tol, _chip_counts())


def _check(ex: Exercise, value: object) -> Feedback:
    if value is ... or value is None:
        what = (
            "your ratio" if ex.unit == "x" else "your value" + (f" in {ex.unit}" if ex.unit else "")
        )
        return Feedback(ex, "unanswered", f"Replace `...` with {what}, then run the cell.")
    expected = ex.expected()
    if ex.choices:
        if not isinstance(value, str) or value.strip().lower() not in (
            c.lower() for c in ex.choices
        ):
            options = ", ".join(repr(c) for c in ex.choices)
            return Feedback(ex, "unreadable", f"Answer with one of {options} (a string).")
        if value.strip().lower() == str(expected).lower():
            return Feedback(ex, "correct", f"{expected}. {ex.explain}".strip())
        return Feedback(ex, "wrong", f"{value!r} is not it.", ex.hint)
    reading = read_integer(value) if ex.integer else read_number(value, ex.unit)
    if reading.value is None:
        return Feedback(ex, "unreadable", f"{reading.problem}.".replace("..", "."), ex.hint)
    note = f" ({reading.note})" if reading.note else ""
    if ex.integer:
        got = int(reading.value)
        if got == int(expected):
            return Feedback(ex, "correct", f"{got} (0x{got:X}){note}.")
        named = _named_slip(ex, got, float(expected))
        return Feedback(ex, "wrong", f"{got} (0x{got:X}){note} is not it. {named}".strip(), ex.hint)
    got, expected = float(reading.value), float(expected)
    if math.isclose(got, expected, rel_tol=ex.rel_tol, abs_tol=ex.abs_tol):
        return Feedback(ex, "correct", f"{_with_unit(got, ex.unit)}{note}.")
    named = _named_slip(ex, got, expected)
    direction = "high" if got > expected else "low"
    msg = f"{_with_unit(got, ex.unit)}{note} is too {direction}."
    return Feedback(ex, "wrong", f"{msg} {named}".strip(), ex.hint)


def check(exercise_id: str, answer: object) -> Feedback:
    """Check ``answer`` against exercise ``exercise_id`` and return feedback with a hint."""
    return record_check(get(exercise_id).check(answer))  # counted in the learner's progress


def solution(exercise_id: str) -> Solution:
    """The folded worked solution of ``exercise_id``."""
    return Solution(get(exercise_id))


def show(exercise_id: str) -> Prompt:
    """The prompt of ``exercise_id``, to display in its notebook."""
    return Prompt(get(exercise_id))


def predict(exercise_id: str) -> Any:
    """A predict-then-reveal widget for the prediction ``exercise_id`` (see :mod:`.prediction`)."""
    from .prediction import Prediction

    return Prediction(get(exercise_id))
