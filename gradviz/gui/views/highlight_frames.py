"""Frames drawn round the parts of the window a lesson scene or a concept points at (the
curves, the lr field, the landscapes...): thick rounded outlines in the highlight colour,
over the window and transparent to the mouse, following their widgets as they move (checked ten times a second while shown).

``HighlightFrames(window).show_on(targets)`` frames those targets: widgets (hidden ones are
skipped) or ``Spot`` s, a part of a widget (the start point on a landscape, the ∇f arrow),
placed afresh each time the frames follow; ``show_on([])`` removes every frame."""

from __future__ import annotations

import shiboken6
from typing import Callable, NamedTuple

from PySide6.QtCore import QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

WIDTH = 5
COLOR = "#FF00CC"   # the guess's colour: "look here" everywhere in a lesson
FOLLOW_MS = 100     # frames follow their widgets by a timer: an event filter on them would
                    # be called while the window is being deleted (a crash at exit)


class Spot(NamedTuple):
    """A part of ``widget`` to frame: ``rect()`` is it in the widget's pixels (a QRect), or
    None while there is nothing of it to see there (off the view, hidden)."""

    widget: QWidget
    rect: Callable


class _Frame(QWidget):
    def __init__(self, parent):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setObjectName("highlight_frame")

    def paintEvent(self, event):  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(COLOR), WIDTH))
        half = WIDTH // 2 + 1
        painter.drawRoundedRect(self.rect().adjusted(half, half, -half, -half), 8, 8)
        painter.end()


class HighlightFrames(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.targets: list = []
        self.frames: list = []
        self._timer = QTimer(self, interval=FOLLOW_MS)
        self._timer.timeout.connect(self.place)

    def show_on(self, targets) -> None:
        for frame in self.frames:
            frame.deleteLater()
        self.targets = [t for t in targets if t is not None and shiboken6.isValid(_widget(t))]
        self.frames = [_Frame(self.window) for _ in self.targets]
        self._timer.start() if self.targets else self._timer.stop()
        self.place()

    def framed(self) -> list:
        """The widgets framed now, and visible (tests)."""
        return [t for t, f in zip(self.targets, self.frames) if not f.isHidden()]

    def place(self) -> None:
        for target, frame in zip(self.targets, self.frames):
            widget = _widget(target)
            visible = shiboken6.isValid(widget) and widget.isVisible()
            rect = widget.rect() if visible and widget is target else None
            if visible and rect is None:   # a Spot: its part, within its widget
                rect = target.rect()
                rect = None if rect is None else rect.intersected(widget.rect())
                visible = rect is not None and not rect.isEmpty()
            frame.setVisible(visible)
            if visible:
                corner = widget.mapTo(self.window, rect.topLeft())
                frame.setGeometry(QRect(corner, rect.size()).adjusted(-2, -2, 2, 2))
                frame.raise_()


def _widget(target):
    return target.widget if isinstance(target, Spot) else target
