"""The pyqtgraph items of one landscape plot, created once and styled from ``theme``.

Stacking order, bottom to top: heatmap, contours, arrows, minima, path, start, current point.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QGraphicsItem

from gradviz.gui import theme
from gradviz.gui.views.device_curve import DeviceCurve
from gradviz.gui.views.markers import Marker, StaticScatter, attach
from gradviz.gui.views.path_item import PathItem

Z_IMAGE, Z_CONTOURS, Z_ARROWS, Z_MINIMA, Z_PATH, Z_START, Z_CURRENT = range(-10, -3)

CURRENT_SIZE = 16
DIVERGED_SIZE = 22
START_SIZE = 17
GLOBAL_MIN_SIZE = 22
LOCAL_MIN_SIZE = 16


def style_path(path, current, color, diverged: bool) -> None:
    """A path (PathItem) and its current-point marker in ``color``, over a dark halo; a
    diverged run's marker is a warning cross. Shared by every path on a landscape."""
    path.set_pens(pg.mkPen(color, width=theme.PATH_WIDTH),
                  pg.mkPen(theme.PATH_HALO, width=theme.PATH_HALO_WIDTH))
    if diverged:
        current.setSymbol("x")
        current.setSize(DIVERGED_SIZE)
        current.setBrush(pg.mkBrush(theme.WARNING_COLOR))
        current.setPen(pg.mkPen("#FFFFFF", width=1.5))
    else:
        current.setSymbol("o")
        current.setSize(CURRENT_SIZE)
        current.setBrush(pg.mkBrush(color))
        current.setPen(pg.mkPen(theme.MARKER_OUTLINE, width=2.5))


def _scatter(z: int, **style) -> pg.ScatterPlotItem:
    item = StaticScatter(pxMode=True, antialias=True, **style)
    item.setZValue(z)
    return item


class LandscapeItems:
    """Owns the items inside ``plot`` and the colour bar beside it.

    Attributes (pyqtgraph items): image, colorbar, contours, arrows, minima, start; current
    is a ``Marker`` and path a ``PathItem`` (incremental drawing). Setters here only restyle or call setData/setImage.
    """

    def __init__(self, plot: pg.PlotItem):
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(Z_IMAGE)
        self.colorbar = self._make_colorbar()
        self.contours = DeviceCurve(   # drawn in pixels: see device_curve.py (20-40x faster)
            connect="finite", antialias=True,
            pen=pg.mkPen(theme.CONTOUR_COLOR, width=theme.CONTOUR_WIDTH))
        self.contours.setZValue(Z_CONTOURS)
        self.arrows = DeviceCurve(
            connect="pairs", antialias=True,
            pen=pg.mkPen(theme.ARROW_COLOR, width=theme.ARROW_WIDTH))
        self.arrows.setShadowPen(pg.mkPen(theme.ARROW_HALO, width=theme.ARROW_WIDTH + 1.6))
        self.arrows.setZValue(Z_ARROWS)
        # Every panel shows the same landscape: its lines are stroked once for all of them.
        self.contours.shared = self.arrows.shared = True
        self.minima = _scatter(Z_MINIMA, symbol="star")
        self.start = _scatter(Z_START, symbol="o", size=START_SIZE, brush=None,
                              pen=pg.mkPen(theme.START_COLOR, width=3))
        self.start_halo = _scatter(Z_START - 0.5, symbol="o", size=START_SIZE, brush=None,
                                   pen=pg.mkPen(theme.MARKER_OUTLINE, width=6))
        self.start.sigPlotChanged.connect(self._follow_start)
        self.current = Marker()   # moves every frame: a plain Qt item (markers.py)
        self.current.setZValue(Z_CURRENT)
        for item in (self.image, self.contours, self.arrows, self.minima,
                     self.start_halo, self.start):
            plot.addItem(item, ignoreBounds=True)
        attach(plot, self.current)
        # These layers change only with the function, the start or the view, not every frame:
        # let Qt keep them as pixmaps instead of stroking thousands of antialiased lines 60
        # times a second.
        for item in (self.image, self.contours, self.arrows, self.minima, self.start_halo,
                     self.start):
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # A thin core over an opaque dark halo, so the path reads on every part of the map.
        self.path = PathItem()
        self.path.setZValue(Z_PATH)
        plot.addItem(self.path, ignoreBounds=True)
        self.colorbar.setImageItem(self.image, insert_in=plot)
        self.colorbar_label = ""
        self.colorbar.getAxis("left").geometryChanged.connect(self.fit_colorbar_label)

    @staticmethod
    def _make_colorbar() -> pg.ColorBarItem:
        bar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=theme.COLORMAP, width=18,
                              interactive=False, colorMapMenu=False)
        for name in ("left", "right"):
            bar.getAxis(name).setStyle(tickFont=theme.font(theme.AXIS_PT))
        # The labelled axis is kept as a pixmap (as the plot's axes, see landscape.py); not the
        # other one, whose edge line lies outside its bounding box and would be cut off.
        bar.axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        bar.axis.setWidth(None)      # fit the tick labels at the larger font
        return bar

    def set_image(self, image: np.ndarray, rect, label: str) -> None:
        """Heatmap ``image`` (ny, nx) over ``rect`` = (left, bottom, width, height); colour
        levels span its finite values."""
        finite = image[np.isfinite(image)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if not hi > lo:
            lo, hi = lo - 0.5, lo + 0.5   # a constant f: one colour, mid-map
        self.image.setImage(image, autoLevels=False, levels=(lo, hi))
        self.image.setRect(*rect)
        self.colorbar.setLevels((lo, hi))
        self.colorbar_label = label
        self.fit_colorbar_label()

    def fit_colorbar_label(self) -> None:
        """The colour bar's label if it fits along the bar, else without its spaces, else
        none (a label longer than its axis is cut at both ends: "og10(f + 0.5" on the short
        bars of four panels at 1280 x 720); the whole label stays in the bar's tooltip."""
        axis = self.colorbar.getAxis("left")
        room = axis.height() - 4
        metrics = QFontMetrics(theme.font(theme.LABEL_PT))
        label = self.colorbar_label
        for text in (label, label.replace(" ", ""), ""):
            if metrics.horizontalAdvance(text) <= room:
                break
        if text != getattr(self, "_shown_label", None):
            self._shown_label = text
            axis.setLabel(text, **{"font-size": f"{theme.LABEL_PT}pt"})
            axis.showLabel(bool(text))
        axis.setToolTip(label)

    def set_minima(self, xs: np.ndarray, ys: np.ndarray, kinds: list[str]) -> None:
        """White stars with a dark outline; local minima smaller and grey."""
        local = np.array([k == "local" for k in kinds], dtype=bool)
        sizes = np.where(local, LOCAL_MIN_SIZE, GLOBAL_MIN_SIZE)
        brushes = [pg.mkBrush("#C8C8C8" if is_local else theme.MINIMUM_BRUSH)
                   for is_local in local]
        self.minima.setData(xs, ys, size=sizes, brush=brushes,
                            pen=pg.mkPen(theme.MARKER_OUTLINE, width=1.5))

    def set_path_color(self, color, diverged: bool) -> None:
        """Path and current point in ``color``; a diverged run ends in a warning cross."""
        style_path(self.path, self.current, color, diverged)

    def _follow_start(self) -> None:
        x, y = self.start.getData()
        self.start_halo.setData(x, y)
