"""Exercises and predictions of notebook 01 (BF16 and number formats)."""

from __future__ import annotations

import numpy as np

from .. import formats
from ..formats import FORMATS, MATMUL_VARIANTS
from ..specs import B200, CM384, FIGURES, NVL72
from ..units import PFLOPS
from .core import Exercise

NB = "01_bf16_number_formats"

_BF16, _FP16, _E4M3 = FORMATS["bf16"], FORMATS["fp16"], FORMATS["fp8_e4m3"]
_THIRD = int(formats.to_bits(1 / 3, "bf16"))
_THIRD_FIELDS = formats.fields(1 / 3, "bf16")
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
        id="01.one_third_bf16",
        notebook=NB,
        prompt="Encode 1/3 in BF16 by hand and give the 16-bit pattern (as 0x... hex or 0b... "
        "binary). 1/3 = 0.010101...₂ in binary.",
        answer=lambda: int(formats.to_bits(1 / 3, "bf16")),
        integer=True,
        hint="Write 1/3 as 1.0101...₂ x 2^-2. Sign 0; exponent field -2 + 127; keep 7 mantissa "
        "bits and round what is left to nearest (ties to even).",
        solution=f"1/3 = 1.01010101...₂ x 2^{_THIRD_FIELDS.unbiased}. Sign 0. Exponent field "
        f"{_THIRD_FIELDS.unbiased} + {_BF16.bias} = {_THIRD_FIELDS.exponent} = "
        f"{_THIRD_FIELDS.exponent:08b}. The 7 mantissa bits are 0101010, and the rest, "
        "101010..., is more than half a step, so round up: 0101011. Together: "
        f"{formats.bit_string(_THIRD, 'bf16')} = {{answer}}, the value "
        f"{float(formats.from_bits(_THIRD, 'bf16'))!r}.",
        code="from helpers import formats\nanswer = int(formats.to_bits(1 / 3, 'bf16'))",
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
        id="01.e4m3_max",
        notebook=NB,
        prompt="FP8 E4M3 (OCP E4M3FN) has 4 exponent bits (bias 7), 3 mantissa bits and no "
        "infinities: only the pattern with every exponent and mantissa bit set is NaN. What is "
        "its largest finite value?",
        answer=lambda: _E4M3.max,
        rel_tol=1e-12,
        hint="The all-ones exponent 1111 holds ordinary numbers here; the largest mantissa that "
        "is not NaN is 110.",
        solution=f"Exponent 1111 = 15, minus the bias {_E4M3.bias}: 2^{_E4M3.emax}. Mantissa "
        f"110: 1 + 6/8 = 1.75. 1.75 x 2^{_E4M3.emax} = {{answer}}. (E5M2 keeps the IEEE rule, "
        f"all-ones exponent for inf and NaN, and reaches {FORMATS['fp8_e5m2'].max:g}.)",
        code="from helpers import formats\nanswer = formats.FORMATS['fp8_e4m3'].max",
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
        id="01.nvl72_fp8",
        notebook=NB,
        prompt="The B200 has FP8 units and the Ascend 910C has none. What would the GB200 NVL72's "
        "dense compute be in FP8, in PFLOP/s, for the whole rack?",
        answer=lambda: FIGURES["nvl72.fp8_dense"].value / PFLOPS,
        unit="PFLOP/s",
        rel_tol=0.005,
        hint="Multiply the B200's dense FP8 figure (helpers.specs.B200.fp8_dense) by the 72 GPUs; "
        "1 PFLOP/s = 1e15 FLOP/s.",
        solution=f"{NVL72.n} x {B200.fp8_dense.value / PFLOPS:g} PFLOP/s = {{answer}}: "
        f"{B200.fp8_dense.value / B200.bf16_dense.value:g}x its BF16 figure, because an FP8 "
        "multiplier is smaller and the same silicon does two FP8 operations per BF16 one. That is "
        f"{FIGURES['nvl72.fp8_dense'].value / CM384.bf16_dense.value:.2f}x the CM384's dense "
        "BF16, which has no FP8 to double.",
        code="from helpers.specs import NVL72, B200\n"
        "answer = NVL72.chips.value * B200.fp8_dense.value / 1e15  # FLOP/s -> PFLOP/s",
    ),
)
