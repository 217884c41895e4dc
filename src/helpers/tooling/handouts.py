"""Printable handouts: one PDF per notebook and one for the instructor guide, printed by Chromium.

``python -m helpers.tooling.publish pdf [OUT]`` (``make pdf``) builds the static site (see
:mod:`helpers.tooling.publish`) and prints its pages with the Chromium on PATH (``$CHROMIUM``
wins), headless, with no network: the figures are inside the pages and the formulas are MathML.

Browsers do not print what a closed ``<details>`` holds, and a handout must not show an answer
beside its question either. So each folded block (a prediction's answer, a worked solution, a
check) becomes a pointer, "Answer 3, at the end", and its content is printed in an "Answers"
section after the notebook, numbered, with the section it belongs to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Pages of the site printed besides the notebooks, relative to the site's root.
EXTRA_PAGES = ("docs/instructor_guide.html",)

PRINT_CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-size: 11pt; }
.course-nav, .jp-InputPrompt, .jp-OutputPrompt, .anchor-link { display: none !important; }
.jp-Cell, .jp-OutputArea-output, img, table, pre, math { break-inside: avoid; }
h1, h2, h3 { break-after: avoid; }
img { max-width: 100% !important; height: auto !important; }
pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
.handout-pointer { font-style: italic; color: #333; border-left: 3px solid #e69f00;
  padding-left: 0.6em; }
.handout-answers { break-before: page; }
.handout-answer { border-top: 1px solid #bbb; padding-top: 0.4em; margin-top: 0.8em; }
"""


def chromium() -> str:
    """The Chromium to print with: ``$CHROMIUM``, else ``chromium`` or ``chromium-browser``.

    Raises:
        RuntimeError: if there is none, saying how to get one.
    """
    found = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not found:
        raise RuntimeError(
            "make pdf prints with Chromium: install it (apt-get install chromium) or set "
            "CHROMIUM to its path"
        )
    return found


def handout_html(page: str) -> str:
    """``page`` (a page of the static site) made ready to print: every closed ``<details>``
    replaced by a numbered pointer, its content moved to an "Answers" section at the end."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("main") or soup.body
    answers = []
    outer = [d for d in main.find_all("details") if d.find_parent("details") is None]
    for details in outer:  # an inner block is printed inside its outer one
        number = len(answers) + 1
        summary = details.find("summary")
        label = summary.get_text(" ", strip=True) if summary else "Answer"
        if summary:
            summary.extract()
        heading = details.find_previous(["h1", "h2", "h3"])
        where = heading.get_text(" ", strip=True).rstrip("¶").strip() if heading else ""
        pointer = soup.new_tag("p", attrs={"class": "handout-pointer"})
        pointer.string = f"{label}: see answer {number}, at the end."
        answer = soup.new_tag("div", attrs={"class": "handout-answer", "id": f"answer-{number}"})
        title = soup.new_tag("h3")
        title.string = f"Answer {number}" + (f" ({where})" if where else "")
        answer.append(title)
        for child in list(details.contents):
            answer.append(child.extract())
        details.replace_with(pointer)
        answers.append(answer)
    if answers:
        section = soup.new_tag("section", attrs={"class": "handout-answers jp-RenderedHTMLCommon"})
        heading = soup.new_tag("h2", attrs={"id": "answers"})
        heading.string = "Answers"
        section.append(heading)
        for answer in answers:
            section.append(answer)
        main.append(section)
    style = soup.new_tag("style")
    style.string = PRINT_CSS
    (soup.head or soup).append(style)
    return str(soup)


def print_pdf(page: Path, pdf: Path, browser: str | None = None) -> Path:
    """Print the HTML file ``page`` to ``pdf`` with headless Chromium; return ``pdf``."""
    browser = browser or chromium()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",  # CI and lab machines run as root
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                page.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise RuntimeError(f"Chromium wrote no PDF for {page}")
    return pdf


def build_pdf(out: Path, site: Path) -> list[Path]:
    """Print the notebooks and the instructor guide of the built ``site`` to ``out``; return the
    PDFs written (``NN_name.pdf``, ``instructor_guide.pdf``)."""
    browser = chromium()
    pages = sorted(p for p in (site / "notebooks").glob("*.html") if ".slides" not in p.suffixes)
    pages += [site / extra for extra in EXTRA_PAGES]
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            printable = Path(tmp) / page.name
            printable.write_text(handout_html(page.read_text(encoding="utf-8")), encoding="utf-8")
            written.append(print_pdf(printable, out / f"{page.stem}.pdf", browser))
    return written
