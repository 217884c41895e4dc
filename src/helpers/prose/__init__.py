"""The numbers the course's prose states, computed from the figures and the models.

A number in a markdown cell (or in ``docs/glossary.md``) that comes from the course's figures or
models carries a *marker* right after it, an HTML comment that no reader sees::

    49.2 TB<!--=cm384.hbm_capacity-->
    **3.56x**<!--=cm384.hbm_capacity/nvl72.hbm_capacity-->
    11.4 %<!--=nb03.paper_fraction-->
    US$8.2 million<!--=cm384.price|MUSD-->
    3<!--=link.active_copper_reach:low|m-->-5 m<!--=link.active_copper_reach:high-->

The marker's *spec* is an expression of names, evaluated left to right: a figure of
:data:`helpers.specs.FIGURES` (``name``, or ``name:low`` / ``name:high`` for its range), a named
quantity of :data:`QUANTITIES` (model results, registered by the ``nb*`` modules of this package),
a plain number, joined by ``/``, ``*``, ``+`` and ``-``. After ``|`` comes the unit the number is
written in; without it, the unit is read from the text between the number and the marker ("TB",
"x", "%", "kW"; a count noun such as "chips" reads as a plain number).

:func:`fill` rewrites each marked number from the helpers, keeping the number of significant
digits it is written with (and its thousands separators); :func:`stale` lists the marked numbers
that disagree with the helpers. ``make notebooks`` fills every notebook before running it, and a
test fails on a stale number, naming it. Nothing here evaluates Python: a spec is parsed.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import specs
from ..units import in_unit, parse_unit


@dataclass(frozen=True)
class Quantity:
    """A number the prose states that no single figure holds: a model's result.

    Attributes:
        key: ``"nbNN.name"``, the notebook that states it first and a short name.
        unit: the unit ``compute`` returns its value in (a base unit of
            :func:`helpers.units.parse_unit`: ``"s"``, ``"B"``, ``"1"``...).
        compute: computes the value from the helpers.
        doc: what it is, in words.
    """

    key: str
    unit: str
    compute: Callable[[], float]
    doc: str


#: Every named quantity by key, loaded once from the ``nb*`` modules of this package.
QUANTITIES: dict[str, Quantity] = {}
_LOADED: list[bool] = []


def quantity(key: str, unit: str, doc: str) -> Callable[[Callable[[], float]], Callable[[], float]]:
    """Register the decorated function as the named quantity ``key`` (value in ``unit``)."""

    def register(fn: Callable[[], float]) -> Callable[[], float]:
        if key in QUANTITIES or key in specs.FIGURES:
            raise ValueError(f"key={key!r} is registered twice (or is a figure's name)")
        parse_unit("" if unit == "1" else unit)  # a unit prose is written in; "1": a number
        QUANTITIES[key] = Quantity(key, unit, fn, doc)
        return fn

    return register


def quantities() -> dict[str, Quantity]:
    """:data:`QUANTITIES`, after loading every ``nb*`` module of this package."""
    if not _LOADED:
        for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
            if module.startswith("nb"):
                importlib.import_module(f"{__name__}.{module}")
        _LOADED.append(True)
    return QUANTITIES


# ---------------------------------------------------------------------------------------------
# Specs: names joined by / * + -, and an optional unit after |
# ---------------------------------------------------------------------------------------------
_TERM = re.compile(r"\s*([A-Za-z_][\w.]*(?::(?:low|high))?|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*")
_OP = re.compile(r"\s*([/*+-])\s*")


@dataclass(frozen=True)
class Value:
    """What a spec evaluates to: a value in a base unit, and the figures and quantities used."""

    value: float
    unit: str
    names: tuple[str, ...]


def _term(token: str) -> Value:
    if token[0].isdigit():
        return Value(float(token), "1", ())
    name, _, bound = token.partition(":")
    table = quantities()
    if name in table:
        if bound:
            raise ValueError(f"spec term {token!r}: a named quantity has no :{bound}")
        q = table[name]
        return Value(float(q.compute()), _base(q.unit), (name,))
    fig = specs.get(name)
    value = {"": fig.value, "low": fig.low, "high": fig.high}[bound]
    if value is None:
        raise ValueError(f"spec term {token!r}: figure {name!r} has no {bound} value")
    return Value(float(value), _base(fig.unit), (name,))


def _base(unit: str) -> str:
    """The base unit a figure's unit is (``"B/s"``), or the unit itself when the course's unit
    reader does not know it as a base (``"token/s/TFLOPS"``)."""
    try:
        factor, base = parse_unit(unit)
    except ValueError:
        return unit
    return base if factor == 1 else unit


def _combine(a: Value, op: str, b: Value) -> Value:
    names = a.names + b.names
    if op in "+-":
        if a.unit != b.unit:
            raise ValueError(f"cannot {op} {a.unit!r} and {b.unit!r}")
        return Value(a.value + b.value if op == "+" else a.value - b.value, a.unit, names)
    if op == "*":
        unit = b.unit if a.unit == "1" else a.unit if b.unit == "1" else f"{a.unit}*{b.unit}"
        return Value(a.value * b.value, unit, names)
    unit = "1" if a.unit == b.unit else a.unit if b.unit == "1" else f"{a.unit}/{b.unit}"
    return Value(a.value / b.value, unit, names)


def evaluate(spec: str) -> Value:
    """The value of the expression part of ``spec`` (before any ``|``), in its base unit.

    Raises:
        ValueError: naming the spec, for an unknown name or a malformed expression.
    """
    expr = spec.partition("|")[0]
    pos, result, op = 0, None, None
    while pos < len(expr):
        m = _TERM.match(expr, pos)
        if not m:
            raise ValueError(f"spec={spec!r}: expected a name or a number at {expr[pos:]!r}")
        term = _term(m.group(1))
        result = term if result is None else _combine(result, op, term)
        pos = m.end()
        if pos == len(expr):
            break
        o = _OP.match(expr, pos)
        if not o:
            raise ValueError(f"spec={spec!r}: expected / * + or - at {expr[pos:]!r}")
        op, pos = o.group(1), o.end()
        if pos == len(expr):
            raise ValueError(f"spec={spec!r} ends with an operator")
    if result is None:
        raise ValueError(f"spec={spec!r} is empty")
    return result


# ---------------------------------------------------------------------------------------------
# Markers in text
# ---------------------------------------------------------------------------------------------
MARKER = re.compile(r"<!--=(?P<spec>[^>]*?)-->")
#: The number a marker belongs to: the last one before it, with at most a unit between.
_MARKED = re.compile(r"(?P<number>\d[\d,]*(?:\.\d+)?)(?P<tail>[^\d<>\n]{0,24})$")
_UNIT_NOISE = "*_()[] \u00a0"


@dataclass(frozen=True)
class Marker:
    """One marked number in a text: where it is, how it is written, and its spec."""

    start: int  # index of the number's first character
    end: int  # index just past the marker
    number: str  # the number as written ("3.56", "1,229")
    unit_text: str  # what stands between the number and the marker ("x**", " TB")
    spec: str

    @property
    def unit(self) -> str:
        """The unit the number is written in: the spec's ``|unit``, else the text after it."""
        if "|" in self.spec:
            return self.spec.partition("|")[2].strip()
        return self.unit_text.strip(_UNIT_NOISE)

    @property
    def text(self) -> str:
        """The number and its unit, as written (without the marker)."""
        return f"{self.number}{self.unit_text}".strip(_UNIT_NOISE)


def markers(text: str) -> list[Marker]:
    """Every marked number in ``text``, in order.

    Raises:
        ValueError: for a marker with no number right before it, naming the marker.
    """
    found = []
    for m in MARKER.finditer(text):
        before = _MARKED.search(text[max(0, m.start() - 64) : m.start()])
        if not before:
            raise ValueError(f"marker {m.group(0)!r} has no number right before it")
        start = m.start() - len(before.group(0))
        found.append(
            Marker(start, m.end(), before.group("number"), before.group("tail"), m.group("spec"))
        )
    return found


def _count_noun(unit: str) -> bool:
    """Is ``unit`` a word that counts ("chips", "GPUs"), not a unit of measure ("TB")?"""
    try:
        parse_unit(unit)
    except ValueError:
        return bool(re.fullmatch(r"[A-Za-z][A-Za-z -]*", unit))
    return False


def value_in_unit(marker: Marker) -> float:
    """The marker's value in the unit its number is written in.

    Raises:
        ValueError: if the unit does not measure what the spec computes ("TB" for a ratio).
    """
    v = evaluate(marker.spec)
    unit = marker.unit
    if unit == v.unit:
        return v.value
    try:
        return in_unit(v.value, v.unit, unit)
    except ValueError:
        if "|" not in marker.spec and v.unit == "1" and _count_noun(unit):
            return v.value  # "384 chips", "18 links": a count
        raise


def format_like(value: float, written: str) -> str:
    """``value`` written the way ``written`` is: as many significant digits when it has a
    decimal point (``"3.56"``: three), whole otherwise (``"1,229"``), with thousands separators
    when it has them. Never in exponent notation."""
    digits = written.replace(",", "")
    if "." in digits:
        whole, frac = digits.split(".")
        significant = max(len((whole + frac).lstrip("0")), 1)
        magnitude = math.floor(math.log10(abs(value))) if value else 0
        decimals = max(0, significant - 1 - magnitude)
    else:
        decimals = 0
    sep = "," if "," in written else ""
    return f"{value:{sep}.{decimals}f}"


def render(marker: Marker) -> str:
    """The marker's number as the helpers give it now, written like the original."""
    return format_like(value_in_unit(marker), marker.number)


@dataclass(frozen=True)
class Stale:
    """A marked number that disagrees with the helpers."""

    marker: Marker
    rendered: str  # what the helpers give, or the error message

    def __str__(self) -> str:
        m = self.marker
        return f"{m.text!r} but the helpers give {self.rendered!r} ({m.spec})"


def stale(text: str) -> list[Stale]:
    """The marked numbers of ``text`` that differ from what the helpers give now."""
    found = []
    for m in markers(text):
        try:
            new = render(m)
        except ValueError as e:
            found.append(Stale(m, f"error: {e}"))
            continue
        if new != m.number:
            found.append(Stale(m, new))
    return found


def fill(text: str) -> str:
    """``text`` with every marked number rewritten from the helpers.

    Raises:
        ValueError: for a marker whose spec cannot be evaluated, naming it.
    """
    out, last = [], 0
    for m in markers(text):
        out += [text[last : m.start], render(m)]
        last = m.start + len(m.number)
    return "".join(out) + text[last:]
