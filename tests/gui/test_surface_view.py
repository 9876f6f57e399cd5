"""The 3D view in the real window (offscreen, where Qt has no OpenGL): the toggle, the message
in its place, the rest of the window working on, the setting in sessions; the OpenGL check's
child process driven with stand-in programs."""

import sys

import pytest
from gui_helpers import do, open_window
from PySide6.QtGui import QKeySequence

from gradviz.engine import session_io
from gradviz.engine.session import DisplayConfig, PanelConfig, Session
from gradviz.gui import gl_check
from gradviz.state import intents as i

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"


def _session(view3d=False):
    return Session(text=ROSENBROCK, domain=((-2.0, 2.0), (-1.0, 3.0)), start=(-1.5, 2.5),
                   panels=(PanelConfig("gd", {"lr": 5e-4}), PanelConfig("adam", {"lr": 0.05})),
                   steps=200, display=DisplayConfig(view3d=view3d))


@pytest.fixture
def window(qtbot):
    gl_check.forget()
    win = open_window(qtbot, _session(), (1680, 960))
    yield win
    gl_check.forget()


def test_the_toggle_shows_the_3d_page_with_the_reason_offscreen(window):
    action = window.actions_by_name["view3d"]
    assert action.shortcut() == QKeySequence("3")
    assert window.center.currentWidget() is window.panels
    action.trigger()
    assert window.state.session.display.view3d is True
    page = window.surface_page
    assert window.center.currentWidget() is page
    text = page.message.text()
    assert text.startswith("3D view needs OpenGL, which is not available here: ")
    assert "offscreen platform" in text and text.endswith("Everything else works.")
    assert page.message.isVisible() and not page.reset_button.isVisible()
    action.trigger()
    assert window.center.currentWidget() is window.panels
    assert window.state.session.display.view3d is False


def test_the_rest_of_the_window_keeps_working_while_the_3d_page_is_shown(window):
    do(window, i.SetDisplay("view3d", True))
    c = window.state
    do(window, i.SetStep(120))
    assert window.playback.slider.value() == 120
    assert window.curves._step == 120
    do(window, i.SetPanel(1, "momentum", {"lr": 1e-3, "momentum": 0.9}))
    assert c.runs[1].label == "Momentum"
    do(window, i.SetDisplay("view3d", False))
    view = window.views[1]
    assert view.isVisible()
    assert "step 120" in view.readout.text()
    assert view.header.title_label.text().startswith("Momentum")


def test_the_setting_round_trips_in_a_session_file():
    text = session_io.to_json(_session(view3d=True))
    assert '"view3d": true' in text
    assert session_io.from_json(text).display.view3d is True
    assert session_io.from_json(session_io.to_json(_session())).display.view3d is False


def test_a_session_with_view3d_opens_on_the_3d_page(qtbot, window):
    do(window, i.OpenSession(_session(view3d=True)))
    assert window.center.currentWidget() is window.surface_page
    assert window.actions_by_name["view3d"].isChecked()
    do(window, i.OpenSession(_session(view3d=False)))
    assert window.center.currentWidget() is window.panels
    assert not window.actions_by_name["view3d"].isChecked()


def test_reset_zoom_does_not_fail_on_the_message_page(window):
    do(window, i.SetDisplay("view3d", True))
    window.reset_zoom()
    assert window.center.currentWidget() is window.surface_page


# --- the OpenGL check in a child process, with stand-in children -------------------------

def _fake_child(monkeypatch, code):
    monkeypatch.setattr(gl_check, "quick_problem", lambda platform: None)
    monkeypatch.setattr(gl_check, "probe_command", lambda: (sys.executable, ["-c", code]))


def test_a_child_that_says_no_gives_its_reason(qtbot, monkeypatch, window):
    _fake_child(monkeypatch, "print('problem\\tthe driver is on holiday')")
    do(window, i.SetDisplay("view3d", True))
    assert "Checking" in window.surface_page.message.text()
    window.surface.wait_for_check()
    qtbot.waitUntil(lambda: "holiday" in window.surface_page.message.text())
    assert window.surface_page.message.text() == (
        "3D view needs OpenGL, which is not available here: the driver is on holiday. "
        "Everything else works.")
    assert gl_check.known_answer() == (False, "the driver is on holiday")


def test_a_child_that_crashes_leaves_the_window_alive(qtbot, monkeypatch, window):
    _fake_child(monkeypatch, "import os, sys; sys.stderr.write('GLX: bad things\\n'); "
                             "sys.stderr.flush(); os.abort()")
    do(window, i.SetDisplay("view3d", True))
    window.surface.wait_for_check()
    qtbot.waitUntil(lambda: "crashed" in window.surface_page.message.text())
    assert "(GLX: bad things)" in window.surface_page.message.text()
    do(window, i.SetStep(50))
    assert window.state.step == 50 and window.playback.slider.value() == 50


def test_verdicts_from_what_the_child_did():
    assert gl_check.reason_from(0, False, "ok\tOpenGL 4.5, llvmpipe\n", "") == (
        True, "OpenGL 4.5, llvmpipe")
    assert gl_check.reason_from(0, False, "noise\nproblem\tno GLX\n", "") == (False, "no GLX")
    assert gl_check.reason_from(2, False, "", "x\ngradviz: Qt cannot start\n") == (
        False, "a test drawing with OpenGL failed with exit code 2 (gradviz: Qt cannot start)")
    assert gl_check.reason_from(None, True, "", "") == (
        False, "a test drawing with OpenGL crashed")


def test_quick_problem_names_the_platform():
    assert "offscreen platform" in gl_check.quick_problem("offscreen")
    assert gl_check.quick_problem("xcb") is None   # PyOpenGL and QtOpenGLWidgets are installed


def test_typing_3_in_the_function_edits_the_text(qtbot, window):
    field = window.controls.editor.line_edit
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "x^3 + y^2")
    assert field.text() == "x^3 + y^2"
    assert window.state.session.display.view3d is False
    assert window.center.currentWidget() is window.panels
