"""The systems, one module each (:mod:`.cm384`, :mod:`.nvl72`): :data:`SYSTEMS`, :data:`CHIPS`
and :func:`system`, which finds one by its key or name.
"""

from __future__ import annotations

from ..hardware import Chip, System
from .cm384 import ASCEND_910C, CM384
from .nvl72 import B200, NVL72

#: The two systems the article compares, CM384 first.
SYSTEMS: tuple[System, System] = (CM384, NVL72)
#: Their chips, in the same order.
CHIPS: tuple[Chip, Chip] = (ASCEND_910C, B200)


def system(key: str) -> System:
    """The system called ``key`` ("cm384" or "nvl72")."""
    for s in SYSTEMS:
        if key in (s.key, s.short, s.name):
            return s
    raise ValueError(f"key={key!r} is not a system; use one of {[s.key for s in SYSTEMS]}")
