"""The backpropagation dock: f's computation graph (in the regression mode, the model's and
its loss's) at the pinned probe or at the inspected panel's current point, stepped forward and
backward by the ``BackpropPanel``. Which point and which house are display options of the
session (``backprop_at``, ``backprop_house``); the walkthrough comes from
``state.queries.backprop_walkthrough``. A closed dock is not filled; it catches up when it
opens (``show``)."""

from __future__ import annotations

import time

from gradviz.gui.presenters.labels import shown_step
from gradviz.state import intents
from gradviz.state.changes import EVERYTHING
from gradviz.state.queries import backprop_walkthrough, probe_point

FOLLOW_PERIOD = 0.1
"""Seconds between new walkthroughs while playback moves the followed point (as the
inspector: a graph's numbers are not read at 60 frames a second)."""
PROBE_PARTS = frozenset({"objective", "probe", "domain", "display", "mode", "regression"})
PANEL_PARTS = frozenset({"step", "runs", "inspected", "playing"})


class BackpropPresenter:
    def __init__(self, state, panel):
        self.state, self.panel = state, panel
        self._shown = None      # (objective, point, house) last shown
        self._shown_at = 0.0
        panel.choice_requested.connect(
            lambda house: state.apply(intents.SetDisplay("backprop_house", int(house))))
        panel.point_requested.connect(
            lambda at: state.apply(intents.SetDisplay("backprop_at", at)))
        state.changed.connect(self._on_state_changed)
        self._on_state_changed(EVERYTHING)

    def point(self) -> tuple | None:
        """The point the graph follows: the probe, or the inspected panel's point at the step
        (the last before a divergence); None before anything is computed."""
        state = self.state
        if state.session.display.backprop_at == "panel" and state.runs:
            traj = state.runs[min(state.view.inspected, len(state.runs) - 1)].trajectory
            x, y = traj.points[shown_step(traj, state.step)]
            return float(x), float(y)
        return probe_point(state.session)

    def show(self) -> None:
        """Fill the panel (it shows again: what it missed)."""
        state = self.state
        if not self.panel.isVisible() or state.objective is None:
            return
        point = self.point()
        key = (state.objective, point, state.session.display.backprop_house)
        now = time.monotonic()
        if key == self._shown or (state.playing and now - self._shown_at < FOLLOW_PERIOD):
            return
        self._shown, self._shown_at = key, now
        self.panel.set_walkthrough(backprop_walkthrough(state, point))

    def _on_state_changed(self, parts) -> None:
        if "display" in parts:
            self.panel.set_point_choice(self.state.session.display.backprop_at)
        following_panel = self.state.session.display.backprop_at == "panel"
        if parts & PROBE_PARTS or (following_panel and parts & PANEL_PARTS):
            self.show()
