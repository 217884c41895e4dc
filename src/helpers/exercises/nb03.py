"""Exercises and predictions of notebook 03 (memory: capacity and bandwidth)."""

from __future__ import annotations

from .. import memory
from ..specs import B200, CM384, DEEPSEEK_V3, LLAMA3_70B, NVL72, SYSTEMS
from ..units import GB, KB, TB
from .core import Exercise

NB = "03_memory"

#: Scenario values of the exercises (not hardware figures).
KV_BATCH = 32
KV_CONTEXT = 8192

_READ = {s.name: memory.read_all_seconds(s) for s in SYSTEMS}
_TRAIN_DS = memory.training_state_bytes(DEEPSEEK_V3)
_B_PER_PARAM = memory.training_bytes_per_param()
_LL = LLAMA3_70B
_LL_SHAPE = (
    f"{_LL.kv_heads.value:.0f} KV heads of size {_LL.head_dim.value:.0f} in each of "
    f"{_LL.layers.value:.0f} layers"
)
_LL_KV_FORMULA = (
    f"2 x {_LL.layers.value:.0f} x {_LL.kv_heads.value:.0f} x {_LL.head_dim.value:.0f} x 2 B"
)
_DS = DEEPSEEK_V3
_MLA = f"{_DS.kv_latent.value:.0f} + {_DS.kv_rope.value:.0f}"


def _kv_llama_gb() -> float:
    return memory.kv_cache_bytes(LLAMA3_70B, KV_CONTEXT, KV_BATCH, "bf16") / GB


def _single_user_b200() -> float:
    return memory.decode_tokens_per_s_bound(LLAMA3_70B, 1, 0, B200.hbm_bandwidth.value, "bf16")


EXERCISES = (
    Exercise(
        id="03.read_all",
        notebook=NB,
        kind="predict",
        prompt="Each system reads its whole HBM once. Which one finishes first?",
        choices=(CM384.name, NVL72.name, "about equal"),
        answer=lambda: min(_READ, key=_READ.get),
        explain=f"{CM384.short}: {1e3 * _READ[CM384.name]:.0f} ms; {NVL72.short}: "
        f"{1e3 * _READ[NVL72.name]:.0f} ms. The CM384 has "
        f"{CM384.hbm_capacity.value / NVL72.hbm_capacity.value:.2g}x the memory but only "
        f"{CM384.hbm_bandwidth.value / NVL72.hbm_bandwidth.value:.2g}x the bandwidth: each byte "
        "it holds is read more slowly.",
    ),
    Exercise(
        id="03.deepseek_training_fit",
        notebook=NB,
        kind="predict",
        prompt=f"The full training state of DeepSeek-V3 ({_DS.params.value / 1e9:.0f} B "
        f"parameters at {_B_PER_PARAM:g} bytes each, activations left out): where does it fit in "
        "a GB200 NVL72?",
        choices=("one chip", "one system", "neither"),
        answer=lambda: memory.fits(_TRAIN_DS, NVL72),
        explain=f"{_TRAIN_DS / TB:.3g} TB against {NVL72.hbm_capacity.value / TB:.3g} TB: it "
        "fits, just. Activations, buffers and fragmentation come on top, so in practice such a "
        "run needs more than one rack, or sharding across racks.",
    ),
    Exercise(
        id="03.bandwidth_ratio",
        notebook=NB,
        prompt='Recompute the article\'s "2.1x higher bandwidth" from the HBM bandwidth per chip '
        "and the chip counts. Give the ratio to three significant digits.",
        answer=lambda: CM384.hbm_bandwidth.value / NVL72.hbm_bandwidth.value,
        unit="x",
        rel_tol=0.005,
        hint="System bandwidth = chips x bandwidth per chip; divide CM384's by NVL72's.",
        solution=f"CM384: {CM384.n} x {CM384.chip.hbm_bandwidth.value / TB:g} TB/s = "
        f"{CM384.hbm_bandwidth.value / TB:,.1f} TB/s; NVL72: {NVL72.n} x "
        f"{NVL72.chip.hbm_bandwidth.value / TB:g} TB/s = {NVL72.hbm_bandwidth.value / TB:,.0f} "
        "TB/s; the ratio is {answer}, which the article rounds to 2.1. Per chip the B200 is "
        f"{B200.hbm_bandwidth.value / CM384.chip.hbm_bandwidth.value:.2g}x faster.",
        code="from helpers.specs import CM384, NVL72\n"
        "answer = CM384.hbm_bandwidth.value / NVL72.hbm_bandwidth.value",
    ),
    Exercise(
        id="03.mla_kb",
        notebook=NB,
        prompt=f"DeepSeek-V3's latent attention caches {_MLA} values per token in each of its "
        f"{_DS.layers.value:.0f} layers. How many kilobytes (1 KB = 1,000 B) is that per token "
        "in BF16?",
        answer=lambda: memory.kv_bytes_per_token(DEEPSEEK_V3, "bf16") / KB,
        unit="KB",
        rel_tol=0.005,
        hint="Values per token = layers x (latent + RoPE key); BF16 is 2 bytes per value.",
        solution=f"{_DS.layers.value:.0f} x ({_MLA}) = {memory.kv_values_per_token(_DS):,.0f} "
        "values x 2 B = {answer}. Llama 3 70B, with far fewer parameters, caches "
        f"{memory.kv_bytes_per_token(LLAMA3_70B) / KB:.0f} KB per token.",
        code="from helpers import memory, specs\n"
        'answer = memory.kv_bytes_per_token(specs.DEEPSEEK_V3, "bf16") / 1e3  # B -> KB',
    ),
    Exercise(
        id="03.kv_llama_gb",
        notebook=NB,
        prompt=f"How much KV cache does Llama 3 70B need in BF16 for a batch of {KV_BATCH} "
        f"sequences of {KV_CONTEXT:,} tokens each? ({_LL_SHAPE}, keys and values.)",
        answer=_kv_llama_gb,
        unit="GB",
        rel_tol=0.01,
        hint="Per token: 2 (K and V) x layers x KV heads x head size x 2 bytes. Multiply by "
        "the context and the batch; 1 GB = 1e9 B.",
        solution=f"{_LL_KV_FORMULA} = {memory.kv_bytes_per_token(_LL):,.0f} B "
        f"({memory.kv_bytes_per_token(_LL) / 1024:.0f} KiB) per token; x {KV_CONTEXT:,} tokens "
        f"x {KV_BATCH} sequences = {{answer}}, against {memory.weight_bytes(_LL) / GB:.0f} GB "
        "of weights.",
        code="from helpers import memory, specs\n"
        'kv = memory.kv_cache_bytes(specs.LLAMA3_70B, context=8192, batch=32, precision="bf16")\n'
        "answer = kv / 1e9  # B -> GB",
    ),
    Exercise(
        id="03.train_params_cm384",
        notebook=NB,
        prompt=f"Training with BF16 weights and Adam keeps {_B_PER_PARAM:g} bytes per parameter. "
        "How many "
        "parameters can a CloudMatrix 384 hold the full training state of (activations left "
        "out)? Answer in trillions.",
        answer=lambda: memory.max_trainable_params(CM384.hbm_capacity.value) / 1e12,
        unit="T",
        rel_tol=0.01,
        hint="Divide the system's HBM in bytes by the bytes per parameter; 1 T = 1e12.",
        solution=f"{CM384.hbm_capacity.value / TB:.4g} TB / {_B_PER_PARAM:g} B = {{answer}} "
        "parameters; the "
        f"NVL72's {NVL72.hbm_capacity.value / TB:.3g} TB holds "
        f"{memory.max_trainable_params(NVL72.hbm_capacity.value) / 1e12:.2g} T. This is what "
        f"{CM384.hbm_capacity.value / TB:.3g} TB in one scale-up domain buys: a "
        f"{memory.max_trainable_params(CM384.hbm_capacity.value) / 1e12:.2g} T-parameter "
        "model's whole state in one domain.",
        code="from helpers import memory, specs\n"
        "answer = memory.max_trainable_params(specs.CM384.hbm_capacity.value) / 1e12",
    ),
    Exercise(
        id="03.single_user_b200",
        notebook=NB,
        prompt="One user chats with Llama 3 70B in BF16 on one B200. Ignoring the KV cache, "
        "what is the most tokens per second it can generate?",
        answer=_single_user_b200,
        unit="tokens/s",
        rel_tol=0.01,
        hint="Each token needs every weight read once: tokens/s <= bandwidth / weight bytes.",
        solution=f"{B200.hbm_bandwidth.value / TB:g} TB/s / "
        f"{memory.weight_bytes(LLAMA3_70B) / GB:.4g} GB = {{answer}}, whatever the chip's "
        "FLOPS: decode of one sequence is bandwidth-bound. A batch of users shares each read.",
        code="from helpers import memory, specs\n"
        "bw = specs.B200.hbm_bandwidth.value\n"
        "answer = memory.decode_tokens_per_s_bound(specs.LLAMA3_70B, 1, 0, bw, 'bf16')",
    ),
)
