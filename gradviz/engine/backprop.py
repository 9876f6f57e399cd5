"""Backpropagation step by step: f's computation graph at a point, its forward pass node by
node, then its backward pass edge by edge, ending in the gradient.

The forward pass computes each node's value from its arguments' (in topological order). The
backward pass starts at f with ∂f/∂f = 1 and goes through the nodes in reverse order: a node
whose adjoint ∂f/∂node is complete hands each argument u the contribution

    ∂f/∂node × ∂node/∂u        (the chain rule; ∂node/∂u is the edge's local derivative)

and an argument used by several nodes adds up what each hands it. At the inputs the adjoints
are ∂f/∂x and ∂f/∂y: the gradient, equal (to rounding) to ``Objective.gradient``, since the
local derivatives are the engine's own rules (:mod:`gradviz.engine.backprop_graph`).

Pure data, no Qt: :class:`Walkthrough` holds the nodes, edges and :class:`Step` s (each with
what is shown after it: values known, adjoints so far, a caption in words). Make one with
:func:`walkthrough` (a function typed by the user) or
:func:`gradviz.engine.backprop_regression.walkthrough` (the regression mode's model and loss);
:func:`prepare` keeps the work that does not depend on the point, for many points.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import backprop_graph as sketch
from gradviz.engine.backprop_steps import GraphEdge, GraphNode, Step, Walkthrough, assemble, refused

__all__ = ["GraphEdge", "GraphNode", "Prepared", "Step", "Walkthrough", "prepare", "walkthrough"]
from gradviz.engine.backprop_text import number, write


class Prepared:
    """The walkthrough's pieces of one objective (what does not depend on the point):
    ``at(x, y)`` gives the :class:`Walkthrough` there in well under a millisecond a node."""

    def __init__(self, objective):
        self.params = tuple(objective.params[name] for name in objective.parameters)
        self.text = objective.text
        graph, f = objective.graph_of_value()
        try:
            self.pieces = sketch.pieces_of(graph, f)
        except sketch.TooLarge as too_large:
            self.pieces, self.refusal = (), str(too_large)
            return
        self.refusal = ""
        self.values = sketch.Values(self.pieces, 2 + len(self.params))
        self.output = next(i for i, p in enumerate(self.pieces) if p.root is f)

    def at(self, x: float, y: float) -> Walkthrough:
        """The walkthrough at (x, y)."""
        if self.refusal:
            return refused(self.refusal, formula=self.text)
        pieces = self.pieces
        with np.errstate(all="ignore"):
            known = self.values.at(float(x), float(y), *self.params)
            values = [float(known[p.root.index]) for p in pieces]
            locals_ = [p.derivatives.at(known) if p.derivatives else [] for p in pieces]
        nodes = [GraphNode(p.name, p.kind, p.definition, p.expression, p.args, value, None,
                           worked=_worked(p, pieces, values),
                           note="parameter" if p.kind == "parameter" else "")
                 for p, value in zip(pieces, values)]
        texts = [p.derivatives.texts if p.derivatives else () for p in pieces]
        return assemble(nodes, locals_, texts, self.output, (0, 1), (float(x), float(y)),
                        formula=self.text)


def _worked(piece, pieces, values) -> str:
    """The right side of a piece's definition with its arguments' values put in."""
    if piece.kind != "operation":
        return ""
    shown = {}
    for position in piece.args:
        v = number(values[position])
        shown[pieces[position].root.index] = f"({v})" if v.startswith("−") else v
    return write(piece.root, shown)


def prepare(objective) -> Prepared:
    """The point-free part of :func:`walkthrough` for ``objective``."""
    return Prepared(objective)


def walkthrough(objective, x: float, y: float) -> Walkthrough:
    """Backpropagation through ``objective`` (an Objective) at (x, y), its parameters at their
    values."""
    return prepare(objective).at(x, y)
