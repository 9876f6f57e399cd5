"""Run ``gradviz`` as a user starts it and report when its first frame is painted.

``python -m gradviz.bench.first_frame [gradviz arguments]``: goes through ``gradviz.cli.main``
exactly like the ``gradviz`` command, with one addition: an observer of the start-up stages
(``gradviz.gui.app.startup_observers``) stamps each stage and, when a landscape panel has
painted with a landscape in it, asks the event loop to quit; one JSON line with
``time.monotonic()`` stamps goes to stdout, and ``cpu_s``: the CPU seconds the process used
up to the first frame, all its threads (``time.process_time()``; on a busy machine the wall
time is mostly waiting for a core, this is not). :mod:`gradviz.bench.startup` starts it in a fresh
process and measures from just before the process was started.
"""

import json
import sys
import time

STARTED = time.monotonic()   # the interpreter is up: everything before is Python's own start
STAGES = {"window_start": "qt_imported", "window_built": "window_built",
          "documents_start": "documents_start", "documents_built": "documents_built"}
_WATCHERS = []


def main(argv):
    from gradviz import cli
    from gradviz.gui import app as app_module

    stamps = {"python_ready": STARTED}

    def observe(stage, window):
        stamps[STAGES[stage]] = time.monotonic()
        if stage == "window_built":
            _watch(window, stamps)

    app_module.startup_observers.append(observe)
    code = cli.main(argv)
    print(json.dumps(stamps))
    return code


def _watch(window, stamps):
    """Quit after the first paint of a landscape panel that shows a landscape."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

    def done():
        stamps.setdefault("first_frame", time.monotonic())
        stamps.setdefault("cpu_s", time.process_time())
        QCoreApplication.quit()

    class Watcher(QObject):
        def eventFilter(self, watched, event):
            if (event.type() == QEvent.Type.Paint and "first_paint" not in stamps
                    and window.state.landscape is not None):
                stamps["loaded"] = stamps.get("loaded", time.monotonic())
                stamps["first_paint"] = time.monotonic()
                QTimer.singleShot(0, done)    # runs once this paint has finished
            return False

    watcher = Watcher(window)
    _WATCHERS.append(watcher)   # kept: its Python side must outlive this call
    for view in window.views:
        view.graphics.viewport().installEventFilter(watcher)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
