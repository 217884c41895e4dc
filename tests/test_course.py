"""An installed course (not only a source checkout) finds its notebooks from any working folder,
and its map never calls a written notebook "in preparation"."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from helpers import course

from conftest import ROOT

SHOW = (
    "import json, helpers, helpers.course as c; "
    "m = c.course_map()._repr_markdown_(); "
    "print(json.dumps([helpers.__file__, str(c.NOTEBOOK_DIR), m]))"
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The package copied alone into a site folder, as a non-editable install leaves it."""
    site = tmp_path_factory.mktemp("site-packages")
    shutil.copytree(ROOT / "src" / "helpers", site / "helpers")
    return site


def _course_map(installed, cwd, home, env=None):
    environ = {**os.environ, "PYTHONPATH": str(installed), "HOME": str(home)}
    environ.pop(course.NOTEBOOKS_ENV, None)
    environ.update(env or {})
    out = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=cwd, env=environ, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    module, folder, text = json.loads(out.stdout)
    assert module.startswith(str(installed))  # the copy, not the checkout, was imported
    return folder, text


def _copy_of_the_course(home):
    notebooks = home / "scaling-up" / "notebooks"
    notebooks.mkdir(parents=True)
    for nb in course.NOTEBOOKS:
        if (ROOT / "notebooks" / nb.filename).exists():
            (notebooks / nb.filename).write_text("{}")
    (home / "scratch").mkdir()
    return notebooks


def _all_linked(text):
    return all(
        f"]({nb.filename})" in text and "in preparation" not in text
        for nb in course.NOTEBOOKS
        if nb.exists()
    )


def test_installed_course_finds_its_notebooks_from_their_folder(installed, tmp_path):
    notebooks = _copy_of_the_course(tmp_path)
    folder, text = _course_map(installed, notebooks, tmp_path / "nowhere")
    assert folder == str(notebooks.resolve()) and _all_linked(text)


def test_installed_course_finds_its_notebooks_from_another_folder(installed, tmp_path):
    notebooks = _copy_of_the_course(tmp_path)
    folder, text = _course_map(installed, tmp_path / "scratch", tmp_path)  # ~/REPO/notebooks
    assert folder == str(notebooks.resolve()) and _all_linked(text)
    folder, text = _course_map(installed, notebooks.parent, tmp_path / "nowhere")  # the repo
    assert folder == str(notebooks.resolve()) and _all_linked(text)


def test_the_environment_variable_names_the_folder(installed, tmp_path):
    notebooks = _copy_of_the_course(tmp_path)
    env = {course.NOTEBOOKS_ENV: str(notebooks)}
    folder, text = _course_map(installed, "/", tmp_path / "nowhere", env)
    assert folder == str(notebooks.resolve()) and _all_linked(text)


def test_no_folder_found_says_so_instead_of_in_preparation(installed, tmp_path):
    (tmp_path / "scratch").mkdir()
    folder, text = _course_map(installed, tmp_path / "scratch", tmp_path)
    assert folder == "None"
    assert "in preparation" not in text and course.NOTEBOOKS_ENV in text
    assert all(f"{nb.number} {nb.title}" in text for nb in course.NOTEBOOKS)


def test_a_missing_notebook_is_in_preparation(tmp_path, monkeypatch):
    notebooks = _copy_of_the_course(tmp_path)
    (notebooks / course.NOTEBOOKS[-1].filename).unlink()
    monkeypatch.setenv(course.NOTEBOOKS_ENV, str(notebooks))
    assert course.NOTEBOOKS[-1].in_preparation() and not course.NOTEBOOKS[0].in_preparation()
    assert course.NOTEBOOKS[-1].link().endswith("(in preparation)")
