"""The inspector's text: number formatting and each optimizer's update rule with numbers.

Used by :mod:`gradviz.engine.inspect`. Each rule is written as short lines, one scalar equation
per line and per axis (a header line "along x:" then the x lines, the same for y; "along w:" and
"along b:" in the regression mode, see ``Context.names``), in the form
``lhs = symbolic = numbers = result``. A line longer than :data:`LINE_LIMIT` characters drops
its symbolic part, then (if still too long) shows ``lhs = symbolic = result``, so that it fits a
narrow dock.

Every number shown is the engine's: inputs come from the trajectory (point, gradient, previous
state, hyperparameters) and every result from its arrays (the state after the update, the
optimizer's ``derived`` values, the next point), never from a recomputation here. The only
values computed here are those the engine does not store, with the engine's own expressions:
the decayed gradient ``g + weight_decay * p`` and Nesterov's ``d = g + momentum * b``.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from gradviz.engine.names import FUNCTION

LINE_LIMIT = 70
"""Characters per formula line: about what a 360 px dock shows at a lecture-room font size."""


def fmt(value) -> str:
    """A number in 4 significant digits with a unicode minus: -0.001234 -> "−0.001234",
    2.5e-08 -> "2.5e−8", inf -> "∞", NaN -> "NaN", -0.0 -> "0"."""
    v = float(value)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    mantissa, _, exponent = f"{v:.4g}".partition("e")
    text = f"{mantissa}e{int(exponent)}" if exponent else mantissa
    return text.replace("-", "−")


def _q(value) -> str:
    """A number as an operand after another one: in parentheses when negative."""
    text = fmt(value)
    return f"({text})" if text.startswith("−") else text


def _qe(value) -> str:
    """An operand of ² or √: also in parentheses in exponent form ("(1.2e5)²", "√(1e4)")."""
    text = fmt(value)
    return f"({text})" if text.startswith("−") or "e" in text else text


def _sq(value) -> str:
    return f"{_qe(value)}²"


class FormulaLine(str):
    """A line of an update rule as text (a plain ``str``: ``"m = β₁·m + (1−β₁)·g = ... = 0.1"``)
    that also keeps its parts for a typeset display: ``rule`` (the symbolic equation,
    ``"m = β₁·m + (1−β₁)·g"``, or the left-hand side alone where there is none) and ``values``
    (``"= 0.9·0 + 0.1·1 = 0.1"``: the numbers and the result)."""

    rule: str
    values: str

    def __new__(cls, text: str, rule: str, values: str):
        line = super().__new__(cls, text)
        line.rule, line.values = rule, values
        return line


def line(lhs: str, symbolic: str | None, numbers: str | None, result) -> FormulaLine:
    """``"lhs symbolic = numbers = result"``, shortened to fit :data:`LINE_LIMIT`."""
    res = fmt(result)
    text = ""
    for parts in ((symbolic, numbers), (numbers,), (symbolic,), ()):
        text = " = ".join([p for p in parts if p] + [res])
        text = f"{lhs} {text}"
        if len(text) <= LINE_LIMIT:
            break
    head = lhs[:-2] if lhs.endswith(" =") else lhs
    rule = f"{lhs} {symbolic}" if symbolic else head
    values = " = ".join([p for p in (numbers,) if p] + [res])
    return FormulaLine(text, rule, f"= {values}")


class Context(NamedTuple):
    """One update, from point k to k+1 (t = k + 1): inputs and the engine's results.

    ``p``, ``p_next``, ``step`` (the applied step), ``grad``, ``g`` (the gradient the optimizer
    uses, weight decay included except for AdamW) are ``(2,)`` arrays; ``prev`` is
    ``state_at(k)``, ``state`` is ``state_at(k+1)`` and ``derived`` is ``derived_at(k+1)``.
    ``names`` (:class:`~gradviz.engine.names.Names`): what the axes and the value are called
    in the text, x, y, f or w, b, L (whose momentum buffer is then "m", b being the bias).
    """

    name: str
    h: dict[str, Any]
    t: int
    p: np.ndarray
    p_next: np.ndarray
    step: np.ndarray
    grad: np.ndarray
    g: np.ndarray
    prev: NamedTuple
    state: NamedTuple
    derived: dict
    noise: Any = None  # (2,) gradient noise ξ the optimizer saw (g includes it), or None
    names: Any = FUNCTION
    value: float = math.nan  # f at p (the line search's tests)


def _g_line(c: Context, i: int, a: str) -> str:
    wd = 0.0 if c.name == "adamw" else c.h.get("weight_decay", 0.0)
    symbolic, numbers = c.names.partial(a), fmt(c.grad[i])
    if c.noise is not None:
        symbolic, numbers = f"{symbolic} + ξ", f"{numbers} + {_q(c.noise[i])}"
    if wd:
        symbolic, numbers = f"{symbolic} + wd·{a}", f"{numbers} + {fmt(wd)}·{_q(c.p[i])}"
    if c.noise is None and not wd:
        return line("g =", symbolic, None, c.g[i])
    return line("g =", symbolic, numbers, c.g[i])


def _move(c: Context, i: int, a: str, symbolic: str, numbers: str) -> str:
    """The last line of an axis: ``a ← a − symbolic = p − numbers = p_next``."""
    return line(f"{a} ←", f"{a} − {symbolic}", f"{fmt(c.p[i])} − {numbers}", c.p_next[i])


def _sgd(c: Context, i: int, a: str) -> list[str]:
    """Gradient descent, momentum (``b₁ = g``, later ``b = μ·b + (1−τ)·g``), Nesterov; the
    buffer is called ``m`` where b is an axis (``c.names.buffer``)."""
    lr, g, n = fmt(c.h["lr"]), c.g[i], c.names.buffer
    mu = c.h.get("momentum", 0.0)
    if mu == 0:
        return [_move(c, i, a, "lr·g", f"{lr}·{_q(g)}")]
    b = c.state.momentum_buffer[i]
    if c.t == 1:
        out = [line(f"{n}₁ =", "g (first step)", None, b)]
    elif c.h["dampening"] == 0:
        out = [line(f"{n} =", f"μ·{n} + g",
                    f"{fmt(mu)}·{_q(c.prev.momentum_buffer[i])} + {_q(g)}", b)]
    else:
        out = [line(f"{n} =", f"μ·{n} + (1−τ)·g", f"{fmt(mu)}·{_q(c.prev.momentum_buffer[i])} + "
                    f"{fmt(1 - c.h['dampening'])}·{_q(g)}", b)]
    if c.h["nesterov"]:
        d = g + mu * b  # the engine's own expression; it does not store d
        return out + [line("d =", f"g + μ·{n}", f"{fmt(g)} + {fmt(mu)}·{_q(b)}", d),
                      _move(c, i, a, "lr·d", f"{lr}·{_q(d)}")]
    return out + [_move(c, i, a, f"lr·{n}", f"{lr}·{_q(b)}")]


def _adagrad_scalars(c: Context) -> list[str]:
    if c.h["lr_decay"] == 0:
        return []
    return [line("clr =", "lr/(1 + (t−1)·lr_decay)",
                 f"{fmt(c.h['lr'])}/(1 + {c.t - 1}·{fmt(c.h['lr_decay'])})", c.derived["clr"])]


def _adagrad(c: Context, i: int, a: str) -> list[str]:
    """``s = s + g²``; ``x ← x − clr·g/(√s+ε)`` (clr = lr without lr_decay)."""
    s, g = c.state.sum[i], c.g[i]
    name = "clr" if c.h["lr_decay"] else "lr"
    return [line("s =", "s + g²", f"{fmt(c.prev.sum[i])} + {_sq(g)}", s),
            _move(c, i, a, f"{name}·g/(√s+ε)",
                  f"{fmt(c.derived['clr'])}·{_q(g)}/(√{_qe(s)}+{fmt(c.h['eps'])})")]


def _rmsprop(c: Context, i: int, a: str) -> list[str]:
    """``v = α·v + (1−α)·g²``; centered ``a = α·a + (1−α)·g``; ``avg = √(v[−a²])+ε``;
    momentum ``b = μ·b + g/avg``, ``x ← x − lr·b``; else ``x ← x − lr·g/avg``."""
    h, g = c.h, c.g[i]
    al, one_al, lr, eps = fmt(h["alpha"]), fmt(1 - h["alpha"]), fmt(h["lr"]), fmt(h["eps"])
    v, avg = c.state.square_avg[i], c.derived["avg"][i]
    out = [line("v =", "α·v + (1−α)·g²", f"{al}·{_q(c.prev.square_avg[i])} + {one_al}·{_sq(g)}",
                v)]
    if h["centered"]:
        ga = c.state.grad_avg[i]
        out += [line("a =", "α·a + (1−α)·g", f"{al}·{_q(c.prev.grad_avg[i])} + {one_al}·{_q(g)}",
                     ga),
                line("avg =", "√(v − a²) + ε", f"√({fmt(v)} − {_sq(ga)}) + {eps}", avg)]
    else:
        out.append(line("avg =", "√v + ε", f"√{_qe(v)} + {eps}", avg))
    if h["momentum"] > 0:
        b, n = c.state.momentum_buffer[i], c.names.buffer
        out += [line(f"{n} =", f"μ·{n} + g/avg",
                     f"{fmt(h['momentum'])}·{_q(c.prev.momentum_buffer[i])} + {_q(g)}/{_q(avg)}",
                     b),
                _move(c, i, a, f"lr·{n}", f"{lr}·{_q(b)}")]
    else:
        out.append(_move(c, i, a, "lr·g/avg", f"{lr}·{_q(g)}/{_q(avg)}"))
    return out


def _adam(c: Context, i: int, a: str) -> list[str]:
    """``m = β₁·m + (1−β₁)·g``, ``v = β₂·v + (1−β₂)·g²``, amsgrad ``vmax = max(vmax, v)``,
    ``m̂ = m/(1−β₁ᵗ)``, ``v̂ = v/(1−β₂ᵗ)``, ``x ← x − lr·m̂/(√v̂+ε)``;
    AdamW: ``u = −lr·m̂/(√v̂+ε)``, ``x ← x + u − lr·wd·x``."""
    h, g, s, d = c.h, c.g[i], c.state, c.derived
    b1, b2 = h["betas"]
    lr, eps = fmt(h["lr"]), fmt(h["eps"])
    m_hat, v_hat = d["m_hat"][i], d["v_hat"][i]
    out = [line("m =", "β₁·m + (1−β₁)·g", f"{fmt(b1)}·{_q(c.prev.exp_avg[i])} + "
                f"{fmt(1 - b1)}·{_q(g)}", s.exp_avg[i]),
           line("v =", "β₂·v + (1−β₂)·g²", f"{fmt(b2)}·{_q(c.prev.exp_avg_sq[i])} + "
                f"{fmt(1 - b2)}·{_sq(g)}", s.exp_avg_sq[i])]
    v_name = "v"
    if h["amsgrad"]:
        v_name = "vmax"
        out.append(line("vmax =", "max(vmax, v)", f"max({fmt(c.prev.max_exp_avg_sq[i])}, "
                        f"{fmt(s.exp_avg_sq[i])})", s.max_exp_avg_sq[i]))
    v_used = s.max_exp_avg_sq[i] if h["amsgrad"] else s.exp_avg_sq[i]
    out += [line("m̂ =", "m/(1−β₁ᵗ)", f"{fmt(s.exp_avg[i])}/{fmt(d['bias_correction1'])}", m_hat),
            line("v̂ =", f"{v_name}/(1−β₂ᵗ)", f"{fmt(v_used)}/{fmt(d['bias_correction2'])}",
                 v_hat)]
    numbers = f"{lr}·{_q(m_hat)}/(√{_qe(v_hat)}+{eps})"
    if c.name != "adamw" or not h["weight_decay"]:
        return out + [_move(c, i, a, "lr·m̂/(√v̂+ε)", numbers)]
    # AdamW: the adaptive step (the engine's derived "step"), then the decoupled decay
    u = d["step"][i]
    return out + [line("u =", "−lr·m̂/(√v̂+ε)", f"−{numbers}", u),
                  line(f"{a} ←", f"{a} + u − lr·wd·{a}", f"{fmt(c.p[i])} + {_q(u)} − "
                       f"{lr}·{fmt(h['weight_decay'])}·{_q(c.p[i])}", c.p_next[i])]


def _generic(c: Context, i: int, a: str) -> list[str]:
    """An optimizer without a written rule: the applied step only."""
    return [line(f"{a} ←", f"{a} + Δ{a}", f"{fmt(c.p[i])} + {_q(c.step[i])}",
                 c.p_next[i])]


_FAMILIES = {"gd": _sgd, "momentum": _sgd, "nesterov": _sgd, "adagrad": _adagrad,
             "rmsprop": _rmsprop, "adam": _adam, "adamw": _adam, "amsgrad": _adam}


def formula(c: Context) -> tuple[str, ...]:
    """The update rule of ``c.name`` with the numbers of this update (see the module doc)."""
    lines = _adagrad_scalars(c) if c.name == "adagrad" else []
    for i, axis in enumerate(c.names[:2]):
        rule = _FAMILIES.get(c.name, _generic)
        lines += [f"along {axis}:", _g_line(c, i, axis)] + rule(c, i, axis)
    return tuple(lines)
