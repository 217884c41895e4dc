"""Measure it yourself: collectives between processes of this machine, the alpha-beta model
fitted to them, and published measurements of real systems (nccl-tests on GB200 NVL72 racks).

- :func:`run` times a ring all-reduce, an all-gather and an all-to-all among ``ranks``
  processes exchanging numpy arrays through shared memory, on the step schedule of
  :func:`helpers.comm.simulate`, and checks every result against numpy (:mod:`.local`);
- :func:`fit` fits the latency per step and the bandwidth by least squares and reports the
  residuals (:mod:`.fitting`); :func:`synthetic` makes results with a known answer;
- :func:`recorded` is the course's recorded run (what notebooks show where they cannot measure),
  :func:`latest` the last run of this session (:mod:`.results`);
- :func:`read_nccl_tests` reads the table nccl-tests prints (:mod:`.nccl`); :func:`published`
  the published GB200 NVL72 runs beside the course's models (:mod:`.published_runs`);
- :func:`links` and :func:`comparison_table` set a fit beside NVLink 5, UB and PCIe
  (:mod:`.compare`).

Submodules load on first use, so that a measuring process (which imports
:mod:`helpers.measure._worker`) starts with numpy alone.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "run": "local",
    "plan": "local",
    "plan_table": "local",
    "in_browser": "local",
    "shm_free": "local",
    "usable_cores": "local",
    "Results": "results",
    "Point": "results",
    "MEASURED": "results",
    "recorded": "results",
    "latest": "results",
    "fit": "fitting",
    "Fit": "fitting",
    "synthetic": "fitting",
    "REFUSAL": "fitting",
    "read_nccl_tests": "nccl",
    "NcclTable": "nccl",
    "NcclRow": "nccl",
    "PublishedRun": "published_runs",
    "published": "published_runs",
    "why_not_fit": "published_runs",
    "links": "compare",
    "comparison_table": "compare",
    "notebook_figures": "compare",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
