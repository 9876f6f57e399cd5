"""One landscape panel: heatmap of f with a colour bar, contours, the -grad f field, minima, the
start point, an optimizer's path so far and its current point; a title and status above the plot
and a readout of the current step below it.

Every plot item is created once in ``__init__``; the setters only call ``setData``/``setImage``,
so the animation costs one repaint per frame. The widget computes nothing: its presenter hands
it arrays from ``gradviz.engine.field`` and trajectories.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtWidgets import QGraphicsItem, QSizePolicy, QVBoxLayout, QWidget

from gradviz.engine.field import sample_rect
from gradviz.engine.number_text import round_to_resolution
from gradviz.gui import theme
from gradviz.gui.views.canvas_legend import CanvasLegend
from gradviz.gui.views.compact_axes import CompactAxes
from gradviz.gui.views.landscape_items import LandscapeItems, minima_xy
from gradviz.gui.views.legend_keeper import LegendKeeper
from gradviz.gui.views.path_cut import finite_prefix, until_it_leaves
from gradviz.gui.views.path_layers import OverlayLegend, PathLayer, sync_layers
from gradviz.gui.views.pixels import SharpGraphics
from gradviz.gui.views.idea_items import IdeaItems
from gradviz.gui.views.plot_parts import legend_under
from gradviz.gui.views.plot_shape import PlotShape, SameRangeBox
from gradviz.gui.views.point_arrows import PointArrows
from gradviz.gui.views import probe_items
from gradviz.gui.views.probe_items import ProbeItems
from gradviz.gui.views.readout import PanelHeader, ReadoutBar


class LandscapeView(QWidget):
    """A landscape panel. Emits ``start_requested(x, y)`` (data coordinates) on a left click
    (press and release without a drag) inside the plot; dragging pans, the wheel zooms.

    Also: ``probe_moved(x, y)`` while the probe crosshair is dragged, ``hovered(x, y)`` and
    ``hover_left()`` for the mouse over the plot, ``close_requested()`` from the header's
    close button. Attributes ``arrows`` (PointArrows) and ``probe`` (ProbeItems) hold the
    items at the current point and the probe.
    """

    start_requested = Signal(float, float)
    probe_moved = Signal(float, float)
    hovered = Signal(float, float)
    hover_left = Signal()
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.header = PanelHeader(self)
        self.graphics = SharpGraphics(self)   # redraws its pixel caches at a new ratio
        self.plot: pg.PlotItem = self.graphics.addPlot(row=0, col=0, enableMenu=False,
                                                       viewBox=SameRangeBox(enableMenu=False))
        self.view_box: pg.ViewBox = self.plot.getViewBox()
        self.readout = ReadoutBar(self)
        self.items = LandscapeItems(self.plot)
        self.axes = CompactAxes(self.plot, self.items.colorbar)
        self.arrows = PointArrows(self.plot)
        self.ideas = IdeaItems(self.plot)   # flow, trial steps, curvature axes, houses' pulls
        self.probe = ProbeItems(self.plot, self.graphics.scene())
        self.legend = OverlayLegend(self.plot)
        self.layers: list[PathLayer] = []   # other panels' paths, in overlay mode
        self._color = theme.PANEL_COLORS[0]
        self._diverged = False
        self._start: tuple[float, float] | None = None
        self._minima_xy = np.empty((0, 2))   # the known minima shown, (k, 2)
        self._domain = None   # ((xmin, xmax), (ymin, ymax)) of the landscape shown
        self._path_length, self._path_start = 0, None   # of the path shown (set_path)
        self._setup_plot()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addStretch(0)   # what a plot of equal scale leaves (plot_shape.py), half ...
        layout.addWidget(self.header)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.readout)
        layout.addStretch(0)   # ... and half here: the figure centred, not a hole under it
        for part in (self.header, self.readout):   # the stretches take it, not the text
            part.setSizePolicy(part.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Fixed)
        self._names = ("x", "y", "f")
        self.marks = LegendKeeper(self)   # the legend of the marks and arrows, on the canvas
        self.graphics.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.graphics.viewport().installEventFilter(self)
        self.header.installEventFilter(self)
        self.readout.installEventFilter(self)
        self.probe.probe_moved.connect(self.probe_moved)
        self.probe.placed.connect(self._avoid_probe)
        self._avoid_probe()
        self.probe.hovered.connect(self.hovered)
        self.probe.hover_left.connect(self.hover_left)
        self.header.close_requested.connect(self.close_requested)
        self.apply_style(theme.current())
        self.set_color(self._color)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        short = self.is_short()
        self.readout.refit(short)
        self.axes.set_compact(short)
        self.shape.refit()

    def is_short(self) -> bool:
        """Whether the panel is wider than tall: then the plot's height is what limits it
        (four panels at 1280 x 720, two at 1280 x 720 beside the docks), and the readout
        takes one line and the axes less room (``CompactAxes``)."""
        return self.height() < self.width()

    def _graphics_space(self) -> tuple[int, int]:
        """(width, height) the graphics may take: the panel less its title and readout (of
        fixed heights) and the spacing between the three (none before the stretch under
        them). Not the graphics' height plus what is under the readout: a maximum height
        resizes the graphics at once, the readout only when the layout next runs."""
        spacing = self.layout().spacing()
        return (self.graphics.width(),
                self.height() - self.header.height() - self.readout.height() - 2 * spacing)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Leave:
            self.probe.leave()
        elif event.type() == QEvent.Type.Resize and watched in (self.header, self.readout):
            self.shape.refit()   # a readout of fewer rows, a note: the plot's room changed
        return False

    def _setup_plot(self) -> None:
        self.plot.setMenuEnabled(False)   # pyqtgraph's menu offers options that fight the app's
        self.plot.hideButtons()           # the "A" button would auto-range onto a diverged path
        self.plot.disableAutoRange()
        for name in ("left", "bottom"):
            # Kept as a pixmap: an axis next to a repainted area is blitted, not its tick
            # labels drawn again (~0.3 ms an axis, several times an edit or a frame).
            self.plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # room above the plot for the top tick label, which would otherwise be cut in half;
        # the box's shape (equal scale) adds to these margins
        margins = (2, 10, 6, 2)
        self.graphics.ci.layout.setContentsMargins(*margins)
        self.shape = PlotShape(self.graphics, self.plot, margins, self._graphics_space)

    # --- appearance ----------------------------------------------------------------------

    def apply_style(self, style) -> None:
        """Restyle everything drawn here for ``style`` (a ``theme.Style``: theme, presentation
        sizes): background, axes, pens, markers, arrows. Nothing is recomputed; the path is
        redrawn from the points it has."""
        self.graphics.setBackground(style.background)
        self.view_box.setBackgroundColor(style.undefined_color)  # shows through NaN pixels
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(style.foreground))
            axis.setTextPen(pg.mkPen(style.foreground))
        # the names set_axis_names gave (w and b in the regression mode), not x and y
        self.plot.getAxis("left").setLabel(self._names[1], **{
            "font-size": f"{style.pt(theme.LABEL_PT):g}pt", "color": style.foreground})
        self.items.apply_style(style)
        self.axes.apply_style(style, self._names[0])   # tick fonts, x name, colour bar
        self.items.set_path_color(self._color, self._diverged)
        self.arrows.apply_style(style)
        self.probe.apply_style(style)
        self.legend.apply_style(style)
        for layer in self.layers:
            layer.apply_style()
        self.header.apply_style(style)
        self.readout.apply_style(style)
        self.marks.legend.apply_style(style)
        self.marks.refresh()

    def set_legend_visible(self, on: bool) -> None:
        """The display option "legend": the marks and arrows explained in a corner of the
        plot (the corner that hides least, see views/canvas_legend.py)."""
        self.marks.legend.set_wanted(on)
        self.marks.refresh()

    def legend_texts(self) -> list[str]:
        """The rows of the canvas legend shown ([] when hidden)."""
        return self.marks.legend.texts()

    def path_color(self):
        """The panel's colour (``set_color``)."""
        return self._color

    def readout_names(self) -> tuple[str, str, str]:
        """(x, y, f): the names ``set_axis_names`` gave."""
        return self._names

    def set_title(self, text: str, forms=None) -> None:
        """The optimizer and its learning rate ("Gradient descent, lr 0.02", see
        ``engine.names.panel_title``) on a chip in the panel's colour, never elided: a shorter
        spelling from ``forms`` (default ``engine.names.title_forms(text)``) when it does not
        fit, then smaller type."""
        if text != self.header.title_text():
            self.header.set_title(text, forms)
            self.marks.new_optimizer()
        else:
            self.header.set_title(text, forms)

    def set_axis_names(self, names) -> None:
        """``(x, y, f)``: the axes' titles and the readout's names, ("w", "b", "L") for a
        regression loss."""
        x, y, f = names
        self._names = (x, y, f)
        if self.plot.getAxis("left").labelText != y or self.axes.end_name.text() != x:
            style = theme.current()
            self.plot.getAxis("left").setLabel(y, **{
                "font-size": f"{style.pt(theme.LABEL_PT):g}pt", "color": style.foreground})
            self.axes.apply_style(style, x)
        self.readout.set_names(x, y, f)
        self.arrows.set_label("grad", f"\u2207{f}")
        self.probe.arrow.set_label("grad", f"\u2207{f}")
        self.probe.target.setToolTip(f"The gradient probe: drag it. The slices view shows {f} "
                                     "along both lines through it.")

    def set_color(self, color) -> None:
        """The panel's colour (anything ``pg.mkColor`` takes): title chip, path, current point."""
        self._color = color
        self.header.set_color(pg.mkColor(color))
        self.items.set_path_color(color, self._diverged)
        self.marks.refresh()

    # --- the landscape -------------------------------------------------------------------

    def set_landscape(self, xs, ys, image, contour_xy, minima, colorbar_label: str,
                      colorbar_tip: str = "", colorbar_ticks=None) -> None:
        """Show a new landscape.

        xs (nx,), ys (ny,): sample positions, edges of the domain included; image (ny, nx):
        display values (``field.display_values``), row i at y = ys[i], NaN drawn as undefined;
        contour_xy (M, 2) with NaN rows between lines, or None; minima: (x, y) pairs or
        objects with ``.x``, ``.y`` and optionally ``.kind`` ("global"/"local");
        colorbar_label: what the colours mean, e.g. "f" or "f, log scale"; colorbar_tip: the
        exact mapping, in the bar's tooltip; colorbar_ticks: (position, text) pairs that label
        a log scale in f (``Landscape.colorbar_ticks``), None or empty for plain ticks.
        """
        xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        image = np.asarray(image, dtype=float)
        if image.shape != (len(ys), len(xs)):
            raise ValueError(f"image shape {image.shape} != (len(ys), len(xs)) = "
                             f"{(len(ys), len(xs))}")
        self.items.set_image(image, sample_rect(xs, ys), colorbar_label, colorbar_tip,
                             colorbar_ticks)
        self._domain = ((float(xs[0]), float(xs[-1])), (float(ys[0]), float(ys[-1])))
        self.shape.set_domain(self._domain)
        contour_xy = np.empty((0, 2)) if contour_xy is None else np.asarray(contour_xy, float)
        self.items.contours.setData(contour_xy[:, 0], contour_xy[:, 1])
        mx, my, kinds = minima_xy(minima)
        self.items.set_minima(mx, my, kinds)
        self._minima_xy = np.column_stack([mx, my]).reshape(-1, 2)
        self._avoid_marks()
        self.marks.refresh()

    def set_arrows(self, ax, ay) -> None:
        """The -grad f field: flat arrays of segment end points (``field.arrow_segments``)."""
        self.items.arrows.setData(np.asarray(ax, dtype=float), np.asarray(ay, dtype=float))

    def set_equal_scale(self, on: bool) -> None:
        """The display option "equal axis scale": a unit of x as long as a unit of y on
        screen (x^2 + y^2 draws circles), the plot box in the domain's shape (plot_shape.py);
        off: the plot fills its panel."""
        self.shape.set_equal(on)

    def set_layers_visible(self, *, contours: bool | None = None, arrows: bool | None = None,
                           minima: bool | None = None) -> None:
        """Show or hide overlay layers; None leaves a layer as it is."""
        for item, visible in ((self.items.contours, contours), (self.items.arrows, arrows),
                              (self.items.minima, minima)):
            if visible is not None:
                item.setVisible(bool(visible))
        self.marks.refresh()

    # --- the run -------------------------------------------------------------------------

    def set_start(self, x: float, y: float) -> None:
        """Move the hollow start marker to (x, y)."""
        xy = (float(x), float(y))
        if xy != self._start:   # called every frame: keep the marker's cached pixmap
            self._start = xy
            self.items.start.setData([xy[0]], [xy[1]])
            self._avoid_marks()
            self.marks.place()

    def _avoid_marks(self) -> None:
        """The arrows' labels keep off the start and the minima."""
        start = np.array([self._start]) if self._start is not None else np.empty((0, 2))
        self.arrows.avoid_marks(np.vstack([start, self._minima_xy]))

    def _avoid_probe(self) -> None:
        """The arrows' labels keep off the probe's crosshair too, while it shows."""
        self.arrows.avoid_probe(self.probe.shown_at(), probe_items.SIZE_PX)

    def set_path(self, points, diverged: bool = False) -> None:
        """The path so far, points (k+1, 2); the last finite point is the current point.

        Rows from the first inf/NaN on are not drawn, nor a path's bounces back and forth
        across the landscape once it has left it for good (``path_cut.until_it_leaves``).
        diverged: the current point becomes a warning cross in place of the panel-coloured dot.
        """
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        pts = finite_prefix(pts)
        if bool(diverged) != self._diverged:
            self._diverged = bool(diverged)
            self.items.set_path_color(self._color, self._diverged)
        replaced = len(pts) < self._path_length or (
            len(pts) and self._path_start != tuple(pts[0].tolist()))
        self._path_length = len(pts)
        self._path_start = tuple(pts[0].tolist()) if len(pts) else None
        self.items.path.set_points(until_it_leaves(pts, self._domain))
        current = pts[-1].tolist() if len(pts) else (None, None)
        self.items.current.set_point(*current)
        self.items.edge.set_target(*current)
        self.arrows.avoid_path(pts)
        if replaced:   # another run: the legend's corner is chosen afresh
            self.marks.place()
        else:
            self.marks.follow(pts[-4:])

    def set_point_vectors(self, origin, grad=None, step=None, momentum=None) -> None:
        """Arrows at ``origin``: gradient, step, momentum (data-coordinate vectors or None)."""
        self.arrows.set_vectors(origin, grad, step, momentum)
        self.marks.saw_vectors(momentum)

    def set_overlay(self, entries) -> None:
        """Overlay mode: ``entries`` (color, legend text) for every panel, this view's own
        first; its path layers for the others are created here. Empty: back to one path."""
        sync_layers(self.layers, self.plot, [color for color, _ in entries[1:]])
        self.legend.set_entries(list(entries) if len(entries) > 1 else [])
        self.marks.set_overlay(len(entries) > 1)

    def set_layer_path(self, index: int, points, diverged: bool = False) -> None:
        """The path of overlay layer ``index`` (0 is this view's own path)."""
        if index == 0:
            self.set_path(points, diverged)
            return
        pts = finite_prefix(np.asarray(points, dtype=float).reshape(-1, 2))
        self.layers[index - 1].set_points(until_it_leaves(pts, self._domain), diverged,
                                          current=pts[-1] if len(pts) else None)

    def set_readout(self, step: int, x: float, y: float, f: float, grad_norm: float,
                    lr: float | None = None) -> None:
        """The numbers under the plot: step k, x, y, f and |grad f| at the current point, and
        with a schedule the lr of the update leaving it."""
        self.readout.set_values(step, x, y, f, grad_norm, lr)

    def set_note(self, text: str, tip: str = "") -> None:
        """A line under the title: lr schedule, gradient noise, tuned lr ("" for none); ``tip``
        the same in full, as its tooltip."""
        self.header.set_note(text, tip)

    def set_status(self, kind: str, text: str = "", short: str = "") -> None:
        """kind: one of ``engine.run_status.KINDS`` ("paused", "running", "converged",
        "diverging", "leaving", "diverged", "finished"); text e.g. "diverged at step 17",
        short e.g. "diverged" (``Run.full_status(k, playing)`` gives all three)."""
        self.header.set_status(kind, text, short)

    # --- the view ------------------------------------------------------------------------

    def link_view(self, other: "LandscapeView") -> None:
        """Share x and y ranges with ``other``: panning or zooming either moves both."""
        self.plot.setXLink(other.plot)
        self.plot.setYLink(other.plot)

    def unlink_view(self) -> None:
        """Stop sharing ranges. Called before this view goes (closed, or its panel removed): a
        view box linked to one being destroyed calls into it from its resize handler, which
        crashed Python 3.13 (a segmentation fault in pyqtgraph's updateMatrix, seen on Debian
        13 in the test suite)."""
        self.plot.setXLink(None)
        self.plot.setYLink(None)

    def closeEvent(self, event) -> None:
        self.unlink_view()
        super().closeEvent(event)

    def set_view_range(self, domain) -> None:
        """Show exactly ``domain`` = ((xmin, xmax), (ymin, ymax)), no padding."""
        (x0, x1), (y0, y1) = domain
        self.plot.setRange(xRange=(float(x0), float(x1)), yRange=(float(y0), float(y1)),
                           padding=0)

    def view_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The visible ((xmin, xmax), (ymin, ymax)) in data coordinates."""
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        return (x0, x1), (y0, y1)

    def _on_scene_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        pos = event.scenePos()
        if not self.view_box.sceneBoundingRect().contains(pos):
            return  # axes, colour bar, margins
        if legend_under(self.plot.scene(), pos, (pg.LegendItem, CanvasLegend)):
            return  # a legend names what is drawn; the start it covers is not what was meant
        p: QPointF = self.view_box.mapSceneToView(pos)
        # to the decimal place of a pixel: what the click can tell, and short in the fields
        px, py = self.view_box.viewPixelSize()
        self.start_requested.emit(round_to_resolution(p.x(), px),
                                  round_to_resolution(p.y(), py))
