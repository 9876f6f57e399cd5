"""Two-column data sets (x, y) from untrusted CSV text: :func:`load_csv`, :func:`parse_csv`.

The format: one point a line, two numbers separated by a comma (or a semicolon or a tab, chosen
from the first data line); blank lines and lines starting with ``#`` are skipped; the first
non-comment line may be a header (two cells, neither a number); a UTF-8 byte-order mark
is dropped. Anything else is refused with a :class:`DataError` whose message names the line and
the problem, e.g. ``line 7: "12,5" is not a number``. Only the ``csv`` module reads the text:
nothing in a file is ever evaluated. Standard library and numpy only.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass

import numpy as np

from gradviz.engine.field_checks import MARKUP, unusable
from gradviz.engine.files import read_limited, unreadable
from gradviz.engine.printable import printable

MAX_BYTES = 2_000_000      # 10,000 rows of two long numbers fit in well under 1 MB
MAX_ROWS = 10_000
MAX_ABS = 1e100            # squares and their sums stay far from float64 overflow (1.8e308)
DELIMITERS = (";", "\t", ",")   # ";" first: "1,5;2,3" is decimal commas, not 4 columns


class DataError(ValueError):
    """A data file or text that cannot be used; ``message`` is one line for the user."""

    def __init__(self, message: str):
        message = printable(message)  # a file's bytes never reach a terminal raw
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, eq=False)
class Dataset:
    """Points (x_i, y_i): ``x``, ``y`` float64 arrays ``(n,)``, read-only, n >= 2, finite, and
    not all x equal (a line through them is unique). ``names`` are the header's two column names,
    or None without a header; ``source`` says where the data came from (a file name)."""

    x: np.ndarray
    y: np.ndarray
    names: tuple | None = None
    source: str = ""

    def __post_init__(self):
        x = np.array(self.x, dtype=np.float64).reshape(-1)
        y = np.array(self.y, dtype=np.float64).reshape(-1)
        _check_points(x, y)
        x.flags.writeable = y.flags.writeable = False
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)

    def __len__(self):
        return len(self.x)


def load_csv(path) -> Dataset:
    """Read a two-column CSV file (see the module docstring); DataError on any problem."""
    name = source_name(path)
    try:
        raw = read_limited(os.fspath(path), MAX_BYTES)
    except OSError as error:
        raise DataError(f"{name}: cannot read the file: {unreadable(error)}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(f"{name}: not UTF-8 text (byte {error.start + 1})") from None
    return parse_csv(text, source=name)


def source_name(path) -> str:
    """The file's name as the data's source, which labels show and sessions save: what no
    saved text may hold (``field_checks.unusable``: the lone surrogates of bytes that are not
    UTF-8, controls) becomes U+FFFD, and < > (rich text in a label) become ‹ ›."""
    name = os.path.basename(os.fspath(path))
    return "".join("\ufffd" if unusable(ch) else {"<": "\u2039", ">": "\u203a"}.get(ch, ch)
                   for ch in name)


def parse_csv(text: str, source: str = "") -> Dataset:
    """The points in CSV ``text``; DataError (message prefixed by ``source``) on any problem."""
    prefix = f"{source}: " if source else ""
    try:
        return _parse(text.removeprefix("\ufeff"), source)
    except DataError as error:
        raise DataError(prefix + error.message) from None


def _parse(text, source):
    if len(text) > MAX_BYTES:
        raise DataError(f"the text is longer than {MAX_BYTES:,} characters")
    if "\0" in text:
        raise DataError("this is not a text file (it contains a NUL byte)")
    lines = [(i + 1, line) for i, line in enumerate(text.splitlines())
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise DataError("no data: expected lines of two numbers, such as 120,410")
    first = lines[0][1]
    delimiter = next((d for d in DELIMITERS if d in first), ",")
    xs, ys, names = [], [], None
    for number, line in lines:
        try:   # one line at a time: a quote never runs on into the next line
            cells = next(csv.reader([line], delimiter=delimiter, strict=True))
        except csv.Error as error:
            raise DataError(f"line {number}: {error}") from None
        cells = [c.strip() for c in cells]
        while len(cells) > 2 and not cells[-1]:   # "3,4," from a spreadsheet
            cells.pop()
        if len(cells) != 2:
            raise DataError(f"line {number}: expected 2 columns (x{delimiter}y), "
                            f"found {len(cells)}")
        values = [_number(c) for c in cells]
        if names is None and not xs and values == [None, None]:
            bad = next((ch for ch in "".join(cells) if ch in MARKUP or unusable(ch)), None)
            if bad is not None:   # a label would read "<img src=...>" as rich text; a session
                #                   saved with a control character in a name would be refused
                raise DataError(f"line {number}: a column name may not hold '{printable(bad)}'")
            names = tuple(cells)                  # a header: allowed on the first line only
            continue
        for cell, value in zip(cells, values):
            _check_value(number, cell, value)
        xs.append(values[0])
        ys.append(values[1])
        if len(xs) > MAX_ROWS:
            raise DataError(f"more than {MAX_ROWS:,} rows of data")
    return Dataset(np.array(xs), np.array(ys), names, source)


def _number(cell):
    """float(cell), or None if the cell is not a number at all (a header word)."""
    try:
        return float(cell)
    except ValueError:
        return None


def _check_value(number, cell, value):
    shown = cell if len(cell) <= 20 else cell[:20] + "..."
    if value is None:
        raise DataError(f'line {number}: "{shown}" is not a number')
    if not math.isfinite(value):
        raise DataError(f'line {number}: "{shown}" is not a finite number')
    if abs(value) > MAX_ABS:
        raise DataError(f'line {number}: "{shown}" is too large (at most 1e100)')


def _check_points(x, y):
    if x.shape != y.shape:
        raise DataError(f"x and y differ in length ({x.size} and {y.size})")
    if x.size < 2:
        raise DataError(f"a line needs at least 2 points, found {x.size}")
    if x.size > MAX_ROWS:
        raise DataError(f"more than {MAX_ROWS:,} points")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise DataError("every x and y must be a finite number")
    if (np.abs(x) > MAX_ABS).any() or (np.abs(y) > MAX_ABS).any():
        raise DataError("values must be at most 1e100 in size")
    if np.ptp(x) == 0:
        raise DataError(f"every x is {x[0]:g}: a line through the points is not unique")
