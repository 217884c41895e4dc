"""Exercises and predictions of notebook 10 (below eight bits: FP6, FP4, MX and NVFP4)."""

from __future__ import annotations

import numpy as np

from .. import blocks, formats, lowbit, specs
from ..units import PFLOPS, percent
from .core import Exercise

NB = "10_below_8_bits"

_FP4 = formats.get("fp4_e2m1")
_MXFP4 = blocks.get("mxfp4")
_BLOCK_MAX = 5.3  # the worked block of the exercises (a value, not a hardware figure)
_SATURATING_MAX = 7.9
_OUTLIER = 100.0
_LLAMA = specs.LLAMA3_70B
_B300_FP4 = specs.get("b300.fp4_dense")
_GB = 1e9
#: The share buckets of the per-tensor prediction: (label, upper bound of the share).
_SHARES = (
    (f"about {percent(0.01, 1)}", 0.05),
    (f"about {percent(0.1, 1)}", 0.3),
    ("about half", 0.7),
    ("almost all", 1.0),
)
_STOCHASTIC_X, _STOCHASTIC_N = 0.3, 10_000  # the value rounded again and again, and how often
_E8M0_BIAS = formats.get("e8m0").bias


def _back(amax: float) -> float:
    """What the largest value of an MXFP4 block comes back as."""
    return float(blocks.roundtrip([amax], "mxfp4")[0])


def _exponent(amax: float) -> int:
    return int(blocks.shared_exponent(amax, _FP4))


def _zeroed() -> float:
    return blocks.errors(blocks.outlier_tensor(outlier=_OUTLIER), blocks.PER_TENSOR).zeroed


def _one_scale_share() -> str:
    return next(label for label, top in _SHARES if _zeroed() <= top)


def _stochastic_mean(x: float = _STOCHASTIC_X, n: int = _STOCHASTIC_N) -> float:
    return float(np.mean(formats.round_to(np.full(n, x), _FP4, rounding="stochastic", seed=0)))


def _neighbours(v: float) -> tuple[float, float]:
    """The FP4 values around ``v`` (0 <= v <= the largest)."""
    grid = lowbit.grid("fp4_e2m1")
    return float(grid[grid <= v].max()), float(grid[grid >= v].min())


_E_MAX = _exponent(_BLOCK_MAX)
_E_SAT = _exponent(_SATURATING_MAX)
_LO, _HI = _neighbours(_STOCHASTIC_X)
_BLOCK_LO, _BLOCK_HI = _neighbours(_BLOCK_MAX / 2.0**_E_MAX)
_B200_RATIO = specs.get("b200.fp4_dense").value / specs.B200.bf16_dense.value

EXERCISES = (
    Exercise(
        id="10.fp4_values",
        notebook=NB,
        kind="predict",
        prompt=f"An FP4 E2M1 number has {_FP4.bits} bits: a sign, {_FP4.exponent_bits} exponent "
        f"bits and {_FP4.mantissa_bits} mantissa bit. How many distinct numbers can it hold?",
        answer=lambda: int(lowbit.grid("fp4_e2m1").size),
        rel_tol=0.0,
        reveals=lambda: tuple(
            f"{lowbit.grid('fp4_e2m1').size} {what}" for what in ("distinct", "values", "numbers")
        ),
        explain=f"{2**_FP4.bits} patterns but {lowbit.grid('fp4_e2m1').size} numbers: +0 and -0 "
        f"are the same number. They run from {-_FP4.max:g} to {_FP4.max:g}, and FP4 has no "
        "infinity and no NaN: every pattern is a number.",
    ),
    Exercise(
        id="10.one_scale_zeros",
        notebook=NB,
        kind="predict",
        prompt=f"A tensor of {blocks.OUTLIER_VALUES} values, "
        f"most between -2 and 2, has one outlier of {_OUTLIER:g}. It is stored in FP4 with one "
        f"scale for the whole tensor, chosen so that the outlier becomes FP4's largest value, "
        f"{_FP4.max:g}. What share of the other values become 0?",
        choices=tuple(label for label, _ in _SHARES),
        answer=_one_scale_share,
        reveals=lambda: (percent(_zeroed(), 2), "almost every other value"),
        explain=f"The scale is {_OUTLIER:g} / {_FP4.max:g}; a value divided by it must pass half "
        f"of FP4's smallest nonzero value, {_FP4.min_subnormal:g}, not to round to 0: it must be "
        f"above {_OUTLIER / _FP4.max * _FP4.min_subnormal / 2:.3g}. Almost none of the ordinary "
        "values are that large: FP4 spans too few powers of two to hold both the outlier and "
        "the rest.",
    ),
    Exercise(
        id="10.stochastic_mean",
        notebook=NB,
        kind="predict",
        prompt=f"Round {_STOCHASTIC_X:g} to FP4 {_STOCHASTIC_N:,} times with stochastic rounding "
        "(up or down to a neighbour at random). What is the average of the results?",
        answer=_stochastic_mean,
        rel_tol=0.02,
        reveals=lambda: (f"{_stochastic_mean():.4g}",),
        explain=f"About {_STOCHASTIC_X:g}: between the FP4 neighbours {_LO:g} and {_HI:g} it "
        f"rounds up with probability ({_STOCHASTIC_X:g} - {_LO:g}) / ({_HI:g} - {_LO:g}) = "
        f"{(_STOCHASTIC_X - _LO) / (_HI - _LO):.0%}. "
        f"Rounding to nearest gives {float(formats.round_to(0.3, _FP4)):g} every time, a bias "
        "that adds up over many updates; stochastic rounding is right on average.",
    ),
    Exercise(
        id="10.mxfp4_block_max",
        notebook=NB,
        prompt=f"A block of {_MXFP4.block} values is stored in MXFP4. Its largest magnitude is "
        f"{_BLOCK_MAX:g}. What does {_BLOCK_MAX:g} come back as?",
        answer=lambda: _back(_BLOCK_MAX),
        rel_tol=1e-12,
        hint=f"The scale is X = 2^(floor(log2 {_BLOCK_MAX:g}) - {_FP4.emax}), {_FP4.emax} being "
        f"the exponent of FP4's largest value. Divide by X, round to the nearest FP4 value, "
        "multiply back.",
        solution=f"floor(log2 {_BLOCK_MAX:g}) = {_E_MAX + _FP4.emax}, so X = "
        f"2^({_E_MAX + _FP4.emax} - {_FP4.emax}) = {2.0**_E_MAX:g}. {_BLOCK_MAX:g} / X = "
        f"{_BLOCK_MAX / 2.0**_E_MAX:g} lies between the FP4 values {_BLOCK_LO:g} and "
        f"{_BLOCK_HI:g}, nearer {_back(_BLOCK_MAX) / 2.0**_E_MAX:g}: it comes back as {{answer}}.",
        code="from helpers import blocks\nanswer = blocks.roundtrip([5.3], 'mxfp4')[0]",
    ),
    Exercise(
        id="10.mxfp4_scale_bits",
        notebook=NB,
        prompt=f"And the scale of that block (largest magnitude {_BLOCK_MAX:g}): what is its "
        "8-bit E8M0 pattern? Give it as an integer (decimal, or 0x.. hex).",
        answer=lambda: int(blocks.quantize_blocks([_BLOCK_MAX], "mxfp4").scales[0]),
        integer=True,
        hint=f"E8M0 stores only an exponent, with a bias of {_E8M0_BIAS}: the pattern of 2^k is "
        f"k + {_E8M0_BIAS}.",
        solution=f"X = 2^{_E_MAX}, so the pattern is {_E_MAX} + {_E8M0_BIAS} = {{answer}}. No "
        "rounding "
        "happens: the specification reads the exponent of the block's largest value.",
        code="from helpers import blocks\n"
        "answer = int(blocks.quantize_blocks([5.3], 'mxfp4').scales[0])",
    ),
    Exercise(
        id="10.saturation_error",
        notebook=NB,
        prompt=f"In another MXFP4 block the largest magnitude is {_SATURATING_MAX:g}. How far "
        f"from {_SATURATING_MAX:g} is the value it comes back as?",
        answer=lambda: _SATURATING_MAX - _back(_SATURATING_MAX),
        rel_tol=1e-9,
        hint="Work out X as before. Is the value divided by X still within FP4's range?",
        solution=f"floor(log2 {_SATURATING_MAX:g}) = {_E_SAT + _FP4.emax}, so X = "
        f"{2.0**_E_SAT:g} and {_SATURATING_MAX:g} / X = {_SATURATING_MAX / 2.0**_E_SAT:g}, past "
        f"FP4's largest value: it saturates to {_FP4.max:g} x X = {_back(_SATURATING_MAX):g}, "
        "{answer} off. The rule keeps the scale a plain exponent at the cost of the top of each "
        "binade.",
        code="from helpers import blocks\nanswer = 7.9 - blocks.roundtrip([7.9], 'mxfp4')[0]",
    ),
    Exercise(
        id="10.llama_mxfp4_bytes",
        notebook=NB,
        prompt=f"{_LLAMA.name} has {_LLAMA.params.value / 1e9:g} billion parameters. How many GB "
        "do its weights take in MXFP4, counting the block scales?",
        answer=lambda: lowbit.model_bytes(_LLAMA.params.value, "mxfp4") / _GB,
        unit="GB",
        rel_tol=0.01,
        hint=f"Each value takes {_FP4.bits} bits, and each block of {_MXFP4.block} values one "
        "8-bit scale more. 8 bits are a byte.",
        solution=f"{_FP4.bits} + 8 / {_MXFP4.block} = {_MXFP4.bits_per_value():g} bits per "
        f"value; x {_LLAMA.params.value / 1e9:g} billion / 8 = {{answer}}, against "
        f"{lowbit.model_bytes(_LLAMA.params.value, 'bf16') / _GB:.0f} GB in BF16.",
        code="from helpers import lowbit, specs\n"
        "answer = lowbit.model_bytes(specs.LLAMA3_70B.params.value, 'mxfp4') / 1e9",
    ),
    Exercise(
        id="10.fp4_in_bf16_bits",
        notebook=NB,
        prompt=f"NVIDIA rates the B300 at {_B300_FP4.value / PFLOPS:g} PFLOPS of dense FP4. How "
        "many PFLOPS of BF16 work would multiply the same number of operand bits per second?",
        answer=lambda: _B300_FP4.value * _FP4.bits / formats.get("bf16").bits / PFLOPS,
        unit="PFLOPS",
        rel_tol=0.01,
        hint="A BF16 operand has 16 bits, an FP4 operand 4.",
        solution=f"{_B300_FP4.value / PFLOPS:g} x {_FP4.bits} / {formats.get('bf16').bits} = "
        "{answer}: an FP4 headline counts operations on a quarter of the bits. NVIDIA's own "
        f"table gives the B200 {_B200_RATIO:g}x more dense FP4 than dense BF16.",
        code="from helpers import specs\n"
        "answer = specs.get('b300.fp4_dense').value * 4 / 16 / 1e15",
    ),
)
