"""The readout under the plot or beside it (panel_arrangement.py): the rule with numbers worked
by hand, and a panel that changes shape taking the arrangement that gives its plot more room."""

import pytest
from PySide6.QtCore import QPoint

from gradviz.engine.expression import parse_expression
from gradviz.engine.field import display_values, sample_grid
from gradviz.gui.views.landscape import LandscapeView
from gradviz.gui.views.panel_arrangement import GAIN, box_height, readout_beside


def test_box_height_is_the_largest_box_of_the_aspect_in_the_room():
    assert box_height(100, 50, 2.0) == 50      # 100 x 50: both sides touch
    assert box_height(100, 80, 2.0) == 50      # limited by the width
    assert box_height(300, 80, 1.0) == 80      # limited by the height
    assert box_height(-5, 80, 1.0) == 0.0      # no room at all


# panel 617 x 332 (four at 1280x720 in presentation mode), title 40, readout line 30, its
# column 200 x 150, axes and colour bar 120 x 50, spacing 2
FOUR = dict(header=40, line=30, column=(200, 150), chrome=(120, 50), spacing=2)


def test_a_wide_short_panel_takes_the_readout_beside_its_plot():
    # under: min(617 - 120, 332 - 40 - 30 - 4 - 50) = min(497, 208) = 208
    # beside: min(617 - 200 - 2 - 120, 332 - 40 - 2 - 50) = min(295, 240) = 240: 32 px more
    assert readout_beside((617, 332), aspect=1.0, **FOUR)


def test_a_gain_of_gain_pixels_or_less_keeps_it_under():
    # a readout line of 4 px: under 332 - 40 - 4 - 4 - 50 = 234, beside 240: 6 px
    assert GAIN == 6
    assert not readout_beside((617, 332), aspect=1.0, **dict(FOUR, line=4))
    assert readout_beside((617, 332), aspect=1.0, **dict(FOUR, line=5))   # 7 px


def test_a_plot_the_column_would_narrow_keeps_it_under():
    # 489 x 292: under min(369, 168) = 168; beside min(489 - 322, 200) = 167, limited by the
    # width (the column would narrow the plot)
    assert not readout_beside((489, 292), aspect=1.0, **FOUR)
    # a domain twice as wide as tall: under min(497 / 2, 208) = 208, beside 295 / 2 = 147.5
    assert not readout_beside((617, 332), aspect=2.0, **FOUR)


def test_a_column_taller_than_the_panel_leaves_keeps_it_under():
    # 332 - 40 - 2 = 290 px beside the plot: a column of 291 would be cut
    assert readout_beside((617, 332), aspect=1.0, **dict(FOUR, column=(200, 290)))
    assert not readout_beside((617, 332), aspect=1.0, **dict(FOUR, column=(200, 291)))


def _view(qtbot, size):
    view = LandscapeView()
    qtbot.addWidget(view)
    grid = sample_grid(parse_expression("x^2 + y^2"), ((-2.0, 2.0), (-2.0, 2.0)), n=21)
    view.set_landscape(grid.xs, grid.ys, display_values(grid.f), None, [], "f")
    view.set_readout(12, 0.5, -0.25, 0.3125, 1.118)
    view.resize(*size)
    view.show()
    return view


def _side(view) -> float:
    return min(view.view_box.width(), view.view_box.height())


def test_a_panel_taller_than_wide_keeps_it_under_and_a_short_one_puts_it_beside(qtbot,
                                                                             monkeypatch):
    from gradviz.gui.views import panel_arrangement

    view = _view(qtbot, (560, 620))
    qtbot.waitUntil(lambda: view.shape.laid_out() and view.readout.mode == "wide")
    assert not view.arrangement.beside
    assert view.readout.geometry().top() > view.graphics.geometry().bottom()   # under it
    view.resize(640, 330)
    qtbot.waitUntil(lambda: view.arrangement.beside)
    qtbot.waitUntil(lambda: abs(view.view_box.width() - view.view_box.height()) < 1.5)
    assert view.readout.mode == "column"
    readout, graphics = view.readout.geometry(), view.graphics.geometry()
    assert readout.left() > graphics.right() and readout.right() < view.width()
    assert view.readout.text() == "step 12  x 0.5000  y -0.2500  f 0.3125  |\u2207f| 1.118"
    beside = _side(view)
    # the same panel with the readout kept under the plot: a smaller plot
    with monkeypatch.context() as patch:
        patch.setattr(panel_arrangement, "GAIN", 10**6)
        view.arrangement.decide()
        assert not view.arrangement.beside
        qtbot.waitUntil(lambda: view.readout.geometry().top() > view.graphics.geometry().bottom()
                        and _side(view) < beside - GAIN)
        assert abs(view.view_box.width() - view.view_box.height()) < 1.5
    view.resize(560, 620)   # tall again: under it, in two rows
    qtbot.waitUntil(lambda: not view.arrangement.beside and view.readout.mode == "wide")
    qtbot.waitUntil(lambda: view.readout.geometry().top() > view.graphics.geometry().bottom())
    # no longer held to the column's width, nor the plot to the width beside it
    assert view.readout.maximumWidth() > view.width()
    assert view.graphics.maximumWidth() > view.width()


@pytest.mark.parametrize("size", [(640, 330), (560, 620)])
def test_nothing_of_the_readout_is_cut_either_way(qtbot, size):
    from test_nothing_cut import _fits

    view = _view(qtbot, size)
    short = size[0] > size[1]
    qtbot.waitUntil(lambda: view.shape.laid_out() and view.arrangement.beside == short
                    and not view.arrangement.pending())
    qtbot.wait(50)
    for key, label in view.readout.value_labels.items():
        if not label.isHidden():
            assert _fits(label), (key, label.text())
            corner = label.mapTo(view, QPoint(label.width(), label.height()))
            assert view.rect().contains(corner), (key, corner)


@pytest.mark.parametrize("presentation", [False, True])
def test_the_panels_shown_place_their_readouts_alike(qtbot, monkeypatch, presentation):
    """Four panels at 1920x1080 beside the inspector and slices are 346 and 347 px high, on
    the edge of the rule: decided each for itself, one kept its readout under the plot and
    the row's boxes took its smaller room. In presentation mode at 1280x720, all beside."""
    from test_landscape_room import _window as present
    from test_window_layout import _window

    if presentation:
        win = present(qtbot, monkeypatch, (1280, 720), 4, True)
    else:
        win = _window(qtbot, 1920, 1080, 4, ("inspector", "slices"))
    views = win.panels.visible_views()
    qtbot.waitUntil(lambda: not any(v.arrangement.pending() for v in views))
    qtbot.wait(100)
    assert len({v.arrangement.beside for v in views}) == 1
    assert len({v.readout.mode for v in views}) == 1
    sides = [min(v.view_box.width(), v.view_box.height()) for v in views]
    assert max(sides) - min(sides) <= 1, sides
    assert views[0].arrangement.beside == presentation


def test_it_is_decided_once_the_panel_has_settled_and_moves_at_most_twice_a_size(qtbot,
                                                                               monkeypatch):
    """Moving the readout changes the panel's least size, and in a window too small for
    everything the room the window gives the panel: seen live, a 1216x684 window moved it
    back and forth from inside its own resize events until the stack ran out (a crash)."""
    from gradviz.gui.views import panel_arrangement

    view = _view(qtbot, (560, 620))
    qtbot.waitUntil(lambda: view.shape.laid_out() and view.readout.mode == "wide")
    view.resize(640, 330)
    view.arrangement.update()
    assert view.arrangement.pending() and not view.arrangement.beside   # not inside the
    qtbot.waitUntil(lambda: view.arrangement.beside)                    # resize: later
    wanted = iter([False, True, False, True, False])
    monkeypatch.setattr(panel_arrangement.PanelArrangement, "_wanted",
                        lambda self, width, height: next(wanted))
    moves = []
    for _ in range(5):   # a layout that keeps changing its mind, the window's size the same
        before = view.arrangement.beside
        view.arrangement.decide()
        moves.append(view.arrangement.beside != before)
    assert moves == [True, False, False, False, False]   # one correction (the first was made)
    assert not view.arrangement.beside


def test_a_panel_too_low_for_the_column_puts_the_readout_under_at_once(qtbot):
    """Not 150 ms later: a panel made lower (a panel added, a dock opened) squeezed the
    column beside its plot, its numbers cut at the bottom, until the decision came."""
    view = _view(qtbot, (640, 330))
    qtbot.waitUntil(lambda: view.arrangement.beside and not view.arrangement.pending())
    column_h = view.readout.column_size()[1]
    view.resize(900, view.header.height() + column_h - 10)
    assert not view.arrangement.beside        # inside the resize
    assert view.arrangement.pending()          # and decided again once it has settled
