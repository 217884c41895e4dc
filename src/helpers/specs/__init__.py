"""Every hardware figure and workload configuration of the course, once, with its source.

Each figure is a :class:`Figure`: a value in SI base units, its unit, its kind (one of
:data:`KINDS`), its :class:`Source` and, for bandwidths, the direction it counts. All figures are
reachable by name through :data:`FIGURES`.

Units, everywhere in this package:

- compute in FLOP/s (``FLOP/s``), dense unless the name says ``sparse``;
- memory in bytes (``B``), decimal prefixes (1 GB = 1e9 B) as the vendors quote them;
- bandwidth in bytes per second (``B/s``), with ``direction`` "one" or "both"; figures quoted
  in bits per second (400 Gb/s) are stored in bytes per second (50e9 B/s), quote in ``quoted``;
- power in watts (``W``), money in US dollars (``USD``), time in seconds, length in metres.

Nothing here is typed twice: system totals, per-chip shares and the article's ratios are computed
(kind ``derived``) from per-chip figures of the same source. Where sources disagree, :data:`SPREADS`
lists every value; the first is the one the course uses.

Layout, one subject per module, imported in this order (a figure is registered after every
figure it is derived from):

- :mod:`.core`: :class:`Source`, :class:`Figure`, :data:`FIGURES` and the functions that register
  (:func:`record`, :func:`derive`), read (:func:`get`, :func:`sources_of`, :func:`ratio`) and
  change them for a while (:func:`perturbed`); kinds, SI prefixes and unit constants;
- :mod:`.units`: the unit reader (:func:`parse_unit`);
- :mod:`.sources`: every :class:`Source`, and :data:`SOURCES`;
- :mod:`.hardware`: :class:`Chip` and :class:`System`, whose ``build`` registers what derives
  from them (a system's totals);
- :mod:`.systems`: one module per system (its chips, counts, power, price, quoted totals, network
  and alternative totals), and :data:`SYSTEMS`, :data:`CHIPS`, :func:`system`;
- :mod:`.assumptions`: the course's own assumptions that belong to no one system;
- :mod:`.links`: copper, optics, fibre, and NCCL's latencies;
- :mod:`.measurements`: published measurements (the CloudMatrix paper, H100 all-reduces,
  :data:`MEASURED_RUNS` of nccl-tests, PCIe);
- :mod:`.workloads`: :data:`MODELS` and published training runs;
- :mod:`.formats`: :data:`FORMAT_LAYOUTS`, :data:`BLOCK_LAYOUTS`, :data:`CHIP_FORMATS`;
- :mod:`.article`: :data:`ARTICLE_FIGURES` and the ratios SemiAnalysis states;
- :mod:`.spreads`: :data:`SPREADS`, :func:`spread`, :func:`used`;
- :mod:`.systemfile` and :mod:`.loader`: a system from a teacher's TOML file, read and checked,
  then registered (:func:`load_system`, :func:`unload_system`).

This package imports nothing from the rest of ``helpers``.
"""

from __future__ import annotations

# The order of registration: every module after those whose figures it derives from or reads.
from . import (  # isort: skip
    core,
    units,
    sources,
    hardware,
    systems,
    assumptions,
    links,
    measurements,
    workloads,
    formats,
    article,
    spreads,
    systemfile,
    loader,
)
from .article import ARTICLE_FIGURES
from .core import (
    BITS_PER_BYTE,
    FIGURES,
    KINDS,
    KWH,
    YEAR,
    Direction,
    Figure,
    G,
    K,
    Kind,
    M,
    P,
    Source,
    T,
    derive,
    get,
    perturbed,
    ratio,
    record,
    register_figure,
    sources_of,
)
from .formats import (
    BLOCK_LAYOUTS,
    CHIP_FORMATS,
    FORMAT_LAYOUTS,
    BlockLayout,
    FormatLayout,
    FormatSupport,
)
from .hardware import Chip, Comparison, PowerShare, ScaleUp, Style, System, Topology
from .loader import load_system, unload_system
from .measurements import MEASURED_RUNS, MeasuredRun
from .sources import (
    ARTICLE,
    LLAMA3,
    MX_REFERENCE,
    NV_NVFP4,
    NV_NVFP4_REFERENCE,
    OCP_MX,
    SOURCES,
)
from .spreads import SPREADS, spread, used
from .systems import (
    ARTICLE_PAIR,
    ASCEND_910C,
    B200,
    CHIPS,
    CM384,
    NVL72,
    SYSTEMS,
    register_system,
    system,
)
from .units import parse_unit
from .workloads import DEEPSEEK_V3, LLAMA3_70B, LLAMA3_70B_FFN, MODELS, ModelConfig

#: The name tests/test_specs.py knows :func:`register_figure` by.
_register = register_figure

__all__ = [
    "ARTICLE",
    "ARTICLE_FIGURES",
    "ARTICLE_PAIR",
    "ASCEND_910C",
    "B200",
    "BITS_PER_BYTE",
    "BLOCK_LAYOUTS",
    "CHIPS",
    "CHIP_FORMATS",
    "CM384",
    "DEEPSEEK_V3",
    "FIGURES",
    "FORMAT_LAYOUTS",
    "KINDS",
    "KWH",
    "LLAMA3",
    "LLAMA3_70B",
    "LLAMA3_70B_FFN",
    "MEASURED_RUNS",
    "MODELS",
    "MX_REFERENCE",
    "NVL72",
    "NV_NVFP4",
    "NV_NVFP4_REFERENCE",
    "OCP_MX",
    "SOURCES",
    "SPREADS",
    "SYSTEMS",
    "YEAR",
    "BlockLayout",
    "Chip",
    "Comparison",
    "Direction",
    "Figure",
    "FormatLayout",
    "FormatSupport",
    "G",
    "K",
    "Kind",
    "M",
    "MeasuredRun",
    "ModelConfig",
    "P",
    "PowerShare",
    "ScaleUp",
    "Source",
    "Style",
    "System",
    "T",
    "Topology",
    "article",
    "assumptions",
    "core",
    "derive",
    "formats",
    "get",
    "hardware",
    "links",
    "load_system",
    "loader",
    "measurements",
    "parse_unit",
    "perturbed",
    "ratio",
    "record",
    "register_figure",
    "register_system",
    "sources",
    "sources_of",
    "spread",
    "spreads",
    "system",
    "systemfile",
    "systems",
    "units",
    "unload_system",
    "used",
    "workloads",
]
