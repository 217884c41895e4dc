"""The block formats: worked examples from the OCP MX rule and NVIDIA's NVFP4 recipe, and the
properties of block scaling (half a step inside the range, exact saturation, zeros, outliers,
padding that never leaks, NaN and Inf as the spec decodes them)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from helpers import blocks, formats, lowbit, specs

MX = [k for k, b in blocks.BLOCK_FORMATS.items() if not b.tensor_scale]


# --------------------------------------------------------------------------------------------
# Worked examples
# --------------------------------------------------------------------------------------------
def test_mxfp4_block_with_max_5_3():
    q = blocks.quantize_blocks([5.3, 1.2, -0.2, 0.7], "mxfp4")
    assert q.block == 32 and q.scales.tolist() == [127]  # 2**(2 - 2) = 1: E8M0 0x7F
    assert q.values().tolist() == [6.0, 1.0, -0.0, 0.5]
    assert q.elements.tolist() == [0b0111, 0b0010, 0b1000, 0b0001]


def test_mxfp4_block_max_7_9_saturates_to_6():
    x = 7.9
    q = blocks.quantize_blocks([x, 1.0], "mxfp4")
    assert q.scales.tolist() == [127] and q.values()[0] == 6.0
    assert x - q.values()[0] == x - formats.get("fp4_e2m1").max * 1.0


def test_mxfp8_e4m3_957_comes_back_as_896():
    # The MX reference library's own example (microsoft/microxcaling issue 4): floor(log2 957)
    # is 9, E4M3's emax is 8, so X = 2 and 957 / 2 = 478.5 saturates at 448.
    q = blocks.quantize_blocks([957.0, 1.0, 2.0], "mxfp8_e4m3")
    assert q.scales.tolist() == [128] and q.values().tolist() == [896.0, 1.0, 2.0]


def test_mx_scales_of_each_element_type():
    amax = 100.0  # floor(log2) = 6
    for key, emax in [
        ("mxfp8_e4m3", 8),
        ("mxfp8_e5m2", 15),
        ("mxfp6_e2m3", 2),
        ("mxfp6_e3m2", 4),
        ("mxfp4", 2),
    ]:
        q = blocks.quantize_blocks([amax], key)
        assert int(q.scales[0]) == 127 + 6 - emax, key


def test_nvfp4_example():
    # amax 12: encode scale 6 x 448 / 12 = 224; the first block's scale 12 / 6 x 224 = 448
    # (E4M3 0x7E), so its elements are x / 2; the second block's amax 1.2 gives 44.8, stored as
    # the E4M3 value 44, and 1.2 / (44 / 224) = 6.1 saturates at 6.
    x = np.array([12.0, 6.0, 3.0, -1.0, 0.5] + [0.0] * 11 + [1.2, 0.3] * 8)
    q = blocks.quantize_blocks(x, "nvfp4")
    assert q.block == 16 and q.tensor_scale == 224.0
    assert q.scales.tolist() == [0x7E, int(formats.to_bits(44.0, "fp8_e4m3"))]
    assert q.values()[:5].tolist() == [12.0, 6.0, 3.0, -1.0, 0.0]  # 0.25 ties to 0
    assert q.values()[16] == pytest.approx(6 * 44 / 224, rel=1e-15)


def test_nvfp4_follows_the_reference_arithmetic_in_fp32():
    rng = np.random.default_rng(4)
    x = (rng.standard_normal((8, 64)) * np.exp(rng.normal(0, 2, (8, 1)))).astype(np.float32)
    q = blocks.quantize_blocks(x, "nvfp4")
    f32 = np.float32
    encode = f32(6) * f32(448) / np.abs(x).max()
    amax = np.abs(x).reshape(8, 4, 16).max(axis=-1)
    want = formats.to_bits(np.minimum(amax * (encode * (f32(1) / f32(6))), f32(448)), "fp8_e4m3")
    assert q.tensor_scale == float(encode) and (q.scales == want).all()
    scale = formats.from_bits(q.scales, "fp8_e4m3").astype(f32)
    scaled = x.reshape(8, 4, 16) * (f32(1) / (scale * (f32(1) / encode)))[..., None]
    assert (q.elements == formats.to_bits(scaled.reshape(8, 64), "fp4_e2m1")).all()


def test_storage_per_value():
    assert blocks.get("mxfp4").bits_per_value() == 4.25
    assert blocks.get("nvfp4").bits_per_value() == 4.5
    q = blocks.quantize_blocks(np.ones(64), "nvfp4")
    assert q.nbytes == (64 * 4 + 4 * 8 + 32) / 8
    params = specs.LLAMA3_70B.params.value
    assert lowbit.model_bytes(params, "mxfp4") == params * (4 + 8 / 32) / 8


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------
magnitudes = st.floats(min_value=2.0**-100, max_value=2.0**100)
block_values = hnp.arrays(
    np.float64,
    st.integers(1, 80),
    elements=st.floats(-(2.0**100), 2.0**100, allow_nan=False) | st.just(0.0),
)


@settings(max_examples=300, deadline=None)
@given(block_values, st.sampled_from(MX), st.sampled_from([None, 8, 16, 32]))
def test_each_mx_element_is_half_a_step_off_or_saturates_exactly(x, key, block):
    bf = blocks.get(key)
    q = blocks.quantize_blocks(x, key, block)
    size = block or bf.block
    exponents = np.repeat(q.scales.astype(int) - 127, size)[: x.size]
    scale = np.ldexp(1.0, exponents)
    back = q.values()
    scaled = np.abs(x) / scale
    inside = scaled <= bf.element.max
    gap = formats.spacing(x / scale, bf.element) * scale
    assert (np.abs(back - x)[inside] <= gap[inside] / 2).all()
    saturated = ~inside
    assert (np.abs(back[saturated]) == bf.element.max * scale[saturated]).all()
    assert (np.abs(x[saturated]) - np.abs(back[saturated]) == np.abs(x - back)[saturated]).all()
    assert (np.sign(back) * np.sign(x) >= 0).all()


@settings(max_examples=200, deadline=None)
@given(block_values, st.sampled_from([*MX, "nvfp4"]), st.integers(1, 40))
def test_padding_never_leaks(x, key, block):
    n = x.size
    q = blocks.quantize_blocks(x, key, block)
    padded = np.concatenate([x, np.zeros(-n % block)])
    p = blocks.quantize_blocks(padded, key, block)
    assert q.values().shape == (n,) and q.elements.shape == (n,)
    assert q.scales.shape == (math.ceil(n / block),)
    assert (q.scales == p.scales).all() and (q.elements == p.elements[:n]).all()
    np.testing.assert_array_equal(q.values(), p.values()[:n])


@pytest.mark.parametrize("key", [*MX, "nvfp4"])
def test_rows_are_quantized_on_their_own(key):
    x = np.random.default_rng(5).standard_normal((3, 37)) * np.array([[1.0], [100.0], [0.01]])
    q = blocks.quantize_blocks(x, key)
    assert q.values().shape == (3, 37) and q.scales.shape[:1] == (3,)
    if not blocks.get(key).tensor_scale:  # NVFP4's tensor scale couples the rows
        for i in range(3):
            np.testing.assert_array_equal(q.values()[i], blocks.roundtrip(x[i], key))


@pytest.mark.parametrize("key", [*MX, "nvfp4"])
def test_a_block_of_zeros(key):
    q = blocks.quantize_blocks(np.zeros(40), key)
    assert (q.values() == 0).all() and (q.elements & 0x7F == 0).all()
    assert (q.scales == 0).all()  # the smallest scale: E8M0 2**-127, or E4M3 zero


@pytest.mark.parametrize("key", MX)
def test_one_huge_outlier_costs_its_own_block_only(key):
    x = np.random.default_rng(6).standard_normal(128)
    y = x.copy()
    y[3] = 1e6
    el, size = blocks.get(key).element, blocks.get(key).block
    qx, qy = blocks.roundtrip(x, key), blocks.roundtrip(y, key)
    np.testing.assert_array_equal(qx[size:], qy[size:])  # the other blocks do not move
    assert qy[3] == pytest.approx(1e6, rel=0.3)
    others = np.arange(size) != 3
    lost = np.abs(qy - y)[:size][others].mean() > 4 * np.abs(qx - x)[:size][others].mean()
    assert lost == (el.max / el.min_subnormal < 1e6)  # unless the element spans the ratio
    if el.key == "fp4_e2m1":
        assert np.mean(qy[:size][others] == 0) > 0.5  # in FP4 they flush to zero


def test_nvfp4_outliers_beyond_the_e4m3_range_empty_the_other_blocks():
    x = np.random.default_rng(6).standard_normal(128)
    for outlier, emptied in [(100.0, False), (1e7, True)]:
        y = x.copy()
        y[3] = outlier
        q = blocks.quantize_blocks(y, "nvfp4")
        assert (q.scales[1:] == 0).all() == emptied
        assert (q.values()[16:] == 0).all() == emptied


@pytest.mark.parametrize("key", [*MX, "nvfp4"])
@pytest.mark.parametrize("special", [np.nan, np.inf, -np.inf])
def test_nan_and_inf_make_their_block_nan(key, special):
    bf = blocks.get(key)
    x = np.ones(3 * bf.block)
    x[bf.block + 2] = special
    q = blocks.quantize_blocks(x, key)
    values = q.values()
    assert int(q.scales[1]) == bf.scale.nan_bits
    assert np.isnan(values[bf.block : 2 * bf.block]).all()
    assert (values[: bf.block] == 1).all() and (values[2 * bf.block :] == 1).all()


def test_the_mx_scale_is_read_off_amax_never_cast():
    assert blocks.shared_exponent(7.9, "fp4_e2m1") == 0  # 2**2 <= 7.9 < 2**3, minus emax 2
    assert float(formats.round_to(7.9, "e8m0")) == 8.0  # a cast would round up to 2**3
    assert blocks.shared_exponent(2.0**-140, "fp4_e2m1") == -127  # clamped
    assert blocks.shared_exponent(0.0, "fp4_e2m1") == -127
    assert math.isnan(blocks.shared_exponent(np.nan, "fp4_e2m1"))


def test_float64_input_beyond_the_scale_range_gives_a_nan_scale():
    q = blocks.quantize_blocks([1e300, 1.0], "mxfp4")
    assert q.scales.tolist() == [0xFF] and np.isnan(q.values()).all()


# --------------------------------------------------------------------------------------------
# API and errors
# --------------------------------------------------------------------------------------------
def test_formats_module_leads_to_the_block_formats():
    assert formats.quantize_blocks is blocks.quantize_blocks
    assert formats.dequantize_blocks is blocks.dequantize_blocks
    with pytest.raises(AttributeError, match="nope"):
        _ = formats.nope


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: blocks.quantize_blocks([1.0], "mxfp5"), ValueError, "fmt='mxfp5'"),
        (lambda: blocks.quantize_blocks([1.0], "mxfp4", 0), ValueError, "block=0"),
        (lambda: blocks.quantize_blocks([1.0], "mxfp4", 2.5), TypeError, "block=2.5"),
        (lambda: blocks.quantize_blocks([], "mxfp4"), ValueError, "x is empty"),
        (lambda: blocks.quantize_blocks(["a"], "mxfp4"), TypeError, "dtype"),
        (lambda: blocks.dequantize_blocks([1, 2]), TypeError, "q=list"),
        (lambda: blocks.outlier_tensor(0), ValueError, "n=0"),
        (lambda: blocks.outlier_tensor(8, -1.0), ValueError, "outlier=-1.0"),
    ],
)
def test_bad_arguments_name_themselves(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_errors_compare_blocks_with_one_scale_per_tensor():
    x = blocks.outlier_tensor(128, 100.0)
    one = blocks.errors(x, blocks.PER_TENSOR)
    mx = blocks.errors(x, "mxfp4")
    nv = blocks.errors(x, "nvfp4")
    assert one.zeroed > 0.9 > mx.zeroed > nv.zeroed
    assert mx.block_rms.shape == (4,) and nv.block_rms.shape == (8,)
    assert one.relative > mx.relative > nv.relative
