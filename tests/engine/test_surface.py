"""The 3D view's geometry (engine.surface): frame, mesh, lifted paths, against numbers worked
out by hand in each test."""

import math

import numpy as np
import pytest

from gradviz.engine import surface
from gradviz.engine.expression import parse_expression
from gradviz.engine.field import sample_grid
from gradviz.engine.scene import Landscape

pytestmark = pytest.mark.filterwarnings("error")

H, LIFT = 0.8, 0.015   # surface.HEIGHT and surface.LIFT, restated


def plane():
    """f = x + 2y on x 0..4, y 0..2, samples at the integers: 15 values
    0 1 2 2 3 3 4 4 4 5 5 6 6 7 8 (sorted). numpy's percentiles interpolate between ranks:
    p1 at rank 0.01 * 14 = 0.14 -> 0 + 0.14 * (1 - 0) = 0.14; p99 at rank 13.86 -> 7.86."""
    f = parse_expression("x + 2*y")
    grid = sample_grid(f, ((0, 4), (0, 2)), (5, 3))
    return f, grid, surface.surface_frame(grid, log=False)


def test_constants_are_what_the_tests_assume():
    assert (surface.HEIGHT, surface.LIFT) == (H, LIFT)


def test_linear_frame_clip_levels_colours_and_box():
    _, _, frame = plane()
    assert frame.lo == pytest.approx(0.14)
    assert frame.hi == pytest.approx(7.86)
    assert (frame.color_lo, frame.color_hi) == (0.0, 8.0)
    # domain 4 wide, 2 high: aspect 0.5 -> half-widths (1, 0.5)
    assert frame.half == (1.0, 0.5)
    X, Y = frame.world_xy([0, 2, 4], [0, 1, 2])
    assert X.tolist() == [-1.0, 0.0, 1.0]
    assert Y.tolist() == [-0.5, 0.0, 0.5]


def test_linear_z_and_colour_at_grid_values():
    _, _, frame = plane()
    # f = 4: 0.8 * (4 - 0.14) / (7.86 - 0.14) = 0.8 * 3.86 / 7.72 = 0.4
    assert frame.z(4.0) == pytest.approx(0.4)
    assert frame.z(0.14) == pytest.approx(0.0)
    assert frame.z(-5.0) == pytest.approx(0.0)       # clipped at the floor
    assert frame.z(1e9) == pytest.approx(0.8)        # clipped at the top
    assert math.isnan(frame.z(float("nan")))
    assert frame.color_t(4.0) == pytest.approx(0.5)  # (4 - 0) / (8 - 0)
    assert frame.color_t(100.0) == 1.0


def test_log_frame_uses_the_heatmaps_log_scale():
    """f = 10^x on x 0..4 (y 0..1), samples 1, 10, 100, 1000, 10000, each twice. The rises
    above the minimum 1 are 9, 99, 999, 9999 (twice each); their 1st percentile c = 9, so the
    heatmap shows log10(f - shift) with shift = 1 - 9 = -8: log10(f + 8)."""
    f = parse_expression("10^x")
    grid = sample_grid(f, ((0, 4), (0, 1)), (5, 2))
    frame = surface.surface_frame(grid, log=True)
    assert frame.display.log and frame.display.shift == pytest.approx(-8.0)
    # 10 display values, each twice: p1 and p99 fall between equal neighbours
    assert frame.lo == pytest.approx(math.log10(9))
    assert frame.hi == pytest.approx(math.log10(10008))
    expected = 0.8 * (math.log10(108) - math.log10(9)) / (math.log10(10008) - math.log10(9))
    assert frame.z(100.0) == pytest.approx(expected)
    assert frame.color_t(1.0) == pytest.approx(0.0)
    assert frame.color_t(10000.0) == pytest.approx(1.0)


def test_elongated_domain_aspect_is_limited():
    f = parse_expression("x")
    grid = sample_grid(f, ((0, 1), (0, 10)), 3)
    assert surface.surface_frame(grid, False).half == (0.5, 1.0)    # 10:1 drawn as 2:1


def test_mesh_vertices_are_the_grid_samples_in_world_coordinates():
    _, grid, frame = plane()
    mesh = surface.surface_mesh(grid, frame)
    assert mesh.vertices.shape == (15, 3) and mesh.vertices.dtype == np.float32
    # vertex i * nx + j is (xs[j], ys[i]); vertex 7 = row 1, column 2: (2, 1), f = 4
    assert mesh.vertices[7].tolist() == pytest.approx([0.0, 0.0, 0.4])
    # vertex 14 = (4, 2), f = 8 > hi: clipped to the top
    assert mesh.vertices[14].tolist() == pytest.approx([1.0, 0.5, 0.8])
    assert mesh.color_t[7] == pytest.approx(0.5)
    # 4 x 2 cells, two triangles each; the first cell's: (0, 1, 5) and (1, 6, 5)
    assert mesh.faces.shape == (16, 3)
    assert mesh.faces[0].tolist() == [0, 1, 5]
    assert mesh.faces[8].tolist() == [1, 6, 5]


def test_mesh_is_subsampled_on_exact_grid_samples():
    _, grid, frame = plane()
    mesh = surface.surface_mesh(grid, frame, size=3)
    assert mesh.xs.tolist() == [0.0, 2.0, 4.0]
    assert mesh.ys.tolist() == [0.0, 1.0, 2.0]
    assert mesh.vertices.shape == (9, 3)
    assert mesh.vertices[4].tolist() == pytest.approx([0.0, 0.0, 0.4])  # (2, 1) again


def test_mesh_leaves_out_cells_where_f_is_undefined():
    # log(x) on x -1..1 (samples -1, -0.5, 0, 0.5, 1): undefined left of 0, -inf at 0.
    f = parse_expression("log(x)")
    grid = sample_grid(f, ((-1, 1), (0, 1)), (5, 2))
    frame = surface.surface_frame(grid, log=False)
    mesh = surface.surface_mesh(grid, frame)
    # only the cell between x = 0.5 and x = 1 has four defined corners: 2 triangles
    assert mesh.faces.tolist() == [[3, 4, 8], [4, 9, 8]]
    assert np.isnan(mesh.color_t[0]) and mesh.vertices[0, 2] == 0.0
    assert np.isfinite(mesh.vertices).all()


def test_surface_height_is_linear_on_the_two_triangles():
    # f = x * y on the unit square, 2 x 2 samples: 0 at three corners, 1 at (1, 1).
    # Percentiles of 0 0 0 1: p1 = 0, p99 at rank 2.97 -> 0 + 0.97 * 1 = 0.97.
    f = parse_expression("x*y")
    grid = sample_grid(f, ((0, 1), (0, 1)), 2)
    frame = surface.surface_frame(grid, False)
    mesh = surface.surface_mesh(grid, frame)
    top = 0.8  # f = 1 is above p99: clipped to the top
    z = surface.surface_height(mesh, [0.5, 0.75, 0.25, 1.0, 2.0], [0.5, 0.75, 0.25, 1.0, 0.5])
    # (0.5, 0.5) lies on the diagonal, on triangle (0,0)-(1,0)-(0,1): height 0
    assert z[0] == pytest.approx(0.0)
    # (0.75, 0.75): triangle (1,0)-(1,1)-(0,1): 0.8 - 0.25 * 0.8 - 0.25 * 0.8 = 0.4
    assert z[1] == pytest.approx(top - 0.25 * top - 0.25 * top)
    assert z[2] == pytest.approx(0.0)
    assert z[3] == pytest.approx(top)
    assert math.isnan(z[4])   # outside the domain


def test_lifted_path_follows_f_between_steps():
    f, grid, frame = plane()
    mesh = surface.surface_mesh(grid, frame)
    # from (1, 0.5) to (3, 0.5): 2 mesh cells along x -> cut in two
    lifted = surface.lift_path(f, frame, mesh, [(1.0, 0.5), (3.0, 0.5)])
    assert lifted.step_index.tolist() == [0, 2]
    assert lifted.points.shape == (3, 3)
    # f = x + 1 there: 2, 3, 4 -> z = 0.8 (f - 0.14) / 7.72 + 0.015
    for row, fv in zip(lifted.points, (2.0, 3.0, 4.0)):
        assert row[2] == pytest.approx(0.8 * (fv - 0.14) / 7.72 + LIFT, abs=1e-6)
    assert lifted.points[:, 0].tolist() == pytest.approx([-0.5, 0.0, 0.5])   # x 1, 2, 3
    assert lifted.points[:, 1].tolist() == pytest.approx([-0.25, -0.25, -0.25])


def test_lifted_path_stays_above_a_coarse_mesh():
    # f = x^2, samples x = -1, 0, 1 (twice: y 0 and 1): values 1 0 1 1 0 1, lo 0, hi 1, z = 0.8 f.
    f = parse_expression("x^2")
    grid = sample_grid(f, ((-1, 1), (0, 1)), (3, 2))
    frame = surface.surface_frame(grid, False)
    mesh = surface.surface_mesh(grid, frame)
    lifted = surface.lift_path(f, frame, mesh, [(0.5, 0.5)])
    # exact: 0.8 * 0.25 = 0.2; the mesh between x = 0 and 1 is at 0.8 * 0.5 = 0.4: it wins
    assert lifted.points[0, 2] == pytest.approx(0.4 + LIFT)
    at_sample = surface.lift_path(f, frame, mesh, [(1.0, 0.0)])
    assert at_sample.points[0, 2] == pytest.approx(0.8 + LIFT)


def test_lifted_path_of_a_diverged_run_stops_at_its_last_finite_point():
    f, grid, frame = plane()
    mesh = surface.surface_mesh(grid, frame)
    lifted = surface.lift_path(f, frame, mesh, [(1, 1), (2, 1), (np.inf, np.nan), (0, 0)])
    assert lifted.step_index.tolist() == [0, 1]
    assert len(lifted.points) == 2


def test_lifted_path_point_budget():
    f, grid, frame = plane()
    mesh = surface.surface_mesh(grid, frame)
    # 30,000 steps bouncing across the whole domain: 4 cells each would be 120,000 points
    pts = np.tile([[0.0, 1.0], [4.0, 1.0]], (15_000, 1))
    lifted = surface.lift_path(f, frame, mesh, pts)
    assert len(lifted.points) <= surface.MAX_PATH_POINTS + len(pts)
    assert len(lifted.step_index) == len(pts)
    assert np.all(np.diff(lifted.step_index) >= 1)


def test_build_scene_lifts_paths_and_minima():
    f, grid, frame = plane()
    land = Landscape(grid, None, False, "f", np.empty((0, 2)), (np.empty(0), np.empty(0)), ())
    scene = surface.build_scene(f, land, [np.array([[2.0, 1.0]])], minima=[(2.0, 1.0)])
    assert scene.z_label == "f"
    assert scene.paths[0].points[0].tolist() == pytest.approx([0.0, 0.0, 0.4 + LIFT])
    assert scene.minima.shape == (1, 3)
    assert scene.minima[0].tolist() == pytest.approx([0.0, 0.0, 0.4 + LIFT])


def test_ticks_span_the_domain():
    _, _, frame = plane()
    (xs, wx), (ys, wy) = frame.ticks(3)
    assert xs.tolist() == [0.0, 2.0, 4.0] and wx.tolist() == [-1.0, 0.0, 1.0]
    assert ys.tolist() == [0.0, 1.0, 2.0] and wy.tolist() == [-0.5, 0.0, 0.5]


def test_vertex_normals_of_a_tilted_plane():
    # f = x + 2y on x 0..4, y 0..2; at the centre vertex (2, 1), away from the clipped
    # corners, z = 0.8 (f - 0.14) / 7.72 in world units, world X = (x - 2) / 2, Y = (y - 1) / 2:
    # dz/dX = 0.8 * 2 / 7.72, dz/dY = 0.8 * 2 * 2 / 7.72; normal ~ (-dz/dX, -dz/dY, 1)
    _, grid, frame = plane()
    mesh = surface.surface_mesh(grid, frame)
    n = surface.vertex_normals(mesh)
    gx, gy = 1.6 / 7.72, 3.2 / 7.72
    expected = np.array([-gx, -gy, 1.0]) / math.sqrt(gx * gx + gy * gy + 1)
    assert n[7].tolist() == pytest.approx(expected.tolist(), abs=1e-6)
    assert np.linalg.norm(n, axis=1) == pytest.approx(np.ones(15))


def test_ticks_are_round_numbers_inside_the_domain():
    # x from -4.527 to 7.956, 5 wanted: span / 4 = 3.12 -> step 2.5 (the largest of 1, 2,
    # 2.5, 5 x 10^k not above 3.12): -2.5, 0, 2.5, 5, 7.5
    f = parse_expression("x + y")
    grid = sample_grid(f, ((-4.527, 7.956), (0.3, 0.7)), 3)
    frame = surface.surface_frame(grid, False)
    (xs, wx), (ys, wy) = frame.ticks(5)
    assert xs.tolist() == [-2.5, 0.0, 2.5, 5.0, 7.5]
    # y 0.3..0.7: span / 4 = 0.1 -> step 0.1
    assert ys.tolist() == pytest.approx([0.3, 0.4, 0.5, 0.6, 0.7])
    # world X = -1 + 2 (x + 4.527) / 12.483
    assert wx[1] == pytest.approx(-1 + 2 * 4.527 / 12.483)


def test_clip_to_box_keeps_inside_segments_whole():
    from gradviz.engine.surface import clip_to_box, inside_box

    points = np.array([[0.0, 0.0, 0.1], [0.5, 0.2, 0.2], [-0.5, 0.4, 0.3]])
    out = clip_to_box(points, (1.0, 0.5))
    assert np.ravel(out) == pytest.approx(np.ravel([[0.0, 0.0, 0.1], [0.5, 0.2, 0.2],
                                          [0.5, 0.2, 0.2], [-0.5, 0.4, 0.3]]))
    assert inside_box(points, (1.0, 0.5)).tolist() == [True, True, True]


def test_clip_to_box_cuts_a_segment_at_the_edge_and_drops_one_outside():
    from gradviz.engine.surface import clip_to_box, inside_box

    # (0, 0, 0) -> (2, 0.5, 1): leaves |x| <= 1 at t = 1/2: (1, 0.25, 0.5)
    # (2, 0.5, 1) -> (3, -0.5, 1): wholly outside (x > 1)
    # (3, -0.5, 1) -> (0, -0.5, 0): enters at x = 1, t = 2/3: (1, -0.5, 1/3); the edge y = -0.5
    #   itself counts as inside
    points = np.array([[0.0, 0.0, 0.0], [2.0, 0.5, 1.0], [3.0, -0.5, 1.0], [0.0, -0.5, 0.0]])
    out = clip_to_box(points, (1.0, 0.5))
    assert np.ravel(out) == pytest.approx(np.ravel([[0.0, 0.0, 0.0], [1.0, 0.25, 0.5],
                                          [1.0, -0.5, 1 / 3], [0.0, -0.5, 0.0]]), abs=1e-6)
    assert inside_box(points, (1.0, 0.5)).tolist() == [True, False, False, True]


def test_clip_to_box_cuts_a_segment_crossing_the_whole_box_on_both_sides():
    from gradviz.engine.surface import clip_to_box

    # (-3, 0, 0) -> (3, 1.5, 0.6) in the box |x| <= 1, |y| <= 1: y = 0.25 (x + 3);
    # enters at x = -1 (t = 1/3: y = 0.5, z = 0.2); leaves at y = 1 (x = 1, t = 2/3, z = 0.4)
    out = clip_to_box(np.array([[-3.0, 0.0, 0.0], [3.0, 1.5, 0.6]]), (1.0, 1.0))
    assert np.ravel(out) == pytest.approx(np.ravel([[-1.0, 0.5, 0.2], [1.0, 1.0, 0.4]]),
                                          abs=1e-6)
    assert clip_to_box(np.array([[0.0, 0.0, 0.0]]), (1.0, 1.0)).shape == (0, 3)
    # parallel to an edge, outside it: nothing
    assert clip_to_box(np.array([[-2.0, 1.5, 0.0], [2.0, 1.5, 0.0]]), (1.0, 1.0)).shape == (0, 3)
