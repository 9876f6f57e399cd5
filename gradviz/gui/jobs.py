"""``QtJobRunner``: the window's job runner (see ``gradviz.state.jobs``). Jobs run on a worker
thread and their outcome is delivered on the GUI thread, so the window keeps answering
(painting, Ctrl+Q) while a function is parsed, compiled, sampled and run.

A submission with a delay (a pause in typing) waits on a timer; a newer one replaces it. One
worker thread takes the jobs (kept between jobs: a thread per job cost more). A job still
running when its budget ends is delivered as over budget, and a job still running when a newer
one starts is stale: either way its worker is left to finish it alone (a thread cannot be
stopped from outside; its late result is dropped) and the next job gets a new worker, so it
never waits behind an old one. Workers are daemon threads, so one that never ends does not
keep gradviz from quitting.
"""

from __future__ import annotations

import queue
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


class _Worker:
    """A daemon thread running the tickets put in its queue, one after the other."""

    def __init__(self, done):
        self.tickets = queue.SimpleQueue()
        self.abandoned = False
        self._done = done   # called on this thread with each finished ticket
        threading.Thread(target=self._serve, daemon=True, name="gradviz-prepare").start()

    def _serve(self):
        while not self.abandoned:
            ticket = self.tickets.get()
            if ticket is None:
                return
            ticket.outcome = run_job(ticket.work)
            ticket.finished.set()
            self._done(ticket)


class QtJobRunner(QObject):
    _finished = Signal(object)   # a _Ticket, emitted on the worker thread

    def __init__(self, budget: float = BUDGET, parent=None):
        super().__init__(parent)
        self.budget = budget
        self._waiting = None     # the delayed submission, not started yet
        self._latest = None      # the last started
        self._worker = None
        self._delay = QTimer(self, singleShot=True)
        self._delay.timeout.connect(self._start_waiting)
        self._limit = QTimer(self, singleShot=True)   # the latest job's budget
        self._limit.timeout.connect(self._on_limit_timeout)
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
        remaining = self._limit.remainingTime() / 1000 if self._limit.isActive() else 0.0
        if ticket.finished.wait(max(remaining, 0.0)):
            self._deliver(ticket, ticket.outcome)
        else:
            self._on_limit_timeout()

    def busy(self) -> bool:
        """True while a job waits or runs and has not been delivered."""
        return self._waiting is not None or (self._latest is not None
                                             and not self._latest.delivered)

    def _start_waiting(self) -> None:
        self._delay.stop()
        ticket, self._waiting = self._waiting, None
        if ticket is None:
            return
        if self._latest is not None and not self._latest.finished.is_set():
            self._abandon_worker()   # busy with a stale job
        if self._worker is None:
            self._worker = _Worker(self._emit_finished)
        self._latest = ticket
        self._limit.start(round(self.budget * 1000))
        self._worker.tickets.put(ticket)

    def _emit_finished(self, ticket) -> None:
        try:
            self._finished.emit(ticket)
        except RuntimeError:   # the window (and this runner) is gone
            pass

    def _on_limit_timeout(self) -> None:
        """The latest job is over budget: say so, and leave its worker to it."""
        ticket = self._latest
        if ticket is None or ticket.delivered:
            return
        self._abandon_worker()
        self._deliver(ticket, JobOutcome(over_budget=True))

    def _abandon_worker(self) -> None:
        if self._worker is not None:
            self._worker.abandoned = True
            self._worker.tickets.put(None)   # it stops after the job in hand
            self._worker = None

    @Slot(object)
    def _on_finished(self, ticket) -> None:
        self._deliver(ticket, ticket.outcome)

    def _deliver(self, ticket, outcome) -> None:
        if ticket.delivered:
            return
        ticket.delivered = True
        if ticket is self._latest:
            self._limit.stop()
        ticket.deliver(outcome)
