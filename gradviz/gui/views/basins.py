"""The basins view: one or two optimizers' basin maps side by side (engine ``Basins``).

Each map colours every start by the minimum it reached (Okabe-Ito colours, colour-blind safe;
grey: diverged; black: did not arrive), with a legend naming each minimum, its coordinates and
its share of the starts. "Steps needed" switches both maps to the arrival step on one shared
sequential scale (viridis, with a colour bar); starts without a minimum keep grey and black.
A minimum found at the same place (within the tolerance) has the same colour in both maps.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout,
                               QWidget)

from gradviz.engine.basins import DIVERGED, NOT_ARRIVED
from gradviz.gui import theme
from gradviz.gui.views.pixels import SharpScatter

# Okabe-Ito without black (black means "did not arrive"); repeats after seven minima.
MINIMUM_COLORS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
DIVERGED_COLOR = "#9A9A9A"
NOT_ARRIVED_COLOR = "#000000"
STEPS_COLORMAP = theme.COLORMAP
LEGEND_ROWS = 9  # more minima than this: the rest are summed in one line


def _rgb(hex_color):
    return [int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]


def colour_keys(results, tol_of=lambda r: r.tol):
    """A colour index per minimum of each result, equal for minima within tol of each other.

    Returns a list (per result) of lists of ints indexing MINIMUM_COLORS (modulo its length).
    """
    places, keys = [], []
    for r in results:
        mine = []
        for m in r.minima:
            for i, (x, y) in enumerate(places):
                if np.hypot(m.x - x, m.y - y) <= tol_of(r):
                    mine.append(i)
                    break
            else:
                places.append((m.x, m.y))
                mine.append(len(places) - 1)
        keys.append(mine)
    return keys


def class_image(labels, keys):
    """An RGBA uint8 image (ny, nx, 4) of ``labels`` with the colours of ``keys``."""
    lut = np.array([_rgb(MINIMUM_COLORS[k % len(MINIMUM_COLORS)]) for k in keys] +
                   [_rgb(NOT_ARRIVED_COLOR), _rgb(DIVERGED_COLOR)], dtype=np.uint8).reshape(-1, 3)
    # labels -2 and -1 index the last two rows
    rgb = lut[labels]
    return np.dstack([rgb, np.full(labels.shape, 255, np.uint8)])


class BasinMap(QWidget):
    """One optimizer's map: a title, the image, the minima as stars, a legend below."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel()
        self.title.setFont(theme.font(theme.TITLE_PT, bold=True))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plot = pg.PlotWidget(enableMenu=False)
        self.plot.setAspectLocked(False)
        self.plot.setMenuEnabled(False)
        for side in ("left", "bottom"):
            axis = self.plot.getAxis(side)
            axis.setTickFont(theme.font(theme.AXIS_PT))
        style = {"font-size": f"{theme.LABEL_PT}pt"}
        self.plot.setLabel("bottom", "x of the start", **style)
        self.plot.setLabel("left", "y of the start", **style)
        self.classes = pg.ImageItem(axisOrder="row-major")
        self.steps = pg.ImageItem(axisOrder="row-major")
        self.steps.setColorMap(pg.colormap.get(STEPS_COLORMAP))
        self.steps.setZValue(1)
        self.stars = SharpScatter(symbol="star", size=22, pen=pg.mkPen("#000000", width=2),
                                  brush=pg.mkBrush("#FFFFFF"))   # outlines as thick at 2x
        self.stars.setZValue(2)
        for item in (self.classes, self.steps, self.stars):
            self.plot.addItem(item)
        self.legend = QGridLayout()
        self.legend.setHorizontalSpacing(8)
        self.legend.setVerticalSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addLayout(self.legend)
        self.result = None

    def set_result(self, result, title, keys, steps_levels):
        self.result = result
        self.title.setText(title)
        (x0, x1), (y0, y1) = _extent(result)
        rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        self.classes.setImage(class_image(result.labels, keys), autoLevels=False)
        self.classes.setRect(rect)
        steps = np.where(result.steps >= 0, result.steps, np.nan).astype(float)
        self.steps.setImage(steps, autoLevels=False, levels=steps_levels)
        self.steps.setRect(rect)
        xy = np.array([(m.x, m.y) for m in result.minima], dtype=float).reshape(-1, 2)
        self.stars.setData(xy[:, 0], xy[:, 1])
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.02)
        self._fill_legend(result, keys)

    def show_steps(self, on):
        self.steps.setVisible(on)

    def legend_texts(self):
        """The legend's lines as shown (for tests and screen readers)."""
        out = []
        for i in range(self.legend.count()):
            w = self.legend.itemAt(i).widget()
            if isinstance(w, QLabel) and w.text() and not w.property("swatch"):
                out.append(w.text())
        return out

    def _fill_legend(self, result, keys):
        while self.legend.count():
            w = self.legend.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        total = result.labels.size
        rows = []
        for i, m in enumerate(result.minima):
            rows.append((MINIMUM_COLORS[keys[i] % len(MINIMUM_COLORS)],
                         f"({_num(m.x)}, {_num(m.y)})  f = {_value(m.f)}",
                         result.counts.get(i, 0)))
        if len(rows) > LEGEND_ROWS:
            rest = sum(c for _, _, c in rows[LEGEND_ROWS - 1:])
            rows = rows[:LEGEND_ROWS - 1] + [("#FFFFFF", f"{len(rows) - LEGEND_ROWS + 1} more "
                                              "minima", rest)]
        rows.append((DIVERGED_COLOR, "diverged", result.counts.get(DIVERGED, 0)))
        rows.append((NOT_ARRIVED_COLOR, "did not arrive", result.counts.get(NOT_ARRIVED, 0)))
        half = (len(rows) + 1) // 2  # two columns of entries keep the legend short
        for n, (colour, text, count) in enumerate(rows):
            r, c = n % half, 2 * (n // half)
            swatch = QLabel()
            swatch.setProperty("swatch", True)
            swatch.setFixedSize(22, 22)
            swatch.setStyleSheet(f"background: {colour}; border: 1px solid #202020;")
            label = QLabel(f"{text}: {100 * count / total:.1f} %")
            label.setFont(theme.font(theme.LABEL_PT))
            self.legend.addWidget(swatch, r, c)
            self.legend.addWidget(label, r, c + 1)


def _num(v):
    """Two decimals, never "-0.00"."""
    text = f"{v:.2f}"
    return text[1:] if text == "-0.00" else text


def _value(f):
    """Three significant digits; a found minimum's round-off (|f| < 1e-12) reads as 0."""
    return "0" if abs(f) < 1e-12 else f"{f:.3g}"


def _extent(result):
    """The domain covered by the cells whose centres are xs, ys."""
    def edges(v):
        half = (v[1] - v[0]) / 2 if len(v) > 1 else 0.5
        return float(v[0] - half), float(v[-1] + half)
    return edges(result.xs), edges(result.ys)


class BasinsView(QWidget):
    """Up to two BasinMaps side by side, a "steps needed" toggle and one colour bar."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.steps_toggle = QCheckBox("Show steps needed instead of the minimum reached")
        self.steps_toggle.setFont(theme.font(theme.LABEL_PT))
        self.steps_toggle.toggled.connect(self._show_steps)
        self.note = QLabel()
        self.note.setFont(theme.font(theme.LABEL_PT))
        self.note.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        top.addWidget(self.steps_toggle)
        top.addStretch(1)
        top.addWidget(self.note)
        layout.addLayout(top)
        maps = QHBoxLayout()
        self.maps = [BasinMap(), BasinMap()]
        for m in self.maps:
            maps.addWidget(m, 1)
        self.bar = pg.GraphicsLayoutWidget()
        self.bar.setFixedWidth(110)
        self.colorbar = pg.ColorBarItem(values=(0, 1), colorMap=STEPS_COLORMAP, width=22,
                                        interactive=False, label="steps needed")
        self.colorbar.axis.setTickFont(theme.font(theme.AXIS_PT))
        self.bar.addItem(self.colorbar)
        maps.addWidget(self.bar)
        layout.addLayout(maps, 1)
        self.results = []
        self._show_steps(False)

    def set_results(self, results, titles):
        """Show ``results`` (1 or 2 engine Basins) under ``titles``."""
        self.results = list(results)
        keys = colour_keys(self.results)
        most = max([int(r.steps.max()) for r in self.results] + [1])
        for i, m in enumerate(self.maps):
            m.setVisible(i < len(self.results))
            if i < len(self.results):
                m.set_result(self.results[i], titles[i], keys[i], (0, most))
        self.colorbar.setLevels((0, most))
        r = self.results[0]
        self.note.setText(f"{r.labels.shape[1]} x {r.labels.shape[0]} starts, {r.n_steps} steps;"
                          f" arrived: within {r.tol:.3g} of a minimum, |∇f| ≤ {r.grad_tol:g}")
        self._show_steps(self.steps_toggle.isChecked())

    def _show_steps(self, on):
        for m in self.maps:
            m.show_steps(on)
        self.bar.setVisible(on)
