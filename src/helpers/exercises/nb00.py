"""Exercises and predictions of notebook 00 (start here)."""

from __future__ import annotations

from ..claims import claim
from ..specs import ARTICLE_FIGURES, ASCEND_910C, B200, CM384, FIGURES, NVL72
from ..units import TB, TFLOPS
from .core import Exercise

NB = "00_start_here"

_COMPUTE = claim("compute").ratio().value
_POWER = claim("power").ratio().value
_CHIPS = claim("chips").ratio().value
_MODULES = FIGURES["cm384.transceivers"].value
_HBM_BW_PER_CHIP = B200.hbm_bandwidth.value / ASCEND_910C.hbm_bandwidth.value
_LISTED_RATIO = CM384.hbm_capacity.value / FIGURES["nvl72.hbm_capacity_listed"].value

EXERCISES = (
    Exercise(
        id="00.more_power",
        notebook=NB,
        kind="predict",
        prompt="Before you look at the table: how many times the power of one GB200 NVL72 does "
        "one CloudMatrix 384 draw?",
        answer=lambda: claim("power").ratio().value,
        unit="x",
        rel_tol=0.05,
        explain=f"{CM384.n} chips and {_MODULES:,.0f} optical modules cost power: compute grows "
        f"{_COMPUTE:.2g}x, power {_POWER:.2g}x.",
    ),
    Exercise(
        id="00.bandwidth_per_chip",
        notebook=NB,
        kind="predict",
        prompt="Which chip has the faster memory (HBM bandwidth per chip)?",
        choices=("Ascend 910C", "B200", "about equal"),
        answer=lambda: max((ASCEND_910C, B200), key=lambda c: c.hbm_bandwidth.value).name,
        explain=f"The B200's HBM3e gives {_HBM_BW_PER_CHIP:.2g}x the 910C's HBM2E per chip; the "
        f"CM384 wins only by having {_CHIPS:.2g}x as many chips.",
    ),
    Exercise(
        id="00.per_chip_bf16",
        notebook=NB,
        prompt="The article credits the CloudMatrix 384 with 300 PFLOPS of dense BF16 from 384 "
        "chips. How much is that per chip?",
        answer=lambda: (
            ARTICLE_FIGURES["cm384_bf16"].value / ARTICLE_FIGURES["cm384_chips"].value / TFLOPS
        ),
        unit="TFLOP/s",
        rel_tol=0.005,
        hint="Divide the system figure by the number of chips, then convert FLOP/s to TFLOP/s "
        "(1 TFLOP/s = 1e12 FLOP/s; 1 PFLOP/s = 1,000 TFLOP/s).",
        solution="300 PFLOP/s = 300,000 TFLOP/s; 300,000 / 384 = {answer}. SemiAnalysis puts "
        f"the 910C at {ASCEND_910C.bf16_dense.value / TFLOPS:.0f} TFLOP/s, so the article's "
        "figure is that times 384, rounded.",
        code="from helpers.specs import ARTICLE_FIGURES\n"
        'per_chip = ARTICLE_FIGURES["cm384_bf16"].value / ARTICLE_FIGURES["cm384_chips"].value\n'
        "answer = per_chip / 1e12  # FLOP/s -> TFLOP/s",
    ),
    Exercise(
        id="00.chips_per_b200",
        notebook=NB,
        prompt="How many Ascend 910C chips match the dense BF16 compute of one B200?",
        answer=lambda: B200.bf16_dense.value / ASCEND_910C.bf16_dense.value,
        unit="chips",
        rel_tol=0.01,
        hint="Divide the B200's dense BF16 (helpers.specs.B200.bf16_dense) by the 910C's "
        "(helpers.specs.ASCEND_910C.bf16_dense). Use dense figures for both.",
        solution=f"{B200.bf16_dense.value / TFLOPS:,.0f} TFLOP/s / "
        f"{ASCEND_910C.bf16_dense.value / TFLOPS:,.0f} TFLOP/s = {{answer}}: one B200 does the "
        "work of about three 910Cs, which is why the CM384 needs 384 chips to beat 72.",
        code="from helpers.specs import ASCEND_910C, B200\n"
        "answer = B200.bf16_dense.value / ASCEND_910C.bf16_dense.value",
    ),
    Exercise(
        id="00.memory_ratio",
        notebook=NB,
        prompt='Recompute the article\'s "3.6x the memory" from per-chip HBM capacity '
        "(Ascend 910C: 128 GB, B200: 192 GB) and the chip counts. Give the ratio to three "
        "significant digits.",
        answer=lambda: CM384.hbm_capacity.value / NVL72.hbm_capacity.value,
        unit="x",
        rel_tol=0.005,
        hint="Total HBM of a system = HBM per chip x chips. Do not round before dividing: "
        "the article's 3.6 is itself rounded.",
        solution=f"CM384: 384 x 128 GB = {CM384.hbm_capacity.value / TB:.5g} TB; NVL72: "
        f"72 x 192 GB = {NVL72.hbm_capacity.value / TB:.5g} TB; the ratio is {{answer}}, which "
        "the article rounds to 3.6. With NVIDIA's listed 186 GB per GPU it would be "
        f"{_LISTED_RATIO:.3g}.",
        code="from helpers.specs import CM384, NVL72\n"
        "answer = CM384.hbm_capacity.value / NVL72.hbm_capacity.value",
    ),
    Exercise(
        id="00.nvl72_hbm_tb",
        notebook=NB,
        prompt="NVIDIA lists 186 GB of HBM per GPU in the NVL72 instead of the 192 GB of physical "
        "HBM. How many terabytes is the rack's HBM by NVIDIA's figure?",
        answer=lambda: NVL72.chips.value * FIGURES["b200.hbm_capacity_listed"].value / TB,
        unit="TB",
        rel_tol=0.005,
        hint="Multiply 72 GPUs by the listed capacity per GPU, then divide by 1e12 for TB.",
        solution="72 x 186 GB = {answer} (NVIDIA rounds it to 13.4 TB). The gap to SA's 13.8 TB "
        "is the 3 % between 'listed' and 'physical' capacity.",
        code="from helpers.specs import FIGURES, NVL72\n"
        'answer = NVL72.chips.value * FIGURES["b200.hbm_capacity_listed"].value / 1e12  # B -> TB',
    ),
)
