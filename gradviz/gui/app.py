"""Start the window: ``run_app(args)`` for the ``gradviz`` command, ``--screenshot`` included."""

import logging
import os
import sys
import traceback

from gradviz.gui.qt_app import app_icon, start_qt  # noqa: F401 (app_icon: the app's icon)

DEFAULT_SIZE = (1680, 960)
MIN_SIZE = (1024, 640)

startup_observers = []
"""Callables ``observer(stage, window)`` told of each stage of start-up: "window_start",
"window_built", "documents_start", "documents_built" (``gradviz.bench.first_frame`` times
them; window is None before it exists)."""


def _notify(stage, window=None):
    for observer in startup_observers:
        observer(stage, window)


def create_window(session=None, runner=None):
    """The QApplication (created if needed) and a main window on an application state holding
    ``session`` (default: the default session), not computed yet (``open_session``). Slow work
    runs on ``runner`` (default: a ``QtJobRunner``, worker threads)."""
    _notify("window_start")
    app = start_qt()   # a Qt platform that cannot start ends here with one line, not an abort
    from gradviz.gui.jobs import QtJobRunner
    from gradviz.gui.main_window import MainWindow
    from gradviz.state import AppState

    runner = runner or QtJobRunner()
    window = MainWindow(AppState(session, runner))
    runner.setParent(window)
    window.setMinimumSize(*MIN_SIZE)
    _notify("window_built", window)
    return app, window


def open_session(window, session=None):
    """Show ``session`` (default: the window's) as the document, untitled."""
    from gradviz.state.intents import OpenSession

    window.state.apply(OpenSession(session or window.state.session))


def initial_size(app, requested=None):
    """The requested size, or the default clipped to 95% of the screen's free area."""
    if requested:
        return requested
    screen = app.primaryScreen()
    if screen is None:
        return DEFAULT_SIZE
    free = screen.availableGeometry()
    return (min(DEFAULT_SIZE[0], int(free.width() * 0.95)),
            min(DEFAULT_SIZE[1], int(free.height() * 0.95)))


def run_app(args):
    """Open the window (or render it to ``args.screenshot``); return the exit code."""
    app, window = create_window()
    window.resize(*initial_size(app, getattr(args, "size", None)))
    _install_error_hook(window)
    if getattr(args, "screenshot", None):
        return screenshot(app, window, args.screenshot, getattr(args, "steps", None))
    from PySide6.QtCore import QSettings

    window.appearance.use_settings(QSettings())   # the theme chosen last time (View > Theme)
    window.show()
    open_session(window)
    window.state.flush()   # the first frame shows the session: wait for its job (< 2 s)
    _notify("documents_start", window)
    documents = window.start_documents()   # files, title bar, autosave
    _notify("documents_built", window)
    documents.start(getattr(args, "file", None))
    window.state.flush()   # likewise a file given on the command line
    if os.environ.get("GRADVIZ_FIRST_FRAME"):
        _report_first_frame(app, quit_after=os.environ["GRADVIZ_FIRST_FRAME"] == "exit")
    code = app.exec()
    _delete(window)
    return code


def screenshot(app, window, path, steps=None):
    """Load the default session, advance ``steps`` (default: half the run), save a PNG."""
    from gradviz.state.intents import SetStep, SetSteps

    state = window.state
    window.show()
    open_session(window)
    state.flush()
    if steps is not None and steps > state.session.steps:
        state.apply(SetSteps(steps))
    state.apply(SetStep(state.session.steps // 2 if steps is None else steps))
    for _ in range(3):
        app.processEvents()
    ok = window.grab().save(os.fspath(path))
    _delete(window)
    if not ok:
        print(f"gradviz: could not write the picture to {path}", file=sys.stderr)
        return 1
    return 0


def _report_first_frame(app, quit_after):
    """Print when the first paint has finished (time.monotonic(), comparable across processes).

    GRADVIZ_FIRST_FRAME=1 prints ``gradviz: first frame at monotonic T`` to stderr; ``=exit``
    also quits. packaging/smoke_test.py subtracts the moment it launched gradviz.
    """
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not self.property("seen"):
                self.setProperty("seen", True)
                QTimer.singleShot(0, done)  # runs once this round of painting has finished
            return False

    def done():
        print(f"gradviz: first frame at monotonic {time.monotonic():.4f}", file=sys.stderr)
        app.removeEventFilter(watcher)
        if quit_after:
            app.quit()

    watcher = FirstPaint(app)
    app.installEventFilter(watcher)


def _install_error_hook(window):
    """Anything unexpected inside a slot goes to the log and the status bar; the window lives on."""
    from gradviz.cli import _append_log, log_path

    def hook(kind, error, trace):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        logging.getLogger("gradviz").error(details)
        try:
            _append_log(log_path(), details)
        except OSError:
            pass
        window.statusBar().showMessage(f"Something went wrong: {error} (details in {log_path()})",
                                       15_000)

    sys.excepthook = hook


def _delete(window):
    # Deleting the window explicitly before the interpreter exits avoids a segfault at exit
    # seen in 5 of 20 runs (PLATFORM.md).
    import shiboken6

    if shiboken6.isValid(window):
        shiboken6.delete(window)
