"""Optimizers following ``torch.optim``, each written once (:mod:`.optimizer_ops` says how).

An :class:`Optimizer` works on points of shape ``(n, 2)`` (a single point ``(2,)`` works
too: every formula is element-wise):

- ``init(points, hyper=None) -> state``: an immutable NamedTuple holding ``count`` (updates
  applied so far, an int) and arrays shaped like ``points``.
- ``update(grads, state, points, hyper) -> (step, new_state)``; ``new_points = points + step``.
  It never mutates its arguments; names missing from ``hyper`` take the defaults.
- ``derived(state, hyper) -> dict[str, ndarray]``: values for an inspector, describing the
  update that produced ``state`` (NaN where undefined, e.g. bias corrections at count 0).
- ``rule``: the update written once, from which ``update`` and the fast paths of
  :func:`gradviz.engine.trajectory.run` (one start on floats, batches in place) are made;
  ``limits``: each hyperparameter's :class:`~.optimizer_ops.Limits` (torch's checks, the GUI's
  ranges).
- ``look``: in place of ``rule``, for an optimizer that asks f more than its gradient at the
  point (Newton's method the Hessian, a line search f at trial points): ``update`` then takes
  ``around=`` (:class:`~gradviz.engine.around.Around`) and ``run`` gives it one
  (see :func:`~.optimizer_ops.looking_update`); its state fields may be one number per start
  ``(n,)`` or more ``(n, ...)``. ``note(state, hyper) -> str``: what the update that produced
  ``state`` (one start) did that a reader should be told (a remedy, a search that ran out).

Hyperparameter names, defaults and formulas are PyTorch's ``torch.optim`` (single-tensor
code path, ``maximize=False``), so that numbers agree with what users know. In the formulas
``t`` is the count after the update, ``p`` the point and ``g`` the gradient plus
``weight_decay * p`` (except AdamW). The one intentional difference: "momentum" and
"nesterov" default to ``momentum=0.9``, since PyTorch's default 0 is plain descent.

Adding an optimizer is one ``define(...)`` below (a state type, defaults, a rule, the
inspector's derived values, any check across hyperparameters) and its hand-computed test.
"""

from __future__ import annotations

import functools
from types import MappingProxyType
from typing import Any, Callable, Mapping, NamedTuple

import numpy as np

from gradviz.engine import line_search as _ls
from gradviz.engine import newton as _newton
from gradviz.engine.optimizer_ops import LIMITS, Limits, check_limits, lerp, looking_update, \
    pure_update


class Optimizer(NamedTuple):
    """One optimizer: display name, pure ``init``/``update``, PyTorch defaults, inspector values,
    and the rule and limits it is made from (None and empty for a hand-made Optimizer, which
    runs on the general path only)."""

    name: str
    label: str
    init: Callable
    update: Callable
    defaults: Mapping[str, Any]
    derived: Callable
    check: Callable = lambda hyper: None  # raises ValueError where torch.optim would
    rule: Callable | None = None
    limits: Mapping[str, Any] = MappingProxyType({})
    look: Callable | None = None
    note: Callable = lambda state, hyper: ""


class GDState(NamedTuple):
    count: int


class SGDState(NamedTuple):
    count: int
    momentum_buffer: np.ndarray


class AdagradState(NamedTuple):
    count: int
    sum: np.ndarray


class RMSpropState(NamedTuple):
    count: int
    square_avg: np.ndarray
    grad_avg: np.ndarray          # used only when centered
    momentum_buffer: np.ndarray   # used only when momentum > 0


class AdamState(NamedTuple):
    count: int
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    max_exp_avg_sq: np.ndarray    # used only when amsgrad


def _zeros_init(state_type):
    """``init(points, hyper=None)``: count 0 and every array field zeros shaped like points."""

    def init(points, hyper=None):
        return state_type(0, *(np.zeros(np.shape(points)) for _ in state_type._fields[1:]))

    return init


def _hyper(hyper: Mapping | None, defaults: Mapping) -> dict:
    return dict(defaults) if not hyper else {**defaults, **hyper}


# --- gradient descent, momentum, Nesterov (torch.optim.SGD) ---------------------------

def _sgd(h, ops):
    """SGD with momentum exactly as torch.optim.SGD, except that momentum defaults to 0.9
    here (torch's default 0 would be plain descent; with momentum 0, ``step = -lr * g``).

    ``b_1 = g_1`` (the first gradient itself, not ``(1 - dampening) * g_1``);
    ``b_t = momentum * b_{t-1} + (1 - dampening) * g_t``;
    ``d = g_t + momentum * b_t`` if nesterov else ``d = b_t``; ``step = -lr * d``.
    """
    mu, keep, nesterov, wd = (h.get("momentum", 0.0), 1 - h.get("dampening", 0.0),
                              h.get("nesterov", False), h["weight_decay"])

    def descent(g, p, s, t, lr):
        if wd != 0:
            g = g + wd * p
        return -lr * g, s

    def update(g, p, s, t, lr):
        if wd != 0:
            g = g + wd * p
        buf = g if t == 1 else s[0] * mu + keep * g
        return -lr * (g + mu * buf if nesterov else buf), (buf,)

    return descent if mu == 0 else update


def _sgd_derived(state, h):
    """The momentum buffer ``b_t``."""
    return {"momentum_buffer": state.momentum_buffer}


def _sgd_check(h):
    if h["nesterov"] and (h["momentum"] <= 0 or h["dampening"] != 0):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")


# --- Adagrad (torch.optim.Adagrad) ------------------------------------------------------

def _adagrad_init(points, hyper=None):
    """``s_0 = initial_accumulator_value`` (read from ``hyper``, else the default 0)."""
    value = (hyper or {}).get("initial_accumulator_value", 0.0)
    return AdagradState(0, np.full(np.shape(points), float(value)))


def _adagrad(h, ops):
    """Adagrad exactly as torch.optim.Adagrad.

    ``clr = lr / (1 + (t - 1) * lr_decay)``; ``s_t = s_{t-1} + g^2`` with
    ``s_0 = initial_accumulator_value``; ``step = -clr * g / (sqrt(s_t) + eps)``.
    """
    decay, wd, eps = h["lr_decay"], h["weight_decay"], h["eps"]
    sqrt, div = ops.sqrt, ops.div

    def update(g, p, s, t, lr):
        if wd != 0:
            g = g + wd * p
        clr = lr / (1 + (t - 1) * decay)
        total = g * g + s[0]
        return div(g * -clr, sqrt(total) + eps), (total,)

    return update


def _adagrad_derived(state, h):
    """``clr`` of the last update; per-axis step per unit gradient ``clr / (sqrt(s) + eps)``."""
    clr = h["lr"] / (1 + (max(state.count, 1) - 1) * h["lr_decay"])
    return {"sum": state.sum, "clr": np.float64(clr),
            "effective_lr": clr / (np.sqrt(state.sum) + h["eps"])}


# --- RMSprop (torch.optim.RMSprop) ------------------------------------------------------

def _rmsprop(h, ops):
    """RMSprop exactly as torch.optim.RMSprop.

    ``v_t = alpha * v_{t-1} + (1 - alpha) * g^2``; if centered
    ``a_t = alpha * a_{t-1} + (1 - alpha) * g`` and ``avg = sqrt(v_t - a_t^2) + eps``,
    else ``avg = sqrt(v_t) + eps``. With momentum ``b_t = momentum * b_{t-1} + g / avg``
    (``b_0 = 0``) and ``step = -lr * b_t``; without, ``step = -lr * g / avg``.
    """
    alpha, eps, wd, mom, centered = (h["alpha"], h["eps"], h["weight_decay"], h["momentum"],
                                     h["centered"])
    rest = 1 - alpha
    sqrt, div = ops.sqrt, ops.div

    def update(g, p, s, t, lr):
        v, a, buf = s
        if wd != 0:
            g = g + wd * p
        v = v * alpha + (g * rest) * g
        if centered:
            a = lerp(a, g, rest)
            avg = sqrt(v - a * a) + eps
        else:
            avg = sqrt(v) + eps
        if mom > 0:
            buf = buf * mom + div(g, avg)
            return buf * -lr, (v, a, buf)
        return div(g * -lr, avg), (v, a, buf)

    return update


def _rmsprop_avg(square_avg, grad_avg, h):
    """The denominator ``sqrt(v - a^2 if centered else v) + eps``."""
    with np.errstate(invalid="ignore"):
        avg = np.sqrt(square_avg - grad_avg * grad_avg if h["centered"] else square_avg)
    avg += h["eps"]
    return avg


def _rmsprop_derived(state, h):
    """The denominator ``avg`` of the last update and the per-axis ``lr / avg``."""
    avg = _rmsprop_avg(state.square_avg, state.grad_avg, h)
    out = {"square_avg": state.square_avg, "avg": avg, "effective_lr": h["lr"] / avg}
    if h["centered"]:
        out["grad_avg"] = state.grad_avg
    if h["momentum"] > 0:
        out["momentum_buffer"] = state.momentum_buffer
    return out


# --- Adam, AdamW, AMSGrad (torch.optim.Adam / AdamW) -------------------------------------

def _adam(h, ops, decoupled=False):
    """Adam exactly as torch.optim.Adam (amsgrad=True gives AMSGrad).

    ``m_t = b1 * m_{t-1} + (1 - b1) * g``; ``v_t = b2 * v_{t-1} + (1 - b2) * g^2``;
    ``step = -(lr / (1 - b1^t)) * m_t / (sqrt(v_t) / sqrt(1 - b2^t) + eps)``; eps is added
    after bias-correcting sqrt(v), as torch does. With amsgrad the denominator uses
    ``vmax_t = max(vmax_{t-1}, v_t)`` instead of ``v_t``.
    """
    (b1, b2), eps, wd, amsgrad = h["betas"], h["eps"], h["weight_decay"], h["amsgrad"]
    w1, w2 = 1 - b1, 1 - b2
    sqrt, div, maximum = ops
    decay_grad, decay_point = wd != 0 and not decoupled, wd != 0 and decoupled

    def update(g, p, s, t, lr):
        m, v, vmax = s
        if decay_grad:
            g = g + wd * p
        m = lerp(m, g, w1)
        v = v * b2 + (g * w2) * g
        if amsgrad:
            vmax = maximum(vmax, v)
        denom = sqrt(vmax if amsgrad else v) / (1 - b2**t) ** 0.5 + eps
        step = div(m * -(lr / (1 - b1**t)), denom)
        if decay_point:
            step = step - (lr * wd) * p
        return step, (m, v, vmax)

    return update


def _adamw(h, ops):
    """AdamW exactly as torch.optim.AdamW: Adam on the raw gradient, then decoupled decay.

    ``step = -lr * weight_decay * p + adam_step`` (see Adam; weight_decay defaults to 1e-2).
    """
    return _adam(h, ops, decoupled=True)


def _adam_derived(state, h):
    """Bias corrections ``1 - b^t``, ``m_hat = m / (1 - b1^t)``, ``v_hat = v / (1 - b2^t)``
    (amsgrad: from the running max), and ``step = -lr * m_hat / (sqrt(v_hat) + eps)``, the
    adaptive part of the last step (AdamW's decay term not included). NaN at count 0."""
    b1, b2 = h["betas"]
    bc1, bc2 = np.float64(1 - b1**state.count), np.float64(1 - b2**state.count)
    with np.errstate(divide="ignore", invalid="ignore"):
        m_hat = state.exp_avg / bc1
        v_hat = (state.max_exp_avg_sq if h["amsgrad"] else state.exp_avg_sq) / bc2
        step = -h["lr"] * m_hat / (np.sqrt(v_hat) + h["eps"])
    return {"bias_correction1": bc1, "bias_correction2": bc2,
            "m_hat": m_hat, "v_hat": v_hat, "step": step}


# --- the registry ---------------------------------------------------------------------------

def _with_defaults(fn, defaults):
    """``fn(*args, h)`` with the names missing from the last argument taken from ``defaults``."""

    @functools.wraps(fn)
    def bound(*args):
        return fn(*args[:-1], _hyper(args[-1], defaults))

    return bound


def define(name, label, state, defaults, rule, derived=lambda state, h: {},
            check=lambda h: None, limits=None, look=None, note=None):
    """An Optimizer from its one definition: ``state`` a state NamedTuple type (all-zero
    arrays at start) or an ``init`` function; ``defaults`` torch's hyperparameters; ``rule``
    the update (see :mod:`.optimizer_ops`), or None and ``look`` the update of an optimizer
    that looks around its points; ``derived`` the inspector's values; ``check`` a test across
    hyperparameters (each one's own range is in ``LIMITS``, or in ``limits``); ``note`` see
    :class:`Optimizer`."""
    defaults = MappingProxyType(dict(defaults))
    limits = {**LIMITS, **(limits or {})}
    limits = MappingProxyType({k: limits[k] for k in defaults if k in limits})
    init = _zeros_init(state) if isinstance(state, type) else state
    state_type = state if isinstance(state, type) else type(state(np.zeros(2)))
    fill = functools.partial(_hyper, defaults=defaults)

    def full_check(h):
        check_limits(h, limits)
        check(h)

    update = pure_update(rule, state_type, fill) if look is None else \
        looking_update(look, state_type, fill)
    extra = {} if note is None else {"note": _with_defaults(note, defaults)}
    return Optimizer(name, label, init, update, defaults, _with_defaults(derived, defaults),
                     full_check, rule, limits, look, **extra)


_MOMENTUM = {"lr": 1e-3, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0,
             "nesterov": False}
_ADAM = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}

OPTIMIZERS: dict[str, Optimizer] = {o.name: o for o in (
    define("gd", "Gradient descent", GDState, {"lr": 1e-3, "weight_decay": 0.0}, _sgd),
    define("momentum", "Momentum", SGDState, _MOMENTUM, _sgd, _sgd_derived, _sgd_check),
    define("nesterov", "Nesterov", SGDState, {**_MOMENTUM, "nesterov": True}, _sgd,
            _sgd_derived, _sgd_check),
    define("adagrad", "Adagrad", _adagrad_init,
            {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0,
             "eps": 1e-10}, _adagrad, _adagrad_derived),
    define("rmsprop", "RMSprop", RMSpropState,
            {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0,
             "centered": False}, _rmsprop, _rmsprop_derived),
    define("adam", "Adam", AdamState, _ADAM, _adam, _adam_derived),
    define("adamw", "AdamW", AdamState, {**_ADAM, "weight_decay": 1e-2}, _adamw, _adam_derived),
    define("amsgrad", "AMSGrad", AdamState, {**_ADAM, "amsgrad": True}, _adam, _adam_derived),
    define("newton", "Newton", _newton.newton_init, {"lr": 1.0, "min_curvature": 1e-4}, None,
            _newton.newton_derived, _newton.newton_check,
            {"min_curvature": Limits(field=(1e-8, 1e3), log=True)}, _newton.newton,
            _newton.newton_note),
    define("gd_armijo", "GD + line search", _ls.line_search_init,
            {"lr": 1.0, "shrink": 0.5, "sigma": 1e-4, "max_trials": 30.0}, None,
            check=_ls.line_search_check,
            limits={"shrink": Limits(below=1.0, field=(0.01, 0.99)),
                    "sigma": Limits(below=1.0, field=(1e-8, 0.99), log=True),
                    "max_trials": Limits(low=1.0, below=_ls.MAX_TRIALS + 1,
                                         field=(1.0, _ls.MAX_TRIALS))},
            look=_ls.line_search, note=_ls.line_search_note),
)}


def get_optimizer(optimizer: str | Optimizer) -> Optimizer:
    """The Optimizer for a name in :data:`OPTIMIZERS` (an Optimizer passes through)."""
    if isinstance(optimizer, Optimizer):
        return optimizer
    try:
        return OPTIMIZERS[optimizer]
    except (KeyError, TypeError):
        valid = ", ".join(OPTIMIZERS)
        raise ValueError(f"Unknown optimizer {optimizer!r}; valid: {valid}") from None


def resolve_hyper(optimizer: str | Optimizer, hyper: Mapping[str, Any] | None = None) -> dict:
    """Full hyperparameters: defaults filled in, types normalised, ranges checked as torch does.

    Raises ValueError for an unknown name (listing the valid ones) or an invalid value.
    """
    opt = get_optimizer(optimizer)
    hyper = dict(hyper or {})
    unknown = sorted(set(hyper) - set(opt.defaults))
    if unknown:
        raise ValueError(f"Unknown hyperparameter(s) {', '.join(unknown)} for {opt.name}; "
                         f"valid: {', '.join(opt.defaults)}")
    full = {}
    for key, default in opt.defaults.items():
        value = hyper.get(key, default)
        if isinstance(default, bool):
            full[key] = bool(value)
        elif isinstance(default, tuple):
            if len(value) != len(default):
                raise ValueError(f"{key} needs {len(default)} values, got {value!r}")
            full[key] = tuple(float(v) for v in value)
        else:
            full[key] = float(value)
    opt.check(full)
    return full
