"""The inspector's rows and update rule for the optimizers that look around their points:
Newton's method and gradient descent with a line search (used by :mod:`gradviz.engine.inspect`
and :mod:`gradviz.engine.inspect_rules`).

Every number comes from the trajectory (the state after the update holds the Hessian, its
eigenvalues and the remedy, or every trial and f there) or from the engine's own formulas
(``newton.curvatures`` through the optimizer's ``derived``, ``line_search.decrease_bound``).
Two are worked back from the stored step, to the 4 digits shown: Newton's solved direction
``d = M^-1 g = -step / lr``, and nothing else.
"""

from __future__ import annotations

import math

from gradviz.engine.inspect_rules import fmt, line
from gradviz.engine.line_search import decrease_bound
from gradviz.engine.newton import FLIPPED, NOT_FINITE, RAISED

LOOKING = ("newton", "gd_armijo")


def _pair(a, b):
    return float(a), float(b)


def rows(name, state, derived, h, note, row):
    """The state rows of ``name`` (``row(key, label, value, note)`` makes one)."""
    after = f"after update {state.count}" if state.count else "initial"
    if name == "newton":
        return [row("hessian_x", "(f_xx, f_xy), Hessian row x", _pair(state.f_xx, state.f_xy),
                    "exact, at the point the step left"),
                row("hessian_y", "(f_xy, f_yy), Hessian row y", _pair(state.f_xy, state.f_yy),
                    after),
                row("eigenvalues", "(λ₁, λ₂), eigenvalues of H",
                    _pair(state.eig_low, state.eig_high), after),
                row("curvatures", "(μ₁, μ₂) = max(|λ|, δ), used",
                    _pair(derived["mu_low"], derived["mu_high"]),
                    note or ("plain Newton step" if state.count else "initial"))]
    return [row("t", "t, step size taken", float(state.t),
                note or (f"after {int(state.trials)} trial(s)" if state.count else "initial")),
            row("trials", "trials, f evaluated", float(state.trials), after)]


def formula(c):
    """The update rule of Newton's method or the line search with this update's numbers."""
    return _newton(c) if c.name == "newton" else _line_search(c)


def _newton(c):
    s, lr = c.state, c.h["lr"]
    remedy = int(s.remedy)
    lines = [f"H = [[{fmt(s.f_xx)}, {fmt(s.f_xy)}], [{fmt(s.f_xy)}, {fmt(s.f_yy)}]]",
             f"λ = {fmt(s.eig_low)}, {fmt(s.eig_high)}"]
    if remedy & NOT_FINITE:
        lines.append("H is not finite: no Newton step")
    elif remedy & (FLIPPED | RAISED):
        why = "λ < 0: |λ| used" if remedy & FLIPPED else f"|λ| < δ = {fmt(c.h['min_curvature'])}"
        lines.append(line("μ =", "max(|λ|, δ)", None, c.derived["mu_low"])
                     + f", {fmt(c.derived['mu_high'])} ({why})")
    else:
        lines.append("H positive definite: M = H, the plain Newton step")
    d = [-c.step[i] / lr if lr else math.nan for i in range(2)]
    lines.append(f"d = M⁻¹g = ({fmt(d[0])}, {fmt(d[1])})")
    return lines + _axes(c, "lr·d", lambda i: f"{fmt(lr)}·{_q(d[i])}")


def _axes(c, symbolic, numbers):
    """Per axis: its header, g, and ``a ← a − symbolic = p − numbers(i) = p_next``."""
    lines = []
    for i, a in enumerate(c.names[:2]):
        lines += [f"along {a}:", line("g =", c.names.partial(a), None, c.g[i]),
                  line(f"{a} ←", f"{a} − {symbolic}", f"{fmt(c.p[i])} − {numbers(i)}",
                       c.p_next[i])]
    return lines


def _q(value):
    text = fmt(value)
    return f"({text})" if text.startswith("−") else text


def _line_search(c):
    s, h = c.state, c.h
    gg = float(c.g[0] * c.g[0] + c.g[1] * c.g[1])
    f = c.value
    lines = [line("|g|² =", None, None, gg)]
    t = h["lr"]
    n = int(s.trials)
    for j in range(n):
        passed = bool(s.accepted) and j == n - 1
        bound = decrease_bound(f, t, gg, h["sigma"])
        sign, verdict = ("≤", "accepted") if passed else (">", "rejected")
        lines.append(f"t = {fmt(t)}: f = {fmt(s.trial_values[j])} {sign} "
                     f"{fmt(bound)}, {verdict}")
        t = t * h["shrink"]
    if not s.accepted:
        lines.append("none passed: " + ("no step" if s.t == 0 else f"took t = {fmt(s.t)}"))
    lines.append(f"(test: f(p − t·g) ≤ f(p) − σ·t·|g|², σ = {fmt(h['sigma'])})")
    return lines + _axes(c, "t·g", lambda i: f"{fmt(s.t)}·{_q(c.g[i])}")
