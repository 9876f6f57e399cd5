"""Session files (``*.gradviz.json``): a :class:`~gradviz.engine.session.Session` as JSON.

The format is documented in docs/session-format.md. A file is one JSON object::

    {"format": "gradviz-session", "version": 1, "text": "x^2 + 10*y^2", ...}

holding ``format``, ``version`` and one entry per field of ``Session`` (nested ``display``
and ``panels`` objects likewise follow ``DisplayConfig`` and ``PanelConfig``).

Both directions are driven by the dataclass fields: writing walks ``dataclasses.fields``;
reading checks each field with its validator in ``SESSION_FIELDS`` / ``DISPLAY_FIELDS`` /
``PANEL_FIELDS``. A new field needs one line there (a new bool field needs none: it is checked
as a bool by its default's type). Fields with a default may be left out of a file.

Files are untrusted: only ``json`` reads them (never eval or pickle), sizes are capped before
anything is built, every number must be finite, and the function text is always parsed again
through the safe expression parser. Any problem raises :class:`SessionError` with one line
naming it (``"panels[1].optimizer: unknown optimizer "sgdx" (valid: gd, ...)"``, lists
counted from 0 as in JSON paths; pairs named: ``domain.x.max``, ``start.y``).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os

from gradviz.engine import session as sessions
from gradviz.engine.files import atomic_path
from gradviz.engine.tokens import MAX_LENGTH as MAX_TEXT

FORMAT = "gradviz-session"
VERSION = 1
SUFFIX = ".gradviz.json"
MAX_FILE_BYTES = 1_000_000  # a real session is under 2 kB
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
LEADING = ("title", "description")  # written first, right after format and version
INLINE_WIDTH = 72  # characters: values shorter than this are written on one line


class SessionError(ValueError):
    """A session file cannot be used; ``message`` says why in one line."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- writing ------------------------------------------------------------------------------


def to_dict(session: sessions.Session) -> dict:
    """The JSON object for ``session``: format, version, title and description (for a person
    reading the file), then every other field in declared order."""
    fields = _plain(session)
    first = {k: fields.pop(k) for k in LEADING if k in fields}
    return {"format": FORMAT, "version": VERSION, **first, **fields}


def to_json(session: sessions.Session) -> str:
    """JSON text for people too: indent 2, short values on one line, a final newline.

    Non-finite numbers raise ValueError (JSON has none, and a session never holds one)."""
    return _format(to_dict(session), "") + "\n"


def _format(value, indent, inline=INLINE_WIDTH):
    """``value`` as JSON; lists and objects whose one-line form fits ``inline`` stay on one
    line (``"domain": [[-2.0, 2.0], [-1.0, 3.0]]``), others get one entry per line."""
    flat = json.dumps(value, allow_nan=False, ensure_ascii=False)
    if len(flat) <= inline or not isinstance(value, (dict, list)) or not value:
        return flat
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_format(v, inner)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    items = [f"{inner}{_format(v, inner)}" for v in value]
    return "[\n" + ",\n".join(items) + f"\n{indent}]"


def save(session: sessions.Session, path) -> None:
    """Write ``session`` to ``path`` atomically: a crash mid-write leaves the old file whole."""
    text = to_json(session)
    with atomic_path(path) as temporary:
        with open(temporary, "w", encoding="utf-8") as stream:
            stream.write(text)


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


# --- reading ------------------------------------------------------------------------------


def load(path) -> sessions.Session:
    """Read and check the session file at ``path``; SessionError for any problem."""
    path = os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise SessionError(f"the file is too large for a session ({_megabytes(size)}; "
                               f"at most {_megabytes(MAX_FILE_BYTES)})")
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise SessionError(f"cannot read the file: {error.strerror or error}") from None
    return from_bytes(data)


def from_bytes(data: bytes) -> sessions.Session:
    if len(data) > MAX_FILE_BYTES:
        raise SessionError(f"the file is too large for a session (more than "
                           f"{_megabytes(MAX_FILE_BYTES)})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SessionError("not a session file: it is not UTF-8 text") from None
    return from_json(text)


def from_json(text: str) -> sessions.Session:
    """Parse JSON text into a checked Session (the function text parsed again)."""
    return from_dict(_parse_json(text))


def from_dict(data) -> sessions.Session:
    """A checked Session from a decoded JSON object; SessionError names the first problem."""
    if not isinstance(data, dict):
        raise SessionError(f"not a session file: expected a JSON object, found {_kind(data)}")
    if data.get("format") != FORMAT:
        raise SessionError(f'not a gradviz session: "format" must be "{FORMAT}"'
                           + ("" if "format" not in data else f", not {_show(data['format'])}"))
    version = data.get("version")
    if not _is_int(version):
        raise SessionError(f'"version" must be a whole number, not {_show(version)}')
    if version != VERSION:
        newer = " (written by a newer gradviz; update gradviz to open it)" if version > VERSION else ""
        raise SessionError(f"unsupported session version {version}: this gradviz reads "
                           f"version {VERSION}{newer}")
    fields = {k: v for k, v in data.items() if k not in ("format", "version")}
    session = read_dataclass(sessions.Session, fields, "", SESSION_FIELDS)
    _check_session(session)
    return _parsed(session)


def _parse_json(text):
    if not text.strip():
        raise SessionError("the file is empty")
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float,
                          parse_int=_bounded_int, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        end = text.rstrip()
        if error.pos >= len(end) or error.msg.startswith("Unterminated string"):
            raise SessionError(f"the file ends too early (truncated?) at line "
                               f"{end.count(chr(10)) + 1}") from None
        raise SessionError(f"not valid JSON: {error.msg} at line {error.lineno}, "
                           f"column {error.colno}") from None
    except RecursionError:
        raise SessionError("not a session file: the JSON is nested far too deeply") from None


def _reject_constant(name):
    raise SessionError(f"not valid JSON for a session: {name} is not a number gradviz accepts")


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise SessionError(f"the number {text[:20]} is too large")
    return value


def _bounded_int(text):
    if len(text.lstrip("-")) > 18:
        raise SessionError(f"the number {text[:20]}... is too large")
    return int(text)


def _unique_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise SessionError(f'the field "{key[:40]}" appears twice in one object')
        result[key] = value
    return result


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
        names = ", ".join(f'"{k[:40]}"' for k in unknown[:3])
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
}
DISPLAY_FIELDS = {
    "arrow_density": integer(*DENSITY_RANGE),
    "scale": choice(SCALES),
}
PANEL_FIELDS = {
    "optimizer": optimizer_name,
    "hyper": hyperparameters,
}


def _check_session(session):
    """Checks that span fields: the step position, hyperparameters against their optimizer."""
    from gradviz.engine.optimizers import OPTIMIZERS, resolve_hyper

    if session.current_step > session.steps:
        raise SessionError(f"current_step: {session.current_step} is beyond the last step "
                           f"({session.steps})")
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


def _parsed(session):
    """The text parsed again by the safe engine; params become the function's own."""
    from gradviz.engine.expression import ExpressionError, parse_expression

    try:
        objective = parse_expression(session.text, session.params)
    except ExpressionError as error:
        raise SessionError(f"text: the function cannot be read: {error.message} "
                           f"(column {error.column + 1})") from None
    extra = sorted(set(session.params) - set(objective.parameters))
    if extra:
        raise SessionError(f"params: {_show(extra[0])} is not a parameter of the function")
    return session.replace(params=objective.params)


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


def _show(value):
    """A short one-line rendering of a JSON value for messages."""
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = repr(value)
    shown = " ".join(shown.split())
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _megabytes(size):
    return f"{size / 1e6:.1f} MB"
