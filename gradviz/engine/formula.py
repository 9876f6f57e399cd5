"""A formula prepared for numbers: its graph, exact gradient and compiled programs.

Everything about an expression that does not depend on the parameter values, shared by every
:class:`~gradviz.engine.objective.Objective` made from it (``with_params``). Made by
:func:`gradviz.engine.expression.parse_expression`: the builder's graph, its gradient by
reverse mode (:mod:`gradviz.engine.derivative`) in the same graph, and one Program computing
f with its gradient, every shared subexpression once. No sympy: formulas are printed by
:mod:`gradviz.engine.symbolic` only when asked for, within a time budget.
"""

from __future__ import annotations

import functools
import time

from gradviz.engine.compiler import compile_nodes
from gradviz.engine.derivative import gradient
from gradviz.engine.preset_formulas import GRADIENT_TEXT

PRINT_SECONDS = 0.5  # budget of a formula printed without a deadline of the caller's


class Formula:
    """``both``: the Program (x, y, *params) -> [f, df/dx, df/dy]; ``value`` and ``grad``
    compiled on first use (f alone, the gradient alone); ``names``: the parameters; ``text``:
    the source text."""

    def __init__(self, text, graph, f, names, deadline=None):
        self.text = text
        self.graph = graph
        self.f = f
        self.names = tuple(names)
        self.gradient = gradient(graph, f)
        self.both = compile_nodes([f, *self.gradient], self._inputs, deadline)
        self._both_scalar = None
        self._printed = {}

    @property
    def _inputs(self):
        return 2 + len(self.names)

    @functools.cached_property
    def value(self):
        return compile_nodes([self.f], self._inputs)

    @functools.cached_property
    def grad(self):
        return compile_nodes(list(self.gradient), self._inputs)

    @functools.cached_property
    def hessian(self):
        """The Program (x, y, *params) -> [f_xx, f_xy, f_yy]: reverse mode run again, on each
        gradient node, in the same graph (so the second derivatives share with f and its
        gradient). f_yx is f_xy: the graph's partials commute, so it is taken from df/dx."""
        fxx, fxy = gradient(self.graph, self.gradient[0])
        fyy = gradient(self.graph, self.gradient[1])[1]
        return compile_nodes([fxx, fxy, fyy], self._inputs)

    def both_scalar(self):
        """``self.both`` on Python floats, built on first use."""
        if self._both_scalar is None:
            self._both_scalar = self.both.scalar()
        return self._both_scalar

    def printed(self, which, deadline=None):
        """"value" (f) or "gradient" (df/dx, df/dy) as one-line formulas (a tuple of text),
        each ``symbolic.TOO_LONG`` when not printed by ``deadline`` (default: PRINT_SECONDS
        from now). Kept once printed; a timed-out attempt is tried again on the next call."""
        if which in self._printed:
            return self._printed[which]
        if which == "gradient" and self.text in GRADIENT_TEXT:
            return GRADIENT_TEXT[self.text]
        from gradviz.engine import symbolic

        if deadline is None:
            deadline = time.monotonic() + PRINT_SECONDS
        nodes = [self.f] if which == "value" else list(self.gradient)
        texts = symbolic.print_nodes(nodes, deadline)
        if symbolic.TOO_LONG not in texts or time.monotonic() < deadline:
            self._printed[which] = texts  # too long by size is final; a timeout is not
        return texts

    @functools.cached_property
    def sympy_value(self):
        from gradviz.engine.symbolic import to_sympy

        return to_sympy([self.f])[0]

    @functools.cached_property
    def sympy_gradient(self):
        from gradviz.engine.symbolic import to_sympy

        return tuple(to_sympy(list(self.gradient)))
