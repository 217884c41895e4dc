"""The widgets of the course, one module per notebook topic, on the pattern of :mod:`.base`.

Each builder returns a :class:`~helpers.widgets.base.FigureWidget`; each ``draw_*`` function is
the pure drawing behind it, which a notebook also calls for the static figure.
"""

from .base import BUILDERS, FigureWidget, builder, sweep_values
from .start import claim_picker, describe_claim, draw_claim, draw_claim_ratios

__all__ = [
    "BUILDERS",
    "FigureWidget",
    "builder",
    "claim_picker",
    "describe_claim",
    "draw_claim",
    "draw_claim_ratios",
    "sweep_values",
]
