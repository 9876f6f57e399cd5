"""Marker outlines and the dock plots' lines (curves, slices, schedule) are as thick at device
pixel ratio 2 as at 1, as the landscape's lines are (test_hidpi.py).

A widget is painted into images of ratio 1 and 2 (what a 2x screen or a 2x export does): the
same picture at twice the pixels each way, so a line of the same logical width covers about
four times as many pixels at 2x; a cosmetic pen (as wide in device pixels at every ratio)
covers only about twice as many.
"""

import numpy as np
import pyqtgraph as pg
import pytest
from gui_helpers import do, session_window
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui import theme
from gradviz.gui.frames import qimage_to_rgb
from gradviz.gui.views.markers import Marker, StepCursor, attach
from gradviz.gui.views.pixels import RatioCurve, SharpScatter
from gradviz.state.intents import SetStep

SESSION = Session(text="x^2 + 4*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 2.0),
                  panels=(PanelConfig("gd", {"lr": 0.02}, schedule="cosine",
                                      schedule_params={"T_max": 80.0, "eta_min": 0.0}),
                          PanelConfig("adam", {"lr": 0.1})),
                  steps=80, current_step=40)


def paint_at(widget, ratio):
    """``widget`` painted into an image of device pixel ratio ``ratio``: (h, w, 3) uint8."""
    image = QImage(widget.size() * ratio, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    try:
        QWidget.render(widget, painter, QPoint(0, 0))   # (a QGraphicsView's own renders a scene)
    finally:
        painter.end()
    return qimage_to_rgb(image)


def rgb(hex_color):
    return np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])


def covered(picture, color, tolerance=40):
    """How many pixels of ``picture`` are within ``tolerance`` (summed over r, g, b) of
    ``color``."""
    return int((np.abs(picture.astype(int) - rgb(color)).sum(axis=2) <= tolerance).sum())


def growth(widget, color, tolerance=40):
    """Pixels of ``color`` at ratio 2 over those at ratio 1: about 4 for a line as thick in
    logical pixels at both (up to 5.5: antialiased edges, off colour, are a smaller share at
    2x), about 2 for one as thick in device pixels."""
    one = covered(paint_at(widget, 1), color, tolerance)
    two = covered(paint_at(widget, 2), color, tolerance)
    assert one > 30, "nothing of that colour to measure"
    return two / one


# --- the items, alone on a white plot ---------------------------------------------------------

@pytest.fixture
def plot(qtbot):
    widget = pg.PlotWidget(background="#FFFFFF")
    qtbot.addWidget(widget)
    widget.resize(300, 240)
    item = widget.getPlotItem()
    item.hideAxis("left")
    item.hideAxis("bottom")
    item.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    item.setMouseEnabled(False, False)
    return widget


OUTLINE = "#D00000"     # an outline colour nothing else in these pictures has
FILL = "#FFFFFF"


def test_a_marker_outline_is_as_thick_at_2x(plot):
    marker = Marker(size=40, pen=pg.mkPen(OUTLINE, width=3), brush=pg.mkBrush(FILL))
    attach(plot.getPlotItem(), marker)
    marker.set_point(5.0, 5.0)
    assert 3.2 < growth(plot, OUTLINE) < 6.0


def test_a_scatter_outline_is_as_thick_at_2x(plot):
    scatter = SharpScatter(pxMode=True, antialias=True, symbol="o", size=40,
                           pen=pg.mkPen(OUTLINE, width=3), brush=pg.mkBrush(FILL))
    scatter.setData([3.0, 7.0], [5.0, 5.0])
    plot.addItem(scatter)
    assert 3.2 < growth(plot, OUTLINE) < 6.0


def test_curves_and_the_step_cursor_are_as_thick_at_2x(plot):
    curve = RatioCurve(antialias=True, pen=pg.mkPen(OUTLINE, width=3))
    curve.setData([0.5, 9.5], [2.0, 8.0])
    plot.addItem(curve)
    assert 3.2 < growth(plot, OUTLINE) < 6.0
    curve.setData([], [])
    cursor = StepCursor(plot.getPlotItem().getViewBox(), pg.mkPen("#0000D0", width=2))
    cursor.setValue(5.0)
    assert 3.5 < growth(plot, "#0000D0") < 4.5


def test_at_1x_nothing_changes(plot):
    """At ratio 1 the pens are the ones given (the pictures of every test before stay)."""
    curve = RatioCurve(antialias=False, pen=pg.mkPen(OUTLINE, width=3))
    curve.setData([0.5, 9.5], [5.0, 5.0])
    plot.addItem(curve)
    picture = paint_at(plot, 1)
    rows = np.nonzero((np.abs(picture.astype(int) - rgb(OUTLINE)).sum(axis=2) <= 40).any(axis=1))
    assert len(rows[0]) == 3            # a 3 px line, 3 rows of pixels
    assert curve.opts["pen"].widthF() == 3 and curve.opts["pen"].isCosmetic()   # given back


# --- the window's docks ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def window():
    with session_window(SESSION) as win:
        win.resize(1800, 1000)
        win.docks["slices"].show()
        win.docks["inspector"].hide()
        do(win, SetStep(40))
        yield win


def test_slice_curves_are_as_thick_at_2x(window):
    style = theme.current()
    view = window.slices
    assert 3.2 < growth(view, style.slice_color) < 6.0


def test_slice_marker_outline_is_as_thick_at_2x(window):
    """The probe marker's outline (MARKER_OUTLINE, 2 px) round its fill."""
    marker = window.slices.x_plot.marker
    marker.setPen(pg.mkPen(OUTLINE, width=2))
    try:
        assert 3.2 < growth(window.slices, OUTLINE) < 6.0
    finally:
        marker.setPen(pg.mkPen(theme.MARKER_OUTLINE, width=2))


def test_schedule_curve_is_as_thick_at_2x(window):
    schedule = window.controls.schedules[0]
    assert not schedule.plot.isHidden()
    box = schedule.plot.getPlotItem().getViewBox()
    top_left = box.mapToScene(box.boundingRect().topLeft())
    inside = schedule.plot.mapFromScene(top_left)
    size = box.boundingRect().size()

    def curve_pixels(ratio):     # inside the view box: the curve, not the axes
        picture = paint_at(schedule.plot, ratio)
        r0, c0 = int(inside.y() * ratio) + 2, int(inside.x() * ratio) + 2
        r1, c1 = r0 + int(size.height() * ratio) - 4, c0 + int(size.width() * ratio) - 4
        return covered(picture[r0:r1, c0:c1], theme.current().foreground, tolerance=30)

    one, two = curve_pixels(1), curve_pixels(2)
    assert one > 100 and 3.2 < two / one < 6.0


def test_curves_dock_dots_are_as_thick_at_2x(window):
    """The dots marking the current step on the f and |grad f| curves (their lines are
    DeviceCurves, as the landscape's)."""
    dots = [m for plot in (window.curves.f_plot, window.curves.grad_plot)
            for m in plot.dots.markers]
    assert len(dots) == 4
    for dot in dots:
        dot.setPen(pg.mkPen(OUTLINE, width=1.5))
    try:
        assert 3.2 < growth(window.curves, OUTLINE) < 6.0
    finally:
        for dot in dots:
            dot.setPen(pg.mkPen(theme.MARKER_OUTLINE, width=1.5))


# --- on a real 2x screen (QT_SCALE_FACTOR=2, a fresh process) ------------------------------

SCREEN = r"""
import json, os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gradviz.gui.frames import qimage_to_rgb
from gradviz.gui.views.markers import Marker, StepCursor, attach
from gradviz.gui.views.pixels import RatioCurve, SharpScatter
widget = pg.PlotWidget(background="#FFFFFF")
widget.resize(300, 240)
item = widget.getPlotItem()
item.hideAxis("left"); item.hideAxis("bottom")
item.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
colors = {"marker": "#D00000", "scatter": "#00A000", "curve": "#0000D0", "cursor": "#D000D0"}
marker = Marker(size=30, pen=pg.mkPen(colors["marker"], width=3), brush=pg.mkBrush("#FFFFFF"))
attach(item, marker)
marker.set_point(2.5, 7.5)
scatter = SharpScatter(pxMode=True, symbol="o", size=30, pen=pg.mkPen(colors["scatter"], width=3),
                       brush=pg.mkBrush("#FFFFFF"))
scatter.setData([7.5], [7.5])
item.addItem(scatter)
curve = RatioCurve(antialias=True, pen=pg.mkPen(colors["curve"], width=3))
curve.setData([0.5, 9.5], [1.0, 4.0])
item.addItem(curve)
cursor = StepCursor(item.getViewBox(), pg.mkPen(colors["cursor"], width=2))
cursor.setValue(5.0)
widget.show()
app.processEvents()
pixmap = widget.grab()
rgb = qimage_to_rgb(pixmap.toImage()).astype(int)
counts = {}
for name, c in colors.items():
    target = np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)])
    counts[name] = int((np.abs(rgb - target).sum(axis=2) <= 40).sum())
print(json.dumps({"ratio": pixmap.devicePixelRatio(), "counts": counts}))
"""


def test_on_a_2x_screen_lines_and_outlines_are_as_thick(fresh_python):
    import json

    seen = {}
    for scale in ("1", "2"):
        result = fresh_python("-c", SCREEN, env={"QT_SCALE_FACTOR": scale,
                                                 "QT_QPA_PLATFORM": "offscreen"})
        assert result.returncode == 0, result.stderr
        seen[scale] = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["1"]["ratio"] == 1 and seen["2"]["ratio"] == 2
    for name, one in seen["1"]["counts"].items():
        assert one > 30 and 3.2 < seen["2"]["counts"][name] / one < 6.0, (name, seen)


def test_basin_map_stars_are_as_thick_at_2x(qtbot):
    """The minima's stars on a basin map (Tools > Basins) keep their outline at 2x, drawn
    sharp (at the picture's ratio, not a 1x bitmap enlarged)."""
    from gradviz.gui.views.basins import BasinMap

    basin_map = BasinMap()
    qtbot.addWidget(basin_map)
    basin_map.resize(400, 360)
    basin_map.plot.setBackground("#FFFFFF")
    basin_map.plot.getPlotItem().setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    basin_map.stars.setData([3.0, 7.0], [5.0, 5.0])
    basin_map.stars.setPen(pg.mkPen(OUTLINE, width=2))
    assert 3.2 < growth(basin_map.plot, OUTLINE) < 6.0
    assert basin_map.stars.fragmentAtlas.devicePixelRatio() == 2   # the last picture's
