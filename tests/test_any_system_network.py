"""The network side of the course with a third system (issue 15): comm, topology, scaling,
memory and roofline take any system of the registry, by object or key; a system whose maker
publishes no BF16 peak, link or topology is "not published", never a guess; the torus builder
agrees with its closed form; the widgets that compare systems show three and add a fourth."""

from dataclasses import replace

import pytest

from helpers import checks, comm, memory, plots, roofline, scaling, specs, topology
from helpers.widgets import comm as wm
from helpers.widgets import compute as wc
from helpers.widgets import memory as wmem
from helpers.widgets import scaling as ws
from helpers.widgets import topology as wt

from conftest import control_sweeps, toy_system


@pytest.fixture
def bare_system():
    """A system whose maker publishes no BF16 peak, no HBM bandwidth, no scale-up link and no
    topology."""
    chip = {"key": "bare_chip", "name": "Bare chip", "bf16_dense": None}
    with toy_system(
        "bare",
        "Bare announced rack",
        "Bare",
        chip=chip,
        bf16_dense=None,
        hbm_bandwidth=None,
        scale_up=None,
        topology=None,
    ) as bare:
        yield bare


def _torus(sides: list[int], key: str = "toy_torus") -> specs.System:
    """A toy system of ``prod(sides)`` chips on a torus (registered; the caller removes it)."""
    n = 1
    for k in sides:
        n *= k
    return specs.register_system(
        replace(
            specs.NVL72,
            key=key,
            name=f"Toy torus {'x'.join(map(str, sides))}",
            short="ToyTorus",
            chips=replace(specs.NVL72.chips, value=float(n)),
            scale_up=specs.ScaleUp("ICI", "optics"),
            topology=specs.Topology("torus", {"dims": list(sides)}),
            style=None,
        )
    )


@pytest.fixture
def torus():
    made = []

    def make(sides: list[int]) -> specs.System:
        key = f"toy_torus_{'x'.join(map(str, sides))}"
        made.append(key)
        return _torus(sides, key)

    yield make
    for key in made:
        specs.SYSTEMS.pop(key, None)


THREE = ("cm384", "nvl72", "toy72")


# ---------------------------------------------------------------------------------------------
# comm
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("by_key", [False, True])
def test_comm_takes_the_third_system_by_object_and_key(third_system, by_key):
    system = third_system.key if by_key else third_system
    for n in (8, third_system.n, 3 * third_system.n):
        mine, nvl72 = comm.domain(system, n), comm.domain("nvl72", n)
        assert mine.system is third_system and mine.link.key == nvl72.link.key
        assert mine.time("ring_allreduce", 1e9) == nvl72.time("ring_allreduce", 1e9)
    assert comm.scale_up_link(system).key == third_system.scale_up.link_key
    table = comm.beyond_domain_table(512, 1e9, systems=[*THREE[:2], system])
    assert sum(row[1] == third_system.short for row in table.rows) == 2


def test_a_link_not_published_is_said_never_nvlink(bare_system):
    with pytest.raises(checks.NotPublished, match="not published"):
        comm.domain(bare_system, 8)
    no_latency = replace(bare_system, scale_up=specs.ScaleUp("ICI", "optics"))
    with pytest.raises(ValueError, match=r"step latency.*not published"):
        comm.scale_up_link(no_latency)
    rows = comm.beyond_domain_table(64, 1e6, systems=["nvl72", "bare"]).rows
    assert [r[2] for r in rows if r[1] == "Bare"] == ["not published"] * 2


def test_a_scale_up_link_of_its_own_comes_from_its_bandwidth_and_latency(bare_system):
    latency = specs.get("nccl.ring_step_latency_nvlink")
    own = replace(bare_system, chip=specs.B200, scale_up=specs.ScaleUp("ICI", "optics", latency))
    link = comm.scale_up_link(own)
    assert link.alpha is latency and link.bandwidth is specs.B200.scale_up_bandwidth
    assert link.name.startswith("ICI")


# ---------------------------------------------------------------------------------------------
# topology
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("by_key", [False, True])
def test_topology_builds_and_measures_the_third_system(third_system, by_key):
    name = third_system.key if by_key else third_system
    assert topology.is_system(name) and topology.system_of(name) is third_system
    assert topology.label(name) == third_system.name
    mine, nvl72 = topology.cached_metrics(name), topology.cached_metrics("nvl72")
    assert {k: v for k, v in mine.items()} == nvl72
    assert topology.formulas(name) == topology.formulas("nvl72")
    for chips in (2, 72, 500):
        assert topology.bandwidth_per_chip(name, chips) == topology.bandwidth_per_chip(
            "nvl72", chips
        )
    assert third_system.key in topology.system_keys(specs.SYSTEMS)


def test_a_topology_not_published_is_a_message_not_a_crash(bare_system):
    assert not topology.has_graph(bare_system)
    with pytest.raises(checks.NotPublished, match="not published"):
        topology.build("bare")
    assert "not published" in wt.describe_topology("bare")
    picture = plots.show(wt.draw_topology, "caption", topology_name="bare")
    assert picture.png.startswith(b"\x89PNG")
    table = wt.domain_table(["nvl72", "bare"])
    assert table.rows[1][0] == bare_system.name
    assert "bare" not in topology.system_keys(["nvl72", "bare"])


@pytest.mark.parametrize(
    "sides", [[4, 4], [3, 6], [2, 2, 4], [3, 3, 2], [5, 3], [4, 4, 4], [8, 6, 4], [12, 8, 8]]
)
def test_the_torus_builder_agrees_with_its_closed_form(torus, sides):
    system = torus(sides)
    graph = topology.build(system)
    diameter, cut, exact = topology.torus_closed_form(tuple(sides))
    m = topology.metrics(graph)
    assert m["endpoints"] == system.n and m["switches"] == 0
    assert m["diameter"] == diameter  # breadth-first search on the graph
    assert m["links"] == len(sides) * system.n
    assert m["ports_per_endpoint"] == 2 * len(sides)
    on_graph, _ = topology._cut(graph, topology.witness(graph))
    if graph.number_of_nodes() <= topology.EXACT_MAX_NODES:
        found, _ = topology.exact_bisection(graph)
        assert found == cut if exact else found <= cut
    if exact:  # the cut across the longest side, counted on the graph, is the closed form
        assert on_graph == cut == m["bisection_links"]
    f = topology.formulas(system.key)
    assert (f["diameter"], f["bisection_links"], f["bisection_exact"]) == (diameter, cut, exact)


@pytest.mark.parametrize(
    "params, builds",
    [
        ({"chips": 72, "switches": 18, "links_per_chip": 18}, True),  # groups, bandwidth derived
        ({"chips": 72, "switch_trays": 9}, False),  # switches and links not published
        ({"chips": 72, "switches": 12}, False),
    ],
)
def test_a_one_level_network_known_in_part_is_not_published(third_system, params, builds):
    record = specs.register_system(
        replace(third_system, topology=specs.Topology("one_level", params))
    )
    assert topology.has_graph(record) is builds
    if builds:
        m = topology.metrics(topology.build(record))
        per_link = specs.B200.scale_up_bandwidth.value / params["links_per_chip"]
        assert m["endpoint_bandwidth"] == pytest.approx(per_link * params["links_per_chip"])
        assert m["bisection_links"] == topology.cached_metrics("nvl72")["bisection_links"]
    else:
        with pytest.raises(checks.NotPublished, match="not published"):
            topology.build(record)
        assert "not published" in wt.describe_topology(record.key)


def test_a_pod_of_cubes_whose_whole_torus_is_unpublished_says_so(torus):
    system = torus([4, 4, 4])
    pod = specs.register_system(
        replace(
            system,
            chips=replace(system.chips, value=64.0 * 144),
            topology=specs.Topology("torus", {"dims": (4, 4, 4), "cubes": 144}),
        )
    )
    assert not topology.has_graph(pod)
    with pytest.raises(checks.NotPublished, match="9,216-chip torus's dimensions"):
        topology.shape(pod)
    assert pod.key not in topology.system_keys([pod])


def test_a_torus_needs_sides_that_make_its_chips(torus):
    system = torus([4, 4])
    wrong = replace(system, topology=specs.Topology("torus", {"dims": [4, 5]}))
    specs.register_system(wrong)
    with pytest.raises(ValueError, match="dims"):
        topology.build(wrong.key, None)


# ---------------------------------------------------------------------------------------------
# scaling, memory, roofline
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("by_key", [False, True])
def test_scaling_memory_and_roofline_take_the_third_system(third_system, by_key):
    system = third_system.key if by_key else third_system
    model, par = specs.LLAMA3_70B, scaling.Parallelism(dp=16, tp=4, pp=2, ep=1, microbatches=8)
    assert (
        scaling.step_time(system, model, par).total == scaling.step_time("nvl72", model, par).total
    )
    table = scaling.all_to_all_table(eps=(8, 96), systems=[*THREE[:2], system])
    assert table.columns == [
        "expert ranks",
        "CM384",
        "NVL72",
        "Toy72",
        "NVL72 / CM384",
        "Toy72 / CM384",
    ]
    assert memory.fits(1e12, system) == memory.fits(1e12, "nvl72")
    f = memory.footprint(model, "bf16", 8, 8192, [*THREE[:2], system])
    assert f.decode_bound[third_system.key] == f.decode_bound["nvl72"]
    roof = roofline.system_roof(system)
    assert roof.peak == roofline.system_roof("nvl72").peak and roof.style_key == third_system.key
    assert len(roofline.course_roofs("systems", [*THREE[:2], system])) == 3
    assert len(roofline.roof_table(10, [*THREE[:2], system]).rows) == 5  # two chips, three systems


def test_a_system_without_a_bf16_peak_shows_not_published(bare_system):
    with pytest.raises(checks.NotPublished, match="not published"):
        roofline.system_roof(bare_system)
    with pytest.raises(checks.NotPublished, match="not published"):
        roofline.chip_roof(bare_system.chip)
    peaks = roofline.peaks_table(["cm384", "bare"])
    assert [r[1] for r in peaks.rows if "Bare" in r[0]] == ["not published"] * 2
    assert roofline.roof_table(30, ["nvl72", "bare"]).rows[-1][:2] == [
        bare_system.name,
        "not published",
    ]
    assert roofline.unpublished(["nvl72", "bare"]) == (bare_system,)
    assert "not published" in wc.describe_rooflines("systems", 30, False, ["nvl72", "bare"])
    model, par = specs.LLAMA3_70B, scaling.Parallelism(dp=8, tp=1, pp=1, ep=1, microbatches=1)
    with pytest.raises(checks.NotPublished):
        scaling.step_time(bare_system, model, par)
    assert "not published" in ws.describe_step_time(systems=("nvl72", "bare"))
    with pytest.raises(checks.NotPublished):
        memory.fits(1e9, bare_system)
    assert "bare" not in memory.footprint(model, "bf16", 1, 1024, ["nvl72", "bare"]).serving_fit
    row = scaling.all_to_all_table(eps=(8,), systems=["nvl72", "bare"]).rows[0]
    assert row[2] == "not published" and row[3] == "-"


def test_systems_lists_are_checked():
    assert checks.systems("systems", None) == specs.ARTICLE_PAIR.systems
    assert checks.systems("systems", ["nvl72", "NVL72", specs.CM384]) == (specs.NVL72, specs.CM384)
    with pytest.raises(TypeError, match="systems="):
        checks.systems("systems", "nvl72")
    with pytest.raises(TypeError, match="systems\\[0\\]"):
        checks.systems("systems", [72])
    with pytest.raises(ValueError, match="systems\\[1\\]='gb9000'"):
        checks.systems("systems", ["nvl72", "gb9000"])
    with pytest.raises(ValueError, match="systems=\\[\\]"):
        checks.systems("systems", [])


# ---------------------------------------------------------------------------------------------
# Pictures and widgets with three systems (and a fourth to add)
# ---------------------------------------------------------------------------------------------
def test_the_network_pictures_draw_three_systems(third_system, torus):
    ring = torus([4, 4, 4])
    keys = [*THREE, ring.key]
    for draw, layout in (
        (wt.draw_growth, wt.growth_layout),
        (wt.draw_full_mesh_price, None),
        (wt.draw_domain_bandwidth, None),
    ):
        picture = plots.show(draw, "caption", layout=layout, systems=keys)
        assert picture.png.startswith(b"\x89PNG")
    assert set(wt.chip_ports(keys)) == set(keys)
    assert wt.chip_ports(keys)[ring.key] == 6
    assert "64" in wt.domain_bandwidth_picture(keys).caption
    assert len(wt.domain_table(keys).rows) == 4


def test_the_domain_sizes_table_and_picture_take_any_systems(third_system, bare_system, torus):
    ring = torus([4, 4, 4])
    keys = [*THREE, bare_system.key, ring.key]
    rows = wt.domain_size_table(keys).rows
    assert [r[3] for r in rows] == [f"{specs.SYSTEMS[k].domain_size:,}" for k in keys]
    assert rows[3][4] == "not published" and rows[3][5] == "topology not published"
    assert rows[4][5] == "6 links"  # a 4x4x4 torus: 3 x floor(4/2)
    picture = wt.domain_sizes_picture(keys)
    assert picture.png.startswith(b"\x89PNG") and "ToyTorus" in picture.caption


WIDGETS = {
    "topology_explorer": wt.topology_explorer,
    "collective_time_explorer": wm.collective_time_explorer,
    "step_time_explorer": ws.step_time_explorer,
    "memory_calculator": wmem.memory_calculator,
    "roofline_explorer": wc.roofline_explorer,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_the_widgets_show_three_systems_and_every_control_changes_the_view(
    name, third_system, bare_system
):
    widget = WIDGETS[name](systems=THREE)
    assert widget.controls["systems"].value == THREE
    assert [k for _, k in widget.controls["systems"].options][-1] == bare_system.key
    default = widget.fingerprint()
    for control_name, seen in control_sweeps(widget):
        assert seen - {default}, f"moving {control_name!r} of {name} never changed the view"
        assert widget.fingerprint() == default, f"{name} does not redraw the same"


def test_with_only_the_article_s_two_no_systems_list_is_offered():
    extra = [k for k in specs.SYSTEMS if k not in THREE[:2]]
    if extra:
        pytest.skip("the registry holds more systems: the list is offered")
    assert "systems" not in wc.roofline_explorer().controls
