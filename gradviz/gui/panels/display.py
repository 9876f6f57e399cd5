"""Display options for the landscapes: which layers show, and how."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QSpinBox, QWidget

from gradviz.gui.panels.fields import hand_keys_back_on_enter

# Every option, its default, and the values it takes. Keys are the objectNames.
DEFAULTS = {
    "contours": True,  # bool
    "arrows": True,  # bool
    "arrow_density": 25,  # int, arrows along each axis (field.arrow_segments(density=))
    "normalise": False,  # bool, all arrows one length (field.arrow_segments(normalise=))
    "scale": "auto",  # "auto" | "log" | "linear" (field.contour_levels(scale=)), colours too
    "minima": True,  # bool, markers on the known minima
    "grad_arrow": True,  # bool, at the current point: grad f, the steepest way up
    "step_arrow": True,  # bool, at the current point: the step the optimizer takes
    "momentum_arrow": True,  # bool, at the current point: the momentum (b or Adam's m)
}
DENSITY_RANGE = (5, 60)
SCALES = (("auto", "Colour scale: auto"), ("log", "Colour scale: log"),
          ("linear", "Colour scale: linear"))


class DisplayOptions(QWidget):
    """Check boxes, an arrow-density box and a colour-scale combo, named as in ``DEFAULTS``.

    Signal ``option_changed(str key, object value)`` on user input only.
    """

    option_changed = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._widgets = {
            "contours": self._check("contours", "Contours", "Lines of equal f"),
            "arrows": self._check("arrows", "Arrows", "Arrows along -grad f: the way down"),
            "normalise": self._check(
                "normalise", "Same length", "Draw every arrow the same length, to see "
                "directions where the gradient is tiny"),
            "minima": self._check("minima", "Minima", "Mark the known minima"),
            "grad_arrow": self._check(
                "grad_arrow", "∇f", "At the current point: the gradient, the direction of "
                "steepest ascent (drawn at a fixed length)"),
            "step_arrow": self._check(
                "step_arrow", "Step", "At the current point: the step the optimizer takes "
                "next, at its true length"),
            "momentum_arrow": self._check(
                "momentum_arrow", "Momentum", "At the current point: the momentum buffer "
                "(Adam: the first moment m), drawn at a fixed length"),
            "arrow_density": self._density(),
            "scale": self._scale(),
        }
        self.set_options(DEFAULTS)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._pair("contours", "minima"))
        form.addRow(self._pair("arrows", "normalise"))
        form.addRow("arrow density", self._widgets["arrow_density"])
        form.addRow(self._widgets["scale"])
        point = QHBoxLayout()
        for key in ("grad_arrow", "step_arrow", "momentum_arrow"):
            point.addWidget(self._widgets[key])
        point.addStretch(1)
        form.addRow("at the point", point)

    def options(self):
        return {key: self._get(key) for key in DEFAULTS}

    def set_options(self, options):
        """Show the given options (any subset of ``DEFAULTS``' keys), silently."""
        unknown = set(options) - set(DEFAULTS)
        if unknown:
            raise KeyError(f"unknown display options: {sorted(unknown)}")
        for key, value in options.items():
            widget = self._widgets[key]
            widget.blockSignals(True)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            else:
                widget.setCurrentIndex(widget.findData(value))
            widget.blockSignals(False)
        self._widgets["normalise"].setEnabled(self._get("arrows"))
        self._widgets["arrow_density"].setEnabled(self._get("arrows"))

    def _get(self, key):
        widget = self._widgets[key]
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QSpinBox):
            return widget.value()
        return widget.currentData()

    def _check(self, key, text, tip):
        box = QCheckBox(text, objectName=key)
        box.setToolTip(tip)
        box.toggled.connect(lambda on: self._on_widget_changed(key, on))
        return box

    def _density(self):
        box = QSpinBox(objectName="arrow_density")
        box.setRange(*DENSITY_RANGE)
        box.setKeyboardTracking(False)
        hand_keys_back_on_enter(box)
        box.setFixedWidth(box.fontMetrics().horizontalAdvance("000") + 48)
        box.setToolTip("Arrows along each axis")
        box.valueChanged.connect(lambda n: self._on_widget_changed("arrow_density", n))
        return box

    def _scale(self):
        combo = QComboBox(objectName="scale")
        for value, text in SCALES:
            combo.addItem(text, value)
        combo.setToolTip("Colours and contours on a log scale show detail near a minimum when "
                         "f spans many orders of magnitude; auto picks per function")
        combo.currentIndexChanged.connect(
            lambda i: self._on_widget_changed("scale", combo.itemData(i)))
        return combo

    def set_names(self, names):
        """Say the value's name (an ``engine.names.Names``): "∇L" beside the gradient arrow's
        box and L in the tooltips in the regression mode, ∇f and f otherwise."""
        f = names.f
        self._widgets["grad_arrow"].setText(f"\u2207{f}")
        self._widgets["contours"].setToolTip(f"Lines of equal {f}")
        self._widgets["arrows"].setToolTip(f"Arrows along -grad {f}: the way down")

    def _pair(self, left, right):
        row = QHBoxLayout()
        row.addWidget(self._widgets[left], 1)
        row.addWidget(self._widgets[right], 1)
        return row

    def _on_widget_changed(self, key, value):
        if key == "arrows":
            self._widgets["normalise"].setEnabled(value)
            self._widgets["arrow_density"].setEnabled(value)
        self.option_changed.emit(key, value)
