"""Every widget builds, redraws when any control moves, and draws the same for the same
parameters (a pure function of them); no Output widget is needed to see it."""

import html
import math

import ipywidgets
import pytest

from helpers import widgets
from helpers.widgets import BUILDERS, sweep_values

from conftest import control_sweeps

pytestmark = pytest.mark.slow  # on the pinned Python only (see .ci/pythons)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_control_changes_the_picture_and_its_data_on_the_same_figure(name):
    """One sweep of every control, three checks: each control changes the picture; not only a
    title or a label but the plotted data or the numbers the readout states; and the widget
    draws on the figure and axes it was built with (reused, not rebuilt)."""
    widget = BUILDERS[name]()
    assert widget.png.startswith(b"\x89PNG"), "the picture must be a PNG"
    assert f'alt="{html.escape(widget.caption, quote=True)}"' in widget.image.value
    assert widget.caption, f"{name} needs a caption for its static figure"
    figure, axes = widget.figure, list(widget.figure.axes)

    def view():
        return widget.fingerprint(), widget.data_fingerprint(), widget.numbers()

    default = view()
    for control_name, seen in control_sweeps(widget, view):
        assert {picture for picture, _, _ in seen} - {default[0]}, (
            f"moving {control_name!r} of {name} never changed the picture"
        )
        assert any(d != default[1] or n != default[2] for _, d, n in seen), (
            f"moving {control_name!r} of {name} changes no plotted data and no readout number"
        )
        assert widget.fingerprint() == default[0], (
            f"{name} does not redraw the same for the same state"
        )
    assert widget.figure is figure and widget.figure.axes == axes, f"{name} rebuilt its figure"


def test_the_data_fingerprint_ignores_text():
    widget = widgets.claim_picker()
    before = widget.data_fingerprint()
    widget.axes.set_title("another title")
    widget.axes.text(0.5, 0.5, "a label")
    assert widget.data_fingerprint() == before
    widget.axes.plot([0, 1], [0, 1])
    assert widget.data_fingerprint() != before


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_redraw_in_place_draws_what_a_fresh_drawing_draws(name):
    """Widgets that move their artists instead of drawing again (``update``) end each control's
    sweep with the picture a cleared figure drawn from scratch shows for the same state."""
    widget = BUILDERS[name]()
    if widget.update is None:
        pytest.skip("draws from scratch on every change")
    fresh = BUILDERS[name]()
    fresh.update = None  # every render clears the axes and draws from scratch
    for control in widget.controls.values():
        for value in sweep_values(control):
            control.value = value
            with fresh.hold_render(redraw=False):
                fresh.set(**widget.params)
            fresh.render()
            assert fresh.image.value == widget.image.value, (name, widget.params)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_static_figure_is_the_default_view(name):
    widget = BUILDERS[name]()
    picture = widget.static()
    assert picture.png.startswith(b"\x89PNG")
    assert repr(picture) == f"[figure] {widget.caption}"


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


def _arrow_press(control):
    """The value one ArrowRight press gives a slider (ArrowLeft at the right end), or None."""
    if isinstance(control, ipywidgets.SelectionSlider):
        i = control.index
        return control.options[i + 1 if i + 1 < len(control.options) else i - 1]
    if isinstance(control, ipywidgets.FloatLogSlider):
        exponent = math.log(control.value, control.base)
        up = exponent + control.step <= control.max + 1e-9
        return control.base ** (exponent + (control.step if up else -control.step))
    if isinstance(control, ipywidgets.IntSlider | ipywidgets.FloatSlider):
        up = control.value + control.step <= control.max
        return control.value + (control.step if up else -control.step)
    return None


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_one_arrow_press_moves_every_slider_to_a_new_value(name):
    """A keyboard user presses an arrow key once: the slider must move, not snap back."""
    widget = BUILDERS[name]()
    for control_name, control in widget.controls.items():
        if _arrow_press(control) is None:
            continue
        default = control.value
        for position in (default, *sweep_values(control)):
            control.value = position
            start, view = control.value, (widget.data_fingerprint(), widget.numbers())
            target = _arrow_press(control)
            control.value = target[1] if isinstance(target, tuple) else target
            assert control.value != start, f"{name}: an arrow press on {control_name!r} snaps back"
            assert (widget.data_fingerprint(), widget.numbers()) != view, (
                f"{name}: from {start!r}, an arrow press on {control_name!r} changes nothing seen"
            )
        control.value = default


@pytest.mark.parametrize("name", ["memory_calculator", "roofline_explorer", "matmul_explorer"])
def test_a_layered_widget_redraws_only_its_top_layer_and_leaks_nothing(name):
    widget = BUILDERS[name]()
    assert isinstance(widget, widgets.base.LayeredFigureWidget)
    counts = [len(ax.get_children()) for ax in widget.figure.axes]
    for control in widget.controls.values():
        start = control.value
        for value in sweep_values(control):
            control.value = value
        control.value = start
    assert [len(ax.get_children()) for ax in widget.figure.axes] == counts
    # the top layer is drawn over kept pixels: the static figure renders both layers in full,
    # and a change after it draws what a widget that never showed its static figure draws
    assert widget.static().png.startswith(b"\x89PNG")
    fresh = BUILDERS[name]()
    for control_name, control in widget.controls.items():
        value = list(sweep_values(control))[-1]
        control.value = value
        fresh.controls[control_name].value = value
        assert widget.fingerprint() == fresh.fingerprint(), (name, control_name)
