"""The parser proper: untrusted text -> checked tree -> sympy expression.

Nothing the user types is ever evaluated as code: ``tokens.normalise`` checks the text and
writes a normalised form holding only whitelisted names and operators; ``ast.parse`` gives its
structure; the walk below accepts only the node types of arithmetic and builds the sympy
expression itself, checking the size of every constant on the way, so that ``9^9^9`` is an
error rather than a computation. :mod:`gradviz.engine.expression` is the entry point; this
module (and sympy with it) is loaded on the first expression that is not precompiled.
"""

import ast
import math

import sympy

from gradviz.engine.expression import MAX_CONSTANT, MAX_EXPONENT, MAX_POWER_NESTING, VARIABLES
from gradviz.engine.functions import CALLABLE, abs_
from gradviz.engine.tokens import ExpressionError, normalise

_ARITY = {name: arity for name, (_, arity) in CALLABLE.items()}
_CONSTANTS = {"x", "y", "pi", "e"}
_SYMBOLS = {name: sympy.Symbol(name) for name in VARIABLES}
_NAMED = {"pi": sympy.pi, "e": sympy.E, **_SYMBOLS}
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


def build(text):
    """Return (sympy expression, parameter names in order of appearance) for ``text``."""
    lexed = normalise(text, _ARITY, _CONSTANTS)
    try:
        tree = ast.parse(lexed.normalised, mode="eval")
    except SyntaxError as exc:  # the normaliser should have caught it; never show Python's words
        raise ExpressionError("cannot read the expression here", lexed.column_at((exc.offset or 1) - 1)) from None
    builder = _Builder(lexed)
    expr = builder.node(tree.body)
    if expr.has(sympy.I):
        raise ExpressionError("the function is not real-valued (a root or log of a negative constant?)", 0)
    if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise ExpressionError("the expression contains a division by zero or an infinite constant", 0)
    return expr, tuple(lexed.names)


class _Builder:
    def __init__(self, lexed):
        self.lexed = lexed
        self.params = [sympy.Symbol(name) for name in lexed.names]
        self.power_depth = 0

    def column(self, node):
        return self.lexed.column_at(node.col_offset)

    def operator_column(self, node):
        """The source column of a BinOp's operator (ast records only the operands')."""
        start, stop = node.left.end_col_offset, node.right.col_offset
        gap = self.lexed.normalised[start:stop]
        symbol = _BINARY[type(node.op)]
        return self.lexed.column_at(start + max(gap.find(symbol), 0))

    def node(self, node):
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return self.binary(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            sign = 1
            while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
                sign = -sign if isinstance(node.op, ast.USub) else sign
                node = node.operand
            return self.node(node) * sign
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            return self.call(node)
        raise ExpressionError("this is not part of a formula", self.column(node))

    def name(self, node):
        ident = node.id
        if ident in _NAMED:
            return _NAMED[ident]
        if ident.startswith("_p") and ident[2:].isdigit():
            return self.params[int(ident[2:])]
        if ident.startswith("_n") and ident[2:].isdigit():
            return self.number(*self.lexed.numbers[int(ident[2:])])
        raise ExpressionError(f"unknown name '{ident}'", self.column(node))

    @staticmethod
    def number(text, column):
        value = float(text)
        if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
            raise ExpressionError(f"number too large (at most {MAX_CONSTANT:g})", column)
        if text.isdigit():
            return sympy.Integer(int(text))
        return sympy.Float(text)

    def binary(self, node):
        # Flatten left-leaning chains (a + b - c + ...) so long sums do not recurse deeply.
        if isinstance(node.op, ast.Pow):
            return self.power(node)
        chain, groups = [], ((ast.Add, ast.Sub), (ast.Mult, ast.Div))
        group = next(g for g in groups if isinstance(node.op, g))
        while isinstance(node, ast.BinOp) and isinstance(node.op, group):
            chain.append(node)
            node = node.left
        result = self.node(node)
        for link in reversed(chain):
            right = self.node(link.right)
            result = self.combine(link, result, right)
        return result

    def combine(self, link, left, right):
        op = type(link.op)
        if op is ast.Div and right == 0:
            raise ExpressionError("division by zero", self.operator_column(link))
        result = {ast.Add: lambda: left + right, ast.Sub: lambda: left - right,
                  ast.Mult: lambda: left * right, ast.Div: lambda: left / right}[op]()
        return self.checked(result, link)

    def power(self, node):
        column = self.operator_column(node)
        base = self.node(node.left)
        self.power_depth += 1
        if self.power_depth > MAX_POWER_NESTING:
            raise ExpressionError(f"powers nested too deeply (at most {MAX_POWER_NESTING} levels)", column)
        exponent = self.node(node.right)
        self.power_depth -= 1
        if exponent.is_Number and abs(exponent) > MAX_EXPONENT:
            raise ExpressionError(f"exponent too large (at most {MAX_EXPONENT})", column)
        # Only exact numbers are powered out by sympy (2^2^2^2^2^2 would be computed digit by
        # digit); anything else with a constant value stays symbolic and overflows to inf later.
        if base.is_Number and exponent.is_Number:
            if base == 0 and exponent.is_negative:
                raise ExpressionError("division by zero (0 to a negative power)", column)
            magnitude = float(exponent) * math.log10(max(abs(float(base)), 1e-300))
            if magnitude > math.log10(MAX_CONSTANT):
                raise ExpressionError(f"number too large (at most {MAX_CONSTANT:g})", column)
        result = _square_root_of_square(self.checked(base**exponent, node))
        if result.is_number:
            _check_real(result, "this power", column)
        return result

    def checked(self, result, node):
        if result.is_Number:
            try:
                too_big = abs(float(result)) > MAX_CONSTANT
            except (OverflowError, TypeError):
                too_big = True
            if too_big:
                raise ExpressionError(f"number too large (at most {MAX_CONSTANT:g})", self.operator_column(node))
        return result

    def call(self, node):
        name = node.func.id
        if name not in CALLABLE:
            raise ExpressionError(f"unknown function '{name}'", self.column(node))
        function, _ = CALLABLE[name]
        args = [self.node(arg) for arg in node.args]
        result = _square_root_of_square(function(*args))
        if result.is_number:
            _check_real(result, f"{name}(...) of this constant", self.column(node))
        return result


def _check_real(constant, what, column):
    """Raise unless the sympy number ``constant`` is a finite real number.

    ``(-8)^(1/3)`` stays symbolic in sympy (``2*(-1)^(1/3)``, complex) and would evaluate to NaN
    everywhere; ``exp(1000)`` is real but beyond float64.
    """
    try:
        value = complex(sympy.N(constant))
    except (TypeError, ValueError, OverflowError):
        return  # a custom function of a constant: evaluated numerically later
    if value.imag != 0:
        raise ExpressionError(f"{what} is not a real number", column)
    if not math.isfinite(value.real):
        raise ExpressionError(f"{what} is too large", column)


def _square_root_of_square(expr):
    """sqrt(u^2) -> abs(u), so that its derivative at u = 0 is abs's stated 0, not 0/0."""
    if expr.is_Pow and expr.exp == sympy.S.Half and expr.base.is_Pow and expr.base.exp == 2:
        return abs_(expr.base.base)
    return expr
