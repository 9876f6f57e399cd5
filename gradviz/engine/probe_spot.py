"""Where the gradient probe starts: a spot that hides nothing important.

The domain's centre, the old default, is where most test functions put their minimum (and so
the star, the end of every path and the current point): the probe's crosshair covered them.
:func:`probe_spot` picks, on a lattice inside the domain, the point furthest (in units of the
domain's size) from the marks it is given and from the straight lines between the start and
each minimum (where paths usually go). Pure: numpy only.
"""

from __future__ import annotations

import numpy as np

INSET = 0.15    # candidates keep this fraction of the domain from its edges
LATTICE = 9     # candidates a side


def probe_spot(domain, marks=(), lines=(), lattice: int = LATTICE,
               inset: float = INSET) -> tuple[float, float]:
    """(x, y) inside ``domain`` = ((xmin, xmax), (ymin, ymax)) furthest from the ``marks``
    (points (x, y)) and the ``lines`` (pairs of points): each distance measured with x and y
    divided by the domain's width and height. Ties go to the candidate nearer the centre;
    with nothing to avoid, the centre."""
    (x0, x1), (y0, y1) = domain
    w, h = x1 - x0, y1 - y0
    u = np.linspace(inset, 1 - inset, lattice)
    cu, cv = np.meshgrid(u, u)
    cand = np.column_stack([cu.ravel(), cv.ravel()])          # in units of the domain
    avoid = [_unit(p, domain) for p in marks]
    for a, b in lines:
        a, b = _unit(a, domain), _unit(b, domain)
        avoid += [a + t * (b - a) for t in np.linspace(0, 1, 21)]
    centre = np.hypot(cand[:, 0] - 0.5, cand[:, 1] - 0.5)
    if avoid:
        pts = np.array(avoid)
        pts = pts[np.isfinite(pts).all(axis=1)]
    if not avoid or len(pts) == 0:
        best = int(np.argmin(centre))
    else:
        d = np.min(np.hypot(cand[:, None, 0] - pts[None, :, 0],
                            cand[:, None, 1] - pts[None, :, 1]), axis=1)
        best = int(np.lexsort((centre, -np.round(d, 9)))[0])
    return float(x0 + cand[best, 0] * w), float(y0 + cand[best, 1] * h)


def _unit(point, domain) -> np.ndarray:
    (x0, x1), (y0, y1) = domain
    return np.array([(float(point[0]) - x0) / (x1 - x0), (float(point[1]) - y0) / (y1 - y0)])


def default_probe(session) -> tuple[float, float]:
    """Where a session's probe goes when it has none pinned: away from its start, its
    preset's minima and the lines between them."""
    minima = ()
    if getattr(session, "mode", "function") == "function" and session.preset is not None:
        from gradviz.engine.presets import PRESETS

        if session.preset in PRESETS:
            minima = tuple((m.x, m.y) for m in PRESETS[session.preset].minima)
    return probe_spot(session.domain, (session.start, *minima),
                      [(session.start, m) for m in minima])
