"""Text around a landscape plot: the title and status chips above it, the numbers below it.

Plain QLabels rather than items inside the plot, so the text never hides a path or a minimum
and stays the same size however the plot is zoomed.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QToolButton,
                               QVBoxLayout, QWidget)

from gradviz.gui import theme

# Worst-case width of a value, so that the columns do not jump as the numbers change.
_WIDEST_VALUE = "-8.888e-88"
_DEFAULT_STATUS_TEXT = {"running": "running", "converged": "converged", "diverged": "diverged"}
_STATUS_MARK = {"running": "\u25b6", "converged": "\u2713", "diverged": "\u26a0"}


def format_number(value: float, digits: int = 4) -> str:
    """``value`` with ``digits`` significant digits: fixed for 1e-3 <= |v| < 1e5, else scientific
    (``digits - 1`` when the exponent has three digits).

    inf, -inf and nan are spelled out; zero is "0".
    """
    v = float(value)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    if 1e-3 <= abs(v) < 1e5:
        decimals = max(0, digits - 1 - math.floor(math.log10(abs(v))))
        return f"{v:.{decimals}f}"
    # Compact exponent ("1.235e-7", not "1.235e-07"), and one digit less for three-digit
    # exponents, so no value is wider than _WIDEST_VALUE (a diverging run reaches 1e300).
    mantissa, exponent = f"{v:.{digits - 1}e}".split("e")
    if abs(int(exponent)) >= 100:
        mantissa, exponent = f"{v:.{digits - 2}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def _chip_style(text_color: str, background: str) -> str:
    return (f"QLabel {{ color: {text_color}; background: {background}; border-radius: 5px;"
            " padding: 2px 7px; }")


def _ink_for(background: QColor) -> str:
    """Black or white text, whichever reads better on ``background`` (WCAG relative luminance)."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    lum = 0.2126 * lin(background.redF()) + 0.7152 * lin(background.greenF()) \
        + 0.0722 * lin(background.blueF())
    return "#000000" if lum > 0.18 else "#FFFFFF"


class ChipTitle(QLabel):
    """A one-line label that shortens its text with "..." when there is not room for all of
    it (a narrow panel, presentation mode's large type), rather than cutting it off.
    ``text()`` is the whole title (also the tooltip when shortened), ``shown_text()`` what
    is on screen."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setText(text)
        self._fit()

    def text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        return QLabel.text(self)

    def _fit(self) -> None:
        metrics = QFontMetrics(self.font())
        padding = self.sizeHint().width() - metrics.horizontalAdvance(self.shown_text())
        self.setMaximumWidth(metrics.horizontalAdvance(self._full) + padding + 1)
        shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight,
                                   self.contentsRect().width())
        if shown != self.shown_text():
            self.setText(shown)
        self.setToolTip(self._full if shown != self._full else "")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()


class PanelHeader(QWidget):
    """The optimizer's name on a chip in the panel's colour, and the run status on the right;
    a close button (``close_requested``) while ``set_closable(True)``."""

    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title_label = ChipTitle(self)
        self.title_label.setFont(theme.font(theme.TITLE_PT, bold=True))
        self.status_label = QLabel(self)
        self.status_label.setFont(theme.font(theme.READOUT_PT, bold=True))
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.note_label = QLabel(self, objectName="panel_note")
        self.note_label.setFont(theme.font(theme.NOTE_PT))
        self.note_label.setStyleSheet(f"color: {theme.current().muted_text};")
        # one line, elided to the width: every panel's header keeps the same height, so the
        # linked landscapes below stay the same size (the full text is the tooltip)
        self.note_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.note_label.hide()
        self._note = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 2, 4, 2)
        outer.setSpacing(1)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(layout)
        outer.addWidget(self.note_label)
        layout.addWidget(self.title_label, 1)   # as wide as its text, less if it must
        layout.addStretch(0)
        layout.addWidget(self.status_label)
        self.close_button = QToolButton(self, objectName="close_panel", text="\u2715")
        self.close_button.setToolTip("Remove this panel")
        self.close_button.setAutoRaise(True)
        self.close_button.setFont(theme.font(theme.READOUT_PT))
        self.close_button.clicked.connect(self.close_requested)
        self.close_button.hide()
        layout.addWidget(self.close_button)
        self.status_kind = ""
        self.set_color(theme.PANEL_COLORS[0])
        self.set_status("running")

    def set_title(self, text: str) -> None:
        self.title_label.set_full_text(text)

    def apply_style(self, style) -> None:
        """The note in the style's muted colour (the chips keep theirs in every theme)."""
        self.note_label.setStyleSheet(f"color: {style.muted_text};")
        self._elide_note()

    def set_note(self, text: str, tip: str = "") -> None:
        """A muted line under the title (lr schedule, gradient noise, tuned lr); "" hides it.
        ``tip``: the tooltip (the same in full)."""
        self._note = text
        self.note_label.setToolTip(tip or text.strip())
        self.note_label.setVisible(bool(text))
        self._elide_note()

    def note(self) -> str:
        """The note in full (the label may show it shortened with "…")."""
        return self._note

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide_note()

    def _elide_note(self) -> None:
        room = max(self.width() - 8, 40)
        text = self.note_label.fontMetrics().elidedText(self._note, Qt.TextElideMode.ElideRight,
                                                        room)
        if text != self.note_label.text():
            self.note_label.setText(text)

    def set_closable(self, closable: bool) -> None:
        """Offer the close button: it shows while the mouse is over the header (so pictures
        of the window never carry it)."""
        self._closable = bool(closable)
        self.close_button.setVisible(self._closable and self.underMouse())

    def enterEvent(self, event) -> None:
        super().enterEvent(event)
        self.close_button.setVisible(getattr(self, "_closable", False))

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self.close_button.hide()

    def set_color(self, color) -> None:
        """Chip background ``color`` (anything QColor takes); text black or white to match."""
        c = QColor(color)
        self.title_label.setStyleSheet(_chip_style(_ink_for(c), c.name()))

    def set_status(self, kind: str, text: str = "") -> None:
        """kind: "running", "converged" or "diverged"; text defaults to the kind."""
        if kind not in STATUS_KINDS:
            raise ValueError(f"status kind must be one of {STATUS_KINDS}, got {kind!r}")
        label = f"{_STATUS_MARK[kind]} {text or _DEFAULT_STATUS_TEXT[kind]}"
        if label != self.status_label.text():
            self.status_label.setText(label)
        if kind != self.status_kind:  # style sheets are slow to apply: only on a change of kind
            self.status_kind = kind
            self.status_label.setStyleSheet(_chip_style(*theme.STATUS_STYLES[kind]))


STATUS_KINDS = tuple(_DEFAULT_STATUS_TEXT)


class ReadoutBar(QWidget):
    """step, x, y, f and |grad f| in two rows of fixed-width values.

    Row 0: step, x, y. Row 1: f, |grad f|. Names muted, values in a monospace font.
    """

    FIELDS = (("step", "step", 0, 0), ("x", "x", 0, 1), ("y", "y", 0, 2),
              ("f", "f", 1, 0), ("grad_norm", "|\u2207f|", 1, 1), ("lr", "lr", 1, 2))
    OPTIONAL = ("lr",)  # shown only when given (a scheduled lr)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 2, 8, 4)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(0)
        value_font = theme.font(theme.READOUT_PT, mono=True)
        value_width = QFontMetrics(value_font).horizontalAdvance(_WIDEST_VALUE)
        self.value_labels: dict[str, QLabel] = {}
        self.name_labels: dict[str, QLabel] = {}
        for key, name, row, col in self.FIELDS:
            name_label = QLabel(name, self)
            self.name_labels[key] = name_label
            name_label.setFont(theme.font(theme.READOUT_PT))
            name_label.setStyleSheet(f"color: {theme.current().muted_text};")
            name_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value = QLabel("", self)
            value.setFont(value_font)
            # A fixed size: a new number then repaints the label alone (a label that may
            # change size asks every layout up to the window to recompute, every frame).
            value.setFixedSize(value_width, value.sizeHint().height())
            layout.addWidget(name_label, row, 2 * col)
            layout.addWidget(value, row, 2 * col + 1)
            self.value_labels[key] = value
            if key in self.OPTIONAL:
                name_label.hide()
                value.hide()
        layout.setColumnStretch(6, 1)
        self.clear()

    def apply_style(self, style) -> None:
        """Names in the style's muted colour; the values' fixed size recomputed for their
        font now (presentation mode scales it)."""
        for label in self.name_labels.values():
            label.setStyleSheet(f"color: {style.muted_text};")
        for value in self.value_labels.values():
            metrics = QFontMetrics(value.font())
            value.setFixedSize(metrics.horizontalAdvance(_WIDEST_VALUE), value.sizeHint().height())

    def set_values(self, step: int, x: float, y: float, f: float, grad_norm: float,
                   lr: float | None = None) -> None:
        """The numbers at step k; ``lr`` (a scheduled lr, NaN for none at the last step)
        shows its field, None hides it."""
        texts = {"step": str(int(step)), "x": format_number(x), "y": format_number(y),
                 "f": format_number(f), "grad_norm": format_number(grad_norm)}
        shown = lr is not None
        if self.value_labels["lr"].isHidden() == shown:
            self.value_labels["lr"].setVisible(shown)
            self.name_labels["lr"].setVisible(shown)
        if shown:
            texts["lr"] = "\u2013" if math.isnan(lr) else format_number(lr)
        for key, text in texts.items():
            label = self.value_labels[key]
            if label.text() != text:
                label.setText(text)

    def set_names(self, x: str, y: str, f: str) -> None:
        """The variables' names: x, y, f (a function) or w, b, L (the regression mode)."""
        names = {"x": x, "y": y, "f": f, "grad_norm": f"|\u2207{f}|"}
        for key, name in names.items():
            if self.name_labels[key].text() != name:
                self.name_labels[key].setText(name)

    def clear(self) -> None:
        """Dashes in every field: nothing has run yet."""
        for label in self.value_labels.values():
            label.setText("\u2013")

    def text(self) -> str:
        """Everything shown, as 'name value' pairs (for tests and accessibility)."""
        return "  ".join(f"{self.name_labels[key].text()} {self.value_labels[key].text()}"
                         for key, _, _, _ in self.FIELDS
                         if not self.value_labels[key].isHidden())
