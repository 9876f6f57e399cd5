"""The numpy kernels compiled programs are made of, by name, with no sympy.

``functions.NUMPY_KERNELS`` maps each sympy function to one of these; a compiled ``Program``
can be written down as kernel names (``compiler.Program.to_data``) and rebuilt from them
without sympy (``gradviz.engine.precompiled``: the presets start up without importing it).
"""

import numpy as np


def cot(u):
    return 1.0 / np.tan(u)   # sympy writes tan(pi/2 - u) as cot(u)


def relu(u):
    return np.maximum(u, 0.0)


def softplus(u):
    return np.logaddexp(0.0, u)


def sigmoid(u):
    # exp(-|u|) never overflows; both branches are exact where they are used.
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def step(t):
    return np.heaviside(t, 0.5)


def positive(t):
    return np.heaviside(t, 0.0)


KERNELS = {f.__name__: f for f in (
    np.add, np.subtract, np.multiply, np.divide, np.negative, np.reciprocal, np.sqrt, np.power,
    np.sin, np.cos, np.tan, np.arcsin, np.arccos, np.arctan, np.sinh, np.cosh, np.tanh, np.exp,
    np.log, np.absolute, np.sign, np.maximum, np.minimum,
    cot, relu, softplus, sigmoid, step, positive)}
"""name -> kernel: numpy's own name for a ufunc (np.abs is "absolute"), the function's for the
others."""

NAMES = {f: name for name, f in KERNELS.items()}
