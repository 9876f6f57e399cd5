"""Help > Keyboard shortcuts: every action of the window that has a key, grouped by menu.

The list is read from the window's own actions (what the keys really do), never typed out, so
it cannot drift from the menus. The keys that are no action (a lesson's answer keys, which
the caption band takes only while a question waits) are read from where they are defined
(``caption_band.ANSWER_KEYS``). ``conflicts`` finds a key given to two actions (Qt would
then run neither: an ambiguous shortcut).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMenu,
                               QScrollArea, QVBoxLayout, QWidget)

from gradviz.gui import theme
from gradviz.gui.views.caption_band import ANSWER_KEYS

OTHER = "Other"
IN_A_LESSON = "In a lesson"


def key_text(action) -> str:
    """An action's keys as shown to people: "Space", "+ or =", "Ctrl+Shift+N"."""
    return " or ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                       for k in action.shortcuts())


def action_text(action) -> str:
    """What an action does, in a few words (its "help_text" property, else its menu text)."""
    text = action.property("help_text") or action.text()
    return text.replace("&", "").removesuffix("...")


def shortcut_groups(window) -> list[tuple[str, list]]:
    """[(menu title, [action, ...]), ...] in menu-bar order: every action added to ``window``
    that has a key. Actions in no menu come last, under "Other"."""
    keyed = [a for a in window.actions() if a.shortcuts()]
    seen, groups = set(), []

    def walk(menu, into):
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), into)
            elif action in keyed and id(action) not in seen:
                seen.add(id(action))
                into.append(action)

    for top in window.menuBar().actions():
        if isinstance(top.menu(), QMenu):
            rows = []
            walk(top.menu(), rows)
            if rows:
                groups.append((top.text().replace("&", ""), rows))
    rest = [a for a in keyed if id(a) not in seen]
    if rest:
        groups.append((OTHER, rest))
    return groups


def answer_key_rows() -> list[tuple[str, str]]:
    """[(keys, what they do)] for the answer keys of a lesson's question (caption_band): one
    row, "1 to 6 or A to F", read from ``ANSWER_KEYS``."""
    names = [QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
             for key in ANSWER_KEYS]
    digits = [n for n in names if n.isdigit()]
    letters = [n for n in names if n.isalpha()]
    keys = f"{digits[0]} to {digits[-1]} or {letters[0]} to {letters[-1]}"
    return [(keys, "Answer a lesson's question (A or 1: the first)")]


def conflicts(window) -> dict[str, list[str]]:
    """Keys bound to more than one of the window's actions: {key: [action texts]}."""
    owners: dict[str, list[str]] = {}
    for action in window.actions():
        for key in action.shortcuts():
            owners.setdefault(key.toString(QKeySequence.SequenceFormat.PortableText),
                              []).append(action_text(action))
    return {key: names for key, names in owners.items() if len(names) > 1}


def shown_groups(window) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(title, [(keys, what they do), ...]), ...]: the menus' keys (``shortcut_groups``),
    then the keys of a lesson's question (``answer_key_rows``)."""
    groups = [(title, [(key_text(a), action_text(a)) for a in actions])
              for title, actions in shortcut_groups(window)]
    return groups + [(IN_A_LESSON, answer_key_rows())]


def _column_html(groups) -> str:
    """One table for a column of groups, so that the keys line up under each other."""
    rows = []
    for i, (title, pairs) in enumerate(groups):
        top = "12px" if i else "0"
        rows.append(f"<tr><td colspan='2' style='padding:{top} 0 4px 0'><big><b>"
                    f"{html.escape(title)}</b></big></td></tr>")
        rows += [f"<tr><td style='padding:2px 14px 2px 6px'><b>{html.escape(keys)}</b>"
                 f"</td><td style='padding:2px 0'>{html.escape(text)}</td></tr>"
                 for keys, text in pairs]
    return f"<table cellspacing='0'>{''.join(rows)}</table>"


class ShortcutsDialog(QDialog):
    """The shortcuts in columns of groups (two, or more on a short screen), balanced by rows;
    scrolls if it still does not fit.
    ``texts()`` returns every (keys, description) pair shown."""

    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        if not theme.current().presentation:   # (presentation mode's type is large already)
            font = self.font()
            font.setPointSizeF(font.pointSizeF() * 1.2)   # read from a few steps away
            self.setFont(font)
        self.groups = shown_groups(window)
        screen = window.screen().availableGeometry() if window.screen() else None
        self.columns = []
        for count in (2, 3, 4):   # as few columns as fit the screen's height
            for label in self.columns:   # a try with fewer columns that was too tall
                label.hide()
                label.deleteLater()
            self.columns = [self._column(groups) for groups in _split(self.groups, count)]
            tallest = max(label.sizeHint().height() for label in self.columns)
            if screen is None or tallest + 250 <= screen.height():
                break
        body = QWidget()
        row = QHBoxLayout(body)
        row.setSpacing(24)
        for label in self.columns:
            row.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        note = QLabel("While you type in a text field, the keys edit the text; the function "
                      "keys, Esc, Page Up/Down and the Ctrl keys still work.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        hint = body.sizeHint()
        width, height = hint.width() + 60, hint.height() + note.sizeHint().height() + 110
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def _column(self, groups) -> QLabel:
        label = QLabel(_column_html(groups), self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def texts(self) -> list[tuple[str, str]]:
        return [pair for _, pairs in self.groups for pair in pairs]


def _split(groups, count):
    """Up to ``count`` columns with about the same number of rows (a group's rows plus two
    for its title), groups kept whole and in order."""
    total = sum(len(a) + 2 for _, a in groups)
    columns, rows = [[]], 0
    for group in groups:
        size = len(group[1]) + 2
        filled = total * len(columns) / count
        if columns[-1] and len(columns) < count and rows + size / 2 > filled:
            columns.append([])
        columns[-1].append(group)
        rows += size
    return columns


def show_shortcuts(window) -> ShortcutsDialog:
    """Open the dialog (not modal: the window keeps its keys) and return it."""
    dialog = ShortcutsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
