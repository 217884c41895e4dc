"""The power and cost model against hand-computed cases, its properties, its errors, and
notebook 07's widgets."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import comm, power, scaling, specs, widgets
from helpers.specs import CM384, DEEPSEEK_V3, FIGURES, KWH, NVL72, YEAR

CM_POWER, NV_POWER = 559e3, 145e3  # W, SemiAnalysis
CM_PEAK, NV_PEAK = 384 * 780e12, 72 * 2.5e15  # FLOP/s, dense BF16
CM_PRICE, NV_PRICE = 8.2e6, 3e6  # USD


def test_hand_figures_match_specs():
    assert (CM384.power.value, NVL72.power.value) == (CM_POWER, NV_POWER)
    assert CM384.bf16_dense.value == pytest.approx(CM_PEAK)
    assert NVL72.bf16_dense.value == pytest.approx(NV_PEAK)
    assert (CM384.price.value, NVL72.price.value) == pytest.approx((CM_PRICE, NV_PRICE))
    assert KWH == 3.6e6 and YEAR == 365.25 * 86400


def test_power_parts_add_up_to_the_all_in_power():
    for system in specs.ARTICLE_PAIR.systems:
        parts = power.power_parts(system)
        assert sum(p.watts for p in parts) == pytest.approx(system.power.value)
        assert all(p.low <= p.watts <= p.high for p in parts)
    optics = power.power_parts(CM384)[0]
    assert optics.watts == comm.transceiver_power().watts == pytest.approx(6912 * 5)
    assert (optics.low, optics.high) == pytest.approx((6912 * 4, 6912 * 6))
    gpus, rack, beyond = power.power_parts(NVL72)
    assert gpus.watts == 72 * 1200
    assert rack.watts == pytest.approx(120e3 - 72 * 1200)
    assert beyond.watts == pytest.approx(25e3)


def test_flops_per_watt_and_the_spread_of_ratios():
    cm = power.flops_per_watt(CM384.bf16_dense, CM384.power)
    nv = power.flops_per_watt(NVL72.bf16_dense, NVL72.power)
    assert cm == pytest.approx(CM_PEAK / CM_POWER)
    assert nv / cm == pytest.approx((NV_PEAK / NV_POWER) / (CM_PEAK / CM_POWER))
    assert nv / cm == pytest.approx(2.317, abs=1e-3)
    cases = power.efficiency_cases()
    assert len(cases) == 8 and cases[0].ratio == pytest.approx(nv / cm)
    table_q = FIGURES["sa.flop_per_watt_ratio_table"]
    subtitle_q = FIGURES["sa.flop_per_watt_ratio_subtitle"]
    assert cases[0].matches(table_q) and not cases[0].matches(subtitle_q)
    sub = [c for c in cases if c.matches(subtitle_q)]
    assert len(sub) == 1
    assert (sub[0].power["cm384"].value, sub[0].compute["cm384"].value) == (600e3, 384 * 752e12)
    assert sub[0].ratio == pytest.approx((NV_PEAK / NV_POWER) / (384 * 752e12 / 600e3))


def test_a_run_by_hand():
    flops = 6 * 37e9 * 14.8e12
    price, grid, life = 0.08 / KWH, 0.48 / KWH, 4 * YEAR
    r = power.run(CM384, flops, mfu=0.4, pue=1.3, price=price, intensity=grid, life=life)
    seconds = flops / (CM_PEAK * 0.4)
    assert r.seconds == pytest.approx(seconds)
    assert r.it_energy == pytest.approx(seconds * CM_POWER)
    assert r.energy == pytest.approx(seconds * CM_POWER * 1.3)
    assert r.energy / KWH / 1e6 == pytest.approx(5.536, abs=1e-3)  # GWh
    assert r.electricity_cost == pytest.approx(r.energy / KWH * 0.08)
    assert r.co2 == pytest.approx(r.energy / KWH * 0.48)
    assert r.hardware_cost == pytest.approx(CM_PRICE * seconds / life)
    assert r.cost == r.electricity_cost + r.hardware_cost
    assert r.days == pytest.approx(seconds / 86400)


def test_more_systems_shorten_a_run_but_not_its_energy():
    flops = scaling.training_flops(DEEPSEEK_V3, 1e12)
    one, four = power.run(NVL72, flops), power.run(NVL72, flops, systems=4)
    assert four.seconds == pytest.approx(one.seconds / 4)
    assert four.energy == pytest.approx(one.energy)
    assert four.hardware_cost == pytest.approx(one.hardware_cost)


def test_ownership_by_hand():
    life, pue, price, mfu = 4 * YEAR, 1.3, 0.08 / KWH, 0.4
    o = power.ownership(NVL72, life=life, pue=pue, price=price, mfu=mfu)
    per_s = NV_PRICE / life + NV_POWER * pue * price
    assert o.per_hour == pytest.approx(per_s * 3600)
    assert o.per_pflop_hour == pytest.approx(per_s * 3600 * 1e15 / (NV_PEAK * mfu))
    assert o.per_pflop_hour == pytest.approx(1.398, abs=1e-3)
    assert o.training_tokens_per_s(DEEPSEEK_V3) == pytest.approx(NV_PEAK * mfu / (6 * 37e9))
    assert o.per_million_tokens(1e6) == pytest.approx(per_s)


def test_decode_cost_charges_only_the_decode_npus():
    """The paper decodes on 160 NPUs (EP320 over two dies each) at 1,943 tokens/s each; those
    NPUs' share of the CM384's price and power pays for the tokens, the prefill NPUs do not."""
    assert power.paper_decode() == (160, 160 * 1943)
    o = power.ownership(CM384)
    per_s = o.hardware_per_s + o.electricity_per_s
    want = per_s * 160 / 384 / (160 * 1943) * 1e6
    assert power.decode_cost_per_million(o) == pytest.approx(want)
    assert "prefill" in power.ownership_table().caption


def test_semianalysis_ratios_from_its_table_and_its_text():
    table, text, subtitle = power.sa_ratios()
    assert table.power_ratio == pytest.approx(559 / 145)
    assert text.power_ratio == pytest.approx(600 / 145)
    assert table.per_flop == pytest.approx((NV_PEAK / NV_POWER) / (CM_PEAK / 559e3))
    assert text.per_flop == pytest.approx((NV_PEAK / NV_POWER) / (CM_PEAK / 600e3))
    assert (round(table.power_ratio, 1), round(text.power_ratio, 1)) == (3.9, 4.1)
    assert (round(table.per_flop, 1), round(text.per_flop, 1)) == (2.3, 2.5)
    assert round(text.per_flop, 1) == text.stated.value
    assert round(text.power_ratio, 1) == text.stated_power.value
    assert subtitle.power is None and subtitle.stated.value == 2.6
    # the only inputs that give the subtitle's 2.6x use the paper's 752 TFLOPS (June 2025)
    look = power.subtitle_lookalike()
    assert look.compute["cm384"].name == "cm384.bf16_dense_paper"
    assert "2025-06" in repr(power.efficiency_table())


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: power.run(CM384, 1e24, pue=0.9), r"pue=0.9"),
        (lambda: power.run(CM384, 1e24, price=-1), r"^price=-1"),
        (lambda: power.run(CM384, 1e24, intensity=float("nan")), r"^intensity=nan"),
        (lambda: power.run(CM384, 1e24, life=0), r"^life=0 must be a finite number, above 0"),
        (lambda: power.run(CM384, 1e24, mfu=0), r"^mfu=0"),
        (lambda: power.run(CM384, 0), r"flops=0"),
        (lambda: power.run(CM384, 1e24, systems=0), r"systems=0"),
        (lambda: power.ownership(CM384, life=-1), r"^life=-1"),
        (lambda: power.ownership(CM384, mfu=1.5), r"^mfu=1.5"),
        (lambda: power.ownership(CM384, price=-1), r"^price=-1"),
        (lambda: power.ownership(CM384).per_million_tokens(0), r"tokens_per_s=0"),
        (lambda: power.flops_per_watt(1e15, 0), r"power=0"),
        (lambda: power.paper_decode(NVL72), r"system='NVL72'"),
    ],
)
def test_bad_input_raises_value_error_naming_the_parameter(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_tables_render():
    for table in (
        power.power_table(),
        power.spread_table(),
        power.efficiency_table(),
        power.per_chip_table(),
        power.run_table(),
        power.ownership_table(),
        power.defaults_table(),
        power.sa_ratio_table(),
    ):
        assert repr(table) and table._repr_html_().startswith("<table>")
    assert "2.32x" in repr(power.efficiency_table())
    assert "1.46 kW" in repr(power.per_chip_table()) and "2.01 kW" in repr(power.per_chip_table())
    assert "per joule" not in repr(power.defaults_table())  # a unit the table does not show


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------
mfus = st.floats(min_value=0.05, max_value=1.0)
pues = st.floats(min_value=1.0, max_value=3.0)
prices = st.floats(min_value=0.0, max_value=1.0 / KWH)


@given(st.floats(min_value=1e18, max_value=1e26), mfus, pues, prices)
def test_same_work_costs_energy_in_proportion_to_watts_per_flop(flops, mfu, pue, price):
    cm, nv = (
        power.run(s, flops, mfu=mfu, pue=pue, price=price) for s in specs.ARTICLE_PAIR.systems
    )
    fpw = [power.flops_per_watt(s.bf16_dense, s.power) for s in specs.ARTICLE_PAIR.systems]
    assert cm.energy / nv.energy == pytest.approx(fpw[1] / fpw[0], rel=1e-9)
    assert cm.electricity_cost >= 0 and cm.co2 >= 0


@given(mfus, pues, prices, prices)
def test_cost_never_falls_when_electricity_costs_more(mfu, pue, a, b):
    lo, hi = sorted((a, b))
    for s in specs.ARTICLE_PAIR.systems:
        cheap = power.ownership(s, mfu=mfu, pue=pue, price=lo)
        dear = power.ownership(s, mfu=mfu, pue=pue, price=hi)
        assert cheap.per_pflop_hour <= dear.per_pflop_hour * (1 + 1e-12)


# ---------------------------------------------------------------------------------------------
# Widgets of notebook 07
# ---------------------------------------------------------------------------------------------
def test_run_widget_reports_both_systems():
    widget = widgets.run_explorer()
    assert "GWh" in widget.readout.value and "NVL72" in widget.readout.value
    widget.set(grams_per_kwh=0)
    assert "CO2 0 t" in widget.readout.value


def test_run_widget_moves_its_bars_on_fixed_axes():
    widget = widgets.run_explorer()
    energy = widget.axes[1]
    top, heights = energy.get_ylim(), [p.get_height() for p in energy.patches]
    widget.set(pue=1.6)
    assert energy.get_ylim() == top
    assert [p.get_height() for p in energy.patches] == pytest.approx(
        [h * 1.6 / 1.3 for h in heights]
    )
    widget.set(view="ratio")  # the energy ratio does not depend on the PUE
    ratio = [p.get_height() for p in energy.patches]
    widget.set(pue=1.1)
    assert [p.get_height() for p in energy.patches] == pytest.approx(ratio)
    assert "CM384 / NVL72</b>: time" in widget.readout.value


def test_ownership_widget_has_a_fixed_axis_with_units():
    widget = widgets.ownership_explorer()
    per_hour = widget.axes[0]
    assert per_hour.get_ylabel() == "USD per hour"
    top = per_hour.get_ylim()
    widget.set(years=8)
    assert per_hour.get_ylim() == top
    assert "USD per PFLOP-hour" in widget.readout.value


def test_slider_defaults_are_clean_numbers():
    widget = widgets.run_explorer()
    assert widget.controls["grams_per_kwh"].value == 480  # literal-ok: the grid's default
    assert (
        repr(widgets.power.DEFAULTS["grams_per_kwh"]) == "480.0"
    )  # literal-ok: no 480.00000000000006


def test_figure_captions_take_their_figures_from_specs():
    parts = widgets.power.power_parts_caption()
    assert f"{FIGURES['cm384.transceivers'].value:,.0f} optical modules" in parts
    assert "whisker: 4-6 W each" in parts  # literal-ok: the assumption's range, 4-6 W
    assert "up to 1.2 kW each" in parts  # literal-ok: NVIDIA's up to 1,200 W per B200
    cases = widgets.power.efficiency_caption()
    assert "780 or 752 TFLOPS per chip, 559 or 600 kW" in cases  # literal-ok: the spreads
    assert "145 kW all-in power or 120 kW rack IT load" in cases  # literal-ok: the spreads
    assert "states in its table, text and subtitle" in cases
    assert "2.3x" not in cases  # literal-ok: the answer of 07.fpw_ratio stays off the caption


def test_per_chip_power_is_predicted_before_a_table_shows_it():
    import json

    from conftest import ROOT

    cells = json.loads((ROOT / "notebooks" / "07_power_and_efficiency.ipynb").read_text())["cells"]
    sources = ["".join(c["source"]) for c in cells]

    def first(text: str) -> int:
        return next(i for i, s in enumerate(sources) if text in s)

    asked = first('exercises.predict("07.per_chip_power")')
    for shown in ("power.spread_table()", "power.per_chip_table()"):  # both give W per chip
        assert asked < first(shown), shown
