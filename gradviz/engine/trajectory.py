"""Run an optimizer over an objective from one or many start points: :func:`run`.

A trajectory is a pure function of (objective, optimizer, hyperparameters, starts, steps),
so the GUI can recompute it whenever anything changes and animate by moving a cursor.
"""

from __future__ import annotations

import copy
import math
import operator

import numpy as np

from gradviz.engine import batch, single
from gradviz.engine.around import Around
from gradviz.engine.noise import resolve_noise, standard_noise
from gradviz.engine.objective import Objective
from gradviz.engine.optimizers import Optimizer, get_optimizer, resolve_hyper
from gradviz.engine.schedules import schedule_lrs
from gradviz.engine.trajectory_result import Trajectory, _norms

__all__ = ["RECORD_MODES", "Trajectory", "run", "run_observed"]

RECORD_MODES = ("all", "path", "final")
CHUNK = 16384
"""Starts run together. Measured (Adam on Rosenbrock, 100,000 starts, 2 shared cores): 3.0 ms
a step in blocks of 16k or 32k, 3.9 ms in one block (temporaries spill the cache and hit
fresh pages), 8.2 ms in blocks of 2k (per-call overhead dominates). The batch fast path
(:mod:`gradviz.engine.batch`) measured the same way: 16k to 33k alike, 8k 20% slower."""
FAST_SINGLE = True
"""One start runs on Python floats (:mod:`gradviz.engine.single`), ~10x faster and bit-identical;
False forces the general path (comparisons, benchmarks)."""
FAST_BATCH = True
"""Batches recorded "final" or "path" run on fixed buffers (:mod:`gradviz.engine.batch`),
bit-identical; False forces the general path (comparisons, benchmarks)."""
MAX_RECORD_BYTES = 2 * 1024**3
"""``run`` refuses a recording larger than this (ValueError): use record="final" instead."""


def _starts(start) -> tuple[np.ndarray, bool]:
    """Start points as a fresh float64 ``(n, 2)`` array, and whether a batch was given."""
    pts = np.array(start, dtype=float)
    if pts.shape == (2,):
        return pts.reshape(1, 2), False
    if pts.ndim == 2 and pts.shape[1] == 2:
        return pts, True
    raise ValueError(f"start must be a point (x0, y0) or an array of shape (n, 2), "
                     f"got shape {pts.shape}")


class _Recorder:
    """Preallocated per-step arrays for one record mode."""

    def __init__(self, record, steps, n, state):
        self.record = record
        rows = steps + 1 if record != "final" else 0
        self.points = np.empty((rows, n, 2))
        self.values = np.empty((rows, n))
        self.grad_norms = np.empty((rows, n))
        full = rows if record == "all" else 0
        self.grads = np.empty((full, n, 2))
        self.updates = np.empty((max(full - 1, 0), n, 2))
        # state is a template for one start: arrays (1, 2) and a scalar count
        self.states = [np.empty((full,) + ((n,) + np.shape(v)[1:] if np.ndim(v) else ()),
                                np.asarray(v).dtype) for v in state]
        self.seen = None   # (steps, n, 2): the gradients a mini-batch run's optimizer was given

    @staticmethod
    def bytes_needed(record, steps, n, state):
        state_floats = sum(np.size(v) for v in state if np.ndim(v) > 0)  # for one start
        per_start = {"final": 0, "path": 4, "all": 8 + state_floats}[record]
        return 8 * (steps + 1) * n * per_start

    def view(self, part):
        """A recorder writing into the starts ``part`` (a slice) of these arrays."""
        view = copy.copy(self)
        for name in ("points", "values", "grad_norms", "grads", "updates"):
            setattr(view, name, getattr(self, name)[:, part])
        view.states = [a[:, part] if a.ndim > 1 else a for a in self.states]
        view.seen = None if self.seen is None else self.seen[:, part]
        return view

    def point(self, k, pts, f, grads, state):
        if self.record == "final":
            return
        self.points[k] = pts
        self.values[k] = f
        if self.record == "path":
            _norms(grads, out=self.grad_norms[k])
        else:  # grads are kept: their norms are taken in one call at the end (finish)
            self.grads[k] = grads
            for store, value in zip(self.states, state):
                store[k] = value

    def finish(self):
        if self.record == "all":
            _norms(self.grads.reshape(-1, 2), out=self.grad_norms.reshape(-1))

    def update(self, k, step, dead):
        if self.record == "all":
            self.updates[k] = step
            self.updates[k, dead] = 0.0


def _freeze(dead, new, old):
    """Reset the rows ``dead`` of each per-start array of the state ``new`` to ``old``.

    Writes in place: every array here was made by ``run`` or returned fresh by ``update``
    (a field passed through unchanged is the old array itself and is skipped).
    """
    for n, o in zip(new, old):
        if np.ndim(n) >= 1 and n is not o:
            n[dead] = o[dead]
    return new


def _evaluate(objective, pts):
    """f (m,) and grad f (m, 2) at ``pts`` (m, 2). A compiled Objective writes the gradient
    straight into the columns of ``grads`` (``out``): two passes over the batch fewer."""
    grads = np.empty_like(pts)
    if isinstance(objective, Objective):
        f = np.empty(len(pts))
        objective.value_and_gradient(pts[:, 0], pts[:, 1], out=(f, grads[:, 0], grads[:, 1]))
        return f, grads
    f, gx, gy = objective.value_and_gradient(pts[:, 0], pts[:, 1])
    grads[:, 0] = gx
    grads[:, 1] = gy
    return (f if np.shape(f) == pts.shape[:1] else np.broadcast_to(f, pts.shape[:1])), grads


def _all_finite(f, pts):
    """True when every f and every coordinate is finite, in two reading passes: a sum of
    finite numbers is finite or overflows, and any inf or NaN makes it inf or NaN, so a finite
    sum settles it; otherwise (rare) the caller checks element by element. (``math.isfinite``
    and ``.sum()``: np.isfinite on a number and np.add.reduce cost 2.6 us more a check, 2.5%
    of an Adam step on a chunk of 12,500 starts.)"""
    return math.isfinite(f.sum()) and math.isfinite(pts.sum())


def run(objective, optimizer: str | Optimizer, start, steps: int, *, record: str = "all",
        schedule=None, noise=None, minibatch=None, **hyper) -> Trajectory:
    """Run ``optimizer`` on ``objective`` for ``steps`` updates from ``start``.

    ``objective`` has ``value_and_gradient(x, y) -> (f, dfdx, dfdy)`` for x, y of shape ``(n,)``;
    ``optimizer`` is a name in ``OPTIMIZERS`` or an ``Optimizer``; ``start`` is ``(x0, y0)`` or
    an array ``(n, 2)``; ``hyper`` are the optimizer's PyTorch-named hyperparameters (an
    unknown name raises ValueError listing the valid ones). ``record`` is "all", "path" or
    "final" (see :class:`Trajectory` for the memory each needs; more than
    ``MAX_RECORD_BYTES`` raises ValueError). Never prints numpy warnings.

    ``schedule`` is None or ``(name, params)`` from :data:`~gradviz.engine.schedules.SCHEDULES`:
    update t uses the schedule's lr at t (base ``hyper["lr"]``) in place of ``lr`` (Adagrad's
    lr_decay still applies on top, as in torch). ``noise`` is None or ``(std, seed)``: the
    optimizer sees the gradient plus ``std`` times the normals of :mod:`gradviz.engine.noise`
    (the same for every optimizer); recorded gradients stay the true ones. ``minibatch`` is
    None or a gradient hook such as :class:`~gradviz.engine.minibatch.BatchGradients`:
    ``minibatch.gradient(k, points (m, 2)) -> (m, 2)`` is the gradient the optimizer is given
    at step k in place of the true one (noise is added on top); values, grads and the
    divergence check stay those of the objective itself. With none of them, the numbers are
    exactly those of a run without these options.
    """
    spec = get_optimizer(optimizer)
    full_hyper = resolve_hyper(spec, hyper)
    if record not in RECORD_MODES:
        raise ValueError(f"record must be one of {RECORD_MODES}, got {record!r}")
    steps = operator.index(steps)
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    pts, batch = _starts(start)
    n = len(pts)
    lrs = None
    if schedule is not None:
        try:
            name, params = schedule
        except (TypeError, ValueError):
            raise ValueError(f"schedule must be (name, params), got {schedule!r}") from None
        lrs = schedule_lrs(name, params, full_hyper["lr"], steps)
        schedule = (name, dict(params or {}))
    noise = resolve_noise(noise)
    template = spec.init(pts[:1], full_hyper)
    needed = _Recorder.bytes_needed(record, steps, n, template) + (
        16 * steps * n * (bool(noise) + (minibatch is not None and record == "all")))
    if needed > MAX_RECORD_BYTES:
        raise ValueError(f'record="{record}" for {n} starts x {steps} steps needs '
                         f'{needed / 1e9:.1f} GB; use record="final" or fewer steps/starts')
    rec = _Recorder(record, steps, n, template)
    if minibatch is not None and record == "all":
        rec.seen = np.empty((steps, n, 2))
    z = None if noise is None else standard_noise(noise[1], n, steps)
    extra = dict(schedule=schedule, lrs=lrs, noise=noise, z=z, minibatch=minibatch)
    diverged = np.full(n, -1)
    final = np.empty((4, n))  # rows x, y, f, |grad f| at the last step (rows: cheap to fill)
    looking = spec.look is not None
    if (n == 1 and FAST_SINGLE and single.available(objective, spec)
            and not (looking and (noise is not None or minibatch is not None))):
        if looking:
            table, diverged[0] = single.run_looking(objective, spec, full_hyper, pts[0], steps,
                                                    template, record, lrs=lrs)
        else:
            table, diverged[0] = single.run_single(
                objective, spec, full_hyper, pts[0], steps, template, record, lrs=lrs,
                noise=None if noise is None else (noise[0], z[0]), minibatch=minibatch,
                seen=None if rec.seen is None else rec.seen[:, 0])
        with np.errstate(all="ignore"):
            (single.fill_looking if looking else single.fill)(rec, table, record, _norms)
            final[:3, 0] = table[-1, :3]
            final[3, 0] = _norms(table[-1:, 3:5])[0]
            rec.finish()
        return _trajectory(spec, full_hyper, steps, record, batch, rec, template, diverged, final,
                           **extra)
    _run_chunks(objective, spec, full_hyper, pts, steps, rec, diverged, final, lrs,
                None if noise is None else (noise[0], z), minibatch)
    with np.errstate(all="ignore"):
        rec.finish()
    return _trajectory(spec, full_hyper, steps, record, batch, rec, template, diverged, final,
                       **extra)


class _Observer:
    """A recorder that keeps nothing and shows each step to ``observe(part, k, points)``:
    ``part`` the slice of the starts, ``points (m, 2)`` theirs at step k (a view, valid
    during the call only)."""

    record, seen = "path", None

    def __init__(self, observe, part=slice(None)):
        self.observe, self.part = observe, part

    def view(self, part):
        base = self.part.start or 0
        return _Observer(self.observe, slice(base + part.start, base + part.stop))

    def point(self, k, pts, f, grads, state):
        self.observe(self.part, k, pts)

    def update(self, k, step, dead):
        pass

    def finish(self):
        pass


def run_observed(objective, optimizer, starts, steps: int, observe, **hyper) -> Trajectory:
    """``run(objective, optimizer, starts, steps, record="final", **hyper)`` for a batch
    ``starts (n, 2)``, calling ``observe(part, k, points)`` at every step k = 0..steps of
    every chunk of starts (``part`` a slice of them, ``points (m, 2)`` a read-only view valid
    during the call; from a worker thread too, for disjoint parts at once). What ``observe``
    raises stops the run and is raised here. The numbers are those of ``run``."""
    spec = get_optimizer(optimizer)
    full_hyper = resolve_hyper(spec, hyper)
    pts, _ = _starts(starts)
    steps = operator.index(steps)
    n = len(pts)
    template = spec.init(pts[:1], full_hyper)
    diverged, final = np.full(n, -1), np.empty((4, n))
    _run_chunks(objective, spec, full_hyper, pts, steps, _Observer(observe), diverged, final)
    return _trajectory(spec, full_hyper, steps, "final", True, _Recorder("final", steps, n, template),
                       template, diverged, final)


def _run_chunks(objective, spec, hyper, pts, steps, rec, diverged, final, lrs=None, noise=None,
                minibatch=None):
    """Run the starts in chunks of CHUNK.

    Starts are independent, so chunks change no number; they keep a step's temporaries in
    cache (see CHUNK). Each chunk writes only its own rows of ``rec``, ``diverged`` and
    ``final`` (``(4, n)``: rows x, y, f, |grad f|). ``lrs``, ``noise`` and ``minibatch`` as for
    ``_run_chunk``, noise with ``z`` for every start. Built-in optimizers on a compiled
    function, without mini-batches, recording "final" or "path", take the batch fast path
    (:mod:`gradviz.engine.batch`, which shares the chunks between two threads): the same
    numbers. The general path runs its chunks one after the other in this thread.
    """
    with np.errstate(all="ignore"):
        if FAST_BATCH and minibatch is None and batch.available(objective, spec, rec.record):
            batch.run_chunks(objective, spec, hyper, pts, steps, rec, diverged, final, CHUNK,
                             _all_finite, _norms, lrs, noise)
            return
        for lo in range(0, len(pts), CHUNK):
            part = slice(lo, lo + CHUNK)
            final[:, part] = _run_chunk(objective, spec, hyper, pts[part], steps, rec.view(part),
                                     diverged[part], lrs,
                                     None if noise is None else (noise[0], noise[1][part]),
                                     minibatch)


def _run_chunk(objective, spec, hyper, pts, steps, rec, diverged, lrs=None, noise=None,
               minibatch=None):
    """Run the starts ``pts (m, 2)``, recording into ``rec`` and marking ``diverged`` in place.

    ``lrs`` the lr of each update or None; ``noise`` None or ``(std, z (m, steps, 2))``;
    ``minibatch`` None or the hook giving the gradient the optimizer sees (see ``run``).

    Returns ``(4, m)``: the final x, y, f and |grad f|.
    """
    state = spec.init(pts, hyper)
    dead = np.empty(0, dtype=np.intp)  # starts that diverged: they no longer move
    look = {} if spec.look is None else {"around": None}
    for k in range(steps + 1):
        f, grads = _evaluate(objective, pts)
        if not _all_finite(f, pts):
            ok = np.isfinite(f) & np.isfinite(pts[:, 0]) & np.isfinite(pts[:, 1])
            newly = ~ok & (diverged < 0)
            if newly.any():
                diverged[newly] = k
                dead = np.flatnonzero(diverged >= 0)
        rec.point(k, pts, f, grads, state)
        if k == steps:
            break
        # The gradient hook: what the optimizer is given. Mini-batches replace the true
        # gradient by their batch's; noise is added on top. Recorded grads stay the true ones.
        seen = grads if minibatch is None else minibatch.gradient(k, pts)
        if noise is not None:
            seen = seen + noise[0] * noise[1][:, k]
        if rec.seen is not None:
            rec.seen[k] = seen
        if look:   # Newton's method, a line search: f around the points (values: f at them)
            look["around"] = Around(objective, f)
        step, new_state = spec.update(
            seen, state, pts, hyper if lrs is None else {**hyper, "lr": lrs[k]}, **look)
        new_pts = pts + step
        if dead.size:  # few rows: cheaper than np.where over the whole batch
            new_pts[dead] = pts[dead]
            new_state = _freeze(dead, new_state, state)
        rec.update(k, step, dead)
        pts, state = new_pts, new_state
    return np.vstack([pts.T, f, _norms(grads)])


def _trajectory(spec, hyper, steps, record, batch, rec, template, diverged, final,
                schedule=None, lrs=None, noise=None, z=None, minibatch=None):
    def out(a, axis=1):
        """Drop the batch axis of a single start (a view, no copy); make read-only."""
        a = a if batch else a[(slice(None),) * axis + (0,)]
        if isinstance(a, np.ndarray):
            a.flags.writeable = False
        return a

    fields = {}
    if record != "final":
        fields = dict(points=out(rec.points), values=out(rec.values),
                      grad_norms=out(rec.grad_norms))
    if record == "all":
        arrays = [np.arange(steps + 1) if np.ndim(v) == 0 else out(a)
                  for v, a in zip(template, rec.states)]
        fields.update(grads=out(rec.grads), updates=out(rec.updates),
                      states=type(template)(*arrays))
    if lrs is not None:
        fields["lrs"] = np.array(lrs, dtype=np.float64).reshape(steps)
        fields["lrs"].flags.writeable = False
    if noise is not None and record == "all" and rec.seen is None:
        added = noise[0] * z.transpose(1, 0, 2)  # (steps, n, 2), the very products the optimizer saw
        fields["noise_added"] = out(added)
    if rec.seen is not None:
        with np.errstate(all="ignore"):
            fields["noise_added"] = out(rec.seen - rec.grads[:-1])
    if batch:
        first = out(diverged, 0)
    else:
        first = None if diverged[0] < 0 else int(diverged[0])
    final_values, final_norms = out(final[2], 0), out(final[3], 0)
    return Trajectory(
        optimizer=spec.name, hyper=hyper, steps=steps, record=record, batch=batch,
        diverged_at=first, final_points=out(final[:2].T, 0),
        final_values=final_values if batch else float(final_values),
        final_grad_norms=final_norms if batch else float(final_norms), spec=spec,
        schedule=schedule, noise=noise,
        minibatch=None if minibatch is None else minibatch.spec, **fields)
