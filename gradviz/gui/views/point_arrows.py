"""Arrows at the current point: the gradient, the step and the momentum, each with a label.

The gradient and the momentum are drawn at a fixed length on screen (their directions are what
they teach; their sizes are in the inspector), the step at its true length: its tip is where the
point goes next. Arrow heads are built in screen pixels so that they keep their shape when the
axes have different scales; they are rebuilt when the view moves.

The gradient points uphill, which is where gradient descent came from: drawn over the path it
hid the last steps (descent in a ravine). It is drawn *under* the path, shorter than the
others and a little translucent, so the path always shows. Labels are placed where they
overlap neither each other nor the current point, inside the plot.
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
from gradviz.gui.views.landscape_items import Z_CURRENT, Z_PATH
from gradviz.gui.views.pixels import logical_pen, pixel_transforms

KINDS = ("grad", "step", "momentum")
LABELS = {"grad": "\u2207f", "step": "step", "momentum": "momentum"}
FIXED_PX = 72.0        # on-screen length of the gradient and momentum arrows (normal size)
HEAD_PX = 13.0         # length of each barb of an arrow head (normal size; see theme.Style)
HEAD_ANGLE = math.radians(26)
Z_ARROWS = Z_CURRENT - 0.5   # above the path and the start, below the current-point marker
Z_GRAD = Z_PATH - 0.5        # the gradient: under the path (it points where descent came from)
GRAD_LENGTH = 0.75           # the gradient's length, of the fixed length the momentum gets
GRAD_OPACITY = 0.8


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
        self._clear: tuple = ()      # pixel rects no label may cover (keep_clear)
        self._style = theme.current()
        self.item = _ArrowsItem(self._style, ("step", "momentum"))
        self.item.setZValue(Z_ARROWS)
        self.grad_item = _ArrowsItem(self._style, ("grad",))
        self.grad_item.setZValue(Z_GRAD)
        self.grad_item.setOpacity(GRAD_OPACITY)
        for item in (self.grad_item, self.item):
            plot.addItem(item, ignoreBounds=True)
        self._view_box.sigRangeChanged.connect(self._on_view_changed)
        self._view_box.sigResized.connect(self._on_view_changed)

    def apply_style(self, style) -> None:
        """Widths, head and fixed lengths and label type of ``style`` (a ``theme.Style``); the
        arrows keep their dark halo in every theme: they sit on the heatmap."""
        self._style = style
        for item in (self.item, self.grad_item):
            item.apply_style(style)
        self._redraw()

    def set_enabled(self, **kinds: bool | None) -> None:
        """Turn arrows on or off by kind (grad=, step=, momentum=); None leaves one as it is."""
        for kind, on in kinds.items():
            if on is not None:
                self._enabled[kind] = bool(on)
        self._redraw()

    def keep_clear(self, rects) -> None:
        """Pixel rectangles (left, top, width, height) of the plot that labels must not
        cover (the canvas legend)."""
        rects = tuple(tuple(r) for r in rects)
        if rects != self._clear:
            self._clear = rects
            self._redraw()

    def enabled(self, kind: str) -> bool:
        """Arrow ``kind`` is switched on (it shows where its vector is defined)."""
        return self._enabled[kind]

    def set_vectors(self, origin, grad=None, step=None, momentum=None) -> None:
        """Arrows from ``origin`` (x, y): ``grad`` and ``momentum`` directions, ``step`` as is;
        None (or origin None) hides an arrow."""
        self._origin = None if origin is None else (float(origin[0]), float(origin[1]))
        self._vectors = {"grad": grad, "step": step, "momentum": momentum}
        self._redraw()

    def set_label(self, kind: str, text: str) -> None:
        """The text beside arrow ``kind`` ("\u2207f"; "\u2207L" on a regression loss)."""
        for item in (self.item, self.grad_item):
            item.set_label(kind, text)

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
        arrows = {}
        (x0, x1), (y0, y1) = self._view_box.viewRange()
        seen = self._origin is not None and x0 <= self._origin[0] <= x1 \
            and y0 <= self._origin[1] <= y1   # a point off the view has no arrows in it
        for kind in KINDS:
            vector = self._vectors[kind]
            if not (self._enabled[kind] and seen and vector is not None):
                continue
            fixed = {"step": None, "grad": GRAD_LENGTH * style.arrow_fixed_px}.get(
                kind, style.arrow_fixed_px)
            pairs = arrow_pairs(self._origin, vector, pixel, fixed, head_px=style.arrow_head_px)
            if len(pairs):
                arrows[kind] = pairs
        spots = self._place_labels(arrows, pixel)
        shown = {kind: (pairs, spots[kind]) for kind, pairs in arrows.items()}
        self._shown = shown
        # every label over the path (the gradient's shaft alone goes under it)
        self.item.set_arrows({k: pairs for k, pairs in arrows.items() if k != "grad"}, spots,
                             pixel)
        self.grad_item.set_arrows({k: pairs for k, pairs in arrows.items() if k == "grad"}, {},
                                  pixel)

    def label_rects(self) -> dict:
        """kind -> (left, top, width, height) of its label in pixels of the plot (tests)."""
        pixel = self._pixel or tuple(self._view_box.viewPixelSize())
        return {kind: _label_rect(centre, self.item.label_size(kind), pixel, self._corner())
                for kind, (_, centre) in self._shown.items()}

    def _to_px_point(self, point) -> tuple[float, float]:
        """A data point in pixels of the plot, from its top-left corner (tests)."""
        return _to_px(point, self._pixel or tuple(self._view_box.viewPixelSize()),
                      self._corner())

    def _corner(self):
        """(xmin, ymax) of the view: where pixel (0, 0) is, in data coordinates."""
        (x0, _), (_, y1) = self._view_box.viewRange()
        return x0, y1

    def _place_labels(self, arrows: dict, pixel) -> dict:
        """kind -> label centre (data): past the arrow's tip, else beside it (either side),
        else beside its middle; the first spot that overlaps no label placed before it and
        not the current point, moved inside the plot."""
        style, corner = self._style, self._corner()
        marker = style.current_size / 2 + 3
        taken = list(self._clear)
        if self._origin is not None:
            ox, oy = _to_px(self._origin, pixel, corner)
            taken.append((ox - marker, oy - marker, 2 * marker, 2 * marker))
        spots = {}
        for kind in ("step", "momentum", "grad"):   # the step's label matters most
            if kind not in arrows:
                continue
            pairs, size = arrows[kind], self.item.label_size(kind)
            chosen = None
            for centre in _label_spots(pairs, size, pixel, 10.0 * style.font_scale):
                centre = self._inside(centre, size, pixel)
                rect = _label_rect(centre, size, pixel, corner)
                if not any(_overlap(rect, other) for other in taken):
                    chosen = centre
                    break
                chosen = chosen or centre
            taken.append(_label_rect(chosen, size, pixel, corner))
            spots[kind] = chosen
        return spots

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


def _to_px(point, pixel, corner) -> tuple[float, float]:
    """Data point -> pixels from the plot's top-left corner (y down)."""
    return (point[0] - corner[0]) / pixel[0], (corner[1] - point[1]) / pixel[1]


def _label_rect(centre, size, pixel, corner):
    cx, cy = _to_px(centre, pixel, corner)
    return (cx - size[0] / 2, cy - size[1] / 2, size[0], size[1])


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _label_spots(pairs, size, pixel, gap):
    """Candidate centres (data) for an arrow's label, best first: past the tip, beside the
    tip on either side, beside the middle of the shaft on either side, then around the tip
    in eight directions at one, two and three times that distance."""
    (x0, y0), (tx, ty) = pairs[0].tolist(), pairs[1].tolist()
    ux, uy = (tx - x0) / pixel[0], (y0 - ty) / pixel[1]    # pixels, y down
    norm = math.hypot(ux, uy) or 1.0
    ux, uy = ux / norm, uy / norm
    nx, ny = -uy, ux

    def reach(dx, dy):
        """How far a centre must be along (dx, dy) for a box of ``size`` to clear a point."""
        return abs(dx) * size[0] / 2 + abs(dy) * size[1] / 2 + gap

    def at(px, py):   # pixels from the tip -> data
        return tx + px * pixel[0], ty - py * pixel[1]

    spots = [at(ux * reach(ux, uy), uy * reach(ux, uy))]
    for side in (1, -1):
        spots.append(at(side * nx * reach(nx, ny), side * ny * reach(nx, ny)))
    for side in (1, -1):
        spots.append(at(-ux * norm / 2 + side * nx * reach(nx, ny),
                        -uy * norm / 2 + side * ny * reach(nx, ny)))
    for ring in (1, 2, 3):
        for i in range(8):
            dx, dy = math.cos(i * math.pi / 4), math.sin(i * math.pi / 4)
            spots.append(at(dx * ring * reach(dx, dy), dy * ring * reach(dx, dy)))
    return spots


class _ArrowsItem(QGraphicsItem):
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
            self._labels[kind] = _Label(old.doc.toPlainText() if old else LABELS[kind], color)
        self.update()

    def set_label(self, kind: str, text: str) -> None:
        if self._labels[kind].doc.toPlainText() != text:
            self._labels[kind] = _Label(text, theme.POINT_ARROW_COLORS[kind])
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
