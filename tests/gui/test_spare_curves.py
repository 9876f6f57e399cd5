"""Presentation mode on a 1280x720 projector: the curves take the height the landscapes leave
unused, and only that (spare_curves.py). Seen live before: two panels of example 1 in F11 left
75 px empty above them and 80 below, with the curves closed."""

import pytest
from gui_helpers import do, open_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.center_room import least_size
from gradviz.gui.spare_curves import READABLE, SLACK, SpareCurves
from gradviz.gui.views.plot_shape import box_aspect
from gradviz.state import intents as i

SQUARE, WIDE = ((-3.0, 3.0), (-3.0, 3.0)), ((-4.0, 4.0), (-2.0, 2.0))


def _present(qtbot, monkeypatch, panels, domain, size=(1280, 720)):
    """The window at ``size`` in presentation mode, ``panels`` panels on ``domain``, once
    every landscape is laid out and the curves had time to open or not."""
    import gradviz.gui.presentation as presentation_module

    session = Session(text="0.1*x^2 + 10*y^2", domain=domain, start=(-2.5, 1.5), steps=60,
                      panels=tuple(PanelConfig("gd", {"lr": lr})
                                   for lr in (0.02, 0.09, 0.05, 0.01)[:panels]))
    win = open_window(qtbot, session, size)
    do(win, i.SetStep(30))
    assert win.docks["curves"].isVisible()   # open before, as in a normal window
    monkeypatch.setattr(presentation_module, "screen_height", lambda window: size[1])
    monkeypatch.setattr(win, "showFullScreen", lambda: win.resize(*size))
    win.presentation.set_active(True)
    _settle(qtbot, win)
    return win


def _settle(qtbot, win):
    """Wait until every box has its domain's shape and the curves have decided (150 ms after
    the last change of the landscapes' room), then for the layout that followed."""
    aspect = box_aspect(win.state.session.domain)[0]

    def shaped():
        return all(v.shape.laid_out() and abs(v.view_box.width() - aspect * v.view_box.height())
                   < 2 * max(aspect, 1) for v in win.panels.visible_views())

    for _ in range(2):
        qtbot.waitUntil(lambda: shaped() and not win.presentation.spare_curves.pending(),
                        timeout=10000)
        qtbot.wait(100)


def _boxes(win):
    return [(round(v.view_box.width()), round(v.view_box.height()))
            for v in win.panels.visible_views()]


@pytest.mark.parametrize("panels", [3, 2])
def test_the_curves_take_the_unused_height_and_the_landscapes_keep_their_size(
        qtbot, monkeypatch, panels):
    """Panels of a domain twice as wide as tall leave 250-280 px (offscreen, 20 px lines)."""
    with monkeypatch.context() as patch:   # first as before: closed on a short screen
        patch.setattr(SpareCurves, "decide", lambda self: None)
        before = _present(qtbot, patch, panels, WIDE)
        assert not before.docks["curves"].isVisible()
        without = _boxes(before)
        before.close()
    win = _present(qtbot, monkeypatch, panels, WIDE)
    curves = win.docks["curves"]
    assert curves.isVisible()
    assert curves.height() >= least_size(curves).height()   # nothing of them cut
    assert win.curves.isVisible() and win.curves.height() >= 90
    # never smaller (an axis's width can differ by a few pixels between two windows: pyqtgraph
    # narrows an axis only when its labels got 10 px narrower)
    assert all(a >= b - 1 for box, other in zip(_boxes(win), without)
               for a, b in zip(box, other)), (_boxes(win), without)


@pytest.mark.parametrize("panels", [1, 2, 4])
def test_landscapes_limited_by_the_height_keep_it_all(qtbot, monkeypatch, panels):
    win = _present(qtbot, monkeypatch, panels, SQUARE)
    assert not win.docks["curves"].isVisible()
    assert win.panels.unused_height() < least_size(win.docks["curves"]).height()


def test_the_curves_close_again_when_the_landscapes_would_be_larger_without_them(
        qtbot, monkeypatch):
    win = _present(qtbot, monkeypatch, 3, WIDE)
    assert win.docks["curves"].isVisible()
    do(win, i.RemovePanel(2), i.RemovePanel(1))   # one wide landscape: nearly the height
    _settle(qtbot, win)
    assert not win.docks["curves"].isVisible()
    assert win.panels.unused_height() < READABLE * QFontMetrics(win.font()).height()
    do(win, i.AddPanel(), i.AddPanel())
    _settle(qtbot, win)
    assert win.docks["curves"].isVisible()


def test_ctrl_3_in_presentation_mode_is_the_persons_to_say(qtbot, monkeypatch):
    win = _present(qtbot, monkeypatch, 3, WIDE)
    curves = win.docks["curves"]
    assert curves.isVisible()
    qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert not curves.isVisible()
    do(win, i.RemovePanel(2))
    do(win, i.AddPanel())
    _settle(qtbot, win)
    assert not curves.isVisible()        # closed by the person: stays closed
    win.presentation.set_active(False)   # and leaving gives back the window as it was
    _settle(qtbot, win)
    assert curves.isVisible()


def test_a_tall_screen_keeps_the_curves_as_they_were(qtbot, monkeypatch):
    win = _present(qtbot, monkeypatch, 1, SQUARE, size=(1920, 1080))
    assert win.docks["curves"].isVisible()
    assert not win.presentation.spare_curves.active


def test_a_band_too_low_to_read_them_in_stays_empty(qtbot, monkeypatch):
    """Two panels of a 5 x 4 domain leave ~120 px, where the curves' plots would be 45 px
    high, their numbers overlapping. (Example 1's 6 x 4 left 150 px while the status bar
    had its row in presentation mode; now 180, and the curves open there.)"""
    win = _present(qtbot, monkeypatch, 2, ((-2.5, 2.5), (-2.0, 2.0)))
    line = QFontMetrics(win.font()).height()
    separator = win.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None,
                                        win)
    unused = win.panels.unused_height()   # 120 px here, ~16 more in a fresh Debian root
    assert least_size(win.docks["curves"]).height() < unused   # their least height fits...
    assert unused - separator - SLACK < READABLE * line        # ... eight lines do not
    assert not win.docks["curves"].isVisible()


def test_another_dock_opening_closes_them_and_its_closing_brings_them_back(qtbot, monkeypatch):
    """The dock area below spans the window: open curves would take the backprop graph's
    height (its first nodes were then scrolled out of sight at 1280x720)."""
    win = _present(qtbot, monkeypatch, 3, WIDE)
    curves, backprop = win.docks["curves"], win.docks["backprop"]
    assert curves.isVisible()
    qtbot.keyClick(win, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert backprop.isVisible() and not curves.isVisible()   # at once, not 150 ms later
    _settle(qtbot, win)
    assert not curves.isVisible()
    qtbot.keyClick(win, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    _settle(qtbot, win)
    assert not backprop.isVisible() and curves.isVisible()


def test_curves_closed_before_f11_stay_closed(qtbot, monkeypatch):
    """The person closed them: presentation mode does not bring them back, room or not."""
    import gradviz.gui.presentation as presentation_module

    session = Session(text="0.1*x^2 + 10*y^2", domain=WIDE, start=(-2.5, 1.5), steps=60,
                      panels=tuple(PanelConfig("gd", {"lr": lr}) for lr in (0.02, 0.09, 0.05)))
    win = open_window(qtbot, session, (1280, 720))
    win.docks["curves"].hide()
    monkeypatch.setattr(presentation_module, "screen_height", lambda window: 720)
    monkeypatch.setattr(win, "showFullScreen", lambda: win.resize(1280, 720))
    win.presentation.set_active(True)
    _settle(qtbot, win)
    assert win.panels.unused_height() > 250   # room enough: three wide panels
    assert not win.docks["curves"].isVisible()


def test_a_lesson_has_the_docks_to_itself(qtbot, monkeypatch, tmp_path):
    """A lesson's scenes open the docks they need (lesson_window.Highlighter); curves opened
    here would have closed one of them when the scene opened another dock. A scene of three
    wide panels leaves the band, and the curves stay closed for it."""
    import json

    from gradviz.gui.lesson_window import start_lesson_file
    from gradviz.state import lesson_intents as li

    panels = [{"optimizer": "gd", "hyper": {"lr": lr}} for lr in (0.02, 0.09, 0.05)]
    scene = {"session": {"title": "Three", "text": "0.1*x^2 + 10*y^2",
                         "domain": [list(WIDE[0]), list(WIDE[1])], "start": [-2.5, 1.5],
                         "panels": panels, "steps": 60},
             "narration": "Three wide panels.", "highlight": ["landscape"]}
    path = tmp_path / "three.gradviz-lesson.json"
    path.write_text(json.dumps({"format": "gradviz-lesson", "version": 1, "title": "Three",
                                "summary": "Three wide panels.", "scenes": [scene, scene]}))
    win = _present(qtbot, monkeypatch, 3, WIDE)
    spare = win.presentation.spare_curves
    assert win.docks["curves"].isVisible() and spare.opened
    assert start_lesson_file(win, path)
    win.state.flush()
    _settle(qtbot, win)
    assert not win.docks["curves"].isVisible() and not spare.opened
    assert win.panels.unused_height() > 200   # the band is there, under the caption too
    win.state.apply(li.LeaveLesson())
    win.state.flush()
    _settle(qtbot, win)
    assert win.docks["curves"].isVisible()   # the session's three wide panels again
