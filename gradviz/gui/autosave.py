"""Autosave: the session on screen is written to the user's data folder a few seconds after each
edit, and a session left behind by a gradviz that did not close properly is offered back.

Files, in ``QStandardPaths.AppDataLocation/autosave`` (``~/.local/share/gradviz/gradviz/autosave``
on Linux): per running gradviz, ``<id>.gradviz.json`` (an ordinary session file), ``<id>.meta.json``
(the file it belongs to, and the function text exactly as typed, even when it does not parse yet,
so nothing typed is lost) and ``<id>.lock`` (a QLockFile held while that gradviz runs). A clean
close deletes all three. At start, a session whose lock nobody holds (its gradviz was killed or
crashed) is offered back, newest first; after the offer it is deleted either way.
"""

from __future__ import annotations

import json
import os
import time
import uuid

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from gradviz.engine import session_io
from gradviz.engine.files import atomic_path
from gradviz.state.intents import OpenSession
from gradviz.state.records import content

DELAY_MS = 3000  # after the first unsaved edit; further edits ride along
CHANGE_PARTS = frozenset({"session", "typed", "document"})


def folder():
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return os.path.join(base, "autosave")


class Autosave(QObject):
    def __init__(self, documents):
        super().__init__(documents)
        self.documents = documents
        self.window = documents.window
        self.state = documents.window.state
        self.folder = folder()
        self.id = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.lock = None
        self._written = None  # (content, editor text) of the last autosave
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self.write)
        self.state.changed.connect(self._on_state_changed)

    def _paths(self, ident=None):
        base = os.path.join(self.folder, ident or self.id)
        return base + session_io.SUFFIX, base + ".meta.json", base + ".lock"

    def _kept(self):
        """What an autosave keeps: the session's content and the text typed."""
        return content(self.state.session), self.state.editor.typed

    def _on_state_changed(self, parts):
        # a lesson's scenes are not the user's work: what autosave kept stays until it ends
        if parts & CHANGE_PARTS and self.state.lesson is None:
            self.changed()

    def changed(self):
        """Something may have changed: autosave in a few seconds if it differs from the last."""
        if self._timer.isActive():
            return
        kept = self._kept()
        if kept[0] == self.state.document.saved and self._written is None and (
                kept[1] == kept[0].text):
            return  # nothing to keep: the session is as it was opened or saved
        if kept != self._written:
            self._timer.start()

    def write(self):
        os.makedirs(self.folder, exist_ok=True)
        if self.lock is None:
            self.lock = QLockFile(self._paths()[2])
            self.lock.setStaleLockTime(0)  # only a dead owner makes it stale, never age
            self.lock.tryLock(0)
        session_path, meta_path, _ = self._paths()
        # the session shown, not a function still being prepared: waiting for its job would
        # hold the window up to the job's budget; the text typed is kept beside it (meta)
        session = self.documents.current_session(wait=False)
        meta = {"path": self.state.document.path, "name": self.state.document.name,
                "typed_text": self.state.editor.typed, "saved_at": time.time()}
        try:
            session_io.save(session, session_path)
            with atomic_path(meta_path) as temporary:
                with open(temporary, "w", encoding="utf-8") as stream:
                    json.dump(meta, stream)
        except (OSError, ValueError) as error:
            self.window.statusBar().showMessage(f"Autosave failed: {error}", 10_000)
            return
        self._written = self._kept()

    def discard(self):
        """A clean close: nothing to restore next time."""
        self._timer.stop()
        for path in self._paths()[:2]:
            if os.path.exists(path):
                os.unlink(path)
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None

    # --- after a crash -------------------------------------------------------------------------

    def orphans(self):
        """[(saved_at, id)] of autosaves whose gradviz is gone, newest first."""
        if not os.path.isdir(self.folder):
            return []
        found = []
        for name in os.listdir(self.folder):
            if not name.endswith(session_io.SUFFIX):
                continue
            ident = name[: -len(session_io.SUFFIX)]
            if ident == self.id:
                continue
            lock = QLockFile(self._paths(ident)[2])
            lock.setStaleLockTime(0)
            if not lock.tryLock(0):
                continue  # another gradviz is running with it
            lock.unlock()
            found.append((os.path.getmtime(os.path.join(self.folder, name)), ident))
        return sorted(found, reverse=True)

    def offer_restore(self):
        """Ask whether to restore the newest orphaned autosave; True when it was restored."""
        orphans = self.orphans()
        if not orphans:
            return False
        ident = orphans[0][1]
        session_path, meta_path, _ = self._paths(ident)
        restored = False
        try:
            session = session_io.load(session_path)
            meta = _read_meta(meta_path)
        except session_io.SessionError:
            session = None
        if session is not None:
            when = time.strftime("%H:%M on %d %b", time.localtime(orphans[0][0]))
            box = QMessageBox(QMessageBox.Icon.Question, "Restore the last session?",
                              f"gradviz did not close properly. Restore the session "
                              f"\u201c{meta.get('name') or 'Untitled'}\u201d as it was at "
                              f"{when}?",
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                              self.window)
            box.setTextFormat(Qt.TextFormat.PlainText)   # it names a file
            box.setObjectName("restore_autosave")
            box.button(QMessageBox.StandardButton.Yes).setText("Restore")
            box.button(QMessageBox.StandardButton.No).setText("Discard")
            if box.exec() == QMessageBox.StandardButton.Yes:
                self._restore(session, meta)
                restored = True
        for other in orphans:
            for path in self._paths(other[1]):
                if os.path.exists(path):
                    os.unlink(path)
        return restored

    def _restore(self, session, meta):
        path = meta.get("path") if isinstance(meta.get("path"), str) else None
        name = os.path.basename(path) if path else "Untitled"
        typed = meta.get("typed_text")
        if not (isinstance(typed, str) and len(typed) <= 10_000):
            typed = None
        # Restored edits are unsaved edits (saved=None): the file on disk (if any) does not
        # have them. What was typed comes back with its error, as when it was typed.
        self.state.apply(OpenSession(session, path, name, saved=None, typed=typed))
        self.state.flush()   # at start-up: the restored session is prepared, then kept
        self.write()


def _read_meta(path):
    try:
        with open(path, encoding="utf-8") as stream:
            meta = json.load(stream)
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}
