"""Every control and readout of the window says what it is and what changing it does: a
tooltip of its own, or of the part it belongs to (Qt shows the nearest one), in the function
mode, the regression mode and a lesson. Qt's own parts (scroll bars, a dock's title buttons, a
spin box's text) are Qt's."""

from gui_helpers import documented_window
from PySide6.QtWidgets import (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox,
                               QLabel, QLineEdit, QScrollBar, QTabBar, QWidget)

from gradviz.engine import lessons
from gradviz.state import intents
from gradviz.state import lesson_intents as li

CONTROLS = (QAbstractButton, QAbstractSlider, QLineEdit, QComboBox, QAbstractSpinBox)
READOUTS = ("ReadoutBar", "PanelHeader", "Inspector", "SlicesView", "CaptionBand")
SHORTEST = 12   # characters: "Remove this panel" is about the shortest that says enough


def qt_own(widget) -> bool:
    name = widget.objectName()
    parent = widget.parentWidget()
    return (name.startswith("qt_") or isinstance(widget, QScrollBar)
            or isinstance(parent, (QAbstractSpinBox, QTabBar))
            or (isinstance(parent, QLineEdit) and not isinstance(widget, QLineEdit)))


def tooltip_of(widget, window) -> str:
    while widget is not None and widget is not window:
        if widget.toolTip():
            return widget.toolTip()
        widget = widget.parentWidget()
    return ""


def untold(window) -> list:
    missing = []
    for widget in window.findChildren(QWidget):
        readout = type(widget).__name__ in READOUTS or (
            isinstance(widget, QLabel) and widget.objectName() == "step_label")
        if not (isinstance(widget, CONTROLS) or readout) or qt_own(widget):
            continue
        if len(tooltip_of(widget, window)) < SHORTEST:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} "
                           f"{getattr(widget, 'text', lambda: '')()!r}")
    return missing


def test_every_control_and_readout_has_a_tooltip(qtbot, tmp_path, monkeypatch):
    with documented_window(tmp_path, monkeypatch) as window:
        for dock in window.docks.values():
            dock.show()
        checked = len([w for w in window.findChildren(QWidget) if isinstance(w, CONTROLS)])
        assert checked > 60
        assert untold(window) == []
        window.state.apply(intents.SetMode("regression"))
        window.state.flush()
        assert untold(window) == []
        window.state.apply(li.StartLesson(lessons.load(lessons.shipped()[2]), "3"))
        window.state.apply(li.GoToScene(2))
        window.state.flush()
        assert window.caption.options[0].isVisible()
        assert untold(window) == []
