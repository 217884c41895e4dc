"""Formulas typeset with no network: TeX in Markdown becomes MathML when the course is published.

nbconvert's pages load MathJax from a CDN, so offline (a lab with no internet, a PDF printed on
a plane) a formula shows as TeX source. Browsers draw MathML themselves (Chromium since 109,
Firefox, Safari), so :func:`prerender` converts each formula once, at build time, with
``latex2mathml`` (pure Python): the static site, the slide decks and the handouts need no script
and no font download to show them. JupyterLab itself typesets with the MathJax it bundles.

Delimiters: ``$$...$$`` (display), ``\\(...\\)`` and ``$...$`` (inline). A ``$`` opens inline math
only where a formula can start (not after a letter or digit, not before a space) and closes it
only where one can end (not after a space, not before a digit), so prices such as "US$8.2 M and
US$3 M" stay text.
"""

from __future__ import annotations

import html
import re

_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
_PAREN = re.compile(r"\\\((.+?)\\\)", re.S)
_INLINE = re.compile(r"(?<![\w$\\])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\d$])")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)


def to_mathml(tex: str, display: bool = False) -> str:
    """The MathML of one TeX formula, with the TeX as its alternative text.

    Raises:
        ValueError: naming the formula, if latex2mathml cannot read it.
    """
    from latex2mathml.converter import convert

    source = " ".join(tex.split())
    try:
        markup = convert(source, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises its own exception types
        why = f"{type(error).__name__} {error}".strip()
        raise ValueError(f"tex={source!r} could not be converted to MathML ({why})") from error
    alt = html.escape(source, quote=True)
    return markup.replace("<math ", f'<math alttext="{alt}" ', 1)


def render_text(text: str) -> str:
    """``text`` (Markdown) with every formula outside code replaced by its MathML."""
    parts = _CODE.split(text)
    for i in range(0, len(parts), 2):  # even parts are outside code spans and blocks
        part = _DISPLAY.sub(lambda m: to_mathml(m.group(1), display=True), parts[i])
        part = _PAREN.sub(lambda m: to_mathml(m.group(1)), part)
        parts[i] = _INLINE.sub(lambda m: to_mathml(m.group(1)), part)
    return "".join(parts)


def prerender(nb) -> int:
    """Replace the formulas of ``nb``'s Markdown cells and Markdown outputs by MathML, in place;
    return how many formulas were converted."""
    count = 0

    def convert(text: str | list[str]) -> str:
        nonlocal count
        text = "".join(text) if isinstance(text, list) else text  # raw JSON holds lists
        new = render_text(text)
        count += new.count("<math ") - text.count("<math ")
        return new

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = convert(cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                data["text/markdown"] = convert(data["text/markdown"])
    return count
