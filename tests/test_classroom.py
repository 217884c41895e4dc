"""Class codes carry a learner's revealed predictions exactly, and nothing else; the classroom
notebook's tally reads codes made by the prediction widgets and finds the room's answers."""

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import course, exercises
from helpers.exercises import classcode, classroom, progress

WITH_PREDICTIONS = [nb.number for nb in course.NOTEBOOKS if classcode.predictions(nb.number)]


@st.composite
def guesses(draw):
    notebook = draw(st.sampled_from(WITH_PREDICTIONS))
    chosen = {}
    for ex in classcode.predictions(notebook):
        if draw(st.booleans()):
            chosen[ex.id] = draw(
                st.sampled_from(ex.choices)
                if ex.choices
                else st.floats(allow_nan=False, allow_infinity=False)
            )
    return notebook, chosen


def _same(a, b):
    return a.keys() == b.keys() and all(
        repr(a[k]) == repr(b[k]) and type(a[k]) is type(b[k])
        for k in a  # -0.0 stays -0.0
    )


@given(guesses())
def test_codes_round_trip_exactly(case):
    notebook, chosen = case
    code = classcode.encode(notebook, chosen)
    decoded = classcode.decode(code)
    assert decoded.notebook == course.notebook(notebook).key and _same(decoded.guesses, chosen)
    assert re.fullmatch(r"\d\d(-[0-9A-Z]{1,5})+", code)  # digits and capitals: no path or name
    assert classcode.decode(code.lower().replace("-", " ")) == decoded
    assert classcode.encode(notebook, decoded.guesses) == code


def test_a_code_is_short_and_says_only_the_notebook_and_the_guesses():
    fields = set(classcode.ClassCode.__dataclass_fields__)
    assert fields == {"notebook", "guesses"}
    for number in WITH_PREDICTIONS:
        questions = classcode.predictions(number)
        full = {ex.id: ex.choices[-1] if ex.choices else 123.5 for ex in questions}
        assert len(classcode.encode(number, full)) <= 40  # read aloud or typed in a minute


def test_bad_codes_and_guesses_say_what_is_wrong(monkeypatch):
    code = classcode.encode("04", {"04.small_message": "latency"})
    last = "0" if code[-1] != "0" else "1"
    with pytest.raises(ValueError, match="typing mistake"):
        classcode.decode(code[:-1] + last)
    with pytest.raises(ValueError, match="is not a class code"):
        classcode.decode("04-ABCU")
    with pytest.raises(TypeError, match="code=4"):
        classcode.decode(4)
    with pytest.raises(ValueError, match=r"guess=.maybe. for 04\.small_message"):
        classcode.encode("04", {"04.small_message": "maybe"})
    with pytest.raises(ValueError, match="must be a finite number"):
        classcode.encode("04", {"04.allreduce_growth": math.inf})
    with pytest.raises(TypeError, match="must be a number"):
        classcode.encode("04", {"04.allreduce_growth": "3"})
    with pytest.raises(ValueError, match=r"exercise_id=.01\.sum_of_ones. is not a prediction"):
        classcode.encode("04", {"01.sum_of_ones": 1.0})
    monkeypatch.setattr(classcode, "fingerprint", lambda questions: 0)  # the course changed:
    with pytest.raises(ValueError, match="another version"):  # a code made before is refused
        classcode.decode(code)


ROOM = [  # what five learners pick and type in notebook 04's prediction widgets
    {"04.small_message": "bandwidth", "04.allreduce_growth": "8x", "04.bf16_order": "tree"},
    {"04.small_message": "bandwidth", "04.allreduce_growth": "8"},
    {"04.small_message": "latency", "04.allreduce_growth": "1.25", "04.who_wins_384": "CM384"},
    {"04.small_message": "about equal", "04.allreduce_growth": "48"},
    {"04.small_message": "latency"},
]


def _code_from_widgets(picks, path, monkeypatch):
    monkeypatch.setenv(progress.ENV, str(path))
    shown = ""
    for exercise_id, guess in picks.items():
        widget = exercises.predict(exercise_id)
        widget.guess.value = guess
        widget.button.click()
        shown = widget.children[-1].value
    return re.search(r"<code>([0-9A-Z-]+)</code>", shown).group(1)


def test_the_classroom_reads_codes_made_by_the_widgets(tmp_path, monkeypatch):
    codes = [
        _code_from_widgets(picks, tmp_path / f"learner{i}.json", monkeypatch)
        for i, picks in enumerate(ROOM)
    ]
    room = classroom.tally("\n".join([*codes, "", "04-NOPE-NOPE"]))
    assert room.learners == 5 and len(room.unreadable) == 1
    small = room.question("04.small_message")
    assert sorted(small.guesses) == sorted(p["04.small_message"] for p in ROOM)
    assert small.right == 2 and small.most_common_wrong() == ("bandwidth", 2)
    growth = room.question("04.allreduce_growth")
    assert growth.guesses == [8.0, 8.0, 1.25, 48.0] and growth.right == 1
    assert growth.most_common_wrong() == ("8x", 2)
    assert room.question("04.who_wins_384").most_common_wrong() is None
    table = room._repr_markdown_()
    assert "| 5 | 2 | bandwidth (2) |" in table and "8x (2)" in table
    picture = room.picture("04.small_message")
    assert picture.png.startswith(b"\x89PNG") and "Most common wrong answer: bandwidth, by 2" in (
        picture.caption
    )
    assert "4 learners" in room.picture("04.allreduce_growth").caption
    with pytest.raises(ValueError, match=r"04\.nothing. has no guesses"):
        room.question("04.nothing")


def test_the_example_room_is_a_valid_class():
    room = classroom.tally(classroom.example_codes("04"))
    assert room.learners == 12 and not room.unreadable
    assert set(room) == {ex.id for ex in classcode.predictions("04")}
