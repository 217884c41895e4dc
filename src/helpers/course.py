"""The course map: the notebooks in teaching order, what each teaches and how long it takes.

A notebook that is planned but not yet written is listed with ``exists() == False``; links are
only made to notebooks that exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .specs import CM384, FIGURES, NVL72
from .units import percent

#: Discussion figures of notebooks 06 and 07, computed (a serial fraction is a scenario).
_SERIAL = 0.01
_AMDAHL = 1 / (_SERIAL + (1 - _SERIAL) / CM384.n)
_PUE = FIGURES["course.pue"]
_SA = {w: FIGURES[f"sa.flop_per_watt_ratio_{w}"].value for w in ("table", "text", "subtitle")}

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
        discussion: questions for the class, for the instructor guide.
    """

    key: str
    title: str
    minutes: tuple[int, int]
    teaches: str
    discussion: tuple[str, ...] = ()

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
        (
            "Which of the article's numbers would you trust most before checking, and why?",
            "The article compares 384 chips with 72. What is a fair unit of comparison: "
            "a chip, a rack, a system, a megawatt, a dollar?",
            "The 3.6x memory claim depends on which B200 capacity you use (192 GB physical or "
            "186 GB listed). Does a 3 % difference matter for a buyer?",
        ),
    ),
    Notebook(
        "01_bf16_number_formats",
        "BF16 and number formats",
        (25, 40),
        "sign, exponent, mantissa; FP32, FP16, BF16, FP8; rounding; range vs precision",
        (
            "BF16 keeps FP32's range but only 2-3 significant digits. Why is that a good trade "
            "for training a neural network, and where would it hurt?",
            "Hardware multiplies in BF16 but adds the products in FP32. What would go wrong if "
            "it also added in BF16?",
            "An FP8 figure is twice the BF16 one on the same chip. When is comparing one chip's "
            "FP8 figure with another's BF16 figure fair, and when is it not?",
            "The course rounds float64 once where ml_dtypes rounds twice, through float32. Does "
            "a difference that rare matter, and to whom?",
        ),
    ),
    Notebook(
        "02_compute_and_rooflines",
        "Compute and rooflines",
        (30, 35),
        "peak FLOPS per chip and system, dense vs sparse, arithmetic intensity, rooflines, MFU",
        (
            "NVIDIA prints its sparse peak in the headline and its dense peak in the table. Which "
            "should a buyer compare, and when would the sparse one be fair?",
            "Both systems have about the same ridge point. What does that say about which "
            "kernels each one runs well, whatever its size?",
            "A training run reaches 40 % MFU. Where does the other 60 % of the peak go, and "
            "which of those losses grow with the number of chips?",
        ),
    ),
    Notebook(
        "03_memory",
        "Memory: capacity and bandwidth",
        (30, 35),
        "3.6x and 2.1x recomputed; bytes per parameter; KV cache; decode is bandwidth bound",
        (
            "The CM384 has 3.6x the memory but 2.1x the bandwidth. For which jobs does capacity "
            "matter more than speed, and for which the reverse?",
            "Serving DeepSeek-R1 fits in either system. What does the CM384's extra HBM "
            "buy a service provider, in users or in context length?",
            "The CloudMatrix paper reaches a fifth of the bandwidth bound or less. What must a "
            "decode step do besides reading HBM?",
        ),
    ),
    Notebook(
        "04_interconnects",
        "Interconnects and collectives",
        (35, 45),
        "alpha-beta model, copper vs optics, all-reduce and all-to-all, simulated step by step",
        (
            "NVIDIA keeps NVLink on copper inside one rack; Huawei spends tens of kilowatts on "
            "optics to span 16 racks. When is each choice right, and what would change it?",
            "A ring all-reduce takes about the same time on 8 or 384 chips. Why do large "
            "training jobs still try to keep collectives inside one scale-up domain?",
            "nccl-tests reports a bus bandwidth rather than a time. What does that number let "
            "you compare, and what does it hide?",
            "Gradients are often reduced in FP32 even when the model trains in BF16. Is the "
            "extra traffic worth it? What else could keep the error small?",
        ),
    ),
    Notebook(
        "05_supernodes_and_topologies",
        "Supernodes and topologies",
        (35, 40),
        "scale-up vs scale-out, diameter, bisection, the NVL72 rack vs the 16-rack CM384",
        (
            'The article says all the CM384\'s chips "can communicate directly". How would you '
            "rephrase that so it is exactly true (think of hops, switch chips and bandwidth)?",
            "The CM384 has about twice the NVL72's bisection bandwidth but five times its chips. "
            "Which of the two numbers matters for a mixture-of-experts model that sends every "
            "token to experts on any chip?",
            "Optical modules: 5,376 or 10,752? When does the counting rule matter to a buyer "
            "(price, power, failures), and why must a figure always carry its rule?",
            "Google builds its TPU pods as 3D tori of thousands of chips with no switches; NVIDIA "
            "and Huawei use switches. What does each design give up?",
        ),
    ),
    Notebook(
        "06_scaling",
        "Scaling: parallelism and step time",
        (40, 45),
        "Amdahl and Gustafson; data, tensor, pipeline, expert parallelism; step-time model",
        (
            f"Amdahl says {percent(_SERIAL)} of serial work caps {CM384.n} chips at about "
            f"{_AMDAHL:.0f}x; yet training runs use tens of thousands of chips. Which of Amdahl's "
            "assumptions does training break?",
            "On the same number of chips the NVL72 finishes a step first; per system the CM384 "
            f"has {CM384.bf16_dense.value / NVL72.bf16_dense.value:.2g}x the compute. Which "
            "comparison would a buyer use, and which a researcher with a fixed budget of chips?",
            "An expert all-to-all over more chips than one NVL72 holds stays inside one CM384 but "
            "crosses several NVL72 racks. How else could a model or a framework avoid sending "
            "tokens across racks?",
            "The step model leaves out activations, failures and stragglers. Which of these "
            "grows with the number of chips, and how would it bend the scaling curves?",
        ),
    ),
    Notebook(
        "07_power_and_efficiency",
        "Power and efficiency",
        (25, 30),
        "system power, FLOPS per watt, energy, cost and CO2 of a run",
        (
            f"SemiAnalysis's table (as the press reads it) gives {_SA['table']:g}x, its text "
            f"{_SA['text']:g}x and its subtitle {_SA['subtitle']:g}x. When figures from one "
            "source disagree, what should a careful reader quote, and how?",
            "Per chip the CM384 draws less power; per FLOP it draws more. Which of the two does "
            "the article's table cell “More efficient per chip” mean, and is it true?",
            "Electricity is a fraction of the cost of owning either system. In which country, "
            "at which price and grid, would the CM384's extra energy matter most, and to whom?",
            f"A PUE of {_PUE.low:g} or {_PUE.high:g} changes a run's energy by "
            f"{percent(_PUE.high / _PUE.low - 1, 2)}. Who controls the PUE: the chip maker, the "
            "system maker or the data-centre operator?",
        ),
    ),
    Notebook(
        "08_capstone_fact_check",
        "Capstone: fact-check the article",
        (40, 45),
        "every claim recomputed with a verdict; the buyer's view",
        (
            "Which verdict would change your mind about buying a CM384, and which would not?",
            "The article compares one system with another. Would a comparison at equal power, "
            "or at equal price, change its headline?",
            "Who is the article's reader: a buyer in China (where the NVL72 cannot be bought), a "
            "buyer elsewhere, or a policy maker? Does the verdict depend on the reader?",
            "A failed switch touches every GPU of an NVL72 but eight NPUs of a CM384, while the "
            "CM384 has thousands more optical modules to fail. Which matters more for a week-long "
            "training run?",
        ),
    ),
)


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
