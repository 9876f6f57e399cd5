"""Start the window: ``run_app(args)`` for the ``gradviz`` command, ``--screenshot`` included."""

import atexit
import logging
import os
import sys
import traceback
import weakref

DEFAULT_SIZE = (1680, 960)
MIN_SIZE = (1024, 640)


def create_window(session=None):
    """The QApplication (created if needed), a controller and its main window, loaded."""
    _import_engine_first()
    from gradviz.gui.controller import Controller
    from gradviz.gui.main_window import MainWindow
    from gradviz.gui.platform_check import application
    from gradviz.gui.theme import configure_pyqtgraph

    app = application()  # a Qt platform that cannot start ends here with one line, not an abort
    app.setApplicationName("gradviz")
    app.setOrganizationName("gradviz")
    app.setDesktopFileName("gradviz")  # Wayland and docks match the window to gradviz.desktop
    app.setWindowIcon(app_icon())
    configure_pyqtgraph()
    controller = Controller(session)
    window = MainWindow(controller)
    controller.setParent(window)
    window.setMinimumSize(*MIN_SIZE)
    _delete_before_exit(window)
    return app, window


def _import_engine_first():
    """Import numpy, contourpy and the engine the first frame uses before anything imports
    PySide6: once loaded, PySide6 reads the source of every module imported after it (the
    import hook of its ``__feature__`` switch), about 70 ms of CPU at start-up for these."""
    import contourpy  # noqa: F401
    import numpy.ma  # noqa: F401  (np.percentile and the contours load it anyway)

    from gradviz.engine import (  # noqa: F401
        expression,
        inspect,
        presets,
        scene,
        session_io,
        trajectory,
    )
    from gradviz.gui.qt_start import prepare

    prepare()   # PySide6 and pyqtgraph without two start-up taxes (gui/qt_start.py)


def app_icon():
    """gradviz's icon at every size shipped in resources/icons (an empty icon if not found)."""
    from PySide6.QtGui import QIcon

    from gradviz.resources import ResourcesNotFound, resource_dir

    icon = QIcon()
    try:
        pngs = sorted((resource_dir() / "icons").glob("gradviz-*.png"))
    except ResourcesNotFound:
        pngs = []
    for png in pngs:
        icon.addFile(str(png))
    return icon


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
                          getattr(args, "session", None))
    from PySide6.QtCore import QSettings

    window.appearance.use_settings(QSettings())   # the theme chosen last time (View > Theme)
    window.show()
    window.controller.load()
    from gradviz.gui.documents import Documents  # files, title bar, autosave (issue 5)

    window.documents = Documents(window)
    window.documents.start(getattr(args, "file", None))
    if os.environ.get("GRADVIZ_FIRST_FRAME"):
        _report_first_frame(app, quit_after=os.environ["GRADVIZ_FIRST_FRAME"] == "exit")
    code = app.exec()
    _delete(window)
    return code


def screenshot(app, window, path, steps=None, session=None):
    """Show ``session`` (default: the default one), advance to ``steps`` (default: the file's
    own step, or half the default run), save a PNG."""
    controller = window.controller
    window.show()
    if session is None:
        controller.load()
        step = controller.session.steps // 2
    else:
        from gradviz.gui.export import show_session

        show_session(window, session)
        step = session.current_step
    if steps is not None and steps > controller.session.steps:
        controller.set_steps(steps)
    controller.set_step(step if steps is None else steps)
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
