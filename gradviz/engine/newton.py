"""Newton's method, damped, with the saddle-free remedy where the Hessian is not positive
definite (registered as "newton" in :mod:`gradviz.engine.optimizers`).

The step (not in torch.optim, which has no second-order method besides L-BFGS; Nocedal &
Wright, Numerical Optimization, 2nd ed., ch. 3.3-3.4): ``p <- p - lr * M^-1 g`` with ``g`` the
gradient, ``H`` the exact Hessian at p and ``lr`` the damping (1: the full Newton step). With
``H = l1 v1 v1^T + l2 v2 v2^T`` (eigenvalues ``l1 <= l2``), ``M = mu1 v1 v1^T + mu2 v2 v2^T``
where ``mu_i = max(|l_i|, min_curvature)``:

- H positive definite, both eigenvalues >= min_curvature: ``M = H``, the plain Newton step. On a
  quadratic one full step lands on the minimum.
- H not positive definite (an eigenvalue < 0: a saddle or a maximum nearby): the plain step
  ``-H^-1 g`` heads for that critical point, uphill along the negative curvature. Here the
  curvature is used with its sign flipped, ``|l|``: the step along that direction goes downhill
  as far as Newton's would have gone uphill (Greenstadt 1967; the "saddle-free Newton" of
  Dauphin et al. 2014; Paternain, Mokhtari & Ribeiro 2019 use ``max(|l|, m)`` exactly).
- H singular or nearly (``|l| < min_curvature``; Newton's step along that direction would be
  infinite or huge): the curvature is raised to ``min_curvature``, so along that direction the
  step is a gradient step of rate ``lr / min_curvature``.

M is positive definite, so ``-M^-1 g`` points downhill wherever ``g != 0``. Each update records
the Hessian, its eigenvalues and which remedy it took (``remedy``: 0 none, +1 a negative
eigenvalue flipped, +2 an eigenvalue raised to min_curvature, 4 the Hessian not finite).

The step is written once (:func:`newton_step`) for Python floats (one start) and numpy arrays
(a batch) with the same operations in the same order, so both give the same bits.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from gradviz.engine.optimizer_ops import FLOATS

FLIPPED, RAISED, NOT_FINITE = 1, 2, 4
"""The bits of ``NewtonState.remedy``."""


class NewtonState(NamedTuple):
    """After update t: the Hessian ``(f_xx, f_xy, f_yy)`` at the point it was taken from, its
    eigenvalues ``eig_low <= eig_high`` and ``remedy`` (bits FLIPPED, RAISED, NOT_FINITE),
    each one number per start. NaN (remedy 0) before the first update."""

    count: int
    f_xx: np.ndarray
    f_xy: np.ndarray
    f_yy: np.ndarray
    eig_low: np.ndarray
    eig_high: np.ndarray
    remedy: np.ndarray


def newton_init(points, hyper=None):
    lead = np.shape(points)[:-1]
    nan = np.full(lead, math.nan)
    return NewtonState(0, nan, nan.copy(), nan.copy(), nan.copy(), nan.copy(), np.zeros(lead))


def _where_floats(condition, a, b):
    return a if condition else b


def curvatures(low, high, floor, maximum):
    """``(mu1, mu2) = (max(|l1|, floor), max(|l2|, floor))``: the curvatures the step uses."""
    return maximum(abs(low), floor), maximum(abs(high), floor)


def spectrum(a, b, c, ops, where):
    """``(half, r, l1, l2)`` of ``[[a, b], [b, c]]``: its eigenvalues ``l1 <= l2`` are
    ``(a + c)/2 -+ r`` with ``half = (a - c)/2`` and ``r = sqrt(half^2 + b^2)``; the smaller
    in magnitude is taken as ``det / (the larger)``, which keeps its digits when the two differ
    by orders (a ravine)."""
    mean, half = (a + c) * 0.5, (a - c) * 0.5
    r = ops.sqrt(half * half + b * b)
    up = mean >= 0
    big = where(up, mean + r, mean - r)
    other = where(big == 0, 0.0, ops.div(a * c - b * b, big))
    return half, r, where(up, other, big), where(up, big, other)


def newton_step(g, hessian, floor, lr, ops, where):
    """``((dx, dy), (l1, l2, remedy))``: the step ``-lr M^-1 g`` (see the module docstring).

    ``g = (gx, gy)``, ``hessian = (a, b, c)`` (``f_xx, f_xy, f_yy``): floats (``ops`` FLOATS,
    ``where`` a Python conditional) or arrays of one shape (ARRAYS, ``np.where``).
    ``M^-1 g = P1 g / mu1 + P2 g / mu2`` with the eigen-projectors ``P2 = [[p, b], [b, q]] / 2r``
    and ``P1 = I - P2 = [[q, -b], [-b, p]] / 2r``, ``p = r + half``, ``q = r - half`` (the one
    that would cancel taken as ``b^2`` over the other); ``g / mu`` where ``r = 0`` (``H = a I``).
    """
    gx, gy = g
    a, b, c = hessian
    half, r, low, high = spectrum(a, b, c, ops, where)
    mu_low, mu_high = curvatures(low, high, floor, ops.maximum)
    big = r + abs(half)
    small = ops.div(b * b, big)
    p, q = where(half >= 0, big, small), where(half >= 0, small, big)
    two_r = r + r
    dx = ops.div(ops.div(p * gx + b * gy, mu_high) + ops.div(q * gx - b * gy, mu_low), two_r)
    dy = ops.div(ops.div(b * gx + q * gy, mu_high) + ops.div(p * gy - b * gx, mu_low), two_r)
    dx = where(r == 0, ops.div(gx, mu_high), dx)
    dy = where(r == 0, ops.div(gy, mu_high), dy)
    size = abs(low) + abs(high)
    finite, broken = size < math.inf, (size != size) | (size == math.inf)
    remedy = (FLIPPED * (low < 0) + RAISED * ((abs(low) < floor) | (abs(high) < floor))) \
        * finite + NOT_FINITE * broken
    return (-lr * dx, -lr * dy), (low, high, remedy * 1.0)


def newton(h, ops):
    """Newton's method (no torch.optim counterpart): ``step = -lr * M^-1 g``, ``M`` the exact
    Hessian H at the point with each eigenvalue l replaced by ``max(|l|, min_curvature)``
    (H itself where it is positive definite; see :mod:`gradviz.engine.newton`)."""
    where = _where_floats if ops is FLOATS else np.where
    floor = h["min_curvature"]

    def update(g, p, f, s, t, lr, around):
        hessian = around.hessian(*p)
        step, (low, high, remedy) = newton_step(g, hessian, floor, lr, ops, where)
        return step, (*hessian, low, high, remedy)

    return update


def newton_check(h):
    if not h["min_curvature"] > 0:
        raise ValueError(f"Invalid min_curvature value: {h['min_curvature']} (must be > 0)")


def newton_derived(state, h):
    """``mu_low``, ``mu_high``: the curvatures the last step used, ``max(|l|, min_curvature)``."""
    mu_low, mu_high = curvatures(state.eig_low, state.eig_high, h["min_curvature"], np.maximum)
    return {"mu_low": mu_low, "mu_high": mu_high}


def _g(value) -> str:
    return f"{float(value):.3g}".replace("-", "\u2212")


def newton_note(state, h) -> str:
    """What the update that produced ``state`` (one start) did in place of Newton's plain
    step, in words; "" when it took the plain step."""
    remedy = int(state.remedy)
    low, high = _g(state.eig_low), _g(state.eig_high)
    if remedy & NOT_FINITE:
        return "the Hessian is not finite here: no Newton step"
    parts = []
    if remedy & FLIPPED:
        parts.append(f"Hessian not positive definite (eigenvalues {low}, {high}): took "
                     "|\u03bb| for the negative one, so the step goes downhill (plain "
                     "Newton heads for the saddle or maximum)")
    if remedy & RAISED:
        parts.append(f"Hessian nearly singular (eigenvalues {low}, {high}): raised |\u03bb| "
                     f"below min_curvature {_g(h['min_curvature'])} to it, a gradient step "
                     "along that direction")
    return "; ".join(parts)
