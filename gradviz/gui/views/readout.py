"""Text around a landscape plot: the title and status chips above it, the numbers below it.

Plain QLabels rather than items inside the plot, so the text never hides a path or a minimum
and stays the same size however the plot is zoomed.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

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


class PanelHeader(QWidget):
    """The optimizer's name on a chip in the panel's colour, and the run status on the right;
    a close button (``close_requested``) while ``set_closable(True)``."""

    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title_label = QLabel(self)
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
        self._row = layout
        outer.addLayout(layout)
        outer.addWidget(self.note_label)
        layout.addWidget(self.title_label)
        layout.addStretch(1)
        layout.addWidget(self.status_label)
        self.close_button = QToolButton(self, objectName="close_panel", text="\u2715")
        self.close_button.setToolTip("Remove this panel")
        self.close_button.setAutoRaise(True)
        self.close_button.setFont(theme.font(theme.READOUT_PT))
        self.close_button.clicked.connect(self.close_requested)
        self.close_button.hide()
        layout.addWidget(self.close_button)
        # The chips' texts are fitted to the width (_fit): a long status shortens, then the
        # title is elided, the whole texts go to tooltips. Without this the labels' minimum
        # widths held the panel wider than its grid cell, and both chips were cut (4 panels
        # at 1280 x 720).
        for label in (self.title_label, self.status_label):
            label.setMinimumWidth(CHIP_MIN_WIDTH)
        self._title = ""
        self._status = ("", "")     # (full, short)
        self.status_kind = ""
        self.set_color(theme.PANEL_COLORS[0])
        self.set_status("running")

    def set_title(self, text: str) -> None:
        if text != self._title:
            self._title = text
            self._fit()

    def title_text(self) -> str:
        """The whole title (the chip may show it elided)."""
        return self._title

    def status_text(self) -> str:
        """The whole status, e.g. "\u2713 converged at step 12" (the chip may show less)."""
        return self._status[0]

    def _chip_width(self, label: QLabel, text: str) -> int:
        """What ``label`` needs to show ``text``: the text and the chip style's padding,
        measured on the label itself (its size hint for its current text)."""
        metrics = label.fontMetrics()
        padding = label.sizeHint().width() - metrics.horizontalAdvance(label.text())
        return metrics.horizontalAdvance(text) + max(padding, CHIP_PADDING) + 2

    def _fit(self) -> None:
        """Show the whole title and status if they fit; else the short status, then the title
        elided with "\u2026"."""
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right() - 2 * self._row.spacing()
        if self.close_button.isVisibleTo(self):
            room -= self.close_button.sizeHint().width() + self._row.spacing()
        full, short = self._status
        status = full
        title_width = self._chip_width(self.title_label, self._title)
        if title_width + self._chip_width(self.status_label, full) > room:
            status = short
        left = max(room - self._chip_width(self.status_label, status), CHIP_MIN_WIDTH)
        title = self._title
        if title_width > left:
            title = self.title_label.fontMetrics().elidedText(
                self._title, Qt.TextElideMode.ElideRight, left - CHIP_PADDING)
        if title != self.title_label.text():
            self.title_label.setText(title)
        self.title_label.setToolTip(self._title if title != self._title else "")
        if status != self.status_label.text():
            self.status_label.setText(status)
        self.status_label.setToolTip(full if status != full else "")

    def apply_style(self, style) -> None:
        """The note in the style's muted colour (the chips keep theirs in every theme); the
        chips fitted again once the new fonts are in (presentation mode scales them)."""
        self.note_label.setStyleSheet(f"color: {style.muted_text};")
        self._elide_note()
        QTimer.singleShot(0, self, self._fit)   # not called once the header is gone

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
        self._fit()
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
        self._show_close(self._closable and self.underMouse())

    def enterEvent(self, event) -> None:
        super().enterEvent(event)
        self._show_close(getattr(self, "_closable", False))

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self._show_close(False)

    def _show_close(self, on: bool) -> None:
        if on != self.close_button.isVisibleTo(self):
            self.close_button.setVisible(on)
            self._fit()   # the button takes room from the chips

    def set_color(self, color) -> None:
        """Chip background ``color`` (anything QColor takes); text black or white to match."""
        c = QColor(color)
        self.title_label.setStyleSheet(_chip_style(_ink_for(c), c.name()))

    def set_status(self, kind: str, text: str = "") -> None:
        """kind: "running", "converged" or "diverged"; text defaults to the kind."""
        if kind not in STATUS_KINDS:
            raise ValueError(f"status kind must be one of {STATUS_KINDS}, got {kind!r}")
        mark = _STATUS_MARK[kind]
        text = text or _DEFAULT_STATUS_TEXT[kind]
        status = (f"{mark} {text}", f"{mark} {_short_status(text)}")
        if status != self._status:
            self._status = status
            self._fit()
        if kind != self.status_kind:  # style sheets are slow to apply: only on a change of kind
            self.status_kind = kind
            self.status_label.setStyleSheet(_chip_style(*theme.STATUS_STYLES[kind]))


STATUS_KINDS = tuple(_DEFAULT_STATUS_TEXT)
CHIP_PADDING = 16     # at least the chip style's 7 px each side, and a pixel each side
CHIP_MIN_WIDTH = 24


def _short_status(text: str) -> str:
    """The status without its step: "converged at step 12" -> "converged", "stopped after
    1000 steps" -> "stopped" (the whole text stays in the tooltip)."""
    for cut in (" at step", " after "):
        if cut in text:
            return text.split(cut)[0]
    return text


class ReadoutBar(QWidget):
    """step, x, y, f, |grad f| (and a scheduled lr) in fixed-width values.

    Wide: row 0 step, x, y; row 1 f, |grad f|, lr. Narrower than that needs (a third of a
    1280-pixel window: three panels in a row), a point smaller: row 0 step, lr; row 1 x, y;
    row 2 f, |grad f|. Names muted, values in a monospace font.
    """

    FIELDS = (("step", "step", 0, 0), ("x", "x", 0, 1), ("y", "y", 0, 2),
              ("f", "f", 1, 0), ("grad_norm", "|\u2207f|", 1, 1), ("lr", "lr", 1, 2))
    NARROW = {"step": (0, 0), "lr": (0, 1), "x": (1, 0), "y": (1, 1), "f": (2, 0),
              "grad_norm": (2, 1)}
    OPTIONAL = ("lr",)  # shown only when given (a scheduled lr)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 2, 8, 4)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(0)
        self.value_labels: dict[str, QLabel] = {}
        self.name_labels: dict[str, QLabel] = {}
        for key, name, _, _ in self.FIELDS:
            name_label = QLabel(name, self)
            name_label.setStyleSheet(f"color: {theme.current().muted_text};")
            name_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value = QLabel("", self)
            self.name_labels[key] = name_label
            self.value_labels[key] = value
            if key in self.OPTIONAL:
                name_label.hide()
                value.hide()
        self.narrow = None
        self._arrange(narrow=True)
        narrow_width = self._needed(narrow=True)
        self._arrange(narrow=False)
        self._wide_width = self._needed(narrow=False)
        self.setMinimumWidth(narrow_width)   # narrower than wide: _arrange narrow
        self.clear()

    def _arrange(self, narrow: bool) -> None:
        """Lay the fields out wide or narrow; narrow also a point smaller (three panels in a
        row must fit a 1280-pixel window beside the controls)."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        layout = self.layout()
        size = theme.READOUT_PT - (1 if narrow else 0)
        value_font = theme.font(size, mono=True)
        # fractional advances (text drawn at 1.5x or 2x) can be a little wider than the
        # integer metric: round up and add a pixel, so the last digit is never cut
        width = math.ceil(QFontMetricsF(value_font).horizontalAdvance(_WIDEST_VALUE)) + 1
        for key, _, row, col in self.FIELDS:
            name, value = self.name_labels[key], self.value_labels[key]
            name.setFont(theme.font(size))
            value.setFont(value_font)
            # A fixed size: a new number then repaints the label alone (a label that may
            # change size asks every layout up to the window to recompute, every frame).
            value.setFixedSize(width, value.sizeHint().height())
            if narrow:
                row, col = self.NARROW[key]
            for i, widget in enumerate((name, value)):
                layout.removeWidget(widget)
                layout.addWidget(widget, row, 2 * col + i)
        layout.setColumnStretch(6, 0 if narrow else 1)
        layout.setColumnStretch(4, 1 if narrow else 0)

    def _needed(self, narrow: bool) -> int:
        """Width of the wide or narrow layout: per column its widest name and a fixed-width
        value, with the margins and spacings."""
        layout = self.layout()
        names: dict[int, int] = {}
        for key, _, _, col in self.FIELDS:
            if narrow:
                col = self.NARROW[key][1]
            label = self.name_labels[key]
            names[col] = max(names.get(col, 0),
                             label.fontMetrics().horizontalAdvance(label.text()) + 2)
        value = max(label.width() for label in self.value_labels.values())
        margins = layout.contentsMargins()
        return (margins.left() + margins.right() + sum(names.values()) + len(names) * value
                + (2 * len(names) - 1) * layout.horizontalSpacing())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange(narrow=event.size().width() < self._wide_width)

    def apply_style(self, style) -> None:
        """Names in the style's muted colour; both layouts measured again in the style's type
        size (presentation mode scales it), then the one that fits."""
        for label in self.name_labels.values():
            label.setStyleSheet(f"color: {style.muted_text};")
        self.narrow = None
        self._arrange(narrow=True)
        narrow_width = self._needed(narrow=True)
        self.narrow = None
        self._arrange(narrow=False)
        self._wide_width = self._needed(narrow=False)
        self.setMinimumWidth(narrow_width)
        self._arrange(narrow=self.width() < self._wide_width)

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
