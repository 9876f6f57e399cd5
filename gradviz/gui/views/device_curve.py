"""``DeviceCurve``: a pyqtgraph ``PlotCurveItem`` that strokes its lines in device pixels.

Why: Qt strokes an antialiased path drawn under a scaling transform (data units to pixels)
20-40 times slower than the same path given in pixels. The arrow field (1,200 segments, a pen
over a wider shadow pen) took 50-120 ms a panel to draw, so typing a function waited over
200 ms for two panels, and so did every frame of a pan or a zoom. This item maps its points to
pixels with numpy and strokes one path with the transform reset: the same pens, the same
antialiasing, the same path (one stroke per pen, so translucent lines never darken where their
segments meet), a few milliseconds. Everything else is ``PlotCurveItem``'s (setData, getData,
opts, bounds).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph import functions as fn
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter

# Points further than this from the origin of the device (pixels) are left out (lines through
# them break there): Qt's rasteriser drops whole paths whose coordinates overflow it. Only
# reachable zoomed in so far that one grid cell spans this many pixels.
PIXEL_LIMIT = 1e5


class DeviceCurve(pg.PlotCurveItem):
    """A PlotCurveItem with connect "all", "finite" or "pairs", drawn in device pixels (see the
    module); no fill, no OpenGL."""

    def paint(self, p: QPainter, *args) -> None:
        x, y = self.xData, self.yData
        if x is None or len(x) < 2:
            return
        pens = [pen for pen in (self.opts["shadowPen"], self.opts["pen"])
                if pen is not None and pen.style() != Qt.PenStyle.NoPen]
        if not pens:
            return
        path = fn.arrayToQPath(*self._device_points(p.transform(), x, y),
                               connect=self._connect())
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, bool(self.opts["antialias"]))
        for pen in pens:
            p.setPen(pen)
            p.drawPath(path)
        p.restore()

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
