"""Publish the course: a static HTML site and a zero-install JupyterLite site, both built offline.

``python -m helpers.tooling.publish html [OUT]`` (``make html``) converts every notebook (with its
saved outputs and static figures; a page has no kernel, so a widget shows its HTML fallback or a
note), the README, the instructor guide, the glossary, the errata and the benchmarks page to HTML
with nbconvert, rewrites links between them (``.ipynb``/``.md`` -> ``.html``), adds GitHub-style
anchors so ``glossary.md#scale-up-domain`` keeps working, and checks that no internal link is
broken.

Each notebook also gets a slide deck beside its page (``NN_name.slides.html``, see
:mod:`helpers.tooling.slides`), and formulas are MathML (:mod:`helpers.tooling.mathml`): the site
loads nothing from the network. ``python -m helpers.tooling.publish pdf [OUT]`` (``make pdf``)
prints the handouts from it (:mod:`helpers.tooling.handouts`).

``python -m helpers.tooling.publish lite [OUT]`` (``make lite``) builds a JupyterLite site: the
notebooks, each with a first cell that installs the course's ``helpers`` wheel in the browser
(Pyodide), and that wheel. Using the site needs a browser online (Pyodide loads from its CDN).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from helpers import course
from helpers.tooling import mathml, slides

#: The file that marks a folder as written by this module: only such a folder (or an empty one)
#: is ever deleted to be rewritten.
MARKER = ".written-by-helpers-publish"
#: Pages of the HTML site, relative to the repository root, besides the notebooks.
PAGES = (
    "README.md",
    "docs/instructor_guide.md",
    "docs/glossary.md",
    "docs/errata.md",
    "benchmarks/README.md",
)
LITE_FIRST_CELL = (
    "# Added by `make lite`: install the course's helpers in this browser tab (Pyodide).\n"
    "# numpy and matplotlib come with Pyodide; ipywidgets, networkx and segno come from PyPI;\n"
    "# ml_dtypes is not available here (notebook 01 says so and uses the course's own encoder).\n"
    "%pip install -q ipywidgets networkx segno\n"
    "%pip install -q --no-deps scaling-up-course"
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: What a static page shows where a notebook displayed a widget with no HTML of its own.
WIDGET_NOTE = (
    '<p class="course-widget-note"><em>Interactive widget: open this notebook in JupyterLab '
    "(<code>make lab</code>) or in the JupyterLite site to move it. The figure above is its "
    "starting view.</em></p>"
)
_REQUIRE_JS = re.compile(r'<script src="[^"]*require(\.min)?\.js"></script>')
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
MATH_CSS = 'math[display="block"] { font-size: 125%; margin: 0.6em 0; }'
_LINK = re.compile(r'(href|src)="([^"]*)"')
_HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.S)


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"<[^>]+>", "", html.unescape(text)).replace("¶", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _rewrite_links(page: str) -> str:
    def fix(match: re.Match) -> str:
        attr, target = match.groups()
        if re.match(r"^[a-z]+:|^#|^//", target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        path = re.sub(r"\.(ipynb|md)$", ".html", path)
        return f'{attr}="{path}{"#" + anchor if anchor else ""}"'

    return _LINK.sub(fix, page)


def _add_github_anchors(page: str) -> str:
    def anchor(match: re.Match) -> str:
        slug = github_slug(match.group(3))
        return f'<a id="{slug}"></a>{match.group(0)}' if slug else match.group(0)

    return _HEADING.sub(anchor, page)


def static_views(nb) -> None:
    """Make ``nb``'s outputs readable without a kernel or network, in place (a static figure
    already carries its caption as alt text, see :class:`helpers.plots.Picture`): a widget with
    an HTML fallback (a prediction: its question and a folded answer) shows that fallback, any
    other widget a note saying where to move it.
    The saved widget state goes, so the page needs no widget scripts from a CDN."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if data.pop(WIDGET_VIEW, None) is not None and "text/html" not in data:
                data.pop("text/plain", None)
                data["text/html"] = WIDGET_NOTE


def source_root() -> Path:
    """The course's repository (the folder holding ``notebooks/``, ``docs/`` and the README),
    found from the working folder (see :func:`helpers.course.notebook_dir`)."""
    root = course.course_root()
    if root is None or not (root / "README.md").is_file() or not (root / "docs").is_dir():
        raise RuntimeError("run this from the course's repository: no notebooks/ folder found")
    return root


def fresh_output(out: Path) -> Path:
    """Make ``out`` an empty folder marked as ours and return it.

    An existing ``out`` is deleted only when this module wrote it (it holds :data:`MARKER`) or it
    is empty, so a mistyped ``OUT`` never deletes someone's folder.

    Raises:
        ValueError: naming ``out``, if it is a file or a folder with files this module did not
            write.
    """
    if out.is_file() or (out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file()):
        raise ValueError(
            f"OUT={str(out)!r} already exists and was not written by `make html` or `make lite`: "
            "give a new or empty folder (nothing was deleted)"
        )
    if out.is_dir():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    mark(out)
    return out


def mark(out: Path) -> None:
    """Mark ``out`` as written by this module (so a rebuild may delete it)."""
    (out / MARKER).write_text("Written by python -m helpers.tooling.publish, which rewrites it.\n")


def _export(nb, title: str) -> str:
    from nbconvert import HTMLExporter

    static_views(nb)
    mathml.prerender(nb)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = _REQUIRE_JS.sub("", body)  # only widget views used it, and none is left
    body = _MATHJAX.sub("", body)  # formulas are MathML now: no script from a CDN
    body = body.replace("</head>", f"<style>{MATH_CSS}</style>\n</head>", 1)
    return _add_github_anchors(_rewrite_links(body))


def _with_deck_link(page: str, deck: str) -> str:
    """The page with a link to its slide deck at the top."""
    link = f'<p class="course-nav"><a href="{deck}">Present this notebook as slides</a></p>'
    return page.replace("<main>", f"<main>\n{link}", 1)


def build_html(out: Path) -> list[Path]:
    """Write the static site to ``out`` and return the pages written.

    Raises:
        RuntimeError: if a conversion warns or an internal link is broken.
    """
    import nbformat

    root = source_root()
    fresh_output(out)
    written = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in sorted((root / "notebooks").glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            slides.split_at_headings(nb)  # each section starts a cell: the deck's slides
            target = out / "notebooks" / f"{path.stem}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            page = _export(nb, path.stem)
            deck = target.with_name(f"{path.stem}.slides.html")
            deck.write_text(slides.build_deck(nb, page, path.stem), encoding="utf-8")
            target.write_text(_with_deck_link(page, deck.name), encoding="utf-8")
            written += [target, deck]
        for page in PAGES:
            source = root / page
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(source.read_text())])
            name = "index.html" if page == "README.md" else Path(page).with_suffix(".html").name
            target = out / Path(page).parent / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_export(nb, source.stem), encoding="utf-8")
            written.append(target)
    relevant = [w for w in caught if "nbconvert" in str(w.filename) or "helpers" in str(w.filename)]
    if relevant:
        raise RuntimeError("conversion warned: " + "; ".join(str(w.message) for w in relevant))
    broken = broken_links(out)
    if broken:
        raise RuntimeError("broken internal links:\n" + "\n".join(broken))
    return written


def broken_links(site: Path) -> list[str]:
    """Every relative link or image in ``site`` whose file or anchor does not exist."""
    texts = {page: page.read_text(encoding="utf-8") for page in sorted(site.rglob("*.html"))}
    ids = {
        page.resolve(): set(re.findall(r'\b(?:id|name)="([^"]+)"', t)) for page, t in texts.items()
    }
    broken = []
    for page, text in texts.items():
        for _attr, target in _LINK.findall(text):
            if not target or re.match(r"^[a-z]+:|^//", target):
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page.resolve()
            if not file.exists():
                broken.append(f"{page.relative_to(site)}: {target} (no such file)")
            elif anchor and file.suffix == ".html" and anchor not in ids.get(file, set()):
                broken.append(f"{page.relative_to(site)}: {target} (no such anchor)")
    return broken


#: What the wheel is built from: the package and the files its metadata names.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "src/helpers")


def build_wheel(out: Path) -> Path:
    """Build the course's wheel into ``out`` without network access; return its path.

    It is built from a clean copy of the sources in a temporary folder, so no ``build/lib`` is
    left in the repository and no stale module from an earlier build gets into the wheel.
    """
    root = source_root()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        for name in WHEEL_SOURCES:
            source, target = root / name, Path(tmp) / name
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, target)
        subprocess.run(
            [
                *(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"),
                *("--wheel-dir", str(out), tmp),
            ],
            check=True,
        )
    (wheel,) = out.glob("*.whl")
    return wheel


def lite_notebook(path: Path) -> dict:
    """The notebook at ``path`` with the install cell of the JupyterLite site first."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "id": "lite-install",
        "metadata": {"tags": ["lite-install"]},
        "outputs": [],
        "source": LITE_FIRST_CELL,
    }
    nb["cells"] = [cell, *nb["cells"]]
    return nb


def build_lite(out: Path) -> Path:
    """Write the JupyterLite site to ``out`` (the notebooks, the docs and the wheel)."""
    root = source_root()
    fresh_output(out)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        content = work / "content"
        (content / "notebooks").mkdir(parents=True)
        for path in sorted((root / "notebooks").glob("*.ipynb")):
            target = content / "notebooks" / path.name
            target.write_text(json.dumps(lite_notebook(path), indent=1), encoding="utf-8")
        shutil.copytree(root / "docs", content / "docs")
        wheel = build_wheel(work / "wheels")
        subprocess.run(
            [
                *(sys.executable, "-m", "jupyterlite_core", "build", "--contents", str(content)),
                *("--piplite-wheels", str(wheel), "--output-dir", str(out)),
                *("--lite-dir", str(work)),
            ],
            check=True,
            cwd=work,
        )
    mark(out)
    return out


def build_pdf(out: Path) -> list[Path]:
    """Write the handouts (one PDF per notebook, one for the instructor guide) to ``out``."""
    from helpers.tooling import handouts

    handouts.chromium()  # fail early, before the site is built, if there is no Chromium
    fresh_output(out)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "html"
        build_html(site)
        return handouts.build_pdf(out, site)


def main(argv: list[str]) -> None:
    """``html [OUT]``, ``pdf [OUT]`` or ``lite [OUT]``."""
    if not argv or argv[0] not in ("html", "pdf", "lite"):
        sys.exit("usage: python -m helpers.tooling.publish {html|pdf|lite} [OUT]")
    kind = argv[0]
    try:
        out = Path(argv[1]) if len(argv) > 1 else source_root() / "build" / kind
        if kind == "html":
            pages = build_html(out)
            print(f"{len(pages)} pages in {out}; open {out / 'index.html'}")
        elif kind == "pdf":
            pdfs = build_pdf(out)
            print(f"{len(pdfs)} handouts in {out}: " + ", ".join(p.name for p in pdfs))
        else:
            build_lite(out)
            print(f"JupyterLite site in {out}; serve it with: python -m http.server -d {out}")
    except (ValueError, RuntimeError) as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main(sys.argv[1:])
