"""A compact legend on the landscape: what the marks and arrows mean, in a corner that hides
nothing important.

A first-year student sees a star, a ringed dot, a crosshair, a red arrow and a field of white
arrows pointing the other way; the legend says which is which in a few words (the red
gradient points uphill, the white field downhill). It lives in the plot's pixel coordinates
(a child of the view box, like the probe's readout box), draws its own samples of each mark,
and moves to the corner where it covers the fewest of the points it is given (the path, the
start, the minima, the probe): ``quietest_corner`` is the pure choice.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from gradviz.gui import theme

ENTRIES = ("current", "start", "minimum", "probe", "grad", "field", "step", "momentum")
MARGIN = 8          # pixels between the legend and the plot's edge
PAD = 5             # inside the box
CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
SWATCH = "#440154"  # viridis at its low end: where the marks usually sit
MAX_SHARE = 0.72    # the legend hides when it would take more of the plot's width than this


def entry_text(kind: str, f: str = "f") -> str:
    """The words beside a mark; ``f`` is the value's name (L in the regression mode)."""
    return {"current": "current point", "start": "start", "minimum": "minimum",
            "probe": "probe", "grad": f"\u2207{f} uphill",
            "field": f"\u2212\u2207{f} downhill", "step": "step",
            "momentum": "momentum"}[kind]


MARK_WEIGHT = 10 ** 4
"""A mark (start, minimum, current point) under the legend counts as this many path points:
a corner over a few hundred points of a path beats one over the start (the legend hid the
start on Rosenbrock, where the path crowds the valley and the start sits alone in a corner)."""


def quietest_corner(size, area, points, taken=(), marks=()) -> str:
    """The corner of ``area`` (width, height) where a box of ``size`` (width, height), set in
    ``MARGIN`` from the edges, covers the fewest ``points`` (n, 2) in the same pixels, each of
    ``marks`` (m, 2) counting ``MARK_WEIGHT``; corners in ``taken`` (another legend there)
    only if every corner is taken. Ties: the order of ``CORNERS``."""
    w, h = size
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    marked = np.asarray(marks, dtype=float).reshape(-1, 2)
    best, best_count = None, None
    for corner in CORNERS:
        left, top = corner_origin(corner, size, area)

        def under(p):
            return int(((p[:, 0] >= left - 4) & (p[:, 0] <= left + w + 4)
                        & (p[:, 1] >= top - 4) & (p[:, 1] <= top + h + 4)).sum())

        count = under(pts) + MARK_WEIGHT * under(marked) + (10 ** 9 if corner in taken else 0)
        if best_count is None or count < best_count:
            best, best_count = corner, count
    return best


def corner_origin(corner: str, size, area) -> tuple[float, float]:
    """Top-left of a box of ``size`` in ``corner`` of ``area``, ``MARGIN`` in from its edges."""
    w, h = size
    left = MARGIN if corner.endswith("left") else area[0] - MARGIN - w
    top = MARGIN if corner.startswith("top") else area[1] - MARGIN - h
    return left, top


class CanvasLegend(QGraphicsItem):
    """The legend box; ``set_entries(kinds, color)``, ``place(points_px, area)``."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setZValue(90)
        self._kinds: tuple[str, ...] = ()
        self._color = QColor(theme.PANEL_COLORS[0])
        self._f = "f"
        self._style = theme.current()
        self._font = theme.font(theme.AXIS_PT - 2)
        self._size = (0.0, 0.0)
        self._columns = 1
        self.corner = CORNERS[0]
        self._wanted = True

    # --- contents ----------------------------------------------------------------------------

    def apply_style(self, style) -> None:
        self._style = style
        self._font = theme.font(theme.AXIS_PT - 2)
        self._measure()

    def set_entries(self, kinds, color=None, f: str = "f") -> None:
        """Show the marks ``kinds`` (a subset of ``ENTRIES``, shown in that order), the current
        point in ``color``, the gradient named after ``f``."""
        kinds = tuple(k for k in ENTRIES if k in set(kinds))
        color = QColor(color) if color is not None else self._color
        if (kinds, color, f) != (self._kinds, self._color, self._f):
            self._kinds, self._color, self._f = kinds, color, f
            self._measure()

    def texts(self) -> list[str]:
        """The words shown, in order (tests)."""
        return [entry_text(k, self._f) for k in self._kinds] if self.isVisible() else []

    def _row(self) -> tuple[float, float]:
        metrics = QFontMetricsF(self._font)
        return metrics.height() + 2, metrics.height() * 1.9   # row height, sample width

    def _measure(self, columns: int = 1) -> None:
        self.prepareGeometryChange()
        metrics = QFontMetricsF(self._font)
        row, sample = self._row()
        self._columns = columns
        per = math.ceil(len(self._kinds) / columns) if self._kinds else 0
        widths = [metrics.horizontalAdvance(entry_text(k, self._f)) for k in self._kinds]
        col_w = [sample + 6 + max(widths[c * per:(c + 1) * per], default=0)
                 for c in range(columns)]
        self._col_w = col_w
        self._size = (sum(col_w) + 2 * PAD + 10 * (columns - 1), per * row + 2 * PAD)
        self.update()

    def size(self) -> tuple[float, float]:
        return self._size

    def font(self):
        """The type the words are set in (smaller on a small plot: ``place``)."""
        return self._font

    # --- where ---------------------------------------------------------------------------------

    def _scales(self) -> list[float]:
        """Type sizes to try, largest first: the style's own, then smaller down to normal
        mode's (presentation mode's type is larger: where its legend does not fit a small
        plot, normal mode's still reads)."""
        floor = 1 / max(self._style.font_scale, 1.0)
        return [1.0] + [s for s in (0.85, 0.7) if s > floor] + ([floor] if floor < 1 else [])

    def set_wanted(self, on: bool) -> None:
        """The display option: shown (when it fits) or not."""
        self._wanted = bool(on)
        self.setVisible(self._wanted and bool(self._kinds))

    def place(self, points_px, area, taken=(), marks_px=()) -> None:
        """Into the corner of ``area`` (the plot's width, height in pixels) covering the fewest
        ``points_px`` (n, 2) and marks ``marks_px`` (``quietest_corner``); two columns when one
        would take more than half the plot's height; smaller type (``_scales``) when that
        does not fit; hidden when even then it would not fit."""
        if not self._kinds or not self._wanted:
            self.hide()
            return
        fits = False
        for scale in self._scales():   # a small plot (four panels presenting): smaller type
            self._font = theme.font(theme.AXIS_PT - 2)
            self._font.setPointSizeF(self._font.pointSizeF() * scale)
            self._measure(1)
            if self._size[1] > 0.5 * area[1]:
                self._measure(2)
            fits = self._size[0] <= MAX_SHARE * area[0] and self._size[1] <= 0.7 * area[1]
            if fits:
                break
        self.setVisible(fits)
        if not fits:
            return
        self.corner = quietest_corner(self._size, area, points_px, taken, marks_px)
        self.setPos(*corner_origin(self.corner, self._size, area))

    # --- drawing -------------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, *self._size)

    def paint(self, p: QPainter, *args) -> None:
        if not self._kinds:
            return
        style = self._style
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(pg.mkPen(style.muted_text))
        p.setBrush(pg.mkBrush(style.box_fill))
        p.drawRoundedRect(self.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        row, sample = self._row()
        per = math.ceil(len(self._kinds) / self._columns)
        p.setFont(self._font)
        for i, kind in enumerate(self._kinds):
            col, r = divmod(i, per)
            x = PAD + sum(self._col_w[:col]) + 10 * col
            y = PAD + r * row
            self._sample(p, kind, QRectF(x, y, sample, row))
            p.setPen(pg.mkPen(style.foreground))
            p.drawText(QRectF(x + sample + 6, y, self._col_w[col], row),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       entry_text(kind, self._f))

    def _sample(self, p: QPainter, kind: str, box: QRectF) -> None:
        """A small copy of the mark ``kind`` in ``box``, on a swatch of the heatmap's dark
        end (the white marks would vanish on a light legend box)."""
        c = box.center()
        r = min(box.height() * 0.36, 7.0 * self._style.font_scale)
        dark = QColor(self._style.marker_outline)
        p.save()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(SWATCH))
        p.drawRoundedRect(box.adjusted(0, 1, 0, -1), 3, 3)
        if kind == "current":
            p.setPen(QPen(dark, 2.0))
            p.setBrush(self._color)
            p.drawEllipse(c, r, r)
        elif kind == "start":
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(dark, 4.0))
            p.drawEllipse(c, r, r)
            p.setPen(QPen(QColor(theme.START_COLOR), 2.0))
            p.drawEllipse(c, r, r)
        elif kind == "minimum":
            p.setPen(QPen(dark, 1.2))
            p.setBrush(QColor(theme.MINIMUM_BRUSH))
            p.drawPolygon(_star(c, r * 1.25))
        elif kind == "probe":
            self._crosshair(p, c, r, dark)
        else:
            self._arrow(p, kind, box)
        p.restore()

    def _crosshair(self, p, c, r, dark) -> None:
        path = QPainterPath()
        path.addEllipse(c, r * 0.7, r * 0.7)
        path.moveTo(c.x() - r * 1.3, c.y())
        path.lineTo(c.x() + r * 1.3, c.y())
        path.moveTo(c.x(), c.y() - r * 1.3)
        path.lineTo(c.x(), c.y() + r * 1.3)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for pen in (QPen(dark, 3.5), QPen(QColor(theme.PROBE_COLOR), 1.8)):
            p.setPen(pen)
            p.drawPath(path)

    def _arrow(self, p, kind, box) -> None:
        if kind == "field":
            color, width, halo = QColor(*self._style.arrow_color), 1.4, QColor(*theme.ARROW_HALO)
            left, right = box.left() + box.width() * 0.3, box.right() - box.width() * 0.25
        else:
            color = QColor(theme.POINT_ARROW_COLORS[kind])
            width, halo = 2.4, QColor(self._style.path_halo)
            left, right = box.left() + 1, box.right() - 1
        y = box.center().y()
        head = min(6.0, (right - left) * 0.45)
        path = QPainterPath()
        path.moveTo(left, y)
        path.lineTo(right, y)
        path.moveTo(right - head, y - head * 0.55)
        path.lineTo(right, y)
        path.lineTo(right - head, y + head * 0.55)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for pen in (QPen(halo, width + 2.5), QPen(color, width)):
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            p.drawPath(path)


def _star(c: QPointF, r: float) -> QPolygonF:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(c.x() + radius * math.cos(angle), c.y() + radius * math.sin(angle)))
    return QPolygonF(points)


def to_pixels(view_box, points) -> np.ndarray:
    """Data points (n, 2) in pixels of ``view_box`` (from its top-left corner, y down);
    at most ~400 of them (a long path is thinned: the legend only counts what it covers)."""
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    if len(pts) > 400:
        pts = pts[:: len(pts) // 400 + 1]
    (x0, x1), (y0, y1) = view_box.viewRange()
    rect = view_box.boundingRect()
    with np.errstate(all="ignore"):
        px = (pts[:, 0] - x0) / (x1 - x0) * rect.width()
        py = (y1 - pts[:, 1]) / (y1 - y0) * rect.height()
    out = np.column_stack([px, py])
    return out[np.isfinite(out).all(axis=1)]
