"""Formatting of quantities with SI prefixes, and the unit constants the course uses.

Decimal prefixes (1 GB = 1e9 B) are the vendors' convention and the default; binary prefixes
(1 GiB = 2**30 B) are available where memory is counted in powers of two (a KV cache in KiB).
Reading a unit (:func:`parse_unit`) lives in :mod:`helpers.specs.units`, so that the figures'
records can use it; it is re-exported here with its tables.
"""

from __future__ import annotations

import math

from .specs import BITS_PER_BYTE as BITS_PER_BYTE
from .specs.units import BASE_UNITS as BASE_UNITS
from .specs.units import PREFIXABLE as PREFIXABLE
from .specs.units import UNIT_PREFIXES as UNIT_PREFIXES
from .specs.units import GiB as GiB
from .specs.units import KiB as KiB
from .specs.units import MiB as MiB
from .specs.units import TiB as TiB
from .specs.units import parse_unit

KB, MB, GB, TB, PB = 1e3, 1e6, 1e9, 1e12, 1e15
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
