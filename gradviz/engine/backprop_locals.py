"""The local derivatives of a piece of the drawing: ∂piece/∂argument, by the engine's own rules.

A piece (:mod:`gradviz.engine.backprop_graph`) is one engine node or a group of them (a chain of
sums or of products). Each member's derivatives by its own arguments come from the engine's
reverse mode (:func:`gradviz.engine.derivative.gradient`) run on a copy of that one member, its
arguments standing as x and y: the same rules as the gradient, compiled once. At a point, a small
reverse pass inside the piece chains them (root first, each member handing its adjoint times its
local derivatives to its arguments), so a group of n members costs O(n) a point, however many
arguments it has.

The formula shown on an edge (``∂a/∂x = y``) is that member's derivative printed, for a piece of
one member; for a chain of sums the (constant) number; for a chain of products the engine's
derivative of the whole chain by that argument, printed (products are short: the parser's limit
of 400 symbols allows about 60 factors).
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from gradviz.engine import backprop_text as text
from gradviz.engine.compiler import compile_nodes
from gradviz.engine.derivative import VARIABLES, gradient
from gradviz.engine.graph import Graph

_SUMS = ("add", "sub", "neg")
_REPLAY = {"add": Graph.add, "sub": Graph.sub, "mul": Graph.mul, "div": Graph.div,
           "pow": Graph.pow, "neg": Graph.neg}


class _Rule(NamedTuple):
    """A member's derivatives: ``args`` its distinct non-constant arguments (x and y of the
    copy), ``program`` (values of args) -> the derivative by each (None: nothing handed),
    ``printed`` each derivative as a node of the copy, ``copy`` the copy's inputs."""

    member: object
    args: tuple
    program: object
    handed: tuple
    printed: tuple
    inputs: tuple


class PieceDerivatives:
    """∂piece/∂argument for every argument of one piece (``args``: engine nodes, in order).
    ``texts``: the formula of each (None where no gradient flows); ``at(values)`` the numbers
    (``values``: engine node index -> value)."""

    def __init__(self, root, members, args, names):
        self.root, self.args = root, tuple(args)
        self.flows = tuple(bool(a.mask & VARIABLES) for a in args)
        self.rules = [_rule(m) for m in reversed(members)]      # users before their arguments
        self.member_ids = {m.index for m in members}
        # a chain of sums: ±1 along each path, the same numbers at any point
        constant = self.at(defaultdict(float)) if all(m.op in _SUMS for m in members) else None
        self.texts = tuple(self._text(k, members, names, constant) if flows else None
                           for k, flows in enumerate(self.flows))

    def at(self, values) -> list:
        """The local derivative by each argument at ``values`` (None where no gradient flows
        or the rules hand nothing, as in the engine's reverse mode)."""
        adjoint = {self.root.index: 1.0}
        found = {}
        for rule in self.rules:
            own = adjoint.get(rule.member.index)
            if own is None:
                continue
            operands = [values[a.index] for a in rule.args]
            derivatives = rule.program(*operands, *[0.0] * (2 - len(operands))) if operands else ()
            for arg, handed, d in zip(rule.args, rule.handed, derivatives):
                if handed:
                    target = adjoint if arg.index in self.member_ids else found
                    share = own * float(d)
                    target[arg.index] = target.get(arg.index, 0.0) + share
        return [found.get(a.index) if flows else None for a, flows in zip(self.args, self.flows)]

    def _text(self, k, members, names, constant):
        argument = self.args[k]
        name = names[argument.index]
        head = f"∂{names[self.root.index]}/∂{name} = "
        if len(members) == 1:
            rule = self.rules[0]
            j = rule.args.index(argument)
            if not rule.handed[j]:
                return head + "0"
            shown = {i.index: names[a.index] for i, a in zip(rule.inputs, rule.args)}
            return head + text.write(rule.printed[j], shown)
        if constant is not None:
            return head + text.number(constant[k] if constant[k] is not None else 0.0)
        return head + _chain_text(self.root, members, self.args, argument, names)


def _rule(member) -> _Rule:
    """The derivatives of one engine node by its distinct non-constant arguments."""
    args = tuple({a.index: a for a in member.args if a.op != "const"}.values())
    copy = Graph()
    inputs = (copy.x, copy.y)[: len(args)]
    image = {a.index: i for a, i in zip(args, inputs)}
    operands = [image[a.index] if a.index in image else copy.const(a.value, a.exact)
                for a in member.args]
    node = _replay(copy, member.op, operands)
    derivatives = gradient(copy, node)[: len(args)]
    handed = tuple(not (d.op == "const" and d.value == 0.0) for d in derivatives)
    program = compile_nodes(list(derivatives), 2).scalar() if args else None
    return _Rule(member, args, program, handed, tuple(derivatives), inputs)


def _replay(graph, op, operands):
    replay = _REPLAY.get(op)
    return replay(graph, *operands) if replay is not None else graph.call(op, *operands)


def _chain_text(root, members, args, argument, names) -> str:
    """∂(a chain of products)/∂argument as the engine differentiates the whole chain, printed:
    the argument as x, the others as fixed parameters."""
    others = [a for a in args if a is not argument]
    copy = Graph(tuple(f"p{i}" for i in range(len(others))))
    image = {argument.index: copy.x}
    image.update({a.index: p for a, p in zip(others, copy.params)})
    for member in members:
        operands = [image[a.index] if a.index in image else copy.const(a.value, a.exact)
                    for a in member.args]
        image[member.index] = _replay(copy, member.op, operands)
    derivative = gradient(copy, image[root.index])[0]
    shown = {copy.x.index: names[argument.index]}
    shown.update({p.index: names[a.index] for a, p in zip(others, copy.params)})
    return text.write(derivative, shown)
