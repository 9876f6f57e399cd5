"""The symbolic side of an Objective: the exact gradient by the chain rule, compiled programs,
and formulas printed in gradviz's grammar. Imports sympy; ``objective.py`` does not, so that a
precompiled preset (:mod:`gradviz.engine.precompiled`) starts up without it.
"""

import functools

import sympy
from sympy.printing.str import StrPrinter

from gradviz.engine.compiler import compile_exprs
from gradviz.engine.functions import sign

_X, _Y = sympy.Symbol("x"), sympy.Symbol("y")


class _Printer(StrPrinter):
    """Prints formulas the way a user types them: ``^`` for powers and ``e`` for Euler's number."""

    def _print_Pow(self, expr, rational=False):
        return super()._print_Pow(expr, rational).replace("**", "^")

    def _print_Exp1(self, expr):
        return "e"

    def _print_Abs(self, expr):  # sympy writes sqrt(x^2) as Abs(x)
        return f"abs({self._print(expr.args[0])})"

    def _print_cot(self, expr):  # sympy writes tan(pi/2 - x) as cot(x); not in the grammar
        return f"(1/tan({self._print(expr.args[0])}))"


def to_text(expr):
    """A readable one-line formula for a sympy expression, in gradviz's own grammar."""
    return _Printer({"full_prec": False}).doprint(expr)


class Compiled:
    """Everything about an expression that does not depend on the parameter values."""

    def __init__(self, expr, names):
        self.expr = expr
        self.symbols = (_X, _Y) + tuple(sympy.Symbol(n) for n in names)
        self.gradient = tuple(_Derivative(v).of(expr) for v in (_X, _Y))
        # f with its gradient is what grids and runs use; f alone and the gradient alone are
        # compiled when first asked for (each compilation is ~1 ms of an edit's latency).
        self.both = compile_exprs([expr, *self.gradient], self.symbols)
        self._text = None
        self._both_scalar = None

    @functools.cached_property
    def value(self):
        return compile_exprs([self.expr], self.symbols)

    @functools.cached_property
    def grad(self):
        return compile_exprs(self.gradient, self.symbols)

    def both_scalar(self):
        """``self.both`` on Python floats, built on first use."""
        if self._both_scalar is None:
            self._both_scalar = self.both.scalar()
        return self._both_scalar

    @property
    def gradient_text(self):
        if self._text is None:
            self._text = tuple(to_text(g) for g in self.gradient)
        return self._text


class _Derivative:
    """d/dv of sympy expressions by the chain rule, memoised over shared subexpressions.

    Not ``sympy.diff``: it asks ``is_zero`` of every intermediate derivative, and on nested
    expressions that query walks the whole subtree each time (``exp(x*y*exp(x*y*...))`` 31 deep
    took 6 s with sympy.diff, 0.15 s here). The rules are sympy's own: ``fdiff`` for functions,
    the product rule for products, and for powers
    d(b^p) = p*b^(p-1)*db + b^p*log(b)*dp (each term only where db or dp is not zero).
    """

    def __init__(self, variable):
        self.variable = variable
        self.memo = {}

    def of(self, e):
        d = self.memo.get(e)
        if d is None:
            d = self.memo[e] = self._rule(e)
        return d

    def _rule(self, e):
        if e == self.variable:
            return sympy.S.One
        if not e.has(self.variable) or e.func in (sympy.sign, sign):
            return sympy.S.Zero  # sign' = 0: the jump at 0 is ignored (sympy would say DiracDelta)
        args = e.args
        if e.is_Add:
            return sympy.Add(*[self.of(a) for a in args])
        if e.is_Mul:
            return sympy.Add(*[sympy.Mul(*args[:i], d, *args[i + 1:])
                               for i, d in enumerate(map(self.of, args)) if d != 0])
        if e.is_Pow:
            (b, p), (db, dp) = args, (self.of(args[0]), self.of(args[1]))
            # One Mul of all factors: 2*(y - x^2) alone would be distributed into 2*y - 2*x^2.
            terms = [sympy.Mul(p, b ** (p - 1), db)] if db != 0 else []
            if dp != 0 and b != 0:  # 0^p is 0 wherever it is finite: no log(0) term
                terms.append(sympy.Mul(e, sympy.log(b), dp))
            return sympy.Add(*terms)
        if isinstance(e, sympy.Function):
            return sympy.Add(*[e.fdiff(i + 1) * d for i, d in enumerate(map(self.of, args)) if d != 0])
        raise ValueError(f"cannot differentiate {e.func.__name__}")
