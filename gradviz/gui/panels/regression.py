"""The mode switch and the regression mode's settings in the control column.

``ModeSwitch``: two buttons, "Function f(x, y)" and "Regression L(w, b)" (``mode_requested``).
``RegressionSettings``: which data (bundled houses, or a CSV file: ``load_requested``,
``bundled_requested``), the feature-scaling toggle with the condition number it gives, the
mini-batch size and seed, the loss of each residual (mean squared, mean absolute, Huber with
its δ: ``loss_changed``) and the loss's gradient formulas. Widgets only show what
``set_state`` gives them and emit intents on user input.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QFormLayout, QHBoxLayout,
                               QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from gradviz.engine.losses import LOSSES
from gradviz.engine.names import REGRESSION, SCALED
from gradviz.engine.regression_mode import MAX_BATCH, MAX_SEED, format_condition
from gradviz.engine.typeset import LINE_CHARS, heads, text_latex
from gradviz.gui import theme
from gradviz.gui.panels.fields import NumberField

LOSS_TIPS = {"mse": "Each house adds r² (r: its residual): far houses pull hardest",
             "mae": "Each house adds |r|: every house pulls with the same strength",
             "huber": "r²/2 near the line, δ(|r| − δ/2) beyond δ: far houses pull with at "
                      "most δ (PyTorch's HuberLoss)"}
from gradviz.gui.panels.fields import hand_keys_back_on_enter
from gradviz.gui.views.math_view import MathGroup, MathLabel


class ModeSwitch(QWidget):
    """Two exclusive buttons; ``mode_requested(str)`` "function" or "regression" on a click."""

    mode_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        for mode, text, tip in (
                ("function", "Function f(x, y)", "Type any function of x and y"),
                ("regression", "Regression L(w, b)",
                 "The loss of a real model: the mean squared error of a line y = w\u00b7x + b "
                 "fitted to data, over the weight w and the bias b")):
            button = QPushButton(text, objectName=f"mode_{mode}", checkable=True)
            button.setToolTip(tip)
            self.group.addButton(button)
            self.buttons[mode] = button
            row.addWidget(button)
            button.clicked.connect(lambda _=False, m=mode: self.mode_requested.emit(m))
        self.set_mode("function")

    def set_mode(self, mode):
        self.buttons[mode].setChecked(True)


class RegressionSettings(QWidget):
    """Data, scaling, mini-batches, loss. Signals on user input only: ``scaling_changed(bool)``,
    ``batch_changed(int size, int seed)``, ``loss_changed(str key, float delta)``,
    ``load_requested()``, ``bundled_requested()``."""

    scaling_changed = Signal(bool)
    loss_changed = Signal(str, float)
    batch_changed = Signal(int, int)
    load_requested = Signal()
    bundled_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.data_label = QLabel(objectName="data_label", wordWrap=True)
        self.load_button = QPushButton("Load CSV\u2026", objectName="load_data")
        self.load_button.setToolTip("Fit a line to your own two-column CSV file (x, y)")
        self.bundled_button = QPushButton("House prices", objectName="bundled_data")
        self.bundled_button.setToolTip("The bundled data: 30 houses, floor area and price")
        # the box and its formula apart: together they were wider than the control column
        # in presentation mode, and the column was cut on the right
        self.scaled = QCheckBox("Scale the feature:", objectName="scaled")
        self.scaled_formula = QLabel("x\u2032 = (x \u2212 mean) / std", wordWrap=True)
        self.scaled.setToolTip("Unscaled, large x makes L a long thin ravine; standardising x "
                               "makes its contours circles")
        self.condition = QLabel(objectName="condition_number", wordWrap=True)
        self.batch = QSpinBox(objectName="batch_size")
        self.batch.setRange(0, MAX_BATCH)
        self.batch.setSpecialValueText("full batch")
        self.batch.setKeyboardTracking(False)
        hand_keys_back_on_enter(self.batch)
        self.batch.setToolTip("Points in each step's mini-batch; full batch: all of them. "
                              "Every panel gets the same batches.")
        self.seed = QSpinBox(objectName="batch_seed")
        self.seed.setRange(0, MAX_SEED)
        self.seed.setKeyboardTracking(False)
        hand_keys_back_on_enter(self.seed)
        self.seed.setToolTip("Which batches (a fresh shuffle each epoch, from this seed)")
        self.of_label = QLabel()
        self.loss = QComboBox(objectName="loss")
        for key, point_loss in LOSSES.items():
            self.loss.addItem(point_loss.name, key)
            self.loss.setItemData(self.loss.count() - 1, LOSS_TIPS[key],
                                  Qt.ItemDataRole.ToolTipRole)
        self.loss.setToolTip("The loss of each house's residual; L is their mean")
        self.delta = NumberField(1.0, 1e-9, 1e12)
        self.delta.setObjectName("huber_delta")
        self.delta.setToolTip("Huber's δ, in the units of y: beyond it a house's pull stops "
                              "growing")
        self.delta_label = QLabel("δ")
        self.gradient = QWidget(objectName="loss_gradient")   # ∂L/∂w and ∂L/∂b, typeset
        self.gradient_labels = (MathLabel(objectName="loss_gradient_w", scale=1.3),
                                MathLabel(objectName="loss_gradient_b", scale=1.3))
        MathGroup(self.gradient_labels)   # typeset together
        rows = QVBoxLayout(self.gradient)
        rows.setContentsMargins(0, 0, 0, 0)
        for label in self.gradient_labels:
            label.setWordWrap(True)
            rows.addWidget(label)
        self.gradient.setStyleSheet(f"color: {theme.current().muted_text};")
        buttons = QHBoxLayout()
        buttons.addWidget(self.bundled_button)
        buttons.addWidget(self.load_button)
        buttons.addStretch(1)
        batch_row = QHBoxLayout()
        batch_row.addWidget(self.batch)
        batch_row.addWidget(self.of_label)
        batch_row.addStretch(1)
        scaled_row = QHBoxLayout()
        scaled_row.addWidget(self.scaled)
        scaled_row.addWidget(self.scaled_formula, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.data_label)
        layout.addLayout(buttons)
        layout.addLayout(scaled_row)
        layout.addWidget(self.condition)
        loss_row = QHBoxLayout()
        loss_row.addWidget(self.loss, 1)
        loss_row.addWidget(self.delta_label)
        loss_row.addWidget(self.delta)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(QLabel("batch"), batch_row)
        form.addRow(QLabel("loss"), loss_row)
        form.addRow(QLabel("seed"), self.seed)
        layout.addLayout(form)
        layout.addWidget(self.gradient)
        self.scaled.toggled.connect(self._on_scaled)
        self.batch.valueChanged.connect(self._on_batch)
        self.seed.valueChanged.connect(self._on_batch)
        self.loss.activated.connect(self._on_loss)
        self.delta.value_changed.connect(self._on_loss)
        self.load_button.clicked.connect(self.load_requested)
        self.bundled_button.clicked.connect(self.bundled_requested)
        self._quiet = False

    def apply_style(self, style):
        """The gradient formulas in ``style``'s muted colour (a ``theme.Style``)."""
        self.gradient.setStyleSheet(f"color: {style.muted_text};")

    def set_state(self, config, loss=None):
        """Show ``config`` (a RegressionConfig) and, when given, facts of its ``loss``."""
        self._quiet = True
        try:
            self.scaled.setChecked(config.scaled)
            self.batch.setValue(config.batch_size)
            self.seed.setValue(config.seed)
            self.seed.setEnabled(config.batch_size > 0)
            self.loss.setCurrentIndex(self.loss.findData(config.loss))
            self.delta.set_value(config.huber_delta)
            for widget in (self.delta, self.delta_label):
                widget.setVisible(config.loss == "huber")
        finally:
            self._quiet = False
        if loss is None:
            return
        n = len(loss.data)
        source = loss.data.source or "data"
        self.data_label.setText(f"<b>{source}</b>: {n:,} points")
        self.of_label.setText(f"of {n:,}")
        kappa = loss.condition_number
        shape = ("round contours" if kappa < 1.5 else
                 "a ravine" if kappa > 100 else "stretched contours")
        self.condition.setText(f"Condition number <b>{format_condition(kappa)}</b> "
                               f"({shape})")
        names = SCALED if config.scaled else REGRESSION
        for label, axis, text in zip(self.gradient_labels, names[:2], loss.gradient_text):
            label.set_math(*gradient_latex(names, axis, text))

    def _on_scaled(self, on):
        if not self._quiet:
            self.scaling_changed.emit(bool(on))

    def _on_loss(self, *_):
        if not self._quiet:
            self.loss_changed.emit(self.loss.currentData(), self.delta.value())

    def _on_batch(self, _value):
        self.seed.setEnabled(self.batch.value() > 0)
        if not self._quiet:
            self.batch_changed.emit(self.batch.value(), self.seed.value())


def gradient_latex(names, axis, text):
    """(LaTeX, plain text) of the loss's partial derivative along ``axis`` (one of
    ``names``' two): "∂L/∂w = 2*(...)", typeset as a fraction; the LaTeX is "" (the plain
    text stays) for a spelling the typesetter does not read (the scaled feature's x')."""
    plain = f"{names.partial(axis)} = {text}"
    try:
        body = text_latex(text, LINE_CHARS)
    except ValueError:
        return "", plain
    return heads(names)[1 + names.index(axis)] + body, plain
