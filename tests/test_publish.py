"""The course publishes: a static HTML site with every notebook and no broken internal link, and a
JupyterLite site holding the notebooks and the helpers wheel, both built without network access."""

import json

import pytest

from helpers.tooling import publish

from conftest import NOTEBOOKS, OFFLINE, ROOT

pytestmark = pytest.mark.slow  # on the pinned Python only (see .ci/pythons)


@pytest.fixture
def offline(monkeypatch):
    """Any HTTP(S) request made by the build goes to a closed port and fails."""
    for key, value in OFFLINE.items():
        monkeypatch.setenv(key, value)
        monkeypatch.setenv(key.lower(), value)


def test_github_slug_matches_github_anchors():
    assert publish.github_slug("Scale-up domain") == "scale-up-domain"
    heading = "Dense and sparse FLOPS<a href='#x'>¶</a>"
    assert publish.github_slug(heading) == "dense-and-sparse-flops"
    assert publish.github_slug("Direction (of a bandwidth)") == "direction-of-a-bandwidth"


def test_html_site_has_every_notebook_with_its_figures_and_no_broken_link(site):
    assert (site / "index.html").exists()
    for path in NOTEBOOKS:
        page = (site / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        saved = json.loads(path.read_text(encoding="utf-8"))
        pictures = sum(
            "image/png" in out.get("data", {})
            for cell in saved["cells"]
            if cell["cell_type"] == "code"
            for out in cell["outputs"]
        )
        assert page.count("data:image/png;base64") >= pictures > 0
        assert '.ipynb"' not in page and "glossary.md" not in page
        # Widgets read without a kernel: predictions show their question, figures a note; no
        # widget script is fetched.
        widgets = [
            out["data"]
            for cell in saved["cells"]
            for out in cell.get("outputs", [])
            if publish.WIDGET_VIEW in out.get("data", {})
        ]
        questions = sum("<b>Predict:</b>" in "".join(d.get("text/html", "")) for d in widgets)
        assert page.count("<b>Predict:</b>") == questions
        assert page.count("course-widget-note") == len(widgets) - questions
        assert publish.WIDGET_VIEW not in page and "require.min.js" not in page
        assert "mathjax" not in page.lower()  # formulas are MathML: nothing from a CDN
        assert f'href="{path.stem}.slides.html"' in page
        # Every figure carries its caption as alt text.
        assert page.count('<img alt="') == page.count("<img ")
        assert "No description has been provided" not in page
    glossary = (site / "docs" / "glossary.html").read_text(encoding="utf-8")
    assert 'id="scale-up-domain"' in glossary
    assert publish.broken_links(site) == []


def test_link_checker_reports_missing_files_and_anchors(tmp_path):
    (tmp_path / "a.html").write_text('<h1 id="x">A</h1><a href="b.html">b</a><a href="#y">y</a>')
    broken = publish.broken_links(tmp_path)
    assert broken == ["a.html: b.html (no such file)", "a.html: #y (no such anchor)"]


def test_lite_site_holds_the_notebooks_the_wheel_and_the_widgets(tmp_path, offline):
    site = publish.build_lite(tmp_path / "lite")
    wheels = list((site / "pypi").glob("scaling_up_course-*.whl"))
    assert len(wheels) == 1
    assert (site / "extensions" / "@jupyter-widgets").is_dir()
    for path in NOTEBOOKS:
        nb = json.loads((site / "files" / "notebooks" / path.name).read_text(encoding="utf-8"))
        first = "".join(nb["cells"][0]["source"])
        assert "%pip install -q --no-deps scaling-up-course" in first
        assert nb["cells"][1:] == json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert (site / "files" / "docs" / "glossary.md").exists()


def test_makefile_installs_from_a_wheelhouse_when_present():
    makefile = (ROOT / "Makefile").read_text()
    assert "--no-index --find-links $(WHEELHOUSE)" in makefile
    assert "download -q -d $(WHEELHOUSE) -r constraints.txt" in makefile


def test_publish_never_deletes_a_folder_it_did_not_write(tmp_path):
    mine = tmp_path / "mine"
    (mine / "thesis").mkdir(parents=True)
    (mine / "thesis" / "chapter1.tex").write_text("years of work")
    with pytest.raises(ValueError, match="was not written by"):
        publish.fresh_output(mine)
    with pytest.raises(ValueError, match="was not written by"):
        publish.fresh_output(mine / "thesis" / "chapter1.tex")
    assert (mine / "thesis" / "chapter1.tex").read_text() == "years of work"
    empty = tmp_path / "empty"
    empty.mkdir()
    site = publish.fresh_output(empty)  # an empty folder is fine, and is marked as ours
    (site / "old.html").write_text("from an earlier build")
    publish.fresh_output(site)  # ours: emptied and rewritten
    assert [p.name for p in site.iterdir()] == [publish.MARKER]


def test_publish_cli_refuses_a_foreign_folder_with_a_message(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    for kind in ("html", "lite"):
        with pytest.raises(SystemExit, match="nothing was deleted"):
            publish.main([kind, str(tmp_path)])
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_the_wheel_holds_exactly_the_package_and_leaves_no_build_folder(tmp_path):
    import zipfile

    stale = ROOT / "build" / "lib"
    before = stale.exists()
    wheel = publish.build_wheel(tmp_path)
    assert stale.exists() == before  # nothing written into the repository
    modules = {n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".py")}
    sources = {
        p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src" / "helpers").rglob("*.py")
    }
    assert modules == sources


def test_the_lite_site_installs_every_runtime_dependency_or_runs_without_it():
    import re
    from importlib import metadata

    runtime = {
        re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower().replace("_", "-")
        for r in metadata.requires("scaling-up-course") or []
        if "extra ==" not in r
    }
    with_pyodide, not_in_a_browser, runs_without, before_311 = (
        {"numpy", "matplotlib"},
        {"jupyterlab"},
        {
            "ml-dtypes"  # notebook 01 says it is missing and uses the course's encoder
        },
        {"tomli"},  # Python 3.10's TOML reader; Pyodide's Python is newer and has tomllib
    )
    first_cell = publish.LITE_FIRST_CELL.splitlines()
    installed = set(next(line for line in first_cell if "%pip" in line).split()[3:])
    assert runtime == with_pyodide | not_in_a_browser | runs_without | before_311 | installed
