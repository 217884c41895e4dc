"""Every exercise has a computed answer, a hint and a solution whose code passes its checker;
any learner input gets feedback, never a traceback; the instructor guide is current."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import course, exercises
from helpers.exercises import check, registry
from helpers.exercises.guide import render_guide

from conftest import ROOT

EXERCISES = sorted(registry())


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_exercise_is_complete(exercise_id):
    ex = registry()[exercise_id]
    assert ex.id.startswith(ex.notebook[:2] + ".")
    course.notebook(ex.notebook)  # the notebook is on the course map
    assert ex.prompt
    expected = ex.expected()
    if ex.choices:
        assert expected in ex.choices
    else:
        assert math.isfinite(float(expected))
    if ex.kind == "exercise":
        assert ex.hint and ex.solution and ex.code, f"{exercise_id} needs a hint, solution, code"


@pytest.mark.parametrize("exercise_id", [i for i in EXERCISES if registry()[i].kind == "exercise"])
def test_solution_code_passes_its_checker(exercise_id):
    namespace: dict = {}
    exec(registry()[exercise_id].code, namespace)  # our own solution code, not learner input
    feedback = check(exercise_id, namespace["answer"])
    assert feedback.correct, repr(feedback)


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_expected_answer_is_accepted(exercise_id):
    ex = registry()[exercise_id]
    assert check(exercise_id, ex.expected()).correct
    if not ex.choices:
        assert check(exercise_id, str(ex.expected())).correct


@pytest.mark.parametrize("exercise_id", EXERCISES)
@pytest.mark.parametrize("answer", [..., None, "", "abc", [1, 2], {"a": 1}, True, float("nan")])
def test_any_input_gets_feedback_not_a_traceback(exercise_id, answer):
    feedback = check(exercise_id, answer)
    assert not feedback.correct
    assert feedback.message
    assert "Traceback" not in repr(feedback)
    assert feedback._repr_markdown_()


@given(st.one_of(st.text(), st.floats(), st.integers(), st.binary()))
def test_arbitrary_input_is_parsed_never_evaluated(answer):
    feedback = check("00.per_chip_bf16", answer)
    assert feedback.status in ("correct", "wrong", "unanswered", "unreadable")


def test_learner_input_is_not_evaluated():
    feedback = check("00.per_chip_bf16", "__import__('os').getcwd()")
    assert feedback.status == "unreadable"


def test_wrong_answer_gets_a_hint_and_a_unit_slip_is_named():
    feedback = check("00.per_chip_bf16", 0.78125)  # PFLOP/s instead of TFLOP/s
    assert feedback.status == "wrong"
    assert "1,000 times too small" in feedback.message
    assert feedback.hint


def test_numbers_with_separators_units_and_fractions_are_read():
    assert exercises.parse_number("1,229") == 1229
    assert exercises.parse_number("781.25 TFLOP/s", "TFLOP/s") == 781.25
    assert exercises.parse_number("1/3") == pytest.approx(1 / 3)
    assert exercises.parse_number("1/0") is None
    assert exercises.parse_integer("0x3EAB") == 0x3EAB
    assert exercises.parse_integer("0b101") == 5
    assert exercises.parse_integer("3.5") is None


def test_choice_answers_ignore_case_and_reject_others():
    assert check("00.bandwidth_per_chip", "b200").correct
    assert check("00.bandwidth_per_chip", "H100").status == "unreadable"


def test_unknown_exercise_raises_value_error_naming_it():
    with pytest.raises(ValueError, match=r"exercise_id='00\.nope'"):
        check("00.nope", 1)


def test_solution_is_folded_and_carries_the_computed_answer():
    text = exercises.solution("00.per_chip_bf16")._repr_markdown_()
    assert text.startswith("<details>")
    assert "781.25 TFLOP/s" in text


def test_prediction_widget_reveals_the_computed_answer():
    widget = exercises.predict("00.bandwidth_per_chip")
    assert "Make a guess" in widget.reveal_text()
    widget.guess.value = "B200"
    widget.button.click()
    assert "right" in widget.result.value and "B200" in widget.result.value
    numeric = exercises.predict("00.more_power")
    numeric.guess.value = "2"
    numeric.button.click()
    assert "3.8552x" in numeric.result.value
    numeric.guess.value = "lots"
    assert "not a number" in numeric.reveal_text()
    assert "text/html" in numeric._repr_mimebundle_()


def test_every_notebook_shows_and_checks_its_own_exercises():
    import json

    for ex in registry().values():
        path = ROOT / "notebooks" / f"{ex.notebook}.ipynb"
        if not path.exists():
            continue
        source = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        if ex.kind == "exercise":
            assert f'exercises.check("{ex.id}"' in source, f"{ex.id} is not checked in {path.name}"
        else:
            assert f'exercises.predict("{ex.id}")' in source, f"{ex.id} is not asked in {path.name}"


def test_instructor_guide_is_current():
    guide = (ROOT / "docs" / "instructor_guide.md").read_text()
    assert guide == render_guide(), "docs/instructor_guide.md is stale: run `make docs`"
    for ex in registry().values():
        if course.notebook(ex.notebook).exists():
            assert ex.id in guide


def test_every_exercise_in_the_notebooks_has_a_passing_solution_in_the_guide():
    import json
    import re

    guide = (ROOT / "docs" / "instructor_guide.md").read_text()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        source = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        for exercise_id in re.findall(r'exercises\.check\("([^"]+)"', source):
            ex = registry()[exercise_id]  # a KeyError names an id the registry lacks
            section = guide.split(f"#### `{exercise_id}`", 1)
            assert len(section) == 2, f"{exercise_id} ({path.name}) has no entry in the guide"
            entry = section[1].split("#### ", 1)[0]
            assert "**Worked solution:**" in entry and ex.expected_text() in entry
            namespace: dict = {}
            exec(ex.code, namespace)  # the guide's solution code, run and checked
            assert check(exercise_id, namespace["answer"]).correct, exercise_id
        for exercise_id in re.findall(r'exercises\.predict\("([^"]+)"', source):
            assert f"`{exercise_id}`" in guide and registry()[exercise_id].kind == "predict"


# ---- reading answers, and naming the slip (helpers.exercises.answers) ---------------------------
@pytest.mark.parametrize(
    ("answer", "unit", "value", "note"),
    [
        ("0.781 PFLOP/s", "TFLOP/s", 781.0, "read 0.781 PFLOP/s as 781 TFLOP/s"),
        ("686 us", "ms", 0.686, "as 0.686 ms"),
        ("80 GiB", "GB", 80 * 2**30 / 1e9, "GiB"),
        ("400 Gb/s", "GB/s", 50.0, "as 50 GB/s"),
        ("781,25", "TFLOP/s", 781.25, "decimal comma"),
        ("1,229", "TB/s", 1229.0, ""),
        ("3.6 times", "x", 3.6, ""),
        ("1/3", "", 1 / 3, ""),
    ],
)
def test_an_answer_in_another_unit_or_notation_is_read(answer, unit, value, note):
    from helpers.exercises.answers import read_number

    reading = read_number(answer, unit)
    assert reading.value == pytest.approx(value) and not reading.problem
    assert note in reading.note


@pytest.mark.parametrize(
    ("answer", "unit", "problem"),
    [
        ("7,8,1", "TFLOP/s", "commas"),
        ("12 ms", "TFLOP/s", "does not measure"),
        ("12 bananas", "GB", "not a unit"),
        ("9" * 5000, "", "too long"),
        (10**400, "", "too large"),
        (float("inf"), "", "finite"),
    ],
)
def test_an_answer_that_cannot_be_read_says_why(answer, unit, problem):
    from helpers.exercises.answers import read_number

    reading = read_number(answer, unit)
    assert reading.value is None and problem in reading.problem
    assert len(reading.problem) < 200  # a long answer is echoed shortened


@pytest.mark.parametrize(
    ("answer", "value", "note"),
    [
        ("0011111001001101", 0b0011111001001101, "binary"),
        ("0x3E4D", 0x3E4D, ""),
        ("0123", 123, "decimal"),
        (16.0, 16, ""),
    ],
)
def test_an_integer_answer_is_read(answer, value, note):
    from helpers.exercises.answers import read_integer

    reading = read_integer(answer)
    assert reading.value == value and note in reading.note


@pytest.mark.parametrize(
    ("factor", "words"),
    [(1e3, "1,000 times too large"), (1e-6, "1,000,000 times too small"), (8, "bits vs bytes"),
     (0.5, "one direction vs both"), (100, "percentage"), (384, "per chip vs per system"),
     (-1, "sign"), (2**30 / 1e9, "GiB vs GB")],
)  # fmt: skip
def test_a_classic_slip_is_named(factor, words):
    from helpers.exercises.answers import slip

    assert words in slip(3.7 * factor, 3.7, 0.01, chip_counts=(72, 384))
    assert slip(3.7 * 1.3, 3.7, 0.01, chip_counts=(72, 384)) == ""


def test_feedback_names_the_slip_and_how_the_answer_was_read():
    feedback = check("00.per_chip_bf16", "0.78125 PFLOP/s")
    assert feedback.correct and "read 0.78125 PFLOP/s as 781.25 TFLOP/s" in feedback.message
    assert "1,000 times too large" in check("00.per_chip_bf16", 781250).message
    assert "not a unit" in check("00.per_chip_bf16", "781 bananas").message
