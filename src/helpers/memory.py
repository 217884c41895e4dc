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
from typing import Literal

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
    return model.params.value * inference_bytes_per_param(precision)


def training_state_bytes(
    model: ModelConfig, precision: str = "bf16", optimizer: str = "adam"
) -> float:
    """Bytes of weights, gradients, master weights and optimizer states (no activations)."""
    return model.params.value * training_bytes_per_param(precision, optimizer)


def kv_values_per_token(model: ModelConfig) -> float:
    """Values the KV cache keeps per token, over all layers.

    Grouped-query attention: keys and values of each KV head, ``2 x layers x kv_heads x head_dim``.
    Multi-head latent attention (``model.kv_latent`` set): one compressed latent and one RoPE key
    per layer, ``layers x (kv_latent + kv_rope)``.
    """
    layers = model.layers.value
    if model.kv_latent is not None:
        rope = model.kv_rope.value if model.kv_rope is not None else 0.0
        return layers * (model.kv_latent.value + rope)
    return 2 * layers * model.kv_heads.value * model.head_dim.value


def kv_bytes_per_token(model: ModelConfig, precision: str = "bf16") -> float:
    """Bytes of KV cache per token at ``precision`` (Llama 3 70B in BF16: 327,680 B = 320 KiB)."""
    return kv_values_per_token(model) * bytes_per_element(precision)


def kv_cache_bytes(
    model: ModelConfig, context: float, batch: float = 1, precision: str = "bf16"
) -> float:
    """Bytes of KV cache for ``batch`` sequences of ``context`` tokens each.

    Raises:
        ValueError: naming the parameter, for a negative context or batch or an unknown precision.
    """
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
    kv = kv_cache_bytes(model, context, batch, kv_precision or precision)
    return weight_bytes(model, precision) + kv


def fits(bytes_needed: float, system: System) -> Fit:
    """Where ``bytes_needed`` fits: ``"one chip"`` (one chip's HBM), ``"one system"`` (all the
    system's HBM pooled) or ``"neither"``."""
    bytes_needed = checks.number("bytes_needed", bytes_needed)
    if bytes_needed <= system.chip.hbm_capacity.value:
        return "one chip"
    if bytes_needed <= system.hbm_capacity.value:
        return "one system"
    return "neither"


def chips_needed(bytes_needed: float, system: System) -> int:
    """The fewest of ``system``'s chips whose HBM holds ``bytes_needed`` (may exceed the system)."""
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
    capacity = checks.number("capacity", capacity)
    context = checks.number("context", context, minimum=1)
    room = capacity - weight_bytes(model, precision)
    per_sequence = kv_bytes_per_token(model, kv_precision or precision) * context
    return max(0, math.floor(room / per_sequence))


def read_all_seconds(system: System) -> float:
    """Seconds for a system to read its whole HBM once: capacity / bandwidth."""
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
    per_token = roofline.inference_flops_per_token(model.active_params.value)
    flops = per_token * checks.number("batch", batch, minimum=1)
    return flops / decode_step_bytes(model, batch, context, precision, kv_precision)


@dataclass(frozen=True)
class PaperDecode:
    """The CloudMatrix paper's decode run (DeepSeek-R1, INT8) set beside the bandwidth bound.

    Attributes:
        npus: Ascend 910C chips of the decode deployment (EP320: 320 dies).
        batch_per_npu: sequences per NPU.
        context: KV-cache length per sequence, tokens.
        kv_precision: precision assumed for the KV cache in the bound.
        bound_per_npu: upper bound on decode tokens/s per NPU.
        measured_per_npu: the paper's decode tokens/s per NPU.
        step_bound: shortest time per output token the bound allows, s.
        step_measured: the paper's time per output token, s.
    """

    npus: float
    batch_per_npu: float
    context: float
    kv_precision: str
    bound_per_npu: float
    measured_per_npu: float
    step_bound: float
    step_measured: float

    @property
    def fraction(self) -> float:
        """Measured / bound."""
        return self.measured_per_npu / self.bound_per_npu


def paper_decode(kv_precision: str = "int8") -> PaperDecode:
    """The paper's decode run against the bound, with weights in INT8 (as the paper serves) and
    the KV cache at ``kv_precision`` (INT8, the smallest, keeps the bound an upper bound)."""
    paper = "cm384.paper"
    npus = FIGURES[f"{paper}.decode_npus"].value
    batch = FIGURES[f"{paper}.decode_batch"].value
    context = FIGURES[f"{paper}.decode_kv_length"].value
    bandwidth = npus * CM384.chip.hbm_bandwidth.value
    bound = decode_tokens_per_s_bound(
        DEEPSEEK_V3, npus * batch, context, bandwidth, "int8", kv_precision
    )
    return PaperDecode(
        npus,
        batch,
        context,
        kv_precision,
        bound / npus,
        FIGURES[f"{paper}.decode_tokens_per_s_per_npu"].value,
        batch * npus / bound,
        FIGURES[f"{paper}.decode_time_per_output_token"].value,
    )


def paper_decode_figures() -> tuple[specs.Figure, ...]:
    """The specs records :func:`paper_decode` uses."""
    paper = "cm384.paper"
    names = (
        "decode_npus",
        "decode_batch",
        "decode_kv_length",
        "decode_tokens_per_s_per_npu",
        "decode_time_per_output_token",
    )
    return (*(FIGURES[f"{paper}.{n}"] for n in names), CM384.chip.hbm_bandwidth)


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


def footprint(model: ModelConfig, precision: str, batch: int, context: int) -> Footprint:
    """Weights, KV cache and training state (BF16 + Adam, 16 B/param) of ``model``; where each
    fits in each system; the decode bound of each system (serving at ``precision``)."""
    weights = weight_bytes(model, precision)
    kv = kv_cache_bytes(model, context, batch, precision)
    train = training_state_bytes(model)
    return Footprint(
        model,
        precision,
        int(batch),
        int(context),
        weights,
        kv,
        train,
        {s.key: fits(weights + kv, s) for s in specs.SYSTEMS},
        {s.key: fits(train, s) for s in specs.SYSTEMS},
        {
            s.key: decode_tokens_per_s_bound(
                model, max(batch, 1), context, s.hbm_bandwidth.value, precision
            )
            for s in specs.SYSTEMS
        },
    )


# ---------------------------------------------------------------------------------------------
# Tables for notebook 03
# ---------------------------------------------------------------------------------------------
def capacity_table() -> Table:
    """HBM capacity and bandwidth per chip and per system, with the ratios the article rounds,
    and NVIDIA's listed 186 GB per GPU beside SemiAnalysis's 192 GB."""
    cm, nv = specs.SYSTEMS
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
            "HBM, system (NVIDIA's listed 186 GB per GPU)",
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


def read_all_table() -> Table:
    """The time each system takes to read its whole HBM once (capacity / bandwidth)."""
    cm, nv = specs.SYSTEMS
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
    context = context or FIGURES["cm384.paper.decode_kv_length"].value
    rows = []
    for s in specs.SYSTEMS:
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
    context = context or FIGURES["cm384.paper.decode_kv_length"].value
    cm, nv = specs.SYSTEMS
    return max_batch(cm.hbm_capacity.value, model, context, precision) / max_batch(
        nv.hbm_capacity.value, model, context, precision
    )


def paper_table() -> Table:
    """The paper's measured decode throughput beside the bandwidth bound, KV in INT8 and BF16."""
    rows = []
    for kv in ("int8", "bf16"):
        p = paper_decode(kv)
        rows.append(
            [
                f"KV cache in {PRECISION_NAMES[kv]}",
                f"{p.bound_per_npu:,.0f}",
                f"{p.measured_per_npu:,.0f}",
                percent(p.fraction),
                f"{p.step_bound * 1e3:.3g} ms vs {p.step_measured * 1e3:.3g} ms",
            ]
        )
    p = paper_decode()
    return Table(
        (
            "bound assumes",
            "bound, tokens/s per NPU",
            "paper, tokens/s per NPU",
            "paper / bound",
            "time per token: bound vs paper",
        ),
        rows,
        caption=f"DeepSeek-R1 decode on {p.npus:.0f} Ascend 910C (INT8 weights), batch "
        f"{p.batch_per_npu:.0f} per NPU, {p.context:,.0f}-token KV cache.",
    )


def figures_used() -> tuple[specs.Figure, ...]:
    """The specs records behind notebook 03's tables and figures (for its Sources list)."""
    hbm = tuple(
        f
        for sys in specs.SYSTEMS
        for f in (sys.hbm_capacity, sys.hbm_bandwidth, sys.chip.hbm_capacity)
    )
    models = tuple(
        f
        for m in specs.MODELS.values()
        for f in (m.params, m.active_params, m.layers, m.kv_heads, m.head_dim, m.kv_latent)
        if f is not None
    )
    extra = (
        FIGURES["nvl72.hbm_capacity_listed"],
        FIGURES["zero.training_bytes_per_param"],
        specs.ARTICLE_FIGURES["memory_ratio"],
        specs.ARTICLE_FIGURES["bandwidth_ratio"],
    )
    return (*hbm, *models, *paper_decode_figures(), *extra)
