"""A system from a file (issue 15, item 5): `specs.load_system` reads a teacher's TOML file, adds
the system to the registry, and a bad file gets a ValueError naming the file, the key and what
is wrong."""

import shutil
import sys
import types

import pytest
from matplotlib.figure import Figure

from helpers import checks, claims, memory, plots, scaling, specs, tables, widgets
from helpers.specs import loader, systemfile
from helpers.specs.units import parse_quantity
from helpers.units import si, times

from conftest import ROOT

EXAMPLE = ROOT / "docs" / "systems" / "hgx_b200.toml"
#: The TOML reader of this Python (tomllib, or tomli on 3.10).
TOML = systemfile.toml_module()

#: A small valid file; each bad file below changes one line of it (or the figure CHIPS_FIGURE).
GOOD = """
[sources.T]
title = "A test source"
url = "https://example.org/t"
date = "2026"

[chip]
key = "tchip"
name = "Test chip"
maker = "Nobody"

[chip.bf16_dense]
value = "1 PFLOPS"
source = "T"
kind = "vendor"

[chip.hbm_capacity]
value = "100 GB"
source = "T"
kind = "vendor"

[chip.hbm_bandwidth]
value = "4 TB/s"
source = "T"
kind = "vendor"

[chip.scale_up_bandwidth]
value = "1 TB/s both"
source = "T"
kind = "vendor"

[system]
key = "tsys"
name = "Test system"
kind = "rack"
status = "announced"
date = "2026-05"

[system.chips]
value = 16
source = "T"
kind = "vendor"

[system.quoted.hbm_capacity]
value = "1.6 TB"
source = "NV-NVL72"
kind = "vendor"
"""


CHIPS_FIGURE = 'value = 16\nsource = "T"\nkind = "vendor"'


@pytest.fixture(autouse=True)
def forget_loaded():
    """Every system a test loads is removed from the registry afterwards."""
    yield
    for key in list(loader._LOADED):
        specs.unload_system(key)


def write(tmp_path, text, name="system.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_the_example_registers_a_system_whose_totals_are_per_chip_times_count():
    hgx = specs.load_system(EXAMPLE)
    assert specs.SYSTEMS[hgx.key] is hgx and specs.CHIPS[hgx.chip.key] is hgx.chip
    n = hgx.chips.value
    assert n == 8 and hgx.n == hgx.domain_size == 8
    assert hgx.bf16_dense.value == n * hgx.chip.bf16_dense.value
    assert hgx.hbm_capacity.value == n * hgx.chip.hbm_capacity.value
    assert hgx.hbm_bandwidth.value == n * hgx.chip.hbm_bandwidth.value
    assert hgx.scale_up_bandwidth.value == 2 * n * hgx.chip.scale_up_bandwidth.value
    assert hgx.peak("fp4").value == n * hgx.chip.peak("fp4").value
    assert all(specs.FIGURES[f.name] is f for f in (hgx.bf16_dense, hgx.chip.hbm_capacity))
    assert hgx.kind == "server" and hgx.status == "shipped" and hgx.date == "2024-03-18"
    assert hgx.style is not None and hgx.style not in {s.style for s in (specs.CM384, specs.NVL72)}


def test_the_example_agrees_with_the_registry_and_cites_its_sources():
    hgx = specs.load_system(EXAMPLE)
    for quantity in ("bf16_dense", "hbm_capacity", "hbm_bandwidth", "power"):
        course = specs.get(f"hgx_b200.{quantity}")
        ours = getattr(hgx.chip, quantity)
        assert (ours.value, ours.unit, ours.kind) == (course.value, course.unit, course.kind)
        assert ours.source is course.source is specs.sources.NV_DATASHEET
    nvlink = specs.B200.scale_up_bandwidth
    assert hgx.chip.scale_up_bandwidth.value == nvlink.value and nvlink.direction == "one"
    assert hgx.chip.scale_up_bandwidth.source is nvlink.source
    for fig in specs.sources_of(hgx.bf16_dense, hgx.scale_up_bandwidth):
        assert fig.url or fig.no_url_reason


def test_loading_twice_is_idempotent():
    first = specs.load_system(EXAMPLE)
    count = len(specs.FIGURES)
    again = specs.load_system(str(EXAMPLE))
    assert again is first and again.style == first.style
    assert len(specs.FIGURES) == count and specs.SYSTEMS[first.key] is first


def test_an_edited_file_replaces_what_it_loaded_and_keeps_its_look(tmp_path):
    path = write(tmp_path, GOOD)
    first = specs.load_system(path)
    path.write_text(GOOD.replace('value = "100 GB"', 'value = "120 GB"'))
    edited = specs.load_system(path)
    assert edited.hbm_capacity.value == 16 * 120e9 and edited.style == first.style
    assert specs.get("tchip.hbm_capacity").value == 120e9


def test_unloading_removes_the_system_its_chip_and_its_figures(tmp_path):
    before = dict(specs.FIGURES)
    system = specs.load_system(write(tmp_path, GOOD))
    assert "tsys.hbm_capacity_quoted" in specs.FIGURES
    specs.unload_system(system)
    assert before == specs.FIGURES
    assert "tsys" not in specs.SYSTEMS and "tchip" not in specs.CHIPS
    with pytest.raises(ValueError, match="not a file-loaded System key"):
        specs.unload_system("nvl72")
    with pytest.raises(TypeError, match="system="):
        specs.unload_system(3)


def test_a_quoted_total_gets_a_step_from_its_last_digit(tmp_path):
    system = specs.load_system(write(tmp_path, GOOD))
    quoted = system.quoted["hbm_capacity"]
    assert quoted.step == pytest.approx(0.1e12) and quoted.name == "tsys.hbm_capacity_quoted"
    assert abs(system.hbm_capacity.value - quoted.value) <= quoted.step / 2


def test_the_loaded_system_goes_where_the_course_takes_a_system():
    hgx = specs.load_system(EXAMPLE)
    assert checks.system("system", "hgx_b200_8") is hgx
    assert checks.system("system", "HGX B200") is hgx
    assert plots.system_style(hgx) == plots.system_style("hgx_b200_8")
    assert plots.system_style(hgx)["label"] == hgx.name
    assert memory.fits(1e12, "hgx_b200_8") == "one system"
    assert memory.fits(1e11, hgx) == "one chip"
    assert memory.read_all_seconds(hgx) == pytest.approx(
        hgx.hbm_capacity.value / hgx.hbm_bandwidth.value
    )
    model = specs.LLAMA3_70B
    split = scaling.one_system_split(hgx, model)
    step = scaling.step_time("hgx_b200_8", model, split)
    assert step.system is hgx and step.capacity == hgx.chip.hbm_capacity.value
    assert step.fits and all(seconds >= 0 for seconds in step.parts.values())
    assert scaling.group_domain(hgx, 8).system is hgx


def test_the_loaded_system_shows_in_notebook_00s_system_table_and_claim_ratios():
    """Issue 15's done-when: a TOML-loaded system in the two views of notebook 00 that compare
    systems, with its own figures (its column, its bars and their labels)."""
    hgx = specs.load_system(EXAMPLE)
    shown = [*specs.ARTICLE_PAIR.systems, hgx.key]
    table = tables.system_table(shown)
    assert table.columns[-1] == hgx.name
    rows = {row[0]: row[-1] for row in table.rows}
    assert rows["chip"] == hgx.chip.name
    assert rows["chips"] == si(hgx.chips.value, hgx.chips.unit)
    assert rows["HBM, system"] == si(hgx.hbm_capacity.value, hgx.hbm_capacity.unit)
    figure = Figure()
    ax = figure.subplots()
    widgets.draw_claim_ratios(ax, systems=shown)
    labels = [t.get_text() for t in ax.texts]
    compute = claims.claim("compute").ratio(hgx).value
    assert f"{hgx.short} {times(compute)}" in labels
    assert hgx.name in [t.get_text() for t in ax.get_legend().get_texts()]


def test_the_reader_is_tomli_before_python_311_and_tomllib_after(monkeypatch):
    for name in ("tomli", "tomllib"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setattr(sys, "version_info", (3, 10, 13, "final", 0))
    assert systemfile.toml_module() is sys.modules["tomli"]
    monkeypatch.setattr(sys, "version_info", (3, 11, 0, "final", 0))
    assert systemfile.toml_module() is sys.modules["tomllib"]


def test_a_file_read_through_the_backport_loads_the_same(monkeypatch, tmp_path):
    """The file is read the same through either reader (tomli has tomllib's interface)."""
    monkeypatch.setitem(sys.modules, "tomli", TOML)
    monkeypatch.setattr(sys, "version_info", (3, 10, 13, "final", 0))
    assert specs.load_system(write(tmp_path, GOOD)).key == "tsys"
    with pytest.raises(ValueError, match="line 2"):
        specs.load_system(write(tmp_path, "[chip]\nkey = \n", "bad.toml"))


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ('name = "Test chip"\n', "", "chip.name", "missing"),
        ('value = "4 TB/s"', "", "chip.hbm_bandwidth.value", "missing"),
        ('value = "4 TB/s"', 'value = "4 TB"', "chip.hbm_bandwidth.value", "bandwidth"),
        ('value = "4 TB/s"', 'value = "4 TB/sec"', "chip.hbm_bandwidth.value", "not a unit"),
        ('value = "4 TB/s"', 'value = "-4 TB/s"', "chip.hbm_bandwidth.value", "above zero"),
        ('value = "100 GB"', 'value = "0 GB"', "chip.hbm_capacity.value", "above zero"),
        ('value = "100 GB"', "value = 100", "chip.hbm_capacity.value", "no unit"),
        ('value = "100 GB"', 'value = "1,00 GB"', "chip.hbm_capacity.value", "thousands"),
        ("value = 16", 'value = "16.5"', "system.chips.value", "whole number"),
        ('value = "1 TB/s both"', 'value = "1 TB/s"', "chip.scale_up_bandwidth.value", "both"),
        ('value = "4 TB/s"', 'value = "4 TB/s both"', "chip.hbm_bandwidth.value", "directions"),
        ('"4 TB/s"', '"4 TB/s"\ndirection = "one"', "chip.hbm_bandwidth.direction", "link"),
        ('"1 TB/s both"', '"1 TB/s"\ndirection = "up"', "chip.scale_up_bandwidth.direction", "up"),
        ('kind = "rack"', 'kind = "cluster"', "system.kind", "not one of server, rack"),
        ('status = "announced"', 'status = "rumoured"', "system.status", "shipped, announced"),
        (
            CHIPS_FIGURE,
            CHIPS_FIGURE.replace("vendor", "rumour"),
            "system.chips.kind",
            "not one of vendor",
        ),
        (CHIPS_FIGURE, CHIPS_FIGURE.replace('"T"', '"X"'), "system.chips.source", "'X'"),
        (CHIPS_FIGURE, CHIPS_FIGURE.replace("vendor", "assumption"), "system.chips.low", "range"),
        ('maker = "Nobody"', 'maker = "Nobody"\nmakr = "x"', "chip.makr", "unknown field"),
        ('value = "1 PFLOPS"', 'vaule = "1 PFLOPS"', "chip.bf16_dense.vaule", "unknown field"),
        ('date = "2026-05"', 'date = "May 2026"', "system.date", "YYYY-MM-DD"),
        ('url = "https://example.org/t"', 'url = "example.org/t"', "sources.T.url", "https://"),
        ('key = "tsys"', 'key = "Test System"', "system.key", "lower-case"),
        ('key = "tsys"', 'key = "nvl72"', "system.key", "already used by the course"),
        ('key = "tchip"', 'key = "b200"', "chip.key", "already used by the course"),
        ('key = "tsys"', 'key = "hgx_b200"', "system.key", "hgx_b200.bf16_dense"),
        ('key = "tsys"', 'key = "tchip"', "chip.key", "must differ from system.key"),
        ('name = "Test system"', 'name = "GB200 NVL72"', "system.name", "'nvl72'"),
        ("[sources.T]", "[sources.SA]", "sources.SA", "differs from the course's source"),
        ("quoted.hbm_capacity]", "quoted.fp8_dense]", "system.quoted.fp8_dense", "add [chip"),
        ("[system.chips]", "[system.cpus]", "system.chips", "missing"),
    ],
)
def test_a_bad_file_names_the_file_the_key_and_what_is_wrong(tmp_path, old, new, key, words):
    assert GOOD.count(old) == 1, old
    path = write(tmp_path, GOOD.replace(old, new), "bad_system.toml")
    before = dict(specs.FIGURES)
    with pytest.raises(ValueError) as caught:
        specs.load_system(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {key}: "), message
    assert words in message, message
    assert before == specs.FIGURES and "tsys" not in specs.SYSTEMS


def test_a_malformed_file_says_the_file_and_line(tmp_path):
    path = write(tmp_path, GOOD.replace('maker = "Nobody"', "maker = Nobody"), "broken.toml")
    line = GOOD.splitlines().index('maker = "Nobody"') + 1
    with pytest.raises(ValueError, match=rf"broken\.toml: is not valid TOML: .*line {line},"):
        specs.load_system(path)


def test_a_missing_file_or_a_wrong_type_of_path(tmp_path):
    with pytest.raises(ValueError, match=r"nowhere\.toml: cannot be read"):
        specs.load_system(tmp_path / "nowhere.toml")
    (tmp_path / "latin1.toml").write_bytes('name = "caf\xe9"'.encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin1\.toml: is not UTF-8"):
        specs.load_system(tmp_path / "latin1.toml")
    with pytest.raises(TypeError, match="path=42 must be a str or a path"):
        specs.load_system(42)


def test_another_file_cannot_take_a_loaded_files_key(tmp_path):
    first = write(tmp_path, GOOD, "first.toml")
    specs.load_system(first)
    other = write(tmp_path, GOOD.replace('name = "Test system"', 'name = "Other"'), "second.toml")
    with pytest.raises(ValueError, match=rf"second\.toml: system\.key: 'tsys' .*{first}"):
        specs.load_system(other)
    copy = tmp_path / "copy.toml"
    shutil.copy(EXAMPLE, copy)
    specs.load_system(EXAMPLE)
    with pytest.raises(ValueError, match="already used by"):
        specs.load_system(copy)


@pytest.mark.parametrize(
    ("text", "value", "base"),
    [
        ("2.5 PFLOPS", 2.5e15, "FLOP/s"),
        ("192 GB", 192e9, "B"),
        ("8 TB/s", 8e12, "B/s"),
        ("400 Gb/s", 50e9, "B/s"),
        ("1,200 W", 1200, "W"),
        ("144 GiB", 144 * 2**30, "B"),
        ("$3 million", 3e6, "USD"),
        ("3 million USD", 3e6, "USD"),
        ("8", 8, "1"),
        ("180GB", 180e9, "B"),
    ],
)
def test_quantities_read_as_sources_write_them(text, value, base):
    assert parse_quantity(text) == (pytest.approx(value), base)


def test_a_quantity_that_cannot_be_read_says_why():
    with pytest.raises(ValueError, match="does not start with a number"):
        parse_quantity("TB/s")
    with pytest.raises(ValueError, match="not US dollars"):
        parse_quantity("$3 GB")
    with pytest.raises(TypeError, match="must be a string"):
        parse_quantity(3)


def test_the_readme_documents_every_field_of_the_format():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Add a system from a file", 1)[1].split("\n## ", 1)[0]
    names = [
        *(q for q in systemfile.CHIP_FIGURES if q not in systemfile.PEAKS),
        *systemfile.SYSTEM_FIGURES,
        *systemfile.SYSTEM_KINDS,
        *systemfile.STATUSES,
        *systemfile.MEDIA,
        *systemfile.FIGURE_FIELDS,
        *systemfile.PRECISIONS,
        *(k for k in specs.KINDS if k != "derived"),
    ]
    assert [n for n in names if n not in section] == []


FULL = """
[system.cpus]
value = "2"
source = "T"
kind = "vendor"

[system.price]
value = "$1.5 million"
source = "T"
kind = "assumption"
low = "$1 million"
high = "$2 million"
note = "A guess of the teacher's, with its range."

[system.cpu_memory]
value = "1 TiB"
source = "T"
kind = "vendor"

[system.quoted.fp4_sparse]
value = "64 PFLOPS"
step = "4 PFLOPS"
source = "T"
kind = "vendor"

[chip.fp4_sparse]
value = "4 PFLOPS"
source = "T"
kind = "vendor"

[system.scale_up]
name = "TestLink"
medium = "optics"

[system.scale_up.step_latency]
value = "2 us"
source = "T"
kind = "measured"

[system.topology]
kind = "torus"
dims = [4, 4]
"""


def test_every_optional_part_of_the_format_is_read(tmp_path):
    text = GOOD.replace('date = "2026-05"', "date = 2026-05-04\ndomain = 8") + FULL
    system = specs.load_system(write(tmp_path, text))
    assert system.date == "2026-05-04" and system.domain_size == 8
    assert system.cpus.value == 2 and system.cpu_memory.value == 2**40
    assert (system.price.value, system.price.low, system.price.high) == (1.5e6, 1e6, 2e6)
    assert system.quoted["fp4_sparse"].step == 4e15
    assert specs.get("tsys.fp4_sparse").value == 16 * 4e15 == system.peak("fp4", sparse=True).value
    assert system.scale_up == specs.ScaleUp("TestLink", "optics", specs.get("tsys.step_latency"))
    assert specs.get("tsys.step_latency").value == pytest.approx(2e-6)
    assert system.topology == specs.Topology("torus", {"dims": (4, 4)})
    assert system.chip.scale_up_bandwidth.value == 0.5e12
