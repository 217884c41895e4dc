"""Helpers for the course "Scaling Up: from BF16 to supernodes".

Submodules load lazily (PEP 562), so ``import helpers`` is instant and matplotlib or ipywidgets
load only where a notebook draws: ``helpers.specs`` imports the figures, ``helpers.widgets`` the
widgets, and so on.

Layers: ``specs`` (figures, imports nothing of the package) and ``checks`` (argument checks)
<- models (``units``, ``claims``, ``formats``, ``roofline``, ``memory``, ``comm``, ``topology``,
``scaling``, ``power``, ``factcheck``, ``buyer``, ``reliability``, ``measure``; no drawing)
<- ``plots`` (one style) <- ``widgets`` (controls wired to models and drawings); ``exercises``
checks answers; ``course`` is the course map; ``tooling`` runs the lab, the notebooks and checks.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

__version__ = "0.1.0"


def _submodules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def __getattr__(name: str) -> ModuleType:
    if name in _submodules():
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_submodules()))
