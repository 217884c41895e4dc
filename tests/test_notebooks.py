"""The notebooks follow the course template and rules (nbval itself runs them; see pyproject)."""

import json
import re

import pytest

from helpers import course
from helpers.tooling.literals import scan_notebook, scan_source

from conftest import NOTEBOOKS, ROOT

IDS = [p.stem for p in NOTEBOOKS]


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell):
    return "".join(cell["source"])


def _markdown(path):
    return "\n".join(_source(c) for c in _cells(path) if c["cell_type"] == "markdown")


def test_every_notebook_is_on_the_course_map():
    assert IDS, "no notebooks found"
    keys = [nb.key for nb in course.NOTEBOOKS]
    assert all(stem in keys for stem in IDS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_hardware_figure_is_typed_in(path):
    findings = scan_notebook(path)
    assert not findings, "\n".join(map(str, findings))


def test_literal_scanner_finds_typed_figures_and_respects_opt_outs():
    assert [f.literal for f in scan_source("x = 2.5e15 * 72\ny = 1229")] == ["2.5e15", "72", "1229"]
    assert scan_source("n = 576  # literal-ok: a count of cells, not NVL72 bandwidth") == []
    assert scan_source("bits = 8; eps = 2**-7; x = 65504") == []
    assert [f.literal for f in scan_source("gbps = 400")] == ["400"]  # 50 GB/s = 400 Gb/s


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_template_sections(path):
    text = _markdown(path)
    assert text.lstrip().startswith(f"# {path.stem[:2]} "), "title first, with the number"
    for heading in ("Learning objectives", "Prerequisites", "Time", "Exercises", "Key takeaways"):
        assert heading in text, f"{path.name} lacks {heading!r}"
    assert re.search(r"^## Sources", text, re.M), f"{path.name} lacks a Sources section"
    assert "Predict" in text, f"{path.name} has no predict-then-check prompt"
    assert len(re.findall(r"exercises\.check\(", "".join(map(_source, _cells(path))))) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_saved_from_a_clean_run(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code" and _source(c).strip()]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), "save after Restart & Run All (make notebooks)"
    for c in code:
        for out in c["outputs"]:
            assert out["output_type"] != "error", _source(c)
            assert out.get("name") != "stderr", f"stderr output in {path.name}: {_source(c)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_ignore_markers_are_exact_and_give_a_reason(path):
    for c in _cells(path):
        lines = _source(c).splitlines()
        for i, line in enumerate(lines):
            if "NBVAL_IGNORE_OUTPUT" in line:
                assert line == "# NBVAL_IGNORE_OUTPUT", (
                    f"marker must be alone on its line: {line!r}"
                )
                assert i + 1 < len(lines) and lines[i + 1].startswith("# "), "say why, next line"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_code_cells_stay_short(path):
    for c in _cells(path):
        if c["cell_type"] == "code":
            assert len(_source(c).splitlines()) <= 12, f"move logic to helpers: {_source(c)[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_each_widget_has_a_static_figure_before_it(path):
    sources = [_source(c) for c in _cells(path) if c["cell_type"] == "code"]
    for src in sources:
        for name in re.findall(r"^(\w+) = widgets\.\w+\(", src, re.M):
            shown = [j for j, s in enumerate(sources) if s.strip().endswith(f"\n{name}")]
            assert shown, f"widget {name} is built but never displayed"
            static = [j for j, s in enumerate(sources) if f"{name}.static()" in s]
            assert static and min(static) <= min(shown), f"{name} needs {name}.static() first"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_links_resolve(path):
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    anchors = {
        re.sub(r"[^a-z0-9 -]", "", h.strip().lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", glossary, re.M)
    }
    for target in re.findall(r"\]\(([^)]+)\)", _markdown(path)):
        if target.startswith("http"):
            continue
        file, _, anchor = target.partition("#")
        assert (path.parent / file).exists(), f"{path.name} links to missing {file}"
        if file.endswith("glossary.md") and anchor:
            assert anchor in anchors, f"{path.name} links to missing glossary entry #{anchor}"


def test_every_glossary_term_is_linked_from_a_notebook():
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    slugs = {
        re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
        for h in re.findall(r"^### (.+)$", glossary, re.M)
    }
    linked = set()
    for path in NOTEBOOKS:
        linked |= set(re.findall(r"glossary\.md#([\w-]+)", _markdown(path)))
    assert not slugs - linked, f"glossary terms no notebook links: {sorted(slugs - linked)}"
