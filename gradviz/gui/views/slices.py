"""Slices through the probe: f along x (y fixed) and f along y (x fixed), each with its tangent
line, whose slope is one partial derivative; above them, one line with f, both partial
derivatives and |grad f| at the probe.

The widget shows an engine ``Slices`` (``gradviz.engine.probe``) and computes nothing but the
display range. ``set_slices`` runs on every mouse move over a landscape: it only calls setData,
setRange and setText on items created once.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from gradviz.gui import theme
from gradviz.gui.views.readout import format_number

# The slice is Okabe-Ito blue on white (5:1), sky blue on black (style.slice_color); the
# tangent Okabe-Ito vermillion, dashed: distinct from the slice and the probe.
TANGENT_COLOR = "#D55E00"
SLICE_WIDTH = 2.5           # normal size; presentation mode scales them with the curves
MARKER_SIZE = 13
HINT = "Hover over a landscape or drag the probe"
PARTIAL = "\u2202"
NABLA = "\u2207"
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


class _SlicePlot:
    """One slice: the curve, its dashed tangent, the probe marker and the slope text."""

    def __init__(self, graphics: pg.GraphicsLayoutWidget, col: int, axis: str, partial: str):
        self.axis = axis                      # "x" or "y": the variable along the slice
        self.partial = partial                # "\u2202f/\u2202x"
        self.plot: pg.PlotItem = graphics.addPlot(row=0, col=col, enableMenu=False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.disableAutoRange()
        for name in ("left", "bottom"):
            self.plot.getAxis(name).enableAutoSIPrefix(False)
        self.curve = pg.PlotCurveItem(connect="finite", antialias=True)
        self.tangent = pg.PlotCurveItem(antialias=True)
        self.marker = pg.ScatterPlotItem(pxMode=True, antialias=True, symbol="o",
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
            ax.setStyle(tickFont=theme.font(theme.AXIS_PT))
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
        self._set_title(f"f along {self.axis}")
        self._set_slope("")

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


class SlicesView(QWidget):
    """f(x, y\u2080) along x and f(x\u2080, y) along y, side by side, under one line of numbers."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.source_label = QLabel(self)
        self.source_label.setFont(theme.font(theme.READOUT_PT, bold=True))
        self.source_label.setStyleSheet(f"QLabel {{ color: #FFFFFF; background: "
                                        f"{theme.MUTED_TEXT}; border-radius: 5px; "
                                        "padding: 1px 7px; }")   # a chip: the same in both themes
        self.readout = QLabel(self)
        self.readout.setFont(theme.font(theme.READOUT_PT))
        # Free to shrink: _fit_readout() breaks the line itself when the dock is narrow.
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._fields: tuple[str, ...] = ()
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.setContentsMargins(8, 0, 8, 0)
        top.setSpacing(8)
        top.addWidget(self.source_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.readout, 1)
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.ci.layout.setContentsMargins(2, 0, 8, 2)
        self.graphics.setBackground(theme.current().background)
        self.x_plot = _SlicePlot(self.graphics, 0, "x", f"{PARTIAL}f/{PARTIAL}x")
        self.y_plot = _SlicePlot(self.graphics, 1, "y", f"{PARTIAL}f/{PARTIAL}y")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.graphics, 1)
        self.slices = None
        self.set_source("")
        self.set_slices(None)

    def apply_style(self, style) -> None:
        """Background, axes, pens and texts in ``style``; the slices shown stay."""
        self.graphics.setBackground(style.background)
        self.x_plot.apply_style(style)
        self.y_plot.apply_style(style)
        self._fit_readout()

    def set_slices(self, slices) -> None:
        """Show an engine ``Slices`` (see ``gradviz.engine.probe``); None clears the plots and
        shows a hint."""
        self.slices = slices
        if slices is None:
            self.x_plot.clear()
            self.y_plot.clear()
            self._set_readout(HINT)
            return
        p = slices.probe
        x0, y0 = format_number(p.x), format_number(p.y)
        self.x_plot.show(slices.xs, slices.f_along_x, p.x, p.f, p.dfdx, slices.tangent_x,
                         f"f(x, y\u2080 = {y0}) along x")
        self.y_plot.show(slices.ys, slices.f_along_y, p.y, p.f, p.dfdy, slices.tangent_y,
                         f"f(x\u2080 = {x0}, y) along y")
        fields = (f"at ({x0}, {y0}):", f"f = {format_number(p.f)}",
                  f"{PARTIAL}f/{PARTIAL}x = {format_number(p.dfdx)}",
                  f"{PARTIAL}f/{PARTIAL}y = {format_number(p.dfdy)}",
                  f"|{NABLA}f| = {format_number(p.grad_norm)}")
        self._set_readout(*fields)

    def set_source(self, text: str) -> None:
        """Where the probe point comes from, e.g. "cursor" or "probe" (shown before the numbers)."""
        self.source_label.setText(text)
        self.source_label.setVisible(bool(text))

    def _set_readout(self, *fields: str) -> None:
        self._fields = fields
        self._fit_readout()

    def _fit_readout(self) -> None:
        """One line if it fits; else two: the point, f and |grad f|, then the two partial
        derivatives (at 13 pt all five fields need ~750 px, a dock beside the landscape
        350-600); still too wide, as many fields to a line as fit."""
        metrics = QFontMetrics(self.readout.font())
        room = self.readout.contentsRect().width()

        def fits(line):
            return metrics.horizontalAdvance(line) <= room

        text = self.readout_text()
        if len(self._fields) == 5 and not fits(text):
            point, f, dfdx, dfdy, norm = self._fields
            lines = [f"{point}  {f},  {norm}", f"{dfdx},  {dfdy}"]
            if not all(map(fits, lines)):
                lines = [f"{point}  {f}"]
                for field in (dfdx, dfdy, norm):
                    joined = f"{lines[-1]},  {field}" if len(lines) > 1 else ""
                    if joined and fits(joined):
                        lines[-1] = joined
                    else:
                        lines.append(field)
            text = "\n".join(lines)
        if text != self.readout.text():
            self.readout.setText(text)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_readout()
        # The plots' axes are laid out later: fit the labels to half the width, less the y
        # axis and the margins (about what each bottom axis gets).
        for plot in (self.x_plot, self.y_plot):
            plot.fit_label(self.graphics.width() / 2 - plot.plot.getAxis("left").width() - 10)

    # --- read-back (tests, accessibility) ------------------------------------------------

    def readout_text(self) -> str:
        """The numbers (or the hint) as one line, however they are wrapped on screen."""
        head, *rest = self._fields
        return "  ".join([head, ",  ".join(rest)]) if rest else head

    def source_text(self) -> str:
        return self.source_label.text()

    def titles(self) -> tuple[str, str]:
        return self.x_plot.title_text, self.y_plot.title_text

    def slope_texts(self) -> tuple[str, str]:
        return self.x_plot.slope_text, self.y_plot.slope_text
