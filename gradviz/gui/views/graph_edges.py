"""The arrows of the computation graph view, and the label on the arrow in use.

Vector shapes and text painted by the painter (no pixmap caches: sharp at any device pixel
ratio), in the colours of :class:`~gradviz.gui.views.graph_items.GraphStyle`.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from gradviz.gui.views.graph_items import GraphStyle


class EdgeItem(QGraphicsPathItem):
    """An arrow from an argument to its user through the layout's waypoints. ``mode``:
    "waiting" (forward pass not there yet), "idle", "forward" (used by the current forward
    step), "backward" (the current backward step: the arrow turns round, the gradient flows
    back), "used" (a contribution has gone back along it), "none" (no gradient flows)."""

    def __init__(self, edge, points, gs: GraphStyle):
        super().__init__()
        self.edge, self.points, self.gs = edge, points, gs
        self.mode = "waiting"
        self.setZValue(-1)
        path = QPainterPath(points[0])
        for a, b in zip(points, points[1:]):
            middle = (a.x() + b.x()) / 2
            path.cubicTo(QPointF(middle, a.y()), QPointF(middle, b.y()), b)
        self.setPath(path)
        self._restyle()

    @property
    def highlighted(self) -> bool:
        return self.mode in ("forward", "backward")

    def set_edge(self, edge):
        """The same arrow at another point (its numbers changed)."""
        self.edge = edge

    def set_mode(self, mode: str):
        if mode != self.mode:
            self.mode = mode
            self.setZValue(1 if self.highlighted else -1)
            self._restyle()

    def _restyle(self):
        gs, mode = self.gs, self.mode
        color = {"forward": gs.forward, "backward": gs.backward, "used": gs.backward,
                 "idle": gs.ink, "none": gs.muted, "waiting": gs.muted}[mode]
        width = gs.px({"forward": 3.0, "backward": 3.5, "used": 1.8}.get(mode, 1.3))
        pen = QPen(color, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if mode in ("waiting", "none"):
            pen.setStyle(Qt.PenStyle.DashLine if mode == "none" else Qt.PenStyle.DotLine)
        self.setPen(pen)
        self.update()

    def paint(self, painter: QPainter, option, widget=None):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        super().paint(painter, option, widget)
        tip, before = ((self.points[0], self.points[1]) if self.mode == "backward"
                       else (self.points[-1], self.points[-2]))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.pen().color())
        painter.drawPolygon(_arrow_head(tip, before, self.gs.px(11.0)))

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-20, -20, 20, 20)


def _arrow_head(tip: QPointF, before: QPointF, size: float) -> QPolygonF:
    """A triangle at ``tip`` pointing along the curve's last stretch (horizontal at the ends)."""
    direction = 1.0 if tip.x() >= before.x() else -1.0
    back = tip.x() - direction * size
    half = size * 0.45
    return QPolygonF([tip, QPointF(back, tip.y() - half), QPointF(back, tip.y() + half)])


class LabelItem(QGraphicsItem):
    """Text on a rounded plate, over the arrows: the current edge's local derivative and
    contribution."""

    def __init__(self, gs: GraphStyle):
        super().__init__()
        self.gs = gs
        self.rows = []
        self.anchor = QPointF()      # the point of the arrow it belongs to, in item coordinates
        self.setZValue(5)

    def set_anchor(self, scene_point: QPointF):
        """A thin line from the plate to ``scene_point`` when the plate is away from it."""
        self.prepareGeometryChange()
        self.anchor = self.mapFromScene(scene_point)
        self.update()

    def set_rows(self, rows):
        """``rows``: [(text, "ink" | "forward" | "backward")]."""
        self.prepareGeometryChange()
        self.rows = list(rows)
        self.setVisible(bool(rows))
        self.update()

    def text(self) -> str:
        return "\n".join(t for t, _ in self.rows)

    def _size(self):
        metrics = QFontMetricsF(self.gs.body)
        width = max((metrics.horizontalAdvance(t) for t, _ in self.rows), default=0.0)
        return width + 2 * self.gs.px(6), metrics.height() * len(self.rows) + 2 * self.gs.px(4)

    def plate(self) -> QRectF:
        w, h = self._size()
        return QRectF(-w / 2, -h / 2, w, h)

    def boundingRect(self) -> QRectF:
        return self.plate().united(QRectF(self.anchor, self.anchor)).adjusted(-4, -4, 4, 4)

    def paint(self, painter: QPainter, option, widget=None):
        gs = self.gs
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.plate()
        if not rect.adjusted(-gs.px(12), -gs.px(12), gs.px(12), gs.px(12)).contains(self.anchor):
            painter.setPen(QPen(gs.backward, gs.px(1.2), Qt.PenStyle.DashLine))
            corner = QPointF(min(max(self.anchor.x(), rect.left()), rect.right()),
                             rect.bottom() if self.anchor.y() > 0 else rect.top())
            painter.drawLine(corner, self.anchor)
            painter.setBrush(gs.backward)
            painter.drawEllipse(self.anchor, gs.px(3), gs.px(3))
        painter.setPen(QPen(gs.backward, gs.px(1.5)))
        painter.setBrush(QBrush(gs.fill))
        painter.drawRoundedRect(rect, 5, 5)
        metrics = QFontMetricsF(gs.body)
        painter.setFont(gs.body)
        y = rect.top() + gs.px(4)
        for text, role in self.rows:
            painter.setPen({"ink": gs.ink, "forward": gs.forward, "backward": gs.backward}[role])
            painter.drawText(QPointF(rect.left() + gs.px(6), y + metrics.ascent()), text)
            y += metrics.height()
