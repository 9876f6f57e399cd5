"""In presentation mode the status bar's row goes to the landscapes and its messages float over
them for their time (status_toast.py); leaving brings the bar back."""

from gui_helpers import open_window
from PySide6.QtCore import QPoint, Qt

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.status_toast import MARGIN


def _window(qtbot):
    session = Session(text="x^2 + 3*y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.5, 1.5),
                      panels=(PanelConfig("gd", {"lr": 0.05}),), steps=40)
    win = open_window(qtbot, session, (1280, 720))
    qtbot.waitExposed(win)
    return win


def _rect_in(win, widget):
    top_left = widget.mapTo(win, QPoint(0, 0))
    return top_left.x(), top_left.y(), widget.width(), widget.height()


def test_f11_gives_the_status_bars_row_to_the_landscapes_and_shows_its_message_over_them(qtbot):
    win = _window(qtbot)
    toast = win.presentation.toast
    assert win.statusBar().isVisible() and not toast.label.isVisible()
    win.presentation.set_active(True)
    qtbot.waitUntil(lambda: toast.label.isVisible())
    assert not win.statusBar().isVisible()
    assert toast.text() == "Presentation mode: F11 or Esc to leave; F1 lists the keys."
    assert toast.label.height() < 2 * toast.label.fontMetrics().height()   # one line
    # the playback bar is the window's last row: nothing under it but the layout's margin
    qtbot.waitUntil(lambda: win.height() - sum(_rect_in(win, win.playback)[1::2]) <= 6)
    # over the landscapes, centred near their bottom, the mouse let through to them
    x, y, w, h = _rect_in(win, toast.label)
    cx, cy, cw, ch = _rect_in(win, win.center)
    assert cx <= x and x + w <= cx + cw and abs((x + w / 2) - (cx + cw / 2)) <= 1
    assert y + h == cy + ch - MARGIN
    assert toast.label.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert toast.label.font().pointSizeF() == win.font().pointSizeF()   # presentation type


def test_a_message_during_the_talk_shows_for_its_time_and_esc_brings_the_bar_back(qtbot):
    win = _window(qtbot)
    toast = win.presentation.toast
    win.presentation.set_active(True)
    win.statusBar().showMessage("Saved talk.gradviz.json", 300)
    assert toast.text() == "Saved talk.gradviz.json"
    qtbot.waitUntil(lambda: not toast.label.isVisible(), timeout=3000)   # its time is over
    assert toast.text() == ""
    win.statusBar().showMessage("A message " * 40)   # long: wrapped within the landscapes
    x, _, w, _ = _rect_in(win, toast.label)
    cx, _, cw, _ = _rect_in(win, win.center)
    assert cx <= x and x + w <= cx + cw
    assert toast.label.height() > 2 * toast.label.fontMetrics().height()
    win.presentation.set_active(False)
    assert not toast.label.isVisible()
    qtbot.waitUntil(lambda: win.statusBar().isVisible())
    win.statusBar().showMessage("Back in the window", 1000)
    assert not toast.label.isVisible() and win.statusBar().currentMessage() == "Back in the window"
