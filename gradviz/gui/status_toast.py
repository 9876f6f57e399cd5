"""In presentation mode the status bar's messages float over the landscapes for their time, and
the bar's row goes to the landscapes.

A status bar holds its row whether or not it has something to say: 25 px of a 720-pixel
projector under the playback bar, empty after the first six seconds of a talk ("F11 or Esc to
leave"). In presentation mode the bar is hidden and each message it is given (a saved file, a
formula that took too long, a tuned learning rate) shows as a toast centred near the bottom
of the landscapes, in the presentation type, for as long as the bar would have shown it. The
toast lets the mouse through, so that nothing under it is out of reach while it shows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel

MARGIN = 16
"""Pixels between the toast and the bottom of the landscapes' area."""
WIDEST = 0.8
"""The toast's widest, as a fraction of that area's width (longer messages wrap)."""
PAD_X, PAD_Y = 16, 8
"""The toast's padding, left and right and above and below its text."""
PADDING = 2 * PAD_X + 4
"""Its padding left and right, and a few pixels so that one line stays one."""


class StatusToast(QObject):
    """Shows ``window``'s status bar messages over ``area`` (the landscapes' widget) while
    ``set_active(True)``; the status bar itself is then the caller's to hide."""

    def __init__(self, window, area):
        super().__init__(window)
        self.window, self.area = window, area
        self.active = False
        self.label = QLabel(window, objectName="status_toast")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setStyleSheet("QLabel#status_toast { color: white; background: "
                                 "rgba(20, 20, 20, 215); border-radius: 8px; "
                                 f"padding: {PAD_Y}px {PAD_X}px; }}")
        self.label.hide()
        window.statusBar().messageChanged.connect(self._on_message)
        area.installEventFilter(self)
        window.centralWidget().installEventFilter(self)   # moved by a dock opened on the left

    def set_active(self, on: bool) -> None:
        """Start (showing the message the bar has now) or stop showing messages."""
        self.active = bool(on)
        self._on_message(self.window.statusBar().currentMessage() if on else "")

    def text(self) -> str:
        """The message shown ("" when none)."""
        return self.label.text() if self.label.isVisible() else ""

    def _on_message(self, text: str) -> None:
        if not (self.active and text):
            self.label.hide()
            return
        self.label.setFont(self.window.font())   # the presentation type, set after this was made
        self.label.setText(text)
        self.label.show()
        self.label.raise_()
        self._place()

    def _place(self) -> None:
        """One line where it fits, else wrapped at ``WIDEST`` of the area's width; centred,
        near the bottom of the area. (QLabel's own size for wrapped text wraps even a short
        message, at a width it finds pleasing.)"""
        area, label = self.area, self.label
        one_line = label.fontMetrics().horizontalAdvance(label.text()) + PADDING
        width = max(min(one_line, int(area.width() * WIDEST)), 1)
        label.resize(width, label.heightForWidth(width))
        corner = area.mapTo(self.window, area.rect().bottomLeft())
        label.move(corner.x() + (area.width() - width) // 2,
                   corner.y() + 1 - label.height() - MARGIN)

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move) and self.label.isVisible():
            self._place()
        return False
