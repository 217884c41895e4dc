"""What a figure in a headline counts (its *basis*), and the figure of a system on a basis,
computed from the registry of :mod:`helpers.specs`.

A basis says, for one side of a comparison: which precision and whether sparse (compute), peak
or measured, HBM alone or HBM and CPU memory, one direction or both (bandwidth), bits or bytes,
a total divided by 1,000 or by 1,024 (TB or TiB), and per system, per package or per die.
:func:`figure_on` gives the value on that basis, or raises :class:`Missing` naming the figure the
registry does not have. Units: FLOP/s, B, B/s, W, FLOP/s per W, USD.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Literal, get_args

from .. import checks, specs
from ..specs import System

Quantity = Literal[
    "compute",
    "memory capacity",
    "memory bandwidth",
    "scale-up bandwidth",
    "power",
    "efficiency",
    "price",
]
#: The quantities a headline can compare, in the order the form lists them.
QUANTITIES: tuple[Quantity, ...] = get_args(Quantity)
#: The unit each quantity is computed in.
UNITS: dict[str, str] = {
    "compute": "FLOP/s",
    "memory capacity": "B",
    "memory bandwidth": "B/s",
    "scale-up bandwidth": "B/s",
    "power": "W",
    "efficiency": "FLOP/s/W",
    "price": "USD",
}
#: Precisions a chip can be rated in, from the fewest bits.
PRECISIONS: tuple[str, ...] = ("fp4", "fp6", "fp8", "int8", "bf16", "fp16", "tf32", "fp32", "fp64")
SCOPES: tuple[str, ...] = ("system", "package", "die")
TIERS: tuple[str, ...] = ("hbm", "hbm+cpu")
#: A total divided by 1,024 instead of 1,000 is this share of the decimal total.
BINARY_SHARE = 1000 / 1024


class Missing(LookupError):
    """A figure the registry does not have (never guessed): ``figure`` names it."""

    def __init__(self, figure: str, why: str = "not published") -> None:
        super().__init__(f"{figure}: {why}")
        self.figure = figure
        self.why = why


@dataclass(frozen=True)
class Basis:
    """What one side's figure counts.

    Attributes:
        precision: the number format of a compute figure ("fp8", "bf16", "fp64"...).
        sparse: a peak with 2:4 sparsity (twice the dense one on most chips).
        measured: a measured result (a benchmark run), not a peak.
        tier: "hbm" (memory on the accelerators) or "hbm+cpu" (and the CPUs' memory).
        direction: a bandwidth counted "one" way or "both".
        bits: a bandwidth counted in bits, not bytes (8 times the number).
        binary: a total divided by 1,024 where 1,000 was meant (a TiB count written as TB).
        scope: "system" (the whole system), "package" (one chip as sold) or "die".
    """

    precision: str = "bf16"
    sparse: bool = False
    measured: bool = False
    tier: str = "hbm"
    direction: str = "both"
    bits: bool = False
    binary: bool = False
    scope: str = "system"

    def __post_init__(self) -> None:
        checks.one_of("precision", self.precision, PRECISIONS)
        checks.one_of("tier", self.tier, TIERS)
        checks.one_of("direction", self.direction, ("one", "both"))
        checks.one_of("scope", self.scope, SCOPES)
        for name in ("sparse", "measured", "bits", "binary"):
            checks.flag(name, getattr(self, name))

    def but(self, **changes: object) -> Basis:
        """This basis with ``changes``."""
        return replace(self, **changes)


#: The attributes of a basis, in the order tables show them.
ATTRIBUTES: tuple[str, ...] = tuple(f.name for f in fields(Basis))
#: Which attributes a quantity's figure depends on.
APPLIES: dict[str, tuple[str, ...]] = {
    "compute": ("measured", "precision", "sparse", "scope"),
    "memory capacity": ("tier", "binary", "scope"),
    "memory bandwidth": ("bits", "binary", "scope"),
    "scale-up bandwidth": ("direction", "bits", "binary", "scope"),
    "power": ("scope",),
    "efficiency": ("measured", "precision", "sparse"),
    "price": ("scope",),
}


#: How each attribute of a basis reads in words.
WORDS = {
    "precision": lambda b: b.precision.upper(),
    "sparse": lambda b: "sparse" if b.sparse else "dense",
    "measured": lambda b: "measured" if b.measured else "peak",
    "tier": lambda b: "HBM + CPU memory" if b.tier == "hbm+cpu" else "HBM",
    "direction": lambda b: f"{b.direction} direction{'s' if b.direction == 'both' else ''}",
    "bits": lambda b: "bits" if b.bits else "bytes",
    "binary": lambda b: "divided by 1,024 (TiB)" if b.binary else "decimal (TB)",
    "scope": lambda b: f"per {b.scope}",
}


def check_quantity(value: object, field: str = "quantity") -> str:
    """``value`` as one of :data:`QUANTITIES` (TypeError or ValueError naming ``field``)."""
    return checks.one_of(field, value, QUANTITIES)


def _dies(system: System) -> float:
    dies = system.chip.dies
    if dies is None:
        raise Missing(f"{system.chip.key}.dies", "dies per package not in the registry")
    return float(dies.value)


def _measured(system: System, precision: str) -> specs.Figure:
    for key, fig in system.measured.items():
        if key == precision or key.startswith(f"{precision}_") or f".{precision}_" in fig.name:
            return fig
    raise Missing(f"{system.key}.measured {precision.upper()}", "no measured result recorded")


def _compute(system: System, basis: Basis) -> float:
    if basis.measured:
        return float(_measured(system, basis.precision).value)
    peak = system.peak(basis.precision, basis.sparse)
    if peak is None:
        kind = "sparse" if basis.sparse else "dense"
        raise Missing(f"{system.chip.key}.{basis.precision}_{kind}", "not published")
    return float(peak.value)


def _need(fig: specs.Figure | None, name: str) -> float:
    if fig is None:
        raise Missing(name, "not published")
    return float(fig.value)


def _total(system: System, quantity: str, basis: Basis) -> float:
    """The whole system's figure on ``basis`` (scope aside)."""
    if quantity == "compute":
        return _compute(system, basis)
    if quantity == "memory capacity":
        hbm = _need(system.hbm_capacity, f"{system.chip.key}.hbm_capacity")
        if basis.tier == "hbm+cpu":
            hbm += _need(system.cpu_memory, f"{system.key}.cpu_memory")
        return hbm
    if quantity == "memory bandwidth":
        return _need(system.hbm_bandwidth, f"{system.chip.key}.hbm_bandwidth")
    if quantity == "scale-up bandwidth":
        both = _need(system.scale_up_bandwidth, f"{system.chip.key}.scale_up_bandwidth")
        return both if basis.direction == "both" else both / 2
    if quantity == "power":
        return _need(system.power, f"{system.key}.power")
    if quantity == "efficiency":
        return _compute(system, basis) / _need(system.power, f"{system.key}.power")
    return _need(system.price, f"{system.key}.price")


def figure_on(system: object, quantity: object, basis: Basis | None = None) -> float:
    """``system``'s ``quantity`` on ``basis`` (dense BF16 peak, HBM, both directions, bytes,
    decimal, per system when omitted), in the unit of :data:`UNITS`.

    Raises:
        Missing: naming the figure the registry does not have.
        TypeError, ValueError: for a system or quantity the registry does not know.
    """
    s = checks.system("system", system)
    q = check_quantity(quantity)
    basis = basis or Basis()
    value = _total(s, q, basis)
    if q in ("memory bandwidth", "scale-up bandwidth") and basis.bits:
        value *= specs.BITS_PER_BYTE
    if q in ("memory capacity", "memory bandwidth", "scale-up bandwidth") and basis.binary:
        value *= BINARY_SHARE
    if q != "efficiency" and basis.scope != "system":
        value /= s.chips.value * (_dies(s) if basis.scope == "die" else 1.0)
    return value
