"""The basins of attraction window, kept live, and :func:`open_basins`.

``BasinsDialog`` shows the basin maps of the state's first two panels and keeps them up to
date: it subscribes to ``state.changed``, and every change of the function, the panels, the
domain or the steps asks ``BasinsRefiner`` (a worker thread, no Qt) for new maps, the coarse
ones first (50 x 50 starts: a tenth of a second) and the full ones after (200 x 200). An lr
slider for each panel applies ``SetPanel`` to the state, so dragging it (here or in the
control column) redraws the maps as it moves.

``ThreadJob`` runs a QObject worker on a QThread (the tune-learning-rate worker uses it).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QThread
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gradviz.gui import theme

WATCHED = frozenset({"objective", "panels", "domain", "steps", "preset", "mode"})
"""The parts of a state change that change the maps."""


class ThreadJob(QObject):
    """A worker (``run``, ``cancel`` and the signals finished/cancelled/failed) on its own
    thread; ``start()`` once, ``cancel()`` any time, ``wait()`` to join (the
    tune-learning-rate worker's)."""

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


def tasks_from_session(session):
    """refine_basins keyword arguments for the first two panels of ``session``, and titles."""
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
                          hyper=dict(panel.hyper), known=known))
        titles.append(f"{OPTIMIZERS[panel.optimizer].label}, lr {hyper['lr']:g}")
    return tasks, titles


def _task_key(task) -> tuple:
    return (task["optimizer"], tuple(sorted(task["hyper"].items())), task["domain"],
            task["steps"], tuple(task["known"]))


class BasinsDialog(QDialog):
    """An lr slider per panel, a status line and a BasinsView, following ``state``."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        from gradviz.gui.basins_refiner import BasinsRefiner
        from gradviz.gui.jobs import Mailbox
        from gradviz.gui.views.basins import BasinsView

        self.setWindowTitle("Basins of attraction")
        self.state = state
        self.titles = []           # the titles of the maps shown
        self._titles = {}          # request serial -> its maps' titles (not shown yet)
        self._shown = 0            # the serial of the request whose maps are shown
        self.sliders = {}          # panel index -> SliderField of its lr
        self._optimizers = None    # the panels' optimizers the sliders were made for
        self._asked = None         # what the latest request computes
        self._serial = 0
        self.mailbox = Mailbox()
        self.refiner = BasinsRefiner(self.mailbox)
        self._notifier = QSocketNotifier(self.mailbox.reader.fileno(),
                                         QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)
        layout = QVBoxLayout(self)
        self.rates = QWidget()
        self.rates_layout = QHBoxLayout(self.rates)
        self.rates_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rates)
        self.status = QLabel()
        self.status.setFont(theme.font(theme.LABEL_PT))
        layout.addWidget(self.status)
        self.view = BasinsView()
        layout.addWidget(self.view, 1)
        state.changed.connect(self._on_state_changed)
        # deleted with its window, never closed: forget the state and stop the worker
        self.destroyed.connect(_forget(state, self._on_state_changed, self.refiner))
        self._on_state_changed(WATCHED)

    # --- following the state ------------------------------------------------------------

    def _on_state_changed(self, parts) -> None:
        if parts & WATCHED:
            self._show_rates()
            self._ask()

    def _show_rates(self) -> None:
        """An lr slider for each of the first two panels (made again when an optimizer
        changes), showing the panel's lr."""
        from gradviz.engine.optimizers import OPTIMIZERS

        panels = self.state.session.panels[:2]
        optimizers = tuple(p.optimizer for p in panels)
        if optimizers != self._optimizers:
            self._optimizers = optimizers
            self._make_sliders(panels)
        for i, field in self.sliders.items():
            lr = panels[i].hyper.get("lr", OPTIMIZERS[panels[i].optimizer].defaults["lr"])
            field.set_value(lr)

    def _make_sliders(self, panels) -> None:
        from gradviz.engine.optimizers import OPTIMIZERS
        from gradviz.gui.panels.fields import LogScale, SliderField

        while self.rates_layout.count():
            widget = self.rates_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.sliders = {}
        for i, panel in enumerate(panels):
            spec = OPTIMIZERS[panel.optimizer]
            limits = spec.limits.get("lr")
            if "lr" not in spec.defaults or limits is None:
                continue
            label = QLabel(f"{spec.label}, lr")
            label.setFont(theme.font(theme.LABEL_PT))
            field = SliderField(f"basins_lr_{i}", LogScale(*limits.field),
                                spec.defaults["lr"], *limits.field)
            field.value_changed.connect(lambda value, i=i: self._on_lr_changed(i, value))
            self.rates_layout.addWidget(label)
            self.rates_layout.addWidget(field, 1)
            self.sliders[i] = field

    def _on_lr_changed(self, index, value) -> None:
        from gradviz.state.intents import SetPanel

        panel = self.state.session.panels[index]
        self.state.apply(SetPanel(index, panel.optimizer, {**panel.hyper, "lr": float(value)}))

    def _ask(self) -> None:
        """Ask the refiner for the maps of the state as it is (unless it is computing them)."""
        objective = self.state.objective
        if objective is None:
            self.status.setText("Type a valid function first: there is nothing to compute.")
            return
        tasks, titles = tasks_from_session(self.state.session)
        asked = (objective, tuple(map(_task_key, tasks)))
        if asked == self._asked:
            return
        self._asked = asked
        self._serial += 1
        self._titles[self._serial] = titles
        self.refiner.request(self._serial, objective, tasks)
        self.status.setText(f"Running {len(tasks)} optimizer(s) from every start of a grid, "
                            f"{self.state.session.steps} steps each: a coarse map first...")

    # --- the maps -----------------------------------------------------------------------

    def _on_notifier_activated(self, *_) -> None:
        """Show the newest maps: during a drag, those of a request the slider has already
        left behind too (they are the map redrawn as it moves; the worker then takes the
        newest request)."""
        updates = [u for u in self.mailbox.take() if u.serial >= self._shown]
        if updates:
            self._show(updates[-1])

    def _show(self, update) -> None:
        if update.error is not None:
            self.status.setText(update.error)
            return
        self._shown = update.serial
        self._titles = {k: v for k, v in self._titles.items() if k >= update.serial}
        shown = self.view.results   # a map not made yet: the one shown stays (no flicker)
        maps = [m if m is not None else (shown[i] if i < len(shown) else None)
                for i, m in enumerate(update.maps)]
        maps = [m for m in maps if m is not None]
        self.titles = self._titles[update.serial][: len(maps)]
        self.view.set_results(maps, self.titles)
        if update.finished:
            self.status.setText(f"Stars: the minima. Colours: which minimum each start "
                                f"reached. ({update.seconds:.2f} s)")
        else:
            ny, nx = maps[-1].labels.shape
            self.status.setText(f"{nx} x {ny} starts shown ({update.seconds:.2f} s); "
                                f"refining...")

    def done(self, r):  # closing the window stops the worker
        self.close_refiner()
        super().done(r)

    def close_refiner(self) -> None:
        self._notifier.setEnabled(False)   # a map finished meanwhile is not shown
        _forget(self.state, self._on_state_changed, self.refiner)()


def _forget(state, callback, refiner):
    """What a closed (or deleted) dialog does: unsubscribe ``callback`` and stop the worker.
    Not a method of the dialog, so that it can run once the dialog is gone."""
    def forget(*_):
        if callback in state.changed.callbacks():
            state.changed.disconnect(callback)
        refiner.close()

    return forget


def open_basins(window) -> BasinsDialog:
    """Open the live basins window for ``window.state``; returns it."""
    dialog = BasinsDialog(window.state, window)
    room = window.screen().availableGeometry()   # a 1280x720 projector: within the screen
    dialog.resize(min(1500, room.width() - 40), min(900, room.height() - 60))
    dialog.show()
    return dialog
