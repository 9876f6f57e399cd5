"""Running the slow work (``derived.prepare``) and handing its result back.

A job runner has a ``budget`` (seconds a job may take; the job is told it, so that parsing can
give up in time) and two methods:

- ``submit(work, deliver, delay=0.0)``: run ``work()`` (after ``delay`` seconds, a pause in
  typing; a newer submission before then replaces the waiting one) and call
  ``deliver(JobOutcome)`` once, on the thread that owns the state (the GUI thread).
  A job that runs past its budget is delivered as ``JobOutcome(over_budget=True)`` when the
  budget ends; its late result is dropped.
- ``flush()``: start what waits now and block until the latest job is delivered (saving,
  exporting, tests).
- ``stop()``: the window closes; what waits is dropped and what runs is told to stop.

``ImmediateRunner`` here runs each job at once, on the caller's thread: for pictures rendered
without a window and for tests. ``gradviz.gui.jobs.QtJobRunner`` runs them on a worker thread.

A thread cannot be stopped from outside, so a job whose result nobody will see (a newer job
replaced it, or its budget ended) is asked to stop: the runner sets the Event it passed to
``run_job``, and the work calls ``stop_if_abandoned()`` between its stages (parse, grid, each
panel's run), which raises ``Stopped``.
"""

from __future__ import annotations

import threading
import time
from typing import NamedTuple

BUDGET = 2.0
"""Seconds a job may take before it is reported as too slow (the last valid function stays)."""


class JobOutcome(NamedTuple):
    """What a job ended with: its value, or the exception it raised, or over_budget."""

    value: object = None
    error: BaseException | None = None
    over_budget: bool = False


class Stopped(Exception):
    """A job gave up: its runner abandoned it, or its deadline passed."""


_running = threading.local()   # .abandoned: the Event of the job this thread runs, or None


def run_job(work, abandoned: threading.Event | None = None) -> JobOutcome:
    """``work()`` as a JobOutcome (an exception becomes its ``error``); ``abandoned``, set by
    the runner, makes ``stop_if_abandoned`` raise inside ``work``."""
    _running.abandoned = abandoned
    try:
        return JobOutcome(value=work())
    except Exception as error:  # noqa: BLE001 - handed to the state, which reports it
        return JobOutcome(error=error)
    finally:
        _running.abandoned = None


def stop_if_abandoned(deadline: float | None = None) -> None:
    """Raise Stopped when the job this thread runs was abandoned by its runner, or past
    ``deadline`` (a ``time.monotonic()`` value). Called by the work between its stages."""
    abandoned = getattr(_running, "abandoned", None)
    if abandoned is not None and abandoned.is_set():
        raise Stopped("abandoned by its runner")
    if deadline is not None and time.monotonic() >= deadline:
        raise Stopped("past its deadline")


class ImmediateRunner:
    """Runs every job at once on the calling thread. A job that took longer than ``budget``
    seconds (by ``clock``) is delivered as over budget, as the threaded runner would."""

    def __init__(self, budget: float = BUDGET, clock=time.monotonic):
        self.budget = budget
        self.clock = clock

    def submit(self, work, deliver, delay: float = 0.0) -> None:
        began = self.clock()
        outcome = run_job(work)
        if self.clock() - began > self.budget:
            outcome = JobOutcome(over_budget=True)
        deliver(outcome)

    def flush(self) -> None:
        """Nothing waits: every job was delivered when it was submitted."""

    def stop(self) -> None:
        """Nothing runs once ``submit`` has returned."""
