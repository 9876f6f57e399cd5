"""A panel's learning-rate schedule: which schedule, its parameters, and a small plot of the lr
against step with the current step marked.

The plot shows the rates the run actually used (``Trajectory.lrs``, handed over by the window),
so it never disagrees with the run; the widget computes nothing. A schedule chosen here starts
from parameters that fit the run's length (``engine.schedules.suggested_params``).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from gradviz.engine.schedules import SCHEDULES, suggested_params
from gradviz.gui import theme
from gradviz.gui.panels.fields import NumberField
from gradviz.gui.views.markers import Marker, StepCursor, attach
from gradviz.gui.views.pixels import RatioCurve
from gradviz.gui.views.plot_parts import set_tick_font

PLOT_HEIGHT = 120
TICK_PT = 10
TICKS = 4
"""About this many labelled steps on the x axis, the last step always one of them."""

HELP = {
    "schedule": "How the learning rate changes from step to step. Constant: lr throughout. "
    "Step: multiplied by gamma every step_size steps. Exponential: multiplied by gamma every "
    "step. Cosine: from lr down to eta_min along half a cosine over T_max steps. Warm-up + "
    "cosine: a linear ramp from start_factor x lr up to lr over warmup steps, then cosine.",
    "step_size": "Steps between two decays (StepLR)",
    "gamma": "Factor applied at each decay (StepLR, ExponentialLR)",
    "T_max": "Steps the cosine takes to go from lr down to eta_min",
    "eta_min": "The smallest learning rate, reached at T_max",
    "warmup": "Steps of the linear warm-up",
    "start_factor": "The warm-up starts at start_factor x lr",
}
RANGES = {"step_size": (1, 1e6), "gamma": (1e-12, 1e3), "T_max": (1, 1e6),
          "eta_min": (0, 1e6), "warmup": (0, 1e6), "start_factor": (0, 1)}


class ScheduleSettings(QWidget):
    """Schedule combo (objectName "schedule"), one field per parameter (named after it) and
    the plot (``plot``, shown for any schedule but the constant one).

    Signal ``schedule_changed(str name, dict params)`` on user changes, params complete.
    """

    schedule_changed = Signal(str, dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._name, self._params, self._steps = "constant", {}, 1000
        self._lrs = None
        self.combo = QComboBox(objectName="schedule")
        for key, schedule in SCHEDULES.items():
            self.combo.addItem(schedule.label, key)
        self.combo.setToolTip(HELP["schedule"])
        self._form = QFormLayout()
        self._form.setContentsMargins(0, 0, 0, 0)
        # labels as wide as the optimizer settings' above, so the fields line up
        self._label_room = self.fontMetrics().horizontalAdvance("weight_decay") + 4
        label = QLabel("lr schedule")
        label.setToolTip(HELP["schedule"])
        label.setMinimumWidth(self._label_room)
        self._form.addRow(label, self.combo)
        self.plot = pg.PlotWidget(objectName="schedule_plot", enableMenu=False)
        self._setup_plot()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._form)
        layout.addWidget(self.plot)
        self.combo.currentIndexChanged.connect(self._on_combo_changed)
        self._rebuild()

    def _setup_plot(self):
        p = self.plot
        p.setFixedHeight(PLOT_HEIGHT)
        p.setBackground(theme.BACKGROUND)
        item = p.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        p.setMouseEnabled(False, False)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            set_tick_font(axis, theme.font(TICK_PT))
            axis.setPen(theme.FOREGROUND)
            axis.setTextPen(theme.FOREGROUND)
        item.getAxis("left").setWidth(48)
        # the last step's label sits on the right edge: let it reach past the axis (into the
        # layout's right margin, sized for it in set_curve) rather than be hidden
        item.getAxis("bottom").setStyle(hideOverlappingLabels=40)
        item.setLabel("bottom", "step", **{"font-size": f"{TICK_PT}pt"})
        item.setLabel("left", "lr", **{"font-size": f"{TICK_PT}pt"})
        item.getAxis("left").enableAutoSIPrefix(False)   # "0.08", not "80 (x0.001)"
        item.layout.setContentsMargins(0, 6, 16, 0)   # room for the last step's tick label
        self.curve = RatioCurve(pen=pg.mkPen(theme.FOREGROUND, width=2))   # as thick at 2x
        item.addItem(self.curve)
        # the cursor and the marker move every frame: plain Qt items (views/markers.py)
        self.cursor = StepCursor(item.getViewBox(), pg.mkPen("#888888", width=1))
        self.marker = Marker(size=10, pen=pg.mkPen(theme.MARKER_OUTLINE, width=1.5),
                             brush=pg.mkBrush(theme.PANEL_COLORS[0]))
        attach(item, self.marker)
        p.setVisible(False)
        self.apply_style(theme.current())

    def apply_style(self, style):
        """The plot's background, axes and curve in ``style`` (a ``theme.Style``)."""
        item = self.plot.getPlotItem()
        self.plot.setBackground(style.background)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            set_tick_font(axis, theme.font(TICK_PT))
            axis.setPen(style.foreground)
            axis.setTextPen(style.foreground)
        for name, text in (("bottom", "step"), ("left", "lr")):
            item.setLabel(name, text, **{"font-size": f"{style.pt(TICK_PT):g}pt",
                                         "color": style.foreground})
        self.curve.setPen(pg.mkPen(style.foreground, width=2))
        item.getAxis("left").setWidth(round(48 * style.font_scale))   # tick labels + "lr"
        if self._lrs is not None:   # the last step's label, at the new size
            self._show_step_ticks(max(self._lrs.size, 1))

    # --- state in -------------------------------------------------------------------------

    def name(self):
        return self._name

    def params(self):
        return dict(self._params)

    def set_color(self, color):
        """The panel's colour for the current-step marker."""
        self.marker.setBrush(pg.mkBrush(color))

    def set_steps(self, steps):
        """The run's length, for the parameters offered when a schedule is chosen."""
        self._steps = int(steps)

    def set_schedule(self, name, params):
        """Show schedule ``name`` with ``params`` (missing keys: the schedule's defaults)."""
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(name))
        self.combo.blockSignals(False)
        changed = name != self._name
        self._name = name
        self._params = {**SCHEDULES[name].defaults, **params}
        if changed or any(self._field(k) is None for k in self._params):
            self._rebuild()
        else:
            for key, value in self._params.items():
                self._field(key).set_value(value)

    def set_curve(self, lrs):
        """The lr of updates 1..steps, ``(steps,)``, or None (constant: no plot)."""
        self._lrs = None if lrs is None else np.asarray(lrs, dtype=float)
        self.plot.setVisible(self._lrs is not None and self._name != "constant")
        if self._lrs is None:
            self.curve.setData([], [])
            return
        steps = np.arange(1, self._lrs.size + 1)
        self.curve.setData(steps, self._lrs)
        top = float(np.nanmax(self._lrs)) if self._lrs.size else 1.0
        top = top if math.isfinite(top) and top > 0 else 1.0
        last = max(self._lrs.size, 1)
        self.plot.setRange(xRange=(0, last), yRange=(0, top * 1.08), padding=0)
        self._show_step_ticks(last)

    def _show_step_ticks(self, last):
        """Ticks at round steps and at ``last`` (the run's last update), with room on the right
        for the last one's label."""
        item = self.plot.getPlotItem()
        item.getAxis("bottom").setTicks([[(v, f"{v:g}") for v in step_ticks(last)], []])
        half = QFontMetrics(theme.font(TICK_PT)).horizontalAdvance(f"{last:g}") // 2
        item.layout.setContentsMargins(0, 6, max(16, half + 4), 0)

    def set_step(self, k):
        """Mark step ``k``: the lr of the update leaving it (the last update at the end)."""
        if self._lrs is None or not self._lrs.size or self.plot.isHidden():
            return
        j = min(max(int(k), 0), self._lrs.size - 1)
        self.cursor.setValue(j + 1)
        self.marker.set_point(float(j + 1), float(self._lrs[j]))

    def marker_position(self):
        """(update, lr) where the marker is, for tests."""
        x, y = self.marker.getData()
        return (float(x[0]), float(y[0])) if len(x) else None

    # --- building ---------------------------------------------------------------------------

    def _field(self, key):
        return self.findChild(NumberField, key)

    def _rebuild(self):
        while self._form.rowCount() > 1:
            self._form.removeRow(1)
        for key, value in self._params.items():
            field = NumberField(value, *RANGES.get(key, (-math.inf, math.inf)))
            field.setObjectName(key)
            field.setToolTip(HELP.get(key, key))
            field.value_changed.connect(lambda v, k=key: self._on_field_changed(k, v))
            label = QLabel(key, objectName=f"{key}_label")
            label.setToolTip(HELP.get(key, key))
            label.setMinimumWidth(self._label_room)
            self._form.addRow(label, field)
        if self._name == "constant":
            self.plot.setVisible(False)

    # --- user input -------------------------------------------------------------------------

    def _on_combo_changed(self, index):
        self._name = self.combo.itemData(index)
        self._params = suggested_params(self._name, self._steps)
        self._rebuild()
        self.schedule_changed.emit(self._name, self.params())

    def _on_field_changed(self, key, value):
        self._params[key] = value
        self.schedule_changed.emit(self._name, self.params())


def step_ticks(last: int, count: int = TICKS) -> list[int]:
    """Steps to label on an axis from 0 to ``last``: multiples of a round spacing (1, 2, 2.5
    or 5 times a power of ten, at most ``count`` ticks), the last of them dropped when it would
    crowd ``last``, then ``last`` itself. E.g. 200 -> [50, 100, 150, 200]; 120 -> [50, 120]."""
    last = max(int(last), 1)
    raw = last / count
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    steps = (1, 2, 2.5, 5, 10) if power >= 10 else (1, 2, 5, 10)   # 25, 250: whole steps
    spacing = int(next(m * power for m in steps if m * power >= raw))
    ticks = list(range(spacing, last, spacing))
    if ticks and last - ticks[-1] < 0.6 * spacing:
        ticks.pop()       # its label would touch the last one's
    return ticks + [last]

