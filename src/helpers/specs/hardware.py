"""Chips and systems: the :class:`Chip` and :class:`System` records, whose ``build`` registers
the figures derived from them (a system's totals: chips x the per-chip figure of the same
source), and the functions that derive a total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .core import Figure, derive


@dataclass(frozen=True)
class Chip:
    """One accelerator chip and the figures the course uses for it.

    ``None`` marks a figure the maker does not publish or the chip does not have.
    Bandwidths are one direction (``direction="one"``).
    """

    key: str
    name: str
    maker: str
    bf16_dense: Figure
    bf16_sparse: Figure | None
    fp8_dense: Figure | None
    hbm_capacity: Figure
    hbm_bandwidth: Figure
    scale_up_bandwidth: Figure
    scale_out_bandwidth: Figure
    power: Figure | None
    notes: tuple[str, ...] = ()

    @classmethod
    def build(cls, **fields: Any) -> Chip:
        """A chip of ``fields`` (those of :class:`Chip`), with the figure derived from its own
        registered: ``<key>.scale_up_share_of_hbm``, how fast it reads another chip's memory over
        the scale-up network (one direction) as a share of how fast it reads its own HBM."""
        chip = cls(**fields)
        derive(
            f"{chip.key}.scale_up_share_of_hbm",
            lambda up, hbm: up / hbm,
            (chip.scale_up_bandwidth, chip.hbm_bandwidth),
            "1",
            "scale-up bandwidth (one direction) / HBM bandwidth",
            label="how fast a chip reads another's memory, as a share of reading its own",
        )
        return chip


@dataclass(frozen=True)
class System:
    """One scale-up system: its chips, counts, power and price, and its totals.

    Totals (``bf16_dense``, ``hbm_capacity``, ``hbm_bandwidth``, ``scale_up_bandwidth``,
    ``scale_out_bandwidth``) are derived: chips x the per-chip figure of the same source.
    ``scale_up_bandwidth`` counts both directions, as both makers quote their totals;
    ``scale_out_bandwidth`` counts one direction. ``quoted`` holds each total as its source
    writes it, so the two can be compared (tests/test_specs.py).
    """

    key: str
    name: str
    short: str
    chip: Chip
    chips: Figure
    cpus: Figure
    racks: Figure
    power: Figure
    price: Figure
    bf16_dense: Figure
    hbm_capacity: Figure
    hbm_bandwidth: Figure
    scale_up_bandwidth: Figure
    scale_out_bandwidth: Figure
    power_per_chip: Figure
    quoted: dict[str, Figure] = field(default_factory=dict)

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
        cpus: Figure,
        racks: Figure,
        power: Figure,
        price: Figure,
        quoted: dict[str, Figure],
        chip_word: str = "chip",
        scale_up_link: str = "scale-up",
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
            power_per_chip=derive(
                f"{key}.power_per_chip",
                lambda w, n: w / n,
                (power, chips),
                "W",
                f"{short} all-in power / {count} {chip_word}s",
                label=f"{short} all-in power per {chip_word}",
            ),
            quoted=quoted,
        )


def total(system_key: str, quantity: str, chips: Figure, per_chip: Figure, **details) -> Figure:
    """``<system_key>.<quantity>``: chips x ``per_chip`` (one direction where it counts one)."""
    return derive(
        f"{system_key}.{quantity}",
        lambda n, x: n * x,
        (chips, per_chip),
        per_chip.unit,
        f"{chips.name} x {per_chip.name}",
        direction=per_chip.direction,
        **details,
    )


def total_both_ways(
    system_key: str, quantity: str, chips: Figure, per_chip: Figure, label: str
) -> Figure:
    """``<system_key>.<quantity>``: 2 x chips x ``per_chip``, counting both directions."""
    return derive(
        f"{system_key}.{quantity}",
        lambda n, x: 2 * n * x,
        (chips, per_chip),
        per_chip.unit,
        f"2 directions x {chips.name} x {per_chip.name}",
        direction="both",
        label=label,
    )
