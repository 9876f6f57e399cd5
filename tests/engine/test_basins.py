"""Basins of attraction: labels and arrival steps checked against hand arithmetic."""

import numpy as np
import pytest

from gradviz.engine.basins import (DIVERGED, NOT_ARRIVED, compute_basins, grid_centres,
                                   refine_basins)
from gradviz.engine.expression import parse_expression
from gradviz.engine.presets import CriticalPoint
from gradviz.engine.trajectory import run


def bowl():
    return parse_expression("x^2 + y^2", {})


def test_grid_centres_are_cell_centres():
    # [-1, 1] in 4 cells of width 0.5: centres -0.75, -0.25, 0.25, 0.75
    assert grid_centres(-1.0, 1.0, 4).tolist() == [-0.75, -0.25, 0.25, 0.75]
    # 5 cells of width 0.8 over [-2, 2]: the middle one is centred on 0 exactly
    assert grid_centres(-2.0, 2.0, 5)[2] == 0.0


def test_bowl_everything_reaches_the_origin_with_hand_counted_steps():
    # gd lr 0.1 on x^2 + y^2: p_{k+1} = p_k - 0.1 * 2 p_k = 0.8 p_k, so |p_k| = 0.8^k |p_0|.
    # Domain [-1, 1]^2: tol = 1 % of 2 = 0.02; the first k with 0.8^k |p_0| <= 0.02:
    #   |p_0| = 0.25*sqrt(2) = 0.353553: 0.8^12 * 0.353553 = 0.02430 > 0.02, 0.8^13 -> 0.01944: 13
    #   |p_0| = sqrt(0.75^2 + 0.25^2) = 0.790569: 0.8^16 -> 0.02225, 0.8^17 -> 0.01780: 17
    #   |p_0| = 0.75*sqrt(2) = 1.060660: 0.8^17 -> 0.02388, 0.8^18 -> 0.01911: 18
    b = compute_basins(bowl(), "gd", ((-1, 1), (-1, 1)), 100, (4, 4), hyper={"lr": 0.1})
    assert b.tol == pytest.approx(0.02)
    assert (b.labels == 0).all()
    assert len(b.minima) == 1 and not b.minima[0].known
    m = b.minima[0]
    assert abs(m.x) < 1e-8 and abs(m.y) < 1e-8 and m.f < 1e-16
    expected = np.array([[18, 17, 17, 18],
                         [17, 13, 13, 17],
                         [17, 13, 13, 17],
                         [18, 17, 17, 18]])
    assert b.steps.tolist() == expected.tolist()
    assert b.counts == {0: 16, DIVERGED: 0, NOT_ARRIVED: 0}


def test_known_minimum_gives_the_same_map():
    origin = CriticalPoint(0.0, 0.0, 0.0, "global")
    b = compute_basins(bowl(), "gd", ((-1, 1), (-1, 1)), 100, (4, 4), hyper={"lr": 0.1},
                       known=[origin])
    assert b.minima[0].known and (b.minima[0].x, b.minima[0].y) == (0.0, 0.0)
    assert (b.labels == 0).all() and b.steps[1, 1] == 13


def test_double_well_splits_by_the_sign_of_x():
    # (x^2 - 1)^2 + y^2: df/dx = 4x(x^2 - 1) keeps the sign of x on the way to x = +-1, and is
    # 0 at x = 0: those starts slide to the saddle (0, 0), which is not a minimum.
    f = parse_expression("(x^2 - 1)^2 + y^2", {})
    b = compute_basins(f, "gd", ((-2, 2), (-1, 1)), 500, (9, 5), hyper={"lr": 0.05})
    assert b.xs[4] == 0.0
    assert len(b.minima) == 2
    left, right = b.minima  # equal f: numbered by x
    assert left.x == pytest.approx(-1, abs=1e-6) and right.x == pytest.approx(1, abs=1e-6)
    assert left.y == pytest.approx(0, abs=1e-6) and right.y == pytest.approx(0, abs=1e-6)
    expected_row = [0, 0, 0, 0, NOT_ARRIVED, 1, 1, 1, 1]
    assert b.labels.tolist() == [expected_row] * 5
    assert (b.steps[:, 4] == -1).all() and (b.steps[:, [0, 1, 2, 3, 5, 6, 7, 8]] > 0).all()
    assert b.counts == {0: 20, 1: 20, DIVERGED: 0, NOT_ARRIVED: 5}


def test_too_large_a_learning_rate_diverges():
    # gd lr 1.5 on x^2 + y^2: p_{k+1} = (1 - 3) p_k = -2 p_k; f = |p|^2 overflows near k = 512
    b = compute_basins(bowl(), "gd", ((-1, 1), (-1, 1)), 600, (4, 4), hyper={"lr": 1.5})
    assert (b.labels == DIVERGED).all() and (b.steps == -1).all()
    assert b.minima == () and b.counts == {DIVERGED: 16, NOT_ARRIVED: 0}


def test_too_few_steps_did_not_arrive():
    # after 5 steps |grad f| = 2 * 0.8^5 * |p_0| >= 2 * 0.328 * 0.35 = 0.23 > 1e-3
    origin = CriticalPoint(0.0, 0.0, 0.0, "global")
    b = compute_basins(bowl(), "gd", ((-1, 1), (-1, 1)), 5, (4, 4), hyper={"lr": 0.1},
                       known=[origin])
    assert (b.labels == NOT_ARRIVED).all() and (b.steps == -1).all()
    assert b.counts == {0: 0, DIVERGED: 0, NOT_ARRIVED: 16}


def test_blocks_change_nothing_and_progress_is_monotone():
    f = parse_expression("(x^2 - 1)^2 + y^2", {})
    args = (f, "gd", ((-2, 2), (-1, 1)), 200, (8, 6))
    whole = compute_basins(*args, hyper={"lr": 0.05})
    seen = []
    # blocks of 16 starts: 48 starts in 3 blocks for the final points (0 to 0.5), then the
    # 48 that arrived again for their arrival steps (0.5 to 1)
    small = compute_basins(*args, hyper={"lr": 0.05}, block=16,
                           progress=lambda p: seen.append(p) is None)
    assert seen == [0.0, 1 / 6, 2 / 6, 0.5, 0.5 + 1 / 6, 0.5 + 2 / 6, 1.0]
    assert (small.labels == whole.labels).all() and (small.steps == whole.steps).all()


def test_arrival_is_the_first_step_from_which_the_path_stays_within_tol():
    # the definition, computed here on the recorded paths with np.hypot: Adam overshoots and
    # comes back, so many starts leave the ball again after first entering it
    f = parse_expression("(x^2 - 1)^2 + 3*y^2", {})
    b = compute_basins(f, "adam", ((-2, 2), (-1.5, 1.5)), 300, (9, 7), hyper={"lr": 0.2},
                       block=10)
    gx, gy = np.meshgrid(b.xs, b.ys)
    paths = run(f, "adam", np.column_stack([gx.ravel(), gy.ravel()]), 300, record="path",
                lr=0.2).points
    checked = 0
    for i, label in enumerate(b.labels.ravel()):
        if label < 0:
            continue
        m = b.minima[label]
        d = np.hypot(paths[:, i, 0] - m.x, paths[:, i, 1] - m.y)
        outside = np.flatnonzero(~(d <= b.tol))
        want = 0 if not len(outside) else outside[-1] + 1
        assert b.steps.ravel()[i] == want
        checked += outside.size > 0 and (d[:outside[-1]] <= b.tol).any()   # left and came back
    assert checked > 0


def test_cancel_stops_early_and_returns_none():
    seen = []

    def progress(p):
        seen.append(p)
        return p < 0.125  # cancel after the first block

    out = compute_basins(bowl(), "gd", ((-1, 1), (-1, 1)), 100, (4, 8), hyper={"lr": 0.1},
                         block=8, progress=progress)
    assert out is None
    assert seen == [0.0, 0.125]  # 4 blocks of 8 starts; nothing ran after the cancel


def test_cancel_is_asked_within_a_block():
    asked = []

    def cancel():
        asked.append(1)
        return len(asked) >= 3

    out = compute_basins(bowl(), "gd", ((-1, 1), (-1, 1)), 1000, (4, 4), hyper={"lr": 0.1},
                         cancel=cancel)
    assert out is None and len(asked) == 3   # at steps 0, 16 and 32 of the first run


def test_refine_yields_each_level_coarse_first_and_stops_when_cancelled():
    f = parse_expression("(x^2 - 1)^2 + y^2", {})
    args = (f, "gd", ((-2, 2), (-1, 1)), 200)
    maps = list(refine_basins(*args, levels=((5, 3), (9, 5)), hyper={"lr": 0.05}))
    assert [m.labels.shape for m in maps] == [(3, 5), (5, 9)]
    alone = compute_basins(*args, (9, 5), hyper={"lr": 0.05})
    assert (maps[1].labels == alone.labels).all() and (maps[1].steps == alone.steps).all()
    levels = refine_basins(*args, levels=((5, 3), (9, 5)), hyper={"lr": 0.05},
                           cancel=lambda: True)
    assert list(levels) == []


def test_resolution_is_bounded():
    with pytest.raises(ValueError, match="resolution"):
        compute_basins(bowl(), "gd", ((-1, 1), (-1, 1)), 10, (201, 10))
