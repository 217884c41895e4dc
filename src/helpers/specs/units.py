"""Reading units: "TB/s", "PFLOPS", "Gb/s", "GiB", "µs", "%", "x" -> (factor, base unit), and
quantities as sources write them: "1,200 W" -> (1200.0, "W").

Part of :mod:`helpers.specs`, which imports nothing of the rest of the package, so that records
written with their units (a system described in a file) can be read here; :mod:`helpers.units`
re-exports :func:`parse_unit` and its tables.
"""

from __future__ import annotations

import re

from .core import BITS_PER_BYTE

#: Binary prefixes, as memory is counted in powers of two (a KV cache in KiB).
KiB, MiB, GiB, TiB, PiB = 2.0**10, 2.0**20, 2.0**30, 2.0**40, 2.0**50

#: Base units the course writes, with their spellings: text -> (factor to the base, base).
#: A bit is an eighth of a byte, so "Gb/s" reads as 1e9 / 8 B/s; "%" is a hundredth of 1.
BASE_UNITS: dict[str, tuple[float, str]] = {
    "": (1.0, "1"),
    "x": (1.0, "1"),
    "times": (1.0, "1"),
    "%": (0.01, "1"),
    "B": (1.0, "B"),
    "byte": (1.0, "B"),
    "bytes": (1.0, "B"),
    "b": (1 / BITS_PER_BYTE, "B"),
    "bit": (1 / BITS_PER_BYTE, "B"),
    "bits": (1 / BITS_PER_BYTE, "B"),
    "B/s": (1.0, "B/s"),
    "b/s": (1 / BITS_PER_BYTE, "B/s"),
    "bps": (1 / BITS_PER_BYTE, "B/s"),
    "FLOP/s": (1.0, "FLOP/s"),
    "FLOPS": (1.0, "FLOP/s"),
    "FLOP": (1.0, "FLOP"),
    "FLOPs": (1.0, "FLOP"),
    "FLOP/B": (1.0, "FLOP/B"),
    "FLOP/byte": (1.0, "FLOP/B"),
    "FLOP/s/W": (1.0, "FLOP/s/W"),
    "FLOPS/W": (1.0, "FLOP/s/W"),
    "FLOP/J": (1.0, "FLOP/s/W"),
    "W": (1.0, "W"),
    "J": (1.0, "J"),
    "Wh": (3600.0, "J"),
    "J/b": (1.0, "J/b"),
    "J/bit": (1.0, "J/b"),
    "s": (1.0, "s"),
    "sec": (1.0, "s"),
    "min": (60.0, "s"),
    "h": (3600.0, "s"),
    "hours": (3600.0, "s"),
    "days": (86400.0, "s"),
    "day": (86400.0, "s"),
    "years": (365.25 * 86400.0, "s"),
    "year": (365.25 * 86400.0, "s"),
    "m": (1.0, "m"),
    "s/m": (1.0, "s/m"),
    "USD": (1.0, "USD"),
    "$": (1.0, "USD"),
    "CNY": (1.0, "CNY"),
    "USD/J": (1.0, "USD/J"),
    "USD/kWh": (1 / 3.6e6, "USD/J"),
    "cents/kWh": (0.01 / 3.6e6, "USD/J"),
    "kg/J": (1.0, "kg/J"),
    "g/kWh": (1e-3 / 3.6e6, "kg/J"),
    "gCO2/kWh": (1e-3 / 3.6e6, "kg/J"),
    "g": (1e-3, "kg"),
    "kg": (1.0, "kg"),
    "t": (1e3, "kg"),
    "tCO2": (1e3, "kg"),
    "token": (1.0, "token"),
    "tokens": (1.0, "token"),
    "token/s": (1.0, "token/s"),
    "tokens/s": (1.0, "token/s"),
    "param": (1.0, "1"),
    "parameters": (1.0, "1"),
    "B/param": (1.0, "B/param"),
    "bytes/param": (1.0, "B/param"),
    "bytes per parameter": (1.0, "B/param"),
    "million": (1e6, "1"),
    "billion": (1e9, "1"),
    "trillion": (1e12, "1"),
}
#: Prefixes a unit may take: decimal (SI) and binary (for bytes).
UNIT_PREFIXES: dict[str, float] = {
    "f": 1e-15,
    "p": 1e-12,
    "n": 1e-9,
    "µ": 1e-6,
    "μ": 1e-6,
    "u": 1e-6,
    "m": 1e-3,
    "k": 1e3,
    "K": 1e3,
    "M": 1e6,
    "G": 1e9,
    "T": 1e12,
    "P": 1e15,
    "E": 1e18,
    "Ki": KiB,
    "Mi": MiB,
    "Gi": GiB,
    "Ti": TiB,
    "Pi": PiB,
}
#: Bases that take a prefix ("km", "ms", "TB/s", "PFLOP/s"); counts, %, x and money words do not.
PREFIXABLE = {
    "B",
    "b",
    "B/s",
    "b/s",
    "bps",
    "FLOP/s",
    "FLOPS",
    "FLOP",
    "FLOPs",
    "W",
    "J",
    "Wh",
    "J/b",
    "J/bit",
    "s",
    "m",
    "USD",
    "CNY",
    "g",
    "t",
    "FLOP/s/W",
    "FLOPS/W",
    "FLOP/J",
}


def parse_unit(text: str) -> tuple[float, str]:
    """A unit as written in prose or by a learner: ``(factor, base)`` such that a value ``v`` in
    ``text`` is ``v * factor`` in ``base``.

    ``parse_unit("TB/s")`` gives ``(1e12, "B/s")``; ``"Gb/s"`` ``(1.25e8, "B/s")`` (bits);
    ``"GiB"`` ``(2**30, "B")``; ``"PFLOPS"`` ``(1e15, "FLOP/s")``; ``"ms"`` ``(1e-3, "s")``;
    ``"%"`` ``(0.01, "1")``; ``"x"`` ``(1, "1")``. Binary prefixes apply to bytes and bits only.

    Raises:
        TypeError: if ``text`` is not a string.
        ValueError: if ``text`` is not a unit the course knows, naming it.
    """
    if not isinstance(text, str):
        raise TypeError(f"text={text!r} must be a string (a unit such as 'TB/s')")
    unit = " ".join(text.replace("\u00a0", " ").split())
    if unit in BASE_UNITS:
        return BASE_UNITS[unit]
    for size in (2, 1):
        prefix, base = unit[:size], unit[size:]
        if prefix in UNIT_PREFIXES and base in PREFIXABLE:
            if size == 2 and base not in {"B", "b", "B/s", "b/s"}:
                continue  # binary prefixes count bytes and bits only
            factor, canonical = BASE_UNITS[base]
            return UNIT_PREFIXES[prefix] * factor, canonical
    raise ValueError(f"text={text!r} is not a unit the course reads (such as 'TB/s', 'GiB', '%')")


#: A number as a source writes it: a sign, digits with thousands commas or underscores, a
#: decimal point, an exponent ("1,200", "2.5", "-3", "1e15").
_NUMBER = re.compile(r"[+-]?(?:\d[\d,_]*)?\.?\d+(?:[eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
#: Words that scale a number ("3 million USD", "$1.2 billion").
SCALE_WORDS: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def parse_quantity(text: str) -> tuple[float, str]:
    """A quantity as a source writes it, number and unit: ``(value, base)`` with ``value`` in
    the base unit ``base``.

    ``"2.5 PFLOPS"`` gives ``(2.5e15, "FLOP/s")``; ``"1,200 W"`` ``(1200.0, "W")`` (commas group
    thousands); ``"400 Gb/s"`` ``(5e10, "B/s")``; ``"$3 million"`` and ``"3 million USD"``
    ``(3e6, "USD")``; ``"8"`` ``(8.0, "1")`` (a count). The unit is read by :func:`parse_unit`.

    Raises:
        TypeError: if ``text`` is not a string.
        ValueError: naming ``text``, when it does not start with a number or its unit is unknown.
    """
    if not isinstance(text, str):
        raise TypeError(f"text={text!r} must be a string (a number and its unit, '8 TB/s')")
    rest = " ".join(text.replace("\u00a0", " ").split())
    dollars = rest.startswith("$")
    rest = rest.removeprefix("$").lstrip()
    number = _NUMBER.match(rest)
    if number is None:
        raise ValueError(f"text={text!r} does not start with a number (write it like '8 TB/s')")
    digits, rest = number.group(), rest[number.end() :].strip()
    if "," in digits and not _THOUSANDS.fullmatch(digits):
        raise ValueError(f"text={text!r}: commas may only group thousands ('1,200 W')")
    value = float(digits.replace(",", "").replace("_", ""))
    word, _, after = rest.partition(" ")
    if word in SCALE_WORDS:
        value, rest = value * SCALE_WORDS[word], after
    if dollars:
        if rest not in ("", "USD"):
            raise ValueError(f"text={text!r} starts with '$' but is in {rest!r}, not US dollars")
        rest = "USD"
    try:
        factor, base = parse_unit(rest)
    except ValueError:
        raise ValueError(
            f"text={text!r}: {rest!r} is not a unit the course reads (such as 'TB/s', 'GB', "
            "'PFLOPS', 'W')"
        ) from None
    return value * factor, base
