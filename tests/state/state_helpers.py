"""Helpers for the state tests (pytest puts this folder on sys.path): a clock the test moves,
a job runner that holds jobs until the test finishes them (in any order), and a recorder of
change events."""

from gradviz.state import AppState
from gradviz.state.intents import OpenSession
from gradviz.state.jobs import run_job


class FakeClock:
    def __init__(self, now=100.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


class DeferredRunner:
    """Jobs wait in ``jobs`` until ``finish(i)`` runs job i and delivers it (or ``flush``)."""

    budget = 2.0

    def __init__(self):
        self.jobs = []   # [(work, deliver, delay)]

    def submit(self, work, deliver, delay=0.0):
        self.jobs.append((work, deliver, delay))

    def finish(self, index=-1, outcome=None):
        work, deliver, _ = self.jobs.pop(index)
        deliver(outcome if outcome is not None else run_job(work))

    def flush(self):
        while self.jobs:
            self.finish(0)


def recorder(state):
    """A list that collects the parts of every change event of ``state``."""
    events = []
    state.changed.connect(events.append)
    return events


def opened(session, runner=None, clock=None):
    """An AppState showing ``session``, computed (``runner``'s jobs finished)."""
    state = AppState(session, runner, clock or FakeClock())
    state.apply(OpenSession(session))
    state.flush()
    return state
