"""`make pdf` prints one handout per notebook and one for the instructor guide with Chromium:
each has its title, its figures, its formulas typeset, and its folded answers printed in an
"Answers" section at the end (checked with poppler-utils' pdftotext and pdfimages)."""

import os
import shutil
import subprocess

import pytest

from helpers import course
from helpers.tooling import handouts

from conftest import NOTEBOOKS

pytestmark = pytest.mark.slow  # on the pinned Python only (see .ci/pythons)

PAGE = """<html><head></head><body><main>
<h2>1. A section</h2><p>Question one?</p>
<details><summary>Reveal</summary><p>Answer one.</p>
<details><summary>More</summary><p>Inner detail.</p></details></details>
<h2>2. Another</h2><details><summary>Show the worked solution</summary><p>Two.</p></details>
</main></body></html>"""


def test_folded_answers_move_to_an_answers_section_at_the_end():
    page = handouts.handout_html(PAGE)
    main = page[page.index("<main>") : page.index("</main>")]
    assert main.index("Question one?") < main.index("Reveal: see answer 1, at the end.")
    assert "Show the worked solution: see answer 2, at the end." in main
    answers = main[main.index(">Answers</h2>") :]
    assert answers.index("Answer 1 (1. A section)") < answers.index("Answer one.")
    assert answers.index("Inner detail.") < answers.index("Answer 2 (2. Another)")
    assert main.count("<details") == 1  # the inner one, printed inside answer 1
    assert "@page" in page


def _tool(name):
    path = shutil.which(name)
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but no {name}: install it (see .ci/run)")
        pytest.skip(f"no {name} on PATH")
    return path


@pytest.fixture(scope="module")
def pdfs(site, tmp_path_factory):
    """The handouts, printed from the session's static site."""
    if shutil.which("chromium") is None and not os.environ.get("CHROMIUM"):
        _tool("chromium")
    _tool("pdftotext"), _tool("pdfimages")
    out = tmp_path_factory.mktemp("pdf")
    return {p.stem: p for p in handouts.build_pdf(out, site)}


def _text(pdf):
    return subprocess.run(
        ["pdftotext", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout


def _images(pdf):
    listing = subprocess.run(
        ["pdfimages", "-list", pdf], capture_output=True, text=True, check=True
    )
    return [line for line in listing.stdout.splitlines()[2:] if line.split()[2] == "image"]


@pytest.mark.browser
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_notebook_prints_with_title_figures_and_answers(pdfs, path):
    text = _text(pdfs[path.stem])
    nb = course.notebook(path.stem)
    assert nb.title in " ".join(text.split())
    assert len(_images(pdfs[path.stem])) >= 1
    if "see answer 1, at the end" in text:
        assert text.index("see answer 1, at the end") < text.rindex("Answers")
        assert "Answer 1 (" in text[text.rindex("Answers") :]
    assert "$$" not in text and "\\frac" not in text


@pytest.mark.browser
def test_formulas_print_typeset_and_guide_prints(pdfs):
    formula = _text(pdfs["04_interconnects"])
    assert "\\alpha" not in formula and ("α" in formula or "\U0001d6fc" in formula)
    guide = _text(pdfs["instructor_guide"])
    assert "Instructor guide" in guide
    assert set(pdfs) == {p.stem for p in NOTEBOOKS} | {"instructor_guide"}
