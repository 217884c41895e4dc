"""The course installs and starts as the README says: dependencies in sync, light import,
a lab bound to localhost with a token."""

import re
import subprocess
import sys
from importlib import metadata

import yaml

from helpers.tooling import lab

from conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _requirements(extra: str | None = None) -> set[str]:
    """Names of the course's dependencies from its installed metadata (built from pyproject)."""
    names = set()
    for req in metadata.requires("scaling-up-course") or []:
        marker = req.partition(";")[2]
        wanted = f'extra == "{extra}"' in marker if extra else "extra ==" not in marker
        if wanted:
            names.add(_name(req))
    return names


def test_environment_yml_lists_the_runtime_dependencies_of_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == _requirements()
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section, "environment.yml must install the course's helpers package"


def test_constraints_pin_every_dependency_exactly():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt line {line!r} is not an exact pin"
            pins[_name(name)] = version
    wanted = _requirements() | _requirements("test") | _requirements("publish")
    missing = wanted - set(pins) - {"scaling-up-course"}  # the course's own extras
    assert not missing, f"not pinned in constraints.txt: {missing}"


def test_import_helpers_loads_no_submodule():
    code = (
        "import sys, helpers; "
        "loaded = sorted(m for m in sys.modules if m.startswith('helpers.')); "
        "heavy = [m for m in ('matplotlib', 'ipywidgets', 'numpy') if m in sys.modules]; "
        "print(loaded, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"


def test_submodules_load_on_first_use():
    import helpers

    assert helpers.units.si(3e17, "FLOP/s") == "300 PFLOP/s"
    assert "specs" in dir(helpers)


def test_lab_binds_localhost_with_a_token():
    cmd = lab.command("notebooks/00_start_here.ipynb", token="abc123")
    assert "--ServerApp.ip=127.0.0.1" in cmd
    assert "--IdentityProvider.token=abc123" in cmd


def test_lab_refuses_an_empty_token():
    import pytest

    with pytest.raises(ValueError, match="token"):
        lab.command("notebooks/00_start_here.ipynb", token="")


def test_makefile_offers_the_two_commands():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab:", "test:", "notebooks:", "bench:", "docs:"):
        assert re.search(rf"^{target}", makefile, re.M), target
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme


def test_readme_course_map_links_exactly_the_notebooks_that_exist():
    from helpers import course

    readme = (ROOT / "README.md").read_text()
    for nb in course.NOTEBOOKS:
        row = next(line for line in readme.splitlines() if line.startswith(f"| {nb.number} |"))
        assert (f"(notebooks/{nb.filename})" in row) == nb.exists(), row
        assert ("in preparation" in row) != nb.exists(), row


def test_citation_matches_the_package():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0"
    assert citation["version"] == metadata.version("scaling-up-course")
    assert citation["title"] in (ROOT / "README.md").read_text()
    assert citation["license"] == "MIT" and (ROOT / "LICENSE").exists()
