"""GUI tests run offscreen: no display needed."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from gradviz.gui.qt_start import prepare  # noqa: E402

prepare()   # as the app does before pyqtgraph is imported: the suite tests the same imports


@pytest.fixture(autouse=True, scope="session")
def _pyqtgraph_configured(qapp):
    """Configure pyqtgraph once, as the app does at start-up (row-major images), and collect
    garbage on the GUI thread only, as gui.platform_check.application() does."""
    from gradviz.gui.gc_on_gui_thread import collect_on_gui_thread
    from gradviz.gui.theme import configure_pyqtgraph

    configure_pyqtgraph()
    collect_on_gui_thread()
    yield


WAIT_MS = 20_000
"""How long ``qtbot.waitUntil`` waits by default: pytest-qt's 5 s ran out on a loaded 2-core
machine (a fresh Debian root in CI beside other work) for conditions that hold a moment later.
A condition that never holds still fails, 20 s on."""


@pytest.fixture(autouse=True, scope="session")
def _patient_waits():
    from pytestqt.qtbot import QtBot

    wait_until = QtBot.waitUntil

    def patient(self, callback, *, timeout=WAIT_MS):
        return wait_until(self, callback, timeout=timeout)

    QtBot.waitUntil = patient
    yield
    QtBot.waitUntil = wait_until


@pytest.fixture
def endless_tuning(monkeypatch):
    """Tune sweeps that run until they are cancelled: a real sweep may end (the engine is
    fast) before a test gets to cancel it or to close the window."""
    import time

    from gradviz.engine import scene

    def endless_sweep(objective, session, index, progress):
        while progress(0.5):
            time.sleep(0.005)
        return None

    monkeypatch.setattr(scene, "tune_panel", endless_sweep)


TEST_BUDGET = 15.0
"""The job budget of a window a test opens: the product's 2 s (state.jobs.BUDGET) refused a
window's first job as too slow on a loaded machine (test_edge_marker, 1 run in 6 at load 7:
no runs). Tests of the budget itself set their own (QtJobRunner(budget=0.2),
``runner.budget = 0.3``)."""


@pytest.fixture(autouse=True, scope="session")
def _patient_jobs():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("gradviz.gui.jobs.BUDGET", TEST_BUDGET)
        yield


@pytest.fixture(autouse=True)
def _typesetter_left_idle():
    """After each test, the one typesetter of the process forgets the formulas queued for the
    test's windows: typesetting them went on during the next tests and, sharing Python's lock
    with the GUI thread, slowed them (a 300 ms wait took over 2 s in the full suite)."""
    yield
    from gradviz.gui.views.math_view import drop_waiting

    drop_waiting()
