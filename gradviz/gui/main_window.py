"""The main window: the landscape panels and the playback bar in the middle, docks around them
(controls on the left, the inspector on the right, curves and slices below), all wired to the
controller. No maths here: every number comes from the controller, which asks the engine.
"""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QDockWidget, QMainWindow, QMessageBox, QStackedWidget,
                               QVBoxLayout, QWidget)

from gradviz import __version__
from gradviz.gui.appearance import Appearance
from gradviz.gui.control_column import ControlColumn
from gradviz.gui.dock import Dock
from gradviz.gui.menus import build_menus
from gradviz.gui.panel_grid import PanelGrid
from gradviz.gui.panels.display import DEFAULTS as DISPLAY_PANEL_KEYS
from gradviz.gui.panels.inspector import Inspector
from gradviz.gui.panels.playback import PlaybackBar
from gradviz.gui.presentation import Presentation
from gradviz.gui.screen_scale import ScaleWatcher
from gradviz.gui.views.curves import CurvesView
from gradviz.gui.tune_worker import Tuner
from gradviz.gui.views.slices import SlicesView
from gradviz.gui.views.surface3d import SurfacePage
from gradviz.gui.window_sync import WindowSync

LAYER_KEYS = ("contours", "arrows", "minima")
ROOMY_WIDTH = 1500  # narrower windows open with the inspector and slices docks closed
USABLE_SIDE = 150   # four landscapes smaller than this (px) get the bottom docks' room
ARROW_KEYS = {"grad_arrow": "grad", "step_arrow": "step", "momentum_arrow": "momentum"}


class MainWindow(QMainWindow):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        count = len(controller.session.panels)
        self.controls = ControlColumn(count)
        self.panels = PanelGrid(count)
        self.playback = PlaybackBar()
        self.inspector = Inspector()
        self.curves = CurvesView()
        self.slices = SlicesView()
        self.sync = WindowSync(self)
        self.tuner = Tuner(self)
        self.surface_page = SurfacePage()   # the 3D view, in place of the panels (View menu)
        self.docks = {}
        self._domain = None
        self._session_text = None   # the function text the editor last took from the session
        self._panel_count = 0       # panels last shown: room is made when four arrive
        self._build_layout()
        self.appearance = Appearance(self)        # theme and size; QSettings from run_app
        self.presentation = Presentation(self)    # F11
        self.actions_by_name = build_menus(self)
        self._fill_presets()
        self._connect()
        from gradviz.gui.regression_window import RegressionWindow  # the regression mode

        self.regression = RegressionWindow(self)

        from gradviz.gui.surface_sync import SurfaceSync

        self.surface_sync = SurfaceSync(self, self.surface_page, self.center)
        self.scale_watcher = ScaleWatcher(self)   # docks kept on a screen of another scale
        self.setWindowTitle("gradviz")
        self.statusBar().showMessage("Type a function, or pick one from the presets menu.")

    def showEvent(self, event):
        super().showEvent(event)
        if not getattr(self, "_shown_once", False):
            self._shown_once = True
            self.resizeDocks([self.docks["curves"]], [max(150, int(0.22 * self.height()))],
                             Qt.Orientation.Vertical)
            if self.width() < ROOMY_WIDTH:   # keep the landscapes large on a small screen
                self.docks["inspector"].hide()
                self.docks["slices"].hide()
                self.statusBar().showMessage(
                    "More room: the inspector (Ctrl+2) and the slices (Ctrl+4) are in the "
                    "View menu.", 15_000)

    @property
    def views(self):
        """The landscape views, one per panel (in overlay mode only the first is shown)."""
        return self.panels.views

    def panels_widget(self):
        """The widget holding the landscape panels (what a picture of the comparison shows)."""
        return self.panels

    # --- composition ---------------------------------------------------------------------------

    def _build_layout(self):
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 6, 4, 4)
        self.center = QStackedWidget(objectName="center")   # the panels or the 3D view
        self.center.addWidget(self.panels)
        self.center.addWidget(self.surface_page)
        layout.addWidget(self.center, 1)
        layout.addWidget(self.playback)
        self.setCentralWidget(central)
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.BottomDockWidgetArea)
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self._dock("controls", "Controls", self.controls, left)
        self._dock("inspector", "Inspector", self.inspector, right)
        self._dock("curves", "f and |\u2207f| by step", self.curves, bottom)
        self._dock("slices", "Slices through the probe", self.slices, bottom)
        self.splitDockWidget(self.docks["curves"], self.docks["slices"], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["inspector"]], [430], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["curves"]], [230], Qt.Orientation.Vertical)

    def _dock(self, name, title, widget, area):
        dock = Dock(title, self, objectName=f"dock_{name}")   # title in its font (dock.py)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.docks[name] = dock
        return dock

    def _fill_presets(self):
        from gradviz.engine.presets import PRESETS

        from gradviz.gui.regression_control import REGRESSION_PRESET

        self.controls.editor.set_presets(
            [(key, p.name, p.description) for key, p in PRESETS.items()]
            + [(REGRESSION_PRESET, "House prices (regression)",
                "The loss of a real model: a line fitted to 30 houses, over w and b")])

    def _connect(self):
        c, controls, sync = self.controller, self.controls, self.sync
        controls.editor.text_edited.connect(c.edit_text)
        controls.editor.preset_requested.connect(c.choose_preset)
        controls.parameters.parameter_changed.connect(c.set_parameter)
        controls.run_settings.steps_changed.connect(c.set_steps)
        controls.run_settings.start_changed.connect(c.set_start)
        controls.display.option_changed.connect(self.set_display_option)
        controls.panel_settings_changed.connect(c.set_panel)
        controls.panel_schedule_changed.connect(c.set_schedule)
        controls.noise.noise_changed.connect(c.set_noise)
        controls.tune_requested.connect(self.tuner.start)
        controls.tune_cancel_requested.connect(self.tuner.cancel)
        controls.add_panel_requested.connect(lambda: c.add_panel())
        self.panels.start_requested.connect(c.set_start)
        self.panels.probe_moved.connect(c.set_probe)
        self.panels.hovered.connect(c.hover)
        self.panels.hover_left.connect(c.hover_ended)
        self.panels.close_requested.connect(c.remove_panel)
        self.playback.play_toggled.connect(lambda on: c.play() if on else c.pause())
        self.playback.step_requested.connect(self._on_step_requested)
        self.playback.step_by_requested.connect(c.step_by)
        self.playback.reset_requested.connect(c.reset)
        self.playback.speed_changed.connect(c.set_speed)
        self.playback.loop_changed.connect(c.set_loop)
        self.curves.step_requested.connect(self._on_step_requested)
        self.curves.log_changed.connect(c.set_display)
        self.inspector.panel_selected.connect(lambda i: sync.show_step(c.step))
        self.docks["slices"].visibilityChanged.connect(sync.show_probe_marker)
        self.docks["inspector"].visibilityChanged.connect(sync.on_inspector_shown)
        c.expression_parsed.connect(self._on_controller_expression_parsed)
        c.expression_failed.connect(controls.editor.show_error)
        c.landscape_changed.connect(sync.show_landscape)
        c.trajectories_changed.connect(sync.show_runs)
        c.step_changed.connect(sync.show_step)
        c.probe_changed.connect(sync.show_probe)
        c.playing_changed.connect(self.playback.set_playing)
        c.playing_changed.connect(lambda on: on or sync.show_step(c.step))  # exact when paused
        c.session_changed.connect(self._on_controller_session_changed)
        c.problem_reported.connect(lambda text: self.statusBar().showMessage(text, 10_000))

    # --- controller -> widgets ------------------------------------------------------------

    def _on_controller_session_changed(self, session):
        controls, display = self.controls, session.display
        # Only a new function (a file, a preset) replaces the editor's text: any other change
        # (a checkbox, a slider) must not wipe what the user is typing.
        if session.text != self._session_text and controls.editor.text() != session.text:
            controls.editor.set_text(session.text)
        self._session_text = session.text
        controls.run_settings.set_steps(session.steps)
        controls.run_settings.set_start(*session.start)
        controls.display.set_options({k: getattr(display, k) for k in DISPLAY_PANEL_KEYS})
        controls.set_panel_count(len(session.panels))
        for settings, panel in zip(controls.optimizers, session.panels):
            settings.set_settings(panel.optimizer, panel.hyper)
        for schedule, panel in zip(controls.schedules, session.panels):
            schedule.set_steps(session.steps)
            schedule.set_schedule(panel.schedule, panel.schedule_params)
        controls.noise.set_noise(session.noise_std, session.noise_seed)
        shown = controls.parameters.values()
        for name, value in session.params.items():
            if name in shown and shown[name] != value:
                controls.parameters.set_value(name, value)
        self.sync.show_session(session)
        if len(session.panels) != self._panel_count:
            self._panel_count = len(session.panels)
            if self._panel_count == 4:
                QTimer.singleShot(0, self.make_room_for_four)   # once the grid is laid out
        for key, action in self.actions_by_name.items():
            if action.isCheckable():
                action.setChecked(bool(getattr(display, key)))
        self.actions_by_name["add_panel"].setEnabled(len(session.panels) < 4)
        self.actions_by_name["remove_panel"].setEnabled(len(session.panels) > 1)
        self.curves.set_log(log_f=display.log_f, log_grad=display.log_grad)
        self.playback.set_range(session.steps)
        self.playback.set_speed(self.controller.speed)

    def _on_controller_expression_parsed(self, objective):
        editor = self.controls.editor
        self._session_text = self.controller.session.text   # what the user typed, now valid
        editor.clear_error()
        editor.set_objective(objective)   # f and its gradient, typeset
        self.controls.parameters.set_parameters(objective.params, keep_values=False)

    # --- intents that need the window -----------------------------------------------------

    def set_display_option(self, key, value):
        """A display option from the control column or a menu: show it, then tell the
        controller (which recomputes only what the option changes)."""
        if key in LAYER_KEYS:
            for view in self.views:
                view.set_layers_visible(**{key: value})
        if key in ARROW_KEYS:
            for view in self.views:
                view.arrows.set_enabled(**{ARROW_KEYS[key]: value})
        action = self.actions_by_name.get(key)
        if action is not None and action.isChecked() != bool(value):
            action.setChecked(bool(value))
        if key in DISPLAY_PANEL_KEYS:
            self.controls.display.set_options({key: value})
        self.controller.set_display(key, value)   # its session_changed shows the rest
        if key == "overlay" and self.panels.overlay != bool(value):
            self.sync.show_overlay(bool(value))
        if key == "view3d":
            self.surface_sync.set_active(bool(value))

    def tune_inspected_panel(self):
        """Panels menu: tune the learning rate of the panel the inspector shows."""
        self.tuner.start(min(self.inspector.selected(), len(self.controller.session.panels) - 1))

    def make_room_for_four(self):
        """Four panels on a short window (1280x720): if even the better arrangement (two rows
        or one, panel_grid.py) leaves landscapes under USABLE_SIDE, close the docks below them
        (curves, slices) and say how to bring them back; the grid then takes their height."""
        below = [d for d in (self.docks["curves"], self.docks["slices"]) if not d.isHidden()
                 and self.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea
                 and not d.isFloating()]
        if (len(self.panels.visible_views()) != 4 or not below or self.presentation.active
                or max(self.panels.landscape_side(c) for c in (2, 4)) >= USABLE_SIDE):
            return
        for dock in below:
            dock.hide()
        self.statusBar().showMessage("More room for four landscapes: the docks below are "
                                     "closed (View menu: curves Ctrl+3, slices Ctrl+4).", 15_000)

    def inspect_next_panel(self):
        count = len(self.controller.session.panels)
        self.inspector.select((self.inspector.selected() + 1) % count)
        self.docks["inspector"].show()

    def _on_step_requested(self, k):
        self.controller.pause()
        self.controller.set_step(k)

    def scale_speed(self, factor):
        self.controller.set_speed(self.controller.speed * factor)
        self.playback.set_speed(self.controller.speed)
        self.statusBar().showMessage(f"Speed: {self.controller.speed:.0f} steps a second", 2000)

    def reset_zoom(self):
        if self.surface_sync.active:
            self.surface_sync.reset_view()
        elif self._domain is not None:
            self.views[0].set_view_range(self._domain)

    def toggle_fullscreen(self):
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def show_shortcuts(self):
        from gradviz.gui.shortcuts import show_shortcuts

        self.shortcuts_dialog = show_shortcuts(self)

    def closeEvent(self, event):
        super().closeEvent(event)
        if event.isAccepted():   # every filter (documents: unsaved changes) let it close
            self.tuner.cancel()         # a thread must not outlive its window
            self.presentation.leave()   # give the application its normal font and style back

    def show_about(self):
        QMessageBox.about(self, "About gradviz", f"<b>gradviz {__version__}</b><br>"
                          "Make gradients visible: type f(x, y) and watch optimizers walk it.")

