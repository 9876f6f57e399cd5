"""Newton's method: steps checked against numbers worked out by hand (exact fractions where
the function is a polynomial), the saddle-free remedy where the Hessian is not positive
definite, the floor where it is singular, and both run paths giving the same bits."""

import copy
import math
from fractions import Fraction as F

import numpy as np
import pytest

from gradviz.engine import newton, trajectory
from gradviz.engine.around import Around
from gradviz.engine.expression import parse_expression
from gradviz.engine.optimizer_ops import ARRAYS
from gradviz.engine.optimizers import OPTIMIZERS, resolve_hyper
from gradviz.engine.presets import PRESETS

pytestmark = pytest.mark.filterwarnings("error")


def test_registered_with_its_defaults():
    opt = OPTIMIZERS["newton"]
    assert opt.label == "Newton" and opt.look is not None and opt.rule is None
    assert dict(opt.defaults) == {"lr": 1.0, "min_curvature": 1e-4}
    with pytest.raises(ValueError, match="min_curvature"):
        resolve_hyper("newton", {"min_curvature": 0.0})


def test_one_full_step_lands_on_a_quadratics_minimum_exactly():
    # f = x^2 + 10 y^2 from (2, 1): g = (4, 20), H = diag(2, 20): H^-1 g = (2, 1) -> (0, 0)
    tr = trajectory.run(parse_expression("x^2 + 10*y^2"), "newton", (2.0, 1.0), 2)
    assert tr.points[1].tolist() == [0.0, 0.0]
    assert tr.updates[0].tolist() == [-2.0, -1.0]
    s = tr.state_at(1)
    assert (s.f_xx, s.f_xy, s.f_yy, s.eig_low, s.eig_high, s.remedy) == (2, 0, 20, 2, 20, 0)
    assert tr.note_at(0) == "" and tr.notes() == ()


def test_damping_takes_that_share_of_the_newton_step():
    tr = trajectory.run(parse_expression("x^2 + 10*y^2"), "newton", (2.0, 1.0), 1, lr=0.5)
    assert tr.points[1].tolist() == [1.0, 0.5]


def _rosenbrock_newton(x, y):
    """One exact Newton step on (1 - x)^2 + 100 (y - x^2)^2, in fractions."""
    gx = -400 * x * (y - x * x) - 2 * (1 - x)
    gy = 200 * (y - x * x)
    a, b, c = 1200 * x * x - 400 * y + 2, -400 * x, F(200)
    det = a * c - b * b
    return x - (c * gx - b * gy) / det, y - (a * gy - b * gx) / det


def test_rosenbrock_classic_iterates():
    # from (-1.2, 1): g = (-215.6, -88), H = [[1330, 480], [480, 200]], det 35600:
    # p1 = (-1.2 + 11/445, 1 + 847/2225) = (-1.1752809..., 1.3806741...), then p2 from p1
    p1 = _rosenbrock_newton(F(-6, 5), F(1))
    assert p1 == (F(-6, 5) + F(11, 445), 1 + F(847, 2225))
    p2 = _rosenbrock_newton(*p1)
    tr = trajectory.run(parse_expression("(1 - x)^2 + 100*(y - x^2)^2"), "newton", (-1.2, 1), 7)
    for k, exact in ((1, p1), (2, p2)):
        assert tr.points[k].tolist() == pytest.approx([float(v) for v in exact], rel=1e-12)
    assert tr.points[2].tolist() == pytest.approx([0.7631148711, -3.1750338547], rel=1e-9)
    # quadratic convergence: |grad f| 0.47, 25, 8.6e-6, 8.3e-9, then the minimum exactly
    assert tr.grad_norms[5] < 1e-5 and tr.points[7].tolist() == [1.0, 1.0]
    assert not tr.states.remedy.any()


def test_at_a_saddle_the_step_goes_downhill_where_plain_newton_climbs():
    # f = x^2 - y^2 from (0.5, 1), f = -0.75: plain Newton H^-1 g = (0.5, 1) lands on the
    # saddle (0, 0), f = 0, uphill. With |lambda| = (2, 2): d = g / 2 = (0.5, -1) -> (0, 2)
    f = parse_expression("x^2 - y^2")
    tr = trajectory.run(f, "newton", (0.5, 1.0), 1)
    assert tr.points[1].tolist() == [0.0, 2.0]
    assert tr.values[1] == -4.0 < tr.values[0] == -0.75 < float(f.value(0.0, 0.0))
    s = tr.state_at(1)
    assert (s.eig_low, s.eig_high, s.remedy) == (-2.0, 2.0, newton.FLIPPED)
    assert tr.notes()[0][0] == 0 and "not positive definite" in tr.notes()[0][1]


def test_near_a_maximum_the_step_goes_away_from_it():
    # f = -x^2 - y^2 from (1, 1): plain Newton goes to the maximum (0, 0); here -> (2, 2)
    tr = trajectory.run(parse_expression("-x^2 - y^2"), "newton", (1.0, 1.0), 1)
    assert tr.points[1].tolist() == [2.0, 2.0]
    assert tr.state_at(1).remedy == newton.FLIPPED


def test_a_singular_hessian_is_raised_to_the_floor():
    # f = x^2 + y at (1, 0): H = diag(2, 0), g = (2, 1). With min_curvature 0.5, mu = (0.5, 2):
    # step = -(2/2, 1/0.5) = (-1, -2): along y a gradient step of rate 1/0.5
    tr = trajectory.run(parse_expression("x^2 + y"), "newton", (1.0, 0.0), 1, min_curvature=0.5)
    assert tr.updates[0].tolist() == [-1.0, -2.0]
    s = tr.state_at(1)
    assert (s.eig_low, s.eig_high, s.remedy) == (0.0, 2.0, newton.RAISED)
    assert "nearly singular" in tr.note_at(0)
    d = tr.derived_at(1)
    assert (d["mu_low"], d["mu_high"]) == (0.5, 2.0)


def test_a_hessian_that_is_not_finite_gives_no_step_and_says_so():
    (dx, dy), (low, high, remedy) = newton.newton_step(
        (np.array([1.0]), np.array([1.0])), (np.array([math.nan]), np.array([0.0]),
                                             np.array([1.0])), 1e-4, 1.0, ARRAYS, np.where)
    assert np.isnan(dx[0]) and remedy[0] == newton.NOT_FINITE


def test_eigenvalues_of_a_ravine_keep_their_digits():
    # diag(1e-12, 1) rotated by 45 degrees: a, c = (1 + 1e-12)/2, b = (1e-12 - 1)/2
    a = c = (1 + 1e-12) / 2
    b = (1e-12 - 1) / 2
    _, _, low, high = newton.spectrum(a, b, c, ARRAYS, np.where)
    assert high == pytest.approx(1.0) and low == pytest.approx(1e-12, rel=1e-3)


def test_update_needs_around_and_never_mutates_its_inputs():
    opt, h = OPTIMIZERS["newton"], resolve_hyper("newton")
    f = parse_expression("(1 - x)^2 + 100*(y - x^2)^2")
    points = np.array([[1.0, 2.0], [0.5, -1.0], [-1.2, 1.0]])
    grads = np.column_stack(f.gradient(points[:, 0], points[:, 1]))
    state = opt.init(points, h)
    with pytest.raises(TypeError, match="around"):
        opt.update(grads, state, points, h)
    before = copy.deepcopy((grads, points, state))
    step, new = opt.update(grads, state, points, h, around=Around(f))
    assert np.array_equal(grads, before[0]) and np.array_equal(points, before[1])
    assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(state, before[2]))
    for i in range(3):   # rows are independent
        one, _ = opt.update(grads[i:i + 1], opt.init(points[i:i + 1]), points[i:i + 1], h,
                            around=Around(f))
        assert np.array_equal(one[0], step[i])


@pytest.mark.parametrize("name", ["newton", "gd_armijo"])
def test_one_start_on_floats_is_bit_identical_to_a_batch(monkeypatch, name):
    for key in ("rosenbrock", "himmelblau", "saddle", "beale", "goldstein_price", "ackley"):
        preset = PRESETS[key]
        f = parse_expression(preset.expression)
        starts = np.array([preset.start, (0.3, -0.7), (1e155, 0.0), (2.5, 2.5)])
        together = trajectory.run(f, name, starts, 60)
        for i, start in enumerate(starts):
            fast = trajectory.run(f, name, start, 60)
            with monkeypatch.context() as m:
                m.setattr(trajectory, "FAST_SINGLE", False)
                general = trajectory.run(f, name, start, 60)
            for field in ("points", "values", "grads", "updates"):
                a, b, c = getattr(fast, field), getattr(general, field), getattr(together, field)
                assert np.array_equal(a, b, equal_nan=True), (key, field)
                assert np.array_equal(a, c[:, i], equal_nan=True), (key, field)
            for a, b in zip(fast.states, general.states):
                assert np.array_equal(a, b, equal_nan=True), key
            assert fast.diverged_at == general.diverged_at
        assert key != "rosenbrock" or together.diverged_at[2] == 0   # 100 x^4 overflows


def test_basins_accept_newton():
    from gradviz.engine.basins import compute_basins

    preset = PRESETS["himmelblau"]
    result = compute_basins(parse_expression(preset.expression), "newton", preset.domain, 30,
                            resolution=(12, 12), known=preset.minima)
    assert result.counts[0] + result.counts[1] + result.counts[2] + result.counts[3] > 100


def test_the_inspector_shows_g_h_and_the_solved_step():
    from gradviz.engine.inspect import inspect

    tr = trajectory.run(parse_expression("x^2 - y^2"), "newton", (0.5, 1.0), 2)
    ins = inspect(tr, 0)
    assert ins.row("hessian_x").value == (2.0, 0.0) and ins.row("hessian_y").value == (0.0, -2.0)
    assert ins.row("eigenvalues").value == (-2.0, 2.0)
    assert ins.row("curvatures").value == (2.0, 2.0)
    assert "not positive definite" in ins.row("curvatures").note
    assert ins.formula[:4] == ("H = [[2, 0], [0, −2]]", "λ = −2, 2",
                               "μ = max(|λ|, δ) = 2, 2 (λ < 0: |λ| used)", "d = M⁻¹g = (0.5, −1)")
    assert "y ← y − lr·d = 1 − 1·(−1) = 2" in ins.formula
    plain = inspect(trajectory.run(parse_expression("x^2 + 10*y^2"), "newton", (2.0, 1.0), 1), 0)
    assert "H positive definite: M = H, the plain Newton step" in plain.formula
    assert "x ← x − lr·d = 2 − 1·2 = 0" in plain.formula
