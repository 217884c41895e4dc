"""Every hardware figure and workload configuration of the course, once, with its source.

Each figure is a :class:`Figure`: a value in SI base units, its unit, its kind (one of
:data:`KINDS`), its :class:`Source` and, for bandwidths, the direction it counts. All figures are
reachable by name through :data:`FIGURES`.

Units, everywhere in this module:

- compute in FLOP/s (``FLOP/s``), dense unless the name says ``sparse``;
- memory in bytes (``B``), decimal prefixes (1 GB = 1e9 B) as the vendors quote them;
- bandwidth in bytes per second (``B/s``), with ``direction`` "one" or "both"; figures quoted
  in bits per second (400 Gb/s) are stored in bytes per second (50e9 B/s), quote in ``quoted``;
- power in watts (``W``), money in US dollars (``USD``), time in seconds, length in metres.

Nothing here is typed twice: system totals, per-chip shares and the article's ratios are computed
(kind ``derived``) from per-chip figures of the same source. Where sources disagree, :data:`SPREADS`
lists every value; the first is the one the course uses.

This module imports nothing from the rest of the package.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal[
    "vendor", "measured", "analyst", "press", "article", "physics", "assumption", "derived"
]
#: Kinds of figure, from the maker's own word to the course's own choice.
KINDS: tuple[Kind, ...] = (
    "vendor",  # the maker's own spec sheet, paper or keynote
    "measured",  # a measurement on real hardware (nccl-tests bus bandwidth, a paper's tokens/s)
    "analyst",  # an estimate by an analyst firm
    "press",  # news, usually repeating an analyst
    "article",  # the course's source article
    "physics",  # a law or a constant
    "assumption",  # a value the course chooses, with a range and the reason
    "derived",  # computed here from other records
)
Direction = Literal["one", "both"]

# Decimal prefixes, as the sources quote their figures.
K, M, G, T, P = 1e3, 1e6, 1e9, 1e12, 1e15
BITS_PER_BYTE = 8


@dataclass(frozen=True)
class Source:
    """Where a figure comes from.

    Attributes:
        key: short name used across the course (``"SA"``, ``"PAPER"``...).
        title: title of the document, with its author or publisher.
        url: address of the document, or ``None`` when there is none (``no_url_reason`` says why).
        date: publication date, ``YYYY-MM-DD`` where known, else ``YYYY-MM`` or ``YYYY``; an undated
            web page says so and gives the year it was read.
        no_url_reason: why ``url`` is ``None``.
    """

    key: str
    title: str
    url: str | None
    date: str
    no_url_reason: str = ""

    def cite(self) -> str:
        """One line: title, date and URL (or the reason there is none)."""
        where = self.url or f"no URL: {self.no_url_reason}"
        return f"{self.title} ({self.date}). {where}"


@dataclass(frozen=True)
class Figure:
    """One figure with its unit and provenance.

    Attributes:
        name: dotted name, ``<thing>.<quantity>`` (for example ``"b200.bf16_dense"``).
        value: the value in SI base units (see the module docstring).
        unit: the unit of ``value`` (``"FLOP/s"``, ``"B"``, ``"B/s"``, ``"W"``, ``"USD"``, ``"1"``).
        kind: one of :data:`KINDS`.
        source: where it comes from; ``None`` only for derived figures, which name their ``inputs``.
        label: a short human label ("dense BF16 per chip").
        quoted: how the source writes it ("300 PFLOPS", "2.8 Tb/s").
        direction: for bandwidths, "one" or "both" directions.
        step: the rounding step of the quoted value (300 PFLOPS quoted to 1 PFLOPS: step 1e15), used
            to check that a total computed from per-chip figures agrees with the quote.
        low, high: the range of an assumption or an estimate.
        note: anything a reader must know to use it correctly.
        inputs: for derived figures, the names of the figures it is computed from.
        formula: for derived figures, the computation in words.
    """

    name: str
    value: float
    unit: str
    kind: Kind
    source: Source | None
    label: str = ""
    quoted: str = ""
    direction: Direction | None = None
    step: float = 0.0
    low: float | None = None
    high: float | None = None
    note: str = ""
    inputs: tuple[str, ...] = ()
    formula: str = ""

    def __float__(self) -> float:
        return float(self.value)

    def cite(self) -> str:
        """Where the figure comes from, in one line."""
        if self.source is not None:
            return self.source.cite()
        return f"derived: {self.formula} (from {', '.join(self.inputs)})"

    def describe(self) -> str:
        """Several lines: the name, the value with its unit and direction, kind and source."""
        direction = f", {self.direction} direction{'s' if self.direction == 'both' else ''}"
        lines = [
            f"{self.name}: {self.label}" if self.label else self.name,
            f"  value:  {self.value:.6g} {self.unit}{direction if self.direction else ''}",
            f"  kind:   {self.kind}",
        ]
        if self.quoted:
            lines.append(f"  quoted: {self.quoted}")
        if self.low is not None and self.high is not None:
            lines.append(f"  range:  {self.low:.6g} to {self.high:.6g} {self.unit}")
        lines.append(f"  source: {self.cite()}")
        if self.note:
            lines.append(f"  note:   {self.note}")
        return "\n".join(lines)


#: Every figure of the course by name.
FIGURES: dict[str, Figure] = {}


def _register(fig: Figure) -> Figure:
    if fig.name in FIGURES:
        raise ValueError(f"name={fig.name!r} is registered twice; every figure lives once")
    if fig.kind not in KINDS:
        raise ValueError(f"kind={fig.kind!r} is not one of {KINDS}")
    FIGURES[fig.name] = fig
    return fig


def _fig(name: str, value: float, unit: str, kind: Kind, source: Source, **details) -> Figure:
    return _register(Figure(name, float(value), unit, kind, source, **details))


def derive(
    name: str,
    fn: Callable[..., float],
    inputs: tuple[Figure, ...],
    unit: str,
    formula: str,
    *,
    register: bool = True,
    **details,
) -> Figure:
    """A figure computed from others: ``fn(*values of inputs)``, kind ``derived``.

    Args:
        name: dotted name of the new figure.
        fn: the computation, taking the inputs' values in order.
        inputs: the figures it uses.
        unit: unit of the result.
        formula: the computation in words ("384 chips x 780 TFLOP/s").
        register: add it to :data:`FIGURES` (module-level records) or not (ad-hoc comparisons).
    """
    fig = Figure(
        name,
        float(fn(*(f.value for f in inputs))),
        unit,
        "derived",
        None,
        inputs=tuple(f.name for f in inputs),
        formula=formula,
        **details,
    )
    if register:
        _DERIVATIONS[name] = (fn, fig.inputs)
        return _register(fig)
    return fig


#: How each registered derived figure is computed: name -> (function, input names), in the order
#: they were registered (inputs before what is derived from them).
_DERIVATIONS: dict[str, tuple[Callable[..., float], tuple[str, ...]]] = {}


def _set_value(fig: Figure, value: float) -> None:
    object.__setattr__(fig, "value", float(value))  # frozen for everyone but perturbed()


@contextlib.contextmanager
def perturbed(changes: Mapping[str, float]) -> Iterator[None]:
    """Within the ``with`` block, the figures named in ``changes`` take the given values (SI
    units), every derived figure is recomputed from them, and the caches of the loaded helpers
    modules are cleared; on exit everything is as before.

    For tests and what-if questions: ``with perturbed({"ascend910c.hbm_capacity": 96e9}): ...``
    shows what follows a figure (``tests/test_prose.py`` checks that the prose does).

    Raises:
        ValueError: for a name that is not a figure, or a derived figure (change its inputs).
    """
    for name in changes:
        if get(name).kind == "derived":
            raise ValueError(f"changes has {name!r}, a derived figure: change its inputs instead")
    saved = {name: fig.value for name, fig in FIGURES.items()}
    try:
        for name, value in changes.items():
            _set_value(FIGURES[name], value)
        for name, (fn, inputs) in _DERIVATIONS.items():
            _set_value(FIGURES[name], fn(*(FIGURES[i].value for i in inputs)))
        _clear_caches()
        yield
    finally:
        for name, value in saved.items():
            _set_value(FIGURES[name], value)
        _clear_caches()


def _clear_caches() -> None:
    """Empty every ``functools`` cache at the top level of the loaded ``helpers`` modules."""
    package = __name__.split(".")[0]
    for module_name, module in list(sys.modules.items()):
        if module is None or not module_name.startswith(f"{package}."):
            continue
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def ratio(a: Figure, b: Figure, name: str | None = None) -> Figure:
    """``a / b`` as a derived, unregistered figure (unit ``"1"``); the units must match."""
    if a.unit != b.unit:
        raise ValueError(f"a.unit={a.unit!r} and b.unit={b.unit!r} differ; a ratio needs one unit")
    return derive(
        name or f"{a.name}/{b.name}",
        lambda x, y: x / y,
        (a, b),
        "1",
        f"{a.name} / {b.name}",
        register=False,
    )


# --------------------------------------------------------------------------------------------
# Sources (short names as in the course's FACTS table)
# --------------------------------------------------------------------------------------------
ARTICLE = Source(
    "ARTICLE",
    "Why CloudMatrix 384 Is the Game Changer Everyone Talking About (news article)",
    None,
    "2025",
    "the course's starting point, known to the course by its title and text only",
)
SA = Source(
    "SA",
    "SemiAnalysis, Huawei AI CloudMatrix 384 - China's Answer to Nvidia GB200 NVL72",
    "https://newsletter.semianalysis.com/p/huawei-ai-cloudmatrix-384-chinas-answer-to-nvidia-gb200-nvl72",
    "2025-04-16",
)
PAPER = Source(
    "PAPER",
    "Zuo et al., Serving Large Language Models on Huawei CloudMatrix384, arXiv 2506.12708 v3",
    "https://arxiv.org/abs/2506.12708",
    "2025-06-19",
)
NV_NVL72 = Source(
    "NV-NVL72",
    "NVIDIA, GB200 NVL72 product page and specifications",
    "https://www.nvidia.com/en-us/data-center/gb200-nvl72/",
    "2024-03-18 (announced at GTC 2024; page undated, read 2025)",
)
NV_NVLINK = Source(
    "NV-NVLINK",
    "NVIDIA, NVLink and NVLink Switch",
    "https://www.nvidia.com/en-us/data-center/nvlink/",
    "2024-03-18 (NVLink 5 announced at GTC 2024; page undated, read 2025)",
)
HC2025 = Source(
    "HC2025",
    "Huawei Connect 2025 keynote (Eric Xu), as reported by STCN",
    "https://www.stcn.com/article/detail/3345926.html",
    "2025-09-18",
)
HW_CLOUD = Source(
    "HW-CLOUD2025",
    "Huawei Cloud Ecosystem Conference 2025 in Wuhu: the CloudMatrix 384 launch slide, as "
    "reported by PCGuide",
    "https://www.pcguide.com/news/nvidia-finally-has-some-ai-competition-as-huawei-shows-off-data-center-supercomputer-that-is-better-on-all-metrics/",
    "2025-04-10",
)
OFP8 = Source(
    "OFP8",
    "Open Compute Project, OCP 8-bit Floating Point Specification (OFP8) Rev 1.0",
    "https://github.com/opencomputeproject/FP8",
    "2023-06-20",
)
IEEE754 = Source(
    "IEEE754",
    "IEEE Standard for Floating-Point Arithmetic, IEEE 754-2019",
    "https://doi.org/10.1109/IEEESTD.2019.8766229",
    "2019-07-22",
)
TPU_BF16 = Source(
    "TPU-BF16",
    "Google Cloud, The bfloat16 numerical format (TPU documentation); "
    "Kalamkar et al., A Study of BFLOAT16 for Deep Learning Training, arXiv 1905.12322",
    "https://cloud.google.com/tpu/docs/bfloat16",
    "2019-05-29 (study); page undated, read 2025",
)
NV_DAC = Source(
    "NV-DAC",
    "NVIDIA networking documentation, Copper DAC and LACC Cables Overview",
    "https://docs.nvidia.com/networking/display/400g100gpam4ovpub/copper-dac-and-lacc-cables-overview",
    "undated, read 2025",
)
FT = Source(
    "FT",
    "Financial Times on the CloudMatrix 384 and GB200 NVL72 prices, as reported by Benzinga: "
    "Huawei's New AI Cluster Takes On Nvidia, But At A Higher Cost Following Sanctions",
    "https://www.benzinga.com/government/regulations/25/04/45113788/huaweis-new-ai-cluster-takes-on-nvidia-but-at-a-higher-cost-following-sanctions",
    "2025-04-30",
)
STH = Source(
    "STH",
    "ServeTheHome (Patrick Kennedy), NVIDIA's GB200 NVL72 rack shown at GTC 2024",
    "https://servethehome.com/?p=76755",
    "2024-03",
)
TOMS = Source(
    "TOMS",
    "Tom's Hardware, Huawei's new AI CloudMatrix cluster beats Nvidia's GB200 by brute force, "
    "uses 4X the power",
    "https://www.tomshardware.com/tech-industry/artificial-intelligence/huaweis-new-ai-cloudmatrix-cluster-beats-nvidias-gb200-by-brute-force-uses-4x-the-power",
    "2025-04-20",
)
PRESS_LINKS = Source(
    "PRESS-LINKS",
    "Industry press on copper and optical interconnects (reach per lane rate, module power, "
    "the NVL72 copper spine)",
    None,
    "2024-2025",
    "figures repeated across industry reporting, with no single primary source",
)
PHYSICS = Source(
    "PHYSICS",
    "Speed of light in vacuum (SI definition) and the group index of silica fibre",
    "https://physics.nist.gov/cgi-bin/cuu/Value?c",
    "2019-05-20 (SI redefinition)",
)
LLAMA3 = Source(
    "LLAMA3",
    "Meta, Llama 3 model card and config.json (Meta-Llama-3-70B)",
    "https://huggingface.co/meta-llama/Meta-Llama-3-70B",
    "2024-04-18",
)
DSV3 = Source(
    "DSV3",
    "DeepSeek-AI, DeepSeek-V3 Technical Report, arXiv 2412.19437",
    "https://arxiv.org/abs/2412.19437",
    "2024-12-27",
)
SCALING_BOOK = Source(
    "SCALING-BOOK",
    "Jacob Austin, Swapnil Patil, Adam Paszke (Google DeepMind) and Reiner Pope (MatX), How to "
    "Think About GPUs, part 12 of How to Scale Your Model (jax-ml/scaling-book)",
    "https://jax-ml.github.io/scaling-book/gpus/",
    "2025-08-18",
)
COURSE = Source(
    "COURSE",
    "Scaling Up course: a value the course chooses (an assumption, with its range and reason)",
    None,
    "2025",
    "an assumption of the course, not a measurement; its range and reason are in the note",
)

#: Every source by its short name.
SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        ARTICLE,
        SA,
        PAPER,
        NV_NVL72,
        NV_NVLINK,
        HC2025,
        HW_CLOUD,
        OFP8,
        IEEE754,
        TPU_BF16,
        NV_DAC,
        FT,
        STH,
        TOMS,
        PRESS_LINKS,
        PHYSICS,
        LLAMA3,
        DSV3,
        SCALING_BOOK,
        COURSE,
    )
}


# --------------------------------------------------------------------------------------------
# Chips
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Chip:
    """One accelerator chip and the figures the course uses for it.

    ``None`` marks a figure the maker does not publish or the chip does not have.
    Bandwidths are one direction (``direction="one"``).
    """

    key: str
    name: str
    maker: str
    bf16_dense: Figure
    bf16_sparse: Figure | None
    fp8_dense: Figure | None
    hbm_capacity: Figure
    hbm_bandwidth: Figure
    scale_up_bandwidth: Figure
    scale_out_bandwidth: Figure
    power: Figure | None
    notes: tuple[str, ...] = ()


# Ascend 910C ---------------------------------------------------------------------------------
_910c = "ascend910c"
_910c_bf16_sa = _fig(
    f"{_910c}.bf16_dense",
    780 * T,
    "FLOP/s",
    "analyst",
    SA,
    label="Ascend 910C dense BF16",
    quoted="780 TFLOPS",
    step=1 * T,
    note="SA's estimate; 384 x 780 TFLOPS is the 300 PFLOPS of the article.",
)
_910c_dies = _fig(f"{_910c}.dies", 2, "1", "vendor", PAPER, label="dies per Ascend 910C")
_910c_die_bf16 = _fig(
    f"{_910c}.die_bf16_dense",
    376 * T,
    "FLOP/s",
    "vendor",
    PAPER,
    label="dense BF16 per 910C die",
    quoted="376 TFLOPS",
)
_910c_bf16_paper = derive(
    f"{_910c}.bf16_dense_paper",
    lambda dies, per_die: dies * per_die,
    (_910c_dies, _910c_die_bf16),
    "FLOP/s",
    "2 dies x 376 TFLOP/s (PAPER)",
    label="Ascend 910C dense BF16 (PAPER)",
)
_910c_fp16_hc = _fig(
    f"{_910c}.fp16_dense_hc2025",
    800 * T,
    "FLOP/s",
    "vendor",
    HC2025,
    label="Ascend 910C dense FP16 (Huawei Connect 2025)",
    quoted="800 TFLOPS FP16",
    note="An FP16 figure; Huawei gave no BF16 figure in that keynote.",
)
_910c_hbm = _fig(
    f"{_910c}.hbm_capacity",
    128 * G,
    "B",
    "vendor",
    HC2025,
    label="Ascend 910C HBM capacity",
    quoted="128 GB",
    note="8 stacks of HBM2E; the same figure is in PAPER.",
)
_910c_hbm_stacks = _fig(f"{_910c}.hbm_stacks", 8, "1", "vendor", PAPER, label="HBM2E stacks")
_910c_hbm_bw = _fig(
    f"{_910c}.hbm_bandwidth",
    3.2 * T,
    "B/s",
    "vendor",
    HC2025,
    label="Ascend 910C HBM bandwidth",
    quoted="3.2 TB/s",
)
_910c_ub_links_per_die = _fig(
    f"{_910c}.ub_links_per_die", 7, "1", "vendor", PAPER, label="UB links per die"
)
_910c_ub_link_bw = _fig(
    f"{_910c}.ub_link_bandwidth",
    28 * G,
    "B/s",
    "vendor",
    PAPER,
    label="bandwidth of one UB link",
    quoted="about 28 GB/s",
    direction="one",
)
_910c_scale_up = _fig(
    f"{_910c}.scale_up_bandwidth",
    392 * G,
    "B/s",
    "vendor",
    PAPER,
    label="Ascend 910C scale-up (UB) bandwidth",
    quoted="392 GB/s",
    direction="one",
    step=1 * G,
    note="14 UB links (7 per die, 2 dies) of about 28 GB/s each.",
)
_910c_scale_up_sa = _fig(
    f"{_910c}.scale_up_bandwidth_sa",
    2.8 * T / BITS_PER_BYTE,
    "B/s",
    "analyst",
    SA,
    label="Ascend 910C scale-up bandwidth (SA)",
    quoted="2.8 Tb/s",
    direction="one",
    note="2.8 Tb/s = 350 GB/s; the basis of the 269 TB/s system total.",
)
_910c_scale_up_hc = _fig(
    f"{_910c}.scale_up_bandwidth_hc2025",
    784 * G,
    "B/s",
    "vendor",
    HC2025,
    label="Ascend 910C interconnect bandwidth (Huawei Connect 2025)",
    quoted="784 GB/s",
    direction="both",
    note="Direction not stated; twice PAPER's 392 GB/s one way, so most likely both directions.",
)
_910c_scale_out = _fig(
    f"{_910c}.scale_out_bandwidth",
    400 * G / BITS_PER_BYTE,
    "B/s",
    "vendor",
    PAPER,
    label="Ascend 910C scale-out (RoCE) bandwidth",
    quoted="400 Gb/s",
    direction="one",
)

ASCEND_910C = Chip(
    key=_910c,
    name="Ascend 910C",
    maker="Huawei",
    bf16_dense=_910c_bf16_sa,
    bf16_sparse=None,
    fp8_dense=None,
    hbm_capacity=_910c_hbm,
    hbm_bandwidth=_910c_hbm_bw,
    scale_up_bandwidth=_910c_scale_up,
    scale_out_bandwidth=_910c_scale_out,
    power=None,
    notes=(
        "No FP8: the 910C has no FP8 units; the CloudMatrix paper serves in INT8.",
        "Huawei publishes no chip power; the course uses the system power divided by 384.",
    ),
)

# B200 (in GB200 NVL72) -----------------------------------------------------------------------
_b200 = "b200"
_b200_bf16 = _fig(
    f"{_b200}.bf16_dense",
    2.5 * P,
    "FLOP/s",
    "vendor",
    NV_NVL72,
    label="B200 dense BF16",
    quoted="2.5 PFLOPS",
    note="NVIDIA's tables quote 5 PFLOPS 'with sparsity'; dense is half.",
)
_b200_bf16_sparse = _fig(
    f"{_b200}.bf16_sparse",
    5 * P,
    "FLOP/s",
    "vendor",
    NV_NVL72,
    label="B200 BF16 with 2:4 sparsity",
    quoted="5 PFLOPS",
)
_b200_fp8 = _fig(
    f"{_b200}.fp8_dense",
    5 * P,
    "FLOP/s",
    "vendor",
    NV_NVL72,
    label="B200 dense FP8",
    quoted="5 PFLOPS",
)
_b200_hbm_sa = _fig(
    f"{_b200}.hbm_capacity",
    192 * G,
    "B",
    "vendor",
    NV_NVL72,
    label="B200 HBM capacity per GPU (NVIDIA, March 2024; the physical HBM3e)",
    quoted="Up to 192 GB HBM3e",
    note="NVIDIA's GTC 2024 tables, read through a public copy of the March 2024 pages: up to "
    "192 GB per GPU (HGX B200 table), up to 384 GB per GB200 Superchip of two B200. "
    "SemiAnalysis uses the same 192 GB (13.8 TB per NVL72, the basis of the article's 3.6x). "
    "NVIDIA later lists 186 GB for the B200 in the GB200 and 180 GB for the HGX B200.",
)
_b200_hbm_nv = _fig(
    f"{_b200}.hbm_capacity_listed",
    186 * G,
    "B",
    "vendor",
    NV_NVL72,
    label="B200 HBM capacity (NVIDIA's listed)",
    quoted="186 GB",
    note="What NVIDIA lists per GPU in the NVL72 (13.4 TB per rack).",
)
_b200_hbm_bw = _fig(
    f"{_b200}.hbm_bandwidth",
    8 * T,
    "B/s",
    "vendor",
    NV_NVL72,
    label="B200 HBM bandwidth",
    quoted="8 TB/s",
)
_b200_nvlink_links = _fig(
    f"{_b200}.nvlink_links", 18, "1", "vendor", NV_NVLINK, label="NVLink 5 links per GPU"
)
_b200_nvlink_link_bw = _fig(
    f"{_b200}.nvlink_link_bandwidth",
    100 * G,
    "B/s",
    "vendor",
    NV_NVLINK,
    label="bandwidth of one NVLink 5 link",
    quoted="100 GB/s",
    direction="both",
)
_b200_scale_up = _fig(
    f"{_b200}.scale_up_bandwidth",
    900 * G,
    "B/s",
    "vendor",
    NV_NVLINK,
    label="B200 scale-up (NVLink 5) bandwidth",
    quoted="1.8 TB/s both directions",
    direction="one",
    note="NVIDIA quotes 1.8 TB/s counting both directions: 900 GB/s each way.",
)
_b200_scale_out = _fig(
    f"{_b200}.scale_out_bandwidth",
    400 * G / BITS_PER_BYTE,
    "B/s",
    "analyst",
    SA,
    label="B200 scale-out bandwidth (SA's assumption)",
    quoted="400 Gb/s",
    direction="one",
    note="SA assumes one 400G NIC per GPU; deployments also use 800G.",
)
_b200_power = _fig(
    f"{_b200}.power",
    1200,
    "W",
    "vendor",
    NV_NVL72,
    label="B200 GPU power (up to)",
    quoted="Configurable up to 1,200W",
    note="NVIDIA's Blackwell datasheet, GB200 NVL72 column, 'Max Thermal Design Power (TDP)'; "
    "the HGX B200 is configurable up to 1,000W.",
)

B200 = Chip(
    key=_b200,
    name="B200",
    maker="NVIDIA",
    bf16_dense=_b200_bf16,
    bf16_sparse=_b200_bf16_sparse,
    fp8_dense=_b200_fp8,
    hbm_capacity=_b200_hbm_sa,
    hbm_bandwidth=_b200_hbm_bw,
    scale_up_bandwidth=_b200_scale_up,
    scale_out_bandwidth=_b200_scale_out,
    power=_b200_power,
)


# --------------------------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class System:
    """One scale-up system: its chips, counts, power and price, and its totals.

    Totals (``bf16_dense``, ``hbm_capacity``, ``hbm_bandwidth``, ``scale_up_bandwidth``,
    ``scale_out_bandwidth``) are derived: chips x the per-chip figure of the same source.
    ``scale_up_bandwidth`` counts both directions, as both makers quote their totals;
    ``scale_out_bandwidth`` counts one direction. ``quoted`` holds each total as its source
    writes it, so the two can be compared (tests/test_specs.py).
    """

    key: str
    name: str
    short: str
    chip: Chip
    chips: Figure
    cpus: Figure
    racks: Figure
    power: Figure
    price: Figure
    bf16_dense: Figure
    hbm_capacity: Figure
    hbm_bandwidth: Figure
    scale_up_bandwidth: Figure
    scale_out_bandwidth: Figure
    power_per_chip: Figure
    quoted: dict[str, Figure] = field(default_factory=dict)

    @property
    def n(self) -> int:
        """Number of accelerator chips."""
        return int(self.chips.value)


def _total(system_key: str, quantity: str, chips: Figure, per_chip: Figure, **details) -> Figure:
    return derive(
        f"{system_key}.{quantity}",
        lambda n, x: n * x,
        (chips, per_chip),
        per_chip.unit,
        f"{chips.name} x {per_chip.name}",
        direction=per_chip.direction,
        **details,
    )


def _total_both_ways(
    system_key: str, quantity: str, chips: Figure, per_chip: Figure, label: str
) -> Figure:
    return derive(
        f"{system_key}.{quantity}",
        lambda n, x: 2 * n * x,
        (chips, per_chip),
        per_chip.unit,
        f"2 directions x {chips.name} x {per_chip.name}",
        direction="both",
        label=label,
    )


# CloudMatrix 384 -----------------------------------------------------------------------------
_cm = "cm384"
_cm_chips = _fig(f"{_cm}.chips", 384, "1", "vendor", PAPER, label="Ascend 910C per CM384")
_cm_cpus = _fig(f"{_cm}.cpus", 192, "1", "vendor", PAPER, label="Kunpeng CPUs per CM384")
_cm_nodes = _fig(f"{_cm}.nodes", 48, "1", "vendor", PAPER, label="nodes (servers)")
_cm_npus_per_node = _fig(f"{_cm}.npus_per_node", 8, "1", "vendor", PAPER, label="NPUs per node")
_cm_racks = _fig(
    f"{_cm}.racks",
    16,
    "1",
    "vendor",
    PAPER,
    label="racks",
    note="12 compute racks of 32 NPUs and 4 switch racks (SA).",
)
_cm_compute_racks = _fig(f"{_cm}.compute_racks", 12, "1", "analyst", SA, label="compute racks")
_cm_switch_racks = _fig(f"{_cm}.switch_racks", 4, "1", "analyst", SA, label="switch racks")
_cm_power = _fig(
    f"{_cm}.power",
    559 * K,
    "W",
    "analyst",
    SA,
    label="CM384 all-in power",
    quoted="559 kW",
    note="SA's table (an image), as the press reads it: 'The CloudMatrix 384's total system "
    "power requirement is estimated at 559 kW, nearly four times the 145 kW consumed by the "
    "GB200 NVL72 configuration.' (Winbuzzer, 2025-04-20). SA's text says close to 600 kW "
    "(cm384.power_sa_text). Huawei publishes no figure.",
)
_cm_power_text = _fig(
    f"{_cm}.power_sa_text",
    600 * K,
    "W",
    "analyst",
    SA,
    label="CM384 power (SA's text)",
    quoted="We estimate that one CM384 supernode draws close to 600kW of power – more than 4 "
    "times that of Nvidia's GB200 NVL72 rack, which consumes about 145kW.",
    note="In the subscribers' part of SA's article (section 'System-level Power Budget').",
)
_cm_price = _fig(
    f"{_cm}.price",
    8.2 * M,
    "USD",
    "press",
    FT,
    label="CM384 price",
    quoted="CloudMatrix 384 sells for about 60 million Chinese yuan ($8.2 million), a set "
    "compared to $3 million for Nvidia's NVL72.",
)
_cm_price_cny = _fig(
    f"{_cm}.price_cny",
    60 * M,
    "CNY",
    "press",
    FT,
    label="CM384 price in yuan",
    quoted="about 60 million Chinese yuan",
)
_cm_quoted = {
    "bf16_dense": _fig(
        f"{_cm}.bf16_dense_quoted",
        300 * P,
        "FLOP/s",
        "vendor",
        HW_CLOUD,
        label="CM384 dense BF16 (as quoted)",
        quoted="300 PFLOPS",
        step=1 * P,
        note="Huawei's own claim on its launch slide; SA's table gives the same total (384 x its "
        "780 TFLOPS estimate).",
    ),
    "hbm_capacity": _fig(
        f"{_cm}.hbm_capacity_quoted",
        49.2 * T,
        "B",
        "analyst",
        SA,
        label="CM384 HBM capacity (as quoted)",
        quoted="49.2 TB",
        step=0.1 * T,
    ),
    "hbm_bandwidth": _fig(
        f"{_cm}.hbm_bandwidth_quoted",
        1229 * T,
        "B/s",
        "vendor",
        HW_CLOUD,
        label="CM384 HBM bandwidth (as quoted)",
        quoted="1,229 TB/s",
        step=1 * T,
        note="Huawei's own claim on its launch slide; SA's table gives the same total.",
    ),
    "scale_up_bandwidth_sa": _fig(
        f"{_cm}.scale_up_bandwidth_sa_quoted",
        269 * T,
        "B/s",
        "vendor",
        HW_CLOUD,
        label="CM384 scale-up bandwidth (as quoted)",
        quoted="269 TB/s",
        direction="both",
        step=1 * T,
        note="Huawei's own claim on its launch slide, repeated by SA: 384 x 350 GB/s x 2.",
    ),
    "scale_out_bandwidth": _fig(
        f"{_cm}.scale_out_bandwidth_quoted",
        153.6 * T / BITS_PER_BYTE,
        "B/s",
        "analyst",
        SA,
        label="CM384 scale-out bandwidth (as quoted)",
        quoted="153.6 Tb/s",
        direction="one",
        step=0.1 * T / BITS_PER_BYTE,
    ),
}

CM384 = System(
    key=_cm,
    name="CloudMatrix 384",
    short="CM384",
    chip=ASCEND_910C,
    chips=_cm_chips,
    cpus=_cm_cpus,
    racks=_cm_racks,
    power=_cm_power,
    price=_cm_price,
    bf16_dense=_total(_cm, "bf16_dense", _cm_chips, _910c_bf16_sa, label="CM384 dense BF16"),
    hbm_capacity=_total(_cm, "hbm_capacity", _cm_chips, _910c_hbm, label="CM384 HBM"),
    hbm_bandwidth=_total(_cm, "hbm_bandwidth", _cm_chips, _910c_hbm_bw, label="CM384 HBM BW"),
    scale_up_bandwidth=_total_both_ways(
        _cm, "scale_up_bandwidth", _cm_chips, _910c_scale_up, "CM384 scale-up bandwidth"
    ),
    scale_out_bandwidth=_total(
        _cm, "scale_out_bandwidth", _cm_chips, _910c_scale_out, label="CM384 scale-out bandwidth"
    ),
    power_per_chip=derive(
        f"{_cm}.power_per_chip",
        lambda w, n: w / n,
        (_cm_power, _cm_chips),
        "W",
        "CM384 all-in power / 384 chips",
        label="CM384 all-in power per chip",
    ),
    quoted=_cm_quoted,
)

# GB200 NVL72 ---------------------------------------------------------------------------------
_nv = "nvl72"
_nv_chips = _fig(f"{_nv}.chips", 72, "1", "vendor", NV_NVL72, label="B200 GPUs per NVL72")
_nv_cpus = _fig(f"{_nv}.cpus", 36, "1", "vendor", NV_NVL72, label="Grace CPUs per NVL72")
_nv_racks = _fig(f"{_nv}.racks", 1, "1", "vendor", NV_NVL72, label="racks")
_nv_compute_trays = _fig(
    f"{_nv}.compute_trays",
    18,
    "1",
    "vendor",
    NV_NVL72,
    label="compute trays",
    note="Each tray holds 2 Grace CPUs and 4 B200 GPUs.",
)
_nv_switch_trays = _fig(f"{_nv}.switch_trays", 9, "1", "vendor", NV_NVL72, label="switch trays")
_nv_switch_chips = _fig(
    f"{_nv}.nvswitch_chips",
    18,
    "1",
    "vendor",
    NV_NVLINK,
    label="NVSwitch chips",
    note="9 trays x 2 chips; each GPU has one link to each of the 18 chips.",
)
_nv_power = _fig(
    f"{_nv}.power",
    145 * K,
    "W",
    "analyst",
    SA,
    label="NVL72 all-in power",
    quoted="about 145kW",
    note="SA's estimate, all-in as SA counts it (with networking beyond the rack); NVIDIA's "
    "rack as shown at GTC 2024 is a 120 kW system (nvl72.power_rack_it).",
)
_nv_power_it = _fig(
    f"{_nv}.power_rack_it",
    120 * K,
    "W",
    "press",
    STH,
    label="NVL72 rack IT load",
    quoted="Here is the 120kW flagship system stacked in a single rack.",
    note="ServeTheHome's report of the rack NVIDIA showed at GTC 2024; no NVIDIA page gives it.",
)
_nv_price = _fig(
    f"{_nv}.price",
    3 * M,
    "USD",
    "press",
    FT,
    label="NVL72 price",
    quoted="$3 million for Nvidia's NVL72",
    low=2.7 * M,
    high=3.5 * M,
    note="The FT's figure, in the same report as the CM384's price; other press estimates vary "
    "with configuration and buyer (US$2.7-3.5 million).",
)
_nv_quoted = {
    "bf16_dense": _fig(
        f"{_nv}.bf16_dense_quoted",
        180 * P,
        "FLOP/s",
        "vendor",
        NV_NVL72,
        label="NVL72 dense BF16 (as quoted)",
        quoted="180 PFLOPS",
        step=1 * P,
        note="NVIDIA's headline 360 PFLOPS counts 2:4 sparsity.",
    ),
    "hbm_capacity": _fig(
        f"{_nv}.hbm_capacity_quoted",
        13.8 * T,
        "B",
        "analyst",
        SA,
        label="NVL72 HBM capacity (as quoted by SA)",
        quoted="13.8 TB",
        step=0.1 * T,
    ),
    "hbm_bandwidth": _fig(
        f"{_nv}.hbm_bandwidth_quoted",
        576 * T,
        "B/s",
        "vendor",
        NV_NVL72,
        label="NVL72 HBM bandwidth (as quoted)",
        quoted="576 TB/s",
        step=1 * T,
    ),
    "scale_up_bandwidth": _fig(
        f"{_nv}.scale_up_bandwidth_quoted",
        130 * T,
        "B/s",
        "vendor",
        NV_NVLINK,
        label="NVL72 NVLink bandwidth (as quoted)",
        quoted="130 TB/s",
        direction="both",
        step=1 * T,
    ),
    "scale_out_bandwidth": _fig(
        f"{_nv}.scale_out_bandwidth_quoted",
        28.8 * T / BITS_PER_BYTE,
        "B/s",
        "analyst",
        SA,
        label="NVL72 scale-out bandwidth (as quoted)",
        quoted="28.8 Tb/s",
        direction="one",
        step=0.1 * T / BITS_PER_BYTE,
    ),
    "hbm_capacity_listed": _fig(
        f"{_nv}.hbm_capacity_listed_quoted",
        13.4 * T,
        "B",
        "vendor",
        NV_NVL72,
        label="NVL72 HBM capacity (as NVIDIA lists it)",
        quoted="13.4 TB",
        step=0.1 * T,
    ),
    "bf16_sparse": _fig(
        f"{_nv}.bf16_sparse_quoted",
        360 * P,
        "FLOP/s",
        "vendor",
        NV_NVL72,
        label="NVL72 BF16 with 2:4 sparsity (NVIDIA's headline)",
        quoted="360 PFLOPS",
        step=1 * P,
    ),
}
NVL72 = System(
    key=_nv,
    name="GB200 NVL72",
    short="NVL72",
    chip=B200,
    chips=_nv_chips,
    cpus=_nv_cpus,
    racks=_nv_racks,
    power=_nv_power,
    price=_nv_price,
    bf16_dense=_total(_nv, "bf16_dense", _nv_chips, _b200_bf16, label="NVL72 dense BF16"),
    hbm_capacity=_total(_nv, "hbm_capacity", _nv_chips, _b200_hbm_sa, label="NVL72 HBM"),
    hbm_bandwidth=_total(_nv, "hbm_bandwidth", _nv_chips, _b200_hbm_bw, label="NVL72 HBM BW"),
    scale_up_bandwidth=_total_both_ways(
        _nv, "scale_up_bandwidth", _nv_chips, _b200_scale_up, "NVL72 NVLink bandwidth"
    ),
    scale_out_bandwidth=_total(
        _nv, "scale_out_bandwidth", _nv_chips, _b200_scale_out, label="NVL72 scale-out bandwidth"
    ),
    power_per_chip=derive(
        f"{_nv}.power_per_chip",
        lambda w, n: w / n,
        (_nv_power, _nv_chips),
        "W",
        "NVL72 all-in power / 72 GPUs",
        label="NVL72 all-in power per GPU",
    ),
    quoted=_nv_quoted,
)

#: The two systems the article compares, CM384 first.
SYSTEMS: tuple[System, System] = (CM384, NVL72)
#: Their chips, in the same order.
CHIPS: tuple[Chip, Chip] = (ASCEND_910C, B200)

# Alternative totals, each from per-chip figures of one source ---------------------------------
_cm_bf16_paper = _total(
    _cm, "bf16_dense_paper", _cm_chips, _910c_bf16_paper, label="CM384 dense BF16 (PAPER's 752)"
)
_cm_scale_up_sa = _total_both_ways(
    _cm, "scale_up_bandwidth_sa", _cm_chips, _910c_scale_up_sa, "CM384 scale-up bandwidth (SA)"
)
_nv_hbm_listed = _total(
    _nv, "hbm_capacity_listed", _nv_chips, _b200_hbm_nv, label="NVL72 HBM (NVIDIA's listed 186 GB)"
)
_nv_bf16_sparse_total = _total(
    _nv, "bf16_sparse", _nv_chips, _b200_bf16_sparse, label="NVL72 BF16 with 2:4 sparsity"
)

# --------------------------------------------------------------------------------------------
# The CM384 supernode network (PAPER) and the NVL72 fabric
# --------------------------------------------------------------------------------------------
_ub_l1_per_node = _fig(
    f"{_cm}.ub_l1_switches_per_node",
    7,
    "1",
    "vendor",
    PAPER,
    label="first-level UB switch chips per node",
)
_ub_planes = _fig(f"{_cm}.ub_planes", 7, "1", "vendor", PAPER, label="second-level UB planes")
_ub_l2_per_plane = _fig(
    f"{_cm}.ub_l2_switches_per_plane",
    16,
    "1",
    "vendor",
    PAPER,
    label="second-level UB switch chips per plane",
)
_ub_l2_ports = _fig(
    f"{_cm}.ub_l2_switch_ports", 48, "1", "vendor", PAPER, label="ports per second-level switch"
)
_ub_l1_uplinks = _fig(
    f"{_cm}.ub_l1_uplinks",
    16,
    "1",
    "vendor",
    PAPER,
    label="uplinks per first-level switch (one to each second-level chip of its plane)",
)
derive(
    f"{_cm}.ub_l1_switches",
    lambda nodes, per_node: nodes * per_node,
    (_cm_nodes, _ub_l1_per_node),
    "1",
    "48 nodes x 7 first-level switches",
    label="first-level UB switch chips",
)
derive(
    f"{_cm}.ub_l2_switches",
    lambda planes, per_plane: planes * per_plane,
    (_ub_planes, _ub_l2_per_plane),
    "1",
    "7 planes x 16 switches",
    label="second-level UB switch chips",
)
_cm_optical_links = derive(
    f"{_cm}.ub_optical_links",
    lambda nodes, per_node, up: nodes * per_node * up,
    (_cm_nodes, _ub_l1_per_node, _ub_l1_uplinks),
    "1",
    "336 first-level switches x 16 uplinks",
    label="optical first- to second-level links",
    note="Links inside a node are electrical; links that leave the node are optical.",
)
_fig(
    f"{_cm}.cross_node_bandwidth_loss",
    0.03,
    "1",
    "vendor",
    PAPER,
    label="bandwidth lost when crossing nodes (upper bound)",
    quoted="< 3 %",
)
_fig(
    f"{_cm}.cross_node_extra_latency",
    1e-6,
    "s",
    "vendor",
    PAPER,
    label="extra latency when crossing nodes (upper bound)",
    quoted="< 1 us",
)
_cm_transceivers_up = _fig(
    f"{_cm}.transceivers_scale_up",
    5376,
    "1",
    "analyst",
    SA,
    label="400G LPO transceivers (modules), scale-up",
    quoted="14 transceivers per chip",
    note="SA counts a module at each end of every optical cable: 14 modules per NPU, that is "
    "7 cables of 400G (7 x 400 Gb/s = SA's 2.8 Tb/s per chip). Not the graph's logical links.",
)
derive(
    f"{_cm}.optical_cables_scale_up",
    lambda modules: modules / 2,
    (_cm_transceivers_up,),
    "1",
    "scale-up modules / 2 (a module at each end of a cable)",
    label="optical scale-up cables (physical links)",
    note="Each cable carries two of the graph's logical first- to second-level links.",
)
_cm_transceivers_out = _fig(
    f"{_cm}.transceivers_scale_out",
    1536,
    "1",
    "analyst",
    SA,
    label="400G transceivers, scale-out",
)
_cm_transceivers = _fig(
    f"{_cm}.transceivers",
    6912,
    "1",
    "analyst",
    SA,
    label="optical transceivers in all",
    quoted="6,912 x 400G LPO",
    note="Modules, a module at each end of a cable: 5,376 scale-up + 1,536 scale-out.",
)
_cm_transceiver_rate = _fig(
    f"{_cm}.transceiver_rate",
    400 * G / BITS_PER_BYTE,
    "B/s",
    "analyst",
    SA,
    label="transceiver rate",
    quoted="400G",
    direction="one",
)
_cm_transceiver_rate_press = _fig(
    f"{_cm}.transceiver_rate_press",
    800 * G / BITS_PER_BYTE,
    "B/s",
    "press",
    TOMS,
    label="transceiver rate as some press wrote it",
    quoted="800G",
    direction="one",
    note="Wrong: SA and the Huawei exhibit show 400G LPO modules.",
)
_fig(
    f"{_nv}.copper_cables",
    5000,
    "1",
    "press",
    PRESS_LINKS,
    label="copper NVLink cables in the spine (more than)",
    quoted="over 5,000",
)
_fig(
    f"{_nv}.copper_length",
    3.2 * K,
    "m",
    "press",
    PRESS_LINKS,
    label="total copper cable length",
    quoted="about 3.2 km",
)
_fig(
    f"{_nv}.copper_power_saving",
    20 * K,
    "W",
    "press",
    PRESS_LINKS,
    label="power saved per rack by copper instead of optics",
    quoted="about 20 kW",
)

# --------------------------------------------------------------------------------------------
# Links (for the interconnect notebook)
# --------------------------------------------------------------------------------------------
for _rate, _reach in ((25, 7.0), (100, 2.0), (200, 1.0)):
    _fig(
        f"link.copper_reach_{_rate}g_lane",
        _reach,
        "m",
        "press",
        PRESS_LINKS,
        label=f"passive copper reach at {_rate} Gb/s per lane",
        quoted=f"about {_reach:g} m",
    )
_fig(
    "link.dac_reach",
    2.0,
    "m",
    "vendor",
    NV_DAC,
    label="passive DAC reach",
    quoted="0.5-2 m (3 m for splitters)",
    low=0.5,
    high=3.0,
)
_fig(
    "link.dac_power_per_end",
    0.1,
    "W",
    "vendor",
    NV_DAC,
    label="passive DAC power per end",
    quoted="about 0.1 W",
)
_fig(
    "link.active_copper_reach",
    5.0,
    "m",
    "vendor",
    NV_DAC,
    label="active copper reach",
    quoted="3-5 m",
    low=3.0,
    high=5.0,
)
_fig(
    "link.optics_800g_dsp_power",
    15.0,
    "W",
    "press",
    PRESS_LINKS,
    label="800G optical module power, with a DSP",
    quoted="about 14-16 W",
    low=14.0,
    high=16.0,
)
_lpo_800 = _fig(
    "link.optics_800g_lpo_power",
    8.5,
    "W",
    "press",
    PRESS_LINKS,
    label="800G linear-drive (LPO) module power",
    quoted="about 8-9 W",
    low=8.0,
    high=9.0,
)
_fig(
    "link.optics_400g_lpo_power",
    5.0,
    "W",
    "assumption",
    COURSE,
    label="400G LPO module power",
    low=4.0,
    high=6.0,
    note="About half an 800G LPO module (8-9 W), with margin: 4-6 W. No vendor figure found.",
)
_c = _fig(
    "physics.speed_of_light",
    299_792_458,
    "m/s",
    "physics",
    PHYSICS,
    label="speed of light in vacuum",
)
_n_group = _fig(
    "physics.fibre_group_index",
    1.47,
    "1",
    "physics",
    PHYSICS,
    label="group index of silica single-mode fibre",
    low=1.46,
    high=1.48,
)
derive(
    "link.fibre_delay_per_m",
    lambda c, n: n / c,
    (_c, _n_group),
    "s/m",
    "group index / speed of light",
    label="fibre delay per metre",
)

# --------------------------------------------------------------------------------------------
# Published measurements (models are set beside them)
# --------------------------------------------------------------------------------------------
_paper = f"{_cm}.paper"
_fig(
    f"{_paper}.prefill_tokens_per_s_per_npu",
    6688,
    "token/s",
    "measured",
    PAPER,
    label="prefill throughput per NPU (DeepSeek-R1, INT8)",
)
_fig(
    f"{_paper}.prefill_tokens_per_s_per_tflops",
    4.45,
    "token/s/TFLOPS",
    "measured",
    PAPER,
    label="prefill throughput per TFLOPS of the NPU",
)
_fig(
    f"{_paper}.decode_tokens_per_s_per_npu",
    1943,
    "token/s",
    "measured",
    PAPER,
    label="decode throughput per NPU (batch 96, 4K KV cache)",
)
_fig(
    f"{_paper}.decode_time_per_output_token",
    49.4e-3,
    "s",
    "measured",
    PAPER,
    label="time per output token at that throughput",
    note="The abstract says <50 ms TPOT; 49.4 ms is the figure of the paper's decode table "
    "(Table 3) as the course read it. 96 sequences / 49.4 ms = 1,943 tokens/s per NPU.",
)
_PAPER_TABLE_NOTE = (
    "From the paper's decode table (Table 3) as the course read it; its abstract gives only "
    "1,943 tokens/s per NPU at <50 ms TPOT. A 2026 check could not read the paper's body, so "
    "this figure is not confirmed independently."
)
_fig(
    f"{_paper}.decode_batch",
    96,
    "1",
    "vendor",
    PAPER,
    label="decode batch per NPU",
    note=_PAPER_TABLE_NOTE,
)
_fig(
    f"{_paper}.decode_kv_length",
    4096,
    "token",
    "vendor",
    PAPER,
    label="decode KV length",
    note=_PAPER_TABLE_NOTE,
)
_fig(
    f"{_paper}.decode_tokens_per_s_per_npu_15ms",
    538,
    "token/s",
    "measured",
    PAPER,
    label="decode throughput per NPU at a 15 ms per-token target",
)
_fig(
    f"{_paper}.decode_expert_parallel_dies",
    320,
    "1",
    "vendor",
    PAPER,
    label="dies the decode experts are spread over (EP320)",
    quoted="EP320",
    note="The abstract: a large-scale expert parallelism strategy supporting EP320.",
)
_fig(f"{_paper}.mmlu_int8", 90.82, "%", "measured", PAPER, label="MMLU, INT8 on CM384")
_fig(f"{_paper}.mmlu_official", 91.05, "%", "measured", PAPER, label="MMLU, official API")
_fig(
    "h100.nvlink_allreduce_busbw_measured",
    370 * G,
    "B/s",
    "measured",
    SCALING_BOOK,
    label="measured NVLink all-reduce bus bandwidth, 8 x H100 (arrays of about 10 GB per GPU)",
    quoted="close to 370GB/s",
    direction="one",
    note="Reached only with very large arrays: 'although only around 10GB/device' "
    "(h100.nvlink_allreduce_measured_size); smaller arrays get less.",
)
_fig(
    "h100.nvlink_bandwidth",
    450 * G,
    "B/s",
    "vendor",
    SCALING_BOOK,
    label="H100 NVLink 4 peak bandwidth",
    direction="one",
)
_fig(
    "h100.in_network_reduction_gain",
    0.30,
    "1",
    "measured",
    SCALING_BOOK,
    label="all-reduce gain from in-network reduction (NVLS)",
    quoted="about 30 %",
)


# --------------------------------------------------------------------------------------------
# Workload models
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ModelConfig:
    """A transformer's shape, as its maker publishes it. Counts are plain numbers (unit "1").

    ``kv_latent`` and ``kv_rope`` are for multi-head latent attention (MLA), which caches one
    compressed latent of ``kv_latent + kv_rope`` values per token per layer instead of keys and
    values per head; they are 0 for ordinary (grouped-query) attention.
    """

    key: str
    name: str
    params: Figure
    active_params: Figure
    layers: Figure
    hidden: Figure
    q_heads: Figure
    kv_heads: Figure
    head_dim: Figure
    kv_latent: Figure | None = None
    kv_rope: Figure | None = None
    routed_experts: Figure | None = None
    shared_experts: Figure | None = None
    active_experts: Figure | None = None

    @property
    def is_moe(self) -> bool:
        """True for a mixture-of-experts model."""
        return self.routed_experts is not None


def _model_fig(model: str, quantity: str, value: float, source: Source, label: str) -> Figure:
    return _fig(f"{model}.{quantity}", value, "1", "vendor", source, label=label)


_ll = "llama3_70b"
_ll_params = _fig(
    f"{_ll}.params",
    70.6 * G,
    "1",
    "vendor",
    LLAMA3,
    label="parameters",
    quoted="70B (70.6 billion from config.json)",
)
LLAMA3_70B = ModelConfig(
    key=_ll,
    name="Llama 3 70B",
    params=_ll_params,
    active_params=_ll_params,
    layers=_model_fig(_ll, "layers", 80, LLAMA3, "layers"),
    hidden=_model_fig(_ll, "hidden", 8192, LLAMA3, "hidden size"),
    q_heads=_model_fig(_ll, "q_heads", 64, LLAMA3, "query heads"),
    kv_heads=_model_fig(_ll, "kv_heads", 8, LLAMA3, "key/value heads (grouped-query attention)"),
    head_dim=_model_fig(_ll, "head_dim", 128, LLAMA3, "head size"),
)

_ds = "deepseek_v3"
DEEPSEEK_V3 = ModelConfig(
    key=_ds,
    name="DeepSeek-V3 / R1",
    params=_fig(f"{_ds}.params", 671 * G, "1", "vendor", DSV3, label="parameters"),
    active_params=_fig(
        f"{_ds}.active_params", 37 * G, "1", "vendor", DSV3, label="active parameters per token"
    ),
    layers=_model_fig(_ds, "layers", 61, DSV3, "layers"),
    hidden=_model_fig(_ds, "hidden", 7168, DSV3, "hidden size"),
    q_heads=_model_fig(_ds, "q_heads", 128, DSV3, "attention heads"),
    kv_heads=_model_fig(
        _ds, "kv_heads", 128, DSV3, "heads (MLA: keys and values rebuilt per head)"
    ),
    head_dim=_model_fig(_ds, "head_dim", 128, DSV3, "head size (no RoPE part)"),
    kv_latent=_model_fig(_ds, "kv_latent", 512, DSV3, "MLA compressed key/value latent"),
    kv_rope=_model_fig(_ds, "kv_rope", 64, DSV3, "MLA decoupled RoPE key"),
    routed_experts=_model_fig(_ds, "routed_experts", 256, DSV3, "routed experts per MoE layer"),
    shared_experts=_model_fig(_ds, "shared_experts", 1, DSV3, "shared experts per MoE layer"),
    active_experts=_model_fig(_ds, "active_experts", 8, DSV3, "routed experts active per token"),
)

#: The workload models of the course.
MODELS: dict[str, ModelConfig] = {m.key: m for m in (LLAMA3_70B, DEEPSEEK_V3)}


# --------------------------------------------------------------------------------------------
# Number formats: bit layouts only; helpers.formats derives every other constant from them
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FormatLayout:
    """The bit layout of a binary floating-point format.

    Attributes:
        key: course name ("fp32", "bf16", "fp16", "fp8_e4m3", "fp8_e5m2", "fp4_e2m1", "e8m0"...).
        name: display name.
        exponent_bits, mantissa_bits: field widths (plus one sign bit when ``signed``).
        special: "ieee" (all-ones exponent holds inf and NaN), "fn" (finite only: no infinities,
            the all-ones pattern is the only NaN, as OCP E4M3) or "none" (no inf and no NaN:
            every pattern is a number, as the OCP MX FP6 and FP4 element types).
        source: the standard that defines it.
        signed: whether a sign bit leads (False for the MX scale type E8M0).
        subnormals: whether the all-zeros exponent holds zero and subnormal numbers; without
            them (E8M0) it is one more binade and the format has no zero.
    """

    key: str
    name: str
    exponent_bits: int
    mantissa_bits: int
    special: Literal["ieee", "fn", "none"]
    source: Source
    signed: bool = True
    subnormals: bool = True

    @property
    def bits(self) -> int:
        """Total width in bits."""
        return int(self.signed) + self.exponent_bits + self.mantissa_bits


#: The number formats of the course, widest first.
FORMAT_LAYOUTS: dict[str, FormatLayout] = {
    f.key: f
    for f in (
        FormatLayout("fp32", "FP32 (binary32)", 8, 23, "ieee", IEEE754),
        FormatLayout("fp16", "FP16 (binary16)", 5, 10, "ieee", IEEE754),
        FormatLayout("bf16", "BF16 (bfloat16)", 8, 7, "ieee", TPU_BF16),
        FormatLayout("fp8_e4m3", "FP8 E4M3 (OCP E4M3FN)", 4, 3, "fn", OFP8),
        FormatLayout("fp8_e5m2", "FP8 E5M2 (OCP)", 5, 2, "ieee", OFP8),
    )
}


# ---- Compute and memory (notebooks 02 and 03) ----
PALM = Source(
    "PALM",
    "Chowdhery et al. (Google), PaLM: Scaling Language Modeling with Pathways, arXiv 2204.02311",
    "https://arxiv.org/abs/2204.02311",
    "2022-04-05",
)
LLAMA3_PAPER = Source(
    "LLAMA3-PAPER",
    "Llama Team, AI @ Meta, The Llama 3 Herd of Models, arXiv 2407.21783 (Table 4)",
    "https://arxiv.org/abs/2407.21783",
    "2024-07-31",
)
ZERO = Source(
    "ZERO",
    "Rajbhandari et al. (Microsoft), ZeRO: Memory Optimizations Toward Training Trillion "
    "Parameter Models, arXiv 1910.02054",
    "https://arxiv.org/abs/1910.02054",
    "2019-10-04",
)
SOURCES.update({s.key: s for s in (PALM, LLAMA3_PAPER, ZERO)})

#: The MLP (feed-forward) width of Llama 3 70B: the n of its largest matrix multiplies.
LLAMA3_70B_FFN = _model_fig(_ll, "ffn_hidden", 28672, LLAMA3, "MLP intermediate size")
_fig(
    "llama3_405b.training_mfu",
    0.41,
    "1",
    "vendor",
    LLAMA3_PAPER,
    label="BF16 MFU of Llama 3 405B pre-training on 16,384 H100 GPUs",
    quoted="38-43 % BF16 MFU (400 TFLOPS per GPU at 16,384 GPUs)",
    low=0.38,
    high=0.43,
    note="43 % on 8,192 GPUs; 41 % on 16,384; 38 % on 16,384 with long-context parallelism.",
)
_fig(
    "llama3_405b.training_gpus",
    16384,
    "1",
    "vendor",
    LLAMA3_PAPER,
    label="H100 GPUs of Llama 3 405B's largest pre-training runs",
)
_fig(
    "palm_540b.training_chips",
    6144,
    "1",
    "vendor",
    PALM,
    label="TPU v4 chips of PaLM 540B's training",
)
_fig(
    "palm_540b.training_mfu",
    0.462,
    "1",
    "vendor",
    PALM,
    label="MFU of PaLM 540B training on 6,144 TPU v4 chips",
    quoted="46.2 % MFU (57.8 % hardware FLOPs utilisation)",
    note="Hardware FLOPs utilisation counts recomputed activations too; MFU does not.",
)
_fig(
    "course.training_mfu",
    0.40,
    "1",
    "assumption",
    COURSE,
    label="model FLOPs utilisation the course assumes for large training runs",
    low=0.30,
    high=0.50,
    note="Published large dense runs reach 38-43 % (Llama 3 405B on H100) and 46 % (PaLM 540B "
    "on TPU v4); MoE models and less tuned software stacks sit lower. Neither system of the "
    "article has a published MFU, so the course uses 40 % with a 30-50 % range for both.",
)
_fig(
    "zero.training_bytes_per_param",
    16,
    "B/param",
    "vendor",
    ZERO,
    label="bytes per parameter of mixed-precision Adam training (weights, gradients, optimizer)",
    quoted="16 bytes per parameter (2 + 2 + 12)",
    note="FP16/BF16 weights and gradients (2 + 2 B) and FP32 master weights, momentum and "
    "variance (4 + 4 + 4 B); activations and buffers come on top.",
)
NV_DATASHEET = Source(
    "NV-DATASHEET",
    "NVIDIA, Blackwell datasheet: per-GPU table of the GB200 NVL72 and the HGX B200",
    None,
    "2024-2025 (undated)",
    "read through a public copy of NVIDIA's table; NVIDIA's own address for it was not found",
)
LLAMA31 = Source(
    "LLAMA31",
    "Meta, Llama 3.1 model card and config.json (Llama-3.1-70B)",
    "https://huggingface.co/meta-llama/Llama-3.1-70B",
    "2024-07-23",
)
SOURCES.update({s.key: s for s in (NV_DATASHEET, LLAMA31)})
# The B200 has several NVIDIA figures: the B200 in the GB200 (up to 1,200 W) and the HGX B200
# (eight GPUs in a server, up to 1,000 W), and figures revised since GTC 2024.
_fig(
    f"{_nv}.hbm_capacity_2024",
    13.5 * T,
    "B",
    "vendor",
    NV_NVL72,
    label="NVL72 HBM capacity as NVIDIA's March 2024 page gave it",
    quoted="Up to 13.5 TB HBM3e",
    step=0.1 * T,
    note="The page now says up to 13.4 TB (72 x 186 GB); 72 x 192 GB would be 13.8 TB.",
)
_fig(
    "hgx_b200.bf16_dense",
    2.25 * P,
    "FLOP/s",
    "vendor",
    NV_DATASHEET,
    label="HGX B200 dense BF16 per GPU",
    quoted="4.5 PFLOPS",
    note="NVIDIA's table gives 4.5 PFLOPS with sparsity; dense is half. The B200 in the GB200 "
    "is rated 5 PFLOPS sparse (2.5 dense) at up to 1,200 W.",
)
_fig(
    "hgx_b200.hbm_capacity",
    180 * G,
    "B",
    "vendor",
    NV_DATASHEET,
    label="HGX B200 HBM capacity per GPU",
    quoted="180GB HBM3E",
    note="The same table lists 186 GB for the B200 in the GB200 NVL72.",
)
_fig(
    "hgx_b200.hbm_bandwidth",
    7.7 * T,
    "B/s",
    "vendor",
    NV_DATASHEET,
    label="HGX B200 HBM bandwidth per GPU",
    quoted="7.7TB/s",
)
_fig(
    "hgx_b200.power",
    1000,
    "W",
    "vendor",
    NV_DATASHEET,
    label="HGX B200 GPU power (up to)",
    quoted="Configurable up to 1,000W",
)
_fig(
    f"{_ll}.context_window",
    8192,
    "token",
    "vendor",
    LLAMA3,
    label="context window of Llama 3 70B",
    quoted="8k",
    note="config.json: max_position_embeddings 8192.",
)
_fig(
    "llama3_1_70b.context_window",
    131072,
    "token",
    "vendor",
    LLAMA31,
    label="context window of Llama 3.1 70B (Llama 3 70B's shape and KV layout)",
    quoted="128k",
    note="config.json: max_position_embeddings 131072; 80 layers, 8 KV heads and hidden size "
    "8192 as Llama 3 70B, so the same KV cache per token.",
)
_fig(
    f"{_ds}.mtp_tokens_per_step",
    2,
    "1",
    "vendor",
    DSV3,
    label="tokens a decode step can yield per sequence with multi-token prediction (MTP)",
    quoted="DeepSeek-V3 predicts the next 2 tokens through the MTP technique",
    note="One MTP module: the next token and one more, which speculative decoding accepts or "
    "rejects.",
)
_fig(
    f"{_ds}.mtp_acceptance",
    0.875,
    "1",
    "measured",
    DSV3,
    label="acceptance rate of DeepSeek-V3's second (MTP) token in decoding",
    quoted="between 85% and 90%",
    low=0.85,
    high=0.90,
    note="DeepSeek reports 1.8 times the tokens per second with it.",
)
_fig(
    f"{_ds}.decode_experts_per_gpu",
    1,
    "1",
    "vendor",
    DSV3,
    label="experts per GPU in DeepSeek's own decode deployment (EP320 on 320 GPUs)",
    quoted="each GPU hosts only one expert",
    note="Section 3.4.2: 64 of the 320 GPUs host redundant and shared experts.",
)
derive(
    f"{_paper}.decode_npus",
    lambda dies, per_npu: dies / per_npu,
    (FIGURES[f"{_paper}.decode_expert_parallel_dies"], _910c_dies),
    "1",
    "EP320 dies / 2 dies per Ascend 910C",
    label="Ascend 910C NPUs of the paper's decode deployment",
)


# ---- Interconnects (notebook 04) ----
# Per-step latencies (the alpha of the alpha-beta model), energy per bit, reach and delay of the
# link kinds notebook 04 compares: NVLink 5 over copper, 400G LPO optics (the CM384's UB links)
# and the scale-out network (RoCE / InfiniBand). Figures no document gives are assumptions with
# a range and the reason.
NCCL = Source(
    "NCCL",
    "NVIDIA, NCCL 2.20.3 source code, src/graph/tuning.cc: the library's own latency model "
    "(hwLat, per ring step, in microseconds)",
    "https://github.com/NVIDIA/nccl/blob/b6475625fbcaa2c3c0e50eed2fa1255d7514d4a2/src/graph/tuning.cc",
    "2024 (release 2.20.3)",
)
NV_BLACKWELL = Source(
    "NV-BLACKWELL",
    "NVIDIA, Blackwell Architecture Technical Brief (fifth-generation NVLink)",
    "https://resources.nvidia.com/en-us-blackwell-architecture",
    "2024-03",
)
LPO_MSA = Source(
    "LPO-MSA",
    "Linear Pluggable Optics MSA, 100G-DR-LPO specification (100 Gb/s per lane, single-mode), "
    "as announced at its release",
    "https://www.lpo-msa.org/",
    "2025-03",
)
SOURCES.update({s.key: s for s in (NCCL, NV_BLACKWELL, LPO_MSA)})

_nvlink_lanes = _fig(
    f"{_b200}.nvlink_lanes_per_direction",
    2,
    "1",
    "vendor",
    NV_BLACKWELL,
    label="differential pairs (lanes) per NVLink 5 link, each direction",
    note="Blackwell keeps Hopper's two pairs per direction and doubles the rate per pair.",
)
derive(
    f"{_b200}.nvlink_lane_rate",
    lambda link_both, lanes: link_both / 2 / lanes,
    (_b200_nvlink_link_bw, _nvlink_lanes),
    "B/s",
    "one NVLink 5 link (100 GB/s both ways) / 2 directions / 2 lanes",
    label="NVLink 5 rate per lane (200 Gb/s)",
    direction="one",
)
_fig(
    "link.lpo_reach",
    500.0,
    "m",
    "vendor",
    LPO_MSA,
    label="reach of 100G-per-lane linear pluggable optics on single-mode fibre",
    quoted="up to 500 m",
)
_fig(
    "link.optics_800g_rate",
    800 * G / BITS_PER_BYTE,
    "B/s",
    "press",
    PRESS_LINKS,
    label="rate of an 800G optical module",
    quoted="800G",
    direction="one",
)
_energy = "J/b"
derive(
    "link.optics_400g_lpo_energy_per_bit",
    lambda watts, rate: watts / (rate * BITS_PER_BYTE),
    (FIGURES["link.optics_400g_lpo_power"], _cm_transceiver_rate),
    _energy,
    "400G LPO module power / 400 Gb/s",
    label="energy per bit of one 400G LPO module",
    low=FIGURES["link.optics_400g_lpo_power"].low / (_cm_transceiver_rate.value * BITS_PER_BYTE),
    high=FIGURES["link.optics_400g_lpo_power"].high / (_cm_transceiver_rate.value * BITS_PER_BYTE),
)
for _module in ("dsp", "lpo"):
    derive(
        f"link.optics_800g_{_module}_energy_per_bit",
        lambda watts, rate: watts / (rate * BITS_PER_BYTE),
        (FIGURES[f"link.optics_800g_{_module}_power"], FIGURES["link.optics_800g_rate"]),
        _energy,
        f"800G {_module.upper()} module power / 800 Gb/s",
        label=f"energy per bit of one 800G {_module.upper()} module",
    )
_fig(
    "link.serdes_energy_per_bit",
    5e-12,
    _energy,
    "assumption",
    COURSE,
    label="energy per bit of a chip's long-reach SerDes (transmit and receive)",
    low=3e-12,
    high=8e-12,
    note="NVIDIA and Huawei publish no figure for NVLink 5 or UB. Long-reach 100-200G SerDes "
    "are commonly quoted at about 5 pJ/bit (against 1.3 pJ/bit for NVIDIA's short NVLink-C2C "
    "on a package); 3-8 pJ/bit covers the quotes. Every link kind pays it once.",
)
_fig(
    "link.copper_delay_per_m",
    4.5e-9,
    "s/m",
    "assumption",
    COURSE,
    label="signal delay of twinax copper cable per metre",
    low=4.2e-9,
    high=4.8e-9,
    note="Twinax with a foamed dielectric carries signals at about 0.7-0.8 of the speed of "
    "light: 4.2-4.8 ns per metre, close to fibre. Copper is not faster, it just cannot go far.",
)
_fig(
    "link.switch_hop_latency",
    300e-9,
    "s",
    "assumption",
    COURSE,
    label="latency of one switch hop (port to port)",
    low=100e-9,
    high=1e-6,
    note="Spec summaries put NVIDIA's Quantum-2 InfiniBand switch at about 150-400 ns port to "
    "port; Ethernet switches take 0.5-1 us. The CM384 paper's < 1 us for crossing nodes (two "
    "switch hops and the fibre) fits the range.",
)
_fig(
    "cm384.optical_link_length",
    20.0,
    "m",
    "assumption",
    COURSE,
    label="length of an optical link between CM384 racks",
    low=5.0,
    high=50.0,
    note="16 racks of about 0.6 m width in one or two rows, plus cable routing: 5-50 m. Huawei "
    "publishes no cable lengths.",
)
_fig(
    "nccl.ring_step_latency_nvlink",
    1.9e-6,
    "s",
    "vendor",
    NCCL,
    label="latency of one ring step over NVLink (NCCL's model, LL128 protocol)",
    quoted="1.9 us (LL 0.6, LL128 1.9, Simple 3.4)",
    low=0.6e-6,
    high=3.4e-6,
    note="NCCL's own tuning table; the range spans its three protocols, from small messages "
    "(LL) to large ones (Simple). A model value for Hopper-era NVLink, not a measurement.",
)
_fig(
    "nccl.ring_step_latency_net",
    4.0e-6,
    "s",
    "vendor",
    NCCL,
    label="latency of one ring step over the network (NCCL's model, LL128 protocol)",
    quoted="4.0 us (LL 2.7, LL128 4.0, Simple 14)",
    low=2.7e-6,
    high=14e-6,
    note="NCCL's own tuning table for InfiniBand/RoCE; the range spans its three protocols.",
)
_fig(
    "cm384.ub_step_latency",
    2e-6,
    "s",
    "assumption",
    COURSE,
    label="latency of one collective step over the UB network",
    low=0.6e-6,
    high=4.4e-6,
    note="Huawei publishes no per-step latency of its collective library over UB. The course "
    "assumes NVLink's order (NCCL models 0.6-3.4 us per ring step) plus up to 1 us for crossing "
    "nodes through the second-level switches (PAPER): 0.6-4.4 us.",
)


# ---- Number formats (notebook 01) ----
# What an FP8 figure would be for a whole system: the NVL72's GPUs have FP8 units (the 910C has
# none, see ASCEND_910C.notes), so its dense FP8 total is chips x per-chip FP8 of one source.
_total(_nv, "fp8_dense", _nv_chips, _b200_fp8, label="NVL72 dense FP8")


# ---- Capstone: reliability and the buyer's view (notebook 08) ----
_fig(
    "link.optical_module_afr",
    0.005,
    "1/year",
    "assumption",
    COURSE,
    label="annual failure rate of one optical module",
    low=0.001,
    high=0.02,
    note="No vendor publishes field failure rates of 400G LPO modules. Module datasheets rate an "
    "MTBF of the order of 0.5-5 million hours, which is 0.2-2 % a year (8,760 h / MTBF); the "
    "course takes 0.5 % and shows 0.1-2 %. Passive copper has no active part to fail.",
)
_fig(
    f"{_cm}.optical_cable_share",
    1.0,
    "1",
    "analyst",
    SA,
    label="share of the CM384's scale-up cables that are optical",
    quoted="100% Optics, 0% Copper",
    note="SA's subtitle, on the cabling: every cable that leaves a node is optical. Inside each "
    "node the NPUs reach their first-level UB switches over electrical links (PAPER).",
)
_BUYER_REASONS = {
    "software_support": (
        "how well the frameworks and models a buyer uses run out of the box",
        "NVL72: CUDA, with first-class PyTorch, JAX and every major serving stack. CM384: "
        "Huawei's CANN and MindSpore, with PyTorch through the torch_npu adapter; the "
        "CloudMatrix paper shows DeepSeek served well, after dedicated engineering.",
        (4, 2, 6),
        (9, 8, 10),
    ),
    "integration": (
        "how easily the system fits a data centre and an existing cluster",
        f"NVL72: one liquid-cooled rack of about {_nv_power_it.value / K:.0f}-"
        f"{_nv_power.value / K:.0f} kW, a standard part of NVIDIA clusters. CM384: "
        f"{_cm_racks.value:.0f} racks, {_cm_transceivers.value:,.0f} optical modules and about "
        f"{_cm_power.value / K:.0f} kW, integrated and supported by Huawei mostly inside China.",
        (5, 3, 7),
        (7, 5, 9),
    ),
    "developer_tools": (
        "profilers, debuggers, libraries and the people who know them",
        "NVL72: Nsight, cuDNN, NCCL, CUTLASS and a large pool of engineers. CM384: Huawei's "
        "toolchain (CANN, MindStudio), newer and with a much smaller community.",
        (4, 2, 6),
        (9, 8, 10),
    ),
}
for _criterion, (_what, _why, _cm_score, _nv_score) in _BUYER_REASONS.items():
    for _system_key, (_score, _low, _high) in (("cm384", _cm_score), ("nvl72", _nv_score)):
        _fig(
            f"buyer.{_criterion}.{_system_key}",
            _score,
            "score 0-10",
            "assumption",
            COURSE,
            label=f"{_criterion.replace('_', ' ')} score of {_system_key.upper()}: {_what}",
            low=_low,
            high=_high,
            note="A judgement of the course, not a measurement; the learner can set it. " + _why,
        )


# ---- Scaling and power (notebooks 06 and 07) ----
# Training-run figures of the workload models, the settings of the step-time model (global batch,
# sequence length, overlap of communication with compute), and the inputs of a run's energy and
# cost: PUE, electricity price, grid carbon intensity and the life a system is paid off over.
# The course's defaults are assumptions with a range, set beside the published values they come
# from; SemiAnalysis's two FLOP-per-watt ratios are recorded as quoted, to be recomputed.
UPTIME = Source(
    "UPTIME",
    "Uptime Institute Intelligence, Large data centers are mostly more efficient, analysis "
    "confirms (industry average PUE from the Global Data Center Survey)",
    "https://intelligence.uptimeinstitute.com/resource/large-data-centers-are-mostly-more-efficient-analysis-confirms",
    "2023-11-23",
)
GOOGLE_PUE = Source(
    "GOOGLE-PUE",
    "Google, Data centers: efficiency (fleet-wide trailing twelve-month PUE)",
    "https://www.google.com/about/datacenters/efficiency/",
    "2024 (page undated; the 2023 fleet average, read 2025)",
)
EMBER = Source(
    "EMBER",
    "Ember, Global Electricity Review 2024 (carbon intensity of global power generation in 2023)",
    "https://ember-climate.org/insights/research/global-electricity-review-2024/",
    "2024-05-08",
)
EIA = Source(
    "EIA",
    "U.S. Energy Information Administration, Electric Power Annual 2023 (average price of "
    "electricity to industrial customers)",
    "https://www.eia.gov/electricity/annual/",
    "2024-10-17",
)
SOURCES.update({s.key: s for s in (UPTIME, GOOGLE_PUE, EMBER, EIA)})

#: One kilowatt-hour in joules, and one (Julian) year in seconds: unit conversions.
KWH = 3.6e6
YEAR = 365.25 * 24 * 3600

_fig(
    f"{_ds}.dense_layers",
    3,
    "1",
    "vendor",
    DSV3,
    label="leading layers with a dense MLP instead of experts",
    note="DeepSeek-V3's first three layers keep a dense feed-forward network; the other 58 of "
    "its 61 layers are mixture-of-experts layers.",
)
_fig(
    f"{_ds}.training_tokens",
    14.8 * T,
    "token",
    "vendor",
    DSV3,
    label="pre-training tokens of DeepSeek-V3",
    quoted="14.8 trillion tokens",
)
_fig(
    f"{_ll}.training_tokens",
    15 * T,
    "token",
    "vendor",
    LLAMA3,
    label="pre-training tokens of Llama 3 70B",
    quoted="over 15 trillion tokens (15T+)",
    note="A lower bound: Meta writes 'over 15T tokens'.",
)
_fig(
    "course.global_batch_tokens",
    2**24,
    "token",
    "assumption",
    COURSE,
    label="tokens per training step (global batch) in the step-time model",
    quoted="16M tokens (2^24)",
    low=2**20,
    high=2**26,
    note="Llama 3 405B trained with 16M tokens per step after its warm-up (LLAMA3-PAPER); "
    "DeepSeek-V3 ramped up to 15,360 sequences of 4K tokens, about 63M (DSV3). Smaller runs "
    "use 1-4M. The course uses 16M for both models.",
)
_fig(
    "course.sequence_length",
    4096,
    "token",
    "assumption",
    COURSE,
    label="tokens per training sequence in the step-time model",
    low=2048,
    high=8192,
    note="DeepSeek-V3 pre-trained on 4K-token sequences (DSV3); Llama 3 on 8K after a 4K "
    "warm-up (LLAMA3-PAPER).",
)
_fig(
    "course.comm_overlap",
    0.5,
    "1",
    "assumption",
    COURSE,
    label="share of communication hidden behind computation",
    low=0.0,
    high=0.9,
    note="Frameworks start the gradient all-reduce while the backward pass still runs, and "
    "DeepSeek-V3's DualPipe schedule hides most of its expert all-to-all; tensor-parallel "
    "all-reduces sit on the critical path and are hard to hide. No system hides it all: 0-90 %.",
)
_fig(
    "uptime.average_pue",
    1.58,
    "1",
    "analyst",
    UPTIME,
    label="industry average PUE, 2023 (Uptime Institute survey)",
    quoted="1.58",
    note="Flat at 1.55-1.59 since about 2020; old facilities weigh on the average, new large "
    "ones reach 1.3 or better.",
)
_fig(
    "google.fleet_pue",
    1.10,
    "1",
    "vendor",
    GOOGLE_PUE,
    label="Google's fleet-wide average PUE, 2023",
    quoted="1.10",
)
_fig(
    "course.pue",
    1.3,
    "1",
    "assumption",
    COURSE,
    label="power usage effectiveness (facility power / IT power) the course assumes",
    low=1.1,
    high=1.6,
    note="New liquid-cooled AI halls aim at 1.1-1.3 (Google's fleet averages 1.10); the industry "
    "average is about 1.58 (Uptime Institute, 2023). Neither system has a published PUE.",
)
_fig(
    "eia.us_industrial_price",
    8.06e-2 / KWH,
    "USD/J",
    "analyst",
    EIA,
    label="average US price of electricity to industrial customers, 2023",
    quoted="8.06 cents/kWh",
    note="A statistical agency's average of what utilities report (revenue / energy sold).",
)
_fig(
    "course.electricity_price",
    0.08 / KWH,
    "USD/J",
    "assumption",
    COURSE,
    label="price of electricity, an example (set your own)",
    quoted="0.08 USD/kWh",
    low=0.04 / KWH,
    high=0.20 / KWH,
    note="An example, not a fact: US industrial customers paid 8.06 cents/kWh on average in 2023 "
    "(EIA); large buyers with their own contracts pay less, and European industry often pays "
    "twice as much. 4-20 cents/kWh.",
)
_fig(
    "ember.world_grid_intensity",
    0.48 / KWH,
    "kg/J",
    "analyst",
    EMBER,
    label="carbon intensity of the world's electricity, 2023",
    quoted="480 gCO2/kWh",
)
_fig(
    "course.grid_intensity",
    0.48 / KWH,
    "kg/J",
    "assumption",
    COURSE,
    label="carbon intensity of the grid, an example (set your own)",
    quoted="480 gCO2/kWh",
    low=0.03 / KWH,
    high=0.9 / KWH,
    note="An example, not a fact: the world average of 2023 (Ember). Hydro- or nuclear-heavy "
    "grids emit 30-60 g/kWh, coal-heavy ones 700-900 g/kWh.",
)
_fig(
    "course.system_life",
    4 * YEAR,
    "s",
    "assumption",
    COURSE,
    label="life a system's purchase price is spread over",
    quoted="4 years",
    low=3 * YEAR,
    high=6 * YEAR,
    note="Cloud providers depreciate servers over 5-6 years; accelerators lose their edge to "
    "the next generation in 2-3, so AI hardware is often priced over 3-5 years.",
)
_fig(
    "sa.flop_per_watt_ratio_subtitle",
    2.6,
    "1",
    "analyst",
    SA,
    label="NVL72 / CM384 FLOP per watt, as SemiAnalysis's subtitle states it",
    quoted="2.6x lower FLOP per Watt",
    step=0.1,
)
_fig(
    "sa.power_ratio_text",
    4.1,
    "1",
    "analyst",
    SA,
    label="CM384 / NVL72 power, as SemiAnalysis's text states it",
    quoted="4.1x the power of a GB200 NVL72",
    step=0.1,
    note="From SA's close to 600 kW (cm384.power_sa_text) against 145 kW.",
)
_fig(
    "sa.flop_per_watt_ratio_text",
    2.5,
    "1",
    "analyst",
    SA,
    label="CM384 / NVL72 power per FLOP, as SemiAnalysis's text states it",
    quoted="2.5x worse power per FLOP",
    step=0.1,
    note="SA's text: 'it takes 4.1x the power of a GB200 NVL72, with 2.5x worse power per FLOP, "
    "1.9x worse power per TB/s memory bandwidth, and 1.2x worse power per TB HBM memory "
    "capacity.'",
)
_fig(
    "sa.flop_per_watt_ratio_table",
    2.3,
    "1",
    "press",
    TOMS,
    label="CM384 / NVL72 power per FLOP, from SemiAnalysis's table as the press reports it",
    quoted="2.3 times less power-efficient per FLOP",
    step=0.1,
)


# ---- Review fixes (notebooks 01-05) ----
# The ridge point of a typical CPU under numpy (notebook 02's prediction about the learner's own
# computer, which the notebook then measures), the lane rates of the optical links (notebook
# 04's link table gave module rates as lane rates) and where the NVL72's compute trays sit
# (notebook 05's rack drawing).
NV_TWINPORT = Source(
    "NV-TWINPORT",
    "NVIDIA, MMA4Z00-NS 800Gb/s Twin-port OSFP, 2x400Gb/s Multimode 2xSR4 transceiver: "
    "product specifications, Overview",
    "https://docs.nvidia.com/networking/display/800GMMA4Z00NS/Overview",
    "undated, read 2025",
)
SOURCES.update({NV_TWINPORT.key: NV_TWINPORT})
_fig(
    "link.lpo_lane_rate",
    100 * G / BITS_PER_BYTE,
    "B/s",
    "vendor",
    LPO_MSA,
    label="rate of one lane of linear pluggable optics (4 lanes in a 400G module)",
    quoted="100 Gb/s per lane",
    direction="one",
)
_fig(
    "link.optics_800g_lane_rate",
    100 * G / BITS_PER_BYTE,
    "B/s",
    "vendor",
    NV_TWINPORT,
    label="rate of one lane of an 800G twin-port scale-out module (8 lanes, 2 x 400G)",
    quoted="400Gb/s ... based on the 100G-PAM4 modulation",
    direction="one",
)
_fig(
    "nvl72.compute_trays_above_switches",
    10,
    "1",
    "assumption",
    COURSE,
    label="compute trays above the NVLink switch trays in the NVL72 rack (the others sit below)",
    low=9,
    high=10,
    note="Photos and drawings of NVIDIA's GB200 NVL72 rack (GTC 2024) show 10 compute trays "
    "above the 9 switch trays and 8 below; the course found no document that states it, so it "
    "is kept as an assumption (9 would be the even split). Only notebook 05's rack drawing uses "
    "it; no number of the course depends on it.",
)
_fig(
    "cpu.numpy_ridge",
    10.0,
    "FLOP/B",
    "assumption",
    COURSE,
    label="ridge point of a laptop or desktop CPU running numpy (FP32 matmul over copy rate)",
    low=1.0,
    high=30.0,
    note="A typical value for the notebook's prediction, which the notebook then measures on "
    "the learner's own machine. A laptop or desktop CPU multiplies FP32 matrices with numpy at "
    "about 0.05-2 TFLOP/s and copies memory at about 10-100 GB/s: 1-30 FLOP/B.",
)

# ---- Notebooks 04-05 (issue 13): optics as the sources name them, the measured all-reduce's
# array size, and a chip's scale-up bandwidth beside its own memory's ----
CM384_WIRING = Source(
    "CM384-WIRING",
    "Architects' Tech Alliance, Inside Huawei Atlas 900A3 SuperPoD (CM384) Supernode Wiring "
    "Scheme (English summary of the Chinese article, besthub.dev)",
    "https://www.besthub.dev/articles/inside-huawei-atlas-900a3-superpod-cm384-supernode-wiring-scheme-a92f17277732",
    "undated, read 2026",
)
TIA_SR8 = Source(
    "TIA-SR8",
    "TIA Fiber Optics Technology Consortium, 400GBASE-SR8 (IEEE Std 802.3cm, clause 138): "
    "application overview",
    "https://www.tiafotc.org/ieee-802-3-ethernet-standards-update/multimode-standards-update/400gbase-sr8/",
    "undated, read 2026",
)
SOURCES.update({s.key: s for s in (CM384_WIRING, TIA_SR8)})
_cm_ub_ports = _fig(
    f"{_cm}.ub_optical_ports_per_node",
    56,
    "1",
    "press",
    CM384_WIRING,
    label="400G optical ports per compute node for the UB (scale-up) network",
    quoted="56 × 400 G ports for Lingqu‑bus interconnect",
    note="The same summary names 400G QSFP-DD SR8 modules and '2 688 × 400 G links' from the 12 "
    "compute racks: 48 nodes x 56 = SemiAnalysis's 2,688 chip-side modules, one cable each.",
)
derive(
    f"{_cm}.optical_cables_per_npu",
    lambda cables, chips: cables / chips,
    (FIGURES[f"{_cm}.optical_cables_scale_up"], _cm_chips),
    "1",
    "optical scale-up cables / NPUs",
    label="optical scale-up cables per NPU (one module at the NPU's end of each)",
)
derive(
    f"{_cm}.ub_links_per_cable",
    lambda links, cables: links / cables,
    (_cm_optical_links, FIGURES[f"{_cm}.optical_cables_scale_up"]),
    "1",
    "logical first- to second-level links of the paper's topology / optical cables",
    label="logical links of the graph carried by one optical cable",
    note="Two logical links of about 28 GB/s (56 GB/s) on a cable whose 400G modules carry "
    "50 GB/s each way: the same disagreement as the paper's 392 GB/s per NPU against "
    "SemiAnalysis's 350 GB/s.",
)
_fig(
    "link.sr8_reach",
    100.0,
    "m",
    "vendor",
    TIA_SR8,
    label="reach of 400GBASE-SR8 (8 lanes of 50 Gb/s, multimode OM4 fibre)",
    quoted="0.5 to 100",
    note="The operating range on OM4 multimode fibre in IEEE 802.3cm; 70 m on OM3. The module "
    "the CM384 wiring scheme names (400G QSFP-DD SR8); SemiAnalysis's free text says LPO, its "
    "subscriber text expects SR8.",
)
_fig(
    "link.sr8_lane_rate",
    50 * G / BITS_PER_BYTE,
    "B/s",
    "vendor",
    TIA_SR8,
    label="rate of one lane of a 400GBASE-SR8 module (8 lanes)",
    direction="one",
    note="400 Gb/s over eight lanes (16 fibres) of PAM4 at 53.125 GBd: 50 Gb/s of data each.",
)
_fig(
    "link.optics_800g_reach",
    50.0,
    "m",
    "vendor",
    NV_TWINPORT,
    label="reach of NVIDIA's 800G twin-port 2 x SR4 multimode module (scale-out)",
    quoted="50m",
    note="Multimode fibre (OM4); the 500 m of the LPO MSA's 100G-DR-LPO needs single-mode "
    "fibre and other modules.",
)
_fig(
    "h100.nvlink_allreduce_measured_size",
    10 * G,
    "B",
    "measured",
    SCALING_BOOK,
    label="array size per GPU at which the measured all-reduce reached about 370 GB/s",
    quoted="around 10GB/device",
)
_fig(
    "h100.nvlink_allreduce_busbw_medium",
    150 * G,
    "B/s",
    "measured",
    SCALING_BOOK,
    label="measured NVLink all-reduce bus bandwidth, 8 x H100, for a 58 MB array",
    quoted="around 150GB/s",
    direction="one",
    note="LLaMA-3 70B's MLP matrix with 8-way model sharding, bf16[8192, 3584] = 58 MB.",
)
_fig(
    "h100.nvlink_allreduce_medium_size",
    58 * M,
    "B",
    "measured",
    SCALING_BOOK,
    label="array size of the medium all-reduce measurement",
    quoted="58MB",
)
for _chip in (_910c, _b200):
    derive(
        f"{_chip}.scale_up_share_of_hbm",
        lambda up, hbm: up / hbm,
        (FIGURES[f"{_chip}.scale_up_bandwidth"], FIGURES[f"{_chip}.hbm_bandwidth"]),
        "1",
        "scale-up bandwidth (one direction) / HBM bandwidth",
        label="how fast a chip reads another's memory, as a share of reading its own",
    )


# --------------------------------------------------------------------------------------------
# The article's own figures
# --------------------------------------------------------------------------------------------
ARTICLE_FIGURES: dict[str, Figure] = {
    "cm384_chips": _fig(
        "article.cm384_chips", 384, "1", "article", ARTICLE, label="chips", quoted="384 Ascend 910C"
    ),
    "nvl72_chips": _fig(
        "article.nvl72_chips",
        72,
        "1",
        "article",
        ARTICLE,
        label="chips",
        quoted="72 Blackwell B200",
    ),
    "cm384_bf16": _fig(
        "article.cm384_bf16",
        300 * P,
        "FLOP/s",
        "article",
        ARTICLE,
        label="CM384 BF16",
        quoted="300 petaFLOPS",
        step=1 * P,
    ),
    "nvl72_bf16": _fig(
        "article.nvl72_bf16",
        180 * P,
        "FLOP/s",
        "article",
        ARTICLE,
        label="NVL72 BF16",
        quoted="180 petaFLOPS",
        step=1 * P,
    ),
    "compute_ratio": _fig(
        "article.compute_ratio",
        1.6,
        "1",
        "article",
        ARTICLE,
        label="compute ratio",
        quoted="more than 1.6 times",
        note="A lower bound: 'more than'.",
    ),
    "memory_ratio": _fig(
        "article.memory_ratio",
        3.6,
        "1",
        "article",
        ARTICLE,
        label="memory capacity ratio",
        quoted="3.6x more memory",
        step=0.1,
    ),
    "bandwidth_ratio": _fig(
        "article.bandwidth_ratio",
        2.1,
        "1",
        "article",
        ARTICLE,
        label="memory bandwidth ratio",
        quoted="2.1x higher bandwidth",
        step=0.1,
    ),
}

# ============================================================================================
# BEGIN issue 17: below eight bits (notebook 10). One block, to ease the split of this module:
# the OCP MX element and scale types, NVIDIA's NVFP4, the FP4 figures of the B200 and B300, the
# Ascend 950's FP8 and FP4 figures, and which chips support which formats.
# ============================================================================================
OCP_MX = Source(
    "OCP-MX",
    "Open Compute Project, OCP Microscaling Formats (MX) Specification Version 1.0",
    "https://www.opencompute.org/documents/ocp-microscaling-formats-mx-v1-0-spec-final-pdf",
    "2023-09",
)
MX_REFERENCE = Source(
    "MX-REF",
    "Microsoft, microxcaling: the PyTorch emulation library of the MX formats (mx/mx_ops.py), "
    "released with the OCP MX specification",
    "https://github.com/microsoft/microxcaling",
    "2023-10 (read 2026)",
)
NV_NVFP4 = Source(
    "NV-NVFP4",
    "NVIDIA Technical Blog, Introducing NVFP4 for Efficient and Accurate Low-Precision Inference",
    "https://developer.nvidia.com/blog/introducing-nvfp4-for-efficient-and-accurate-low-precision-inference/",
    "2025-06-24",
)
NV_NVFP4_REFERENCE = Source(
    "NV-TE-NVFP4",
    "NVIDIA Transformer Engine, the reference NVFP4 quantizer "
    "(transformer_engine/pytorch/custom_recipes/quantization_nvfp4.py)",
    "https://github.com/NVIDIA/TransformerEngine/blob/main/transformer_engine/pytorch/custom_recipes/quantization_nvfp4.py",
    "2025 (read 2026)",
)
NV_BLACKWELL_ULTRA = Source(
    "NV-BLACKWELL-ULTRA",
    "NVIDIA Technical Blog, Inside NVIDIA Blackwell Ultra: The Chip Powering the AI Factory Era",
    "https://developer.nvidia.com/blog/inside-nvidia-blackwell-ultra-the-chip-powering-the-ai-factory-era/",
    "2025-08-22",
)
SOURCES.update(
    {s.key: s for s in (OCP_MX, MX_REFERENCE, NV_NVFP4, NV_NVFP4_REFERENCE, NV_BLACKWELL_ULTRA)}
)

# The OCP MX element types (no infinities and no NaN: every pattern is a number) and the scale
# type E8M0 (an exponent only: no sign, no zero, one NaN pattern), after the formats above.
FORMAT_LAYOUTS.update(
    {
        f.key: f
        for f in (
            FormatLayout("fp6_e2m3", "FP6 E2M3 (OCP MX)", 2, 3, "none", OCP_MX),
            FormatLayout("fp6_e3m2", "FP6 E3M2 (OCP MX)", 3, 2, "none", OCP_MX),
            FormatLayout("fp4_e2m1", "FP4 E2M1 (OCP MX)", 2, 1, "none", OCP_MX),
            FormatLayout(
                "e8m0", "E8M0 (OCP MX scale)", 8, 0, "fn", OCP_MX, signed=False, subnormals=False
            ),
        )
    }
)

_b200_fp4_sparse = _fig(
    "b200.fp4_sparse",
    20 * P,
    "FLOP/s",
    "vendor",
    NV_NVL72,
    label="B200 FP4 with 2:4 sparsity",
    quoted="1,440 PFLOPS FP4 Tensor Core for the 72 GPUs of a GB200 NVL72, with sparsity",
)
_b200_fp4 = _fig(
    "b200.fp4_dense",
    10 * P,
    "FLOP/s",
    "vendor",
    NV_NVL72,
    label="B200 dense FP4",
    quoted="1,440 PFLOPS FP4 for 72 GPUs, with sparsity; dense is half",
    note="NVIDIA's table quotes FP4 with sparsity, like its BF16 and FP8 figures; dense is half, "
    "four times the dense BF16 figure on the same tensor cores.",
)
_b300_fp4 = _fig(
    "b300.fp4_dense",
    15 * P,
    "FLOP/s",
    "vendor",
    NV_BLACKWELL_ULTRA,
    label="B300 (Blackwell Ultra) dense FP4",
    quoted="15 PetaFLOPS dense NVFP4 compute",
)
_fig(
    "b300.hbm_bandwidth",
    8 * T,
    "B/s",
    "vendor",
    NV_BLACKWELL_ULTRA,
    label="B300 (Blackwell Ultra) HBM bandwidth",
    quoted="8 TB/s per GPU",
)
_950_fp8 = _fig(
    "ascend950.fp8_dense",
    1 * P,
    "FLOP/s",
    "vendor",
    HC2025,
    label="Ascend 950 FP8 (announced)",
    quoted="1 PFLOPS FP8 (also MXFP8 and HiF8)",
    note="A roadmap figure: Ascend 950PR announced for Q1 2026, 950DT for Q4 2026. Huawei does "
    "not say dense or sparse; the course reads it as dense, like Huawei's other figures.",
)
_950_fp4 = _fig(
    "ascend950.fp4_dense",
    2 * P,
    "FLOP/s",
    "vendor",
    HC2025,
    label="Ascend 950 FP4 (announced)",
    quoted="2 PFLOPS FP4 (MXFP4)",
    note="A roadmap figure, as ascend950.fp8_dense; twice the FP8 figure, as on NVIDIA's chips.",
)


@dataclass(frozen=True)
class BlockLayout:
    """A block-scaled format: blocks of ``block`` elements of one element type share a scale.

    Attributes:
        key: course name ("mxfp4", "nvfp4").
        name: display name.
        element: the element type, a key of :data:`FORMAT_LAYOUTS`.
        scale: the type of the per-block scale, a key of :data:`FORMAT_LAYOUTS`.
        block: elements per block (the format's own; a quantizer may take another).
        tensor_scale: whether one FP32 scale per tensor multiplies every block scale (NVFP4).
        source: the document that defines it.
    """

    key: str
    name: str
    element: str
    scale: str
    block: int
    tensor_scale: bool
    source: Source


#: The block formats: the concrete OCP MX formats (blocks of 32, a shared E8M0 scale) and
#: NVIDIA's NVFP4 (blocks of 16 FP4 values, an FP8 E4M3 scale each, one FP32 scale per tensor).
BLOCK_LAYOUTS: dict[str, BlockLayout] = {
    b.key: b
    for b in (
        BlockLayout("mxfp8_e4m3", "MXFP8 (E4M3)", "fp8_e4m3", "e8m0", 32, False, OCP_MX),
        BlockLayout("mxfp8_e5m2", "MXFP8 (E5M2)", "fp8_e5m2", "e8m0", 32, False, OCP_MX),
        BlockLayout("mxfp6_e2m3", "MXFP6 (E2M3)", "fp6_e2m3", "e8m0", 32, False, OCP_MX),
        BlockLayout("mxfp6_e3m2", "MXFP6 (E3M2)", "fp6_e3m2", "e8m0", 32, False, OCP_MX),
        BlockLayout("mxfp4", "MXFP4", "fp4_e2m1", "e8m0", 32, False, OCP_MX),
        BlockLayout("nvfp4", "NVFP4", "fp4_e2m1", "fp8_e4m3", 16, True, NV_NVFP4),
    )
}


@dataclass(frozen=True)
class FormatSupport:
    """Which number formats a chip's matrix units take, as its maker lists them.

    Attributes:
        chip: the chip's name.
        formats: the formats its matrix units multiply, in the maker's words.
        missing: the formats of the course it lacks.
        source: where the list comes from.
        note: what a reader must know (a roadmap, a workaround).
        fp8_dense, fp4_dense: the chip's dense FP8 and FP4 figures, where the course has them.
    """

    chip: str
    formats: tuple[str, ...]
    missing: tuple[str, ...]
    source: Source
    note: str = ""
    fp8_dense: Figure | None = None
    fp4_dense: Figure | None = None


#: Low-precision formats by chip, oldest first: the 910C stops at BF16 and INT8; Huawei's
#: roadmap adds FP8 and FP4 from the Ascend 950; the B200 and B300 have FP8, FP6 and FP4.
CHIP_FORMATS: tuple[FormatSupport, ...] = (
    FormatSupport(
        "Ascend 910C",
        ("FP16", "BF16", "INT8"),
        ("FP8", "FP6", "FP4"),
        PAPER,
        "No FP8 units: the CloudMatrix paper serves DeepSeek-R1 in INT8.",
    ),
    FormatSupport(
        "Ascend 950PR / 950DT (announced)",
        ("FP8", "MXFP8", "HiF8", "MXFP4"),
        ("FP6",),
        HC2025,
        "Roadmap: 950PR in Q1 2026, 950DT in Q4 2026; HiF8 is Huawei's own 8-bit format.",
        _950_fp8,
        _950_fp4,
    ),
    FormatSupport(
        "B200 (Blackwell)",
        ("FP8", "FP6", "FP4: NVFP4 and MXFP4"),
        (),
        NV_NVL72,
        "The NVL72 table has FP8/FP6 and FP4 tensor-core rows; NVFP4 is NVIDIA's own 4-bit "
        "block format (NV-NVFP4).",
        _b200_fp8,
        _b200_fp4,
    ),
    FormatSupport(
        "B300 (Blackwell Ultra)",
        ("FP8", "FP6", "FP4: NVFP4 and MXFP4"),
        (),
        NV_BLACKWELL_ULTRA,
        "Tensor cores tuned for NVFP4.",
        None,
        _b300_fp4,
    ),
)
# ============================================================================================
# END issue 17
# ============================================================================================

# --------------------------------------------------------------------------------------------
# Where sources disagree: every value, the first is the one the course uses
# --------------------------------------------------------------------------------------------
#: Topic -> the figures that disagree on it; the first is the one the course uses.
SPREADS: dict[str, tuple[Figure, ...]] = {
    "910C dense BF16": (_910c_bf16_sa, _910c_bf16_paper, _910c_fp16_hc),
    "CM384 dense BF16": (CM384.bf16_dense, _cm_bf16_paper),
    "NVL72 HBM capacity": (NVL72.hbm_capacity, _nv_hbm_listed, FIGURES[f"{_nv}.hbm_capacity_2024"]),
    "B200 HBM per GPU": (_b200_hbm_sa, _b200_hbm_nv, FIGURES["hgx_b200.hbm_capacity"]),
    "B200 dense BF16": (_b200_bf16, FIGURES["hgx_b200.bf16_dense"]),
    "NVL72 BF16": (NVL72.bf16_dense, _nv_bf16_sparse_total),
    "CM384 power": (_cm_power, _cm_power_text),
    "NVL72 power": (_nv_power, _nv_power_it),
    "CM384 scale-up total": (CM384.scale_up_bandwidth, _cm_scale_up_sa),
    "910C scale-up": (_910c_scale_up, _910c_scale_up_sa, _910c_scale_up_hc),
    "CM384 transceiver rate": (_cm_transceiver_rate, _cm_transceiver_rate_press),
    "CM384 scale-up optics reach": (FIGURES["link.lpo_reach"], FIGURES["link.sr8_reach"]),
}


def spread(topic: str) -> tuple[float, float]:
    """The lowest and highest value the sources give on ``topic`` (a key of :data:`SPREADS`).

    Figures of different units on one topic (FP16 beside BF16) are compared by value only; the
    notebooks show the unit and label of each.
    """
    if topic not in SPREADS:
        raise ValueError(f"topic={topic!r} is not one of {sorted(SPREADS)}")
    values = [f.value for f in SPREADS[topic]]
    return min(values), max(values)


def used(topic: str) -> Figure:
    """The figure the course uses on ``topic``: the first of :data:`SPREADS`."""
    if topic not in SPREADS:
        raise ValueError(f"topic={topic!r} is not one of {sorted(SPREADS)}")
    return SPREADS[topic][0]


def sources_of(*figures: Figure) -> list[Source]:
    """The sources behind ``figures``, following derived figures to their inputs, sorted by key."""
    found: dict[str, Source] = {}
    stack = list(figures)
    while stack:
        fig = stack.pop()
        if fig.source is not None:
            found[fig.source.key] = fig.source
        stack += [FIGURES[name] for name in fig.inputs]
    return [found[k] for k in sorted(found)]


def get(name: str) -> Figure:
    """The figure called ``name``; raises ``ValueError`` listing near names when it is unknown."""
    if name not in FIGURES:
        prefix = name.split(".")[0]
        near = sorted(n for n in FIGURES if n.startswith(prefix))[:12]
        raise ValueError(f"name={name!r} is not a figure; figures under {prefix!r}: {near}")
    return FIGURES[name]


def system(key: str) -> System:
    """The system called ``key`` ("cm384" or "nvl72")."""
    for s in SYSTEMS:
        if key in (s.key, s.short, s.name):
            return s
    raise ValueError(f"key={key!r} is not a system; use one of {[s.key for s in SYSTEMS]}")


# ============================================================================================
# Measurements on real hardware (notebook 11): nccl-tests on GB200 NVL72 racks; PCIe beside
# NVLink and UB. One block, self-contained, so that it moves as one piece when this module
# becomes a package.
# ============================================================================================
COREWEAVE_NCCL = Source(
    "COREWEAVE-NCCL",
    "CoreWeave, nccl-tests logs of GB200 NVL72 racks (all_reduce_perf), posted in "
    "coreweave/nccl-tests pull request 43 (one rack, two racks) and kept in the repository's "
    "README.md ('Expected Performance: GB200', which names NCCL 2.26.2), read at commit "
    "0120901ac7a1e6425640a57540e142070452f8a2",
    "https://github.com/coreweave/nccl-tests/pull/43",
    "2025-02-20",
)
COREWEAVE_NCCL_20 = Source(
    "COREWEAVE-NCCL-20",
    "CoreWeave, nccl-tests log of 20 GB200 NVL72 racks (all_reduce_perf), posted in "
    "coreweave/nccl-tests pull request 48 and kept in the same README.md, read at commit "
    "0120901ac7a1e6425640a57540e142070452f8a2",
    "https://github.com/coreweave/nccl-tests/pull/48",
    "2025-04-21",
)
PCISIG = Source(
    "PCI-SIG",
    "PCI-SIG, PCI Express 5.0 specification highlights, as reported by Computing",
    "https://www.computing.co.uk/ctg/news/3076591/pcie-5-spec-pci-sig-pcie-4",
    "2019-05",
)
SOURCES.update({s.key: s for s in (COREWEAVE_NCCL, COREWEAVE_NCCL_20, PCISIG)})


@dataclass(frozen=True)
class MeasuredRun:
    """One published nccl-tests run: the all-reduce bus bandwidth it measured at each size.

    Attributes:
        key: short name ("gb200_1rack").
        label: what ran ("GB200 NVL72, 1 rack, 72 GPUs").
        ranks: GPUs taking part, one rank each (see ``note`` for the two-rack run).
        racks: NVL72 racks (scale-up domains) the ranks span.
        sizes: message sizes in bytes, smallest first (counts of bytes, not hardware figures).
        busbw: the out-of-place bus bandwidth at each size, one ``measured`` figure each.
        log: the file of :mod:`helpers.measure` holding the run's log as published.
        note: anything a reader must know to use it correctly.
    """

    key: str
    label: str
    ranks: int
    racks: int
    sizes: tuple[int, ...]
    busbw: tuple[Figure, ...]
    log: str
    note: str = ""


_BUSBW_NOTE = (
    "nccl-tests' bus bandwidth of an all-reduce: the algorithm bandwidth (size / time) times "
    "2(n-1)/n, the share of the vector each rank sends in a ring, so that it can be set beside "
    "a link's peak whatever the number of ranks n. Out-of-place column; GB/s = 1e9 B/s."
)


def _measured_run(
    key: str,
    label: str,
    ranks: int,
    racks: int,
    source: Source,
    rows: tuple[tuple[int, float], ...],
    note: str = "",
) -> MeasuredRun:
    figures = tuple(
        _fig(
            f"nccl.{key}.allreduce_busbw_{size >> 20}mib",
            busbw * G,
            "B/s",
            "measured",
            source,
            label=f"all-reduce bus bandwidth, {label}, {size >> 20} MiB",
            quoted=f"{size} B: busbw {busbw:.2f} GB/s (out-of-place)",
            direction="one",
            note=f"{_BUSBW_NOTE} {note}".strip(),
        )
        for size, busbw in rows
    )
    sizes = tuple(s for s, _ in rows)
    return MeasuredRun(key, label, ranks, racks, sizes, figures, f"coreweave_{key}.txt", note)


#: The published nccl-tests runs the course sets beside its models, by key.
MEASURED_RUNS: dict[str, MeasuredRun] = {
    r.key: r
    for r in (
        _measured_run(
            "gb200_1rack",
            "GB200 NVL72, 1 rack, 72 GPUs",
            72,  # ranks 0-71 in the log
            1,
            COREWEAVE_NCCL,
            ((2**29, 586.06), (2**30, 681.17), (2**31, 757.78), (2**32, 839.16), (2**33, 834.57)),
        ),
        _measured_run(
            "gb200_2racks",
            "GB200 NVL72, 2 racks, 128 GPUs",
            128,  # 64 per rack; see MeasuredRun.ranks
            2,
            COREWEAVE_NCCL,
            (
                (2**29, 493.94),
                (2**30, 596.10),
                (2**31, 680.30),
                (2**32, 743.09),
                (2**33, 793.06),
                (2**34, 810.41),
            ),
            "The log's rank line reads 'Rank 143', but its bus-bandwidth factor (busbw / "
            "algbw = 1.9844 = 2 x 127 / 128 in every row) says 128 ranks, as in the "
            "repository's two-rack example job (32 nodes of 4 GPUs, 16 per rack: "
            "mpi-operator/nccl-test-distributed-gb200-128-multirack-mpijob.yaml, read at commit "
            "3e725c9a1c511a0114833693d58ac9ea5d9ddb36). The course uses 128.",
        ),
        _measured_run(
            "gb200_20racks",
            "GB200 NVL72, 20 racks, 1,440 GPUs",
            1440,
            20,
            COREWEAVE_NCCL_20,
            (
                (2**29, 150.95),
                (2**30, 218.85),
                (2**31, 286.52),
                (2**32, 346.38),
                (2**33, 381.48),
                (2**34, 405.74),
            ),
        ),
    )
}

_pcie5 = _fig(
    "pcie5.x16_bandwidth_both",
    128 * G,
    "B/s",
    "vendor",
    PCISIG,
    label="PCIe 5.0 x16 link, both directions",
    quoted="32 GT/s raw bit rate and up to 128 GB/s via x16 configuration",
    direction="both",
    note="32 GT/s per lane x 16 lanes / 8 bits x 2 directions, before the 128b/130b encoding "
    "(about 1.5 %) and packet overheads.",
)
derive(
    "pcie5.x16_bandwidth",
    lambda both: both / 2,
    (_pcie5,),
    "B/s",
    "PCIe 5.0 x16, 128 GB/s both directions / 2",
    label="PCIe 5.0 x16 link, one direction",
    direction="one",
)
_fig(
    "nccl.ring_step_latency_pci",
    2.5e-6,
    "s",
    "vendor",
    NCCL,
    label="latency of one ring step over PCIe (NCCL's model, LL128 protocol)",
    quoted="2.5 us (LL 1.0, LL128 2.5, Simple 5.7)",
    low=1.0e-6,
    high=5.7e-6,
    note="NCCL's own tuning table for GPUs that talk over PCIe; the range spans its three "
    "protocols. A model value, not a measurement.",
)
