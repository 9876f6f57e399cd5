"""Where the 3D view's labels go and how large the default view is: plain geometry and fonts,
no OpenGL, shared by the view (``surface_gl``) and its pictures (``surface_picture``).

World coordinates as in ``gradviz.engine.surface``: the domain spans a box 2 units wide (its
half-widths ``frame.half``), f runs from z = 0 to ``surface.HEIGHT``.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from gradviz.engine.surface import HEIGHT
from gradviz.gui.views.readout import format_number

FIT_RADIUS = 1.45   # world units around the box's centre that the default view shows whole
TICKS = 5


def fit_distance(fov_degrees: float, aspect: float) -> float:
    """The camera distance at which a sphere of ``FIT_RADIUS`` fills a view of ``aspect``
    (height / width) whose horizontal field of view is ``fov_degrees`` (pyqtgraph's: a wide,
    low view sees less vertically)."""
    fov = math.radians(fov_degrees)
    half = min(fov / 2, math.atan(math.tan(fov / 2) * aspect))
    return FIT_RADIUS / math.sin(half)


def label_font(look, title: bool) -> QFont:
    """The tick labels' font (``title``: the axis names', bold) at ``look``'s size."""
    font = QFont()
    font.setPointSizeF(look.title_pt if title else look.tick_pt)
    font.setBold(title)
    return font


_A = Qt.AlignmentFlag
BELOW, RIGHT, LEFT = (_A.AlignHCenter | _A.AlignTop, _A.AlignLeft | _A.AlignVCenter,
                      _A.AlignRight | _A.AlignVCenter)
ABOVE_RIGHT = _A.AlignLeft | _A.AlignBottom   # the f axis' name: clear of its ticks on the left


def label_texts(frame, names) -> list:
    """(world position, text, is_title, alignment) of every label: ticks along the floor's
    front (x) and right (y) edges and up the vertical axis at the back left, and the axis
    names. Each text grows away from its anchor (below, right of, left of or above it), so
    larger type (presentation mode) never runs into the box or into the next label."""
    hx, hy = frame.half
    (xs, wx), (ys, wy) = frame.ticks(TICKS)
    # x along the front edge, y along the right one; the corner they share is x's
    texts = [((x, -hy - 0.08, 0), f"{v:.4g}", False, BELOW) for v, x in zip(xs, wx)]
    texts += [((hx + 0.1, y, 0), f"{v:.4g}", False, RIGHT) for v, y in zip(ys, wy)
              if not (v == frame.domain[1][0] and xs[-1] == frame.domain[0][1])]
    texts += [((0.0, -hy - 0.3, 0), names[0], True, BELOW),
              ((hx + 0.42, 0.0, 0), names[1], True, RIGHT)]
    span = frame.hi - frame.lo
    for t in (0.0, 0.5, 1.0):
        f = float(frame.display.inverse(np.array([frame.lo + t * span]))[0])
        texts.append(((-hx - 0.06, hy, t * HEIGHT), format_number(f, 3), False, LEFT))
    name = f"{names[2]} (log scale)" if frame.display.log else names[2]
    texts.append(((-hx, hy, HEIGHT + 0.06), name, True, ABOVE_RIGHT))
    return texts
