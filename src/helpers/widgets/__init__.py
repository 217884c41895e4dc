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
from .topology import (
    chip_route,
    describe_route,
    describe_topology,
    domain_table,
    draw_domain_bandwidth,
    draw_full_mesh_price,
    draw_growth,
    draw_racks,
    draw_topology,
    growth_layout,
    metrics_table,
    routes_table,
    systems_table,
    topology_explorer,
    transceiver_table,
)

__all__ = [
    "BUILDERS",
    "FigureWidget",
    "builder",
    "chip_route",
    "claim_picker",
    "describe_claim",
    "describe_route",
    "describe_topology",
    "domain_table",
    "draw_claim",
    "draw_claim_ratios",
    "draw_decode_bound",
    "draw_domain_bandwidth",
    "draw_full_mesh_price",
    "draw_growth",
    "draw_kv_room",
    "draw_matmul",
    "draw_memory",
    "draw_memory_systems",
    "draw_mfu",
    "draw_peaks",
    "draw_racks",
    "draw_rooflines",
    "draw_topology",
    "growth_layout",
    "matmul_explorer",
    "memory_calculator",
    "metrics_table",
    "roofline_explorer",
    "routes_table",
    "sweep_values",
    "systems_table",
    "topology_explorer",
    "transceiver_table",
    "two_panels",
]
