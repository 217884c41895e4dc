"""Below eight bits: the OCP MX element types FP6 and FP4 and the scale type E8M0 are correct
to the bit against ml_dtypes (constants, every pattern, float32 input near every threshold,
both modes), where ml_dtypes' rule differs from the OCP text it is tested on its own, and
stochastic rounding is unbiased. The full 2**32 check is `make exhaustive`."""

import math
from fractions import Fraction

import ml_dtypes
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import blocks, formats, specs

REFERENCE = {
    "fp6_e2m3": ml_dtypes.float6_e2m3fn,
    "fp6_e3m2": ml_dtypes.float6_e3m2fn,
    "fp4_e2m1": ml_dtypes.float4_e2m1fn,
    "e8m0": ml_dtypes.float8_e8m0fnu,
}
KEYS = list(REFERENCE)
ELEMENTS = ["fp6_e2m3", "fp6_e3m2", "fp4_e2m1"]


def reference_bits(x, key):
    with np.errstate(invalid="ignore", over="ignore"):
        return np.asarray(x).astype(REFERENCE[key]).view(np.uint8)


def same_bits(got, want, key):
    got, want = np.asarray(got), np.asarray(want)
    return (got == want) | (formats.is_nan(got, key) & formats.is_nan(want, key))


def sample(n=1 << 18, seed=0):
    """Random float32 patterns plus every pattern within 300 ulps of each power of two from
    2**-150 to 2**128 and of each format's largest value and its midpoints, both signs."""
    rng = np.random.default_rng(seed)
    parts = [rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32)]
    edges = [2.0**e for e in range(-149, 128)] + [0.0]
    for key in KEYS:
        f = formats.get(key)
        edges += [f.max, f.max * (1 + 2.0**-f.precision), 1.5 * f.min_normal]
    centre = np.array(edges, np.float32).view(np.uint32).astype(np.int64)
    near = (centre[:, None] + np.arange(-300, 300)).clip(0, 0x7F800001).astype(np.uint32).ravel()
    parts += [near, near | np.uint32(1 << 31)]
    return np.concatenate(parts).view(np.float32)


# --------------------------------------------------------------------------------------------
# Constants and layouts
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", KEYS)
def test_constants_match_finfo(key):
    f, info = formats.get(key), ml_dtypes.finfo(REFERENCE[key])
    assert (f.bits, f.mantissa_bits) == (info.bits, info.nmant)
    assert f.max == float(info.max)
    assert f.min_normal == float(info.smallest_normal)
    assert f.min_subnormal == float(info.smallest_subnormal)
    assert f.eps == float(info.eps)
    assert (f.emin, f.emax) == (info.minexp, info.maxexp - 1)
    assert f.uint == np.dtype(np.uint8)
    assert f.layout is specs.FORMAT_LAYOUTS[key] and f.source is specs.OCP_MX


def test_the_formats_of_the_issue():
    fp4, e8m0 = formats.get("fp4_e2m1"), formats.get("e8m0")
    assert (fp4.max, fp4.has_inf, fp4.has_nan, fp4.nan_bits) == (6.0, False, False, None)
    assert (formats.get("fp6_e2m3").max, formats.get("fp6_e3m2").max) == (7.5, 28.0)
    assert (e8m0.bias, e8m0.signed, e8m0.has_zero, e8m0.nan_bits, e8m0.max_bits) == (
        127,
        False,
        False,
        0xFF,
        0xFE,
    )
    assert e8m0.max == 2.0**127 and e8m0.min_normal == 2.0**-127
    assert repr(e8m0) == "Format('e8m0': 0/8/0, fn)"


def test_notebook_01_keeps_its_five_formats():
    assert list(formats.FORMATS) == ["fp32", "fp16", "bf16", "fp8_e4m3", "fp8_e5m2"]
    assert set(formats.SMALL_FORMATS) == set(KEYS)
    assert set(formats.ALL_FORMATS) == set(formats.FORMATS) | set(KEYS)


# --------------------------------------------------------------------------------------------
# Every pattern, and float32 input, against ml_dtypes
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", KEYS)
def test_every_pattern_decodes_as_the_reference(key):
    f = formats.get(key)
    bits = np.arange(1 << f.bits, dtype=np.uint8)
    with np.errstate(invalid="ignore"):
        want = bits.view(REFERENCE[key]).astype(np.float64)
    got = formats.from_bits(bits, key)
    np.testing.assert_array_equal(got, want)
    assert (np.signbit(got) == np.signbit(want)).all()
    assert (formats.is_nan(bits, key) == np.isnan(want)).all()


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("source", [np.float32, np.float64])
def test_every_pattern_round_trips(key, source):
    f = formats.get(key)
    bits = np.arange(1 << f.bits, dtype=np.uint8)
    values = formats.from_bits(bits, key).astype(source)
    for saturate in (False, True):
        assert same_bits(formats.to_bits(values, key, saturate=saturate), bits, key).all()


@pytest.mark.parametrize("key", KEYS)
def test_float32_input_equals_the_reference_cast(key):
    x = sample()
    assert same_bits(formats.to_bits(x, key), reference_bits(x, key), key).all()


@pytest.mark.parametrize("key", ELEMENTS)
def test_elements_saturate_in_both_modes_and_nan_becomes_an_opposite_zero(key):
    f = formats.get(key)
    x = sample(1 << 14)
    assert (formats.to_bits(x, key) == formats.to_bits(x, key, saturate=True)).all()
    inputs = np.array([np.inf, -np.inf, 1e30, -1e30, np.nan, -np.nan], np.float32)
    want = [f.max_bits, f.sign_mask | f.max_bits] * 2 + [f.sign_mask, 0]
    assert formats.to_bits(inputs, key).tolist() == want
    assert (
        formats.round_to(np.nan, key) == 0 and math.copysign(1, formats.round_to(np.nan, key)) < 0
    )


def test_e8m0_saturating_mode_clamps_positive_overflow_only():
    x = np.array([np.inf, 2.0**127 * 1.5, 1e300, 0.0, -1.0, -np.inf, np.nan, 1.0])
    assert formats.to_bits(x, "e8m0").tolist() == [0xFF] * 7 + [0x7F]
    assert formats.to_bits(x, "e8m0", saturate=True).tolist() == [0xFE] * 3 + [0xFF] * 4 + [0x7F]


# --------------------------------------------------------------------------------------------
# Float64 input, by exact arithmetic (rounded once)
# --------------------------------------------------------------------------------------------
def exact_element(x, key):
    """``x`` rounded to the FP6/FP4 type ``key`` by exact rational arithmetic: nearest, ties to
    even, saturating at the largest value."""
    f = formats.get(key)
    q = abs(Fraction(x))
    e = f.emin
    while q >= Fraction(2) ** (e + 1):
        e += 1
    step = Fraction(2) ** (e - f.mantissa_bits)
    n, rest = divmod(q, step)
    if rest > step / 2 or (rest == step / 2 and n % 2 == 1):
        n += 1
    return math.copysign(float(min(n * step, Fraction(f.max))), x)


def exact_e8m0(x):
    """ml_dtypes' E8M0 rule on the exact value ``x`` (see helpers.formats): NaN for x <= 0;
    2**-127 up to it, 2**-126 between 2**-127 and 2**-126, else the nearest power of two with
    ties up; NaN past 2**127."""
    if not x > 0 or math.isinf(x):
        return math.nan
    if x <= 2.0**-127:
        return 2.0**-127
    if x < 2.0**-126:
        return 2.0**-126
    e = math.frexp(x)[1] - 1
    up = Fraction(x) >= Fraction(3, 2) * Fraction(2) ** e
    e += int(up)
    return 2.0**e if e <= 127 else math.nan


finite64 = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=400, deadline=None)
@given(finite64, st.sampled_from(ELEMENTS))
def test_float64_elements_round_once(x, key):
    assert formats.round_to(x, key) == exact_element(x, key)


@settings(max_examples=400, deadline=None)
@given(st.floats(min_value=2.0**-140, max_value=2.0**130) | finite64)
def test_float64_e8m0_follows_the_documented_rule(x):
    got, want = float(formats.round_to(x, "e8m0")), exact_e8m0(x)
    assert got == want or (math.isnan(got) and math.isnan(want))


def test_e8m0_rounds_float64_once_where_ml_dtypes_rounds_twice():
    x = 1.5 - 2.0**-30  # below the tie 1.5; float32 rounds it up to the tie, which goes up
    assert formats.to_bits(x, "e8m0") == 0x7F
    assert reference_bits(np.float64(x), "e8m0") == 0x80


# --------------------------------------------------------------------------------------------
# Where ml_dtypes' rule is not the OCP text: the MX scale is rounded down, never cast
# --------------------------------------------------------------------------------------------
@settings(max_examples=400, deadline=None)
@given(st.floats(min_value=2.0**-126, max_value=2.0**127, width=32))
def test_the_ocp_scale_rule_is_floor_of_log2(x):
    e = int(blocks.scale_exponent(x, 0))
    assert Fraction(2) ** e <= Fraction(x) < Fraction(2) ** (e + 1)
    cast = math.log2(formats.round_to(np.float32(x), "e8m0"))
    assert cast == e + (Fraction(x) >= Fraction(3, 2) * Fraction(2) ** e)  # nearest, ties up


def test_the_documented_differences_from_the_ocp_text():
    assert int(blocks.scale_exponent(1.5, 0)) == 0 and formats.round_to(1.5, "e8m0") == 2.0
    assert blocks.scale_exponent(0.0, 0) == -127 and math.isnan(formats.round_to(0.0, "e8m0"))
    assert formats.round_to(2.0**-127 * 1.25, "e8m0") == 2.0**-126  # ml_dtypes' quirk
    assert blocks.scale_exponent(2.0**-127 * 1.25, 0) == -127
    assert math.isnan(blocks.scale_exponent(np.inf, 0)) and math.isnan(
        blocks.scale_exponent(2.0**200, 0)
    )


# --------------------------------------------------------------------------------------------
# The rest of the API: fields, ulp, bit strings, the step-by-step rounding
# --------------------------------------------------------------------------------------------
def test_fields_and_ulp_of_the_new_formats():
    p = formats.fields(0.5, "fp4_e2m1")
    assert (p.bits, p.sign, p.exponent, p.unbiased, p.mantissa, p.kind) == (
        1,
        0,
        0,
        0,
        1,
        "subnormal",
    )
    assert formats.fields(-0.0, "fp4_e2m1").kind == "zero"
    e = formats.fields(1.0, "e8m0")
    assert (e.bits, e.sign, e.exponent, e.unbiased, e.kind) == (127, 0, 127, 0, "normal")
    assert formats.fields_from_bits(0, "e8m0").kind == "normal"  # 2**-127: E8M0 has no zero
    assert formats.fields_from_bits(0xFF, "e8m0").kind == "nan"
    assert formats.ulp(4.0, "fp4_e2m1") == 2.0 and formats.ulp(8.0, "e8m0") == 8.0
    assert formats.bit_string(0b0111, "fp4_e2m1") == "0 11 1"
    assert formats.bit_string(0x7F, "e8m0") == "01111111"


def test_step_by_step_rounding_saturates_fp4_and_refuses_e8m0():
    r = formats.rounding(7.0, "fp4_e2m1")
    assert r.result == 6.0 and "saturates to 6" in r.decision
    assert formats.rounding(5.0, "fp4_e2m1").result == 4.0  # a tie between 4 and 6: even
    with pytest.raises(ValueError, match="fmt='e8m0'"):
        formats.rounding(1.0, "e8m0")


@pytest.mark.parametrize("key", KEYS)
def test_round_scalar_agrees_with_round_to(key):
    for x in (0.3, -5.3, 7.9, 1e9, -1e-9, 0.0):
        want = float(formats.round_to(x, key))
        got = formats.round_scalar(x, key)
        assert got == want or (math.isnan(got) and math.isnan(want))


def test_tables_show_the_new_formats():
    table = formats.formats_table(KEYS)
    assert [r[0] for r in table.rows] == ["FP6 E2M3", "FP6 E3M2", "FP4 E2M1", "E8M0"]
    assert "OCP MX v1.0" in table.caption and table.rows[-1][5] == "none"
    assert formats.formats_table().caption.startswith(
        "Computed by helpers.formats from the bit counts alone (sources: IEEE 754, "
        "Google's bfloat16, OCP FP8)."
    )


# --------------------------------------------------------------------------------------------
# Stochastic rounding
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("x", "key"), [(0.3, "fp4_e2m1"), (-2.6, "fp6_e3m2"), (1 / 3, "bf16")])
def test_stochastic_rounding_is_unbiased_in_expectation(x, key):
    n = 40_000
    draws = formats.round_to(np.full(n, x), key, rounding="stochastic", seed=1)
    lo, hi = sorted({float(v) for v in np.unique(draws)})
    assert lo < x < hi and formats.to_bits(lo, key) != formats.to_bits(hi, key)
    p = (x - lo) / (hi - lo)
    sigma = (hi - lo) * math.sqrt(p * (1 - p) / n)
    assert abs(draws.mean() - x) < 5 * sigma  # the nearest rounding is off by far more
    assert abs(float(formats.round_to(x, key)) - x) > 10 * sigma


def test_stochastic_rounding_is_seeded_and_stays_on_the_grid():
    x = np.random.default_rng(2).normal(0, 3, 5000).astype(np.float32)
    a = formats.round_to(x, "fp4_e2m1", rounding="stochastic", seed=7)
    b = formats.round_to(x, "fp4_e2m1", rounding="stochastic", seed=7)
    c = formats.round_to(x, "fp4_e2m1", rounding="stochastic", seed=8)
    assert a.dtype == np.float32 and (a == b).all() and (a != c).any()
    assert np.isin(a, formats.from_bits(np.arange(16), "fp4_e2m1")).all()
    inside = np.abs(x) <= 6
    below = np.abs(formats.round_to(x, "fp4_e2m1", rounding="stochastic", seed=9))
    assert (np.abs(np.abs(a) - np.abs(x))[inside] < formats.spacing(x, "fp4_e2m1")[inside]).all()
    assert (below[~inside] == 6).all()  # beyond the range: nearest (saturated)
    rng = np.random.default_rng(3)
    assert formats.round_to(0.3, "fp4_e2m1", rounding="stochastic", seed=rng) in (0.0, 0.5)


def test_stochastic_rounding_checks_its_arguments():
    with pytest.raises(ValueError, match="rounding='up'"):
        formats.round_to(1.0, "bf16", rounding="up")
    with pytest.raises(TypeError, match="seed='a'"):
        formats.round_to(1.0, "bf16", rounding="stochastic", seed="a")
