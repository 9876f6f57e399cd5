"""The parser proper: untrusted text -> checked tree -> the engine's expression graph.

Nothing the user types is ever evaluated as code: ``tokens.normalise`` checks the text and
writes a normalised form holding only whitelisted names and operators; ``ast.parse`` gives its
structure; the walk below accepts only the node types of arithmetic and makes the graph's
nodes itself (:mod:`gradviz.engine.graph`). Numbers are read by ``float()`` of their token,
and every constant the walk folds is checked on the way (finite, at most ``MAX_CONSTANT``), so
``9^9^9`` is an error rather than a computation. Each step costs a bounded amount per symbol:
no symbolic algebra runs here.

Numbers: a literal is read as the nearest float64 (``float(token)``). One above
``MAX_CONSTANT`` is "number too large"; one with a non-zero digit that reads as 0 (``1e-400``,
below float64's smallest, about 5e-324) is "number too small", never a silent 0.
"""

import ast
import math

from gradviz.engine.functions import ARGUMENTS, LOGARITHMS
from gradviz.engine.graph import Graph
from gradviz.engine.tokens import ExpressionError, normalise

MAX_CONSTANT = 1e100  # largest constant the user may type or compute
MAX_EXPONENT = 1000  # largest constant exponent
MAX_POWER_NESTING = 3  # x^(y^(x^y)) is as deep as powers go
VARIABLES = ("x", "y")

_CONSTANTS = {"x", "y", "pi", "e"}
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_GROUPS = ((ast.Add, ast.Sub), (ast.Mult, ast.Div))


def build(text, deadline=None):
    """(graph, f as a node of it, parameter names in order of appearance) for ``text``.

    ``deadline``: a ``time.monotonic()`` value after which ExpressionError says the function
    is too complex to prepare in time."""
    lexed = normalise(text, ARGUMENTS, _CONSTANTS)
    try:
        tree = ast.parse(lexed.normalised, mode="eval")
    except SyntaxError as exc:  # the normaliser should have caught it; never show Python's words
        raise ExpressionError("cannot read the expression here", lexed.column_at((exc.offset or 1) - 1)) from None
    except (RecursionError, MemoryError):  # cannot happen within the token limits; still one message
        raise ExpressionError("the expression is nested too deeply", 0) from None
    graph = Graph(lexed.names, deadline)
    f = _Builder(lexed, graph).node(tree.body)
    return graph, f, tuple(lexed.names)


class _Builder:
    def __init__(self, lexed, graph):
        self.lexed = lexed
        self.graph = graph
        self.named = {"x": graph.x, "y": graph.y, "pi": graph.const(math.pi, "pi"),
                      "e": graph.const(math.e, "e")}
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
            negative = False
            while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
                negative ^= isinstance(node.op, ast.USub)
                node = node.operand
            inner = self.node(node)
            return self.graph.neg(inner) if negative else inner
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            return self.call(node)
        raise ExpressionError("this is not part of a formula", self.column(node))

    def name(self, node):
        ident = node.id
        if ident in self.named:
            return self.named[ident]
        if ident.startswith("_p") and ident[2:].isdigit():
            return self.graph.params[int(ident[2:])]
        if ident.startswith("_n") and ident[2:].isdigit():
            return self.number(*self.lexed.numbers[int(ident[2:])])
        raise ExpressionError(f"unknown name '{ident}'", self.column(node))

    def number(self, text, column):
        value = float(text)  # the nearest float64: instant for any exponent, never sympy
        if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
            raise ExpressionError(f"number too large (at most {MAX_CONSTANT:g})", column)
        if value == 0.0 and any(ch in "123456789" for ch in text.split("e")[0].split("E")[0]):
            raise ExpressionError("number too small: it would be 0 in double precision", column)
        return self.graph.const(value)

    def binary(self, node):
        # Flatten left-leaning chains (a + b - c + ...) so long sums do not recurse deeply.
        if isinstance(node.op, ast.Pow):
            return self.power(node)
        chain = []
        group = next(g for g in _GROUPS if isinstance(node.op, g))
        while isinstance(node, ast.BinOp) and isinstance(node.op, group):
            chain.append(node)
            node = node.left
        result = self.node(node)
        for link in reversed(chain):
            right = self.node(link.right)
            result = self.combine(link, result, right)
        return result

    def combine(self, link, left, right):
        g, op = self.graph, type(link.op)
        if op is ast.Div and right.is_const and right.value == 0.0:
            raise ExpressionError("division by zero", self.operator_column(link))
        result = {ast.Add: g.add, ast.Sub: g.sub, ast.Mult: g.mul, ast.Div: g.div}[op](left, right)
        if result.is_const and not abs(result.value) <= MAX_CONSTANT:
            raise ExpressionError(f"number too large (at most {MAX_CONSTANT:g})", self.operator_column(link))
        return result

    def power(self, node):
        column = self.operator_column(node)
        base = self.node(node.left)
        self.power_depth += 1
        if self.power_depth > MAX_POWER_NESTING:
            raise ExpressionError(f"powers nested too deeply (at most {MAX_POWER_NESTING} levels)", column)
        exponent = self.node(node.right)
        self.power_depth -= 1
        if exponent.is_const and abs(exponent.value) > MAX_EXPONENT:
            raise ExpressionError(f"exponent too large (at most {MAX_EXPONENT})", column)
        if base.is_const and exponent.is_const and base.value == 0 and exponent.value < 0:
            raise ExpressionError("division by zero (0 to a negative power)", column)
        if base.is_const and base.value < 0 and exponent.mask & 3:
            # (-1)^x is complex wherever x is not a whole number, and so is its derivative
            # (-1)^x * log(-1): not a real function of x. (A parameter exponent is not
            # differentiated: (-2)^k is real for whole k, NaN otherwise, like x^0.5 at x < 0.)
            raise ExpressionError("a negative number to a variable power is not a real number", column)
        result = self.graph.pow(base, exponent)
        _check_constant(result, "this power", column)
        return result

    def call(self, node):
        name = node.func.id
        if name not in ARGUMENTS:
            raise ExpressionError(f"unknown function '{name}'", self.column(node))
        args = [self.node(arg) for arg in node.args]
        g = self.graph
        if name in LOGARITHMS:
            base = LOGARITHMS[name]
            result = g.div(g.call("log", args[0]), g.const(math.log(base), ("log", base)))
        elif name in ("max", "min"):
            result = self.balanced(name, args)
        else:
            result = g.call(name, *args)
        _check_constant(result, f"{name}(...) of this constant", self.column(node))
        return result

    def balanced(self, name, args):
        """max(a, b, c, d) as max(max(a, b), max(c, d)): nesting grows as log2 of the count."""
        while len(args) > 1:
            pairs = [self.graph.call(name, args[i], args[i + 1]) for i in range(0, len(args) - 1, 2)]
            args = pairs + args[len(args) - len(args) % 2:]
        return args[0]


def _check_constant(node, what, column):
    """Raise unless a constant ``node`` is a real number no larger than MAX_CONSTANT."""
    if not node.is_const:
        return
    if math.isnan(node.value):
        raise ExpressionError(f"{what} is not a real number", column)
    if not abs(node.value) <= MAX_CONSTANT:
        raise ExpressionError(f"{what} is too large", column)
