"""While a slider is dragged the panels follow every move and the curves dock at a lower rate
(presenters/later.py): during a parameter's drag the curves keep the runs they showed until
the full landscape arrives; while the pointer is held, a second change within the drag gap
waits (at most REFRESH seconds); a change on its own is shown at once."""

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget, QWidget

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.presenters.docks import CurvesPresenter
from gradviz.gui.views.curves import CurvesView
from gradviz.state import derived
from gradviz.state import intents as i
from gradviz.state.app_state import AppState

WELL = Session(text="a*x^2 + y^2", params={"a": 1.0}, domain=((-2.0, 2.0), (-2.0, 2.0)),
               start=(1.0, 1.0), panels=(PanelConfig("gd", {"lr": 0.1}),), steps=10)


class HeldJobs:
    """A job runner whose jobs wait until ``finish()`` (the window's runs them on a thread)."""

    budget = 2.0

    def __init__(self):
        self.jobs = []

    def submit(self, work, deliver, delay=0.0):
        self.jobs.append((work, deliver))

    def finish(self):
        from gradviz.state.jobs import run_job

        while self.jobs:
            work, deliver = self.jobs.pop(0)
            deliver(run_job(work))

    def flush(self):
        self.finish()


class Clock:
    now = 100.0

    def __call__(self):
        return self.now


@pytest.fixture
def shown(qtbot):
    """(state, runner, clock, curves view): a CurvesPresenter on a state of its own."""
    runner, clock = HeldJobs(), Clock()
    state = AppState(WELL, runner, clock)
    state.apply(i.OpenSession(WELL))
    state.flush()
    curves = CurvesView()   # not qtbot's: a test deletes it
    presenter = CurvesPresenter(state, curves, QDockWidget())
    yield state, runner, clock, curves, presenter
    if shiboken6.isValid(curves):
        shiboken6.delete(curves)


def _on_screen(curves):
    return curves.f_plot.shown[0]


def _of(state):
    return np.asarray(state.runs[0].trajectory.values)


def test_during_a_parameter_drag_the_curves_wait_for_the_full_landscape(shown):
    state, runner, clock, curves, _ = shown
    state.apply(i.SetParameter("a", 2.0))   # a move on its own: shown at once
    np.testing.assert_array_equal(_on_screen(curves), _of(state))
    before = _of(state)
    clock.now += 0.05
    state.apply(i.SetParameter("a", 3.0))   # part of a drag: the coarse landscape
    assert derived.drawn_coarse(state.landscape)
    assert not np.array_equal(_of(state), before)
    np.testing.assert_array_equal(_on_screen(curves), before)
    runner.finish()                         # the drag paused: the full landscape
    assert not derived.drawn_coarse(state.landscape)
    np.testing.assert_array_equal(_on_screen(curves), _of(state))


def test_with_the_pointer_held_a_second_change_waits_a_first_does_not(qtbot, shown):
    state, _, _, curves, presenter = shown
    surface = QWidget()
    qtbot.addWidget(surface)
    surface.show()
    QTest.mousePress(surface, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(5, 5))
    try:
        state.apply(i.SetPanel(0, "gd", {"lr": 0.2}))   # the press's first change: at once
        np.testing.assert_array_equal(_on_screen(curves), _of(state))
        before = _of(state)
        state.apply(i.SetPanel(0, "gd", {"lr": 0.3}))   # dragged on: waits
        np.testing.assert_array_equal(_on_screen(curves), before)
    finally:
        QTest.mouseRelease(surface, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           QPoint(5, 5))
    # x_k = (1 - 2 * 0.3)^k: the latest run, within REFRESH seconds
    qtbot.waitUntil(lambda: np.array_equal(_on_screen(curves), _of(state)), timeout=3000)
    np.testing.assert_allclose(state.runs[0].trajectory.points[:, 0], 0.4 ** np.arange(11),
                               rtol=1e-14)


def test_without_the_pointer_every_change_is_shown_at_once(shown):
    state, _, _, curves, _ = shown
    for lr in (0.2, 0.3, 0.4):
        state.apply(i.SetPanel(0, "gd", {"lr": lr}))
        np.testing.assert_array_equal(_on_screen(curves), _of(state))


def test_work_that_waits_is_dropped_with_its_widget(qtbot, shown):
    """A window closed during a drag: the curves' deferred work goes with their widget (its
    timers are the widget's), instead of reaching for deleted Qt objects a second later."""
    state, runner, clock, curves, presenter = shown
    state.apply(i.SetParameter("a", 2.0))
    clock.now += 0.05
    state.apply(i.SetParameter("a", 3.0))   # deferred: the coarse landscape
    assert presenter._runs.pending
    shiboken6.delete(curves)
    qtbot.wait(1300)   # past REFRESH: nothing runs, nothing raises
    assert presenter._runs.pending
