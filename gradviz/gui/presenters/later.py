"""Work a presenter leaves for later while something is dragged.

A drag moves the runs many times a second: a function parameter's slider (the state then
draws the landscape on the coarse grid and announces the full one, ``{"landscape"}``, once
the drag pauses: ``state.derived``), an lr slider. The panels follow every
move; the docks' curves and the events' marks (4-8 ms of a move: stroking the 1,001-point
lines, laying out the axes, the marks' hover items) follow at a lower rate, ``REFRESH``
seconds apart, and catch up when the drag pauses or ends (no move for ``derived.DRAG_GAP``
seconds: the next move would not be part of the drag).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QGuiApplication

from gradviz.state.derived import DRAG_GAP, drawn_coarse

REFRESH = 1.0
"""Seconds between refreshes of deferred work during a drag (once a second)."""


class Later:
    """``work()`` now, or during a drag at most ``REFRESH`` seconds later, or ``DRAG_GAP``
    seconds after the last move, whichever comes first.

    A drag: the state's landscape is coarse (a parameter is dragged; the work is done once
    the full landscape arrives, :meth:`on_landscape`), or the pointer is held down and the
    work was asked for less than ``derived.DRAG_GAP`` seconds before, while it was held (a
    slider dragged: the first change of a press is shown at once, so a click is never late)."""

    def __init__(self, state, work, owner, refresh: float = REFRESH, clock=time.monotonic):
        """``owner``: the widget ``work`` fills (a QObject); its timers go with it, so work
        that waits is never done on a closed window."""
        self.state, self.work, self.clock = state, work, clock
        self.pending = False
        self._asked = -DRAG_GAP
        self.timer = _timer(owner, refresh, self.settle)   # the rate: not restarted by a move
        self.pause = _timer(owner, DRAG_GAP, self.settle)  # restarted by every move

    def ask(self) -> None:
        """Do the work now, or during a drag within ``REFRESH`` seconds (a timer already
        running is not restarted: the work keeps a rate while the pointer moves)."""
        pressed = QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton
        now, last = self.clock(), self._asked
        self._asked = now if pressed else -DRAG_GAP   # only asks while the pointer is held
        if not ((pressed and now - last < DRAG_GAP) or drawn_coarse(self.state.landscape)):
            self.now()
            return
        self.pending = True
        self.pause.start()
        if not self.timer.isActive():
            self.timer.start()

    def now(self) -> None:
        self.timer.stop()
        self.pause.stop()
        self.pending = False
        self.work()

    def on_landscape(self) -> None:
        """The landscape changed: once it is the full one (a parameter's drag paused), the
        work that waits is done."""
        if not drawn_coarse(self.state.landscape):
            self.settle()

    def settle(self) -> None:
        """Do the work if it waits."""
        if self.pending:
            self.now()


def _timer(owner, seconds, timeout) -> QTimer:
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(round(seconds * 1000))
    timer.timeout.connect(timeout)
    return timer
