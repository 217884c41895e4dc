"""helpers.measure: collectives between processes (right results, nothing left behind), the
alpha-beta fit (on synthetic data with a known answer), the nccl-tests reader (golden logs,
variants, bad input) and the published GB200 NVL72 runs.

No test asserts a timing: the machine is shared, so only results, counts and clean-up are
checked."""

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

from helpers import comm, measure, specs
from helpers.measure import _worker, local, results
from helpers.units import KiB, MiB

LINUX = sys.platform.startswith("linux") and Path("/dev/shm").is_dir()
DATA = Path(__file__).parent / "data"
needs_linux = pytest.mark.skipif(not LINUX, reason="checks /dev/shm and /proc (Linux)")


def _shm() -> set[str]:
    return set(os.listdir("/dev/shm")) if LINUX else set()


def _marked(mark: str) -> list[int]:
    """Pids of live processes whose environment carries ``mark``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark.encode() in (entry / "environ").read_bytes():
                    state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                    if state != "Z":
                        found.append(int(entry.name))
            except OSError:
                continue
    return found


# ---- the algorithms: the same schedule, the same results as comm.simulate -------------------
@pytest.mark.parametrize("collective", measure.MEASURED)
@pytest.mark.parametrize("ranks", [2, 3, 4, 5])
def test_expected_results_are_what_comm_simulate_computes(collective, ranks):
    for elements in (ranks, 3 * ranks + 1, 2 * ranks - 1, 1):
        arrays = [_worker.inputs(7, r, elements) for r in range(ranks)]
        simulated, _ = comm.simulate(collective, arrays)
        for r in range(ranks):
            np.testing.assert_array_equal(
                _worker.expected(collective, ranks, r, elements, 7), simulated[r]
            )


@pytest.mark.parametrize("collective", measure.MEASURED)
@pytest.mark.parametrize("ranks", [2, 3, 4, 6])
def test_plans_follow_comm_schedule_one_send_and_one_receive_per_step(collective, ranks):
    plans = measure.plan(collective, ranks)
    moves = list(comm.schedule(collective, ranks))
    for r, steps in enumerate(plans):
        assert len(steps) == len(moves) == comm.steps(collective, ranks)
        for (dst, send, src, recv, reduce, out), move in zip(steps, moves, strict=True):
            i, j = move.src.tolist().index(r), move.dst.tolist().index(r)
            assert (dst, send) == (move.dst[i], move.slot[i])  # the one chunk it sends
            assert (src, recv) == (move.src[j], move.slot[j])  # the one chunk it receives
            assert reduce == move.reduce
            assert out == (move.out_slot[j] if move.out_slot is not None else -1)


def test_plan_table_names_every_rank_and_step():
    table = measure.plan_table("ring_allreduce", 3)
    assert len(table.rows) == comm.steps("ring_allreduce", 3) * 3
    assert "adds it to its chunk" in str(table) and "stores it in its chunk" in str(table)


def test_inputs_are_whole_numbers_so_every_order_sums_exactly():
    x = _worker.inputs(0, 1, 1000)
    assert x.dtype == np.float32 and np.array_equal(x, np.round(x)) and np.abs(x).max() <= 8


# ---- running them between processes --------------------------------------------------------
def test_a_small_sweep_runs_gives_numpys_results_and_leaves_nothing_behind():
    before = _shm()
    got = measure.run(2, max_bytes=64 * int(KiB), repeats=2, remember_it=False)
    assert {p.collective for p in got.points} == set(measure.MEASURED)
    assert sorted({p.nbytes for p in got.points}) == [4, 16, 64, 256, 1024, 4096, 16384, 65536]
    assert [p.nbytes for p in got.points[:6]] == [4] * 3 + [65536] * 3  # the ends first
    assert all(len(p.seconds) == 2 and min(p.seconds) > 0 for p in got.points)
    assert any("equalled numpy" in n for n in got.notes)
    assert any("/dev/shm" in n or "no /dev/shm" in n for n in got.notes)
    assert not got.recorded
    assert not multiprocessing.active_children()
    assert _shm() == before


def test_a_spent_budget_still_measures_both_ends_of_the_range():
    got = measure.run(2, max_bytes=4 * int(KiB), repeats=1, budget=1e-9, remember_it=False)
    assert sorted({p.nbytes for p in got.points}) == [4, 4096]
    assert any("budget" in n and "2 of the 6 sizes" in n for n in got.notes)


def test_run_remembers_its_results_for_the_exercises(monkeypatch):
    monkeypatch.setattr(results, "_LATEST", [])
    assert measure.latest().recorded
    got = measure.run(2, max_bytes=256, repeats=1)
    assert measure.latest() is got


@needs_linux
def test_a_dead_rank_stops_the_sweep_with_an_error_and_everything_is_removed():
    before = _shm()
    with pytest.raises(RuntimeError, match="stopped"), local._Session(2, 4096) as session:
        session.point("ring_allreduce", 1024, 1, 0, 0, 30.0)  # running
        os.kill(session.procs[1].pid, signal.SIGKILL)
        session.procs[1].join(5)
        session.point("ring_allreduce", 1024, 1, 0, 0, 30.0)
    assert not multiprocessing.active_children()
    assert _shm() == before


@needs_linux
def test_a_point_over_its_timeout_raises_and_everything_is_removed():
    before = _shm()
    with pytest.raises(TimeoutError):
        measure.run(2, max_bytes=64, timeout=1e-4, remember_it=False)
    assert not multiprocessing.active_children()
    assert _shm() == before


_SWEEP = """
import sys
from helpers import measure
print("started", flush=True)
while True:
    measure.run(2, max_bytes=16 * 2**20, repeats=50, budget=600, remember_it=False)
"""


@needs_linux
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill -9"])
def test_an_interrupted_or_killed_session_leaves_no_process_or_segment(how):
    before = _shm()
    mark = f"I19_MARK_{uuid.uuid4().hex}"
    env = {**os.environ, mark: "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", _SWEEP],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "started"
        deadline = time.monotonic() + 60
        while len(_marked(mark)) < 3 and time.monotonic() < deadline:  # parent + 2 ranks
            time.sleep(0.05)
        time.sleep(0.5)  # in the middle of a sweep
        proc.send_signal(how)
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    deadline = time.monotonic() + 30  # ranks notice a dead parent within a poll or two
    while (_marked(mark) or _shm() - before) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _marked(mark) == [], "a measuring process outlived its session"
    assert _shm() - before == set(), "a shared-memory segment or semaphore was left behind"
    if how == signal.SIGINT:
        assert "KeyboardInterrupt" in proc.stderr.read()


def test_bad_arguments_name_the_parameter():
    with pytest.raises(ValueError, match="ranks=1"):
        measure.run(1)
    with pytest.raises(ValueError, match="ranks=999"):
        measure.run(999)
    with pytest.raises(ValueError, match="max_bytes=2"):
        measure.run(2, max_bytes=2)
    with pytest.raises(ValueError, match="broadcast"):
        measure.run(2, collectives=["broadcast"])
    with pytest.raises(ValueError, match="repeats=0"):
        measure.run(2, repeats=0)
    with pytest.raises(ValueError, match="collective='tree_allreduce'"):
        measure.plan("tree_allreduce", 2)


def test_sizes_are_measured_spread_over_the_range_first():
    assert local.spread([1, 2, 3, 4, 5, 6, 7, 8, 9]) == [1, 9, 5, 3, 7, 2, 4, 6, 8]
    assert sorted(local.spread(list(range(12)))) == list(range(12))
    assert local.spread([4]) == [4] and local.spread([]) == []


def test_the_sweep_is_sized_to_the_free_space_of_dev_shm_and_says_so(monkeypatch):
    monkeypatch.setattr(local, "shm_free", lambda: 64 * 10**6)  # a container's 64 MB
    sizes, note = local._sizes(2, 64 * int(MiB))
    assert sizes[-1] == 16 * MiB and "only 64 MB free" in note and "instead of 64 MiB" in note
    monkeypatch.setattr(local, "shm_free", lambda: None)  # macOS, Windows
    sizes, note = local._sizes(2, 4 * int(MiB))
    assert sizes[-1] == 4 * MiB and "no /dev/shm" in note
    monkeypatch.setattr(local, "shm_free", lambda: 8)
    with pytest.raises(RuntimeError, match="not enough"):
        local._sizes(2, 1024)


def test_in_a_browser_the_recorded_run_is_shown_and_says_so(monkeypatch):
    monkeypatch.setattr(local, "in_browser", lambda: True)
    shown = measure.run(quick=True)
    assert shown.recorded and "JupyterLite" in shown.notes[0]


def test_in_a_browser_nothing_multiprocessing_needs_is_imported():
    code = textwrap.dedent(
        """
        import sys
        import numpy
        for name in ("_multiprocessing", "_posixshmem", "multiprocessing.shared_memory"):
            sys.modules[name] = None  # as good as missing
        sys.platform = "emscripten"
        from helpers import measure
        shown = measure.run(quick=True)
        print(shown.recorded, measure.fit(shown).bandwidth > 0)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]


def test_the_recorded_run_loads_and_round_trips(tmp_path):
    rec = measure.recorded()
    assert rec.recorded and rec.ranks == 2 and len(rec.points) >= 30
    assert {p.collective for p in rec.points} == set(measure.MEASURED)
    rec.save(tmp_path / "r.json")
    again = results.from_dict(json.loads((tmp_path / "r.json").read_text()))
    assert again.points == rec.points and again.machine == rec.machine
    assert "recorded run" in rec.describe() and rec.table().rows


# ---- the fit ------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(("alpha", "bandwidth"), [(20e-6, 5e9), (2e-6, 50e9), (100e-6, 1e9)])
def test_fit_recovers_a_known_alpha_and_bandwidth_from_noisy_data_within_5_percent(
    seed, alpha, bandwidth
):
    data = measure.synthetic(alpha, bandwidth, noise=0.1, seed=seed)
    got = measure.fit(data)
    assert got.alpha == pytest.approx(alpha, rel=0.05)
    assert got.bandwidth == pytest.approx(bandwidth, rel=0.05)
    assert 0.05 < got.rms < 0.15  # the residuals show the noise that was put in


def test_fit_is_exact_without_noise_and_its_model_is_comm_collective_time():
    got = measure.fit(measure.synthetic(10e-6, 8e9, ranks=3, noise=0.0))
    assert got.alpha == pytest.approx(10e-6, rel=1e-9)
    assert got.bandwidth == pytest.approx(8e9, rel=1e-9)
    assert np.abs(got.residuals).max() < 1e-9 and not any(got.left_out)
    assert got.predict("all_gather", 1e6) == pytest.approx(
        comm.collective_time("all_gather", 3, 1e6, 10e-6, 8e9)
    )
    assert got.crossover == pytest.approx(10e-6 * 8e9)


def test_fit_leaves_out_a_point_a_busy_machine_slowed_and_says_which():
    data = measure.synthetic(20e-6, 5e9, noise=0.02, seed=1)
    slow = measure.Point(data.points[4].collective, data.points[4].nbytes, (1.0,))
    busy = results.Results(2, (*data.points[:4], slow, *data.points[5:]), "test", "today")
    got = measure.fit(busy)
    assert got.left_out[4] and sum(got.left_out) == 1
    assert got.alpha == pytest.approx(20e-6, rel=0.05)
    assert "left out of the fit" in got.describe() and "left out" in str(got.table())


def test_fit_refuses_published_runs_and_says_why():
    for run in measure.published().values():
        with pytest.raises(ValueError, match="no latency regime"):
            measure.fit(run)
    with pytest.raises(ValueError, match="runs in levels"):
        measure.fit(measure.published("gb200_1rack").log)
    with pytest.raises(TypeError, match="Results"):
        measure.fit([1.0, 2.0])
    one_point = results.Results(2, measure.synthetic(1e-6, 1e9).points[:1], "test", "today")
    with pytest.raises(ValueError, match="at least 2"):
        measure.fit(one_point)
    with pytest.raises(ValueError, match="collective='ring'"):
        measure.fit(measure.synthetic(1e-6, 1e9), collectives=["ring"])


def test_fit_needs_a_bandwidth_term():
    flat = [measure.Point("all_gather", 4**k, (1e-5,)) for k in range(1, 6)]
    with pytest.raises(ValueError, match="no bandwidth term"):
        measure.fit(results.Results(2, tuple(flat), "test", "today"))


# ---- the nccl-tests reader ------------------------------------------------------------------
def _log(key: str) -> str:
    return (Path(measure.__file__).parent / "data" / specs.MEASURED_RUNS[key].log).read_text()


@pytest.mark.parametrize("key", list(specs.MEASURED_RUNS))
def test_shipped_logs_read_to_their_figures(key):
    run = specs.MEASURED_RUNS[key]
    table = measure.read_nccl_tests(_log(key))
    assert [r.size for r in table.rows] == list(run.sizes)
    assert [r.out_of_place.busbw for r in table.rows] == pytest.approx([f.value for f in run.busbw])
    assert all(r.count * 4 == r.size and r.type == "float" and r.redop == "sum" for r in table.rows)
    assert all(r.root == -1 and r.out_of_place.wrong == 0 for r in table.rows)
    assert table.out_of_bounds == 0
    assert table.avg_busbw == pytest.approx(
        np.mean(
            [r.out_of_place.busbw for r in table.rows] + [r.in_place.busbw for r in table.rows]
        ),
        rel=1e-3,
    )
    assert all(f.kind == "measured" and f.direction == "one" for f in run.busbw)


def test_golden_values_of_the_one_rack_log():
    table = measure.read_nccl_tests(_log("gb200_1rack"))
    first = table.rows[0]
    assert (first.line, first.size, first.count) == (6, 2**29, 2**27)
    assert first.out_of_place.seconds == pytest.approx(1806.7e-6)
    assert first.out_of_place.algbw == pytest.approx(297.16e9)
    assert first.in_place.busbw == pytest.approx(576.74e9)
    assert table.ranks == 72 and table.avg_busbw == pytest.approx(745.53e9)
    assert table.columns[3:5] == ("redop", "root")


def test_the_bus_bandwidth_factor_gives_the_ranks_back():
    assert {round(r.implied_ranks()) for r in measure.published("gb200_1rack").log.rows} == {72}
    two = measure.published("gb200_2racks")
    assert {round(r.implied_ranks()) for r in two.log.rows} == {two.ranks} == {128}
    assert two.log.ranks == 144  # what its rank line says; the figures use 128 (see the note)
    many = measure.published("gb200_20racks")
    assert all(abs(r.implied_ranks() / many.ranks - 1) < 0.06 for r in many.log.rows)


_OLD = (DATA / "nccl_old_no_root.txt").read_text()
_OLDEST = (DATA / "nccl_oldest_no_redop.txt").read_text()
_NEW = (DATA / "nccl_new_not_checked.txt").read_text()


def test_older_and_newer_headers_are_read():
    old = measure.read_nccl_tests(_OLD)
    assert old.columns[3] == "redop" and "root" not in old.columns and old.columns[7] == "error"
    assert [r.root for r in old.rows] == [None, None]
    assert old.rows[0].out_of_place.wrong == pytest.approx(1e-7)
    assert old.rows[1].in_place.wrong is None  # N/A
    assert old.ranks == 8 and old.avg_busbw == pytest.approx(1.22e6)
    oldest = measure.read_nccl_tests(_OLDEST)
    assert oldest.rows[0].redop is None and oldest.rows[0].size == 2**20
    assert oldest.avg_busbw is None and oldest.out_of_bounds is None and oldest.ranks is None
    new = measure.read_nccl_tests(_NEW)
    assert new.rows[0].out_of_place.wrong is None and new.rows[0].root == -1


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (_NEW.replace("     N/A    30.33", "    30.33"), r"line 4: 12 fields where the header"),
        (_NEW.replace("35.15", "3x.15"), r"line 4: time='3x.15' is not a number"),
        (_NEW.replace("  2048 ", "  2049 "), r"line 4: size=8192 B is not count=2049 x 4 B"),
        (_NEW.replace("    0.23    0.23", "   99.00    0.23"), r"line 4: algbw=99 GB/s is not"),
        (_NEW + "mpirun: a rank exited\n", r"line 7: 4 fields where"),
        (_NEW.replace("8192 ", "8k   "), r"line 4: size='8k' is not a whole number"),
        ("no table here\n", "no nccl-tests header"),
        (_NEW.splitlines()[1] + "\n", "no rows"),
        ("#  size count type time algbw busbw\n", "line 1: not a header nccl-tests prints"),
    ],
)
def test_malformed_text_gets_a_value_error_naming_the_line(text, match):
    with pytest.raises(ValueError, match=match):
        measure.read_nccl_tests(text)


def test_not_text_is_a_type_error():
    with pytest.raises(TypeError, match="str"):
        measure.read_nccl_tests(_NEW.encode())


# ---- the published runs beside the model -----------------------------------------------------
def test_published_runs_have_no_latency_regime():
    for run in measure.published().values():
        assert run.sizes.min() >= 2**29
        assert (run.latency_share() < 0.5).all(), run.key


def test_runs_across_racks_are_not_a_flat_ring():
    card = specs.NVL72.chip.scale_out_bandwidth.value
    for run in measure.published().values():
        if run.hierarchical:
            assert (run.busbw > 2.5 * card).all(), run.key  # several times one network card
    many = measure.published("gb200_20racks")
    # A flat ring's latency alone exceeds the whole measured time of its smallest all-reduce.
    assert many.flat_ring_latency() > many.log.rows[0].out_of_place.seconds
    one = measure.published("gb200_1rack")
    assert not one.hierarchical and one.flat_ring_latency() < one.log.rows[0].out_of_place.seconds


def test_the_model_of_each_run_is_notebook_04s():
    one, two = measure.published("gb200_1rack"), measure.published("gb200_2racks")
    nvlink = comm.link("nvlink5")
    size = 2**30
    assert one.model_time(size) == pytest.approx(
        comm.collective_time("ring_allreduce", 72, size, nvlink.alpha.value, nvlink.bandwidth.value)
    )
    assert two.domain().domains == (2, 64)
    assert (one.model_busbw(one.sizes) <= nvlink.bandwidth.value).all()
    assert "measured / model" in str(one.table()) and len(str(measure.why_not_fit())) > 100


def test_unknown_published_run():
    with pytest.raises(ValueError, match="key='gb300'"):
        measure.published("gb300")


def test_links_and_the_comparison_table():
    names = [k.name for k in measure.links()]
    assert names[0].startswith("NVLink 5") and names[-1] == "PCIe 5.0 x16"
    pcie = measure.links()[-1]
    assert pcie.bandwidth.value == specs.FIGURES["pcie5.x16_bandwidth_both"].value / 2
    table = measure.comparison_table({"recorded": measure.recorded().fit()})
    assert len(table.rows) == 4
    assert specs.FIGURES["pcie5.x16_bandwidth"] in measure.notebook_figures()


def test_the_measuring_process_imports_only_numpy():
    code = textwrap.dedent(
        """
        import sys
        import helpers.measure._worker
        heavy = [m for m in ("helpers.comm", "helpers.specs", "matplotlib") if m in sys.modules]
        print(heavy)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---- the figures of notebook 11 -----------------------------------------------------------------
def test_the_figures_draw_a_measurement_a_comparison_and_the_published_runs():
    from helpers import plots, widgets

    data = measure.synthetic(20e-6, 5e9, noise=0.05, seed=3)
    for picture in (
        plots.show(widgets.draw_measurement, "recorded"),
        plots.show(widgets.draw_measurement, "synthetic", results=data),
        plots.show(widgets.draw_alpha_beta, "recorded"),
        plots.show(
            widgets.draw_alpha_beta,
            "two",
            fits={"recorded": measure.recorded().fit(), "synthetic": data.fit()},
        ),
        plots.show(widgets.draw_published, "published", figsize=(11, 5)),
    ):
        assert picture.png.startswith(b"\x89PNG")
