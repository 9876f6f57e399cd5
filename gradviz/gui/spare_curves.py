"""In presentation mode on a short screen, the curves (f and |grad f| by step) take the height
the landscapes leave unused, and only that.

On a screen under ``presentation.TALL_SCREEN`` (a 1280x720 projector) entering presentation
mode closes the curves dock, so that the landscapes get the height. But a landscape of equal
scale is often limited by its width, not its height: three panels side by side, or two of a
domain twice as wide as tall, left bands of 150-200 px empty above and below them (seen live at
1280x720). There the curves come back, in that band: they open when it holds them readably
(``READABLE`` lines of type, at most ``AT_MOST``) and close again when the landscapes would be
larger without them (a panel closed, a taller domain). The landscapes never shrink for them.

They open only while no other dock is open, and close when one opens (the controls column,
the inspector, the backprop graph): the dock area below spans the window's width, so they
would take those docks' height too. A person's own choice wins: Ctrl+3 (or the View menu) in
presentation mode ends the automatic opening and closing until presentation mode is entered
again, and curves opened by someone else (a lesson) are left as they are. During a lesson
they are the lesson's: none open here, and those opened here close when it starts.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QDockWidget, QStyle

from gradviz.gui.center_room import least_size

SLACK = 8
"""Pixels of unused height left when the curves open, so that the next measurement still sees
the landscapes limited by their width (closing them takes less than half this)."""
SETTLE_MS = 150
"""Wait after the last change of the landscapes' room before deciding (a full-screen window is
resized by the window manager a moment after it asked)."""
READABLE, AT_MOST = 8, 12
"""The curves open only into at least this many lines of the window's type (their title, the
step axis with its numbers and name, and a plot the height of four lines): 116 px, their least
height, gave plots 45 px high in presentation type, the f axis's numbers overlapping (seen
live at 1280x720); and take at most ``AT_MOST`` lines. (Their own size hint is no guide: a
dock hidden before the presentation type came still hinted at the normal type's size.)"""
MAX_CHANGES = 6
"""Openings and closings for the landscapes' room in one presentation: a layout that keeps
changing its mind (a window manager fighting the sizes) stops them rather than flicker."""


class SpareCurves(QObject):
    """Opens and closes ``dock`` (the curves dock of ``window``) in the height ``panels`` (a
    PanelGrid) leave unused, between ``start`` and ``stop``."""

    def __init__(self, window, panels, dock):
        super().__init__(window)
        self.window, self.panels, self.dock = window, panels, dock
        self.active = False
        self.opened = False    # the dock is open because this opened it
        self.changes = 0
        self._timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._timer.timeout.connect(self.decide)
        panels.room_changed.connect(self._later)
        dock.toggleViewAction().triggered.connect(self._chosen)
        for other in self._others():
            other.visibilityChanged.connect(self._other_shown)
        window.state.changed.connect(self._on_state_changed)

    def start(self) -> None:
        """Begin (the dock closed, on entering presentation mode on a short screen)."""
        self.active, self.opened, self.changes = True, False, 0
        self._later()

    def stop(self) -> None:
        self.active = self.opened = False
        self._timer.stop()

    def pending(self) -> bool:
        """A decision is due (the landscapes' room changed less than ``SETTLE_MS`` ago)."""
        return self._timer.isActive()

    def _later(self) -> None:
        if self.active:
            self._timer.start()

    def _others(self):
        return [d for d in self.window.findChildren(QDockWidget) if d is not self.dock]

    def _other_shown(self, visible) -> None:
        """Another dock opened (the inspector, the backprop graph...): the dock area below
        spans the window's width, so open curves would take height from it too."""
        if visible and self.opened:
            self._close()
        else:
            self._later()   # closed: the curves may come back

    def _on_state_changed(self, parts) -> None:
        """A lesson shows the docks its scenes need (``lesson_window.Highlighter``): the curves
        opened here are closed for it, and wait for its end."""
        if "lesson" in parts:
            if self.window.state.lesson is not None and self.opened:
                self._close()
            else:
                self._later()

    def _close(self) -> None:
        self.opened = False
        self.dock.hide()

    def _chosen(self, *args) -> None:
        """The person opened or closed the curves: theirs to say from now on."""
        self.stop()

    def decide(self) -> None:
        if not self.active or self.changes >= MAX_CHANGES or self.window.state.lesson is not None:
            return
        dock, window = self.dock, self.window
        unused = self.panels.unused_height()
        if not dock.isHidden():
            if self.opened and unused < SLACK / 2:   # the landscapes would be larger without
                self.changes += 1
                self._close()
            return
        if any(not d.isHidden() and not d.isFloating() for d in self._others()):
            return
        separator = window.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent,
                                               None, window)
        line = QFontMetrics(window.font()).height()
        height = min(unused - separator - SLACK, AT_MOST * line)
        if height >= max(READABLE * line, least_size(dock).height()) and not dock.isFloating() \
                and window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea:
            self.opened = True
            self.changes += 1
            dock.show()
            window.resizeDocks([dock], [int(height)], Qt.Orientation.Vertical)
