"""The prose follows the figures: every number a reader meets is computed or checked, and every
quotation is someone's exact words (see helpers.prose and helpers.tooling.prose)."""

import importlib
import re

import pytest

from helpers import article, course, prose, specs
from helpers.exercises import core as exercise_core
from helpers.exercises.guide import render_guide
from helpers.tooling import prose as tool

from conftest import NOTEBOOKS, ROOT

DOCS = [*NOTEBOOKS, ROOT / "docs" / "glossary.md"]
IDS = [p.name for p in DOCS]
#: Python files whose strings a learner or teacher reads (the instructor guide is made of them).
PYTHON_PROSE = [
    *sorted((ROOT / "src" / "helpers" / "exercises").glob("nb*.py")),
    ROOT / "src" / "helpers" / "course.py",
    ROOT / "src" / "helpers" / "exercises" / "guide.py",
    ROOT / "src" / "helpers" / "exercises" / "core.py",
]


# ---- the marker language ----------------------------------------------------------------------
def test_a_marker_renders_its_number_as_written():
    text = (
        "49.2 TB<!--=cm384.hbm_capacity--> and **3.56x**<!--=cm384.hbm_capacity/"
        "nvl72.hbm_capacity--> on 384 chips<!--=cm384.chips-->, "
        "1,229 TB/s<!--=cm384.hbm_bandwidth-->"
    )
    assert [prose.render(m) for m in prose.markers(text)] == ["49.2", "3.56", "384", "1,229"]
    assert prose.stale(text) == []
    wrong = text.replace("49.2", "49.3")
    [found] = prose.stale(wrong)
    assert found.marker.number == "49.3" and found.rendered == "49.2"
    assert prose.fill(wrong) == text


def test_a_marker_reads_units_ranges_and_explicit_units():
    text = (
        "2.8 Tb/s<!--=ascend910c.scale_up_bandwidth_sa--> (350 GB/s<!--=ascend910c."
        "scale_up_bandwidth_sa-->); US$8.2 million<!--=cm384.price|MUSD-->; "
        "3<!--=link.active_copper_reach:low|m-->-5 m<!--=link.active_copper_reach:high-->"
    )
    assert [prose.render(m) for m in prose.markers(text)] == ["2.8", "350", "8.2", "3", "5"]


@pytest.mark.parametrize(
    ("value", "written", "text"),
    [(3.5555, "3.56", "3.56"), (2.666, "3.56", "2.67"), (1228.8, "1,229", "1,229"),
     (36.864, "49.2", "36.9"), (0.8571, "0.86", "0.86"), (9.96, "9.9", "10.0"), (5, "5.0", "5.0")],
)  # fmt: skip
def test_format_like_keeps_significant_digits_and_separators(value, written, text):
    assert prose.format_like(value, written) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3.56x<!--=cm384.nope-->", "not a figure"),
        ("3.56 TB<!--=cm384.chips/nvl72.chips-->", "measures"),
        ("3.56x<!--=cm384.chips /-->", "ends with an operator"),
        ("a<!--=cm384.chips-->", "no number"),
        ("3<!--=cm384.chips:low-->", "no low value"),
    ],
)
def test_a_bad_marker_is_named(text, message):
    with pytest.raises(ValueError, match=message):
        prose.fill(text)


def test_the_linter_finds_unmarked_figures_and_allows_what_needs_no_marker():
    found = [u.number for u in tool.unmarked("The CM384 has 49.2 TB and 5.3x the chips, 16 racks.")]
    assert found == ["49.2", "5.3", "16"]
    allowed = (
        "In 2025 (notebook 03, section 2) FP8 uses 8 bits and 2^-7; see `2.5e15` and $10^3$. "
        "**Time:** 20-25 minutes. 2 ends of a cable. 3.6x<!--ok: an example of notation-->"
    )
    assert tool.unmarked(allowed) == []
    assert [u.number for u in tool.unmarked("7 planes and 2 dies")] == ["7", "2"]


# ---- the course's prose -----------------------------------------------------------------------
@pytest.mark.parametrize("path", DOCS, ids=IDS)
def test_marked_numbers_follow_the_helpers(path):
    problems = [f"{p.where}: {s}" for p in tool.passages(path) for s in prose.stale(p.text)]
    assert not problems, "run `make notebooks` (it fills them):\n" + "\n".join(problems)


@pytest.mark.parametrize("path", DOCS, ids=IDS)
def test_numbers_in_prose_are_marked(path):
    problems = [f"{p.where}: {u}" for p in tool.passages(path) for u in tool.unmarked(p.text)]
    assert not problems, (
        "mark each number with the figure or quantity it comes from (helpers.prose), or say why "
        "it needs none with <!--ok: reason-->:\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("path", DOCS, ids=IDS)
def test_quotations_are_someones_exact_words(path):
    problems = [
        f"{p.where}: {q!r}" for p in tool.passages(path) for q in tool.unsourced_quotations(p.text)
    ]
    assert not problems, (
        "a quotation must be the article's words (helpers.article), a source's words kept with a "
        "figure (Figure.quoted), or a term in tooling.prose.TERMS:\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("path", PYTHON_PROSE, ids=[p.name for p in PYTHON_PROSE])
def test_prompts_and_hints_type_no_figure(path):
    problems = [
        f"{path.name} line {line}: {u}"
        for line, text in tool.python_prose(path)
        for u in tool.unmarked(text)
    ]
    assert not problems, "compute these from the helpers (f-strings):\n" + "\n".join(problems)


def test_the_article_quotes_are_word_for_word():
    assert [k for k, words in article.QUOTES.items() if not article.find(words)] == []
    assert [row for row in article.TABLE if not article.find("".join(row))] == []
    assert [item for item in article.BUYER_LIST if not article.find(item)] == []
    assert not article.find("more than 1.6x")  # the article says "more than 1.6 times"
    assert article.find("Think of it like a room ... no signal loss.")


# ---- a changed figure leaves nothing stale ------------------------------------------------------
def _reload_prose_modules():
    """Re-import what computes prompts, hints and discussion prompts at import time."""
    exercise_core._REGISTRY.clear()
    for name in sorted(
        n for n in list(importlib.sys.modules) if n.startswith("helpers.exercises.nb")
    ):
        importlib.reload(importlib.sys.modules[name])
    importlib.reload(course)


def _unit_strings(text: str) -> str:
    """``text`` with its marked numbers and its sourced quotations (someone's words, which keep
    their numbers when a figure changes) blanked out: what a stale copy could hide in."""
    for m in reversed(prose.markers(text)):
        text = text[: m.start] + " " + text[m.end :]
    for start, end, words in reversed(list(tool._quotations(text))):
        if tool.quotation_source(words):
            text = text[:start] + " " + text[end:]
    return text


def _marked_texts() -> dict[tuple[str, int], str]:
    out = {}
    for path in DOCS:
        for p in tool.passages(path):
            for i, m in enumerate(prose.markers(p.text)):
                out[(p.where, i)] = f"{prose.render(m)}{m.unit_text}".strip("*_ ")
    return out


PERTURBATIONS = [
    {"ascend910c.hbm_capacity": 96e9},
    {"ascend910c.bf16_dense": 700e12},
    {"ascend910c.hbm_bandwidth": 2.5e12},
    {"ascend910c.scale_up_bandwidth": 300e9},
    {"b200.bf16_dense": 2.25e15},
    {"b200.hbm_capacity": 180e9},
    {"b200.hbm_bandwidth": 7.7e12},
    {"cm384.power": 500e3},
    {"nvl72.power": 132e3},
    {"cm384.price": 9e6},
    {"nvl72.price": 3.5e6},
]


@pytest.mark.slow
@pytest.mark.parametrize("changes", PERTURBATIONS, ids=[next(iter(c)) for c in PERTURBATIONS])
def test_a_changed_figure_leaves_no_stale_number(changes):
    before = _marked_texts()
    guide_before = render_guide()
    try:
        with specs.perturbed(changes):
            after = _marked_texts()
            _reload_prose_modules()
            guide_after = render_guide()
            filled = [
                (p.where, _unit_strings(prose.fill(p.text)))
                for path in DOCS
                for p in tool.passages(path)
            ]
    finally:
        _reload_prose_modules()
    old = {before[k] for k in before if after[k] != before[k]}
    assert old, f"no marked number depends on {changes}: perturb another"
    distinctive = {s for s in old if re.search(r"[^\d.,]", s) or len(s) >= 4}
    stale = [
        f"{where}: {s!r}"
        for where, text in filled
        for s in distinctive
        if re.search(rf"(?<![\d.,]){re.escape(s)}(?!\w)", text)
    ]
    assert not stale, f"with {changes} these stay as they were (mark them):\n" + "\n".join(stale)
    old_prompts = {s for s in distinctive if s in guide_before}
    still = sorted(s for s in old_prompts if guide_before.count(s) == guide_after.count(s))
    assert not still, f"with {changes} the guide (prompts, hints, discussion) keeps: {still}"


def test_the_claims_quote_the_article_word_for_word():
    from helpers import claims

    for c in claims.CLAIMS:
        quotes = re.findall(r"“([^”]+)”", c.article)
        assert quotes, f"{c.key}: the article's words go in quotation marks"
        assert all(article.find(q) for q in quotes), c.article


def test_the_article_figures_quote_the_article():
    for fig in specs.FIGURES.values():
        if fig.kind == "article":
            assert fig.quoted and article.find(fig.quoted), fig.name
