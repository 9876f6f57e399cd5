"""The control column (``ControlColumn``): the function with its error, formulas and
parameters, the run settings, the gradient noise, the display options, the mode switch and the
regression settings. Each panel's section is ``panel_sections.PanelSections``'.

What the person types or clicks becomes an intent; what the state holds is shown back only
where it differs from what the widgets show (their setters emit nothing), so a change made
elsewhere (a file, a preset, undo) never wipes what is being typed.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from gradviz.gui.panels.display import DEFAULTS as DISPLAY_PANEL_KEYS
from gradviz.gui.presenters.panel_sections import PanelSections
from gradviz.state import intents
from gradviz.state.changes import EVERYTHING
from gradviz.state.queries import names

REGRESSION_PARTS = frozenset({"mode", "regression", "objective"})


class ControlsPresenter:
    def __init__(self, state, controls, load_data=None):
        """``load_data()``: asks for a CSV file and fits to it (the window's command)."""
        self.state, self.controls = state, controls
        self.sections = PanelSections(state, controls)
        self._shown = None   # the session last shown
        self._formula = None  # the objective whose formulas the editor shows
        # rows for names being typed wait for the pause (a timer of the controls: it goes
        # with them)
        self._parameters_later = QTimer(controls, singleShot=True)
        self._parameters_later.timeout.connect(self._show_parameters)
        self._connect(load_data)
        state.changed.connect(self._on_state_changed)
        self._on_state_changed(EVERYTHING)

    def _connect(self, load_data) -> None:
        state, c = self.state, self.controls
        apply = state.apply
        c.editor.text_edited.connect(lambda text: apply(intents.EditText(text)))
        c.editor.preset_requested.connect(lambda key: apply(intents.ChoosePreset(key)))
        c.parameters.parameter_changed.connect(
            lambda name, value: apply(intents.SetParameter(name, value)))
        c.run_settings.steps_changed.connect(lambda steps: apply(intents.SetSteps(steps)))
        c.run_settings.start_changed.connect(lambda x, y: apply(intents.SetStart(x, y)))
        c.display.option_changed.connect(lambda key, value: apply(intents.SetDisplay(key,
                                                                                     value)))
        c.noise.noise_changed.connect(lambda std, seed: apply(intents.SetNoise(std, seed)))
        c.add_panel_requested.connect(lambda: apply(intents.AddPanel()))
        c.mode_switch.mode_requested.connect(self._on_mode_requested)
        c.regression.scaling_changed.connect(lambda on: apply(intents.SetScaling(on)))
        c.regression.batch_changed.connect(lambda size, seed: apply(intents.SetBatch(size,
                                                                                   seed)))
        c.regression.loss_changed.connect(lambda key, delta: apply(intents.SetLoss(key, delta)))
        c.regression.bundled_requested.connect(self._on_bundled_requested)
        if load_data is not None:
            c.regression.load_requested.connect(load_data)

    def _on_mode_requested(self, mode) -> None:
        self.state.apply(intents.SetMode(mode))
        self.controls.set_mode(self.state.session.mode)   # refused (or prepared): as it is

    def _on_bundled_requested(self) -> None:
        from gradviz.engine.session import RegressionConfig

        self.state.apply(intents.UseData(RegressionConfig(data="houses")))

    # --- state -> widgets ----------------------------------------------------------------

    def _on_state_changed(self, parts) -> None:
        state, c = self.state, self.controls
        editor = state.editor
        if "typed" in parts and c.editor.text() != editor.typed:
            c.editor.set_text(editor.typed)
        if "error" in parts:
            if editor.error is None:
                c.editor.clear_error()
            else:
                c.editor.show_error(*editor.error)
        if parts & {"gradient", "objective", "mode"}:
            self._show_formulas()
        if "session" in parts:
            self._show_session()
        if parts & {"objective", "params"} and state.session.mode == "function":
            self._show_parameters()
        if parts & REGRESSION_PARTS:
            self._show_regression()
        self.sections.show(parts)

    def _show_parameters(self) -> None:
        """One row per parameter. Names that typing brings ("s", then "si" on the way to
        sin(x)) get their rows once the typing pauses, as an error waits: rows appearing and
        going at each key shook the column. Rows of names gone go at once."""
        c = self.controls
        if self.state.session.mode != "function":
            return
        params = self.state.session.params
        wait = c.editor.pause_left()
        shown = set(c.parameters.names())
        if wait > 0 and set(params) - shown:
            self._parameters_later.start(max(1, round(wait * 1000)))
            c.parameters.set_parameters({n: v for n, v in params.items() if n in shown},
                                        keep_values=False, coming=True)
            return
        self._parameters_later.stop()
        c.parameters.set_parameters(params, keep_values=False)

    def _show_formulas(self) -> None:
        """f and its gradient, typeset (``ExpressionEditor.set_objective``), when the function
        changes; a parameter's new value changes no formula (a stays a)."""
        state = self.state
        objective = state.objective if state.session.mode == "function" else None
        text = getattr(objective, "text", None)
        if text == self._formula:
            return
        self._formula = text
        # the formulas the job printed: printing them here would run sympy on the GUI thread
        self.controls.editor.set_objective(objective, state.editor.gradient)

    def _show_session(self) -> None:
        session, old, c = self.state.session, self._shown, self.controls
        self._shown = session

        def changed(name):
            return old is None or getattr(old, name) != getattr(session, name)

        if changed("steps"):
            c.run_settings.set_steps(session.steps)
        if changed("start"):
            c.run_settings.set_start(*session.start)
        if changed("display"):
            display = session.display
            c.display.set_options({k: getattr(display, k) for k in DISPLAY_PANEL_KEYS})
        if changed("noise_std") or changed("noise_seed"):
            c.noise.set_noise(session.noise_std, session.noise_seed)
        if changed("mode") or changed("regression"):
            c.set_mode(session.mode)
            c.set_names(names(self.state))
            c.run_settings.set_axis_names(*names(self.state)[:2])

    def _show_regression(self) -> None:
        from gradviz.engine.regression_mode import config_of

        state = self.state
        loss = state.objective if state.session.mode == "regression" else None
        self.controls.regression.set_state(config_of(state.session),
                                           loss if hasattr(loss, "to_original") else None)
