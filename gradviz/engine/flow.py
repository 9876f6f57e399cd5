"""The gradient flow: the continuous path ``dx/dt = -grad f(x)`` from a start, the curve that
gradient descent with learning rate lr follows in steps of time lr (``p_k ~ x(k lr)``), its
error growing with lr.

:func:`gradient_flow` solves it with the Dormand-Prince 5(4) pair (Dormand & Prince 1980; the
method of Hairer's DOPRI5, Matlab's ode45 and scipy's ``solve_ivp(method="RK45")``): six
gradient evaluations a step (the seventh is the next step's first), the step taken with the
5th-order formula, its length controlled by the embedded 4th-order one's error estimate
(``|err_i| <= atol + rtol * |x_i|``), the points in between from Shampine's (1986) quartic
dense output. Written here, about 150 lines, in place of scipy (143 MB installed, 0.8 s to
import ``scipy.integrate`` on these machines, against a bundle that must stay under 250 MB).

Stiff functions (a ravine, Rosenbrock's valley) hold an explicit method to steps of about
``3.3 / lambda_max`` however smooth the path: ``max_steps`` bounds the work (each step ~20 us
on Python floats). At the limit the flow stops where it got to (``reached``); the later sample
points are NaN and ``message`` says so. Gradient descent itself is only stable for
``lr < 2 / lambda_max``, so over the time of a stable descent run the flow needs fewer solver
steps than the run has steps. Where the flow has settled in a minimum (``|grad f| * (time
left) <= atol`` and the Hessian positive definite, so the path cannot move further than atol)
it is held there to the end.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

RTOL, ATOL = 1e-6, 1e-9
"""The error allowed each step, per coordinate: ``atol + rtol * |x|`` (units of x, y)."""
MAX_STEPS = 10_000
"""Solver steps (accepted and rejected) before the flow stops: ~0.2 s on Python floats."""
SETTLE, SETTLE_EVERY = 10.0, 8
"""The flow is held at a minimum once within SETTLE step tolerances of it (checked every
SETTLE_EVERY steps): near a minimum a stiff f keeps an explicit solver's steps tiny for ever."""
FAR = 1e150
"""A flow past this |coordinate| has left for infinity (f unbounded below): it stops."""

# Dormand-Prince 5(4): nodes C, stages A, 5th-order weights B, error weights E (5th - 4th,
# over the 7 stages, the last being f at the new point) and Shampine's dense output P.
C = (0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0)
A = ((),
     (1 / 5,),
     (3 / 40, 9 / 40),
     (44 / 45, -56 / 15, 32 / 9),
     (19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729),
     (9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656))
B = (35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84)
E = (-71 / 57600, 0.0, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40)
P = ((1.0, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432),
     (0.0, 0.0, 0.0, 0.0),
     (0.0, 131558114200 / 32700410799, -68118460800 / 10900136933,
      87487479700 / 32700410799),
     (0.0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072),
     (0.0, 127303824393 / 49829197408, -318862633887 / 49829197408,
      701980252875 / 199316789632),
     (0.0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844),
     (0.0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423))


class Flow(NamedTuple):
    """The gradient flow from ``points[0]`` (if times[0] is 0).

    ``times (m,)``: the times asked for, ascending; ``points (m, 2)``: the flow there, NaN past
    ``reached``; ``errors (m,)``: an estimate of each point's error, the sum of the local error
    estimates of the steps up to it (a bound where f is convex, since the flow then never
    pulls two paths apart; elsewhere errors can grow as exp(t * the most negative curvature)).
    ``path (p, 2)`` and ``path_times (p,)``: the solver's own points, the start and every
    accepted step, a polyline for drawing (denser where the path bends). ``reached``: the time
    the flow was solved to; ``complete``: it reached ``times[-1]``; ``message``: why not ("" if
    complete); ``steps``, ``rejected``, ``evaluations``: the work done; ``settled_at``: the
    time from which the flow was held at a minimum (see the module docstring), or None.
    """

    times: np.ndarray
    points: np.ndarray
    errors: np.ndarray
    path: np.ndarray
    path_times: np.ndarray
    reached: float
    complete: bool
    message: str
    steps: int
    rejected: int
    evaluations: int
    settled_at: float | None = None


def flow_times(lr: float, steps: int, lrs=None) -> np.ndarray:
    """The time of each point of a descent run: ``t_k = k * lr``, or with a schedule the sum of
    the lrs before step k; ``(steps + 1,)``."""
    if lrs is None:
        return np.arange(steps + 1) * float(lr)
    return np.concatenate([[0.0], np.cumsum(np.asarray(lrs, dtype=np.float64))])


def _hessian(objective):
    """``H(x, y) -> (f_xx, f_xy, f_yy)`` on floats."""
    if callable(getattr(objective, "scalar_value_and_gradient", None)):
        from gradviz.engine.around import FloatAround

        return FloatAround(objective).hessian

    def hessian(x, y):
        from gradviz.engine.curvature import hessian

        h = hessian(objective, x, y)[0]
        return float(h[0, 0]), float(h[0, 1]), float(h[1, 1])

    return hessian


def _field(objective):
    """``v(x, y) -> (-df/dx, -df/dy)`` on floats (NaN where f's gradient is not finite)."""
    scalar = getattr(objective, "scalar_value_and_gradient", None)
    if callable(scalar):
        evaluate = scalar()

        def velocity(x, y):
            _, gx, gy = evaluate(x, y)
            return -gx, -gy
    else:
        def velocity(x, y):
            _, gx, gy = objective.value_and_gradient(np.array([x]), np.array([y]))
            return -float(np.reshape(gx, -1)[0]), -float(np.reshape(gy, -1)[0])
    return velocity


def _settled(hessian, x, y, k, tolerance):
    """The flow has settled in a minimum: the Hessian there is positive definite and the
    Newton step to the minimum of its quadratic model, ``|H^-1 grad f|``, is within
    ``tolerance``. In a convex well the flow only comes closer to that minimum, so it stays
    within ``tolerance`` of the point from here on."""
    a, b, c = hessian(x, y)
    det = a * c - b * b
    if not (a > 0 and det > 0):
        return False
    gx, gy = -k[0], -k[1]
    return math.hypot((c * gx - b * gy) / det, (a * gy - b * gx) / det) <= tolerance


def _initial_step(velocity, x, y, k, rtol, atol):
    """Hairer, Norsett & Wanner's starting step (Solving ODEs I, II.4): two derivative sizes
    and one trial evaluation."""
    sx, sy = atol + rtol * abs(x), atol + rtol * abs(y)
    d0 = math.hypot(x / sx, y / sy) / math.sqrt(2)
    d1 = math.hypot(k[0] / sx, k[1] / sy) / math.sqrt(2)
    h0 = 1e-6 if d0 < 1e-5 or d1 < 1e-5 else 0.01 * d0 / d1
    k2 = velocity(x + h0 * k[0], y + h0 * k[1])
    d2 = math.hypot((k2[0] - k[0]) / sx, (k2[1] - k[1]) / sy) / math.sqrt(2) / h0
    big = max(d1, d2)
    h1 = max(1e-6, h0 * 1e-3) if big <= 1e-15 else (0.01 / big) ** 0.2
    return min(100 * h0, h1) if math.isfinite(h1) else h0


def gradient_flow(objective, start, times, *, rtol: float = RTOL, atol: float = ATOL,
                  max_steps: int = MAX_STEPS) -> Flow:
    """The gradient flow of ``objective`` from ``start (x0, y0)`` at ``times`` (ascending,
    >= 0; e.g. :func:`flow_times`), solved as the module docstring says. Never raises on a
    bad f: a flow that meets NaN or inf stops there (``message``)."""
    times = np.asarray(times, dtype=np.float64).reshape(-1)
    if times.size == 0 or not np.all(np.isfinite(times)) or times[0] < 0 \
            or np.any(np.diff(times) < 0):
        raise ValueError("times must be finite, >= 0 and ascending, at least one")
    velocity = _field(objective)
    x, y = float(start[0]), float(start[1])
    out = np.full((times.size, 2), math.nan)
    errors = np.full(times.size, math.nan)
    path, path_times = [(x, y)], [0.0]
    end = float(times[-1])
    with np.errstate(all="ignore"):
        k = velocity(x, y)
        state = _Solver(velocity, _hessian(objective), x, y, k, rtol, atol)
        message = state.run(times, end, out, errors, path, path_times, max_steps)
    for array in (out, errors):
        array.flags.writeable = False
    path_array = np.array(path, dtype=np.float64).reshape(-1, 2)
    path_times_array = np.array(path_times, dtype=np.float64)
    for array in (path_array, path_times_array):
        array.flags.writeable = False
    return Flow(times, out, errors, path_array, path_times_array, state.t, not message,
                message, state.steps, state.rejected, state.evaluations, state.settled_at)


class _Solver:
    """The integration's running state: time t, point (x, y), the velocity k there, the next
    step h, the summed error estimate and the counts."""

    def __init__(self, velocity, hessian, x, y, k, rtol, atol):
        self.velocity, self.hessian, self.rtol, self.atol = velocity, hessian, rtol, atol
        self.t, self.x, self.y, self.k = 0.0, x, y, k
        self.error, self.steps, self.rejected, self.evaluations = 0.0, 0, 0, 1
        self.h, self.previous, self.settled_at = None, None, None

    def tolerance(self):
        """The error allowed per coordinate at the current point (the larger of the two)."""
        return self.atol + self.rtol * max(abs(self.x), abs(self.y))

    def run(self, times, end, out, errors, path, path_times, max_steps):
        """Solve to ``end``, filling ``out`` and ``errors`` at ``times``; the message ("" when
        complete)."""
        i = 0   # the next sample to fill
        while True:
            while i < times.size and times[i] <= self.t:   # samples at the current time
                out[i], errors[i] = (self.x, self.y), self.error
                i += 1
            if i == times.size:
                return ""
            if not (math.isfinite(self.k[0]) and math.isfinite(self.k[1])):
                return f"the gradient is not finite at t = {self.t:.4g}: the flow stops there"
            if max(abs(self.x), abs(self.y)) > FAR:
                return f"the flow left for infinity (f unbounded below) by t = {self.t:.4g}"
            if self.steps % SETTLE_EVERY == 0 and _settled(
                    self.hessian, self.x, self.y, self.k, SETTLE * self.tolerance()):
                out[i:], errors[i:] = (self.x, self.y), self.error + SETTLE * self.tolerance()
                self.settled_at, self.t = self.t, end
                return ""
            if self.steps + self.rejected >= max_steps:
                return (f"stopped at t = {self.t:.4g} of {end:.4g}: {max_steps:,} solver steps "
                        "(f is stiff here: an explicit solver must take tiny steps)")
            if self.h is None:
                self.h = _initial_step(self.velocity, self.x, self.y, self.k, self.rtol,
                                       self.atol)
                self.evaluations += 1
            if not self.step(end):
                return (f"stopped at t = {self.t:.4g}: the step size fell below rounding "
                        f"(|grad f| = {math.hypot(*self.k):.3g} at ({self.x:.4g}, "
                        f"{self.y:.4g}): the flow speeds up without bound)")
            i = self.dense(times, i, out, errors)
            path.append((self.x, self.y))
            path_times.append(self.t)

    def step(self, end):
        """Try steps until one is accepted (True) or the step size underflows (False)."""
        while True:
            h = min(self.h, end - self.t)
            if h <= 1e-14 * max(1.0, abs(self.t)):
                return False
            ks, (nx, ny) = self.stages(h)
            ex = h * sum(e * kk[0] for e, kk in zip(E, ks))
            ey = h * sum(e * kk[1] for e, kk in zip(E, ks))
            sx = self.atol + self.rtol * max(abs(self.x), abs(nx))
            sy = self.atol + self.rtol * max(abs(self.y), abs(ny))
            norm = math.hypot(ex / sx, ey / sy) / math.sqrt(2)
            if norm <= 1.0:   # NaN fails: a smaller step is tried
                factor = 10.0 if norm == 0 else min(10.0, 0.9 * norm ** -0.2)
                self.steps += 1
                self.previous = (self.t, self.x, self.y, h, ks)
                self.t, self.x, self.y, self.k = self.t + h, nx, ny, ks[6]
                self.error += math.hypot(ex, ey)
                self.h = h * factor
                return True
            self.rejected += 1
            self.h = h * (max(0.2, 0.9 * norm ** -0.2) if math.isfinite(norm) else 0.2)

    def stages(self, h):
        """The 7 velocities of a step of length h and the 5th-order new point."""
        ks = [self.k]
        for row in A[1:]:
            x = self.x + h * sum(a * kk[0] for a, kk in zip(row, ks))
            y = self.y + h * sum(a * kk[1] for a, kk in zip(row, ks))
            ks.append(self.velocity(x, y))
        nx = self.x + h * sum(b * kk[0] for b, kk in zip(B, ks))
        ny = self.y + h * sum(b * kk[1] for b, kk in zip(B, ks))
        ks.append(self.velocity(nx, ny))
        self.evaluations += 6
        return ks, (nx, ny)

    def dense(self, times, i, out, errors):
        """Fill the samples inside the step just taken from the quartic dense output
        ``x(t0 + s h) = x0 + h sum_i k_i sum_j P[i][j] s^(j+1)``; the next sample to fill."""
        j = int(np.searchsorted(times, self.t, side="left"))
        if j <= i:
            return i
        t0, x0, y0, h, ks = self.previous
        s = (times[i:j] - t0) / h
        weights = np.column_stack([s, s * s, s ** 3, s ** 4]) @ _P_T    # (n, 7)
        out[i:j] = (x0, y0) + h * (weights @ np.array(ks))
        errors[i:j] = self.error
        return j


_P_T = np.array(P).T
