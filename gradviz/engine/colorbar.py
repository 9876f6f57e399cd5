"""What the colour bar says: the value's name, "log scale" when the colours follow
log10(f - c), and tick labels in f itself (a student reads f = 10 on the bar, not 1.3).

The exact mapping (``log10(f + 0.519)``) is true but reads as noise on a projector; it goes
in the tooltip. Pure: no Qt.
"""

from __future__ import annotations

import math


def colorbar_words(log: bool, shift: float, f: str = "f") -> tuple[str, str]:
    """(label, tooltip) of the colour bar of a ``field.DisplayScale`` (``log``, ``shift``):
    ("f", "colour: f") or ("f, log scale", "colour: log10(f + 0.519): ...")."""
    if not log:
        return f, f"colour: {f} itself"
    if shift == 0:
        exact = f"log10({f})"
    else:
        exact = f"log10({f} {'-' if shift > 0 else '+'} {abs(shift):.3g})"
    return (f"{f}, log scale",
            f"colour: {exact}, so that every decade of {f} above its minimum gets the same "
            f"share of the colours; the ticks are labelled in {f}")


def nice(value: float) -> float:
    """``value`` rounded to one significant digit of 1, 2 or 5 (0 stays 0): 27.3 -> 20,
    0.0034 -> 0.005 (the nearest of 0.002, 0.005, 0.01 on a log scale)."""
    if value == 0 or not math.isfinite(value):
        return value
    sign, v = (-1.0 if value < 0 else 1.0), abs(value)
    decade = 10.0 ** math.floor(math.log10(v))
    best = min((1.0, 2.0, 5.0, 10.0), key=lambda m: abs(math.log10(v / (m * decade))))
    return sign * best * decade


def log_ticks(lo: float, hi: float, shift: float, count: int = 5) -> list[tuple[float, str]]:
    """Ticks for a colour bar showing v = log10(f - shift) from ``lo`` to ``hi``: about
    ``count`` (position v, label f) pairs at round values of f (1, 2, 5 x 10^k, and the
    minimum's own value where it is round), evenly spread in v, each inside [lo, hi]."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return []
    ticks: dict[str, float] = {}
    for i in range(count * 3):
        v = lo + (hi - lo) * i / (count * 3 - 1)
        f = nice(shift + 10.0 ** v)
        if f - shift <= 0:
            continue
        position = math.log10(f - shift)
        if lo - 1e-9 <= position <= hi + 1e-9:
            ticks.setdefault(_label(f), position)
    spaced, last = [], None
    for text, position in sorted(ticks.items(), key=lambda kv: kv[1]):
        if last is None or position - last >= (hi - lo) / (count + 1):
            spaced.append((position, float(text)))
            last = position
    return list(zip([p for p, _ in spaced], tick_labels([f for _, f in spaced])))


def tick_labels(values) -> list[str]:
    """The ticks' f in one notation for the whole bar: plain ("0.002", "200", "5000") when
    every value reads plainly (1e-3 <= |f| < 1e5, or 0), else every one in powers of ten
    ("1e-5", "2e4", "5e5"): "5e5" over "1e5" over "20000" read as three scales."""
    plain = all(f == 0 or 1e-3 <= abs(f) < 1e5 for f in values)
    return [_label(f) if plain else _power(f) for f in values]


def _power(f: float) -> str:
    """f in powers of ten with one or two significant digits: "2e4", "1.5e5", "0"."""
    if f == 0:
        return "0"
    mantissa, exponent = f"{f:.1e}".split("e")
    return f"{mantissa.removesuffix('.0')}e{int(exponent)}"


def _label(f: float) -> str:
    """A tick's f, plain: "0.002", "200", "5000" (one or two significant digits)."""
    return f"{f:.6g}"
