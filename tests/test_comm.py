"""helpers.comm: the alpha-beta model, closed forms of the collectives, and the simulator that
proves them (results equal numpy's reductions; bytes and time from its log equal the formulas)."""

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import comm, specs
from helpers.comm import COLLECTIVES

ALPHA, BANDWIDTH = 2e-6, 100e9  # s, B/s: round numbers for hand-computed cases


def _integer_arrays(n, length, seed=0, dtype=np.int64):
    rng = np.random.default_rng(seed)
    return list(rng.integers(-1000, 1000, size=(n, length)).astype(dtype))


def _expected(collective, arrays):
    """What every rank should hold at the end, computed with numpy directly."""
    n = len(arrays)
    total = np.sum(arrays, axis=0)
    if collective in ("ring_allreduce", "tree_allreduce"):
        return [total] * n
    if collective == "reduce_scatter":
        return np.array_split(total, n)
    if collective == "all_gather":
        return [np.concatenate([np.array_split(a, n)[i] for i, a in enumerate(arrays)])] * n
    if collective == "broadcast":
        return [arrays[0]] * n
    splits = [np.array_split(a, n) for a in arrays]
    return [np.concatenate([split[j] for split in splits]) for j in range(n)]


# ---- one transfer ----------------------------------------------------------------------------
def test_transfer_time_by_hand():
    assert comm.transfer_time(0, ALPHA, BANDWIDTH) == ALPHA
    assert comm.transfer_time(1e6, ALPHA, BANDWIDTH) == pytest.approx(2e-6 + 1e-5)
    sizes = np.array([0.0, 2e5, 1e9])
    assert np.allclose(comm.transfer_time(sizes, ALPHA, BANDWIDTH), ALPHA + sizes / BANDWIDTH)


def test_crossover_is_where_both_terms_are_equal():
    size = comm.crossover_bytes(ALPHA, BANDWIDTH)
    assert size == pytest.approx(2e5)
    assert comm.transfer_time(size, ALPHA, BANDWIDTH) == pytest.approx(2 * ALPHA)
    assert comm.effective_bandwidth(size, ALPHA, BANDWIDTH) == pytest.approx(BANDWIDTH / 2)
    assert comm.effective_bandwidth(1e12, ALPHA, BANDWIDTH) == pytest.approx(BANDWIDTH, rel=1e-5)


# ---- closed forms ----------------------------------------------------------------------------
def test_ring_allreduce_closed_form_by_hand():
    # 4 ranks, 1 MB: 6 steps of 250 kB; 6 x 2 us + 1.5 MB / 100 GB/s = 12 us + 15 us.
    assert comm.steps("ring_allreduce", 4) == 6
    assert comm.collective_time("ring_allreduce", 4, 1e6, ALPHA, BANDWIDTH) == pytest.approx(27e-6)
    assert list(comm.bytes_sent("ring_allreduce", 4, 1e6)) == [1.5e6] * 4


@pytest.mark.parametrize(
    ("collective", "steps", "seconds"),
    [
        ("reduce_scatter", 7, 7 * (2e-6 + 1e5 / 100e9)),
        ("all_gather", 7, 7 * (2e-6 + 1e5 / 100e9)),
        ("all_to_all", 7, 7 * (2e-6 + 1e5 / 100e9)),
        ("broadcast", 3, 3 * (2e-6 + 8e5 / 100e9)),
        ("tree_allreduce", 6, 6 * (2e-6 + 8e5 / 100e9)),
        ("ring_allreduce", 14, 14 * (2e-6 + 1e5 / 100e9)),
    ],
)
def test_closed_forms_by_hand_for_eight_ranks(collective, steps, seconds):
    assert comm.steps(collective, 8) == steps
    assert comm.collective_time(collective, 8, 8e5, ALPHA, BANDWIDTH) == pytest.approx(seconds)


def test_one_rank_needs_no_step():
    for collective in COLLECTIVES:
        assert comm.steps(collective, 1) == 0
        assert comm.collective_time(collective, 1, 1e9, ALPHA, BANDWIDTH) == 0


def test_bus_bandwidth_factors_of_nccl_tests():
    assert comm.busbw_factor("ring_allreduce", 8) == pytest.approx(2 * 7 / 8)
    assert comm.busbw_factor("tree_allreduce", 8) == pytest.approx(2 * 7 / 8)
    for collective in ("reduce_scatter", "all_gather", "all_to_all"):
        assert comm.busbw_factor(collective, 8) == pytest.approx(7 / 8)
    assert comm.busbw_factor("broadcast", 8) == 1


@pytest.mark.parametrize("collective", ["ring_allreduce", "reduce_scatter", "all_gather"])
def test_bus_bandwidth_of_a_latency_free_ring_is_the_link_bandwidth(collective):
    # That is the point of the bus bandwidth: it does not depend on n.
    for n in (2, 8, 72, 384):
        t = comm.collective_time(collective, n, 1e9, 0.0, BANDWIDTH)
        assert comm.busbw(collective, n, 1e9, t) == pytest.approx(BANDWIDTH)


def test_algbw_is_size_over_time():
    assert comm.algbw(1e9, 0.01) == pytest.approx(1e11)


# ---- the simulator against numpy ------------------------------------------------------------
@pytest.mark.parametrize("collective", COLLECTIVES)
def test_results_equal_numpy_for_2_to_64_ranks_and_uneven_sizes(collective):
    for n in range(2, 65):
        for length in (n, 3 * n + 1, 2 * n - 1):  # even, and two uneven splits
            arrays = _integer_arrays(n, length, seed=n)
            results, log = comm.simulate(collective, arrays)
            comm.check_log(log, n)
            for got, want in zip(results, _expected(collective, arrays), strict=True):
                np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("collective", COLLECTIVES)
def test_bytes_and_time_from_the_log_equal_the_closed_form(collective):
    for n in (2, 3, 5, 8, 13, 16, 72):
        arrays = _integer_arrays(n, 4 * n, dtype=np.float32)  # splits evenly
        nbytes = arrays[0].nbytes
        _, log = comm.simulate(collective, arrays)
        assert len(log) == comm.steps(collective, n)
        np.testing.assert_allclose(
            comm.log_bytes_sent(log, n), comm.bytes_sent(collective, n, nbytes)
        )
        assert comm.log_time(log, ALPHA, BANDWIDTH) == pytest.approx(
            comm.collective_time(collective, n, nbytes, ALPHA, BANDWIDTH), rel=1e-12
        )


@pytest.mark.parametrize("collective", COLLECTIVES)
def test_uneven_sizes_send_the_same_total_and_cost_at_most_one_element_more_per_step(collective):
    for n in (3, 7, 10):
        arrays = _integer_arrays(n, 5 * n + 2)
        nbytes, itemsize = arrays[0].nbytes, arrays[0].itemsize
        _, log = comm.simulate(collective, arrays)
        sent = comm.log_bytes_sent(log, n)
        assert sent.sum() == pytest.approx(comm.bytes_sent(collective, n, nbytes).sum())
        formula = comm.collective_time(collective, n, nbytes, ALPHA, BANDWIDTH)
        simulated = comm.log_time(log, ALPHA, BANDWIDTH)
        assert formula <= simulated + 1e-18
        assert simulated <= formula + len(log) * itemsize / BANDWIDTH + 1e-18


@settings(max_examples=60, deadline=None)
@given(
    collective=st.sampled_from(COLLECTIVES),
    n=st.integers(1, 40),
    length=st.integers(0, 120),
    seed=st.integers(0, 2**16),
)
def test_any_size_and_rank_count(collective, n, length, seed):
    arrays = _integer_arrays(n, length, seed)
    results, log = comm.simulate(collective, arrays)
    comm.check_log(log, n)
    for got, want in zip(results, _expected(collective, arrays), strict=True):
        np.testing.assert_array_equal(got, want)
    total = comm.bytes_sent(collective, n, arrays[0].nbytes).sum()
    assert comm.log_bytes_sent(log, n).sum() == pytest.approx(total)


def test_inputs_are_not_modified_and_shapes_are_kept():
    arrays = [np.arange(12).reshape(3, 4) * (i + 1) for i in range(3)]
    before = [a.copy() for a in arrays]
    results, _ = comm.simulate("ring_allreduce", arrays)
    for a, b in zip(arrays, before, strict=True):
        np.testing.assert_array_equal(a, b)
    assert results[0].shape == (3, 4)
    np.testing.assert_array_equal(results[2], sum(before))


def test_on_step_sees_partial_sums_grow_along_the_ring():
    arrays = [np.full(4, 2**i, dtype=np.int64) for i in range(4)]
    seen = []
    comm.simulate("ring_allreduce", arrays, on_step=lambda i, t, held: seen.append(held.copy()))
    assert len(seen) == comm.steps("ring_allreduce", 4)
    # After the reduce-scatter (n-1 steps) rank c holds all four contributions in chunk c.
    assert [int(seen[2][c, c]) for c in range(4)] == [15] * 4
    assert (seen[-1] == 15).all()


def test_bf16_reduction_rounds_after_every_addition():
    arrays = [np.ones(4, dtype=np.float32)] + [np.full(4, 2**-8, dtype=np.float32)] * 3
    exact, _ = comm.simulate("ring_allreduce", arrays)
    rounded, _ = comm.simulate("ring_allreduce", arrays, rounding=comm.to_bf16)
    assert exact[0][0] == np.float32(1 + 3 * 2**-8)
    assert set(rounded[0].tolist()) <= {1.0, 1 + 2**-7, 1 + 2**-6}  # BF16 values near 1


# ---- bad input ----------------------------------------------------------------------------------
def test_bad_input_raises_value_error_naming_the_parameter():
    with pytest.raises(ValueError, match="n=0"):
        comm.steps("ring_allreduce", 0)
    with pytest.raises(ValueError, match="n=0"):
        comm.simulate("ring_allreduce", [])
    with pytest.raises(ValueError, match="nbytes=-1"):
        comm.collective_time("ring_allreduce", 4, -1, ALPHA, BANDWIDTH)
    with pytest.raises(ValueError, match="nbytes"):
        comm.transfer_time(np.array([1.0, -2.0]), ALPHA, BANDWIDTH)
    with pytest.raises(ValueError, match=r"arrays\[1\]\.shape"):
        comm.simulate("ring_allreduce", [np.zeros(4), np.zeros(5)])
    with pytest.raises(ValueError, match=r"arrays\[1\]\.dtype"):
        comm.simulate("ring_allreduce", [np.zeros(4), np.zeros(4, dtype=np.int32)])
    with pytest.raises(ValueError, match="collective='ring'"):
        comm.simulate("ring", [np.zeros(4)])
    with pytest.raises(ValueError, match="alpha=-1"):
        comm.transfer_time(1, -1, BANDWIDTH)
    with pytest.raises(ValueError, match="bandwidth=0"):
        comm.collective_time("broadcast", 4, 1, ALPHA, 0)
    with pytest.raises(TypeError, match=r"n=2\.5"):
        comm.steps("broadcast", 2.5)
    with pytest.raises(ValueError, match="key='pcie'"):
        comm.link("pcie")
    with pytest.raises(ValueError, match="method='fp8'"):
        comm.reduce_with("fp8", [np.zeros(2)])


def test_check_log_catches_a_rank_sending_twice():
    with pytest.raises(ValueError, match="step 0"):
        comm.check_log([[(0, 1, 8), (0, 2, 8)]], 3)
    with pytest.raises(ValueError, match="step 0"):
        comm.check_log([[(1, 1, 8)]], 3)


# ---- BF16 rounding and precision ------------------------------------------------------------
def test_to_bf16_by_hand():
    assert comm.to_bf16(np.float32(1 + 2**-8)) == 1.0  # a tie rounds to even
    assert comm.to_bf16(np.float32(1 + 3 * 2**-8)) == 1 + 2**-6
    assert comm.to_bf16(np.float32(3.4e38)) == np.inf


def test_bf16_error_grows_with_ranks_in_a_ring_and_stays_small_in_a_tree():
    table = comm.error_by_ranks([4, 64, 384], list(comm.REDUCTIONS), elements=1024)
    ring, tree = table["bf16_ring"], table["bf16_tree"]
    assert ring[0] < ring[1] < ring[2]
    assert tree[2] < ring[2] / 3
    assert table["fp32_ring"].max() < 1e-6
    assert table["fp32_then_bf16"].max() < 2**-8  # one rounding of the result
    assert table["bf16_sequential"][2] > tree[2]


def test_reduction_order_changes_bf16_results_but_all_ranks_agree():
    arrays = comm.gradients(16, 512)
    results, _ = comm.simulate("ring_allreduce", arrays, rounding=comm.to_bf16)
    for r in results[1:]:
        np.testing.assert_array_equal(r, results[0])  # ranks stay in step
    assert comm.order_disagreement(16, 512)["share_different"] > 0.1


# ---- links, power and domains --------------------------------------------------------------
def test_link_energy_counts_serdes_and_modules():
    serdes = specs.FIGURES["link.serdes_energy_per_bit"].value
    module = specs.FIGURES["link.optics_400g_lpo_energy_per_bit"].value
    assert module == pytest.approx(5.0 / 400e9)  # 5 W over 400 Gb/s
    assert comm.link("nvlink5").energy_per_bit == serdes
    assert comm.link("ub_lpo").energy_per_bit == pytest.approx(serdes + 2 * module)
    lo, hi = comm.link("ub_lpo").energy_per_bit_range
    assert lo < comm.link("ub_lpo").energy_per_bit < hi
    watts = comm.link("nvlink5").power_at()
    assert watts == pytest.approx(serdes * 900e9 * 8)


def test_transceiver_power_counts_a_module_at_each_end_of_a_cable():
    sa = comm.transceiver_power()
    assert sa.modules == 6912
    assert sa.watts == pytest.approx(6912 * 5.0)
    assert (sa.low, sa.high) == pytest.approx((6912 * 4.0, 6912 * 6.0))
    assert sa.share_of_system == pytest.approx(6912 * 5.0 / 559e3)
    # SemiAnalysis's 5,376 scale-up modules sit on 2,688 cables, two each: no second count.
    assert (sa.scale_up_modules, sa.scale_up_cables) == (5376, 2688)
    assert "each end" in sa.rule
    with pytest.raises(TypeError):
        comm.transceiver_power(both_ends=True)  # the double count is gone


def test_copper_reach_falls_as_lane_rate_rises():
    pairs = comm.copper_reach_by_lane_rate()
    rates = [r for r, _ in pairs]
    reaches = [f.value for _, f in pairs]
    assert rates == sorted(rates) and reaches == sorted(reaches, reverse=True)
    assert specs.FIGURES["b200.nvlink_lane_rate"].value == pytest.approx(200e9 / 8)


def test_fibre_metres_per_switch_hop():
    assert comm.fibre_metres_per_switch_hop() == pytest.approx(300e-9 / (1.47 / 299_792_458))


def test_domains_inside_and_beyond_the_scale_up_domain():
    cm, nv = comm.domain("cm384"), comm.domain("nvl72")
    assert (cm.n, cm.bandwidth, cm.inside) == (384, 392e9, True)
    assert (nv.n, nv.bandwidth, nv.inside) == (72, 900e9, True)
    out = comm.domain(specs.NVL72, 384)
    assert not out.inside and out.bandwidth == pytest.approx(50e9)
    assert out.alpha == specs.FIGURES["nccl.ring_step_latency_net"].value
    assert comm.domain("cm384", 768).link.bandwidth is specs.ASCEND_910C.scale_out_bandwidth
    assert out.label == "NVL72, 384 chips, scale-up + scale-out"
    t = out.time("ring_allreduce", 1e9)
    inner = (out.scale_up.alpha.value, out.scale_up.bandwidth.value)
    expected = comm.hierarchical_time("ring_allreduce", 384, 72, 1e9, inner, (out.alpha, 50e9))
    assert t == pytest.approx(expected)


def test_measured_fraction_of_peak():
    assert comm.measured_busbw_fraction() == pytest.approx(370 / 450)


@pytest.mark.parametrize("collective", COLLECTIVES)
def test_agreement_report(collective):
    report = comm.compare_with_closed_form(collective, 8, 64, ALPHA, BANDWIDTH)
    assert report.agrees, report
    assert math.isclose(report.time_simulated, report.time_formula)


# ---- the widgets' pictures ------------------------------------------------------------------
def test_ring_animation_marks_the_chunks_the_simulator_moves():
    from helpers.widgets import comm as wc

    for ranks in range(4, 9):
        held, counts, log = wc.ring_states(ranks)
        for step, transfers in enumerate(log):
            changed = held[step + 1] != held[step]
            assert changed.sum() == len(transfers)  # exactly the received chunks change
            for src, dst, _ in transfers:
                chunk = wc.ring_chunk(src, step, ranks)
                assert changed[dst, chunk]
                assert counts[step + 1, dst, chunk] > counts[step, dst, chunk]
        assert (held[-1] == ranks * (ranks + 1) // 2).all()
        assert (counts[-1] == ranks).all()


def test_static_drawings_draw_and_views_are_checked():
    from helpers import plots, widgets
    from helpers.widgets import comm as wc

    for draw in (widgets.draw_copper_reach, widgets.draw_link_energy, widgets.draw_latency_budget):
        assert plots.show(draw, "caption").png.startswith(b"\x89PNG")
    picture = plots.show(widgets.draw_reduction_error, "c", ranks=(2, 8), elements=64)
    assert picture.png.startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="view='both'"):
        plots.show(widgets.draw_collective_time, "c", view="both")
    assert wc.error_ranks()[-1] == specs.CM384.n
    assert specs.NVL72.n in wc.chip_counts() and specs.CM384.n in wc.chip_counts()


def test_ring_widget_keeps_its_step_range_in_step_with_the_ranks():
    from helpers import widgets

    widget = widgets.ring_allreduce_steps()
    widget.set(step=6, ranks=8)
    assert widget.controls["step"].max == widget.play.max == 14
    widget.set(step=14, ranks=5)
    assert widget.controls["step"].value == widget.controls["step"].max == 8


# ---- Two-level collectives (beyond one scale-up domain) ------------------------------------
@pytest.mark.parametrize("collective", comm.COLLECTIVES)
@pytest.mark.parametrize(("n", "m"), [(4, 2), (12, 4), (18, 6), (16, 16), (8, 1)])
def test_hierarchical_model_agrees_with_its_simulation(collective, n, m):
    rng = np.random.default_rng(n * m)
    arrays = [rng.integers(-9, 9, 6 * n).astype(np.float64) for _ in range(n)]
    results, phases = comm.simulate_hierarchical(collective, arrays, m)
    inner, outer = (1e-6, 400e9), (5e-6, 50e9)
    closed = comm.hierarchical_time(collective, n, m, arrays[0].nbytes, inner, outer)
    assert comm.hierarchical_log_time(phases, inner, outer) == pytest.approx(closed, rel=1e-12)
    for _level, log in phases:
        comm.check_log(log, max(n // m, m))
    total = np.sum(arrays, axis=0)
    if collective.endswith("allreduce"):
        assert all(np.array_equal(r, total) for r in results)
    if collective == "all_to_all":
        for j, r in enumerate(results):
            expected = np.concatenate([np.array_split(a, n)[j] for a in arrays])
            assert np.array_equal(r, expected)


def test_hierarchical_allreduce_sends_only_a_shard_across_domains():
    phases = comm.hierarchical_phases("ring_allreduce", 384, 72, 1e9)
    assert [p[:3] for p in phases] == [
        ("inner", "reduce_scatter", 64),
        ("outer", "ring_allreduce", 6),
        ("inner", "all_gather", 64),
    ]
    assert phases[1][3] == pytest.approx(1e9 / 64)


def test_one_domain_is_the_flat_collective():
    inner = (2e-6, 400e9)
    flat = comm.collective_time("ring_allreduce", 8, 1e6, *inner)
    two_level = comm.hierarchical_time("ring_allreduce", 8, 8, 1e6, inner, (1.0, 1.0))
    assert two_level == pytest.approx(flat + 0)  # the outer phase over one domain is free


def test_beyond_the_rack_allreduce_suffers_little_and_all_to_all_a_lot():
    cm, nv = comm.domain("cm384", 384), comm.domain("nvl72", 384)
    assert cm.inside and not nv.inside
    assert nv.time("ring_allreduce", 1e9) < cm.time("ring_allreduce", 1e9)
    assert nv.time("all_to_all", 1e9) > 4 * cm.time("all_to_all", 1e9)


def test_hierarchical_rejects_bad_input():
    with pytest.raises(ValueError, match="m=5"):
        comm.simulate_hierarchical("ring_allreduce", [np.zeros(4)] * 8, 5)
    with pytest.raises(ValueError, match="collective"):
        comm.hierarchical_phases("gossip", 8, 4, 1.0)


def test_domain_phases_sum_to_its_time_and_say_what_crosses_the_cards():
    for system, n in (("nvl72", 384), ("cm384", 384), ("nvl72", 72), ("cm384", 768)):
        d = comm.domain(system, n)
        for collective in comm.COLLECTIVES:
            phases = d.phases(collective, 1e9)
            assert sum(p.seconds for p in phases) == pytest.approx(d.time(collective, 1e9))
    beyond = comm.domain("nvl72", 384)
    assert beyond.domains == (6, 64) and comm.domain("cm384", 384).domains == (1, 384)
    outer = [p for p in beyond.phases("ring_allreduce", 1e9) if p.level == "outer"]
    assert [p.ranks for p in outer] == [6] and outer[0].nbytes == pytest.approx(1e9 / 64)
    assert outer[0].sent == pytest.approx(2 * 5 / 6 * 1e9 / 64)
    a2a = [p for p in beyond.phases("all_to_all", 1e9) if p.level == "outer"]
    assert a2a[0].sent == pytest.approx(5 / 6 * 1e9)  # 320 of every 384 chunks leave the rack
    assert all(p.link is beyond.scale_up for p in beyond.phases("all_to_all", 1e9)[1:])
    table = repr(comm.beyond_domain_table(384, 1e9))
    assert "6 domains of 64 chips" in table and "26 MB" in table and "833 MB" in table


def test_link_table_gives_module_and_lane_rates():
    rows = {r[0]: r for r in comm.link_table().rows}
    ub = rows[comm.link("ub_lpo").name]
    # SemiAnalysis's 400G LPO module: 4 lanes of 100 Gb/s, 500 m over single-mode fibre; the
    # wiring scheme's SR8: 8 lanes of 50 Gb/s, about 100 m over multimode fibre.
    assert ub[3:6] == ["400 Gb/s", "100 Gb/s (SR8: 50 Gb/s)", "500 m (SR8: 100 m)"]
    assert rows[comm.link("nvlink5").name][3:5] == ["none (copper)", "200 Gb/s"]
    # NVIDIA's 800G twin-port 2xSR4 multimode module reaches 50 m, not 500 m.
    assert rows[comm.link("scale_out").name][3:6] == ["800 Gb/s", "100 Gb/s", "50 m"]


def test_transceiver_table_gives_cables_and_modules_with_their_rules():
    rows = comm.transceiver_table().rows
    assert rows[0][0].startswith("optical cables") and rows[0][2:4] == [
        "2,688 (7 per NPU)",
        "3,456",
    ]
    assert rows[1][0].startswith("optical modules")
    assert rows[1][2:4] == ["5,376 (14 per NPU)", "6,912 (18 per NPU)"]
    assert "10,752" not in repr(comm.transceiver_table())


def test_a_domain_split_unevenly_says_so():
    assert comm.domain("nvl72", 384).split == "6 domains of 64 chips"
    # 768 GPUs over 11 racks: 9 of 70 and 2 of 69 (11 x 69 would be 759)
    assert comm.domain("nvl72", 768).split == "11 domains of 69-70 chips (9 of 70, 2 of 69)"
    assert comm.domain("cm384", 384).split == "one scale-up domain"


def test_the_tree_is_named_for_what_it_is():
    assert comm.NAMES["tree_allreduce"] == "tree all-reduce (binomial, unpipelined)"
    table = repr(comm.collective_table(72, 1e9, 1.9e-6, 900e9))
    assert "tree all-reduce (binomial, unpipelined)" in table


def test_collective_widget_describes_both_levels():
    from helpers import plots, widgets
    from helpers.widgets import comm as wc

    text = wc.describe_collective_time("ring_allreduce", 384)
    assert "6 domains of 64 chips" in text and "15.6 MB over 6 chips, one per domain" in text
    assert "an assumption" in text  # the UB step latency is the course's assumption
    wide = wc.describe_collective_time("ring_allreduce", 768)
    assert "11 domains of 69-70 chips (9 of 70, 2 of 69)" in wide
    picture = plots.show(widgets.draw_beyond_domain, "c", layout=widgets.two_panels)
    assert picture.png.startswith(b"\x89PNG")


# ---- a simulator that scales ----------------------------------------------------------------
@pytest.mark.parametrize("collective", COLLECTIVES)
def test_no_step_writes_a_chunk_it_also_reads(collective):
    # What lets simulate move each step's messages in place, with no copy of what is sent.
    for n in range(1, 40):
        for move in comm.schedule(collective, n):
            if move.out_slot is not None:
                continue  # written to a separate output buffer
            read = set(zip(move.src.tolist(), move.slot.tolist(), strict=True))
            written = set(zip(move.dst.tolist(), move.slot.tolist(), strict=True))
            assert not read & written


@pytest.mark.parametrize("collective", ["ring_allreduce", "reduce_scatter", "all_gather"])
@pytest.mark.parametrize("rounding", [None, comm.to_bf16], ids=["fp32", "bf16"])
def test_the_rings_skewed_rows_give_the_same_bits_as_the_ranks_own_rows(collective, rounding):
    # The rings run on rows skewed so that a step is one contiguous operation; every other
    # collective runs on the ranks' own rows. Both engines must agree bit for bit, snapshots too.
    rng = np.random.default_rng(5)
    for n in (1, 2, 3, 7, 16, 33):
        for length in (0, 1, n - 1, n, 3 * n + 2):
            arrays = list(rng.normal(1.0, 0.5, size=(n, length)).astype(np.float32))
            seen: dict[str, list] = {"ring": [], "steps": []}
            results = {}
            for name, engine in (("ring", comm._simulate_ring), ("steps", comm._simulate_steps)):
                keep = seen[name]
                results[name], _ = engine(
                    collective,
                    arrays,
                    rounding,
                    lambda i, t, held, keep=keep: keep.append(held.copy()),
                )
            for a, b in zip(results["ring"], results["steps"], strict=True):
                np.testing.assert_array_equal(a, b)
            for a, b in zip(seen["ring"], seen["steps"], strict=True):
                np.testing.assert_array_equal(a, b)


def test_a_step_reads_as_a_list_of_transfers_and_holds_arrays():
    _, log = comm.simulate("ring_allreduce", _integer_arrays(4, 10))  # chunks of 3, 3, 2, 2
    step = log[0]  # rank r sends chunk r - 1 (8-byte integers)
    assert len(step) == 4 and step[0] == (0, 1, int(step.nbytes[0]))
    assert list(step) == [(0, 1, 16), (1, 2, 24), (2, 3, 24), (3, 0, 16)]
    assert step == [(0, 1, 16), (1, 2, 24), (2, 3, 24), (3, 0, 16)]
    assert step[1:3] == [(1, 2, 24), (2, 3, 24)]
    assert step.src.tolist() == [0, 1, 2, 3] and "4 transfers" in repr(step)
    # The schedule's arrays are shared, read-only views: no step copies n ranks.
    assert not log[0].src.flags.writeable and np.shares_memory(log[0].slot, log[1].slot)


def test_the_busiest_rank_has_a_closed_form_for_any_n():
    for collective in COLLECTIVES:
        for n in range(1, 300):
            assert comm.max_bytes_sent(collective, n, 1e6) == pytest.approx(
                comm.bytes_sent(collective, n, 1e6).max()
            )
    table = comm.collective_table(10**10, 1e9, 1e-6, 1e11)  # ten billion ranks, at once
    assert len(table.rows) == len(COLLECTIVES)
    with pytest.raises(ValueError, match=r"n=10000000000 is above 16,777,216"):
        comm.bytes_sent("ring_allreduce", 10**10, 1e9)


_PEAK = """
import re
import numpy as np
from helpers import comm
for collective, n in (("ring_allreduce", 16384), ("all_to_all", 4096)):
    arrays = list(np.random.default_rng(0).integers(-8, 8, size=(n, 64)).astype(np.float32))
    results, log = comm.simulate(collective, arrays)
    assert len(log) == comm.steps(collective, n)
    if collective == "ring_allreduce":
        assert np.array_equal(results[-1], np.sum(arrays, axis=0))
    del results, log, arrays
status = open("/proc/self/status").read()
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) * 1024)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_16384_ranks_of_64_float32_values_stay_well_under_1_gb():
    # Memory linear in the ranks: the log is compact steps, not n^2 tuples (4,096 ranks took
    # 4.5 GB and 16,384 more than 24 GB before). The fresh process's peak resident memory
    # (VmHWM; ru_maxrss would include what pytest's process held when it started this one).
    out = subprocess.run([sys.executable, "-c", _PEAK], capture_output=True, text=True, check=True)
    assert int(out.stdout) < 1e9


def test_ring_widget_says_in_words_what_its_cells_show():
    from helpers.widgets import comm as wc

    text = wc.describe_ring_step(4, 3)  # after the reduce-scatter
    assert "each rank owns one complete sum" in text
    assert "rank 0: 10, 8, 5, 1; rank 1: 2, 10, 7, 3" in text  # the simulator's partial sums
    _, counts, _ = wc.ring_states(4)
    assert f"{int((counts[3] == 4).sum())} of 16 cells hold the full sum" in text
    assert "rank 3 sends chunk 3 to rank 0" in text
