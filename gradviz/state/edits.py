"""Handlers of the intents that edit the document: the function, the panels, the run, the
display and the probe; and of the pointer intents (hover, inspector). Each is a plain function
``handler(state, intent) -> Update | None`` that reads the state and changes nothing itself
(None: nothing to do)."""

from __future__ import annotations

from dataclasses import fields, replace

from gradviz.engine import session as sessions
from gradviz.state import intents as i
from gradviz.state.history import NEVER
from gradviz.state.records import Update

REGRESSION_PRESET = "regression:houses"   # the presets menu's entry for the regression mode
NEW_PANEL_ORDER = ("momentum", "rmsprop", "adam", "gd", "nesterov", "adagrad", "adamw", "amsgrad")
DISPLAY_KEYS = frozenset(f.name for f in fields(sessions.DisplayConfig))


# --- the function -------------------------------------------------------------------------

def edit_text(state, intent):
    """Keep what is typed; parse it off the GUI thread unless it is the function shown (then
    any error goes, and a job for an earlier text is dropped)."""
    editor = state.editor._replace(typed=intent.text)
    if intent.text == state.session.text or state.session.mode == "regression":
        return Update(editor=editor._replace(error=None), cancel=True)
    return Update(editor=editor, prepare_text=intent.text)


def choose_preset(state, intent):
    from gradviz.engine.presets import PRESETS

    if intent.key == REGRESSION_PRESET:
        from gradviz.state.regression import set_mode

        return set_mode(state, i.SetMode("regression"))
    preset = PRESETS[intent.key]
    panels = tuple(p.with_hyper(lr=preset.lr[p.optimizer]) if p.optimizer in preset.lr else p
                   for p in state.session.panels)
    return Update(session=state.session.replace(
        text=preset.expression, domain=preset.domain, start=preset.start, preset=intent.key,
        panels=panels, params={}, probe=None, mode="function"), edit=NEVER)


def set_parameter(state, intent):
    known = getattr(state.objective, "parameters", ())
    if intent.name not in known:
        return None
    params = {**state.session.params, intent.name: float(intent.value)}
    return Update(session=state.session.replace(params=params), edit=("param", intent.name))


def with_typed(current, prepared):
    """``current`` with the typed function of ``prepared`` (the session a job prepared it in):
    its text and parameters, and its preset while the text is still the preset's."""
    preset = current.preset
    if preset is not None and not is_preset_text(preset, prepared.text):
        preset = None
    return current.replace(text=prepared.text, params=prepared.params, preset=preset)


def is_preset_text(key, text) -> bool:
    from gradviz.engine.presets import PRESETS

    return key in PRESETS and PRESETS[key].expression.replace(" ", "") == text.replace(" ", "")


# --- the panels ---------------------------------------------------------------------------

def _panel(state, index, **changes):
    panels = list(state.session.panels)
    if not 0 <= index < len(panels):
        return None
    panels[index] = replace(panels[index], **changes)
    return state.session.replace(panels=tuple(panels))


def set_panel(state, intent):
    session = _panel(state, intent.index, optimizer=intent.optimizer, hyper=dict(intent.hyper))
    return None if session is None else Update(session=session, edit=("panel", intent.index))


def set_schedule(state, intent):
    """A bad combination (warm-up longer than the cosine...) is reported and changes nothing."""
    from gradviz.engine.schedules import resolve_schedule

    try:
        resolve_schedule(intent.name, intent.params)
    except ValueError as error:
        return Update(problem=f"Panel {intent.index + 1} schedule: {error}")
    session = _panel(state, intent.index, schedule=intent.name,
                     schedule_params=dict(intent.params))
    return None if session is None else Update(session=session,
                                               edit=("schedule", intent.index))


def set_noise(state, intent):
    return Update(session=state.session.replace(noise_std=max(float(intent.std), 0.0),
                                                noise_seed=int(intent.seed)), edit="noise")


def apply_tuning(state, intent):
    from gradviz.engine.scene import tuned_panel

    if not 0 <= intent.index < len(state.session.panels):
        return None
    return Update(session=tuned_panel(state.session, intent.index, intent.result), edit=NEVER)


def add_panel(state, intent):
    """Up to MAX_PANELS; by default the first of NEW_PANEL_ORDER not shown yet, at the preset's
    demonstration rate (in the regression mode: a rate for the loss)."""
    session = state.session
    if len(session.panels) >= sessions.MAX_PANELS:
        return None
    optimizer = intent.optimizer
    if optimizer is None:
        shown = {p.optimizer for p in session.panels}
        optimizer = next((o for o in NEW_PANEL_ORDER if o not in shown), "gd")
    return Update(session=session.replace(
        panels=session.panels + (sessions.PanelConfig(optimizer, _new_hyper(state, optimizer)),)),
        edit=NEVER)


def _new_hyper(state, optimizer):
    session = state.session
    if session.mode == "regression" and state.objective is not None:
        from gradviz.engine.regression_mode import demo_hyper

        return demo_hyper(state.objective, optimizer, session.start)
    if session.preset is not None:
        from gradviz.engine.presets import PRESETS

        rates = PRESETS[session.preset].lr
        if optimizer in rates:
            return {"lr": rates[optimizer]}
    return {}


def remove_panel(state, intent):
    panels = list(state.session.panels)
    if len(panels) <= 1 or not 0 <= intent.index < len(panels):
        return None
    del panels[intent.index]
    view = state.view
    if view.inspected >= len(panels):
        view = view._replace(inspected=len(panels) - 1)
    return Update(session=state.session.replace(panels=tuple(panels)), edit=NEVER, view=view)


# --- the run, the display, the probe ------------------------------------------------------

def set_start(state, intent):
    return Update(session=state.session.replace(start=(float(intent.x), float(intent.y))),
                  edit="start")


def set_steps(state, intent):
    steps = max(1, min(int(intent.steps), sessions.MAX_STEPS))
    return Update(session=state.session.replace(steps=steps), edit="steps")


def set_display(state, intent):
    if intent.key not in DISPLAY_KEYS:
        raise KeyError(f"no display option {intent.key!r}")
    display = replace(state.session.display, **{intent.key: intent.value})
    return Update(session=state.session.replace(display=display), edit=("display", intent.key))


def set_probe(state, intent):
    return Update(session=state.session.replace(probe=(float(intent.x), float(intent.y))),
                  edit="probe")


def hover(state, intent):
    return Update(view=state.view._replace(hover=(float(intent.x), float(intent.y))))


def hover_ended(state, intent):
    return Update(view=state.view._replace(hover=None))


def inspect(state, intent):
    index = max(0, min(int(intent.index), len(state.session.panels) - 1))
    return Update(view=state.view._replace(inspected=index))


def inspect_next(state, intent):
    return inspect(state, i.Inspect((state.view.inspected + 1) % len(state.session.panels)))


HANDLERS = {
    i.EditText: edit_text, i.ChoosePreset: choose_preset, i.SetParameter: set_parameter,
    i.SetPanel: set_panel, i.SetSchedule: set_schedule, i.SetNoise: set_noise,
    i.ApplyTuning: apply_tuning, i.AddPanel: add_panel, i.RemovePanel: remove_panel,
    i.SetStart: set_start, i.SetSteps: set_steps, i.SetDisplay: set_display,
    i.SetProbe: set_probe, i.Hover: hover, i.HoverEnded: hover_ended, i.Inspect: inspect,
    i.InspectNext: inspect_next,
}
