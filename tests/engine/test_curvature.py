"""Curvature: the Hessian, its eigenvalues, kappa and 2/lambda_max, against hand-computed values."""

import math

import numpy as np
import pytest

from gradviz.engine import parse_expression, run
from gradviz.engine.curvature import adam_rates, curvature_at, hessian, lr_statement


def test_bowl_eigenvalues_condition_and_lr_limit():
    # f = x^2 + 10 y^2: H = diag(2, 20) everywhere.
    c = curvature_at(parse_expression("x^2 + 10*y^2"), 0.3, -0.7)
    assert c.exact
    assert c.hessian.tolist() == [[2.0, 0.0], [0.0, 20.0]]
    assert c.eigenvalues == (2.0, 20.0)
    assert np.abs(c.directions).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert c.kind == "minimum"
    assert c.condition_number == 10.0
    assert c.max_stable_lr == 0.1


def test_rotated_ravine_has_diagonal_eigen_directions():
    # f = 0.05 (x + y)^2 + 5 (x - y)^2: H = 0.1 [[1, 1], [1, 1]] + 10 [[1, -1], [-1, 1]];
    # along (1, 1)/sqrt 2 the curvature is 0.2, along (1, -1)/sqrt 2 it is 20.
    c = curvature_at(parse_expression("0.05*(x + y)^2 + 5*(x - y)^2"), 1.0, 2.0)
    assert c.hessian == pytest.approx(np.array([[10.1, -9.9], [-9.9, 10.1]]))
    assert c.eigenvalues == pytest.approx((0.2, 20.0))
    r = 1 / math.sqrt(2)
    assert c.directions[:, 0] == pytest.approx([r, r])
    assert c.directions[:, 1] == pytest.approx([r, -r])
    assert c.condition_number == pytest.approx(100.0)
    assert c.max_stable_lr == pytest.approx(0.1)


def test_saddle_has_a_negative_eigenvalue():
    c = curvature_at(parse_expression("x^2 - y^2"), 0.0, 0.0)
    assert c.eigenvalues == (-2.0, 2.0)
    assert c.kind == "saddle"
    assert np.abs(c.directions[:, 0]).tolist() == [0.0, 1.0]   # down along y
    assert "not a minimum" in lr_statement(0.1, c)


def test_rosenbrock_at_its_minimum():
    # H(1, 1) = [[2 + 1200 x^2 - 400 y, -400 x], [-400 x, 200]] = [[802, -400], [-400, 200]];
    # lambda = (1002 -+ sqrt(600^2 + 4 * 400^2 + ...)) / 2 = (1002 -+ sqrt(1002404)) / 2.
    c = curvature_at(parse_expression("(1 - x)^2 + 100*(y - x^2)^2"), 1.0, 1.0)
    assert c.hessian.tolist() == [[802.0, -400.0], [-400.0, 200.0]]
    root = math.sqrt(1002404)
    assert c.eigenvalues == pytest.approx(((1002 - root) / 2, (1002 + root) / 2), rel=1e-12)
    assert round(c.eigenvalues[0], 4) == 0.3994 and round(c.eigenvalues[1], 1) == 1001.6
    assert c.max_stable_lr == pytest.approx(2 / 1001.6006, rel=1e-6)


def test_parameters_and_non_smooth_terms():
    # a x^2 + b y^2 with a = 3, b = 0.5; abs(x)'' = 0 (sign' = 0 by the engine's rule)
    f = parse_expression("a*x^2 + b*y^2 + abs(x)", {"a": 3.0, "b": 0.5})
    assert hessian(f, 0.4, 1.0)[0].tolist() == [[6.0, 0.0], [0.0, 1.0]]
    assert hessian(f.with_params(a=-1.0), 0.4, 1.0)[0].tolist() == [[-2.0, 0.0], [0.0, 1.0]]


def test_mixed_partial_of_a_product():
    # f = x^2 y^3: f_xx = 2 y^3, f_xy = 6 x y^2, f_yy = 6 x^2 y; at (2, -1): 2*-1, 6*2*1, 6*4*-1
    h, exact = hessian(parse_expression("x^2*y^3"), 2.0, -1.0)
    assert exact and h.tolist() == [[-2.0, 12.0], [12.0, -24.0]]


class _GradientOnly:
    """An objective with only a gradient: curvature falls back to differences, labelled."""

    def gradient(self, x, y):
        return 3 * x * x + y, x + 4 * y     # f = x^3 + x y + 2 y^2: H = [[6x, 1], [1, 4]]


def test_without_formulas_central_differences_are_used_and_labelled():
    c = curvature_at(_GradientOnly(), 2.0, 1.0)
    assert not c.exact
    assert c.hessian == pytest.approx(np.array([[12.0, 1.0], [1.0, 4.0]]), rel=1e-8)


def test_statements_name_the_limit_and_what_happens():
    c = curvature_at(parse_expression("x^2 + 10*y^2"), 0.0, 0.0)
    assert lr_statement(0.11, c) == ("lr 0.11 is above 2/λmax = 0.1: each step overshoots "
                                     "further (each bounce 1.2 times the last)")
    assert lr_statement(0.09, c) == ("lr 0.09 is below 2/λmax = 0.1 but above 1/λmax = 0.05: "
                                     "it overshoots, but each bounce is 0.8 of the last")
    assert lr_statement(0.02, c).endswith("each step keeps 0.6 of the distance")
    assert "never shrinks" in lr_statement(0.1, c)


def test_a_descent_above_the_limit_grows_as_stated():
    """The statement's factor is the run's: y is multiplied by 1 - 0.11 * 20 = -1.2 a step."""
    f = parse_expression("x^2 + 10*y^2")
    t = run(f, "gd", (0.0, 1.0), 5, lr=0.11)
    assert t.points[:, 1] == pytest.approx([(-1.2) ** k for k in range(6)])


def test_adam_effective_rate_beside_the_axis_limits():
    # After one update v_hat = g0^2, so lr / (sqrt(v_hat) + eps) = lr / |g0| per axis:
    # g0 = (2 * -2.5, 20 * 1.5) = (-5, 30); lr 0.1 gives 0.02 and 0.00333.
    f = parse_expression("x^2 + 10*y^2")
    t = run(f, "adam", (-2.5, 1.5), 3, lr=0.1)
    rates = adam_rates(t, 1, curvature_at(f, *t.points[1]))
    assert rates.effective == pytest.approx([0.1 / 5, 0.1 / 30], rel=1e-6)
    assert rates.limit.tolist() == [1.0, 0.1]      # 2/2 and 2/20
    assert rates.lines()[1] == "y: lr/(√v̂+ε) = 0.00333, 2/λ = 0.1"
