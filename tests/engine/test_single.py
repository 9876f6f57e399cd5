"""The fast paths change no number: one start on Python floats (engine.single) against the
general numpy path, the scalar program against the array program, grids written in place
against plain evaluation. Every comparison is bit for bit (NaNs compare equal)."""

import numpy as np
import pytest
from test_objective import GRADIENT_CASES, NON_FINITE

from gradviz.engine import single, trajectory
from gradviz.engine.expression import parse_expression
from gradviz.engine.field import sample_grid
from gradviz.engine.optimizers import OPTIMIZERS, Optimizer
from gradviz.engine.presets import PRESETS

pytestmark = pytest.mark.filterwarnings("error")


def both_ways(monkeypatch, objective, optimizer, start, steps, **kwargs):
    """(fast, general) trajectories of the same run."""
    fast = trajectory.run(objective, optimizer, start, steps, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(trajectory, "FAST_SINGLE", False)
        general = trajectory.run(objective, optimizer, start, steps, **kwargs)
    return fast, general


def assert_identical(fast, general):
    for name in ("points", "values", "grads", "grad_norms", "updates",
                 "final_points", "final_values", "final_grad_norms"):
        a, b = getattr(fast, name), getattr(general, name)
        if a is None or b is None:
            assert a is None and b is None, name
            continue
        assert np.shape(a) == np.shape(b), name
        assert np.array_equal(a, b, equal_nan=True), name
    assert fast.diverged_at == general.diverged_at
    if general.states is not None:
        assert fast.states._fields == general.states._fields
        for name, a, b in zip(general.states._fields, fast.states, general.states):
            assert np.array_equal(a, b, equal_nan=True), name
    for name in ("points", "values", "grads", "updates"):
        array = getattr(fast, name)
        assert array is None or not array.flags.writeable


@pytest.mark.parametrize("key", PRESETS)
def test_every_optimizer_on_every_preset_is_bit_identical(monkeypatch, key):
    preset = PRESETS[key]
    objective = parse_expression(preset.expression)
    for name in OPTIMIZERS:
        # the demonstration rate, and one 300 times larger that diverges on most presets
        for lr in (preset.lr[name], 300 * preset.lr[name]):
            fast, general = both_ways(monkeypatch, objective, name, preset.start, 120, lr=lr)
            assert_identical(fast, general)


HYPER_VARIANTS = [
    ("gd", {"lr": 0.01, "weight_decay": 0.1}),
    ("momentum", {"lr": 0.01, "momentum": 0.5, "dampening": 0.3, "weight_decay": 0.05}),
    ("momentum", {"lr": 0.01, "momentum": 0.0}),
    ("nesterov", {"lr": 0.01, "momentum": 0.7, "weight_decay": 0.05}),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.3,
                 "weight_decay": 0.1}),
    ("rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.9, "weight_decay": 0.1}),
    ("rmsprop", {"lr": 0.01, "alpha": 0.3, "centered": True}),
    ("rmsprop", {"lr": 0.01, "momentum": 0.5}),
    ("adam", {"lr": 0.05, "betas": (0.5, 0.6), "weight_decay": 0.1, "amsgrad": True}),
    ("adamw", {"lr": 0.05, "weight_decay": 0.3}),
    ("adamw", {"lr": 0.05, "amsgrad": True}),
    ("amsgrad", {"lr": 0.05, "eps": 0.0}),
]


@pytest.mark.parametrize("name, hyper", HYPER_VARIANTS)
@pytest.mark.parametrize("text", ["(1-x)^2 + 100*(y-x^2)^2", "sin(x)*cos(y) + 0.1*(x^2+y^2)",
                                  "log(x) + sqrt(y) + max(x, y)"])
def test_every_option_is_bit_identical(monkeypatch, name, hyper, text):
    # the last function walks off its domain (log, sqrt of a negative number): NaN mid-run
    objective = parse_expression(text)
    fast, general = both_ways(monkeypatch, objective, name, (0.7, 0.4), 200, **hyper)
    assert_identical(fast, general)


SCHEDULE_NOISE = [
    (("cosine", {"T_max": 150, "eta_min": 0.001}), None),
    (("warmup_cosine", {"warmup": 20, "T_max": 200}), (0.5, 3)),
    (("step", {"step_size": 25, "gamma": 0.5}), None),
    (None, (2.0, 0)),
    (("exponential", {"gamma": 0.98}), (0.1, 7)),
]


@pytest.mark.parametrize("schedule, noise", SCHEDULE_NOISE)
@pytest.mark.parametrize("name, hyper", HYPER_VARIANTS)
def test_schedules_and_noise_are_bit_identical(monkeypatch, name, hyper, schedule, noise):
    objective = parse_expression("(1-x)^2 + 100*(y-x^2)^2")
    fast, general = both_ways(monkeypatch, objective, name, (0.7, 0.4), 200, schedule=schedule,
                              noise=noise, **hyper)
    assert_identical(fast, general)
    for name in ("lrs", "noise_added"):
        a, b = getattr(fast, name), getattr(general, name)
        assert (a is None) == (b is None) and (a is None or np.array_equal(a, b)), name


@pytest.mark.parametrize("record", ["all", "path", "final"])
def test_schedule_and_noise_record_modes_and_blocks(monkeypatch, record):
    monkeypatch.setattr(single, "BLOCK_ROWS", 7)
    objective = parse_expression("(1-x)^2 + 100*(y-x^2)^2")
    for steps in (0, 7, 50):
        fast, general = both_ways(monkeypatch, objective, "adam", (-1.2, 1.0), steps,
                                  record=record, lr=0.1, noise=(1.0, 5),
                                  schedule=("cosine", {"T_max": 30}))
        assert_identical(fast, general)


def test_zero_over_zero_at_a_stationary_start(monkeypatch):
    # eps 0 at a minimum: Adam's 0 / 0 is NaN (Python alone would raise ZeroDivisionError)
    fast, general = both_ways(monkeypatch, parse_expression("x^2 + y^2"), "adam", (0.0, 0.0),
                              5, eps=0.0)
    assert_identical(fast, general)
    assert fast.diverged_at == 1


def test_a_start_outside_the_domain_diverges_at_step_0(monkeypatch):
    fast, general = both_ways(monkeypatch, parse_expression("log(x) + y^2"), "gd", (-1.0, 1.0), 4)
    assert_identical(fast, general)
    assert fast.diverged_at == 0
    assert np.all(fast.points == [-1.0, 1.0])


@pytest.mark.parametrize("record", ["all", "path", "final"])
def test_record_modes_and_long_runs_in_blocks(monkeypatch, record):
    monkeypatch.setattr(single, "BLOCK_ROWS", 7)   # rows become array blocks every 7 steps
    objective = parse_expression("(1-x)^2 + 100*(y-x^2)^2")
    for steps in (0, 6, 7, 8, 50):
        fast, general = both_ways(monkeypatch, objective, "adam", (-1.2, 1.0), steps,
                                  record=record, lr=0.1)
        assert_identical(fast, general)
    fast, general = both_ways(monkeypatch, objective, "gd", (-1.2, 1.0), 50, record=record,
                              lr=0.05)   # diverges at step 6: the frozen row spans blocks
    assert_identical(fast, general)
    assert fast.diverged_at == general.diverged_at is not None


def test_other_objectives_and_optimizers_take_the_general_path():
    class Bowl:  # anything with value_and_gradient over arrays
        def value_and_gradient(self, x, y):
            return x * x + y * y, 2 * x, 2 * y

    gd = OPTIMIZERS["gd"]
    halving = Optimizer("gd", "Halving", gd.init, lambda g, s, p, h: (-0.5 * p, s),
                        gd.defaults, gd.derived)
    assert not single.available(Bowl(), gd)
    assert not single.available(parse_expression("x"), halving)   # same name, own update
    t = trajectory.run(parse_expression("x^2 + y^2"), halving, (4.0, -2.0), 2)
    assert t.points.tolist() == [[4.0, -2.0], [2.0, -1.0], [1.0, -0.5]]
    t = trajectory.run(Bowl(), "gd", (1.0, 1.0), 1, lr=0.25)
    assert t.points[1].tolist() == [0.5, 0.5]


# --- the scalar program ------------------------------------------------------------------

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -3.7, 1e-300, 1e300, -1e300, np.inf, -np.inf, np.nan]


@pytest.mark.parametrize("text, params", [(c[0], c[2]) for c in GRADIENT_CASES]
                         + [(c[0], {}) for c in NON_FINITE])
def test_scalar_program_is_bit_identical_to_the_array_program(text, params):
    objective = parse_expression(text, params)
    rng = np.random.default_rng(7)
    xs = np.concatenate([np.repeat(SPECIAL, len(SPECIAL)), rng.normal(0, 2, 200)])
    ys = np.concatenate([np.tile(SPECIAL, len(SPECIAL)), rng.normal(0, 2, 200)])
    points = np.stack([xs, ys], axis=1)   # evaluated as the general path does: columns of (n, 2)
    want = objective.value_and_gradient(points[:, 0], points[:, 1])
    evaluate = objective.scalar_value_and_gradient()
    with np.errstate(all="ignore"):
        got = np.array([evaluate(float(x), float(y)) for x, y in zip(xs, ys)])
    assert all(type(v) is float for v in evaluate(0.25, 0.75))
    for k in range(3):
        assert np.array_equal(got[:, k], np.broadcast_to(want[k], xs.shape), equal_nan=True)


# --- grids written in place ------------------------------------------------------------------

@pytest.mark.parametrize("key", ["rosenbrock", "beale", "rastrigin", "saddle", "ackley",
                                 "goldstein_price"])
def test_grid_equals_plain_evaluation_bit_for_bit(key):
    preset = PRESETS[key]
    objective = parse_expression(preset.expression)
    grid = sample_grid(objective, preset.domain, (301, 207))   # several blocks, a ragged last
    X, Y = np.meshgrid(grid.xs, grid.ys)
    for got, want in zip((grid.f, grid.dfdx, grid.dfdy), objective.value_and_gradient(X, Y)):
        assert np.array_equal(got, want, equal_nan=True)


@pytest.mark.parametrize("text", ["x^2 - y^2", "x", "3", "sin(x) + y", "exp(x*y)*x"])
def test_writing_into_given_arrays(text):
    objective = parse_expression(text)
    x, y = np.linspace(-1, 1, 5)[None, :], np.linspace(0, 2, 4)[:, None]
    x0, y0 = x.copy(), y.copy()
    want = objective.value_and_gradient(x, y)
    out = [np.full((4, 5), 99.0) for _ in range(3)]
    got = objective.value_and_gradient(x, y, out=out)
    assert all(g is o for g, o in zip(got, out))
    for g, w in zip(got, want):
        assert np.array_equal(g, w)
    assert np.array_equal(x, x0) and np.array_equal(y, y0)   # inputs untouched
    with pytest.raises(ValueError):
        objective.value_and_gradient(x, y, out=[np.empty((4, 4))] * 3)


# --- batches: chunks, the cheap finiteness check ----------------------------------------------

def test_chunks_change_no_number(monkeypatch):
    objective = parse_expression("(1-x)^2 + 100*(y-x^2)^2")
    rng = np.random.default_rng(3)
    starts = np.column_stack([rng.uniform(-2, 2, 41), rng.uniform(-1, 3, 41)])
    starts[5] = (40.0, 40.0)   # diverges at lr 1e-4: a start frozen mid-run in one chunk
    whole = trajectory.run(objective, "gd", starts, 30, lr=1e-4)
    monkeypatch.setattr(trajectory, "CHUNK", 7)   # 6 chunks, the last one ragged
    chunked = trajectory.run(objective, "gd", starts, 30, lr=1e-4)
    for name in ("points", "values", "grads", "grad_norms", "updates", "diverged_at"):
        assert np.array_equal(getattr(whole, name), getattr(chunked, name), equal_nan=True), name
    for a, b in zip(whole.states, chunked.states):
        assert np.array_equal(a, b)
    assert whole.diverged_at[5] >= 0 and (whole.diverged_at >= 0).sum() == 1


def test_a_sum_that_overflows_is_not_a_divergence():
    # f = 1e308 at both starts: finite, though their sum is inf
    t = trajectory.run(parse_expression("x^2"), "gd", np.array([[1e154, 0.0], [1e154, 1.0]]), 2,
                       lr=0.0)
    assert t.diverged_at.tolist() == [-1, -1]
    assert np.all(np.isfinite(t.values))


@pytest.mark.parametrize("text, kinds", [
    ("x^2 - y^2", ("both", "x", "y")),         # the saddle: each derivative of one variable
    ("sin(x) + y^3", ("both", "x", "y")),
    ("x", ("x", "constant", "constant")),
    ("3", ("constant", "constant", "constant")),
    ("x*y", ("both", "y", "x")),
    ("(1-x)^2 + 100*(y-x^2)^2", ("both", "both", "both")),
])
def test_outputs_of_one_variable_are_views_of_one_row_or_column(text, kinds):
    objective = parse_expression(text)
    grid = sample_grid(objective, ((-1.0, 2.0), (0.5, 3.0)), (7, 5))
    X, Y = np.meshgrid(grid.xs, grid.ys)
    for array, want, kind in zip((grid.f, grid.dfdx, grid.dfdy),
                                 objective.value_and_gradient(X, Y), kinds):
        assert array.shape == (5, 7) and array.dtype == np.float64
        assert not array.flags.writeable
        assert np.array_equal(array, want)
        strides = {"both": (56, 8), "x": (0, 8), "y": (8, 0), "constant": (0, 0)}[kind]
        assert array.strides == strides, kind


def _regression_hook(scaled, batch_size, seed):
    from gradviz.engine.minibatch import BatchGradients, BatchSequence
    from gradviz.engine.regression_mode import loss_for, setup
    from gradviz.engine.session import RegressionConfig, default_session

    session = setup(default_session(), RegressionConfig(scaled=scaled, batch_size=batch_size,
                                                        seed=seed))
    loss = loss_for(session)
    return loss, BatchGradients(loss, BatchSequence(len(loss.data), batch_size, seed)), \
        session.start


@pytest.mark.parametrize("record", ["all", "path", "final"])
@pytest.mark.parametrize("name, lr, noise", [
    ("gd", 0.05, None), ("adam", 0.1, None), ("momentum", 0.02, (0.5, 4)),
    ("gd", 40.0, None),            # diverges: the frozen start still sees its batches
    ("adam", 0.1, (2.0, 1)),
])
def test_mini_batch_runs_on_one_start_are_bit_identical(monkeypatch, record, name, lr, noise):
    loss, hook, start = _regression_hook(scaled=True, batch_size=7, seed=3)
    calls = []
    real = single.run_single
    monkeypatch.setattr(single, "run_single", lambda *a, **k: calls.append(1) or real(*a, **k))
    fast, general = both_ways(monkeypatch, loss, name, start, 60, record=record, lr=lr,
                              noise=noise, minibatch=hook)
    assert calls == [1]   # the fast run took the single-start path, the general one not
    assert_identical(fast, general)
    a, b = fast.noise_added, general.noise_added
    assert (a is None) == (b is None) and (a is None or np.array_equal(a, b, equal_nan=True))
    if record == "all":
        assert a is not None and a.shape == (60, 2)


def test_mini_batch_gradient_is_what_a_one_start_run_steps_with(monkeypatch):
    # plain descent from (w, b): the first update is -lr times the batch-0 gradient, which
    # for L_B = mean_B (w u + b - y)^2 is 2 * (w mean(u^2) + b mean(u) - mean(u y)) and
    # 2 * (w mean(u) + b - mean(y)) over the batch's rows, written out here by hand
    loss, hook, start = _regression_hook(scaled=True, batch_size=5, seed=2)
    rows = hook.batches.indices(0)
    u, y = loss.features[rows], loss.data.y[rows]
    w, b = start
    gw = sum(2 * (w * ui + b - yi) * ui for ui, yi in zip(u, y)) / len(rows)
    gb = sum(2 * (w * ui + b - yi) for ui, yi in zip(u, y)) / len(rows)
    run = trajectory.run(loss, "gd", start, 3, lr=0.1, minibatch=hook)
    assert run.points[1] == pytest.approx((w - 0.1 * gw, b - 0.1 * gb), rel=1e-12)
    full = trajectory.run(loss, "gd", start, 3, lr=0.1)
    assert not np.allclose(full.points[1], run.points[1])
