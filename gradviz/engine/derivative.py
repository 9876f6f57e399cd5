"""The exact gradient of a graph by reverse mode: the chain rule as backpropagation runs it.

Starting from f with adjoint 1, each node (in reverse order of creation: every user of a node
comes after it) hands each argument its adjoint times the local derivative, and an argument's
adjoint is the sum of what its users handed it. The adjoints are themselves nodes of the same
graph, so they share with f and with each other (``tanh(u)`` passes ``1 - tanh(u)^2``, built on
the very node ``tanh(u)``): the gradient is a constant factor larger than f, never more,
however deeply the text nests. Nodes that depend on neither x nor y get no adjoint.

Local derivatives, with n the node's own value and a its adjoint:

* u + v: a, a;   u - v: a, -a;   -u: -a;   u*v: a*v, a*u;   u/v: a/v, -(a*n)/v
* u^p: a*p*u^(p-1) to u (p constant: p - 1 folds), and a*n*log(u) to p when p depends on x
  or y and u is not the constant 0 (0^p is 0 wherever it is finite: no log(0) term)
* functions: :data:`gradviz.engine.functions.FUNCTIONS` (sin -> cos(u), tanh -> 1 - n^2, ...)
"""

from __future__ import annotations

from gradviz.engine.functions import FUNCTIONS
from gradviz.engine.graph import reachable

VARIABLES = 3  # mask bits of x and y


def gradient(graph, f):
    """(df/dx, df/dy) as nodes of ``graph``."""
    pending = {f.index: [(graph.one, None)]}
    found = {}
    for node in reversed(reachable([f])):
        shares = pending.pop(node.index, None)
        if shares is None or not node.mask & VARIABLES:
            continue
        adjoint = _total(graph, shares)
        if node.op == "input":
            found[node.value] = adjoint
            continue
        for arg, share in zip(node.args, _shares(graph, node, adjoint)):
            if share is not None and arg.mask & VARIABLES:
                pending.setdefault(arg.index, []).append(share)
    return found.get(0, graph.zero), found.get(1, graph.zero)


def _total(g, shares):
    """The sum of ``shares``, each (adjoint of a user, local derivative or None for 1), with
    the terms of one adjoint gathered: a*(y - 1) rather than a*y - a (in ``1.5 - x + x*y``
    both terms reach x through one sum). Fewer operations, and the local factors often depend
    on one variable alone, which the grid computes once per row or column."""
    groups = {}
    for adjoint, local in shares:
        groups.setdefault(adjoint.index, (adjoint, []))[1].append(g.one if local is None else local)
    return g.sum(g.mul(adjoint, g.sum(locals_)) for adjoint, locals_ in groups.values())


def _shares(g, node, a):
    """What ``node`` hands each of its arguments, given its adjoint ``a``: (a, local
    derivative) pairs, None for a local 1; or None for an argument it hands nothing."""
    op, args = node.op, node.args
    if op == "add":
        return (a, None), (a, None)
    if op == "sub":
        return (a, None), (a, g.const(-1.0))
    if op == "neg":
        return ((a, g.const(-1.0)),)
    if op == "mul":
        return (a, args[1]), (a, args[0])
    if op == "div":  # a/v and -(a*n)/v as they stand: a*(1/v) would cost a reciprocal
        return (g.div(a, args[1]), None), (g.neg(g.div(g.mul(a, node), args[1])), None)
    if op == "pow":
        return _power_shares(g, node, a)
    return tuple(None if d is None else (a, d) for d in FUNCTIONS[op].derivative(g, node))


def _power_shares(g, node, a):
    u, p = node.args
    to_base = to_exponent = None
    if u.mask & VARIABLES:
        to_base = (a, g.mul(p, g.pow(u, g.sub(p, g.one))))
    if p.mask & VARIABLES and not (u.is_const and u.value == 0.0):
        to_exponent = (a, g.mul(node, g.call("log", u)))
    return to_base, to_exponent
