"""The main window as a user drives it: real widgets, real engine, offscreen."""

import numpy as np
import pytest
from gui_helpers import do, open_window
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QCheckBox, QLabel

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.panels.fields import SliderField
from gradviz.state import intents as i

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"


def make_session(**changes):
    base = Session(text=ROSENBROCK, domain=((-2.0, 2.0), (-1.0, 3.0)), start=(-1.5, 2.5),
                   panels=(PanelConfig("gd", {"lr": 5e-4}), PanelConfig("adam", {"lr": 0.05})),
                   steps=200)
    return base.replace(**changes)


@pytest.fixture
def window(qtbot):
    win = open_window(qtbot, make_session(), (1280, 720))
    return win


def type_function(qtbot, window, text):
    editor = window.controls.editor.line_edit
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    # The state prepares it off the GUI thread after a short pause in typing: wait for that,
    # as a person would.
    qtbot.waitUntil(lambda: not window.state.preparing, timeout=5000)


def wait_for_error(qtbot, editor):
    """An error shows once the typing has paused for ERROR_PAUSE seconds."""
    qtbot.waitUntil(editor.has_error, timeout=5000)


def image_of(view):
    return view.items.image.image


def path_of(view):
    return view.items.path.points()


def test_typed_expression_is_drawn_exactly(qtbot, window):
    type_function(qtbot, window, "x^2 + 3*y")
    grid = window.state.landscape.grid
    expected = grid.xs[None, :] ** 2 + 3 * grid.ys[:, None]
    for view in window.views:
        np.testing.assert_allclose(image_of(view), expected, rtol=1e-12, atol=1e-12)
    assert window.controls.editor.dfdx_label.plain_text().endswith("2*x")
    assert window.controls.editor.dfdy_label.plain_text().endswith("3")


def test_broken_expression_shows_inline_error_and_keeps_landscape(qtbot, window):
    before = image_of(window.views[0]).copy()
    type_function(qtbot, window, "x^2 +* y")
    editor = window.controls.editor
    wait_for_error(qtbot, editor)
    shown = QTextDocumentFragment.fromHtml(editor.error_label.text()).toPlainText()
    assert "after '+'" in shown and "x^2 +* y" in shown
    assert editor.line_edit.property("error") in (True, "true")
    np.testing.assert_array_equal(image_of(window.views[0]), before)
    assert window.state.objective.text == ROSENBROCK
    type_function(qtbot, window, ROSENBROCK + " +")   # another typo
    wait_for_error(qtbot, editor)
    type_function(qtbot, window, ROSENBROCK)   # the last valid function again clears it
    assert not editor.has_error() and not editor.error_label.isVisible()
    type_function(qtbot, window, "x^2 + y^2")  # fixing the typo clears the error
    assert not editor.has_error()


def test_a_function_shows_as_it_is_typed_and_an_error_waits_for_the_pause(qtbot, window):
    """Typing "x^2 + y^2" key by key: each valid text on the way ("x", "x^2", "x^2 + y", ...)
    is drawn soon after its key (TYPING_PAUSE), while the unfinished ones' errors ("x^",
    "x^2 +") wait for the typing to pause ERROR_PAUSE seconds, so no error flashes while
    a person types; then the text's error shows, in place."""
    import time

    from gradviz.gui.panels.expression import ERROR_PAUSE
    from gradviz.state.app_state import TYPING_PAUSE

    assert TYPING_PAUSE <= 0.05 and ERROR_PAUSE >= 0.5
    editor = window.controls.editor
    field = editor.line_edit
    field.selectAll()
    drawn, flashed = [], []
    for ch in "x^2 + y":
        qtbot.keyClicks(field, ch)
        qtbot.waitUntil(lambda: not window.state.preparing, timeout=5000)
        flashed.append(editor.has_error())
        drawn.append(window.state.objective.text)
    assert not any(flashed)                                 # "x^" and "x^2 +" were errors
    assert window.state.editor.error is None and drawn[-1] == "x^2 + y"
    assert {"x", "x^2", "x^2 + y"} <= set(drawn)
    began = time.monotonic()
    qtbot.keyClicks(field, "^")                                # "x^2 + y^": unfinished
    qtbot.waitUntil(lambda: window.state.editor.error is not None, timeout=5000)
    assert not editor.has_error()                              # known, not shown yet
    wait_for_error(qtbot, editor)
    assert time.monotonic() - began >= ERROR_PAUSE * 0.9
    assert "at the end" in editor.error_label.text()
    qtbot.keyClicks(field, "2")                                # fixed: drawn, error gone
    qtbot.waitUntil(lambda: not editor.has_error(), timeout=5000)
    assert window.state.objective.text == "x^2 + y^2"


def test_parameter_gets_a_slider_that_redraws(qtbot, window):
    type_function(qtbot, window, "a*x^2 + y^2")
    # its row comes once the typing pauses
    qtbot.waitUntil(lambda: window.controls.parameters.names() == ("a",), timeout=3000)
    row = window.controls.parameters.row("a")
    assert row.value() == 1.0
    row.slider.setValue(row.scale.position(3.0))  # as a drag would
    assert window.state.objective.params["a"] == pytest.approx(3.0)
    grid = window.state.landscape.grid
    a = window.state.objective.params["a"]
    expected = a * grid.xs[None, :] ** 2 + grid.ys[:, None] ** 2
    np.testing.assert_allclose(image_of(window.views[0]), expected, rtol=1e-12)
    type_function(qtbot, window, "x^2 + y^2")
    assert window.controls.parameters.names() == ()


def test_names_on_the_way_to_a_function_get_no_rows(qtbot, window):
    """Typing sin(x)*a, each prefix is shown as typed ("s" and "si" are functions of a
    parameter), but rows appear only for the names still there when the typing pauses."""
    from gradviz.gui.panels.expression import ERROR_PAUSE

    parameters, field = window.controls.parameters, window.controls.editor.line_edit
    hint = parameters.findChild(QLabel, "parameters_hint")
    field.selectAll()
    seen = set()
    for key in "sin(x)*a":
        qtbot.keyClicks(field, key)
        qtbot.wait(120)                  # a person's pace: each prefix is prepared and shown
        seen.update(parameters.names())
    assert window.state.session.text == "sin(x)*a"
    assert seen == set()                 # no row came and went while typing
    assert hint.isHidden()               # nor did it say "No parameters" with a on the way
    qtbot.waitUntil(lambda: parameters.names() == ("a",), timeout=round(ERROR_PAUSE * 3000))


def test_learning_rate_change_recomputes_path_and_keeps_step(qtbot, window):
    do(window, i.SetStep(50))
    before = path_of(window.views[0])
    assert len(before) == 51
    other = window.state.runs[1]
    lr = window.controls.optimizers[0].findChild(SliderField, "lr")
    lr.field.setText("0.0002")
    lr.field.editingFinished.emit()
    assert window.state.session.panels[0].hyper["lr"] == pytest.approx(2e-4)
    after = path_of(window.views[0])
    assert window.state.step == 50 and len(after) == 51
    assert not np.allclose(before, after)
    assert window.state.runs[1] is other  # only the changed panel is recomputed


def test_play_then_step_back_is_deterministic(qtbot, window):
    c = window.state
    do(window, i.SetSpeed(200))
    qtbot.mouseClick(window.playback.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: c.step >= 20, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not c.playing
    k = c.step
    at_k = path_of(window.views[1]).copy()
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert c.step == k - 1 and len(path_of(window.views[1])) == k
    qtbot.keyClick(window, Qt.Key.Key_Right)
    np.testing.assert_array_equal(path_of(window.views[1]), at_k)
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert c.step == 0 and window.playback.slider.value() == 0


def test_click_on_a_panel_moves_the_start_of_both(qtbot, window):
    view = window.views[1]
    qtbot.waitUntil(lambda: view.isVisible())
    target = QPointF(0.5, 1.0)
    scene_pos = view.view_box.mapViewToScene(target)
    widget_pos = view.graphics.mapFromScene(scene_pos)
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=widget_pos)
    x, y = window.state.session.start
    assert x == pytest.approx(0.5, abs=0.03) and y == pytest.approx(1.0, abs=0.03)
    for v in window.views:
        sx, sy = v.items.start.getData()
        assert (sx[0], sy[0]) == (x, y)
        assert tuple(path_of(v)[0]) == (x, y)
    assert window.controls.run_settings.start_x.value() == x


def test_too_large_learning_rate_marks_divergence(qtbot, window):
    do(window, i.SetPanel(0, "gd", {"lr": 100.0}), i.SetStep(window.state.session.steps))
    run = window.state.runs[0]
    d = run.trajectory.diverged_at
    assert d is not None and d < 20
    header = window.views[0].header
    assert header.status_kind == "diverged"
    assert f"diverged at step {d}" in header.status_text()
    drawn = path_of(window.views[0])
    assert np.isfinite(drawn).all() and 1 <= len(drawn) <= d + 1
    assert window.views[1].header.status_kind != "diverged"


def test_long_animation_survives_thousands_of_frames(qtbot, window):
    # Thousands of setData calls and signal emits: the PySide6 6.12 crash needed only a few hundred.
    do(window, i.SetSteps(3000))
    for k in range(0, 3001, 1):
        window.state.apply(i.SetStep(k))
    assert len(path_of(window.views[0])) == 3001


def test_hiding_a_layer_hides_it_without_recomputing_the_landscape(qtbot, window):
    display = window.controls.display
    before = window.state.landscape
    display.findChild(QCheckBox, "contours").click()
    assert window.state.session.display.contours is False
    assert all(not v.items.contours.isVisible() for v in window.views)
    assert window.state.landscape is before
    arrows_before = window.views[0].items.arrows.getData()[0].size
    do(window, i.SetDisplay("arrow_density", 10))  # as the density box does
    assert window.state.landscape is not before
    assert window.views[0].items.arrows.getData()[0].size < arrows_before
