"""Exercises and predictions of notebook 01 (BF16 and number formats)."""

from __future__ import annotations

import numpy as np

from .. import formats
from ..formats import FORMATS, MATMUL_VARIANTS
from ..specs import B200, CM384, NVL72
from ..units import PFLOPS
from .core import Exercise

NB = "01_bf16_number_formats"

_BF16, _FP16, _E4M3 = FORMATS["bf16"], FORMATS["fp16"], FORMATS["fp8_e4m3"]
_FIFTH = 1 / 5  # the value encoded by hand (not a hardware figure)
_FIFTH_BITS = int(formats.to_bits(_FIFTH, "bf16"))
_FIFTH_FIELDS = formats.fields(_FIFTH, "bf16")
_FIFTH_ROUNDING = formats.rounding(_FIFTH, "bf16")
_FIFTH_KEPT = int(_FIFTH_ROUNDING.below / _FIFTH_ROUNDING.spacing) & (
    (1 << _BF16.mantissa_bits) - 1
)
_E4M3_IEEE = FORMATS["fp8_e4m3"].with_specials("ieee")
_TOP_FIELD = (1 << _E4M3_IEEE.exponent_bits) - 2  # the largest exponent field under IEEE rules
_ALL_ONES = (1 << _E4M3_IEEE.mantissa_bits) - 1
_TINY = 1e-8
_M = _BF16.mantissa_bits
_FP16_STALL = float(formats.running_sum(np.ones(5000), "fp16")[-1])
_BF16_STALL = float(formats.running_sum(np.ones(5000), "bf16")[-1])


def _which_keeps_tiny() -> str:
    kept = [f.short for f in (_FP16, _BF16) if formats.round_to(_TINY, f) != 0]
    return {0: "neither", 1: kept[0] if kept else "neither", 2: "both"}[len(kept)]


def _mixed_error_trend() -> str:
    label = next(k for k, v in MATMUL_VARIANTS.items() if v == ("bf16", "fp32"))
    _, errors = formats.matmul_errors()[label]
    return "grows with k" if errors[-1] > 2 * errors[0] else "does not grow"


def _stall(fmt: str) -> float:
    return float(formats.running_sum(np.ones(5000), fmt)[-1])


EXERCISES = (
    Exercise(
        id="01.sum_of_ones",
        notebook=NB,
        kind="predict",
        prompt="Start a BF16 running sum at 0 and add 1.0 to it 1,000 times, rounding after each "
        "addition. What is the sum at the end?",
        answer=lambda: _stall("bf16"),
        rel_tol=0.0,
        explain=f"It stops at {_BF16_STALL:g}: there BF16 values are 2 apart, so "
        f"{_BF16_STALL:g} + 1 is a tie between {_BF16_STALL:g} and {_BF16_STALL + 2:g}, and ties "
        f"go to the even mantissa, {_BF16_STALL:g}. Every later addition is lost.",
    ),
    Exercise(
        id="01.tiny_value",
        notebook=NB,
        kind="predict",
        prompt=f"A gradient of {_TINY:g} is stored in a 16-bit format. Which format keeps it "
        "(does not turn it into 0)?",
        choices=("FP16", "BF16", "both", "neither"),
        answer=_which_keeps_tiny,
        explain=f"FP16's smallest value is {_FP16.min_subnormal:.3g}, so {_TINY:g} becomes 0; "
        f"BF16 reaches down to {_BF16.min_subnormal:.3g}, like FP32.",
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
        explain="It even shrinks: the error comes from rounding each input to BF16, a relative "
        f"error of at most 2^-{_M + 1} per input that averages out over many products; the FP32 "
        "sum adds almost nothing. With a BF16 accumulator instead the error grows with k, to tens "
        "of percent.",
    ),
    Exercise(
        id="01.one_fifth_bf16",
        notebook=NB,
        prompt="Encode 1/5 in BF16 by hand and give the 16-bit pattern (as 0x... hex or 0b... "
        "binary). In binary, 1/5 = 0.001100110011...₂.",
        answer=lambda: int(formats.to_bits(_FIFTH, "bf16")),
        integer=True,
        hint="Write 1/5 as 1.1001100110011...₂ x 2^e: which e? Sign 0; exponent field e + 127; "
        "keep 7 mantissa bits and round what is left to nearest (ties to even), as for 1/3 "
        "above.",
        solution=f"1/5 = 1.100110011001...₂ x 2^{_FIFTH_FIELDS.unbiased}. Sign 0. Exponent field "
        f"{_FIFTH_FIELDS.unbiased} + {_BF16.bias} = {_FIFTH_FIELDS.exponent} = "
        f"{_FIFTH_FIELDS.exponent:08b}. The first 7 mantissa bits are {_FIFTH_KEPT:07b}, and "
        f"the rest, 1100..., is {float(_FIFTH_ROUNDING.remainder):.1f} of a step, more than "
        f"half, so round up: {_FIFTH_FIELDS.mantissa:07b}. Together: "
        f"{formats.bit_string(_FIFTH_BITS, 'bf16')} = {{answer}}, the value "
        f"{float(formats.from_bits(_FIFTH_BITS, 'bf16'))!r}. (It is "
        "0.1's pattern with the exponent one higher: doubling adds 1 to the exponent field.)",
        code="from helpers import formats\nanswer = int(formats.to_bits(1 / 5, 'bf16'))",
    ),
    Exercise(
        id="01.below_one",
        notebook=NB,
        prompt="What is the largest BF16 value below 1? Give it as a decimal number.",
        answer=lambda: float(formats.from_bits(int(formats.to_bits(1.0, "bf16")) - 1, "bf16")),
        rel_tol=1e-5,
        hint="Below 1 you are in the binade [1/2, 1), where BF16 values are 2^-1 x 2^-7 apart. "
        "Or: take the bit pattern of 1.0 and subtract 1.",
        solution=f"1.0 is 0x{int(formats.to_bits(1.0, 'bf16')):04X}; the pattern just below, "
        f"0x{int(formats.to_bits(1.0, 'bf16')) - 1:04X}, has exponent 2^-1 and all {_M} mantissa "
        f"bits set: (1 + {2**_M - 1}/{2**_M}) x 2^-1 = 1 - 2^-{_M + 1} = {1 - 2.0 ** -(_M + 1)!r}.",
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
        hint="Every value in [1, 2) has the same exponent; only the 7 mantissa bits change.",
        solution=f"One value per mantissa pattern: 2^{_BF16.mantissa_bits} = {{answer}}. The "
        "same count lies in every binade [2^e, 2^(e+1)), which is why the spacing doubles "
        "from one binade to the next.",
        code="from helpers import formats\n"
        "answer = int(formats.to_bits(2.0, 'bf16')) - int(formats.to_bits(1.0, 'bf16'))",
    ),
    Exercise(
        id="01.e4m3_ieee_max",
        notebook=NB,
        prompt=f"FP8 E4M3 (OCP E4M3FN: 4 exponent bits, bias {_E4M3.bias}, 3 mantissa bits) "
        f"reaches {_E4M3.max:g} because its all-ones exponent still holds numbers; only the "
        "all-ones pattern is NaN. Had it kept the IEEE rule instead (the all-ones exponent "
        "reserved for infinity and NaN, as in E5M2), what would its largest finite value be?",
        answer=lambda: _E4M3_IEEE.max,
        rel_tol=1e-12,
        hint="Under the IEEE rule the largest usable exponent field is 1110; the mantissa can "
        "then be all ones.",
        solution=f"Exponent {_TOP_FIELD:04b} = {_TOP_FIELD}, minus the bias {_E4M3.bias}: "
        f"2^{_E4M3_IEEE.emax}. Mantissa {_ALL_ONES:03b}: 1 + {_ALL_ONES}/{_ALL_ONES + 1} = "
        f"{1 + _ALL_ONES / (_ALL_ONES + 1):g}. {1 + _ALL_ONES / (_ALL_ONES + 1):g} x "
        f"2^{_E4M3_IEEE.emax} = {{answer}}. OCP's "
        f"E4M3FN gives up the infinities and all but one NaN pattern per sign and nearly "
        f"doubles the range, to {_E4M3.max:g}: with so few bits, every pattern counts.",
        code="from helpers import formats\n"
        "e4m3 = formats.FORMATS['fp8_e4m3']\n"
        "answer = e4m3.with_specials('ieee').max",
    ),
    Exercise(
        id="01.fp16_stall",
        notebook=NB,
        prompt="Now in FP16: start at 0 and add 1.0 again and again, rounding to FP16 after each "
        "addition. At what value does the sum stop growing?",
        answer=lambda: _stall("fp16"),
        rel_tol=0.0,
        hint="The sum stops when adding 1 is at most half the spacing and a tie goes back down to "
        "an even mantissa. FP16 has 10 mantissa bits: where is the spacing 2?",
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
        "moves the comparison by 2x: always ask which format a figure counts.",
        code="from helpers.specs import CM384, B200\n"
        "answer = CM384.bf16_dense.value / B200.fp8_dense.value",
    ),
)
