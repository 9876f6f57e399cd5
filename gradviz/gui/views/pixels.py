"""Drawing in device pixels at any device pixel ratio (1x, 1.5x, 2x screens; 2x exports).

Several landscape items keep or compute things in pixels for speed: the path (an image of the
strokes), the contours and arrows (stroked after ``resetTransform()``), the markers (pyqtgraph's
atlas of symbol bitmaps) and Qt's ``DeviceCoordinateCache`` pixmaps. A painter's mapping to its
device is ``to_reset * base``: ``base`` is what ``resetTransform()`` leaves (the screen's device
pixel ratio, the scale ``QWidget.render`` was given for a 2x export, the widget's offset in the
window) and ``to_reset`` the rest. The helpers here split it, so that every item lands where
its coordinates say at any ratio and is redrawn at the ratio of the device it is painted on
(the window moved to a screen of another scale, or a 2x export of a window shown at 1x).
"""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import SymbolAtlas
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem


def pixel_transforms(painter: QPainter) -> tuple[QTransform, QTransform]:
    """(to_reset, base) for an item being painted by ``painter`` (see the module).

    Drawing points mapped with ``to_reset`` after ``resetTransform()`` puts them exactly where
    the item's own coordinates would. Neither ``combinedTransform()`` (it includes the high-DPI
    scale, which the reset keeps: at ratio 2 everything would land at twice its place) nor
    ``transform()`` alone (it leaves out a view transform) would.
    """
    device = painter.deviceTransform()
    painter.save()
    painter.resetTransform()
    base = painter.deviceTransform()
    painter.restore()
    inverse, ok = base.inverted()
    return (device * inverse if ok else painter.transform()), base


def device_ratio(base: QTransform) -> float:
    """Device pixels per logical pixel in ``base`` (1 on a plain screen, 2 on a 2x one or in a
    2x export); ``base`` is a scale and a translation, so its x scale says it."""
    return max(abs(base.m11()), abs(base.m12()), 1e-6)


def painter_ratio(painter: QPainter) -> float:
    """Device pixels per logical pixel of what ``painter`` is drawing on."""
    return device_ratio(pixel_transforms(painter)[1])


def logical_pen(pen) -> QPen:
    """``pen`` (anything ``pg.mkPen`` takes) made non-cosmetic, for drawing after
    ``resetTransform()``: its width is then in logical pixels of ``ratio`` device pixels each,
    so a line is as thick on a 2x screen (or in a 2x export) as on a 1x one. A cosmetic pen
    (pyqtgraph's default) is as wide in device pixels at every ratio: half as thick at 2x."""
    pen = QPen(pg.mkPen(pen))
    pen.setCosmetic(False)
    return pen


def ratio_pen(pen, ratio: float) -> QPen:
    """``pen`` (anything ``pg.mkPen`` takes) for a painter of ``ratio`` device pixels per logical
    pixel, when the drawing keeps a scaling transform (a curve in data units, a symbol scaled
    to its size) and the pen must stay cosmetic: a cosmetic pen's width counts device pixels,
    so it is widened ``ratio`` times (width 0, Qt's one device pixel, counts as 1) and the line
    is as thick on a 2x screen, or in a 2x export, as on a 1x one."""
    pen = QPen(pg.mkPen(pen))
    if pen.isCosmetic() and abs(ratio - 1.0) > 1e-6:
        pen.setWidthF(max(pen.widthF(), 1.0) * ratio)
    return pen


class RatioCurve(pg.PlotCurveItem):
    """A PlotCurveItem whose cosmetic pens are widened to the ratio of the device it is
    painted on (``ratio_pen``): as thick at 2x as at 1x. For the small dock plots, where
    ``DeviceCurve``'s speed is not needed and Qt's own clipping of lines that leave the plot
    far away (a slice through a steep function) is."""

    def paint(self, p: QPainter, *args) -> None:
        ratio = painter_ratio(p)
        if abs(ratio - 1.0) <= 1e-6:
            super().paint(p, *args)
            return
        opts = self.opts
        pens = opts["pen"], opts["shadowPen"]
        opts["pen"] = ratio_pen(pens[0], ratio)
        if pens[1] is not None:
            opts["shadowPen"] = ratio_pen(pens[1], ratio)
        try:
            super().paint(p, *args)
        finally:
            opts["pen"], opts["shadowPen"] = pens


class _Ratio:
    """Stands in for the widget handed to ``ScatterPlotItem.paint``: pyqtgraph only asks it for
    the device pixel ratio its symbol bitmaps should have."""

    def __init__(self, ratio: float):
        self._ratio = ratio

    def devicePixelRatioF(self) -> float:
        return self._ratio


class _RatioAtlas(SymbolAtlas):
    """pyqtgraph's atlas of symbol bitmaps, with the outlines stroked as thick at its device
    pixel ratio as at 1x (``ratio_pen``: the symbols' pens are cosmetic)."""

    def _extend(self, styles):
        super()._extend({key: (symbol, size, ratio_pen(pen, self._dpr), brush)
                         for key, (symbol, size, pen, brush) in styles.items()})


class SharpScatter(pg.ScatterPlotItem):
    """A ScatterPlotItem whose symbol bitmaps have the ratio of the device being painted, not
    of the widget: in a 2x export of a window shown at 1x, pyqtgraph would enlarge 1x bitmaps.
    Their outlines are as thick at 2x as at 1x (``_RatioAtlas``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        atlas = _RatioAtlas()
        atlas.setDevicePixelRatio(self.fragmentAtlas.devicePixelRatio())
        self.fragmentAtlas = atlas
        self.data["sourceRect"] = 0     # symbols already placed came from the old atlas
        self.updateSpots()

    def paint(self, p: QPainter, option, widget=None) -> None:
        # Empty, pyqtgraph's box is a point at (0, 0), which Qt widens by a pixel and paints
        # each frame it lies near what moves (~0.1 ms an item: seven with 4 panels)
        if len(self.data):
            super().paint(p, option, _Ratio(painter_ratio(p)))


class SharpGraphics(pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget whose items' ``DeviceCoordinateCache`` pixmaps follow the device
    pixel ratio. Qt makes them at the widget's ratio and keys them on the transform only: a
    2x export of a window shown at 1x would enlarge 1x pixmaps. So while it is painted at
    another ratio than the widget's, the items draw without their caches; when the ratio it
    is painted at changes (the window moved to a screen of another scale), the caches are
    dropped and redrawn.

    The ratio is read by an invisible item painted first of all (the lowest z, bounds
    covering everything): ``drawBackground`` is not called every time (pyqtgraph caches the
    background) and the widget's own ratio is not the device's in a 2x export.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.painted_ratio: float | None = None
        self._uncached: list = []    # items whose cache is off while painting at another ratio
        self._guard = _RatioGuard(self._on_painted_ratio)
        self.scene().addItem(self._guard)

    def _on_painted_ratio(self, ratio: float) -> None:
        own = self.viewport().devicePixelRatioF()
        if abs(ratio - own) > 1e-6:      # an export at another ratio
            if not self._uncached:
                self._uncached = set_device_caches(self.scene(), False)
        elif self._uncached:             # back on screen
            set_device_caches(self.scene(), True, self._uncached)
            self._uncached = []
        elif self.painted_ratio is not None and ratio != self.painted_ratio:
            set_device_caches(self.scene(), True, set_device_caches(self.scene(), False))
        self.painted_ratio = ratio


class _RatioGuard(QGraphicsItem):
    """Reports the device pixel ratio of every paint of its scene (see SharpGraphics)."""

    def __init__(self, on_ratio):
        super().__init__()
        self._on_ratio = on_ratio
        self.setZValue(-1e9)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def boundingRect(self) -> QRectF:
        return QRectF(-1e7, -1e7, 2e7, 2e7)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        self._on_ratio(painter_ratio(painter))


def set_device_caches(scene, on: bool, items=None) -> list:
    """Turn ``DeviceCoordinateCache`` off for every item of ``scene`` that has it (``on`` False;
    returns them), or back on for ``items``. Turning it off deletes the pixmaps."""
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    if not on:
        items = [item for item in scene.items() if item.cacheMode() == cached]
        for item in items:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        return items
    for item in items or ():
        item.setCacheMode(cached)
    return list(items or ())
