"""An optimizer's path, drawn incrementally into a pixmap the size of the view.

Why not a PlotCurveItem: a wide pen (2 px and more) costs Qt about 12 ms per pen for 5,000
segments (it strokes every wide segment as a polygon); a core over a halo is two pens, two panels
double it again: far over a 16 ms frame.
During playback the path only grows, so this item keeps what it has drawn in an image in device
pixels and strokes just the new segments each frame. The image is redrawn from scratch only when
the view moves (pan, zoom, resize), the device pixel ratio changes (the window moved to a screen
of another scale, a 2x export) or the new points do not continue the old ones (another
trajectory, a step back). The image covers the plot area only and holds ``ratio`` pixels per
logical pixel, so the path is as sharp as the screen allows (see views/pixels.py).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotCurveItem import arrayToLineSegments
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPen, QTransform

from gradviz.gui.views.pixels import device_ratio, logical_pen, pixel_transforms

_NONE = np.empty((0, 2))


class PathItem(pg.GraphicsObject):
    """A polyline through (n, 2) finite points, a ``pen`` stroked over a wider ``shadow_pen``.

    One stroke, every halo under every core, however many frames the path took to grow: a
    new segment's halo goes *under* what the image already holds (``DestinationOver``), its
    core over it. (Drawn halo-over-the-old-core, each new segment's dark outline covered the
    previous one's colour near every joint: short steps turned the path black, long ones
    looked dashed, live and in GIF exports, never in a one-shot screenshot.)
    """

    def __init__(self):
        super().__init__()
        self._points = _NONE
        self._pens = (QPen(Qt.PenStyle.NoPen), QPen(Qt.PenStyle.NoPen))   # (shadow, core)
        self._image: QImage | None = None
        self._image_key = None      # (transform, area, device pixel ratio) the image was drawn for
        self._drawn = 0             # points already in the image
        self._data_rect = QRectF()
        self._box = None            # (xmin, ymin, xmax, ymax) of the points, or None
        self._bounds: QRectF | None = None
        self._view_cache = None     # see _view

    # --- data ----------------------------------------------------------------------------

    def set_pens(self, pen, shadow_pen) -> None:
        self._pens = (logical_pen(shadow_pen), logical_pen(pen))
        self._drawn = 0
        self.update()

    def set_points(self, points: np.ndarray) -> None:
        """Show the path through ``points`` (n, 2), all finite.

        A read-only array (a trajectory's) is kept as it is, and a path that grows inside the
        same read-only array (playback) costs only its new rows here; any other array is
        copied and compared in full."""
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        m, n = len(self._points), len(points)
        frozen = _frozen(points)
        if frozen and 0 < m <= n and _same_memory(points, self._points):
            continues = True
        else:
            continues = 0 < m <= n and np.array_equal(points[:m], self._points)
        if not continues:
            self._box = None
        self._box = _grow(self._box, points[m - 1:] if continues else points)
        self._points = points if frozen else points.copy()
        rect = _rect(self._box)
        if rect != self._data_rect:
            self.prepareGeometryChange()   # also repaints the old area
            self._data_rect, self._bounds = rect, None
        if continues:   # repaint only around the new segments
            self.update(self._near_view(self._padded(
                _rect(_grow(None, points[max(self._drawn - 1, 0):])))))
        else:
            self._drawn = 0
            self.update()

    def points(self) -> np.ndarray:
        """The (n, 2) points of the path shown."""
        return np.array(self._points)

    # --- geometry ------------------------------------------------------------------------

    def _padded(self, rect: QRectF) -> QRectF:
        """``rect`` grown by half the halo and a pixel of slack, in data units."""
        if len(self._points) == 0:
            return QRectF()
        wx, wy = self._view()[0]
        pad_px = self._pens[0].widthF() / 2 + 2
        return rect.adjusted(-wx * pad_px, -wy * pad_px, wx * pad_px, wy * pad_px)

    def _near_view(self, rect: QRectF) -> QRectF:
        """``rect`` cut to the visible area grown by its own size on every side: a diverged
        path's 1e300 corners would otherwise overflow when Qt maps them to pixels."""
        view = self._view()[1]
        if view is None or rect.isNull():
            return rect
        w, h = view.width(), view.height()
        return rect.intersected(view.adjusted(-w, -h, w, h))

    def _view(self):
        """((data units a pixel in x, in y), visible rect or None), measured once per view
        transform: pyqtgraph's pixelVectors and viewRect cost ~0.1 ms, and a frame of
        playback asks for them twice."""
        if self._view_cache is not None:
            return self._view_cache
        px, py = self.pixelVectors()
        view = ((abs(px.x()) if px is not None else 0.0, abs(py.y()) if py is not None else 0.0),
                self.viewRect())
        if px is not None and py is not None and view[1] is not None:   # not in a view yet:
            self._view_cache = view                                     # ask again next time
        return view

    def boundingRect(self) -> QRectF:
        if self._bounds is None:
            self._bounds = self._near_view(self._padded(self._data_rect))
        return self._bounds

    def viewTransformChanged(self) -> None:
        self._view_cache = None
        super().viewTransformChanged()
        self.prepareGeometryChange()   # pixel padding changes with zoom
        self._bounds = None

    def viewRangeChanged(self) -> None:
        self._view_cache = None
        super().viewRangeChanged()

    # --- drawing -------------------------------------------------------------------------

    def paint(self, painter: QPainter, *args) -> None:
        if len(self._points) < 2:
            return
        to_reset, base = pixel_transforms(painter)
        ratio = device_ratio(base)
        area = self._image_area(to_reset, base)
        if area.isEmpty():
            return
        key = (to_reset, area, ratio)
        if key != self._image_key or self._image is None:
            self._image_key, self._drawn = key, 0
            self._image = QImage(round(area.width() * ratio), round(area.height() * ratio),
                                 QImage.Format.Format_ARGB32_Premultiplied)
            self._image.setDevicePixelRatio(ratio)
        if self._drawn == 0:
            self._image.fill(0)
        if self._drawn < len(self._points):
            m = self._pens[0].widthF() + 2
            clip = QRectF(-m, -m, area.width() + 2 * m, area.height() + 2 * m)
            to_image = to_reset * QTransform.fromTranslate(-area.left(), -area.top())
            self._stroke(self._points[max(self._drawn - 1, 0):], to_image, clip)
            self._drawn = len(self._points)
        painter.save()
        painter.resetTransform()
        painter.drawImage(area.topLeft(), self._image)
        painter.restore()

    def _image_area(self, to_reset: QTransform, base: QTransform) -> QRectF:
        """Where the image goes, in the coordinates left after ``resetTransform()``: the visible
        part of the plot (the view box clips this item to it) grown by a pixel, its corners on
        whole device pixels so that the image's pixels are the device's (sharp at any ratio:
        the image holds ``ratio`` pixels per logical pixel)."""
        view = self.viewRect()
        if view is None:
            view = self.boundingRect()
        device = base.mapRect(to_reset.mapRect(view)).adjusted(-1, -1, 1, 1)
        if not device.isValid() or not all(map(math.isfinite, device.getCoords())):
            return QRectF()
        left, top = math.floor(device.left()), math.floor(device.top())
        aligned = QRectF(left, top, math.ceil(device.right()) - left,
                         math.ceil(device.bottom()) - top)
        inverse, ok = base.inverted()
        return inverse.mapRect(aligned) if ok else QRectF()

    def _stroke(self, points: np.ndarray, transform, device_rect: QRectF) -> None:
        """Draw the segments through ``points`` into the image, halo first; ``transform`` maps
        data to the image's logical pixels, ``device_rect`` is the image's area grown by a
        pen's width in those pixels.

        The points are mapped to pixels here and drawn with no transform: Qt strokes wide lines
        several times faster in pixels than under a data-to-pixel scale (5,000 segments,
        two pens: ~45 ms -> ~6 ms). They are clipped to the device area first: a diverging
        path reaches 1e300, and Qt silently drops a whole drawLines call whose coordinates
        overflow its rasteriser.
        """
        segments = None   # held until drawn: drawargs() points into its memory
        lines = _few_lines(points, transform, device_rect) if len(points) <= FEW else None
        if lines is None:
            t = transform
            with np.errstate(all="ignore"):
                device = np.column_stack([
                    t.m11() * points[:, 0] + t.m21() * points[:, 1] + t.dx(),
                    t.m12() * points[:, 0] + t.m22() * points[:, 1] + t.dy()])
            x, y = clip_segments(device, (device_rect.left(), device_rect.right(),
                                          device_rect.top(), device_rect.bottom()))
            if len(x) == 0:
                return
            segments = arrayToLineSegments(x, y, connect="pairs", finiteCheck=False)
            lines = segments.drawargs()
        else:
            lines = (lines,)
        p = QPainter(self._image)
        shadow, core = self._pens
        if shadow.style() != Qt.PenStyle.NoPen:
            # under everything drawn before: the old cores keep their colour
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOver)
            p.setPen(shadow)
            p.drawLines(*lines)
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        if core.style() != Qt.PenStyle.NoPen:
            p.setPen(core)
            p.drawLines(*lines)
        p.end()


def _frozen(a: np.ndarray) -> bool:
    """``a`` is read-only: a trajectory's arrays are, and their values never change (the
    engine's contract, engine/trajectory.py), so such a path is kept without a copy."""
    return not a.flags.writeable


def _same_memory(a: np.ndarray, b: np.ndarray) -> bool:
    """``b`` is the start of ``a``: a view of the same rows of the same array."""
    return (a.base is not None and a.base is b.base and a.strides == b.strides
            and a.__array_interface__["data"][0] == b.__array_interface__["data"][0])


def _grow(box, rows: np.ndarray):
    """(xmin, ymin, xmax, ymax) of ``box`` (or None) and ``rows`` (k, 2); a frame's few new
    rows in plain Python (numpy's reductions cost more than the arithmetic here)."""
    if len(rows) == 0:
        return box
    if len(rows) <= FEW:
        xs, ys = zip(*rows.tolist())
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    else:
        (x0, y0), (x1, y1) = rows.min(axis=0).tolist(), rows.max(axis=0).tolist()
    if box is None:
        return (x0, y0, x1, y1)
    return (min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1))


def _rect(box) -> QRectF:
    if box is None:
        return QRectF()
    return QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1])


FEW = 32
"""Up to this many points (a frame of playback adds two or three) are mapped in plain Python:
the clipping below is ~25 numpy calls, 0.1-0.3 ms, far more than the drawing."""


def _few_lines(points, t, rect):
    """QLineF segments in pixels through ``points``, or None when a point falls outside
    ``rect`` or is not finite (the numpy path clips those)."""
    m11, m12, m21, m22, dx, dy = t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()
    left, right, top, bottom = rect.left(), rect.right(), rect.top(), rect.bottom()
    pixels = []
    for x, y in points.tolist():
        px, py = m11 * x + m21 * y + dx, m12 * x + m22 * y + dy
        if not (left <= px <= right and top <= py <= bottom):   # also NaN
            return None
        pixels.append((px, py))
    return [QLineF(*a, *b) for a, b in zip(pixels, pixels[1:])]


def clip_segments(points: np.ndarray, box) -> tuple[np.ndarray, np.ndarray]:
    """The polyline through ``points`` (n, 2) cut to ``box`` = (xmin, xmax, ymin, ymax).

    Liang-Barsky on every segment at once: a segment from a to b is a + t (b - a), t in [0, 1];
    each box edge narrows the t interval; segments whose interval empties are dropped.
    Returns flat x, y arrays of segment end points (``connect="pairs"``).
    """
    a, b = points[:-1], points[1:]
    xmin, xmax, ymin, ymax = box
    with np.errstate(all="ignore"):
        d = b - a
        lo, hi = np.zeros(len(a)), np.ones(len(a))
        keep = np.isfinite(d).all(axis=1)
        for step, room in ((-d[:, 0], a[:, 0] - xmin), (d[:, 0], xmax - a[:, 0]),
                           (-d[:, 1], a[:, 1] - ymin), (d[:, 1], ymax - a[:, 1])):
            t = room / step
            lo = np.where(step < 0, np.maximum(lo, t), lo)
            hi = np.where(step > 0, np.minimum(hi, t), hi)
            keep &= (step != 0) | (room >= 0)     # parallel to this edge and outside it
        keep &= lo <= hi
        start = a[keep] + lo[keep, None] * d[keep]
        end = a[keep] + hi[keep, None] * d[keep]
    xy = np.stack([start, end], axis=1).reshape(-1, 2)
    return xy[:, 0], xy[:, 1]
