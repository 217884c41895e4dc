"""Links (notebook 04 and after): passive and active copper, optical modules (with a DSP, linear
drive or SR8) with their power, rate, lanes, reach and energy per bit, the delay of fibre, and
NCCL's own latency per ring step over NVLink, the network and PCIe (the alpha of the alpha-beta
model). Figures no document gives are the course's assumptions (:mod:`.assumptions`).
"""

from __future__ import annotations

from .core import BITS_PER_BYTE, FIGURES, G, derive, get, record
from .sources import LPO_MSA, NCCL, NV_DAC, NV_TWINPORT, PHYSICS, PRESS_LINKS, TIA_SR8

# Copper ---------------------------------------------------------------------------------------
for _rate, _reach in ((25, 7.0), (100, 2.0), (200, 1.0)):
    record(
        f"link.copper_reach_{_rate}g_lane",
        _reach,
        "m",
        "press",
        PRESS_LINKS,
        label=f"passive copper reach at {_rate} Gb/s per lane",
        quoted=f"about {_reach:g} m",
    )
record(
    "link.dac_reach",
    2.0,
    "m",
    "vendor",
    NV_DAC,
    label="passive DAC reach",
    quoted="0.5-2 m (3 m for splitters)",
    low=0.5,
    high=3.0,
)
record(
    "link.dac_power_per_end",
    0.1,
    "W",
    "vendor",
    NV_DAC,
    label="passive DAC power per end",
    quoted="about 0.1 W",
)
record(
    "link.active_copper_reach",
    5.0,
    "m",
    "vendor",
    NV_DAC,
    label="active copper reach",
    quoted="3-5 m",
    low=3.0,
    high=5.0,
)

# Optical modules: power, rate, lanes and reach ------------------------------------------------
record(
    "link.optics_800g_dsp_power",
    15.0,
    "W",
    "press",
    PRESS_LINKS,
    label="800G optical module power, with a DSP",
    quoted="about 14-16 W",
    low=14.0,
    high=16.0,
)
record(
    "link.optics_800g_lpo_power",
    8.5,
    "W",
    "press",
    PRESS_LINKS,
    label="800G linear-drive (LPO) module power",
    quoted="about 8-9 W",
    low=8.0,
    high=9.0,
)
record(
    "link.optics_800g_rate",
    800 * G / BITS_PER_BYTE,
    "B/s",
    "press",
    PRESS_LINKS,
    label="rate of an 800G optical module",
    quoted="800G",
    direction="one",
)
record(
    "link.lpo_lane_rate",
    100 * G / BITS_PER_BYTE,
    "B/s",
    "vendor",
    LPO_MSA,
    label="rate of one lane of linear pluggable optics (4 lanes in a 400G module)",
    quoted="100 Gb/s per lane",
    direction="one",
)
record(
    "link.optics_800g_lane_rate",
    100 * G / BITS_PER_BYTE,
    "B/s",
    "vendor",
    NV_TWINPORT,
    label="rate of one lane of an 800G twin-port scale-out module (8 lanes, 2 x 400G)",
    quoted="400Gb/s ... based on the 100G-PAM4 modulation",
    direction="one",
)
record(
    "link.lpo_reach",
    500.0,
    "m",
    "vendor",
    LPO_MSA,
    label="reach of 100G-per-lane linear pluggable optics on single-mode fibre",
    quoted="up to 500 m",
)
record(
    "link.sr8_reach",
    100.0,
    "m",
    "vendor",
    TIA_SR8,
    label="reach of 400GBASE-SR8 (8 lanes of 50 Gb/s, multimode OM4 fibre)",
    quoted="0.5 to 100",
    note="The operating range on OM4 multimode fibre in IEEE 802.3cm; 70 m on OM3. The module "
    "the CM384 wiring scheme names (400G QSFP-DD SR8); SemiAnalysis's free text says LPO, its "
    "subscriber text expects SR8.",
)
record(
    "link.sr8_lane_rate",
    50 * G / BITS_PER_BYTE,
    "B/s",
    "vendor",
    TIA_SR8,
    label="rate of one lane of a 400GBASE-SR8 module (8 lanes)",
    direction="one",
    note="400 Gb/s over eight lanes (16 fibres) of PAM4 at 53.125 GBd: 50 Gb/s of data each.",
)
record(
    "link.optics_800g_reach",
    50.0,
    "m",
    "vendor",
    NV_TWINPORT,
    label="reach of NVIDIA's 800G twin-port 2 x SR4 multimode module (scale-out)",
    quoted="50m",
    note="Multimode fibre (OM4); the 500 m of the LPO MSA's 100G-DR-LPO needs single-mode "
    "fibre and other modules.",
)

# Energy per bit of each module (the 400G LPO module at the CM384's transceiver rate) ----------
_energy = "J/b"
# The module's power (an assumption) and its rate are the CM384's (.systems.cm384).
_lpo_400, _rate_400 = get("link.optics_400g_lpo_power"), get("cm384.transceiver_rate")
derive(
    "link.optics_400g_lpo_energy_per_bit",
    lambda watts, rate: watts / (rate * BITS_PER_BYTE),
    (_lpo_400, _rate_400),
    _energy,
    "400G LPO module power / 400 Gb/s",
    label="energy per bit of one 400G LPO module",
    low=_lpo_400.low / (_rate_400.value * BITS_PER_BYTE),
    high=_lpo_400.high / (_rate_400.value * BITS_PER_BYTE),
)
for _module in ("dsp", "lpo"):
    derive(
        f"link.optics_800g_{_module}_energy_per_bit",
        lambda watts, rate: watts / (rate * BITS_PER_BYTE),
        (FIGURES[f"link.optics_800g_{_module}_power"], FIGURES["link.optics_800g_rate"]),
        _energy,
        f"800G {_module.upper()} module power / 800 Gb/s",
        label=f"energy per bit of one 800G {_module.upper()} module",
    )

# Fibre ----------------------------------------------------------------------------------------
_c = record(
    "physics.speed_of_light",
    299_792_458,
    "m/s",
    "physics",
    PHYSICS,
    label="speed of light in vacuum",
)
_n_group = record(
    "physics.fibre_group_index",
    1.47,
    "1",
    "physics",
    PHYSICS,
    label="group index of silica single-mode fibre",
    low=1.46,
    high=1.48,
)
derive(
    "link.fibre_delay_per_m",
    lambda c, n: n / c,
    (_c, _n_group),
    "s/m",
    "group index / speed of light",
    label="fibre delay per metre",
)

# NCCL's latency model: one ring step over NVLink, the network and PCIe ------------------------
record(
    "nccl.ring_step_latency_nvlink",
    1.9e-6,
    "s",
    "vendor",
    NCCL,
    label="latency of one ring step over NVLink (NCCL's model, LL128 protocol)",
    quoted="1.9 us (LL 0.6, LL128 1.9, Simple 3.4)",
    low=0.6e-6,
    high=3.4e-6,
    note="NCCL's own tuning table; the range spans its three protocols, from small messages "
    "(LL) to large ones (Simple). A model value for Hopper-era NVLink, not a measurement.",
)
record(
    "nccl.ring_step_latency_net",
    4.0e-6,
    "s",
    "vendor",
    NCCL,
    label="latency of one ring step over the network (NCCL's model, LL128 protocol)",
    quoted="4.0 us (LL 2.7, LL128 4.0, Simple 14)",
    low=2.7e-6,
    high=14e-6,
    note="NCCL's own tuning table for InfiniBand/RoCE; the range spans its three protocols.",
)
record(
    "nccl.ring_step_latency_pci",
    2.5e-6,
    "s",
    "vendor",
    NCCL,
    label="latency of one ring step over PCIe (NCCL's model, LL128 protocol)",
    quoted="2.5 us (LL 1.0, LL128 2.5, Simple 5.7)",
    low=1.0e-6,
    high=5.7e-6,
    note="NCCL's own tuning table for GPUs that talk over PCIe; the range spans its three "
    "protocols. A model value, not a measurement.",
)
