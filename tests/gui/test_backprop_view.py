"""The backpropagation panel driven as a person would: keys and buttons step the walkthrough,
and the boxes, arrows, label and caption show what the step says."""

import math

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import QMainWindow

from gui_helpers import record
from gradviz.engine import backprop, backprop_regression
from gradviz.engine.backprop_text import number
from gradviz.engine.expression import parse_expression
from gradviz.engine.regression import RegressionLoss, houses
from gradviz.gui import theme
from gradviz.gui.panels.backprop import BackpropPanel


@pytest.fixture
def panel(qtbot):
    widget = BackpropPanel()
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    return widget


def shown(panel):
    """name -> the lines of its box."""
    return {item.node.name: item.lines() for item in panel.view.node_items}


def open_x_times_y(panel):
    objective = parse_expression("x*y + sin(x)")
    panel.set_walkthrough(backprop.walkthrough(objective, 1.5, 2.0))
    return objective


def test_the_forward_pass_fills_in_values_one_key_at_a_time(panel, qtbot):
    open_x_times_y(panel)
    assert panel.step() == 0
    assert shown(panel)["x"] == ["x", "= 1.5"] and shown(panel)["a"] == ["a = x·y"]
    assert panel.caption.text() == "forward pass: start from the inputs, x = 1.5, y = 2"
    assert panel.title.text() == "f(x, y) = x*y + sin(x)   at x = 1.5, y = 2:   f = 3.997"
    qtbot.keyClick(panel, Qt.Key.Key_Right)
    assert panel.step() == 1
    assert shown(panel)["a"] == ["a = x·y", "= 3"] and shown(panel)["b"] == ["b = sin(x)"]
    a = panel.view.node_items[2]
    assert a.highlighted and not panel.view.node_items[3].highlighted
    modes = [(e.edge.source, e.edge.target, e.mode) for e in panel.view.edge_items]
    assert modes == [(0, 2, "forward"), (1, 2, "forward"), (0, 3, "waiting"),
                     (2, 4, "waiting"), (3, 4, "waiting")]
    assert panel.caption.text() == "forward: a = x·y = 1.5·2 = 3"
    assert panel.position.text() == "forward 1 / 3"
    qtbot.keyClick(panel, Qt.Key.Key_Left)
    assert shown(panel)["a"] == ["a = x·y"]


def test_the_backward_pass_lights_one_edge_with_its_local_derivative(panel, qtbot):
    open_x_times_y(panel)
    walk = panel.walk
    panel.set_step(walk.first_backward)
    assert shown(panel)["f"] == ["f = a + b", "= 3.997", "∂f/∂f = 1"]
    assert not panel.view.label.isVisible()
    panel.set_step(walk.first_backward + 3)          # sin hands ∂f/∂b × cos(x) to x
    highlighted = [e for e in panel.view.edge_items if e.highlighted]
    assert [(e.edge.source, e.edge.target, e.mode) for e in highlighted] == [(0, 3, "backward")]
    assert panel.view.label.isVisible()
    assert panel.view.label.text() == (f"∂b/∂x = cos(x) = {number(math.cos(1.5))}\n"
                                       f"1 × {number(math.cos(1.5))} = {number(math.cos(1.5))}")
    assert shown(panel)["x"][-1] == f"∂f/∂x so far {number(math.cos(1.5))}"
    assert "x is used twice" in panel.caption.text()
    qtbot.keyClick(panel, Qt.Key.Key_Right)          # the product's share: x is complete
    assert shown(panel)["x"][-1] == f"∂f/∂x = {number(2 + math.cos(1.5))}"
    used = [e.mode for e in panel.view.edge_items if (e.edge.source, e.edge.target) == (0, 3)]
    assert used == ["used"]


def test_the_end_marks_the_gradient_at_the_inputs(panel, qtbot):
    objective = open_x_times_y(panel)
    qtbot.keyClick(panel, Qt.Key.Key_End)
    gx, gy = (float(g) for g in objective.gradient(1.5, 2.0))
    assert shown(panel)["x"][-1] == f"∂f/∂x = {number(gx)}"
    assert shown(panel)["y"][-1] == f"∂f/∂y = {number(gy)}"
    roles = {item.node.name: item.role for item in panel.view.node_items}
    assert roles == {"x": "gradient", "y": "gradient", "a": "", "b": "", "f": ""}
    assert panel.caption.text().startswith("done: ∂f/∂x = 2.071 and ∂f/∂y = 1.5")
    assert panel.position.text() == "done"
    assert not panel.step_forward.isEnabled()


def test_forward_and_backward_buttons_play_their_pass_and_stop(panel, qtbot):
    open_x_times_y(panel)
    panel.set_speed(20.0)
    steps = record(panel.step_changed)
    qtbot.mouseClick(panel.forward, Qt.MouseButton.LeftButton)
    assert panel.playing()
    qtbot.waitUntil(lambda: not panel.playing(), timeout=3000)
    assert panel.step() == panel.walk.first_backward - 1      # all values, no adjoint yet
    assert [s[0] for s in steps] == [1, 2, 3]
    qtbot.mouseClick(panel.backward, Qt.MouseButton.LeftButton)
    assert panel.step() == panel.walk.first_backward
    qtbot.waitUntil(lambda: not panel.playing(), timeout=3000)
    assert panel.step() == panel.last_step()
    assert not panel.play.isChecked()


def test_with_focus_its_keys_win_over_the_windows_shortcuts(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    panel = BackpropPanel()
    window.setCentralWidget(panel)
    window_steps = []
    action = QAction("next frame", window)
    action.setShortcut(QKeySequence(Qt.Key.Key_Right))
    action.triggered.connect(lambda: window_steps.append(1))
    window.addAction(action)
    window.show()
    qtbot.waitExposed(window)
    open_x_times_y(panel)
    panel.setFocus()
    qtbot.waitUntil(panel.hasFocus)
    qtbot.keyClick(panel, Qt.Key.Key_Right)
    assert panel.step() == 1 and window_steps == []


def test_space_plays_from_the_start_after_the_end(panel, qtbot):
    open_x_times_y(panel)
    panel.set_speed(20.0)
    panel.set_step(panel.last_step())
    qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert panel.playing() and panel.step() == 0
    qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert not panel.playing()


def test_a_new_point_keeps_the_step_and_a_new_function_starts_over(panel):
    objective = open_x_times_y(panel)
    panel.set_step(7)
    prepared = backprop.prepare(objective)
    panel.set_walkthrough(prepared.at(-1.0, 0.5))
    assert panel.step() == 7
    assert shown(panel)["x"][1] == "= −1"
    panel.set_walkthrough(backprop.walkthrough(parse_expression("x^2 + y"), 1.0, 1.0))
    assert panel.step() == 0 and shown(panel)["f"] == ["f = y + a"]


def test_the_regression_graph_offers_every_house(panel, qtbot):
    loss = RegressionLoss(houses())
    panel.set_walkthrough(backprop_regression.walkthrough(loss, 1.0, 20.0, house=2))
    assert panel.house.isVisible() and panel.house.count() == 30
    assert panel.house.currentIndex() == 2
    asked = record(panel.choice_requested)
    panel.house.activated.emit(6)
    assert asked == [(6,)]
    names = shown(panel)
    assert names["L"][:2] == ["L = (ℓ₁ + … + ℓ₃₀)/30", "mean over 30 houses"]
    assert names["rᵢ"][1] == "the residual, for each house"
    panel.set_step(panel.last_step())
    gw, gb = (float(g) for g in loss.gradient(1.0, 20.0))
    assert shown(panel)["w"][-1] == f"∂L/∂w = {number(gw)}"
    assert shown(panel)["b"][-1] == f"∂L/∂b = {number(gb)}"
    assert shown(panel)["yᵢ"][-1] == "data: no gradient needed"
    panel.set_step(5)
    panel.set_walkthrough(backprop_regression.walkthrough(loss, 1.0, 20.0, house=11))
    assert panel.step() == 5 and panel.house.currentIndex() == 11     # another house, same step
    assert shown(panel)["xᵢ"][1].endswith("of house 12")
    assert shown(panel)["xᵢ"][2] == f"= {number(loss.features[11])}"


def test_a_graph_too_large_says_so(panel):
    text = "+".join(f"sin({k}*x)*y" for k in range(2, 44))
    panel.set_walkthrough(backprop.walkthrough(parse_expression(text), 1.0, 1.0))
    assert panel.view.message.isVisible()
    assert panel.view.message.text() == "graph too large to draw: 129 nodes (at most 120)"
    assert panel.view.node_items == [] and panel.title.text() == panel.view.message.text()


def test_presentation_mode_makes_the_boxes_larger_and_dark_recolours_them(panel):
    open_x_times_y(panel)
    before = panel.view.node_items[2].size()
    light_ink = panel.view.gs.ink.name()
    previous = theme.set_current(theme.make_style("dark", presentation=True))
    try:
        panel.apply_style(theme.current())
        after = panel.view.node_items[2].size()
        assert after[0] > 1.3 * before[0] and after[1] > 1.3 * before[1]
        assert panel.view.gs.ink.name() != light_ink
        assert panel.view.gs.background.name() == "#000000"
        assert panel.caption.font().pointSizeF() == pytest.approx(theme.READOUT_PT * 1.4)
    finally:
        theme.set_current(previous)


def test_zoom_and_fit(panel):
    open_x_times_y(panel)
    fitted = panel.view.transform().m11()
    panel.view.zoom(2.0)
    assert panel.view.transform().m11() == pytest.approx(2 * fitted)
    panel.fit.click()
    assert panel.view.transform().m11() == pytest.approx(fitted)


def test_a_large_graph_stays_readable_and_the_view_follows_the_step(panel):
    from gradviz.engine.presets import PRESETS
    from gradviz.gui.views.graph_view import FOLLOW_SCALE

    objective = parse_expression(PRESETS["goldstein_price"].expression)
    panel.resize(700, 500)
    panel.set_walkthrough(backprop.walkthrough(objective, -1.25, -1.25))
    view = panel.view
    assert view.transform().m11() == pytest.approx(FOLLOW_SCALE)
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    for k in (5, panel.walk.first_backward + 3, panel.last_step() - 1):
        panel.set_step(k)
        step = panel.walk.steps[k]
        node = step.node if step.edge is None else panel.walk.edges[step.edge].source
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        assert seen.contains(view.node_items[node].sceneBoundingRect()), k


def test_drawn_at_twice_the_pixels_the_text_is_there(panel):
    open_x_times_y(panel)
    panel.set_step(panel.last_step())
    image = QImage(panel.view.size() * 2, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(2.0)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    size = panel.view.viewport().size()
    panel.view.render(painter, QRectF(0, 0, size.width(), size.height()),
                      panel.view.viewport().rect())
    painter.end()
    box = panel.view.mapFromScene(panel.view.node_items[0].sceneBoundingRect()).boundingRect()
    dark = sum(1 for px in range(box.left() * 2, box.right() * 2, 2)
               for py in range(box.top() * 2, box.bottom() * 2, 2)
               if image.pixelColor(px, py).lightness() < 128)
    assert dark > 50      # the box's outline and its three lines of text


def test_presenting_a_small_graph_in_a_narrow_dock_shows_all_of_it(panel):
    """Lesson 10 at 1280x720 in presentation mode: the dock beside one panel is ~500 px wide,
    and x^2 + 10y^2's graph in presentation type needed 0.6x to fit, under MIN_FIT, so it was
    shown at FOLLOW_SCALE and scrolled, the inputs cut at the left. Presentation type is 1.4x
    normal type, so shrinking it to MIN_FIT / 1.4 is still normal type at MIN_FIT: all shows."""
    from gradviz.gui.views.graph_view import MIN_FIT

    previous = theme.set_current(theme.make_style("light", presentation=True))
    try:
        panel.apply_style(theme.current())
        panel.resize(500, 520)
        panel.set_walkthrough(backprop.walkthrough(parse_expression("x^2 + 10*y^2"), 1.0, 0.5))
        view = panel.view
        view.fit()
        scale = view.transform().m11()
        assert MIN_FIT / 1.4 <= scale < MIN_FIT       # smaller than normal mode would go
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        for item in view.node_items:
            assert seen.contains(item.sceneBoundingRect())
    finally:
        theme.set_current(previous)
        panel.apply_style(theme.current())
