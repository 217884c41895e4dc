"""Shared test setup: a non-interactive matplotlib backend, the repository's paths, and the
static site built once (offline) for the tests that read it."""

import os
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
# nbval's kernels and the tests keep no learner progress on disk (helpers.exercises.progress).
os.environ["SCALING_UP_PROGRESS"] = "off"

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Proxies that make any HTTP(S) request of a build fail: builds must work offline.
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The static site of `make html` (pages, slide decks), built once with no network."""
    from helpers.tooling import publish

    out = tmp_path_factory.mktemp("site") / "html"
    with pytest.MonkeyPatch.context() as patch:
        for key, value in OFFLINE.items():
            patch.setenv(key, value)
            patch.setenv(key.lower(), value)
        publish.build_html(out)  # raises on a warning or a broken link
    return out


def control_sweeps(widget, look=None, skip=()):
    """Each control of ``widget`` but those named in ``skip``, moved through its positions
    (:func:`helpers.widgets.sweep_values`) and back to where it started: yields the control's
    name and the set of what ``look()`` gave at its positions (the widget's fingerprint by
    default)."""
    from helpers.widgets import sweep_values

    look = look or widget.fingerprint
    for name, control in widget.controls.items():
        if name in skip:
            continue
        start, seen = control.value, set()
        for value in sweep_values(control):
            control.value = value
            seen.add(look())
        control.value = start
        yield name, seen


@contextmanager
def toy_system(key: str, name: str, short: str, chip: dict | None = None, **changes):
    """A renamed copy of the NVL72 registered for one test, with no look of its own (the registry
    gives it the palette's next) and the fields of ``changes``; ``chip``, when given, changes its
    chip too (under a key of its own). Removed from the registry afterwards."""
    from dataclasses import replace

    from helpers import specs

    if chip is not None:
        chip = replace(specs.NVL72.chip, **chip)
        changes["chip"] = chip
    toy = specs.register_system(
        replace(specs.NVL72, key=key, name=name, short=short, style=None, **changes)
    )
    try:
        yield toy
    finally:
        specs.SYSTEMS.pop(toy.key, None)
        if chip is not None:
            specs.CHIPS.pop(chip.key, None)


@pytest.fixture
def third_system():
    """A toy third system (issue 15's guard against "two" creeping back): a renamed copy of the
    NVL72."""
    with toy_system("toy72", "Toy 72-chip rack", "Toy72") as toy:
        yield toy
