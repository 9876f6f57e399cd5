"""What the views show, computed from a Session by engine calls (no Qt here).

The application state (gradviz.state) calls these whenever the session changes; the views
only receive the results.
"""

import math
from typing import NamedTuple

import numpy as np

from gradviz.engine import field
from gradviz.engine.colorbar import colorbar_words, log_ticks
from gradviz.engine.names import FUNCTION, REGRESSION, SCALED
from gradviz.engine.session import GRID_SIZE

CONTOUR_COUNT = 15
CONVERGED_GRAD = 1e-5  # |grad f| below this ...
CONVERGED_STEP = 1e-7  # ... and a step shorter than this: the run has arrived


class Landscape(NamedTuple):
    grid: field.Grid
    image: np.ndarray  # display values, (ny, nx)
    log: bool
    colorbar_label: str
    contours: np.ndarray  # (M, 2), NaN rows between lines
    arrows: tuple  # (ax, ay) for connect="pairs"
    minima: tuple  # CriticalPoint-like objects with .x, .y, .kind
    names: tuple = FUNCTION  # engine.names.Names: the axes and the value, w, b, L for a regression
    colorbar_tip: str = ""   # the exact mapping of f to colour ("log10(f + 0.519)")
    colorbar_ticks: tuple = ()   # ((position, "f value"), ...) on a log scale; () linear


class Run(NamedTuple):
    label: str
    trajectory: object  # engine Trajectory (one start)
    converged_at: int | None   # the strict test: tiny gradient and tiny step (exported)
    settled_at: int | None = None     # run_status.settled_at: stays put from this step on
    diverging_at: int | None = None   # run_status.diverging_since
    leaving: bool = False             # ... downhill, off a landscape with no floor

    @property
    def steps(self):
        return len(self.trajectory.points) - 1

    def status(self, k, playing=False):
        """(kind, text) at step k, in plain words (``engine.run_status``): "paused" or
        "running" (``playing``), "converged at step s", "diverging since step j", "diverged at
        step d", "still moving at step n" (the last step, none of these); while paused or
        running, the head of the step's note in their place (:meth:`note`)."""
        s = self.full_status(k, playing)
        return s.kind, s.text

    def full_status(self, k, playing=False):
        """The ``run_status.Status`` at step k: kind, text and a short form."""
        from gradviz.engine.run_status import arrived_at, status_at, with_note

        status = status_at(k, self.steps, playing=playing,
                           converged_at=arrived_at(self.converged_at, self.settled_at),
                           diverging_at=self.diverging_at,
                           diverged_at=self.trajectory.diverged_at, leaving=self.leaving)
        return with_note(status, self.note(k))

    def note(self, k):
        """What the update that led to step k did in place of its plain step (Newton with a
        Hessian not positive definite, a line search that ran out of trials), "" when
        nothing, at step 0, or for an optimizer without notes."""
        traj = self.trajectory
        if not 1 <= k <= self.steps or traj.spec.look is None or traj.states is None:
            return ""
        return traj.note_at(k - 1)


REGRESSION_NAMES = REGRESSION
SCALED_NAMES = SCALED   # w', b': the line's coefficients on the scaled x'


def is_regression(session):
    return getattr(session, "mode", "function") == "regression"


def objective_for(session, deadline=None):
    """What ``session`` shows: its function f(x, y) parsed from ``text``, or in the regression
    mode the loss L(w, b) of its data (ExpressionError / DataError when it cannot be made).
    ``deadline``: a ``time.monotonic()`` value past which parsing gives up with an
    ExpressionError (see ``parse_expression``); a regression loss takes no time to make."""
    if is_regression(session):
        from gradviz.engine.regression_mode import loss_for

        return loss_for(session)
    from gradviz.engine.expression import parse_expression

    return parse_expression(session.text, session.params, deadline)


def compute_landscape(objective, session, size=GRID_SIZE):
    """The Landscape of ``objective`` over the session's domain, sampled on a ``size`` x
    ``size`` grid (a coarser one while a parameter is dragged: ``state.derived``)."""
    grid = field.sample_grid(objective, session.domain, size)
    scale = session.display.scale
    # auto: a regression loss always on a log scale (its floor is where the lesson is)
    log = scale == "log" or (scale == "auto" and (is_regression(session)
                                                  or field.is_log_scaled(grid.f)))
    levels = field.contour_levels(grid.f, CONTOUR_COUNT, "log" if log else "linear")
    display = field.display_scale(grid.f, log)
    image = display.forward(grid.f)
    f = "L" if is_regression(session) else "f"
    label, tip = colorbar_words(display.log, display.shift, f)
    finite = image[np.isfinite(image)]
    ticks = tuple(log_ticks(float(finite.min()), float(finite.max()), display.shift)
                  ) if display.log and finite.size else ()
    arrows = field.arrow_segments(grid, density=session.display.arrow_density,
                                  normalise=session.display.normalise)
    if is_regression(session):
        from gradviz.engine.regression_mode import minima

        return Landscape(grid, image, display.log, label,
                         field.contour_lines(grid, levels), arrows, minima(objective),
                         SCALED_NAMES if objective.scaled else REGRESSION_NAMES, tip, ticks)
    return Landscape(grid, image, display.log, label, field.contour_lines(grid, levels), arrows,
                     _minima(session), FUNCTION, tip, ticks)


def _minima(session):
    if session.preset is None:
        return ()
    from gradviz.engine.presets import PRESETS

    return tuple(PRESETS[session.preset].minima)


def compute_run(objective, session, index):
    """The Run of panel ``index`` of ``session``."""
    from gradviz.engine.optimizers import OPTIMIZERS
    from gradviz.engine.trajectory import run

    panel = session.panels[index]
    trajectory = run(objective, panel.optimizer, session.start, session.steps,
                     **run_options(session, index, objective), **panel.hyper)
    converged = trajectory.converged_at(tol=CONVERGED_GRAD, step_tol=CONVERGED_STEP)
    return Run(OPTIMIZERS[panel.optimizer].label, trajectory, converged,
               *_settled_and_diverging(trajectory, session.domain))


def _settled_and_diverging(trajectory, domain):
    """(settled_at, diverging_at, leaving) of a single-start trajectory (``run_status``)."""
    from gradviz.engine.run_status import diverging_since, falls_away, settled_of

    points, values, diverged = trajectory.points, trajectory.values, trajectory.diverged_at
    settled = settled_of(trajectory, domain)
    diverging = diverging_since(points, values, domain, diverged)
    return settled, diverging, diverging is not None and falls_away(values, diverged)


def compute_flow(objective, session, index):
    """The gradient flow (:func:`gradviz.engine.flow.gradient_flow`) from the session's start,
    sampled at the times of panel ``index``'s steps: ``t_k = k * lr``, or with a schedule the
    sum of the lrs before step k, so that the flow's k-th point is the one descent's k-th point
    approximates. Bounded in time (``flow.MAX_STEPS``); see ``Flow.message``."""
    from gradviz.engine.flow import flow_times, gradient_flow
    from gradviz.engine.optimizers import resolve_hyper
    from gradviz.engine.schedules import schedule_lrs

    panel = session.panels[index]
    lr = resolve_hyper(panel.optimizer, panel.hyper)["lr"]
    lrs = None
    if panel.schedule != "constant":
        lrs = schedule_lrs(panel.schedule, dict(panel.schedule_params), lr, session.steps)
    return gradient_flow(objective, session.start, flow_times(lr, session.steps, lrs))


def run_options(session, index, objective=None):
    """The keyword arguments of ``trajectory.run`` for panel ``index`` besides its optimizer and
    hyperparameters: the panel's lr schedule (none for "constant"), the session's gradient
    noise (the same ``(std, seed)`` for every panel) and, in the regression mode with
    ``objective`` (its loss) given, the mini-batch gradient hook (the same batches for every
    panel). The window, ``gradviz render``, the export and tuning all run through here, so a
    new way of changing the gradient or the lr goes in here once."""
    panel = session.panels[index]
    options = {}
    if panel.schedule != "constant":
        options["schedule"] = (panel.schedule, dict(panel.schedule_params))
    if session.noise_std > 0:
        options["noise"] = (session.noise_std, session.noise_seed)
    if objective is not None and is_regression(session):
        from gradviz.engine.regression_mode import batch_hook

        options["minibatch"] = batch_hook(objective, session)
    return options


def tune_key(session, index):
    """A short digest of everything a tuned lr of panel ``index`` depends on (function,
    parameters, start, steps, noise, the panel's optimizer, hyperparameters and schedule):
    a tuned note is shown only while its key matches (:func:`tuned_note`)."""
    import hashlib
    import json

    panel = session.panels[index]
    hyper = {k: list(v) if isinstance(v, tuple) else v for k, v in sorted(panel.hyper.items())}
    parts = [session.text, sorted(session.params.items()), list(session.start), session.steps,
             panel.optimizer, hyper, panel.schedule, sorted(panel.schedule_params.items()),
             sorted(run_options(session, index).items(), key=lambda kv: kv[0]),
             getattr(session, "mode", "function"), repr(getattr(session, "regression", None))]
    text = json.dumps(parts, default=repr)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def tuned_note(session, index):
    """The statement of panel ``index``'s tuned lr, or "" when it has none or anything it
    depended on has changed since."""
    tuned = session.panels[index].tuned
    if not tuned or tuned.get("key") != tune_key(session, index):
        return ""
    return tuned["note"]


def panel_notes(session, index, brief=False):
    """What a panel's header says beside the optimizer: its lr schedule, the gradient noise
    (the same for every panel) and a tuned lr's statement; a list of short lines. ``brief``:
    a few words each ("cosine lr to 0 at 1000", "noise \u03c3 0.5, seed 3", "lr tuned: best
    of 25 rates"), to fit one line over a landscape; the full lines go in its tooltip."""
    import re

    from gradviz.engine.schedules import describe
    from gradviz.engine.tuning import _fmt

    panel, notes = session.panels[index], []
    if panel.schedule != "constant":
        notes.append(describe(panel.schedule, panel.schedule_params, brief))
    if session.noise_std > 0:
        noise = f"noise \u03c3 {_fmt(session.noise_std)}, seed {session.noise_seed}"
        notes.append(noise if brief else f"gradient {noise} (all panels)")
    tuned = tuned_note(session, index)
    if tuned and brief:
        count = re.search(r"of (\d+) rates", tuned)
        tuned = f"lr tuned: best of {count.group(1)} rates" if count else "lr tuned"
    if tuned:
        notes.append(tuned)
    return notes


def tune_panel(objective, session, index, progress=None):
    """Sweep panel ``index``'s lr (``engine.tuning.tune_lr``) with its schedule and the session's
    noise, from the session's start over its steps. None if ``progress`` asked to stop."""
    from gradviz.engine.names import names_of
    from gradviz.engine.tuning import rounded_grid, tune_lr

    panel = session.panels[index]
    return tune_lr(objective, panel.optimizer, session.start, session.steps, panel.hyper,
                   rounded_grid(), progress=progress, value=names_of(session).f,
                   **run_options(session, index, objective))


def tuned_panel(session, index, result):
    """``session`` with panel ``index`` at ``result.best_lr`` and its note (unchanged when every
    lr diverged)."""
    from dataclasses import replace as _replace

    from gradviz.engine.names import names_of
    from gradviz.engine.tuning import statement

    if result.best_lr is None:
        return session
    panels = list(session.panels)
    panel = panels[index].with_hyper(lr=result.best_lr)
    panels[index] = _replace(panel, tuned=None)
    session = session.replace(panels=tuple(panels))
    note = statement(result, noise=session.noise_std > 0, value=names_of(session).f)
    panels[index] = _replace(panel, tuned={"lr": result.best_lr, "note": note,
                                           "key": tune_key(session, index)})
    return session.replace(panels=tuple(panels))


def compute_runs(objective, session, before_each=None):
    """Every panel's run; ``before_each()`` is called before each (it may raise to stop: a
    job that was abandoned)."""
    runs = []
    for index in range(len(session.panels)):
        if before_each is not None:
            before_each()
        runs.append(compute_run(objective, session, index))
    return runs


class PointVectors(NamedTuple):
    """Vectors at the current point of a run, for the arrows drawn there (None: not defined).

    ``grad``: grad f at the point (steepest ascent), None once it is shorter than
    CONVERGED_GRAD (likewise the momentum); ``step``: the update applied from this
    point to the next; ``momentum``: the way the optimizer's momentum pushes, minus the momentum
    buffer (SGD, Nesterov, RMSprop with momentum) or minus Adam's first moment m, after the
    update leaving this point.
    """

    origin: tuple | None
    grad: tuple | None
    step: tuple | None
    momentum: tuple | None


_MOMENTUM_FIELDS = {"momentum_buffer": "momentum", "exp_avg": None}


def point_vectors(trajectory, k):
    """The PointVectors of a single-start ``trajectory`` (record="all") at step ``k``."""
    k = max(0, min(int(k), trajectory.steps))
    diverged = trajectory.diverged_at
    if diverged is not None and k >= diverged:
        return PointVectors(None, None, None, None)
    origin = tuple(float(v) for v in trajectory.points[k])
    grad = _direction(trajectory.grads[k])
    has_next = k < trajectory.steps
    step = tuple(float(v) for v in trajectory.updates[k]) if has_next else None
    return PointVectors(origin, grad, step, _momentum(trajectory, k + 1 if has_next else k))


def _momentum(trajectory, k):
    state = trajectory.states
    for name, switch in _MOMENTUM_FIELDS.items():
        if name in state._fields and (switch is None or trajectory.hyper.get(switch, 0) > 0):
            return _direction(-getattr(state, name)[k])
    return None


def _direction(v):
    """``v`` as a tuple, or None where its direction means nothing: not finite, or shorter
    than CONVERGED_GRAD (at a minimum the gradient's direction is rounding noise)."""
    x, y = float(v[0]), float(v[1])   # plain floats: called for every frame of playback
    if not (math.isfinite(x) and math.isfinite(y)) or math.hypot(x, y) <= CONVERGED_GRAD:
        return None
    return (x, y)
