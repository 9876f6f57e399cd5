"""What is computed from the session, and what each computed part depends on.

Every computed part has a key: the tuple of the session's fields it is a function of. A part
is recomputed exactly when its key changes, so moving one panel's lr reruns that panel alone,
a layer toggle recomputes nothing, and removing a panel keeps the other runs as they are.

``prepare`` is the slow path, run off the GUI thread by a job runner: a new function (typed, a
preset, a file) is parsed, compiled, sampled on the grid and run in every panel at once.
"""

from __future__ import annotations

import logging
import math
import time
from typing import NamedTuple

from gradviz.engine.session import GRID_SIZE as FULL_GRID
from gradviz.state.jobs import Stopped, stop_if_abandoned
from gradviz.state.records import TOO_SLOW, FunctionError

log = logging.getLogger(__name__)


def objective_key(session) -> tuple:
    """What the objective is a function of: the text and parameter values, or in the
    regression mode the data, the scaling and the loss (not the batches: they change the
    runs)."""
    if session.mode == "regression":
        from gradviz.engine.regression_mode import config_of

        config = config_of(session)
        return ("regression", config.data, config.points, config.scaled, config.loss,
                config.huber_delta)
    return ("function", session.text, tuple(sorted(session.params.items())))


def same_text(key, other) -> bool:
    """Two objective keys of one function text, differing at most in parameter values
    (``Objective.with_params`` goes from one to the other without parsing)."""
    return other is not None and key[0] == other[0] == "function" and key[1] == other[1]


COARSE_GRID = 100
"""Samples a side while a parameter is dragged: a quarter of the points, so the landscape,
its contours and their stroke keep up with the pointer; the full grid follows the pause."""
DRAG_GAP = 0.25
"""Seconds: a parameter change this soon after the previous one is part of a drag."""
SETTLE = 0.12
"""Seconds of a drag's pause before the full grid is computed (on the job runner)."""


def landscape_key(session, objective, size=FULL_GRID) -> tuple:
    """What ``engine.scene.compute_landscape`` reads besides the objective; ``size`` last."""
    display = session.display
    return (objective, session.domain, display.arrow_density, display.normalise, display.scale,
            session.mode, session.preset, size)


def is_coarse(key) -> bool:
    """True for the key of a landscape drawn on the coarse grid (waiting for the full one)."""
    return key is not None and key[-1] != FULL_GRID


def drawn_coarse(landscape) -> bool:
    """True for a landscape sampled on the coarse grid: a parameter is being dragged (the
    full grid follows the pause)."""
    return landscape is not None and landscape.grid.f.shape[0] != FULL_GRID


def full(key) -> tuple | None:
    """The full-grid version of landscape key ``key`` when it is coarse, else None."""
    return key[:-1] + (FULL_GRID,) if is_coarse(key) else None


def refine(session, objective):
    """The full-grid landscape of ``session`` (a job's work: off the GUI thread)."""
    from gradviz.engine.scene import compute_landscape

    return compute_landscape(objective, session, FULL_GRID)


def run_key(session, index, objective) -> tuple:
    """What ``engine.scene.compute_run`` of panel ``index`` reads besides the objective
    (``tuned`` only annotates the panel; the batches only matter in the regression mode)."""
    panel = session.panels[index]
    batches = None
    if session.mode == "regression" and session.regression is not None:
        batches = (session.regression.batch_size, session.regression.seed)
    return (objective, panel.optimizer, panel.hyper, panel.schedule, panel.schedule_params,
            session.start, session.steps, session.noise_std, session.noise_seed, session.mode,
            batches)


def normalised(session, objective):
    """``session`` with the parameters its objective uses (names not in the text dropped,
    new ones at their defaults): the session and its objective agree from then on."""
    if session.mode == "regression" or session.params == objective.params:
        return session
    return session.replace(params=objective.params)


class Failed(NamedTuple):
    """A part that could not be computed: what was being done, and the error."""

    what: str
    error: Exception

    @property
    def text(self) -> str:
        return f"{self.what}: {self.error}"


def attempt(what, compute, *args):
    """``compute(*args)``, or a Failed naming ``what`` (logged): one bad function must never
    take the window down."""
    try:
        return compute(*args)
    except Stopped:   # the job gave up: not a failure of this part
        raise
    except Exception as error:  # noqa: BLE001 - reported in one line, never raised
        log.exception(what)
        return Failed(what, error)


LANDSCAPE_FAILED = "could not draw the landscape"
RUNS_FAILED = "could not run the optimizers"


class Prepared(NamedTuple):
    """A job's result: the session it was made for (its parameters normalised), the
    objective and its gradient formulas, the landscape and the runs (or Failed), and the
    seconds each took ({"parse", "landscape", "runs"}: ``gradviz bench`` reports them)."""

    session: object
    objective: object
    gradient: tuple
    landscape: object
    runs: object
    timings: dict


def prepare(session, budget=math.inf) -> Prepared:
    """Everything a new function shows, from ``session``: objective (ExpressionError or
    DataError when it cannot be made), formulas, landscape and runs. Slow (sympy, the grid,
    every panel's run): called by a job runner, off the GUI thread. Parsing gives up (an
    ExpressionError) once ``budget`` seconds have passed; between the later stages (the
    grid, each panel's run) it stops (``jobs.Stopped``) past that deadline or when its runner
    abandoned it (a newer function came), so no result nobody will see keeps a core busy."""
    from gradviz.engine.scene import compute_landscape, compute_runs, objective_for

    began = time.perf_counter()
    deadline = None if math.isinf(budget) else time.monotonic() + budget
    objective = objective_for(session, deadline)   # the one place the function is made
    session = normalised(session, objective)
    gradient = tuple(objective.gradient_text)   # sympy's printer for a typed function
    parsed = time.perf_counter()
    stop_if_abandoned(deadline)
    landscape = attempt(LANDSCAPE_FAILED, compute_landscape, objective, session)
    drawn = time.perf_counter()
    runs = attempt(RUNS_FAILED, compute_runs, objective, session,
                   lambda: stop_if_abandoned(deadline))
    timings = {"parse": parsed - began, "landscape": drawn - parsed,
               "runs": time.perf_counter() - drawn}
    return Prepared(session, objective, gradient, landscape, runs, timings)


def error_of(error) -> FunctionError:
    """The one line a job's exception is shown as."""
    from gradviz.engine.dataset import DataError
    from gradviz.engine.expression import ExpressionError

    if isinstance(error, ExpressionError):
        return FunctionError(error.message, error.column)
    if isinstance(error, DataError):
        return FunctionError(f"cannot fit a line: {error.message}", None)
    if isinstance(error, Stopped):   # past its budget (an abandoned job's result is dropped)
        return FunctionError(TOO_SLOW, None)
    log.error("could not prepare the function", exc_info=error)
    return FunctionError(f"could not prepare the function: {error}", None)
