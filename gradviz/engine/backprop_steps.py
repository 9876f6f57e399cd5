"""The steps of a backpropagation walkthrough, made from a graph's nodes and local derivatives.

:func:`assemble` takes nodes (arguments before their users) with their values and, per edge, the
local derivative ∂user/∂argument, and writes the forward pass (one step a node, in order) and the
backward pass: from f with ∂f/∂f = 1, through the nodes in reverse order, one step an edge, each
handing ``∂f/∂user × ∂user/∂argument`` to the argument, whose adjoint is the sum of what its
users hand it. Every step records what is shown after it and a caption in words. The types here
are the walkthrough's data (:mod:`gradviz.engine.backprop` makes them for a typed function,
:mod:`gradviz.engine.backprop_regression` for the regression's model and loss). Pure: no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from gradviz.engine.backprop_text import number


class GraphNode(NamedTuple):
    """One box: ``name``, ``kind`` ("input", "parameter", "data", "operation", "constant"),
    ``definition`` (``a = x·y``), ``expression`` (all of it), ``args`` (positions of its
    arguments), ``value``, ``adjoint`` (the final ∂f/∂node; None where no gradient flows),
    ``worked`` (the definition's right side with the arguments' values: ``1.5·2``), ``note``
    (a line under it), ``copies`` (how many such boxes this one stands for)."""

    name: str
    kind: str
    definition: str
    expression: str
    args: tuple
    value: float
    adjoint: float | None
    worked: str = ""
    note: str = ""
    copies: int = 1


class GraphEdge(NamedTuple):
    """An arrow from argument ``source`` to its user ``target``: ``local`` = ∂target/∂source
    and its formula ``local_text`` (``∂a/∂x = y``), ``contribution`` = ∂f/∂target × local
    (None for both where no gradient flows)."""

    source: int
    target: int
    local: float | None
    local_text: str
    contribution: float | None


class Step(NamedTuple):
    """What one step does and what is shown after it. ``phase``: "start", "forward",
    "backward" or "done"; ``node``: the node computed (forward) or handing its adjoint
    (backward); ``edge``: the edge used (backward), else None; ``known``: nodes 0..known-1
    show their value; ``adjoints``: ∂f/∂node so far, per node (None: nothing yet);
    ``complete``: the nodes whose adjoint is final."""

    phase: str
    node: int | None
    edge: int | None
    caption: str
    known: int
    adjoints: tuple
    complete: frozenset


@dataclass(frozen=True)
class Walkthrough:
    """The whole walkthrough at one point. ``output``: f's name ("f", or "L" for a loss);
    ``inputs``: the positions of the two inputs (x and y, or w and b); ``point``: their values;
    ``value``: f there; ``gradient``: (∂f/∂x, ∂f/∂y) as the backward pass ends; ``choices``
    and ``choice``: the houses one may pick (regression) and the one drawn; ``refusal``: why
    nothing is drawn ("graph too large to draw: N nodes"), else ""; ``output_node``: f's
    position among the nodes; ``formula``: f as the user typed it (or the loss's text)."""

    output: str
    inputs: tuple
    point: tuple
    nodes: tuple
    edges: tuple
    steps: tuple
    value: float
    gradient: tuple
    choices: tuple = ()
    choice: int = 0
    refusal: str = ""
    output_node: int = -1
    formula: str = ""

    @property
    def first_backward(self) -> int:
        """The step that starts the backward pass (∂f/∂f = 1)."""
        return next((i for i, s in enumerate(self.steps) if s.phase == "backward"),
                    len(self.steps))

    @property
    def structure(self) -> tuple:
        """What stays when only the point moves (names, definitions, arguments, step count)."""
        return (tuple((n.name, n.definition, n.args) for n in self.nodes), len(self.steps))


def refused(message: str, output: str = "f", formula: str = "") -> Walkthrough:
    """A walkthrough that draws nothing and says why."""
    return Walkthrough(output, (), (), (), (), (), float("nan"), (float("nan"),) * 2,
                       refusal=message, formula=formula)


def assemble(nodes, locals_, texts, output, inputs, point, gather=None, output_name="f",
             choices=(), choice=0, formula="") -> Walkthrough:
    """The :class:`Walkthrough` of ``nodes`` (GraphNodes without adjoints, arguments before
    users, leaves first, ``output`` the position of f), ``locals_[i][k]`` the local derivative
    of node i by its k-th argument (None: no gradient), ``texts[i][k]`` its formula.
    ``gather``: optional (caption, {position: final adjoint}): a last backward step that
    replaces some adjoints (the regression's other houses)."""
    edges, users = _edges(nodes, locals_, texts)
    steps = _forward(nodes)
    known = len(nodes)
    adjoints, received = [None] * len(nodes), {}
    adjoints[output] = 1.0
    complete = {output}
    o = output_name
    steps.append(Step("backward", output, None, f"backward pass: start at {o} with ∂{o}/∂{o} = 1"
                      f" ({o} changes one for one with itself)", known, tuple(adjoints),
                      frozenset(complete)))
    gathered = set(gather[1]) if gather is not None else set()
    by_target = {}
    for e, edge in enumerate(edges):
        by_target.setdefault(edge.target, []).append(e)
    for k in reversed(range(len(nodes))):
        if adjoints[k] is None:
            continue
        for e in by_target.get(k, ()):
            edge = edges[e]
            if edge.local is None:
                continue
            share = adjoints[k] * edge.local
            edges[e] = edge._replace(contribution=share)
            s = edge.source
            received.setdefault(s, []).append(share)
            adjoints[s] = share if adjoints[s] is None else adjoints[s] + share
            if len(received[s]) == len(users[s]) and s not in gathered:
                complete.add(s)
            caption = (_share_caption(nodes, edges[e], adjoints[k], o) if s in gathered else
                       _backward_caption(nodes, edges[e], adjoints[k], received[s], users[s], o))
            steps.append(Step("backward", k, e, caption, known, tuple(adjoints),
                              frozenset(complete)))
    if gather is not None:
        caption, finals = gather
        for position, value in finals.items():
            adjoints[position] = value
            complete.add(position)
        steps.append(Step("backward", None, None, caption, known, tuple(adjoints),
                          frozenset(complete)))
    for i in inputs:
        if adjoints[i] is None:
            adjoints[i] = 0.0
            complete.add(i)
    gradient = tuple(adjoints[i] for i in inputs)
    steps.append(Step("done", None, None, _done_caption(nodes, inputs, gradient, point, o, users),
                      known, tuple(adjoints), frozenset(complete)))
    nodes = tuple(n._replace(adjoint=a) for n, a in zip(nodes, adjoints))
    return Walkthrough(o, tuple(inputs), tuple(point), nodes, tuple(edges), tuple(steps),
                       nodes[output].value, gradient, tuple(choices), int(choice),
                       output_node=output, formula=formula or nodes[output].expression)


def _edges(nodes, locals_, texts):
    """Every edge (argument -> user) and, per node, the users that send it a gradient."""
    edges, users = [], {}
    for target, node in enumerate(nodes):
        for source, local, formula in zip(node.args, locals_[target], texts[target]):
            edges.append(GraphEdge(source, target, local, formula or "", None))
            if local is not None:
                users.setdefault(source, []).append(target)
    return edges, users


def _forward(nodes):
    start = sum(1 for n in nodes if not n.args and n.kind != "operation")
    named = ", ".join(f"{n.name} = {number(n.value)}" for n in nodes[:start])
    steps = [Step("start", None, None, f"forward pass: start from the inputs, {named}", start,
                  (None,) * len(nodes), frozenset())]
    for i in range(start, len(nodes)):
        node = nodes[i]
        value = number(node.value)
        worked = "" if node.worked in ("", value) else f" = {node.worked}"
        steps.append(Step("forward", i, None, f"forward: {node.definition}{worked} = {value}",
                          i + 1, (None,) * len(nodes), frozenset()))
    return steps


def _backward_caption(nodes, edge, adjoint, received, users, out):
    t, s = nodes[edge.target].name, nodes[edge.source].name
    rule = edge.local_text.split(" = ", 1)[-1]
    why = "" if rule == number(edge.local) else f"   ({edge.local_text})"
    product = (f"∂{out}/∂{t} × ∂{t}/∂{s} = {number(adjoint)} × {_paren(number(edge.local))}"
               f" = {number(edge.contribution)}")
    if t == out and len(users) == 1:   # ∂f/∂f × ∂f/∂s would read as a riddle
        return (f"backward: ∂{out}/∂{s} = {number(edge.local)}, straight from "
                f"{nodes[edge.target].definition}{why}")
    if len(users) == 1:
        return f"backward: ∂{out}/∂{s} = {product}{why}"
    if len(received) < len(users):
        return (f"backward: {s} is used {_times(len(users))}; its share from {t}: "
                f"{product}{why}")
    shares = " + ".join(_paren(number(x)) for x in received)
    every = "both" if len(users) == 2 else f"all {len(users)}"
    return (f"backward: from {t}: {product}; {every} uses of {s} add up: "
            f"∂{out}/∂{s} = {shares} = {number(sum(received))}")


def _times(n):
    return {2: "twice", 3: "three times"}.get(n, f"{n} times")


def _share_caption(nodes, edge, adjoint, out):
    """One share of an adjoint that a later step gathers (the regression's house i)."""
    t, s = nodes[edge.target].name, nodes[edge.source].name
    return (f"backward: this house's share of ∂{out}/∂{s} = ∂{out}/∂{t} × ∂{t}/∂{s} = "
            f"{number(adjoint)} × {_paren(number(edge.local))} = {number(edge.contribution)}"
            f"   ({edge.local_text})")


def _paren(text):
    return f"({text})" if text.startswith("−") else text


def _done_caption(nodes, inputs, gradient, point, out, users):
    parts = []
    used = {a for n in nodes for a in n.args}
    for i, g in zip(inputs, gradient):
        name = nodes[i].name
        unused = "" if i in users else (f" (no gradient reaches {name})" if i in used
                                        else f" ({out} does not use {name})")
        parts.append(f"∂{out}/∂{name} = {number(g)}{unused}")
    where = ", ".join(number(v) for v in point)
    return (f"done: {' and '.join(parts)}: the gradient ∇{out}({where}) = "
            f"({', '.join(number(g) for g in gradient)})")
