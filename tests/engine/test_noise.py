"""Gradient noise: what the optimizer sees, what is recorded, and that it is the same for all."""

import numpy as np
import pytest

from gradviz.engine import trajectory
from gradviz.engine.expression import parse_expression
from gradviz.engine.noise import resolve_noise, standard_noise
from gradviz.engine.trajectory import run

pytestmark = pytest.mark.filterwarnings("error")

BOWL = parse_expression("x^2 + y^2")


def test_gd_moves_by_the_noisy_gradient_and_records_the_true_one():
    # gd lr 0.1 from (1, 2): grad (2, 4); step = -0.1 * ((2, 4) + 0.5 * z0)
    traj = run(BOWL, "gd", (1.0, 2.0), 3, lr=0.1, noise=(0.5, 11))
    z = np.random.default_rng([11, 0]).standard_normal((3, 2))
    assert traj.grads[0].tolist() == [2.0, 4.0]
    assert traj.noise_added[0].tolist() == [0.5 * z[0, 0], 0.5 * z[0, 1]]
    expected = [1.0 - 0.1 * (2.0 + 0.5 * z[0, 0]), 2.0 - 0.1 * (4.0 + 0.5 * z[0, 1])]
    assert traj.points[1].tolist() == pytest.approx(expected, abs=1e-15)
    x1, y1 = traj.points[1]
    assert traj.grads[1].tolist() == pytest.approx([2 * x1, 2 * y1], abs=1e-15)  # true gradient
    assert traj.noise == (0.5, 11)


def test_same_noise_for_every_optimizer_and_for_each_start_of_a_batch():
    a = run(BOWL, "gd", (1.0, 2.0), 20, lr=0.1, noise=(1.0, 4))
    b = run(BOWL, "adam", (1.0, 2.0), 20, lr=0.1, noise=(1.0, 4))
    assert np.array_equal(a.noise_added, b.noise_added)
    # a longer run extends the same sequence; a batch's start 0 is the single start's
    longer = run(BOWL, "gd", (1.0, 2.0), 30, lr=0.1, noise=(1.0, 4))
    assert np.array_equal(longer.noise_added[:20], a.noise_added)
    batch = run(BOWL, "gd", [(1.0, 2.0), (3.0, 3.0), (0.5, 0.5)], 20, lr=0.1, noise=(1.0, 4))
    assert np.array_equal(batch.noise_added[:, 0], a.noise_added)
    assert np.array_equal(batch.points[:, 0], a.points)
    assert not np.array_equal(batch.noise_added[:, 1], batch.noise_added[:, 0])
    other = run(BOWL, "gd", (1.0, 2.0), 20, lr=0.1, noise=(1.0, 5))
    assert not np.array_equal(other.noise_added, a.noise_added)


def test_batches_run_in_chunks_see_the_same_noise(monkeypatch):
    starts = np.random.default_rng(0).uniform(-2, 2, (9, 2))
    whole = run(BOWL, "momentum", starts, 15, lr=0.05, noise=(0.3, 2))
    monkeypatch.setattr(trajectory, "CHUNK", 4)
    chunked = run(BOWL, "momentum", starts, 15, lr=0.05, noise=(0.3, 2))
    assert np.array_equal(whole.points, chunked.points)


def test_zero_std_is_no_noise_and_noise_only_recorded_with_all():
    plain = run(BOWL, "adam", (1.0, 2.0), 10, lr=0.1)
    zero = run(BOWL, "adam", (1.0, 2.0), 10, lr=0.1, noise=(0.0, 3))
    assert np.array_equal(plain.points, zero.points) and zero.noise is None
    assert run(BOWL, "gd", (1.0, 2.0), 4, record="path", noise=(1, 1)).noise_added is None


@pytest.mark.parametrize("bad", ["x", (1.0,), (-1.0, 0), (np.nan, 0), (1.0, -2), (1.0, 1.5)])
def test_bad_noise_is_a_one_line_error(bad):
    with pytest.raises(ValueError, match="noise"):
        resolve_noise(bad)


def test_standard_noise_shape():
    z = standard_noise(1, 3, 4)
    assert z.shape == (3, 4, 2)
    assert np.array_equal(z[2], np.random.default_rng([1, 2]).standard_normal((4, 2)))
