"""A third system goes wherever the article's two go (issue 15): the registry, its look, and
the checks that take a system by object or key. Each module's own sweep with the toy system
lives beside the module's tests (test_any_system_*.py)."""

import pytest

from helpers import checks, plots, specs

from conftest import control_sweeps

#: Controls that may leave the picture unchanged over their sweep with three systems (none).
STILL_WITH_THREE: dict[str, tuple[str, ...]] = {}


def test_a_registered_system_is_in_the_registry_with_a_look_of_its_own(third_system):
    assert specs.SYSTEMS[third_system.key] is third_system
    looks = {s.style for s in specs.SYSTEMS.values()}
    assert len(looks) == len(specs.SYSTEMS)
    assert plots.system_style(third_system) == plots.system_style(third_system.key)


def test_a_registered_system_is_taken_by_key_and_by_name(third_system):
    assert checks.system("system", third_system.key) is third_system
    assert specs.system(third_system.name) is third_system


def test_registering_again_keeps_the_look_and_the_article_pair_is_unchanged(third_system):
    again = specs.register_system(third_system)
    assert again.style == third_system.style
    assert specs.ARTICLE_PAIR.systems == (specs.CM384, specs.NVL72)


def _widgets_with_a_systems_list():
    """The builders that take ``systems``: each offers the Systems list (read from their
    signatures, so that collecting the tests builds no widget)."""
    import inspect

    from helpers.widgets import BUILDERS

    return sorted(n for n, b in BUILDERS.items() if "systems" in inspect.signature(b).parameters)


def _sweep(widget, name):
    """Every control but the systems list through its positions: the pictures seen, and the
    controls that never changed the picture."""
    pictures, still = set(), []
    for control_name, seen in control_sweeps(widget, skip=("systems",)):
        pictures |= seen
        if len(seen) < 2 and control_name not in STILL_WITH_THREE.get(name, ()):
            still.append(control_name)
    return pictures, still


@pytest.mark.slow
@pytest.mark.parametrize("name", _widgets_with_a_systems_list())
def test_every_control_moves_with_three_systems_selected(name, third_system):
    """Issue 15's sweep: with the article's two and the toy system selected, every other control
    of the widget moves through its positions; each draws, each still changes the picture, and
    the toy system shows (the pictures differ from those of the article's two)."""
    from helpers.widgets import BUILDERS

    widget = BUILDERS[name]()
    assert "systems" in widget.controls, f"{name} takes systems= but offers no Systems list"
    defaults = dict(widget.params)
    with_two, _ = _sweep(widget, name)
    three = (*(s.key for s in specs.ARTICLE_PAIR.systems), third_system.key)
    widget.controls["systems"].value = three
    # A widget may show the system just added (the topology explorer picks it): back to the
    # other controls' defaults, with the three systems still selected.
    widget.set(**{k: v for k, v in defaults.items() if k != "systems" and k in widget.controls})
    assert widget.controls["systems"].value == three
    with_three, still = _sweep(widget, name)
    assert not still, f"{name}: with three systems, moving {still} never changes the picture"
    assert with_three != with_two, f"{name}: the toy system never shows"


@pytest.mark.parametrize("name", ["collective_time_explorer", "run_explorer", "topology_explorer"])
def test_unpicking_every_system_keeps_the_last_choice(name):
    """A learner who unpicks every system in the list gets the list back as it was, never a
    traceback from a widget with nothing to draw."""
    from helpers.widgets import BUILDERS

    widget = BUILDERS[name]()
    systems = widget.controls["systems"]
    systems.value = ("nvl72",)
    picture = widget.fingerprint()
    systems.value = ()
    assert systems.value == ("nvl72",) and widget.fingerprint() == picture


def test_the_spread_table_shows_the_topics_of_the_systems_shown():
    """Notebook 00's table of where sources disagree keeps to the article's two by default; every
    topic of the registry belongs to some system (or to none, like a link's reach)."""
    from helpers import tables

    article = tables.spread_topics()
    assert "CM384 power" in article and "NVL72 power" in article
    assert not any(t.startswith(("Atlas", "El Capitan", "GB300")) for t in article)
    assert tables.spread_topics(list(specs.SYSTEMS)) == list(specs.SPREADS)
    assert "Atlas 950 HBM total" in tables.spread_topics(["atlas950"])
    assert [row[0] for row in tables.spread_table().rows if row[0]] == article
