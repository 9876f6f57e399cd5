"""Section 1: f and grad f on a grid, gradviz's compiled code against hand-written numpy.

gradviz side: ``field.sample_grid(objective, domain, n)``, exactly what the app calls (parsed and
compiled once, outside the timing). numpy side: the formulas and their derivatives written by
hand below, the way a person writes them, on full ``np.meshgrid`` arrays built outside the
timing (which only favours numpy). Each pair is checked to agree before it is timed, so the two
sides compute the same thing.
"""

from __future__ import annotations

from gradviz.bench.timing import interleaved, median, timed

SIZES = (200, 1000, 2000)
# Rounds per size (full, quick): enough for a stable median in a few seconds per size.
ROUNDS = {200: (15, 3), 1000: (5, 1), 2000: (3, 1)}


def _rosenbrock(np, X, Y):
    r = Y - X**2
    return (1 - X)**2 + 100 * r**2, -2 * (1 - X) - 400 * X * r, 200 * r


def _himmelblau(np, X, Y):
    a = X**2 + Y - 11
    b = X + Y**2 - 7
    return a**2 + b**2, 4 * X * a + 2 * b, 2 * a + 4 * Y * b


def _rastrigin(np, X, Y):
    w = 2 * np.pi
    f = 20 + X**2 - 10 * np.cos(w * X) + Y**2 - 10 * np.cos(w * Y)
    return f, 2 * X + 10 * w * np.sin(w * X), 2 * Y + 10 * w * np.sin(w * Y)


def _beale(np, X, Y):
    a = 1.5 - X + X * Y
    b = 2.25 - X + X * Y**2
    c = 2.625 - X + X * Y**3
    f = a**2 + b**2 + c**2
    fx = 2 * a * (Y - 1) + 2 * b * (Y**2 - 1) + 2 * c * (Y**3 - 1)
    fy = 2 * a * X + 4 * b * X * Y + 6 * c * X * Y**2
    return f, fx, fy


def _saddle(np, X, Y):
    return X**2 - Y**2, 2 * X, -2 * Y


def _sincos(np, X, Y):
    return (np.sin(X) * np.cos(Y) + 0.1 * (X**2 + Y**2),
            np.cos(X) * np.cos(Y) + 0.2 * X, -np.sin(X) * np.sin(Y) + 0.2 * Y)


# name -> (preset whose text and domain are used, hand-written f and gradient)
FUNCTIONS = {
    "rosenbrock": ("rosenbrock", _rosenbrock),
    "himmelblau": ("himmelblau", _himmelblau),
    "rastrigin": ("rastrigin", _rastrigin),
    "beale": ("beale", _beale),
    "saddle": ("saddle", _saddle),
    "sin(x)cos(y)+bowl": ("sincos_bowl", _sincos),
}


def _check_same(np, name, ours, hand):
    """Both sides must compute the same f and gradient (to rounding) or the ratio means nothing."""
    for a, b in zip((ours.f, ours.dfdx, ours.dfdy), hand):
        scale = np.max(np.abs(b)) or 1.0
        if not np.allclose(a, b, rtol=1e-9, atol=1e-12 * scale):
            raise AssertionError(f"grid bench: gradviz and hand-written numpy disagree on {name}")


def run(quick: bool = False) -> list[dict]:
    """One row per function and size: medians in ms and the ratio gradviz / numpy."""
    import numpy as np

    from gradviz.engine.expression import parse_expression
    from gradviz.engine.field import sample_grid
    from gradviz.engine.presets import PRESETS

    rows = []
    for n in SIZES:
        cases = {}
        for name, (key, hand) in FUNCTIONS.items():
            preset = PRESETS[key]
            objective = parse_expression(preset.expression)
            (x0, x1), (y0, y1) = preset.domain
            X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
            if n == SIZES[0]:   # the formulas do not depend on the size: check them once
                _check_same(np, name, sample_grid(objective, preset.domain, n), hand(np, X, Y))
            cases[(name, "gradviz")] = (lambda o=objective, d=preset.domain: timed(
                lambda: sample_grid(o, d, n)))
            cases[(name, "numpy")] = lambda h=hand, X=X, Y=Y: timed(lambda: h(np, X, Y))
        times = interleaved(cases, ROUNDS[n][1 if quick else 0], warmup=0 if quick else 1)
        for name in FUNCTIONS:
            ours, theirs = median(times[(name, "gradviz")]), median(times[(name, "numpy")])
            rows.append({"function": name, "n": n, "gradviz_ms": ours * 1e3,
                         "numpy_ms": theirs * 1e3, "ratio": ours / theirs,
                         "rounds": len(times[(name, "gradviz")])})
    return rows
