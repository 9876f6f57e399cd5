"""Every hostile session file (tests/engine/hostile_sessions.py, found by trying: issue 15) opened
in the real window: a refused one is one dialog with one printable line and the session on
screen untouched; one that opens is prepared within the job's budget, shown, and the window
still answers; none leaves a traceback or hangs."""

import importlib.util
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from test_documents import answer_dialog, close_window, make_window

from gradviz.state import intents as i

REPO = Path(__file__).resolve().parents[2]


def _hostile_sessions():
    spec = importlib.util.spec_from_file_location(
        "hostile_sessions", REPO / "tests" / "engine" / "hostile_sessions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOSTILE = _hostile_sessions()


def assert_answers_a_key(window, qtbot, within=1.0):
    """Space (play / pause), pressed as soon as the GUI thread's event loop is free, is
    handled ``within`` seconds (issue 15: a second): the window answers."""
    window.activateWindow()   # a shortcut goes to the active window (a dialog was, maybe)
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    playing = window.state.playing
    pressed = []
    began = time.monotonic()
    QTimer.singleShot(0, lambda: (pressed.append(time.monotonic() - began),
                                  qtbot.keyClick(window, Qt.Key.Key_Space)))
    qtbot.waitUntil(lambda: window.state.playing != playing, timeout=5000)
    answered = time.monotonic() - began
    assert answered < within, f"the key answered after {answered:.2f} s (pressed after {pressed})"


@pytest.fixture(scope="module")
def hostile_paths(tmp_path_factory):
    return HOSTILE.write(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    win = make_window(qtbot, tmp_path)
    yield win
    close_window(win)


@pytest.mark.parametrize("name", sorted(HOSTILE.HOSTILE))
def test_a_hostile_file_in_the_window(window, qtbot, hostile_paths, name, monkeypatch):
    if name not in hostile_paths:
        pytest.skip("no FIFOs on this platform")
    case = HOSTILE.HOSTILE[name]
    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: hooked.append(exc))
    window.state.apply(i.SetStart(1.0, 1.0))
    before = window.state.session
    seen = []
    answer_dialog("file_error", QMessageBox.StandardButton.Ok, seen)
    began = time.monotonic()
    opened = window.documents.open_path(str(hostile_paths[name]))
    if case.refused is not None:
        assert not opened
        assert len(seen) == 1 and case.refused in seen[0], seen
        assert seen[0].isprintable()   # no escape, bidi override or surrogate shown raw
        assert window.state.session == before
        assert_answers_a_key(window, qtbot)
    else:
        assert opened and seen == []
        assert time.monotonic() - began < 1.0   # read here, prepared on the worker
        # While the worker prepares it, the two threads share the interpreter: at load 8.5 on
        # 2 cores the key took 0.17-0.96 s, 1.44 s once at load 9.4 (10-40 ms once prepared);
        # a parse on the GUI thread is caught by the bound on open_path above.
        assert_answers_a_key(window, qtbot, within=2.0)
        window.state.flush()   # prepared on the worker, within the job's budget
        assert window.state.session.text == HOSTILE.HOSTILE[name].content["text"]
        assert window.state.editor.error is None
        runs = window.state.runs
        assert len(runs) == 1
        window.state.apply(i.SetStep(window.state.session.steps))
        if case.diverges:
            assert runs[0].trajectory.diverged_at is not None
            assert runs[0].status(window.state.session.steps)[0] == "diverged"
        qtbot.wait(50)   # paints the end of the run: nothing raises while drawing it
        assert_answers_a_key(window, qtbot)   # and answers once it shows the file
    assert time.monotonic() - began < 60.0   # generous (14 s seen in a loaded fresh root): a hang
    #                                          would be minutes
    assert hooked == []


class FifoWatch:
    """A FIFO that a blocked reader is released from, so that a regression fails instead of
    hanging: a child process opens it for writing (which waits for a reader), removes it and
    closes it (the reader gets its end; a later reader finds no file). A process, not a
    thread: a Qt call reading the FIFO may hold the interpreter's lock. ``read()`` says
    whether anyone read it; ``stop()`` ends the child."""

    def __init__(self, path):
        import os
        import subprocess

        os.mkfifo(path)
        code = ("import os, sys\nfd = os.open(sys.argv[1], os.O_WRONLY)\n"
                "os.unlink(sys.argv[1])\nos.close(fd)\n")
        self.child = subprocess.Popen([sys.executable, "-c", code, path])

    def read(self) -> bool:
        return self.child.poll() is not None

    def stop(self) -> None:
        if self.child.poll() is None:
            self.child.kill()
        self.child.wait()


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs on this platform")
@pytest.mark.parametrize("kind", ["session", "data"])
def test_markup_a_message_quotes_is_shown_as_text_and_reads_no_file(window, tmp_path, kind,
                                                                    monkeypatch):
    """Found in the audit of issue 15: a dialog shows its text as rich text when it looks like
    some, and an <img> there is read from disk as the dialog is laid out: a session with the
    field '<img src=FIFO>' ('unknown field ...') or a CSV with that cell ('... is not a
    number') hung the window for ever."""
    import json

    monkeypatch.chdir(tmp_path)   # a short name: messages shorten what they quote (20, 40)
    fifo = FifoWatch("f")         # (<img src=/dev/zero> fits: it would fill the memory)
    markup = "<img src=f>"
    seen = []
    try:
        if kind == "session":
            path = tmp_path / "markup.gradviz.json"
            path.write_text(json.dumps({**HOSTILE.session(), markup: 1}), encoding="utf-8")
            answer_dialog("file_error", QMessageBox.StandardButton.Ok, seen)
            assert not window.documents.open_path(str(path))
        else:
            from gradviz.gui.data_files import load_csv

            path = tmp_path / "houses.csv"
            path.write_text(f"size,price\n1,2\n{markup},3\n", encoding="utf-8")
            answer_dialog("data_error", QMessageBox.StandardButton.Ok, seen)
            assert not load_csv(window, str(path))
        time.sleep(0.3)   # the child is quick to see a reader
        read = fifo.read()
    finally:
        fifo.stop()
    assert len(seen) == 1 and markup in seen[0], seen   # shown as it is written
    assert not read


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs on this platform")
def test_a_lesson_title_holding_markup_shows_as_text_in_its_tooltip(qtbot, tmp_path, monkeypatch):
    """The caption's head shows the lesson file's title, whole in its tooltip; a tooltip that
    looks like markup is rich text, and '<img src=FIFO>' there hung the window as it showed."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QToolTip

    from gradviz.gui.views.caption_band import CaptionBand
    from gradviz.state.lesson_view import Caption

    monkeypatch.chdir(tmp_path)
    fifo = FifoWatch("f")
    band = CaptionBand()
    qtbot.addWidget(band)
    band.show()
    try:
        band.set_caption(Caption(title="<img src=f>", counter="1 / 2", narration="words"))
        QToolTip.showText(band.head.mapToGlobal(QPoint(4, 4)), band.head.toolTip(), band.head)
        qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
        assert QToolTip.text() == band.head.toolTip() and "&lt;img" in QToolTip.text()
        qtbot.wait(300)
        read = fifo.read()
    finally:
        QToolTip.hideText()
        fifo.stop()
    assert not read


def test_a_lesson_answer_holding_markup_shows_as_text_in_its_tooltip(qtbot):
    """An option's words come from the lesson file too: its button's tooltip is plain text
    made safe (an '<img src=...>' there would be read from disk as the tooltip shows)."""
    from gradviz.gui.views.caption_band import CaptionBand
    from gradviz.state.lesson_view import Caption

    band = CaptionBand()
    qtbot.addWidget(band)
    band.set_caption(Caption(title="t", counter="1 / 2", narration="", prompt="Which?",
                             options=("<img src=f>", "b"), waiting="choice"))
    tip = band.options[0].toolTip()
    assert "&lt;img src=f&gt;" in tip and "<img" not in tip and "then the scene" in tip
