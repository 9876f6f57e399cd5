"""Session files (``*.gradviz.json``): a :class:`~gradviz.engine.session.Session` as JSON.

The format is documented in docs/session-format.md. A file is one JSON object::

    {"format": "gradviz-session", "version": 1, "text": "x^2 + 10*y^2", ...}

holding ``format``, ``version`` and one entry per field of ``Session`` (nested ``display``
and ``panels`` objects likewise follow ``DisplayConfig`` and ``PanelConfig``).

Both directions are driven by the dataclass fields: writing walks ``dataclasses.fields``;
reading checks each field with its validator in ``SESSION_FIELDS`` / ``DISPLAY_FIELDS`` /
``PANEL_FIELDS`` (in :mod:`gradviz.engine.session_fields`). A new field needs one line there (a new bool field needs none: it is checked
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

from gradviz.engine import session as sessions
from gradviz.engine import strict_json
from gradviz.engine.files import atomic_path
from gradviz.engine.session_fields import (  # noqa: F401 (SessionError is this module's API)
    DISPLAY_FIELDS,
    PANEL_FIELDS,
    SESSION_FIELDS,
    SessionError,
    check_session,
    read_dataclass,
)
from gradviz.engine.field_checks import is_int, kind, plain, show

FORMAT = "gradviz-session"
VERSION = 1
SUFFIX = ".gradviz.json"
MAX_FILE_BYTES = 1_000_000  # a real session is under 2 kB
LEADING = ("title", "description")  # written first, right after format and version
INLINE_WIDTH = 72  # characters: values shorter than this are written on one line


# --- writing ------------------------------------------------------------------------------


OMITTED_AT_DEFAULT = {
    sessions.Session: ("noise_std", "noise_seed", "mode", "regression"),
    sessions.PanelConfig: ("schedule", "schedule_params", "tuned"),
    sessions.DisplayConfig: ("flow", "curvature", "house_arrows", "residuals",
                             "residual_squares", "backprop_at", "backprop_house"),
}
"""Fields written only when they differ from their default: options most sessions leave off,
so files that do not use them read exactly as before the option existed."""


def _omit_defaults(cls, data):
    defaults = {f.name: (f.default if f.default_factory is dataclasses.MISSING
                         else f.default_factory()) for f in dataclasses.fields(cls)}
    for name in OMITTED_AT_DEFAULT.get(cls, ()):
        if name in data and data[name] == plain(defaults[name]):
            del data[name]
    return data


def to_dict(session: sessions.Session) -> dict:
    """The JSON object for ``session``: format, version, title and description (for a person
    reading the file), then every other field in declared order (the fields of
    ``OMITTED_AT_DEFAULT`` only when they are not at their default)."""
    fields = _omit_defaults(sessions.Session, plain(session))
    fields["panels"] = [_omit_defaults(sessions.PanelConfig, p) for p in fields["panels"]]
    fields["display"] = _omit_defaults(sessions.DisplayConfig, fields["display"])
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


# --- reading ------------------------------------------------------------------------------


def load(path, deadline=None) -> sessions.Session:
    """Read and check the session file at ``path``; SessionError for any problem.
    ``deadline``: as for ``parse_expression``, for the function's text."""
    return from_json(strict_json.read_text(path, MAX_FILE_BYTES, SessionError, "session"),
                     deadline)


def read_title(path) -> str:
    """The ``title`` of the session file at ``path``, read without checking the session or
    parsing its function (the File menu lists the example lessons at start-up); "" when the
    file has none. SessionError when it cannot be read as JSON; :func:`load` still checks
    everything when the file is opened."""
    data = _decode(strict_json.read_text(path, MAX_FILE_BYTES, SessionError, "session"))
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else ""


def from_bytes(data: bytes, deadline=None) -> sessions.Session:
    return from_json(strict_json.text_of(data, MAX_FILE_BYTES, SessionError, "session"),
                     deadline)


def from_json(text: str, deadline=None) -> sessions.Session:
    """Parse JSON text into a checked Session (the function text parsed again)."""
    return from_dict(_decode(text), deadline)


def _decode(text):
    return strict_json.decode(text, SessionError, "session")


def from_dict(data, deadline=None) -> sessions.Session:
    """A checked Session from a decoded JSON object; SessionError names the first problem."""
    if not isinstance(data, dict):
        raise SessionError(f"not a session file: expected a JSON object, found {kind(data)}")
    if data.get("format") != FORMAT:
        raise SessionError(f'not a gradviz session: "format" must be "{FORMAT}"'
                           + ("" if "format" not in data else f", not {show(data['format'])}"))
    version = data.get("version")
    if not is_int(version):
        raise SessionError(f'"version" must be a whole number, not {show(version)}')
    if version != VERSION:
        newer = " (written by a newer gradviz; update gradviz to open it)" if version > VERSION else ""
        raise SessionError(f"unsupported session version {version}: this gradviz reads "
                           f"version {VERSION}{newer}")
    fields = {k: v for k, v in data.items() if k not in ("format", "version")}
    session = read_dataclass(sessions.Session, fields, "", SESSION_FIELDS)
    check_session(session)
    return _parsed(session, deadline)


def _parsed(session, deadline=None):
    """The text parsed again by the safe engine; params become the function's own."""
    from gradviz.engine.expression import ExpressionError, parse_expression

    try:
        objective = parse_expression(session.text, session.params, deadline)
    except ExpressionError as error:
        raise SessionError(f"text: the function cannot be read: {error.message} "
                           f"(column {error.column + 1})") from None
    extra = sorted(set(session.params) - set(objective.parameters))
    if extra:
        raise SessionError(f"params: {show(extra[0])} is not a parameter of the function")
    return session.replace(params=objective.params)
