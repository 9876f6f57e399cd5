"""File handling in the window: save then open, the title bar, broken files, the question on
close, recent files, examples, autosave and restore after a crash, export dialogs."""

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from gui_helpers import do
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gradviz.engine import session_io
from gradviz.engine.session import PanelConfig, Session
from gradviz.state import intents as i

REPO = Path(__file__).resolve().parents[2]
SESSION = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.5),
                  panels=(PanelConfig("gd", {"lr": 0.09}), PanelConfig("adam", {"lr": 0.1})),
                  steps=60)


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def make_window(qtbot, tmp_path, session=SESSION):
    from gradviz.gui.app import create_window, open_session

    _, window = create_window(session)
    window.resize(1400, 860)
    window.show()
    open_session(window)
    window.state.flush()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window.start_documents(settings)
    return window


def close_window(window):
    """Close without the unsaved-changes question (pytest-qt would close it with the filter on)."""
    window.documents.autosave.discard()
    window.removeEventFilter(window.documents)
    window.close()
    window.deleteLater()


@pytest.fixture
def window(qtbot, tmp_path, data_home):
    win = make_window(qtbot, tmp_path)
    yield win
    close_window(win)


def answer_dialog(name, button, seen):
    """When the modal dialog ``name`` shows, note its text and click ``button``."""
    def poll():
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != name:
            QTimer.singleShot(20, poll)
            return
        seen.append(f"{box.text()} {box.informativeText()}".strip())
        box.button(button).click()
    QTimer.singleShot(0, poll)


def test_save_then_open_reproduces_the_screen(window, qtbot, tmp_path):
    do(window, i.SetStart(-1.0, 2.0), i.SetStep(17))
    window.views[0].set_view_range(((-2.0, 1.0), (-1.0, 2.5)))
    path = tmp_path / "lesson.gradviz.json"
    assert window.documents.save_to(str(path))
    saved = session_io.load(path)
    assert saved.start == (-1.0, 2.0) and saved.current_step == 17
    (x0, x1), _ = saved.view
    assert x0 <= -2.0 and x1 >= 1.0 and x1 - x0 < 4

    other = make_window(qtbot, tmp_path)
    assert other.documents.open_path(str(path))
    other.state.flush()
    assert other.state.session.start == (-1.0, 2.0)
    assert other.state.step == 17
    shown = [v for pair in other.views[0].view_range() for v in pair]
    assert shown == pytest.approx([v for pair in saved.view for v in pair], abs=1e-9)
    from gradviz.gui.documents import current_session
    assert current_session(other) == saved
    close_window(other)


def test_title_shows_the_file_name_and_unsaved_mark(window, tmp_path):
    assert window.windowTitle().startswith("Untitled[*]")
    assert not window.isWindowModified()
    do(window, i.SetStart(0.5, 0.5))   # the title follows the state: no poll, no check
    assert window.isWindowModified()
    window.documents.save_to(str(tmp_path / "bowl.gradviz.json"))
    assert window.windowTitle() == "bowl.gradviz.json[*] \u2014 gradviz"
    assert not window.isWindowModified()
    do(window, i.SetStep(30))  # playback is not an edit
    assert not window.isWindowModified()
    do(window, i.SetSteps(80))
    assert window.isWindowModified()
    do(window, i.Undo())          # back to what was saved
    assert not window.isWindowModified()


@pytest.mark.parametrize("text, expected", [
    ("{ truncated", "not valid JSON"),
    (json.dumps({"format": "gradviz-session", "version": 9}), "unsupported session version 9"),
])
def test_a_broken_file_is_one_dialog_and_changes_nothing(window, tmp_path, text, expected):
    path = tmp_path / "broken.gradviz.json"
    path.write_text(text)
    do(window, i.SetStart(1.0, 1.0))
    before = window.state.session
    seen = []
    answer_dialog("file_error", QMessageBox.StandardButton.Ok, seen)
    assert not window.documents.open_path(str(path))
    assert len(seen) == 1 and expected in seen[0]
    assert seen[0].startswith("Cannot open broken.gradviz.json.")
    assert window.state.session == before


def test_closing_with_unsaved_changes_asks(window, qtbot):
    do(window, i.SetStart(0.25, 0.25))
    seen = []
    answer_dialog("unsaved_changes", QMessageBox.StandardButton.Cancel, seen)
    window.close()
    assert seen and "Save the changes to Untitled" in seen[0]
    assert window.isVisible()
    answer_dialog("unsaved_changes", QMessageBox.StandardButton.Discard, seen)
    window.close()
    assert not window.isVisible()


def test_declining_to_close_keeps_a_tune_sweep_running(window, qtbot, endless_tuning):
    c = window.state
    do(window, i.SetStart(0.25, 0.25))   # an unsaved change: closing asks
    # whatever watches the close event (filters act last installed first), the question is
    # asked before anything is stopped
    window.installEventFilter(window.tuner)
    window.tuner.start(0)
    box = window.controls.tuners[0]
    seen = []
    answer_dialog("unsaved_changes", QMessageBox.StandardButton.Cancel, seen)
    window.close()
    assert seen and window.isVisible()
    # the user stays: the sweep goes on, its progress still shown
    assert window.tuner.running() and box.running() and not box.progress.isHidden()
    answer_dialog("unsaved_changes", QMessageBox.StandardButton.Discard, seen)
    window.close()
    assert len(seen) == 2 and not window.isVisible()
    assert not window.tuner.running()   # the close was accepted: the sweep stopped with it
    assert c.session.panels[0].tuned is None


def test_recent_files_and_examples(window, tmp_path):
    path = tmp_path / "r.gradviz.json"
    window.documents.save_to(str(path))
    assert window.documents.recent()[0] == str(path)
    window.documents._fill_recent()
    assert [a.text() for a in window.documents.recent_menu.actions()] == ["r.gradviz.json"]
    titles = [a.text() for a in window.documents.examples_menu.actions()]
    assert len(titles) == 6 and "Momentum overshoots" in titles
    assert "House prices: why feature scaling matters" in titles
    window.documents.examples_menu.actions()[3].trigger()  # several minima: three panels
    window.state.flush()
    assert len(window.state.session.panels) == 3 and len(window.views) == 3
    assert window.documents.path is None  # a copy: Save asks where
    assert "Several minima" in window.windowTitle()


def test_file_menu_lists_the_file_actions(window):
    from PySide6.QtWidgets import QMenu

    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&File")
    texts = [a.text().replace("&", "") for a in menu.actions() if a.text()]
    assert texts == ["New", "Open...", "Open Recent", "Examples", "Load Data from CSV...",
                     "Save", "Save As...",
                     "Export Picture...", "Export Animation...", "Export Data...", "Quit"]
    keys = {a.text().replace("&", ""): a.shortcut().toString() for a in menu.actions()}
    assert (keys["New"], keys["Open..."], keys["Save"]) == ("Ctrl+N", "Ctrl+O", "Ctrl+S")


CRASH = textwrap.dedent("""
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings
    from gradviz.gui.app import create_window, open_session
    from gradviz.gui import autosave
    from gradviz.state import intents
    app, window = create_window()
    window.resize(1400, 860); window.show(); open_session(window); window.state.flush()
    docs = window.start_documents(QSettings(sys.argv[1], QSettings.Format.IniFormat))
    window.state.apply(intents.SetStart(0.5, -0.5))
    window.state.apply(intents.SetSteps(321))
    window.state.apply(intents.EditText("x^2 + (y"))        # typed, does not parse yet
    while not [n for n in os.listdir(autosave.folder()) if n.endswith(".meta.json")] \\
            if os.path.isdir(autosave.folder()) else True:
        app.processEvents()
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_autosave_then_crash_then_restart_restores(qtbot, tmp_path, data_home, fresh_python):
    result = fresh_python("-c", CRASH, str(tmp_path / "crashed.ini"),
                          env={"XDG_DATA_HOME": str(data_home)})
    assert result.returncode == -signal.SIGKILL, result.stderr
    win = make_window(qtbot, tmp_path)
    seen = []
    answer_dialog("restore_autosave", QMessageBox.StandardButton.Yes, seen)
    assert win.documents.autosave.offer_restore()
    assert seen and "did not close properly" in seen[0]
    session = win.state.session
    assert session.start == (0.5, -0.5) and session.steps == 321
    assert win.controls.editor.text() == "x^2 + (y"  # nothing typed is lost
    qtbot.waitUntil(lambda: win.controls.editor.has_error())   # with its error, as typed
    assert win.isWindowModified()
    assert win.documents.autosave.orphans() == []  # offered once, then gone
    close_window(win)


def test_autosave_never_waits_for_a_function_being_prepared(window, qtbot, request, data_home):
    """Autosave keeps the function shown and the text typed; waiting for the job instead held
    the window up to the job's budget (2 s)."""
    import threading
    import time

    runner, submit = window.state.runner, window.state.runner.submit
    runner.budget = 30.0
    done = threading.Event()
    request.addfinalizer(done.set)

    def slow_submit(work, deliver, delay=0.0):
        def slow():
            done.wait(20.0)   # until the test ends
            return work()
        return submit(slow, deliver, delay)

    runner.submit = slow_submit
    window.state.apply(i.SetStart(0.5, 0.5))
    window.state.apply(i.EditText("x^2 + 3*y^2"))
    qtbot.waitUntil(runner.busy)
    began = time.monotonic()
    window.documents.autosave.write()
    assert time.monotonic() - began < 0.5 and window.state.preparing
    folder = data_home / "gradviz" / "gradviz" / "autosave"
    kept = session_io.load(str(next(folder.glob("*.gradviz.json"))))
    meta = json.loads(next(folder.glob("*.meta.json")).read_text())
    assert kept.text == SESSION.text and kept.start == (0.5, 0.5)
    assert meta["typed_text"] == "x^2 + 3*y^2"


def test_a_clean_close_leaves_nothing_to_restore(window, data_home):
    do(window, i.SetStart(0.5, 0.5))
    window.documents.autosave.write()
    files = os.listdir(data_home / "gradviz" / "gradviz" / "autosave")
    assert any(f.endswith(".gradviz.json") for f in files)
    window.documents.autosave.discard()
    assert not [f for f in os.listdir(data_home / "gradviz" / "gradviz" / "autosave")
                if f.endswith(".json")]


def test_export_dialogs(window, tmp_path):
    import imageio.v3 as iio

    from gradviz.gui.documents import current_session
    from gradviz.gui.export_dialog import ExportDialog

    session = current_session(window)
    data = ExportDialog(window, "data", session, str(tmp_path))
    data.first.setValue(10)
    assert data.export_to(str(tmp_path / "d.csv"))
    assert len((tmp_path / "d.csv").read_text().splitlines()) == 1 + 2 * 51

    picture = ExportDialog(window, "picture", session, str(tmp_path))
    picture.width_box.setValue(600)
    picture.height_box.setValue(300)
    picture.scale.setCurrentIndex(1)
    picture.export_to(str(tmp_path / "p.png"))
    assert iio.imread(tmp_path / "p.png").shape[:2] == (600, 1200)
    formats = [picture.format.itemData(i) for i in range(picture.format.count())]
    assert formats == [".png", ".svg"]
    picture.format.setCurrentIndex(1)
    picture.export_to(str(tmp_path / "p.svg"))
    svg = (tmp_path / "p.svg").read_text(encoding="utf-8")
    assert '<svg' in svg and 'viewBox="0 0 600 300"' in svg

    animation = ExportDialog(window, "animation", session, str(tmp_path))
    animation.last.setValue(12)
    animation.width_box.setValue(320)
    animation.height_box.setValue(240)
    assert animation.note.text() == "13 frames, 0.4 s"
    animation.export_to(str(tmp_path / "a.gif"))
    assert len(iio.imread(tmp_path / "a.gif", index=None)) == 13


def test_cancelling_an_animation_writes_nothing(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    from gradviz.gui.documents import current_session
    from gradviz.gui.export_dialog import ExportDialog

    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: self.value() >= 3)
    dialog = ExportDialog(window, "animation", current_session(window), str(tmp_path))
    dialog.width_box.setValue(320)
    dialog.height_box.setValue(240)
    assert dialog.export_to(str(tmp_path / "a.mp4")) is None
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".mp4",)]


def test_gradviz_file_argument(monkeypatch):
    from gradviz import cli

    seen = {}
    monkeypatch.setattr(cli, "_run_gui", lambda args: seen.setdefault("file", args.file) and 0)
    cli.main(["lesson.gradviz.json", "--size", "800x600"])
    assert seen["file"] == "lesson.gradviz.json"
    assert cli._is_file_argument("render") is False
