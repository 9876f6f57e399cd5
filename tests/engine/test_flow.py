"""The gradient flow dx/dt = -grad f: exact solutions on quadratics, the Dormand-Prince
coefficients' own conditions, descent as its approximation, and bounded work where f is stiff."""

import math
import time

import numpy as np
import pytest

from gradviz.engine import flow
from gradviz.engine.expression import parse_expression
from gradviz.engine.flow import flow_times, gradient_flow

pytestmark = pytest.mark.filterwarnings("error")


def test_dormand_prince_coefficients_satisfy_their_conditions():
    for row, c in zip(flow.A, flow.C):
        assert sum(row) == pytest.approx(c, abs=1e-15)
    b, c = flow.B, flow.C
    for q in range(5):   # order 5: sum b_i c_i^q = 1 / (q + 1)
        assert sum(bi * ci ** q for bi, ci in zip(b, c)) == pytest.approx(1 / (q + 1), abs=1e-15)
    assert sum(flow.E) == pytest.approx(0.0, abs=1e-16)
    # the dense output at s = 1 is the 5th-order step itself
    assert [sum(row) for row in flow.P] == pytest.approx(list(b) + [0.0], abs=1e-14)


def test_round_bowl_is_an_exponential():
    # f = x^2 + y^2: dx/dt = -2x, so x(t) = x0 e^{-2t}
    t = flow_times(0.01, 300)
    fl = gradient_flow(parse_expression("x^2 + y^2"), (1.0, 2.0), t)
    exact = np.column_stack([np.exp(-2 * t), 2 * np.exp(-2 * t)])
    assert fl.complete and fl.message == ""
    assert np.abs(fl.points - exact).max() < 1e-6
    assert (np.hypot(*(fl.points - exact).T) <= fl.errors + 1e-12).all()   # a bound: convex
    assert fl.points[0].tolist() == [1.0, 2.0] and fl.path[0].tolist() == [1.0, 2.0]


def test_elongated_bowl_has_two_rates():
    # f = x^2 + 10 y^2: x0 e^{-2t}, y0 e^{-20t}
    t = flow_times(0.005, 400)
    fl = gradient_flow(parse_expression("x^2 + 10*y^2"), (2.0, 1.0), t)
    exact = np.column_stack([2 * np.exp(-2 * t), np.exp(-20 * t)])
    assert np.abs(fl.points - exact).max() < 1e-6
    assert fl.path_times[-1] <= t[-1] and len(fl.path) == fl.steps + 1


def test_descent_is_the_flow_in_steps_whose_error_grows_with_lr():
    # on x^2 + y^2 descent gives p_k = (1 - 2 lr)^k p_0, the flow p_0 e^{-2 k lr}
    f = parse_expression("x^2 + y^2")
    from gradviz.engine.trajectory import run

    gaps = []
    for lr in (0.01, 0.1):
        steps = round(1 / lr)
        descent = run(f, "gd", (1.0, 0.0), steps, lr=lr).points[:, 0]
        fl = gradient_flow(f, (1.0, 0.0), flow_times(lr, steps))
        assert descent[-1] == pytest.approx((1 - 2 * lr) ** steps, rel=1e-12)
        assert fl.points[-1, 0] == pytest.approx(math.exp(-2), rel=1e-6)
        gaps.append(abs(descent[-1] - fl.points[-1, 0]))
    assert gaps[0] == pytest.approx(math.exp(-2) - 0.98 ** 100, abs=1e-6)   # 0.0027
    assert gaps[1] == pytest.approx(math.exp(-2) - 0.8 ** 10, abs=1e-6)     # 0.0280


def test_flow_times_with_a_schedule():
    assert flow_times(0.1, 3).tolist() == pytest.approx([0, 0.1, 0.2, 0.3])
    assert flow_times(0.1, 3, [0.5, 0.25, 0.125]).tolist() == [0, 0.5, 0.75, 0.875]


def test_rosenbrock_finishes_in_bounded_time():
    f = parse_expression("(1 - x)^2 + 100*(y - x^2)^2")
    start = time.process_time()
    fl = gradient_flow(f, (-1.2, 1.0), flow_times(1.0, 1000))   # to t = 1000
    assert time.process_time() - start < 5.0   # generous: ~0.2 s measured
    assert fl.steps + fl.rejected <= flow.MAX_STEPS
    assert fl.complete and fl.settled_at is not None      # held at (1, 1) once there
    assert fl.points[-1].tolist() == pytest.approx([1.0, 1.0], abs=1e-4)


def test_at_the_step_limit_the_flow_stops_where_it_got():
    f = parse_expression("(1 - x)^2 + 100*(y - x^2)^2")
    fl = gradient_flow(f, (-1.2, 1.0), flow_times(0.01, 1000), max_steps=50)
    assert not fl.complete and fl.steps + fl.rejected == 50
    assert fl.message.startswith(f"stopped at t = {fl.reached:.4g} of 10: 50 solver steps")
    solved = fl.times <= fl.reached
    assert np.isfinite(fl.points[solved]).all() and np.isnan(fl.points[~solved]).all()


def test_a_stiff_ravine_within_descents_reach_and_beyond_it():
    # condition number 1e5: lambda 2e-3 and 200. Descent is stable for lr < 2/200 = 0.01:
    # over 1000 steps of lr 0.009 the flow needs fewer solver steps than descent takes
    f = parse_expression("0.001*x^2 + 100*y^2")
    fl = gradient_flow(f, (1.0, 1.0), flow_times(0.009, 1000))
    assert fl.complete and fl.steps < 1000
    assert fl.points[-1].tolist() == pytest.approx([math.exp(-0.018), 0.0], abs=1e-6)
    # at lr 1 (descent blows up) the explicit solver runs into its step limit, in bounded time
    fl = gradient_flow(f, (1.0, 1.0), flow_times(1.0, 1000))
    assert not fl.complete and "stiff" in fl.message
    assert fl.points[100].tolist() == pytest.approx([math.exp(-0.2), 0.0], abs=1e-6)


def test_a_flow_to_infinity_stops_and_says_so():
    fl = gradient_flow(parse_expression("x^2 - y^2"), (1.0, 0.5), flow_times(1.0, 400))
    assert not fl.complete and "infinity" in fl.message
    fl = gradient_flow(parse_expression("x^3 - 3*x*y^2"), (0.5, 0.8), flow_times(1.0, 100))
    assert not fl.complete and "without bound" in fl.message


def test_bad_times_raise():
    for times in ([], [1.0, 0.5], [-1.0], [0, math.nan]):
        with pytest.raises(ValueError, match="times"):
            gradient_flow(parse_expression("x^2 + y^2"), (1, 1), times)


def test_a_panels_flow_from_the_session():
    from gradviz.engine.scene import compute_flow, objective_for
    from gradviz.engine.session import from_preset

    session = from_preset("bowl_10")
    fl = compute_flow(objective_for(session), session, 0)
    lr = session.panels[0].hyper["lr"]
    assert fl.times.tolist() == pytest.approx((np.arange(session.steps + 1) * lr).tolist())
    assert fl.points[0].tolist() == list(session.start)
