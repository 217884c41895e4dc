"""The widgets of notebook 01: linked controls settle in one redraw, typed values are parsed
(never evaluated), every pattern can be drawn. The generic sweep tests are in test_widgets.py."""

import math

import pytest

from helpers import formats, plots, widgets
from helpers.widgets import formats as fw
from helpers.widgets.base import slider

pytestmark = pytest.mark.slow  # on the pinned Python only (see .ci/pythons)


def _count_renders(widget):
    renders = []
    original = widget.render
    widget.render = lambda: (renders.append(1), original())[1]
    return renders


def test_typing_a_value_encodes_it_in_one_redraw():
    w = widgets.bit_explorer()
    renders = _count_renders(w)
    w.set(value="1/3")
    assert w.controls["bits"].value == 0x3EAB
    assert len(renders) == 1
    assert "0x3EAB" in w.readout.value and "0.333984375" in w.readout.value


def test_clicking_a_bit_shows_the_new_value():
    w = widgets.bit_explorer()
    bits = w.controls["bits"]
    start = bits.value
    renders = _count_renders(w)
    bits.buttons[1].click()  # the top exponent bit of BF16
    assert bits.value == start ^ 0x4000
    assert w.controls["value"].value == repr(float(formats.from_bits(bits.value, "bf16")))
    assert len(renders) == 1
    bits.buttons[0].click()  # the sign
    assert w.controls["value"].value.startswith("-")


def test_the_default_doubles_with_one_click_and_the_title_follows_the_bits():
    w = widgets.bit_explorer()
    bits, value = w.controls["bits"], w.controls["value"]
    start = float(formats.from_bits(bits.value, "bf16"))
    bits.buttons[8].click()  # the lowest exponent bit of BF16
    assert float(formats.from_bits(bits.value, "bf16")) == 2 * start
    assert fw._explorer_title("bf16", value.value, bits.value) == "BF16 pattern 0x40C0 (normal)"
    w.set(value="0.1")
    assert "0.1 rounds to it, error +9.77e-05" in w.readout.value
    bits.buttons[8].click()  # halves: the value box now holds exactly what the bits say
    assert value.value == "0.050048828125" and "rounds to it" not in w.readout.value


def test_a_click_on_a_nan_payload_keeps_the_bits():
    w = widgets.bit_explorer()
    w.controls["bits"].value = 0x7FC1
    assert w.controls["value"].value == "nan" and w.controls["bits"].value == 0x7FC1


def test_the_bit_explorer_says_overflow_and_underflow():
    w = widgets.bit_explorer()
    w.set(fmt="fp16", value="70000")
    assert "70000 overflows" in w.readout.value
    w.set(value="1e-8")
    assert "1e-8 rounds to 0 (underflow)" in w.readout.value


def test_changing_the_format_re_encodes_the_typed_value():
    w = widgets.bit_explorer()
    w.set(value="0.1", fmt="fp8_e4m3")
    bits = w.controls["bits"]
    assert bits.value == formats.to_bits(0.1, "fp8_e4m3")
    assert [b.layout.display for b in bits.buttons].count("none") == 32 - 8
    assert w.controls["value"].value == "0.1"  # what the learner typed stays
    w.set(fmt="fp32")
    assert bits.value == formats.to_bits(0.1, "fp32")


def test_an_unreadable_value_says_so_and_keeps_the_bits():
    w = widgets.bit_explorer()
    start = w.controls["bits"].value
    w.set(value="__import__('os')")
    assert "Could not read" in w.readout.value
    assert w.controls["bits"].value == start


def test_bit_row_masks_to_the_format_width():
    row = fw.BitRow("fp8_e5m2", 0x1FF)
    assert row.value == 0xFF
    assert [b.description for b in row.buttons[:8]] == ["1"] * 8


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.1", 0.1), ("1/3", 1 / 3), ("2^-8", 2**-8), ("-2**10", -1024.0), ("1,000", 1000.0)],
)
def test_parse_value(text, value):
    assert fw.parse_value(text) == value


def test_parse_value_reads_specials_and_rejects_code():
    assert math.isinf(fw.parse_value("-inf")) and math.isnan(fw.parse_value("nan"))
    assert fw.parse_value("1/0") is None
    assert fw.parse_value("os.system('x')") is None


@pytest.mark.parametrize("key", list(formats.FORMATS))
def test_every_kind_of_pattern_draws(key):
    f = formats.FORMATS[key]
    for bits in (0, f.sign_mask, 1, f.max_bits, f.nan_bits, f.inf_bits or 0):
        picture = plots.show(fw.draw_bit_explorer, "x", fmt=key, value="abc", bits=bits)
        assert picture.png.startswith(b"\x89PNG")


def test_rounding_explorer_reads_out_the_steps():
    w = widgets.rounding_explorer()
    assert "more than one half" in w.readout.value
    w.set(fmt="fp16", value="70000")
    assert "binade of 2^16" in w.readout.value and "FP16 has none" in w.readout.value
    assert "lies in the binade" not in w.readout.value and "overflow" in w.readout.value
    w.set(fmt="fp8_e4m3")
    assert "NaN (FP8 E4M3 has no infinity; a saturating conversion gives 448.0" in w.readout.value
    for label, text in fw.ROUNDING_CASES.items():
        assert fw.parse_value(text) is not None, label


def test_accumulation_and_loss_scaling_read_outs():
    w = widgets.accumulation()
    assert "stops growing" in w.readout.value and "never" in w.readout.value  # FP32 never stalls
    w = widgets.loss_scaling()
    w.set(log2_scale=16)
    assert "2^16" in w.readout.value


def test_range_precision_names_formats_out_of_range():
    w = widgets.range_precision()
    w.set(x=1e30)
    assert "out of range (largest 65,504)" in w.readout.value


def test_range_precision_draws_no_marker_where_a_format_stores_zero(monkeypatch):
    drawn = []
    original = fw.Axes.plot

    def plot(ax, *args, **kwargs):
        drawn.append(kwargs.get("markersize"))
        return original(ax, *args, **kwargs)

    monkeypatch.setattr(fw.Axes, "plot", plot)
    for relative in (True, False):
        drawn.clear()
        plots.show(fw.draw_range_precision, "x", x=1e-8, relative=relative)
        assert drawn.count(10) == 2  # FP32 and BF16 store 1e-8; FP16 and both FP8 store 0
    w = widgets.range_precision()
    w.set(x=1e-8)
    assert "0 (underflow" in w.readout.value


def test_accumulation_terms_move_one_count_per_arrow_press():
    w = widgets.accumulation()
    counts = [value for _label, value in w.controls["n"].options]
    assert counts == sorted(set(counts)) and counts[-1] == fw.MAX_TERMS
    finals = set()
    for n in counts[:4]:
        w.set(n=n)
        finals.add(w.readout.value)
    assert len(finals) == 4  # every press changes the readout's numbers


def test_captions_compute_their_numbers():
    assert f"{fw.ERROR_SAMPLES:,}" in fw.rounding_error_caption()
    assert "65,520" in widgets.loss_scaling().caption  # FP16 overflows from halfway to 2^16
    assert "0.333984375" in widgets.rounding_explorer().caption


def test_static_figures_draw():
    for draw in (fw.draw_matmul_error, fw.draw_rounding_error):
        assert plots.show(draw, "caption").png.startswith(b"\x89PNG")


def test_log_slider_checks_its_value_against_the_powers_of_ten():
    assert slider("n", 1000, 1, 4, log=True).value == 1000
    with pytest.raises(ValueError, match=r"value=100000.0 of slider 'n' is outside \[10, 10000\]"):
        slider("n", 1e5, 1, 4, log=True)
