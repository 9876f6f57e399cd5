"""Frames drawn round the parts of the window a lesson scene or a concept points at (the
curves, the lr field, the landscapes...): thick rounded outlines in the highlight colour,
over the window and transparent to the mouse, following their widgets as they move (checked ten times a second while shown).

``HighlightFrames(window).show_on(widgets)`` frames those widgets (hidden ones are skipped);
``show_on([])`` removes every frame."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

WIDTH = 5
COLOR = "#FF00CC"   # the guess's colour: "look here" everywhere in a lesson
FOLLOW_MS = 100     # frames follow their widgets by a timer: an event filter on them would
                    # be called while the window is being deleted (a crash at exit)


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

    def show_on(self, widgets) -> None:
        for frame in self.frames:
            frame.deleteLater()
        self.targets = [w for w in widgets if w is not None and shiboken6.isValid(w)]
        self.frames = [_Frame(self.window) for _ in self.targets]
        self._timer.start() if self.targets else self._timer.stop()
        self.place()

    def framed(self) -> list:
        """The widgets framed now, and visible (tests)."""
        return [t for t, f in zip(self.targets, self.frames) if not f.isHidden()]

    def place(self) -> None:
        for target, frame in zip(self.targets, self.frames):
            visible = shiboken6.isValid(target) and target.isVisible()
            frame.setVisible(visible)
            if visible:
                corner = target.mapTo(self.window, QPoint(0, 0))
                frame.setGeometry(QRect(corner, target.size()).adjusted(-2, -2, 2, 2))
                frame.raise_()
