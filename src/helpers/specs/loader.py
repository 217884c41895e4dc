"""A system from a file: :func:`load_system` registers what :mod:`.systemfile` reads (a
teacher's TOML file), and :func:`unload_system` takes it back out.

The registry remembers which file registered which system and figures, so that loading a file
again returns the same system, an edited file replaces what it loaded before, and no file can
take a key that the course or another file uses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .core import FIGURES, _clear_caches, register_figure, unregister_figures
from .hardware import Chip, Style, System, total
from .systemfile import PEAKS, SystemFile, read_system_file
from .systems import CHIPS, SYSTEMS, register_system


@dataclass(frozen=True)
class _Loaded:
    """What a file registered: where it is, the digest of its bytes, and the names it owns."""

    path: Path
    digest: str
    key: str
    chip_key: str
    names: tuple[str, ...]


#: The systems loaded from files, by system key.
_LOADED: dict[str, _Loaded] = {}


def load_system(path: str | os.PathLike[str]) -> System:
    """Read the system described in the TOML file ``path``, add it (with its chip and figures)
    to the registry of the running kernel, and return it. It then goes wherever the course takes
    a system (the object or its key), drawn with the next look of the shared palette.

    Loading the same file again returns the same system; an edited file replaces what it loaded
    before and keeps its look. ``docs/systems/hgx_b200.toml`` is an example, and the README's
    "Add a system from a file" explains each field. The file has three parts:

    - ``[sources.<KEY>]``: ``title``, ``date``, and ``url`` (or ``no_url``, why there is none)
      of each source the figures cite; a figure may also cite a source of the course by its key
      ("NV-NVLINK"). A source with a course source's key must copy it exactly.
    - ``[chip]``: ``key``, ``name``, ``maker`` (and ``word``, such as "GPU", and ``notes``),
      then one table per figure: peaks ``[chip.<precision>_dense]`` or ``_sparse`` (precisions
      ``fp64 fp32 tf32 bf16 fp16 fp8 fp6 fp4 int8``), ``hbm_capacity``, ``hbm_bandwidth``,
      ``scale_up_bandwidth``, ``scale_out_bandwidth``, ``power``, ``dies``. A figure left out is
      "not published", never guessed.
    - ``[system]``: ``key``, ``name``, ``kind`` (server, rack, supernode, pod, supercomputer),
      ``status`` (shipped or announced), ``date`` (YYYY-MM-DD, YYYY-MM or YYYY); optionally
      ``short``, ``also_known_as``, ``domain`` (chips in one scale-up domain) and ``notes``. Its
      figures ``[system.chips]`` (required), ``cpus``, ``racks``, ``power``, ``price``,
      ``cpu_memory``; the totals its sources quote, ``[system.quoted.<quantity>]`` (a peak or
      a chip's memory or link figure, times the chips); ``[system.scale_up]`` (``name``,
      ``medium``: copper, optics or mixed, ``link_key``, ``[system.scale_up.step_latency]``) and
      ``[system.topology]`` (``kind``: one_level, two_level_clos, torus or unpublished, and its
      counts as whole numbers).

    A figure's table has ``value``, the number and its unit as the source writes it ("2.5
    PFLOPS", "192 GB", "8 TB/s", "400 Gb/s", "1,200 W", "$3 million"; a count may be a bare
    number); a link bandwidth ends with "one" or "both", the directions it counts ("1.8 TB/s
    both"; a chip's is stored one way, half). Then ``source`` (a key), ``kind`` (vendor,
    measured, analyst, press, article, physics or assumption), and optionally ``quoted`` (the
    source's words, if they differ from ``value``), ``label``, ``note``, ``step`` (the rounding
    of a quoted total: by default one unit of its last written digit), ``low`` and ``high``
    (required, with a ``note``, for an assumption).

    The totals (chips x the chip's figure: ``<system key>.bf16_dense``, ``.hbm_capacity``,
    ``.hbm_bandwidth``, ``.scale_up_bandwidth`` counting both directions, every other peak) are
    derived and registered; the chip's figures are ``<chip key>.<quantity>``, the system's own
    ``<system key>.<quantity>``, its quoted totals ``<system key>.<quantity>_quoted``.

    Args:
        path: the file (a ``str`` or a :class:`pathlib.Path`).

    Returns:
        The registered :class:`~helpers.specs.System`.

    Raises:
        TypeError: if ``path`` is not a string or a path.
        ValueError: for a file that cannot be read or is not valid TOML (with the line), a
            missing or unknown field, an unknown unit or one of the wrong quantity (a bandwidth
            in GB), a value that is zero or negative, an unknown kind, status, direction or
            source, or a key or name that the course or another file uses. The message names
            the file, the dotted key in it and what is wrong: ``hgx.toml: chip.hbm_bandwidth.
            value: '8 TB' is in B, but this is a bandwidth in bytes or bits per second, ...``.
    """
    read = read_system_file(path)
    where = Path(path).resolve()
    earlier = next((d for d in _LOADED.values() if d.path == where), None)
    if earlier is not None and earlier.digest == read.digest and earlier.key in SYSTEMS:
        return SYSTEMS[earlier.key]
    _check_free(read, earlier)
    style = None
    if earlier is not None:
        style = SYSTEMS[earlier.key].style if earlier.key in SYSTEMS else None
        unload_system(earlier.key)
    system = _register(read, style)
    prefixes = (f"{system.key}.", f"{system.chip.key}.")
    names = tuple(n for n in FIGURES if n.startswith(prefixes))
    _LOADED[system.key] = _Loaded(where, read.digest, system.key, system.chip.key, names)
    return system


def unload_system(system: str | System) -> None:
    """Remove a system loaded from a file (its key or the object), with its chip and figures.

    Raises:
        TypeError: if ``system`` is not a key or a :class:`~helpers.specs.System`.
        ValueError: if it is not a system loaded from a file, listing those there are.
    """
    if not isinstance(system, str | System):
        raise TypeError(f"system={system!r} must be a System or its key (a str)")
    key = system if isinstance(system, str) else system.key
    if key not in _LOADED:
        keys = list(_LOADED)
        raise ValueError(f"system={key!r} is not a file-loaded System key; use one of {keys}")
    loaded = _LOADED.pop(key)
    SYSTEMS.pop(key, None)
    if all(s.chip.key != loaded.chip_key for s in SYSTEMS.values()):
        CHIPS.pop(loaded.chip_key, None)
    unregister_figures(loaded.names)


def _check_free(read: SystemFile, earlier: _Loaded | None) -> None:
    """Refuse a key or name that the course or another file (not ``earlier``, this one) uses."""
    mine = set(earlier.names) if earlier else set()
    ours = {earlier.key, earlier.chip_key} if earlier else set()
    owners = {k: d for k, d in _LOADED.items() if d is not earlier}
    for dotted, key in (("system.key", read.key), ("chip.key", read.chip["key"])):
        taken = [n for n in FIGURES if n.startswith(f"{key}.") and n not in mine]
        if ((key in SYSTEMS or key in CHIPS) and key not in ours) or taken:
            owner = next(
                (str(d.path) for d in owners.values() if key in (d.key, d.chip_key)), "the course"
            )
            shown = ", ".join(taken[:3]) or key
            raise ValueError(
                f"{read.path}: {dotted}: {key!r} is already used by {owner} "
                f"({shown}); give this one a key of its own"
            )
    wanted = {read.system["name"].lower(), read.system["short"].lower()}
    for other in SYSTEMS.values():
        clash = wanted & {other.key.lower(), other.short.lower(), other.name.lower()}
        if clash and other.key not in ours:
            raise ValueError(
                f"{read.path}: system.name: {clash.pop()!r} already names the "
                f"system {other.key!r}; choose another name or short"
            )


def _register(read: SystemFile, style: Style | None) -> System:
    """Register the figures of ``read``, build its chip and system (registering their totals)
    and add the system to the registry; on a failure, remove what was registered."""
    before = set(FIGURES)
    try:
        system = _build(read, style)
        registered = register_system(system)
    except (TypeError, ValueError) as err:  # not expected: read_system_file checked the file
        unregister_figures(set(FIGURES) - before)
        raise ValueError(f"{read.path}: could not be registered: {err}") from None
    _clear_caches()
    return registered


def _build(read: SystemFile, style: Style | None) -> System:
    figures = {q: register_figure(f) for q, f in read.chip_figures.items()}
    own = {q: register_figure(f) for q, f in read.system_figures.items()}
    quoted = {q: register_figure(f) for q, f in read.quoted.items()}
    scale_up = read.system.get("scale_up")
    if scale_up is not None and scale_up.step_latency is not None:
        register_figure(scale_up.step_latency)
    named = (
        "bf16_dense",
        "bf16_sparse",
        "fp8_dense",
        "hbm_capacity",
        "hbm_bandwidth",
        "scale_up_bandwidth",
        "scale_out_bandwidth",
        "power",
    )
    peaks = {q: f for q, f in figures.items() if q in PEAKS and q not in named}
    chip = Chip.build(
        **read.chip, **{q: figures.get(q) for q in named}, peaks=peaks, dies=figures.get("dies")
    )
    counts = {q: own.get(q) for q in ("cpus", "racks", "power", "price")}
    details = {k: v for k, v in read.system.items() if k not in ("key", "name", "short")}
    link = scale_up.name if scale_up is not None else "scale-up"
    system = System.build(
        key=read.key,
        name=read.system["name"],
        short=read.system["short"],
        chip=chip,
        chips=own["chips"],
        **counts,
        quoted=quoted,
        chip_word=chip.word,
        scale_up_link=link,
        cpu_memory=own.get("cpu_memory"),
        style=style,
        **details,
    )
    for quantity in PEAKS:  # every other peak, totalled as the NVL72's sparse and FP8 are
        per_chip = figures.get(quantity)
        if per_chip is not None and f"{read.key}.{quantity}" not in FIGURES:
            label = f"{system.short} {quantity.replace('_', ' ')}"
            total(read.key, quantity, system.chips, per_chip, label=label)
    return system
