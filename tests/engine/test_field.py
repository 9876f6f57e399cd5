"""Grid sampling, contour levels and lines, arrow segments: checked against hand-computed values."""

import math

import numpy as np
import pytest

from gradviz.engine import field
from gradviz.engine.expression import parse_expression
from gradviz.engine.field import (
    DisplayScale, arrow_segments, contour_levels, contour_lines, contour_lines_by_level,
    display_scale, display_values, image_rect, sample_grid, sample_rect,
)

# Evaluation and drawing code must never let numpy warnings through.
pytestmark = pytest.mark.filterwarnings("error")

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"
BOWL = "x^2 + y^2"


def grid_of(text, domain, n):
    return sample_grid(parse_expression(text), domain, n)


def shafts(ax, ay):
    """(tail, tip) of each arrow as two (k, 2) arrays: the first of every 6 points is the tail."""
    pts = np.column_stack([ax, ay]).reshape(-1, 6, 2)
    return pts[:, 0], pts[:, 1]


# --- sample_grid ---------------------------------------------------------------------------

def test_linear_function_exact_at_known_points():
    g = grid_of("x + 2*y", ((0, 4), (0, 2)), (5, 3))
    assert g.xs.tolist() == [0, 1, 2, 3, 4]
    assert g.ys.tolist() == [0, 1, 2]
    assert g.f.shape == g.dfdx.shape == g.dfdy.shape == (3, 5)
    assert g.f.dtype == np.float64
    assert g.f[0, 0] == 0.0
    assert g.f[2, 3] == 3 + 2 * 2
    assert g.f[1, 4] == 4 + 2 * 1
    # constant derivatives still fill the whole grid
    assert np.all(g.dfdx == 1.0) and np.all(g.dfdy == 2.0)
    assert g.domain == ((0.0, 4.0), (0.0, 2.0))


def test_rows_are_y_and_columns_are_x():
    gx = grid_of("x", ((-1, 2), (10, 20)), (4, 3))
    assert gx.f[0].tolist() == [-1.0, 0.0, 1.0, 2.0]      # row 0, column j: x = xs[j]
    assert np.all(gx.f[2] == gx.f[0])
    gy = grid_of("y", ((-1, 2), (10, 20)), (4, 3))
    assert gy.f[:, 0].tolist() == [10.0, 15.0, 20.0]      # row i: y = ys[i]
    assert np.all(gy.f[:, 3] == gy.f[:, 0])


def test_constant_function_gives_full_arrays():
    g = grid_of("3", ((0, 1), (0, 1)), (6, 4))
    assert g.f.shape == (4, 6) and np.all(g.f == 3.0)
    assert np.all(g.dfdx == 0.0) and np.all(g.dfdy == 0.0)


def test_blocked_evaluation_equals_plain_meshgrid(monkeypatch):
    obj = parse_expression("20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)")
    domain = ((-5.12, 5.12), (-3, 4))
    # 37 points a block with nx = 13 gives blocks of 2 rows and a ragged last one
    monkeypatch.setattr(field, "BLOCK_POINTS", 37)
    g = sample_grid(obj, domain, (13, 11))
    X, Y = np.meshgrid(np.linspace(-5.12, 5.12, 13), np.linspace(-3, 4, 11))
    for got, want in zip((g.f, g.dfdx, g.dfdy), obj.value_and_gradient(X, Y)):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-12)
    assert g.f[0, 0] == pytest.approx(20 + 5.12**2 - 10 * math.cos(2 * math.pi * 5.12)
                                      + 9 - 10 * math.cos(6 * math.pi))


def test_grid_is_read_only():
    g = grid_of(BOWL, ((-1, 1), (-1, 1)), 5)
    with pytest.raises(ValueError):
        g.f[0, 0] = 1.0
    with pytest.raises(AttributeError):
        g.f = None


@pytest.mark.parametrize("domain, n", [
    (((1, 0), (0, 1)), 10), (((0, 1), (0, 0)), 10), (((0, np.inf), (0, 1)), 10),
    (((0, 1), (0, 1)), 1), (((0, 1), (0, 1)), (10, 2.5)),
])
def test_bad_domain_or_size_is_rejected(domain, n):
    with pytest.raises(ValueError):
        grid_of(BOWL, domain, n)


# --- contour_levels ------------------------------------------------------------------------

def test_linear_levels_count_and_spacing():
    # f = x for x = 0, 1, ..., 100 (two rows): p1 = 1 and p99 = 99, so 7 levels step 98 / 8
    g = grid_of("x", ((0, 100), (0, 1)), (101, 2))
    levels = contour_levels(g.f, count=7, scale="linear")
    want = [1 + 12.25 * k for k in range(1, 8)]
    np.testing.assert_allclose(levels, want, rtol=1e-12)
    np.testing.assert_allclose(contour_levels(g.f, count=7), want, rtol=1e-12)  # auto: linear


def test_auto_keeps_a_bowl_linear():
    g = grid_of(BOWL, ((-2, 2), (-2, 2)), 101)
    levels = contour_levels(g.f, count=10)
    assert len(levels) == 10
    np.testing.assert_allclose(np.diff(levels), np.diff(levels)[0], rtol=1e-9)


def test_rosenbrock_levels_are_log_spaced_and_dense_near_the_floor():
    g = grid_of(ROSENBROCK, ((-2, 2), (-1, 3)), 200)
    levels = contour_levels(g.f, count=15)
    assert len(levels) == 15
    gaps = np.diff(levels)
    assert np.all(gaps[1:] > gaps[:-1])               # spacing grows up the walls
    # the valley floor, where f < 10 (at most (1 - x)^2 = 9 along y = x^2), gets lines;
    # with 15 linear levels up to ~1700 not one would fall there
    assert np.sum(levels < 10) >= 5
    assert levels[-1] > 500
    assert levels[0] > 0                              # strictly above the minimum f = 0
    assert np.sum(contour_levels(g.f, count=15, scale="linear") < 10) == 0


@pytest.mark.parametrize("values", [
    np.full((4, 4), 2.5), np.full((3, 3), np.nan), np.array([[np.inf, -np.inf]]), np.empty((0, 0)),
])
@pytest.mark.parametrize("scale", ["auto", "linear", "log"])
def test_degenerate_values_give_no_levels(values, scale):
    levels = contour_levels(values, scale=scale)
    assert levels.shape == (0,)


def test_levels_ignore_inf_and_nan():
    f = np.array([[0.0, 1.0, 2.0, np.nan], [3.0, 4.0, np.inf, -np.inf]])
    for scale in ("auto", "linear", "log"):
        levels = contour_levels(f, count=5, scale=scale)
        assert 0 < len(levels) <= 5 and np.all(np.isfinite(levels))
        assert np.all((levels > 0) & (levels < 4))
        assert np.all(np.diff(levels) > 0)


def test_unknown_scale_is_rejected():
    with pytest.raises(ValueError):
        contour_levels(np.arange(4.0), scale="decibel")


# --- contour_lines -------------------------------------------------------------------------

def test_bowl_contour_at_one_is_the_unit_circle():
    g = grid_of(BOWL, ((-2, 2), (-2, 2)), 81)                 # step h = 0.05
    lines = contour_lines(g, [1.0])
    assert lines.ndim == 2 and lines.shape[1] == 2 and len(lines) > 50
    pts = lines[np.isfinite(lines[:, 0])]
    r = np.hypot(pts[:, 0], pts[:, 1])
    assert np.all(np.abs(r - 1.0) < 0.05)
    # every quadrant is visited
    assert {(sx, sy) for sx, sy in np.sign(pts[np.abs(pts).min(axis=1) > 0.1])} == {
        (1, 1), (1, -1), (-1, 1), (-1, -1)}


def test_several_levels_in_one_array_separated_by_nan_rows():
    g = grid_of(BOWL, ((-2, 2), (-2, 2)), 81)
    per_level = contour_lines_by_level(g, [1.0, 2.25, 100.0])
    assert len(per_level) == 3 and per_level[2].shape == (0, 2)       # 100 is off the grid
    lines = contour_lines(g, [1.0, 2.25, 100.0])
    assert len(lines) == len(per_level[0]) + 1 + len(per_level[1])
    assert np.all(np.isnan(lines[len(per_level[0])]))
    for radius, pts in ((1.0, per_level[0]), (1.5, per_level[1])):
        pts = pts[np.isfinite(pts[:, 0])]
        assert np.all(np.abs(np.hypot(pts[:, 0], pts[:, 1]) - radius) < 0.05)


def test_no_levels_or_no_crossings_give_an_empty_array():
    g = grid_of(BOWL, ((-1, 1), (-1, 1)), 11)
    assert contour_lines(g, []).shape == (0, 2)
    assert contour_lines(g, [50.0, np.nan]).shape == (0, 2)


def test_nan_region_breaks_nothing():
    # log(x) is NaN for x < 0: f, levels, lines, arrows and display values all cope
    g = grid_of("log(x) + y", ((-1, 3), (-1, 1)), 101)
    assert np.isnan(g.f[0, 0]) and g.f[0, -1] == pytest.approx(math.log(3) - 1)
    levels = contour_levels(g.f)
    assert len(levels) > 0 and np.all(np.isfinite(levels))
    lines = contour_lines(g, levels)
    assert len(lines) > 0
    assert np.nanmin(lines[:, 0]) >= 0.0
    ax, ay = arrow_segments(g, density=10)
    assert len(ax) > 0 and np.all(np.isfinite(ax)) and np.all(np.isfinite(ay))
    assert ax.min() > 0.0                     # no arrows where f is undefined
    shown = display_values(g.f, log=True)
    assert np.all(np.isnan(shown[g.xs[None, :].repeat(101, 0) < 0]))


def test_all_nan_grid_gives_no_lines_or_arrows():
    g = grid_of("log(x) + y", ((-3, -1), (0, 1)), 11)
    assert np.all(np.isnan(g.f))
    assert contour_lines(g, [0.0, 1.0]).shape == (0, 2)
    ax, ay = arrow_segments(g)
    assert ax.shape == ay.shape == (0,)


# --- arrow_segments ------------------------------------------------------------------------

def test_bowl_arrows_point_at_the_origin():
    # density 5 on [-2, 2] with 201 samples: sites at -1.6, -0.8, 0, 0.8, 1.6 (exact samples);
    # the site at the origin has zero gradient and is skipped: 24 arrows of 3 segments each
    g = grid_of(BOWL, ((-2, 2), (-2, 2)), 201)
    ax, ay = arrow_segments(g, density=5)
    assert len(ax) == len(ay) == 24 * 3 * 2
    tail, tip = shafts(ax, ay)
    middle, shaft = (tail + tip) / 2, tip - tail
    sites = {(round(x, 9), round(y, 9)) for x, y in middle}
    assert sites == {(x, y) for x in (-1.6, -0.8, 0.0, 0.8, 1.6) for y in (-1.6, -0.8, 0.0, 0.8, 1.6)
                     if (x, y) != (0.0, 0.0)}
    cross = shaft[:, 0] * middle[:, 1] - shaft[:, 1] * middle[:, 0]
    np.testing.assert_allclose(cross, 0.0, atol=1e-12)               # along the radius
    assert np.all(np.sum(shaft * middle, axis=1) < 0)                # towards the origin


def test_normalised_arrows_have_equal_shafts():
    # cell = 4 / 5 = 0.8, so every shaft is 0.9 * 0.8 = 0.72 long
    g = grid_of(BOWL, ((-2, 2), (-2, 2)), 201)
    tail, tip = shafts(*arrow_segments(g, density=5, normalise=True))
    np.testing.assert_allclose(np.hypot(*(tip - tail).T), 0.72, rtol=1e-12)


def test_proportional_arrows_scale_with_the_gradient():
    # |grad| = 2 r on the bowl: unclipped shafts are proportional to r, none exceeds 0.72
    g = grid_of(BOWL, ((-2, 2), (-2, 2)), 201)
    tail, tip = shafts(*arrow_segments(g, density=5))
    length = np.hypot(*(tip - tail).T)
    r = np.hypot(*((tail + tip) / 2).T)
    assert length.max() == pytest.approx(0.72)
    short = length < 0.72 - 1e-9
    assert short.sum() >= 4
    np.testing.assert_allclose(length[short] / r[short], (length[short] / r[short])[0], rtol=1e-9)
    # the site at r = 0.8 has half the gradient of the one at r = 1.6
    assert length[np.isclose(r, 0.8)][0] == pytest.approx(0.5 * length[np.isclose(r, 1.6)][0])


def test_arrows_on_a_wide_domain_fill_cells_on_both_axes():
    # f = x + 2y: -grad = (-1, -2) everywhere; cells are 10 / 5 = 2 wide and 1 / 5 = 0.2 high
    g = grid_of("x + 2*y", ((0, 10), (0, 1)), 101)
    ax, ay = arrow_segments(g, density=5, normalise=True)
    pts = np.column_stack([ax, ay]).reshape(-1, 6, 2)
    shaft = pts[:, 1] - pts[:, 0]
    # data direction is exactly -grad f = (-1, -2)
    np.testing.assert_allclose(shaft[:, 1] / shaft[:, 0], 2.0, rtol=1e-12)
    assert np.all(shaft < 0)
    # in cell units the shaft is 0.9 long
    np.testing.assert_allclose(np.hypot(shaft[:, 0] / 2, shaft[:, 1] / 0.2), 0.9, rtol=1e-12)
    # both head strokes are 0.3 of the shaft in cell units, mirror images about it
    cell = np.array([2.0, 0.2])
    s = shaft / cell
    h1, h2 = (pts[:, 3] - pts[:, 1]) / cell, (pts[:, 5] - pts[:, 1]) / cell
    np.testing.assert_allclose(np.hypot(*h1.T), 0.27, rtol=1e-12)
    np.testing.assert_allclose(np.hypot(*h2.T), 0.27, rtol=1e-12)
    cos25 = math.cos(math.radians(25))
    np.testing.assert_allclose(np.sum(-s * h1, axis=1) / (0.9 * 0.27), cos25, rtol=1e-12)
    np.testing.assert_allclose(np.sum(-s * h2, axis=1) / (0.9 * 0.27), cos25, rtol=1e-12)
    cross1 = s[:, 0] * h1[:, 1] - s[:, 1] * h1[:, 0]
    cross2 = s[:, 0] * h2[:, 1] - s[:, 1] * h2[:, 0]
    np.testing.assert_allclose(cross1, -cross2, rtol=1e-12)


def test_segment_points_come_in_pairs_sharing_the_tip():
    g = grid_of(ROSENBROCK, ((-2, 2), (-1, 3)), 120)
    ax, ay = arrow_segments(g, density=(12, 9), normalise=False)
    assert len(ax) == len(ay) and len(ax) % 2 == 0 and len(ax) % 6 == 0
    assert len(ax) // 6 == 12 * 9                      # no zero gradient on those sites
    pts = np.column_stack([ax, ay]).reshape(-1, 6, 2)
    np.testing.assert_array_equal(pts[:, 1], pts[:, 2])
    np.testing.assert_array_equal(pts[:, 1], pts[:, 4])


def test_tail_pivot_starts_arrows_at_their_sites():
    g = grid_of(BOWL, ((-2, 2), (-2, 2)), 201)
    tail, _ = shafts(*arrow_segments(g, density=5, pivot="tail"))
    assert {(round(x, 9), round(y, 9)) for x, y in tail} >= {(1.6, 1.6), (-0.8, 0.0)}


def test_flat_function_has_no_arrows():
    ax, ay = arrow_segments(grid_of("3", ((0, 1), (0, 1)), 20))
    assert ax.shape == ay.shape == (0,)


# --- display values ------------------------------------------------------------------------

def test_display_scale_by_hand():
    scale = DisplayScale(log=True, shift=-1.0)
    np.testing.assert_allclose(scale.forward([0.0, 9.0, 99.0]), [0.0, 1.0, 2.0])
    np.testing.assert_allclose(scale.inverse([0.0, 1.0, 2.0]), [0.0, 9.0, 99.0])


def test_display_values_log_keeps_the_floor_finite_and_order():
    g = grid_of(ROSENBROCK, ((-2, 2), (-1, 3)), 60)
    scale = display_scale(g.f, log=True)
    assert scale.log and scale.shift < 0.0             # min f >= 0, so shift = min - offset < 0
    shown = display_values(g.f, log=True)
    assert np.all(np.isfinite(shown))
    order = np.argsort(g.f, axis=None)
    assert np.all(np.diff(shown.ravel()[order]) >= 0)
    np.testing.assert_allclose(scale.inverse(shown), g.f, rtol=1e-9, atol=1e-9)


def test_display_values_linear_and_non_finite():
    f = np.array([[1.0, np.inf], [np.nan, -2.0]])
    shown = display_values(f)
    np.testing.assert_array_equal(shown, [[1.0, np.nan], [np.nan, -2.0]])
    assert np.isinf(f[0, 1])                            # input untouched
    const = display_scale(np.full((2, 2), 5.0), log=True)
    assert not const.log                                # nothing to take a log of


def test_image_rect_centres_pixels_on_samples():
    # xs = 0, 1, 2, 3, 4 and ys = 0, 1, 2: pixels 1 x 1 from -0.5 to 4.5 and to 2.5
    g = grid_of("x + 2*y", ((0, 4), (0, 2)), (5, 3))
    assert image_rect(g) == (-0.5, -0.5, 5.0, 3.0)
    assert sample_rect(g.xs, g.ys) == image_rect(g)        # one formula, two callers
    assert sample_rect([2.0], [3.0]) == (1.5, 2.5, 1.0, 1.0)   # one sample: a unit pixel
