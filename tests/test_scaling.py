"""The scaling model against hand-computed cases, its properties (efficiency never exceeds 1,
more bandwidth never slows a step), its errors, and notebook 06's widgets."""

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import comm, memory, scaling, specs, widgets
from helpers.scaling import Parallelism
from helpers.specs import CM384, DEEPSEEK_V3, LLAMA3_70B, NVL72

# Figures the hand-computed cases use (checked against specs in the first test).
B200_PEAK, NVLINK_BW, NVLINK_ALPHA = 2.5e15, 900e9, 1.9e-6  # FLOP/s, B/s one way, s
LLAMA_PARAMS, LLAMA_LAYERS, LLAMA_HIDDEN = 70.6e9, 80, 8192
TOKENS, SEQUENCE, MFU = 2**24, 4096, 0.4


def test_hand_figures_match_specs():
    assert specs.B200.bf16_dense.value == B200_PEAK
    assert comm.LINKS["nvlink5"].bandwidth.value == NVLINK_BW
    assert comm.LINKS["nvlink5"].alpha.value == NVLINK_ALPHA
    assert (LLAMA3_70B.params.value, LLAMA3_70B.layers.value) == (LLAMA_PARAMS, LLAMA_LAYERS)
    assert LLAMA3_70B.hidden.value == LLAMA_HIDDEN
    assert specs.FIGURES["course.global_batch_tokens"].value == TOKENS
    assert specs.FIGURES["course.sequence_length"].value == SEQUENCE
    assert specs.FIGURES["course.training_mfu"].value == MFU


def test_amdahl_and_gustafson_by_hand():
    assert scaling.amdahl_speedup(384, 0.01) == pytest.approx(1 / (0.01 + 0.99 / 384))
    assert scaling.amdahl_speedup(384, 0.01) == pytest.approx(79.50, abs=0.01)
    assert scaling.amdahl_speedup(1, 0.3) == 1
    assert scaling.amdahl_speedup(64, 0) == 64
    assert scaling.amdahl_limit(0.05) == pytest.approx(20)
    assert scaling.amdahl_limit(0) == math.inf
    assert scaling.gustafson_speedup(384, 0.01) == pytest.approx(0.01 + 0.99 * 384)
    assert scaling.parallel_efficiency(192, 384) == 0.5
    # Amdahl solved for s: 384 chips held to half of perfect (192x) by s = 1/383.
    assert scaling.serial_for_speedup(384, 192) == pytest.approx(1 / 383)
    assert scaling.amdahl_speedup(384, scaling.serial_for_speedup(384, 192)) == pytest.approx(192)
    assert scaling.serial_for_speedup(384, 384) == 0 and scaling.serial_for_speedup(10, 1) == 1


def test_training_flops_use_active_parameters():
    assert scaling.training_flops(LLAMA3_70B, 15e12) == pytest.approx(6 * 70.6e9 * 15e12)
    ds = scaling.training_flops(DEEPSEEK_V3, 14.8e12)
    assert ds == pytest.approx(6 * 37e9 * 14.8e12) == pytest.approx(3.2856e24)
    assert scaling.days_on(CM384, ds, 0.4) == pytest.approx(ds / (299.52e15 * 0.4) / 86400)
    assert scaling.run_seconds(NVL72, ds, 0.4, systems=2) == pytest.approx(ds / (2 * 72e15))
    assert scaling.paper_prefill_utilisation() == pytest.approx(2 * 37e9 * 4.45 / 1e12)


def test_bubble_and_overlap_by_hand():
    assert scaling.bubble_fraction(8, 32) == pytest.approx(7 / 39)
    assert scaling.bubble_fraction(1, 5) == 0
    assert scaling.exposed_communication(4.0, 10.0, 0.5) == 2.0  # half hidden
    assert scaling.exposed_communication(30.0, 10.0, 0.5) == 20.0  # at most the compute hidden
    assert scaling.exposed_communication(4.0, 10.0, 0.0) == 4.0


def test_placement_of_groups():
    par = Parallelism(dp=48, tp=2, pp=4, ep=8)
    assert par.chips == 384
    assert par.spans() == {
        "tp": (2, 2),
        "ep": (8, 16),
        "dp": (48, 96),
        "dp_experts": (6, 96),
        "pp": (4, 384),
    }
    assert "DP 48 x TP 2 x PP 4, EP 8" in par.label()


def test_memory_per_chip_by_hand():
    par = Parallelism(dp=4, tp=8, pp=2)
    per_chip = LLAMA_PARAMS / 16
    assert scaling.memory_per_chip(LLAMA3_70B, par) == pytest.approx(per_chip * (4 + 12 / 4))
    assert scaling.memory_per_chip(LLAMA3_70B, par, zero1=False) == pytest.approx(per_chip * 16)
    always, routed = memory.expert_split(DEEPSEEK_V3)
    par = Parallelism(dp=96, tp=1, pp=4, ep=96)
    want = always / 4 * (4 + 12 / 96) + routed / (4 * 96) * (4 + 12 / 1)
    assert scaling.memory_per_chip(DEEPSEEK_V3, par) == pytest.approx(want)
    assert scaling.moe_layers(DEEPSEEK_V3) == 58 and scaling.moe_layers(LLAMA3_70B) == 0


def test_one_nvl72_needs_two_stages_for_deepseek_and_the_parts_say_why():
    """10.7 TB over 72 GPUs would be 149 GB each, but at PP 1 (DP 72, EP 72) every GPU keeps
    the shared parameters' BF16 weights and gradients whole and its experts' 16 B per parameter
    (each expert on one GPU): about 214 GB > 192 GB. PP 2 halves the shared part: 181 GB."""
    always, routed = memory.expert_split(DEEPSEEK_V3)
    pp1, pp2 = scaling.one_system_candidates(NVL72, DEEPSEEK_V3)
    assert (pp1.dp, pp1.pp, pp1.ep, pp2.dp, pp2.pp, pp2.ep) == (72, 1, 72, 36, 2, 36)
    parts = scaling.memory_parts(DEEPSEEK_V3, pp1)
    assert parts["shared_kept"] == pytest.approx(always * 4)
    assert parts["shared_sharded"] == pytest.approx(always * 12 / 72)
    assert parts["expert_kept"] + parts["expert_sharded"] == pytest.approx(routed / 72 * 16)
    assert sum(parts.values()) == pytest.approx(scaling.memory_per_chip(DEEPSEEK_V3, pp1))
    assert sum(parts.values()) > 192e9 > scaling.memory_per_chip(DEEPSEEK_V3, pp2)
    assert DEEPSEEK_V3.params.value * 16 / 72 < 192e9  # evenly spread, it would fit
    assert scaling.one_system_split(NVL72, DEEPSEEK_V3) == pp2
    table = repr(scaling.one_system_memory_table())
    assert "214 GB of 192 GB: does not fit" in table and "149 GB" in table
    assert "with PP 1 each chip would hold 214 GB" in scaling.bubble_note(
        [
            scaling.step_time(s, DEEPSEEK_V3, scaling.one_system_split(s, DEEPSEEK_V3))
            for s in specs.ARTICLE_PAIR.systems
        ]
    )


def test_the_experts_gradients_are_summed_only_over_their_copies():
    """EP 96 of DP 96: each expert on one rank, nothing to sum. EP 24: four copies 24 chips
    apart (chips 0, 24, 48, 72), so on 72-GPU racks one copy sits in the next rack and the
    experts' gradients cross a network card: the gradient all-reduce grows more than tenfold."""
    start = scaling.EXAMPLE_SPLIT
    narrow = Parallelism(dp=96, tp=1, pp=4, ep=24, microbatches=8)
    _, none = scaling.gradient_parts(NVL72, DEEPSEEK_V3, start)
    assert none.ranks == 1 and none.seconds == 0
    shared, experts = scaling.gradient_parts(NVL72, DEEPSEEK_V3, narrow)
    assert experts.ranks == 4 and not experts.inside and experts.piece == 1
    before = scaling.gradient_allreduce(NVL72, DEEPSEEK_V3, start).seconds
    after = scaling.gradient_allreduce(NVL72, DEEPSEEK_V3, narrow).seconds
    assert after == pytest.approx(shared.seconds + experts.seconds) and after > 10 * before
    step = scaling.step_time(NVL72, DEEPSEEK_V3, narrow)
    assert "4 copies, 24 chips apart" in scaling.gradient_note(step)
    assert "smallest piece: 1 of 4 ranks" in scaling.gradient_note(step)
    assert "its two parts" in repr(scaling.step_table([step]))


def test_step_time_by_hand():
    """Llama 3 70B on one NVL72 (TP 8 x DP 9): compute, 4 TP all-reduces per layer and
    micro-batch, one gradient all-reduce, all inside NVLink, nothing hidden."""
    par = Parallelism(dp=9, tp=8, pp=1, microbatches=4)
    step = scaling.step_time(NVL72, LLAMA3_70B, par, overlap=0)
    compute = 6 * LLAMA_PARAMS * TOKENS / (72 * B200_PEAK * MFU)
    mb_bytes = TOKENS / (9 * 4) * LLAMA_HIDDEN * 2
    tp = 4 * LLAMA_LAYERS * 4 * 2 * 7 * (NVLINK_ALPHA + mb_bytes / 8 / NVLINK_BW)
    grads = LLAMA_PARAMS / 8 * 2
    dp = 2 * 8 * (NVLINK_ALPHA + grads / 9 / NVLINK_BW)
    assert step.fits
    assert step.parts["compute"] == pytest.approx(compute)
    assert step.parts["tp"] == pytest.approx(tp)
    assert step.parts["dp"] == pytest.approx(dp)
    assert step.parts["bubble"] == step.parts["pp"] == step.parts["ep"] == 0
    assert step.total == pytest.approx(compute + tp + dp)
    assert step.tokens_per_s == pytest.approx(TOKENS / step.total)
    assert step.achieved_mfu == pytest.approx(MFU * compute / step.total)
    assert step.systems == 1 and not step.leaving
    hidden = scaling.step_time(NVL72, LLAMA3_70B, par, overlap=0.9)
    assert hidden.exposed == pytest.approx(0.1 * (tp + dp))


def test_pipeline_bubble_in_a_step():
    par = Parallelism(dp=3, tp=8, pp=4, microbatches=12)
    step = scaling.step_time(NVL72, LLAMA3_70B, par)
    assert step.parts["bubble"] == pytest.approx(step.parts["compute"] * 3 / 12)


def test_groups_beyond_a_domain_use_the_scale_out_network():
    steps = {
        s.key: scaling.step_time(s, DEEPSEEK_V3, scaling.EXAMPLE_SPLIT)
        for s in specs.ARTICLE_PAIR.systems
    }
    assert not steps["cm384"].leaving  # 384 chips: one supernode
    assert set(steps["nvl72"].leaving) == {"dp", "pp", "ep"}  # EP over 96 > 72 chips
    assert steps["nvl72"].traffic["ep"].link == comm.LINKS["scale_out"].name
    narrow = scaling.expert_all_to_all(NVL72, DEEPSEEK_V3, NVL72.n, SEQUENCE)
    wide = scaling.expert_all_to_all(NVL72, DEEPSEEK_V3, NVL72.n + 24, SEQUENCE)
    # Half the tokens cross to the other rack, at 50 GB/s per GPU instead of NVLink's 900 GB/s.
    assert narrow.inside and not wide.inside and wide.seconds > 4 * narrow.seconds


def test_a_group_that_straddles_two_domains_leaves_them():
    cases = [
        (NVL72, 24, 384, True),  # 72 = 3 x 24: every block of 24 sits in one rack
        (NVL72, 48, 384, False),  # the block at chips 48-95 straddles racks 1 and 2
        (NVL72, 48, 48, True),  # a job of one block fits one rack
        (NVL72, 96, 96, False),
        (CM384, 256, 256, True),
        (CM384, 256, 512, False),
        (CM384, 128, 1536, True),
    ]
    for system, span, chips, want in cases:
        assert scaling.group_domain(system, span, chips).inside is want, (system.short, span)
    straddling = scaling.group_domain(NVL72, 48, 384)
    assert (straddling.n, straddling.domains) == (48, (2, 24))
    assert straddling.label == "NVL72, 48 chips, scale-up + scale-out"


def test_domain_time_of_a_group_is_the_two_level_time_of_its_smallest_piece():
    d = scaling.group_domain(NVL72, 96, 384)
    inner = (d.scale_up.alpha.value, d.scale_up.bandwidth.value * 2)
    outer = (d.alpha, d.bandwidth * 2)
    want = comm.hierarchical_time("all_to_all", 48, 24, 1e6, inner, outer)
    got = d.time("all_to_all", 1e6, ranks=48, per_domain=24, scale=2)
    assert got == pytest.approx(want)
    inside = scaling.group_domain(NVL72, 72, 72)
    assert inside.time("ring_allreduce", 1e6, ranks=8) == pytest.approx(
        comm.collective_time("ring_allreduce", 8, 1e6, inside.alpha, inside.bandwidth)
    )


def test_the_smallest_piece_of_a_group_cut_by_domain_boundaries():
    # Groups of 96 laid from chip 0 over 72-GPU racks: 72 + 24, 48 + 48, 24 + 72, 72 + 24.
    assert scaling.smallest_piece(NVL72, 96, 96, 384) == 24
    assert scaling.smallest_piece(NVL72, 48, 48, 384) == 24  # chips 48-95: 24 + 24
    assert scaling.smallest_piece(NVL72, 24, 24, 384) == 24  # never cut
    assert scaling.smallest_piece(NVL72, 96, 96) == 72  # a group on its own, placed evenly
    # Data-parallel groups of 48 one every 8 chips (TP 8) over 384 chips: 9 per rack, 3 in the last.
    assert scaling.smallest_piece(NVL72, 48, 384, 384) == 3
    # One every 96 chips: each member alone in its rack.
    assert scaling.smallest_piece(NVL72, 4, 384, 384) == 1
    assert scaling.smallest_piece(CM384, 96, 96, 384) == 96


def test_a_group_cut_into_pieces_sends_the_small_piece_across():
    """EP 48 over 384 chips straddles racks (24 + 24) and pays for it; EP 24 does not. EP 96's
    72 + 24 sends 3/4 of each all-to-all across the 24's network cards."""
    steps = {
        ep: scaling.step_time(NVL72, DEEPSEEK_V3, Parallelism(96, 1, 4, ep, 8)) for ep in (24, 48)
    }
    assert steps[24].traffic["ep"].inside and not steps[48].traffic["ep"].inside
    assert steps[48].traffic["ep"].piece == 24
    assert steps[48].traffic["ep"].seconds > 5 * steps[24].traffic["ep"].seconds
    mb = scaling.microbatch_tokens(scaling.EXAMPLE_SPLIT, TOKENS, SEQUENCE)
    cut = scaling.expert_all_to_all(NVL72, DEEPSEEK_V3, 96, mb, chips=384)
    size = mb * 8 * 7168 * 2  # tokens x experts per token x hidden x BF16 bytes
    inner = (comm.LINKS["nvlink5"].alpha.value, NVLINK_BW)
    outer = (comm.LINKS["scale_out"].alpha.value, specs.B200.scale_out_bandwidth.value)
    assert cut.seconds == pytest.approx(
        comm.hierarchical_time("all_to_all", 96, 24, size, inner, outer)
    )
    assert comm.hierarchical_phases("all_to_all", 96, 24, size)[0][2] == 4  # 4 pieces of 24


def test_a_split_that_does_not_fit_is_reported_not_computed():
    step = scaling.step_time(NVL72, LLAMA3_70B, Parallelism(dp=72))
    assert not step.fits
    assert math.isnan(step.total)
    assert step.memory_per_chip == pytest.approx(LLAMA_PARAMS * (4 + 12 / 72))
    assert step.verdict().startswith("does not fit")
    assert step.capacity == specs.B200.hbm_capacity.value


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: Parallelism(dp=8, ep=3), r"ep=3 must divide dp=8"),
        (lambda: Parallelism(dp=0), r"dp=0"),
        (lambda: scaling.check_model(LLAMA3_70B, Parallelism(tp=3)), r"tp=3"),
        (lambda: scaling.check_model(LLAMA3_70B, Parallelism(pp=81)), r"pp=81"),
        (lambda: scaling.check_model(LLAMA3_70B, Parallelism(dp=2, ep=2)), r"ep=2"),
        (lambda: scaling.check_model(DEEPSEEK_V3, Parallelism(dp=512, ep=512)), r"ep=512"),
        (
            lambda: scaling.step_time(CM384, LLAMA3_70B, Parallelism(dp=512, microbatches=64)),
            r"microbatches=64",
        ),
        (lambda: scaling.step_time(CM384, LLAMA3_70B, Parallelism(), mfu=0), r"mfu=0"),
        (lambda: scaling.step_time(CM384, LLAMA3_70B, Parallelism(), overlap=1.5), "overlap"),
        (lambda: scaling.step_time(CM384, LLAMA3_70B, Parallelism(), bandwidth_scale=0), "bandw"),
        (lambda: scaling.amdahl_speedup(0, 0.1), r"n=0"),
        (lambda: scaling.amdahl_speedup(8, 1.5), r"serial=1.5"),
        (lambda: scaling.gustafson_speedup(8, -0.1), r"serial=-0.1"),
        (lambda: scaling.serial_for_speedup(1, 1), r"n=1"),
        (lambda: scaling.serial_for_speedup(384, 400), r"speedup=400"),
        (lambda: scaling.smallest_piece(NVL72, 0, 96), r"ranks=0"),
        (lambda: scaling.bubble_fraction(0, 4), r"pp=0"),
        (lambda: scaling.training_flops(LLAMA3_70B, 0), r"tokens=0"),
        (lambda: scaling.expert_all_to_all(CM384, LLAMA3_70B, 8, 10), r"model="),
        (lambda: scaling.exposed_communication(-1, 1, 0.5), r"comm_seconds=-1"),
        (lambda: scaling.scaling_curve(CM384, LLAMA3_70B, [64], Parallelism(), "odd"), "mode="),
        (lambda: scaling.scaling_curve(CM384, LLAMA3_70B, [], Parallelism()), "chips="),
    ],
)
def test_bad_input_raises_value_error_naming_the_parameter(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_scaling_curves_by_construction():
    base = Parallelism(tp=8, pp=2, microbatches=8)
    chips = [16, 24, 64, 384, 65536, 131072]
    points = scaling.scaling_curve(CM384, LLAMA3_70B, chips, base)
    assert [p.runs for p in points] == [True, False, True, True, True, False]
    assert "TP x PP" in points[1].reason and "sequence" in points[-1].reason
    assert points[0].efficiency == 1
    assert points[3].step.par.microbatches == 8
    assert points[4].step.par.microbatches == 1  # 4,096 sequences over dp=4,096
    weak = scaling.scaling_curve(CM384, LLAMA3_70B, chips[:5], base, "weak")
    assert weak[4].step.tokens == pytest.approx(TOKENS * 65536 / CM384.n)
    assert all(p.efficiency <= 1 for p in weak if p.runs)


def test_one_system_splits_fill_one_system_and_fit():
    for system in specs.ARTICLE_PAIR.systems:
        for model in specs.MODELS.values():
            par = scaling.one_system_split(system, model)
            assert par.chips == system.n
            assert scaling.step_time(system, model, par).fits


def test_where_each_system_wins():
    rows = scaling.comparisons()
    winners = [r.winner.key for r in rows]
    assert winners == ["nvl72", "cm384", "nvl72", "cm384", "cm384"]
    assert rows[3].factor == pytest.approx(
        scaling.expert_all_to_all(NVL72, DEEPSEEK_V3, 256, SEQUENCE).seconds
        / scaling.expert_all_to_all(CM384, DEEPSEEK_V3, 256, SEQUENCE).seconds
    )
    for table in (
        scaling.comparison_table(),
        scaling.training_table(),
        scaling.mfu_table(),
        scaling.parallelism_table(),
        scaling.all_to_all_table(),
    ):
        assert repr(table) and table._repr_html_().startswith("<table>")


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------
fractions = st.floats(min_value=0, max_value=1, allow_nan=False)
counts = st.floats(min_value=1, max_value=1e6, allow_nan=False)


@given(counts, fractions)
def test_amdahl_and_gustafson_efficiency_never_exceeds_one(n, serial):
    a, g = scaling.amdahl_speedup(n, serial), scaling.gustafson_speedup(n, serial)
    assert 1 - 1e-12 <= a <= g * (1 + 1e-12)
    assert scaling.parallel_efficiency(a, n) <= 1 + 1e-12
    assert scaling.parallel_efficiency(g, n) <= 1 + 1e-12
    assert a <= scaling.amdahl_limit(serial) * (1 + 1e-12)


POW2 = st.sampled_from([1, 2, 4, 8])
splits = st.builds(
    lambda dp, tp, pp, ep_log, m: Parallelism(dp, tp, pp, min(dp, ep_log), m),
    st.sampled_from([8, 16, 32, 64, 96]),
    POW2,
    POW2,
    st.sampled_from([1, 2, 4, 8]),
    st.sampled_from([1, 2, 4, 8]),
)
systems = st.sampled_from(specs.ARTICLE_PAIR.systems)
models = st.sampled_from(list(specs.MODELS.values()))


@settings(max_examples=60, deadline=None)
@given(systems, models, splits, st.floats(0.1, 10), st.floats(1, 10), st.floats(0, 0.9))
def test_more_bandwidth_never_slows_a_step(system, model, par, scale, more, overlap):
    if not model.is_moe:
        par = Parallelism(par.dp, par.tp, par.pp, 1, par.microbatches)
    slow = scaling.step_time(system, model, par, overlap=overlap, bandwidth_scale=scale)
    fast = scaling.step_time(system, model, par, overlap=overlap, bandwidth_scale=scale * more)
    if slow.fits:
        assert fast.total <= slow.total * (1 + 1e-12)
        assert fast.communication <= slow.communication * (1 + 1e-12)
        assert slow.achieved_mfu <= slow.mfu * (1 + 1e-12)


@settings(max_examples=25, deadline=None)
@given(systems, models, splits, st.sampled_from(["strong", "weak"]), st.floats(0, 0.9))
def test_scaling_efficiency_never_exceeds_one(system, model, base, mode, overlap):
    if not model.is_moe:
        base = Parallelism(1, base.tp, base.pp, 1, base.microbatches)
    chips = [base.tp * base.pp * base.ep * 2**k for k in range(0, 12, 2)]
    points = scaling.scaling_curve(system, model, chips, base, mode, overlap=overlap)
    running = [p for p in points if p.runs]
    if not running:
        return
    # No point beats the first one's throughput per chip without any communication (a later
    # point may beat the first one itself when the first one's groups are cut more unevenly).
    first = running[0].step
    bound = first.tokens / (first.parts["compute"] + first.parts["bubble"]) / first.par.chips
    assert all(p.step.tokens_per_s / p.chips <= bound * (1 + 1e-9) for p in running)
    if system.n >= max(chips):  # all inside one domain: no placement effect
        assert all(p.efficiency <= 1 + 1e-9 for p in running)


@given(st.floats(0, 1e3), st.floats(0, 1e3), st.floats(0, 1e3), fractions)
def test_exposed_communication_grows_with_communication(a, b, compute, overlap):
    lo, hi = sorted((a, b))
    e_lo = scaling.exposed_communication(lo, compute, overlap)
    e_hi = scaling.exposed_communication(hi, compute, overlap)
    assert 0 <= e_lo <= e_hi + 1e-9 and e_hi <= hi


# ---------------------------------------------------------------------------------------------
# Widgets of notebook 06
# ---------------------------------------------------------------------------------------------
def test_step_widget_reports_splits_that_do_not_fit_or_are_invalid():
    widget = widgets.step_time_explorer()
    assert "CM384" in widget.readout.value and "LEAVES the domain" in widget.readout.value
    with widget.hold_render():
        widget.set(model_key="llama3_70b", ep=1, dp=384, tp=1, pp=1)
    assert "does not fit" in widget.readout.value
    widget.set(ep=8)
    assert "Not a valid split" in widget.readout.value and "ep=8" in widget.readout.value


def test_step_widget_shows_memory_when_nothing_fits():
    widget = widgets.step_time_explorer()
    with widget.hold_render():
        widget.set(model_key="llama3_70b", ep=1, dp=384, tp=1, pp=1)
    ax = widget.axes
    assert ax.get_ylabel() == "training state per chip" and len(ax.patches) == 2
    assert [p.get_height() for p in ax.patches] == pytest.approx(
        [scaling.memory_per_chip(LLAMA3_70B, Parallelism(dp=384))] * 2
    )


def test_amdahl_widget_marks_the_chosen_chips_and_says_the_numbers():
    widget = widgets.amdahl_explorer()
    before = widget.fingerprint()
    widget.set(serial=0.05)
    assert widget.fingerprint() != before
    assert "Amdahl's limit 1/s = 20x" in widget.readout.value
    widget.set(chips=64.0)
    a = scaling.amdahl_speedup(64, 0.05)
    assert f"<b>64 chips (the star)</b>: Amdahl {a:,.3g}x" in widget.readout.value


def test_scaling_readout_lists_both_curves():
    widget = widgets.scaling_curves()
    text = widget.readout.value
    last = widgets.scaling.curve_points("cm384", "deepseek_v3", "strong", None)[-1]
    assert f"{last.chips:,}" in text and f"{last.efficiency:.0%}" in text


def test_all_to_all_caption_takes_its_figures_from_specs():
    text = widgets.scaling.all_to_all_caption()
    assert f"{specs.FIGURES['course.sequence_length'].value:,.0f} tokens per chip" in text
    assert f"each to {DEEPSEEK_V3.active_experts.value:.0f} experts" in text
    assert f"up to {CM384.n} chips" in text and f"NVLink up to {NVL72.n}," in text


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: Parallelism(tp=True), r"tp=True"),
        (lambda: Parallelism(microbatches=2.5), r"microbatches=2.5"),
    ],
)
def test_a_value_of_the_wrong_type_raises_type_error_naming_the_parameter(call, match):
    with pytest.raises(TypeError, match=re.escape(match.replace("\\", ""))):
        call()
