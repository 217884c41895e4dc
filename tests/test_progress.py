"""A learner's predictions and exercise results are kept in a small local file: they survive a
kernel restart, reopening a notebook shows the saved guess, `exercises.summary()` shows the
progress, and the file holds nothing personal. Runs that save or compare notebooks keep nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import exercises
from helpers.exercises import classcode, progress
from helpers.tooling import run_notebooks

CHOICE, NUMBER, TASK = "04.small_message", "04.allreduce_growth", "04.crossover"


@pytest.fixture
def saved(tmp_path, monkeypatch):
    """Progress kept in a file of ``tmp_path``, as in a learner's JupyterLab."""
    path = tmp_path / "notebooks" / progress.FILENAME
    monkeypatch.setenv(progress.ENV, str(path))
    return path


def _in_a_new_kernel(code: str, path: Path) -> str:
    env = {**os.environ, progress.ENV: str(path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_where_progress_is_kept(monkeypatch, tmp_path):
    monkeypatch.setenv(progress.ENV, "off")
    assert progress.location() is None
    monkeypatch.setenv(progress.ENV, str(tmp_path / "mine.json"))
    assert progress.location() == tmp_path / "mine.json"
    monkeypatch.delenv(progress.ENV)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert progress.location() is None  # nbclient, nbval, scripts: memory only
    monkeypatch.setenv("JPY_SESSION_NAME", "notebooks/04_interconnects.ipynb")  # a server kernel
    notebooks = tmp_path / "course" / "notebooks"
    notebooks.mkdir(parents=True)
    (notebooks / "00_start_here.ipynb").write_text("{}")
    monkeypatch.chdir(notebooks)
    assert progress.location() == notebooks.resolve() / progress.FILENAME


def test_predictions_and_results_survive_a_kernel_restart(saved):
    widget = exercises.predict(CHOICE)
    widget.guess.value = "bandwidth"
    widget.button.click()
    number = exercises.predict(NUMBER)
    number.guess.value = "3x"
    number.button.click()
    exercises.check(TASK, 1)  # wrong
    exercises.check(TASK, ...)  # unanswered: not counted
    reopened = _in_a_new_kernel(
        "from helpers import exercises\n"
        f"w = exercises.predict({CHOICE!r}); print(w.guess.value); print(w.result.value)\n"
        f"print(exercises.predict({NUMBER!r}).guess.value)\n"
        "print(exercises.summary()._repr_markdown_())\n",
        saved,
    )
    lines = reopened.splitlines()
    assert lines[0] == "bandwidth" and "saved on this computer: bandwidth" in lines[1]
    assert lines[2] == "3x"
    row = next(line for line in lines if line.startswith("| 04 "))
    assert "2 of 4" in row and "0 of 5 (1)" in row  # two predictions; one exercise tried
    answer = exercises.get(TASK).expected()
    _in_a_new_kernel(f"from helpers import exercises; exercises.check({TASK!r}, {answer!r})", saved)
    assert json.loads(saved.read_text())["exercises"][TASK] == {"tries": 2, "solved": True}


def test_a_revealed_prediction_shows_its_class_code(saved):
    widget = exercises.predict(CHOICE)
    assert len(widget.children) == 3
    widget.guess.value = "latency"
    widget.button.click()
    panel = widget.children[-1]
    assert "course-class-code" in panel._dom_classes and "<svg" in panel.value
    code = progress.class_code("04")
    assert code in panel.value
    assert classcode.decode(code).guesses == {CHOICE: "latency"}
    widget.guess.value = "bandwidth"  # a guess after the answer is not a prediction
    widget.button.click()
    assert json.loads(saved.read_text())["predictions"] == {CHOICE: "latency"}
    assert len(widget.children) == 4  # the panel is refreshed, not added twice


def test_the_file_holds_nothing_personal(saved):
    widget = exercises.predict(NUMBER)
    widget.guess.value = "2"
    widget.button.click()
    exercises.check(TASK, 5)
    data = json.loads(saved.read_text())
    assert set(data) == {"format", "predictions", "exercises"}
    text = saved.read_text()
    for private in (os.environ.get("USER", "root"), str(Path.home()), os.uname().nodename):
        assert private not in text


def test_with_nothing_saved_the_widget_is_as_built(monkeypatch):
    monkeypatch.setenv(progress.ENV, "off")
    progress.clear()
    widget = exercises.predict(CHOICE)
    assert len(widget.children) == 3
    assert widget.guess.value is None and widget.result.value == ""


def test_an_unreadable_or_unwritable_file_never_breaks_a_notebook(saved, tmp_path, monkeypatch):
    saved.parent.mkdir(parents=True)
    saved.write_text("{not json")
    assert progress.saved_prediction(CHOICE) is None
    assert "could not be read" in exercises.summary()._repr_markdown_()
    blocked = tmp_path / "a-file"  # a file where the folder should be: nobody can write there
    blocked.write_text("")
    monkeypatch.setenv(progress.ENV, str(blocked / progress.FILENAME))
    assert exercises.check(TASK, 1).status == "wrong"  # no exception reaches the learner
    exercises.check(TASK, 2)
    summary = exercises.summary()._repr_markdown_()
    assert "could not be written" in summary and "memory only" in summary
    assert "0 of 5 (1)" in summary and progress.store().exercises[TASK]["tries"] == 2


def test_make_notebooks_ignores_a_learners_progress(tmp_path, monkeypatch):
    """A notebook saved by `make notebooks` is the same whatever the learner's file holds."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "00_start_here.ipynb").write_text("{}")
    (folder / progress.FILENAME).write_text(
        json.dumps({"format": 1, "predictions": {CHOICE: "bandwidth"}, "exercises": {}})
    )
    monkeypatch.setenv(progress.ENV, str(folder / progress.FILENAME))
    monkeypatch.setenv("JPY_SESSION_NAME", "as if started by JupyterLab")
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                f"from helpers import exercises\nexercises.predict({CHOICE!r})"
            )
        ]
    )
    path = folder / "probe.ipynb"
    nbformat.write(nb, path)
    run_notebooks.run(path)
    state = json.loads(path.read_text())["metadata"]["widgets"][run_notebooks.WIDGET_STATE]
    values = [m["state"].get("value") for m in state["state"].values()]
    assert "bandwidth" not in values and "saved on this computer" not in json.dumps(state)
