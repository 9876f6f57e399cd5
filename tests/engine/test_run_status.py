"""Plain statuses, worked out by hand on runs whose every step is known."""

import numpy as np
import pytest

from gradviz.engine.expression import parse_expression
from gradviz.engine.run_status import (
    diverging_since,
    falls_away,
    settled_at,
    status_at,
)
from gradviz.engine.scene import compute_run
from gradviz.engine.session import PanelConfig, Session

DOMAIN = ((-3.0, 3.0), (-3.0, 3.0))


def _run(text, optimizer, lr, steps, start=(-2.5, 1.5)):
    session = Session(text=text, domain=DOMAIN, start=start,
                      panels=(PanelConfig(optimizer, {"lr": lr}),), steps=steps)
    return compute_run(parse_expression(text), session, 0)


def test_a_paused_run_says_paused_even_at_step_0_and_running_only_while_playing():
    run = _run("x^2 + 10*y^2", "gd", 0.02, 60)
    assert run.status(0) == ("paused", "paused")
    assert run.status(0, playing=True) == ("running", "running")
    # lr 0.02 on x^2: x shrinks by 0.96 a step, 60 steps leave -0.216: not there yet
    assert run.status(60) == ("finished", "still moving at step 60")


def test_gradient_descent_at_lr_0_11_is_diverging_before_any_inf():
    """y is multiplied by 1 - 20*0.11 = -1.2 every step: the steps grow from step 1 on, and
    f with them once the y term dominates; after 60 steps y is 1.5*1.2^60, finite."""
    run = _run("x^2 + 10*y^2", "gd", 0.11, 60)
    traj = run.trajectory
    assert traj.diverged_at is None and abs(traj.points[-1, 1]) == pytest.approx(1.5 * 1.2 ** 60)
    j = run.diverging_at
    steps = np.hypot(*np.diff(traj.points, axis=0).T)
    assert np.all(np.diff(steps[j - 1: j + 4]) > 0)          # the streak that gave it away
    assert np.all(np.diff(traj.values[j: j + 5]) > 0)
    assert run.status(j + 3)[0] != "diverging"               # three steps do not tell yet
    assert run.status(j + 4) == ("diverging", f"diverging since step {j}")
    assert run.status(60) == ("diverging", f"diverging since step {j}")


def test_a_run_that_reaches_inf_diverged_there_and_was_diverging_before():
    run = _run("x^2 + 9.5*y^2", "gd", 0.55, 400)   # y times -9.45 a step
    d = run.trajectory.diverged_at
    assert d is not None and run.diverging_at < d - 100
    assert run.status(d) == ("diverged", f"diverged at step {d}")
    assert run.status(d - 1)[0] == "diverging"


def test_adam_resting_at_the_minimum_has_converged():
    run = _run("x^2 + 10*y^2", "adam", 0.1, 400)
    assert run.converged_at is None or run.settled_at <= run.converged_at
    s = run.settled_at
    assert s is not None
    pts = run.trajectory.points
    tol = 2e-3 * np.hypot(6, 6)
    assert np.all(np.hypot(*(pts[s:] - pts[-1]).T) <= tol)
    assert np.hypot(*(pts[s - 1] - pts[-1])) > tol
    assert run.status(400) == ("converged", f"converged at step {s}")
    assert run.status(s - 1, playing=True) == ("running", "running")


def test_settled_needs_enough_steps_at_rest():
    still = np.zeros((30, 2))
    moving = np.column_stack([np.linspace(0, 1, 30), np.zeros(30)])
    assert settled_at(still, DOMAIN) == 0
    assert settled_at(moving, DOMAIN) is None
    arrived = np.vstack([moving, np.ones((5, 2)) * [1, 0]])    # 5 steps at rest: too few
    assert settled_at(arrived, DOMAIN) is None


def test_leaving_downhill_is_told_apart_from_diverging():
    # x^2 - y^2 from just off the saddle: y doubles away, f falls without end
    pts = np.column_stack([np.zeros(40), 0.01 * 1.5 ** np.arange(40)])
    values = -pts[:, 1] ** 2
    j = diverging_since(pts, values, DOMAIN)
    assert j is not None and falls_away(values)
    # from j on every point is more than a domain size beyond the edge (|y| > 9)
    assert np.all(np.abs(pts[j:, 1]) > 9) and abs(pts[j - 1, 1]) <= 9
    text = status_at(39, 39, diverging_at=j, leaving=True).text
    assert text == f"leaving the view since step {j}"


def test_a_run_that_comes_back_is_not_diverging():
    # out to y = 20 and back home: never "diverging"
    y = np.concatenate([np.linspace(0, 20, 10), np.linspace(20, 0, 10)])
    pts = np.column_stack([np.zeros(20), y])
    assert diverging_since(pts, y ** 2, DOMAIN) is None


def test_descent_stalled_in_a_ravine_is_still_moving_not_converged():
    """f = x^2 + 0.001 y^2 at lr 0.1: x is done in a few steps, y shrinks by 0.9998 a step,
    2e-4 of itself: after 400 steps it has moved ~0.1 and the minimum is still ~1.4 away.
    Over the last 40 steps it moved less than the settle tolerance, but its gradient and
    the curvature it meets (0.002) say the minimum is far: not converged."""
    run = _run("x^2 + 0.001*y^2", "gd", 0.1, 400, start=(-2.5, 1.5))
    pts = run.trajectory.points
    assert np.hypot(*(pts[-41] - pts[-1])) < 2e-3 * np.hypot(6, 6)   # hardly moving ...
    assert abs(pts[-1, 1]) > 1.3                                     # ... far from 0
    assert run.settled_at is None
    assert run.status(400) == ("finished", "still moving at step 400")
