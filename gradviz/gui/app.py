"""Start the window: ``run_app(args)`` for the ``gradviz`` command, ``--screenshot`` included."""

import logging
import os
import sys
import traceback

DEFAULT_SIZE = (1680, 960)
MIN_SIZE = (1024, 640)


def create_window(session=None):
    """The QApplication (created if needed), a controller and its main window, loaded."""
    _import_engine_first()
    from gradviz.gui.controller import Controller
    from gradviz.gui.main_window import MainWindow
    from gradviz.gui.probe import application
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
        return screenshot(app, window, args.screenshot, getattr(args, "steps", None))
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


def screenshot(app, window, path, steps=None):
    """Load the default session, advance ``steps`` (default: half the run), save a PNG."""
    controller = window.controller
    window.show()
    controller.load()
    if steps is not None and steps > controller.session.steps:
        controller.set_steps(steps)
    controller.set_step(controller.session.steps // 2 if steps is None else steps)
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
