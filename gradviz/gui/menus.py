"""The main window's menus and keyboard shortcuts.

Every action is also added to the window itself, so its shortcut works with the menu bar hidden
(full screen); Help > Keyboard shortcuts lists them all.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

SPEED_FACTOR = 1.5
POINT_ARROWS = (("grad_arrow", "Gradient arrow at the point", "G"),
                ("step_arrow", "Step arrow at the point", "T"),
                ("momentum_arrow", "Momentum arrow at the point", "M"))
DOCK_KEYS = {"controls": "Ctrl+1", "inspector": "Ctrl+2", "curves": "Ctrl+3", "slices": "Ctrl+4"}
THEMES = (("system", "System"), ("light", "Light"), ("dark", "Dark"))


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
    window.mode_actions = {}   # full screen, themes: not display options
    file_menu = window.menuBar().addMenu("&File")
    add_action(window, file_menu, "&Quit", ["Ctrl+Q"], window.close)

    play = window.menuBar().addMenu("&Playback")
    add_action(window, play, "Play / pause", ["Space"], c.toggle_play)
    add_action(window, play, "Step forward", ["Right"], lambda: c.step_by(1))
    add_action(window, play, "Step back", ["Left"], lambda: c.step_by(-1))
    add_action(window, play, "Back to step 0", ["Home"], c.reset)
    add_action(window, play, "Faster", ["+", "="], lambda: window.scale_speed(SPEED_FACTOR))
    add_action(window, play, "Slower", ["-"], lambda: window.scale_speed(1 / SPEED_FACTOR))

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
    add_action(window, panels, "Tune the learning rate of the inspected panel", ["Ctrl+L"],
               window.tune_inspected_panel,
               "Sweep 25 learning rates from 1e-5 to 10 at the same step budget and keep the "
               "one with the lowest final f")
    panels.addSeparator()
    add_action(window, panels, "Basins of attraction...", ["Ctrl+B"], lambda: _basins(window),
               "Run the first two panels' optimizers from a grid of starts and colour the "
               "landscape by the minimum each start reaches")

    view = window.menuBar().addMenu("&View")
    for key, text, shortcut in POINT_ARROWS:
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
        view.addAction(toggle)
        window.addAction(toggle)
    view.addSeparator()
    add_action(window, view, "Reset zoom", ["Ctrl+0"], window.reset_zoom)
    add_action(window, view, "Full screen", ["F11"], window.toggle_fullscreen)
    _theme_menu(window, view)

    help_menu = window.menuBar().addMenu("&Help")
    add_action(window, help_menu, "Keyboard shortcuts", ["F1"], window.show_shortcuts)
    add_action(window, help_menu, "About gradviz", [], window.show_about)
    return actions


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


def _basins(window):
    from gradviz.gui.basins_worker import open_basins

    window.basins_dialog = open_basins(window)
