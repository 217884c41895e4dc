"""Exercises and predictions of notebook 02 (compute and rooflines)."""

from __future__ import annotations

from .. import roofline
from ..specs import (
    ARTICLE_FIGURES,
    ASCEND_910C,
    B200,
    CM384,
    FIGURES,
    FORMAT_LAYOUTS,
    LLAMA3_70B,
    LLAMA3_70B_FFN,
    NVL72,
)
from ..units import TFLOPS, percent, si
from .core import Exercise

NB = "02_compute_and_rooflines"

_K = int(LLAMA3_70B.hidden.value)
_N = int(LLAMA3_70B_FFN.value)
_B200 = roofline.chip_roof(B200)
_910C = roofline.chip_roof(ASCEND_910C)
_SPARSE = FIGURES["nvl72.bf16_sparse"]
_DENSE_RATIO = CM384.bf16_dense.value / NVL72.bf16_dense.value
_ARTICLE_CM = ARTICLE_FIGURES["cm384_bf16"].value
_PAPER_910C = FIGURES["ascend910c.bf16_dense_paper"]
_LLAMA_MFU = FIGURES["llama3_405b.training_mfu"]
_CPU_RIDGE = FIGURES["cpu.numpy_ridge"]
_DIES = FIGURES["ascend910c.dies"].value
_BF16_BYTES = FORMAT_LAYOUTS["bf16"].bits / 8
_FLOPS_PER_MAC = roofline.matmul_flops(1, 1, 1)  # a multiply and an add
_TRAIN_FLOPS = roofline.training_flops_per_token(1)  # per parameter per token
_PARAMS_B = LLAMA3_70B.params.value / 1e9

#: Scenario values of the exercises (not hardware figures).
ONE_TOKEN = 1
BATCH_TOKENS = 64
SQUARE = 4096
RUN_TOKENS_PER_S = 170_000


def _decode_fraction() -> float:
    intensity = roofline.matmul_intensity(ONE_TOKEN, _N, _K)
    return 100 * _B200.attainable(intensity) / _B200.peak


def _batch_attainable() -> float:
    return _910C.attainable(roofline.matmul_intensity(BATCH_TOKENS, _N, _K)) / TFLOPS


def _square_time_us() -> float:
    n = SQUARE
    return 1e6 * _910C.time(roofline.matmul_flops(n, n, n), roofline.matmul_bytes(n, n, n))


def _run_mfu() -> float:
    achieved = RUN_TOKENS_PER_S
    return 100 * roofline.training_mfu(achieved, LLAMA3_70B.params.value, NVL72.bf16_dense.value)


EXERCISES = (
    Exercise(
        id="02.sparse_headline",
        notebook=NB,
        kind="predict",
        prompt=f"NVIDIA's product page heads the GB200 NVL72 with {_SPARSE.value / 1e15:.0f} "
        f"PFLOPS of BF16; the article gives it {NVL72.bf16_dense.value / 1e15:.0f} PFLOPS. Same "
        "rack, same number format. What does NVIDIA's larger figure count?",
        choices=(
            "2:4 structured sparsity",
            "FP8 instead of BF16",
            "a higher clock (boost)",
        ),
        answer=lambda: "2:4 structured sparsity",
        reveals=lambda: ("sparsity", "sparse", "2:4"),
        explain=f"The {_SPARSE.value / 1e15:.0f} PFLOPS counts 2:4 structured sparsity: it "
        "applies only when two of every four weights in a row are zero. An ordinary (dense) "
        f"multiply gets half, {NVL72.bf16_dense.value / 1e15:.0f} PFLOPS, the article's figure. "
        f"Dense to dense the CM384 has {_DENSE_RATIO:.3g}x; compare dense with dense.",
    ),
    Exercise(
        id="02.ridge_higher",
        notebook=NB,
        kind="predict",
        prompt="Which chip needs more FLOPs per byte of memory traffic before it becomes "
        "compute-bound (the higher ridge point)?",
        choices=(ASCEND_910C.name, B200.name, "about equal"),
        answer=lambda: max((_910C, _B200), key=lambda r: r.ridge).name,
        reveals=lambda: tuple(f"{r.ridge:{fmt}}" for r in (_910C, _B200) for fmt in (".4g", ".3g")),
        explain=f"B200: {_B200.ridge:.4g} FLOP/B; 910C: {_910C.ridge:.4g} FLOP/B. The B200's "
        "compute grew faster than its memory bandwidth, so kernels must reuse each byte more to "
        "keep it busy.",
    ),
    Exercise(
        id="02.decode_fraction",
        notebook=NB,
        kind="predict",
        prompt=f"One token goes through Llama 3 70B's MLP: a ({ONE_TOKEN} x {_K:,}) @ "
        f"({_K:,} x {_N:,}) multiply in BF16. At most what percentage of the B200's dense peak "
        "can it reach?",
        answer=_decode_fraction,
        unit="%",
        rel_tol=0.05,
        reveals=lambda: (si(_B200.attainable(roofline.matmul_intensity(1, _N, _K)), "FLOP/s"),),
        explain=f"About {roofline.matmul_intensity(ONE_TOKEN, _N, _K):.0f} FLOP per byte: every "
        "weight is read for one multiply-add. The B200 "
        f"needs {_B200.ridge:.0f} FLOP/B to reach its peak, so one token uses a fraction of a "
        "percent of it. Batching tokens is what makes decoding efficient.",
    ),
    Exercise(
        id="02.llama_mfu",
        notebook=NB,
        kind="predict",
        prompt="Meta trained Llama 3 405B on a cluster of H100 GPUs. What share of the GPUs' dense "
        "BF16 peak did the model's own arithmetic use: what was the run's MFU?",
        answer=lambda: 100 * _LLAMA_MFU.value,
        unit="%",
        rel_tol=0.05,
        reveals=lambda: (
            f"{100 * _LLAMA_MFU.low:.0f}-{100 * _LLAMA_MFU.high:.0f} %",
            percent(_LLAMA_MFU.high),
        ),
        explain=f"Meta reports {_LLAMA_MFU.quoted}: well under half, for one of the best-tuned "
        "runs ever published. The rest of the peak goes to the losses listed below.",
    ),
    Exercise(
        id="02.cpu_ridge",
        notebook=NB,
        kind="predict",
        prompt=f"The B200's ridge point is {_B200.ridge:.0f} FLOP/B. Where will a laptop or "
        "desktop CPU's ridge point sit (numpy's FP32 matrix multiply over its memory copy rate)?",
        choices=("far lower", "about the same", "far higher"),
        answer=lambda: (
            "far lower"
            if _CPU_RIDGE.high < _910C.ridge / 3
            else "far higher"
            if _CPU_RIDGE.low > 3 * _B200.ridge
            else "about the same"
        ),
        reveals=lambda: (
            "far to the left",
            f"{_CPU_RIDGE.low:g} to {_CPU_RIDGE.high:g} FLOP/B",
            f"{_CPU_RIDGE.low:g}-{_CPU_RIDGE.high:g} FLOP/B",
        ),
        explain=f"Far lower: a typical CPU sits at about {_CPU_RIDGE.low:g}-{_CPU_RIDGE.high:g} "
        "FLOP/B (the course's assumption; the next cell measures yours). Next to its modest "
        "arithmetic its memory is fast; accelerators added arithmetic much faster than bandwidth.",
    ),
    Exercise(
        id="02.ridge_910c_paper",
        notebook=NB,
        prompt=f"Huawei's own CloudMatrix paper rates the Ascend 910C at "
        f"{_PAPER_910C.value / TFLOPS:.0f} TFLOP/s of dense BF16 ({_DIES:.0f} dies), where "
        "SemiAnalysis "
        f"says {ASCEND_910C.bf16_dense.value / TFLOPS:.0f}. With the paper's figure and the "
        f"chip's {ASCEND_910C.hbm_bandwidth.value / 1e12:g} TB/s of HBM bandwidth, what is its "
        "ridge point?",
        answer=lambda: roofline.ridge_point(_PAPER_910C.value, ASCEND_910C.hbm_bandwidth.value),
        unit="FLOP/B",
        rel_tol=0.005,
        hint="Ridge point = peak (FLOP/s) / bandwidth (B/s); the seconds cancel. Convert TFLOP/s "
        "and TB/s to FLOP/s and B/s first (or note that the T cancels too).",
        solution=f"{_PAPER_910C.value:.3g} FLOP/s / {ASCEND_910C.hbm_bandwidth.value:.3g} B/s = "
        f"{{answer}}, against {_910C.ridge:.4g} FLOP/B with SemiAnalysis's peak: a peak "
        f"{1 - _PAPER_910C.value / ASCEND_910C.bf16_dense.value:.0%} lower moves the ridge as "
        f"much to the left. Either way it sits near the B200's {_B200.ridge:.4g} FLOP/B: the two "
        "chips are built for the same kind of kernel.",
        code="from helpers import roofline, specs\n"
        'peak = specs.FIGURES["ascend910c.bf16_dense_paper"].value\n'
        "answer = roofline.ridge_point(peak, specs.ASCEND_910C.hbm_bandwidth.value)",
    ),
    Exercise(
        id="02.batch_attainable",
        notebook=NB,
        prompt=f"Now {BATCH_TOKENS} tokens go through the same MLP together: a "
        f"({BATCH_TOKENS} x {_K:,}) @ ({_K:,} x {_N:,}) multiply in BF16 ({_BF16_BYTES:g} bytes "
        "per element). What is the most the Ascend 910C can attain on it?",
        answer=_batch_attainable,
        unit="TFLOP/s",
        rel_tol=0.01,
        hint=f"First the intensity: {_FLOPS_PER_MAC:g}mnk FLOPs over (mk + kn + mn) x "
        f"{_BF16_BYTES:g} bytes. Then "
        "attainable = min(peak, intensity x bandwidth); convert FLOP/s to TFLOP/s.",
        solution=f"Intensity = {_FLOPS_PER_MAC:g} x {BATCH_TOKENS} x {_N:,} x {_K:,} / "
        f"({_BF16_BYTES:g} x ({BATCH_TOKENS} x "
        f"{_K:,} + {_K:,} x {_N:,} + {BATCH_TOKENS} x {_N:,})) = "
        f"{roofline.matmul_intensity(BATCH_TOKENS, _N, _K):.3g} FLOP/B, below the 910C's ridge "
        f"of {_910C.ridge:.4g}: memory-bound, so {{answer}} = intensity x "
        f"{ASCEND_910C.hbm_bandwidth.value / 1e12:g} TB/s. The weight matrix dominates the "
        "bytes, so the intensity grows almost in step with the batch.",
        code="from helpers import roofline, specs\n"
        "k, n = int(specs.LLAMA3_70B.hidden.value), int(specs.LLAMA3_70B_FFN.value)\n"
        "intensity = roofline.matmul_intensity(64, n, k, element_bytes=2)\n"
        "chip = specs.ASCEND_910C\n"
        "flops = roofline.attainable(intensity, chip.bf16_dense.value, chip.hbm_bandwidth.value)\n"
        "answer = flops / 1e12  # FLOP/s -> TFLOP/s",
    ),
    Exercise(
        id="02.square_time",
        notebook=NB,
        prompt=f"How long does a square {SQUARE:,} x {SQUARE:,} x {SQUARE:,} BF16 matrix "
        "multiply take at least on the Ascend 910C? Count every matrix read or written once.",
        answer=_square_time_us,
        unit="µs",
        rel_tol=0.01,
        hint=f"Time = max(FLOPs / peak, bytes / bandwidth). FLOPs = {_FLOPS_PER_MAC:g}n³; "
        f"bytes = 3n² x {_BF16_BYTES:g}. 1 s = 1e6 µs.",
        solution=f"Compute: {_FLOPS_PER_MAC:g} x {SQUARE}³ = "
        f"{roofline.matmul_flops(SQUARE, SQUARE, SQUARE):.4g} "
        f"FLOP at {ASCEND_910C.bf16_dense.value:.3g} FLOP/s. Memory: "
        f"{roofline.matmul_bytes(SQUARE, SQUARE, SQUARE):.4g} B at "
        f"{ASCEND_910C.hbm_bandwidth.value:.3g} B/s. The larger is the compute time, {{answer}}: "
        "a big square multiply is compute-bound.",
        code="from helpers import roofline, specs\n"
        "n, chip = 4096, specs.ASCEND_910C\n"
        "flops, moved = roofline.matmul_flops(n, n, n), roofline.matmul_bytes(n, n, n, 2)\n"
        "t = roofline.kernel_time(flops, moved, chip.bf16_dense.value, chip.hbm_bandwidth.value)\n"
        "answer = t * 1e6  # s -> µs",
    ),
    Exercise(
        id="02.run_mfu",
        notebook=NB,
        prompt=f"A training run processes {RUN_TOKENS_PER_S:,} tokens/s of Llama 3 70B "
        f"({_PARAMS_B:.1f} billion parameters) on one GB200 NVL72. Counting {_TRAIN_FLOPS:g} "
        "FLOPs per parameter per token, what is its MFU?",
        answer=_run_mfu,
        unit="%",
        rel_tol=0.01,
        hint=f"Useful FLOP/s = {_TRAIN_FLOPS:g} x parameters x tokens/s; divide by the "
        "system's dense BF16 peak and give the fraction as a percentage.",
        solution=f"{_TRAIN_FLOPS:g} x {LLAMA3_70B.params.value:.3g} x {RUN_TOKENS_PER_S:,} = "
        f"{roofline.training_flops_per_token(LLAMA3_70B.params.value) * RUN_TOKENS_PER_S:.3g} "
        f"FLOP/s, over {NVL72.bf16_dense.value:.3g} FLOP/s: {{answer}}, in line with large "
        "published runs.",
        code="from helpers import roofline, specs\n"
        "params, peak = specs.LLAMA3_70B.params.value, specs.NVL72.bf16_dense.value\n"
        "answer = 100 * roofline.training_mfu(170_000, params, peak)  # fraction -> %",
    ),
)
