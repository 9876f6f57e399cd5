"""The fast path of :func:`gradviz.engine.trajectory.run` for a batch of starts that keeps
no per-step state (record="final" or "path"): fixed buffers, rows of x and y, two threads.

The general path (``trajectory._run_chunk``) keeps points as ``(m, 2)`` and calls the pure
``Optimizer.update``: some 40 fresh arrays a step, each 128-256 KB for a chunk of 16,384
starts, so that a step paid as much for fresh pages from the system as for arithmetic, and the
compiled f and grad f read x and y as strided columns (three times slower per operation than
contiguous rows). Here the points are one ``(2, m)`` array (row 0 x, row 1 y), f and grad f
are written into buffers allocated once (:mod:`gradviz.engine.buffered`), and the optimizer's
rule, traced once, updates its state in place (:mod:`gradviz.engine.traced`).

Chunks of large batches of the adaptive optimizers are shared out between ``THREADS``
threads, each with its own buffers: numpy releases the GIL inside every ufunc (see THREADS
for when that pays).

The operations are the general path's, one for one, so every number is bit-identical, and so
is the divergence rule: a start whose point or value is not finite at step k is marked at k and
stays there (its point and optimizer state are put back after each update).
tests/engine/test_batch.py compares both paths bit for bit, diverging starts included.
"""

from __future__ import annotations

import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from gradviz.engine import traced
from gradviz.engine.objective import Objective

RECORDS = ("final", "path")
THREADS = min(2, os.cpu_count() or 1)
"""Threads a large batch of an optimizer that divides or takes square roots (Adagrad, RMSprop,
the Adams) is shared between; the others run in the calling thread. Measured on the shared
2-core machine (load 1.3), 100,000 starts x 100 steps on Rosenbrock, interleaved with main:
Adam 69 ms in two threads against 86 ms in one (30% more CPU); gradient descent 43 against
36 ms (73% more CPU). Each ufunc lets go of the interpreter and takes it back, and when the
other thread waits for it each hand-off costs a few microseconds of system calls and wake-ups:
as long as a multiplication on a chunk's 12,500 points. A square root on 25,000 values (20 us)
pays for it, a plain descent step does not."""
MIN_SHARE = 16384
"""Fewest starts worth a thread of their own. Measured on the shared 2-core machine, Adam on
Rosenbrock: 10,000 starts in two threads of 5,000 took 37% more CPU and time than in one (a
ufunc on 5,000 points takes a few microseconds, as long as handing the interpreter from one
thread to the other); 100,000 starts in two threads of 50,000 took 8% more CPU, for less time
whenever the other core had room."""

_pool = None
_pool_size = 0   # _pool's worker threads (the executor keeps its count private)
_pool_lock = threading.Lock()


def available(objective, spec, record) -> bool:
    """True when ``run`` may take this path: a compiled Objective (exactly, not a wrapper),
    a built-in optimizer and a record mode that keeps no optimizer state."""
    from gradviz.engine.optimizers import OPTIMIZERS

    return (type(objective) is Objective and record in RECORDS
            and OPTIMIZERS.get(spec.name) is spec and spec.rule is not None)


class Rule:
    """An optimizer's rule traced for one set of hyperparameters (twice when it treats the first
    step apart); :meth:`bind` makes ``update(t, lr)`` on given arrays."""

    def __init__(self, spec, hyper):
        self.initial = spec.init(np.zeros((2, 1)), hyper)   # a built-in state: one number each
        n_state = sum(np.ndim(a) >= 1 for a in self.initial)
        self.later = traced.trace(spec.rule, hyper, n_state)
        self.first = traced.trace(spec.rule, hyper, n_state, first=True) \
            if self.later.tests_first else None
        self.heavy = any(name in ("sqrt", "divide") and is_array
                         for name, _, is_array in self.later.steps)
        """Worth two threads: its update divides or takes roots (see ``THREADS``)."""

    def starting_values(self):
        """The first value of each state array (all of its elements start equal)."""
        return [float(a.flat[0]) for a in self.initial if np.ndim(a) >= 1]

    def bind(self, g, p, state, step, temporary=None):
        later = traced.bind(self.later, g, p, state, step, temporary)
        if self.first is None:
            return later
        first = traced.bind(self.first, g, p, state, step, temporary)
        return lambda t, lr: (first if t == 1 else later)(t, lr)


def run_chunks(objective, spec, hyper, pts, steps, rec, diverged, final, chunk, all_finite,
               norms, lrs=None, noise=None, threads=None):
    """``trajectory._run_chunks`` on this path: the starts ``pts (n, 2)`` in chunks of at most
    ``chunk``, shared between ``threads`` (default ``THREADS``) threads, each running its chunks
    one after the other on one set of buffers, writing ``rec``, ``diverged`` and ``final``
    (``(4, n)``: rows x, y, f, |grad f|) as it does; ``all_finite`` and ``norms`` are its
    helpers. Starts are independent, so neither chunks nor threads change a number."""
    n = len(pts)
    rule = Rule(spec, hyper)
    if threads is None:
        threads = THREADS if rule.heavy else 1
    threads = max(1, min(threads, n // MIN_SHARE))
    count = threads * math.ceil(n / (threads * chunk))    # chunks, as many for each thread
    bounds = [n * i // count for i in range(count + 1)]
    parts = [slice(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:]) if hi > lo]
    work = dict(objective=objective, rule=rule, hyper=hyper, pts=pts, steps=steps, rec=rec,
                diverged=diverged, final=final, all_finite=all_finite, norms=norms, lrs=lrs,
                noise=noise)
    shares = [parts[i::threads] for i in range(threads)]
    if threads == 1:
        _run_share(shares[0], **work)
        return
    pool = _threads(threads - 1)
    futures = [pool.submit(_run_share, share, **work) for share in shares[1:]]
    try:
        _run_share(shares[0], **work)
    finally:
        for future in futures:
            future.result()


def _threads(workers):
    """The process's pool of worker threads (made on first use, kept for later runs)."""
    global _pool, _pool_size
    with _pool_lock:
        if _pool is None or _pool_size < workers:
            _pool = ThreadPoolExecutor(workers, thread_name_prefix="gradviz-batch")
            _pool_size = workers
        return _pool


def _run_share(parts, objective, rule, hyper, pts, steps, rec, diverged, final, all_finite,
               norms, lrs, noise):
    """Run the chunks ``parts`` (slices of the starts) one after the other on one set of
    buffers (allocated for the largest, viewed smaller for a shorter one)."""
    if not parts:
        return
    size = max(p.stop - p.start for p in parts)
    points, grads, f = np.empty((2, size)), np.empty((2, size)), np.empty(size)
    starting = rule.starting_values()
    states = [np.empty((2, size)) for _ in starting]
    noisy = None if noise is None else np.empty((2, size))
    temps = []

    def temporary(i, shape):   # the i-th temporary of the update, allocated once
        if i == len(temps):
            temps.append(np.empty((2, size)))
        return temps[i][:, :shape[1]]

    keep = rec.record != "final"
    bound = None
    with np.errstate(all="ignore"):
        for part in parts:
            m = part.stop - part.start
            if bound != m:
                bound = m
                views = [a[..., :m] for a in (points, grads, f, *states)] + \
                    [None if noisy is None else noisy[:, :m], np.empty((2, m))]
                p, g, fm, *st, seen, step = views
                evaluate = objective.bound_evaluator((fm, g[0], g[1]))
                update = rule.bind(g if seen is None else seen, p, st, step, temporary)
            np.copyto(p, pts[part].T)
            for array, value in zip(st, starting):
                array.fill(value)
            _run_chunk(evaluate, update, p, g, fm, st, steps,
                       rec.view(part) if keep else None, diverged[part], all_finite,
                       hyper["lr"] if lrs is None else lrs,
                       None if noise is None else (noise[0], noise[1][part], seen))
            final[:2, part] = p
            final[2, part] = fm
            norms(g.T, out=final[3, part])


def _run_chunk(evaluate, update, points, grads, f, arrays, steps, rec, diverged, all_finite, lrs,
               noise):
    """``trajectory._run_chunk`` on buffers: ``points (2, m)`` hold the starts and end at the
    final points, ``grads (2, m)`` and ``f (m,)`` at their f and grad f; ``arrays`` are the
    optimizer state's arrays, which ``update(t, lr)`` changes in place; ``rec`` None for
    record="final"; ``lrs`` one lr (a float) or the lr of each update; ``noise`` None or
    ``(std, z (m, steps, 2), seen (2, m))``, ``seen`` the buffer ``update`` reads as its
    gradient, which then receives ``grads + std * z[:, k]``."""
    m = len(f)
    dead = np.empty(0, dtype=np.intp)
    frozen = None   # the points and state arrays of dead starts, as they were when they died
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
        if noise is not None:   # grads + (std * z), as the general path adds it
            std, z, seen = noise
            np.add(grads, np.multiply(z[:, k].T, std, out=seen), out=seen)
        points += update(k + 1, lrs if fixed_lr else lrs[k])
        if dead.size:
            for value, store in zip([points] + arrays, frozen):
                value[:, dead] = store[:, dead]
