"""The inspector: everything shown about one panel's run at step k, as numbers and text.

``inspect(trajectory, k)`` describes the update leaving point k (update number ``t = k + 1``):
the gradient ``grads[k]``, the optimizer state after it ``state_at(k + 1)`` (and the state
before it where the rule needs it), the optimizer's ``derived`` values, and the step actually
applied ``updates[k]``, so that ``points[k + 1] = points[k] + updates[k]``. At the last step
(``k == steps``) and once the run has diverged there is no update: the rows show the point's
gradient and ``state_at(k)``, values that do not exist are NaN, and the formula says why.

Every number comes from the trajectory's arrays (see :mod:`gradviz.engine.inspect_rules`), so
the inspector always agrees with the path on the map. A GUI widget only displays the result:
``Row.text`` and the ``formula`` lines are ready to show.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass

import numpy as np

from gradviz.engine import inspect_looking as looking
from gradviz.engine.inspect_rules import LINE_LIMIT, Context, fmt, formula
from gradviz.engine.names import FUNCTION, Names
from gradviz.engine.optimizers import get_optimizer

__all__ = ["LINE_LIMIT", "Inspection", "Row", "fmt", "inspect"]

_NAN2 = (math.nan, math.nan)
_ADAM_LIKE = ("adam", "adamw", "amsgrad")


@dataclass(frozen=True)
class Row:
    """One inspector row: a stable ``key`` (for code and tests), a unicode ``label`` (for
    people), ``value`` as ``(vx, vy)`` floats for a per-axis quantity or one float for a
    scalar (bias corrections, clr), NaN where undefined, and a short ``note``."""

    key: str
    label: str
    value: tuple[float, float] | float
    note: str = ""

    @property
    def text(self) -> str:
        """The value as shown: ``"(−1.234, 5.678)"`` or ``"0.271"``; NaN shows as "NaN"."""
        if isinstance(self.value, tuple):
            return f"({fmt(self.value[0])}, {fmt(self.value[1])})"
        return fmt(self.value)


@dataclass(frozen=True)
class Inspection:
    """What the inspector shows at ``step``.

    ``t``: the number of the update leaving this point (``step + 1``), None at the last step
    or once diverged. ``point (x, y)`` and ``value`` f there, floats. ``diverged``: the run
    diverged at or before this step. ``rows``: :class:`Row` s in display order. ``formula``:
    the update rule with this update's numbers, one short line each. ``title``: one line.
    ``names``: what the rows and the formula call the axes and the value (x, y, f or w, b, L),
    for the table's column heads.
    """

    step: int
    t: int | None
    point: tuple[float, float]
    value: float
    diverged: bool
    rows: tuple[Row, ...]
    formula: tuple[str, ...]
    title: str
    names: Names = FUNCTION

    def row(self, key: str) -> Row:
        """The row with ``key`` (KeyError if this optimizer has none)."""
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.rows)


def _labels(name: str, h: dict, names: Names) -> dict[str, str]:
    """Row labels; a few depend on the optimizer and its options, the gradient's and the
    momentum buffer's on the names (∇L = (∂L/∂w, ∂L/∂b) and "m" in the regression mode)."""
    centered = h.get("centered", False)
    return {
        "grad": names.grad_pair,
        "applied_step": "Δp = pₖ₊₁ − pₖ, step applied",
        "plain_step": "−lr·g, plain descent",
        "adaptive_step": "−lr·m̂/(√v̂+ε), adaptive step",
        "momentum_buffer": f"{names.buffer}, momentum buffer",
        "sum": "s = Σg², sum of squares",
        "clr": "clr = lr/(1+(t−1)·lr_decay)",
        "effective_lr": "clr/(√s+ε), lr per axis" if name == "adagrad" else
                        "lr/avg, lr per axis",
        "square_avg": "v, average of g²",
        "grad_avg": "a, average of g",
        "avg": "avg = √(v−a²)+ε" if centered else "avg = √v+ε, denominator",
        "exp_avg": "m, 1st moment",
        "exp_avg_sq": "v, 2nd moment",
        "max_exp_avg_sq": "vmax, largest v so far",
        "bias_correction1": "1 − β₁ᵗ",
        "bias_correction2": "1 − β₂ᵗ",
        "m_hat": "m̂ = m/(1−β₁ᵗ)",
        "v_hat": "v̂ = vmax/(1−β₂ᵗ)" if h.get("amsgrad") else "v̂ = v/(1−β₂ᵗ)",
    }


def _state_keys(name: str, h: dict, derived: dict) -> list[str]:
    """The keys of the optimizer's state rows, in display order."""
    if name == "gd":
        return []
    if name in ("momentum", "nesterov"):
        return ["momentum_buffer"] if h["momentum"] > 0 else []
    if name == "adagrad":
        return ["sum", "clr", "effective_lr"]
    if name == "rmsprop":
        return (["square_avg"] + ["grad_avg"] * h["centered"] + ["avg", "effective_lr"]
                + ["momentum_buffer"] * (h["momentum"] > 0))
    if name in _ADAM_LIKE:
        return (["exp_avg", "exp_avg_sq"] + ["max_exp_avg_sq"] * h["amsgrad"]
                + ["bias_correction1", "bias_correction2", "m_hat", "v_hat"])
    return list(derived)  # an optimizer without a written rule: whatever it derives


def _value(array) -> tuple[float, float] | float:
    a = np.asarray(array, dtype=float)
    return float(a) if a.ndim == 0 else (float(a[0]), float(a[1]))


def _decayed_grad(name: str, h: dict, grad, point):
    """The gradient the optimizer uses, ``g + weight_decay * p`` as the engine computes it
    (AdamW decays the point instead, so its g is the plain gradient)."""
    wd = 0.0 if name == "adamw" else h.get("weight_decay", 0.0)
    return grad if wd == 0 else grad + wd * point


def _hyper_at(tr, k: int, live: bool) -> dict:
    """The hyperparameters of the update leaving step k: with a schedule, its lr there."""
    if tr.lrs is None or not live:
        return tr.hyper
    return {**tr.hyper, "lr": float(tr.lrs[k])}


def _noise_at(tr, k: int, live: bool):
    """The gradient noise the optimizer saw at step k, ``(2,)``, or None without noise."""
    if tr.noise_added is None or not live:
        return None
    return tr.noise_added[k]


def _rows(tr, k: int, live: bool, g, why: str, names: Names) -> tuple[Row, ...]:
    name, h = tr.optimizer, _hyper_at(tr, k, live)
    j = k + 1 if live else k  # the state shown: after this update, else the current one
    state, derived = tr.state_at(j), tr.derived_at(j)
    labels = _labels(name, h, names)
    plain_note = f"what plain descent with lr {fmt(h['lr'])} would take"
    rows = [Row("grad", labels["grad"], _value(tr.grads[k]), f"gradient at step {k}")]
    noise = _noise_at(tr, k, live)
    if noise is not None:
        parts = []
        if tr.noise is not None:
            parts.append(f"σ {fmt(tr.noise[0])}, seed {tr.noise[1]}")
        if getattr(tr, "minibatch", None) is not None:
            parts.append(f"mini-batch gradient minus {names.grad}")
        label = "ξ, gradient noise" if tr.noise is not None else "ξ, mini-batch noise"
        rows.append(Row("noise", label, _value(noise),
                        f"{' + '.join(parts)}: the optimizer sees {names.grad} + ξ"))
    if tr.lrs is not None:
        name_ = tr.schedule[0] if tr.schedule else "schedule"
        rows.append(Row("lr", "lr, scheduled", h["lr"] if live else math.nan,
                        f"{name_} schedule, update {k + 1}" if live else why))
    rows += [
            Row("applied_step", labels["applied_step"], _value(tr.updates[k]) if live else _NAN2,
                f"from step {k} to {k + 1}" if live else why),
            Row("plain_step", labels["plain_step"], _value(-h["lr"] * g), plain_note)]
    if name in _ADAM_LIKE:
        note = "Adam's step, decay not included" if name == "adamw" else "Adam's step"
        rows.append(Row("adaptive_step", labels["adaptive_step"],
                        _value(derived["step"]) if live else _NAN2, note if live else why))
    if name in looking.LOOKING:
        text = tr.note_at(k) if live else why
        return tuple(rows + looking.rows(name, state, derived, h, text, Row))
    note = f"after update {state.count}" if state.count else "initial"
    for key in _state_keys(name, h, derived):
        value = derived[key] if key in derived else getattr(state, key)
        rows.append(Row(key, labels.get(key, key), _value(value), note))
    return tuple(rows)


def inspect(trajectory, k: int, names: Names = FUNCTION) -> Inspection:
    """The :class:`Inspection` of ``trajectory`` (one start, record="all") at step ``k``
    (0 <= k <= steps), its text in ``names`` (``engine.names.REGRESSION``: w, b, L).
    Raises ValueError otherwise. Never prints numpy warnings."""
    names = Names(*names)
    tr = trajectory
    if tr.batch or tr.states is None:
        raise ValueError('inspect needs a trajectory of one start run with record="all"')
    k = operator.index(k)
    if not 0 <= k <= tr.steps:
        raise ValueError(f"step {k} is outside 0..{tr.steps}")
    label = (tr.spec or get_optimizer(tr.optimizer)).label
    d = tr.diverged_at
    diverged = d is not None and k >= d
    live = k < tr.steps and not diverged
    with np.errstate(all="ignore"):
        p = tr.points[k]
        h = _hyper_at(tr, k, live)
        noise = _noise_at(tr, k, live)
        seen = tr.grads[k] if noise is None else tr.grads[k] + noise  # as trajectory.run adds it
        g = _decayed_grad(tr.optimizer, h, seen, p)
        if diverged:
            why = f"diverged at step {d}"
            lines = (f"diverged at step {d}: the point or {names.f} is not finite",
                     "the run stops there: no further step")
            title = f"{label}: step {k}, diverged at step {d}"
        elif not live:
            why = "no further step"
            lines = (f"step {k} is the last one: no further step",)
            title = f"{label}: step {k}, the last"
        else:
            why = ""
            ctx = Context(tr.optimizer, h, k + 1, p, tr.points[k + 1], tr.updates[k],
                          tr.grads[k], g, tr.state_at(k), tr.state_at(k + 1),
                          tr.derived_at(k + 1), noise, names, float(tr.values[k]))
            lines = tuple((looking.formula if tr.optimizer in looking.LOOKING else formula)(ctx))
            title = f"{label}: update {k + 1} (step {k} → {k + 1})"
        rows = _rows(tr, k, live, g, why, names)
    return Inspection(step=k, t=k + 1 if live else None, point=_value(p),
                      value=float(tr.values[k]), diverged=diverged, rows=rows,
                      formula=lines, title=title, names=names)
