"""Every public function that takes a system, chip or model accepts the object or its key, and
answers a wrong type with TypeError and an unknown key with ValueError, each naming the
parameter (the course's rule for bad input).

The functions are found, not listed: every public function of the helpers' modules with a
parameter called ``system``, ``chip`` or ``model``. The other arguments come from EXAMPLES by
name; a function with a required argument EXAMPLES lacks fails the test, so none is skipped.
"""

import importlib
import inspect
import pkgutil

import pytest

import helpers
from helpers import scaling, specs

TAKEN = {"system": specs.CM384, "chip": specs.ASCEND_910C, "model": specs.LLAMA3_70B}
#: A valid value for each other required parameter, by name.
EXAMPLES = {
    "bytes_needed": 1e12,
    "flops": 1e24,
    "tokens": 1e12,
    "par": scaling.Parallelism(),
    "span": 8,
    "ranks": 8,
    "ep": 8,
    "capacity": 1e12,
    "context": 4096,
    "batch": 8,
    "bandwidth": 1e12,
    "dies": 320,
    "experts_per_die": 1,
    "chips": [72, 144],
    "base": scaling.Parallelism(),
    "ax": None,
    "axes": None,
    "chip_a": 0,
    "chip_b": 1,
    "mb_tokens": 4096,
    "part": "first_level_switch",
    "precision": "bf16",
    "quantity": "compute",
}
SKIP_MODULES = ("helpers.tooling", "helpers.measure", "helpers.exercises", "helpers.prose")


def _functions():
    found = []
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if info.name.startswith(SKIP_MODULES) or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or getattr(fn, "__module__", None) != info.name:
                continue
            if inspect.isfunction(fn) or (hasattr(fn, "__wrapped__") and callable(fn)):
                params = inspect.signature(fn).parameters
                for taken in TAKEN:
                    if taken in params:
                        found.append(pytest.param(fn, taken, id=f"{info.name}.{name}:{taken}"))
    return found


def _arguments(fn, taken, value):
    kwargs = {}
    for name, p in inspect.signature(fn).parameters.items():
        if name == taken:
            kwargs[name] = value
        elif name in TAKEN:
            kwargs[name] = TAKEN[name]
        elif p.default is inspect.Parameter.empty and p.kind not in (
            p.VAR_POSITIONAL,
            p.VAR_KEYWORD,
        ):
            assert name in EXAMPLES, f"{fn.__qualname__}: add an example value for {name!r}"
            kwargs[name] = EXAMPLES[name]
    return kwargs


FUNCTIONS = _functions()


def test_the_sweep_finds_the_functions_that_take_systems_and_models():
    assert len(FUNCTIONS) >= 40


@pytest.mark.parametrize(("fn", "taken"), FUNCTIONS)
def test_a_wrong_type_is_a_type_error_naming_the_parameter(fn, taken):
    with pytest.raises(TypeError, match=f"{taken}=12345 must be a "):
        fn(**_arguments(fn, taken, 12345))


@pytest.mark.parametrize(("fn", "taken"), FUNCTIONS)
def test_an_unknown_key_is_a_value_error_listing_the_keys(fn, taken):
    with pytest.raises(ValueError, match=f"{taken}='nope' is not a .* key; use one of"):
        fn(**_arguments(fn, taken, "nope"))
