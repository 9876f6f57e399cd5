"""Schedules, gradient noise and tuning as a session uses them: scene.run_options feeds every
run, the session file keeps them, export and the inspector show the lr and noise of each step."""

import csv
import io as text_io
import json
import math
from dataclasses import replace

import numpy as np
import pytest

from gradviz.engine import export, scene
from gradviz.engine import session_io as io
from gradviz.engine.expression import parse_expression
from gradviz.engine.inspect import inspect
from gradviz.engine.schedules import suggested_params
from gradviz.engine.session import PanelConfig, Session
from gradviz.engine.session_fields import SessionError
from gradviz.engine.tuning import rounded_grid, statement, tune_lr

pytestmark = pytest.mark.filterwarnings("error")

BOWL = "x^2 + y^2"


def _session(**changes):
    base = Session(text=BOWL, domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.0, 2.0),
                   panels=(PanelConfig("gd", {"lr": 0.1}), PanelConfig("adam", {"lr": 0.1})),
                   steps=4)
    return base.replace(**changes)


def _with_schedule(session, index, name, **params):
    panels = list(session.panels)
    panels[index] = replace(panels[index], schedule=name, schedule_params=params)
    return session.replace(panels=tuple(panels))


# --- run options: one path for the window, render, export and tuning ----------------------


def test_run_options_are_empty_by_default_so_runs_are_unchanged():
    session = _session()
    assert scene.run_options(session, 0) == {}
    assert scene.run_options(session.replace(noise_std=0.0, noise_seed=5), 1) == {}


def test_cosine_schedule_reaches_the_run_with_the_lrs_by_hand():
    session = _with_schedule(_session(), 0, "cosine", T_max=4.0)
    assert scene.run_options(session, 0) == {"schedule": ("cosine", {"T_max": 4.0})}
    assert scene.run_options(session, 1) == {}
    run = scene.compute_run(parse_expression(BOWL), session, 0)
    # lr_t = 0.05 * (1 + cos(pi (t - 1) / 4)), t = 1..4
    c = math.sqrt(0.5)
    lrs = [0.1, 0.05 * (1 + c), 0.05, 0.05 * (1 - c)]
    assert run.trajectory.lrs.tolist() == pytest.approx(lrs, rel=1e-15)
    # gd on x^2 + y^2: x <- x (1 - 2 lr)
    x = 1.0
    for lr in lrs:
        x = x * (1 - 2 * lr)
    assert run.trajectory.points[-1][0] == pytest.approx(x, rel=1e-14)
    # the other panel keeps its constant lr
    assert scene.compute_run(parse_expression(BOWL), session, 1).trajectory.lrs is None


def test_noise_is_the_same_for_every_panel_at_every_step():
    session = _session(noise_std=0.5, noise_seed=7, steps=50)
    runs = scene.compute_runs(parse_expression(BOWL), session)
    a, b = (r.trajectory.noise_added for r in runs)
    assert a.shape == (50, 2)
    assert np.array_equal(a, b)
    z = np.random.default_rng([7, 0]).standard_normal((50, 2))
    assert a[3].tolist() == [0.5 * z[3, 0], 0.5 * z[3, 1]]


def test_one_noisy_adam_step_by_hand():
    # f = x^2 + y^2 at (1, 2): grad (2, 4). Noise std 3, seed 11: xi = 3 * z0.
    session = _session(noise_std=3.0, noise_seed=11, steps=1,
                       panels=(PanelConfig("adam", {"lr": 0.1}),))
    run = scene.compute_run(parse_expression(BOWL), session, 0).trajectory
    z0 = np.random.default_rng([11, 0]).standard_normal((1, 2))[0]
    gx, gy = 2.0 + 3.0 * z0[0], 4.0 + 3.0 * z0[1]
    # Adam's first update: m = 0.1 g, v = 0.001 g^2, m_hat = m / 0.1, v_hat = v / 0.001,
    # step = -0.1 * m_hat / (sqrt(v_hat) + 1e-8)
    step = [-0.1 * (0.1 * g / 0.1) / (math.sqrt(0.001 * g * g / 0.001) + 1e-8) for g in (gx, gy)]
    assert run.updates[0].tolist() == pytest.approx(step, rel=1e-12)
    assert run.grads[0].tolist() == [2.0, 4.0]  # the recorded gradient stays the true one


# --- the session file -----------------------------------------------------------------------


def test_schedule_noise_and_tuned_note_round_trip():
    session = _with_schedule(_session(noise_std=0.25, noise_seed=3), 1, "warmup_cosine",
                             warmup=10.0, start_factor=0.1, T_max=100.0, eta_min=0.0)
    session = session.replace(panels=(replace(session.panels[0], tuned={
        "lr": 0.1, "note": "lr 0.1 tuned: ...", "key": "0123456789abcdef"}),) + session.panels[1:])
    text = io.to_json(session)
    data = json.loads(text)
    assert data["noise_std"] == 0.25 and data["noise_seed"] == 3
    assert data["panels"][1]["schedule"] == "warmup_cosine"
    assert data["panels"][1]["schedule_params"]["warmup"] == 10.0
    assert "schedule" not in data["panels"][0]   # at its default: left out
    assert io.from_json(text) == session


def test_defaults_are_left_out_and_old_files_load():
    data = json.loads(io.to_json(_session()))
    assert "noise_std" not in data and "noise_seed" not in data
    assert set(data["panels"][0]) == {"optimizer", "hyper"}
    loaded = io.from_dict(data)
    assert loaded.noise_std == 0.0 and loaded.noise_seed == 0
    assert loaded.panels[0].schedule == "constant" and loaded.panels[0].tuned is None


@pytest.mark.parametrize("where, value, message", [
    (("noise_std",), -1, "noise_std: -1 is out of range"),
    (("noise_std",), "a", 'noise_std: expected a number, not "a"'),
    (("noise_seed",), 1.5, "noise_seed: expected a whole number, not 1.5"),
    (("noise_seed",), -2, "noise_seed: -2 is out of range"),
    (("panels", 0, "schedule"), "cosinus", 'panels[0].schedule: "cosinus" is not one of constant'),
    (("panels", 0, "schedule_params"), [1], "panels[0].schedule_params: expected an object"),
    (("panels", 0, "schedule_params"), {"T_max": True},
     "panels[0].schedule_params.T_max: expected a number"),
    (("panels", 0, "tuned"), {"lr": 0.1}, 'panels[0].tuned: expected an object with "lr"'),
    (("panels", 0, "tuned"), {"lr": -1, "note": "", "key": ""}, "panels[0].tuned.lr: -1 is out"),
])
def test_broken_fields_are_named(where, value, message):
    data = json.loads(io.to_json(_with_schedule(_session(), 0, "cosine", T_max=4.0)))
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    with pytest.raises(SessionError) as error:
        io.from_dict(data)
    assert error.value.message.startswith(message)


@pytest.mark.parametrize("name, params, message", [
    ("cosine", {"T_max": -1.0}, "Invalid T_max value: -1.0 (must be > 0)"),
    ("step", {"bogus": 1.0}, "Unknown schedule parameter(s) bogus for step"),
    ("warmup_cosine", {"warmup": 200.0, "T_max": 100.0}, "warmup must be shorter than T_max"),
])
def test_schedule_parameters_are_checked_against_the_schedule(name, params, message):
    data = json.loads(io.to_json(_with_schedule(_session(), 1, name, **params)))
    with pytest.raises(SessionError) as error:
        io.from_dict(data)
    assert error.value.message.startswith(f"panels[1].schedule_params: {message}")


def test_rounded_grid_is_the_log_grid_to_three_digits():
    grid = rounded_grid()
    assert len(grid) == 25 and grid[0] == 1e-5 and grid[-1] == 10.0
    assert grid[1:4] == [1.78e-5, 3.16e-5, 5.62e-5]   # 10^-4.75, 10^-4.5, 10^-4.25


def test_describe_says_the_schedule_in_words():
    from gradviz.engine.schedules import describe

    assert describe("step", {"step_size": 250.0, "gamma": 0.1}) == "lr \u00d70.1 every 250 steps"
    assert describe("cosine", {"T_max": 1000.0}) == "lr: cosine to 0 over 1000 steps"
    assert describe("warmup_cosine", {"warmup": 100.0, "T_max": 1000.0}) == (
        "lr: warm-up 100 steps from \u00d70.1, then cosine to 0 at step 1000")


def test_suggested_params_fit_the_run():
    assert suggested_params("cosine", 1000) == {"T_max": 1000.0, "eta_min": 0.0}
    assert suggested_params("warmup_cosine", 1000)["warmup"] == 100.0
    assert suggested_params("step", 1000) == {"step_size": 250.0, "gamma": 0.1}
    gamma = suggested_params("exponential", 100)["gamma"]
    assert gamma ** 100 == pytest.approx(0.01, rel=1e-4)   # 1 % of lr after the run


# --- tuning a panel ---------------------------------------------------------------------------


def test_tuned_panel_sets_the_lr_tune_lr_picks_and_states_it():
    session = _session(steps=100)
    objective = parse_expression(BOWL)
    result = scene.tune_panel(objective, session, 0)
    direct = tune_lr(objective, "gd", (1.0, 2.0), 100, {"lr": 0.1})
    assert result.best_lr == 0.562   # 10^-0.25 rounded: the grid of the window
    assert direct.best_lr == pytest.approx(10**-0.25)
    tuned = scene.tuned_panel(session, 0, result)
    assert tuned.panels[0].hyper["lr"] == result.best_lr
    note = scene.tuned_note(tuned, 0)
    assert note == ("lr 0.562 tuned: lowest final f of 25 rates 1e-5 to 10 (log), 100 steps, "
                    "same start")
    assert note == statement(result)
    # the note goes when anything it depended on changes, and comes back with it
    moved = tuned.replace(start=(0.5, 0.5))
    assert scene.tuned_note(moved, 0) == ""
    assert scene.tuned_note(moved.replace(start=(1.0, 2.0)), 0) == note
    assert scene.tuned_note(tuned.replace(panels=(tuned.panels[0].with_hyper(lr=0.5),)
                                          + tuned.panels[1:]), 0) == ""
    assert scene.tuned_note(tuned.replace(noise_std=0.1), 0) == ""
    assert scene.tuned_note(tuned, 1) == ""


def test_the_statement_counts_diverged_rates():
    # gd on the bowl: x <- (1 - 2 lr) x. lr 100: |1 - 200|^k overflows f within 200 steps;
    # lr 0.1 and 0.01 converge.
    r = tune_lr(parse_expression(BOWL), "gd", (1.0, 2.0), 200, lrs=[100.0, 0.01, 0.1])
    assert statement(r) == ("lr 0.1 tuned: lowest final f of 3 rates 0.01 to 100, 200 steps, "
                            "same start; 1 diverged")
    lost = tune_lr(parse_expression(BOWL), "gd", (1.0, 2.0), 200, lrs=[100.0, 200.0])
    assert statement(lost) == "tuning: every one of 2 rates 100 to 200 diverged within 200 steps"


def test_tune_with_noise_uses_the_panel_noise():
    session = _session(steps=30, noise_std=1.0, noise_seed=2)
    objective = parse_expression(BOWL)
    result = scene.tune_panel(objective, session, 1)
    direct = tune_lr(objective, "adam", (1.0, 2.0), 30, {"lr": 0.1}, rounded_grid(),
                     noise=(1.0, 2))
    assert np.array_equal(result.final_values, direct.final_values, equal_nan=True)
    assert ", same start and noise" in statement(result, noise=True)


def test_progress_reports_each_rate_or_group_and_cancel_returns_none(monkeypatch):
    from gradviz.engine import trajectory

    objective = parse_expression(BOWL)
    seen = []
    r = tune_lr(objective, "adam", (1.0, 2.0), 20, progress=lambda p: seen.append(p) or True)
    assert seen == [(i + 1) / 25 for i in range(25)]   # one by one on the fast path
    monkeypatch.setattr(trajectory, "FAST_SINGLE", False)
    grouped = []
    batched = tune_lr(objective, "adam", (1.0, 2.0), 20,
                      progress=lambda p: grouped.append(p) or True)
    assert grouped == [0.2, 0.4, 0.6, 0.8, 1.0]    # 25 rates in numpy batches of 5
    assert np.array_equal(r.final_values, batched.final_values, equal_nan=True)   # same bits
    monkeypatch.undo()
    assert tune_lr(objective, "gd", (1.0, 2.0), 20, progress=lambda p: False) is None
    assert tune_lr(objective, "adam", (1.0, 2.0), 20, noise=(1.0, 0),
                   progress=lambda p: p < 0.1) is None


# --- export and the inspector -----------------------------------------------------------------


def test_export_has_the_lr_of_each_update_and_the_noise():
    session = _with_schedule(_session(noise_std=0.5, noise_seed=1), 0, "step",
                             step_size=2.0, gamma=0.5)
    rows = list(csv.DictReader(text_io.StringIO(export.to_csv(session))))
    gd = [r for r in rows if r["panel"] == "1"]
    # StepLR: updates 1, 2 at 0.1; 3, 4 at 0.05; none leaves the last point
    assert [r["lr"] for r in gd] == ["0.1", "0.1", "0.05", "0.05", ""]
    assert [r["lr"] for r in rows if r["panel"] == "2"] == ["0.1"] * 4 + [""]
    z = np.random.default_rng([1, 0]).standard_normal((4, 2))
    assert float(gd[2]["noise_x"]) == 0.5 * z[2, 0]
    assert gd[4]["noise_x"] == ""
    plain = export.to_csv(_session())
    assert "noise_x" not in plain.splitlines()[0]
    data = json.loads(export.to_json(session))
    assert data["panels"][0]["columns"]["lr"] == [0.1, 0.1, 0.05, 0.05, None]


def test_inspector_shows_the_scheduled_lr_and_the_noise():
    session = _with_schedule(_session(noise_std=2.0, noise_seed=4), 0, "exponential", gamma=0.5)
    tr = scene.compute_run(parse_expression(BOWL), session, 0).trajectory
    ins = inspect(tr, 2)   # update 3: lr 0.1 * 0.5^2
    assert ins.row("lr").value == 0.025
    z = np.random.default_rng([4, 0]).standard_normal((4, 2))
    assert ins.row("noise").value == (2.0 * z[2, 0], 2.0 * z[2, 1])
    gx = tr.grads[2][0] + 2.0 * z[2, 0]
    assert ins.row("plain_step").value[0] == -0.025 * gx
    assert ins.formula[1].startswith("g = ∂f/∂x + ξ = ")
    assert "0.025·" in ins.formula[2]
    # the last step has no update: no lr, no noise row
    last = inspect(tr, 4)
    assert math.isnan(last.row("lr").value) and "noise" not in last.keys


def test_regression_mini_batches_go_through_the_same_options_into_tuning():
    from gradviz.engine.minibatch import BatchGradients, BatchSequence
    from gradviz.engine.regression_mode import loss_for, setup
    from gradviz.engine.session import RegressionConfig

    base = _session(steps=40).replace(panels=(PanelConfig("gd", {"lr": 0.1}),))
    session = setup(base, RegressionConfig(scaled=True, batch_size=5, seed=3))
    loss = loss_for(session)
    options = scene.run_options(session, 0, loss)
    assert isinstance(options["minibatch"], BatchGradients)
    assert options["minibatch"].spec == (5, 3)
    result = scene.tune_panel(loss, session, 0)
    hook = BatchGradients(loss, BatchSequence(len(loss.data), 5, 3))
    direct = tune_lr(loss, "gd", session.start, 40, session.panels[0].hyper, rounded_grid(),
                     minibatch=hook)
    assert np.array_equal(result.final_values, direct.final_values, equal_nan=True)
    full = tune_lr(loss, "gd", session.start, 40, session.panels[0].hyper, rounded_grid())
    assert not np.array_equal(result.final_values, full.final_values, equal_nan=True)


def test_panel_notes_in_full_and_brief():
    session = _with_schedule(_session(noise_std=0.5, noise_seed=3, steps=100), 0, "warmup_cosine",
                             warmup=10.0, T_max=100.0)
    tuned = scene.tuned_panel(session, 0, scene.tune_panel(parse_expression(BOWL), session, 0))
    full = scene.panel_notes(tuned, 0)
    assert full[0] == "lr: warm-up 10 steps from \u00d70.1, then cosine to 0 at step 100"
    assert full[1] == "gradient noise \u03c3 0.5, seed 3 (all panels)"
    assert full[2].startswith("lr ") and "tuned: lowest final f of 25 rates" in full[2]
    assert scene.panel_notes(tuned, 0, brief=True) == [
        "warm-up 10, cosine lr to 0 at 100", "noise \u03c3 0.5, seed 3", "lr tuned: best of 25 rates"]
    assert scene.panel_notes(tuned, 1, brief=True) == ["noise \u03c3 0.5, seed 3"]
