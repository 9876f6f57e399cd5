"""Python's cycle collector, run on the GUI thread only.

Worker threads (the parse jobs, the typesetter, tuning and basins sweeps) run Python code that
allocates, and CPython starts a collection in whichever thread crosses the allocation
threshold. A collection in a worker that frees a cycle holding Qt wrappers (a closed window's
views, a removed panel) runs their C++ destructors off the GUI thread, while the GUI thread may
be painting them: Python 3.13 crashed that way in the test suite (a segmentation fault in
QGraphicsView::paintEvent, gone with collection kept to the GUI thread). So automatic
collection is turned off and pyqtgraph's GarbageCollector collects on a GUI-thread timer, with
the generation thresholds Python itself uses.
"""

from __future__ import annotations

INTERVAL_S = 0.5

_collector = None


def collect_on_gui_thread():
    """Turn automatic collection off and collect on a GUI-thread timer from now on (once per
    process; call it on the GUI thread once a QApplication exists)."""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector = GarbageCollector(interval=INTERVAL_S)
    return _collector
