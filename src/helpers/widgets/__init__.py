"""The widgets of the course, one module per notebook topic, on the pattern of :mod:`.base`.

Each builder returns a :class:`~helpers.widgets.base.FigureWidget`; each ``draw_*`` function is
the pure drawing behind it, which a notebook also calls for the static figure.
"""

from .base import BUILDERS, FigureWidget, builder, sweep_values
from .compute import (
    draw_matmul,
    draw_mfu,
    draw_peaks,
    draw_rooflines,
    matmul_explorer,
    roofline_explorer,
    two_panels,
)
from .memory import (
    draw_decode_bound,
    draw_kv_room,
    draw_memory,
    draw_memory_systems,
    memory_calculator,
)
from .start import claim_picker, describe_claim, draw_claim, draw_claim_ratios

__all__ = [
    "BUILDERS",
    "FigureWidget",
    "builder",
    "claim_picker",
    "describe_claim",
    "draw_claim",
    "draw_claim_ratios",
    "draw_decode_bound",
    "draw_kv_room",
    "draw_matmul",
    "draw_memory",
    "draw_memory_systems",
    "draw_mfu",
    "draw_peaks",
    "draw_rooflines",
    "matmul_explorer",
    "memory_calculator",
    "roofline_explorer",
    "sweep_values",
    "two_panels",
]
