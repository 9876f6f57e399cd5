"""What the lesson player shows, read from the state: the caption (title, scene counter,
narration, the question and its answer) and the guess beside the point it was a guess of."""

from __future__ import annotations

from typing import NamedTuple


class GuessShown(NamedTuple):
    """A point question's guess, for a picture of the scene: ``point`` (x, y) clicked, the
    question's ``panel`` and ``reveal_step``, and ``answer`` (x, y): where that panel's run is
    at that step (a picture shows it from that step on)."""

    point: tuple
    panel: int
    reveal_step: int
    answer: tuple


class Caption(NamedTuple):
    """The caption band's words. ``waiting``: "point" or "choice" while the question waits for
    its answer; ``options`` a choice question's; ``feedback`` the answer, once it is known;
    ``event`` the line of the last event of the kinds the scene announces (``Scene.events``)
    that playback has reached, "" before one (and while a question waits)."""

    title: str
    counter: str          # "2 / 5"
    narration: str
    prompt: str = ""
    options: tuple = ()
    waiting: str | None = None
    feedback: str = ""
    highlight: tuple = ()
    guess: GuessShown | None = None
    event: str = ""


NOTES_TITLE = "About this session"
"""The notes' heading when the session has a description but no title."""


def caption(state, notes: bool = True) -> Caption | None:
    """The caption of the scene shown; outside a lesson, the session's notes (its title and
    description, ``counter`` "") while they are shown and ``notes`` is True; else None."""
    run = state.lesson
    if run is None:
        session = state.session
        if notes and state.view.notes and session.description:
            return Caption(session.title or NOTES_TITLE, "", session.description)
        return None
    scene, question = run.scene, run.scene.question
    head = Caption(run.lesson.title, f"{run.index + 1} / {len(run.lesson.scenes)}",
                   scene.narration, highlight=scene.highlight,
                   event="" if run.waiting else announced_event(state, scene.events))
    if question is None:
        return head
    return head._replace(prompt=question.prompt, options=question.options,
                         waiting=run.waiting, feedback=_feedback(state, run, question),
                         guess=_guess_shown(state, run, question))


def announced_event(state, kinds) -> str:
    """The line of the last event of ``kinds`` (``engine.events.KINDS``) at or before the
    step on screen ("Step 44, Adam, lr 0.1: Adam's bias correction has faded: ..."; its
    text says what happened), naming its panel's run where there are several (an overtaking
    names both already); "" when none is reached."""
    if not kinds:
        return ""
    from gradviz.engine.events import panel_labels
    from gradviz.state.event_query import run_events

    reached = [e for e in run_events(state) if e.kind in kinds and e.step <= state.step]
    if not reached:
        return ""
    event = reached[-1]
    if len(state.runs) == 1 or event.kind == "overtake":
        return f"Step {event.step}: {event.text}"
    label = panel_labels([run.trajectory for run in state.runs])[event.panel]
    return f"Step {event.step}, {label}: {event.text}"


def _guess_shown(state, run, question) -> GuessShown | None:
    if question.kind != "point" or run.guess is None or not state.runs:
        return None
    panel = min(question.panel, len(state.runs) - 1)
    points = state.runs[panel].trajectory.points
    x, y = points[min(question.reveal_step, len(points) - 1)]
    return GuessShown(run.guess, panel, question.reveal_step, (float(x), float(y)))


def _feedback(state, run, question) -> str:
    if question.kind == "choice":
        if run.choice is None:
            return ""
        if run.choice == question.answer:
            return f"Right: {question.explanation}"
        return (f"Not quite: the answer is “{question.options[question.answer]}”. "
                f"{question.explanation}")
    revealed = guess_and_answer(state)
    if revealed is None or revealed[1] is None:
        return ""
    (gx, gy), (ax, ay) = revealed
    distance = ((gx - ax) ** 2 + (gy - ay) ** 2) ** 0.5
    text = (f"At step {question.reveal_step} the run is at ({ax:.3g}, {ay:.3g}); your guess "
            f"({gx:.3g}, {gy:.3g}) was {distance:.2g} away.")
    return f"{text} {question.explanation}".strip()


def guess_and_answer(state):
    """((x, y) of the guess, (x, y) of the answer or None before playback reaches the
    question's step), or None when no guess was clicked. The answer is where the question's
    panel is at its step, as the runs on screen say."""
    run = state.lesson
    if run is None or run.guess is None:
        return None
    question = run.scene.question
    panel = min(question.panel, len(state.runs) - 1)
    if state.step < question.reveal_step or panel < 0:
        return run.guess, None
    points = state.runs[panel].trajectory.points
    x, y = points[min(question.reveal_step, len(points) - 1)]
    return run.guess, (float(x), float(y))
