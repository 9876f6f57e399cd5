"""Gradient descent with a backtracking (Armijo) line search ("gd_armijo" in
:mod:`gradviz.engine.optimizers`).

Not in torch.optim (whose only line search is L-BFGS's strong-Wolfe one); this is Nocedal &
Wright's Algorithm 3.1 along ``-g``, as optax's ``scale_by_backtracking_linesearch``: from
``t = lr`` (default 1), try ``p - t g``; while

    f(p - t g) > f(p) - sigma * t * |g|^2        (not a "sufficient decrease")

shrink ``t <- shrink * t`` (default 0.5), at most ``max_trials`` trials in all; the step is
``-t g`` for the first t that passes. A trial where f is NaN or inf never passes. When none of
the ``max_trials`` passes (with a noisy gradient, or at a minimum where f's differences are
below rounding), the smallest t is taken anyway if f is finite there, else no step (t = 0),
as optax does; ``accepted`` then is 0.

Every trial is recorded: ``trial_points (max_trials, 2)`` and ``trial_values (max_trials,)``
per start (NaN past ``trials``), so a view can draw the rejected ones. The step is written
twice, a loop over one start on Python floats and a loop over the batch's undecided starts on
arrays, with the same formulas (:func:`trial`, :func:`sufficient`) in the same order, so both
give the same bits.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from gradviz.engine.optimizer_ops import FLOATS

MAX_TRIALS = 60
"""The largest ``max_trials`` (0.5^59 ~ 1.7e-18: any useful step is found before)."""


class LineSearchState(NamedTuple):
    """After update t, per start: ``t`` the step size taken (NaN before the first update),
    ``trials`` the trials made, ``accepted`` 1 if the last one passed the Armijo test (else the
    search ran out), ``trial_points (max_trials, 2)`` and ``trial_values (max_trials,)`` each
    trial's point ``p - t_j g`` and f there, ``t_j = lr shrink^j``, NaN past ``trials``."""

    count: int
    t: np.ndarray
    trials: np.ndarray
    accepted: np.ndarray
    trial_points: np.ndarray
    trial_values: np.ndarray


def line_search_init(points, hyper=None):
    n = int((hyper or {}).get("max_trials", 30))
    lead = np.shape(points)[:-1]
    return LineSearchState(0, np.full(lead, math.nan), np.zeros(lead), np.zeros(lead),
                           np.full(lead + (n, 2), math.nan), np.full(lead + (n,), math.nan))


def trial(coordinate, t, g):
    """One coordinate of the trial point ``p - t g``."""
    return coordinate - t * g


def decrease_bound(f, t, gg, sigma):
    """``f(p) - sigma t |g|^2``: the most f(p - t g) may be to pass (``gg = |g|^2``)."""
    return f - sigma * t * gg


def sufficient(f_trial, f, t, gg, sigma):
    """The Armijo test ``f(p - t g) <= f(p) - sigma t |g|^2`` (False where f_trial is NaN)."""
    return f_trial <= decrease_bound(f, t, gg, sigma)


def line_search(h, ops):
    """Gradient descent with a backtracking (Armijo) line search (no torch.optim
    counterpart): ``step = -t * g`` for the first ``t = lr * shrink^j`` (j = 0, 1, ...,
    max_trials - 1) with ``f(p - t g) <= f(p) - sigma * t * |g|^2`` (see
    :mod:`gradviz.engine.line_search`)."""
    return (_on_floats if ops is FLOATS else _on_arrays)(
        h["shrink"], h["sigma"], int(h["max_trials"]))


def _on_floats(shrink, sigma, n):
    pad = (math.nan,) * (2 * n)

    def update(g, p, f, s, count, lr, around):
        (gx, gy), (x, y) = g, p
        gg = gx * gx + gy * gy
        t, points, values, accepted = lr, [], [], 0.0
        for j in range(n):
            tx, ty = trial(x, t, gx), trial(y, t, gy)
            ft = around.value(tx, ty)
            points += (tx, ty)
            values.append(ft)
            if sufficient(ft, f, t, gg, sigma):
                accepted = 1.0
                break
            if j < n - 1:
                t = t * shrink
        else:
            if not math.isfinite(ft):
                t = 0.0
        trials = len(values)
        state = (t, float(trials), accepted, tuple(points) + pad[:2 * (n - trials)],
                 tuple(values) + pad[:n - trials])
        return (-(t * gx), -(t * gy)), state

    return update


def _on_arrays(shrink, sigma, n):
    def update(g, p, f, s, count, lr, around):
        (gx, gy), (x, y) = g, p
        m = len(x)
        gg = gx * gx + gy * gy
        t = np.array(np.broadcast_to(lr, (m,)), dtype=np.float64)
        points, values = np.full((m, n, 2), math.nan), np.full((m, n), math.nan)
        trials, accepted, last = np.zeros(m), np.zeros(m), np.empty(m)
        rows = np.arange(m)
        for j in range(n):
            tr = t[rows]
            tx, ty = trial(x[rows], tr, gx[rows]), trial(y[rows], tr, gy[rows])
            ft = around.value(tx, ty)
            points[rows, j, 0], points[rows, j, 1], values[rows, j] = tx, ty, ft
            trials[rows], last[rows] = j + 1, ft
            passed = sufficient(ft, f[rows], tr, gg[rows], sigma)
            accepted[rows[passed]] = 1.0
            rows = rows[~passed]
            if rows.size == 0:
                break
            if j < n - 1:
                t[rows] = t[rows] * shrink
        t[rows] = np.where(np.isfinite(last[rows]), t[rows], 0.0)
        return (-(t * gx), -(t * gy)), (t, trials, accepted, points, values)

    return update


def line_search_check(h):
    if not 0 < h["shrink"] < 1:
        raise ValueError(f"Invalid shrink value: {h['shrink']} (must be in (0, 1))")
    if not 0 < h["sigma"] < 1:
        raise ValueError(f"Invalid sigma value: {h['sigma']} (must be in (0, 1))")
    if h["max_trials"] != int(h["max_trials"]):
        raise ValueError(f"Invalid max_trials value: {h['max_trials']} (must be a whole "
                         "number)")


def line_search_note(state, h) -> str:
    """What the update that produced ``state`` (one start) did when its search ran out; ""
    when a trial passed."""
    if state.accepted or not state.trials:
        return ""
    n = int(state.trials)
    if state.t == 0:
        return (f"no sufficient decrease in {n} trials and f not finite at the last: "
                "no step taken")
    return (f"no sufficient decrease in {n} trials: took the smallest, "
            f"t = {float(state.t):.3g}")
