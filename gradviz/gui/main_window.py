"""The main window: the landscape panels and the playback bar in the middle, docks around them
(controls on the left, the inspector on the right, curves, slices and the regression data
below). It composes the widgets, one presenter per region (``gui/presenters``), the menus and
the commands that need a window (dialogs, layout); no maths: every number comes from the
application state (``window.state``), which asks the engine.
"""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QDockWidget, QHBoxLayout, QMainWindow, QMessageBox,
                               QStackedWidget, QVBoxLayout, QWidget)

from gradviz import __version__
from gradviz.gui.appearance import Appearance
from gradviz.gui.clock import PlaybackClock
from gradviz.gui.center_room import CenterRoom
from gradviz.gui.column_fold import ColumnFold, ColumnHandle
from gradviz.gui.control_column import ControlColumn
from gradviz.gui.dock import Dock
from gradviz.gui.dock_content import DockContent
from gradviz.gui.panels.backprop import BackpropPanel
from gradviz.gui.menus import ActionsPresenter, build_menus
from gradviz.gui.panel_grid import PanelGrid
from gradviz.gui.panels.inspector import Inspector
from gradviz.gui.panels.playback import PlaybackBar
from gradviz.gui.presentation import Presentation
from gradviz.gui.presenters.backprop import BackpropPresenter
from gradviz.gui.presenters.controls import ControlsPresenter
from gradviz.gui.presenters.docks import CurvesPresenter, InspectorPresenter, SlicesPresenter
from gradviz.gui.presenters.event_marks import EventMarksPresenter
from gradviz.gui.presenters.ideas import IdeasPresenter
from gradviz.gui.presenters.landscapes import LandscapesPresenter
from gradviz.gui.presenters.lesson import LessonPresenter
from gradviz.gui.presenters.lr_limit import LrLimitPresenter
from gradviz.gui.presenters.playback import PlaybackPresenter
from gradviz.gui.presenters.regression import DataDock
from gradviz.gui.presenters.status import StatusPresenter
from gradviz.gui.presenters.surface import SurfacePresenter
from gradviz.gui.screen_scale import ScaleWatcher
from gradviz.gui.tune_worker import Tuner
from gradviz.gui.views.caption_band import CaptionBand
from gradviz.gui.views.curves import CurvesView
from gradviz.gui.views.highlight_frames import HighlightFrames
from gradviz.gui.views.slices import SlicesView
from gradviz.gui.views.surface3d import SurfacePage
from gradviz.state import intents

ROOMY_WIDTH = 1500  # narrower windows open with the inspector and slices docks closed
USABLE_SIDE = 150   # four landscapes smaller than this (px) get the bottom docks' room
DATA_TITLE = "Data and fitted lines"


class MainWindow(QMainWindow):
    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.center_room = CenterRoom(self)   # the first child: deleted first, its filters too
        self.state = state
        count = len(state.session.panels)
        self.controls = ControlColumn(count)
        self.panels = PanelGrid(count)
        self.playback = PlaybackBar()
        self.inspector = Inspector()
        self.slices = SlicesView()
        self.curves = CurvesView()
        self.surface_page = SurfacePage()   # the 3D view, in place of the panels (View menu)
        self.controls_handle = ColumnHandle()   # the folded control column (column_fold.py)
        self.caption = CaptionBand()   # a lesson's narration, below the panels
        self.backprop = BackpropPanel()   # backpropagation step by step (View menu, Ctrl+6)
        self.docks = {}
        self.content = {}   # docks built when first opened or asked for (dock_content.py)
        self.documents = None        # files, title bar, autosave: start_documents()
        self.basins_dialog = None
        self.shortcuts_dialog = None
        self.lessons_dialog = self.concepts_dialog = None
        self._shown_once = False
        self._panel_count = count    # panels last shown: room is made when four arrive
        self._build_layout()
        self.column = ColumnFold(self.docks["controls"], self.controls_handle, self)
        self.tuner = Tuner(self)
        self.appearance = Appearance(self)        # theme and size; QSettings from run_app
        self.presentation = Presentation(self)    # F11
        self.menus = build_menus(self)
        self.actions_by_name, self.mode_actions = self.menus.checkable, self.menus.modes
        self.clock = PlaybackClock(state, self)
        self._present()
        self._connect()
        self.scale_watcher = ScaleWatcher(self)   # docks kept on a screen of another scale
        self.setWindowTitle("gradviz")
        self.statusBar().showMessage("Type a function, or pick one from the presets menu.")

    @property
    def views(self):
        """The landscape views, one per panel (in overlay mode only the first is shown)."""
        return self.panels.views

    @property
    def data_view(self):
        """The regression mode's data and fitted lines (built when first needed)."""
        return self.content["data"].get()[0]

    # --- composition ---------------------------------------------------------------------------

    def _build_layout(self):
        central = QWidget()
        row = QHBoxLayout(central)   # the folded control column's handle, then the rest
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.controls_handle)
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 6, 4, 4)
        row.addLayout(layout, 1)
        self.center = QStackedWidget(objectName="center")   # the panels or the 3D view
        self.center.addWidget(self.panels)
        self.center.addWidget(self.surface_page)
        layout.addWidget(self.center, 1)
        layout.addWidget(self.caption)
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
        # The slices are laid out with the window even where they are closed after its first
        # show (narrow): a dock first laid out later gets another width (105 px, not 353).
        self._dock("slices", "Slices through the probe", self.slices, bottom)
        self.splitDockWidget(self.docks["curves"], self.docks["slices"], Qt.Orientation.Horizontal)
        self._dock("data", DATA_TITLE, self._build_data, bottom)   # the regression mode's
        self.splitDockWidget(self.docks["curves"], self.docks["data"], Qt.Orientation.Horizontal)
        self.docks["data"].hide()
        # built with the window: made later, at Qt's default width, its controls stood in a
        # row and the dock asked for 764 px (lesson 10 at 1280x720 squeezed the landscapes)
        self._dock("backprop", "Backpropagation step by step", self.backprop, right)
        self.tabifyDockWidget(self.docks["inspector"], self.docks["backprop"])
        self.docks["backprop"].hide()
        self.docks["inspector"].raise_()
        self.resizeDocks([self.docks["inspector"]], [430], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["curves"]], [230], Qt.Orientation.Vertical)

    def _dock(self, name, title, content, area):
        """A dock showing ``content``: a widget, or a function building (widget, presenter,
        ...) when the dock first opens (``DockContent``)."""
        dock = Dock(title, self, objectName=f"dock_{name}")   # title in its font (dock.py)
        if callable(content):
            self.content[name] = DockContent(dock, content)
        else:
            dock.setWidget(content)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.docks[name] = dock

    def _build_data(self):
        from gradviz.gui.presenters.houses import HousesPresenter
        from gradviz.gui.presenters.regression import RegressionDataPresenter
        from gradviz.gui.views.regression_data import RegressionDataView

        view = RegressionDataView()
        view.setObjectName("regression_data")
        return view, RegressionDataPresenter(self.state, view), HousesPresenter(self.state, view)

    def _present(self):
        """One presenter per region; each shows the state and follows its changes."""
        state = self.state
        self.landscapes = LandscapesPresenter(state, self.panels)
        self.ideas = IdeasPresenter(state, self.panels)
        self.control_presenter = ControlsPresenter(state, self.controls, self.load_data)
        self.lr_limits = LrLimitPresenter(state, self.controls)
        self.inspector_presenter = InspectorPresenter(state, self.inspector)
        self.slices_presenter = SlicesPresenter(state, self.slices)
        self.curves_presenter = CurvesPresenter(state, self.curves, self.docks["curves"])
        self.playback_presenter = PlaybackPresenter(state, self.playback)
        self.surface = SurfacePresenter(state, self.surface_page, self.center, self.panels)
        self.data_dock = DataDock(state, self, self.docks["data"])
        self.backprop_presenter = BackpropPresenter(state, self.backprop)
        self.actions_presenter = ActionsPresenter(state, self.actions_by_name)
        self.status = StatusPresenter(state, self.statusBar())
        self.frames = HighlightFrames(self)   # round what a lesson scene or a concept shows
        self.highlighter = None
        self.lesson = LessonPresenter(state, self.caption, self.panels, self.highlight)
        self.event_marks = EventMarksPresenter(state, self.curves, self.playback.slider)
        self.center_room.watch(self.center, (self.caption, self.playback))
        self._fill_presets()

    def _fill_presets(self):
        from gradviz.engine.presets import PRESETS
        from gradviz.state.edits import REGRESSION_PRESET

        self.controls.editor.set_presets(
            [(key, p.name, p.description) for key, p in PRESETS.items()]
            + [(REGRESSION_PRESET, "House prices (regression)",
                "The loss of a real model: a line fitted to 30 houses, over w and b")])

    def _connect(self):
        docks = self.docks
        self.controls.tune_requested.connect(self.tuner.start)
        self.controls.tune_cancel_requested.connect(self.tuner.cancel)
        self.appearance.style_changed.connect(self.surface_page.apply_style)
        self.appearance.style_changed.connect(lambda style: self.caption.refit())
        if self.appearance.style is not None:   # applied before this was connected
            self.surface_page.apply_style(self.appearance.style)
        docks["slices"].visibilityChanged.connect(
            lambda on: _unless_gone(self.landscapes.set_probe_markers, on))
        for dock, presenter in ((docks["slices"], self.slices_presenter),
                                (docks["inspector"], self.inspector_presenter),
                                (docks["backprop"], self.backprop_presenter)):
            dock.visibilityChanged.connect(   # catches up (as DockContent's do)
                lambda on, presenter=presenter: on and _unless_gone(presenter.show))
        self.state.changed.connect(self._on_state_changed)

    def _on_state_changed(self, parts):
        count = len(self.state.session.panels)
        if "panels" in parts and count != self._panel_count:
            self._panel_count = count
            if count == 4:
                QTimer.singleShot(0, self.make_room_for_four)   # once the grid is laid out

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.isVisible():
            self.column.follow_width(self.width())
            self.data_dock.follow_width(self.width())

    def showEvent(self, event):
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.column.follow_width(self.width())
            self.data_dock.follow_width(self.width())
            self.resizeDocks([self.docks["curves"]], [max(150, int(0.22 * self.height()))],
                             Qt.Orientation.Vertical)
            if self.width() < ROOMY_WIDTH:   # keep the landscapes large on a small screen
                self.docks["inspector"].hide()
                self.docks["slices"].hide()
                self.statusBar().showMessage(
                    "More room: the inspector (Ctrl+2) and the slices (Ctrl+4) are in the "
                    "View menu.", 15_000)

    # --- commands ---------------------------------------------------------------------------

    def start_documents(self, settings=None):
        """File handling (New, Open, Save, Export, the title bar, autosave) with ``settings``
        (a QSettings; default: the user's); returns it (``Documents.start`` opens a file)."""
        from gradviz.gui.documents import Documents

        self.documents = Documents(self, settings)
        return self.documents

    def load_data(self, path=None):
        from gradviz.gui.data_files import load_csv

        return load_csv(self, path)

    def open_basins(self):
        from gradviz.gui.basins_worker import open_basins

        self.basins_dialog = open_basins(self)

    def tune_inspected_panel(self):
        """Panels menu: tune the learning rate of the panel the inspector shows."""
        self.tuner.start(min(self.state.view.inspected, len(self.state.session.panels) - 1))

    def inspect_next_panel(self):
        self.state.apply(intents.InspectNext())
        self.docks["inspector"].show()

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

    def reset_zoom(self):
        if self.surface.active:
            self.surface.reset_view()
        else:
            self.landscapes.reset_zoom()

    def toggle_fullscreen(self):
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def show_shortcuts(self):
        from gradviz.gui.shortcuts import show_shortcuts

        self.shortcuts_dialog = show_shortcuts(self)

    def highlight(self, names):
        """Frame the parts of the window that show ``names`` (a lesson's highlights, a
        concept's), opening the docks they need."""
        from gradviz.gui.lesson_window import Highlighter

        if self.highlighter is None:
            self.highlighter = Highlighter(self, self.frames)
            self.presentation.toggled.connect(lambda on: self.highlighter.again())
        self.highlighter.show(names)

    def show_lessons(self):
        from gradviz.gui.lesson_window import show_lessons

        self.lessons_dialog = show_lessons(self)

    def show_concepts(self):
        from gradviz.gui.concepts import show_concepts

        self.concepts_dialog = show_concepts(self)

    def show_about(self):
        QMessageBox.about(self, "About gradviz", f"<b>gradviz {__version__}</b><br>"
                          "Make gradients visible: type f(x, y) and watch optimizers walk it.")

    def closeEvent(self, event):
        super().closeEvent(event)
        if event.isAccepted():   # every filter (documents: unsaved changes) let it close
            self.tuner.cancel()         # a thread must not outlive its window
            self.state.runner.stop()    # nor a job: it stops at its next stage
            self.presentation.leave()   # give the application its normal font and style back
            for view in self.views:     # linked views must not call into one being deleted
                view.unlink_view()


def _unless_gone(react, *args):
    """Docks report visibility changes also while the window is being destroyed, after some
    of the views' items are gone: those calls are dropped (RuntimeError from shiboken)."""
    try:
        react(*args)
    except RuntimeError:
        pass
