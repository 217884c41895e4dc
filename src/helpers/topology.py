"""Network topologies of scale-up domains as graphs, and the metrics that compare them.

A topology is an undirected :mod:`networkx` graph. Each node is an *endpoint* (a chip,
``kind="endpoint"``, numbered ``0 .. n-1``) or a *switch* chip (``kind="switch"``, a tuple such as
``("L2", plane, i)``), and has a fixed drawing position ``pos`` = (x, y), so no force-directed
layout is ever needed. Each edge is one cable run between two nodes and carries:

- ``links``: the physical links it bundles (1, or 2 where each die of an Ascend 910C has its own
  link to the same switch chip);
- ``bandwidth``: bytes per second in **one direction**, all its links together;
- ``medium``: ``"electrical"`` (board traces, copper cables) or ``"optical"`` (over a fibre
  cable, which needs an optical module, a transceiver, at each end).

Count with the rule: an edge is a *logical* link of the graph, not a cable. Where one optical
cable carries several logical links (two in the CM384, ``graph.graph["links_per_cable"]``), the
graph has more links than cables; an optical cable has two modules, one at each end
(:func:`optical_links`, :func:`optical_cables`, :func:`transceivers`).

Units: bandwidth in B/s, one direction; hops, diameter and mean hops in links between endpoints
(chip - switch - chip is 2 links with one switch crossed); every count is a plain number.

:func:`build` makes a topology; :func:`metrics` measures it with networkx (shortest paths,
cut sizes, the Kernighan-Lin heuristic) and numpy (the exact minimum bisection of small graphs, by
enumeration); :func:`formulas` gives the textbook closed forms, which draw the growth curves up to
thousands of chips and are tested equal to the measured values where both can run. A real
system is built from its :class:`helpers.specs.Topology` (a kind and its parameters, each a number
or the name of the figure that holds it): any system of the registry (``"nvl72"``, ``"cm384"``,
a system added later) whose maker publishes its network; one that does not gets a ``ValueError``
that says so ("not published"), which tables and widgets show as a message.

This module draws nothing: it imports :mod:`helpers.specs`, networkx and numpy only.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import networkx as nx
import numpy as np

from . import checks, specs
from .specs import Figure

ENDPOINT, SWITCH = "endpoint", "switch"
ELECTRICAL, OPTICAL = "electrical", "optical"
#: Media of a link: only optical links need transceivers.
MEDIA: tuple[str, ...] = (ELECTRICAL, OPTICAL)

#: Every abstract topology :func:`build` knows, with its label for figures. Real systems are
#: named by their key in :data:`helpers.specs.SYSTEMS` (see :func:`is_system`).
TOPOLOGIES: dict[str, str] = {
    "ring": "ring",
    "torus2d": "2D torus",
    "torus3d": "3D torus",
    "full_mesh": "full mesh (direct links)",
    "switch": "one switch",
    "fat_tree": "fat tree (two-level Clos)",
}
#: The parameters each kind of :class:`helpers.specs.Topology` gives, as :func:`parts` reads
#: them (``link_bandwidth`` a bandwidth figure or B/s one direction; every other a count).
PARAMS: dict[str, tuple[str, ...]] = {
    "one_level": (
        "chips",
        "switches",
        "links_per_chip",
        "chip_groups",
        "switch_groups",
        "link_bandwidth",
    ),
    "two_level_clos": (
        "chips",
        "nodes",
        "chips_per_node",
        "l1_per_node",
        "planes",
        "l2_per_plane",
        "l1_uplinks",
        "l2_ports",
        "dies",
        "links_per_die",
        "racks",
        "switch_racks",
        "link_bandwidth",
        "links_per_cable",
    ),
    "torus": ("dims",),
}
#: Parameters a kind may leave out, with their defaults: a link's bandwidth then comes from the
#: chip's scale-up bandwidth shared by its links (NaN when that is not published either); chips
#: and switches are drawn in one group; one optical cable carries one link; a torus is one
#: torus of ``dims``, not ``cubes`` of them joined in a way its maker does not publish.
OPTIONAL_PARAMS: dict[str, dict[str, Any]] = {
    "one_level": {"chip_groups": 1, "switch_groups": 1, "link_bandwidth": None},
    "two_level_clos": {"links_per_cable": 1},
    "torus": {"link_bandwidth": None, "cubes": 1},
}
#: Parameters of any kind that are words for drawings, not counts, with their defaults.
TEXT_PARAMS: dict[str, str] = {"chip_name": "chip", "switch_name": "switch"}
#: What an unpublished figure or network shows in tables and widgets.
NOT_PUBLISHED = "not published"
#: Topologies whose chips are wired to each other with no switch.
DIRECT: tuple[str, ...] = ("ring", "torus2d", "torus3d", "full_mesh")
#: Smallest number of endpoints of each abstract topology (tori: k >= 3 per side).
MIN_ENDPOINTS: dict[str, int] = {
    "ring": 3,
    "torus2d": 9,
    "torus3d": 27,
    "full_mesh": 2,
    "switch": 2,
    "fat_tree": 3,
}
#: Largest graph build() makes (a full mesh grows as n^2, so it stops earlier).
MAX_ENDPOINTS = 4096
MAX_FULL_MESH = 512
#: Largest graph (endpoints and switches) whose bisection is found by enumerating every split.
EXACT_MAX_NODES = 22

#: How optical modules are counted, in words (shown beside every count).
TRANSCEIVER_RULE = "two modules per optical cable, one at each end; electrical links none"
BisectionMode = Literal["auto", "exact", "closed_form", "upper_bound"]

#: Link of the abstract topologies unless ``link_bandwidth=`` says otherwise: one UB link.
DEFAULT_LINK = specs.get("ascend910c.ub_link_bandwidth")


def one_way(fig: Figure) -> float:
    """The bandwidth of ``fig`` in B/s one direction (halved if quoted for both directions)."""
    if fig.unit != "B/s" or fig.direction not in ("one", "both"):
        raise ValueError(
            f"fig={fig.name!r} is not a link bandwidth with a direction (unit {fig.unit!r}, "
            f"direction {fig.direction!r}); expected unit 'B/s' and direction 'one' or 'both'"
        )
    return fig.value / 2 if fig.direction == "both" else fig.value


# ---------------------------------------------------------------------------------------------
# Shapes: the checked parameters of a topology
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Shape:
    """The checked parameters of one topology.

    Attributes:
        name: a key of :data:`TOPOLOGIES`.
        n: number of endpoints (chips).
        k: side of a torus (``n = k**dims``), else 0.
        dims: dimensions of a torus (1 for a ring), else 0.
        radix: ports per switch chip of a fat tree, else 0.
        link_bandwidth: B/s one direction per link of an abstract topology or a torus system
            (NaN when not published).
        medium: medium of every link of an abstract topology.
        kind: a real system's topology kind (a key of :data:`PARAMS`), else "".
        sides: a torus system's chips along each dimension, else ().
    """

    name: str
    n: int
    k: int = 0
    dims: int = 0
    radix: int = 0
    link_bandwidth: float = 0.0
    medium: str = OPTICAL
    kind: str = ""
    sides: tuple[int, ...] = ()

    @property
    def leaves(self) -> int:
        """First-level (leaf) switches of a fat tree: ``radix/2`` chips on each."""
        return math.ceil(self.n / (self.radix // 2)) if self.radix else 0

    @property
    def spines(self) -> int:
        """Second-level (spine) switches of a fat tree: one link from every leaf to each."""
        return self.radix // 2 if self.radix else 0


def _root(n: int, dims: int) -> int:
    k = round(n ** (1 / dims))
    return next((c for c in (k - 1, k, k + 1) if c >= 1 and c**dims == n), 0)


def fat_tree_radix(n: int) -> int:
    """The smallest even switch radix (at least 4) whose two-level Clos holds ``n`` endpoints:
    ``radix**2 / 2 >= n``."""
    n = checks.whole("n", n)
    radix = max(4, math.ceil(math.sqrt(2 * n)))
    return radix + radix % 2


# ---------------------------------------------------------------------------------------------
# Real systems: their topology records
# ---------------------------------------------------------------------------------------------
def _system_key(name: object) -> str | None:
    """The registry key of ``name`` (a System, or a system's key or name), or None when
    ``name`` is an abstract topology or no system."""
    if isinstance(name, specs.System):
        return name.key
    if not isinstance(name, str) or name in TOPOLOGIES:
        return None
    try:
        return specs.system(name).key
    except ValueError:
        return None


def is_system(name: object) -> bool:
    """Whether ``name`` names a system of the registry (its object, key or name)."""
    return _system_key(name) is not None


def system_of(name: str | specs.System) -> specs.System:
    """The :class:`helpers.specs.System` called ``name`` (its object, key or name).

    Raises:
        ValueError: when ``name`` is an abstract topology or names no system.
    """
    key = _system_key(name)
    if key is None:
        raise ValueError(f"name={name!r} is not a system; use one of {list(specs.SYSTEMS)}")
    return specs.SYSTEMS[key]


def label(name: str | specs.System) -> str:
    """The label of a topology in figures: an abstract topology's, or a system's name."""
    return system_of(name).name if is_system(name) else TOPOLOGIES[name]


def published_topology(system: str | specs.System) -> specs.Topology:
    """The topology record of ``system``.

    Raises:
        ValueError: when its maker publishes no topology (none recorded, or kind
            "unpublished"), or the record's kind is one this module cannot build.
    """
    sys_ = checks.system("system", system)
    topo = sys_.topology
    if topo is None or topo.kind == "unpublished":
        raise checks.NotPublished(
            f"system={sys_.key!r}: the topology of the {sys_.name}'s scale-up network is "
            f"{NOT_PUBLISHED}, so it has no graph to draw or measure"
        )
    if topo.kind not in PARAMS:
        raise ValueError(
            f"system={sys_.key!r}: topology kind {topo.kind!r} is not one of {list(PARAMS)}"
        )
    return topo


def has_graph(system: str | specs.System) -> bool:
    """Whether ``system``'s topology is published, every count its kind needs with it, so that
    it can be built."""
    system = checks.system("system", system)
    try:
        shape(system)
    except checks.NotPublished:
        return False
    return True


def system_keys(systems: Any = None, *, smallest_first: bool = False) -> tuple[str, ...]:
    """Keys of ``systems`` (the article's two by default; ``helpers.specs.SYSTEMS`` for every
    system) whose graph can be built, in order, or with ``smallest_first`` by the chips of
    their scale-up domain (the NVL72 before the CM384)."""
    chosen = checks.systems("systems", systems)
    if smallest_first:
        chosen = tuple(sorted(chosen, key=lambda s: s.domain_size))
    return tuple(s.key for s in chosen if has_graph(s))


def _value(system: specs.System, param: str, value: Any) -> Any:
    """One parameter's value: a number as is, a figure's name read now (a bandwidth one
    direction), a list of them element by element."""
    if isinstance(value, list | tuple):
        return tuple(_value(system, param, v) for v in value)
    if isinstance(value, str):
        fig = specs.get(value)
        return one_way(fig) if param == "link_bandwidth" else fig.value
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value >= 0:
        return value
    raise ValueError(
        f"system={system.key!r}: topology parameter {param}={value!r} must be a number of at "
        "least 0 or the name of a figure"
    )


def parts(system: str | specs.System) -> dict[str, Any]:
    """The parameters of ``system``'s topology (:data:`PARAMS` of its kind), each read now:
    counts as ints, ``link_bandwidth`` in B/s one direction, ``dims`` a tuple of ints, and the
    words of :data:`TEXT_PARAMS`.

    Raises:
        helpers.checks.NotPublished: for a topology not published, or one whose maker does not
            publish every count its kind needs (listed).
        ValueError: for a parameter that is not a count.
    """
    sys_ = checks.system("system", system)
    topo = published_topology(sys_)
    optional = OPTIONAL_PARAMS[topo.kind]
    missing = [k for k in PARAMS[topo.kind] if k not in topo.params and k not in optional]
    if missing:
        raise checks.NotPublished(
            f"system={sys_.key!r}: its {topo.kind!r} topology is known only in part: {missing} "
            f"{NOT_PUBLISHED}, so it has no graph (a {topo.kind!r} graph needs "
            f"{list(PARAMS[topo.kind])})"
        )
    out: dict[str, Any] = dict(TEXT_PARAMS) | {k: v for k, v in optional.items() if v is not None}
    for key, raw in topo.params.items():
        if key in TEXT_PARAMS:
            out[key] = str(raw)
            continue
        value = _value(sys_, key, raw)
        if key == "link_bandwidth":
            out[key] = float(value)
        elif isinstance(value, tuple):
            out[key] = tuple(int(v) for v in value)
        else:
            out[key] = int(value)
    return out


def _system_shape(name: str | specs.System, options: dict[str, Any]) -> Shape:
    """The :class:`Shape` of a real system (its size fixed by the hardware)."""
    sys_ = system_of(name)
    if options:
        raise ValueError(
            f"options={sorted(options)} are not options of {sys_.key!r}; it takes none"
        )
    kind = published_topology(sys_).kind
    if kind != "torus":
        parts(sys_)  # every count its kind needs is published
        return Shape(sys_.key, sys_.n, kind=kind)
    found = parts(sys_)
    sides = found["dims"]
    if found["cubes"] > 1 and math.prod(sides) * found["cubes"] == sys_.n:
        raise checks.NotPublished(
            f"system={sys_.key!r}: {found['cubes']} tori of {'x'.join(map(str, sides))} chips "
            f"joined by switches its maker does not describe: the {sys_.n:,}-chip torus's "
            f"dimensions are {NOT_PUBLISHED}"
        )
    if not sides or min(sides) < 2 or math.prod(sides) != sys_.n:
        raise ValueError(
            f"system={sys_.key!r}: torus dims={sides} must be sides of at least 2 whose product "
            f"is its {sys_.n} chips"
        )
    return Shape(
        sys_.key,
        sys_.n,
        dims=len(sides),
        kind=kind,
        sides=sides,
        link_bandwidth=_torus_link_bandwidth(sys_, sides),
        medium=_medium(sys_),
    )


def _medium(system: specs.System) -> str:
    """Medium of a system's direct links: optical when its scale-up runs over optics."""
    up = system.scale_up
    return OPTICAL if up is not None and up.medium == "optics" else ELECTRICAL


def _torus_links_per_chip(sides: tuple[int, ...]) -> int:
    """Links at each chip of a torus: two per dimension (both to the one neighbour when the
    side is 2)."""
    return 2 * len(sides)


def _torus_link_bandwidth(system: specs.System, sides: tuple[int, ...]) -> float:
    """B/s one direction per torus link: the topology's ``link_bandwidth``, or the chip's
    scale-up bandwidth shared by its links; NaN when neither is published."""
    given = parts(system).get("link_bandwidth")
    if given is not None:
        return float(given)
    return _shared_bandwidth(system, _torus_links_per_chip(sides))


def _shared_bandwidth(system: specs.System, links: int) -> float:
    """B/s one direction of one of ``links`` links sharing the chip's scale-up bandwidth; NaN
    when that is not published."""
    per_chip = system.chip.scale_up_bandwidth
    return math.nan if per_chip is None else one_way(per_chip) / links


def shape(name: str, n: int | None = None, *, largest: int | None = None, **options: Any) -> Shape:
    """Check the parameters of a topology and return them as a :class:`Shape`.

    Args:
        name: a key of :data:`TOPOLOGIES`, or a system of the registry (its object, key or
            name) whose topology is published.
        n: endpoints; a square ``k*k`` for "torus2d" and a cube ``k**3`` for "torus3d" (k >= 3);
            ignored for a real system.
        link_bandwidth: (abstract topologies) B/s one direction per link; default one UB link of
            the Ascend 910C (``ascend910c.ub_link_bandwidth``).
        medium: (abstract topologies) "optical" (default: each chip in its own box, every link
            leaves it) or "electrical".
        radix: (fat_tree) ports per switch chip, even, at least 4, with ``radix**2/2 >= n`` and
            more than one leaf; default :func:`fat_tree_radix`.
        largest: the most endpoints allowed (default what :func:`build` makes, see
            :data:`MAX_ENDPOINTS`); :func:`formulas` lifts it.

    Raises:
        ValueError: naming the parameter, its value and what is allowed.
    """
    if is_system(name):
        return _system_shape(name, options)
    if name not in TOPOLOGIES:
        raise ValueError(
            f"name={name!r} is not a topology; use one of {list(TOPOLOGIES)} or a system of "
            f"{list(specs.SYSTEMS)}"
        )
    allowed = {"link_bandwidth", "medium"}
    if name == "fat_tree":
        allowed.add("radix")
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise ValueError(
            f"options={unknown} are not options of {name!r}; it takes {sorted(allowed) or 'none'}"
        )
    if n is None:
        raise ValueError(f"n=None: {name!r} needs a number of endpoints n")
    n = checks.whole("n", n)
    low = MIN_ENDPOINTS[name]
    high = largest or (MAX_FULL_MESH if name == "full_mesh" else MAX_ENDPOINTS)
    if not low <= n <= high:
        raise ValueError(f"n={n} is outside [{low}, {high}] for {name!r}")
    bandwidth = options.get("link_bandwidth", one_way(DEFAULT_LINK))
    if not (isinstance(bandwidth, numbers.Real) and math.isfinite(bandwidth) and bandwidth > 0):
        raise ValueError(f"link_bandwidth={bandwidth!r} must be a positive number of B/s")
    medium = options.get("medium", OPTICAL)
    if medium not in MEDIA:
        raise ValueError(f"medium={medium!r} is not one of {MEDIA}")
    common = {"link_bandwidth": float(bandwidth), "medium": medium}
    if name in ("torus2d", "torus3d"):
        dims = 2 if name == "torus2d" else 3
        k = _root(n, dims)
        if not k:
            near = sorted({max(3, round(n ** (1 / dims)) + d) ** dims for d in (-1, 0, 1)})
            raise ValueError(
                f"n={n} is not k**{dims} for a whole k >= 3, as {name!r} needs; near: {near}"
            )
        return Shape(name, n, k=k, dims=dims, **common)
    if name == "ring":
        return Shape(name, n, k=n, dims=1, **common)
    if name == "fat_tree":
        radix = options.get("radix", fat_tree_radix(n))
        radix = checks.whole("radix", radix)
        if radix < 4 or radix % 2:
            raise ValueError(f"radix={radix} must be an even number of ports, at least 4")
        if radix * radix // 2 < n:
            raise ValueError(
                f"radix={radix} holds at most radix**2/2 = {radix * radix // 2} endpoints in "
                f"two levels, fewer than n={n}; use radix >= {fat_tree_radix(n)}"
            )
        if n <= radix // 2:
            raise ValueError(
                f"radix={radix}: n={n} endpoints fit on one leaf switch; use 'switch' or a "
                f"radix below {2 * n}"
            )
        return Shape(name, n, radix=radix, **common)
    return Shape(name, n, **common)


def nearest_size(name: str, n: int) -> int:
    """The number of endpoints of ``name`` nearest ``n`` that :func:`build` accepts (the nearest
    square or cube for a torus, within the allowed range); the fixed size of a real system."""
    if is_system(name):
        return shape(name).n
    if name not in TOPOLOGIES:
        raise ValueError(f"name={name!r} is not a topology; use one of {list(TOPOLOGIES)}")
    n = checks.whole("n", n)
    high = MAX_FULL_MESH if name == "full_mesh" else MAX_ENDPOINTS
    n = min(max(n, MIN_ENDPOINTS[name]), high)
    if name in ("torus2d", "torus3d"):
        dims = 2 if name == "torus2d" else 3
        k = max(3, round(n ** (1 / dims)))
        return min(k**dims, (math.floor(high ** (1 / dims) + 1e-9)) ** dims)
    return n


def valid_sizes(name: str, low: int = 2, high: int = 64) -> list[int]:
    """Every number of endpoints from ``low`` to ``high`` that :func:`build` accepts for the
    abstract topology ``name`` (squares for a 2D torus, cubes for a 3D one): the stops of a size
    slider, so that one arrow press moves to the next size the topology can have."""
    if name not in TOPOLOGIES:
        raise ValueError(f"name={name!r} is not an abstract topology; use one of {DIRECT}, ...")
    low, high = checks.whole("low", low), checks.whole("high", high)
    found = []
    for n in range(max(low, MIN_ENDPOINTS[name]), high + 1):
        if nearest_size(name, n) != n:
            continue
        try:
            shape(name, n)
        except ValueError:
            continue
        found.append(n)
    return found


# ---------------------------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------------------------
def _circle(n: int, radius: float = 1.0) -> list[tuple[float, float]]:
    """Positions of n points on a circle, the first at the top, going clockwise."""
    angles = np.pi / 2 - 2 * np.pi * np.arange(n) / n
    return [(float(radius * np.cos(a)), float(radius * np.sin(a))) for a in angles]


def _spread(count: int, width: float, gap_every: int = 0, gap: float = 0.0) -> list[float]:
    """``count`` x positions over [0, width], with an extra gap after every ``gap_every``."""
    steps = [i + (i // gap_every) * gap if gap_every else float(i) for i in range(count)]
    top = steps[-1] or 1.0
    return [width * s / top for s in steps]


def _endpoints(graph: nx.Graph, positions: Iterable[tuple[float, float]]) -> None:
    for i, pos in enumerate(positions):
        graph.add_node(i, kind=ENDPOINT, pos=pos)


def _link(graph: nx.Graph, u: Any, v: Any, links: int, bandwidth: float, medium: str) -> None:
    graph.add_edge(u, v, links=links, bandwidth=links * bandwidth, medium=medium)


def _build_direct(s: Shape) -> nx.Graph:
    """Ring, tori and full mesh from networkx's generators, endpoints numbered 0..n-1."""
    if s.name == "full_mesh":
        base = nx.complete_graph(s.n)
        positions = _circle(s.n)
    elif s.name == "ring":
        base = nx.cycle_graph(s.n)
        positions = _circle(s.n)
    else:
        grid = nx.grid_graph(dim=[s.k] * s.dims, periodic=True)
        # Sorted coordinates: chip i has coordinates in lexicographic order (first one slowest).
        base = nx.convert_node_labels_to_integers(grid, ordering="sorted", label_attribute="xyz")
        positions = [_torus_pos(base.nodes[i]["xyz"], s.k) for i in range(s.n)]
    graph = nx.Graph()
    _endpoints(graph, positions)
    for u, v in base.edges():
        _link(graph, u, v, 1, s.link_bandwidth, s.medium)
        if s.dims >= 2:
            a, b = base.nodes[u]["xyz"], base.nodes[v]["xyz"]
            graph.nodes[u]["xyz"], graph.nodes[v]["xyz"] = a, b
            # A wrap-around link joins the two borders of the grid (drawn as two stubs).
            graph.edges[u, v]["wrap"] = any(abs(p - q) > 1 for p, q in zip(a, b, strict=True))
    return graph


def _torus_pos(xyz: tuple[int, ...], k: int) -> tuple[float, float]:
    """A 2D torus on its grid; a 3D torus as k grids seen in an oblique projection."""
    if len(xyz) == 2:
        return (float(xyz[1]), float(k - 1 - xyz[0]))
    z, row, col = xyz
    depth = 0.42 * (k + 1)
    return (float(col + depth * z * 0.9), float(k - 1 - row + depth * z * 0.55))


def _build_switch(s: Shape) -> nx.Graph:
    """One switch chip with a link to every endpoint: a star."""
    star = nx.star_graph(s.n)  # node 0 is the centre, 1..n the endpoints
    graph = nx.Graph()
    _endpoints(graph, _circle(s.n))
    hub = ("switch", 0)
    graph.add_node(hub, kind=SWITCH, pos=(0.0, 0.0), level=1)
    for _, leaf in star.edges(0):
        _link(graph, hub, leaf - 1, 1, s.link_bandwidth, s.medium)
    return graph


def _build_fat_tree(s: Shape) -> nx.Graph:
    """Two-level Clos: leaves of radix/2 endpoints, each with one link up to every spine."""
    down = s.radix // 2
    graph = nx.Graph()
    xs = _spread(s.n, 1.0, gap_every=down, gap=0.6)
    _endpoints(graph, [(x, 0.0) for x in xs])
    spine_x = _spread(s.spines, 1.0) if s.spines > 1 else [0.5]
    for j, x in enumerate(spine_x):
        graph.add_node(("spine", j), kind=SWITCH, pos=(x, 2.0), level=2)
    for leaf in range(s.leaves):
        chips = range(leaf * down, min(s.n, (leaf + 1) * down))
        x = float(np.mean([xs[i] for i in chips]))
        graph.add_node(("leaf", leaf), kind=SWITCH, pos=(x, 1.0), level=1)
        for i in chips:
            _link(graph, ("leaf", leaf), i, 1, s.link_bandwidth, s.medium)
        for j in range(s.spines):
            _link(graph, ("leaf", leaf), ("spine", j), 1, s.link_bandwidth, s.medium)
    return graph


def nvl72_parts() -> dict[str, int]:
    """The counts the NVL72 graph is built from (:func:`parts` of "nvl72", in the names
    notebook 05 uses)."""
    p = parts("nvl72")
    return {
        "gpus": p["chips"],
        "compute_trays": p["chip_groups"],
        "switch_trays": p["switch_groups"],
        "switch_chips": p["switches"],
        "links_per_gpu": p["links_per_chip"],
    }


def cm384_parts() -> dict[str, int]:
    """The counts the CM384 graph is built from (:func:`parts` of "cm384", in the names
    notebook 05 uses)."""
    p = parts("cm384")
    renamed = {"chips": "npus", "chips_per_node": "npus_per_node", "racks": "compute_racks"}
    skip = ("link_bandwidth", "links_per_cable", *TEXT_PARAMS)
    return {renamed.get(k, k): v for k, v in p.items() if k not in skip}


def _build_one_level(system: specs.System) -> nx.Graph:
    """Chips each with ``links_per_chip`` links spread evenly over ``switches`` switch chips
    (one to each in the NVL72: 72 B200 GPUs, each with one NVLink 5 link to each of 18 NVSwitch
    chips in 9 trays of 2), chips drawn in their groups (trays), switches in theirs."""
    p = parts(system)
    if p["links_per_chip"] % p["switches"]:
        raise ValueError(
            f"system={system.key!r}: {p['links_per_chip']} links per chip do not spread evenly "
            f"over {p['switches']} switch chips"
        )
    per_switch = p["links_per_chip"] // p["switches"]
    bandwidth = p.get("link_bandwidth", _shared_bandwidth(system, p["links_per_chip"]))
    per_group = max(1, p["chips"] // max(1, p["chip_groups"]))
    per_switch_group = max(1, p["switches"] // max(1, p["switch_groups"]))
    graph = nx.Graph()
    xs = _spread(p["chips"], 1.0, gap_every=per_group, gap=0.8)
    _endpoints(graph, [(x, 0.0) for x in xs])
    for i in range(p["chips"]):
        graph.nodes[i]["tray"] = i // per_group
    for j, x in enumerate(_spread(p["switches"], 1.0, per_switch_group, 1.0)):
        graph.add_node(
            (p["switch_name"], j), kind=SWITCH, pos=(x, 1.0), level=1, tray=j // per_switch_group
        )
        for i in range(p["chips"]):
            _link(graph, i, (p["switch_name"], j), per_switch, bandwidth, _medium(system))
    return graph


def _build_two_level_clos(system: specs.System) -> nx.Graph:
    """Nodes of chips behind first-level (L1) switch chips, joined by planes of second-level (L2)
    ones (the CM384: 48 nodes x 8 Ascend 910C; each node has 7 L1 UB switch chips and each die
    of each NPU has one link to each of them, 2 links per NPU-L1 pair, electrical, inside the
    node. L1 switch j of every node belongs to plane j: it has one optical link up to each of
    the 16 L2 switch chips of that plane)."""
    p = parts(system)
    if p["links_per_die"] != p["l1_per_node"] or p["l1_per_node"] != p["planes"]:
        raise ValueError("specs: UB links per die, L1 switches per node and planes must agree")
    if p["l1_uplinks"] != p["l2_per_plane"] or p["l2_ports"] != p["nodes"]:
        raise ValueError("specs: each L1 switch must reach every L2 chip of its plane once")
    link = p["link_bandwidth"]
    graph = nx.Graph()
    xs = _spread(p["chips"], 1.0, gap_every=p["chips_per_node"], gap=1.5)
    _endpoints(graph, [(x, 0.0) for x in xs])
    nodes_per_rack = p["nodes"] // p["racks"]
    for i in range(p["chips"]):
        graph.nodes[i]["node"] = i // p["chips_per_node"]
        graph.nodes[i]["rack"] = graph.nodes[i]["node"] // nodes_per_rack
    l1_x = _spread(p["planes"] * p["nodes"], 1.0, gap_every=p["nodes"], gap=6.0)
    l2_width = (l1_x[p["nodes"] - 1] - l1_x[0]) * 0.9
    for plane in range(p["planes"]):
        left = l1_x[plane * p["nodes"]]
        centre = (left + l1_x[plane * p["nodes"] + p["nodes"] - 1]) / 2
        for s in range(p["l2_per_plane"]):
            x = centre - l2_width / 2 + l2_width * s / (p["l2_per_plane"] - 1)
            graph.add_node(("L2", plane, s), kind=SWITCH, pos=(x, 2.0), level=2, plane=plane)
    for node in range(p["nodes"]):
        for plane in range(p["planes"]):
            l1 = ("L1", node, plane)
            x = l1_x[plane * p["nodes"] + node]
            graph.add_node(l1, kind=SWITCH, pos=(x, 1.0), level=1, plane=plane, node=node)
            for npu in range(node * p["chips_per_node"], (node + 1) * p["chips_per_node"]):
                _link(graph, npu, l1, p["dies"], link, ELECTRICAL)
            for s in range(p["l2_per_plane"]):
                _link(graph, l1, ("L2", plane, s), 1, link, OPTICAL)
    return graph


def _build_torus(system: specs.System) -> nx.Graph:
    """Chips on a torus of ``dims`` (sides of any length of at least 2, no switches): chip i at
    the coordinates of i in row-major order, one link to each neighbour along each dimension
    (two links, wrap and direct, to the one neighbour of a side of 2)."""
    s = shape(system.key)
    sides = s.sides
    coords = np.array(np.unravel_index(np.arange(s.n), sides)).T
    graph = nx.Graph()
    _endpoints(graph, [_sides_pos(tuple(int(c) for c in xyz), sides) for xyz in coords])
    for i, xyz in enumerate(coords):
        graph.nodes[i]["xyz"] = tuple(int(c) for c in xyz)
    strides = [math.prod(sides[d + 1 :]) for d in range(len(sides))]
    for i, xyz in enumerate(coords):
        for d, k in enumerate(sides):
            j = i + ((xyz[d] + 1) % k - xyz[d]) * strides[d]
            links = 2 if k == 2 else 1
            if k == 2 and xyz[d] == 1:
                continue  # the pair's two links are added once, from its first chip
            _link(graph, i, int(j), links, s.link_bandwidth, s.medium)
            graph.edges[i, int(j)]["wrap"] = k > 2 and xyz[d] == k - 1
    return graph


def _sides_pos(xyz: tuple[int, ...], sides: tuple[int, ...]) -> tuple[float, float]:
    """A torus of any sides drawn as :func:`_torus_pos` draws a k-ary one: its last two
    coordinates on a grid, a third as grids seen in an oblique projection."""
    if len(xyz) == 1:
        angle = np.pi / 2 - 2 * np.pi * xyz[0] / sides[0]
        return (float(np.cos(angle)), float(np.sin(angle)))
    row, col = xyz[-2], xyz[-1]
    y = float(sides[-2] - 1 - row)
    if len(xyz) == 2:
        return (float(col), y)
    depth = 0.42 * (max(sides[-2:]) + 1)
    z = sum(c * math.prod(sides[1 : d + 1]) for d, c in enumerate(xyz[:-2]))
    return (float(col + depth * z * 0.9), float(y + depth * z * 0.55))


_BUILDERS: dict[str, Callable[[Shape], nx.Graph]] = {
    "ring": _build_direct,
    "torus2d": _build_direct,
    "torus3d": _build_direct,
    "full_mesh": _build_direct,
    "switch": _build_switch,
    "fat_tree": _build_fat_tree,
}
#: How each kind of :class:`helpers.specs.Topology` is built.
_SYSTEM_BUILDERS: dict[str, Callable[[specs.System], nx.Graph]] = {
    "one_level": _build_one_level,
    "two_level_clos": _build_two_level_clos,
    "torus": _build_torus,
}


def build(name: str | specs.System, n: int | None = None, **options: Any) -> nx.Graph:
    """A topology as a networkx graph (see the module docstring for its attributes).

    Args:
        name: "ring", "torus2d" (n = k*k), "torus3d" (n = k**3, k >= 3), "full_mesh" (every chip
            linked to every other), "switch" (one switch chip), "fat_tree" (two-level Clos), or a
            real system of the registry, its object or key ("nvl72", "cm384"...; ``n`` ignored),
            built from its :class:`helpers.specs.Topology` ("one_level", "two_level_clos",
            "torus").
        n: number of endpoints (chips).
        **options: see :func:`shape` (``link_bandwidth``, ``medium``, ``radix``).

    The graph's ``graph`` dict holds ``topology`` (the name, or the system's key), ``label``,
    ``n`` and ``shape``, ``endpoint_transitive`` when every endpoint sees the same network (so
    hop counts from one endpoint are those from all), and ``links_per_cable``: the logical
    optical links one physical cable carries (the topology's ``links_per_cable``, 2 for the
    CM384, 1 elsewhere).

    Raises:
        ValueError: for an unknown name or option, a size the topology cannot have, or a
            system whose topology is not published.
    """
    s = shape(name, n, **options)
    if s.kind:
        system = system_of(s.name)
        graph = _SYSTEM_BUILDERS[s.kind](system)
        per_cable = parts(system).get("links_per_cable", 1)
        label_text, full_leaves = system.name, True
    else:
        graph = _BUILDERS[s.name](s)
        per_cable, label_text = 1, TOPOLOGIES[s.name]
        full_leaves = s.name != "fat_tree" or s.n % (s.radix // 2) == 0
    graph.graph.update(
        topology=s.name,
        label=label_text,
        n=s.n,
        shape=s,
        endpoint_transitive=full_leaves,
        links_per_cable=per_cable,
    )
    return graph


def _cache_key(name: str | specs.System, n: int | None) -> tuple[str, int | None]:
    """A system by its key with no size; an abstract topology by its name and size."""
    key = _system_key(name)
    return (key, None) if key is not None else (name, n)  # type: ignore[return-value]


@lru_cache(maxsize=32)
def _cached_graph(name: str, n: int | None, options: tuple[tuple[str, Any], ...]) -> nx.Graph:
    return nx.freeze(build(name, n, **dict(options)))


def cached_build(name: str, n: int | None = None, **options: Any) -> nx.Graph:
    """:func:`build`, made once per set of arguments and frozen (read-only): for drawings and
    widgets that show the same topology again and again."""
    return _cached_graph(*_cache_key(name, n), tuple(sorted(options.items())))


# ---------------------------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------------------------
def endpoints(graph: nx.Graph) -> list[Any]:
    """The endpoint nodes of ``graph``, in node order."""
    return [v for v, kind in graph.nodes(data="kind") if kind == ENDPOINT]


def _check_graph(graph: object) -> nx.Graph:
    if not isinstance(graph, nx.Graph) or graph.is_directed() or graph.is_multigraph():
        raise ValueError(f"graph={graph!r} must be an undirected networkx.Graph (not multi)")
    kinds = {kind for _, kind in graph.nodes(data="kind")}
    if not kinds <= {ENDPOINT, SWITCH}:
        raise ValueError(
            f"graph has node kinds {sorted(map(str, kinds))}; allowed: endpoint, switch"
        )
    if len(endpoints(graph)) < 2:
        raise ValueError("graph has fewer than 2 endpoints; metrics need at least 2")
    if not nx.is_connected(graph):
        raise ValueError("graph is not connected; every endpoint must reach every other")
    return graph


def hop_counts(graph: nx.Graph) -> tuple[int, float]:
    """Diameter and mean of the shortest-path lengths (in links) between distinct endpoints.

    Breadth-first search from every endpoint (networkx), or from one endpoint when the graph is
    marked ``endpoint_transitive`` (every endpoint then sees the same distances).
    """
    ends = endpoints(graph)
    sources = ends[:1] if graph.graph.get("endpoint_transitive") else ends
    longest, total, pairs = 0, 0, 0
    for source in sources:
        lengths = nx.single_source_shortest_path_length(graph, source)
        hops = [lengths[t] for t in ends if t != source]
        longest = max(longest, max(hops))
        total += sum(hops)
        pairs += len(hops)
    return longest, total / pairs


def _cut(graph: nx.Graph, side: Iterable[Any]) -> tuple[int, float]:
    side = set(side)
    return (
        int(nx.cut_size(graph, side, weight="links")),
        float(nx.cut_size(graph, side, weight="bandwidth")),
    )


def witness(graph: nx.Graph) -> list[Any]:
    """A balanced cut: the first half of the endpoints (every switch on the other side).

    Endpoints are numbered so that this is the closed-form cut: half of a ring, the half of a
    torus below the middle of its first coordinate, half the chips of a switched network; for
    a torus system, the half below the middle of its longest (even) side.
    """
    ends = endpoints(graph)
    s: Shape | None = graph.graph.get("shape")
    if s is not None and s.sides and max(s.sides) % 2 == 0:
        d, half = s.sides.index(max(s.sides)), max(s.sides) // 2
        return [v for v in ends if graph.nodes[v]["xyz"][d] < half]  # across the longest side
    return ends[: len(ends) // 2]


def exact_bisection(graph: nx.Graph) -> tuple[int, float]:
    """The minimum bisection, exactly: the fewest links (and, separately, the least bandwidth)
    across any split of all nodes that puts half the endpoints on each side (floor and ceiling
    for an odd count). Switches may go to either side.

    Enumerates all 2**(N-1) splits of the N nodes with numpy, so ``N`` is limited to
    :data:`EXACT_MAX_NODES`.

    Raises:
        ValueError: if the graph has more nodes than that.
    """
    nodes = list(graph)
    size = len(nodes)
    if len(endpoints(graph)) < 2:
        raise ValueError("graph has fewer than 2 endpoints; a bisection needs two halves")
    if size > EXACT_MAX_NODES:
        raise ValueError(
            f"graph has {size} nodes; an exact bisection enumerates 2**(N-1) splits, so N must "
            f"be at most {EXACT_MAX_NODES}"
        )
    index = {v: i for i, v in enumerate(nodes)}
    ends = np.array([index[v] for v in endpoints(graph)])
    low, high = len(ends) // 2, len(ends) - len(ends) // 2
    eu = np.array([index[u] for u, _ in graph.edges()])
    ev = np.array([index[v] for _, v in graph.edges()])
    links = np.array([d["links"] for *_, d in graph.edges(data=True)], dtype=np.int64)
    bandwidth = np.array([d["bandwidth"] for *_, d in graph.edges(data=True)], dtype=float)
    best_links, best_bandwidth = math.inf, math.inf
    total = 1 << (size - 1)  # node 0 stays on side 0: each split is counted once
    chunk = 1 << 16
    shifts = np.arange(size, dtype=np.int64)
    for start in range(0, total, chunk):
        masks = np.arange(start, min(total, start + chunk), dtype=np.int64) << 1
        bits = ((masks[:, None] >> shifts) & 1).astype(np.int8)
        on_one = bits[:, ends].sum(axis=1)
        bits = bits[(on_one == low) | (on_one == high)]
        if len(bits):
            crossing = bits[:, eu] ^ bits[:, ev]
            best_links = min(best_links, int((crossing @ links).min()))
            best_bandwidth = min(best_bandwidth, float((crossing @ bandwidth).min()))
    return int(best_links), float(best_bandwidth)


def _closed_form(graph: nx.Graph) -> tuple[int, float, str] | None:
    """The known bisection of a topology as build() made it, or None where none is used."""
    s: Shape | None = graph.graph.get("shape")
    if s is None:
        return None
    if s.kind == "torus":
        k = max(s.sides)
        if k % 2:
            return None
        links = 2 * s.n // k
        return (
            links,
            links * s.link_bandwidth,
            f"closed form: 2n/k links for the longest side k={k} (even)",
        )
    if s.name == "ring":
        return 2, 2 * s.link_bandwidth, "closed form: 2 links for any ring"
    if s.name in ("torus2d", "torus3d"):
        if s.k % 2:
            return None
        links = 2 * s.k ** (s.dims - 1)
        power = "" if s.dims == 2 else "^2"
        return links, links * s.link_bandwidth, f"closed form: 2k{power} links for even k (k={s.k})"
    if s.name == "full_mesh":
        links = (s.n // 2) * (s.n - s.n // 2)
        return links, links * s.link_bandwidth, "closed form: floor(n/2) x ceil(n/2) links"
    # Switched and non-blocking (every switch has at least as many links up as down): any
    # balanced split can be routed over edge-disjoint paths, so the cheapest cut is the links of
    # the chips of one half.
    ends = endpoints(graph)
    ports = graph.degree(ends[0], weight="links")
    bandwidth = graph.degree(ends[0], weight="bandwidth")
    half = s.n // 2
    text = "closed form (non-blocking switched network): floor(n/2) chips x their links"
    return half * ports, half * bandwidth, text


def _upper_bound(graph: nx.Graph) -> tuple[int, float, str]:
    """The best of two balanced cuts: the first half of the endpoints and, where every node is an
    endpoint, networkx's Kernighan-Lin bisection. An upper bound on the minimum bisection."""
    best = _cut(graph, witness(graph))
    if all(kind == ENDPOINT for _, kind in graph.nodes(data="kind")):
        side, _ = nx.community.kernighan_lin_bisection(graph, weight="links", seed=0)
        best = min(best, _cut(graph, side))
    text = "upper bound: best of a slab cut and networkx's Kernighan-Lin bisection"
    return best[0], best[1], text


def bisection(graph: nx.Graph, mode: BisectionMode = "auto") -> tuple[int, float, str]:
    """Bisection links, bisection bandwidth (B/s one direction) and how they were found.

    ``mode="auto"`` uses the closed form of a topology as :func:`build` made it, else the exact
    enumeration for graphs of at most :data:`EXACT_MAX_NODES` nodes, else an upper bound (labelled
    so). ``"exact"``, ``"closed_form"`` and ``"upper_bound"`` force one way.
    """
    if mode not in ("auto", "exact", "closed_form", "upper_bound"):
        raise ValueError(
            f"mode={mode!r} is not one of 'auto', 'exact', 'closed_form', 'upper_bound'"
        )
    closed = _closed_form(graph) if mode in ("auto", "closed_form") else None
    if closed is not None:
        return closed
    if mode == "closed_form":
        raise ValueError(f"graph {graph.graph.get('label', '')!r} has no closed form used here")
    if mode == "exact" or (mode == "auto" and graph.number_of_nodes() <= EXACT_MAX_NODES):
        links, bandwidth = exact_bisection(graph)
        return links, bandwidth, "exact: minimum over every split that halves the endpoints"
    return _upper_bound(graph)


def optical_links(graph: nx.Graph) -> int:
    """Logical optical links of ``graph``: its optical edges, each counted with its ``links``."""
    return int(sum(d["links"] for *_, d in graph.edges(data=True) if d["medium"] == OPTICAL))


def optical_cables(graph: nx.Graph) -> int:
    """Physical optical cables of ``graph``: its logical optical links over the links one cable
    carries (``graph.graph["links_per_cable"]``, 1 unless the graph says otherwise)."""
    per_cable = int(graph.graph.get("links_per_cable", 1))
    links = optical_links(graph)
    if per_cable < 1 or links % per_cable:
        raise ValueError(
            f"links_per_cable={per_cable} does not divide the graph's {links} optical links"
        )
    return links // per_cable


def transceivers(graph: nx.Graph) -> int:
    """Optical modules (transceivers) of ``graph``: two per optical cable, one at each end
    (:data:`TRANSCEIVER_RULE`); electrical links have none."""
    return 2 * optical_cables(graph)


def metrics(graph: nx.Graph, *, bisection_mode: BisectionMode = "auto") -> dict[str, Any]:
    """What a topology costs and what it gives, as a dict.

    Keys (hops in links between endpoints; bandwidths in B/s one direction):
        ``endpoints``, ``switches``, ``links`` (physical links), ``diameter``, ``mean_hops``,
        ``bisection_links``, ``bisection_bandwidth``, ``bisection_method`` (exact, closed form
        or upper bound, in words), ``links_per_endpoint`` (all links / endpoints),
        ``ports_per_endpoint`` (links at one chip), ``endpoint_bandwidth`` (what one chip can
        send, all its links together), ``optical_links`` (logical links of the graph),
        ``optical_cables`` (physical cables), ``transceivers`` (modules, two per cable),
        ``transceivers_per_endpoint`` and ``transceiver_rule`` (the counting rule, in words).

    Raises:
        ValueError: for a graph that is not an undirected, connected networkx.Graph with
            endpoints and switches, or an unknown mode.
    """
    graph = _check_graph(graph)
    ends = endpoints(graph)
    diameter, mean_hops = hop_counts(graph)
    cut_links, cut_bandwidth, method = bisection(graph, bisection_mode)
    links = int(sum(d["links"] for *_, d in graph.edges(data=True)))
    modules = transceivers(graph)
    per_cable = int(graph.graph.get("links_per_cable", 1))
    rule = TRANSCEIVER_RULE
    if per_cable > 1:
        rule += f"; {per_cable} logical links of the graph per optical cable"
    return {
        "endpoints": len(ends),
        "switches": graph.number_of_nodes() - len(ends),
        "links": links,
        "diameter": diameter,
        "mean_hops": mean_hops,
        "bisection_links": cut_links,
        "bisection_bandwidth": cut_bandwidth,
        "bisection_method": method,
        "links_per_endpoint": links / len(ends),
        "ports_per_endpoint": sum(d for _, d in graph.degree(ends, weight="links")) / len(ends),
        "endpoint_bandwidth": sum(d for _, d in graph.degree(ends, weight="bandwidth")) / len(ends),
        "optical_links": optical_links(graph),
        "optical_cables": optical_cables(graph),
        "transceivers": modules,
        "transceivers_per_endpoint": modules / len(ends),
        "transceiver_rule": rule,
    }


@lru_cache(maxsize=64)
def _cached_metrics(
    name: str, n: int | None, options: tuple[tuple[str, Any], ...]
) -> dict[str, Any]:
    return metrics(_cached_graph(name, n, options))


def cached_metrics(name: str, n: int | None = None, **options: Any) -> dict[str, Any]:
    """:func:`metrics` of :func:`build`'s graph, computed once per set of arguments (a copy is
    returned, so callers may change it): the real systems are measured once per session."""
    return dict(_cached_metrics(*_cache_key(name, n), tuple(sorted(options.items()))))


# ---------------------------------------------------------------------------------------------
# Closed forms, for the growth curves
# ---------------------------------------------------------------------------------------------
def formulas(name: str, n: int | None = None, **options: Any) -> dict[str, Any]:
    """Endpoints, switches, links, links at each chip (``ports_per_endpoint``), diameter and
    bisection links of a topology from textbook closed forms, without building the graph (so
    for any size).

    ring of n: n links, diameter floor(n/2), bisection 2. k-ary d-cube torus (d = 2, 3): d k^d
    links, diameter d floor(k/2), bisection 2 k^(d-1) for even k (for odd k, the slab cut
    2 k^(d-1) + 2 k^(d-2) + ... + 2, an upper bound). Full mesh: n(n-1)/2 links, diameter 1,
    bisection floor(n/2) ceil(n/2). Switched networks: diameter 2 per switch level (2, or 4 for a
    fat tree or the CM384), bisection floor(n/2) x links per chip. ``bisection_exact`` says
    whether the bisection is the minimum (True) or an upper bound (False).
    """
    s = shape(name, n, largest=10**9, **options)
    exact = True
    if s.name in ("ring", "torus2d", "torus3d"):
        switches, ports, diameter = 0, 2 * s.dims, s.dims * (s.k // 2)
        exact = s.dims == 1 or s.k % 2 == 0
        cut = 2 * s.k ** (s.dims - 1) if exact else sum(2 * s.k**j for j in range(s.dims))
        links = s.dims * s.n
    elif s.name == "full_mesh":
        switches, ports, links, diameter = 0, s.n - 1, pairs(s.n), 1
        cut = (s.n // 2) * (s.n - s.n // 2)
    elif s.name == "switch":
        switches, ports, links, diameter, cut = 1, 1, s.n, 2, s.n // 2
    elif s.name == "fat_tree":
        switches, ports, diameter, cut = s.leaves + s.spines, 1, 4, s.n // 2
        links = s.n + s.leaves * s.spines
    elif s.kind == "one_level":
        p = parts(s.name)
        switches, ports, diameter = p["switches"], p["links_per_chip"], 2
        links, cut = p["chips"] * ports, (p["chips"] // 2) * ports
    elif s.kind == "two_level_clos":
        p = parts(s.name)
        l1 = p["nodes"] * p["l1_per_node"]
        switches, ports, diameter = (
            l1 + p["planes"] * p["l2_per_plane"],
            p["dies"] * p["links_per_die"],
            4,
        )
        links, cut = p["chips"] * ports + l1 * p["l1_uplinks"], (p["chips"] // 2) * ports
    else:  # a torus system of any sides
        switches, ports, links = 0, _torus_links_per_chip(s.sides), s.dims * s.n
        diameter, cut, exact = torus_closed_form(s.sides)
    return {
        "endpoints": s.n,
        "switches": switches,
        "links": links,
        "ports_per_endpoint": ports,
        "diameter": diameter,
        "bisection_links": cut,
        "bisection_exact": exact,
    }


def torus_closed_form(sides: tuple[int, ...]) -> tuple[int, int, bool]:
    """Diameter, bisection links and whether that bisection is the minimum, for a torus with
    ``sides`` chips along its dimensions (each at least 2; a side of 2 joins its pair by two
    links): diameter sum(floor(k/2)); bisection 2n/k across the longest side k when k is even
    (the minimum), else the slab cut 2n/k1 + 2n/(k1 k2) + ... + 2 over the sides from the
    longest (an upper bound)."""
    sides = tuple(checks.whole("sides", k, 2) for k in sides)
    n = math.prod(sides)
    diameter = sum(k // 2 for k in sides)
    longest = max(sides)
    if longest % 2 == 0:
        return diameter, 2 * n // longest, True
    ordered = sorted(sides, reverse=True)
    cut = sum(2 * n // math.prod(ordered[: j + 1]) for j in range(len(ordered)))
    return diameter, cut, False


def sizes(name: str, low: int = 8, high: int = MAX_ENDPOINTS, per_decade: int = 4) -> list[int]:
    """Sizes between ``low`` and ``high`` (about ``per_decade`` per factor of 10, distinct, valid
    for ``name``: even-k squares and cubes for the tori), for growth curves."""
    if name not in TOPOLOGIES:
        raise ValueError(f"name={name!r} is not an abstract topology; use one of {DIRECT}, ...")
    targets = np.geomspace(low, high, max(2, round(per_decade * math.log10(high / low)) + 1))
    found: list[int] = []
    for t in targets:
        if name in ("torus2d", "torus3d"):
            dims = 2 if name == "torus2d" else 3
            k = max(4, 2 * round(t ** (1 / dims) / 2))
            size = k**dims
        else:
            size = max(MIN_ENDPOINTS[name], round(t))
        if low <= size <= high and size not in found:
            found.append(size)
    return found


# ---------------------------------------------------------------------------------------------
# Paths between two chips, and what lies beyond the domain
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    """The shortest way between two chips.

    Attributes:
        source, target: the two endpoints.
        path: one shortest path (networkx's), endpoints included.
        hops: its length in links.
        switches: the switch chips it crosses.
        paths: how many shortest paths there are (the path diversity).
    """

    source: int
    target: int
    path: tuple[Any, ...]
    hops: int
    switches: tuple[Any, ...]
    paths: int


def route(graph: nx.Graph, source: int, target: int) -> Route:
    """The shortest path between chips ``source`` and ``target`` (endpoint numbers), with the
    switches it crosses and the number of shortest paths (networkx's ``all_shortest_paths``).

    Raises:
        ValueError: if either is not an endpoint of ``graph``.
    """
    for label, chip in (("source", source), ("target", target)):
        if graph.nodes.get(chip, {}).get("kind") != ENDPOINT:
            raise ValueError(
                f"{label}={chip!r} is not an endpoint; use 0 .. {graph.graph['n'] - 1}"
            )
    path = tuple(nx.shortest_path(graph, source, target))
    count = sum(1 for _ in nx.all_shortest_paths(graph, source, target))
    switches = tuple(v for v in path if graph.nodes[v]["kind"] == SWITCH)
    return Route(source, target, path, len(path) - 1, switches, count)


def spec_figures() -> tuple[Figure, ...]:
    """Every :mod:`helpers.specs` figure the two real systems' graphs and the domain model use
    (for a notebook's list of sources)."""
    names = (
        "nvl72.chips",
        "nvl72.compute_trays",
        "nvl72.switch_trays",
        "nvl72.nvswitch_chips",
        "b200.nvlink_links",
        "b200.nvlink_link_bandwidth",
        "b200.scale_up_bandwidth",
        "b200.scale_out_bandwidth",
        "cm384.chips",
        "cm384.nodes",
        "cm384.npus_per_node",
        "cm384.ub_l1_switches_per_node",
        "cm384.ub_planes",
        "cm384.ub_l2_switches_per_plane",
        "cm384.ub_l2_switch_ports",
        "cm384.ub_l1_uplinks",
        "cm384.compute_racks",
        "cm384.switch_racks",
        "cm384.transceivers_scale_up",
        "cm384.optical_cables_scale_up",
        "cm384.ub_optical_ports_per_node",
        "ascend910c.dies",
        "ascend910c.ub_links_per_die",
        "ascend910c.ub_link_bandwidth",
        "ascend910c.scale_up_bandwidth",
        "ascend910c.scale_out_bandwidth",
    )
    return tuple(specs.get(name) for name in names)


def bandwidth_per_chip(name: str | specs.System, chips: int) -> float:
    """Bisection bandwidth per chip (B/s, one direction) of a job of ``chips`` chips on the real
    system ``name``: half the job sending to the other half, each chip at this rate.

    Model: inside one scale-up domain (``chips`` up to its size) the network is non-blocking, so
    each chip keeps its full scale-up bandwidth (the measured bisection of the domain divided by
    half its chips). A larger job spans several domains; the balanced cut then runs between
    domains, where only the scale-out network (one NIC per chip, non-blocking fabric assumed)
    joins them, so each chip gets its scale-out bandwidth.
    """
    chips = checks.whole("chips", chips)
    if chips < 2:
        raise ValueError(f"chips={chips} must be at least 2 (a bisection needs two halves)")
    system = system_of(name)
    if chips <= system.domain_size:
        m = cached_metrics(system.key)
        return m["bisection_bandwidth"] / (m["endpoints"] // 2)
    if system.chip.scale_out_bandwidth is None:
        raise checks.NotPublished(
            f"name={system.key!r}: the scale-out bandwidth of the {system.chip.name} is "
            f"{NOT_PUBLISHED}, so a job beyond one domain has no bandwidth to show"
        )
    return one_way(system.chip.scale_out_bandwidth)


def full_mesh_max_chips(ports: int) -> int:
    """The largest full mesh a chip with ``ports`` links can join: ports + 1 chips."""
    ports = checks.whole("ports", ports)
    if ports < 1:
        raise ValueError(f"ports={ports} must be at least 1")
    return ports + 1


def pairs(n: int) -> int:
    """Pairs of distinct chips among ``n``: n(n-1)/2 (the links a full mesh needs)."""
    n = checks.whole("n", n)
    if n < 0:
        raise ValueError(f"n={n} must be at least 0")
    return math.comb(n, 2)


__all__ = [
    "DIRECT",
    "MEDIA",
    "NOT_PUBLISHED",
    "PARAMS",
    "TOPOLOGIES",
    "TRANSCEIVER_RULE",
    "Route",
    "Shape",
    "bandwidth_per_chip",
    "bisection",
    "build",
    "cached_build",
    "cached_metrics",
    "cm384_parts",
    "endpoints",
    "exact_bisection",
    "fat_tree_radix",
    "formulas",
    "full_mesh_max_chips",
    "has_graph",
    "hop_counts",
    "is_system",
    "label",
    "metrics",
    "nearest_size",
    "nvl72_parts",
    "one_way",
    "optical_cables",
    "optical_links",
    "pairs",
    "parts",
    "published_topology",
    "route",
    "shape",
    "sizes",
    "spec_figures",
    "system_keys",
    "system_of",
    "torus_closed_form",
    "transceivers",
    "valid_sizes",
    "witness",
]
