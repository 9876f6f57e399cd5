"""Formulas as LaTeX, for typesetting (``gui/views/math_view.py`` draws them with ziamath).

One small reader for two spellings of a formula, both checked before they get here:

- gradviz's grammar, as typed and as ``Objective.gradient_text`` prints it:
  ``-400*x*(-x^2 + y) + 2*x - 2`` -> ``{-}400 x \\left({-}x^{2} + y\\right) + 2 x - 2``;
  only texts the expression parser accepted are typeset (it bounds their size and depth);
- the inspector's update rules, in unicode (``inspect_rules``): ``m̂ = m/(1−β₁ᵗ)`` ->
  ``\\hat{m} = \\frac{m}{1 - \\beta_{1}^{t}}``.

``formula_reader`` builds a small tree (sum, product, quotient, power, sign, call, bracket);
this module prints it: a quotient as a fraction, ``exp(u)`` as ``e^{u}``, ``sqrt`` as a
root, a unary minus as a sign (``{-}``: ziamath would space it as an operator), a long sum
broken between its terms into lines. Nothing is evaluated; no sympy (a precompiled preset
starts without it). Pure: the standard library.
"""

from __future__ import annotations

import re

from gradviz.engine.formula_reader import read
from gradviz.engine.names import FUNCTION

LINE_CHARS = 38
"""Characters of a formula's plain text per typeset line, about a 360-pixel column."""

_GREEK = {"α": r"\alpha", "β": r"\beta", "μ": r"\mu", "τ": r"\tau", "ε": r"\varepsilon",
          "ξ": r"\xi", "Δ": r"\Delta", "σ": r"\sigma"}
_GREEK_WORDS = {w: "\\" + w for w in (
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "kappa", "lambda",
    "mu", "nu", "xi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega", "pi")}
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
_FUNCTIONS = {"sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "sinh": r"\sinh",
              "cosh": r"\cosh", "tanh": r"\tanh", "log": r"\ln", "ln": r"\ln",
              "max": r"\max", "min": r"\min", "arctan": r"\arctan", "arcsin": r"\arcsin",
              "arccos": r"\arccos"}
# --- printing -------------------------------------------------------------------------------

def _latex(node) -> str:
    kind = node[0]
    if kind == "num":
        return _number(node[1])
    if kind == "name":
        return _symbol(node[1])
    if kind == "partial":
        f, x = (_symbol(v) for v in node[1])
        return f"\\frac{{\\partial {f}}}{{\\partial {x}}}"
    if kind == "paren":
        return f"\\left({_latex(node[1])}\\right)"
    if kind == "add":
        out = []
        for i, (sign, term) in enumerate(node[1]):
            text = _latex(term)
            if i == 0:
                out.append(("{-}" if sign == "-" else "") + text)
            else:
                out.append(f"{sign} {text}")
        return " ".join(out)
    if kind == "neg":
        inner = node[1]
        return "{-}" + (_wrap(inner) if inner[0] == "add" else _latex(inner))
    if kind == "mul":
        return _product(node[1])
    if kind == "div":
        return f"\\frac{{{_latex(_bare(node[1]))}}}{{{_latex(_bare(node[2]))}}}"
    if kind == "pow":
        return _power(node[1], node[2])
    if kind == "call":
        return _call(node[1], node[2])
    raise ValueError(kind)


def _bare(node):
    """A bracketed node without its brackets (a fraction's parts, an exponent, a root)."""
    return node[1] if node[0] == "paren" else node


def _wrap(node) -> str:
    text = _latex(node)
    return text if node[0] == "paren" else f"\\left({text}\\right)"


def _product(factors) -> str:
    out = ""
    for i, (op, factor) in enumerate(factors):
        text = _wrap(factor) if factor[0] in ("add", "neg") and i else _latex(factor)
        if factor[0] == "add" and not i:
            text = _wrap(factor)
        if i == 0:
            out = text
        elif op == "·" or factor[0] == "num" or (factor[0] == "pow" and factor[1][0] == "num"):
            out += f" \\cdot {text}"      # a number after anything needs its dot
        else:
            out += f" {text}"
    return out


def _power(base, exponent) -> str:
    exp = _latex(_bare(exponent))
    if base[0] == "call" and base[1] in _FUNCTIONS and base[1] not in ("max", "min"):
        return f"{_FUNCTIONS[base[1]]}^{{{exp}}}{_args(base[2])}"    # sin^{2}(x)
    simple = base[0] in ("num", "name", "paren", "partial") or (
        base[0] == "call" and base[1] in ("abs", "sqrt"))
    text = _latex(base) if simple and not (base[0] == "num" and base[1].startswith("-")) \
        else f"\\left({_latex(base)}\\right)"
    return f"{text}^{{{exp}}}"


def _call(name: str, args) -> str:
    if name == "sqrt":
        return f"\\sqrt{{{_latex(_bare(args[0]))}}}"
    if name == "exp":
        return f"e^{{{_latex(_bare(args[0]))}}}"
    if name == "abs":
        return f"\\left|{_latex(args[0])}\\right|"
    head = _FUNCTIONS.get(name, f"\\operatorname{{{name}}}")
    return head + _args(args)


def _args(args) -> str:
    return "\\left(" + ",\\,".join(_latex(a) for a in args) + "\\right)"


def _number(text: str) -> str:
    if "e" in text.lower():
        mantissa, exponent = re.split("[eE]", text)
        return f"{mantissa} \\cdot 10^{{{int(exponent)}}}"
    return text


def _symbol(name: str) -> str:
    """One name: x, β₁ -> \\beta_{1}, m̂ -> \\hat{m}, lr -> \\mathrm{lr}, w′ -> w',
    alpha -> \\alpha, lr_decay -> \\mathrm{lr\\_decay}."""
    hat = "\u0302" in name
    primes = name.count("\u2032")
    core = name.replace("\u0302", "").replace("\u2032", "")
    digits = "".join(_SUB[c] for c in core if c in _SUB)
    core = "".join(c for c in core if c not in _SUB)
    if core in _GREEK:
        core = _GREEK[core]
    elif core in _GREEK_WORDS:
        core = _GREEK_WORDS[core]
    elif len(core) > 1:
        core = "\\mathrm{" + core.replace("_", "\\_") + "}"
    if hat:
        core = f"\\hat{{{core}}}"
    return core + "'" * primes + (f"_{{{digits}}}" if digits else "")


# --- lines ----------------------------------------------------------------------------------

def _width(node) -> float:
    """About how many characters ``node`` takes typeset (for breaking lines)."""
    kind = node[0]
    if kind in ("num", "name"):
        return len(node[1]) if kind == "num" or len(node[1]) > 1 else 1
    if kind == "partial":
        return 3
    if kind == "paren":
        return _width(node[1]) + 2
    if kind == "add":
        return sum(_width(t) + 3 for _, t in node[1])
    if kind == "neg":
        return _width(node[1]) + 1
    if kind == "mul":
        return sum(_width(f) + 1 for _, f in node[1])
    if kind == "div":
        return max(_width(node[1]), _width(node[2])) + 1
    if kind == "pow":
        return _width(node[1]) + 0.6 * _width(node[2])
    if kind == "call":
        return len(node[1]) + 2 + sum(_width(a) for a in node[2])
    return 1


STRETCH_DEPTH = 3
"""Brackets nested deeper than this are all drawn at one size: ziamath measures a stretchy
bracket's contents again for each one around it, so its time doubles with every level (tanh
nested 8 deep took 0.8 s, its gradient seconds, and the typesetter's thread starved the GUI
thread of Python's lock: a key waited 6 s); plain brackets cost the same at any depth."""

_STRETCHY = re.compile(r"\\left[(|]|\\right[)|]")


def text_latex(text: str, line_chars: int | None = None) -> str:
    """A formula in gradviz's grammar (or an update rule) as LaTeX; with ``line_chars``,
    a sum longer than that is broken between its terms into indented lines. Brackets nested
    deeper than STRETCH_DEPTH are plain ones."""
    tree = read(text)
    parts = tree[1]
    if len(parts) == 1 and line_chars and parts[0][0] == "add" and _width(parts[0]) > line_chars:
        return _bounded(_broken(parts[0][1], line_chars))
    out = []
    for part in parts:
        out.append({"=": "=", "←": "\\leftarrow", ",": ",\\,"}[part] if isinstance(part, str)
                   else _latex(part))
    return _bounded(" ".join(out))


def _bounded(latex: str) -> str:
    """``latex`` with plain brackets for stretchy ones where they nest deeper than
    STRETCH_DEPTH."""
    depth = deepest = 0
    for match in _STRETCHY.finditer(latex):
        depth += 1 if match.group().startswith("\\left") else -1
        deepest = max(deepest, depth)
    if deepest <= STRETCH_DEPTH:
        return latex
    return _STRETCHY.sub(lambda m: m.group()[-1], latex)


def _broken(terms, line_chars) -> str:
    lines, current, width = [], [], 0.0
    for sign, term in terms:
        w = _width(term) + 3
        if current and width + w > line_chars:
            lines.append(current)
            current, width = [], 0.0
        current.append((sign, term))
        width += w
    lines.append(current)
    printed = []
    for i, group in enumerate(lines):
        if i:   # a continued sum: its sign is the operator carried over
            printed.append(f"{group[0][0]} " + _latex(("add", [("+", group[0][1])] + group[1:])))
        else:
            printed.append(_latex(("add", group)))
    return " \\\\ \\quad ".join(printed)


def function_latex(objective, names=FUNCTION, line_chars: int = LINE_CHARS, gradient=None):
    """(f, ∂f/∂x, ∂f/∂y) of an ``Objective`` as LaTeX equations, from its text as typed and
    its gradient's text: ``gradient`` (df/dx, df/dy) when given, else the objective's own
    (no sympy here; the objective may print them)."""
    texts = (objective.text, *(gradient or objective.gradient_text))
    return tuple(head + text_latex(t, line_chars) for head, t in zip(heads(names), texts))


def heads(names=FUNCTION) -> tuple:
    """The left sides "f(x, y) = ", "∂f/∂x = ", "∂f/∂y = " in LaTeX, for ``names``."""
    x, y, f = (_symbol(n) for n in names)
    return (f"{f}({x}, {y}) = ",
            f"\\frac{{\\partial {f}}}{{\\partial {x}}} = ",
            f"\\frac{{\\partial {f}}}{{\\partial {y}}} = ")


def rule_latex(text: str) -> str:
    """An update rule's unicode text ("m̂ = m/(1−β₁ᵗ)") in LaTeX
    ("\\hat{m} = \\frac{m}{1 - \\beta_{1}^{t}}"). Words in brackets after the formula
    ("g (first step)") become upright text."""
    match = re.search(r"\s\(([a-z][a-z ]+)\)$", text)
    note = ""
    if match:
        text, note = text[: match.start()], f"\\ \\text{{({match.group(1)})}}"
    return text_latex(text) + note
