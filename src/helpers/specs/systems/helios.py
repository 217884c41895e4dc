"""AMD's Helios rack (announced, not shipped): 72 Instinct MI455X GPUs and 18 EPYC "Venice" CPUs
joined by UALink over Ethernet (UALoE); the MI455X at every precision AMD publishes; AMD's rack
totals as quoted, one of which was computed from an older per-GPU bandwidth.
"""

from __future__ import annotations

from ..core import G, P, T, record
from ..hardware import (
    Chip,
    ScaleUp,
    System,
    Topology,
    quoter,
    total_both_ways,
    totals,
)
from ..sources import AMD_HELIOS, AMD_HELIOS_BLOG, AMD_MI455X

_ANNOUNCED = (
    "Announced, not shipped (Helios first shown 2025-06-12; MI455X launch date 2026-07-23; "
    "customers' racks expected from Q4 2026)."
)

# The chip: Instinct MI455X (CDNA 5) ------------------------------------------------------------
_chip = "mi455x"
_fp4 = record(
    f"{_chip}.fp4_dense",
    40.3 * P,
    "FLOP/s",
    "vendor",
    AMD_MI455X,
    label="MI455X peak dense MXFP4",
    quoted="OCP MXFP4 Performance 40.3 PFLOPs",
    note=_ANNOUNCED,
)
_fp8 = record(
    f"{_chip}.fp8_dense",
    20.1 * P,
    "FLOP/s",
    "vendor",
    AMD_MI455X,
    label="MI455X peak dense FP8 (also MXFP8, MXFP6)",
    quoted="FP8 20.1 PFLOPs",
    note=_ANNOUNCED,
)
_bf16 = record(
    f"{_chip}.bf16_dense",
    5 * P,
    "FLOP/s",
    "vendor",
    AMD_MI455X,
    label="MI455X peak dense BF16",
    quoted="bfloat16 (BF16) Matrix Performance 5 PFLOPs",
    note="AMD's 5 is rounded: half its sparse 10.1 would be 5.05. " + _ANNOUNCED,
)
_bf16_sparse = record(
    f"{_chip}.bf16_sparse",
    10.1 * P,
    "FLOP/s",
    "vendor",
    AMD_MI455X,
    label="MI455X BF16 with structured sparsity",
    quoted="10.1 PFLOPs with structured sparsity",
    note=_ANNOUNCED,
)
_hbm = record(
    f"{_chip}.hbm_capacity",
    432 * G,
    "B",
    "vendor",
    AMD_MI455X,
    label="MI455X HBM4 capacity",
    quoted="432 GB HBM4",
    note="12 stacks. " + _ANNOUNCED,
)
_hbm_bw = record(
    f"{_chip}.hbm_bandwidth",
    23.3 * T,
    "B/s",
    "vendor",
    AMD_MI455X,
    label="MI455X HBM4 bandwidth",
    quoted="Peak Memory Bandwidth 23.3 TB/s",
    note="AMD's 2025 preview and its Helios page give 19.6 TB/s (mi455x.hbm_bandwidth_2025). "
    + _ANNOUNCED,
)
record(
    f"{_chip}.hbm_bandwidth_2025",
    19.6 * T,
    "B/s",
    "vendor",
    AMD_HELIOS,
    label="MI455X HBM4 bandwidth as AMD's Helios page and 2025 preview give it",
    quoted="19.6 TB/s",
    note="The basis of the Helios page's 1.4 PB/s (72 x 19.6 = 1,411 TB/s). " + _ANNOUNCED,
)
_scale_up = record(
    f"{_chip}.scale_up_bandwidth",
    1.8 * T,
    "B/s",
    "vendor",
    AMD_HELIOS_BLOG,
    label="MI455X scale-up (UALoE) bandwidth",
    quoted="up to 3.6 TB/s (bi-directional) per GPU",
    direction="one",
    note="AMD counts both directions: 1.8 TB/s each way. " + _ANNOUNCED,
)
_scale_out = record(
    f"{_chip}.scale_out_bandwidth",
    300 * G,
    "B/s",
    "vendor",
    AMD_MI455X,
    label="MI455X scale-out bandwidth",
    quoted="UALink Bi-directional Bandwidth 600 GB/s",
    direction="one",
    note="Both directions on AMD's page, 300 GB/s each way; 72 x 600 GB/s = 43.2 TB/s is the "
    "rack's 'up to 43 TB/s scale-out bandwidth', so the page's 'UALink' label is for the "
    "scale-out ports. " + _ANNOUNCED,
)
MI455X = Chip.build(
    key=_chip,
    name="Instinct MI455X",
    maker="AMD",
    bf16_dense=_bf16,
    bf16_sparse=_bf16_sparse,
    fp8_dense=_fp8,
    hbm_capacity=_hbm,
    hbm_bandwidth=_hbm_bw,
    scale_up_bandwidth=_scale_up,
    scale_out_bandwidth=_scale_out,
    power=None,
    peaks={"fp4_dense": _fp4},
    word="GPU",
    notes=(_ANNOUNCED, "GPU power (TBP): not published (None)."),
)

# The system ------------------------------------------------------------------------------------
_key = "helios"
_chips = record(
    f"{_key}.chips",
    72,
    "1",
    "vendor",
    AMD_HELIOS_BLOG,
    label="MI455X GPUs per Helios rack",
    note=_ANNOUNCED,
)
_cpus = record(
    f"{_key}.cpus",
    18,
    "1",
    "vendor",
    AMD_HELIOS_BLOG,
    label="EPYC 'Venice' CPUs per Helios",
    note=_ANNOUNCED,
)
_racks = record(f"{_key}.racks", 1, "1", "vendor", AMD_HELIOS_BLOG, label="racks", note=_ANNOUNCED)
record(
    f"{_key}.switch_chips",
    12,
    "1",
    "vendor",
    AMD_HELIOS_BLOG,
    label="UALoE switch chips per Helios (in 6 switch trays)",
    note="18 compute trays of 4 GPUs and 6 switch trays. " + _ANNOUNCED,
)
_cpu_memory = record(
    f"{_key}.cpu_memory",
    36 * T,
    "B",
    "vendor",
    AMD_HELIOS_BLOG,
    label="Helios DDR5 on the EPYC CPUs (up to)",
    quoted="Up to 36 TB of DDR5 memory",
    note=_ANNOUNCED,
)


_quote = quoter(_key, "Helios", AMD_HELIOS, _ANNOUNCED)

HELIOS = System.build(
    key=_key,
    name="AMD Helios (MI455X)",
    short="Helios",
    chip=MI455X,
    chips=_chips,
    cpus=_cpus,
    racks=_racks,
    power=None,
    price=None,
    quoted={
        "fp4_dense": _quote("fp4_dense", 2.9e3 * P, "FLOP/s", "2.9 exaFLOPS", 0.1e3 * P),
        "fp8_dense": _quote("fp8_dense", 1.4e3 * P, "FLOP/s", "1.4 exaFLOPS", 0.1e3 * P),
        "hbm_capacity": _quote(
            "hbm_capacity", 31 * T, "B", "31 TB of HBM4", 1 * T, source=AMD_HELIOS_BLOG
        ),
        "hbm_bandwidth": _quote(
            "hbm_bandwidth",
            1.4e3 * T,
            "B/s",
            "1.4 PB/s",
            0.1e3 * T,
            note="72 x 19.6 TB/s = 1.41 PB/s; with the MI455X page's 23.3 TB/s it is 1.68 PB/s. ",
        ),
        "scale_up_bandwidth": _quote(
            "scale_up_bandwidth",
            260 * T,
            "B/s",
            "up to 260 TB/s of scale-up bandwidth",
            10 * T,
            direction="both",
            source=AMD_HELIOS_BLOG,
        ),
        "scale_out_bandwidth_both": _quote(
            "scale_out_bandwidth_both",
            43 * T,
            "B/s",
            "up to 43 TB/s scale-out bandwidth",
            1 * T,
            direction="both",
            source=AMD_HELIOS_BLOG,
        ),
    },
    chip_word="GPU",
    scale_up_link="UALoE",
    kind="rack",
    status="announced",
    date="2025-06-12",
    cpu_memory=_cpu_memory,
    scale_up=ScaleUp("UALink over Ethernet (UALoE)", "unpublished"),
    topology=Topology("one_level", {"chips": 72, "switches": 12}),
    mismatches={
        "hbm_bandwidth": "AMD's Helios page gives 1.4 PB/s, 72 x the 19.6 TB/s of its 2025 "
        "preview; the MI455X page now gives 23.3 TB/s per GPU (1.68 PB/s per rack).",
    },
    notes=(
        _ANNOUNCED,
        "Rack and GPU power: not published ('direct liquid cooling captures roughly 89% of rack "
        "heat').",
        "Helios is AMD's reference design; OEMs build the racks.",
    ),
)
totals(
    _key,
    "Helios",
    _chips,
    {
        "fp4_dense": (_fp4, "dense MXFP4"),
        "fp8_dense": (_fp8, "dense FP8"),
    },
)
total_both_ways(
    _key, "scale_out_bandwidth_both", _chips, _scale_out, "Helios scale-out bandwidth, both ways"
)
