"""Backpropagation through the regression mode's model and loss: a (tiny) model, as in training.

For the line ŷ = w·x + b and the houses (x_i, y_i), i = 1..n, the loss is a mean of one term a
house (:mod:`gradviz.engine.losses`)::

    ŷᵢ = w·xᵢ + b,   rᵢ = ŷᵢ − yᵢ,   ℓᵢ = l(rᵢ)  (rᵢ² for the squared error),
    L = (ℓ₁ + ... + ℓₙ)/n

The graph is drawn for one house i (its numbers; the caller picks which) and stands for all n:
the per-house boxes are stacked n deep, and the mean's box says "mean over n houses". The
backward pass runs through house i edge by edge (∂L/∂ℓᵢ = 1/n, ∂ℓᵢ/∂rᵢ = l'(rᵢ), ∂rᵢ/∂ŷᵢ = 1,
∂ŷᵢ/∂w = xᵢ, ∂ŷᵢ/∂b = 1), then every house sends its share the same way and w and b add them
up: ∂L/∂w = Σᵢ (1/n)·l'(rᵢ)·xᵢ and ∂L/∂b = Σᵢ (1/n)·l'(rᵢ), which equal the loss's gradient
(computed here house by house, checked in the tests against the loss's closed form).
"""

from __future__ import annotations

import numpy as np

from gradviz.engine.backprop_steps import GraphNode, assemble
from gradviz.engine.backprop_text import number

W, B, X, Y, PREDICTION, RESIDUAL, TERM, MEAN = range(8)
_SLOPE_TEXT = {"mse": "2·rᵢ", "mae": "sign(rᵢ)", "huber": "clip(rᵢ, −δ, δ)"}
_TERM_TEXT = {"mse": "rᵢ²", "mae": "|rᵢ|", "huber": "huber(rᵢ)"}
_WORKED = {"mse": lambda r: f"{_p(r)}²", "mae": lambda r: f"|{number(r)}|",
           "huber": lambda r: f"huber({number(r)})"}


def walkthrough(loss, w: float, b: float, house: int = 0):
    """The :class:`~gradviz.engine.backprop.Walkthrough` of ``loss`` (a RegressionLoss) at
    (w, b), drawn for house ``house`` (0-based, clamped into range)."""
    u, y, n = loss.features, loss.data.y, len(loss.features)
    i = min(max(int(house), 0), n - 1)
    point_loss, delta = loss.point_loss, loss.delta
    with np.errstate(all="ignore"):
        residuals = float(w) * u + float(b) - y             # every house's rᵢ, (n,)
        slopes = point_loss.slope(residuals, delta)          # l'(rᵢ)
        terms = point_loss.term(residuals, delta)
        share_w, share_b = slopes * u / n, slopes / n        # each house's share of ∂L/∂w, ∂L/∂b
    r, xi = float(residuals[i]), float(u[i])
    nodes = _nodes(loss, float(w), float(b), i, r, float(terms[i]), float(terms.mean()))
    key = point_loss.key
    feature = "x'ᵢ" if loss.scaled else "xᵢ"
    locals_ = [[], [], [], [], [xi, None, 1.0], [1.0, None], [float(slopes[i])], [1.0 / n]]
    texts = [[], [], [], [], [f"∂ŷᵢ/∂w = {feature}", "", "∂ŷᵢ/∂b = 1"],
             ["∂rᵢ/∂ŷᵢ = 1", ""], [f"∂ℓᵢ/∂rᵢ = {_SLOPE_TEXT[key]}"], [f"∂L/∂ℓᵢ = 1/{n}"]]
    totals = {W: float(np.sum(share_w)), B: float(np.sum(share_b))}
    gather = (_gather_caption(n, i, float(share_w[i]), float(share_b[i]), totals), totals)
    choices = tuple(f"house {j + 1}: x = {number(loss.data.x[j])}, y = {number(y[j])}"
                    for j in range(n))
    return assemble(nodes, locals_, texts, MEAN, (W, B), (float(w), float(b)), gather,
                    output_name="L", choices=choices, choice=i, formula=loss.text)


def _nodes(loss, w, b, i, r, term, mean):
    n = len(loss.features)
    xi, yi = float(loss.features[i]), float(loss.data.y[i])
    key = loss.point_loss.key
    feature = "x'ᵢ" if loss.scaled else "xᵢ"
    names = loss.data.names or ("x", "y")
    x_note = f"{'scaled ' if loss.scaled else ''}{names[0]} of house {i + 1}"
    prediction = w * xi + b
    term_text = _TERM_TEXT[key] + (f", δ = {number(loss.delta)}" if key == "huber" else "")
    per_house = dict(copies=n)
    return [
        GraphNode("w", "input", "w", "w", (), w, None, note="slope"),
        GraphNode("b", "input", "b", "b", (), b, None, note="intercept"),
        GraphNode(feature, "data", feature, feature, (), xi, None, note=x_note, **per_house),
        GraphNode("yᵢ", "data", "yᵢ", "yᵢ", (), yi, None, note=f"{names[1]} of house {i + 1}",
                  **per_house),
        GraphNode("ŷᵢ", "operation", f"ŷᵢ = w·{feature} + b", f"w·{feature} + b", (W, X, B),
                  prediction, None, worked=f"{_p(w)}·{_p(xi)} + {_p(b)}",
                  note="the line's prediction, for each house", **per_house),
        GraphNode("rᵢ", "operation", "rᵢ = ŷᵢ − yᵢ", f"w·{feature} + b − yᵢ", (PREDICTION, Y),
                  r, None, worked=f"{_p(prediction)} − {_p(yi)}",
                  note="the residual, for each house",
                  **per_house),
        GraphNode("ℓᵢ", "operation", f"ℓᵢ = {_TERM_TEXT[key]}", f"l(rᵢ) = {term_text}",
                  (RESIDUAL,), term, None, worked=_WORKED[key](r),
                  note="each house's loss", **per_house),
        GraphNode("L", "operation", f"L = (ℓ₁ + … + ℓ{_sub(n)})/{n}", loss.text, (TERM,), mean,
                  None, worked=f"mean of {n} terms (this house's: {number(term)})",
                  note=f"mean over {n} houses"),
    ]


def _gather_caption(n, i, own_w, own_b, totals):
    return (f"backward: every house sends its share the same way; house {i + 1}'s were "
            f"{number(own_w)} to w and {number(own_b)} to b. All {n} add up: "
            f"∂L/∂w = {number(totals[W])}, ∂L/∂b = {number(totals[B])}")


def _p(value: float) -> str:
    text = number(value)
    return f"({text})" if text.startswith("−") else text


def _sub(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
