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
from gradviz.gui.views.edge_marker import EdgeMarker
from gradviz.gui.views.markers import Marker, StaticScatter, attach
from gradviz.gui.views.path_item import PathItem
from gradviz.gui.views.plot_parts import set_tick_font

Z_IMAGE, Z_CONTOURS, Z_ARROWS, Z_MINIMA, Z_PATH, Z_START, Z_CURRENT = range(-10, -3)


def style_path(path, current, color, diverged: bool) -> None:
    """A path (PathItem) and its current-point marker in ``color``, over a dark halo, at the
    current style's widths and sizes; a diverged run's marker is a warning cross. Shared by
    every path on a landscape."""
    style = theme.current()
    path.set_pens(pg.mkPen(color, width=style.path_width),
                  pg.mkPen(style.path_halo, width=style.path_halo_width))
    if diverged:
        current.setSymbol("x")
        current.setSize(style.diverged_size)
        current.setBrush(pg.mkBrush(style.warning_color))
        current.setPen(pg.mkPen("#FFFFFF", width=1.5))
    else:
        current.setSymbol("o")
        current.setSize(style.current_size)
        current.setBrush(pg.mkBrush(color))
        current.setPen(pg.mkPen(style.marker_outline, width=2.5))


def _scatter(z: int, **style) -> pg.ScatterPlotItem:
    item = StaticScatter(pxMode=True, antialias=True, **style)
    item.setZValue(z)
    return item



def minima_xy(minima) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """x, y arrays and kinds of minima given as (x, y) pairs or objects with .x, .y (.kind)."""
    xs, ys, kinds = [], [], []
    for m in minima or ():
        x, y = (m.x, m.y) if hasattr(m, "x") else (m[0], m[1])
        xs.append(float(x))
        ys.append(float(y))
        kinds.append(getattr(m, "kind", "global"))
    return np.asarray(xs), np.asarray(ys), kinds


class LandscapeItems:
    """Owns the items inside ``plot`` and the colour bar beside it.

    Attributes (pyqtgraph items): image, colorbar, contours, arrows, minima, start; current
    is a ``Marker`` and path a ``PathItem`` (incremental drawing). Setters here only restyle or call setData/setImage.
    """

    def __init__(self, plot: pg.PlotItem):
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(Z_IMAGE)
        self.colorbar = self._make_colorbar()
        # drawn in pixels: see device_curve.py (20-40x faster)
        self.contours = DeviceCurve(connect="finite", antialias=True)
        self.contours.setZValue(Z_CONTOURS)
        self.arrows = DeviceCurve(connect="pairs", antialias=True)
        self.arrows.setZValue(Z_ARROWS)
        # Every panel shows the same landscape: its lines are stroked once for all of them.
        self.contours.shared = self.arrows.shared = True
        self.minima = _scatter(Z_MINIMA, symbol="star")
        self.start = _scatter(Z_START, symbol="o", brush=None)
        self.start_halo = _scatter(Z_START - 0.5, symbol="o", brush=None)
        self._minima = (np.empty(0), np.empty(0), [])
        self._minima_style = None    # the style the minima were drawn in
        self._colorbar_label = ""
        self._colorbar_tip = ""
        self.start.sigPlotChanged.connect(self._follow_start)
        self.current = Marker()   # moves every frame: a plain Qt item (markers.py)
        self.current.setZValue(Z_CURRENT)
        for item in (self.image, self.contours, self.arrows, self.minima,
                     self.start_halo, self.start):
            plot.addItem(item, ignoreBounds=True)
        attach(plot, self.current)
        self.edge = EdgeMarker()   # where the current point went, once off the view
        self.edge.setZValue(Z_CURRENT + 0.5)
        attach(plot, self.edge)
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
        self._shown_label = None
        self.colorbar.getAxis("left").geometryChanged.connect(self.fit_colorbar_label)
        self.apply_style(theme.current())

    def apply_style(self, style) -> None:
        """Pens, sizes and fonts of ``style`` (a ``theme.Style``); the data stay as they are.
        The path's own pens are the view's (``set_path_color``)."""
        self.contours.setPen(pg.mkPen(style.contour_color, width=style.contour_width))
        self.arrows.setPen(pg.mkPen(style.arrow_color, width=style.arrow_width))
        self.arrows.setShadowPen(pg.mkPen(theme.ARROW_HALO, width=style.arrow_width + 1.6))
        scale = style.start_size / 17
        self.start.setSize(style.start_size)
        self.start.setPen(pg.mkPen(theme.START_COLOR, width=3 * scale))
        self.start_halo.setSize(style.start_size)
        self.start_halo.setPen(pg.mkPen(style.marker_outline, width=6 * scale))
        self.set_minima(*self._minima, style=style)
        axis_font = theme.font(theme.AXIS_PT)
        for name in ("left", "right"):
            axis = self.colorbar.getAxis(name)
            set_tick_font(axis, axis_font)
            axis.setPen(pg.mkPen(style.foreground))
            axis.setTextPen(pg.mkPen(style.foreground))
        self._label_colorbar(style)

    @staticmethod
    def _make_colorbar() -> pg.ColorBarItem:
        bar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=theme.COLORMAP, width=18,
                              interactive=False, colorMapMenu=False)
        # The labelled axis is kept as a pixmap (as the plot's axes, see landscape.py); not the
        # other one, whose edge line lies outside its bounding box and would be cut off.
        bar.axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        bar.axis.setWidth(None)      # fit the tick labels at the larger font
        return bar

    def set_image(self, image: np.ndarray, rect, label: str, tip: str = "",
                  ticks=None) -> None:
        """Heatmap ``image`` (ny, nx) over ``rect`` = (left, bottom, width, height); colour
        levels span its finite values. ``label`` beside the colour bar, ``tip`` its tooltip
        (default the label), ``ticks`` ((position, text), ...) in place of the automatic
        ones (a log scale labelled in f)."""
        finite = image[np.isfinite(image)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if not hi > lo:
            lo, hi = lo - 0.5, lo + 0.5   # a constant f: one colour, mid-map
        self.image.setImage(image, autoLevels=False, levels=(lo, hi))
        self.image.setRect(*rect)
        self.colorbar.setLevels((lo, hi))
        self.colorbar.axis.setTicks([list(ticks)] if ticks else None)
        self._colorbar_label = label
        self._colorbar_tip = tip
        self.fit_colorbar_label()

    def fit_colorbar_label(self, style=None) -> None:
        """The colour bar's label if it fits along the bar, else without its spaces, else
        none (a label longer than its axis is cut at both ends: "og10(f + 0.5" on the short
        bars of four panels at 1280 x 720); the whole label stays in the bar's tooltip."""
        style = style or theme.current()
        axis = self.colorbar.getAxis("left")
        room = axis.height() - 4
        metrics = QFontMetrics(theme.font(theme.LABEL_PT))
        label = self._colorbar_label
        for text in (label, label.replace(" ", ""), ""):
            if metrics.horizontalAdvance(text) <= room:
                break
        if text != self._shown_label:
            self._shown_label = text
            axis.setLabel(text, **{"font-size": f"{style.pt(theme.LABEL_PT):g}pt",
                                   "color": style.foreground})
            axis.showLabel(bool(text))
        axis.setToolTip(self._colorbar_tip or label)
        self.colorbar.axis.setToolTip(self._colorbar_tip or label)

    def _label_colorbar(self, style) -> None:
        self._shown_label = None    # set it again in the new colour and size
        self.fit_colorbar_label(style)

    def set_minima(self, xs: np.ndarray, ys: np.ndarray, kinds: list[str], style=None) -> None:
        """White stars with a dark outline; local minima smaller and grey. The same minima in
        the same style are not set again (each move of a parameter's slider brings them)."""
        style = style or theme.current()
        shown, self._minima = self._minima, (xs, ys, kinds)
        if (style is self._minima_style and list(kinds) == list(shown[2])
                and np.array_equal(xs, shown[0]) and np.array_equal(ys, shown[1])):
            return
        self._minima_style = style
        local = np.array([k == "local" for k in kinds], dtype=bool)
        sizes = np.where(local, style.local_min_size, style.global_min_size)
        brushes = [pg.mkBrush("#C8C8C8" if is_local else theme.MINIMUM_BRUSH)
                   for is_local in local]
        self.minima.setData(xs, ys, size=sizes, brush=brushes,
                            pen=pg.mkPen(style.marker_outline, width=1.5))

    def set_path_color(self, color, diverged: bool) -> None:
        """Path and current point in ``color``; a diverged run ends in a warning cross."""
        style_path(self.path, self.current, color, diverged)
        style = theme.current()
        self.edge.set_colors(style.warning_color if diverged else color, style.marker_outline,
                             style.font_scale)

    def _follow_start(self) -> None:
        x, y = self.start.getData()
        self.start_halo.setData(x, y)
