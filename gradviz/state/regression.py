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


def set_loss(state, intent):
    """Another loss of each residual (or Huber's delta): L(w, b) takes a new shape and a new
    minimum, so the view, the start and the learning rates are set for it as on entering
    the mode (``regression_mode.setup``, from the start shown)."""
    from gradviz.engine.losses import LOSS_KEYS

    session = state.session
    config = rm.config_of(session)
    delta = config.huber_delta if intent.delta is None else float(intent.delta)
    if session.mode != "regression" or intent.loss not in LOSS_KEYS or not delta > 0:
        return None
    changed = config.replace(loss=intent.loss, huber_delta=delta)
    if changed == config:
        return None
    return Update(session=rm.setup(session, changed, session.start), edit="loss")


def move_house(state, intent):
    """Point ``index`` moved (dragged on the data view): the same view, start and rates, a
    new loss whose landscape and minimum move with it. The points become the session's own."""
    data = _points(state)
    if data is None or not 0 <= intent.index < len(data):
        return None
    data[intent.index] = (float(intent.x), float(intent.y))
    return _with_points(state, data, ("house", intent.index))


def add_house(state, intent):
    """One more point (a click on the data view), up to ``MAX_POINTS``."""
    data = _points(state)
    if data is None:
        return None
    return _with_points(state, data + [(float(intent.x), float(intent.y))], NEVER)


def _points(state):
    """The points shown, [(x, y), ...] in the data's units; None outside the mode."""
    if state.session.mode != "regression":
        return None
    try:
        data = rm.dataset(rm.config_of(state.session))
    except DataError:
        return None
    return [(float(x), float(y)) for x, y in zip(data.x, data.y)]


def _with_points(state, points, edit):
    from gradviz.engine.dataset import Dataset

    config = rm.config_of(state.session)
    try:
        old = rm.dataset(config)
        new = rm.embedded(Dataset(*zip(*points), old.names, old.source), old.source)
    except DataError as error:
        return _cannot(error)
    changed = new.replace(scaled=config.scaled, batch_size=config.batch_size, seed=config.seed,
                          loss=config.loss, huber_delta=config.huber_delta)
    return Update(session=state.session.replace(regression=changed), edit=edit)


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
            i.UseData: use_data, i.SetLoss: set_loss, i.MoveHouse: move_house,
            i.AddHouse: add_house}
