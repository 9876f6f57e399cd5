"""The loss as a sum over houses: each loss of one residual, each house's term and gradient, and
the losses without a closed form (mean absolute error, Huber), against arithmetic by hand.

The small data set: x = (1, 2, 3), y = (2, 3, 5) (as in test_regression.py).
"""

import itertools

import numpy as np
import pytest

from gradviz.engine import run, trajectory
from gradviz.engine import regression_mode as rm
from gradviz.engine import session_io as io
from gradviz.engine.curvature import curvature_at
from gradviz.engine.dataset import Dataset
from gradviz.engine.losses import LOSS_KEYS, LOSSES, batch_indices, house_terms
from gradviz.engine.minibatch import BatchGradients, BatchSequence
from gradviz.engine.regression import RegressionLoss, houses
from gradviz.engine.scene import compute_runs, objective_for
from gradviz.engine.session import PanelConfig, RegressionConfig, Session
from gradviz.engine.session_fields import REGRESSION_FIELDS, SessionError

SMALL = Dataset(np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 5.0]))
HOUSES = houses()


def test_each_loss_of_one_residual_by_hand():
    mse, mae, huber = LOSSES["mse"], LOSSES["mae"], LOSSES["huber"]
    r = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    assert mse.term(r, 1).tolist() == [9, 0.25, 0, 0.25, 9]
    assert mse.slope(r, 1).tolist() == [-6, -1, 0, 1, 6]
    assert mae.term(r, 1).tolist() == [3, 0.5, 0, 0.5, 3]
    assert mae.slope(r, 1).tolist() == [-1, -1, 0, 1, 1]
    # Huber, delta 1: r^2/2 within 1 (0.125 at 0.5), 1 * (3 - 0.5) = 2.5 at 3; slope clipped
    assert huber.term(r, 1.0).tolist() == [2.5, 0.125, 0, 0.125, 2.5]
    assert huber.slope(r, 1.0).tolist() == [-1, -0.5, 0, 0.5, 1]
    # continuous at delta: 2^2/2 = 2 * (2 - 2/2) = 2 on both sides
    assert huber.term(np.array([2.0, 2.0 + 1e-12]), 2.0) == pytest.approx([2.0, 2.0], rel=1e-11)


def test_mean_absolute_and_huber_losses_of_three_points_by_hand():
    # (w, b) = (1, 1): residuals 0, 0, -1.
    mae = RegressionLoss(SMALL, loss="mae")
    # L = 1/3; dL/dw = mean(sign(r) x) = -3/3 = -1; dL/db = -1/3
    assert mae.value_and_gradient(1.0, 1.0) == pytest.approx((1 / 3, -1.0, -1 / 3), rel=1e-15)
    huber = RegressionLoss(SMALL, loss="huber", delta=0.5)
    # r = -1 beyond 0.5: l = 0.5 (1 - 0.25) = 0.375, L = 0.125; l' = -0.5: dL/dw = -0.5, dL/db = -1/6
    assert huber.value_and_gradient(1.0, 1.0) == pytest.approx((0.125, -0.5, -1 / 6), rel=1e-15)
    assert isinstance(mae.value(1.0, 1.0), np.float64)
    assert mae.value(np.zeros((4, 5)), np.ones((4, 5))).shape == (4, 5)


def test_each_house_term_and_gradient_by_hand():
    # squared error at (1, 1): residuals 0, 0, -1; terms 0, 0, 1; grad l_3 = 2 * -1 * (3, 1)
    terms = house_terms(RegressionLoss(SMALL), 1.0, 1.0)
    assert terms.residuals.tolist() == [0.0, 0.0, -1.0]
    assert terms.terms.tolist() == [0.0, 0.0, 1.0]
    assert terms.grads.tolist() == [[0.0, 0.0], [0.0, 0.0], [-6.0, -2.0]]
    assert terms.value == pytest.approx(1 / 3)
    assert terms.gradient.tolist() == pytest.approx([-2.0, -2 / 3])


@pytest.mark.parametrize("key", LOSS_KEYS)
@pytest.mark.parametrize("scaled", [False, True])
def test_the_mean_of_the_house_gradients_is_the_gradient_of_L(key, scaled):
    loss = RegressionLoss(HOUSES, scaled, key, delta=40.0)
    for w, b in [(0.0, 0.0), (2.0, 10.0), (-1.5, 300.0), loss.minimum]:
        terms = house_terms(loss, w, b)
        value, gw, gb = loss.value_and_gradient(w, b)
        assert len(terms.terms) == 30
        scale = np.abs(terms.grads).max()       # the size of a single house's pull
        assert np.abs(terms.gradient - [gw, gb]).max() <= 1e-12 * scale
        assert terms.value == pytest.approx(value, rel=1e-12)


def test_a_mini_batch_is_the_runs_batch_and_its_mean_gradient_the_hooks():
    loss = RegressionLoss(HOUSES)
    hook = BatchGradients(loss, BatchSequence(30, 5, 7))
    for step in (0, 5, 6, 17):
        idx = batch_indices(loss, 5, 7, step)
        assert idx.tolist() == BatchSequence(30, 5, 7).indices(step).tolist()
        batch = house_terms(loss, 2.0, 10.0, idx)
        assert batch.gradient == pytest.approx(hook.gradient(step, np.array([[2.0, 10.0]]))[0],
                                               rel=1e-12)
    assert batch_indices(loss, 0, 7, 3) is None and batch_indices(loss, 30, 7, 3) is None


def test_least_absolute_line_passes_through_two_houses():
    """The best line for the mean absolute error goes through two of the points (a linear
    programme's vertex): the best of all 435 lines through two houses is the search's."""
    loss = RegressionLoss(HOUSES, loss="mae")
    x, y = HOUSES.x, HOUSES.y
    best = min((float(np.abs((y[j] - y[i]) / (x[j] - x[i]) * (x - x[i]) + y[i] - y).mean()), i, j)
               for i, j in itertools.combinations(range(30), 2) if x[i] != x[j])
    assert loss.min_value == pytest.approx(best[0], rel=1e-12)
    i, j = best[1:]
    w = (y[j] - y[i]) / (x[j] - x[i])
    assert loss.minimum == pytest.approx((w, y[i] - w * x[i]), rel=1e-9)
    assert rm.describe(loss).endswith("mean absolute error: L is made of flat pieces (no curvature)")


@pytest.mark.parametrize("delta", [1.0, 40.0, 1000.0])
def test_huber_minimum_has_a_zero_gradient(delta):
    loss = RegressionLoss(HOUSES, loss="huber", delta=delta)
    pull = np.abs(house_terms(loss, *loss.minimum).grads).max()
    assert np.hypot(*loss.gradient(*loss.minimum)) <= 1e-12 * pull
    if delta == 1000.0:   # every residual within delta: Huber is the squared error halved
        assert loss.minimum == pytest.approx(RegressionLoss(HOUSES).minimum, rel=1e-10)


def test_huber_hessian_counts_the_houses_within_delta():
    # At (1, 1) on the small set residuals are 0, 0, -1: with delta 0.5 houses 1 and 2 count:
    # H = mean over them of (x, 1)(x, 1)^T = [[1 + 4, 1 + 2], [3, 2]] / 3.
    loss = RegressionLoss(SMALL, loss="huber", delta=0.5)
    assert loss.hessian_at(1.0, 1.0) == pytest.approx(np.array([[5, 3], [3, 2]]) / 3)
    assert curvature_at(loss, 1.0, 1.0).hessian == pytest.approx(np.array([[5, 3], [3, 2]]) / 3)


@pytest.mark.parametrize("key", ["mae", "huber"])
def test_fast_single_run_is_bit_identical_to_the_general_path(key, monkeypatch):
    loss = RegressionLoss(HOUSES, scaled=True, loss=key, delta=40.0)
    fast = run(loss, "adam", (0.0, 0.0), 50, lr=5.0)
    monkeypatch.setattr(trajectory, "FAST_SINGLE", False)
    slow = run(loss, "adam", (0.0, 0.0), 50, lr=5.0)
    assert np.array_equal(fast.points, slow.points) and np.array_equal(fast.values, slow.values)


def _session(**regression):
    config = RegressionConfig(**regression)
    base = Session(text="x^2", domain=((-1, 1), (-1, 1)), start=(0, 0),
                   panels=(PanelConfig("gd"), PanelConfig("adam")))
    return rm.setup(base, config)


def test_a_loss_choice_is_saved_read_and_checked():
    session = _session(loss="huber", huber_delta=40.0, scaled=True)
    again = io.from_json(io.to_json(session))
    assert (again.regression.loss, again.regression.huber_delta) == ("huber", 40.0)
    assert objective_for(again).point_loss.key == "huber"
    check = REGRESSION_FIELDS["loss"]        # the session's list is the engine's LOSS_KEYS
    assert [check(key, "loss") for key in LOSS_KEYS] == list(LOSS_KEYS)
    with pytest.raises(SessionError, match=f"is not one of {', '.join(LOSS_KEYS)}$"):
        check("l1", "loss")
    data = io.to_dict(session)
    data["regression"]["loss"] = "l2"
    with pytest.raises(SessionError, match=r'regression.loss: "l2" is not one of mse, mae, huber'):
        io.from_dict(data)
    data["regression"].update(loss="huber", huber_delta=0)
    with pytest.raises(SessionError, match="regression.huber_delta: 0 is out of range"):
        io.from_dict(data)


def test_mini_batches_of_another_loss_use_each_batch_house_by_house():
    session = _session(loss="mae", scaled=True, batch_size=5, seed=3).replace(steps=3)
    loss = objective_for(session)
    gd = compute_runs(loss, session)[0].trajectory
    lr = session.panels[0].hyper["lr"]
    p = np.array(session.start)
    for k in range(3):   # hand-written SGD on each batch's mean of sign(r_i) (x_i, 1)
        p = p - lr * house_terms(loss, *p, batch_indices(loss, 5, 3, k)).gradient
        assert gd.points[k + 1] == pytest.approx(p, rel=1e-13)


def test_setting_up_another_loss_gives_every_panel_a_rate_by_distance():
    session = _session(loss="mae", scaled=True)
    loss = objective_for(session)
    for panel in session.panels:
        assert 0 < panel.hyper["lr"] < 100
    runs = compute_runs(loss, session)
    assert all(r.trajectory.diverged_at is None for r in runs)
    assert loss.value(*runs[0].trajectory.points[-1]) < loss.value(*session.start) / 2
