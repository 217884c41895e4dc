"""The article's own figures (:data:`ARTICLE_FIGURES`), and the ratios between the two systems
that SemiAnalysis states, as it states them: the course recomputes both from the records.
"""

from __future__ import annotations

from .core import Figure, P, record
from .sources import ARTICLE, SA, TOMS

ARTICLE_FIGURES: dict[str, Figure] = {
    "cm384_chips": record(
        "article.cm384_chips", 384, "1", "article", ARTICLE, label="chips", quoted="384 Ascend 910C"
    ),
    "nvl72_chips": record(
        "article.nvl72_chips",
        72,
        "1",
        "article",
        ARTICLE,
        label="chips",
        quoted="72 Blackwell B200",
    ),
    "cm384_bf16": record(
        "article.cm384_bf16",
        300 * P,
        "FLOP/s",
        "article",
        ARTICLE,
        label="CM384 BF16",
        quoted="300 petaFLOPS",
        step=1 * P,
    ),
    "nvl72_bf16": record(
        "article.nvl72_bf16",
        180 * P,
        "FLOP/s",
        "article",
        ARTICLE,
        label="NVL72 BF16",
        quoted="180 petaFLOPS",
        step=1 * P,
    ),
    "compute_ratio": record(
        "article.compute_ratio",
        1.6,
        "1",
        "article",
        ARTICLE,
        label="compute ratio",
        quoted="more than 1.6 times",
        note="A lower bound: 'more than'.",
    ),
    "memory_ratio": record(
        "article.memory_ratio",
        3.6,
        "1",
        "article",
        ARTICLE,
        label="memory capacity ratio",
        quoted="3.6x more memory",
        step=0.1,
    ),
    "bandwidth_ratio": record(
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
record(
    "sa.flop_per_watt_ratio_subtitle",
    2.6,
    "1",
    "analyst",
    SA,
    label="NVL72 / CM384 FLOP per watt, as SemiAnalysis's subtitle states it",
    quoted="2.6x lower FLOP per Watt",
    step=0.1,
)
record(
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
record(
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
record(
    "sa.flop_per_watt_ratio_table",
    2.3,
    "1",
    "press",
    TOMS,
    label="CM384 / NVL72 power per FLOP, from SemiAnalysis's table as the press reports it",
    quoted="2.3 times less power-efficient per FLOP",
    step=0.1,
)
