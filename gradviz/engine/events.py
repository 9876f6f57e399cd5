"""Events in a run: the steps worth a mark on the timeline, each with one line a first-year
student can read. Computed from a single-start Trajectory (record "all" or "path").

=================  ==========================================================================
kind               the step marked
=================  ==========================================================================
``overshoot``      the first step whose f is higher than the step before's
``divergence``     :func:`diverging_since`: the first step of a run-away (below)
``saddle``         the first step of a stall: |grad f| below STALL_FRACTION of its largest
                   so far for STALL_STEPS steps or more, where f is not at a minimum (the
                   Hessian has a negative eigenvalue; without an objective: f later falls)
``convergence``    the step a panel's status says "converged at" (``run_status.arrived_at``):
                   |grad f| <= scene.CONVERGED_GRAD and the step <= scene.CONVERGED_STEP, or
                   (with a ``domain``) the point stays put from there on (``settled_at``)
``bias``           Adam's bias correction fading: the first t with 1 - beta1^t > 0.99
``overtake``       (two runs) the step from which one run's f stays below the other's
=================  ==========================================================================

A run-away and the step it began: :mod:`gradviz.engine.divergence` (``diverging_since`` is a
panel's status "diverging since step k").
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from gradviz.engine.divergence import (  # noqa: F401 (diverging_since: this module's API too)
    FAR,
    checked,
    diverging_since,
    runaway,
    values_of,
)

KINDS = {"overshoot": "first overshoot", "divergence": "divergence starts",
         "saddle": "stall", "convergence": "converged", "bias": "bias correction faded",
         "overtake": "overtakes"}
"""Each kind of event and its name in a mark's line (``line``); a lesson scene names the kinds
its caption announces (``Scene.events``)."""

RISE = 1e-9           # f rises when it grows by more than RISE * (the run's scale of f)
STALL_FRACTION = 0.01
STALL_STEPS = 5
DROP = 0.01           # "f later falls": by more than this fraction of the run's range of f
BIAS_DONE = 0.99      # 1 - beta1^t past this: Adam's correction of m changes it by < 1%
MAX_STALLS = 5        # stalls marked per run


class Event(NamedTuple):
    """A mark: ``step`` (0..steps), ``kind`` (see the module), ``text`` (one line), the
    ``panel`` it belongs to, and for "overtake" the ``other`` panel it passed."""

    step: int
    kind: str
    text: str
    panel: int = 0
    other: int | None = None


def line(step, kind, text) -> str:
    """An event's one line, as its mark's tooltip says it: "Step 1, first overshoot: f rose
    for the first time, ..." """
    return f"Step {step}, {KINDS.get(kind, kind)}: {text}"


def _g(value) -> str:
    return f"{float(value):.3g}"


def _scale(f):
    """The run's scale of f: ``max(|f_0|, f_0 - min f)``, what a descent from f_0 covers (not
    the size a run-away reaches, which would hide its first rises)."""
    finite = f[np.isfinite(f)]
    if finite.size == 0 or not np.isfinite(f[0]):
        return 0.0
    return max(abs(float(f[0])), float(f[0] - finite.min()))


def _two(a, b) -> tuple:
    """``a`` and ``b`` to 3 significant digits, or more (up to 12) until they read apart."""
    for digits in range(3, 13):
        shown = (f"{float(a):.{digits}g}", f"{float(b):.{digits}g}")
        if shown[0] != shown[1]:
            break
    return shown


# --- one run ----------------------------------------------------------------------------------


def first_overshoot(trajectory):
    """The first step k >= 1 with f(p_k) > f(p_{k-1}) (beyond rounding), or None."""
    f = values_of(checked(trajectory))
    tol = RISE * _scale(f)
    with np.errstate(invalid="ignore"):
        rises = np.flatnonzero(np.isfinite(f[1:]) & (f[1:] - f[:-1] > tol))
    return None if rises.size == 0 else int(rises[0]) + 1


def stalls(trajectory, objective=None):
    """[(first step, last step, kind)] of the stalls: |grad f| below STALL_FRACTION of its
    largest so far for at least STALL_STEPS steps, away from a minimum. ``kind`` is "saddle"
    (the Hessian at the flattest step has eigenvalues of both signs) or "flat" (no objective,
    or a Hessian with a zero eigenvalue, and f later falls by DROP of its range)."""
    t = checked(trajectory)
    end = t.steps if t.diverged_at is None else t.diverged_at - 1
    norms = np.asarray(t.grad_norms[: end + 1], float)
    f = values_of(t, end)
    small = norms <= STALL_FRACTION * np.maximum.accumulate(norms)
    found = []
    for first, last in _stretches(small):
        if last - first + 1 < STALL_STEPS or len(found) == MAX_STALLS:
            continue
        kind = _stall_kind(t, objective, first, last, norms, f)
        if kind is not None:
            found.append((first, last, kind))
    return found


def _stretches(mask):
    """(first, last) of each run of True in ``mask``."""
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1))


def _stall_kind(t, objective, first, last, norms, f):
    falls_later = f[last:].min() < f[first] - DROP * _scale(f)
    if objective is not None:
        from gradviz.engine.curvature import curvature_at

        flattest = first + int(np.argmin(norms[first:last + 1]))
        kind = curvature_at(objective, *t.points[flattest]).kind
        if kind == "saddle":
            return "saddle"
        if kind in ("minimum", "maximum"):
            return None
    return "flat" if falls_later else None


def bias_fades_at(trajectory):
    """The first t (1..steps) with 1 - beta1^t > BIAS_DONE for an Adam-family run, else None."""
    betas = trajectory.hyper.get("betas")
    if betas is None:
        return None
    b1 = float(betas[0])
    t = 1 if b1 <= 0 else max(1, math.floor(math.log(1 - BIAS_DONE) / math.log(b1)))
    while 1 - b1 ** t <= BIAS_DONE:
        t += 1
    return t if t <= trajectory.steps else None


def run_events(trajectory, objective=None, domain=None, panel=0):
    """Every :class:`Event` of one run, by step. ``objective`` (the run's f) lets a stall be
    named a saddle; ``domain`` enables the "far from the domain" test of a run-away."""
    from gradviz.engine.run_status import arrived_at, settled_of
    from gradviz.engine.scene import CONVERGED_GRAD, CONVERGED_STEP

    t = checked(trajectory)
    f = values_of(t)
    events = []
    k = first_overshoot(t)
    if k is not None:
        events.append(Event(k, "overshoot", _overshoot_text(t, k, f), panel))
    away = runaway(t, domain=domain)
    if away is not None:
        events.append(Event(away.start, "divergence", _divergence_text(t, away), panel))
    for first, last, kind in stalls(t, objective):
        events.append(Event(int(first), "saddle", _stall_text(t, first, last, kind, f), panel))
    strict = t.converged_at(tol=CONVERGED_GRAD, step_tol=CONVERGED_STEP)
    k = arrived_at(strict, None if domain is None else settled_of(t, domain))
    if k is not None:
        events.append(Event(k, "convergence", _convergence_text(t, k, objective, k == strict),
                            panel))
    k = bias_fades_at(t)
    if k is not None and (t.diverged_at is None or k < t.diverged_at):
        b1 = t.hyper["betas"][0]
        events.append(Event(k, "bias", (
            f"Adam's bias correction has faded: 1 − β₁ᵗ = {1 - b1 ** k:.3f} (β₁ = {_g(b1)}), "
            f"so dividing m by it now changes m by less than 1%; at step 1 it multiplied m by "
            f"{_g(1 / (1 - b1))}"), panel))
    return sorted(events, key=lambda e: e.step)


def _overshoot_text(t, k, f):
    why = ("with noisy gradients a step can point uphill"
           if t.noise is not None or t.minibatch is not None else
           "the step went past the lowest point on its way and landed higher up the other side")
    before, after = _two(f[k - 1], f[k])
    return f"f rose for the first time, from {before} to {after}: {why}"


def _divergence_text(t, away):
    if away.low is None:
        return (f"Running away from here: the point leaves the picture for good and is more "
                f"than {FAR:g} times its size away by step {away.confirmed}")
    head = f"Diverging from here: f is never again as low as {_g(away.low)}"
    if away.cause == "inf":
        return f"{head}, and at step {t.diverged_at} it is too large to be a number"
    return f"{head}; each step is longer than the one before and lands higher"


def _stall_text(t, first, last, kind, f):
    where = ("a saddle point: f curves up one way and down the other, so the slope is nearly "
             "zero though f is not at a minimum" if kind == "saddle" else
             f"a flat stretch that is not a minimum (f later falls from {_g(f[first])} to "
             f"{_g(np.nanmin(f[last:]))})")
    return (f"Stalled for {last - first + 1} steps (to step {last}): |∇f| is below 1% of "
            f"its largest so far, near {where}")


def _convergence_text(t, k, objective, strict):
    if strict:
        text = (f"Converged: |∇f| = {_g(t.grad_norms[k])} and the next step moves less than "
                f"1e-07, so the point has stopped (f = {_g(t.values[k])})")
    else:
        text = (f"Converged: from here on the point stays put, within a pixel or two on the "
                f"screen, and the minimum it heads for is as close (f = {_g(t.values[k])}, "
                f"|∇f| = {_g(t.grad_norms[k])})")
    if objective is not None:
        from gradviz.engine.curvature import curvature_at

        if curvature_at(objective, *t.points[k]).kind == "saddle":
            text += "; this is a saddle point, not a minimum"
    return text


# --- two runs -----------------------------------------------------------------------------------


def overtakes(a, b):
    """The step from which run ``a``'s f is below run ``b``'s and never above it again, after
    ``a`` was behind (above) at some earlier step; None otherwise. Equal within rounding counts
    as neither ahead nor behind; a diverged run's f counts as +inf."""
    fa, fb = values_of(checked(a)), values_of(checked(b))
    n = min(len(fa), len(fb))
    fa, fb = fa[:n], fb[:n]
    tol = RISE * max(_scale(fa), _scale(fb))
    with np.errstate(invalid="ignore"):
        behind = (fa > fb + tol) | (np.isinf(fa) & ~np.isinf(fb))
        ahead = (fa < fb - tol) | (~np.isinf(fa) & np.isinf(fb))
    if not behind.any():
        return None
    after = np.flatnonzero(ahead[np.flatnonzero(behind)[-1] + 1:])
    return None if after.size == 0 else int(after[0] + np.flatnonzero(behind)[-1] + 1)


def panel_labels(trajectories) -> list:
    """Each run's title, as its panel shows it ("Gradient descent, lr 0.09"); runs that would
    read the same also name the hyperparameters in which they differ ("Momentum, lr 0.05,
    \u03bc 0.9"; ``names.distinctions``)."""
    from gradviz.engine.names import distinctions, panel_title
    from gradviz.engine.optimizers import get_optimizer

    labels = [get_optimizer(t.optimizer).label for t in trajectories]
    extras = distinctions([(label, dict(t.hyper)) for label, t in zip(labels, trajectories)])
    return [panel_title(label, t.hyper["lr"], extra=extra)
            for label, t, extra in zip(labels, trajectories, extras)]


def overtaking_events(trajectories, labels=None):
    """An "overtake" :class:`Event` for every ordered pair of runs where one overtakes the
    other (``panel`` the one that passes, ``other`` the one passed)."""
    labels = list(labels) if labels is not None else panel_labels(trajectories)
    events = []
    for i, a in enumerate(trajectories):
        for j, b in enumerate(trajectories):
            k = None if i == j else overtakes(a, b)
            if k is not None:
                fa, fb = _two(values_of(a)[k], values_of(b)[k])
                events.append(Event(k, "overtake", (
                    f"{labels[i]} overtakes {labels[j]}: from here on its f is lower "
                    f"({fa} against {fb})"), i, j))
    return sorted(events, key=lambda e: e.step)


def session_events(objective, session, trajectories):
    """Every event of a session's runs (``trajectories``, one per panel, in order): each run's
    own (with the session's domain) and the overtakings between panels, sorted by step."""
    events = [e for i, t in enumerate(trajectories)
              for e in run_events(t, objective, session.domain, i)]
    return sorted(events + overtaking_events(trajectories), key=lambda e: (e.step, e.panel))
