"""``DeviceCurve``: a pyqtgraph ``PlotCurveItem`` that strokes its lines in device pixels.

Why: Qt strokes an antialiased path drawn under a scaling transform (data units to pixels)
20-40 times slower than the same path given in pixels. The arrow field (1,200 segments, a pen
over a wider shadow pen) took 50-120 ms a panel to draw, so typing a function waited over
200 ms for two panels, and so did every frame of a pan or a zoom. This item maps its points to
pixels with numpy and strokes one path with the transform reset: the same pens, the same
antialiasing, the same path (one stroke per pen, so translucent lines never darken where their
segments meet), a few milliseconds. It draws in logical pixels with non-cosmetic pens, so on a
2x screen or in a 2x export the lines land in the same place and are as thick as at 1x
(views/pixels.py). Everything else is ``PlotCurveItem``'s (setData, getData,
opts, bounds).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph import functions as fn
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from gradviz.gui.views.pixels import device_ratio, logical_pen, pixel_transforms
from gradviz.gui.views.thin_strokes import can_thin, stroke_thin

# Points further than this from the origin of the device (pixels) are left out (lines through
# them break there): Qt's rasteriser drops whole paths whose coordinates overflow it. Only
# reachable zoomed in so far that one grid cell spans this many pixels.
PIXEL_LIMIT = 1e5


class DeviceCurve(pg.PlotCurveItem):
    """A PlotCurveItem with connect "all", "finite" or "pairs", drawn in device pixels (see the
    module); no fill, no OpenGL.

    ``shared = True``: the stroked picture is kept in ``SHARED`` and given to every other
    shared curve with the same data, pens and device transform: two panels showing one
    landscape stroke its contours and its arrow field once, not once each (3 ms a layer)."""

    shared = False
    thin_strokes = False
    """True: a pen wider than a device pixel is drawn as one-pixel strokes (thin_strokes.py),
    for a curve that is redrawn whenever it changes (the curves dock during a drag)."""

    def paint(self, p: QPainter, *args) -> None:
        x, y = self.xData, self.yData
        if x is None or len(x) < 2:
            return
        pens = [logical_pen(pen) for pen in (self.opts["shadowPen"], self.opts["pen"])
                if pen is not None and pen.style() != Qt.PenStyle.NoPen]
        if not pens:
            return
        to_reset, base = pixel_transforms(p)
        device = p.device()
        # the shared pictures are made at the device's ratio: only when painting at it (not
        # in a 2x export of a window shown at 1x, which strokes directly, sharp)
        if (self.shared and device is not None and device.width() > 0
                and abs(device_ratio(base) - device.devicePixelRatioF()) < 1e-6):
            image = SHARED.picture(self, to_reset, device, x, y, pens)
            p.save()
            p.resetTransform()
            p.drawImage(0, 0, image)
            p.restore()
            return
        transform = to_reset
        p.save()
        p.resetTransform()
        self.stroke(p, transform, x, y, pens)
        p.restore()

    def stroke(self, p: QPainter, transform, x, y, pens) -> None:
        """Stroke the curve with ``pens`` on ``p`` (transform reset), points mapped by
        ``transform`` (data to device pixels)."""
        path = fn.arrayToQPath(*self._device_points(transform, x, y), connect=self._connect())
        p.setRenderHint(QPainter.RenderHint.Antialiasing, bool(self.opts["antialias"]))
        ratio = device_ratio(p.deviceTransform()) if self.thin_strokes else 1.0
        for pen in pens:
            if self.thin_strokes and can_thin(p, pen, ratio):
                stroke_thin(p, path, pen, ratio)
            else:
                p.setPen(pen)
                p.drawPath(path)

    def _connect(self):
        connect = self.opts["connect"]
        if not isinstance(connect, str) or connect not in ("all", "pairs", "finite"):
            raise ValueError(f"DeviceCurve draws connect 'all', 'finite' or 'pairs', "
                             f"not {connect!r}")
        return connect

    def _device_points(self, t, x, y):
        """x, y in pixels; points that are not finite or beyond PIXEL_LIMIT become NaN (and for
        "pairs" the whole segment is dropped, since a half segment cannot be drawn)."""
        with np.errstate(all="ignore"):
            px = t.m11() * x + t.m21() * y + t.dx()
            py = t.m12() * x + t.m22() * y + t.dy()
            bad = ~((np.abs(px) < PIXEL_LIMIT) & (np.abs(py) < PIXEL_LIMIT))
        if self._connect() == "pairs":
            n = len(px) // 2 * 2
            keep = ~(bad[:n:2] | bad[1:n:2])
            px = px[:n].reshape(-1, 2)[keep].ravel()
            py = py[:n].reshape(-1, 2)[keep].ravel()
        elif bad.any():
            px, py = np.where(bad, np.nan, px), np.where(bad, np.nan, py)
        return px, py


class SharedPictures:
    """Stroked pictures of shared DeviceCurves, the last ``size`` of them.

    A picture is an image of the whole paint device (transparent where nothing is drawn),
    found again for a curve whose data are equal, whose pens, connect and antialiasing are
    the same, and whose device transform and device size are the same: then the image holds
    exactly the pixels that stroking would give (drawn over a transparent pixmap cache, or
    over anything: source-over composition is associative). ``renders`` counts strokes."""

    def __init__(self, size: int = 4):
        self.size = size
        self.entries: list = []     # (key, x, y, image), newest last
        self.renders = 0

    @staticmethod
    def _key(curve, transform, device, pens):
        t = transform
        return ((t.m11(), t.m12(), t.m13(), t.m21(), t.m22(), t.m23(), t.m31(), t.m32(),
                 t.m33()), device.width(), device.height(), device.devicePixelRatioF(),
                tuple((pen.color().rgba(), pen.widthF(), int(pen.style().value), pen.isCosmetic(),
                       int(pen.capStyle().value), int(pen.joinStyle().value)) for pen in pens),
                curve._connect(), bool(curve.opts["antialias"]))

    def picture(self, curve, transform, device, x, y, pens) -> QImage:
        key = self._key(curve, transform, device, pens)
        for i, (k, ex, ey, image) in enumerate(self.entries):
            if k == key and (ex is x or np.array_equal(ex, x, equal_nan=True)) and \
                    (ey is y or np.array_equal(ey, y, equal_nan=True)):
                self.entries.append(self.entries.pop(i))
                return image
        dpr = key[3]
        image = QImage(round(key[1] * dpr), round(key[2] * dpr),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(dpr)
        image.fill(0)
        painter = QPainter(image)
        curve.stroke(painter, transform, x, y, pens)
        painter.end()
        self.renders += 1
        self.entries.append((key, x, y, image))
        del self.entries[: -self.size]
        return image


SHARED = SharedPictures()
"""The pictures shared by the landscapes' contours and arrow fields (two layers, two of each
while a landscape is replaced)."""
