"""Questions the presenters ask the state: the numbers the probe, the inspector, the arrows at
the point and the 3D view show, computed by the engine from what the state holds."""

from __future__ import annotations

import math
from typing import NamedTuple


def probe_point(session) -> tuple:
    """The pinned probe, by default a spot that hides nothing (``engine.probe_spot``)."""
    if session.probe is not None:
        return session.probe
    from gradviz.engine.probe_spot import default_probe

    return default_probe(session)


def probe_gradient(state) -> tuple | None:
    """∇f = (∂f/∂x, ∂f/∂y) at the pinned probe (its arrow), or None before the first function
    or where f's gradient is not a finite number there."""
    if state.objective is None:
        return None
    from gradviz.engine.probe import probe

    p = probe(state.objective, *probe_point(state.session))
    return (p.dfdx, p.dfdy) if math.isfinite(p.dfdx) and math.isfinite(p.dfdy) else None


class Reading(NamedTuple):
    """The probe's numbers and slices (``engine.probe.Slices``), at the mouse ("cursor") or
    at the pinned probe ("probe")."""

    slices: object
    source: str


_last_reading = [None, None]   # (what it was read from, the Reading): asked twice per change


def probe_reading(state) -> Reading | None:
    """What the slices and the hover box show now; None before the first function."""
    if state.objective is None:
        return None
    from gradviz.engine.names import names_of
    from gradviz.engine.probe import slices

    session = state.session
    hover = state.view.hover
    source, (x, y) = ("cursor", hover) if hover else ("probe", probe_point(session))
    key = (state.objective, source, x, y, session.domain, names_of(session))
    if _last_reading[0] != key:
        (x0, x1), (y0, y1) = session.domain
        _last_reading[:] = key, Reading(slices(state.objective, x, y, (x0, x1), (y0, y1),
                                                names=key[-1]), source)
    return _last_reading[1]


def inspection(state, index, k=None):
    """The engine's Inspection of panel ``index`` at step ``k`` (default: the current)."""
    from gradviz.engine.inspect import inspect
    from gradviz.engine.names import names_of

    if not 0 <= index < len(state.runs):
        return None
    k = state.step if k is None else k
    shown = inspect(state.runs[index].trajectory, k, names_of(state.session))
    return with_adam_rates(state, index, k, shown)


ADAM_FAMILY = ("adam", "adamw", "amsgrad")


def with_adam_rates(state, index, k, shown):
    """``shown`` (an Inspection of an Adam-family panel, after at least one update) with two
    more rows: Adam's per-coordinate rate lr/(√v̂+ε) and, beside it, 2/λ along each axis at
    the point (``engine.curvature.adam_rates``): where the first is far above the second
    along a steep axis and near it along a flat one, Adam walks a ravine plain descent
    cannot."""
    from dataclasses import replace

    from gradviz.engine.curvature import adam_rates, curvature_at
    from gradviz.engine.inspect import Row

    traj = state.runs[index].trajectory
    if (traj.optimizer not in ADAM_FAMILY or not 1 <= k <= traj.steps or shown.diverged
            or state.objective is None):
        return shown
    rates = adam_rates(traj, k, curvature_at(state.objective, *traj.points[k]))
    pair = lambda a: (float(a[0]), float(a[1]))   # noqa: E731
    return replace(shown, rows=shown.rows + (
        Row("adam_rate", "lr/(√v̂+ε), Adam's rate", pair(rates.effective),
            "the step per unit of gradient, each coordinate its own"),
        Row("axis_limit", "2/λ along the axis, plain descent's limit", pair(rates.limit),
            "gradient descent with a larger lr overshoots along this axis")))


def point_vectors(state, index, k=None):
    """Gradient, step and momentum at panel ``index``'s point (``engine.scene.PointVectors``)."""
    from gradviz.engine.scene import point_vectors as vectors

    return vectors(state.runs[index].trajectory, state.step if k is None else k)


def surface_scene(state):
    """The 3D view's geometry (``engine.surface.SurfaceScene``), None before a landscape."""
    from gradviz.engine.surface import build_scene

    if state.objective is None or state.landscape is None:
        return None
    return build_scene(state.objective, state.landscape,
                       [run.trajectory.points for run in state.runs], state.landscape.minima)


def names(state):
    """x, y, f; or w, b, L in the regression mode (``engine.names.Names``)."""
    from gradviz.engine.names import names_of

    return names_of(state.session)


_prepared_backprop = [None, None]   # (objective, engine.backprop.Prepared): point-free work


def backprop_walkthrough(state, point):
    """The backpropagation walkthrough (``engine.backprop.Walkthrough``) at ``point``: f's
    graph at (x, y), or in the regression mode the model's and loss's graph at (w, b) drawn
    for the house ``display.backprop_house``. None before the first function."""
    objective = state.objective
    if objective is None:
        return None
    x, y = float(point[0]), float(point[1])
    if state.session.mode == "regression" and hasattr(objective, "point_loss"):
        from gradviz.engine.backprop_regression import walkthrough

        return walkthrough(objective, x, y, state.session.display.backprop_house)
    if _prepared_backprop[0] is not objective:
        from gradviz.engine.backprop import prepare

        _prepared_backprop[:] = objective, prepare(objective)
    return _prepared_backprop[1].at(x, y)


_minimum_curvature = [None, None]   # (objective, point) -> Curvature: asked per panel


def minimum_curvature(state, index):
    """The ``engine.curvature.Curvature`` at the minimum panel ``index`` heads for: the
    landscape's known global minimum (a preset's, the least-squares line), else the point
    its run settled at; None when there is neither or the Hessian there is not a minimum's."""
    from gradviz.engine.curvature import curvature_at

    if state.objective is None or state.landscape is None:
        return None
    known = [m for m in state.landscape.minima if getattr(m, "kind", "global") == "global"]
    if known:
        point = (float(known[0].x), float(known[0].y))
    elif index < len(state.runs) and state.runs[index].settled_at is not None:
        run = state.runs[index]
        point = tuple(float(v) for v in run.trajectory.points[run.settled_at])
    else:
        return None
    key = (state.objective, point)
    if _minimum_curvature[0] != key:
        _minimum_curvature[:] = key, curvature_at(state.objective, *point)
    c = _minimum_curvature[1]
    return c if c.kind == "minimum" else None
