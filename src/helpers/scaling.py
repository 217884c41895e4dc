"""Scaling a training job over many chips: Amdahl and Gustafson, training FLOPs, step time.

- **Amdahl's law.** A job of which a fraction ``s`` cannot run in parallel speeds up on ``n``
  chips by ``1 / (s + (1 - s) / n)``, never more than ``1 / s``.
- **Gustafson's law.** If the parallel part grows with the machine (more data per step), the
  scaled speedup is ``s + (1 - s) n``.
- **Training FLOPs.** Training on ``D`` tokens costs about ``6 x N x D`` FLOPs, ``N`` being the
  parameters each token uses (the *active* parameters of a mixture of experts):
  :func:`helpers.roofline.training_flops_per_token`.
- **A step-time model** of data (DP), tensor (TP), pipeline (PP) and expert (EP) parallelism on
  ``dp x tp x pp`` chips, expert groups being carved out of the data-parallel ranks:

  * compute: the step's FLOPs over the chips' peak at a chosen utilisation (MFU), no losses;
  * pipeline bubble: ``p`` stages fed ``m`` micro-batches stand idle ``(p-1)/(m+p-1)`` of the
    time, so the bubble adds ``compute x (p-1)/m``;
  * communication, each from the closed forms of :mod:`helpers.comm`: the gradient all-reduce
    over the data-parallel group (the experts' gradients over the ``dp/ep`` ranks that hold the
    same experts); 4 tensor-parallel all-reduces of the activations per layer and micro-batch
    (2 forward, 2 backward, as in Megatron-LM); pipeline sends of the activations between
    stages (forward) and of their gradients (backward); 4 expert all-to-alls per MoE layer and
    micro-batch (dispatch and combine, forward and backward);
  * an overlap fraction: that share of the communication hides behind computation, never more
    than the computation itself; the rest is *exposed* and adds to the step.

  Placement: tensor-parallel ranks are neighbours, then data-parallel ranks (expert groups are
  runs of ``ep`` of them), then pipeline stages. A group whose chips span more than one scale-up
  domain runs in two levels: over scale-up links inside each domain, then across the network
  cards (:func:`helpers.comm.hierarchical_phases`); its traffic is what must leave the domain.
  A group cut unevenly by domain boundaries goes at the pace of its smallest piece
  (:func:`smallest_piece`): a group of 96 laid from chip 0 over 72-GPU racks is 72 + 24, and the
  24 send three quarters of an all-to-all's data across their network cards.
- **Memory.** Each chip holds its share of the training state of :mod:`helpers.memory` (16 B per
  parameter in BF16 with Adam): parameters split over TP x PP (experts also over EP), FP32 master
  weights and optimizer states split further over the data-parallel ranks with ZeRO stage 1.
  Activations come on top and are left out, so a configuration that "fits" here may still not
  fit in practice; one that does not fit is reported as such and gets no time.
- **Strong and weak scaling.** More chips on a fixed global batch (strong) or on a batch that
  grows with them (weak); efficiency is the throughput per chip relative to the smallest
  configuration that runs.

Units: seconds (s), bytes (B), FLOP, FLOP/s, B/s (one direction), tokens. Hardware figures and
model configurations come from :mod:`helpers.specs`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

from . import checks, comm, memory, roofline, specs
from .specs import FIGURES, Figure, ModelConfig, System
from .tables import NOT_PUBLISHED, Table
from .units import percent, si, times

Mode = Literal["strong", "weak"]

#: The communication of each kind of parallelism, for tables and plots.
COMM_NAMES: dict[str, str] = {
    "dp": "gradient all-reduce (DP)",
    "tp": "tensor-parallel all-reduces (TP)",
    "pp": "pipeline sends (PP)",
    "ep": "expert all-to-all (EP)",
}
#: Parts of a step, in the order a stacked bar draws them.
PARTS: tuple[str, ...] = ("compute", "bubble", *COMM_NAMES)
#: Tensor-parallel all-reduces per layer and micro-batch: after attention and after the MLP,
#: forward and backward (Shoeybi et al., Megatron-LM, 2019).
TP_ALLREDUCES_PER_LAYER = 4
#: Expert all-to-alls per MoE layer and micro-batch: dispatch and combine, forward and backward.
EP_ALL_TO_ALLS_PER_LAYER = 4
#: Pipeline sends per micro-batch at a stage boundary: activations forward, gradients backward.
PP_SENDS_PER_MICROBATCH = 2
#: Precision of the activations, gradients and tokens sent between chips.
WIRE_PRECISION = "bf16"


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------
# Amdahl and Gustafson
# ---------------------------------------------------------------------------------------------
def amdahl_speedup(n: float, serial: float) -> float:
    """Speedup of a fixed job on ``n`` chips when a fraction ``serial`` (0-1) cannot be split:
    ``1 / (serial + (1 - serial) / n)``."""
    n = checks.positive("n", n)
    if n < 1:
        raise ValueError(f"n={n!r} must be at least 1")
    serial = checks.fraction("serial", serial)
    return 1.0 / (serial + (1.0 - serial) / n)


def amdahl_limit(serial: float) -> float:
    """The most Amdahl's law allows whatever the chips: ``1 / serial`` (infinite for 0)."""
    serial = checks.fraction("serial", serial)
    return math.inf if serial == 0 else 1.0 / serial


def serial_for_speedup(n: float, speedup: float) -> float:
    """The serial fraction (0-1) that holds a fixed job on ``n`` chips to ``speedup``: Amdahl's
    law solved for ``s``, ``(n / speedup - 1) / (n - 1)``.

    Raises:
        ValueError: naming the parameter, for ``n`` below 2 or a speedup outside [1, n].
    """
    n = checks.positive("n", n)
    if n < 2:
        raise ValueError(f"n={n!r} must be at least 2")
    speedup = checks.positive("speedup", speedup)
    if not 1 <= speedup <= n:
        raise ValueError(f"speedup={speedup!r} must be between 1 and n={n!r}")
    return (n / speedup - 1.0) / (n - 1.0)


def gustafson_speedup(n: float, serial: float) -> float:
    """Scaled speedup when the parallel work grows with ``n``: ``serial + (1 - serial) n``."""
    n = checks.positive("n", n)
    if n < 1:
        raise ValueError(f"n={n!r} must be at least 1")
    serial = checks.fraction("serial", serial)
    return serial + (1.0 - serial) * n


def parallel_efficiency(speedup: float, n: float) -> float:
    """Speedup per chip: ``speedup / n`` (1 is perfect)."""
    return checks.positive("speedup", speedup) / checks.positive("n", n)


# ---------------------------------------------------------------------------------------------
# Training FLOPs
# ---------------------------------------------------------------------------------------------
def training_flops(model: ModelConfig, tokens: float) -> float:
    """FLOPs to train ``model`` on ``tokens`` tokens: 6 x active parameters x tokens."""
    model = checks.model("model", model)
    return roofline.training_flops_per_token(model.active_params.value) * checks.positive(
        "tokens", tokens
    )


def training_tokens(model: ModelConfig) -> Figure:
    """The published pre-training tokens of ``model`` (``<model>.training_tokens``)."""
    model = checks.model("model", model)
    return specs.get(f"{model.key}.training_tokens")


def run_seconds(
    system: System, flops: float, mfu: float | None = None, systems: float = 1
) -> float:
    """Seconds ``systems`` of ``system`` take for ``flops`` at an MFU of ``mfu`` (the course's
    assumption, ``course.training_mfu``, by default), with no other loss."""
    system = checks.system("system", system)
    roof = roofline.system_roof(system)
    rate = roofline.effective_flops(roof, mfu) * checks.positive("systems", systems)
    return checks.positive("flops", flops) / rate


def days_on(system: System, flops: float, mfu: float | None = None, systems: float = 1) -> float:
    """:func:`run_seconds` in days."""
    system = checks.system("system", system)
    return run_seconds(system, flops, mfu, systems) / 86400


# ---------------------------------------------------------------------------------------------
# Parallelism and placement
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Parallelism:
    """How a training job is split over ``dp x tp x pp`` chips.

    Attributes:
        dp: data-parallel replicas (each gets a slice of the batch).
        tp: tensor-parallel ranks (each holds a slice of every layer's matrices).
        pp: pipeline stages (each holds a run of consecutive layers).
        ep: expert-parallel ranks, carved out of the data-parallel ones (each holds
            ``1/ep`` of every MoE layer's experts); must divide ``dp``.
        microbatches: micro-batches each step's batch is cut into (the pipeline's ``m``).
    """

    dp: int = 1
    tp: int = 1
    pp: int = 1
    ep: int = 1
    microbatches: int = 1

    def __post_init__(self) -> None:
        for name in ("dp", "tp", "pp", "ep", "microbatches"):
            checks.whole(name, getattr(self, name), 1)
        if self.dp % self.ep:
            raise ValueError(
                f"ep={self.ep} must divide dp={self.dp}: expert groups are carved out of the "
                "data-parallel ranks"
            )

    @property
    def chips(self) -> int:
        """Chips the job uses: ``dp x tp x pp``."""
        return self.dp * self.tp * self.pp

    def spans(self) -> dict[str, tuple[int, int]]:
        """For each communication group: (ranks in the group, chips its ranks span).

        Tensor-parallel ranks are neighbours; data-parallel ranks come every ``tp`` chips, with
        expert groups as runs of ``ep`` of them; pipeline stages come every ``tp x dp`` chips.
        """
        return {
            "tp": (self.tp, self.tp),
            "ep": (self.ep, self.tp * self.ep),
            "dp": (self.dp, self.tp * self.dp),
            "dp_experts": (self.dp // self.ep, self.tp * self.dp),
            "pp": (self.pp, self.chips),
        }

    def label(self) -> str:
        """``"DP 48 x TP 1 x PP 8, EP 48, 8 micro-batches"``."""
        ep = f", EP {self.ep}" if self.ep > 1 else ""
        return f"DP {self.dp} x TP {self.tp} x PP {self.pp}{ep}, {self.microbatches} micro-batches"


#: Chip counts of notebook 06's scaling curves: powers of two and three times them, 16 to 16,384.
CURVE_CHIPS = tuple(sorted({2**k for k in range(4, 15)} | {3 * 2**k for k in range(3, 13)}))
#: The fixed part of each model's split along a scaling curve (DP grows with the chips).
CURVE_SPLITS: dict[str, Parallelism] = {
    "llama3_70b": Parallelism(dp=1, tp=8, pp=2, ep=1, microbatches=8),
    "deepseek_v3": Parallelism(dp=32, tp=1, pp=8, ep=32, microbatches=16),
}

#: The serial fraction notebook 06's Amdahl widget starts from: 1 % of the work cannot be split.
EXAMPLE_SERIAL = 0.01

#: The split notebook 06 starts from: DeepSeek-V3 on 384 chips (one CM384), no tensor
#: parallelism, 4 pipeline stages and the experts spread over 96 chips (more than one NVL72).
EXAMPLE_SPLIT = Parallelism(dp=96, tp=1, pp=4, ep=96, microbatches=8)


def check_model(model: ModelConfig, par: Parallelism) -> None:
    """Raise ``ValueError`` naming the parameter if ``par`` cannot split ``model``: TP must
    divide the attention heads, PP cannot exceed the layers, EP needs experts to split."""
    model = checks.model("model", model)
    heads = int(model.q_heads.value)
    if heads % par.tp:
        raise ValueError(f"tp={par.tp} must divide {model.name}'s {heads} attention heads")
    layers = int(model.layers.value)
    if par.pp > layers:
        raise ValueError(f"pp={par.pp} exceeds {model.name}'s {layers} layers")
    if not model.is_moe and par.ep > 1:
        raise ValueError(f"ep={par.ep}: {model.name} has no experts to split; use ep=1")
    if model.is_moe and par.ep > model.routed_experts.value:
        raise ValueError(
            f"ep={par.ep} exceeds {model.name}'s {model.routed_experts.value:.0f} routed experts"
        )


def group_domain(system: System, span: int, chips: int | None = None) -> comm.Domain:
    """The domain a group spanning ``span`` chips of ``system`` communicates in, in a job of
    ``chips`` chips (``span`` by default) laid out as consecutive blocks of ``span``.

    A block stays inside one scale-up domain when it is no larger than the domain and, in a job
    larger than one domain, divides the domain evenly: otherwise some block straddles two
    domains, and its collective runs in two levels, over scale-up links inside each domain and
    the network cards across them, as :func:`helpers.comm.domain` models a group larger than
    the domain.
    """
    system = checks.system("system", system)
    span = max(1, checks.whole("span", span, 1))
    chips = span if chips is None else max(span, checks.whole("chips", chips, 1))
    size = system.n
    return comm.domain(system, span, inside=span <= size and (size % span == 0 or chips <= size))


def smallest_piece(system: System, ranks: int, span: int, chips: int | None = None) -> int:
    """The fewest members of one group that share a scale-up domain of ``system``.

    A job of ``chips`` chips is laid out in consecutive blocks of ``span`` chips; each block holds
    ``span / ranks`` interleaved groups of ``ranks`` members, one every ``span / ranks`` chips.
    A group cut by a domain boundary leaves a small piece on one side (a group of 96 from chip 0
    of 72-GPU racks: 72 + 24), and that piece sets the pace of its two-level collective: its few
    chips carry the most data across their network cards. Without ``chips`` (a group on its
    own) the group is placed evenly, as :func:`helpers.comm.hierarchical_phases` fills domains.
    """
    system = checks.system("system", system)
    ranks, span = checks.whole("ranks", ranks, 1), checks.whole("span", span, 1)
    chips = None if chips is None else checks.whole("chips", chips, 1)
    return _smallest_piece(system.n, ranks, span, chips)


@functools.lru_cache(maxsize=4096)
def _smallest_piece(size: int, ranks: int, span: int, chips: int | None) -> int:
    """:func:`smallest_piece` for domains of ``size`` chips (remembered: widgets ask again)."""
    stride = max(1, span // ranks)
    if chips is None:
        return max(1, min(ranks, size // stride))
    starts = np.arange(max(1, chips // span))[:, None] * span + np.arange(stride)
    starts = starts.ravel()
    last = starts + (ranks - 1) * stride
    first_domain, last_domain = starts // size, last // size
    # Members before the first boundary, and from the last boundary on (ceil divisions).
    head = np.minimum(ranks, -(-((first_domain + 1) * size - starts) // stride))
    tail = ranks - (-(-(last_domain * size - starts) // stride))
    pieces = np.where(last_domain > first_domain, np.minimum(head, tail), ranks)
    smallest = int(pieces.min())
    if np.any(last_domain - first_domain >= 2):  # whole domains in between
        smallest = min(smallest, max(1, size // stride))
    return max(1, smallest)


def moe_layers(model: ModelConfig) -> float:
    """Layers with experts: all of them but the leading dense ones (0 for a dense model)."""
    model = checks.model("model", model)
    if not model.is_moe:
        return 0.0
    dense = FIGURES.get(f"{model.key}.dense_layers")
    return model.layers.value - (dense.value if dense else 0.0)


def params_per_chip(model: ModelConfig, par: Parallelism) -> tuple[float, float]:
    """Parameters one chip holds: (always-used ones / (tp x pp), routed experts' / (tp x pp x
    ep)), from :func:`helpers.memory.expert_split`."""
    model = checks.model("model", model)
    always, routed = memory.expert_split(model)
    return always / (par.tp * par.pp), routed / (par.tp * par.pp * par.ep)


#: The parts of a chip's training state (:func:`memory_parts`), in the order tables list them.
MEMORY_PARTS: dict[str, str] = {
    "shared_kept": "shared parameters: weights + gradients (every data-parallel rank)",
    "shared_sharded": "shared parameters: FP32 master + Adam (split over dp, ZeRO-1)",
    "expert_kept": "experts: weights + gradients",
    "expert_sharded": "experts: FP32 master + Adam (split over the dp/ep copies)",
}


def memory_parts(
    model: ModelConfig, par: Parallelism, zero1: bool = True, precision: str = "bf16"
) -> dict[str, float]:
    """Bytes of training state on one chip, by part (the keys of :data:`MEMORY_PARTS`; Adam,
    :func:`helpers.memory.training_breakdown`).

    Weights and gradients are held whole for the chip's parameters: the shared (always-used)
    parameters' on every data-parallel rank. With ``zero1`` the FP32 master weights and
    optimizer states are split over the ranks that hold the same parameters: ``dp`` of them for
    the shared ones, ``dp/ep`` for the experts (an expert that lives on one rank only, ``ep =
    dp``, keeps all of its 16 bytes per parameter there). Activations excluded.
    """
    model = checks.model("model", model)
    parts = memory.training_breakdown(precision, "adam")
    kept = parts["weights"] + parts["gradients"]
    sharded = sum(parts.values()) - kept
    always, routed = params_per_chip(model, par)
    dense_share, expert_share = (par.dp, par.dp // par.ep) if zero1 else (1, 1)
    return {
        "shared_kept": always * kept,
        "shared_sharded": always * sharded / dense_share,
        "expert_kept": routed * kept,
        "expert_sharded": routed * sharded / expert_share,
    }


def memory_per_chip(
    model: ModelConfig, par: Parallelism, zero1: bool = True, precision: str = "bf16"
) -> float:
    """Bytes of training state on one chip: the sum of :func:`memory_parts`."""
    model = checks.model("model", model)
    return sum(memory_parts(model, par, zero1, precision).values())


# ---------------------------------------------------------------------------------------------
# The communication of each kind of parallelism, from helpers.comm
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Traffic:
    """One kind of communication in one step, on one chip.

    Attributes:
        kind: a key of :data:`COMM_NAMES`.
        seconds: time it takes, all of it, before any overlap.
        bytes_sent: bytes one chip sends (:func:`helpers.comm.bytes_sent`).
        ranks: ranks in its group.
        span: chips the group spans.
        inside: True when the group stays inside one scale-up domain.
        link: the link it runs over (name of :data:`helpers.comm.LINKS` entry).
        piece: the fewest of a group's ranks that share a scale-up domain
            (:func:`smallest_piece`); ``ranks`` when the group stays inside one.
    """

    kind: str
    seconds: float
    bytes_sent: float
    ranks: int
    span: int
    inside: bool
    link: str
    piece: int = 0


def _collective(
    kind: str,
    collective: str,
    system: System,
    ranks: int,
    span: int,
    nbytes: float,
    count: float,
    scale: float,
    chips: int | None = None,
) -> Traffic:
    """``count`` collectives of a ``nbytes`` vector over ``ranks`` ranks spanning ``span`` chips
    of a job of ``chips`` chips."""
    d = group_domain(system, span, chips)
    if ranks <= 1 or count == 0 or nbytes == 0:
        return Traffic(kind, 0.0, 0.0, ranks, span, d.inside, d.link.name, ranks)
    # Beyond the domain the collective runs in two levels (helpers.comm.hierarchical_phases):
    # the group's members that share a domain first work over scale-up links, then one shard
    # per chip crosses the network cards. A group cut unevenly goes at the pace of its smallest
    # piece, as if every domain held that many of its members.
    per_domain = ranks if d.inside else smallest_piece(system, ranks, span, chips)
    t = d.time(collective, nbytes, ranks=ranks, per_domain=per_domain, scale=scale)
    sent = comm.max_bytes_sent(collective, ranks, nbytes)  # every rank's, root's for a tree
    return Traffic(
        kind, count * float(t), count * sent, ranks, span, d.inside, d.link.name, per_domain
    )


def gradient_parts(
    system: System, model: ModelConfig, par: Parallelism, bandwidth_scale: float = 1.0
) -> tuple[Traffic, Traffic]:
    """The two all-reduces of the data-parallel gradients of one step: the shared (always-used)
    parameters' BF16 gradients over all ``dp`` ranks, and the experts' over the ``dp/ep`` ranks
    that hold copies of the same experts (none when ``ep = dp``: each expert on one rank).

    The copies of one expert sit ``ep`` data-parallel ranks apart (``tp x ep`` chips), so they
    can straddle a domain boundary that the expert groups themselves do not: DP 96 with EP 24
    on 72-GPU racks puts an expert's four copies on chips 0, 24, 48 and 72."""
    system = checks.system("system", system)
    model = checks.model("model", model)
    wire = memory.bytes_per_element(WIRE_PRECISION)
    always, routed = params_per_chip(model, par)
    ranks, span = par.spans()["dp"]
    dense = _collective(
        "dp", "ring_allreduce", system, ranks, span, always * wire, 1, bandwidth_scale, par.chips
    )
    ranks_e, span_e = par.spans()["dp_experts"]
    expert = _collective(
        "dp",
        "ring_allreduce",
        system,
        ranks_e,
        span_e,
        routed * wire,
        1,
        bandwidth_scale,
        par.chips,
    )
    return dense, expert


def gradient_allreduce(
    system: System, model: ModelConfig, par: Parallelism, bandwidth_scale: float = 1.0
) -> Traffic:
    """The data-parallel gradient all-reduce of one step: both parts of :func:`gradient_parts`
    (the shared parameters' over ``dp`` ranks, the experts' over the ``dp/ep`` copies)."""
    system = checks.system("system", system)
    model = checks.model("model", model)
    dense, expert = gradient_parts(system, model, par, bandwidth_scale)
    return replace(  # ranks, span and piece: those of the group over all dp ranks
        dense,
        seconds=dense.seconds + expert.seconds,
        bytes_sent=dense.bytes_sent + expert.bytes_sent,
    )


def microbatch_tokens(par: Parallelism, tokens: float, sequence: float) -> float:
    """Tokens in one micro-batch of one data-parallel replica: ``tokens / (dp x m)``.

    Raises:
        ValueError: naming ``microbatches`` when a micro-batch would hold less than one sequence.
    """
    sequences = checks.positive("tokens", tokens) / checks.positive("sequence", sequence)
    per = sequences / (par.dp * par.microbatches)
    if per < 1:
        most = max(1, math.floor(sequences / par.dp))
        raise ValueError(
            f"microbatches={par.microbatches}: {sequences:,.0f} sequences over dp={par.dp} "
            f"leave {per:.3g} sequence per micro-batch; use at most {most} micro-batches "
            "or a smaller dp"
        )
    return tokens / (par.dp * par.microbatches)


def tensor_allreduces(
    system: System,
    model: ModelConfig,
    par: Parallelism,
    mb_tokens: float,
    bandwidth_scale: float = 1.0,
) -> Traffic:
    """Tensor-parallel all-reduces of one step: 4 per layer of the stage per micro-batch, each
    of the micro-batch's activations (tokens x hidden, BF16) over ``tp`` ranks."""
    system = checks.system("system", system)
    model = checks.model("model", model)
    nbytes = mb_tokens * model.hidden.value * memory.bytes_per_element(WIRE_PRECISION)
    count = TP_ALLREDUCES_PER_LAYER * model.layers.value / par.pp * par.microbatches
    ranks, span = par.spans()["tp"]
    return _collective(
        "tp", "ring_allreduce", system, ranks, span, nbytes, count, bandwidth_scale, par.chips
    )


def expert_all_to_all(
    system: System,
    model: ModelConfig,
    ep: int,
    tokens: float,
    tp: int = 1,
    count: float = 1,
    bandwidth_scale: float = 1.0,
    chips: int | None = None,
) -> Traffic:
    """``count`` expert all-to-alls over ``ep`` ranks (spanning ``tp x ep`` chips of a job of
    ``chips``, by default just them), each rank sending ``tokens / tp`` tokens to their ``k``
    experts: a vector of tokens x k x hidden BF16 values per rank (the dispatch; the combine
    sends as much back)."""
    system = checks.system("system", system)
    model = checks.model("model", model)
    if not model.is_moe:
        raise ValueError(f"model={model.name!r} has no experts: an all-to-all needs an MoE model")
    k = model.active_experts.value
    wire = memory.bytes_per_element(WIRE_PRECISION)
    nbytes = checks.positive("tokens", tokens) / tp * k * model.hidden.value * wire
    return _collective(
        "ep", "all_to_all", system, ep, tp * ep, nbytes, count, bandwidth_scale, chips
    )


def pipeline_sends(
    system: System,
    model: ModelConfig,
    par: Parallelism,
    mb_tokens: float,
    bandwidth_scale: float = 1.0,
) -> Traffic:
    """Pipeline sends of one step at one stage boundary: each micro-batch's activations forward
    and their gradients backward (tokens x hidden BF16, split over the ``tp`` ranks)."""
    system = checks.system("system", system)
    model = checks.model("model", model)
    ranks, span = par.spans()["pp"]
    d = group_domain(system, span, par.chips)
    if par.pp == 1:
        return Traffic("pp", 0.0, 0.0, ranks, span, d.inside, d.link.name, ranks)
    nbytes = mb_tokens * model.hidden.value * memory.bytes_per_element(WIRE_PRECISION) / par.tp
    count = PP_SENDS_PER_MICROBATCH * par.microbatches
    one = float(comm.transfer_time(nbytes, d.alpha, d.bandwidth * bandwidth_scale))
    return Traffic("pp", count * one, count * nbytes, ranks, span, d.inside, d.link.name, ranks)


def bubble_fraction(pp: int, microbatches: int) -> float:
    """Share of a pipelined step the stages stand idle: ``(p - 1) / (m + p - 1)``."""
    p, m = checks.whole("pp", pp, 1), checks.whole("microbatches", microbatches, 1)
    return (p - 1) / (m + p - 1)


def exposed_communication(comm_seconds: float, compute_seconds: float, overlap: float) -> float:
    """Communication left on the critical path: ``comm - min(overlap x comm, compute)``.

    ``overlap`` (0-1) is the share of communication that can run while the chips compute; it can
    never hide more than the computation lasts. Never decreases when ``comm_seconds`` grows.
    """
    if comm_seconds < 0 or compute_seconds < 0:
        raise ValueError(
            f"comm_seconds={comm_seconds!r} and compute_seconds={compute_seconds!r} must be >= 0"
        )
    overlap = checks.fraction("overlap", overlap)
    return comm_seconds - min(overlap * comm_seconds, compute_seconds)


# ---------------------------------------------------------------------------------------------
# The step
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StepTime:
    """One training step of ``model`` on ``system``'s chips split by ``par``.

    Attributes:
        system, model, par: what was modelled.
        tokens: tokens per step (the global batch).
        flops: the step's FLOPs (6 x active parameters x tokens).
        mfu: utilisation assumed for the computation itself.
        overlap: share of communication allowed to hide behind computation.
        memory_per_chip: bytes of training state per chip; ``capacity`` the chip's HBM.
        fits: whether that state fits one chip's HBM (activations left out).
        parts: seconds of each of :data:`PARTS` on the critical path (NaN when it does not fit):
            compute, bubble, and each kind's *exposed* communication.
        traffic: each kind of communication before overlap (:class:`Traffic`).
    """

    system: System
    model: ModelConfig
    par: Parallelism
    tokens: float
    flops: float
    mfu: float
    overlap: float
    memory_per_chip: float
    capacity: float
    fits: bool
    parts: dict[str, float] = field(default_factory=dict)
    traffic: dict[str, Traffic] = field(default_factory=dict)

    @property
    def total(self) -> float:
        """Seconds per step (NaN when it does not fit)."""
        return sum(self.parts.values())

    @property
    def exposed(self) -> float:
        """Seconds of communication on the critical path."""
        return sum(self.parts[k] for k in COMM_NAMES)

    @property
    def communication(self) -> float:
        """Seconds of communication before overlap."""
        return sum(t.seconds for t in self.traffic.values())

    @property
    def tokens_per_s(self) -> float:
        """Training throughput, tokens per second."""
        return self.tokens / self.total

    @property
    def achieved_mfu(self) -> float:
        """Model FLOPs utilisation of the whole step: FLOPs / (chips x peak x step time)."""
        peak = self.par.chips * self.system.chip.bf16_dense.value
        return self.flops / (peak * self.total)

    @property
    def systems(self) -> float:
        """How many of ``system`` the chips fill (may be a fraction)."""
        return self.par.chips / self.system.n

    @property
    def leaving(self) -> dict[str, Traffic]:
        """The communication whose group spans more than one scale-up domain."""
        return {k: t for k, t in self.traffic.items() if not t.inside and t.seconds > 0}

    def verdict(self) -> str:
        """One line: the step time and throughput, or why it does not run."""
        if not self.fits:
            return (
                f"does not fit: {si(self.memory_per_chip, 'B')} of training state per chip, "
                f"{si(self.capacity, 'B')} of HBM"
            )
        return (
            f"{si(self.total, 's')} per step, {si(self.tokens_per_s, 'token/s')}, "
            f"MFU {percent(self.achieved_mfu)}"
        )


def step_time(
    system: System,
    model: ModelConfig,
    par: Parallelism,
    *,
    tokens: float | None = None,
    sequence: float | None = None,
    mfu: float | None = None,
    overlap: float | None = None,
    zero1: bool = True,
    bandwidth_scale: float = 1.0,
) -> StepTime:
    """Model one training step.

    Args:
        system: whose chips and links (the job may use a fraction of a system or several).
        model: the model trained, from :mod:`helpers.specs`.
        par: how it is split (:class:`Parallelism`).
        tokens: tokens per step; ``course.global_batch_tokens`` by default.
        sequence: tokens per sequence; ``course.sequence_length`` by default.
        mfu: fraction of peak the computation reaches (``course.training_mfu`` by default).
        overlap: share of communication that may hide behind computation, 0-1
            (``course.comm_overlap`` by default).
        zero1: split master weights and optimizer states over the data-parallel ranks.
        bandwidth_scale: multiplies every link's bandwidth (what-if: faster links).

    Returns:
        A :class:`StepTime`; when the training state does not fit a chip, ``fits`` is False and
        every part is NaN.

    Raises:
        ValueError: naming the parameter, for a split the model does not allow, a micro-batch
            of less than one sequence, or an MFU, overlap or scale out of range.
        helpers.checks.NotPublished: (a ValueError) for a system whose maker publishes no
            dense BF16 peak or HBM capacity per chip, or no scale-up link.
    """
    system = checks.system("system", system)
    model = checks.model("model", model)
    check_model(model, par)
    for what, fig in (
        ("dense BF16 peak", system.chip.bf16_dense),
        ("HBM", system.chip.hbm_capacity),
    ):
        if fig is None:
            raise checks.NotPublished(
                f"system={system.key!r}: the {what} of the {system.chip.name} is not published; "
                "the course models no step on a guess"
            )
    tokens = checks.positive(
        "tokens", FIGURES["course.global_batch_tokens"].value if tokens is None else tokens
    )
    sequence = FIGURES["course.sequence_length"].value if sequence is None else sequence
    mfu = checks.fraction(
        "mfu", FIGURES["course.training_mfu"].value if mfu is None else mfu, open_low=True
    )
    overlap = checks.fraction(
        "overlap", FIGURES["course.comm_overlap"].value if overlap is None else overlap
    )
    bandwidth_scale = checks.positive("bandwidth_scale", bandwidth_scale)
    mb_tokens = microbatch_tokens(par, tokens, sequence)
    flops = training_flops(model, tokens)
    need = memory_per_chip(model, par, zero1)
    capacity = system.chip.hbm_capacity.value
    fits = memory.fits(need, system) == "one chip"
    common = dict(
        system=system,
        model=model,
        par=par,
        tokens=tokens,
        flops=flops,
        mfu=mfu,
        overlap=overlap,
        memory_per_chip=need,
        capacity=capacity,
        fits=fits,
    )
    if not fits:
        return StepTime(**common, parts=dict.fromkeys(PARTS, math.nan))
    compute = flops / (par.chips * system.chip.bf16_dense.value * mfu)
    idle = bubble_fraction(par.pp, par.microbatches)
    bubble = compute * idle / (1 - idle)  # the idle share of compute + bubble
    ep_count = EP_ALL_TO_ALLS_PER_LAYER * moe_layers(model) / par.pp * par.microbatches
    traffic = {
        "dp": gradient_allreduce(system, model, par, bandwidth_scale),
        "tp": tensor_allreduces(system, model, par, mb_tokens, bandwidth_scale),
        "pp": pipeline_sends(system, model, par, mb_tokens, bandwidth_scale),
        "ep": expert_all_to_all(
            system, model, par.ep, mb_tokens, par.tp, ep_count, bandwidth_scale, par.chips
        )
        if model.is_moe
        else _collective("ep", "all_to_all", system, 1, par.tp, 0.0, 0, bandwidth_scale),
    }
    raw = sum(t.seconds for t in traffic.values())
    exposed = exposed_communication(raw, compute, overlap)
    share = exposed / raw if raw > 0 else 0.0
    parts = {"compute": compute, "bubble": bubble}
    parts |= {k: traffic[k].seconds * share for k in COMM_NAMES}
    return StepTime(**common, parts=parts, traffic=traffic)


# ---------------------------------------------------------------------------------------------
# Strong and weak scaling
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CurvePoint:
    """One point of a scaling curve.

    Attributes:
        chips: chips used.
        step: the modelled step, or ``None`` when the split is impossible at this size.
        reason: why there is no step ("" when there is one).
        efficiency: throughput per chip relative to the curve's first point that runs
            (NaN when this point does not run).
    """

    chips: int
    step: StepTime | None
    reason: str
    efficiency: float = math.nan

    @property
    def runs(self) -> bool:
        """True when the point has a step time (valid split, state fits)."""
        return self.step is not None and self.step.fits


def scaling_curve(
    system: System,
    model: ModelConfig,
    chips: Sequence[int],
    base: Parallelism,
    mode: Mode = "strong",
    reference_chips: int | None = None,
    **options,
) -> list[CurvePoint]:
    """Step times of ``model`` on growing numbers of ``system``'s chips, TP, PP and EP fixed
    as in ``base`` and the data-parallel degree growing with the chips.

    ``mode="strong"``: the global batch stays (``tokens``, the course's by default); the
    micro-batches fall to the sequences each replica still has when ``base.microbatches`` no
    longer fit. ``mode="weak"``: every chip keeps the share of ``tokens`` it has on
    ``reference_chips`` chips (the largest system's, 384, by default), so the global batch
    grows with the chips. ``options`` go to :func:`step_time`.

    Efficiency = tokens/s per chip / that of the first point that runs. It stays below 1 except
    where the first point's groups are cut more unevenly by domain boundaries than a later
    point's (:func:`smallest_piece`); no point beats the first one's throughput per chip
    without communication.
    """
    system = checks.system("system", system)
    model = checks.model("model", model)
    if mode not in ("strong", "weak"):
        raise ValueError(f"mode={mode!r} is not one of ['strong', 'weak']")
    if not chips:
        raise ValueError("chips=[] must list at least one chip count")
    sizes = [checks.whole("chips", c, 1) for c in chips]
    tokens = checks.positive(
        "tokens", options.pop("tokens", FIGURES["course.global_batch_tokens"].value)
    )
    sequence = options.get("sequence") or FIGURES["course.sequence_length"].value
    reference = checks.whole(
        "reference_chips", reference_chips or max(x.n for x in specs.ARTICLE_PAIR.systems), 1
    )
    points = []
    for n in sizes:
        if n % (base.tp * base.pp):
            points.append(CurvePoint(n, None, f"{n} chips do not split into TP x PP"))
            continue
        dp = n // (base.tp * base.pp)
        if dp % base.ep:
            points.append(CurvePoint(n, None, f"ep={base.ep} does not divide dp={dp}"))
            continue
        step_tokens = tokens * n / reference if mode == "weak" else tokens
        sequences = step_tokens / sequence / dp
        if sequences < 1:
            points.append(CurvePoint(n, None, f"less than one sequence per replica at dp={dp}"))
            continue
        m = min(base.microbatches, math.floor(sequences))
        par = replace(base, dp=dp, microbatches=m)
        points.append(
            CurvePoint(n, step_time(system, model, par, tokens=step_tokens, **options), "")
        )
    running = [p for p in points if p.runs]
    if not running:
        return points
    ref = running[0].step.tokens_per_s / running[0].chips
    return [
        replace(p, efficiency=p.step.tokens_per_s / p.chips / ref) if p.runs else p for p in points
    ]


# ---------------------------------------------------------------------------------------------
# Tables for notebook 06
# ---------------------------------------------------------------------------------------------
def one_system_candidates(system: System, model: ModelConfig) -> list[Parallelism]:
    """The splits :func:`one_system_split` tries, in order, up to the first that fits: TP 8 for
    a dense model; for an MoE no TP and EP as wide as the data-parallel ranks and the experts
    allow; 1, 2, 4... pipeline stages (4 micro-batches per stage)."""
    system = checks.system("system", system)
    model = checks.model("model", model)
    tp = 1 if model.is_moe else 8
    tried = []
    for pp in (1, 2, 4, 8, 16):
        if system.n % (tp * pp):
            continue
        dp = system.n // (tp * pp)
        experts = model.routed_experts.value if model.is_moe else 1
        ep = max(e for e in range(1, dp + 1) if dp % e == 0 and e <= experts)
        tried.append(Parallelism(dp, tp, pp, ep, microbatches=4 * pp))
        if memory.fits(memory_per_chip(model, tried[-1]), system) == "one chip":
            break
    return tried


def one_system_split(system: System, model: ModelConfig) -> Parallelism:
    """A split of ``model`` that fills one ``system`` exactly: the fewest pipeline stages of
    :func:`one_system_candidates` whose training state fits. Raises ``ValueError`` if none
    does."""
    system = checks.system("system", system)
    model = checks.model("model", model)
    par = one_system_candidates(system, model)[-1]
    if memory.fits(memory_per_chip(model, par), system) != "one chip":
        raise ValueError(f"model={model.name!r} has no course split that fits one {system.short}")
    return par


def one_system_memory_table(model: ModelConfig = specs.DEEPSEEK_V3) -> Table:
    """Why one system needs the pipeline stages it does: each split :func:`one_system_split`
    tries, with one chip's training state by part (:func:`memory_parts`) against its HBM."""
    model = checks.model("model", model)
    rows = []
    for system in specs.ARTICLE_PAIR.systems:
        for par in one_system_candidates(system, model):
            parts = memory_parts(model, par)
            total = sum(parts.values())
            cap = system.chip.hbm_capacity.value
            rows.append(
                [
                    system.short,
                    f"DP {par.dp} x PP {par.pp}, EP {par.ep}",
                    *(si(parts[k], "B") for k in MEMORY_PARTS),
                    f"{si(total, 'B')} of {si(cap, 'B')}: "
                    + ("fits" if total <= cap else "does not fit"),
                ]
            )
    per_param = memory.training_bytes_per_param("bf16", "adam")
    state = model.params.value * per_param
    nv = specs.NVL72
    return Table(
        ("system", "split", *MEMORY_PARTS.values(), "per chip"),
        rows,
        caption=f"{model.name}'s training state is {si(state, 'B')} "
        f"({per_param:g} B per parameter); spread evenly "
        f"over one {nv.short}'s {nv.n} GPUs it would be {si(state / nv.n, 'B')} each. It is not "
        "spread evenly: every data-parallel rank keeps the shared parameters' weights and "
        "gradients whole, and an expert held by one rank only keeps all its bytes there. "
        "Activations come on top.",
    )


def training_table(mfu: float | None = None) -> Table:
    """Training FLOPs of each model of the course on its published tokens, and the days one
    system of each kind would take at ``mfu`` (the course's assumption by default)."""
    mfu_fig = FIGURES["course.training_mfu"]
    mfu = mfu_fig.value if mfu is None else mfu
    rows = []
    for m in specs.MODELS.values():
        tokens = training_tokens(m).value
        flops = training_flops(m, tokens)
        rows.append(
            [
                m.name,
                f"{m.active_params.value / 1e9:.3g} B of {m.params.value / 1e9:.3g} B",
                f"{tokens / 1e12:.3g} T",
                f"{flops:.3g} FLOP",
                *(f"{days_on(s, flops, mfu):,.0f} days" for s in specs.ARTICLE_PAIR.systems),
            ]
        )
    return Table(
        (
            "model",
            "active parameters",
            "training tokens",
            "6 x active x tokens",
            *(f"one {s.short}" for s in specs.ARTICLE_PAIR.systems),
        ),
        rows,
        caption=f"Training FLOPs and days on one system at {percent(mfu)} MFU, with no other loss "
        "(helpers.scaling.training_flops, days_on).",
    )


def mfu_table() -> Table:
    """Published utilisations beside the course's assumption: Llama 3 405B and PaLM 540B
    training, and the CloudMatrix paper's prefill (FLOPs per token x tokens/s per TFLOPS)."""
    rows = []
    for name in roofline.MFU_FIGURES:
        f = FIGURES[name]
        span = f" ({100 * f.low:.3g}-{percent(f.high)})" if f.low is not None else ""
        rows.append([f.label, percent(f.value) + span, f.kind, f.quoted or f.note])
    u = paper_prefill_utilisation()
    rows.insert(
        2,
        [
            "CloudMatrix 384 prefill of DeepSeek-R1 (INT8), from the paper's tokens/s per TFLOPS",
            percent(u),
            "derived",
            f"2 x {specs.DEEPSEEK_V3.active_params.value / 1e9:.0f} B active x "
            f"{FIGURES['cm384.paper.prefill_tokens_per_s_per_tflops'].value:g} tokens/s per "
            "TFLOPS of the INT8 peak (serving, not training)",
        ],
    )
    return Table(
        ("run", "utilisation", "kind", "detail"),
        rows,
        caption="The course's MFU assumption set beside published measurements.",
    )


def paper_prefill_utilisation() -> float:
    """Share of the peak the CloudMatrix paper's prefill reaches: FLOPs per token (2 x active
    parameters, :func:`helpers.roofline.inference_flops_per_token`) x tokens/s per TFLOPS."""
    per_tflops = FIGURES["cm384.paper.prefill_tokens_per_s_per_tflops"].value
    per_token = roofline.inference_flops_per_token(specs.DEEPSEEK_V3.active_params.value)
    return per_token * per_tflops / 1e12


def parallelism_table() -> Table:
    """The four kinds of parallelism: what each splits, what it sends, and how often."""
    rows = [
        [
            "data (DP)",
            "the batch: each replica sees other tokens",
            "its gradients, all-reduced once per step",
            "ring all-reduce over dp (experts: over dp/ep)",
        ],
        [
            "tensor (TP)",
            "every layer's matrices",
            "activations, all-reduced 4 times per layer and micro-batch",
            "ring all-reduce over tp",
        ],
        [
            "pipeline (PP)",
            "the layers, into stages",
            "activations forward and gradients backward, per micro-batch",
            "point to point; idle bubble (p-1)/(m+p-1)",
        ],
        [
            "expert (EP)",
            "each MoE layer's experts",
            "every token to its experts and back, 4 times per MoE layer and micro-batch",
            "all-to-all over ep",
        ],
    ]
    return Table(
        ("parallelism", "splits", "sends", "collective (helpers.comm)"),
        rows,
        caption="What each kind of parallelism splits and what it must send in a training step.",
    )


def gradient_note(step: StepTime) -> str:
    """The two parts of a step's gradient all-reduce (:func:`gradient_parts`), in words: how
    many bytes each chip reduces over how many ranks, where, and how long it takes."""
    wire = memory.bytes_per_element(WIRE_PRECISION)
    always, routed = params_per_chip(step.model, step.par)
    dense, expert = gradient_parts(step.system, step.model, step.par)

    def where(t: Traffic) -> str:
        if t.inside:
            return "inside"
        return f"LEAVES the domain (smallest piece: {t.piece} of {t.ranks} ranks)"

    text = (
        f"shared: {si(always * wire, 'B')} over {dense.ranks} ranks, {si(dense.seconds, 's')}, "
        f"{where(dense)}"
    )
    if not step.model.is_moe:
        return text
    if expert.ranks <= 1:
        return text + "; experts: none to sum (each expert on one rank only)"
    apart = step.par.tp * step.par.ep
    return text + (
        f"; experts: {si(routed * wire, 'B')} over their {expert.ranks} copies, {apart} chips "
        f"apart, {si(expert.seconds, 's')}, {where(expert)}"
    )


def step_table(steps: Sequence[StepTime]) -> Table:
    """Parts of the step, communication before overlap and what leaves the domain, side by side."""
    rows = [["chips (systems)", *(f"{s.par.chips} ({s.systems:.3g})" for s in steps)]]
    rows.append(
        [
            "training state per chip",
            *(f"{si(s.memory_per_chip, 'B')} of {si(s.capacity, 'B')}" for s in steps),
        ]
    )
    for part in PARTS:
        name = part if part in ("compute", "bubble") else f"exposed: {COMM_NAMES[part]}"
        rows.append([name, *(si(s.parts[part], "s") if s.fits else "-" for s in steps)])
    rows.append(["step", *(s.verdict() for s in steps)])
    for kind, name in COMM_NAMES.items():
        cells = []
        for s in steps:
            t = s.traffic.get(kind)
            if not s.fits or t is None or t.seconds == 0:
                cells.append("-")
                continue
            where = "inside" if t.inside else "LEAVES the domain"
            if not t.inside and kind != "pp":
                where += f" (smallest piece: {t.piece} of {t.ranks} ranks)"
            cells.append(f"{si(t.seconds, 's')}, {si(t.bytes_sent, 'B')} sent, {where}")
        rows.append([f"{name}, before overlap", *cells])
        if kind == "dp":
            rows.append(
                [
                    "gradient all-reduce: its two parts",
                    *(gradient_note(s) if s.fits else "-" for s in steps),
                ]
            )
    return Table(
        ("", *(s.system.short for s in steps)),
        rows,
        caption=f"{steps[0].model.name}, {steps[0].par.label()}; "
        f"{si(steps[0].tokens, 'token')} per step, MFU {percent(steps[0].mfu)} while computing, "
        f"{percent(steps[0].overlap)} of communication may overlap.",
    )


#: The moves notebook 06 suggests in the step widget: from the starting split, experts over a
#: third of a rack (EP 24) or over groups cut by rack boundaries (EP 48), more micro-batches,
#: then Llama 3 70B without and with tensor parallelism.
MOVES: tuple[tuple[str, str, Parallelism], ...] = (
    ("the start", "deepseek_v3", EXAMPLE_SPLIT),
    ("EP 24", "deepseek_v3", replace(EXAMPLE_SPLIT, ep=24)),
    ("EP 48", "deepseek_v3", replace(EXAMPLE_SPLIT, ep=48)),
    ("32 micro-batches", "deepseek_v3", replace(EXAMPLE_SPLIT, microbatches=32)),
    ("Llama, DP 384", "llama3_70b", Parallelism(dp=384, tp=1, pp=1, ep=1, microbatches=8)),
    ("Llama, TP 8 x DP 48", "llama3_70b", Parallelism(dp=48, tp=8, pp=1, ep=1, microbatches=8)),
)


def moves_list(moves: Sequence[tuple[str, str, Parallelism]] = MOVES) -> Table:
    """The moves to try in the step widget, without their results (those are
    :func:`moves_table`'s, folded until the learner has guessed)."""
    return Table(
        ("move", "split"),
        [[name, f"{specs.MODELS[key].name}: {par.label()}"] for name, key, par in moves],
        caption="Moves to try in the step widget, from its starting split; say what you expect "
        "before each.",
    )


def moves_table(moves: Sequence[tuple[str, str, Parallelism]] = MOVES) -> Table:
    """Each move's step on both systems: time per step (or why it does not run), the bubble's
    share of the compute, and the NVL72's traffic that leaves its racks with its smallest piece."""
    rows = []
    for name, key, par in moves:
        model = specs.MODELS[key]
        steps = [step_time(s, model, par) for s in specs.ARTICLE_PAIR.systems]
        cells = [
            f"{si(s.total, 's')} ({si(s.tokens_per_s, 'token/s')})"
            if s.fits
            else f"does not fit: {si(s.memory_per_chip, 'B')} per chip"
            for s in steps
        ]
        nv = steps[-1]
        leaving = (
            ", ".join(
                f"{k.upper()}" + (f" (pieces of {t.piece})" if k != "pp" else "")
                for k, t in nv.leaving.items()
            )
            if nv.fits
            else "-"
        )
        idle = bubble_fraction(par.pp, par.microbatches)  # the same on every system
        bubble = percent(idle / (1 - idle))
        rows.append([name, f"{model.name}: {par.label()}", *cells, bubble, leaving or "none"])
    return Table(
        (
            "move",
            "split",
            *(f"{s.short} step (tokens/s)" for s in specs.ARTICLE_PAIR.systems),
            "bubble / compute",
            "NVL72 traffic leaving its racks",
        ),
        rows,
        caption="The moves of section 4 computed (helpers.scaling.step_time): the step of each "
        f"system on the same {MOVES[0][2].chips} chips, and which of the NVL72's collectives "
        "leave a rack, with the fewest ranks of one group that share a rack.",
    )


def curve_table(mode_tokens: float | None = None) -> Table:
    """The fixed part of each model's split along the scaling curves of :data:`CURVE_SPLITS`,
    and the chip counts its curve spans."""
    tokens = FIGURES["course.global_batch_tokens"].value if mode_tokens is None else mode_tokens
    sequence = FIGURES["course.sequence_length"].value
    rows = []
    for key, base in CURVE_SPLITS.items():
        fixed = base.tp * base.pp * base.ep
        ep = f", EP {base.ep}" if base.ep > 1 else ""
        rows.append(
            [
                specs.MODELS[key].name,
                f"TP {base.tp} x PP {base.pp}{ep}",
                f"{fixed:,}",
                f"{CURVE_CHIPS[-1]:,}",
                f"{base.microbatches}",
            ]
        )
    return Table(
        ("model", "fixed split", "fewest chips", "most chips", "micro-batches (at most)"),
        rows,
        caption=f"Along each curve the data-parallel degree grows with the chips. Strong scaling "
        f"keeps the global batch of {tokens:,.0f} tokens ({tokens / sequence:,.0f} sequences of "
        f"{sequence:,.0f} tokens); weak scaling gives every chip the share it has on one "
        f"{specs.CM384.short} ({specs.CM384.n} chips).",
    )


def link_latency_table() -> Table:
    """The inputs of the alpha-beta model the step-time model uses: per-step latency (alpha)
    and bandwidth per chip, one direction, of each link kind (:data:`helpers.comm.LINKS`)."""
    where = {
        "nvlink5": f"inside one {specs.NVL72.short}",
        "ub_lpo": f"inside one {specs.CM384.short}",
        "scale_out": "between scale-up domains (both systems)",
    }
    rows = [
        [
            k.name,
            where.get(k.key, ""),
            si(k.alpha.value, "s"),
            f"{k.alpha.kind} ({', '.join(src.key for src in specs.sources_of(k.alpha))})",
            si(k.bandwidth.value, "B/s"),
        ]
        for k in comm.LINKS.values()
    ]
    return Table(
        (
            "link",
            "carries a group",
            "per-step latency (alpha)",
            "alpha: kind (source)",
            "bandwidth per chip, one way",
        ),
        rows,
        caption="The alpha-beta model of notebook 04: a message of S bytes takes alpha + S / B "
        "on each step of a collective.",
    )


#: Expert-parallel widths the all-to-all comparison lists: inside both domains, at the NVL72's
#: edge, and across NVL72 racks while inside one CM384.
EP_EXAMPLES = (8, 32, specs.NVL72.n, 96, 128, 256, specs.CM384.n)


def all_to_all_table(
    eps: Sequence[int] = EP_EXAMPLES, tokens: float | None = None, systems: Any = None
) -> Table:
    """One expert dispatch of DeepSeek-V3 over ``eps`` ranks on each of ``systems`` (the
    article's two by default): time and link, and each one's time over the first's. ``tokens``
    per rank (one sequence of ``course.sequence_length`` by default). A system whose links are
    not published says so."""
    model = specs.DEEPSEEK_V3
    tokens = FIGURES["course.sequence_length"].value if tokens is None else tokens
    rows = []

    chosen = checks.systems("systems", systems)
    first, others = chosen[0], chosen[1:]

    def where(system: System, t: Traffic) -> str:
        if t.inside:
            return system.scale_up.name if system.scale_up else "scale-up"
        k, m = comm.domain(system, t.ranks).domains
        return f"{k} racks of {m}: scale-out"

    def dispatch(system: System, ep: int) -> Traffic | None:
        try:
            return expert_all_to_all(system, model, ep, tokens)
        except checks.NotPublished:
            return None

    for ep in eps:
        found = [dispatch(s, ep) for s in chosen]
        cells = [
            NOT_PUBLISHED if t is None else f"{si(t.seconds, 's')} ({where(s, t)})"
            for s, t in zip(chosen, found, strict=True)
        ]
        base = found[0]
        ratios = [
            "-" if t is None or base is None else times(t.seconds / base.seconds) for t in found[1:]
        ]
        rows.append([ep, *cells, *ratios])
    return Table(
        (
            "expert ranks",
            *(s.short for s in chosen),
            *(f"{s.short} / {first.short}" for s in others),
        ),
        rows,
        caption=f"One dispatch all-to-all of {model.name}: {tokens:,.0f} tokens per rank, each to "
        f"{model.active_experts.value:.0f} experts, {model.hidden.value:,.0f} BF16 values each. "
        "Beyond one rack the ranks are spread evenly over the fewest racks, and the share of "
        "each rank's tokens meant for other racks, (k-1)/k over k racks, crosses its "
        f"{si(specs.NVL72.chip.scale_out_bandwidth.value, 'B/s')} (one direction) network card.",
    )


#: Expert-parallel width of the "wide" comparison: more than one NVL72, less than one CM384.
EP_WIDE = 256


@dataclass(frozen=True)
class Comparison:
    """One way of comparing the two systems: who wins, by how much, and why."""

    what: str
    cm384: str
    nvl72: str
    winner: System
    factor: float
    why: str


def _faster(what: str, a: float, b: float, unit: str, why: str, *, higher: bool) -> Comparison:
    """``a`` for the CM384, ``b`` for the NVL72; ``higher`` says whether more is better."""
    cm_wins = a > b if higher else a < b
    factor = max(a, b) / min(a, b)
    winner = specs.CM384 if cm_wins else specs.NVL72
    text = (lambda v: f"{v / 1e12:.3g} T") if unit == "param" else (lambda v: si(v, unit))
    return Comparison(what, text(a), text(b), winner, factor, why)


def bubble_note(steps: Sequence[StepTime]) -> str:
    """Which of two one-system steps needs more pipeline stages to hold the training state, and
    what its bubble costs."""
    deep = max(steps, key=lambda s: s.par.pp)
    if all(s.par.pp == deep.par.pp for s in steps):
        return f"both use PP {deep.par.pp}"
    share = deep.parts["bubble"] / deep.total
    tried = one_system_candidates(deep.system, deep.model)
    fewer = ""
    if len(tried) > 1:
        prev = tried[-2]
        fewer = (
            f" (with PP {prev.pp} each chip would hold "
            f"{si(memory_per_chip(deep.model, prev), 'B')}, more than its "
            f"{si(deep.capacity, 'B')} of HBM)"
        )
    return (
        f"one {deep.system.short} needs PP {deep.par.pp} to hold the training state{fewer}, and "
        f"its pipeline bubble takes {percent(share)} of the step"
    )


def comparisons() -> list[Comparison]:
    """Where each system wins, each row computed with the course's models: compute on equal
    chips and per system, the expert all-to-all inside and beyond 72 chips, the largest training
    state one scale-up domain holds."""
    cm, nv = specs.ARTICLE_PAIR.systems
    ll, ds = specs.LLAMA3_70B, specs.DEEPSEEK_V3
    same = Parallelism(dp=cm.n // 8, tp=8, pp=1, microbatches=4)
    eq = [step_time(s, ll, same) for s in specs.ARTICLE_PAIR.systems]
    own = [step_time(s, ds, one_system_split(s, ds)) for s in specs.ARTICLE_PAIR.systems]
    tokens = FIGURES["course.sequence_length"].value
    wide = [expert_all_to_all(s, ds, EP_WIDE, tokens) for s in specs.ARTICLE_PAIR.systems]
    narrow = [expert_all_to_all(s, ds, nv.n, tokens) for s in specs.ARTICLE_PAIR.systems]
    chip_ratio = nv.chip.bf16_dense.value / cm.chip.bf16_dense.value
    nvlink, ub = nv.chip.scale_up_bandwidth.value, cm.chip.scale_up_bandwidth.value
    out = nv.chip.scale_out_bandwidth.value
    racks = math.ceil(EP_WIDE / nv.n)
    rows = [
        _faster(
            f"{ll.name} on {cm.n} chips of each (TP 8): tokens/s",
            *(s.tokens_per_s for s in eq),
            "token/s",
            f"a B200 computes {chip_ratio:.2g}x as fast as a 910C, and TP all-reduces run on "
            f"NVLink's {si(nvlink, 'B/s')} per GPU each way against UB's {si(ub, 'B/s')}",
            higher=True,
        ),
        _faster(
            f"{ds.name}, one system each: tokens/s",
            *(s.tokens_per_s for s in own),
            "token/s",
            f"{cm.n} chips against {nv.n}: {cm.bf16_dense.value / nv.bf16_dense.value:.2g}x the "
            f"peak, every expert group inside its domain; {bubble_note(own)}",
            higher=True,
        ),
        _faster(
            f"one expert all-to-all over {nv.n} chips",
            *(t.seconds for t in narrow),
            "s",
            f"both inside their domains; NVLink gives each GPU {nvlink / ub:.2g}x the bandwidth "
            "of a 910C's UB links",
            higher=False,
        ),
        _faster(
            f"one expert all-to-all over {EP_WIDE} chips",
            *(t.seconds for t in wide),
            "s",
            f"{EP_WIDE} chips fit in one CM384's UB domain; on NVL72s they span {racks} racks, "
            f"joined only by each GPU's {si(out, 'B/s')} (each way) scale-out port",
            higher=False,
        ),
        _faster(
            "largest model (parameters) whose training state one scale-up domain holds",
            *(
                memory.max_trainable_params(s.hbm_capacity.value)
                for s in specs.ARTICLE_PAIR.systems
            ),
            "param",
            f"{cm.hbm_capacity.value / nv.hbm_capacity.value:.2g}x the HBM in one domain "
            "(activations left out)",
            higher=True,
        ),
    ]
    return rows


def comparison_table() -> Table:
    """:func:`comparisons` as a table."""
    rows = [
        [c.what, c.cm384, c.nvl72, f"{c.winner.short}, {times(c.factor, 2)}", c.why]
        for c in comparisons()
    ]
    return Table(
        ("comparison", "CM384", "NVL72", "wins, by", "why"),
        rows,
        caption="Where each system wins, from the course's models (helpers.scaling, comm, "
        "memory). Energy per FLOP is notebook 07's.",
    )


def figures_used() -> tuple[Figure, ...]:
    """The specs records notebook 06 uses (for its Sources list)."""
    names = (
        "course.training_mfu",
        "llama3_405b.training_mfu",
        "palm_540b.training_mfu",
        "course.global_batch_tokens",
        "course.sequence_length",
        "course.comm_overlap",
        "deepseek_v3.training_tokens",
        "deepseek_v3.dense_layers",
        "llama3_70b.training_tokens",
        "cm384.paper.prefill_tokens_per_s_per_tflops",
        "zero.training_bytes_per_param",
    )
    models = tuple(
        f
        for m in specs.MODELS.values()
        for f in (m.params, m.active_params, m.layers, m.hidden, m.q_heads, m.active_experts)
        if f is not None
    )
    links = tuple(f for k in comm.LINKS.values() for f in (k.bandwidth, k.alpha))
    chips = tuple(
        f
        for s in specs.ARTICLE_PAIR.systems
        for f in (s.chip.bf16_dense, s.chip.hbm_capacity, s.chips)
    )
    return (*(FIGURES[n] for n in names), *models, *links, *chips)
