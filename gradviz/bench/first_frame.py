"""Run ``gradviz`` as a user starts it and report when its first frame is painted.

``python -m gradviz.bench.first_frame [gradviz arguments]``: goes through ``gradviz.cli.main``
exactly like the ``gradviz`` command, with one addition: when a landscape panel has painted
with a landscape in it, the event loop is asked to quit, and one JSON line with
``time.monotonic()`` stamps goes to stdout. :mod:`gradviz.bench.startup` starts it in a fresh
process and measures from just before the process was started.
"""

import json
import sys
import time

STARTED = time.monotonic()   # the interpreter is up: everything before is Python's own start


def main(argv):
    import gradviz.gui.app as app_module
    from gradviz import cli

    stamps = {"python_ready": STARTED}
    build = app_module.create_window

    def create_window(session=None):
        stamps["qt_imported"] = time.monotonic()
        app, window = build(session)
        stamps["window_built"] = time.monotonic()
        _watch(app, window, stamps)
        _time_documents(stamps)   # here, not earlier: importing it first would import Qt first
        return app, window

    app_module.create_window = create_window
    code = cli.main(argv)
    print(json.dumps(stamps))
    return code


def _time_documents(stamps):
    """Stamp the file handling's set-up (menus, examples, autosave), when there is one."""
    try:
        from gradviz.gui.documents import Documents
    except ImportError:
        return
    build = Documents.__init__

    def init(self, *args, **kwargs):
        stamps["documents_start"] = time.monotonic()
        build(self, *args, **kwargs)
        stamps["documents_built"] = time.monotonic()

    Documents.__init__ = init


def _watch(app, window, stamps):
    """Quit after the first paint of a landscape panel that shows a landscape."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    def done():
        stamps.setdefault("first_frame", time.monotonic())
        app.quit()

    class Watcher(QObject):
        def eventFilter(self, watched, event):
            if (event.type() == QEvent.Type.Paint and "first_paint" not in stamps
                    and window.controller.landscape is not None):
                stamps["loaded"] = stamps.get("loaded", time.monotonic())
                stamps["first_paint"] = time.monotonic()
                QTimer.singleShot(0, done)    # runs once this paint has finished
            return False

    window._bench_watcher = watcher = Watcher(window)
    for view in window.views:
        view.graphics.viewport().installEventFilter(watcher)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
