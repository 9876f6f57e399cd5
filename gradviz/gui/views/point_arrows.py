"""Arrows at the current point: the gradient, the step and the momentum, each with a label.

The gradient and the momentum are drawn at a fixed length on screen (their directions are what
they teach; their sizes are in the inspector), the step at its true length: its tip is where the
point goes next. Arrow heads are built in screen pixels so that they keep their shape when the
axes have different scales; they are rebuilt when the view moves.
"""

from __future__ import annotations

import math

import numpy as np
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
from gradviz.gui.views.landscape_items import Z_CURRENT
from gradviz.gui.views.pixels import logical_pen, pixel_transforms

KINDS = ("grad", "step", "momentum")
LABELS = {"grad": "\u2207f", "step": "step", "momentum": "momentum"}
FIXED_PX = 72.0        # on-screen length of the gradient and momentum arrows (normal size)
HEAD_PX = 13.0         # length of each barb of an arrow head (normal size; see theme.Style)
HEAD_ANGLE = math.radians(26)
Z_ARROWS = Z_CURRENT - 0.5   # above the path and the start, below the current-point marker


def arrow_pairs(origin, vector, pixel, fixed_px: float | None = None,
                min_px: float = 2.0, head_px: float = HEAD_PX) -> np.ndarray:
    """(6, 2) end points of three segments (shaft, two barbs) for ``connect="pairs"``.

    origin, vector: data coordinates; pixel: (data units per pixel in x, in y); fixed_px: draw
    the arrow this many pixels long instead of ``vector``'s own length. Empty (0, 2) when the
    vector is not finite or shorter than ``min_px`` on screen. Heads of short arrows shrink
    with them (at most 60% of the length), so a short step is not all head.
    """
    sx, sy = float(pixel[0]), float(pixel[1])
    if not (sx > 0 and sy > 0):
        return np.empty((0, 2))
    ux, uy = float(vector[0]) / sx, float(vector[1]) / sy   # in pixels
    length = math.hypot(ux, uy)
    if not (math.isfinite(length) and length > 0):
        return np.empty((0, 2))
    if fixed_px is not None:
        scale = fixed_px / length
        ux, uy = ux * scale, uy * scale
        length = fixed_px
    if length < min_px:
        return np.empty((0, 2))
    # plain Python: a frame draws three arrows a panel, and numpy's calls on 2-vectors cost
    # more than the arithmetic
    head = min(head_px, 0.6 * length)
    bx, by = -ux / length * head, -uy / length * head
    rows = [(0.0, 0.0), (ux, uy)]
    for turn in (HEAD_ANGLE, -HEAD_ANGLE):
        c, s = math.cos(turn), math.sin(turn)
        rows += [(ux, uy), (ux + c * bx - s * by, uy + s * bx + c * by)]
    ox, oy = float(origin[0]), float(origin[1])
    return np.array([(ox + px * sx, oy + py * sy) for px, py in rows])


class PointArrows:
    """Three arrows with halos and labels inside ``plot``; ``set_vectors`` each frame.

    All of them are one plain Qt item (``_ArrowsItem``) that strokes in device pixels: moving
    them costs a little arithmetic and a repaint of their own area, where three pyqtgraph
    curves and three TextItems cost ~1.3 ms a panel a frame in Python (data bounds, pixel
    vectors and transforms recomputed on every move). They draw the same picture.
    """

    def __init__(self, plot: pg.PlotItem):
        self._view_box = plot.getViewBox()
        self._origin = None
        self._vectors = {kind: None for kind in KINDS}
        self._enabled = {kind: True for kind in KINDS}
        self._pixel = None            # data units per pixel, (x, y); None: to be measured
        self._shown: dict = {}
        self._style = theme.current()
        self.item = _ArrowsItem(self._style)
        self.item.setZValue(Z_ARROWS)
        plot.addItem(self.item, ignoreBounds=True)
        self._view_box.sigRangeChanged.connect(self._on_view_changed)
        self._view_box.sigResized.connect(self._on_view_changed)

    def apply_style(self, style) -> None:
        """Widths, head and fixed lengths and label type of ``style`` (a ``theme.Style``); the
        arrows keep their dark halo in every theme: they sit on the heatmap."""
        self._style = style
        self.item.apply_style(style)
        self._redraw()

    def set_enabled(self, **kinds: bool | None) -> None:
        """Turn arrows on or off by kind (grad=, step=, momentum=); None leaves one as it is."""
        for kind, on in kinds.items():
            if on is not None:
                self._enabled[kind] = bool(on)
        self._redraw()

    def set_vectors(self, origin, grad=None, step=None, momentum=None) -> None:
        """Arrows from ``origin`` (x, y): ``grad`` and ``momentum`` directions, ``step`` as is;
        None (or origin None) hides an arrow."""
        self._origin = None if origin is None else (float(origin[0]), float(origin[1]))
        self._vectors = {"grad": grad, "step": step, "momentum": momentum}
        self._redraw()

    def set_label(self, kind: str, text: str) -> None:
        """The text beside arrow ``kind`` ("\u2207f"; "\u2207L" on a regression loss)."""
        if self.item._labels[kind].doc.toPlainText() != text:
            self.item._labels[kind] = _Label(text, theme.POINT_ARROW_COLORS[kind])
            self.item.update()

    def shown(self) -> dict:
        """kind -> (6, 2) segment end points as drawn, for the arrows on screen (tests)."""
        return {kind: pairs.copy() for kind, (pairs, _) in self._shown.items()}

    def _on_view_changed(self, *args) -> None:
        self._pixel = None
        self._redraw()

    def _redraw(self, *args) -> None:
        if self._pixel is None:
            self._pixel = tuple(self._view_box.viewPixelSize())
        pixel = self._pixel
        style = self._style
        shown = {}
        for kind in KINDS:
            vector = self._vectors[kind]
            if not (self._enabled[kind] and self._origin is not None and vector is not None):
                continue
            fixed = None if kind == "step" else style.arrow_fixed_px
            pairs = arrow_pairs(self._origin, vector, pixel, fixed, head_px=style.arrow_head_px)
            if len(pairs) == 0:
                continue
            (x0, y0), (tx, ty) = pairs[0].tolist(), pairs[1].tolist()
            ax, ay = (tx - x0) / pixel[0], (ty - y0) / pixel[1]   # push the label past the tip
            norm = math.hypot(ax, ay) or 1.0
            away = 16.0 * style.font_scale
            label = (tx + ax / norm * away * pixel[0], ty + ay / norm * away * pixel[1])
            shown[kind] = (pairs, self._inside(label, self.item.label_size(kind), pixel))
        self._shown = shown
        self.item.set_arrows(shown, pixel)

    def _inside(self, centre, size, pixel) -> tuple[float, float]:
        """A label's ``centre`` moved just enough for all of it (``size`` in pixels) to stay
        inside the plot: past an arrow's tip near the edge it would otherwise be cut off."""
        (x0, x1), (y0, y1) = self._view_box.viewRange()
        out = []
        for value, lo, hi, half in ((centre[0], x0, x1, size[0] / 2 * abs(pixel[0])),
                                    (centre[1], y0, y1, size[1] / 2 * abs(pixel[1]))):
            lo, hi = min(lo, hi) + half, max(lo, hi) - half
            out.append(min(max(value, lo), hi) if lo <= hi else value)
        return out[0], out[1]


class _ArrowsItem(QGraphicsItem):
    """The arrows and their labels, in data coordinates, stroked in device pixels.

    Drawn as the pyqtgraph items it replaces drew them: per arrow one path of three segments,
    the halo pen then the colour pen, antialiased; then every label, a translucent dark box
    with the text in a QTextDocument centred on its point (pg.TextItem's drawing)."""

    def __init__(self, style):
        super().__init__()
        self._arrows: dict = {}
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
            self._labels[kind] = _Label(old.doc.toPlainText() if old else LABELS[kind], color)
        self.update()

    def label_size(self, kind) -> tuple[float, float]:
        """(width, height) of ``kind``'s label in pixels."""
        return self._labels[kind].size

    def set_arrows(self, shown: dict, pixel) -> None:
        """shown: kind -> ((6, 2) segment end points, label centre), data coordinates."""
        self._arrows = shown
        rect = QRectF()
        pad = (self._width + 3) / 2 + 2
        for kind, (pairs, (lx, ly)) in shown.items():
            (x0, y0), (x1, y1) = pairs.min(axis=0).tolist(), pairs.max(axis=0).tolist()
            rect = rect.united(QRectF(x0, y0, x1 - x0, y1 - y0).adjusted(
                -pad * pixel[0], -pad * pixel[1], pad * pixel[0], pad * pixel[1]))
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
        if not self._arrows:
            return
        t, _ = pixel_transforms(p)   # to the pixels left after resetTransform, at any ratio
        m11, m12, m21, m22, dx, dy = t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        centres = []
        for kind, (pairs, (lx, ly)) in self._arrows.items():
            pts = [(m11 * x + m21 * y + dx, m12 * x + m22 * y + dy) for x, y in pairs.tolist()]
            centres.append((kind, m11 * lx + m21 * ly + dx, m12 * lx + m22 * ly + dy))
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


class _Label:
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
