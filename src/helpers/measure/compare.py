"""A machine's fitted alpha and B beside the links of the course: NVLink 5 (GB200 NVL72), UB
(CloudMatrix 384) and PCIe 5.0 x16, the link a GPU without NVLink talks over.

Units: seconds (``s``), bytes per second (``B/s``, one direction), bytes (``B``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import comm
from ..specs import FIGURES, Figure
from ..tables import Table
from ..units import si
from .fitting import Fit
from .published_runs import figures as published_figures


@dataclass(frozen=True)
class Link:
    """A link's latency per collective step and its bandwidth per chip, one direction."""

    name: str
    alpha: Figure
    bandwidth: Figure

    @property
    def crossover(self) -> float:
        """``alpha * B`` (B): messages smaller than this are latency bound."""
        return comm.crossover_bytes(self.alpha.value, self.bandwidth.value)


def links() -> tuple[Link, ...]:
    """NVLink 5, UB and PCIe 5.0 x16, fastest first."""
    nvlink, ub = comm.link("nvlink5"), comm.link("ub_lpo")
    return (
        Link("NVLink 5 (B200, GB200 NVL72)", nvlink.alpha, nvlink.bandwidth),
        Link("UB (Ascend 910C, CloudMatrix 384)", ub.alpha, ub.bandwidth),
        Link(
            "PCIe 5.0 x16",
            FIGURES["nccl.ring_step_latency_pci"],
            FIGURES["pcie5.x16_bandwidth"],
        ),
    )


def comparison_table(fits: Mapping[str, Fit]) -> Table:
    """Each fit (by label) beside the links: alpha, B, and the crossover size alpha x B."""
    rows = [
        [
            label,
            si(f.alpha, "s"),
            si(f.bandwidth, "B/s"),
            si(f.crossover, "B", binary=True),
            "measured, fitted",
        ]
        for label, f in fits.items()
    ]
    rows += [
        [
            k.name,
            si(k.alpha.value, "s"),
            si(k.bandwidth.value, "B/s"),
            si(k.crossover, "B", binary=True),
            f"{k.alpha.kind} / {k.bandwidth.kind}",
        ]
        for k in links()
    ]
    return Table(
        ("", "alpha per step", "B per rank, one way", "crossover alpha x B", "kind"),
        rows,
        caption="Latency per collective step and bandwidth per rank, one direction: fitted to "
        "measurements (helpers.measure.fit), and the links' figures (helpers.specs: NCCL's "
        "latency model for NVLink and PCIe, the course's assumption for UB).",
    )


def notebook_figures() -> tuple[Figure, ...]:
    """The records notebook 11 uses, for its list of sources."""
    found = [f for k in links() for f in (k.alpha, k.bandwidth)]
    found += [FIGURES["pcie5.x16_bandwidth_both"], *published_figures()]
    return tuple(dict.fromkeys(found))
