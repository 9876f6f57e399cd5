"""The playback clock: while the state says it plays, a 16 ms timer hands it ``Tick(now)``.
The state decides how far that moves the step (``gradviz.state.playback``)."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from gradviz.state.intents import Tick

FRAME_MS = 16


class PlaybackClock(QObject):
    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.timer = QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        state.changed.connect(self._on_state_changed)

    def _on_state_changed(self, parts) -> None:
        if "playing" in parts:
            self.timer.start() if self.state.playing else self.timer.stop()

    def _on_timer_timeout(self) -> None:
        self.state.apply(Tick(time.monotonic()))
