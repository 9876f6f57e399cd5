"""Keyboard shortcuts: every action with a key is listed, no key is given twice, the keys a
lecture needs do what they say, and the README's table names every one."""

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from gradviz.engine.presets import PRESETS
from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.shortcuts import (ShortcutsDialog, action_text, conflicts, key_text,
                                   shortcut_groups)

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from gradviz.gui.app import create_window
    from gradviz.gui.documents import Documents

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))   # autosave goes there

    session = Session(text="x^2 + 3*y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.5, 1.5),
                      panels=(PanelConfig("gd", {"lr": 0.05}),
                              PanelConfig("adam", {"lr": 0.1})), steps=100)
    _, win = create_window(session)   # not qtbot.addWidget: it would close with the question on
    win.resize(1280, 720)
    win.show()
    win.controller.load()
    # the File menu's actions, as the app adds them (a throwaway settings file)
    win.documents = Documents(win, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
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
    assert set(dialog.texts()) == expected
    assert len(dialog.texts()) == len(expected) >= 35
    shown = " ".join(label.text() for label in dialog.columns)
    for keys, text in expected:
        assert keys.replace("+", "") and text.split()[0] in shown
    # grouped by menu, in the menu bar's order
    titles = [title for title, _ in shortcut_groups(window)]
    assert titles == ["File", "Function", "Playback", "Panels", "View", "Help"]


def test_no_key_is_given_to_two_actions(window):
    assert conflicts(window) == {}


@pytest.mark.parametrize("key, check", [
    (Qt.Key.Key_End, lambda w: w.controller.step == 100),
    (Qt.Key.Key_L, lambda w: w.controller.loop and w.playback.loop.isChecked()),
    (Qt.Key.Key_C, lambda w: not w.views[0].items.contours.isVisible()
     and not w.controller.session.display.contours),
    (Qt.Key.Key_A, lambda w: not w.views[0].items.arrows.isVisible()),
])
def test_lecture_keys_do_what_they_say(qtbot, window, key, check):
    qtbot.keyClick(window, key)
    assert check(window)


def test_big_steps_and_the_presets_in_turn(qtbot, window):
    c = window.controller
    c.set_step(50)
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert c.step == 60
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert c.step == 40
    keys = list(PRESETS)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)      # not a preset yet: the first one
    assert c.session.preset == keys[0]
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert c.session.preset == keys[1]
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    qtbot.keyClick(window, Qt.Key.Key_PageUp)        # round to the last
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
    contours = window.controller.session.display.contours
    qtbot.keyClicks(field, "+c")
    qtbot.keyClick(field, Qt.Key.Key_Space)
    assert field.text().endswith("+c ")
    assert window.controller.session.display.contours == contours and not window.controller.playing


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
    assert window.controller.session.preset == list(PRESETS)[0]
    hidden = window.docks["inspector"].isHidden()
    qtbot.keyClick(field, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.docks["inspector"].isHidden() != hidden
    qtbot.keyClick(field, Qt.Key.Key_F11)
    assert window.presentation.active
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not window.presentation.active
