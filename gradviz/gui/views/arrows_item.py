"""The arrows at the current point and their labels as one plain Qt item, stroked in device
pixels (see ``point_arrows`` for why), and a label's text laid out once."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPainter,
    QPainterPath,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QGraphicsItem

from gradviz.gui import theme
from gradviz.gui.views.pixels import logical_pen, pixel_transforms

KINDS = ("grad", "step", "momentum")
LABELS = {"grad": "\u2207f", "step": "step", "momentum": "momentum"}


class ArrowsItem(QGraphicsItem):
    """The arrows and their labels, in data coordinates, stroked in device pixels.

    Drawn as the pyqtgraph items it replaces drew them: per arrow one path of three segments,
    the halo pen then the colour pen, antialiased; then every label, a translucent dark box
    with the text in a QTextDocument centred on its point (pg.TextItem's drawing)."""

    def __init__(self, style, kinds=KINDS):
        super().__init__()
        self.kinds = tuple(kinds)   # what this item draws (it keeps pens for every kind)
        self._arrows: dict = {}
        self._label_at: dict = {}
        self._rect = QRectF()
        self._pens = {}
        self._labels = {}
        self._width = style.point_arrow_width
        self.apply_style(style)

    def apply_style(self, style) -> None:
        """Pens and labels at ``style``'s width and type size (the labels' type follows
        ``theme.font``, which reads the style in effect)."""
        self._width = style.point_arrow_width
        for kind in KINDS:
            color = theme.POINT_ARROW_COLORS[kind]
            # logical pens: as thick on a 2x screen as on a 1x one (pixels.py)
            self._pens[kind] = (logical_pen(pg.mkPen(style.path_halo, width=self._width + 3)),
                                logical_pen(pg.mkPen(color, width=self._width)))
            old = self._labels.get(kind)     # keep a label's text ("\u2207L" on a loss)
            self._labels[kind] = Label(old.doc.toPlainText() if old else LABELS[kind], color)
        self.update()

    def set_label(self, kind: str, text: str) -> None:
        if self._labels[kind].doc.toPlainText() != text:
            self._labels[kind] = Label(text, theme.POINT_ARROW_COLORS[kind])
            self.update()

    def label_size(self, kind) -> tuple[float, float]:
        """(width, height) of ``kind``'s label in pixels."""
        return self._labels[kind].size

    def set_arrows(self, arrows: dict, labels: dict, pixel) -> None:
        """arrows: kind -> (6, 2) segment end points; labels: kind -> label centre; data
        coordinates."""
        self._arrows, self._label_at = arrows, labels
        rect = QRectF()
        pad = (self._width + 3) / 2 + 2
        for pairs in arrows.values():
            (x0, y0), (x1, y1) = pairs.min(axis=0).tolist(), pairs.max(axis=0).tolist()
            rect = rect.united(QRectF(x0, y0, x1 - x0, y1 - y0).adjusted(
                -pad * pixel[0], -pad * pixel[1], pad * pixel[0], pad * pixel[1]))
        for kind, (lx, ly) in labels.items():
            w, h = self._labels[kind].size
            hw, hh = (w / 2 + 2) * pixel[0], (h / 2 + 2) * pixel[1]
            rect = rect.united(QRectF(lx - hw, ly - hh, 2 * hw, 2 * hh))
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, *args) -> None:
        if not self._arrows and not self._label_at:
            return
        t, _ = pixel_transforms(p)   # to the pixels left after resetTransform, at any ratio
        m11, m12, m21, m22, dx, dy = t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        centres = [(kind, m11 * lx + m21 * ly + dx, m12 * lx + m22 * ly + dy)
                   for kind, (lx, ly) in self._label_at.items()]
        for kind, pairs in self._arrows.items():
            pts = [(m11 * x + m21 * y + dx, m12 * x + m22 * y + dy) for x, y in pairs.tolist()]
            if not all(abs(a) < PIXEL_LIMIT and abs(b) < PIXEL_LIMIT for a, b in pts):
                continue
            path = QPainterPath()
            for a, b in zip(pts[0::2], pts[1::2]):
                path.moveTo(*a)
                path.lineTo(*b)
            for pen in self._pens[kind]:
                p.setPen(pen)
                p.drawPath(path)
        for kind, cx, cy in centres:
            if abs(cx) < PIXEL_LIMIT and abs(cy) < PIXEL_LIMIT:
                self._labels[kind].draw(p, cx, cy)
        p.restore()


PIXEL_LIMIT = 1e5
"""Arrows or labels further than this from the device origin (pixels) are not drawn: Qt's
rasteriser mishandles huge coordinates, and nothing there is on screen."""


class Label:
    """A label's text laid out once (a QTextDocument, as in pg.TextItem), drawn each frame."""

    FILL = (17, 17, 17, 200)

    def __init__(self, text: str, color):
        self.doc = QTextDocument()
        self.doc.setDefaultFont(theme.font(theme.AXIS_PT - 1, bold=True))
        self.doc.setPlainText(text)
        self.context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Text, pg.mkColor(color))
        self.context.palette = palette
        self.brush = pg.mkBrush(*self.FILL)
        size = self.doc.size()
        self.size = (size.width(), size.height())

    def draw(self, p: QPainter, cx: float, cy: float) -> None:
        """Centred on device point (cx, cy), with the painter's transform reset."""
        w, h = self.size
        left, top = cx - w / 2, cy - h / 2
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.brush)
        p.drawRect(QRectF(left, top, w, h))
        p.translate(left, top)
        self.doc.documentLayout().draw(p, self.context)
        p.translate(-left, -top)
