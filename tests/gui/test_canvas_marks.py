"""What sits on a landscape hides nothing it should not (the gallery's review): the canvas
legend keeps off the start, the minimum and every path of the overlay; no empty dark box."""

import numpy as np
from gui_helpers import open_window

from gradviz.gui.views.canvas_legend import quietest_corner, to_pixels


def test_a_corner_over_a_little_path_beats_the_one_over_the_start():
    area, size = (300.0, 300.0), (100.0, 80.0)
    path = np.array([[250.0, 30.0], [260.0, 40.0], [30.0, 250.0], [40.0, 260.0],
                     [250.0, 250.0], [260.0, 260.0]])   # two points in three corners
    start = np.array([[40.0, 40.0]])                   # alone in the top left
    assert quietest_corner(size, area, np.vstack([path, start])) == "top-left"   # as before
    assert quietest_corner(size, area, path, marks=start) != "top-left"


def _legend_covers(view, points):
    legend = view.marks.legend
    x, y = legend.pos().x(), legend.pos().y()
    w, h = legend.size()
    pix = to_pixels(view.view_box, points)
    return int(((pix[:, 0] >= x) & (pix[:, 0] <= x + w)
                & (pix[:, 1] >= y) & (pix[:, 1] <= y + h)).sum())


def _view(qtbot, size):
    from gradviz.gui.views.landscape import LandscapeView

    view = LandscapeView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_overlay_legend_keeps_off_every_path(qtbot):
    """The legend counted the view's own path only: the overlay's other paths went under it."""
    view = _view(qtbot, (520, 480))
    view.set_view_range(((-3.0, 3.0), (-3.0, 3.0)))
    view.set_legend_visible(True)
    view.set_overlay([("#E69F00", "GD, lr 0.02"), ("#56B4E9", "GD, lr 0.09")])
    view.set_layer_path(0, np.array([[0.0, 0.0], [0.1, 0.0]]))
    left = np.column_stack([np.full(60, -2.6), np.linspace(-2.9, 2.9, 60)])   # up the left
    view.set_layer_path(1, left)
    view.marks.place()
    assert view.marks.legend.isVisible()
    assert _legend_covers(view, left) == 0
    assert view.marks.legend.corner == "bottom-right"   # top right: the overlay's own legend


def test_no_empty_label_box_on_a_landscape(qtbot):
    # the Hessian axes' label (ideas) painted its dark box, empty, at (0, 0) in every panel
    window = open_window(qtbot, None, (1280, 720))
    for view in window.views:
        assert not view.ideas.axis_label.isVisible()


def test_the_overlay_legend_fits_its_plot_by_shorter_names(qtbot):
    """A narrow overlay plot cut the legend's left part, the names ("lr 0.02: paused")."""
    view = _view(qtbot, (380, 340))
    entries = [("#E69F00", "Gradient descent, lr 0.02: paused"),
               ("#56B4E9", "Gradient descent, lr 0.09: paused"),
               ("#CC79A7", "Gradient descent, lr 0.11: diverging since step 1")]
    view.set_overlay(entries)
    legend = view.legend.legend
    assert view.legend.texts()[2].startswith("GD") and "0.11" in view.legend.texts()[2]
    box = view.view_box.boundingRect()
    left = legend.mapRectToItem(view.view_box, legend.boundingRect()).left()
    assert 0 <= left and legend.boundingRect().width() <= box.width()
    view.resize(1200, 900)
    qtbot.wait(30)
    assert view.legend.texts() == [text for _, text in entries]
