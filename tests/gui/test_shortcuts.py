"""Keyboard shortcuts: every action with a key is listed, no key is given twice, the keys a
lecture needs do what they say, and the README's table names every one."""

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from gradviz.engine.presets import PRESETS
from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.shortcuts import (ShortcutsDialog, action_text, answer_key_rows, conflicts,
                                   key_text, shortcut_groups)
from gradviz.state.intents import SetStart, SetStep, SetSteps

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from gradviz.gui.app import create_window, open_session

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))   # autosave goes there

    session = Session(text="x^2 + 3*y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.5, 1.5),
                      panels=(PanelConfig("gd", {"lr": 0.05}),
                              PanelConfig("adam", {"lr": 0.1})), steps=100)
    _, win = create_window(session)   # not qtbot.addWidget: it would close with the question on
    win.resize(1280, 720)
    win.show()
    open_session(win)
    win.state.flush()
    # the File menu's actions, as the app adds them (a throwaway settings file)
    win.start_documents(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    yield win
    # close without the unsaved-changes question (as test_documents does)
    win.documents.autosave.discard()
    win.removeEventFilter(win.documents)
    win.close()
    win.deleteLater()


def keyed_actions(win):
    return [a for a in win.actions() if a.shortcuts()]


def test_the_dialog_lists_every_action_that_has_a_key(qtbot, window):
    window.show_shortcuts()
    dialog = window.shortcuts_dialog
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
    expected = {(key_text(a), action_text(a)) for a in keyed_actions(window)}
    assert set(dialog.texts()) - expected == {answer_key_rows()[0]}
    assert expected <= set(dialog.texts())
    assert len(dialog.texts()) == len(expected) + 1 >= 36
    shown = dialog.shown_text()
    for keys, text in expected:
        assert keys.replace("+", "") and text.split()[0] in shown
    # grouped by menu, in the menu bar's order
    titles = [title for title, _ in shortcut_groups(window)]
    assert titles == ["File", "Edit", "Function", "Playback", "Panels", "View", "Help"]


def test_the_dialog_lists_the_answer_keys_of_a_lessons_question(qtbot, window):
    """F1 names the keys that pick an answer (caption_band.ANSWER_KEYS: 1-6, A-F), which
    are no action of the window: they were missing from the list."""
    from gradviz.gui.views.caption_band import ANSWER_KEYS, MAX_OPTIONS

    assert len(ANSWER_KEYS) == 2 * MAX_OPTIONS == 12
    window.show_shortcuts()
    dialog = window.shortcuts_dialog
    assert ("1 to 6 or A to F", answer_key_rows()[0][1]) in dialog.texts()
    assert dialog.groups[-1][0] == "In a lesson"
    shown = dialog.shown_text()
    assert "In a lesson" in shown and "1 to 6 or A to F" in shown
    assert "Answer a lesson" in shown


def test_no_key_is_given_to_two_actions(window):
    assert conflicts(window) == {}


@pytest.mark.parametrize("key, check", [
    (Qt.Key.Key_End, lambda w: w.state.step == 100),
    (Qt.Key.Key_L, lambda w: w.state.playback.loop and w.playback.loop.isChecked()),
    (Qt.Key.Key_C, lambda w: not w.views[0].items.contours.isVisible()
     and not w.state.session.display.contours),
    (Qt.Key.Key_A, lambda w: not w.views[0].items.arrows.isVisible()),
])
def test_lecture_keys_do_what_they_say(qtbot, window, key, check):
    qtbot.keyClick(window, key)
    assert check(window)


def test_big_steps_and_the_presets_in_turn(qtbot, window):
    c = window.state
    c.apply(SetStep(50))
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert c.step == 60
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert c.step == 40
    keys = list(PRESETS)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)      # not a preset yet: the first one
    c.flush()                                        # (prepared off the GUI thread)
    assert c.session.preset == keys[0]
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    c.flush()
    assert c.session.preset == keys[1]
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    c.flush()
    qtbot.keyClick(window, Qt.Key.Key_PageUp)        # round to the last
    c.flush()
    assert c.session.preset == keys[-1]
    assert window.controls.editor.text() == PRESETS[keys[-1]].expression


def test_f2_puts_the_cursor_in_the_function(qtbot, window):
    window.docks["controls"].hide()
    qtbot.keyClick(window, Qt.Key.Key_F2)
    field = window.controls.editor.line_edit
    assert window.docks["controls"].isVisible() and field.hasFocus()
    assert field.selectedText() == field.text()


def test_while_typing_letters_go_into_the_text_not_to_the_shortcuts(qtbot, window):
    field = window.controls.editor.line_edit
    field.setFocus()
    field.end(False)
    contours = window.state.session.display.contours
    qtbot.keyClicks(field, "+c")
    qtbot.keyClick(field, Qt.Key.Key_Space)
    assert field.text().endswith("+c ")
    assert window.state.session.display.contours == contours and not window.state.playing


def readme_shortcut_table():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Keyboard shortcuts"):]
    section = section[: section.index("\n## ", 5)]
    return section


def test_the_readme_names_every_key(window):
    table = readme_shortcut_table()
    cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| ")]
    keys_in_readme = " , ".join(cells)
    for action in keyed_actions(window):
        for key in action.shortcuts():
            name = key.toString(QKeySequence.SequenceFormat.PortableText)
            assert re.search(rf"(^|[\s,(]){re.escape(name)}($|[\s,)])", keys_in_readme), \
                f"{name} ({action_text(action)}) is not in the README's shortcut table"


def test_function_keys_page_keys_and_ctrl_keys_still_work_in_the_function_field(qtbot, window):
    field = window.controls.editor.line_edit
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_PageDown)
    window.state.flush()
    assert window.state.session.preset == list(PRESETS)[0]
    hidden = window.docks["inspector"].isHidden()
    qtbot.keyClick(field, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.docks["inspector"].isHidden() != hidden
    qtbot.keyClick(field, Qt.Key.Key_F11)
    assert window.presentation.active
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not window.presentation.active


def test_undo_and_redo_keys_walk_the_edits(qtbot, window):
    state = window.state
    state.apply(SetStart(0.5, 0.5))
    state.clock = lambda: 1e9      # a second later, at least: its own undo step
    state.apply(SetSteps(40))
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert state.session.steps == 100 and state.session.start == (0.5, 0.5)
    assert window.controls.run_settings.steps.value() == 100
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert state.session.start == (1.5, 1.5)
    assert not window.actions_by_name["undo"].isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert state.session.start == (0.5, 0.5)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert state.session.steps == 40 and not window.actions_by_name["redo"].isEnabled()


def test_in_the_function_field_ctrl_z_undoes_the_typing_there(qtbot, window):
    field = window.controls.editor.line_edit
    field.setFocus()
    field.end(False)
    qtbot.keyClicks(field, " + x")
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "x^2 + 3*y^2"
    assert not window.state.history.can_undo   # the document's history was not touched


SINGLE_KEYS = (Qt.Key.Key_3, Qt.Key.Key_O, Qt.Key.Key_G, Qt.Key.Key_T, Qt.Key.Key_M,
               Qt.Key.Key_C, Qt.Key.Key_A, Qt.Key.Key_L, Qt.Key.Key_I, Qt.Key.Key_Space,
               Qt.Key.Key_Plus, Qt.Key.Key_Minus, Qt.Key.Key_Equal)


def test_in_a_number_field_the_shortcut_keys_type_into_it(qtbot, window):
    """With the focus in any number field of the controls (or the playback speed), a key that
    is a shortcut elsewhere (3: the 3D view, O, G, Space...) is the field's: no shortcut
    fires, and a digit types into the field."""
    from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit

    window.docks["controls"].show()   # folded at 1280x720 (column_fold.py): opened, as Ctrl+1
    fields = [f for f in window.controls.findChildren(QLineEdit) + window.playback.findChildren(
        QLineEdit) if f.isVisible() and f is not window.controls.editor.line_edit]
    fields += [box for box in window.controls.findChildren(QAbstractSpinBox) if box.isVisible()]
    assert len(fields) >= 6
    fired = []
    for action in window.actions():
        if any(len(k.toString()) == 1 or k.toString() == "Space" for k in action.shortcuts()):
            action.triggered.connect(lambda *_, a=action: fired.append(a.text()))
    for field in fields:
        field.setFocus()
        line = field if isinstance(field, QLineEdit) else field.lineEdit()
        line.selectAll()
        qtbot.keyClick(field, Qt.Key.Key_3)
        assert line.text().startswith("3"), field.objectName()
        for key in SINGLE_KEYS:
            qtbot.keyClick(field, key)
        assert fired == [], (field.objectName(), fired)
    session = window.state.session
    assert not session.display.view3d and not session.display.overlay
    assert not window.state.playing


@pytest.mark.parametrize("presenting", [False, True])
@pytest.mark.parametrize("room", [(1280, 720), (1920, 1080)])
def test_the_whole_list_is_in_sight_without_scrolling(qtbot, window, room, presenting):
    """At 1280x720 the F1 list was three columns wider than the screen: it scrolled sideways,
    the View group cut ("Arrows of -∇f (th…") and the lesson keys out of sight. Now the columns
    are no wider than their share of the screen (descriptions wrap, a long group goes on in the
    next column, the type shrinks a little if it must), so every row is in sight."""
    from PySide6.QtCore import QSize

    if presenting:
        window.presentation.set_active(True)
    try:
        dialog = ShortcutsDialog(window, room=QSize(*room))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() <= room[0] and dialog.height() <= room[1]
        viewport, body = dialog.scroll.viewport(), dialog.scroll.widget()
        assert dialog.scroll.verticalScrollBar().maximum() == 0
        for label in dialog.columns:   # each column whole, inside what the dialog shows
            assert label.heightForWidth(label.width()) <= label.height()
            corner = label.mapTo(body, label.rect().bottomRight())
            assert corner.x() <= viewport.width() and corner.y() <= viewport.height()
        shown = dialog.shown_text()
        for title, pairs in dialog.groups:
            assert title in shown.splitlines()
            assert all(text.split()[-1] in shown for _, text in pairs)
        if room == (1920, 1080):   # room enough for large type in two columns
            assert len(dialog.columns) == 2
        dialog.close()
    finally:
        if presenting:
            window.presentation.leave()


def test_a_long_group_goes_on_in_the_next_column_and_no_part_is_tiny():
    """The split into columns: balanced, in order, no rows lost, a group continued under
    "(continued)" with at least three rows on each side."""
    from gradviz.gui.shortcuts import _split

    groups = [("File", list("abcdefgh")), ("Edit", list("ab")), ("Function", list("abc")),
              ("Playback", list("abcdefghij")), ("Panels", list("abcdef")),
              ("View", list("abcdefghijklmnopqrs")), ("Help", list("abc")),
              ("In a lesson", list("a"))]
    for count in (1, 2, 3, 4):
        columns = _split(groups, count)
        assert len(columns) <= count
        parts = [part for column in columns for part in column]
        for title, rows in groups:   # every row once, in order
            assert [r for t, rs in parts if t.removesuffix(" (continued)") == title
                    for r in rs] == rows
        for title, rows in parts:
            whole = dict(groups)[title.removesuffix(" (continued)")]
            assert len(rows) == len(whole) or len(rows) >= 3
        heights = [sum(len(rows) + 2 for _, rows in column) for column in columns]
        assert max(heights) - min(heights) <= 8
    three = _split(groups, 3)
    assert [t for t, _ in three[2]][0] == "View (continued)"
