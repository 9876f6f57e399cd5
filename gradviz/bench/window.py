"""Sections 2 and 3: the real main window, offscreen at 1280x720 (software rendering).

Edit latency: for each preset, the window shows the preset's view and settings with a
placeholder function; then the preset's text (and a space: see TYPED) is typed in (``EditText``
+ ``flush``: the pause in typing a person leaves is not counted) and the clock runs until both
panels have repainted: parse, derivative, compile, grid, contours, arrows, both runs (in the
window's worker thread), then curves, paths, paint. sympy's cache is cleared first, so that
every sample is a function sympy has never seen. Phases: parse (with the gradient's formulas),
landscape and runs as the job timed them; "runs" also holds handing the result to the views.

Frame time: playback as the clock drives it, ``SetStep(k + 2)`` (100 steps a second at 50
frames a second) and then the event loop's repaint, with paths of 100 and 5,000 points, in
windows of 2 and 4 panels (default grid, contours and arrows on), in wall-clock time and in the
GUI thread's CPU time (what gradviz itself spent, on a machine shared with other work), once
the windows' formulas are typeset (``_typeset``).
"""

from __future__ import annotations

import os
import time

from gradviz.bench.timing import clock, median, percentile

SIZE = (1280, 720)
PLACEHOLDER = "x^2 + y^2"
TYPED = """A preset's text with a space typed after it: the same function, but not the stored
text of engine.precompiled, so the whole chain runs (parse, derivative, compile), as for any
function a person types."""
QUICK_PRESETS = ("rosenbrock", "himmelblau", "rastrigin", "beale", "ackley", "goldstein_price")
FOUR = ("gd", "momentum", "rmsprop", "adam")
PATH_POINTS = (100, 5000)
FRAME_ADVANCE = 2


def _app():
    os.environ["QT_QPA_PLATFORM"] = "offscreen"   # the same software raster on every machine
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


class _Paints:
    """Counts paint events of the landscape panels' viewports (an event filter)."""

    def __init__(self, views):
        from PySide6.QtCore import QEvent, QObject

        counts = self.counts = {}

        class Filter(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint:
                    counts[watched] = counts.get(watched, 0) + 1
                return False

        self.filter = Filter()
        self.viewports = [v.graphics.viewport() for v in views]
        for viewport in self.viewports:
            viewport.installEventFilter(self.filter)

    def clear(self):
        self.counts.clear()

    def all_painted(self):
        return all(self.counts.get(v, 0) > 0 for v in self.viewports)


def _open(session, runner=None):
    from gradviz.gui.app import create_window, open_session

    app = _app()
    _, window = create_window(session, runner)
    window.resize(*SIZE)
    window.show()
    open_session(window)
    window.state.flush()
    _settle(app)
    return app, window


def _timed_runner():
    """The window's job runner, noting the stage timings of each job it delivers."""
    from gradviz.gui.jobs import QtJobRunner

    class TimedRunner(QtJobRunner):
        timings = None

        def submit(self, work, deliver, delay=0.0):
            def noted(outcome):
                self.timings = getattr(outcome.value, "timings", None)
                deliver(outcome)

            super().submit(work, noted, delay)

    return TimedRunner()


def _settle(app, rounds=3):
    for _ in range(rounds):
        app.processEvents()


def _typeset(app, timeout=30.0):
    """Wait until the window's formulas are typeset: the typesetter runs Python on its own
    thread a second after a window opens, and while it does, frames wait for Python's lock
    (a burst of 20-30 ms frames, which playback does not have once the formulas show)."""
    from gradviz.gui.views.math_view import typesetter

    end = time.monotonic() + timeout
    while not typesetter().idle() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    _settle(app)


def _paint(app, paints):
    """Let the event loop repaint until every panel has painted (bounded)."""
    for _ in range(20):
        app.processEvents()
        if paints.all_painted():
            return
    raise RuntimeError("bench: the panels did not repaint")


def _close(window):
    from gradviz.gui.app import _delete

    window.close()
    _delete(window)


def edit_latency(quick: bool = False) -> dict:
    """p50/p95 of typed text -> both panels repainted, over the presets; per-phase medians."""
    from sympy.core.cache import clear_cache

    from gradviz.engine.presets import PRESETS
    from gradviz.engine.session import from_preset
    from gradviz.state.intents import EditText, OpenSession

    keys = QUICK_PRESETS if quick else tuple(PRESETS)
    rounds = 1 if quick else 3
    runner = _timed_runner()
    app, window = _open(from_preset(keys[0]).replace(text=PLACEHOLDER), runner)
    state = window.state
    paints = _Paints(window.views)
    changed = []
    state.changed.connect(changed.append)
    totals, phases, per_preset = [], {"parse": [], "landscape": [], "runs": [], "paint": []}, {}
    try:
        for _ in range(rounds):
            for key in keys:
                state.apply(OpenSession(from_preset(key).replace(text=PLACEHOLDER)))
                state.flush()
                _settle(app)
                clear_cache()
                paints.clear()
                changed.clear()
                runner.timings = None
                t0 = clock()
                state.apply(EditText(PRESETS[key].expression + " "))   # see TYPED
                state.flush()
                t_shown = clock()
                _paint(app, paints)
                t1 = clock()
                shown = frozenset().union(*changed)
                if runner.timings is None or not shown >= {"objective", "landscape", "runs"}:
                    raise RuntimeError(f"bench: editing {key} did not recompute everything")
                job = runner.timings
                totals.append(t1 - t0)
                per_preset.setdefault(key, []).append(t1 - t0)
                phases["parse"].append(job["parse"])
                phases["landscape"].append(job["landscape"])
                phases["runs"].append(t_shown - t0 - job["parse"] - job["landscape"])
                phases["paint"].append(t1 - t_shown)
    finally:
        _close(window)
    return {
        "p50_ms": percentile(totals, 50) * 1e3, "p95_ms": percentile(totals, 95) * 1e3,
        "samples": len(totals), "presets": len(keys),
        "phases_p50_ms": {k: median(v) * 1e3 for k, v in phases.items()},
        "per_preset_p50_ms": {k: median(v) * 1e3 for k, v in per_preset.items()},
    }


def frame_times(quick: bool = False) -> list[dict]:
    """Rows for 2 and 4 panels x paths of 100 and 5,000 points: p50/p95 ms and frames a second."""
    from gradviz.engine.session import from_preset
    from gradviz.state.intents import SetStep

    frames, rounds = (8, 1) if quick else (40, 3)
    steps = max(PATH_POINTS)
    app = _app()
    windows = {2: _open(from_preset("rosenbrock", steps=steps))[1],
               4: _open(from_preset("rosenbrock", optimizers=FOUR, steps=steps))[1]}
    samples = {(p, n): [] for p in windows for n in PATH_POINTS}
    cpu = {key: [] for key in samples}
    try:
        _typeset(app)
        paints = {p: _Paints(w.views) for p, w in windows.items()}
        for r in range(rounds):
            order = list(samples) if r % 2 == 0 else list(reversed(samples))
            for panels, points in order:
                state = windows[panels].state
                k = points - 1 - frames * FRAME_ADVANCE   # the path ends with `points` points
                state.apply(SetStep(k))
                _settle(app)
                for _ in range(frames):
                    k += FRAME_ADVANCE
                    paints[panels].clear()
                    t0, c0 = clock(), time.thread_time()
                    state.apply(SetStep(k))
                    _paint(app, paints[panels])
                    samples[(panels, points)].append(clock() - t0)
                    cpu[(panels, points)].append(time.thread_time() - c0)
    finally:
        for window in windows.values():
            _close(window)
    rows = []
    for (panels, points), times in samples.items():
        p50, p95 = percentile(times, 50), percentile(times, 95)
        rows.append({"panels": panels, "path_points": points, "p50_ms": p50 * 1e3,
                     "p95_ms": p95 * 1e3, "fps_p50": 1 / p50, "fps_p95": 1 / p95,
                     "cpu_p95_ms": percentile(cpu[(panels, points)], 95) * 1e3,
                     "frames": len(times)})
    return rows
