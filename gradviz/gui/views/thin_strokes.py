"""A wide antialiased line drawn as one-pixel strokes, for Qt's fast line rasteriser.

Why: Qt's raster engine draws an antialiased line at most one device pixel wide with its fast
line rasteriser, and a wider one by outlining the whole path and filling the outline. Measured
here (a 1,000-point loss curve 400 pixels wide, the curves dock's 2.5-pixel pen): 0.7-1.3 ms
for a smooth curve, 27-44 ms for one that zigzags (momentum's or an oscillating descent's f),
against 0.05 and 0.3-0.9 ms a one-pixel stroke. So every redraw of the curves (each move of an
lr or parameter slider) cost 5-160 ms. Stroking the path with a one-pixel pen at a few
offsets that fill a disc of the pen's width gives the same band of colour (the Minkowski sum
of the line and the disc: round caps and joins) in a few strokes.

Only for an opaque solid pen on a raster device: overlapping strokes would darken a
translucent colour, and a vector export (SVG) would get every stroke.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEngine, QPainter, QPen

RING_STEP = 0.75
"""Device pixels between two rings of offsets (under a one-pixel stroke: no gap between)."""
ARC_STEP = 1.0
"""Device pixels between two offsets along a ring."""


def offsets(width: float) -> list[tuple[float, float]]:
    """(dx, dy) in device pixels of one-pixel strokes whose union is a line ``width`` device
    pixels wide: the centre, then rings up to radius (width - 1) / 2."""
    radius = (width - 1.0) / 2
    out = [(0.0, 0.0)]
    rings = math.ceil(radius / RING_STEP) if radius > 0 else 0
    for i in range(1, rings + 1):
        r = radius * i / rings
        n = max(4, math.ceil(2 * math.pi * r / ARC_STEP))
        out += [(r * math.cos(2 * math.pi * k / n), r * math.sin(2 * math.pi * k / n))
                for k in range(n)]
    return out


def can_thin(painter: QPainter, pen: QPen, ratio: float) -> bool:
    """True when ``pen`` (non-cosmetic, in logical pixels of ``ratio`` device pixels) is wider
    than a device pixel, opaque and solid, and ``painter`` draws on a raster device."""
    engine = painter.paintEngine()
    return (engine is not None and engine.type() == QPaintEngine.Type.Raster
            and pen.widthF() * ratio > 1.0 and pen.style() == Qt.PenStyle.SolidLine
            and pen.color().alpha() == 255 and pen.brush().isOpaque())


def stroke_thin(painter: QPainter, path, pen: QPen, ratio: float) -> None:
    """Stroke ``path`` (in logical pixels, transform reset) as wide as ``pen`` with one-pixel
    strokes (see the module)."""
    thin = QPen(pen)
    thin.setWidthF(1.0 / ratio)
    thin.setCapStyle(Qt.PenCapStyle.RoundCap)
    thin.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(thin)
    for dx, dy in offsets(pen.widthF() * ratio):
        painter.translate(dx / ratio, dy / ratio)
        painter.drawPath(path)
        painter.translate(-dx / ratio, -dy / ratio)
