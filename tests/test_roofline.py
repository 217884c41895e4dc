"""The roofline model against hand-computed cases, its properties, and notebook 02's widgets."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import roofline, specs, widgets
from helpers.roofline import attainable, kernel_time, matmul_intensity, ridge_point

PEAK_910C, BW_910C = 780e12, 3.2e12  # FLOP/s, B/s: the hand-computed cases below use these
positive = st.floats(min_value=1e-3, max_value=1e18, allow_nan=False, allow_infinity=False)
intensities = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)
sizes = st.integers(min_value=1, max_value=1 << 17)


def test_hand_computed_roofline_of_the_ascend_910c():
    chip = specs.ASCEND_910C
    assert (chip.bf16_dense.value, chip.hbm_bandwidth.value) == (PEAK_910C, BW_910C)
    assert ridge_point(PEAK_910C, BW_910C) == 243.75
    assert attainable(10, PEAK_910C, BW_910C) == 32e12  # 10 FLOP/B x 3.2 TB/s
    assert attainable(243.75, PEAK_910C, BW_910C) == PEAK_910C
    assert attainable(1000, PEAK_910C, BW_910C) == PEAK_910C
    assert attainable(0, PEAK_910C, BW_910C) == 0


def test_ridge_points_of_chips_and_systems():
    assert ridge_point(2.5e15, 8e12) == 312.5
    chips, systems = roofline.course_roofs("chips"), roofline.course_roofs("systems")
    assert [r.name for r in chips] == ["Ascend 910C", "B200"]
    assert [r.name for r in systems] == ["CloudMatrix 384", "GB200 NVL72"]
    for chip, system in zip(chips, systems, strict=True):
        assert system.ridge == pytest.approx(chip.ridge)  # n x peak / (n x bandwidth)
    assert roofline.sparse_roof("chips").ridge == 625
    assert roofline.sparse_roof("systems").peak == pytest.approx(360e15)


def test_attainable_works_on_arrays():
    got = attainable(np.array([1.0, 100.0, 1e4]), PEAK_910C, BW_910C)
    assert isinstance(got, np.ndarray)
    np.testing.assert_allclose(got, [3.2e12, 320e12, 780e12])


def test_matmul_counts_by_hand():
    assert roofline.matmul_flops(2, 3, 4) == 48  # 2 x 2 x 3 x 4
    assert roofline.matmul_bytes(2, 3, 4, 2) == (2 * 4 + 4 * 3 + 2 * 3) * 2  # 52 B
    assert matmul_intensity(2, 3, 4, 2) == pytest.approx(48 / 52)
    assert matmul_intensity(4096, 4096, 4096, 2) == pytest.approx(4096 / 3)  # n / 3 in BF16
    assert matmul_intensity(4096, 4096, 4096, 4) == pytest.approx(4096 / 6)  # FP32: half
    # one token through Llama 3 70B's MLP: about 1 FLOP/B
    assert matmul_intensity(1, 28672, 8192, 2) == pytest.approx(0.99984, rel=1e-4)


def test_kernel_time_by_hand():
    n = 4096
    flops, moved = roofline.matmul_flops(n, n, n), roofline.matmul_bytes(n, n, n, 2)
    t = kernel_time(flops, moved, PEAK_910C, BW_910C)
    assert t == pytest.approx(2 * n**3 / PEAK_910C)  # compute-bound: 176.2 µs
    assert t == pytest.approx(176.2e-6, rel=1e-3)
    assert kernel_time(1e9, 3.2e9, PEAK_910C, BW_910C) == pytest.approx(1e-3)  # memory-bound
    roof = roofline.chip_roof(specs.ASCEND_910C)
    assert roof.time(flops, moved) == t
    assert roof.bound(10) == "memory" and roof.bound(243.75) == "compute"


def test_mfu_by_hand():
    assert roofline.training_flops_per_token(70.6e9) == pytest.approx(423.6e9)
    got = roofline.training_mfu(170_000, 70.6e9, 180e15)
    assert got == pytest.approx(6 * 70.6e9 * 170_000 / 180e15)
    assert roofline.mfu(90e15, 180e15) == 0.5
    cm = roofline.system_roof(specs.CM384)
    assert roofline.effective_flops(cm) == pytest.approx(0.40 * 299.52e15)
    assert roofline.effective_flops(cm, 0.3) == pytest.approx(0.3 * 299.52e15)


def test_inference_flops_are_a_third_of_training_flops():
    assert roofline.inference_flops_per_token(37e9) == 74e9
    assert roofline.training_flops_per_token(37e9) == 3 * roofline.inference_flops_per_token(37e9)
    with pytest.raises(ValueError, match="params=0"):
        roofline.inference_flops_per_token(0)


def test_one_b200_is_about_three_910c():
    assert roofline.chip_ratio() == pytest.approx(2500 / 780)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: attainable(-1, 1, 1), "intensity="),
        (lambda: attainable(1, 0, 1), "peak=0"),
        (lambda: attainable(1, 1, -2), "bandwidth=-2"),
        (lambda: attainable(np.array([1.0, -1.0]), 1, 1), "intensity="),
        (lambda: ridge_point(float("nan"), 1), "peak=nan"),
        (lambda: roofline.matmul_flops(0, 1, 1), "m=0"),
        (lambda: roofline.matmul_flops(1, 1.5, 1), "n=1.5"),
        (lambda: roofline.matmul_bytes(1, 1, -3), "k=-3"),
        (lambda: roofline.matmul_bytes(1, 1, 1, 0), "element_bytes=0"),
        (lambda: kernel_time(-1, 1, 1, 1), "flops="),
        (lambda: kernel_time(1, -1, 1, 1), "bytes_moved="),
        (lambda: roofline.course_roofs("racks"), "scope='racks'"),
        (lambda: roofline.sparse_roof("racks"), "scope='racks'"),
        (lambda: roofline.chip_roof(specs.ASCEND_910C, sparse=True), "sparse=True"),
        (lambda: roofline.system_roof(specs.CM384, sparse=True), "sparse=True"),
        (lambda: roofline.effective_flops(roofline.course_roofs()[0], 0), "mfu=0"),
        (lambda: roofline.training_flops_per_token(0), "params=0"),
        (lambda: roofline.measure_cpu(budget_s=0), "budget_s=0"),
    ],
)
def test_bad_input_raises_value_error_naming_the_parameter(call, match):
    with pytest.raises(ValueError, match=match.replace("(", r"\(").replace(".", r"\.")):
        call()


@given(intensities, positive, positive)
def test_a_roofline_never_exceeds_either_roof(intensity, peak, bandwidth):
    got = attainable(intensity, peak, bandwidth)
    assert got <= peak
    assert got <= intensity * bandwidth * (1 + 1e-12)
    assert got == peak or math.isclose(got, intensity * bandwidth)  # it touches one of them


@given(intensities, intensities, positive, positive)
def test_a_roofline_never_falls_with_intensity(a, b, peak, bandwidth):
    low, high = sorted((a, b))
    assert attainable(low, peak, bandwidth) <= attainable(high, peak, bandwidth)


@given(positive, positive, positive, positive)
def test_kernel_time_is_the_longer_of_compute_and_memory(flops, moved, peak, bandwidth):
    t = kernel_time(flops, moved, peak, bandwidth)
    assert t == max(flops / peak, moved / bandwidth)
    # the rate it implies is what the roofline allows at the kernel's intensity
    assert flops / t == pytest.approx(attainable(flops / moved, peak, bandwidth), rel=1e-9)


@given(sizes, sizes, sizes, st.sampled_from([0.5, 1, 2, 4]))
def test_matmul_intensity_properties(m, n, k, element_bytes):
    i = matmul_intensity(m, n, k, element_bytes)
    assert i == pytest.approx(matmul_intensity(n, m, k, element_bytes))  # C^T = B^T A^T
    assert 0 < i <= 2 * min(m, n, k) / element_bytes
    assert matmul_intensity(m, n, k, 2 * element_bytes) == pytest.approx(i / 2)


def test_measure_cpu_is_quick_and_positive():
    result = roofline.measure_cpu(matmul_size=64, copy_mb=1, budget_s=0.05)
    assert result.matmul_flops > 0 and result.copy_bandwidth > 0
    assert result.seconds < 2
    roof = result.roof()
    assert roof.name == "this computer" and "FP32" in roof.note
    assert "FLOP/s" in repr(result) and "ridge point" in repr(result)


def test_tables_show_the_hand_computed_figures():
    peaks = repr(roofline.peaks_table())
    assert "1.66x" in peaks and "3.21x" in peaks and "360 PFLOP/s" in peaks
    roofs = repr(roofline.roof_table(30))
    assert "243.8 FLOP/B" in roofs and "312.5 FLOP/B" in roofs
    assert "1229 TB/s" in roofs and "96 TFLOP/s" in roofs  # 30 FLOP/B x 3.2 TB/s
    sources = {s.key for s in specs.sources_of(*roofline.figures_used())}
    assert {"SA", "NV-NVL72", "LLAMA3-PAPER", "PALM", "COURSE", "LLAMA3"} <= sources


def test_mfu_assumption_is_inside_its_range_and_near_published_runs():
    assumed = specs.FIGURES["course.training_mfu"]
    published = [specs.FIGURES[n] for n in roofline.MFU_FIGURES if n != assumed.name]
    assert assumed.low <= min(p.value for p in published) <= max(p.value for p in published)
    assert max(p.value for p in published) <= assumed.high


# ---- notebook 02's widgets -------------------------------------------------------------------
def test_roofline_explorer_reports_bounds_and_moves_with_scope():
    w = widgets.roofline_explorer()
    assert "memory" in w.readout.value and "96 TFLOP/s" in w.readout.value
    w.set(intensity=1000)
    assert "compute" in w.readout.value and "memory" not in w.readout.value
    w.set(scope="systems", sparse=True)
    assert "360 PFLOP/s" in w.readout.value and "CloudMatrix 384" in w.readout.value


def test_roofline_title_states_the_finding():
    from helpers.widgets.compute import _roofline_title

    assert _roofline_title("chips", 30) == "At 30 FLOP/B: both memory-bound; B200 gets 2.5x 910C"
    assert "910C compute-, B200 memory-bound" in _roofline_title("chips", 280)
    assert _roofline_title("systems", 1e4).endswith("CM384 gets 1.7x NVL72")
    assert _roofline_title("chips", None).startswith("Ridge points: 910C 244, B200 312")


def test_matmul_explorer_starts_at_one_token_through_llama_mlp():
    w = widgets.matmul_explorer()
    assert (w.params["m"], w.params["k"], w.params["n"]) == (1, 8192, 28672)
    assert "1 FLOP/B" in w.readout.value or "0.9998" in w.readout.value
    w.set(m=4096)
    assert "compute" in w.readout.value and "memory" not in w.readout.value
    assert w.figure.axes[0].get_title().startswith("4,096 x 8,192 x 28,672 matmul")


def test_static_drawings_draw_without_error():
    from helpers import plots

    for draw in (widgets.draw_peaks, widgets.draw_mfu):
        picture = plots.show(draw, "caption", layout=widgets.two_panels, figsize=(11, 5))
        assert picture.png.startswith(b"\x89PNG")
    cpu = roofline.Roof("cpu", "this computer", 1e11, 2e10, note="FP32")
    assert plots.show(widgets.draw_rooflines, "c", extra=(cpu,)).png.startswith(b"\x89PNG")


def test_tokens_to_ridge_reaches_the_ridge_point():
    for roof in roofline.course_roofs("chips"):
        m = roofline.tokens_to_ridge(roof, 28672, 8192)
        # a multiply of m rows has exactly the ridge intensity: 2mnk = ridge x 2 (mk + kn + mn)
        flops, moved = 2 * m * 28672 * 8192, 2 * (m * 8192 + 8192 * 28672 + m * 28672)
        assert flops / moved == pytest.approx(roof.ridge)
    tiny = roofline.Roof("t", "tiny", 1e15, 1e9)  # ridge 1e6: a 128 x 128 matrix never gets there
    assert roofline.tokens_to_ridge(tiny, 128, 128) == float("inf")


def test_peaks_table_names_the_b200_it_means():
    text = repr(roofline.peaks_table())
    assert "B200 in the GB200 NVL72" in text and "HGX B200" in text and "2.25 PFLOP/s" in text
