"""Reading checked values out of a JSON file: the one-line error, ``read_dataclass`` and the
validators sessions and lessons are read with.

Each validator is ``(value, where) -> value to store`` or raises :class:`SessionError` with one
line naming the field by its JSON path (``panels[1].hyper.lr``, ``domain.x.max``). Pure: the
standard library and the printable/strict_json helpers.
"""

from __future__ import annotations

import dataclasses
import math

from gradviz.engine.printable import printable
from gradviz.engine.strict_json import show

class SessionError(ValueError):
    """A session file cannot be used; ``message`` says why in one line."""

    def __init__(self, message):
        message = printable(message)  # a file's bytes never reach a terminal raw
        super().__init__(message)
        self.message = message


def plain(value):
    """Dataclasses -> dicts by their fields, tuples -> lists, numpy scalars -> Python numbers."""
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
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
        raise SessionError(f"{at(where)}expected an object {{...}}, found {kind(data)}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = [k for k in data if k not in fields]
    if unknown:
        names = ", ".join(show(k) for k in unknown[:3])
        raise SessionError(f"{at(where)}unknown field{'s' if len(unknown) > 1 else ''} "
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
        raise SessionError(f"{at(where)}expected true or false, not {show(value)}")
    return value


def number(low=-math.inf, high=math.inf):
    def check(value, where):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SessionError(f"{at(where)}expected a number, not {show(value)}")
        if not low <= value <= high:
            raise SessionError(f"{at(where)}{show(value)} is out of range "
                               f"({low:g} to {high:g})")
        return float(value)
    return check


def integer(low, high):
    def check(value, where):
        if not is_int(value):
            raise SessionError(f"{at(where)}expected a whole number, not {show(value)}")
        if not low <= value <= high:
            raise SessionError(f"{at(where)}{value} is out of range ({low} to {high})")
        return value
    return check


def text(limit):
    def check(value, where):
        if not isinstance(value, str):
            raise SessionError(f"{at(where)}expected text, not {show(value)}")
        if len(value) > limit:
            raise SessionError(f"{at(where)}text too long ({len(value)} characters; "
                               f"at most {limit})")
        bad = next((ch for ch in value if unusable(ch)), None)
        if bad is not None:
            what = "a lone surrogate" if "\ud800" <= bad <= "\udfff" else "a control character"
            raise SessionError(f"{at(where)}the text holds {what} (U+{ord(bad):04X})")
        return value
    return check


def label(limit):
    """A validator of text shown as a name (a data column, the data's source): ``text`` with
    no < or >. A Qt label shows text holding a tag as rich text, and an <img> there reads
    the file it names as it is drawn (a FIFO never ends)."""
    plain_text = text(limit)

    def check(value, where):
        value = plain_text(value, where)
        bad = next((ch for ch in value if ch in MARKUP), None)
        if bad is not None:
            raise SessionError(f"{at(where)}a name may not hold '{bad}'")
        return value
    return check


MARKUP = "<>"
"""Characters a shown name may not hold (see ``label``)."""


def choice(options):
    def check(value, where):
        if not isinstance(value, str) or value not in options:
            raise SessionError(f"{at(where)}{show(value)} is not one of "
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
            raise SessionError(f"{at(where)}expected a list of two values, not {show(value)}")
        return tuple(validator(v, f"{where}.{name}") for v, name in zip(value, names))
    return check


# --- message helpers ------------------------------------------------------------------------


def at(where):
    return f"{where}: " if where else ""


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def kind(value):
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            type(None): "null"}.get(type(value), "a number")


def unusable(ch):
    """A character no text field may hold: a lone surrogate (not Unicode text: saving it as
    UTF-8 fails) or a control character other than tab and line breaks (an escape sequence
    in a title would reach any terminal that prints it)."""
    code = ord(ch)
    return (0xD800 <= code <= 0xDFFF or (code < 0x20 and ch not in "\t\n\r")
            or 0x7F <= code < 0xA0)
