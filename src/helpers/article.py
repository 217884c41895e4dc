"""The article's own words, in one place: every quotation the course makes of it.

The article's full text ships with the package (``article.txt``, as the course received it). Each
quotation here is word for word in it, which :func:`find` checks (``tests/test_quotes.py`` checks
them all, and every quotation of the article in the notebooks against these). The comparison table
lost its separators when it was copied ("Memory Capacity3.6x higherStandard"), so the course
quotes it cell by cell (:data:`TABLE`) and says so.

Only typographic quotes and whitespace are normalised when quotes are compared; nothing else.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

#: The article as the course knows it: a title, no author, no URL.
TITLE = "Why CloudMatrix 384 Is the Game Changer Everyone Talking About"

#: Quotations of the article's prose, by the course's short name, word for word.
QUOTES: dict[str, str] = {
    "title": TITLE,
    "intro": "This system is more than just a powerful machine, it’s a direct response to the "
    "global dominance of Nvidia in AI computing.",
    "chips": "It’s a full-stack system powered by 384 Ascend 910C chips, all connected through a "
    "unique setup called supernode architecture.",
    "optics": "Instead of regular copper wiring, the system uses optical interconnects to link "
    "everything. This allows incredibly fast data movement across chips, with minimal delay.",
    "compute": "300 petaFLOPS of compute power in BF16 format (commonly used in AI training)",
    "compute_ratio": "That’s more than 1.6 times what Nvidia’s top-tier GB200 NVL72 delivers",
    "memory": "3.6x more memory than the Nvidia system",
    "bandwidth": "2.1x higher bandwidth",
    "efficiency": "Yes, Nvidia still has an edge in energy efficiency.",
    "brute_force": "Instead of pushing fewer, more powerful chips, they’ve gone the brute-force "
    "route: more chips, bigger racks, and a lot of clever system design to tie it all together.",
    "supernode": "In simple terms, it means all the chips can communicate directly and quickly.",
    "room": "Think of it like a room where everyone can talk to everyone else at once. Which "
    "makes the transmission fast, clear, with no signal loss.",
    "all_optical": "Huawei’s approach breaks that mold by using an all-optical layout, which "
    "allows higher speed and lower heat.",
    "mixed_cabling": "Most systems rely on mixed cabling and have latency bottlenecks.",
    "buyers": "Let’s be clear—just because CloudMatrix 384 is fast doesn’t mean it’s perfect. "
    "Buyers still care about:",
    "big": "Yes, it’s big, power-hungry, and expensive. But it works.",
    "gap": "So while Nvidia might still lead in some areas, the gap is closing.",
}

#: The comparison table, cell by cell (its separators were lost when the article was copied).
TABLE: tuple[tuple[str, str, str], ...] = (
    ("Feature", "CloudMatrix 384", "Nvidia GB200 NVL72"),
    ("Chips", "384 Ascend 910C", "72 Blackwell B200"),
    ("Peak Compute (BF16)", "300 petaFLOPS", "180 petaFLOPS"),
    ("Memory Capacity", "3.6x higher", "Standard"),
    ("Memory Bandwidth", "2.1x higher", "Standard"),
    ("Interconnect", "All-optical supernode", "Copper + Optical"),
    ("Power Efficiency", "Higher total consumption", "More efficient per chip"),
)

#: What the article says buyers still care about, as its list writes them.
BUYER_LIST: tuple[str, ...] = (
    "Software support",
    "Ease of integration",
    "Developer tools",
    "Pricing",
    "Energy consumption",
)

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def normalise(text: str) -> str:
    """``text`` with typographic quotes made straight and runs of whitespace made one space."""
    return " ".join(text.translate(_QUOTE_MARKS).split())


@functools.cache
def text() -> str:
    """The article's full text, as the course received it."""
    return resources.files(__package__).joinpath("article.txt").read_text(encoding="utf-8")


def find(words: str) -> bool:
    """Are ``words`` in the article, word for word (after :func:`normalise`)? A quotation cut
    short with an ellipsis ("..." or "…") is found when each of its parts is, in order."""
    body = normalise(text())
    at = 0
    for part in re.split(r"\s*(?:\.\.\.|…)\s*", normalise(words)):
        if not part:
            continue
        at = body.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def quote(key: str) -> str:
    """The quotation ``key`` of :data:`QUOTES` in typographic quotation marks."""
    if key not in QUOTES:
        raise ValueError(f"key={key!r} is not a quotation; use one of {sorted(QUOTES)}")
    return f"“{QUOTES[key]}”"


def table_row(feature: str) -> tuple[str, str, str]:
    """The row of the comparison table whose first cell is ``feature`` ("Memory Capacity")."""
    for row in TABLE:
        if row[0] == feature:
            return row
    raise ValueError(f"feature={feature!r} is not a row; use one of {[r[0] for r in TABLE]}")
