"""The batch fast path (engine.batch: fixed buffers, rows of x and y, optimizers in place)
changes no number: against the general path (``FAST_BATCH = False``) bit for bit, diverging
starts and the step each diverged at included; the buffered program against plain evaluation."""

import threading

import numpy as np
import pytest
from test_objective import GRADIENT_CASES
from test_single import HYPER_VARIANTS, SCHEDULE_NOISE

from gradviz.engine import batch, trajectory
from gradviz.engine.expression import parse_expression
from gradviz.engine.optimizers import OPTIMIZERS
from gradviz.engine.presets import PRESETS

pytestmark = pytest.mark.filterwarnings("error")

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"


def both_ways(monkeypatch, objective, optimizer, starts, steps, **kwargs):
    """(fast, general) trajectories of the same batch run."""
    fast = trajectory.run(objective, optimizer, starts, steps, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(trajectory, "FAST_BATCH", False)
        general = trajectory.run(objective, optimizer, starts, steps, **kwargs)
    return fast, general


def assert_identical(fast, general):
    for name in ("final_points", "final_values", "final_grad_norms", "diverged_at",
                 "points", "values", "grad_norms"):
        a, b = getattr(fast, name), getattr(general, name)
        if a is None or b is None:
            assert a is None and b is None, name
            continue
        assert np.shape(a) == np.shape(b), name
        assert np.array_equal(a, b, equal_nan=True), name
        # -0.0 and 0.0 compare equal: the signs must match too
        assert np.array_equal(np.signbit(a), np.signbit(b)), name


def random_starts(seed, n, far=()):
    """n starts in [-2, 2] x [-1, 3], with the rows ``far`` moved far out: the first to
    x = 1e155, where Rosenbrock's 100 x^4 overflows at once, the others to (60 k, -40),
    where descent blows up after a few steps."""
    rng = np.random.default_rng(seed)
    starts = np.column_stack([rng.uniform(-2, 2, n), rng.uniform(-1, 3, n)])
    for k, i in enumerate(far):
        starts[i] = (1e155, 0.0) if k == 0 else (60.0 * k, -40.0)
    return starts


def test_the_fast_path_is_taken_for_built_in_optimizers_and_compiled_functions():
    objective = parse_expression(ROSENBROCK)
    for spec in OPTIMIZERS.values():
        if spec.look is not None:   # Newton, the line search: the general path only
            assert not batch.available(objective, spec, "final")
            continue
        assert batch.available(objective, spec, "final")
        assert batch.available(objective, spec, "path")
        assert not batch.available(objective, spec, "all")   # keeps every state: general path
    custom = OPTIMIZERS["gd"]._replace(name="mine")
    assert not batch.available(objective, custom, "final")


@pytest.mark.parametrize("record", ["final", "path"])
@pytest.mark.parametrize("name", [n for n, o in OPTIMIZERS.items() if o.rule is not None])
def test_every_optimizer_with_diverging_starts(monkeypatch, name, record):
    monkeypatch.setattr(trajectory, "CHUNK", 7)   # 5 chunks, the last one ragged
    objective = parse_expression(ROSENBROCK)
    starts = random_starts(1, 31, far=(2, 9, 30))
    for lr in (1e-3, 0.05):   # at 0.05 plain descent blows up from most starts
        fast, general = both_ways(monkeypatch, objective, name, starts, 80, record=record, lr=lr)
        assert_identical(fast, general)
        assert general.diverged_at[2] == 0
        if name in ("gd", "momentum", "nesterov"):
            assert general.diverged_at[9] > 0   # mid-run, inside a chunk
        if lr == 1e-3:
            assert (general.diverged_at < 0).any()


@pytest.mark.parametrize("name, threads", [("adam", 2), ("rmsprop", 2), ("adagrad", 2),
                                           ("amsgrad", 2), ("momentum", 1), ("gd", 1)])
def test_two_threads_change_no_number(monkeypatch, name, threads):
    # the adaptive optimizers share a large batch between two threads; the SGD family, whose
    # steps are too cheap to pay for the hand-offs, keeps to one
    # chunks of 5 shared between two threads, each on its own buffers, one chunk ragged
    monkeypatch.setattr(batch, "THREADS", 2)
    monkeypatch.setattr(batch, "MIN_SHARE", 1)
    monkeypatch.setattr(trajectory, "CHUNK", 5)
    objective = parse_expression(ROSENBROCK)
    starts = random_starts(8, 23, far=(3, 17))
    threaded: list = []
    real = batch._run_share
    monkeypatch.setattr(batch, "_run_share", lambda parts, **kw: threaded.append(
        threading.current_thread().name) or real(parts, **kw))
    fast, general = both_ways(monkeypatch, objective, name, starts, 70, record="path", lr=0.05,
                              schedule=("cosine", {"T_max": 50}), noise=(0.3, 2))
    assert_identical(fast, general)
    assert len(threaded) == threads and len(set(threaded)) == threads


def test_divergence_steps_are_marked_exactly(monkeypatch):
    # x^2 at lr 1.5: x_k = (-2)^k x_0, so f = 4^k x_0^2 overflows at the step where
    # 4^k x_0^2 reaches 2^1024: x_0 = 1 at k = 512, 2^100 at k = 412, 2^200 at k = 312.
    objective = parse_expression("x^2")
    starts = np.array([[1.0, 0.0], [2.0**100, 0.0], [0.0, 0.0], [2.0**200, 5.0]])
    fast, general = both_ways(monkeypatch, objective, "gd", starts, 600, record="final", lr=1.5)
    assert_identical(fast, general)
    assert fast.diverged_at.tolist() == [512, 412, -1, 312]


def test_a_value_that_overflows_at_a_finite_point_with_a_finite_gradient(monkeypatch):
    # (y - x^2)^2 at y = 1e200 is 1e400 = inf while its gradient (0, 2e200) is finite: the
    # start diverges at step 0 and stays where it is; the other start runs on.
    objective = parse_expression("(y - x^2)^2")
    starts = np.array([[0.0, 1e200], [0.5, 0.5]])
    fast, general = both_ways(monkeypatch, objective, "adam", starts, 20, record="path", lr=0.1)
    assert_identical(fast, general)
    assert fast.diverged_at.tolist() == [0, -1]
    assert fast.final_points[0].tolist() == [0.0, 1e200]


@pytest.mark.parametrize("key", PRESETS)
def test_every_preset_with_adam_and_descent(monkeypatch, key):
    preset = PRESETS[key]
    objective = parse_expression(preset.expression)
    (x0, x1), (y0, y1) = preset.domain
    rng = np.random.default_rng(5)
    starts = np.column_stack([rng.uniform(x0, x1, 40), rng.uniform(y0, y1, 40)])
    for name in ("adam", "gd"):
        for lr in (preset.lr[name], 300 * preset.lr[name]):
            fast, general = both_ways(monkeypatch, objective, name, starts, 60,
                                      record="final", lr=lr)
            assert_identical(fast, general)


@pytest.mark.parametrize("name, hyper", HYPER_VARIANTS)
def test_every_option(monkeypatch, name, hyper):
    monkeypatch.setattr(trajectory, "CHUNK", 9)
    objective = parse_expression("log(x) + sqrt(y) + max(x, y) + (1-x)^2")  # NaN off its domain
    starts = random_starts(2, 20, far=(4,))
    fast, general = both_ways(monkeypatch, objective, name, starts, 120, record="path", **hyper)
    assert_identical(fast, general)


@pytest.mark.parametrize("schedule, noise", SCHEDULE_NOISE)
@pytest.mark.parametrize("name", ["gd", "nesterov", "adagrad", "rmsprop", "adamw"])
def test_schedules_and_noise(monkeypatch, name, schedule, noise):
    monkeypatch.setattr(trajectory, "CHUNK", 6)
    objective = parse_expression(ROSENBROCK)
    starts = random_starts(3, 15, far=(7,))
    fast, general = both_ways(monkeypatch, objective, name, starts, 90, record="final",
                              schedule=schedule, noise=noise, lr=0.01)
    assert_identical(fast, general)


def test_parameters_and_zero_steps(monkeypatch):
    objective = parse_expression("a*(x - b)^2 + y^2", {"a": 3.0, "b": -0.5})
    starts = random_starts(4, 12)
    for steps in (0, 1, 25):
        fast, general = both_ways(monkeypatch, objective, "momentum", starts, steps,
                                  record="final", lr=0.01)
        assert_identical(fast, general)


def test_adam_two_steps_by_hand():
    # f = x^2 + y^2, grad (2x, 2y). Adam, lr 0.1, betas (0.9, 0.999), eps 1e-8, from (1, -2):
    # step 1: m = 0.1 g, v = 0.001 g^2, m_hat = g, sqrt(v_hat) = |g|: each coordinate moves
    # by -0.1 * g / (|g| + 1e-8), almost exactly -0.1 * sign(g).
    objective = parse_expression("x^2 + y^2")
    t = trajectory.run(objective, "adam", np.array([[1.0, -2.0], [1.0, -2.0]]), 1,
                       record="final", lr=0.1)
    want = [1.0 - 0.1 * 2.0 / (2.0 + 1e-8), -2.0 + 0.1 * 4.0 / (4.0 + 1e-8)]
    assert t.final_points[0].tolist() == pytest.approx(want, rel=1e-15)
    assert t.final_points[1].tolist() == t.final_points[0].tolist()
    assert t.final_values[0] == pytest.approx(want[0] ** 2 + want[1] ** 2, rel=1e-15)


# --- the buffered program -------------------------------------------------------------------

EXTRA = [("3", {}), ("x", {}), ("x + y", {}), ("sin(x + y)", {}), ("relu(x) + sigmoid(y)", {}),
         ("a*b*x + a", {"a": 2.0, "b": 0.5}), ("abs(x) * softplus(y) + relu(x - y)", {})]


@pytest.mark.parametrize("text, params", [(c[0], c[2]) for c in GRADIENT_CASES] + EXTRA)
def test_the_buffered_program_gives_the_same_bits(text, params):
    objective = parse_expression(text, params)
    rng = np.random.default_rng(6)
    x = np.concatenate([rng.uniform(-3, 3, 50), [0.0, -0.0, 1e200, -1e300, np.inf, np.nan]])
    y = np.concatenate([rng.uniform(-3, 3, 50), [0.0, 1.0, 1e200, 2.0, -np.inf, 0.5]])
    want = objective.value_and_gradient(x, y)
    out = [np.full(len(x), 99.0) for _ in range(3)]
    evaluate = objective.bound_evaluator(out)
    with np.errstate(all="ignore"):
        for _ in range(2):   # buffers are reused: the second call must not see the first
            evaluate(x, y)
            for got, expected in zip(out, want):
                assert np.array_equal(got, expected, equal_nan=True)
                assert np.array_equal(np.signbit(got), np.signbit(expected))
        evaluate(y, x)   # other inputs, same buffers
        for got, expected in zip(out, objective.value_and_gradient(y, x)):
            assert np.array_equal(got, expected, equal_nan=True)

