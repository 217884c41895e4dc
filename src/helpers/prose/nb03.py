"""Numbers the prose of notebook 03 (memory) states that no single figure holds."""

from __future__ import annotations

from .. import memory, specs
from . import quantity

_LL, _DS = specs.LLAMA3_70B, specs.DEEPSEEK_V3
#: The KV-cache example of the calculator's "what to notice": a batch of 64 at 32K tokens.
EXAMPLE_BATCH, EXAMPLE_CONTEXT = 64, 2**15


@quantity("nb03.llama_weights_bf16", "B", "Llama 3 70B's weights in BF16")
def llama_weights_bf16() -> float:
    return memory.weight_bytes(_LL, "bf16")


@quantity("nb03.ds_weights_int8", "B", "DeepSeek-V3/R1's weights in INT8")
def ds_weights_int8() -> float:
    return memory.weight_bytes(_DS, "int8")


@quantity("nb03.kv_per_token_llama", "B", "Llama 3 70B's KV cache per token, BF16")
def kv_per_token_llama() -> float:
    return memory.kv_bytes_per_token(_LL, "bf16")


@quantity("nb03.kv_per_token_ds", "B", "DeepSeek-V3's KV cache per token, BF16")
def kv_per_token_ds() -> float:
    return memory.kv_bytes_per_token(_DS, "bf16")


@quantity("nb03.read_all_ratio", "1", "time to read all HBM once: CM384 / NVL72")
def read_all_ratio() -> float:
    cm, nv = specs.ARTICLE_PAIR.systems
    return memory.read_all_seconds(cm) / memory.read_all_seconds(nv)


@quantity("nb03.read_all_cm384", "s", "time for the CM384 to read all its HBM once")
def read_all_cm384() -> float:
    return memory.read_all_seconds(specs.CM384)


@quantity("nb03.read_all_nvl72", "s", "time for the NVL72 to read all its HBM once")
def read_all_nvl72() -> float:
    return memory.read_all_seconds(specs.NVL72)


@quantity("nb03.train_over_serve", "1", "bytes per parameter: training (Adam) / BF16 serving")
def train_over_serve() -> float:
    return memory.training_bytes_per_param() / memory.inference_bytes_per_param("bf16")


@quantity("nb03.ds_training_state", "B", "DeepSeek-V3's full training state (16 B/param)")
def ds_training_state() -> float:
    return memory.training_state_bytes(_DS)


@quantity("nb03.kv_over_weights", "1", "Llama 3.1 70B, batch 64 at 32K: KV cache / weights")
def kv_over_weights() -> float:
    kv = memory.kv_cache_bytes(_LL, EXAMPLE_CONTEXT, EXAMPLE_BATCH, "bf16")
    return kv / memory.weight_bytes(_LL, "bf16")


@quantity("nb03.example_batch", "1", "the batch of that example (a scenario, not a figure)")
def example_batch() -> float:
    return EXAMPLE_BATCH


@quantity("nb03.max_params_cm384", "1", "parameters whose training state fits in a CM384")
def max_params_cm384() -> float:
    return memory.max_trainable_params(specs.CM384.hbm_capacity.value)


@quantity("nb03.max_params_nvl72", "1", "parameters whose training state fits in an NVL72")
def max_params_nvl72() -> float:
    return memory.max_trainable_params(specs.NVL72.hbm_capacity.value)


@quantity("nb03.expert_int8", "B", "one DeepSeek-V3 expert over all its MoE layers, INT8")
def expert_int8() -> float:
    return memory.expert_params(_DS) * memory.bytes_per_element("int8")


@quantity("nb03.paper_bound", "token/s", "decode bound per NPU of the paper's setup, KV INT8")
def paper_bound() -> float:
    return memory.paper_decode("int8").bound_per_npu


@quantity("nb03.paper_fraction", "1", "the paper's decode throughput / the bound, KV INT8")
def paper_fraction() -> float:
    return memory.paper_decode("int8").fraction


@quantity("nb03.paper_fraction_bf16", "1", "the paper's decode throughput / the bound, KV BF16")
def paper_fraction_bf16() -> float:
    return memory.paper_decode("bf16").fraction


@quantity("nb03.paper_tpot_bound", "s", "shortest time per output token the bound allows")
def paper_tpot_bound() -> float:
    return memory.paper_decode("int8").tpot_bound


@quantity("nb03.paper_tpot_bound_bf16", "s", "the same with the KV cache in BF16")
def paper_tpot_bound_bf16() -> float:
    return memory.paper_decode("bf16").tpot_bound


@quantity("nb03.room_ratio", "1", "sequences of 4K tokens beside R1's INT8 weights: CM384 / NVL72")
def room_ratio() -> float:
    return memory.room_ratio()


@quantity("nb03.capacity_ratio_2024", "1", "CM384 HBM / NVIDIA's March 2024 'up to 13.5 TB'")
def capacity_ratio_2024() -> float:
    return specs.CM384.hbm_capacity.value / specs.FIGURES["nvl72.hbm_capacity_2024"].value


@quantity("nb03.train_bytes_per_param", "B", "bytes per parameter of BF16 training with Adam")
def train_bytes_per_param() -> float:
    return memory.training_bytes_per_param()


@quantity("nb03.expert_copies_int8", "B", "every decode die's expert once, INT8 (EP320)")
def expert_copies_int8() -> float:
    dies = specs.FIGURES["cm384.paper.decode_expert_parallel_dies"].value
    return dies * expert_int8()
