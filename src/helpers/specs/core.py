"""The records every module of :mod:`helpers.specs` is made of, and the registry that holds them.

:class:`Source` and :class:`Figure`; :data:`FIGURES` and the functions that add to it
(:func:`register_figure`, :func:`record`, :func:`derive`), read it (:func:`get`, :func:`sources_of`,
:func:`ratio`) and change it for a while (:func:`perturbed`); the kinds of figure, and the unit
constants the records are written with.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "vendor", "measured", "analyst", "press", "article", "physics", "assumption", "derived"
]
#: Kinds of figure, from the maker's own word to the course's own choice.
KINDS: tuple[Kind, ...] = (
    "vendor",  # the maker's own spec sheet, paper or keynote
    "measured",  # a measurement on real hardware (nccl-tests bus bandwidth, a paper's tokens/s)
    "analyst",  # an estimate by an analyst firm
    "press",  # news, usually repeating an analyst
    "article",  # the course's source article
    "physics",  # a law or a constant
    "assumption",  # a value the course chooses, with a range and the reason
    "derived",  # computed here from other records
)
Direction = Literal["one", "both"]

# Decimal prefixes, as the sources quote their figures.
K, M, G, T, P = 1e3, 1e6, 1e9, 1e12, 1e15
BITS_PER_BYTE = 8
#: One kilowatt-hour in joules, and one (Julian) year in seconds: unit conversions.
KWH = 3.6e6
YEAR = 365.25 * 24 * 3600


@dataclass(frozen=True)
class Source:
    """Where a figure comes from.

    Attributes:
        key: short name used across the course (``"SA"``, ``"PAPER"``...).
        title: title of the document, with its author or publisher.
        url: address of the document, or ``None`` when there is none (``no_url_reason`` says why).
        date: publication date, ``YYYY-MM-DD`` where known, else ``YYYY-MM`` or ``YYYY``; an undated
            web page says so and gives the year it was read.
        no_url_reason: why ``url`` is ``None``.
        accessed: when (and how, if not at ``url`` itself) the course read it, ``YYYY-MM`` or
            ``YYYY-MM-DD``; ``""`` for the sources recorded before the field existed.
    """

    key: str
    title: str
    url: str | None
    date: str
    no_url_reason: str = ""
    accessed: str = ""

    def cite(self) -> str:
        """One line: title, date and URL (or the reason there is none), and when it was read."""
        where = self.url or f"no URL: {self.no_url_reason}"
        read = f" Accessed {self.accessed}." if self.accessed else ""
        return f"{self.title} ({self.date}). {where}{read}"


@dataclass(frozen=True)
class Figure:
    """One figure with its unit and provenance.

    Attributes:
        name: dotted name, ``<thing>.<quantity>`` (for example ``"b200.bf16_dense"``).
        value: the value in SI base units (see the module docstring).
        unit: the unit of ``value`` (``"FLOP/s"``, ``"B"``, ``"B/s"``, ``"W"``, ``"USD"``, ``"1"``).
        kind: one of :data:`KINDS`.
        source: where it comes from; ``None`` only for derived figures, which name their ``inputs``.
        label: a short human label ("dense BF16 per chip").
        quoted: how the source writes it ("300 PFLOPS", "2.8 Tb/s").
        direction: for bandwidths, "one" or "both" directions.
        step: the rounding step of the quoted value (300 PFLOPS quoted to 1 PFLOPS: step 1e15), used
            to check that a total computed from per-chip figures agrees with the quote.
        low, high: the range of an assumption or an estimate.
        note: anything a reader must know to use it correctly.
        inputs: for derived figures, the names of the figures it is computed from.
        formula: for derived figures, the computation in words.
    """

    name: str
    value: float
    unit: str
    kind: Kind
    source: Source | None
    label: str = ""
    quoted: str = ""
    direction: Direction | None = None
    step: float = 0.0
    low: float | None = None
    high: float | None = None
    note: str = ""
    inputs: tuple[str, ...] = ()
    formula: str = ""

    def __float__(self) -> float:
        return float(self.value)

    def cite(self) -> str:
        """Where the figure comes from, in one line."""
        if self.source is not None:
            return self.source.cite()
        return f"derived: {self.formula} (from {', '.join(self.inputs)})"

    def describe(self) -> str:
        """Several lines: the name, the value with its unit and direction, kind and source."""
        direction = f", {self.direction} direction{'s' if self.direction == 'both' else ''}"
        lines = [
            f"{self.name}: {self.label}" if self.label else self.name,
            f"  value:  {self.value:.6g} {self.unit}{direction if self.direction else ''}",
            f"  kind:   {self.kind}",
        ]
        if self.quoted:
            lines.append(f"  quoted: {self.quoted}")
        if self.low is not None and self.high is not None:
            lines.append(f"  range:  {self.low:.6g} to {self.high:.6g} {self.unit}")
        lines.append(f"  source: {self.cite()}")
        if self.note:
            lines.append(f"  note:   {self.note}")
        return "\n".join(lines)


#: Every figure of the course by name.
FIGURES: dict[str, Figure] = {}


def register_figure(fig: Figure) -> Figure:
    """Add ``fig`` to :data:`FIGURES`; its name must be new and its kind one of :data:`KINDS`."""
    if fig.name in FIGURES:
        raise ValueError(f"name={fig.name!r} is registered twice; every figure lives once")
    if fig.kind not in KINDS:
        raise ValueError(f"kind={fig.kind!r} is not one of {KINDS}")
    FIGURES[fig.name] = fig
    return fig


def record(name: str, value: float, unit: str, kind: Kind, source: Source, **details) -> Figure:
    """Register a figure of ``source`` (not derived): ``value`` in SI units of ``unit``; ``details``
    are the other fields of :class:`Figure` (label, quoted, direction, step, low, high, note)."""
    return register_figure(Figure(name, float(value), unit, kind, source, **details))


def derive(
    name: str,
    fn: Callable[..., float],
    inputs: tuple[Figure, ...],
    unit: str,
    formula: str,
    *,
    register: bool = True,
    **details,
) -> Figure:
    """A figure computed from others: ``fn(*values of inputs)``, kind ``derived``.

    Args:
        name: dotted name of the new figure.
        fn: the computation, taking the inputs' values in order.
        inputs: the figures it uses.
        unit: unit of the result.
        formula: the computation in words ("384 chips x 780 TFLOP/s").
        register: add it to :data:`FIGURES` (module-level records) or not (ad-hoc comparisons).
    """
    fig = Figure(
        name,
        float(fn(*(f.value for f in inputs))),
        unit,
        "derived",
        None,
        inputs=tuple(f.name for f in inputs),
        formula=formula,
        **details,
    )
    if register:
        _DERIVATIONS[name] = (fn, fig.inputs)
        return register_figure(fig)
    return fig


#: How each registered derived figure is computed: name -> (function, input names), in the order
#: they were registered (inputs before what is derived from them).
_DERIVATIONS: dict[str, tuple[Callable[..., float], tuple[str, ...]]] = {}


def _set_value(fig: Figure, value: float) -> None:
    object.__setattr__(fig, "value", float(value))  # frozen for everyone but perturbed()


@contextlib.contextmanager
def perturbed(changes: Mapping[str, float]) -> Iterator[None]:
    """Within the ``with`` block, the figures named in ``changes`` take the given values (SI
    units), every derived figure is recomputed from them, and the caches of the loaded helpers
    modules are cleared; on exit everything is as before.

    For tests and what-if questions: ``with perturbed({"ascend910c.hbm_capacity": 96e9}): ...``
    shows what follows a figure (``tests/test_prose.py`` checks that the prose does).

    Raises:
        ValueError: for a name that is not a figure, or a derived figure (change its inputs).
    """
    for name in changes:
        if get(name).kind == "derived":
            raise ValueError(f"changes has {name!r}, a derived figure: change its inputs instead")
    saved = {name: fig.value for name, fig in FIGURES.items()}
    try:
        for name, value in changes.items():
            _set_value(FIGURES[name], value)
        for name, (fn, inputs) in _DERIVATIONS.items():
            _set_value(FIGURES[name], fn(*(FIGURES[i].value for i in inputs)))
        _clear_caches()
        yield
    finally:
        for name, value in saved.items():
            _set_value(FIGURES[name], value)
        _clear_caches()


def _clear_caches() -> None:
    """Empty every ``functools`` cache at the top level of the loaded ``helpers`` modules."""
    package = __name__.split(".")[0]
    for module_name, module in list(sys.modules.items()):
        if module is None or not module_name.startswith(f"{package}."):
            continue
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def ratio(a: Figure, b: Figure, name: str | None = None) -> Figure:
    """``a / b`` as a derived, unregistered figure (unit ``"1"``); the units must match."""
    if a.unit != b.unit:
        raise ValueError(f"a.unit={a.unit!r} and b.unit={b.unit!r} differ; a ratio needs one unit")
    return derive(
        name or f"{a.name}/{b.name}",
        lambda x, y: x / y,
        (a, b),
        "1",
        f"{a.name} / {b.name}",
        register=False,
    )


def get(name: str) -> Figure:
    """The figure called ``name``; raises ``ValueError`` listing near names when it is unknown."""
    if name not in FIGURES:
        prefix = name.split(".")[0]
        near = sorted(n for n in FIGURES if n.startswith(prefix))[:12]
        raise ValueError(f"name={name!r} is not a figure; figures under {prefix!r}: {near}")
    return FIGURES[name]


def sources_of(*figures: Figure) -> list[Source]:
    """The sources behind ``figures``, following derived figures to their inputs, sorted by key."""
    found: dict[str, Source] = {}
    stack = list(figures)
    while stack:
        fig = stack.pop()
        if fig.source is not None:
            found[fig.source.key] = fig.source
        stack += [FIGURES[name] for name in fig.inputs]
    return [found[k] for k in sorted(found)]
