"""Argument checks shared by the models.

Each returns the value it checked (a float, an int or a numpy array of floats) or raises
``ValueError`` naming the parameter, the value and what is allowed, e.g.
``ValueError("flops=0.0 must be a finite number, above 0")``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def number(name: str, value: object, minimum: float = 0.0, *, above: bool = False) -> float:
    """``value`` as a float: a finite real number (not a bool), at least ``minimum`` (greater
    than it, with ``above``)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    v = float(value) if ok else math.nan  # type: ignore[arg-type]
    if not math.isfinite(v) or v < minimum or (above and v == minimum):
        bound = "above" if above else "at least"
        raise ValueError(f"{name}={value!r} must be a finite number, {bound} {minimum:g}")
    return v


def positive(name: str, value: object) -> float:
    """``value`` as a float: finite and greater than 0."""
    return number(name, value, 0.0, above=True)


def values(name: str, value: object, minimum: float = 0.0, *, above: bool = False) -> np.ndarray:
    """``value`` (a number or an array of them) as a float array: every element finite and at
    least ``minimum`` (greater than it, with ``above``)."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        array = np.array(math.nan)
    low = array <= minimum if above else array < minimum
    if not np.all(np.isfinite(array)) or np.any(low):
        bound = "above" if above else "at least"
        raise ValueError(f"{name}={value!r} must be finite, {bound} {minimum:g}")
    return array


def whole(name: str, value: object, minimum: int | None = None) -> int:
    """``value`` as an int: a whole number (an integer type, not a bool), at least ``minimum``
    when one is given."""
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not ok or (minimum is not None and value < minimum):  # type: ignore[operator]
        bound = f", at least {minimum}" if minimum is not None else ""
        raise ValueError(f"{name}={value!r} must be a whole number{bound}")
    return int(value)  # type: ignore[call-overload]


def fraction(name: str, value: object, *, open_low: bool = False) -> float:
    """``value`` as a float in [0, 1], or in (0, 1] with ``open_low``."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    v = float(value) if ok else math.nan  # type: ignore[arg-type]
    if not ((0 < v <= 1) if open_low else (0 <= v <= 1)):
        raise ValueError(f"{name}={value!r} must be in {'(0, 1]' if open_low else '[0, 1]'}")
    return v
