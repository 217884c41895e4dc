"""Exercises and predictions of notebook 05 (supernodes and topologies)."""

from __future__ import annotations

from .. import topology
from ..specs import ASCEND_910C, CM384, FIGURES, NVL72
from ..units import BITS_PER_BYTE, GB, TB
from .core import Exercise

NB = "05_supernodes_and_topologies"

# Closed forms (no graph is built at import); the answers themselves measure the graphs.
_CM = topology.formulas("cm384")
_NV = topology.formulas("nvl72")
_MESH = topology.formulas("full_mesh", CM384.n)
_RING_256 = topology.formulas("ring", 256)
_PORTS = {"nvl72": _NV["ports_per_endpoint"], "cm384": _CM["ports_per_endpoint"]}
_UP = {s.key: s.chip.scale_up_bandwidth.value for s in (CM384, NVL72)}
_OUT = NVL72.chip.scale_out_bandwidth.value
_CM_PARTS = topology.cm384_parts()
_SA_MODULES = FIGURES["cm384.transceivers_scale_up"]
_JOB = 1024  # GPUs in the beyond-the-domain exercise (a job size, not a hardware figure)
_L1 = _CM_PARTS["nodes"] * _CM_PARTS["l1_per_node"]


def _route(system: str, a: int, b: int) -> topology.Route:
    return topology.route(topology.cached_build(system), a, b)


EXERCISES = (
    Exercise(
        id="05.full_mesh_ports",
        notebook=NB,
        kind="predict",
        prompt="In a full mesh every chip has its own link to every other chip. How many links "
        f"would each chip of a {CM384.n}-chip full mesh need?",
        answer=lambda: topology.formulas("full_mesh", CM384.n)["ports_per_endpoint"],
        unit="links",
        rel_tol=0.01,
        explain=f"An {ASCEND_910C.name} has {_PORTS['cm384']} scale-up links and a B200 "
        f"{_PORTS['nvl72']}: a full mesh of them stops at {_PORTS['cm384'] + 1} and "
        f"{_PORTS['nvl72'] + 1} chips. The CM384 reaches its {CM384.n} chips through switch "
        "chips instead.",
    ),
    Exercise(
        id="05.nvl72_switch_hops",
        notebook=NB,
        kind="predict",
        prompt="Data goes from a GPU of an NVL72 to a GPU in another compute tray. How many "
        "switch chips does it cross?",
        choices=("0", "1", "2", "3"),
        answer=lambda: str(len(_route("nvl72", 0, NVL72.n - 1).switches)),
        explain=f"Every GPU has one link to each of the {_NV['switches']} NVSwitch chips, so any "
        f"two GPUs are {_NV['diameter']} links apart through one switch chip, over "
        f"{_NV['switches']} different routes.",
    ),
    Exercise(
        id="05.cm384_hops",
        notebook=NB,
        kind="predict",
        prompt=f"Two {ASCEND_910C.name} chips sit in different nodes (servers) of the CM384. How "
        "many links does the shortest route between them have?",
        answer=lambda: _route("cm384", 0, CM384.n - 1).hops,
        unit="links",
        rel_tol=0.01,
        explain=f"NPU, first-level switch, second-level switch, first-level switch, NPU: "
        f"{_CM['diameter']} links and {_CM['diameter'] - 1} switch chips, over "
        f"{_CM_PARTS['planes']} planes x {_CM_PARTS['l2_per_plane']} second-level chips = "
        f"{_CM_PARTS['planes'] * _CM_PARTS['l2_per_plane']} routes. Inside one node: 2 links.",
    ),
    Exercise(
        id="05.torus_diameter",
        notebook=NB,
        prompt="A 2D torus joins 256 chips as a 16 x 16 grid whose rows and columns wrap around. "
        "How many links lie on the longest shortest route between two chips (the diameter)?",
        answer=lambda: topology.metrics(topology.build("torus2d", 256))["diameter"],
        unit="links",
        rel_tol=0.0,
        abs_tol=0.5,
        hint="Thanks to the wrap-around links, the farthest chip along a row is k/2 steps away, "
        "not k - 1. Add the two directions.",
        solution=f"16/2 + 16/2 = {{answer}}. A ring of the same 256 chips has a diameter "
        f"of {_RING_256['diameter']}; one switch, 2; the CM384, {_CM['diameter']} for "
        f"{CM384.n} chips.",
        code="from helpers import topology\n"
        'answer = topology.metrics(topology.build("torus2d", 256))["diameter"]',
    ),
    Exercise(
        id="05.full_mesh_links",
        notebook=NB,
        prompt=f"If each of the CloudMatrix 384's {CM384.n} chips had its own direct link to "
        "every other chip (a full mesh), how many links would that take?",
        answer=lambda: topology.pairs(CM384.n),
        unit="links",
        rel_tol=0.0,
        abs_tol=0.5,
        hint="Each of the n chips links to n - 1 others, and every link has two ends: n(n - 1)/2.",
        solution=f"{CM384.n} x {CM384.n - 1} / 2 = {{answer}}, "
        f"{_MESH['links'] / _CM['links']:.1f}x the {_CM['links']:,} links of the real CM384, "
        f"and {CM384.n - 1} ports per chip against the {ASCEND_910C.name}'s {_PORTS['cm384']}.",
        code="from helpers import specs, topology\nanswer = topology.pairs(specs.CM384.n)",
    ),
    Exercise(
        id="05.cm384_bisection",
        notebook=NB,
        prompt=f"Split the CM384's {CM384.n} chips into two halves of {CM384.n // 2}. Each chip "
        f"has {_UP['cm384'] / GB:.0f} GB/s of UB bandwidth in one direction and the network is "
        "non-blocking. What is the bisection bandwidth, one direction?",
        answer=lambda: topology.cached_metrics("cm384")["bisection_bandwidth"] / TB,
        unit="TB/s",
        rel_tol=0.01,
        hint="In a non-blocking network the cheapest cut runs through the chips' own links: "
        "half the chips, each sending at its full bandwidth. Then convert GB/s to TB/s.",
        solution=f"{CM384.n // 2} x {_UP['cm384'] / GB:.0f} GB/s = {{answer}}. The NVL72 gives "
        f"{NVL72.n // 2} x {_UP['nvl72'] / GB:.0f} GB/s = "
        f"{NVL72.n // 2 * _UP['nvl72'] / TB:.1f} TB/s: "
        f"{CM384.n // 2 * _UP['cm384'] / (NVL72.n // 2 * _UP['nvl72']):.1f}x less, from "
        f"{CM384.n / NVL72.n:.1f}x fewer chips.",
        code="from helpers import topology\n"
        'cm384 = topology.metrics(topology.build("cm384"))\n'
        'answer = cm384["bisection_bandwidth"] / 1e12  # B/s -> TB/s',
    ),
    Exercise(
        id="05.optical_modules",
        notebook=NB,
        prompt=f"In the CM384 each first-level UB switch chip ({_CM_PARTS['l1_per_node']} per "
        f"node, {_CM_PARTS['nodes']} nodes) has {_CM_PARTS['l1_uplinks']} optical links up to "
        "the second level. Counting one optical module at each end of every optical link, how "
        "many modules does the scale-up network need?",
        answer=lambda: topology.transceivers(topology.cached_build("cm384"), "per_end"),
        unit="modules",
        rel_tol=0.0,
        abs_tol=0.5,
        hint="Count the optical links first (first-level switch chips x uplinks each), then "
        "two modules per link.",
        solution=f"{_L1} x {_CM_PARTS['l1_uplinks']} = {_L1 * _CM_PARTS['l1_uplinks']:,} "
        "optical links, x 2 ends = {answer}. SemiAnalysis counts "
        f"{_SA_MODULES.value:,.0f} scale-up modules, one per link. Both are right for "
        "their rule: always give the rule beside the number.",
        code="from helpers import topology\n"
        'answer = topology.transceivers(topology.build("cm384"), rule="per_end")',
    ),
    Exercise(
        id="05.beyond_domain",
        notebook=NB,
        prompt=f"A job on {_JOB:,} B200 GPUs spans {-(-_JOB // NVL72.n)} NVL72 racks. By what "
        "factor does each GPU's share of the bisection bandwidth (one direction) fall, compared "
        "with a job inside one rack?",
        answer=lambda: (
            topology.bandwidth_per_chip("nvl72", NVL72.n)
            / topology.bandwidth_per_chip("nvl72", _JOB)
        ),
        unit="x",
        rel_tol=0.01,
        hint=f"Inside the rack a GPU sends at its NVLink bandwidth ({_UP['nvl72'] / GB:.0f} GB/s "
        f"one way); between racks at its {_OUT * BITS_PER_BYTE / GB:.0f} Gb/s network card. "
        "Convert bits to bytes (8 bits per byte).",
        solution=f"{_UP['nvl72'] / GB:.0f} GB/s / {_OUT / GB:.0f} GB/s = {{answer}}. On the "
        f"CM384 the drop is {_UP['cm384'] / GB:.0f} / {_OUT / GB:.0f} = "
        f"{_UP['cm384'] / _OUT:.1f}x, and it comes only past {CM384.n} chips.",
        code="from helpers import specs, topology\n"
        'inside = topology.bandwidth_per_chip("nvl72", specs.NVL72.n)\n'
        'across = topology.bandwidth_per_chip("nvl72", 1024)\n'
        "answer = inside / across",
    ),
)
