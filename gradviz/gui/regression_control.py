"""The controller's intents for the regression mode (a mixin of ``Controller``).

Each one replaces the session through ``engine.regression_mode`` and recomputes, like choosing a
preset: the landscape is the loss L(w, b) of a line fitted to the session's data. Switching
back to the function mode restores what was on screen before the switch (kept in memory), or
the function's preset, so the function-mode workflow is as it was.
"""

from __future__ import annotations

from gradviz.engine import regression_mode as rm
from gradviz.engine.dataset import DataError

REGRESSION_PRESET = "regression:houses"   # the presets menu's entry for the regression mode
FALLBACK_DOMAIN = ((-3.0, 3.0), (-3.0, 3.0))


class RegressionIntents:
    """Mixed into Controller: uses its ``session``, ``_recompute``, ``_apply_text``..."""

    _function_state = None   # the function mode's session when the regression mode began

    def set_mode(self, mode):
        """"function" or "regression" (the bundled houses unless the session has data)."""
        if mode == self.session.mode:
            return
        if mode == "regression":
            self._function_state = self.session
            config = rm.config_of(self.session)
            try:
                self.session = rm.setup(self.session, config)
            except DataError as error:
                self.problem_reported.emit(f"cannot fit a line: {error.message}")
                return
            self.session_changed.emit(self.session)
            self._apply_objective()
            return
        self.session = self._function_session()
        self._function_state = None
        self.session_changed.emit(self.session)
        self._apply_text(self.session.text, force=True)

    def _function_session(self):
        """The session back in the function mode, its regression settings kept."""
        kept = dict(mode="function", regression=self.session.regression, current_step=0)
        before = self._function_state
        if before is not None and before.text == self.session.text:
            return before.replace(**kept, steps=self.session.steps)
        from gradviz.engine.presets import PRESETS

        preset = PRESETS.get(self.session.preset)
        if preset is None:
            return self.session.replace(**kept, domain=FALLBACK_DOMAIN, start=(-2.0, 2.0),
                                        view=None, probe=None)
        panels = tuple(p.with_hyper(lr=preset.lr[p.optimizer]) if p.optimizer in preset.lr
                       else p for p in self.session.panels)
        return self.session.replace(**kept, domain=preset.domain, start=preset.start,
                                    panels=panels, view=None, probe=None)

    def set_scaling(self, scaled):
        """Feature scaling on or off: a new loss, domain and learning rates, the same line."""
        if self.session.mode != "regression":
            return
        self.session = rm.with_scaling(self.session, bool(scaled))
        self.session_changed.emit(self.session)
        self._apply_objective()

    def set_batch(self, batch_size, seed=None):
        """Points per mini-batch (0: the full batch) and the batches' seed; reruns the panels."""
        config = rm.config_of(self.session)
        seed = config.seed if seed is None else int(seed)
        changed = config.replace(batch_size=max(0, int(batch_size)), seed=max(0, seed))
        if changed == config:
            return
        self.session = self.session.replace(regression=changed)
        self.session_changed.emit(self.session)
        if self.session.mode == "regression":
            self._recompute_runs()

    def load_data_file(self, path):
        """Fit to the points of the CSV file ``path``. Returns None, or the one-line message
        of a file that cannot be used (the session is then unchanged)."""
        from gradviz.engine.dataset import load_csv

        try:
            data = load_csv(path)
            config = rm.embedded(data, data.source)
        except DataError as error:
            return error.message
        return self.use_data(config)

    def use_data(self, config):
        """Fit to the data of ``config`` (its scaling, batch size and seed kept from now)."""
        old = rm.config_of(self.session)
        config = config.replace(scaled=old.scaled, batch_size=old.batch_size, seed=old.seed)
        if self.session.mode != "regression":
            self._function_state = self.session
        try:
            session = rm.setup(self.session, config)
        except DataError as error:
            return error.message
        self.session = session
        self.session_changed.emit(self.session)
        self._apply_objective()
        return None

    def use_bundled(self, name="houses"):
        return self.use_data(rm.RegressionConfig(data=name))

    def _new_panel_hyper(self, optimizer):
        """A new panel's learning rate in the regression mode, as set_mode sets it."""
        if self.session.mode != "regression" or self.objective is None:
            return None
        return rm.demo_hyper(self.objective, optimizer, self.session.start)
