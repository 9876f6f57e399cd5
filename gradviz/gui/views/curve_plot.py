"""One plot of the curves view (views/curves.py): a curve per run against step, the cursor at
the current step, a dot on each curve there, a cross where a run diverged; and the y range,
which a diverged run does not get to stretch (``_y_limits``).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

from gradviz.gui import theme
from gradviz.gui.views.device_curve import DeviceCurve
from gradviz.gui.views.markers import MarkerSet, StaticScatter, StepCursor
from gradviz.gui.views.plot_parts import LogAxis, StepViewBox, set_tick_font

REACH = 1.0
"""How far (in spans of the well-behaved runs) the y range stretches towards a diverged run."""


def finite_prefix(y, diverged_at) -> np.ndarray:
    """y before ``diverged_at`` and before its first non-finite entry."""
    y = np.asarray(y, dtype=float).reshape(-1)
    if diverged_at is not None:
        y = y[: max(int(diverged_at), 0)]
    bad = ~np.isfinite(y)
    return y[: int(np.argmax(bad))] if bad.any() else y


def _y_limits(table: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """The y range to show: every value of the ``reference`` rows (the runs that did not
    diverge; all rows if every run did), widened towards the other rows by at most
    ``REACH`` times its own span on each side.

    A run that explodes to 1e105 would otherwise squash every other curve onto one line; it
    now leaves the plot at the edge, where its warning cross waits.
    """
    finite = table[np.isfinite(table)]
    if not finite.size:
        return 0.0, 1.0
    ref = table[reference] if reference.any() else table
    ref = ref[np.isfinite(ref)]
    lo, hi = (float(ref.min()), float(ref.max())) if ref.size else (0.0, 1.0)
    span = hi - lo or max(abs(hi), 1.0)
    lo = max(float(finite.min()), lo - REACH * span)
    hi = min(float(finite.max()), hi + REACH * span)
    if hi - lo < 1e-12 * max(abs(lo), abs(hi), 1.0):  # a flat line: give it some room
        lo, hi = lo - 0.5 * span, hi + 0.5 * span
    return lo, hi


class CurvePlot:
    """One plot's items: a curve per series (pooled), the cursor, the dots, the crosses."""

    def __init__(self, graphics: pg.GraphicsLayoutWidget, col: int, y_label: str, on_x):
        self.view_box = StepViewBox(on_x)
        self.plot: pg.PlotItem = graphics.addPlot(row=0, col=col, viewBox=self.view_box,
                                                  axisItems={"left": LogAxis()})
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.labels = {"left": y_label, "bottom": "step"}
        for name in self.labels:
            # "(x1e+27)" beside a log axis would be wrong
            self.plot.getAxis(name).enableAutoSIPrefix(False)
        # a pixmap, blitted when a dot moves by (the bottom axis's line ends outside its box:
        # not cached)
        self.plot.getAxis("left").setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.plot.disableAutoRange()         # redraw() fits the range, and only on new data
        self.curves: list[pg.PlotCurveItem] = []
        self.colors: list[str] = []
        style = theme.current()
        # The cursor and the dots move every frame: plain Qt items (markers.py), ~10x cheaper
        # than an InfiniteLine and a ScatterPlotItem, drawn the same.
        self.cursor = StepCursor(self.view_box, pg.mkPen(style.foreground, width=2))
        self.cursor.setZValue(10)
        self.crosses = StaticScatter(pxMode=True, antialias=True, symbol="x",
                                     size=style.cross_size, brush=theme.WARNING_COLOR,
                                     pen=pg.mkPen(theme.WARNING_COLOR, width=1))
        self.crosses.setZValue(11)
        self.plot.addItem(self.crosses, ignoreBounds=True)
        self.dots = MarkerSet(self.plot, 12, symbol="o", size=style.dot_size,
                              pen=pg.mkPen(theme.MARKER_OUTLINE, width=1.5))
        self.log = False
        self.shown: list[np.ndarray] = []   # each series' finite prefix, raw values
        self._table = np.empty((0, 0))      # (series, steps + 1) display values, NaN padded
        self._diverged: list = []
        self._steps = 0
        self._k = 0
        self.apply_style(style)

    def apply_style(self, style) -> None:
        """Axes, cursor, line widths and marker sizes in ``style`` (a ``theme.Style``)."""
        self.style = style
        for name in self.labels:
            axis = self.plot.getAxis(name)
            set_tick_font(axis, theme.font(theme.AXIS_PT))
            axis.setPen(pg.mkPen(style.foreground))
            axis.setTextPen(pg.mkPen(style.foreground))
        self._set_labels()
        self.cursor.set_pen(pg.mkPen(style.foreground, width=2 * style.font_scale))
        self.dots.set_size(style.dot_size)
        self.crosses.setSize(style.cross_size)
        for curve, color in zip(self.curves, self.colors):
            curve.setPen(pg.mkPen(color, width=style.curve_width))

    def set_compact(self, on: bool) -> None:
        """In a short dock, no "step" under the x axis (its ticks stay): room for the curve."""
        self.plot.getAxis("bottom").showLabel(not on)

    def set_y_label(self, text: str) -> None:
        """The y axis's title ("f", "|\u2207f|"; "L", "|\u2207L|" in the regression mode)."""
        if text != self.labels["left"]:
            self.labels["left"] = text
            self._set_labels()

    def _set_labels(self) -> None:
        for name, label in self.labels.items():
            self.plot.getAxis(name).setLabel(
                label, **{"font-size": f"{self.style.pt(theme.LABEL_PT):g}pt",
                          "color": self.style.foreground})

    def set_series(self, ys: list[np.ndarray], colors: list[str], diverged: list,
                   steps: int) -> None:
        self.shown = ys
        self._steps = steps
        while len(self.curves) < len(ys):
            curve = DeviceCurve(antialias=True)   # drawn in pixels: 20x faster (device_curve)
            curve.thin_strokes = True   # redrawn on every move of a slider: thin_strokes.py
            # The curves change only with the runs, not every frame: keep them as pixmaps.
            curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.plot.addItem(curve)
            self.curves.append(curve)
        self.colors = list(colors)
        for curve, color in zip(self.curves, colors):
            curve.setPen(pg.mkPen(color, width=self.style.curve_width))
        for curve in self.curves[len(ys):]:
            curve.setData([], [])
        self._diverged = diverged
        self.dots.set_brushes([pg.mkBrush(c) for c in colors])
        self.redraw()

    def set_log(self, log: bool) -> None:
        if log != self.log:
            self.log = log
            self.plot.setLogMode(x=False, y=log)   # log ticks; the items get log10 data below
            self.redraw()

    def redraw(self) -> None:
        width = max((len(y) for y in self.shown), default=0)
        table = np.full((len(self.shown), width), np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            for i, y in enumerate(self.shown):   # log10(0) = -inf, log10(-1) = NaN
                table[i, : len(y)] = np.where(y > 0, np.log10(y), -np.inf) if self.log else y
        lo, hi = _y_limits(table, np.array([d is None for d in self._diverged], bool))
        # Values far outside the view are pulled to just beyond its edge: Qt draws lines to
        # 1e105 badly, and a step is a fraction of a pixel, so the slant does not show. The
        # dots and crosses stay on the edge, where they can be seen.
        margin = hi - lo
        cross_x, cross_y = [], []
        for i, (curve, y, d) in enumerate(zip(self.curves, self.shown, self._diverged)):
            shown = np.clip(table[i, : len(y)], lo - margin, hi + margin)
            curve.setData(np.arange(len(shown), dtype=float), shown)
            if d is not None and len(shown):
                cross_x.append(float(d))
                cross_y.append(float(np.clip(shown[-1], lo, hi)))
        self._table = np.clip(table, lo, hi)
        self.crosses.setData(cross_x, cross_y)
        self.plot.setRange(xRange=(0, max(self._steps, 1)), yRange=(lo, hi), padding=0.06)
        self.set_step(self._k)

    def set_step(self, k: int) -> None:
        self._k = k
        self.cursor.setValue(k)
        width = self._table.shape[1]
        column = self._table[:, min(max(k, 0), width - 1)].tolist() if width else []
        inside = 0 <= k < width
        self.dots.set_points([(float(k), v) if inside and math.isfinite(v) else None
                              for v in column])
