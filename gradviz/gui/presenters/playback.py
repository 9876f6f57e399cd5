"""The playback bar: buttons, the scrub bar over steps 0..N, speed and loop."""

from __future__ import annotations

from gradviz.state import intents
from gradviz.state.changes import EVERYTHING


class PlaybackPresenter:
    def __init__(self, state, bar):
        self.state, self.bar = state, bar
        apply = state.apply
        bar.play_toggled.connect(lambda on: apply(intents.Play() if on else intents.Pause()))
        bar.step_requested.connect(lambda k: apply(intents.Seek(k)))
        bar.step_by_requested.connect(lambda delta: apply(intents.StepBy(delta)))
        bar.reset_requested.connect(lambda: apply(intents.Rewind()))
        bar.speed_changed.connect(lambda speed: apply(intents.SetSpeed(speed)))
        bar.loop_changed.connect(lambda on: apply(intents.SetLoop(on)))
        state.changed.connect(self._on_state_changed)
        self._on_state_changed(EVERYTHING)

    def _on_state_changed(self, parts) -> None:
        state, bar = self.state, self.bar
        playback = state.playback
        if "steps" in parts:
            bar.set_range(state.session.steps)
        if parts & {"step", "steps"}:
            bar.set_step(playback.step)
        if "playing" in parts:
            bar.set_playing(playback.playing)
        if "speed" in parts:
            bar.set_speed(playback.speed)
        if "loop" in parts:
            bar.set_loop(playback.loop)
