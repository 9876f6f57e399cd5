"""The controller: owns the current Session and the clock, turns intents into engine calls.

Data flow (one way round, no echo): a widget emits an intent -> a ``request_*`` / ``set_*``
method here -> engine calls -> a past-tense signal -> views call ``setData``. The animation is
only a cursor moving over precomputed trajectories, so stepping back, scrubbing and replaying
are free and deterministic.
"""

import logging
import time
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from gradviz.engine import session as sessions
from gradviz.engine.scene import compute_landscape, compute_run, compute_runs
from gradviz.gui.regression_control import REGRESSION_PRESET, RegressionIntents

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
FRAME_MS = 16
SPEED_RANGE = (1.0, 500.0)
LANDSCAPE_KEYS = ("arrow_density", "normalise", "scale")  # options that change what is computed
NEW_PANEL_ORDER = ("momentum", "rmsprop", "adam", "gd", "nesterov", "adagrad", "adamw", "amsgrad")


class Controller(RegressionIntents, QObject):
    expression_parsed = Signal(object)  # Objective
    expression_failed = Signal(str, int)  # message, column
    landscape_changed = Signal(object)  # Landscape
    trajectories_changed = Signal(object)  # list of Run
    step_changed = Signal(int)
    playing_changed = Signal(bool)
    session_changed = Signal(object)  # Session, after every change of it: the control column
    problem_reported = Signal(str)  # something unexpected, for the status bar
    probe_changed = Signal(object, str)  # engine Slices (or None), source "probe" / "cursor"

    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self.session = session or sessions.default_session()
        self.objective = None
        self.landscape = None
        self.runs = []
        self.step = 0
        self.speed = 100.0
        self.loop = False
        self._pending_text = None
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._clock = QTimer(self, interval=FRAME_MS)
        self._clock.timeout.connect(self._on_clock_timeout)
        self._last_tick = 0.0
        self._carry = 0.0
        self._hover = None  # (x, y) under the mouse, or None

    # --- start-up ---------------------------------------------------------------------------

    def load(self, session=None):
        """Show ``session`` (default: the current one) from scratch."""
        if session is not None:
            self.session = session
        self.session_changed.emit(self.session)
        if self.session.mode == "regression":
            self._apply_objective()
        else:
            self._apply_text(self.session.text, force=True)

    def _apply_objective(self):
        """The regression mode: the loss of the session's data is the landscape."""
        from gradviz.engine.dataset import DataError
        from gradviz.engine.scene import objective_for

        try:
            objective = objective_for(self.session)
        except DataError as error:
            self.problem_reported.emit(f"cannot fit a line: {error.message}")
            return
        self.objective = objective
        self.expression_parsed.emit(objective)
        self._recompute()

    # --- the function ----------------------------------------------------------------------

    def edit_text(self, text):
        """The user typed: validate after a short pause (the last valid function stays)."""
        self._pending_text = text
        self._debounce.start()

    def flush(self):
        """Apply a pending edit now (tests, and before saving or exporting)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._on_debounce_timeout()

    def choose_preset(self, key):
        from gradviz.engine.presets import PRESETS

        if key == REGRESSION_PRESET:   # "House prices (regression)" among the presets
            self.set_mode("regression")
            return
        preset = PRESETS[key]
        panels = tuple(p.with_hyper(lr=preset.lr[p.optimizer]) if p.optimizer in preset.lr else p
                       for p in self.session.panels)
        self.session = self.session.replace(text=preset.expression, domain=preset.domain,
                                            start=preset.start, preset=key, panels=panels, params={},
                                            probe=None, mode="function")
        self.session_changed.emit(self.session)
        self._apply_text(preset.expression, force=True)

    def set_parameter(self, name, value):
        if self.objective is None or name not in self.objective.parameters:
            return
        self.session = self.session.replace(params={**self.session.params, name: float(value)})
        self.objective = self.objective.with_params(**{name: float(value)})
        self.session_changed.emit(self.session)
        self._recompute()

    def _on_debounce_timeout(self):
        if self._pending_text is not None:
            text, self._pending_text = self._pending_text, None
            self._apply_text(text)

    def _apply_text(self, text, force=False):
        from gradviz.engine.expression import ExpressionError, parse_expression

        if not force and self.objective is not None and text == self.objective.text:
            return
        try:
            objective = parse_expression(text, self.session.params)
        except ExpressionError as error:
            self.expression_failed.emit(error.message, error.column)
            return
        preset = self.session.preset
        if preset is not None and not self._is_preset_text(preset, text):
            preset = None
        self.session = self.session.replace(text=text, params=objective.params, preset=preset)
        self.objective = objective
        self.expression_parsed.emit(objective)
        self._recompute()

    @staticmethod
    def _is_preset_text(key, text):
        from gradviz.engine.presets import PRESETS

        return PRESETS[key].expression.replace(" ", "") == text.replace(" ", "")

    # --- the runs ---------------------------------------------------------------------------

    def set_panel(self, index, optimizer, hyper):
        panels = list(self.session.panels)
        panels[index] = replace(panels[index], optimizer=optimizer, hyper=dict(hyper))
        self.session = self.session.replace(panels=tuple(panels))
        self.session_changed.emit(self.session)   # the control column follows, whoever called
        self._recompute_runs(only=index)

    def set_schedule(self, index, name, params):
        """Panel ``index``'s lr schedule (engine.schedules); a bad combination is reported
        and changes nothing."""
        from gradviz.engine.schedules import resolve_schedule

        try:
            resolve_schedule(name, params)
        except ValueError as error:
            self.problem_reported.emit(f"Panel {index + 1} schedule: {error}")
            self.session_changed.emit(self.session)   # the fields show the schedule in use
            return
        panels = list(self.session.panels)
        panels[index] = replace(panels[index], schedule=name, schedule_params=dict(params))
        self.session = self.session.replace(panels=tuple(panels))
        self._recompute_runs(only=index)

    def set_noise(self, std, seed):
        """Gradient noise for every panel: standard deviation (0: off) and seed."""
        self.session = self.session.replace(noise_std=max(float(std), 0.0), noise_seed=int(seed))
        self.session_changed.emit(self.session)
        self._recompute_runs()

    def apply_tuning(self, index, result):
        """Panel ``index`` takes the lr a sweep (engine.tuning.TuneResult) found best."""
        from gradviz.engine.scene import tuned_panel

        self.session = tuned_panel(self.session, index, result)
        self.session_changed.emit(self.session)
        self._recompute_runs(only=index)

    def add_panel(self, optimizer=None):
        """Add a comparison panel (up to MAX_PANELS) running ``optimizer``, by default the
        first of NEW_PANEL_ORDER not shown yet, at the preset's demonstration rate if any."""
        panels = self.session.panels
        if len(panels) >= sessions.MAX_PANELS:
            return
        if optimizer is None:
            shown = {p.optimizer for p in panels}
            optimizer = next((o for o in NEW_PANEL_ORDER if o not in shown), "gd")
        hyper = {}
        if self.session.preset is not None:
            from gradviz.engine.presets import PRESETS

            rates = PRESETS[self.session.preset].lr
            hyper = {"lr": rates[optimizer]} if optimizer in rates else {}
        hyper = self._new_panel_hyper(optimizer) or hyper
        self.session = self.session.replace(
            panels=panels + (sessions.PanelConfig(optimizer, hyper),))
        self.session_changed.emit(self.session)
        self._recompute_runs()

    def remove_panel(self, index):
        """Remove panel ``index``; the last panel stays."""
        panels = list(self.session.panels)
        if len(panels) <= 1 or not 0 <= index < len(panels):
            return
        del panels[index]
        self.session = self.session.replace(panels=tuple(panels))
        if len(self.runs) > index:
            del self.runs[index]
        self.session_changed.emit(self.session)
        self._recompute_runs()

    def set_start(self, x, y):
        self.session = self.session.replace(start=(float(x), float(y)))
        self.session_changed.emit(self.session)
        self._recompute_runs()

    def set_steps(self, steps):
        steps = max(1, min(int(steps), sessions.MAX_STEPS))
        self.session = self.session.replace(steps=steps)
        self.session_changed.emit(self.session)
        self._recompute_runs()

    def set_display(self, key, value):
        """Change a display option; only those that change the computed layers recompute them
        (showing or hiding contours, arrows or minima is the window's business alone)."""
        self.session = self.session.replace(display=replace(self.session.display, **{key: value}))
        self.session_changed.emit(self.session)
        if key in LANDSCAPE_KEYS:
            self._recompute_landscape()

    def _recompute(self):
        self._recompute_landscape()
        self._recompute_runs()
        self._emit_probe()

    # --- the probe and what the inspector shows --------------------------------------------

    def set_probe(self, x, y):
        """Pin the gradient probe at (x, y)."""
        self.session = self.session.replace(probe=(float(x), float(y)))
        self._emit_probe()

    def probe_point(self):
        """The pinned probe, by default a spot that hides nothing (engine.probe_spot)."""
        if self.session.probe is not None:
            return self.session.probe
        from gradviz.engine.probe_spot import default_probe

        return default_probe(self.session)

    def hover(self, x, y):
        """The mouse is over a landscape at (x, y): the probe readouts follow it."""
        self._hover = (float(x), float(y))
        self._emit_probe()

    def hover_ended(self):
        if self._hover is not None:
            self._hover = None
            self._emit_probe()

    def _emit_probe(self):
        if self.objective is None:
            return
        from gradviz.engine.names import names_of
        from gradviz.engine.probe import slices

        source, (x, y) = ("cursor", self._hover) if self._hover else ("probe", self.probe_point())
        (x0, x1), (y0, y1) = self.session.domain
        self.probe_changed.emit(slices(self.objective, x, y, (x0, x1), (y0, y1),
                                       names=names_of(self.session)), source)

    def inspection(self, index, k=None):
        """The engine's Inspection of panel ``index`` at step ``k`` (default: the current)."""
        from gradviz.engine.inspect import inspect
        from gradviz.engine.names import names_of

        if not 0 <= index < len(self.runs):
            return None
        return inspect(self.runs[index].trajectory, self.step if k is None else k,
                       names_of(self.session))

    def point_vectors(self, index, k=None):
        """Gradient, step and momentum at the current point of panel ``index``."""
        from gradviz.engine.scene import point_vectors

        return point_vectors(self.runs[index].trajectory, self.step if k is None else k)

    def surface_scene(self):
        """The 3D view's geometry (``engine.surface.SurfaceScene``) for the current landscape
        and runs, or None before the first landscape."""
        from gradviz.engine.surface import build_scene

        if self.objective is None or self.landscape is None:
            return None
        return build_scene(self.objective, self.landscape,
                           [run.trajectory.points for run in self.runs], self.landscape.minima)

    def _recompute_landscape(self):
        if self.objective is None:
            return
        try:
            self.landscape = compute_landscape(self.objective, self.session)
        except Exception as error:  # noqa: BLE001 - never let a bad function kill the window
            self._report("could not draw the landscape", error)
            return
        self.landscape_changed.emit(self.landscape)

    def _recompute_runs(self, only=None):
        """Rerun every panel, or only panel ``only`` (the others' inputs did not change)."""
        if self.objective is None:
            return
        try:
            if only is not None and len(self.runs) == len(self.session.panels):
                self.runs[only] = compute_run(self.objective, self.session, only)
            else:
                self.runs = compute_runs(self.objective, self.session)
        except Exception as error:  # noqa: BLE001
            self._report("could not run the optimizers", error)
            return
        self.step = min(self.step, self.session.steps)   # fewer steps: the views' step too
        self.trajectories_changed.emit(self.runs)
        self.set_step(self.step)

    def _report(self, what, error):
        log.exception(what)
        self.problem_reported.emit(f"{what}: {error}")

    # --- the clock --------------------------------------------------------------------------

    def set_step(self, k):
        self.step = max(0, min(int(k), self.session.steps))
        self.step_changed.emit(self.step)

    def step_by(self, delta):
        self.pause()
        self.set_step(self.step + delta)

    def reset(self):
        self.pause()
        self.set_step(0)

    def set_speed(self, steps_per_second):
        self.speed = min(max(float(steps_per_second), SPEED_RANGE[0]), SPEED_RANGE[1])

    def set_loop(self, on):
        self.loop = bool(on)

    @property
    def playing(self):
        return self._clock.isActive()

    def play(self):
        if self.playing:
            return
        if self.step >= self.session.steps:
            self.set_step(0)
        self._last_tick = time.monotonic()
        self._carry = 0.0
        self._clock.start()
        self.playing_changed.emit(True)

    def pause(self):
        if self.playing:
            self._clock.stop()
            self.playing_changed.emit(False)

    def toggle_play(self):
        self.pause() if self.playing else self.play()

    def _on_clock_timeout(self):
        now = time.monotonic()
        self._carry += (now - self._last_tick) * self.speed
        self._last_tick = now
        advance = int(self._carry)
        if advance < 1:
            return
        self._carry -= advance
        target = self.step + advance
        if target >= self.session.steps:
            if self.loop and self.step >= self.session.steps:
                target = 0
            else:
                target = self.session.steps
                if not self.loop:
                    self.pause()
        self.set_step(target)
