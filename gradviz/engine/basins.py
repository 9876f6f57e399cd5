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

Two runs, no recorded paths: the first runs every start to its final point
(``record="final"``), which gives the labels; the second runs the starts that arrived again
and follows each one's distance to its minimum step by step (:func:`trajectory.run_observed`),
keeping only the last step it was farther than ``tol``. Memory is a few arrays of the starts,
whatever the number of steps. Both runs take the batch fast path (two threads) where it
applies.

``progress(fraction)`` is called with 0.0, after every block of starts (monotone, the last call
1.0); if it returns False the computation stops and None is returned. ``cancel()`` (optional)
is asked every ``CHECK_EVERY`` steps inside a block: True stops within milliseconds.
:func:`refine_basins` yields a coarse map first and finer ones after it, for a view that
redraws while a learning rate is dragged.
"""

from __future__ import annotations

from typing import Callable, Iterator, NamedTuple

import numpy as np

from gradviz.engine import trajectory

DIVERGED = -1
NOT_ARRIVED = -2
MAX_RESOLUTION = 200
TOL_FRACTION = 0.01
GRAD_TOL = 1e-3
BLOCK = 16384
"""Starts run together between two progress reports (rows of the grid, at least one)."""
CHECK_EVERY = 16
"""Steps between two questions to ``cancel()``."""
LEVELS = ((50, 50), (200, 200))
"""The resolutions :func:`refine_basins` computes by default, coarse first: 50 x 50 x 1,000
steps of Adam on Himmelblau took 0.1 s, 200 x 200 1 s (two cores, see the README)."""


REFUSED = {"gd_armijo": "GD + line search evaluates f at up to 30 trial points per start and "
                        "step: a basin map would take minutes (200x200 on Himmelblau: 35 s of "
                        "CPU). Choose another optimizer for this panel"}
"""Optimizers :func:`compute_basins` refuses (ValueError), with the reason."""


class _Cancelled(Exception):
    """Raised inside a run when ``cancel()`` says so."""


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
                   cancel: Callable[[], bool] | None = None, block: int = BLOCK) -> Basins | None:
    """Run ``optimizer`` (with ``hyper``) for ``steps`` steps from every start of an
    ``nx`` x ``ny`` grid (``resolution = (nx, ny)``) over ``domain = ((x0, x1), (y0, y1))``.

    ``known``: minima with ``.x .y .f`` (and optionally ``.smooth``), e.g. a preset's
    CriticalPoints. ``tol``: distance tolerance (default 1 % of the domain's shorter side).
    ``progress(fraction)`` is called with 0.0, then after every ``block`` starts of each of the
    two runs (monotone, the last call is 1.0); if it returns False the run stops and None is
    returned, as it does when ``cancel()`` returns True (asked every few steps).
    """
    if optimizer in REFUSED:
        raise ValueError(REFUSED[optimizer])
    nx, ny = (int(v) for v in resolution)
    if not (1 <= nx <= MAX_RESOLUTION and 1 <= ny <= MAX_RESOLUTION):
        raise ValueError(f"resolution must be 1..{MAX_RESOLUTION} per axis, got {nx} x {ny}")
    (x0, x1), (y0, y1) = domain
    tol = TOL_FRACTION * min(x1 - x0, y1 - y0) if tol is None else float(tol)
    hyper = dict(hyper or {})
    xs, ys = grid_centres(x0, x1, nx), grid_centres(y0, y1, ny)
    gx, gy = np.meshgrid(xs, ys)
    starts = np.column_stack([gx.ravel(), gy.ravel()])
    runner = _Runner(objective, optimizer, steps, hyper, progress, cancel, block)
    try:
        runner.report(0.0)
        final = runner.finals(starts)
        cl = _Classifier(objective, known, tol, grad_tol)
        labels = cl.classify(final)
        arrival = np.full(len(starts), -1)
        ok = np.flatnonzero(labels >= 0)
        if len(ok):
            targets = cl.points()[labels[ok]]
            arrival[ok] = runner.arrival(starts[ok], targets, tol)
        runner.report(1.0)
    except _Cancelled:
        return None
    labels, minima = cl.renumber(labels.reshape(ny, nx))
    counts = {k: int(np.count_nonzero(labels == k)) for k in range(len(minima))}
    counts[DIVERGED] = int(np.count_nonzero(labels == DIVERGED))
    counts[NOT_ARRIVED] = int(np.count_nonzero(labels == NOT_ARRIVED))
    return Basins(xs, ys, labels, minima, arrival.reshape(ny, nx), counts, tol, grad_tol,
                  optimizer, hyper, steps)


def refine_basins(objective, optimizer: str, domain, steps: int, levels=LEVELS, *,
                  cancel: Callable[[], bool] | None = None, **options) -> Iterator[Basins]:
    """:func:`compute_basins` at each resolution of ``levels`` in turn, coarse first: a
    generator of Basins, one per level, so a view can show a coarse map at once and the finer
    ones as they come. It ends early, yielding nothing more, once ``cancel()`` returns True (or
    ``progress`` False: ``progress`` sees each level's fraction); ``options`` are
    compute_basins' (hyper, known, tol, grad_tol, progress, block). Closing the generator
    between maps stops it too."""
    for resolution in levels:
        result = compute_basins(objective, optimizer, domain, steps, resolution, cancel=cancel,
                                **options)
        if result is None:
            return
        yield result


class _Finals(NamedTuple):
    """What the classifier reads of a run: final points (n, 2), |grad f| (n,), diverged (n,)."""

    final_points: np.ndarray
    final_grad_norms: np.ndarray
    diverged_at: np.ndarray


class _Runner:
    """The two runs of compute_basins, in blocks of starts, reporting progress (the first run
    0 to 0.5, the second 0.5 to 1) and stopping when asked."""

    def __init__(self, objective, optimizer, steps, hyper, progress, cancel, block):
        self.objective, self.optimizer, self.steps, self.hyper = objective, optimizer, steps, hyper
        self.progress, self.cancel, self.block = progress, cancel, max(1, int(block))
        self.reported = None

    def report(self, fraction):
        if fraction == self.reported:
            return
        self.reported = fraction
        if self.progress is not None and self.progress(fraction) is False:
            raise _Cancelled

    def _check(self, part, k, points):
        if k % CHECK_EVERY == 0 and self.cancel is not None and self.cancel():
            raise _Cancelled

    def _blocks(self, n, offset):
        for lo in range(0, n, self.block):
            hi = min(n, lo + self.block)
            yield slice(lo, hi)
            self.report(offset + 0.5 * hi / n)

    def finals(self, starts):
        n = len(starts)
        points, norms, diverged = np.empty((n, 2)), np.empty(n), np.empty(n, dtype=int)
        for part in self._blocks(n, 0.0):
            traj = trajectory.run_observed(self.objective, self.optimizer, starts[part],
                                           self.steps, self._check, **self.hyper)
            points[part], norms[part] = traj.final_points, traj.final_grad_norms
            diverged[part] = traj.diverged_at
        return _Finals(points, norms, diverged)

    def arrival(self, starts, targets, tol):
        """The arrival step of each start (see the module doc) at ``targets (n, 2)``."""
        n = len(starts)
        last = np.full(n, -1)   # the last step outside the ball, -1 for never
        for part in self._blocks(n, 0.5):
            watch = _Distance(targets[part], tol, last[part], self._check)
            trajectory.run_observed(self.objective, self.optimizer, starts[part], self.steps,
                                    watch, **self.hyper)
        first = last + 1
        return np.where(first <= self.steps, first, -1)


class _Distance:
    """``observe`` for run_observed: where a start's point is farther than ``tol`` from its
    target (``~(hypot(dx, dy) <= tol)``, NaN counting as farther), writes the step into
    ``last``. The squared distance settles all but the points within rounding of ``tol``,
    which np.hypot decides (ten times the cost a point)."""

    def __init__(self, targets, tol, last, check):
        self.tx, self.ty = targets[:, 0].copy(), targets[:, 1].copy()
        self.tol, self.last, self.check = tol, last, check
        self.inside = tol * tol * (1 - 1e-12)    # hypot and sqrt(dx^2 + dy^2) differ by ulps
        self.outside = tol * tol * (1 + 1e-12)

    def __call__(self, part, k, points):
        self.check(part, k, points)
        dx = points[:, 0] - self.tx[part]
        dy = points[:, 1] - self.ty[part]
        s = dx * dx
        s += dy * dy
        far = s > self.outside
        unsure = ~far
        unsure &= ~(s < self.inside)     # NaN lands here
        if unsure.any():
            i = np.flatnonzero(unsure)
            far[i] = ~(np.hypot(dx[i], dy[i]) <= self.tol)
        np.copyto(self.last[part], k, where=far)


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
