"""Presentation mode (F11): what a lecture needs, large; F11 or Esc brings back every value."""

import numpy as np
import pytest
from gui_helpers import open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.views.panel_header import TITLE_SCALES
from gradviz.state.intents import SetStep

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"


@pytest.fixture
def window(qtbot):
    session = Session(text=ROSENBROCK, domain=((-2.0, 2.0), (-1.0, 3.0)), start=(-1.5, 2.5),
                      panels=(PanelConfig("gd", {"lr": 5e-4}),
                              PanelConfig("adam", {"lr": 0.05})), steps=100)
    win = open_window(qtbot, session, (1600, 900))
    win.state.apply(SetStep(40))
    qtbot.waitExposed(win)
    return win


def settle():
    for _ in range(5):
        QApplication.processEvents()


def on_screen(win):
    """Sizes, widths and visibility a person would notice, read back from the widgets."""
    view, controls = win.views[0], win.controls
    return {
        "app_pt": QApplication.instance().font().pointSizeF(),
        "title_pt": view.header.title_label.font().pointSizeF(),
        "readout_pt": view.readout.value_labels["f"].font().pointSizeF(),
        "editor_pt": controls.editor.line_edit.font().pointSizeF(),
        "heading_pt": controls.widget().findChildren(type(view.header.status_label))[0]
        .font().pointSizeF(),
        "inspector_pt": win.inspector.title.font().pointSizeF(),
        "tick_pt": view.plot.getAxis("bottom").style["tickFont"].pointSizeF(),
        "path_width": view.items.path._pens[1].widthF(),
        "halo_width": view.items.path._pens[0].widthF(),
        "marker_size": view.items.current.opts["size"],
        "arrow_width": view.arrows.item._pens["grad"][1].widthF(),
        "curve_width": win.curves.f_plot.curves[0].opts["pen"].widthF(),
        "column_width": controls.width(),
        "details_shown": [not w.isHidden() for w in controls.details()],
        "all_settings_button": not controls.more_button.isHidden(),
        "docks": {name: not dock.isHidden() for name, dock in win.docks.items()},
        "dock_sizes": {name: (dock.width(), dock.height()) for name, dock in win.docks.items()},
        "full_screen": win.isFullScreen(),
        "size": (win.width(), win.height()),
    }


def test_f11_enlarges_what_a_talk_needs_and_esc_restores_every_value(qtbot, window):
    before = on_screen(window)
    state = window.saveState()
    assert before["docks"] == {"controls": True, "inspector": True, "curves": True,
                               "slices": True, "data": False,   # data: regression mode only
                               "backprop": False}   # opened from the View menu
    assert not before["full_screen"] and not before["all_settings_button"]

    qtbot.keyClick(window, Qt.Key.Key_F11)
    settle()
    shown = on_screen(window)
    assert window.presentation.active and shown["full_screen"]
    assert window.mode_actions["presentation"].isChecked()
    # the control column folds to a handle on the left edge; Ctrl+1 opens it with the
    # function, presets and parameters, the rest folded under "All settings"
    assert not shown["docks"]["controls"] and window.controls_handle.isVisible()
    assert not shown["docks"]["inspector"] and not shown["docks"]["slices"]
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert window.docks["controls"].isVisible() and not window.controls_handle.isVisible()
    assert not any(not w.isHidden() for w in window.controls.details())
    assert not window.controls.more_button.isHidden()
    assert window.controls.editor.isVisible() and window.controls.editor.presets_button.isVisible()
    shown = on_screen(window)
    for key in ("app_pt", "readout_pt", "editor_pt", "heading_pt", "inspector_pt", "tick_pt"):
        assert shown[key] == pytest.approx(1.4 * before[key]), key
    # the title grows as much as its panel lets it (then a shorter spelling, smaller type)
    assert any(shown["title_pt"] == pytest.approx(1.4 * before["title_pt"] * scale)
               for scale in TITLE_SCALES), shown["title_pt"]
    assert shown["path_width"] == 5.0 > before["path_width"] == 3.0
    assert shown["halo_width"] > before["halo_width"]
    assert shown["marker_size"] > before["marker_size"]
    assert shown["arrow_width"] > before["arrow_width"]
    assert shown["curve_width"] > before["curve_width"]
    assert shown["column_width"] >= before["column_width"]

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    settle()
    assert not window.presentation.active and not window.mode_actions["presentation"].isChecked()
    assert on_screen(window) == before
    assert window.saveState() == state


def test_f11_twice_comes_back_too_and_a_dock_closed_before_stays_closed(qtbot, window):
    window.docks["curves"].hide()
    settle()
    before = on_screen(window)
    window.mode_actions["presentation"].trigger()
    settle()
    window.mode_actions["presentation"].trigger()
    settle()
    assert on_screen(window) == before and not before["docks"]["curves"]


def test_f11_and_esc_work_while_the_function_is_being_typed(qtbot, window):
    field = window.controls.editor.line_edit
    field.setFocus()
    qtbot.keyClicks(field, " + x")
    text = field.text()
    qtbot.keyClick(field, Qt.Key.Key_F11)
    assert window.presentation.active
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not window.presentation.active
    assert field.text() == text        # the keys did not end up in the text
    qtbot.keyClick(field, Qt.Key.Key_Escape)   # Esc outside presentation mode does nothing
    assert not window.presentation.active and not window.isFullScreen()


def test_all_settings_opens_the_folded_sections_and_leaving_keeps_them_as_before(qtbot, window):
    window.presentation.set_active(True)
    qtbot.mouseClick(window.controls_handle, Qt.MouseButton.LeftButton)   # open the column
    assert window.docks["controls"].isVisible()
    controls = window.controls
    qtbot.mouseClick(controls.more_button, Qt.MouseButton.LeftButton)
    assert controls.run_settings.isVisible() and controls.display.isVisible()
    qtbot.mouseClick(controls.more_button, Qt.MouseButton.LeftButton)
    assert not controls.run_settings.isVisible()
    window.presentation.set_active(False)
    assert controls.run_settings.isVisible() and not controls.more_button.isVisible()


def test_a_panel_added_during_the_talk_is_large_too_and_normal_afterwards(qtbot, window):
    window.presentation.set_active(True)
    window.actions_by_name["add_panel"].trigger()
    settle()
    new = window.views[2]
    assert new.items.path._pens[1].widthF() == 5.0
    assert window.controls.optimizers[2].isHidden()   # folded like the other panel settings
    window.presentation.set_active(False)
    settle()
    assert new.items.path._pens[1].widthF() == 3.0
    assert new.header.title_label.font().pointSizeF() == \
        window.views[0].header.title_label.font().pointSizeF()
    assert not window.controls.optimizers[2].isHidden()


def test_presentation_keeps_the_theme(qtbot, window):
    window.appearance.set_mode("dark")
    window.presentation.set_active(True)
    style = window.appearance.style
    assert style.dark and style.presentation
    assert window.views[0].graphics.backgroundBrush().color().name() == "#000000"  # contrast
    window.presentation.set_active(False)
    assert window.views[0].graphics.backgroundBrush().color().name() == "#1c1c1c"
    window.appearance.set_mode("light")


def title_text_rows(dock):
    """How many rows of pixels the dock's title text covers (its float and close buttons on
    the right left out): the height of "Controls" as painted."""
    from gradviz.gui.frames import qimage_to_rgb

    top = dock.widget().geometry().top()          # the title bar is above the dock's widget
    picture = qimage_to_rgb(dock.grab().toImage()).astype(int)[:top, : dock.width() - 70]
    background = picture[0, -1]
    ink = np.abs(picture - background).sum(axis=2) > 150
    return int(ink.any(axis=1).sum())


def indicator(box):
    """The check box's indicator as the style lays it out (and paints it): (width, height)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    return rect.width(), rect.height()


def chrome(win):
    boxes = [win.curves.checks["log_f"], win.controls.display.findChild(QCheckBox, "contours")]
    return {"titles": {name: title_text_rows(dock) for name, dock in win.docks.items()
                       if dock.isVisible()},
            "indicators": [indicator(box) for box in boxes],
            "box_hints": [box.sizeHint() for box in boxes],
            "title_bars": {name: dock.widget().geometry().top()
                           for name, dock in win.docks.items() if dock.isVisible()},
            "sheets": [dock.styleSheet() for dock in win.docks.values()]}


def test_f11_enlarges_dock_titles_and_check_boxes_and_esc_restores_them(qtbot, window):
    window.controls.display.setVisible(True)
    settle()
    before = chrome(window)
    assert all(rows >= 7 for rows in before["titles"].values())      # "Controls" is painted
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)   # the column
    settle()
    shown = chrome(window)
    assert "controls" in shown["titles"]
    for name, rows in shown["titles"].items():     # the titles' type x1.4, as the rest
        rows = before["titles"][name]
        assert 1.25 <= shown["titles"][name] / rows <= 1.6, (name, rows, shown["titles"][name])
    for (w0, h0), (w1, h1) in zip(before["indicators"], shown["indicators"]):
        assert (w1, h1) == (round(1.4 * w0), round(1.4 * h0))
    for hint0, hint1 in zip(before["box_hints"], shown["box_hints"]):
        assert hint1.height() > hint0.height() and hint1.width() > hint0.width()
    assert all(top > before["title_bars"][name] for name, top in shown["title_bars"].items())
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    settle()
    assert chrome(window) == before


def test_the_first_f11_gives_the_landscapes_the_size_of_every_later_one(qtbot, monkeypatch):
    """pyqtgraph's first guess of an axis's label room (30 px) stayed until labels were 10 px
    narrower: at the first F11 every left axis kept 9 px its 21 px labels did not need, and
    three landscapes at 1280x720 were 249 px across, 261 px at every later F11."""
    import gradviz.gui.presentation as presentation_module
    from gradviz.gui.spare_curves import SpareCurves

    monkeypatch.setattr(SpareCurves, "decide", lambda self: None)   # the curves stay closed
    session = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.5),
                      panels=tuple(PanelConfig("gd", {"lr": lr}) for lr in (0.02, 0.09, 0.05)))
    win = open_window(qtbot, session, (1280, 720))
    monkeypatch.setattr(presentation_module, "screen_height", lambda window: 720)
    monkeypatch.setattr(win, "showFullScreen", lambda: win.resize(1280, 720))

    def boxes():   # once every box has its domain's shape, a square
        qtbot.waitUntil(lambda: all(abs(v.view_box.width() - v.view_box.height()) < 1.5
                                    for v in win.views))
        qtbot.wait(100)
        return [(round(v.view_box.width()), round(v.view_box.height())) for v in win.views]

    sizes = []
    for _ in range(2):
        win.presentation.set_active(True)
        presenting = boxes()
        win.presentation.set_active(False)
        sizes.append((presenting, boxes()))
    assert sizes[0] == sizes[1]
