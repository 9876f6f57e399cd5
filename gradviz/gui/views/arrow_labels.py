"""Where the labels of the arrows at the current point go: pure geometry in the plot's pixels
(from its top-left corner, y down), for ``point_arrows.PointArrows``."""

from __future__ import annotations

import math

import numpy as np


def to_px(point, pixel, corner) -> tuple[float, float]:
    """Data point -> pixels from the plot's top-left corner (y down)."""
    return (point[0] - corner[0]) / pixel[0], (corner[1] - point[1]) / pixel[1]


def label_rect(centre, size, pixel, corner):
    cx, cy = to_px(centre, pixel, corner)
    return (cx - size[0] / 2, cy - size[1] / 2, size[0], size[1])


def overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def label_spots(pairs, size, pixel, gap):
    """Candidate centres (data) for an arrow's label, best first: past the tip, beside the
    tip on either side, beside the middle of the shaft on either side, then around the tip
    in eight directions at one, two and three times that distance. Made one at a time:
    the first is taken most frames (all 29, for each arrow of each panel, were 0.1 ms)."""
    (x0, y0), (tx, ty) = pairs[0].tolist(), pairs[1].tolist()
    ux, uy = (tx - x0) / pixel[0], (y0 - ty) / pixel[1]    # pixels, y down
    norm = math.hypot(ux, uy) or 1.0
    ux, uy = ux / norm, uy / norm
    nx, ny = -uy, ux
    half_w, half_h = size[0] / 2, size[1] / 2

    def reach(dx, dy):
        """How far a centre must be along (dx, dy) for a box of ``size`` to clear a point."""
        return abs(dx) * half_w + abs(dy) * half_h + gap

    def at(px, py):   # pixels from the tip -> data
        return tx + px * pixel[0], ty - py * pixel[1]

    along, side_reach = reach(ux, uy), reach(nx, ny)
    yield at(ux * along, uy * along)
    for side in (1, -1):
        yield at(side * nx * side_reach, side * ny * side_reach)
    for side in (1, -1):
        yield at(-ux * norm / 2 + side * nx * side_reach, -uy * norm / 2 + side * ny * side_reach)
    for ring in (1, 2, 3):
        for i in range(8):
            dx, dy = math.cos(i * math.pi / 4), math.sin(i * math.pi / 4)
            yield at(dx * ring * reach(dx, dy), dy * ring * reach(dx, dy))


def covers(rect, points, pad: float = 3.0) -> bool:
    """A pixel rect (left, top, width, height) grown by ``pad`` holds one of ``points``
    (an (n, 2) numpy array of pixels)."""
    x, y, w, h = rect
    return bool(np.any((points[:, 0] >= x - pad) & (points[:, 0] <= x + w + pad)
                       & (points[:, 1] >= y - pad) & (points[:, 1] <= y + h + pad)))


def shaft_cover(a, b, points, near: float, skip: float, samples: int = 10) -> float:
    """The share of ``samples`` points along the segment ``a`` -> ``b`` (pixels), from
    ``skip`` pixels past ``a`` to ``b``, that lie within ``near`` pixels of one of
    ``points`` ((n, 2) pixels): how much of an arrow's shaft a path covers."""
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    if not len(points) or length <= skip:
        return 0.0
    t = np.linspace(skip / length, 1.0, samples)
    along = np.column_stack([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])])
    gaps = np.hypot(along[:, None, 0] - points[None, :, 0], along[:, None, 1] - points[None, :, 1])
    return float(np.mean(gaps.min(axis=1) <= near))


def beside_path(pairs, points, pixel, corner, offset: float, near: float, skip: float,
                most: float = 0.3):
    """An arrow's ``pairs`` (data, as ``point_arrows.arrow_pairs``) moved ``offset`` pixels
    sideways, to the side the path covers less, when the path (``points``, (n, 2) pixels)
    covers more than ``most`` of its shaft (``shaft_cover``); else as they are. Gradient
    descent comes from where the gradient points: its ∇f arrow lay along the last steps,
    and neither the arrow nor the path read."""
    a, b = to_px(pairs[0], pixel, corner), to_px(pairs[1], pixel, corner)
    reach = offset + near   # only the path near the shaft counts: a long one costs less
    points = points[(points[:, 0] >= min(a[0], b[0]) - reach)
                    & (points[:, 0] <= max(a[0], b[0]) + reach)
                    & (points[:, 1] >= min(a[1], b[1]) - reach)
                    & (points[:, 1] <= max(a[1], b[1]) + reach)]
    if shaft_cover(a, b, points, near, skip) <= most:
        return pairs
    length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    nx, ny = -(b[1] - a[1]) / length, (b[0] - a[0]) / length
    side = min((1, -1), key=lambda s: shaft_cover(
        (a[0] + s * nx * offset, a[1] + s * ny * offset),
        (b[0] + s * nx * offset, b[1] + s * ny * offset), points, near, skip))
    return pairs + np.array([side * nx * offset * pixel[0], -side * ny * offset * pixel[1]])
