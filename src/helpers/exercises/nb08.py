"""Exercises and predictions of notebook 08 (the capstone fact-check)."""

from __future__ import annotations

from .. import buyer, factcheck, reliability, specs
from ..specs import CM384, NVL72
from ..units import percent, si, times
from .core import Exercise

NB = "08_capstone_fact_check"

#: The MFUs of the "delivered compute" exercise: example values a learner is given, not figures.
_MFU_CM384, _MFU_NVL72 = 0.35, 0.45
_PEAK = CM384.bf16_dense.value / NVL72.bf16_dense.value
_VERDICTS = {v.key: v for v in factcheck.verdicts()}


#: Short names of the disputed figures for the prediction's buttons (longer ones are cut).
_SHORT = {
    "ascend_bf16": "910C BF16",
    "b200_hbm": "B200 HBM",
    "cm384_power": "CM384 power",
    "nvl72_power": "NVL72 power",
    "ascend_scale_up": "910C scale-up",
}
_BASE = {v.key: v.verdict for v in factcheck.verdicts()}


def _moves() -> dict[str, list[str]]:
    """For each disputed figure, the verdicts its other source changes ("HBM capacity: holds ->
    holds with caveats"), as the sensitivity table writes them."""
    out = {}
    for key in factcheck.CHOICES:
        out[key] = [
            f"{v.topic}: {_BASE[v.key]} -> {v.verdict}"
            for label in list(factcheck.options(key))[1:]
            for v in factcheck.verdicts(factcheck.Scenario({key: label}))
            if v.verdict != _BASE[v.key]
        ]
    return out


def _first_choice_that_moves_a_verdict() -> str:
    return next((_SHORT[key] for key, moved in _moves().items() if moved), "none of them")


def _optical_percent() -> float:
    optical, links = factcheck._optical_share()
    return 100 * optical / links


def _count(name: str) -> int:
    return round(specs.get(name).value)


_NODES = _count("cm384.nodes")
_L1_PER_NODE, _UPLINKS = _count("cm384.ub_l1_switches_per_node"), _count("cm384.ub_l1_uplinks")
_UB_LINKS_PER_NPU = _count("ascend910c.dies") * _count("ascend910c.ub_links_per_die")
_MODULES, _CABLES = reliability.scale_up_modules()
_NV_SWITCH = reliability.blast_radius("nvl72", "first_level_switch")
_CM_L1 = reliability.blast_radius("cm384", "first_level_switch")
_CM_L2 = reliability.blast_radius("cm384", "second_level_switch")
_NVLINKS = _count("b200.nvlink_links")
_PAIR = specs.ARTICLE_PAIR.systems
_BUYER = buyer.totals()


def _buyer_totals(digits: int) -> str:
    """ "CM384 6.5 vs NVL72 7.3": the example buyer's totals of the article's two."""
    return " vs ".join(f"{s.short} {_BUYER[s.key]:.{digits}f}" for s in _PAIR)


def _wins(system: specs.System) -> list[str]:
    """The criteria on which ``system`` scores highest of the article's two (no tie)."""
    return [
        c.key.replace("_", " ")
        for c in buyer.criteria()
        if len(set(c.scores.values())) > 1 and c.scores[system.key] == max(c.scores.values())
    ]


_CABLE_SHARE = specs.get("cm384.optical_cable_share")


def _example_weights() -> str:
    """The example buyer's weights in words: "compute 3, memory 2, ..."."""
    return ", ".join(f"{c.key.replace('_', ' ')} {c.default_weight:g}" for c in buyer.criteria())


def _buyer_giveaways() -> tuple[str, ...]:
    winner = buyer.winner()
    return (
        f"{winner} first",
        f"{winner} ranks first",
        _buyer_totals(1),
        _buyer_totals(2),
    )


def _switch_giveaways() -> tuple[str, ...]:
    return (
        f"{_NV_SWITCH.chips_touched} of {_NV_SWITCH.domain_chips}",
        f"{_CM_L1.chips_touched} of {_CM_L1.domain_chips}",
        "touches every GPU",
    )


_SWITCHES = ("NVSwitch", "UB switch", "the same")
_HBM_LISTED = factcheck.Scenario({"b200_hbm": list(factcheck.options("b200_hbm"))[1]})
_MEMORY_LISTED = next(v for v in factcheck.verdicts(_HBM_LISTED) if v.key == "memory")
_HEADLINE = _VERDICTS["headline"]


EXERCISES = (
    Exercise(
        id="08.headline",
        notebook=NB,
        kind="predict",
        prompt="Before the verdicts: the article's title calls the CloudMatrix 384 the game "
        "changer, and its thrust is that one CM384 beats one GB200 NVL72. Judged on the compute "
        "it delivers, beside its power and price: holds, holds with caveats, or misleading?",
        choices=factcheck.VERDICTS,
        answer=lambda: _VERDICTS["headline"].verdict,
        reveals=lambda: (
            f"headline {_HEADLINE.verdict}",
            f"{_HEADLINE.topic}: {_HEADLINE.verdict}",
            "it wins on size",
        ),
        explain=_HEADLINE.reason,
    ),
    Exercise(
        id="08.which_source",
        notebook=NB,
        kind="predict",
        prompt=f"Sources disagree on {len(factcheck.CHOICES)} figures: the 910C's dense BF16, "
        "the B200's HBM, each system's power and the 910C's scale-up bandwidth. Switched to its "
        "other source one at a time, which one changes a verdict?",
        choices=tuple(_SHORT[key] for key in factcheck.CHOICES),
        answer=_first_choice_that_moves_a_verdict,
        reveals=lambda: tuple(m for moved in _moves().values() for m in moved),
        explain=f"NVIDIA lists {si(_HBM_LISTED.figure('b200_hbm').value, 'B')} per B200, not the "
        f"{si(factcheck.Scenario().figure('b200_hbm').value, 'B')} SemiAnalysis counts: the "
        f"memory ratio becomes {times(_MEMORY_LISTED.ratio)}, which the article's "
        f"'{specs.ARTICLE_FIGURES['memory_ratio'].quoted}' understates "
        f"({_MEMORY_LISTED.verdict}). The other figures move their ratios too little to cross a "
        "verdict's line.",
    ),
    Exercise(
        id="08.buyer_first",
        notebook=NB,
        kind="predict",
        prompt=f"The course's example buyer weighs {_example_weights()} (0 to "
        f"{buyer.MAX_WEIGHT:g}). Which system ranks first?",
        choices=tuple(s.short for s in _PAIR),
        answer=lambda: buyer.winner(),
        reveals=_buyer_giveaways,
        explain=f"{_buyer_totals(1)} (weighted means of 0-10 scores). "
        + "; the ".join(f"{s.short} wins {', '.join(_wins(s))}" for s in _PAIR).replace(
            f"{_PAIR[0].short} wins", f"The {_PAIR[0].short} wins", 1
        )
        + ".",
    ),
    Exercise(
        id="08.switch_touch",
        notebook=NB,
        kind="predict",
        prompt="One switch chip fails: an NVSwitch chip in an NVL72, or a first-level UB switch "
        "in a CM384. Which one touches (slows) more chips?",
        choices=_SWITCHES,
        answer=lambda: (
            _SWITCHES[0]
            if _NV_SWITCH.chips_touched > _CM_L1.chips_touched
            else _SWITCHES[1]
            if _CM_L1.chips_touched > _NV_SWITCH.chips_touched
            else _SWITCHES[2]
        ),
        reveals=_switch_giveaways,
        explain=f"Every GPU has one link to each of the {_NVLINKS} NVSwitch chips, so all "
        f"{_NV_SWITCH.chips_touched} GPUs lose a link. A first-level UB switch serves only the "
        f"{_CM_L1.chips_touched} NPUs of its node; a second-level one touches all "
        f"{_CM_L2.chips_touched}, each losing {percent(_CM_L2.bandwidth_lost, 2)} of its node's "
        "links to other nodes.",
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
        prompt="Below what ratio of MFUs (CM384's MFU / NVL72's, a plain ratio, not a "
        "percentage) does one CM384 deliver *less* compute than one NVL72?",
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
        prompt=f"One NVSwitch chip of an NVL72 fails. Each of the {NVL72.n} GPUs loses the link "
        "it had to that switch. Added up, how many whole GPUs' worth of NVLink bandwidth is gone?",
        answer=lambda: _NV_SWITCH.chips_touched * _NV_SWITCH.bandwidth_lost,
        unit="GPUs' worth",
        rel_tol=0.01,
        hint="Chips touched x the share of bandwidth each touched chip loses (the blast table "
        "has both).",
        solution=f"{_NV_SWITCH.chips_touched} GPUs x 1/{_NVLINKS} of their links = {{answer}}, "
        "spread thinly over the whole rack. A first-level UB switch of the CM384 costs "
        f"{_CM_L1.chips_touched} NPUs x {percent(_CM_L1.bandwidth_lost, 2)} = "
        f"{_CM_L1.chips_touched * _CM_L1.bandwidth_lost:.2g} NPUs' worth, all in one node.",
        code="from helpers import reliability\n"
        'b = reliability.blast_radius("nvl72", "first_level_switch")\n'
        "answer = b.chips_touched * b.bandwidth_lost",
    ),
    Exercise(
        id="08.optical_share",
        notebook=NB,
        prompt="The article calls the CM384's layout “all-optical”, and every cable that leaves "
        "one of its nodes is optical. What percentage of the *links* of its UB scale-up network "
        "(the links of notebook 05's topology graph) are optical?",
        answer=_optical_percent,
        unit="%",
        rel_tol=0.01,
        hint="Count the links from NPUs to first-level switches (inside a node) and from first- "
        "to second-level switches (leaving the node); only the second kind is optical.",
        solution=f"Electrical: every NPU's {_UB_LINKS_PER_NPU} UB links go to the first-level "
        f"switches of its node, {CM384.n} x {_UB_LINKS_PER_NPU} = "
        f"{CM384.n * _UB_LINKS_PER_NPU:,}. Optical: {_NODES} nodes x {_L1_PER_NODE} first-level "
        f"switches x {_UPLINKS} uplinks = {_NODES * _L1_PER_NODE * _UPLINKS:,}, carried two to a "
        f"cable over {_CABLES:,} cables with a module at each end ({_MODULES:,} modules). Optical "
        "share of the links: {answer}; of the cables: "
        f"{percent(_CABLE_SHARE.value, 2)} (SemiAnalysis: “{_CABLE_SHARE.quoted}”). Both are "
        "true, each with its rule: “all-optical” holds for the cabling, not for every link.",
        code="from helpers import topology\n"
        'g = topology.build("cm384")\n'
        'optical = sum(d["links"] for *_, d in g.edges(data=True) if d["medium"] == "optical")\n'
        'answer = 100 * optical / sum(d["links"] for *_, d in g.edges(data=True))',
    ),
)
