"""The course map: the notebooks in teaching order, what each teaches and how long it takes.

A notebook that is planned but not yet written is listed with ``exists() == False``; links are
only made to notebooks that exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The repository's notebooks folder (the package is installed from the repository, src layout).
NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"


@dataclass(frozen=True)
class Notebook:
    """One notebook of the course.

    Attributes:
        key: file name without ``.ipynb``, which starts with its number ("01_bf16_number_formats").
        title: the title it carries.
        minutes: class time, (shortest, longest).
        teaches: one line on what it teaches.
    """

    key: str
    title: str
    minutes: tuple[int, int]
    teaches: str

    @property
    def discussion(self) -> tuple[str, ...]:
        """Questions for the class, for the instructor guide (see :func:`discussion_prompts`)."""
        return discussion_prompts(self.key)

    @property
    def number(self) -> str:
        """The two-digit number ("01")."""
        return self.key[:2]

    @property
    def filename(self) -> str:
        """The file name, ``<key>.ipynb``."""
        return f"{self.key}.ipynb"

    def exists(self) -> bool:
        """Is the notebook in the repository's ``notebooks/`` folder (or the current folder)?"""
        return (NOTEBOOK_DIR / self.filename).exists() or Path(self.filename).exists()

    def link(self) -> str:
        """A Markdown link to this notebook, or its plain title if it is not written yet."""
        label = f"{self.number} {self.title}"
        return f"[{label}]({self.filename})" if self.exists() else f"{label} (in preparation)"


#: Every notebook of the course, in teaching order.
NOTEBOOKS: tuple[Notebook, ...] = (
    Notebook(
        "00_start_here",
        "Start here: the article and the course",
        (20, 25),
        "the article's claims as a table to verify; how to use the widgets and exercises",
    ),
    Notebook(
        "01_bf16_number_formats",
        "BF16 and number formats",
        (25, 40),
        "sign, exponent, mantissa; FP32, FP16, BF16, FP8; rounding; range vs precision",
    ),
    Notebook(
        "02_compute_and_rooflines",
        "Compute and rooflines",
        (30, 35),
        "peak FLOPS per chip and system, dense vs sparse, arithmetic intensity, rooflines, MFU",
    ),
    Notebook(
        "03_memory",
        "Memory: capacity and bandwidth",
        (30, 35),
        "the memory claims recomputed (capacity, bandwidth); bytes per parameter; KV cache; "
        "decode is bandwidth bound",
    ),
    Notebook(
        "04_interconnects",
        "Interconnects and collectives",
        (35, 45),
        "alpha-beta model, copper vs optics, all-reduce and all-to-all, simulated step by step",
    ),
    Notebook(
        "05_supernodes_and_topologies",
        "Supernodes and topologies",
        (35, 40),
        "scale-up vs scale-out, diameter, bisection, the one-rack NVL72 vs the many-rack CM384",
    ),
    Notebook(
        "06_scaling",
        "Scaling: parallelism and step time",
        (40, 45),
        "Amdahl and Gustafson; data, tensor, pipeline, expert parallelism; step-time model",
    ),
    Notebook(
        "07_power_and_efficiency",
        "Power and efficiency",
        (25, 30),
        "system power, FLOPS per watt, energy, cost and CO2 of a run",
    ),
    Notebook(
        "08_capstone_fact_check",
        "Capstone: fact-check the article",
        (40, 45),
        "every claim recomputed with a verdict; the buyer's view",
    ),
)


def discussion_prompts(key: str) -> tuple[str, ...]:
    """Questions for the class on the notebook ``key``, for the instructor guide; their numbers
    are computed from the figures and models now (imported here, so that importing this module
    stays light)."""
    from . import article, reliability, scaling, specs, topology
    from .specs import B200, CM384, NVL72
    from .units import percent, si, times

    def ratio(a: specs.Figure, b: specs.Figure) -> str:
        return times(a.value / b.value, 2)

    fig = specs.get
    listed = fig("b200.hbm_capacity_listed")
    mfu = fig("course.training_mfu").value
    module_power = fig("link.optics_400g_lpo_power")  # W per 400G module
    bisection = {k: topology.cached_metrics(k)["bisection_bandwidth"] for k in ("cm384", "nvl72")}
    experts = round(fig("deepseek_v3.routed_experts").value)
    serial = 0.01  # an example serial fraction, not a figure
    pue = fig("course.pue")
    nv_switch = reliability.blast_radius("nvl72", "first_level_switch")
    cm_l1 = reliability.blast_radius("cm384", "first_level_switch")
    cm_l2 = reliability.blast_radius("cm384", "second_level_switch")
    modules, cables = reliability.scale_up_modules()
    afr = fig("link.optical_module_afr").value
    prompts = {
        "00_start_here": (
            "Which of the article's numbers would you trust most before checking, and why?",
            f"The article compares {CM384.n} chips with {NVL72.n}. What is a fair unit of "
            "comparison: a chip, a rack, a system, a megawatt, a dollar?",
            f"The article's {article.quote('memory')} depends on which B200 capacity you use "
            f"({si(B200.hbm_capacity.value, 'B')} physical or {si(listed.value, 'B')} listed). "
            f"Does a {percent(1 - listed.value / B200.hbm_capacity.value, 1)} difference matter "
            "for a buyer?",
        ),
        "01_bf16_number_formats": (
            "BF16 keeps FP32's range but only 2-3 significant digits. Why is that a good trade "
            "for training a neural network, and where would it hurt?",
            "Hardware multiplies in BF16 but adds the products in FP32. What would go wrong if "
            "it also added in BF16?",
            "An FP8 figure is twice the BF16 one on the same chip. When is comparing one chip's "
            "FP8 figure with another's BF16 figure fair, and when is it not?",
            "The course rounds float64 once where ml_dtypes rounds twice, through float32. Does "
            "a difference that rare matter, and to whom?",
        ),
        "02_compute_and_rooflines": (
            "NVIDIA prints its sparse peak in the headline and its dense peak in the table. Which "
            "should a buyer compare, and when would the sparse one be fair?",
            "Both systems have about the same ridge point. What does that say about which "
            "kernels each one runs well, whatever its size?",
            f"A training run reaches {percent(mfu, 2)} MFU. Where does the other "
            f"{percent(1 - mfu, 2)} of the peak go, and which of those losses grow with the "
            "number of chips?",
        ),
        "03_memory": (
            f"The CM384 has {ratio(CM384.hbm_capacity, NVL72.hbm_capacity)} the memory but "
            f"{ratio(CM384.hbm_bandwidth, NVL72.hbm_bandwidth)} the bandwidth. For which jobs "
            "does capacity matter more than speed, and for which the reverse?",
            "Serving DeepSeek-R1 fits in either system. What does the CM384's extra HBM "
            "buy a service provider, in users or in context length?",
            "How close does the CloudMatrix paper's decode throughput come to notebook 03's "
            "bandwidth bound, and what must a decode step do besides reading HBM?",
        ),
        "04_interconnects": (
            "NVIDIA keeps NVLink on copper inside one rack; Huawei spends about "
            f"{si(modules * module_power.value, 'W', 2)} on scale-up optical modules to span "
            f"{CM384.racks.value:.0f} racks. When is each choice right, and what would change it?",
            f"A ring all-reduce takes about the same time on 8 or {CM384.n} chips. Why do large "
            "training jobs still try to keep collectives inside one scale-up domain?",
            "nccl-tests reports a bus bandwidth rather than a time. What does that number let "
            "you compare, and what does it hide?",
            "Gradients are often reduced in FP32 even when the model trains in BF16 (PyTorch's "
            "FSDP, by default, reduces in the parameters' own type). Is the extra traffic worth "
            "it? What else could keep the error small?",
        ),
        "05_supernodes_and_topologies": (
            "The article says all the CM384's chips “can communicate directly”. How would you "
            "rephrase that so it is exactly true (think of hops, switch chips and bandwidth)?",
            f"The CM384 has {times(bisection['cm384'] / bisection['nvl72'], 2)} the NVL72's "
            f"bisection bandwidth but {ratio(CM384.chips, NVL72.chips)} its chips. Which of the "
            "two numbers matters for a mixture-of-experts model that sends every token to "
            "experts on any chip?",
            f"The CM384's scale-up network has {fig('cm384.ub_optical_links').value:,.0f} "
            f"optical links in notebook 05's graph, {cables:,} optical cables and {modules:,} "
            "optical modules. When does the counting rule matter to a buyer (price, power, "
            "failures), and why must a figure always carry its rule?",
            "Google builds its TPU pods as 3D tori of thousands of chips with no switches; NVIDIA "
            "and Huawei use switches. What does each design give up?",
        ),
        "06_scaling": (
            f"Amdahl says {percent(serial, 1)} of serial work caps {CM384.n} chips at about "
            f"{times(scaling.amdahl_speedup(CM384.n, serial), 2)}; yet training runs use tens of "
            "thousands of chips. Which of Amdahl's assumptions does training break?",
            "On the same number of chips the NVL72 finishes a step first; per system the CM384 "
            f"has {ratio(CM384.bf16_dense, NVL72.bf16_dense)} the compute. Which comparison "
            "would a buyer use, and which a researcher with a fixed budget of chips?",
            f"An expert all-to-all over {experts} chips stays inside one CM384 but crosses "
            f"{-(-experts // NVL72.n)} NVL72 racks. How else could a model or a framework avoid "
            "sending tokens across racks?",
            "The step model leaves out activations, failures and stragglers. Which of these "
            "grows with the number of chips, and how would it bend the scaling curves?",
        ),
        "07_power_and_efficiency": (
            "SemiAnalysis's table (as the press reads it) gives "
            f"{times(fig('sa.flop_per_watt_ratio_table').value, 2)} and its subtitle "
            f"{times(fig('sa.flop_per_watt_ratio_subtitle').value, 2)}. When two figures from "
            "one source disagree, what should a careful reader quote, and how?",
            "Per chip the CM384 draws less power; per FLOP it draws more. Which of the two "
            f"does the article's “{article.table_row('Power Efficiency')[2]}” mean, and is it "
            "true?",
            "Electricity is a fraction of the cost of owning either system. In which country, "
            "at which price and grid, would the CM384's extra energy matter most, and to whom?",
            f"A PUE of {pue.low:g} or {pue.high:g} changes a run's energy by "
            f"{percent((pue.high - pue.low) / pue.low, 2)}. Who controls the PUE: the chip "
            "maker, the system maker or the data-centre operator?",
        ),
        "08_capstone_fact_check": (
            "Which verdict would change your mind about buying a CM384, and which would not?",
            "The article compares one system with another. Would a comparison at equal power, "
            "or at equal price, change its headline?",
            "Who is the article's reader: a buyer in China (where the NVL72 cannot be bought), a "
            "buyer elsewhere, or a policy maker? Does the verdict depend on the reader?",
            f"A failed NVSwitch chip touches all {nv_switch.chips_touched} GPUs of an NVL72; a "
            f"failed first-level UB switch touches the {cm_l1.chips_touched} NPUs of its node, a "
            f"second-level one all {cm_l2.chips_touched} (each losing "
            f"{percent(cm_l2.bandwidth_lost, 2)} of its node's links to other nodes). The CM384 "
            f"also has {modules:,} optical modules, one failing every "
            f"{reliability.days_between_failures(modules, afr):.0f} days at an assumed "
            f"{percent(afr, 2)} a year. Which matters more for a week-long training run?",
        ),
    }
    return prompts.get(key, ())


def notebook(key: str) -> Notebook:
    """The notebook whose key (or two-digit number) is ``key``."""
    for nb in NOTEBOOKS:
        if key in (nb.key, nb.number):
            return nb
    raise ValueError(f"key={key!r} is not a notebook; use one of {[n.key for n in NOTEBOOKS]}")


class CourseMap:
    """The course map as a Markdown table, linking only the notebooks that exist."""

    def _repr_markdown_(self) -> str:
        lines = ["| # | notebook | minutes | what it teaches |", "|---|---|---|---|"]
        for nb in NOTEBOOKS:
            lo, hi = nb.minutes
            lines.append(f"| {nb.number} | {nb.link()} | {lo}-{hi} | {nb.teaches} |")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._repr_markdown_()


def course_map() -> CourseMap:
    """The course map, for notebook 00 and the README."""
    return CourseMap()
