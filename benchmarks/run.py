"""Time the course: notebook execution, widget response, import time.

    python benchmarks/run.py            # everything (what `make bench` runs)
    python benchmarks/run.py comm       # one part: notebooks, widgets, drawings, imports,
                                        # comm, measure or formats
    python benchmarks/run.py chip_route # only the widgets named (builder names)

Budgets (from the developers' guide; reported here, never asserted in tests): each notebook runs in
under 15 s; a widget answers a control change in a median under 50 ms and a 95th percentile under
100 ms, redraw included (reported: the median of three runs of ``widgets`` at a load average under
1.5, each run's load beside it); a 384-chip system draws in under 1 s; importing ``helpers.specs``
and the models takes under 0.5 s; the collective simulator runs a 384-rank ring all-reduce of 1 MB
per rank in under 1 s and at most twice the time numpy takes to sum the same arrays and copy the
sum to every rank, and 16,384 ranks of 64 float32 values in under 1 GB; a measurement of this
machine's collectives takes under 10 s (under 3 s for the notebook's); encoding float32 to BF16
with ``helpers.formats.to_bits`` runs at least a quarter as fast as ml_dtypes' cast
(``x.astype(ml_dtypes.bfloat16)``) on the same array, and to the formats below eight bits (FP6,
FP4, E8M0) at least half as fast as ml_dtypes' casts.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5  # times each control is swept through its positions


def bench_notebooks() -> None:
    from helpers.tooling.run_notebooks import run

    print("| notebook | execution (s), fresh kernel included | budget |")
    print("|---|---|---|")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        seconds = run(path, save=False)
        print(f"| {path.stem} | {seconds:.1f} | {'ok' if seconds < 15 else 'OVER 15 s'} |")


def bench_widgets(names: Sequence[str] = ()) -> None:
    """Every widget's response to a control change, or only the widgets ``names``."""
    from helpers.widgets import BUILDERS, sweep_values

    print("| widget | changes | median (ms) | p95 (ms) | max (ms) | budget |")
    print("|---|---|---|---|---|---|")
    for name, build in sorted(BUILDERS.items()):
        if names and name not in names:
            continue
        widget = build()
        times = []
        for _ in range(ROUNDS):
            for control in widget.controls.values():
                for value in sweep_values(control):
                    if value == control.value:
                        continue
                    start = time.perf_counter()
                    control.value = value
                    times.append(time.perf_counter() - start)
        times_ms = sorted(1000 * t for t in times)
        median = statistics.median(times_ms)
        p95 = times_ms[min(len(times_ms) - 1, round(0.95 * (len(times_ms) - 1)))]
        ok = "ok" if median < 50 and p95 < 100 else "OVER"
        print(f"| {name} | {len(times)} | {median:.0f} | {p95:.0f} | {times_ms[-1]:.0f} | {ok} |")


#: Large static drawings: (label, the statement that draws it once as a captioned picture).
DRAWINGS = (
    (
        "CM384 graph, 384 chips + 448 switch chips (draw_topology)",
        'plots.show(widgets.draw_topology, "", topology_name="cm384")',
    ),
    (
        "CM384 racks, 384 chips (draw_racks)",
        'plots.show(widgets.draw_racks, "", system="cm384")',
    ),
    (
        "NVL72 graph, 72 GPUs + 18 NVSwitch chips (draw_topology)",
        'plots.show(widgets.draw_topology, "", topology_name="nvl72")',
    ),
)


def bench_drawings() -> None:
    """Static drawings of the big systems: the first one in a fresh process (graph built,
    measured and its links drawn into the cached image) and again once cached."""
    print("| drawing | first, fresh process (ms) | cached, median of 5 (ms) | budget (first) |")
    print("|---|---|---|---|")
    for label, statement in DRAWINGS:
        code = (
            "import time, statistics\n"
            "import matplotlib; matplotlib.use('Agg')\n"
            "from helpers import plots, widgets\n"
            f"t = time.perf_counter(); {statement}; first = time.perf_counter() - t\n"
            "again = []\n"
            "for _ in range(5):\n"
            f"    t = time.perf_counter(); {statement}; again.append(time.perf_counter() - t)\n"
            "print(first, statistics.median(again))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        first, cached = (1000 * float(x) for x in out.split())
        ok = "ok" if first < 1000 else "OVER 1 s"
        print(f"| {label} | {first:.0f} | {cached:.0f} | {ok} |")


def _import_seconds(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs)


def bench_imports() -> None:
    import helpers

    models = [
        m
        for m in (
            "specs",
            "checks",
            "units",
            "claims",
            "formats",
            "roofline",
            "memory",
            "comm",
            "topology",
            "scaling",
            "power",
            "factcheck",
            "buyer",
            "reliability",
        )
        if m in dir(helpers)
    ]
    print("| import | median of 5 (ms) |")
    print("|---|---|")
    print(f"| import helpers | {1000 * _import_seconds('import helpers'):.0f} |")
    statement = "import " + ", ".join(f"helpers.{m}" for m in models)
    print(f"| {statement} | {1000 * _import_seconds(statement):.0f} |")
    print(f"| import helpers.widgets | {1000 * _import_seconds('import helpers.widgets'):.0f} |")


def bench_comm() -> None:
    import numpy as np

    from helpers import comm
    from helpers.specs import CM384
    from helpers.units import MB

    elements = int(MB) // 4  # 1 MB of float32 per rank
    rng = np.random.default_rng(0)
    arrays = list(rng.integers(-8, 8, size=(CM384.n, elements)).astype(np.float32))

    def floor() -> None:  # numpy sums the same arrays and copies the sum to every rank
        out = np.empty((CM384.n, elements), dtype=np.float32)
        out[:] = np.sum(arrays, axis=0)

    floor_best = _best_seconds(floor, 3)
    print(
        "| simulation | ranks | per rank | steps | transfers | seconds (best of 3) "
        "| ratio to the floor | budget |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for collective in ("ring_allreduce", "tree_allreduce", "all_to_all"):
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            results, log = comm.simulate(collective, arrays)
            runs.append(time.perf_counter() - start)
        transfers = sum(len(step) for step in log)
        best = min(runs)
        ratio = best / floor_best
        ok = "-"
        if collective == "ring_allreduce":
            ok = "ok" if best < 1 and ratio <= 2 else "OVER (goal: under 1 s, at most 2x the floor)"
        print(
            f"| {collective} | {CM384.n} | {arrays[0].nbytes / MB:.0f} MB float32 | "
            f"{len(log)} | {transfers:,} | {best:.2f} | {ratio:.1f}x | {ok} |"
        )
        del results, log
    print(
        f"\nThe floor: numpy sums the {CM384.n} arrays and copies the sum to every rank, "
        f"{floor_best:.2f} s (best of 3)."
    )
    print("\n| simulation | ranks | per rank | seconds | peak memory before | peak memory after |")
    print("|---|---|---|---|---|---|")
    for n in (4096, 16384):
        before, after, seconds = (
            float(x)
            for x in subprocess.run(
                [sys.executable, "-c", _PEAK_MEMORY.format(n=n)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        )
        print(
            f"| ring_allreduce | {n:,} | 64 float32 | {seconds:.1f} | {before / MB:.0f} MB | "
            f"{after / MB:.0f} MB |"
        )


#: One ring all-reduce in a fresh process; prints the process's peak resident memory (VmHWM of
#: /proc/self/status, Linux; ru_maxrss would include the parent's) before and after it, and the
#: seconds it took.
_PEAK_MEMORY = """
import re, time
import numpy as np
from helpers import comm
def peak():
    status = open("/proc/self/status").read()
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) * 1024
arrays = list(np.random.default_rng(0).integers(-8, 8, size=({n}, 64)).astype(np.float32))
before = peak()
start = time.perf_counter()
comm.simulate("ring_allreduce", arrays)
seconds = time.perf_counter() - start
print(before, peak(), seconds)
"""


def bench_measure() -> None:
    from helpers import measure

    print("| sweep | points | seconds, processes started and stopped included | budget |")
    print("|---|---|---|---|")
    for label, quick, budget in (("notebook (quick=True)", True, 3), ("default", False, 10)):
        start = time.perf_counter()
        got = measure.run(quick=quick, remember_it=False)
        seconds = time.perf_counter() - start
        ok = "ok" if seconds < budget else f"OVER {budget} s"
        print(f"| {label} | {len(got.points)} | {seconds:.1f} | {ok} |")
    fit = got.fit()
    print(f"\nThe default sweep's fit: {fit.describe()}")


def _best_seconds(fn, repeats: int = 7) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_formats() -> None:
    import numpy as np

    from helpers import formats

    n = 1 << 24
    rng = np.random.default_rng(0)
    x32 = rng.standard_normal(n).astype(np.float32)
    x64 = x32.astype(np.float64)
    print(f"Encoding {n:,} standard normal values (best of 7 runs).\n")
    print(
        "| input | format | helpers.formats.to_bits (ns/value) | reference cast (ns/value) "
        "| throughput ratio (ours / reference) |"
    )
    print("|---|---|---|---|---|")
    small_ratios = {}
    for x, keys in ((x32, formats.ALL_FORMATS), (x64, ("bf16",))):
        for key in keys:
            dtype = formats.reference_dtype(key)
            if dtype is None:
                print(f"| {x.dtype} | {key} | | ml_dtypes is not installed | |")
                continue
            ours = _best_seconds(lambda x=x, key=key: formats.to_bits(x, key))
            with np.errstate(invalid="ignore", over="ignore"):
                ref = _best_seconds(lambda x=x, dtype=dtype: x.astype(dtype))
            ratio = ref / ours
            print(
                f"| {x.dtype} | {key} | {1e9 * ours / n:.2f} | {1e9 * ref / n:.2f} | {ratio:.2f} |"
            )
            if key == "bf16" and x is x32:
                bf16_ratio = ratio
            if key in formats.SMALL_FORMATS and x is x32:
                small_ratios[key] = ratio
    verdict = "ok" if bf16_ratio >= 0.25 else "BELOW the goal"
    print(
        f"\nBF16 encode throughput / ml_dtypes' cast (float32 input): {bf16_ratio:.2f} "
        f"(goal: at least 0.25; {verdict})"
    )
    if small_ratios:
        worst = min(small_ratios, key=small_ratios.get)
        verdict = "ok" if small_ratios[worst] >= 0.5 else "BELOW the goal"
        print(
            f"Below eight bits (FP6, FP4, E8M0), the lowest ratio: {small_ratios[worst]:.2f} "
            f"({worst}; goal: at least 0.5; {verdict})"
        )


PARTS = {
    "notebooks": bench_notebooks,
    "widgets": bench_widgets,
    "drawings": bench_drawings,
    "imports": bench_imports,
    "comm": bench_comm,
    "measure": bench_measure,
    "formats": bench_formats,
}


def main(args: list[str]) -> None:
    parts = [a for a in args if a in PARTS]
    names = [a for a in args if a not in PARTS]
    if names:
        from helpers.widgets import BUILDERS

        unknown = set(names) - set(BUILDERS)
        if unknown:
            sys.exit(
                f"unknown part(s) or widget(s) {sorted(unknown)}; parts: {list(PARTS)}; "
                f"widgets: {sorted(BUILDERS)}"
            )
        parts = [p for p in parts if p != "widgets"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Machine: {platform.machine()}, {platform.system()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {load} (other work slows every timing)"
    )
    if names:  # only these widgets
        print("\n### widgets\n")
        bench_widgets(names)
    for name in parts if args else PARTS:
        print(f"\n### {name}\n")
        PARTS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
