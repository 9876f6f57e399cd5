"""Python-float versions of numpy kernels that give numpy's bits: for one point at a time
(``Program.scalar`` and the optimizers' single-start path, :mod:`gradviz.engine.single`),
where numpy's per-call overhead would be the whole cost."""

import math
import operator

import numpy as np


def scalar_divide(a, b):
    """``a / b`` on Python floats, as numpy divides: inf, -inf or NaN where b is 0."""
    try:
        return a / b
    except ZeroDivisionError:      # numpy's answer: inf, -inf or NaN
        return float(np.divide(a, b))


def scalar_sqrt(a):
    """sqrt on a Python float, as numpy's: NaN below 0 (math.sqrt would raise)."""
    return math.sqrt(a) if a >= 0.0 else float(np.sqrt(a))   # NaN and negatives: numpy's NaN


_EXACT = {
    np.add: operator.add, np.subtract: operator.sub, np.multiply: operator.mul,
    np.divide: scalar_divide, np.negative: operator.neg, np.sqrt: scalar_sqrt,
    np.reciprocal: lambda a: scalar_divide(1.0, a),   # numpy's reciprocal is 1.0 / a
}


def scalar_kernel(function, kinds):
    """The Python-float version of a numpy kernel whose arguments are arrays where ``kinds``
    is True in the array program (see ``Program.scalar``)."""
    exact = _EXACT.get(function)
    if exact is not None:
        return exact
    if not any(kinds) or (isinstance(function, np.ufunc) and function.nin == 1):
        return lambda *args: float(function(*args))

    def mirrored(*args):
        return function(*[np.array((a,)) if k else a for a, k in zip(args, kinds)]).item()

    return mirrored
