"""Where sources disagree: every value, the first is the one the course uses."""

from __future__ import annotations

from .core import Figure, get

#: Topic -> the figures that disagree on it; the first is the one the course uses.
SPREADS: dict[str, tuple[Figure, ...]] = {
    topic: tuple(get(name) for name in names)
    for topic, names in {
        "910C dense BF16": (
            "ascend910c.bf16_dense",
            "ascend910c.bf16_dense_paper",
            "ascend910c.fp16_dense_hc2025",
        ),
        "CM384 dense BF16": ("cm384.bf16_dense", "cm384.bf16_dense_paper"),
        "NVL72 HBM capacity": (
            "nvl72.hbm_capacity",
            "nvl72.hbm_capacity_listed",
            "nvl72.hbm_capacity_2024",
        ),
        "B200 HBM per GPU": (
            "b200.hbm_capacity",
            "b200.hbm_capacity_listed",
            "hgx_b200.hbm_capacity",
        ),
        "B200 dense BF16": ("b200.bf16_dense", "hgx_b200.bf16_dense"),
        "NVL72 BF16": ("nvl72.bf16_dense", "nvl72.bf16_sparse"),
        "CM384 power": ("cm384.power", "cm384.power_sa_text"),
        "NVL72 power": ("nvl72.power", "nvl72.power_rack_it"),
        "CM384 scale-up total": ("cm384.scale_up_bandwidth", "cm384.scale_up_bandwidth_sa"),
        "910C scale-up": (
            "ascend910c.scale_up_bandwidth",
            "ascend910c.scale_up_bandwidth_sa",
            "ascend910c.scale_up_bandwidth_hc2025",
        ),
        "CM384 transceiver rate": ("cm384.transceiver_rate", "cm384.transceiver_rate_press"),
        "CM384 scale-up optics reach": ("link.lpo_reach", "link.sr8_reach"),
        "B300 HBM per GPU": (
            "b300.hbm_capacity",
            "b300.hbm_capacity_full",
            "b300.hbm_capacity_ra_table10",
        ),
        "GB300 NVL72 power": (
            "gb300_nvl72.power",
            "gb300_nvl72.power_oem_tdp",
            "gb300_nvl72.power_oem_edp",
        ),
        "GB300 NVL72 FP64": ("gb300_nvl72.fp64_dense", "gb300_nvl72.fp64_dense_quoted"),
        "Rubin HBM bandwidth per GPU": ("rubin.hbm_bandwidth", "rubin.hbm_bandwidth_gtc2025"),
        "Vera Rubin NVL72 dense FP8": ("vr_nvl72.fp8_dense", "vr_nvl72.fp8_dense_gtc2025"),
        "Ironwood HBM per chip": ("ironwood.hbm_capacity", "ironwood.hbm_capacity_table"),
        "MI455X HBM bandwidth": ("mi455x.hbm_bandwidth", "mi455x.hbm_bandwidth_2025"),
        "Helios HBM bandwidth": ("helios.hbm_bandwidth", "helios.hbm_bandwidth_quoted"),
        "Atlas 950 HBM total": ("atlas950.hbm_capacity", "atlas950.hbm_capacity_quoted"),
        "Atlas 950 scale-up total": (
            "atlas950.scale_up_bandwidth",
            "atlas950.scale_up_bandwidth_quoted",
        ),
        "El Capitan FP64 peak": ("el_capitan.fp64_dense", "el_capitan.fp64_dense_quoted"),
        "El Capitan HPL": ("el_capitan.fp64_hpl", "el_capitan.fp64_hpl_2025_11"),
    }.items()
}


def spread(topic: str) -> tuple[float, float]:
    """The lowest and highest value the sources give on ``topic`` (a key of :data:`SPREADS`).

    Figures of different units on one topic (FP16 beside BF16) are compared by value only; the
    notebooks show the unit and label of each.
    """
    if topic not in SPREADS:
        raise ValueError(f"topic={topic!r} is not one of {sorted(SPREADS)}")
    values = [f.value for f in SPREADS[topic]]
    return min(values), max(values)


def used(topic: str) -> Figure:
    """The figure the course uses on ``topic``: the first of :data:`SPREADS`."""
    if topic not in SPREADS:
        raise ValueError(f"topic={topic!r} is not one of {sorted(SPREADS)}")
    return SPREADS[topic][0]
