"""Event marks on hand-made runs and on real runs whose steps are known in closed form."""

import math
from pathlib import Path

import numpy as np
import pytest

from gradviz.engine import parse_expression, run
from gradviz.engine import session_io as io
from gradviz.engine.events import (
    bias_fades_at,
    diverging_since,
    first_overshoot,
    overtakes,
    overtaking_events,
    panel_labels,
    run_events,
    runaway,
    session_events,
    stalls,
)
from gradviz.engine.scene import compute_runs, objective_for
from gradviz.engine.trajectory_result import Trajectory

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


def made(values, points=None, grad_norms=None, diverged_at=None, optimizer="gd", hyper=None):
    """A hand-made single-start Trajectory (record "path") with these values."""
    values = np.array(values, dtype=float)
    n = len(values)
    points = np.zeros((n, 2)) if points is None else np.array(points, dtype=float)
    grad_norms = np.ones(n) if grad_norms is None else np.array(grad_norms, dtype=float)
    return Trajectory(optimizer=optimizer, hyper=hyper or {"lr": 0.1}, steps=n - 1,
                      record="path", batch=False, diverged_at=diverged_at,
                      final_points=points[-1], final_values=values[-1],
                      final_grad_norms=grad_norms[-1], points=points, values=values,
                      grad_norms=grad_norms)


def kinds(events):
    return [(e.step, e.kind) for e in events]


# --- overshoot ---------------------------------------------------------------------------------


def test_first_overshoot_is_the_first_rise_of_f():
    assert first_overshoot(made([5, 3, 2, 2.5, 1, 1.5])) == 3
    assert first_overshoot(made([5, 3, 2, 1])) is None


def test_a_rise_at_rounding_level_is_no_overshoot():
    assert first_overshoot(made([5, 3, 1e-9, 1e-9 + 1e-15, 0])) is None


def test_overshoot_text_names_both_values_readably():
    (event,) = [e for e in run_events(made([200, 178.51, 178.53, 1])) if e.kind == "overshoot"]
    assert "from 178.51 to 178.53" in event.text    # 3 digits would read "179 to 179"


# --- divergence -------------------------------------------------------------------------------


def test_descent_on_x_squared_at_lr_1_1_diverges_from_step_1():
    # x_{k+1} = x_k - 1.1 * 2 x_k = -1.2 x_k: |x_k| = 1.2^k |x_0|, f_k = 1.44^k.
    t = run(parse_expression("x^2"), "gd", (1.0, 0.0), 30, lr=1.1)
    assert np.abs(t.points[:, 0]) == pytest.approx(1.2 ** np.arange(31))
    assert diverging_since(t) == 1
    assert first_overshoot(t) == 1
    # Steps into p_2..p_5 each longer than the last with f rising: confirmed at step 5, so a
    # status at playback step 4 does not know it yet (nothing after the step on screen).
    assert [diverging_since(t, k) for k in range(7)] == [None] * 5 + [1, 1]
    assert runaway(t).cause == "grow" and runaway(t).low == 1.0


def test_bounce_above_2_over_lambda_max_diverges_from_step_1():
    """Example 2's lr 0.11 panel: y is multiplied by -1.2 a step, x by 0.78, so
    f_1 = 6.25 * 0.78^2 + 22.5 * 1.44 = 36.2 > f_0 = 28.75, and f rises from then on."""
    session = io.load(EXAMPLES / "2-learning-rate-too-large.gradviz.json")
    objective = objective_for(session)
    runs = [r.trajectory for r in compute_runs(objective, session)]
    events = session_events(objective, session, runs)
    diverging = [e for e in events if e.kind == "divergence"]
    assert [(e.step, e.panel) for e in diverging] == [(1, 2)]
    assert "never again as low as 28.8" in diverging[0].text
    assert runs[2].values[1] == pytest.approx(6.25 * 0.78**2 + 22.5 * 1.44)


def test_divergence_to_infinity_starts_after_the_lowest_f():
    t = made([1, 0.5, 0.3, 4.0, 1e300, np.inf, np.inf], diverged_at=5)
    assert diverging_since(t) == 3
    assert [diverging_since(t, k) for k in (4, 5)] == [None, 3]
    (event,) = [e for e in run_events(t) if e.kind == "divergence"]
    assert "at step 5 it is too large to be a number" in event.text


def test_leaving_the_domain_far_behind_is_a_run_away():
    # f = -x is unbounded below: descent at lr 1 walks x_k = k with f falling every step.
    t = run(parse_expression("-x"), "gd", (0.0, 0.0), 30, lr=1.0)
    domain = ((-1.0, 1.0), (-1.0, 1.0))
    assert diverging_since(t) is None                   # f never rises: no other sign
    # 10 half-diagonals = 14.14: confirmed at x = 15; it left the domain for good at step 2
    assert runaway(t, domain=domain)[:3] == (2, 15, "far")
    assert diverging_since(t, 14, domain) is None


def test_growth_that_recovers_is_no_divergence():
    # steps 1, 2, 4, 8, 16 with f rising, then back below the low of 1
    xs = np.cumsum([0, 1, 2, 4, 8, 16, -30, -1])
    t = made([2, 1, 3, 5, 9, 20, 0.5, 0.4], points=np.column_stack([xs, 0 * xs]))
    assert runaway(t, upto=5) is not None               # looked like a run-away at step 5
    assert diverging_since(t) is None                    # but f came back down


def test_momentum_climbing_past_the_minimum_is_no_divergence():
    session = io.load(EXAMPLES / "5-momentum-overshoot.gradviz.json")
    objective = objective_for(session)
    runs = [r.trajectory for r in compute_runs(objective, session)]
    assert all(diverging_since(t, domain=session.domain) is None for t in runs)
    assert first_overshoot(runs[1]) == 2                 # but it does overshoot at step 2


# --- stalls near a saddle --------------------------------------------------------------------


def test_stall_at_the_saddle_of_x2_minus_y2():
    # From (1, 1e-6) at lr 0.1: x_k = 0.8^k, y_k = 1e-6 * 1.2^k, |grad f| = 2 |p_k|, largest
    # at step 0 (2.0). Stalled where |p_k| <= 0.01: 0.64^k + 1e-12 * 1.44^k <= 1e-4.
    f = parse_expression("x^2 - y^2")
    t = run(f, "gd", (1.0, 1e-6), 80, lr=0.1)
    k = np.arange(81)
    stalled = np.flatnonzero(0.64**k + 1e-12 * 1.44**k <= 1e-4)
    assert (stalled[0], stalled[-1]) == (21, 50)
    assert stalls(t, f) == [(21, 50, "saddle")]
    assert stalls(t) == [(21, 50, "flat")]               # no Hessian: f falls later, so flat
    (event,) = [e for e in run_events(t, f) if e.kind == "saddle"]
    assert event.step == 21 and "Stalled for 30 steps (to step 50)" in event.text
    assert "saddle point" in event.text


def test_slow_arrival_at_a_minimum_is_no_stall():
    f = parse_expression("x^2 + y^2")
    t = run(f, "gd", (1.0, 1.0), 200, lr=0.01)        # |grad f| falls to 0.98^k: small late
    assert stalls(t, f) == [] and stalls(t) == []


def test_example_saddle_stalls_descent_not_adam():
    session = io.load(EXAMPLES / "3-saddle-point.gradviz.json")
    objective = objective_for(session)
    gd, adam = [r.trajectory for r in compute_runs(objective, session)]
    assert [s[2] for s in stalls(gd, objective)] == ["saddle"]
    assert stalls(adam, objective) == []


# --- convergence and Adam's bias correction -------------------------------------------------


def test_convergence_step_from_the_closed_form():
    # x_k = 0.5^k (lr 0.25 on x^2): |grad| = 2 * 0.5^k <= 1e-5 from k = 18; the next step
    # 0.5^(k+1) <= 1e-7 from k = 23.
    f = parse_expression("x^2")
    t = run(f, "gd", (1.0, 0.0), 40, lr=0.25)
    events = [e for e in run_events(t, f) if e.kind == "convergence"]
    assert [e.step for e in events] == [23]
    assert "not a minimum" not in events[0].text


def test_with_a_domain_the_mark_is_where_the_point_stays_put_as_the_status_says():
    # x_k = 0.5^k on the domain (-2, 2)^2: settled within 0.2% of its diagonal (0.0113) from
    # k = 7 (0.5^6 = 0.0156, 0.5^7 = 0.0078), as the panel's status says; the strict test
    # alone (above) waits for step 23. The timeline's mark said 23 under "converged at step 7".
    from gradviz.engine.scene import Run

    f = parse_expression("x^2")
    t = run(f, "gd", (1.0, 0.0), 40, lr=0.25)
    domain = ((-2.0, 2.0), (-2.0, 2.0))
    (event,) = [e for e in run_events(t, f, domain) if e.kind == "convergence"]
    assert event.step == 7 and "stays put" in event.text
    status = Run("GD", t, 23, settled_at=7).full_status(40)
    assert status.text == "converged at step 7"


def test_convergence_on_a_saddle_says_so():
    f = parse_expression("x^2 - y^2")
    t = run(f, "gd", (1.0, 0.0), 60, lr=0.25)           # y = 0 exactly: it stays on the line
    (event,) = [e for e in run_events(t, f) if e.kind == "convergence"]
    assert "saddle point, not a minimum" in event.text


def test_bias_correction_fades_when_1_minus_beta1_to_the_t_passes_0_99():
    # 0.9^43 = 0.01078, 0.9^44 = 0.00970: t = 44. 0.5^6 = 0.0156, 0.5^7 = 0.0078: t = 7.
    adam = made(np.ones(61), optimizer="adam", hyper={"lr": 0.1, "betas": (0.9, 0.999)})
    assert bias_fades_at(adam) == 44
    assert bias_fades_at(made(np.ones(61), optimizer="adam",
                              hyper={"lr": 0.1, "betas": (0.5, 0.999)})) == 7
    assert bias_fades_at(made(np.ones(40), optimizer="adam",
                              hyper={"lr": 0.1, "betas": (0.9, 0.999)})) is None
    assert bias_fades_at(made(np.ones(61))) is None       # plain descent has none
    (event,) = [e for e in run_events(adam) if e.kind == "bias"]
    assert "1 − β₁ᵗ = 0.990" in event.text and "multiplied m by 10" in event.text


# --- overtaking -------------------------------------------------------------------------------


def test_overtaking_from_the_step_it_stays_ahead():
    a, b = made([5, 4, 3, 1, 0.5]), made([5, 2, 2, 2, 2])
    assert overtakes(a, b) == 3
    assert overtakes(b, a) is None                         # b led first, then fell behind
    (event,) = overtaking_events([a, b], ["A", "B"])
    assert (event.step, event.panel, event.other) == (3, 0, 1)
    assert event.text == "A overtakes B: from here on its f is lower (1 against 2)"


def test_a_lead_from_the_start_is_no_overtaking():
    assert overtakes(made([5, 1, 0.5]), made([5, 2, 1])) is None


def test_a_diverged_run_is_overtaken_at_its_divergence():
    gone = made([5, 1, 0.5, np.inf, np.inf], diverged_at=3)
    slow = made([5, 4, 3, 2, 1])
    assert overtakes(slow, gone) == 3


def test_labels_tell_twins_apart():
    f = parse_expression("x^2 + 10*y^2")
    runs = [run(f, "momentum", (1, 1), 5, lr=0.05, momentum=m) for m in (0.9, 0.5)]
    runs.append(run(f, "gd", (1, 1), 5, lr=0.05))
    assert panel_labels(runs) == ["Momentum, lr 0.05, \u03bc 0.9",
                                  "Momentum, lr 0.05, \u03bc 0.5", "Gradient descent, lr 0.05"]


def test_events_need_a_recorded_path():
    t = run(parse_expression("x^2"), "gd", (1.0, 0.0), 5, lr=0.1, record="final")
    with pytest.raises(ValueError, match="record"):
        run_events(t)
    assert math.isfinite(t.final_values)
