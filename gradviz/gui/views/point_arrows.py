"""Arrows at the current point: the gradient, the step and the momentum, each with a label.

The gradient and the momentum are drawn at a length that follows their size against the
landscape's typical |grad f| (``arrow_fraction``: full length at the typical size and above,
a quarter shorter for each tenfold drop, gone where it would hide under the point's marker), so the gradient is seen to
vanish at a minimum; the step at its true length: its tip is where the point goes next. Arrow heads are built in screen pixels so that they keep their shape when the
axes have different scales; they are rebuilt when the view moves.

The gradient points uphill, which is where gradient descent came from: drawn over the path it
hid the last steps (descent in a ravine). It is drawn *under* the path, shorter than the
others and a little translucent, so the path always shows; and where the path runs along it,
beside the point (moved sideways past the marker, ``arrow_labels.beside_path``), so that the
arrow shows too. Labels are placed where they
overlap neither each other nor the current point, inside the plot.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from gradviz.gui import theme
from gradviz.gui.views.arrow_labels import (beside_path, covers, label_rect, label_spots, overlap,
                                            to_px)
from gradviz.gui.views.arrows_item import KINDS, ArrowsItem
from gradviz.gui.views.landscape_items import Z_CURRENT, Z_PATH

FIXED_PX = 72.0        # on-screen length of the gradient and momentum arrows (normal size)
HEAD_PX = 13.0         # length of each barb of an arrow head (normal size; see theme.Style)
HEAD_ANGLE = math.radians(26)
Z_ARROWS = Z_CURRENT - 0.5   # above the path and the start, below the current-point marker
Z_GRAD = Z_PATH - 0.5        # the gradient: under the path (it points where descent came from)
GRAD_LENGTH = 0.75           # the gradient's length, of the fixed length the momentum gets
GRAD_OPACITY = 0.8
NEAR_PX = 6.0                # a path this close along the gradient's shaft covers it (the
# halves of the path's halo, 6 px, and of the arrow's)
BESIDE_PX = 4.0              # the gradient moved beside the path: its foot this far past the
# edge of the current point's marker
TAIL = 150                   # points of the path (thinned) the labels keep off
DECADES = 4.0                # tenfold drops below the typical |grad f| from full length to none
MIN_PX = 6.0                 # an arrow must reach this far past the current point's marker
# to be drawn (nor its label): a shorter one hid under the dot, its label alone showing
LABELS_MIN_PX = 170.0        # a plot smaller than this (times the type scale) shows no labels:
# in four panels at 1280 x 720 "step", "∇f" and "momentum" covered each other and half the
# plot; the arrows keep their colours, which the legend names


def arrow_fraction(norm: float, typical: float | None) -> float:
    """The share of its full length a gradient or momentum arrow of size ``norm`` gets, on a
    landscape whose typical |grad f| is ``typical``: ``1 + log10(norm / typical) / DECADES``
    held to [0, 1]. 1 without a typical size (None, 0, NaN). Logarithmic because |grad f| on
    one path spans decades (Rosenbrock: 230 at the start, 2 in the valley, 1e-5 at the end):
    in proportion, the arrow would vanish as soon as the valley is reached."""
    if typical is None or not (math.isfinite(typical) and typical > 0):
        return 1.0
    if not (math.isfinite(norm) and norm > 0):
        return 0.0
    return min(max(1.0 + math.log10(norm / typical) / DECADES, 0.0), 1.0)


def arrow_pairs(origin, vector, pixel, fixed_px: float | None = None,
                min_px: float = 2.0, head_px: float = HEAD_PX) -> np.ndarray:
    """(6, 2) end points of three segments (shaft, two barbs) for ``connect="pairs"``.

    origin, vector: data coordinates; pixel: (data units per pixel in x, in y); fixed_px: draw
    the arrow this many pixels long instead of ``vector``'s own length. Empty (0, 2) when the
    vector is not finite or shorter than ``min_px`` on screen. Heads of short arrows shrink
    with them (at most 60% of the length), so a short step is not all head.
    """
    sx, sy = float(pixel[0]), float(pixel[1])
    if not (sx > 0 and sy > 0):
        return np.empty((0, 2))
    ux, uy = float(vector[0]) / sx, float(vector[1]) / sy   # in pixels
    length = math.hypot(ux, uy)
    if not (math.isfinite(length) and length > 0):
        return np.empty((0, 2))
    if fixed_px is not None:
        scale = fixed_px / length
        ux, uy = ux * scale, uy * scale
        length = fixed_px
    if length < min_px:
        return np.empty((0, 2))
    # plain Python: a frame draws three arrows a panel, and numpy's calls on 2-vectors cost
    # more than the arithmetic
    head = min(head_px, 0.6 * length)
    bx, by = -ux / length * head, -uy / length * head
    rows = [(0.0, 0.0), (ux, uy)]
    for turn in (HEAD_ANGLE, -HEAD_ANGLE):
        c, s = math.cos(turn), math.sin(turn)
        rows += [(ux, uy), (ux + c * bx - s * by, uy + s * bx + c * by)]
    ox, oy = float(origin[0]), float(origin[1])
    return np.array([(ox + px * sx, oy + py * sy) for px, py in rows])


class PointArrows:
    """Three arrows with halos and labels inside ``plot``; ``set_vectors`` each frame.

    All of them are one plain Qt item (``arrows_item.ArrowsItem``) that strokes in device pixels: moving
    them costs a little arithmetic and a repaint of their own area, where three pyqtgraph
    curves and three TextItems cost ~1.3 ms a panel a frame in Python (data bounds, pixel
    vectors and transforms recomputed on every move). They draw the same picture.
    """

    def __init__(self, plot: pg.PlotItem):
        self._view_box = plot.getViewBox()
        self._origin = None
        self._vectors = {kind: None for kind in KINDS}
        self._enabled = {kind: True for kind in KINDS}
        self._pixel = None            # data units per pixel, (x, y); None: to be measured
        self._shown: dict = {}
        self._clear: tuple = ()      # pixel rects no label may cover (keep_clear)
        self._tail = np.empty((0, 2))   # the path, thinned and sampled, data (avoid_path)
        self._marks = np.empty((0, 2))  # start and minima, data (avoid_marks)
        self._probe = None            # ((x, y) data, side px) of the probe's crosshair
        self._style = theme.current()
        self._typical = None          # the landscape's typical |grad f| (set_typical)
        self.item = ArrowsItem(self._style, ("step", "momentum"))
        self.item.setZValue(Z_ARROWS)
        self.grad_item = ArrowsItem(self._style, ("grad",))
        self.grad_item.setZValue(Z_GRAD)
        self.grad_item.setOpacity(GRAD_OPACITY)
        for item in (self.grad_item, self.item):
            plot.addItem(item, ignoreBounds=True)
        self._view_box.sigRangeChanged.connect(self._on_view_changed)
        self._view_box.sigResized.connect(self._on_view_changed)

    def apply_style(self, style) -> None:
        """Widths, head and fixed lengths and label type of ``style`` (a ``theme.Style``); the
        arrows keep their dark halo in every theme: they sit on the heatmap."""
        self._style = style
        for item in (self.item, self.grad_item):
            item.apply_style(style)
        self._redraw()

    def set_enabled(self, **kinds: bool | None) -> None:
        """Turn arrows on or off by kind (grad=, step=, momentum=); None leaves one as it is."""
        for kind, on in kinds.items():
            if on is not None:
                self._enabled[kind] = bool(on)
        self._redraw()

    def keep_clear(self, rects) -> None:
        """Pixel rectangles (left, top, width, height) of the plot that labels must not
        cover (the canvas legend)."""
        rects = tuple(tuple(r) for r in rects)
        if rects != self._clear:
            self._clear = rects
            self._redraw()

    def avoid_path(self, points) -> None:
        """The path (k, 2), data: labels go where they do not cover it (if a spot is free
        of it). A long path is thinned to ``TAIL`` points, and each segment sampled (a long
        step crosses a label's spot). Takes effect at the next ``set_vectors``."""
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        if len(pts) > TAIL:
            pts = np.vstack([pts[:-1:len(pts) // TAIL + 1], pts[-1:]])
        if len(pts) > 1:
            t = np.linspace(0.0, 1.0, 9)[:-1]
            a, d = pts[:-1], np.diff(pts, axis=0)
            pts = np.vstack([(a[:, None, :] + t[None, :, None] * d[:, None, :]).reshape(-1, 2),
                             pts[-1:]])
        self._tail = pts[np.isfinite(pts).all(axis=1)]

    def set_typical(self, norm: float | None) -> None:
        """The landscape's typical |grad f| (``engine.field.typical_gradient``): the gradient
        and momentum arrows are drawn at full length at this size and shorter below it
        (``arrow_fraction``); None: always at full length."""
        if norm != self._typical:
            self._typical = norm
            self._redraw()

    def avoid_marks(self, points) -> None:
        """The start and the minima (k, 2), data: no label goes over one (a "momentum" label
        sat on the minimum's star). Takes effect at the next ``set_vectors``."""
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        self._marks = pts[np.isfinite(pts).all(axis=1)]

    def avoid_probe(self, point, side_px: float = 0.0) -> None:
        """The probe's crosshair at ``point`` (data; None: hidden), ``side_px`` wide: no label
        goes over it (it sat on the step's label, and each hid half of the other)."""
        probe = None if point is None else ((float(point[0]), float(point[1])), float(side_px))
        if probe != self._probe:
            self._probe = probe
            self._redraw()

    def enabled(self, kind: str) -> bool:
        """Arrow ``kind`` is switched on (it shows where its vector is defined)."""
        return self._enabled[kind]

    def set_vectors(self, origin, grad=None, step=None, momentum=None) -> None:
        """Arrows from ``origin`` (x, y): ``grad`` and ``momentum`` directions, ``step`` as is;
        None (or origin None) hides an arrow."""
        self._origin = None if origin is None else (float(origin[0]), float(origin[1]))
        self._vectors = {"grad": grad, "step": step, "momentum": momentum}
        self._redraw()

    def set_label(self, kind: str, text: str) -> None:
        """The text beside arrow ``kind`` ("\u2207f"; "\u2207L" on a regression loss)."""
        for item in (self.item, self.grad_item):
            item.set_label(kind, text)

    def shown(self) -> dict:
        """kind -> (6, 2) segment end points as drawn, for the arrows on screen (tests)."""
        return {kind: pairs.copy() for kind, (pairs, _) in self._shown.items()}

    def _on_view_changed(self, *args) -> None:
        self._pixel = None
        self._redraw()

    def _redraw(self, *args) -> None:
        if self._pixel is None:
            self._pixel = tuple(self._view_box.viewPixelSize())
        pixel = self._pixel
        style = self._style
        arrows = {}
        (x0, x1), (y0, y1) = self._view_box.viewRange()
        seen = self._origin is not None and x0 <= self._origin[0] <= x1 \
            and y0 <= self._origin[1] <= y1   # a point off the view has no arrows in it
        for kind in KINDS:
            vector = self._vectors[kind]
            if not (self._enabled[kind] and seen and vector is not None):
                continue
            fixed = None   # the step at its true length
            if kind != "step":
                full = style.arrow_fixed_px * (GRAD_LENGTH if kind == "grad" else 1.0)
                fixed = full * arrow_fraction(math.hypot(*vector), self._typical)
            pairs = arrow_pairs(self._origin, vector, pixel, fixed,
                                style.current_size / 2 + MIN_PX, head_px=style.arrow_head_px)
            if len(pairs):
                arrows[kind] = self._beside_path(pairs) if kind == "grad" else pairs
        box = self._view_box.boundingRect()
        roomy = min(box.width(), box.height()) >= LABELS_MIN_PX * style.font_scale
        spots = self._place_labels(arrows, pixel) if roomy else {}
        shown = {kind: (pairs, spots.get(kind)) for kind, pairs in arrows.items()}
        self._shown = shown
        # every label over the path (the gradient's shaft alone goes under it)
        self.item.set_arrows({k: pairs for k, pairs in arrows.items() if k != "grad"}, spots,
                             pixel)
        self.grad_item.set_arrows({k: pairs for k, pairs in arrows.items() if k == "grad"}, {},
                                  pixel)

    def _beside_path(self, pairs):
        """The gradient's arrow moved beside the point (``arrow_labels.beside_path``) where
        it would lie along the path's last steps; the path's halo and the arrow's stay
        apart."""
        corner, pixel, style = self._corner(), self._pixel, self._style
        tail = np.column_stack([(self._tail[:, 0] - corner[0]) / pixel[0],
                                (corner[1] - self._tail[:, 1]) / pixel[1]])   # as to_px
        marker = style.current_size / 2
        return beside_path(pairs, tail, pixel, corner, offset=marker + BESIDE_PX,
                           near=NEAR_PX, skip=marker)

    def label_rects(self) -> dict:
        """kind -> (left, top, width, height) of its label in pixels of the plot (tests)."""
        pixel = self._pixel or tuple(self._view_box.viewPixelSize())
        return {kind: label_rect(centre, self.item.label_size(kind), pixel, self._corner())
                for kind, (_, centre) in self._shown.items() if centre is not None}

    def _to_px_point(self, point) -> tuple[float, float]:
        """A data point in pixels of the plot, from its top-left corner (tests)."""
        return to_px(point, self._pixel or tuple(self._view_box.viewPixelSize()),
                      self._corner())

    def _corner(self):
        """(xmin, ymax) of the view: where pixel (0, 0) is, in data coordinates."""
        (x0, _), (_, y1) = self._view_box.viewRange()
        return x0, y1

    def _place_labels(self, arrows: dict, pixel) -> dict:
        """kind -> label centre (data): past the arrow's tip, else beside it (either side),
        else beside its middle; the first spot that overlaps no label placed before it and
        not the current point, moved inside the plot."""
        style, corner = self._style, self._corner()
        marker = style.current_size / 2 + 3
        taken = list(self._clear)
        if self._origin is not None:
            ox, oy = to_px(self._origin, pixel, corner)
            taken.append((ox - marker, oy - marker, 2 * marker, 2 * marker))
        mark = style.global_min_size / 2 + 2
        for point in self._marks:
            mx, my = to_px(point, pixel, corner)
            taken.append((mx - mark, my - mark, 2 * mark, 2 * mark))
        if self._probe is not None:
            (qx, qy), half = to_px(self._probe[0], pixel, corner), self._probe[1] / 2 + 2
            taken.append((qx - half, qy - half, 2 * half, 2 * half))
        tail = np.column_stack([(self._tail[:, 0] - corner[0]) / pixel[0],
                                (corner[1] - self._tail[:, 1]) / pixel[1]])   # as to_px
        spots = {}
        for kind in ("step", "momentum", "grad"):   # the step's label matters most
            if kind not in arrows:
                continue
            pairs, size = arrows[kind], self.item.label_size(kind)
            clear = free = first = None   # of everything; of labels only; any
            for centre in label_spots(pairs, size, pixel, 10.0 * style.font_scale):
                centre = self._inside(centre, size, pixel)
                rect = label_rect(centre, size, pixel, corner)
                first = first or centre
                if any(overlap(rect, other) for other in taken):
                    continue
                free = free or centre
                if not covers(rect, tail):
                    clear = centre
                    break
            chosen = clear or free or first
            taken.append(label_rect(chosen, size, pixel, corner))
            spots[kind] = chosen
        return spots

    def _inside(self, centre, size, pixel) -> tuple[float, float]:
        """A label's ``centre`` moved just enough for all of it (``size`` in pixels) to stay
        inside the plot: past an arrow's tip near the edge it would otherwise be cut off."""
        (x0, x1), (y0, y1) = self._view_box.viewRange()
        out = []
        for value, lo, hi, half in ((centre[0], x0, x1, size[0] / 2 * abs(pixel[0])),
                                    (centre[1], y0, y1, size[1] / 2 * abs(pixel[1]))):
            lo, hi = min(lo, hi) + half, max(lo, hi) - half
            out.append(min(max(value, lo), hi) if lo <= hi else value)
        return out[0], out[1]
