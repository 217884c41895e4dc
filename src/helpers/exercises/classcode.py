"""Class codes: a learner's predictions for one notebook as a short code, with no server.

A code such as ``04-1CZ8-2K7Q-H3`` holds the notebook's number and, for each of its predictions
the learner revealed, the guess: the choice picked, or the number typed (read in the question's
unit, kept exactly). It holds nothing else: no name, no path, no machine detail, no time. The
learner shows it (or its QR image, which a phone reads as text) and the teacher pastes the codes
into the classroom notebook (:mod:`.classroom`).

Layout, before the text encoding: a version byte, the notebook's number, a fingerprint of the
notebook's predictions (their ids and choices, so a code made by another version of the course
is refused rather than misread), a bitmap of the predictions answered, then each answer: a choice
as its index, a number as its shortest decimal form (sign and digits, then the power of ten, as
variable-length integers). The text is Crockford's base 32 (no I, L, O, U; read without case,
with O as 0 and I or L as 1) in groups of four, then one check character.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from .core import Exercise, for_notebook

VERSION = 1
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})

#: A guess as a code holds it: one of the question's choices, or a finite number.
Guess = str | float


@dataclass(frozen=True)
class ClassCode:
    """What one code says: the notebook and the guesses, by prediction id."""

    notebook: str
    guesses: dict[str, Guess] = field(default_factory=dict)


def predictions(notebook: str) -> list[Exercise]:
    """The predictions of notebook ``notebook`` (a key or its two-digit number), in id order."""
    from helpers import course

    return [ex for ex in for_notebook(course.notebook(notebook).key) if ex.kind == "predict"]


def fingerprint(questions: list[Exercise]) -> int:
    """One byte that changes when a notebook's predictions (ids, kinds, choices) change."""
    text = "|".join(f"{ex.id}:{','.join(ex.choices)}" for ex in questions)
    return hashlib.sha256(text.encode()).digest()[0]


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        if at >= len(data):
            raise ValueError("the code ends in the middle of a number")
        byte = data[at]
        n, shift, at = n | (byte & 0x7F) << shift, shift + 7, at + 1
        if not byte & 0x80:
            return n, at


def _number(x: float) -> bytes:
    sign, digits, exponent = Decimal(repr(float(x))).as_tuple()
    mantissa = int("".join(map(str, digits)))
    zigzag = exponent * 2 if exponent >= 0 else -exponent * 2 - 1
    return _varint(zigzag) + _varint(mantissa << 1 | sign)


def _read_number(data: bytes, at: int) -> tuple[float, int]:
    zigzag, at = _read_varint(data, at)
    packed, at = _read_varint(data, at)
    exponent = zigzag // 2 if zigzag % 2 == 0 else -(zigzag + 1) // 2
    sign, mantissa = packed & 1, packed >> 1
    return float(f"{'-' if sign else ''}{mantissa}e{exponent}"), at


def _base32(data: bytes) -> str:
    bits = "".join(f"{b:08b}" for b in data)
    bits += "0" * (-len(bits) % 5)
    return "".join(ALPHABET[int(bits[i : i + 5], 2)] for i in range(0, len(bits), 5))


def _unbase32(text: str) -> bytes:
    bits = "".join(f"{ALPHABET.index(c):05b}" for c in text)
    return bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits) - 7, 8))


def encode(notebook: str, guesses: dict[str, Guess]) -> str:
    """The code of ``guesses`` (prediction id -> choice or number) for notebook ``notebook``.

    Raises:
        ValueError: naming the id or the guess, if one is not a prediction of the notebook, not
            one of its choices, or not a finite number.
    """
    from helpers import course

    key = course.notebook(notebook).key
    questions = predictions(key)
    ids = [ex.id for ex in questions]
    for exercise_id in guesses:
        if exercise_id not in ids:
            raise ValueError(f"exercise_id={exercise_id!r} is not a prediction of {key}")
    number = int(key[:2])
    bitmap = sum(1 << i for i, ex in enumerate(questions) if ex.id in guesses)
    body = bytearray([VERSION, number, fingerprint(questions)])
    body += bitmap.to_bytes((len(questions) + 7) // 8 or 1, "big")
    for ex in questions:
        if ex.id not in guesses:
            continue
        guess = guesses[ex.id]
        if ex.choices:
            if guess not in ex.choices:
                raise ValueError(f"guess={guess!r} for {ex.id} is not one of {list(ex.choices)}")
            body.append(ex.choices.index(guess))
        elif isinstance(guess, bool) or not isinstance(guess, int | float):
            raise TypeError(f"guess={guess!r} for {ex.id} must be a number")
        elif not math.isfinite(guess):
            raise ValueError(f"guess={guess!r} for {ex.id} must be a finite number")
        else:
            body += _number(guess)
    text = _base32(bytes(body))
    check = ALPHABET[zlib.crc32(bytes(body)) % 32]
    groups = [text[i : i + 4] for i in range(0, len(text), 4)]
    return f"{number:02d}-" + "-".join(groups) + check


def decode(code: str) -> ClassCode:
    """What ``code`` says; read without case, dashes or spaces (O as 0, I and L as 1).

    Raises:
        ValueError: saying what is wrong (a mistyped character, a code of another version of
            the course, a code cut short).
    """
    if not isinstance(code, str):
        raise TypeError(f"code={code!r} must be a string")
    text = re.sub(r"[\s-]", "", code.upper()).translate(_READ_AS)
    bad = sorted(set(text) - set(ALPHABET))
    if bad or len(text) < 4:
        raise ValueError(f"code={code!r} is not a class code" + (f" (has {bad})" if bad else ""))
    prefix, payload, check = text[:2], text[2:-1], text[-1]
    body = _unbase32(payload)
    if ALPHABET[zlib.crc32(body) % 32] != check:
        raise ValueError(
            f"code={code!r} has a typing mistake, or is not a class code (its check character "
            "does not match)"
        )
    if len(body) < 4 or body[0] != VERSION or f"{body[1]:02d}" != prefix:
        raise ValueError(f"code={code!r} was not made by this version of the course")
    from helpers import course

    key = course.notebook(prefix).key
    questions = predictions(key)
    if body[2] != fingerprint(questions):
        raise ValueError(
            f"code={code!r} was made by another version of notebook {prefix}'s predictions"
        )
    width = (len(questions) + 7) // 8 or 1
    bitmap, at = int.from_bytes(body[3 : 3 + width], "big"), 3 + width
    guesses: dict[str, Guess] = {}
    for i, ex in enumerate(questions):
        if not bitmap >> i & 1:
            continue
        if ex.choices:
            if at >= len(body) or body[at] >= len(ex.choices):
                raise ValueError(f"code={code!r} holds a choice {ex.id} does not have")
            guesses[ex.id], at = ex.choices[body[at]], at + 1
        else:
            guesses[ex.id], at = _read_number(body, at)
    if at != len(body):
        raise ValueError(f"code={code!r} holds more than its predictions")
    return ClassCode(key, guesses)


def qr_svg(code: str, scale: int = 4) -> str:
    """The QR image of ``code`` as inline SVG (a phone's camera reads it as the code's text), or
    "" where segno is not installed (the JupyterLite site installs it; the code alone still
    works)."""
    try:
        import segno
    except ImportError:
        return ""
    return segno.make(code, error="m", micro=False).svg_inline(scale=scale, dark="#000")
