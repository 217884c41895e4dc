"""Every notebook is a slide deck (built by `make html`): sections start slides, a prediction
stands alone on its slide, presenter notes hold the answers, and the deck loads nothing."""

import re

import nbformat
import pytest
from bs4 import BeautifulSoup

from helpers import exercises
from helpers.tooling import slides

from conftest import NOTEBOOKS

pytestmark = pytest.mark.slow  # on the pinned Python only (see .ci/pythons)

v4 = nbformat.v4


def _figure():
    return v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "x"})


def _printed(text):
    return v4.new_output("stream", name="stdout", text=text)


def _notebook(*cells):
    return v4.new_notebook(cells=list(cells))


def test_the_slide_rule_follows_the_template():
    nb = _notebook(
        v4.new_markdown_cell("# 04 Title\n\nThe hook."),
        v4.new_code_cell("from helpers import exercises"),  # no output: left out
        v4.new_markdown_cell("## 1. A section\n\nThe idea, in a few lines."),
        v4.new_code_cell('exercises.predict("04.small_message")', outputs=[_printed("q")]),
        v4.new_code_cell("print(table)", outputs=[_printed("the answer")]),
        v4.new_code_cell("w.static()", outputs=[_figure()]),
        v4.new_markdown_cell("What to notice."),
        v4.new_code_cell("plots.show(...)", outputs=[_figure()]),  # a second figure
        v4.new_markdown_cell("### Predict, then check"),
        v4.new_code_cell('exercises.predict("04.allreduce_growth")', outputs=[_printed("q")]),
        v4.new_markdown_cell("Mine.", metadata={"slideshow": {"slide_type": "slide"}}),
    )
    assert slides.slide_types(nb) == [
        "slide",
        "skip",
        "slide",
        "subslide",  # a prediction after a paragraph starts its own slide
        "subslide",  # and what follows it starts the next one
        "-",
        "-",
        "subslide",  # a second figure on a slide moves on
        "subslide",
        "-",  # a prediction right under a one-line heading stays with it
        "slide",  # an author's own metadata wins
    ]


def test_splitting_at_headings_keeps_the_text_and_code_blocks():
    text = "Intro.\n\n## 2. Next\n\nBody.\n\n```\n## not a heading\n```\n### 2.1 Sub\nEnd."
    nb = _notebook(v4.new_markdown_cell(text), v4.new_code_cell("x = 1"))
    nb.cells[0]["id"] = "c1"
    slides.split_at_headings(nb)
    sources = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert [s.splitlines()[0] for s in sources] == ["Intro.", "## 2. Next", "### 2.1 Sub"]
    assert "\n\n".join(sources).split() == text.split()
    assert [c.id for c in nb.cells] == ["c1", "c1-1", "c1-2", nb.cells[3].id]


def _deck(site, path):
    return BeautifulSoup(
        (site / "notebooks" / f"{path.stem}.slides.html").read_text(encoding="utf-8"),
        "html.parser",
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_has_a_deck_with_its_answers_in_the_notes(site, path):
    deck = _deck(site, path)
    sections = deck.find_all("section", class_="slide")
    source = path.read_text(encoding="utf-8")
    nb = nbformat.reads(source, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    headings = len(re.findall(r"^#{1,2} ", re.sub(r"```.*?```", "", markdown, flags=re.S), re.M))
    assert len(sections) >= headings > 0
    notes = " ".join(s.find("aside", class_="notes").get_text(" ") for s in sections)
    for exercise_id in set(re.findall(r'exercises\.(?:predict|show)\(\\"([\w.]+)\\"\)', source)):
        assert exercises.get(exercise_id).expected_text() in notes, exercise_id
    assert "Class time:" in sections[0].get_text() and "Questions for the class" in notes
    for section in sections:  # a prediction is the last thing on its slide
        cells = section.find_all("div", class_="jp-Cell", recursive=False)
        asks = [i for i, c in enumerate(cells) if "<b>Predict:</b>" in str(c)]
        assert asks in ([], [len(cells) - 1]), section["data-title"]
    page = str(deck)
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', page)
    assert "mathjax" not in page.lower()


@pytest.mark.browser
def test_the_deck_moves_with_keys_and_the_presenter_view_follows(site):
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM_ARGS, _chromium

    chromium = _chromium()
    if chromium is None:
        pytest.skip("no Chromium on PATH or in $CHROMIUM")
    deck = site / "notebooks" / "04_interconnects.slides.html"
    slide = "() => document.body.dataset.slide"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(deck.as_uri())
        total = page.evaluate("() => document.querySelectorAll('section.slide').length")
        assert page.evaluate(slide) == "1"
        assert page.evaluate(
            "() => document.querySelectorAll('section.slide:not([hidden])').length"
        )
        page.keyboard.press("ArrowRight")
        assert page.evaluate(slide) == "2"
        page.keyboard.press("End")
        assert page.evaluate(slide) == str(total)
        page.keyboard.press("Home")
        page.keyboard.press("c")
        assert "hide-code" not in page.evaluate("() => document.body.className")
        with page.expect_popup() as popup:
            page.keyboard.press("p")
        presenter = popup.value
        presenter.wait_for_load_state()
        assert "Class time" in presenter.inner_text(".presenter-panel")
        presenter.keyboard.press("ArrowRight")  # the presenter steers the deck...
        page.wait_for_function("() => document.body.dataset.slide === '2'")
        ask = page.evaluate(
            "() => Array.from(document.querySelectorAll('section.slide'))"
            ".findIndex(s => s.innerHTML.includes('<b>Predict:</b>'))"
        )
        for _ in range(ask - 1):
            page.keyboard.press("ArrowRight")  # ...and follows it
        presenter.wait_for_function(f"() => document.body.dataset.slide === '{ask + 1}'")
        answer = exercises.get("04.small_message").expected_text()
        assert answer in presenter.inner_text(".presenter-panel")
        browser.close()
