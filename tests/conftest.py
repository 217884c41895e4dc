"""Shared test setup: a non-interactive matplotlib backend, the repository's paths, and the
static site built once (offline) for the tests that read it."""

import os
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


@pytest.fixture
def third_system():
    """A toy third system registered for one test (issue 15's guard against "two" creeping
    back): a renamed copy of the NVL72 with no look of its own (the registry gives it the
    palette's next), removed from the registry afterwards."""
    from dataclasses import replace

    from helpers import specs

    toy = specs.register_system(
        replace(specs.NVL72, key="toy72", name="Toy 72-chip rack", short="Toy72", style=None)
    )
    yield toy
    specs.SYSTEMS.pop(toy.key, None)
