"""Binary floating-point formats of AI hardware, correct to the bit: FP32, FP16, BF16, FP8, and
below eight bits the OCP MX element types FP6 and FP4 and their scale type E8M0.

What it models: how a number is stored in a few bits (a sign, a biased exponent and a mantissa)
and how hardware rounds a value to a representable one (round to nearest, ties to even, as
IEEE 754 and the OCP FP8 specification define it), so a notebook can show every bit.

Units: values are plain numbers (no unit); bit patterns are unsigned integers as wide as the
format (numpy ``uint8``, ``uint16`` or ``uint32``; the 6- and 4-bit formats in the low bits of a
``uint8``); exponents are powers of two; precision is in bits. Every constant of :class:`Format`
(bias, largest finite, smallest normal and subnormal, machine epsilon, the patterns of infinity
and NaN) is derived from the bit counts of :data:`helpers.specs.FORMAT_LAYOUTS`; none is typed in.

The formats and their references (what the tests compare against, bit for bit):

- ``"fp32"``: IEEE binary32 (``numpy.float32``); ``"fp16"``: IEEE binary16 (``numpy.float16``);
- ``"bf16"``: bfloat16, FP32's exponent with 7 mantissa bits (``ml_dtypes.bfloat16``);
- ``"fp8_e4m3"``: OCP E4M3FN (``ml_dtypes.float8_e4m3fn``): no infinities, one NaN pattern per
  sign, largest finite 448; a value that overflows becomes NaN (448 when saturating);
- ``"fp8_e5m2"``: OCP E5M2 (``ml_dtypes.float8_e5m2``): IEEE-style infinities and NaNs; a value
  that overflows becomes infinity;
- ``"fp6_e2m3"``, ``"fp6_e3m2"``, ``"fp4_e2m1"``: the OCP MX v1.0 element types
  (``ml_dtypes.float6_e2m3fn``, ``float6_e3m2fn``, ``float4_e2m1fn``). They have no infinity
  and no NaN. As ml_dtypes does, a value that overflows and an infinity become the largest
  value of their sign (in both modes: there is nothing else to become), and NaN becomes a zero
  of the *opposite* sign (NaN -> -0, -NaN -> +0: ml_dtypes' choice; the spec leaves NaN to the
  implementation);
- ``"e8m0"``: the OCP MX scale type (``ml_dtypes.float8_e8m0fnu``): an 8-bit exponent, bias
  127, no sign, no mantissa and no zero; 0x00 is 2**-127, 0xFE is 2**127 and 0xFF the only NaN.
  :func:`to_bits` follows ml_dtypes' rule, which is not the OCP one: it rounds to the nearest
  power of two, ties (1.5 x 2**k) up; 0, negatives, infinities and overflow become NaN; values up
  to 2**-127 become 2**-127 and values between 2**-127 and 2**-126 become 2**-126. The MX
  specification never rounds a value to E8M0: its block scale is 2**(floor(log2(amax)) - emax),
  a power of two rounded *down* (:func:`helpers.blocks.scale_exponent`).

:func:`to_bits` rounds float32 input exactly as the reference cast ``x.astype(reference)`` does,
on every one of the 2**32 float32 patterns (``make exhaustive`` checks them all; any NaN pattern
stands for a NaN). Float64 input is rounded *once*, correctly. ml_dtypes rounds float64 through
float32, that is twice, so the two differ on rare values: 1 + 2**-8 + 2**-40 is 1.0078125 in BF16
here (the nearest BF16), 1.0 in ml_dtypes. This module runs without ml_dtypes (the JupyterLite
site has none); the course installs it so that notebook 01 shows the reference beside it.

:func:`round_to` also rounds stochastically (``rounding="stochastic"``): up or down to the two
neighbours with probabilities that make the result right on average, from a seeded generator.
The block formats MXFP8, MXFP6, MXFP4 and NVFP4 are in :mod:`helpers.blocks`
(``formats.quantize_blocks`` and ``formats.dequantize_blocks`` lead there).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import math
import numbers
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, NamedTuple

import numpy as np

from .specs import ARTICLE_PAIR, FIGURES, FORMAT_LAYOUTS, Figure, FormatLayout, Source, sources_of
from .tables import SourceList, Table
from .units import percent, si

#: The reference implementation of each format: "module.attribute" of a numpy dtype.
REFERENCES: dict[str, str] = {
    "fp32": "numpy.float32",
    "fp16": "numpy.float16",
    "bf16": "ml_dtypes.bfloat16",
    "fp8_e4m3": "ml_dtypes.float8_e4m3fn",
    "fp8_e5m2": "ml_dtypes.float8_e5m2",
    "fp6_e2m3": "ml_dtypes.float6_e2m3fn",
    "fp6_e3m2": "ml_dtypes.float6_e3m2fn",
    "fp4_e2m1": "ml_dtypes.float4_e2m1fn",
    "e8m0": "ml_dtypes.float8_e8m0fnu",
}

#: Elements per block of the encoder: a few arrays of this size stay in a core's cache.
BLOCK = 1 << 16


@dataclass(frozen=True)
class Format:
    """One binary floating-point format; every constant is derived from its bit counts.

    Attributes:
        layout: the bit layout from :data:`helpers.specs.FORMAT_LAYOUTS` (with its source).
        reference: "module.attribute" of the numpy dtype that is the reference implementation.
    """

    layout: FormatLayout
    reference: str

    # -- the layout ---------------------------------------------------------------------------
    @property
    def key(self) -> str:
        """Course name ("bf16")."""
        return self.layout.key

    @property
    def name(self) -> str:
        """Display name ("BF16 (bfloat16)")."""
        return self.layout.name

    @property
    def short(self) -> str:
        """Short display name ("BF16", "FP8 E4M3")."""
        return self.layout.name.split(" (")[0]

    @property
    def exponent_bits(self) -> int:
        """Width of the exponent field, in bits."""
        return self.layout.exponent_bits

    @property
    def mantissa_bits(self) -> int:
        """Width of the stored mantissa (fraction) field, in bits."""
        return self.layout.mantissa_bits

    @property
    def bits(self) -> int:
        """Total width, in bits (a sign bit if the format has one, exponent, mantissa)."""
        return self.layout.bits

    @property
    def special(self) -> Literal["ieee", "fn", "none"]:
        """How inf and NaN are encoded: "ieee" (all-ones exponent), "fn" (no inf; the all-ones
        pattern is NaN) or "none" (no inf and no NaN: every pattern is a number)."""
        return self.layout.special

    @property
    def signed(self) -> bool:
        """Whether the format has a sign bit (E8M0 has none)."""
        return self.layout.signed

    @property
    def subnormals(self) -> bool:
        """Whether the all-zeros exponent holds zero and the subnormals (E8M0: no, it is 2**-127
        and the format has no zero)."""
        return self.layout.subnormals

    @property
    def source(self) -> Source:
        """The standard that defines the format."""
        return self.layout.source

    # -- derived constants --------------------------------------------------------------------
    @property
    def bias(self) -> int:
        """Exponent bias: 2**(exponent_bits - 1) - 1."""
        return (1 << (self.exponent_bits - 1)) - 1

    @property
    def emin(self) -> int:
        """Exponent of the smallest normal number (also of every subnormal): 1 - bias; -bias
        in a format without subnormals, whose all-zeros exponent is one more binade."""
        return (1 if self.subnormals else 0) - self.bias

    @property
    def _top(self) -> int:
        return (1 << self.exponent_bits) - 1

    @property
    def emax(self) -> int:
        """Exponent of the largest finite number. IEEE formats keep the all-ones exponent for
        inf and NaN; "fn" formats use it for finite numbers too (except the all-ones pattern,
        which is the whole binade when there is no mantissa, as in E8M0), "none" formats
        entirely."""
        reserved = self.special == "ieee" or (self.special == "fn" and self.mantissa_bits == 0)
        return self._top - int(reserved) - self.bias

    @property
    def has_inf(self) -> bool:
        """Whether the format has infinities (False for OCP E4M3FN and the MX types)."""
        return self.special == "ieee"

    @property
    def has_nan(self) -> bool:
        """Whether the format has a NaN (False for the MX element types FP6 and FP4)."""
        return self.special != "none"

    @property
    def has_zero(self) -> bool:
        """Whether the format has a zero (False for E8M0)."""
        return self.subnormals

    @property
    def precision(self) -> int:
        """Significand bits of a normal number, the implicit leading 1 included."""
        return self.mantissa_bits + 1

    @property
    def decimal_digits(self) -> float:
        """Significant decimal digits a normal number carries: precision x log10(2)."""
        return self.precision * math.log10(2)

    @property
    def max_bits(self) -> int:
        """Bit pattern (without sign) of the largest finite number."""
        all_ones = (1 << self.mantissa_bits) - 1
        field = self.emax + self.bias
        if self.special == "fn" and field == self._top:  # the all-ones pattern is NaN
            return (field << self.mantissa_bits) | (all_ones - 1)
        return (field << self.mantissa_bits) | all_ones

    @property
    def inf_bits(self) -> int | None:
        """Bit pattern of +infinity, or None when the format has none."""
        return self._top << self.mantissa_bits if self.has_inf else None

    @property
    def nan_bits(self) -> int | None:
        """The NaN pattern this module writes (positive sign): the quiet NaN of IEEE formats
        (top mantissa bit set), the only NaN of "fn" formats (all ones); None without NaN."""
        if self.special == "ieee":
            return (self._top << self.mantissa_bits) | (1 << (self.mantissa_bits - 1))
        if self.special == "fn":
            return (self._top << self.mantissa_bits) | ((1 << self.mantissa_bits) - 1)
        return None

    @property
    def max(self) -> float:
        """Largest finite value."""
        significand = self.max_bits & ((1 << self.mantissa_bits) - 1) | (1 << self.mantissa_bits)
        return math.ldexp(significand, self.emax - self.mantissa_bits)

    @property
    def min_normal(self) -> float:
        """Smallest positive normal value: 2**emin."""
        return math.ldexp(1.0, self.emin)

    @property
    def min_subnormal(self) -> float:
        """Smallest positive value: 2**(emin - mantissa_bits), the smallest subnormal (2**emin
        in a format without subnormals)."""
        return math.ldexp(1.0, self.emin - (self.mantissa_bits if self.subnormals else 0))

    @property
    def eps(self) -> float:
        """Machine epsilon: the gap between 1 and the next larger value, 2**-mantissa_bits."""
        return math.ldexp(1.0, -self.mantissa_bits)

    @property
    def dynamic_range(self) -> float:
        """Decades between the smallest subnormal and the largest finite value."""
        return math.log10(self.max / self.min_subnormal)

    @property
    def uint(self) -> np.dtype:
        """The unsigned integer dtype that holds one bit pattern (uint8 for 4 to 8 bits)."""
        return np.dtype(f"uint{max(8, 1 << (self.bits - 1).bit_length())}")

    @property
    def sign_mask(self) -> int:
        """The sign bit (0 for a format without one)."""
        return 1 << (self.bits - 1) if self.signed else 0

    @property
    def magnitude_mask(self) -> int:
        """Every bit but the sign bit."""
        return (1 << (self.bits - 1 if self.signed else self.bits)) - 1

    @property
    def specials_label(self) -> str:
        """What the format's special patterns are, in words ("inf, NaN", "NaN only"...)."""
        return {"ieee": "inf, NaN", "fn": "NaN only", "none": "none"}[self.special]

    def with_specials(self, special: Literal["ieee", "fn"]) -> Format:
        """The same bit counts under the other rule for the all-ones exponent: what OCP E4M3
        would be with IEEE infinities (``"ieee"``), say. Not in :data:`FORMATS`; its reference
        dtype is the original's, so only its constants are meaningful."""
        if special not in ("ieee", "fn", "none"):
            raise ValueError(f"special={special!r} is not one of ['ieee', 'fn', 'none']")
        return Format(dataclasses.replace(self.layout, special=special), self.reference)

    def __repr__(self) -> str:
        sign = "1/" if self.signed else "0/"
        fields = f"{sign}{self.exponent_bits}/{self.mantissa_bits}"
        return f"Format({self.key!r}: {fields}, {self.special})"


#: Every format of the course by key, built from helpers.specs.FORMAT_LAYOUTS: widest first,
#: then the OCP MX element types and their scale type E8M0.
ALL_FORMATS: dict[str, Format] = {
    k: Format(lay, REFERENCES[k]) for k, lay in FORMAT_LAYOUTS.items()
}

#: Notebook 01's formats, 8 bits and wider: IEEE FP32 and FP16, BF16, OCP FP8 (its tables and
#: widgets show these).
FORMATS: dict[str, Format] = {
    k: ALL_FORMATS[k] for k in ("fp32", "fp16", "bf16", "fp8_e4m3", "fp8_e5m2")
}

#: The element types of the OCP MX block formats, widest first (notebook 10).
MX_ELEMENTS: tuple[str, ...] = ("fp8_e4m3", "fp8_e5m2", "fp6_e2m3", "fp6_e3m2", "fp4_e2m1")

#: The formats below eight bits and the MX scale type, the formats notebook 10 adds.
SMALL_FORMATS: dict[str, Format] = {k: f for k, f in ALL_FORMATS.items() if k not in FORMATS}


def get(fmt: str | Format) -> Format:
    """The :class:`Format` called ``fmt`` (a key of :data:`ALL_FORMATS`, or a Format)."""
    if isinstance(fmt, Format):
        return fmt
    if isinstance(fmt, str) and fmt in ALL_FORMATS:
        return ALL_FORMATS[fmt]
    raise ValueError(f"fmt={fmt!r} is not a format; use one of {list(ALL_FORMATS)}")


def reference_dtype(fmt: str | Format) -> np.dtype | None:
    """The reference numpy dtype of ``fmt``, or None when its package (ml_dtypes) is missing."""
    module, _, attribute = get(fmt).reference.partition(".")
    try:
        return np.dtype(getattr(importlib.import_module(module), attribute))
    except ImportError:
        return None


# --------------------------------------------------------------------------------------------
# Encoding: values -> bit patterns
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Source:
    """The float type the encoder reads (float32 or float64), as integers."""

    uint: np.dtype
    int: np.dtype
    width: int
    exponent_bits: int
    mantissa_bits: int

    @property
    def bias(self) -> int:
        return (1 << (self.exponent_bits - 1)) - 1

    @property
    def inf_bits(self) -> int:
        return ((1 << self.exponent_bits) - 1) << self.mantissa_bits


_SOURCES = {
    np.dtype(np.float32): _Source(np.dtype(np.uint32), np.dtype(np.int32), 32, 8, 23),
    np.dtype(np.float64): _Source(np.dtype(np.uint64), np.dtype(np.int64), 64, 11, 52),
}


def _as_floats(x: Any, name: str = "x") -> np.ndarray:
    """``x`` as a float32 or float64 array (float16 and integers widen exactly; integers beyond
    2**53 and long doubles are rounded to float64 first). Raises ValueError for non-numbers."""
    arr = np.asarray(x)
    if arr.dtype.kind in "iu":
        return arr.astype(np.float64)
    if arr.dtype.kind != "f":
        raise ValueError(
            f"{name} has dtype {arr.dtype} ({np.ravel(arr)[:3].tolist()}...); "
            "expected real numbers (a float or integer array, or Python numbers)"
        )
    if arr.dtype == np.float16:
        return arr.astype(np.float32)
    if arr.dtype not in _SOURCES:
        return arr.astype(np.float64)
    return arr


def _scalar_or_array(out: np.ndarray, shape: tuple[int, ...]) -> Any:
    out = out.reshape(shape)
    return out[()] if out.ndim == 0 else out


def to_bits(x: Any, fmt: str | Format, saturate: bool = False) -> Any:
    """Encode ``x`` in ``fmt``, rounding to nearest with ties to even.

    Args:
        x: numbers (a numpy array of any shape, a list or a scalar; float32 or float64, or
            anything that widens to them exactly).
        fmt: a key of :data:`ALL_FORMATS` ("bf16") or a :class:`Format`.
        saturate: if True, finite values that overflow and infinities become the largest finite
            value of their sign, and NaN stays NaN (the OCP FP8 saturating mode), in every
            format. If False, overflow gives infinity (IEEE formats) or NaN (E4M3FN, E8M0). The
            MX element types FP6 and FP4 saturate in both modes (they have no inf or NaN); E8M0
            has no sign, so only +inf and positive overflow saturate, to 2**127.

    Returns:
        Unsigned integers of the format's width (``uint16`` for BF16, ``uint8`` for FP8, FP6,
        FP4 and E8M0), the shape of ``x`` (a numpy scalar for a scalar). NaN becomes the
        format's quiet NaN with the sign of ``x``; in FP6 and FP4, a zero of the opposite sign.
        E8M0 follows ml_dtypes' rule (see the module docstring).

    Raises:
        ValueError: for an unknown ``fmt``, a non-numeric ``x`` or a non-boolean ``saturate``.
    """
    f = get(fmt)
    if not isinstance(saturate, bool | np.bool_):
        raise ValueError(f"saturate={saturate!r} must be True or False")
    arr = _as_floats(x)
    src = _SOURCES[arr.dtype]
    flat = np.ascontiguousarray(arr).reshape(-1)
    out = np.empty(flat.size, f.uint)
    if not f.subnormals:
        for start in range(0, flat.size, BLOCK):
            stop = min(start + BLOCK, flat.size)
            out[start:stop] = _encode_e8m0(flat[start:stop].view(src.uint), src, f, saturate)
    elif src.exponent_bits == f.exponent_bits:
        _encode_same_exponent(flat, src, f, out)
        if saturate and f.has_inf:
            magnitude = out & (f.sign_mask - 1)
            out[magnitude == f.inf_bits] &= f.sign_mask
            out[magnitude == f.inf_bits] |= f.max_bits
    else:
        for start in range(0, flat.size, BLOCK):
            stop = min(start + BLOCK, flat.size)
            out[start:stop] = _encode_block(flat[start:stop].view(src.uint), src, f, saturate)
    return _scalar_or_array(out, arr.shape)


def _encode_same_exponent(x: np.ndarray, src: _Source, f: Format, out: np.ndarray) -> None:
    """Encode in a format with the source's exponent field (BF16 or FP32 from float32).

    The exponent needs no rebias and subnormals line up, so rounding is one integer addition:
    add half a unit of the last kept bit (minus one, plus that bit, for ties to even) and shift.
    A carry out of the mantissa moves the exponent up, and past the largest finite value gives
    infinity, as it should. Done in place on cache-sized blocks, which keeps it fast.
    """
    shift = src.mantissa_bits - f.mantissa_bits
    u = x.view(src.uint)
    if shift == 0:
        out[...] = u
        return
    half = np.asarray((1 << (shift - 1)) - 1, src.uint)
    sign_shift = np.asarray(src.width - f.bits, src.uint)
    nan = f.nan_bits
    tmp = np.empty(min(BLOCK, u.size), src.uint)
    isnan = np.empty(min(BLOCK, u.size), bool)
    for start in range(0, u.size, BLOCK):
        ub = u[start : start + BLOCK]
        n = ub.size
        t, ob, m = tmp[:n], out[start : start + n], isnan[:n]
        np.right_shift(ub, shift, out=t)
        np.bitwise_and(t, 1, out=t)
        np.add(t, ub, out=t)
        np.add(t, half, out=t)
        np.right_shift(t, shift, out=ob, casting="unsafe")
        np.isnan(x[start : start + n], out=m)
        if m.any():  # the addition above is meaningless for NaN: write the quiet NaN
            ob[m] = ((ub[m] >> sign_shift) & f.sign_mask) | nan


def _encode_block(u: np.ndarray, src: _Source, f: Format, saturate: bool) -> np.ndarray:
    """Encode the float bit patterns ``u`` in any format (the general path).

    For each value: the significand ``sig`` (implicit 1 included) is shifted right by ``d`` bits
    with round to nearest even, where ``d`` drops the extra mantissa bits and, below the
    format's smallest normal, one more bit per binade (a subnormal result). The exponent field
    is then added on top; a carry into it is the next binade. Shifts beyond the significand's
    width round to zero, so ``d`` is capped there.
    """
    it = src.int
    a = (u & np.asarray((1 << (src.width - 1)) - 1, src.uint)).astype(it)
    e = a >> src.mantissa_bits
    sig = (a & ((1 << src.mantissa_bits) - 1)) | ((e > 0).astype(it) << src.mantissa_bits)
    et = e - (src.bias - f.bias)  # the exponent field in the target format, if normal there
    shift = src.mantissa_bits - f.mantissa_bits
    d = np.minimum(shift + np.maximum(1 - et, 0), src.mantissa_bits + 2)
    half = (np.asarray(1, it) << (d - 1)) - 1
    r = (sig + half + ((sig >> d) & 1)) >> d
    magnitude = r + ((np.maximum(et, 1) - 1) << f.mantissa_bits)
    overflow = magnitude > f.max_bits
    if saturate or not f.has_nan:
        magnitude[overflow] = f.max_bits
    else:
        magnitude[overflow] = f.inf_bits if f.has_inf else f.nan_bits
    nan = a > src.inf_bits
    sign = (u >> np.asarray(src.width - 1, src.uint)).astype(f.uint) << np.asarray(
        f.bits - 1, f.uint
    )
    if f.has_nan:
        magnitude[nan] = f.nan_bits
    elif nan.any():  # no NaN to write: ml_dtypes gives a zero of the opposite sign
        magnitude[nan] = 0
        sign[nan] ^= np.asarray(f.sign_mask, f.uint)
    return magnitude.astype(f.uint) | sign


def _encode_e8m0(u: np.ndarray, src: _Source, f: Format, saturate: bool) -> np.ndarray:
    """Encode the float bit patterns ``u`` in a format that is an exponent only (E8M0), by
    ml_dtypes' rule: a positive value x in [2**k, 2**(k+1)) becomes 2**k, or 2**(k+1) from
    1.5 x 2**k up (the mantissa rounded to nearest with the implicit 1 as the last kept bit,
    so ties go up); below 2**-126 (FP32's smallest normal) x becomes 2**-126 above 2**-127
    and 2**-127 up to it. Zero, negatives, infinities, NaN and overflow are NaN; with
    ``saturate``, +inf and positive overflow are the largest value instead."""
    if src.width == 32:
        return _encode_e8m0_float32(u, f, saturate)
    it = src.int
    m = src.mantissa_bits
    negative = (u >> np.asarray(src.width - 1, src.uint)).astype(bool)
    a = (u & np.asarray((1 << (src.width - 1)) - 1, src.uint)).astype(it)
    e = a >> m
    mantissa = a & ((1 << m) - 1)
    unbiased = e - src.bias
    lowest = f.emin  # the exponent of 0x00, 2**-127
    field = unbiased - lowest + (mantissa >> (m - 1))  # nearest, ties up
    above_lowest = (e > 0) & (unbiased == lowest) & (mantissa > 0)
    # Source subnormals: above 2**-127 only in float32, where 2**-127 is mantissa 2**(m - 1).
    subnormal_above = (e == 0) & (1 - src.bias - m + (m - 1) == lowest) & (mantissa > 1 << (m - 1))
    field = np.where(unbiased < lowest + 1, (above_lowest | subnormal_above).astype(it), field)
    top = f.nan_bits
    positive = ~negative & (a > 0) & (a <= src.inf_bits)
    overflow = positive & (field >= top)
    field = np.where(positive, field, top)
    field[overflow] = f.max_bits if saturate else top
    return field.astype(f.uint)


def _encode_e8m0_float32(u: np.ndarray, f: Format, saturate: bool) -> np.ndarray:
    """:func:`_encode_e8m0` for float32 bit patterns, in a few integer operations: with a the
    magnitude bits, ((a >> 22) + 1) >> 1 is the exponent field plus the top mantissa bit (the
    rounding up from 1.5 x 2**k), and for a subnormal 1 exactly when it exceeds 2**-127."""
    a = u & np.uint32(0x7FFFFFFF)
    field = ((a >> np.uint32(22)) + np.uint32(1)) >> np.uint32(1)
    field[a == (1 << 22)] = 0  # 2**-127 itself: the rounding above would give 2**-126
    top = f.nan_bits
    bad = (u != a) | (a == 0) | (field >= top)  # negative, zero, inf, NaN or overflow
    if saturate:
        overflow = (u == a) & (a <= np.uint32(0x7F800000)) & (field >= top)
        field[bad] = top
        field[overflow] = f.max_bits
    else:
        field[bad] = top
    return field.astype(f.uint)


# --------------------------------------------------------------------------------------------
# Decoding: bit patterns -> values
# --------------------------------------------------------------------------------------------
def _as_bits(bits: Any, f: Format) -> np.ndarray:
    arr = np.asarray(bits)
    if arr.dtype.kind not in "iu":
        raise ValueError(
            f"bits has dtype {arr.dtype}; expected integers in [0, 2**{f.bits}) for {f.key}"
        )
    if arr.size and (arr.min() < 0 or arr.max() >= (1 << f.bits)):
        bad = arr[(arr < 0) | (arr >= (1 << f.bits))].reshape(-1)[0]
        raise ValueError(f"bits={int(bad)} is outside [0, 2**{f.bits}) for {f.key}")
    return arr.astype(np.int64)


def _decode(bits: np.ndarray, f: Format) -> np.ndarray:
    """Values of int64 bit patterns, as float64 (exact for every format of the course)."""
    m = f.mantissa_bits
    e = (bits >> m) & ((1 << f.exponent_bits) - 1)
    mantissa = bits & ((1 << m) - 1)
    if f.subnormals:
        sig = np.where(e > 0, mantissa | (1 << m), mantissa).astype(np.float64)
        value = np.ldexp(sig, (np.maximum(e, 1) - f.bias - m).astype(np.int32))
    else:  # every exponent field is a binade (E8M0): no zero, no subnormals
        value = np.ldexp(
            (mantissa | (1 << m)).astype(np.float64), (e - f.bias - m).astype(np.int32)
        )
    magnitude = bits & f.magnitude_mask
    if f.has_inf:
        value[magnitude == f.inf_bits] = np.inf
        value[magnitude > f.inf_bits] = np.nan
    elif f.has_nan:
        value[magnitude == f.nan_bits] = np.nan
    return np.where(bits & f.sign_mask, -value, value)


@functools.cache
def _table(key: str) -> np.ndarray:
    f = ALL_FORMATS[key]
    table = _decode(np.arange(1 << f.bits, dtype=np.int64), f)
    table.setflags(write=False)
    return table


def from_bits(bits: Any, fmt: str | Format) -> Any:
    """The values of bit patterns of ``fmt``, as float64 (exact: every value of every format of
    the course is a float64). A numpy scalar for a scalar.

    Raises:
        ValueError: for an unknown ``fmt``, non-integer ``bits`` or a pattern outside
            [0, 2**bits).
    """
    f = get(fmt)
    arr = _as_bits(bits, f)
    if f.bits <= 16:
        return _scalar_or_array(_table(f.key)[arr.reshape(-1)], arr.shape)
    return _scalar_or_array(_decode(arr.reshape(-1), f), arr.shape)


def is_nan(bits: Any, fmt: str | Format) -> Any:
    """Which bit patterns of ``fmt`` are NaN (any sign, any payload): boolean, shape of ``bits``."""
    f = get(fmt)
    arr = np.asarray(bits)
    if arr.dtype.kind not in "iu":
        raise ValueError(f"bits has dtype {arr.dtype}; expected integers")
    magnitude = arr & f.magnitude_mask
    if f.has_inf:
        return magnitude > f.inf_bits
    return magnitude == f.nan_bits if f.has_nan else np.zeros(arr.shape, bool)


#: The rounding rules of :func:`round_to`.
ROUNDINGS = ("nearest", "stochastic")


def round_to(
    x: Any,
    fmt: str | Format,
    saturate: bool = False,
    rounding: str = "nearest",
    seed: int | np.random.Generator = 0,
) -> Any:
    """``x`` rounded to ``fmt``: the value the format stores.

    Args:
        x, fmt, saturate: as for :func:`to_bits`.
        rounding: "nearest" (ties to even, as :func:`to_bits`) or "stochastic": a value between
            two neighbours ``lo < |x| < hi`` goes up with probability ``(|x| - lo) / (hi - lo)``
            and down otherwise, so that on average the result is ``x`` (unbiased). Values
            outside the format's range (and inf, NaN) round to nearest.
        seed: the random generator of stochastic rounding, or the seed of a new one: the same
            seed gives the same roundings.

    Returns:
        Float32 for float32 or float16 input (every value of the course's formats is a float32),
        float64 otherwise.

    Raises:
        ValueError: for an unknown ``rounding`` (and as :func:`to_bits`).
        TypeError: for a ``seed`` that is neither an integer nor a numpy Generator.
    """
    if rounding not in ROUNDINGS:
        raise ValueError(f"rounding={rounding!r} is not one of {list(ROUNDINGS)}")
    arr = _as_floats(x)
    values = from_bits(to_bits(arr, fmt, saturate), fmt)
    if rounding == "stochastic":
        values = _round_stochastic(np.asarray(arr, np.float64), get(fmt), values, seed)
    return values.astype(arr.dtype) if arr.dtype == np.float32 else values


def _round_stochastic(x: np.ndarray, f: Format, nearest: Any, seed: Any) -> Any:
    """Stochastic rounding of ``x`` (float64) to ``f``; ``nearest`` where it does not apply."""
    if isinstance(seed, np.random.Generator):
        rng = seed
    elif isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        rng = np.random.default_rng(int(seed))
    else:
        raise TypeError(f"seed={seed!r} must be an integer or a numpy random Generator")
    a = np.abs(x)
    gap = np.asarray(spacing(a, f), np.float64)  # NaN out of range: nearest rounding there
    inside = np.isfinite(gap) & (a >= (0.0 if f.has_zero else f.min_normal))
    gap = np.where(inside, gap, 1.0)
    below = np.floor(a / gap) * gap  # exact: gap is a power of two
    up = rng.random(a.shape) < (a - below) / gap
    magnitude = np.where(up, below + gap, below)
    return _scalar_or_array(np.where(inside, np.copysign(magnitude, x), nearest), a.shape)


# --------------------------------------------------------------------------------------------
# Looking inside a value
# --------------------------------------------------------------------------------------------
class Fields(NamedTuple):
    """The fields of encoded values, as the bit explorer shows them (arrays, or scalars).

    Attributes:
        bits: the whole pattern.
        sign: 0 or 1.
        exponent: the stored (biased) exponent field.
        unbiased: the power of two it stands for: exponent - bias, or emin (1 - bias) for zero
            and subnormals.
        mantissa: the stored mantissa field, an integer.
        subnormal: True for subnormal numbers (exponent field 0, mantissa not 0).
        kind: "zero", "subnormal", "normal", "inf" or "nan".
    """

    bits: Any
    sign: Any
    exponent: Any
    unbiased: Any
    mantissa: Any
    subnormal: Any
    kind: Any


def fields_from_bits(bits: Any, fmt: str | Format) -> Fields:
    """The :class:`Fields` of bit patterns of ``fmt``."""
    f = get(fmt)
    arr = _as_bits(bits, f)
    shape = arr.shape
    m = f.mantissa_bits
    e = (arr >> m) & ((1 << f.exponent_bits) - 1)
    mantissa = arr & ((1 << m) - 1)
    magnitude = arr & f.magnitude_mask
    is_inf = magnitude == f.inf_bits if f.has_inf else np.zeros(shape, bool)
    nan = np.asarray(is_nan(arr, f))
    subnormal = (e == 0) & (mantissa != 0) & f.subnormals
    kind = np.select(
        [nan, is_inf, (magnitude == 0) & f.has_zero, subnormal],
        ["nan", "inf", "zero", "subnormal"],
        "normal",
    )
    parts = (
        arr.astype(f.uint),
        (arr >> (f.bits - 1)) & int(f.signed),
        e,
        (np.maximum(e, 1) if f.subnormals else e) - f.bias,
        mantissa,
        subnormal,
        kind,
    )
    if not shape:  # one value: plain Python numbers, which print plainly
        return Fields(*(np.asarray(p).item() for p in parts))
    return Fields(*(np.asarray(p).reshape(shape) for p in parts))


def fields(x: Any, fmt: str | Format, saturate: bool = False) -> Fields:
    """The :class:`Fields` of ``x`` encoded in ``fmt`` (sign, stored and unbiased exponent,
    mantissa, subnormal or not). See :func:`to_bits` for the arguments."""
    return fields_from_bits(to_bits(x, fmt, saturate), fmt)


def ulp(x: Any, fmt: str | Format) -> Any:
    """The spacing of ``fmt`` at ``x``: the unit in the last place of ``x`` rounded to ``fmt``,
    2**(exponent - mantissa_bits), the gap to the next value away from zero (at a power of two,
    the gap above). The smallest subnormal for zero and subnormals; NaN for inf and NaN.
    Float64, in the unit of ``x``."""
    f = get(fmt)
    parts = fields(x, fmt)
    spacing = np.ldexp(1.0, np.asarray(parts.unbiased - f.mantissa_bits, np.int32))
    special = np.isin(parts.kind, ("inf", "nan"))
    return _scalar_or_array(np.where(special, np.nan, spacing), np.shape(spacing))


def spacing(x: Any, fmt: str | Format) -> Any:
    """The gap between neighbouring values of ``fmt`` around ``x`` itself (before rounding):
    2**(e - mantissa_bits) for x in the binade [2**e, 2**(e+1)), the subnormal spacing below the
    smallest normal number, NaN beyond the largest finite value (x is out of range) and for inf
    and NaN. Unlike :func:`ulp`, which looks at x *rounded*, 1000 in E5M2 gives the gap of
    [512, 1024), 128, not that above 1024. Float64, in the unit of ``x``."""
    f = get(fmt)
    a = np.abs(_as_floats(x))
    _, exp = np.frexp(a)  # a = m * 2**exp with m in [0.5, 1): the binade is 2**(exp - 1)
    e = np.where(a < f.min_normal, f.emin, exp - 1)
    gap = np.ldexp(1.0, (e - f.mantissa_bits).astype(np.int32))
    return _scalar_or_array(np.where(np.isfinite(a) & (a <= f.max), gap, np.nan), a.shape)


def bit_string(bits: int, fmt: str | Format, sep: str = " ") -> str:
    """A pattern as sign, exponent and mantissa bits: ``bit_string(0x3EAB, "bf16")`` gives
    ``"0 01111101 0101011"``; a format without a sign bit or a mantissa (E8M0) has fewer
    groups."""
    f = get(fmt)
    text = format(int(bits), f"0{f.bits}b")
    s = int(f.signed)
    groups = (text[:s], text[s : s + f.exponent_bits], text[s + f.exponent_bits :])
    return sep.join(g for g in groups if g)


# --------------------------------------------------------------------------------------------
# Rounding, one value at a time
# --------------------------------------------------------------------------------------------
def round_scalar(x: float, fmt: str | Format) -> float:
    """``x`` (a Python float, rounded once) rounded to ``fmt``, in pure Python: the scalar twin of
    :func:`round_to` for loops that round at every step (a running sum). Overflow gives inf
    (NaN in E4M3FN). The MX types (FP6, FP4, E8M0) take :func:`round_to`'s rules."""
    f = get(fmt)
    if f.special == "none" or not f.subnormals:
        return float(round_to(np.float64(x), f))
    if math.isnan(x) or x == 0:
        return x
    if math.isinf(x):
        return x if f.has_inf else math.nan
    exponent = max(math.frexp(abs(x))[1] - 1, f.emin) - f.mantissa_bits
    r = math.ldexp(round(math.ldexp(abs(x), -exponent)), exponent)  # round(): ties to even
    if r > f.max:
        r = math.inf if f.has_inf else math.nan
    return math.copysign(r, x)


@dataclass(frozen=True)
class Rounding:
    """Round to nearest even, step by step, in exact arithmetic (for the notebook's explainer).

    Attributes:
        x: the value (a float, taken exactly).
        fmt: the format.
        exponent: the power of two of the binade of ``|x|`` (emin for subnormals).
        spacing: the gap between neighbours in that binade, 2**(exponent - mantissa_bits).
        below, above: the representable magnitudes around ``|x|`` (equal when it is exact).
        remainder: ``|x| - below`` in units of ``spacing`` (0 <= remainder < 1).
        decision: "exact", "down" (remainder < 1/2), "up" (> 1/2), "tie, down to even",
            "tie, up to even", or "overflow" when ``|x|`` lies above the format's last binade
            (the other fields then describe the binade the format would have next).
        result: the rounded value with the sign of ``x`` (inf or NaN when it overflows: a
            non-saturating conversion).
    """

    x: float
    fmt: Format
    exponent: int
    spacing: Fraction
    below: Fraction
    above: Fraction
    remainder: Fraction
    decision: str
    result: float

    @property
    def error(self) -> float:
        """``result - x``, rounded once to float64 (inf or NaN when ``x`` overflows)."""
        if not math.isfinite(self.result):
            return self.result - self.x
        return float(Fraction(self.result) - Fraction(self.x))

    @property
    def relative_error(self) -> float:
        """``|result - x| / |x|`` (0 for x = 0)."""
        return abs(self.error / self.x) if self.x else 0.0

    def steps(self) -> list[str]:
        """The steps in words, for the readout."""
        f = self.fmt
        if self.decision == "overflow":
            return self._overflow_steps()
        kept = int(self.below / self.spacing)
        lead = kept >> f.mantissa_bits
        mantissa = format(kept & ((1 << f.mantissa_bits) - 1), f"0{f.mantissa_bits}b")
        where = f"the binade of 2^{self.exponent}"
        if abs(self.x) < f.min_normal:
            where = f"the subnormal range (below 2^{f.emin})"
        half = Fraction(1, 2)
        compared = "less than" if self.remainder < half else "more than"
        compared = "exactly" if self.remainder == half else compared
        if math.isfinite(self.result):
            result = f"{'-' if math.copysign(1, self.x) < 0 else ''}{_num(abs(self.result))}"
        else:
            result = f"{_num(self.above)} is beyond the largest finite {f.short}, {f.max:g}: "
            result += self._overflow_result()
        return [
            f"1. |x| = {abs(self.x)!r} lies in {where}, where "
            f"{f.short} values are 2^{self.exponent} x 2^-{f.mantissa_bits} = "
            f"{_num(self.spacing)} apart.",
            f"2. Keep {f.mantissa_bits} mantissa bits: {lead}.{mantissa} x 2^{self.exponent} = "
            f"{_num(self.below)}; the next value up is {_num(self.below + self.spacing)}.",
            f"3. Left over: {float(self.remainder):.6g} of a step ({compared} one half).",
            f"4. Decision: {self.decision}. Result: {result}.",
        ]

    def _overflow_result(self) -> str:
        """What an overflow gives, in words: inf, or NaN for a format without infinities."""
        f = self.fmt
        saturated = f"a saturating conversion gives {_num(math.copysign(f.max, self.x))} instead"
        if f.has_inf:
            return f"{self.result} ({saturated})"
        return f"NaN ({f.short} has no infinity; {saturated})"

    def _overflow_steps(self) -> list[str]:
        f = self.fmt
        threshold = f.max + math.ldexp(1.0, f.emax - f.mantissa_bits - 1)
        return [
            f"1. |x| = {abs(self.x)!r} lies above the largest finite {f.short} value, "
            f"{_num(f.max)}: it would need the binade of 2^{self.exponent}, and {f.short} has "
            f"none (its exponent stops at 2^{f.emax}).",
            f"2. No {f.short} value lies near |x|: the nearest is {_num(f.max)}, "
            f"{_num(abs(self.x) - f.max)} away.",
            f"3. Round to nearest sends every value from {_num(threshold)} up (halfway between "
            f"{_num(f.max)} and 2^{f.emax + 1}) beyond the format: an overflow.",
            f"4. Decision: overflow. Result: {self._overflow_result()}.",
        ]


def _num(q: Fraction | float) -> str:
    return repr(float(q))


def rounding(x: float, fmt: str | Format) -> Rounding:
    """Round the float ``x`` to ``fmt`` step by step, in exact rational arithmetic.

    A value beyond the largest finite one gives inf (IEEE formats), NaN (E4M3FN) or, in the MX
    element types FP6 and FP4, the largest value (they saturate).

    Raises:
        ValueError: for an unknown ``fmt``, a format without a mantissa (E8M0, whose rule is
            not ties to even: see :func:`to_bits`) or an ``x`` that is not a finite real number.
    """
    f = get(fmt)
    if not isinstance(x, numbers.Real) or not math.isfinite(x):
        raise ValueError(f"x={x!r} must be a finite real number")
    if not f.subnormals:
        raise ValueError(
            f"fmt={f.key!r} has no mantissa to round step by step; its rule is in to_bits"
        )
    exact = abs(Fraction(float(x)))
    exponent = max(math.frexp(float(exact))[1] - 1, f.emin) if exact else f.emin
    spacing = Fraction(2) ** (exponent - f.mantissa_bits)
    below = (exact // spacing) * spacing
    above = below + spacing if below != exact else below
    remainder = (exact - below) / spacing
    if exponent > f.emax:
        decision, magnitude = "overflow", math.inf
    elif remainder == 0:
        decision, magnitude = "exact", below
    elif remainder < Fraction(1, 2):
        decision, magnitude = "down", below
    elif remainder > Fraction(1, 2):
        decision, magnitude = "up", above
    else:
        even_below = int(below / spacing) % 2 == 0
        decision = "tie, down to even" if even_below else "tie, up to even"
        magnitude = below if even_below else above
    result = float(magnitude)
    if result > f.max and f.has_nan:
        result = math.inf if f.has_inf else math.nan
    elif result > f.max:
        decision, result = f"{decision}, past the largest value: saturates to {f.max:g}", f.max
    return Rounding(
        float(x),
        f,
        exponent,
        spacing,
        below,
        above,
        remainder,
        decision,
        math.copysign(result, x),
    )


# --------------------------------------------------------------------------------------------
# Accumulation and mixed precision
# --------------------------------------------------------------------------------------------
def running_sum(values: Any, fmt: str | Format) -> np.ndarray:
    """The running sum of ``values`` kept in ``fmt``: every input and every partial sum is
    rounded to ``fmt`` (nearest even), as an adder that accumulates in that format does.

    Each step adds in float64 and rounds once to ``fmt``; for two numbers of a format of at most
    24 significand bits that equals one correctly rounded addition (float64 has more than twice
    their precision plus two bits). Float64 array of the partial sums.
    """
    f = get(fmt)
    terms = np.asarray(round_to(np.asarray(values, dtype=np.float64), f), dtype=np.float64)
    out = np.empty(terms.size)
    total = 0.0
    for i, v in enumerate(terms.reshape(-1).tolist()):
        total = round_scalar(total + v, f)
        out[i] = total
    return out


def matmul(
    a: Any,
    b: Any,
    inputs: str | Format = "bf16",
    accumulate: str | Format = "fp32",
    checkpoints: Any = None,
) -> np.ndarray:
    """A matrix product as a multiply-accumulate unit computes it: ``a`` and ``b`` rounded to
    ``inputs``, products exact, the running sum over the inner dimension rounded to
    ``accumulate`` after each addition (in order, k = 0, 1, ...).

    A model of the arithmetic, not of a particular chip (tensor cores add several products at
    once). Each addition is a float64 addition rounded once more to ``accumulate``.

    Args:
        a, b: matrices of shapes (m, k) and (k, n).
        inputs, accumulate: format keys.
        checkpoints: optional inner sizes (1 <= k_i <= k); if given, the partial products after
            k_i terms are returned, stacked (shape (len, m, n)): one pass gives a whole curve.

    Returns:
        Float64 array (m, n), or (len(checkpoints), m, n).
    """
    a64, b64 = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a64.ndim != 2 or b64.ndim != 2 or a64.shape[1] != b64.shape[0]:
        raise ValueError(f"a.shape={a64.shape} and b.shape={b64.shape} do not multiply")
    ar, br = round_to(a64, inputs), round_to(b64, inputs)
    k = a64.shape[1]
    marks = sorted({int(c) for c in (checkpoints if checkpoints is not None else [k])})
    if marks[0] < 1 or marks[-1] > k:
        raise ValueError(f"checkpoints={marks} must lie in [1, {k}]")
    acc = np.zeros((a64.shape[0], b64.shape[1]))
    kept = []
    for i in range(marks[-1]):
        acc = round_to(acc + np.outer(ar[:, i], br[i]), accumulate)
        if i + 1 in marks:
            kept.append(acc.copy())
    return kept[0] if checkpoints is None else np.stack(kept)


#: The three ways :func:`matmul_errors` computes a product: label -> (inputs, accumulator).
MATMUL_VARIANTS: dict[str, tuple[str, str]] = {
    "FP32 inputs, FP32 accumulation": ("fp32", "fp32"),
    "BF16 inputs, FP32 accumulation (tensor cores)": ("bf16", "fp32"),
    "BF16 inputs, BF16 accumulation": ("bf16", "bf16"),
}


#: Largest inner dimension of :func:`matmul_errors` by default.
MATMUL_K = 4096


@functools.cache
def matmul_errors(
    k_max: int = MATMUL_K, size: int = 16, seed: int = 0
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Relative error of (size x k) @ (k x size) products against FP64, for k = 1, 2, 4, ...
    k_max and each of :data:`MATMUL_VARIANTS`.

    The entries are uniform in [0, 1), so every product is positive and each output is a sum
    that grows with k (like the running sums of :func:`running_sum`, and like the activations
    after a ReLU); the error of an output is ``|C - C_fp64| / C_fp64``, and the largest over the
    outputs is returned.

    Returns:
        label -> (k values, errors), float64 arrays.
    """
    if not isinstance(k_max, numbers.Integral) or k_max < 1:
        raise ValueError(f"k_max={k_max!r} must be an integer of at least 1")
    rng = np.random.default_rng(seed)
    a, b = rng.random((size, k_max)), rng.random((k_max, size))
    ks = 2 ** np.arange(int(math.log2(k_max)) + 1)
    exact = np.stack([a[:, :k] @ b[:k] for k in ks])
    curves = {}
    for label, (inputs, accumulate) in MATMUL_VARIANTS.items():
        got = matmul(a, b, inputs, accumulate, checkpoints=ks)
        curves[label] = (ks.astype(np.float64), (np.abs(got - exact) / exact).max(axis=(1, 2)))
    return curves


# --------------------------------------------------------------------------------------------
# Gradients and loss scaling
# --------------------------------------------------------------------------------------------
#: A synthetic set of gradient magnitudes for the loss-scaling demo: log2 |g| is normal with
#: this mean and standard deviation. A teaching choice, not a measurement: it puts the bulk of
#: the values around FP16's smallest numbers, as Micikevicius et al. (2018) found for some
#: networks' activation gradients.
GRADIENT_LOG2_MEAN, GRADIENT_LOG2_STD = -22.0, 5.0


def gradient_sample(n: int = 20_000, seed: int = 0) -> np.ndarray:
    """``n`` synthetic gradient values (float32, random signs), log2 |g| ~ Normal(
    :data:`GRADIENT_LOG2_MEAN`, :data:`GRADIENT_LOG2_STD`), reproducible from ``seed``."""
    if not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n={n!r} must be an integer of at least 1")
    rng = np.random.default_rng(seed)
    log2 = rng.normal(GRADIENT_LOG2_MEAN, GRADIENT_LOG2_STD, n)
    return (np.exp2(log2) * rng.choice([-1.0, 1.0], n)).astype(np.float32)


class Survival(NamedTuple):
    """What happens to values stored in a format (fractions of the nonzero inputs, 0 to 1)."""

    zero: float  # became zero (underflow)
    subnormal: float  # kept, as subnormals (fewer significant bits)
    overflow: float  # became inf, NaN or (saturating) the largest value
    kept: float  # kept as normal numbers
    median_relative_error: float  # of the values kept (normal or subnormal)


def survival(values: Any, fmt: str | Format, scale: float = 1.0) -> Survival:
    """Store ``values * scale`` in ``fmt`` (loss scaling multiplies by ``scale``, a power of two,
    before the cast) and count what underflows, what overflows and what is kept."""
    if not (isinstance(scale, numbers.Real) and math.isfinite(scale) and scale > 0):
        raise ValueError(f"scale={scale!r} must be a finite number above 0")
    v = np.asarray(values, dtype=np.float64)
    v = v[v != 0] * scale
    if v.size == 0:
        raise ValueError("values has no nonzero value to store")
    parts = fields(v, fmt)
    stored = from_bits(parts.bits, fmt)
    finite = np.isin(parts.kind, ("normal", "subnormal"))
    rel = np.abs(stored[finite] - v[finite]) / np.abs(v[finite])
    return Survival(
        zero=float(np.mean(parts.kind == "zero")),
        subnormal=float(np.mean(parts.kind == "subnormal")),
        overflow=float(np.mean(np.isin(parts.kind, ("inf", "nan")))),
        kept=float(np.mean(parts.kind == "normal")),
        median_relative_error=float(np.median(rel)) if rel.size else math.nan,
    )


#: Loss scales tried by :func:`best_loss_scale`: 2**0 to 2**32.
LOSS_SCALES_LOG2 = tuple(range(33))


def best_loss_scale(
    values: Any, fmt: str | Format = "fp16", log2_scales: Any = LOSS_SCALES_LOG2
) -> int:
    """The exponent k of the loss scale 2**k (among ``log2_scales``) that keeps the largest share
    of ``values`` as normal numbers of ``fmt``; the smallest such k on a tie."""
    scales = [int(k) for k in log2_scales]
    if not scales:
        raise ValueError("log2_scales is empty; give at least one exponent")
    kept = [survival(values, fmt, 2.0**k).kept for k in scales]
    return scales[int(np.argmax(kept))]


def survival_table(values: Any, rows: Any, caption: str = "", error: bool = False) -> Table:
    """What storing ``values`` does, one row per ``(fmt, k)`` of ``rows`` (scaled by 2**k): the
    shares that become 0, stay subnormal, are kept as normal numbers and overflow, in percent,
    and with ``error=True`` the median relative error of the values kept."""
    body = []
    for fmt, k in rows:
        s = survival(values, fmt, 2.0**k)
        cells = [
            f"{get(fmt).short}, scale 2^{k}",
            percent(s.zero, 2),
            percent(s.subnormal, 2),
            percent(s.kept, 3),
            percent(s.overflow, 2),
        ]
        body.append([*cells, f"{s.median_relative_error:.2g}"] if error else cells)
    columns = ["stored as", "became 0", "subnormal", "kept as normal", "overflow"]
    return Table([*columns, "median relative error"] if error else columns, body, caption)


def loss_scale_table(values: Any, log2_scales: Any = (0, 8, 12, 16, 20, 24, 28)) -> Table:
    """BF16 unscaled beside FP16 at several loss scales and at the best one
    (:func:`best_loss_scale`), with what each does to ``values``."""
    best = best_loss_scale(values, "fp16")
    scales = sorted({*(int(k) for k in log2_scales), best})
    s = survival(values, "fp16", 2.0**best)
    return survival_table(
        values,
        [("bf16", 0), *(("fp16", k) for k in scales)],
        caption=f"The best FP16 scale for these {np.size(values):,} values is 2^{best}: "
        f"{percent(s.kept, 3)} kept as normal numbers, {percent(s.overflow, 2)} overflow "
        f"(best of 2^0 to 2^{LOSS_SCALES_LOG2[-1]}).",
    )


# --------------------------------------------------------------------------------------------
# Tables for the notebook
# --------------------------------------------------------------------------------------------
#: Floating-point operations counted per multiply-accumulate (a multiply and an add): the
#: convention behind every FLOP/s figure of the course.
FLOPS_PER_MAC = 2


def _g(x: float) -> str:
    return "nan" if math.isnan(x) else f"{x:.6g}"


def _short(x: float) -> str:
    if 1 <= x < 1e7 and float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:.4g}".replace("e+", "e")


#: How :func:`formats_table` names the standards behind the formats (by source key).
_STANDARDS = {
    "IEEE754": "IEEE 754",
    "TPU-BF16": "Google's bfloat16",
    "OFP8": "OCP FP8",
    "OCP-MX": "OCP MX v1.0",
}


def formats_table(keys: Any = tuple(FORMATS)) -> Table:
    """The layout and derived constants of the formats ``keys`` (notebook 01's by default), one
    row each."""
    chosen = [get(k) for k in keys]
    rows = [
        [
            f.short,
            f"{int(f.signed)}/{f.exponent_bits}/{f.mantissa_bits}",
            f.bias,
            _short(f.max),
            _short(f.min_normal),
            _short(f.min_subnormal) if f.subnormals else "none",
            f"2^-{f.mantissa_bits}",
            f"{f.decimal_digits:.1f}",
            f.specials_label,
        ]
        for f in chosen
    ]
    standards = ", ".join(dict.fromkeys(_STANDARDS.get(f.source.key, f.source.key) for f in chosen))
    return Table(
        (
            "format",
            "bits s/e/m",
            "bias",
            "largest",
            "smallest normal",
            "smallest subnormal",
            "epsilon",
            "digits",
            "specials",
        ),
        rows,
        caption=f"Computed by helpers.formats from the bit counts alone (sources: {standards}). "
        "Digits: significant decimal digits.",
    )


def fields_table(x: float, fmt: str | Format) -> Table:
    """``x`` encoded in ``fmt``, field by field: the bits of each field, what they stand for,
    and the whole pattern in hex with the value it stores."""
    f = get(fmt)
    p = fields(np.float64(x), f)
    sign, exponent, mantissa = bit_string(p.bits, f).split(" ")
    stored = float(from_bits(p.bits, f))
    lead = "0" if p.kind in ("zero", "subnormal") else "1"
    rows = [
        ["sign", sign, "+" if p.sign == 0 else "-"],
        ["exponent", exponent, f"{p.exponent} - {f.bias} (bias) = {p.unbiased}: 2^{p.unbiased}"],
        [
            "mantissa",
            mantissa,
            f"{lead}.{mantissa}₂ = {lead} + {p.mantissa}/{2**f.mantissa_bits} = "
            f"{int(lead) + p.mantissa / 2**f.mantissa_bits!r}",
        ],
        ["whole pattern", f"0x{p.bits:0{f.bits // 4}X}", f"value stored: {stored!r}"],
    ]
    return Table(("field", "bits", "meaning"), rows, caption=f"{x!r} in {f.short}, field by field.")


def spacing_table(x: float) -> Table:
    """Around ``x``, in every format: the value ``x`` is stored as, and the gap between
    neighbouring values in the binade of ``x`` (:func:`spacing`), absolute and relative."""
    rows = []
    for f in FORMATS.values():
        stored = float(round_to(np.float64(x), f))
        if not math.isfinite(stored):
            rows.append([f.short, f"out of range (largest {_short(f.max)})", "-", "-"])
            continue
        gap = float(spacing(min(abs(x), f.max), f))  # just above the largest: its binade's gap
        shown = _short(stored)
        if stored == 0 and x != 0:
            shown = f"0 (underflow: at most half of the smallest, {_short(f.min_subnormal)})"
        rows.append([f.short, shown, _short(gap), f"{gap / abs(x):.3g}"])
    e = math.floor(math.log2(abs(x))) if x else 0
    return Table(
        ("format", f"{x:g} is stored as", "gap between neighbours", "gap / value"),
        rows,
        caption=f"Gaps between neighbouring values around {x:g}, in its binade "
        f"[2^{e}, 2^{e + 1}) (subnormal spacing below the smallest normal number).",
    )


def encodings_table(x: float) -> Table:
    """``x`` encoded in every format: the bits, the value stored and the rounding error."""
    rows = []
    for f in FORMATS.values():
        bits = int(to_bits(np.float64(x), f))
        stored = float(from_bits(bits, f))
        error = stored - x if math.isfinite(stored) and math.isfinite(x) else math.nan
        rel = abs(error / x) if x and math.isfinite(error) else math.nan
        rows.append(
            [
                f.short,
                f"0x{bits:0{f.bits // 4}X}",
                bit_string(bits, f),
                repr(stored),
                "0" if error == 0 else _g(error),
                "0" if error == 0 else _g(rel),
            ]
        )
    return Table(
        ("format", "hex", "sign exponent mantissa", "value stored", "error", "relative error"),
        rows,
        caption=f"{x!r} in every format (round to nearest, ties to even).",
    )


def peaks_table() -> Table:
    """What the article's compute figures count: dense BF16 multiply-accumulates, and the FP8
    figure where the chip has FP8 units."""
    rows = []
    for s in ARTICLE_PAIR.systems:
        fp8 = FIGURES.get(f"{s.key}.fp8_dense")
        rows.append(
            [
                s.short,
                si(s.chip.bf16_dense.value, "FLOP/s"),
                si(s.bf16_dense.value, "FLOP/s"),
                si(s.bf16_dense.value / FLOPS_PER_MAC, "MAC/s"),
                si(s.chip.fp8_dense.value, "FLOP/s") if s.chip.fp8_dense else "none",
                si(fp8.value, "FLOP/s") if fp8 else f"none: {s.chip.name} has no FP8 units",
            ]
        )
    return Table(
        (
            "system",
            "dense BF16 per chip",
            "dense BF16, system",
            "multiply-accumulates per s",
            "dense FP8 per chip",
            "dense FP8, system",
        ),
        rows,
        caption="From helpers.specs; one multiply-accumulate counts as 2 FLOPs.",
    )


def sources(*figures: Figure) -> SourceList:
    """The standards that define the formats, and the sources of ``figures``."""
    found = {f.source.key: f.source for f in FORMATS.values()}
    found |= {s.key: s for s in sources_of(*figures)}
    return SourceList([found[k] for k in sorted(found)])


def double_rounding_table(x: float = 1 + 2**-8 + 2**-40, fmt: str | Format = "bf16") -> Table:
    """Rounding the float64 ``x`` to ``fmt`` once (this module) and twice (through float32, as
    ml_dtypes does), with ml_dtypes' own cast when it is installed."""
    f = get(fmt)
    once = float(round_to(np.float64(x), f))
    through32 = np.float64(x).astype(np.float32)
    twice = float(round_to(through32, f))
    rows = [
        ["x (float64)", repr(x), "the value to round"],
        ["helpers.formats, once", repr(once), f"the nearest {f.short} to x"],
        ["x rounded to float32", repr(float(through32)), "the first rounding (float32)"],
        ["then to " + f.short, repr(twice), "the second rounding"],
    ]
    dtype = reference_dtype(f)
    if f.key in ("fp32", "fp16"):
        note = "numpy casts float64 directly"
        rows.append([f"numpy cast to {f.short}", repr(float(np.float64(x).astype(dtype))), note])
    elif dtype is None:
        rows.append(["ml_dtypes", "not installed", "pip install ml_dtypes to compare"])
    else:
        got = float(np.asarray(x, np.float64).astype(dtype).astype(np.float64))
        rows.append([f"ml_dtypes cast to {f.short}", repr(got), "rounds through float32"])
    return Table(("", "value", "how"), rows, caption=f"Rounding {x!r} to {f.short}, once or twice.")


# --------------------------------------------------------------------------------------------
# The block formats live in helpers.blocks (which imports this module)
# --------------------------------------------------------------------------------------------
_BLOCK_NAMES = ("quantize_blocks", "dequantize_blocks", "BLOCK_FORMATS")


def __getattr__(name: str) -> Any:
    """``formats.quantize_blocks`` and ``formats.dequantize_blocks`` are those of
    :mod:`helpers.blocks`, loaded on first use."""
    if name in _BLOCK_NAMES:
        from . import blocks

        return getattr(blocks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
