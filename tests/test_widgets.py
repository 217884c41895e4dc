"""Every widget builds, redraws when any control moves, and draws the same for the same
parameters (a pure function of them); no Output widget is needed to see it."""

import pytest

from helpers import widgets
from helpers.widgets import BUILDERS, sweep_values


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_control_changes_the_picture(name):
    widget = BUILDERS[name]()
    assert bytes(widget.image.value).startswith(b"\x89PNG"), "the picture must be a PNG"
    assert widget.caption, f"{name} needs a caption for its static figure"
    default = widget.fingerprint()
    for control_name, control in widget.controls.items():
        start = control.value
        seen = set()
        for value in sweep_values(control):
            control.value = value
            seen.add(widget.fingerprint())
        control.value = start
        assert seen - {default}, f"moving {control_name!r} of {name} never changed the picture"
        assert widget.fingerprint() == default, (
            f"{name} does not redraw the same for the same state"
        )


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_static_figure_is_the_default_view(name):
    widget = BUILDERS[name]()
    picture = widget.static()
    assert picture.png.startswith(b"\x89PNG")
    assert repr(picture) == f"[figure] {widget.caption}"


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_the_figure_is_reused_not_rebuilt(name):
    widget = BUILDERS[name]()
    figure, axes = widget.figure, list(widget.figure.axes)
    for control in widget.controls.values():
        for value in sweep_values(control):
            control.value = value
    assert widget.figure is figure and widget.figure.axes == axes


def test_set_rejects_unknown_controls():
    widget = widgets.claim_picker()
    with pytest.raises(ValueError, match="name='nope'"):
        widget.set(nope=1)


def test_claim_picker_says_where_each_claim_is_checked():
    widget = widgets.claim_picker()
    widget.set(claim_key="memory")
    assert "3.56x" in widget.readout.value
    assert "03 Memory" in widget.readout.value


def test_claim_picker_gives_the_supernode_claim_its_own_view():
    widget = widgets.claim_picker()
    widget.set(claim_key="chips")
    chips = widget.fingerprint()
    widget.set(claim_key="supernode")
    assert widget.fingerprint() != chips
    assert "switch chips between two chips" in widget.readout.value
    assert widget.axes.get_ylabel().startswith("switch chips between two chips")


def test_hold_render_redraws_once_after_moving_several_controls():
    widget = widgets.claim_picker()
    renders = []
    original = widget.render
    widget.render = lambda: (renders.append(1), original())[1]
    with widget.hold_render():
        widget.set(claim_key="memory")
        widget.set(claim_key="power")
    assert len(renders) == 1
    assert "559 kW vs 145 kW" in widget.readout.value


def test_hold_render_nests_and_can_skip_the_redraw():
    widget = widgets.claim_picker()
    renders = []
    original = widget.render
    widget.render = lambda: (renders.append(1), original())[1]
    with widget.hold_render(), widget.hold_render():
        widget.set(claim_key="memory")
    assert len(renders) == 1
    with widget.hold_render(redraw=False):
        widget.set(claim_key="power")
    assert len(renders) == 1


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: widgets.base.slider("Chips:", 100, 1, 64), r"value=100 of slider 'Chips:'"),
        (
            lambda: widgets.base.choice_slider("TP:", (1, 2, 4), 3),
            r"value=3 of slider 'TP:' is not one of \[1, 2, 4\]",
        ),
    ],
)
def test_a_control_with_a_bad_start_names_itself(make, match):
    with pytest.raises(ValueError, match=match):
        make()
