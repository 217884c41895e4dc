"""Blast radius: what one failed part costs in a scale-up domain (the article's 72-chip and
384-chip ones by default).

Every number is read off the graphs of :mod:`helpers.topology` (built from :mod:`helpers.specs`):
which chips a failed part touches, and what share of their scale-up bandwidth they lose. Units:
fractions (0 to 1) and counts. Expected failures per year multiply a part count by an annual
failure rate, an assumption of the course with its range (``link.optical_module_afr``).

Parts: ``"chip"`` (an accelerator), ``"link"`` (one chip-to-switch link), ``"first_level_switch"``
(an NVSwitch chip, or a CM384 first-level UB switch inside a node) and ``"second_level_switch"``
(a CM384 second-level UB switch; the NVL72 has none).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from . import checks, specs, topology
from .specs import System
from .tables import Table
from .units import percent

Part = Literal["chip", "link", "first_level_switch", "second_level_switch"]
PARTS: tuple[Part, ...] = ("chip", "link", "first_level_switch", "second_level_switch")
DAYS_PER_YEAR = 365.25
NOT_PUBLISHED = "not published"


@dataclass(frozen=True)
class Blast:
    """What one failed part does to its scale-up domain.

    Attributes:
        system: the system's key ("nvl72", "cm384"...).
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


def _systems(systems: Sequence[System | str] | None) -> tuple[System, ...]:
    """``systems`` as records: the article's two by default, the baseline (NVL72) first."""
    if systems is None:
        return tuple(reversed(specs.ARTICLE_PAIR.systems))
    return checks.systems("systems", systems)


def graph(system: System | str) -> nx.Graph | None:
    """The scale-up graph of ``system`` (:mod:`helpers.topology`), or ``None`` when its topology
    is not published (no graph to read a blast radius off)."""
    system = checks.system("system", system)
    try:
        return topology.cached_build(system.key)
    except ValueError:
        return None


def _attached_bandwidth(graph: nx.Graph, node: object) -> float:
    return sum(graph.edges[node, other]["bandwidth"] for other in graph.neighbors(node))


def _switches(graph: nx.Graph, level: int) -> list:
    return sorted(
        (n for n, d in graph.nodes(data=True) if d["kind"] == "switch" and d.get("level") == level),
        key=str,
    )


def _network(system: System) -> str:
    """The scale-up network's name and a space ("UB "), or nothing when the record has none."""
    return f"{system.scale_up.name.split()[0]} " if system.scale_up else ""


def _switch_words(system: System, g: nx.Graph, level: int) -> str:
    """One switch of ``level`` in words, from the records: its name where the topology gives
    one ("one NVSwitch chip"), else its level and network, and where it sits (in a node, in a
    switch rack) where the graph or the figures say so."""
    params = system.topology.params if system.topology else {}
    if level == 1 and params.get("switch_name"):
        return f"one {params['switch_name']} chip"
    ordinal = {1: "first", 2: "second"}[level]
    text = f"one {ordinal}-level {_network(system)}switch"
    if level == 1 and any("node" in d for n, d in g.nodes(data=True) if d["kind"] == "switch"):
        text += " (in a node)"
    if level == 2 and f"{system.key}.switch_racks" in specs.FIGURES:
        text += " (in a switch rack)"
    return text


def blast_radius(system: System | str, part: Part) -> Blast:
    """The blast radius of one failed ``part`` in ``system`` (its record or key).

    Raises:
        ValueError: for an unknown system or part, a system whose topology is not published, or
            a second-level switch of a system with one level of switches (the NVL72).
    """
    system = checks.system("system", system)  # the object, or "cm384" or "CM384"
    if part not in PARTS:
        raise ValueError(f"part={part!r} is not one of {PARTS}")
    g = graph(system)
    if g is None:
        raise checks.NotPublished(f"system={system.key!r}: its topology is {NOT_PUBLISHED}")
    chips = topology.endpoints(g)
    n = len(chips)
    chip = chips[0]
    key = system.key
    if part == "chip":
        return Blast(
            key,
            part,
            "one accelerator",
            n,
            1,
            1.0,
            1 / n,
            "A job spread over the whole domain stops until it restarts without that chip.",
        )
    if part == "link":
        switch = next(iter(g.neighbors(chip)))
        edge = g.edges[chip, switch]
        lost = edge["bandwidth"] / edge["links"] / _attached_bandwidth(g, chip)
        return Blast(
            key,
            part,
            f"one {edge['medium']} link from a chip to a switch",
            n,
            1,
            lost,
            0.0,
            "Only that chip slows; traffic takes its other links.",
        )
    if part == "first_level_switch":
        switch = _switches(g, 1)[0]
        touched = [c for c in g.neighbors(switch) if g.nodes[c]["kind"] == "endpoint"]
        lost = max(g.edges[c, switch]["bandwidth"] / _attached_bandwidth(g, c) for c in touched)
        return Blast(
            key,
            part,
            _switch_words(system, g, 1),
            n,
            len(touched),
            lost,
            0.0,
            "Every chip wired to that switch loses the links it had to it.",
        )
    level2 = _switches(g, 2)
    if not level2:
        raise ValueError(f"part={part!r}: system={key!r} has one level of switches")
    failed = level2[0]
    l1s = list(g.neighbors(failed))
    touched = {c for s in l1s for c in g.neighbors(s) if g.nodes[c]["kind"] == "endpoint"}
    node_of = nx.get_node_attributes(g, "node")
    node = node_of[next(iter(touched))]
    node_switches = [s for s in _switches(g, 1) if g.nodes[s]["node"] == node]
    uplink = sum(
        g.edges[s, up]["bandwidth"]
        for s in node_switches
        for up in g.neighbors(s)
        if g.nodes[up].get("level") == 2
    )
    lost = sum(g.edges[s, failed]["bandwidth"] for s in node_switches if failed in g[s])
    return Blast(
        key,
        part,
        _switch_words(system, g, 2),
        n,
        len(touched),
        lost / uplink,
        0.0,
        "Every node loses one of its links to the other nodes: a small cut in bandwidth "
        "between nodes for every chip.",
    )


def parts_of(system: System | str) -> tuple[Part, ...]:
    """The parts :func:`blast_radius` reads off ``system``'s graph (a second-level switch only
    where it has two levels); none when its topology is not published."""
    g = graph(system)
    if g is None:
        return ()
    return tuple(p for p in PARTS if p != "second_level_switch" or _switches(g, 2))


def blasts(systems: Sequence[System | str] | None = None) -> list[Blast]:
    """Every part of each system whose topology is published (the article's two by default,
    NVL72 first)."""
    return [blast_radius(s, part) for s in _systems(systems) for part in parts_of(s)]


def blast_table(systems: Sequence[System | str] | None = None) -> Table:
    """The blast radius of each part in each system (the article's two by default); a system
    whose topology is not published has one row that says so."""
    rows = []
    for s in _systems(systems):
        if not parts_of(s):
            rows.append([s.short, f"topology {NOT_PUBLISHED}", "-", "-", "-"])
        for part in parts_of(s):
            b = blast_radius(s, part)
            rows.append(
                [
                    s.short,
                    b.what,
                    f"{b.chips_touched} of {b.domain_chips} ({percent(b.share_touched, 2)})",
                    percent(b.bandwidth_lost, 2),
                    percent(b.compute_lost, 2),
                ]
            )
    return Table(
        ("system", "failed part", "chips touched", "bandwidth lost per touched chip", "chips lost"),
        rows,
        caption="One failed part in each scale-up domain, read off the topology graphs.",
    )


def scale_up_modules(system: System | str | None = None) -> tuple[int, int] | None:
    """(optical modules, optical cables) of ``system``'s scale-up network (the article's
    challenger, the CM384, by default), counted with their rule: every cable that leaves a node
    is optical and has a module at each end, so the modules are twice the cables
    (SemiAnalysis's 14 modules per NPU: 7 at the chip's side, 7 at the switch's); ``None`` when
    no source counts them (``<key>.transceivers_scale_up``).

    Not the topology graph's logical links: each cable carries two of them (see notebook 05).
    The same figures as :func:`helpers.comm.transceiver_power`'s scale-up counts.
    """
    system = checks.system("system", system or specs.ARTICLE_PAIR.challenger)
    names = (f"{system.key}.transceivers_scale_up", f"{system.key}.optical_cables_scale_up")
    if not all(n in specs.FIGURES for n in names):
        return None
    modules, cables = (round(specs.get(n).value) for n in names)
    return modules, cables


#: How :func:`scale_up_modules` counts, in words.
MODULE_RULE = "a module at each end of every optical cable: 2 per cable"


def optical_failures_per_year(system: System | str | None = None) -> dict[str, float]:
    """Expected optical-module failures per year in ``system``'s scale-up network (the CM384 by
    default), at the low, assumed and high annual failure rate (``link.optical_module_afr``);
    modules counted by :func:`scale_up_modules`."""
    counted = scale_up_modules(system)
    if counted is None:
        raise checks.NotPublished(f"system={system!r}: its optical modules are {NOT_PUBLISHED}")
    modules, _cables = counted
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


def _failure_row(system: System, afr: specs.Figure) -> list[str]:
    """One system's optical modules and failures a year; a copper spine (a count of its copper
    cables, ``<key>.copper_cables``) has none; otherwise they are not published."""
    counted = scale_up_modules(system)
    if counted is None:
        if f"{system.key}.copper_cables" in specs.FIGURES:
            return [system.short, "0: passive copper inside the rack", "0", "0", "-"]
        return [system.short, NOT_PUBLISHED, "-", "-", "-"]
    modules, cables = counted
    per_chip = modules / system.chips.value
    params = system.topology.params if system.topology else {}
    word = params.get("chip_name", system.chip.word)
    return [
        system.short,
        f"{modules:,} on {cables:,} cables: {MODULE_RULE} ({per_chip:g} per {word})",
        f"{modules * afr.value:.0f}",
        f"{modules * afr.low:.0f}-{modules * afr.high:.0f}",
        f"{days_between_failures(modules, afr.value):.0f} days",
    ]


def failures_table(systems: Sequence[System | str] | None = None) -> Table:
    """Optical modules and the failures a year they imply, at the assumed annual failure rate and
    the ends of its range, for each system (the article's two by default, CM384 first): the
    NVL72's scale-up spine is passive copper."""
    afr = specs.get("link.optical_module_afr")
    shown = checks.systems("systems", systems)
    return Table(
        (
            "system",
            "optical modules in the scale-up network",
            "module failures a year",
            "range",
            "one failure every",
        ),
        [_failure_row(s, afr) for s in shown],
        caption=f"At an assumed {percent(afr.value, 2)} of modules failing a year "
        f"({percent(afr.low, 2)}-{percent(afr.high, 2)}): an assumption, see its note in specs. "
        "Module counts: SemiAnalysis.",
    )
