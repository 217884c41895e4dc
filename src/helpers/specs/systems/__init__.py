"""The registry of systems, one module each (:mod:`.cm384`, :mod:`.nvl72`...).

:data:`SYSTEMS` maps a key to its :class:`~helpers.specs.System`: the article's two first, then
the systems announced after it in the order they were announced (:mod:`.gb300_nvl72` and
:mod:`.vr_nvl72` at GTC 2025, :mod:`.ironwood_pod`, :mod:`.helios`, :mod:`.atlas950`), then
:mod:`.el_capitan`, a supercomputer kept as the reference that is not a rack (Google's Ironwood
pod was compared with it). :data:`CHIPS` maps a key to its chip;
:data:`ARTICLE_PAIR` is the article's comparison, the CloudMatrix 384 against the GB200 NVL72.
:func:`register_system` adds a system (a module of this package, or a teacher's file through
:func:`helpers.specs.load_system`) and gives it a look of the shared palette if it has none.
"""

from __future__ import annotations

from dataclasses import replace

from ..hardware import Chip, Comparison, System
from ..sources import ARTICLE
from ..styles import look
from .atlas950 import ASCEND_950DT, ATLAS950
from .cm384 import ASCEND_910C, CM384
from .el_capitan import EL_CAPITAN, MI300A
from .gb300_nvl72 import B300, GB300_NVL72
from .helios import HELIOS, MI455X
from .ironwood_pod import IRONWOOD, IRONWOOD_POD
from .nvl72 import B200, NVL72
from .vr_nvl72 import RUBIN, VR_NVL72

#: Every system of the course by key: the article's two first.
SYSTEMS: dict[str, System] = {}
#: Every chip of those systems by key.
CHIPS: dict[str, Chip] = {}


def register_system(record: System) -> System:
    """Add ``record`` (a system, and its chip) to the registry and return it as registered:
    with the next look of the palette if it has none. Registering a system again under its key
    replaces it (a teacher's file loaded twice), keeping its look."""
    if not isinstance(record, System):
        raise TypeError(f"record={record!r} must be a System")
    if record.style is None:
        earlier = SYSTEMS.get(record.key)
        others = [k for k in SYSTEMS if k not in ("cm384", "nvl72") and k != record.key]
        style = earlier.style if earlier is not None else look(len(others))
        record = replace(record, style=style)
    SYSTEMS[record.key] = record
    CHIPS[record.chip.key] = record.chip
    return record


for _system in (CM384, NVL72, GB300_NVL72, VR_NVL72, IRONWOOD_POD, HELIOS, ATLAS950, EL_CAPITAN):
    register_system(_system)

#: The article's comparison: the CloudMatrix 384 (its champion) against the GB200 NVL72.
ARTICLE_PAIR = Comparison(challenger=CM384, baseline=NVL72, source=ARTICLE)


def system(key: str) -> System:
    """The system called ``key`` (its key, short name, name or a name it was also known by,
    such as "Vera Rubin NVL144"; any case)."""
    wanted = str(key).strip().lower()
    for s in SYSTEMS.values():
        if wanted in (
            s.key.lower(),
            s.short.lower(),
            s.name.lower(),
            *map(str.lower, s.also_known_as),
        ):
            return s
    raise ValueError(f"key={key!r} is not a system; use one of {list(SYSTEMS)}")


__all__ = [
    "ARTICLE_PAIR",
    "ASCEND_910C",
    "ASCEND_950DT",
    "ATLAS950",
    "B200",
    "B300",
    "CHIPS",
    "CM384",
    "EL_CAPITAN",
    "GB300_NVL72",
    "HELIOS",
    "IRONWOOD",
    "IRONWOOD_POD",
    "MI300A",
    "MI455X",
    "NVL72",
    "RUBIN",
    "SYSTEMS",
    "VR_NVL72",
    "register_system",
    "system",
]
