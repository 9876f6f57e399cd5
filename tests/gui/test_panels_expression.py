"""ExpressionEditor: typing emits, errors are marked in place, presets and gradient show."""

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from gradviz.engine.expression import ExpressionError, parse_expression
from gradviz.gui.panels.expression import ERROR_COLOR, ExpressionEditor
from gui_helpers import record


@pytest.fixture
def editor(qtbot):
    widget = ExpressionEditor()
    qtbot.addWidget(widget)
    widget.resize(340, 200)
    widget.show()
    return widget


def marked(editor):
    """The characters inside the red-background span of the error label, unescaped."""
    pattern = rf"background-color:{ERROR_COLOR};[^>]*>(.*?)</span>"
    found = re.search(pattern, editor.error_label.text())
    assert found, editor.error_label.text()
    return found.group(1).replace("&nbsp;", " ").replace("&lt;", "<").replace("&amp;", "&")


def test_typing_emits_text_edited_for_every_edit(editor, qtbot):
    calls = record(editor.text_edited)
    qtbot.keyClicks(editor.line_edit, "x^2")
    assert calls == [("x",), ("x^",), ("x^2",)]


def test_set_text_shows_the_text_without_emitting(editor):
    calls = record(editor.text_edited)
    editor.set_text("sin(x) + y")
    assert editor.line_edit.text() == "sin(x) + y"
    assert calls == []


def test_show_error_marks_the_character_and_says_why(editor):
    editor.set_text("x + <& y")
    editor.show_error("unexpected character '<'", 4)
    assert editor.error_label.isVisible()
    assert marked(editor) == "<"
    assert "Unexpected character &#x27;&lt;&#x27;" in editor.error_label.text()
    assert "at character 5" in editor.error_label.text()
    assert editor.has_error() and editor.line_edit.property("error") is True


def test_error_at_the_end_marks_a_blank(editor):
    editor.set_text("sin(x")
    editor.show_error("missing ')'", 5)
    assert marked(editor) == " "
    assert "at the end" in editor.error_label.text()


def test_user_text_is_escaped_not_rendered(editor):
    editor.set_text("<b>x</b> & y")
    editor.show_error("unexpected character '<'", 0)
    document = QTextDocument()
    document.setHtml(editor.error_label.text())
    shown = document.toPlainText().replace("\xa0", " ")
    assert shown.splitlines()[0] == "<b>x</b> & y"
    assert "<b>" not in editor.error_label.text()


def test_real_parser_error_is_shown_at_its_column(editor, qtbot):
    qtbot.keyClicks(editor.line_edit, "x +* y")
    with pytest.raises(ExpressionError) as caught:
        parse_expression(editor.text())
    editor.show_error(caught.value.message, caught.value.column)
    qtbot.waitUntil(editor.has_error)   # just typed: shown once the typing pauses
    assert marked(editor) == editor.text()[caught.value.column]


def test_an_error_just_after_a_key_waits_for_the_pause_and_a_key_restarts_it(editor, qtbot):
    """Within ERROR_PAUSE of the last key an error waits (no flash while typing); a key typed
    meanwhile restarts the wait; clear_error drops a waiting error; with no key typed
    (a file opened, a preset) it shows at once."""
    import time

    from gradviz.gui.panels.expression import ERROR_PAUSE

    qtbot.keyClicks(editor.line_edit, "sin(x")
    began = time.monotonic()
    editor.show_error("missing ')'", 5)
    assert not editor.has_error() and not editor.error_label.isVisible()
    qtbot.wait(int(ERROR_PAUSE * 500))
    qtbot.keyClicks(editor.line_edit, " ")                  # still typing
    restarted = time.monotonic()
    qtbot.waitUntil(editor.has_error, timeout=5000)
    assert time.monotonic() - restarted >= ERROR_PAUSE * 0.9
    assert time.monotonic() - began >= ERROR_PAUSE * 1.4
    editor.clear_error()
    qtbot.keyClicks(editor.line_edit, "+")
    editor.show_error("something is missing", 7)
    editor.clear_error()                                     # a valid text came first
    qtbot.wait(int(ERROR_PAUSE * 1500))
    assert not editor.has_error()
    fresh = ExpressionEditor()
    qtbot.addWidget(fresh)
    fresh.set_text("x +")
    fresh.show_error("something is missing", 3)
    assert fresh.has_error()


def test_clear_error_removes_the_mark_and_the_message(editor):
    editor.set_text("x +")
    editor.show_error("something is missing", 3)
    editor.clear_error()
    assert not editor.error_label.isVisible()
    assert editor.error_label.text() == ""
    assert not editor.has_error()


def test_a_long_line_in_error_does_not_widen_the_column(editor):
    editor.set_text("x + " * 60 + "<")
    editor.show_error("unexpected character '<'", 240)
    editor.set_gradient_text("1" + " + cos(x)*sin(y)" * 40, "0")
    assert editor.minimumSizeHint().width() < 340
    assert marked(editor) == "<"
    assert "…" in editor.error_label.text()


def test_presets_menu_lists_the_presets_and_requests_by_key(editor):
    editor.set_presets([("rosenbrock", "Rosenbrock", "A curved valley"),
                        ("himmelblau", "Himmelblau", "Four minima")])
    actions = editor.presets_menu.actions()
    assert [a.text() for a in actions] == ["Rosenbrock", "Himmelblau"]
    assert actions[1].toolTip() == "Four minima"
    calls = record(editor.preset_requested)
    actions[1].trigger()
    assert calls == [("himmelblau",)]


def test_set_presets_replaces_the_previous_list(editor):
    editor.set_presets([("a", "A", "")])
    editor.set_presets([("b", "B", ""), ("c", "C", "")])
    assert [a.data() for a in editor.presets_menu.actions()] == ["b", "c"]


def test_gradient_formulas_are_shown_and_selectable(editor):
    editor.set_gradient_text("2*x", "6*y")
    dfdx = editor.findChild(QLabel, "dfdx")
    dfdy = editor.findChild(QLabel, "dfdy")
    assert dfdx.text() == "∂f/∂x = 2*x" and dfdy.text() == "∂f/∂y = 6*y"
    assert dfdx.isVisible()
    assert dfdx.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_widgets_carry_state_names(editor):
    assert editor.findChild(QLabel, "expression_error") is editor.error_label
    assert editor.line_edit.objectName() == "expression"
    assert editor.presets_button.objectName() == "presets"
