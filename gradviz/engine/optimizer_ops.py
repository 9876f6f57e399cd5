"""What every optimizer definition (:mod:`gradviz.engine.optimizers`) is written with.

An optimizer's update is written once, as a *rule*: ``rule(h, ops) -> update`` binds the
hyperparameters ``h`` (a full dict, see ``resolve_hyper``) and returns
``update(g, p, s, t, lr) -> (step, s')``, element-wise straight-line code over

- Python's ``+ - * /`` and ``**`` (division ``/`` only by a number that cannot be 0, such as a
  bias correction), unary ``-``, and
- ``ops.sqrt``, ``ops.div`` (division by a value that may be 0: inf or NaN as numpy gives),
  ``ops.maximum`` (numpy's: NaN wins) and :func:`lerp` (torch's ``lerp_`` rounding),

where ``g`` is the gradient the optimizer sees and ``p`` the point (one coordinate, or arrays of
any shape), ``s`` a tuple of the state's array fields (in the state NamedTuple's order, without
``count``), ``t`` the count after this update (an int >= 1) and ``lr`` this update's learning
rate (a schedule changes it step by step). Branches may test the hyperparameters and
``t == 1`` (torch's SGD treats its first step apart), nothing else.

The same code then runs three ways, with the same operations in the same order, so every
number is bit-identical (IEEE +, -, *, / and sqrt are correctly rounded on floats and arrays
alike):

- on Python floats (``ops=FLOATS``): one start, where numpy's per-call overhead would be the
  whole cost (:mod:`gradviz.engine.single`);
- on numpy arrays (``ops=ARRAYS``): the pure ``Optimizer.update`` (:func:`pure_update`);
- traced once into a list of operations run in place on fixed buffers, for batches
  (:mod:`gradviz.engine.traced`).

``LIMITS`` holds each hyperparameter's range: the values ``torch.optim`` accepts (others raise
ValueError in ``resolve_hyper``) and the range the GUI's fields and sliders offer.
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple

import numpy as np

from gradviz.engine.scalar import scalar_divide, scalar_sqrt


def lerp(start, end, weight):
    """``start + weight * (end - start)``, rounded the way torch's ``lerp_`` rounds it (from
    ``end`` when ``|weight| >= 0.5``). ``weight`` is a number (a hyperparameter)."""
    d = end - start
    return d * weight + start if abs(weight) < 0.5 else end - d * (1 - weight)


class Ops(NamedTuple):
    """The operations a rule takes from its caller: ``sqrt(a)``, ``div(a, b)``, ``maximum(a, b)``."""

    sqrt: Callable
    div: Callable
    maximum: Callable


def _array_sqrt(a):
    with np.errstate(invalid="ignore"):   # a negative number's root is NaN, as in torch
        return np.sqrt(a)


FLOATS = Ops(scalar_sqrt, scalar_divide, lambda a, b: float(np.maximum(a, b)))
"""Python floats: numpy's answers where Python would raise (x / 0, sqrt of a negative)."""
ARRAYS = Ops(_array_sqrt, np.divide, np.maximum)
"""numpy arrays, each result a fresh array."""


class Limits(NamedTuple):
    """The values a hyperparameter may take.

    ``low``: torch.optim raises ValueError below it (None: no check); ``below``: and at or above
    it (betas: [0, 1)). ``field``: the range the GUI's field or slider offers (may be narrower
    than torch's: momentum 0..1); ``log``: the GUI shows a log-scale slider.
    """

    low: float | None = 0.0
    below: float = math.inf
    field: tuple[float, float] = (0.0, math.inf)
    log: bool = False


UNIT = Limits(field=(0.0, 1.0))
LIMITS = {
    "lr": Limits(field=(1e-5, 10.0), log=True),
    "momentum": UNIT,
    "dampening": Limits(low=None, field=(0.0, 1.0)),   # torch.optim does not check it
    "alpha": UNIT,
    "betas": Limits(below=1.0, field=(0.0, 1.0 - 1e-12)),  # beta 1: bias correction 1 - 1 = 0
    "eps": UNIT,
    "weight_decay": Limits(),
    "lr_decay": Limits(),
    "initial_accumulator_value": Limits(),
}
"""Numeric hyperparameter name -> Limits, shared by every optimizer that has the name (a
definition may add its own). Switches (nesterov, amsgrad, centered) have none."""


def check_limits(h: dict, limits) -> None:
    """Raise ValueError, with torch.optim's wording, for a value outside its ``Limits``."""
    for name, value in h.items():
        lim = limits.get(name)
        if lim is None or lim.low is None:
            continue
        if isinstance(value, tuple):
            for i, v in enumerate(value):
                if not lim.low <= v < lim.below:
                    raise ValueError(f"Invalid {name[:-1]} parameter at index {i}: {v} "
                                     f"(must be in [{lim.low:g}, {lim.below:g}))")
        elif not lim.low <= value < lim.below:
            bound = f">= {lim.low:g}" if lim.below == math.inf else f"in [{lim.low:g}, {lim.below:g})"
            raise ValueError(f"Invalid {name} value: {value} (must be {bound})")


def pure_update(rule, state_type, fill: Callable[[dict], dict]) -> Callable:
    """``Optimizer.update``, ``(grads, state, points, hyper) -> (step, new_state)``, from a
    rule: the rule on numpy arrays, fresh results, its arguments never written. ``fill(hyper)``
    completes the hyperparameters with the defaults. A state field the rule hands back as the
    gradient or the point itself is copied, so the state never aliases the caller's arrays."""

    def update(grads, state, points, hyper):
        h = fill(hyper)
        t = state.count + 1
        step, fields = rule(h, ARRAYS)(grads, points, tuple(state[1:]), t, h["lr"])
        fields = [np.array(f, dtype=float) if f is grads or f is points else f for f in fields]
        return step, state_type(t, *fields)

    update.__doc__ = rule.__doc__
    return update



def looking_update(look, state_type, fill: Callable[[dict], dict]) -> Callable:
    """``Optimizer.update`` of an optimizer that looks around its points (``Optimizer.look``):
    ``(grads, state, points, hyper, around) -> (step, new_state)``, ``around`` an
    :class:`~gradviz.engine.around.Around` of the objective. ``look(h, ops)`` returns
    ``update(g, p, f, s, t, lr, around) -> ((dx, dy), s')`` with ``g = (gx, gy)``,
    ``p = (x, y)`` and ``f`` arrays ``(m,)``, ``s`` the state's fields without ``count``
    (leading axis m). ``lr`` may be one number or one per point (``(m,)`` or ``(m, 1)``)."""

    def update(grads, state, points, hyper, around=None):
        if around is None:
            raise TypeError("this optimizer looks at f around its points: pass around=")
        h = fill(hyper)
        t = state.count + 1
        shape = np.shape(points)[:-1]
        pts, g = np.reshape(points, (-1, 2)), np.reshape(grads, (-1, 2))
        lr = h["lr"] if np.ndim(h["lr"]) == 0 else np.reshape(h["lr"], -1)
        fields = tuple(np.reshape(a, (len(pts),) + np.shape(a)[len(shape):]) for a in state[1:])
        f = around.values
        f = around.value(pts[:, 0], pts[:, 1]) if f is None else np.reshape(f, -1)
        (dx, dy), fields = look(h, ARRAYS)((g[:, 0], g[:, 1]), (pts[:, 0], pts[:, 1]), f, fields,
                                           t, lr, around)
        step = np.stack([dx, dy], axis=-1).reshape(np.shape(points))
        fields = [np.reshape(a, shape + np.shape(a)[1:]) for a in fields]
        return step, state_type(t, *fields)

    update.__doc__ = look.__doc__
    return update
