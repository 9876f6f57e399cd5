"""What each house adds to the loss: the loss of one residual, and the loss as a mean of terms.

For the line y = w*x + b and the points (x_i, y_i), i = 1..n, the residual of point i is
``r_i = w*x_i + b - y_i`` (in y's units: thousands for the house prices) and

    L(w, b) = (1/n) * sum_i l(r_i),   grad L = (1/n) * sum_i grad l_i,
    grad l_i = l'(r_i) * (x_i, 1)      (the chain rule: dr_i/dw = x_i, dr_i/db = 1).

========  ====================  =================================  ======================
key       name                  l(r)                               l'(r)
========  ====================  =================================  ======================
``mse``   mean squared error    r^2                                2 r
``mae``   mean absolute error   |r|                                sign(r) (0 at r = 0)
``huber`` Huber loss (delta)    r^2 / 2 for |r| <= delta,          clip(r, -delta, delta)
                                delta (|r| - delta / 2) beyond
========  ====================  =================================  ======================

Huber is PyTorch's ``HuberLoss``: the squared error (halved) near the line, the absolute error
(times delta) beyond delta, so a house far off the line pulls on it with at most delta where
the squared error pulls with 2|r|. delta is in y's units. The second derivatives l'' (for the
Hessian) are 2, 0 and 1 inside delta (0 beyond). x_i are the loss's features: the data's x,
or x' = (x - mean)/std with feature scaling.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

DEFAULT_DELTA = 1.0
BLOCK = 1 << 20
"""Grid points times data points evaluated at once (8 MB a temporary)."""


class PointLoss(NamedTuple):
    """The loss of one residual: ``term(r, delta)``, ``slope(r, delta)`` = l'(r) and
    ``bend(r, delta)`` = l''(r), elementwise on arrays; ``formula`` of l(r) as text."""

    key: str
    name: str
    formula: str
    term: Callable
    slope: Callable
    bend: Callable


def _huber_term(r, delta):
    a = np.abs(r)
    return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))


LOSSES = {loss.key: loss for loss in (
    PointLoss("mse", "mean squared error", "r^2", lambda r, d: r * r,
              lambda r, d: 2.0 * r, lambda r, d: np.full(np.shape(r), 2.0)),
    PointLoss("mae", "mean absolute error", "|r|", lambda r, d: np.abs(r),
              lambda r, d: np.sign(r), lambda r, d: np.zeros(np.shape(r))),
    PointLoss("huber", "Huber loss", "huber(r, δ)", _huber_term,
              lambda r, d: np.clip(r, -d, d), lambda r, d: (np.abs(r) <= d).astype(float)),
)}
LOSS_KEYS = tuple(LOSSES)


def get_loss(key: str) -> PointLoss:
    """The PointLoss named ``key``; ValueError naming the valid keys otherwise."""
    try:
        return LOSSES[key]
    except (KeyError, TypeError):
        raise ValueError(f"unknown loss {key!r} (valid: {', '.join(LOSS_KEYS)})") from None


def mean_terms(point_loss, delta, u, y, w, b):
    """(L, dL/dw, dL/db), each of the broadcast shape S of ``w`` and ``b``: the means over
    the points (u (n,), y (n,)) of l(r_i), l'(r_i) u_i and l'(r_i). Costs n operations a
    point, in blocks of BLOCK values. The same operations per point as :func:`scalar_terms`,
    so a run's fast path and general path agree to the bit."""
    w, b = np.broadcast_arrays(np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64))
    shape, flat_w, flat_b = w.shape, w.reshape(-1), b.reshape(-1)
    out = np.empty((3, flat_w.size))
    rows = max(1, BLOCK // max(len(u), 1))
    with np.errstate(all="ignore"):
        for lo in range(0, flat_w.size, rows):
            r = flat_w[lo:lo + rows, None] * u + flat_b[lo:lo + rows, None] - y
            slope = point_loss.slope(r, delta)
            out[0, lo:lo + rows] = point_loss.term(r, delta).mean(axis=-1)
            out[1, lo:lo + rows] = (slope * u).mean(axis=-1)
            out[2, lo:lo + rows] = slope.mean(axis=-1)
    return tuple(o.reshape(shape)[()] for o in out)   # a numpy scalar for shape ()


def scalar_terms(point_loss, delta, u, y):
    """``evaluate(w, b) -> (L, dL/dw, dL/db)`` on Python floats (``run()``'s fast path)."""
    u, y = u.reshape(1, -1), y.reshape(1, -1)

    def evaluate(w, b):
        r = np.float64(w) * u + np.float64(b) - y
        slope = point_loss.slope(r, delta)
        return (float(point_loss.term(r, delta).mean(axis=-1)[0]),
                float((slope * u).mean(axis=-1)[0]), float(slope.mean(axis=-1)[0]))

    return evaluate


# --- the terms, house by house --------------------------------------------------------------


class HouseTerms(NamedTuple):
    """Each point's share of L at (w, b): ``indices (k,)`` of the points, their
    ``residuals (k,)`` r_i, ``terms (k,)`` l(r_i), ``grads (k, 2)`` grad l_i = l'(r_i) (x_i, 1);
    ``value`` = mean(terms) and ``gradient (2,)`` = mean(grads): L and grad L over these
    points (over all of them: the loss itself)."""

    indices: np.ndarray
    residuals: np.ndarray
    terms: np.ndarray
    grads: np.ndarray
    value: float
    gradient: np.ndarray


def house_terms(loss, w: float, b: float, indices=None) -> HouseTerms:
    """The :class:`HouseTerms` of a RegressionLoss ``loss`` at (w, b) (in its coordinates,
    scaled or not) over the points ``indices`` (default: all, in order)."""
    n = len(loss.features)
    idx = np.arange(n) if indices is None else np.asarray(indices, dtype=np.intp).reshape(-1)
    u, y = loss.features[idx], loss.data.y[idx]
    with np.errstate(all="ignore"):
        r = float(w) * u + float(b) - y
        slope = loss.point_loss.slope(r, loss.delta)
        grads = np.column_stack([slope * u, slope])
        terms = loss.point_loss.term(r, loss.delta)
    return HouseTerms(idx, r, terms, grads, float(terms.mean()), grads.mean(axis=0))


def batch_indices(loss, batch_size: int, seed: int, step: int):
    """The points of update ``step``'s mini-batch (the run's own: the same BatchSequence), or
    None for the full batch (batch size 0 or at least the number of points)."""
    from gradviz.engine.minibatch import BatchSequence

    if batch_size <= 0 or batch_size >= len(loss.features):
        return None
    return BatchSequence(len(loss.features), batch_size, seed).indices(step)


class PointBatchGradients:
    """The mini-batch hook of ``run`` (as ``minibatch.BatchGradients``, which is for the
    squared error only): the gradient of the loss over batch ``step`` at ``points (m, 2)``,
    summed house by house (k operations a point)."""

    def __init__(self, loss, batches):
        self.loss, self.batches = loss, batches

    @property
    def spec(self) -> tuple:
        return (self.batches.batch_size, self.batches.seed)

    def gradient(self, step: int, points: np.ndarray) -> np.ndarray:
        _, gw, gb = self.loss.batch_value_and_gradient(points[:, 0], points[:, 1],
                                                       self.batches.indices(step))
        return np.column_stack([gw, gb])
