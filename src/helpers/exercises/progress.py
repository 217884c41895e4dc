"""A learner's own progress, kept on this computer: their predictions and exercise results.

When a learner reveals a prediction, their guess is saved; when they check an exercise, whether
it was right (and how many tries) is saved. Reopening a notebook shows each prediction they made,
and :func:`summary` (``exercises.summary()``) shows their progress across the course with a
class code per notebook. The file holds prediction ids, guesses, exercise ids and counts: nothing
personal, nothing about the machine, and it is never sent anywhere.

Where it lives: ``$SCALING_UP_PROGRESS`` when set (a file path; ``off`` keeps nothing), otherwise
``.scaling-up-progress.json`` in the course's notebooks folder (git-ignored). Everyone who uses
that folder shares it: on a shared lab account, set ``SCALING_UP_PROGRESS`` per learner, or
delete the file between classes.

It is kept only in a kernel that a Jupyter server started for a notebook (JupyterLab, Notebook,
a JupyterHub) or in the browser (JupyterLite). Anywhere else (``make notebooks``, nbval, scripts,
the tests) progress lives in memory and starts empty, so the file never changes what is saved or
compared.
"""

from __future__ import annotations

import html
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The environment variable naming the progress file (or ``off``).
ENV = "SCALING_UP_PROGRESS"
FILENAME = ".scaling-up-progress.json"
FORMAT = 1


def location() -> Path | None:
    """The progress file, or ``None`` when progress is kept in memory only (see the module)."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen:
        return None if chosen.lower() == "off" else Path(chosen).expanduser()
    if "JPY_SESSION_NAME" not in os.environ and sys.platform != "emscripten":
        return None
    from helpers import course

    return (course.notebook_dir() or Path.cwd()) / FILENAME


@dataclass
class Store:
    """The learner's predictions and exercise results, read from and written to ``path``."""

    path: Path | None
    predictions: dict[str, str]
    exercises: dict[str, dict[str, Any]]
    problem: str = ""

    @classmethod
    def load(cls, path: Path | None) -> Store:
        """The store at ``path``: empty if there is none yet, or if it cannot be read."""
        store = cls(path, {}, {})
        if path is None or not path.is_file():
            return store
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            store.predictions = {str(k): str(v) for k, v in data["predictions"].items()}
            store.exercises = {str(k): dict(v) for k, v in data["exercises"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            store.problem = f"{path} could not be read ({type(error).__name__}); starting afresh"
        return store

    def save(self) -> None:
        """Write the store (atomically: a half-written file never replaces a good one). A folder
        that cannot be written keeps progress in memory, with a note in :func:`summary`."""
        if self.path is None:
            return
        data = {"format": FORMAT, "predictions": self.predictions, "exercises": self.exercises}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", dir=self.path.parent, prefix=".progress-", delete=False, encoding="utf-8"
            ) as tmp:
                json.dump(data, tmp, indent=1, sort_keys=True)
            os.replace(tmp.name, self.path)
        except OSError as error:
            self.problem = f"{self.path} could not be written ({error.strerror}); kept in memory"
            _MEMORY[str(self.path)] = self  # from now on, this kernel keeps it in memory
            self.path = None


_MEMORY: dict[str, Store] = {}


def store() -> Store:
    """The current store: the file's content, read anew (another notebook may have written it),
    or this kernel's memory when nothing is kept on disk."""
    path = location()
    key = str(path) if path is not None else "memory"
    if key in _MEMORY or path is None:
        return _MEMORY.setdefault(key, Store(None, {}, {}))
    return Store.load(path)


def record_prediction(exercise_id: str, guess: object) -> None:
    """Keep the learner's guess for a prediction, the first time they reveal it (a guess made
    after seeing the answer is not a prediction)."""
    if guess in (None, ""):
        return
    current = store()
    if exercise_id not in current.predictions:
        current.predictions[exercise_id] = str(guess)
        current.save()


def saved_prediction(exercise_id: str) -> str | None:
    """The guess the learner revealed earlier for ``exercise_id``, if any."""
    return store().predictions.get(exercise_id)


def record_check(feedback):
    """Count an answered check of an exercise (right or not) and return ``feedback`` unchanged;
    an unanswered one (``answer = ...``) is not counted."""
    if feedback.status != "unanswered":
        current = store()
        entry = current.exercises.setdefault(feedback.exercise.id, {"tries": 0, "solved": False})
        entry["tries"] = int(entry.get("tries", 0)) + 1
        entry["solved"] = bool(entry.get("solved")) or feedback.correct
        current.save()
    return feedback


def clear() -> None:
    """Forget every prediction and result (in the file, or in memory)."""
    current = store()
    current.predictions.clear()
    current.exercises.clear()
    current.save()


def numeric_guess(exercise, guess: str) -> float | None:
    """A saved numeric guess read in the question's unit, or ``None`` if it is not a number."""
    from .answers import read_number

    return read_number(guess, exercise.unit).value


def class_code(notebook: str) -> str:
    """The learner's class code for ``notebook``: their revealed guesses, nothing else."""
    from . import classcode

    saved = store().predictions
    guesses: dict[str, classcode.Guess] = {}
    for ex in classcode.predictions(notebook):
        if ex.id not in saved:
            continue
        if ex.choices:
            if saved[ex.id] in ex.choices:
                guesses[ex.id] = saved[ex.id]
        elif (value := numeric_guess(ex, saved[ex.id])) is not None:
            guesses[ex.id] = value
    return classcode.encode(notebook, guesses)


class Summary:
    """The learner's progress across the course: per notebook, the predictions made and the
    exercises solved, with the class code to show a teacher."""

    def __init__(self) -> None:
        from helpers import course

        from .core import for_notebook

        current = store()
        self.where = str(current.path) if current.path else "this kernel's memory only"
        self.problem = current.problem
        self.rows = []
        for nb in course.NOTEBOOKS:
            items = for_notebook(nb.key)
            asked = [ex.id for ex in items if ex.kind == "predict"]
            tasks = [ex.id for ex in items if ex.kind != "predict"]
            made = sum(i in current.predictions for i in asked)
            solved = sum(bool(current.exercises.get(i, {}).get("solved")) for i in tasks)
            tried = sum(i in current.exercises for i in tasks)
            code = class_code(nb.key) if made else ""
            self.rows.append((nb, made, len(asked), solved, tried, len(tasks), code))

    def _repr_markdown_(self) -> str:
        lines = [
            "| notebook | predictions made | exercises solved (tried) | class code |",
            "|---|---|---|---|",
        ]
        for nb, made, asked, solved, tried, tasks, code in self.rows:
            shown = f"`{code}`" if code else ""
            lines.append(
                f"| {nb.number} {nb.title} | {made} of {asked} | {solved} of {tasks} ({tried}) "
                f"| {shown} |"
            )
        note = f"\n\n*{html.escape(self.problem)}.*" if self.problem else ""
        return "\n".join(lines) + f"\n\nKept in: {self.where}.{note}"

    def __repr__(self) -> str:
        return self._repr_markdown_()


def summary() -> Summary:
    """The learner's progress across the course (``exercises.summary()``)."""
    return Summary()


def attach(prediction) -> None:
    """Connect a :class:`~.prediction.Prediction` widget to the store: show the guess the learner
    revealed before (reopening a notebook shows what they predicted), save the guess when they
    reveal, and then show their class code for the notebook with its QR image. With nothing
    saved the widget is left exactly as built (so saved notebooks do not change)."""
    ex = prediction.exercise
    saved = saved_prediction(ex.id)
    if saved is not None and (not ex.choices or saved in ex.choices):
        prediction.guess.value = saved
        prediction.result.value = html.escape(
            f"Your prediction, saved on this computer: {saved}. Reveal to compare."
        )

    def on_reveal(_button: Any = None) -> None:
        record_prediction(ex.id, prediction.guess.value)
        if saved_prediction(ex.id) is not None:
            show_code(prediction)

    prediction.button.on_click(on_reveal)


def show_code(prediction) -> None:
    """Add (or refresh) the class code panel under a revealed prediction."""
    import ipywidgets as w

    from . import classcode

    code = class_code(prediction.exercise.notebook)
    qr = classcode.qr_svg(code)
    panel = (
        f"<details><summary>Your class code for this notebook: <code>{code}</code></summary>"
        f"<p>Show it to your teacher, or let them scan it. It holds your revealed predictions "
        f"for this notebook, nothing else. <code>exercises.summary()</code> shows your "
        f"progress.</p>{qr}</details>"
    )
    existing = [c for c in prediction.children if "course-class-code" in c._dom_classes]
    if existing:
        existing[0].value = panel
    else:
        box = w.HTML(panel)
        box.add_class("course-class-code")
        prediction.children = (*prediction.children, box)
