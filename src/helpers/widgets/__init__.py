"""The widgets of the course, one module per notebook topic, on the pattern of :mod:`.base`.

Each builder returns a :class:`~helpers.widgets.base.FigureWidget`; each ``draw_*`` function is
the pure drawing behind it, which a notebook also calls for the static figure.
"""

from .base import BUILDERS, FigureWidget, builder, sweep_values
from .comm import (
    collective_time_explorer,
    draw_collective_time,
    draw_copper_reach,
    draw_latency_budget,
    draw_link_energy,
    draw_reduction_error,
    draw_ring_step,
    draw_transfer_time,
    ring_allreduce_steps,
    transfer_time_explorer,
)
from .start import claim_picker, describe_claim, draw_claim, draw_claim_ratios

__all__ = [
    "BUILDERS",
    "FigureWidget",
    "builder",
    "claim_picker",
    "collective_time_explorer",
    "describe_claim",
    "draw_claim",
    "draw_claim_ratios",
    "draw_collective_time",
    "draw_copper_reach",
    "draw_latency_budget",
    "draw_link_energy",
    "draw_reduction_error",
    "draw_ring_step",
    "draw_transfer_time",
    "ring_allreduce_steps",
    "sweep_values",
    "transfer_time_explorer",
]
