"""``BasinsRefiner``: basin maps for the latest request, coarse first, on a worker thread.

A request is a serial number, an objective and tasks (``compute_basins`` keyword arguments
without the resolution, one per panel). The worker runs ``engine.basins.refine_basins`` for
every task, level by level: each task's coarse map first (so every map shows within a fraction
of a second), then each one's finer maps. After every map it posts a ``BasinsUpdate`` with the
maps so far (the finest of each task) to a ``jobs.Mailbox``, which wakes the GUI thread.

While an lr slider is dragged, requests come faster than maps: a coarse map in progress is
finished (so the map redraws as the slider moves, at the pace of the coarse maps), a finer one
is stopped within milliseconds (``cancel``), and the worker takes the newest request, skipping
the ones in between. The worker never touches Qt (see ``gui/jobs.py``); it is a daemon thread,
ended by ``close()``.
"""

from __future__ import annotations

import threading
import time
from typing import NamedTuple


class BasinsUpdate(NamedTuple):
    """What the worker posts: the request's serial, one map per task (engine ``Basins``; the
    finest so far, None where none yet), whether every map is at its finest, the seconds
    since the request, and an error line (then the maps are empty)."""

    serial: int
    maps: tuple
    finished: bool
    seconds: float
    error: str | None = None


class BasinsRefiner:
    def __init__(self, mailbox, levels=None):
        from gradviz.engine.basins import LEVELS

        self.levels = levels or LEVELS
        self._mailbox = mailbox
        self._wake = threading.Condition()
        self._latest = None      # (serial, objective, tasks, time): the newest request
        self._closed = False
        self._thread = threading.Thread(target=self._serve, daemon=True,
                                        name="gradviz-basins")
        self._thread.start()

    def request(self, serial, objective, tasks) -> None:
        """Compute ``tasks`` for ``objective`` next (a newer request replaces a waiting one)."""
        with self._wake:
            self._latest = (serial, objective, tuple(tasks), time.perf_counter())
            self._wake.notify()

    def close(self, wait: float = 5.0) -> None:
        """Stop (within milliseconds of the map in progress) and end the thread."""
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join(wait)

    def running(self) -> bool:
        return self._thread.is_alive()

    def _newer(self, serial) -> bool:
        return self._closed or self._latest[0] != serial

    def _next(self, done):
        """The newest request not yet taken (blocks), or None once closed."""
        with self._wake:
            while not self._closed and (self._latest is None or self._latest[0] == done):
                self._wake.wait()
            return None if self._closed else self._latest

    def _serve(self) -> None:
        done = None
        while (request := self._next(done)) is not None:
            done = request[0]
            try:
                self._compute(*request)
            except (ValueError, ArithmeticError, MemoryError) as error:
                self._post(request, (), True, f"Basins could not be computed: "
                                              f"{str(error).splitlines()[0]}")

    def _compute(self, serial, objective, tasks, began) -> None:
        from gradviz.engine.basins import refine_basins

        coarse_done = [False] * len(tasks)

        def cancel(i):   # a coarse map is finished (unless closed); a finer one stops for a
            return lambda: self._closed or (coarse_done[i] and self._newer(serial))   # newer

        runs = [refine_basins(objective, levels=self.levels, cancel=cancel(i), **task)
                for i, task in enumerate(tasks)]
        finest = tuple(reversed(self.levels[-1]))   # (ny, nx) of the labels
        maps = [None] * len(tasks)
        for _ in self.levels:
            for i, run in enumerate(runs):
                result = next(run, None)
                if result is None:
                    return   # stopped for a newer request
                maps[i], coarse_done[i] = result, True
                finished = all(m is not None and m.labels.shape == finest for m in maps)
                self._post((serial, objective, tasks, began), tuple(maps), finished)
            if self._newer(serial):
                return

    def _post(self, request, maps, finished, error=None) -> None:
        serial, _, _, began = request
        self._mailbox.post(BasinsUpdate(serial, maps, finished, time.perf_counter() - began,
                                        error))
