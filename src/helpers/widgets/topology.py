"""Widgets and figures of notebook 05: topologies, their growth, and the two real systems' racks.

Graphs come from :mod:`helpers.topology` with fixed positions (rings on a circle, tori on their
grid, switched networks in levels, the real systems in their racks), so nothing calls a
force-directed layout. Links are drawn as one ``LineCollection`` per medium and nodes as one
scatter per kind: a 384-chip system with its 8,064 cable runs draws in a fraction of a second.
Graphs, segments and metrics are made once per topology and size and cached.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator, ScalarFormatter

from .. import checks, plots, specs, topology
from ..tables import Table
from ..units import si
from .base import (
    FigureWidget,
    LayeredFigureWidget,
    builder,
    choice_slider,
    dropdown,
    slider,
    systems_control,
)
from .retained import retain, retained

#: Look of links by medium: colour and width differ (never colour alone). Solid lines: dashes
#: cost Agg about twice the time on thousands of links.
LINK_STYLES: dict[str, dict[str, Any]] = {
    topology.ELECTRICAL: {
        "color": "#555555",
        "width": 0.6,
        "label": "electrical link (grey, thin)",
    },
    topology.OPTICAL: {
        "color": plots.OKABE_ITO["blue"],
        "width": 1.0,
        "label": "optical link (blue)",
    },
}
#: Colour of the highlighted route and of the chosen chips.
ROUTE = plots.OKABE_ITO["orange"]
ABSTRACT = list(topology.TOPOLOGIES)
#: Topology kinds of real systems drawn in levels (chips at the bottom, switch chips above),
#: with level names; "fat_tree" is the abstract one.
LEVELLED = ("fat_tree", "one_level", "two_level_clos")
#: Series style of each abstract topology (the pale yellow goes to the least used, one switch).
SERIES = {"ring": 0, "torus2d": 1, "torus3d": 2, "full_mesh": 3, "fat_tree": 4, "switch": 5}


def topology_style(name: str) -> dict[str, Any]:
    """Colour, line style and marker of a topology: the systems' own, or a series style."""
    if topology.is_system(name):
        return plots.system_style(name)
    label = topology.TOPOLOGIES[name]
    return plots.series_style(SERIES[name]) | {"label": label, "markeredgecolor": plots.INK}


# ---------------------------------------------------------------------------------------------
# The graph of one topology
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Drawing:
    """What draws one topology: link segments per medium, node positions per kind, and the
    data limits (x0, x1, y0, y1) of the picture."""

    segments: dict[str, np.ndarray]
    endpoints: np.ndarray
    switches: np.ndarray
    bounds: tuple[float, float, float, float]

    @property
    def links(self) -> int:
        """Segments to draw (a torus's wrap-around link counts twice: two stubs)."""
        return sum(len(s) for s in self.segments.values())


def _stub(a: np.ndarray, b: np.ndarray, length: float) -> np.ndarray:
    """A short segment from ``a`` pointing away from ``b`` (a wrap-around link's end)."""
    away = a - b
    return np.array([a, a + length * away / np.linalg.norm(away)])


def drawing(name: str, n: int | None = None) -> Drawing:
    """The link segments and node positions of ``topology.cached_build(name, n)`` (cached).

    A torus's wrap-around links are drawn as two short stubs leaving the grid's borders.
    """
    return _drawing(name, None if topology.is_system(name) else n)


@lru_cache(maxsize=48)
def _drawing(name: str, n: int | None) -> Drawing:
    graph = topology.cached_build(name, n)
    pos = {v: np.asarray(p, dtype=float) for v, p in graph.nodes(data="pos")}
    segments: dict[str, list[np.ndarray]] = {m: [] for m in topology.MEDIA}
    for u, v, data in graph.edges(data=True):
        a, b = pos[u], pos[v]
        if data.get("wrap"):
            segments[data["medium"]] += [_stub(a, b, 0.45), _stub(b, a, 0.45)]
        else:
            segments[data["medium"]].append(np.array([a, b]))
    arrays = {m: np.array(s).reshape(-1, 2, 2) for m, s in segments.items()}
    kinds = {
        kind: np.array([pos[v] for v, k in graph.nodes(data="kind") if k == kind]).reshape(-1, 2)
        for kind in (topology.ENDPOINT, topology.SWITCH)
    }
    points = np.vstack([kinds[topology.ENDPOINT], *(a.reshape(-1, 2) for a in arrays.values())])
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    mx, my = 0.06 * ((x1 - x0) or 1.0), 0.06 * ((y1 - y0) or 1.0)
    # Networks in levels get room on the left for the names of their levels.
    left = 0.28 * (x1 - x0) if _kind(name) in LEVELLED else mx
    bounds = (float(x0 - left), float(x1 + mx), float(y0 - my), float(y1 + my))
    return Drawing(arrays, kinds[topology.ENDPOINT], kinds[topology.SWITCH], bounds)


#: Above this many segments the links are drawn once into a cached image (Agg takes about
#: 30 ms per 1,000 antialiased lines; a cached image redraws in a few milliseconds).
RASTER_LINKS = 1000
#: Resolution the image is drawn at: that of the widgets, so its lines look like drawn ones.
RASTER_DPI = plots.WIDGET_DPI


def _add_links(ax: Axes, d: Drawing, scale: float = 1.0) -> None:
    """The links as one LineCollection per medium (thinner and lighter when there are many)."""
    for medium, segs in d.segments.items():
        if len(segs):
            style = LINK_STYLES[medium]
            width = 0.4 if len(segs) > 2000 else 0.9 if len(segs) > 300 else 2.0
            alpha = 0.35 if len(segs) > 2000 else 0.8
            ax.add_collection(
                LineCollection(
                    segs,
                    colors=style["color"],
                    linewidths=width * style["width"] * scale,
                    alpha=alpha,
                ),
                autolim=False,
            )


def box_pixels(ax: Axes) -> tuple[int, int]:
    """Width and height of ``ax`` in pixels, as its figure places it (before an equal aspect
    ratio shrinks it)."""
    box = ax.get_position(original=True).transformed(ax.figure.transFigure)
    return max(1, round(box.width)), max(1, round(box.height))


def link_image(name: str, n: int | None = None, pixels: tuple[int, int] = (720, 450)) -> np.ndarray:
    """The links of a large topology drawn once (a LineCollection per medium) into an RGBA
    image of ``pixels`` (width, height) covering ``drawing(name, n).bounds``, with a transparent
    background (cached). Drawn at the size of the axes that show it, it needs no resampling."""
    return _link_image(name, None if topology.is_system(name) else n, tuple(pixels))


@lru_cache(maxsize=24)
def _link_image(name: str, n: int | None, pixels: tuple[int, int]) -> np.ndarray:
    d = drawing(name, n)
    fig = Figure(figsize=(pixels[0] / RASTER_DPI, pixels[1] / RASTER_DPI), dpi=RASTER_DPI)
    FigureCanvasAgg(fig)
    fig.patch.set_alpha(0.0)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.set_xlim(*d.bounds[:2])
    ax.set_ylim(*d.bounds[2:])
    _add_links(ax, d)
    fig.canvas.draw()
    image = np.array(fig.canvas.buffer_rgba())
    image.setflags(write=False)
    return image


def _size(name: str, n: int) -> int | None:
    return None if topology.is_system(name) else topology.nearest_size(name, n)


def _kind(name: str) -> str:
    """A system's topology kind, or the abstract topology's name."""
    return topology.shape(name).kind if topology.is_system(name) else name


def _level_labels(ax: Axes, name: str) -> None:
    """Names of the levels of a switched network, in the room left of the drawing."""
    kind = _kind(name)
    if kind == "two_level_clos":
        p = topology.parts(name)
        labels = (
            f"L2 switches\n{p['planes']} planes x {p['l2_per_plane']}",
            f"L1 switches\n{p['nodes']} nodes x {p['l1_per_node']}",
            f"{p['chip_name']}s\n{p['nodes']} nodes x {p['chips_per_node']}",
        )
    elif kind == "one_level":
        p = topology.parts(name)
        switches = f"{p['switch_name']} chips\n({p['switches']})"
        labels = ("", switches, f"{p['chip_name']}s ({p['chips']})")
    elif kind == "fat_tree":
        labels = ("spine\nswitches", "leaf\nswitches", "chips")
    else:
        return
    for y, text in zip((2.0, 1.0, 0.0), labels, strict=True):
        if text:
            ax.annotate(
                text,
                (0, y),
                xytext=(-8, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=11,
            )


def draw_topology(
    ax: Axes, topology_name: str = "torus2d", n: int = 16, systems: Any = None
) -> None:
    """A topology's graph: chips as circles, switch chips as black squares, electrical links as
    thin grey lines and optical links as thicker blue ones; the title gives its diameter and
    bisection. ``n`` is moved to the nearest size the topology can have. Thousands of links are
    drawn from a cached image of them (:func:`link_image`). A system whose topology is not
    published gets a message instead of a graph. ``systems`` (the systems the explorer lists)
    changes nothing here."""
    if topology.is_system(topology_name) and not topology.has_graph(topology_name):
        _not_published(ax, topology_name)
        return
    size = _size(topology_name, n)
    d = drawing(topology_name, size)
    m = topology.cached_metrics(topology_name, size)
    x0, x1, y0, y1 = d.bounds
    equal = _kind(topology_name) in (*topology.DIRECT, "switch", "torus")
    if d.links > RASTER_LINKS:
        # Once a widget's layout is fixed the image maps pixel to pixel: no filtering needed.
        settled = isinstance(ax.figure.get_layout_engine(), PlaceHolderLayoutEngine | None)
        ax.imshow(
            link_image(topology_name, size, box_pixels(ax)),
            extent=d.bounds,
            aspect="equal" if equal else "auto",
            interpolation="nearest" if settled and not equal else "antialiased",
            zorder=1,
        )
    else:
        _add_links(ax, d)
    style = topology_style(topology_name)
    marker_size = float(np.clip(2400 / len(d.endpoints), 5, 140))
    ax.scatter(
        *d.endpoints.T,
        s=marker_size,
        marker="o",
        # Chips never look like the black switch squares: a black series gets white chips.
        color="white" if style["color"] == plots.INK else style["color"],
        edgecolors=plots.INK,
        linewidths=0.8,
        zorder=3,
    )
    if len(d.switches):
        ax.scatter(
            *d.switches.T, s=max(marker_size * 0.8, 6), marker="s", color=plots.INK, zorder=3
        )
    _level_labels(ax, topology_name)
    media = [LINK_STYLES[m] for m, segs in d.segments.items() if len(segs)]
    handles = [
        Line2D([], [], color=st["color"], linewidth=2.5 * st["width"], label=st["label"])
        for st in media
    ]
    ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, -0.08), fontsize=10)
    ax.set_axis_off()
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal" if equal else "auto")
    label = topology.label(topology_name).split(" (")[0]
    ax.set_title(
        f"{label}, {m['endpoints']} chips: diameter {_count(m['diameter'], 'link')}, "
        f"bisection {m['bisection_links']:,} links",
        fontsize=14,
        y=1.0,  # a fixed place: no search for tick labels above the axes on every redraw
    )
    retain(ax, "topology")


def update_topology(
    ax: Axes, topology_name: str = "torus2d", n: int = 16, systems: Any = None
) -> bool:
    """Redraw :func:`draw_topology` on its own axes without clearing them (their axis is off:
    clearing would only rebuild ticks no one sees, a fifth of a redraw): its artists are
    removed, then drawn again. False when it is not drawn there. ``systems`` changes nothing
    here, as in :func:`draw_topology`."""
    if retained(ax, "topology") is None:
        return False
    for artist in [*ax.collections, *ax.images, *ax.lines, *ax.texts]:
        artist.remove()
    if ax.legend_ is not None:
        ax.legend_.remove()
    draw_topology(ax, topology_name, n)
    return True


def not_published_text(system: str) -> str:
    """Why a system has no graph: its topology is not published."""
    s = checks.system("system", system)
    return (
        f"The {s.name}'s scale-up topology is {topology.NOT_PUBLISHED}: "
        f"{s.n:,} chips, but no graph to draw or measure."
    )


def _not_published(ax: Axes, system: str) -> None:
    """A message in place of a graph (the axes stay, empty)."""
    ax.set_axis_off()
    # A graph drawn before in place (update_topology) leaves its title and its equal aspect,
    # which shrinks and moves the axes' box: the message would not sit where a fresh one does.
    ax.set_title("")
    ax.set_aspect("auto")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    # Wrapped here, not by matplotlib (wrap=True), whose line breaks depend on where the text
    # was placed before: a redraw in place and a fresh drawing would differ.
    text = "\n".join(textwrap.wrap(not_published_text(system), 64))
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=14)
    ax.set_title(f"{topology.system_of(system).name}: topology {topology.NOT_PUBLISHED}", y=1.0)


def _html_table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:12px'>{html.escape(k)}</th>"
        f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return f"<table>{cells}</table>"


def metric_rows(m: dict[str, Any]) -> list[tuple[str, str]]:
    """A topology's metrics as (quantity, value) rows, with units, method and counting rule."""
    return [
        ("chips (endpoints), switch chips", f"{m['endpoints']:,}, {m['switches']:,}"),
        (
            "links",
            f"{m['links']:,} ({m['links_per_endpoint']:.3g} per chip; "
            f"{m['ports_per_endpoint']:.3g} at each chip)",
        ),
        ("diameter, mean hops", f"{m['diameter']} links, {m['mean_hops']:.3g} links"),
        (
            "bisection",
            f"{m['bisection_links']:,} links = "
            f"{si(m['bisection_bandwidth'], 'B/s')} one direction "
            f"({m['bisection_method']})",
        ),
        ("bandwidth of one chip", f"{si(m['endpoint_bandwidth'], 'B/s')} one direction"),
        (
            "optical links, cables, modules",
            f"{m['optical_links']:,} logical links on {m['optical_cables']:,} cables: "
            f"{m['transceivers']:,} modules = {m['transceivers_per_endpoint']:.3g} per chip "
            f"(rule: {m['transceiver_rule']})",
        ),
    ]


def describe_topology(topology_name: str = "torus2d", n: int = 16, systems: Any = None) -> str:
    """The metrics of the drawn topology, as an HTML table."""
    if topology.is_system(topology_name) and not topology.has_graph(topology_name):
        return _html_table([("topology", not_published_text(topology_name))])
    size = _size(topology_name, n)
    m = topology.cached_metrics(topology_name, size)
    rows = [*metric_rows(m), ("each link", link_note(topology_name))]
    if topology.is_system(topology_name):
        rows.append(("size", "fixed by the hardware: the slider does not apply"))
    elif size != n:
        rows.append(("size", f"{n} is not a size this topology can have; drawn with {size}"))
    return _html_table(rows)


#: Chip counts the explorer's size slider offers (each topology: the valid sizes between).
EXPLORER_SIZES = (4, 64)


def explorer_sizes(topology_name: str) -> list[int]:
    """The stops of the explorer's size slider for ``topology_name``: every size it can have
    between :data:`EXPLORER_SIZES` (the fixed size of a real system)."""
    if topology.is_system(topology_name):
        return [topology.system_of(topology_name).n]
    return topology.valid_sizes(topology_name, *EXPLORER_SIZES)


def _topology_options(systems: Sequence[str]) -> list[tuple[str, str]]:
    """The explorer's topologies: the abstract ones, then the chosen systems."""
    abstract = [(label, key) for key, label in topology.TOPOLOGIES.items()]
    return abstract + [(topology.label(key), key) for key in systems]


@builder
def topology_explorer(systems: Sequence[specs.System | str] | None = None) -> FigureWidget:
    """Pick a topology and a number of chips; see its graph and what it costs and gives. The
    size slider stops only at sizes the chosen topology can have (squares for a 2D torus), so
    every arrow press moves to the next one. The topologies are the abstract ones and the real
    ``systems`` (the article's two by default); when the registry holds more, a "Systems:"
    list adds them (a system just added is drawn at once)."""
    shown = [s.key for s in checks.systems("systems", systems)]
    if systems is None:  # the article's two, the smaller domain first
        shown.sort(key=lambda k: specs.SYSTEMS[k].domain_size)
    picker = dropdown("Topology:", _topology_options(shown), "torus2d")
    adder = systems_control(shown)
    size = choice_slider("Chips (n):", explorer_sizes("torus2d"), 16)
    size.course_sweep = [9, 36, 64]  # sizes of the starting topology, for tests and benchmarks
    built: dict[str, Any] = {"wanted": size.value, "picking": False}

    def on_size(change: dict[str, Any]) -> None:
        if not built["picking"]:  # the learner moved the slider: remember the size asked for
            built["wanted"] = change["new"]

    def on_pick(change: dict[str, Any]) -> None:
        # Registered before the widget's own observer: the slider's stops follow the topology
        # without a redraw of their own, then the widget redraws once. The size is the stop
        # nearest the one the learner last chose, so going back to a topology restores it.
        name = change["new"]
        stops = explorer_sizes(name)
        nearest = min(stops, key=lambda n: (abs(n - built["wanted"]), n))
        built["picking"] = True
        try:
            with built["widget"].hold_render(redraw=False):
                if not topology.is_system(name):
                    size.options = [(f"{o:,}", o) for o in stops]
                    size.value = nearest
                size.disabled = topology.is_system(name)
        finally:
            built["picking"] = False

    def on_systems(change: dict[str, Any]) -> None:
        # The picker lists the chosen systems; one just added is shown, and the view of one
        # just removed goes back to the first topology.
        added = [k for k in change["new"] if k not in change["old"]]
        with built["widget"].hold_render(redraw=False):
            current = picker.value
            picker.options = _topology_options(change["new"])
            kept = current in [key for _, key in picker.options]
            picker.value = added[-1] if added else current if kept else "torus2d"

    size.observe(on_size, names="value")
    picker.observe(on_pick, names="value")
    controls: dict[str, Any] = {"topology_name": picker, "n": size}
    if adder is not None:  # last: the topology stays the first control a learner meets
        adder.observe(on_systems, names="value")
        controls["systems"] = adder
    widget = FigureWidget(
        draw_topology,
        controls,
        describe=describe_topology,
        update=update_topology,
        figsize=(9.0, 5.6),
        caption="The chosen topology as a graph: chips are circles, switch chips black squares, "
        "electrical links thin grey lines, optical links thicker blue lines; on a torus, short "
        "stubs at the border are the wrap-around links. The title gives the diameter (longest "
        "shortest path between two chips, in links) and the bisection (fewest links cut to split "
        "the chips in halves); the table below lists the rest.",
    )
    built["widget"] = widget
    for system in topology.system_keys(shown):  # fixed systems: measured and drawn up front
        topology.cached_metrics(system)
        link_image(system, None, box_pixels(widget.axes))
    return widget


# ---------------------------------------------------------------------------------------------
# How topologies grow with n
# ---------------------------------------------------------------------------------------------
GROWTH_PANELS: tuple[tuple[str, str], ...] = (
    ("links", "links in the network"),
    ("switches", "switch chips"),
    ("diameter", "diameter (links)"),
    ("bisection_chips", "bisection bandwidth\n(chips' worth, at equal\nbandwidth per chip)"),
)


def growth_value(formulas: dict[str, Any], key: str) -> float:
    """A quantity of :data:`GROWTH_PANELS` from :func:`helpers.topology.formulas`.
    ``"bisection_chips"`` is the bisection bandwidth in units of one chip's bandwidth when every
    chip has the same bandwidth, split evenly over its links: links cut / links per chip. A full
    mesh cuts n²/4 links but each carries 1/(n-1) of a chip's bandwidth: about n/4 chips' worth,
    half the n/2 of a non-blocking switched network."""
    if key == "bisection_chips":
        return formulas["bisection_links"] / formulas["ports_per_endpoint"]
    return formulas[key]


def growth_layout(fig: Figure) -> np.ndarray:
    """Four panels, one per quantity of :data:`GROWTH_PANELS`."""
    return fig.subplots(2, 2)


def _log_axes(ax: Axes, low: float, high: float) -> None:
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(FixedLocator([10, 100, 1000]))
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_ylim(low, high)


def draw_growth(axes: np.ndarray, high: int = topology.MAX_ENDPOINTS, systems: Any = None) -> None:
    """Links, switch chips, diameter and bisection bandwidth (at equal bandwidth per chip, see
    :func:`growth_value`) against the number of chips (log-log), for every abstract topology
    (closed forms) with the real ``systems`` (the article's two by default; those whose
    topology is published) as single points."""
    for ax, (key, label) in zip(axes.flat, GROWTH_PANELS, strict=True):
        for name in ABSTRACT:
            ns = topology.sizes(name, 8, high)
            values = [growth_value(topology.formulas(name, n), key) for n in ns]
            if max(values) == 0:
                continue  # direct networks have no switches: nothing on a log axis
            style = topology_style(name)
            ax.plot(ns, values, markersize=5, **style)
        for name in topology.system_keys(systems, smallest_first=systems is None):
            f = topology.formulas(name)
            style = plots.system_style(
                name, linestyle="none", markersize=11, markeredgecolor=plots.INK
            )
            ax.plot(f["endpoints"], growth_value(f, key), **style)
        _log_axes(ax, 0.8, None)
        ax.set_ylabel(label)
        ax.set_xlabel("chips (n)")
    axes.flat[1].annotate(
        "ring, tori, full mesh:\nno switches", (0.04, 0.8), xycoords="axes fraction", fontsize=11
    )
    axes.flat[0].set_title("Full mesh links grow as n²; switched networks as n", fontsize=13)
    axes.flat[1].set_title("Switches are the price of few hops", fontsize=13)
    axes.flat[2].set_title("Ring and tori: diameter grows with n", fontsize=13)
    axes.flat[3].set_title("Bisection: switched n/2, full mesh only n/4", fontsize=13)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    axes.flat[0].figure.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=11)


# ---------------------------------------------------------------------------------------------
# The price of "everyone talks to everyone"
# ---------------------------------------------------------------------------------------------
def chip_ports(systems: Any = None) -> dict[str, int]:
    """Scale-up links each chip of ``systems`` has (the article's two by default; those whose
    topology is published), by system key: the 910C's UB links (dies x links per die), the
    B200's NVLinks, a torus chip's links to its neighbours."""
    return {k: topology.formulas(k)["ports_per_endpoint"] for k in topology.system_keys(systems)}


def draw_full_mesh_price(ax: Axes, high: int = 1024, systems: Any = None) -> None:
    """Links each chip needs in a full mesh (n - 1) against the links the chips of ``systems``
    (the article's two by default) have: a full mesh of the systems' sizes is out of reach, so
    they use switches."""
    ns = np.unique(np.geomspace(2, high, 60).round().astype(int))
    style = topology_style("full_mesh") | {"label": "full mesh: n - 1 links at each chip"}
    ax.plot(ns, ns - 1, markevery=6, markersize=6, **style)
    ports = chip_ports(systems)
    for name, count in ports.items():
        system = topology.system_of(name)
        style = plots.system_style(name)
        ax.axhline(
            count,
            color=style["color"],
            linestyle=style["linestyle"],
            linewidth=2,
            label=f"{system.chip.name}: {count} scale-up links",
        )
        biggest = topology.full_mesh_max_chips(count)
        ax.plot(
            biggest,
            count,
            marker=style["marker"],
            color=style["color"],
            markersize=11,
            markeredgecolor=plots.INK,
            linestyle="none",
        )
        above = len(ports) > 1 and count == max(ports.values())
        ax.annotate(
            f"full mesh of at most {biggest}",
            (biggest, count),
            xytext=(-10, 10) if above else (10, -18),
            ha="right" if above else "left",
            textcoords="offset points",
            fontsize=11,
        )
        ax.plot(
            system.n,
            system.n - 1,
            marker=style["marker"],
            color=style["color"],
            markersize=11,
            markeredgecolor=plots.INK,
            linestyle="none",
        )
        ax.annotate(
            f"{system.short}: {system.n - 1} needed",
            (system.n, system.n - 1),
            xytext=(-12, 8),
            textcoords="offset points",
            ha="right",
            fontsize=11,
        )
    _log_axes(ax, 1, high * 1.5)
    ax.set_xlabel("chips in the domain (n)")
    ax.set_ylabel("links at each chip")
    big = max((topology.system_of(k) for k in ports), key=lambda s: s.n)
    ax.set_title(
        f"A full mesh of {big.n} chips needs {big.n - 1} links per chip; "
        f"the {big.chip.name} has {ports[big.key]}",
        fontsize=13,
    )
    ax.legend(loc="upper left", fontsize=11)


# ---------------------------------------------------------------------------------------------
# Beyond the domain
# ---------------------------------------------------------------------------------------------
def _per_chip(name: str, n: int) -> float:
    """:func:`helpers.topology.bandwidth_per_chip`, NaN where it is not published."""
    try:
        return topology.bandwidth_per_chip(name, n)
    except ValueError:
        return np.nan


def draw_domain_bandwidth(ax: Axes, high: int = 8192, systems: Any = None) -> None:
    """Bisection bandwidth per chip (one direction) of a job against its size, for each of
    ``systems`` (the article's two by default; those whose topology is published): full
    scale-up bandwidth inside one domain, the scale-out NIC beyond it (no line where it is not
    published)."""
    ns = np.unique(np.geomspace(2, high, 400).round().astype(int))
    keys = topology.system_keys(systems, smallest_first=systems is None)
    for name in keys:
        system = topology.system_of(name)
        values = [_per_chip(name, int(n)) for n in ns]
        size = system.domain_size
        label = f"{system.name} (domain of {size})"
        ax.plot(ns, values, **plots.system_style(name, marker=None, label=label))
        ax.axvline(size, color=plots.system_style(name)["color"], linestyle=":", linewidth=1.5)
        inside = topology.bandwidth_per_chip(name, size)
        ax.annotate(
            si(inside, "B/s"),
            (size, inside),
            xytext=(-6, 6),
            textcoords="offset points",
            ha="right",
            fontsize=12,
        )
    out = min(
        topology.one_way(c)
        for c in (topology.system_of(k).chip.scale_out_bandwidth for k in keys)
        if c is not None
    )
    ax.annotate(
        # Two lines: on one it ran across the CM384's dotted domain line.
        f"{si(out, 'B/s')} = {si(out * specs.BITS_PER_BYTE, 'b/s')}\nscale-out",
        (high, out),
        xytext=(-4, 8),
        textcoords="offset points",
        ha="right",
        fontsize=12,
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.set_ylim(out / 2, 2 * max(topology.bandwidth_per_chip(k, 2) for k in keys))
    plots.si_axis(ax.yaxis, "B/s")
    ax.set_xlabel("chips in the job (log scale)")
    ax.set_ylabel("bisection bandwidth per chip\n(one direction)")
    ax.set_title("Past its domain, every chip drops to its scale-out link", fontsize=14)
    ax.legend(loc="lower left")


# ---------------------------------------------------------------------------------------------
# The two real systems in their racks
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RackLayout:
    """Where every chip of a real system sits in its racks (schematic).

    Attributes:
        pos: node -> (x, y) in rack coordinates.
        boxes: (x, y, width, height, kind) rectangles: racks, trays and nodes.
        labels: (x, y, text, horizontal alignment) under or beside the racks.
    """

    pos: dict[Any, tuple[float, float]]
    boxes: tuple[tuple[float, float, float, float, str], ...]
    labels: tuple[tuple[float, float, str, str], ...]


def _around(compute: int, switch: int, first: int | None = None) -> list[tuple[str, int]]:
    """("compute", i) and ("switch", j) in order: ``first`` compute units (half by default),
    every switch unit, then the other compute units (switches in the middle, where cables are
    shortest)."""
    half = compute // 2 if first is None else first
    return [
        *(("compute", i) for i in range(half)),
        *(("switch", j) for j in range(switch)),
        *(("compute", i) for i in range(half, compute)),
    ]


def _nvl72_racks() -> RackLayout:
    """One rack: compute trays above and below the switch trays, as NVIDIA builds it (how many
    sit above: ``nvl72.compute_trays_above_switches``; power shelves and the other trays of the
    rack are left out)."""
    p = topology.nvl72_parts()
    per_tray = p["gpus"] // p["compute_trays"]
    chips_per_switch_tray = p["switch_chips"] // p["switch_trays"]
    above = int(specs.get("nvl72.compute_trays_above_switches").value)
    # Trays from the top: compute trays, then the switch trays, then the other compute trays.
    rows = _around(p["compute_trays"], p["switch_trays"], above)
    height, width = len(rows), 10.0
    pos: dict[Any, tuple[float, float]] = {}
    boxes = [(0.0, 0.0, width, float(height), "rack")]
    for r, (kind, tray) in enumerate(rows):
        y = height - 1 - r
        boxes.append((0.2, y + 0.12, width - 0.4, 0.76, kind))
        count = per_tray if kind == "compute" else chips_per_switch_tray
        for j in range(count):
            chip = tray * per_tray + j if kind == "compute" else ("NVSwitch", tray * count + j)
            pos[chip] = ((j + 0.5) * width / count, y + 0.5)
    middle = above + p["switch_trays"] / 2
    labels = (
        (-0.3, height - above / 2, f"{above} compute trays\n({per_tray} GPUs each)", "right"),
        (
            -0.3,
            height - middle,
            f"{p['switch_trays']} switch trays\n({chips_per_switch_tray} NVSwitch chips each)",
            "right",
        ),
        (
            -0.3,
            (p["compute_trays"] - above) / 2,
            f"{p['compute_trays'] - above} compute trays",
            "right",
        ),
        (width / 2, -0.5, "one rack, copper NVLink cables", "center"),
    )
    return RackLayout(pos, tuple(boxes), labels)


def _cm384_racks() -> RackLayout:
    """16 racks in a row: 12 compute racks of 4 nodes (8 NPUs and 7 L1 switch chips each) and 4
    switch racks holding the 112 L2 chips, one row per plane (their place in the row is
    schematic: drawn in the middle)."""
    p = topology.cm384_parts()
    nodes_per_rack = p["nodes"] // p["compute_racks"]
    l2_per_rack = p["l2_per_plane"] // p["switch_racks"]
    half = p["compute_racks"] // 2
    order = _around(p["compute_racks"], p["switch_racks"])
    width, gap, height = 1.0, 0.25, 8.0
    pos: dict[Any, tuple[float, float]] = {}
    boxes: list[tuple[float, float, float, float, str]] = []
    per_row = p["npus_per_node"] // 2
    for slot, (kind, rack) in enumerate(order):
        x0 = slot * (width + gap)
        boxes.append((x0, 0.0, width, height, "rack"))
        if kind == "switch":
            for plane in range(p["planes"]):
                y = height - (plane + 1) * height / (p["planes"] + 1)
                for j in range(l2_per_rack):
                    chip = ("L2", plane, rack * l2_per_rack + j)
                    pos[chip] = (x0 + (j + 0.5) * width / l2_per_rack, y)
            continue
        for k in range(nodes_per_rack):
            node = rack * nodes_per_rack + k
            y0 = height - (k + 1) * height / nodes_per_rack
            boxes.append(
                (x0 + 0.06, y0 + 0.08, width - 0.12, height / nodes_per_rack - 0.16, "compute")
            )
            for i in range(p["npus_per_node"]):
                row, col = divmod(i, per_row)
                pos[node * p["npus_per_node"] + i] = (
                    x0 + (col + 0.5) * width / per_row,
                    y0 + 1.25 - row * 0.5,
                )
            for j in range(p["l1_per_node"]):
                pos[("L1", node, j)] = (x0 + (j + 0.5) * width / p["l1_per_node"], y0 + 0.3)
    total = len(order) * (width + gap) - gap
    labels = (
        (half * (width + gap) / 2 - gap / 2, -0.5, f"{half} compute racks", "center"),
        (
            (half + p["switch_racks"] / 2) * (width + gap) - gap / 2,
            -0.5,
            f"{p['switch_racks']} switch racks (L2)",
            "center",
        ),
        (total - half * (width + gap) / 2 + gap / 2, -0.5, f"{half} compute racks", "center"),
    )
    return RackLayout(pos, tuple(boxes), labels)


@lru_cache(maxsize=2)
def rack_layout(system: str) -> RackLayout:
    """The schematic rack layout of "nvl72" or "cm384" (cached)."""
    system = checks.system("system", system).key
    topology.system_of(system)
    return _nvl72_racks() if system == "nvl72" else _cm384_racks()


BOX_STYLES: dict[str, dict[str, Any]] = {
    "rack": {"facecolor": "#F4F4F4", "edgecolor": plots.INK, "linewidth": 1.2},
    "compute": {"facecolor": "white", "edgecolor": "#888888", "linewidth": 0.6},
    "switch": {"facecolor": "#E8E8E8", "edgecolor": "#888888", "linewidth": 0.6},
}


@lru_cache(maxsize=256)
def system_route(system: str, chip_a: int, chip_b: int) -> topology.Route:
    """:func:`helpers.topology.route` between two chips of a real system (cached)."""
    system = checks.system("system", system).key
    return topology.route(topology.cached_build(system), chip_a, chip_b)


def _chip(system: str, chip: int) -> int:
    return int(min(max(int(chip), 0), topology.system_of(system).n - 1))


def draw_racks(ax: Axes, system: str = "cm384", chip_a: int = 0, chip_b: int = 383) -> None:
    """The racks of a real system with every chip in place, and a shortest route between chips
    A and B (orange): thin lines from A to every switch chip it is wired to, a thick line along
    the route; the title gives the links and switch chips crossed (:func:`_racks`, then
    :func:`_rack_route`)."""
    _racks(ax, system)
    _rack_route(ax, system, chip_a, chip_b)


def _racks(ax: Axes, system: str = "cm384") -> None:
    """The kept layer of :func:`draw_racks`: the racks, every chip in place, fixed limits."""
    system = checks.system("system", system).key
    layout = rack_layout(system)
    graph = topology.cached_build(system)
    patches = [Rectangle((x, y), w, h) for x, y, w, h, _ in layout.boxes]
    kinds = [k for *_, k in layout.boxes]
    ax.add_collection(
        PatchCollection(
            patches,
            facecolors=[BOX_STYLES[k]["facecolor"] for k in kinds],
            edgecolors=[BOX_STYLES[k]["edgecolor"] for k in kinds],
            linewidths=[BOX_STYLES[k]["linewidth"] for k in kinds],
        ),
        autolim=False,
    )
    style = plots.system_style(system)
    ends = np.array([layout.pos[v] for v in topology.endpoints(graph)])
    switches = np.array(
        [layout.pos[v] for v, k in graph.nodes(data="kind") if k == topology.SWITCH]
    )
    small = system == "cm384"
    ax.scatter(
        *ends.T,
        s=9 if small else 60,
        marker="s",
        color=style["color"],
        edgecolors=plots.INK,
        linewidths=0.3,
        zorder=3,
    )
    ax.scatter(*switches.T, s=7 if small else 70, marker="D", color=plots.INK, zorder=3)
    for x, y, text, ha in layout.labels:
        va = "top" if ha == "center" else "center"
        ax.annotate(text, (x, y), ha=ha, va=va, fontsize=11, annotation_clip=False)
    xs, ys = _rack_span(layout)
    left = 0.3 if system == "cm384" else 0.9 * (max(xs) - min(xs))
    ax.set_xlim(min(xs) - left, max(xs) + 0.3)
    span = max(ys) - min(ys)
    ax.set_ylim(min(ys) - 0.06 * span - 0.6, max(ys) + 0.04 * span)
    ax.set_axis_off()


def _rack_span(layout: RackLayout) -> tuple[list[float], list[float]]:
    """The x and the y of every rack and tray box's edges."""
    xs = [x for x, *_ in layout.boxes] + [x + w for x, _, w, *_ in layout.boxes]
    ys = [y for _, y, *_ in layout.boxes] + [y + h for _, y, _, h, _ in layout.boxes]
    return xs, ys


def _rack_route(ax: Axes, system: str, chip_a: int, chip_b: int) -> None:
    """The top layer of :func:`draw_racks`: chip A's links, the route to chip B, their labels
    and the title."""
    system = checks.system("system", system).key
    layout = rack_layout(system)
    graph = topology.cached_build(system)
    a, b = _chip(system, chip_a), _chip(system, chip_b)
    r = system_route(system, a, b)
    fan = [np.array([layout.pos[a], layout.pos[v]]) for v in graph.neighbors(a)]
    ax.add_collection(
        LineCollection(fan, colors=ROUTE, linewidths=0.8, alpha=0.7, zorder=4), autolim=False
    )
    path = np.array([layout.pos[v] for v in r.path])
    ax.plot(
        *path.T,
        color=ROUTE,
        linewidth=3.5,
        marker="o",
        markersize=6,
        markeredgecolor=plots.INK,
        zorder=5,
    )
    xs, _ = _rack_span(layout)
    for chip, text in _ends(a, b):
        x, y = layout.pos[chip]
        flip = x > max(xs) - 0.15 * (max(xs) - min(xs))  # near the right edge: label to the left
        ax.annotate(
            text,
            (x, y),
            xytext=(-6 if flip else 6, 6),
            textcoords="offset points",
            ha="right" if flip else "left",
            fontsize=14,
            fontweight="bold",
            color=plots.INK,
            zorder=7,  # above the outline of chip A's node (zorder 6)
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.8},
        )
    name = topology.system_of(system).short
    crossing = (
        "the same chip"
        if a == b
        else f"{r.hops} links, {_count(len(r.switches), 'switch chip')}, "
        f"{_count(r.paths, 'shortest path')}"
    )
    ax.set_title(f"{name}, chip {a} to chip {b}: {crossing}", fontsize=14, y=1.0)


def node_layout(fig: Figure) -> np.ndarray:
    """Two panels, one above the other: the racks (tall) and one node enlarged (short)."""
    grid = fig.add_gridspec(2, 1, height_ratios=(3.0, 1.3))
    return np.array([fig.add_subplot(grid[0]), fig.add_subplot(grid[1])])


def draw_node(ax: Axes, chip_a: int = 0, chip_b: int = 383) -> None:
    """Chip A's node of the CM384, enlarged: its NPUs (squares), its first-level UB switch chips
    (diamonds, one per plane) and the links between them (each NPU has one link per die to every
    L1 chip), with chip A's links and the first hop of the route to chip B in orange
    (:func:`_node`, then :func:`_node_route`)."""
    _node(ax)
    _node_route(ax, chip_a, chip_b)


def _node_places() -> tuple[dict[int, float], dict[int, float]]:
    """The x of a CM384 node's NPUs (by their index in the node) and L1 chips (by plane)."""
    p = topology.cm384_parts()
    npus, planes = p["npus_per_node"], p["planes"]
    return (
        {i: float(i) for i in range(npus)},
        {j: (npus - 1) * (j + 0.5) / planes for j in range(planes)},
    )


def _node(ax: Axes) -> None:
    """The kept layer of :func:`draw_node`: every node's links, the same for each, and its
    notes."""
    p = topology.cm384_parts()
    npu_x, l1_x = _node_places()
    lines = [[(x, 0.0), (l1, 1.0)] for x in npu_x.values() for l1 in l1_x.values()]
    ax.add_collection(LineCollection(lines, colors="#999999", linewidths=0.6), autolim=False)
    ups = [[(x, 1.0), (x, 1.45)] for x in l1_x.values()]
    ax.add_collection(
        LineCollection(ups, colors=LINK_STYLES[topology.OPTICAL]["color"], linewidths=2.0)
    )
    xs = np.array(list(npu_x.values()))
    blue = LINK_STYLES[topology.OPTICAL]["color"]
    ax.text(
        xs.max() + 0.4,
        1.25,
        f"{p['l1_uplinks']} optical\nlinks up",
        ha="left",
        va="center",
        fontsize=10,
        color=blue,
    )
    ax.text(-0.45, 0.0, "NPUs", ha="right", va="center", fontsize=10)
    ax.text(-0.45, 1.0, "L1 switches", ha="right", va="center", fontsize=10)
    ax.set_xlim(-1.9, xs.max() + 1.9)  # room for the notes inside the axes: no layout change
    ax.set_ylim(-0.75, 1.6)
    ax.set_axis_off()


def _node_route(ax: Axes, chip_a: int, chip_b: int) -> None:
    """The top layer of :func:`draw_node`: chip A's links and the route's first hop, over the
    node's chips, their labels and the title."""
    graph = topology.cached_build("cm384")
    a, b = _chip("cm384", chip_a), _chip("cm384", chip_b)
    p = topology.cm384_parts()
    node = graph.nodes[a]["node"]
    first = node * p["npus_per_node"]
    places, l1_x = _node_places()
    npu_x = {first + i: x for i, x in places.items()}
    route = system_route("cm384", a, b)
    hops = [v for v in route.path if isinstance(v, tuple) and v[0] == "L1" and v[1] == node]
    mine = [[(npu_x[a], 0.0), (x, 1.0)] for x in l1_x.values()]
    ax.add_collection(LineCollection(mine, colors=ROUTE, linewidths=2.0), autolim=False)
    for hop in hops:  # the route through this node: thick, as in the racks above
        ends = [npu_x[v] for v in (a, b) if v in npu_x]
        for x in ends:
            ax.plot([x, l1_x[hop[2]]], [0.0, 1.0], color=ROUTE, linewidth=3.5, zorder=3)
        ax.plot(l1_x[hop[2]], 1.0, marker="D", markersize=15, color=ROUTE, zorder=3)
    style = plots.system_style("cm384")
    xs = np.array(list(npu_x.values()))
    ax.scatter(
        xs,
        np.zeros_like(xs),
        s=260,
        marker="s",
        color=style["color"],
        edgecolors=plots.INK,
        linewidths=0.8,
        zorder=4,
    )
    ax.scatter(list(l1_x.values()), np.ones(len(l1_x)), s=90, marker="D", color=plots.INK, zorder=4)
    # Few texts: each costs a millisecond or more of every redraw.
    for chip, text in _ends(a, b):
        if chip in npu_x:
            ax.text(npu_x[chip], -0.25, text, ha="center", va="top", fontsize=13, fontweight="bold")
    ax.set_title(f"Node {node} (chip A's), enlarged", fontsize=12, y=1.0)


def draw_racks_and_node(
    axes: np.ndarray, system: str = "cm384", chip_a: int = 0, chip_b: int = 383
) -> None:
    """:func:`draw_racks` of the CM384 above, chip A's node enlarged below (:func:`draw_node`),
    with that node outlined in the racks (:func:`_racks_and_node`, then
    :func:`_racks_and_node_route`)."""
    system = checks.system("system", system).key
    _racks_and_node(axes, system)
    _racks_and_node_route(axes, system, chip_a, chip_b)


def _racks_and_node(axes: np.ndarray, system: str = "cm384") -> None:
    """The kept layer of :func:`draw_racks_and_node`."""
    _racks(axes[0], system)
    _node(axes[1])


def _racks_and_node_route(axes: np.ndarray, system: str, chip_a: int, chip_b: int) -> None:
    """The top layer of :func:`draw_racks_and_node`."""
    system = checks.system("system", system).key
    _rack_route(axes[0], system, chip_a, chip_b)
    layout = rack_layout(system)
    node = topology.cached_build(system).nodes[_chip(system, chip_a)]["node"]
    x, y, w, h, _ = [box for box in layout.boxes if box[4] == "compute"][node]
    axes[0].add_patch(Rectangle((x, y), w, h, fill=False, edgecolor=ROUTE, linewidth=2.5, zorder=6))
    _node_route(axes[1], chip_a, chip_b)


def _ends(a: Any, b: Any) -> tuple[tuple[Any, str], ...]:
    """The labels of a route's two chips: one "A = B" when they are the same chip (two labels
    would print on top of each other)."""
    return ((a, "A = B"),) if a == b else ((a, "A"), (b, "B"))


def describe_route(system: str = "cm384", chip_a: int = 0, chip_b: int = 383) -> str:
    """The route of :func:`draw_racks` in words: where A and B sit and what lies between."""
    system = checks.system("system", system).key
    graph = topology.cached_build(system)
    a, b = _chip(system, chip_a), _chip(system, chip_b)
    r = system_route(system, a, b)
    steps = " → ".join(_where(graph, v) for v in r.path)
    m = topology.cached_metrics(system)
    rows = [
        ("route", steps),
        (
            "length",
            f"{r.hops} links; {_count(len(r.switches), 'switch chip')} crossed; "
            f"{_count(r.paths, 'shortest path')} to spread traffic over",
        ),
        ("any two chips", f"at most {m['diameter']} links; {m['mean_hops']:.3g} links on average"),
    ]
    if system == "cm384":
        p = topology.cm384_parts()
        node = graph.nodes[a]["node"]
        first = node * p["npus_per_node"]
        rows.append(
            (
                "chip A's node (enlarged)",
                f"NPUs {first}-{first + p['npus_per_node'] - 1} and {p['l1_per_node']} "
                f"first-level switch chips, one per plane; each NPU has {p['dies']} links (one "
                f"per die) to every one of them, electrical; each first-level chip has "
                f"{p['l1_uplinks']} optical links up, one to every second-level chip of its plane",
            )
        )
    return _html_table(rows)


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _where(graph: Any, v: Any) -> str:
    data = graph.nodes[v]
    if data["kind"] == topology.ENDPOINT:
        if "node" in data:
            return f"NPU {v} (node {data['node']}, rack {data['rack']})"
        return f"GPU {v} (tray {data['tray']})"
    if v[0] == "NVSwitch":
        return f"NVSwitch {v[1]} (switch tray {data['tray']})"
    if v[0] == "L1":
        return f"L1 switch {v[2]} of node {v[1]}"
    return f"L2 switch {v[2]} of plane {v[1]}"


@builder
def chip_route(system: str = "cm384") -> FigureWidget:
    """Pick two chips of a real system; see where they sit and the shortest route between them."""
    system = checks.system("system", system).key
    chosen = topology.system_of(system)
    n = chosen.n
    controls = {
        "chip_a": slider("Chip A:", 0, 0, n - 1),
        "chip_b": slider("Chip B:", n - 1, 0, n - 1),
    }
    layout = rack_layout(system)
    wide = system == "cm384"
    p = topology.nvl72_parts()
    above = int(specs.get("nvl72.compute_trays_above_switches").value)
    where = (
        " Below, chip A's node enlarged (outlined in orange in the racks), with chip A's links "
        "to its first-level switch chips."
        if wide
        else f" As in NVIDIA's rack, {above} compute trays sit above the switch trays and "
        f"{p['compute_trays'] - above} below; power shelves and other trays are not drawn."
    )
    return LayeredFigureWidget(
        _racks_and_node if wide else _racks,
        _racks_and_node_route if wide else _rack_route,
        controls,
        background_keys=("system",),
        describe=describe_route,
        layout=node_layout if wide else None,
        figsize=(10.0, 7.6) if wide else (9.0, 6.5),
        fixed={"system": system},
        caption=f"The {chosen.name} in its rack{'s' if chosen.racks.value > 1 else ''} (schematic; "
        f"{len(layout.pos) - n} switch chips as black diamonds, chips as coloured squares). "
        "Orange: thin lines from chip A to every switch chip it is wired to, a thick line along "
        "one shortest route to chip B; the title counts links, switch chips and the shortest "
        "routes there are." + where,
    )


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------
def systems_table() -> Table:
    """NVL72, CM384 and a hypothetical full mesh of the CM384's chips, side by side."""
    mesh_n = topology.system_of("cm384").n
    mesh = topology.formulas("full_mesh", mesh_n)
    nv = topology.cached_metrics("nvl72")
    cm = topology.cached_metrics("cm384")
    link = topology.one_way(topology.DEFAULT_LINK)
    chip_bw = specs.ASCEND_910C.scale_up_bandwidth.value
    per_link = chip_bw / (mesh_n - 1)
    rows = [
        ("chips", nv["endpoints"], cm["endpoints"], mesh_n),
        ("switch chips", nv["switches"], cm["switches"], 0),
        (
            "links (logical: the graph's)",
            f"{nv['links']:,}",
            f"{cm['links']:,}",
            f"{mesh['links']:,}",
        ),
        (
            "links at each chip",
            f"{nv['ports_per_endpoint']:.0f}",
            f"{cm['ports_per_endpoint']:.0f}",
            mesh_n - 1,
        ),
        ("diameter (links)", nv["diameter"], cm["diameter"], mesh["diameter"]),
        ("mean hops (links)", f"{nv['mean_hops']:.3g}", f"{cm['mean_hops']:.3g}", 1),
        (
            "bisection (links)",
            f"{nv['bisection_links']:,}",
            f"{cm['bisection_links']:,}",
            f"{mesh['bisection_links']:,}",
        ),
        (
            "bisection bandwidth, one direction",
            si(nv["bisection_bandwidth"], "B/s"),
            si(cm["bisection_bandwidth"], "B/s"),
            f"{si(mesh['bisection_links'] * per_link, 'B/s')} (chip's {si(chip_bw, 'B/s')} "
            f"split over {mesh_n - 1} links)",
        ),
        (
            "bandwidth of one direct link",
            "none: via switches",
            "none: via switches",
            f"{si(per_link, 'B/s')} (vs {si(link, 'B/s')} for one UB link)",
        ),
        (
            "optical links of the graph, scale-up",
            f"{nv['optical_links']:,}",
            f"{cm['optical_links']:,}",
            "depends on packaging",
        ),
        (
            "optical cables, scale-up",
            f"{nv['optical_cables']:,}",
            f"{cm['optical_cables']:,}",
            "depends on packaging",
        ),
        (
            "optical modules, scale-up",
            f"{nv['transceivers']:,}",
            f"{cm['transceivers']:,}",
            "depends on packaging",
        ),
    ]
    return Table(
        ("", "GB200 NVL72", "CloudMatrix 384", f"full mesh of {mesh_n} (hypothetical)"),
        rows,
        caption="Measured on the graphs of helpers.topology. Links are the graph's logical links; "
        f"optical modules: {topology.TRANSCEIVER_RULE}; the CM384 carries "
        f"{topology.cached_build('cm384').graph['links_per_cable']} logical links per cable.",
    )


#: Chip pairs that show every kind of route in the two systems.
ROUTE_EXAMPLES: tuple[tuple[str, str, int, int], ...] = (
    ("nvl72", "same compute tray", 0, 1),
    ("nvl72", "different trays", 0, 71),
    ("cm384", "same node", 0, 1),
    ("cm384", "same rack, other node", 0, 8),
    ("cm384", "different racks", 0, 383),
)


def routes_table() -> Table:
    """Hops between chips of the two systems, near and far, with the shortest-route count."""
    rows = []
    for system, where, a, b in ROUTE_EXAMPLES:
        r = system_route(system, a, b)
        rows.append(
            (
                topology.system_of(system).short,
                where,
                f"{a} to {b}",
                r.hops,
                len(r.switches),
                r.paths,
            )
        )
    return Table(
        ("system", "chips", "pair", "links", "switch chips crossed", "shortest routes"),
        rows,
        caption="Shortest routes between two chips (networkx shortest paths on the systems' "
        "graphs).",
    )


def transceiver_table() -> Table:
    """The CM384's optical scale-up network counted three ways, each with its rule and the
    bandwidth per NPU it implies: the graph's logical links, the physical cables, and the modules
    at their ends (SemiAnalysis's count), then with the scale-out modules added."""
    graph = topology.cached_build("cm384")
    m = topology.cached_metrics("cm384")
    p = topology.cm384_parts()
    n = specs.CM384.n
    link = topology.one_way(topology.DEFAULT_LINK)
    module = specs.get("cm384.transceiver_rate").value
    ports = specs.get("cm384.ub_optical_ports_per_node").value
    sa_up = specs.get("cm384.transceivers_scale_up").value
    out = specs.get("cm384.transceivers_scale_out").value
    links, cables, modules = m["optical_links"], m["optical_cables"], m["transceivers"]
    per_cable = graph.graph["links_per_cable"]
    rows = [
        (
            "logical L1-L2 links (the graph's)",
            f"{p['nodes'] * p['l1_per_node']} first-level switches x {p['l1_uplinks']} uplinks "
            "(the paper's topology)",
            f"{links:,}",
            f"{links / n:g}",
            f"{links / n:g} x {si(link, 'B/s')} = {si(links / n * link, 'B/s')} (the paper)",
        ),
        (
            "optical cables (physical links)",
            f"{per_cable} logical links per cable; {p['nodes']} nodes x {ports:.0f} ports "
            "(the wiring scheme)",
            f"{cables:,}",
            f"{cables / n:g}",
            f"{cables / n:g} x {si(module, 'B/s')} (one 400G module) = "
            f"{si(cables / n * module, 'B/s')} (SemiAnalysis)",
        ),
        (
            "optical modules (transceivers)",
            topology.TRANSCEIVER_RULE.split(";")[0],
            f"{modules:,}" + (" = SemiAnalysis's count" if modules == sa_up else ""),
            f"{modules / n:g}",
            "-",
        ),
        (
            "modules with the scale-out network",
            f"+ SemiAnalysis's {out:,.0f} scale-out modules",
            f"{modules + out:,.0f}",
            f"{(modules + out) / n:g}",
            "-",
        ),
    ]
    return Table(
        ("counted", "rule", "CM384", "per NPU", "bandwidth per NPU it implies, one direction"),
        rows,
        caption="The optical part of the CM384's scale-up network, counted on the graph of "
        "helpers.topology: a logical link is an edge of the graph, a cable is a physical link, "
        "and each cable has a module at each end. Always give a count with its rule.",
    )


def metrics_table(topology_name: str = "torus2d", n: int = 16) -> Table:
    """The metrics of one topology as a table (what :func:`describe_topology` shows)."""
    size = _size(topology_name, n)
    m = topology.cached_metrics(topology_name, size)
    label = topology.label(topology_name)
    return Table(
        ("quantity", "value"),
        metric_rows(m),
        caption=f"{label}, {m['endpoints']} chips (helpers.topology.metrics). "
        + link_note(topology_name),
    )


def link_note(topology_name: str) -> str:
    """What one link of the topology carries: the real systems' own links, or, for the
    abstract topologies, the course's default link (one UB link of the Ascend 910C)."""
    if topology.is_system(topology_name):
        return "Links as built in the real system."
    link = si(topology.one_way(topology.DEFAULT_LINK), "B/s")
    return f"Every link carries {link} one direction: one UB link of the Ascend 910C."


def _one_way_or_none(fig: specs.Figure | None) -> float | None:
    return None if fig is None else topology.one_way(fig)


def domain_table(systems: Any = None) -> Table:
    """The scale-up domains of ``systems`` (the article's two by default): chips, racks, and a
    chip's bandwidth to its own memory, to the other chips of its domain, and beyond the domain
    ("not published" where its maker gives no figure)."""
    rows = []
    chosen = checks.systems("systems", systems)
    if systems is None:  # the article's two, the smaller domain first
        chosen = tuple(sorted(chosen, key=lambda s: s.domain_size))
    for system in chosen:
        chip = system.chip
        up, out = (
            _one_way_or_none(chip.scale_up_bandwidth),
            _one_way_or_none(chip.scale_out_bandwidth),
        )
        hbm = None if chip.hbm_bandwidth is None else chip.hbm_bandwidth.value

        def show(x: float | None, unit: str = "B/s") -> str:
            return topology.NOT_PUBLISHED if x is None else si(x, unit)

        rows.append(
            (
                system.name,
                f"{system.domain_size:,}",
                topology.NOT_PUBLISHED if system.racks is None else f"{system.racks.value:,.0f}",
                show(hbm),
                show(up),
                "-" if up is None or hbm is None else f"{100 * up / hbm:.0f} %",
                show(out),
                "-" if up is None or out is None else f"{up / out:.1f}x",
            )
        )
    return Table(
        (
            "system",
            "chips in the domain",
            "racks",
            "own HBM per chip",
            "scale-up per chip",
            "scale-up / own HBM",
            "scale-out per chip",
            "scale-up / scale-out",
        ),
        rows,
        caption="Bandwidths in one direction, from helpers.specs: a chip reads its own memory "
        "(HBM), the other chips of its domain over its scale-up links, and beyond the domain over "
        "one scale-out network card.",
    )


def _network_text(system: specs.System) -> str:
    """A system's scale-up network in words: its name and medium, or "not published"."""
    up = system.scale_up
    if up is None:
        return topology.NOT_PUBLISHED
    medium = f"medium {topology.NOT_PUBLISHED}" if up.medium == "unpublished" else up.medium
    return f"{up.name} ({medium})"


def _diameter_text(system: specs.System) -> str:
    """The diameter of a system's graph in links (closed form), or why there is none."""
    if not topology.has_graph(system):
        return f"topology {topology.NOT_PUBLISHED}"
    return _count(topology.formulas(system.key)["diameter"], "link")


def domain_size_table(systems: Any = None) -> Table:
    """How many chips one scale-up domain of each of ``systems`` (the article's two by default)
    joins, beside the whole system: announced or shipped (with its date), its chips, the chips
    of one domain, its scale-up network and the diameter of its graph ("not published" where its
    maker gives none)."""
    rows = [
        (
            s.name,
            f"{s.status} {s.date}".strip(),
            f"{s.n:,}",
            f"{s.domain_size:,}",
            _network_text(s),
            _diameter_text(s),
        )
        for s in checks.systems("systems", systems)
    ]
    return Table(
        (
            "system",
            "announced or shipped",
            "chips",
            "chips in one scale-up domain",
            "scale-up network",
            "diameter of its graph",
        ),
        rows,
        caption="Chips one scale-up domain joins (helpers.specs System.domain_size): what a "
        "collective reaches over scale-up links before it needs the scale-out network. "
        "Diameters from the closed forms of helpers.topology, where the topology is published.",
    )


# ---------------------------------------------------------------------------------------------
# The static figures of notebook 05, with captions computed from the figures
# ---------------------------------------------------------------------------------------------
def growth_picture() -> plots.Picture:
    """:func:`draw_growth` with its caption."""
    return plots.show(
        draw_growth,
        "Links, switch chips, diameter and bisection bandwidth against the number of chips, "
        "log-log, for each topology (closed forms of helpers.topology); the NVL72 (green square) "
        "and the CM384 (vermillion circle) on their graphs. The bisection is in chips' worth of "
        "bandwidth when every chip has the same bandwidth, shared by its links: links cut / "
        "links per chip. A straight line of slope 2 grows as n².",
        layout=growth_layout,
        figsize=(11, 9),
    )


def full_mesh_price_picture() -> plots.Picture:
    """:func:`draw_full_mesh_price` with its caption."""
    return plots.show(
        draw_full_mesh_price,
        "Links each chip needs in a full mesh (n - 1, dotted) against the scale-up links of the "
        f"{specs.ASCEND_910C.name} and the {specs.B200.name} (horizontal lines). Sources: "
        "Huawei's CloudMatrix paper, NVIDIA.",
    )


def draw_domain_sizes(ax: Axes, systems: Any = None) -> None:
    """Chips in one scale-up domain of each of ``systems`` (the article's two by default; bars
    in the systems' colours and hatches), beside the chips of the whole system where it has
    more (an empty outline), on a log scale, the first system at the top."""
    shown = checks.systems("systems", systems)
    y = np.arange(len(shown))[::-1]
    for row, s in zip(y, shown, strict=True):
        style = plots.bar_style(s) | {"label": None}
        if s.n > s.domain_size:
            ax.barh(row, s.n, height=0.6, fill=False, edgecolor=plots.INK, linestyle="--")
            plots.label_right(ax, s.n, row, f"whole system {s.n:,}", fontsize=11)
        ax.barh(row, s.domain_size, height=0.6, **style)
        plots.label_right(
            ax,
            s.domain_size,
            row,
            f"{s.domain_size:,}",
            fontsize=12,
            fontweight="bold",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
        )
    ax.set_yticks(y, [f"{s.name}\n{s.status} {s.date}".strip() for s in shown], fontsize=11)
    ax.set_xscale("log")
    top = max(s.n for s in shown) * 30
    ax.set_xlim(1, top)
    ax.xaxis.set_major_locator(FixedLocator([10.0**e for e in range(int(np.log10(top)) + 1)]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("chips (log scale)")
    ax.grid(axis="y", visible=False)
    big = max(shown, key=lambda s: s.domain_size)
    ax.set_title(
        f"Chips in one scale-up domain: up to {big.domain_size:,} ({big.short})", fontsize=14
    )


def domain_sizes_picture(systems: Any = None) -> plots.Picture:
    """:func:`draw_domain_sizes` of ``systems`` (the article's two by default) with its
    caption."""
    names = ", ".join(s.short for s in checks.systems("systems", systems))
    return plots.show(
        draw_domain_sizes,
        f"Chips in one scale-up domain ({names}; filled bars, each system's colour and hatch) "
        "and, where the system has more, the chips of the whole system (dashed outline), log "
        "scale; under each name, whether it is announced or shipped, and when. Sources: the "
        "makers' announcements in helpers.specs.",
        figsize=(10, 1.2 + 0.9 * len(names.split(", "))),
        systems=systems,
    )


def domain_bandwidth_picture(systems: Any = None) -> plots.Picture:
    """:func:`draw_domain_bandwidth` of ``systems`` (the article's two by default) with its
    caption."""
    keys = topology.system_keys(systems, smallest_first=systems is None)
    sizes = " and ".join(str(topology.system_of(name).domain_size) for name in keys)
    cards = [topology.system_of(k).chip.scale_out_bandwidth for k in keys]
    out = min(topology.one_way(c) for c in cards if c is not None) * specs.BITS_PER_BYTE
    return plots.show(
        draw_domain_bandwidth,
        "Bisection bandwidth per chip, one direction, against the number of chips in a job: the "
        f"chip's scale-up bandwidth inside one domain (dotted vertical lines: {sizes} chips), "
        f"its {si(out, 'b/s')} scale-out card beyond. Sources: NVIDIA, Huawei's CloudMatrix "
        "paper, SemiAnalysis.",
        systems=keys,
    )
