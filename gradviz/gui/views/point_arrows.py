"""Arrows at the current point: the gradient, the step and the momentum, each with a label.

The gradient and the momentum are drawn at a fixed length on screen (their directions are what
they teach; their sizes are in the inspector), the step at its true length: its tip is where the
point goes next. Arrow heads are built in screen pixels so that they keep their shape when the
axes have different scales; they are rebuilt when the view moves.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from gradviz.gui import theme

KINDS = ("grad", "step", "momentum")
LABELS = {"grad": "\u2207f", "step": "step", "momentum": "momentum"}
FIXED_PX = 72.0        # on-screen length of the gradient and momentum arrows
HEAD_PX = 13.0         # length of each barb of an arrow head
HEAD_ANGLE = math.radians(26)
Z_ARROWS = -2.5        # above the path, below the current-point marker


def arrow_pairs(origin, vector, pixel, fixed_px: float | None = None,
                min_px: float = 2.0) -> np.ndarray:
    """(6, 2) end points of three segments (shaft, two barbs) for ``connect="pairs"``.

    origin, vector: data coordinates; pixel: (data units per pixel in x, in y); fixed_px: draw
    the arrow this many pixels long instead of ``vector``'s own length. Empty (0, 2) when the
    vector is not finite or shorter than ``min_px`` on screen. Heads of short arrows shrink
    with them (at most 60% of the length), so a short step is not all head.
    """
    sx, sy = float(pixel[0]), float(pixel[1])
    u = np.array([vector[0] / sx, vector[1] / sy], dtype=float)   # in pixels
    length = math.hypot(*u)
    if not (math.isfinite(length) and length > 0 and sx > 0 and sy > 0):
        return np.empty((0, 2))
    if fixed_px is not None:
        u *= fixed_px / length
        length = fixed_px
    if length < min_px:
        return np.empty((0, 2))
    back = -u / length * min(HEAD_PX, 0.6 * length)
    rows = [(0.0, 0.0), tuple(u)]
    for turn in (HEAD_ANGLE, -HEAD_ANGLE):
        c, s = math.cos(turn), math.sin(turn)
        rows += [tuple(u), (u[0] + c * back[0] - s * back[1], u[1] + s * back[0] + c * back[1])]
    px = np.array(rows)
    return np.column_stack([origin[0] + px[:, 0] * sx, origin[1] + px[:, 1] * sy])


class PointArrows:
    """Three arrows with halos and labels inside ``plot``; ``set_vectors`` each frame."""

    def __init__(self, plot: pg.PlotItem):
        self._view_box = plot.getViewBox()
        self._origin = None
        self._vectors = {kind: None for kind in KINDS}
        self._enabled = {kind: True for kind in KINDS}
        self.curves, self.labels = {}, {}
        for kind in KINDS:
            color = theme.POINT_ARROW_COLORS[kind]
            curve = pg.PlotCurveItem(connect="pairs", antialias=True,
                                     pen=pg.mkPen(color, width=theme.POINT_ARROW_WIDTH))
            curve.setShadowPen(pg.mkPen(theme.PATH_HALO, width=theme.POINT_ARROW_WIDTH + 3))
            curve.setZValue(Z_ARROWS)
            label = pg.TextItem(LABELS[kind], color=color, anchor=(0.5, 0.5),
                                fill=pg.mkBrush(17, 17, 17, 200))
            label.setFont(theme.font(theme.AXIS_PT - 1, bold=True))
            label.setZValue(Z_ARROWS + 0.1)
            plot.addItem(curve, ignoreBounds=True)
            plot.addItem(label, ignoreBounds=True)
            self.curves[kind], self.labels[kind] = curve, label
        self._view_box.sigRangeChanged.connect(self._redraw)
        self._view_box.sigResized.connect(self._redraw)

    def set_enabled(self, **kinds: bool | None) -> None:
        """Turn arrows on or off by kind (grad=, step=, momentum=); None leaves one as it is."""
        for kind, on in kinds.items():
            if on is not None:
                self._enabled[kind] = bool(on)
        self._redraw()

    def set_vectors(self, origin, grad=None, step=None, momentum=None) -> None:
        """Arrows from ``origin`` (x, y): ``grad`` and ``momentum`` directions, ``step`` as is;
        None (or origin None) hides an arrow."""
        self._origin = None if origin is None else (float(origin[0]), float(origin[1]))
        self._vectors = {"grad": grad, "step": step, "momentum": momentum}
        self._redraw()

    def shown(self) -> dict:
        """kind -> (6, 2) segment end points as drawn, for the arrows on screen (tests)."""
        out = {}
        for kind, curve in self.curves.items():
            if curve.isVisible():
                x, y = curve.getData()
                out[kind] = np.column_stack([x, y])
        return out

    def _redraw(self, *args) -> None:
        pixel = self._view_box.viewPixelSize()
        for kind in KINDS:
            curve, label = self.curves[kind], self.labels[kind]
            vector = self._vectors[kind]
            pairs = np.empty((0, 2))
            if self._enabled[kind] and self._origin is not None and vector is not None:
                fixed = None if kind == "step" else FIXED_PX
                pairs = arrow_pairs(self._origin, vector, pixel, fixed)
            visible = len(pairs) > 0
            curve.setVisible(visible)
            label.setVisible(visible)
            if not visible:
                continue
            curve.setData(pairs[:, 0], pairs[:, 1])
            tip = pairs[1]
            away = (tip - pairs[0]) / pixel   # push the label past the tip, in pixels
            norm = math.hypot(*away) or 1.0
            shift = away / norm * 16.0 * np.asarray(pixel)
            label.setPos(float(tip[0] + shift[0]), float(tip[1] + shift[1]))
