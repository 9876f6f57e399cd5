"""The control column on the left of the main window: the panels, in titled sections."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from gradviz.gui import theme
from gradviz.gui.panels.display import DisplayOptions
from gradviz.gui.panels.expression import ExpressionEditor
from gradviz.gui.panels.noise import NoiseSettings
from gradviz.gui.panels.optimizer import OptimizerSettings
from gradviz.gui.panels.parameters import ParameterPanel
from gradviz.gui.panels.regression import ModeSwitch, RegressionSettings
from gradviz.gui.panels.run import RunSettings
from gradviz.gui.panels.schedule import ScheduleSettings
from gradviz.gui.panels.tune import TuneBox

COLUMN_WIDTH = 360
MAX_PANELS = 4


def _heading(text, color=None):
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    if color:
        label.setStyleSheet(f"border-left: 6px solid {color}; padding-left: 6px;")
    return label


def _rule():
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class ControlColumn(QScrollArea):
    """All the settings, top to bottom: function, parameters, run, one section per comparison
    panel (1 to 4, ``set_panel_count``), an "Add panel" button, display. Scrolls when the window
    is short; ``COLUMN_WIDTH`` wide (the style's ``column_width``).

    ``set_compact(True)`` (presentation mode) keeps only what a talk needs, the function with
    its presets and parameters, under a button that shows the other settings again.

    Signals: ``panel_settings_changed(index, name, hyper)`` from any panel's optimizer settings,
    ``panel_schedule_changed(index, name, params)``, ``tune_requested(index)``,
    ``tune_cancel_requested(index)``, ``add_panel_requested()``; ``noise.noise_changed``.
    """

    panel_settings_changed = Signal(int, str, dict)
    panel_schedule_changed = Signal(int, str, dict)
    tune_requested = Signal(int)
    tune_cancel_requested = Signal(int)
    add_panel_requested = Signal()

    def __init__(self, panel_count, parent=None):
        super().__init__(parent)
        self.editor = ExpressionEditor()
        self.parameters = ParameterPanel()
        self.run_settings = RunSettings()
        self.noise = NoiseSettings()
        self.optimizers = []
        self.schedules = []
        self.tuners = []
        self._names = None   # the value's names (engine.names.Names), for new panels' tuners
        self.panel_headings = []
        self._sections = []   # (rule, heading, settings) per panel
        self.display = DisplayOptions()
        self.mode_switch = ModeSwitch()
        self.regression = RegressionSettings()
        self.add_button = QPushButton("+  Add a comparison panel", objectName="add_panel")
        self.add_button.setToolTip("Compare up to four optimizers side by side (Ctrl+Shift+N)")
        self.add_button.clicked.connect(self.add_panel_requested)
        body = QWidget(objectName="control_column")
        self._layout = layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self.mode_switch)
        self._function_widgets = (_heading("f(x, y) ="), self.editor, self.parameters)
        self._regression_widgets = (_heading("Fit a line y = w\u00b7x + b"), self.regression)
        for widget in self._function_widgets + self._regression_widgets:
            layout.addWidget(widget)
        self.set_mode("function")
        self._talk = (self.mode_switch,) + self._function_widgets + self._regression_widgets
        self.more_button = QPushButton("\u25be  All settings", objectName="all_settings")
        self.more_button.setCheckable(True)
        self.more_button.setToolTip("Show the run, panel and display settings")
        self.more_button.toggled.connect(self._on_more_toggled)
        self.more_button.hide()
        layout.addWidget(self.more_button)
        self._compact = None    # while compact: {widget: visible before}
        layout.addWidget(_rule())
        layout.addWidget(_heading("Run"))
        layout.addWidget(self.run_settings)
        noise_label = QLabel("gradient noise, every panel:")
        noise_label.setToolTip(self.noise.std.toolTip())
        layout.addWidget(noise_label)
        layout.addWidget(self.noise)
        self._panels_at = layout.count()
        layout.addWidget(self.add_button)
        layout.addWidget(_rule())
        layout.addWidget(_heading("Display"))
        layout.addWidget(self.display)
        layout.addStretch(1)
        self.set_panel_count(panel_count)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFixedWidth(COLUMN_WIDTH)

    def set_mode(self, mode):
        """The function editor and parameters, or the regression settings."""
        self.mode_switch.set_mode(mode)
        for widget in self._function_widgets:
            widget.setVisible(mode == "function")
        for widget in self._regression_widgets:
            widget.setVisible(mode == "regression")

    def apply_style(self, style) -> None:
        """The column's width for ``style`` (presentation mode: wider, for the larger font,
        but at most 28% of the screen, so the landscapes keep the room on a 1280 px projector)."""
        width = style.column_width
        if style.presentation and self.screen() is not None:
            width = max(COLUMN_WIDTH, min(width, int(0.28 * self.screen().geometry().width())))
        self.setFixedWidth(width)
        for part in self.schedules + self.tuners + [self.regression]:
            part.apply_style(style)

    # --- presentation mode -------------------------------------------------------------

    def details(self) -> list[QWidget]:
        """The widgets a talk can do without (all but the function, presets and parameters)."""
        items = (self._layout.itemAt(i).widget() for i in range(self._layout.count()))
        return [w for w in items if w is not None and w not in self._talk
                and w is not self.more_button]

    def set_compact(self, on: bool) -> None:
        """Hide (True) or show again exactly as before (False) the details, with the
        "All settings" button in their place."""
        if bool(on) == self.is_compact():
            return
        if on:
            self._compact = {w: not w.isHidden() for w in self.details()}
            self.more_button.setChecked(False)
            self.more_button.show()
            for widget in self._compact:
                widget.hide()
        else:
            before, self._compact = self._compact, None
            self.more_button.hide()
            for widget, visible in before.items():
                widget.setVisible(visible)

    def is_compact(self) -> bool:
        return self._compact is not None

    def _on_more_toggled(self, shown: bool) -> None:
        if self._compact is None:
            return
        self.more_button.setText(("\u25b4  Fewer settings" if shown else
                                  "\u25be  All settings"))
        for widget, visible in self._compact.items():
            widget.setVisible(visible and shown)

    def set_names(self, names):
        """Say the value's name (f, or L in the regression mode) where the column speaks of it:
        the Display box and the tune buttons' tooltips."""
        self._names = names
        self.display.set_names(names)
        for tuner in self.tuners:
            tuner.set_names(names)

    def set_panel_count(self, count):
        """One section per panel, titled "Panel 1".. in the panel's colour: optimizer settings,
        lr schedule with its plot, the tune button."""
        while len(self._sections) > count:
            for widget in self._sections.pop():
                self._layout.removeWidget(widget)
                if self._compact is not None:
                    self._compact.pop(widget, None)
                widget.deleteLater()
            self.optimizers.pop()
            self.schedules.pop()
            self.tuners.pop()
            self.panel_headings.pop()
        while len(self._sections) < count:
            index = len(self._sections)
            settings = OptimizerSettings()
            settings.settings_changed.connect(
                lambda name, hyper, i=index: self.panel_settings_changed.emit(i, name, hyper))
            schedule = ScheduleSettings()
            schedule.set_color(theme.panel_color(index))
            schedule.schedule_changed.connect(
                lambda name, params, i=index: self.panel_schedule_changed.emit(i, name, params))
            tuner = TuneBox()
            if self._names is not None:
                tuner.set_names(self._names)
            tuner.tune_requested.connect(lambda i=index: self.tune_requested.emit(i))
            tuner.cancel_requested.connect(lambda i=index: self.tune_cancel_requested.emit(i))
            heading = _heading(f"Panel {index + 1}", theme.panel_color(index))
            section = (_rule(), heading, settings, schedule, tuner)
            at = self._panels_at + sum(len(s) for s in self._sections)
            for offset, widget in enumerate(section):
                self._layout.insertWidget(at + offset, widget)
                if self._compact is not None:   # presentation mode: folded like the rest
                    self._compact[widget] = True
                    widget.setVisible(self.more_button.isChecked())
            self._sections.append(section)
            self.optimizers.append(settings)
            self.schedules.append(schedule)
            self.tuners.append(tuner)
            self.panel_headings.append(heading)
        self.add_button.setEnabled(count < MAX_PANELS)
