"""The optimizers of :mod:`gradviz.engine.optimizers` for one coordinate of one point, on
Python floats: the fast path of a single start (:mod:`gradviz.engine.single`).

Each ``make(hyper)`` returns ``update(g, p, s, t) -> (step, s')``: ``g`` the gradient and ``p``
the point along one axis, ``s`` that axis's share of the state (a tuple holding one float per
array field of the state NamedTuple, in field order), ``t`` the count after this update.

The formulas are the batch ones operation for operation, in the same order, with the same
Python scalars (``b2**t``, ``1 - alpha``...): +, -, *, / and sqrt are correctly rounded in IEEE
arithmetic, so Python floats give the very bits numpy gives. Where Python would raise (x / 0,
sqrt of a negative number) numpy's answer is used (``scalar.scalar_divide``/``scalar_sqrt``);
``np.maximum`` (AMSGrad) is numpy's own. tests/engine/test_single.py checks bit equality.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine.scalar import scalar_divide as _div
from gradviz.engine.scalar import scalar_sqrt as _sqrt


def _lerp(start, end, weight):
    """``optimizers._lerp`` on floats: torch's ``lerp_`` rounding."""
    d = end - start
    return d * weight + start if abs(weight) < 0.5 else end - d * (1 - weight)


def _gd(h):
    lr, wd = h["lr"], h["weight_decay"]

    def update(g, p, s, t):
        if wd != 0:
            g = g + wd * p
        return -lr * g, s

    return update


def _sgd(h):
    lr, mu, wd = h["lr"], h["momentum"], h["weight_decay"]
    keep, nesterov = 1 - h["dampening"], h["nesterov"]

    def update(g, p, s, t):
        if wd != 0:
            g = g + wd * p
        if mu == 0:
            return -lr * g, s
        buf = g if t == 1 else s[0] * mu + keep * g
        return -lr * (g + mu * buf if nesterov else buf), (buf,)

    return update


def _adagrad(h):
    lr, decay, wd, eps = h["lr"], h["lr_decay"], h["weight_decay"], h["eps"]

    def update(g, p, s, t):
        if wd != 0:
            g = g + wd * p
        clr = lr / (1 + (t - 1) * decay)
        total = g * g + s[0]
        return _div(g * -clr, _sqrt(total) + eps), (total,)

    return update


def _rmsprop(h):
    lr, alpha, eps, wd = h["lr"], h["alpha"], h["eps"], h["weight_decay"]
    mom, centered = h["momentum"], h["centered"]
    rest = 1 - alpha

    def update(g, p, s, t):
        square_avg, grad_avg, buf = s
        if wd != 0:
            g = g + wd * p
        v = square_avg * alpha + (g * rest) * g
        a = _lerp(grad_avg, g, rest) if centered else grad_avg
        avg = _sqrt(v - a * a if centered else v) + eps
        if mom > 0:
            buf = buf * mom + _div(g, avg)
            return buf * -lr, (v, a, buf)
        return _div(g * -lr, avg), (v, a, buf)

    return update


def _adam(h, decoupled=False):
    lr, (b1, b2), eps, wd, amsgrad = h["lr"], h["betas"], h["eps"], h["weight_decay"], h["amsgrad"]
    w1, w2 = 1 - b1, 1 - b2

    def update(g, p, s, t):
        m, v, vmax = s
        if wd != 0 and not decoupled:
            g = g + wd * p
        m = _lerp(m, g, w1)
        v = v * b2 + (g * w2) * g
        if amsgrad:
            vmax = float(np.maximum(vmax, v))
        denom = _sqrt(vmax if amsgrad else v) / (1 - b2**t) ** 0.5 + eps
        step = _div(m * -(lr / (1 - b1**t)), denom)
        if decoupled and wd != 0:
            step = step - (lr * wd) * p
        return step, (m, v, vmax)

    return update


SCALAR_UPDATES = {
    "gd": _gd, "momentum": _sgd, "nesterov": _sgd, "adagrad": _adagrad, "rmsprop": _rmsprop,
    "adam": _adam, "amsgrad": _adam, "adamw": lambda h: _adam(h, decoupled=True),
}
