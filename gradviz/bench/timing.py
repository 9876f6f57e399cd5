"""Timing helpers: a clock, interleaved rounds, percentiles, and a description of the machine.

Every duration is in seconds (``time.perf_counter``) unless a name says ``_ms``.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import time
from typing import Callable

clock = time.perf_counter


def percentile(samples, q: float) -> float:
    """The q-th percentile (0-100) of ``samples``, linear between closest ranks (numpy's default).

    Written out so the bench reports the same definition everywhere, without numpy."""
    xs = sorted(samples)
    if not xs:
        return math.nan
    pos = (len(xs) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def median(samples) -> float:
    return percentile(samples, 50.0)


def timed(fn: Callable[[], object]) -> float:
    """Seconds taken by one call of ``fn()``, with the garbage collector paused (as ``timeit``
    does): a collection that falls inside one call would be charged to whoever ran then."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = clock()
        fn()
        return clock() - t0
    finally:
        if was_enabled:
            gc.enable()


def interleaved(cases: dict[str, Callable[[], float]], rounds: int, warmup: int = 1) -> dict:
    """Run every case once per round, rotating the order each round, so that a slow moment of
    a shared machine (another process, a frequency change) hits every case alike.

    A case is a callable returning one measured duration (it times itself, so set-up can stay
    out of the figure, usually with ``timed``). ``warmup`` rounds first, unrecorded. Returns name -> list of durations.
    """
    names = list(cases)
    out = {name: [] for name in names}
    for r in range(warmup + rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            seconds = cases[name]()
            if r >= warmup:
                out[name].append(seconds)
    return out


def machine() -> dict:
    """What the figures were measured on: CPU, cores, OS, Python and library versions."""
    info = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
    }
    for name in ("numpy", "sympy", "contourpy", "pyqtgraph", "PySide6"):
        try:
            module = __import__(name)
            info[name] = getattr(module, "__version__", "?")
        except ImportError:
            info[name] = None
    info["rendering"] = "Qt offscreen platform (software raster)"
    info["load_average"] = load_average()
    return info


def load_average():
    """The 1-minute load average (runnable processes), or None where the OS does not say: a
    figure measured beside other busy processes is slower than the machine can do."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
