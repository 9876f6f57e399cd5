"""The backpropagation dock in the window: View > Backpropagation (Ctrl+6) shows f's graph at
the probe or at the inspected panel's current point, its gradient equal to the engine's there;
in the regression mode the model's graph for a chosen house; the choices are the session's."""

import math

import pytest
from gui_helpers import do, open_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from gradviz.engine import session as sessions
from gradviz.engine.session_io import from_json, to_json
from gradviz.state import intents as i

SESSION = sessions.from_preset("booth", optimizers=("gd", "adam"), steps=60)


def toggle(win):
    """View > Backpropagation step by step (Ctrl+6)."""
    win.docks["backprop"].toggleViewAction().trigger()


@pytest.fixture
def window(qtbot):
    win = open_window(qtbot, SESSION, (1600, 900))
    toggle(win)
    assert win.docks["backprop"].isVisible()
    return win


def test_the_view_menu_and_ctrl_6_open_and_close_it(window, qtbot):
    action = next(a for a in window.findChildren(QAction)
                  if a.text() == "Backpropagation step by step")
    assert action.shortcut().toString() == "Ctrl+6" and action.isChecked()
    assert window.docks["backprop"].isVisible()   # in front of the inspector's tab
    action.trigger()
    assert not window.docks["backprop"].isVisible()


def test_it_follows_the_probe_with_the_engines_gradient(window, qtbot):
    do(window, i.SetProbe(1.25, -0.5))
    walk = window.backprop.walk
    assert walk.point == (1.25, -0.5)
    gx, gy = window.state.objective.gradient(1.25, -0.5)
    assert walk.gradient == pytest.approx((gx, gy), rel=1e-12)
    assert walk.value == pytest.approx(window.state.objective.value(1.25, -0.5))
    assert "at x = 1.25, y = −0.5" in window.backprop.title.text()
    qtbot.mouseClick(window.backprop.backward, Qt.MouseButton.LeftButton)   # it plays
    window.backprop.set_step(window.backprop.last_step())
    assert window.backprop.position.text() == "done"


def test_it_follows_the_inspected_panels_point_step_by_step(window):
    combo = window.backprop.point
    combo.setCurrentIndex(combo.findData("panel"))
    combo.activated.emit(combo.currentIndex())
    assert window.state.session.display.backprop_at == "panel"
    do(window, i.Inspect(1), i.Seek(7))
    x, y = window.state.runs[1].trajectory.points[7]
    assert window.backprop.walk.point == (x, y)
    do(window, i.Seek(8))
    assert window.backprop.walk.point == tuple(window.state.runs[1].trajectory.points[8])


def test_a_closed_dock_is_not_filled_and_catches_up(window, qtbot):
    toggle(window)
    do(window, i.SetProbe(-2.0, 3.0))
    assert window.backprop.walk.point != (-2.0, 3.0)
    toggle(window)
    assert window.backprop.walk.point == (-2.0, 3.0)


def test_regression_mode_draws_the_model_for_the_chosen_house(window):
    do(window, i.SetMode("regression"), i.SetProbe(100.0, 20.0))
    walk = window.backprop.walk
    assert walk.output == "L" and walk.point == (100.0, 20.0)
    loss = window.state.objective
    assert walk.gradient == pytest.approx(tuple(loss.gradient(100.0, 20.0)), rel=1e-9)
    house = window.backprop.house
    assert house.isVisible() and house.count() == 30
    house.setCurrentIndex(4)
    house.activated.emit(4)
    assert window.state.session.display.backprop_house == 4
    assert window.backprop.walk.choice == 4
    x4 = loss.data.x[4]
    assert window.backprop.house.currentText().startswith("house 5: x = ")
    assert math.isfinite(x4)


def test_the_choices_are_saved_with_the_session(window):
    do(window, i.SetDisplay("backprop_at", "panel"), i.SetDisplay("backprop_house", 3))
    again = from_json(to_json(window.state.session))
    assert again.display.backprop_at == "panel" and again.display.backprop_house == 3
    assert window.backprop.point.currentData() == "panel"


def test_a_short_panel_gives_the_legends_room_to_the_graph(qtbot):
    from gradviz.engine import backprop
    from gradviz.engine.expression import parse_expression
    from gradviz.gui.panels.backprop import LEGEND_ROOM, BackpropPanel

    panel = BackpropPanel()
    qtbot.addWidget(panel)
    panel.set_walkthrough(backprop.walkthrough(parse_expression("x*y"), 1.0, 2.0))
    panel.resize(500, LEGEND_ROOM + 100)
    panel.show()
    qtbot.waitUntil(lambda: panel.legend.isVisible())
    panel.resize(500, LEGEND_ROOM - 100)
    qtbot.waitUntil(lambda: not panel.legend.isVisible())
    assert panel.view.toolTip() == panel.legend.text() and "Blue" in panel.legend.text()


def test_in_presentation_type_the_legend_needs_as_much_more_height(qtbot):
    """At 1280x720 in presentation mode the dock is ~690 px: the legend's four lines of large
    type left the graph 300 px. Its room grows with the type (1.4x: 784 px)."""
    from gradviz.engine import backprop
    from gradviz.engine.expression import parse_expression
    from gradviz.gui import theme
    from gradviz.gui.panels.backprop import LEGEND_ROOM, BackpropPanel

    panel = BackpropPanel()
    qtbot.addWidget(panel)
    panel.set_walkthrough(backprop.walkthrough(parse_expression("x*y"), 1.0, 2.0))
    panel.resize(500, 690)
    panel.show()
    qtbot.waitUntil(lambda: panel.legend.isVisible())   # normal type: 690 >= 560
    previous = theme.set_current(theme.make_style(presentation=True))
    try:
        font = panel.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)   # as the presentation style does
        panel.setFont(font)
        qtbot.waitUntil(lambda: not panel.legend.isVisible())
        panel.resize(500, round(LEGEND_ROOM * theme.current().font_scale) + 10)
        qtbot.waitUntil(lambda: panel.legend.isVisible())
    finally:
        theme.set_current(previous)
