"""Optimizer settings: which optimizer, and every hyperparameter under PyTorch's name.

The fields are built from ``OPTIMIZERS[name].defaults``, with the ranges of its ``limits``
(a log slider where ``log``), so a hyperparameter the engine adds shows up here without a
change. Switching optimizer resets the hyperparameters to
the new optimizer's defaults, except ``lr``: a learning rate the user chose (one that
differs from the old optimizer's default) carries over, since it was picked for the
function on screen; an untouched default gives way to the new optimizer's own default,
because good step sizes differ by orders of magnitude between, say, SGD and Adam. An lr
never carries into or out of an optimizer that looks around its points (Newton, the line
search: ``Optimizer.look``): there "lr" is a damping or a first trial step, 1 by default,
not a step size (a carried 0.01 would make Newton crawl at a hundredth of its step).
"""

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QWidget,
)

from gradviz.engine.optimizers import OPTIMIZERS
from gradviz.gui.panels.fields import LogScale, NumberField, SliderField

# Plain-words help, shown as each field's tooltip.
HELP = {
    "lr": "Learning rate: how far each step goes. Too small crawls; too large overshoots "
    "or blows up.",
    "momentum": "Share of the previous step carried into the next one (0 = none, 0.9 = a "
    "heavy ball that rolls through small bumps).",
    "dampening": "Share of each new gradient held back from the momentum (0 = none).",
    "nesterov": "Nesterov momentum: look ahead along the momentum before taking the gradient "
    "(needs momentum > 0 and dampening 0).",
    "betas": "How slowly the running averages forget: the first for the gradient (its "
    "direction), the second for its square (its size). Closer to 1 = longer memory.",
    "eps": "A tiny number added before dividing, so a near-zero gradient never divides by "
    "zero. Larger values make the method behave more like plain gradient descent.",
    "weight_decay": "Pulls the point toward (0, 0) a little every step (an L2 penalty on "
    "x and y).",
    "alpha": "How slowly RMSprop's running average of squared gradients forgets (closer to "
    "1 = longer memory).",
    "centered": "Divide by the gradient's estimated variance instead of its raw mean square.",
    "lr_decay": "The learning rate shrinks over time as lr / (1 + step * lr_decay).",
    "initial_accumulator_value": "Starting value of Adagrad's running sum of squared "
    "gradients (larger = smaller first steps).",
    "amsgrad": "AMSGrad: divide by the largest squared-gradient average seen so far, so a "
    "step size never grows back.",
    "maximize": "Climb the function instead of descending it.",
    "min_curvature": "Newton: curvatures (|eigenvalues| of the Hessian) below this are raised "
    "to it, so a flat direction takes a gradient step instead of a huge jump.",
    "shrink": "Line search: each rejected trial step is multiplied by this (0.5 = halved).",
    "sigma": "Line search: a trial passes when f drops by at least sigma times the step "
    "size times |grad f|^2 (Armijo's sufficient decrease).",
    "max_trials": "Line search: trial steps tried at most per update.",
}

class OptimizerSettings(QWidget):
    """Optimizer combo (objectName "optimizer") and one field per hyperparameter, each
    named after it ("lr", "momentum", "betas" with parts "betas_0", "betas_1", ...).

    Signal ``settings_changed(str name, dict hyper)`` on any user change, with the full
    hyperparameter dict (every key of the optimizer's defaults).
    """

    settings_changed = Signal(str, dict)

    def __init__(self, name="gd", parent=None):
        super().__init__(parent)
        self.combo = QComboBox(objectName="optimizer")
        self.combo.setToolTip("The optimization method this panel runs")
        for key, optimizer in OPTIMIZERS.items():
            self.combo.addItem(optimizer.label, key)
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._form.addRow(QLabel("optimizer"), self.combo)
        self._label_room = self.fontMetrics().horizontalAdvance("weight_decay") + 4
        self._name = name
        self._hyper = {}
        self._limit = (None, "")   # set_lr_limit
        self.limit_words = QLabel(objectName="lr_limit")   # under the lr, when there is one
        self.limit_words.setWordWrap(True)
        self.limit_words.hide()
        self.set_settings(name, {})
        self.combo.currentIndexChanged.connect(self._on_combo_current_index_changed)

    def name(self):
        return self._name

    def set_lr_limit(self, limit, words="") -> None:
        """Mark ``limit`` (2/λmax at the minimum: gradient descent's largest stable lr) on the
        lr slider and say ``words`` under it ("lr 0.11 is above 2/λmax = 0.1: ..."); None and
        "": neither. Kept across a change of optimizer (the fields are rebuilt)."""
        self._limit = (limit, words)
        field = self.findChild(SliderField, "lr")
        if field is not None:
            field.set_mark(limit, f"2/λmax = {limit:.3g}: the largest lr with which gradient "
                           "descent settles at the minimum" if limit is not None else "")
        self.limit_words.setText(words)
        self.limit_words.setVisible(bool(words) and field is not None)

    def hyper(self):
        return dict(self._hyper)

    def set_settings(self, name, hyper):
        """Show optimizer ``name`` with ``hyper`` (missing keys take the defaults), silently.
        Nothing happens when that is what it shows: the fields are not rebuilt under the
        user's hand while a slider is dragged (each move comes back as the session)."""
        if name == self._name and {**OPTIMIZERS[name].defaults, **hyper} == self._hyper:
            return
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(name))
        self.combo.blockSignals(False)
        self._name = name
        self._hyper = {**OPTIMIZERS[name].defaults, **hyper}
        self._rebuild()

    # building

    def _rebuild(self):
        if self._form.indexOf(self.limit_words) >= 0:
            self._form.takeRow(self.limit_words)   # kept: it is placed again under the lr
        while self._form.rowCount() > 1:
            self._form.removeRow(1)  # deletes the row's widgets
        for key, value in self._hyper.items():
            widget = self._field_for(key, value)
            if widget is None:
                continue  # not editable here (None, text): kept in hyper unchanged
            widget.setToolTip(HELP.get(key, key))
            label = QLabel(key, objectName=f"{key}_label")
            label.setToolTip(HELP.get(key, key))
            if label.sizeHint().width() > self._label_room:
                # A long name (initial_accumulator_value) gets a line of its own rather
                # than pushing every field out of a narrow column.
                self._form.addRow(label)
                self._form.addRow("", widget)
            else:
                self._form.addRow(label, widget)
            if key == "lr":
                self._form.addRow(self.limit_words)
        self.set_lr_limit(*self._limit)

    def _range(self, key):
        limits = OPTIMIZERS[self._name].limits.get(key)
        return (-math.inf, math.inf) if limits is None else limits.field

    def _field_for(self, key, value):
        limits = OPTIMIZERS[self._name].limits.get(key)
        if limits is not None and limits.log and not isinstance(value, (bool, tuple)):
            field = SliderField(key, LogScale(*limits.field), value, *limits.field)
            field.value_changed.connect(lambda v, k=key: self._on_field_changed(k, v))
            return field
        if isinstance(value, bool):
            box = QCheckBox(objectName=key)
            box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            box.setChecked(value)
            box.toggled.connect(lambda on, k=key: self._on_field_changed(k, on))
            return box
        if isinstance(value, (int, float)):
            field = NumberField(value, *self._range(key))
            field.setObjectName(key)
            field.value_changed.connect(lambda v, k=key: self._on_field_changed(k, v))
            return field
        if isinstance(value, tuple) and all(isinstance(v, (int, float)) for v in value):
            return self._tuple_field(key, value)
        return None

    def _tuple_field(self, key, values):
        box = QWidget(objectName=key)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for i, value in enumerate(values):
            field = NumberField(value, *self._range(key))
            field.setObjectName(f"{key}_{i}")
            field.value_changed.connect(lambda v, k=key, j=i: self._on_part_changed(k, j, v))
            layout.addWidget(field)
        layout.addStretch(1)
        return box

    # handlers

    def _on_combo_current_index_changed(self, index):
        old_default_lr = OPTIMIZERS[self._name].defaults.get("lr")
        lr = self._hyper.get("lr")
        name = self.combo.itemData(index)
        carried = {"lr": lr} if lr is not None and lr != old_default_lr else {}
        if "lr" not in OPTIMIZERS[name].defaults or _looks(name) or _looks(self._name):
            carried = {}
        self.set_settings(name, carried)
        self.settings_changed.emit(self._name, self.hyper())

    def _on_field_changed(self, key, value):
        self._hyper[key] = value
        self.settings_changed.emit(self._name, self.hyper())

    def _on_part_changed(self, key, index, value):
        parts = list(self._hyper[key])
        parts[index] = value
        self._on_field_changed(key, tuple(parts))


def _looks(name) -> bool:
    """True for an optimizer whose "lr" is not a plain step size (see the module)."""
    return OPTIMIZERS[name].look is not None
