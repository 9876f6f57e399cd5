"""Lessons: a title, a summary and a sequence of scenes, each a whole Session with a caption.

A lesson file (``*.gradviz-lesson.json``, documented in docs/lesson-format.md) is read by
:func:`load` (checks in :mod:`gradviz.engine.lesson_io`): every scene's session is merged
from the scene before and checked by the session code, so a player only applies
``scene.session`` and shows ``scene.narration``. Nothing in a lesson is executed; a broken or
hostile file raises :class:`LessonError` with one line naming the field.

    lesson = load(path)                 # Lesson
    for scene in lesson.scenes:         # Scene: session, narration, play, highlight,
        ...                             # question, inspect, backprop, events
    shipped()                           # the lessons gradviz ships, sorted by file name
    answer_point(scene)                 # where a "point" question's panel is at its step
"""

from __future__ import annotations

from gradviz.engine.lesson_io import decode, lesson, read_file
from gradviz.engine.lesson_types import (  # noqa: F401 (this module's API)
    BACKPROP_PASSES,
    FORMAT,
    HIGHLIGHTS,
    PLAY_SPEEDS,
    SUFFIX,
    VERSION,
    Lesson,
    LessonError,
    Play,
    Question,
    Scene,
)


def load(path) -> Lesson:
    """Read and check the lesson file at ``path``; LessonError for any problem."""
    return from_json(read_file(path))


def from_json(text: str) -> Lesson:
    """A checked Lesson from JSON text."""
    return lesson(decode(text))


def from_dict(data) -> Lesson:
    """A checked Lesson from a decoded JSON object."""
    return lesson(data)


def shipped() -> list:
    """The lesson files gradviz ships (resources/lessons), sorted by name."""
    from gradviz.resources import lessons

    return lessons()


def read_title(path) -> str:
    """A lesson's title without checking its scenes (no function is parsed: for a menu)."""
    data = decode(read_file(path))
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else ""


def answer_point(scene: Scene) -> tuple:
    """(x, y) of a "point" question's answer: its panel's point at its reveal step."""
    from gradviz.engine.scene import compute_run, objective_for

    question = scene.question
    if question is None or question.kind != "point":
        raise ValueError("this scene asks no point question")
    session = scene.session
    run = compute_run(objective_for(session), session, question.panel).trajectory
    x, y = run.points[question.reveal_step]
    return float(x), float(y)
