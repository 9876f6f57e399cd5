"""The fields of a session file and their validators (used by :mod:`session_io`).

Each validator is ``(value, where) -> value to store`` or raises :class:`SessionError` with one
line naming the field by its JSON path (``panels[1].hyper.lr``, ``domain.x.max``). A new
Session field needs one line in ``SESSION_FIELDS`` (or ``DISPLAY_FIELDS`` / ``PANEL_FIELDS``);
a new bool field needs none: it is checked as a bool by its default's type.
"""

from __future__ import annotations

import dataclasses
import math

from gradviz.engine import session as sessions
from gradviz.engine.printable import printable
from gradviz.engine.strict_json import show as _show
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


class SessionError(ValueError):
    """A session file cannot be used; ``message`` says why in one line."""

    def __init__(self, message):
        message = printable(message)  # a file's bytes never reach a terminal raw
        super().__init__(message)
        self.message = message


def _plain(value):
    """Dataclasses -> dicts by their fields, tuples -> lists, numpy scalars -> Python numbers."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return int(value)
    return float(value)



def read_dataclass(cls, data, where, validators):
    """``cls(**fields)`` from the JSON object ``data``, each field through its validator.

    ``where`` is the path of ``data`` in the file (for messages). Unknown keys and missing
    fields without a default are errors; missing fields with a default take the default.
    """
    if not isinstance(data, dict):
        raise SessionError(f"{_at(where)}expected an object {{...}}, found {_kind(data)}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = [k for k in data if k not in fields]
    if unknown:
        names = ", ".join(_show(k) for k in unknown[:3])
        raise SessionError(f"{_at(where)}unknown field{'s' if len(unknown) > 1 else ''} "
                           f"{names}")
    values = {}
    for name, spec in fields.items():
        path = f"{where}.{name}" if where else name
        if name in data:
            values[name] = _validator(spec, validators)(data[name], path)
        elif (spec.default is dataclasses.MISSING
              and spec.default_factory is dataclasses.MISSING):
            raise SessionError(f'missing field "{path}"')
    return cls(**values)


def _validator(spec, validators):
    if spec.name in validators:
        return validators[spec.name]
    if isinstance(spec.default, bool):
        return boolean
    raise SessionError(f'the field "{spec.name}" cannot be read by this gradviz')


# --- validators: (value, where) -> the value to store, or SessionError -------------------------


def boolean(value, where):
    if not isinstance(value, bool):
        raise SessionError(f"{_at(where)}expected true or false, not {_show(value)}")
    return value


def number(low=-math.inf, high=math.inf):
    def check(value, where):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SessionError(f"{_at(where)}expected a number, not {_show(value)}")
        if not low <= value <= high:
            raise SessionError(f"{_at(where)}{_show(value)} is out of range "
                               f"({low:g} to {high:g})")
        return float(value)
    return check


def integer(low, high):
    def check(value, where):
        if not _is_int(value):
            raise SessionError(f"{_at(where)}expected a whole number, not {_show(value)}")
        if not low <= value <= high:
            raise SessionError(f"{_at(where)}{value} is out of range ({low} to {high})")
        return value
    return check


def text(limit):
    def check(value, where):
        if not isinstance(value, str):
            raise SessionError(f"{_at(where)}expected text, not {_show(value)}")
        if len(value) > limit:
            raise SessionError(f"{_at(where)}text too long ({len(value)} characters; "
                               f"at most {limit})")
        bad = next((ch for ch in value if _unusable(ch)), None)
        if bad is not None:
            what = "a lone surrogate" if "\ud800" <= bad <= "\udfff" else "a control character"
            raise SessionError(f"{_at(where)}the text holds {what} (U+{ord(bad):04X})")
        return value
    return check


def choice(options):
    def check(value, where):
        if not isinstance(value, str) or value not in options:
            raise SessionError(f"{_at(where)}{_show(value)} is not one of "
                               f"{', '.join(map(str, options))}")
        return value
    return check


def optional(validator):
    return lambda value, where: None if value is None else validator(value, where)


def pair(validator, names=("x", "y")):
    """A JSON list of exactly two values, each through ``validator``; returns a tuple.
    Messages name the parts (``start.y``, ``domain.x.max``)."""
    def check(value, where):
        if not isinstance(value, list) or len(value) != 2:
            raise SessionError(f"{_at(where)}expected a list of two values, not {_show(value)}")
        return tuple(validator(v, f"{where}.{name}") for v, name in zip(value, names))
    return check


coordinate = number(-MAX_COORD, MAX_COORD)
point = pair(coordinate)


def interval(value, where):
    low, high = pair(coordinate, ("min", "max"))(value, where)
    if low > high:
        raise SessionError(f"{_at(where)}inverted range (from {low:g} down to {high:g})")
    if high - low < MIN_WIDTH:
        raise SessionError(f"{_at(where)}empty range (from {low:g} to {high:g})")
    return (low, high)


region = pair(interval)  # ((xmin, xmax), (ymin, ymax))


def preset_key(value, where):
    from gradviz.engine.presets import PRESETS

    return choice(tuple(PRESETS))(value, where)


def parameters(value, where):
    if not isinstance(value, dict):
        raise SessionError(f"{_at(where)}expected an object of name: number, "
                           f"not {_show(value)}")
    if len(value) > MAX_PARAMS:
        raise SessionError(f"{_at(where)}too many parameters ({len(value)}; at most {MAX_PARAMS})")
    result = {}
    for name, v in value.items():
        if not (name.isidentifier() and name.isascii() and len(name) <= MAX_NAME):
            raise SessionError(f"{_at(where)}{_show(name)} is not a parameter name")
        result[name] = number(-1e100, 1e100)(v, f"{where}.{name}")
    return result


def panel_list(value, where):
    if not isinstance(value, list):
        raise SessionError(f"{_at(where)}expected a list of panels, not {_show(value)}")
    if not 1 <= len(value) <= MAX_PANELS:
        raise SessionError(f"{_at(where)}{len(value)} panels; a session has 1 to {MAX_PANELS}")
    return tuple(read_dataclass(sessions.PanelConfig, p, f"{where}[{i}]", PANEL_FIELDS)
                 for i, p in enumerate(value))


def optimizer_name(value, where):
    from gradviz.engine.optimizers import OPTIMIZERS

    if not isinstance(value, str) or value not in OPTIMIZERS:
        raise SessionError(f"{_at(where)}unknown optimizer {_show(value)} "
                           f"(valid: {', '.join(OPTIMIZERS)})")
    return value


def hyperparameters(value, where):
    """Types only; names and ranges are checked against the optimizer in ``_check_session``."""
    if not isinstance(value, dict):
        raise SessionError(f"{_at(where)}expected an object of name: value, not {_show(value)}")
    result = {}
    for name, v in value.items():
        path = f"{where}.{name}"
        if isinstance(v, bool):
            result[name] = v
        elif isinstance(v, list):
            if not 1 <= len(v) <= 4:
                raise SessionError(f"{_at(path)}expected a short list of numbers")
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
        raise SessionError(f"{_at(where)}expected a list of [x, y] points, not {_show(value)}")
    if not 2 <= len(value) <= MAX_POINTS:
        raise SessionError(f"{_at(where)}{len(value):,} points; a session holds 2 to "
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
        raise SessionError(f"{_at(where)}expected an object of name: number, not {_show(value)}")
    return {name: number(-MAX_HYPER, MAX_HYPER)(v, f"{where}.{name}")
            for name, v in value.items()}


def tuned_note(value, where):
    """``{"lr": number > 0, "note": text, "key": text}``: what "tune learning rate" found."""
    if not isinstance(value, dict) or set(value) != {"lr", "note", "key"}:
        raise SessionError(f'{_at(where)}expected an object with "lr", "note" and "key", '
                           f"not {_show(value)}")
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
    "names": optional(pair(text(40))),
    "source": text(200),
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
                                   f"{_show(name)} (valid: {', '.join(defaults)})")
            default = defaults[name]
            if type(value) is not type(default) or (
                    isinstance(default, tuple) and len(value) != len(default)):
                raise SessionError(f"{where}.{name}: expected "
                                   f"{_describe(default)}, not {_show(_plain(value))}")
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
        raise SessionError(f"regression.data: {_show(config.data)} is not a bundled data set "
                           f"({', '.join(BUNDLED)}); or give the points")
    if config.points is not None and config.data:
        raise SessionError('regression.data: must be "" when the points are given')
    try:
        dataset(config)
    except DataError as error:
        raise SessionError(f"regression.points: {error.message}") from None


# --- message helpers ------------------------------------------------------------------------


def _at(where):
    return f"{where}: " if where else ""


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value):
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            type(None): "null"}.get(type(value), "a number")


def _describe(default):
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, tuple):
        return f"a list of {len(default)} numbers"
    return "a number"


def _unusable(ch):
    """A character no text field may hold: a lone surrogate (not Unicode text: saving it as
    UTF-8 fails) or a control character other than tab and line breaks (an escape sequence
    in a title would reach any terminal that prints it)."""
    code = ord(ch)
    return (0xD800 <= code <= 0xDFFF or (code < 0x20 and ch not in "\t\n\r")
            or 0x7F <= code < 0xA0)
