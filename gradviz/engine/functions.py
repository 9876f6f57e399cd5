"""The functions of the grammar: numpy kernel, argument count and derivative rule of each.

No sympy: the engine differentiates its own graph (:mod:`gradviz.engine.derivative`), and the
rules here are the chain rule's inner factor d f(u) / du as graph nodes. Smooth functions have
their textbook derivatives; the others a stated choice:

* ``abs(u)``: derivative ``sign(u)``, so d/dx abs(x) at 0 is 0.
* ``sign(u)``: derivative 0 everywhere (the jump at 0 is ignored).
* ``max(a, b)`` / ``min(a, b)``: derivative ``step(a - b)`` / ``step(b - a)`` with
  ``step(0) = 1/2``, so a tie splits the derivative one half to each side.
  More arguments fold into a balanced tree, ``max(a, b, c, d)`` = ``max(max(a, b), max(c, d))``:
  a chain would nest as deep as the argument list is long.
* ``relu(u) = max(u, 0)`` but with PyTorch's convention relu'(0) = 0: derivative ``(u > 0)``
  (``positive(u)``).
* ``softplus(u) = log(1 + exp(u))``, evaluated as ``logaddexp(0, u)`` (finite for u = 800);
  derivative ``sigmoid(u)``.
* ``sigmoid(u) = 1 / (1 + exp(-u))``, evaluated without overflow; derivative
  ``sigmoid(u) * (1 - sigmoid(u))``.
* ``log2(u)`` and ``log10(u)`` are ``log(u) / log(2)`` and ``log(u) / log(10)``.

``step`` and ``positive`` are not in the grammar: they appear only in derivatives.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from gradviz.engine import kernels


class Function(NamedTuple):
    """``kernel``: the numpy function; ``arguments``: (min, max) count the user may give (max
    None: any, folded in pairs); ``derivative(graph, node) -> (d node / d arg, ...)``, one
    graph node (or None for 0) per argument of ``node``."""

    kernel: Callable
    arguments: tuple
    derivative: Callable


def _one_over_root(g, u):
    """1 / sqrt(1 - u^2): asin's derivative, and acos's negated."""
    return g.div(g.one, g.call("sqrt", g.sub(g.one, g.pow(u, g.const(2.0)))))


_RULES = {
    "sin": lambda g, n, u: g.call("cos", u),
    "cos": lambda g, n, u: g.neg(g.call("sin", u)),
    "tan": lambda g, n, u: g.add(g.one, g.mul(n, n)),
    "asin": lambda g, n, u: _one_over_root(g, u),
    "acos": lambda g, n, u: g.neg(_one_over_root(g, u)),
    "atan": lambda g, n, u: g.div(g.one, g.add(g.one, g.pow(u, g.const(2.0)))),
    "sinh": lambda g, n, u: g.call("cosh", u),
    "cosh": lambda g, n, u: g.call("sinh", u),
    "tanh": lambda g, n, u: g.sub(g.one, g.mul(n, n)),
    "exp": lambda g, n, u: n,
    "log": lambda g, n, u: g.div(g.one, u),
    "sqrt": lambda g, n, u: g.div(g.const(0.5, ("div", 1, 2)), n),
    "abs": lambda g, n, u: g.call("sign", u),
    "sign": lambda g, n, u: None,
    "relu": lambda g, n, u: g.call("positive", u),
    "softplus": lambda g, n, u: g.call("sigmoid", u),
    "sigmoid": lambda g, n, u: g.mul(n, g.sub(g.one, n)),
    "step": lambda g, n, u: None,
    "positive": lambda g, n, u: None,
}


def _unary(name):
    rule = _RULES[name]
    return lambda g, node: (rule(g, node, node.args[0]),)


def _max(g, node):
    a, b = node.args
    return g.call("step", g.sub(a, b)), g.call("step", g.sub(b, a))


def _min(g, node):
    a, b = node.args
    return g.call("step", g.sub(b, a)), g.call("step", g.sub(a, b))


_KERNELS = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "asin": np.arcsin, "acos": np.arccos,
    "atan": np.arctan, "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "exp": np.exp,
    "log": np.log, "sqrt": np.sqrt, "abs": np.abs, "sign": np.sign, "relu": kernels.relu,
    "softplus": kernels.softplus, "sigmoid": kernels.sigmoid, "step": kernels.step,
    "positive": kernels.positive,
}

FUNCTIONS: dict[str, Function] = {
    **{name: Function(kernel, (1, 1), _unary(name)) for name, kernel in _KERNELS.items()},
    "max": Function(np.maximum, (2, None), _max),
    "min": Function(np.minimum, (2, None), _min),
}
"""Every function a graph node may apply, by name (including ``step`` and ``positive``)."""

LOGARITHMS = {"log2": 2, "log10": 10}
"""Functions the grammar offers that are another function divided by a constant."""

INTERNAL = ("step", "positive")

ARGUMENTS = {**{name: f.arguments for name, f in FUNCTIONS.items() if name not in INTERNAL},
             **{name: (1, 1) for name in LOGARITHMS}}
"""name -> (min, max) argument count, for every function a user may call."""
