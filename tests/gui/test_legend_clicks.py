"""A click on a legend hides and moves nothing: pyqtgraph's legend samples switch their item
off on a click, so a click on a fitted line's entry in the regression data view hid that line
(seen live), and one on the overlay's legend swapped a path's sample for an eye icon; and a
click on a landscape's legend (the overlay's, the canvas legend) moved the start under it."""

from gui_helpers import do, open_window
from PySide6.QtCore import Qt

from gradviz.engine import session as sessions
from gradviz.state import intents as i


def test_a_click_on_a_fitted_lines_entry_leaves_the_line_shown(qtbot):
    win = open_window(qtbot, sessions.from_preset("booth", optimizers=("gd", "adam"), steps=60),
                      (1280, 720))
    do(win, i.SetMode("regression"))
    qtbot.wait(50)
    view = win.data_view
    assert view.legend.isVisible() and len(view.legend.items) == 2
    houses = len(win.state.objective.data.x)
    for sample, _ in view.legend.items:
        line = sample.item
        assert line.isVisible()
        at = view.plot_widget.mapFromScene(sample.sceneBoundingRect().center())
        qtbot.mouseClick(view.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=at)
        win.state.flush()
        assert line.isVisible()          # before: hidden by the click
        assert sample.item is line and line in view.lines
    assert len(win.state.objective.data.x) == houses   # and no house was added under it


def test_a_click_on_the_overlays_legend_leaves_its_samples(qtbot):
    win = open_window(qtbot, sessions.from_preset("booth", optimizers=("gd", "adam"), steps=60),
                      (1280, 720))
    do(win, i.SetDisplay("overlay", True))
    qtbot.wait(50)
    view = win.views[0]
    legend = view.legend.legend
    assert legend.isVisible() and len(legend.items) == 2
    start = win.state.session.start
    for sample, _ in legend.items:
        at = view.graphics.mapFromScene(sample.sceneBoundingRect().center())
        qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=at)
        assert sample.item.isVisible()    # before: switched off, an eye drawn in its place
    assert win.state.session.start == start   # before: the start jumped under the legend


def test_a_click_on_the_canvas_legend_moves_no_start(qtbot):
    win = open_window(qtbot, sessions.from_preset("booth", optimizers=("gd", "adam"), steps=60),
                      (1600, 900))
    view = win.views[0]
    qtbot.waitUntil(lambda: view.legend_texts() != [])
    legend = view.marks.legend
    start = win.state.session.start
    at = view.graphics.mapFromScene(legend.sceneBoundingRect().center())
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=at)
    win.state.flush()
    assert win.state.session.start == start
    beside = view.graphics.mapFromScene(view.view_box.sceneBoundingRect().center())
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=beside)
    win.state.flush()
    assert win.state.session.start != start    # a click on the landscape still moves it
