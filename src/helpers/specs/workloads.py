"""Workloads: the transformer models of the course (:data:`MODELS`) with their other published
figures (context window, training tokens, multi-token prediction, expert placement), and what
published training runs reached (MFU, chip counts) and need (ZeRO's bytes per parameter).
"""

from __future__ import annotations

from dataclasses import dataclass

from .core import Figure, G, Source, T, record
from .sources import DSV3, LLAMA3, LLAMA3_PAPER, LLAMA31, PALM, ZERO


@dataclass(frozen=True)
class ModelConfig:
    """A transformer's shape, as its maker publishes it. Counts are plain numbers (unit "1").

    ``kv_latent`` and ``kv_rope`` are for multi-head latent attention (MLA), which caches one
    compressed latent of ``kv_latent + kv_rope`` values per token per layer instead of keys and
    values per head; they are 0 for ordinary (grouped-query) attention.
    """

    key: str
    name: str
    params: Figure
    active_params: Figure
    layers: Figure
    hidden: Figure
    q_heads: Figure
    kv_heads: Figure
    head_dim: Figure
    kv_latent: Figure | None = None
    kv_rope: Figure | None = None
    routed_experts: Figure | None = None
    shared_experts: Figure | None = None
    active_experts: Figure | None = None

    @property
    def is_moe(self) -> bool:
        """True for a mixture-of-experts model."""
        return self.routed_experts is not None


def _model_fig(model: str, quantity: str, value: float, source: Source, label: str) -> Figure:
    return record(f"{model}.{quantity}", value, "1", "vendor", source, label=label)


# Llama 3 70B, and Llama 3.1 70B (the same shape with a longer context) ------------------------
_ll = "llama3_70b"
_ll_params = record(
    f"{_ll}.params",
    70.6 * G,
    "1",
    "vendor",
    LLAMA3,
    label="parameters",
    quoted="70B (70.6 billion from config.json)",
)
LLAMA3_70B = ModelConfig(
    key=_ll,
    name="Llama 3 70B",
    params=_ll_params,
    active_params=_ll_params,
    layers=_model_fig(_ll, "layers", 80, LLAMA3, "layers"),
    hidden=_model_fig(_ll, "hidden", 8192, LLAMA3, "hidden size"),
    q_heads=_model_fig(_ll, "q_heads", 64, LLAMA3, "query heads"),
    kv_heads=_model_fig(_ll, "kv_heads", 8, LLAMA3, "key/value heads (grouped-query attention)"),
    head_dim=_model_fig(_ll, "head_dim", 128, LLAMA3, "head size"),
)
#: The MLP (feed-forward) width of Llama 3 70B: the n of its largest matrix multiplies.
LLAMA3_70B_FFN = _model_fig(_ll, "ffn_hidden", 28672, LLAMA3, "MLP intermediate size")
record(
    f"{_ll}.context_window",
    8192,
    "token",
    "vendor",
    LLAMA3,
    label="context window of Llama 3 70B",
    quoted="8k",
    note="config.json: max_position_embeddings 8192.",
)
record(
    f"{_ll}.training_tokens",
    15 * T,
    "token",
    "vendor",
    LLAMA3,
    label="pre-training tokens of Llama 3 70B",
    quoted="over 15 trillion tokens (15T+)",
    note="A lower bound: Meta writes 'over 15T tokens'.",
)
record(
    "llama3_1_70b.context_window",
    131072,
    "token",
    "vendor",
    LLAMA31,
    label="context window of Llama 3.1 70B (Llama 3 70B's shape and KV layout)",
    quoted="128k",
    note="config.json: max_position_embeddings 131072; 80 layers, 8 KV heads and hidden size "
    "8192 as Llama 3 70B, so the same KV cache per token.",
)

# DeepSeek-V3 / R1 -----------------------------------------------------------------------------
_ds = "deepseek_v3"
DEEPSEEK_V3 = ModelConfig(
    key=_ds,
    name="DeepSeek-V3 / R1",
    params=record(f"{_ds}.params", 671 * G, "1", "vendor", DSV3, label="parameters"),
    active_params=record(
        f"{_ds}.active_params", 37 * G, "1", "vendor", DSV3, label="active parameters per token"
    ),
    layers=_model_fig(_ds, "layers", 61, DSV3, "layers"),
    hidden=_model_fig(_ds, "hidden", 7168, DSV3, "hidden size"),
    q_heads=_model_fig(_ds, "q_heads", 128, DSV3, "attention heads"),
    kv_heads=_model_fig(
        _ds, "kv_heads", 128, DSV3, "heads (MLA: keys and values rebuilt per head)"
    ),
    head_dim=_model_fig(_ds, "head_dim", 128, DSV3, "head size (no RoPE part)"),
    kv_latent=_model_fig(_ds, "kv_latent", 512, DSV3, "MLA compressed key/value latent"),
    kv_rope=_model_fig(_ds, "kv_rope", 64, DSV3, "MLA decoupled RoPE key"),
    routed_experts=_model_fig(_ds, "routed_experts", 256, DSV3, "routed experts per MoE layer"),
    shared_experts=_model_fig(_ds, "shared_experts", 1, DSV3, "shared experts per MoE layer"),
    active_experts=_model_fig(_ds, "active_experts", 8, DSV3, "routed experts active per token"),
)
record(
    f"{_ds}.dense_layers",
    3,
    "1",
    "vendor",
    DSV3,
    label="leading layers with a dense MLP instead of experts",
    note="DeepSeek-V3's first three layers keep a dense feed-forward network; the other 58 of "
    "its 61 layers are mixture-of-experts layers.",
)
record(
    f"{_ds}.training_tokens",
    14.8 * T,
    "token",
    "vendor",
    DSV3,
    label="pre-training tokens of DeepSeek-V3",
    quoted="14.8 trillion tokens",
)
record(
    f"{_ds}.mtp_tokens_per_step",
    2,
    "1",
    "vendor",
    DSV3,
    label="tokens a decode step can yield per sequence with multi-token prediction (MTP)",
    quoted="DeepSeek-V3 predicts the next 2 tokens through the MTP technique",
    note="One MTP module: the next token and one more, which speculative decoding accepts or "
    "rejects.",
)
record(
    f"{_ds}.mtp_acceptance",
    0.875,
    "1",
    "measured",
    DSV3,
    label="acceptance rate of DeepSeek-V3's second (MTP) token in decoding",
    quoted="between 85% and 90%",
    low=0.85,
    high=0.90,
    note="DeepSeek reports 1.8 times the tokens per second with it.",
)
record(
    f"{_ds}.decode_experts_per_gpu",
    1,
    "1",
    "vendor",
    DSV3,
    label="experts per GPU in DeepSeek's own decode deployment (EP320 on 320 GPUs)",
    quoted="each GPU hosts only one expert",
    note="Section 3.4.2: 64 of the 320 GPUs host redundant and shared experts.",
)
#: The workload models of the course.
MODELS: dict[str, ModelConfig] = {m.key: m for m in (LLAMA3_70B, DEEPSEEK_V3)}

# Published training runs: MFU and scale; the memory of mixed-precision training ---------------
record(
    "llama3_405b.training_mfu",
    0.41,
    "1",
    "vendor",
    LLAMA3_PAPER,
    label="BF16 MFU of Llama 3 405B pre-training on 16,384 H100 GPUs",
    quoted="38-43 % BF16 MFU (400 TFLOPS per GPU at 16,384 GPUs)",
    low=0.38,
    high=0.43,
    note="43 % on 8,192 GPUs; 41 % on 16,384; 38 % on 16,384 with long-context parallelism.",
)
record(
    "llama3_405b.training_gpus",
    16384,
    "1",
    "vendor",
    LLAMA3_PAPER,
    label="H100 GPUs of Llama 3 405B's largest pre-training runs",
)
record(
    "palm_540b.training_chips",
    6144,
    "1",
    "vendor",
    PALM,
    label="TPU v4 chips of PaLM 540B's training",
)
record(
    "palm_540b.training_mfu",
    0.462,
    "1",
    "vendor",
    PALM,
    label="MFU of PaLM 540B training on 6,144 TPU v4 chips",
    quoted="46.2 % MFU (57.8 % hardware FLOPs utilisation)",
    note="Hardware FLOPs utilisation counts recomputed activations too; MFU does not.",
)
record(
    "zero.training_bytes_per_param",
    16,
    "B/param",
    "vendor",
    ZERO,
    label="bytes per parameter of mixed-precision Adam training (weights, gradients, optimizer)",
    quoted="16 bytes per parameter (2 + 2 + 12)",
    note="FP16/BF16 weights and gradients (2 + 2 B) and FP32 master weights, momentum and "
    "variance (4 + 4 + 4 B); activations and buffers come on top.",
)
