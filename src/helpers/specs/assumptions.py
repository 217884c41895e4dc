"""The course's own assumptions, each with its range and the reason for it (kind ``assumption``,
source ``COURSE``), beside the published values they are set from: what optical modules and
SerDes draw, cable and switch delays, how often a module fails; the step-time model's batch,
sequence length, overlap and MFU; a run's energy and cost (PUE, electricity price, grid carbon
intensity, a system's life); a CPU's ridge point; and the buyer's scores. Assumptions about one
system live in its module (:mod:`.systems`).
"""

from __future__ import annotations

from .core import KWH, YEAR, K, get, record
from .sources import COURSE, EIA, EMBER, GOOGLE_PUE, UPTIME
from .systems import CM384, NVL72

# Links: SerDes energy, cable and switch delays, module failures (the power of the CM384's 400G
# LPO modules is in .systems.cm384, whose power parts count them) -------------------------------
record(
    "link.serdes_energy_per_bit",
    5e-12,
    "J/b",
    "assumption",
    COURSE,
    label="energy per bit of a chip's long-reach SerDes (transmit and receive)",
    low=3e-12,
    high=8e-12,
    note="NVIDIA and Huawei publish no figure for NVLink 5 or UB. Long-reach 100-200G SerDes "
    "are commonly quoted at about 5 pJ/bit (against 1.3 pJ/bit for NVIDIA's short NVLink-C2C "
    "on a package); 3-8 pJ/bit covers the quotes. Every link kind pays it once.",
)
record(
    "link.copper_delay_per_m",
    4.5e-9,
    "s/m",
    "assumption",
    COURSE,
    label="signal delay of twinax copper cable per metre",
    low=4.2e-9,
    high=4.8e-9,
    note="Twinax with a foamed dielectric carries signals at about 0.7-0.8 of the speed of "
    "light: 4.2-4.8 ns per metre, close to fibre. Copper is not faster, it just cannot go far.",
)
record(
    "link.switch_hop_latency",
    300e-9,
    "s",
    "assumption",
    COURSE,
    label="latency of one switch hop (port to port)",
    low=100e-9,
    high=1e-6,
    note="Spec summaries put NVIDIA's Quantum-2 InfiniBand switch at about 150-400 ns port to "
    "port; Ethernet switches take 0.5-1 us. The CM384 paper's < 1 us for crossing nodes (two "
    "switch hops and the fibre) fits the range.",
)
record(
    "link.optical_module_afr",
    0.005,
    "1/year",
    "assumption",
    COURSE,
    label="annual failure rate of one optical module",
    low=0.001,
    high=0.02,
    note="No vendor publishes field failure rates of 400G LPO modules. Module datasheets rate an "
    "MTBF of the order of 0.5-5 million hours, which is 0.2-2 % a year (8,760 h / MTBF); the "
    "course takes 0.5 % and shows 0.1-2 %. Passive copper has no active part to fail.",
)

# Training: the step-time model's settings and the MFU it assumes ------------------------------
record(
    "course.training_mfu",
    0.40,
    "1",
    "assumption",
    COURSE,
    label="model FLOPs utilisation the course assumes for large training runs",
    low=0.30,
    high=0.50,
    note="Published large dense runs reach 38-43 % (Llama 3 405B on H100) and 46 % (PaLM 540B "
    "on TPU v4); MoE models and less tuned software stacks sit lower. Neither system of the "
    "article has a published MFU, so the course uses 40 % with a 30-50 % range for both.",
)
record(
    "course.global_batch_tokens",
    2**24,
    "token",
    "assumption",
    COURSE,
    label="tokens per training step (global batch) in the step-time model",
    quoted="16M tokens (2^24)",
    low=2**20,
    high=2**26,
    note="Llama 3 405B trained with 16M tokens per step after its warm-up (LLAMA3-PAPER); "
    "DeepSeek-V3 ramped up to 15,360 sequences of 4K tokens, about 63M (DSV3). Smaller runs "
    "use 1-4M. The course uses 16M for both models.",
)
record(
    "course.sequence_length",
    4096,
    "token",
    "assumption",
    COURSE,
    label="tokens per training sequence in the step-time model",
    low=2048,
    high=8192,
    note="DeepSeek-V3 pre-trained on 4K-token sequences (DSV3); Llama 3 on 8K after a 4K "
    "warm-up (LLAMA3-PAPER).",
)
record(
    "course.comm_overlap",
    0.5,
    "1",
    "assumption",
    COURSE,
    label="share of communication hidden behind computation",
    low=0.0,
    high=0.9,
    note="Frameworks start the gradient all-reduce while the backward pass still runs, and "
    "DeepSeek-V3's DualPipe schedule hides most of its expert all-to-all; tensor-parallel "
    "all-reduces sit on the critical path and are hard to hide. No system hides it all: 0-90 %.",
)

# A run's energy and cost, each beside the published values it is set from ---------------------
record(
    "uptime.average_pue",
    1.58,
    "1",
    "analyst",
    UPTIME,
    label="industry average PUE, 2023 (Uptime Institute survey)",
    quoted="1.58",
    note="Flat at 1.55-1.59 since about 2020; old facilities weigh on the average, new large "
    "ones reach 1.3 or better.",
)
record(
    "google.fleet_pue",
    1.10,
    "1",
    "vendor",
    GOOGLE_PUE,
    label="Google's fleet-wide average PUE, 2023",
    quoted="1.10",
)
record(
    "course.pue",
    1.3,
    "1",
    "assumption",
    COURSE,
    label="power usage effectiveness (facility power / IT power) the course assumes",
    low=1.1,
    high=1.6,
    note="New liquid-cooled AI halls aim at 1.1-1.3 (Google's fleet averages 1.10); the industry "
    "average is about 1.58 (Uptime Institute, 2023). Neither system has a published PUE.",
)
record(
    "eia.us_industrial_price",
    8.06e-2 / KWH,
    "USD/J",
    "analyst",
    EIA,
    label="average US price of electricity to industrial customers, 2023",
    quoted="8.06 cents/kWh",
    note="A statistical agency's average of what utilities report (revenue / energy sold).",
)
record(
    "course.electricity_price",
    0.08 / KWH,
    "USD/J",
    "assumption",
    COURSE,
    label="price of electricity, an example (set your own)",
    quoted="0.08 USD/kWh",
    low=0.04 / KWH,
    high=0.20 / KWH,
    note="An example, not a fact: US industrial customers paid 8.06 cents/kWh on average in 2023 "
    "(EIA); large buyers with their own contracts pay less, and European industry often pays "
    "twice as much. 4-20 cents/kWh.",
)
record(
    "ember.world_grid_intensity",
    0.48 / KWH,
    "kg/J",
    "analyst",
    EMBER,
    label="carbon intensity of the world's electricity, 2023",
    quoted="480 gCO2/kWh",
)
record(
    "course.grid_intensity",
    0.48 / KWH,
    "kg/J",
    "assumption",
    COURSE,
    label="carbon intensity of the grid, an example (set your own)",
    quoted="480 gCO2/kWh",
    low=0.03 / KWH,
    high=0.9 / KWH,
    note="An example, not a fact: the world average of 2023 (Ember). Hydro- or nuclear-heavy "
    "grids emit 30-60 g/kWh, coal-heavy ones 700-900 g/kWh.",
)
record(
    "course.system_life",
    4 * YEAR,
    "s",
    "assumption",
    COURSE,
    label="life a system's purchase price is spread over",
    quoted="4 years",
    low=3 * YEAR,
    high=6 * YEAR,
    note="Cloud providers depreciate servers over 5-6 years; accelerators lose their edge to "
    "the next generation in 2-3, so AI hardware is often priced over 3-5 years.",
)

# A laptop's or desktop's CPU ------------------------------------------------------------------
record(
    "cpu.numpy_ridge",
    10.0,
    "FLOP/B",
    "assumption",
    COURSE,
    label="ridge point of a laptop or desktop CPU running numpy (FP32 matmul over copy rate)",
    low=1.0,
    high=30.0,
    note="A typical value for the notebook's prediction, which the notebook then measures on "
    "the learner's own machine. A laptop or desktop CPU multiplies FP32 matrices with numpy at "
    "about 0.05-2 TFLOP/s and copies memory at about 10-100 GB/s: 1-30 FLOP/B.",
)

# The buyer's view (notebook 08): scores the learner can set -----------------------------------
_rack_it, _modules = get("nvl72.power_rack_it"), get("cm384.transceivers")
_BUYER_REASONS = {
    "software_support": (
        "how well the frameworks and models a buyer uses run out of the box",
        "NVL72: CUDA, with first-class PyTorch, JAX and every major serving stack. CM384: "
        "Huawei's CANN and MindSpore, with PyTorch through the torch_npu adapter; the "
        "CloudMatrix paper shows DeepSeek served well, after dedicated engineering.",
        (4, 2, 6),
        (9, 8, 10),
    ),
    "integration": (
        "how easily the system fits a data centre and an existing cluster",
        f"NVL72: one liquid-cooled rack of about {_rack_it.value / K:.0f}-"
        f"{NVL72.power.value / K:.0f} kW, a standard part of NVIDIA clusters. CM384: "
        f"{CM384.racks.value:.0f} racks, {_modules.value:,.0f} optical modules and about "
        f"{CM384.power.value / K:.0f} kW, integrated and supported by Huawei mostly inside China.",
        (5, 3, 7),
        (7, 5, 9),
    ),
    "developer_tools": (
        "profilers, debuggers, libraries and the people who know them",
        "NVL72: Nsight, cuDNN, NCCL, CUTLASS and a large pool of engineers. CM384: Huawei's "
        "toolchain (CANN, MindStudio), newer and with a much smaller community.",
        (4, 2, 6),
        (9, 8, 10),
    ),
}
for _criterion, (_what, _why, _cm_score, _nv_score) in _BUYER_REASONS.items():
    for _system_key, (_score, _low, _high) in (("cm384", _cm_score), ("nvl72", _nv_score)):
        record(
            f"buyer.{_criterion}.{_system_key}",
            _score,
            "score 0-10",
            "assumption",
            COURSE,
            label=f"{_criterion.replace('_', ' ')} score of {_system_key.upper()}: {_what}",
            low=_low,
            high=_high,
            note="A judgement of the course, not a measurement; the learner can set it. " + _why,
        )
