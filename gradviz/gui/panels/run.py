"""Run settings shared by the panels: number of steps and the start point."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QSpinBox, QWidget

from gradviz.gui.panels.fields import NumberField, hand_keys_back_on_enter

MAX_STEPS = 10_000


class RunSettings(QWidget):
    """Steps (objectName "steps", 1 to 10,000) and start point ("start_x", "start_y").

    Signals ``steps_changed(int)`` and ``start_changed(float x, float y)``, on user input only.
    """

    steps_changed = Signal(int)
    start_changed = Signal(float, float)

    def __init__(self, steps=500, start=(0.0, 0.0), parent=None):
        super().__init__(parent)
        self.steps = QSpinBox(objectName="steps")
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setSingleStep(50)
        self.steps.setGroupSeparatorShown(True)
        self.steps.setFixedWidth(self.steps.fontMetrics().horizontalAdvance("10,000") + 48)
        # Emit once per finished edit (Enter, focus loss, arrows), not per keystroke:
        # typing "500" must not run 5 and 50 steps on the way.
        self.steps.setKeyboardTracking(False)
        hand_keys_back_on_enter(self.steps)
        self.steps.setToolTip(f"How many optimizer steps to run (1 to {MAX_STEPS:,})")
        self.start_x = NumberField(start[0])
        self.start_x.setObjectName("start_x")
        self.start_y = NumberField(start[1])
        self.start_y.setObjectName("start_y")
        for field, axis in ((self.start_x, "x"), (self.start_y, "y")):
            field.setToolTip(f"Start point {axis}. Or click on a landscape to pick the start.")
        self.set_steps(steps)
        start_row = QHBoxLayout()
        self.axis_labels = (QLabel("x"), QLabel("y"))
        start_row.addWidget(self.axis_labels[0])
        start_row.addWidget(self.start_x)
        start_row.addSpacing(8)
        start_row.addWidget(self.axis_labels[1])
        start_row.addWidget(self.start_y)
        start_row.addStretch(1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(QLabel("steps"), self.steps)
        form.addRow(QLabel("start"), start_row)
        self.steps.valueChanged.connect(self._on_steps_value_changed)
        self.start_x.value_changed.connect(self._on_start_value_changed)
        self.start_y.value_changed.connect(self._on_start_value_changed)

    def set_steps(self, steps):
        self.steps.blockSignals(True)
        self.steps.setValue(int(steps))
        self.steps.blockSignals(False)

    def set_start(self, x, y):
        self.start_x.set_value(x)
        self.start_y.set_value(y)

    def set_axis_names(self, x, y):
        """"x", "y" for a function; "w", "b" in the regression mode."""
        for label, name in zip(self.axis_labels, (x, y)):
            label.setText(name)

    def start(self):
        return self.start_x.value(), self.start_y.value()

    def _on_steps_value_changed(self, steps):
        self.steps_changed.emit(steps)

    def _on_start_value_changed(self, _value):
        self.start_changed.emit(*self.start())
