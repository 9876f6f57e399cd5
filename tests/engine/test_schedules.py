"""Learning-rate schedules against values worked out by hand, and run(schedule=...)."""

import math

import numpy as np
import pytest

from gradviz.engine.expression import parse_expression
from gradviz.engine.schedules import SCHEDULES, resolve_schedule, schedule_values
from gradviz.engine.trajectory import run

pytestmark = pytest.mark.filterwarnings("error")


def test_constant():
    assert schedule_values("constant", {}, 0.3, 4).tolist() == [0.3, 0.3, 0.3, 0.3]


def test_step_multiplies_every_step_size_updates():
    # updates 1-2 at 1.0, 3-4 at 0.5, 5 at 0.25 (torch StepLR stepped after each update)
    v = schedule_values("step", {"step_size": 2, "gamma": 0.5}, 1.0, 5)
    assert v.tolist() == [1.0, 1.0, 0.5, 0.5, 0.25]


def test_exponential():
    v = schedule_values("exponential", {"gamma": 0.5}, 2.0, 4)
    assert v.tolist() == [2.0, 1.0, 0.5, 0.25]


def test_cosine_hand_values():
    # T_max 4, lr 1, eta_min 0.2: e = t - 1 = 0, 2, 4 give 1, (1 + 0.2) / 2 = 0.6, 0.2
    v = schedule_values("cosine", {"T_max": 4, "eta_min": 0.2}, 1.0, 5)
    assert v[0] == 1.0
    assert v[2] == pytest.approx(0.6, abs=1e-15)
    assert v[4] == pytest.approx(0.2, abs=1e-15)
    # e = 1: 0.2 + 0.8 * (1 + cos(pi / 4)) / 2 = 0.2 + 0.4 * (1 + 0.70710678...)
    assert v[1] == pytest.approx(0.2 + 0.4 * (1 + 0.5**0.5), abs=1e-15)
    assert v.shape == (5,) and v.dtype == np.float64


def test_warmup_then_cosine():
    # warm-up 2 from factor 0.5: e = 0 -> 0.5, e = 1 -> 0.75; then cosine over 4 updates:
    # e = 2 -> 1, e = 4 -> (1 + 0) / 2 = 0.5, e = 6 -> 0, after T_max stays 0
    p = {"warmup": 2, "start_factor": 0.5, "T_max": 6, "eta_min": 0.0}
    v = schedule_values("warmup_cosine", p, 1.0, 9)
    assert v[0] == 0.5 and v[1] == 0.75 and v[2] == 1.0
    assert v[4] == pytest.approx(0.5, abs=1e-15)
    assert v[6] == pytest.approx(0.0, abs=1e-15)
    assert v[7] == v[8] == v[6]


@pytest.mark.parametrize("name, params, word", [
    ("nope", {}, "Unknown schedule"), ("step", {"gama": 1}, "gama"),
    ("step", {"step_size": 0}, "step_size"), ("step", {"step_size": 1.5}, "whole"),
    ("cosine", {"T_max": 0}, "T_max"), ("cosine", {"eta_min": "x"}, "number"),
    ("warmup_cosine", {"warmup": 10, "T_max": 10}, "shorter"),
    ("warmup_cosine", {"start_factor": 2}, "start_factor"),
])
def test_bad_parameters_are_one_line_errors(name, params, word):
    with pytest.raises(ValueError, match=word):
        resolve_schedule(name, params)


def test_every_schedule_has_label_and_runs_on_defaults():
    for name, s in SCHEDULES.items():
        assert s.label and s.name == name
        assert np.isfinite(schedule_values(name, None, 0.1, 50)).all()


def test_run_uses_the_scheduled_lr_per_update():
    # gd on f = x^2 + y^2 from (1, 0): x_{t} = x_{t-1} (1 - 2 lr_t); step lr 0.25, 0.25, 0.125
    f = parse_expression("x^2 + y^2")
    traj = run(f, "gd", (1.0, 0.0), 3, lr=0.25, schedule=("step", {"step_size": 2, "gamma": 0.5}))
    assert traj.points[:, 0].tolist() == [1.0, 0.5, 0.25, 0.25 * 0.75]
    assert traj.lrs.tolist() == [0.25, 0.25, 0.125]
    assert traj.hyper["lr"] == 0.25 and traj.schedule[0] == "step"


def test_adagrad_lr_decay_applies_on_top():
    # update 2 uses clr = lr_2 / (1 + 1 * lr_decay) = (1 * 0.5) / 2 = 0.25. On f = x + y
    # g = 1 always and s_t = t: x1 = -1 / 1 = -1, x2 = -1 - 0.25 / sqrt(2) (eps 1e-10 aside)
    f = parse_expression("x + y")
    traj = run(f, "adagrad", (0.0, 0.0), 2, lr=1.0, lr_decay=1.0,
               schedule=("exponential", {"gamma": 0.5}))
    assert traj.points[1, 0] == pytest.approx(-1.0, abs=1e-9)
    assert traj.points[2, 0] == pytest.approx(-1 - 0.25 / math.sqrt(2), abs=1e-9)
    assert traj.derived_at(2)["clr"] == pytest.approx(0.25)


def test_without_schedule_nothing_changes():
    f = parse_expression("x^2 + 3*y^2")
    plain = run(f, "adam", (1.0, 1.0), 30, lr=0.1)
    same = run(f, "adam", (1.0, 1.0), 30, lr=0.1, schedule=None, noise=None)
    const = run(f, "adam", (1.0, 1.0), 30, lr=0.1, schedule=("constant", {}))
    assert plain.lrs is None and plain.schedule is None and plain.noise_added is None
    for t in (same, const):
        assert np.array_equal(plain.points, t.points)


def test_bad_schedule_argument():
    f = parse_expression("x^2 + y^2")
    with pytest.raises(ValueError, match="schedule"):
        run(f, "gd", (1.0, 0.0), 3, schedule="cosine")


@pytest.mark.parametrize("name, params", [("exponential", {"gamma": 10.0}),
                                          ("step", {"step_size": 1, "gamma": 10.0}),
                                          ("step", {"step_size": 3, "gamma": 1e6})])
def test_an_lr_growing_past_float64_is_inf_from_that_update_on_and_the_run_diverges_there(name, params):
    lrs = schedule_values(name, params, 0.5, 1000)
    finite = np.isfinite(lrs)
    first_inf = int(np.argmin(finite))
    assert finite[:first_inf].all() and np.isinf(lrs[first_inf:]).all()
    assert 1e300 < lrs[first_inf - 1] < math.inf      # the last finite lr is 10^308-ish, not an error
    # From the minimum the gradient is 0 and the points stay put until the lr is inf (inf * 0
    # is NaN): the run diverges exactly at that update, as any divergence is marked.
    trajectory = run(parse_expression("x^2 + y^2"), "gd", (0.0, 0.0), 1000, lr=0.5,
                     schedule=(name, params))
    assert trajectory.diverged_at == first_inf + 1
