"""f's computation graph as a teacher draws it, made from the engine's own expression graph.

The engine's graph (:mod:`gradviz.engine.graph`) has a node for every operation and every
constant. A drawing wants fewer, larger steps, so nodes are grouped into *pieces*:

* every constant goes inside the piece that uses it (``100·c``, ``1 − x``, ``b²``): no leaf
  for 100 or 2;
* a chain of sums is one piece (``a + b − c + 4``), and so is a chain of products
  (``a·b·c``), as long as the inner sum or product has no other user; a node used twice
  stays its own piece, with two arrows out of it (``sin(x·y) + x·y`` has one ``x·y``).

The inputs x, y and the parameters are the leaves. Each piece is an engine node (its
``root``) with the engine nodes grouped into it (``members``); its arguments are the pieces
whose roots its members use. The local derivative of a piece with respect to an argument is
the engine's own reverse mode (:func:`gradviz.engine.derivative.gradient`) run on a small copy
of the piece in which that argument is x and the other arguments are fixed parameters: the
same rules as the gradient, so the walkthrough's chain rule ends at the engine's gradient.
Arguments that depend on neither x nor y get no local derivative (no gradient flows there,
as in :mod:`gradviz.engine.derivative`).
"""

from __future__ import annotations

from typing import NamedTuple

from gradviz.engine import backprop_text as text
from gradviz.engine.backprop_locals import PieceDerivatives
from gradviz.engine.compiler import compile_nodes
from gradviz.engine.graph import reachable

MAX_PIECES = 120
"""Pieces drawn at most: past it, "graph too large to draw"."""
MAX_ENGINE_NODES = 4000
"""Engine nodes looked at at most (the parser's largest formulas make a few hundred)."""
_SUMS = ("add", "sub", "neg")
_LETTERS = "abcdghkmnpqrstuvwz"     # not e (Euler's), f (the function), x and y


class TooLarge(Exception):
    """The graph has more than MAX_PIECES pieces (``count``: how many, or a lower bound)."""

    def __init__(self, count: int):
        super().__init__(f"graph too large to draw: {count} nodes (at most {MAX_PIECES})")
        self.count = count


class Piece(NamedTuple):
    """One box of the drawing: ``name`` (x, y, a parameter, a letter or "f"), ``kind``
    ("input", "parameter", "operation" or "constant"), ``definition`` (``a = x·y``),
    ``expression`` (the whole subexpression, for a tooltip), ``args`` (positions of its
    arguments), ``derivatives`` (its :class:`~gradviz.engine.backprop_locals.PieceDerivatives`,
    None for a leaf), ``root`` (its engine node)."""

    name: str
    kind: str
    definition: str
    expression: str
    args: tuple
    derivatives: object
    root: object


def pieces_of(graph, f, output_name: str = "f") -> tuple:
    """The pieces of f's graph, leaves first (x, y, the parameters f uses), then operations
    with every argument before its users; f is the last. TooLarge past MAX_PIECES."""
    nodes = _bounded_reachable(f)
    users = _users(nodes)
    joined = {n.index for n in nodes if _joins(n, users.get(n.index, ()), f)}
    roots = [n for n in nodes if n.op != "const" and n.index not in joined and n.op != "input"]
    leaves = [graph.x, graph.y] + [p for p in graph.params if p.index in {n.index for n in nodes}]
    if f.op == "const":
        roots = [f]
    if len(leaves) + len(roots) > MAX_PIECES:
        raise TooLarge(len(leaves) + len(roots))
    order = leaves + [r for r in roots if r not in leaves]
    position = {n.index: i for i, n in enumerate(order)}
    names = _names(order, f, graph, output_name)
    whole = text.expression_texts(nodes)
    pieces = []
    for node in order:
        members = _members(node, joined)
        args = _arguments(node, joined)
        pieces.append(Piece(
            name=names[node.index], kind=_kind(node, graph),
            definition=_definition(node, args, names),
            expression=whole.get(node.index, names[node.index]),
            args=tuple(position[a.index] for a in args),
            derivatives=PieceDerivatives(node, members, args, names) if args else None,
            root=node))
    return tuple(pieces)


class Values:
    """The engine nodes of ``pieces`` (all they are made of) evaluated at a point:
    ``at(x, y, *params)`` -> engine node index -> value, by the engine's own kernels (f's
    value is the engine's to the bit)."""

    def __init__(self, pieces, n_inputs: int):
        nodes = reachable([p.root for p in pieces])
        self.indices = [n.index for n in nodes]
        self.program = compile_nodes(nodes, n_inputs).scalar()

    def at(self, *inputs) -> dict:
        return dict(zip(self.indices, self.program(*inputs)))


# --- grouping -----------------------------------------------------------------------------


def _bounded_reachable(f):
    seen, stack = set(), [f]
    while stack:
        node = stack.pop()
        if node.index not in seen:
            seen.add(node.index)
            if len(seen) > MAX_ENGINE_NODES:
                raise TooLarge(len(seen))
            stack.extend(node.args)
    return reachable([f])


def _users(nodes):
    users = {}
    for node in nodes:
        for a in set(node.args):
            users.setdefault(a.index, []).append(node)
    return users


def _joins(node, users, f) -> bool:
    """Whether ``node`` goes inside its one user's piece (a sum in a sum, a product in a
    product)."""
    if node is f or len(users) != 1:
        return False
    user = users[0]
    return (node.op in _SUMS and user.op in _SUMS) or (node.op == "mul" and user.op == "mul")


def _members(root, joined):
    """The engine nodes of ``root``'s piece, arguments before users (creation order)."""
    found, stack = {}, [root]
    while stack:
        node = stack.pop()
        found[node.index] = node
        stack.extend(a for a in node.args if a.index in joined)
    return [found[i] for i in sorted(found)]


def _arguments(root, joined):
    """The pieces ``root``'s piece uses, each once, in reading order (left to right)."""
    if root.op == "input":
        return []
    out, stack = {}, [root]
    while stack:
        node = stack.pop()
        if node is root or node.index in joined:
            stack.extend(reversed(node.args))
        elif node.op != "const":
            out.setdefault(node.index, node)
    return list(out.values())


def _kind(node, graph) -> str:
    if node is graph.x or node is graph.y:
        return "input"
    if node.op == "input":
        return "parameter"
    return "constant" if node.op == "const" else "operation"


def _names(order, f, graph, output_name):
    """index -> name: x, y and the parameters by their own names, f by ``output_name``, the
    others by letters in order (u₁, u₂... past the letters)."""
    taken = {n.name for n in order if n.op == "input"} | {output_name}
    letters = [c for c in _LETTERS if c not in taken]
    inner = [n for n in order if n.op != "input" and n is not f]
    if len(inner) > len(letters):
        sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
        letters = [f"u{str(i + 1).translate(sub)}" for i in range(len(inner))]
    names = {n.index: n.name for n in order if n.op == "input"}
    names.update({n.index: letters[i] for i, n in enumerate(inner)})
    if f.op != "input":
        names[f.index] = output_name
    return names


def _definition(node, args, names) -> str:
    if node.op == "input":
        return names[node.index]
    body = text.write(node, {a.index: names[a.index] for a in args})
    return f"{names[node.index]} = {body}"
