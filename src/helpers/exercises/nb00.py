"""Exercises and predictions of notebook 00 (start here)."""

from __future__ import annotations

from ..article import QUOTES
from ..claims import claim
from ..specs import ARTICLE_FIGURES, ASCEND_910C, B200, CM384, FIGURES, NVL72
from ..units import GB, PFLOPS, TB, TFLOPS, percent, si, times
from .core import Exercise

NB = "00_start_here"

_COMPUTE = claim("compute").ratio().value
_POWER = claim("power").ratio().value
_CHIPS = claim("chips").ratio().value
_MODULES = FIGURES["cm384.transceivers"].value
_HBM_BW_PER_CHIP = B200.hbm_bandwidth.value / ASCEND_910C.hbm_bandwidth.value
_LISTED_RATIO = CM384.hbm_capacity.value / FIGURES["nvl72.hbm_capacity_listed"].value
_ARTICLE_PF = ARTICLE_FIGURES["cm384_bf16"].value / PFLOPS
_ARTICLE_CHIPS = ARTICLE_FIGURES["cm384_chips"].value
_GB_910C = ASCEND_910C.hbm_capacity.value / GB
_GB_B200 = B200.hbm_capacity.value / GB
_GB_LISTED = FIGURES["b200.hbm_capacity_listed"].value / GB
_TB_LISTED = FIGURES["nvl72.hbm_capacity_listed"].value / TB
_TB_NVL72 = NVL72.hbm_capacity.value / TB
_ARTICLE_MEMORY = ARTICLE_FIGURES["memory_ratio"].value

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
        reveals=lambda: (si(CM384.power.value, "W"), si(NVL72.power.value, "W")),
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
        reveals=lambda: (
            times(_HBM_BW_PER_CHIP, 2),
            si(ASCEND_910C.hbm_bandwidth.value, "B/s"),
            si(B200.hbm_bandwidth.value, "B/s"),
        ),
        explain=f"The B200's HBM3e gives {_HBM_BW_PER_CHIP:.2g}x the 910C's HBM2E per chip; the "
        f"CM384 wins only by having {_CHIPS:.2g}x as many chips.",
    ),
    Exercise(
        id="00.per_chip_bf16",
        notebook=NB,
        prompt=f"The article credits the CloudMatrix 384 with {_ARTICLE_PF:g} PFLOPS of dense BF16 "
        f"from {_ARTICLE_CHIPS:.0f} chips. How much is that per chip?",
        answer=lambda: (
            ARTICLE_FIGURES["cm384_bf16"].value / ARTICLE_FIGURES["cm384_chips"].value / TFLOPS
        ),
        unit="TFLOP/s",
        rel_tol=0.005,
        hint="Divide the system figure by the number of chips, then convert FLOP/s to TFLOP/s "
        "(1 TFLOP/s = 1e12 FLOP/s; 1 PFLOP/s = 1,000 TFLOP/s).",
        solution=f"{_ARTICLE_PF:g} PFLOP/s = {_ARTICLE_PF * 1000:,.0f} TFLOP/s; "
        f"{_ARTICLE_PF * 1000:,.0f} / {_ARTICLE_CHIPS:.0f} = {{answer}}. SemiAnalysis puts "
        f"the 910C at {ASCEND_910C.bf16_dense.value / TFLOPS:.0f} TFLOP/s, so the article's "
        f"figure is that times {_ARTICLE_CHIPS:.0f}, rounded.",
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
        f"work of about three 910Cs, which is why the CM384 needs {CM384.n} chips to beat "
        f"{NVL72.n}.",
        code="from helpers.specs import ASCEND_910C, B200\n"
        "answer = B200.bf16_dense.value / ASCEND_910C.bf16_dense.value",
    ),
    Exercise(
        id="00.memory_ratio",
        notebook=NB,
        prompt=f"Recompute the article's “{QUOTES['memory']}” from per-chip HBM capacity "
        f"(Ascend 910C: {_GB_910C:.0f} GB, B200: {_GB_B200:.0f} GB) and the chip counts. Give the "
        "ratio to three significant digits.",
        answer=lambda: CM384.hbm_capacity.value / NVL72.hbm_capacity.value,
        unit="x",
        rel_tol=0.005,
        hint="Total HBM of a system = HBM per chip x chips. Do not round before dividing: "
        f"the article's {_ARTICLE_MEMORY:g} is itself rounded.",
        solution=f"CM384: {CM384.n} x {_GB_910C:.0f} GB = {CM384.hbm_capacity.value / TB:.5g} TB; "
        f"NVL72: {NVL72.n} x {_GB_B200:.0f} GB = {_TB_NVL72:.5g} TB; the ratio is {{answer}}, "
        f"which the article rounds to {_ARTICLE_MEMORY:g}. With NVIDIA's listed "
        f"{_GB_LISTED:.0f} GB per GPU it would be {_LISTED_RATIO:.3g}.",
        code="from helpers.specs import CM384, NVL72\n"
        "answer = CM384.hbm_capacity.value / NVL72.hbm_capacity.value",
    ),
    Exercise(
        id="00.nvl72_hbm_tb",
        notebook=NB,
        prompt=f"NVIDIA lists {_GB_LISTED:.0f} GB of HBM per GPU in the NVL72 instead of the "
        f"{_GB_B200:.0f} GB of physical HBM. How many terabytes is the rack's HBM by NVIDIA's "
        "figure?",
        answer=lambda: NVL72.chips.value * FIGURES["b200.hbm_capacity_listed"].value / TB,
        unit="TB",
        rel_tol=0.005,
        hint=f"Multiply {NVL72.n} GPUs by the listed capacity per GPU, then divide by 1e12 for TB.",
        solution=f"{NVL72.n} x {_GB_LISTED:.0f} GB = {{answer}} (NVIDIA rounds it to "
        f"{_TB_LISTED:.1f} TB). The gap to SA's {_TB_NVL72:.1f} TB is the "
        f"{percent(1 - _GB_LISTED / _GB_B200, 1)} between 'listed' and 'physical' capacity.",
        code="from helpers.specs import FIGURES, NVL72\n"
        'answer = NVL72.chips.value * FIGURES["b200.hbm_capacity_listed"].value / 1e12  # B -> TB',
    ),
)
