"""Keep the course's prose true to its figures: marked numbers, unmarked ones, and quotations.

Every number a reader meets in prose (the notebooks' markdown cells, ``docs/glossary.md``) that
comes from the figures or the models carries a marker (see :mod:`helpers.prose`). This module
finds the prose, rewrites marked numbers from the helpers (``fill``), and lists what would let a
stale number through (``check``):

- a marked number that differs from what the helpers give now;
- a number that carries no marker and is not one of the :data:`ALLOWED` kinds (a year, a width
  in bits, a notebook number...) nor opted out in place with ``<!--ok: reason-->``;
- a quotation (text in double quotes) that is neither the article's words, word for word
  (:mod:`helpers.article`), nor a source's words recorded with a figure (``Figure.quoted``), nor
  a term the course puts in quotes (:data:`TERMS`).

    python -m helpers.tooling.prose fill notebooks/*.ipynb docs/glossary.md
    python -m helpers.tooling.prose check notebooks/*.ipynb docs/glossary.md
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import article, prose, specs
from ..units import parse_unit

# ---------------------------------------------------------------------------------------------
# Where prose lives
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """One piece of prose: a notebook's markdown cell, or a Markdown file."""

    path: Path
    cell: int | None  # the cell's index in a notebook; None for a Markdown file
    text: str

    @property
    def where(self) -> str:
        """``"03_memory.ipynb cell 12"`` or ``"glossary.md"``."""
        name = self.path.name
        return name if self.cell is None else f"{name} cell {self.cell}"


def passages(path: Path) -> list[Passage]:
    """The prose of a notebook (each markdown cell) or of a Markdown file (the whole file)."""
    path = Path(path)
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return [
            Passage(path, i, "".join(c["source"]))
            for i, c in enumerate(cells)
            if c["cell_type"] == "markdown"
        ]
    return [Passage(path, None, path.read_text(encoding="utf-8"))]


def fill_file(path: Path) -> int:
    """Rewrite every marked number of the file at ``path`` from the helpers; return how many
    changed. A notebook keeps its JSON layout (one line per source line)."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    changed = 0
    if path.suffix != ".ipynb":
        new = prose.fill(raw)
        changed = len(prose.stale(raw))
        if new != raw:
            path.write_text(new, encoding="utf-8")
        return changed
    nb = json.loads(raw)
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        new = prose.fill(text)
        if new != text:
            changed += len(prose.stale(text))
            cell["source"] = new.splitlines(keepends=True)
    if changed:
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


# ---------------------------------------------------------------------------------------------
# Numbers that carry no marker
# ---------------------------------------------------------------------------------------------
#: Kinds of number that need no marker: (pattern around the number, reason). The number is the
#: part matched by the group ``n``.
ALLOWED: tuple[tuple[str, str], ...] = (
    (r"(?<![\d,.])(?P<n>(?:19[5-9]\d|20[0-4]\d))(?![\d,.]|\s*(?:%|x\b))", "a year"),
    (r"(?P<n>\d{4}-\d\d(?:-\d\d)?)", "a date"),
    (r"\b[Nn]otebooks?\s+(?P<n>\d\d(?:\s*(?:-|–|,|and|or|to)\s*\d\d)*)", "a notebook's number"),
    (r"(?<![\w.])(?P<n>\d\d)_[a-z]\w*", "a notebook's key (11_measure_your_machine)"),
    (r"(?<![\w.])(?P<n>\d\d)\.[a-z]\w*", "an exercise's id (11.my_crossover)"),
    (r"\b[Ss]ections?\s+(?P<n>\d+(?:\s*(?:-|–|,|and|or)\s*\d+)*)", "a section's number"),
    (r"\*\*Time:\*\*\s*(?P<n>\d+(?:\s*[-–]\s*\d+)?)\s*minutes", "a time estimate"),
    (r"(?P<n>\d+)(?:\s*[-–]\s*\d+)?\s*minutes of class", "a time estimate"),
    (r"(?P<n>2\^[-−]?\d+)", "a power of two, exact by definition"),
    (r"(?P<n>\d+)(?:-|\s)bits?\b", "a width in bits: part of a format's definition"),
    (r"(?P<n>\d+)-bit\b", "a width in bits: part of a format's definition"),
    # Before the names: "Llama 3" would otherwise be blanked first, leaving "70B" unmatched.
    (r"\bLlama 3(?:\.1)? (?P<n>\d+)B\b", "a model's name"),
    (r"\b(?:FP|INT|E|M|HBM|PCIe|Gen|NVLink|TPU v|Llama|DeepSeek-V|R)\s?(?P<n>\d+)", "a name"),
    (r"\b(?:CloudMatrix|Atlas|Ascend|Instinct|Blackwell|Rubin)\s(?P<n>\d+)", "a product's name"),
    (r"(?<![\w.])(?P<n>0)x(?:[0-9A-Fa-f]|\.\.\.|\b)", "the 0x of a hexadecimal number"),
    (r"(?<![\w.,])(?P<n>1)\s?[A-Za-z][\w/]*\s?=\s?", "a unit's definition (1 PFLOP/s = ...)"),
    (r"=\s?(?P<n>1(?:,000)+|1e\d+|1024|8)\s?[A-Za-z]", "a unit's definition (= 1,000 TFLOP/s)"),
)
#: Count nouns that make a small number a hardware figure ("7 planes", "2 dies").
_HARDWARE_NOUNS = (
    r"chips?|NPUs?|GPUs?|CPUs?|dies|die|racks?|nodes?|planes?|links?|trays?|switch(?:es)?|"
    r"switch chips|stacks?|modules?|transceivers?|cables?|lanes?|ports?|experts?|layers?|heads?"
)
_NUMBER = re.compile(r"(?<![\w.\-^])(?P<n>\d[\d,]*(?:\.\d+)?)(?P<after>\s?[^\s\d]{0,12})")
_OK = re.compile(r"<!--ok:[^>]*\S[^>]*-->")
_MASKED = (
    re.compile(r"```.*?```", re.S),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"\$\$.*?\$\$", re.S),
    re.compile(r"(?<!\\)\$[^$\n]+(?<!\\)\$"),  # inline math; an escaped \$ is a dollar
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"https?://\S+"),
    re.compile(r"<[^>]*>"),
    re.compile(r"^#+\s+\d+(?:\.\d+)*\.?\s", re.M),  # "## 3. " and the title's "# 00 "
    re.compile(r"^\s*\d+\.\s", re.M),  # a numbered list
)


@dataclass(frozen=True)
class Unmarked:
    """A number in prose that carries no marker and is not of an allowed kind."""

    number: str
    context: str

    def __str__(self) -> str:
        return f"{self.number!r} in ...{self.context}..."


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _masked(text: str) -> str:
    """``text`` with what is not prose blanked out (positions kept): markers and the numbers
    they mark, opt-outs and what they follow, code, math, links, tags and checked quotations."""
    for m in prose.markers(text):
        text = _blank(text, m.start, m.end)
    for m in _OK.finditer(text):
        before = prose._MARKED.search(text[max(0, m.start() - 64) : m.start()])
        start = m.start() - len(before.group(0)) if before else m.start()
        text = _blank(text, start, m.end())
    for pattern in _MASKED:
        for m in pattern.finditer(text):
            text = _blank(text, m.start(), m.end())
    for start, end, words in _quotations(text):
        if quotation_source(words):
            text = _blank(text, start - 1, end + 1)
    return text


def _is_unit(word: str) -> bool:
    try:
        parse_unit(word)
    except ValueError:
        return False
    return True


def _is_figure_like(number: str, after: str) -> bool:
    """Does a number need a marker? Anything with a unit, a ratio, a percentage, a decimal, or a
    count above ten does; a small count in an explanation ("2 ends") does not, unless it counts
    hardware ("7 planes")."""
    word = after.strip()
    if after[:1].isalpha() and not _is_unit(re.split(r"[\s,;:)*_'’]", after)[0]):
        return False  # a name: "910C", "3D", "400G"
    if "." in number or int(number.replace(",", "")) > 10:
        return True
    if not word:
        return False
    if re.match(rf"(?:{_HARDWARE_NOUNS})\b", word):
        return True
    try:
        _factor, base = parse_unit(re.split(r"[\s,;:)*_]", word)[0])
    except ValueError:
        return False
    return base != "1" or word[0] in "x%"


def unmarked(text: str) -> list[Unmarked]:
    """The numbers of ``text`` that need a marker and have none."""
    masked = _masked(text)
    allowed = [  # every pattern reads the same text: one blanking must not hide another's match
        (m.start("n"), m.end("n")) for pattern, _ in ALLOWED for m in re.finditer(pattern, masked)
    ]
    for start, end in allowed:
        masked = _blank(masked, start, end)
    found = []
    for m in _NUMBER.finditer(masked):
        number, after = m.group("n").rstrip(","), m.group("after")
        if _is_figure_like(number, after):
            context = text[max(0, m.start() - 40) : m.end() + 20].replace("\n", " ")
            found.append(Unmarked(number, context))
    return found


def suggest(number: str, unit: str = "", limit: int = 12) -> list[str]:
    """Specs that render as ``number`` in ``unit``: figures, named quantities and ratios of two
    figures of one unit. A tool for writing markers (``python -m helpers.tooling.prose suggest
    3.56 x``); the author picks the one the sentence means."""
    try:
        factor, base = parse_unit(unit)
    except ValueError:
        factor, base = 1.0, "1"
    found = []
    values: list[tuple[str, float, str]] = [
        (name, f.value, prose._base(f.unit)) for name, f in specs.FIGURES.items()
    ]
    for key, q in prose.quantities().items():
        try:
            values.append((key, float(q.compute()), q.unit))
        except Exception:
            continue
    for name, value, b in values:
        if b == base and value and prose.format_like(value / factor, number) == number:
            found.append(name)
    if base == "1":
        systems = [
            v for v in values if v[0].split(".")[0] in {"cm384", "nvl72", "ascend910c", "b200"}
        ]
        for a, va, ua in systems:
            for b, vb, ub in systems:
                if (
                    a != b
                    and ua == ub
                    and vb
                    and prose.format_like(va / vb / factor, number) == number
                ):
                    found.append(f"{a}/{b}")
    return found[:limit]


# ---------------------------------------------------------------------------------------------
# Quotations
# ---------------------------------------------------------------------------------------------
#: Words the course puts in quotes as terms, not as anyone's words: the word -> why.
TERMS: dict[str, str] = {}


def _quotations(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, words) of each span in double quotes (straight or typographic)."""
    for m in re.finditer(r"[\"“]([^\"”]{1,600}?)[\"”]", text):
        yield m.start(1), m.end(1), re.sub(r"\n\s*>?\s*", " ", m.group(1))


def quotation_source(words: str) -> str:
    """Whose words ``words`` are: ``"article"``, a figure's name whose source quotes them, a term
    of :data:`TERMS`, or ``""`` when none."""
    words = words.replace("\\$", "$")  # markdown escapes a dollar sign so it is not math
    if article.find(words):
        return "article"
    norm = article.normalise(words)
    for fig in specs.FIGURES.values():  # a source's words kept with a figure, whole or cut
        if fig.quoted and norm in article.normalise(fig.quoted):
            return fig.name
    return "term" if words in TERMS else ""


def unsourced_quotations(text: str) -> list[str]:
    """The quotations of ``text`` (outside code) that are nobody's recorded words."""
    plain = text
    for pattern in _MASKED[:4]:
        for m in pattern.finditer(plain):
            plain = _blank(plain, m.start(), m.end())
    return [words for _, _, words in _quotations(plain) if not quotation_source(words)]


# ---------------------------------------------------------------------------------------------
# Prose in Python: exercise prompts, hints, solutions, discussion prompts
# ---------------------------------------------------------------------------------------------
def python_prose(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string a learner or teacher reads in the Python file at ``path``:
    every string constant, and the constant parts of f-strings, except docstrings, error messages
    and the ``code=`` of an exercise (Python the learner runs, not prose)."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))  # a docstring
        excluded = None
        if isinstance(node, ast.keyword) and node.arg == "code":
            excluded = node.value
        elif isinstance(node, ast.Raise) and node.exc is not None:
            excluded = node.exc
        if excluded is not None:
            skip |= {id(n) for n in ast.walk(excluded)}
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------
def problems(paths: list[Path]) -> list[str]:
    """Every stale or unmarked number and unsourced quotation in the files at ``paths``."""
    out = []
    for path in paths:
        for p in passages(path):
            out += [f"{p.where}: stale {s}" for s in prose.stale(p.text)]
            out += [f"{p.where}: unmarked {u}" for u in unmarked(p.text)]
            out += [f"{p.where}: unsourced quotation {q!r}" for q in unsourced_quotations(p.text)]
    return out


def main(argv: list[str]) -> int:
    """``fill FILE...`` rewrites marked numbers; ``check FILE...`` lists problems (status 1)."""
    if argv[:1] == ["suggest"] and len(argv) in (2, 3):
        print("\n".join(suggest(*argv[1:])) or "no figure or quantity gives that")
        return 0
    if len(argv) < 2 or argv[0] not in ("fill", "check"):
        print("usage: python -m helpers.tooling.prose fill|check FILE... | suggest NUMBER [UNIT]")
        return 2
    paths = [Path(a) for a in argv[1:]]
    if argv[0] == "fill":
        for path in paths:
            n = fill_file(path)
            if n:
                print(f"{path}: {n} number{'s' if n > 1 else ''} rewritten")
        return 0
    found = problems(paths)
    print("\n".join(found) or "no problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
