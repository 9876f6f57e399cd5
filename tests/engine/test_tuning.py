"""tune_lr: the sweep, the choice, the statement; the batch equals runs of their own."""

import numpy as np
import pytest

from gradviz.engine.expression import parse_expression
from gradviz.engine.tuning import tune_lr
from gradviz.engine.trajectory import run

pytestmark = pytest.mark.filterwarnings("error")

BOWL = parse_expression("x^2 + y^2")


def test_gd_on_a_bowl_picks_the_rate_nearest_one_half():
    # gd on x^2 + y^2: x_{k+1} = (1 - 2 lr) x_k; lr = 0.5 is the exact minimiser in one step.
    r = tune_lr(BOWL, "gd", (1.0, 2.0), 100)
    assert r.lrs.size == 25 and r.lrs[0] == pytest.approx(1e-5) and r.lrs[-1] == pytest.approx(10)
    # the grid points 10^-0.25 = 0.562 (factor |1 - 1.125| = 0.125) and 10^-0.5 = 0.316
    # (factor 0.368): the first wins
    assert r.best_lr == pytest.approx(10**-0.25)
    assert r.method == ("best final f after 100 steps over 25 learning rates from 1e-5 to 10, "
                        "log spaced")
    exact = tune_lr(BOWL, "gd", (1.0, 2.0), 3, lrs=[0.1, 0.5, 0.9])
    assert exact.best_lr == 0.5 and exact.best_value == 0.0


def test_divergent_rates_are_excluded():
    # lr 100: factor |1 - 200| = 199 a step, x^2 + y^2 overflows after ~67 steps
    r = tune_lr(BOWL, "gd", (1.0, 2.0), 200, lrs=[100.0, 0.01, 0.1])
    assert r.lrs.tolist() == [0.01, 0.1, 100.0]
    assert r.diverged.tolist() == [False, False, True]
    assert np.isnan(r.final_values[2])
    assert r.best_lr == 0.1
    # 0.1: factor 0.8, f = 5 * 0.8^400 = 5 * 2^(-128.77...) well below 0.01's 5 * 0.98^400
    assert r.best_value == pytest.approx(5 * 0.8**400)
    assert "1 of 3 diverged" in r.result
    assert r.method == "best final f after 200 steps over 3 learning rates from 0.01 to 100"


def test_every_rate_diverging():
    r = tune_lr(BOWL, "gd", (1.0, 2.0), 200, lrs=[50.0, 100.0])
    assert r.best_lr is None and r.best_value is None
    assert r.result == "every learning rate diverged within 200 steps"


def test_ties_go_to_the_smaller_rate():
    # from the minimum every rate stays at f = 0
    r = tune_lr(BOWL, "adam", (0.0, 0.0), 10, lrs=[1.0, 0.01, 0.1])
    assert r.best_lr == 0.01 and r.best_value == 0.0


@pytest.mark.parametrize("name, hyper", [
    ("adam", {}), ("adamw", {"weight_decay": 0.1}), ("adagrad", {"lr_decay": 0.01}),
    ("rmsprop", {"momentum": 0.5, "centered": True}), ("nesterov", {"momentum": 0.8}),
])
@pytest.mark.parametrize("schedule", [None, ("warmup_cosine", {"warmup": 5, "T_max": 40})])
def test_the_batch_gives_the_bits_of_separate_runs(name, hyper, schedule):
    f = parse_expression("(1-x)^2 + 100*(y-x^2)^2")
    lrs = [1e-4, 3e-3, 0.02, 0.3, 5.0]
    r = tune_lr(f, name, (-1.2, 1.0), 50, {**hyper, "lr": 123.0}, lrs=lrs, schedule=schedule)
    for lr, value, diverged in zip(lrs, r.final_values, r.diverged):
        t = run(f, name, (-1.2, 1.0), 50, record="final", schedule=schedule, **hyper, lr=lr)
        assert diverged == (t.diverged_at is not None)
        if not diverged:
            assert value == t.final_values


def test_with_noise_each_rate_sees_the_panels_noise():
    r = tune_lr(BOWL, "momentum", (1.0, 2.0), 30, lrs=[0.01, 0.1], noise=(0.5, 9))
    t = run(BOWL, "momentum", (1.0, 2.0), 30, record="final", noise=(0.5, 9), lr=0.1)
    assert r.final_values[1] == t.final_values


@pytest.mark.parametrize("lrs", [[], [np.nan], [-0.1]])
def test_bad_grids(lrs):
    with pytest.raises(ValueError):
        tune_lr(BOWL, "gd", (1.0, 2.0), 5, lrs=lrs)
