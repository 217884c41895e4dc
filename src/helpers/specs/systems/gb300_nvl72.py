"""The GB300 NVL72 (Blackwell Ultra, shipped 2025): its chip, the B300, at every precision NVIDIA
publishes; its counts, CPU memory and rack power; and its totals as NVIDIA quotes them.

NVIDIA's tables give Tensor Core figures "with sparsity unless otherwise noted": dense is half,
except FP4, which NVIDIA prints as "20 | 15 PFLOPS" (sparse | dense), not 2:1.
"""

from __future__ import annotations

from ..core import G, K, P, T, derive, record
from ..hardware import (
    Chip,
    ScaleUp,
    System,
    Topology,
    quoter,
    totals,
)
from ..sources import (
    LENOVO_GB300,
    NV_BLACKWELL_ULTRA,
    NV_GB300,
    NV_GB300_RA,
    NV_NVLINK,
    NV_ULTRA_DATASHEET,
)

_SPARSE = (
    "NVIDIA's datasheet: 'All Tensor Core specifications are with sparsity unless otherwise noted'"
)


def _half_of_sparse(name: str, sparse, label: str):
    """The dense figure NVIDIA's 2:1 rule gives from its sparse one."""
    return derive(
        name,
        lambda s: s / 2,
        (sparse,),
        "FLOP/s",
        "sparse / 2 (NVIDIA quotes Tensor Core figures with 2:4 sparsity; dense is half)",
        label=label,
    )


# The chip: B300 (Blackwell Ultra), as in the GB300 -------------------------------------------
_b300 = "b300"
_fp4_dense = record(
    f"{_b300}.fp4_dense",
    15 * P,
    "FLOP/s",
    "vendor",
    NV_BLACKWELL_ULTRA,
    label="B300 (Blackwell Ultra) dense FP4",
    quoted="15 PetaFLOPS dense NVFP4 compute",
)
_fp4_sparse = record(
    f"{_b300}.fp4_sparse",
    20 * P,
    "FLOP/s",
    "vendor",
    NV_ULTRA_DATASHEET,
    label="B300 FP4 with 2:4 sparsity",
    quoted="FP4 Tensor Core 20 | 15 PFLOPS (GB300 column)",
    note="Sparse | dense as NVIDIA prints them: 20 is not twice 15. The sparse figure is the "
    "B200's (b200.fp4_sparse); only the dense one rose.",
)
_fp8_sparse = record(
    f"{_b300}.fp8_sparse",
    10 * P,
    "FLOP/s",
    "vendor",
    NV_ULTRA_DATASHEET,
    label="B300 FP8/FP6 with 2:4 sparsity",
    quoted="FP8/FP6 Tensor Core 10 PFLOPS",
    note=_SPARSE + ".",
)
_fp8_dense = _half_of_sparse(f"{_b300}.fp8_dense", _fp8_sparse, "B300 dense FP8")
_bf16_sparse = record(
    f"{_b300}.bf16_sparse",
    5 * P,
    "FLOP/s",
    "vendor",
    NV_ULTRA_DATASHEET,
    label="B300 FP16/BF16 with 2:4 sparsity",
    quoted="FP16/BF16 Tensor Core 5 PFLOPS",
    note=_SPARSE + ".",
)
_bf16_dense = _half_of_sparse(f"{_b300}.bf16_dense", _bf16_sparse, "B300 dense BF16")
_tf32_sparse = record(
    f"{_b300}.tf32_sparse",
    2.5 * P,
    "FLOP/s",
    "vendor",
    NV_ULTRA_DATASHEET,
    label="B300 TF32 with 2:4 sparsity",
    quoted="TF32 Tensor Core 2.5 PFLOPS",
    note=_SPARSE + ".",
)
_int8_sparse = record(
    f"{_b300}.int8_sparse",
    330e12,
    "OP/s",
    "vendor",
    NV_ULTRA_DATASHEET,
    label="B300 INT8 Tensor Core",
    quoted="INT8 Tensor Core 330 TOPS",
    note=_SPARSE + "; Blackwell Ultra cut INT8 to a fraction of the B200's.",
)
_fp32 = record(
    f"{_b300}.fp32_dense",
    80e12,
    "FLOP/s",
    "vendor",
    NV_ULTRA_DATASHEET,
    label="B300 FP32",
    quoted="FP32 80 TFLOPS",
)
_fp64 = record(
    f"{_b300}.fp64_dense",
    1.3e12,
    "FLOP/s",
    "vendor",
    NV_ULTRA_DATASHEET,
    label="B300 FP64",
    quoted="FP64 1.3 TFLOPS",
    note="NVIDIA's HGX B300 page gives 10 TFLOPS for 8 GPUs (1.25 each) against the "
    "datasheet's 1.2 TFLOPS for the HGX B300 column.",
)
_hbm = record(
    f"{_b300}.hbm_capacity",
    279 * G,
    "B",
    "vendor",
    NV_ULTRA_DATASHEET,
    label="B300 HBM capacity per GPU (the GB300 NVL72's)",
    quoted="279 GB HBM3E | 8 TB/s",
    note="The GPU as sold in the GB300 NVL72; the architecture holds up to 288 GB "
    "(b300.hbm_capacity_full), and NVIDIA's reference architecture also prints 720 GB per "
    "4-GPU tray (b300.hbm_capacity_ra_table10).",
)
record(
    f"{_b300}.hbm_capacity_full",
    288 * G,
    "B",
    "vendor",
    NV_GB300_RA,
    label="B300 HBM capacity, the full 12-high stacks",
    quoted="1,152 GB aggregated HBM3 per compute tray of 4 GPUs",
    note="1,152 GB / 4 GPUs = 288 GB (the reference architecture's Table 1).",
)
record(
    f"{_b300}.hbm_capacity_ra_table10",
    180 * G,
    "B",
    "vendor",
    NV_GB300_RA,
    label="B300 HBM capacity as the reference architecture's Table 10 prints it",
    quoted="720 GB per compute tray of 4 GPUs",
    note="720 GB / 4 GPUs = 180 GB: a third official value, likely a table carried over.",
)
_hbm_bw = record(
    f"{_b300}.hbm_bandwidth",
    8 * T,
    "B/s",
    "vendor",
    NV_BLACKWELL_ULTRA,
    label="B300 (Blackwell Ultra) HBM bandwidth",
    quoted="8 TB/s per GPU",
)
_scale_up = record(
    f"{_b300}.scale_up_bandwidth",
    900 * G,
    "B/s",
    "vendor",
    NV_GB300_RA,
    label="B300 scale-up (NVLink 5) bandwidth",
    quoted="a bandwidth of 900GB/s (1800 GB/s bi-directional)",
    direction="one",
    note="18 NVLink 5 links per GPU, as on the B200.",
)
_power = record(
    f"{_b300}.power",
    1400,
    "W",
    "vendor",
    NV_ULTRA_DATASHEET,
    label="B300 GPU power (up to, in the GB300 NVL72)",
    quoted="Configurable up to 1,400 W",
    note="The HGX B300 is configurable up to 1,100 W.",
)
B300 = Chip.build(
    key=_b300,
    name="B300 (Blackwell Ultra)",
    maker="NVIDIA",
    bf16_dense=_bf16_dense,
    bf16_sparse=_bf16_sparse,
    fp8_dense=_fp8_dense,
    hbm_capacity=_hbm,
    hbm_bandwidth=_hbm_bw,
    scale_up_bandwidth=_scale_up,
    scale_out_bandwidth=None,
    power=_power,
    peaks={
        "fp4_dense": _fp4_dense,
        "fp4_sparse": _fp4_sparse,
        "fp8_sparse": _fp8_sparse,
        "tf32_sparse": _tf32_sparse,
        "int8_sparse": _int8_sparse,
        "fp32_dense": _fp32,
        "fp64_dense": _fp64,
    },
    word="GPU",
    notes=(
        "Scale-out bandwidth per GPU: not in the sources the course read (None).",
        "FP4 is 20 | 15 PFLOPS sparse | dense: not NVIDIA's usual 2:1.",
    ),
)

# The system ----------------------------------------------------------------------------------
_key = "gb300_nvl72"
_chips = record(
    f"{_key}.chips", 72, "1", "vendor", NV_GB300_RA, label="Blackwell Ultra GPUs per GB300 NVL72"
)
_cpus = record(f"{_key}.cpus", 36, "1", "vendor", NV_GB300_RA, label="Grace CPUs per GB300 NVL72")
_racks = record(f"{_key}.racks", 1, "1", "vendor", NV_GB300, label="racks")
record(f"{_key}.compute_trays", 18, "1", "vendor", NV_GB300_RA, label="compute trays")
record(f"{_key}.switch_trays", 9, "1", "vendor", NV_GB300_RA, label="NVLink switch trays")
record(
    f"{_key}.nvlink_links",
    18,
    "1",
    "vendor",
    NV_NVLINK,
    label="NVLink 5 links per GPU, one to each NVLink switch chip",
    note="The GB300 NVL72 keeps the GB200 NVL72's NVLink 5 and its 9 switch trays of 2 chips "
    "(nvl72.nvswitch_chips): 18 chips, each GPU with one link to each.",
)
_power_rack = record(
    f"{_key}.power",
    142 * K,
    "W",
    "vendor",
    NV_GB300_RA,
    label="GB300 NVL72 rack power (up to)",
    quoted="Full rack requiring up to 142 kW",
    note="NVIDIA's reference architecture, the rack's maximum; Lenovo gives 135 kW TDP and "
    "155 kW EDP for its build (gb300_nvl72.power_oem_tdp, gb300_nvl72.power_oem_edp).",
)
record(
    f"{_key}.power_oem_tdp",
    135 * K,
    "W",
    "vendor",
    LENOVO_GB300,
    label="GB300 NVL72 rack TDP (Lenovo)",
    quoted="135 kW TDP",
    note="An OEM's figure for its own rack.",
)
record(
    f"{_key}.power_oem_edp",
    155 * K,
    "W",
    "vendor",
    LENOVO_GB300,
    label="GB300 NVL72 rack EDP, the electrical design peak (Lenovo)",
    quoted="155 kW EDP",
)
_cpu_memory = record(
    f"{_key}.cpu_memory",
    17 * T,
    "B",
    "vendor",
    NV_GB300,
    label="GB300 NVL72 LPDDR5X on the Grace CPUs",
    quoted="17 TB LPDDR5X",
    note="NVIDIA's 'Fast Memory 37 TB' adds it to the HBM.",
)


_quote = quoter(_key, "GB300 NVL72", NV_GB300)

GB300_NVL72 = System.build(
    key=_key,
    name="GB300 NVL72",
    short="GB300",
    chip=B300,
    chips=_chips,
    cpus=_cpus,
    racks=_racks,
    power=_power_rack,
    price=None,
    quoted={
        "fp4_dense": _quote("fp4_dense", 1080 * P, "FLOP/s", "1440 | 1080 PFLOPS", 1 * P),
        "fp4_sparse": _quote("fp4_sparse", 1440 * P, "FLOP/s", "1440 | 1080 PFLOPS", 1 * P),
        "fp8_sparse": _quote("fp8_sparse", 720 * P, "FLOP/s", "720 PFLOPS", 1 * P),
        "bf16_sparse": _quote("bf16_sparse", 360 * P, "FLOP/s", "360 PFLOPS", 1 * P),
        "fp64_dense": _quote(
            "fp64_dense",
            100e12,
            "FLOP/s",
            "100 TFLOPS",
            1e12,
            note="72 x the datasheet's 1.3 TFLOPS is 93.6 TFLOPS.",
        ),
        "hbm_capacity": _quote(
            "hbm_capacity",
            20 * T,
            "B",
            "20 TB",
            1 * T,
            note="72 x 279 GB = 20.1 TB; NVIDIA does not say TB or TiB.",
        ),
        "hbm_bandwidth": _quote("hbm_bandwidth", 576 * T, "B/s", "Up to 576 TB/s", 1 * T),
        "scale_up_bandwidth": _quote(
            "scale_up_bandwidth",
            130 * T,
            "B/s",
            "a total aggregated bandwidth of 130 TB/s",
            1 * T,
            direction="both",
            source=NV_GB300_RA,
        ),
    },
    chip_word="GPU",
    scale_up_link="NVLink",
    kind="rack",
    status="shipped",
    date="2025-07",
    cpu_memory=_cpu_memory,
    scale_up=ScaleUp("NVLink 5", "copper", None, "nvlink5"),
    topology=Topology("one_level", {"chips": 72, "switches": 18, "links_per_chip": 18}),
    mismatches={
        "fp64_dense": "NVIDIA's rack page quotes 100 TFLOPS FP64; 72 x the datasheet's 1.3 "
        "TFLOPS per GPU is 93.6 TFLOPS. NVIDIA does not say how it rounds.",
    },
    notes=(
        "Announced at GTC 2025 (2025-03-18); first cloud deployment 2025-07 (CoreWeave).",
        "NVIDIA: '1.5x more dense FP4 Tensor Core FLOPS' than Blackwell (1,080 / 720); the "
        "sparse FP4 did not rise (1,440 PFLOPS for both racks).",
        "18 NVLink switch chips in 9 trays, as in the GB200 NVL72 (gb300_nvl72.nvlink_links).",
    ),
)
totals(
    _key,
    "GB300 NVL72",
    _chips,
    {
        "fp4_dense": (_fp4_dense, "dense FP4"),
        "fp4_sparse": (_fp4_sparse, "FP4 with 2:4 sparsity"),
        "fp8_sparse": (_fp8_sparse, "FP8 with 2:4 sparsity"),
        "bf16_sparse": (_bf16_sparse, "BF16 with 2:4 sparsity"),
        "fp64_dense": (_fp64, "FP64"),
        "fp8_dense": (_fp8_dense, "dense FP8"),
    },
)
