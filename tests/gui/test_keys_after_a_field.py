"""Issue 16's smaller items, as a person meets them: after a number is typed and Enter
pressed, the window's keys are shortcuts again (3 turns the 3D view on instead of typing a
digit into the field); while typing, a digit is still a digit."""

import pytest
from gui_helpers import open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSpinBox

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.panels.fields import NumberField

BOWL = Session(text="x^2 + 3*y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.5, 1.5),
               panels=(PanelConfig("gd", {"lr": 0.05}), PanelConfig("adam", {"lr": 0.1})),
               steps=100)


@pytest.fixture
def window(qtbot):
    win = open_window(qtbot, BOWL, (1280, 720))
    win.column.open()   # folded at 1280 px wide: opened as Ctrl+1 does
    qtbot.waitExposed(win)
    win.activateWindow()
    return win


def typed_into(qtbot, field, text):
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    field.selectAll()
    qtbot.keyClicks(field, text)


def press_3(qtbot, window):
    """The key 3 as the keyboard sends it: to the widget with the focus, else the window."""
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_3)


def test_after_enter_in_the_lr_field_3_shows_the_3d_view(qtbot, window):
    field = next(f for f in window.controls.findChildren(NumberField)
                 if f.objectName() == "lr_field" and f.isVisible())
    typed_into(qtbot, field, "0.04")
    press_3(qtbot, window)            # still typing: a digit
    assert field.text() == "0.043"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.state.session.panels[0].hyper["lr"] == 0.043
    qtbot.waitUntil(lambda: not field.hasFocus(), timeout=2000)
    press_3(qtbot, window)
    assert window.state.session.display.view3d           # was: "0.0433" in the field
    assert field.text() == "0.043" and window.state.session.panels[0].hyper["lr"] == 0.043


def test_after_enter_in_the_steps_box_3_shows_the_3d_view(qtbot, window):
    box = window.controls.findChild(QSpinBox, "steps")
    typed_into(qtbot, box, "250")
    qtbot.keyClick(box, Qt.Key.Key_Enter)
    assert window.state.session.steps == 250
    qtbot.waitUntil(lambda: not box.hasFocus(), timeout=2000)
    press_3(qtbot, window)
    assert window.state.session.display.view3d and window.state.session.steps == 250
