"""The items that move every frame (views/markers.py, the arrows item, the growing path) show
what the engine computed, where it is, and draw what the pyqtgraph items they replace drew."""

import numpy as np
import pyqtgraph as pg
import pytest
from gui_helpers import do, open_window
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from gradviz.engine.expression import parse_expression
from gradviz.engine.session import PanelConfig, Session
from gradviz.engine.trajectory import run
from gradviz.gui import theme
from gradviz.gui.views.curves import CURSOR_COLOR, CurveSeries, CurvesView
from gradviz.gui.views.landscape import LandscapeView
from gradviz.gui.views.markers import Marker, StaticScatter
from gradviz.state import intents as i
from gradviz.state.queries import point_vectors

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"
DOMAIN = ((-2.0, 2.0), (-1.0, 3.0))


def _pixels(widget):
    image = widget.grab().toImage()
    return np.frombuffer(image.constBits(), np.uint8)[: image.sizeInBytes()].copy()


def _plot_widget(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 240)
    widget.plotItem.hideAxis("left")
    widget.plotItem.hideAxis("bottom")
    widget.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def window(qtbot):
    session = Session(text=ROSENBROCK, domain=DOMAIN, start=(-1.5, 2.5),
                      panels=(PanelConfig("gd", {"lr": 5e-4}),
                              PanelConfig("adam", {"lr": 0.05})), steps=200)
    win = open_window(qtbot, session, (1280, 720))
    return win


# --- a marker draws what a ScatterPlotItem of one point drew ------------------------------

@pytest.mark.parametrize("symbol, size, pen, brush", [
    ("o", 16, pg.mkPen(theme.MARKER_OUTLINE, width=2.5), pg.mkBrush("#E69F00")),
    ("x", 22, pg.mkPen("#FFFFFF", width=1.5), pg.mkBrush(theme.WARNING_COLOR)),
])
@pytest.mark.parametrize("x, y", [(0.5, 0.5), (0.3137, 0.7211), (0.99, 0.02)])
def test_a_marker_draws_the_pixels_of_a_one_point_scatter(qtbot, symbol, size, pen, brush, x, y):
    widget = _plot_widget(qtbot)
    scatter = pg.ScatterPlotItem(pxMode=True, antialias=True, symbol=symbol, size=size,
                                 pen=pen, brush=brush)
    scatter.setData([x], [y])
    widget.addItem(scatter)
    expected = _pixels(widget)
    widget.removeItem(scatter)
    marker = Marker(symbol=symbol, size=size, pen=pen, brush=brush)
    widget.addItem(marker)
    marker.set_point(x, y)
    assert np.array_equal(_pixels(widget), expected)


def test_a_marker_hides_without_a_finite_point_and_stays_near_the_view(qtbot):
    widget = _plot_widget(qtbot)
    marker = Marker(size=10)
    widget.addItem(marker)
    marker.set_point(0.25, 0.75)
    assert marker.isVisible() and (marker.pos().x(), marker.pos().y()) == (0.25, 0.75)
    x, y = marker.getData()
    assert (list(x), list(y)) == ([0.25], [0.75])
    marker.set_point(float("nan"), 0.0)
    assert not marker.isVisible() and marker.getData()[0].size == 0
    # a diverging run's last finite point, 1e300 away: held one view size out (nothing shows
    # there), still reported where it is
    marker.set_point(1e300, -1e300)
    assert marker.isVisible()
    assert (marker.pos().x(), marker.pos().y()) == (2.0, -1.0)
    assert marker.getData()[0][0] == 1e300


def test_a_static_scatter_forgets_its_bounds_when_its_data_or_view_change(qtbot):
    widget = _plot_widget(qtbot)
    item = StaticScatter(pxMode=True, size=10)
    widget.addItem(item)
    item.setData([0.5], [0.5])
    _pixels(widget)     # painted: the view's transform is up to date
    first = item.boundingRect()
    item.setData([0.2], [0.9])
    moved = item.boundingRect()
    assert moved.center().x() < first.center().x() and moved.center().y() > first.center().y()
    assert moved == pg.ScatterPlotItem.boundingRect(item)
    widget.setRange(xRange=(0, 4), yRange=(0, 4), padding=0)   # 4x more units a pixel
    _pixels(widget)
    assert item.boundingRect() == pg.ScatterPlotItem.boundingRect(item)
    assert item.boundingRect().width() > moved.width()


# --- in the window: the engine's positions after set_step -------------------------------

def test_current_markers_and_arrows_sit_at_the_engines_point_after_set_step(window):
    c = window.state
    for k in (0, 7, 120, 200):
        do(window, i.SetStep(k))
        for view, run_ in zip(window.views, c.runs):
            x, y = run_.trajectory.points[k]
            marker = view.items.current
            assert marker.isVisible()
            assert (marker.pos().x(), marker.pos().y()) == (x, y)
            shown = view.arrows.shown()
            if "step" in shown:
                np.testing.assert_allclose(shown["step"][0], (x, y))
                np.testing.assert_allclose(shown["step"][1], run_.trajectory.points[k + 1])


def test_the_marker_is_painted_where_the_engine_put_the_point(window, qtbot):
    c = window.state
    do(window, i.SetStep(60))
    view = window.views[0]
    x, y = c.runs[0].trajectory.points[60]
    view.set_point_vectors(None)            # nothing over the marker
    qtbot.wait(10)
    image = view.graphics.grab().toImage()
    centre = view.graphics.mapFromScene(view.view_box.mapViewToScene(QPointF(x, y)))
    assert QColor(image.pixel(centre)) == QColor(theme.PANEL_COLORS[0])


def test_the_arrows_are_painted_along_their_segments(window, qtbot):
    c = window.state
    do(window, i.SetStep(10))
    view = window.views[1]
    traj = c.runs[1].trajectory
    x, y = traj.points[10]
    view.set_view_range(((x - 0.3, x + 0.3), (y - 0.3, y + 0.3)))
    view.set_point_vectors(*point_vectors(c, 1, 10))
    view.items.current.hide()
    view.items.path.hide()
    qtbot.wait(10)
    image = view.graphics.grab().toImage()
    pairs = view.arrows.shown()["grad"]
    a, b = pairs[0], pairs[1]
    mid = view.graphics.mapFromScene(view.view_box.mapViewToScene(QPointF(*((a + b) / 2))))
    got, want = QColor(image.pixel(mid)), QColor(theme.POINT_ARROW_COLORS["grad"])
    # the shaft's core, give or take antialiasing (the halo around it is near black), and
    # GRAD_OPACITY of it over the heatmap (the gradient lies under the path, a little faint)
    from gradviz.gui.views.point_arrows import GRAD_OPACITY

    assert got.red() >= GRAD_OPACITY * want.red() - 25
    assert got.red() > 2.5 * max(got.green(), got.blue())


def test_the_curves_cursor_follows_the_step_and_the_range(window, qtbot):
    c = window.state
    curves = window.curves
    for k in (0, 33, 200):
        do(window, i.SetStep(k))
        assert curves.cursor_step() == k == int(curves.grad_plot.cursor.value())
        x, y = curves.f_plot.dots.getData()
        assert list(x) == [k, k]
        np.testing.assert_allclose(y, [run_.trajectory.values[k] for run_ in c.runs])
    do(window, i.SetSteps(100))  # fewer steps than the current one: the step follows, no fail
    assert c.step == 100 == curves.cursor_step()
    do(window, i.SetStep(50))
    qtbot.wait(10)
    plot = curves.f_plot
    image = curves.graphics.grab().toImage()
    (_, _), (y0, y1) = plot.view_box.viewRange()
    column = curves.graphics.mapFromScene(plot.view_box.mapViewToScene(
        QPointF(50, y0 + 0.9 * (y1 - y0))))
    assert QColor(image.pixel(column)) == QColor(CURSOR_COLOR)


# --- the growing path ------------------------------------------------------------------------

@pytest.fixture
def trajectory():
    f = parse_expression(ROSENBROCK)
    return run(f, "gd", (-1.8, 2.5), 300, lr=1e-3)


def _grown(qtbot, frames):
    view = LandscapeView()
    qtbot.addWidget(view)
    view.resize(500, 420)
    view.set_view_range(DOMAIN)
    view.show()
    qtbot.waitExposed(view)
    for points in frames:
        view.set_path(points)
        view.graphics.viewport().repaint()
    return view


def test_a_path_growing_in_a_read_only_trajectory_is_drawn_as_a_copy_would_be(qtbot, trajectory):
    points = trajectory.points
    assert not points.flags.writeable
    frames = [points[:k] for k in range(2, 301, 3)]
    grown = _grown(qtbot, frames)
    copied = _grown(qtbot, [np.array(p) for p in frames])   # writeable: compared in full
    np.testing.assert_array_equal(grown.items.path.points(), points[:299])
    assert np.array_equal(_pixels(grown.graphics.viewport()),
                          _pixels(copied.graphics.viewport()))


def test_another_trajectory_of_the_same_length_replaces_the_path(qtbot, trajectory):
    f = parse_expression(ROSENBROCK)
    other = run(f, "gd", (1.5, -0.5), 300, lr=1e-3).points
    view = _grown(qtbot, [trajectory.points[:100], other[:102]])
    np.testing.assert_array_equal(view.items.path.points(), other[:102])
    fresh = _grown(qtbot, [other[:102]])
    assert np.array_equal(_pixels(view.graphics.viewport()), _pixels(fresh.graphics.viewport()))


# --- the landscape's lines, stroked once for every panel ------------------------------------

def test_panels_share_one_stroke_of_the_contours_and_arrows_and_draw_what_they_drew(qtbot):
    from gradviz.engine.session import from_preset
    from gradviz.gui.views import device_curve

    window = open_window(qtbot, from_preset("rosenbrock"), (1280, 720))
    qtbot.waitExposed(window)
    c = window.state
    views = window.views
    # panels of one size (equal titles' room): the same device transform, one picture
    assert views[0].graphics.viewport().size() == views[1].graphics.viewport().size()
    assert views[0].items.contours.shared and views[0].items.arrows.shared

    def pictures():
        for view in views:     # a fresh cache: every layer is painted again
            for item in (view.items.contours, view.items.arrows):
                item.update()
        return [_pixels(view.graphics.viewport()) for view in views]

    do(window, i.EditText("x^2 + 3*y^2 + sin(3*x)"))
    device_curve.SHARED.entries.clear()
    renders = device_curve.SHARED.renders
    shared = pictures()
    assert device_curve.SHARED.renders - renders == 2     # contours and arrows, once each
    for view in views:
        view.items.contours.shared = view.items.arrows.shared = False
    try:
        own = pictures()          # each panel strokes its own lines, as before
    finally:
        for view in views:
            view.items.contours.shared = view.items.arrows.shared = True
    for mine, theirs in zip(shared, own):
        assert np.array_equal(mine, theirs)
    # another function: new lines, not the old picture
    do(window, i.EditText("x^2 + y^2"))
    renders = device_curve.SHARED.renders
    after = pictures()
    assert device_curve.SHARED.renders - renders == 2
    assert not np.array_equal(after[0], shared[0])


# --- what is shown once, not twice -----------------------------------------------------------

def test_a_new_run_at_the_same_step_is_shown(window):
    c = window.state
    do(window, i.SetStep(40))
    before = window.views[1].items.path.points()
    do(window, i.SetPanel(1, "adam", {"lr": 0.2}))   # one panel rerun, the step unchanged
    traj = c.runs[1].trajectory
    np.testing.assert_array_equal(window.views[1].items.path.points(), traj.points[:41])
    assert not np.array_equal(before, traj.points[:41])
    marker = window.views[1].items.current
    assert (marker.pos().x(), marker.pos().y()) == tuple(traj.points[40])


def test_slices_hidden_in_a_dock_catch_up_when_shown(window, qtbot):
    from gradviz.gui.views.readout import format_number

    dock = window.docks["slices"]
    assert not dock.isVisible()                   # 1280 wide: the dock starts closed
    c = window.state
    do(window, i.SetProbe(0.5, 1.5))
    dock.show()
    qtbot.waitUntil(lambda: window.slices.slices is not None
                    and window.slices.slices.probe.x == 0.5)
    f = float(c.objective.value_and_gradient(0.5, 1.5)[0])
    assert format_number(f) in window.slices.readout_text()


def test_a_frame_paints_no_empty_scatter(window, qtbot, monkeypatch):
    """Qt paints every visible item over the part of a plot that changes, empty ones too
    (pyqtgraph gives them a box at (0, 0)): seven empty or unchanged scatters cost ~0.5 ms a
    frame with 4 panels. Empty ones draw nothing and stay out of pyqtgraph's paint; the marks
    on the curves are kept as a pixmap."""
    window.show()
    qtbot.waitExposed(window)
    painted = []
    paint = pg.ScatterPlotItem.paint

    def counted(item, *args):
        painted.append(len(item.data))
        return paint(item, *args)

    monkeypatch.setattr(pg.ScatterPlotItem, "paint", counted)
    from PySide6.QtCore import QEvent, QObject

    paths = []

    class Paints(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                paths.append(1)
            return False

    counter = Paints()
    window.views[0].graphics.viewport().installEventFilter(counter)
    for step in range(10, 30, 2):
        do(window, i.SetStep(step))
        qtbot.wait(20)                     # the scene's updates, then the paint
    assert len(paths) >= 10                # the frames were painted
    assert 0 not in painted
    assert len(painted) <= 2 * 10          # at most a few that move (none here)
