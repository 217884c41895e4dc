"""Formatting of quantities with SI prefixes, and the unit constants the course uses.

Decimal prefixes (1 GB = 1e9 B) are the vendors' convention and the default; binary prefixes
(1 GiB = 2**30 B) are available where memory is counted in powers of two (a KV cache in KiB).
"""

from __future__ import annotations

import math

KB, MB, GB, TB, PB = 1e3, 1e6, 1e9, 1e12, 1e15
KiB, MiB, GiB, TiB = 2.0**10, 2.0**20, 2.0**30, 2.0**40
BITS_PER_BYTE = 8
TFLOPS, PFLOPS = 1e12, 1e15  # FLOP/s

_PREFIXES = {
    -15: "f",
    -12: "p",
    -9: "n",
    -6: "µ",
    -3: "m",
    0: "",
    3: "k",
    6: "M",
    9: "G",
    12: "T",
    15: "P",
    18: "E",
    21: "Z",
}
_BINARY = {0: "", 10: "Ki", 20: "Mi", 30: "Gi", 40: "Ti", 50: "Pi"}


def si(
    value: float,
    unit: str = "",
    digits: int = 3,
    *,
    prefix: str | None = None,
    binary: bool = False,
) -> str:
    """``value`` with an SI prefix and ``digits`` significant digits.

    ``si(3e17, "FLOP/s")`` gives ``"300 PFLOP/s"``; ``prefix="T"`` fixes the prefix
    (``si(1228.8e12, "B/s", 4, prefix="T")`` gives ``"1229 TB/s"``); ``binary=True`` uses steps of
    2**10 (``si(327680, "B", binary=True)`` gives ``"320 KiB"``).

    Raises:
        ValueError: if ``digits`` is not between 1 and 15, or ``prefix`` is not an SI prefix.
    """
    if not 1 <= digits <= 15:
        raise ValueError(f"digits={digits!r} must be between 1 and 15")
    value = float(value)
    unit = "" if unit == "1" else unit  # "1" is the unit of a plain number
    if value == 0 or not math.isfinite(value):
        return f"{value:g} {unit}".rstrip()
    if binary:
        exp = min(max(int(math.log2(abs(value)) // 10) * 10, 0), 50)
        scaled, symbol = value / 2.0**exp, _BINARY[exp]
    elif prefix is not None:
        by_symbol = {v: k for k, v in _PREFIXES.items()}
        if prefix not in by_symbol:
            raise ValueError(f"prefix={prefix!r} is not one of {list(by_symbol)}")
        scaled, symbol = value / 10.0 ** by_symbol[prefix], prefix
    else:
        exp = min(max(math.floor(math.log10(abs(value)) / 3) * 3, -15), 21)
        if abs(float(f"{value / 10.0**exp:.{digits}g}")) >= 1000 and exp < 21:
            exp += 3  # 999.96 rounds up to 1000: say 1.00 k instead
        scaled, symbol = value / 10.0**exp, _PREFIXES[exp]
    text = f"{scaled:.{digits}g}"
    if "e" in text:  # :g writes 1229 as 1.23e+03 when digits < 4
        text = f"{scaled:.0f}"
    return f"{text} {symbol}{unit}".rstrip()


def si_same(values: list[float] | tuple[float, ...], unit: str = "", digits: int = 3) -> list[str]:
    """Several values written with one prefix, that of the smallest, so they compare at a glance:
    ``si_same([1228.8e12, 576e12], "B/s", 4)`` gives ``["1229 TB/s", "576 TB/s"]``."""
    smallest = min((abs(float(v)) for v in values if v), default=0.0)
    if smallest == 0 or unit == "1":
        return [si(v, unit, digits) for v in values]
    prefix = si(smallest, "x", digits).split(" ")[-1][:-1]
    return [si(v, unit, digits, prefix=prefix) for v in values]


def times(x: float, digits: int = 3) -> str:
    """A ratio written as the press writes it: ``times(1.664)`` gives ``"1.66x"``."""
    return f"{float(x):.{digits}g}x"


def percent(x: float, digits: int = 3) -> str:
    """A fraction as a percentage: ``percent(0.031)`` gives ``"3.1 %"``, ``percent(1, 2)``
    ``"100 %"`` (rounded to ``digits`` significant digits, never in exponent notation)."""
    value = float(f"{100 * float(x):.{digits}g}")
    return f"{value:.{max(digits, 1) + 3}g} %"


# ---------------------------------------------------------------------------------------------
# Reading units: "TB/s", "PFLOPS", "Gb/s", "GiB", "µs", "%", "x" -> (factor, base unit)
# ---------------------------------------------------------------------------------------------
#: Base units the course writes, with their spellings: text -> (factor to the base, base).
#: A bit is an eighth of a byte, so "Gb/s" reads as 1e9 / 8 B/s; "%" is a hundredth of 1.
_BASE_UNITS: dict[str, tuple[float, str]] = {
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
_UNIT_PREFIXES: dict[str, float] = {
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
    "Pi": 2.0**50,
}
#: Bases that take a prefix ("km", "ms", "TB/s", "PFLOP/s"); counts, %, x and money words do not.
_PREFIXABLE = {
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
    if unit in _BASE_UNITS:
        return _BASE_UNITS[unit]
    for size in (2, 1):
        prefix, base = unit[:size], unit[size:]
        if prefix in _UNIT_PREFIXES and base in _PREFIXABLE:
            if size == 2 and base not in {"B", "b", "B/s", "b/s"}:
                continue  # binary prefixes count bytes and bits only
            factor, canonical = _BASE_UNITS[base]
            return _UNIT_PREFIXES[prefix] * factor, canonical
    raise ValueError(f"text={text!r} is not a unit the course reads (such as 'TB/s', 'GiB', '%')")


def in_unit(value: float, base: str, unit: str) -> float:
    """``value`` (in the base unit ``base``) expressed in ``unit``: ``in_unit(49.152e12, "B",
    "TB")`` gives ``49.152``.

    Raises:
        ValueError: if ``unit`` does not measure ``base`` (``"TB"`` for a bandwidth).
    """
    factor, canonical = parse_unit(unit)
    if canonical != base:
        raise ValueError(f"unit={unit!r} measures {canonical!r}, not {base!r}")
    return float(value) / factor
