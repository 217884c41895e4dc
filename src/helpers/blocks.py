"""Block-scaled formats, correct to the bit: OCP MX (MXFP8, MXFP6, MXFP4) and NVIDIA's NVFP4.

What it models: a 4- or 6-bit number alone covers too few decades for a tensor (FP4 E2M1 holds
0.5 to 6), so block formats give each block of consecutive values one shared scale and store
every value as a small element of the block's range:

- **OCP MX** (:data:`helpers.specs.OCP_MX`, v1.0): blocks of 32 elements share a power-of-two
  scale X stored in E8M0. The specification's rule (its conversion algorithm): X =
  2**(floor(log2(amax)) - emax), where amax is the largest magnitude in the block and emax the
  exponent of the element type's largest normal value; each element is x / X rounded to
  nearest, ties to even, *saturating* at the element's largest value. X is read off amax's
  exponent: amax is never rounded (cast) to E8M0, which would round to nearest. So amax / X
  lies in [2**emax, 2**(emax + 1)), which can pass the element's largest value: in MXFP4 a
  block whose largest value is 7.9 has X = 1 and 7.9 comes back as 6.
- **NVFP4** (:data:`helpers.specs.NV_NVFP4`): blocks of 16 FP4 E2M1 elements, each with an FP8
  E4M3 scale (not a power of two), and one FP32 scale per tensor that brings the block scales
  into E4M3's range. The arithmetic follows NVIDIA's reference quantizer in Transformer Engine
  (:data:`helpers.specs.NV_NVFP4_REFERENCE`), in FP32: the tensor's encode scale is
  s = 6 x 448 / amax(tensor); a block's scale is amax(block) / 6 x s rounded to E4M3; its
  elements are x / (scale / s) rounded to FP4 (clipped at 6). A value is element x scale / s,
  and s is the per-tensor FP32 scale stored with the tensor.

Where the sources leave a case open, this module decides, and says so: an all-zero block gets
the smallest scale (E8M0 2**-127; E4M3 0) and zero elements; a block holding NaN or an
infinity gets the NaN scale (E8M0 0xFF, E4M3 0x7F) and zero elements, so that every value of
it decodes to NaN. The MX specification decodes every element of a block whose scale is NaN as
NaN, and its reference library (:data:`helpers.specs.MX_REFERENCE`) gives a block holding NaN
or Inf the NaN scale; NVFP4's tensor amax is taken over the finite values. An MX shared exponent
below -127 is clamped to -127 (as the reference library does); above 127 (only from float64
input near its range) the scale is NaN. An NVFP4 block whose E4M3 scale rounds to 0 decodes to
zeros; its elements are stored as zeros (NVIDIA's reference writes +-6 there).

Arrays are cut into blocks along their last axis; a row whose length is not a multiple of the
block is padded with zeros, which cannot raise a block's amax, and the padding is dropped from
what is returned.

Units: values are plain numbers; scales and elements are bit patterns (``uint8``) of their
formats (:mod:`helpers.formats`); the NVFP4 tensor scale is the FP32 *encode* scale s (a stored
value is divided by it).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import formats
from .specs import BLOCK_LAYOUTS, BlockLayout, Source


@dataclass(frozen=True)
class BlockFormat:
    """One block format; its element and scale types are :class:`helpers.formats.Format`."""

    layout: BlockLayout

    @property
    def key(self) -> str:
        """Course name ("mxfp4")."""
        return self.layout.key

    @property
    def name(self) -> str:
        """Display name ("MXFP4")."""
        return self.layout.name

    @property
    def element(self) -> formats.Format:
        """The element type (FP4 E2M1 for MXFP4 and NVFP4)."""
        return formats.get(self.layout.element)

    @property
    def scale(self) -> formats.Format:
        """The type of the per-block scale (E8M0 for MX, FP8 E4M3 for NVFP4)."""
        return formats.get(self.layout.scale)

    @property
    def block(self) -> int:
        """The format's own block size, in elements."""
        return self.layout.block

    @property
    def tensor_scale(self) -> bool:
        """Whether one FP32 scale per tensor multiplies the block scales (NVFP4)."""
        return self.layout.tensor_scale

    @property
    def source(self) -> Source:
        """The document that defines it."""
        return self.layout.source

    def bits_per_value(self, block: int | None = None) -> float:
        """Storage per value, in bits: the element plus its share of the block scale (the one
        tensor scale of NVFP4, 32 bits per tensor, is left out)."""
        return self.element.bits + self.scale.bits / (block or self.block)

    def __repr__(self) -> str:
        return f"BlockFormat({self.key!r}: {self.block} x {self.element.key}, {self.scale.key})"


#: The block formats by key, built from :data:`helpers.specs.BLOCK_LAYOUTS`.
BLOCK_FORMATS: dict[str, BlockFormat] = {k: BlockFormat(b) for k, b in BLOCK_LAYOUTS.items()}

#: The FP32 arithmetic of NVFP4's scales.
_F32 = np.float32
_F32_MAX = _F32(np.finfo(np.float32).max)


def get(fmt: str | BlockFormat) -> BlockFormat:
    """The :class:`BlockFormat` called ``fmt`` (a key of :data:`BLOCK_FORMATS`)."""
    if isinstance(fmt, BlockFormat):
        return fmt
    if isinstance(fmt, str) and fmt in BLOCK_FORMATS:
        return BLOCK_FORMATS[fmt]
    raise ValueError(f"fmt={fmt!r} is not a block format; use one of {list(BLOCK_FORMATS)}")


@dataclass(frozen=True)
class Quantized:
    """What :func:`quantize_blocks` returns: everything needed to decode, as stored.

    Attributes:
        fmt: the block format.
        block: elements per block.
        shape: the shape of the input (blocks run along its last axis).
        scales: the block scales as bit patterns of ``fmt.scale``, shape
            ``shape[:-1] + (number of blocks,)``.
        elements: the elements as bit patterns of ``fmt.element``, shape ``shape``.
        tensor_scale: NVFP4's FP32 encode scale s (values are element x block scale / s); None
            for MX.
    """

    fmt: BlockFormat
    block: int
    shape: tuple[int, ...]
    scales: np.ndarray
    elements: np.ndarray
    tensor_scale: float | None = None

    @property
    def nbytes(self) -> float:
        """Bytes stored: elements, block scales and the tensor scale (FP32)."""
        bits = self.elements.size * self.fmt.element.bits + self.scales.size * self.fmt.scale.bits
        return (bits + (32 if self.tensor_scale is not None else 0)) / 8

    def values(self) -> np.ndarray:
        """The decoded values (:func:`dequantize_blocks`)."""
        return dequantize_blocks(self)


def _check_block(block: Any, default: int) -> int:
    if block is None:
        return default
    if isinstance(block, bool) or not isinstance(block, numbers.Integral):
        raise TypeError(f"block={block!r} must be an integer (elements per block) or None")
    if block < 1:
        raise ValueError(f"block={block!r} must be at least 1 (elements per block)")
    return int(block)


def _as_rows(x: Any, block: int) -> tuple[np.ndarray, tuple[int, ...], int]:
    """``x`` as float64 rows cut into blocks, ``(rows, blocks, block)``, zero padded; the shape
    of ``x`` and the length of its last axis."""
    arr = np.asarray(x)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"x has dtype {arr.dtype}; expected real numbers (floats or integers)")
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.size == 0:
        raise ValueError("x is empty; give at least one value")
    n = arr.shape[-1]
    nblocks = -(-n // block)
    rows = np.zeros((arr.size // n, nblocks * block))
    rows[:, :n] = arr.reshape(-1, n)
    return rows.reshape(-1, nblocks, block), arr.shape, n


def scale_exponent(amax: Any, emax: int) -> Any:
    """The exponent of the OCP MX scale of blocks whose largest magnitude is ``amax``, for
    elements whose largest value has exponent ``emax``: floor(log2(amax)) - emax, clamped
    below at -127 (an all-zero block gets -127 too); NaN for a NaN or infinite amax and above
    127. Exact: floor(log2) is read from the exponent of amax (``numpy.frexp``), never rounded.
    Float64, shape of ``amax``."""
    scale = formats.get("e8m0")
    a = np.asarray(amax, np.float64)
    _, exponent = np.frexp(a)  # a = m x 2**exponent, m in [0.5, 1): floor(log2 a) = exponent - 1
    e = np.maximum(np.where(a > 0, exponent - 1 - emax, scale.emin), scale.emin)
    e = np.where(~np.isfinite(a) | (e > scale.emax), np.nan, e.astype(np.float64))
    return e[()] if e.ndim == 0 else e


def shared_exponent(amax: Any, element: str | formats.Format) -> Any:
    """The OCP MX shared exponent of blocks of ``element`` values whose largest magnitude is
    ``amax``: :func:`scale_exponent` with the element type's emax."""
    return scale_exponent(amax, formats.get(element).emax)


def quantize_blocks(x: Any, fmt: str | BlockFormat, block: int | None = None) -> Quantized:
    """Quantize ``x`` to the block format ``fmt`` in blocks of ``block`` elements (the format's
    own by default: 32 for MX, 16 for NVFP4) along its last axis.

    Raises:
        ValueError: for an unknown ``fmt``, an empty ``x`` or a ``block`` below 1.
        TypeError: for a non-numeric ``x`` or a non-integer ``block``.
    """
    bf = get(fmt)
    size = _check_block(block, bf.block)
    blocks, shape, n = _as_rows(x, size)
    if bf.tensor_scale:
        scales, elements, tensor = _nvfp4(blocks, bf)
    else:
        scales, elements, tensor = (*_mx(blocks, bf), None)
    elements = elements.reshape(blocks.shape[0], -1)[:, :n].reshape(shape)
    return Quantized(bf, size, shape, scales.reshape(*shape[:-1], -1), elements, tensor)


def _mx(blocks: np.ndarray, bf: BlockFormat) -> tuple[np.ndarray, np.ndarray]:
    """OCP MX: the E8M0 scale patterns and the element patterns of ``blocks`` (float64)."""
    with np.errstate(invalid="ignore"):
        amax = np.max(np.abs(blocks), axis=-1)  # NaN if the block holds a NaN
    exponent = shared_exponent(amax, bf.element)
    special = np.isnan(exponent)
    exponent = np.where(special, 0.0, exponent)
    scales = np.where(special, bf.scale.nan_bits, exponent + bf.scale.bias).astype(np.uint8)
    scaled = (
        np.where(special[..., None], 0.0, blocks) / np.ldexp(1.0, exponent.astype(int))[..., None]
    )
    return scales, formats.to_bits(scaled, bf.element, saturate=True)


def _nvfp4(blocks: np.ndarray, bf: BlockFormat) -> tuple[np.ndarray, np.ndarray, float]:
    """NVFP4, in FP32 as NVIDIA's reference quantizer computes it: the E4M3 block scales, the
    FP4 elements and the tensor's FP32 encode scale."""
    x = blocks.astype(_F32)
    finite = np.isfinite(x)
    magnitude = np.where(finite, np.abs(x), _F32(0))
    special = ~finite.all(axis=-1)
    elem_max, scale_max = _F32(bf.element.max), _F32(bf.scale.max)
    with np.errstate(divide="ignore", over="ignore"):
        encode = np.minimum(elem_max * scale_max / magnitude.max(), _F32_MAX)
        decode = _F32(1) / encode
        block_scale = np.minimum(magnitude.max(axis=-1) * (encode * (_F32(1) / elem_max)), _F32_MAX)
        scale_bits = formats.to_bits(np.minimum(block_scale, scale_max), bf.scale)
        stored = formats.from_bits(scale_bits, bf.scale).astype(_F32)
        element_encode = np.minimum(_F32(1) / (stored * decode), _F32_MAX)
        scaled = np.clip(x * element_encode[..., None], -elem_max, elem_max)
    empty = special | (stored == 0)
    scaled = np.where(empty[..., None], _F32(0), scaled)
    scale_bits = np.where(special, bf.scale.nan_bits, scale_bits).astype(np.uint8)
    return scale_bits, formats.to_bits(scaled, bf.element), float(encode)


def dequantize_blocks(q: Quantized) -> np.ndarray:
    """The values that ``q`` (from :func:`quantize_blocks`) stores: element x block scale
    (/ the tensor's encode scale for NVFP4, rounded once); NaN throughout a block whose scale
    is NaN. Float64 (exact for MX), shape of the input to :func:`quantize_blocks`.

    Raises:
        TypeError: if ``q`` is not what :func:`quantize_blocks` returned.
    """
    if not isinstance(q, Quantized):
        raise TypeError(f"q={type(q).__name__} must be the Quantized that quantize_blocks returns")
    bf = q.fmt
    n = q.shape[-1]
    nblocks = q.scales.shape[-1]
    elements = np.zeros((q.elements.size // n, nblocks * q.block), np.uint8)
    elements[:, :n] = q.elements.reshape(-1, n)
    values = formats.from_bits(elements, bf.element).reshape(-1, nblocks, q.block)
    scale = formats.from_bits(q.scales.reshape(-1, nblocks), bf.scale)
    with np.errstate(invalid="ignore"):
        out = values * scale[..., None]  # exact: few significant bits each
        if q.tensor_scale is not None:
            out = out / q.tensor_scale
    return out.reshape(out.shape[0], -1)[:, :n].reshape(q.shape)


# --------------------------------------------------------------------------------------------
# One scale for the whole tensor, to compare with
# --------------------------------------------------------------------------------------------
#: What :func:`roundtrip` can apply: every block format, and FP4 with one scale per tensor.
PER_TENSOR = "fp4_per_tensor"


def per_tensor(x: Any, element: str | formats.Format = "fp4_e2m1") -> np.ndarray:
    """``x`` stored in ``element`` with one FP32 scale for the whole tensor, amax / the
    element's largest value (no blocks): what block scaling improves on. An all-zero tensor,
    or one whose largest magnitude is inf or NaN, is rounded unscaled (FP4 has no NaN: see
    :mod:`helpers.formats`). Float64 values."""
    f = formats.get(element)
    v = np.asarray(x, np.float64)
    amax = float(np.max(np.abs(v))) if v.size else 0.0
    if amax == 0 or not math.isfinite(amax):
        return formats.round_to(v, f, saturate=True)
    scale = float(_F32(amax) / _F32(f.max))
    return formats.from_bits(formats.to_bits(v / scale, f, saturate=True), f) * scale


def roundtrip(x: Any, scheme: str, block: int | None = None) -> np.ndarray:
    """``x`` quantized with ``scheme`` (a key of :data:`BLOCK_FORMATS` or :data:`PER_TENSOR`)
    and decoded again: the values a chip would compute with."""
    if scheme == PER_TENSOR:
        return per_tensor(x)
    return dequantize_blocks(quantize_blocks(x, scheme, block))


#: Values in :func:`outlier_tensor`'s tensor by default (four MX blocks).
OUTLIER_VALUES = 128


def outlier_tensor(n: int = OUTLIER_VALUES, outlier: float = 100.0, seed: int = 0) -> np.ndarray:
    """``n`` standard normal values (float32, reproducible from ``seed``) with one outlier of
    magnitude ``outlier`` at index ``n // 4 + 5``: the shape of activations with an outlier
    channel, a teaching example rather than a measurement."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n={n!r} must be an integer of at least 1")
    if not (isinstance(outlier, numbers.Real) and math.isfinite(outlier) and outlier > 0):
        raise ValueError(f"outlier={outlier!r} must be a finite number above 0")
    x = np.random.default_rng(seed).standard_normal(int(n)).astype(np.float32)
    x[min(int(n) // 4 + 5, int(n) - 1)] = outlier
    return x


@dataclass(frozen=True)
class Errors:
    """How far a scheme's decoded values are from the originals.

    Attributes:
        values: the decoded values.
        error: |decoded - original| per element.
        block_rms: root-mean-square error per block of ``block`` elements (the last block may be
            shorter).
        zeroed: share of the nonzero originals that decode to 0 (0 to 1).
        relative: median of |error| / |original| over the nonzero originals.
    """

    values: np.ndarray
    error: np.ndarray
    block_rms: np.ndarray
    zeroed: float
    relative: float


def errors(x: Any, scheme: str, block: int | None = None) -> Errors:
    """The :class:`Errors` of storing the 1-D ``x`` with ``scheme`` (see :func:`roundtrip`),
    per element and per block of ``block`` elements (the scheme's own; 32 for one per-tensor
    scale, to compare with MX)."""
    v = np.asarray(x, np.float64).reshape(-1)
    back = roundtrip(v, scheme, block)
    err = np.abs(back - v)
    size = block or (get(scheme).block if scheme != PER_TENSOR else get("mxfp4").block)
    starts = np.arange(0, v.size, size)
    rms = np.sqrt(np.add.reduceat(err**2, starts) / np.diff(np.append(starts, v.size)))
    nonzero = v != 0
    zeroed = float(np.mean(back[nonzero] == 0)) if nonzero.any() else 0.0
    rel = float(np.median(err[nonzero] / np.abs(v[nonzero]))) if nonzero.any() else 0.0
    return Errors(back, err, rms, zeroed, rel)
