"""Gradient noise for the whole comparison: a standard deviation and a seed.

Every panel sees the same noise sequence (engine.noise: one stream per seed and start), so the
comparison stays fair. A standard deviation of 0 turns it off.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

from gradviz.gui.panels.fields import NumberField, hand_keys_back_on_enter

MAX_STD = 1e6
MAX_SEED = 2**31 - 1
HELP_STD = ("Stochastic gradients: each step, every optimizer sees the gradient plus random "
            "noise with this standard deviation (per axis), the same noise in every panel. "
            "0 = exact gradients.")
HELP_SEED = "Which random sequence: the same seed gives the same noise, step for step."


class NoiseSettings(QWidget):
    """``noise_std`` (a NumberField, >= 0) and ``noise_seed`` (a spin box), in one row.
    Signal ``noise_changed(float std, int seed)`` on user changes."""

    noise_changed = Signal(float, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.std = NumberField(0.0, 0.0, MAX_STD)
        self.std.setObjectName("noise_std")
        self.std.setToolTip(HELP_STD)
        self.seed = QSpinBox(objectName="noise_seed")
        self.seed.setRange(0, MAX_SEED)
        self.seed.setKeyboardTracking(False)
        hand_keys_back_on_enter(self.seed)
        self.seed.setToolTip(HELP_SEED)
        self.seed.setFixedWidth(self.seed.fontMetrics().horizontalAdvance("0000000") + 40)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        std_label = QLabel("\u03c3")
        std_label.setToolTip(HELP_STD)
        seed_label = QLabel("seed")
        seed_label.setToolTip(HELP_SEED)
        layout.addWidget(std_label)
        layout.addWidget(self.std)
        layout.addSpacing(8)
        layout.addWidget(seed_label)
        layout.addWidget(self.seed)
        layout.addStretch(1)
        self.std.value_changed.connect(self._emit)
        self.seed.valueChanged.connect(self._emit)

    def set_noise(self, std, seed):
        """Show ``std`` and ``seed`` without emitting."""
        self.std.set_value(std)
        self.seed.blockSignals(True)
        self.seed.setValue(int(seed))
        self.seed.blockSignals(False)

    def _emit(self, _value=None):
        self.noise_changed.emit(self.std.value(), self.seed.value())
