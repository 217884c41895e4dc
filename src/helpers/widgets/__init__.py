"""The widgets of the course, one module per notebook topic, on the pattern of :mod:`.base`.

Each builder returns a :class:`~helpers.widgets.base.FigureWidget`; each ``draw_*`` function is
the pure drawing behind it, which a notebook also calls for the static figure.
"""

from .base import BUILDERS, FigureWidget, builder, sweep_values
from .formats import (
    accumulation,
    bit_explorer,
    draw_accumulation,
    draw_bit_explorer,
    draw_loss_scaling,
    draw_matmul_error,
    draw_range_precision,
    draw_rounding,
    draw_rounding_error,
    loss_scaling,
    range_precision,
    rounding_explorer,
)
from .start import claim_picker, describe_claim, draw_claim, draw_claim_ratios

__all__ = [
    "BUILDERS",
    "FigureWidget",
    "accumulation",
    "bit_explorer",
    "builder",
    "claim_picker",
    "describe_claim",
    "draw_accumulation",
    "draw_bit_explorer",
    "draw_claim",
    "draw_claim_ratios",
    "draw_loss_scaling",
    "draw_matmul_error",
    "draw_range_precision",
    "draw_rounding",
    "draw_rounding_error",
    "loss_scaling",
    "range_precision",
    "rounding_explorer",
    "sweep_values",
]
