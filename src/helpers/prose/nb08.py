"""Numbers the prose of notebook 08 (the capstone fact-check) states that no single figure holds:
results of the reliability model and of the verdict rubric."""

from __future__ import annotations

from .. import specs
from . import quantity

_DAY = 86400.0  # seconds


@quantity(
    "nb08.module_failure_interval",
    "s",
    "mean time between optical-module failures in the CM384's scale-up network, at the assumed "
    "annual failure rate (modules counted two per cable)",
)
def module_failure_interval() -> float:
    from .. import reliability

    modules, _cables = reliability.scale_up_modules()
    afr = specs.get("link.optical_module_afr").value
    return reliability.days_between_failures(modules, afr) * _DAY


@quantity(
    "nb08.second_level_switch_loss",
    "%",
    "percentage of its node's links to other nodes that each NPU loses when one second-level UB "
    "switch of the CM384 fails",
)
def second_level_switch_loss() -> float:
    from .. import reliability

    return 100 * reliability.blast_radius("cm384", "second_level_switch").bandwidth_lost


@quantity(
    "nb08.first_level_switch_touched",
    "",
    "NPUs one failed first-level UB switch of the CM384 touches (those of its node)",
)
def first_level_switch_touched() -> float:
    from .. import reliability

    return reliability.blast_radius("cm384", "first_level_switch").chips_touched


@quantity("nb08.verdict_min_words", "", "words a written verdict needs at least")
def verdict_min_words() -> float:
    from .. import factcheck

    return factcheck.MIN_WORDS


@quantity(
    "nb08.scale_up_module_power",
    "W",
    "power of the CM384's scale-up optical modules at the course's assumed power per module",
)
def scale_up_module_power() -> float:
    from .. import reliability

    modules, _cables = reliability.scale_up_modules()
    return modules * specs.get("link.optics_400g_lpo_power").value


def _afr(bound: str) -> float:
    fig = specs.get("link.optical_module_afr")
    return 100 * {"value": fig.value, "low": fig.low, "high": fig.high}[bound]


# The annual failure rate is a rate per year (unit 1/year); the prose writes it as a percentage.
for _bound, _what in (
    ("value", "assumed"),
    ("low", "lowest plausible"),
    ("high", "highest plausible"),
):
    quantity(
        "nb08.module_afr" + ("" if _bound == "value" else f"_{_bound}"),
        "%",
        f"the {_what} annual failure rate of one optical module, in percent a year",
    )(lambda bound=_bound: _afr(bound))
