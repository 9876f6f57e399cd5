"""The main window's menus and keyboard shortcuts.

Every action is also added to the window itself, so its shortcut works with the menu bar hidden
(full screen); Help > Keyboard shortcuts (``gradviz.gui.shortcuts``) lists them all, by menu.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

SPEED_FACTOR = 1.5
BIG_STEP = 10
POINT_ARROWS = (("grad_arrow", "Gradient arrow at the point", "G"),
                ("step_arrow", "Step arrow at the point", "T"),
                ("momentum_arrow", "Momentum arrow at the point", "M"))
LAYERS = (("contours", "Contour lines", "C"),
          ("arrows", "Arrows of -\u2207f (the field)", "A"), ("legend", "Legend of the marks", "K"))
DOCK_KEYS = {"controls": "Ctrl+1", "inspector": "Ctrl+2", "curves": "Ctrl+3", "slices": "Ctrl+4"}
DOCK_HELP = {"controls": "Controls on / off", "inspector": "Inspector on / off",
             "curves": "Curves by step on / off", "slices": "Slices on / off"}
THEMES = (("system", "System"), ("light", "Light"), ("dark", "Dark"))


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


def build_menus(window) -> dict:
    """Fill ``window``'s menu bar; returns the checkable actions by name."""
    c = window.controller
    actions = {}
    window.mode_actions = {}   # presentation, full screen, themes: not display options
    file_menu = window.menuBar().addMenu("&File")
    add_action(window, file_menu, "&Quit", ["Ctrl+Q"], window.close)

    function = window.menuBar().addMenu("F&unction")
    add_action(window, function, "Type a function", ["F2"], lambda: _edit_function(window),
               "Put the cursor in the function field")
    add_action(window, function, "Next preset", ["PgDown"], lambda: _next_preset(window, 1))
    add_action(window, function, "Previous preset", ["PgUp"], lambda: _next_preset(window, -1))

    play = window.menuBar().addMenu("&Playback")
    add_action(window, play, "Play / pause", ["Space"], c.toggle_play)
    add_action(window, play, "Step forward", ["Right"], lambda: c.step_by(1))
    add_action(window, play, "Step back", ["Left"], lambda: c.step_by(-1))
    add_action(window, play, f"{BIG_STEP} steps forward", ["Shift+Right"],
               lambda: c.step_by(BIG_STEP))
    add_action(window, play, f"{BIG_STEP} steps back", ["Shift+Left"],
               lambda: c.step_by(-BIG_STEP))
    add_action(window, play, "Back to step 0", ["Home"], c.reset)
    add_action(window, play, "To the last step", ["End"],
               lambda: window._on_step_requested(c.session.steps))
    play.addSeparator()
    add_action(window, play, "Faster", ["+", "="], lambda: window.scale_speed(SPEED_FACTOR))
    add_action(window, play, "Slower", ["-"], lambda: window.scale_speed(1 / SPEED_FACTOR))
    add_action(window, play, "Loop on / off", ["L"], window.playback.loop.click,
               "Start again after the last step")

    panels = window.menuBar().addMenu("Pa&nels")
    actions["add_panel"] = add_action(
        window, panels, "Add a comparison panel", ["Ctrl+Shift+N"], lambda: c.add_panel(),
        "Compare up to four optimizers on the same function, from the same start")
    actions["remove_panel"] = add_action(
        window, panels, "Remove the last panel", ["Ctrl+Shift+W"],
        lambda: c.remove_panel(len(c.session.panels) - 1))
    panels.addSeparator()
    actions["overlay"] = add_action(
        window, panels, "Overlay: every path on one landscape", ["O"],
        lambda on: window.set_display_option("overlay", on), checkable=True, name="overlay")
    actions["next_inspected"] = add_action(
        window, panels, "Inspect the next panel", ["I"], window.inspect_next_panel)
    actions["tune"] = add_action(
        window, panels, "Tune the learning rate of the inspected panel", ["Ctrl+L"],
        window.tune_inspected_panel, tune_tip("f"))
    panels.addSeparator()
    add_action(window, panels, "Basins of attraction...", ["Ctrl+B"], lambda: _basins(window),
               "Run the first two panels' optimizers from a grid of starts and colour the "
               "landscape by the minimum each start reaches")

    view = window.menuBar().addMenu("&View")
    for key, text, shortcut in LAYERS + POINT_ARROWS:
        actions[key] = add_action(
            window, view, text, [shortcut],
            lambda on, k=key: window.set_display_option(k, on), checkable=True, name=key)
    actions["view3d"] = add_action(
        window, view, "3D surface in place of the panels", ["3"],
        lambda on: window.set_display_option("view3d", on),
        "f as a surface with every path on it; drag to turn it", checkable=True, name="view3d")
    view.addSeparator()
    for name, dock in window.docks.items():
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(DOCK_KEYS[name]))
        toggle.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        toggle.setProperty("help_text", DOCK_HELP[name])
        view.addAction(toggle)
        window.addAction(toggle)
    view.addSeparator()
    add_action(window, view, "Reset zoom", ["Ctrl+0"], window.reset_zoom)
    view.addSeparator()
    _presentation_actions(window, view)
    _theme_menu(window, view)

    help_menu = window.menuBar().addMenu("&Help")
    add_action(window, help_menu, "Keyboard shortcuts", ["F1"], window.show_shortcuts)
    add_action(window, help_menu, "About gradviz", [], window.show_about)
    return actions


def _presentation_actions(window, view):
    """F11 presentation mode (checkable), Esc to leave it (enabled only then), plain full
    screen on Shift+F11. Stored in ``window.mode_actions``."""
    presentation = window.presentation
    modes = window.mode_actions
    modes["presentation"] = add_action(
        window, view, "Presentation mode", ["F11"], presentation.set_active,
        "Full screen, large type, thick lines: the controls a talk needs", checkable=True,
        name="presentation")
    modes["leave_presentation"] = add_action(
        window, view, "Leave presentation mode", ["Esc"], presentation.leave,
        name="leave_presentation")
    modes["leave_presentation"].setEnabled(False)
    modes["fullscreen"] = add_action(
        window, view, "Full screen", ["Shift+F11"], window.toggle_fullscreen, name="fullscreen")

    def on_toggled(on):
        modes["presentation"].setChecked(on)
        modes["leave_presentation"].setEnabled(on)

    presentation.toggled.connect(on_toggled)


def _theme_menu(window, view):
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
        window.mode_actions[f"theme_{mode}"] = action
    appearance.mode_changed.connect(
        lambda mode: window.mode_actions[f"theme_{mode}"].setChecked(True))


def _edit_function(window):
    field = window.controls.editor.line_edit
    window.docks["controls"].show()
    field.setFocus(Qt.FocusReason.ShortcutFocusReason)
    field.selectAll()


def _next_preset(window, delta):
    """The preset after (delta 1) or before (-1) the one shown, in the presets menu's order."""
    from gradviz.engine.presets import PRESETS

    keys = list(PRESETS)
    current = window.controller.session.preset
    index = keys.index(current) if current in keys else (-1 if delta > 0 else 0)
    key = keys[(index + delta) % len(keys)]
    window.controller.choose_preset(key)
    window.statusBar().showMessage(f"Preset: {PRESETS[key].name}", 3000)


def _basins(window):
    from gradviz.gui.basins_worker import open_basins

    window.basins_dialog = open_basins(window)
