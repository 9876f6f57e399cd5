"""Pushes what the controller computed into the main window's views: landscapes, paths, arrows
at the current point, curves, the inspector and the probe. Every frame of the animation goes
through ``show_step``, so it only hands arrays over (setData), never builds widgets.
"""

from __future__ import annotations

import time

from gradviz.gui import theme
from gradviz.gui.menus import tune_tip
from gradviz.gui.views.curves import CurveSeries
from gradviz.gui.views.probe_items import probe_html

LAYER_KEYS = ("contours", "arrows", "minima")
INSPECTOR_PERIOD = 0.1
"""Seconds between inspector updates during playback: nobody reads a table of numbers at 60
frames a second, and laying its text out costs a few ms a frame. Paused, it follows every step."""


class WindowSync:
    def __init__(self, window):
        self.window = window
        self.landscape = None
        self._session = None
        self._legend = None
        self._tags = []   # per panel: ", cosine lr, tuned" for the overlay legend
        self._hover_view = None
        self._inspected_at = 0.0
        self._step_key = None        # what show_step last showed, see there
        self._probe_pending = None   # slices for the slices view while its dock is hidden

    @property
    def _views(self):
        return self.window.panels.views

    # --- whole-session changes ----------------------------------------------------------

    def show_session(self, session):
        """Panels added or removed, start, layers, arrows, overlay: everything but the runs."""
        w = self.window
        self._session = session
        self._step_key = None
        created = w.panels.set_count(len(session.panels))
        display = session.display
        for view in self._views:
            view.set_start(*session.start)
            view.set_layers_visible(**{k: getattr(display, k) for k in LAYER_KEYS})
            view.set_legend_visible(display.legend and view is self._views[0])
            view.arrows.set_enabled(grad=display.grad_arrow, step=display.step_arrow,
                                    momentum=display.momentum_arrow)
            view.probe.set_probe(*w.controller.probe_point())
            view.probe.set_probe_visible(w.docks["slices"].isVisible())
        if created and self.landscape is not None:
            for view in created:
                self._landscape_into(view, self.landscape)
        if w.panels.overlay != display.overlay:
            self.show_overlay(display.overlay)

    def show_overlay(self, on):
        self.window.panels.set_overlay(on)
        self._legend = None
        if not on:
            self._views[0].set_overlay([])
        self.show_runs(self.window.controller.runs)

    # --- the landscape --------------------------------------------------------------------

    def show_landscape(self, land):
        from gradviz.engine.names import Names

        self.landscape = land
        for view in self._views:
            self._landscape_into(view, land)
        if land.grid.domain != self.window._domain:   # keep the zoom while parameters move
            self.window._domain = land.grid.domain
            self.window.reset_zoom()
        self._rename(Names(*land.names))

    def _rename(self, names):
        """The words around the landscape follow its names: f or L (the regression mode)."""
        w = self.window
        w.curves.set_names(names)
        w.controls.set_names(names)   # the Display box and the tune buttons
        w.actions_by_name["tune"].setStatusTip(tune_tip(names.f))
        if w.docks["curves"].windowTitle() != names.curves_title:
            w.docks["curves"].setWindowTitle(names.curves_title)
        arrows = w.actions_by_name.get("arrows")
        if arrows is not None:
            arrows.setText(f"Arrows of -{names.grad} (the field)")

    @staticmethod
    def _landscape_into(view, land):
        grid = land.grid
        view.set_landscape(grid.xs, grid.ys, land.image, land.contours, land.minima,
                           land.colorbar_label, land.colorbar_tip, land.colorbar_ticks)
        view.set_arrows(*land.arrows)
        view.set_axis_names(land.names)

    # --- the runs -------------------------------------------------------------------------

    def show_runs(self, runs):
        w = self.window
        labels = [run.label for run in runs]
        titles = [_title(run) for run in runs]
        colors = [theme.panel_color(i) for i in range(len(runs))]
        for view, title in zip(self._views, titles):
            view.set_title(title)
        self._show_notes(runs)
        if w.panels.overlay and runs:
            self._views[0].set_title("Overlay: " + " \u00b7 ".join(labels))
        w.inspector.set_panels(titles, colors)
        w.curves.set_curves([
            CurveSeries(title, color, run.trajectory.values, run.trajectory.grad_norms,
                        run.trajectory.diverged_at)
            for run, color, title in zip(runs, colors, titles)])
        w.playback.set_range(w.controller.session.steps)
        self._legend = None
        self._step_key = None
        self.show_step(w.controller.step)

    def show_step(self, k):
        """Show step ``k`` of the runs: paths, markers, arrows, readouts, curves cursor,
        inspector, playback bar. A repeat of the step just shown (the controller shows new
        runs, then sets the step) is skipped: nothing on screen would change."""
        w, c = self.window, self.window.controller
        runs = c.runs[: len(self._views)]
        selected = min(w.inspector.selected(), max(len(runs) - 1, 0))
        key = (k, tuple(map(id, runs)), selected, w.panels.overlay, c.playing,
               w.docks["inspector"].isVisible(), len(self._views))
        if key == self._step_key:
            return
        self._step_key = key
        statuses = [run.status(k, c.playing) for run in runs]
        if w.panels.overlay and runs:
            self._show_overlay_step(runs, statuses, selected, k)
        else:
            for i, (run, (kind, text)) in enumerate(zip(runs, statuses)):
                view, traj = self._views[i], run.trajectory
                shown = _shown(traj, k)
                view.set_path(traj.points[: shown + 1], diverged=kind == "diverged")
                x, y = traj.points[shown]
                view.set_readout(shown, x, y, traj.values[shown], traj.grad_norms[shown],
                                 _lr(traj, shown))
                view.set_status(kind, text)
                view.set_point_vectors(*c.point_vectors(i, k))
        w.curves.set_step(k)
        for schedule in w.controls.schedules[: len(runs)]:
            schedule.set_step(k)
        now = time.monotonic()
        if (w.docks["inspector"].isVisible() and runs
                and (not c.playing or now - self._inspected_at >= INSPECTOR_PERIOD)):
            self._inspected_at = now
            w.inspector.set_inspection(c.inspection(selected, k))
        w.playback.set_step(k)

    def _show_overlay_step(self, runs, statuses, selected, k):
        """Every path on the first view; its readout, status and arrows are the inspected
        panel's."""
        view = self._views[0]
        tags = self._tags + [""] * (len(runs) - len(self._tags))
        legend = [(theme.panel_color(i), f"{_title(run)}{tags[i]}: {text}")
                  for i, (run, (_, text)) in enumerate(zip(runs, statuses))]
        if legend != self._legend:   # rebuilding the legend costs: only when a status changes
            self._legend = legend
            view.set_overlay(legend)
        for i, (run, (kind, _)) in enumerate(zip(runs, statuses)):
            traj = run.trajectory
            view.set_layer_path(i, traj.points[: _shown(traj, k) + 1], kind == "diverged")
        traj = runs[selected].trajectory
        shown = _shown(traj, k)
        x, y = traj.points[shown]
        view.set_readout(shown, x, y, traj.values[shown], traj.grad_norms[shown],
                         _lr(traj, shown))
        view.set_status(*statuses[selected])
        view.set_point_vectors(*self.window.controller.point_vectors(selected, k))

    def _show_notes(self, runs):
        """Each panel's lr schedule plot, tuned note and header note (schedule, noise, tuned
        lr); in overlay mode the first view's note is the inspected panel's."""
        from gradviz.engine.scene import panel_notes, tuned_note

        w, session = self.window, self.window.controller.session
        count = min(len(runs), len(session.panels))
        notes = [" \u00b7 ".join(panel_notes(session, i, brief=True)) for i in range(count)]
        tips = ["\n".join(panel_notes(session, i)) for i in range(count)]
        for i in range(count):
            if i < len(w.controls.schedules):
                w.controls.schedules[i].set_steps(session.steps)   # for a schedule chosen next
                w.controls.schedules[i].set_curve(runs[i].trajectory.lrs)
                w.controls.tuners[i].set_note(tuned_note(session, i))
        # overlay: the legend names each panel's schedule and tuned lr; the note says the noise
        self._tags = [_tags(session, i) for i in range(count)]
        if w.panels.overlay and notes:
            noise = [n for n in panel_notes(session, 0, brief=True) if n.startswith("noise")]
            notes, tips = [" \u00b7 ".join(noise)], [""]
        if any(notes):   # a blank line where a panel has none: headers of one height
            notes = [note or " " for note in notes]
        for view, note, tip in zip(self._views, notes, tips):
            view.set_note(note, tip)

    # --- the probe -------------------------------------------------------------------------

    def show_probe(self, slices, source):
        w = self.window
        if w.docks["slices"].isVisible():
            self._probe_pending = None
            w.slices.set_slices(slices)
            w.slices.set_source(source)
        else:   # laid out when the dock is shown (2-3 ms of plots and text an edit)
            self._probe_pending = (slices, source)
        if source == "probe":
            for view in self._views:
                view.probe.set_probe(slices.probe.x, slices.probe.y)
                view.probe.set_box(None)
            return
        html = probe_html(slices.probe, "cursor", slices.names)
        for view in w.panels.visible_views():
            view.probe.set_box(html if view is w.panels.hover_view else None)

    # Docks report visibility changes also while the window is being destroyed, after some of
    # the views' items are gone: those calls are dropped (RuntimeError from shiboken).

    def show_probe_marker(self, visible):
        try:
            for view in self._views:
                view.probe.set_probe_visible(visible)
            if visible and self._probe_pending is not None:
                slices, source = self._probe_pending
                self._probe_pending = None
                self.window.slices.set_slices(slices)
                self.window.slices.set_source(source)
        except RuntimeError:
            pass

    def on_inspector_shown(self, visible):
        if visible:
            try:
                self.show_step(self.window.controller.step)
            except RuntimeError:
                pass


def _title(run):
    """A panel's title: the optimizer and its learning rate ("Gradient descent, lr 0.02"), so
    panels running one optimizer at different rates can be told apart."""
    lr = run.trajectory.hyper.get("lr")
    if lr is None:
        return run.label
    return f"{run.label}, lr {lr:.3g}".replace("e-0", "e-").replace("e+0", "e+")


def _tags(session, index):
    """", cosine lr, tuned" after a panel's name in the overlay legend: its schedule (if not
    constant) and whether its lr is a tuned one (still valid)."""
    from gradviz.engine.scene import tuned_note
    from gradviz.engine.schedules import SCHEDULES

    panel, tags = session.panels[index], []
    if panel.schedule != "constant":
        tags.append(f"{SCHEDULES[panel.schedule].label.lower()} lr")
    if tuned_note(session, index):
        tags.append("tuned")
    return "".join(f", {t}" for t in tags)


def _lr(traj, k):
    """The scheduled lr of the update leaving step k (NaN at the end), None without one."""
    if traj.lrs is None:
        return None
    return float(traj.lrs[k]) if k < len(traj.lrs) else float("nan")


def _shown(traj, k):
    """The step whose point is drawn as current at step k: the last before a divergence."""
    return k if traj.diverged_at is None else min(k, traj.diverged_at)
