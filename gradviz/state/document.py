"""Handlers of the document intents: open a session, mark it saved, undo and redo."""

from __future__ import annotations

import os

from gradviz.state import intents as i
from gradviz.state.history import NEVER
from gradviz.state.records import KEEP, Document, Update, View, content

UNTITLED = "Untitled"


def open_session(state, intent):
    """The session becomes the document: a fresh undo history, playback paused at the step it
    was saved at, its own zoom and probe; what was typed and not valid (an autosave) after."""
    session = intent.session
    then = KEEP
    if intent.typed is not None and intent.typed != session.text:
        then = i.EditText(intent.typed)
    inspected = min(state.view.inspected, len(session.panels) - 1)
    return Update(session=session, edit=NEVER, history="clear", step=session.current_step,
                  document=Document(intent.path, intent.name, intent.saved,
                                    state.document.opened + 1),
                  playback=state.playback._replace(playing=False),
                  view=View(hover=None, inspected=inspected,
                            notes=intent.notes and bool(session.description)),
                  function_session=None,
                  then=then)


def show_notes(state, intent):
    on = bool(intent.on) and bool(state.session.description)
    return Update(view=state.view._replace(notes=on)) if on != state.view.notes else None


def mark_saved(state, intent):
    path = None if intent.path is None else os.fspath(intent.path)
    name = intent.name or (os.path.basename(path) if path else UNTITLED)
    return Update(document=state.document._replace(path=path, name=name,
                                   saved=content(state.session)))


def undo(state, intent):
    return Update(restore="undo") if state.history.can_undo else None


def redo(state, intent):
    return Update(restore="redo") if state.history.can_redo else None


HANDLERS = {i.OpenSession: open_session, i.MarkSaved: mark_saved, i.Undo: undo, i.Redo: redo,
            i.ShowNotes: show_notes}
