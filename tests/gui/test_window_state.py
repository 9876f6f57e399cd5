"""The window on its application state: one intent per gesture and one change shown once, a
new function prepared off the GUI thread (the window answers meanwhile; too slow: one line,
the last valid function stays), undo from the Edit menu."""

import time

import pytest
from gui_helpers import do, open_window, record
from PySide6.QtCore import Qt

from gradviz.engine import scene
from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.panels.fields import SliderField
from gradviz.state import intents as i
from gradviz.state.records import TOO_SLOW

BOWL = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.5),
               panels=(PanelConfig("gd", {"lr": 0.05}), PanelConfig("adam", {"lr": 0.1})),
               steps=120)


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, BOWL, (1400, 860))


def slow_objectives(monkeypatch, seconds):
    """Preparing a function takes ``seconds`` of Python work (as a long parse would: it
    holds the interpreter most of the time), then goes on as usual."""
    prepare = scene.objective_for

    def slow(session, deadline=None):
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            sum(range(1000))
        return prepare(session, deadline)

    monkeypatch.setattr(scene, "objective_for", slow)


def test_moving_the_lr_slider_is_one_intent_one_run_one_step_shown(window, monkeypatch):
    do(window, i.SetStep(30))
    runs = []
    run_one = scene.compute_run
    monkeypatch.setattr(scene, "compute_run",
                        lambda *args: runs.append(args[2]) or run_one(*args))
    changes = record(window.state.changed)
    paths = {index: [] for index in (0, 1)}
    for index, view in enumerate(window.views):
        set_path = view.set_path
        monkeypatch.setattr(view, "set_path", lambda *a, s=set_path, n=index, **k: (
            paths[n].append(len(a[0])), s(*a, **k)))
    adam = window.state.runs[1]
    lr = window.controls.optimizers[0].findChild(SliderField, "lr")
    lr.slider.setValue(lr.slider.value() + 40)          # as one step of a drag does
    assert runs == [0]                                   # panel 1 alone ran again
    assert changes == [(frozenset({"session", "panels", "runs", "history"}),)]
    assert paths == {0: [31], 1: [31]}                   # step 30 drawn once in each panel
    assert window.state.runs[1] is adam
    assert window.state.session.panels[0].hyper["lr"] == lr.value() != 0.05


def test_the_window_answers_while_a_function_is_prepared(window, qtbot, monkeypatch):
    slow_objectives(monkeypatch, 4.0)   # far longer than the bound below, on a loaded machine
    field = window.controls.editor.line_edit
    field.selectAll()
    qtbot.keyClicks(field, "x^2 + y^2")
    began = time.monotonic()
    qtbot.wait(300)                                      # past the pause in typing: it runs
    assert window.state.preparing and window.state.runner.busy()
    assert window.state.session.text == BOWL.text       # nothing shown changes meanwhile
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()                        # Ctrl+Q closed it at once
    assert time.monotonic() - began < 2.5                # long before the job could end


def test_a_function_too_slow_to_prepare_is_one_line_and_the_last_valid_stays(window, qtbot,
                                                                             monkeypatch):
    window.state.runner.budget = 0.3
    landscape = window.state.landscape
    slow_objectives(monkeypatch, 1.0)
    field = window.controls.editor.line_edit
    field.selectAll()
    qtbot.keyClicks(field, "x^2 + 2*y^2")
    editor = window.controls.editor
    qtbot.waitUntil(editor.has_error, timeout=3000)
    assert TOO_SLOW[1:] in editor.error_label.text()
    assert window.state.session.text == BOWL.text and window.state.landscape is landscape
    field.selectAll()
    qtbot.keyClicks(field, BOWL.text)                    # the last valid one again
    qtbot.waitUntil(lambda: not editor.has_error(), timeout=3000)


def test_edit_menu_undo_and_redo_follow_the_history(window):
    undo, redo = window.actions_by_name["undo"], window.actions_by_name["redo"]
    assert not undo.isEnabled() and not redo.isEnabled()
    window.controls.run_settings.steps.setValue(80)      # as typed
    assert undo.isEnabled()
    undo.trigger()
    assert window.state.session.steps == 120
    assert window.controls.run_settings.steps.value() == 120
    assert redo.isEnabled() and not undo.isEnabled()
    redo.trigger()
    assert window.controls.run_settings.steps.value() == 80
