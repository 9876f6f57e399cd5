"""Curvature at a point: the Hessian, its eigenvalues and eigen-directions, the condition
number, and the largest learning rate plain gradient descent can use.

The Hessian of f at p is ``H = [[f_xx, f_xy], [f_xy, f_yy]]`` (units: f per unit of x times
unit of y). Near a minimum p*, ``f(p* + d) ~ f(p*) + d^T H d / 2``, and one step of gradient
descent, ``d <- d - lr H d``, multiplies the part of d along the eigen-direction v_i (with
eigenvalue lambda_i) by ``1 - lr * lambda_i``. So descent converges along v_i exactly when
``|1 - lr lambda_i| < 1``, that is ``0 < lr < 2 / lambda_i``, and the steepest direction sets
the limit for the whole run: ``lr < 2 / lambda_max``. Between ``1 / lambda_max`` and
``2 / lambda_max`` the factor is negative: each step overshoots the valley's floor but lands
closer. Above ``2 / lambda_max`` it is below -1: each bounce is longer than the one before.

The condition number ``kappa = max|lambda| / min|lambda|`` says how much steeper the steepest
direction is than the flattest: 1 is a round bowl, 100 a ravine, where the largest stable lr
moves the flat direction by only ``2 / kappa`` of the way each step.

Where the Hessian comes from (:func:`hessian`): the objective's own exact ``hessian_at(x, y)``
(an Objective runs the engine's reverse mode twice over its graph, with the gradient's
derivative rules: ``d/dx abs(x) = sign(x)``, whose own derivative is 0; the regression loss
has a closed form); for an objective without one, central differences of its exact gradient,
marked ``exact=False``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

FLAT = 1e-9
"""An eigenvalue within FLAT * (the largest |eigenvalue|) of 0 counts as 0 (rounding)."""
STEP = 1e-5
"""Central differences (the fallback): h = STEP * max(1, |coordinate|)."""


class Curvature(NamedTuple):
    """The Hessian at ``(x, y)`` and what follows from it.

    ``hessian (2, 2)``; ``eigenvalues`` (smaller, larger); ``directions (2, 2)``: column i is
    the unit eigen-direction of eigenvalue i; ``exact``: False when the Hessian was estimated by
    central differences of the gradient (see the module docstring).
    """

    x: float
    y: float
    hessian: np.ndarray
    eigenvalues: tuple
    directions: np.ndarray
    exact: bool = True

    @property
    def kind(self) -> str:
        """"minimum" (both eigenvalues > 0: f curves up every way), "maximum" (both < 0),
        "saddle" (one of each: up one way, down another) or "flat" (an eigenvalue is 0)."""
        low, high = self.eigenvalues
        tiny = FLAT * max(abs(low), abs(high))
        if abs(low) <= tiny or abs(high) <= tiny:
            return "flat"
        return "minimum" if low > 0 else ("maximum" if high < 0 else "saddle")

    @property
    def condition_number(self) -> float:
        """``max|lambda| / min|lambda|``; inf when an eigenvalue is 0 (NaN for H = 0)."""
        sizes = sorted(abs(v) for v in self.eigenvalues)
        if sizes[1] == 0:
            return math.nan
        return math.inf if sizes[0] == 0 else sizes[1] / sizes[0]

    @property
    def max_stable_lr(self) -> float:
        """``2 / lambda_max``: the largest learning rate with which gradient descent converges
        to a minimum with this Hessian (inf where no eigenvalue is positive)."""
        high = self.eigenvalues[1]
        return 2.0 / high if high > 0 else math.inf

    def along_axes(self) -> tuple:
        """``(f_xx, f_yy)``: the curvature of the slice along x and along y (the diagonal)."""
        return float(self.hessian[0, 0]), float(self.hessian[1, 1])


def curvature_at(objective, x: float, y: float) -> Curvature:
    """The :class:`Curvature` of ``objective`` at ``(x, y)``."""
    h, exact = hessian(objective, x, y)
    values, vectors = np.linalg.eigh(h)
    if not np.all(np.isfinite(values)):
        values, vectors = np.array([math.nan, math.nan]), np.full((2, 2), math.nan)
    vectors = vectors * np.where(vectors[0] < 0, -1.0, 1.0)   # a stable sign: x part >= 0
    vectors.flags.writeable = False
    return Curvature(float(x), float(y), h, (float(values[0]), float(values[1])), vectors, exact)


def hessian(objective, x: float, y: float):
    """``(H (2, 2) float64 read-only, exact: bool)`` of ``objective`` at ``(x, y)``."""
    own = getattr(objective, "hessian_at", None)
    if callable(own):
        h, exact = np.array(own(float(x), float(y)), dtype=np.float64), True
    else:
        h, exact = _differences(objective, float(x), float(y)), False
    h.flags.writeable = False
    return h, exact


def _differences(objective, x, y):
    """Central differences of the exact gradient, symmetrised (error ~ h^2 f'''' + eps / h)."""
    h = np.array([STEP * max(1.0, abs(x)), STEP * max(1.0, abs(y))])
    with np.errstate(all="ignore"):
        gx = np.subtract(objective.gradient(x + h[0], y), objective.gradient(x - h[0], y))
        gy = np.subtract(objective.gradient(x, y + h[1]), objective.gradient(x, y - h[1]))
    columns = np.column_stack([np.asarray(gx, float) / (2 * h[0]),
                               np.asarray(gy, float) / (2 * h[1])])
    return (columns + columns.T) / 2


# --- the learning-rate limit, in words -----------------------------------------------------


def _g(value: float) -> str:
    return f"{value:.3g}"


def _apart(a: float, b: float) -> tuple:
    """``a`` and ``b`` printed with the fewest significant digits (3 to 6) that tell them
    apart: "0.002" above "0.002" says nothing; "0.002" above "0.001997" does."""
    for digits in range(3, 7):
        shown = f"{a:.{digits}g}", f"{b:.{digits}g}"
        if shown[0] != shown[1]:
            return shown
    return shown


def lr_statement(lr: float, curvature: Curvature) -> str:
    """One line comparing ``lr`` with ``2 / lambda_max`` at ``curvature`` (meant at a minimum),
    e.g. "lr 0.11 is above 2/λmax = 0.1: each step overshoots further"."""
    if curvature.kind != "minimum":
        return {"saddle": "not a minimum: f curves down one way, so no lr makes descent "
                          "settle here",
                "maximum": "not a minimum: f curves down every way",
                "flat": "f does not curve along one direction here: no lr limit from it"
                }[curvature.kind]
    limit, high = curvature.max_stable_lr, curvature.eigenvalues[1]
    factor = 1 - lr * high
    lr_text, limit_text = _apart(lr, limit)
    head = f"lr {lr_text}"
    bounce = _apart(-factor, 1.0)[0]   # 1.001, not 1: the bounce does grow
    if math.isclose(lr, limit, rel_tol=1e-9):
        return f"{head} equals 2/λmax: the bounce along the steepest direction never shrinks"
    if lr > limit:
        return (f"{head} is above 2/λmax = {limit_text}: each step overshoots further "
                f"(each bounce {bounce} times the last)")
    if lr > 1 / high:
        return (f"{head} is below 2/λmax = {limit_text} but above 1/λmax = {_g(1 / high)}: "
                f"it overshoots, but each bounce is {bounce} of the last")
    return (f"{head} is below 2/λmax = {limit_text}: no overshoot; along the steepest "
            f"direction each step keeps {_g(factor)} of the distance")


class AdamRates(NamedTuple):
    """Adam's per-coordinate rate ``lr / (sqrt(v_hat) + eps)`` at a step, beside the limit
    ``2 / f_ii`` plain descent would have along that axis (``(2,)`` arrays; inf where the
    curvature along the axis is not positive)."""

    effective: np.ndarray
    limit: np.ndarray

    def lines(self, names=("x", "y")) -> tuple:
        """"x: lr/(√v̂+ε) = 0.5, 2/λ = 10" for each axis."""
        return tuple(f"{n}: lr/(√v̂+ε) = {_g(e)}, 2/λ = {_g(lim)}"
                     for n, e, lim in zip(names, self.effective, self.limit))


def adam_rates(trajectory, k: int, curvature: Curvature) -> AdamRates:
    """:class:`AdamRates` of an Adam-family ``trajectory`` (record="all") after ``k`` updates
    (k >= 1), against ``curvature``'s diagonal; with a schedule, the lr of update k."""
    derived = trajectory.derived_at(k)
    lr = trajectory.hyper["lr"] if trajectory.lrs is None else float(trajectory.lrs[k - 1])
    with np.errstate(all="ignore"):
        effective = lr / (np.sqrt(np.asarray(derived["v_hat"], float)) + trajectory.hyper["eps"])
        axes = np.array(curvature.along_axes())
        limit = np.where(axes > 0, 2.0 / np.where(axes > 0, axes, 1.0), math.inf)
    return AdamRates(effective, limit)
