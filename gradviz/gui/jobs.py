"""``QtJobRunner``: the window's job runner (see ``gradviz.state.jobs``). Each job runs on a
worker thread of its own and its outcome is delivered on the GUI thread, so the window keeps
answering (painting, Ctrl+Q) while a function is parsed, compiled, sampled and run.

A submission with a delay (a pause in typing) waits on a timer; a newer one replaces it. A job
still running when its budget ends is delivered as over budget and its thread left to finish
alone (a thread cannot be stopped from outside; its late result is dropped). Threads are
daemons, so one that never ends does not keep gradviz from quitting.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from gradviz.state.jobs import BUDGET, JobOutcome, run_job


class _Ticket:
    """One submission: the work, whom to tell, and how it went."""

    def __init__(self, work, deliver):
        self.work, self.deliver = work, deliver
        self.outcome = None
        self.finished = threading.Event()   # set by the worker thread
        self.delivered = False              # read and written on the GUI thread only
        self.timer = None


class QtJobRunner(QObject):
    _finished = Signal(object)   # a _Ticket, emitted on the worker thread

    def __init__(self, budget: float = BUDGET, parent=None):
        super().__init__(parent)
        self.budget = budget
        self._waiting = None     # the delayed submission, not started yet
        self._latest = None      # the last started
        self._delay = QTimer(self, singleShot=True)
        self._delay.timeout.connect(self._start_waiting)
        self._finished.connect(self._on_finished)

    def submit(self, work, deliver, delay: float = 0.0) -> None:
        self._waiting = _Ticket(work, deliver)
        if delay > 0:
            self._delay.start(round(delay * 1000))
        else:
            self._start_waiting()

    def flush(self) -> None:
        """Start the waiting job now and block until the latest is delivered (or its budget
        is over)."""
        self._start_waiting()
        ticket = self._latest
        if ticket is None or ticket.delivered:
            return
        remaining = ticket.timer.remainingTime() / 1000 if ticket.timer.isActive() else 0.0
        if ticket.finished.wait(max(remaining, 0.0)):
            self._deliver(ticket, ticket.outcome)
        else:
            self._deliver(ticket, JobOutcome(over_budget=True))

    def busy(self) -> bool:
        """True while a job waits or runs and has not been delivered."""
        return self._waiting is not None or (self._latest is not None
                                             and not self._latest.delivered)

    def _start_waiting(self) -> None:
        self._delay.stop()
        ticket, self._waiting = self._waiting, None
        if ticket is None:
            return
        self._latest = ticket
        ticket.timer = QTimer(self, singleShot=True)
        ticket.timer.timeout.connect(lambda: self._deliver(ticket, JobOutcome(over_budget=True)))
        ticket.timer.start(round(self.budget * 1000))
        threading.Thread(target=self._run, args=(ticket,), daemon=True,
                         name="gradviz-prepare").start()

    def _run(self, ticket) -> None:
        ticket.outcome = run_job(ticket.work)
        ticket.finished.set()
        try:
            self._finished.emit(ticket)
        except RuntimeError:   # the window (and this runner) is gone
            pass

    @Slot(object)
    def _on_finished(self, ticket) -> None:
        self._deliver(ticket, ticket.outcome)

    def _deliver(self, ticket, outcome) -> None:
        if ticket.delivered:
            return
        ticket.delivered = True
        ticket.timer.stop()
        ticket.timer.deleteLater()
        ticket.deliver(outcome)
