"""The shared argument checks: what they accept, what they return, and messages that name the
parameter, the value and what is allowed."""

import re

import numpy as np
import pytest

from helpers import checks


def test_accepted_values_come_back_converted():
    assert checks.number("x", 3) == 3.0 and isinstance(checks.number("x", 3), float)
    assert checks.number("x", np.float32(0.5)) == 0.5
    assert checks.number("x", 0) == 0.0  # at least 0 by default
    assert checks.positive("x", 1e-300) == 1e-300
    assert checks.whole("n", np.int64(7), 1) == 7 and isinstance(checks.whole("n", 7), int)
    assert checks.fraction("f", 0) == 0.0 and checks.fraction("f", 1, open_low=True) == 1.0
    np.testing.assert_array_equal(checks.values("v", [0, 2.5]), [0.0, 2.5])
    assert checks.values("v", 3, above=True).shape == ()


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (lambda: checks.number("batch", -1), "batch=-1 must be a finite number, at least 0"),
        (
            lambda: checks.number("context", 0, minimum=1),
            "context=0 must be a finite number, at least 1",
        ),
        (lambda: checks.number("x", float("inf")), "x=inf must be a finite number, at least 0"),
        (lambda: checks.positive("flops", 0), "flops=0 must be a finite number, above 0"),
        (lambda: checks.values("alpha", [1, -1]), "alpha=[1, -1] must be finite, at least 0"),
        (lambda: checks.values("bandwidth", 0, above=True), "bandwidth=0 must be finite, above 0"),
        (lambda: checks.whole("n", 0, 1), "n=0 must be a whole number, at least 1"),
        (lambda: checks.fraction("serial", 1.5), "serial=1.5 must be in [0, 1]"),
        (lambda: checks.fraction("mfu", 0, open_low=True), "mfu=0 must be in (0, 1]"),
        (lambda: checks.fraction("mfu", float("nan")), "mfu=nan must be in [0, 1]"),
    ],
)
def test_bad_values_raise_naming_the_parameter_value_and_range(check, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        check()


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (lambda: checks.number("x", True), "x=True must be a number (int or float), not a bool"),
        (lambda: checks.number("x", "5"), "x='5' must be a number (int or float), not a str"),
        (lambda: checks.values("x", "a"), "x='a' must be a number or an array of numbers"),
        (lambda: checks.whole("n", 2.0), "n=2.0 must be a whole number (an int), not a float"),
        (lambda: checks.whole("n", False), "n=False must be a whole number (an int), not a bool"),
        (lambda: checks.flag("sparse", 1), "sparse=1 must be True or False"),
        (lambda: checks.system("system", 3), "system=3 must be a System or its key (a str)"),
    ],
)
def test_a_value_of_the_wrong_type_raises_type_error(check, message):
    with pytest.raises(TypeError, match=f"^{re.escape(message)}"):
        check()


def test_overflow_and_unknown_keys_are_value_errors():
    with pytest.raises(ValueError, match="too large for a float"):
        checks.number("x", 10**400)
    with pytest.raises(
        ValueError, match=r"system='h100' is not a System key; use one of \['cm384'"
    ):
        checks.system("system", "h100")
    assert checks.system("system", "CM384") is checks.system("system", "cm384")
    assert checks.model("model", "llama3_70b").key == "llama3_70b"
    assert checks.one_of("precision", "bf16", ("bf16", "fp8")) == "bf16"
