"""The fast path of :func:`gradviz.engine.trajectory.run` for a single start: Python floats.

On a batch of one, each step of the general path is some 40 numpy calls on arrays of two
numbers, and numpy's overhead of about a microsecond a call is the whole cost: 1,000 steps of
Adam took ~100 ms, two panels 200 ms, so every edit and every learning-rate drag waited for it.
Here the same step is the compiled program on floats (``Program.scalar``) and the optimizer's
rule on floats (``Optimizer.rule`` with ``optimizer_ops.FLOATS``, once per axis), recorded as
one tuple a step and turned into arrays once at the end: about 10x faster, with bit-identical
numbers (tests/engine/test_single.py runs every optimizer on every preset both ways).
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine.optimizer_ops import FLOATS

_FIXED = 7  # columns of a row before the state: x, y, f, gx, gy, dx, dy
BLOCK_ROWS = 4096  # rows gathered as tuples before they become one array block


def available(objective, spec) -> bool:
    """True when ``run`` may take this path: a compiled Objective and a built-in optimizer
    (one that looks around its points, Newton's or a line search, :func:`run_looking`)."""
    from gradviz.engine.optimizers import OPTIMIZERS

    return (hasattr(objective, "scalar_value_and_gradient")
            and OPTIMIZERS.get(spec.name) is spec
            and (spec.rule is not None or spec.look is not None))


def run_single(objective, spec, hyper, start, steps, template, record, lrs=None, noise=None,
               minibatch=None, seen=None):
    """Run one start; return ``(table, diverged_at)``.

    ``start`` (2,) floats; ``template`` the optimizer's initial state for it (arrays (1, 2)).
    ``table`` is ``(steps + 1, 7 + 2 s)`` float64 for ``s`` state arrays, row k holding x, y,
    f, df/dx, df/dy at step k, the update applied from it (0 on the last row and from a
    divergence on), then the state before that update, every x part then every y part.
    With record="final" only the last row is kept (shape (1, ...)). ``diverged_at`` is the
    first step whose point or value is not finite, or -1; from it the start stays where it is
    and its rows repeat, as in the batch path. ``lrs`` (a list of floats, the lr of each
    update) replaces ``hyper["lr"]`` step by step; ``noise`` is None or ``(std, z (steps, 2))``,
    and the optimizer then sees ``g + std * z[k]`` (the table keeps the true gradient).
    ``minibatch`` is None or the gradient hook of ``run`` (``gradient(k, points (1, 2))``):
    the optimizer sees its gradient in place of the true one, noise added on top, as on the
    general path (the hook is called on a one-row array, so the numbers are its own); ``seen``
    None or a ``(steps, 2)`` array that receives the gradient the optimizer saw at each step
    (at the frozen point after a divergence, as the general path does).
    """
    update = spec.rule(hyper, FLOATS)
    lr = hyper["lr"]
    if noise is not None:
        std, zs = noise[0], noise[1].tolist()
    evaluate = objective.scalar_value_and_gradient()
    arrays = [a for a in template if np.ndim(a)]
    sx = tuple(float(a[0, 0]) for a in arrays)
    sy = tuple(float(a[0, 1]) for a in arrays)
    scalar = getattr(minibatch, "scalar_gradient", None)   # floats in, floats out: faster

    def given(k, x, y, gx, gy):
        """The gradient the optimizer sees at step k, at (x, y) where the true one is (gx, gy)."""
        if scalar is not None:
            gx, gy = scalar(k, x, y)
        elif minibatch is not None:
            g = minibatch.gradient(k, np.array([[x, y]]))
            gx, gy = float(g[0, 0]), float(g[0, 1])
        if noise is not None:  # the same operations as the batch path: g + (std * z)
            gx, gy = gx + std * zs[k][0], gy + std * zs[k][1]
        if seen is not None:
            seen[k] = gx, gy
        return gx, gy

    x, y = float(start[0]), float(start[1])
    isfinite = math.isfinite
    keep = record != "final"
    rows, blocks = [], []
    append = rows.append
    diverged = -1
    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            f, gx, gy = evaluate(x, y)
            if not (isfinite(f) and isfinite(x) and isfinite(y)):
                diverged = k
                break
            if k == steps:
                break
            ux, uy = gx, gy
            if minibatch is not None or noise is not None:
                ux, uy = given(k, x, y, gx, gy)
            if lrs is not None:
                lr = lrs[k]
            dx, nx = update(ux, x, sx, k + 1, lr)
            dy, ny = update(uy, y, sy, k + 1, lr)
            if keep:
                append((x, y, f, gx, gy, dx, dy) + sx + sy)
                if len(rows) == BLOCK_ROWS:   # a float in a tuple costs ~4x its array slot
                    blocks.append(np.array(rows, dtype=np.float64))
                    rows.clear()
            x, y, sx, sy = x + dx, y + dy, nx, ny
    if seen is not None and diverged >= 0:   # the frozen start still sees its batches
        for k in range(diverged, steps):
            given(k, x, y, gx, gy)
    last = (x, y, f, gx, gy, 0.0, 0.0) + sx + sy
    if not keep:
        return np.array([last], dtype=np.float64), diverged
    # The last row, and from a divergence on the frozen row, repeated to the end.
    done = len(rows) + BLOCK_ROWS * len(blocks)
    table = np.concatenate(blocks + [np.array(rows + [last], dtype=np.float64).reshape(-1, len(last))])
    if done < steps:
        table = np.concatenate([table, np.repeat(table[-1:], steps - done, axis=0)])
    return table, diverged


def run_looking(objective, spec, hyper, start, steps, template, record, lrs=None):
    """:func:`run_single` for an optimizer that looks around its points (``spec.look``: Newton,
    a line search), without noise or mini-batches (those take the general path).

    The same ``(table, diverged_at)``, the state after the 7 fixed columns being each of its
    fields (one start's shape, e.g. ``(max_trials, 2)``) flattened in order; see
    :func:`fill_looking`.
    """
    from gradviz.engine.around import FloatAround

    update = spec.look(hyper, FLOATS)
    around = FloatAround(objective)
    evaluate = objective.scalar_value_and_gradient()
    lr = hyper["lr"]
    state = tuple(_flat(a[0]) for a in template[1:])
    x, y = float(start[0]), float(start[1])
    keep, rows, diverged = record != "final", [], -1
    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            f, gx, gy = evaluate(x, y)
            if not (math.isfinite(f) and math.isfinite(x) and math.isfinite(y)):
                diverged = k
                break
            if k == steps:
                break
            if lrs is not None:
                lr = lrs[k]
            (dx, dy), new = update((gx, gy), (x, y), f, state, k + 1, lr, around)
            if keep:
                rows.append((x, y, f, gx, gy, dx, dy) + _row(state))
            x, y, state = x + dx, y + dy, tuple(_flat(v) for v in new)
    last = (x, y, f, gx, gy, 0.0, 0.0) + _row(state)
    if not keep:
        return np.array([last], dtype=np.float64), diverged
    table = np.array(rows + [last], dtype=np.float64).reshape(-1, len(last))
    if len(rows) < steps:
        table = np.concatenate([table, np.repeat(table[-1:], steps - len(rows), axis=0)])
    return table, diverged


def _flat(value):
    """A state field of one start as a float or a tuple of floats (C order)."""
    if isinstance(value, tuple):
        return value
    return float(value) if np.ndim(value) == 0 else tuple(np.ravel(value).tolist())


def _row(state):
    out = ()
    for v in state:
        out += v if isinstance(v, tuple) else (v,)
    return out


def fill_looking(rec, table, record, norms):
    """Copy ``table`` (from :func:`run_looking`) into the ``_Recorder`` ``rec`` of one start."""
    if not _fill_path(rec, table, record, norms):
        return
    column = _FIXED
    for store in rec.states:
        if store.ndim < 2:
            continue
        width = int(np.prod(store.shape[2:], dtype=np.int64))
        store[:, 0] = table[:, column:column + width].reshape((len(table),) + store.shape[2:])
        column += width


def _fill_path(rec, table, record, norms):
    """Points, values, grads and updates of ``table`` into ``rec``; False where the record
    keeps no state (then nothing more is to be filled)."""
    if record == "final":
        return False
    rec.points[:, 0] = table[:, 0:2]
    rec.values[:, 0] = table[:, 2]
    if record == "path":
        norms(table[:, 3:5], out=rec.grad_norms[:, 0])
        return False
    rec.grads[:, 0] = table[:, 3:5]
    rec.updates[:, 0] = table[:-1, 5:7]
    return True


def fill(rec, table, record, norms):
    """Copy ``table`` (from :func:`run_single`) into the ``_Recorder`` ``rec`` of one start."""
    if not _fill_path(rec, table, record, norms):
        return
    arrays = [store for store in rec.states if store.ndim > 1]
    for i, store in enumerate(arrays):
        store[:, 0, 0] = table[:, _FIXED + i]
        store[:, 0, 1] = table[:, _FIXED + len(arrays) + i]
