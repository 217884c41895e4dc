"""Numbers notebook 05 (supernodes and topologies) states in its prose, from the graphs.

Each is a :func:`helpers.prose.quantity`: the notebook's markdown marks the number with
``<!--=nb05.name-->`` and ``make notebooks`` writes it from here.
"""

from __future__ import annotations

from .. import topology
from ..specs import CM384
from . import quantity


def _m(system: str) -> dict:
    return topology.cached_metrics(system)


@quantity("nb05.mesh_links", "x", "links of a full mesh of the CM384's chip count")
def mesh_links() -> float:
    return topology.pairs(CM384.n)


@quantity("nb05.mesh_over_cm384", "x", "links of that full mesh over the CM384's graph's links")
def mesh_over_cm384() -> float:
    return topology.pairs(CM384.n) / _m("cm384")["links"]


@quantity("nb05.mesh_link_bandwidth", "B/s", "one link of a 384-chip full mesh, one direction")
def mesh_link_bandwidth() -> float:
    return CM384.chip.scale_up_bandwidth.value / (CM384.n - 1)


@quantity("nb05.cm384_switches", "x", "switch chips of the CM384's graph")
def cm384_switches() -> float:
    return _m("cm384")["switches"]


@quantity("nb05.nvl72_links", "x", "links of the NVL72's graph (GPU to NVSwitch)")
def nvl72_links() -> float:
    return _m("nvl72")["links"]


@quantity("nb05.bisection_nvl72", "B/s", "bisection bandwidth of the NVL72, one direction")
def bisection_nvl72() -> float:
    return _m("nvl72")["bisection_bandwidth"]


@quantity("nb05.bisection_cm384", "B/s", "bisection bandwidth of the CM384, one direction")
def bisection_cm384() -> float:
    return _m("cm384")["bisection_bandwidth"]


@quantity("nb05.bisection_ratio", "x", "the CM384's bisection bandwidth over the NVL72's")
def bisection_ratio() -> float:
    return bisection_cm384() / bisection_nvl72()


@quantity("nb05.cm384_diameter", "x", "diameter of the CM384's graph, in links")
def cm384_diameter() -> float:
    return _m("cm384")["diameter"]


@quantity("nb05.cm384_routes", "x", "shortest routes between NPUs in different nodes")
def cm384_routes() -> float:
    return topology.route(topology.cached_build("cm384"), 0, CM384.n - 1).paths


@quantity("nb05.nvl72_routes", "x", "shortest routes between two GPUs of the NVL72")
def nvl72_routes() -> float:
    return topology.route(topology.cached_build("nvl72"), 0, 1).paths


@quantity("nb05.cm384_node_routes", "x", "shortest routes between two NPUs of one CM384 node")
def cm384_node_routes() -> float:
    return topology.route(topology.cached_build("cm384"), 0, 1).paths


@quantity("nb05.optical_links", "x", "logical optical links of the CM384's graph")
def optical_links() -> float:
    return _m("cm384")["optical_links"]


@quantity("nb05.optical_cables", "x", "optical cables of the CM384's graph")
def optical_cables() -> float:
    return _m("cm384")["optical_cables"]


@quantity("nb05.optical_modules", "x", "optical modules of the CM384's graph, two per cable")
def optical_modules() -> float:
    return _m("cm384")["transceivers"]
