"""Issue 4 in the real window: inspector, curves, arrows at the point, probe and slices,
1 to 4 panels, overlay. Numbers on screen are checked against the engine's own."""

import numpy as np
import pytest
from gui_helpers import do, open_window
from PySide6.QtCore import QPointF, Qt

from gradviz.engine.inspect import fmt
from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.views.readout import format_number
from gradviz.state import intents as i

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"


@pytest.fixture
def window(qtbot):
    session = Session(text=ROSENBROCK, domain=((-2.0, 2.0), (-1.0, 3.0)), start=(-1.5, 2.5),
                      panels=(PanelConfig("gd", {"lr": 5e-4}),
                              PanelConfig("adam", {"lr": 0.05})), steps=200)
    win = open_window(qtbot, session, (1680, 960))
    return win


def test_inspector_shows_adams_state_at_the_current_step(window):
    c = window.state
    window.inspector.select(1)
    do(window, i.SetStep(7))
    traj = c.runs[1].trajectory
    state, derived = traj.state_at(8), traj.derived_at(8)  # after the update leaving step 7
    ins = window.inspector
    assert ins.row_text("exp_avg") == (fmt(state.exp_avg[0]), fmt(state.exp_avg[1]))
    assert ins.row_text("exp_avg_sq") == (fmt(state.exp_avg_sq[0]), fmt(state.exp_avg_sq[1]))
    assert ins.row_text("m_hat") == tuple(fmt(v) for v in derived["m_hat"])
    assert ins.row_text("bias_correction1") == (fmt(1 - 0.9**8), "")
    assert ins.row_text("bias_correction2") == (fmt(1 - 0.999**8), "")
    assert ins.row_text("grad") == tuple(fmt(v) for v in traj.grads[7])
    assert ins.row_text("applied_step") == tuple(fmt(v) for v in traj.updates[7])
    assert ins.row_text("plain_step") == tuple(fmt(-0.05 * g) for g in traj.grads[7])
    # the update rule advances with the timeline and ends at the next point
    assert fmt(traj.points[8][0]) in ins.formula_text()
    do(window, i.SetStep(8))
    assert ins.row_text("grad") == tuple(fmt(v) for v in traj.grads[8])
    assert fmt(traj.points[9][1]) in ins.formula_text()


def test_inspector_tabs_follow_the_panels(window):
    tabs = window.inspector.tabs
    runs = window.state.runs
    lrs = [run.trajectory.hyper["lr"] for run in runs]
    assert window.inspector.tab_labels() == [f"1  Gradient descent, lr {lrs[0]:g}",
                                             f"2  Adam, lr {lrs[1]:g}"]
    assert tabs.count() == 2
    window.inspector.select(0)
    assert window.state.view.inspected == 0
    assert set(window.inspector._rows) == {"grad", "applied_step", "plain_step"}
    window.inspect_next_panel()   # the I key
    assert window.state.view.inspected == 1
    assert window.inspector.selected() == 1 and "m_hat" in window.inspector._rows


def test_clicking_the_curves_moves_the_timeline(qtbot, window):
    c = window.state
    do(window, i.SetStep(3))
    window.curves.step_requested.emit(120)   # what a click at step 120 emits (widget tests)
    assert c.step == 120 and window.curves.cursor_step() == 120
    assert window.playback.slider.value() == 120
    assert len(window.views[0].items.path.points()) == 121


def test_curves_show_each_panels_values(window):
    runs = window.state.runs
    f_items = window.curves.f_plot.curves
    for item, run in zip(f_items, runs):
        x, y = item.getData()
        np.testing.assert_array_equal(y, run.trajectory.values)


def test_arrows_at_the_point_follow_the_engine(window):
    c = window.state
    do(window, i.SetStep(10))
    traj = c.runs[1].trajectory
    x, y = traj.points[10]
    # zoomed so that the step reaches well past the point's marker (shorter ones hide under it)
    reach = 3 * float(np.abs(traj.points[11] - traj.points[10]).max())
    window.views[1].set_view_range(((x - reach, x + reach), (y - reach, y + reach)))
    shown = window.views[1].arrows.shown()
    assert set(shown) == {"grad", "step", "momentum"}
    origin = traj.points[10]
    np.testing.assert_allclose(shown["step"][0], origin)
    np.testing.assert_allclose(shown["step"][1], traj.points[11])   # the step's tip: next point
    g = shown["grad"][1] - shown["grad"][0]
    cross = g[0] * traj.grads[10][1] - g[1] * traj.grads[10][0]
    assert abs(cross) < 1e-9 * np.linalg.norm(g) * np.linalg.norm(traj.grads[10])
    assert np.dot(g, traj.grads[10]) > 0   # steepest ascent, not descent
    m = shown["momentum"][1] - shown["momentum"][0]
    assert np.dot(m, traj.states.exp_avg[11]) < 0   # the way m pushes: minus m
    # plain gradient descent has no momentum arrow
    assert "momentum" not in window.views[0].arrows.shown()


def test_arrows_can_be_toggled_from_the_menu(window):
    action = window.actions_by_name["grad_arrow"]
    assert action.isChecked()
    action.trigger()
    assert window.state.session.display.grad_arrow is False
    assert "grad" not in window.views[1].arrows.shown()
    assert not window.controls.display.options()["grad_arrow"]
    action.trigger()
    assert "grad" in window.views[1].arrows.shown()


def test_hover_shows_the_engines_values_and_slices_follow(window):
    view = window.views[0]
    scene_pos = view.view_box.mapViewToScene(QPointF(0.5, 1.5))
    view.probe._on_scene_mouse_moved(scene_pos)   # what the scene reports on a mouse move
    p = window.state.objective
    slices = window.slices
    x, y = window.state.view.hover
    f, fx, fy = (float(v) for v in p.value_and_gradient(x, y))
    box = view.probe.box_text()
    assert format_number(f) in box and format_number(fx) in box and format_number(fy) in box
    assert format_number(f) in slices.readout_text()
    assert window.views[1].probe.box_text() == ""   # only the view under the mouse
    view.probe.leave()
    assert view.probe.box_text() == "" and window.state.view.hover is None


def test_dragging_the_probe_pins_it_in_every_view(window):
    window.views[1].probe.target.setPos(QPointF(1.0, 2.0))   # as a drag moves it
    assert window.state.session.probe == pytest.approx((1.0, 2.0))
    assert window.views[0].probe.probe_position() == pytest.approx((1.0, 2.0))
    # f = 0 + 100*(2-1)^2 = 100, df/dx = -400*1*(2-1) - 0 = -400, df/dy = 200*(2-1) = 200
    text = window.slices.readout_text()
    assert "100.0" in text and "-400.0" in text.replace("\u2212", "-") and "200.0" in text


def test_adding_and_removing_panels(qtbot, window):
    c = window.state
    qtbot.mouseClick(window.controls.add_button, Qt.MouseButton.LeftButton)
    assert [p.optimizer for p in c.session.panels] == ["gd", "adam", "momentum"]
    assert len(window.views) == 3 and len(c.runs) == 3 and len(window.controls.optimizers) == 3
    assert window.views[2].header.title_text() == "Momentum, lr 0.001"
    assert window.views[2].items.image.image is not None   # a new panel gets the landscape
    assert window.inspector.tabs.count() == 3 and len(window.curves.f_plot.curves) >= 3
    window.actions_by_name["add_panel"].trigger()
    assert len(window.views) == 4 and not window.controls.add_button.isEnabled()
    window.actions_by_name["add_panel"].trigger()   # four at most
    assert len(c.session.panels) == 4
    adam = c.runs[1].trajectory
    window.views[0].header.close_button.click()   # remove gradient descent
    assert [p.optimizer for p in c.session.panels] == ["adam", "momentum", "rmsprop"]
    assert len(window.views) == 3 and window.views[0].header.title_text() == "Adam, lr 0.05"
    np.testing.assert_array_equal(c.runs[0].trajectory.points, adam.points)


def test_overlay_draws_every_path_on_one_landscape(window):
    c = window.state
    window.actions_by_name["add_panel"].trigger()
    do(window, i.SetStep(50))
    window.actions_by_name["overlay"].trigger()
    assert c.session.display.overlay is True
    assert window.views[0].isVisible() and not window.views[1].isVisible()
    view = window.views[0]
    assert len(view.layers) == 2
    np.testing.assert_array_equal(view.items.path.points(), c.runs[0].trajectory.points[:51])
    for layer, run in zip(view.layers, c.runs[1:]):
        np.testing.assert_array_equal(layer.path.points(), run.trajectory.points[:51])
    texts = view.legend.texts()
    assert [t.split(":")[0] for t in texts] == ["Gradient descent, lr 0.0005", "Adam, lr 0.05",
                                                "Momentum, lr 0.001"]
    window.actions_by_name["overlay"].trigger()
    assert window.views[1].isVisible() and view.layers == [] and view.legend.texts() == []


def test_close_button_shows_only_under_the_mouse(window):
    from PySide6.QtCore import QEvent
    from PySide6.QtCore import QPointF as P
    from PySide6.QtGui import QEnterEvent

    header = window.views[0].header
    assert not header.close_button.isVisible()   # pictures of the window never carry it
    header.enterEvent(QEnterEvent(P(5, 5), P(5, 5), P(5, 5)))
    assert header.close_button.isVisible()
    header.leaveEvent(QEvent(QEvent.Type.Leave))
    assert not header.close_button.isVisible()
    do(window, i.RemovePanel(1))   # one panel left: nothing to close
    window.views[0].header.enterEvent(QEnterEvent(P(5, 5), P(5, 5), P(5, 5)))
    assert not window.views[0].header.close_button.isVisible()


def test_basins_open_from_the_panels_menu(qtbot, window):
    action = next(a for a in window.actions() if a.text() == "Basins of attraction...")
    assert action.shortcut().toString() == "Ctrl+B"
    action.trigger()
    dialog = window.basins_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    dialog.close()   # closing cancels the computation
