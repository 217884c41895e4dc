"""The roofline model: how fast a kernel can run on a chip, from its arithmetic intensity.

A chip has two roofs: its peak compute (FLOP/s) and its memory bandwidth (B/s). A kernel that does
``F`` floating-point operations while moving ``B`` bytes to and from memory has an *arithmetic
intensity* ``I = F / B`` (FLOP/B). It can run no faster than

    attainable(I) = min(peak, I x bandwidth)            (FLOP/s)

The two roofs meet at the *ridge point* ``peak / bandwidth`` (FLOP/B): below it a kernel is
memory-bound, above it compute-bound. Equivalently, a kernel takes at least
``max(F / peak, B / bandwidth)`` seconds.

Units: FLOP (a multiply-add counts 2), bytes (B), seconds, FLOP/s, B/s, FLOP/B. Peaks are dense
unless a name says ``sparse``. Every hardware figure comes from :mod:`helpers.specs`; the one
exception is :func:`measure_cpu`, which times the learner's own machine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from . import checks, specs
from .specs import Chip, Figure, System
from .tables import NOT_PUBLISHED, Table
from .units import percent, si, times

Bound = Literal["compute", "memory"]


def attainable(intensity: float | np.ndarray, peak: float, bandwidth: float) -> float | np.ndarray:
    """The highest FLOP/s a kernel of ``intensity`` (FLOP/B) can reach: ``min(peak, I x BW)``.

    Args:
        intensity: arithmetic intensity in FLOP/B (a number or a numpy array), at least 0.
        peak: peak compute in FLOP/s, positive.
        bandwidth: memory bandwidth in B/s, positive.

    Returns:
        FLOP/s, a float for a number and an array for an array.

    Raises:
        ValueError: naming the parameter, for a negative intensity or a peak or bandwidth <= 0.
    """
    peak = checks.positive("peak", peak)
    bandwidth = checks.positive("bandwidth", bandwidth)
    result = np.minimum(peak, checks.values("intensity", intensity) * bandwidth)
    return float(result) if np.ndim(result) == 0 else result


def ridge_point(peak: float, bandwidth: float) -> float:
    """The arithmetic intensity (FLOP/B) where the roofs meet: ``peak / bandwidth``.

    A kernel needs at least this many FLOPs per byte moved to keep the compute units busy.
    """
    return checks.positive("peak", peak) / checks.positive("bandwidth", bandwidth)


def _dims(m: int, n: int, k: int) -> tuple[int, int, int]:
    for name, v in (("m", m), ("n", n), ("k", k)):
        if int(v) != v or v < 1:
            raise ValueError(f"{name}={v!r} must be a whole number, at least 1")
    return int(m), int(n), int(k)


def matmul_flops(m: int, n: int, k: int) -> float:
    """FLOPs of ``C[m, n] = A[m, k] @ B[k, n]``: ``2 m n k`` (one multiply and one add each)."""
    m, n, k = _dims(m, n, k)
    return 2.0 * m * n * k


def matmul_bytes(m: int, n: int, k: int, element_bytes: float = 2) -> float:
    """Bytes a matrix multiply must move at least: read A (m x k) and B (k x n), write C (m x n).

    ``element_bytes`` is the size of one element in bytes (2 for BF16, 4 for FP32, 1 for FP8).
    This is the ideal case, each matrix moved once; real kernels with small caches move more.
    """
    m, n, k = _dims(m, n, k)
    return (m * k + k * n + m * n) * checks.positive("element_bytes", element_bytes)


def matmul_intensity(m: int, n: int, k: int, element_bytes: float = 2) -> float:
    """Arithmetic intensity (FLOP/B) of an (m x k) @ (k x n) multiply with ``element_bytes``
    bytes per element: ``2mnk / (element_bytes (mk + kn + mn))``.

    With one row (m = 1, a single token through a layer) it is about 1 FLOP/B in BF16 whatever the
    other sizes; for a square n x n x n multiply it is n / 3 in BF16.
    """
    return matmul_flops(m, n, k) / matmul_bytes(m, n, k, element_bytes)


def kernel_time(flops: float, bytes_moved: float, peak: float, bandwidth: float) -> float:
    """The shortest time (s) of a kernel: ``max(flops / peak, bytes / bandwidth)``.

    Args:
        flops: operations in FLOP, at least 0.
        bytes_moved: bytes read and written, at least 0.
        peak: FLOP/s, positive.
        bandwidth: B/s, positive.
    """
    compute = float(checks.values("flops", flops)) / checks.positive("peak", peak)
    memory = float(checks.values("bytes_moved", bytes_moved)) / checks.positive(
        "bandwidth", bandwidth
    )
    return max(compute, memory)


def bound(intensity: float, peak: float, bandwidth: float) -> Bound:
    """``"memory"`` below the ridge point, ``"compute"`` at or above it."""
    intensity = float(checks.values("intensity", intensity))
    return "compute" if intensity >= ridge_point(peak, bandwidth) else "memory"


def mfu(achieved: float, peak: float) -> float:
    """Model FLOPs utilisation: the model's useful FLOP/s divided by the peak (a fraction)."""
    return float(checks.values("achieved", achieved)) / checks.positive("peak", peak)


def training_flops_per_token(params: float) -> float:
    """FLOPs to train on one token: about ``6 x params`` (2 forward, 4 backward per parameter).

    This is the count MFU uses (it leaves out attention's own FLOPs and any recomputation).
    """
    return 6.0 * checks.positive("params", params)


def inference_flops_per_token(params: float) -> float:
    """FLOPs to run one token forward (prefill or decode): about ``2 x params`` (one multiply
    and one add per parameter), attention's own FLOPs left out. A third of the training count."""
    return 2.0 * checks.positive("params", params)


def training_mfu(tokens_per_s: float, params: float, peak: float) -> float:
    """MFU of a training run that processes ``tokens_per_s`` tokens/s of a model with ``params``
    (active) parameters on hardware of ``peak`` FLOP/s: ``6 N x tokens/s / peak``."""
    achieved = training_flops_per_token(params) * float(checks.values("tokens_per_s", tokens_per_s))
    return mfu(achieved, peak)


# ---------------------------------------------------------------------------------------------
# Roofs of the course's chips and systems
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Roof:
    """One machine's two roofs.

    Attributes:
        key: short name ("ascend910c", "cm384", "cpu"...).
        name: display name.
        peak: peak compute in FLOP/s.
        bandwidth: memory bandwidth in B/s.
        style_key: the system whose colour it takes in plots ("cm384", "nvl72"), or "".
        figures: the :mod:`helpers.specs` records it comes from (empty for a measurement).
        note: what the peak counts ("dense BF16", "FP32, measured").
        short: a short name for titles ("910C", "CM384"); ``name`` when empty.
    """

    key: str
    name: str
    peak: float
    bandwidth: float
    style_key: str = ""
    figures: tuple[Figure, ...] = ()
    note: str = "dense BF16"
    short: str = ""

    @property
    def label(self) -> str:
        """The short name, or the name when there is none."""
        return self.short or self.name

    @property
    def ridge(self) -> float:
        """The ridge point in FLOP/B."""
        return ridge_point(self.peak, self.bandwidth)

    def attainable(self, intensity: float | np.ndarray) -> float | np.ndarray:
        """FLOP/s this roof allows at ``intensity`` (FLOP/B)."""
        return attainable(intensity, self.peak, self.bandwidth)

    def time(self, flops: float, bytes_moved: float) -> float:
        """Shortest time (s) of a kernel on this machine."""
        return kernel_time(flops, bytes_moved, self.peak, self.bandwidth)

    def bound(self, intensity: float) -> Bound:
        """Which roof limits a kernel of ``intensity``."""
        return bound(intensity, self.peak, self.bandwidth)


def _roof(
    key: str,
    name: str,
    short: str,
    peak: Figure | None,
    bandwidth: Figure | None,
    sparse: bool,
    style_key: str,
) -> Roof:
    precision = "BF16 with 2:4 sparsity" if sparse else "dense BF16"
    if peak is None or bandwidth is None:
        what = f"{precision} peak" if peak is None else "HBM bandwidth"
        raise checks.NotPublished(
            f"sparse={sparse!r}: the {what} of the {name} is {NOT_PUBLISHED}; the course "
            "draws no roof from a guess"
        )
    tag = " (2:4 sparse)" if sparse else ""
    return Roof(
        key + ("_sparse" if sparse else ""),
        name + tag,
        peak.value,
        bandwidth.value,
        style_key,
        (peak, bandwidth),
        precision,
        short + (" sparse" if sparse else ""),
    )


def _system_with(chip: Chip) -> str:
    """The key of the first system of the registry built of ``chip`` (whose look it takes)."""
    return next((s.key for s in specs.SYSTEMS.values() if s.chip.key == chip.key), "")


def chip_roof(chip: Chip | str, sparse: bool = False) -> Roof:
    """The roofs of ``chip``: dense BF16 peak (or its 2:4 sparse peak) and HBM bandwidth.

    Raises:
        ValueError: when its maker publishes no such peak ("not published": no roof is drawn
            from a guess) or no HBM bandwidth.
    """
    chip = checks.chip("chip", chip)
    peak = chip.bf16_sparse if sparse else chip.bf16_dense
    short = chip.name.removeprefix("Ascend ")
    return _roof(chip.key, chip.name, short, peak, chip.hbm_bandwidth, sparse, _system_with(chip))


def system_roof(system: System | str, sparse: bool = False) -> Roof:
    """The roofs of a whole system: its chips' dense BF16 (or 2:4 sparse) peak and HBM bandwidth
    added up.

    Raises:
        ValueError: when its maker publishes no such peak or no HBM bandwidth.
    """
    system = checks.system("system", system)
    name = f"{system.key}.bf16_sparse"
    peak = specs.FIGURES.get(name) if sparse else system.bf16_dense
    if sparse and peak is None:
        peak = system.peak("bf16", sparse=True)
    return _roof(
        system.key, system.name, system.short, peak, system.hbm_bandwidth, sparse, system.key
    )


Scope = Literal["chips", "systems"]


def course_roofs(scope: Scope = "chips", systems: Any = None) -> tuple[Roof, ...]:
    """The roofs the course compares: the chips (Ascend 910C, B200) or the systems (CloudMatrix
    384, GB200 NVL72) of ``systems`` (the article's two by default, CM384's side first), leaving
    out those whose maker publishes no dense BF16 peak (:func:`unpublished`)."""
    chosen = checks.systems("systems", systems)
    if scope == "chips":
        chips = {s.chip.key: s.chip for s in chosen if s.chip.bf16_dense is not None}
        return tuple(chip_roof(c) for c in chips.values())
    if scope == "systems":
        return tuple(system_roof(s) for s in chosen if s.bf16_dense is not None)
    raise ValueError(f"scope={scope!r} is not one of ['chips', 'systems']")


def unpublished(systems: Any = None) -> tuple[System, ...]:
    """Those of ``systems`` whose maker publishes no dense BF16 peak: tables and rooflines say
    "not published" for them instead of drawing a guess."""
    return tuple(s for s in checks.systems("systems", systems) if s.bf16_dense is None)


def sparse_roof(scope: Scope = "chips") -> Roof:
    """NVIDIA's 2:4 sparse peak as a roof: the B200's, or the NVL72's (its 360 PFLOPS headline)."""
    if scope == "chips":
        return chip_roof(specs.B200, sparse=True)
    if scope == "systems":
        return system_roof(specs.NVL72, sparse=True)
    raise ValueError(f"scope={scope!r} is not one of ['chips', 'systems']")


def figures_used() -> tuple[Figure, ...]:
    """The specs records notebook 02 uses: roofs, MFUs, the article's peaks, Llama 3 70B's shape
    (for its Sources list)."""
    roofs = (*course_roofs("chips"), *course_roofs("systems"), sparse_roof("chips"))
    mfus = tuple(specs.FIGURES[n] for n in MFU_FIGURES)
    article = (specs.ARTICLE_FIGURES["cm384_bf16"], specs.ARTICLE_FIGURES["nvl72_bf16"])
    model = (specs.LLAMA3_70B.hidden, specs.LLAMA3_70B_FFN, specs.LLAMA3_70B.params)
    nvidia = tuple(
        specs.FIGURES[n]
        for n in ("hgx_b200.bf16_dense", "nvl72.bf16_sparse_quoted", "ascend910c.dies")
    )
    roof_figures = (f for r in (*roofs, sparse_roof("systems")) for f in r.figures)
    return (*roof_figures, *mfus, *article, *model, *nvidia, specs.FIGURES["cpu.numpy_ridge"])


#: Published MFUs of large training runs, and the course's assumption (names in specs).
MFU_FIGURES: tuple[str, ...] = (
    "llama3_405b.training_mfu",
    "palm_540b.training_mfu",
    "course.training_mfu",
)


def effective_flops(roof: Roof, mfu: float | None = None) -> float:
    """FLOP/s a training run gets from ``roof`` at a model FLOPs utilisation of ``mfu`` (a
    fraction; the course's assumption, ``course.training_mfu``, by default)."""
    if mfu is None:
        mfu = specs.FIGURES["course.training_mfu"].value
    return roof.peak * checks.fraction("mfu", mfu, open_low=True)


def peaks_table(systems: Any = None) -> Table:
    """Dense and 2:4 sparse BF16 peaks per chip and per system of ``systems`` (the article's
    two by default; "not published" where the maker gives none), and the dense ratio of the
    article's two; with NVIDIA's HGX B200 (a server of eight B200, at a lower power limit) for
    comparison."""
    rows = []
    for s in checks.systems("systems", systems):
        for what, dense, sparse in (
            (f"{s.chip.name} in the {s.name}", s.chip.bf16_dense, s.chip.peak("bf16", True)),
            (s.name, s.bf16_dense, specs.FIGURES.get(f"{s.key}.bf16_sparse")),
        ):
            rows.append(
                [
                    what,
                    si(dense.value, "FLOP/s") if dense else NOT_PUBLISHED,
                    si(sparse.value, "FLOP/s") if sparse else "none",
                ]
            )
    hgx = specs.FIGURES["hgx_b200.bf16_dense"]
    sparse_hgx = si(2 * hgx.value, "FLOP/s")  # NVIDIA quotes it sparse, twice the dense
    rows.append(["HGX B200 (server, not in an NVL72)", si(hgx.value, "FLOP/s"), sparse_hgx])
    cm, nv = specs.ARTICLE_PAIR.systems
    return Table(
        ("", "dense BF16", "BF16 with 2:4 sparsity"),
        rows,
        caption=f"Dense to dense, {cm.short} / {nv.short} = "
        f"{times(cm.bf16_dense.value / nv.bf16_dense.value)}; one {nv.chip.name} = "
        f"{times(chip_ratio())} an {cm.chip.name}. Huawei quotes no sparse figure.",
    )


def tokens_to_ridge(roof: Roof, n: int, k: int, element_bytes: float = 2) -> float:
    """The rows ``m`` (tokens processed together) at which an (m x k) @ (k x n) multiply
    reaches ``roof``'s ridge point: solving ``2mnk = ridge x e (mk + kn + mn)`` for ``m``.
    Infinite when even a huge ``m`` stays below the ridge (``k`` and ``n`` too small)."""
    _dims(1, n, k)
    e = checks.positive("element_bytes", element_bytes)
    per_row = matmul_flops(1, n, k) - roof.ridge * e * (k + n)
    return roof.ridge * e * k * n / per_row if per_row > 0 else float("inf")


def chip_ratio() -> float:
    """Dense BF16 of one B200 in Ascend 910Cs (about 3.2)."""
    return specs.B200.bf16_dense.value / specs.ASCEND_910C.bf16_dense.value


def roof_table(intensity: float | None = None, systems: Any = None) -> Table:
    """Peak, bandwidth and ridge point of the chips and the systems of ``systems`` (the
    article's two by default); with ``intensity`` (FLOP/B), what each attains there and which
    roof limits it. A system whose maker publishes no dense BF16 peak gets a row that says so."""
    columns = ["", "peak (dense BF16)", "HBM bandwidth", "ridge point"]
    if intensity is not None:
        columns += [f"attainable at {intensity:.3g} FLOP/B", "of peak", "bound"]
    rows = []
    for roof in (*course_roofs("chips", systems), *course_roofs("systems", systems)):
        row = [
            roof.name,
            si(roof.peak, "FLOP/s"),
            si(roof.bandwidth, "B/s", 4, prefix="T"),
            f"{roof.ridge:.4g} FLOP/B",
        ]
        if intensity is not None:
            got = roof.attainable(intensity)
            row += [si(got, "FLOP/s"), percent(got / roof.peak), roof.bound(intensity)]
        rows.append(row)
    for system in unpublished(systems):
        rows.append([system.name, NOT_PUBLISHED, *["-"] * (len(columns) - 2)])
    return Table(
        columns,
        rows,
        caption="Ridge point = peak / bandwidth. A system multiplies both roofs by its chip "
        "count, so its ridge point is its chip's.",
    )


# ---------------------------------------------------------------------------------------------
# The learner's own machine
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CpuMeasurement:
    """What :func:`measure_cpu` found on this machine.

    Attributes:
        matmul_flops: best FP32 matrix-multiply rate, FLOP/s.
        copy_bandwidth: best copy rate, B/s (bytes read plus bytes written).
        matmul_size: n of the n x n x n multiply timed.
        copy_bytes: size of the array copied, in bytes.
        seconds: wall time the measurement took.
    """

    matmul_flops: float
    copy_bandwidth: float
    matmul_size: int
    copy_bytes: int
    seconds: float

    def roof(self) -> Roof:
        """This machine as a :class:`Roof` (FP32: numpy has no BF16 matrix multiply)."""
        return Roof(
            "cpu",
            "this computer",
            self.matmul_flops,
            self.copy_bandwidth,
            note="FP32, measured with numpy",
        )

    def __repr__(self) -> str:
        from .units import si

        r = self.roof()
        return (
            f"This computer (numpy, FP32): {si(self.matmul_flops, 'FLOP/s')} on a "
            f"{self.matmul_size}^3 matmul, {si(self.copy_bandwidth, 'B/s')} copying "
            f"{si(self.copy_bytes, 'B')}; ridge point {r.ridge:.3g} FLOP/B "
            f"(measured in {self.seconds:.2f} s)"
        )


def _best_rate(work: float, run, budget: float) -> float:
    best = float("inf")
    start = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
        if time.perf_counter() - start > budget:
            return work / best


def measure_cpu(
    matmul_size: int = 768, copy_mb: float = 64, budget_s: float = 1.2
) -> CpuMeasurement:
    """Time this machine: an FP32 numpy matmul (FLOP/s) and an array copy (B/s), best of repeats.

    Half of ``budget_s`` (seconds) goes to each; the whole takes a little more than ``budget_s``
    (under 2 s with the defaults). The copy counts the bytes read and the bytes written. The
    results depend on the machine and on what else runs on it.
    """
    n = _dims(matmul_size, 1, 1)[0]
    budget = checks.positive("budget_s", budget_s) / 2
    size = int(checks.positive("copy_mb", copy_mb) * 1e6) // 8
    start = time.perf_counter()
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    flops = _best_rate(matmul_flops(n, n, n), lambda: a @ b, budget)
    src = np.ones(size)
    dst = np.empty_like(src)
    bandwidth = _best_rate(2.0 * src.nbytes, lambda: np.copyto(dst, src), budget)
    return CpuMeasurement(flops, bandwidth, n, src.nbytes, time.perf_counter() - start)
