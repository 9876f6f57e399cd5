"""The main window's regression mode: the data dock, the control column's mode switch and
regression settings, and File > Load Data from CSV, wired to the controller.

``install(window)`` adds them; MainWindow calls it once. The data view shows the points and each
panel's fitted line at the current step (``fill_data_view``, also used by the picture export so
a rendered frame shows the same lines as the window).
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gradviz.gui import theme
from gradviz.gui.views.regression_data import RegressionDataView

CSV_FILTER = "CSV files (*.csv *.txt *.tsv);;All files (*)"
DOCK_TITLE = "Data and fitted lines"
TALL = 900   # pixels: from this window height the data dock takes 30 % of it
WIDE = 1500  # narrower windows show the data as a tab in front of the curves


def is_regression(controller):
    return controller.session.mode == "regression"


def line_of(run, k):
    """(w, b) of ``run`` at step ``k``: its point then (the last before a divergence)."""
    traj = run.trajectory
    shown = k if traj.diverged_at is None else min(k, traj.diverged_at)
    w, b = traj.points[shown]
    return float(w), float(b)


def fill_data_view(view, controller, k=None, data=True):
    """Put the controller's data (``data=True``) and each run's line at step ``k`` (default:
    the current step) into ``view`` (a RegressionDataView)."""
    loss = controller.objective
    if loss is None or not hasattr(loss, "to_original"):
        return
    if data:
        from gradviz.engine.regression_mode import axis_names

        view.set_axis_labels(*axis_names(loss.data))
        view.set_data(loss.data.x, loss.data.y)
        # the legend where the points are not: bottom right when y rises with x
        view.set_legend_corner("bottom_right" if loss.minimum[0] >= 0 else "top_right")
        view.set_feature_scaling((loss.mu, loss.sigma) if loss.scaled else None)
    k = controller.step if k is None else k
    from gradviz.gui.window_sync import _title

    view.set_lines([(*line_of(run, k), theme.panel_color(i), _title(run))
                    for i, run in enumerate(controller.runs)])


class RegressionWindow:
    """What the regression mode adds to ``window``; see the module docstring."""

    def __init__(self, window):
        self.window = window
        self.view = RegressionDataView()
        self.view.setObjectName("regression_data")
        self.dock = window._dock("data", DOCK_TITLE, self.view,
                                 Qt.DockWidgetArea.BottomDockWidgetArea)
        window.splitDockWidget(window.docks["curves"], self.dock, Qt.Orientation.Horizontal)
        self.dock.hide()
        self._mode = None
        self._rows = 1   # rows of landscape panels: 1 for up to two panels, else 2
        self._add_menu_action()
        c, controls = window.controller, window.controls
        controls.mode_switch.mode_requested.connect(c.set_mode)
        controls.regression.scaling_changed.connect(c.set_scaling)
        controls.regression.batch_changed.connect(c.set_batch)
        controls.regression.load_requested.connect(self.load_csv)
        controls.regression.bundled_requested.connect(lambda: c.use_bundled("houses"))
        c.session_changed.connect(self.show_session)
        c.expression_parsed.connect(self.show_objective)
        c.trajectories_changed.connect(lambda _runs: self.show_step(c.step))
        c.step_changed.connect(self.show_step)
        self.dock.visibilityChanged.connect(lambda on: on and self.show_step(c.step))

    def _add_menu_action(self):
        from PySide6.QtWidgets import QMenu

        from gradviz.gui.menus import add_action

        window = self.window
        file_menu = next(m for m in window.menuBar().findChildren(QMenu)
                         if m.title().replace("&", "") == "File")
        staging = QMenu("staging", window)
        self.load_action = add_action(window, staging, "Load &Data from CSV...", ["Ctrl+Shift+O"],
                                      lambda: self.load_csv(),
                                      "Fit a line to a two-column CSV file (regression mode)")
        first = file_menu.actions()[0] if file_menu.actions() else None
        file_menu.insertAction(first, self.load_action)   # Documents moves it after Examples
        view_menu = next(m for m in window.menuBar().findChildren(QMenu)
                         if m.title().replace("&", "") == "View")
        toggle = self.dock.toggleViewAction()
        toggle.setShortcut("Ctrl+5")
        toggle.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        view_menu.addAction(toggle)
        window.addAction(toggle)

    # --- controller -> views ------------------------------------------------------------------

    def show_session(self, session):
        mode = session.mode
        self.window.controls.set_mode(mode)
        rows = 1 if len(session.panels) <= 2 else 2
        if mode != self._mode:
            self._mode, self._rows = mode, rows
            self._show_dock(mode == "regression")
        elif mode == "regression" and rows != self._rows:
            self._rows = rows
            self._size_dock()
        loss = self.window.controller.objective
        self.window.controls.regression.set_state(
            _config(session), loss if hasattr(loss, "to_original") else None)
        from gradviz.engine.names import names_of

        self.window.controls.run_settings.set_axis_names(*names_of(session)[:2])

    def _show_dock(self, on):
        """The data beside the curves (a narrow window: a tab in front of them), in place of
        the slices (f along x and y would say little here; View > Slices brings them back);
        on leaving, the slices as they were."""
        w, slices, curves = self.window, self.window.docks["slices"], self.window.docks["curves"]
        if not on:
            self.dock.hide()
            if getattr(self, "_slices_shown", False):
                slices.show()
            return
        self._slices_shown = slices.isVisible()
        slices.hide()
        self.dock.show()
        if w.width() < WIDE:
            if not w.tabifiedDockWidgets(curves):
                w.tabifyDockWidget(curves, self.dock)
            self.dock.raise_()
        else:
            if w.tabifiedDockWidgets(curves):
                w.splitDockWidget(curves, self.dock, Qt.Orientation.Horizontal)
            width = curves.width() + self.dock.width()
            w.resizeDocks([curves, self.dock], [width // 2, width - width // 2],
                          Qt.Orientation.Horizontal)
        self._size_dock()

    def _size_dock(self):
        """30 % of a tall window's height; in a shorter one at least 230 px for one row of
        panels, and no more than the curves had for two rows (the landscapes come first)."""
        w, curves = self.window, self.window.docks["curves"]
        if w.height() >= TALL:
            height = int(0.3 * w.height())
        else:
            height = max(230, curves.height()) if self._rows == 1 else int(0.22 * w.height())
        w.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)

    def show_objective(self, objective):
        c = self.window.controller
        if not is_regression(c) or not hasattr(objective, "to_original"):
            return
        self.window.controls.regression.set_state(_config(c.session), objective)
        fill_data_view(self.view, c)
        self.window.statusBar().showMessage(
            "Regression: the landscape is the mean squared error L(w, b) of the line "
            "y = w\u00b7x + b. Play to watch each panel fit it.", 10_000)

    def show_step(self, k):
        if is_regression(self.window.controller) and self.dock.isVisible():
            fill_data_view(self.view, self.window.controller, k, data=False)

    # --- intents ------------------------------------------------------------------------------

    def load_csv(self, path=None):
        """Ask for a CSV file (or take ``path``) and fit to it; a broken file: one dialog naming
        the problem, and the session stays as it was. Returns True when loaded."""
        window = self.window
        if path is None:
            path, _ = QFileDialog.getOpenFileName(window, "Load data (two columns: x, y)",
                                                  os.path.expanduser("~"), CSV_FILTER)
            if not path:
                return False
        message = window.controller.load_data_file(path)
        if message is not None:
            box = QMessageBox(QMessageBox.Icon.Warning, "Cannot load the data",
                              f"Cannot load {os.path.basename(os.fspath(path))}.",
                              QMessageBox.StandardButton.Ok, window)
            box.setInformativeText(message)
            box.setObjectName("data_error")
            box.exec()
            return False
        window.statusBar().showMessage(f"Loaded {path}", 5000)
        return True


def _config(session):
    from gradviz.engine.regression_mode import config_of

    return config_of(session)
