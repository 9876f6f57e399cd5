"""One plot of the slices view (views/slices.py): the slice of f along one axis through the
probe, its dashed tangent, the probe's marker, and the slope under the plot.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from gradviz.gui import theme
from gradviz.gui.views.pixels import RatioCurve, SharpScatter
from gradviz.gui.views.plot_parts import FittingAxis, set_tick_font
from gradviz.gui.views.readout import format_number

# The slice is Okabe-Ito blue on white (5:1), sky blue on black (style.slice_color); the
# tangent Okabe-Ito vermillion, dashed: distinct from the slice and the probe.
TANGENT_COLOR = "#D55E00"
SLICE_WIDTH = 2.5           # normal size; presentation mode scales them with the curves
MARKER_SIZE = 13
NBSP = "\u00a0"


def _y_range(values: np.ndarray, f0: float) -> tuple[float, float]:
    """min and max of the finite values and the probe's f; (0, 1) if there are none."""
    finite = values[np.isfinite(values)]
    if math.isfinite(f0):
        finite = np.append(finite, f0)
    if not finite.size:
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    if hi - lo <= 1e-12 * max(abs(lo), abs(hi), 1.0):   # a constant slice: centre it
        pad = max(abs(lo), 1.0) * 0.5
        lo, hi = lo - pad, hi + pad
    return lo, hi


def _clip_segment(u: tuple, f: tuple, lo: float, hi: float) -> tuple[list, list]:
    """The tangent segment ((u0, u1), (f0, f1)) cut to lo <= f <= hi along its own line, so a
    steep tangent stays a straight line through the probe without huge coordinates."""
    (u0, u1), (f0, f1) = u, f
    if f1 == f0:
        return [u0, u1], [f0, f1]
    ts = sorted(((lo - f0) / (f1 - f0), (hi - f0) / (f1 - f0)))
    t0, t1 = max(ts[0], 0.0), min(ts[1], 1.0)
    if t0 >= t1:
        return [], []
    return ([u0 + t0 * (u1 - u0), u0 + t1 * (u1 - u0)],
            [f0 + t0 * (f1 - f0), f0 + t1 * (f1 - f0)])


class SlicePlot:
    """One slice: the curve, its dashed tangent, the probe marker and the slope text."""

    def __init__(self, graphics: pg.GraphicsLayoutWidget, col: int, axis: str, partial: str):
        self.axis = axis                      # "x" or "y" ("w", "b"): the variable along it
        self.partial = partial                # "\u2202f/\u2202x"
        self.f = "f"                          # the value's name: "L" for a regression loss
        self.plot: pg.PlotItem = graphics.addPlot(row=0, col=col, enableMenu=False,
                                                  axisItems={"left": FittingAxis()})
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.disableAutoRange()
        for name in ("left", "bottom"):
            self.plot.getAxis(name).enableAutoSIPrefix(False)
        # as thick at 2x as at 1x (views/pixels.py)
        self.curve = RatioCurve(connect="finite", antialias=True)
        self.tangent = RatioCurve(antialias=True)
        self.marker = SharpScatter(pxMode=True, antialias=True, symbol="o",
                                   brush=pg.mkBrush(TANGENT_COLOR),
                                   pen=pg.mkPen(theme.MARKER_OUTLINE, width=2))
        for z, item in enumerate((self.curve, self.tangent, self.marker)):
            item.setZValue(z)
            self.plot.addItem(item)
        self.slope_text = None
        self.title_text = ""
        self._x_range = None
        self.apply_style(theme.current())

    def apply_style(self, style) -> None:
        """Axes, pens, marker and texts in ``style`` (a ``theme.Style``)."""
        self.style = style
        for name in ("left", "bottom"):
            ax = self.plot.getAxis(name)
            set_tick_font(ax, theme.font(theme.AXIS_PT))
            ax.setPen(pg.mkPen(style.foreground))
            ax.setTextPen(pg.mkPen(style.foreground))
        width = SLICE_WIDTH * style.curve_width / 2.5
        self.curve.setPen(pg.mkPen(style.slice_color, width=width))
        self.tangent.setPen(pg.mkPen(TANGENT_COLOR, width=width, style=Qt.PenStyle.DashLine))
        self.marker.setSize(MARKER_SIZE * style.dot_size / 11)
        title, slope = self.title_text, self.slope_text
        self.title_text = self.slope_text = None    # re-set them in the new colours and size
        self._label = None
        self._set_title(title)
        self._set_slope(slope or "")

    def show(self, us, fs, probe_u: float, f0: float, slope: float, tangent, title: str):
        us = np.asarray(us, dtype=float)
        fs = np.asarray(fs, dtype=float)
        lo, hi = _y_range(fs, f0)
        with np.errstate(over="ignore"):     # values near 1e308 make the margin overflow
            span = min(hi - lo, 1e300)
        # inf is drawn as leaving the plot; NaN (undefined) as a gap.
        shown = np.where(np.isinf(fs), np.where(fs > 0, hi + span, lo - span), fs)
        self.curve.setData(us, shown)
        if tangent is None:
            self.tangent.setData([], [])
        else:
            self.tangent.setData(*_clip_segment(tangent[0], tangent[1], lo - span, hi + span))
        if math.isfinite(f0):
            self.marker.setData([probe_u], [f0])
        else:
            self.marker.setData([], [])
        if us.size > 1 and (us[0], us[-1]) != self._x_range:   # the domain: rarely changes
            self._x_range = (us[0], us[-1])
            self.plot.setXRange(float(us[0]), float(us[-1]), padding=0.0)
        self.plot.setYRange(lo, hi, padding=0.1)
        self._set_title(title)
        self._set_slope(f"slope {self.partial} = {format_number(slope)}")

    def clear(self) -> None:
        for item in (self.curve, self.tangent, self.marker):
            item.setData([], [])
        self._set_title(f"{self.f} along {self.axis}")
        self._set_slope("")

    def rename(self, axis: str, partial: str, f: str) -> None:
        """New names for the variable along the slice, its partial derivative and the value
        (the axis label is redone with the next slope)."""
        self.axis, self.partial, self.f = axis, partial, f
        self.slope_text = None

    def _set_title(self, text: str) -> None:
        if text != self.title_text:
            self.title_text = text
            self.plot.setTitle(text, size=f"{self.style.pt(theme.LABEL_PT):g}pt",
                               color=self.style.foreground)

    def _set_slope(self, text: str) -> None:
        """The slope goes in the axis label ("x   - - slope df/dx = 3.000"), under the plot,
        where it never covers the curve; the dashes in the tangent's colour say which line."""
        if text != self.slope_text:
            self.slope_text = text
            self.fit_label()

    def fit_label(self, width: float | None = None) -> None:
        """The axis label at full length if it fits under the plot (``width`` pixels, default
        the axis's own), else without the word "slope" and the gap: a label longer than its
        axis is cut at both ends."""
        text = self.slope_text
        if width is None:
            width = self.plot.getAxis("bottom").width()
        dash = "\u2505\u2505"
        label = self.axis
        if text:
            full = f"{self.axis}{NBSP * 6}{dash} {text}"
            metrics = QFontMetrics(theme.font(theme.LABEL_PT))
            short = text.removeprefix("slope ")
            label = full if metrics.horizontalAdvance(full) <= width - 4 else \
                f"{self.axis}{NBSP * 2}{dash} {short}"
        if label != getattr(self, "_label", None):
            self._label = label
            html = label.replace(dash, f'<span style="color:{TANGENT_COLOR}; '
                                       f'font-weight:bold">{dash}</span>')
            self.plot.getAxis("bottom").setLabel(
                html, **{"font-size": f"{self.style.pt(theme.LABEL_PT):g}pt",
                         "color": self.style.foreground})

    def label_text(self) -> str:
        """The axis label as shown, without its markup (tests)."""
        return getattr(self, "_label", self.axis)
