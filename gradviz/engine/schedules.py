"""Learning-rate schedules: the lr of each update as a pure function of the update number.

``t`` is the update number as the optimizers count it (1 for the first update). The schedules
are torch.optim.lr_scheduler's, stepped once after every optimizer step, so update ``t`` uses
the scheduler's epoch ``e = t - 1`` (the first update uses the base lr, as in torch):

- constant: ``lr``.
- step (StepLR): ``lr * gamma ** floor(e / step_size)``.
- exponential (ExponentialLR): ``lr * gamma ** e``.
- cosine (CosineAnnealingLR, closed form):
  ``eta_min + (lr - eta_min) * (1 + cos(pi * e / T_max)) / 2`` (periodic past T_max, as torch's
  closed form is).
- warmup_cosine: linear warm-up (LinearLR) from ``start_factor * lr`` for ``warmup`` updates,
  ``lr * (start_factor + (1 - start_factor) * e / warmup)`` for ``e < warmup``, then cosine from
  lr to eta_min over the remaining ``T_max - warmup`` updates, staying at eta_min after T_max.

Every function returns a Python float computed the same way for every caller, so the two
paths of :func:`gradviz.engine.trajectory.run` see the very same bits. A step or exponential
schedule growing past float64 (gamma 10 over 400 updates) gives inf from that update on, never
an OverflowError: the run diverges at that step and is marked diverged there.
"""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import Any, Callable, Mapping, NamedTuple

import numpy as np


class Schedule(NamedTuple):
    """One schedule: ``function(t, lr, **params) -> float``; ``check(params)`` raises ValueError."""

    name: str
    label: str
    defaults: Mapping[str, Any]
    function: Callable
    check: Callable


def _constant(t, lr):
    return float(lr)


def _power(gamma, n):
    """gamma ** n, inf where it overflows (10 ** 400 raises OverflowError for floats): the lr
    of that update is then inf and the run diverges there, marked as any divergence is."""
    try:
        return gamma ** n
    except OverflowError:
        return math.inf


def _step(t, lr, step_size, gamma):
    return lr * _power(gamma, (t - 1) // int(step_size))


def _exponential(t, lr, gamma):
    return lr * _power(gamma, t - 1)


def _cosine(t, lr, T_max, eta_min):
    return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * (t - 1) / T_max)) / 2


def _warmup_cosine(t, lr, warmup, start_factor, T_max, eta_min):
    e = t - 1
    if e < warmup:
        return lr * (start_factor + (1 - start_factor) * e / warmup)
    rest = T_max - warmup
    done = min(e - warmup, rest)
    return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * done / rest)) / 2


def _positive(p, *names):
    for name in names:
        if not p[name] > 0:
            raise ValueError(f"Invalid {name} value: {p[name]} (must be > 0)")


def _nonnegative(p, *names):
    for name in names:
        if not (p[name] >= 0 and math.isfinite(p[name])):
            raise ValueError(f"Invalid {name} value: {p[name]} (must be >= 0)")


def _integer(p, name):
    if p[name] != int(p[name]):
        raise ValueError(f"Invalid {name} value: {p[name]} (must be a whole number)")


def _check_step(p):
    _positive(p, "step_size", "gamma")
    _integer(p, "step_size")


def _check_cosine(p):
    _positive(p, "T_max")
    _nonnegative(p, "eta_min")


def _check_warmup(p):
    _check_cosine(p)
    _nonnegative(p, "warmup", "start_factor")
    _integer(p, "warmup")
    if not p["start_factor"] <= 1:
        raise ValueError(f"Invalid start_factor value: {p['start_factor']} (must be <= 1)")
    if not p["warmup"] < p["T_max"]:
        raise ValueError("warmup must be shorter than T_max")


def _make(name, label, defaults, function, check):
    return Schedule(name, label, MappingProxyType(defaults), function, check)


SCHEDULES: dict[str, Schedule] = {s.name: s for s in (
    _make("constant", "Constant", {}, _constant, lambda p: None),
    _make("step", "Step", {"step_size": 30.0, "gamma": 0.1}, _step, _check_step),
    _make("exponential", "Exponential", {"gamma": 0.99}, _exponential,
          lambda p: _positive(p, "gamma")),
    _make("cosine", "Cosine", {"T_max": 100.0, "eta_min": 0.0}, _cosine, _check_cosine),
    _make("warmup_cosine", "Warm-up + cosine",
          {"warmup": 10.0, "start_factor": 0.1, "T_max": 100.0, "eta_min": 0.0},
          _warmup_cosine, _check_warmup),
)}


def resolve_schedule(name: str, params: Mapping | None = None) -> tuple[Schedule, dict]:
    """The Schedule for ``name`` and its full params (defaults filled, floats, checked).

    Raises ValueError for an unknown schedule or parameter (listing the valid ones) or a bad value.
    """
    try:
        schedule = SCHEDULES[name]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown schedule {name!r}; valid: {', '.join(SCHEDULES)}") from None
    params = dict(params or {})
    unknown = sorted(set(params) - set(schedule.defaults))
    if unknown:
        raise ValueError(f"Unknown schedule parameter(s) {', '.join(unknown)} for {name}; "
                         f"valid: {', '.join(schedule.defaults) or 'none'}")
    full = {}
    for key, default in schedule.defaults.items():
        try:
            full[key] = float(params.get(key, default))
        except (TypeError, ValueError):
            raise ValueError(f"Invalid {key} value: {params[key]!r} (must be a number)") from None
    schedule.check(full)
    return schedule, full


def schedule_lrs(name: str, params: Mapping | None, base_lr: float, steps: int) -> list[float]:
    """The lr of updates 1..steps as Python floats (what ``run`` feeds the optimizer)."""
    schedule, full = resolve_schedule(name, params)
    base_lr = float(base_lr)
    return [float(schedule.function(t, base_lr, **full)) for t in range(1, steps + 1)]


def schedule_values(name: str, params: Mapping | None, base_lr: float, steps: int) -> np.ndarray:
    """The lr of updates 1..steps, shape ``(steps,)`` float64: ``values[k]`` is update k + 1's."""
    return np.array(schedule_lrs(name, params, base_lr, steps), dtype=np.float64).reshape(steps)


def suggested_params(name: str, steps: int) -> dict:
    """Parameters of schedule ``name`` that fit a run of ``steps`` updates, for a first choice
    in the window: cosine over the whole run (T_max = steps), a warm-up of a tenth of it,
    a step decay by 0.1 every quarter, an exponential decay to 1% of lr at the end."""
    steps = max(int(steps), 2)
    return {
        "constant": {},
        "step": {"step_size": float(max(steps // 4, 1)), "gamma": 0.1},
        "exponential": {"gamma": float(f"{0.01 ** (1 / steps):.6g}")},
        "cosine": {"T_max": float(steps), "eta_min": 0.0},
        "warmup_cosine": {"warmup": float(max(steps // 10, 1)), "start_factor": 0.1,
                          "T_max": float(steps), "eta_min": 0.0},
    }[name]


def describe(name: str, params: Mapping | None = None, brief: bool = False) -> str:
    """Schedule ``name`` in a few words for a panel's header: "lr ×0.1 every 250 steps",
    "lr ×0.995 a step", "lr: cosine to 0 over 1000 steps", "lr: warm-up 100 steps from ×0.1,
    then cosine to 0 at step 1000"; ``brief``: fewer ("warm-up 100, cosine lr to 0 at 1000")."""
    _, p = resolve_schedule(name, params)

    def n(v):
        return f"{v:.4g}"

    if name == "step":
        return f"lr \u00d7{n(p['gamma'])} every {n(p['step_size'])}{'' if brief else ' steps'}"
    if name == "exponential":
        return f"lr \u00d7{n(p['gamma'])} a step"
    if name == "cosine":
        if brief:
            return f"cosine lr to {n(p['eta_min'])} at {n(p['T_max'])}"
        return f"lr: cosine to {n(p['eta_min'])} over {n(p['T_max'])} steps"
    if name == "warmup_cosine":
        if brief:
            return f"warm-up {n(p['warmup'])}, cosine lr to {n(p['eta_min'])} at {n(p['T_max'])}"
        return (f"lr: warm-up {n(p['warmup'])} steps from \u00d7{n(p['start_factor'])}, "
                f"then cosine to {n(p['eta_min'])} at step {n(p['T_max'])}")
    return "lr constant"
