"""The headlines of 2025-26 that notebook 09 checks, quoted word for word, each with its source,
its date, and whether the words are the maker's own text or a press report of them.

Where the maker's own text was not available to the course, the press report is quoted exactly
and named as the source (``makers_text=False``); a paraphrase is never presented as a quote. The
claims in each quote are built on the registry when asked for (:meth:`Headline.claims`), so this
module loads before the systems it names are registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..specs import Source
from ..specs.sources import AITIDE_GTC2025, MEZHA_HC2025, NV_RUBIN_GPU_BLOG, TNS_IRONWOOD
from .claim import Claim, claim


@dataclass(frozen=True)
class Headline:
    """One headline.

    Attributes:
        key: short name ("huawei_atlas950").
        title: what it compares, in a few words.
        maker: who makes the claim.
        quote: the words, exactly as the source prints them.
        source: where the words are printed.
        said: when the maker said or published them (``YYYY-MM-DD``).
        makers_text: True for the maker's own text, False for a press report of the maker's
            words (the maker's own text was not available to the course).
        note: what the course could and could not read.
        build: builds the claims in the quote, one per stated ratio.
    """

    key: str
    title: str
    maker: str
    quote: str
    source: Source
    said: str
    makers_text: bool
    note: str
    build: Callable[[], tuple[Claim, ...]]

    def claims(self) -> tuple[Claim, ...]:
        """The claims in the quote, each with its stated words (a part of the quote)."""
        return self.build()

    def provenance(self) -> str:
        """Whose words these are, in one sentence."""
        if self.makers_text:
            return f"{self.maker}'s own text."
        return (
            f"a press report of {self.maker}'s words: {self.maker}'s own text was not "
            "available to the course, so the report is quoted exactly and named as the source."
        )

    def _repr_markdown_(self) -> str:
        quote = "\n".join(f"> {line}" for line in self.quote.splitlines())
        where = self.source.url or f"no URL: {self.source.no_url_reason}"
        return (
            f"**{self.title}** ({self.maker}, {self.said})\n\n{quote}\n\n"
            f"*Source:* {self.source.title} ({self.source.date}), {where}. "
            f"*Whose words:* {self.provenance()}"
        )

    def __repr__(self) -> str:
        return self._repr_markdown_()


def _huawei() -> tuple[Claim, ...]:
    return (
        claim(
            "atlas950",
            "vr_nvl72",
            "compute",
            "6.7 times more computing power",
            {"precision": "fp8"},
            {"precision": "fp8"},
        ),
        claim(
            "atlas950",
            "vr_nvl72",
            "memory capacity",
            "15 times more memory",
            {"binary": True},
            {"tier": "hbm+cpu"},
        ),
        claim("atlas950", "vr_nvl72", "scale-up bandwidth", "62 times higher"),
    )


def _google() -> tuple[Claim, ...]:
    return (
        claim(
            "ironwood_pod",
            "el_capitan",
            "compute",
            "more than 24 times that compute power",
            {"precision": "fp8"},
            {"precision": "fp64", "measured": True},
        ),
    )


def _nvidia_bandwidth() -> tuple[Claim, ...]:
    return (
        claim(
            "vr_nvl72",
            "gb300_nvl72",
            "memory bandwidth",
            "2.8x increase",
            {"scope": "package"},
            {"scope": "package"},
            says=("scope",),
        ),
    )


def _nvidia_compute() -> tuple[Claim, ...]:
    return (
        claim(
            "vr_nvl72",
            "gb300_nvl72",
            "compute",
            "3.3-fold increase",
            {"precision": "fp4", "sparse": True},
            {"precision": "fp4"},
            says=("precision",),
        ),
    )


#: The headlines, in the order notebook 09 checks them.
HEADLINES: dict[str, Headline] = {
    h.key: h
    for h in (
        Headline(
            "huawei_atlas950",
            "Huawei's Atlas 950 SuperPoD against NVIDIA's Vera Rubin NVL144",
            "Huawei",
            "Huawei says the Atlas 950 SuperPoD will have 56.8 times more neural processors "
            "than the upcoming NVIDIA NVL144 system (expected in 2026). This will give it 6.7 "
            "times more computing power. In addition, the Chinese SuperPoD will have 15 times "
            "more memory — 1,152 TB — and its throughput will reach 16 PB/s, which is 62 times "
            "higher than its American counterpart.",
            MEZHA_HC2025,
            "2025-09-18",
            False,
            "Huawei's English keynote text (huawei.com, Huawei Connect 2025) exists, but the "
            "course could not read its comparison sentence; the ratios are the press's report "
            "of Huawei's slide. The count (56.8 times the NPUs) is not one of the quantities the "
            "course checks: it sets 8,192 packages against NVIDIA's 144 dies.",
            _huawei,
        ),
        Headline(
            "google_ironwood",
            "Google's Ironwood pod against the El Capitan supercomputer",
            "Google",
            "“The world’s number one supercomputer, El Capitan, supports 1.7 exaflops per pod. "
            "Ironwood offers more than 24 times that compute power,” said Amin Vahdat, vice "
            "president and general manager of machine learning, systems, and cloud AI at "
            "Google, in a press briefing.",
            TNS_IRONWOOD,
            "2025-04-09",
            False,
            "Google's blog of 2025-04-09 makes the same comparison, but the course could not "
            "read its text; The New Stack quotes Google's Amin Vahdat word for word.",
            _google,
        ),
        Headline(
            "nvidia_rubin_bandwidth",
            "NVIDIA's Rubin GPU against Blackwell Ultra (the GB300 NVL72's GPU): memory bandwidth",
            "NVIDIA",
            "Combined with a new memory controller, deep co-engineering with the memory "
            "ecosystem, and tighter compute-memory integration, this subsystem provides up to "
            "22 TB/s of memory bandwidth: a 2.8x increase over Blackwell and Blackwell Ultra.",
            NV_RUBIN_GPU_BLOG,
            "2026-07-21",
            True,
            "Read through a public copy of NVIDIA's blog post.",
            _nvidia_bandwidth,
        ),
        Headline(
            "nvidia_rubin_compute",
            "NVIDIA's Vera Rubin NVL144 against the GB300 NVL72: compute",
            "NVIDIA",
            "Official specifications indicate that the Vera Rubin NVL144 achieves an "
            "astonishing inference compute power of 3.6 ExaFLOPS at FP4 precision, while "
            "training performance reaches 1.2 ExaFLOPS at FP8 precision. This marks a 3.3-fold "
            "increase over the GB300NVL72, the previous generation's benchmark.",
            AITIDE_GTC2025,
            "2025-03-18",
            False,
            "NVIDIA's GTC 2025 keynote slide (3.6 EF, 1.2 EF, 3.3x GB300 NVL72) was not "
            "readable by the course; the report is quoted as printed.",
            _nvidia_compute,
        ),
    )
}


def headline(key: str) -> Headline:
    """The headline called ``key`` (one of :data:`HEADLINES`)."""
    if key not in HEADLINES:
        raise ValueError(f"key={key!r} is not a headline; use one of {list(HEADLINES)}")
    return HEADLINES[key]
