"""The lesson caption: a band across the canvas, below the landscapes (never over them: the
paths' ends stay in sight), with the lesson's title and scene counter, the scene's narration
in large type, its question (options to pick, or "click your guess on the landscape") in
place of the narration until it is answered, then the narration and the answer. In the window it also has Back, Next, Replay and
Leave; in a picture (``interactive=False``) only the words.

It shows what it is given (a ``state.lesson_view.Caption``) and computes nothing. The type is
set in points at the normal scale (``theme.font``): presentation mode enlarges it with the rest
of the window, and words too long for the band are set smaller (``refit``: the landscapes keep
their room on a 1280x720 projector); the colours are the palette's (both themes).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (QAbstractSpinBox, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSizePolicy, QTextEdit, QVBoxLayout,
                               QWidget)

from gradviz.engine.lesson_types import HIGHLIGHTS
from gradviz.gui import theme
from gradviz.gui.appearance import BASE_PT

NARRATION_PT = 13   # 18 pt in presentation mode (the readout's size), when the words fit
SMALLEST_PT = 10    # long words are set smaller (``refit``), down to this (14 pt presenting)
BODY_LINES = 4.2    # the words take at most this many lines of NARRATION_PT type ...
BODY_SHARE = 0.15   # ... and at most this share of the window's height (1280x720: 108 px)
NOTES_PRESENTING_LINES = 2   # a session's notes while presenting: two lines, More for all
HEAD_PT = 11
HEAD_ALONE = 0.5
"""The head (title and scene counter) takes a row of its own, above the buttons, when the room
beside them holds less than this share of the title (the counter always shows whole): cut
shorter, it said nothing ("How the…")."""
MAX_OPTIONS = 6
ANSWER_KEYS = {**{getattr(Qt.Key, f"Key_{k + 1}"): k for k in range(MAX_OPTIONS)},
               **{getattr(Qt.Key, f"Key_{chr(65 + k)}"): k for k in range(MAX_OPTIONS)}}
"""Keys that pick option k while a choice waits: 1 to 6 and A to F (a clicker or a keyboard;
they mean something else, arrows A, contours C, 3D 3, only while no choice waits)."""
TYPING = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QComboBox)
TIPS = {
    "back": "The scene before (Page Up, what a presenter's clicker sends)",
    "next": "The next scene (Page Down, what a presenter's clicker sends)",
    "replay": "Play this scene again from its first step",
    "leave": "Leave the lesson (Esc): the window comes back as it was before it, undo "
             "history included",
    "close": "Close these notes (Help > Notes of this session shows them again)",
    "more": "Show the notes whole (the landscapes get less room), or shortened again",
}


class CaptionBand(QWidget):
    """Signals (on user input only): ``back_requested``, ``next_requested``,
    ``replay_requested``, ``leave_requested``, ``option_chosen(int)``."""

    back_requested = Signal()
    next_requested = Signal()
    replay_requested = Signal()
    leave_requested = Signal()
    option_chosen = Signal(int)

    def __init__(self, interactive=True, parent=None):
        super().__init__(parent)
        self.setObjectName("caption_band")
        self.setToolTip("The lesson's words for this scene")
        self.interactive = interactive
        self.caption = None
        self.caption_notes = None   # the caption when it is a session's notes
        self.head = self._label("caption_head", HEAD_PT, bold=True)
        self.head.setWordWrap(False)   # one line, elided (``_elide_head``): the buttons stay
        self.head_text = ""
        self.narration = self._label("caption_narration", NARRATION_PT)
        self.prompt = self._label("caption_prompt", NARRATION_PT, bold=True)
        self.feedback = self._label("caption_feedback", NARRATION_PT, bold=True)
        self.event_line = self._label("caption_event", NARRATION_PT, bold=True)
        self.event_line.setToolTip("What just happened in the run, as the marks on the curves "
                              "and the step slider say it")
        self.body = (self.narration, self.prompt, self.feedback, self.event_line)
        self.options = [QPushButton(chr(65 + k), objectName=f"option_{k}")
                        for k in range(MAX_OPTIONS)]
        self.buttons = {name: QPushButton(text, objectName=f"lesson_{name}") for name, text in (
            ("back", "\u25c0 Back"), ("next", "Next \u25b6"), ("replay", "\u21bb Replay"),
            ("leave", "\u2715 Leave"), ("more", "More \u25be"))}
        self.notes_open = False   # a session's long notes shown whole (More), else shortened
        self._lay_out()
        for name, button in self.buttons.items():
            button.setToolTip(TIPS[name])
            button.setFont(theme.font(HEAD_PT + 1))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # keys stay with the window
            button.setVisible(interactive)
        self.buttons["back"].clicked.connect(self.back_requested)
        self.buttons["next"].clicked.connect(self.next_requested)
        self.buttons["replay"].clicked.connect(self.replay_requested)
        self.buttons["leave"].clicked.connect(self.leave_requested)
        self.buttons["more"].clicked.connect(self._on_more_clicked)
        for k, button in enumerate(self.options):
            button.setFont(theme.font(NARRATION_PT, bold=True))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"Answer {chr(65 + k)}: your prediction; then the scene plays")
            button.clicked.connect(lambda _=False, k=k: self.option_chosen.emit(k))
        self._keys_on = False
        for label in self.body:   # hidden till a caption has words for it: an empty label
            label.hide()          # shown with the band took a line of the panels' height
        self.set_caption(None)

    def _label(self, name, pt, bold=False):
        label = QLabel(objectName=name)
        label.setFont(theme.font(pt, bold=bold))
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        # never squeezed below its words' height: the landscapes give way instead
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        return label

    def _lay_out(self):
        top = self._top = QHBoxLayout()
        top.addWidget(self.head, 1)
        self._filler = QWidget()   # in the head's place when it has a row of its own
        self._filler.hide()
        top.addWidget(self._filler, 1)
        for name in ("more", "back", "next", "replay", "leave"):
            top.addWidget(self.buttons[name])
        question = QHBoxLayout()
        question.addWidget(self.prompt, 1)
        for button in self.options:
            question.addWidget(button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = self._rows = QVBoxLayout(self)
        layout.setContentsMargins(14, 6, 14, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.narration)
        layout.addLayout(question)
        layout.addWidget(self.feedback)
        layout.addWidget(self.event_line)

    # --- setters (silent) --------------------------------------------------------------------

    def set_caption(self, caption, at_start=True, at_end=True) -> None:
        """Show ``caption`` (a ``lesson_view.Caption``; None hides the band). ``at_start``
        and ``at_end``: the first or last scene (Back or Next has nowhere to go)."""
        self.caption = caption
        self.setVisible(caption is not None)
        if caption is None:
            self._listen_for_answers(False)
            return
        notes = not caption.counter   # a session's notes, not a lesson's scene
        self.head_text = (caption.title if notes
                          else f"{caption.title}  \u00b7  scene {caption.counter}")
        self._elide_head()
        for name in ("back", "next", "replay"):
            self.buttons[name].setVisible(self.interactive and not notes)
        if not notes or caption.narration != getattr(self.caption_notes, "narration", None):
            self.notes_open = False   # other notes (or a lesson): shortened again
        self.caption_notes = caption if notes else None
        leave = self.buttons["leave"]
        leave.setText("\u2715 Close" if notes else "\u2715 Leave")
        leave.setToolTip(TIPS["close"] if notes else TIPS["leave"])
        waiting = caption.waiting
        self._show(self.narration, "" if waiting else caption.narration)
        self._show(self.prompt, _question_text(caption) if waiting else "")
        for k, button in enumerate(self.options):
            button.setVisible(waiting == "choice" and k < len(caption.options))
            button.setEnabled(self.interactive)
            if k < len(caption.options):
                button.setToolTip(GuiQt.convertFromPlainText(   # a file's words: never markup
                    f"Answer {chr(65 + k)} (key {chr(65 + k)} or {k + 1}): "
                    f"{caption.options[k]}; then the scene plays",
                    Qt.WhiteSpaceMode.WhiteSpaceNormal))
        self._listen_for_answers(waiting == "choice" and self.interactive)
        self._show(self.feedback, caption.feedback)
        self._show(self.event_line, caption.event)
        look = [HIGHLIGHTS[name] for name in caption.highlight]
        self.setToolTip("Look at: " + "; ".join(look) if look else
                        "The session's notes: what it shows" if notes else
                        "The lesson's words for this scene")
        self.buttons["back"].setEnabled(not at_start)
        self.buttons["next"].setEnabled(not at_end)
        self.refit()

    def refit(self) -> None:
        """The largest type, from NARRATION_PT down to SMALLEST_PT (in the current style),
        in which the words shown take at most BODY_LINES lines of NARRATION_PT type."""
        style = theme.current()
        width = max(self.width() - 28, 200)
        shown = [label for label in self.body if not label.isHidden()]
        line = QFontMetrics(theme.font(NARRATION_PT)).lineSpacing()
        budget = BODY_LINES * line
        if self.window() is not self:
            budget = min(budget, BODY_SHARE * self.window().height())
        notes = self.caption_notes
        if notes is not None and self.narration.text() != notes.narration:
            self.narration.setText(notes.narration)   # measured whole, shortened below
        pt = NARRATION_PT
        if notes is not None and style.presentation and not self.notes_open:
            # projected, notes are read from the back row while the lecturer talks: large
            # type, shortened to two lines, not seven small ones over four 140 px panels
            budget = min(budget, NOTES_PRESENTING_LINES * line + 2)
        else:
            while pt > SMALLEST_PT and _height(shown, pt, width) > budget:
                pt -= 0.5
        self._shorten_notes(pt, width, budget)
        for label in self.body:
            font = theme.font(pt, bold=label is not self.narration)
            if label.font() != font:
                label.setFont(font)
                # sized here in every style: appearance.scale_widget_fonts measures it afresh
                label.setProperty(BASE_PT, None)
        self.fitted_pt = style.pt(pt)

    def _shorten_notes(self, pt, width, budget) -> None:
        """A session's notes longer than the budget (two lines while presenting, else even in
        SMALLEST_PT type): the sentences that fit and "…" (the words, when not even the first
        sentence does), with More to show them whole (an example's description took seven
        lines at 1280x720, and the landscapes 155 px); lessons' words are never shortened."""
        more = self.buttons["more"]
        notes = self.caption_notes
        if notes is None or not self.interactive:
            more.setVisible(False)
            return
        long = _height([self.narration], pt, width) > budget
        more.setVisible(long)
        more.setText("Less \u25b4" if self.notes_open else "More \u25be")
        if not long or self.notes_open:
            return
        sentences = [s for s in notes.narration.replace(". ", ".\n").split("\n") if s]
        for count in range(len(sentences) - 1, 0, -1):
            self.narration.setText(" ".join(sentences[:count]) + " \u2026")
            if _height([self.narration], pt, width) <= budget:
                return
        words = sentences[0].split()   # even the first sentence is too long: its words
        for count in range(len(words) - 1, 0, -1):
            self.narration.setText(" ".join(words[:count]) + " \u2026")
            if _height([self.narration], pt, width) <= budget:
                return
        self.narration.setText(words[0] + " \u2026")   # one word, however long

    def _on_more_clicked(self) -> None:
        self.notes_open = not self.notes_open
        self.refit()

    def _place_head(self) -> None:
        """The head beside the buttons, or on a row of its own above them where the room beside
        them holds less than ``HEAD_ALONE`` of its title (lesson 10 in presentation mode at
        1280x720, beside the backprop dock: "How the…  ·  scene 1 / 5")."""
        if not self.head_text:
            return
        buttons = [b for b in self.buttons.values() if not b.isHidden()]
        spacing = self._top.spacing()
        margins = self._rows.contentsMargins()
        beside = (self.width() - margins.left() - margins.right()
                  - sum(b.sizeHint().width() + spacing for b in buttons))
        metrics = self.head.fontMetrics()
        title, dot, counter = self.head_text.rpartition("  \u00b7  ")
        if not dot:   # notes: a title alone
            title, counter = counter, ""
        counter = metrics.horizontalAdvance(dot + counter)   # shows whole, in any case
        alone = beside - counter < HEAD_ALONE * metrics.horizontalAdvance(title)
        if alone == (self._top.indexOf(self.head) < 0):
            return
        if alone:
            self._top.removeWidget(self.head)
            self._rows.insertWidget(0, self.head)
        else:
            self._rows.removeWidget(self.head)
            self._top.insertWidget(0, self.head, 1)
        self._filler.setVisible(alone)

    def _elide_head(self) -> None:
        """The title shortened to the room it has; the counter always shows."""
        self._place_head()
        margins = self._rows.contentsMargins()
        room = max(self.head.width() if self._top.indexOf(self.head) >= 0
                   else self.width() - margins.left() - margins.right(), 40)
        metrics = self.head.fontMetrics()
        text = self.head_text
        if metrics.horizontalAdvance(text) > room and "  \u00b7  " not in text:   # notes
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        elif metrics.horizontalAdvance(text) > room:
            title, _, counter = text.rpartition("  \u00b7  ")
            counter = f"  \u00b7  {counter}"
            text = metrics.elidedText(title, Qt.TextElideMode.ElideRight,
                                      room - metrics.horizontalAdvance(counter)) + counter
        self.head.setText(text)
        # escaped: a tooltip that looks like markup is rich text, and an <img> in the lesson
        # file's title would be read from disk when the tooltip shows (a FIFO: for ever)
        self.head.setToolTip(GuiQt.convertFromPlainText(self.head_text))

    def resizeEvent(self, event):  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.caption is not None:
            self.refit()
            self._elide_head()

    def _listen_for_answers(self, on: bool) -> None:
        """The answer keys, wherever the focus is in this window: an event filter on the
        application, there only while a choice waits (every event of the application passes
        through it)."""
        if on != self._keys_on:
            self._keys_on = on
            app = QCoreApplication.instance()
            app.installEventFilter(self) if on else app.removeEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        """While a choice waits, 1 to 6 or A to F pick an option (``option_chosen``): the key
        is taken before the window's shortcuts see it, unless the focus is in a text field."""
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        option = self._option_for(watched, event)
        if option is None:
            return False
        event.accept()   # a ShortcutOverride accepted: no shortcut; the key press follows
        if kind == QEvent.Type.KeyPress and not event.isAutoRepeat():
            self.option_chosen.emit(option)
        return True

    def _option_for(self, watched, event):
        """The option a key event picks, or None (no choice waits, another window, typing)."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        k = ANSWER_KEYS.get(event.key())
        if (k is None or modifiers != Qt.KeyboardModifier.NoModifier or not self.isVisible()
                or not isinstance(watched, QWidget) or isinstance(watched, TYPING)
                or watched.window() is not self.window()):
            return None
        button = self.options[k]
        return k if not button.isHidden() and button.isEnabled() else None

    @staticmethod
    def _show(label, text):
        label.setText(text)
        label.setVisible(bool(text))

    def texts(self) -> list:
        """The words shown, top to bottom (tests)."""
        shown = [self.head, self.narration, self.prompt, *self.options, self.feedback,
                 self.event_line]
        return [w.text() for w in shown if not w.isHidden()]

    def paintEvent(self, event):  # noqa: N802 (Qt's name)
        """The band's own background, with a rule in the highlight colour above it."""
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
        painter.drawLine(0, 1, self.width(), 1)
        painter.end()


def _question_text(caption) -> str:
    if caption.waiting == "point":   # unless the prompt says so itself
        ask = "" if "click" in caption.prompt.lower() else "  Click your guess on the landscape."
        return caption.prompt + ask
    options = "\n".join(f"{chr(65 + k)}. {text}" for k, text in enumerate(caption.options))
    return f"{caption.prompt}\n{options}"


def _height(labels, pt, width) -> int:
    """Pixels ``labels``' texts take, word-wrapped to ``width``, in ``pt`` type."""
    flags = int(Qt.TextFlag.TextWordWrap)
    total = 0
    for label in labels:
        metrics = QFontMetrics(theme.font(pt, bold=True))
        total += metrics.boundingRect(0, 0, width, 10_000, flags, label.text()).height()
    return total
