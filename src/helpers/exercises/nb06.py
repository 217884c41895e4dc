"""Exercises and predictions of notebook 06 (scaling: parallelism and step time)."""

from __future__ import annotations

from .. import scaling
from ..specs import CM384, DEEPSEEK_V3, FIGURES, NVL72, SYSTEMS
from .core import Exercise

NB = "06_scaling"

#: Scenario values of the exercises (not hardware figures).
SERIAL = 0.01
SERIAL_LIMIT = 0.05
BUBBLE_STAGES = 8
BUBBLE_MICROBATCHES = 32
EP_RANKS = scaling.EP_WIDE

_DS = DEEPSEEK_V3
_DS_TOKENS = FIGURES["deepseek_v3.training_tokens"].value
_DS_FLOPS = scaling.training_flops(_DS, _DS_TOKENS)
_MFU = FIGURES["course.training_mfu"].value
_TOKENS = FIGURES["course.sequence_length"].value


def _default_steps() -> dict[str, scaling.StepTime]:
    return {s.name: scaling.step_time(s, _DS, scaling.EXAMPLE_SPLIT) for s in SYSTEMS}


def _faster_default() -> str:
    steps = _default_steps()
    return min(steps, key=lambda name: steps[name].total)


def _a2a(system) -> scaling.Traffic:
    return scaling.expert_all_to_all(system, _DS, EP_RANKS, _TOKENS)


def _a2a_ratio() -> float:
    return _a2a(NVL72).seconds / _a2a(CM384).seconds


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
        explain="Amdahl: the serial part takes the same time on any number of chips, so the "
        f"step can never be shorter than it: at most 1 / {SERIAL_LIMIT:g} = "
        f"{scaling.amdahl_limit(SERIAL_LIMIT):g}x, even on a million chips.",
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
        explain="Per chip a B200 computes about 3.2x as fast as an Ascend 910C, so on the same "
        "number of chips the NVL72 racks compute the step in a third of the time, even though "
        "their expert all-to-all must leave each 72-GPU rack and crawls over the scale-out "
        "network.",
    ),
    Exercise(
        id="06.who_wins_ep256",
        notebook=NB,
        kind="predict",
        prompt=f"One expert all-to-all of {_DS.name} over {EP_RANKS} chips. Which system runs it "
        "faster?",
        choices=(CM384.name, NVL72.name, "about equal"),
        answer=lambda: min(SYSTEMS, key=lambda s: _a2a(s).seconds).name,
        explain=f"{EP_RANKS} chips fit in one CM384's supernode (UB links at "
        f"{CM384.chip.scale_up_bandwidth.value / 1e9:.0f} GB/s per chip), but span four NVL72 "
        "racks, so every chip's messages to the other racks go over its "
        f"{NVL72.chip.scale_out_bandwidth.value / 1e9:.0f} GB/s scale-out port: "
        f"{_a2a_ratio():.2g}x slower.",
    ),
    Exercise(
        id="06.amdahl_384",
        notebook=NB,
        prompt=f"A training step has {100 * SERIAL:g} % serial work (s = {SERIAL:g}). What "
        f"speedup does Amdahl's law give on {CM384.n} chips, the size of one CloudMatrix 384?",
        answer=lambda: scaling.amdahl_speedup(CM384.n, SERIAL),
        unit="x",
        rel_tol=0.01,
        hint="speedup = 1 / (s + (1 - s) / n).",
        solution=f"1 / ({SERIAL:g} + {1 - SERIAL:g} / {CM384.n}) = {{answer}}, about a fifth of "
        f"perfect scaling ({CM384.n}x), and already close to the limit 1/s = "
        f"{scaling.amdahl_limit(SERIAL):g}x. Gustafson's view, where each chip keeps its share "
        f"of a growing job, gives {scaling.gustafson_speedup(CM384.n, SERIAL):.4g}x.",
        code="from helpers import scaling\nanswer = scaling.amdahl_speedup(384, 0.01)",
    ),
    Exercise(
        id="06.deepseek_flops",
        notebook=NB,
        prompt=f"{_DS.name} has {_DS.params.value / 1e9:.0f} B parameters, of which "
        f"{_DS.active_params.value / 1e9:.0f} B are active for each token. It was pre-trained on "
        f"{_DS_TOKENS / 1e12:.3g} trillion tokens. How many FLOPs did that take?",
        answer=lambda: _DS_FLOPS,
        unit="FLOP",
        rel_tol=0.01,
        hint="6 FLOPs per active parameter per token (2 forward, 4 backward). Only the "
        "active parameters work on a token.",
        solution=f"6 x {_DS.active_params.value / 1e9:.0f}e9 x {_DS_TOKENS / 1e12:.3g}e12 = "
        "{answer}. With all "
        f"{_DS.params.value / 1e9:.0f} B parameters it would be "
        f"{_DS.params.value / _DS.active_params.value:.3g}x as much: that is what a mixture of "
        "experts saves.",
        code="from helpers import scaling, specs\n"
        'tokens = specs.FIGURES["deepseek_v3.training_tokens"].value\n'
        "answer = scaling.training_flops(specs.DEEPSEEK_V3, tokens)",
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
        id="06.days_cm384",
        notebook=NB,
        prompt=f"At {100 * _MFU:.0f} % MFU and with no other loss, how many days would one "
        f"CloudMatrix 384 take for {_DS.name}'s pre-training (the FLOPs of the exercise above)?",
        answer=lambda: scaling.days_on(CM384, _DS_FLOPS, _MFU),
        unit="days",
        rel_tol=0.01,
        hint="time = FLOPs / (system peak x MFU); one day is 86,400 s.",
        solution=f"{_DS_FLOPS:.3g} FLOP / ({CM384.bf16_dense.value:.4g} FLOP/s x {_MFU:g}) "
        f"= {scaling.run_seconds(CM384, _DS_FLOPS, _MFU):.3g} s = {{answer}}. One NVL72 would "
        f"take {scaling.days_on(NVL72, _DS_FLOPS, _MFU):,.0f} days: a real run spreads over "
        "many systems.",
        code="from helpers import scaling, specs\n"
        'tokens = specs.FIGURES["deepseek_v3.training_tokens"].value\n'
        "flops = scaling.training_flops(specs.DEEPSEEK_V3, tokens)\n"
        "answer = scaling.days_on(specs.CM384, flops, mfu=0.4)",
    ),
    Exercise(
        id="06.all_to_all_ratio",
        notebook=NB,
        prompt=f"One expert dispatch of {_DS.name} over {EP_RANKS} chips, each sending "
        f"{_TOKENS:,.0f} tokens to their {_DS.active_experts.value:.0f} experts: how many times "
        "longer does it take on NVL72 racks than inside one CloudMatrix 384?",
        answer=_a2a_ratio,
        unit="x",
        rel_tol=0.02,
        hint="Use scaling.expert_all_to_all(system, specs.DEEPSEEK_V3, ep, tokens) for each "
        "system and divide the times. Where does each run: inside or beyond its domain?",
        solution=f"CM384: {_a2a(CM384).seconds * 1e3:.3g} ms over UB; NVL72: "
        f"{_a2a(NVL72).seconds * 1e3:.3g} ms over the scale-out network, because {EP_RANKS} "
        f"chips need {EP_RANKS // NVL72.n + 1} racks. Ratio: {{answer}}. Both are pairwise "
        "all-to-alls in the alpha-beta model of notebook 04: (n-1) steps of alpha + S/(n B).",
        code="from helpers import scaling, specs\n"
        "t = {s.key: scaling.expert_all_to_all(s, specs.DEEPSEEK_V3, 256, 4096).seconds\n"
        "     for s in specs.SYSTEMS}\n"
        'answer = t["nvl72"] / t["cm384"]',
    ),
)
