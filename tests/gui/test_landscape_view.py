"""LandscapeView: what a landscape panel puts on screen, and the intents it emits."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from gradviz.engine.expression import parse_expression
from gradviz.engine.field import (arrow_segments, contour_levels, contour_lines, display_values,
                                  sample_grid)
from gradviz.engine.presets import PRESETS
from gradviz.gui import theme
from gradviz.gui.views.landscape import LandscapeView
from gradviz.gui.views.path_item import clip_segments
from gradviz.gui.views.readout import format_number

ROSENBROCK = PRESETS["rosenbrock"]
DOMAIN = ((-2.0, 2.0), (-1.0, 3.0))
ORANGE = "#E69F00"


@pytest.fixture
def landscape():
    """Rosenbrock on (-2, 2) x (-1, 3), 61 x 41 samples: xs step 4/60, ys step 4/40."""
    grid = sample_grid(parse_expression(ROSENBROCK.expression), DOMAIN, n=(61, 41))
    return dict(
        grid=grid,
        image=display_values(grid.f, log=True),
        contours=contour_lines(grid, contour_levels(grid.f, count=8)),
        arrows=arrow_segments(grid, density=8),
    )


def _make_view(qtbot, landscape=None):
    view = LandscapeView()
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.set_color(ORANGE)
    view.set_title("Gradient descent")
    if landscape is not None:
        g = landscape["grid"]
        view.set_landscape(g.xs, g.ys, landscape["image"], landscape["contours"],
                           ROSENBROCK.minima, "log10(f - c)")
        view.set_arrows(*landscape["arrows"])
    view.set_view_range(DOMAIN)
    view.show()
    qtbot.waitExposed(view)
    if landscape is not None:   # the plot box takes the domain's shape (plot_shape.py)
        qtbot.waitUntil(lambda: _shows_the_domain(view))
    return view


def _shows_the_domain(view) -> bool:
    """The whole domain, in a box of its shape (4 x 4: square)."""
    (x0, x1), (y0, y1) = view.view_range()
    square = abs(view.view_box.width() - view.view_box.height()) < 1.5
    return square and np.allclose((x0, x1, y0, y1), np.ravel(DOMAIN), atol=1e-6)


@pytest.fixture
def view(qtbot, landscape):
    return _make_view(qtbot, landscape)


def _viewport_pos(view, x, y) -> QPoint:
    """The viewport pixel that shows data point (x, y)."""
    scene = view.view_box.mapViewToScene(QPointF(x, y))
    return view.graphics.mapFromScene(scene)


def _pixel(view, x, y) -> QColor:
    image = view.graphics.viewport().grab().toImage()
    return image.pixelColor(_viewport_pos(view, x, y))


# --- the landscape -------------------------------------------------------------------------

def test_set_landscape_shows_exactly_the_image(view, landscape):
    shown = view.items.image.image
    assert shown.shape == (41, 61)
    np.testing.assert_array_equal(shown, landscape["image"])


def test_image_pixels_are_centred_on_the_samples(view):
    # xs = -2 .. 2 in 60 steps of 1/15, ys = -1 .. 3 in 40 steps of 1/10: the image reaches half
    # a step beyond the domain on each side.
    image = view.items.image
    rect = image.mapRectToParent(image.boundingRect())
    assert rect.left() == pytest.approx(-2 - 1 / 30)
    assert rect.width() == pytest.approx(61 / 15)
    assert rect.top() == pytest.approx(-1 - 1 / 20)
    assert rect.height() == pytest.approx(41 / 10)


def test_colour_levels_span_the_finite_values(qtbot):
    # log(x) is undefined for x <= 0: the left half of the image is NaN.
    grid = sample_grid(parse_expression("log(x) + y^2"), ((-1.0, 1.0), (-1.0, 1.0)), n=21)
    image = display_values(grid.f)
    view = _make_view(qtbot)
    view.set_landscape(grid.xs, grid.ys, image, None, [], "f")
    # finite values: x in {0.1, ..., 1}, y^2 in [0, 1]: min log(0.1) + 0, max log(1) + 1
    assert view.items.colorbar.levels() == pytest.approx((math.log(0.1), 1.0))
    assert tuple(view.items.image.getLevels()) == pytest.approx((math.log(0.1), 1.0))


def test_contours_are_one_curve_of_the_given_lines(view, landscape):
    x, y = view.items.contours.getData()
    np.testing.assert_array_equal(np.column_stack([x, y]), landscape["contours"])
    assert view.items.contours.opts["connect"] == "finite"


def test_arrows_are_drawn_as_pairs(view, landscape):
    x, y = view.items.arrows.getData()
    np.testing.assert_array_equal(x, landscape["arrows"][0])
    np.testing.assert_array_equal(y, landscape["arrows"][1])
    assert view.items.arrows.opts["connect"] == "pairs"


def test_minima_markers_at_the_known_minima(view):
    x, y = view.items.minima.getData()
    assert list(zip(x, y)) == [(1.0, 1.0)]


def test_image_of_the_wrong_shape_is_refused(view, landscape):
    g = landscape["grid"]
    with pytest.raises(ValueError, match="image shape"):
        view.set_landscape(g.xs, g.ys, landscape["image"].T, None, [], "f")


def test_set_layers_visible_hides_and_shows_layers(view):
    view.set_layers_visible(contours=False, arrows=False)
    assert not view.items.contours.isVisible()
    assert not view.items.arrows.isVisible()
    assert view.items.minima.isVisible()          # None: left as it was
    view.set_layers_visible(minima=False, arrows=True)
    assert not view.items.minima.isVisible()
    assert view.items.arrows.isVisible()
    assert not view.items.contours.isVisible()


# --- the run -------------------------------------------------------------------------------

def test_set_path_draws_the_points_and_marks_the_last(view):
    pts = np.array([[-1.5, 2.0], [-1.0, 1.0], [0.0, 0.5], [0.5, 0.25]])
    view.set_path(pts)
    np.testing.assert_array_equal(view.items.path.points(), pts)
    x, y = view.items.current.getData()
    assert (x[0], y[0]) == (0.5, 0.25)


def test_the_path_is_on_screen_in_the_panel_colour_as_it_grows(view):
    # Long segments, so each midpoint is far from any joint: its pixel is the path's core.
    pts = np.array([[-1.8, 2.5], [-0.2, 2.5], [-0.2, 0.0], [1.5, 0.0]])
    for k in range(1, len(pts) + 1):      # grows one step at a time, as in playback
        view.set_path(pts[:k])
        view.graphics.viewport().repaint()
    for a, b in zip(pts[:-1], pts[1:]):
        assert _pixel(view, *(a + b) / 2) == QColor(ORANGE)


def test_a_step_back_removes_the_last_segment_from_the_screen(view):
    pts = np.array([[-1.8, 2.5], [-0.2, 2.5], [-0.2, 0.0]])
    view.set_path(pts)
    view.graphics.viewport().repaint()
    view.set_path(pts[:2])
    view.graphics.viewport().repaint()
    assert _pixel(view, -1.0, 2.5) == QColor(ORANGE)
    assert _pixel(view, -0.2, 1.25) != QColor(ORANGE)


def test_a_new_colour_repaints_the_path(view):
    pts = np.array([[-1.8, 2.5], [1.5, 2.5]])
    view.set_path(pts)
    view.graphics.viewport().repaint()
    view.set_color("#56B4E9")
    view.graphics.viewport().repaint()
    assert _pixel(view, 0.0, 2.5) == QColor("#56B4E9")


def test_diverged_path_stops_at_the_last_finite_point_and_says_so(view):
    pts = np.array([[-1.5, 2.0], [-1.0, 1.0], [40.0, -300.0], [np.inf, np.nan]])
    view.set_path(pts, diverged=True)
    view.set_status("diverged", "diverged at step 3")
    np.testing.assert_array_equal(view.items.path.points(), pts[:3])
    x, y = view.items.current.getData()
    assert (x[0], y[0]) == (40.0, -300.0)
    assert view.header.status_words.text() == "diverged at step 3"
    assert view.header.status_kind == "diverged"
    icon = view.header.status_label.pixmap().toImage()   # the icon chip in the warning colour
    assert icon.pixelColor(2, icon.height() // 2) == QColor(theme.WARNING_COLOR)
    assert view.items.current.opts["symbol"] == "x"


def test_a_path_that_runs_off_to_1e300_still_shows_its_visible_part(view):
    pts = np.array([[-1.8, 2.5], [-0.2, 2.5], [1e30, -1e30], [1e300, 1e300]])
    view.set_path(pts, diverged=True)
    view.graphics.viewport().repaint()
    assert _pixel(view, -1.0, 2.5) == QColor(ORANGE)


def test_clip_segments_cuts_each_segment_to_the_box():
    box = (0.0, 1.0, 0.0, 1.0)
    pts = np.array([[-1.0, 0.5],    # enters through x = 0 at (0, 0.5) ...
                    [0.5, 0.5],     # ... inside
                    [0.5, 3.0],     # leaves through y = 1 at (0.5, 1)
                    [3.0, 3.0],     # wholly outside: dropped
                    [2.0, -1.0]])   # from (3, 3) to (2, -1): x stays >= 2, dropped too
    x, y = clip_segments(pts, box)
    np.testing.assert_allclose(np.column_stack([x, y]),
                               [[0.0, 0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 1.0]])


def test_clip_segments_keeps_the_direction_of_a_huge_segment():
    # from (0.5, 0.5) towards (1e300, 1e300): leaves the unit box at its corner (1, 1)
    x, y = clip_segments(np.array([[0.5, 0.5], [1e300, 1e300]]), (0.0, 1.0, 0.0, 1.0))
    np.testing.assert_allclose(np.column_stack([x, y]), [[0.5, 0.5], [1.0, 1.0]])


def test_status_back_to_running_drops_the_warning(view):
    view.set_path(np.array([[0.0, 0.0], [np.nan, np.nan]]), diverged=True)
    view.set_status("diverged", "diverged at step 1")
    view.set_path(np.array([[0.0, 0.0], [0.1, 0.1]]), diverged=False)
    view.set_status("running")
    assert view.header.status_words.text() == "running"
    icon = view.header.status_label.pixmap().toImage()
    assert icon.pixelColor(2, icon.height() // 2) != QColor(theme.WARNING_COLOR)
    assert view.items.current.opts["symbol"] == "o"


def test_unknown_status_kind_is_refused(view):
    with pytest.raises(ValueError, match="status kind"):
        view.set_status("exploded")


def test_start_marker_moves(view):
    view.set_start(-1.2, 1.0)
    x, y = view.items.start.getData()
    assert (x[0], y[0]) == (-1.2, 1.0)


def test_title_is_shown_on_a_chip_in_the_panel_colour(view):
    assert view.header.title_label.text() == "Gradient descent"
    assert ORANGE.lower() in view.header.title_label.styleSheet().lower()


def test_readout_shows_step_position_value_and_gradient_norm(view):
    view.set_readout(12, 1.0, -0.5, 1.2345678e-7, float("inf"))
    labels = view.readout.value_labels
    assert [labels[k].text() for k in ("step", "x", "y", "f", "grad_norm")] == \
        ["12", "1.000", "-0.5000", "1.235e-7", "inf"]


@pytest.mark.parametrize("value, text", [
    (3.14159, "3.142"), (-2.0, "-2.000"), (0.5, "0.5000"), (1234.5678, "1235"),
    (0.001234, "0.001234"), (123456.0, "1.235e5"), (0.0001234, "1.234e-4"), (-6.8321e176, "-6.83e176"),
    (0.0, "0"), (float("nan"), "nan"), (float("inf"), "inf"), (float("-inf"), "-inf"),
])
def test_format_number_keeps_four_significant_digits(value, text):
    assert format_number(value) == text


# --- mouse and view ------------------------------------------------------------------------

def test_left_click_in_the_plot_requests_a_start_there(view, qtbot):
    pos = _viewport_pos(view, 0.5, 1.5)
    with qtbot.waitSignal(view.start_requested, timeout=2000) as blocker:
        qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    x, y = blocker.args
    # one pixel is 4 units / ~600 pixels: well within 0.02
    assert x == pytest.approx(0.5, abs=0.02)
    assert y == pytest.approx(1.5, abs=0.02)
    # rounded to the pixel's decimal place (a pixel is ~0.007: three decimals), so the start
    # fields show "0.497", not 0.49702830188679245
    px, py = view.view_box.viewPixelSize()
    assert 0.001 <= px < 0.01 and 0.001 <= py < 0.01
    assert x == round(x, 3) and y == round(y, 3)
    assert len(repr(x)) <= 6 and len(repr(y)) <= 6


def test_click_outside_the_plot_area_requests_nothing(view, qtbot):
    bar = view.items.colorbar
    scene_pos = bar.sceneBoundingRect().center()
    pos = view.graphics.mapFromScene(scene_pos)
    with qtbot.assertNotEmitted(view.start_requested, wait=100):
        qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_right_click_requests_nothing(view, qtbot):
    pos = _viewport_pos(view, 0.0, 1.0)
    with qtbot.assertNotEmitted(view.start_requested, wait=100):
        qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.RightButton, pos=pos)


def test_set_view_range_shows_the_domain_without_padding(view):
    (x0, x1), (y0, y1) = view.view_range()
    assert (x0, x1) == pytest.approx((-2.0, 2.0))
    assert (y0, y1) == pytest.approx((-1.0, 3.0))


def test_linked_views_pan_and_zoom_together(qtbot, landscape):
    a, b = _make_view(qtbot, landscape), _make_view(qtbot, landscape)
    for view in (a, b):   # ranges of any shape (equal scale would widen the 1 x 0.5 one)
        view.set_equal_scale(False)
    b.link_view(a)
    a.set_view_range(((0.0, 1.0), (0.5, 1.5)))
    (x0, x1), (y0, y1) = b.view_range()
    assert (x0, x1) == pytest.approx((0.0, 1.0))
    assert (y0, y1) == pytest.approx((0.5, 1.5))
    b.set_view_range(((-1.0, 0.0), (2.0, 2.5)))
    assert a.view_range()[0] == pytest.approx((-1.0, 0.0))
    assert a.view_range()[1] == pytest.approx((2.0, 2.5))


def test_a_closed_view_no_longer_follows_the_other(qtbot, landscape):
    a, b = _make_view(qtbot, landscape), _make_view(qtbot, landscape)
    b.link_view(a)
    box = b.plot.getViewBox()
    assert box.linkedView(0) is a.plot.getViewBox()
    b.close()
    assert box.linkedView(0) is None and box.linkedView(1) is None
    a.set_view_range(((5.0, 6.0), (5.0, 6.0)))
    assert b.view_range()[0] != pytest.approx((5.0, 6.0))


def test_dragging_pans_without_requesting_a_start(view, qtbot):
    viewport = view.graphics.viewport()
    a, b = _viewport_pos(view, 0.0, 1.0), _viewport_pos(view, 1.0, 1.0)
    with qtbot.assertNotEmitted(view.start_requested, wait=100):
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
        for t in np.linspace(0, 1, 6)[1:]:
            qtbot.mouseMove(viewport, a + (b - a) * t)
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)
    (x0, x1), _ = view.view_range()
    assert x0 == pytest.approx(-3.0, abs=0.05)   # dragged one unit to the right
    assert x1 == pytest.approx(1.0, abs=0.05)
