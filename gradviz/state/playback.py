"""Handlers of the playback intents. The animation is only a cursor moving over runs computed
beforehand, so every one of these is a change of ``records.Playback`` alone: stepping back,
scrubbing and replaying are free and deterministic.

The clock: ``Play`` notes the time, each ``Tick(now)`` advances ``speed x elapsed`` steps
(the fraction left over is carried to the next tick); at the last step playback stops, or
with ``loop`` on starts again at 0 on the tick after it.
"""

from __future__ import annotations


from gradviz.state import intents as i
from gradviz.state.records import Update

SPEED_RANGE = (1.0, 500.0)   # steps a second


def _at(state, k, **changes):
    """Playback at step ``k`` clamped to the run, with ``changes``."""
    k = max(0, min(int(k), state.session.steps))
    return Update(playback=state.playback._replace(step=k, **changes))


def set_step(state, intent):
    return _at(state, intent.k)


def seek(state, intent):
    return _at(state, intent.k, playing=False)


def step_by(state, intent):
    return _at(state, state.playback.step + intent.delta, playing=False)


def rewind(state, intent):
    return _at(state, 0, playing=False)


def play(state, intent):
    playback = state.playback
    if playback.playing:
        return None
    step = 0 if playback.step >= state.session.steps else playback.step
    return Update(playback=playback._replace(step=step, playing=True, last_tick=state.clock(),
                                   carry=0.0))


def pause(state, intent):
    return Update(playback=state.playback._replace(playing=False))


def toggle_play(state, intent):
    return pause(state, intent) if state.playback.playing else play(state, intent)


def tick(state, intent):
    playback = state.playback
    if not playback.playing:
        return None
    carry = playback.carry + (intent.now - playback.last_tick) * playback.speed
    advance = int(carry)
    if advance < 1:
        return Update(playback=playback._replace(last_tick=intent.now, carry=carry))
    steps, playing = state.session.steps, True
    target = playback.step + advance
    if target >= steps:
        if playback.loop and playback.step >= steps:
            target = 0
        else:
            target, playing = steps, playback.loop
    return Update(playback=playback._replace(step=target, playing=playing,
                                   last_tick=intent.now, carry=carry - advance))


def set_speed(state, intent):
    speed = min(max(float(intent.steps_per_second), SPEED_RANGE[0]), SPEED_RANGE[1])
    return Update(playback=state.playback._replace(speed=speed))


def scale_speed(state, intent):
    return set_speed(state, i.SetSpeed(state.playback.speed * intent.factor))


def set_loop(state, intent):
    return Update(playback=state.playback._replace(loop=bool(intent.on)))


HANDLERS = {
    i.SetStep: set_step, i.Seek: seek, i.StepBy: step_by, i.Rewind: rewind, i.Play: play,
    i.Pause: pause, i.TogglePlay: toggle_play, i.Tick: tick, i.SetSpeed: set_speed,
    i.ScaleSpeed: scale_speed, i.SetLoop: set_loop,
}
