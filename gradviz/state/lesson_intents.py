"""The lesson player's intents (handled in ``state.lesson_play``): start a lesson, move between
its scenes, answer a scene's question, leave. A lesson is an ``engine.lessons.Lesson``, read
and checked before it gets here (a broken file never reaches the state)."""

from __future__ import annotations

from typing import NamedTuple


class StartLesson(NamedTuple):
    """Show ``lesson`` from its first scene; ``name`` says where it came from (a file name).
    The window as it was (session, file, undo history, playback) comes back on LeaveLesson."""
    lesson: object
    name: str = ""


class GoToScene(NamedTuple):
    """Show scene ``index`` (0-based, clamped) of the lesson shown."""
    index: int


class NextScene(NamedTuple):
    pass


class PreviousScene(NamedTuple):
    pass


class ReplayScene(NamedTuple):
    """Play the scene again from its first step (what the scene says)."""


class LeaveLesson(NamedTuple):
    """End the lesson: the session, file, undo history and playback as before it began."""


class Guess(NamedTuple):
    """The answer to a "point" question: a click on the landscape at (x, y)."""
    x: float
    y: float


class Choose(NamedTuple):
    """The answer to a "choice" question: option ``index`` (0-based)."""
    index: int


class PlayScene(NamedTuple):
    """Internal: scene ``index`` is on screen (its session committed): play what it says."""
    index: int
