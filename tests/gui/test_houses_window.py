"""The loss as a sum over houses in the window: each house's residual to the inspected line
on the data view, the mini-batch ringed, a house dragged with the mouse, the loss chosen in
the control column."""

import numpy as np
import pytest
from gui_helpers import do, open_window, type_into
from PySide6.QtCore import QPoint, Qt

from gradviz.engine import session as sessions
from gradviz.engine.losses import batch_indices
from gradviz.state import intents as i

SESSION = sessions.from_preset("booth", optimizers=("gd", "adam"), steps=60)


@pytest.fixture
def window(qtbot):
    win = open_window(qtbot, SESSION, (1600, 900))
    do(win, i.SetMode("regression"))
    return win


def test_each_residual_runs_from_its_house_to_the_inspected_line(window):
    do(window, i.Inspect(1), i.Seek(10))
    loss = window.state.objective
    w, b = window.state.runs[1].trajectory.points[10]
    segments = window.data_view.marks.residual_segments()
    assert len(segments) == 2 * len(loss.data)
    np.testing.assert_array_equal(segments[0::2], np.column_stack([loss.data.x, loss.data.y]))
    np.testing.assert_allclose(segments[1::2, 1], w * loss.data.x + b, rtol=1e-12)
    window.actions_by_name["residuals"].trigger()
    assert len(window.data_view.marks.residual_segments()) == 0


def square_sides(view):
    """Each drawn square's (width, height) in pixels, from its outline."""
    sx, sy = view.plot.getViewBox().viewPixelSize()
    outline = np.column_stack(view.marks.squares.getData())
    rings = np.split(outline, np.flatnonzero(np.isnan(outline[:, 0])))
    return np.array([(np.ptp(r[:, 0]) / sx, np.ptp(r[:, 1]) / sy)
                     for r in (r[np.isfinite(r).all(axis=1)] for r in rings) if len(r)])


def test_each_residuals_square_stays_square_on_screen(window, qtbot):
    """Its area is the house's share of the squared error: drawn as wide in pixels as |r_i| is
    tall. The squares were measured once, before the data dock had its size, and not again
    when it changed: 0.37 times as wide as tall at 1280x720, 0.16 after a zoom."""
    do(window, i.Inspect(1), i.Seek(10), i.SetDisplay("residual_squares", True))
    loss, view = window.state.objective, window.data_view
    w, b = window.state.runs[1].trajectory.points[10]
    r = np.abs(w * loss.data.x + b - loss.data.y)
    for change in (lambda: None, lambda: window.resize(1920, 1080),
                   lambda: view.plot.getViewBox().scaleBy((2.0, 1.0))):
        change()
        qtbot.wait(50)
        sides = square_sides(view)
        assert len(sides) == len(loss.data)
        np.testing.assert_allclose(sides[:, 1], r / view.plot.getViewBox().viewPixelSize()[1],
                                   rtol=1e-6)
        np.testing.assert_allclose(sides[:, 0], sides[:, 1], rtol=1e-6)
    do(window, i.SetDisplay("residual_squares", False))
    assert len(view.marks.squares.getData()[0]) == 0


def test_the_batch_of_the_step_is_ringed(window):
    do(window, i.SetBatch(6, 2), i.Seek(4))
    loss = window.state.objective
    rings = np.column_stack(window.data_view.marks.batch.getData())
    batch = batch_indices(loss, 6, 2, 4)
    np.testing.assert_array_equal(rings, np.column_stack([loss.data.x[batch],
                                                          loss.data.y[batch]]))
    do(window, i.SetBatch(0, 2))
    assert len(window.data_view.marks.batch.getData()[0]) == 0


def test_dragging_a_house_moves_the_loss(window, qtbot):
    view = window.data_view
    qtbot.wait(50)   # the dock laid out at its size in the mode
    loss = window.state.objective
    x3, y3 = loss.data.x[3], loss.data.y[3]
    box = view.plot.getViewBox()
    to_widget = lambda x, y: view.plot_widget.mapFromScene(box.mapViewToScene(   # noqa: E731
        pg_point(x, y)))
    start, end = to_widget(x3, y3), to_widget(x3, y3 + 200.0)
    viewport = view.plot_widget.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for t in np.linspace(0.1, 1.0, 8):
        qtbot.wait(20)   # pyqtgraph starts a drag after a short time or distance
        qtbot.mouseMove(viewport, start + (end - start) * float(t))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    window.state.flush()
    moved = window.state.objective
    assert moved is not loss and moved.data.x[3] == pytest.approx(x3)
    assert moved.data.y[3] == pytest.approx(y3 + 200.0, abs=3 * box.viewPixelSize()[1])
    slope, intercept = np.polyfit(moved.data.x, moved.data.y, 1)
    assert moved.minimum == pytest.approx((slope, intercept), rel=1e-6)


def pg_point(x, y):
    from PySide6.QtCore import QPointF

    return QPointF(float(x), float(y))


def test_the_loss_is_chosen_in_the_control_column(window, qtbot):
    settings = window.controls.regression
    assert settings.loss.currentData() == "mse" and not settings.delta.isVisible()
    settings.loss.setCurrentIndex(settings.loss.findData("huber"))
    settings.loss.activated.emit(settings.loss.currentIndex())
    window.state.flush()
    assert window.state.objective.point_loss.key == "huber"
    assert settings.delta.isVisible()
    type_into(qtbot, settings.delta, "40")
    window.state.flush()
    assert window.state.objective.delta == 40.0
    shown = " ".join(label.plain_text() for label in settings.gradient_labels)
    assert "clip" in shown   # the gradient formula names Huber's slope
