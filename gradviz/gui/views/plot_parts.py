"""Small pyqtgraph parts of the step plots (views/curves.py) and the slices: y axes whose
labels never crowd (linear, and readable log ticks), a ViewBox that turns clicks and drags
into step positions; for the plots with a legend, a sample that a click leaves alone and a
test for a click on a legend; an axis's tick font set with its room measured afresh."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from gradviz.gui import theme


class FittingAxis(pg.AxisItem):
    """A left axis that labels no more values than fit ``LINEAR_GAP`` label heights apart
    (pyqtgraph always labels its top level: 0, 10 and 20 overlapped on the curves' 45 px f
    axis at 1280x720, 19.6 to 20.4 on the slices')."""

    def __init__(self):
        super().__init__("left")

    def tickValues(self, minVal, maxVal, size):
        levels = super().tickValues(minVal, maxVal, size)
        if self.logMode:   # pyqtgraph's decades (a LogAxis chooses its own)
            return levels
        lo, hi = sorted((minVal, maxVal))
        return fitting_levels(levels, lo, hi, size, self.label_height())

    def label_height(self) -> int:
        """A tick label's height in the axis's own tick font (``set_tick_font``)."""
        return QFontMetrics(self.style["tickFont"] or theme.font(theme.AXIS_PT)).height()


class LogAxis(FittingAxis):
    """A FittingAxis that, in log mode, labels every 1st, 2nd, 5th, ... decade, as many as
    fit (pyqtgraph's own choice leaves ten decades unlabelled on a 120-pixel axis)."""

    STEPS = (1, 2, 3, 5, 10, 20, 50, 100)

    def __init__(self):
        super().__init__()
        self._label_every = 1

    def tickValues(self, minVal, maxVal, size):
        lo, hi = sorted((minVal, maxVal))
        first, last = math.ceil(lo), math.floor(hi)
        if not self.logMode or last <= first:
            return super().tickValues(minVal, maxVal, size)
        fit = max(int(size / (2 * self.label_height())), 2)
        count = last - first
        every = next((s for s in self.STEPS if count // s + 1 <= fit), math.ceil(count / fit))
        self._label_every = every
        decades = range(first, last + 1)
        return [(float(every), [float(d) for d in decades if d % every == 0]),
                (1.0, [float(d) for d in decades if d % every])]

    def tickStrings(self, values, scale, spacing):
        if not self.logMode:
            return super().tickStrings(values, scale, spacing)
        if spacing == 1.0 and self._label_every > 1:
            return [""] * len(values)   # the unlabelled decades in between
        return [_decade(v) for v in values]


LINEAR_GAP = 1.3
"""A linear axis's labels are at least this many label heights apart."""


def fitting_levels(levels, lo, hi, size, label_px):
    """pyqtgraph's tick ``levels`` for values ``lo``..``hi`` on ``size`` pixels if its labelled
    top level's values are at least ``LINEAR_GAP`` labels of ``label_px`` apart, else one
    level of the first round spacing (1, 2, 5 times a power of ten) that is."""
    if not levels or hi <= lo or size <= 0:
        return levels
    least = LINEAR_GAP * label_px * (hi - lo) / size   # in values
    spacing = levels[0][0]
    if spacing >= least:
        return levels
    while spacing < least:
        mantissa = round(spacing / 10 ** math.floor(math.log10(spacing)))
        spacing *= 2.5 if mantissa == 2 else 2.0
    return [(spacing, [k * spacing for k in range(math.ceil(lo / spacing),
                                                  math.floor(hi / spacing) + 1)])]


_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075"
                                            "\u2076\u2077\u2078\u2079")


def _decade(exponent: float) -> str:
    """10**exponent as a tick label: 0.01 ... 100 in full, 10\u2075 or 3\u00b710\u2075 beyond."""
    text = f"{10.0 ** exponent:.2g}"
    if "e" not in text:
        return text
    mantissa, power = text.split("e")
    return ("" if mantissa == "1" else mantissa + "\u00b7") + "10" + \
        str(int(power)).translate(_SUPERSCRIPT)


class StepViewBox(pg.ViewBox):
    """A ViewBox that turns left clicks and drags into x positions (``on_x(x, finished)``)
    instead of panning or zooming; the plot keeps fitting its data."""

    def __init__(self, on_x):
        super().__init__(enableMenu=False)
        self.setMouseEnabled(x=False, y=False)
        self._on_x = on_x

    def mouseClickEvent(self, ev):
        self._report(ev, finished=True)

    def mouseDragEvent(self, ev, axis=None):   # also called by the axes, with their events
        self._report(ev, finished=ev.isFinish())

    def _report(self, ev, finished: bool) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        self._on_x(self.mapSceneToView(ev.scenePos()).x(), finished)

    def wheelEvent(self, ev, axis=None):
        ev.ignore()


class StillSample(pg.ItemSample):
    """A legend's line sample that only names its item. pyqtgraph's hides the item on a left
    click (a click on a fitted line's entry in the regression data view hid that line, with
    no way back but another click on a legend nobody knows to be a switch). The click is
    taken, so nothing under the legend gets it either."""

    def mouseClickEvent(self, event):
        event.accept()


def legend_under(scene, scene_pos, kinds=(pg.LegendItem,)) -> bool:
    """Whether a shown legend (an item of one of ``kinds``, or a label or sample inside one)
    is under ``scene_pos``: a click there names things, it adds or moves nothing under it."""
    for item in scene.items(scene_pos):
        while item is not None:
            if isinstance(item, kinds) and item.isVisible():
                return True
            item = item.parentItem()
    return False


def set_tick_font(axis: pg.AxisItem, font) -> None:
    """Give ``axis`` tick labels in ``font`` and measure their room afresh. pyqtgraph keeps an
    axis's text room until labels are 10 px narrower, from a first guess of 30 px: labels of
    21 px in presentation type kept every left axis 9 px wider than they needed, and three
    landscapes at 1280x720 each 12 px smaller than on the next F11."""
    axis.setStyle(tickFont=font)
    axis.textWidth = axis.textHeight = 0   # pyqtgraph's public record of the largest label
