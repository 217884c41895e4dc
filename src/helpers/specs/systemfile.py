"""The format of a system file, and its reader: a teacher's TOML file, checked and turned into
figures (not registered) and the fields of a chip and a system.

The format is documented in the README ("Add a system from a file") and in
:func:`helpers.specs.load_system`, which registers what :func:`read_system_file` reads;
``docs/systems/hgx_b200.toml`` is an example. Every mistake is a ``ValueError`` that says the
file, the dotted key in it (``chip.hbm_bandwidth.value``) and what is wrong.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any, get_args

from .core import KINDS, Figure, Source
from .hardware import TOPOLOGY_KINDS, ScaleUp, SystemKind, Topology
from .sources import SOURCES
from .units import parse_quantity

#: Precisions a peak may be given in, and the peaks: ``<precision>_dense`` or ``_sparse``.
PRECISIONS = ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8")
PEAKS = tuple(f"{p}_{d}" for p in PRECISIONS for d in ("dense", "sparse"))
_LINKS = {"scale_up_bandwidth": "B/s", "scale_out_bandwidth": "B/s"}
_MEMORY = {"hbm_capacity": "B", "hbm_bandwidth": "B/s"}
#: The figures a file may give, with the base unit of each: a chip's, a system's own (``chips``
#: required) and the totals a source quotes for the whole system.
CHIP_FIGURES = dict.fromkeys(PEAKS, "FLOP/s") | _MEMORY | _LINKS | {"power": "W", "dies": "1"}
SYSTEM_FIGURES = {
    "chips": "1",
    "cpus": "1",
    "racks": "1",
    "power": "W",
    "price": "USD",
    "cpu_memory": "B",
}
QUOTED_TOTALS = dict.fromkeys(PEAKS, "FLOP/s") | _MEMORY | _LINKS
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
#: What a system's ``kind``, ``status`` and scale-up ``medium`` may be.
SYSTEM_KINDS: tuple[str, ...] = get_args(SystemKind)
STATUSES = ("shipped", "announced")
MEDIA = ("copper", "optics", "mixed")

_KEY = re.compile(r"[a-z][a-z0-9_]*")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_BOTH = ("both", "both directions", "both ways", "bidirectional")
_DIRECTION = re.compile(rf"\s+({'|'.join(_BOTH)}|one direction|one way|each way|one)$")
#: What each base unit measures, and how a source writes one.
_HOW = {
    "B": ("a size in bytes", "'192 GB'"),
    "B/s": ("a bandwidth in bytes or bits per second", "'8 TB/s' or '400 Gb/s'"),
    "FLOP/s": ("a compute rate", "'2.5 PFLOPS'"),
    "W": ("a power", "'1,200 W'"),
    "USD": ("a price in US dollars", "'$3 million'"),
    "s": ("a time", "'1 us'"),
    "1": ("a count", "8"),
}
_WORDS = {
    "hbm_capacity": "HBM capacity",
    "hbm_bandwidth": "HBM bandwidth",
    "scale_up_bandwidth": "scale-up bandwidth",
    "scale_out_bandwidth": "scale-out bandwidth",
    "dies": "dies per package",
    "cpus": "CPUs",
    "cpu_memory": "memory attached to CPUs",
    "step_latency": "scale-up step latency",
}
_HALVED = "The source counts both directions; the course stores a chip's links one way (half)."


def toml_module() -> ModuleType:
    """The TOML reader: the standard library's ``tomllib`` (Python 3.11 and later), else
    ``tomli``, its backport (a dependency of the course on Python 3.10)."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli

    return tomli


@dataclass(frozen=True)
class SystemFile:
    """A system file read and checked, nothing registered.

    Attributes:
        path: the file as given; ``digest``: SHA-256 of its bytes (to tell an edit).
        chip: ``key``, ``name``, ``maker``, ``word`` and ``notes`` of the chip.
        chip_figures: the chip's figures by quantity (links one way), named ``<chip>.<quantity>``.
        system: ``key``, ``name``, ``short`` and the details of the system (``kind``, ``status``,
            ``date``, ``also_known_as``, ``notes``, and ``domain``, ``scale_up``, ``topology``
            where the file gives them).
        system_figures: the system's own figures (``chips``...), named ``<system>.<quantity>``.
        quoted: the totals its sources quote, named ``<system>.<quantity>_quoted``.
    """

    path: str
    digest: str
    chip: dict[str, Any]
    chip_figures: dict[str, Figure]
    system: dict[str, Any]
    system_figures: dict[str, Figure]
    quoted: dict[str, Figure]

    @property
    def key(self) -> str:
        return self.system["key"]


def read_system_file(path: str | os.PathLike[str]) -> SystemFile:
    """The system file ``path``, read and checked (see :func:`helpers.specs.load_system`).

    Raises:
        TypeError: if ``path`` is not a string or a path.
        ValueError: naming the file, the key and what is wrong.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"path={path!r} must be a str or a path (pathlib.Path), not a {type(path).__name__}"
        )
    file = str(path)
    try:
        raw = Path(path).read_bytes()
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
    return _Reader(file, data).read(hashlib.sha256(raw).hexdigest())


class _Reader:
    """Reads the TOML table of one file; :meth:`fail` makes the error for a key."""

    def __init__(self, file: str, data: dict[str, Any]) -> None:
        self.file = file
        self.data = data
        self.sources: dict[str, Source] = {}

    def fail(self, key: str, what: str) -> ValueError:
        return ValueError(f"{self.file}: {key}: {what}")

    def read(self, digest: str) -> SystemFile:
        self.known(self.data, "", ("sources", "chip", "system"))
        for key in self.table(self.data, "", "sources", (), required=False):
            self.read_source(key)
        chip = self.table(
            self.data, "", "chip", ("key", "name", "maker", "word", "notes", *CHIP_FIGURES)
        )
        fields = {
            "key": self.key_of(chip, "chip"),
            "name": self.text(chip, "chip.name"),
            "maker": self.text(chip, "chip.maker"),
            "word": self.text(chip, "chip.word", "chip"),
            "notes": self.texts(chip, "chip.notes"),
        }
        figures = self.figures(chip, "chip", fields["key"], CHIP_FIGURES, fields["name"])
        for quantity in _LINKS:
            fig = figures.get(quantity)
            if fig is not None and fig.direction == "both":
                note = f"{fig.note} {_HALVED}".strip()
                figures[quantity] = replace(fig, value=fig.value / 2, direction="one", note=note)
        return self.read_system(digest, fields, figures)

    def read_system(self, digest: str, chip: dict[str, Any], chip_figures: dict) -> SystemFile:
        details = (
            "key",
            "name",
            "short",
            "kind",
            "status",
            "date",
            "also_known_as",
            "notes",
            "domain",
            "quoted",
            "scale_up",
            "topology",
        )
        table = self.table(self.data, "", "system", (*details, *SYSTEM_FIGURES))
        key, name = self.key_of(table, "system"), self.text(table, "system.name")
        system = {
            "key": key,
            "name": name,
            "short": self.text(table, "system.short", name),
            "kind": self.choice(table, "system.kind", SYSTEM_KINDS),
            "status": self.choice(table, "system.status", STATUSES),
            "date": self.text(table, "system.date"),
            "also_known_as": self.texts(table, "system.also_known_as"),
            "notes": self.texts(table, "system.notes"),
        }
        if not _DATE.fullmatch(system["date"]):
            raise self.fail("system.date", f"{system['date']!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
        if chip["key"] == key:
            raise self.fail("chip.key", f"{key!r} must differ from system.key")
        self.table(table, "system", "chips", FIGURE_FIELDS)
        figures = self.figures(table, "system", key, SYSTEM_FIGURES, system["short"], chip["word"])
        if "domain" in table:
            system["domain"] = self.domain(table["domain"], figures["chips"].value)
        quoted = self.table(table, "system", "quoted", tuple(QUOTED_TOTALS), required=False)
        for quantity in quoted:
            if quantity not in chip_figures:
                raise self.fail(
                    f"system.quoted.{quantity}",
                    f"a quoted total needs the chip's figure: add [chip.{quantity}]",
                )
        totals = self.figures(quoted, "system.quoted", key, QUOTED_TOTALS, system["short"])
        if "scale_up" in table:
            system["scale_up"] = self.scale_up(table, key, system["short"])
        if "topology" in table:
            system["topology"] = self.topology(table)
        return SystemFile(self.file, digest, chip, chip_figures, system, figures, totals)

    # Tables and plain fields ------------------------------------------------------------------
    def table(
        self, parent: dict, key: str, name: str, fields: tuple[str, ...], required: bool = True
    ) -> dict[str, Any]:
        """``parent[name]``, a table; with ``fields``, only those may appear in it."""
        dotted = f"{key}.{name}" if key else name
        if name not in parent and not required:
            return {}
        if name not in parent:
            raise self.fail(dotted, f"missing (a table [{dotted}])")
        value = parent[name]
        if not isinstance(value, dict):
            raise self.fail(dotted, f"must be a table [{dotted}], not {value!r}")
        if fields:
            self.known(value, dotted, fields)
        return value

    def known(self, table: dict[str, Any], key: str, fields: tuple[str, ...]) -> None:
        for name in table:
            if name not in fields:
                raise self.fail(
                    f"{key}.{name}".lstrip("."),
                    f"unknown field; the fields here are {', '.join(fields)}",
                )

    def text(self, table: dict[str, Any], dotted: str, default: str | None = None) -> str:
        """The non-empty text at ``dotted`` (a TOML date is read as ``YYYY-MM-DD``)."""
        value = table.get(dotted.rsplit(".", 1)[-1], default)
        if value is None:
            raise self.fail(dotted, "missing")
        if isinstance(value, date):
            value = value.isoformat()
        if not isinstance(value, str) or not value.strip():
            raise self.fail(dotted, f"must be a text in quotes, not {value!r}")
        return value.strip()

    def choice(self, table: dict[str, Any], dotted: str, allowed: tuple[str, ...]) -> str:
        value = self.text(table, dotted)
        if value not in allowed:
            raise self.fail(dotted, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def texts(self, table: dict[str, Any], dotted: str) -> tuple[str, ...]:
        """A text or a list of texts at ``dotted`` (none when absent)."""
        value = table.get(dotted.rsplit(".", 1)[-1], [])
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise self.fail(dotted, f"must be a text or a list of texts, not {value!r}")
        return tuple(v.strip() for v in items if v.strip())

    def key_of(self, table: dict[str, Any], part: str) -> str:
        value = self.text(table, f"{part}.key")
        if not _KEY.fullmatch(value):
            raise self.fail(
                f"{part}.key",
                f"{value!r} must be lower-case letters, digits and _, "
                "starting with a letter (such as 'hgx_b200_8')",
            )
        return value

    def domain(self, value: object, chips: float) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= chips:
            raise self.fail(
                "system.domain", f"{value!r} must be a whole number of chips, 1 to {chips:.0f}"
            )
        return value

    # Sources and figures ----------------------------------------------------------------------
    def read_source(self, key: str) -> None:
        dotted = f"sources.{key}"
        table = self.table(self.data["sources"], "sources", key, ("title", "url", "no_url", "date"))
        url = table.get("url")
        if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
            raise self.fail(f"{dotted}.url", f"{url!r} must be an address starting https://")
        if url is None and "no_url" not in table:
            raise self.fail(f"{dotted}.url", "missing (or no_url: why there is none)")
        no_url = "" if url else self.text(table, f"{dotted}.no_url")
        title, when = self.text(table, f"{dotted}.title"), self.text(table, f"{dotted}.date")
        source = Source(key, title, url, when, no_url)
        course = SOURCES.get(key)
        if course is not None and course != source:
            raise self.fail(
                dotted,
                f"differs from the course's source {key!r} ({course.cite()});"
                " copy it exactly, leave it out to cite the course's, or give yours "
                "another key",
            )
        self.sources[key] = course or source

    def source(self, table: dict[str, Any], key: str) -> Source:
        name = self.text(table, f"{key}.source")
        found = self.sources.get(name) or SOURCES.get(name)
        if found is None:
            mine = ", ".join(self.sources) or "none"
            raise self.fail(
                f"{key}.source", f"{name!r} is not a source of this file ({mine}) nor of the course"
            )
        return found

    def amount(self, value: object, key: str, base: str) -> float:
        """A number and its unit, in ``base``; a bare number only for a count."""
        what, example = _HOW[base]
        how = f"{what}, such as {example}"
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(key, f"must be {how}, not {value!r}")
        if not isinstance(value, str):
            if base != "1":
                raise self.fail(key, f"{value!r} has no unit: write {how}")
            number, unit = float(value), "1"
        else:
            try:
                number, unit = parse_quantity(value)
            except ValueError as err:
                raise self.fail(key, str(err).removeprefix("text=")) from None
        if unit != base:
            measures = _HOW.get(unit, (f"in {unit}",))[0]
            raise self.fail(key, f"{value!r} is {measures}, but this figure is {how}")
        if not number > 0:
            raise self.fail(key, f"{value!r} must be above zero")
        return number

    def figures(
        self,
        parent: dict,
        part: str,
        owner: str,
        bases: dict[str, str],
        short: str,
        word: str = "chip",
    ) -> dict[str, Figure]:
        """The figures of ``parent`` among ``bases`` (quantity -> base unit), named
        ``<owner>.<quantity>`` (``_quoted`` added for quoted totals)."""
        found = {}
        for quantity, base in bases.items():
            if quantity in parent:
                table = self.table(parent, part, quantity, FIGURE_FIELDS)
                words = f"{word}s" if quantity == "chips" else _words(quantity)
                as_quoted = part == "system.quoted"
                name = f"{owner}.{quantity}{'_quoted' if as_quoted else ''}"
                label = f"{short} {words}{' (as quoted)' if as_quoted else ''}"
                found[quantity] = self.figure(table, f"{part}.{quantity}", name, base, label)
                if as_quoted and "step" not in table:
                    step = _last_digit(table["value"], found[quantity].value)
                    found[quantity] = replace(found[quantity], step=step)
        return found

    def figure(self, table: dict[str, Any], key: str, name: str, base: str, label: str) -> Figure:
        """The figure of the table at ``key``, named ``name``, in ``base`` (not registered)."""
        if "value" not in table:
            what, example = _HOW[base]
            raise self.fail(f"{key}.value", f"missing: the figure, {what}, such as {example}")
        raw, direction = self.direction(table, key)
        value = self.amount(raw, f"{key}.value", base)
        quantity = key.rsplit(".", 1)[-1]
        if base == "1" and not value.is_integer():
            raise self.fail(f"{key}.value", f"{raw!r} must be a whole number")
        kind = self.choice(table, f"{key}.kind", tuple(k for k in KINDS if k != "derived"))
        details: dict[str, Any] = {
            "label": self.text(table, f"{key}.label", label),
            "quoted": self.text(table, f"{key}.quoted", str(table["value"])),
            "note": self.text(table, f"{key}.note") if "note" in table else "",
            "direction": direction,
        }
        for field in ("step", "low", "high"):
            if field in table:
                details[field] = self.amount(table[field], f"{key}.{field}", base)
        missing = [f for f in ("low", "high", "note") if f not in table]
        if kind == "assumption" and missing:
            raise self.fail(
                f"{key}.{missing[0]}",
                "missing: an assumption gives its range (low, high) and why (note)",
            )
        if not details.get("low", value) <= value <= details.get("high", value):
            raise self.fail(key, f"value {raw!r} must lie between low and high")
        if quantity in _LINKS and direction is None:
            raise self.fail(
                f"{key}.value",
                f"{raw!r}: say which directions the source counts, "
                "'one' or 'both' ('1.8 TB/s both')",
            )
        return Figure(name, value, base, kind, self.source(table, key), **details)

    def direction(self, table: dict[str, Any], key: str) -> tuple[object, str | None]:
        """The value without its direction words, and the direction ("one", "both" or None)."""
        raw, given = table["value"], table.get("direction")
        said = None
        if isinstance(raw, str) and (m := _DIRECTION.search(raw)):
            said, raw = ("both" if m.group(1) in _BOTH else "one"), raw[: m.start()]
        if given is not None and given not in ("one", "both"):
            raise self.fail(f"{key}.direction", f"{given!r} is not 'one' or 'both'")
        if given is not None and said is not None and given != said:
            raise self.fail(f"{key}.direction", f"{given!r}, but the value says {said!r}")
        direction = given or said
        if direction is not None and key.rsplit(".", 1)[-1] not in _LINKS:
            where = f"{key}.direction" if given else f"{key}.value"
            raise self.fail(where, "only a link bandwidth counts directions")
        return raw, direction

    # The scale-up network and the topology ----------------------------------------------------
    def scale_up(self, table: dict[str, Any], key: str, short: str) -> ScaleUp:
        link = self.table(
            table, "system", "scale_up", ("name", "medium", "link_key", "step_latency")
        )
        latency = self.table(link, "system.scale_up", "step_latency", (), required=False)
        step = None
        if latency:
            label = f"{short} {_words('step_latency')}"
            name = f"{key}.step_latency"
            step = self.figure(latency, "system.scale_up.step_latency", name, "s", label)
        return ScaleUp(
            self.text(link, "system.scale_up.name"),
            self.choice(link, "system.scale_up.medium", MEDIA),
            step,
            self.text(link, "system.scale_up.link_key") if "link_key" in link else "",
        )

    def topology(self, table: dict[str, Any]) -> Topology:
        shape = self.table(table, "system", "topology", ())
        kind = self.choice(shape, "system.topology.kind", TOPOLOGY_KINDS)
        params: dict[str, Any] = {}
        for name, value in shape.items():
            items = value if isinstance(value, list) else [value]
            if name == "kind":
                continue
            if not items or not all(type(v) is int and v > 0 for v in items):
                raise self.fail(
                    f"system.topology.{name}",
                    f"must be a whole number above zero (or a list of them), not {value!r}",
                )
            params[name] = tuple(value) if isinstance(value, list) else value
        return Topology(kind, params)


def _words(quantity: str) -> str:
    """A quantity in words: "fp8_dense" -> "FP8 dense", "hbm_capacity" -> "HBM capacity"."""
    precision, _, density = quantity.rpartition("_")
    if precision in PRECISIONS:
        return f"{precision.upper()} {'dense' if density == 'dense' else 'with sparsity'}"
    return _WORDS.get(quantity, quantity.replace("_", " "))


def _last_digit(written: object, value: float) -> float:
    """The rounding step of a quoted ``value``: one unit of its last written digit ("13.8 TB":
    0.1 TB; "130 TB/s": 1 TB/s; "$3 million": 1 million USD)."""
    text = str(written)
    digits = re.search(r"\d[\d,_]*(\.\d+)?", text)
    if digits is None:  # a checked value always has digits
        return 0.0
    number = float(re.sub(r"[,_]", "", digits.group()))
    decimals = len(digits.group(1) or ".") - 1
    return value / number * 10.0**-decimals if number else 0.0
