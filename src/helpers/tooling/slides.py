"""Slides: every notebook as a deck a teacher can present, with a presenter view, offline.

``make html`` writes ``notebooks/NN_name.slides.html`` beside each page of the static site. The
deck is the page's own cells, grouped into slides by :func:`slide_types`, plus a few lines of
CSS and script written here: it loads nothing (no reveal.js, no fonts, no CDN), so it works from
a USB stick in a lab with no internet.

The slides follow the course's template: the title, each ``##`` section and each ``###``
subsection start a slide; a prediction starts its own slide (the room's question), and so does a
figure on a slide that already has one; code cells with no output (imports, ``answer = ...``) are
left out. A cell's own ``slideshow`` metadata (JupyterLab's property inspector writes it) wins over
the rule, so an author can move a boundary.

In the deck: arrow keys, Space, Page Up/Down, Home and End move; ``P`` opens the presenter view (a
second window with the notes: each prediction's answer, each exercise's answer and hint, the
notebook's timing and discussion questions, the next slide and a clock; it follows and steers the
deck); ``C`` shows or hides the code; ``F`` is full screen. Folded answers open with a click.
"""

from __future__ import annotations

import html
import re

from helpers import course

#: Slide types, as nbconvert and RISE name them.
SLIDE, SUBSLIDE, CONTINUE, SKIP, NOTES = "slide", "subslide", "-", "skip", "notes"
_EXERCISE_CALL = re.compile(r"exercises\.(predict|show|check)\(\s*[\"']([\w.]+)[\"']")


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _has_figure(cell) -> bool:
    return any(
        "image/png" in out.get("data", {}) or "image/svg+xml" in out.get("data", {})
        for out in cell.get("outputs", [])
    )


def split_at_headings(nb) -> None:
    """Split, in place, each Markdown cell of ``nb`` before every ``#``, ``##`` or ``###``
    heading that is not its first line (outside code blocks), so that each section starts a cell
    and so a slide. The parts keep the cell's id with ``-1``, ``-2``... appended; a page made from
    the split notebook reads exactly as before."""
    import nbformat

    cells = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            cells.append(cell)
            continue
        parts, fenced = [[]], False
        for line in _text(cell.source).splitlines(keepends=True):
            fenced = fenced != line.startswith("```")
            if not fenced and re.match(r"#{1,3} ", line) and "".join(parts[-1]).strip():
                parts.append([])
            parts[-1].append(line)
        for k, part in enumerate(parts):
            new = nbformat.v4.new_markdown_cell("".join(part).strip("\n"), metadata=cell.metadata)
            new["id"] = cell.get("id", "cell") + (f"-{k}" if k else "")
            new["attachments"] = cell.get("attachments", {})
            cells.append(new if len(parts) > 1 else cell)
    nb.cells = cells


def slide_types(nb) -> list[str]:
    """The slide type of each cell of ``nb`` (``slide``, ``subslide``, ``-``, ``skip``, ``notes``).

    A prediction stands alone with at most a one-line heading: it starts a slide, and the cell
    after it starts the next one, so nothing on its slide answers it.
    """
    types: list[str] = []
    crowded = False  # does the current slide already hold a figure or a prediction?
    bare = False  # does it hold only a one-line heading so far?
    after_prediction = False
    for i, cell in enumerate(nb.cells):
        source = _text(cell.source).strip()
        explicit = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        code = cell.cell_type == "code"
        figure, predict = code and _has_figure(cell), code and "exercises.predict(" in source
        exercise = code and "exercises.show(" in source
        if explicit:
            kind = explicit
        elif i == 0 or (not code and re.match(r"#{1,2} ", source)):
            kind = SLIDE
        elif not code and re.match(r"### ", source):
            kind = SUBSLIDE
        elif code and not cell.get("outputs"):
            kind = SKIP
        elif after_prediction or (figure and crowded) or ((predict or exercise) and not bare):
            kind = SUBSLIDE
        else:
            kind = CONTINUE
        if kind in (SKIP, NOTES):
            types.append(kind)
            continue
        if kind in (SLIDE, SUBSLIDE):
            crowded, bare = False, not code and "\n" not in source
        else:
            bare = False
        crowded = crowded or figure or predict
        after_prediction = predict
        types.append(kind)
    return types


def notes_html(cell) -> str:
    """Presenter notes for one cell, from the exercise registry: the answer of a prediction (with
    what to notice), or the answer and hint of an exercise. Empty for other cells."""
    from helpers import exercises

    notes = []
    for kind, exercise_id in _EXERCISE_CALL.findall(_text(cell.source)):
        if kind == "check":
            continue
        try:
            ex = exercises.get(exercise_id)
        except ValueError:
            continue
        label = "Prediction" if kind == "predict" else "Exercise"
        extra = ex.explain if kind == "predict" else (f"Hint: {ex.hint}" if ex.hint else "")
        notes.append(
            f"<p><b>{label} {html.escape(ex.id)}.</b> Answer: "
            f"<b>{html.escape(ex.expected_text())}</b>. {html.escape(extra)}</p>"
        )
    return "".join(notes)


def _course_notes(key: str) -> tuple[str, str]:
    """Notes for the first slide (the notebook's class time) and the last one (its discussion
    questions), from the course map; empty for a page that is not on it."""
    try:
        nb = course.notebook(key[:2])
    except ValueError:
        return "", ""
    lo, hi = nb.minutes
    questions = "".join(f"<li>{html.escape(q)}</li>" for q in nb.discussion)
    first = f"<p><b>Class time:</b> {lo}-{hi} minutes.</p>"
    last = f"<p><b>Questions for the class:</b></p><ul>{questions}</ul>" if questions else ""
    return first, last


def build_deck(nb, page: str, key: str) -> str:
    """The slide deck of notebook ``key``: ``page`` (its exported static page, whose cells carry
    ``id="cell-id=..."``) regrouped into slides by :func:`slide_types` of ``nb``."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("main")
    blocks = {
        div.get("id", "").removeprefix("cell-id="): div
        for div in main.find_all("div", recursive=False)
    }
    main.clear()
    sections: list = []
    for cell, kind in zip(nb.cells, slide_types(nb), strict=True):
        block = blocks.get(cell.get("id"))
        if block is None or kind == SKIP:
            continue
        if kind == NOTES:
            if sections:
                notes = BeautifulSoup(block.decode_contents(), "html.parser")
                sections[-1].find("aside").append(notes)
            continue
        if kind in (SLIDE, SUBSLIDE) or not sections:
            section = soup.new_tag("section", attrs={"class": "slide"})
            section.append(soup.new_tag("aside", attrs={"class": "notes"}))
            main.append(section)
            sections.append(section)
        sections[-1].append(block)
        sections[-1].find("aside").append(BeautifulSoup(notes_html(cell), "html.parser"))
    if sections:
        first, last = _course_notes(key)
        sections[0].find("aside").insert(0, BeautifulSoup(first, "html.parser"))
        sections[-1].find("aside").append(BeautifulSoup(last, "html.parser"))
    for number, section in enumerate(sections, 1):
        heading = section.find(re.compile("^h[1-3]$"))
        title = heading.get_text(" ", strip=True).rstrip("¶").strip() if heading else ""
        section["data-title"] = title or f"Slide {number}"
        section["id"] = f"slide-{number}"
    soup.body["class"] = [*soup.body.get("class", []), "deck", "hide-code"]
    soup.head.append(BeautifulSoup(f"<style>{DECK_CSS}</style>", "html.parser"))
    bar = BeautifulSoup(_bar(key), "html.parser")
    soup.body.append(bar)
    soup.body.append(BeautifulSoup(f"<script>{DECK_JS}</script>", "html.parser"))
    return str(soup)


def _bar(key: str) -> str:
    return (
        '<nav class="deck-bar" aria-label="Slides">'
        '<button type="button" data-go="-1" aria-label="Previous slide">&#9664;</button>'
        '<span class="deck-counter" aria-live="polite"></span>'
        '<button type="button" data-go="1" aria-label="Next slide">&#9654;</button>'
        '<span class="deck-help">&larr; &rarr; move &middot; P presenter view &middot; '
        "C code &middot; F full screen</span>"
        '<button type="button" data-key="p">Presenter view</button>'
        '<button type="button" data-key="c">Code</button>'
        f'<a href="{html.escape(key)}.html">Page view</a>'
        '<span class="deck-clock"></span></nav>'
        '<div class="presenter-panel" aria-label="Presenter notes"></div>'
    )


DECK_CSS = """
body.deck { margin: 0; overflow: hidden; }
body.deck main { padding: 0; }
section.slide { position: fixed; inset: 0 0 2.6rem 0; overflow: auto; box-sizing: border-box;
  padding: 2rem 5vw; font-size: 1.3rem; background: var(--jp-layout-color0, #fff); }
section.slide[hidden] { display: none; }
section.slide .jp-RenderedHTMLCommon { font-size: 1.3rem; }
section.slide img { max-width: 100%; max-height: 72vh; object-fit: contain; }
section.slide .jp-InputPrompt, section.slide .jp-OutputPrompt { display: none; }
body.hide-code .jp-CodeCell .jp-Cell-inputWrapper { display: none; }
aside.notes { display: none; }
.deck-bar { position: fixed; left: 0; right: 0; bottom: 0; height: 2.6rem; display: flex;
  gap: 0.8rem; align-items: center; padding: 0 1rem; box-sizing: border-box;
  font: 0.95rem sans-serif; background: #f2f2f2; border-top: 1px solid #bbb; z-index: 10; }
.deck-bar .deck-help { flex: 1; color: #444; }
.presenter-panel { display: none; }
body.presenter section.slide { right: 40%; font-size: 0.9rem; }
body.presenter .presenter-panel { display: block; position: fixed; top: 0; right: 0; width: 40%;
  bottom: 2.6rem; overflow: auto; box-sizing: border-box; padding: 1rem 1.2rem;
  font: 1.15rem/1.45 sans-serif; background: #fff8e1; border-left: 3px solid #e69f00; }
math[display="block"] { font-size: 125%; margin: 0.6em 0; }
@media print {
  body.deck { overflow: visible; }
  section.slide, section.slide[hidden] { display: block; position: static; break-after: page; }
  .deck-bar, .presenter-panel { display: none; }
}
"""

DECK_JS = """
(() => {
  const slides = Array.from(document.querySelectorAll('section.slide'));
  const counter = document.querySelector('.deck-counter');
  const panel = document.querySelector('.presenter-panel');
  const clock = document.querySelector('.deck-clock');
  const isPresenter = new URLSearchParams(location.search).has('presenter');
  const started = Date.now();
  let current = 0, peer = isPresenter ? window.opener : null;
  if (isPresenter) document.body.classList.add('presenter');
  function notes() {
    const here = slides[current].querySelector('aside.notes').innerHTML.trim();
    const next = slides[current + 1] ? slides[current + 1].dataset.title : '(the end)';
    panel.innerHTML = '<h2>' + slides[current].dataset.title + '</h2>'
      + (here || '<p>No notes for this slide.</p>') + '<p><b>Next:</b> ' + next + '</p>';
  }
  function show(index, fromPeer) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach((slide, i) => { slide.hidden = i !== current; });
    slides[current].scrollTop = 0;
    counter.textContent = (current + 1) + ' / ' + slides.length;
    document.body.dataset.slide = String(current + 1);
    history.replaceState(null, '', location.search + '#' + (current + 1));
    notes();
    if (peer && !peer.closed && !fromPeer) peer.postMessage({slide: current}, '*');
  }
  function key(k) {
    if (k === 'p') {
      if (isPresenter) return;
      const url = location.href.split('#')[0].split('?')[0] + '?presenter#' + (current + 1);
      peer = window.open(url, 'presenter', 'width=1100,height=700');
      if (!peer) document.body.classList.toggle('presenter');  // pop-ups blocked: one window
    } else if (k === 'c') document.body.classList.toggle('hide-code');
    else if (k === 'f' && !document.fullscreenElement) document.documentElement.requestFullscreen();
    else if (k === 'f') document.exitFullscreen();
  }
  window.addEventListener('message', (e) => {
    if (e.data && typeof e.data.slide === 'number') show(e.data.slide, true);
  });
  document.addEventListener('keydown', (e) => {
    if (e.target.closest && e.target.closest('input, textarea, select')) return;
    const moves = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, ArrowUp: -1,
      PageUp: -1};
    if (e.key in moves) { e.preventDefault(); show(current + moves[e.key]); }
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(slides.length - 1);
    else if (e.key.length === 1 && 'pcf'.includes(e.key.toLowerCase()) && !e.ctrlKey) {
      key(e.key.toLowerCase());
    }
  });
  document.querySelectorAll('.deck-bar button').forEach((b) => b.addEventListener('click', () => {
    if (b.dataset.go) show(current + Number(b.dataset.go)); else key(b.dataset.key);
  }));
  setInterval(() => {
    const s = Math.floor((Date.now() - started) / 1000);
    clock.textContent = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }, 1000);
  show(Number(location.hash.slice(1)) - 1 || 0, true);
})();
"""
