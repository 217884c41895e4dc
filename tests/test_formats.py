"""helpers.formats is correct to the bit: constants against numpy.finfo / ml_dtypes.finfo, every
pattern of the 8- and 16-bit formats, float32 input against the reference casts, float64 input
rounded once (against exact rational arithmetic), ties, overflow, underflow and specials.
The full 2**32 float32 check is `make exhaustive` (benchmarks/exhaustive.py)."""

import math
import subprocess
import sys
from fractions import Fraction

import ml_dtypes
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers import formats, specs
from helpers.formats import FORMATS

KEYS = list(FORMATS)
SMALL = [k for k in KEYS if FORMATS[k].bits <= 16]
REFERENCE = {
    "fp32": np.float32,
    "fp16": np.float16,
    "bf16": ml_dtypes.bfloat16,
    "fp8_e4m3": ml_dtypes.float8_e4m3fn,
    "fp8_e5m2": ml_dtypes.float8_e5m2,
}


def reference_bits(x, key):
    """The reference cast of ``x`` to format ``key``, as bit patterns."""
    with np.errstate(invalid="ignore", over="ignore"):
        return np.asarray(x).astype(REFERENCE[key]).view(FORMATS[key].uint)


def same_bits(got, want, key):
    """Equal patterns, or both NaN (any NaN pattern may stand for a NaN)."""
    got, want = np.asarray(got), np.asarray(want)
    return (got == want) | (formats.is_nan(got, key) & formats.is_nan(want, key))


def exact_round(x, key):
    """Round the float ``x`` to format ``key`` by exact rational arithmetic, independently of
    the module: the nearest representable value, ties to the even mantissa."""
    f = FORMATS[key]
    if x == 0:
        return x
    q = Fraction(x)
    e = f.emin
    while abs(q) >= Fraction(2) ** (e + 1):
        e += 1
    step = Fraction(2) ** (e - f.mantissa_bits)
    n, rest = divmod(abs(q), step)
    if rest > step / 2 or (rest == step / 2 and n % 2 == 1):
        n += 1
    value = n * step
    if value > Fraction(f.max):
        return math.copysign(math.inf if f.has_inf else math.nan, x)
    return math.copysign(float(value), x)


# --------------------------------------------------------------------------------------------
# The constants
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", KEYS)
def test_constants_match_finfo(key):
    f = FORMATS[key]
    info = ml_dtypes.finfo(REFERENCE[key]) if key not in ("fp32", "fp16") else None
    info = info or np.finfo(REFERENCE[key])
    assert f.bits == info.bits
    assert f.mantissa_bits == info.nmant
    assert f.exponent_bits == info.nexp
    assert f.max == float(info.max)
    assert f.min_normal == float(info.smallest_normal)
    assert f.min_subnormal == float(info.smallest_subnormal)
    assert f.eps == float(info.eps)
    assert f.emin == info.minexp
    assert f.emax == info.maxexp - 1
    assert f.uint.itemsize == np.dtype(REFERENCE[key]).itemsize


@pytest.mark.parametrize("key", KEYS)
def test_constants_come_from_the_layouts_in_specs(key):
    f = FORMATS[key]
    layout = specs.FORMAT_LAYOUTS[key]
    assert f.layout is layout and f.source is layout.source
    assert (f.exponent_bits, f.mantissa_bits, f.bits) == (
        layout.exponent_bits,
        layout.mantissa_bits,
        layout.bits,
    )


@pytest.mark.parametrize("key", KEYS)
def test_special_patterns_decode_as_the_reference_does(key):
    f = FORMATS[key]
    ref = lambda b: float(np.asarray(b, f.uint).view(REFERENCE[key]))  # noqa: E731
    assert ref(f.max_bits) == f.max
    assert math.isnan(ref(f.nan_bits)) and math.isnan(ref(f.nan_bits | f.sign_mask))
    if f.has_inf:
        assert ref(f.inf_bits) == math.inf and ref(f.inf_bits | f.sign_mask) == -math.inf
    else:
        assert f.inf_bits is None
        assert not np.isinf(np.arange(1 << f.bits, dtype=f.uint).view(REFERENCE[key])).any()


def test_the_formats_of_the_issue_and_facts():
    e4m3, e5m2, bf16 = FORMATS["fp8_e4m3"], FORMATS["fp8_e5m2"], FORMATS["bf16"]
    assert (e4m3.max, e4m3.has_inf, e4m3.nan_bits) == (448.0, False, 0x7F)
    assert (e5m2.max, e5m2.has_inf) == (57344.0, True)
    assert (bf16.eps, bf16.bias, FORMATS["fp16"].max) == (2**-7, 127, 65504.0)
    assert formats.reference_dtype("fp8_e4m3") == np.dtype(ml_dtypes.float8_e4m3fn)


# --------------------------------------------------------------------------------------------
# Every pattern of the 8- and 16-bit formats
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", SMALL)
def test_every_pattern_decodes_as_the_reference(key):
    f = FORMATS[key]
    bits = np.arange(1 << f.bits, dtype=f.uint)
    with np.errstate(invalid="ignore"):
        want = bits.view(REFERENCE[key]).astype(np.float64)
    got = formats.from_bits(bits, key)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, want)  # NaN where NaN
    assert (np.signbit(got) == np.signbit(want)).all()
    assert (formats.is_nan(bits, key) == np.isnan(want)).all()


@pytest.mark.parametrize("key", SMALL)
@pytest.mark.parametrize("source", [np.float32, np.float64])
def test_every_pattern_round_trips(key, source):
    f = FORMATS[key]
    bits = np.arange(1 << f.bits, dtype=f.uint)
    values = formats.from_bits(bits, key).astype(source)
    back = formats.to_bits(values, key)
    assert back.dtype == f.uint
    assert same_bits(back, bits, key).all()
    assert ((back == bits) | formats.is_nan(bits, key)).all()
    saturated = np.where(np.isinf(values), (bits & f.sign_mask) | f.max_bits, bits)
    assert same_bits(formats.to_bits(values, key, saturate=True), saturated, key).all()


def test_fp32_patterns_round_trip():
    u = np.random.default_rng(3).integers(0, 2**32, 1 << 20, dtype=np.uint64).astype(np.uint32)
    x = u.view(np.float32)
    assert (formats.to_bits(x, "fp32") == u).all()
    back = formats.to_bits(formats.from_bits(u, "fp32"), "fp32")
    assert same_bits(back, u, "fp32").all()


# --------------------------------------------------------------------------------------------
# Float32 input: equal to the reference cast
# --------------------------------------------------------------------------------------------
def _float32_sample(n=1 << 20, seed=0):
    """Random bit patterns (every exponent equally likely) plus every pattern near each format's
    thresholds: the binade edges of the smaller formats, their overflow and underflow points."""
    rng = np.random.default_rng(seed)
    u = [rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32)]
    edges = []
    for f in FORMATS.values():
        for e in range(f.emin - f.mantissa_bits - 2, f.emax + 2):
            edges.append(2.0**e if e > -150 else 0.0)
        edges += [f.max, f.max * (1 + 2.0**-f.precision)]
    with np.errstate(over="ignore"):  # the edges above FP32's range are its infinity
        centre = np.array(edges, np.float32).view(np.uint32).astype(np.int64)
    near = (centre[:, None] + np.arange(-300, 300)).clip(0, 2**31 - 1).astype(np.uint32).ravel()
    u += [near, near | np.uint32(1 << 31)]
    return np.concatenate(u).view(np.float32)


@pytest.mark.parametrize("key", KEYS)
def test_float32_input_equals_the_reference_cast(key):
    x = _float32_sample()
    assert same_bits(formats.to_bits(x, key), reference_bits(x, key), key).all()


@pytest.mark.parametrize("key", KEYS)
def test_saturating_mode_clamps_overflow_and_keeps_nan(key):
    f = FORMATS[key]
    x = _float32_sample(1 << 16)
    plain, sat = formats.to_bits(x, key), formats.to_bits(x, key, saturate=True)
    stored = formats.from_bits(plain, key)
    overflow = ~np.isnan(x) & (np.isinf(stored) | np.isnan(stored))
    assert overflow.any()
    want = np.where(overflow, (plain & f.sign_mask) | f.max_bits, plain)
    assert same_bits(sat, want, key).all()
    assert formats.is_nan(formats.to_bits(np.nan, key, saturate=True), key)


# --------------------------------------------------------------------------------------------
# Float64 input: rounded once, correctly
# --------------------------------------------------------------------------------------------
def test_float64_rounds_once_where_ml_dtypes_rounds_twice():
    x = 1 + 2**-8 + 2**-40  # just above the halfway point between 1 and 1 + 2**-7
    assert formats.to_bits(x, "bf16") == 0x3F81
    assert formats.round_to(x, "bf16") == 1.0078125
    assert reference_bits(np.float64(x), "bf16") == 0x3F80  # ml_dtypes: via float32, to 1.0
    y = 1 + 2**-11 + 2**-40  # the same case one format down
    assert formats.round_to(y, "fp16") == 1 + 2**-10 == float(np.float16(y))
    assert formats.round_to(np.float32(y), "fp16") == 1.0  # through float32: twice
    z = 1 + 2**-4 + 2**-30  # and for E4M3 and E5M2
    assert formats.round_to(z, "fp8_e4m3") == 1.125
    assert formats.round_to(z + 2**-4, "fp8_e5m2") == 1.25


@pytest.mark.parametrize("key", ["fp32", "fp16"])
def test_float64_input_equals_numpys_direct_cast(key):
    rng = np.random.default_rng(5)
    x = np.concatenate(
        [rng.standard_normal(1 << 18) * np.exp2(rng.integers(-160, 140, 1 << 18))]
        + [np.float64(v) * (1 + rng.uniform(-1e-6, 1e-6, 2000)) for v in (65504, 6e-8, 1e-45)]
    )
    assert same_bits(formats.to_bits(x, key), reference_bits(x, key), key).all()


def _any_float64():
    exponents = st.integers(-160, 140)
    return st.builds(lambda m, e: math.ldexp(m, e), st.floats(-2, 2), exponents)


@settings(max_examples=400, deadline=None)
@given(x=_any_float64(), key=st.sampled_from(KEYS))
@example(x=1 + 2**-8 + 2**-40, key="bf16")
@example(x=464.0, key="fp8_e4m3")
@example(x=2.0**-10, key="fp8_e4m3")
@example(x=-(2.0**-150), key="fp32")
def test_float64_rounding_is_exact(x, key):
    want = exact_round(x, key)
    got = formats.round_to(x, key)
    assert got == want or (math.isnan(got) and math.isnan(want))
    assert math.copysign(1, got) == math.copysign(1, want)
    scalar = formats.round_scalar(x, key)
    assert scalar == want or (math.isnan(scalar) and math.isnan(want))
    if math.isfinite(x):
        r = formats.rounding(x, key)
        assert r.result == want or (math.isnan(r.result) and math.isnan(want))


@settings(max_examples=200, deadline=None)
@given(a=_any_float64(), b=_any_float64(), key=st.sampled_from(KEYS))
def test_rounding_is_monotone(a, b, key):
    lo, hi = sorted((a, b))
    rlo, rhi = formats.round_to([lo, hi], key, saturate=True)
    assert rlo <= rhi


# --------------------------------------------------------------------------------------------
# Ties, overflow, underflow, subnormals, zeros, inf, NaN
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", KEYS)
def test_ties_go_to_even_at_every_binade_boundary(key):
    f = FORMATS[key]
    m = f.mantissa_bits
    for e in range(f.emin, f.emax + 1):
        base, step = 2.0**e, 2.0 ** (e - m)
        top = 2.0 ** (e + 1) - step  # largest value of the binade (odd mantissa)
        cases = {
            base + step / 2: base,  # just above the boundary: down to the even 2**e
            base + 1.5 * step: base + 2 * step,  # odd below: up to even
            top - step / 2: top - step,  # even below: down
        }
        if top < f.max:
            cases[top + step / 2] = 2.0 ** (e + 1)  # across the boundary: up to the next binade
        xs = np.array(list(cases), np.float64)
        want = np.array(list(cases.values()))
        assert (formats.round_to(xs, key) == want).all(), (key, e)
        assert (formats.round_to(-xs, key) == -want).all(), (key, e)
        if m < 23:  # the ties are float32 numbers too
            assert (formats.round_to(xs.astype(np.float32), key) == want).all(), (key, e)


@pytest.mark.parametrize("key", KEYS)
def test_ties_go_to_even_among_subnormals(key):
    f = FORMATS[key]
    q = f.min_subnormal
    xs = np.array([0.5, 1.5, 2.5, 3.5, (1 << f.mantissa_bits) - 0.5]) * q
    want = np.array([0, 2, 2, 4, 1 << f.mantissa_bits]) * q
    assert (formats.round_to(xs, key) == want).all()


@pytest.mark.parametrize("key", KEYS)
def test_overflow(key):
    f = FORMATS[key]
    half_step = 2.0 ** (f.emax - f.mantissa_bits - 1)
    # Below the halfway point to the next (missing) value: the largest finite value.
    assert formats.round_to(f.max + half_step * 0.99, key) == f.max
    over = f.max + half_step  # the tie: max has an odd mantissa in IEEE formats, so it goes up
    expected_over = f.max if not f.has_inf else math.inf  # E4M3FN's max mantissa 110 is even
    assert formats.round_to(over, key) == expected_over
    beyond = formats.round_to([f.max * 2, -f.max * 2, math.inf, -math.inf], key)
    if f.has_inf:
        assert list(beyond) == [math.inf, -math.inf, math.inf, -math.inf]
    else:
        assert np.isnan(beyond).all()
        assert list(formats.to_bits([1e9, -1e9], key)) == [0x7F, 0xFF]
    assert list(formats.round_to([f.max * 2, -math.inf], key, saturate=True)) == [f.max, -f.max]


def test_e4m3_overflows_to_nan_and_e5m2_to_inf():
    assert formats.to_bits(464.0, "fp8_e4m3") == 0x7E  # the tie goes to 448 (even)
    assert formats.to_bits(464.0001, "fp8_e4m3") == 0x7F  # NaN
    assert formats.to_bits(61440.0, "fp8_e5m2") == 0x7C  # the tie goes up: infinity
    assert formats.to_bits(1e6, "fp8_e5m2", saturate=True) == 0x7B  # 57344


@pytest.mark.parametrize("key", KEYS)
def test_underflow_subnormals_and_signed_zero(key):
    f = FORMATS[key]
    q = f.min_subnormal
    got = formats.to_bits([q * 0.5, q * 0.50001, -q * 0.25, -0.0, 0.0], key)
    assert list(got) == [0, 1, f.sign_mask, f.sign_mask, 0]
    subnormals = np.arange(1, 1 << min(f.mantissa_bits, 12)) * q
    assert (formats.round_to(subnormals, key) == subnormals).all()
    parts = formats.fields(subnormals, key)
    assert parts.subnormal.all() and (parts.exponent == 0).all()
    assert (parts.unbiased == f.emin).all()
    assert formats.fields(f.min_normal, key).kind == "normal"
    assert np.signbit(formats.round_to(-1e-300, key))


@pytest.mark.parametrize("key", KEYS)
def test_nan_and_inf(key):
    f = FORMATS[key]
    got = formats.to_bits([math.nan, -math.nan, math.inf, -math.inf], key)
    assert formats.is_nan(got[:2], key).all()
    assert got[0] == f.nan_bits and got[1] == f.nan_bits | f.sign_mask  # the sign is kept
    if f.has_inf:
        assert list(got[2:]) == [f.inf_bits, f.inf_bits | f.sign_mask]
    else:
        assert formats.is_nan(got[2:], key).all()
    assert list(formats.fields_from_bits(got, key).kind[:2]) == ["nan", "nan"]


# --------------------------------------------------------------------------------------------
# fields, ulp, shapes and types
# --------------------------------------------------------------------------------------------
def test_fields_of_one_third_in_bf16():
    parts = formats.fields(1 / 3, "bf16")
    assert parts.bits == 0x3EAB
    assert (parts.sign, parts.exponent, parts.unbiased, parts.mantissa) == (0, 125, -2, 43)
    assert not parts.subnormal and parts.kind == "normal"
    assert formats.bit_string(parts.bits, "bf16") == "0 01111101 0101011"


@pytest.mark.parametrize("key", ["fp16", "fp32"])
def test_ulp_matches_numpy_spacing(key):
    f = FORMATS[key]
    dtype = REFERENCE[key]
    if f.bits == 16:
        values = formats.from_bits(np.arange(f.max_bits, dtype=f.uint), key)
    else:
        values = np.random.default_rng(1).integers(0, f.max_bits, 100_000).astype(np.uint32)
        values = values.view(np.float32).astype(np.float64)
    np.testing.assert_array_equal(
        formats.ulp(values, key), np.spacing(values.astype(dtype)).astype(np.float64)
    )


def test_ulp_of_the_other_formats_and_specials():
    assert formats.ulp(1.0, "bf16") == 2**-7
    assert formats.ulp(448.0, "fp8_e4m3") == 32
    assert formats.ulp(0.0, "fp8_e5m2") == FORMATS["fp8_e5m2"].min_subnormal
    assert np.isnan(formats.ulp([math.inf, math.nan], "bf16")).all()


def test_spacing_is_the_gap_in_the_binade_of_x_itself():
    assert formats.spacing(1000, "fp8_e5m2") == 128  # 1000 rounds to 1024, whose ulp is 256
    assert formats.ulp(1000, "fp8_e5m2") == 256
    assert formats.spacing(1000, "bf16") == 4 and formats.spacing(1.0, "bf16") == 2**-7
    assert formats.spacing(0.0, "fp16") == FORMATS["fp16"].min_subnormal
    assert formats.spacing(1e-6, "fp16") == FORMATS["fp16"].min_subnormal  # subnormal range
    assert np.isnan(formats.spacing([1000.0, math.inf, math.nan], "fp8_e4m3")).all()
    assert formats.spacing(-448.0, "fp8_e4m3") == 32
    values = np.random.default_rng(2).uniform(1e-3, 6e4, 1000)  # normal FP16, away from 2**k
    np.testing.assert_array_equal(formats.spacing(values, "fp16"), formats.ulp(values, "fp16"))


def test_a_format_under_the_other_rule_for_specials():
    e4m3 = FORMATS["fp8_e4m3"]
    assert e4m3.with_specials("ieee").max == 240 and e4m3.with_specials("fn").max == 448
    assert FORMATS["fp8_e5m2"].with_specials("fn").max == 1.5 * 2**16
    with pytest.raises(ValueError, match="special='x'"):
        e4m3.with_specials("x")


def test_shapes_dtypes_and_scalars():
    x = np.linspace(-3, 3, 24).reshape(2, 3, 4)
    assert formats.to_bits(x, "bf16").shape == (2, 3, 4)
    assert formats.to_bits(x, "fp8_e4m3").dtype == np.uint8
    assert formats.to_bits(x, "fp32").dtype == np.uint32
    assert np.ndim(formats.to_bits(1.5, "fp16")) == 0
    assert formats.round_to(np.float32(0.1), "bf16").dtype == np.float32
    assert formats.round_to(0.1, "bf16").dtype == np.float64
    assert formats.round_to(np.float16(0.1), "fp16") == np.float16(0.1)
    assert formats.to_bits([1, 2, 3], "bf16").tolist() == [0x3F80, 0x4000, 0x4040]  # integers
    assert formats.to_bits(np.array([], np.float32), "bf16").size == 0
    big = np.random.default_rng(0).standard_normal(3 * formats.BLOCK + 7).astype(np.float32)
    assert same_bits(formats.to_bits(big, "bf16"), reference_bits(big, "bf16"), "bf16").all()


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------
def test_unknown_format_is_a_value_error_naming_it():
    with pytest.raises(ValueError, match=r"fmt='bf17' is not a format; use one of \['fp32'"):
        formats.to_bits(1.0, "bf17")
    for fn in (formats.from_bits, formats.round_to, formats.fields, formats.ulp):
        with pytest.raises(ValueError, match="fmt="):
            fn(1, "fp64")


@pytest.mark.parametrize("bad", [["a", "b"], "0.1", [1, None], np.array([1 + 2j])])
def test_non_numeric_input_is_a_value_error_naming_it(bad):
    with pytest.raises(ValueError, match="x has dtype"):
        formats.to_bits(bad, "bf16")


def test_other_bad_arguments():
    with pytest.raises(ValueError, match="saturate="):
        formats.to_bits(1.0, "bf16", saturate="yes")
    with pytest.raises(ValueError, match=r"bits=256 is outside \[0, 2\*\*8\)"):
        formats.from_bits([1, 256], "fp8_e5m2")
    with pytest.raises(ValueError, match="bits has dtype float64"):
        formats.from_bits(1.0, "bf16")
    with pytest.raises(ValueError, match="x=nan must be a finite real number"):
        formats.rounding(math.nan, "bf16")
    with pytest.raises(ValueError, match="scale="):
        formats.survival([1.0], "fp16", scale=0)
    with pytest.raises(ValueError, match="n=0"):
        formats.gradient_sample(0)
    with pytest.raises(ValueError, match="do not multiply"):
        formats.matmul(np.ones((2, 3)), np.ones((2, 3)))


def test_runs_without_ml_dtypes():
    code = (
        "import sys; sys.modules['ml_dtypes'] = None\n"
        "from helpers import formats\n"
        "assert formats.reference_dtype('bf16') is None\n"
        "assert formats.reference_dtype('fp16') is not None\n"
        "assert formats.to_bits(1/3, 'bf16') == 0x3EAB\n"
        "print(formats.double_rounding_table())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install ml_dtypes" in out.stdout


# --------------------------------------------------------------------------------------------
# The models of the notebook
# --------------------------------------------------------------------------------------------
def test_rounding_steps_explain_one_third():
    r = formats.rounding(1 / 3, "bf16")
    assert r.decision == "up" and r.result == 0.333984375
    assert float(r.below) == 0.33203125 and float(r.spacing) == 2**-9
    assert "1.0101010 x 2^-2" in r.steps()[1]
    assert formats.rounding(1.00390625, "bf16").decision == "tie, down to even"
    assert formats.rounding(1.01171875, "bf16").decision == "tie, up to even"
    assert formats.rounding(2.0, "bf16").decision == "exact"
    assert "subnormal" in formats.rounding(1e-7, "fp16").steps()[0]
    over = formats.rounding(70000.0, "fp16")
    assert over.decision == "overflow" and "FP16 has none" in over.steps()[0]
    assert "from 65520.0 up" in over.steps()[2]
    assert "beyond the largest finite FP16" in formats.rounding(65520.0, "fp16").steps()[3]
    assert formats.rounding(65519.0, "fp16").result == 65504.0
    assert over.error == math.inf and math.isnan(formats.rounding(500.0, "fp8_e4m3").error)
    assert formats.rounding(1 / 3, "bf16").error == 0.333984375 - 1 / 3


def test_running_sum_stalls_in_bf16():
    ones = formats.running_sum(np.ones(1000), "bf16")
    assert ones[-1] == 256  # 256 + 1 is a tie between 256 and 258: back to 256, forever
    assert (ones[255:] == 256).all()
    assert formats.running_sum(np.ones(1000), "fp32")[-1] == 1000
    assert formats.running_sum(np.full(10_000, 0.01), "bf16")[-1] == 4


def test_matmul_with_fp32_accumulation_is_as_good_as_its_inputs():
    curves = formats.matmul_errors(1024)
    (k32, e32), (_, mixed), (_, narrow) = curves.values()
    assert k32[-1] == 1024
    assert (e32 < 1e-5).all()
    assert mixed.max() < 2 * FORMATS["bf16"].eps  # input rounding only: does not grow with k
    assert mixed[-1] < mixed[0]
    assert narrow[-1] > 0.1 > 100 * mixed[-1]  # a BF16 accumulator loses far more at k = 1024
    a = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(formats.matmul(a, a.T, "fp32", "fp32"), a @ a.T)
    assert formats.matmul(a, a.T, checkpoints=[1, 3]).shape == (2, 2, 2)


def test_gradients_underflow_in_fp16_not_in_bf16_and_loss_scaling_helps():
    g = formats.gradient_sample()
    assert g.dtype == np.float32 and g.size == 20_000
    fp16, bf16 = formats.survival(g, "fp16"), formats.survival(g, "bf16")
    assert fp16.zero > 0.2 and bf16.zero == 0 and bf16.overflow == 0
    scaled = formats.survival(g, "fp16", 2.0**16)
    assert scaled.zero < 0.01 and scaled.overflow < 0.01
    assert formats.survival(g, "fp16", 2.0**32).overflow > 0.05
    best = formats.best_loss_scale(g)
    kept = formats.survival(g, "fp16", 2.0**best).kept
    assert all(formats.survival(g, "fp16", 2.0**k).kept <= kept for k in range(33))
    assert formats.best_loss_scale(g, log2_scales=[0, 4]) == 4
    with pytest.raises(ValueError, match="log2_scales is empty"):
        formats.best_loss_scale(g, log2_scales=[])
    table = formats.loss_scale_table(g)
    assert f"2^{best}:" in table.caption and table.rows[0][0] == "BF16, scale 2^0"
    assert any(row[0] == f"FP16, scale 2^{best}" for row in table.rows)


def test_tables():
    assert "65,504" in repr(formats.formats_table())
    assert "0x3DCD" in repr(formats.encodings_table(0.1))
    third = formats.fields_table(1 / 3, "bf16")
    assert third.rows[-1][1] == "0x3EAB" and "01111101" in third.rows[1][1]
    assert "-2" in third.rows[1][2] and "1 + 43/128" in third.rows[2][2]
    spaced = {row[0]: row for row in formats.spacing_table(1000).rows}
    assert spaced["FP8 E5M2"][1:3] == ["1,024", "128"]
    assert spaced["FP8 E4M3"][1] == "out of range (largest 448)"
    assert spaced["BF16"][2] == "4"
    peaks = repr(formats.peaks_table())
    assert "360 PFLOP/s" in peaks and "has no FP8 units" in peaks
    table = formats.double_rounding_table()
    assert table.rows[1][1] == "1.0078125" and table.rows[-1][:2] == [
        "ml_dtypes cast to BF16",
        "1.0",
    ]
