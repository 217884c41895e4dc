"""Below eight bits, for notebook 10: the FP4 grid, block scales step by step, where the
reference library and the OCP text differ, stochastic rounding, what an FP4 headline counts,
and which chips have which formats.

Every number comes from :mod:`helpers.formats`, :mod:`helpers.blocks` and :mod:`helpers.specs`;
here it is only put in tables. Units: values are plain numbers; compute in FLOP/s, bandwidth in
B/s, storage in bytes (decimal prefixes) and bits per value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from . import blocks, checks, formats, specs
from .tables import SourceList, Table
from .units import percent, si


# --------------------------------------------------------------------------------------------
# The grid of a small format
# --------------------------------------------------------------------------------------------
def grid(fmt: str = "fp4_e2m1") -> np.ndarray:
    """The distinct values of ``fmt`` (NaN left out), sorted: 15 for FP4 E2M1, whose 16
    patterns include +0 and -0."""
    f = formats.get(fmt)
    values = formats.from_bits(np.arange(1 << f.bits), f)
    return np.unique(values[~np.isnan(values)] + 0.0)  # + 0.0: -0 is 0


def grid_table(fmt: str = "fp4_e2m1") -> Table:
    """Every bit pattern of a small format (at most 6 bits), its fields and its value."""
    f = formats.get(fmt)
    if f.bits > 6:
        raise ValueError(
            f"fmt={fmt!r} has {f.bits} bits; the grid table lists formats of 6 or fewer"
        )
    patterns = np.arange(1 << f.bits)
    parts = formats.fields_from_bits(patterns, f)
    values = formats.from_bits(patterns, f)
    rows = [
        [
            f"0x{int(b):X}",
            formats.bit_string(int(b), f),
            "-" if s else "+",
            f"2^{int(u)}",
            kind,
            repr(float(v)),
        ]
        for b, s, u, kind, v in zip(
            patterns, parts.sign, parts.unbiased, parts.kind, values, strict=True
        )
    ]
    distinct = grid(f.key).size
    return Table(
        ("pattern", "sign exponent mantissa", "sign", "power of two", "kind", "value"),
        rows,
        caption=f"All {patterns.size} patterns of {f.short}: {distinct} distinct values, from "
        f"{-f.max:g} to {f.max:g} (+0 and -0 are one number). Bias {f.bias}.",
    )


# --------------------------------------------------------------------------------------------
# Block scales, step by step
# --------------------------------------------------------------------------------------------
#: Block maxima :func:`scale_steps_table` works through by default: one rounded down, one that
#: fills the grid, one that saturates.
STEP_EXAMPLES: tuple[float, ...] = (0.3, 3.0, 1000.0)
#: Block maxima :func:`scale_rule_table` compares by default.
RULE_EXAMPLES: tuple[float, ...] = (1.5, 3.0, 7.0, 12.0)


def scale_steps_table(amaxes: Sequence[float] = STEP_EXAMPLES, fmt: str = "mxfp4") -> Table:
    """The OCP MX scale of blocks whose largest magnitude is each of ``amaxes``, step by step:
    floor(log2 amax), minus the element's emax, the scale X and its E8M0 pattern, and what the
    largest value comes back as."""
    bf = blocks.get(fmt)
    el = bf.element
    rows = []
    for amax in amaxes:
        q = blocks.quantize_blocks([amax], bf)
        exponent = int(blocks.shared_exponent(amax, el))
        back = float(q.values()[0])
        rows.append(
            [
                f"{amax:g}",
                f"{exponent + el.emax}",
                f"{exponent + el.emax} - {el.emax} = {exponent}",
                f"{2.0**exponent:g}",
                f"0x{int(q.scales[0]):02X} ({int(q.scales[0])})",
                f"{amax / 2.0**exponent:g}",
                f"{back:g}",
                "saturated" if amax / 2.0**exponent > el.max else "rounded",
            ]
        )
    return Table(
        (
            "block max",
            "floor(log2)",
            f"minus emax of {el.short}",
            "scale X",
            "E8M0 pattern",
            "max / X",
            "comes back as",
            "",
        ),
        rows,
        caption=f"{bf.name}: X = 2^(floor(log2(max)) - {el.emax}), {el.emax} being the exponent "
        f"of {el.short}'s largest value, {el.max:g}. From max / X = {2 ** (el.emax + 1):g} "
        f"down to {el.max:g} the largest value saturates.",
    )


def scale_rule_table(amaxes: Sequence[float] = RULE_EXAMPLES, element: str = "fp4_e2m1") -> Table:
    """The OCP rule (the scale read off amax's exponent, rounded down) beside a cast of amax
    to E8M0 with ml_dtypes' rule (to the nearest power of two, ties up), each minus the
    element's emax: the scale, and what the block's largest value comes back as."""
    el = formats.get(element)
    rows = []
    for amax in amaxes:
        spec = float(blocks.shared_exponent(amax, el))
        cast = float(np.log2(formats.round_to(amax, "e8m0"))) - el.emax
        backs = [
            float(formats.round_to(amax / 2.0**e, el, saturate=True)) * 2.0**e for e in (spec, cast)
        ]
        rows.append([f"{amax:g}", f"2^{spec:g}", f"{backs[0]:g}", f"2^{cast:g}", f"{backs[1]:g}"])
    return Table(
        (
            "block max",
            "OCP MX: floor",
            "comes back as",
            "a cast to E8M0 (nearest)",
            "comes back as",
        ),
        rows,
        caption=f"Two ways to pick a power-of-two scale for {el.short} elements (emax "
        f"{el.emax}). The specification rounds log2(max) down; rounding to nearest (what a cast "
        "does) would pick the next power of two from 1.5 x 2^k up: a different format.",
    )


#: The inputs :func:`special_cases_table` shows.
SPECIAL_INPUTS: tuple[float, ...] = (
    1.4,
    1.5,
    7.9,
    1e9,
    math.inf,
    math.nan,
    -math.nan,
    0.0,
    -1.0,
    2.0**-127 * 1.25,
)


def _pattern(x: float, fmt: str) -> str:
    f = formats.get(fmt)
    bits = int(formats.to_bits(np.float32(x), f))
    return f"0x{bits:02X} = {float(formats.from_bits(bits, f))!r}"


def special_cases_table(inputs: Sequence[float] = SPECIAL_INPUTS) -> Table:
    """Float32 inputs encoded in FP4 E2M1 and E8M0 by the reference library's rules (which
    :func:`helpers.formats.to_bits` matches bit for bit), beside the OCP MX scale rule."""
    rows = []
    for x in inputs:
        rule = blocks.scale_exponent(abs(x), 0)
        scale = "NaN" if np.isnan(rule) else f"2^{int(rule)}"
        sign = "-" if math.copysign(1, x) < 0 and math.isnan(x) else ""
        rows.append([f"{sign}{x!r}", _pattern(x, "fp4_e2m1"), _pattern(x, "e8m0"), scale])
    return Table(
        ("float32 input", "FP4 E2M1 (ml_dtypes)", "E8M0 (ml_dtypes)", "MX rule: 2^floor(log2 |x|)"),
        rows,
        caption="FP4 has no inf and no NaN: ml_dtypes saturates to +-6 and turns NaN into a zero "
        "of the opposite sign. E8M0 has no zero and no sign: ml_dtypes makes 0 and negatives NaN "
        "and rounds to the nearest power of two (ties up), but the OCP MX scale of a block is "
        "2^(floor(log2(max)) - emax); the last column gives 2^floor(log2 |x|), clamped at 2^-127 "
        "(the scale of an all-zero block), NaN for inf and NaN.",
    )


# --------------------------------------------------------------------------------------------
# A tensor with an outlier: blocks against one scale
# --------------------------------------------------------------------------------------------
#: The schemes :func:`outlier_table` compares by default.
OUTLIER_SCHEMES: tuple[str, ...] = (blocks.PER_TENSOR, "mxfp4", "nvfp4")


def outlier_table(
    outlier: float = 100.0, schemes: Sequence[str] = OUTLIER_SCHEMES, block: int | None = None
) -> Table:
    """:func:`helpers.blocks.outlier_tensor` (one outlier of ``outlier`` among standard normal
    values) stored with each of ``schemes``: bits per value, the share of values that become
    0, the median relative error and what the outlier comes back as. ``block`` overrides the
    block formats' own block size."""
    x = blocks.outlier_tensor(outlier=outlier)
    at = int(np.argmax(np.abs(x)))
    rows = []
    for key in dict.fromkeys(schemes):
        one = key == blocks.PER_TENSOR
        size = x.size if one else block or blocks.get(key).block
        e = blocks.errors(x, key, None if one else size)
        bits = formats.get("fp4_e2m1").bits if one else blocks.get(key).bits_per_value(size)
        rows.append(
            [
                "FP4, one scale per tensor" if one else blocks.get(key).name,
                "whole tensor" if one else f"{size}",
                f"{bits:g}",
                percent(e.zeroed, 2),
                percent(e.relative, 2),
                f"{float(e.values[at]):g}",
            ]
        )
    return Table(
        ("scheme", "block", "bits per value", "values that become 0", "median error", "outlier"),
        rows,
        caption=f"{x.size} standard normal values and one outlier of {outlier:g}, stored and "
        "decoded again (median error: of |error| / |value| over the values).",
    )


# --------------------------------------------------------------------------------------------
# Stochastic rounding
# --------------------------------------------------------------------------------------------
def stochastic_table(
    x: float = 0.3, fmt: str = "fp4_e2m1", n: int = 10_000, seed: int = 0
) -> Table:
    """``x`` rounded ``n`` times to ``fmt``, to nearest and stochastically: how often each
    neighbour comes out, and the average against ``x``."""
    f = formats.get(fmt)
    nearest = float(formats.round_to(x, f))
    draws = formats.round_to(np.full(n, x), f, rounding="stochastic", seed=seed)
    values, counts = np.unique(draws, return_counts=True)
    spread = ", ".join(f"{v:g} ({percent(c / n, 3)})" for v, c in zip(values, counts, strict=True))
    rows = [
        ["to nearest", f"{nearest:g} every time", f"{nearest:g}", f"{nearest - x:+.4g}"],
        ["stochastic", spread, f"{draws.mean():.4g}", f"{draws.mean() - x:+.4g}"],
    ]
    return Table(
        ("rounding", "results", f"average of {n:,}", "bias (average - x)"),
        rows,
        caption=f"{x:g} rounded {n:,} times to {f.short} (seed {seed}). Stochastic rounding goes "
        "up with probability equal to how far x is toward the upper neighbour, so its average "
        "is x: sums of many small updates do not stall.",
    )


# --------------------------------------------------------------------------------------------
# Storage and headlines
# --------------------------------------------------------------------------------------------
#: Formats :func:`storage_table` compares: plain ones (bits per value) and block formats.
STORAGE_FORMATS: tuple[str, ...] = (
    "bf16",
    "fp8_e4m3",
    "mxfp8_e4m3",
    "mxfp6_e2m3",
    "mxfp4",
    "nvfp4",
)


def bits_per_value(fmt: str) -> float:
    """Bits stored per value in ``fmt``: its width, or for a block format the element plus its
    share of the block scale (the format's own block size)."""
    if fmt in blocks.BLOCK_FORMATS:
        return blocks.get(fmt).bits_per_value()
    return float(formats.get(fmt).bits)


def model_bytes(params: float, fmt: str) -> float:
    """Bytes of ``params`` values (a model's weights) stored in ``fmt``, scales included."""
    return params * bits_per_value(fmt) / specs.BITS_PER_BYTE


def _name(fmt: str) -> str:
    return blocks.get(fmt).name if fmt in blocks.BLOCK_FORMATS else formats.get(fmt).short


def storage_table(model: specs.ModelConfig = specs.LLAMA3_70B) -> Table:
    """``model``'s weights in each of :data:`STORAGE_FORMATS`: bits per value and bytes."""
    model = checks.model("model", model)
    n = model.params.value
    rows = [
        [
            _name(k),
            f"{bits_per_value(k):g}",
            si(model_bytes(n, k), "B"),
            f"{model_bytes(n, k) / model_bytes(n, 'bf16'):.3g}",
        ]
        for k in STORAGE_FORMATS
    ]
    return Table(
        ("format", "bits per value", f"{model.name} weights", "of BF16"),
        rows,
        caption=f"{si(n)} parameters ({model.name}, helpers.specs). Block formats count their "
        "scales: one 8-bit scale per block of 32 (MX) or 16 (NVFP4) values; NVFP4's one FP32 "
        "scale per tensor is left out (a few hundred bytes for a whole model).",
    )


def headline_table() -> Table:
    """What NVIDIA's "15 PFLOPS FP4" for the B300 (Blackwell Ultra) counts, in multiply-adds,
    in bits as BF16 counts them, and in bytes the chip's memory must deliver."""
    fp4 = specs.get("b300.fp4_dense")
    hbm = specs.get("b300.hbm_bandwidth")
    b200_fp4, b200_bf16 = specs.get("b200.fp4_dense"), specs.B200.bf16_dense
    fp4_bits = formats.get("fp4_e2m1").bits
    bf16_bits = formats.get("bf16").bits
    nvfp4 = bits_per_value("nvfp4") / specs.BITS_PER_BYTE
    bf16 = bits_per_value("bf16") / specs.BITS_PER_BYTE
    ridge = fp4.value / hbm.value
    rows = [
        ["B300 dense FP4 (the headline)", si(fp4.value, "FLOP/s"), fp4.quoted],
        ["multiply-accumulates", si(fp4.value / formats.FLOPS_PER_MAC, "MAC/s"), "2 FLOPs each"],
        [
            "in BF16 terms: operand bits per second",
            si(fp4.value * fp4_bits / bf16_bits, "FLOP/s"),
            f"as many operand bits as this much BF16 work ({fp4_bits} bits vs {bf16_bits})",
        ],
        [
            "B200: dense FP4 / dense BF16, same tensor cores",
            f"{b200_fp4.value / b200_bf16.value:g}x",
            f"{si(b200_fp4.value, 'FLOP/s')} vs {si(b200_bf16.value, 'FLOP/s')} (NVIDIA)",
        ],
        ["bytes per value: NVFP4 vs BF16", f"{nvfp4:g} B vs {bf16:g} B", "scales included"],
        ["B300 HBM bandwidth", si(hbm.value, "B/s"), hbm.quoted],
        [
            "NVFP4 values HBM delivers",
            si(hbm.value / nvfp4, "values/s"),
            "BF16: " + si(hbm.value / bf16, "values/s"),
        ],
        ["FLOPs per byte read to reach the FP4 peak", f"{ridge:,.0f} FLOP/B", "the ridge point"],
        [
            "uses of each NVFP4 weight read, to reach it",
            f"{ridge * nvfp4 / formats.FLOPS_PER_MAC:,.0f}",
            "one multiply-accumulate per use: a batch of that many tokens",
        ],
    ]
    return Table(
        ("quantity", "value", "how"),
        rows,
        caption="What '15 PFLOPS FP4' counts (helpers.specs: NVIDIA's Blackwell Ultra blog and "
        "NVL72 table). A 4-bit operation moves a quarter of the bits of a BF16 one, so the "
        "headline is not comparable with the article's BF16 figures as it stands.",
    )


def chip_formats_table() -> Table:
    """Which chips multiply which low-precision formats, with their dense FP8 and FP4 figures
    (:data:`helpers.specs.CHIP_FORMATS`)."""

    def figure(fig: specs.Figure | None) -> str:
        return si(fig.value, "FLOP/s") if fig else "-"

    rows = [
        [
            c.chip,
            ", ".join(c.formats),
            ", ".join(c.missing) or "-",
            figure(c.fp8_dense),
            figure(c.fp4_dense),
            c.source.key,
        ]
        for c in specs.CHIP_FORMATS
    ]
    return Table(
        ("chip", "formats of its matrix units", "lacks", "dense FP8", "dense FP4", "source"),
        rows,
        caption="From helpers.specs. '-': no such figure in the course's sources. The Ascend 950 "
        "figures are Huawei's roadmap (Huawei Connect 2025), not a shipping chip.",
    )


def sources() -> SourceList:
    """The sources of notebook 10: the format definitions and the chips' figures."""
    found = {f.source.key: f.source for f in formats.SMALL_FORMATS.values()}
    found |= {b.source.key: b.source for b in blocks.BLOCK_FORMATS.values()}
    found |= {c.source.key: c.source for c in specs.CHIP_FORMATS}
    figures = [specs.get("b300.fp4_dense"), specs.get("b300.hbm_bandwidth"), specs.B200.bf16_dense]
    found |= {s.key: s for s in specs.sources_of(*figures)}
    for extra in (specs.MX_REFERENCE, specs.NV_NVFP4_REFERENCE, specs.LLAMA3):
        found[extra.key] = extra
    return SourceList([found[k] for k in sorted(found)])
