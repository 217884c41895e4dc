"""A stated ratio, read from a headline's words: "3.6x", "3.6 times", "360 % of", "more than
24 times", and the ambiguous "3.6x more" and "360 % more".

"3.6x more" is read by most writers as 3.6 times as much, and by a strict reader as 3.6 times
*more than*, 4.6 times as much; "360 % more" is strictly 4.6 times as much, yet often written
for 3.6. :func:`read_stated` flags both forms as ambiguous and keeps both readings, the first
the one the course checks (the common reading of "x more", the strict reading of "% more").

A ratio is read to the precision it is written with: "3.6" to 0.1, "24" to 1. A percentage that
ends in a zero is read to the tens ("360 %" is 3.6, to 0.1, as "3.6x" is), otherwise to the unit
("355 %" is 3.55, to 0.01). Nothing is evaluated: the text is matched against a few patterns.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

Qualifier = Literal["", "more than", "up to", "about"]

#: Words before a number and the qualifier each gives.
_QUALIFIERS: dict[str, Qualifier] = {
    "more than": "more than",
    "over": "more than",
    "at least": "more than",
    "greater than": "more than",
    ">": "more than",
    "up to": "up to",
    "as much as": "up to",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "nearly": "about",
    "almost": "about",
    "roughly": "about",
    "~": "about",
}
#: Comparative words that make "Nx <word>" and "N % <word>" ambiguous.
_MORE = ("more", "higher", "larger", "greater", "bigger", "faster", "increase")
_LESS = ("less", "lower", "fewer", "smaller", "slower", "reduction", "decrease")
_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_TIMES = r"(?P<times>x|×|times|-fold|fold)"
_PERCENT = r"(?P<percent>%|percent|per cent)"
_AFTER = r"(?P<after>of|as much|the)?\s*(?P<comparative>[a-z]+)?"


@dataclass(frozen=True)
class Stated:
    """A ratio as a headline states it.

    Attributes:
        text: the words it was read from.
        value: the ratio the course checks (challenger / baseline), the first of ``readings``.
        step: the precision it is written to (0.1 for "3.6x"), for "rounds to it".
        qualifier: "more than", "up to", "about" or "" (exact).
        readings: every ratio the words can mean, the checked one first; two when ambiguous.
        why: for an ambiguous statement, why, in words; "" otherwise.
    """

    text: str
    value: float
    step: float
    qualifier: Qualifier = ""
    readings: tuple[float, ...] = ()
    why: str = ""

    @property
    def ambiguous(self) -> bool:
        """True when the words can mean more than one ratio."""
        return len(self.readings) > 1

    def describe(self) -> str:
        """The ratio in words: "3.6x (to 0.1)", with the other reading when ambiguous."""
        head = f"{self.qualifier + ' ' if self.qualifier else ''}{_fmt(self.value, self.step)}x"
        if not self.ambiguous:
            return head
        others = ", ".join(f"{_fmt(r, self.step)}x" for r in self.readings[1:])
        return f"{head} (ambiguous: {self.why}; also read as {others})"


def _fmt(value: float, step: float) -> str:
    if step <= 0:
        return f"{value:,g}"
    places = max(0, -math.floor(math.log10(step) + 1e-9))
    return f"{value:,.{places}f}"


def _step(number: str, percent: bool) -> float:
    """The precision of a number as written (a percentage ending in 0: to the tens)."""
    digits = number.replace(",", "")
    if "." in digits:
        step = 10.0 ** -len(digits.split(".")[1])
    elif percent and digits.endswith("0") and digits.strip("0"):
        step = 10.0
    else:
        step = 1.0
    return step / 100 if percent else step


def read_stated(text: object, field: str = "stated") -> Stated:
    """Read a stated ratio from ``text`` (a string such as "3.6x", "more than 24 times",
    "360 % of", "6.7 times more", or a positive number).

    Raises:
        TypeError: naming ``field`` when ``text`` is neither a string nor a number.
        ValueError: naming ``field`` when no positive ratio can be read, or for a ratio stated
            as "less" (swap the two systems instead).
    """
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise TypeError(
            f'{field}={text!r} must be a ratio as text ("3.6x", "3.6 times", "360 % of") '
            f"or a positive number, not a {type(text).__name__}"
        )
    if not isinstance(text, str):
        value = float(text)
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"{field}={text!r} must be a positive, finite ratio")
        return Stated(str(text), value, 0.0, "", (value,))
    words = " ".join(text.lower().replace("\u00a0", " ").split())
    qualifier: Qualifier = ""
    for cue, q in sorted(_QUALIFIERS.items(), key=lambda kv: -len(kv[0])):
        if words.startswith(cue):
            qualifier, words = q, words[len(cue) :].strip()
            break
    if words.startswith(("-", "−")):
        raise ValueError(f"{field}={text!r} must be a positive ratio")
    pattern = rf"^{_NUMBER}\s*(?:{_TIMES}|{_PERCENT})?\s*{_AFTER}"
    match = re.match(pattern, words)
    if match is None:
        raise ValueError(
            f'{field}={text!r} is not a ratio the course can read; write it as "3.6x", '
            '"3.6 times", "360 % of", "more than 24 times" or "6.7 times more"'
        )
    number = float(match["number"].replace(",", ""))
    percent = match["percent"] is not None
    comparative = match["comparative"] or ""
    step = _step(match["number"], percent)
    if number <= 0:
        raise ValueError(f"{field}={text!r} must state a positive ratio")
    if comparative in _LESS:
        raise ValueError(
            f"{field}={text!r} states a ratio as less: swap the two systems so that the ratio "
            "is the larger over the smaller"
        )
    if comparative in _MORE:
        if percent:  # strictly N % more = 1 + N/100; loosely N/100
            readings = (1 + number / 100, number / 100)
            why = f"“{match[0].strip()}” is strictly {readings[0]:g}x, loosely {readings[1]:g}x"
        else:
            readings = (number, number + 1)
            why = f"“{match[0].strip()}” is usually {number:g}x, strictly {number + 1:g}x"
        return Stated(text, readings[0], step, qualifier, readings, why)
    value = number / 100 if percent else number
    return Stated(text, value, step, qualifier, (value,))
