"""f and grad f of a compiled program on a grid, in blocks, on broadcast axes.

Used by ``field.sample_grid`` through ``Objective.evaluate_grid``. The program sees x as a
(1, nx) row and y as a (rows, 1) column, so a part of the formula that depends on x alone is
computed once per column rather than once per point (Rastrigin's cos(2 pi x): 200 values, not
40,000). The same holds for the outputs themselves: an output that depends on x alone (the
saddle's df/dx = 2x), on y alone, or on neither, is computed once and handed back as a
read-only broadcast view of that row, column or value, the same numbers with no memory and no
copy; only outputs that depend on both are written out, block by block, straight into one
allocation.
"""

from __future__ import annotations

import numpy as np


def evaluate(program, params, xs, ys, rows):
    """(f, df/dx, df/dy), each a read-only float64 (ny, nx) array (row i at y = ys[i]).

    ``program``: a compiled Program of (x, y, *params) with three outputs; ``xs`` (nx,) and
    ``ys`` (ny,) with nx, ny >= 2; ``rows``: rows per block. Call inside
    ``np.errstate(all="ignore")``. Bit-identical to evaluating on full meshgrid arrays.
    """
    nx, ny = len(xs), len(ys)
    x, y = xs[None, :], ys[:, None]
    # What each output depends on, read from its shape on a 2 x 2 corner of the grid: (2, 2)
    # both, (1, 2) x alone, (2, 1) y alone, () or (1, 1) neither.
    shapes = [np.shape(r) for r in program(x[:, :2], y[:2], *params)]
    both = [s == (2, 2) for s in shapes]
    outs = [None] * len(shapes)
    lone = [i for i, b in enumerate(both) if not b]
    if lone:
        row = program(x, y[:1], *params)           # every output along the first row
        column = program(x[:, :1], y, *params)     # ... and down the first column
        for i in lone:
            source = row[i] if shapes[i][-1:] == (2,) else column[i]
            outs[i] = _view(source, (ny, nx))
    full = iter(np.empty((sum(both), ny, nx)))      # one allocation for the rest
    targets = [next(full) if b else None for b in both]
    if any(both):
        for i0 in range(0, ny, rows):
            i1 = min(i0 + rows, ny)
            block = [t[i0:i1] if t is not None else None for t in targets]
            results = program(x, y[i0:i1], *params, out=block)
            for target, result in zip(block, results):
                if target is not None and result is not target:
                    target[...] = result
        for i, t in enumerate(targets):
            if t is not None:
                t.setflags(write=False)
                outs[i] = t
    return tuple(outs)


def _view(value, shape):
    """A read-only broadcast view of a row, column or value (copied first: it may be an
    input's own memory)."""
    return np.broadcast_to(np.array(value, dtype=np.float64), shape)
