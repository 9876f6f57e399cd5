"""Basins of attraction: which minimum an optimizer reaches from each start of a grid.

:func:`compute_basins` runs an optimizer from ``nx * ny`` start points (the centres of the
cells of an ``nx`` x ``ny`` grid over the domain, up to 200 x 200) for a fixed number of steps
and classifies every start by where it ended:

- **a minimum** (label 0, 1, ...): the final |grad f| is at most ``grad_tol`` and the final
  point lies within ``tol`` of that minimum, where ``tol = TOL_FRACTION`` (1 %) of the domain's
  shorter side. The minima are the ``known`` ones first (a preset's list, in its order;
  a known minimum where f has a kink, ``smooth=False``, needs no gradient test, since the
  gradient is undefined there), then the ones *found*: converged final points farther than
  ``tol`` from every minimum so far are rounded to cells of size ``tol``; per cell, the point
  with the smallest |grad f| is the candidate; a candidate within ``tol`` of a minimum already
  found joins it; otherwise it is a new minimum if no point of a ring of 8 at distance ``tol``
  around it has a lower f (a saddle, where |grad f| is 0 too, is rejected: its starts "did not
  arrive"). Found minima are numbered after the known ones, by increasing f
  (rounded to 9 decimals), then x, then y.
- ``DIVERGED`` (-1): a point or a value became inf or NaN.
- ``NOT_ARRIVED`` (-2): finite, but the final |grad f| is above ``grad_tol`` or the final point
  is farther than ``tol`` from every minimum.

``steps[i, j]`` is the arrival step of start (i, j): the first step k from which every point
p_k, ..., p_steps lies within ``tol`` of its minimum (so an overshoot that leaves the ball
again does not count), -1 where the start has no minimum.

Memory stays bounded: rows of starts are run together, recording their paths
(``record="path"``, 32 bytes a start a step) for at most about ``CHUNK_BYTES`` at a time; the
paths of a chunk are dropped once its labels and steps are known. Between chunks the
``progress(fraction)`` callback is called; returning False cancels (the result is None).
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from gradviz.engine import trajectory

DIVERGED = -1
NOT_ARRIVED = -2
MAX_RESOLUTION = 200
TOL_FRACTION = 0.01
GRAD_TOL = 1e-3
CHUNK_BYTES = 64 * 1024**2
"""Recorded path bytes per chunk (32 a start a step). Measured on 2 shared cores, 200 x 200
starts x 1,000 steps on Himmelblau: see the README's basins section for the times."""


class Minimum(NamedTuple):
    x: float
    y: float
    f: float
    known: bool  # from the preset's list (True) or found by clustering final points (False)


class Basins(NamedTuple):
    """The result of :func:`compute_basins`.

    xs (nx,), ys (ny,): the start coordinates (cell centres); start (i, j) is (xs[j], ys[i]).
    labels (ny, nx) int: index into ``minima``, or DIVERGED (-1), NOT_ARRIVED (-2).
    minima: tuple of Minimum. steps (ny, nx) int: arrival step, -1 where never.
    counts: dict label -> number of starts, for every minimum and both special labels.
    tol, grad_tol: the tolerances used. optimizer, hyper, n_steps: what was run.
    """

    xs: np.ndarray
    ys: np.ndarray
    labels: np.ndarray
    minima: tuple
    steps: np.ndarray
    counts: dict
    tol: float
    grad_tol: float
    optimizer: str
    hyper: dict
    n_steps: int


def grid_centres(lo: float, hi: float, n: int) -> np.ndarray:
    """``n`` cell centres ``lo + (hi - lo) (2i + 1) / (2n)``; an odd ``n`` on a symmetric range
    hits 0 exactly."""
    return lo + (hi - lo) * (2 * np.arange(n) + 1) / (2 * n)


def compute_basins(objective, optimizer: str, domain, steps: int, resolution=(100, 100), *,
                   hyper=None, known=(), tol=None, grad_tol=GRAD_TOL,
                   progress: Callable[[float], bool] | None = None,
                   chunk_bytes: int = CHUNK_BYTES) -> Basins | None:
    """Run ``optimizer`` (with ``hyper``) for ``steps`` steps from every start of an
    ``nx`` x ``ny`` grid (``resolution = (nx, ny)``) over ``domain = ((x0, x1), (y0, y1))``.

    ``known``: minima with ``.x .y .f`` (and optionally ``.smooth``), e.g. a preset's
    CriticalPoints. ``tol``: distance tolerance (default 1 % of the domain's shorter side).
    ``progress(fraction)`` is called with 0.0, then after every chunk of rows (monotone, the
    last call is 1.0); if it returns False the run stops and None is returned.
    """
    nx, ny = (int(v) for v in resolution)
    if not (1 <= nx <= MAX_RESOLUTION and 1 <= ny <= MAX_RESOLUTION):
        raise ValueError(f"resolution must be 1..{MAX_RESOLUTION} per axis, got {nx} x {ny}")
    (x0, x1), (y0, y1) = domain
    tol = TOL_FRACTION * min(x1 - x0, y1 - y0) if tol is None else float(tol)
    hyper = dict(hyper or {})
    xs, ys = grid_centres(x0, x1, nx), grid_centres(y0, y1, ny)
    labels = np.full((ny, nx), NOT_ARRIVED)
    arrival = np.full((ny, nx), -1)
    cl = _Classifier(objective, known, tol, grad_tol)
    rows = max(1, int(chunk_bytes // (32 * (steps + 1) * nx)))
    if progress is not None and progress(0.0) is False:
        return None
    for r0 in range(0, ny, rows):
        r1 = min(ny, r0 + rows)
        gx, gy = np.meshgrid(xs, ys[r0:r1])
        starts = np.column_stack([gx.ravel(), gy.ravel()])
        traj = trajectory.run(objective, optimizer, starts, steps, record="path", **hyper)
        lab = cl.classify(traj)
        labels[r0:r1] = lab.reshape(r1 - r0, nx)
        arrival[r0:r1] = _arrival(traj.points, lab, cl.points(), tol).reshape(r1 - r0, nx)
        del traj  # the chunk's paths: the only large memory
        if progress is not None and progress(r1 / ny) is False:
            return None
    labels, minima = cl.renumber(labels)
    counts = {k: int(np.count_nonzero(labels == k)) for k in range(len(minima))}
    counts[DIVERGED] = int(np.count_nonzero(labels == DIVERGED))
    counts[NOT_ARRIVED] = int(np.count_nonzero(labels == NOT_ARRIVED))
    return Basins(xs, ys, labels, minima, arrival, counts, tol, grad_tol,
                  optimizer, hyper, steps)


def _arrival(points, labels, minima_xy, tol):
    """First step from which every later point is within ``tol`` of the start's minimum.

    points (steps+1, m, 2), labels (m,), minima_xy (M, 2). Returns (m,) int, -1 if no minimum.
    """
    out = np.full(len(labels), -1)
    ok = labels >= 0
    if not ok.any():
        return out
    target = minima_xy[labels[ok]]  # (k, 2)
    with np.errstate(all="ignore"):
        d = np.hypot(points[:, ok, 0] - target[:, 0], points[:, ok, 1] - target[:, 1])
    outside = ~(d <= tol)  # (steps+1, k); NaN counts as outside
    last = len(points) - 1 - np.argmax(outside[::-1], axis=0)  # last step outside
    first = np.where(outside.any(axis=0), last + 1, 0)
    out[ok] = np.where(first <= len(points) - 1, first, -1)
    return out


class _Classifier:
    """Minima so far (known, then found in chunk order) and the rule of the module docstring."""

    def __init__(self, objective, known, tol, grad_tol):
        self.objective = objective
        self.tol, self.grad_tol = tol, grad_tol
        self.minima = [Minimum(float(m.x), float(m.y), float(m.f), True) for m in known]
        self.smooth = [bool(getattr(m, "smooth", True)) for m in known]
        self.rejected = np.empty((0, 2))  # converged points that are not minima (saddles)

    def points(self):
        return np.array([(m.x, m.y) for m in self.minima], dtype=float).reshape(-1, 2)

    def _nearest(self, pts):
        mins = self.points()
        if not len(mins):
            return np.full(len(pts), np.inf), np.zeros(len(pts), dtype=int)
        d = np.hypot(pts[:, None, 0] - mins[None, :, 0], pts[:, None, 1] - mins[None, :, 1])
        idx = d.argmin(axis=1)
        return d[np.arange(len(pts)), idx], idx

    def classify(self, traj):
        pts, gn = np.asarray(traj.final_points), np.asarray(traj.final_grad_norms)
        diverged = np.asarray(traj.diverged_at) >= 0
        with np.errstate(all="ignore"):
            converged = ~diverged & (gn <= self.grad_tol)
            new = converged & ~self._assigned(pts, converged, diverged)
            self._find(pts[new], gn[new])
            arrived = self._assigned(pts, converged, diverged)
        labels = np.full(len(pts), NOT_ARRIVED)
        labels[diverged] = DIVERGED
        if arrived.any():
            labels[arrived] = self._nearest(pts[arrived])[1]
        return labels

    def _assigned(self, pts, converged, diverged):
        d, idx = self._nearest(pts)
        kink = ~np.array(self.smooth + [True] * (len(self.minima) - len(self.smooth)), bool)
        loose = kink[idx] if len(self.minima) else np.zeros(len(pts), bool)
        return (d <= self.tol) & (converged | (loose & ~diverged))

    def _find(self, pts, gn):
        """Add new minima from converged, unassigned final points ``pts (k, 2)``."""
        if not len(pts):
            return
        keys = np.round(pts / self.tol).astype(np.int64)
        order = np.lexsort((gn, keys[:, 1], keys[:, 0]))  # per cell, smallest |grad f| first
        k = keys[order]
        first = np.ones(len(k), bool)
        first[1:] = np.any(k[1:] != k[:-1], axis=1)
        for p in pts[order][first]:
            if len(self.minima) and self._nearest(p[None])[0][0] <= self.tol:
                continue
            if len(self.rejected) and np.hypot(*(self.rejected - p).T).min() <= self.tol:
                continue
            if self._is_minimum(p):
                f = float(self._value(p[None])[0])
                self.minima.append(Minimum(float(p[0]), float(p[1]), f, False))
            else:
                self.rejected = np.vstack([self.rejected, p])

    def _is_minimum(self, p):
        angles = np.arange(8) * (np.pi / 4)
        ring = p + self.tol * np.column_stack([np.cos(angles), np.sin(angles)])
        with np.errstate(all="ignore"):
            f0 = self._value(p[None])[0]
            fr = self._value(ring)
        return bool(np.isfinite(f0) and np.all(fr >= f0))

    def _value(self, pts):
        f, _, _ = self.objective.value_and_gradient(pts[:, 0], pts[:, 1])
        return np.broadcast_to(np.asarray(f, float), (len(pts),))

    def renumber(self, labels):
        """Known minima keep their order; found ones follow by increasing f (then x, y)."""
        n_known = sum(m.known for m in self.minima)
        found = sorted(range(n_known, len(self.minima)),
                       key=lambda i: (round(self.minima[i].f, 9), self.minima[i].x,
                                      self.minima[i].y))  # round: equal minima by position
        order = list(range(n_known)) + found
        new_of_old = np.empty(len(order), dtype=int)
        new_of_old[order] = np.arange(len(order))
        out = labels.copy()
        hit = labels >= 0
        out[hit] = new_of_old[labels[hit]]
        minima = tuple(self.minima[i] for i in order)
        return out, minima
