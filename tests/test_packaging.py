"""The course installs as the README says: dependencies in sync and pinned, a light import.
(`make lab` itself is tested in test_lab.py.)"""

import re
import subprocess
import sys
from importlib import metadata

import yaml

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


def _install_closure() -> dict[str, str]:
    """Every package the course's install with its test tools brings on this Python: name ->
    installed version (requirements followed through extras and environment markers)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    found: dict[str, str] = {}
    visited: set[tuple[str, str]] = set()
    todo = [("scaling-up-course", "test")]
    while todo:
        name, extra = todo.pop()
        if (canonicalize_name(name), extra) in visited:
            continue
        visited.add((canonicalize_name(name), extra))
        dist = metadata.distribution(name)
        found[canonicalize_name(name)] = dist.version
        for req in map(Requirement, dist.requires or []):
            if req.marker is None or req.marker.evaluate({"extra": extra}):
                todo += [(req.name, e) for e in (req.extras or {""})]
    del found["scaling-up-course"]
    return found


def _pins_for_this_python() -> dict[str, str]:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate():
                (spec,) = req.specifier
                pins[canonicalize_name(req.name)] = spec.version
    return pins


def test_this_python_installs_exactly_the_pinned_versions():
    """What `make wheelhouse` downloads (constraints.txt, read for this Python) is what an install
    of the course brings here, package for package: so an offline install from it succeeds.
    CI runs this on the oldest (3.10) and newest (3.13) Python as well as on 3.11."""
    installed, pins = _install_closure(), _pins_for_this_python()
    wrong = {n: (v, pins.get(n)) for n, v in installed.items() if pins.get(n) != v}
    assert not wrong, f"installed version, pinned version for this Python: {wrong}"
    assert set(pins) == set(installed), f"pinned, not installed: {set(pins) - set(installed)}"


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
