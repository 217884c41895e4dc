"""Argument checks shared by the models: the course's rule for bad input.

A value of the wrong type raises ``TypeError`` naming the parameter and the types accepted (a
string or a bool where a number is asked, a number where a system is asked); a value of the
right type that is not allowed raises ``ValueError`` naming the parameter, the value and what is
allowed (a negative bandwidth, a number too large for a float, an unknown system key, listing
the keys there are). Each check returns the value it checked, converted: a float, an int, a
numpy array of floats, or the registry's object for a key (``system("system", "cm384")`` gives
``specs.CM384``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")


def _real(name: str, value: object) -> float:
    """``value`` as a float, or TypeError (not a real number, or a bool) / ValueError (too
    large for a float, such as 10**400)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}={_short(value)} must be a number (int or float), not a "
                        f"{type(value).__name__}")  # fmt: skip
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{name}={_short(value)} is too large for a float") from None


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def number(name: str, value: object, minimum: float = 0.0, *, above: bool = False) -> float:
    """``value`` as a float: a finite real number (not a bool), at least ``minimum`` (greater
    than it, with ``above``)."""
    v = _real(name, value)
    if not math.isfinite(v) or v < minimum or (above and v == minimum):
        bound = "above" if above else "at least"
        raise ValueError(f"{name}={_short(value)} must be a finite number, {bound} {minimum:g}")
    return v


def positive(name: str, value: object) -> float:
    """``value`` as a float: finite and greater than 0."""
    return number(name, value, 0.0, above=True)


def values(name: str, value: object, minimum: float = 0.0, *, above: bool = False) -> np.ndarray:
    """``value`` (a number or an array of them) as a float array: every element finite and at
    least ``minimum`` (greater than it, with ``above``)."""
    if isinstance(value, str | bytes | bool):
        raise TypeError(f"{name}={_short(value)} must be a number or an array of numbers")
    try:
        array = np.asarray(value, dtype=float)
    except OverflowError:
        raise ValueError(f"{name}={_short(value)} holds a number too large for a float") from None
    except (TypeError, ValueError):
        raise TypeError(f"{name}={_short(value)} must be a number or an array of numbers") from None
    low = array <= minimum if above else array < minimum
    if not np.all(np.isfinite(array)) or np.any(low):
        bound = "above" if above else "at least"
        raise ValueError(f"{name}={_short(value)} must be finite, {bound} {minimum:g}")
    return array


def whole(name: str, value: object, minimum: int | None = None) -> int:
    """``value`` as an int: a whole number (an integer type, not a bool), at least ``minimum``
    when one is given."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}={_short(value)} must be a whole number (an int), not a "
                        f"{type(value).__name__}")  # fmt: skip
    if minimum is not None and value < minimum:  # type: ignore[operator]
        raise ValueError(f"{name}={value!r} must be a whole number, at least {minimum}")
    return int(value)  # type: ignore[call-overload]


def fraction(name: str, value: object, *, open_low: bool = False) -> float:
    """``value`` as a float in [0, 1], or in (0, 1] with ``open_low``."""
    v = _real(name, value)
    if not ((0 < v <= 1) if open_low else (0 <= v <= 1)):
        raise ValueError(f"{name}={_short(value)} must be in {'(0, 1]' if open_low else '[0, 1]'}")
    return v


def flag(name: str, value: object) -> bool:
    """``value`` as a bool: ``True`` or ``False`` only."""
    if not isinstance(value, bool):
        raise TypeError(f"{name}={_short(value)} must be True or False")
    return value


def one_of(name: str, value: object, allowed: Iterable[T]) -> T:
    """``value`` when it is one of ``allowed`` (compared with ``==``)."""
    options = list(allowed)
    kinds = {type(o) for o in options}
    if options and not isinstance(value, tuple(kinds)):
        names = " or ".join(sorted(k.__name__ for k in kinds))
        raise TypeError(f"{name}={_short(value)} must be a {names}, one of {options}")
    if value not in options:
        raise ValueError(f"{name}={_short(value)} is not one of {options}")
    return value  # type: ignore[return-value]


def entry(name: str, value: object, kind: type[T], entries: Iterable[T] | Mapping[str, T]) -> T:
    """``value`` as an object of ``kind`` from a registry: the object itself, or its key, short
    name or name as a string (``"cm384"``, ``"CM384"``, ``"CloudMatrix 384"``).

    Raises:
        TypeError: naming the parameter, for anything else (a number, None...).
        ValueError: for a string that names no entry, listing the keys there are.
    """
    items = list(entries.values() if isinstance(entries, Mapping) else entries)
    if isinstance(value, kind):
        return value
    if not isinstance(value, str):
        raise TypeError(
            f"{name}={_short(value)} must be a {kind.__name__} or its key (a str), not a "
            f"{type(value).__name__}"
        )
    wanted = value.strip().lower()
    for item in items:
        names = (getattr(item, a, None) for a in ("key", "short", "name"))
        if wanted in {str(n).lower() for n in names if n}:
            return item
    keys = [getattr(item, "key", str(item)) for item in items]
    raise ValueError(f"{name}={value!r} is not a {kind.__name__} key; use one of {keys}")


def system(name: str, value: object) -> Any:
    """``value`` as a :class:`helpers.specs.System` (the object, or its key or name)."""
    from . import specs

    return entry(name, value, specs.System, specs.SYSTEMS)


class NotPublished(ValueError):
    """A figure the model needs is not published by the system's maker (a BF16 peak, a scale-up
    link or latency, a topology): the course says so and never fills the gap with a guess.
    Tables and widgets catch it and show "not published"."""


def systems(name: str, value: object) -> tuple[Any, ...]:
    """``value`` as a tuple of :class:`helpers.specs.System` (each the object, or its key or
    name), in order and once each; ``None`` gives the article's two
    (``helpers.specs.ARTICLE_PAIR.systems``).

    Raises:
        TypeError: for a bare system or string (give a list of them), or anything not a list.
        ValueError: for an unknown key, or an empty list.
    """
    from . import specs

    if value is None:
        return specs.ARTICLE_PAIR.systems
    if isinstance(value, str | specs.System) or not isinstance(value, Iterable):
        raise TypeError(f"{name}={_short(value)} must be a list of systems or their keys")
    chosen = (system(f"{name}[{i}]", v) for i, v in enumerate(value))
    found = tuple({s.key: s for s in chosen}.values())
    if not found:
        raise ValueError(f"{name}=[] names no system; give at least one")
    return found


def chip(name: str, value: object) -> Any:
    """``value`` as a :class:`helpers.specs.Chip` (the object, or its key or name)."""
    from . import specs

    return entry(name, value, specs.Chip, specs.CHIPS)


def model(name: str, value: object) -> Any:
    """``value`` as a :class:`helpers.specs.ModelConfig` (the object, or its key or name)."""
    from . import specs

    return entry(name, value, specs.ModelConfig, specs.MODELS)
