"""Keep the main window's layout when it moves to a screen of another scale.

Moving a window between screens of different device pixel ratios, Qt first keeps its size in
device pixels (a 1280x720 window on a 2x screen is 640x360 logical pixels for a moment), then
resizes it back to its logical size. QMainWindow shrinks its docks to fit the small moment and
does not grow them back: after a trip to a 2x screen the curves dock had lost a third of its
height and its axes overlapped. ``ScaleWatcher`` remembers the window's size and dock sizes
once they have settled and, after a change of ratio, brings them back.

Pixel caches need nothing here: every item that keeps pixels redraws them when it is painted
at another ratio (views/pixels.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow

SETTLE_MS = 300
"""A layout counts as the user's once it has not changed for this long: the small moment of a
move between screens (a resize, the ratio change, a resize back) happens within one batch of
events, long before."""


class ScaleWatcher(QObject):
    """Watches ``window`` (a QMainWindow); ``ratio_changed(float)`` after its device pixel
    ratio changed and its layout was restored."""

    ratio_changed = Signal(float)

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self._window = window
        self._ratio = window.devicePixelRatioF()
        self.settled: tuple[QSize, dict] | None = None   # (window size, dock sizes)
        self._pending: tuple[QSize, dict] | None = None  # what to bring back after a change
        self.settle_timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self.settle_timer.timeout.connect(self.remember_layout)
        window.installEventFilter(self)
        for dock in window.findChildren(QDockWidget):
            dock.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.Resize, QEvent.Type.Show):
            self.settle_timer.start()
        elif watched is self._window and kind == QEvent.Type.DevicePixelRatioChange:
            ratio = self._window.devicePixelRatioF()
            if ratio != self._ratio:
                self.on_ratio_changed(ratio)
        return False

    def remember_layout(self) -> None:
        """Take the window's size and dock sizes as the ones to keep."""
        if self._window.isVisible():
            self.settled = (self._window.size(), self.dock_sizes())

    def dock_sizes(self) -> dict:
        """dock -> (width, height) of the docks shown in the window (not floating)."""
        return {dock: (dock.width(), dock.height())
                for dock in self._window.findChildren(QDockWidget)
                if dock.isVisible() and not dock.isFloating()}

    def on_ratio_changed(self, ratio: float) -> None:
        """The window is now on a screen of device pixel ratio ``ratio``: once Qt has resized it
        (after the events already queued), restore the size and docks it had before."""
        self._ratio = ratio
        self.settle_timer.stop()   # the squeezed moment is not the user's layout
        self._pending = self.settled
        QTimer.singleShot(0, self._restore)

    def _restore(self) -> None:
        window, pending = self._window, self._pending
        self._pending = None
        if pending is not None and not (window.isMaximized() or window.isFullScreen()):
            size, docks = pending
            if window.size() != size:
                window.resize(size)   # as Qt itself does where it can
            # after the window has laid itself out at that size
            QTimer.singleShot(0, lambda: self._restore_docks(docks))
            return
        self.ratio_changed.emit(self._ratio)

    def _restore_docks(self, docks: dict) -> None:
        shown = [d for d in docks if d.isVisible() and not d.isFloating()]
        if shown:
            window = self._window
            window.resizeDocks(shown, [docks[d][0] for d in shown], Qt.Orientation.Horizontal)
            window.resizeDocks(shown, [docks[d][1] for d in shown], Qt.Orientation.Vertical)
        self.ratio_changed.emit(self._ratio)
