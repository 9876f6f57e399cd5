"""Mini-batches: seeded, reproducible, each epoch covers every point once, and the batch
gradients of an epoch average to the full gradient."""

import numpy as np
import pytest

from gradviz.engine import run
from gradviz.engine.dataset import Dataset
from gradviz.engine.minibatch import BatchSequence, MiniBatchObjective
from gradviz.engine.regression import RegressionLoss

X = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
Y = np.array([2.0, 3.0, 5.0, 4.0, 7.0, 8.0])


def batch_gradient_by_hand(w, b, idx):
    """2/|B| * sum over B of r_i*x_i and r_i, written out point by point."""
    gw = gb = 0.0
    for i in idx:
        r = w * X[i] + b - Y[i]
        gw += 2 * r * X[i] / len(idx)
        gb += 2 * r / len(idx)
    return gw, gb


def test_batch_gradient_against_arithmetic():
    loss = RegressionLoss(Dataset(X, Y))
    # batch {0, 2} at (1, 1): predictions 2, 4; residuals 0, -1:
    # L_B = 1/2, dL_B/dw = (2/2)*(0*1 + (-1)*3) = -3, dL_B/db = (2/2)*(-1) = -1
    assert loss.batch_value_and_gradient(1.0, 1.0, [0, 2]) == pytest.approx((0.5, -3.0, -1.0))
    f, gw, gb = loss.batch_value_and_gradient(np.array([1.0, 0.0]), np.array([1.0, 0.0]), [0, 2])
    assert gw.shape == (2,) and gw[1] == pytest.approx(-(2 * 1 + 5 * 3))   # (2/2)*(-2*1 - 5*3)


def test_each_epoch_holds_every_point_once_and_seeds_reproduce():
    seq = BatchSequence(7, 3, seed=5)
    assert seq.per_epoch == 3
    for e in range(4):
        batches = seq.epoch(e)
        assert [len(b) for b in batches] == [3, 3, 1]
        assert sorted(np.concatenate(batches).tolist()) == list(range(7))
    again = BatchSequence(7, 3, seed=5)
    assert all((seq.indices(k) == again.indices(k)).all() for k in range(30))
    other = BatchSequence(7, 3, seed=6)
    assert any((seq.indices(k) != other.indices(k)).any() for k in range(30))
    assert not (seq.permutation(0) == seq.permutation(1)).all()   # a fresh shuffle each epoch


@pytest.mark.parametrize("batch_size", [1, 2, 3, 4, 6, 100])
def test_batch_gradients_of_an_epoch_average_to_the_full_gradient(batch_size):
    loss = RegressionLoss(Dataset(X, Y))
    seq = BatchSequence(6, batch_size, seed=1)
    total = np.zeros(2)
    for idx in seq.epoch(2):
        _, gw, gb = loss.batch_value_and_gradient(0.5, -1.0, idx)
        total += len(idx) / 6 * np.array([gw, gb])        # weighted by the batch's share
    # full gradient by hand at (0.5, -1): residuals 0.5x - 1 - y
    r = 0.5 * X - 1 - Y
    assert total == pytest.approx([2 * (r * X).mean(), 2 * r.mean()], rel=1e-12)


def test_minibatch_objective_with_todays_run_matches_a_hand_written_sgd_loop():
    loss = RegressionLoss(Dataset(X, Y), scaled=False)
    seq = BatchSequence(6, 2, seed=3)
    wrapped = MiniBatchObjective(loss, seq)
    traj = run(wrapped, "gd", start=(0.0, 0.0), steps=12, lr=0.01)
    w, b = 0.0, 0.0
    for k in range(12):
        gw, gb = batch_gradient_by_hand(w, b, seq.indices(k))
        assert traj.grads[k] == pytest.approx([gw, gb], rel=1e-12)
        w, b = w - 0.01 * gw, b - 0.01 * gb
    assert traj.points[-1] == pytest.approx([w, b], rel=1e-12)
    assert traj.values[-1] == pytest.approx(loss.value(w, b))      # values: the full loss
    # the pure per-step form gives the same gradients
    assert wrapped.at_step(4).value_and_gradient(1.0, 2.0)[1:] == pytest.approx(
        batch_gradient_by_hand(1.0, 2.0, seq.indices(4)))
    wrapped.reset()
    again = run(wrapped, "gd", start=(0.0, 0.0), steps=12, lr=0.01)
    assert (again.points == traj.points).all()


def test_minibatch_objective_checks_sizes_and_passes_the_interface():
    loss = RegressionLoss(Dataset(X, Y))
    with pytest.raises(ValueError):
        MiniBatchObjective(loss, BatchSequence(5, 2))
    wrapped = MiniBatchObjective(loss, BatchSequence(6, 2))
    assert wrapped.parameters == () and wrapped.text == loss.text
    assert wrapped.with_params() is wrapped
    with pytest.raises(ValueError):
        BatchSequence(6, 0)


def test_batch_gradients_by_hand_across_epochs_with_the_moment_cache(monkeypatch):
    # The hook's gradient (array and float versions) equals the hand-written batch gradient
    # at every step of 8 epochs, whether an epoch's moments are computed or found in the
    # cache (kept small here so that it is cleared along the way), and a hook of another
    # seed or other data never gets this one's moments.
    from gradviz.engine import minibatch

    monkeypatch.setattr(minibatch, "MOMENTS_KEPT", 3)
    loss = RegressionLoss(Dataset(X, Y))
    point = np.array([[0.5, -1.0]])
    for _ in range(2):   # the second pass: fresh hooks, the same epochs from the cache
        hook = minibatch.BatchGradients(loss, BatchSequence(6, 4, seed=5))
        other = minibatch.BatchGradients(loss, BatchSequence(6, 4, seed=6))
        shifted = minibatch.BatchGradients(RegressionLoss(Dataset(X, Y + 1.0)),
                                           BatchSequence(6, 4, seed=5))
        for step in range(16):   # 2 batches an epoch (4 + 2 points)
            idx = hook.batches.indices(step)
            expected = batch_gradient_by_hand(0.5, -1.0, idx)
            assert hook.gradient(step, point)[0] == pytest.approx(expected, rel=1e-12)
            assert hook.scalar_gradient(step, 0.5, -1.0) == tuple(hook.gradient(step, point)[0])
            assert other.gradient(step, point)[0] == pytest.approx(
                batch_gradient_by_hand(0.5, -1.0, other.batches.indices(step)), rel=1e-12)
            # y + 1 moves every residual w x + b - y by -1: dL_B/db drops by exactly 2
            assert shifted.gradient(step, point)[0, 1] == pytest.approx(expected[1] - 2.0)
    assert len(minibatch._MOMENTS) <= 3
