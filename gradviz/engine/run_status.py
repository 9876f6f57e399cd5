"""What a run is doing at step k, in plain words: paused, running, converged at step k,
diverging since step k, diverged at step k, or still moving at the last step.

A trajectory is computed whole before it is shown, so these are facts about the whole run
told at the step where a person watching would see them:

- **converged at step s**: from s on the point stays within ``SETTLE_FRACTION`` of the domain's
  diagonal of where it ends (a pixel or two on a screen) for at least ``settle_steps``
  steps and the minimum it heads for is as close (|g| over the curvature the last steps met),
  or the strict test of ``Trajectory.converged_at`` (tiny gradient and tiny step) holds.
  Adam resting at a minimum, its steps a few 1e-4 long, has converged; gradient descent
  stalled in a ravine (house prices unscaled), moving less than that in 900 steps, has not.
- **diverging since step j**: the run ends in inf/NaN or far outside the domain (more than
  ``FAR`` domain sizes beyond its edge) and j is where that began: the first of
  ``GROWTH_STREAK`` steps in a row in which the step and f both grew, or the step from which
  the point stays far outside. Told from the step where the streak is complete, before inf.
- **leaving the view since step j**: the same, but f falls on the way out (a function
  unbounded below, as x² − y² past its saddle): the optimizer works, the landscape has no floor.
- **diverged at step d**: the point or f is inf or NaN from step d on.

Pure: numpy only.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

SETTLE_FRACTION = 2e-3
SETTLE_STEPS = 10
GROWTH_STREAK = 4
FAR = 1.0

KINDS = ("paused", "running", "converged", "diverging", "leaving", "diverged", "finished")


class Status(NamedTuple):
    """``kind`` (one of :data:`KINDS`), ``text`` ("converged at step 12"), ``short`` (a word or
    two: "converged")."""

    kind: str
    text: str
    short: str


def _box(domain):
    (x0, x1), (y0, y1) = domain
    return float(min(x0, x1)), float(max(x0, x1)), float(min(y0, y1)), float(max(y0, y1))


def far_outside(points: np.ndarray, domain, far: float = FAR) -> np.ndarray:
    """(n,) bool: the points (n, 2) lie more than ``far`` domain widths (heights) beyond the
    domain's edge, or are not finite."""
    x0, x1, y0, y1 = _box(domain)
    w, h = x1 - x0, y1 - y0
    with np.errstate(invalid="ignore"):
        inside = ((points[:, 0] >= x0 - far * w) & (points[:, 0] <= x1 + far * w)
                  & (points[:, 1] >= y0 - far * h) & (points[:, 1] <= y1 + far * h))
    return ~inside


def settled_at(points: np.ndarray, domain, settle_steps: int = SETTLE_STEPS, grads=None):
    """The first step s from which every point (n, 2) stays within ``SETTLE_FRACTION`` of
    the domain's diagonal of the last point, if the run stays there for at least
    ``settle_steps`` steps (and a tenth of the run); else None.

    With ``grads`` (n, 2), the gradient at each point, a run must also have (almost) nowhere
    left to go: the distance to the minimum, |g| / curvature along the last steps (for a
    quadratic, exactly how far the minimum is along g), within the same tolerance. Gradient
    descent at a tiny rate in a ravine moves less than that tolerance in hundreds of steps
    yet is far from its minimum: it has stalled, not converged."""
    n = len(points)
    if n < 2 or not np.isfinite(points[-1]).all():
        return None
    x0, x1, y0, y1 = _box(domain)
    tol = SETTLE_FRACTION * float(np.hypot(x1 - x0, y1 - y0))
    with np.errstate(invalid="ignore"):
        away = ~(np.hypot(*(points - points[-1]).T) <= tol)
    s = int(np.flatnonzero(away)[-1]) + 1 if away.any() else 0
    needed = max(settle_steps, (n - 1) // 10)
    if (n - 1) - s < needed:
        return None
    if grads is not None and remaining_distance(points[s:], grads[s:]) > tol:
        return None
    return s


def settled_of(trajectory, domain):
    """``settled_at`` of a single-start trajectory (None if it diverged)."""
    if trajectory.diverged_at is not None:
        return None
    return settled_at(trajectory.points, domain, grads=trajectory.grads)


def arrived_at(converged_at, settled):
    """The step a run's status says "converged at": the earlier of the strict test
    (``Trajectory.converged_at``: tiny gradient and tiny step) and ``settled``; None if
    neither holds. The timeline's convergence mark is at this step too."""
    return min((s for s in (converged_at, settled) if s is not None), default=None)


def remaining_distance(points: np.ndarray, grads: np.ndarray) -> float:
    """How far the minimum still is from the last point: |g| / k, k the curvature the last
    steps met (the median of |Δg| / |Δp| over them). 0 where the gradient is 0; inf where
    the steps met no curvature but the gradient is not 0 (a slope, not a minimum)."""
    g = float(np.hypot(*grads[-1]))
    if g == 0:
        return 0.0
    with np.errstate(all="ignore"):
        moved = np.hypot(*np.diff(points, axis=0).T)
        changed = np.hypot(*np.diff(grads, axis=0).T)
        ratio = (changed / moved)[(moved > 0) & np.isfinite(changed / moved)]
    k = float(np.median(ratio)) if len(ratio) else 0.0
    return g / k if k > 0 else float("inf")


def diverging_since(points: np.ndarray, values: np.ndarray, domain, diverged_at=None,
                    streak: int = GROWTH_STREAK):
    """The step where a run that ends diverged (``diverged_at``) or far outside the domain
    began to diverge, or None for a run that does not. See the module's docstring."""
    end = len(points) - 1 if diverged_at is None else int(diverged_at)
    finite = points[: end + 1]
    far = far_outside(finite, domain)
    if diverged_at is None and not (len(far) and far[-1]):
        return None
    starts = []
    # the point stays far outside from the step after the last one that was not
    near = np.flatnonzero(~far)
    starts.append(int(near[-1]) + 1 if len(near) else 0)
    with np.errstate(all="ignore"):
        steps = np.hypot(*np.diff(finite, axis=0).T)
        grows = (np.diff(steps) > 0) & (np.diff(values[: end + 1])[1:] > 0)
    if len(grows) >= streak:
        runs = np.convolve(grows.astype(int), np.ones(streak, dtype=int), "valid")
        full = np.flatnonzero(runs == streak)
        if len(full):
            starts.append(int(full[0]) + 1)    # grows[i]: step i+1 longer than step i
    return min(min(starts), end)


def falls_away(values: np.ndarray, diverged_at=None) -> bool:
    """f ends lower than it started (a run leaving an unbounded-below landscape downhill),
    rather than higher (a learning rate too large)."""
    end = len(values) - 1 if diverged_at is None else int(diverged_at) - 1
    return end > 0 and bool(values[end] < values[0])


def status_at(k: int, steps: int, *, playing: bool = False, converged_at=None,
              diverging_at=None, diverged_at=None, leaving: bool = False,
              streak: int = GROWTH_STREAK) -> Status:
    """The Status shown at step ``k`` of a run of ``steps`` steps (see the module);
    ``leaving``: the run diverges downhill (:func:`falls_away`)."""
    if diverged_at is not None and k >= diverged_at:
        return Status("diverged", f"diverged at step {diverged_at}", "diverged")
    if diverging_at is not None and k >= min(diverging_at + streak, diverged_at or steps,
                                             steps):
        if leaving:
            return Status("leaving", f"leaving the view since step {diverging_at}", "leaving")
        return Status("diverging", f"diverging since step {diverging_at}", "diverging")
    if converged_at is not None and k >= converged_at:
        return Status("converged", f"converged at step {converged_at}", "converged")
    if k >= steps:
        return Status("finished", f"still moving at step {steps}", "still moving")
    if playing:
        return Status("running", "running", "running")
    return Status("paused", "paused", "paused")


NOTED_KINDS = ("paused", "running")
"""The kinds an update's note replaces the words of (a converged or diverged run says that)."""


def with_note(status: Status, note: str) -> Status:
    """``status`` telling ``note`` (what the update that led to the step did in place of its
    plain step, ``Trajectory.note_at``: "Hessian not positive definite (eigenvalues -2, 4):
    took |λ| ...") while the run is paused or running: its head, up to the first " (" or ":"
    ("Hessian not positive definite"), as both text and short form."""
    if not note or status.kind not in NOTED_KINDS:
        return status
    head = note.split(" (")[0].split(":")[0].strip()
    return Status(status.kind, head, head)
