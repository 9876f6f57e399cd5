"""Help > Keyboard shortcuts: every action of the window that has a key, grouped by menu.

The list is read from the window's own actions (what the keys really do), never typed out, so
it cannot drift from the menus. The keys that are no action (a lesson's answer keys, which
the caption band takes only while a question waits) are read from where they are defined
(``caption_band.ANSWER_KEYS``). ``conflicts`` finds a key given to two actions (Qt would
then run neither: an ambiguous shortcut).
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QTextDocumentFragment
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


def _keys_html(keys: str) -> str:
    """A row's keys, each kept on one line; a long row may break between alternatives
    ("Ctrl+Shift+Z or / Ctrl+Y")."""
    return " or ".join(f"<span style='white-space:nowrap'>{html.escape(k)}</span>"
                       for k in keys.split(" or "))


def _column_html(groups) -> str:
    """One table for a column of groups, so that the keys line up under each other."""
    rows = []
    for i, (title, pairs) in enumerate(groups):
        top = "12px" if i else "0"
        rows.append(f"<tr><td colspan='2' style='padding:{top} 0 4px 0'><big><b>"
                    f"{html.escape(title)}</b></big></td></tr>")
        rows += [f"<tr><td style='padding:2px 14px 2px 6px'><b>{_keys_html(keys)}</b>"
                 f"</td><td style='padding:2px 0'>{html.escape(text)}</td></tr>"
                 for keys, text in pairs]
    return f"<table cellspacing='0'>{''.join(rows)}</table>"


SPACING = 24            # between two columns
FRAME = QSize(40, 40)   # a window manager's frame and title bar, and a scroll bar


class ShortcutsDialog(QDialog):
    """The shortcuts in columns of groups, balanced by rows: as few columns as fit the
    screen's height, each no wider than its share of the screen's width (a long description
    wraps), so the list never scrolls sideways; it scrolls down only if even four columns are
    too tall. ``room`` is the screen's free size (the window's screen if not given).
    ``texts()`` returns every (keys, description) pair shown."""

    def __init__(self, window, room: QSize | None = None):
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.groups = shown_groups(window)
        if room is None:
            screen = window.screen()
            room = screen.availableGeometry().size() if screen else QSize(1920, 1080)
        note = QLabel("While you type in a text field, the keys edit the text; the function "
                      "keys, Esc, Page Up/Down and the Ctrl keys still work.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        margins = layout.contentsMargins()
        chrome = QSize(margins.left() + margins.right() + FRAME.width(),
                       margins.top() + margins.bottom() + 2 * layout.spacing()
                       + note.heightForWidth(room.width() - 80)
                       + buttons.sizeHint().height() + FRAME.height())
        self.columns = self._fit(room.width() - chrome.width(), room.height() - chrome.height())
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(SPACING)
        for label in self.columns:
            row.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        width = sum(label.width() for label in self.columns) + SPACING * (len(self.columns) - 1)
        tallest = max(label.height() for label in self.columns)
        self.resize(min(width + chrome.width(), room.width()) - FRAME.width() // 2,
                    min(tallest + chrome.height(), room.height()) - FRAME.height() // 2)

    def _fit(self, width: int, height: int) -> list[QLabel]:
        """Columns (labels of a fixed size) for a body of at most ``width`` x ``height``: the
        largest type, then the fewest columns, whose tallest column fits; if none does, the
        smallest type in the arrangement with the shortest tallest column (it scrolls down).
        Normal mode starts at 1.2x (read from a few steps away), presentation mode at its own
        type, which is large already; either may shrink by a fifth to fit a small screen."""
        scales = (1.0, 0.9, 0.8) if theme.current().presentation else (1.2, 1.1, 1.0)
        for scale in scales:
            font = self.font()
            font.setPointSizeF(self.font().pointSizeF() * scale)
            best = None
            for count in (2, 3, 4):
                columns = _split(self.groups, count)
                share = (width - SPACING * (len(columns) - 1)) // len(columns)
                labels = [self._column(groups, share, font) for groups in columns]
                tallest = max(label.height() for label in labels)
                if best is None or tallest < best[0]:
                    _discard(best[1] if best else [])
                    best = (tallest, labels)
                else:
                    _discard(labels)
                if tallest <= height:
                    return labels
            if scale != scales[-1]:
                _discard(best[1])
        return best[1]

    def _column(self, groups, share: int, font) -> QLabel:
        """A column's label, as wide as its text needs but at most ``share`` (then the
        descriptions wrap), as tall as its text is at that width."""
        label = QLabel(_column_html(groups), self)
        label.setFont(font)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        width = min(label.sizeHint().width(), share)
        label.setWordWrap(True)
        label.setFixedSize(width, label.heightForWidth(width))
        return label

    def texts(self) -> list[tuple[str, str]]:
        return [pair for _, pairs in self.groups for pair in pairs]

    def shown_text(self) -> str:
        """What the columns show, as plain text (rows on their own lines)."""
        return "\n".join(QTextDocumentFragment.fromHtml(label.text()).toPlainText()
                          for label in self.columns)


def _discard(labels) -> None:
    for label in labels:
        label.hide()
        label.deleteLater()


def _split(groups, count):
    """At most ``count`` columns of about the same number of rows (a group's rows plus two
    for its title), in order: the shortest column height at which ``_fill`` needs no more."""
    per = math.ceil(sum(len(rows) + 2 for _, rows in groups) / count)
    while len(columns := _fill(groups, per)) > count:
        per += 1
    return columns


def _fill(groups, per):
    """Columns of at most ``per`` rows where possible, filled in order. A group that does not
    fit what is left of a column goes on in the next under "TITLE (continued)"; neither part
    has fewer than three rows (else the group starts the next column)."""
    columns, used = [[]], 0
    for title, rows in groups:
        rest, name = list(rows), title
        while rest:
            room = per - used - 2   # rows left under a title in this column
            if 0 < len(rest) - room < 3:   # no one or two rows alone under "(continued)"
                room = len(rest) - 3
            if columns[-1] and room < min(3, len(rest)):
                columns.append([])
                used = 0
                continue
            take = rest[:max(room, 1)]
            columns[-1].append((name, take))
            used += len(take) + 2
            rest, name = rest[len(take):], f"{title} (continued)"
    return columns


def show_shortcuts(window) -> ShortcutsDialog:
    """Open the dialog (not modal: the window keeps its keys) and return it."""
    dialog = ShortcutsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
