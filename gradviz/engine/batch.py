"""The fast path of :func:`gradviz.engine.trajectory.run` for a batch of starts that keeps
no per-step state (record="final" or "path"): fixed buffers, rows of x and y.

The general path (``trajectory._run_chunk``) keeps points as ``(m, 2)`` and calls the pure
``Optimizer.update``: some 40 fresh arrays a step, each 128-256 KB for a chunk of 16,384
starts, so that a step paid as much for fresh pages from the system as for arithmetic, and the
compiled f and grad f read x and y as strided columns (three times slower per operation than
contiguous rows). Here the points are one ``(2, m)`` array (row 0 x, row 1 y), f and grad f
are written into buffers allocated once (:mod:`gradviz.engine.buffered`), and the optimizer
updates its state in place (:mod:`gradviz.engine.batch_updates`).

The operations are the general path's, one for one, so every number is bit-identical, and so
is the divergence rule: a start whose point or value is not finite at step k is marked at k and
stays there (its point and optimizer state are put back after each update).
tests/engine/test_batch.py compares both paths bit for bit, diverging starts included.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine.batch_updates import BATCH_UPDATES, Scratch
from gradviz.engine.objective import Objective

RECORDS = ("final", "path")


def available(objective, spec, record) -> bool:
    """True when ``run`` may take this path: a compiled Objective (exactly, not a wrapper),
    a built-in optimizer and a record mode that keeps no optimizer state."""
    from gradviz.engine.optimizers import OPTIMIZERS

    return (type(objective) is Objective and record in RECORDS
            and OPTIMIZERS.get(spec.name) is spec and spec.name in BATCH_UPDATES)


def run_chunks(objective, spec, hyper, pts, steps, rec, diverged, final, chunk, all_finite,
               norms, lrs=None, noise=None):
    """``trajectory._run_chunks`` on this path: the starts ``pts (n, 2)`` in chunks of ``chunk``,
    one after the other on one set of buffers (allocated for the first chunk, cut to size for a
    shorter last one), writing ``rec``, ``diverged`` and ``final`` (``(4, n)``: rows x, y, f,
    |grad f|) as it does; ``all_finite`` and ``norms`` are its helpers."""
    size = min(chunk, len(pts))
    points, grads, f = np.empty((2, size)), np.empty((2, size)), np.empty(size)
    initial = spec.init(np.zeros((2, 1)), hyper)   # a built-in state starts as one number
    fields = [np.ndim(a) >= 1 for a in initial]
    states = [np.empty((2, size)) for a, is_array in zip(initial, fields) if is_array]
    starting = [float(a.flat[0]) for a, is_array in zip(initial, fields) if is_array]
    scratch = Scratch(size)
    evaluate = objective.bound_evaluator((f, grads[0], grads[1]))
    keep = rec.record != "final"
    for lo in range(0, len(pts), chunk):
        part = slice(lo, lo + chunk)
        m = len(pts[part])
        if m < size:
            points, grads, f = points[:, :m], grads[:, :m], f[:m]
            states = [a[:, :m] for a in states]
            evaluate = objective.bound_evaluator((f, grads[0], grads[1]))
        np.copyto(points, pts[part].T)
        for array, value in zip(states, starting):
            array.fill(value)
        arrays = iter(states)
        state = type(initial)(*(next(arrays) if is_array else a
                                for a, is_array in zip(initial, fields)))
        update = BATCH_UPDATES[spec.name](hyper, state, scratch.view(m))
        _run_chunk(evaluate, update, points, grads, f, states, steps,
                   rec.view(part) if keep else None, diverged[part], all_finite,
                   hyper["lr"] if lrs is None else lrs,
                   None if noise is None else (noise[0], noise[1][part]))
        final[:2, part] = points
        final[2, part] = f
        norms(grads.T, out=final[3, part])


def _run_chunk(evaluate, update, points, grads, f, arrays, steps, rec, diverged, all_finite, lrs,
               noise):
    """``trajectory._run_chunk`` on buffers: ``points (2, m)`` hold the starts and end at the
    final points, ``grads (2, m)`` and ``f (m,)`` at their f and grad f; ``arrays`` are the
    optimizer state's arrays, which ``update`` changes in place; ``rec`` None for
    record="final"; ``lrs`` one lr (a float) or the lr of each update."""
    m = len(f)
    dead = np.empty(0, dtype=np.intp)
    frozen = None   # the points and state arrays of dead starts, as they were when they died
    noisy = None if noise is None else np.empty((2, m))
    fixed_lr = isinstance(lrs, float)
    for k in range(steps + 1):
        evaluate(points[0], points[1])
        if not all_finite(f, points):
            ok = np.isfinite(f) & np.isfinite(points[0]) & np.isfinite(points[1])
            newly = ~ok & (diverged < 0)
            if newly.any():
                diverged[newly] = k
                dead = np.flatnonzero(diverged >= 0)
                frozen = frozen or [np.empty((2, m)) for _ in range(len(arrays) + 1)]
                for store, value in zip(frozen, [points] + arrays):
                    store[:, newly] = value[:, newly]
        if rec is not None:
            rec.point(k, points.T, f, grads.T, None)
        if k == steps:
            break
        seen = grads
        if noise is not None:   # grads + (std * z), as the general path adds it
            seen = np.add(grads, np.multiply(noise[1][:, k].T, noise[0], out=noisy), out=noisy)
        points += update(seen, points, k + 1, lrs if fixed_lr else lrs[k])
        if dead.size:
            for value, store in zip([points] + arrays, frozen):
                value[:, dead] = store[:, dead]
