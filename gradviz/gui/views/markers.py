"""Items that move every frame, as plain Qt graphics items: a marker (the current point, a dot
on a curve) and a vertical step cursor.

Why not pyqtgraph's ScatterPlotItem and InfiniteLine: moving one of those costs 0.3-0.8 ms a
frame in Python (setData rebuilds the spot table, and Qt asks its Python ``boundingRect`` a
dozen times a repaint, each one recomputing data bounds and pixel vectors). A ``Marker`` is
moved with ``setPos`` and has a constant bounding box in pixels (``ItemIgnoresTransformations``);
it draws the very image ScatterPlotItem would (``renderSymbol``, the same pen, brush and size),
centred on the same device point, so pictures stay as they were.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import renderSymbol
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem

from gradviz.gui.views.pixels import SharpScatter, painter_ratio, ratio_pen

_IGNORES = QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations


class Marker(QGraphicsItem):
    """One symbol of a fixed size in pixels at a point in data coordinates, or hidden.

    ``setData([x], [y])`` / ``setData([], [])`` and ``getData()`` as for a ScatterPlotItem of
    one point; ``setSymbol``, ``setSize``, ``setPen``, ``setBrush`` and ``opts`` likewise.
    ``set_point(x, y)`` is the per-frame call (None hides the marker). Points far outside the
    view are drawn at most one view size away (nothing shows there), since Qt cannot map
    coordinates like 1e300 to pixels; ``follow_view`` re-places the marker after a pan or zoom.
    """

    def __init__(self, symbol="o", size=10, pen=None, brush=None):
        super().__init__()
        self.setFlag(_IGNORES)
        self.opts = {"symbol": symbol, "size": size, "pen": pg.mkPen(pen),
                     "brush": pg.mkBrush(brush)}
        self._xy: tuple[float, float] | None = None
        self._pixmap: QPixmap | None = None
        self._rect = QRectF()
        self._restyle()
        self.hide()

    # --- style (rare) ----------------------------------------------------------------------

    def setSymbol(self, symbol) -> None:
        self._set_opt("symbol", symbol)

    def setSize(self, size) -> None:
        self._set_opt("size", size)

    def setPen(self, *args, **kwargs) -> None:
        self._set_opt("pen", pg.mkPen(*args, **kwargs))

    def setBrush(self, *args, **kwargs) -> None:
        self._set_opt("brush", pg.mkBrush(*args, **kwargs))

    def _set_opt(self, key, value) -> None:
        self.opts[key] = value
        self._restyle()

    def _restyle(self) -> None:
        self.prepareGeometryChange()
        self._pixmap = None   # rendered at the device pixel ratio of the first paint
        side = math.ceil(self.opts["size"] + max(math.ceil(self.opts["pen"].widthF()), 1))
        self._rect = QRectF(-side / 2 - 1, -side / 2 - 1, side + 2, side + 2)
        self.update()

    # --- position (every frame) ------------------------------------------------------------

    def setData(self, x, y, **_) -> None:
        x, y = np.asarray(x, dtype=float).reshape(-1), np.asarray(y, dtype=float).reshape(-1)
        self.set_point(*(float(x[0]), float(y[0])) if len(x) else (None, None))

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        if self._xy is None:
            return np.empty(0), np.empty(0)
        return np.array([self._xy[0]]), np.array([self._xy[1]])

    def set_point(self, x, y=None) -> None:
        """Show the marker at (x, y) in data coordinates; x None (or not finite) hides it."""
        if x is None or not (math.isfinite(x) and math.isfinite(y)):
            self._xy = None
            self.hide()
            return
        self._xy = (x, y)
        self._place()
        self.show()

    def follow_view(self, *_) -> None:
        """The view moved: a marker held near it may now be elsewhere."""
        if self._xy is not None:
            self._place()

    def _place(self) -> None:
        x, y = self._xy
        group = self.parentItem()
        box = group.parentItem() if group is not None else None
        if isinstance(box, pg.ViewBox):   # keep within a view size of the view
            view = box.viewRect()
            w, h = view.width(), view.height()
            x = min(max(x, view.left() - w), view.right() + w)
            y = min(max(y, view.top() - h), view.bottom() + h)
        self.setPos(x, y)

    # --- drawing ---------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, *args) -> None:
        """ScatterPlotItem's pxMode drawing of one spot (QPainter.drawPixmapFragments does
        exactly this drawPixmap for an unrotated fragment), from the same rendered symbol."""
        dpr = painter_ratio(p)   # the device's, also in a 2x export of a 1x window (pixels.py)
        if self._pixmap is None or self._pixmap.devicePixelRatio() != dpr:
            o = self.opts
            # the outline as thick at 2x as at 1x: the symbol's pen is cosmetic (pixels.py)
            pen = ratio_pen(o["pen"], dpr)
            self._pixmap = QPixmap.fromImage(renderSymbol(o["symbol"], o["size"], pen,
                                                          o["brush"], dpr=dpr))
        centre = p.transform().map(QPointF(0.0, 0.0))
        w, h = self._pixmap.width(), self._pixmap.height()
        p.resetTransform()
        p.drawPixmap(QRectF(-0.5 * w / dpr + centre.x(), -0.5 * h / dpr + centre.y(),
                            w / dpr, h / dpr), self._pixmap, QRectF(0, 0, w, h))


class MarkerSet:
    """Markers of one style but each its own brush (the dots on the step curves); the
    ``getData`` of the visible ones, in order, as a ScatterPlotItem would give."""

    def __init__(self, plot: pg.PlotItem, z: float, **style):
        self._plot, self._z, self._style = plot, z, style
        self.markers: list[Marker] = []

    def set_brushes(self, brushes) -> None:
        while len(self.markers) < len(brushes):
            marker = Marker(**self._style)
            marker.setZValue(self._z)
            attach(self._plot, marker)
            self.markers.append(marker)
        for marker, brush in zip(self.markers, brushes):
            marker.setBrush(brush)
        for marker in self.markers[len(brushes):]:
            marker.set_point(None)

    def set_size(self, size) -> None:
        """Every marker's size in pixels (a change of style: rare)."""
        self._style["size"] = size
        for marker in self.markers:
            marker.setSize(size)

    def set_points(self, points) -> None:
        """points: an (x, y) or None per marker (None hides it)."""
        points = list(points)
        for i, marker in enumerate(self.markers):
            xy = points[i] if i < len(points) else None
            marker.set_point(*(xy if xy is not None else (None, None)))

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        xs, ys = zip(*(m.getData() for m in self.markers)) if self.markers else ((), ())
        return np.concatenate(xs or [np.empty(0)]), np.concatenate(ys or [np.empty(0)])


def attach(plot: pg.PlotItem, marker: Marker) -> None:
    """Put ``marker`` in ``plot``'s data coordinates, following pans, zooms and resizes (a
    resize keeps the range but changes the pixel size, and an edge arrow sits pixels in)."""
    plot.addItem(marker, ignoreBounds=True)
    box = plot.getViewBox()
    box.sigRangeChanged.connect(marker.follow_view)
    box.sigResized.connect(marker.follow_view)


def detach(plot: pg.PlotItem, marker: Marker) -> None:
    """Undo :func:`attach`."""
    box = plot.getViewBox()
    box.sigRangeChanged.disconnect(marker.follow_view)
    box.sigResized.disconnect(marker.follow_view)
    plot.removeItem(marker)


class StepCursor(QGraphicsItem):
    """A vertical line across a ViewBox at data x (the current step of the curves), with
    ``setValue(x)`` / ``value()`` as for a pyqtgraph InfiniteLine. It sits at (x, top of the
    view) and ignores the view's scaling, so its bounding box is a strip of pixels; it is
    re-placed only when the view moves or is resized."""

    def __init__(self, view_box: pg.ViewBox, pen):
        super().__init__()
        self.setFlag(_IGNORES)
        self._box = view_box
        self._pen = QPen(pg.mkPen(pen))
        self._pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        self._painted_pen = None   # (ratio, the pen for a painter of that ratio)
        self._x = 0.0
        self._top = 0.0
        self._rect = QRectF()
        view_box.addItem(self, ignoreBounds=True)
        view_box.sigRangeChanged.connect(self._fit)
        view_box.sigResized.connect(self._fit)
        self._fit()

    def set_pen(self, pen) -> None:
        """A new pen (a change of style: rare)."""
        self._pen = QPen(pg.mkPen(pen))
        self._pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        self._painted_pen = None   # (ratio, the pen for a painter of that ratio)
        self._fit()
        self.update()

    def setValue(self, x: float) -> None:
        if float(x) != self._x:
            self._x = float(x)
            self.setPos(self._x, self._top)

    def value(self) -> float:
        return self._x

    def _fit(self, *_) -> None:
        self._top = float(self._box.viewRange()[1][1])
        height = self._box.boundingRect().height()
        pad = self._pen.widthF() + 2   # across; not along: the box clips the line there, and
        rect = QRectF(-pad, 0.0, 2 * pad, height)   # a box this tall repaints no axis
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.setPos(self._x, self._top)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, *args) -> None:
        """InfiniteLine's drawing of a vertical line: the view's render hints (no antialiasing
        of its own), a miter join, across the box."""
        ratio = painter_ratio(p)   # the pen as thick at 2x as at 1x, made once per ratio
        if self._painted_pen is None or self._painted_pen[0] != ratio:
            self._painted_pen = (ratio, ratio_pen(self._pen, ratio))
        p.setPen(self._painted_pen[1])
        p.drawLine(QPointF(0.0, self._rect.top()), QPointF(0.0, self._rect.bottom()))


class StaticScatter(SharpScatter):
    """A ScatterPlotItem that remembers its bounding box until its data, style or view change.

    For the markers that stay put during playback (start, minima, the curves' crosses): Qt asks
    every item near a repainted area for its bounding box, and pyqtgraph recomputes this one
    (data bounds, pixel vectors) each time, ~0.1 ms, a dozen times a frame."""

    _cached_rect = None

    def boundingRect(self) -> QRectF:
        key = self._maxSpotPxWidth
        if self._cached_rect is None or self._cached_rect[0] != key:
            self._cached_rect = (key, super().boundingRect())
        return QRectF(self._cached_rect[1])

    def prepareGeometryChange(self) -> None:
        self._cached_rect = None
        super().prepareGeometryChange()

    def invalidate(self) -> None:
        self._cached_rect = None
        super().invalidate()

    def viewTransformChanged(self) -> None:
        self._cached_rect = None
        super().viewTransformChanged()
