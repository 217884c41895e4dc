"""Exercises and predictions of notebook 05 (supernodes and topologies)."""

from __future__ import annotations

from .. import topology
from ..specs import ASCEND_910C, B200, CM384, FIGURES, NVL72
from ..units import BITS_PER_BYTE, GB, TB, percent, si
from .core import Exercise

NB = "05_supernodes_and_topologies"

# Closed forms (no graph is built at import); the answers themselves measure the graphs.
_CM = topology.formulas("cm384")
_NV = topology.formulas("nvl72")
_MESH = topology.formulas("full_mesh", CM384.n)
#: Scenario values of the exercises (not hardware figures): a 16 x 16 torus, a job on 4 racks.
TORUS_SIDE = 16
_RING_256 = topology.formulas("ring", TORUS_SIDE**2)
_PORTS = {"nvl72": _NV["ports_per_endpoint"], "cm384": _CM["ports_per_endpoint"]}
_UP = {s.key: s.chip.scale_up_bandwidth.value for s in (CM384, NVL72)}
_OUT = NVL72.chip.scale_out_bandwidth.value
_CM_PARTS = topology.cm384_parts()
_SA_MODULES = FIGURES["cm384.transceivers_scale_up"]
_L1 = _CM_PARTS["nodes"] * _CM_PARTS["l1_per_node"]
RACKS = 4
_NV_PARTS = topology.nvl72_parts()
_NVLINK_ONE_WAY = topology.one_way(FIGURES["b200.nvlink_link_bandwidth"])
_MODULE_RATE = FIGURES["cm384.transceiver_rate"].value
_CM_CABLES_PER_NPU = FIGURES["cm384.optical_cables_per_npu"].value
_SHARE = {c.key: c.scale_up_bandwidth.value / c.hbm_bandwidth.value for c in (ASCEND_910C, B200)}


def _nvl72_bisection_bandwidth() -> float:
    return topology.cached_metrics("nvl72")["bisection_bandwidth"]


def _racks_bisection() -> float:
    gpus = RACKS * NVL72.n
    return gpus // 2 * topology.bandwidth_per_chip("nvl72", gpus)


def _gpus_to_match_one_rack() -> float:
    """GPUs a job must span (beyond one rack) for its bisection bandwidth to equal one rack's."""
    beyond = topology.bandwidth_per_chip("nvl72", 2 * NVL72.n)
    return 2 * _nvl72_bisection_bandwidth() / beyond


def _route(system: str, a: int, b: int) -> topology.Route:
    return topology.route(topology.cached_build(system), a, b)


EXERCISES = (
    Exercise(
        id="05.remote_memory",
        notebook=NB,
        kind="predict",
        prompt="Inside an NVL72 a B200 can read another GPU's memory over NVLink. How fast is "
        "that, as a percentage of the speed at which it reads its own HBM?",
        answer=lambda: 100 * _SHARE[B200.key],
        unit="%",
        rel_tol=0.1,
        reveals=lambda: (
            si(B200.scale_up_bandwidth.value, "B/s"),
            si(B200.hbm_bandwidth.value, "B/s"),
            percent(_SHARE[ASCEND_910C.key], 2),
        ),
        explain=f"About {percent(_SHARE[B200.key], 2)}: NVLink gives "
        f"{si(B200.scale_up_bandwidth.value, 'B/s')} one way against "
        f"{si(B200.hbm_bandwidth.value, 'B/s')} of HBM, and the UB "
        f"{si(ASCEND_910C.scale_up_bandwidth.value, 'B/s')} against "
        f"{si(ASCEND_910C.hbm_bandwidth.value, 'B/s')} "
        f"({percent(_SHARE[ASCEND_910C.key], 2)}), at far higher latency. A scale-up domain is "
        "far faster than the network between systems, not as fast as a chip's own memory.",
    ),
    Exercise(
        id="05.full_mesh_ports",
        notebook=NB,
        kind="predict",
        prompt="In a full mesh every chip has its own link to every other chip. How many links "
        f"would each chip of a {CM384.n}-chip full mesh need?",
        answer=lambda: topology.formulas("full_mesh", CM384.n)["ports_per_endpoint"],
        unit="links",
        rel_tol=0.01,
        reveals=lambda: (f"{CM384.n - 1} needed",),
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
        reveals=lambda: (
            f"{len(_route('nvl72', 0, NVL72.n - 1).switches)} switch chip",
            f"{_NV['diameter']} links, {_NV['diameter'] - 1} switch chip",
        ),
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
        reveals=lambda: (
            f"{_CM['diameter'] - 1} switch chips",
            f"{_CM_PARTS['planes'] * _CM_PARTS['l2_per_plane']} routes",
        ),
        explain=f"NPU, first-level switch, second-level switch, first-level switch, NPU: "
        f"{_CM['diameter']} links and {_CM['diameter'] - 1} switch chips, over "
        f"{_CM_PARTS['planes']} planes x {_CM_PARTS['l2_per_plane']} second-level chips = "
        f"{_CM_PARTS['planes'] * _CM_PARTS['l2_per_plane']} routes. Inside one node: "
        f"{_NV['diameter']} links, through one first-level switch chip.",
    ),
    Exercise(
        id="05.torus_diameter",
        notebook=NB,
        prompt=f"A 2D torus joins {TORUS_SIDE**2} chips as a {TORUS_SIDE} x {TORUS_SIDE} grid "
        "whose rows and columns wrap around. How many links lie on the longest shortest route "
        "between two chips (the diameter)?",
        answer=lambda: topology.metrics(topology.build("torus2d", TORUS_SIDE**2))["diameter"],
        unit="links",
        rel_tol=0.0,
        abs_tol=0.5,
        hint="Thanks to the wrap-around links, the farthest chip along a row is k/2 steps away, "
        "not k - 1. Add the two directions.",
        solution=f"{TORUS_SIDE}/2 + {TORUS_SIDE}/2 = {{answer}}. A ring of the same "
        f"{TORUS_SIDE**2} chips has a diameter of {_RING_256['diameter']}; one switch, "
        f"{topology.formulas('switch', TORUS_SIDE**2)['diameter']}; the CM384, "
        f"{_CM['diameter']} for {CM384.n} chips.",
        code="from helpers import topology\n"
        'answer = topology.metrics(topology.build("torus2d", 256))["diameter"]',
    ),
    Exercise(
        id="05.full_mesh_links",
        notebook=NB,
        prompt=f"If each of an NVL72's {NVL72.n} GPUs had its own direct link to every other GPU "
        "(a full mesh instead of NVSwitch chips), how many links would that take?",
        answer=lambda: topology.pairs(NVL72.n),
        unit="links",
        rel_tol=0.0,
        abs_tol=0.5,
        hint="Each of the n chips links to n - 1 others, and every link has two ends: n(n - 1)/2.",
        solution=f"{NVL72.n} x {NVL72.n - 1} / 2 = {{answer}}, against the "
        f"{_NV['links']:,} GPU-to-switch links of the real NVL72, and {NVL72.n - 1} ports per "
        f"GPU against the B200's {_PORTS['nvl72']} NVLinks. The {CM384.n}-chip full mesh would "
        f"take {_MESH['links']:,}: a full mesh grows as n².",
        code="from helpers import specs, topology\nanswer = topology.pairs(specs.NVL72.n)",
    ),
    Exercise(
        id="05.racks_bisection",
        notebook=NB,
        prompt=f"A job runs on {RACKS} NVL72 racks ({RACKS * NVL72.n} GPUs) joined by the "
        f"scale-out network: each GPU has one {_OUT * BITS_PER_BYTE / GB:.0f} Gb/s network card "
        "and the network between racks is non-blocking. Split the job into two halves, two racks "
        "each. What is its bisection bandwidth, one direction?",
        answer=lambda: _racks_bisection() / TB,
        unit="TB/s",
        rel_tol=0.01,
        hint="Across the cut only the network cards carry data: half the GPUs, each at its "
        "card's bandwidth (Gb/s / 8 = GB/s). Then convert GB/s to TB/s.",
        solution=f"{RACKS * NVL72.n // 2} x {_OUT / GB:.0f} GB/s = {{answer}}, against "
        f"{_nvl72_bisection_bandwidth() / TB:.1f} TB/s inside one rack of {NVL72.n} and "
        f"{topology.cached_metrics('cm384')['bisection_bandwidth'] / TB:.1f} TB/s inside one "
        f"CM384 of {CM384.n}: {RACKS} racks joined by their network cards have less bandwidth "
        "across the middle than one rack has inside.",
        code="from helpers import specs, topology\n"
        "gpus = 4 * specs.NVL72.n\n"
        'per_gpu = topology.bandwidth_per_chip("nvl72", gpus)\n'
        "answer = gpus // 2 * per_gpu / 1e12  # B/s -> TB/s",
    ),
    Exercise(
        id="05.nvl72_optical",
        notebook=NB,
        prompt=f"Suppose the NVL72's GPUs were spread over several racks, so that each of their "
        f"links to the NVSwitch chips ({_NV_PARTS['links_per_gpu']} per GPU, "
        f"{si(_NVLINK_ONE_WAY, 'B/s')} each way, exactly what one "
        f"{_MODULE_RATE * BITS_PER_BYTE / GB:.0f}G module carries) ran over its own optical "
        "cable, with a module at each end. How many optical modules would the rack need?",
        answer=lambda: 2 * topology.cached_metrics("nvl72")["links"],
        unit="modules",
        rel_tol=0.0,
        abs_tol=0.5,
        hint="Count the cables first (GPUs x links per GPU, one cable per link), then two "
        "modules per cable.",
        solution=f"{NVL72.n} x {_NV_PARTS['links_per_gpu']} = {_NV['links']:,} cables, with a "
        f"module at each end: {{answer}}, {2 * _NV_PARTS['links_per_gpu']} per GPU. The CM384 "
        f"needs {2 * _CM_CABLES_PER_NPU:.0f} per NPU counted the same way "
        f"({_CM_CABLES_PER_NPU:.0f} cables per NPU, a module at each end): its links inside a "
        "node stay electrical, and each cable carries two of its graph's logical links. This "
        f"is what keeping all {NVL72.n} GPUs on copper in one rack saves.",
        code="from helpers import topology\n"
        'links = topology.metrics(topology.build("nvl72"))["links"]\n'
        "answer = 2 * links",
    ),
    Exercise(
        id="05.beyond_domain",
        notebook=NB,
        prompt=f"Beyond one rack each B200 sends to the other half of a job through its "
        f"{_OUT * BITS_PER_BYTE / GB:.0f} Gb/s network card (a non-blocking network between "
        "racks). How many GPUs must a job span before its bisection bandwidth (one direction) "
        f"is back to what one NVL72 rack of {NVL72.n} has inside?",
        answer=_gpus_to_match_one_rack,
        unit="GPUs",
        rel_tol=0.01,
        hint=f"Inside one rack: {NVL72.n // 2} GPUs x {_UP['nvl72'] / GB:.0f} GB/s across the "
        "middle. Across racks: half of n GPUs x the card's bandwidth (Gb/s / 8 = GB/s). Solve "
        "for n.",
        solution=f"One rack: {NVL72.n // 2} x {_UP['nvl72'] / GB:.0f} GB/s = "
        f"{_nvl72_bisection_bandwidth() / TB:.1f} TB/s. Beyond it each GPU gives "
        f"{_OUT / GB:.0f} GB/s, {_UP['nvl72'] / _OUT:.0f}x less, so half of n GPUs x "
        f"{_OUT / GB:.0f} GB/s reaches it at n = {{answer}}, "
        f"{_gpus_to_match_one_rack() / NVL72.n:.0f} racks. On the "
        f"CM384 the drop is {_UP['cm384'] / _OUT:.1f}x, and it comes only past {CM384.n} chips.",
        code="from helpers import specs, topology\n"
        'rack = topology.metrics(topology.build("nvl72"))["bisection_bandwidth"]\n'
        'per_gpu = topology.bandwidth_per_chip("nvl72", 2 * specs.NVL72.n)\n'
        "answer = 2 * rack / per_gpu",
    ),
)
