"""Blast radius: what one failed part costs in a 72-chip and in a 384-chip scale-up domain.

Every number is read off the graphs of :mod:`helpers.topology` (built from :mod:`helpers.specs`):
which chips a failed part touches, and what share of their scale-up bandwidth they lose. Units:
fractions (0 to 1) and counts. Expected failures per year multiply a part count by an annual
failure rate, an assumption of the course with its range (``link.optical_module_afr``).

Parts: ``"chip"`` (an accelerator), ``"link"`` (one chip-to-switch link), ``"first_level_switch"``
(an NVSwitch chip, or a CM384 first-level UB switch inside a node) and ``"second_level_switch"``
(a CM384 second-level UB switch; the NVL72 has none).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import networkx as nx

from . import checks, specs, topology
from .tables import Table
from .units import percent

Part = Literal["chip", "link", "first_level_switch", "second_level_switch"]
PARTS: tuple[Part, ...] = ("chip", "link", "first_level_switch", "second_level_switch")
SYSTEM_KEYS = ("nvl72", "cm384")
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Blast:
    """What one failed part does to its scale-up domain.

    Attributes:
        system: "nvl72" or "cm384".
        part: one of :data:`PARTS`.
        what: the part in words ("one NVSwitch chip").
        domain_chips: chips in the domain.
        chips_touched: chips that lose compute or bandwidth.
        bandwidth_lost: share of each touched chip's bandwidth that is gone (of its own links for
            a chip-level part; of its node's links to other nodes for a second-level switch).
        compute_lost: share of the domain's chips that stop.
        note: how to read it.
    """

    system: str
    part: Part
    what: str
    domain_chips: int
    chips_touched: int
    bandwidth_lost: float
    compute_lost: float
    note: str

    @property
    def share_touched(self) -> float:
        """Share of the domain's chips that notice the failure (0 to 1)."""
        return self.chips_touched / self.domain_chips


def _check(system: str, part: str) -> None:
    if not isinstance(system, str) or system not in SYSTEM_KEYS:
        raise ValueError(f"system={system!r} is not one of {SYSTEM_KEYS}")
    if part not in PARTS:
        raise ValueError(f"part={part!r} is not one of {PARTS}")


def _attached_bandwidth(graph: nx.Graph, node: object) -> float:
    return sum(graph.edges[node, other]["bandwidth"] for other in graph.neighbors(node))


def _switches(graph: nx.Graph, level: int) -> list:
    return sorted(
        (n for n, d in graph.nodes(data=True) if d["kind"] == "switch" and d.get("level") == level),
        key=str,
    )


def blast_radius(system: str, part: Part) -> Blast:
    """The blast radius of one failed ``part`` in ``system`` ("nvl72" or "cm384").

    Raises:
        ValueError: for an unknown system or part, or a second-level switch of the NVL72 (it has
            one level of switches).
    """
    system = checks.system("system", system).key  # the object, or "cm384" or "CM384"
    _check(system, part)
    graph = topology.cached_build(system)
    chips = topology.endpoints(graph)
    n = len(chips)
    chip = chips[0]
    if part == "chip":
        return Blast(
            system,
            part,
            "one accelerator",
            n,
            1,
            1.0,
            1 / n,
            "A job spread over the whole domain stops until it restarts without that chip.",
        )
    if part == "link":
        switch = next(iter(graph.neighbors(chip)))
        edge = graph.edges[chip, switch]
        lost = edge["bandwidth"] / edge["links"] / _attached_bandwidth(graph, chip)
        return Blast(
            system,
            part,
            f"one {edge['medium']} link from a chip to a switch",
            n,
            1,
            lost,
            0.0,
            "Only that chip slows; traffic takes its other links.",
        )
    if part == "first_level_switch":
        switch = _switches(graph, 1)[0]
        touched = [c for c in graph.neighbors(switch) if graph.nodes[c]["kind"] == "endpoint"]
        lost = max(
            graph.edges[c, switch]["bandwidth"] / _attached_bandwidth(graph, c) for c in touched
        )
        what = "one NVSwitch chip" if system == "nvl72" else "one first-level UB switch (in a node)"
        return Blast(
            system,
            part,
            what,
            n,
            len(touched),
            lost,
            0.0,
            "Every chip wired to that switch loses the links it had to it.",
        )
    level2 = _switches(graph, 2)
    if not level2:
        raise ValueError(f"part={part!r}: system={system!r} has one level of switches")
    failed = level2[0]
    l1s = list(graph.neighbors(failed))
    touched = {c for s in l1s for c in graph.neighbors(s) if graph.nodes[c]["kind"] == "endpoint"}
    node_of = nx.get_node_attributes(graph, "node")
    node = node_of[next(iter(touched))]
    node_switches = [s for s in _switches(graph, 1) if graph.nodes[s]["node"] == node]
    uplink = sum(
        graph.edges[s, up]["bandwidth"]
        for s in node_switches
        for up in graph.neighbors(s)
        if graph.nodes[up].get("level") == 2
    )
    lost = sum(graph.edges[s, failed]["bandwidth"] for s in node_switches if failed in graph[s])
    return Blast(
        system,
        part,
        "one second-level UB switch (in a switch rack)",
        n,
        len(touched),
        lost / uplink,
        0.0,
        "Every node loses one of its links to the other nodes: a small cut in bandwidth "
        "between nodes for every chip.",
    )


def blasts() -> list[Blast]:
    """Every part of both systems, NVL72 first."""
    out = []
    for system in SYSTEM_KEYS:
        for part in PARTS:
            if part == "second_level_switch" and system == "nvl72":
                continue
            out.append(blast_radius(system, part))
    return out


def blast_table() -> Table:
    """The blast radius of each part in each system."""
    rows = [
        [
            specs.system(b.system).short,
            b.what,
            f"{b.chips_touched} of {b.domain_chips} ({percent(b.share_touched, 2)})",
            percent(b.bandwidth_lost, 2),
            percent(b.compute_lost, 2),
        ]
        for b in blasts()
    ]
    return Table(
        ("system", "failed part", "chips touched", "bandwidth lost per touched chip", "chips lost"),
        rows,
        caption="One failed part in each scale-up domain, read off the topology graphs.",
    )


def scale_up_modules() -> tuple[int, int]:
    """(optical modules, optical cables) of the CM384's scale-up network, counted with their rule:
    every cable that leaves a node is optical and has a module at each end, so the modules are
    twice the cables (SemiAnalysis's 14 modules per NPU: 7 at the chip's side, 7 at the switch's).

    Not the topology graph's logical links: each cable carries two of them (see notebook 05).
    """
    modules = round(specs.get("cm384.transceivers_scale_up").value)
    cables = round(specs.get("cm384.optical_cables_scale_up").value)
    return modules, cables


#: How :func:`scale_up_modules` counts, in words.
MODULE_RULE = "a module at each end of every optical cable: 2 per cable"


def optical_failures_per_year() -> dict[str, float]:
    """Expected optical-module failures per year in the CM384's scale-up network, at the low,
    assumed and high annual failure rate (``link.optical_module_afr``); modules counted by
    :func:`scale_up_modules`."""
    modules, _cables = scale_up_modules()
    afr = specs.get("link.optical_module_afr")
    return {"low": modules * afr.low, "assumed": modules * afr.value, "high": modules * afr.high}


def days_between_failures(parts: float, annual_rate: float) -> float:
    """Mean days between failures among ``parts`` parts that each fail at ``annual_rate`` a year
    (failures a year = parts x rate; failures are taken as independent)."""
    if parts <= 0:
        raise ValueError(f"parts={parts!r} must be positive")
    if annual_rate <= 0:
        raise ValueError(f"annual_rate={annual_rate!r} must be positive")
    return DAYS_PER_YEAR / (parts * annual_rate)


def failures_table() -> Table:
    """Optical modules and the failures a year they imply, at the assumed annual failure rate and
    the ends of its range; the NVL72's scale-up spine is passive copper."""
    afr = specs.get("link.optical_module_afr")
    modules, cables = scale_up_modules()
    per_npu = modules / specs.CM384.chips.value
    rows = [
        [
            "CM384",
            f"{modules:,} on {cables:,} cables: {MODULE_RULE} ({per_npu:g} per NPU)",
            f"{modules * afr.value:.0f}",
            f"{modules * afr.low:.0f}-{modules * afr.high:.0f}",
            f"{days_between_failures(modules, afr.value):.0f} days",
        ],
        ["NVL72", "0: passive copper inside the rack", "0", "0", "-"],
    ]
    return Table(
        (
            "system",
            "optical modules in the scale-up network",
            "module failures a year",
            "range",
            "one failure every",
        ),
        rows,
        caption=f"At an assumed {percent(afr.value, 2)} of modules failing a year "
        f"({percent(afr.low, 2)}-{percent(afr.high, 2)}): an assumption, see its note in specs. "
        "Module counts: SemiAnalysis.",
    )
