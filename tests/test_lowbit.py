"""Notebook 10's tables and widget: every number comes from the models, and the widget shows
what each control changes."""

import numpy as np
import pytest

from helpers import blocks, formats, lowbit, plots, specs, widgets
from helpers.widgets import blocks as wb


def test_the_fp4_grid_has_fifteen_values_in_sixteen_patterns():
    assert lowbit.grid("fp4_e2m1").tolist() == [
        -6.0, -4.0, -3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0,
    ]  # fmt: skip
    table = lowbit.grid_table("fp4_e2m1")
    assert len(table.rows) == 16 and "15 distinct values" in table.caption
    assert table.rows[8][1] == "1 00 0" and table.rows[8][-1] == "-0.0"
    assert lowbit.grid("fp6_e2m3").size == 63
    with pytest.raises(ValueError, match="fmt='bf16'"):
        lowbit.grid_table("bf16")


def test_scale_steps_follow_the_ocp_rule():
    rows = lowbit.scale_steps_table([5.3, 7.9]).rows
    assert rows[0][3:7] == ["1", "0x7F (127)", "5.3", "6"] and rows[0][7] == "rounded"
    assert rows[1][7] == "saturated"
    assert lowbit.scale_steps_table([957.0], "mxfp8_e4m3").rows[0][6] == "896"


def test_scale_rule_table_sets_the_cast_beside_the_rule():
    rows = {r[0]: r for r in lowbit.scale_rule_table([7.0, 1.5]).rows}
    assert rows["7"][1:] == ["2^0", "6", "2^1", "8"]
    assert rows["1.5"][1] == "2^-2" and rows["1.5"][3] == "2^-1"


def test_special_cases_show_where_ml_dtypes_and_the_spec_differ():
    rows = {r[0]: r for r in lowbit.special_cases_table().rows}
    assert rows["nan"][1] == "0x08 = -0.0" and rows["-nan"][1] == "0x00 = 0.0"
    assert rows["inf"][1] == "0x07 = 6.0" and rows["inf"][2] == "0xFF = nan"
    assert rows["1.5"][2] == "0x80 = 2.0" and rows["1.5"][3] == "2^0"
    assert rows["0.0"][2] == "0xFF = nan" and rows["0.0"][3] == "2^-127"


def test_stochastic_table_is_unbiased_and_nearest_is_not():
    rows = lowbit.stochastic_table(0.3, n=20_000).rows
    assert rows[0][2] == "0.5" and abs(float(rows[1][2]) - 0.3) < 0.01


def test_storage_and_headline_come_from_the_formats_and_specs():
    params = specs.LLAMA3_70B.params.value
    assert lowbit.bits_per_value("nvfp4") == 4.5 and lowbit.bits_per_value("bf16") == 16
    assert lowbit.model_bytes(params, "mxfp4") == pytest.approx(37.5e9, rel=1e-3)
    rows = {r[0]: r for r in lowbit.headline_table().rows}
    fp4 = specs.get("b300.fp4_dense").value
    assert rows["in BF16 terms: operand bits per second"][1] == "3.75 PFLOP/s"
    assert fp4 * 4 / 16 == pytest.approx(3.75e15)
    ridge = fp4 / specs.get("b300.hbm_bandwidth").value
    assert rows["FLOPs per byte read to reach the FP4 peak"][1] == f"{ridge:,.0f} FLOP/B"
    assert "HC2025" in [r[-1] for r in lowbit.chip_formats_table().rows]


def test_chip_formats_records_are_sourced():
    chips = {c.chip: c for c in specs.CHIP_FORMATS}
    assert "FP8" in chips["Ascend 910C"].missing and chips["Ascend 910C"].fp8_dense is None
    announced = chips["Ascend 950PR / 950DT (announced)"]
    assert announced.fp4_dense.value == 2 * announced.fp8_dense.value
    for c in specs.CHIP_FORMATS:
        assert c.source.key in specs.SOURCES and c.source.url
    keys = {s.key for s in lowbit.sources().sources}
    assert {"OCP-MX", "NV-NVFP4", "MX-REF", "NV-TE-NVFP4", "HC2025"} <= keys


def test_outlier_table_compares_one_scale_with_blocks():
    rows = lowbit.outlier_table(100.0).rows
    assert [r[0] for r in rows] == ["FP4, one scale per tensor", "MXFP4", "NVFP4"]
    assert [r[1] for r in rows] == ["whole tensor", "32", "16"]


def test_block_explorer_readout_and_picture_follow_the_controls():
    w = widgets.block_explorer()
    assert "MXFP4" in w.readout.value and "one scale per tensor" in w.readout.value
    w.set(scheme="nvfp4", outlier=1e7)
    assert ">99 %<" in w.readout.value  # NVFP4's other blocks are emptied
    w.set(block=8)
    assert ">8<" in w.readout.value


def test_grid_picture_draws():
    picture = widgets.fp4_grid_picture()
    assert picture.png.startswith(b"\x89PNG") and "FP4 E2M1" in picture.caption
    assert plots.show(wb.draw_fp4_grid, "x", fmt="fp6_e3m2").png.startswith(b"\x89PNG")


def test_per_tensor_of_zeros_and_specials():
    assert (blocks.per_tensor(np.zeros(4)) == 0).all()
    assert blocks.per_tensor([1.0, np.nan]).tolist() == [1.0, -0.0]  # unscaled: NaN is -0
    assert formats.round_to(np.inf, "fp4_e2m1") == 6.0
