"""Formulas are pre-rendered to MathML for the static site, the slides and the handouts (no
script, no network); prices with dollar signs stay text."""

import json
import re

import nbformat
import pytest

from helpers.tooling import mathml

from conftest import NOTEBOOKS


def test_display_and_inline_formulas_become_mathml():
    block = mathml.render_text(r"Time: $$t = \alpha + \frac{S}{B}$$ per message.")
    assert block.startswith("Time: <math ") and 'display="block"' in block
    assert "<mfrac>" in block and "$" not in block
    assert 'alttext="t = \\alpha + \\frac{S}{B}"' in block  # screen readers and copy-paste
    for text in (r"a $x^2$ b", r"a \(x^2\) b"):
        inline = mathml.render_text(text)
        assert 'display="inline"' in inline and "<msup>" in inline and "$" not in inline


@pytest.mark.parametrize(
    "text",
    [
        "CM384: US$8.2 M / 30 = US$0.27 M per chip",
        "costs $5 and $6 each",
        "a lone $ sign",
        "code `$x$` and ```\n$$y$$\n``` stays",
    ],
)
def test_prices_and_code_stay_text(text):
    assert mathml.render_text(text) == text


def test_unreadable_tex_names_the_formula():
    with pytest.raises(ValueError, match=r"tex='x\^' could not be converted"):
        mathml.to_mathml("x^")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_formula_of_the_course_converts(path):
    nb = nbformat.from_dict(json.loads(path.read_text(encoding="utf-8")))  # no slow validation
    sources = ["".join(c.source) for c in nb.cells if c.cell_type == "markdown"]
    formulas = sum(len(re.findall(r"\$\$.+?\$\$", s, re.S)) for s in sources)
    assert mathml.prerender(nb) >= formulas
    assert not any("$$" in c.source for c in nb.cells if c.cell_type == "markdown")
    assert json.dumps(nb).count("<math ") >= formulas
