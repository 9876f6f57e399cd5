"""Gradient descent with a backtracking (Armijo) line search: every trial of a step worked out
by hand, a trial where f is undefined, the search running out, the recorded trials."""

import math

import numpy as np
import pytest

from gradviz.engine import trajectory
from gradviz.engine.around import Around
from gradviz.engine.expression import parse_expression
from gradviz.engine.optimizers import OPTIMIZERS, resolve_hyper

pytestmark = pytest.mark.filterwarnings("error")
BOWL = parse_expression("x^2 + 10*y^2")


def test_registered_with_its_defaults():
    opt = OPTIMIZERS["gd_armijo"]
    assert opt.label == "GD + line search" and opt.look is not None
    assert dict(opt.defaults) == {"lr": 1.0, "shrink": 0.5, "sigma": 1e-4, "max_trials": 30.0}
    for bad in ({"shrink": 1.0}, {"shrink": 0.0}, {"sigma": 0.0}, {"max_trials": 2.5},
                {"max_trials": 0.0}, {"max_trials": 61.0}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            resolve_hyper("gd_armijo", bad)


def test_the_trials_of_the_first_step_by_hand():
    # x^2 + 10 y^2 from (2, 1): f = 14, g = (4, 20), |g|^2 = 416. Trials p - t g and f there:
    # t = 1: (-2, -19), 4 + 3610 = 3614; t = 1/2: (0, -9), 810; t = 1/4: (1, -4), 161;
    # t = 1/8: (1.5, -1.5), 24.75; t = 1/16: (1.75, -0.25), 3.0625 + 0.625 = 3.6875,
    # the first <= 14 - 1e-4 * t * 416: accepted, t = 0.0625
    tr = trajectory.run(BOWL, "gd_armijo", (2.0, 1.0), 2)
    points, values, accepted = tr.trials_at(0)
    assert points.tolist() == [[-2, -19], [0, -9], [1, -4], [1.5, -1.5], [1.75, -0.25]]
    assert values.tolist() == [3614, 810, 161, 24.75, 3.6875]
    assert accepted and tr.points[1].tolist() == [1.75, -0.25]
    s = tr.state_at(1)
    assert (s.t, s.trials, s.accepted) == (0.0625, 5, 1)
    assert np.isnan(s.trial_points[5:]).all() and s.trial_points.shape == (30, 2)
    assert tr.states.trial_values.shape == (3, 30)
    assert tr.notes() == ()


def test_a_trial_where_f_is_undefined_is_rejected():
    # f = x^2 - 4 log x + y^2 from (4, 0): g = (8 - 1, 0) = (7, 0). t = 1: x = -3, log(-3) is
    # NaN: rejected. t = 1/2: x = 0.5, f = 0.25 + 4 log 2 = 3.02 < f(4) = 16 - 4 log 4: accepted
    f = parse_expression("x^2 - 4*log(x) + y^2")
    tr = trajectory.run(f, "gd_armijo", (4.0, 0.0), 1)
    points, values, accepted = tr.trials_at(0)
    assert points[:, 0].tolist() == [-3.0, 0.5] and math.isnan(values[0])
    assert values[1] == pytest.approx(0.25 + 4 * math.log(2), rel=1e-15)
    assert accepted and tr.points[1].tolist() == [0.5, 0.0]


def test_when_no_trial_passes_the_smallest_is_taken():
    # max_trials 2 on the bowl: t = 1 and 1/2 both fail; the smallest, t = 1/2, is taken
    tr = trajectory.run(BOWL, "gd_armijo", (2.0, 1.0), 1, max_trials=2)
    assert tr.points[1].tolist() == [0.0, -9.0]
    s = tr.state_at(1)
    assert (s.t, s.trials, s.accepted) == (0.5, 2, 0)
    assert tr.notes() == ((0, "no sufficient decrease in 2 trials: took the smallest, t = 0.5"),)
    assert not tr.trials_at(0)[2]


def test_when_no_trial_passes_and_f_is_undefined_there_no_step_is_taken():
    tr = trajectory.run(parse_expression("x^2 - 4*log(x) + y^2"), "gd_armijo", (4.0, 0.0), 2,
                        max_trials=1)
    assert tr.points.tolist() == [[4.0, 0.0]] * 3
    assert tr.state_at(1).t == 0
    assert "no step taken" in tr.note_at(0)


def test_a_schedule_sets_the_first_trial():
    # lr 0.0625 from the start: the first trial passes at once
    tr = trajectory.run(BOWL, "gd_armijo", (2.0, 1.0), 2, lr=1.0,
                        schedule=("step", {"step_size": 1, "gamma": 0.0625}))
    assert tr.state_at(1).trials == 5 and tr.state_at(2).trials == 1   # 2nd update at lr 1/16
    assert tr.state_at(2).t == 0.0625


def test_each_step_decreases_f_by_the_armijo_margin():
    f = parse_expression("(1 - x)^2 + 100*(y - x^2)^2")
    tr = trajectory.run(f, "gd_armijo", (-1.2, 1.0), 200)
    t = tr.states.t[1:]
    gg = tr.grad_norms[:-1] ** 2
    assert (tr.states.accepted[1:] == 1).all()
    assert (tr.values[1:] <= tr.values[:-1] - 1e-4 * t * gg * (1 - 1e-12)).all()


def test_update_needs_around_and_rows_are_independent():
    opt, h = OPTIMIZERS["gd_armijo"], resolve_hyper("gd_armijo")
    points = np.array([[2.0, 1.0], [0.5, -1.0], [-1.2, 1.0]])
    grads = np.column_stack(BOWL.gradient(points[:, 0], points[:, 1]))
    with pytest.raises(TypeError, match="around"):
        opt.update(grads, opt.init(points, h), points, h)
    step, state = opt.update(grads, opt.init(points, h), points, h, around=Around(BOWL))
    assert step[0].tolist() == [-0.25, -1.25] and state.trials.tolist()[0] == 5
    for i in range(3):
        one, _ = opt.update(grads[i:i + 1], opt.init(points[i:i + 1], h), points[i:i + 1], h,
                            around=Around(BOWL))
        assert np.array_equal(one[0], step[i])


def test_the_inspector_shows_the_trials_and_the_accepted_t():
    from gradviz.engine.inspect import inspect

    ins = inspect(trajectory.run(BOWL, "gd_armijo", (2.0, 1.0), 1), 0)
    assert ins.row("t").value == 0.0625 and ins.row("trials").value == 5
    assert ins.formula[:7] == (
        "|g|² = 416", "t = 1: f = 3614 > 13.96, rejected", "t = 0.5: f = 810 > 13.98, rejected",
        "t = 0.25: f = 161 > 13.99, rejected", "t = 0.125: f = 24.75 > 13.99, rejected",
        "t = 0.0625: f = 3.688 ≤ 14, accepted",
        "(test: f(p − t·g) ≤ f(p) − σ·t·|g|², σ = 0.0001)")
    assert "x ← x − t·g = 2 − 0.0625·4 = 1.75" in ins.formula
    ran_out = inspect(trajectory.run(BOWL, "gd_armijo", (2.0, 1.0), 1, max_trials=2), 0)
    assert "none passed: took t = 0.5" in ran_out.formula
    assert ran_out.row("t").note == "no sufficient decrease in 2 trials: took the smallest, t = 0.5"


def test_basins_refuse_it_with_a_reason():
    from gradviz.engine.basins import compute_basins

    with pytest.raises(ValueError, match="GD \\+ line search .* another optimizer"):
        compute_basins(BOWL, "gd_armijo", ((-2, 2), (-2, 2)), 10, (5, 5))
