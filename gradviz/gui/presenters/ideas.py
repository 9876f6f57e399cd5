"""The ideas drawn on the landscapes beside the runs (``views.idea_items``): the gradient flow
of each panel (display option ``flow``), the line search's rejected trials at the step, the
Hessian's eigen-directions (``curvature``) at the pinned probe, or with none pinned at each
panel's current point (the step on screen), and in the regression mode each
house's -grad l_i at each panel's current point with their mean and the mini-batch's
(``house_arrows``). In the overlay, the first view shows the inspected panel's.
"""

from __future__ import annotations

import math

from gradviz.gui.presenters.follow import follow
from gradviz.gui.presenters.labels import shown_step

FLOW_PARTS = frozenset({"runs", "display", "panels"})
STEP_PARTS = frozenset({"step", "runs", "inspected", "panels", "display", "regression"})
AXES_PARTS = frozenset({"probe", "objective", "display", "domain", "panels", "step", "runs",
                        "inspected"})


class IdeasPresenter:
    def __init__(self, state, grid):
        self.state, self.grid = state, grid
        self._flows = []       # [(run key, flow path (m, 2))]: each computed once
        self._curvature = (None, None, None)   # (objective, point, its Curvature): the last
        follow(state, [(FLOW_PARTS, self._show_flows), (STEP_PARTS, self._show_step),
                       (AXES_PARTS, self._show_axes)])

    def _shown(self):
        """[(view, panel index)] drawn: each view its panel, the overlay the inspected one."""
        views, runs = self.grid.views, self.state.runs
        if self.grid.overlay and runs:
            return [(views[0], min(self.state.view.inspected, len(runs) - 1))]
        return list(zip(views, range(len(runs))))

    # --- the gradient flow -----------------------------------------------------------------

    def _show_flows(self) -> None:
        state = self.state
        on = state.session.display.flow and state.objective is not None
        for view in self.grid.views:
            view.ideas.set_flow(None)
        if on:
            for view, i in self._shown():
                view.ideas.set_flow(self.flow_path(i))

    def flow_path(self, index):
        """Panel ``index``'s gradient flow from the start over its run's time (``engine.scene.
        compute_flow``: bounded, ~0.2 s at worst), kept while its run is the same."""
        from gradviz.engine.scene import compute_flow
        from gradviz.state.derived import run_key

        state = self.state
        key = run_key(state.session, index, state.objective)
        known = next((path for k, path in self._flows if k == key), None)
        if known is None:
            known = compute_flow(state.objective, state.session, index).path
            self._flows = [(k, p) for k, p in self._flows[-7:] if k != key] + [(key, known)]
        return known

    # --- the step: trials and houses ---------------------------------------------------------

    def _show_step(self) -> None:
        state = self.state
        houses = self._house_terms_at if (state.session.mode == "regression"
                                          and state.session.display.house_arrows
                                          and hasattr(state.objective, "point_loss")) else None
        shown = self._shown()
        for view in self.grid.views:
            if all(view is not v for v, _ in shown):
                view.ideas.set_trials(None, None)
                view.ideas.set_houses()
        for view, i in shown:
            traj = state.runs[i].trajectory
            k = shown_step(traj, state.step)
            point = traj.points[k]
            view.ideas.set_trials(point, _rejected(traj, k))
            if houses is None:
                view.ideas.set_houses()
            else:
                view.ideas.set_houses(point, *houses(point, k))

    def _house_terms_at(self, point, k):
        """(grads (n, 2), mean (2,), batch mean or None, batch indices or None) at ``point``,
        the batch being update k's (the one the run takes from this point)."""
        from gradviz.engine.losses import batch_indices, house_terms
        from gradviz.engine.regression_mode import config_of

        loss, config = self.state.objective, config_of(self.state.session)
        every = house_terms(loss, *point)
        batch = batch_indices(loss, config.batch_size, config.seed, k)
        if batch is None:
            return every.grads, every.gradient, None, None
        return every.grads, every.gradient, every.grads[batch].mean(axis=0), batch

    # --- curvature at the probe or the current point ------------------------------------------

    def _show_axes(self) -> None:
        """At the pinned probe on every panel; with no probe pinned (its crosshair hidden, the
        default spot unmarked) at each panel's own current point, where a person looks:
        following playback, and at rest on the minimum a run found."""
        state = self.state
        on = state.session.display.curvature and state.objective is not None
        pinned = state.session.probe
        shown = [] if not on else ([(view, None) for view in self.grid.views]
                                   if pinned is not None else self._shown())
        for view in self.grid.views:
            if all(view is not v for v, _ in shown):
                view.ideas.set_axes()
        for view, i in shown:
            point = pinned if i is None else self._current_point(i)
            self._axes_at(view, point)

    def _current_point(self, index):
        traj = self.state.runs[index].trajectory
        return tuple(float(v) for v in traj.points[shown_step(traj, self.state.step)])

    def _axes_at(self, view, point) -> None:
        from gradviz.engine.curvature import curvature_at

        if not all(math.isfinite(v) for v in point):
            view.ideas.set_axes()   # a diverged run's point: no curvature there
            return
        objective = self.state.objective
        if self._curvature[:2] != (objective, point):   # the pinned probe: once for all views
            self._curvature = (objective, point, curvature_at(objective, *point))
        c = self._curvature[2]
        view.ideas.set_axes(point, c.eigenvalues, c.directions, axis_words(c))


def axis_words(c) -> tuple:
    """The axes' labels, short lines for a narrow panel: "λmax = 200" and "2/λmax = 0.01" (where
    the limit exists) on the steeper; "λmin = 2" and "κ = 100" on the flatter."""
    low, high = c.eigenvalues
    steep, flat = [f"λmax = {high:.3g}"], [f"λmin = {low:.3g}"]
    if c.max_stable_lr != float("inf"):
        steep.append(f"2/λmax = {c.max_stable_lr:.3g}")
    if c.condition_number == c.condition_number:   # not NaN
        flat.append(f"κ = {c.condition_number:.3g}")
    return "\n".join(flat), "\n".join(steep)


def _rejected(traj, k):
    """The line search's rejected trial points of the update leaving step k, or None."""
    if traj.optimizer != "gd_armijo" or traj.states is None:
        return None
    points, _, accepted = traj.trials_at(k)
    return points[:-1] if accepted else points
