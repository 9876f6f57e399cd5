"""The numpy kernels of the functions that numpy has no single ufunc for.

Each takes and returns float64 arrays (or numpy scalars) and never raises: what overflows
gives inf, what has no value gives NaN, as numpy's own ufuncs do.
"""

import numpy as np


def relu(u):
    return np.maximum(u, 0.0)


def softplus(u):
    return np.logaddexp(0.0, u)


def sigmoid(u):
    # exp(-|u|) never overflows; both branches are exact where they are used.
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def step(t):
    """Heaviside step with step(0) = 1/2 (the half-split of a max/min tie)."""
    return np.heaviside(t, 0.5)


def positive(t):
    """1 where t > 0, else 0 (relu's derivative, 0 at 0 as in PyTorch)."""
    return np.heaviside(t, 0.0)
