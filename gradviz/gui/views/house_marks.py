"""The loss made of houses, on the regression data view: each house's residual as a vertical
segment from the point to the current line (optionally its square, drawn as a square on the
segment, whose area is the house's share of the squared error), the houses of the current
mini-batch ringed, and the houses moved by dragging (a click on empty ground adds one).

``HouseMarks`` only draws what it is given (``set_residuals``, ``set_batch``) and says what the
person did (``house_moved(index, x, y)`` while a house is dragged, ``house_added(x, y)``).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal

from gradviz.gui.views.pixels import RatioCurve, SharpScatter
from gradviz.gui.views.plot_parts import legend_under

RESIDUAL_COLOR = "#D03030"
SQUARE_BRUSH = (208, 48, 48, 40)
BATCH_COLOR = "#E0A000"
GRAB_PX = 9.0    # a press this close to a house (pixels) grabs it


class DraggedHouses(SharpScatter):
    """The points, draggable one at a time; the plot pans where no point is grabbed."""

    def __init__(self, marks, **style):
        super().__init__(**style)
        self._marks = marks
        self._held = None   # the index being dragged
        self._from = None   # where it was when grabbed

    def nearest(self, pos) -> int | None:
        """The index of the point within GRAB_PX of ``pos`` (view coordinates), or None."""
        x, y = self.getData()
        if x is None or not len(x):
            return None
        sx, sy = self.getViewBox().viewPixelSize()
        d = np.hypot((x - pos.x()) / sx, (y - pos.y()) / sy)
        i = int(np.argmin(d))
        return i if d[i] <= GRAB_PX else None

    def mouseDragEvent(self, ev):  # noqa: N802 (pyqtgraph's name)
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            self._held = self.nearest(ev.buttonDownPos())
            if self._held is not None:
                x, y = self.getData()
                self._from = (float(x[self._held]), float(y[self._held]))
        if self._held is None:
            ev.ignore()   # the view box pans
            return
        ev.accept()
        # the house moves as far as the hand, wherever on its dot it was grabbed
        moved = ev.pos() - ev.buttonDownPos()
        to = (self._from[0] + moved.x(), self._from[1] + moved.y())
        x, y = (np.array(a, float) for a in self.getData())
        x[self._held], y[self._held] = to
        self.setData(x, y)   # follows the hand at once; the loss follows the state
        self._marks.house_moved.emit(self._held, *to)
        if ev.isFinish():
            self._held = None


class HouseMarks(QObject):
    """Residuals, squares and batch rings inside ``plot``; ``points`` the draggable points."""

    house_moved = Signal(int, float, float)
    house_added = Signal(float, float)

    def __init__(self, plot: pg.PlotItem, points_style: dict):
        super().__init__()
        self.plot = plot
        self.points = DraggedHouses(self, **points_style)
        self.points.setZValue(20)
        self.residuals = RatioCurve(connect="pairs", antialias=True,
                                    pen=pg.mkPen(RESIDUAL_COLOR, width=1.6))
        self.residuals.setZValue(15)
        self.squares = pg.PlotCurveItem(connect="finite", antialias=True,
                                        pen=pg.mkPen(RESIDUAL_COLOR, width=0.8),
                                        brush=pg.mkBrush(SQUARE_BRUSH), fillLevel=None)
        self.squares.setZValue(14)
        self.batch = SharpScatter(pxMode=True, antialias=True, symbol="o", size=19, brush=None,
                                  pen=pg.mkPen(BATCH_COLOR, width=2.5))
        self.batch.setZValue(19)
        for item in (self.squares, self.residuals, self.batch, self.points):
            plot.addItem(item)
        plot.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self._squares = None   # (x, y, fitted) of the squares shown, kept to draw them again
        box = plot.getViewBox()   # pixels per unit change: a square drawn before stretched
        box.sigRangeChanged.connect(self._draw_squares)
        box.sigResized.connect(self._draw_squares)

    def set_residuals(self, x, y, fitted, squares: bool = False) -> None:
        """Segments from each point (x_i, y_i) to the line at (x_i, fitted_i); ``squares``:
        also a square on each segment (side |r_i| in the units of y, drawn as wide in pixels
        as it is tall, and drawn again when the view is resized or zoomed). Empty arrays:
        nothing."""
        x, y, fitted = (np.asarray(a, float).reshape(-1) for a in (x, y, fitted))
        pairs = np.empty((2 * len(x), 2))
        pairs[0::2, 0] = pairs[1::2, 0] = x
        pairs[0::2, 1], pairs[1::2, 1] = y, fitted
        keep = np.isfinite(pairs).all(axis=1).reshape(-1, 2).all(axis=1).repeat(2)
        self.residuals.setData(pairs[keep, 0], pairs[keep, 1])
        self._squares = (x, y, fitted) if squares and len(x) else None
        self._draw_squares()

    def _draw_squares(self, *args) -> None:
        if self._squares is None:
            self.squares.setData([], [])
            return
        x, y, fitted = self._squares
        sx, sy = self.plot.getViewBox().viewPixelSize()
        side = np.abs(fitted - y) * sx / sy   # the residual's height, as a width in x units
        lo = np.minimum(y, fitted)
        rings = [np.array([[xi, a], [xi + s, a], [xi + s, a + h], [xi, a + h], [xi, a],
                           [np.nan, np.nan]])
                 for xi, a, s, h in zip(x, lo, side, np.abs(fitted - y)) if np.isfinite(s)]
        outline = np.vstack(rings) if rings else np.empty((0, 2))
        self.squares.setData(outline[:, 0], outline[:, 1])

    def residual_segments(self) -> np.ndarray:
        """The segments drawn, ``(2 n, 2)``: point, then its foot on the line."""
        x, y = self.residuals.getData()
        return np.empty((0, 2)) if x is None else np.column_stack([x, y])

    def set_batch(self, x, y) -> None:
        """Ring the points of the current mini-batch (empty: a full batch, no rings)."""
        self.batch.setData(np.asarray(x, float), np.asarray(y, float))

    def _on_scene_clicked(self, event) -> None:
        if (event.button() != Qt.MouseButton.LeftButton
                or event.modifiers() != Qt.KeyboardModifier.NoModifier):
            return
        view_box = self.plot.getViewBox()
        if not view_box.sceneBoundingRect().contains(event.scenePos()):
            return
        if legend_under(self.plot.scene(), event.scenePos()):
            return   # a click on the legend box names lines; it adds no house
        pos = view_box.mapSceneToView(event.scenePos())
        if self.points.nearest(pos) is None:
            self.house_added.emit(float(pos.x()), float(pos.y()))
