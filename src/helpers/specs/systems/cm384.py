"""The CloudMatrix 384 (CM384): its chip, the Ascend 910C; its counts, power, price and totals as
quoted; the totals other sources' per-chip figures give; and its supernode network: the UB
switches (PAPER), the optics that carry it, and the course's assumptions about its cables and
per-step latency.
"""

from __future__ import annotations

from ..core import BITS_PER_BYTE, FIGURES, G, K, M, P, T, derive, record
from ..hardware import Chip, PowerShare, ScaleUp, System, Topology, total, total_both_ways
from ..sources import CM384_WIRING, COURSE, FT, HC2025, HW_CLOUD, PAPER, SA, TOMS
from ..styles import CM384_LOOK

# The chip: Ascend 910C, two dies --------------------------------------------------------------
_910c = "ascend910c"
_910c_bf16_sa = record(
    f"{_910c}.bf16_dense",
    780 * T,
    "FLOP/s",
    "analyst",
    SA,
    label="Ascend 910C dense BF16",
    quoted="780 TFLOPS",
    step=1 * T,
    note="SA's estimate; 384 x 780 TFLOPS is the 300 PFLOPS of the article.",
)
_910c_dies = record(f"{_910c}.dies", 2, "1", "vendor", PAPER, label="dies per Ascend 910C")
_910c_die_bf16 = record(
    f"{_910c}.die_bf16_dense",
    376 * T,
    "FLOP/s",
    "vendor",
    PAPER,
    label="dense BF16 per 910C die",
    quoted="376 TFLOPS",
)
_910c_bf16_paper = derive(
    f"{_910c}.bf16_dense_paper",
    lambda dies, per_die: dies * per_die,
    (_910c_dies, _910c_die_bf16),
    "FLOP/s",
    "2 dies x 376 TFLOP/s (PAPER)",
    label="Ascend 910C dense BF16 (PAPER)",
)
record(
    f"{_910c}.fp16_dense_hc2025",
    800 * T,
    "FLOP/s",
    "vendor",
    HC2025,
    label="Ascend 910C dense FP16 (Huawei Connect 2025)",
    quoted="800 TFLOPS FP16",
    note="An FP16 figure; Huawei gave no BF16 figure in that keynote.",
)
_910c_hbm = record(
    f"{_910c}.hbm_capacity",
    128 * G,
    "B",
    "vendor",
    HC2025,
    label="Ascend 910C HBM capacity",
    quoted="128 GB",
    note="8 stacks of HBM2E; the same figure is in PAPER.",
)
record(f"{_910c}.hbm_stacks", 8, "1", "vendor", PAPER, label="HBM2E stacks")
_910c_hbm_bw = record(
    f"{_910c}.hbm_bandwidth",
    3.2 * T,
    "B/s",
    "vendor",
    HC2025,
    label="Ascend 910C HBM bandwidth",
    quoted="3.2 TB/s",
)
record(f"{_910c}.ub_links_per_die", 7, "1", "vendor", PAPER, label="UB links per die")
record(
    f"{_910c}.ub_link_bandwidth",
    28 * G,
    "B/s",
    "vendor",
    PAPER,
    label="bandwidth of one UB link",
    quoted="about 28 GB/s",
    direction="one",
)
_910c_scale_up = record(
    f"{_910c}.scale_up_bandwidth",
    392 * G,
    "B/s",
    "vendor",
    PAPER,
    label="Ascend 910C scale-up (UB) bandwidth",
    quoted="392 GB/s",
    direction="one",
    step=1 * G,
    note="14 UB links (7 per die, 2 dies) of about 28 GB/s each.",
)
_910c_scale_up_sa = record(
    f"{_910c}.scale_up_bandwidth_sa",
    2.8 * T / BITS_PER_BYTE,
    "B/s",
    "analyst",
    SA,
    label="Ascend 910C scale-up bandwidth (SA)",
    quoted="2.8 Tb/s",
    direction="one",
    note="2.8 Tb/s = 350 GB/s; the basis of the 269 TB/s system total.",
)
record(
    f"{_910c}.scale_up_bandwidth_hc2025",
    784 * G,
    "B/s",
    "vendor",
    HC2025,
    label="Ascend 910C interconnect bandwidth (Huawei Connect 2025)",
    quoted="784 GB/s",
    direction="both",
    note="Direction not stated; twice PAPER's 392 GB/s one way, so most likely both directions.",
)
_910c_scale_out = record(
    f"{_910c}.scale_out_bandwidth",
    400 * G / BITS_PER_BYTE,
    "B/s",
    "vendor",
    PAPER,
    label="Ascend 910C scale-out (RoCE) bandwidth",
    quoted="400 Gb/s",
    direction="one",
)
ASCEND_910C = Chip.build(
    key=_910c,
    name="Ascend 910C",
    maker="Huawei",
    bf16_dense=_910c_bf16_sa,
    bf16_sparse=None,
    fp8_dense=None,
    hbm_capacity=_910c_hbm,
    hbm_bandwidth=_910c_hbm_bw,
    scale_up_bandwidth=_910c_scale_up,
    scale_out_bandwidth=_910c_scale_out,
    power=None,
    notes=(
        "No FP8: the 910C has no FP8 units; the CloudMatrix paper serves in INT8.",
        "Huawei publishes no chip power; the course uses the system power divided by 384.",
    ),
)

# The system -----------------------------------------------------------------------------------
_cm = "cm384"
_cm_chips = record(f"{_cm}.chips", 384, "1", "vendor", PAPER, label="Ascend 910C per CM384")
_cm_cpus = record(f"{_cm}.cpus", 192, "1", "vendor", PAPER, label="Kunpeng CPUs per CM384")
_cm_nodes = record(f"{_cm}.nodes", 48, "1", "vendor", PAPER, label="nodes (servers)")
record(f"{_cm}.npus_per_node", 8, "1", "vendor", PAPER, label="NPUs per node")
_cm_racks = record(
    f"{_cm}.racks",
    16,
    "1",
    "vendor",
    PAPER,
    label="racks",
    note="12 compute racks of 32 NPUs and 4 switch racks (SA).",
)
record(f"{_cm}.compute_racks", 12, "1", "analyst", SA, label="compute racks")
record(f"{_cm}.switch_racks", 4, "1", "analyst", SA, label="switch racks")
_cm_power = record(
    f"{_cm}.power",
    559 * K,
    "W",
    "analyst",
    SA,
    label="CM384 all-in power",
    quoted="559 kW",
    note="SA's table (an image), as the press reads it: 'The CloudMatrix 384's total system "
    "power requirement is estimated at 559 kW, nearly four times the 145 kW consumed by the "
    "GB200 NVL72 configuration.' (Winbuzzer, 2025-04-20). SA's text says close to 600 kW "
    "(cm384.power_sa_text). Huawei publishes no figure.",
)
record(
    f"{_cm}.power_sa_text",
    600 * K,
    "W",
    "analyst",
    SA,
    label="CM384 power (SA's text)",
    quoted="We estimate that one CM384 supernode draws close to 600kW of power – more than 4 "
    "times that of Nvidia's GB200 NVL72 rack, which consumes about 145kW.",
    note="In the subscribers' part of SA's article (section 'System-level Power Budget').",
)
_cm_price = record(
    f"{_cm}.price",
    8.2 * M,
    "USD",
    "press",
    FT,
    label="CM384 price",
    quoted="CloudMatrix 384 sells for about 60 million Chinese yuan ($8.2 million), a set "
    "compared to $3 million for Nvidia's NVL72.",
)
record(
    f"{_cm}.price_cny",
    60 * M,
    "CNY",
    "press",
    FT,
    label="CM384 price in yuan",
    quoted="about 60 million Chinese yuan",
)
_cm_quoted = {
    "bf16_dense": record(
        f"{_cm}.bf16_dense_quoted",
        300 * P,
        "FLOP/s",
        "vendor",
        HW_CLOUD,
        label="CM384 dense BF16 (as quoted)",
        quoted="300 PFLOPS",
        step=1 * P,
        note="Huawei's own claim on its launch slide; SA's table gives the same total (384 x its "
        "780 TFLOPS estimate).",
    ),
    "hbm_capacity": record(
        f"{_cm}.hbm_capacity_quoted",
        49.2 * T,
        "B",
        "analyst",
        SA,
        label="CM384 HBM capacity (as quoted)",
        quoted="49.2 TB",
        step=0.1 * T,
    ),
    "hbm_bandwidth": record(
        f"{_cm}.hbm_bandwidth_quoted",
        1229 * T,
        "B/s",
        "vendor",
        HW_CLOUD,
        label="CM384 HBM bandwidth (as quoted)",
        quoted="1,229 TB/s",
        step=1 * T,
        note="Huawei's own claim on its launch slide; SA's table gives the same total.",
    ),
    "scale_up_bandwidth_sa": record(
        f"{_cm}.scale_up_bandwidth_sa_quoted",
        269 * T,
        "B/s",
        "vendor",
        HW_CLOUD,
        label="CM384 scale-up bandwidth (as quoted)",
        quoted="269 TB/s",
        direction="both",
        step=1 * T,
        note="Huawei's own claim on its launch slide, repeated by SA: 384 x 350 GB/s x 2.",
    ),
    "scale_out_bandwidth": record(
        f"{_cm}.scale_out_bandwidth_quoted",
        153.6 * T / BITS_PER_BYTE,
        "B/s",
        "analyst",
        SA,
        label="CM384 scale-out bandwidth (as quoted)",
        quoted="153.6 Tb/s",
        direction="one",
        step=0.1 * T / BITS_PER_BYTE,
    ),
}

# Power: the parts a source gives (the optical modules) and the rest no source splits ----------
_cm_transceivers = record(
    f"{_cm}.transceivers",
    6912,
    "1",
    "analyst",
    SA,
    label="optical transceivers in all",
    quoted="6,912 x 400G LPO",
    note="Modules, a module at each end of a cable: 5,376 scale-up + 1,536 scale-out.",
)
_lpo_400_power = record(
    "link.optics_400g_lpo_power",
    5.0,
    "W",
    "assumption",
    COURSE,
    label="400G LPO module power",
    low=4.0,
    high=6.0,
    note="About half an 800G LPO module (8-9 W), with margin: 4-6 W. No vendor figure found.",
)
_cm_power_parts = (
    PowerShare(
        "{count} optical modules", _lpo_400_power, _cm_transceivers, True, short="optical modules"
    ),
    PowerShare(
        "chips, CPUs, switches, fans, conversion (not split by any source)",
        _cm_power,
        rest=True,
        short="the rest (no source splits it)",
        basis="all-in power minus the optics",
    ),
)

CM384 = System.build(
    key=_cm,
    name="CloudMatrix 384",
    short="CM384",
    chip=ASCEND_910C,
    chips=_cm_chips,
    cpus=_cm_cpus,
    racks=_cm_racks,
    power=_cm_power,
    price=_cm_price,
    quoted=_cm_quoted,
    style=CM384_LOOK,
    status="shipped",
    date="2025-04-10",  # launched at the Huawei Cloud Ecosystem Conference, Wuhu (HW-CLOUD2025)
    scale_up=ScaleUp("UB", "mixed", link_key="ub_lpo"),
    topology=Topology(
        "two_level_clos",
        {
            "chips": f"{_cm}.chips",
            "nodes": f"{_cm}.nodes",
            "chips_per_node": f"{_cm}.npus_per_node",
            "l1_per_node": f"{_cm}.ub_l1_switches_per_node",
            "planes": f"{_cm}.ub_planes",
            "l2_per_plane": f"{_cm}.ub_l2_switches_per_plane",
            "l1_uplinks": f"{_cm}.ub_l1_uplinks",
            "l2_ports": f"{_cm}.ub_l2_switch_ports",
            "dies": f"{_910c}.dies",
            "links_per_die": f"{_910c}.ub_links_per_die",
            "racks": f"{_cm}.compute_racks",
            "switch_racks": f"{_cm}.switch_racks",
            "link_bandwidth": f"{_910c}.ub_link_bandwidth",
            "links_per_cable": f"{_cm}.ub_links_per_cable",
            "chip_name": "NPU",
        },
    ),
    power_parts=_cm_power_parts,
)

# Totals from other sources' per-chip figures --------------------------------------------------
total(_cm, "bf16_dense_paper", _cm_chips, _910c_bf16_paper, label="CM384 dense BF16 (PAPER's 752)")
total_both_ways(
    _cm, "scale_up_bandwidth_sa", _cm_chips, _910c_scale_up_sa, "CM384 scale-up bandwidth (SA)"
)

# The UB network (PAPER): first-level switches per node, second-level planes -------------------
_ub_l1_per_node = record(
    f"{_cm}.ub_l1_switches_per_node",
    7,
    "1",
    "vendor",
    PAPER,
    label="first-level UB switch chips per node",
)
_ub_planes = record(f"{_cm}.ub_planes", 7, "1", "vendor", PAPER, label="second-level UB planes")
_ub_l2_per_plane = record(
    f"{_cm}.ub_l2_switches_per_plane",
    16,
    "1",
    "vendor",
    PAPER,
    label="second-level UB switch chips per plane",
)
record(f"{_cm}.ub_l2_switch_ports", 48, "1", "vendor", PAPER, label="ports per second-level switch")
_ub_l1_uplinks = record(
    f"{_cm}.ub_l1_uplinks",
    16,
    "1",
    "vendor",
    PAPER,
    label="uplinks per first-level switch (one to each second-level chip of its plane)",
)
derive(
    f"{_cm}.ub_l1_switches",
    lambda nodes, per_node: nodes * per_node,
    (_cm_nodes, _ub_l1_per_node),
    "1",
    "48 nodes x 7 first-level switches",
    label="first-level UB switch chips",
)
derive(
    f"{_cm}.ub_l2_switches",
    lambda planes, per_plane: planes * per_plane,
    (_ub_planes, _ub_l2_per_plane),
    "1",
    "7 planes x 16 switches",
    label="second-level UB switch chips",
)
_cm_optical_links = derive(
    f"{_cm}.ub_optical_links",
    lambda nodes, per_node, up: nodes * per_node * up,
    (_cm_nodes, _ub_l1_per_node, _ub_l1_uplinks),
    "1",
    "336 first-level switches x 16 uplinks",
    label="optical first- to second-level links",
    note="Links inside a node are electrical; links that leave the node are optical.",
)
record(
    f"{_cm}.cross_node_bandwidth_loss",
    0.03,
    "1",
    "vendor",
    PAPER,
    label="bandwidth lost when crossing nodes (upper bound)",
    quoted="< 3 %",
)
record(
    f"{_cm}.cross_node_extra_latency",
    1e-6,
    "s",
    "vendor",
    PAPER,
    label="extra latency when crossing nodes (upper bound)",
    quoted="< 1 us",
)
record(
    "cm384.ub_step_latency",
    2e-6,
    "s",
    "assumption",
    COURSE,
    label="latency of one collective step over the UB network",
    low=0.6e-6,
    high=4.4e-6,
    note="Huawei publishes no per-step latency of its collective library over UB. The course "
    "assumes NVLink's order (NCCL models 0.6-3.4 us per ring step) plus up to 1 us for crossing "
    "nodes through the second-level switches (PAPER): 0.6-4.4 us.",
)

# Its optics: modules (a module at each end of a cable), cables, rate and length ---------------
_cm_transceivers_up = record(
    f"{_cm}.transceivers_scale_up",
    5376,
    "1",
    "analyst",
    SA,
    label="400G LPO transceivers (modules), scale-up",
    quoted="14 transceivers per chip",
    note="SA counts a module at each end of every optical cable: 14 modules per NPU, that is "
    "7 cables of 400G (7 x 400 Gb/s = SA's 2.8 Tb/s per chip). Not the graph's logical links.",
)
derive(
    f"{_cm}.optical_cables_scale_up",
    lambda modules: modules / 2,
    (_cm_transceivers_up,),
    "1",
    "scale-up modules / 2 (a module at each end of a cable)",
    label="optical scale-up cables (physical links)",
    note="Each cable carries two of the graph's logical first- to second-level links.",
)
record(
    f"{_cm}.transceivers_scale_out",
    1536,
    "1",
    "analyst",
    SA,
    label="400G transceivers, scale-out",
)
record(
    f"{_cm}.transceiver_rate",
    400 * G / BITS_PER_BYTE,
    "B/s",
    "analyst",
    SA,
    label="transceiver rate",
    quoted="400G",
    direction="one",
)
record(
    f"{_cm}.transceiver_rate_press",
    800 * G / BITS_PER_BYTE,
    "B/s",
    "press",
    TOMS,
    label="transceiver rate as some press wrote it",
    quoted="800G",
    direction="one",
    note="Wrong: SA and the Huawei exhibit show 400G LPO modules.",
)
record(
    f"{_cm}.optical_cable_share",
    1.0,
    "1",
    "analyst",
    SA,
    label="share of the CM384's scale-up cables that are optical",
    quoted="100% Optics, 0% Copper",
    note="SA's subtitle, on the cabling: every cable that leaves a node is optical. Inside each "
    "node the NPUs reach their first-level UB switches over electrical links (PAPER).",
)
record(
    f"{_cm}.ub_optical_ports_per_node",
    56,
    "1",
    "press",
    CM384_WIRING,
    label="400G optical ports per compute node for the UB (scale-up) network",
    quoted="56 × 400 G ports for Lingqu‑bus interconnect",
    note="The same summary names 400G QSFP-DD SR8 modules and '2 688 × 400 G links' from the 12 "
    "compute racks: 48 nodes x 56 = SemiAnalysis's 2,688 chip-side modules, one cable each.",
)
derive(
    f"{_cm}.optical_cables_per_npu",
    lambda cables, chips: cables / chips,
    (FIGURES[f"{_cm}.optical_cables_scale_up"], _cm_chips),
    "1",
    "optical scale-up cables / NPUs",
    label="optical scale-up cables per NPU (one module at the NPU's end of each)",
)
derive(
    f"{_cm}.ub_links_per_cable",
    lambda links, cables: links / cables,
    (_cm_optical_links, FIGURES[f"{_cm}.optical_cables_scale_up"]),
    "1",
    "logical first- to second-level links of the paper's topology / optical cables",
    label="logical links of the graph carried by one optical cable",
    note="Two logical links of about 28 GB/s (56 GB/s) on a cable whose 400G modules carry "
    "50 GB/s each way: the same disagreement as the paper's 392 GB/s per NPU against "
    "SemiAnalysis's 350 GB/s.",
)
record(
    "cm384.optical_link_length",
    20.0,
    "m",
    "assumption",
    COURSE,
    label="length of an optical link between CM384 racks",
    low=5.0,
    high=50.0,
    note="16 racks of about 0.6 m width in one or two rows, plus cable routing: 5-50 m. Huawei "
    "publishes no cable lengths.",
)
