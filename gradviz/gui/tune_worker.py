""""Tune learning rate" off the GUI thread: a worker, a job, and :class:`Tuner` for the window.

A sweep is 25 runs of the session's step count (up to 10,000 steps each, one by one when there is
gradient noise), so it can take seconds: ``TuneWorker`` (a QObject on its own QThread, as in
gui/basins_worker.py) calls ``engine.scene.tune_panel`` and emits ``progress(float)``, then
``finished(TuneResult)``, ``cancelled()`` or ``failed(str)``. The numpy work releases the GIL
for part of its time and the worker reports between groups of runs, so the window stays live.

``Tuner`` runs one sweep at a time for the main window: it shows progress in the panel's
:class:`~gradviz.gui.panels.tune.TuneBox`, and on success hands the result to the state
(``ApplyTuning``), unless the settings it was tuned for changed meanwhile.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal, Slot

from gradviz.gui.basins_worker import ThreadJob
from gradviz.state.intents import ApplyTuning


class TuneWorker(QObject):
    progress = Signal(float)
    finished = Signal(object)  # engine TuneResult
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, objective, session, index):
        super().__init__()
        self.objective, self.session, self.index = objective, session, index
        self._stop = threading.Event()

    def cancel(self):
        """Stop after the group of runs in progress (safe from any thread)."""
        self._stop.set()

    @Slot()
    def run(self):
        from gradviz.engine.scene import tune_panel

        def report(fraction):
            self.progress.emit(fraction)
            return not self._stop.is_set()

        try:
            result = tune_panel(self.objective, self.session, self.index, progress=report)
        except (ValueError, ArithmeticError, MemoryError) as exc:
            self.failed.emit(f"Tuning failed: {str(exc).splitlines()[0]}")
            return
        if result is None:
            self.cancelled.emit()
        else:
            self.finished.emit(result)


class TuneJob(ThreadJob):
    WAIT_MS = 30_000

    def __init__(self, objective, session, index, parent=None):
        super().__init__(TuneWorker(objective, session, index), parent)
        self.index = index


class Tuner(QObject):
    """Runs "tune learning rate" for the panels of ``window`` (one sweep at a time)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.job = None
        self._key = None
        # The window cancels the sweep once its close is accepted (MainWindow.closeEvent): a
        # close the user declines (unsaved changes) leaves it running.

    def start(self, index):
        """Tune panel ``index`` (a sweep already running is cancelled first)."""
        from gradviz.engine.scene import tune_key

        state = self.window.state
        if not 0 <= index < len(state.session.panels):
            return
        if state.objective is None:
            self.window.statusBar().showMessage("Type a valid function first: there is nothing "
                                                "to tune on.", 10_000)
            return
        self.cancel()
        self._key = _without_lr_key(state.session, index, tune_key)
        self.job = TuneJob(state.objective, state.session, index, self)
        w = self.job.worker
        w.progress.connect(self._progressed)
        w.finished.connect(self._finished)
        w.cancelled.connect(self._cancelled)
        w.failed.connect(self._failed)
        self._box(index).set_running(True, 0.0)
        self.window.statusBar().showMessage(f"Tuning the learning rate of panel {index + 1}...")
        self.job.start()

    def cancel(self, index=None):
        """Stop the sweep in progress (of panel ``index``, or any); returns once it has ended."""
        if self.job is None or not self.job.running():
            return
        if index is not None and index != self.job.index:
            return
        self.job.cancel()
        self.job.wait()
        self._stopped("Tuning cancelled.")

    def running(self):
        return self.job is not None and self.job.running()

    def wait(self, ms=30_000):
        """Block until the sweep in progress ends (tests, closing the window)."""
        return self.job is None or self.job.wait(ms)

    def _box(self, index):
        tuners = self.window.controls.tuners
        return tuners[index] if index < len(tuners) else None

    def _current(self):
        return self.job is not None and self.sender() is self.job.worker

    @Slot(float)
    def _progressed(self, fraction):
        if self._current() and self._box(self.job.index) is not None:
            self._box(self.job.index).set_running(True, fraction)

    @Slot(object)
    def _finished(self, result):
        from gradviz.engine.scene import tune_key

        if not self._current():
            return
        index, state = self.job.index, self.window.state
        self._stopped(None)
        if (index >= len(state.session.panels)
                or _without_lr_key(state.session, index, tune_key) != self._key):
            self.window.statusBar().showMessage(
                "The settings changed while tuning: the result was dropped. Tune again.", 10_000)
            return
        if result.best_lr is None:
            self.window.statusBar().showMessage(f"Panel {index + 1}: {result.result}; "
                                                "the learning rate stays as it was.", 10_000)
            box = self._box(index)
            if box is not None:
                box.set_note(f"Tuning: {result.result}.")
            return
        state.apply(ApplyTuning(index, result))
        self.window.statusBar().showMessage(f"Panel {index + 1}: {result.result}", 10_000)

    @Slot()
    def _cancelled(self):
        if self._current():
            self._stopped("Tuning cancelled.")

    @Slot(str)
    def _failed(self, message):
        if self._current():
            self._stopped(message)

    def _stopped(self, message):
        box = self._box(self.job.index)
        if box is not None:
            box.set_running(False)
        if message:
            self.window.statusBar().showMessage(message, 10_000)


def _without_lr_key(session, index, tune_key):
    """The tune key of panel ``index`` with its lr taken out: what the sweep depends on."""
    panels = list(session.panels)
    panels[index] = panels[index].with_hyper(lr=0.0)
    return tune_key(session.replace(panels=tuple(panels)), index)
