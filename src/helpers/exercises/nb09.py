"""Exercises and predictions of notebook 09 (check the next headline): every answer computed
from the headlines' claims walked down the ladder (:mod:`helpers.headline`)."""

from __future__ import annotations

from .. import headline, specs
from ..headline import shipped
from ..headline.basis import BINARY_SHARE, Basis, figure_on
from ..units import PFLOPS, percent, times
from .core import Exercise

NB = "09_the_next_headline"
_TB = 1e12
_PERCENT = 250  # the wording's percentage: an example, not a figure
_STRICT = f"{_PERCENT} % more"
_DECIMAL, _BINARY = 1000, 1024  # GB per TB, as SI counts them and as Huawei's total did


def _claim(key: str, i: int = 0) -> headline.Claim:
    return shipped.headline(key).claims()[i]


def _like(key: str, i: int = 0, steps: tuple[str, ...] | None = None) -> float:
    ratio = headline.normalise(_claim(key, i), steps).ratio
    if ratio is None:
        raise ValueError(f"the {key} claim {i} cannot be computed from the registry")
    return ratio


def _per_chip() -> float:
    return _like("huawei_atlas950", 0, (*headline.CORRECTIONS, "per_package"))


def _bucket(ratio: float, stated: float, step: float, labels: tuple[str, str, str]) -> str:
    """labels[1] when ``ratio`` rounds to ``stated``, labels[0] below, labels[2] above."""
    if abs(ratio - stated) <= step / 2:
        return labels[1]
    return labels[0] if ratio < stated else labels[2]


_HBM = ("less than", "about", "more than")


def _against(stated: headline.Stated) -> tuple[str, ...]:
    """The choices of a prediction set against a stated ratio."""
    return tuple(f"{w} {times(stated.value, 2)}" for w in _HBM)


def _compare(key: str, i: int = 0) -> str:
    """The choice of :func:`_against` the like-for-like ratio of claim ``i`` of ``key`` makes."""
    stated = _claim(key, i).stated
    return _bucket(_like(key, i), stated.value, stated.step, _against(stated))


def _which(ratio: float, first: str, second: str) -> str:
    """``first`` when ``ratio`` (first / second) is above 1.1, ``second`` below 1/1.1."""
    return first if ratio > 1.1 else second if ratio < 1 / 1.1 else "about the same"


_HUAWEI_MEMORY = _claim("huawei_atlas950", 1).stated
_RUBIN = _claim("nvidia_rubin_compute").stated
_ATLAS = specs.system("atlas950")
_RUBIN_RACK = specs.system("vr_nvl72")
_FP8 = Basis(precision="fp8")


def _fp64_peak_ratio() -> float:
    return _like("google_ironwood", 0, ("peak",))


def _per_chip_bf16() -> float:
    basis = Basis(precision="bf16", scope="package")
    return figure_on("ironwood_pod", "compute", basis) / figure_on("el_capitan", "compute", basis)


def _per_die_fp8() -> float:
    return figure_on(_RUBIN_RACK, "compute", _FP8.but(scope="die")) / PFLOPS


EXERCISES = (
    Exercise(
        id="09.per_chip_compute",
        notebook=NB,
        kind="predict",
        prompt=f"The {_ATLAS.name} has {_ATLAS.n:,} chips, NVIDIA's Vera Rubin rack "
        f"{_RUBIN_RACK.n}. One chip against one chip (one package each), dense FP8: which "
        "computes more?",
        choices=(f"the {_ATLAS.chip.name}", "the Rubin GPU", "about the same"),
        answer=lambda: _which(_per_chip(), f"the {_ATLAS.chip.name}", "the Rubin GPU"),
        reveals=lambda: (times(_per_chip()), times(1 / _per_chip())),
        explain="A package of each: the Rubin GPU's dense FP8 peak is many times the Ascend "
        "950DT's. Huawei's lead is in the number of chips, not in each chip.",
    ),
    Exercise(
        id="09.huawei_memory_hbm",
        notebook=NB,
        kind="predict",
        prompt=f"Huawei states {_HUAWEI_MEMORY.describe()} the memory. Set HBM against HBM, both "
        "in decimal TB: how does the ratio compare with the stated one?",
        choices=_against(_HUAWEI_MEMORY),
        answer=lambda: _compare("huawei_atlas950", 1),
        reveals=lambda: (times(_like("huawei_atlas950", 1)),),
        explain="NVIDIA's side counted its CPUs' memory too; HBM alone is a fraction of it. "
        "Like for like, Huawei's lead in memory is larger than it said.",
    ),
    Exercise(
        id="09.ironwood_same_precision",
        notebook=NB,
        kind="predict",
        prompt="Peak against peak, at one precision both are rated in: which has more compute, "
        "one Ironwood pod or El Capitan?",
        choices=("the Ironwood pod", "El Capitan", "about the same"),
        answer=lambda: _which(_like("google_ironwood"), "the Ironwood pod", "El Capitan"),
        reveals=lambda: (times(_like("google_ironwood")),),
        explain="El Capitan's accelerators have low-precision units too; at one precision, peak "
        "against peak, the order of the headline reverses.",
    ),
    Exercise(
        id="09.rubin_dense_fp4",
        notebook=NB,
        kind="predict",
        prompt=f"The press reports {_RUBIN.describe()} the compute. Dense FP4 against dense FP4, "
        "how does the Rubin rack over the GB300 rack compare with that?",
        choices=_against(_RUBIN),
        answer=lambda: _compare("nvidia_rubin_compute"),
        reveals=lambda: (times(_like("nvidia_rubin_compute")),),
        explain="The stated ratio divides Rubin's sparse FP4 peak by the GB300's dense one.",
    ),
    Exercise(
        id="09.strict_more",
        notebook=NB,
        prompt=f"A headline says a system has {_STRICT} bandwidth than another. Read strictly, "
        "how many times the other's bandwidth is that?",
        answer=lambda: headline.read_stated(_STRICT).value,
        unit="x",
        rel_tol=0.001,
        hint="Strictly, N % more is the whole plus N % of it.",
        solution=f"The whole plus {_PERCENT} % of it: {{answer}}. Loosely "
        f"written, the same words are sometimes meant as "
        f"{headline.read_stated(_STRICT).readings[1]:g}x; the course flags such wordings and "
        "shows both.",
        code="from helpers import headline\nanswer = headline.read_stated('250 % more').value",
    ),
    Exercise(
        id="09.atlas_decimal_tb",
        notebook=NB,
        prompt=f"The {_ATLAS.name} has {_ATLAS.n:,} chips of "
        f"{_ATLAS.chip.hbm_capacity.value / 1e9:g} GB of HBM each. How many decimal TB (1 TB = "
        f"{_DECIMAL:,} GB) is that in all?",
        answer=lambda: figure_on(_ATLAS, "memory capacity", Basis()) / _TB,
        unit="TB",
        rel_tol=0.002,
        hint=f"Multiply, then divide the GB by {_DECIMAL:,} (Huawei divided by {_BINARY:,}).",
        solution=f"Chips x GB per chip / {_DECIMAL:,} = {{answer}}; Huawei's total divides by "
        f"{_BINARY:,} instead, which reads {percent(1 - BINARY_SHARE, 2)} lower.",
        code="from helpers import headline, specs\n"
        "answer = headline.figure_on('atlas950', 'memory capacity', headline.Basis()) / 1e12",
    ),
    Exercise(
        id="09.ironwood_per_chip_bf16",
        notebook=NB,
        prompt="One chip against one chip, dense BF16 peak: an Ironwood TPU over one of El "
        "Capitan's MI300A accelerators?",
        answer=_per_chip_bf16,
        unit="x",
        rel_tol=0.01,
        hint="Both are rated in BF16: divide the two chips' dense BF16 peaks.",
        solution="Ironwood's dense BF16 peak / the MI300A's = {answer}: per chip the TPU is "
        "ahead, yet El Capitan has several times as many chips as a pod.",
        code="from helpers import headline\n"
        "basis = headline.Basis(precision='bf16', scope='package')\n"
        "answer = (headline.figure_on('ironwood_pod', 'compute', basis)\n"
        "          / headline.figure_on('el_capitan', 'compute', basis))",
    ),
    Exercise(
        id="09.ironwood_fp64_peak_ratio",
        notebook=NB,
        prompt="Take only the first step of the ladder for Google's claim: the Ironwood pod's "
        "FP8 peak over El Capitan's FP64 peak (not its measured HPL result). What is the "
        "ratio?",
        answer=_fp64_peak_ratio,
        unit="x",
        rel_tol=0.01,
        hint="Replace El Capitan's measured result with its FP64 peak; keep the pod's FP8 peak.",
        solution="Pod FP8 peak / El Capitan FP64 peak = {answer}: the measured result is a "
        "share of the peak, so the ratio shrinks. A second step, one precision, reverses it.",
        code="from helpers import headline\nfrom helpers.headline import shipped\n"
        "c = shipped.headline('google_ironwood').claims()[0]\n"
        "answer = headline.normalise(c, ['peak']).ratio",
    ),
    Exercise(
        id="09.per_die_fp8",
        notebook=NB,
        prompt="NVIDIA's name NVL144 counted dies, two per Rubin package. How many PFLOPS of "
        "dense FP8 does one Rubin die have?",
        answer=_per_die_fp8,
        unit="PFLOPS",
        rel_tol=0.01,
        hint="The rack's dense FP8 peak divided by its packages, then by the dies per package.",
        solution="Dense FP8 per package / dies per package = {answer}.",
        code="from helpers import headline\n"
        "basis = headline.Basis(precision='fp8', scope='die')\n"
        "answer = headline.figure_on('vr_nvl72', 'compute', basis) / 1e15",
    ),
)
