"""File handling for the main window: New, Open, Save, Save As, Open Recent, Examples, Export,
the title bar (file name, unsaved mark), the question on close, and autosave (autosave.py).

``Documents(window)`` (``MainWindow.start_documents``) adds its actions to the window's File
menu, shows the document in the title bar as the state changes, and watches the close event
(an event filter). Which file is shown and whether it has unsaved changes is the state's
(``state.document``): "unsaved changes" means what the session computes and shows (function,
parameters, panels, start, steps, display options), not the playback position or the zoom:
those are saved too, but moving them is not an edit.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from gradviz.engine import session as sessions
from gradviz.engine import session_io
from gradviz.state.document import UNTITLED
from gradviz.state.intents import MarkSaved, OpenSession

FILTER = "gradviz sessions (*.gradviz.json);;All files (*)"
MAX_RECENT = 8
TITLE_PARTS = frozenset({"session", "document"})


def current_session(window, wait=True):
    """The window's session with what only the window knows: the step and the zoomed view.
    ``wait``: a function being prepared is waited for (Save, Export); without it (autosave)
    the last committed session is taken, and the GUI thread never waits for a job."""
    state = window.state
    if wait:
        state.flush()
    view = window.views[0].view_range() if window.views else None
    return state.session.replace(current_step=state.step,
                                 view=tuple(tuple(float(v) for v in r) for r in view))


class Documents(QObject):
    def __init__(self, window, settings=None):
        super().__init__(window)
        self.window = window
        self.state = window.state
        self.settings = settings or QSettings()
        self._announce = None   # (Document.opened before, status text, ms) of an opening
        self._build_menu()
        from gradviz.gui.autosave import Autosave

        self.autosave = Autosave(self)
        self.state.changed.connect(self._on_state_changed)
        window.installEventFilter(self)
        self.update_title()

    def start(self, path=None):
        """At start-up: open ``path`` (``gradviz FILE``), else offer a crashed session back.
        With a file given, a crashed session waits for the next start."""
        if path:
            self.open_path(path)
        else:
            self.autosave.offer_restore()

    # --- menu ------------------------------------------------------------------------------

    def _build_menu(self):
        from gradviz.gui.menus import add_action

        window = self.window
        file_menu = next(m for m in window.menuBar().findChildren(QMenu)
                         if m.title().replace("&", "") == "File")
        quit_action = file_menu.actions()[-1] if file_menu.actions() else None
        staging = QMenu("staging", window)
        self.actions = {
            "new": add_action(window, staging, "&New", ["Ctrl+N"], self.new),
            "open": add_action(window, staging, "&Open...", ["Ctrl+O"], self.open),
        }
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.examples_menu = QMenu("&Examples", window)
        self._fill_examples()
        self.actions["save"] = add_action(window, staging, "&Save", ["Ctrl+S"], self.save)
        self.actions["save_as"] = add_action(window, staging, "Save &As...", ["Ctrl+Shift+S"],
                                             self.save_as)
        self.actions["export_picture"] = add_action(
            window, staging, "Export &Picture...", ["Ctrl+E"], lambda: self.export("picture"))
        self.actions["export_animation"] = add_action(
            window, staging, "Export A&nimation...", ["Ctrl+Shift+E"],
            lambda: self.export("animation"))
        self.actions["export_data"] = add_action(
            window, staging, "Export &Data...", [], lambda: self.export("data"))
        a = self.actions
        order = [a["new"], a["open"], self.recent_menu.menuAction(),
                 self.examples_menu.menuAction(), None, a["save"], a["save_as"], None,
                 a["export_picture"], a["export_animation"], a["export_data"], None]
        order.insert(4, window.menus.load_data)   # the regression mode's, after Examples
        for item in order:
            if item is None:
                file_menu.insertSeparator(quit_action)
            else:
                file_menu.insertAction(quit_action, item)

    def _fill_recent(self):
        self.recent_menu.clear()
        for path in self.recent():
            action = self.recent_menu.addAction(os.path.basename(path))
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def _fill_examples(self):
        from gradviz.resources import ResourcesNotFound, examples

        try:
            paths = examples()
        except ResourcesNotFound:
            paths = []
        for path in paths:
            try:  # the title alone: checking a whole session parses its function (sympy)
                title = session_io.read_title(path) or path.name
            except session_io.SessionError:
                continue
            action = self.examples_menu.addAction(title)
            action.triggered.connect(lambda _=False, p=path: self.open_example(p))
        self.examples_menu.setEnabled(bool(self.examples_menu.actions()))

    # --- the document in the title bar ---------------------------------------------------

    @property
    def path(self):
        return self.state.document.path

    @property
    def name(self):
        return self.state.document.name

    @property
    def modified(self):
        return self.state.document.modified(self.state.session)

    def _on_state_changed(self, parts):
        if parts & TITLE_PARTS:
            self.update_title()
        if "document" in parts and self._announce is not None:
            if self.state.document.opened != self._announce[0]:   # committed: say so
                _, text, ms = self._announce
                self._announce = None
                self.window.statusBar().showMessage(text, ms)

    def _open_session(self, session, path=None, name=None, text="", ms=5000):
        """Show ``session`` as the document, its notes (title and description) under the
        panels; ``text`` goes to the status bar once it shows (its function may be prepared
        off the GUI thread first)."""
        self._announce = (self.state.document.opened, text, ms) if text else None
        self.state.apply(OpenSession(session, path, name or UNTITLED, notes=True))

    def update_title(self):
        window = self.window
        title = self.state.session.title
        shown = f"{self.name} ({title})" if title and self.path is None else self.name
        if window.windowTitle() != f"{shown}[*] \u2014 gradviz":
            window.setWindowTitle(f"{shown}[*] \u2014 gradviz")
        window.setWindowModified(self.modified)

    # --- commands ----------------------------------------------------------------------------

    def new(self):
        if self.maybe_save():
            self.state.apply(OpenSession(sessions.default_session()))

    def open(self, path=None):
        """Open ``path`` (or ask for one). A broken file: one dialog, the session unchanged."""
        if not self.maybe_save():
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Open a session",
                                                  self._folder(), FILTER)
            if not path:
                return False
        return self.open_path(path)

    def open_path(self, path):
        try:
            session = session_io.load(path)
        except session_io.SessionError as error:
            self.error(f"Cannot open {os.path.basename(os.fspath(path))}", error.message)
            return False
        path = os.fspath(path)
        self._open_session(session, path, os.path.basename(path), f"Opened {path}")
        self.add_recent(path)
        return True

    def open_example(self, path):
        """An example opens as an untitled copy: Save asks where, the original stays as it is."""
        if not self.maybe_save():
            return False
        try:
            session = session_io.load(path)
        except session_io.SessionError as error:
            self.error(f"Cannot open the example {os.path.basename(os.fspath(path))}",
                       error.message)
            return False
        self._open_session(session, text=f"Opened the example: {session.title or UNTITLED}")
        return True

    def save(self):
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self):
        start = self.path or os.path.join(self._folder(), _file_name(self.window))
        path, _ = QFileDialog.getSaveFileName(self.window, "Save the session", start, FILTER)
        if not path:
            return False
        if not path.endswith(session_io.SUFFIX):
            path = path[: -len(".json")] if path.endswith(".json") else path
            path += session_io.SUFFIX
        return self.save_to(path)

    def current_session(self, wait=True):
        """What Save writes: the session with the step and the zoomed view on screen."""
        return current_session(self.window, wait)

    def save_to(self, path):
        try:
            session_io.save(self.current_session(), path)
        except (OSError, ValueError) as error:
            self.error(f"Cannot save {os.path.basename(path)}", str(error))
            return False
        self.state.apply(MarkSaved(path))
        self.add_recent(path)
        self.window.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def export(self, kind):
        from gradviz.gui.export_dialog import ExportDialog

        ExportDialog(self.window, kind, current_session(self.window), self._folder()).run()

    def maybe_save(self):
        """True when it is fine to drop the session on screen (saved, or the user said so).
        In a lesson, the session before it is the one asked about: the lesson ends first."""
        if self.state.lesson is not None:
            from gradviz.state.lesson_intents import LeaveLesson

            self.state.apply(LeaveLesson())
            self.state.flush()
        if not self.modified:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                          f"Save the changes to {self.name} first?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("unsaved_changes")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def error(self, title, message):
        box = QMessageBox(QMessageBox.Icon.Warning, title, f"{title}.",
                          QMessageBox.StandardButton.Ok, self.window)
        box.setInformativeText(message)  # the one line naming the problem
        # it quotes the file: shown as rich text, an <img> in it would be read from disk
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("file_error")
        box.exec()

    def _folder(self):
        if self.path:
            return os.path.dirname(self.path)
        recent = self.recent()
        return os.path.dirname(recent[0]) if recent else os.path.expanduser("~")

    # --- recent files ------------------------------------------------------------------------

    def recent(self):
        value = self.settings.value("recent_files", [])
        paths = [value] if isinstance(value, str) else list(value or [])
        return [p for p in paths if isinstance(p, str)][:MAX_RECENT]

    def add_recent(self, path):
        path = os.path.abspath(path)
        paths = [path] + [p for p in self.recent() if p != path]
        self.settings.setValue("recent_files", paths[:MAX_RECENT])

    # --- closing -----------------------------------------------------------------------------

    def eventFilter(self, watched, event):
        if watched is self.window and event.type() == QEvent.Type.Close:
            if not self.maybe_save():
                event.ignore()
                return True
            self.autosave.discard()
        return False


def _file_name(window):
    title = window.state.session.title
    stem = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-") or "session"
    while "--" in stem:
        stem = stem.replace("--", "-")
    return stem[:40] + session_io.SUFFIX
