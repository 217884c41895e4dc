"""Numbers notebook 10's prose states that come from the format definitions (not from a single
figure): the block sizes of the MX formats and NVFP4, and the bias of E8M0."""

from __future__ import annotations

from .. import blocks, formats
from . import quantity


@quantity("nb10.mx_block", "", "elements per block of the OCP MX formats")
def mx_block() -> float:
    return blocks.get("mxfp4").block


@quantity("nb10.nvfp4_block", "", "elements per block of NVFP4")
def nvfp4_block() -> float:
    return blocks.get("nvfp4").block


@quantity("nb10.e8m0_bias", "", "the exponent bias of E8M0, the MX scale type")
def e8m0_bias() -> float:
    return formats.get("e8m0").bias
