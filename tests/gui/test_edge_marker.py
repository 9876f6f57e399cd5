"""A point that has left the view gets an arrow at the border pointing where it went (issue
16, the gallery's review: a diverging run's current point off screen had no marker)."""

import math

import pytest
from gui_helpers import open_window

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.views.edge_marker import edge_spot
from gradviz.state.intents import SetStep

VIEW = ((-3.0, 3.0), (-3.0, 3.0))
PIXEL = (0.02, 0.02)   # a 300 x 300 pixel plot


def test_inside_the_view_there_is_no_arrow():
    assert edge_spot((1.0, -2.0), VIEW, PIXEL) is None


def test_the_arrow_sits_on_the_line_to_the_point_inside_the_border():
    x, y, angle = edge_spot((10.0, 0.0), VIEW, PIXEL, margin=10)
    assert (x, y, angle) == pytest.approx((3.0 - 10 * 0.02, 0.0, 0.0))
    x, y, angle = edge_spot((0.0, -1e154), VIEW, PIXEL, margin=10)   # straight down
    assert (x, y, angle) == pytest.approx((0.0, -3.0 + 0.2, 90.0))
    x, y, angle = edge_spot((6.0, 6.0), VIEW, PIXEL, margin=10)      # up and right
    assert (x, y, angle) == pytest.approx((2.8, 2.8, -45.0))
    x, y, angle = edge_spot((-1e308, 1.0), VIEW, PIXEL, margin=10)   # overflows in pixels
    assert (x, y) == pytest.approx((-2.8, 0.0)) and abs(angle) == pytest.approx(180.0)


def test_a_diverging_run_shows_where_its_point_went(qtbot):
    # gradient descent at lr 0.55 on x^2 + 9.5y^2: y grows by 9.45x a step, leaving the view
    # within a few steps, and the view showed a path ending at the border
    session = Session(text="x^2 + 9.5*y^2", domain=VIEW, start=(-2.5, 1.0),
                      panels=(PanelConfig("gd", {"lr": 0.55}),), steps=40)
    window = open_window(qtbot, session, (1280, 720))
    view = window.views[0]
    edge = view.items.edge
    window.state.apply(SetStep(0))
    assert not edge.isVisible()
    window.state.apply(SetStep(6))
    x, y = window.state.runs[0].trajectory.points[6]
    assert abs(y) > 3
    assert edge.isVisible() and edge.target() == pytest.approx((x, y))
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    px, py = edge.pos().x(), edge.pos().y()
    assert x0 < px < x1 and y0 < py < y1
    assert min(px - x0, x1 - px, py - y0, y1 - py) < 0.15 * (x1 - x0)   # at the border
    down = 90.0 if y < 0 else -90.0
    assert abs(edge.angle() - down) < 45.0
    assert math.copysign(1, py) == math.copysign(1, y)


def test_the_arrow_stays_at_the_border_when_the_plot_is_resized(qtbot):
    # MARGIN is in pixels: a plot of another size puts the arrow at another data position
    # (a picture laid out first at a smaller size, a window resized or put in F11, showed
    # the arrow a few pixels off where it belongs until the view moved)
    from gradviz.gui.views.edge_marker import MARGIN

    session = Session(text="x^2 + 9.5*y^2", domain=VIEW, start=(-2.5, 1.0),
                      panels=(PanelConfig("gd", {"lr": 0.55}),), steps=40)
    window = open_window(qtbot, session, (1280, 720))
    view, edge = window.views[0], window.views[0].items.edge
    window.state.apply(SetStep(6))

    def pixels_from_the_border():
        (x0, x1), (y0, y1) = view.view_box.viewRange()
        px, py = view.view_box.viewPixelSize()
        x, y = edge.pos().x(), edge.pos().y()
        return min((x - x0) / px, (x1 - x) / px, (y - y0) / py, (y1 - y) / py)

    assert pixels_from_the_border() == pytest.approx(MARGIN, abs=0.1)
    for size in ((1000, 600), (1600, 1000)):
        before = view.view_box.viewPixelSize()
        window.resize(*size)
        qtbot.waitUntil(lambda: view.view_box.viewPixelSize() != before)
        assert pixels_from_the_border() == pytest.approx(MARGIN, abs=0.1), size
