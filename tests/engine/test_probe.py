"""The gradient probe and the slices through it, against values worked out by hand."""

import math

import numpy as np
import pytest

from gradviz.engine.expression import parse_expression
from gradviz.engine.probe import TANGENT_FRACTION, probe, slices

pytestmark = pytest.mark.filterwarnings("error")


def test_probe_values_of_a_bowl():
    # f = x^2 + 3y^2 at (1, 2): f = 1 + 12 = 13, grad = (2, 12), |grad| = sqrt(148)
    p = probe(parse_expression("x^2 + 3*y^2"), 1.0, 2.0)
    assert (p.x, p.y, p.f, p.dfdx, p.dfdy) == (1.0, 2.0, 13.0, 2.0, 12.0)
    assert p.grad_norm == pytest.approx(math.sqrt(148))


def test_probe_of_a_constant_and_of_an_undefined_point():
    p = probe(parse_expression("5"), 0.3, -0.7)
    assert (p.f, p.dfdx, p.dfdy) == (5.0, 0.0, 0.0)
    q = probe(parse_expression("log(x)"), -1.0, 0.0)
    assert math.isnan(q.f)


def test_slices_follow_the_two_lines_through_the_probe():
    # f = x*y + y^2 at (2, 3): f = 6 + 9 = 15, df/dx = y = 3, df/dy = x + 2y = 8
    s = slices(parse_expression("x*y + y^2"), 2.0, 3.0, (-4.0, 4.0), (0.0, 10.0), samples=5)
    assert s.probe.f == 15.0
    assert s.xs.tolist() == [-4.0, -2.0, 0.0, 2.0, 4.0]
    assert s.f_along_x.tolist() == [-12 + 9, -6 + 9, 9.0, 15.0, 21.0]      # 3x + 9
    assert s.ys.tolist() == [0.0, 2.5, 5.0, 7.5, 10.0]
    assert s.f_along_y.tolist() == [0.0, 5 + 6.25, 10 + 25.0, 15 + 56.25, 20 + 100.0]  # 2y + y^2


def test_tangent_lines_have_the_partial_derivatives_as_slopes():
    s = slices(parse_expression("x*y + y^2"), 2.0, 3.0, (-4.0, 4.0), (0.0, 10.0))
    half_x = TANGENT_FRACTION * 8.0
    (u0, u1), (f0, f1) = s.tangent_x
    assert (u0, u1) == pytest.approx((2 - half_x, 2 + half_x))
    assert (f0, f1) == pytest.approx((15 - 3 * half_x, 15 + 3 * half_x))
    half_y = TANGENT_FRACTION * 10.0
    (v0, v1), (g0, g1) = s.tangent_y
    assert (v0, v1) == pytest.approx((3 - half_y, 3 + half_y))
    assert (g1 - g0) / (v1 - v0) == pytest.approx(8.0)


def test_no_tangent_where_the_slope_is_undefined():
    s = slices(parse_expression("sqrt(x) + y"), -1.0, 0.0, (-2.0, 2.0), (-1.0, 1.0))
    assert s.tangent_x is None and s.tangent_y is None
    assert np.isnan(s.f_along_x[0]) and s.f_along_x[-1] == pytest.approx(math.sqrt(2))


def test_slices_of_a_function_of_y_alone_are_arrays():
    s = slices(parse_expression("y^2"), 0.0, 1.0, (-1, 1), (-1, 1), samples=3)
    assert s.f_along_x.tolist() == [1.0, 1.0, 1.0]
    assert s.f_along_y.tolist() == [1.0, 0.0, 1.0]


# --- the vectors at the current point of a run (engine.scene.point_vectors) -----------------

from gradviz.engine.scene import point_vectors  # noqa: E402
from gradviz.engine.trajectory import run  # noqa: E402

BOWL = parse_expression("x^2 + 3*y^2")  # grad (2x, 6y)


def test_point_vectors_of_gradient_descent():
    # from (1, 1), lr 0.1: grad (2, 6), step (-0.2, -0.6); no momentum
    t = run(BOWL, "gd", (1.0, 1.0), 2, lr=0.1)
    v = point_vectors(t, 0)
    assert v.origin == (1.0, 1.0) and v.grad == (2.0, 6.0)
    assert v.step == pytest.approx((-0.2, -0.6)) and v.momentum is None
    last = point_vectors(t, 2)   # the last step: no step leaves it
    assert last.origin == pytest.approx((0.64, 0.16)) and last.step is None


def test_point_vectors_momentum_is_minus_the_buffer_after_the_update():
    # momentum 0.9, lr 0.1 from (1, 1): b1 = g0 = (2, 6); at (0.8, 0.4) g1 = (1.6, 2.4),
    # b2 = 0.9*(2, 6) + (1.6, 2.4) = (3.4, 7.8)
    t = run(BOWL, "momentum", (1.0, 1.0), 3, lr=0.1, momentum=0.9)
    assert point_vectors(t, 0).momentum == pytest.approx((-2.0, -6.0))
    assert point_vectors(t, 1).momentum == pytest.approx((-3.4, -7.8))
    assert run(BOWL, "momentum", (1.0, 1.0), 1, lr=0.1, momentum=0.0).hyper["momentum"] == 0
    assert point_vectors(run(BOWL, "momentum", (1.0, 1.0), 1, lr=0.1, momentum=0.0),
                         0).momentum is None


def test_point_vectors_adam_momentum_is_minus_m():
    # Adam at t = 1: m = 0.1 * g0 = (0.2, 0.6)
    t = run(BOWL, "adam", (1.0, 1.0), 2, lr=0.1)
    assert point_vectors(t, 0).momentum == pytest.approx((-0.2, -0.6))


def test_point_vectors_after_divergence_are_undefined():
    t = run(parse_expression("x^4 + y^4"), "gd", (3.0, 3.0), 10, lr=10.0)
    assert t.diverged_at is not None
    assert point_vectors(t, t.diverged_at) == (None, None, None, None)


def test_point_vectors_drop_directions_at_a_minimum():
    # gd lr 0.25 on x^2 + 3y^2 from (1, 0): x halves each step, grad = 2x; after 20 steps
    # |grad| = 2 * 0.5^20 = 1.9e-6 < 1e-5: its direction is noise, no arrow
    t = run(BOWL, "gd", (1.0, 0.0), 20, lr=0.25)
    assert point_vectors(t, 0).grad == (2.0, 0.0)
    end = point_vectors(t, 20)
    assert end.grad is None and end.origin == pytest.approx((0.5**20, 0.0))
