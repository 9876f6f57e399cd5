"""Linked curves: f against step and |grad f| against step, one curve per panel, a cursor at the
current step. Clicking or dragging in either plot asks to move the timeline there.

The widget computes nothing about the runs: it shows the arrays it is given. Its only arithmetic
is for display: log10 of the values in log mode (the y axes use log ticks; 0, which is at
-infinity there, is drawn as a fall off the bottom of the plot: |grad f| = 0 at a minimum), and
the y range (which a diverged run does not get to stretch: see ``curve_plot._y_limits``).
"""

from __future__ import annotations

import html
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from gradviz.engine.names import FUNCTION, Names, title_forms
from gradviz.gui import theme
from gradviz.gui.views.curve_plot import CurvePlot, finite_prefix

CURSOR_COLOR = theme.FOREGROUND   # the light theme's (style.foreground follows the theme)


class CurveSeries(NamedTuple):
    """One panel's run. values (n+1,): f at steps 0..n; grad_norms (n+1,): |grad f| there;
    diverged_at: the first step whose point or value is not finite, or None."""

    label: str
    color: str
    values: np.ndarray
    grad_norms: np.ndarray
    diverged_at: int | None


COMPACT_PX = 120
"""Below this height (px at normal type) the curves view shows the curves alone."""


CHECK_GAP = 14
"""Pixels between the legend and the log check boxes and between those: Qt's 6 px ran "log f"
into the next box in presentation type."""


class CurvesView(QWidget):
    """f and |grad f| against step, side by side.

    Signals: ``step_requested(int)`` on a left click or drag in either plot (the nearest step,
    clamped to [0, steps]); ``log_changed(str, bool)`` with key "log_f" or "log_grad" when the
    user ticks a log box (the widget has already applied it).
    """

    step_requested = Signal(int)
    log_changed = Signal(str, bool)

    KEYS = ("log_f", "log_grad")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.legend = QLabel(self)
        self.legend.setFont(theme.font(theme.LABEL_PT))
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        # its text is fitted to the width it gets (_fit_legend), never the other way round
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.checks = {key: QCheckBox(self) for key in self.KEYS}
        top = QHBoxLayout()
        top.setContentsMargins(8, 0, 8, 0)
        top.setSpacing(CHECK_GAP)
        top.addWidget(self.legend, 1)
        for key, box in self.checks.items():
            box.setFont(theme.font(theme.LABEL_PT))
            box.toggled.connect(lambda on, key=key: self._on_toggled(key, on))
            top.addWidget(box)
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.ci.layout.setContentsMargins(2, 8, 8, 2)
        self.graphics.setBackground(theme.current().background)
        self.f_plot = CurvePlot(self.graphics, 0, FUNCTION.f, self._on_x)
        self.grad_plot = CurvePlot(self.graphics, 1, FUNCTION.grad_norm, self._on_x)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.graphics, 1)
        self.compact = False   # a short dock: the curves alone (_fit_height)
        self._wanted = {"log_f": False, "log_grad": True}   # what the user or program asked
        self._f_positive = True
        self._steps = -1
        self._step = 0
        self._last_emitted: int | None = None
        self.names = None
        self.set_names(FUNCTION)
        self.set_curves([])

    def apply_style(self, style) -> None:
        """Background, axes, line widths and markers in ``style``; the data stay."""
        self.graphics.setBackground(style.background)
        self.f_plot.apply_style(style)
        self.grad_plot.apply_style(style)

    def set_names(self, names: Names) -> None:
        """What the value is called (an ``engine.names.Names``): the y axes' titles and the
        log boxes say f and |\u2207f|, or L and |\u2207L| in the regression mode."""
        names = Names(*names)
        if names == self.names:
            return
        self.names = names
        self.f_plot.set_y_label(names.f)
        self.grad_plot.set_y_label(names.grad_norm)
        self.checks["log_f"].setText(f"log {names.f}")
        self.checks["log_grad"].setText(f"log {names.grad_norm}")
        self._apply_log()   # its tooltip names the value too

    def y_labels(self) -> tuple[str, str]:
        """The two plots' y axis titles (tests)."""
        return self.f_plot.labels["left"], self.grad_plot.labels["left"]

    # --- data ----------------------------------------------------------------------------

    def set_curves(self, series: list[CurveSeries]) -> None:
        """Show these runs (replacing any shown before); the cursor stays at its step."""
        series = list(series)
        colors = [s.color for s in series]
        diverged = [s.diverged_at for s in series]
        fs = [finite_prefix(s.values, s.diverged_at) for s in series]
        gs = [finite_prefix(s.grad_norms, s.diverged_at) for s in series]
        self._steps = max((len(np.asarray(s.values).reshape(-1)) - 1 for s in series), default=-1)
        self._f_positive = all(bool((f > 0).all()) for f in fs)
        self._apply_log()
        self.f_plot.set_series(fs, colors, diverged, self._steps)
        self.grad_plot.set_series(gs, colors, diverged, self._steps)
        self._legend_series = [(s.color, s.label) for s in series]
        self._fit_legend()
        self.set_step(self._step)

    def _fit_legend(self) -> None:
        """The legend's names in full if they fit its width, else every one in a shorter
        spelling (``engine.names.title_forms``: "GD, lr 0.02", then "GD 0.02"); never cut."""
        series = getattr(self, "_legend_series", [])
        forms = [title_forms(label) for _, label in series]
        metrics = self.legend.fontMetrics()
        room = self.legend.contentsRect().width() or self.legend.width()
        depth = max((len(f) for f in forms), default=1)
        for level in range(depth):
            names = [f[min(level, len(f) - 1)] for f in forms]
            plain = "   ".join(f"\u2501\u2501 {name}" for name in names)
            if metrics.horizontalAdvance(plain) <= room:
                break
        self._legend_names = names if series else []
        text = "&nbsp;&nbsp;&nbsp;".join(
            f'<span style="color:{html.escape(color)}">\u2501\u2501</span>&nbsp;'
            f"{html.escape(name)}" for (color, _), name in zip(series, self._legend_names))
        if text != self.legend.text():
            self.legend.setText(text)
        self.legend.setToolTip("\n".join(label for _, label in series))

    def legend_names(self) -> list[str]:
        """The names the legend shows (a shorter spelling when the full ones do not fit)."""
        return list(getattr(self, "_legend_names", []))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_legend()
        self._fit_height()

    def _fit_height(self) -> None:
        """A short dock (below ``COMPACT_PX``, in the current type's scale) drops the row of
        names and log switches and the axes' "step", which took most of its height and left
        the curves ~15 px (a lesson scene with three panels presenting at 1280x720); the panel
        titles above name the colours."""
        compact = self.height() < COMPACT_PX * theme.current().font_scale
        if compact != self.compact:
            self.compact = compact
            self.legend.setVisible(not compact)
            for box in self.checks.values():
                box.setVisible(not compact)
            for plot in (self.f_plot, self.grad_plot):
                plot.set_compact(compact)

    def set_step(self, k: int) -> None:
        """Move the cursor and the dots to step k (called every animation frame)."""
        self._step = int(k)
        self.f_plot.set_step(self._step)
        self.grad_plot.set_step(self._step)

    # --- log scales ----------------------------------------------------------------------

    def set_log(self, log_f: bool | None = None, log_grad: bool | None = None) -> None:
        """Set the log scales from the program (no ``log_changed``); None leaves one as it is.

        A log f asked for while some f shown is <= 0 is remembered and applied once every f
        shown is positive again.
        """
        for key, value in (("log_f", log_f), ("log_grad", log_grad)):
            if value is not None:
                self._wanted[key] = bool(value)
        self._apply_log()

    def log_state(self) -> dict[str, bool]:
        """The scales in effect: {"log_f": bool, "log_grad": bool}."""
        return {"log_f": self.f_plot.log, "log_grad": self.grad_plot.log}

    def _apply_log(self) -> None:
        """Boxes and plots to the scales asked for, log f only while every f shown is > 0."""
        effective = {"log_f": self._wanted["log_f"] and self._f_positive,
                     "log_grad": self._wanted["log_grad"]}
        f_box = self.checks["log_f"]
        f_box.setEnabled(self._f_positive)
        f = self.names.f
        self.checks["log_grad"].setToolTip(f"Log scale for {self.names.grad_norm}: small "
                                           "gradients near a minimum stay apart")
        f_box.setToolTip(f"Log scale for {f}" if self._f_positive else
                         f"Log scale needs {f} > 0: some value of {f} shown here is zero or "
                         "negative")
        for key, box in self.checks.items():
            box.blockSignals(True)
            box.setChecked(effective[key])
            box.blockSignals(False)
        self.f_plot.set_log(effective["log_f"])
        self.grad_plot.set_log(effective["log_grad"])

    def _on_toggled(self, key: str, on: bool) -> None:
        self._wanted[key] = on
        self._apply_log()
        self.log_changed.emit(key, on)

    # --- the mouse -----------------------------------------------------------------------

    def step_at(self, x: float) -> int | None:
        """The step nearest to x, clamped to [0, steps]; None when nothing is shown."""
        if self._steps < 0 or not np.isfinite(x):
            return None
        return int(min(max(round(x), 0), self._steps))

    def _on_x(self, x: float, finished: bool) -> None:
        k = self.step_at(x)
        if k is not None and k != self._last_emitted:
            self.step_requested.emit(k)
        self._last_emitted = None if finished else k

    # --- read-back (tests, accessibility) ------------------------------------------------

    def cursor_step(self) -> int:
        """Where the cursor is drawn (both plots agree)."""
        return int(round(self.f_plot.cursor.value()))

    def steps(self) -> int:
        """The last step of the longest run shown; -1 when nothing is shown."""
        return self._steps
