"""The regression mode of a session: the loss of its data worked by hand, scaling, mini-batch
runs through run()'s gradient hook, session fields saved and refused, export columns."""

import dataclasses
import json
import math

import numpy as np
import pytest

from gradviz.engine import export
from gradviz.engine import regression_mode as rm
from gradviz.engine import session as sessions
from gradviz.engine import session_io as io
from gradviz.engine.dataset import Dataset
from gradviz.engine.minibatch import BatchSequence
from gradviz.engine.scene import compute_landscape, compute_run, compute_runs, objective_for
from gradviz.engine.session import PanelConfig, RegressionConfig

# Three points: (1, 2), (2, 4), (3, 7). mean x = 2, mean x^2 = 14/3, std x = sqrt(2/3).
THREE = rm.embedded(Dataset([1.0, 2.0, 3.0], [2.0, 4.0, 7.0], ("area", "price")), "three.csv")


def _session(config=THREE, optimizers=("gd", "momentum"), steps=40):
    base = sessions.from_preset("rosenbrock", optimizers=optimizers, steps=steps)
    return rm.setup(base, config)


def test_loss_and_gradient_of_three_points_by_hand():
    loss = objective_for(_session())
    # at (w, b) = (1, 1): predictions 2, 3, 4; residuals 0, -1, -3
    assert float(loss.value(1.0, 1.0)) == pytest.approx((0 + 1 + 9) / 3)
    gw, gb = loss.gradient(1.0, 1.0)
    assert float(gw) == pytest.approx(2 / 3 * (0 * 1 + -1 * 2 + -3 * 3))    # -22/3
    assert float(gb) == pytest.approx(2 / 3 * (0 - 1 - 3))                  # -8/3


def test_scaled_loss_of_three_points_by_hand():
    session = rm.with_scaling(_session(), True)
    loss = objective_for(session)
    s = math.sqrt(2 / 3)                      # std of 1, 2, 3 (dividing by n)
    # x' = -1/s, 0, 1/s; at (w', b') = (1, 1) predictions 1 - 1/s, 1, 1 + 1/s
    r = [1 - 1 / s - 2, 1 - 4, 1 + 1 / s - 7]
    assert float(loss.value(1.0, 1.0)) == pytest.approx((r[0] ** 2 + r[1] ** 2 + r[2] ** 2) / 3)
    gw, gb = loss.gradient(1.0, 1.0)
    assert float(gw) == pytest.approx(2 / 3 * (r[0] * -1 / s + r[2] * 1 / s))
    assert float(gb) == pytest.approx(2 / 3 * sum(r))


def test_condition_number_unscaled_and_scaled():
    unscaled = objective_for(_session())
    # H/2 = [[14/3, 2], [2, 1]]: trace 17/3, determinant 2/3, eigenvalues (17 +- sqrt 265)/6
    assert unscaled.condition_number == pytest.approx((17 + 265**0.5) / (17 - 265**0.5))
    assert objective_for(rm.with_scaling(_session(), True)).condition_number == pytest.approx(1)
    assert "condition number 1" in rm.describe(objective_for(rm.with_scaling(_session(), True)))
    assert rm.format_condition(128699.3) == "128,699"


def test_setup_sets_domain_start_and_learning_rates():
    session = _session()
    assert session.mode == "regression" and session.start == (0.0, 0.0)
    (w0, w1), (b0, b1) = session.domain
    loss = objective_for(session)
    assert w0 < 0 < w1 and b0 < 0 < b1                       # the start is inside
    assert w0 < loss.minimum[0] < w1 and b0 < loss.minimum[1] < b1
    assert w1 - w0 == pytest.approx(b1 - b0)                 # square: a round valley looks round
    lam_max = 2 * (17 + 265**0.5) / 6
    gd, momentum = (p.hyper["lr"] for p in session.panels)
    assert gd == float(f"{0.2 / lam_max:.2g}") and momentum == float(f"{0.02 / lam_max:.2g}")
    scaled = rm.with_scaling(session, True)
    assert scaled.panels[0].hyper["lr"] == 0.1               # lambda_max = 2


def test_entering_the_mode_shows_the_loss_on_a_log_axis_and_keeps_later_choices():
    function_mode = sessions.default_session()
    assert function_mode.display.log_f is False
    session = _session()
    assert session.display.log_f is True          # entering: L on a log axis
    linear = session.replace(display=dataclasses.replace(session.display, log_f=False))
    assert rm.with_scaling(linear, True).display.log_f is False   # the user's choice stays


def test_scaling_keeps_the_start_line():
    session = _session().replace(start=(1.0, 1.0))
    scaled = rm.with_scaling(session, True)
    s = math.sqrt(2 / 3)
    # w' = w * std = s, b' = b + w * mean = 3: the same line y = x + 1
    assert scaled.start == pytest.approx((s, 3.0))
    assert rm.with_scaling(scaled, False).start == pytest.approx((1.0, 1.0))


def test_landscape_names_the_axes_and_marks_the_least_squares_line():
    session = _session()
    loss = objective_for(session)
    land = compute_landscape(loss, session)
    assert land.names == ("w", "b", "L") and land.colorbar_label.count("L") == 1
    (m,) = land.minima
    # normal equations: w* = cov/var = (2/3 * ... ) -> slope 2.5, intercept 4.333 - 5 = -2/3
    assert (m.x, m.y) == pytest.approx((2.5, 13 / 3 - 2.5 * 2))
    assert compute_landscape(loss, _session().replace(mode="function")).names == ("x", "y", "f")


def test_minibatch_run_is_hand_written_sgd_and_every_panel_gets_the_same_batches():
    config = THREE.replace(batch_size=2, seed=7)
    session = _session(config, optimizers=("gd", "momentum"), steps=9).replace(
        start=(0.5, -1.0))
    loss = objective_for(session)
    run = compute_run(loss, session, 0)
    traj = run.trajectory
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 7.0])
    batches = BatchSequence(3, 2, seed=7)
    lr = session.panels[0].hyper["lr"]
    w, b = 0.5, -1.0
    for k in range(9):
        idx = batches.indices(k)
        r = w * x[idx] + b - y[idx]
        gw, gb = 2 * (r * x[idx]).mean(), 2 * r.mean()
        # recorded gradients are the full ones; the optimizer saw the batch's
        full = [2 * ((w * x + b - y) * x).mean(), 2 * (w * x + b - y).mean()]
        assert traj.grads[k] == pytest.approx(full)
        assert traj.grads[k] + traj.noise_added[k] == pytest.approx([gw, gb])
        w, b = w - lr * gw, b - lr * gb
    assert traj.points[-1] == pytest.approx([w, b])
    assert traj.minibatch == (2, 7)
    from gradviz.engine.inspect import inspect

    labels = [row.label for row in inspect(traj, 3).rows]
    assert "\u03be, mini-batch noise" in labels
    other = compute_run(loss, session, 1).trajectory      # momentum, same start
    assert (other.grads[0] + other.noise_added[0] == traj.grads[0] + traj.noise_added[0]).all()


def test_full_batch_is_the_plain_run():
    session = _session(THREE.replace(batch_size=3))        # a batch of every point: full
    traj = compute_run(objective_for(session), session, 0).trajectory
    assert traj.minibatch is None and traj.noise_added is None


def test_session_with_embedded_points_round_trips():
    session = _session(THREE.replace(scaled=True, batch_size=2, seed=11))
    text = io.to_json(session)
    data = json.loads(text)
    assert data["mode"] == "regression"
    assert data["regression"]["points"] == [[1.0, 2.0], [2.0, 4.0], [3.0, 7.0]]
    assert io.from_json(text) == session


def test_bundled_data_is_saved_by_name():
    session = _session(RegressionConfig())
    data = json.loads(io.to_json(session))
    assert data["regression"]["data"] == "houses" and data["regression"]["points"] is None
    assert len(objective_for(io.from_json(io.to_json(session))).data) == 30


def test_old_files_without_the_fields_are_function_sessions():
    data = {"format": "gradviz-session", "version": 1, "text": "x^2 + y^2",
            "domain": [[-1, 1], [-2, 2]], "start": [0.5, 0.5], "panels": [{"optimizer": "gd"}]}
    session = io.from_dict(data)
    assert session.mode == "function" and session.regression is None


def _broken(change):
    data = json.loads(io.to_json(_session(THREE)))
    change(data)
    with pytest.raises(io.SessionError) as caught:
        io.from_dict(data)
    return caught.value.message


@pytest.mark.parametrize("change, expected", [
    (lambda d: d.update(mode="regresion"), 'mode: "regresion" is not one of function, regression'),
    (lambda d: d["regression"].update(points=[[1, 2]]), "regression.points: 1 points; a session"),
    (lambda d: d["regression"].update(points=[[1, 2]] * 2001), "2,001 points"),
    (lambda d: d["regression"].update(points=[[1, 2], [1, 5]]),
     "regression.points: every x is 1: a line through the points is not unique"),
    (lambda d: d["regression"].update(points=[[1, "2"], [3, 4]]),
     'regression.points[0].y: expected a number, not "2"'),
    (lambda d: d["regression"].update(points=None, data="boston"),
     'regression.data: "boston" is not a bundled data set'),
    (lambda d: d["regression"].update(data="houses"), 'regression.data: must be ""'),
    (lambda d: d["regression"].update(batch_size=-1), "regression.batch_size: -1 is out of range"),
    (lambda d: d["regression"].update(seed=1.5), "regression.seed: expected a whole number"),
    (lambda d: d["regression"].update(scaled="yes"), "regression.scaled: expected true or false"),
    (lambda d: d["regression"].update(colour=1), 'regression: unknown field "colour"'),
    (lambda d: d.update(regression=[1, 2]), "regression: expected an object"),
])
def test_broken_regression_fields_name_the_problem(change, expected):
    assert expected in _broken(change)


def test_export_has_the_fitted_line_in_data_units():
    session = rm.with_scaling(_session(THREE, steps=5), True)
    runs = compute_runs(objective_for(session), session)
    rows = export.to_csv(session, runs).splitlines()
    header = rows[0].split(",")
    assert "w" in header and "b" in header
    first = dict(zip(header, rows[1].split(",")))
    s = math.sqrt(2 / 3)
    w_scaled, b_scaled = float(first["x"]), float(first["y"])
    # back to the data's units: w = w'/std, b = b' - w' * mean/std
    assert float(first["w"]) == pytest.approx(w_scaled / s)
    assert float(first["b"]) == pytest.approx(b_scaled - w_scaled * 2 / s)
    document = json.loads(export.to_json(session, runs))
    assert len(document["panels"][0]["columns"]["w"]) == 6
    function_csv = export.to_csv(sessions.from_preset("booth", steps=3))
    assert ",w," not in function_csv.splitlines()[0]


def test_panels_list_is_untouched_except_learning_rates():
    base = sessions.from_preset("rosenbrock", optimizers=("momentum",))
    base = base.replace(panels=(PanelConfig("momentum", {"lr": 1.0, "momentum": 0.5}),))
    session = rm.setup(base, THREE)
    assert session.panels[0].hyper["momentum"] == 0.5 and session.panels[0].hyper["lr"] != 1.0


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam", "rmsprop"])
def test_single_start_fast_path_is_bit_identical(optimizer, monkeypatch):
    from gradviz.engine import trajectory

    session = rm.setup(sessions.from_preset("rosenbrock", optimizers=(optimizer,), steps=300),
                       RegressionConfig())
    loss = objective_for(session)
    fast = compute_run(loss, session, 0).trajectory
    monkeypatch.setattr(trajectory, "FAST_SINGLE", False)
    slow = compute_run(loss, session, 0).trajectory
    for name in ("points", "values", "grads", "updates"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name)), name
