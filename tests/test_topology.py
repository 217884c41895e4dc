"""Topologies: graphs as networkx builds them, metrics against networkx and textbook values,
closed forms against exact enumeration, the two real systems against helpers.specs."""

import math
import re

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import plots, specs, topology
from helpers.widgets import topology as wt

#: The article's two systems, built from their topology records beside the abstract topologies.
ARTICLE_SYSTEMS = tuple(s.key for s in specs.ARTICLE_PAIR.systems)
EVERY = [*topology.TOPOLOGIES, *ARTICLE_SYSTEMS]

SMALL = [  # (name, n) small enough for the exact bisection (at most 22 nodes)
    *[("ring", n) for n in range(3, 17)],
    ("torus2d", 9),
    ("torus2d", 16),
    *[("full_mesh", n) for n in range(2, 13)],
    *[("switch", n) for n in range(2, 17)],
    *[("fat_tree", n) for n in range(3, 15)],
    ("fat_tree", 9),
]


def _all_pairs(graph):
    """Diameter and mean hops between endpoints from every endpoint (no symmetry shortcut)."""
    ends = topology.endpoints(graph)
    lengths = dict(nx.all_pairs_shortest_path_length(graph))
    hops = [lengths[a][b] for a in ends for b in ends if a != b]
    return max(hops), sum(hops) / len(hops)


# ---------------------------------------------------------------------------------------------
# Textbook values
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [3, 4, 5, 8, 13, 16, 64])
def test_ring_bisection_is_2_and_diameter_is_half_n(n):
    graph = topology.build("ring", n)
    m = topology.metrics(graph)
    assert m["bisection_links"] == 2
    assert m["diameter"] == n // 2 == nx.diameter(graph)
    assert m["mean_hops"] == pytest.approx(nx.average_shortest_path_length(graph))


@pytest.mark.parametrize("k", [4, 6, 8, 16])
def test_torus_of_even_side_has_bisection_2k_and_diameter_k(k):
    graph = topology.build("torus2d", k * k)
    m = topology.metrics(graph)
    assert m["bisection_links"] == 2 * k
    assert m["diameter"] == k == nx.diameter(graph)
    assert m["mean_hops"] == pytest.approx(nx.average_shortest_path_length(graph))
    assert m["bisection_method"].startswith("closed form")


@pytest.mark.parametrize("n", [2, 4, 6, 8, 10, 12, 64])
def test_full_mesh_of_even_n_cuts_n_squared_over_4(n):
    m = topology.metrics(topology.build("full_mesh", n))
    assert m["bisection_links"] == n * n // 4
    assert m["diameter"] == 1 and m["mean_hops"] == 1
    assert m["links"] == n * (n - 1) // 2


def test_3d_torus_of_even_side():
    graph = topology.build("torus3d", 64)
    m = topology.metrics(graph)
    assert (m["diameter"], m["bisection_links"], m["links"]) == (6, 2 * 4**2, 3 * 64)
    assert m["diameter"] == nx.diameter(graph)


# ---------------------------------------------------------------------------------------------
# Closed forms against exact enumeration and against networkx
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "n"), SMALL, ids=[f"{a}-{b}" for a, b in SMALL])
def test_closed_form_equals_the_exact_minimum_bisection(name, n):
    graph = topology.build(name, n)
    exact = topology.bisection(graph, "exact")
    assert exact[2].startswith("exact")
    auto = topology.bisection(graph)
    assert auto[:2] == pytest.approx(exact[:2])
    formula = topology.formulas(name, n)
    if formula["bisection_exact"]:
        assert formula["bisection_links"] == exact[0]
    else:  # odd torus: the slab cut is an upper bound (and here it is the minimum)
        assert formula["bisection_links"] >= exact[0]


@pytest.mark.parametrize(
    ("name", "n"),
    [
        ("ring", 1000),
        ("torus2d", 32 * 32),
        ("torus3d", 8**3),
        ("full_mesh", 100),
        ("switch", 500),
        ("fat_tree", 512),
        ("nvl72", None),
        ("cm384", None),
    ],
)
def test_closed_form_is_the_cut_of_its_witness(name, n):
    """Where only the closed form can run, the cut it names exists: networkx measures it."""
    graph = topology.cached_build(name, n)
    links, bandwidth, _ = topology.bisection(graph, "closed_form")
    side = topology.witness(graph)
    assert nx.cut_size(graph, side, weight="links") == links
    assert nx.cut_size(graph, side, weight="bandwidth") == pytest.approx(bandwidth)


@pytest.mark.parametrize(
    ("name", "n"),
    [
        *SMALL[::3],
        ("torus2d", 25),
        ("torus2d", 64),
        ("torus3d", 27),
        ("torus3d", 64),
        ("fat_tree", 40),
        ("nvl72", None),
        ("cm384", None),
    ],
)
def test_formulas_match_the_measured_graph(name, n):
    graph = topology.cached_build(name, n)
    m = topology.cached_metrics(name, n)
    f = topology.formulas(name, n)
    for key in ("endpoints", "switches", "links", "ports_per_endpoint", "diameter"):
        assert f[key] == m[key], key
    if f["bisection_exact"]:
        assert f["bisection_links"] == m["bisection_links"]
    else:
        assert m["bisection_links"] <= f["bisection_links"]
    assert m["links"] == graph.size(weight="links")


@pytest.mark.parametrize(
    ("name", "n"),
    [("fat_tree", 10), ("fat_tree", 40), ("switch", 9), ("nvl72", None), ("cm384", None)],
)
def test_hop_counts_from_one_endpoint_equal_those_from_all(name, n):
    graph = topology.cached_build(name, n)
    assert topology.hop_counts(graph) == pytest.approx(_all_pairs(graph))


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(["ring", "torus2d", "torus3d", "full_mesh", "switch", "fat_tree"]),
    size=st.integers(3, 80),
)
def test_any_size_measures_like_networkx(name, size):
    n = topology.nearest_size(name, size)
    graph = topology.build(name, n)
    m = topology.metrics(graph)
    assert (m["diameter"], m["mean_hops"]) == pytest.approx(_all_pairs(graph))
    links = topology.bisection(graph)[0]
    assert links <= nx.cut_size(graph, topology.witness(graph), weight="links")
    assert m["endpoints"] == n and m["links"] == graph.size(weight="links")


def test_odd_torus_gets_a_labelled_upper_bound():
    m = topology.metrics(topology.build("torus2d", 49))
    assert m["bisection_method"].startswith("upper bound")
    assert 2 * 7 <= m["bisection_links"] <= topology.formulas("torus2d", 49)["bisection_links"]
    assert topology.formulas("torus3d", 27)["bisection_exact"] is False


def test_exact_bisection_lets_switches_take_either_side():
    """Two chips hang off each of two switches joined by one link: cutting that link (1) beats
    cutting chips' links (2)."""
    graph = nx.Graph()
    for i, hub in enumerate(["a", "a", "b", "b"]):
        graph.add_node(i, kind="endpoint")
        graph.add_edge(i, hub, links=1, bandwidth=1.0, medium="optical")
    graph.nodes["a"]["kind"] = graph.nodes["b"]["kind"] = "switch"
    graph.add_edge("a", "b", links=1, bandwidth=1.0, medium="optical")
    assert topology.exact_bisection(graph) == (1, 1.0)
    m = topology.metrics(graph)
    assert (m["diameter"], m["bisection_links"], m["switches"]) == (3, 1, 2)


# ---------------------------------------------------------------------------------------------
# Graph attributes and the real systems
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", EVERY)
def test_every_node_has_a_kind_and_position_and_every_edge_its_attributes(name):
    n = None if topology.is_system(name) else topology.nearest_size(name, 16)
    graph = topology.build(name, n)
    assert topology.endpoints(graph) == list(range(graph.graph["n"]))
    for _, data in graph.nodes(data=True):
        assert data["kind"] in ("endpoint", "switch") and len(data["pos"]) == 2
    for *_, data in graph.edges(data=True):
        assert data["links"] >= 1 and data["bandwidth"] > 0 and data["medium"] in topology.MEDIA


def test_nvl72_from_specs():
    graph = topology.cached_build("nvl72")
    m = topology.cached_metrics("nvl72")
    switches = int(specs.get("nvl72.nvswitch_chips").value)
    links = int(specs.get("b200.nvlink_links").value)
    assert (m["endpoints"], m["switches"], m["links"]) == (specs.NVL72.n, switches, 72 * links)
    assert all(graph.degree(("NVSwitch", j)) == specs.NVL72.n for j in range(switches))
    assert m["diameter"] == 2 and m["mean_hops"] == 2
    assert m["endpoint_bandwidth"] == pytest.approx(specs.B200.scale_up_bandwidth.value)
    assert m["bisection_bandwidth"] == pytest.approx(36 * specs.B200.scale_up_bandwidth.value)
    assert m["optical_links"] == m["transceivers"] == 0  # copper NVLink inside the rack


def test_cm384_from_specs_counts_links_cables_and_modules_by_their_rules():
    graph = topology.cached_build("cm384")
    m = topology.cached_metrics("cm384")
    assert (m["endpoints"], m["switches"], m["diameter"]) == (384, 336 + 112, 4)
    assert m["endpoint_bandwidth"] == pytest.approx(specs.ASCEND_910C.scale_up_bandwidth.value)
    assert m["bisection_bandwidth"] == pytest.approx(
        192 * specs.ASCEND_910C.scale_up_bandwidth.value
    )
    assert m["optical_links"] == specs.get("cm384.ub_optical_links").value
    ports = int(specs.get("cm384.ub_l2_switch_ports").value)
    l2 = [v for v in graph if isinstance(v, tuple) and v[0] == "L2"]
    assert len(l2) == 112 and all(graph.degree(v) == ports for v in l2)
    # 5,376 logical links of the graph run two to a cable: 2,688 cables (the wiring scheme's
    # 48 nodes x 56 ports), a module at each end: SemiAnalysis's 5,376 modules, 14 per NPU.
    cables = specs.get("cm384.nodes").value * specs.get("cm384.ub_optical_ports_per_node").value
    assert m["optical_cables"] == cables == specs.get("cm384.optical_cables_scale_up").value
    assert m["optical_links"] == 2 * m["optical_cables"]
    assert m["transceivers"] == 2 * m["optical_cables"]
    assert m["transceivers"] == specs.get("cm384.transceivers_scale_up").value
    assert m["transceivers_per_endpoint"] == 14
    assert "each end" in m["transceiver_rule"] and "2 logical links" in m["transceiver_rule"]
    # One cable carries two logical links of 28 GB/s (56 GB/s), more than a 400G module's
    # 50 GB/s each way: the paper's 392 GB/s per NPU against SemiAnalysis's 350 GB/s.
    per_cable = 2 * specs.get("ascend910c.ub_link_bandwidth").value
    assert per_cable > specs.get("cm384.transceiver_rate").value
    npu = m["optical_links"] / 384 * specs.get("ascend910c.ub_link_bandwidth").value
    assert npu == pytest.approx(specs.ASCEND_910C.scale_up_bandwidth.value)
    sa = m["optical_cables"] / 384 * specs.get("cm384.transceiver_rate").value
    assert sa == pytest.approx(specs.get("ascend910c.scale_up_bandwidth_sa").value)


def test_an_abstract_optical_topology_has_one_cable_per_link():
    m = topology.metrics(topology.build("torus2d", 16))
    assert m["optical_links"] == m["optical_cables"] == 32 and m["transceivers"] == 64
    electrical = topology.metrics(topology.build("ring", 8, medium="electrical"))
    assert electrical["optical_cables"] == electrical["transceivers"] == 0


def test_a_cable_count_must_divide_the_links():
    graph = topology.build("ring", 5)
    graph.graph["links_per_cable"] = 2
    with pytest.raises(ValueError, match="links_per_cable=2"):
        topology.optical_cables(graph)


def test_valid_sizes_are_the_stops_of_a_size_slider():
    assert topology.valid_sizes("torus2d", 4, 64) == [9, 16, 25, 36, 49, 64]
    assert topology.valid_sizes("torus3d", 4, 64) == [27, 64]
    assert topology.valid_sizes("ring", 4, 8) == [4, 5, 6, 7, 8]
    for name in ("ring", "full_mesh", "switch", "fat_tree"):
        assert all(topology.build(name, n) for n in topology.valid_sizes(name, 4, 20))
    with pytest.raises(ValueError, match="name='cm384'"):
        topology.valid_sizes("cm384")


def test_systems_ignore_n():
    assert topology.build("cm384", 5).number_of_nodes() == topology.build("cm384").number_of_nodes()
    assert topology.nearest_size("nvl72", 3) == specs.NVL72.n


def test_routes_in_the_systems():
    nv, cm = topology.cached_build("nvl72"), topology.cached_build("cm384")
    r = topology.route(nv, 0, 71)
    assert (r.hops, len(r.switches), r.paths) == (2, 1, 18)
    assert topology.route(cm, 0, 1).paths == 7  # same node: one route through each L1 chip
    r = topology.route(cm, 0, 383)
    assert (r.hops, len(r.switches), r.paths) == (4, 3, 7 * 16)
    assert topology.route(cm, 5, 5).hops == 0


def test_bandwidth_per_chip_falls_to_scale_out_beyond_the_domain():
    for system in (specs.CM384, specs.NVL72):
        inside = topology.bandwidth_per_chip(system.key, system.n)
        assert inside == pytest.approx(system.chip.scale_up_bandwidth.value)
        outside = topology.bandwidth_per_chip(system.key, system.n + 1)
        assert outside == system.chip.scale_out_bandwidth.value


def test_helpers_for_sizes_and_caches():
    assert topology.nearest_size("torus2d", 20) == 16
    assert topology.nearest_size("torus3d", 4) == 27
    assert topology.nearest_size("ring", 1) == 3
    squares = topology.sizes("torus2d", 8, 4096)
    assert squares == sorted(squares) and squares[0] == 16 and squares[-1] == 4096
    assert all(math.isqrt(n) ** 2 == n and math.isqrt(n) % 2 == 0 for n in squares)
    assert all(
        topology.formulas("torus3d", n)["bisection_exact"] for n in topology.sizes("torus3d")
    )
    assert topology.fat_tree_radix(8) == 4 and topology.fat_tree_radix(33) == 10
    first = topology.cached_metrics("cm384")
    first["links"] = -1
    assert topology.cached_metrics("cm384")["links"] > 0, "callers get a copy"
    assert topology.one_way(specs.get("b200.nvlink_link_bandwidth")) == pytest.approx(50e9)
    assert topology.full_mesh_max_chips(14) == 15 and topology.pairs(384) == 73536
    assert nx.is_frozen(topology.cached_build("ring", 8))


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: topology.build("hypercube", 8), "name='hypercube'"),
        (lambda: topology.build("ring"), "n=None"),
        (lambda: topology.build("ring", 2), "n=2"),
        (lambda: topology.build("torus2d", 10), "n=10"),
        (lambda: topology.build("torus3d", 8), "n=8"),
        (lambda: topology.build("full_mesh", 10_000), "n=10000"),
        (lambda: topology.build("fat_tree", 8, radix=5), "radix=5"),
        (lambda: topology.build("fat_tree", 9, radix=4), "radix=4"),
        (lambda: topology.build("fat_tree", 3, radix=8), "radix=8"),
        (lambda: topology.build("ring", 8, colour="red"), "options=\\['colour'\\]"),
        (lambda: topology.build("nvl72", radix=4), "options=\\['radix'\\]"),
        (lambda: topology.build("ring", 8, link_bandwidth=-1), "link_bandwidth=-1"),
        (lambda: topology.build("ring", 8, medium="copper"), "medium='copper'"),
        (lambda: topology.metrics(nx.path_graph(3)), "graph has node kinds"),
        (lambda: topology.metrics(nx.DiGraph()), "graph="),
        (lambda: topology.bisection(topology.build("ring", 5), "guess"), "mode='guess'"),
        (lambda: topology.bisection(topology.build("torus2d", 25), "closed_form"), "no closed"),
        (lambda: topology.exact_bisection(topology.build("ring", 30)), "30 nodes"),
        (lambda: topology.exact_bisection(nx.Graph()), "fewer than 2 endpoints"),
        (lambda: topology.route(topology.build("ring", 5), 0, 9), "target=9"),
        (lambda: topology.bandwidth_per_chip("nvl72", 1), "chips=1"),
        (lambda: topology.system_of("ring"), "name='ring'"),
        (lambda: topology.one_way(specs.get("b200.hbm_capacity")), "fig='b200.hbm_capacity'"),
        (lambda: topology.nearest_size("star", 5), "name='star'"),
    ],
)
def test_bad_input_raises_value_error_naming_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_disconnected_graph_is_refused():
    graph = nx.Graph()
    graph.add_nodes_from([0, 1], kind="endpoint")
    with pytest.raises(ValueError, match="not connected"):
        topology.metrics(graph)


# ---------------------------------------------------------------------------------------------
# Drawings (the widgets' sweep is in test_widgets.py)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", EVERY)
def test_every_topology_draws(name):
    picture = plots.show(wt.draw_topology, "caption", topology_name=name, n=30)
    assert picture.png.startswith(b"\x89PNG")


@pytest.mark.parametrize("system", ARTICLE_SYSTEMS)
def test_rack_layouts_place_every_chip_and_switch(system):
    assert set(wt.rack_layout(system).pos) == set(topology.cached_build(system))
    picture = plots.show(wt.draw_racks, "caption", system=system, chip_a=3, chip_b=40)
    assert picture.png.startswith(b"\x89PNG")
    assert "links" in wt.describe_route(system, 3, 40)


def test_large_topologies_draw_their_links_from_one_cached_image():
    drawing = wt.drawing("cm384")
    assert drawing.links == topology.cached_metrics("cm384")["links"] - 384 * 7  # bundles of 2
    assert wt.link_image("cm384") is wt.link_image("cm384", 12)  # n ignored, cached
    assert wt.link_image("cm384", pixels=(300, 200)).shape == (200, 300, 4)
    assert wt.drawing("ring", 8).links < wt.RASTER_LINKS


def test_static_figures_and_tables():
    for draw, layout in (
        (wt.draw_growth, wt.growth_layout),
        (wt.draw_full_mesh_price, None),
        (wt.draw_domain_bandwidth, None),
    ):
        assert plots.show(draw, "caption", layout=layout).png.startswith(b"\x89PNG")
    text = repr(wt.systems_table())
    assert "73,536" in text and "10,752" in text and "75.3 TB/s" in text
    assert "112" in repr(wt.routes_table())
    assert "5,376" in repr(wt.transceiver_table())
    assert math.isclose(wt.chip_ports()["cm384"], 14)


def test_growth_compares_bisection_bandwidth_at_equal_chip_bandwidth():
    mesh = topology.formulas("full_mesh", 384)
    assert wt.growth_value(mesh, "bisection_chips") == pytest.approx(192 * 192 / 383)
    assert wt.growth_value(topology.formulas("cm384"), "bisection_chips") == 192
    assert wt.growth_value(topology.formulas("fat_tree", 64), "bisection_chips") == 32
    assert wt.growth_value(topology.formulas("ring", 64), "bisection_chips") == 1
    assert wt.growth_value(mesh, "links") == mesh["links"]


def test_cm384_route_shows_chip_as_node_enlarged():
    widget = wt.chip_route("cm384")
    assert len(widget.axes) == 2  # the racks and chip A's node
    before = widget.fingerprint()
    widget.set(chip_a=200)
    assert widget.fingerprint() != before
    assert widget.axes[1].get_title().startswith("Node 25 ")
    assert "NPUs 200-207" in widget.readout.value
    assert "10 compute trays sit above" in wt.chip_route("nvl72").caption


def test_tables_say_what_a_link_carries_and_how_modules_are_counted():
    assert "28 GB/s one direction" in wt.metrics_table("torus2d", 16).caption
    assert "28 GB/s" in wt.describe_topology("ring", 8)
    rows = wt.transceiver_table().rows
    counted = [r[0].split(" (")[0] for r in rows]
    assert counted == [
        "logical L1-L2 links",
        "optical cables",
        "optical modules",
        "modules with the scale-out network",
    ]
    assert [r[2].split(" ")[0] for r in rows] == ["5,376", "2,688", "5,376", "6,912"]
    assert [r[3] for r in rows] == ["14", "7", "14", "18"]
    assert "392 GB/s" in rows[0][4] and "350 GB/s" in rows[1][4]
    assert all("_" not in r[0] for r in rows)  # plain labels, not code identifiers
    text = repr(wt.systems_table())
    assert "2,688" in text and "10,752" in text  # cables, and the graph's logical links


def test_explorer_size_slider_stops_only_at_sizes_the_topology_can_have():
    widget = wt.topology_explorer()
    size = widget.controls["n"]
    assert size.value == 16 and [v for _, v in size.options] == [9, 16, 25, 36, 49, 64]
    size.index += 1  # one arrow press
    assert size.value == 25 and "25 chips" in widget.axes.get_title()
    widget.set(topology_name="torus3d")  # the nearest cube to the 25 chips asked for
    assert [v for _, v in size.options] == [27, 64] and size.value == 27
    widget.set(topology_name="torus2d")  # back: the size asked for, not the cube
    assert size.value == 25
    widget.set(topology_name="torus3d")
    size.index += 1
    assert size.value == 64
    widget.set(topology_name="ring")
    assert size.value == 64 and len(size.options) == 61
    widget.set(topology_name="cm384")
    assert size.disabled and "384 chips" in widget.axes.get_title()
    widget.set(topology_name="torus2d")
    assert not size.disabled and size.value == 64


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: topology.build("ring", 4.5), "n=4.5"),
        (lambda: topology.build("ring", True), "n=True"),
    ],
)
def test_a_value_of_the_wrong_type_raises_type_error_naming_the_parameter(call, match):
    with pytest.raises(TypeError, match=re.escape(match.replace("\\", ""))):
        call()
