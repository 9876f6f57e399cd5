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
