"""SlicesView: the two slices through the probe, their tangents and the numbers at the probe."""

import math

import numpy as np
import pytest
from gui_helpers import tick_label_rects

from gradviz.engine.expression import parse_expression
from gradviz.engine.probe import slices
from gradviz.gui.views.slices import HINT, SlicesView

RANGE = (-4.0, 4.0)


@pytest.fixture
def view(qtbot):
    v = SlicesView()
    qtbot.addWidget(v)
    v.resize(600, 220)
    v.show()
    qtbot.waitExposed(v)
    return v


@pytest.fixture
def xy_slices():
    """f = x*y + y^2 at (2, 3): f = 6 + 9 = 15, df/dx = y = 3, df/dy = x + 2y = 8."""
    return slices(parse_expression("x*y + y^2"), 2.0, 3.0, RANGE, RANGE)


def _xy(item):
    x, y = item.getData()
    return np.asarray(x, float), np.asarray(y, float)


def test_the_numbers_at_the_probe(view, xy_slices):
    view.set_slices(xy_slices)
    text = view.readout_text()
    # |grad f| = sqrt(3^2 + 8^2) = sqrt(73) = 8.5440...
    assert text == ("at (2.000, 3.000):  f = 15.00,  \u2202f/\u2202x = 3.000,  "
                    "\u2202f/\u2202y = 8.000,  |\u2207f| = 8.544")
    assert view.slope_texts() == ("slope \u2202f/\u2202x = 3.000", "slope \u2202f/\u2202y = 8.000")
    assert view.titles() == ("f(x, y\u2080 = 3.000) along x", "f(x\u2080 = 2.000, y) along y")
    # the slope is on screen, under its plot
    assert "slope \u2202f/\u2202x = 3.000" in view.x_plot.plot.getAxis("bottom").labelText


def test_the_slices_are_the_engines_and_match_the_formula(view, xy_slices):
    view.set_slices(xy_slices)
    x, fx = _xy(view.x_plot.curve)
    np.testing.assert_array_equal(x, xy_slices.xs)
    np.testing.assert_array_equal(fx, xy_slices.f_along_x)
    np.testing.assert_allclose(fx, 3.0 * x + 9.0)            # x*3 + 3^2
    y, fy = _xy(view.y_plot.curve)
    np.testing.assert_array_equal(y, xy_slices.ys)
    np.testing.assert_allclose(fy, 2.0 * y + y ** 2)         # 2*y + y^2


def test_tangents_end_where_the_engine_says(view, xy_slices):
    view.set_slices(xy_slices)
    u, f = _xy(view.x_plot.tangent)
    (u0, u1), (f0, f1) = xy_slices.tangent_x
    np.testing.assert_allclose(u, [u0, u1])
    np.testing.assert_allclose(f, [f0, f1])
    # by hand: 15% of the range 8 = 1.2 either side of x = 2, slope 3: 15 -+ 3.6
    np.testing.assert_allclose(u, [0.8, 3.2])
    np.testing.assert_allclose(f, [11.4, 18.6])
    u, f = _xy(view.y_plot.tangent)
    np.testing.assert_allclose(u, [1.8, 4.2])
    np.testing.assert_allclose(f, [15 - 9.6, 15 + 9.6])       # slope 8


def test_markers_at_the_probe(view, xy_slices):
    view.set_slices(xy_slices)
    assert [a.tolist() for a in _xy(view.x_plot.marker)] == [[2.0], [15.0]]
    assert [a.tolist() for a in _xy(view.y_plot.marker)] == [[3.0], [15.0]]


def test_ranges_fit_the_slices(view, xy_slices):
    view.set_slices(xy_slices)
    (x0, x1), (y0, y1) = view.x_plot.plot.getViewBox().viewRange()
    assert (x0, x1) == pytest.approx(RANGE)
    assert y0 < -3.0 < 21.0 < y1 < 25.0                       # 3x + 9 on [-4, 4]


def test_none_clears_and_shows_a_hint(view, xy_slices):
    view.set_slices(xy_slices)
    view.set_slices(None)
    assert view.readout_text() == HINT
    for plot in (view.x_plot, view.y_plot):
        for item in (plot.curve, plot.tangent, plot.marker):
            assert _xy(item)[0].size == 0
    assert view.slope_texts() == ("", "")


def test_source_is_shown(view, xy_slices):
    view.set_source("cursor")
    assert view.source_text() == "cursor"
    assert view.source_label.isVisible()
    view.set_source("probe")
    assert view.source_label.text() == "probe"


def test_undefined_parts_are_gaps_and_infinities_leave_the_plot(view):
    # log(x) is NaN for x < 0 and -inf at x = 0; the probe at (1, 0): f = 0, df/dx = 1
    s = slices(parse_expression("log(x) + y"), 1.0, 0.0, (-1.0, 2.0), (-1.0, 1.0), samples=31)
    view.set_slices(s)
    _, f = _xy(view.x_plot.curve)
    assert np.isnan(f[:10]).all()                     # x = -1 .. -0.1: not drawn
    assert np.isfinite(f[10:]).all()                  # -inf at x = 0 drawn below the plot
    assert view.x_plot.curve.opts["connect"] == "finite"
    _, (y0, y1) = view.x_plot.plot.getViewBox().viewRange()
    # finite values: log(0.1) .. log(2); the range fits them, not -inf
    assert y0 == pytest.approx(math.log(0.1) - 0.1 * (math.log(2) - math.log(0.1)), rel=1e-6)
    assert f[10] < y0
    assert "f = 0" in view.readout_text()


def test_a_steep_tangent_is_cut_to_the_plot_but_stays_on_its_line(view):
    s = slices(parse_expression("exp(10*x)"), 1.0, 0.0, (-1.0, 1.0), (-1.0, 1.0))
    view.set_slices(s)
    u, f = _xy(view.x_plot.tangent)
    p = s.probe
    np.testing.assert_allclose(f, p.f + p.dfdx * (u - p.x))   # still the tangent line
    (u0, u1), _ = s.tangent_x
    assert u0 < u[0] < u[1] <= u1                             # but shortened at the bottom


def test_a_narrow_dock_breaks_the_line_between_fields(view, qtbot, xy_slices):
    view.set_slices(xy_slices)
    shown = view.readout.text()
    assert shown.split("\n")[1].startswith("\u2202f/\u2202x")   # 600 px: two lines
    view.resize(1400, 220)
    qtbot.waitUntil(lambda: "\n" not in view.readout.text())
    assert view.readout.text() == view.readout_text()


def test_a_view_taller_than_wide_puts_the_y_slice_below_the_x_slice(view, qtbot, xy_slices):
    """At the side of a short window (a lesson opens the dock there) the slices side by side
    ran past the window's edge; taller than wide, the y slice goes below, and both plots lie
    inside the view, each as wide as the view's plots allow."""
    view.set_slices(xy_slices)

    def rects():
        return [p.plot.mapRectToScene(p.plot.boundingRect()) for p in (view.x_plot, view.y_plot)]

    x_rect, y_rect = rects()
    assert not view.stacked and y_rect.left() >= x_rect.right() - 1   # 600 x 220: beside
    view.resize(300, 600)

    def stacked_inside():
        (x, y), width = rects(), view.graphics.width()
        return (view.stacked and y.top() >= x.bottom() - 1
                and all(r.right() <= width + 1 and r.width() > width / 2 for r in (x, y)))

    qtbot.waitUntil(stacked_inside)
    view.resize(600, 220)
    qtbot.waitUntil(lambda: not view.stacked and rects()[1].left() >= rects()[0].right() - 1)


def test_a_short_slice_labels_no_more_values_than_fit_apart(view, qtbot):
    """Seen at 1920x1080: 19.6, 19.8, 20.0, 20.2 and 20.4 on a slice's ~50 px y axis, one over
    the other. Drawn now, no two labels are closer than their height."""
    from gradviz.gui.views.plot_parts import FittingAxis

    view.resize(600, 120)
    view.set_slices(slices(parse_expression("20 + 0.1*x^2 + y"), 0.0, 0.0, RANGE, RANGE))
    qtbot.wait(100)
    axis = view.x_plot.plot.getAxis("left")
    assert isinstance(axis, FittingAxis)
    rects = tick_label_rects(axis)
    assert rects   # labelled, and never one over the other:
    assert all(b.top() - a.top() >= a.height() for a, b in zip(rects, rects[1:])), rects
