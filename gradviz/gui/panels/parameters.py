"""Function parameters: one slider and number field per name the engine reports."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from gradviz.gui.panels.fields import LinearScale, SliderField

# The slider covers the values worth sweeping by hand; the number field takes any finite value.
SLIDER_RANGE = (-10.0, 10.0)
SLIDER_STEP = 0.01

_EMPTY_HINT = "No parameters. Any name other than x and y (say a) gets a slider here."


class ParameterPanel(QWidget):
    """Rows of ``name  [slider] [number]``, one per function parameter.

    Signal ``parameter_changed(str name, float value)`` on user input. Each row is a
    ``SliderField`` whose objectName is the parameter's name.
    """

    parameter_changed = Signal(str, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows = {}  # name -> SliderField, in display order
        self._labels = {}  # name -> QLabel
        self._form = QFormLayout()
        self._form.setContentsMargins(0, 0, 0, 0)
        self._hint = QLabel(_EMPTY_HINT, objectName="parameters_hint")
        self._hint.setWordWrap(True)
        self._hint.setEnabled(False)  # greyed: a hint, not a value
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._hint)
        layout.addLayout(self._form)

    def names(self):
        return tuple(self._rows)

    def values(self):
        """Current values, ``{name: float}`` in display order."""
        return {name: row.value() for name, row in self._rows.items()}

    def row(self, name):
        return self._rows[name]

    def set_parameters(self, params, keep_values=True, coming=False):
        """Show one row per name in ``params`` ({name: value}), in that order, silently.

        Rows whose names vanished are removed. A row whose name stays keeps its widget
        and, with ``keep_values``, the value it shows (so retyping the function does not
        reset a slider the user moved); new rows show the value given. ``coming``: more
        rows will follow (names being typed), so the panel does not say it has none.
        """
        for name in [n for n in self._rows if n not in params]:
            self._drop(self._rows.pop(name))
            self._drop(self._labels.pop(name))
        for name, value in params.items():
            row = self._rows.get(name)
            if row is None:
                self._rows[name] = self._new_row(name, value)
                self._labels[name] = QLabel(name, objectName=f"{name}_label")
                self._labels[name].setToolTip(self._rows[name].toolTip())
            elif not keep_values:
                row.set_value(value)
        self._rows = {name: self._rows[name] for name in params}
        self._relayout(coming)

    def set_value(self, name, value):
        """Show ``value`` on the row ``name`` without emitting."""
        self._rows[name].set_value(value)

    def _new_row(self, name, value):
        row = SliderField(name, LinearScale(*SLIDER_RANGE, SLIDER_STEP), value)
        row.setToolTip(
            f"Parameter {name} of the function. The slider sweeps "
            f"{SLIDER_RANGE[0]:g} to {SLIDER_RANGE[1]:g}; type any other value in the box."
        )
        row.value_changed.connect(lambda v, n=name: self._on_row_value_changed(n, v))
        return row

    @staticmethod
    def _drop(widget):
        # Unparent at once so the panel no longer lists it; Qt frees it later.
        widget.hide()
        widget.setParent(None)
        widget.deleteLater()

    def _relayout(self, coming=False):
        # takeRow keeps the widgets alive: rows that stay are re-added, in the new order.
        while self._form.rowCount():
            self._form.takeRow(0)
        for name, row in self._rows.items():
            self._form.addRow(self._labels[name], row)
        self._hint.setVisible(not self._rows and not coming)

    def _on_row_value_changed(self, name, value):
        self.parameter_changed.emit(name, value)
