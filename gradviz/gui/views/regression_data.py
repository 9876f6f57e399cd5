"""The data of the regression mode and each panel's current fitted line y = w*x + b.

A scatter of the points (floor area against price for the bundled houses), one line per panel
in the panel's colour, and a legend naming them. ``set_data`` runs when the data set changes;
``set_lines`` runs on every animation frame and only calls setData on items made once (a new
item only when the number of panels changes, legend text only when a label changes).

Lines are always drawn in the data's units. With feature scaling on, the optimizer's (w', b')
are for the standardised x' = (x - mu)/sigma: after ``set_feature_scaling(mu, sigma)`` the view
draws y = w'*(x - mu)/sigma + b', the same line in the units of the axes.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gradviz.engine.names import title_forms
from gradviz.gui import theme
from gradviz.gui.views.house_marks import HouseMarks
from gradviz.gui.views.pixels import RatioCurve
from gradviz.gui.views.plot_parts import StillSample, set_tick_font

POINT_COLOR = "#303030"
POINT_SIZE = 11
LINE_WIDTH = 4.0
LINE_HALO = "#111111"       # a thin dark edge: orange and yellow lines still read on white
LINE_HALO_WIDTH = 6.5
X_LABEL = "floor area (m\u00b2)"
Y_LABEL = "price (thousands)"
LEGEND_OFFSET = 12    # px between the legend and the plot's edge
LEGEND_SCALES = (1.0, 0.85, 0.7)   # of the label size, when the shortest spelling is too wide
CAPTION_BELOW = 320   # px: a shorter view names the lines in a caption above the plot, since
                      # a legend box inside it would cover the points


def _range(values: np.ndarray) -> tuple[float, float]:
    """The axis range for ``values``: their span plus 6 %, stretched to 0 when the values sit
    on one side of 0 not far from it, so the intercept b (the line at x = 0) is on screen."""
    lo, hi = float(values.min()), float(values.max())
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    if 0 < lo < span:
        lo = 0.0
    elif -span < hi < 0:
        hi = 0.0
    pad = 0.06 * (hi - lo if hi > lo else span)
    return lo - pad, hi + pad


class RegressionDataView(QWidget):
    """The points (x_i, y_i) and one fitted line per panel, with axis labels in units."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot_widget = pg.PlotWidget(self, enableMenu=False)
        self.plot: pg.PlotItem = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.disableAutoRange()
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setContentsMargins(4, 12, 16, 4)   # the top tick label and the right end free
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            set_tick_font(axis, theme.font(theme.AXIS_PT))
            axis.enableAutoSIPrefix(False)
        # the points (draggable), each house's residual, the batch's rings: house_marks.py
        self.marks = HouseMarks(self.plot, dict(pxMode=True, antialias=True, symbol="o",
                                                size=POINT_SIZE, brush=pg.mkBrush(POINT_COLOR),
                                                pen=pg.mkPen("#FFFFFF", width=1.2)))
        self.points = self.marks.points          # on top of every line
        self.legend = pg.LegendItem(offset=(12, 12), labelTextSize=f"{theme.LABEL_PT}pt",
                                    labelTextColor=theme.FOREGROUND, verSpacing=-4,
                                    brush=pg.mkBrush(255, 255, 255, 225),
                                    pen=pg.mkPen("#B0B0B0"), sampleType=StillSample)
        self.legend.setParentItem(self.plot.getViewBox())
        self.lines: list[pg.PlotCurveItem] = []
        self._halos: list[pg.PlotCurveItem] = []
        self._labels: list[str] = []
        self._shown = None   # (texts, pt) the legend box shows
        self._fitted = None  # (room, labels, pt) it was fitted to
        self._colors: list[str] = []
        self._scaling: tuple[float, float] | None = None
        self._x_span = (0.0, 1.0)
        self._axis_labels = (X_LABEL, Y_LABEL)
        self.apply_style(theme.current())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_widget)

    def apply_style(self, style) -> None:
        """Background, axes, legend and labels in ``style`` (a ``theme.Style``)."""
        self.plot_widget.setBackground(style.background)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            set_tick_font(axis, theme.font(theme.AXIS_PT))
            axis.setPen(pg.mkPen(style.foreground))
            axis.setTextPen(pg.mkPen(style.foreground))
        self.legend.setBrush(pg.mkBrush(style.box_fill))
        self.legend.setLabelTextColor(style.foreground)
        self._fitted = None   # measured again in the new type, and coloured
        self.set_axis_labels(*self._axis_labels)
        self._place_legend()

    def set_axis_labels(self, x_label: str, y_label: str) -> None:
        """Axis titles, with their units: "floor area (m²)", "price (thousands)"."""
        self._axis_labels = (x_label, y_label)
        current = theme.current()
        style = {"font-size": f"{current.pt(theme.LABEL_PT):g}pt", "color": current.foreground}
        self.plot.setLabel("bottom", x_label, **style)
        self.plot.setLabel("left", y_label, **style)

    def set_data(self, x, y) -> None:
        """Show the points ``x``, ``y`` (arrays (n,), the data's units) and fit the view to them."""
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        self.points.setData(x, y)
        if x.size:
            self._x_span = _range(x)
            self.plot.setXRange(*self._x_span, padding=0.0)
            self.plot.setYRange(*_range(y), padding=0.0)

    def set_legend_corner(self, corner: str) -> None:
        """"top_left" (the default), "top_right", "bottom_right" or "bottom_left": put the
        legend where it hides no point (bottom right for data that rise to the right)."""
        right, bottom = "right" in corner, "bottom" in corner
        self.legend.anchor(itemPos=(int(right), int(bottom)), parentPos=(int(right), int(bottom)),
                           offset=(-LEGEND_OFFSET if right else LEGEND_OFFSET,
                                   -LEGEND_OFFSET if bottom else LEGEND_OFFSET))

    def set_feature_scaling(self, scaling: tuple[float, float] | None) -> None:
        """``(mu, sigma)``: the (w, b) given to ``set_lines`` are for x' = (x - mu)/sigma;
        None: they are in the data's units."""
        self._scaling = None if scaling is None else (float(scaling[0]), float(scaling[1]))

    def set_lines(self, lines) -> None:
        """One line per panel: ``lines`` is a sequence of ``(w, b, color, label)``; a line
        whose w or b is not finite (a diverged run) is hidden."""
        lines = list(lines)
        while len(self.lines) < len(lines):
            self._add_line()
        x0, x1 = self._x_span
        xs = np.array([x0, x1])
        for i, (curve, halo) in enumerate(zip(self.lines, self._halos)):
            if i >= len(lines):
                curve.setData([], [])
                halo.setData([], [])
                continue
            w, b, color, label = lines[i]
            ys = self._line_y(float(w), float(b), xs)
            if np.isfinite(ys).all():
                curve.setData(xs, ys)
                halo.setData(xs, ys)
            else:
                curve.setData([], [])
                halo.setData([], [])
            if color != self._colors[i]:
                self._colors[i] = color
                curve.setPen(pg.mkPen(color, width=LINE_WIDTH))
        self._set_legend([(line[3], i) for i, line in enumerate(lines)])

    def _line_y(self, w: float, b: float, xs: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            if self._scaling is not None:
                mu, sigma = self._scaling
                return w * (xs - mu) / sigma + b
            return w * xs + b

    def _add_line(self) -> None:
        # as thick at 2x as at 1x (views/pixels.py)
        halo = RatioCurve(antialias=True, pen=pg.mkPen(LINE_HALO, width=LINE_HALO_WIDTH))
        color = theme.panel_color(len(self.lines))
        curve = RatioCurve(antialias=True, pen=pg.mkPen(color, width=LINE_WIDTH))
        halo.setZValue(2 * len(self.lines))
        curve.setZValue(2 * len(self.lines) + 1)
        self.plot.addItem(halo)
        self.plot.addItem(curve)
        self._halos.append(halo)
        self.lines.append(curve)
        self._colors.append(color)

    def _set_legend(self, entries: list[tuple[str, int]]) -> None:
        labels = [label for label, _ in entries]
        if labels == self._labels:
            return
        self._labels = labels
        self._place_legend()

    def _fill_legend(self, texts: list[str], size: float) -> float:
        """The legend's rows with ``texts`` at ``size`` pt; its width in pixels."""
        self.legend.clear()
        self.legend.setLabelTextSize(f"{size:g}pt")
        for i, text in enumerate(texts):
            self.legend.addItem(self.lines[i], text)
        self.legend.updateSize()
        return self.legend.boundingRect().width()

    def _fit_legend(self) -> None:
        """The legend as wide as the plot allows: each label in its longest spelling that
        fits (``engine.names.title_forms``: "Gradient descent, lr 6.3e-6" -> "GD, lr
        6.3e-6" -> ...), then in smaller type (``LEGEND_SCALES``). At 1.4x type the full
        labels were wider than the data's plot in a 400-pixel dock: cut on the left. The
        type is the app's (theme.font), as the legend's labels draw it."""
        room = self.plot.getViewBox().width() - 2 * LEGEND_OFFSET
        full = theme.current().pt(theme.LABEL_PT)
        if self._fitted == (room, self._labels, full):
            return
        self._fitted = (room, list(self._labels), full)
        for scale in LEGEND_SCALES:
            size = full * scale
            metrics = QFontMetricsF(theme.font(theme.LABEL_PT * scale))
            widths = [metrics.horizontalAdvance(label) for label in self._labels]
            around = self._fill_legend(self._labels, size) - max(widths, default=0)
            texts = [next((form for form in title_forms(label)
                           if metrics.horizontalAdvance(form) + around <= room),
                          title_forms(label)[-1]) for label in self._labels]
            if self._fill_legend(texts, size) <= room:
                break
        self._shown = (texts, size)   # at the smallest size, whatever fits best

    def legend_texts(self) -> list[str]:
        """The labels as the legend box shows them now (shortened to fit), top to bottom."""
        return list(self._shown[0]) if self._shown and self.legend.isVisible() else []

    def _place_legend(self) -> None:
        """A legend box in a tall view; in a short one a caption line above the plot."""
        short = self.height() < CAPTION_BELOW
        self.legend.setVisible(bool(self._labels) and not short)
        if self._labels and not short:
            self._fit_legend()
        if short and self._labels:
            caption = "&nbsp;&nbsp;&nbsp;".join(
                f'<span style="color:{self._colors[i]}">\u2501\u2501</span> {label}'
                for i, label in enumerate(self._labels))
            style = theme.current()
            self.plot.setTitle(caption, size=f"{style.pt(theme.LABEL_PT):g}pt",
                               color=style.foreground)
        else:   # no text either: a hidden title's width still counted in the plot's
            self.plot.titleLabel.setText("")   # minimum (484 px: cut in a 460 px dock)
            self.plot.setTitle(None)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._labels:
            self._place_legend()

    def legend_labels(self) -> list[str]:
        """The legend's text, top to bottom (what a test or a screen reader reads)."""
        return list(self._labels)
