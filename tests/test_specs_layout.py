"""The records of ``helpers.specs`` against a snapshot, so that reorganising its modules changes
no figure, source, model, format, system, spread or measured run by accident.

The snapshot (tests/data/specs_snapshot.json) was written from the single-module ``specs.py``
before it became a package: ``python tests/test_specs_layout.py --write``. A record added since
(a new system, a new field with a default) passes; a record in the snapshot that changed fails.
Rewrite the snapshot only when a record is meant to change, and say so in the commit. It was
rewritten once by additions only, to hold the six systems after the article: every record of the
earlier snapshot is in it unchanged (the check is this module's own ``_kept``).
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import specs, units

SNAPSHOT = Path(__file__).parent / "data" / "specs_snapshot.json"


def _plain(obj: Any) -> Any:
    """``obj`` as JSON data: a figure by its name, a source by its key, a record by its fields."""
    if isinstance(obj, specs.Figure):
        return obj.name
    if isinstance(obj, specs.Source):
        return obj.key
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, tuple | list):
        return [_plain(v) for v in obj]
    return obj


def _figure(fig: specs.Figure) -> dict[str, Any]:
    """Every field of one figure (its source by key; sources are compared on their own)."""
    return {f.name: _plain(getattr(fig, f.name)) for f in dataclasses.fields(fig)}


def _units(texts: list[str]) -> dict[str, Any]:
    """What ``helpers.units.parse_unit`` reads each of ``texts`` as (or the error it raises)."""
    read: dict[str, Any] = {}
    for text in texts:
        try:
            read[text] = list(units.parse_unit(text))
        except ValueError as e:
            read[text] = f"ValueError: {e}"
    return read


def snapshot(unit_texts: list[str]) -> dict[str, Any]:
    """Everything ``helpers.specs`` records, as JSON data."""
    return {
        "constants": {
            "KINDS": list(specs.KINDS),
            "prefixes": [specs.K, specs.M, specs.G, specs.T, specs.P],
            "BITS_PER_BYTE": specs.BITS_PER_BYTE,
            "KWH": specs.KWH,
            "YEAR": specs.YEAR,
        },
        "figures": [_figure(f) for f in specs.FIGURES.values()],
        "sources": [dataclasses.asdict(s) for s in specs.SOURCES.values()],
        "models": _plain(specs.MODELS),
        "llama3_70b_ffn": specs.LLAMA3_70B_FFN.name,
        "format_layouts": {
            k: {**_plain(f), "bits": f.bits} for k, f in specs.FORMAT_LAYOUTS.items()
        },
        "block_layouts": _plain(specs.BLOCK_LAYOUTS),
        "spreads": _plain(specs.SPREADS),
        "systems": [{**_plain(s), "n": s.n} for s in specs.SYSTEMS.values()],
        "chips": _plain(list(specs.CHIPS.values())),
        "measured_runs": _plain(specs.MEASURED_RUNS),
        "chip_formats": _plain(specs.CHIP_FORMATS),
        "article_figures": _plain(specs.ARTICLE_FIGURES),
        "units": _units(unit_texts),
    }


def _unit_texts() -> list[str]:
    """Every unit the reader's tables spell, bare and with every prefix, and a few it refuses."""
    bases, prefixes = list(units.BASE_UNITS), list(units.UNIT_PREFIXES)
    return bases + [p + b for p in prefixes for b in bases] + ["TB/s ", "T B", "GiFLOP/s", "kx"]


def _ordered(data: Any) -> Any:
    """``data`` with every mapping as a list of pairs, so that comparing it compares order."""
    if isinstance(data, dict):
        return [(k, _ordered(v)) for k, v in data.items()]
    if isinstance(data, list):
        return [_ordered(v) for v in data]
    return data


@pytest.fixture(scope="module")
def stored() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text())


@pytest.fixture(scope="module")
def now(stored: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(snapshot(list(stored["units"]))))


@pytest.mark.parametrize(
    "part",
    [
        "constants",
        "models",
        "llama3_70b_ffn",
        "format_layouts",
        "block_layouts",
        "spreads",
        "systems",
        "chips",
        "measured_runs",
        "chip_formats",
        "article_figures",
        "units",
    ],
)
def test_records_unchanged(stored: dict[str, Any], now: dict[str, Any], part: str) -> None:
    assert _ordered(_kept(now[part], stored[part])) == _ordered(stored[part])  # in order too


def _kept(now: Any, stored: Any) -> Any:
    """What of ``now`` the snapshot ``stored`` recorded: the fields and entries it has (added
    ones left out), in ``now``'s order; lists of records cut to the snapshot's length."""
    if isinstance(stored, dict) and isinstance(now, dict):
        return {k: _kept(v, stored[k]) for k, v in now.items() if k in stored}
    if isinstance(stored, list) and isinstance(now, list):
        return [_kept(a, b) for a, b in zip(now, stored, strict=False)]
    return now


def test_every_figure_unchanged(stored: dict[str, Any], now: dict[str, Any]) -> None:
    before = {f["name"]: f for f in stored["figures"]}
    after = {f["name"]: f for f in now["figures"]}
    assert not set(before) - set(after), "figures removed"
    changed = [name for name in before if after[name] != before[name]]
    assert not changed, changed


def test_every_source_unchanged(stored: dict[str, Any], now: dict[str, Any]) -> None:
    """Every source of the snapshot, with the fields it had (a field added since, with a
    default, like ``accessed``, is left out)."""
    before = {s["key"]: s for s in stored["sources"]}
    after = {s["key"]: s for s in now["sources"]}
    assert {k: _kept(after.get(k), before[k]) for k in before} == before


def test_derived_figures_follow_their_inputs() -> None:
    """``perturbed`` recomputes derived figures in registration order: inputs must come first."""
    seen: set[str] = set()
    for name, fig in specs.FIGURES.items():
        assert all(i in seen for i in fig.inputs), (name, fig.inputs)
        seen.add(name)


def test_specs_imports_nothing_of_the_package() -> None:
    code = (
        "import sys, helpers.specs; "
        "print(sorted(m for m in sys.modules if m.startswith('helpers.') "
        "and not m.startswith('helpers.specs')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_module_ordered_by_history() -> None:
    """Records sit by subject, not in blocks named after the issue or review that added them."""
    folder = Path(specs.__file__).parent
    for path in sorted(folder.rglob("*.py")):
        text = path.read_text()
        assert not re.search(r"#.*\b(issue \d+|review fixes)", text, re.IGNORECASE), path


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    SNAPSHOT.write_text(json.dumps(snapshot(_unit_texts()), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {SNAPSHOT}")
