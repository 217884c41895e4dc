"""The course map: the notebooks in teaching order, what each teaches and how long it takes.

A notebook that is planned but not yet written is listed with ``exists() == False``; links are
only made to notebooks that exist. Whether one exists is read in the course's notebooks folder,
wherever the package is installed (see :func:`notebook_dir`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Set this environment variable to the notebooks folder when the course cannot find it.
NOTEBOOKS_ENV = "SCALING_UP_NOTEBOOKS"
#: The file that marks a folder as the course's notebooks folder.
FIRST_NOTEBOOK = "00_start_here.ipynb"


def notebook_dir() -> Path | None:
    """The folder holding the course's notebooks, or ``None`` when none is found.

    Looked for in this order, so an installed package (not only a source checkout) finds it
    from any working folder: ``$SCALING_UP_NOTEBOOKS``; the current folder (a kernel runs in its
    notebook's folder) and each of its parents, as the notebooks folder itself or one holding
    ``notebooks/``; the source checkout of an editable install; the folders in the home folder
    (where ``git clone`` and nbgitpuller put a copy: ``~/REPO/notebooks``).
    """
    return _find(os.environ.get(NOTEBOOKS_ENV, ""), str(Path.cwd()), str(Path.home()))


@lru_cache(maxsize=8)
def _find(env: str, cwd: str, home: str) -> Path | None:
    if env and Path(env).expanduser().is_dir():
        return Path(env).expanduser().resolve()
    here = Path(cwd)
    checkout = Path(__file__).resolve().parents[2]
    candidates = [c for folder in (here, *here.parents) for c in (folder, folder / "notebooks")]
    candidates.append(checkout / "notebooks")
    if Path(home).is_dir():
        candidates += sorted(Path(home).glob(f"*/notebooks/{FIRST_NOTEBOOK}"))
    for candidate in candidates:
        folder = candidate.parent if candidate.suffix == ".ipynb" else candidate
        if (folder / FIRST_NOTEBOOK).is_file():
            return folder.resolve()
    return None


def course_root() -> Path | None:
    """The folder holding ``notebooks/`` (the repository, or a learner's copy of it)."""
    folder = notebook_dir()
    return folder.parent if folder is not None else None


def __getattr__(name: str) -> Path | None:
    if name == "NOTEBOOK_DIR":  # found anew on each use: the working folder may change
        return notebook_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
        """Is the notebook in the course's notebooks folder (see :func:`notebook_dir`)?"""
        folder = notebook_dir()
        return folder is not None and (folder / self.filename).exists()

    def in_preparation(self) -> bool:
        """Is it planned but not written? (Unknown, so False, when no notebooks folder is found.)"""
        return notebook_dir() is not None and not self.exists()

    def link(self) -> str:
        """A Markdown link to this notebook; its plain title if it is not written yet, or if no
        notebooks folder is found (then the map says so once, rather than "in preparation")."""
        label = f"{self.number} {self.title}"
        if self.exists():
            return f"[{label}]({self.filename})"
        return f"{label} (in preparation)" if self.in_preparation() else label


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
        "10_below_8_bits",
        "Below eight bits: FP6, FP4 and block scales",
        (30, 40),
        "optional deep-dive after 01: FP6 and FP4; block scales (OCP MX, NVFP4); stochastic "
        "rounding; what an FP4 headline counts",
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
        "11_measure_your_machine",
        "Measure it yourself: collectives on your own machine",
        (25, 30),
        "alpha and B measured between processes and fitted; your machine beside NVLink, UB and "
        "PCIe; published GB200 NVL72 runs beside the model",
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
    Notebook(
        "09_the_next_headline",
        "Check the next headline",
        (35, 45),
        "the normalisation ladder (precision, sparsity, tier, direction, bits, TiB, per chip or "
        "die, announced); 2025-26 keynote headlines checked; a form for your own",
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
            "The CloudMatrix paper reaches a small share of a bound that counts only reading "
            "HBM. What else must a decode step do, and what would you need from the paper to "
            "say where its time goes?",
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
            f"{times(fig('sa.flop_per_watt_ratio_table').value, 2)}, its text "
            f"{times(fig('sa.flop_per_watt_ratio_text').value, 2)} and its subtitle "
            f"{times(fig('sa.flop_per_watt_ratio_subtitle').value, 2)}. When figures from one "
            "source disagree, what should a careful reader quote, and how?",
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
        "09_the_next_headline": (
            "A headline can hold on its own basis and mislead like for like. Should a verdict "
            "weigh the words, the arithmetic, or what a buyer would take from them?",
            "Huawei's memory headline understated its lead once both sides count HBM alone. Why "
            "would a maker choose a basis that makes its lead look smaller?",
            "Google set a peak against a measurement. Which figure of El Capitan would you have "
            "set against an Ironwood pod, and which would Google's customers care about?",
            "Most headlines compare announced systems. What would you want to see before "
            "trusting an announced figure, and how long would you wait?",
        ),
        "10_below_8_bits": (
            "The MX rule rounds a block's scale down, so the top of each binade saturates; a "
            "scale rounded to nearest would not. Why might a standard prefer the rule that is "
            "cheapest in hardware, and who pays for it?",
            "NVFP4 spends a quarter of a bit more per value than MXFP4 for a finer scale, but its "
            "E4M3 scale spans far fewer powers of two. Which tensors favour each?",
            "One chip quotes FP4 PFLOPS, another BF16. What must you know before comparing them: "
            "the format, dense or sparse, and what else?",
            "The Ascend 910C has no FP8; Huawei's roadmap adds FP8 and FP4. What does a serving "
            "provider gain by moving weights from INT8 to FP4, and what must it check first?",
        ),
        "11_measure_your_machine": (
            "Your fit has one alpha and one B, yet some points miss it by tens of percent. "
            "What does the model leave out on your machine (caches, other programs, the "
            "operating system), and would the same things matter on a GPU?",
            "The one-rack GB200 run reaches most of NVLink 5's peak only with gigabyte "
            "messages. Which parts of training send messages that large, and which send small "
            "ones?",
            "A log's rank line and its own bus-bandwidth factor disagreed on the number of "
            "ranks. What else in a published benchmark would you check before quoting it?",
            "Many racks reach far less bus bandwidth than one. Is that a reason to build larger "
            "scale-up domains, like the CM384's, or to change the algorithm?",
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
        if notebook_dir() is None:
            lines.append(
                f"\n*The course's notebooks folder was not found from {Path.cwd()}: open the map "
                f"from the notebooks folder, or set {NOTEBOOKS_ENV} to it, to link them.*"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._repr_markdown_()


def course_map() -> CourseMap:
    """The course map, for notebook 00 and the README."""
    return CourseMap()
