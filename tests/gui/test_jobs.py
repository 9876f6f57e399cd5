"""The window's job runner: work on a worker thread, outcomes on the GUI thread; a pause in
typing; a newer job never waits behind an older one; a job over budget is said to be, once."""

import threading
import time

from gradviz.gui.jobs import QtJobRunner


def collect():
    seen = []

    def deliver(outcome):
        seen.append((outcome, threading.current_thread() is threading.main_thread()))
    return seen, deliver


def test_the_outcome_arrives_on_the_gui_thread(qtbot):
    runner = QtJobRunner(budget=30.0)
    seen, deliver = collect()
    runner.submit(lambda: 6 * 7, deliver)
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    (outcome, on_gui_thread), = seen
    assert outcome.value == 42 and outcome.error is None and on_gui_thread
    runner.submit(lambda: 1 / 0, deliver)
    runner.flush()                                    # waits and delivers at once
    assert isinstance(seen[1][0].error, ZeroDivisionError)


def test_a_submission_in_a_pause_replaces_the_one_waiting(qtbot):
    runner = QtJobRunner(budget=30.0)   # a loaded machine (a fresh root in CI) took over 2 s
    ran, seen = [], []
    runner.submit(lambda: ran.append("a"), seen.append, delay=0.15)
    runner.submit(lambda: ran.append("b"), seen.append, delay=0.15)
    assert runner.busy() and ran == []
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert ran == ["b"] and len(seen) == 1


def test_a_newer_job_does_not_wait_behind_an_older_one(qtbot):
    runner = QtJobRunner()
    slow, fast = collect(), collect()
    runner.submit(lambda: time.sleep(1.0) or "slow", slow[1])
    began = time.monotonic()
    runner.submit(lambda: "fast", fast[1])
    qtbot.waitUntil(lambda: bool(fast[0]), timeout=2000)
    assert time.monotonic() - began < 0.5 and fast[0][0][0].value == "fast"
    qtbot.waitUntil(lambda: bool(slow[0]), timeout=3000)    # delivered too: the state drops it
    assert slow[0][0][0].value == "slow"


def test_a_job_over_budget_is_said_to_be_once_and_the_next_one_runs(qtbot):
    runner = QtJobRunner(budget=0.2)
    seen, deliver = collect()
    runner.submit(lambda: time.sleep(1.0) or "late", deliver)
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen[0][0].over_budget and seen[0][0].value is None
    after, deliver_after = collect()
    runner.submit(lambda: "next", deliver_after)
    runner.flush()
    assert after[0][0].value == "next"
    qtbot.wait(1200)                                  # the late result is dropped
    assert len(seen) == 1


def test_a_runner_made_before_the_application_delivers_through_its_loop(tmp_path):
    """The bench made its runner before Qt's application: a notifier made then has no event
    loop to wake (Qt warned "event dispatcher has already been destroyed") and only flush()
    delivered. The notifier is made with the first job."""
    import os
    import subprocess
    import sys

    child = (
        "from gradviz.gui.jobs import QtJobRunner\n"
        "runner = QtJobRunner()\n"
        "from PySide6.QtCore import QCoreApplication, QTimer\n"
        "app = QCoreApplication([])\n"
        "seen = []\n"
        "runner.submit(lambda: 6 * 7, lambda o: (seen.append(o.value), app.quit()))\n"
        "QTimer.singleShot(3000, app.quit)\n"
        "app.exec()\n"
        "print(seen)\n")
    env = dict(os.environ, QT_FATAL_WARNINGS="1")
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                          timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[42]"
