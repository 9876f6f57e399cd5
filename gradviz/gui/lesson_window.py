"""The lesson player's place in the main window: Help > Lessons (the list of lessons, and a
lesson file to open), starting a lesson from a file (a broken one: one line, nothing changes),
and the frames round what a scene or a concept points at (``highlight_targets``). The keys
(Page Down and Page Up move between scenes, Esc leaves) are the menus' (``menus._page``).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QListWidget,
                               QListWidgetItem, QVBoxLayout, QWidget)

from gradviz.engine import lessons
from gradviz.gui import center_room
from gradviz.gui.views.highlight_frames import Spot
from gradviz.state import lesson_intents as li

FILTER = "gradviz lessons (*.gradviz-lesson.json);;All files (*)"
ON_THE_LANDSCAPE = ("landscape", "contours", "colour_bar", "field_arrows", "start", "minimum",
                    "path", "grad_arrow", "step_arrow", "momentum_arrow", "probe")
DOCKED = {"curves": "curves", "inspector": "inspector", "slices": "slices",
          "data_view": "data", "backprop": "backprop"}
OPENED_FOR = {**DOCKED, "probe": "slices"}   # the probe's crosshair shows with the slices
DOCK_SHARE = 0.28   # of the window's height, for a dock below the panels that a scene opens
SIDE_SHARE = 0.4    # of the width, for one at the side (the backprop dock took 580 of 1280 px
                    # in presentation mode, and the landscape was a thumbnail)
SIDE_BELOW_PX = 900   # in a window shorter than this, a dock below the panels that a scene
                      # opens (the curves, the slices) moves to the right side for the lesson:
                      # under the panels, caption and playback bar it got ~140 px at 1280x720
                      # in presentation mode, its plots 10 px high (seen live, lessons 1-8);
SIDE_PANELS = 2       # not beside more panels (three left it 95 px of width) nor beside a
                      # dock at the side already (the inspector left it 50 px of height)
DOCK_KEYS = {"curves": "Ctrl+3", "slices": "Ctrl+4", "inspector": "Ctrl+2", "data": "Ctrl+5",
             "backprop": "Ctrl+6"}


ITEMS = ("start", "minimum", "grad_arrow", "step_arrow", "momentum_arrow", "probe")
"""Highlights of one thing on a landscape: framed round that thing, not the whole panel."""
MAX_MINIMA = 8   # minima framed on one landscape (Himmelblau has four)
ROOM_PX = 10     # between a marker or arrow and its frame


def item_spots(view, name) -> list:
    """``Spot`` s round the thing ``name`` (one of ``ITEMS``) on the landscape ``view``, in the
    pixels of ``view.graphics``; each finds its thing afresh when the frames follow it."""
    items = view.items
    if name == "start":
        return [Spot(view.graphics, lambda: _round(view, _scatter_point(items.start, 0)))]
    if name == "minimum":
        return [Spot(view.graphics, lambda k=k: _round(view, _scatter_point(items.minima, k)))
                for k in range(MAX_MINIMA)]
    if name == "probe":
        target = view.probe.target
        return [Spot(view.graphics, lambda: _round(view, view.probe.probe_position(),
                                                   *map(tuple, view.probe.arrow_ends()))
                     if target.isVisible() else None)]
    kind = name.removesuffix("_arrow")   # "grad", "step", "momentum": the arrows' own names
    return [Spot(view.graphics, lambda: _round(view, *_arrow_ends(view, kind)))]


def _scatter_point(item, k):
    if not item.isVisible():
        return None
    xs, ys = item.getData()
    return (float(xs[k]), float(ys[k])) if xs is not None and k < len(xs) else None


def _arrow_ends(view, kind):
    """The segment ends of the arrow ``kind`` ("grad": ∇f, "step", "momentum") at the current
    point of ``view`` (data), or (None,) when it is not drawn."""
    pairs = view.arrows.shown().get(kind)
    return (None,) if pairs is None or not len(pairs) else tuple(map(tuple, pairs))


def _round(view, *points):
    """The QRect (pixels of ``view.graphics``) round ``points`` (data x, y) with ROOM_PX and
    at least a marker's size to spare (the frames clip it to the panel); None for no point,
    or when the first is off the view (a marker, or the arrow's foot)."""
    from PySide6.QtCore import QPointF

    from gradviz.gui import theme

    (x0, x1), (y0, y1) = view.view_range()
    first = points[0]
    if first is None or not (x0 <= first[0] <= x1 and y0 <= first[1] <= y1):
        return None
    pixels = [view.graphics.mapFromScene(view.view_box.mapViewToScene(QPointF(*p)))
              for p in points]
    room = int(ROOM_PX + theme.current().cross_size / 2)
    left, right = min(p.x() for p in pixels), max(p.x() for p in pixels)
    top, bottom = min(p.y() for p in pixels), max(p.y() for p in pixels)
    return QRect(left - room, top - room, right - left + 2 * room, bottom - top + 2 * room)


def start_lesson_file(window, path) -> bool:
    """Read the lesson at ``path`` and show it from its first scene. A broken file: its one
    line in the status bar, and nothing changes."""
    try:
        lesson = lessons.load(path)
    except (lessons.LessonError, OSError) as error:
        message = getattr(error, "message", None) or str(error)
        window.statusBar().showMessage(f"Cannot open the lesson: {message}", 15_000)
        return False
    start_lesson(window, lesson, str(path))
    return True


def start_lesson(window, lesson, name="") -> None:
    from gradviz.engine.lesson_find import short_name

    window.state.apply(li.StartLesson(lesson, short_name(name)))
    window.statusBar().showMessage(
        f"Lesson: {lesson.title}. Page Down / Page Up: next and previous scene; Esc leaves.",
        8000)


def highlight_targets(window, names) -> list:
    """The widgets that show the highlight ``names`` (engine.lesson_types.HIGHLIGHTS), or for
    one thing on the landscapes (``ITEMS``) a ``Spot`` round it on each landscape."""
    widgets = []
    for name in names:
        if name in ITEMS:
            widgets += [spot for v in window.panels.visible_views() for spot in item_spots(v, name)]
        elif name in ON_THE_LANDSCAPE:
            widgets += [v.graphics for v in window.panels.visible_views()]
        elif name in DOCKED:
            widgets.append(window.docks[DOCKED[name]])
        elif name == "scrubber":
            widgets.append(window.playback.slider)
        elif name == "function_field":
            widgets.append(window.controls.editor.line_edit)
        elif name == "lr_field":   # folded away (presentation mode): the titles say the lr
            fields = [w for w in window.controls.findChildren(QWidget, "lr") if w.isVisible()]
            widgets += fields or [v.header for v in window.panels.visible_views()]
    unique = []
    for widget in widgets:
        if widget not in unique:
            unique.append(widget)
    return unique


class Highlighter:
    """Frames what ``names`` point at (``highlight_targets``), opening the docks they need
    (the slices for the probe, the curves...) and closing again the ones it opened when the
    names no longer need them."""

    def __init__(self, window, frames):
        self.window, self.frames = window, frames
        self.names = ()
        self.opened = set()    # docks this opened
        self.moved = set()     # ... and moved from below the panels to the side (SIDE_BELOW_PX)
        self.walk = None       # the backprop pass the scene asks for, until it is shown
        self.held = False      # the forward pass shown while the scene's question waits
        window.state.changed.connect(lambda parts: self._walk_backprop())

    def show(self, names) -> None:
        self.names = tuple(names)
        wanted = {OPENED_FOR[n] for n in self.names if n in OPENED_FOR}
        docks = self.window.docks
        for name in sorted((self.opened | self.moved) - wanted):
            docks[name].hide()
            self._put_back(name)
        self.opened &= wanted
        for name in sorted(wanted):
            if docks[name].isHidden():
                self._to_the_side(name, wanted)
                docks[name].show()
                self.opened.add(name)
                self._give_room(docks[name])
            docks[name].raise_()   # the front tab where docks share a place (the inspector's)
        self.frames.show_on(highlight_targets(self.window, self.names))
        run = self.window.state.lesson
        self.walk = None if run is None or "backprop" not in self.names else run.scene.backprop
        self.held = False
        self._walk_backprop()
        if self.opened:
            QTimer.singleShot(0, self.check_room)   # once the docks are laid out

    def _walk_backprop(self) -> None:
        """Play what the scene asks of the backpropagation dock (``Scene.backprop``): the
        forward pass, the backward pass, or the whole walk done; once the scene's function
        is ready (a new one is prepared by a job: its graph comes after the scene), and while
        its question waits only the forward pass (the adjoints would give the answer away)."""
        walk, panel, state = self.walk, self.window.backprop, self.window.state
        if walk is None or state.preparing:
            return
        self.window.backprop_presenter.show()   # filled now, if it only just opened
        if panel.walk is None:
            return
        if state.lesson is not None and state.lesson.waiting is not None:
            if not self.held:
                self.held = True
                panel.run_forward()
            return
        self.walk = None
        if walk == "forward":
            panel.run_forward()
        elif walk == "backward":
            panel.run_backward()
        else:
            panel.set_playing(False)
            panel.set_step(panel.last_step())

    def check_room(self) -> None:
        """Close the docks this opened that got too little room to show anything: less than
        the least size the landscapes' room keeper leaves them (``center_room.least_size``;
        curves 40 px tall were seen at 1280x720 in presentation mode before it), and the
        status bar says how to bring each back."""
        for name in sorted(self.opened):
            dock = self.window.docks[name]
            if dock.isVisible() and not dock.isFloating() and center_room.too_small(dock):
                dock.hide()
                self.opened.discard(name)
                self.window.statusBar().showMessage(
                    f"Too little room here for the {dock.windowTitle()} dock: "
                    f"{DOCK_KEYS[name]} shows it.", 8000)

    def _to_the_side(self, name, wanted) -> None:
        """A dock below the panels, about to open in a short window beside at most
        SIDE_PANELS panels: to the right side, unless a dock shows there (or is ``wanted``
        there) already."""
        window, docks = self.window, self.window.docks
        right = Qt.DockWidgetArea.RightDockWidgetArea
        beside = [n for n, d in docks.items() if n != name and n not in self.moved
                  and window.dockWidgetArea(d) == right and not d.isFloating()
                  and (d.isVisible() or n in wanted)]
        if (window.height() < SIDE_BELOW_PX and not beside and not docks[name].isFloating()
                and len(window.state.session.panels) <= SIDE_PANELS
                and window.dockWidgetArea(docks[name]) == Qt.DockWidgetArea.BottomDockWidgetArea):
            window.addDockWidget(right, docks[name], Qt.Orientation.Vertical)
            self.moved.add(name)

    def _put_back(self, name) -> None:
        """A dock moved to the side (``_to_the_side``) below the panels again."""
        if name in self.moved:
            self.moved.discard(name)
            self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea,
                                      self.window.docks[name], Qt.Orientation.Horizontal)

    def _give_room(self, dock) -> None:
        """A dock below the panels gets DOCK_SHARE of the height (a squeezed one shows
        nothing: the slices' plots were 20 px tall at 1280x720 in presentation mode), one at
        the side SIDE_SHARE of the width (the landscapes keep the rest)."""
        window = self.window
        area = window.dockWidgetArea(dock)
        if area == Qt.DockWidgetArea.BottomDockWidgetArea:
            window.resizeDocks([dock], [int(DOCK_SHARE * window.height())],
                               Qt.Orientation.Vertical)
        elif area in (Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.LeftDockWidgetArea):
            window.resizeDocks([dock], [int(SIDE_SHARE * window.width())],
                               Qt.Orientation.Horizontal)

    def again(self) -> None:
        """Show the same again (presentation mode closed docks, or a panel came or went),
        each dock the scene needs with its share of the window again. Docks it opened that
        are still open stay its own, to close when the scene no longer needs them (they were
        forgotten: the backprop dock stayed open after the lesson left presentation mode)."""
        self.opened = {name for name in self.opened if not self.window.docks[name].isHidden()}
        self.show(self.names)
        for name in sorted({OPENED_FOR[n] for n in self.names if n in OPENED_FOR}):
            self._give_room(self.window.docks[name])


class LessonsDialog(QDialog):
    """The shipped lessons by title (summary as the tooltip); Start, or a lesson file."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Lessons")
        self.setObjectName("lessons_dialog")
        self.list = QListWidget(objectName="lesson_list")
        for path in lessons.shipped():
            try:   # the title alone: a whole lesson parses every scene's function
                title = lessons.read_title(path) or path.name
            except lessons.LessonError:
                continue
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(f"{path.name}: start this lesson")
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda item: self.start(item))
        self.problem = QLabel(objectName="lesson_problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)   # the message quotes the file
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton("Start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setToolTip("Start the selected lesson at its first scene")
        self.file_button = buttons.addButton("Open a lesson file...",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.file_button.setToolTip("A lesson file of your own (*.gradviz-lesson.json; "
                                    "docs/lesson-format.md says how to write one)")
        buttons.accepted.connect(lambda: self.start(self.list.currentItem()))
        buttons.rejected.connect(self.reject)
        self.file_button.clicked.connect(lambda: self.open_file())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Each lesson is a few scenes, each with a sentence or three to "
                                "read and a run to watch. Page Down and Page Up move between "
                                "scenes (a presenter's clicker sends them); Esc leaves."))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def start(self, item) -> None:
        if item is not None:
            self.open_file(item.data(Qt.ItemDataRole.UserRole))

    def open_file(self, path=None) -> bool:
        """Start the lesson at ``path`` (None: ask). A broken file: its line shown here."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Open a lesson", "", FILTER)
            if not path:
                return False
        try:
            lesson = lessons.load(path)
        except (lessons.LessonError, OSError) as error:
            message = getattr(error, "message", None) or str(error)
            self.problem.setText(f"Cannot open the lesson: {message}")
            self.problem.show()
            return False
        start_lesson(self.window_, lesson, path)
        self.accept()
        return True


def show_lessons(window) -> LessonsDialog:
    dialog = LessonsDialog(window)
    dialog.setModal(True)
    dialog.show()
    return dialog
