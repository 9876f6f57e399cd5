"""Text around a landscape plot: the title and status above it (``panel_header``), the numbers
below it.

Plain QLabels rather than items inside the plot, so the text never hides a path or a minimum
and stays the same size however the plot is zoomed.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from gradviz.engine.number_text import MIN_CHARS, WIDEST, fit_number, format_number
from gradviz.gui import theme
from gradviz.gui.views.panel_header import STATUS_KINDS, PanelHeader, short_status

__all__ = ["PanelHeader", "ReadoutBar", "STATUS_KINDS", "format_number", "short_status"]


class ReadoutBar(QWidget):
    """step, x, y, f, |grad f| (and a scheduled lr), each number as precise as its room allows.

    Wide: row 0 step, x, y; row 1 f, |grad f|, lr. Narrower than that needs (a third of a
    1280-pixel window: three panels in a row), a point smaller: row 0 step, lr; row 1 x, y;
    row 2 f, |grad f|. Names muted, values in a monospace font. A value column is as wide as
    "-8.888e-88" when there is room, else what is left (at least ``MIN_CHARS`` characters),
    and each number is written to fit it (``engine.number_text.fit_number``: fewer digits or
    scientific notation, never cut characters: "4.3e-6", not "4.26" for 4.265e-6).
    """

    FIELDS = (("step", "step", 0, 0), ("x", "x", 0, 1), ("y", "y", 0, 2),
              ("f", "f", 1, 0), ("grad_norm", "|\u2207f|", 1, 1), ("lr", "lr", 1, 2))
    NARROW = {"step": (0, 0), "lr": (0, 1), "x": (1, 0), "y": (1, 1), "f": (2, 0),
              "grad_norm": (2, 1)}
    OPTIONAL = ("lr",)  # shown only when given (a scheduled lr)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setToolTip("This panel's run at the step shown: its point (x, y), the value there "
                        "and the gradient's length. The playback bar moves the step.")
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 2, 8, 4)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(0)
        self.value_labels: dict[str, QLabel] = {}
        self.name_labels: dict[str, QLabel] = {}
        self._values: dict[str, object] = {}     # what each value label shows, unformatted
        self._chars = len(WIDEST)
        for key, name, _, _ in self.FIELDS:
            name_label = QLabel(name, self)
            name_label.setStyleSheet(f"color: {theme.current().muted_text};")
            name_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            name_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            value = QLabel("", self)
            self.name_labels[key] = name_label
            self.value_labels[key] = value
            if key in self.OPTIONAL:
                name_label.hide()
                value.hide()
        self.narrow = None
        self._measure()
        self.clear()

    def _measure(self) -> None:
        """Both layouts measured in the current type: the wide one's full width, and the
        narrow one's as the bar's minimum (the panel grid plans its columns with it). A panel
        squeezed below that all the same (three in presentation mode at 1280 x 720) gets
        shorter numbers, down to ``MIN_CHARS`` characters, never cut ones."""
        self.narrow = None
        self._arrange(narrow=False)
        self._wide_width = self._needed(narrow=False, chars=len(WIDEST))
        self.narrow = None
        self._arrange(narrow=True)
        self.setMinimumWidth(self._needed(narrow=True, chars=len(WIDEST)))
        self._arrange(narrow=self._room() < self._wide_width)
        self._fit_values()

    def _arrange(self, narrow: bool) -> None:
        """Lay the fields out wide or narrow; narrow also a point smaller (three panels in a
        row must fit a 1280-pixel window beside the controls)."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        layout = self.layout()
        size = theme.READOUT_PT - (1 if narrow else 0)
        value_font = theme.font(size, mono=True)
        for key, _, row, col in self.FIELDS:
            name, value = self.name_labels[key], self.value_labels[key]
            name.setFont(theme.font(size))
            name.setFixedWidth(name.fontMetrics().horizontalAdvance(name.text()) + 2)
            value.setFont(value_font)
            if narrow:
                row, col = self.NARROW[key]
            for i, widget in enumerate((name, value)):
                layout.removeWidget(widget)
                layout.addWidget(widget, row, 2 * col + i)
        layout.setColumnStretch(6, 0 if narrow else 1)
        layout.setColumnStretch(4, 1 if narrow else 0)

    def _char_width(self) -> float:
        return QFontMetricsF(self.value_labels["x"].font()).horizontalAdvance("8")

    def _value_width(self, chars: int) -> int:
        """Pixels for ``chars`` characters of the value font; fractional advances (text
        drawn at 1.5x or 2x) rounded up, and a pixel more, so the last digit is never cut."""
        return math.ceil(self._char_width() * chars) + 1

    def _columns(self, narrow: bool) -> dict[int, int]:
        """Column -> the width of its widest name."""
        names: dict[int, int] = {}
        for key, _, _, col in self.FIELDS:
            if narrow:
                col = self.NARROW[key][1]
            label = self.name_labels[key]
            names[col] = max(names.get(col, 0),
                             label.fontMetrics().horizontalAdvance(label.text()) + 2)
        return names

    def _needed(self, narrow: bool, chars: int) -> int:
        """Width of the wide or narrow layout with values of ``chars`` characters."""
        layout = self.layout()
        names = self._columns(narrow)
        margins = layout.contentsMargins()
        return (margins.left() + margins.right() + sum(names.values())
                + len(names) * self._value_width(chars)
                + (2 * len(names) - 1) * layout.horizontalSpacing())

    def _fit_values(self) -> None:
        """Value labels as wide as the layout has room for (up to "-8.888e-88"), and every
        number written again to fit them."""
        names = self._columns(self.narrow)
        fixed = self._needed(self.narrow, 0)
        room = (self._room() - fixed) / max(len(names), 1)
        chars = max(MIN_CHARS, min(len(WIDEST), int((room - 1) / self._char_width())))
        width = self._value_width(chars)
        for label in self.value_labels.values():
            # A fixed size: a new number then repaints the label alone (a label that may
            # change size asks every layout up to the window to recompute, every frame).
            if label.width() != width or label.height() != label.sizeHint().height():
                label.setFixedSize(width, label.sizeHint().height())
        if chars != self._chars:
            self._chars = chars
            for key in self._values:
                self._show(key)

    def _room(self) -> int:
        """The width the bar can show: its own, or its panel's where the panel was squeezed
        below the bar's minimum (a layout with too little room for all its minimums)."""
        parent = self.parentWidget()
        return min(self.width(), parent.width()) if parent is not None else self.width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.refit()

    def refit(self) -> None:
        """Layout and numbers for the room there is now (the panel calls this when it is
        resized: squeezed below the bar's minimum, the bar itself is not)."""
        self._arrange(narrow=self._room() < self._wide_width)
        self._fit_values()

    def apply_style(self, style) -> None:
        """Names in the style's muted colour; both layouts measured again in the style's type
        size (presentation mode scales it), then the one that fits."""
        for label in self.name_labels.values():
            label.setStyleSheet(f"color: {style.muted_text};")
        self._measure()

    def set_values(self, step: int, x: float, y: float, f: float, grad_norm: float,
                   lr: float | None = None) -> None:
        """The numbers at step k; ``lr`` (a scheduled lr, NaN for none at the last step)
        shows its field, None hides it."""
        values = {"step": int(step), "x": x, "y": y, "f": f, "grad_norm": grad_norm}
        shown = lr is not None
        if self.value_labels["lr"].isHidden() == shown:
            self.value_labels["lr"].setVisible(shown)
            self.name_labels["lr"].setVisible(shown)
        if shown:
            values["lr"] = lr
        for key, value in values.items():
            self._values[key] = value
            self._show(key)

    def _show(self, key: str) -> None:
        value = self._values[key]
        if isinstance(value, int):
            text = str(value)
        elif key == "lr" and math.isnan(value):
            text = "\u2013"
        else:
            text = fit_number(value, self._chars)
        label = self.value_labels[key]
        if label.text() != text:
            label.setText(text)

    def value(self, key: str):
        """The number field ``key`` shows, unformatted (None before any)."""
        return self._values.get(key)

    def set_names(self, x: str, y: str, f: str) -> None:
        """The variables' names: x, y, f (a function) or w, b, L (the regression mode)."""
        names = {"x": x, "y": y, "f": f, "grad_norm": f"|\u2207{f}|"}
        changed = False
        for key, name in names.items():
            if self.name_labels[key].text() != name:
                self.name_labels[key].setText(name)
                changed = True
        if changed:
            self._measure()

    def clear(self) -> None:
        """Dashes in every field: nothing has run yet."""
        self._values.clear()
        for label in self.value_labels.values():
            label.setText("\u2013")

    def text(self) -> str:
        """Everything shown, as 'name value' pairs (for tests and accessibility)."""
        return "  ".join(f"{self.name_labels[key].text()} {self.value_labels[key].text()}"
                         for key, _, _, _ in self.FIELDS
                         if not self.value_labels[key].isHidden())
