"""NVIDIA's Vera Rubin NVL72, announced as "Vera Rubin NVL144" (GTC 2025, not shipped): one rack
of 72 Rubin packages of two dies each. The NVL144 name counted the 144 dies; NVIDIA renamed it
NVL72 in 2025-10, counting packages, with the same rack.

Figures from NVIDIA's current table ("Preliminary information. All values are up to and subject
to change."), and the GTC 2025 slide figures that Huawei's comparison was computed against.
BF16 and FP64 are not published: ``None``, never a guess.
"""

from __future__ import annotations

from ..core import BITS_PER_BYTE, G, P, T, derive, record
from ..hardware import (
    Chip,
    ScaleUp,
    System,
    Topology,
    quoter,
    total_both_ways,
    totals,
)
from ..sources import NV_GTC2025, NV_VERA_RUBIN

_ANNOUNCED = (
    "Announced, not shipped (GTC 2025, 2025-03-18, as 'Vera Rubin NVL144'); NVIDIA's table is "
    "'Preliminary information. All values are up to and subject to change.'"
)

# The chip: Rubin, a package of two dies --------------------------------------------------------
_rubin = "rubin"
_dies = record(
    f"{_rubin}.dies",
    2,
    "1",
    "vendor",
    NV_GTC2025,
    label="GPU dies per Rubin package",
    quoted="two reticle-sized dies",
    note="Joined by NV-HBI into one GPU. 'Vera Rubin NVL144' counted these dies: 72 packages x "
    "2 = 144. " + _ANNOUNCED,
)
_fp4_sparse = record(
    f"{_rubin}.fp4_sparse",
    50 * P,
    "FLOP/s",
    "vendor",
    NV_VERA_RUBIN,
    label="Rubin NVFP4 inference (sparse, per NVIDIA's footnote)",
    quoted="50 PFLOPS NVFP4 inference",
    note="NVIDIA's datasheet: 'NVFP4 Inference specification is sparse.' " + _ANNOUNCED,
)
_fp4_dense = record(
    f"{_rubin}.fp4_dense",
    35 * P,
    "FLOP/s",
    "vendor",
    NV_VERA_RUBIN,
    label="Rubin NVFP4 training (dense)",
    quoted="35 PFLOPS NVFP4 training",
    note="NVIDIA's footnote 2: 'Dense specification.' Not half of the sparse 50. " + _ANNOUNCED,
)
_fp8_dense = record(
    f"{_rubin}.fp8_dense",
    17.5 * P,
    "FLOP/s",
    "vendor",
    NV_VERA_RUBIN,
    label="Rubin FP8/FP6 training (dense)",
    quoted="17.5 PFLOPS FP8/FP6 training",
    note="NVIDIA's footnote 2: 'Dense specification.' " + _ANNOUNCED,
)
_hbm = record(
    f"{_rubin}.hbm_capacity",
    288 * G,
    "B",
    "vendor",
    NV_VERA_RUBIN,
    label="Rubin HBM4 capacity per package",
    quoted="288 GB HBM4 | 22 TB/s",
    note=_ANNOUNCED,
)
_hbm_bw = record(
    f"{_rubin}.hbm_bandwidth",
    22 * T,
    "B/s",
    "vendor",
    NV_VERA_RUBIN,
    label="Rubin HBM4 bandwidth per package",
    quoted="288 GB HBM4 | 22 TB/s",
    note="GTC 2025 said 13 TB/s (rubin.hbm_bandwidth_gtc2025). " + _ANNOUNCED,
)
record(
    f"{_rubin}.hbm_bandwidth_gtc2025",
    13 * T,
    "B/s",
    "vendor",
    NV_GTC2025,
    label="Rubin HBM4 bandwidth per package as GTC 2025 gave it",
    quoted="13 TB/s",
    note="The figure Huawei's comparison of September 2025 could see; NVIDIA's table now says "
    "22 TB/s. Announced, not shipped (2025-03-18).",
)
_scale_up = record(
    f"{_rubin}.scale_up_bandwidth",
    1.8 * T,
    "B/s",
    "vendor",
    NV_VERA_RUBIN,
    label="Rubin scale-up (NVLink 6) bandwidth",
    quoted="3.6 terabytes per second (TB/s) of all-to-all, scale-up bandwidth per GPU",
    direction="one",
    note="NVIDIA's 3.6 TB/s counts both directions (72 x 3.6 = 259.2, its '260 TB/s' per "
    "rack): 1.8 TB/s each way. " + _ANNOUNCED,
)
_scale_out = record(
    f"{_rubin}.scale_out_bandwidth",
    1.6 * T / BITS_PER_BYTE,
    "B/s",
    "vendor",
    NV_VERA_RUBIN,
    label="Rubin scale-out bandwidth (ConnectX-9)",
    quoted="1.6 terabits per second (Tb/s) of per-GPU bandwidth",
    direction="one",
    note="One direction: 72 x 1.6 Tb/s x 2 directions = 28.8 TB/s, NVIDIA's rack figure. "
    + _ANNOUNCED,
)
RUBIN = Chip.build(
    key=_rubin,
    name="Rubin",
    maker="NVIDIA",
    bf16_dense=None,
    bf16_sparse=None,
    fp8_dense=_fp8_dense,
    hbm_capacity=_hbm,
    hbm_bandwidth=_hbm_bw,
    scale_up_bandwidth=_scale_up,
    scale_out_bandwidth=_scale_out,
    power=None,
    peaks={"fp4_dense": _fp4_dense, "fp4_sparse": _fp4_sparse},
    dies=_dies,
    word="GPU",
    notes=(
        _ANNOUNCED,
        "BF16, FP64 and GPU power: not published (None).",
        "A 'GPU' is a package of two dies; counts here are packages.",
    ),
)

# The system ------------------------------------------------------------------------------------
_key = "vr_nvl72"
_chips = record(
    f"{_key}.chips",
    72,
    "1",
    "vendor",
    NV_VERA_RUBIN,
    label="Rubin GPU packages per Vera Rubin NVL72",
    note="144 dies: the count in the name 'Vera Rubin NVL144'. " + _ANNOUNCED,
)
_cpus = record(
    f"{_key}.cpus",
    36,
    "1",
    "vendor",
    NV_VERA_RUBIN,
    label="Vera CPUs per Vera Rubin NVL72",
    note=_ANNOUNCED,
)
_racks = record(f"{_key}.racks", 1, "1", "vendor", NV_VERA_RUBIN, label="racks", note=_ANNOUNCED)
_cpu_memory = record(
    f"{_key}.cpu_memory",
    54 * T,
    "B",
    "vendor",
    NV_VERA_RUBIN,
    label="Vera Rubin NVL72 LPDDR5X on the Vera CPUs",
    quoted="54 TB LPDDR5X",
    note="1.5 TB per Vera CPU; NVIDIA's '75 TB of fast-access memory' adds the 20.7 TB of HBM4. "
    + _ANNOUNCED,
)
record(
    f"{_key}.fp8_dense_gtc2025",
    1.2e3 * P,
    "FLOP/s",
    "vendor",
    NV_GTC2025,
    label="Vera Rubin NVL144 FP8 training, as GTC 2025 gave it",
    quoted="1.2 EF FP8 training",
    step=0.1e3 * P,
    note="The denominator of Huawei's '6.7 times' (2025-09-18); NVIDIA's table now says 1,260 "
    "PFLOPS dense. Announced, not shipped (2025-03-18).",
)
record(
    f"{_key}.fast_memory_gtc2025",
    75 * T,
    "B",
    "vendor",
    NV_GTC2025,
    label="Vera Rubin NVL144 'fast memory' (HBM4 and LPDDR5X), as GTC 2025 gave it",
    quoted="75 TB",
    step=1 * T,
    note="HBM and CPU memory together; the denominator of Huawei's '15 times' memory. "
    "Announced, not shipped (2025-03-18).",
)


_quote = quoter(_key, "Vera Rubin NVL72", NV_VERA_RUBIN, _ANNOUNCED)

VR_NVL72 = System.build(
    key=_key,
    name="Vera Rubin NVL72",
    short="VR NVL72",
    chip=RUBIN,
    chips=_chips,
    cpus=_cpus,
    racks=_racks,
    power=None,
    price=None,
    quoted={
        "fp4_sparse": _quote(
            "fp4_sparse", 3600 * P, "FLOP/s", "3,600 PFLOPS NVFP4 inference", 1 * P
        ),
        "fp4_dense": _quote("fp4_dense", 2520 * P, "FLOP/s", "2,520 PFLOPS NVFP4 training", 1 * P),
        "fp8_dense": _quote("fp8_dense", 1260 * P, "FLOP/s", "1,260 PFLOPS FP8/FP6", 1 * P),
        "hbm_capacity": _quote("hbm_capacity", 20.7 * T, "B", "20.7 TB HBM4", 0.1 * T),
        "hbm_bandwidth": _quote(
            "hbm_bandwidth",
            1580 * T,
            "B/s",
            "1,580 TB/s",
            10 * T,
            note="72 x 22 TB/s = 1,584 TB/s, written to three figures. ",
        ),
        "scale_up_bandwidth": _quote(
            "scale_up_bandwidth",
            260 * T,
            "B/s",
            "260 TB/s",
            10 * T,
            direction="both",
            note="72 x 3.6 TB/s = 259.2 TB/s, written to two figures. ",
        ),
        "scale_out_bandwidth_both": _quote(
            "scale_out_bandwidth_both",
            28.8 * T,
            "B/s",
            "28.8 TB/s",
            0.1 * T,
            direction="both",
            note="72 x 1.6 Tb/s, both directions. ",
        ),
    },
    chip_word="GPU",
    scale_up_link="NVLink",
    kind="rack",
    status="announced",
    date="2025-03-18",
    also_known_as=("Vera Rubin NVL144",),
    cpu_memory=_cpu_memory,
    scale_up=ScaleUp("NVLink 6", "unpublished"),
    topology=Topology("one_level", {"chips": 72, "switch_trays": 9}),
    notes=(
        _ANNOUNCED,
        "Named 'Vera Rubin NVL144' at GTC 2025 (144 dies) and 'Vera Rubin NVL72' since 2025-10 "
        "(72 packages), NVIDIA's OCP blog (NV-OCP-BLOG): the same rack.",
        "Rack and GPU power: not published by NVIDIA (analysts' estimates only).",
        "NVLink 6 switch chips per tray: not in the sources the course read; the topology "
        "gives the 9 switch trays.",
    ),
)
totals(
    _key,
    "Vera Rubin NVL72",
    _chips,
    {
        "fp4_dense": (_fp4_dense, "dense NVFP4"),
        "fp4_sparse": (_fp4_sparse, "NVFP4 inference (sparse)"),
        "fp8_dense": (_fp8_dense, "dense FP8"),
    },
)
total_both_ways(
    _key,
    "scale_out_bandwidth_both",
    _chips,
    _scale_out,
    "Vera Rubin NVL72 scale-out bandwidth, both directions",
)
derive(
    f"{_key}.dies",
    lambda n, d: n * d,
    (_chips, _dies),
    "1",
    "72 packages x 2 dies per package",
    label="GPU dies per Vera Rubin NVL72 (the 144 of 'NVL144')",
)
