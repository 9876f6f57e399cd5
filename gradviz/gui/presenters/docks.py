"""The docks' contents: the inspector (the inspected panel's optimizer state at the current
step), the curves (f and |grad f| by step of every panel) and the slices through the probe.
A dock that is closed is not filled; it catches up when it opens (``show``)."""

from __future__ import annotations

import time

from gradviz.gui import theme
from gradviz.gui.presenters.follow import follow
from gradviz.gui.presenters.labels import run_titles
from gradviz.gui.presenters.later import Later
from gradviz.gui.views.curves import CurveSeries
from gradviz.state import intents
from gradviz.state.changes import EVERYTHING
from gradviz.state.queries import inspection, names, probe_reading

INSPECTOR_PERIOD = 0.1
"""Seconds between inspector updates during playback: nobody reads a table of numbers at 60
frames a second, and laying its text out costs a few ms a frame. Paused, it follows every step."""


class InspectorPresenter:
    def __init__(self, state, inspector):
        self.state, self.inspector = state, inspector
        self._shown_at = 0.0
        self._key = None   # (step, run, panel) last shown
        inspector.panel_selected.connect(lambda index: state.apply(intents.Inspect(index)))
        state.changed.connect(self._on_state_changed)
        self._on_state_changed(EVERYTHING)

    def show(self) -> None:
        """The inspector shows again: what it missed."""
        self._show_inspection()

    def _on_state_changed(self, parts) -> None:
        state = self.state
        if "runs" in parts:
            self.inspector.set_panels(run_titles(state.runs),
                                      [theme.panel_color(i) for i in range(len(state.runs))])
        if parts & {"runs", "inspected"} and state.runs:
            self.inspector.set_selected(min(state.view.inspected, len(state.runs) - 1))
        if parts & {"step", "runs", "inspected", "playing"}:
            self._show_inspection()

    def _show_inspection(self) -> None:
        state = self.state
        if not (self.inspector.isVisible() and state.runs):
            return
        index = min(state.view.inspected, len(state.runs) - 1)
        key = (state.step, id(state.runs[index]), index, state.playing)
        now = time.monotonic()
        if key == self._key or (state.playing and now - self._shown_at < INSPECTOR_PERIOD):
            return
        self._key, self._shown_at = key, now
        self.inspector.set_inspection(inspection(state, index))


class CurvesPresenter:
    """``curves`` (a CurvesView) and the title of its ``dock``, which names the value."""

    def __init__(self, state, curves, dock):
        self.state, self.curves, self.dock = state, curves, dock
        curves.step_requested.connect(lambda k: state.apply(intents.Seek(k)))
        curves.log_changed.connect(lambda key, on: state.apply(intents.SetDisplay(key, on)))
        self._runs = Later(state, self._show_runs, curves)   # at a lower rate in a drag
        state.changed.connect(self._on_state_changed)
        self._on_state_changed(EVERYTHING)

    def _on_state_changed(self, parts) -> None:
        state, curves = self.state, self.curves
        if parts & {"mode", "regression"}:
            shown = names(state)
            curves.set_names(shown)
            if self.dock.windowTitle() != shown.curves_title:
                self.dock.setWindowTitle(shown.curves_title)
        if "display" in parts:
            display = state.session.display
            curves.set_log(log_f=display.log_f, log_grad=display.log_grad)
        if "runs" in parts:
            self._runs.ask()
        if "landscape" in parts:
            self._runs.on_landscape()
        if "step" in parts:
            curves.set_step(state.step)

    def _show_runs(self) -> None:
        state = self.state
        self.curves.set_curves([
            CurveSeries(title, theme.panel_color(i), run.trajectory.values,
                        run.trajectory.grad_norms, run.trajectory.diverged_at)
            for i, (run, title) in enumerate(zip(state.runs, run_titles(state.runs)))])
        self.curves.set_step(state.step)


class SlicesPresenter:
    def __init__(self, state, slices):
        self.state, self.slices = state, slices
        self._shown = None   # the Reading shown
        follow(state, [({"hover", "probe", "objective", "domain"}, self.show)])

    def show(self) -> None:
        """The probe's slices, laid out only while they show (2-3 ms of plots and text)."""
        reading = probe_reading(self.state) if self.slices.isVisible() else None
        if reading is None or reading is self._shown:
            return
        self._shown = reading
        self.slices.set_slices(reading.slices)
        self.slices.set_source(reading.source)
