"""Numbers as text for readouts: as precise as the room allows, never cut.

A readout that cuts characters shows a wrong number ("4.26" for 4.265e-6 once the exponent
is cut off). :func:`fit_number` spends fewer significant digits, or switches to scientific
notation, until the text fits the characters there are. Pure: no Qt.
"""

from __future__ import annotations

import math

WIDEST = "-8.888e-88"
"""The widest text ``format_number`` gives with 4 digits (a diverging run reaches 1e300:
three-digit exponents lose a digit of the mantissa to stay this wide)."""
MIN_CHARS = 6
"""Room every value is given at least: "-1e-88", "-0.001", "-8e+99" fit."""


def format_number(value: float, digits: int = 4) -> str:
    """``value`` with ``digits`` significant digits: fixed for 1e-3 <= |v| < 1e5, else scientific
    (``digits - 1`` when the exponent has three digits).

    inf, -inf and nan are spelled out; zero is "0".
    """
    v = float(value)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    if 1e-3 <= abs(v) < 1e5:
        return _fixed(v, digits)
    return _scientific(v, digits, shorter_for_three_digit_exponents=True)


def _fixed(v: float, digits: int) -> str:
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(v))))
    return f"{v:.{decimals}f}"


def _scientific(v: float, digits: int, shorter_for_three_digit_exponents=False) -> str:
    """Compact exponent ("1.235e-7", not "1.235e-07")."""
    mantissa, exponent = f"{v:.{max(digits - 1, 0)}e}".split("e")
    if shorter_for_three_digit_exponents and abs(int(exponent)) >= 100 and digits > 1:
        mantissa, exponent = f"{v:.{digits - 2}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def fit_number(value: float, chars: int, digits: int = 4) -> str:
    """``value`` in at most ``chars`` characters, as precise as that allows: ``digits``
    significant digits as :func:`format_number` writes them, else fewer, in fixed or
    scientific notation, whichever fits with more digits (fixed first at equal digits).
    Below the shortest form (one digit, "-4e-6") the shortest form is returned: a readout
    leaves :data:`MIN_CHARS` for every value, so this never has to be cut.

    4.265e-6 in 6 characters: "4.3e-6"; 0.1186 in 4: "0.12"; 84521 in 4: "8e4"."""
    v = float(value)
    text = format_number(v, digits)
    if len(text) <= chars or not math.isfinite(v) or v == 0:
        return text
    shortest = text
    for d in range(digits, 0, -1):
        preferred = _fixed(v, d) if 1e-3 <= abs(v) < 1e5 else _scientific(v, d)
        other = _scientific(v, d) if 1e-3 <= abs(v) < 1e5 else _fixed(v, d)
        for candidate in (preferred, other):
            if len(candidate) <= chars and _significant(candidate) >= min(d, 1):
                return candidate
            shortest = min(shortest, candidate, key=len)
    return shortest


def _significant(text: str) -> int:
    """Significant digits written in ``text`` (fixed "0.0000" has none: not a value)."""
    mantissa = text.split("e")[0].lstrip("-").replace(".", "").lstrip("0")
    return len(mantissa)


def round_to_resolution(value: float, resolution: float) -> float:
    """``value`` rounded to the decimal place of ``resolution`` (the size of a pixel, in
    the value's units): a click at x = -1.2345678901234567 on a plot of 0.0123 units a pixel
    is -1.23, the same point to the eye, and the start fields read "-1.23", not 17 digits."""
    v, r = float(value), abs(float(resolution))
    if not (math.isfinite(v) and math.isfinite(r)) or r == 0:
        return v
    decimals = -math.floor(math.log10(r))
    rounded = round(v, decimals)
    return rounded + 0.0   # -0.0 -> 0.0
