"""The regression loss L(w, b) = mean((w*x + b - y)^2), checked against arithmetic done by hand.

The small data set throughout: x = (1, 2, 3), y = (2, 3, 5). Its sums: n = 3, sum x = 6,
sum y = 10, sum x^2 = 14, sum x*y = 2 + 6 + 15 = 23, sum y^2 = 4 + 9 + 25 = 38.
"""

import math

import numpy as np
import pytest

from gradviz.engine import run
from gradviz.engine.dataset import Dataset
from gradviz.engine.regression import RegressionLoss, houses

SMALL = Dataset(np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 5.0]))


@pytest.fixture
def loss():
    return RegressionLoss(SMALL)


def test_value_and_gradient_at_points_worked_by_hand(loss):
    # (w, b) = (1, 1): predictions 2, 3, 4; residuals 0, 0, -1
    # L = 1/3; dL/dw = (2/3) * (0*1 + 0*2 + (-1)*3) = -2; dL/db = (2/3) * (-1) = -2/3
    f, gw, gb = loss.value_and_gradient(1.0, 1.0)
    assert f == pytest.approx(1 / 3, rel=1e-14)
    assert gw == pytest.approx(-2.0, rel=1e-14)
    assert gb == pytest.approx(-2 / 3, rel=1e-14)
    # (w, b) = (0, 0): L = sum y^2 / n = 38/3; dL/dw = -2 sum xy / n = -46/3; dL/db = -20/3
    f, gw, gb = loss.value_and_gradient(0.0, 0.0)
    assert (f, gw, gb) == pytest.approx((38 / 3, -46 / 3, -20 / 3), rel=1e-14)
    assert loss.value(1.0, 1.0) == pytest.approx(1 / 3)
    assert loss.gradient(1.0, 1.0) == pytest.approx((-2.0, -2 / 3))


def test_evaluation_is_vectorised_over_any_shape(loss):
    w = np.array([[1.0, 0.0], [2.0, 1.0]])
    b = np.array([[1.0, 0.0], [-1.0, 1.0]])
    f, gw, gb = loss.value_and_gradient(w, b)
    assert f.shape == gw.shape == gb.shape == (2, 2)
    # (2, -1): predictions 1, 3, 5; residuals -1, 0, 0: L = 1/3, dL/dw = -2/3, dL/db = -2/3
    assert f == pytest.approx(np.array([[1 / 3, 38 / 3], [1 / 3, 1 / 3]]))
    assert gw[1, 0] == pytest.approx(-2 / 3) and gb[1, 0] == pytest.approx(-2 / 3)
    grid = loss.value(*np.meshgrid(np.linspace(-5, 5, 1000), np.linspace(-5, 5, 1000)))
    assert grid.shape == (1000, 1000) and np.isfinite(grid).all()
    assert isinstance(loss.value(1.0, 1.0), np.float64)


def test_least_squares_minimum_solves_the_normal_equations(loss):
    # [14 6; 6 3] [w; b] = [23; 10], det = 42 - 36 = 6:
    # w = (23*3 - 6*10)/6 = 1.5, b = (14*10 - 6*23)/6 = 1/3
    w, b = loss.minimum
    assert w == pytest.approx(1.5, rel=1e-14) and b == pytest.approx(1 / 3, rel=1e-14)
    # residuals -1/6, 1/3, -1/6: L* = (1 + 4 + 1)/36/3 = 1/18
    assert loss.min_value == pytest.approx(1 / 18, rel=1e-13)
    assert loss.value(w, b) == pytest.approx(1 / 18, rel=1e-13)
    assert loss.gradient(w, b) == pytest.approx((0.0, 0.0), abs=1e-13)


def test_hessian_and_condition_number(loss):
    # H = (2/3) [[14, 6], [6, 3]] = [[28/3, 4], [4, 2]]: trace 34/3, det 56/3 - 16 = 8/3,
    # eigenvalues (34 +- sqrt(1060))/6
    assert loss.hessian == pytest.approx(np.array([[28 / 3, 4.0], [4.0, 2.0]]))
    expected = (34 + math.sqrt(1060)) / (34 - math.sqrt(1060))
    assert loss.condition_number == pytest.approx(expected, rel=1e-12)
    assert RegressionLoss(SMALL, scaled=True).condition_number == pytest.approx(1.0, rel=1e-12)


def test_scaling_fits_the_same_line():
    # mu = 2, sigma = sqrt(2/3): x' = (-1, 0, 1)/sqrt(2/3). The best line on x' has
    # w' = w*sigma = 1.5*sqrt(2/3) and b' = b + w*mu = 1/3 + 3 = 10/3 (the mean of y).
    scaled = RegressionLoss(SMALL, scaled=True)
    assert scaled.minimum == pytest.approx((1.5 * math.sqrt(2 / 3), 10 / 3), rel=1e-13)
    assert scaled.to_original(*scaled.minimum) == pytest.approx((1.5, 1 / 3), rel=1e-13)
    assert scaled.min_value == pytest.approx(1 / 18, rel=1e-12)
    # any line: the same predictions, hence the same loss, in both coordinates
    w0, b0 = scaled.from_original(2.0, -1.0)
    assert scaled.value(w0, b0) == pytest.approx(1 / 3, rel=1e-12)
    assert scaled.to_original(w0, b0) == pytest.approx((2.0, -1.0))
    assert RegressionLoss(SMALL).with_scaling(True).scaled and scaled.with_scaling(True) is scaled


def test_objective_interface(loss):
    assert loss.parameters == () and loss.params == {}
    assert loss.with_params() is loss
    with pytest.raises(ValueError):
        loss.with_params(a=1)
    assert loss.text == "mean((w*x + b - y)^2) over 3 points"
    # 2*(mean(x^2)*w + mean(x)*b - mean(x*y)) = 2*(14/3*w + 2*b - 23/3)
    assert loss.gradient_text == ("2*(4.66667*w + 2*b - 7.66667)", "2*(2*w + b - 3.33333)")
    scaled = RegressionLoss(SMALL, scaled=True)
    assert scaled.gradient_text == ("2*(w - 1.22474)", "2*(b - 3.33333)")
    assert "x' = (x - 2)/0.816497" in scaled.text


def test_run_works_unchanged_full_batch():
    # scaled: H = 2I, so one descent step of lr 1/2 lands exactly on the minimum
    scaled = RegressionLoss(SMALL, scaled=True)
    traj = run(scaled, "gd", start=(0.0, 0.0), steps=1, lr=0.5)
    assert traj.points[1] == pytest.approx(scaled.minimum, rel=1e-12)
    assert traj.values[0] == pytest.approx(38 / 3)


def test_domain_holds_the_start_and_the_minimum(loss):
    (w0, w1), (b0, b1) = loss.domain(start=(0.0, 0.0))
    for w, b in [(0.0, 0.0), loss.minimum]:
        assert w0 < w < w1 and b0 < b < b1
    assert (w0 + w1) / 2 == pytest.approx(1.5) and (b0 + b1) / 2 == pytest.approx(1 / 3)


def test_bundled_houses_make_a_ravine_that_scaling_removes():
    data = houses()
    assert len(data) == 30 and data.names == ("floor_area_m2", "price_thousands")
    assert 40 <= data.x.min() and data.x.max() <= 220
    per_m2 = (data.y / data.x)
    assert 2.0 < np.median(per_m2) < 4.5
    unscaled, scaled = RegressionLoss(data), RegressionLoss(data, scaled=True)
    assert unscaled.condition_number > 1e4
    assert scaled.condition_number == pytest.approx(1.0, rel=1e-9)
    assert scaled.to_original(*scaled.minimum) == pytest.approx(unscaled.minimum, rel=1e-9)
    # the ravine is long along b: the view spans far more b than w
    (w0, w1), (b0, b1) = unscaled.domain()
    assert (b1 - b0) > 50 * (w1 - w0)
