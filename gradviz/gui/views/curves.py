"""Linked curves: f against step and |grad f| against step, one curve per panel, a cursor at the
current step. Clicking or dragging in either plot asks to move the timeline there.

The widget computes nothing about the runs: it shows the arrays it is given. Its only arithmetic
is for display: log10 of the values in log mode (the y axes use log ticks; 0, which is at
-infinity there, is drawn as a fall off the bottom of the plot: |grad f| = 0 at a minimum), and
the y range (which a diverged run does not get to stretch: see ``_y_limits``).
"""

from __future__ import annotations

import html
import math
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gradviz.gui import theme
from gradviz.gui.views.device_curve import DeviceCurve
from gradviz.gui.views.markers import MarkerSet, StaticScatter, StepCursor
from gradviz.gui.views.plot_parts import LogAxis, StepViewBox

CURSOR_COLOR = theme.FOREGROUND   # the light theme's (style.foreground follows the theme)
REACH = 1.0
"""How far (in spans of the well-behaved runs) the y range stretches towards a diverged run."""


class CurveSeries(NamedTuple):
    """One panel's run. values (n+1,): f at steps 0..n; grad_norms (n+1,): |grad f| there;
    diverged_at: the first step whose point or value is not finite, or None."""

    label: str
    color: str
    values: np.ndarray
    grad_norms: np.ndarray
    diverged_at: int | None


def _finite_prefix(y, diverged_at) -> np.ndarray:
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


class _Plot:
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
        for name, label in self.labels.items():
            axis = self.plot.getAxis(name)
            axis.setStyle(tickFont=theme.font(theme.AXIS_PT))
            axis.setPen(pg.mkPen(style.foreground))
            axis.setTextPen(pg.mkPen(style.foreground))
            axis.setLabel(label, **{"font-size": f"{style.pt(theme.LABEL_PT):g}pt",
                                    "color": style.foreground})
        self.cursor.set_pen(pg.mkPen(style.foreground, width=2 * style.font_scale))
        self.dots.set_size(style.dot_size)
        self.crosses.setSize(style.cross_size)
        for curve, color in zip(self.curves, self.colors):
            curve.setPen(pg.mkPen(color, width=style.curve_width))

    def set_series(self, ys: list[np.ndarray], colors: list[str], diverged: list,
                   steps: int) -> None:
        self.shown = ys
        self._steps = steps
        while len(self.curves) < len(ys):
            curve = DeviceCurve(antialias=True)   # drawn in pixels: 20x faster (device_curve)
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


class CurvesView(QWidget):
    """f and |grad f| against step, side by side.

    Signals: ``step_requested(int)`` on a left click or drag in either plot (the nearest step,
    clamped to [0, steps]); ``log_changed(str, bool)`` with key "log_f" or "log_grad" when the
    user ticks a log box (the widget has already applied it).
    """

    step_requested = Signal(int)
    log_changed = Signal(str, bool)

    KEYS = ("log_f", "log_grad")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.legend = QLabel(self)
        self.legend.setFont(theme.font(theme.LABEL_PT))
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.checks = {key: QCheckBox(text, self) for key, text in
                       zip(self.KEYS, ("log f", "log |\u2207f|"))}
        top = QHBoxLayout()
        top.setContentsMargins(8, 0, 8, 0)
        top.addWidget(self.legend, 1)
        for key, box in self.checks.items():
            box.setFont(theme.font(theme.LABEL_PT))
            box.toggled.connect(lambda on, key=key: self._on_toggled(key, on))
            top.addWidget(box)
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.ci.layout.setContentsMargins(2, 8, 8, 2)
        self.graphics.setBackground(theme.current().background)
        self.f_plot = _Plot(self.graphics, 0, "f", self._on_x)
        self.grad_plot = _Plot(self.graphics, 1, "|\u2207f|", self._on_x)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.graphics, 1)
        self._wanted = {"log_f": False, "log_grad": True}   # what the user or program asked
        self._f_positive = True
        self._steps = -1
        self._step = 0
        self._last_emitted: int | None = None
        self.set_curves([])

    def apply_style(self, style) -> None:
        """Background, axes, line widths and markers in ``style``; the data stay."""
        self.graphics.setBackground(style.background)
        self.f_plot.apply_style(style)
        self.grad_plot.apply_style(style)

    # --- data ----------------------------------------------------------------------------

    def set_curves(self, series: list[CurveSeries]) -> None:
        """Show these runs (replacing any shown before); the cursor stays at its step."""
        series = list(series)
        colors = [s.color for s in series]
        diverged = [s.diverged_at for s in series]
        fs = [_finite_prefix(s.values, s.diverged_at) for s in series]
        gs = [_finite_prefix(s.grad_norms, s.diverged_at) for s in series]
        self._steps = max((len(np.asarray(s.values).reshape(-1)) - 1 for s in series), default=-1)
        self._f_positive = all(bool((f > 0).all()) for f in fs)
        self._apply_log()
        self.f_plot.set_series(fs, colors, diverged, self._steps)
        self.grad_plot.set_series(gs, colors, diverged, self._steps)
        self.legend.setText("&nbsp;&nbsp;&nbsp;".join(
            f'<span style="color:{html.escape(s.color)}">\u2501\u2501</span>&nbsp;'
            f"{html.escape(s.label)}" for s in series))
        self.set_step(self._step)

    def set_step(self, k: int) -> None:
        """Move the cursor and the dots to step k (called every animation frame)."""
        self._step = int(k)
        self.f_plot.set_step(self._step)
        self.grad_plot.set_step(self._step)

    # --- log scales ----------------------------------------------------------------------

    def set_log(self, log_f: bool | None = None, log_grad: bool | None = None) -> None:
        """Set the log scales from the program (no ``log_changed``); None leaves one as it is.

        A log f asked for while some f shown is <= 0 is remembered and applied once every f
        shown is positive again.
        """
        for key, value in (("log_f", log_f), ("log_grad", log_grad)):
            if value is not None:
                self._wanted[key] = bool(value)
        self._apply_log()

    def log_state(self) -> dict[str, bool]:
        """The scales in effect: {"log_f": bool, "log_grad": bool}."""
        return {"log_f": self.f_plot.log, "log_grad": self.grad_plot.log}

    def _apply_log(self) -> None:
        """Boxes and plots to the scales asked for, log f only while every f shown is > 0."""
        effective = {"log_f": self._wanted["log_f"] and self._f_positive,
                     "log_grad": self._wanted["log_grad"]}
        f_box = self.checks["log_f"]
        f_box.setEnabled(self._f_positive)
        f_box.setToolTip("Log scale for f" if self._f_positive else
                         "Log scale needs f > 0: some value of f shown here is zero or negative")
        for key, box in self.checks.items():
            box.blockSignals(True)
            box.setChecked(effective[key])
            box.blockSignals(False)
        self.f_plot.set_log(effective["log_f"])
        self.grad_plot.set_log(effective["log_grad"])

    def _on_toggled(self, key: str, on: bool) -> None:
        self._wanted[key] = on
        self._apply_log()
        self.log_changed.emit(key, on)

    # --- the mouse -----------------------------------------------------------------------

    def step_at(self, x: float) -> int | None:
        """The step nearest to x, clamped to [0, steps]; None when nothing is shown."""
        if self._steps < 0 or not np.isfinite(x):
            return None
        return int(min(max(round(x), 0), self._steps))

    def _on_x(self, x: float, finished: bool) -> None:
        k = self.step_at(x)
        if k is not None and k != self._last_emitted:
            self.step_requested.emit(k)
        self._last_emitted = None if finished else k

    # --- read-back (tests, accessibility) ------------------------------------------------

    def cursor_step(self) -> int:
        """Where the cursor is drawn (both plots agree)."""
        return int(round(self.f_plot.cursor.value()))

    def steps(self) -> int:
        """The last step of the longest run shown; -1 when nothing is shown."""
        return self._steps
