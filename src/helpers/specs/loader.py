"""A system from a file: a teacher describes a system in TOML, with its chip, figures and
sources written as the sources write them ("2.5 PFLOPS", "1.8 TB/s both"), and
:func:`load_system` adds it to the registry of the running kernel.

The format is documented in the README ("Add a system from a file") and in :func:`load_system`;
``docs/systems/hgx_b200.toml`` is an example. Reading goes through :class:`_Reader`, which knows
the file and the dotted key it is at, so that every mistake is a ``ValueError`` saying the
file, the key and what is wrong.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any, get_args

from .core import FIGURES, KINDS, Figure, Source, _clear_caches, register_figure, unregister_figures
from .hardware import TOPOLOGY_KINDS, Chip, ScaleUp, System, SystemKind, Topology, total
from .sources import SOURCES
from .systems import CHIPS, SYSTEMS, register_system
from .units import SCALE_WORDS, parse_quantity

#: Precisions a chip's peak may be given in: ``<precision>_dense`` or ``<precision>_sparse``.
PRECISIONS = ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8")
#: A chip's figures other than its peaks, with the base unit each is measured in.
CHIP_FIGURES = {
    "hbm_capacity": "B",
    "hbm_bandwidth": "B/s",
    "scale_up_bandwidth": "B/s",
    "scale_out_bandwidth": "B/s",
    "power": "W",
    "dies": "1",
}
#: A system's own figures, with their base units (``chips`` is required).
SYSTEM_FIGURES = {
    "chips": "1",
    "cpus": "1",
    "racks": "1",
    "power": "W",
    "price": "USD",
    "cpu_memory": "B",
}
#: Totals a source may quote for the whole system (besides any peak), with their base units.
QUOTED_TOTALS = {
    "hbm_capacity": "B",
    "hbm_bandwidth": "B/s",
    "scale_up_bandwidth": "B/s",
    "scale_out_bandwidth": "B/s",
}
#: Figures that must say whether they count one direction or both; figures that are counts.
LINKS = ("scale_up_bandwidth", "scale_out_bandwidth")
COUNTS = ("chips", "cpus", "racks", "dies")
#: The fields of a figure's table.
FIGURE_FIELDS = (
    "value",
    "source",
    "kind",
    "quoted",
    "label",
    "direction",
    "step",
    "low",
    "high",
    "note",
)
#: The values a system's ``kind`` and ``status`` may take.
SYSTEM_KINDS: tuple[str, ...] = get_args(SystemKind)
STATUSES = ("shipped", "announced")
MEDIA = ("copper", "optics", "mixed")

_KEY = re.compile(r"[a-z][a-z0-9_]*")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_DIRECTION = re.compile(
    r"\s+(both directions|both ways|both|bidirectional|one direction|one way|each way|one)$"
)
_HOW = {
    "B": "a size in bytes, such as '192 GB'",
    "B/s": "a bandwidth in bytes or bits per second, such as '8 TB/s' or '400 Gb/s'",
    "FLOP/s": "a compute rate, such as '2.5 PFLOPS'",
    "W": "a power, such as '1,200 W'",
    "USD": "a price in US dollars, such as '$3 million'",
    "s": "a time, such as '1 us'",
    "1": "a count, such as '8'",
}
_WORDS = {
    "hbm_capacity": "HBM capacity",
    "hbm_bandwidth": "HBM bandwidth",
    "scale_up_bandwidth": "scale-up bandwidth",
    "scale_out_bandwidth": "scale-out bandwidth",
    "power": "power",
    "dies": "dies per package",
    "cpus": "CPUs",
    "racks": "racks",
    "price": "price",
    "cpu_memory": "memory attached to CPUs",
    "step_latency": "scale-up step latency",
}


def toml_module() -> ModuleType:
    """The TOML reader: the standard library's ``tomllib`` (Python 3.11 and later), else
    ``tomli``, its backport (a dependency of the course on Python 3.10)."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli

    return tomli


@dataclass(frozen=True)
class _Loaded:
    """What a file registered: where it is, a digest of its bytes, and the names it owns."""

    path: Path
    digest: str
    key: str
    chip_key: str
    names: tuple[str, ...]


#: The systems loaded from files, by system key.
_LOADED: dict[str, _Loaded] = {}


def load_system(path: str | os.PathLike[str]) -> System:
    """Read the system described in the TOML file ``path``, add it (with its chip and figures)
    to the registry of the running kernel, and return it: it then goes wherever the course takes
    a system (by object or by key), with the next look of the shared palette.

    Loading the same file again returns the same system (an edited file replaces what it loaded
    before, keeping its look). The file has three parts (``docs/systems/hgx_b200.toml`` is an
    example; the README's "Add a system from a file" explains each field):

    - ``[sources.<KEY>]``: ``title``, ``date``, and ``url`` (or ``no_url``, the reason there is
      none), for each source the figures cite; a figure may also cite a source of the course by
      its key (``"NV-NVLINK"``);
    - ``[chip]``: ``key``, ``name``, ``maker`` (and ``word``, ``notes``), then one table per
      figure: ``[chip.bf16_dense]`` and any peak ``<precision>_<dense|sparse>`` (precisions
      :data:`PRECISIONS`) and :data:`CHIP_FIGURES`;
    - ``[system]``: ``key``, ``name``, ``kind`` (:data:`SYSTEM_KINDS`), ``status`` ("shipped" or
      "announced"), ``date`` (and ``short``, ``also_known_as``, ``domain``, ``notes``), its
      figures (``[system.chips]`` and :data:`SYSTEM_FIGURES`), the totals its sources quote
      (``[system.quoted.<quantity>]``), and optionally ``[system.scale_up]`` (``name``,
      ``medium``, ``link_key``, ``[system.scale_up.step_latency]``) and ``[system.topology]``
      (``kind`` and its counts).

    A figure's table has ``value`` (a number and its unit as the source writes it: "2.5 PFLOPS",
    "192 GB", "1,200 W"; a link bandwidth ends with "one" or "both" for the directions it counts;
    a count may be a bare number), ``source`` (a key), ``kind`` (one of :data:`KINDS` but
    "derived"), and optionally ``quoted`` (the source's words), ``label``, ``note``, ``step``
    (the rounding of a quoted total; by default its last written digit), ``low`` and ``high``
    (required, with a ``note``, for an assumption). A link bandwidth of the chip quoted for both
    directions is stored one way (half), as the course stores every chip's links.

    Args:
        path: the file (a ``str`` or a path).

    Returns:
        The registered :class:`~helpers.specs.System`; its totals (chips x per-chip figure) are
        registered as ``<system key>.<quantity>``, the chip's figures as ``<chip key>.<quantity>``.

    Raises:
        TypeError: if ``path`` is not a string or a path.
        ValueError: for a file that cannot be read or is not valid TOML (with its line), a
            missing or unknown field, an unknown unit or one of the wrong quantity (a bandwidth in
            GB), a value that is zero or negative, an unknown kind, status, direction or source,
            or a key that the course or another file already uses; the message names the file,
            the dotted key in it and what is wrong.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"path={path!r} must be a str or a path (pathlib.Path), not a {type(path).__name__}"
        )
    file = Path(path)
    data, digest = _read(file)
    where = file.resolve()
    earlier = next((d for d in _LOADED.values() if d.path == where), None)
    if earlier is not None and earlier.digest == digest and earlier.key in SYSTEMS:
        return SYSTEMS[earlier.key]
    plan = _Reader(str(path), data).plan(earlier)
    style = None
    if earlier is not None:
        style = SYSTEMS[earlier.key].style if earlier.key in SYSTEMS else None
        unload_system(earlier.key)
    system = _register(plan, style)
    names = tuple(n for n in FIGURES if n.startswith((f"{plan.key}.", f"{plan.chip['key']}.")))
    _LOADED[system.key] = _Loaded(where, digest, system.key, system.chip.key, names)
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
        raise ValueError(
            f"system={key!r} was not loaded from a file; systems loaded from files: {list(_LOADED)}"
        )
    loaded = _LOADED.pop(key)
    SYSTEMS.pop(key, None)
    if all(s.chip.key != loaded.chip_key for s in SYSTEMS.values()):
        CHIPS.pop(loaded.chip_key, None)
    unregister_figures(loaded.names)


def _read(file: Path) -> tuple[dict[str, Any], str]:
    """The TOML table of ``file`` and a digest of its bytes."""
    try:
        raw = file.read_bytes()
        text = raw.decode("utf-8")
    except OSError as err:
        raise ValueError(f"{file}: cannot be read ({err.strerror or err})") from None
    except UnicodeDecodeError:
        raise ValueError(f"{file}: is not UTF-8 text (save it as UTF-8)") from None
    toml = toml_module()
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as err:
        raise ValueError(f"{file}: is not valid TOML: {err}") from None
    return data, hashlib.sha256(raw).hexdigest()


@dataclass
class _Plan:
    """A file read and checked, not yet registered."""

    key: str
    chip: dict[str, Any]
    chip_figures: dict[str, Figure]
    system: dict[str, Any]
    system_figures: dict[str, Figure]
    quoted: dict[str, Figure]


class _Reader:
    """Reads the TOML table of one file, raising ``ValueError`` at the first mistake with the
    file, the dotted key and what is wrong."""

    def __init__(self, file: str, data: dict[str, Any]) -> None:
        self.file = file
        self.data = data
        self.sources: dict[str, Source] = {}

    def fail(self, key: str, what: str) -> ValueError:
        return ValueError(f"{self.file}: {key}: {what}")

    # Tables and plain fields ------------------------------------------------------------------
    def table(self, parent: dict[str, Any], key: str, name: str, fields: tuple[str, ...] = ()):
        """``parent[name]`` as a table (required); with ``fields``, only those may appear."""
        dotted = f"{key}.{name}" if key else name
        if name not in parent:
            raise self.fail(dotted, "missing (a table such as [" + dotted + "])")
        value = parent[name]
        if not isinstance(value, dict):
            raise self.fail(dotted, f"must be a table ([{dotted}]), not {value!r}")
        if fields:
            self.known(value, dotted, fields)
        return value

    def known(self, table: dict[str, Any], key: str, fields: tuple[str, ...] | list[str]) -> None:
        for name in table:
            if name not in fields:
                raise self.fail(
                    f"{key}.{name}" if key else name,
                    f"unknown field; the fields here are {', '.join(fields)}",
                )

    def text(self, table: dict[str, Any], key: str, name: str, default: str | None = None) -> str:
        """``table[name]``, a non-empty string (a TOML date is read as ``YYYY-MM-DD``)."""
        value = table.get(name, default)
        if value is None:
            raise self.fail(f"{key}.{name}", "missing")
        if isinstance(value, date):
            value = value.isoformat()
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key}.{name}", f"must be a non-empty text in quotes, not {value!r}")
        return value.strip()

    def choice(self, table: dict[str, Any], key: str, name: str, allowed: tuple[str, ...]) -> str:
        value = self.text(table, key, name)
        if value not in allowed:
            raise self.fail(f"{key}.{name}", f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def texts(self, table: dict[str, Any], key: str, name: str) -> tuple[str, ...]:
        """``table[name]``: a text or a list of texts (none when absent)."""
        value = table.get(name, [])
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise self.fail(f"{key}.{name}", f"must be a text or a list of texts, not {value!r}")
        return tuple(v.strip() for v in items if v.strip())

    def key_of(self, table: dict[str, Any], key: str) -> str:
        value = self.text(table, key, "key")
        if not _KEY.fullmatch(value):
            raise self.fail(
                f"{key}.key",
                f"{value!r} must be lower-case letters, digits and _, "
                "starting with a letter (such as 'hgx_b200_8')",
            )
        return value

    # Sources and figures ----------------------------------------------------------------------
    def read_sources(self) -> None:
        for skey, table in self.data.get("sources", {}).items():
            dotted = f"sources.{skey}"
            table = self.table(
                self.data["sources"], "sources", skey, ("title", "url", "no_url", "date")
            )
            url = table.get("url")
            if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
                raise self.fail(f"{dotted}.url", f"{url!r} must be an address starting https://")
            if url is None and "no_url" not in table:
                raise self.fail(f"{dotted}.url", "missing (or no_url: why there is none)")
            no_url = "" if url else self.text(table, dotted, "no_url")
            source = Source(
                skey,
                self.text(table, dotted, "title"),
                url,
                self.text(table, dotted, "date"),
                no_url,
            )
            if skey in SOURCES and SOURCES[skey] != source:
                raise self.fail(
                    dotted,
                    f"differs from the course's source {skey!r} "
                    f"({SOURCES[skey].cite()}); copy it exactly, leave it out to "
                    "cite the course's, or give yours another key",
                )
            self.sources[skey] = SOURCES.get(skey, source)

    def source(self, table: dict[str, Any], key: str) -> Source:
        skey = self.text(table, key, "source")
        if skey in self.sources:
            return self.sources[skey]
        if skey in SOURCES:
            return SOURCES[skey]
        raise self.fail(
            f"{key}.source",
            f"{skey!r} is not a source of this file "
            f"({', '.join(self.sources) or 'none'}) nor of the course",
        )

    def amount(self, value: object, key: str, base: str) -> tuple[float, str]:
        """A value with its unit, in ``base``; a bare number only for a count. Returns the value
        and the text it was read from."""
        how = _HOW.get(base, f"in {base}")
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(key, f"must be {how}, not {value!r}")
        if not isinstance(value, str):
            if base != "1":
                raise self.fail(key, f"{value!r} has no unit: write {how}")
            return float(value), str(value)
        try:
            number, unit = parse_quantity(value)
        except ValueError as err:
            raise self.fail(key, str(err).removeprefix("text=")) from None
        if unit != base:
            raise self.fail(key, f"{value!r} is in {unit}, but this is {how}")
        return number, value

    def figure(self, table: dict[str, Any], key: str, name: str, base: str, label: str) -> Figure:
        """The figure of the table at ``key``, named ``name``, in ``base`` (not registered)."""
        self.known(table, key, FIGURE_FIELDS)
        quantity = key.rsplit(".", 1)[-1]
        raw = table.get("value")
        if raw is None:
            raise self.fail(f"{key}.value", f"missing: the figure, {_HOW.get(base, base)}")
        direction = table.get("direction")
        if isinstance(raw, str) and (m := _DIRECTION.search(raw)):
            said = (
                "both"
                if m.group(1) in ("both", "both ways", "both directions", "bidirectional")
                else "one"
            )
            if direction is not None and direction != said:
                raise self.fail(f"{key}.direction", f"{direction!r} but the value says {said!r}")
            direction, raw = said, raw[: m.start()]
        value, written = self.amount(raw, f"{key}.value", base)
        if not value > 0:
            raise self.fail(f"{key}.value", f"{written!r} must be above zero")
        if quantity in COUNTS and not value.is_integer():
            raise self.fail(f"{key}.value", f"{written!r} must be a whole number")
        if quantity in LINKS:
            if direction not in ("one", "both"):
                raise self.fail(
                    f"{key}.direction",
                    f"{direction!r} is not 'one' or 'both'; say "
                    "which directions the source counts ('1.8 TB/s both')",
                )
        elif direction is not None:
            raise self.fail(f"{key}.direction", "only a link bandwidth counts directions")
        kind = self.choice(table, key, "kind", tuple(k for k in KINDS if k != "derived"))
        details: dict[str, Any] = {
            "label": self.text(table, key, "label", label),
            "quoted": self.text(
                table,
                key,
                "quoted",
                table["value"] if isinstance(table["value"], str) else str(table["value"]),
            ),
            "note": self.text(table, key, "note", "") if "note" in table else "",
            "direction": direction,
        }
        if "step" in table:
            details["step"] = self.amount(table["step"], f"{key}.step", base)[0]
            if not details["step"] > 0:
                raise self.fail(f"{key}.step", "must be above zero")
        for bound in ("low", "high"):
            if bound in table:
                details[bound] = self.amount(table[bound], f"{key}.{bound}", base)[0]
                if not details[bound] > 0:
                    raise self.fail(f"{key}.{bound}", "must be above zero")
        if kind == "assumption":
            for needed in ("low", "high", "note"):
                if needed not in table:
                    raise self.fail(
                        f"{key}.{needed}",
                        "missing: an assumption gives its range (low, high) and why (note)",
                    )
        low, high = details.get("low", value), details.get("high", value)
        if not low <= value <= high:
            raise self.fail(key, f"value {written!r} must lie between low and high")
        return Figure(name, value, base, kind, self.source(table, key), **details)

    # The chip and the system ------------------------------------------------------------------
    def read_chip(self) -> tuple[dict[str, Any], dict[str, Figure]]:
        peaks = [f"{p}_{d}" for p in PRECISIONS for d in ("dense", "sparse")]
        allowed = ("key", "name", "maker", "word", "notes", *peaks, *CHIP_FIGURES)
        table = self.table(self.data, "", "chip", allowed)
        chip = {
            "key": self.key_of(table, "chip"),
            "name": self.text(table, "chip", "name"),
            "maker": self.text(table, "chip", "maker"),
            "word": self.text(table, "chip", "word", "chip"),
            "notes": self.texts(table, "chip", "notes"),
        }
        figures = {}
        for quantity in (*peaks, *CHIP_FIGURES):
            if quantity in table:
                ftable = self.table(table, "chip", quantity)
                label = f"{chip['name']} {_words(quantity)}"
                figures[quantity] = self.figure(
                    ftable,
                    f"chip.{quantity}",
                    f"{chip['key']}.{quantity}",
                    CHIP_FIGURES.get(quantity, "FLOP/s"),
                    label,
                )
        for quantity in LINKS:
            fig = figures.get(quantity)
            if fig is not None and fig.direction == "both":
                note = "The source counts both directions; the course stores one way (half)."
                figures[quantity] = Figure(
                    **{
                        **vars(fig),
                        "value": fig.value / 2,
                        "direction": "one",
                        "note": f"{fig.note} {note}".strip(),
                    }
                )
        return chip, figures

    def read_system(self, chip: dict[str, Any], chip_figures: dict[str, Figure]) -> _Plan:
        allowed = (
            "key",
            "name",
            "short",
            "kind",
            "status",
            "date",
            "also_known_as",
            "domain",
            "notes",
            "quoted",
            "scale_up",
            "topology",
            *SYSTEM_FIGURES,
        )
        table = self.table(self.data, "", "system", allowed)
        key = self.key_of(table, "system")
        name = self.text(table, "system", "name")
        system = {
            "key": key,
            "name": name,
            "short": self.text(table, "system", "short", name),
            "kind": self.choice(table, "system", "kind", SYSTEM_KINDS),
            "status": self.choice(table, "system", "status", STATUSES),
            "date": self.text(table, "system", "date"),
            "also_known_as": self.texts(table, "system", "also_known_as"),
            "notes": self.texts(table, "system", "notes"),
        }
        if not _DATE.fullmatch(system["date"]):
            raise self.fail(
                "system.date", f"{system['date']!r} must be YYYY-MM-DD, YYYY-MM or YYYY"
            )
        self.table(table, "system", "chips")
        figures = {}
        for quantity in SYSTEM_FIGURES:
            if quantity in table:
                ftable = self.table(table, "system", quantity)
                words = f"{chip['word']}s" if quantity == "chips" else _words(quantity)
                figures[quantity] = self.figure(
                    ftable,
                    f"system.{quantity}",
                    f"{key}.{quantity}",
                    SYSTEM_FIGURES[quantity],
                    f"{system['short']} {words}",
                )
        if "domain" in table:
            domain = table["domain"]
            if isinstance(domain, bool) or not isinstance(domain, int):
                raise self.fail("system.domain", f"must be a whole number of chips, not {domain!r}")
            if not 1 <= domain <= figures["chips"].value:
                raise self.fail("system.domain", f"{domain} must be between 1 and the chips")
            system["domain"] = domain
        quoted = self.read_quoted(table, system, chip_figures)
        if "scale_up" in table:
            system["scale_up"] = self.read_scale_up(table, system)
        if "topology" in table:
            system["topology"] = self.read_topology(table)
        return _Plan(key, chip, chip_figures, system, figures, quoted)

    def read_quoted(
        self, table: dict[str, Any], system: dict[str, Any], chip_figures: dict[str, Figure]
    ) -> dict[str, Figure]:
        quoted = {}
        peaks = [f"{p}_{d}" for p in PRECISIONS for d in ("dense", "sparse")]
        totals = (*peaks, *QUOTED_TOTALS)
        tables = table.get("quoted", {})
        if not isinstance(tables, dict):
            raise self.fail("system.quoted", "must be tables such as [system.quoted.hbm_capacity]")
        self.known(tables, "system.quoted", totals)
        for quantity, ftable in tables.items():
            dotted = f"system.quoted.{quantity}"
            ftable = self.table(tables, "system.quoted", quantity)
            if quantity not in chip_figures:
                raise self.fail(
                    dotted, f"a quoted total needs the chip's figure: add [chip.{quantity}]"
                )
            fig = self.figure(
                ftable,
                dotted,
                f"{system['key']}.{quantity}_quoted",
                QUOTED_TOTALS.get(quantity, "FLOP/s"),
                f"{system['short']} {_words(quantity)} (as quoted)",
            )
            if "step" not in ftable:
                fig = Figure(**{**vars(fig), "step": _last_digit(ftable["value"], fig.value)})
            quoted[quantity] = fig
        return quoted

    def read_scale_up(self, table: dict[str, Any], system: dict[str, Any]) -> ScaleUp:
        fields = ("name", "medium", "link_key", "step_latency")
        link = self.table(table, "system", "scale_up", fields)
        latency = None
        if "step_latency" in link:
            latency = self.figure(
                self.table(link, "system.scale_up", "step_latency"),
                "system.scale_up.step_latency",
                f"{system['key']}.step_latency",
                "s",
                f"{system['short']} {_words('step_latency')}",
            )
        return ScaleUp(
            self.text(link, "system.scale_up", "name"),
            self.choice(link, "system.scale_up", "medium", MEDIA),
            latency,
            self.text(link, "system.scale_up", "link_key", ""),
        )

    def read_topology(self, table: dict[str, Any]) -> Topology:
        shape = self.table(table, "system", "topology")
        kind = self.choice(shape, "system.topology", "kind", TOPOLOGY_KINDS)
        params = {}
        for name, value in shape.items():
            if name == "kind":
                continue
            items = value if isinstance(value, list) else [value]
            if not items or not all(
                isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in items
            ):
                raise self.fail(
                    f"system.topology.{name}",
                    f"must be a whole number above zero (or a list of them), not {value!r}",
                )
            params[name] = tuple(value) if isinstance(value, list) else value
        return Topology(kind, params)

    def plan(self, earlier: _Loaded | None) -> _Plan:
        """The file read and checked against the registry (``earlier``: what this same file
        loaded before, which it may replace)."""
        self.known(self.data, "", ("sources", "chip", "system"))
        if not isinstance(self.data.get("sources", {}), dict):
            raise self.fail("sources", "must be tables such as [sources.NV-DATASHEET]")
        self.read_sources()
        chip, chip_figures = self.read_chip()
        plan = self.read_system(chip, chip_figures)
        self.check_free(plan, earlier)
        return plan

    def check_free(self, plan: _Plan, earlier: _Loaded | None) -> None:
        """Refuse keys and names that the course or another file already uses."""
        mine = set(earlier.names) if earlier else set()
        owners = {d.key: d.path for d in _LOADED.values() if d is not earlier}
        if plan.chip["key"] == plan.key:
            raise self.fail("chip.key", "must differ from system.key")
        for dotted, key, registry in (
            ("system.key", plan.key, SYSTEMS),
            ("chip.key", plan.chip["key"], CHIPS),
        ):
            taken = [n for n in FIGURES if n.startswith(f"{key}.") and n not in mine]
            ours = earlier is not None and key in (earlier.key, earlier.chip_key)
            if (key in registry and not ours) or taken:
                owner = next(
                    (str(p) for k, p in owners.items() if key in (k, _LOADED[k].chip_key)),
                    "the course",
                )
                raise self.fail(
                    dotted,
                    f"{key!r} is already used by {owner} (figures "
                    f"{', '.join(taken[:3]) or key}); give this one a key of its own",
                )
        wanted = {plan.system["name"].lower(), plan.system["short"].lower()}
        for other in SYSTEMS.values():
            if earlier is not None and other.key == earlier.key:
                continue
            names = {other.key.lower(), other.short.lower(), other.name.lower()}
            if wanted & names:
                raise self.fail(
                    "system.name",
                    f"{sorted(wanted & names)[0]!r} already names "
                    f"the system {other.key!r}; choose another name or short",
                )


def _words(quantity: str) -> str:
    """A figure's quantity in words: "fp8_dense" -> "dense FP8", "hbm_capacity" -> "HBM
    capacity"."""
    precision, _, density = quantity.rpartition("_")
    if precision in PRECISIONS:
        return (
            f"dense {precision.upper()}"
            if density == "dense"
            else f"{precision.upper()} with sparsity"
        )
    return _WORDS.get(quantity, quantity.replace("_", " "))


def _last_digit(written: object, value: float) -> float:
    """The rounding step of a quoted value: one unit of its last written digit ("13.8 TB":
    0.1 TB, "130 TB/s": 1 TB/s)."""
    digits = re.search(r"\d[\d,_]*(\.\d+)?", str(written))
    if digits is None:
        return 0.0
    number = float(re.sub(r"[,_]", "", digits.group()))
    scale = next((f for w, f in SCALE_WORDS.items() if w in str(written)), 1.0)
    decimals = len(digits.group(1) or ".") - 1
    return value / (number * scale) * scale * 10.0**-decimals if number else 0.0


def _register(plan: _Plan, style: Any) -> System:
    """Register the figures of ``plan``, build its chip and system, and add the system to the
    registry; on an unexpected failure, remove what was registered and raise ``ValueError``."""
    before = set(FIGURES)
    try:
        chip_figures = {q: register_figure(f) for q, f in plan.chip_figures.items()}
        system_figures = {q: register_figure(f) for q, f in plan.system_figures.items()}
        quoted = {q: register_figure(f) for q, f in plan.quoted.items()}
        scale_up = plan.system.get("scale_up")
        if scale_up is not None and scale_up.step_latency is not None:
            register_figure(scale_up.step_latency)
        named = {q: chip_figures.pop(q, None) for q in ("bf16_dense", "bf16_sparse", "fp8_dense")}
        peaks = {q: chip_figures.pop(q) for q in list(chip_figures) if q not in CHIP_FIGURES}
        chip = Chip.build(
            key=plan.chip["key"],
            name=plan.chip["name"],
            maker=plan.chip["maker"],
            **named,
            **{q: chip_figures.get(q) for q in CHIP_FIGURES if q != "dies"},
            notes=plan.chip["notes"],
            peaks=peaks,
            dies=chip_figures.get("dies"),
            word=plan.chip["word"],
        )
        details = {k: v for k, v in plan.system.items() if k not in ("key", "name", "short")}
        system = System.build(
            key=plan.key,
            name=plan.system["name"],
            short=plan.system["short"],
            chip=chip,
            **{q: system_figures.get(q) for q in SYSTEM_FIGURES if q != "cpu_memory"},
            cpu_memory=system_figures.get("cpu_memory"),
            quoted=quoted,
            chip_word=chip.word,
            style=style,
            **details,
        )
        for quantity in quoted:
            if f"{plan.key}.{quantity}" not in FIGURES:
                total(
                    plan.key,
                    quantity,
                    system.chips,
                    chip.peak(*_precision(quantity)),
                    label=f"{system.short} {_words(quantity)}",
                )
        registered = register_system(system)
    except (TypeError, ValueError) as err:
        unregister_figures(set(FIGURES) - before)
        raise ValueError(f"{plan.key}: could not be registered: {err}") from None
    _clear_caches()
    return registered


def _precision(quantity: str) -> tuple[str, bool]:
    precision, _, density = quantity.rpartition("_")
    return precision, density == "sparse"
