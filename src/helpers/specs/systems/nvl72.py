"""The GB200 NVL72: its chip, the B200 (with NVIDIA's other ratings of it); its counts, trays,
NVSwitch chips, power, price and totals as quoted; the totals other figures give (NVIDIA's listed
HBM, sparsity, FP8); and the copper spine of its NVLink fabric.
"""

from __future__ import annotations

from ..core import BITS_PER_BYTE, G, K, M, P, T, derive, record
from ..hardware import Chip, PowerShare, ScaleUp, System, Topology, total
from ..sources import (
    COURSE,
    FT,
    NV_BLACKWELL,
    NV_DATASHEET,
    NV_NVL72,
    NV_NVLINK,
    PRESS_LINKS,
    SA,
    STH,
)
from ..styles import NVL72_LOOK

# The chip: B200 (Blackwell), as in the GB200 --------------------------------------------------
_b200 = "b200"
_b200_bf16 = record(
    f"{_b200}.bf16_dense",
    2.5 * P,
    "FLOP/s",
    "vendor",
    NV_NVL72,
    label="B200 dense BF16",
    quoted="2.5 PFLOPS",
    note="NVIDIA's tables quote 5 PFLOPS 'with sparsity'; dense is half.",
)
_b200_bf16_sparse = record(
    f"{_b200}.bf16_sparse",
    5 * P,
    "FLOP/s",
    "vendor",
    NV_NVL72,
    label="B200 BF16 with 2:4 sparsity",
    quoted="5 PFLOPS",
)
_b200_fp8 = record(
    f"{_b200}.fp8_dense",
    5 * P,
    "FLOP/s",
    "vendor",
    NV_NVL72,
    label="B200 dense FP8",
    quoted="5 PFLOPS",
)
_b200_hbm_sa = record(
    f"{_b200}.hbm_capacity",
    192 * G,
    "B",
    "vendor",
    NV_NVL72,
    label="B200 HBM capacity per GPU (NVIDIA, March 2024; the physical HBM3e)",
    quoted="Up to 192 GB HBM3e",
    note="NVIDIA's GTC 2024 tables, read through a public copy of the March 2024 pages: up to "
    "192 GB per GPU (HGX B200 table), up to 384 GB per GB200 Superchip of two B200. "
    "SemiAnalysis uses the same 192 GB (13.8 TB per NVL72, the basis of the article's 3.6x). "
    "NVIDIA later lists 186 GB for the B200 in the GB200 and 180 GB for the HGX B200.",
)
_b200_hbm_nv = record(
    f"{_b200}.hbm_capacity_listed",
    186 * G,
    "B",
    "vendor",
    NV_NVL72,
    label="B200 HBM capacity (NVIDIA's listed)",
    quoted="186 GB",
    note="What NVIDIA lists per GPU in the NVL72 (13.4 TB per rack).",
)
_b200_hbm_bw = record(
    f"{_b200}.hbm_bandwidth",
    8 * T,
    "B/s",
    "vendor",
    NV_NVL72,
    label="B200 HBM bandwidth",
    quoted="8 TB/s",
)
record(f"{_b200}.nvlink_links", 18, "1", "vendor", NV_NVLINK, label="NVLink 5 links per GPU")
_b200_nvlink_link_bw = record(
    f"{_b200}.nvlink_link_bandwidth",
    100 * G,
    "B/s",
    "vendor",
    NV_NVLINK,
    label="bandwidth of one NVLink 5 link",
    quoted="100 GB/s",
    direction="both",
)
_b200_scale_up = record(
    f"{_b200}.scale_up_bandwidth",
    900 * G,
    "B/s",
    "vendor",
    NV_NVLINK,
    label="B200 scale-up (NVLink 5) bandwidth",
    quoted="1.8 TB/s both directions",
    direction="one",
    note="NVIDIA quotes 1.8 TB/s counting both directions: 900 GB/s each way.",
)
_b200_scale_out = record(
    f"{_b200}.scale_out_bandwidth",
    400 * G / BITS_PER_BYTE,
    "B/s",
    "analyst",
    SA,
    label="B200 scale-out bandwidth (SA's assumption)",
    quoted="400 Gb/s",
    direction="one",
    note="SA assumes one 400G NIC per GPU; deployments also use 800G.",
)
_b200_power = record(
    f"{_b200}.power",
    1200,
    "W",
    "vendor",
    NV_NVL72,
    label="B200 GPU power (up to)",
    quoted="Configurable up to 1,200W",
    note="NVIDIA's Blackwell datasheet, GB200 NVL72 column, 'Max Thermal Design Power (TDP)'; "
    "the HGX B200 is configurable up to 1,000W.",
)
B200 = Chip.build(
    key=_b200,
    name="B200",
    maker="NVIDIA",
    bf16_dense=_b200_bf16,
    bf16_sparse=_b200_bf16_sparse,
    fp8_dense=_b200_fp8,
    hbm_capacity=_b200_hbm_sa,
    hbm_bandwidth=_b200_hbm_bw,
    scale_up_bandwidth=_b200_scale_up,
    scale_out_bandwidth=_b200_scale_out,
    power=_b200_power,
)
_nvlink_lanes = record(
    f"{_b200}.nvlink_lanes_per_direction",
    2,
    "1",
    "vendor",
    NV_BLACKWELL,
    label="differential pairs (lanes) per NVLink 5 link, each direction",
    note="Blackwell keeps Hopper's two pairs per direction and doubles the rate per pair.",
)
derive(
    f"{_b200}.nvlink_lane_rate",
    lambda link_both, lanes: link_both / 2 / lanes,
    (_b200_nvlink_link_bw, _nvlink_lanes),
    "B/s",
    "one NVLink 5 link (100 GB/s both ways) / 2 directions / 2 lanes",
    label="NVLink 5 rate per lane (200 Gb/s)",
    direction="one",
)
record(
    "b200.fp4_sparse",
    20 * P,
    "FLOP/s",
    "vendor",
    NV_NVL72,
    label="B200 FP4 with 2:4 sparsity",
    quoted="1,440 PFLOPS FP4 Tensor Core for the 72 GPUs of a GB200 NVL72, with sparsity",
)
record(
    "b200.fp4_dense",
    10 * P,
    "FLOP/s",
    "vendor",
    NV_NVL72,
    label="B200 dense FP4",
    quoted="1,440 PFLOPS FP4 for 72 GPUs, with sparsity; dense is half",
    note="NVIDIA's table quotes FP4 with sparsity, like its BF16 and FP8 figures; dense is half, "
    "four times the dense BF16 figure on the same tensor cores.",
)

# NVIDIA's other B200 figures: the HGX B200 (eight GPUs in a server, up to 1,000 W against the
# GB200's 1,200 W), and figures revised since GTC 2024.
record(
    "hgx_b200.bf16_dense",
    2.25 * P,
    "FLOP/s",
    "vendor",
    NV_DATASHEET,
    label="HGX B200 dense BF16 per GPU",
    quoted="4.5 PFLOPS",
    note="NVIDIA's table gives 4.5 PFLOPS with sparsity; dense is half. The B200 in the GB200 "
    "is rated 5 PFLOPS sparse (2.5 dense) at up to 1,200 W.",
)
record(
    "hgx_b200.hbm_capacity",
    180 * G,
    "B",
    "vendor",
    NV_DATASHEET,
    label="HGX B200 HBM capacity per GPU",
    quoted="180GB HBM3E",
    note="The same table lists 186 GB for the B200 in the GB200 NVL72.",
)
record(
    "hgx_b200.hbm_bandwidth",
    7.7 * T,
    "B/s",
    "vendor",
    NV_DATASHEET,
    label="HGX B200 HBM bandwidth per GPU",
    quoted="7.7TB/s",
)
record(
    "hgx_b200.power",
    1000,
    "W",
    "vendor",
    NV_DATASHEET,
    label="HGX B200 GPU power (up to)",
    quoted="Configurable up to 1,000W",
)

# The system -----------------------------------------------------------------------------------
_nv = "nvl72"
_nv_chips = record(f"{_nv}.chips", 72, "1", "vendor", NV_NVL72, label="B200 GPUs per NVL72")
_nv_cpus = record(f"{_nv}.cpus", 36, "1", "vendor", NV_NVL72, label="Grace CPUs per NVL72")
_nv_racks = record(f"{_nv}.racks", 1, "1", "vendor", NV_NVL72, label="racks")
record(
    f"{_nv}.compute_trays",
    18,
    "1",
    "vendor",
    NV_NVL72,
    label="compute trays",
    note="Each tray holds 2 Grace CPUs and 4 B200 GPUs.",
)
record(f"{_nv}.switch_trays", 9, "1", "vendor", NV_NVL72, label="switch trays")
record(
    f"{_nv}.nvswitch_chips",
    18,
    "1",
    "vendor",
    NV_NVLINK,
    label="NVSwitch chips",
    note="9 trays x 2 chips; each GPU has one link to each of the 18 chips.",
)
_nv_power = record(
    f"{_nv}.power",
    145 * K,
    "W",
    "analyst",
    SA,
    label="NVL72 all-in power",
    quoted="about 145kW",
    note="SA's estimate, all-in as SA counts it (with networking beyond the rack); NVIDIA's "
    "rack as shown at GTC 2024 is a 120 kW system (nvl72.power_rack_it).",
)
_nv_power_rack = record(
    f"{_nv}.power_rack_it",
    120 * K,
    "W",
    "press",
    STH,
    label="NVL72 rack IT load",
    quoted="Here is the 120kW flagship system stacked in a single rack.",
    note="ServeTheHome's report of the rack NVIDIA showed at GTC 2024; no NVIDIA page gives it.",
)
_nv_price = record(
    f"{_nv}.price",
    3 * M,
    "USD",
    "press",
    FT,
    label="NVL72 price",
    quoted="$3 million for Nvidia's NVL72",
    low=2.7 * M,
    high=3.5 * M,
    note="The FT's figure, in the same report as the CM384's price; other press estimates vary "
    "with configuration and buyer (US$2.7-3.5 million).",
)
record(
    "nvl72.compute_trays_above_switches",
    10,
    "1",
    "assumption",
    COURSE,
    label="compute trays above the NVLink switch trays in the NVL72 rack (the others sit below)",
    low=9,
    high=10,
    note="Photos and drawings of NVIDIA's GB200 NVL72 rack (GTC 2024) show 10 compute trays "
    "above the 9 switch trays and 8 below; the course found no document that states it, so it "
    "is kept as an assumption (9 would be the even split). Only notebook 05's rack drawing uses "
    "it; no number of the course depends on it.",
)
_nv_quoted = {
    "bf16_dense": record(
        f"{_nv}.bf16_dense_quoted",
        180 * P,
        "FLOP/s",
        "vendor",
        NV_NVL72,
        label="NVL72 dense BF16 (as quoted)",
        quoted="180 PFLOPS",
        step=1 * P,
        note="NVIDIA's headline 360 PFLOPS counts 2:4 sparsity.",
    ),
    "hbm_capacity": record(
        f"{_nv}.hbm_capacity_quoted",
        13.8 * T,
        "B",
        "analyst",
        SA,
        label="NVL72 HBM capacity (as quoted by SA)",
        quoted="13.8 TB",
        step=0.1 * T,
    ),
    "hbm_bandwidth": record(
        f"{_nv}.hbm_bandwidth_quoted",
        576 * T,
        "B/s",
        "vendor",
        NV_NVL72,
        label="NVL72 HBM bandwidth (as quoted)",
        quoted="576 TB/s",
        step=1 * T,
    ),
    "scale_up_bandwidth": record(
        f"{_nv}.scale_up_bandwidth_quoted",
        130 * T,
        "B/s",
        "vendor",
        NV_NVLINK,
        label="NVL72 NVLink bandwidth (as quoted)",
        quoted="130 TB/s",
        direction="both",
        step=1 * T,
    ),
    "scale_out_bandwidth": record(
        f"{_nv}.scale_out_bandwidth_quoted",
        28.8 * T / BITS_PER_BYTE,
        "B/s",
        "analyst",
        SA,
        label="NVL72 scale-out bandwidth (as quoted)",
        quoted="28.8 Tb/s",
        direction="one",
        step=0.1 * T / BITS_PER_BYTE,
    ),
    "hbm_capacity_listed": record(
        f"{_nv}.hbm_capacity_listed_quoted",
        13.4 * T,
        "B",
        "vendor",
        NV_NVL72,
        label="NVL72 HBM capacity (as NVIDIA lists it)",
        quoted="13.4 TB",
        step=0.1 * T,
    ),
    "bf16_sparse": record(
        f"{_nv}.bf16_sparse_quoted",
        360 * P,
        "FLOP/s",
        "vendor",
        NV_NVL72,
        label="NVL72 BF16 with 2:4 sparsity (NVIDIA's headline)",
        quoted="360 PFLOPS",
        step=1 * P,
    ),
}

# Power: the GPUs (NVIDIA), the rest of the rack (ServeTheHome's rack IT load), what SA adds ----
_nv_power_parts = (
    PowerShare(
        "{count} B200 GPUs",
        _b200_power,
        _nv_chips,
        short="{count} GPUs, up to",
        basis="{count} x up to {each} (NVIDIA: '{quoted}')",
    ),
    PowerShare(
        "rest of the rack: Grace CPUs, NVLink switches, NICs, fans, conversion",
        _nv_power_rack,
        rest=True,
        short="rest of the rack",
        basis="the {each} rack NVIDIA showed at GTC 2024 (ServeTheHome) minus the GPUs",
    ),
    PowerShare(
        "beyond the rack in SemiAnalysis's all-in count (scale-out network and more)",
        _nv_power,
        rest=True,
        short="beyond the rack",
        basis="all-in power minus the rack IT load",
    ),
)

NVL72 = System.build(
    key=_nv,
    name="GB200 NVL72",
    short="NVL72",
    chip=B200,
    chips=_nv_chips,
    cpus=_nv_cpus,
    racks=_nv_racks,
    power=_nv_power,
    price=_nv_price,
    quoted=_nv_quoted,
    chip_word="GPU",
    scale_up_link="NVLink",
    style=NVL72_LOOK,
    status="shipped",
    date="2024-03-18",  # announced at GTC 2024 (NV-NVL72)
    scale_up=ScaleUp("NVLink", "copper", link_key="nvlink5"),
    topology=Topology(
        "one_level",
        {
            "chips": f"{_nv}.chips",
            "switches": f"{_nv}.nvswitch_chips",
            "links_per_chip": f"{_b200}.nvlink_links",
            "chip_groups": f"{_nv}.compute_trays",
            "switch_groups": f"{_nv}.switch_trays",
            "link_bandwidth": f"{_b200}.nvlink_link_bandwidth",
            "chip_name": "GPU",
            "switch_name": "NVSwitch",
        },
    ),
    power_parts=_nv_power_parts,
    power_totals=(_nv_power_rack,),
)

# Totals from other figures: NVIDIA's listed HBM, sparsity, and FP8 (units the 910C lacks) -----
total(
    _nv, "hbm_capacity_listed", _nv_chips, _b200_hbm_nv, label="NVL72 HBM (NVIDIA's listed 186 GB)"
)
total(_nv, "bf16_sparse", _nv_chips, _b200_bf16_sparse, label="NVL72 BF16 with 2:4 sparsity")
total(_nv, "fp8_dense", _nv_chips, _b200_fp8, label="NVL72 dense FP8")
record(
    f"{_nv}.hbm_capacity_2024",
    13.5 * T,
    "B",
    "vendor",
    NV_NVL72,
    label="NVL72 HBM capacity as NVIDIA's March 2024 page gave it",
    quoted="Up to 13.5 TB HBM3e",
    step=0.1 * T,
    note="The page now says up to 13.4 TB (72 x 186 GB); 72 x 192 GB would be 13.8 TB.",
)

# The copper spine of the NVLink fabric --------------------------------------------------------
record(
    f"{_nv}.copper_cables",
    5000,
    "1",
    "press",
    PRESS_LINKS,
    label="copper NVLink cables in the spine (more than)",
    quoted="over 5,000",
)
record(
    f"{_nv}.copper_length",
    3.2 * K,
    "m",
    "press",
    PRESS_LINKS,
    label="total copper cable length",
    quoted="about 3.2 km",
)
record(
    f"{_nv}.copper_power_saving",
    20 * K,
    "W",
    "press",
    PRESS_LINKS,
    label="power saved per rack by copper instead of optics",
    quoted="about 20 kW",
)
