"""Exercises and predictions of notebook 01 (BF16 and number formats)."""

from __future__ import annotations

import re

import numpy as np

from .. import formats
from ..formats import FORMATS, MATMUL_VARIANTS
from ..specs import B200, CM384, NVL72
from ..units import PFLOPS, percent, times
from .core import Exercise

NB = "01_bf16_number_formats"

_BF16, _FP16, _E4M3 = FORMATS["bf16"], FORMATS["fp16"], FORMATS["fp8_e4m3"]
_E, _M = _BF16.exponent_bits, _BF16.mantissa_bits

#: Values the exercises use (not hardware figures): the value encoded by hand, the ones added
#: up, the gradient stored, the value whose bits are flipped.
FIFTH = 1 / 5
ONES = 1000
TINY = 1e-8
DOUBLED = 3.0

_FIFTH_BITS = int(formats.to_bits(FIFTH, "bf16"))
_FIFTH_FIELDS = formats.fields(FIFTH, "bf16")
_FIFTH_ROUNDING = formats.rounding(FIFTH, "bf16")
_FIFTH_KEPT = int(_FIFTH_ROUNDING.below / _FIFTH_ROUNDING.spacing) & ((1 << _M) - 1)
#: The classic slip: the pattern with the extra bits cut off instead of rounded.
_FIFTH_TRUNCATED = (_FIFTH_BITS & ~((1 << _M) - 1)) | _FIFTH_KEPT
_E4M3_IEEE = _E4M3.with_specials("ieee")
_TOP_FIELD = (1 << _E4M3_IEEE.exponent_bits) - 2  # the largest exponent field under IEEE rules
_ALL_ONES = (1 << _E4M3_IEEE.mantissa_bits) - 1
_ONE_BITS = int(formats.to_bits(1.0, "bf16"))
_FP8_GAIN = B200.fp8_dense.value / B200.bf16_dense.value


def _binary(x: float, fraction_bits: int) -> str:
    """``x`` in binary with ``fraction_bits`` digits after the point, cut (not rounded)."""
    whole = int(x)
    bits = int((x - whole) * 2**fraction_bits)
    return f"{whole:b}.{bits:0{fraction_bits}b}"


def _written(*values: float) -> tuple[str, ...]:
    """Each value as the course may print it: 5.96e-08, 6e-08, 5.96e-8, 6e-8."""
    out = []
    for v in values:
        for digits in (3, 2, 1):
            text = f"{v:.{digits}g}"
            out += [text, re.sub(r"e([+-])0*(\d)", r"e\1\2", text).replace("e+", "e")]
    return tuple(dict.fromkeys(out))


def _stall(fmt: str) -> float:
    """Where a running sum of ones kept in ``fmt`` stops growing."""
    return float(formats.running_sum(np.ones(5 * ONES), fmt)[-1])


_FP16_STALL, _BF16_STALL = _stall("fp16"), _stall("bf16")
_FIFTH_SCALED = FIFTH / 2.0**_FIFTH_FIELDS.unbiased  # 1/5 as 1.xxx, its binade taken out
_FIFTH_REST = (_FIFTH_SCALED * 2**_M) % 1  # what is left after the kept mantissa bits


def _which_keeps_tiny() -> str:
    kept = [f.short for f in (_FP16, _BF16) if formats.round_to(TINY, f) != 0]
    return {0: "neither", 1: kept[0] if kept else "neither", 2: "both"}[len(kept)]


def _mixed_errors() -> tuple[float, float, float]:
    """The BF16-input, FP32-sum product's error at the smallest and largest k, and the BF16-sum
    product's error at the largest k."""
    mixed = next(k for k, v in MATMUL_VARIANTS.items() if v == ("bf16", "fp32"))
    narrow = next(k for k, v in MATMUL_VARIANTS.items() if v == ("bf16", "bf16"))
    curves = formats.matmul_errors()
    return curves[mixed][1][0], curves[mixed][1][-1], curves[narrow][1][-1]


def _mixed_error_trend() -> str:
    first, last, _ = _mixed_errors()
    return "grows with k" if last > 2 * first else "does not grow"


#: The bits a learner may flip, by the name the prediction gives them: bit index from the right.
_BIT_NAMES = {
    "the sign bit": _BF16.bits - 1,
    "the highest exponent bit": _BF16.bits - 2,
    "the lowest exponent bit": _M,
    "the highest mantissa bit": _M - 1,
}


def _doubling_bit() -> str:
    """The bit of :data:`_BIT_NAMES` whose flip doubles DOUBLED in BF16."""
    bits = int(formats.to_bits(DOUBLED, "bf16"))
    for name, i in _BIT_NAMES.items():
        if float(formats.from_bits(bits ^ (1 << i), "bf16")) == 2 * DOUBLED:
            return name
    return "none of them"


EXERCISES = (
    Exercise(
        id="01.doubling_bit",
        notebook=NB,
        kind="predict",
        prompt=f"In BF16, {DOUBLED:g} is stored as "
        f"{formats.bit_string(int(formats.to_bits(DOUBLED, 'bf16')), 'bf16')} (sign, exponent, "
        f"mantissa). Which single bit, flipped, makes it {2 * DOUBLED:g}?",
        choices=tuple(_BIT_NAMES),
        answer=_doubling_bit,
        reveals=lambda: (_doubling_bit(), "adds 1 to the exponent field", "doubles the value"),
        explain="Flipping the lowest exponent bit from 0 to 1 adds 1 to the exponent field: "
        "one more power of two, twice the value. (From 1 to 0 it would halve it.)",
    ),
    Exercise(
        id="01.sum_of_ones",
        notebook=NB,
        kind="predict",
        prompt=f"Start a BF16 running sum at 0 and add 1 to it {ONES:,} times, rounding after each "
        "addition. What is the sum at the end?",
        answer=lambda: _stall("bf16"),
        rel_tol=0.0,
        reveals=lambda: (f"{_stall('bf16'):g}",),
        explain=f"It stops at {_BF16_STALL:g}: there BF16 values are 2 apart, so "
        f"{_BF16_STALL:g} + 1 is a tie between {_BF16_STALL:g} and {_BF16_STALL + 2:g}, and ties "
        f"go to the even mantissa, {_BF16_STALL:g}. Every later addition is lost.",
    ),
    Exercise(
        id="01.tiny_value",
        notebook=NB,
        kind="predict",
        prompt=f"A gradient of {TINY:g} is stored in a 16-bit format. Which format keeps it "
        "(does not turn it into 0)?",
        choices=("FP16", "BF16", "both", "neither"),
        answer=_which_keeps_tiny,
        reveals=lambda: (
            *_written(_FP16.min_subnormal, _FP16.min_subnormal / 2, _BF16.min_subnormal),
            f"{TINY:g} becomes 0",
        ),
        explain=f"FP16's smallest positive value is 2^{_FP16.emin - _FP16.mantissa_bits} "
        f"(about {_FP16.min_subnormal:.3g}); anything at or below half of it, "
        f"2^{_FP16.emin - _FP16.mantissa_bits - 1} (about {_FP16.min_subnormal / 2:.3g}), rounds "
        f"to 0, so {TINY:g} becomes 0. BF16 reaches down to {_BF16.min_subnormal:.3g}, like FP32.",
    ),
    Exercise(
        id="01.mixed_error",
        notebook=NB,
        kind="predict",
        prompt="A matrix product takes BF16 inputs but adds the products in FP32. As the inner "
        f"dimension k grows from 1 to {formats.MATMUL_K:,} terms, what does its error (against "
        "FP64) do?",
        choices=("grows with k", "does not grow"),
        answer=_mixed_error_trend,
        reveals=lambda: (
            "does not grow",
            "costs almost nothing",
            percent(_mixed_errors()[1], 2),
            percent(_mixed_errors()[2], 2),
        ),
        explain="It even shrinks: the error comes from rounding each input to BF16, a relative "
        f"error of at most 2^-{_M + 1} per input that averages out over many products; the FP32 "
        f"sum adds almost nothing ({percent(_mixed_errors()[1], 2)} at k = "
        f"{formats.MATMUL_K:,}). With a BF16 accumulator instead the error grows with k, to "
        f"{percent(_mixed_errors()[2], 2)}.",
    ),
    Exercise(
        id="01.one_fifth_bf16",
        notebook=NB,
        prompt="Encode 1/5 in BF16 by hand and give the 16-bit pattern (as 0x... hex or 0b... "
        f"binary). In binary, 1/5 = {_binary(FIFTH, 3 * (_M - 3))}...₂.",
        answer=lambda: int(formats.to_bits(FIFTH, "bf16")),
        integer=True,
        slips=lambda: (
            (
                _FIFTH_TRUNCATED,
                "That is the pattern with the extra mantissa bits cut off: round them to "
                "nearest instead (what is left is more than half a step).",
            ),
        ),
        hint=f"Write 1/5 as {_binary(_FIFTH_SCALED, 2 * _M - 1)}...₂ x 2^e: which e? Sign 0; "
        f"exponent field e + {_BF16.bias}; keep {_M} mantissa bits and round what is left to "
        "nearest (ties to even), as for 1/3 above.",
        solution=f"1/5 = {_binary(_FIFTH_SCALED, 2 * _M - 2)}...₂ x 2^{_FIFTH_FIELDS.unbiased}. "
        f"Sign 0. Exponent field {_FIFTH_FIELDS.unbiased} + {_BF16.bias} = "
        f"{_FIFTH_FIELDS.exponent} = {_FIFTH_FIELDS.exponent:0{_E}b}. The first {_M} mantissa "
        f"bits are {_FIFTH_KEPT:0{_M}b}, and the rest, {_binary(_FIFTH_REST, _M - 3)[2:]}..., "
        f"is {_FIFTH_REST:.1f} of a step, more than half, so round up: "
        f"{_FIFTH_FIELDS.mantissa:0{_M}b}. Together: {formats.bit_string(_FIFTH_BITS, 'bf16')} "
        f"= {{answer}}, the value {float(formats.from_bits(_FIFTH_BITS, 'bf16'))!r}. (It is the "
        "pattern of 1/10 with the exponent one higher: doubling adds 1 to the exponent field.)",
        code="from helpers import formats\nanswer = int(formats.to_bits(1 / 5, 'bf16'))",
    ),
    Exercise(
        id="01.below_one",
        notebook=NB,
        prompt="What is the largest BF16 value below 1? Give it as a decimal number.",
        answer=lambda: float(formats.from_bits(int(formats.to_bits(1.0, "bf16")) - 1, "bf16")),
        rel_tol=1e-5,
        hint=f"Below 1 you are in the binade [1/2, 1), where BF16 values are 2^-1 x 2^-{_M} "
        "apart. Or: take the bit pattern of 1 and subtract 1.",
        solution=f"1 is 0x{_ONE_BITS:04X}; the pattern just below, 0x{_ONE_BITS - 1:04X}, has "
        f"exponent 2^-1 and all {_M} mantissa bits set: (1 + {2**_M - 1}/{2**_M}) x 2^-1 = "
        f"1 - 2^-{_M + 1} = {1 - 2.0 ** -(_M + 1)!r}.",
        code="from helpers import formats\n"
        "one = int(formats.to_bits(1.0, 'bf16'))\n"
        "answer = float(formats.from_bits(one - 1, 'bf16'))",
    ),
    Exercise(
        id="01.values_in_one_two",
        notebook=NB,
        prompt="How many BF16 values lie in [1, 2) (1 included, 2 not)?",
        answer=lambda: int(formats.to_bits(2.0, "bf16")) - int(formats.to_bits(1.0, "bf16")),
        integer=True,
        hint=f"Every value in [1, 2) has the same exponent; only the {_M} mantissa bits change.",
        solution=f"One value per mantissa pattern: 2^{_M} = {{answer}}. The "
        "same count lies in every binade [2^e, 2^(e+1)), which is why the spacing doubles "
        "from one binade to the next.",
        code="from helpers import formats\n"
        "answer = int(formats.to_bits(2.0, 'bf16')) - int(formats.to_bits(1.0, 'bf16'))",
    ),
    Exercise(
        id="01.e4m3_ieee_max",
        notebook=NB,
        prompt=f"FP8 E4M3 (OCP E4M3FN: {_E4M3.exponent_bits} exponent bits, bias {_E4M3.bias}, "
        f"{_E4M3.mantissa_bits} mantissa bits) reaches {_E4M3.max:g} because its all-ones "
        "exponent still holds numbers; only the two all-ones patterns (one per sign) are NaN. "
        "Had it kept the IEEE rule instead (the all-ones exponent reserved for infinity and NaN, "
        "as in E5M2), what would its largest finite value be?",
        answer=lambda: _E4M3_IEEE.max,
        rel_tol=1e-12,
        hint=f"Under the IEEE rule the largest usable exponent field is "
        f"{_TOP_FIELD:0{_E4M3.exponent_bits}b}; the mantissa can then be all ones.",
        solution=f"Exponent {_TOP_FIELD:0{_E4M3.exponent_bits}b} = {_TOP_FIELD}, minus the bias "
        f"{_E4M3.bias}: 2^{_E4M3_IEEE.emax}. Mantissa {_ALL_ONES:0{_E4M3.mantissa_bits}b}: "
        f"1 + {_ALL_ONES}/{_ALL_ONES + 1} = {1 + _ALL_ONES / (_ALL_ONES + 1):g}. "
        f"{1 + _ALL_ONES / (_ALL_ONES + 1):g} x 2^{_E4M3_IEEE.emax} = {{answer}}. OCP's "
        f"E4M3FN gives up the infinities and all but one NaN pattern per sign and nearly "
        f"doubles the range, to {_E4M3.max:g}: with so few bits, every pattern counts.",
        code="from helpers import formats\n"
        "e4m3 = formats.FORMATS['fp8_e4m3']\n"
        "answer = e4m3.with_specials('ieee').max",
    ),
    Exercise(
        id="01.fp16_stall",
        notebook=NB,
        prompt="Now in FP16: start at 0 and add 1 again and again, rounding to FP16 after each "
        "addition. At what value does the sum stop growing?",
        answer=lambda: _stall("fp16"),
        rel_tol=0.0,
        hint="The sum stops when adding 1 is at most half the spacing and a tie goes back down to "
        f"an even mantissa. FP16 has {_FP16.mantissa_bits} mantissa bits: where is the spacing "
        "2?",
        solution=f"In [2^{_FP16.mantissa_bits + 1}, 2^{_FP16.mantissa_bits + 2}) FP16 values are "
        f"2^({_FP16.mantissa_bits + 1} - {_FP16.mantissa_bits}) = 2 apart. {_FP16_STALL:g} + 1 "
        f"is a tie between {_FP16_STALL:g} (even mantissa) and {_FP16_STALL + 2:g} (odd): it goes "
        "to the even one, and the sum is stuck at {answer}. BF16, with "
        f"{_FP16.mantissa_bits - _M} fewer mantissa bits, sticks "
        f"{_FP16_STALL / _BF16_STALL:g} times sooner.",
        code="import numpy as np\nfrom helpers import formats\n"
        "answer = formats.running_sum(np.ones(5000), 'fp16')[-1]",
    ),
    Exercise(
        id="01.fp8_gpus_to_match",
        notebook=NB,
        prompt="Counted in dense FP8, how many B200 GPUs would match the CloudMatrix 384's "
        "dense BF16 figure?",
        answer=lambda: CM384.bf16_dense.value / B200.fp8_dense.value,
        unit="GPUs",
        rel_tol=0.01,
        hint="Divide the CM384's dense BF16 (helpers.specs.CM384.bf16_dense) by one B200's "
        "dense FP8 (helpers.specs.B200.fp8_dense); both are in FLOP/s.",
        solution=f"{CM384.bf16_dense.value / PFLOPS:.1f} PFLOP/s / "
        f"{B200.fp8_dense.value / PFLOPS:g} PFLOP/s = {{answer}}: fewer than the {NVL72.n} of "
        "one NVL72 rack. Counted in BF16 it takes "
        f"{CM384.bf16_dense.value / B200.bf16_dense.value:.0f}. A headline that mixes formats "
        f"moves the comparison by {times(_FP8_GAIN)}: always ask which format a figure counts.",
        code="from helpers.specs import CM384, B200\n"
        "answer = CM384.bf16_dense.value / B200.fp8_dense.value",
    ),
)
