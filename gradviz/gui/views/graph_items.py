"""The items of the computation graph view: a node's rounded box, an arrow, a label on an arrow.

Each item is told what to show (``set_state``) and paints it: vector shapes and text drawn by
the painter, never cached as pixmaps, so they are sharp at any device pixel ratio (2x screens
and 2x exports). Colours and sizes come from :class:`GraphStyle` (made from the theme's
``Style``): values of the forward pass in blue, adjoints of the backward pass in vermillion
(orange on dark), the Okabe-Ito pair that stays apart under colour-vision deficiencies.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from gradviz.gui import theme

PAD = 8.0          # inside a box, at the normal size
RADIUS = 7.0
STACK = 5.0        # offset of each shadow box of a node that stands for many
WIDEST_NUMBER = "−8.888e−88"


@dataclass(frozen=True)
class GraphStyle:
    """What the graph view draws with, for one theme ``Style``."""

    scale: float
    background: QColor
    fill: QColor
    ink: QColor
    muted: QColor
    forward: QColor
    backward: QColor
    highlight: QColor
    title: QFont
    body: QFont
    small: QFont

    @classmethod
    def of(cls, style) -> "GraphStyle":
        dark = style.dark
        forward = theme.PANEL_COLORS[1] if dark else theme.PANEL_COLORS[5]      # sky blue / blue
        backward = theme.PANEL_COLORS[0] if dark else theme.WARNING_COLOR       # orange / vermillion
        return cls(scale=style.font_scale, background=QColor(style.background),
                   fill=QColor(style.base), ink=QColor(style.foreground),
                   muted=QColor(style.muted_text), forward=QColor(forward),
                   backward=QColor(backward), highlight=QColor(style.highlight),
                   title=_font(theme.LABEL_PT, style, bold=True), body=_font(theme.LABEL_PT, style),
                   small=_font(theme.NOTE_PT, style))

    def px(self, value: float) -> float:
        return value * self.scale


def _italic(font: QFont) -> QFont:
    italic = QFont(font)
    italic.setItalic(True)
    return italic


def _font(pt, style, bold=False):
    f = QFont()
    f.setPointSizeF(style.pt(pt))
    f.setBold(bold)
    return f


class NodeItem(QGraphicsItem):
    """One node: its definition, an optional note, its value once known, its adjoint ∂f/∂node
    once any has arrived. ``lines()`` lists what is shown (for tests and tooltips)."""

    def __init__(self, node, output: str, gs: GraphStyle, widest: str = WIDEST_NUMBER):
        super().__init__()
        self.node, self.output, self.gs, self.widest = node, output, gs, widest
        self.value_text = ""
        self.adjoint_text = ""
        self.adjoint_final = False
        self.role = ""            # "", "current" (the step's node) or "gradient" (an input at the end)
        self.setToolTip(self._tooltip())
        self._size = self._measure()

    # --- state ------------------------------------------------------------------------------

    def set_node(self, node):
        """The same node at another point (its numbers changed, not its text)."""
        self.node = node
        self.setToolTip(self._tooltip())

    def set_state(self, value_text: str, adjoint_text: str, adjoint_final: bool, role: str):
        state = (value_text, adjoint_text, adjoint_final, role)
        if state != (self.value_text, self.adjoint_text, self.adjoint_final, self.role):
            self.value_text, self.adjoint_text, self.adjoint_final, self.role = state
            self.update()

    @property
    def highlighted(self) -> bool:
        return bool(self.role)

    def lines(self) -> list:
        """The text lines shown, top to bottom (empty ones left out)."""
        return [t for t in (self.node.definition, self._note(), self.value_text,
                            self.adjoint_text) if t]

    def fits(self, widest: str) -> bool:
        """Whether the box has room for a number as wide as ``widest``."""
        metrics = QFontMetricsF(self.gs.body)
        return metrics.horizontalAdvance(widest) <= metrics.horizontalAdvance(self.widest)

    def size(self):
        return self._size

    # --- painting ---------------------------------------------------------------------------

    def _note(self) -> str:
        if self.node.copies > 1:
            return f"{self.node.note}  (×{self.node.copies})" if self.node.note else f"×{self.node.copies}"
        return self.node.note

    def _measure(self):
        gs = self.gs
        title, body, small = (QFontMetricsF(f) for f in (gs.title, gs.body, gs.small))
        out = self.output
        number, name = self.widest, self.node.name
        texts = [f"= {number}", f"∂{out}/∂{name} = {number}"]
        if self.node.kind in ("parameter", "data"):
            texts.append("held fixed: no gradient")
        widest = max([title.horizontalAdvance(self.node.definition),
                      small.horizontalAdvance(self._note())]
                     + [body.horizontalAdvance(t) for t in texts]
                     + [QFontMetricsF(_italic(gs.body)).horizontalAdvance(
                         f"∂{out}/∂{name} so far {number}")])
        height = title.height() + 2 * body.height() + (small.height() if self._note() else 0)
        extra = STACK * 2 if self.node.copies > 1 else 0.0
        return (widest + 2 * gs.px(PAD) + extra, height + 2 * gs.px(PAD) + extra)

    def boundingRect(self) -> QRectF:
        w, h = self._size
        return QRectF(-w / 2 - 4, -h / 2 - 4, w + 8, h + 8)

    def box(self) -> QRectF:
        """The front box, in item coordinates (centred on the item's position)."""
        w, h = self._size
        extra = STACK * 2 if self.node.copies > 1 else 0.0
        return QRectF(-w / 2, -h / 2, w - extra, h - extra)

    def paint(self, painter: QPainter, option, widget=None):
        gs = self.gs
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self.box()
        border = QPen(gs.muted if self.node.kind in ("parameter", "data", "constant") else gs.ink,
                      gs.px(1.3))
        if self.node.copies > 1:        # a stack: this box stands for one of many
            for k in (2, 1):
                painter.setPen(QPen(gs.muted, gs.px(1.0)))
                painter.setBrush(QBrush(gs.fill))
                painter.drawRoundedRect(box.translated(STACK * k, STACK * k), RADIUS, RADIUS)
        if self.role == "current":
            border = QPen(gs.highlight, gs.px(3.0))
        elif self.role == "gradient":
            border = QPen(gs.backward, gs.px(3.0))
        if self.node.kind in ("parameter", "data"):
            border.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(border)
        painter.setBrush(QBrush(gs.fill))
        painter.drawRoundedRect(box, RADIUS, RADIUS)
        self._paint_text(painter, box.adjusted(gs.px(PAD), gs.px(PAD), -gs.px(PAD), 0))

    def _paint_text(self, painter, area):
        gs = self.gs
        y = area.top()
        rows = [(self.node.definition, gs.title, gs.ink)]
        if self._note():
            rows.append((self._note(), gs.small, gs.muted))
        rows.append((self.value_text, gs.body, gs.forward))
        adjoint_font = QFont(gs.body)
        adjoint_font.setBold(self.adjoint_final)
        adjoint_font.setItalic(not self.adjoint_final)
        color = gs.backward if self.adjoint_text.startswith("∂") else gs.muted
        rows.append((self.adjoint_text, adjoint_font, color))
        for text, font, color in rows:
            metrics = QFontMetricsF(font)
            if text:
                painter.setFont(font)
                painter.setPen(color)
                painter.drawText(QPointF(area.left(), y + metrics.ascent()), text)
            y += metrics.height()

    def _tooltip(self) -> str:
        n = self.node
        whole = "" if n.expression in (n.name, n.definition.split(" = ", 1)[-1]) else \
            f"\n{n.name} = {n.expression}"
        return f"{n.definition}{whole}"


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

    def set_mode(self, mode: str):
        if mode != self.mode:
            self.mode = mode
            self.setZValue(1 if self.highlighted else -1)
            self._restyle()

    def restyle(self, gs: GraphStyle):
        self.gs = gs
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
    return QPolygonF([tip, QPointF(back, tip.y() - size * 0.45), QPointF(back, tip.y() + size * 0.45)])


class LabelItem(QGraphicsItem):
    """Text on a rounded plate, over the arrows: the current edge's local derivative and
    contribution."""

    def __init__(self, gs: GraphStyle):
        super().__init__()
        self.gs = gs
        self.rows = []
        self.setZValue(5)

    def set_rows(self, rows):
        """``rows``: [(text, "ink" | "forward" | "backward")]."""
        self.prepareGeometryChange()
        self.rows = list(rows)
        self.setVisible(bool(rows))
        self.update()

    def text(self) -> str:
        return "\n".join(t for t, _ in self.rows)

    def restyle(self, gs: GraphStyle):
        self.prepareGeometryChange()
        self.gs = gs
        self.update()

    def _size(self):
        metrics = QFontMetricsF(self.gs.body)
        width = max((metrics.horizontalAdvance(t) for t, _ in self.rows), default=0.0)
        return width + 2 * self.gs.px(6), metrics.height() * len(self.rows) + 2 * self.gs.px(4)

    def boundingRect(self) -> QRectF:
        w, h = self._size()
        return QRectF(-w / 2, -h / 2, w, h)

    def paint(self, painter: QPainter, option, widget=None):
        gs = self.gs
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.boundingRect()
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
