"""Section "drag": dragging a slider in the real main window, offscreen at 1280x720.

A function parameter's slider (Rosenbrock written with its parameters a and b, b's slider)
and the first panel's lr slider in the control column are moved a position at a time, as a
drag moves them, with the mouse button held down on the slider's handle (a press, the moves,
a release), as a person drags it; each move is timed from the slider's new value (the widget's signal, the
intent) to both landscape panels repainted (the state's recomputation, every presenter, the paint of the whole window). During
a parameter drag the landscape is drawn on the coarse grid; "settle" is the time from the last
move to the full grid on screen (the pause, the job on the worker thread, the repaint).

Each move is timed in wall-clock time and in the GUI thread's CPU time: on a machine shared
with other work the CPU time is what gradviz itself spent.
"""

from __future__ import annotations

import contextlib
import time

from gradviz.bench.timing import clock, median, percentile

TEXT = "(a - x)^2 + b*(y - x^2)^2"
MOVES = (12, 40)      # moves of each drag: quick, full
DRAGS = (1, 3)        # drags of each slider, interleaved
SETTLE_LIMIT_S = 3.0


def _moves(make, values, app, paints):
    from gradviz.bench.window import _paint

    wall, cpu = [], []
    for value in values:
        paints.clear()
        t0, c0 = clock(), time.thread_time()
        make(value)
        _paint(app, paints)
        wall.append(clock() - t0)
        cpu.append(time.thread_time() - c0)
    return wall, cpu


@contextlib.contextmanager
def _held(slider):
    """The left mouse button pressed on ``slider``'s handle for the block, released after."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                           QStyle.SubControl.SC_SliderHandle, slider).center()
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, handle)
    try:
        yield
    finally:
        QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           handle)


def _settle(app, state):
    """Seconds from now until the full grid is on screen (after a parameter drag)."""
    from gradviz.state import derived

    t0 = clock()
    while state.landscape.grid.f.shape[0] != derived.FULL_GRID:
        if clock() - t0 > SETTLE_LIMIT_S:
            raise RuntimeError("bench: the full landscape did not follow the drag")
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()   # its repaint
    return clock() - t0


def run(quick: bool = False) -> dict:
    """{"param": row, "lr": row}: p50/p95 of each move in ms (wall and CPU), and for the
    parameter the settle time (median s)."""
    from gradviz.bench.window import _app, _Paints, _close, _open, _typeset
    from gradviz.engine.session import from_preset
    from gradviz.gui.jobs import QtJobRunner
    from gradviz.gui.panels.fields import SliderField

    moves, drags = MOVES[not quick], DRAGS[not quick]
    session = from_preset("rosenbrock").replace(text=TEXT, params={"a": 1.0, "b": 5.0})
    _app()   # before the runner: its socket notifier needs the GUI thread's event loop
    app, window = _open(session, QtJobRunner())
    state, paints = window.state, _Paints(window.views)
    sliders = {"param": window.controls.parameters.findChild(SliderField, "b").slider,
               "lr": window.controls.optimizers[0].findChild(SliderField, "lr").slider}
    start = {name: slider.value() for name, slider in sliders.items()}

    samples = {"param": ([], []), "lr": ([], [])}
    settles = []
    try:
        _typeset(app)   # the edits before left formulas to typeset: a drag has none of its own
        for d in range(drags):
            order = ("param", "lr") if d % 2 == 0 else ("lr", "param")
            for name in order:
                sign = 1 if d % 2 == 0 else -1
                positions = [start[name] + sign * (k + 1) for k in range(moves)]
                with _held(sliders[name]):
                    wall, cpu = _moves(sliders[name].setValue, positions, app, paints)
                if name == "param":
                    settles.append(_settle(app, state))
                samples[name][0].extend(wall)
                samples[name][1].extend(cpu)
    finally:
        _close(window)
    out = {}
    for name, (wall, cpu) in samples.items():
        out[name] = {"moves": len(wall),
                     "p50_ms": percentile(wall, 50) * 1e3, "p95_ms": percentile(wall, 95) * 1e3,
                     "cpu_p50_ms": percentile(cpu, 50) * 1e3,
                     "cpu_p95_ms": percentile(cpu, 95) * 1e3}
    out["param"]["settle_s"] = median(settles)
    return out
