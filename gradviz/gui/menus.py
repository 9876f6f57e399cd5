"""The main window's menus and keyboard shortcuts.

Every action is also added to the window itself, so its shortcut works with the menu bar hidden
(full screen); Help > Keyboard shortcuts (``gradviz.gui.shortcuts``) lists them all, by menu.
Actions hand intents to the state or call the window's commands; ``ActionsPresenter`` keeps
their checked, enabled and worded states as the state says.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from gradviz.state import intents
from gradviz.state.changes import EVERYTHING
from gradviz.state.queries import names

SPEED_FACTOR = 1.5
BIG_STEP = 10
POINT_ARROWS = (("grad_arrow", "Gradient arrow at the point", "G"),
                ("step_arrow", "Step arrow at the point", "T"),
                ("momentum_arrow", "Momentum arrow at the point", "M"))
LAYERS = (("contours", "Contour lines", "C"),
          ("arrows", "Arrows of -\u2207f (the field)", "A"), ("legend", "Legend of the marks", "K"),
          ("equal_scale", "Equal axis scale (round is round)", "E"))
IDEAS = (("flow", "Gradient flow from the start (reference curve)", "W"),
         ("curvature", "Curvature: the Hessian's axes at the point", "H"),
         ("house_arrows", "Each house's pull on the line (regression)", "J"),
         ("residuals", "Each house's residual on the data (regression)", "R"),
         ("residual_squares", "... and its square, its share of the squared error", None))
DOCK_KEYS = {"controls": "Ctrl+1", "inspector": "Ctrl+2", "curves": "Ctrl+3", "slices": "Ctrl+4",
             "data": "Ctrl+5", "backprop": "Ctrl+6"}
DOCK_HELP = {"controls": "Controls on / off", "inspector": "Inspector on / off",
             "curves": "Curves by step on / off", "slices": "Slices on / off",
             "data": "Data and fitted lines on / off",
             "backprop": "Backpropagation step by step on / off"}
THEMES = (("system", "System"), ("light", "Light"), ("dark", "Dark"))


class Menus(NamedTuple):
    """The window's actions that others need: ``checkable`` display options and the panels'
    actions by name, ``modes`` (presentation, full screen, themes), and the File menu with
    its Load Data action (the file handling adds its own actions around it)."""

    checkable: dict
    modes: dict
    file_menu: object
    load_data: QAction


def tune_tip(f: str) -> str:
    """Panels > Tune's status tip, saying the value's name (f, or L in the regression mode)."""
    return ("Sweep 25 learning rates from 1e-5 to 10 at the same step budget and keep the one "
            f"with the lowest final {f}")


def add_action(window, menu, text, keys, slot, tip=None, checkable=False, name=None):
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setCheckable(checkable)
    if name:
        action.setObjectName(name)
    action.triggered.connect(slot)
    if tip:
        action.setStatusTip(tip)
    menu.addAction(action)
    window.addAction(action)
    return action


def build_menus(window) -> Menus:
    """Fill ``window``'s menu bar (``window.state``, its docks and commands)."""
    state = window.state
    apply = state.apply
    actions, modes = {}, {}
    file_menu = window.menuBar().addMenu("&File")
    load_data = add_action(window, file_menu, "Load &Data from CSV...", ["Ctrl+Shift+O"],
                           lambda: window.load_data(),
                           "Fit a line to a two-column CSV file (regression mode)")
    add_action(window, file_menu, "&Quit", ["Ctrl+Q"], window.close)

    edit = window.menuBar().addMenu("&Edit")
    actions["undo"] = add_action(window, edit, "&Undo", ["Ctrl+Z"],
                                 lambda: apply(intents.Undo()), name="undo")
    actions["redo"] = add_action(window, edit, "&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"],
                                 lambda: apply(intents.Redo()), name="redo")

    function = window.menuBar().addMenu("F&unction")
    add_action(window, function, "Type a function", ["F2"], lambda: _edit_function(window),
               "Put the cursor in the function field")
    add_action(window, function, "Next preset (in a lesson: next scene)", ["PgDown"],
               lambda: _page(window, 1))
    add_action(window, function, "Previous preset (in a lesson: previous scene)", ["PgUp"],
               lambda: _page(window, -1))

    play = window.menuBar().addMenu("&Playback")
    add_action(window, play, "Play / pause", ["Space"], lambda: apply(intents.TogglePlay()))
    add_action(window, play, "Step forward", ["Right"], lambda: apply(intents.StepBy(1)))
    add_action(window, play, "Step back", ["Left"], lambda: apply(intents.StepBy(-1)))
    add_action(window, play, f"{BIG_STEP} steps forward", ["Shift+Right"],
               lambda: apply(intents.StepBy(BIG_STEP)))
    add_action(window, play, f"{BIG_STEP} steps back", ["Shift+Left"],
               lambda: apply(intents.StepBy(-BIG_STEP)))
    add_action(window, play, "Back to step 0", ["Home"], lambda: apply(intents.Rewind()))
    add_action(window, play, "To the last step", ["End"],
               lambda: apply(intents.Seek(state.session.steps)))
    play.addSeparator()
    add_action(window, play, "Faster", ["+", "="], lambda: _scale_speed(window, SPEED_FACTOR))
    add_action(window, play, "Slower", ["-"], lambda: _scale_speed(window, 1 / SPEED_FACTOR))
    add_action(window, play, "Loop on / off", ["L"], window.playback.loop.click,
               "Start again after the last step")

    panels = window.menuBar().addMenu("Pa&nels")
    actions["add_panel"] = add_action(
        window, panels, "Add a comparison panel", ["Ctrl+Shift+N"],
        lambda: apply(intents.AddPanel()),
        "Compare up to four optimizers on the same function, from the same start")
    actions["remove_panel"] = add_action(
        window, panels, "Remove the last panel", ["Ctrl+Shift+W"],
        lambda: apply(intents.RemovePanel(len(state.session.panels) - 1)))
    panels.addSeparator()
    actions["overlay"] = add_action(
        window, panels, "Overlay: every path on one landscape", ["O"],
        lambda on: apply(intents.SetDisplay("overlay", on)), checkable=True, name="overlay")
    actions["next_inspected"] = add_action(
        window, panels, "Inspect the next panel", ["I"], window.inspect_next_panel)
    actions["tune"] = add_action(
        window, panels, "Tune the learning rate of the inspected panel", ["Ctrl+L"],
        window.tune_inspected_panel, tune_tip("f"))
    panels.addSeparator()
    add_action(window, panels, "Basins of attraction...", ["Ctrl+B"], window.open_basins,
               "Run the first two panels' optimizers from a grid of starts and colour the "
               "landscape by the minimum each start reaches")

    view = window.menuBar().addMenu("&View")
    for key, text, shortcut in LAYERS + POINT_ARROWS + IDEAS:
        actions[key] = add_action(
            window, view, text, [shortcut] if shortcut else [],
            lambda on, k=key: apply(intents.SetDisplay(k, on)), checkable=True, name=key)
    actions["view3d"] = add_action(
        window, view, "3D surface in place of the panels", ["3"],
        lambda on: apply(intents.SetDisplay("view3d", on)),
        "f as a surface with every path on it; drag to turn it", checkable=True, name="view3d")
    view.addSeparator()
    for name, dock in window.docks.items():
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(DOCK_KEYS[name]))
        toggle.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        toggle.setProperty("help_text", DOCK_HELP[name])
        # a dock in a tab group comes to the front when opened (backprop behind the inspector)
        toggle.triggered.connect(lambda on, d=dock: on and d.raise_())
        view.addAction(toggle)
        window.addAction(toggle)
    view.addSeparator()
    add_action(window, view, "Reset zoom", ["Ctrl+0"], window.reset_zoom)
    view.addSeparator()
    _presentation_actions(window, view, modes)
    _theme_menu(window, view, modes)

    help_menu = window.menuBar().addMenu("&Help")
    add_action(window, help_menu, "Lessons...", ["Ctrl+Shift+L"], window.show_lessons,
               "Short lessons on gradients, learning rates, momentum and Adam, scene by scene")
    add_action(window, help_menu, "Concepts...", ["?", "Shift+F1"], window.show_concepts,
               "Gradient, learning rate, loss, momentum, Adam...: what each is, and where it "
               "shows on screen")
    add_action(window, help_menu, "Notes of this session", [],
               lambda: apply(intents.ShowNotes(True)),
               "The opened session's title and description (an example's lesson text), "
               "under the panels")
    add_action(window, help_menu, "Keyboard shortcuts", ["F1"], window.show_shortcuts)
    add_action(window, help_menu, "About gradviz", [], window.show_about)
    return Menus(actions, modes, file_menu, load_data)


def _presentation_actions(window, view, modes):
    """F11 presentation mode (checkable), Esc to leave it (enabled only then), plain full
    screen on Shift+F11."""
    presentation = window.presentation
    modes["presentation"] = add_action(
        window, view, "Presentation mode", ["F11"], presentation.set_active,
        "Full screen, large type, thick lines: the controls a talk needs", checkable=True,
        name="presentation")
    modes["leave_presentation"] = add_action(
        window, view, "Leave the lesson, or presentation mode", ["Esc"],
        lambda: _escape(window), name="leave_presentation")
    modes["leave_presentation"].setEnabled(False)
    modes["fullscreen"] = add_action(
        window, view, "Full screen", ["Shift+F11"], window.toggle_fullscreen, name="fullscreen")

    def on_toggled(on):
        modes["presentation"].setChecked(on)
        modes["leave_presentation"].setEnabled(on or window.state.lesson is not None)

    presentation.toggled.connect(on_toggled)
    window.state.changed.connect(   # Esc also leaves a lesson
        lambda parts: "lesson" in parts and on_toggled(presentation.active))


def _theme_menu(window, view, modes):
    """View > Theme: System (the desktop's light or dark), Light, Dark; remembered."""
    menu = view.addMenu("&Theme")
    group = QActionGroup(window)
    appearance = window.appearance
    for mode, text in THEMES:
        action = QAction(text, window, checkable=True, objectName=f"theme_{mode}")
        action.setChecked(appearance.mode == mode)
        action.triggered.connect(lambda _=False, m=mode: appearance.set_mode(m))
        group.addAction(action)
        menu.addAction(action)
        modes[f"theme_{mode}"] = action
    appearance.mode_changed.connect(lambda mode: modes[f"theme_{mode}"].setChecked(True))


def _edit_function(window):
    field = window.controls.editor.line_edit
    window.docks["controls"].show()
    field.setFocus(Qt.FocusReason.ShortcutFocusReason)
    field.selectAll()


def _page(window, delta):
    """Page Down (1), Page Up (-1): the next or previous scene in a lesson, else preset."""
    from gradviz.state import lesson_intents as li

    if window.state.lesson is not None:
        window.state.apply(li.NextScene() if delta > 0 else li.PreviousScene())
    else:
        _next_preset(window, delta)


def _escape(window):
    """Esc: leave the lesson (the window as before it), else presentation mode."""
    from gradviz.state import lesson_intents as li

    if window.state.lesson is not None:
        window.state.apply(li.LeaveLesson())
    else:
        window.presentation.leave()


def _next_preset(window, delta):
    """The preset after (delta 1) or before (-1) the one shown, in the presets menu's order."""
    from gradviz.engine.presets import PRESETS

    keys = list(PRESETS)
    current = window.state.session.preset
    index = keys.index(current) if current in keys else (-1 if delta > 0 else 0)
    key = keys[(index + delta) % len(keys)]
    window.state.apply(intents.ChoosePreset(key))
    window.statusBar().showMessage(f"Preset: {PRESETS[key].name}", 3000)


def _scale_speed(window, factor):
    window.state.apply(intents.ScaleSpeed(factor))
    window.statusBar().showMessage(f"Speed: {window.state.playback.speed:.0f} steps a second",
                                   2000)


class ActionsPresenter:
    """The actions' checked and enabled states and words, as the state says."""

    def __init__(self, state, actions):
        self.state, self.actions = state, actions
        state.changed.connect(self._on_state_changed)
        self._on_state_changed(EVERYTHING)

    def _on_state_changed(self, parts) -> None:
        state, actions = self.state, self.actions
        if "display" in parts:
            display = state.session.display
            for key, action in actions.items():
                if action.isCheckable() and action.isChecked() != bool(getattr(display, key)):
                    action.setChecked(bool(getattr(display, key)))
        if "panels" in parts:
            count = len(state.session.panels)
            actions["add_panel"].setEnabled(count < 4)
            actions["remove_panel"].setEnabled(count > 1)
        if parts & {"mode", "regression"}:
            shown = names(state)
            actions["tune"].setStatusTip(tune_tip(shown.f))
            actions["arrows"].setText(f"Arrows of -{shown.grad} (the field)")
        if "history" in parts:
            actions["undo"].setEnabled(state.history.can_undo)
            actions["redo"].setEnabled(state.history.can_redo)
