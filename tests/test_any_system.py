"""A third system goes wherever the article's two go (issue 15): the registry, its look, and
the checks that take a system by object or key. Each module's own sweep with the toy system
lives beside the module's tests (test_any_system_*.py)."""

from helpers import checks, plots, specs


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
