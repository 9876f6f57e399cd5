"""Start the window: ``run_app(args)`` for the ``gradviz`` command, ``--screenshot`` included."""

import atexit
import logging
import os
import sys
import traceback
import weakref

from gradviz.gui.qt_app import app_icon, start_qt  # noqa: F401 (app_icon: the app's icon)

DEFAULT_SIZE = (1680, 960)
MIN_SIZE = (1024, 640)

SWITCH_INTERVAL_S = 0.0002
"""How long a thread holding Python's lock runs before one that waits for it may take it
(Python's default is 0.005 s). The GUI thread takes the lock back some 30 times a frame (each
item's paint); while a job, the typesetter or the tuner runs Python on another thread, each
of those waited up to the whole interval: a 4 ms frame took 150 ms beside one such thread
and 390 ms beside two (2 cores). With 0.2 ms: 16 and 40 ms. Threads that run numpy release
the lock anyway."""

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
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app = start_qt()   # a Qt platform that cannot start ends here with one line, not an abort
    from gradviz.gui.jobs import QtJobRunner
    from gradviz.gui.main_window import MainWindow
    from gradviz.state import AppState

    runner = runner or QtJobRunner()
    window = MainWindow(AppState(session, runner))
    runner.setParent(window)
    window.setMinimumSize(*MIN_SIZE)
    _delete_before_exit(window)
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
        return screenshot(app, window, args.screenshot, getattr(args, "steps", None),
                          getattr(args, "session", None), getattr(args, "lesson", None))
    from PySide6.QtCore import QSettings

    window.appearance.use_settings(QSettings())   # the theme chosen last time (View > Theme)
    if app.platformName() in ("offscreen", "minimal"):   # a window nobody sees (cli.py says so)
        from gradviz.gui.export import quiet_offscreen_warnings

        quiet_offscreen_warnings()   # the plugin's harmless "propagateSizeHints" notes
    window.show()
    open_session(window)
    window.state.flush()   # the first frame shows the session: wait for its job (< 2 s)
    _notify("documents_start", window)
    documents = window.start_documents()   # files, title bar, autosave
    _notify("documents_built", window)
    documents.start(getattr(args, "file", None))
    window.state.flush()   # likewise a file given on the command line
    _start_lesson(window, getattr(args, "lesson", None))
    if os.environ.get("GRADVIZ_FIRST_FRAME"):
        _report_first_frame(app, quit_after=os.environ["GRADVIZ_FIRST_FRAME"] == "exit")
    tour = None
    if os.environ.get("GRADVIZ_TOUR"):   # keys and pictures, no code: gui/tour.py (the gallery)
        from gradviz.gui.tour import start_tour

        tour = start_tour(app, window, os.environ["GRADVIZ_TOUR"])
    code = app.exec()
    del tour
    _delete(window)
    return code


def _start_lesson(window, lesson) -> None:
    """``gradviz --lesson NAME``: ``lesson`` is (Lesson, its name), or None."""
    if lesson is not None:
        from gradviz.gui.lesson_window import start_lesson

        start_lesson(window, *lesson)
        window.state.flush()


def screenshot(app, window, path, steps=None, session=None, lesson=None):
    """Show ``session`` (default: the default one), advance to ``steps`` (default: the file's
    own step, or half the default run), save a PNG. With ``lesson`` (lesson, name): its first
    scene, at its first step (or ``steps``)."""
    from gradviz.state.intents import Pause, SetStep, SetSteps

    state = window.state
    window.show()
    open_session(window, session)
    state.flush()
    step = state.session.steps // 2 if session is None else session.current_step
    if lesson is not None:   # the lesson's first scene, at its step
        from PySide6.QtCore import QEvent

        _start_lesson(window, lesson)
        state.apply(Pause())
        step = state.step
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)   # the views of other panels
    if steps is not None and steps > state.session.steps:
        state.apply(SetSteps(steps))
    state.apply(SetStep(step if steps is None else steps))
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
    from gradviz.logs import append_log, log_path

    def hook(kind, error, trace):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        logging.getLogger("gradviz").error(details)
        try:
            append_log(log_path(), details)
        except OSError:
            pass
        window.statusBar().showMessage(f"Something went wrong: {error} (details in {log_path()})",
                                       15_000)

    sys.excepthook = hook


def _delete(window):
    """Delete the window and everything in it now, while Python is whole (see below)."""
    import shiboken6

    if shiboken6.isValid(window):
        shiboken6.delete(window)


_WINDOWS_AT_EXIT = weakref.WeakSet()   # windows create_window made; deleted at exit if alive
_exit_handler_registered = False


def _delete_before_exit(window):
    """Delete ``window`` before Python's exit if nobody did earlier.

    Otherwise PySide6's own clean-up at exit deletes every widget Python still owns, in no set
    order: pyqtgraph's items then get resize events after their children are gone, their Python
    handlers raise, and shiboken crashes reporting that (signal 11 at exit in 9 of 12 runs of
    Debian 12's Python 3.11.2; README, "Clean exits"). Deleting the main window first, with the
    interpreter still whole, tears its scene down in Qt's own order. This handler is registered
    after PySide6's (imported earlier), so it runs before it.
    """
    global _exit_handler_registered
    if not _exit_handler_registered:
        atexit.register(_delete_windows)
        _exit_handler_registered = True
    _WINDOWS_AT_EXIT.add(window)


def _delete_windows():
    for window in list(_WINDOWS_AT_EXIT):
        _delete(window)
