"""The landscapes keep their room: docks below them (the curves, a lesson's docks) never squeeze
the panels (or the 3D view) below a share of the window's height.

The centre's minimum height is ``CENTER_SHARE`` of the window's height, capped so that the
centre, a lesson's caption band, the playback bar and the least height of the docks below still
fit between the menu and status bars (a minimum they cannot all meet would make Qt squeeze the
band below its own and overlap them). Measured before: a lesson that
opened the curves at 1280x720 in presentation mode left the landscape 30 px high.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget

CENTER_SHARE = 0.45
SPACING = 12   # px: the central layout's spacing and margins, with some to spare

_WATCHED = (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide)


class CenterRoom(QObject):
    """Keeps ``center``'s minimum height as above while ``window`` (a QMainWindow), the
    ``below`` widgets in the central column (caption band, playback bar) and the docks change
    size, show or hide.

    Made as the window's first child, so that deleting the window deletes it (and its event
    filters) before the docks and bars it watches."""

    def __init__(self, window):
        super().__init__(window)
        self.window, self.center, self.below = window, None, ()

    def watch(self, center, below) -> None:
        """Start keeping ``center``'s room, once the window's docks and ``below`` exist."""
        self.center, self.below = center, tuple(below)
        for widget in (self.window, *self.below, *self.window.findChildren(QDockWidget)):
            widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        # the window's destructor hides it first, its Python wrapper already let go: asking
        # it for its bars then raised inside Qt's event delivery, and that crashed
        if (event.type() in _WATCHED and self.center is not None
                and shiboken6.isValid(self.window) and shiboken6.isValid(self.center)):
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
        return max((least_size(dock).height() for dock in window.findChildren(QDockWidget)
                    if dock.isVisible() and not dock.isFloating()
                    and window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea),
                   default=0)


def least_size(dock):
    """The least size (a QSize) ``dock`` needs to show anything: what its contents ask for
    (its minimum size hint). The landscapes' room above leaves the docks below this much;
    a dock a lesson opened that still got less (a window too small for both) closes again
    (``lesson_window.Highlighter.check_room``): one rule, not a second number."""
    return dock.minimumSizeHint()


def too_small(dock) -> bool:
    """Whether ``dock`` (shown, docked) got less than its ``least_size`` across or down."""
    least, got = least_size(dock), dock.size()
    return got.width() < least.width() or got.height() < least.height()
