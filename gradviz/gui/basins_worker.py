"""Basins of attraction off the GUI thread: a worker, a dialog, and :func:`open_basins`.

``BasinsWorker`` (a QObject moved to its own QThread) runs ``engine.basins.compute_basins``
for each task in turn and emits ``progress(float)`` (0..1 over all tasks), then
``finished(list of Basins)``, or ``cancelled()``, or ``failed(str)`` (one line). The numpy work
releases the GIL for most of its time, so the window keeps painting and taking clicks.

``open_basins(window)`` is the entry point for the main window's menu: it reads
``window.state`` (objective, session: domain, steps, the first two panels, preset), opens a
non-modal ``BasinsDialog`` and starts computing at once.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QVBoxLayout)

from gradviz.gui import theme

RESOLUTIONS = (50, 100, 150, 200)
DEFAULT_RESOLUTION = 100


class BasinsWorker(QObject):
    """Computes a list of tasks (keyword arguments of ``compute_basins``) in order."""

    progress = Signal(float)
    finished = Signal(object)  # list of engine Basins, one per task
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, objective, tasks):
        super().__init__()
        self.objective = objective
        self.tasks = list(tasks)
        self._stop = threading.Event()

    def cancel(self):
        """Ask the computation to stop after the chunk in progress (safe from any thread)."""
        self._stop.set()

    @Slot()
    def run(self):
        from gradviz.engine.basins import compute_basins

        results, n = [], len(self.tasks)
        try:
            for i, task in enumerate(self.tasks):
                def report(p, i=i):
                    self.progress.emit((i + p) / n)
                    return not self._stop.is_set()

                result = compute_basins(self.objective, progress=report, **task)
                if result is None:
                    self.cancelled.emit()
                    return
                results.append(result)
        except (ValueError, ArithmeticError, MemoryError) as exc:
            self.failed.emit(f"Basins could not be computed: {str(exc).splitlines()[0]}")
            return
        self.finished.emit(results)


class ThreadJob(QObject):
    """A worker (``run``, ``cancel`` and the signals finished/cancelled/failed) on its own
    thread; ``start()`` once, ``cancel()`` any time, ``wait()`` to join. Shared by the basins
    and the tune-learning-rate workers."""

    WAIT_MS = 10_000

    def __init__(self, worker, parent=None):
        super().__init__(parent)
        self.thread = QThread()
        self.worker = worker
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        # direct: quit() is thread-safe, and a queued call would wait for the GUI thread,
        # which may itself be waiting for this thread (cancel)
        for signal in (self.worker.finished, self.worker.cancelled, self.worker.failed):
            signal.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)

    def start(self):
        self.thread.start()

    def cancel(self):
        self.worker.cancel()

    def wait(self, ms=None):
        return self.thread.wait(self.WAIT_MS if ms is None else ms)

    def running(self):
        return self.thread.isRunning()


class BasinsJob(ThreadJob):
    def __init__(self, objective, tasks, parent=None):
        super().__init__(BasinsWorker(objective, tasks), parent)


def tasks_from_session(session, resolution):
    """compute_basins keyword arguments for the first two panels of ``session``, and titles."""
    from gradviz.engine.optimizers import OPTIMIZERS, get_optimizer, resolve_hyper
    from gradviz.engine.presets import PRESETS

    known = PRESETS[session.preset].minima if session.preset in PRESETS else ()
    if session.mode == "regression":   # the landscape is the loss: its one minimum
        from gradviz.engine.regression_mode import loss_for, minima

        known = minima(loss_for(session))
    tasks, titles = [], []
    for panel in session.panels[:2]:
        hyper = resolve_hyper(get_optimizer(panel.optimizer), panel.hyper)
        tasks.append(dict(optimizer=panel.optimizer, domain=session.domain, steps=session.steps,
                          resolution=(resolution, resolution), hyper=dict(panel.hyper),
                          known=known))
        titles.append(f"{OPTIMIZERS[panel.optimizer].label}, lr {hyper['lr']:g}")
    return tasks, titles


class BasinsDialog(QDialog):
    """Grid size, Compute, a progress bar and Cancel above a BasinsView."""

    def __init__(self, objective, session, parent=None):
        super().__init__(parent)
        from gradviz.gui.views.basins import BasinsView

        self.setWindowTitle("Basins of attraction")
        self.objective, self.session = objective, session
        self.job = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.resolution = QComboBox()
        for n in RESOLUTIONS:
            self.resolution.addItem(f"{n} x {n} starts", n)
        self.resolution.setCurrentIndex(RESOLUTIONS.index(DEFAULT_RESOLUTION))
        self.compute_button = QPushButton("Compute")
        self.compute_button.clicked.connect(self.compute)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFormat("%p %")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.status = QLabel()
        for w in (self.resolution, self.compute_button, self.progress, self.cancel_button,
                  self.status):
            w.setFont(theme.font(theme.LABEL_PT))
        grid_label = QLabel("Grid:")
        grid_label.setFont(theme.font(theme.LABEL_PT))
        row.addWidget(grid_label)
        row.addWidget(self.resolution)
        row.addWidget(self.compute_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.view = BasinsView()
        layout.addWidget(self.view, 1)
        self.titles = []
        self._set_running(False)

    def compute(self):
        """Start (or restart) the computation with the chosen grid size."""
        if self.objective is None:
            self.status.setText("Type a valid function first: there is nothing to compute.")
            return
        self.cancel()
        tasks, self.titles = tasks_from_session(self.session,
                                                int(self.resolution.currentData()))
        self.job = BasinsJob(self.objective, tasks, self)
        # bound methods of this dialog: queued to the GUI thread (a lambda would run in the
        # worker's thread)
        w = self.job.worker
        w.progress.connect(self._progressed)
        w.finished.connect(self._finished)
        w.cancelled.connect(self._cancelled)
        w.failed.connect(self._failed)
        self.progress.setValue(0)
        self.status.setText(f"Running {len(tasks)} optimizer(s) from every start of the grid, "
                            f"{self.session.steps} steps each...")
        self._set_running(True)
        self.job.start()

    def cancel(self):
        """Stop a computation in progress; returns once its thread has ended."""
        if self.job is not None and self.job.running():
            self.job.cancel()
            self.job.wait()
            self._stopped("Cancelled.")

    def _current(self):
        """Whether the signal being handled comes from the current job (a late signal of an
        earlier, cancelled one changes nothing)."""
        return self.job is not None and self.sender() is self.job.worker

    @Slot(float)
    def _progressed(self, p):
        if self._current():
            self.progress.setValue(round(1000 * p))

    @Slot()
    def _cancelled(self):
        if self._current():
            self._stopped("Cancelled.")

    @Slot(str)
    def _failed(self, message):
        if self._current():
            self._stopped(message)

    @Slot(object)
    def _finished(self, results):
        if not self._current():
            return
        self._set_running(False)
        self.progress.setValue(1000)
        self.status.setText("Stars: the minima. Colours: which minimum each start reached.")
        self.view.set_results(results, self.titles)

    def _stopped(self, message):
        self._set_running(False)
        self.status.setText(message)

    def _set_running(self, running):
        self.cancel_button.setEnabled(running)
        self.compute_button.setEnabled(not running)
        self.resolution.setEnabled(not running)

    def done(self, r):  # closing the dialog stops the computation
        self.cancel()
        super().done(r)


def open_basins(window) -> BasinsDialog:
    """Open the basins dialog for ``window.state``'s function and panels; returns it."""
    state = window.state
    dialog = BasinsDialog(state.objective, state.session, window)
    dialog.resize(1500, 900)
    dialog.show()
    dialog.compute()
    return dialog
