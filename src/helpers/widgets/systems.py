"""The control that adds systems of the registry to a widget that compares systems.

A widget shows the systems it is given (the article's two by default) and offers every other
registered system in a multiple-choice list (arrow keys move, space or Ctrl/Cmd-click picks);
its draw functions take ``systems`` (keys, fixed) and ``added`` (the list's value) and show
:func:`shown` of them.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w

from .. import checks, specs
from ..specs import System


def shown(
    systems: Sequence[System | str] | None = None, added: Sequence[str] = ()
) -> tuple[System, ...]:
    """The systems a widget draws: ``systems`` (the article's two by default), then those of
    ``added`` (keys of the registry) not among them, in the registry's order."""
    first = checks.systems("systems", systems)
    keys = {s.key for s in first}
    extra = tuple(s for k, s in specs.SYSTEMS.items() if k in added and k not in keys)
    return first + extra


def fixed(systems: Sequence[System | str] | None) -> dict[str, tuple[str, ...]]:
    """A widget's fixed parameters for ``systems``: ``{"systems": keys}``, or none for the
    article's two (the draw functions' default), so its parameters are its controls."""
    return (
        {}
        if systems is None
        else {"systems": tuple(s.key for s in checks.systems("systems", systems))}
    )


def add_control(systems: Sequence[System | str] | None = None) -> dict[str, w.SelectMultiple]:
    """``{"added": list}``: the registered systems not in ``systems``, none picked; empty when
    every registered system is shown already. A sweep picks them all, then none."""
    present = {s.key for s in checks.systems("systems", systems)}
    others = [s for s in specs.SYSTEMS.values() if s.key not in present]
    if not others:
        return {}
    control = w.SelectMultiple(
        options=[(s.name, s.key) for s in others],
        value=(),
        rows=min(len(others), 4),
        description="add systems:",
        style={"description_width": "initial"},
        layout=w.Layout(width="420px"),
    )
    control.course_sweep = [tuple(s.key for s in others), ()]
    return {"added": control}
