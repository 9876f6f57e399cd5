"""A wide line drawn as one-pixel strokes covers the pixels the wide pen covers."""

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator

from gradviz.gui.views.thin_strokes import can_thin, offsets, stroke_thin


def _alpha(draw, size=(200, 80)):
    image = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw(painter)
    painter.end()
    bits = image.constBits()
    argb = np.frombuffer(bits, np.uint32, image.width() * image.height())
    return (argb >> 24).reshape(size[1], size[0])


def _pen(width, color="#1f77b4"):
    pen = QPen(QColor(color))
    pen.setWidthF(width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def test_offsets_fill_a_disc_of_the_width():
    assert offsets(1.0) == [(0.0, 0.0)]
    for width in (2.5, 4.0):
        spots = offsets(width)
        radii = sorted({round(math.hypot(x, y), 9) for x, y in spots})
        assert radii[0] == 0 and radii[-1] == (width - 1) / 2   # the edge of the disc
        assert all(b - a <= 0.75 + 1e-9 for a, b in zip(radii, radii[1:]))   # no gaps


def test_a_zigzag_covers_the_pixels_of_the_wide_pen(qapp):
    n = 300
    x = np.linspace(10, 190, n)
    y = 40 + 25 * (-1.0) ** np.arange(n) * np.exp(-np.arange(n) / 150)
    path = pg.arrayToQPath(x, y)

    def wide(p):
        p.setPen(_pen(2.5))
        p.drawPath(path)

    wide_alpha = _alpha(wide)
    thin_alpha = _alpha(lambda p: stroke_thin(p, path, _pen(2.5), 1.0))
    solid_wide, solid_thin = wide_alpha > 128, thin_alpha > 128
    assert solid_wide.sum() > 1000
    # the same band: nearly every solid pixel of one is solid in the other
    assert (solid_wide & solid_thin).sum() >= 0.95 * solid_wide.sum()
    assert (solid_wide & solid_thin).sum() >= 0.9 * solid_thin.sum()


def test_only_opaque_solid_wide_pens_on_raster_devices(qapp, tmp_path):
    image = QImage(10, 10, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    assert can_thin(painter, _pen(2.5), 1.0)
    assert not can_thin(painter, _pen(1.0), 1.0)
    assert can_thin(painter, _pen(1.0), 2.0)            # two device pixels on a 2x screen
    assert not can_thin(painter, _pen(2.5, "#801f77b4"), 1.0)   # translucent
    dashed = _pen(2.5)
    dashed.setStyle(Qt.PenStyle.DashLine)
    assert not can_thin(painter, dashed, 1.0)
    painter.end()
    svg = QSvgGenerator()
    svg.setFileName(str(tmp_path / "a.svg"))
    painter = QPainter(svg)
    assert not can_thin(painter, _pen(2.5), 1.0)          # every stroke would be written
    painter.end()
