"""The engine's own expression graph: hash-consed nodes, simplified as they are made.

A :class:`Graph` makes every node through one table, so an equal subexpression is one node
wherever it appears (in f, in its gradient, or both): ``sin(x*y) + x*y`` holds ``x*y`` once,
and the compiler computes it once. Each node is made from nodes that already exist, so the
order of creation (``Node.index``) is an order in which every node comes after its arguments.

Simplifications are local and cheap, each a constant amount of work per node made, so the
graph never grows by more than a constant factor over the text and every step is bounded:

* constants fold (``2*3`` is one constant, computed in float64 by the very kernel the program
  would run); the caller checks what folding gave (finite, at most ``MAX_CONSTANT``);
* identities: ``a + 0``, ``a - 0``, ``a*1``, ``a/1``, ``a^1`` are ``a``; ``a*0``, ``0/a``, ``a - a``
  are 0; ``a^0`` and ``1^a`` are 1 (as sympy made them before; they differ from IEEE only
  where ``a`` is inf or NaN);
* signs move outwards (``a + -b`` is ``a - b``, ``-a*b`` is ``-(a*b)``, ``--a`` is ``a``) and
  constant factors gather in front (``2*(3*a)`` and ``(2*a)*(3*b)`` are ``6*a`` and
  ``6*(a*b)``), so a gradient's ``-2*...`` terms share and cost one multiplication;
* ``sqrt(u^2)`` and ``(u^2)^0.5`` are ``abs(u)`` (so the derivative at u = 0 is abs's stated
  0, not 0/0);
* the arguments of ``+``, ``*``, max and min are put in one order, a constant first, then
  in creation order (``y*x`` is ``x*y``): exact in IEEE arithmetic, and it lets more
  subexpressions share.

A node also carries ``mask``: which inputs it depends on (1 x, 2 y, 4 any parameter), so the
derivative skips what does not depend on x or y. Constants carry ``exact``: a small
description (an int, "pi", "e", or (op, exact, ...)) from which the formula printer rebuilds
``2*pi`` or ``1/3`` exactly; None when there is none (a decimal number or a long fold).

``deadline`` (a ``time.monotonic()`` value) is checked every ``CHECK_EVERY`` nodes, and a
graph never holds more than ``MAX_NODES``: past either, ExpressionError, so no caller waits
without bound.
"""

from __future__ import annotations

import math
import time

import numpy as np

from gradviz.engine.functions import FUNCTIONS
from gradviz.engine.tokens import ExpressionError

MAX_NODES = 200_000  # far above what 400 symbols make (a few thousand with the gradient)
CHECK_EVERY = 256  # nodes made between two looks at the clock
EXACT_SIZE = 12  # exact descriptions of folded constants are kept up to this many parts
TOO_SLOW = "the function is too complex to prepare in time"

_BINARY = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
           "pow": np.power}
_COMMUTATIVE = {"add", "mul", "max", "min"}


class Node:
    """One operation of the graph. ``op``: "const", "input", "add", "sub", "mul", "div",
    "neg", "pow" or a function name of :data:`~gradviz.engine.functions.FUNCTIONS`;
    ``args``: nodes; ``value``: the float of a constant, the slot of an input (0 x, 1 y,
    2... the parameters); ``name``: an input's name; ``exact``: see the module."""

    __slots__ = ("op", "args", "value", "name", "exact", "mask", "index")

    def __init__(self, op, args, value, name, exact, mask, index):
        self.op, self.args, self.value, self.name = op, args, value, name
        self.exact, self.mask, self.index = exact, mask, index

    @property
    def is_const(self):
        return self.op == "const"

    def __repr__(self):
        if self.op == "const":
            return repr(self.value)
        if self.op == "input":
            return self.name
        return f"{self.op}({', '.join(map(repr, self.args))})"


class Graph:
    """The table of nodes of one formula: inputs x, y and the parameters ``names``."""

    def __init__(self, names=(), deadline=None):
        self._table = {}
        self.nodes = []
        self.deadline = deadline
        self.x = self._input(0, "x", 1)
        self.y = self._input(1, "y", 2)
        self.params = tuple(self._input(2 + i, name, 4) for i, name in enumerate(names))
        self.zero, self.one = self.const(0.0, 0), self.const(1.0, 1)

    # --- making nodes -----------------------------------------------------------------

    def _make(self, op, args, value=None, name=None, exact=None, mask=0):
        key = (op, value if op != "const" else (value.hex(), exact)) + tuple(a.index for a in args)
        node = self._table.get(key)
        if node is None:
            index = len(self.nodes)
            if index % CHECK_EVERY == 0:
                self.check_time()
            if index >= MAX_NODES:
                raise ExpressionError(TOO_SLOW, 0)
            for a in args:
                mask |= a.mask
            node = Node(op, args, value, name, exact, mask, index)
            self.nodes.append(node)
            self._table[key] = node
        return node

    def check_time(self):
        """ExpressionError once the deadline has passed."""
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise ExpressionError(TOO_SLOW, 0)

    def _input(self, slot, name, mask):
        return self._make("input", (), slot, name, mask=mask)

    def const(self, value, exact=None):
        """The constant ``value`` (a float; -0.0 is kept as 0.0)."""
        value = float(value) + 0.0
        if value.is_integer() and abs(value) < 2**53:
            exact = int(value)  # 2*3 and 6 are one node, printed 6
        return self._make("const", (), value, exact=exact)

    def _fold(self, op, args):
        values = [a.value for a in args]
        with np.errstate(all="ignore"):
            if op in _BINARY:
                value = float(_BINARY[op](*values))
            elif op == "neg":
                value = -values[0]
            else:
                value = float(FUNCTIONS[op].kernel(*[np.float64(v) for v in values]))
        exact = None
        if all(a.exact is not None for a in args):
            exact = (op, *[a.exact for a in args])
            if _size(exact) > EXACT_SIZE or not math.isfinite(value):
                exact = None
        if math.isnan(value):  # never a node: a NaN constant is the caller's error to report
            return self._make("const", (), value, exact=None)
        return self.const(value, exact)

    def _op(self, op, *args):
        if all(a.is_const for a in args):
            return self._fold(op, args)
        if op in _COMMUTATIVE and _order(args[1]) < _order(args[0]):
            args = (args[1], args[0])
        return self._make(op, args)

    # --- arithmetic with the simplifications of the module docstring ----------------------

    def add(self, a, b):
        if _is(a, 0.0):
            return b
        if _is(b, 0.0):
            return a
        if b.op == "neg":
            return self.sub(a, b.args[0])
        if a.op == "neg":
            return self.sub(b, a.args[0])
        return self._op("add", a, b)

    def sub(self, a, b):
        if _is(b, 0.0):
            return a
        if _is(a, 0.0):
            return self.neg(b)
        if a is b:
            return self.zero
        if b.op == "neg":
            return self.add(a, b.args[0])
        if a.op == "neg":
            return self.neg(self.add(a.args[0], b))
        return self._op("sub", a, b)

    def neg(self, a):
        if a.op == "neg":
            return a.args[0]
        if a.is_const:
            return self._fold("neg", (a,))
        if a.op == "sub":
            return self._op("sub", a.args[1], a.args[0])
        if a.op == "mul" and a.args[0].is_const:
            return self.mul(self.neg(a.args[0]), a.args[1])
        return self._make("neg", (a,))

    def mul(self, a, b):
        if b.is_const and not a.is_const:
            a, b = b, a
        if a.is_const and not b.is_const:
            if a.value == 0.0:
                return self.zero
            if a.value == 1.0:
                return b
            if a.value == -1.0:
                return self.neg(b)
            if b.op == "mul" and b.args[0].is_const:
                folded = self._fold("mul", (a, b.args[0]))
                if math.isfinite(folded.value) and folded.value != 0.0:
                    return self.mul(folded, b.args[1])
            if b.op == "neg":
                return self.mul(self.neg(a), b.args[0])
        if a.op == "neg":
            return self.neg(self.mul(a.args[0], b))
        if b.op == "neg":
            return self.neg(self.mul(a, b.args[0]))
        if not a.is_const and not b.is_const:  # (2*a)*(3*b) is 6*(a*b): constants gather
            for one, other in ((a, b), (b, a)):
                if one.op == "mul" and one.args[0].is_const:
                    return self.mul(one.args[0], self.mul(one.args[1], other))
        return self._op("mul", a, b)

    def div(self, a, b):
        """a / b; the caller refuses a constant zero ``b`` (division by zero)."""
        if _is(b, 1.0):
            return a
        if _is(a, 0.0) and not b.is_const:
            return self.zero
        if a.op == "neg":
            return self.neg(self.div(a.args[0], b))
        if b.op == "neg":
            return self.neg(self.div(a, b.args[0]))
        return self._op("div", a, b)

    def pow(self, a, b):
        if _is(b, 1.0):
            return a
        if _is(b, 0.0) or _is(a, 1.0):
            return self.one
        if a.op == "pow" and _is(a.args[1], 2.0) and _is(b, 0.5):
            return self.call("abs", a.args[0])
        return self._op("pow", a, b)

    def call(self, name, *args):
        """A function of :data:`~gradviz.engine.functions.FUNCTIONS` applied to ``args``."""
        if name == "sqrt" and args[0].op == "pow" and _is(args[0].args[1], 2.0):
            return self.call("abs", args[0].args[0])
        if name in ("max", "min") and args[0] is args[1]:
            return args[0]
        return self._op(name, *args)

    def sum(self, terms):
        """terms[0] + terms[1] + ... (0 for none)."""
        total = self.zero
        for term in terms:
            total = self.add(total, term)
        return total


def _order(node):
    """Where a node goes among the arguments of +, *, max, min: constants first (so ``2*x`` is
    seen as a constant factor), then in creation order."""
    return (not node.is_const, node.index)


def _is(node, value):
    return node.op == "const" and node.value == value


def _size(exact):
    if isinstance(exact, tuple):
        return 1 + sum(_size(e) for e in exact[1:])
    return 1


def reachable(outputs):
    """The nodes the ``outputs`` need, in creation order (arguments before their users)."""
    seen, stack = {}, list(outputs)
    while stack:
        node = stack.pop()
        if node.index not in seen:
            seen[node.index] = node
            stack.extend(node.args)
    return [seen[i] for i in sorted(seen)]
