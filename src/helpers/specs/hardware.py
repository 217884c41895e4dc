"""Chips and systems: the :class:`Chip` and :class:`System` records, whose ``build`` registers
the figures derived from them (a system's totals: chips x the per-chip figure of the same
source), and the functions that derive a total.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .core import Figure, Source, derive, record


@dataclass(frozen=True)
class Chip:
    """One accelerator chip and the figures the course uses for it.

    ``None`` marks a figure the maker does not publish or the chip does not have.
    Bandwidths are one direction (``direction="one"``).
    """

    key: str
    name: str
    maker: str
    bf16_dense: Figure | None
    bf16_sparse: Figure | None
    fp8_dense: Figure | None
    hbm_capacity: Figure | None
    hbm_bandwidth: Figure | None
    scale_up_bandwidth: Figure | None
    scale_out_bandwidth: Figure | None
    power: Figure | None
    notes: tuple[str, ...] = ()
    peaks: Mapping[str, Figure] = field(default_factory=dict)
    dies: Figure | None = None
    word: str = "chip"

    def peak(self, precision: str, sparse: bool = False) -> Figure | None:
        """The chip's peak in ``precision`` ("bf16", "fp8", "fp4", "fp64"...), dense unless
        ``sparse``; ``None`` when its maker publishes none (never a guess)."""
        key = f"{precision}_{'sparse' if sparse else 'dense'}"
        named = (
            getattr(self, key, None) if key in ("bf16_dense", "bf16_sparse", "fp8_dense") else None
        )
        return named if named is not None else self.peaks.get(key)

    @classmethod
    def build(cls, **fields: Any) -> Chip:
        """A chip of ``fields`` (those of :class:`Chip`), with the figure derived from its own
        registered: ``<key>.scale_up_share_of_hbm``, how fast it reads another chip's memory over
        the scale-up network (one direction) as a share of how fast it reads its own HBM."""
        chip = cls(**fields)
        if chip.scale_up_bandwidth is None or chip.hbm_bandwidth is None:
            return chip
        derive(
            f"{chip.key}.scale_up_share_of_hbm",
            lambda up, hbm: up / hbm,
            (chip.scale_up_bandwidth, chip.hbm_bandwidth),
            "1",
            "scale-up bandwidth (one direction) / HBM bandwidth",
            label="how fast a chip reads another's memory, as a share of reading its own",
        )
        return chip


SystemKind = Literal["server", "rack", "supernode", "pod", "supercomputer"]
Status = Literal["shipped", "announced"]


@dataclass(frozen=True)
class Style:
    """How a system is drawn everywhere: colour (a hex string of the shared palette, see
    :mod:`.styles`), line style, marker and bar hatch, so it is never told apart by colour alone."""

    color: str
    linestyle: Any
    marker: str
    hatch: str = ""


@dataclass(frozen=True)
class ScaleUp:
    """A system's scale-up network, as the cost models need it.

    Attributes:
        name: what its maker calls it ("NVLink 5", "UB", "ICI").
        medium: "copper", "optics" or "mixed" (copper inside a node, optics between nodes), or
            "unpublished" when no source the course read says.
        step_latency: latency of one collective step over it (s), the alpha of the alpha-beta
            model; ``None`` when no source or assumption gives one, or when the link of
            ``link_key`` carries it.
        link_key: the key of its link kind in :data:`helpers.comm.LINKS`, when the course
            describes that link in full (reach, lanes, energy per bit); ``""`` otherwise.
    """

    name: str
    medium: str
    step_latency: Figure | None = None
    link_key: str = ""


#: The shapes a :class:`Topology` describes (its ``kind``).
TOPOLOGY_KINDS = ("one_level", "two_level_clos", "torus", "unpublished")


@dataclass(frozen=True)
class Topology:
    """The shape of a system's scale-up network, as plain data that :mod:`helpers.topology`
    builds a graph from.

    Attributes:
        kind: "one_level" (each chip has a link to each of ``switches`` switch chips, as in the
            NVL72), "two_level_clos" (nodes of chips behind first-level switches, joined by planes
            of second-level switches, as in the CM384), "torus" (chips on a torus of ``dims``, no
            switches) or "unpublished".
        params: the numbers of that kind (counts of chips, switches, links, dims; a link's
            bandwidth), each a plain number or the name of the figure that holds it (read when
            the graph is built, so a changed figure changes the graph); ``chip_name`` and
            ``switch_name`` are words for drawings ("GPU", "NVSwitch"). The names each kind
            reads are listed by ``helpers.topology.PARAMS``.
    """

    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PowerShare:
    """One part of a system's power that a source gives: ``count`` x ``each`` watts, or
    ``each`` alone when it is the part's whole power, or (``rest``) what a total leaves.

    Attributes:
        name: what it is ("GPUs", "optical modules").
        each: watts per item (or of the whole part), with its source; for a ``rest``, the total
            (a rack's IT load, the all-in power) that holds every part listed before it.
        count: how many items, or ``None``.
        assumed: True when ``each`` is an assumption of the course (it has a range).
        rest: True when the part is what ``each`` leaves after the parts before it: the
            remainder no source splits, never a guess.
        short: its name in a figure (``name`` by default).
        basis: where its number comes from, in words.

    ``name``, ``short`` and ``basis`` may name ``{count}``, ``{each}``, ``{low}``, ``{high}``
    and ``{quoted}``, which :func:`helpers.power.power_parts` fills from the figures, so that no
    number is typed twice.
    """

    name: str
    each: Figure
    count: Figure | None = None
    assumed: bool = False
    rest: bool = False
    short: str = ""
    basis: str = ""


@dataclass(frozen=True)
class System:
    """One scale-up system: its chips, counts, power and price, and its totals.

    Totals (``bf16_dense``, ``hbm_capacity``, ``hbm_bandwidth``, ``scale_up_bandwidth``,
    ``scale_out_bandwidth``) are derived: chips x the per-chip figure of the same source.
    ``scale_up_bandwidth`` counts both directions, as both makers quote their totals;
    ``scale_out_bandwidth`` counts one direction. ``quoted`` holds each total as its source
    writes it, so the two can be compared (tests/test_specs.py).

    ``quoted_base`` says, for a quoted total (by its key in ``quoted``), the unit base its source
    computed it in: ``"binary"`` when the maker divided by 1,024 (Huawei's 1,152 TB is 8,192 x
    144 GB / 1,024); a total absent from it is decimal, as SI units are. ``mismatches`` says, for
    a quoted total that is not chips x the per-chip figure within its rounding, why; the totals
    are never forced to agree (tests/test_specs.py checks that a recorded mismatch is real).
    ``measured`` holds what was measured on the whole system (El Capitan's HPL result), beside
    its peaks; ``cpu_memory`` the memory attached to its CPUs beside the HBM.

    ``status`` is ``"announced"`` until the system is in customers' hands, then ``"shipped"``;
    ``date`` (YYYY-MM-DD, YYYY-MM or YYYY) is when it was first announced or launched, or, for a
    shipped system whose announcement the registry does not cite, its first delivery (its notes
    say which).
    """

    key: str
    name: str
    short: str
    chip: Chip
    chips: Figure
    cpus: Figure | None
    racks: Figure | None
    power: Figure | None
    price: Figure | None
    bf16_dense: Figure | None
    hbm_capacity: Figure | None
    hbm_bandwidth: Figure | None
    scale_up_bandwidth: Figure | None
    scale_out_bandwidth: Figure | None
    power_per_chip: Figure | None
    quoted: dict[str, Figure] = field(default_factory=dict)
    kind: SystemKind = "rack"
    status: Status = "shipped"
    date: str = ""
    also_known_as: tuple[str, ...] = ()
    domain: int | None = None
    scale_up: ScaleUp | None = None
    topology: Topology | None = None
    power_parts: tuple[PowerShare, ...] = ()
    power_totals: tuple[Figure, ...] = ()
    style: Style | None = None
    cpu_memory: Figure | None = None
    measured: Mapping[str, Figure] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    quoted_base: Mapping[str, str] = field(default_factory=dict)
    mismatches: Mapping[str, str] = field(default_factory=dict)

    def peak(self, precision: str, sparse: bool = False) -> Figure | None:
        """The system's peak in ``precision``: chips x the chip's peak (a derived figure, not
        registered), or ``None`` when the chip's maker publishes none."""
        if precision == "bf16" and not sparse and self.bf16_dense is not None:
            return self.bf16_dense
        per_chip = self.chip.peak(precision, sparse)
        if per_chip is None:
            return None
        return derive(
            f"{self.key}.{precision}_{'sparse' if sparse else 'dense'}",
            lambda n, x: n * x,
            (self.chips, per_chip),
            per_chip.unit,
            f"{self.chips.name} x {per_chip.name}",
            register=False,
        )

    @property
    def domain_size(self) -> int:
        """Chips in one scale-up domain (the whole system unless ``domain`` says otherwise)."""
        return self.domain or self.n

    @property
    def n(self) -> int:
        """Number of accelerator chips."""
        return int(self.chips.value)

    @classmethod
    def build(
        cls,
        *,
        key: str,
        name: str,
        short: str,
        chip: Chip,
        chips: Figure,
        cpus: Figure | None,
        racks: Figure | None,
        power: Figure | None,
        price: Figure | None,
        quoted: dict[str, Figure],
        chip_word: str = "chip",
        scale_up_link: str = "scale-up",
        **details: Any,
    ) -> System:
        """The system ``key``, with its totals registered as derived figures ``<key>.<quantity>``.

        Dense BF16, HBM capacity and HBM bandwidth are ``chips`` x the chip's figure; scale-up
        bandwidth counts both directions (2 x chips x the chip's one-way figure), scale-out
        one; power per chip is ``power`` / ``chips``. Labels start with ``short``; ``chip_word``
        names a chip in them ("GPU") and ``scale_up_link`` the scale-up network ("NVLink")."""
        count = f"{chips.value:.0f}"
        return cls(
            key=key,
            name=name,
            short=short,
            chip=chip,
            chips=chips,
            cpus=cpus,
            racks=racks,
            power=power,
            price=price,
            bf16_dense=total(
                key, "bf16_dense", chips, chip.bf16_dense, label=f"{short} dense BF16"
            ),
            hbm_capacity=total(key, "hbm_capacity", chips, chip.hbm_capacity, label=f"{short} HBM"),
            hbm_bandwidth=total(
                key, "hbm_bandwidth", chips, chip.hbm_bandwidth, label=f"{short} HBM BW"
            ),
            scale_up_bandwidth=total_both_ways(
                key,
                "scale_up_bandwidth",
                chips,
                chip.scale_up_bandwidth,
                f"{short} {scale_up_link} bandwidth",
            ),
            scale_out_bandwidth=total(
                key,
                "scale_out_bandwidth",
                chips,
                chip.scale_out_bandwidth,
                label=f"{short} scale-out bandwidth",
            ),
            power_per_chip=None
            if power is None
            else derive(
                f"{key}.power_per_chip",
                lambda w, n: w / n,
                (power, chips),
                "W",
                f"{short} all-in power / {count} {chip_word}s",
                label=f"{short} all-in power per {chip_word}",
            ),
            quoted=quoted,
            **details,
        )


def total(
    system_key: str, quantity: str, chips: Figure, per_chip: Figure | None, **details
) -> Figure | None:
    """``<system_key>.<quantity>``: chips x ``per_chip`` (one direction where it counts one);
    ``None`` when the per-chip figure is not published."""
    if per_chip is None:
        return None
    return derive(
        f"{system_key}.{quantity}",
        lambda n, x: n * x,
        (chips, per_chip),
        per_chip.unit,
        f"{chips.name} x {per_chip.name}",
        direction=per_chip.direction,
        **details,
    )


def totals(
    system_key: str, title: str, chips: Figure, per_chip: Mapping[str, tuple[Figure, str]]
) -> None:
    """Register ``<system_key>.<quantity>`` = chips x the figure for each ``quantity: (figure,
    label)`` of ``per_chip`` (the totals a system has beyond those :meth:`System.build`
    registers: FP4, sparse peaks...), labelled ``"<title> <label>"``."""
    for quantity, (figure, label) in per_chip.items():
        total(system_key, quantity, chips, figure, label=f"{title} {label}")


def quoter(
    system_key: str, title: str, source: Source, note_suffix: str = ""
) -> Callable[..., Figure]:
    """A function that registers ``<system_key>.<quantity>_quoted``, a system's total as a source
    writes it: ``quote(quantity, value, unit, quoted, step, **details)``, from ``source`` unless
    ``details`` name another, kind vendor unless they say otherwise, its note ending with
    ``note_suffix`` ("announced, not shipped..."). These are the values of :attr:`System.quoted`
    that tests/test_specs.py compares with chips x the per-chip figure."""

    def quote(quantity: str, value: float, unit: str, quoted: str, step: float, **details):
        return record(
            f"{system_key}.{quantity}_quoted",
            value,
            unit,
            details.pop("kind", "vendor"),
            details.pop("source", source),
            label=f"{title} {quantity.replace('_', ' ')} (as quoted)",
            quoted=quoted,
            step=step,
            note=details.pop("note", "") + note_suffix,
            **details,
        )

    return quote


def total_both_ways(
    system_key: str, quantity: str, chips: Figure, per_chip: Figure | None, label: str
) -> Figure | None:
    """``<system_key>.<quantity>``: 2 x chips x ``per_chip``, counting both directions; ``None``
    when the per-chip figure is not published."""
    if per_chip is None:
        return None
    return derive(
        f"{system_key}.{quantity}",
        lambda n, x: 2 * n * x,
        (chips, per_chip),
        per_chip.unit,
        f"2 directions x {chips.name} x {per_chip.name}",
        direction="both",
        label=label,
    )


@dataclass(frozen=True)
class Comparison:
    """Two systems set side by side by a source: the one it champions and the one it measures
    against. The article's pair is one (:data:`helpers.specs.ARTICLE_PAIR`); a headline of a
    maker is another.

    Attributes:
        challenger: the system the source says wins (the CloudMatrix 384 in the article).
        baseline: the system it is compared with.
        source: who makes the comparison.
    """

    challenger: System
    baseline: System
    source: Any

    @property
    def systems(self) -> tuple[System, System]:
        """(challenger, baseline), in the order tables and figures show them."""
        return (self.challenger, self.baseline)
