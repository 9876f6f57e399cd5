"""The clock (ticks at a speed, the end, loop) and undo / redo (what is an edit, coalescing)."""

import pytest
from state_helpers import DeferredRunner, FakeClock, recorder

from gradviz.engine.session import PanelConfig, Session
from gradviz.state import AppState
from gradviz.state import intents as i

BOWL = Session(text="x^2 + y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.0, 1.0),
               panels=(PanelConfig("gd", {"lr": 0.1}), PanelConfig("adam", {"lr": 0.1})),
               steps=50)


@pytest.fixture
def clock():
    return FakeClock(100.0)


@pytest.fixture
def state(clock):
    state = AppState(BOWL, None, clock)
    state.apply(i.OpenSession(BOWL))
    return state


# --- playback -------------------------------------------------------------------------------

# times in binary fractions of a second, so that the sums below are exact
def test_ticks_advance_speed_times_elapsed_carrying_fractions(state, clock):
    state.apply(i.SetSpeed(64))
    state.apply(i.Play())
    assert state.playing and state.step == 0
    state.apply(i.Tick(100 + 3 / 128))           # 1.5 steps: 1 shown, 0.5 carried
    assert state.step == 1
    state.apply(i.Tick(100 + 4 / 128))           # 0.5 + 0.5: one more
    assert state.step == 2
    events = recorder(state)
    state.apply(i.Tick(100 + 4 / 128 + 1 / 512))  # 0.125 of a step: nothing to show
    assert state.step == 2 and events == []
    state.apply(i.ScaleSpeed(1.5))
    assert state.playback.speed == 96
    state.apply(i.SetSpeed(1e6))
    assert state.playback.speed == 500          # at most 500 steps a second


def test_playback_stops_at_the_end_and_play_starts_over(state, clock):
    state.apply(i.Play())
    state.apply(i.Tick(101.0))                   # 100 steps due, 50 in the run
    assert state.step == 50 and not state.playing
    state.apply(i.Play())                        # at the end: from the start again
    assert state.step == 0 and state.playing


def test_loop_holds_the_last_step_for_a_tick_then_starts_over(state, clock):
    state.apply(i.SetLoop(True))
    state.apply(i.SetSpeed(64))
    state.apply(i.Play())
    state.apply(i.Tick(100 + 49 / 64))           # 49 steps
    assert state.step == 49
    state.apply(i.Tick(100 + 56 / 64))           # past the end: the last step shown
    assert state.step == 50 and state.playing
    state.apply(i.Tick(100 + 57 / 64))
    assert state.step == 0 and state.playing


def test_stepping_and_seeking_pause(state):
    state.apply(i.Play())
    state.apply(i.StepBy(5))
    assert state.step == 5 and not state.playing
    state.apply(i.Play())
    state.apply(i.Seek(30))
    assert state.step == 30 and not state.playing
    state.apply(i.StepBy(-100))
    assert state.step == 0
    state.apply(i.SetStep(999))
    assert state.step == 50
    state.apply(i.TogglePlay())
    state.apply(i.Rewind())
    assert state.step == 0 and not state.playing


def test_playback_is_not_an_edit(state):
    state.apply(i.SetStep(20))
    state.apply(i.Play())
    state.apply(i.Hover(0.5, 0.5))
    state.apply(i.Inspect(1))
    assert not state.history.can_undo and not state.document.modified(state.session)


# --- undo and redo ----------------------------------------------------------------------------

def test_undo_and_redo_walk_the_edits(state, clock):
    state.apply(i.SetStart(0.5, 0.5))
    clock.advance(5)
    state.apply(i.SetSteps(20))
    clock.advance(5)
    state.apply(i.SetDisplay("contours", False))
    assert state.document.modified(state.session)
    state.apply(i.Undo())
    assert state.session.display.contours and state.session.steps == 20
    state.apply(i.Undo())
    assert state.session.steps == 50 and state.session.start == (0.5, 0.5)
    assert state.runs[0].steps == 50
    state.apply(i.Redo())
    assert state.session.steps == 20
    state.apply(i.Undo())
    state.apply(i.Undo())
    assert state.session.start == (1.0, 1.0) and not state.history.can_undo
    assert not state.document.modified(state.session)   # back to what was opened
    events = recorder(state)
    state.apply(i.Undo())                        # nothing more to undo: no change
    assert events == []
    state.apply(i.Redo())
    state.apply(i.SetSteps(30))                  # a new edit drops what could be redone
    assert not state.history.can_redo


def test_a_drag_within_a_second_is_one_undo_step(state, clock):
    for lr in (0.11, 0.12, 0.13, 0.14):
        state.apply(i.SetPanel(0, "gd", {"lr": lr}))
        clock.advance(0.3)
    state.apply(i.SetPanel(1, "adam", {"lr": 0.2}))   # another field: a step of its own
    clock.advance(0.3)
    state.apply(i.Undo())
    assert state.session.panels[1].hyper["lr"] == 0.1
    assert state.session.panels[0].hyper["lr"] == 0.14
    state.apply(i.Undo())
    assert state.session.panels[0].hyper["lr"] == 0.1   # the whole drag at once
    state.apply(i.Redo())
    assert state.session.panels[0].hyper["lr"] == 0.14


def test_a_pause_of_over_a_second_starts_a_new_step(state, clock):
    state.apply(i.SetStart(0.5, 0.5))
    clock.advance(1.5)
    state.apply(i.SetStart(0.25, 0.25))
    state.apply(i.Undo())
    assert state.session.start == (0.5, 0.5)


def test_undo_leaves_playback_and_the_pointer_where_they_are(state, clock):
    state.apply(i.SetPanel(0, "gd", {"lr": 0.05}))
    state.apply(i.SetStep(12))
    state.apply(i.Hover(0.1, 0.2))
    state.apply(i.Undo())
    assert state.session.panels[0].hyper["lr"] == 0.1
    assert state.step == 12 and state.view.hover == (0.1, 0.2)


def test_a_burst_of_typing_is_one_undo_step_and_undo_prepares_the_text_again(clock):
    runner = DeferredRunner()
    state = AppState(BOWL, runner, clock)
    state.apply(i.OpenSession(BOWL))
    runner.flush()
    for text in ("x^2 + 2*y^2", "x^2 + 3*y^2"):
        state.apply(i.EditText(text))
        runner.flush()
        clock.advance(0.4)
    assert state.session.text == "x^2 + 3*y^2"
    state.apply(i.Undo())
    assert state.preparing                      # another function: prepared by a job
    runner.flush()
    assert state.session.text == "x^2 + y^2" and state.editor.typed == "x^2 + y^2"
    assert state.objective.text == "x^2 + y^2" and state.runs[0].trajectory.points[1, 1] == 0.8


def test_opening_a_session_starts_a_fresh_history(state):
    state.apply(i.SetStart(0.5, 0.5))
    state.apply(i.OpenSession(BOWL.replace(steps=20), path="/tmp/a.gradviz.json",
                              name="a.gradviz.json"))
    assert not state.history.can_undo and state.document.name == "a.gradviz.json"
    assert not state.document.modified(state.session)
    state.apply(i.SetSteps(25))
    assert state.document.modified(state.session)
    state.apply(i.MarkSaved("/tmp/b.gradviz.json"))
    assert state.document.name == "b.gradviz.json"
    assert not state.document.modified(state.session)
