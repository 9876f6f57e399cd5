"""Formulas as LaTeX, for typesetting (``gui/views/math_view.py`` draws them with ziamath).

Two sources, both the engine's own (no user text is ever parsed here):

- f and its gradient: sympy expressions, printed by ``sympy.latex``; a unary minus is
  wrapped as ``{-}`` so that it is drawn as a sign, not a spaced operator, and a long sum is
  broken into lines between its terms (``\\\\`` and an indent).
- the inspector's update rules (``inspect_rules``), written in a small unicode vocabulary
  ("m̂ = m/(1−β₁ᵗ)", "x ← x − lr·m̂/(√v̂+ε)"): :func:`rule_latex` reads that vocabulary with a
  tokenizer and a precedence parser (a / binds the operands next to it, as in the rules'
  arithmetic) and writes ``\\hat{m} = \\frac{m}{1-\\beta_{1}^{t}}``.

Pure: sympy (imported in the functions that print it) and the standard library.
"""

from __future__ import annotations

import re

from gradviz.engine.names import FUNCTION, PARTIAL

LINE_CHARS = 38
"""Characters of a formula's plain text per typeset line, about a 360-pixel column."""


# --- f and its gradient -------------------------------------------------------------------

def expr_latex(expr) -> str:
    """``sympy.latex(expr)`` with unary minus signs drawn as signs (``{-}``)."""
    import sympy

    return _signs(sympy.latex(expr))


def _signs(latex: str) -> str:
    """A minus at the start, after an opening bracket or after "=" is a sign: ``{-}``."""
    return re.sub(r"(^|\\left\(|\\left\[|\{|=\s?|\\\\\s?\\quad\s?)\s*-(?!\})\s*", r"\1{-}",
                  latex)


def broken_latex(expr, line_chars: int = LINE_CHARS) -> str:
    """LaTeX of ``expr`` with a sum broken between its terms into lines of about
    ``line_chars`` characters of plain text each (continuation lines indented)."""
    import sympy

    from gradviz.engine.symbolic import to_text

    if not isinstance(expr, sympy.Add) or len(to_text(expr)) <= line_chars:
        return expr_latex(expr)
    terms = list(sympy.Add.make_args(expr))
    terms.sort(key=lambda t: sympy.default_sort_key(t))   # sympy's own printing order
    printed = sympy.latex(expr)
    order = sorted(terms, key=lambda t: _position(printed, sympy.latex(t)))
    lines, current, width = [], [], 0
    for term in order:
        w = len(to_text(term))
        if current and width + w > line_chars:
            lines.append(current)
            current, width = [], 0
        current.append(term)
        width += w + 3
    lines.append(current)
    out = []
    for i, group in enumerate(lines):
        text = " + ".join(sympy.latex(t) for t in group).replace("+ -", "- ")
        if i:
            text = text if text.startswith("-") else "+ " + text
        out.append(text)
    return _signs(" \\\\ \\quad ".join(out))


def _position(printed: str, piece: str) -> int:
    at = printed.find(piece.lstrip("- "))
    return at if at >= 0 else len(printed)


def function_latex(objective, names=FUNCTION, line_chars: int = LINE_CHARS):
    """(f, ∂f/∂x, ∂f/∂y) of an ``Objective`` as LaTeX equations: "f(x, y) = ...",
    "\\frac{\\partial f}{\\partial x} = ..."; sympy work (a precompiled preset builds its
    expression here): call off the GUI thread."""
    x, y, f = (_name(n) for n in names)
    heads = (f"{f}({x}, {y}) = ",
             f"\\frac{{\\partial {f}}}{{\\partial {x}}} = ",
             f"\\frac{{\\partial {f}}}{{\\partial {y}}} = ")
    exprs = (objective.expr, *objective.gradient_expr)
    return tuple(_signs(head + broken_latex(e, line_chars)) for head, e in zip(heads, exprs))


def _name(name: str) -> str:
    """A variable's name in LaTeX: w′ -> w'."""
    return name.replace("\u2032", "'")


# --- the update rules -----------------------------------------------------------------------

_GREEK = {"α": r"\alpha", "β": r"\beta", "μ": r"\mu", "τ": r"\tau", "ε": r"\varepsilon",
          "ξ": r"\xi", "Δ": r"\Delta", "σ": r"\sigma", "∂": r"\partial"}
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
_SUP = {"ᵗ": "t", "²": "2", "³": "3"}
_OPS = {"·": r"\cdot ", "−": "-", "+": "+", "←": r"\leftarrow ", "=": "=", ",": ",\\,"}
_TOKEN = re.compile(
    r"\s*(?:(?P<name>(?:[A-Za-z_]+|[αβμτεξΔσ])[\u0302\u2032]?[₀-₉]*)"
    r"|(?P<num>\d+(?:\.\d+)?)|(?P<sup>[ᵗ²³])|(?P<op>[·−+←=,/√()]))")
_WORDS = {"max": r"\max"}


def rule_latex(text: str) -> str:
    """An update rule's unicode text ("m̂ = m/(1−β₁ᵗ)") in LaTeX
    ("\\hat{m} = \\frac{m}{1-\\beta_{1}^{t}}"). Words in parentheses after the formula
    ("g (first step)") become upright text."""
    text, note = _note(text)
    tokens = _tokens(text)
    out, i = [], 0
    while i < len(tokens):
        piece, i = _sum(tokens, i)
        out.append(piece)
        if i < len(tokens):          # "=", "←" or "," between sums
            out.append(_OPS[tokens[i][1]])
            i += 1
    latex = _signs(" ".join(out))
    return latex + (f"\\ \\text{{{note}}}" if note else "")


def _note(text: str):
    match = re.search(r"\s\(([a-z][a-z ]+)\)$", text)
    return (text[: match.start()], f"({match.group(1)})") if match else (text, "")


def _tokens(text: str) -> list[tuple[str, str]]:
    text = text.replace(f"{PARTIAL}", "∂")
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        if text[pos] == "∂":     # ∂f/∂x as one fraction
            m = re.compile(r"∂(\S+?)/∂([^\s·+−=,)]+)").match(text, pos)
            if m:
                tokens.append(("frac", (m.group(1), m.group(2))))
                pos = m.end()
                continue
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot typeset {text!r} at {pos}")
        kind = m.lastgroup
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


def _sum(tokens, i):
    """Terms joined by + and −, up to "=", "←", "," or ")"."""
    parts = []
    while i < len(tokens) and not (tokens[i][0] == "op" and tokens[i][1] in "=←,)"):
        if tokens[i][0] == "op" and tokens[i][1] in "+−":
            parts.append(_OPS[tokens[i][1]])
            i += 1
            continue
        term, i = _product(tokens, i)
        parts.append(term)
    return " ".join(parts), i


def _product(tokens, i):
    """Factors joined by · and /: a / takes the factor before it and the one after it."""
    term, i = _factor(tokens, i)
    while i < len(tokens) and tokens[i][0] == "op" and tokens[i][1] in "·/":
        op = tokens[i][1]
        right, i = _factor(tokens, i + 1, strip=op == "/")
        term = f"\\frac{{{term}}}{{{right}}}" if op == "/" else f"{term} \\cdot {right}"
    return term, i


def _factor(tokens, i, strip=False):
    """A name, a number, √ of a factor, a bracketed sum (brackets kept unless ``strip``: the
    denominator of a fraction), a function call (max), each with superscripts after it."""
    kind, value = tokens[i]
    if kind == "frac":
        f, x = (_symbol(v) for v in value)
        return f"\\frac{{\\partial {f}}}{{\\partial {x}}}", i + 1
    if kind == "op" and value == "√":
        inner, i = _factor(tokens, i + 1, strip=True)
        return _sup(f"\\sqrt{{{inner}}}", tokens, i)
    if kind == "op" and value == "(":
        inner, i = _sum(tokens, i + 1)
        while i < len(tokens) and tokens[i][1] == ",":   # max(a, b)
            more, i = _sum(tokens, i + 1)
            inner += ",\\," + more
        i += 1   # ")"
        return _sup(inner if strip else f"\\left({inner}\\right)", tokens, i)
    if kind == "op" and value == "−":   # a leading sign
        inner, i = _factor(tokens, i + 1)
        return "{-}" + inner, i
    if kind == "name" and value in _WORDS and i + 1 < len(tokens) and tokens[i + 1][1] == "(":
        inner, i = _factor(tokens, i + 1)
        return _WORDS[value] + inner, i
    if kind in ("name", "num"):
        return _sup(_symbol(value) if kind == "name" else value, tokens, i + 1)
    raise ValueError(f"cannot typeset the token {value!r}")


def _sup(base, tokens, i):
    sup = ""
    while i < len(tokens) and tokens[i][0] == "sup":
        sup += _SUP[tokens[i][1]]
        i += 1
    return (f"{base}^{{{sup}}}" if sup else base), i


def _symbol(name: str) -> str:
    """One name: x, β₁ -> \\beta_{1}, m̂ -> \\hat{m}, lr -> \\mathrm{lr}, w′ -> w'."""
    hat = "\u0302" in name
    prime = "\u2032" in name
    core = name.replace("\u0302", "").replace("\u2032", "")
    digits = "".join(_SUB[c] for c in core if c in _SUB)
    core = "".join(c for c in core if c not in _SUB)
    if core in _GREEK:
        core = _GREEK[core]
    elif len(core) > 1:
        core = "\\mathrm{" + core.replace("_", "\\_") + "}"
    if hat:
        core = f"\\hat{{{core}}}"
    if prime:
        core += "'"
    return core + (f"_{{{digits}}}" if digits else "")
