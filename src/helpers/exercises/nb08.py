"""Exercises and predictions of notebook 08 (the capstone fact-check)."""

from __future__ import annotations

from .. import factcheck, reliability
from ..specs import CM384, NVL72
from ..units import percent, si, times
from .core import Exercise

NB = "08_capstone_fact_check"

#: The MFUs of the "delivered compute" exercise: example values a learner is given, not figures.
_MFU_CM384, _MFU_NVL72 = 0.35, 0.45
_PEAK = CM384.bf16_dense.value / NVL72.bf16_dense.value
_VERDICTS = {v.key: v for v in factcheck.verdicts()}


def _first_choice_that_moves_a_verdict() -> str:
    base = {v.key: v.verdict for v in factcheck.verdicts()}
    for key, (what, options) in factcheck.CHOICES.items():
        for label in list(options)[1:]:
            moved = factcheck.verdicts(factcheck.Scenario({key: label}))
            if any(v.verdict != base[v.key] for v in moved):
                return what
    return "none of them"


def _optical_percent() -> float:
    optical, links = factcheck._optical_share()
    return 100 * optical / links


EXERCISES = (
    Exercise(
        id="08.headline",
        notebook=NB,
        kind="predict",
        prompt="Before the verdicts: 'CloudMatrix 384 beats GB200 NVL72'. Holds, holds with "
        "caveats, or misleading?",
        choices=factcheck.VERDICTS,
        answer=lambda: _VERDICTS["headline"].verdict,
        explain=_VERDICTS["headline"].reason,
    ),
    Exercise(
        id="08.which_source",
        notebook=NB,
        kind="predict",
        prompt="Sources disagree on five figures. Switched to its other source one at a time, "
        "which one changes a verdict?",
        choices=tuple(what for what, _ in factcheck.CHOICES.values()),
        answer=_first_choice_that_moves_a_verdict,
        explain="NVIDIA lists 186 GB per B200, not the 192 GB SemiAnalysis counts: the ratio "
        "becomes 3.67x, which the article's '3.6x' understates.",
    ),
    Exercise(
        id="08.delivered",
        notebook=NB,
        prompt=f"Suppose the CM384 reaches {percent(_MFU_CM384, 2)} MFU on a training job and the "
        f"NVL72 {percent(_MFU_NVL72, 2)}. How many times the NVL72's delivered compute does one "
        "CM384 deliver?",
        answer=lambda: _PEAK * _MFU_CM384 / _MFU_NVL72,
        unit="x",
        rel_tol=0.01,
        hint="Delivered compute = peak x MFU, for each system; divide the two.",
        solution=f"Peak ratio {times(_PEAK)} x {_MFU_CM384:g} / {_MFU_NVL72:g} = {{answer}}: "
        "still ahead, by much less than the headline.",
        code="from helpers.specs import CM384, NVL72\n"
        "peak = CM384.bf16_dense.value / NVL72.bf16_dense.value\n"
        "answer = peak * 0.35 / 0.45  # delivered = peak x MFU",
    ),
    Exercise(
        id="08.break_even_mfu",
        notebook=NB,
        prompt="Below what ratio of MFUs (CM384's MFU / NVL72's) does one CM384 deliver *less* "
        "compute than one NVL72?",
        answer=factcheck.flip_mfu_ratio,
        unit="",
        rel_tol=0.01,
        hint="The CM384 delivers peak ratio x MFU ratio; find the MFU ratio that makes it 1.",
        solution=f"1 / {times(_PEAK)} = {{answer}}: if the CM384's software reaches less than "
        f"{percent(1 / _PEAK, 2)} of the NVL72's utilisation, its {CM384.n} chips deliver less "
        f"than {NVL72.n} B200s.",
        code="from helpers.specs import CM384, NVL72\n"
        "answer = NVL72.bf16_dense.value / CM384.bf16_dense.value",
    ),
    Exercise(
        id="08.price_per_pflops",
        notebook=NB,
        prompt="Using the press prices, how many times the NVL72's purchase price per PFLOP/s of "
        "dense BF16 does the CM384 cost?",
        answer=lambda: (
            (CM384.price.value / CM384.bf16_dense.value)
            / (NVL72.price.value / NVL72.bf16_dense.value)
        ),
        unit="x",
        rel_tol=0.01,
        hint="Price per PFLOP/s = price / peak, for each system; then divide CM384's by NVL72's.",
        solution=f"CM384: US${CM384.price.value / 1e6:.2g} M / "
        f"{si(CM384.bf16_dense.value, 'FLOP/s')}; NVL72: US${NVL72.price.value / 1e6:.2g} M / "
        f"{si(NVL72.bf16_dense.value, 'FLOP/s')}; the ratio is {{answer}}: each PFLOP/s costs "
        "more on the CM384.",
        code="from helpers.specs import CM384, NVL72\n"
        "cm = CM384.price.value / CM384.bf16_dense.value\n"
        "nv = NVL72.price.value / NVL72.bf16_dense.value\n"
        "answer = cm / nv",
    ),
    Exercise(
        id="08.switch_blast",
        notebook=NB,
        prompt="One first-level UB switch chip of the CM384 fails. How many NPUs lose part of "
        "their scale-up bandwidth?",
        answer=lambda: reliability.blast_radius("cm384", "first_level_switch").chips_touched,
        integer=True,
        hint="A first-level switch sits inside one node: which chips have links to it?",
        solution="The {answer} NPUs of its node (each loses 2 of its 14 UB links); in the NVL72 a "
        "failed NVSwitch chip touches all 72 GPUs, each losing 1 of 18 links.",
        code="from helpers import reliability\n"
        'answer = reliability.blast_radius("cm384", "first_level_switch").chips_touched',
    ),
    Exercise(
        id="08.optical_share",
        notebook=NB,
        prompt="The article calls the CM384 'all-optical'. What percentage of the links of its UB "
        "scale-up network are optical?",
        answer=_optical_percent,
        unit="%",
        rel_tol=0.01,
        hint="Count the links from NPUs to first-level switches (inside a node) and from first- "
        "to second-level switches (leaving the node); only the second kind is optical.",
        solution="Inside each node, 8 NPUs x 7 switches x 2 links = 112 electrical links, 48 "
        "nodes: 5,376; the 336 first-level switches x 16 uplinks = 5,376 optical: {answer}.",
        code="from helpers import topology\n"
        'g = topology.build("cm384")\n'
        'optical = sum(d["links"] for *_, d in g.edges(data=True) if d["medium"] == "optical")\n'
        'answer = 100 * optical / sum(d["links"] for *_, d in g.edges(data=True))',
    ),
)
