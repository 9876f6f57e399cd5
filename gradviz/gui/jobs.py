"""``QtJobRunner``: the window's job runner (see ``gradviz.state.jobs``). Jobs run on a worker
thread and their outcome is delivered on the GUI thread, so the window keeps answering
(painting, Ctrl+Q) while a function is parsed, compiled, sampled and run.

A submission with a delay (a pause in typing) waits on a timer; a newer one replaces it. One
worker thread takes the jobs (kept between jobs: a thread per job cost more). A job still
running when its budget ends is delivered as over budget, and a job still running when a newer
one starts is stale: either way its worker is left to finish it alone (a thread cannot be
stopped from outside: the job is asked to, and stops at its next stage; its late result is
dropped) and the next job gets a new worker, so it never waits behind an old one. Workers
are daemon threads, so one that never ends does not keep gradviz from quitting.

Workers never touch Qt (a thread calling into Qt while a window is being deleted, or while
Python shuts down, can crash it): a finished job goes into a list, and a byte written to a
socket pair wakes the GUI thread, whose socket notifier delivers it at once.
"""

from __future__ import annotations

import collections
import queue
import socket
import threading

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from gradviz.state.jobs import BUDGET, JobOutcome, run_job

IDLE_S = 30.0
"""Seconds a worker waits for the next job before it ends (a new one starts when needed)."""


class _Ticket:
    """One submission: the work, whom to tell, and how it went."""

    def __init__(self, work, deliver):
        self.work, self.deliver = work, deliver
        self.outcome = None
        self.finished = threading.Event()   # set by the worker thread
        self.abandoned = threading.Event()  # set on the GUI thread: the work stops soon
        self.delivered = False              # read and written on the GUI thread only


class Mailbox:
    """Finished tickets, from worker threads to the GUI thread, without Qt: a deque and a
    socket pair whose reading end a QSocketNotifier watches."""

    def __init__(self):
        self.tickets = collections.deque()
        self.reader, self._writer = socket.socketpair()
        self.reader.setblocking(False)
        self._writer.setblocking(False)

    def post(self, ticket) -> None:   # on a worker thread
        self.tickets.append(ticket)
        try:
            self._writer.send(b"!")
        except OSError:   # full (the GUI thread reads soon anyway) or closed (gone)
            pass

    def take(self) -> list:   # on the GUI thread
        try:
            while self.reader.recv(4096):
                pass
        except OSError:   # drained
            pass
        taken = []
        while self.tickets:
            taken.append(self.tickets.popleft())
        return taken


class _Worker:
    """A daemon thread running the tickets put in its queue, one after the other; it ends
    when abandoned or after ``IDLE_S`` without work."""

    def __init__(self, mailbox):
        self.tickets = queue.SimpleQueue()
        self.abandoned = False
        self._mailbox = mailbox
        self._ended = False
        self._lock = threading.Lock()   # a ticket is taken, or the worker ends: not both
        threading.Thread(target=self._serve, daemon=True, name="gradviz-prepare").start()

    def take(self, ticket) -> bool:
        """Queue ``ticket``; False when this worker has ended (give it to a new one)."""
        with self._lock:
            if not self._ended:
                self.tickets.put(ticket)
            return not self._ended

    def _serve(self):
        try:
            self._serve_until_idle()
        finally:
            with self._lock:
                self._ended = True

    def _idle(self) -> bool:
        with self._lock:
            if self.tickets.empty():
                self._ended = True
            return self._ended

    def _serve_until_idle(self):
        while not self.abandoned:
            try:
                ticket = self.tickets.get(timeout=IDLE_S)
            except queue.Empty:
                if self._idle():
                    return
                continue
            if ticket is None:
                return
            ticket.outcome = run_job(ticket.work, ticket.abandoned)
            ticket.finished.set()
            self._mailbox.post(ticket)


class QtJobRunner(QObject):
    def __init__(self, budget: float | None = None, parent=None):
        super().__init__(parent)
        self.budget = BUDGET if budget is None else budget   # read now: tests set their own
        self._stopped = False    # the window closed (stop): nothing runs or arrives any more
        self._waiting = None     # the delayed submission, not started yet
        self._latest = None      # the last started
        self._worker = None
        self._mailbox = Mailbox()
        self._notifier = None    # made with the first job: a runner may exist before Qt's loop
        self._delay = QTimer(self, singleShot=True)
        self._delay.timeout.connect(self._start_waiting)
        self._limit = QTimer(self, singleShot=True)   # the latest job's budget
        self._limit.timeout.connect(self._on_limit_timeout)

    def submit(self, work, deliver, delay: float = 0.0) -> None:
        if self._stopped:
            return
        self._waiting = _Ticket(work, deliver)
        if delay > 0:
            self._delay.start(round(delay * 1000))
        else:
            self._start_waiting()

    def flush(self) -> None:
        """Start the waiting job now and block until the latest is delivered (or its budget
        is over). Nothing once stopped."""
        if self._stopped:
            return
        self._start_waiting()
        ticket = self._latest
        if ticket is None or ticket.delivered:
            return
        remaining = self._limit.remainingTime() / 1000 if self._limit.isActive() else 0.0
        if ticket.finished.wait(max(remaining, 0.0)):
            self._deliver(ticket, ticket.outcome)
        else:
            self._on_limit_timeout()

    def stop(self) -> None:
        """The window closes: drop the waiting job and tell the running one to stop (at its
        next stage), so that no worker goes on computing for a window that is gone. For good:
        later submissions are dropped, and so are the outcomes of jobs left running before."""
        self._stopped = True
        self._delay.stop()
        self._limit.stop()
        self._waiting = None
        if self._latest is not None and not self._latest.finished.is_set():
            self._abandon_worker()

    def busy(self) -> bool:
        """True while a job waits or runs and has not been delivered (never once stopped:
        nothing will be)."""
        if self._stopped:
            return False
        return self._waiting is not None or (self._latest is not None
                                             and not self._latest.delivered)

    def _start_waiting(self) -> None:
        self._delay.stop()
        ticket, self._waiting = self._waiting, None
        if ticket is None:
            return
        if self._latest is not None and not self._latest.finished.is_set():
            self._abandon_worker()   # busy with a stale job
        self._latest = ticket
        self._limit.start(round(self.budget * 1000))
        if self._notifier is None:
            self._notifier = QSocketNotifier(self._mailbox.reader.fileno(),
                                             QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._on_notifier_activated)
        while self._worker is None or not self._worker.take(ticket):
            self._worker = _Worker(self._mailbox)

    def _on_limit_timeout(self) -> None:
        """The latest job is over budget: say so, and leave its worker to it."""
        ticket = self._latest
        if ticket is None or ticket.delivered:
            return
        self._abandon_worker()
        self._deliver(ticket, JobOutcome(over_budget=True))

    def _abandon_worker(self) -> None:
        """Leave the latest job's worker to it; the job is told to stop (stop_if_abandoned)."""
        if self._latest is not None:
            self._latest.abandoned.set()
        if self._worker is not None:
            self._worker.abandoned = True
            self._worker.take(None)   # it stops after the job in hand
            self._worker = None

    def _on_notifier_activated(self, *_) -> None:
        for ticket in self._mailbox.take():
            if not self._stopped:
                self._deliver(ticket, ticket.outcome)

    def _deliver(self, ticket, outcome) -> None:
        if ticket.delivered:
            return
        ticket.delivered = True
        if ticket is self._latest:
            self._limit.stop()
        ticket.deliver(outcome)
