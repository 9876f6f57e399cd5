"""What the landscape view draws: f and grad f on a grid, contour lines, a -grad f arrow field.

Everything here is pure numpy + contourpy and returns flat float64 arrays that a plot item can
take as they are: contour lines as one ``(M, 2)`` array with NaN rows between lines (one curve,
``connect="finite"``) and arrows as segment end points (one curve, ``connect="pairs"``).

Orientation is row-major throughout: ``grid.f[i, j]`` is f(xs[j], ys[i]).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from gradviz.engine.objective import Objective

# Points per evaluation block: large enough to amortise numpy's per-call overhead, small enough
# that the temporaries of a long expression stay in cache (PLATFORM.md: 9x on Rastrigin).
BLOCK_POINTS = 32_768

# "auto" contour levels switch to log spacing when the 99th percentile of f - min(f) is more
# than this many decades above its 10th percentile. Measured on 200x200 grids: quadratics
# (Booth, Matyas, x^2 + 100 y^2) reach 1.9, Himmelblau 1.4, Rastrigin 0.6; Rosenbrock 2.4,
# three-hump camel 3.0, Goldstein-Price 3.5, Beale 4.1.
LOG_DECADES = 2.0


class Grid(NamedTuple):
    """f and its exact gradient sampled on a regular grid.

    xs: (nx,) sample abscissae, ys: (ny,) sample ordinates, both inclusive of the domain edges.
    f, dfdx, dfdy: (ny, nx) float64, read-only; row i is y = ys[i], column j is x = xs[j].
    domain: ((xmin, xmax), (ymin, ymax)) as floats.
    """

    xs: np.ndarray
    ys: np.ndarray
    f: np.ndarray
    dfdx: np.ndarray
    dfdy: np.ndarray
    domain: tuple


def _pair(n, name: str) -> tuple[int, int]:
    """An int or an (nx, ny) pair as two ints >= 2."""
    nx, ny = (n, n) if np.ndim(n) == 0 else n
    if int(nx) != nx or int(ny) != ny or nx < 2 or ny < 2:
        raise ValueError(f"{name} must be an integer >= 2 or a pair of them, got {n!r}")
    return int(nx), int(ny)


def _domain(domain) -> tuple:
    (x0, x1), (y0, y1) = domain
    out = ((float(x0), float(x1)), (float(y0), float(y1)))
    if not all(np.isfinite(v) for pair in out for v in pair) or x0 >= x1 or y0 >= y1:
        raise ValueError(f"domain must be ((xmin, xmax), (ymin, ymax)) with min < max, got {domain!r}")
    return out


def sample_grid(objective, domain, n=200) -> Grid:
    """Evaluate f, df/dx, df/dy on an nx x ny grid spanning ``domain`` (edges included).

    ``n`` is an int (square sampling) or ``(nx, ny)``. Rows are evaluated in blocks of about
    ``BLOCK_POINTS`` points with x as a (1, nx) row and y as a (rows, 1) column, so the
    expression works on broadcast axes. Every array has the full (ny, nx) shape, so f = 3 or
    f = x still gives full grids; for a compiled Objective an output of x alone, y alone or
    neither is a read-only broadcast view of one row, column or value (no copy to every row).
    """
    domain = _domain(domain)
    nx, ny = _pair(n, "n")
    xs = np.linspace(*domain[0], nx)
    ys = np.linspace(*domain[1], ny)
    rows = max(1, BLOCK_POINTS // nx)
    if isinstance(objective, Objective):
        outs = objective.evaluate_grid(xs, ys, rows)
    else:
        outs = [np.empty((ny, nx)) for _ in range(3)]
        with np.errstate(all="ignore"):
            for i0 in range(0, ny, rows):
                i1 = min(i0 + rows, ny)
                parts = objective.value_and_gradient(xs[None, :], ys[i0:i1, None])
                for out, part in zip(outs, parts):
                    out[i0:i1] = np.broadcast_to(np.asarray(part, dtype=np.float64),
                                                 (i1 - i0, nx))
    for a in (xs, ys, *outs):
        a.setflags(write=False)
    return Grid(xs, ys, *outs, domain)


# --- contour levels and colour scale -------------------------------------------------------

def _finite(f) -> np.ndarray:
    f = np.asarray(f, dtype=np.float64)
    return f[np.isfinite(f)]


def _rises(finite: np.ndarray) -> np.ndarray:
    """finite - min(finite), keeping only the strictly positive, finite values."""
    if finite.size == 0:
        return finite
    with np.errstate(over="ignore"):       # a span beyond 1.8e308 overflows to inf
        g = finite - finite.min()
    return g[(g > 0) & np.isfinite(g)]


def _rise_stats(rises: np.ndarray) -> tuple[float, float, float]:
    """(p1, p10, p99) of the rises, in one pass over them.

    p1 is the offset c added to f - min(f) before taking logs: tied to the data rather than a
    fixed epsilon, so the lowest log level sits just above the floor instead of crowding a
    dozen decades into the single sample next to the minimum.
    """
    return tuple(float(p) for p in np.percentile(rises, [1, 10, 99]))


def _spans_decades(p10: float, p99: float) -> bool:
    return bool(p10 > 0 and np.log10(p99 / p10) > LOG_DECADES)


def is_log_scaled(f) -> bool:
    """True when f's finite values span more than ``LOG_DECADES`` decades above their minimum.

    The measure is log10(p99 / p10) of the positive values of f - min(f); percentiles keep one
    singular sample or a few huge corners from deciding.
    """
    rises = _rises(_finite(f))
    return rises.size > 0 and _spans_decades(*_rise_stats(rises)[1:])


def contour_levels(f, count: int = 15, scale: str = "auto") -> np.ndarray:
    """Sorted, unique contour levels for the values ``f`` (any shape; inf and NaN ignored).

    "linear": ``count`` levels evenly spaced strictly inside [p1, p99] of the finite values
    (the 1st and 99th percentiles), i.e. lo + k (hi - lo) / (count + 1), k = 1..count.
    "log": with m = min(f) and offset c (the 1st percentile of the positive f - m), levels
    m + 10^t - c for t evenly spaced strictly inside [log10 c, log10(p99 - m + c)]: dense near
    the floor, sparse up the walls. "auto": log when ``is_log_scaled(f)``, otherwise linear.
    A constant or all-NaN ``f`` (or count < 1) gives an empty array.
    """
    if scale not in ("auto", "linear", "log"):
        raise ValueError(f"scale must be 'auto', 'linear' or 'log', got {scale!r}")
    finite = _finite(f)
    rises = _rises(finite)
    if count < 1 or rises.size == 0:
        return np.empty(0)
    c, p10, p99 = _rise_stats(rises)
    if scale == "auto":
        scale = "log" if _spans_decades(p10, p99) else "linear"
    with np.errstate(all="ignore"):
        if scale == "log":
            t = np.linspace(np.log10(c), np.log10(p99 + c), count + 2)
            levels = finite.min() + 10.0 ** t[1:-1] - c
        else:
            lo, hi = np.percentile(finite, [1, 99])
            if not hi > lo:                # a few outliers on an otherwise flat grid
                lo, hi = finite.min(), finite.max()
            levels = np.linspace(lo, hi, count + 2)[1:-1]
    return np.unique(levels[np.isfinite(levels)])


class DisplayScale(NamedTuple):
    """The map from f to what the heatmap shows, and back (for colour-bar labels).

    Linear: v = f. Log: v = log10(f - shift) with shift = min(f) - c, c as in
    ``contour_levels``, so the floor maps to log10(c) rather than -inf.
    """

    log: bool
    shift: float

    def forward(self, f) -> np.ndarray:
        """Display values of ``f`` (same shape, float64); inf and NaN become NaN."""
        f = np.asarray(f, dtype=np.float64)
        with np.errstate(all="ignore"):
            v = np.log10(f - self.shift) if self.log else f.copy()
        v[~np.isfinite(v)] = np.nan
        return v

    def inverse(self, v) -> np.ndarray:
        """The f values whose display values are ``v``."""
        v = np.asarray(v, dtype=np.float64)
        with np.errstate(all="ignore"):
            return 10.0**v + self.shift if self.log else v.copy()


def display_scale(f, log: bool = False) -> DisplayScale:
    """The ``DisplayScale`` for values ``f``; log falls back to linear on a constant grid
    (nothing to take a log of) or when the shift itself would overflow."""
    finite = _finite(f)
    rises = _rises(finite)
    if not log or rises.size == 0:
        return DisplayScale(False, 0.0)
    with np.errstate(over="ignore"):
        shift = float(finite.min() - _rise_stats(rises)[0])
    return DisplayScale(True, shift) if np.isfinite(shift) else DisplayScale(False, 0.0)


def display_values(f, log: bool = False) -> np.ndarray:
    """What to put in the heatmap image: f, or log10(f - min f + c); NaN where f is not finite."""
    return display_scale(f, log).forward(f)


def image_rect(grid: Grid) -> tuple[float, float, float, float]:
    """(x, y, width, height) for an image whose pixel centres are the grid samples."""
    return sample_rect(grid.xs, grid.ys)


def sample_rect(xs, ys) -> tuple[float, float, float, float]:
    """(x, y, width, height) that puts the centre of pixel (i, j) on (xs[j], ys[i]).

    Samples sit on the domain edges, so the image reaches half a step beyond them on every
    side; contours drawn at the sample positions then sit on the right pixels. A single
    sample gets a pixel 1 wide.
    """
    hx = (xs[-1] - xs[0]) / (len(xs) - 1) if len(xs) > 1 else 1.0
    hy = (ys[-1] - ys[0]) / (len(ys) - 1) if len(ys) > 1 else 1.0
    return (float(xs[0] - hx / 2), float(ys[0] - hy / 2),
            float(len(xs) * hx), float(len(ys) * hy))


# --- contour lines -------------------------------------------------------------------------

def contour_lines_by_level(grid: Grid, levels) -> list[np.ndarray]:
    """One (M_k, 2) array of (x, y) points per level, NaN rows between separate lines.

    Non-finite samples are masked, so lines stop at the edge of an undefined region instead
    of running into it. A level with no line gives a (0, 2) array.
    """
    import contourpy

    levels = np.atleast_1d(np.asarray(levels, dtype=np.float64))
    z = np.ma.masked_invalid(np.asarray(grid.f, dtype=np.float64))
    if z.count() == 0:
        return [np.empty((0, 2)) for _ in levels]
    gen = contourpy.contour_generator(
        grid.xs, grid.ys, z, line_type=contourpy.LineType.ChunkCombinedNan)
    out = []
    for level in levels:
        chunks = gen.lines(level)[0] if np.isfinite(level) else []
        chunks = [c for c in chunks if c is not None and len(c)]
        out.append(np.concatenate(chunks) if chunks else np.empty((0, 2)))
    return out


def contour_lines(grid: Grid, levels) -> np.ndarray:
    """All lines of all ``levels`` as one (M, 2) float64 array, NaN rows between lines.

    Draw with one curve and ``connect="finite"``. No lines gives a (0, 2) array.
    """
    parts = [p for p in contour_lines_by_level(grid, levels) if len(p)]
    if not parts:
        return np.empty((0, 2))
    gap = np.full((1, 2), np.nan)
    joined = [parts[0]]
    for p in parts[1:]:
        joined += [gap, p]
    return np.concatenate(joined)


# --- arrows --------------------------------------------------------------------------------

HEAD_FRACTION = 0.3       # head stroke length / shaft length
HEAD_ANGLE = np.radians(25.0)  # between a head stroke and the shaft


def typical_gradient(grid: Grid) -> float:
    """The landscape's typical |grad f|: the median over the grid's finite samples (NaN when
    none is finite). The median, not the mean: Rosenbrock's walls (|grad f| ~ 1e4 at the
    corners) would make the mean say nothing about the valley the paths go down."""
    norms = np.hypot(grid.dfdx, grid.dfdy)
    finite = norms[np.isfinite(norms)]
    return float(np.median(finite)) if finite.size else float("nan")


def _lattice(grid: Grid, density) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Indices into xs and ys of the grid samples nearest to the centres of a density lattice,
    and the lattice cell sizes (cx, cy) in data units."""
    kx, ky = (density, density) if np.ndim(density) == 0 else density
    kx, ky = max(1, int(kx)), max(1, int(ky))
    (x0, x1), (y0, y1) = grid.domain
    cx, cy = (x1 - x0) / kx, (y1 - y0) / ky
    jx = np.rint((np.arange(kx) + 0.5) / kx * (len(grid.xs) - 1)).astype(int)
    iy = np.rint((np.arange(ky) + 0.5) / ky * (len(grid.ys) - 1)).astype(int)
    return np.unique(jx), np.unique(iy), cx, cy


def arrow_segments(grid: Grid, density=25, normalise: bool = False, scale: float = 0.9,
                   pivot: str = "middle") -> tuple[np.ndarray, np.ndarray]:
    """A -grad f arrow field as flat x and y arrays of segment end points (``connect="pairs"``).

    Arrow sites: a density x density lattice (``density`` an int or (kx, ky)) of cell centres,
    each snapped to the nearest grid sample, so every arrow shows the exact gradient at its own
    position (the lattice is regular to within half a grid step). Sites where grad f is zero
    or not finite, or f is not finite, get no arrow.

    Lengths are measured in cell units, (u / cx, v / cy) with cx, cy the lattice cell sizes,
    so a non-square domain still gets arrows that fill their cells; the data-space direction
    is exactly -grad f. normalise: every arrow is ``scale`` cells long. Otherwise arrows are
    proportional to |grad f|, scaled so that the 95th percentile length is ``scale`` cells;
    longer ones are clipped to ``scale`` so one steep wall does not shrink the rest to dots.
    Heads are two strokes of ``HEAD_FRACTION`` of the shaft at +-``HEAD_ANGLE``, built in
    cell units too so they look symmetric when the view fits the domain.

    pivot: "middle" centres each arrow on its site, "tail" starts it there.
    Each arrow contributes 3 segments (shaft, two head strokes) = 6 points, in the order
    tail, tip, tip, head1, tip, head2.
    """
    if pivot not in ("middle", "tail"):
        raise ValueError(f"pivot must be 'middle' or 'tail', got {pivot!r}")
    jx, iy, cx, cy = _lattice(grid, density)
    px, py = np.meshgrid(grid.xs[jx], grid.ys[iy])
    gx = np.asarray(grid.dfdx)[np.ix_(iy, jx)]
    gy = np.asarray(grid.dfdy)[np.ix_(iy, jx)]
    fv = np.asarray(grid.f)[np.ix_(iy, jx)]
    with np.errstate(all="ignore"):
        u, v = -gx / cx, -gy / cy      # downhill, in cell units
        length = np.hypot(u, v)
    # log(x) has a finite derivative 1/x where x < 0 but no value: no arrow there either
    ok = np.isfinite(length) & (length > 0) & np.isfinite(fv)
    px, py, u, v, length = px[ok], py[ok], u[ok], v[ok], length[ok]
    if length.size == 0:
        return np.empty(0), np.empty(0)
    if normalise:
        target = np.full_like(length, scale)
    else:
        target = scale * np.minimum(length / np.percentile(length, 95), 1.0)
    u, v = u * (target / length), v * (target / length)
    return _arrow_points(px, py, u, v, cx, cy, pivot)


def _arrow_points(px, py, u, v, cx, cy, pivot):
    """Segment end points for arrows at (px, py) with cell-unit vectors (u, v)."""
    if pivot == "middle":
        tail_x, tail_y = px - 0.5 * u * cx, py - 0.5 * v * cy
    else:
        tail_x, tail_y = px, py
    tip_x, tip_y = tail_x + u * cx, tail_y + v * cy
    cos, sin = np.cos(HEAD_ANGLE), np.sin(HEAD_ANGLE)
    bx, by = -HEAD_FRACTION * u, -HEAD_FRACTION * v       # back along the shaft
    h1x, h1y = tip_x + (cos * bx - sin * by) * cx, tip_y + (sin * bx + cos * by) * cy
    h2x, h2y = tip_x + (cos * bx + sin * by) * cx, tip_y + (-sin * bx + cos * by) * cy
    xs = np.stack([tail_x, tip_x, tip_x, h1x, tip_x, h2x], axis=1).ravel()
    ys = np.stack([tail_y, tip_y, tip_y, h1y, tip_y, h2y], axis=1).ravel()
    return xs, ys
