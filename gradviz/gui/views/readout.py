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
from gradviz.engine.session import MAX_STEPS
from gradviz.gui import theme
from gradviz.gui.views.panel_header import STATUS_KINDS, PanelHeader, short_status

STEP_CHARS = len(str(MAX_STEPS))   # the step's room in a line: "10000"

__all__ = ["PanelHeader", "ReadoutBar", "STATUS_KINDS", "format_number", "short_status"]


class ReadoutBar(QWidget):
    """step, x, y, f, |grad f| (and a scheduled lr), each number as precise as its room allows.

    Wide: row 0 step, x, y; row 1 f, |grad f|, lr. Narrower than that needs (a third of a
    1280-pixel window: three panels in a row), a point smaller: row 0 step, lr; row 1 x, y;
    row 2 f, |grad f|. In a short panel (``refit(short=True)``: four panels at 1280 x 720),
    where it fits, one line two points smaller: step, x, y, f, |grad f|, the plot gets the
    rows saved. Names muted, values in a monospace font. A value column is as wide as
    "-8.888e-88" when there is room, else what is left (at least ``MIN_CHARS`` characters),
    and each number is written to fit it (``engine.number_text.fit_number``: fewer digits or
    scientific notation, never cut characters: "4.3e-6", not "4.26" for 4.265e-6).
    """

    FIELDS = (("step", "step", 0, 0), ("x", "x", 0, 1), ("y", "y", 0, 2),
              ("f", "f", 1, 0), ("grad_norm", "|\u2207f|", 1, 1), ("lr", "lr", 1, 2))
    NARROW = {"step": (0, 0), "lr": (0, 1), "x": (1, 0), "y": (1, 1), "f": (2, 0),
              "grad_norm": (2, 1)}
    OPTIONAL = ("lr",)  # shown only when given (a scheduled lr)
    LINE = {key: (0, col) for col, (key, _, _, _) in enumerate(FIELDS)}
    MODES = ("wide", "narrow", "line")

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
        self.mode = None      # one of MODES
        self._short = False   # the panel is short: one line where it fits
        self._widths = {}     # mode -> the width it needs at full precision / at MIN_CHARS
        self._measure()
        self.clear()

    @property
    def narrow(self) -> bool:
        return self.mode == "narrow"

    def _measure(self) -> None:
        """Every layout measured in the current type: the wide one's full width, the line's
        with values of ``MIN_CHARS`` characters, and the narrow one's as the bar's minimum
        (the panel grid plans its columns with it). A panel squeezed below that all the same
        (three in presentation mode at 1280 x 720) gets shorter numbers, down to
        ``MIN_CHARS`` characters, never cut ones."""
        for mode in self.MODES:
            self.mode = None
            self._arrange(mode)
            self._widths[mode] = self._needed(mode, MIN_CHARS if mode == "line"
                                              else len(WIDEST))
        self.setMinimumWidth(self._widths["narrow"])
        self.mode = None
        self._arrange(self._mode_for(self._room()))
        self._fit_values()

    def _mode_for(self, room: int) -> str:
        """The layout for ``room`` pixels: one line in a short panel where it fits (not with
        a scheduled lr: six numbers), else wide where it fits, else narrow."""
        if self._short and self.value_labels["lr"].isHidden() and room >= self._widths["line"]:
            return "line"
        return "wide" if room >= self._widths["wide"] else "narrow"

    def _arrange(self, mode: str) -> None:
        """Lay the fields out wide, narrow (a point smaller: three panels in a row must fit a
        1280-pixel window beside the controls) or in a line (two points smaller: five numbers
        across a panel of four at 1280 x 720 in presentation mode)."""
        if mode == self.mode:
            return
        self.mode = mode
        layout = self.layout()
        size = theme.READOUT_PT - {"wide": 0, "narrow": 1, "line": 2}[mode]
        value_font = theme.font(size, mono=True)
        places = {"narrow": self.NARROW, "line": self.LINE}.get(mode)
        for key, _, row, col in self.FIELDS:
            name, value = self.name_labels[key], self.value_labels[key]
            name.setFont(theme.font(size))
            name.setFixedWidth(name.fontMetrics().horizontalAdvance(name.text()) + 2)
            value.setFont(value_font)
            if places is not None:
                row, col = places[key]
            for i, widget in enumerate((name, value)):
                layout.removeWidget(widget)
                layout.addWidget(widget, row, 2 * col + i)
        for column in range(layout.columnCount()):
            layout.setColumnStretch(column, 0)
        # what is left goes after the last value (wide: its third column, narrow: second)
        last = {"wide": 5, "narrow": 3, "line": 2 * len(self.FIELDS) - 1}[mode]
        layout.setColumnStretch(last + 1, 1)

    def _char_width(self) -> float:
        return QFontMetricsF(self.value_labels["x"].font()).horizontalAdvance("8")

    def _value_width(self, chars: int) -> int:
        """Pixels for ``chars`` characters of the value font; fractional advances (text
        drawn at 1.5x or 2x) rounded up, and a pixel more, so the last digit is never cut."""
        return math.ceil(self._char_width() * chars) + 1

    def _columns(self, mode: str) -> dict[int, int]:
        """Column -> the width of its widest name (of the fields shown, in a line)."""
        names: dict[int, int] = {}
        places = {"narrow": self.NARROW, "line": self.LINE}.get(mode)
        for key, _, _, col in self.FIELDS:
            if mode == "line" and self.value_labels[key].isHidden():
                continue
            if places is not None:
                col = places[key][1]
            label = self.name_labels[key]
            names[col] = max(names.get(col, 0),
                             label.fontMetrics().horizontalAdvance(label.text()) + 2)
        return names

    def _needed(self, mode: str, chars: int) -> int:
        """Width of the layout ``mode`` with values of ``chars`` characters (in a line the
        step's as wide as the most steps a run takes, ``STEP_CHARS``)."""
        layout = self.layout()
        names = self._columns(mode)
        margins = layout.contentsMargins()
        values = len(names) * self._value_width(chars)
        if mode == "line":
            values += self._value_width(STEP_CHARS) - self._value_width(chars)
        return (margins.left() + margins.right() + sum(names.values()) + values
                + (2 * len(names) - 1) * layout.horizontalSpacing())

    def _fit_values(self) -> None:
        """Value labels as wide as the layout has room for (up to "-8.888e-88"), and every
        number written again to fit them. In a line the step takes only its own room: the
        numbers beside it get it."""
        line = self.mode == "line"
        shared = len(self._columns(self.mode)) - (1 if line else 0)
        room = (self._room() - self._needed(self.mode, 0)) / max(shared, 1)
        chars = max(MIN_CHARS, min(len(WIDEST), int((room - 1) / self._char_width())))
        width = self._value_width(chars)
        for key, label in self.value_labels.items():
            wide = self._value_width(STEP_CHARS) if line and key == "step" else width
            # A fixed size: a new number then repaints the label alone (a label that may
            # change size asks every layout up to the window to recompute, every frame).
            # The height from the font, not sizeHint: QLabel kept a hint from an earlier
            # type size, so a panel made in presentation mode had a readout 3 px lower
            # than the panels beside it, and its title and plot 3 px lower.
            tall = label.fontMetrics().boundingRect(WIDEST).height()
            if label.width() != wide or label.height() != tall:
                label.setFixedSize(wide, tall)
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

    def refit(self, short: bool | None = None) -> None:
        """Layout and numbers for the room there is now (the panel calls this when it is
        resized: squeezed below the bar's minimum, the bar itself is not); ``short``: whether
        the panel is short, the plot's height what limits it (None: as before)."""
        if short is not None:
            self._short = bool(short)
        self._arrange(self._mode_for(self._room()))
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
            self._measure()   # six numbers do not go in one line
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
