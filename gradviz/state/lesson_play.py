"""Handlers of the lesson player's intents (``state.lesson_intents``).

While a lesson is shown, ``state.lesson`` is a :class:`LessonRun`: the lesson, the scene
shown, what was on screen before it began (:class:`Before`), the step the scene's playback
stops at, and the answer given to the scene's question. Each scene is committed as a
document of its own ("the lesson's title", never a file, so Save asks where), with an undo
history of the lesson's own: the window's history is put aside when the lesson begins and
put back, untouched, when it ends.

Two intents mean something else in a lesson: a click on the landscape (``SetStart``) is the
guess while a "point" question waits for one, and the clock (``Tick``) stops at the step the
scene plays to.
"""

from __future__ import annotations

from typing import NamedTuple

from gradviz.state import document, edits, playback
from gradviz.state import intents as i
from gradviz.state import lesson_intents as li
from gradviz.state.history import NEVER, History
from gradviz.state.intents import SAVED
from gradviz.state.records import KEEP, Document, Update, View


class Before(NamedTuple):
    """The window as it was when the lesson began."""

    session: object
    document: object
    history: object          # the History object itself, kept as it was
    playback: object
    view: object
    typed: str
    function_session: object


class LessonRun(NamedTuple):
    """The lesson shown: scene ``index``; ``stop``: the step its playback stops at (None: no
    scene playback running); ``guess`` (x, y) or ``choice`` (an option's index): the answer
    given to the scene's question, None until then."""

    lesson: object
    name: str
    before: Before
    index: int = 0
    stop: int | None = None
    guess: tuple | None = None
    choice: int | None = None

    @property
    def scene(self):
        return self.lesson.scenes[self.index]

    @property
    def waiting(self) -> str | None:
        """"point" or "choice" while the scene's question waits for its answer, else None."""
        question = self.scene.question
        if question is None or self.guess is not None or self.choice is not None:
            return None
        return question.kind


def start_lesson(state, intent):
    run = state.lesson
    before = run.before if run is not None else Before(
        state.session, state.document, state.history, state.playback._replace(playing=False),
        state.view, state.editor.typed, state.function_session)
    return _show(state, LessonRun(intent.lesson, intent.name, before), 0, History())


def go_to_scene(state, intent):
    run = state.lesson
    if run is None:
        return None
    index = max(0, min(int(intent.index), len(run.lesson.scenes) - 1))
    return _show(state, run, index, "clear")


def next_scene(state, intent):
    run = state.lesson
    if run is None or run.index + 1 >= len(run.lesson.scenes):
        return None
    return go_to_scene(state, li.GoToScene(run.index + 1))


def previous_scene(state, intent):
    run = state.lesson
    if run is None or run.index == 0:
        return None
    return go_to_scene(state, li.GoToScene(run.index - 1))


def replay_scene(state, intent):
    run = state.lesson
    if run is None or run.waiting is not None:
        return None
    return _play(state, run)


def _show(state, run, index, history):
    """Scene ``index`` committed as the document (paused at its first step), then played."""
    scene = run.lesson.scenes[index]
    session = scene.session
    if scene.play is not None:
        session = session.replace(current_step=scene.play.start)
    return Update(session=session, edit=NEVER, history=history, step=session.current_step,
                  document=Document(None, run.lesson.title, SAVED,
                                    state.document.opened + 1),
                  playback=state.playback._replace(playing=False),
                  view=View(hover=None, inspected=_inspected(state, scene)),
                  function_session=None,
                  lesson=run._replace(index=index, stop=None, guess=None, choice=None),
                  then=li.PlayScene(index))


def _inspected(state, scene) -> int:
    """The panel the inspector shows in ``scene``: the one it names, else the one shown before
    (clamped to the scene's panels)."""
    if scene.inspect is not None:
        return scene.inspect
    return min(state.view.inspected, len(scene.session.panels) - 1)


def play_scene(state, intent):
    """The scene is on screen: play it, unless its question waits for an answer."""
    run = state.lesson
    if run is None or run.index != intent.index or run.waiting is not None:
        return None
    return _play(state, run)


def _play(state, run):
    """Play the scene from its first step to its last (``play``), at its speed."""
    play = run.scene.play
    if play is None:
        return None
    speed = state.playback.speed if play.speed is None else play.speed
    return Update(playback=state.playback._replace(step=play.start, playing=True, speed=speed,
                                                   last_tick=state.clock(), carry=0.0),
                  lesson=run._replace(stop=play.stop))


def leave_lesson(state, intent):
    """The window as before the lesson: its session, file, undo history, playback, view."""
    run = state.lesson
    if run is None:
        return None
    before = run.before
    then = i.EditText(before.typed) if before.typed != before.session.text else None
    return Update(session=before.session, edit=NEVER, history=before.history,
                  step=before.playback.step,
                  document=before.document._replace(opened=state.document.opened + 1),
                  playback=before.playback, view=before.view,
                  function_session=before.function_session, lesson=None,
                  then=KEEP if then is None else then)


def guess(state, intent):
    run = state.lesson
    if run is None or run.waiting != "point":
        return None
    run = run._replace(guess=(float(intent.x), float(intent.y)))
    return _play(state, run) or Update(lesson=run)


def choose(state, intent):
    run = state.lesson
    if run is None or run.waiting != "choice":
        return None
    if not 0 <= intent.index < len(run.scene.question.options):
        return None
    run = run._replace(choice=int(intent.index))
    return _play(state, run) or Update(lesson=run)


# --- intents that mean something else in a lesson ---------------------------------------------


def set_start_or_guess(state, intent):
    """A click on the landscape: the guess while a point question waits, else the start."""
    run = state.lesson
    if run is not None and run.waiting == "point":
        return guess(state, li.Guess(intent.x, intent.y))
    return edits.set_start(state, intent)


def tick(state, intent):
    """The clock; a scene's playback stops at its last step (``LessonRun.stop``)."""
    update = playback.tick(state, intent)
    run = state.lesson
    if update is None or run is None or run.stop is None:
        return update
    moved = update.playback
    if state.playback.step > run.stop:   # scrubbed past it meanwhile: the scene's is done
        return update._replace(lesson=run._replace(stop=None))
    if moved.step >= run.stop:
        return update._replace(playback=moved._replace(step=run.stop, playing=False, carry=0.0),
                               lesson=run._replace(stop=None))
    return update


def open_session(state, intent):
    """Another document opened during a lesson ends it (the lesson is not a file to keep)."""
    return document.open_session(state, intent)._replace(lesson=None)


HANDLERS = {
    li.StartLesson: start_lesson, li.GoToScene: go_to_scene, li.NextScene: next_scene,
    li.PreviousScene: previous_scene, li.ReplayScene: replay_scene, li.PlayScene: play_scene,
    li.LeaveLesson: leave_lesson, li.Guess: guess, li.Choose: choose,
    i.SetStart: set_start_or_guess, i.Tick: tick, i.OpenSession: open_session,
}
"""Merged last into ``AppState``'s handlers: SetStart, Tick and OpenSession are these."""
