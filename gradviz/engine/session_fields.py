"""The fields of a session file and their validators (used by :mod:`session_io`).

Each validator is ``(value, where) -> value to store`` or raises :class:`SessionError` with one
line naming the field by its JSON path (``panels[1].hyper.lr``, ``domain.x.max``). A new
Session field needs one line in ``SESSION_FIELDS`` (or ``DISPLAY_FIELDS`` / ``PANEL_FIELDS``);
a new bool field needs none: it is checked as a bool by its default's type.
"""

from __future__ import annotations

from gradviz.engine import session as sessions
from gradviz.engine.field_checks import (  # noqa: F401 (SessionError: this module's API too)
    SessionError,
    at,
    boolean,
    choice,
    integer,
    is_int,
    kind,
    label,
    number,
    optional,
    pair,
    plain,
    read_dataclass,
    show,
    text,
)
from gradviz.engine.tokens import MAX_LENGTH as MAX_TEXT

MAX_TITLE = 200
MAX_DESCRIPTION = 4000
MAX_PANELS = getattr(sessions, "MAX_PANELS", 4)
MAX_PARAMS = 32
MAX_NAME = 16
MAX_COORD = 1e12  # |x| and |y| of the domain, view and start
MIN_WIDTH = 1e-9  # a domain narrower than this cannot be sampled meaningfully
MAX_HYPER = 1e6  # |hyperparameter|
DENSITY_RANGE = (5, 60)  # arrows per axis, as the display panel offers
SCALES = ("auto", "linear", "log")
BACKPROP_POINTS = ("probe", "panel")   # the backprop dock follows the probe or a panel's point
MAX_HOUSE = 100_000   # a house's index (clamped to the data's size where it is used)
MAX_NOISE = 1e6  # gradient noise standard deviation
MAX_SEED = 2**31 - 1  # what a seed box in the window can show
MAX_NOTE = 300  # characters of a tuned-lr statement


coordinate = number(-MAX_COORD, MAX_COORD)
point = pair(coordinate)


def interval(value, where):
    low, high = pair(coordinate, ("min", "max"))(value, where)
    if low > high:
        raise SessionError(f"{at(where)}inverted range (from {low:g} down to {high:g})")
    if high - low < MIN_WIDTH:
        raise SessionError(f"{at(where)}empty range (from {low:g} to {high:g})")
    return (low, high)


region = pair(interval)  # ((xmin, xmax), (ymin, ymax))


def preset_key(value, where):
    from gradviz.engine.presets import PRESETS

    return choice(tuple(PRESETS))(value, where)


def parameters(value, where):
    if not isinstance(value, dict):
        raise SessionError(f"{at(where)}expected an object of name: number, "
                           f"not {show(value)}")
    if len(value) > MAX_PARAMS:
        raise SessionError(f"{at(where)}too many parameters ({len(value)}; at most {MAX_PARAMS})")
    result = {}
    for name, v in value.items():
        if not (name.isidentifier() and name.isascii() and len(name) <= MAX_NAME):
            raise SessionError(f"{at(where)}{show(name)} is not a parameter name")
        result[name] = number(-1e100, 1e100)(v, f"{where}.{name}")
    return result


def panel_list(value, where):
    if not isinstance(value, list):
        raise SessionError(f"{at(where)}expected a list of panels, not {show(value)}")
    if not 1 <= len(value) <= MAX_PANELS:
        raise SessionError(f"{at(where)}{len(value)} panels; a session has 1 to {MAX_PANELS}")
    return tuple(read_dataclass(sessions.PanelConfig, p, f"{where}[{i}]", PANEL_FIELDS)
                 for i, p in enumerate(value))


def optimizer_name(value, where):
    from gradviz.engine.optimizers import OPTIMIZERS

    if not isinstance(value, str) or value not in OPTIMIZERS:
        raise SessionError(f"{at(where)}unknown optimizer {show(value)} "
                           f"(valid: {', '.join(OPTIMIZERS)})")
    return value


def hyperparameters(value, where):
    """Types only; names and ranges are checked against the optimizer in ``_check_session``."""
    if not isinstance(value, dict):
        raise SessionError(f"{at(where)}expected an object of name: value, not {show(value)}")
    result = {}
    for name, v in value.items():
        path = f"{where}.{name}"
        if isinstance(v, bool):
            result[name] = v
        elif isinstance(v, list):
            if not 1 <= len(v) <= 4:
                raise SessionError(f"{at(path)}expected a short list of numbers")
            result[name] = tuple(number(-MAX_HYPER, MAX_HYPER)(x, f"{path}[{i}]")
                                 for i, x in enumerate(v))
        else:
            result[name] = number(-MAX_HYPER, MAX_HYPER)(v, path)
    return result


def data_points(value, where):
    """``[[x, y], ...]``: 2 to MAX_POINTS pairs of finite numbers (the line's checks, such as
    "not every x equal", are the data set's, in ``check_session``)."""
    from gradviz.engine.regression_mode import MAX_POINTS

    if not isinstance(value, list):
        raise SessionError(f"{at(where)}expected a list of [x, y] points, not {show(value)}")
    if not 2 <= len(value) <= MAX_POINTS:
        raise SessionError(f"{at(where)}{len(value):,} points; a session holds 2 to "
                           f"{MAX_POINTS:,}")
    check = pair(number(-1e100, 1e100))
    return tuple(check(p, f"{where}[{i}]") for i, p in enumerate(value))


def regression_config(value, where):
    return read_dataclass(sessions.RegressionConfig, value, where, REGRESSION_FIELDS)


def schedule_name(value, where):
    from gradviz.engine.schedules import SCHEDULES

    return choice(tuple(SCHEDULES))(value, where)


def schedule_parameters(value, where):
    """Types only; names and ranges are checked against the schedule in ``check_session``."""
    if not isinstance(value, dict) or len(value) > 8:
        raise SessionError(f"{at(where)}expected an object of name: number, not {show(value)}")
    return {name: number(-MAX_HYPER, MAX_HYPER)(v, f"{where}.{name}")
            for name, v in value.items()}


def tuned_note(value, where):
    """``{"lr": number > 0, "note": text, "key": text}``: what "tune learning rate" found."""
    if not isinstance(value, dict) or set(value) != {"lr", "note", "key"}:
        raise SessionError(f'{at(where)}expected an object with "lr", "note" and "key", '
                           f"not {show(value)}")
    lr = number(1e-12, MAX_HYPER)(value["lr"], f"{where}.lr")
    return {"lr": lr, "note": text(MAX_NOTE)(value["note"], f"{where}.note"),
            "key": text(64)(value["key"], f"{where}.key")}


# One line per field. Bool fields without a line are read as bools (by their default's type).
SESSION_FIELDS = {
    "text": text(MAX_TEXT),
    "domain": region,
    "start": point,
    "panels": panel_list,
    "params": parameters,
    "steps": integer(1, sessions.MAX_STEPS),
    "preset": optional(preset_key),
    "display": lambda value, where: read_dataclass(sessions.DisplayConfig, value, where,
                                                   DISPLAY_FIELDS),
    "current_step": integer(0, sessions.MAX_STEPS),
    "view": optional(region),
    "title": text(MAX_TITLE),
    "description": text(MAX_DESCRIPTION),
    "probe": optional(point),
    "mode": choice(("function", "regression")),
    "regression": optional(regression_config),
    "noise_std": number(0, MAX_NOISE),
    "noise_seed": integer(0, MAX_SEED),
}
REGRESSION_FIELDS = {
    "data": text(40),
    "points": optional(data_points),
    "names": optional(pair(label(40))),
    "source": label(200),
    "batch_size": integer(0, 2000),
    "seed": integer(0, 2**31 - 1),
    "loss": choice(("mse", "mae", "huber")),   # engine.losses.LOSS_KEYS
    "huber_delta": number(1e-9, 1e12),
}
DISPLAY_FIELDS = {
    "arrow_density": integer(*DENSITY_RANGE),
    "scale": choice(SCALES),
    "backprop_at": choice(BACKPROP_POINTS),
    "backprop_house": integer(0, MAX_HOUSE),
}
PANEL_FIELDS = {
    "optimizer": optimizer_name,
    "hyper": hyperparameters,
    "schedule": schedule_name,
    "schedule_params": schedule_parameters,
    "tuned": optional(tuned_note),
}


def check_session(session):
    """Checks that span fields: the step position, hyperparameters against their optimizer."""
    from gradviz.engine.optimizers import OPTIMIZERS, resolve_hyper

    if session.current_step > session.steps:
        raise SessionError(f"current_step: {session.current_step} is beyond the last step "
                           f"({session.steps})")
    if session.regression is not None:
        _check_regression(session.regression)
    for i, panel in enumerate(session.panels):
        where = f"panels[{i}].hyper"
        defaults = OPTIMIZERS[panel.optimizer].defaults
        for name, value in panel.hyper.items():
            if name not in defaults:
                raise SessionError(f"{where}: {panel.optimizer} has no hyperparameter "
                                   f"{show(name)} (valid: {', '.join(defaults)})")
            default = defaults[name]
            if type(value) is not type(default) or (
                    isinstance(default, tuple) and len(value) != len(default)):
                raise SessionError(f"{where}.{name}: expected "
                                   f"{_describe(default)}, not {show(plain(value))}")
        try:
            resolve_hyper(panel.optimizer, panel.hyper)
        except (ValueError, TypeError) as error:
            raise SessionError(f"{where}: {error}") from None
        _check_schedule(panel, i)


def _check_schedule(panel, i):
    from gradviz.engine.schedules import resolve_schedule

    try:
        resolve_schedule(panel.schedule, panel.schedule_params)
    except ValueError as error:
        raise SessionError(f"panels[{i}].schedule_params: {error}") from None


def _check_regression(config):
    """The data make a line fit: a bundled set by name, or embedded points (not both)."""
    from gradviz.engine.dataset import DataError
    from gradviz.engine.regression_mode import BUNDLED, dataset

    if config.points is None and config.data not in BUNDLED:
        raise SessionError(f"regression.data: {show(config.data)} is not a bundled data set "
                           f"({', '.join(BUNDLED)}); or give the points")
    if config.points is not None and config.data:
        raise SessionError('regression.data: must be "" when the points are given')
    try:
        dataset(config)
    except DataError as error:
        raise SessionError(f"regression.points: {error.message}") from None


def _describe(default):
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, tuple):
        return f"a list of {len(default)} numbers"
    return "a number"
