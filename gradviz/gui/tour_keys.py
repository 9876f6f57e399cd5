"""Keys for a tour (gui/tour.py), delivered the way Qt delivers a key from the keyboard.

Qt first offers a key to the widget with the focus as a ShortcutOverride: a text field takes
the keys that edit it (a digit, Space), and those go to it; any other key that is one of the
window's shortcuts triggers that action; the rest go to the focus widget as a key press and
release. QtTest does the same, but the packaged app leaves QtTest out (packaging/
bundle_rules.py), and a tour must work there too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication

COMMAND_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                     | Qt.KeyboardModifier.MetaModifier)


def press_sequence(window, sequence: str) -> None:
    """Press and release each key combination of ``sequence`` ("F11", "Ctrl+Shift+N")."""
    keys = QKeySequence(sequence)
    for i in range(keys.count()):
        combination = keys[i]
        key, modifiers = combination.key(), combination.keyboardModifiers()
        press(window, key, modifiers, _text(int(key.value), modifiers))


def type_text(window, text: str) -> None:
    """Type ``text`` character by character, as a keyboard would."""
    for char in text:
        code = ord(char.upper()) if 0x20 <= ord(char) < 0x7f else None
        key = Qt.Key(code) if code is not None else Qt.Key.Key_unknown
        press(window, key, Qt.KeyboardModifier.NoModifier, char)


def press(window, key, modifiers, text: str) -> None:
    target = QApplication.focusWidget() or window
    override = QKeyEvent(QEvent.Type.ShortcutOverride, key, modifiers, text)
    override.ignore()
    QApplication.sendEvent(target, override)
    action = None if override.isAccepted() else _action_for(window, key, modifiers)
    if action is not None:
        action.trigger()
        return
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, key, modifiers, text))


def _action_for(window, key, modifiers):
    """The window's enabled action that has this key as a shortcut, or None."""
    pressed = QKeySequence(key | modifiers) if modifiers else QKeySequence(key)
    for action in window.actions():
        if action.isEnabled() and any(s.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                                      for s in action.shortcuts()):
            return action
    return None


def _text(code: int, modifiers) -> str:
    """The text a key types: "o" for O, "3" for 3, " " for Space; "" with Ctrl or for F11."""
    if modifiers & COMMAND_MODIFIERS or not 0x20 <= code < 0x7f:
        return ""
    char = chr(code)
    return char if modifiers & Qt.KeyboardModifier.ShiftModifier else char.lower()
