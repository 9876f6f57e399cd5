"""The functions a user may call, as sympy objects with exact derivatives and numpy kernels.

Smooth functions (sin, exp, log, ...) are sympy's own. The others are defined here so that
their derivatives are a stated choice rather than sympy's distributions (DiracDelta) or
complex-valued forms:

* ``abs(u)``: derivative ``sign(u)``, so d/dx abs(x) at 0 is 0.
* ``sign(u)``: derivative 0 everywhere (the jump at 0 is ignored).
* ``max(a, b)`` / ``min(a, b)``: derivative ``step(a - b)`` / ``step(b - a)`` with
  ``step(0) = 1/2``, so a tie splits the derivative one half to each side.
  More arguments fold into a balanced tree, ``max(a, b, c, d)`` = ``max(max(a, b), max(c, d))``:
  a chain would nest as deep as the argument list is long (sympy hits its recursion limit near
  200 arguments) and the derivative of a chain grows quadratically.
* ``relu(u) = max(u, 0)`` but with PyTorch's convention relu'(0) = 0: derivative ``(u > 0)``.
* ``softplus(u) = log(1 + exp(u))``, evaluated as ``logaddexp(0, u)`` (finite for u = 800);
  derivative ``sigmoid(u)``.
* ``sigmoid(u) = 1 / (1 + exp(-u))``, evaluated without overflow; derivative
  ``sigmoid(u) * (1 - sigmoid(u))``.
"""

import numpy as np
import sympy

from gradviz.engine import kernels


class _Real(sympy.Function):
    """A real-valued function of real arguments.

    It deliberately answers no assumption queries: on deeply nested arguments sympy's
    assumption system took 10 s to over a minute to answer them, and the derivative rules
    here do not need it.
    """


class step(_Real):  # noqa: N801 - the class name is what the printer shows
    """Heaviside step with step(0) = 1/2 (the half-split of a max/min tie)."""

    nargs = 1

    @classmethod
    def eval(cls, t):
        if t.is_Number:
            return sympy.S.One if t > 0 else (sympy.S.Half if t == 0 else sympy.S.Zero)

    def fdiff(self, argindex=1):
        return sympy.S.Zero


class positive(_Real):  # noqa: N801
    """Indicator of u > 0 (relu's derivative, 0 at u = 0 as in PyTorch)."""

    nargs = 1

    @classmethod
    def eval(cls, t):
        if t.is_Number:
            return sympy.S.One if t > 0 else sympy.S.Zero

    def fdiff(self, argindex=1):
        return sympy.S.Zero

    def _sympystr(self, printer):
        return f"({printer._print(self.args[0])} > 0)"


class sign(_Real):  # noqa: N801
    nargs = 1

    @classmethod
    def eval(cls, t):
        if t.is_Number:
            return sympy.sign(t)

    def fdiff(self, argindex=1):
        return sympy.S.Zero


class abs_(_Real):  # noqa: N801
    nargs = 1

    @classmethod
    def eval(cls, t):
        if t.is_Number:
            return abs(t)

    def fdiff(self, argindex=1):
        return sign(self.args[0])


abs_.__name__ = "abs"


class max2(_Real):  # noqa: N801
    nargs = 2

    @classmethod
    def eval(cls, a, b):
        if a.is_Number and b.is_Number:
            return a if a >= b else b

    def fdiff(self, argindex=1):
        a, b = self.args
        return step(a - b) if argindex == 1 else step(b - a)


class min2(_Real):  # noqa: N801
    nargs = 2

    @classmethod
    def eval(cls, a, b):
        if a.is_Number and b.is_Number:
            return a if a <= b else b

    def fdiff(self, argindex=1):
        a, b = self.args
        return step(b - a) if argindex == 1 else step(a - b)


max2.__name__ = "max"
min2.__name__ = "min"


class relu(_Real):  # noqa: N801
    nargs = 1

    @classmethod
    def eval(cls, t):
        if t.is_Number:
            return t if t > 0 else sympy.S.Zero

    def fdiff(self, argindex=1):
        return positive(self.args[0])


class sigmoid(_Real):  # noqa: N801
    nargs = 1

    def fdiff(self, argindex=1):
        return self * (1 - self)


class softplus(_Real):  # noqa: N801
    nargs = 1

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])


def _fold(binary):
    def call(*args):
        if len(args) == 1:
            return args[0]
        middle = len(args) // 2
        return binary(call(*args[:middle]), call(*args[middle:]))

    return call


def _log_base(base):
    return lambda u: sympy.log(u) / sympy.log(base)


# name -> (builder of the sympy expression, allowed argument counts (min, max))
CALLABLE = {
    "sin": (sympy.sin, (1, 1)),
    "cos": (sympy.cos, (1, 1)),
    "tan": (sympy.tan, (1, 1)),
    "asin": (sympy.asin, (1, 1)),
    "acos": (sympy.acos, (1, 1)),
    "atan": (sympy.atan, (1, 1)),
    "sinh": (sympy.sinh, (1, 1)),
    "cosh": (sympy.cosh, (1, 1)),
    "tanh": (sympy.tanh, (1, 1)),
    "exp": (sympy.exp, (1, 1)),
    "log": (sympy.log, (1, 1)),
    "log2": (_log_base(2), (1, 1)),
    "log10": (_log_base(10), (1, 1)),
    "sqrt": (sympy.sqrt, (1, 1)),
    "abs": (abs_, (1, 1)),
    "sign": (sign, (1, 1)),
    "min": (_fold(min2), (2, None)),
    "max": (_fold(max2), (2, None)),
    "softplus": (softplus, (1, 1)),
    "sigmoid": (sigmoid, (1, 1)),
    "relu": (relu, (1, 1)),
}


# sympy function class -> numpy kernel, for the compiler (kernels.py: by name, without sympy).
NUMPY_KERNELS = {
    sympy.sin: np.sin,
    sympy.cos: np.cos,
    sympy.tan: np.tan,
    sympy.cot: kernels.cot,
    sympy.asin: np.arcsin,
    sympy.acos: np.arccos,
    sympy.atan: np.arctan,
    sympy.sinh: np.sinh,
    sympy.cosh: np.cosh,
    sympy.tanh: np.tanh,
    sympy.exp: np.exp,
    sympy.log: np.log,
    sympy.Abs: np.abs,
    sympy.sign: np.sign,
    abs_: np.abs,
    sign: np.sign,
    max2: np.maximum,
    min2: np.minimum,
    relu: kernels.relu,
    softplus: kernels.softplus,
    sigmoid: kernels.sigmoid,
    step: kernels.step,
    positive: kernels.positive,
}
