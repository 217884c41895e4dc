"""Predict, then reveal: the learner commits to a guess before the answer is shown."""

from __future__ import annotations

import html
import math
from typing import Any

import ipywidgets as w

from .. import accessible
from . import progress
from .answers import read_number
from .core import Exercise


class Prediction(w.VBox):
    """A question, a place for the guess, and a Reveal button.

    Choice questions offer toggle buttons; numeric ones a number box. Revealing shows the computed
    answer, how far the guess was, and what to notice. Without a kernel (on GitHub, in a PDF) the
    notebook shows the question with the answer folded below it.
    """

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        question = w.HTML(f"<b>Predict:</b> {html.escape(exercise.prompt)}")
        if exercise.choices:
            # Buttons as wide as their labels (ipywidgets' fixed width cuts long choices).
            self.guess: w.ValueWidget = w.ToggleButtons(
                options=exercise.choices, value=None, style={"button_width": "auto"}
            )
        else:
            unit = f" ({exercise.unit})" if exercise.unit else ""
            self.guess = w.Text(placeholder=f"your guess{unit}", description="Guess:")
        self.button = w.Button(description="Reveal", button_style="info", icon="eye")
        self.result = w.HTML()
        self.button.on_click(self._reveal)
        super().__init__(
            [
                question,
                w.HBox([self.guess, self.button], layout=w.Layout(flex_flow="row wrap")),
                self.result,
            ]
        )
        self.add_class("course-prediction")
        progress.attach(self)  # the saved guess, saving it on Reveal, the class code

    def reveal_text(self) -> str:
        """What the Reveal button shows for the current guess."""
        ex = self.exercise
        guess = self.guess.value
        if guess in (None, ""):
            return "Make a guess first: the point is to commit before you see the answer."
        answer = ex.expected_text()
        if ex.choices:
            verdict = "right" if str(guess).lower() == str(ex.expected()).lower() else "not it"
            return f"You said {guess}: {verdict}. The answer is {answer}. {ex.explain}"
        reading = read_number(guess, ex.unit)
        if reading.value is None:
            return f"{reading.problem}. The answer is {answer}. {ex.explain}"
        expected = float(ex.expected())
        off = reading.value / expected if expected else math.inf
        note = f" ({reading.note})" if reading.note else ""
        return f"You guessed {guess}{note}: {off:.2g}x the answer, {answer}. {ex.explain}"

    def _reveal(self, _button: Any = None) -> None:
        self.result.value = html.escape(self.reveal_text())

    def _ipython_display_(self) -> None:
        from IPython.display import display

        accessible.ensure_names()
        display(self._repr_mimebundle_(), raw=True)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        ex = self.exercise
        bundle["text/html"] = (
            f"<p><b>Predict:</b> {html.escape(ex.prompt)}</p><details><summary>Reveal</summary>"
            f"{html.escape(ex.expected_text())}. {html.escape(ex.explain)}</details>"
        )
        return bundle
