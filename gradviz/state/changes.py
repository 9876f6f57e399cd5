"""Naming what an intent changed: a snapshot of the state before, compared with the state
after, gives the parts of the change event (Session field names plus "session", "step",
"playing", "hover", "typed", "error", "objective", "landscape", "runs", ...)."""

from __future__ import annotations

from dataclasses import fields

from gradviz.engine.session import Session

SESSION_FIELDS = tuple(f.name for f in fields(Session))
PLAYBACK_PARTS = ("step", "playing", "speed", "loop")   # not the clock's bookkeeping
VIEW_PARTS = ("hover", "inspected", "notes")
EDITOR_PARTS = ("typed", "error", "gradient")
EVERYTHING = frozenset(("session",) + SESSION_FIELDS + PLAYBACK_PARTS + VIEW_PARTS + EDITOR_PARTS
                       + ("document", "problem", "history", "objective", "landscape", "runs",
                          "lesson"))
"""Every part: what a presenter shows when it begins (as if everything had changed)."""


def snapshot(state) -> tuple:
    """What ``between`` compares: the records, and the computed parts by identity."""
    return (state.session, state.playback, state.view, state.editor, state.document,
            state.problem, state.objective, state.landscape, tuple(map(id, state.runs)),
            (state.history.can_undo, state.history.can_redo), state.lesson)


def between(before, state) -> frozenset:
    """The names of the parts of ``state`` that differ from the snapshot ``before``."""
    session, play, view, editor, doc, problem, objective, landscape, runs, history, lesson = before
    parts = set()
    if session is not state.session and session != state.session:
        parts.add("session")
        parts.update(name for name in SESSION_FIELDS
                     if getattr(session, name) != getattr(state.session, name))
    for old, new, names in ((play, state.playback, PLAYBACK_PARTS), (view, state.view, VIEW_PARTS),
                            (editor, state.editor, EDITOR_PARTS)):
        parts.update(name for name in names if getattr(old, name) != getattr(new, name))
    after = snapshot(state)
    for name, old, new in (("document", doc, after[4]), ("problem", problem, after[5]),
                           ("history", history, after[9]), ("runs", runs, after[8])):
        if old != new:
            parts.add(name)
    if objective is not state.objective:   # by identity: a landscape holds numpy arrays
        parts.add("objective")
    if landscape is not state.landscape:
        parts.add("landscape")
    if lesson != state.lesson:   # the lesson, its scene, its answer, its playback's stop
        parts.add("lesson")
    return frozenset(parts)
