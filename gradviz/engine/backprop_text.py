"""Nodes of the engine's graph written as a teacher writes them: ``x·y``, ``(y − x²)²``, ``100·c``.

For the backpropagation walkthrough (:mod:`gradviz.engine.backprop`): a node's definition in
terms of its arguments' names (``a = x·y``), the same with their values put in (``1.5·2``), and
a local derivative (``∂a/∂x = y``). ``names`` maps a node's ``index`` to the text that stands
for it (a name or a number); anything not named is written out, down to the inputs and the
constants. Unicode minus, middle dot for products, superscripts for small whole powers.

Bounded: every text is cut at ``limit`` characters ("…"), so a shared subexpression printed
once per use, as text does, never grows without end (:func:`expression_texts` builds whole
expressions bottom-up, each from its arguments' cut texts).
"""

from __future__ import annotations

from gradviz.engine.inspect_rules import fmt

MINUS = "−"
LIMIT = 60
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUM, _PRODUCT, _NEGATION, _POWER, _ATOM = 1, 2, 3, 4, 5
_INFIX = {"add": " + ", "sub": f" {MINUS} ", "mul": "·", "div": "/"}
_PRECEDENCE = {"add": _SUM, "sub": _SUM, "mul": _PRODUCT, "div": _PRODUCT, "neg": _NEGATION,
               "pow": _POWER}


def number(value: float) -> str:
    """A number as the walkthrough writes it: four significant digits, unicode minus."""
    return fmt(value)


def constant(node) -> str:
    """A constant node: π and e by name, anything else as a number."""
    if node.exact == "pi":
        return "π"
    if node.exact == "e":
        return "e"
    if isinstance(node.exact, tuple) and node.exact[0] == "mul" and node.exact[2] in ("pi", "e"):
        factor = node.exact[1]
        if isinstance(factor, int) and abs(factor) < 1000:   # 2π, −4π, as in the text typed
            return f"{number(factor)}{'π' if node.exact[2] == 'pi' else 'e'}"
    return number(node.value)


def write(node, names, limit: int = LIMIT) -> str:
    """``node`` as text, with the nodes in ``names`` (index -> text: a name or a number)
    written as given."""
    given = {i: (t, _NEGATION if t.startswith(MINUS) else _ATOM) for i, t in names.items()}
    return _cut(_write(node, given)[0], limit)


def _write(node, names):
    """(text, precedence) of ``node``; ``names``: index -> (text, precedence)."""
    if node.index in names:
        return names[node.index]
    op = node.op
    if op == "const":
        text = constant(node)
        return text, (_NEGATION if text.startswith(MINUS) else _ATOM)
    if op == "input":
        return node.name, _ATOM
    parts = [_write(a, names) for a in node.args]
    if op in _PRECEDENCE:
        return _operator(op, parts, node.args), _PRECEDENCE[op]
    return _call(op, [p[0] for p in parts]), _ATOM


def _operator(op, parts, args):
    if op == "neg":
        return MINUS + _wrap(parts[0], _NEGATION + 1)
    if op == "pow":
        base = _wrap(parts[0], _ATOM)
        exponent = args[1]
        if exponent.op == "const" and exponent.value.is_integer() and 2 <= exponent.value <= 99:
            return base + str(int(exponent.value)).translate(_SUPERSCRIPT)
        return f"{base}^{_wrap(parts[1], _ATOM)}"
    if op == "mul" and args[0] is args[1]:   # tanh's derivative 1 − tanh(u)·tanh(u)
        return _wrap(parts[0], _ATOM) + "²"
    left, right = parts
    own = _PRECEDENCE[op]
    # a − (b + c), a/(b·c): the right operand of − and / needs brackets at its own level too
    right_needs = own + 1 if op in ("sub", "div") else own
    if op == "mul" and right[1] == _NEGATION:
        right_needs = _ATOM
    left_needs = own + 1 if op == "div" and args[0].op == "div" else own   # (u/v)/v
    return _wrap(left, left_needs) + _INFIX[op] + _wrap(right, right_needs)


def _wrap(part, needs):
    text, precedence = part
    return f"({text})" if precedence < needs else text


def _call(op, args):
    if op == "positive":   # relu's derivative: 1 where its argument is positive
        return f"[{args[0]} > 0]"
    return f"{op}({', '.join(args)})"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def expression_texts(nodes, limit: int = LIMIT) -> dict:
    """index -> the whole expression of each of ``nodes`` (arguments before their users, as
    ``graph.reachable`` gives them), each cut at ``limit`` characters."""
    written = {}
    for node in nodes:
        if node.op not in ("const", "input"):
            text, precedence = _write(node, written)
            written[node.index] = (_cut(text, limit), precedence)
    return {i: text for i, (text, _) in written.items()}
