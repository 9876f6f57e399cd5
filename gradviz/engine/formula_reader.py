"""Reading a formula for typesetting: a tokenizer and a precedence reader that turn gradviz's
grammar (``-400*x*(-x^2 + y)``) or the inspector's unicode rules (``m̂ = m/(1−β₁ᵗ)``) into a
small tree of tuples: ("num", text), ("name", text), ("partial", (f, x)), ("paren", node),
("add", [(sign, node), ...]), ("neg", node), ("mul", [(op, node), ...]), ("div", a, b),
("pow", base, exponent), ("call", name, [args]), and at the top ("top", [sum, "=", sum, ...]).

Nothing is evaluated. ``typeset.py`` prints the tree as LaTeX. Pure: the standard library.
"""

from __future__ import annotations

import re

_SUP = {"ᵗ": "t", "²": "2", "³": "3"}
_TOKEN = re.compile(r"""\s*(?:
    (?P<partial>∂(?P<pf>[^\s/]+?)/∂(?P<px>[^\s·+−=,)]+))
  | (?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<name>(?:[A-Za-z_][A-Za-z0-9_]*|[αβμτεξΔσ])[\u0302\u2032]*[₀-₉]*)
  | (?P<sup>[ᵗ²³]+)
  | (?P<op>\*\*|[-+*/^()=,·−←√]))""", re.VERBOSE)


# --- reading --------------------------------------------------------------------------------

def _tokens(text: str) -> list[tuple[str, object]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot typeset {text!r} at character {pos + 1}")
        kind = m.lastgroup if m.lastgroup not in ("pf", "px") else "partial"
        if m.group("partial"):
            out.append(("partial", (m.group("pf"), m.group("px"))))
        else:
            value = m.group(kind)
            value = {"−": "-", "**": "^"}.get(value, value)
            out.append((kind, value))
        pos = m.end()
    return out


class _Reader:
    """Precedence reading: top = sum (("=" | "←" | ",") sum)*; sum = product (± product)*;
    product = unary (("*" | "·" | "/") unary)*; unary = "-" unary | power;
    power = postfix ("^" unary)?; postfix = atom superscript*; atom = number | ∂f/∂x | name |
    name(args) | (sum) | √postfix."""

    def __init__(self, tokens):
        self.tokens, self.i = tokens, 0

    def peek(self, *values):
        if self.i < len(self.tokens):
            kind, value = self.tokens[self.i]
            if kind == "op" and (not values or value in values):
                return value
        return None

    def take(self, value):
        if self.peek(value) is None:
            raise ValueError(f"expected {value!r}")
        self.i += 1

    def top(self):
        parts = [self.sum()]
        while self.peek("=", "←", ","):
            parts.append(self.tokens[self.i][1])
            self.i += 1
            parts.append(self.sum())
        if self.i != len(self.tokens):
            raise ValueError("unexpected text after the formula")
        return ("top", parts)

    def sum(self):
        terms = [("+", self.product())] if not self.peek("+", "-") else []
        while self.peek("+", "-"):
            sign = self.tokens[self.i][1]
            self.i += 1
            terms.append((sign, self.product()))
        return terms[0][1] if len(terms) == 1 and terms[0][0] == "+" else ("add", terms)

    def product(self):
        """Factors joined by * and ·; a / takes the whole product before it ((a·b)/c, the
        same number) and the factor after it."""
        run = [("", self.unary())]
        while self.peek("*", "·", "/"):
            op = self.tokens[self.i][1]
            self.i += 1
            factor = self.unary()
            if op == "/":
                left = run[0][1] if len(run) == 1 else ("mul", run)
                run = [("", ("div", left, factor))]
            else:
                run.append((op, factor))
        return run[0][1] if len(run) == 1 else ("mul", run)

    def unary(self):
        if self.peek("-"):
            self.i += 1
            return ("neg", self.unary())
        if self.peek("+"):
            self.i += 1
            return self.unary()
        return self.power()

    def power(self):
        base = self.postfix()
        if self.peek("^"):
            self.i += 1
            return ("pow", base, self.unary())
        return base

    def postfix(self):
        node = self.atom()
        while self.i < len(self.tokens) and self.tokens[self.i][0] == "sup":
            node = ("pow", node, ("name", "".join(_SUP[c] for c in self.tokens[self.i][1])))
            self.i += 1
        return node

    def atom(self):
        if self.i >= len(self.tokens):
            raise ValueError("the formula ends too soon")
        kind, value = self.tokens[self.i]
        self.i += 1
        if kind == "num":
            return ("num", value)
        if kind == "partial":
            return ("partial", value)
        if kind == "op" and value == "√":
            return ("call", "sqrt", [self.postfix()])
        if kind == "op" and value == "(":
            inner = self.sum()
            self.take(")")
            return ("paren", inner)
        if kind == "name":
            if self.peek("("):
                self.i += 1
                args = [self.sum()]
                while self.peek(","):
                    self.i += 1
                    args.append(self.sum())
                self.take(")")
                return ("call", value, args)
            return ("name", value)
        raise ValueError(f"cannot typeset {value!r} here")


def read(text: str):
    """The tree of ``text`` (ValueError where it is not a formula)."""
    return _Reader(_tokens(text)).top()
