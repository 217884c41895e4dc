"""A headline's claim as structured data: the two systems, the quantity, the stated ratio and
what each side's figure counts (:class:`~.basis.Basis`), with what the words state or leave
unsaid. :func:`claim` builds one from keys and words, checking every field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .. import checks
from ..specs import System
from .basis import APPLIES, ATTRIBUTES, Basis, Missing, check_quantity, figure_on
from .stated import Stated, read_stated


@dataclass(frozen=True)
class Claim:
    """``challenger`` has ``stated`` times ``baseline``'s ``quantity``.

    Attributes:
        challenger, baseline: the systems (the one said to lead first).
        quantity: one of :data:`~.basis.QUANTITIES`.
        stated: the ratio as stated.
        bases: what the challenger's and the baseline's figures count, as the claim set them side
            by side (the course's reading where the words are silent).
        says: the attributes of :class:`~.basis.Basis` the words themselves state; the others
            the claim leaves unsaid.
    """

    challenger: System
    baseline: System
    quantity: str
    stated: Stated
    bases: tuple[Basis, Basis] = (Basis(), Basis())
    says: frozenset[str] = field(default_factory=frozenset)

    @property
    def systems(self) -> tuple[System, System]:
        """(challenger, baseline)."""
        return (self.challenger, self.baseline)

    def ratio(self, bases: tuple[Basis, Basis] | None = None) -> float:
        """challenger / baseline on ``bases`` (the claim's own by default).

        Raises:
            Missing: naming a figure the registry does not have.
        """
        cb, bb = bases or self.bases
        return figure_on(self.challenger, self.quantity, cb) / figure_on(
            self.baseline, self.quantity, bb
        )

    def unsaid(self) -> tuple[str, ...]:
        """The attributes that matter for this quantity which the words leave unsaid."""
        return tuple(a for a in APPLIES[self.quantity] if a not in self.says)


def precisions(system: object) -> tuple[str, ...]:
    """The precisions ``system`` (a system, or its key or name) has a figure in: a peak of its
    chip (dense or sparse), or a measured result."""
    from .basis import PRECISIONS

    system = checks.system("system", system)
    found = []
    for p in PRECISIONS:
        has_peak = any(system.chip.peak(p, s) is not None for s in (False, True))
        has_run = any(k == p or k.startswith(f"{p}_") for k in system.measured)
        if has_peak or has_run:
            found.append(p)
    return tuple(found)


def _basis(name: str, value: object) -> Basis:
    if value is None:
        return Basis()
    if isinstance(value, Basis):
        return value
    if isinstance(value, Mapping):
        unknown = set(value) - set(ATTRIBUTES)
        if unknown:
            raise ValueError(f"{name} has {sorted(unknown)}; a basis has {list(ATTRIBUTES)}")
        try:
            return Basis(**value)
        except (TypeError, ValueError) as err:
            raise type(err)(f"{name}: {err}") from None
    raise TypeError(f"{name}={value!r} must be a Basis or a mapping of its fields")


def _check_precision(name: str, system: System, quantity_: str, basis: Basis) -> None:
    if quantity_ not in ("compute", "efficiency"):
        return
    have = precisions(system)
    if basis.precision not in have:
        raise ValueError(
            f"{name}_precision={basis.precision!r} is not a precision {system.name} has a "
            f"figure in; it has {list(have)}"
        )


def claim(
    challenger: object,
    baseline: object,
    quantity_: object,
    stated: object,
    challenger_basis: Basis | Mapping[str, object] | None = None,
    baseline_basis: Basis | Mapping[str, object] | None = None,
    says: Iterable[str] = (),
) -> Claim:
    """A :class:`Claim`, every field checked.

    Args:
        challenger, baseline: systems, or their keys or names.
        quantity_: one of :data:`~.basis.QUANTITIES`.
        stated: the stated ratio, as words (:func:`~.stated.read_stated`) or a number.
        challenger_basis, baseline_basis: what each side's figure counts (a :class:`Basis` or a
            mapping of its fields); the default basis (dense BF16 peak, HBM, both directions,
            bytes, decimal, per system) where omitted.
        says: the attributes the claim's words state.

    Raises:
        TypeError, ValueError: naming the field (``challenger``, ``baseline``, ``quantity``,
            ``stated``, ``challenger_precision``...) and what it accepts.
    """
    c = checks.system("challenger", challenger)
    b = checks.system("baseline", baseline)
    if c.key == b.key:
        raise ValueError(f"challenger and baseline are both {c.key!r}; compare two systems")
    q = check_quantity(quantity_, "quantity")
    s = stated if isinstance(stated, Stated) else read_stated(stated, "stated")
    cb = _basis("challenger_basis", challenger_basis)
    bb = _basis("baseline_basis", baseline_basis)
    _check_precision("challenger", c, q, cb)
    _check_precision("baseline", b, q, bb)
    said = frozenset(checks.one_of("says", a, ATTRIBUTES) for a in says)
    return Claim(c, b, q, s, (cb, bb), said)


__all__ = ["Claim", "Missing", "claim", "precisions"]
