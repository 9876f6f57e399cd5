"""File handling for the main window: New, Open, Save, Save As, Open Recent, Examples, Export,
the title bar (file name, unsaved mark), the question on close, and autosave (autosave.py).

``Documents(window)`` adds its actions to the window's File menu and watches the close event
(an event filter), so MainWindow needs no code of its own. "Unsaved changes" means what the
session computes and shows (function, parameters, panels, start, steps, display options), not
the playback position or the zoom: those are saved too, but moving them is not an edit.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from gradviz.engine import session as sessions
from gradviz.engine import session_io

FILTER = "gradviz sessions (*.gradviz.json);;All files (*)"
MAX_RECENT = 8
WATCH_MS = 500  # catch-all check for edits that emit no controller signal (a layer toggle)
UNTITLED = "Untitled"


def current_session(window):
    """The window's session with what only the window knows: the step and the zoomed view."""
    controller = window.controller
    controller.flush()
    view = window.views[0].view_range() if window.views else None
    return controller.session.replace(current_step=controller.step,
                                      view=tuple(tuple(float(v) for v in r) for r in view))


def content(session):
    """What counts as an edit: the session without its step and view."""
    return session.replace(current_step=0, view=None)


class Documents(QObject):
    def __init__(self, window, settings=None):
        super().__init__(window)
        self.window = window
        self.path = None
        self.name = UNTITLED
        self.settings = settings or QSettings()
        self._saved = content(window.controller.session)
        self._build_menu()
        from gradviz.gui.autosave import Autosave

        self.autosave = Autosave(self)
        c = window.controller
        for signal in (c.session_changed, c.landscape_changed, c.trajectories_changed):
            signal.connect(self.check)
        self._watch = QTimer(self, interval=WATCH_MS)
        self._watch.timeout.connect(self.check)
        self._watch.start()
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
        load_data = getattr(getattr(window, "regression", None), "load_action", None)
        if load_data is not None:   # the regression mode's File > Load Data, after Examples
            order.insert(4, load_data)
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

    # --- state -------------------------------------------------------------------------------

    @property
    def modified(self):
        return content(self.window.controller.session) != self._saved

    def check(self, *_):
        """After any change: the unsaved mark, and autosave a few seconds later."""
        self.update_title()
        self.autosave.changed()

    def update_title(self):
        window = self.window
        title = self.window.controller.session.title
        shown = f"{self.name} ({title})" if title and self.path is None else self.name
        if window.windowTitle() != f"{shown}[*] \u2014 gradviz":
            window.setWindowTitle(f"{shown}[*] \u2014 gradviz")
        window.setWindowModified(self.modified)

    def _mark_saved(self, path, name=None):
        self.path = None if path is None else os.fspath(path)
        self.name = name or (os.path.basename(self.path) if self.path else UNTITLED)
        self._saved = content(self.window.controller.session)
        if self.path:
            self.add_recent(self.path)
        self.update_title()

    # --- commands ----------------------------------------------------------------------------

    def new(self):
        if self.maybe_save():
            self._show(sessions.default_session())
            self._mark_saved(None)

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
        self._show(session)
        self._mark_saved(path)
        self.window.statusBar().showMessage(f"Opened {path}", 5000)
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
        self._show(session)
        self._mark_saved(None)
        self.window.statusBar().showMessage(session.description, 30_000)
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

    def save_to(self, path):
        try:
            session_io.save(current_session(self.window), path)
        except (OSError, ValueError) as error:
            self.error(f"Cannot save {os.path.basename(path)}", str(error))
            return False
        self._mark_saved(path)
        self.window.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def export(self, kind):
        from gradviz.gui.export_dialog import ExportDialog

        ExportDialog(self.window, kind, current_session(self.window), self._folder()).run()

    def maybe_save(self):
        """True when it is fine to drop the session on screen (saved, or the user said so)."""
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
        box.setObjectName("file_error")
        box.exec()

    def _show(self, session):
        from gradviz.gui.export import show_session

        self.window.controller.pause()
        show_session(self.window, session)

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
    title = window.controller.session.title
    stem = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-") or "session"
    while "--" in stem:
        stem = stem.replace("--", "-")
    return stem[:40] + session_io.SUFFIX
