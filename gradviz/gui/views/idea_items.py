"""What a landscape shows besides the run itself, to make an idea visible: the gradient flow
(a thin dashed reference curve), the line search's rejected trial steps (faint), the Hessian's
eigen-directions at a point (two axes scaled by the eigenvalues), and in the regression mode
each house's own -grad l_i (thin arrows) with their mean -grad L (bold) and a mini-batch's mean
(dashed). Setters take data coordinates and only call setData; arrows are rebuilt in pixels
when the view moves (their heads keep their shape on axes of different scales).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from gradviz.gui import theme
from gradviz.gui.views.device_curve import DeviceCurve
from gradviz.gui.views.landscape_items import Z_PATH
from gradviz.gui.views.point_arrows import HEAD_ANGLE
from gradviz.gui.views.pixels import SharpScatter

Z_FLOW = Z_PATH - 0.7        # under the path: a reference, not the run
Z_TRIALS = Z_PATH - 0.6
Z_AXES = Z_PATH - 0.4
Z_HOUSES = Z_PATH - 0.3
FLOW_COLOR = "#FFFFFF"
AXIS_COLORS = ("#7FE0FF", "#FF9F40")   # the smaller and the larger eigenvalue's axis
# the houses' pulls in cyan, the batch's in orange (as its rings on the data view): the white
# step, red gradient and mint-green momentum arrows at the point keep their colours
HOUSE_COLOR = (150, 230, 255, 170)
MEAN_COLOR = "#4FD3FF"
BATCH_HOUSE_COLOR = (255, 170, 60, 220)
BATCH_COLOR = "#FF9F30"
TRIAL_ALPHA = 110            # of 255: faint, the rejected trials are not the path
HOUSE_PX = 90.0              # the longest house arrow on screen, pixels (the rest in scale)
HOUSE_HEAD_PX = 7.0         # their heads (the mean's twice as long)
MIN_AXIS_PX = 4.0
AXIS_PX = 70.0               # the larger |eigenvalue|'s half axis on screen, pixels


def arrow_segments(origin, vectors, pixel, head_px: float) -> np.ndarray:
    """``(6 m, 2)`` end points (shaft and two barbs, for ``connect="pairs"``) of the arrows
    from ``origin`` along ``vectors (n, 2)`` (data units), heads ``head_px`` long on screen
    (at most 60 % of a short arrow); arrows under 2 px or not finite are left out.
    ``pixel``: data units per pixel (x, y). ``point_arrows.arrow_pairs`` for many at once."""
    v = np.asarray(vectors, float).reshape(-1, 2) / np.asarray(pixel, float)   # in pixels
    length = np.hypot(v[:, 0], v[:, 1])
    v, length = v[np.isfinite(length) & (length >= 2.0)], length[np.isfinite(length)
                                                                & (length >= 2.0)]
    back = -v / length[:, None] * np.minimum(head_px, 0.6 * length)[:, None]
    rows = np.empty((len(v), 6, 2))
    rows[:, 0] = 0.0
    rows[:, 1] = rows[:, 2] = rows[:, 4] = v
    for j, turn in ((3, HEAD_ANGLE), (5, -HEAD_ANGLE)):
        c, s = np.cos(turn), np.sin(turn)
        rows[:, j, 0] = v[:, 0] + c * back[:, 0] - s * back[:, 1]
        rows[:, j, 1] = v[:, 1] + s * back[:, 0] + c * back[:, 1]
    return (rows.reshape(-1, 2) * np.asarray(pixel, float)) + np.asarray(origin, float)


def _same_axes(a, b) -> bool:
    """Whether two ``set_axes`` arguments (or None) draw the same axes and label."""
    if a is None or b is None:
        return a is b
    return a[0] == b[0] and a[1] == b[1] and a[3] == b[3] and np.array_equal(a[2], b[2])


def _curve(z, connect, pen, shadow=None):
    item = DeviceCurve(connect=connect, antialias=True)
    item.setZValue(z)
    item.setPen(pen)
    if shadow is not None:
        item.setShadowPen(shadow)
    return item


class IdeaItems:
    """The items inside ``plot`` (a pyqtgraph PlotItem), all empty at first."""

    def __init__(self, plot: pg.PlotItem):
        self._view_box = plot.getViewBox()
        style = theme.current()
        halo = pg.mkPen(style.path_halo, width=3.0)
        self.flow = _curve(Z_FLOW, "finite", pg.mkPen(FLOW_COLOR, width=1.4,
                                                      style=Qt.PenStyle.DashLine), halo)
        self.trial_lines = _curve(Z_TRIALS, "pairs", pg.mkPen((255, 255, 255, TRIAL_ALPHA),
                                                             width=1.0))
        self.trial_points = SharpScatter(pxMode=True, symbol="o", size=7, brush=None,
                                         pen=pg.mkPen((255, 255, 255, TRIAL_ALPHA)))
        self.trial_points.setZValue(Z_TRIALS)
        self.axes = [_curve(Z_AXES, "pairs", pg.mkPen(c, width=2.5), halo)
                     for c in AXIS_COLORS]
        self.axis_centre = SharpScatter(pxMode=True, symbol="o", size=7,
                                        brush=pg.mkBrush("#FFFFFF"),
                                        pen=pg.mkPen(style.path_halo, width=1.5))
        self.axis_centre.setZValue(Z_AXES + 0.1)
        self.axis_label = pg.TextItem("", anchor=(0, 1), fill=pg.mkBrush(0, 0, 0, 170))
        self.axis_label.setZValue(Z_AXES)
        self.axis_label.hide()   # its fill would draw an empty dark box at (0, 0)
        self.house_arrows = _curve(Z_HOUSES, "pairs", pg.mkPen(HOUSE_COLOR, width=1.0))
        self.batch_houses = _curve(Z_HOUSES, "pairs", pg.mkPen(BATCH_HOUSE_COLOR, width=1.4))
        self.mean_arrow = _curve(Z_HOUSES + 0.1, "pairs", pg.mkPen(MEAN_COLOR, width=3.0),
                                 pg.mkPen(style.path_halo, width=5.0))
        self.batch_arrow = _curve(Z_HOUSES + 0.1, "pairs",
                                  pg.mkPen(BATCH_COLOR, width=2.5, style=Qt.PenStyle.DashLine),
                                  pg.mkPen(style.path_halo, width=4.5))
        for item in (self.flow, self.trial_lines, self.trial_points, *self.axes,
                     self.axis_centre, self.axis_label, self.house_arrows, self.batch_houses, self.mean_arrow,
                     self.batch_arrow):
            plot.addItem(item, ignoreBounds=True)
        self._axes = None     # (point, eigenvalues, directions, words) shown
        self._houses = None   # (origin, grads, mean, batch_mean, batch) shown
        self._trials = False  # whether trial points are shown
        self._view_box.sigRangeChanged.connect(self._on_view_changed)
        self._view_box.sigResized.connect(self._on_view_changed)

    # --- the gradient flow and the line search ------------------------------------------------

    def set_flow(self, points) -> None:
        """The flow's path, ``(m, 2)`` (NaN rows break it), or None: nothing."""
        pts = np.empty((0, 2)) if points is None else np.asarray(points, float).reshape(-1, 2)
        self.flow.setData(pts[:, 0], pts[:, 1])

    def flow_points(self) -> np.ndarray:
        x, y = self.flow.getData()
        return np.empty((0, 2)) if x is None else np.column_stack([x, y])

    def set_trials(self, origin, points) -> None:
        """Rejected trial points ``(j, 2)`` of the search from ``origin``, each a faint circle
        joined to it; None or empty: nothing."""
        pts = np.empty((0, 2)) if points is None else np.asarray(points, float).reshape(-1, 2)
        pts = pts[np.isfinite(pts).all(axis=1)]
        if not (len(pts) or self._trials):
            return   # nothing shown, nothing to show: asked every frame, ~0.1 ms an item
        self._trials = bool(len(pts))
        self.trial_points.setData(pts[:, 0], pts[:, 1])
        pairs = np.empty((2 * len(pts), 2))
        if len(pts):
            pairs[0::2] = np.asarray(origin, float)
            pairs[1::2] = pts
        self.trial_lines.setData(pairs[:, 0], pairs[:, 1])

    def trials(self) -> np.ndarray:
        """The rejected trial points shown, ``(j, 2)``."""
        x, y = self.trial_points.getData()
        return np.column_stack([x, y]) if x is not None and len(x) else np.empty((0, 2))

    # --- curvature --------------------------------------------------------------------------

    def set_axes(self, point=None, eigenvalues=(), directions=None, words=("", "")) -> None:
        """The Hessian's eigen-directions at ``point``: axis i along column i of
        ``directions (2, 2)``, its half length on screen |λ_i| / max|λ| of ``AXIS_PX`` (at least
        ``MIN_AXIS_PX``), a negative eigenvalue's axis dashed (f curves down along it); one
        label beside the point, a line ``words[i]`` an axis in its colour. None: nothing."""
        axes = None if point is None else (tuple(point), tuple(eigenvalues),
                                           np.asarray(directions, float), tuple(words))
        if _same_axes(axes, self._axes):
            return   # asked every frame: a run at rest keeps its axes and their label
        self._axes = axes
        self._draw_axes()

    def axes_shown(self) -> list:
        """Per axis, its two ends in data coordinates ``(2, 2)`` (empty when not drawn)."""
        return [np.column_stack(item.getData()) if item.getData()[0] is not None
                else np.empty((0, 2)) for item in self.axes]

    def axis_words(self) -> str:
        """The axes' label as plain text, one line an axis."""
        return self.axis_label.textItem.toPlainText()

    def _draw_axes(self) -> None:
        pixel = self._pixel()
        shown = self._axes
        if shown is None or pixel is None or not self._in_view(shown[0]):
            # a point off the view (a run gone far out) gets no axes: its label, moved in to
            # show whole, read as the curvature of what is on screen
            for item in (*self.axes, self.axis_centre):
                item.setData([], [])
            self.axis_label.setHtml("")
            self.axis_label.hide()
            return
        (px, py), values, vectors, words = shown
        self.axis_centre.setData([px], [py])
        biggest = max(abs(v) for v in values) or 1.0
        for i, item in enumerate(self.axes):
            # a flat direction still gets a tick (MIN_AXIS_PX) so that it is seen to exist
            half = max(AXIS_PX * abs(values[i]) / biggest, MIN_AXIS_PX)
            vx, vy = vectors[0, i], vectors[1, i]   # data; on screen (vx / sx, vy / sy)
            t = half / (np.hypot(vx / pixel[0], vy / pixel[1]) or 1.0)
            dx, dy = t * vx, t * vy
            item.setData([px - dx, px + dx], [py - dy, py + dy])
            item.setPen(pg.mkPen(AXIS_COLORS[i], width=2.5, style=Qt.PenStyle.DashLine
                                 if values[i] < 0 else Qt.PenStyle.SolidLine))
        lines = "<br>".join(f"<span style='color:{c}'>{line}</span>"
                            for c, w in zip(AXIS_COLORS[::-1], words[::-1])
                            for line in w.splitlines())
        self.axis_label.setHtml(f"<div style='font-size:{theme.current().pt(theme.NOTE_PT):g}pt'>"
                                f"{lines}</div>")
        self.axis_label.show()
        self._place_axis_label(px, py, pixel)

    def _in_view(self, point) -> bool:
        (x0, x1), (y0, y1) = self._view_box.viewRange()
        return x0 <= point[0] <= x1 and y0 <= point[1] <= y1

    def _place_axis_label(self, px, py, pixel) -> None:
        """Beside the point, toward the middle of the view, and moved in as far as it must
        for all of it to show: a label wider than the way to the edge was cut there (four
        panels at 1280 x 720)."""
        (x0, x1), (y0, y1) = self._view_box.viewRange()
        right, top = px > (x0 + x1) / 2, py > (y0 + y1) / 2
        ax, ay = (1.0 if right else 0.0), (0.0 if top else 1.0)
        self.axis_label.setAnchor((ax, ay))
        size = self.axis_label.boundingRect()   # pixels: the label ignores the view's scale
        w, h = size.width() * pixel[0], size.height() * pixel[1]
        left = px + (-1 if right else 1) * 10 * pixel[0] - ax * w
        upper = py + (-1 if top else 1) * 10 * pixel[1] + ay * h
        left = max(min(left, x1 - w), x0)
        upper = min(max(upper, y0 + h), y1)
        self.axis_label.setPos(left + ax * w, upper - ay * h)

    # --- the regression mode's houses -------------------------------------------------------

    def set_houses(self, origin=None, grads=None, mean=None, batch_mean=None,
                   batch=None) -> None:
        """Arrows at ``origin`` (w, b): each house's -grad l_i (``grads (n, 2)``, thin; the
        houses of the mini-batch ``batch`` (indices) brighter), their mean -grad L (bold) and
        the batch's mean (dashed, None: full batch). Vectors are drawn to one scale: the
        longest house arrow ``HOUSE_PX`` long. None: nothing."""
        if origin is None and self._houses is None:
            return   # none shown, none to show (asked every frame outside the regression mode)
        self._houses = None if origin is None else (tuple(origin), np.asarray(grads, float),
                                                    mean, batch_mean, batch)
        self._draw_houses()

    def house_vectors(self) -> tuple:
        """Segments as drawn ``(6 arrows, 2)`` each: the houses outside the batch (all of them
        on a full batch), those in it, the mean, the batch's mean."""
        return tuple(np.column_stack(c.getData()) if c.getData()[0] is not None
                     else np.empty((0, 2)) for c in (self.house_arrows, self.batch_houses,
                                                     self.mean_arrow, self.batch_arrow))

    def _draw_houses(self) -> None:
        pixel, shown = self._pixel(), self._houses
        empty = np.empty((0, 2))
        if shown is None or pixel is None:
            for item in (self.house_arrows, self.batch_houses, self.mean_arrow,
                         self.batch_arrow):
                item.setData([], [])
            return
        origin, grads, mean, batch_mean, batch = shown
        on_screen = np.hypot(grads[:, 0] / pixel[0], grads[:, 1] / pixel[1])
        longest = float(np.nanmax(on_screen)) if len(on_screen) else 0.0
        scale = HOUSE_PX / longest if longest > 0 else 0.0
        head = HOUSE_HEAD_PX
        inside = np.zeros(len(grads), bool)
        if batch is not None:
            inside[np.asarray(batch, dtype=np.intp)] = True
        for item, rows in ((self.house_arrows, grads[~inside]),
                           (self.batch_houses, grads[inside])):
            pairs = arrow_segments(origin, -scale * rows, pixel, head)
            item.setData(pairs[:, 0], pairs[:, 1])
        for item, vector in ((self.mean_arrow, mean), (self.batch_arrow, batch_mean)):
            pairs = empty if vector is None else arrow_segments(
                origin, -scale * np.asarray(vector, float).reshape(1, 2), pixel, 2 * head)
            item.setData(pairs[:, 0], pairs[:, 1])

    # --- inside -----------------------------------------------------------------------------

    def _pixel(self):
        """Data units per pixel (x, y), None before the view has a size."""
        size = self._view_box.viewPixelSize()
        return size if size[0] > 0 and size[1] > 0 else None

    def _on_view_changed(self, *args) -> None:
        if self._axes is not None:
            self._draw_axes()
        if self._houses is not None:
            self._draw_houses()
