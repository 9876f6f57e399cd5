"""The events of the runs (``engine.events``: first overshoot, divergence, a stall near a saddle,
convergence, Adam's bias correction fading, one panel overtaking another) as marks a person
can point at and click: on the curves of f (a symbol on the panel's curve at the event's step)
and on the playback bar's step slider (a tick under the groove). Each mark's tooltip is the
event's one line; a click asks for its step (``on_step(k)``).

They show what they are given: ``Mark(step, color, text, y)`` tuples (``y`` the curve's value
at the step, for the curve's marks)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionSlider, QToolTip

from gradviz.engine.events import line
from gradviz.gui import theme
from gradviz.gui.views.pixels import SharpScatter

SYMBOLS = {"overshoot": "t1", "divergence": "x", "saddle": "s", "convergence": "o",
           "bias": "d", "overtake": "star"}
TICK_PX = 7          # a tick's height under the slider's groove
HIT_PX = 6           # how near (pixels) a click or the mouse must be to a tick


class Mark(NamedTuple):
    step: int
    kind: str
    color: str
    text: str
    y: float = math.nan   # the curve's value at the step (curves only)


def tip(mark) -> str:
    return line(mark.step, mark.kind, mark.text)


class CurveMarks:
    """Symbols on a ``curve_plot.CurvePlot``'s curves at the events' steps."""

    def __init__(self, curve_plot, on_step):
        self.curve_plot = curve_plot
        self.marks: list = []
        self.item = SharpScatter(hoverable=True, tip=self._tip, pxMode=True,
                                 hoverSize=theme.current().dot_size * 2)
        self.item.setZValue(13)   # above the cursor and the dots
        curve_plot.plot.addItem(self.item, ignoreBounds=True)
        self.on_step = on_step
        self.item.sigClicked.connect(self._on_item_clicked)

    def set_marks(self, marks) -> None:
        self.marks = list(marks)
        self.redraw()

    def redraw(self) -> None:
        """Place the marks on the curves as drawn now (linear or log y, the view's range)."""
        (_, _), (lo, hi) = self.curve_plot.view_box.viewRange()
        size = theme.current().dot_size * 1.5
        spots = []
        for i, mark in enumerate(self.marks):
            y = mark.y
            if self.curve_plot.log:
                y = math.log10(y) if y > 0 else -math.inf
            y = min(max(y, lo), hi) if math.isfinite(y) else (hi if y > 0 else lo)
            spots.append({"pos": (mark.step, y), "data": i, "size": size,
                          "symbol": SYMBOLS.get(mark.kind, "o"), "brush": pg.mkBrush(mark.color),
                          "pen": pg.mkPen(theme.MARKER_OUTLINE, width=1.5)})
        self.item.setData(spots)

    def _on_item_clicked(self, item, points, event) -> None:
        if len(points) and 0 <= points[0].data() < len(self.marks):
            self.on_step(self.marks[int(points[0].data())].step)

    def _tip(self, x, y, data):
        return tip(self.marks[data]) if 0 <= data < len(self.marks) else ""

    def shown(self) -> list:
        """[(step, kind)] of the marks drawn (tests)."""
        return [(m.step, m.kind) for m in self.marks]

    def scene_point(self, index):
        """Where mark ``index`` is in the plot's scene (tests click there)."""
        x, y = self.item.getData()
        return self.curve_plot.view_box.mapViewToScene(pg.Point(float(x[index]), float(y[index])))


class SliderMarks(QObject):
    """Ticks under a QSlider's groove at the events' steps: painted after the slider, with a
    tooltip and a click of their own (an event filter; elsewhere the slider works as ever)."""

    def __init__(self, slider, on_step):
        super().__init__(slider)
        self.slider = slider
        self.on_step = on_step
        self.marks: list = []
        slider.installEventFilter(self)
        slider.setMouseTracking(True)

    def set_marks(self, marks) -> None:
        self.marks = list(marks)
        self.slider.update()

    def x_of(self, step) -> int:
        """The slider's x (pixels) of ``step``: the centre of the handle there."""
        slider = self.slider
        option = QStyleOptionSlider()
        slider.initStyleOption(option)
        style = slider.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                      QStyle.SubControl.SC_SliderGroove, slider)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                      QStyle.SubControl.SC_SliderHandle, slider)
        span = groove.width() - handle.width()
        offset = QStyle.sliderPositionFromValue(slider.minimum(), slider.maximum(), int(step),
                                                max(span, 1))
        return groove.x() + handle.width() // 2 + offset

    def near(self, x) -> Mark | None:
        """The mark whose tick is nearest to ``x``, within HIT_PX, else None."""
        if not self.marks:
            return None
        distances = np.abs(np.array([self.x_of(m.step) for m in self.marks]) - x)
        best = int(np.argmin(distances))
        return self.marks[best] if distances[best] <= HIT_PX else None

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Paint:
            watched.paintEvent(event)   # the slider first, then the ticks over it
            self._paint()
            return True
        if kind == QEvent.Type.ToolTip:
            mark = self.near(event.pos().x())
            if mark is not None:
                QToolTip.showText(event.globalPos(), tip(mark), watched)
                return True
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            mark = self.near(event.position().x())
            tall = TICK_PX * theme.current().font_scale
            if mark is not None and event.position().y() >= watched.height() - tall - 4:
                self.on_step(mark.step)
                return True
        return False

    def _paint(self) -> None:
        if not self.marks:
            return
        painter = QPainter(self.slider)
        height = self.slider.height()
        scale = theme.current().font_scale   # larger on a projector
        tall, half = round(TICK_PX * scale), round(2.5 * scale)
        for mark in self.marks:
            x = self.x_of(mark.step)
            painter.setPen(QPen(QColor(theme.MARKER_OUTLINE), 1))
            painter.setBrush(QColor(mark.color))
            painter.drawRect(QRect(x - half, height - tall - 1, 2 * half + 1, tall))
        painter.end()
