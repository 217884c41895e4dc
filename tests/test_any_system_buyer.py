"""Power, the buyer's view, the blast radius, the claims, the fact-check, the tables and the
widgets of notebooks 00, 07 and 08 take any systems (issue 15): with the article's two and a
toy third system, each gives one column, bar or row per system; a figure a maker does not
publish shows "not published", never 0 or a guess; and every registered system fits in one
table."""

from dataclasses import replace

import matplotlib
import pytest
from matplotlib.figure import Figure

from helpers import (
    buyer,
    claims,
    factcheck,
    plots,
    power,
    reliability,
    roofline,
    specs,
    tables,
    widgets,
)
from helpers.widgets import capstone, start
from helpers.widgets import power as power_widgets

from conftest import control_sweeps, toy_system

matplotlib.use("Agg")
NOT_PUBLISHED = "not published"


@pytest.fixture
def three(third_system):
    """The article's two and the toy, in the order tables show them."""
    return (*specs.ARTICLE_PAIR.systems, third_system)


def _needs_roofs() -> None:
    """Skip until :func:`helpers.roofline.system_roof` takes any system (the "network" helper's
    branch makes it; a run and an ownership read their peak off a roof)."""
    try:
        roofline.system_roof(replace(specs.NVL72, key="probe"))
    except KeyError:
        pytest.skip("helpers.roofline has no roof for a system beyond the article's two yet")


@pytest.fixture
def unpublished():
    """A toy system whose maker publishes no power, no price and no chip peak."""
    chip = {"key": "toy_chip", "name": "Toy X1", "bf16_dense": None, "power": None}
    with toy_system(
        "toy_dark",
        "Toy dark rack",
        "Dark",
        chip=chip,
        bf16_dense=None,
        power=None,
        power_per_chip=None,
        price=None,
        power_parts=(),
        power_totals=(),
    ) as toy:
        yield toy


def _column(table: tables.Table, name: str) -> list[str]:
    return [row[table.columns.index(name)] for row in table.rows]


# ---- power ------------------------------------------------------------------------------------
def test_power_parts_come_from_the_record(third_system):
    ours = power.power_parts(third_system)
    theirs = power.power_parts(specs.NVL72)
    assert [(p.name, p.watts, p.basis) for p in ours] == [
        (p.name, p.watts, p.basis) for p in theirs
    ]
    assert sum(p.watts for p in ours) == pytest.approx(third_system.power.value)


def test_totals_without_words_get_remainders_and_no_part_splits_nothing(third_system):
    gpus = third_system.power_parts[0]
    bare = replace(third_system, power_parts=(gpus,))
    parts = power.power_parts(bare)
    rack, all_in = specs.get("nvl72.power_rack_it").value, third_system.power.value
    chips = gpus.count.value * gpus.each.value
    assert [p.watts for p in parts] == pytest.approx([chips, rack - chips, all_in - rack])
    assert all("no source splits it" in p.name for p in parts[1:])
    assert power.power_parts(replace(third_system, power_parts=())) == []


def test_power_tables_give_each_system_its_column_or_rows(three):
    _needs_roofs()
    names = [s.name for s in three]
    assert [n for n in _column(power.power_table(three), "system") if n] == names
    for table in (
        power.per_chip_table(three),
        power.run_table(systems=three),
        power.ownership_table(systems=three),
    ):
        assert all(s.short in table.columns for s in three), table.columns
    shorts = [s for s in _column(power.spread_table(three), "system") if s]
    assert shorts == [s.short for s in three]


def test_power_tables_say_not_published(unpublished):
    shown = (*specs.ARTICLE_PAIR.systems, unpublished)
    assert NOT_PUBLISHED in power.power_table(shown).rows[-1]
    for table in (
        power.per_chip_table(shown),
        power.run_table(systems=shown),
        power.ownership_table(systems=shown),
    ):
        cells = _column(table, unpublished.short)
        assert NOT_PUBLISHED in cells and "0" not in cells
    assert power.efficiency_cases(specs.Comparison(unpublished, specs.NVL72, None)) == []
    with pytest.raises(ValueError, match="not published"):
        power.run(unpublished, 1e24)


# ---- the buyer's view ------------------------------------------------------------------------
def test_buyer_scores_every_system_and_judges_only_what_the_course_judged(three):
    toy = three[-1]
    for c in buyer.criteria(three):
        assert set(c.scores) == {s.key for s in three}
        if c.kind == "measured":
            assert c.score(toy) == pytest.approx(c.score(specs.NVL72))
        else:
            assert c.score(toy) is None
    table = buyer.criteria_table(three)
    assert NOT_PUBLISHED in _column(table, f"{toy.short} score")
    totals = buyer.totals(systems=three)
    assert totals[toy.key] is None and buyer.missing(systems=three)[toy.key]
    measured = {c.key: 1 for c in buyer.criteria() if c.kind == "measured"}
    totals = buyer.totals(measured, systems=three)
    assert totals[toy.key] == pytest.approx(totals["nvl72"])
    scores = {c: {toy.key: 9} for c in ("software_support", "integration", "developer_tools")}
    assert buyer.totals(scores=scores, systems=three)[toy.key] is not None


# ---- blast radius and failures ---------------------------------------------------------------
def test_blast_and_failure_tables_have_rows_for_every_system(three):
    rows = reliability.blast_table(three).rows
    assert {r[0] for r in rows} == {s.short for s in three}
    toy = three[-1]
    if reliability.parts_of(toy):  # its topology is published: the same as the NVL72's
        assert reliability.blast_radius(toy, "first_level_switch").chips_touched == toy.n
    else:
        assert [r[1] for r in rows if r[0] == toy.short] == [f"topology {NOT_PUBLISHED}"]
    failures = reliability.failures_table(three)
    assert [r[0] for r in failures.rows] == [s.short for s in three]


def test_optical_modules_are_counted_where_a_source_counts_them(unpublished):
    assert reliability.scale_up_modules() == (5376, 2688)
    assert reliability.scale_up_modules(unpublished) is None
    dark, nvl72 = reliability.failures_table([unpublished, specs.NVL72]).rows
    assert dark[1:] == [NOT_PUBLISHED, "-", "-", "-"]  # no source counts its modules or cables
    assert nvl72[1] == "0: passive copper inside the rack"  # its copper spine is counted


# ---- claims, verdicts, the system table ------------------------------------------------------
def test_claims_read_any_system(three):
    toy = three[-1]
    table = claims.table(three)
    assert table.columns[-1] == toy.short and len(table.rows) == len(claims.CLAIMS)
    compute = claims.claim("compute")
    assert set(compute.values(three)) == {s.key for s in three}
    assert compute.ratio(toy).value == pytest.approx(1.0)
    assert claims.claim("supernode").beside(toy) == "not a number: see the notebook"


def test_claims_say_not_published(unpublished):
    table = claims.table([unpublished])
    cells = dict(
        zip([c.key for c in claims.CLAIMS], _column(table, unpublished.short), strict=True)
    )
    assert cells["compute"] == NOT_PUBLISHED and cells["power"] == NOT_PUBLISHED
    assert cells["memory"].endswith("the NVL72)")


def test_the_fact_check_totals_each_system_and_judges_any_comparison(three):
    toy = three[-1]
    t = factcheck.totals(factcheck.Scenario(), three)
    assert set(t) == {s.key for s in three}
    assert t[toy.key] == t["nvl72"]  # the same figures, taken the same way
    pair = specs.Comparison(challenger=toy, baseline=specs.NVL72, source=specs.ARTICLE)
    got = {v.key: v for v in factcheck.verdicts(comparison=pair)}
    assert got["compute"].ratio == pytest.approx(1.0)
    assert got["compute"].verdict == "misleading"  # 1x is not "more than 1.6 times"
    assert {"optics", "interconnect", "supernode"}.isdisjoint(got)  # no CM384 counts to read
    table = factcheck.verdict_table(comparison=pair)
    assert f"{toy.short} / NVL72 (spread)" in table.columns


def test_the_system_table_has_one_column_per_system(three, unpublished):
    table = tables.system_table([*three, unpublished])
    assert table.columns[1:] == [s.name for s in (*three, unpublished)]
    dark = _column(table, unpublished.name)
    assert dark[table_row(table, "all-in power, system")] == NOT_PUBLISHED
    assert dark[table_row(table, "dense BF16 per chip")] == NOT_PUBLISHED


def table_row(table: tables.Table, label: str) -> int:
    return [r[0] for r in table.rows].index(label)


def test_every_registered_system_fits_in_the_system_table_and_the_claims():
    everything = list(specs.SYSTEMS.values())
    table = tables.system_table(everything)
    assert len(table.columns) == 1 + len(everything)
    bf16 = dict(
        zip(table.columns[1:], table.rows[table_row(table, "dense BF16, system")][1:], strict=True)
    )
    for s in everything:
        assert (bf16[s.name] == NOT_PUBLISHED) == (s.bf16_dense is None), s.key
        assert bf16[s.name] != "0"
    assert len(claims.table(everything).columns) == 4 + len(everything) - 2
    assert [r[0] for r in reliability.failures_table(everything).rows] == [
        s.short for s in everything
    ]
    assert len(buyer.criteria_table(everything).columns) == 3 + len(everything)
    assert len(power.per_chip_table(everything).columns) == 1 + len(everything)
    assert [n for n in _column(power.power_table(everything), "system") if n] == [
        s.name for s in everything
    ]
    ax = _axes()
    start.draw_claim_ratios(ax, everything)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    beside = [t.get_text() for t in ax.texts]
    for s in everything[2:]:  # beyond the article's two: a bar, or a line saying why not
        assert s.name in legend or f"{s.short}: {NOT_PUBLISHED}" in beside


@pytest.mark.slow
@pytest.mark.parametrize("name", ("claim_picker", "run_explorer"))
def test_a_widget_takes_every_registered_system(name):
    _needs_roofs()
    everything = list(specs.SYSTEMS.values())
    widget = widgets.BUILDERS[name](systems=everything)
    ticks = [t.get_text() for t in next(iter(plots.axes_list(widget.axes))).get_xticklabels()]
    assert len(ticks) == len(everything)
    for s in everything:
        if s.bf16_dense is None:
            assert NOT_PUBLISHED in widget.readout.value


# ---- figures and widgets ---------------------------------------------------------------------
def _axes(two: bool = False):
    fig = Figure()
    return fig.subplots(1, 2) if two else fig.add_subplot()


def test_figures_draw_one_bar_per_system(three):
    ax = _axes()
    start.draw_claim_ratios(ax, three)
    assert three[-1].name in [t.get_text() for t in ax.get_legend().get_texts()]
    ax = _axes()
    power_widgets.draw_power_parts(ax, three)
    assert [t.get_text() for t in ax.get_xticklabels()] == [s.name for s in three]
    axes = _axes(two=True)
    power_widgets.draw_per_chip(axes, three)
    assert [t.get_text() for t in axes[0].get_xticklabels()] == [s.short for s in three]
    assert capstone.blast_radius_picture(three).png.startswith(b"\x89PNG")


def test_figures_write_not_published(unpublished):
    shown = (*specs.ARTICLE_PAIR.systems, unpublished)
    axes = _axes(two=True)
    power_widgets.draw_per_chip(axes, shown)
    assert NOT_PUBLISHED in [t.get_text() for t in axes[1].texts]
    ax = _axes()
    start.draw_claim_ratios(ax, shown)
    assert f"{unpublished.short}: {NOT_PUBLISHED}" in [t.get_text() for t in ax.texts]


BUILDERS = ("claim_picker", "run_explorer", "ownership_explorer", "buyer_weighting")


@pytest.mark.parametrize("name", BUILDERS)
def test_a_widget_shows_the_systems_it_is_given(name, three):
    _needs_roofs()
    widget = widgets.BUILDERS[name](systems=three)
    axes = list(plots.axes_list(widget.axes))
    if name == "buyer_weighting":
        assert len(axes[0].containers) == len(three)
    else:
        ticks = [t.get_text() for t in axes[0].get_xticklabels()]
        assert len(ticks) == len(three) and ticks[-1] in (three[-1].short, three[-1].name)
    assert three[-1].short in widget.readout.value or name == "claim_picker"


@pytest.mark.slow
@pytest.mark.parametrize("name", BUILDERS)
def test_with_three_systems_every_control_changes_the_view(name, three):
    _needs_roofs()
    widget = widgets.BUILDERS[name](systems=three)
    default = widget.fingerprint()
    for control_name, seen in control_sweeps(widget):
        assert seen - {default}, f"moving {control_name!r} of {name} changed nothing"
        assert widget.fingerprint() == default, f"{name} does not redraw the same"


@pytest.mark.parametrize("name", BUILDERS)
def test_the_systems_list_adds_a_registered_system(name, third_system):
    _needs_roofs()
    widget = widgets.BUILDERS[name]()
    control = widget.controls["systems"]
    pair = tuple(s.key for s in specs.ARTICLE_PAIR.systems)
    assert list(widget.controls)[-1] == "systems" and control.value == pair
    assert third_system.key in [key for _label, key in control.options]
    before = widget.data_fingerprint(), widget.numbers()
    control.value = (*pair, third_system.key)
    assert (widget.data_fingerprint(), widget.numbers()) != before
    if name != "buyer_weighting":
        assert third_system.short in widget.readout.value or third_system.name in (
            widget.readout.value
        )
    control.value = pair
    assert (widget.data_fingerprint(), widget.numbers()) == before


@pytest.mark.parametrize("name", BUILDERS)
def test_any_choice_of_the_systems_list_is_drawn(name, third_system, unpublished):
    # The learner may take either of the article's two away, or show only systems whose maker
    # publishes no power, price or peak: one bar per system chosen, each unpublished one said.
    _needs_roofs()
    widget = widgets.BUILDERS[name]()
    challenger, baseline = (s.key for s in specs.ARTICLE_PAIR.systems)
    views = ("absolute", "ratio") if name == "run_explorer" else (None,)
    for chosen in (
        (baseline,),
        (challenger, unpublished.key),
        (unpublished.key,),
        (third_system.key, unpublished.key),
    ):
        for view in views:
            widget.set(systems=chosen, **({"view": view} if view else {}))
            axes = list(plots.axes_list(widget.axes))
            if name == "buyer_weighting":
                assert len(axes[0].containers) == len(chosen)
            else:
                assert len(axes[0].get_xticklabels()) == len(chosen)
            if unpublished.key in chosen:
                assert unpublished.short in widget.readout.value or unpublished.name in (
                    widget.readout.value
                )
                assert NOT_PUBLISHED in widget.readout.value or buyer.NO_SCORE in (
                    widget.readout.value
                )
