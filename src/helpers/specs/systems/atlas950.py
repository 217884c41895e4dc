"""Huawei's Atlas 950 SuperPoD (announced at Huawei Connect 2025, not shipped): 8,192 Ascend
950DT chips; the chip's announced figures; and Huawei's totals as quoted, two of which are not
chips x the per-chip figure.

Huawei's "1,152 TB" is 8,192 x 144 GB divided by 1,024 (a binary total: 1,152 TiB if each chip
holds 144 GiB), against 1,179.6 TB in decimal units; its "16.3 PB/s" is 8,192 x 2 TB/s =
16.384 PB/s cut short (16.0 in binary units, the "16 PB/s" of later coverage). Both are recorded
as quoted, beside chips x the per-chip figure, and the difference is kept (``mismatches``).
"""

from __future__ import annotations

from ..core import G, P, T, derive, record
from ..hardware import Chip, ScaleUp, System, Topology, total
from ..sources import HC2025, HW_ATLAS950

_ANNOUNCED = "Announced, not shipped (Huawei Connect 2025, 2025-09-18; the 950DT for Q4 2026)."

# The chip: Ascend 950DT (decode and training) --------------------------------------------------
_950 = "ascend950"
_fp8 = record(
    f"{_950}.fp8_dense",
    1 * P,
    "FLOP/s",
    "vendor",
    HC2025,
    label="Ascend 950 FP8 (announced)",
    quoted="1 PFLOPS FP8 (also MXFP8 and HiF8)",
    note="A roadmap figure: Ascend 950PR announced for Q1 2026, 950DT for Q4 2026. Huawei does "
    "not say dense or sparse; the course reads it as dense, like Huawei's other figures.",
)
_fp4 = record(
    f"{_950}.fp4_dense",
    2 * P,
    "FLOP/s",
    "vendor",
    HC2025,
    label="Ascend 950 FP4 (announced)",
    quoted="2 PFLOPS FP4 (MXFP4)",
    note="A roadmap figure, as ascend950.fp8_dense; twice the FP8 figure, as on NVIDIA's chips.",
)
_dt = "ascend_950dt"
_hbm = record(
    f"{_dt}.hbm_capacity",
    144 * G,
    "B",
    "vendor",
    HC2025,
    label="Ascend 950DT HBM capacity (HiZQ 2.0, announced)",
    quoted="144 GB",
    note=_ANNOUNCED + " The 950PR has 128 GB (HiBL 1.0).",
)
_hbm_bw = record(
    f"{_dt}.hbm_bandwidth",
    4 * T,
    "B/s",
    "vendor",
    HC2025,
    label="Ascend 950DT HBM bandwidth (announced)",
    quoted="4 TB/s",
    note=_ANNOUNCED + " The 950PR has 1.6 TB/s.",
)
_link = record(
    f"{_dt}.interconnect_bandwidth",
    2 * T,
    "B/s",
    "vendor",
    HC2025,
    label="Ascend 950 interconnect bandwidth (announced)",
    quoted="2 TB/s, 2.5 times that of the Ascend 910C",
    direction="both",
    note="Direction not stated. 2 TB/s / 2.5 = 800 GB/s, close to the 910C's 784 GB/s of the "
    "same keynote series, which is twice the CloudMatrix paper's 392 GB/s one way: so most "
    "likely both directions (the course's reading, as for ascend910c.scale_up_bandwidth_hc2025).",
)
_scale_up = derive(
    f"{_dt}.scale_up_bandwidth",
    lambda both: both / 2,
    (_link,),
    "B/s",
    "Huawei's 2 TB/s, read as both directions (not stated) / 2",
    label="Ascend 950DT scale-up bandwidth, one direction",
    direction="one",
)
ASCEND_950DT = Chip.build(
    key=_dt,
    name="Ascend 950DT",
    maker="Huawei",
    bf16_dense=None,
    bf16_sparse=None,
    fp8_dense=_fp8,
    hbm_capacity=_hbm,
    hbm_bandwidth=_hbm_bw,
    scale_up_bandwidth=_scale_up,
    scale_out_bandwidth=None,
    power=None,
    peaks={"fp4_dense": _fp4},
    word="NPU",
    notes=(
        _ANNOUNCED,
        "BF16/FP16, power and scale-out bandwidth: not published (None).",
        "The 950PR and 950DT share the Ascend 950 die and its compute figures; they differ in "
        "HBM (128 GB at 1.6 TB/s against 144 GB at 4 TB/s).",
    ),
)

# The system ------------------------------------------------------------------------------------
_key = "atlas950"
_chips = record(
    f"{_key}.chips",
    8192,
    "1",
    "vendor",
    HW_ATLAS950,
    label="Ascend 950DT NPUs per Atlas 950 SuperPoD",
    note=_ANNOUNCED,
)
_cpus = record(
    f"{_key}.cpus",
    2048,
    "1",
    "vendor",
    HW_ATLAS950,
    label="Kunpeng 950 CPUs per Atlas 950 SuperPoD",
    note="As Tom's Hardware reports Huawei's figures. " + _ANNOUNCED,
)
_racks = record(
    f"{_key}.racks",
    160,
    "1",
    "vendor",
    HW_ATLAS950,
    label="cabinets (128 compute, 32 communications)",
    quoted="160 cabinets",
    note="About 1,000 square metres. " + _ANNOUNCED,
)
_quoted = {
    "fp8_dense": record(
        f"{_key}.fp8_dense_quoted",
        8e3 * P,
        "FLOP/s",
        "vendor",
        HW_ATLAS950,
        label="Atlas 950 SuperPoD FP8 (as quoted)",
        quoted="8 EFLOPS",
        step=1e3 * P,
        note="8,192 x 1 PFLOPS = 8.192 EFLOPS, rounded down. " + _ANNOUNCED,
    ),
    "fp4_dense": record(
        f"{_key}.fp4_dense_quoted",
        16e3 * P,
        "FLOP/s",
        "vendor",
        HW_ATLAS950,
        label="Atlas 950 SuperPoD FP4 (as quoted)",
        quoted="16 EFLOPS",
        step=1e3 * P,
        note="8,192 x 2 PFLOPS = 16.384 EFLOPS, rounded down. " + _ANNOUNCED,
    ),
    "hbm_capacity": record(
        f"{_key}.hbm_capacity_quoted",
        1152 * T,
        "B",
        "vendor",
        HW_ATLAS950,
        label="Atlas 950 SuperPoD memory (as quoted; a binary total)",
        quoted="1,152 TB (= 8,192 x 144 / 1,024: a binary total, 1,152 TiB of 144 GiB chips)",
        step=1 * T,
        note="Value as written, read in decimal TB; a binary total: Huawei divided by 1,024 "
        "(8,192 x 144 GB = "
        "1,179,648 GB, and 1,179,648 / 1,024 = 1,152). So it is 1,152 TiB if each chip holds "
        "144 GiB (1.27 PB), or a base-mixed 'TB' 2.3 % under the decimal 1,179.6 TB. HBM only: "
        "the Kunpeng CPUs' memory is not counted. " + _ANNOUNCED,
    ),
    "scale_up_bandwidth": record(
        f"{_key}.scale_up_bandwidth_quoted",
        16.3 * P,
        "B/s",
        "vendor",
        HW_ATLAS950,
        label="Atlas 950 SuperPoD interconnect bandwidth (as quoted)",
        quoted="16.3 PB/s",
        direction="both",
        step=0.1 * P,
        note="8,192 x 2 TB/s = 16.384 PB/s: 16.3 cuts it short (rounding gives 16.4); in binary "
        "units 16,384 / 1,024 = 16.0, the '16 PB/s' of coverage at MWC 2026. Direction not "
        "stated (read as both, as the per-chip 2 TB/s). " + _ANNOUNCED,
    ),
}
ATLAS950 = System.build(
    key=_key,
    name="Atlas 950 SuperPoD",
    short="Atlas 950",
    chip=ASCEND_950DT,
    chips=_chips,
    cpus=_cpus,
    racks=_racks,
    power=None,
    price=None,
    quoted=_quoted,
    chip_word="NPU",
    scale_up_link="UB",
    kind="supernode",
    status="announced",
    date="2025-09-18",
    scale_up=ScaleUp("UnifiedBus (UB)", "unpublished"),
    topology=Topology("unpublished"),
    quoted_base={"hbm_capacity": "binary"},
    mismatches={
        "hbm_capacity": "Huawei's 1,152 TB is 8,192 x 144 GB / 1,024 (a binary total); "
        "8,192 x 144 GB is 1,179.6 TB in decimal units, 2.3 % more.",
        "scale_up_bandwidth": "Huawei's 16.3 PB/s cuts 8,192 x 2 TB/s = 16.384 PB/s short "
        "(rounded, 16.4); in binary units it is 16.0.",
    },
    notes=(
        _ANNOUNCED,
        "Power, price, BF16 and memory bandwidth of the whole system: not published.",
        "Huawei's comparison with NVIDIA's 'NVL144' counted NVIDIA's dies, not packages "
        "(see vr_nvl72).",
        "Scale-up medium: Huawei's UB joins 160 cabinets; the course has no source for its "
        "copper and optics split.",
    ),
)
total(_key, "fp8_dense", _chips, _fp8, label="Atlas 950 SuperPoD FP8")
total(_key, "fp4_dense", _chips, _fp4, label="Atlas 950 SuperPoD FP4")
