"""SI formatting, tables and the course map."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import course, tables
from helpers.units import si, si_same, times


@pytest.mark.parametrize(
    ("value", "unit", "kwargs", "text"),
    [
        (3e17, "FLOP/s", {}, "300 PFLOP/s"),
        (299.52e15, "FLOP/s", {}, "300 PFLOP/s"),
        (49.152e12, "B", {}, "49.2 TB"),
        (1228.8e12, "B/s", {"digits": 4, "prefix": "T"}, "1229 TB/s"),
        (327680, "B", {"binary": True}, "320 KiB"),
        (4.9e-9, "s", {}, "4.9 ns"),
        (999.96e12, "B", {}, "1 PB"),
        (0, "W", {}, "0 W"),
        (384, "1", {}, "384"),
        (-2.5e3, "W", {}, "-2.5 kW"),
    ],
)
def test_si(value, unit, kwargs, text):
    assert si(value, unit, **kwargs) == text


@given(st.floats(min_value=1e-12, max_value=1e20))
def test_si_keeps_three_significant_digits(x):
    number, _, rest = si(x, "B").partition(" ")
    scale = {"": 1, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18, "Z": 1e21}
    scale |= {"m": 1e-3, "µ": 1e-6, "n": 1e-9, "p": 1e-12, "f": 1e-15}
    assert float(number) * scale[rest[:-1]] == pytest.approx(x, rel=5e-3)


def test_si_same_uses_one_prefix():
    assert si_same([1228.8e12, 576e12], "B/s", 4) == ["1229 TB/s", "576 TB/s"]


def test_bad_arguments_name_the_parameter():
    with pytest.raises(ValueError, match="digits=0"):
        si(1, "B", 0)
    with pytest.raises(ValueError, match="prefix='Q'"):
        si(1, "B", prefix="Q")
    with pytest.raises(ValueError, match=r"rows\[0\]"):
        tables.Table(["a", "b"], [["only one"]])
    with pytest.raises(ValueError, match="key='99'"):
        course.notebook("99")


def test_times():
    assert times(1.664) == "1.66x"


def test_table_renders_text_and_html():
    t = tables.Table(["a", "b"], [["1", "<2>"]], caption="c")
    assert "&lt;2&gt;" in t._repr_html_()
    assert "padding" in t.readout_html() and "padding" not in t._repr_html_()
    assert repr(t).splitlines() == ["c", "a  b", "-  ---", "1  <2>"]


def test_course_map_links_only_notebooks_that_exist():
    text = course.course_map()._repr_markdown_()
    for nb in course.NOTEBOOKS:
        assert (f"]({nb.filename})" in text) == nb.exists()
    assert course.notebook("00").exists()
