"""The control column folds away so that the landscapes own the screen, and opens on demand.

Folded, the column (the "Controls" dock) leaves only a narrow handle on the window's left
edge, the words "Controls" and the key that opens it written up the strip. A click on it, or
the key (Ctrl+1, the View menu's toggle; F2 opens it at the function field), brings the column
back; the same key folds it again: no mouse needed, so a lecturer's clicker or keyboard does it.

It folds by itself in presentation mode (``Presentation``) and, in normal mode, when the
window becomes narrower than ``FOLD_WIDTH`` (a 1280 or 1366 px screen): the column's 360 px
would leave the landscapes about a quarter of the screen. Widened again, a column folded that
way opens again; one the person folded or opened stays as they left it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractButton, QSizePolicy

FOLD_WIDTH = 1400
"""Windows narrower than this (logical px) fold the control column when they get there."""
HANDLE_TEXT = "\u25be  Controls  (Ctrl+1)"   # written upwards: the triangle points right


class ColumnHandle(QAbstractButton):
    """The folded column: a strip one line of type wide, its words written upwards; clicked,
    it emits ``clicked`` (the fold opens the column)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("controls_handle")
        self.setText(HANDLE_TEXT)
        self.setToolTip("Open the controls (Ctrl+1); the same key folds them again")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # keys stay with the window's shortcuts
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        metrics = self.fontMetrics()
        return QSize(metrics.height() + 10, metrics.horizontalAdvance(self.text()) + 24)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self.sizeHint()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        palette = self.palette()
        hovered = self.underMouse() or self.isDown()
        painter.fillRect(self.rect(), palette.color(
            QPalette.ColorRole.Midlight if hovered else QPalette.ColorRole.Button))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
        painter.translate(0, self.height())
        painter.rotate(-90)   # read from the bottom up, as a book's spine on a shelf
        painter.drawText(QRectF(0, 0, self.height(), self.width()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         "   " + self.text())
        painter.end()


class ColumnFold(QObject):
    """Folds and opens ``dock`` (the control column's dock); ``handle`` (a ColumnHandle)
    shows while it is folded. ``follow_width(width)`` folds it in a narrow window.

    Signal ``folded_changed(bool)``.
    """

    folded_changed = Signal(bool)

    def __init__(self, dock, handle, parent=None):
        super().__init__(parent)
        self.dock, self.handle = dock, handle
        self.paused = False        # presentation mode decides meanwhile
        self._narrow = None        # the window narrower than FOLD_WIDTH, when last seen
        self._folded_by_width = False
        handle.clicked.connect(self.open)
        dock.visibilityChanged.connect(self._show_handle)
        self._show_handle()

    @property
    def folded(self) -> bool:
        return self.dock.isHidden()

    def open(self) -> None:
        self.dock.show()
        self.dock.raise_()

    def fold(self) -> None:
        self.dock.hide()

    def set_paused(self, on: bool) -> None:
        """While paused (presentation mode decides), the width folds nothing."""
        self.paused = bool(on)

    def follow_width(self, width: int) -> None:
        """Fold when the window becomes narrower than FOLD_WIDTH; open again when it becomes
        wider, if it was folded for that reason."""
        narrow = width < FOLD_WIDTH
        if narrow == self._narrow or self.paused:
            return
        self._narrow = narrow
        if narrow and not self.folded:
            self.fold()
            self._folded_by_width = True
        elif not narrow and self._folded_by_width:
            self._folded_by_width = False
            if self.folded:
                self.open()

    def _show_handle(self, *args) -> None:
        folded = self.folded
        if self.handle.isHidden() != folded:
            return
        self.handle.setVisible(folded)
        self.folded_changed.emit(folded)
