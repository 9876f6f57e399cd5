"""Presentation mode (F11): what a lecture needs, large, on a full screen; F11 or Esc goes back.

Entering remembers the window exactly (dock layout and sizes, geometry, window state, menu and
status bars), then goes full screen, hides the menu bar (every key still works) and the status
bar (its messages float over the landscapes for their time: ``status_toast.py``), folds the
control column away to a handle on the left edge (``column_fold.py``; opened with Ctrl+1 or a
click, it shows the function, its presets and parameters, ``ControlColumn.set_compact``),
closes the inspector and slices docks (on a short screen the curves too, which then come
back only into height the landscapes leave unused: ``spare_curves.py``), and switches the
style to presentation size and high contrast (``Appearance.set_presentation``: larger fonts,
thicker paths, bigger markers and arrows). Leaving undoes each step and restores what was
remembered.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QObject, QRect, Qt, QTimer, Signal

from gradviz.gui.spare_curves import SpareCurves
from gradviz.gui.status_toast import StatusToast

FOLDED_DOCKS = ("controls", "inspector", "slices")
"""Docks a talk does without: the control column folds to a handle (column_fold.py, Ctrl+1),
the inspector and slices are in the View menu (Ctrl+2, Ctrl+4)."""
TALL_SCREEN = 900
"""On a screen shorter than this (a 1280x720 projector) the curves dock closes too (Ctrl+3),
and comes back only into height the landscapes leave unused (``spare_curves.py``)."""


@dataclass
class _Saved:
    state: QByteArray           # QMainWindow.saveState(): docks, their sizes and visibility
    geometry: QRect             # the window's own geometry, as it was
    window_state: Qt.WindowState
    status_bar: bool
    menu_bar: bool


class Presentation(QObject):
    """Presentation mode of ``window`` (a MainWindow with ``appearance``, ``controls``, ``docks``).

    Signal ``toggled(bool)`` after entering or leaving.
    """

    toggled = Signal(bool)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._saved: _Saved | None = None
        self.spare_curves = SpareCurves(window, window.panels, window.docks["curves"])
        self.toast = StatusToast(window, window.center)   # the status bar's messages, floating

    @property
    def active(self) -> bool:
        return self._saved is not None

    def toggle(self) -> None:
        self.set_active(not self.active)

    def leave(self) -> None:
        self.set_active(False)

    def set_active(self, on: bool) -> None:
        if bool(on) == self.active:
            return
        self._enter() if on else self._leave()
        self.toggled.emit(self.active)

    def _enter(self) -> None:
        w = self.window
        self._saved = _Saved(state=w.saveState(), geometry=QRect(w.geometry()),
                             window_state=w.windowState(),
                             status_bar=not w.statusBar().isHidden(),
                             menu_bar=not w.menuBar().isHidden())
        w.menuBar().hide()   # its actions are the window's too: every key still works
        w.controls.set_compact(True)
        w.column.set_paused(True)
        short = screen_height(w) < TALL_SCREEN
        curves_open = not w.docks["curves"].isHidden()   # closed by the person: stay closed
        for name in FOLDED_DOCKS + (("curves",) if short else ()):
            w.docks[name].hide()
        w.appearance.set_presentation(True)
        w.showFullScreen()
        if short and curves_open:
            self.spare_curves.start()
        w.statusBar().hide()   # its row goes to the landscapes; its messages float instead
        self.toast.set_active(True)
        w.statusBar().showMessage("Presentation mode: F11 or Esc to leave; F1 lists the keys.",
                                  6000)

    def _leave(self) -> None:
        w, saved = self.window, self._saved
        self._saved = None
        self.spare_curves.stop()
        w.appearance.set_presentation(False)
        w.controls.set_compact(False)
        w.column.set_paused(False)
        self.toast.set_active(False)
        w.statusBar().clearMessage()
        state = saved.window_state
        if state & Qt.WindowState.WindowFullScreen:
            w.showFullScreen()
        elif state & Qt.WindowState.WindowMaximized:
            w.showMaximized()
        else:
            w.showNormal()
            w.setGeometry(saved.geometry)   # exactly (restoreGeometry would fit it to a screen)
        w.statusBar().setVisible(saved.status_bar)
        w.menuBar().setVisible(saved.menu_bar)
        w.restoreState(saved.state)
        # The window manager may resize the window a moment later (leaving full screen is
        # asynchronous on X11): lay the docks out again once it has.
        QTimer.singleShot(0, lambda: _restore_state(w, saved.state))


def screen_height(window) -> int:
    """The height of the screen ``window`` is on, in logical pixels (a large one if unknown)."""
    screen = window.screen()
    return screen.geometry().height() if screen is not None else 10**6


def _restore_state(window, state) -> None:
    try:
        window.restoreState(state)
    except RuntimeError:   # the window was closed meanwhile
        pass
