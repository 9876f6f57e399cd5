"""Handlers of the regression mode's intents: the landscape becomes the loss L(w, b) of a
line fitted to the session's data (``engine.regression_mode``). Switching back to the function
mode restores what was on screen before the switch (kept in ``AppState.function_session``),
or the function's preset, so the function-mode workflow is as it was.
"""

from __future__ import annotations

from gradviz.engine import regression_mode as rm
from gradviz.engine.dataset import DataError
from gradviz.state import intents as i
from gradviz.state.history import NEVER
from gradviz.state.records import Update

FALLBACK_DOMAIN = ((-3.0, 3.0), (-3.0, 3.0))


def _cannot(error):
    return Update(problem=f"cannot fit a line: {error.message}")


def set_mode(state, intent):
    """"function" or "regression" (the bundled houses unless the session has data)."""
    session = state.session
    if intent.mode == session.mode:
        return None
    if intent.mode == "regression":
        try:
            entered = rm.setup(session, rm.config_of(session))
        except DataError as error:
            return _cannot(error)
        return Update(session=entered, edit=NEVER, function_session=session)
    return Update(session=function_session(state), edit=NEVER, function_session=None)


def function_session(state):
    """The session back in the function mode, its regression settings kept."""
    session, before = state.session, state.function_session
    kept = dict(mode="function", regression=session.regression, current_step=0)
    if before is not None and before.text == session.text:
        return before.replace(**kept, steps=session.steps)
    from gradviz.engine.presets import PRESETS

    preset = PRESETS.get(session.preset)
    if preset is None:
        return session.replace(**kept, domain=FALLBACK_DOMAIN, start=(-2.0, 2.0), view=None,
                               probe=None)
    panels = tuple(p.with_hyper(lr=preset.lr[p.optimizer]) if p.optimizer in preset.lr else p
                   for p in session.panels)
    return session.replace(**kept, domain=preset.domain, start=preset.start, panels=panels,
                           view=None, probe=None)


def set_scaling(state, intent):
    """Feature scaling on or off: a new loss, domain and learning rates, the same line."""
    if state.session.mode != "regression":
        return None
    return Update(session=rm.with_scaling(state.session, bool(intent.scaled)), edit=NEVER)


def set_batch(state, intent):
    """Points per mini-batch (0: the full batch) and the batches' seed; reruns the panels."""
    config = rm.config_of(state.session)
    seed = config.seed if intent.seed is None else int(intent.seed)
    changed = config.replace(batch_size=max(0, int(intent.batch_size)), seed=max(0, seed))
    if changed == config:
        return None
    return Update(session=state.session.replace(regression=changed), edit="batch")


def use_data(state, intent):
    """Fit to the data of ``intent.config`` (the scaling, batch size and seed in use kept)."""
    session = state.session
    old = rm.config_of(session)
    config = intent.config.replace(scaled=old.scaled, batch_size=old.batch_size, seed=old.seed)
    try:
        entered = rm.setup(session, config)
    except DataError as error:
        return _cannot(error)
    remembered = session if session.mode != "regression" else state.function_session
    return Update(session=entered, edit=NEVER, function_session=remembered)


def data_from_file(session, path):
    """(RegressionConfig, None) for the points of the CSV file ``path``, or (None, the one-line
    message of a file that cannot be used) — the session itself is not changed."""
    from gradviz.engine.dataset import load_csv

    try:
        data = load_csv(path)
        config = rm.embedded(data, data.source)
        rm.setup(session, config)   # the loss can be made of them
    except DataError as error:
        return None, error.message
    return config, None


HANDLERS = {i.SetMode: set_mode, i.SetScaling: set_scaling, i.SetBatch: set_batch,
            i.UseData: use_data}
