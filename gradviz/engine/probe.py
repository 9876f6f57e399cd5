"""The gradient probe: f, its partial derivatives and |grad f| at one point, and the two slices
of f through that point (along x with y fixed, along y with x fixed) with their tangent lines.

The slices make the difference between a partial derivative and the gradient visible: each
slice is a function of one variable, its tangent's slope is one partial derivative, and the
gradient is the vector of both slopes.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from gradviz.engine.names import FUNCTION, Names

SLICE_SAMPLES = 201
TANGENT_FRACTION = 0.15
"""Each tangent line reaches this fraction of the slice's range either side of the probe."""


class Probe(NamedTuple):
    """Values at (x, y); NaN where f or its gradient is undefined there."""

    x: float
    y: float
    f: float
    dfdx: float
    dfdy: float

    @property
    def grad_norm(self) -> float:
        return math.hypot(self.dfdx, self.dfdy)


class Slices(NamedTuple):
    """f along the horizontal and the vertical line through ``probe``.

    ``xs (n,)`` and ``f_along_x (n,)`` = f(xs, probe.y); ``ys (n,)`` and ``f_along_y (n,)`` =
    f(probe.x, ys). ``tangent_x`` / ``tangent_y``: ((u0, u1), (f0, f1)), the end points of the
    tangent line through (probe.x, probe.f) with slope dfdx (and through (probe.y, probe.f) with
    slope dfdy), or None where the probe value or slope is not finite. ``names``: what x, y
    and f are called where these are shown (w, b, L in the regression mode).
    """

    probe: Probe
    xs: np.ndarray
    f_along_x: np.ndarray
    ys: np.ndarray
    f_along_y: np.ndarray
    tangent_x: tuple | None
    tangent_y: tuple | None
    names: Names = FUNCTION


def probe(objective, x: float, y: float) -> Probe:
    """f, df/dx and df/dy of ``objective`` at (x, y), as floats."""
    f, fx, fy = objective.value_and_gradient(np.array([float(x)]), np.array([float(y)]))
    return Probe(float(x), float(y), _scalar(f), _scalar(fx), _scalar(fy))


def _scalar(value) -> float:
    return float(np.asarray(value, dtype=float).reshape(-1)[0])


def _tangent(center: float, f0: float, slope: float, span: tuple) -> tuple | None:
    if not (math.isfinite(f0) and math.isfinite(slope)):
        return None
    half = TANGENT_FRACTION * (span[1] - span[0])
    return ((center - half, center + half), (f0 - slope * half, f0 + slope * half))


def slices(objective, x: float, y: float, x_range: tuple, y_range: tuple,
           samples: int = SLICE_SAMPLES, names: Names = FUNCTION) -> Slices:
    """The probe at (x, y) and the slices of f across ``x_range`` (at fixed y) and ``y_range``
    (at fixed x), ``samples`` points each, ends included; ``names`` go with them."""
    p = probe(objective, x, y)
    xs = np.linspace(float(x_range[0]), float(x_range[1]), samples)
    ys = np.linspace(float(y_range[0]), float(y_range[1]), samples)
    along_x = np.broadcast_to(objective.value(xs, np.full_like(xs, p.y)), xs.shape)
    along_y = np.broadcast_to(objective.value(np.full_like(ys, p.x), ys), ys.shape)
    return Slices(p, xs, np.array(along_x, dtype=float), ys, np.array(along_y, dtype=float),
                  _tangent(p.x, p.f, p.dfdx, x_range), _tangent(p.y, p.f, p.dfdy, y_range),
                  Names(*names))
