"""Numbers notebook 06's prose states that no single figure holds: results of the scaling model
(:mod:`helpers.scaling`) and the scenarios of its exercises and widgets."""

from __future__ import annotations

from .. import memory, roofline, scaling
from ..exercises import nb06 as ex
from ..specs import ARTICLE_PAIR, CM384, DEEPSEEK_V3, LLAMA3_70B, NVL72
from . import quantity

_DS = DEEPSEEK_V3
_SPLIT = scaling.EXAMPLE_SPLIT


def _move(name: str) -> scaling.Parallelism:
    """The split of the move ``name`` of :data:`helpers.scaling.MOVES`."""
    return next(par for n, _key, par in scaling.MOVES if n == name)


def _steps(par: scaling.Parallelism, model=_DS) -> list[scaling.StepTime]:
    return [scaling.step_time(s, model, par) for s in ARTICLE_PAIR.systems]


# ---- Amdahl and the work of a run ---------------------------------------------------------------
@quantity("nb06.amdahl_serial", "1", "the serial fraction the Amdahl widget starts from")
def amdahl_serial() -> float:
    return scaling.EXAMPLE_SERIAL


@quantity("nb06.serial_limit", "1", "the serial fraction of the prediction 06.amdahl_limit")
def serial_limit() -> float:
    return ex.SERIAL_LIMIT


@quantity("nb06.flops_per_param", "FLOP", "training FLOPs per parameter per token")
def flops_per_param() -> float:
    return roofline.training_flops_per_token(1)


@quantity("nb06.inference_flops_per_param", "FLOP", "inference FLOPs per parameter per token")
def inference_flops_per_param() -> float:
    return roofline.inference_flops_per_token(1)


@quantity("nb06.moe_flops_ratio", "1", "DeepSeek-V3's training FLOPs over Llama 3 70B's")
def moe_flops_ratio() -> float:
    ds = scaling.training_flops(_DS, scaling.training_tokens(_DS).value)
    ll = scaling.training_flops(LLAMA3_70B, scaling.training_tokens(LLAMA3_70B).value)
    return ds / ll


@quantity("nb06.ds_run_cm384", "s", "DeepSeek-V3's pre-training on one CM384 at the course's MFU")
def ds_run_cm384() -> float:
    flops = scaling.training_flops(_DS, scaling.training_tokens(_DS).value)
    return scaling.run_seconds(CM384, flops)


# ---- The pipeline bubble ------------------------------------------------------------------------
@quantity("nb06.guess_stages", "1", "pipeline stages of the prediction 06.bubble_one")
def guess_stages() -> float:
    return ex.GUESS_STAGES


@quantity("nb06.bubble_one", "1", "idle share of a pipeline fed one micro-batch (06.bubble_one)")
def bubble_one() -> float:
    return scaling.bubble_fraction(ex.GUESS_STAGES, 1)


# ---- The starting split and the moves -----------------------------------------------------------
@quantity("nb06.example_chips", "1", "chips of the step widget's starting split")
def example_chips() -> float:
    return _SPLIT.chips


@quantity("nb06.example_dp", "1", "data-parallel degree of the starting split")
def example_dp() -> float:
    return _SPLIT.dp


@quantity("nb06.example_pp", "1", "pipeline stages of the starting split")
def example_pp() -> float:
    return _SPLIT.pp


@quantity("nb06.example_ep", "1", "expert-parallel degree of the starting split")
def example_ep() -> float:
    return _SPLIT.ep


@quantity("nb06.example_microbatches", "1", "micro-batches of the starting split")
def example_microbatches() -> float:
    return _SPLIT.microbatches


@quantity("nb06.move_ep_narrow", "1", "EP of the move that keeps expert groups inside a rack")
def move_ep_narrow() -> float:
    return _move("EP 24").ep


@quantity("nb06.move_ep_cut", "1", "EP of the move whose expert groups a rack boundary cuts")
def move_ep_cut() -> float:
    return _move("EP 48").ep


@quantity("nb06.move_microbatches", "1", "micro-batches of the move with more micro-batches")
def move_microbatches() -> float:
    return _move("32 micro-batches").microbatches


@quantity("nb06.dp_allreduce_start", "s", "NVL72 gradient all-reduce at the start, before overlap")
def dp_allreduce_start() -> float:
    return scaling.gradient_allreduce(NVL72, _DS, _SPLIT).seconds


@quantity("nb06.dp_allreduce_narrow", "s", "NVL72 gradient all-reduce at EP 24, before overlap")
def dp_allreduce_narrow() -> float:
    return scaling.gradient_allreduce(NVL72, _DS, _move("EP 24")).seconds


@quantity("nb06.expert_grads_narrow", "B", "experts' BF16 gradients per chip at EP 24")
def expert_grads_narrow() -> float:
    _always, routed = scaling.params_per_chip(_DS, _move("EP 24"))
    return routed * memory.bytes_per_element(scaling.WIRE_PRECISION)


@quantity("nb06.step_gain_narrow", "1", "NVL72 step at EP 24 over its step at the start")
def step_gain_narrow() -> float:
    return scaling.step_time(NVL72, _DS, _move("EP 24")).total / _steps(_SPLIT)[1].total


@quantity("nb06.cm384_step_gain_mb", "1", "CM384 step with more micro-batches over the start")
def cm384_step_gain_mb() -> float:
    more = scaling.step_time(CM384, _DS, _move("32 micro-batches")).total
    return more / _steps(_SPLIT)[0].total


@quantity("nb06.llama_dp_only_state", "B", "Llama 3 70B's training state per chip at DP 384")
def llama_dp_only_state() -> float:
    return scaling.memory_per_chip(LLAMA3_70B, _move("Llama, DP 384"))


@quantity("nb06.llama_dp_only", "1", "data-parallel degree of the Llama move without TP")
def llama_dp_only() -> float:
    return _move("Llama, DP 384").dp


@quantity("nb06.llama_tp", "1", "tensor-parallel degree of the Llama move with TP")
def llama_tp() -> float:
    return _move("Llama, TP 8 x DP 48").tp


@quantity("nb06.llama_tp_dp", "1", "data-parallel degree of the Llama move with TP")
def llama_tp_dp() -> float:
    return _move("Llama, TP 8 x DP 48").dp


# ---- Scaling curves -----------------------------------------------------------------------------
@quantity("nb06.strong_largest", "1", "the largest chip count of the scaling curves")
def strong_largest() -> float:
    return scaling.CURVE_CHIPS[-1]


@quantity("nb06.strong_eff_cm384", "1", "CM384 strong-scaling efficiency at the largest size")
def strong_eff_cm384() -> float:
    return ex._strong_efficiency()[CM384.short]


@quantity("nb06.strong_eff_nvl72", "1", "NVL72 strong-scaling efficiency at the largest size")
def strong_eff_nvl72() -> float:
    return ex._strong_efficiency()[NVL72.short]


@quantity("nb06.strong_sequences", "1", "sequences per replica at the largest strong size")
def strong_sequences() -> float:
    curve = scaling.CURVE_SPLITS[_DS.key]
    dp = scaling.CURVE_CHIPS[-1] / (curve.tp * curve.pp)
    return ex._BATCH / ex._TOKENS / dp


@quantity("nb06.curve_pp", "1", "pipeline stages of DeepSeek-V3's scaling curve")
def curve_pp() -> float:
    return scaling.CURVE_SPLITS[_DS.key].pp


# ---- The expert all-to-all ----------------------------------------------------------------------
@quantity("nb06.a2a_small_ep", "1", "the fewest expert ranks the all-to-all table lists")
def a2a_small_ep() -> float:
    return scaling.EP_EXAMPLES[0]


@quantity("nb06.a2a_cm384_small", "s", "CM384 dispatch all-to-all over the fewest ranks")
def a2a_cm384_small() -> float:
    return ex._a2a(CM384, scaling.EP_EXAMPLES[0]).seconds


@quantity("nb06.a2a_cm384_all", "s", "CM384 dispatch all-to-all over all its chips")
def a2a_cm384_all() -> float:
    return ex._a2a(CM384, CM384.n).seconds


@quantity("nb06.a2a_rack_ratio", "1", "CM384 / NVL72 all-to-all time over one NVL72's chips")
def a2a_rack_ratio() -> float:
    return 1 / ex._a2a_ratio(NVL72.n)


@quantity("nb06.a2a_wide", "1", "expert ranks of the wide all-to-all (06.who_wins_ep256)")
def a2a_wide() -> float:
    return scaling.EP_WIDE


@quantity("nb06.a2a_wide_ratio", "1", "NVL72 / CM384 time of the wide all-to-all")
def a2a_wide_ratio() -> float:
    return ex._a2a_ratio(scaling.EP_WIDE)


@quantity("nb06.a2a_wide_racks", "1", "NVL72 racks the wide all-to-all spans")
def a2a_wide_racks() -> float:
    return -(-scaling.EP_WIDE // NVL72.n)


# ---- One system each ----------------------------------------------------------------------------
@quantity("nb06.one_system_ratio", "1", "CM384 / NVL72 tokens/s, DeepSeek-V3 on one system each")
def one_system_ratio() -> float:
    return ex._one_system_ratio()


@quantity("nb06.one_system_bubble", "1", "share of the NVL72's one-system step in the bubble")
def one_system_bubble() -> float:
    nv = ex._one_system_steps()[1]
    return nv.parts["bubble"] / nv.total


@quantity("nb06.one_system_pp", "1", "pipeline stages one NVL72 needs for DeepSeek-V3")
def one_system_pp() -> float:
    return scaling.one_system_split(NVL72, _DS).pp


@quantity("nb06.ds_state", "B", "DeepSeek-V3's training state (16 B per parameter)")
def ds_state() -> float:
    return _DS.params.value * memory.training_bytes_per_param("bf16", "adam")


def _nvl72_pp1() -> scaling.Parallelism:
    return scaling.one_system_candidates(NVL72, _DS)[0]


@quantity("nb06.nvl72_pp1_state", "B", "DeepSeek-V3's state per GPU of one NVL72 at PP 1")
def nvl72_pp1_state() -> float:
    return scaling.memory_per_chip(_DS, _nvl72_pp1())


@quantity("nb06.nvl72_pp1_shared", "B", "shared weights + gradients per GPU at PP 1")
def nvl72_pp1_shared() -> float:
    return scaling.memory_parts(_DS, _nvl72_pp1())["shared_kept"]


@quantity("nb06.nvl72_pp1_experts", "B", "experts' state per GPU at PP 1 (16 B per parameter)")
def nvl72_pp1_experts() -> float:
    parts = scaling.memory_parts(_DS, _nvl72_pp1())
    return parts["expert_kept"] + parts["expert_sharded"]


@quantity("nb06.nvl72_pp2_state", "B", "DeepSeek-V3's state per GPU of one NVL72 at PP 2")
def nvl72_pp2_state() -> float:
    return scaling.memory_per_chip(_DS, scaling.one_system_split(NVL72, _DS))


@quantity("nb06.shared_params", "1", "DeepSeek-V3's shared (always-used) parameters")
def shared_params() -> float:
    return memory.expert_split(_DS)[0]


@quantity("nb06.nvl72_pp1_ep", "1", "expert-parallel degree of one NVL72 at PP 1")
def nvl72_pp1_ep() -> float:
    return _nvl72_pp1().ep
