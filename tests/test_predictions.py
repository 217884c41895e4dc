"""A prediction's answer is not on screen before its Reveal (helpers.tooling.predictions)."""

import json

import pytest

from helpers.exercises import registry
from helpers.tables import folded
from helpers.tooling.predictions import answers_in_view

from conftest import NOTEBOOKS

PREDICTIONS = sorted(i for i, ex in registry().items() if ex.kind == "predict")


@pytest.mark.parametrize("exercise_id", PREDICTIONS)
def test_every_prediction_says_what_gives_it_away(exercise_id):
    ex = registry()[exercise_id]
    assert ex.giveaways(), f"{exercise_id}: declare reveals= (the row or label that answers it)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_answer_is_on_screen_before_its_reveal(path):
    found = answers_in_view(path)
    assert not found, "\n".join(map(str, found))


def test_the_checker_sees_giveaways_and_ignores_folded_ones(tmp_path):
    ex = registry()["00.more_power"]
    answer = ex.giveaways()[0]
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["## 1. A section\n"]},
        {"cell_type": "markdown", "metadata": {}, "source": [f"It is {answer} more.\n"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": 1,
            "outputs": [],
            "source": ['exercises.predict("00.more_power")'],
        },
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": [f"<details><summary>Check</summary>\n\n{answer}\n\n</details>\n"],
        },
    ]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "t.ipynb"
    path.write_text(json.dumps(nb))
    [found] = answers_in_view(path)
    assert found.cell == 1 and found.giveaway == answer
    del cells[1]
    path.write_text(json.dumps(nb))
    assert answers_in_view(path) == []


def test_folded_output_keeps_its_content_closed():
    html = folded("3.86x", "Check")._repr_html_()
    assert html.startswith("<details><summary>Check</summary>") and "3.86x" in html
