"""The result of :func:`gradviz.engine.trajectory.run`: :class:`Trajectory`.

Kept apart from the runner so the result's shape contract (and its small queries:
``converged_at``, ``state_at``, ``derived_at``) reads on its own; ``trajectory`` re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from gradviz.engine.optimizers import Optimizer


@dataclass(frozen=True, eq=False)
class Trajectory:
    """The result of :func:`run`. Arrays are float64 and read-only.

    Shapes for one start (``start=(x0, y0)``); a batch of ``n`` starts adds an axis of
    length ``n`` after the step axis (``points (steps+1, n, 2)``, ``values (steps+1, n)``):

    - ``points (steps+1, 2)``: ``points[0]`` is the start, ``points[k+1] = points[k] + updates[k]``.
    - ``values (steps+1,)``: f at each point; ``grads (steps+1, 2)``: grad f at each point;
      ``grad_norms (steps+1,)``: its Euclidean length.
    - ``updates (steps, 2)``: the step applied from point k to point k+1 (0 once diverged).
    - ``states``: the optimizer's state NamedTuple with a leading step axis: arrays
      ``(steps+1, 2)`` and ``count (steps+1,)`` (the batch's update counter); Newton's and the
      line search's fields are one number a start ``(steps+1,)`` or more (the line search's
      ``trial_points (steps+1, max_trials, 2)``), see :meth:`trials_at` and :meth:`notes`.
    - ``diverged_at``: the first step whose point or value is not finite: int or None for one
      start, an int array with -1 for "never" for a batch. From that step a start stops
      moving: its later records repeat the record at that step.
    - ``final_points``, ``final_values``, ``final_grad_norms``: the last step, in every mode.
    - ``schedule``: ``(name, params)`` or None; ``lrs (steps,)``: the lr of each update
      (``lrs[k]`` moved point k to k+1; ``hyper["lr"]`` is the base lr), None without a schedule.
    - ``noise``: ``(std, seed)`` or None. ``grads`` are always the TRUE gradients at the points;
      the optimizer saw ``grads[k] + noise_added[k]``, with ``noise_added (steps, 2)`` (batch
      ``(steps, n, 2)``) kept with record="all" and None otherwise.
    - ``minibatch``: ``(batch_size, seed)`` or None. With mini-batches the optimizer saw the
      batch's gradient (plus any noise): ``noise_added`` is then that minus the true gradient
      (so ``grads[k] + noise_added[k]`` is what it saw, up to rounding).

    What is kept depends on ``record`` (bytes per start per step, float64):
    ``"all"`` everything above (about 64 + 16 per state array: 112 for Adam);
    ``"path"`` points, values and grad_norms only (32; 1,000 steps x 100,000 starts = 3.2 GB);
    ``"final"`` only the ``final_*`` arrays and ``diverged_at`` (no per-step memory).
    Fields not kept are None.
    """

    optimizer: str
    hyper: dict
    steps: int
    record: str
    batch: bool
    diverged_at: Any
    final_points: np.ndarray
    final_values: np.ndarray
    final_grad_norms: np.ndarray
    points: np.ndarray | None = None
    values: np.ndarray | None = None
    grads: np.ndarray | None = None
    grad_norms: np.ndarray | None = None
    updates: np.ndarray | None = None
    states: NamedTuple | None = None
    spec: Optimizer | None = field(default=None, repr=False)
    schedule: tuple | None = None
    lrs: np.ndarray | None = None
    noise: tuple | None = None
    noise_added: np.ndarray | None = None
    minibatch: tuple | None = None

    def converged_at(self, tol: float = 1e-6, step_tol: float | None = None):
        """The first step k with ``|grad f(p_k)| <= tol`` and ``|p_{k+1} - p_k| <= step_tol``
        (default ``tol``), k < steps and before any divergence; None (or -1 in a batch) if none.

        Needs record="all" or "path".
        """
        if self.points is None:
            raise ValueError('converged_at needs record="all" or "path"')
        step_tol = tol if step_tol is None else step_tol
        with np.errstate(all="ignore"):
            jumps = np.diff(self.points, axis=0)
            moved = _norms(jumps.reshape(-1, 2)).reshape(jumps.shape[:-1])
            done = (self.grad_norms[:-1] <= tol) & (moved <= step_tol)
        first = np.where(done.any(axis=0), done.argmax(axis=0), -1)
        diverged = np.asarray(self.diverged_at if self.batch else
                              (-1 if self.diverged_at is None else self.diverged_at))
        first = np.where((diverged >= 0) & (first >= diverged), -1, first)
        if self.batch:
            return first
        return None if first < 0 else int(first)

    def state_at(self, k: int) -> NamedTuple:
        """The optimizer state after k updates (arrays ``(2,)`` or ``(n, 2)``); record="all"."""
        if self.states is None:
            raise ValueError('state_at needs record="all"')
        s = self.states
        return type(s)(*(int(v[k]) if name == "count" else v[k] for name, v in zip(s._fields, s)))

    def note_at(self, k: int) -> str:
        """What the update leaving point k did that a reader should be told (Newton's method:
        "Hessian not positive definite (eigenvalues ...): took |λ| ..."; the line search: "no
        sufficient decrease in 30 trials: ..."), "" when nothing (or at the last step, or for
        an optimizer without notes). One start, record="all"."""
        if k >= self.steps:
            return ""
        hyper = self.hyper if self.lrs is None else {**self.hyper, "lr": float(self.lrs[k])}
        return self.spec.note(self.state_at(k + 1), hyper)

    def notes(self) -> tuple:
        """``((k, text), ...)``: every update with a note (see :meth:`note_at`), in order, up
        to a divergence. One start, record="all"."""
        if self.spec.look is None or self.states is None:
            return ()
        last = self.steps if self.diverged_at is None else self.diverged_at
        found = ((k, self.note_at(k)) for k in range(last))
        return tuple((k, text) for k, text in found if text)

    def trials_at(self, k: int):
        """The line search's trials of the update leaving point k: ``(points (j, 2), values
        (j,), accepted)``, every trial point ``p_k - t g`` in order and f there; when
        ``accepted`` the last one passed the Armijo test and is ``points[k + 1]``, so the
        rejected ones are all but the last, else all were rejected. Empty at the last step.
        One start of "gd_armijo", record="all"."""
        if not 0 <= k < self.steps:
            return np.empty((0, 2)), np.empty(0), False
        state = self.state_at(k + 1)
        j = int(state.trials)
        return state.trial_points[:j], state.trial_values[:j], bool(state.accepted)

    def derived_at(self, k: int) -> dict:
        """The optimizer's inspector values (``Optimizer.derived``) at step k; record="all".

        With a schedule they use the lr of update k, the one that produced this state."""
        hyper = self.hyper
        if self.lrs is not None and k >= 1:
            hyper = {**hyper, "lr": float(self.lrs[k - 1])}
        with np.errstate(all="ignore"):
            return self.spec.derived(self.state_at(k), hyper)


def _norms(grads, out=None):
    """``|grad| (m,)`` of ``grads (m, 2)``: sqrt(gx^2 + gy^2), with np.hypot only where the
    squares under- or overflow (hypot costs ~25 ns a point here, ten times the plain way)."""
    gx, gy = grads[:, 0], grads[:, 1]
    s = np.multiply(gx, gx, out=out)
    s += gy * gy
    np.sqrt(s, out=s)
    fix = ~(s >= 1e-150) | (s == np.inf)  # also NaN; an exact 0 is recomputed as 0
    if fix.any():
        s[fix] = np.hypot(gx[fix], gy[fix])
    return s
