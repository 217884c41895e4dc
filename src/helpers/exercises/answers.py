"""Reading a learner's answer, and naming the slip when it is wrong.

A learner types what they would write on paper: ``781``, ``"781.25"``, ``"1,229"``, ``"0.781
PFLOP/s"`` where TFLOP/s is asked, ``"686 us"`` where ms is, ``"80 GiB"`` where GB is, a decimal
comma (``"781,25"``), a bit pattern (``"0x3E4D"``, ``"0b0011..."`` or just ``"0011..."``). Each is
read into the asked unit, with a note saying how it was read, or gets a plain reason why it could
not be; nothing raises and nothing is evaluated.

When a value is wrong by a factor that is a classic slip (a prefix: 10^3 to 10^12; bits vs bytes:
8; one direction vs both, or dense vs sparse: 2; fraction vs percent: 100; GiB vs GB; per chip vs
per system: a system's chip count; a sign), :func:`slip` names it.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..units import parse_unit

#: Longest answer read; longer ones are refused (and echoed shortened).
MAX_CHARS = 120
_NUMBER = r"[+-]?(?:\d[\d,_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"


@dataclass(frozen=True)
class Reading:
    """A learner's answer as read: the value in the asked unit, or why it could not be read.

    Attributes:
        value: the number in the asked unit (``None`` when it could not be read).
        note: how it was read, when that is worth saying ("read 0.781 PFLOP/s as 781 TFLOP/s").
        problem: why it could not be read ("" when it was).
    """

    value: float | None
    note: str = ""
    problem: str = ""


def shorten(value: object, limit: int = 40) -> str:
    """``repr(value)``, cut to ``limit`` characters with an ellipsis."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "...'" + text[-1:]


def _digits(text: str) -> tuple[float | None, str, str]:
    """A number's text (no unit) as (value, note, problem): thousands separators, a decimal
    comma, underscores."""
    plain = text.replace("_", "")
    note = ""
    if "," in plain:
        if re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?", plain):
            plain = plain.replace(",", "")
        elif re.fullmatch(r"[+-]?\d+,\d+", plain):
            plain = plain.replace(",", ".")
            note = f"read {text} as {plain} (a decimal comma)"
        else:
            return None, "", f"{text!r}: commas separate thousands (1,229) or decimals (781,25)"
    try:
        value = float(plain)
    except ValueError:
        return None, "", f"{text!r} is not a number"
    return value, note, ""


def read_number(value: object, unit: str = "") -> Reading:
    """A numeric answer in ``unit``: a number (not a bool), or a string with an optional unit of
    the same quantity ("0.781 PFLOP/s" for TFLOP/s is 781), a fraction ("1/3"), a decimal comma."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real | str):
        return Reading(None, problem=f"{shorten(value)} is not a number")
    if isinstance(value, numbers.Real):
        try:
            number = float(value)
        except OverflowError:
            return Reading(None, problem="that number is too large to be an answer")
        if not math.isfinite(number):
            return Reading(None, problem=f"{shorten(value)} is not a finite number")
        return Reading(number)
    text = " ".join(value.split())
    if len(text) > MAX_CHARS:
        return Reading(None, problem=f"{shorten(value)} is too long to be a number")
    fraction = re.fullmatch(rf"({_NUMBER})\s*/\s*({_NUMBER})", text)
    if fraction:
        a, _, pa = _digits(fraction.group(1))
        b, _, pb = _digits(fraction.group(2))
        if pa or pb or not b:
            return Reading(None, problem=f"{shorten(value)} is not a fraction that can be read")
        return Reading(a / b)
    m = re.fullmatch(rf"({_NUMBER})\s*(.*)", text)
    if not m:
        return Reading(None, problem=f"{shorten(value)} is not a number")
    number, note, problem = _digits(m.group(1))
    if problem:
        return Reading(None, problem=problem)
    if not math.isfinite(number):
        return Reading(None, problem=f"{shorten(value)} is not a finite number")
    written = m.group(2).strip()
    if not written or written == unit:
        return Reading(number, note)
    return _convert(number, written, unit, note, value)


def _convert(number: float, written: str, unit: str, note: str, raw: object) -> Reading:
    asked = unit or "a plain number"
    try:
        factor, base = parse_unit(written)
    except ValueError:
        return Reading(None, problem=f"{shorten(raw)}: '{written}' is not a unit; give {asked}")
    try:
        asked_factor, asked_base = parse_unit(unit)
    except ValueError:  # a count ("chips", "links"): only a plain number is read
        asked_factor, asked_base = 1.0, "1"
    if base != asked_base:
        return Reading(None, problem=f"'{written}' does not measure what is asked: give {asked}")
    converted = number * factor / asked_factor
    how = f"read {number:g} {written} as {converted:.6g} {unit}".rstrip()
    return Reading(converted, f"{note}; {how}" if note else how)


def read_integer(value: object) -> Reading:
    """An integer answer (a bit pattern, a count): an ``int``, or a decimal, ``0x`` hex, ``0b``
    binary or ``0o`` octal string; a string of 0s and 1s that starts with 0 and has at least 4
    digits ("0011111001001101") is read as binary, and said so."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real | str):
        return Reading(None, problem=f"{shorten(value)} is not an integer")
    if isinstance(value, numbers.Integral):
        return Reading(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isfinite(number) and number.is_integer():
            return Reading(int(number))
        return Reading(None, problem=f"{shorten(value)} is not a whole number")
    text = value.strip().replace("_", "").replace(" ", "")
    if len(text) > MAX_CHARS:
        return Reading(None, problem=f"{shorten(value)} is too long to be an integer")
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    for prefix, base in (("0x", 16), ("0b", 2), ("0o", 8)):
        digits = body[2:]
        if body.lower().startswith(prefix) and digits:
            try:
                return Reading(sign * int(digits, base))
            except ValueError:
                return Reading(None, problem=f"{shorten(value)} is not a base-{base} number")
    if re.fullmatch(r"0[01]{3,}", body):
        return Reading(sign * int(body, 2), f"read {body} as binary (0b{body})")
    if re.fullmatch(r"\d+", body):
        note = (
            f"read {body} as the decimal {int(body)}"
            if body.startswith("0") and body != "0"
            else ""
        )
        return Reading(sign * int(body), note)
    return Reading(None, problem=f"{shorten(value)} is not an integer; write 16, 0x10 or 0b10000")


def slip(got: float, expected: float, rel_tol: float, chip_counts: Iterable[int] = ()) -> str:
    """The classic slip that turns ``expected`` into ``got``, in words, or ``""``."""
    if expected == 0 or got == 0:
        return ""
    if (got > 0) != (expected > 0):
        return "The sign is wrong: this quantity is " + (
            "positive." if expected > 0 else "negative."
        )
    factor = got / expected
    prefix = "check the prefix (k, M, G, T: each is 1,000x)"
    per_chip = [n for n in sorted(set(chip_counts)) if n > 2]
    candidates = [
        *((f"{10**k:,}", 10.0**k, prefix) for k in (3, 6, 9, 12)),
        ("8", 8.0, "bits vs bytes (1 byte = 8 bits)"),
        ("2", 2.0, "one direction vs both, or dense vs sparse"),
        ("100", 100.0, "a fraction vs a percentage"),
        ("1.074", 2.0**30 / 1e9, "GiB vs GB (1 GiB = 1.074 GB)"),
        ("1.1", 2.0**40 / 1e12, "TiB vs TB (1 TiB = 1.1 TB)"),
        *((f"{n}", float(n), f"per chip vs per system ({n} chips)") for n in per_chip),
    ]
    for name, f, what in candidates:
        for direction, g in (("large", f), ("small", 1 / f)):
            if math.isclose(factor, g, rel_tol=max(rel_tol, 1e-9)):
                return f"Your value is {name} times too {direction}: {what}."
    return ""
