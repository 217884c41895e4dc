"""The numbers the prose of notebook 01 (BF16 and number formats) and the glossary's entries on
number formats state: constants of the formats, rounding results and the loss-scaling demo's
shares, each computed by :mod:`helpers.formats`.

Keys: ``nb01.<format>.<constant>`` for every format of :data:`helpers.formats.FORMATS`
(``nb01.fp16.max``: 65504), and a short name for each result of the notebook's examples.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import formats
from ..formats import FORMATS
from . import quantity

#: Format constants the prose states: name -> (what it is, how to get it from a Format).
_CONSTANTS: dict[str, tuple[str, Callable[[formats.Format], float]]] = {
    "max": ("largest finite value", lambda f: f.max),
    "min_normal": ("smallest positive normal value", lambda f: f.min_normal),
    "min_subnormal": ("smallest positive value (a subnormal)", lambda f: f.min_subnormal),
    "eps": ("machine epsilon: the gap above 1", lambda f: f.eps),
    "bias": ("exponent bias", lambda f: f.bias),
    "values_per_binade": (
        "values in each binade: one per mantissa pattern",
        lambda f: 2.0**f.mantissa_bits,
    ),
    "sum_of_ones_stall": (
        "where a running sum of ones kept in the format stops growing: 2**precision",
        lambda f: 2.0**f.precision,
    ),
}


def _register(key: str, name: str, doc: str, get: Callable[[formats.Format], float]) -> None:
    quantity(f"nb01.{key}.{name}", "1", f"{FORMATS[key].short}: {doc}")(
        lambda: float(get(FORMATS[key]))
    )


for _key in FORMATS:
    for _name, (_doc, _get) in _CONSTANTS.items():
        _register(_key, _name, _doc, _get)


# ---- the notebook's examples ----------------------------------------------------------------
#: The value whose rounding error section 1 quotes, and the one section 2's spacing table shows.
TENTH, SPACING_EXAMPLE = 1 / 10, 1000.0


@quantity("nb01.tenth_error.bf16", "1", "relative error of 0.1 stored in BF16")
def _tenth_bf16() -> float:
    return abs(float(formats.round_to(TENTH, "bf16")) - TENTH) / TENTH


@quantity("nb01.tenth_error.fp8_e4m3", "1", "relative error of 0.1 stored in FP8 E4M3")
def _tenth_e4m3() -> float:
    return abs(float(formats.round_to(TENTH, "fp8_e4m3")) - TENTH) / TENTH


@quantity("nb01.bf16.gap_at_1000", "1", "gap between BF16 values around 1000")
def _bf16_gap() -> float:
    return float(formats.spacing(SPACING_EXAMPLE, "bf16"))


@quantity("nb01.fp8_e5m2.stored_1000", "1", "what FP8 E5M2 stores 1000 as")
def _e5m2_stored() -> float:
    return float(formats.round_to(SPACING_EXAMPLE, "fp8_e5m2"))


@quantity("nb01.fp8_e5m2.gap_at_1000", "1", "gap between FP8 E5M2 values around 1000")
def _e5m2_gap() -> float:
    return float(formats.spacing(SPACING_EXAMPLE, "fp8_e5m2"))


@quantity("nb01.double_rounding.once", "1", "1 + 2^-8 + 2^-40 rounded to BF16 once")
def _once() -> float:
    return float(formats.round_to(np.float64(1 + 2**-8 + 2**-40), "bf16"))


@quantity("nb01.fp16.overflow_from", "1", "smallest magnitude FP16 rounds to infinity")
def _fp16_overflow() -> float:
    f = FORMATS["fp16"]
    return f.max + float(formats.spacing(f.max, f)) / 2


# ---- the loss-scaling demo ----------------------------------------------------------------------
@quantity("nb01.gradients.count", "1", "values in the synthetic gradient sample")
def _gradient_count() -> float:
    return float(formats.gradient_sample().size)


_SHARES = ("zero", "subnormal", "kept", "overflow")


def _register_share(log2_scale: int, share: str) -> None:
    def compute() -> float:
        return getattr(formats.survival(formats.gradient_sample(), "fp16", 2.0**log2_scale), share)

    quantity(
        f"nb01.gradients.fp16_scale{log2_scale}.{share}",
        "1",
        f"share of the synthetic gradients that FP16 stores as '{share}' at loss scale "
        f"2^{log2_scale}",
    )(compute)


for _scale in (0, 12, 20, 24, 28):
    for _share in _SHARES:
        _register_share(_scale, _share)


@quantity("nb01.gradients.best_scale", "1", "log2 of the best FP16 loss scale for the sample")
def _best_scale() -> float:
    return float(formats.best_loss_scale(formats.gradient_sample()))
