"""Fair comparison: "tune learning rate" sweeps a log grid of lrs at one step budget.

:func:`tune_lr` runs the optimizer once per learning rate from the same start for the same
number of steps (with the panel's schedule and noise, if any) and picks the lr whose final f
is smallest. Runs that diverge are excluded; ties go to the smaller lr (the safer choice).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gradviz.engine.optimizers import OPTIMIZERS, Optimizer, get_optimizer, resolve_hyper
from gradviz.engine import single, trajectory
from gradviz.engine.schedules import schedule_lrs
from gradviz.engine.trajectory import run

DEFAULT_GRID = (1e-5, 10.0, 25)
"""lo, hi, count of the default log-spaced grid."""
GROUP = 5
"""Learning rates run together in one batch between two progress reports."""


@dataclass(frozen=True)
class TuneResult:
    """``lrs (m,)`` ascending; ``final_values (m,)`` final f of each (NaN where it diverged);
    ``diverged (m,)`` bool; ``best_lr``/``best_value`` None when every run diverged;
    ``method`` and ``result`` one-line statements for the panel."""

    lrs: np.ndarray
    final_values: np.ndarray
    diverged: np.ndarray
    best_lr: float | None
    best_value: float | None
    steps: int
    method: str
    result: str


def _fmt(v: float) -> str:
    """1e-05 -> "1e-5", 10.0 -> "10", 0.0316 -> "0.0316"."""
    text = f"{v:.3g}"
    if "e" in text:
        mant, exp = text.split("e")
        text = f"{mant}e{int(exp)}"
    return text


def _log_spaced(lrs) -> bool:
    """Evenly spaced in log, also after rounding to 3 significant digits (``rounded_grid``)."""
    if len(lrs) < 3 or lrs[0] <= 0:
        return False
    ratios = np.diff(np.log(lrs))
    return bool(np.allclose(ratios, ratios[0], rtol=0.02, atol=0))


def rounded_grid(lo=DEFAULT_GRID[0], hi=DEFAULT_GRID[1], count=DEFAULT_GRID[2]) -> list:
    """The log grid rounded to 3 significant digits (1e-5, 1.78e-5, 3.16e-5, ...): a tuned lr
    then reads as what it is, 0.00178, and the lr field shows it whole."""
    return [float(f"{v:.3g}") for v in np.logspace(math.log10(lo), math.log10(hi), count)]


def _batched(spec, table):
    """``spec`` with row i of a batch stepping at ``table[count][i]`` (lr per start and step).

    Every formula of the built-in optimizers is element-wise in lr, so each row gets the very
    bits a run of its own would get (tests/engine/test_tuning.py checks)."""

    def update(grads, state, points, h, **around):   # around: Newton's, a line search's
        return spec.update(grads, state, points, {**h, "lr": table[state.count]}, **around)

    return Optimizer(spec.name, spec.label, spec.init, update, spec.defaults, spec.derived,
                     look=spec.look)


def tune_lr(objective, optimizer, start, steps: int, hyper=None, lrs=None, *,
            schedule=None, noise=None, minibatch=None, progress=None,
            value: str = "f") -> TuneResult | None:
    """Sweep ``lrs`` (default 25 log-spaced from 1e-5 to 10) for ``optimizer`` from ``start``
    (x0, y0) over ``steps`` updates, the other hyperparameters ``hyper`` fixed.

    Each lr runs alone (the same noise sequence and mini-batches a panel would see: noise depends
    on the start index), on run's fast single-start path where it applies; otherwise, without
    noise or a ``minibatch`` gradient hook, the lrs run as batches of GROUP (one start per lr).
    ``progress(fraction) -> bool`` (optional) is called after each group of runs with the
    share done (0..1); when it returns False the sweep stops and ``tune_lr`` returns None.
    ``value``: the objective's name in the result's text ("L" for a regression loss).
    Raises ValueError for a bad optimizer, hyperparameter, lr, schedule or noise.
    """
    spec = get_optimizer(optimizer)
    hyper = {k: v for k, v in dict(hyper or {}).items() if k != "lr"}
    if lrs is None:
        lo, hi, count = DEFAULT_GRID
        lrs = np.logspace(math.log10(lo), math.log10(hi), count)
    lrs = np.unique(np.asarray(lrs, dtype=np.float64).reshape(-1))  # ascending, no repeats
    if lrs.size == 0 or not np.isfinite(lrs).all():
        raise ValueError("learning rates must be finite numbers, at least one")
    for lr in lrs:
        resolve_hyper(spec, {**hyper, "lr": float(lr)})
    start = np.asarray(start, dtype=np.float64).reshape(2)
    m = lrs.size
    # One by one when a single start takes run's fast path (Python floats: 25 x 1,000 Adam
    # steps of Rosenbrock measured 0.16 s of CPU one by one against 0.66 s in numpy batches
    # of 5); as a batch otherwise (the same bits either way).
    alone = trajectory.FAST_SINGLE and single.available(objective, spec)
    if noise is None and minibatch is None and OPTIMIZERS.get(spec.name) is spec and not alone:
        if schedule is None:
            table = np.broadcast_to(lrs[:, None], (steps + 1, m, 1))
        else:
            name, params = schedule
            table = np.array([schedule_lrs(name, params, lr, steps) + [lr] for lr in lrs]).T
            table = table[:, :, None]
        finals, diverged = np.empty(m), np.zeros(m, dtype=bool)
        # in groups (rows are independent: the same bits as one batch), to report progress
        for lo in range(0, m, GROUP):
            part = slice(lo, min(lo + GROUP, m))
            traj = run(objective, _batched(spec, np.ascontiguousarray(table[:, part])),
                       np.repeat(start[None], part.stop - lo, axis=0), steps, record="final",
                       **hyper)
            finals[part] = traj.final_values
            diverged[part] = traj.diverged_at >= 0
            if progress is not None and not progress(part.stop / m):
                return None
    else:
        finals, diverged = np.empty(m), np.zeros(m, dtype=bool)
        for i, lr in enumerate(lrs):
            t = run(objective, spec, start, steps, record="final", schedule=schedule,
                    noise=noise, minibatch=minibatch, **hyper, lr=float(lr))
            finals[i], diverged[i] = t.final_values, t.diverged_at is not None
            if progress is not None and not progress((i + 1) / m):
                return None
    diverged |= ~np.isfinite(finals)
    finals = np.where(diverged, np.nan, finals)
    best_lr = best_value = None
    if not diverged.all():
        i = int(np.nanargmin(finals))  # first minimum: ties go to the smaller lr
        best_lr, best_value = float(lrs[i]), float(finals[i])
    grid = f"{m} learning rate{'s' if m != 1 else ''}"
    if m > 1:
        grid += f" from {_fmt(lrs[0])} to {_fmt(lrs[-1])}" + (", log spaced" if _log_spaced(lrs) else "")
    method = f"best final {value} after {steps} steps over {grid}"
    if best_lr is None:
        result = f"every learning rate diverged within {steps} steps"
    else:
        result = f"best lr {_fmt(best_lr)}: final {value} {best_value:.4g}"
        if diverged.any():
            result += f" ({int(diverged.sum())} of {m} diverged, excluded)"
    lrs.flags.writeable = False
    finals.flags.writeable = False
    diverged.flags.writeable = False
    return TuneResult(lrs, finals, diverged, best_lr, best_value, steps, method, result)


def statement(result: TuneResult, noise: bool = False, value: str = "f") -> str:
    """One line for the panel: what was picked and how, e.g. "lr 0.0316 tuned: lowest final f
    of 25 rates 1e-5 to 10 (log), 1000 steps, same start; 3 diverged" (``value`` "L": "lowest
    final L", a regression loss)."""
    m = result.lrs.size
    grid = f"{m} rate{'s' if m != 1 else ''}"
    if m > 1:
        grid += f" {_fmt(result.lrs[0])} to {_fmt(result.lrs[-1])}"
        grid += " (log)" if _log_spaced(result.lrs) else ""
    if result.best_lr is None:
        return f"tuning: every one of {grid} diverged within {result.steps} steps"
    text = (f"lr {_fmt(result.best_lr)} tuned: lowest final {value} of {grid}, "
            f"{result.steps} steps, same start{' and noise' if noise else ''}")
    lost = int(result.diverged.sum())
    return text + (f"; {lost} diverged" if lost else "")
