"""The lesson player in the state: scenes applied in turn, a scene's playback stops at its last
step, a question waits for its answer (a click on the landscape is the guess), and leaving
gives back the session, file, undo history and playback exactly as they were."""

from pathlib import Path

import pytest
from state_helpers import FakeClock, opened, recorder

from gradviz.engine import lessons
from gradviz.engine import session as sessions
from gradviz.state import intents as i
from gradviz.state import lesson_intents as li
from gradviz.state.lesson_view import caption

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "resources" / "lessons").glob("*.gradviz-lesson.json"),
                 key=lambda p: int(p.name.partition("-")[0]))   # 2 before 10
RATE = REPO / "resources" / "lessons" / "3-choosing-a-learning-rate.gradviz-lesson.json"
ADAM = REPO / "resources" / "lessons" / "7-adam-against-descent.gradviz-lesson.json"


def edited_state():
    """A window with an edited, unsaved document and two undo steps."""
    clock = FakeClock()
    state = opened(sessions.default_session(), clock=clock)
    state.apply(i.SetSteps(80))
    clock.advance(5)
    state.apply(i.SetStart(0.5, -0.5))
    state.apply(i.Seek(7))
    return state, clock


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_scene_of_every_shipped_lesson_applies(path):
    state, _ = edited_state()
    lesson = lessons.load(path)
    state.apply(li.StartLesson(lesson, path.name))
    for k, scene in enumerate(lesson.scenes):
        state.apply(li.GoToScene(k))
        assert state.lesson.index == k
        assert state.session.text == scene.session.text
        assert state.session.panels == scene.session.panels
        assert len(state.runs) == len(scene.session.panels)
        assert state.problem.text == ""
        assert caption(state).narration == scene.narration
        assert caption(state).counter == f"{k + 1} / {len(lesson.scenes)}"


def test_next_and_back_move_and_stop_at_the_ends():
    state, _ = edited_state()
    lesson = lessons.load(RATE)
    state.apply(li.StartLesson(lesson, RATE.name))
    state.apply(li.PreviousScene())
    assert state.lesson.index == 0
    state.apply(li.NextScene())
    assert state.lesson.index == 1
    assert state.session.panels[0].hyper["lr"] == 0.09
    state.apply(li.PreviousScene())
    assert state.session.panels[0].hyper["lr"] == 0.005
    for _ in range(10):
        state.apply(li.NextScene())
    assert state.lesson.index == len(lesson.scenes) - 1


def test_leaving_restores_session_file_history_and_playback():
    state, clock = edited_state()
    session, document, history = state.session, state.document, state.history
    undo_stack = list(history.undo_stack)
    playback = state.playback
    state.apply(li.StartLesson(lessons.load(RATE), RATE.name))
    assert state.document.name == "Choosing a learning rate"
    assert not state.history.can_undo          # the lesson's own history
    clock.advance(5)
    state.apply(i.SetSteps(33))                # an edit in the lesson: undoable there
    assert state.history.can_undo
    state.apply(li.NextScene())
    events = recorder(state)
    state.apply(li.LeaveLesson())
    assert state.lesson is None and any("lesson" in parts for parts in events)
    assert state.session == session
    assert state.document._replace(opened=0) == document._replace(opened=0)
    assert state.document.modified(state.session)
    assert state.history is history and history.undo_stack == undo_stack
    assert state.playback == playback and state.step == 7
    state.apply(i.Undo())
    state.apply(i.Undo())
    assert state.session.steps == sessions.default_session().steps


def test_a_scene_plays_from_its_first_step_and_stops_at_its_last():
    state, clock = edited_state()
    lesson = lessons.load(RATE)
    state.apply(li.StartLesson(lesson, RATE.name))
    state.apply(li.GoToScene(3))               # play 0 to 20 of 60 at 5 steps a second
    assert state.playing and state.step == 0 and state.playback.speed == 5
    clock.advance(2.0)
    state.apply(i.Tick(clock()))
    assert state.step == 10 and state.playing
    clock.advance(100.0)
    state.apply(i.Tick(clock()))
    assert state.step == 20 and not state.playing
    assert state.lesson.stop is None
    state.apply(i.Play())                      # the person plays on: to the end
    clock.advance(100.0)
    state.apply(i.Tick(clock()))
    assert state.step == 60


def test_a_choice_question_waits_then_plays():
    state, clock = edited_state()
    state.apply(li.StartLesson(lessons.load(RATE), RATE.name))
    state.apply(li.GoToScene(2))
    assert state.lesson.waiting == "choice" and not state.playing
    assert caption(state).options[2].startswith("Bounce further")
    state.apply(li.Choose(0))
    assert state.lesson.choice == 0 and state.playing
    text = caption(state).feedback
    assert text.startswith("Not quite: the answer is “Bounce further") and "1.2" in text
    state.apply(li.Choose(2))                  # answered: a second answer changes nothing
    assert state.lesson.choice == 0


def test_a_point_question_takes_the_click_as_the_guess_not_the_start():
    path = next(p for p in SHIPPED if any(
        s.question is not None and s.question.kind == "point" for s in lessons.load(p).scenes))
    lesson = lessons.load(path)
    k = next(k for k, s in enumerate(lesson.scenes)
             if s.question is not None and s.question.kind == "point")
    state, clock = edited_state()
    state.apply(li.StartLesson(lesson, path.name))
    state.apply(li.GoToScene(k))
    start = state.session.start
    assert state.lesson.waiting == "point" and not state.playing
    state.apply(i.SetStart(0.25, 0.5))
    assert state.session.start == start
    assert state.lesson.guess == (0.25, 0.5) and state.lesson.waiting is None
    question = lesson.scenes[k].question
    assert caption(state).feedback == ""       # not revealed before the step
    state.apply(i.Seek(question.reveal_step))
    x, y = lessons.answer_point(lesson.scenes[k])
    distance = ((x - 0.25) ** 2 + (y - 0.5) ** 2) ** 0.5
    assert f"{distance:.2g}" in caption(state).feedback
    state.apply(i.SetStart(0.1, 0.1))          # answered: clicks move the start again
    assert state.session.start == (0.1, 0.1)


def test_opening_a_file_ends_the_lesson():
    state, _ = edited_state()
    state.apply(li.StartLesson(lessons.load(RATE), RATE.name))
    state.apply(i.OpenSession(sessions.default_session(), name="other"))
    assert state.lesson is None and state.document.name == "other"


def test_a_second_lesson_keeps_the_first_window_to_come_back_to():
    state, _ = edited_state()
    session = state.session
    state.apply(li.StartLesson(lessons.load(RATE), RATE.name))
    state.apply(li.StartLesson(lessons.load(SHIPPED[0]), SHIPPED[0].name))
    state.apply(li.LeaveLesson())
    assert state.session == session


def test_a_scene_chooses_the_panel_the_inspector_shows():
    state, _ = edited_state()
    lesson = lessons.load(ADAM)
    state.apply(li.StartLesson(lesson, ADAM.name))
    assert lesson.scenes[0].inspect is None and state.view.inspected == 0
    state.apply(li.NextScene())                # Adam's first step: the Adam panel
    assert lesson.scenes[1].inspect == 1 and state.view.inspected == 1
    state.apply(i.Inspect(0))                  # the person looks elsewhere ...
    state.apply(li.PreviousScene())            # ... a scene naming none keeps that
    assert state.view.inspected == 0
    state.apply(li.GoToScene(4))
    assert state.view.inspected == 1


def test_an_opened_sessions_notes_show_close_and_come_back_and_a_lesson_goes_first():
    """An example's lesson text was only a status-bar line, cut off, gone after 30 s or a theme
    change: a session opened with notes shows its title and description as the caption
    (no scene counter), until closed; Help > Notes brings them back; a session without a
    description has none; a lesson's scene takes the caption and leaving it brings the notes
    back; pictures (notes=False) leave them out."""
    from gradviz.engine import session_io
    from gradviz.state import AppState

    example = session_io.load(REPO / "resources" / "examples" /
                              "2-learning-rate-too-large.gradviz.json")
    state = AppState(example, None, FakeClock())
    events = recorder(state)
    state.apply(i.OpenSession(example, notes=True))
    state.flush()
    shown = caption(state)
    assert shown.title == "A learning rate that is too large" and shown.counter == ""
    assert shown.narration == example.description and "lr < 2/20 = 0.1" in shown.narration
    assert any("notes" in parts for parts in events)
    assert caption(state, notes=False) is None          # not in exported pictures
    state.apply(i.ShowNotes(False))
    assert caption(state) is None and not state.view.notes
    state.apply(i.ShowNotes(True))
    assert caption(state).narration == example.description
    state.apply(i.OpenSession(example))                   # opened by the program: no notes
    assert caption(state) is None
    state.apply(i.OpenSession(example, notes=True))
    state.apply(li.StartLesson(lessons.load(RATE), RATE.name))
    state.flush()
    assert caption(state).counter == "1 / " + str(len(state.lesson.lesson.scenes))
    state.apply(li.LeaveLesson())
    assert caption(state).narration == example.description
    plain = sessions.default_session()
    assert not plain.description
    state.apply(i.OpenSession(plain, notes=True))
    state.flush()
    assert caption(state) is None and not state.view.notes
    state.apply(i.ShowNotes(True))                        # nothing to show: nothing changes
    assert not state.view.notes


def announcing_lesson(events):
    """One scene: descent on x² + 10y² from (-2.5, 1.5) at lr 0.11 (y is multiplied by
    1 - 20·0.11 = -1.2 a step: f = 28.75 at step 0 and 1.95² + 10·1.8² = 36.2 at step 1, the
    first overshoot), beside lr 0.02, which never overshoots."""
    return lessons.from_dict({
        "format": "gradviz-lesson", "version": 1, "title": "Too large",
        "scenes": [{"session": {"text": "x^2 + 10*y^2", "domain": [[-3, 3], [-3, 3]],
                                "start": [-2.5, 1.5], "steps": 30,
                                "panels": [{"optimizer": "gd", "hyper": {"lr": 0.02}},
                                           {"optimizer": "gd", "hyper": {"lr": 0.11}}]},
                    "narration": "Too large.", "play": {"from": 0, "to": 30, "speed": 10},
                    "events": events}]})


def test_a_scene_announces_the_events_it_names_as_playback_reaches_them():
    state, clock = edited_state()
    state.apply(li.StartLesson(announcing_lesson(["overshoot"]), "too-large"))
    assert state.step == 0 and caption(state).event == ""      # not reached yet
    clock.advance(0.15)                        # 10 steps a second
    state.apply(i.Tick(clock()))
    assert state.step == 1
    assert caption(state).event == (
        "Step 1, Gradient descent, lr 0.11: f rose for the first time, "
        "from 28.8 to 36.2: the step went past the lowest point on its way and landed "
        "higher up the other side")
    state.apply(i.Seek(20))                    # the last one reached stays
    assert caption(state).event.startswith("Step 1, Gradient descent, lr 0.11: f rose")
    state.apply(li.StartLesson(announcing_lesson([]), "too-large"))
    state.apply(i.Seek(20))                    # a scene that names none announces none
    assert caption(state).event == ""
