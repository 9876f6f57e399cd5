"""The optimizers of :mod:`gradviz.engine.optimizers`, in place, for the batch fast path
(:mod:`gradviz.engine.batch`).

Each ``make(hyper, state, scratch)`` returns ``update(g, p, t, lr) -> step``: ``g`` the gradient
the optimizer sees and ``p`` the points, both ``(2, m)`` (x row, y row), ``t`` the count after
this update, ``lr`` this update's learning rate (a schedule changes it step by step). The
state's arrays (``(2, m)``) are updated in place; ``step`` and the temporaries are buffers of
``scratch`` (a :class:`Scratch`), overwritten by the next call; ``g`` and ``p`` are never
written. (``np.add(a, b, out=a)`` is ``a += b``, spelled out where ``a`` is a closure's.)

The formulas are those of ``optimizers.py`` operation for operation, in the same order, with
the same Python scalars (``-(lr / (1 - b1**t))``, ``1 - alpha``...): only where each result is
written changes (``out=``, ``*=``), so every number is bit-identical to the pure ``update``
(a + b and a * b are the same IEEE operation as b + a and b * a, so ``d += start`` may become
``np.add(d, start, out=start)``). tests/engine/test_batch.py checks bit equality.
"""

from __future__ import annotations

import numpy as np


class Scratch:
    """Named buffers of shape ``(2, size)``, allocated on first use, shared by the chunks of a
    run: ``scratch.view(m)`` gives the same buffers cut to ``(2, m)``, m <= size (allocating
    them once per run, not per chunk, spares the fresh pages a new buffer costs)."""

    def __init__(self, size, made=None, length=None):
        self.size, self.length = size, size if length is None else length
        self._made = {} if made is None else made

    def view(self, m):
        return Scratch(self.size, self._made, m)

    def __getattr__(self, name):
        made = self.__dict__["_made"]
        if name not in made:
            made[name] = np.empty((2, self.size))
        return made[name][:, :self.length]


def _decayed(g, p, wd, into):
    """``g + weight_decay * p`` (``optimizers._decayed``), in ``into``; ``g`` when wd is 0."""
    if wd == 0:
        return g
    np.multiply(p, wd, out=into)
    return np.add(g, into, out=into)


def _lerp_(start, end, weight, tmp):
    """``start = optimizers._lerp(start, end, weight)``, in place."""
    d = np.subtract(end, start, out=tmp)
    if abs(weight) < 0.5:
        d *= weight
        return np.add(d, start, out=start)
    d *= 1 - weight
    return np.subtract(end, d, out=start)


def _addcmul_(acc, factor, g, scale, tmp):
    """``acc = optimizers._addcmul_(acc * factor, g, scale)``, in place."""
    acc *= factor
    np.multiply(g, scale, out=tmp)
    tmp *= g
    acc += tmp
    return acc


def _gd(h, state, b):
    wd = h["weight_decay"]
    decayed, step = (b.decayed if wd else None), b.step

    def update(g, p, t, lr):
        return np.multiply(_decayed(g, p, wd, decayed), -lr, out=step)

    return update


def _sgd(h, state, b):
    mu, keep, nesterov, wd = h["momentum"], 1 - h["dampening"], h["nesterov"], h["weight_decay"]
    buf, decayed, tmp, step = state.momentum_buffer, (b.decayed if wd else None), b.tmp, b.step

    def update(g, p, t, lr):
        g = _decayed(g, p, wd, decayed)
        if mu == 0:
            return np.multiply(g, -lr, out=step)
        if t == 1:
            np.copyto(buf, g)
        else:
            np.multiply(buf, mu, out=buf)
            np.add(buf, np.multiply(g, keep, out=tmp), out=buf)
        d = np.add(g, np.multiply(buf, mu, out=tmp), out=tmp) if nesterov else buf
        return np.multiply(d, -lr, out=step)

    return update


def _adagrad(h, state, b):
    decay, wd, eps = h["lr_decay"], h["weight_decay"], h["eps"]
    total, decayed, tmp, step = state.sum, (b.decayed if wd else None), b.tmp, b.step

    def update(g, p, t, lr):
        g = _decayed(g, p, wd, decayed)
        clr = lr / (1 + (t - 1) * decay)
        np.add(np.multiply(g, g, out=tmp), total, out=total)
        std = np.sqrt(total, out=tmp)
        std += eps
        return np.divide(np.multiply(g, -clr, out=step), std, out=step)

    return update


def _rmsprop(h, state, b):
    alpha, eps, wd, mom, centered = (h["alpha"], h["eps"], h["weight_decay"], h["momentum"],
                                     h["centered"])
    rest = 1 - alpha
    v, a, buf = state.square_avg, state.grad_avg, state.momentum_buffer
    decayed, tmp, avg, step = (b.decayed if wd else None), b.tmp, b.avg, b.step

    def update(g, p, t, lr):
        g = _decayed(g, p, wd, decayed)
        _addcmul_(v, alpha, g, rest, tmp)
        if centered:
            _lerp_(a, g, rest, tmp)
            np.subtract(v, np.multiply(a, a, out=avg), out=avg)
            np.sqrt(avg, out=avg)
        else:
            np.sqrt(v, out=avg)
        np.add(avg, eps, out=avg)
        if mom > 0:
            np.multiply(buf, mom, out=buf)
            np.add(buf, np.divide(g, avg, out=tmp), out=buf)
            return np.multiply(buf, -lr, out=step)
        return np.divide(np.multiply(g, -lr, out=step), avg, out=step)

    return update


def _adam(decoupled):
    def make(h, state, b):
        (b1, b2), eps, wd, amsgrad = h["betas"], h["eps"], h["weight_decay"], h["amsgrad"]
        m, v, vmax = state.exp_avg, state.exp_avg_sq, state.max_exp_avg_sq
        decayed = b.decayed if wd and not decoupled else None
        tmp, denom, step = b.tmp, b.denom, b.step

        def update(g, p, t, lr):
            if not decoupled:
                g = _decayed(g, p, wd, decayed)
            _lerp_(m, g, 1 - b1, tmp)
            _addcmul_(v, b2, g, 1 - b2, tmp)
            if amsgrad:
                np.maximum(vmax, v, out=vmax)
            np.sqrt(vmax if amsgrad else v, out=denom)
            np.divide(denom, (1 - b2**t) ** 0.5, out=denom)
            np.add(denom, eps, out=denom)
            np.multiply(m, -(lr / (1 - b1**t)), out=step)
            np.divide(step, denom, out=step)
            if decoupled and wd != 0:
                np.subtract(step, np.multiply(p, lr * wd, out=tmp), out=step)
            return step

        return update

    return make


BATCH_UPDATES = {"gd": _gd, "momentum": _sgd, "nesterov": _sgd, "adagrad": _adagrad,
                 "rmsprop": _rmsprop, "adam": _adam(False), "adamw": _adam(True),
                 "amsgrad": _adam(False)}
"""optimizer name -> ``make(hyper, state, scratch)``."""
