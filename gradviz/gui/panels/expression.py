"""The function editor: one line of text, a presets menu, the error in place, the gradient.

Shows state and emits intents only: parsing belongs to the application state (gradviz.state).
"""

import html
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gradviz.engine.typeset import function_latex
from gradviz.gui.views.math_view import MathGroup, MathLabel

ERROR_COLOR = "#c0392b"
# Characters of the text shown either side of the error, so a long line never widens the column.
_ERROR_CONTEXT = 18

# An error waits until the typing has paused this long (seconds): while a person types, most
# texts are unfinished ("sin(x"), and each is prepared as it is typed (the state's short
# TYPING_PAUSE), so a valid one shows at once but an error would flash at every key.
ERROR_PAUSE = 0.6

_FIELD_STYLE = f"QLineEdit[error='true'] {{ border: 2px solid {ERROR_COLOR}; border-radius: 3px; }}"


def error_excerpt_html(text, column, context=_ERROR_CONTEXT):
    """The text around ``column`` as rich text, the character there marked in red.

    ``column`` is 0-based and may equal ``len(text)`` (something missing at the end):
    a marked blank stands for it. Long text is cut to ``context`` characters either side,
    with an ellipsis where cut. User text is escaped (it may hold ``<`` or ``&``); a
    marked blank gets a red background, as an underline alone would not show.
    """
    column = min(max(column, 0), len(text))
    start, stop = max(0, column - context), min(len(text), column + context + 1)
    at = text[column] if column < len(text) else " "
    mark = (
        f"<span style='background-color:{ERROR_COLOR}; color:white;'>{_literal(at)}</span>"
    )
    lead = "…" if start > 0 else ""
    tail = "…" if stop < len(text) else ""
    return lead + _literal(text[start:column]) + mark + _literal(text[column + 1 : stop]) + tail


def _literal(text):
    """Escape user text for rich text, keeping every space (and not breaking lines at them)."""
    return html.escape(text).replace(" ", "&nbsp;")


class ExpressionEditor(QWidget):
    """Line edit for f(x, y) with a presets menu, an inline error and the gradient formulas.

    Signals: ``text_edited(str)`` on every user edit; ``preset_requested(str)`` with a key.
    """

    text_edited = Signal(str)
    preset_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._build_input_row()
        self._build_error()
        self._build_gradient()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._input_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.f_label)
        layout.addWidget(self.dfdx_label)
        layout.addWidget(self.dfdy_label)
        self._objective = None
        self._last_key = -float("inf")   # time.monotonic() of the last edit typed
        self._waiting_error = None       # (message, column) until the typing pauses
        self._error_timer = QTimer(self, singleShot=True)
        self._error_timer.timeout.connect(self._show_waiting_error)

    def _build_input_row(self):
        self.line_edit = QLineEdit(objectName="expression")
        self.line_edit.setFont(self._mono)
        self.line_edit.setPlaceholderText("f(x, y), e.g. x^2 + 3*y^2")
        self.line_edit.setToolTip(
            "The function f(x, y). Use + - * / ^, parentheses, sin, exp, log, sqrt, abs, "
            "min, max, ...; any other name (a, b, ...) becomes a parameter with a slider."
        )
        self.line_edit.setClearButtonEnabled(True)
        self.line_edit.setStyleSheet(_FIELD_STYLE)
        self.line_edit.setProperty("error", False)
        self.line_edit.textEdited.connect(self._on_line_edit_text_edited)
        self.presets_menu = QMenu(self, objectName="presets_menu")
        self.presets_menu.triggered.connect(self._on_presets_menu_triggered)
        self.presets_button = QToolButton(objectName="presets")
        self.presets_button.setText("Presets")
        self.presets_button.setToolTip("Load a well-known test function")
        self.presets_button.setMenu(self.presets_menu)
        self.presets_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._input_row = QHBoxLayout()
        self._input_row.addWidget(self.line_edit, 1)
        self._input_row.addWidget(self.presets_button)

    def _build_error(self):
        self.error_label = QLabel(objectName="expression_error")
        self.error_label.setTextFormat(Qt.TextFormat.RichText)
        self.error_label.setWordWrap(True)
        self.error_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.error_label.hide()

    def _build_gradient(self):
        self.f_label = self._formula_label("formula_f")
        self.f_label.hide()
        self.dfdx_label = self._formula_label("dfdx")
        self.dfdy_label = self._formula_label("dfdy")
        MathGroup((self.f_label, self.dfdx_label, self.dfdy_label))   # typeset together
        self.set_gradient_text("", "")

    def _formula_label(self, name):
        """A formula: typeset when it can be (views/math_view.py), its plain text meanwhile
        (and in its tooltip)."""
        label = MathLabel(objectName=name, scale=1.45)
        label.setFont(self._mono)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Ignored: the column's width is set by its other widgets, never by a long formula.
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        return label

    # setters (silent)

    def set_text(self, text):
        """Show ``text`` in the editor without emitting ``text_edited``."""
        if text == self.line_edit.text():
            return
        self.line_edit.blockSignals(True)
        self.line_edit.setText(text)
        self.line_edit.blockSignals(False)

    def text(self):
        return self.line_edit.text()

    def set_presets(self, presets):
        """Fill the menu from ``[(key, name, description)]`` in display order."""
        self.presets_menu.clear()
        for key, name, description in presets:
            action = self.presets_menu.addAction(name)
            action.setData(key)
            action.setToolTip(description)
            action.setStatusTip(description)
        self.presets_menu.setToolTipsVisible(True)

    def pause_left(self) -> float:
        """Seconds until the typing has paused for ``ERROR_PAUSE`` (0 when it has)."""
        return max(0.0, self._last_key + ERROR_PAUSE - time.monotonic())

    def show_error(self, message, column):
        """Mark the editor as invalid: red frame, the text with character ``column`` (0-based,
        up to ``len(text)``) marked, and ``message`` in words under it. ``column`` None: the
        message is about the whole text (it took too long to prepare), one line alone.
        Within ``ERROR_PAUSE`` seconds of the last key typed, the error waits for the pause
        (a key typed meanwhile restarts the wait; ``clear_error`` drops it)."""
        wait = self.pause_left()
        if wait > 0:
            self._waiting_error = (message, column)
            self._error_timer.start(max(1, round(wait * 1000)))
            return
        self._waiting_error = None
        message = html.escape(message[:1].upper() + message[1:])
        if column is None:
            self.error_label.setText(f"<span style='color:{ERROR_COLOR};'>{message}</span>")
        else:
            text = self.line_edit.text()
            column = min(max(int(column), 0), len(text))
            excerpt = error_excerpt_html(text, column)
            where = "at the end" if column == len(text) else f"at character {column + 1}"
            self.error_label.setText(
                f"<span style='font-family:\"{self._mono.family()}\";'>{excerpt}</span><br>"
                f"<span style='color:{ERROR_COLOR};'>{message} ({where})</span>")
        self.error_label.show()
        self._set_error_frame(True)

    def _show_waiting_error(self):
        if self._waiting_error is not None:
            self.show_error(*self._waiting_error)

    def clear_error(self):
        self._waiting_error = None
        self._error_timer.stop()
        self.error_label.clear()
        self.error_label.hide()
        self._set_error_frame(False)

    def has_error(self):
        return self.line_edit.property("error") is True

    def set_gradient_text(self, dfdx, dfdy):
        """Show the gradient's two components as formulas in plain text (full text also in
        the tooltip); ``set_objective`` typesets them."""
        self._objective = None
        self.f_label.hide()
        for label, symbol, formula in ((self.dfdx_label, "x", dfdx), (self.dfdy_label, "y", dfdy)):
            label.set_math("", f"∂f/∂{symbol} = {formula}" if formula else "")
            label.setVisible(bool(formula))

    def set_objective(self, objective, gradient=None):
        """Show f as read and its gradient as typeset mathematics: the plain text at once,
        the typeset formulas when the typesetter's thread has drawn them (ziamath, 10-90 ms a
        formula, never on the GUI thread; the LaTeX itself is ~0.1 ms, engine/typeset.py).
        ``gradient``: (df/dx, df/dy) as printed off the GUI thread (the window passes what
        its job printed: printing is sympy's work, up to half a second); None prints them
        here. ``objective`` None clears them."""
        if objective is None:
            self.set_gradient_text("", "")
            return
        dfdx, dfdy = gradient = gradient or objective.gradient_text
        self.set_gradient_text(dfdx, dfdy)
        self._objective = objective
        self.f_label.show()
        texts = (f"f(x, y) = {objective.text}", self.dfdx_label.plain_text(),
                 self.dfdy_label.plain_text())
        try:
            latex = function_latex(objective, gradient=gradient)
        except ValueError:   # a spelling the typesetter does not read: the text stays
            latex = ("", "", "")
        for label, tex, text in zip((self.f_label, self.dfdx_label, self.dfdy_label), latex,
                                    texts):
            label.set_math(tex, text)

    def _set_error_frame(self, on):
        self.line_edit.setProperty("error", on)
        # A dynamic property only restyles after an unpolish/polish cycle.
        self.line_edit.style().unpolish(self.line_edit)
        self.line_edit.style().polish(self.line_edit)

    # handlers

    def _on_line_edit_text_edited(self, text):
        self._last_key = time.monotonic()
        if self._waiting_error is not None:   # still the error after this key? wait again
            self._error_timer.start(round(ERROR_PAUSE * 1000))
        self.text_edited.emit(text)

    def _on_presets_menu_triggered(self, action):
        self.preset_requested.emit(action.data())
