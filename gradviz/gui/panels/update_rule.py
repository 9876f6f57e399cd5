"""The inspector's update rule: one typeset equation a line (``m̂ = m/(1−β₁ᵗ)`` drawn as a
fraction with its hat), this step's numbers under it in plain text.

The equations change only with the optimizer and the kind of step, the numbers every frame:
the widgets are rebuilt on the first, only the numbers' texts are set on the second, and a
typeset equation is drawn once (``views/math_view.py`` keeps it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gradviz.engine.typeset import rule_latex
from gradviz.gui import theme
from gradviz.gui.views.math_view import MathGroup, MathLabel


def _rule_parts(line):
    """(kind, first, second, plain) of a formula line: ("head", "along x:", "", ""),
    ("rule", LaTeX of the equation, "= numbers = result", the equation in unicode), or
    ("text", the line, "", "")."""
    if line.startswith("along "):
        return "head", line, "", ""
    rule = getattr(line, "rule", None)
    if rule:
        try:
            return "rule", rule_latex(rule), line.values, rule
        except ValueError:
            pass
    return "text", str(line), "", ""


class UpdateRule(QWidget):
    """``show_lines(lines)``: an Inspection's formula lines (``inspect_rules.FormulaLine``,
    "along x:" headings, plain lines)."""

    def __init__(self, parent=None):
        super().__init__(parent, objectName="update_rule")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(1)
        self._rule_rows: list = []   # (kind, widget, values label or None) per line
        self._rule_key = None
        self._formula_lines: tuple = ()

    def text(self) -> str:
        """The lines shown, as plain text, one a line."""
        return "\n".join(self._formula_lines)

    def rule_labels(self) -> list:
        """The typeset equations (MathLabel), in order."""
        return [w for kind, w, _ in self._rule_rows if kind == "rule"]

    def show_lines(self, lines) -> None:
        """The update rule's lines: rebuilt when its equations change (another optimizer or
        step kind), else only the numbers are set again (every frame of playback)."""
        parts = [_rule_parts(line) for line in lines]
        key = tuple((kind, first if kind != "text" else "") for kind, first, _, _ in parts)
        if key != self._rule_key:
            self._rule_key = key
            self._build_rule(parts)
        for (kind, first, second, _), (_, widget, values) in zip(parts, self._rule_rows):
            if kind == "text" and widget.text() != first:
                widget.setText(first)
            if values is not None and values.text() != second:
                values.setText(second)
        self._formula_lines = tuple(str(line) for line in lines)

    def _build_rule(self, parts) -> None:
        for _, widget, values in self._rule_rows:
            for w in (widget, values):
                if w is not None:
                    self._layout.removeWidget(w)
                    w.hide()
                    w.deleteLater()
        self._rule_rows = []
        rules = []   # (label, latex, plain text): set once they are one group
        for kind, first, _, plain in parts:
            values = None
            if kind == "head":
                widget = _text_label(first, bold=True, size=theme.READOUT_PT - 1)
                widget.setContentsMargins(0, 6, 0, 0)
            elif kind == "rule":
                widget = MathLabel(self)
                widget.setFont(theme.font(theme.READOUT_PT - 1))
                rules.append((widget, first, plain))
                values = _text_label(mono=True, size=theme.AXIS_PT)
                values.setWordWrap(True)
                values.setContentsMargins(18, 0, 0, 4)
                values.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            else:
                widget = _text_label(first, mono=True, size=theme.AXIS_PT)
                widget.setWordWrap(True)
            self._layout.addWidget(widget)
            if values is not None:
                self._layout.addWidget(values)
            self._rule_rows.append((kind, widget, values))
        MathGroup(label for label, _, _ in rules)   # the rule's lines typeset together
        for label, latex, plain in rules:
            label.set_math(latex, plain)


def _text_label(text="", *, mono=False, bold=False, size=None) -> QLabel:
    label = QLabel(text)
    label.setFont(theme.font(size or theme.READOUT_PT - 1, bold=bold, mono=mono))
    return label
