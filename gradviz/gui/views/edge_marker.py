"""Where a point off the view went: a small arrow head at the plot's border, pointing at it.

A diverging run's current point leaves the landscape (x = 1e154 after a few dozen steps) and
its marker with it: without a mark the panel shows a path ending at the border and nothing
saying where the point is now. The arrow sits where the line from the view's centre to the
point crosses the border (``edge_spot``), ``MARGIN`` pixels inside it, in the run's colour (the
warning colour once it has diverged), and follows pans and zooms.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

MARGIN = 14.0   # pixels from the border to the arrow's centre
SIZE = 18.0     # the arrow's length in pixels (normal type size)


def edge_spot(point, view, pixel, margin: float = MARGIN):
    """(x, y, angle) of the arrow for ``point`` (data) outside ``view`` ((xmin, xmax), (ymin,
    ymax), data), or None when the point is inside it. ``pixel``: data units per pixel (x,
    y). The angle is in degrees, clockwise on screen from +x (y down), pointing at the point.
    A point so far off that its pixel offset overflows points along the axis it left by."""
    (x0, x1), (y0, y1) = view
    x, y = float(point[0]), float(point[1])
    if x0 <= x <= x1 and y0 <= y <= y1:
        return None
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    offset = [(x - cx) / pixel[0], (cy - y) / pixel[1]]   # pixels, y down
    if any(math.isinf(d) for d in offset):
        offset = [math.copysign(1.0, d) if math.isinf(d) else 0.0 for d in offset]
    dx, dy = offset
    half_w, half_h = (x1 - x0) / pixel[0] / 2 - margin, (y1 - y0) / pixel[1] / 2 - margin
    reach = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    reach = max(reach, 0.0)
    return (cx + dx * reach * pixel[0], cy - dy * reach * pixel[1],
            math.degrees(math.atan2(dy, dx)))


class EdgeMarker(QGraphicsItem):
    """The arrow, in a ViewBox's data coordinates (``attach``); ``set_target(x, y)`` every
    frame (None hides it), ``set_colors(fill, outline)``."""

    def __init__(self):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._target = None
        self._angle = 0.0
        self._size = SIZE
        self._fill, self._outline = pg.mkBrush("#E69F00"), pg.mkPen("#111111", width=2)
        self.hide()

    def set_colors(self, fill, outline, scale: float = 1.0) -> None:
        """The arrow's fill and outline (anything pyqtgraph takes) and its size, ``scale``
        times the normal."""
        self.prepareGeometryChange()
        self._fill, self._outline = pg.mkBrush(fill), pg.mkPen(outline, width=2 * scale)
        self._size = SIZE * scale
        self.update()

    def set_target(self, x, y=None) -> None:
        """The point the arrow points at (data); None (or not finite) hides it."""
        ok = x is not None and math.isfinite(x) and math.isfinite(y)
        self._target = (float(x), float(y)) if ok else None
        self.follow_view()

    def target(self):
        """The point pointed at, or None."""
        return self._target

    def follow_view(self, *_) -> None:
        box = self._view_box()
        spot = None
        if self._target is not None and box is not None:
            (x0, x1), (y0, y1) = box.viewRange()
            pixel = box.viewPixelSize()
            if pixel[0] > 0 and pixel[1] > 0:
                spot = edge_spot(self._target, ((x0, x1), (y0, y1)), pixel)
        if spot is None:
            self.hide()
            return
        self.setPos(spot[0], spot[1])
        if spot[2] != self._angle:
            self._angle = spot[2]
            self.update()
        self.show()

    def angle(self) -> float:
        """Degrees, clockwise on screen from +x: where the arrow points."""
        return self._angle

    def _view_box(self):
        group = self.parentItem()
        box = group.parentItem() if group is not None else None
        return box if isinstance(box, pg.ViewBox) else None

    def boundingRect(self) -> QRectF:
        s = self._size
        return QRectF(-s, -s, 2 * s, 2 * s)

    def paint(self, p: QPainter, *args) -> None:
        s = self._size
        centre = p.transform().map(QPointF(0.0, 0.0))
        p.resetTransform()
        p.translate(centre)
        p.rotate(self._angle)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(self._outline)
        p.setBrush(self._fill)
        p.drawPolygon(QPolygonF([QPointF(s / 2, 0), QPointF(-s / 2, -s * 0.42),
                                 QPointF(-s / 4, 0), QPointF(-s / 2, s * 0.42)]))
