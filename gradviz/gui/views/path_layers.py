"""Extra optimizer paths on one landscape, for the overlay mode, with a legend.

A landscape draws its own panel's path with ``LandscapeItems``; in overlay mode the first view
also draws the other panels' paths as ``PathLayer`` objects and names every path in a legend.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from gradviz.gui import theme
from gradviz.gui.views.landscape_items import Z_CURRENT, Z_PATH, style_path
from gradviz.gui.views.markers import Marker, attach, detach
from gradviz.gui.views.path_item import PathItem
from gradviz.gui.views.plot_parts import StillSample


class PathLayer:
    """A path and its current point, in one colour; a diverged run ends in a warning cross."""

    def __init__(self, plot: pg.PlotItem, color, order: int):
        self.path = PathItem()
        self.path.setZValue(Z_PATH + 0.01 * order)
        self.current = Marker()
        self.current.setZValue(Z_CURRENT + 0.01 * order)
        self._plot = plot
        plot.addItem(self.path, ignoreBounds=True)
        attach(plot, self.current)
        self.color = color   # made with it, never changed: another colour is another layer
        self._diverged = None
        self._style(False)

    def _style(self, diverged: bool) -> None:
        if diverged == self._diverged:
            return
        self._diverged = diverged
        style_path(self.path, self.current, self.color, diverged)

    def apply_style(self) -> None:
        """The current style's widths and sizes (``theme.current()``)."""
        style_path(self.path, self.current, self.color, bool(self._diverged))

    def set_points(self, points: np.ndarray, diverged: bool, current=None) -> None:
        """The finite path so far (n, 2) to draw; the current point is ``current`` (x, y),
        by default the path's last row."""
        self._style(bool(diverged))
        self.path.set_points(points)
        if current is None and len(points):
            current = points[-1]
        self.current.set_point(*(tuple(map(float, current)) if current is not None
                                 else (None, None)))

    def remove(self) -> None:
        detach(self._plot, self.current)
        self._plot.removeItem(self.path)


class OverlayLegend:
    """A legend in the plot's top-right corner: a line in each path's colour and its name.

    Never wider than the plot (pyqtgraph's legend, anchored at the right, lost its left part,
    the names, on a narrow plot): the names in the shortest spelling level that fits all of
    them (``engine.names.title_forms``), then the statuses without their step, then none."""

    def __init__(self, plot: pg.PlotItem):
        self.legend = pg.LegendItem(offset=(-8, 8), verSpacing=-4, sampleType=StillSample)
        self._view_box = plot.getViewBox()
        self.legend.setParentItem(self._view_box)
        self.legend.setZValue(100)
        self._samples = []
        self._entries = []
        self._shown = []
        self.legend.hide()
        self._view_box.sigResized.connect(self._refit)
        self.apply_style(theme.current())

    def apply_style(self, style) -> None:
        """The legend box, text and line samples in ``style``."""
        self.legend.setBrush(pg.mkBrush(style.box_fill))
        self.legend.setPen(pg.mkPen(style.muted_text))
        self.legend.setLabelTextColor(style.foreground)
        self.legend.setLabelTextSize(f"{style.pt(theme.READOUT_PT - 1):g}pt")
        if self._entries:
            self._show(self._fitted())

    def set_entries(self, entries) -> None:
        """entries: (color, "name: status") pairs, in panel order; empty hides the legend."""
        self._entries = list(entries)
        self._show(self._fitted())

    def _refit(self, *args) -> None:
        if self._entries:
            fitted = self._fitted()
            if fitted != self._shown:
                self._show(fitted)

    def _fitted(self) -> list:
        """The entries' texts in the first spelling that fits the plot's width."""
        if not self._entries:
            return []
        from PySide6.QtGui import QFontMetrics

        from gradviz.engine.names import title_forms
        from gradviz.gui.views.panel_header import short_status

        font = theme.font(theme.READOUT_PT - 1)
        metrics = QFontMetrics(font)
        room = self._view_box.boundingRect().width() - 70   # the line sample, the margins
        split = [text.rpartition(": ") for _, text in self._entries]
        names = [title_forms(name) if name else (status,) for name, _, status in split]
        depth = max(len(f) for f in names)
        tries = [(level, 0) for level in range(depth)] + [(depth - 1, 1), (depth - 1, 2)]
        for level, words in tries:
            texts = []
            for forms, (name, _, status) in zip(names, split):
                shown = forms[min(level, len(forms) - 1)]
                if name and words < 2:
                    shown += ": " + (status if words == 0 else short_status(status))
                texts.append(shown)
            if max(metrics.horizontalAdvance(t) for t in texts) <= room:
                break
        return [(color, text) for (color, _), text in zip(self._entries, texts)]

    def _show(self, entries) -> None:
        self.legend.clear()
        self._shown = list(entries)
        width = theme.current().path_width + 1
        self._samples = [pg.PlotDataItem(pen=pg.mkPen(color, width=width))
                         for color, _ in entries]
        for sample, (_, text) in zip(self._samples, entries):
            self.legend.addItem(sample, text)
        self.legend.setVisible(bool(entries))

    def texts(self) -> list[str]:
        return [label.text for _, label in self.legend.items]


def sync_layers(layers: list, plot, colors) -> None:
    """``layers`` (PathLayers on ``plot``, changed in place) made one per colour of
    ``colors``, in order: a layer whose colour is right is kept, the others made anew."""
    while len(layers) > len(colors):
        layers.pop().remove()
    for i, color in enumerate(colors):
        if i < len(layers) and layers[i].color == color:
            continue
        if i < len(layers):
            layers[i].remove()
            layers[i] = PathLayer(plot, color, i + 1)
        else:
            layers.append(PathLayer(plot, color, i + 1))
