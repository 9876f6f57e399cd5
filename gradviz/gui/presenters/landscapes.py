"""The landscape panels (a ``PanelGrid``): the landscape in every view, each panel's title,
note, path, current point, arrows at the point, readout and status at the current step, the
start and probe markers, the hover box, the overlay (every path on the first view).

Every frame of the animation goes through ``show_step``, so it only hands arrays over
(setData), never builds widgets; a step already shown is not shown again.
"""

from __future__ import annotations

from gradviz.gui import theme
from gradviz.gui.presenters.labels import legend_tags, overlay_title, run_titles, scheduled_lr, shown_step
from gradviz.gui.views.probe_items import probe_html
from gradviz.state import intents
from gradviz.state.changes import EVERYTHING
from gradviz.state.queries import point_vectors, probe_gradient, probe_point, probe_reading

LAYER_KEYS = ("contours", "arrows", "minima")
ARROW_KEYS = {"grad_arrow": "grad", "step_arrow": "step", "momentum_arrow": "momentum"}
RUN_PARTS = frozenset({"runs", "panels", "noise_std", "noise_seed"})
STEP_PARTS = frozenset({"step", "runs", "inspected", "panels", "playing"})
PIN_PARTS = frozenset({"probe", "domain", "panels", "objective"})   # the pinned probe, its ∇f
BOX_PARTS = frozenset({"hover", "objective", "panels"})  # the numbers under the mouse


class LandscapesPresenter:
    def __init__(self, state, grid):
        self.state, self.grid = state, grid
        self.probe_markers = False   # the probe's crosshair shows while the slices do
        self._display = None         # the display options last shown
        self._start = None
        self._domain = None          # the landscape's domain last shown: a new one resets zoom
        self._legend = None
        self._tags = []              # per panel: ", cosine lr, tuned" for the overlay legend
        self._noise = []             # the overlay note's words on the gradient noise
        self._step_key = None
        self._opened = None          # Document.opened when the session's zoom was last shown
        self._typical = (None, None)  # (landscape, its typical |grad f|): once per landscape
        grid.start_requested.connect(lambda x, y: state.apply(intents.SetStart(x, y)))
        grid.probe_moved.connect(lambda x, y: state.apply(intents.SetProbe(x, y)))
        grid.hovered.connect(lambda x, y: state.apply(intents.Hover(x, y)))
        grid.hover_left.connect(lambda: state.apply(intents.HoverEnded()))
        grid.close_requested.connect(lambda index: state.apply(intents.RemovePanel(index)))
        state.changed.connect(self._on_state_changed)
        self.show_all()

    def show_all(self) -> None:
        """Show the state as it is (at start, and after a change of views' style)."""
        self._display = self._start = self._legend = self._step_key = None
        self._on_state_changed(EVERYTHING)

    def _on_state_changed(self, parts) -> None:
        if "panels" in parts:
            self._show_count()
        overlay = "session" in parts and self._show_options()
        if "landscape" in parts and self.state.landscape is not None:
            self._show_landscape()
        if "document" in parts:
            self._show_opened_view()
        if parts & RUN_PARTS or overlay:
            self._show_runs()
        if parts & STEP_PARTS or overlay:
            self.show_step()
        if parts & PIN_PARTS:
            self._show_pin()
        if parts & BOX_PARTS:
            self._show_box()

    # --- the session --------------------------------------------------------------------

    def _show_count(self) -> None:
        created = self.grid.set_count(len(self.state.session.panels))
        land = self.state.landscape
        for view in created:
            if land is not None:
                self._landscape_into(view, land)
        if created:
            self._display = self._start = None   # the new views take every option
            self._step_key = None

    def _show_options(self) -> bool:
        """Start, layers, arrows at the point, overlay: what changed since last shown.
        True when the overlay was switched (titles and paths are then shown again)."""
        session, views = self.state.session, self.grid.views
        display, old = session.display, self._display
        self._display = display
        if session.start != self._start:
            self._start = session.start
            for view in views:
                view.set_start(*session.start)
        layers = old is None or any(getattr(old, k) != getattr(display, k) for k in LAYER_KEYS)
        arrows = old is None or any(getattr(old, k) != getattr(display, k) for k in ARROW_KEYS)
        for view in views:
            if layers:
                view.set_layers_visible(**{k: getattr(display, k) for k in LAYER_KEYS})
            if arrows:
                view.arrows.set_enabled(**{ARROW_KEYS[k]: getattr(display, k)
                                           for k in ARROW_KEYS})
            if layers or arrows or old.legend != display.legend:   # its rows follow them
                view.set_legend_visible(display.legend and view is views[0])
            if old is None or old.equal_scale != display.equal_scale:
                view.set_equal_scale(display.equal_scale)
        if self.grid.overlay == display.overlay:
            return False
        self.grid.set_overlay(display.overlay)
        self._legend = None
        if not display.overlay:
            views[0].set_overlay([])
        return True

    def _show_opened_view(self) -> None:
        """An opened session's zoomed view, once (saving it changes the document too)."""
        state = self.state
        if state.document.opened != self._opened and state.landscape is not None:
            self._opened = state.document.opened
            if state.session.view is not None:
                self.grid.views[0].set_view_range(state.session.view)

    def set_probe_markers(self, visible: bool) -> None:
        """Show the probe's crosshair (while the slices dock shows)."""
        self.probe_markers = bool(visible)
        for view in self.grid.views:
            view.probe.set_probe_visible(self.probe_markers)

    def reset_zoom(self) -> None:
        if self._domain is not None:
            self.grid.views[0].set_view_range(self._domain)

    # --- the landscape and the runs -------------------------------------------------------

    def _show_landscape(self) -> None:
        land = self.state.landscape
        for view in self.grid.views:
            self._landscape_into(view, land)
        if land.grid.domain != self._domain:   # keep the zoom while parameters move
            self._domain = land.grid.domain
            self.reset_zoom()

    def _show_runs(self) -> None:
        from gradviz.engine.scene import panel_notes

        state, views = self.state, self.grid.views
        session, runs = state.session, state.runs
        titles = run_titles(runs)
        for view, title in zip(views, titles):
            view.set_title(title)
        if self.grid.overlay and runs:
            views[0].set_title(overlay_title(runs))
        count = min(len(runs), len(session.panels))
        notes = [" \u00b7 ".join(panel_notes(session, i, brief=True)) for i in range(count)]
        tips = ["\n".join(panel_notes(session, i)) for i in range(count)]
        self._tags = [legend_tags(session, i) for i in range(count)]
        if self.grid.overlay and notes:   # the legend names schedules; the note the noise
            self._noise = [n for n in panel_notes(session, 0, brief=True)
                           if n.startswith("noise")]
            notes, tips = [self._overlay_note()], [""]
        if any(notes):   # a blank line where a panel has none: headers of one height
            notes = [note or " " for note in notes]
        for view, note, tip in zip(views, notes, tips):
            view.set_note(note, tip)
        self._legend = None

    def _overlay_note(self) -> str:
        """The overlay's note: whose numbers the readout (and the arrows) show, and the
        noise."""
        runs = self.state.runs
        selected = min(self.state.view.inspected, max(len(runs) - 1, 0))
        words = [f"readout and arrows: {run_titles(runs)[selected]}"] if runs else []
        return " \u00b7 ".join(words + self._noise)

    def show_step(self) -> None:
        """Paths, current points, arrows, readouts and statuses at the state's step."""
        state, grid = self.state, self.grid
        k, views, playing = state.step, grid.views, state.playing
        runs = state.runs[: len(views)]
        selected = min(state.view.inspected, max(len(runs) - 1, 0))
        key = (k, tuple(map(id, runs)), selected, grid.overlay, len(views), playing)
        if key == self._step_key:
            return
        self._step_key = key
        statuses = [run.status(k, playing) for run in runs]
        if grid.overlay and runs:
            self._show_overlay_step(runs, statuses, selected, k)
            return
        momentum = False
        for i, (run, (kind, text)) in enumerate(zip(runs, statuses)):
            view, traj = views[i], run.trajectory
            shown = shown_step(traj, k)
            view.set_path(traj.points[: shown + 1], diverged=kind == "diverged")
            _readout(view, traj, shown)
            view.set_status(kind, text)
            vectors = point_vectors(state, i, k)
            view.set_point_vectors(*vectors)
            momentum = momentum or (i > 0 and vectors.momentum is not None)
        if momentum:   # the one legend (the first view's) names every panel's arrows
            views[0].marks.saw_vectors(True)   # (a momentum there adds its row)

    def _show_overlay_step(self, runs, statuses, selected, k) -> None:
        """Every path on the first view; its readout, status and arrows are the inspected
        panel's."""
        view = self.grid.views[0]
        tags = self._tags + [""] * (len(runs) - len(self._tags))
        titles = run_titles(runs)
        legend = [(theme.panel_color(i), f"{titles[i]}{tags[i]}: {text}")
                  for i, (_, text) in enumerate(statuses)]
        if legend != self._legend:   # rebuilding the legend costs: only when a status changes
            self._legend = legend
            view.set_overlay(legend)
        for i, (run, (kind, _)) in enumerate(zip(runs, statuses)):
            traj = run.trajectory
            view.set_layer_path(i, traj.points[: shown_step(traj, k) + 1], kind == "diverged")
        traj = runs[selected].trajectory
        view.set_note(self._overlay_note())   # the header elides it again only if changed
        _readout(view, traj, shown_step(traj, k))
        view.set_status(*statuses[selected])
        view.set_point_vectors(*point_vectors(self.state, selected, k))

    def legend(self) -> list:
        """The overlay legend as shown: [(colour, text)] (empty outside the overlay)."""
        return list(self._legend or [])

    def _landscape_into(self, view, land) -> None:
        from gradviz.engine.field import typical_gradient

        grid = land.grid
        view.set_landscape(grid.xs, grid.ys, land.image, land.contours, land.minima,
                           land.colorbar_label, land.colorbar_tip, land.colorbar_ticks)
        view.set_arrows(*land.arrows)
        view.set_axis_names(land.names)
        if self._typical[0] is not land:
            self._typical = (land, typical_gradient(grid))
        view.arrows.set_typical(self._typical[1])   # arrows at the point shrink below it
        view.probe.arrow.set_typical(self._typical[1])

    # --- the probe -----------------------------------------------------------------------

    def _show_pin(self) -> None:
        x, y = probe_point(self.state.session)
        grad = probe_gradient(self.state)
        for view in self.grid.views:
            view.probe.set_gradient(grad)
            view.probe.set_probe(x, y)
            view.probe.set_probe_visible(self.probe_markers)

    def _show_box(self) -> None:
        """The probe's numbers beside the mouse, on the view under it (every mouse move)."""
        state = self.state
        reading = probe_reading(state) if state.view.hover is not None else None
        if reading is None:
            for view in self.grid.views:
                view.probe.set_box(None)
            return
        html = probe_html(reading.slices.probe, "cursor", reading.slices.names)
        for view in self.grid.visible_views():
            view.probe.set_box(html if view is self.grid.hover_view else None)




def _readout(view, traj, shown) -> None:
    x, y = traj.points[shown]
    view.set_readout(shown, x, y, traj.values[shown], traj.grad_norms[shown],
                     scheduled_lr(traj, shown))
