"""The regression mode's data: the points and each panel's fitted line at the current step
(``RegressionDataPresenter``, in the window's data dock and beside the panels in pictures), and
the window's data dock, shown in the mode in place of the slices (``DataDock``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from gradviz.gui import theme
from gradviz.gui.presenters.labels import line_of, run_titles
from gradviz.state.changes import EVERYTHING

TALL = 900   # pixels: from this window height the data dock takes 30 % of it
WIDE = 1500  # narrower windows show the data on the right of the landscapes
NARROW_SHARE = 0.33   # of a narrower window's width, for the data
DATA_PARTS = frozenset({"objective"})
LINE_PARTS = frozenset({"objective", "runs", "step"})


def regression_loss(state):
    """The state's loss when it shows the regression mode (else None)."""
    loss = state.objective
    if state.session.mode != "regression" or not hasattr(loss, "to_original"):
        return None
    return loss


class RegressionDataPresenter:
    """Fills ``view`` (a RegressionDataView) while the state is in the regression mode and the
    view shows; ``show()`` when it is shown again (it was not filled while hidden)."""

    def __init__(self, state, view):
        self.state, self.view = state, view
        self._loss = None   # whose points are shown
        state.changed.connect(self._on_state_changed)
        self.show()

    def _on_state_changed(self, parts) -> None:
        if parts & LINE_PARTS:
            self.show()

    def show(self) -> None:
        loss = regression_loss(self.state)
        if loss is None or not self.view.isVisible():
            return
        view = self.view
        if loss is not self._loss:
            from gradviz.engine.regression_mode import axis_names

            self._loss = loss
            view.set_axis_labels(*axis_names(loss.data))
            view.set_data(loss.data.x, loss.data.y)
            # the legend where the points are not: bottom right when y rises with x
            view.set_legend_corner("bottom_right" if loss.minimum[0] >= 0 else "top_right")
            view.set_feature_scaling((loss.mu, loss.sigma) if loss.scaled else None)
        k = self.state.step
        runs = self.state.runs
        view.set_lines([(*line_of(run, k), theme.panel_color(i), title)
                        for i, (run, title) in enumerate(zip(runs, run_titles(runs)))])


class DataDock:
    """Shows ``dock`` (the data) in the regression mode beside the curves (a window narrower
    than ``WIDE``: on the right of the landscapes, as tall as they are; a tab in front of the
    curves left it a 1280x116 strip at 1280x720), in place of the slices (f along x and y would say little here;
    View > Slices brings them back); on leaving, the slices as they were."""

    def __init__(self, state, window, dock):
        self.state, self.window, self.dock = state, window, dock
        self._mode = None
        self._rows = 1   # rows of landscape panels: 1 for up to two panels, else 2
        self._slices_shown = False
        self._narrow = None   # where the data is: on the right (True), below (False)
        state.changed.connect(self._on_state_changed)
        self._on_state_changed(EVERYTHING)

    def _on_state_changed(self, parts) -> None:
        if not parts & {"mode", "panels"}:
            return
        session = self.state.session
        rows = 1 if len(session.panels) <= 2 else 2
        if session.mode != self._mode:
            self._mode, self._rows = session.mode, rows
            self._show(session.mode == "regression")
        elif session.mode == "regression" and rows != self._rows:
            self._rows = rows
            self._size()

    def _show(self, on) -> None:
        w, docks = self.window, self.window.docks
        slices, curves = docks["slices"], docks["curves"]
        if not on:
            self._narrow = None
            self.dock.hide()
            if self._slices_shown:
                slices.show()
            return
        if self._narrow is None:   # the first time, not on a move
            self._slices_shown = slices.isVisible()
        slices.hide()
        self.dock.show()
        self._narrow = w.width() < WIDE
        if self._narrow:   # beside the landscapes, as tall as they are: not a strip
            w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
            QTimer.singleShot(0, self.dock, lambda: w.resizeDocks(   # once it is laid out
                [self.dock], [int(NARROW_SHARE * w.width())], Qt.Orientation.Horizontal))
            return
        if w.dockWidgetArea(self.dock) != Qt.DockWidgetArea.BottomDockWidgetArea:
            w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        if w.tabifiedDockWidgets(curves) or w.dockWidgetArea(self.dock) != w.dockWidgetArea(
                curves):
            w.splitDockWidget(curves, self.dock, Qt.Orientation.Horizontal)
        width = curves.width() + self.dock.width()
        w.resizeDocks([curves, self.dock], [width // 2, width - width // 2],
                      Qt.Orientation.Horizontal)
        self._size()

    def follow_width(self, width: int) -> None:
        """The window resized to ``width``: the data moves to the right of the landscapes or
        back beside the curves when the width crosses WIDE (the mode's own first placement
        may come before the window has its size)."""
        narrow = width < WIDE
        if narrow != self._narrow and self._mode == "regression" and not self.dock.isHidden():
            self._show(True)

    def _size(self) -> None:
        """30 % of a tall window's height; in a shorter one at least 230 px for one row of
        panels, and no more than the curves had for two rows (the landscapes come first)."""
        if self.window.dockWidgetArea(self.dock) != Qt.DockWidgetArea.BottomDockWidgetArea:
            return   # on the right: as tall as the landscapes
        w, curves = self.window, self.window.docks["curves"]
        if w.height() >= TALL:
            height = int(0.3 * w.height())
        else:
            height = max(230, curves.height()) if self._rows == 1 else int(0.22 * w.height())
        w.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)
