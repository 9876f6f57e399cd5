"""Which part of a path to draw: the finite rows, and a diverging path only until it leaves
the picture for good.

A run that diverges bounces further out every step; its later segments cross the whole
picture from far outside to far outside, and drawn they fill the landscape with bars of the
panel's colour (lr 0.11 on x² + 10y²: the y-steps cross the domain 40 times). What the
picture should say is "it left here": the path is drawn up to the last point inside the
domain and one segment on, which the plot cuts at its edge.
"""

from __future__ import annotations

import numpy as np


def finite_prefix(points: np.ndarray) -> np.ndarray:
    """The rows of an (n, 2) array before the first row holding inf or NaN."""
    bad = ~np.isfinite(points).all(axis=1)
    return points[: int(np.argmax(bad))] if bad.any() else points


def until_it_leaves(points: np.ndarray, box, margin: float = 0.05) -> np.ndarray:
    """``points`` (n, 2) up to the last one inside ``box`` = ((xmin, xmax), (ymin, ymax))
    grown by ``margin`` of its size, and the one after it (the segment leaving); all of them
    when none is inside (a start chosen outside) or ``box`` is None. A path that comes back
    in keeps everything up to its return."""
    if box is None or len(points) < 3:
        return points
    (x0, x1), (y0, y1) = box
    mx, my = margin * (x1 - x0), margin * (y1 - y0)
    with np.errstate(invalid="ignore"):
        inside = ((points[:, 0] >= x0 - mx) & (points[:, 0] <= x1 + mx)
                  & (points[:, 1] >= y0 - my) & (points[:, 1] <= y1 + my))
    if not inside.any():
        return points
    last = int(np.flatnonzero(inside)[-1])
    return points[: last + 2]
