"""The landscapes keep their room: docks below them (the curves, a lesson's docks) never squeeze
the panels (or the 3D view) below a share of the window's height.

The centre's minimum height is ``CENTER_SHARE`` of the window's height, capped so that the
centre, a lesson's caption band, the playback bar and the least height of the docks below still
fit between the menu and status bars (a minimum they cannot all meet would make Qt squeeze the
band below its own and overlap them). Measured before: a lesson that
opened the curves at 1280x720 in presentation mode left the landscape 30 px high.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget

CENTER_SHARE = 0.45
SPACING = 12   # px: the central layout's spacing and margins, with some to spare

_WATCHED = (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide)


class CenterRoom(QObject):
    """Keeps ``center``'s minimum height as above while ``window`` (a QMainWindow, its docks
    made), the ``below`` widgets in the central column (caption band, playback bar) and the
    docks change size, show or hide."""

    def __init__(self, window, center, below):
        super().__init__(window)
        self.window, self.center, self.below = window, center, tuple(below)
        for widget in (window, *self.below, *window.findChildren(QDockWidget)):
            widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() in _WATCHED:
            self.update()
        return False

    def update(self) -> None:
        window = self.window
        bars = sum(bar.height() for bar in (window.menuBar(), window.statusBar())
                   if bar.isVisible())
        others = sum(w.sizeHint().height() for w in self.below if w.isVisible())
        room = window.height() - bars - others - self._bottom_docks() - SPACING
        self.center.setMinimumHeight(max(0, min(int(CENTER_SHARE * window.height()), room)))

    def _bottom_docks(self) -> int:
        """The least height the docks shown below the centre need (side by side or tabbed:
        the tallest of their minimums)."""
        window = self.window
        return max((dock.minimumSizeHint().height() for dock in window.findChildren(QDockWidget)
                    if dock.isVisible() and not dock.isFloating()
                    and window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea),
                   default=0)
