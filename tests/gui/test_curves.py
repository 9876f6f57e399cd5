"""CurvesView: f and |grad f| against step, the cursor, clicks and drags, log scales."""

import numpy as np
import pyqtgraph as pg
import pytest
from gui_helpers import record, tick_label_rects
from PySide6.QtCore import QPointF, Qt

from gradviz.gui.views.curves import CurveSeries, CurvesView

ORANGE, BLUE = "#E69F00", "#56B4E9"
STEPS = 100
K = np.arange(STEPS + 1, dtype=float)
# f falls from 101 to 1, |grad f| halves every 10 steps: both positive, easy to check by hand.
GD = CurveSeries("GD", ORANGE, 101.0 - K, 2.0 ** (-K / 10), None)
ADAM = CurveSeries("Adam", BLUE, 50.0 / (1 + K), 3.0 * 0.9 ** K, None)


@pytest.fixture
def view(qtbot):
    v = CurvesView()
    qtbot.addWidget(v)
    v.resize(700, 260)
    v.set_curves([GD, ADAM])
    v.show()
    qtbot.waitExposed(v)
    return v


def _xy(item):
    x, y = item.getData()
    return np.asarray(x, float), np.asarray(y, float)


def _viewport_pos(view, plot, x, y):
    scene = plot.view_box.mapViewToScene(QPointF(x, y))
    return view.graphics.mapFromScene(scene)


# --- what is shown -------------------------------------------------------------------------

def test_each_run_is_one_curve_per_plot_in_its_colour(view):
    x, y = _xy(view.f_plot.curves[0])
    np.testing.assert_array_equal(x, K)
    np.testing.assert_array_equal(y, GD.values)
    x, y = _xy(view.f_plot.curves[1])
    np.testing.assert_array_equal(y, ADAM.values)
    # |grad f| is on a log scale by default: the curve holds log10 of the norms
    _, y = _xy(view.grad_plot.curves[0])
    np.testing.assert_allclose(y, -K / 10 * np.log10(2.0))
    assert view.f_plot.curves[1].opts["pen"].color().name() == BLUE.lower()
    assert view.grad_plot.curves[0].opts["pen"].color().name() == ORANGE.lower()


def test_the_legend_names_each_run(view):
    text = view.legend.text()
    assert "GD" in text and "Adam" in text and ORANGE in text and BLUE in text


def test_fewer_runs_empty_the_spare_curves(view):
    view.set_curves([ADAM])
    _, y = _xy(view.f_plot.curves[0])
    np.testing.assert_array_equal(y, ADAM.values)
    assert _xy(view.f_plot.curves[1])[0].size == 0
    assert view.steps() == STEPS


def test_set_step_moves_the_cursor_and_the_dots(view):
    view.set_step(30)
    assert view.cursor_step() == 30
    assert view.grad_plot.cursor.value() == 30
    x, y = _xy(view.f_plot.dots)
    np.testing.assert_array_equal(x, [30, 30])
    np.testing.assert_array_equal(y, [71.0, 50.0 / 31])
    _, y = _xy(view.grad_plot.dots)
    np.testing.assert_allclose(y, [-3 * np.log10(2.0), np.log10(3.0) + 30 * np.log10(0.9)])


def test_the_plots_fit_the_steps_and_the_values(view):
    (x0, x1), (y0, y1) = view.f_plot.view_box.viewRange()
    assert x0 < 0 < STEPS < x1
    assert y0 < 1.0 and 101.0 < y1 < 120.0


# --- the mouse -----------------------------------------------------------------------------

def test_clicking_at_a_step_requests_that_step(view, qtbot):
    pos = _viewport_pos(view, view.f_plot, 30, 50)
    with qtbot.waitSignal(view.step_requested, timeout=2000) as blocker:
        qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [30]


def test_clicking_the_gradient_plot_requests_a_step_too(view, qtbot):
    pos = _viewport_pos(view, view.grad_plot, 72, -1.0)
    with qtbot.waitSignal(view.step_requested, timeout=2000) as blocker:
        qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [72]


def test_clicks_beyond_the_ends_are_clamped(view, qtbot):
    calls = record(view.step_requested)
    for x in (-4.0, STEPS + 4.0):    # inside the plot's padding, outside [0, steps]
        pos = _viewport_pos(view, view.f_plot, x, 50)
        qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert calls == [(0,), (STEPS,)]


def test_dragging_requests_each_new_step_along_the_way(view, qtbot, monkeypatch):
    # pyqtgraph drops mouse moves closer than 10 ms apart; a test moves faster than a hand
    monkeypatch.setitem(pg.CONFIG_OPTIONS, "mouseRateLimit", -1)
    calls = record(view.step_requested)
    viewport = view.graphics.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton,
                     pos=_viewport_pos(view, view.f_plot, 10, 50))
    for x in (20, 20, 40, 60):
        qtbot.mouseMove(viewport, _viewport_pos(view, view.f_plot, x, 50))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton,
                       pos=_viewport_pos(view, view.f_plot, 60, 50))
    steps = [c[0] for c in calls]
    assert steps[-1] == 60
    assert 20 in steps and 40 in steps
    assert steps == sorted(set(steps))      # forward only, each step once
    # the plot did not pan
    assert view.f_plot.view_box.viewRange()[0][0] < 0


def test_right_click_and_wheel_do_nothing(view, qtbot):
    before = view.f_plot.view_box.viewRange()
    pos = _viewport_pos(view, view.f_plot, 30, 50)
    with qtbot.assertNotEmitted(view.step_requested, wait=50):
        qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.RightButton, pos=pos)
    assert view.f_plot.view_box.viewRange() == before


def test_nothing_shown_nothing_requested(qtbot):
    v = CurvesView()
    qtbot.addWidget(v)
    assert v.step_at(5.0) is None
    assert v.steps() == -1


# --- log scales ----------------------------------------------------------------------------

def test_default_scales_linear_f_and_log_gradient(view):
    assert view.log_state() == {"log_f": False, "log_grad": True}
    assert not view.checks["log_f"].isChecked() and view.checks["log_grad"].isChecked()
    assert view.grad_plot.plot.getAxis("left").logMode
    assert not view.f_plot.plot.getAxis("left").logMode


def test_ticking_log_f_applies_it_and_says_so(view, qtbot):
    calls = record(view.log_changed)
    qtbot.mouseClick(view.checks["log_f"], Qt.MouseButton.LeftButton)
    assert calls == [("log_f", True)]
    assert view.log_state()["log_f"]
    assert view.f_plot.plot.getAxis("left").logMode
    _, y = _xy(view.f_plot.curves[0])
    np.testing.assert_allclose(y, np.log10(101.0 - K))


def test_unticking_log_gradient_shows_the_plain_norms(view, qtbot):
    calls = record(view.log_changed)
    view.set_step(10)
    qtbot.mouseClick(view.checks["log_grad"], Qt.MouseButton.LeftButton)
    assert calls == [("log_grad", False)]
    _, y = _xy(view.grad_plot.curves[0])
    np.testing.assert_allclose(y, 2.0 ** (-K / 10))
    _, y = _xy(view.grad_plot.dots)          # the dots move to the new scale at once
    np.testing.assert_allclose(y, [0.5, 3.0 * 0.9 ** 10])


def test_set_log_from_the_program_is_silent(view, qtbot):
    with qtbot.assertNotEmitted(view.log_changed, wait=20):
        view.set_log(log_f=True, log_grad=False)
    assert view.log_state() == {"log_f": True, "log_grad": False}
    assert view.checks["log_f"].isChecked() and not view.checks["log_grad"].isChecked()
    view.set_log(log_grad=True)               # None leaves log f as it is
    assert view.log_state() == {"log_f": True, "log_grad": True}


def test_log_f_is_disabled_while_some_f_is_not_positive(view):
    below = CurveSeries("GD", ORANGE, 1.0 - K, GD.grad_norms, None)   # 1, 0, -1, ...
    view.set_log(log_f=True)
    view.set_curves([below, ADAM])
    box = view.checks["log_f"]
    assert not box.isEnabled()
    assert "f > 0" in box.toolTip()
    assert not box.isChecked()
    assert view.log_state()["log_f"] is False
    _, y = _xy(view.f_plot.curves[0])
    np.testing.assert_array_equal(y, 1.0 - K)
    # the wish is kept: log f returns with positive values
    view.set_curves([GD, ADAM])
    assert box.isEnabled() and box.isChecked()
    assert view.log_state()["log_f"] is True


def test_a_zero_gradient_in_log_mode_falls_off_the_bottom(view):
    g = np.array([4.0, 1.0, 0.01, 0.0, 0.0])      # exactly at the minimum from step 3
    view.set_curves([CurveSeries("GD", ORANGE, np.ones(5) * 2, g, None)])
    view.set_step(4)
    _, (y0, y1) = view.grad_plot.view_box.viewRange()
    assert y0 < -2.0 and np.log10(4.0) < y1 < 1.0  # the range fits the norms 0.01 .. 4
    _, y = _xy(view.grad_plot.curves[0])
    np.testing.assert_allclose(y[:3], [np.log10(4.0), 0.0, -2.0])
    assert np.isfinite(y).all() and (y[3:] < y0).all()   # log10(0): below the plot
    _, y = _xy(view.grad_plot.dots)
    assert y.tolist() == [-2.0]                    # the dot waits on the bottom edge


# --- divergence ----------------------------------------------------------------------------

def test_a_diverged_run_stops_at_its_last_finite_value_with_a_warning_cross(view):
    f = np.array([10.0, 30.0, 900.0, 1e5, np.inf, np.inf, np.inf])
    g = np.array([5.0, 50.0, 500.0, 5e4, np.nan, np.nan, np.nan])
    bad = CurveSeries("GD", ORANGE, f, g, 4)
    good = CurveSeries("Adam", BLUE, np.array([10.0, 8, 6, 5, 4, 3.5, 3]), np.ones(7), None)
    view.set_curves([bad, good])
    x, y = _xy(view.f_plot.curves[0])
    np.testing.assert_array_equal(x, [0, 1, 2, 3])
    assert y[0] == 10.0 and y[1] == 30.0          # what is on screen, as given
    x, y = _xy(view.f_plot.crosses)
    assert x.tolist() == [4.0]
    x, _ = _xy(view.grad_plot.crosses)
    assert x.tolist() == [4.0]
    symbol = view.f_plot.crosses.opts["symbol"]
    assert symbol == "x"
    # past divergence only the run still going has a dot
    view.set_step(5)
    _, y = _xy(view.f_plot.dots)
    assert y.tolist() == [3.5]


def test_an_exploding_run_does_not_flatten_the_others(view):
    f = np.array([10.0, 1e3, 1e50, 1e105, np.inf])
    bad = CurveSeries("GD", ORANGE, f, f, 4)
    good = CurveSeries("Adam", BLUE, np.array([10.0, 6, 4, 3, 2.5]), np.ones(5), None)
    view.set_curves([bad, good])
    _, (y0, y1) = view.f_plot.view_box.viewRange()
    assert y1 < 100      # the good run (2.5 .. 10) spans most of the height
    # the cross is drawn at the top edge of the plot, not at 1e105; so is the dot at step 3
    _, y = _xy(view.f_plot.crosses)
    assert y0 <= y[0] <= y1
    view.set_step(3)
    _, y = _xy(view.f_plot.dots)
    assert y0 <= min(y) and max(y) <= y1


def test_a_short_dock_shows_the_curves_alone(qtbot):
    """A lesson scene with three panels presenting at 1280x720 left the curves dock ~110 px
    high, most of it the row of names and switches and the axes' "step": the curves were
    ~15 px high. Below COMPACT_PX the view drops those, and the plots get the room."""
    from gradviz.gui.views.curves import COMPACT_PX, CurvesView

    view = CurvesView()
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    assert not view.compact and view.legend.isVisible()
    view.resize(900, COMPACT_PX - 10)
    qtbot.waitUntil(lambda: view.compact)
    assert not view.legend.isVisible() and not any(b.isVisible() for b in view.checks.values())
    assert not view.f_plot.plot.getAxis("bottom").label.isVisible()
    qtbot.wait(50)
    roomy = view.f_plot.view_box.height()
    assert roomy >= 0.45 * view.height()          # the curve has most of the height
    view.resize(900, 300)
    qtbot.waitUntil(lambda: not view.compact)
    assert view.legend.isVisible() and view.f_plot.plot.getAxis("bottom").label.isVisible()


def test_a_short_plot_labels_no_more_values_than_fit_apart(view, qtbot):
    """At 1280x720 the f plot is 45-65 px high: pyqtgraph labelled 0, 10 and 20 on it, the
    labels overlapping (in presentation type above all). Drawn now, no two labels are closer
    than their height."""
    from gradviz.gui import theme
    from gradviz.gui.views.plot_parts import fitting_levels

    view.resize(700, 72)
    previous = theme.set_current(theme.make_style(presentation=True))
    try:
        view.apply_style(theme.current())
        qtbot.wait(100)
        axis = view.f_plot.plot.getAxis("left")
        assert axis.height() < 70
        rects = tick_label_rects(axis)
    finally:
        theme.set_current(previous)
        view.apply_style(previous)
    assert rects   # labelled, and never one over the other:
    assert all(b.top() - a.top() >= a.height() for a, b in zip(rects, rects[1:])), rects
    # the spacing rule by hand: 14 px labels 1.3 labels apart on 45 px for 0..25 need a
    # spacing of 1.3 * 14 * 25 / 45 = 10.1: 10 is too close, 20 is the next round one
    assert fitting_levels([(10.0, [0.0, 10.0, 20.0]), (5.0, [5.0, 15.0])], 0.0, 25.0, 45, 14) \
        == [(20.0, [0.0, 20.0])]
    # 0..6.5 on 40 px: 2.96 needed; 2 -> 5 (after 2 comes 5, not 4)
    assert fitting_levels([(2.0, [0.0, 2.0, 4.0, 6.0])], 0.0, 6.5, 40, 14) == [(5.0, [0.0, 5.0])]
    levels = [(10.0, [0.0, 10.0, 20.0])]   # on 100 px 4.55 is needed: pyqtgraph's stand
    assert fitting_levels(levels, 0.0, 25.0, 100, 14) is levels


def test_the_log_boxes_stand_apart(view):
    """Qt's 6 px between them ran "log f" into the next box in presentation type."""
    from gradviz.gui.views.curves import CHECK_GAP

    f_box, grad_box = view.checks["log_f"], view.checks["log_grad"]
    assert grad_box.x() - f_box.geometry().right() - 1 >= CHECK_GAP >= 12
