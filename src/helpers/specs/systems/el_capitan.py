"""El Capitan (LLNL), a supercomputer rather than a rack: 44,544 AMD Instinct MI300A APUs in
11,136 nodes of four. Its peak (Rpeak) and its measured FP64 HPL result (Rmax) sit side by side:
Google compared a pod's FP8 peak with the second.

TOP500's Rpeak counts the APUs' CPU cores too, so it is not 44,544 x the MI300A's GPU FP64
peak (a recorded mismatch); the press's "5.4 petabytes of main memory" is 44,544 x 128 GB in
binary units (5.44 PiB; 5.70 PB decimal).
"""

from __future__ import annotations

from ..core import G, P, T, derive, record
from ..hardware import Chip, System, Topology, total
from ..sources import AMD_MI300A, INSIDEHPC_66, TOMS_EL_CAPITAN, TOP500_65, TOP500_EL_CAPITAN

# The chip: Instinct MI300A (CDNA 3 GPU and 24 Zen 4 cores on one package) ------------------
_chip = "mi300a"
_bf16 = record(
    f"{_chip}.bf16_dense",
    980.6e12,
    "FLOP/s",
    "vendor",
    AMD_MI300A,
    label="MI300A peak BF16",
    quoted="Peak bfloat16: 980.6 TFLOPs",
)
_fp16 = record(
    f"{_chip}.fp16_dense",
    980.6e12,
    "FLOP/s",
    "vendor",
    AMD_MI300A,
    label="MI300A peak FP16",
    quoted="Peak Half Precision (FP16): 980.6 TFLOPs",
)
_fp32 = record(
    f"{_chip}.fp32_dense",
    122.6e12,
    "FLOP/s",
    "vendor",
    AMD_MI300A,
    label="MI300A peak FP32 (vector, and matrix)",
    quoted="Peak Single Precision (FP32): 122.6 TFLOPs",
)
_fp64 = record(
    f"{_chip}.fp64_dense",
    61.3e12,
    "FLOP/s",
    "vendor",
    AMD_MI300A,
    label="MI300A peak FP64 (vector)",
    quoted="Peak Double Precision (FP64): 61.3 TFLOPs",
    note="AMD's FP64 matrix peak is twice this (mi300a.fp64_matrix_dense); TOP500's Rpeak "
    "of El Capitan is close to 44,544 x this vector figure.",
)
_fp64_matrix = record(
    f"{_chip}.fp64_matrix_dense",
    122.6e12,
    "FLOP/s",
    "vendor",
    AMD_MI300A,
    label="MI300A peak FP64 on its matrix cores",
    quoted="Peak Double Precision Matrix (FP64): 122.6 TFLOPs",
)
_int8 = record(
    f"{_chip}.int8_dense",
    1.96e15,
    "OP/s",
    "vendor",
    AMD_MI300A,
    label="MI300A peak INT8",
    quoted="Peak INT8: 1.96 POPs",
)
_hbm = record(
    f"{_chip}.hbm_capacity",
    128 * G,
    "B",
    "vendor",
    AMD_MI300A,
    label="MI300A HBM3 capacity (shared by its CPU and GPU)",
    quoted="128 GB HBM3",
    note="ROCm's table writes 128 GiB. The CPU cores use the same HBM: an MI300A has no "
    "other memory.",
)
_hbm_bw = record(
    f"{_chip}.hbm_bandwidth",
    5.3 * T,
    "B/s",
    "vendor",
    AMD_MI300A,
    label="MI300A HBM3 bandwidth",
    quoted="5.3 TB/s",
)
MI300A = Chip.build(
    key=_chip,
    name="Instinct MI300A",
    maker="AMD",
    bf16_dense=_bf16,
    bf16_sparse=None,
    fp8_dense=None,
    hbm_capacity=_hbm,
    hbm_bandwidth=_hbm_bw,
    scale_up_bandwidth=None,
    scale_out_bandwidth=None,
    power=None,
    peaks={"fp16_dense": _fp16, "fp32_dense": _fp32, "fp64_dense": _fp64, "int8_dense": _int8},
    word="APU",
    notes=(
        "FP8 and the sparse figures: AMD publishes them, but the course read them only through "
        "an analyst (The Next Platform's 87.36 FP8 exaflops for El Capitan), so they are None.",
        "Infinity Fabric bandwidth between the four APUs of a node, and APU power: not in the "
        "sources the course read (None).",
    ),
)

# The system --------------------------------------------------------------------------------
_key = "el_capitan"
_chips = record(
    f"{_key}.chips",
    44544,
    "1",
    "press",
    TOMS_EL_CAPITAN,
    label="MI300A APUs in El Capitan",
    quoted="11,136 nodes packed with 44,544 of AMD's MI300A APUs",
)
_nodes = record(
    f"{_key}.nodes", 11136, "1", "press", TOMS_EL_CAPITAN, label="El Capitan's compute nodes"
)
derive(
    f"{_key}.apus_per_node",
    lambda apus, nodes: apus / nodes,
    (_chips, _nodes),
    "1",
    "44,544 APUs / 11,136 nodes",
    label="APUs per node (El Capitan's domain of Infinity Fabric links)",
)
_power = record(
    f"{_key}.power",
    29581e3,
    "W",
    "measured",
    TOP500_EL_CAPITAN,
    label="El Capitan power during its HPL run",
    quoted="Power = 29,581 kW",
    note="Measured while running HPL for the 64th list (2024-11): 1.742 EFLOPS / 29.581 MW = "
    "58.89 GFLOPS/W. The 65th list gives 60.3 GFLOPS/W for the same result, the 66th 60.9 for "
    "its 1.809 EFLOPS.",
)
_rmax = record(
    f"{_key}.fp64_hpl",
    1.742e18,
    "FLOP/s",
    "measured",
    TOP500_65,
    label="El Capitan HPL result (Rmax, FP64)",
    quoted="The HPE Cray EX255a system was measured with 1.742 EFlop/s on the HPL benchmark.",
    note="A measurement in FP64, not a peak. TOP500's 64th (2024-11) and 65th (2025-06) lists.",
)
_rmax_2025 = record(
    f"{_key}.fp64_hpl_2025_11",
    1.809e18,
    "FLOP/s",
    "measured",
    INSIDEHPC_66,
    label="El Capitan HPL result (Rmax, FP64), 66th TOP500 list",
    quoted="remeasured with 1.809 exaflop/s on the HPL benchmark",
    note="On a larger machine: 11,340,000 cores against 11,039,616 for the 1.742 EFLOPS "
    "(el_capitan.fp64_hpl), so its peak rose too (the new Rpeak was not found). Google's "
    "'more than 24x' of 2025-04 was against 1.742; against 1.809 it is 23.5x.",
)
_quoted = {
    "fp64_dense": record(
        f"{_key}.fp64_dense_quoted",
        2746.38 * P,
        "FLOP/s",
        "vendor",
        TOP500_EL_CAPITAN,
        label="El Capitan peak FP64 (Rpeak, as TOP500 lists it)",
        quoted="Rpeak 2,746.38 PFlop/s",
        step=0.01 * P,
        note="TOP500 computes Rpeak from every core it counts (11,039,616, CPU and GPU "
        "together); 44,544 x the MI300A's 61.3 TFLOPS GPU FP64 is 2,730.5 PFLOPS.",
    ),
    "hbm_capacity": record(
        f"{_key}.hbm_capacity_quoted",
        5.4e3 * T,
        "B",
        "press",
        TOMS_EL_CAPITAN,
        label="El Capitan main memory (as quoted; a binary total)",
        quoted="5.4 petabytes of main memory (= 44,544 x 128 GiB = 5.44 PiB, a binary total)",
        step=0.1e3 * T,
        note="Value as written, read in decimal PB. 44,544 x 128 GB = 5.70 PB; in binary units "
        "44,544 x 128 GiB = 5.44 PiB, the 5.4 quoted. All of it is the APUs' HBM.",
    ),
}
EL_CAPITAN = System.build(
    key=_key,
    name="El Capitan (LLNL)",
    short="El Capitan",
    chip=MI300A,
    chips=_chips,
    cpus=None,
    racks=None,
    power=_power,
    price=None,
    quoted=_quoted,
    chip_word="APU",
    scale_up_link="Infinity Fabric",
    kind="supercomputer",
    status="shipped",
    date="2024-11-18",
    domain=4,
    topology=Topology("unpublished"),
    measured={"fp64_hpl": _rmax, "fp64_hpl_2025_11": _rmax_2025},
    quoted_base={"hbm_capacity": "binary"},
    mismatches={
        "fp64_dense": "TOP500's Rpeak (2,746.38 PFLOPS) counts the CPU cores of the APUs too; "
        "44,544 x the MI300A's GPU FP64 peak (61.3 TFLOPS) is 2,730.5 PFLOPS, 0.6 % less.",
        "hbm_capacity": "The press's 5.4 PB is 44,544 x 128 GiB = 5.44 PiB (a binary total); "
        "44,544 x 128 GB is 5.70 PB in decimal units.",
    },
    notes=(
        "Debuted first on the TOP500 of 2024-11-18 and kept the top spot in 2025-06.",
        "Not a scale-up system: four APUs per node share Infinity Fabric links (domain 4, "
        "el_capitan.apus_per_node); nodes talk over HPE Slingshot 11, a scale-out network.",
        "CPUs are inside the APUs (24 Zen 4 cores each): cpus is None, and the CPU and GPU "
        "share the HBM, so cpu_memory is None.",
        "Google's '24x' set an Ironwood pod's 42.5 EF FP8 peak beside this 1.742 EF FP64 "
        "measurement.",
    ),
)
total(_key, "fp64_dense", _chips, _fp64, label="El Capitan peak FP64 of its GPUs")
