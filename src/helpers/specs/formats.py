"""Number formats: bit layouts only (:mod:`helpers.formats` derives every other constant from
them), the block-scaled formats (OCP MX, NVIDIA's NVFP4), and which chips' matrix units take which
formats, with the FP8 and FP4 figures of chips beyond the article's two (B300, Ascend 950).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .core import Figure, Source, get
from .sources import (
    HC2025,
    IEEE754,
    NV_BLACKWELL_ULTRA,
    NV_NVFP4,
    NV_NVL72,
    OCP_MX,
    OFP8,
    PAPER,
    TPU_BF16,
)


@dataclass(frozen=True)
class FormatLayout:
    """The bit layout of a binary floating-point format.

    Attributes:
        key: course name ("fp32", "bf16", "fp16", "fp8_e4m3", "fp8_e5m2", "fp4_e2m1", "e8m0"...).
        name: display name.
        exponent_bits, mantissa_bits: field widths (plus one sign bit when ``signed``).
        special: "ieee" (all-ones exponent holds inf and NaN), "fn" (finite only: no infinities,
            the all-ones pattern is the only NaN, as OCP E4M3) or "none" (no inf and no NaN:
            every pattern is a number, as the OCP MX FP6 and FP4 element types).
        source: the standard that defines it.
        signed: whether a sign bit leads (False for the MX scale type E8M0).
        subnormals: whether the all-zeros exponent holds zero and subnormal numbers; without
            them (E8M0) it is one more binade and the format has no zero.
    """

    key: str
    name: str
    exponent_bits: int
    mantissa_bits: int
    special: Literal["ieee", "fn", "none"]
    source: Source
    signed: bool = True
    subnormals: bool = True

    @property
    def bits(self) -> int:
        """Total width in bits."""
        return int(self.signed) + self.exponent_bits + self.mantissa_bits


#: The number formats of the course: IEEE and OCP formats widest first, then the OCP MX element
#: types (no infinities and no NaN: every pattern is a number) and the MX scale type E8M0 (an
#: exponent only: no sign, no zero, one NaN pattern).
FORMAT_LAYOUTS: dict[str, FormatLayout] = {
    f.key: f
    for f in (
        FormatLayout("fp32", "FP32 (binary32)", 8, 23, "ieee", IEEE754),
        FormatLayout("fp16", "FP16 (binary16)", 5, 10, "ieee", IEEE754),
        FormatLayout("bf16", "BF16 (bfloat16)", 8, 7, "ieee", TPU_BF16),
        FormatLayout("fp8_e4m3", "FP8 E4M3 (OCP E4M3FN)", 4, 3, "fn", OFP8),
        FormatLayout("fp8_e5m2", "FP8 E5M2 (OCP)", 5, 2, "ieee", OFP8),
        FormatLayout("fp6_e2m3", "FP6 E2M3 (OCP MX)", 2, 3, "none", OCP_MX),
        FormatLayout("fp6_e3m2", "FP6 E3M2 (OCP MX)", 3, 2, "none", OCP_MX),
        FormatLayout("fp4_e2m1", "FP4 E2M1 (OCP MX)", 2, 1, "none", OCP_MX),
        FormatLayout(
            "e8m0", "E8M0 (OCP MX scale)", 8, 0, "fn", OCP_MX, signed=False, subnormals=False
        ),
    )
}


@dataclass(frozen=True)
class BlockLayout:
    """A block-scaled format: blocks of ``block`` elements of one element type share a scale.

    Attributes:
        key: course name ("mxfp4", "nvfp4").
        name: display name.
        element: the element type, a key of :data:`FORMAT_LAYOUTS`.
        scale: the type of the per-block scale, a key of :data:`FORMAT_LAYOUTS`.
        block: elements per block (the format's own; a quantizer may take another).
        tensor_scale: whether one FP32 scale per tensor multiplies every block scale (NVFP4).
        source: the document that defines it.
    """

    key: str
    name: str
    element: str
    scale: str
    block: int
    tensor_scale: bool
    source: Source


#: The block formats: the concrete OCP MX formats (blocks of 32, a shared E8M0 scale) and
#: NVIDIA's NVFP4 (blocks of 16 FP4 values, an FP8 E4M3 scale each, one FP32 scale per tensor).
BLOCK_LAYOUTS: dict[str, BlockLayout] = {
    b.key: b
    for b in (
        BlockLayout("mxfp8_e4m3", "MXFP8 (E4M3)", "fp8_e4m3", "e8m0", 32, False, OCP_MX),
        BlockLayout("mxfp8_e5m2", "MXFP8 (E5M2)", "fp8_e5m2", "e8m0", 32, False, OCP_MX),
        BlockLayout("mxfp6_e2m3", "MXFP6 (E2M3)", "fp6_e2m3", "e8m0", 32, False, OCP_MX),
        BlockLayout("mxfp6_e3m2", "MXFP6 (E3M2)", "fp6_e3m2", "e8m0", 32, False, OCP_MX),
        BlockLayout("mxfp4", "MXFP4", "fp4_e2m1", "e8m0", 32, False, OCP_MX),
        BlockLayout("nvfp4", "NVFP4", "fp4_e2m1", "fp8_e4m3", 16, True, NV_NVFP4),
    )
}

# FP8 and FP4 of chips beyond the article's two: the B300, Huawei's announced Ascend 950 -------
_b300_fp4 = get("b300.fp4_dense")  # recorded with its chip, in .systems.gb300_nvl72
# recorded with their chip, in .systems.atlas950
_950_fp8, _950_fp4 = get("ascend950.fp8_dense"), get("ascend950.fp4_dense")


@dataclass(frozen=True)
class FormatSupport:
    """Which number formats a chip's matrix units take, as its maker lists them.

    Attributes:
        chip: the chip's name.
        formats: the formats its matrix units multiply, in the maker's words.
        missing: the formats of the course it lacks.
        source: where the list comes from.
        note: what a reader must know (a roadmap, a workaround).
        fp8_dense, fp4_dense: the chip's dense FP8 and FP4 figures, where the course has them.
    """

    chip: str
    formats: tuple[str, ...]
    missing: tuple[str, ...]
    source: Source
    note: str = ""
    fp8_dense: Figure | None = None
    fp4_dense: Figure | None = None


#: Low-precision formats by chip, oldest first: the 910C stops at BF16 and INT8; Huawei's
#: roadmap adds FP8 and FP4 from the Ascend 950; the B200 and B300 have FP8, FP6 and FP4.
CHIP_FORMATS: tuple[FormatSupport, ...] = (
    FormatSupport(
        "Ascend 910C",
        ("FP16", "BF16", "INT8"),
        ("FP8", "FP6", "FP4"),
        PAPER,
        "No FP8 units: the CloudMatrix paper serves DeepSeek-R1 in INT8.",
    ),
    FormatSupport(
        "Ascend 950PR / 950DT (announced)",
        ("FP8", "MXFP8", "HiF8", "MXFP4"),
        ("FP6",),
        HC2025,
        "Roadmap: 950PR in Q1 2026, 950DT in Q4 2026; HiF8 is Huawei's own 8-bit format.",
        _950_fp8,
        _950_fp4,
    ),
    FormatSupport(
        "B200 (Blackwell)",
        ("FP8", "FP6", "FP4: NVFP4 and MXFP4"),
        (),
        NV_NVL72,
        "The NVL72 table has FP8/FP6 and FP4 tensor-core rows; NVFP4 is NVIDIA's own 4-bit "
        "block format (NV-NVFP4).",
        get("b200.fp8_dense"),
        get("b200.fp4_dense"),
    ),
    FormatSupport(
        "B300 (Blackwell Ultra)",
        ("FP8", "FP6", "FP4: NVFP4 and MXFP4"),
        (),
        NV_BLACKWELL_ULTRA,
        "Tensor cores tuned for NVFP4.",
        None,
        _b300_fp4,
    ),
)
