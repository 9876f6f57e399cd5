"""The objective around an optimizer's points: what Newton's method and a line search ask of
f beyond the gradient (:mod:`gradviz.engine.newton`, :mod:`gradviz.engine.line_search`).

An optimizer whose definition has ``looks`` (see :mod:`gradviz.engine.optimizers`) is given
one of these at every update: :class:`Around` on numpy arrays (a batch of starts, the general
path of ``trajectory.run``) or :class:`FloatAround` on Python floats (one start, the fast
path of :mod:`gradviz.engine.single`). Both give the same bits for the same point: a compiled
Objective's programs on floats are its programs on arrays (``Program.scalar``).

Where the Hessian comes from: an Objective's exact ``hessian`` (vectorised), else the
objective's one-point ``hessian_at`` (the regression loss's closed form) or central differences
of its gradient, through :func:`gradviz.engine.curvature.hessian`, point by point.
"""

from __future__ import annotations

import numpy as np


class Around:
    """f and its Hessian at any points, on arrays: ``value(x, y) -> (m,)``,
    ``hessian(x, y) -> (f_xx, f_xy, f_yy)``, each ``(m,)`` for x, y of shape ``(m,)``.
    ``values``: f at the update's own points when the caller has it (``trajectory.run``
    does), else None."""

    def __init__(self, objective, values=None):
        self.objective, self.values = objective, values
        own = getattr(objective, "hessian", None)
        self._vectorised = own if callable(own) else None

    def value(self, x, y):
        # f from the program that also gives the gradient, the one FloatAround runs on floats
        f = self.objective.value_and_gradient(x, y)[0]
        return _fresh(f, x)

    def hessian(self, x, y):
        if self._vectorised is not None:
            parts = self._vectorised(x, y)
            return tuple(_fresh(p, x) for p in parts)
        from gradviz.engine.curvature import hessian

        h = np.array([hessian(self.objective, xi, yi)[0] for xi, yi in zip(x, y)])
        h = h.reshape(-1, 2, 2)
        return h[:, 0, 0], h[:, 0, 1], h[:, 1, 1]


def _fresh(values, like):
    """``values`` as a new writable float64 array of ``like``'s shape (a constant second
    derivative comes back from the program as one number)."""
    out = np.empty(np.shape(like))
    out[...] = values
    return out


class FloatAround:
    """f and its Hessian at one point at a time, on Python floats: ``value(x, y) -> float``,
    ``hessian(x, y) -> (f_xx, f_xy, f_yy)`` floats. Call inside ``np.errstate(all="ignore")``."""

    def __init__(self, objective):
        self.objective = objective
        self._both = objective.scalar_value_and_gradient()
        own = getattr(objective, "scalar_hessian", None)
        self._hessian = own() if callable(own) else None

    def value(self, x, y):
        return self._both(x, y)[0]

    def hessian(self, x, y):
        if self._hessian is not None:
            fxx, fxy, fyy = self._hessian(x, y)
            return float(fxx), float(fxy), float(fyy)
        from gradviz.engine.curvature import hessian

        h = hessian(self.objective, x, y)[0]
        return float(h[0, 0]), float(h[0, 1]), float(h[1, 1])
