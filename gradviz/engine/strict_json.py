"""JSON documents from untrusted files (sessions, lessons), read strictly and within bounds.

One reader for every document format, so each refuses the same things with the same words:
files that are not regular files or are too large (read with :func:`files.read_limited`),
text that is not UTF-8, NaN and Infinity, numbers beyond float64 or with more than 18 digits,
a key given twice in one object, and nesting deeper than ``max_depth`` (counted before
``json`` recurses). Each problem raises the caller's error class with one line; ``show``
quotes a value in a message without letting any byte of it reach a terminal raw.
"""

from __future__ import annotations

import json
import math
import os
import re

from gradviz.engine.files import read_limited, unreadable
from gradviz.engine.printable import printable

MAX_DEPTH = 64
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def read_text(path, limit: int, error: type, what: str) -> str:
    """The UTF-8 text of the regular file at ``path`` (at most ``limit`` bytes); ``what``
    names the kind of document in messages ("session", "lesson")."""
    try:
        data = read_limited(os.fspath(path), limit)
    except OSError as problem:
        raise error(f"cannot read the file: {unreadable(problem)}") from None
    return text_of(data, limit, error, what)


def text_of(data: bytes, limit: int, error: type, what: str) -> str:
    """``data`` as text: at most ``limit`` bytes of UTF-8 (a byte-order mark is dropped)."""
    if len(data) > limit:
        raise error(f"the {what} is too large ({len(data):,} bytes; at most {limit:,})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"not a {what} file: it is not UTF-8 text") from None


def decode(text: str, error: type, what: str, max_depth: int = MAX_DEPTH):
    """The JSON value of ``text``, strictly (see the module docstring)."""
    if not text.strip():
        raise error("the file is empty")
    depth = _depth(text)
    if depth > max_depth:
        raise error(f"not a {what} file: the JSON is nested {depth} deep (at most {max_depth})")

    def no_constant(name):
        raise error(f"not valid JSON for a {what}: {name} is not a number gradviz accepts")

    def finite(number):
        value = float(number)
        if not math.isfinite(value):
            raise error(f"the number {number[:20]} is too large")
        return value

    def whole(number):
        if len(number.lstrip("-")) > 18:
            raise error(f"the number {number[:20]}... is too large")
        return int(number)

    def unique(pairs):
        result = {}
        for key, value in pairs:
            if key in result:
                raise error(f"the field {show(key)} appears twice in one object")
            result[key] = value
        return result

    try:
        return json.loads(text, parse_constant=no_constant, parse_float=finite,
                          parse_int=whole, object_pairs_hook=unique)
    except json.JSONDecodeError as problem:
        end = text.rstrip()
        if problem.pos >= len(end) or problem.msg.startswith("Unterminated string"):
            raise error(f"the file ends too early (truncated?) at line "
                        f"{end.count(chr(10)) + 1}") from None
        raise error(f"not valid JSON: {problem.msg} at line {problem.lineno}, "
                    f"column {problem.colno}") from None


def _depth(text: str) -> int:
    """How deeply ``text``'s arrays and objects nest (brackets inside strings not counted)."""
    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", _STRING.sub('""', text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def show(value) -> str:
    """A short one-line rendering of a JSON value for messages, every character printable."""
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = repr(value)
    shown = printable(" ".join(shown.split()))
    return shown if len(shown) <= 40 else shown[:37] + "..."
