"""The boxes of the computation graph view (the arrows: :mod:`gradviz.gui.views.graph_edges`).

Each item is told what to show (``set_state``) and paints it: vector shapes and text drawn by
the painter, never cached as pixmaps, so they are sharp at any device pixel ratio (2x screens
and 2x exports). Colours and sizes come from :class:`GraphStyle` (made from the theme's
``Style``): values of the forward pass in blue, adjoints of the backward pass in vermillion
(orange on dark), the Okabe-Ito pair that stays apart under colour-vision deficiencies.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from gradviz.gui import theme

PAD = 8.0          # inside a box, at the normal size
RADIUS = 7.0
STACK = 5.0        # offset of each shadow box of a node that stands for many
WIDEST_NUMBER = "−8.888e−88"
FIXED = {"parameter": "held fixed: no gradient", "data": "data: no gradient needed"}
"""What a leaf that no gradient reaches says in the backward pass, by kind."""


@dataclass(frozen=True)
class GraphStyle:
    """What the graph view draws with, for one theme ``Style``."""

    scale: float
    dark: bool
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
        backward = theme.PANEL_COLORS[0] if dark else theme.WARNING_COLOR   # orange / vermillion
        return cls(scale=style.font_scale, dark=dark, background=QColor(style.background),
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
        self.role = ""   # "", "current" (the step's node) or "gradient" (an input at the end)
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

    def fits(self, widest: str, note: str) -> bool:
        """Whether the box has room for a number as wide as ``widest`` and for ``note``."""
        metrics = QFontMetricsF(self.gs.body)
        if metrics.horizontalAdvance(widest) > metrics.horizontalAdvance(self.widest):
            return False
        small = QFontMetricsF(self.gs.small)
        return bool(note) == bool(self.node.note) and (
            small.horizontalAdvance(note) <= self.box().width() - 2 * self.gs.px(PAD))

    def size(self):
        return self._size

    # --- painting ---------------------------------------------------------------------------

    def _note(self) -> str:
        return self.node.note

    def _measure(self):
        gs = self.gs
        title, body, small = (QFontMetricsF(f) for f in (gs.title, gs.body, gs.small))
        out = self.output
        number, name = self.widest, self.node.name
        texts = [f"= {number}", f"∂{out}/∂{name} = {number}"]
        if self.node.kind in FIXED:
            texts.append(FIXED[self.node.kind])
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
        chip = QFontMetricsF(self.gs.small).height()    # the gradient tag sticks out on top
        return QRectF(-w / 2 - 4, -h / 2 - chip, w + 8, h + chip + 4)

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
        if self.role == "gradient":
            self._paint_chip(painter, box, "gradient")

    def _paint_chip(self, painter, box, text):
        """A small filled tag on the box's top edge (white on the backward colour)."""
        gs = self.gs
        metrics = QFontMetricsF(gs.small)
        w, h = metrics.horizontalAdvance(text) + gs.px(10), metrics.height() + gs.px(2)
        chip = QRectF(box.right() - w - gs.px(6), box.top() - h / 2, w, h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gs.backward)
        painter.drawRoundedRect(chip, h / 2, h / 2)
        painter.setFont(gs.small)
        painter.setPen(QColor("#FFFFFF") if not gs.dark else QColor("#000000"))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)

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
