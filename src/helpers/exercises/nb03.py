"""Exercises and predictions of notebook 03 (memory: capacity and bandwidth)."""

from __future__ import annotations

from .. import memory
from ..specs import ARTICLE_PAIR, B200, CM384, DEEPSEEK_V3, FIGURES, LLAMA3_70B, NVL72
from ..units import GB, TB, percent, si, times
from .core import Exercise

NB = "03_memory"

#: Scenario values of the exercises (not hardware figures).
KV_BATCH = 32
KV_CONTEXT = 8192
LONG_CONTEXT = int(FIGURES["llama3_1_70b.context_window"].value)  # tokens: a 128K context

_READ = {s.name: memory.read_all_seconds(s) for s in ARTICLE_PAIR.systems}
_TRAIN_DS = memory.training_state_bytes(DEEPSEEK_V3)
_B_PER_PARAM = memory.training_bytes_per_param()
_LL = LLAMA3_70B
_LL_SHAPE = (
    f"{_LL.kv_heads.value:.0f} KV heads of size {_LL.head_dim.value:.0f} in each of "
    f"{_LL.layers.value:.0f} layers"
)
_KV_PARTS = 2  # a key and a value
_BF16_BYTES = memory.bytes_per_element("bf16")
_FP8_BYTES = memory.bytes_per_element("fp8")
_LL_KV_FORMULA = (
    f"{_KV_PARTS} x {_LL.layers.value:.0f} x {_LL.kv_heads.value:.0f} x "
    f"{_LL.head_dim.value:.0f} x {_BF16_BYTES:g} B"
)
_LONG_NAME = memory.model_name_at(_LL, LONG_CONTEXT)
_DS = DEEPSEEK_V3
_MLA = f"{_DS.kv_latent.value:.0f} + {_DS.kv_rope.value:.0f}"
_PAPER = memory.paper_decode("int8")
_PAPER_BF16 = memory.paper_decode("bf16")
_KV_LENGTH = FIGURES["cm384.paper.decode_kv_length"].value
_ROOM = {
    s.key: memory.max_batch(s.hbm_capacity.value, DEEPSEEK_V3, _KV_LENGTH, "int8")
    for s in ARTICLE_PAIR.systems
}
_TRAIN_LL = memory.training_state_bytes(LLAMA3_70B)
_910C_HBM = CM384.chip.hbm_capacity.value


def _kv_llama_gb() -> float:
    return memory.kv_cache_bytes(LLAMA3_70B, KV_CONTEXT, KV_BATCH, "bf16") / GB


def _mla_long_context_gb() -> float:
    return memory.kv_cache_bytes(DEEPSEEK_V3, LONG_CONTEXT, 1, "fp8") / GB


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
        reveals=lambda: (
            *(si(t, "s") for t in _READ.values()),
            times(_READ[CM384.name] / _READ[NVL72.name]),
            times(_READ[CM384.name] / _READ[NVL72.name], 2),
        ),
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
        reveals=lambda: (si(_TRAIN_DS, "B"), f"fits in one {NVL72.short}"),
        explain=f"{_TRAIN_DS / TB:.3g} TB against {NVL72.hbm_capacity.value / TB:.3g} TB: it "
        "fits, just. Activations, buffers and fragmentation come on top, so in practice such a "
        "run needs more than one rack, or sharding across racks.",
    ),
    Exercise(
        id="03.paper_fraction",
        notebook=NB,
        kind="predict",
        prompt=f"Huawei's paper decodes DeepSeek-R1 at {_PAPER.measured_per_npu:,.0f} tokens/s "
        f"per NPU ({_PAPER.batch_per_npu:.0f} sequences per NPU, INT8). What percentage of the "
        "bandwidth bound for that setup do you expect it to reach?",
        answer=lambda: 100 * _PAPER.fraction,
        unit="%",
        rel_tol=0.05,
        reveals=lambda: (
            f"{_PAPER.bound_per_npu:,.0f}",
            f"{_PAPER_BF16.bound_per_npu:,.0f}",
            percent(_PAPER_BF16.fraction),
        ),
        explain=f"About {100 * _PAPER.fraction:.0f} % ({100 * _PAPER_BF16.fraction:.0f} % if "
        "the bound counts a BF16 KV cache). The bound counts only what each step must read from "
        "HBM; arithmetic, communication between chips and software can only add time. How the "
        "paper's step time splits among them is not in the figures the course has.",
    ),
    Exercise(
        id="03.room_ratio",
        notebook=NB,
        kind="predict",
        prompt=f"Serving DeepSeek-R1 with INT8 weights and an INT8 KV cache of "
        f"{FIGURES['cm384.paper.decode_kv_length'].value:,.0f} tokens per sequence: how many "
        "times as many sequences fit in a CM384 as in an NVL72?",
        answer=memory.room_ratio,
        unit="x",
        rel_tol=0.05,
        reveals=lambda: tuple(f"{n:,}" for n in _ROOM.values()),
        explain=f"{memory.room_ratio():.2f}x, a little more than the "
        f"{CM384.hbm_capacity.value / NVL72.hbm_capacity.value:.2f}x of capacity: the "
        f"{memory.weight_bytes(DEEPSEEK_V3, 'int8') / GB:.0f} GB of weights take the same bite "
        "out of both, a bigger share of the NVL72's HBM.",
    ),
    Exercise(
        id="03.match_bandwidth",
        notebook=NB,
        prompt="How many B200 GPUs would it take to match the CloudMatrix 384's total HBM "
        "bandwidth?",
        answer=lambda: CM384.hbm_bandwidth.value / B200.hbm_bandwidth.value,
        unit="GPUs",
        rel_tol=0.01,
        hint="System bandwidth = chips x bandwidth per chip; divide the CM384's by one B200's.",
        solution=f"CM384: {CM384.n} x {CM384.chip.hbm_bandwidth.value / TB:g} TB/s = "
        f"{CM384.hbm_bandwidth.value / TB:,.1f} TB/s; one B200: "
        f"{B200.hbm_bandwidth.value / TB:g} TB/s; {CM384.hbm_bandwidth.value / TB:,.1f} / "
        f"{B200.hbm_bandwidth.value / TB:g} = {{answer}}: "
        f"{CM384.hbm_bandwidth.value / NVL72.hbm_bandwidth.value:.3g} NVL72 racks' worth, the "
        f"article's {FIGURES['article.bandwidth_ratio'].value:g}x seen the other way.",
        code="from helpers.specs import CM384, B200\n"
        "answer = CM384.hbm_bandwidth.value / B200.hbm_bandwidth.value",
    ),
    Exercise(
        id="03.mla_long_context",
        notebook=NB,
        prompt=f"DeepSeek-V3's latent attention caches {_MLA} values per token in each of its "
        f"{_DS.layers.value:.0f} layers. With the cache stored in FP8 ({_FP8_BYTES:g} byte per "
        f"value), how many GB does the KV cache of one sequence of {LONG_CONTEXT:,} tokens "
        "(128K) take?",
        answer=_mla_long_context_gb,
        unit="GB",
        rel_tol=0.01,
        hint="Values per token = layers x (latent + RoPE key); one byte each in FP8; times the "
        "tokens; 1 GB = 1e9 B.",
        solution=f"{_DS.layers.value:.0f} x ({_MLA}) = {memory.kv_values_per_token(_DS):,.0f} "
        f"values x {_FP8_BYTES:g} B x {LONG_CONTEXT:,} tokens = {{answer}}. {_LONG_NAME} "
        f"(Llama 3 70B's KV layout with a {LONG_CONTEXT:,}-token window) needs "
        f"{memory.kv_cache_bytes(LLAMA3_70B, LONG_CONTEXT, 1, 'bf16') / GB:.3g} GB for the same "
        "sequence in BF16: latent attention and an 8-bit cache are what make long contexts "
        "affordable.",
        code="from helpers import memory, specs\n"
        'kv = memory.kv_cache_bytes(specs.DEEPSEEK_V3, context=131072, batch=1, precision="fp8")\n'
        "answer = kv / 1e9  # B -> GB",
    ),
    Exercise(
        id="03.kv_llama_gb",
        notebook=NB,
        prompt=f"How much KV cache does Llama 3 70B need in BF16 for a batch of {KV_BATCH} "
        f"sequences of {KV_CONTEXT:,} tokens each? ({_LL_SHAPE}, keys and values.)",
        answer=_kv_llama_gb,
        unit="GB",
        rel_tol=0.01,
        hint=f"Per token: {_KV_PARTS} (K and V) x layers x KV heads x head size x "
        f"{_BF16_BYTES:g} bytes. Multiply by the context and the batch; 1 GB = 1e9 B.",
        solution=f"{_LL_KV_FORMULA} = {memory.kv_bytes_per_token(_LL):,.0f} B "
        f"({memory.kv_bytes_per_token(_LL) / 1024:.0f} KiB) per token; x {KV_CONTEXT:,} tokens "
        f"x {KV_BATCH} sequences = {{answer}}, against {memory.weight_bytes(_LL) / GB:.0f} GB "
        "of weights.",
        code="from helpers import memory, specs\n"
        'kv = memory.kv_cache_bytes(specs.LLAMA3_70B, context=8192, batch=32, precision="bf16")\n'
        "answer = kv / 1e9  # B -> GB",
    ),
    Exercise(
        id="03.train_chips_llama",
        notebook=NB,
        prompt=f"Training with BF16 weights and Adam keeps {_B_PER_PARAM:g} bytes per parameter. "
        f"At least how many {CM384.chip.name} chips ({_910C_HBM / GB:.0f} GB of HBM each) does "
        "the full training state of Llama 3 70B need (activations left out)?",
        answer=lambda: memory.chips_needed(_TRAIN_LL, CM384),
        unit="chips",
        rel_tol=0.0,
        abs_tol=0.5,
        hint=f"Parameters x {_B_PER_PARAM:g} B gives the state in bytes; divide by one chip's "
        "HBM and round up: a job cannot use a fraction of a chip.",
        solution=f"{LLAMA3_70B.params.value / 1e9:.1f} B parameters x {_B_PER_PARAM:g} B = "
        f"{_TRAIN_LL / GB:,.0f} GB; / {_910C_HBM / GB:.0f} GB = {_TRAIN_LL / _910C_HBM:.2f}, "
        f"so {{answer}} (B200s: {memory.chips_needed(_TRAIN_LL, NVL72)}). Activations, "
        "buffers and fragmentation come on top, so a real run spreads wider.",
        code="from helpers import memory, specs\n"
        "state = memory.training_state_bytes(specs.LLAMA3_70B)\n"
        "answer = memory.chips_needed(state, specs.CM384)",
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
