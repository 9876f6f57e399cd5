"""What the 3D view draws: f as a surface, the optimizers' paths lifted onto it (no Qt here).

World coordinates: the domain ((x0, x1), (y0, y1)) maps to the box [-hx, hx] x [-hy, hy]
(the longer side 2 units, the aspect ratio kept up to ``MAX_ASPECT``), and f to z in
[0, HEIGHT] through the heatmap's own display scale (``field.display_scale``: linear, or
log10(f - shift) when the landscape is log-scaled), clipped at the 1st and 99th percentiles of
the grid's display values so a few huge corners do not flatten the rest. Colours are the
heatmap's: ``color_t`` is 0 at the smallest and 1 at the largest display value on the grid.

The mesh is the landscape grid sub-sampled to at most ``MESH_SIZE`` samples a side (exact grid
samples, edges included), two triangles a cell split along the diagonal from (i, j+1) to
(i+1, j); cells touching a sample where f is undefined are left out (a hole, as the heatmap
shows grey). A path is lifted to z(f) along it, sampled at least once per mesh cell, and never
below the drawn surface, plus ``LIFT`` so that it is not hidden inside the mesh.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from gradviz.engine import field

MESH_SIZE = 100       # samples a side: 19,602 triangles; software OpenGL draws it in ~15 ms
HEIGHT = 0.8          # world units of z between the clip levels (the box is 2 units wide)
MAX_ASPECT = 2.0      # a domain more elongated than this is drawn at this aspect ratio
CLIP_PERCENTILES = (1.0, 99.0)
LIFT = 0.015          # world units a path floats above the surface
MAX_PATH_POINTS = 20_000  # points of one lifted path, its sub-samples included


class SurfaceFrame(NamedTuple):
    """The maps from (x, y, f) to world coordinates and colours.

    display: the heatmap's DisplayScale; lo, hi: display values drawn at z = 0 and HEIGHT
    (values outside are clipped to them); color_lo, color_hi: display values at the two ends
    of the colour map; domain ((x0, x1), (y0, y1)); half: world half-widths (hx, hy).
    """

    display: field.DisplayScale
    lo: float
    hi: float
    color_lo: float
    color_hi: float
    domain: tuple
    half: tuple

    def world_xy(self, x, y):
        """World (X, Y) of data (x, y): X = -hx + 2 hx (x - x0) / (x1 - x0), likewise Y."""
        (x0, x1), (y0, y1) = self.domain
        hx, hy = self.half
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        return -hx + 2 * hx * (x - x0) / (x1 - x0), -hy + 2 * hy * (y - y0) / (y1 - y0)

    def z(self, f):
        """World z of values f: HEIGHT (v - lo) / (hi - lo) with v = display(f) clipped to
        [lo, hi]; NaN where f is not finite (or its log is undefined). A flat frame
        (hi = lo) puts everything at z = 0."""
        v = self._display(f)
        span = self.hi - self.lo
        with np.errstate(invalid="ignore"):
            t = (np.clip(v, self.lo, self.hi) - self.lo) / span if span > 0 else v * 0.0
        return HEIGHT * t

    def color_t(self, f):
        """Position in the colour map of values f: (v - color_lo) / (color_hi - color_lo),
        clipped to [0, 1], 0.5 for a constant f; NaN where f is undefined."""
        v = self._display(f)
        span = self.color_hi - self.color_lo
        with np.errstate(invalid="ignore"):
            t = (v - self.color_lo) / span if span > 0 else v * 0.0 + 0.5
            return np.clip(t, 0.0, 1.0)

    def _display(self, f):
        """Display values of f, scalars included (DisplayScale.forward wants arrays)."""
        f = np.asarray(f, dtype=np.float64)
        return self.display.forward(np.atleast_1d(f)).reshape(f.shape)

    def ticks(self, count=5):
        """Round values along x and y and their world positions: ((xs, Xs), (ys, Ys)).
        The step is the largest of 1, 2, 2.5, 5 times a power of ten that is at most
        span / (count - 1), so there are at least ``count`` ticks inside the domain."""
        (x0, x1), (y0, y1) = self.domain
        xs, ys = _round_ticks(x0, x1, count), _round_ticks(y0, y1, count)
        wx = self.world_xy(xs, np.full(len(xs), y0))[0]
        wy = self.world_xy(np.full(len(ys), x0), ys)[1]
        return (xs, wx), (ys, wy)


def _round_ticks(lo, hi, count):
    raw = (hi - lo) / max(count - 1, 1)
    power = 10.0 ** np.floor(np.log10(raw))
    step = max(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power <= raw * (1 + 1e-9))
    first = np.ceil(lo / step - 1e-9) * step
    values = first + step * np.arange(int(np.floor((hi - first) / step + 1e-9)) + 1)
    values[np.abs(values) < step * 1e-9] = 0.0     # -0.0 and 1e-17 print as 0
    return values


def surface_frame(grid: field.Grid, log: bool) -> SurfaceFrame:
    """The frame for a landscape grid shown with a log (or linear) heatmap."""
    display = field.display_scale(grid.f, log)
    v = display.forward(grid.f)
    finite = v[np.isfinite(v)]
    if finite.size:
        lo, hi = (float(p) for p in np.percentile(finite, CLIP_PERCENTILES))
        color_lo, color_hi = float(finite.min()), float(finite.max())
    else:
        lo = hi = color_lo = color_hi = 0.0
    (x0, x1), (y0, y1) = grid.domain
    aspect = float(np.clip((y1 - y0) / (x1 - x0), 1 / MAX_ASPECT, MAX_ASPECT))
    half = (1.0, aspect) if aspect <= 1 else (1.0 / aspect, 1.0)
    return SurfaceFrame(display, lo, hi, color_lo, color_hi, grid.domain, half)


class SurfaceMesh(NamedTuple):
    """A triangle mesh of f over the domain.

    vertices (N, 3) float32 world coordinates, N = nx * ny, row-major (vertex i * nx + j is
    sample (xs[j], ys[i])), z 0 where f is undefined; faces (M, 3) int32 vertex indices;
    color_t (N,) colour-map positions, NaN where f is undefined; xs (nx,), ys (ny,): the data
    coordinates of the samples; z (ny, nx) float64 world heights, NaN where undefined.
    """

    vertices: np.ndarray
    faces: np.ndarray
    color_t: np.ndarray
    xs: np.ndarray
    ys: np.ndarray
    z: np.ndarray


def _subsample(n: int, m: int) -> np.ndarray:
    """At most m indices of 0..n-1, evenly spread, first and last included."""
    return np.unique(np.rint(np.linspace(0, n - 1, min(n, m))).astype(int))


def surface_mesh(grid: field.Grid, frame: SurfaceFrame, size: int = MESH_SIZE) -> SurfaceMesh:
    """The mesh of ``grid`` (sub-sampled to ``size`` samples a side) in ``frame``."""
    jx, iy = _subsample(len(grid.xs), size), _subsample(len(grid.ys), size)
    xs, ys = grid.xs[jx], grid.ys[iy]
    f = np.asarray(grid.f)[np.ix_(iy, jx)]
    z = frame.z(f)
    X, Y = frame.world_xy(*np.meshgrid(xs, ys))
    vertices = np.stack([X, Y, np.nan_to_num(z, nan=0.0)], axis=-1).reshape(-1, 3)
    ny, nx = z.shape
    a = (np.arange(ny - 1)[:, None] * nx + np.arange(nx - 1)[None, :]).ravel()
    b, c, d = a + 1, a + nx, a + nx + 1     # (i, j+1), (i+1, j), (i+1, j+1)
    ok = np.isfinite(z).ravel()
    cells = ok[a] & ok[b] & ok[c] & ok[d]
    faces = np.concatenate([np.stack([a, b, c], axis=1)[cells],
                            np.stack([b, d, c], axis=1)[cells]])
    return SurfaceMesh(vertices.astype(np.float32), faces.astype(np.int32),
                       frame.color_t(f).ravel(), xs, ys, z)


def vertex_normals(mesh: SurfaceMesh) -> np.ndarray:
    """(N, 3) float32 unit normals for smooth lighting: at each vertex the sum of the cross
    products (b - a) x (c - a) of its triangles (so larger triangles weigh more), normalised;
    (0, 0, 1) at a vertex that belongs to no triangle."""
    v = mesh.vertices.astype(np.float64)
    a, b, c = (v[mesh.faces[:, k]] for k in range(3))
    face = np.cross(b - a, c - a)
    out = np.zeros_like(v)
    for k in range(3):
        np.add.at(out, mesh.faces[:, k], face)
    length = np.linalg.norm(out, axis=1)
    out[length == 0] = (0.0, 0.0, 1.0)
    length[length == 0] = 1.0
    return (out / length[:, None]).astype(np.float32)


def surface_height(mesh: SurfaceMesh, x, y) -> np.ndarray:
    """World z of the drawn mesh above data points (x, y): linear on each of the cell's two
    triangles (the split of ``surface_mesh``); NaN outside the domain or over a hole."""
    x = np.atleast_1d(np.asarray(x, dtype=np.float64))
    y = np.atleast_1d(np.asarray(y, dtype=np.float64))
    xs, ys, z = mesh.xs, mesh.ys, mesh.z
    out = np.full(x.shape, np.nan)
    inside = (x >= xs[0]) & (x <= xs[-1]) & (y >= ys[0]) & (y <= ys[-1])
    if not inside.any():
        return out
    xi, yi = x[inside], y[inside]
    j = np.clip(np.searchsorted(xs, xi, side="right") - 1, 0, len(xs) - 2)
    i = np.clip(np.searchsorted(ys, yi, side="right") - 1, 0, len(ys) - 2)
    u = (xi - xs[j]) / (xs[j + 1] - xs[j])
    v = (yi - ys[i]) / (ys[i + 1] - ys[i])
    za, zb, zc, zd = z[i, j], z[i, j + 1], z[i + 1, j], z[i + 1, j + 1]
    lower = za + u * (zb - za) + v * (zc - za)                 # triangle a, b, c: u + v <= 1
    upper = zd + (1 - u) * (zc - zd) + (1 - v) * (zb - zd)     # triangle b, d, c
    out[inside] = np.where(u + v <= 1, lower, upper)
    return out


class LiftedPath(NamedTuple):
    """A path in world coordinates: points (P, 3) float32, the steps' points and sub-samples
    between them; step_index (S,) int: row of step k's point in ``points`` for k < S, where S
    is the number of finite steps (a diverged run stops at its last finite point)."""

    points: np.ndarray
    step_index: np.ndarray


def _finite_prefix(points: np.ndarray) -> np.ndarray:
    bad = ~np.isfinite(points).all(axis=1)
    return points[: int(np.argmax(bad))] if bad.any() else points


def _subdivisions(points: np.ndarray, mesh: SurfaceMesh) -> np.ndarray:
    """Sub-segments per segment: enough that each spans at most one mesh cell per axis,
    scaled down so the whole path stays within MAX_PATH_POINTS."""
    cell = np.array([(mesh.xs[-1] - mesh.xs[0]) / max(len(mesh.xs) - 1, 1),
                     (mesh.ys[-1] - mesh.ys[0]) / max(len(mesh.ys) - 1, 1)])
    with np.errstate(all="ignore"):
        cells = np.max(np.abs(np.diff(points, axis=0)) / cell, axis=1)
    counts = np.maximum(1, np.ceil(np.nan_to_num(cells, nan=1.0, posinf=1.0))).astype(np.int64)
    budget = MAX_PATH_POINTS - 1
    if counts.sum() > budget:
        extra = counts - 1
        spare = max(budget - len(counts), 0)
        counts = 1 + np.floor(extra * (spare / max(extra.sum(), 1))).astype(np.int64)
    return counts


def lift_path(objective, frame: SurfaceFrame, mesh: SurfaceMesh, points) -> LiftedPath:
    """``points`` (k+1, 2) of a run lifted onto the surface.

    Each segment is cut into sub-segments no longer than a mesh cell; every point (x, y) gets
    z = max(frame.z(f(x, y)), the mesh's height there) + LIFT, so the line follows f along the
    path and stays visible above the triangles. Where f is undefined between two steps, z is
    interpolated from its neighbours.
    """
    pts = _finite_prefix(np.asarray(points, dtype=np.float64).reshape(-1, 2))
    if len(pts) == 0:
        return LiftedPath(np.empty((0, 3), np.float32), np.empty(0, np.int64))
    counts = _subdivisions(pts, mesh) if len(pts) > 1 else np.empty(0, np.int64)
    step_index = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    seg = np.repeat(np.arange(len(counts)), counts)
    frac = (np.arange(len(seg)) - step_index[seg]) / counts[seg] if len(seg) else seg
    dense = np.concatenate([pts[seg] + frac[:, None] * (pts[seg + 1] - pts[seg]), pts[-1:]])
    with np.errstate(all="ignore"):
        f = np.broadcast_to(np.asarray(objective.value(dense[:, 0], dense[:, 1]),
                                       dtype=np.float64), (len(dense),))
        z = np.fmax(frame.z(f), surface_height(mesh, dense[:, 0], dense[:, 1]))
    z = _fill_gaps(z)
    X, Y = frame.world_xy(dense[:, 0], dense[:, 1])
    lifted = np.stack([X, Y, z + LIFT], axis=1).astype(np.float32)
    return LiftedPath(lifted, step_index)


def inside_box(points: np.ndarray, half) -> np.ndarray:
    """(N,) bool: which world points (N, 3) lie over the floor, |x| <= hx and |y| <= hy."""
    hx, hy = half
    return (np.abs(points[:, 0]) <= hx) & (np.abs(points[:, 1]) <= hy)


def clip_to_box(points: np.ndarray, half) -> np.ndarray:
    """The part of the polyline ``points`` (N, 3) over the floor, as (2M, 3) segment end
    points (OpenGL "lines"): each segment p -> q is cut to the t in [0, 1] where p + t (q - p)
    has |x| <= hx and |y| <= hy (Liang-Barsky), z linear along it; segments wholly outside are
    left out. A run that leaves the domain (diverging) is drawn up to the box's edge, as the
    flat panels clip it at their border."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    if len(points) < 2:
        return np.empty((0, 3), np.float32)
    p, d = points[:-1], np.diff(points, axis=0)
    t0, t1 = np.zeros(len(p)), np.ones(len(p))
    with np.errstate(divide="ignore", invalid="ignore"):
        for axis, h in ((0, half[0]), (1, half[1])):
            for sign in (-1.0, 1.0):
                # inside this side: sign * (p + t d) <= h, i.e. t * (sign d) <= h - sign p
                room, rate = h - sign * p[:, axis], sign * d[:, axis]
                t = room / rate
                t0 = np.where(rate < 0, np.maximum(t0, t), t0)
                t1 = np.where(rate > 0, np.minimum(t1, t), t1)
                t1 = np.where((rate == 0) & (room < 0), -1.0, t1)   # parallel, outside
    keep = t0 <= t1
    a = p[keep] + t0[keep, None] * d[keep]
    b = p[keep] + t1[keep, None] * d[keep]
    return np.stack([a, b], axis=1).reshape(-1, 3).astype(np.float32)


def _fill_gaps(z: np.ndarray) -> np.ndarray:
    """NaN entries replaced by linear interpolation over the index (0 if none is finite)."""
    ok = np.isfinite(z)
    if ok.all():
        return z
    if not ok.any():
        return np.zeros_like(z)
    index = np.arange(len(z))
    return np.interp(index, index[ok], z[ok])


def lift_points(objective, frame: SurfaceFrame, mesh: SurfaceMesh, xy) -> np.ndarray:
    """World positions (K, 3) of data points ``xy`` (K, 2) on the surface (plus LIFT), for
    markers such as the known minima; points where f is undefined are dropped."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    with np.errstate(all="ignore"):
        f = np.broadcast_to(np.asarray(objective.value(xy[:, 0], xy[:, 1]), dtype=np.float64),
                            (len(xy),))
        z = np.fmax(frame.z(f), surface_height(mesh, xy[:, 0], xy[:, 1]))
    X, Y = frame.world_xy(xy[:, 0], xy[:, 1])
    out = np.stack([X, Y, z + LIFT], axis=1)
    return out[np.isfinite(out).all(axis=1)].astype(np.float32)


class SurfaceScene(NamedTuple):
    """Everything the 3D view shows: the frame, the mesh, one LiftedPath per run and the
    known minima (K, 3) in world coordinates; ``z_label`` names the z axis ("f" or
    "log10(f + c)", the heatmap's colour-bar label)."""

    frame: SurfaceFrame
    mesh: SurfaceMesh
    paths: tuple
    minima: np.ndarray
    z_label: str


def build_scene(objective, landscape, paths, minima=()) -> SurfaceScene:
    """The scene of a landscape (``scene.Landscape``) and runs' ``paths`` ((k+1, 2) arrays).

    ``minima``: objects with .x and .y, or (x, y) pairs.
    """
    frame = surface_frame(landscape.grid, landscape.log)
    mesh = surface_mesh(landscape.grid, frame)
    lifted = tuple(lift_path(objective, frame, mesh, p) for p in paths)
    xy = [(m.x, m.y) if hasattr(m, "x") else tuple(m[:2]) for m in minima]
    marks = lift_points(objective, frame, mesh, xy) if xy else np.empty((0, 3), np.float32)
    return SurfaceScene(frame, mesh, lifted, marks, landscape.colorbar_label)
