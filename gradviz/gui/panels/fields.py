"""Number entry widgets shared by the panels.

``NumberField`` is a line edit for one float that keeps exactly what the user typed
(``1e-8`` stays ``1e-8``; a spin box would show ``0.0000``). ``SliderField`` pairs a
slider with a ``NumberField``; the slider maps its integer positions through a
``LinearScale`` or a ``LogScale``. All setters are silent: only user input emits.
"""

import math
import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLineEdit, QSizePolicy, QSlider, QStyle,
                               QWidget)

MARK_COLOR = "#D02020"

# A complete decimal number, optionally in scientific notation. No inf, nan or "1_0":
# float() accepts those, the user should not have to know that.
_FULL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
# A prefix of one, still being typed ("", "-", "1e", "2.").
_PARTIAL = re.compile(r"[+-]?\d*\.?\d*([eE][+-]?\d*)?")


def format_number(value):
    """Shortest text that reads back as exactly ``value``: 1e-08 -> "1e-8", 10.0 -> "10"."""
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        mantissa = mantissa.removesuffix(".0")
        return f"{mantissa}e{int(exponent)}"
    return text.removesuffix(".0")


ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _KeysBackOnEnter(QObject):
    """Enter in a field ends the edit and leaves the field, so the next key is a shortcut
    again: a lecturer who types lr 0.05, presses Enter, then 3 gets the 3D view, not 0.053."""

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.KeyPress and event.key() in ENTER_KEYS:
            # after the field has taken the value (this runs before it sees the key)
            QTimer.singleShot(0, watched, watched.clearFocus)
        return False


def hand_keys_back_on_enter(field) -> None:
    """Make Enter in ``field`` (a line edit or spin box) give the keys back to the window."""
    field.installEventFilter(_KeysBackOnEnter(field))


class _NumberValidator(QValidator):
    """Acceptable: a finite number inside [minimum, maximum]. Intermediate: on the way there."""

    def __init__(self, field):
        super().__init__(field)
        self._field = field

    def validate(self, text, pos):
        stripped = text.strip()
        if _FULL.fullmatch(stripped):
            value = float(stripped)
            if math.isfinite(value) and self._field.minimum <= value <= self._field.maximum:
                return QValidator.State.Acceptable, text, pos
            return QValidator.State.Intermediate, text, pos
        if _PARTIAL.fullmatch(stripped):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def fixup(self, text):
        """On Enter or focus loss with an unfinished number: clamp it, or restore the last value."""
        stripped = text.strip()
        if _FULL.fullmatch(stripped) and math.isfinite(float(stripped)):
            value = min(max(float(stripped), self._field.minimum), self._field.maximum)
            return format_number(value)
        return format_number(self._field.value())


class NumberField(QLineEdit):
    """One float, typed. Emits ``value_changed(float)`` when the user finishes an edit
    (Enter or focus loss) that changes the value; the text keeps the user's spelling."""

    value_changed = Signal(float)

    def __init__(self, value=0.0, minimum=-math.inf, maximum=math.inf, parent=None):
        super().__init__(parent)
        self.minimum = float(minimum)
        self.maximum = float(maximum)
        self._value = float(value)
        self.setValidator(_NumberValidator(self))
        self.setText(format_number(value))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        width = self.fontMetrics().horizontalAdvance("-0.000001") + 16
        self.setFixedWidth(width)
        self.editingFinished.connect(self._on_self_editing_finished)
        hand_keys_back_on_enter(self)

    def value(self):
        return self._value

    def set_value(self, value):
        """Show ``value`` without emitting."""
        self._value = float(value)
        self.blockSignals(True)
        self.setText(format_number(value))
        self.blockSignals(False)

    def _on_self_editing_finished(self):
        value = float(self.text().strip())
        if value != self._value:
            self._value = value
            self.value_changed.emit(value)


class LinearScale:
    """Slider positions 0..n mapped evenly onto [lo, hi] in steps of ``step``."""

    def __init__(self, lo, hi, step):
        self.lo, self.hi, self.step = float(lo), float(hi), float(step)
        self.positions = round((self.hi - self.lo) / self.step)

    def value(self, position):
        # round() keeps 0.1-steps free of 0.30000000000000004 on the number field.
        return round(self.lo + position * self.step, 12)

    def position(self, value):
        return min(max(round((value - self.lo) / self.step), 0), self.positions)


class LogScale:
    """Slider positions 0..n mapped onto [lo, hi] evenly in log10, ``per_decade`` positions
    a decade, values rounded to ``digits`` significant digits (so the ends are exact)."""

    def __init__(self, lo, hi, per_decade=100, digits=3):
        self.lo, self.hi, self.digits = float(lo), float(hi), digits
        self.decades = math.log10(self.hi / self.lo)
        self.positions = round(self.decades * per_decade)

    def value(self, position):
        exponent = math.log10(self.lo) + self.decades * position / self.positions
        return float(f"{10.0 ** exponent:.{self.digits}g}")

    def position(self, value):
        if not value > 0:
            return 0
        fraction = math.log10(value / self.lo) / self.decades
        return min(max(round(fraction * self.positions), 0), self.positions)


class SliderField(QWidget):
    """A slider and a number field showing one value. The field accepts any number in
    [minimum, maximum], which may reach past the slider's scale; the slider then rests
    at its nearest end. Emits ``value_changed(float)`` on user input only."""

    value_changed = Signal(float)

    def __init__(self, name, scale, value, minimum=-math.inf, maximum=math.inf, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.scale = scale
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName=f"{name}_slider")
        self.slider.setRange(0, scale.positions)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(max(1, scale.positions // 20))
        self.slider.setMinimumWidth(60)
        self.slider.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.field = NumberField(value, minimum, maximum)
        self.field.setObjectName(f"{name}_field")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.field)
        self.mark = QFrame(self.slider, objectName=f"{name}_mark")   # set_mark
        self.mark.setStyleSheet(f"background: {MARK_COLOR};")
        self.mark.hide()
        self._mark_value = None
        self.set_value(value)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.field.value_changed.connect(self._on_field_value_changed)

    def set_mark(self, value, tip="") -> None:
        """A red tick across the slider at ``value`` (a limit to see, e.g. 2/λmax), with
        ``tip``; None: no tick. A value off the slider's scale is not marked."""
        self._mark_value = None if value is None or not math.isfinite(value) else float(value)
        self.mark.setToolTip(tip)
        self._place_mark()

    def mark_value(self):
        """The value marked (None: none)."""
        return self._mark_value

    def _place_mark(self):
        value = self._mark_value
        position = None if value is None else self.scale.position(value)
        if position is None or not 0 < position < self.scale.positions:   # off the scale
            self.mark.hide()
            return
        handle = self.slider.style().pixelMetric(QStyle.PixelMetric.PM_SliderLength, None,
                                                 self.slider)
        x = QStyle.sliderPositionFromValue(0, self.scale.positions, position,
                                           max(self.slider.width() - handle, 1))
        self.mark.setGeometry(x + handle // 2 - 1, 0, 3, self.slider.height())
        self.mark.show()
        self.mark.raise_()

    def resizeEvent(self, event):  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._place_mark()

    def value(self):
        return self.field.value()

    def set_value(self, value):
        """Show ``value`` on both without emitting."""
        self.field.set_value(value)
        self._move_slider(value)

    def setToolTip(self, text):  # noqa: N802 (Qt spelling, so callers need not know the parts)
        super().setToolTip(text)
        self.slider.setToolTip(text)
        self.field.setToolTip(text)

    def _move_slider(self, value):
        self.slider.blockSignals(True)
        self.slider.setValue(self.scale.position(value))
        self.slider.blockSignals(False)

    def _on_slider_value_changed(self, position):
        value = self.scale.value(position)
        self.field.set_value(value)
        self.value_changed.emit(value)

    def _on_field_value_changed(self, value):
        self._move_slider(value)
        self.value_changed.emit(value)
