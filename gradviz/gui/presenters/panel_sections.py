"""Each panel's section of the control column: its optimizer settings, lr schedule (with the
plot of the rates its run used and the current step marked) and tuned-lr note."""

from __future__ import annotations

from gradviz.state import intents

SECTION_PARTS = frozenset({"panels", "steps", "runs", "step", "mode", "regression"})


class PanelSections:
    def __init__(self, state, controls):
        self.state, self.controls = state, controls
        self._panels = ()   # the PanelConfigs last shown
        controls.panel_settings_changed.connect(self._on_settings_changed)
        controls.panel_schedule_changed.connect(self._on_schedule_changed)

    def _on_settings_changed(self, index, optimizer, hyper) -> None:
        self.state.apply(intents.SetPanel(index, optimizer, hyper))

    def _on_schedule_changed(self, index, name, params) -> None:
        self.state.apply(intents.SetSchedule(index, name, params))
        self._show_schedule(index)   # a refused schedule: the fields show the one in use

    def show(self, parts) -> None:
        if not parts & SECTION_PARTS:
            return
        session, c = self.state.session, self.controls
        if "panels" in parts or len(self._panels) != len(session.panels):
            c.set_panel_count(len(session.panels))
            old = self._panels
            self._panels = session.panels
            for i, panel in enumerate(session.panels):
                if i >= len(old) or old[i] != panel:
                    c.optimizers[i].set_settings(panel.optimizer, panel.hyper)
                    self._show_schedule(i)
        if parts & {"steps", "panels"}:
            for schedule in c.schedules:
                schedule.set_steps(session.steps)   # for a schedule chosen next
        if parts & {"runs", "panels"}:
            self._show_runs()
        if parts & {"step", "runs", "panels"}:
            for schedule in c.schedules[: len(self.state.runs)]:
                schedule.set_step(self.state.step)

    def _show_schedule(self, index) -> None:
        panel = self.state.session.panels[index]
        self.controls.schedules[index].set_schedule(panel.schedule, panel.schedule_params)

    def _show_runs(self) -> None:
        from gradviz.engine.scene import tuned_note

        state, c = self.state, self.controls
        count = min(len(state.runs), len(state.session.panels), len(c.schedules))
        for i in range(count):
            c.schedules[i].set_curve(state.runs[i].trajectory.lrs)
            c.tuners[i].set_note(tuned_note(state.session, i))
