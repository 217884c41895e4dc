"""Memory a model needs, whether it fits, and how fast decoding can go at most.

- **Bytes per parameter.** Serving keeps one copy of the weights at the serving precision
  (2 B in BF16, 1 B in FP8 or INT8). Mixed-precision training with Adam keeps, per parameter,
  the weights and gradients at low precision plus FP32 master weights and two FP32 moments:
  2 + 2 + 4 + 4 + 4 = 16 B in BF16, as the ZeRO paper counts it. Activations come on top and
  are left out here.
- **KV cache.** Attention keeps keys and values of every earlier token: per token
  ``2 x layers x kv_heads x head_dim`` values for grouped-query attention (Llama 3 70B: 320 KiB in
  BF16), ``layers x (latent + rope)`` values for multi-head latent attention (DeepSeek-V3: about
  70 kB in BF16). It grows linearly with the context and the batch.
- **Fit.** A need fits in one chip, in one system (all its chips' HBM pooled), or neither.
- **Decode bound.** Each decode step makes one token per sequence and must read the weights it
  uses and every sequence's KV cache from HBM, so
  ``tokens/s <= batch x bandwidth / (weight bytes read + KV bytes read)``. An upper bound: it
  ignores compute, communication and every overhead.

Units: bytes (B, decimal prefixes: 1 GB = 1e9 B), parameters and tokens as plain counts, seconds,
B/s and tokens/s. Model configurations and hardware figures come from :mod:`helpers.specs`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from . import checks, roofline, specs
from .specs import CM384, DEEPSEEK_V3, FIGURES, ModelConfig, System
from .tables import Table
from .units import percent, si, si_same, times

#: Bytes per element of each precision the course uses. Floating-point sizes come from the
#: bit layouts in :data:`helpers.specs.FORMAT_LAYOUTS`; integers are 8 and 4 bits by definition.
PRECISION_BYTES: dict[str, float] = {
    "fp32": specs.FORMAT_LAYOUTS["fp32"].bits / 8,
    "bf16": specs.FORMAT_LAYOUTS["bf16"].bits / 8,
    "fp16": specs.FORMAT_LAYOUTS["fp16"].bits / 8,
    "fp8": specs.FORMAT_LAYOUTS["fp8_e4m3"].bits / 8,
    "int8": 8 / 8,
    "int4": 4 / 8,
}
#: Display names of the precisions.
PRECISION_NAMES: dict[str, str] = {
    "fp32": "FP32",
    "bf16": "BF16",
    "fp16": "FP16",
    "fp8": "FP8",
    "int8": "INT8",
    "int4": "INT4",
}
#: FP32 values an optimizer keeps per parameter (Adam: momentum and variance).
OPTIMIZER_STATES: dict[str, int] = {"adam": 2, "sgd_momentum": 1, "sgd": 0}
#: Display names of the optimizers.
OPTIMIZER_NAMES: dict[str, str] = {
    "adam": "Adam",
    "sgd_momentum": "SGD with momentum",
    "sgd": "SGD",
}
#: Bytes of an FP32 value (master weights and optimizer states).
FP32_BYTES = PRECISION_BYTES["fp32"]

Fit = Literal["one chip", "one system", "neither"]


def bytes_per_element(precision: str) -> float:
    """Bytes of one value at ``precision`` (a key of :data:`PRECISION_BYTES`)."""
    if precision not in PRECISION_BYTES:
        raise ValueError(f"precision={precision!r} is not one of {list(PRECISION_BYTES)}")
    return PRECISION_BYTES[precision]


def inference_bytes_per_param(precision: str = "bf16") -> float:
    """Bytes per parameter to serve a model: one copy of the weights at ``precision``."""
    return bytes_per_element(precision)


def training_breakdown(precision: str = "bf16", optimizer: str = "adam") -> dict[str, float]:
    """Bytes per parameter of training state, part by part.

    Weights and gradients are kept at ``precision``; below FP32, an FP32 master copy of the
    weights is kept too; the optimizer keeps :data:`OPTIMIZER_STATES` FP32 values per parameter.
    BF16 with Adam: weights 2, gradients 2, master weights 4, optimizer states 8 (16 B in all).
    """
    p = bytes_per_element(precision)
    if optimizer not in OPTIMIZER_STATES:
        raise ValueError(f"optimizer={optimizer!r} is not one of {list(OPTIMIZER_STATES)}")
    return {
        "weights": p,
        "gradients": p,
        "FP32 master weights": FP32_BYTES if p < FP32_BYTES else 0.0,
        "optimizer states": OPTIMIZER_STATES[optimizer] * FP32_BYTES,
    }


def training_bytes_per_param(precision: str = "bf16", optimizer: str = "adam") -> float:
    """Bytes per parameter of the full training state (activations excluded): 16 for BF16 + Adam."""
    return sum(training_breakdown(precision, optimizer).values())


def weight_bytes(model: ModelConfig, precision: str = "bf16") -> float:
    """Bytes of the model's weights at ``precision`` (all parameters, every expert)."""
    model = checks.model("model", model)
    return model.params.value * inference_bytes_per_param(precision)


def training_state_bytes(
    model: ModelConfig, precision: str = "bf16", optimizer: str = "adam"
) -> float:
    """Bytes of weights, gradients, master weights and optimizer states (no activations)."""
    model = checks.model("model", model)
    return model.params.value * training_bytes_per_param(precision, optimizer)


def kv_values_per_token(model: ModelConfig) -> float:
    """Values the KV cache keeps per token, over all layers.

    Grouped-query attention: keys and values of each KV head, ``2 x layers x kv_heads x head_dim``.
    Multi-head latent attention (``model.kv_latent`` set): one compressed latent and one RoPE key
    per layer, ``layers x (kv_latent + kv_rope)``.
    """
    model = checks.model("model", model)
    layers = model.layers.value
    if model.kv_latent is not None:
        rope = model.kv_rope.value if model.kv_rope is not None else 0.0
        return layers * (model.kv_latent.value + rope)
    return 2 * layers * model.kv_heads.value * model.head_dim.value


def kv_bytes_per_token(model: ModelConfig, precision: str = "bf16") -> float:
    """Bytes of KV cache per token at ``precision`` (Llama 3 70B in BF16: 327,680 B = 320 KiB)."""
    model = checks.model("model", model)
    return kv_values_per_token(model) * bytes_per_element(precision)


def kv_cache_bytes(
    model: ModelConfig, context: float, batch: float = 1, precision: str = "bf16"
) -> float:
    """Bytes of KV cache for ``batch`` sequences of ``context`` tokens each.

    Raises:
        ValueError: naming the parameter, for a negative context or batch or an unknown precision.
    """
    model = checks.model("model", model)
    context = checks.number("context", context)
    batch = checks.number("batch", batch)
    return kv_bytes_per_token(model, precision) * context * batch


def serving_bytes(
    model: ModelConfig,
    context: float,
    batch: float = 1,
    precision: str = "bf16",
    kv_precision: str | None = None,
) -> float:
    """Bytes to serve: the weights plus the KV cache (``kv_precision`` defaults to
    ``precision``); activations and runtime buffers are left out."""
    model = checks.model("model", model)
    kv = kv_cache_bytes(model, context, batch, kv_precision or precision)
    return weight_bytes(model, precision) + kv


#: A model whose longer-context sibling has the same shape and KV cache per token: model key ->
#: (the model's context window, the sibling's name, the sibling's window), as figure names.
LONG_CONTEXT_SIBLINGS: dict[str, tuple[str, str, str]] = {
    "llama3_70b": ("llama3_70b.context_window", "Llama 3.1 70B", "llama3_1_70b.context_window"),
}


def model_name_at(model: ModelConfig, context: float) -> str:
    """The model's name for sequences of ``context`` tokens: its own within its context window,
    the sibling's of :data:`LONG_CONTEXT_SIBLINGS` beyond it (Llama 3 70B reads 8,192 tokens;
    32K or 128K are Llama 3.1 70B's, with the same KV layout), and a warning beyond both."""
    model = checks.model("model", model)
    context = checks.number("context", context)
    if model.key not in LONG_CONTEXT_SIBLINGS:
        return model.name
    own, sibling, longer = LONG_CONTEXT_SIBLINGS[model.key]
    if context <= FIGURES[own].value:
        return model.name
    if context <= FIGURES[longer].value:
        return sibling
    return f"{sibling} (past its {FIGURES[longer].value:,.0f}-token window)"


def published_hbm(system: System | str) -> System:
    """``system`` (object or key), checked to have a published HBM capacity and bandwidth.

    Raises:
        helpers.checks.NotPublished: (a ValueError) naming what its maker does not publish.
    """
    system = checks.system("system", system)
    for what, fig in (
        ("HBM capacity per chip", system.chip.hbm_capacity),
        ("HBM bandwidth", system.hbm_bandwidth),
    ):
        if fig is None:
            raise checks.NotPublished(
                f"system={system.key!r}: the {what} of the {system.name} is not published"
            )
    return system


def fits(bytes_needed: float, system: System) -> Fit:
    """Where ``bytes_needed`` fits: ``"one chip"`` (one chip's HBM), ``"one system"`` (all the
    system's HBM pooled) or ``"neither"``.

    Raises:
        helpers.checks.NotPublished: for a system whose HBM capacity is not published.
    """
    system = published_hbm(system)
    bytes_needed = checks.number("bytes_needed", bytes_needed)
    if bytes_needed <= system.chip.hbm_capacity.value:
        return "one chip"
    if bytes_needed <= system.hbm_capacity.value:
        return "one system"
    return "neither"


def chips_needed(bytes_needed: float, system: System) -> int:
    """The fewest of ``system``'s chips whose HBM holds ``bytes_needed`` (may exceed the system)."""
    system = checks.system("system", system)
    bytes_needed = checks.number("bytes_needed", bytes_needed)
    return max(1, math.ceil(bytes_needed / system.chip.hbm_capacity.value))


def max_trainable_params(
    capacity: float, precision: str = "bf16", optimizer: str = "adam"
) -> float:
    """The most parameters whose full training state fits in ``capacity`` bytes."""
    return checks.number("capacity", capacity) / training_bytes_per_param(precision, optimizer)


def max_batch(
    capacity: float,
    model: ModelConfig,
    context: float,
    precision: str = "bf16",
    kv_precision: str | None = None,
) -> int:
    """How many sequences of ``context`` tokens fit in ``capacity`` bytes beside the weights
    (0 when the weights alone do not fit)."""
    model = checks.model("model", model)
    capacity = checks.number("capacity", capacity)
    context = checks.number("context", context, minimum=1)
    room = capacity - weight_bytes(model, precision)
    per_sequence = kv_bytes_per_token(model, kv_precision or precision) * context
    return max(0, math.floor(room / per_sequence))


def read_all_seconds(system: System) -> float:
    """Seconds for a system to read its whole HBM once: capacity / bandwidth."""
    system = checks.system("system", system)
    return system.hbm_capacity.value / system.hbm_bandwidth.value


# ---------------------------------------------------------------------------------------------
# Decoding: one token per sequence per step, bounded by memory bandwidth
# ---------------------------------------------------------------------------------------------
def expert_split(model: ModelConfig) -> tuple[float, float]:
    """Parameters (always used, routed experts) of a model.

    For a mixture of experts with ``E`` routed experts of which ``k`` are active per token, the
    published total ``P`` and active ``A`` parameters give the routed part
    ``R = (P - A) / (1 - k / E)`` and the always-used part ``P - R`` (attention, embeddings, dense
    layers, shared experts). A dense model has ``R = 0``.
    """
    model = checks.model("model", model)
    total = model.params.value
    if not model.is_moe:
        return total, 0.0
    share = model.active_experts.value / model.routed_experts.value
    routed = (total - model.active_params.value) / (1 - share)
    return total - routed, routed


def weights_read_per_step(model: ModelConfig, batch: float) -> float:
    """Parameters a decode step of ``batch`` tokens reads from HBM.

    A dense model reads all its weights. A mixture of experts reads the always-used part and
    the routed experts its tokens pick: with uniform, independent routing each expert is picked
    by at least one of ``batch`` tokens with probability ``1 - (1 - k/E)^batch``. One token reads
    the active parameters; a few hundred read nearly all.
    """
    model = checks.model("model", model)
    batch = checks.number("batch", batch, minimum=1)
    always, routed = expert_split(model)
    if routed == 0:
        return always
    share = model.active_experts.value / model.routed_experts.value
    return always + routed * (1 - (1 - share) ** batch)


def decode_step_bytes(
    model: ModelConfig,
    batch: float,
    context: float,
    precision: str = "bf16",
    kv_precision: str | None = None,
) -> float:
    """Bytes one decode step reads: the weights it uses and the KV cache of every sequence."""
    model = checks.model("model", model)
    weights = weights_read_per_step(model, batch) * bytes_per_element(precision)
    return weights + kv_cache_bytes(model, context, batch, kv_precision or precision)


def decode_tokens_per_s_bound(
    model: ModelConfig,
    batch: float,
    context: float,
    bandwidth: float,
    precision: str = "bf16",
    kv_precision: str | None = None,
) -> float:
    """Upper bound on decode tokens/s: ``batch x bandwidth / bytes read per step``.

    Args:
        model: the model, from :mod:`helpers.specs`.
        batch: sequences decoded together (one token each per step), at least 1.
        context: tokens already in each sequence's KV cache.
        bandwidth: HBM bandwidth (B/s) of the chips that hold one copy of the model between them.
        precision: precision of the weights; ``kv_precision`` of the KV cache (same by default).
    """
    model = checks.model("model", model)
    if not bandwidth > 0:
        raise ValueError(f"bandwidth={bandwidth!r} must be positive (B/s)")
    step = decode_step_bytes(model, batch, context, precision, kv_precision)
    return batch * bandwidth / step


def decode_intensity(
    model: ModelConfig,
    batch: float,
    context: float,
    precision: str = "bf16",
    kv_precision: str | None = None,
) -> float:
    """Arithmetic intensity (FLOP/B) of a decode step: ``2 x active params x batch`` FLOPs over
    the bytes read (attention's own FLOPs left out). Far below every ridge point at small
    batches: decode is memory-bound."""
    model = checks.model("model", model)
    per_token = roofline.inference_flops_per_token(model.active_params.value)
    flops = per_token * checks.number("batch", batch, minimum=1)
    return flops / decode_step_bytes(model, batch, context, precision, kv_precision)


def expert_params(model: ModelConfig) -> float:
    """Parameters of one routed expert of a mixture of experts, over all its MoE layers: the
    routed part of :func:`expert_split` shared among the routed experts (DeepSeek-V3: about
    2.56 B, the weights a die holding one expert of every MoE layer reads each decode step).

    Raises:
        ValueError: for a dense model (it has no experts).
    """
    model = checks.model("model", model)
    if not model.is_moe:
        raise ValueError(f"model={model.name!r} is dense: it has no experts")
    return expert_split(model)[1] / model.routed_experts.value


def expert_parallel_weight_bytes(
    model: ModelConfig, dies: float, experts_per_die: float = 1, precision: str = "int8"
) -> float:
    """The fewest weight bytes a decode step reads, summed over ``dies`` dies that each hold
    ``experts_per_die`` experts of every MoE layer (routed, shared or redundant copies, each the
    size of a routed expert, as DeepSeek-V3's are).

    Every die reads its experts' weights each step (with a batch of hundreds every expert gets
    tokens); the other weights (attention, dense layers, embeddings: the always-used part minus
    the shared experts) are read at least once in all, however they are placed. So this is a
    lower bound on the bytes, whatever the layout of the rest.
    """
    model = checks.model("model", model)
    dies = checks.number("dies", dies, minimum=1)
    experts_per_die = checks.number("experts_per_die", experts_per_die, minimum=0)
    expert = expert_params(model)
    always = expert_split(model)[0]
    shared = model.shared_experts.value if model.shared_experts is not None else 0.0
    rest = always - shared * expert
    return (dies * experts_per_die * expert + rest) * bytes_per_element(precision)


@dataclass(frozen=True)
class PaperDecode:
    """The CloudMatrix paper's decode run (DeepSeek-R1, INT8 weights) beside the bandwidth
    bound for the same setup.

    The bound: a step takes at least the bytes every chip must read (each die its expert, the
    other weights once, every sequence's KV cache once) over the HBM bandwidth of all the NPUs,
    and yields at most ``tokens_per_step`` tokens per sequence (multi-token prediction).

    Attributes:
        npus: Ascend 910C chips of the decode deployment (EP320: 320 dies, 2 per chip).
        dies: dies the experts are spread over, one expert of every MoE layer each.
        batch_per_npu: sequences per NPU.
        context: KV-cache length per sequence, tokens.
        kv_precision: precision assumed for the KV cache in the bound.
        tokens_per_step: the most tokens a step yields per sequence.
        weight_bytes: the fewest weight bytes a step reads, all NPUs together.
        kv_bytes: KV-cache bytes a step reads, all NPUs together.
        bandwidth: HBM bandwidth of all the NPUs, B/s.
        measured_per_npu: the paper's decode tokens/s per NPU.
        tpot_measured: the paper's time per output token, s.
    """

    npus: float
    dies: float
    batch_per_npu: float
    context: float
    kv_precision: str
    tokens_per_step: float
    weight_bytes: float
    kv_bytes: float
    bandwidth: float
    measured_per_npu: float
    tpot_measured: float

    @property
    def step_seconds(self) -> float:
        """The shortest decode step: bytes read / bandwidth, s."""
        return (self.weight_bytes + self.kv_bytes) / self.bandwidth

    @property
    def bound_per_npu(self) -> float:
        """Upper bound on decode tokens/s per NPU."""
        return self.batch_per_npu * self.tokens_per_step / self.step_seconds

    @property
    def tpot_bound(self) -> float:
        """The shortest time per output token the bound allows, s."""
        return self.step_seconds / self.tokens_per_step

    @property
    def fraction(self) -> float:
        """Measured / bound."""
        return self.measured_per_npu / self.bound_per_npu


def paper_decode(
    kv_precision: str = "int8",
    tokens_per_step: float | None = None,
    batch_per_npu: float | None = None,
) -> PaperDecode:
    """The paper's decode run against the bound, with weights in INT8 (as the paper serves),
    the KV cache at ``kv_precision`` (INT8, the smallest the course considers, keeps the bound
    an upper bound), at most ``tokens_per_step`` tokens per sequence per step (DeepSeek-V3's
    multi-token prediction: 2 by default) and ``batch_per_npu`` sequences per NPU (the paper's
    by default).

    The paper gives EP320; that each of the 320 dies holds one expert (256 routed, the others
    shared or redundant copies) is the course's assumption, from DeepSeek's own EP320 decode
    deployment (``deepseek_v3.decode_experts_per_gpu``).
    """
    paper = "cm384.paper"
    npus = FIGURES[f"{paper}.decode_npus"].value
    dies = FIGURES[f"{paper}.decode_expert_parallel_dies"].value
    per_die = FIGURES["deepseek_v3.decode_experts_per_gpu"].value
    batch = FIGURES[f"{paper}.decode_batch"].value if batch_per_npu is None else batch_per_npu
    batch = checks.number("batch_per_npu", batch, minimum=1)
    tokens = FIGURES["deepseek_v3.mtp_tokens_per_step"].value
    tokens = checks.number(
        "tokens_per_step", tokens if tokens_per_step is None else tokens_per_step, minimum=1
    )
    context = FIGURES[f"{paper}.decode_kv_length"].value
    return PaperDecode(
        npus,
        dies,
        batch,
        context,
        kv_precision,
        tokens,
        expert_parallel_weight_bytes(DEEPSEEK_V3, dies, per_die, "int8"),
        kv_cache_bytes(DEEPSEEK_V3, context, npus * batch, kv_precision),
        npus * CM384.chip.hbm_bandwidth.value,
        FIGURES[f"{paper}.decode_tokens_per_s_per_npu"].value,
        FIGURES[f"{paper}.decode_time_per_output_token"].value,
    )


def paper_decode_figures() -> tuple[specs.Figure, ...]:
    """The specs records :func:`paper_decode` uses."""
    paper = "cm384.paper"
    names = (
        "decode_expert_parallel_dies",
        "decode_npus",
        "decode_batch",
        "decode_kv_length",
        "decode_tokens_per_s_per_npu",
        "decode_time_per_output_token",
    )
    model = (
        "deepseek_v3.decode_experts_per_gpu",
        "deepseek_v3.mtp_tokens_per_step",
        "deepseek_v3.routed_experts",
        "deepseek_v3.active_experts",
        "deepseek_v3.shared_experts",
    )
    return (
        *(FIGURES[f"{paper}.{n}"] for n in names),
        *(FIGURES[n] for n in model),
        CM384.chip.hbm_bandwidth,
    )


# ---------------------------------------------------------------------------------------------
# A footprint: everything the notebook 03 calculator shows
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Footprint:
    """Memory of one model at one precision, batch and context, and the decode bounds.

    All sizes in bytes; ``decode_bound`` maps a system key to its tokens/s upper bound (with the
    model spread over the whole system), ``serving_fit`` and ``training_fit`` to a :data:`Fit`.
    """

    model: ModelConfig
    precision: str
    batch: int
    context: int
    weights: float
    kv_cache: float
    training_state: float
    serving_fit: dict[str, Fit]
    training_fit: dict[str, Fit]
    decode_bound: dict[str, float]

    @property
    def serving(self) -> float:
        """Weights plus KV cache."""
        return self.weights + self.kv_cache


def footprint(
    model: ModelConfig, precision: str, batch: int, context: int, systems: Any = None
) -> Footprint:
    """Weights, KV cache and training state (BF16 + Adam, 16 B/param) of ``model``; where each
    fits in each of ``systems`` (the article's two by default); the decode bound of each
    (serving at ``precision``). A system whose HBM is not published is left out of the three
    dicts (:func:`published_hbm`)."""
    model = checks.model("model", model)
    weights = weight_bytes(model, precision)
    kv = kv_cache_bytes(model, context, batch, precision)
    train = training_state_bytes(model)
    chosen = [s for s in checks.systems("systems", systems) if has_published_hbm(s)]
    return Footprint(
        model,
        precision,
        int(batch),
        int(context),
        weights,
        kv,
        train,
        {s.key: fits(weights + kv, s) for s in chosen},
        {s.key: fits(train, s) for s in chosen},
        {
            s.key: decode_tokens_per_s_bound(
                model, max(batch, 1), context, s.hbm_bandwidth.value, precision
            )
            for s in chosen
        },
    )


def has_published_hbm(system: System | str) -> bool:
    """Whether ``system``'s HBM capacity and bandwidth are published (:func:`published_hbm`)."""
    try:
        published_hbm(system)
    except checks.NotPublished:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Tables for notebook 03
# ---------------------------------------------------------------------------------------------
def capacity_table() -> Table:
    """HBM capacity and bandwidth per chip and per system, with the ratios the article rounds,
    and NVIDIA's later listed capacity per GPU beside its March 2024 one."""
    cm, nv = specs.ARTICLE_PAIR.systems
    listed = FIGURES["nvl72.hbm_capacity_listed"]
    cap = si_same([cm.hbm_capacity.value, nv.hbm_capacity.value, listed.value], "B", 3)
    bw = si_same([cm.hbm_bandwidth.value, nv.hbm_bandwidth.value], "B/s", 4)
    chip_cap = [si(s.chip.hbm_capacity.value, "B") for s in (cm, nv)]
    chip_bw = [si(s.chip.hbm_bandwidth.value, "B/s") for s in (cm, nv)]
    rows = [
        ["HBM per chip", *chip_cap, times(cm.chip.hbm_capacity.value / nv.chip.hbm_capacity.value)],
        [
            "HBM bandwidth per chip",
            *chip_bw,
            times(cm.chip.hbm_bandwidth.value / nv.chip.hbm_bandwidth.value),
        ],
        ["chips", f"{cm.n}", f"{nv.n}", times(cm.n / nv.n)],
        ["HBM, system", cap[0], cap[1], times(cm.hbm_capacity.value / nv.hbm_capacity.value)],
        [
            f"HBM, system (NVIDIA's later {si(FIGURES['b200.hbm_capacity_listed'].value, 'B')} "
            "per GPU)",
            cap[0],
            cap[2],
            times(cm.hbm_capacity.value / listed.value),
        ],
        ["HBM bandwidth, system", *bw, times(cm.hbm_bandwidth.value / nv.hbm_bandwidth.value)],
    ]
    return Table(
        ("", cm.name, nv.name, "CM384 / NVL72"),
        rows,
        caption="Memory per chip and per system (system = chips x per-chip figure).",
    )


def b200_table() -> Table:
    """NVIDIA's figures for the B200 side by side: the B200 in the GB200 as announced in March
    2024 and as listed later, and the HGX B200 (eight GPUs in a server, a lower power limit),
    with the NVL72's HBM each gives. The course uses the first row."""
    f = FIGURES
    n = specs.NVL72.n
    gb200 = specs.B200
    rows = [
        [
            "B200 in the GB200, March 2024 (used)",
            si(gb200.hbm_capacity.value, "B"),
            si(gb200.hbm_bandwidth.value, "B/s"),
            si(gb200.bf16_dense.value, "FLOP/s"),
            f"{n} x {si(gb200.hbm_capacity.value, 'B')} = {si(n * gb200.hbm_capacity.value, 'B')}"
            f"; NVIDIA's page: up to {si(f['nvl72.hbm_capacity_2024'].value, 'B')}",
        ],
        [
            "B200 in the GB200, listed later",
            si(f["b200.hbm_capacity_listed"].value, "B"),
            si(gb200.hbm_bandwidth.value, "B/s"),
            si(gb200.bf16_dense.value, "FLOP/s"),
            f"up to {si(f['nvl72.hbm_capacity_listed'].value, 'B')}",
        ],
        [
            "HGX B200 (server of eight GPUs)",
            si(f["hgx_b200.hbm_capacity"].value, "B"),
            si(f["hgx_b200.hbm_bandwidth"].value, "B/s"),
            si(f["hgx_b200.bf16_dense"].value, "FLOP/s"),
            "not an NVL72 part",
        ],
    ]
    return Table(
        ("NVIDIA's figure for", "HBM per GPU", "HBM bandwidth", "dense BF16", "NVL72 HBM"),
        rows,
        caption="Three sets of NVIDIA figures for the B200 (vendor). SemiAnalysis, and the "
        "article's 3.6x, use the first.",
    )


def b200_figures() -> tuple[specs.Figure, ...]:
    """The records behind :func:`b200_table`."""
    names = (
        "b200.hbm_capacity",
        "b200.hbm_capacity_listed",
        "b200.hbm_bandwidth",
        "b200.bf16_dense",
        "nvl72.hbm_capacity_2024",
        "nvl72.hbm_capacity_listed",
        "hgx_b200.hbm_capacity",
        "hgx_b200.hbm_bandwidth",
        "hgx_b200.bf16_dense",
    )
    return tuple(FIGURES[name] for name in names)


def read_all_table() -> Table:
    """The time each system takes to read its whole HBM once (capacity / bandwidth)."""
    cm, nv = specs.ARTICLE_PAIR.systems
    rows = [
        [
            s.name,
            si(s.hbm_capacity.value, "B"),
            si(s.hbm_bandwidth.value, "B/s", 4, prefix="T"),
            si(read_all_seconds(s), "s"),
        ]
        for s in (cm, nv)
    ]
    ratio = times(read_all_seconds(cm) / read_all_seconds(nv))
    return Table(
        ("system", "HBM", "HBM bandwidth", "time to read all HBM once"),
        rows,
        caption=f"Capacity / bandwidth: the {cm.short} takes {ratio} as long as the {nv.short}.",
    )


def training_table(precision: str = "bf16", optimizer: str = "adam") -> Table:
    """Bytes per parameter of training state, part by part, and the total."""
    parts = training_breakdown(precision, optimizer)
    rows = [[part, f"{b:g} B"] for part, b in parts.items()]
    rows.append(["total", f"{sum(parts.values()):g} B"])
    name, opt = PRECISION_NAMES[precision], OPTIMIZER_NAMES[optimizer]
    return Table(
        ("training state, per parameter", f"{name} + {opt}"),
        rows,
        caption=f"Mixed-precision training with {opt}: {name} weights and gradients, FP32 "
        "master weights and optimizer states (activations not counted).",
    )


def bytes_per_param_table(optimizer: str = "adam") -> Table:
    """Bytes per parameter to serve at each precision, and to train (with ``optimizer``) with
    FP32 or BF16 weights. FP8 training is left out: recipes differ in which tensors they keep in
    FP8 and which in BF16 or FP32, so no single figure stands for it."""
    opt = OPTIMIZER_NAMES.get(optimizer, optimizer)
    rows = []
    for p in ("fp32", "bf16", "fp8", "int8", "int4"):
        if p in ("fp32", "bf16"):
            train = f"{training_bytes_per_param(p, optimizer):g} B"
        elif p == "fp8":
            train = "depends on the recipe (not counted here)"
        else:
            train = "not used for training"
        rows.append([PRECISION_NAMES[p], f"{inference_bytes_per_param(p):g} B", train])
    return Table(
        ("precision", "serving, per parameter", f"training with {opt}, per parameter"),
        rows,
        caption=f"Serving keeps the weights; training with {opt} adds the gradients, an FP32 "
        "master copy of the weights (when the weights are narrower than FP32) and the "
        "optimizer's FP32 states.",
    )


def kv_table(precision: str = "bf16") -> Table:
    """KV cache per token of each model of the course, with the formula that gives it."""
    rows = []
    for m in specs.MODELS.values():
        if m.kv_latent is not None:
            how = f"{m.layers.value:.0f} layers x ({m.kv_latent.value:.0f} + {m.kv_rope.value:.0f})"
        else:
            how = (
                f"2 x {m.layers.value:.0f} layers x {m.kv_heads.value:.0f} KV heads x "
                f"{m.head_dim.value:.0f}"
            )
        per_token = kv_bytes_per_token(m, precision)
        rows.append(
            [
                m.name,
                f"{how} = {kv_values_per_token(m):,.0f} values",
                f"{si(per_token, 'B')} ({si(per_token, 'B', binary=True)})",
            ]
        )
    return Table(
        ("model", "values per token", f"bytes per token, {PRECISION_NAMES[precision]}"),
        rows,
        caption="KV cache per token: grouped-query attention (Llama) vs latent attention (MLA).",
    )


def room_table(
    model: ModelConfig = DEEPSEEK_V3,
    precision: str = "int8",
    context: float | None = None,
    kv_precisions: tuple[str, ...] = ("int8", "bf16"),
) -> Table:
    """What each system holds beyond the weights: the largest trainable model (16 B/param) and,
    serving ``model`` with weights at ``precision``, the free HBM and the sequences of
    ``context`` tokens (the paper's 4K by default) whose KV cache fits in it, for each KV-cache
    precision of ``kv_precisions``."""
    model = checks.model("model", model)
    context = context or FIGURES["cm384.paper.decode_kv_length"].value
    rows = []
    for s in specs.ARTICLE_PAIR.systems:
        cap = s.hbm_capacity.value
        rows.append(
            [
                s.name,
                si(cap, "B"),
                f"{max_trainable_params(cap) / 1e12:.3g} T",
                si(weight_bytes(model, precision), "B"),
                si(cap - weight_bytes(model, precision), "B"),
                *(f"{max_batch(cap, model, context, precision, kv):,}" for kv in kv_precisions),
            ]
        )
    return Table(
        (
            "system",
            "HBM",
            "largest model, full training state",
            f"{model.name} weights, {PRECISION_NAMES[precision]}",
            "HBM left for KV cache",
            *(
                f"sequences of {context:,.0f} tokens, KV cache in {PRECISION_NAMES[kv]}"
                for kv in kv_precisions
            ),
        ),
        rows,
        caption=f"Training at {training_bytes_per_param():g} B per parameter; serving with the "
        f"weights in {PRECISION_NAMES[precision]} and the KV cache in "
        f"{' or '.join(PRECISION_NAMES[kv] for kv in kv_precisions)}.",
    )


def room_ratio(
    model: ModelConfig = DEEPSEEK_V3, precision: str = "int8", context: float | None = None
) -> float:
    """How many times as many sequences of ``context`` tokens fit beside ``model``'s weights in
    the CM384 as in the NVL72 (KV cache at ``precision`` too)."""
    model = checks.model("model", model)
    context = context or FIGURES["cm384.paper.decode_kv_length"].value
    cm, nv = specs.ARTICLE_PAIR.systems
    return max_batch(cm.hbm_capacity.value, model, context, precision) / max_batch(
        nv.hbm_capacity.value, model, context, precision
    )


def paper_table() -> Table:
    """The paper's measured decode throughput beside the bandwidth bound, KV cache in INT8 and
    in BF16: bytes read per step, shortest step, bound per NPU and the paper's share of it."""
    rows = []
    for kv in ("int8", "bf16"):
        p = paper_decode(kv)
        rows.append(
            [
                f"KV cache in {PRECISION_NAMES[kv]}",
                f"{si(p.weight_bytes, 'B')} + {si(p.kv_bytes, 'B')}",
                si(p.step_seconds, "s"),
                f"{p.bound_per_npu:,.0f}",
                f"{p.measured_per_npu:,.0f}",
                percent(p.fraction),
                f"{si(p.tpot_bound, 's')} vs {si(p.tpot_measured, 's')}",
            ]
        )
    p = paper_decode()
    return Table(
        (
            "bound assumes",
            "bytes read per step: weights + KV cache",
            "shortest step",
            "bound, tokens/s per NPU",
            "paper, tokens/s per NPU",
            "paper / bound",
            "time per output token: bound vs paper",
        ),
        rows,
        caption=f"DeepSeek-R1 decode on {p.npus:.0f} Ascend 910C ({p.dies:.0f} dies, INT8 "
        f"weights), {p.batch_per_npu:.0f} sequences per NPU with a {p.context:,.0f}-token KV "
        f"cache, at most {p.tokens_per_step:.0f} tokens per sequence per step.",
    )


def paper_inputs_table() -> Table:
    """What the decode bound of :func:`paper_decode` assumes, and who says so: the paper, a
    model's maker, or the course."""
    p = paper_decode()
    dies_per_npu = FIGURES["ascend910c.dies"].value
    expert = expert_params(DEEPSEEK_V3) * bytes_per_element("int8")
    rest = p.weight_bytes - p.dies * expert
    rows = [
        [
            "decode instance",
            f"{p.npus:.0f} NPUs = {p.dies:.0f} dies",
            f"the paper (EP{p.dies:.0f}); {dies_per_npu:.0f} dies per Ascend 910C (the paper)",
        ],
        [
            "experts on each die",
            "one expert of every MoE layer (routed, shared or redundant copy)",
            f"the course's assumption: DeepSeek's own EP{p.dies:.0f} decode puts "
            f"{FIGURES['deepseek_v3.decode_experts_per_gpu'].value:.0f} expert on each GPU",
        ],
        [
            "weights each die reads per step",
            f"its expert: {si(expert, 'B')} in INT8",
            "DeepSeek-V3's parameters (total, active, experts), derived",
        ],
        [
            "other weights (attention, dense layers, embeddings)",
            f"{si(rest, 'B')}, read at least once in all",
            "a lower bound, whatever their layout",
        ],
        [
            "KV cache",
            f"{p.batch_per_npu:.0f} sequences per NPU x {p.context:,.0f} tokens, INT8 or BF16",
            "the paper's decode table (as the course read it); the precision: the course's choice",
        ],
        [
            "tokens per sequence per step",
            f"at most {p.tokens_per_step:.0f}",
            "DeepSeek-V3's multi-token prediction (one extra token, accepted or not)",
        ],
        [
            "HBM bandwidth",
            f"{si(CM384.chip.hbm_bandwidth.value, 'B/s')} per NPU",
            "Huawei (Huawei Connect 2025)",
        ],
    ]
    return Table(
        ("input", "value", "who says so"),
        rows,
        caption="What the decode bound assumes. Anything it leaves out (arithmetic, "
        "communication between chips, software) can only make a real step slower.",
    )


def figures_used() -> tuple[specs.Figure, ...]:
    """The specs records behind notebook 03's tables and figures (for its Sources list)."""
    hbm = tuple(
        f
        for sys in specs.ARTICLE_PAIR.systems
        for f in (sys.hbm_capacity, sys.hbm_bandwidth, sys.chip.hbm_capacity)
    )
    models = tuple(
        f
        for m in specs.MODELS.values()
        for f in (m.params, m.active_params, m.layers, m.kv_heads, m.head_dim, m.kv_latent)
        if f is not None
    )
    extra = (
        *b200_figures(),
        specs.NVL72.quoted["hbm_capacity"],
        FIGURES["llama3_70b.context_window"],
        FIGURES["llama3_1_70b.context_window"],
        FIGURES["zero.training_bytes_per_param"],
        specs.ARTICLE_FIGURES["memory_ratio"],
        specs.ARTICLE_FIGURES["bandwidth_ratio"],
    )
    return (*hbm, *models, *paper_decode_figures(), *extra)
