"""The runs' events as marks on the curves and the step slider: on a run worked out by hand
(gradient descent, lr 0.11, on f = x² + 10y²: f rises at step 1, the first overshoot), the
marks are there with their one line, and clicking one moves playback to its step."""

import pytest
from gui_helpers import documented_window
from PySide6.QtCore import QPoint, Qt

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.views.event_marks import tip
from gradviz.state.intents import Seek


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    # y is multiplied by 1 - 20 * 0.11 = -1.2 a step: f = 28.75 at step 0, 36.2 at step 1
    session = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)),
                      start=(-2.5, 1.5), panels=(PanelConfig("gd", {"lr": 0.02}),
                                                 PanelConfig("gd", {"lr": 0.11})), steps=60)
    with documented_window(tmp_path, monkeypatch, session) as win:
        win.docks["curves"].show()
        qtbot.waitExposed(win)
        yield win


def test_the_overshoot_of_a_run_worked_out_by_hand_is_marked(qtbot, window):
    f = window.state.runs[1].trajectory.values
    assert f[0] == pytest.approx(28.75) and f[1] == pytest.approx(1.95**2 + 10 * 1.8**2)
    marks = window.event_marks.marks()
    overshoot = next(m for m in marks if m.kind == "overshoot")
    assert overshoot.step == 1 and overshoot.y == pytest.approx(f[1])
    assert tip(overshoot) == "Step 1, first overshoot: f rose for the first time, from 28.8 " \
        "to 36.2: the step went past the lowest point on its way and landed higher up the " \
        "other side"
    assert "divergence" in {m.kind for m in marks}
    assert [m.kind for m in marks].count("overshoot") == 1   # lr 0.02 never overshoots
    assert window.event_marks.slider_marks.marks == marks


def test_clicking_a_mark_on_the_curves_moves_to_its_step(qtbot, window):
    window.state.apply(Seek(40))
    curve_marks = window.event_marks.curve_marks
    index = next(i for i, m in enumerate(curve_marks.marks) if m.kind == "overshoot")
    graphics = window.curves.graphics
    pixel = graphics.mapFromScene(curve_marks.scene_point(index))
    qtbot.mouseClick(graphics.viewport(), Qt.MouseButton.LeftButton, pos=pixel)
    assert window.state.step == 1


def test_clicking_a_tick_on_the_slider_moves_to_its_step(qtbot, window):
    window.state.apply(Seek(40))
    ticks = window.event_marks.slider_marks
    slider = window.playback.slider
    mark = next(m for m in ticks.marks if m.kind == "overshoot")
    x = ticks.x_of(mark.step)
    assert ticks.near(x) is not None and ticks.near(x + 40) is None
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(x, slider.height() - 3))
    assert window.state.step == ticks.near(x).step
