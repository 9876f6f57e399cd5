"""Keeps the canvas legend of a ``LandscapeView`` true to what the view shows: its rows follow
the marks and arrows that are on, its corner follows the path and the marks, and the arrows'
labels keep clear of it."""

from __future__ import annotations

import numpy as np

from gradviz.gui.views.canvas_legend import CanvasLegend, to_pixels


class LegendKeeper:
    """Keeps a ``CanvasLegend`` on a ``LandscapeView`` true to what the view shows: its rows
    follow the marks and arrows that are on, its corner follows the path and the marks.
    The view calls ``refresh()`` after a change of what it shows and ``follow(point)`` with
    each new current point (re-placed only when that point walks under the legend)."""

    def __init__(self, view):
        self.view = view
        self.legend = CanvasLegend(view.view_box)
        self.legend.hide()
        self._momentum_seen = False
        self._overlay = False
        view.view_box.sigRangeChanged.connect(self.place)
        view.view_box.sigResized.connect(self.place)
        view.probe.target.visibleChanged.connect(self.refresh)
        view.probe.target.sigPositionChanged.connect(self.place)   # clear of it and its arrow
        label = view.ideas.axis_label   # and of the curvature's numbers (H)
        label.visibleChanged.connect(self.place)
        for signal in (label.xChanged, label.yChanged):   # it follows the point: each frame
            signal.connect(self._on_label_moved)

    def entries(self) -> list[str]:
        v = self.view
        kinds = ["current", "start"]
        if v.items.minima.isVisible() and len(v.items.minima.getData()[0]):
            kinds.append("minimum")
        if v.probe.target.isVisible():
            kinds.append("probe")
        if v.arrows.enabled("grad") or v.probe.target.isVisible():   # the probe's ∇f too
            kinds.append("grad")
        if v.items.arrows.isVisible():
            kinds.append("field")
        if v.arrows.enabled("step"):
            kinds.append("step")
        if v.arrows.enabled("momentum") and self._momentum_seen:
            kinds.append("momentum")
        return kinds

    def saw_vectors(self, momentum) -> None:
        """The arrows at the current point were set: a momentum there adds its row."""
        if momentum is not None and not self._momentum_seen:
            self._momentum_seen = True
            self.refresh()

    def new_optimizer(self) -> None:
        self._momentum_seen = False
        self.refresh()

    def set_overlay(self, on: bool) -> None:
        self._overlay = bool(on)   # the overlay's own legend takes the top-right corner
        self.place()

    def refresh(self, *args) -> None:
        v = self.view
        self.legend.set_entries(self.entries(), v.path_color(), v.readout_names()[2])
        self.place()

    def place(self, *args) -> None:
        v = self.view
        # every path on the view: the overlay's other panels' too
        points = [np.reshape(path.points(), (-1, 2))
                  for path in [v.items.path] + [layer.path for layer in v.layers]]
        marks = [np.empty((0, 2))]
        for item in (v.items.start, v.items.minima, v.items.current):
            x, y = item.getData()
            if len(x):
                marks.append(np.column_stack([x, y]))
        if v.probe.target.isVisible():
            marks.append(np.array([v.probe.probe_position()]))
            marks.append(v.probe.arrow_ends())
        label = v.ideas.axis_label   # the curvature's numbers (H): a box the legend keeps off
        if label.isVisible():
            box = v.view_box.mapSceneToView(label.sceneBoundingRect()).boundingRect()
            marks.append(np.array([[box.left(), box.top()], [box.right(), box.top()],
                                   [box.left(), box.bottom()], [box.right(), box.bottom()],
                                   [box.center().x(), box.center().y()]]))
        rect = v.view_box.boundingRect()
        taken = ("top-right",) if self._overlay else ()
        self.legend.place(to_pixels(v.view_box, np.vstack(points)),
                          (rect.width(), rect.height()), taken,
                          to_pixels(v.view_box, np.vstack(marks)))
        shown = self.legend.isVisibleTo(v.view_box)   # wanted, and it fits
        v.arrows.keep_clear([(self.legend.pos().x(), self.legend.pos().y(),
                              *self.legend.size())] if shown else [])

    def _on_label_moved(self, *args) -> None:
        """The curvature's numbers moved (with the current point, every frame while H is on):
        re-place the legend only when they now meet it."""
        label = self.view.ideas.axis_label
        if not (self.legend.isVisible() and label.isVisible()):
            return
        box = self.view.view_box.mapRectFromScene(label.sceneBoundingRect())   # its pixels
        if self._meets(np.array([[box.left(), box.top()]]),
                       np.array([[box.right(), box.bottom()]])):
            self.place()

    def _meets(self, low, high, margin: float = 6.0) -> bool:
        """One of the boxes from ``low`` to ``high`` ((n, 2) pixels of the plot, y down; a
        point is a box from itself to itself) meets the legend grown by ``margin``."""
        x, y = self.legend.pos().x(), self.legend.pos().y()
        w, h = self.legend.size()
        return bool(np.any((low[:, 0] <= x + w + margin) & (high[:, 0] >= x - margin)
                           & (low[:, 1] <= y + h + margin) & (high[:, 1] >= y - margin)))

    def follow(self, points) -> None:
        """Re-place the legend if the newest part of the path, ``points`` (k, 2) in data
        (the last few rows), passes under it."""
        if not self.legend.isVisible() or points is None or len(points) == 0:
            return
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        if len(pts) > 1:   # along each segment too: a long step can jump over the corner
            t = np.linspace(0.0, 1.0, 12)[:, None]
            pts = np.vstack([a + t * (b - a) for a, b in zip(pts[:-1], pts[1:])])
        pix = to_pixels(self.view.view_box, pts)
        if self._meets(pix, pix):
            self.place()
