"""Exercises and predictions of notebook 06 (scaling: parallelism and step time)."""

from __future__ import annotations

import math

from .. import roofline, scaling
from ..specs import ARTICLE_PAIR, CM384, DEEPSEEK_V3, FIGURES, LLAMA3_70B, NVL72
from ..units import percent, si, times
from .core import Exercise

NB = "06_scaling"

#: Scenario values of the exercises (not hardware figures).
SERIAL_LIMIT = 0.05
HALF = 0.5  # the share of perfect scaling asked for
BUBBLE_STAGES = 8
BUBBLE_MICROBATCHES = 32
GUESS_STAGES = 4  # the bubble predicted before its formula, with one micro-batch
RACKS = 32  # NVL72 racks of the days exercise
RACKS_MFU = 0.3
EP_TWO_RACKS = 2 * NVL72.n  # two full NVL72 racks
STRONG_CHIPS = scaling.CURVE_CHIPS[-1]  # the largest size of the scaling curves

_DS = DEEPSEEK_V3
_DS_TOKENS = FIGURES["deepseek_v3.training_tokens"].value
_DS_FLOPS = scaling.training_flops(_DS, _DS_TOKENS)
_LL_FLOPS = scaling.training_flops(LLAMA3_70B, FIGURES["llama3_70b.training_tokens"].value)
_BATCH = FIGURES["course.global_batch_tokens"].value
_STEP_FLOPS = scaling.training_flops(_DS, _BATCH)
_MFU = FIGURES["course.training_mfu"].value
_TOKENS = FIGURES["course.sequence_length"].value
_CURVE = scaling.CURVE_SPLITS[_DS.key]
_CURVE_FIRST = _CURVE.tp * _CURVE.pp * _CURVE.ep  # the fewest chips DeepSeek's curve runs on
_PER_PARAM = roofline.training_flops_per_token(1)  # training FLOPs per parameter per token
DAY = 86400.0  # seconds


def _default_steps() -> dict[str, scaling.StepTime]:
    return {s.name: scaling.step_time(s, _DS, scaling.EXAMPLE_SPLIT) for s in ARTICLE_PAIR.systems}


def _faster_default() -> str:
    steps = _default_steps()
    return min(steps, key=lambda name: steps[name].total)


def _same_chips_explain() -> str:
    cm, nv = (_default_steps()[s.name] for s in ARTICLE_PAIR.systems)
    return (
        f"Per chip a B200 computes {NVL72.chip.bf16_dense.value / CM384.chip.bf16_dense.value:.2g}"
        f"x as fast as an Ascend 910C, so the NVL72 racks compute the step in "
        f"{nv.parts['compute']:.3g} s against {cm.parts['compute']:.3g} s. Their expert "
        f"all-to-all must leave each {NVL72.n}-GPU rack and crawls over the scale-out network "
        f"({nv.parts['ep']:.3g} s exposed against {cm.parts['ep']:.3g} s), yet they still finish "
        f"first: {nv.total:.3g} s against {cm.total:.3g} s."
    )


def _a2a(system, ep: int = scaling.EP_WIDE) -> scaling.Traffic:
    return scaling.expert_all_to_all(system, _DS, ep, _TOKENS)


def _a2a_ratio(ep: int) -> float:
    return _a2a(NVL72, ep).seconds / _a2a(CM384, ep).seconds


def _nearest(value: float, options: dict[str, float]) -> str:
    """The option whose value is nearest ``value`` on a log scale."""
    return min(options, key=lambda k: abs(math.log(value / options[k])))


_PARAMS_RATIO = _DS.params.value / LLAMA3_70B.params.value
_FLOPS_CHOICES = {
    f"about {_PARAMS_RATIO:.2g}x Llama's": _PARAMS_RATIO,
    "about the same": 1.0,
    "about half": 0.5,
}
_STRONG_CHOICES = {
    f"over {percent(0.9)}": 0.95,
    f"about {percent(0.6)}": 0.6,
    "about a third": 1 / 3,
}


def _strong_efficiency() -> dict[str, float]:
    out = {}
    for s in ARTICLE_PAIR.systems:
        base = scaling.CURVE_SPLITS[_DS.key]
        points = scaling.scaling_curve(s, _DS, [_CURVE_FIRST, STRONG_CHIPS], base)
        out[s.short] = points[-1].efficiency
    return out


def _one_system_steps() -> list[scaling.StepTime]:
    return [
        scaling.step_time(s, _DS, scaling.one_system_split(s, _DS)) for s in ARTICLE_PAIR.systems
    ]


def _one_system_ratio() -> float:
    cm, nv = _one_system_steps()
    return cm.tokens_per_s / nv.tokens_per_s


def _step_totals() -> tuple[str, ...]:
    return tuple(si(step.total, "s") for step in _default_steps().values())


def _strong_reveals() -> tuple[str, ...]:
    eff = _strong_efficiency().values()
    return (*(percent(v) for v in eff), *(f"{v:.0%}" for v in eff))


EXERCISES = (
    Exercise(
        id="06.amdahl_limit",
        notebook=NB,
        kind="predict",
        prompt=f"{100 * SERIAL_LIMIT:g} % of a training step cannot be split over chips. What "
        "is the largest speedup any number of chips can give?",
        answer=lambda: scaling.amdahl_limit(SERIAL_LIMIT),
        unit="x",
        rel_tol=0.05,
        reveals=lambda: (f"1/s = {scaling.amdahl_limit(SERIAL_LIMIT):,.0f}",),
        explain="Amdahl: the serial part takes the same time on any number of chips, so the "
        f"step can never be shorter than it: at most 1 / {SERIAL_LIMIT:g} = "
        f"{scaling.amdahl_limit(SERIAL_LIMIT):g}x, even on a million chips.",
    ),
    Exercise(
        id="06.moe_flops",
        notebook=NB,
        kind="predict",
        prompt=f"{_DS.name} has {_PARAMS_RATIO:.2g}x the parameters of {LLAMA3_70B.name} and was "
        "trained on about as many tokens. How do its training FLOPs compare with Llama's?",
        choices=tuple(_FLOPS_CHOICES),
        answer=lambda: _nearest(_DS_FLOPS / _LL_FLOPS, _FLOPS_CHOICES),
        reveals=lambda: (
            f"{_DS_FLOPS:.3g} FLOP",
            f"{_LL_FLOPS:.3g} FLOP",
            f"{_DS_FLOPS / _LL_FLOPS:.2g}x",
            "about half its training FLOPs",
        ),
        explain=f"{_DS_FLOPS / _LL_FLOPS:.2g}x: a token goes through only "
        f"{_DS.active_params.value / 1e9:.0f} B of {_DS.name}'s "
        f"{_DS.params.value / 1e9:.0f} B parameters (its active experts), against all "
        f"{LLAMA3_70B.params.value / 1e9:.3g} B of Llama's. FLOPs follow the active parameters; "
        "memory follows all of them.",
    ),
    Exercise(
        id="06.bubble_one",
        notebook=NB,
        kind="predict",
        prompt=f"A pipeline of {GUESS_STAGES} stages is fed the whole batch as a single "
        "micro-batch: stage 2 can start only when stage 1 has finished, and so on. What share of "
        "the time does each stage stand idle? Answer in percent.",
        answer=lambda: 100 * scaling.bubble_fraction(GUESS_STAGES, 1),
        unit="%",
        rel_tol=0.05,
        reveals=lambda: (f"{GUESS_STAGES - 1} of {GUESS_STAGES}",),
        explain=f"Each stage works 1 slot of {GUESS_STAGES} on the way forward: idle "
        f"{GUESS_STAGES - 1} of {GUESS_STAGES}. Cutting the batch into m micro-batches lets the "
        "stages overlap; the idle share becomes (p - 1) / (m + p - 1).",
    ),
    Exercise(
        id="06.who_wins_same_chips",
        notebook=NB,
        kind="predict",
        prompt=f"{_DS.name} on {scaling.EXAMPLE_SPLIT.chips} chips of each system, with the same "
        f"split (the widget's start: experts spread over {scaling.EXAMPLE_SPLIT.ep} chips). "
        "Which finishes a training step first?",
        choices=(CM384.name, NVL72.name, "about equal"),
        answer=_faster_default,
        reveals=lambda: (*_step_totals(), "racks finish first"),
        explain=_same_chips_explain(),
    ),
    Exercise(
        id="06.strong_16k",
        notebook=NB,
        kind="predict",
        prompt=f"Strong scaling: {_DS.name}'s global batch stays at "
        f"{_BATCH / 1e6:.3g} M tokens while the chips grow from {_CURVE_FIRST} to "
        f"{STRONG_CHIPS:,}. What "
        f"share of the throughput per chip is left at {STRONG_CHIPS:,} chips?",
        choices=tuple(_STRONG_CHOICES),
        answer=lambda: _nearest(_strong_efficiency()[CM384.short], _STRONG_CHOICES),
        reveals=_strong_reveals,
        explain=f"{', '.join(f'{k} {percent(v)}' for k, v in _strong_efficiency().items())}. "
        f"With {STRONG_CHIPS:,} chips each data-parallel replica gets "
        f"{_BATCH / _TOKENS / (STRONG_CHIPS / _CURVE.pp / _CURVE.tp):.3g} sequences: too few "
        f"micro-batches to fill the pipeline's {_CURVE.pp} stages, which stand mostly idle. The "
        "fixed batch, not the network, is what runs out.",
    ),
    Exercise(
        id="06.who_wins_ep256",
        notebook=NB,
        kind="predict",
        prompt=f"One expert all-to-all of {_DS.name} over {scaling.EP_WIDE} chips. Which system "
        "runs it faster?",
        choices=(CM384.name, NVL72.name, "about equal"),
        answer=lambda: min(ARTICLE_PAIR.systems, key=lambda s: _a2a(s).seconds).name,
        reveals=lambda: (
            times(_a2a_ratio(scaling.EP_WIDE)),
            times(_a2a_ratio(scaling.EP_WIDE), 2),
            *(si(_a2a(s).seconds, "s") for s in ARTICLE_PAIR.systems),
        ),
        explain=f"{scaling.EP_WIDE} chips fit in one CM384's supernode (UB links at "
        f"{CM384.chip.scale_up_bandwidth.value / 1e9:.0f} GB/s per chip each way), but span "
        f"{math.ceil(scaling.EP_WIDE / NVL72.n)} NVL72 racks, so the tokens each GPU sends to "
        "the other racks go over its "
        f"{NVL72.chip.scale_out_bandwidth.value / 1e9:.0f} GB/s scale-out port: "
        f"{_a2a_ratio(scaling.EP_WIDE):.2g}x slower.",
    ),
    Exercise(
        id="06.one_system_each",
        notebook=NB,
        kind="predict",
        prompt=f"One CM384 against one NVL72, each training {_DS.name} with a split that fits "
        f"its chips. The CM384 has {CM384.bf16_dense.value / NVL72.bf16_dense.value:.2g}x the "
        "peak. How many times the NVL72's tokens/s does it train?",
        answer=_one_system_ratio,
        unit="x",
        rel_tol=0.1,
        reveals=lambda: tuple(si(step.tokens_per_s, "token/s") for step in _one_system_steps()),
        explain=f"More than the peak ratio of "
        f"{CM384.bf16_dense.value / NVL72.bf16_dense.value:.2g}x: "
        f"{scaling.bubble_note(_one_system_steps())}, while the CM384 holds it with no "
        "pipeline at all.",
    ),
    Exercise(
        id="06.amdahl_half",
        notebook=NB,
        prompt=f"What serial fraction s holds {CM384.n} chips, one CloudMatrix 384, to half of "
        f"perfect scaling (a speedup of {HALF * CM384.n:.0f}x)? Answer in percent.",
        answer=lambda: 100 * scaling.serial_for_speedup(CM384.n, HALF * CM384.n),
        unit="%",
        rel_tol=0.01,
        hint="Solve 1 / (s + (1 - s) / n) = speedup for s.",
        solution=f"s + (1 - s) / n = 1 / speedup gives s = (n / speedup - 1) / (n - 1) = "
        f"(2 - 1) / {CM384.n - 1} = {{answer}}. A quarter of a percent of serial work wastes "
        "half of a supernode: large systems need almost perfectly parallel work, which is why "
        "training grows the batch with the chips (Gustafson).",
        code="from helpers import scaling, specs\n"
        "n = specs.CM384.n\n"
        "answer = 100 * scaling.serial_for_speedup(n, n / 2)",
    ),
    Exercise(
        id="06.step_flops",
        notebook=NB,
        prompt=f"How many FLOPs does one training step of {_DS.name} take on the course's "
        f"global batch of 2^24 = {_BATCH:,.0f} tokens?",
        answer=lambda: _STEP_FLOPS,
        unit="FLOP",
        rel_tol=0.01,
        hint=f"{_PER_PARAM:g} FLOPs per active parameter per token (2 forward, 4 backward). "
        "Only the active parameters work on a token.",
        solution=f"{_PER_PARAM:g} x {_DS.active_params.value / 1e9:.0f}e9 x {_BATCH:,.0f} = "
        f"{{answer}}. On "
        f"{CM384.n} Ascend 910Cs at {100 * _MFU:.0f} % MFU that is "
        f"{_STEP_FLOPS / (CM384.bf16_dense.value * _MFU):.3g} s of compute, the grey bar of "
        "section 4.",
        code="from helpers import scaling, specs\n"
        'batch = specs.FIGURES["course.global_batch_tokens"].value\n'
        "answer = scaling.training_flops(specs.DEEPSEEK_V3, batch)",
    ),
    Exercise(
        id="06.bubble",
        notebook=NB,
        prompt=f"A pipeline of {BUBBLE_STAGES} stages is fed {BUBBLE_MICROBATCHES} "
        "micro-batches per step. What share of the step do the stages stand idle (the bubble)? "
        "Answer in percent.",
        answer=lambda: 100 * scaling.bubble_fraction(BUBBLE_STAGES, BUBBLE_MICROBATCHES),
        unit="%",
        rel_tol=0.01,
        hint="bubble = (p - 1) / (m + p - 1), p stages, m micro-batches.",
        solution=f"({BUBBLE_STAGES} - 1) / ({BUBBLE_MICROBATCHES} + {BUBBLE_STAGES} - 1) = "
        "{answer}. More micro-batches shrink it, but each is smaller, which makes every "
        "message smaller and the fixed costs weigh more.",
        code="from helpers import scaling\nanswer = 100 * scaling.bubble_fraction(8, 32)",
    ),
    Exercise(
        id="06.days_racks",
        notebook=NB,
        prompt=f"{_DS.name}'s pre-training ({_DS_FLOPS:.3g} FLOP) on {RACKS} GB200 NVL72 racks "
        f"({RACKS * NVL72.n:,} B200s) at {100 * RACKS_MFU:.0f} % MFU, with no other loss: how "
        "many days?",
        answer=lambda: scaling.days_on(NVL72, _DS_FLOPS, RACKS_MFU, systems=RACKS),
        unit="days",
        rel_tol=0.01,
        hint=f"time = FLOPs / (racks x peak per rack x MFU); one day is {DAY:,.0f} s.",
        solution=f"{_DS_FLOPS:.3g} FLOP / ({RACKS} x {NVL72.bf16_dense.value:.3g} FLOP/s x "
        f"{RACKS_MFU:g}) = {scaling.run_seconds(NVL72, _DS_FLOPS, RACKS_MFU, RACKS):.3g} s = "
        f"{{answer}}. At {100 * _MFU:.0f} % MFU it would be "
        f"{scaling.days_on(NVL72, _DS_FLOPS, _MFU, RACKS):.3g} days: raising the MFU saves as "
        "much time as buying more racks.",
        code="from helpers import scaling, specs\n"
        'tokens = specs.FIGURES["deepseek_v3.training_tokens"].value\n'
        "flops = scaling.training_flops(specs.DEEPSEEK_V3, tokens)\n"
        "answer = scaling.days_on(specs.NVL72, flops, mfu=0.3, systems=32)",
    ),
    Exercise(
        id="06.all_to_all_two_racks",
        notebook=NB,
        prompt=f"One expert dispatch of {_DS.name} over {EP_TWO_RACKS} chips (two full NVL72 "
        f"racks), each sending {_TOKENS:,.0f} tokens to their {_DS.active_experts.value:.0f} "
        "experts: how many times longer does it take on the NVL72 racks than inside one "
        "CloudMatrix 384?",
        answer=lambda: _a2a_ratio(EP_TWO_RACKS),
        unit="x",
        rel_tol=0.02,
        hint="Use scaling.expert_all_to_all(system, specs.DEEPSEEK_V3, ep, tokens) for each "
        "system and divide the times. Where does each run: inside or beyond its domain?",
        solution=f"CM384: {_a2a(CM384, EP_TWO_RACKS).seconds * 1e3:.3g} ms over UB; NVL72: "
        f"{_a2a(NVL72, EP_TWO_RACKS).seconds * 1e3:.3g} ms, in two levels: half of each GPU's "
        "tokens cross to the other rack over its scale-out port, then the tokens are spread "
        "inside each rack over NVLink. Ratio: {answer}. Each level is a pairwise all-to-all in "
        "the alpha-beta model of notebook 04: (n-1) steps of alpha + S/(n B).",
        code="from helpers import scaling, specs\n"
        "ep = 2 * specs.NVL72.n  # two full racks\n"
        'tokens = specs.FIGURES["course.sequence_length"].value\n'
        "t = {s.key: scaling.expert_all_to_all(s, specs.DEEPSEEK_V3, ep, tokens).seconds\n"
        "     for s in specs.ARTICLE_PAIR.systems}\n"
        'answer = t["nvl72"] / t["cm384"]',
    ),
)
