"""The gradient probe on a landscape: a draggable crosshair with its ∇f arrow (the gradient at
the probe: the way f rises fastest there), and a box of numbers in the plot's corner that shows
f, its partial derivatives and |grad f| under the mouse.

The numbers come from the presenter (``state.queries``, the engine's numbers); this module only
places items and reports where the mouse and the probe are.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Signal

from gradviz.engine.names import FUNCTION, Names
from gradviz.gui import theme
from gradviz.gui.views.point_arrows import PointArrows
from gradviz.gui.views.readout import format_number

Z_PROBE = -1.5
BOX_MARGIN = 8
SIZE_PX = 22   # the crosshair's width and height


def probe_html(p, title: str, names: Names = FUNCTION) -> str:
    """A small table: title, then f, df/dx, df/dy, |grad f| of an engine ``Probe``, named as
    ``names`` says (L, dL/dw, dL/db, |grad L| in the regression mode)."""
    n = Names(*names)
    rows = ((n.f, p.f), (n.partial(n.x), p.dfdx), (n.partial(n.y), p.dfdy),
            (n.grad_norm, p.grad_norm))
    cells = "".join(f"<tr><td>{name}&nbsp;</td><td align='right'>{format_number(v)}</td></tr>"
                    for name, v in rows)
    size = theme.current().pt(theme.READOUT_PT - 1)
    return (f"<div style='font-size:{size:g}pt'><b>{title}</b> "
            f"({format_number(p.x)}, {format_number(p.y)})<table>{cells}</table></div>")


class ProbeItems(QObject):
    """Owns the probe crosshair and the readout box of one landscape plot.

    Signals: ``probe_moved(x, y)`` while the crosshair is dragged (data coordinates),
    ``hovered(x, y)`` as the mouse moves over the plot area, ``hover_left()`` when it leaves;
    ``placed()`` whenever the crosshair moves or is shown or hidden.
    """

    probe_moved = Signal(float, float)
    hovered = Signal(float, float)
    hover_left = Signal()
    placed = Signal()   # the crosshair moved (by a drag or ``set_probe``), shown or hidden

    def __init__(self, plot: pg.PlotItem, scene):
        super().__init__()
        self._view_box = plot.getViewBox()
        self.target = pg.TargetItem(pos=(0, 0), size=SIZE_PX, symbol="crosshair", movable=True,
                                    pen=pg.mkPen(theme.PROBE_COLOR, width=2.5),
                                    hoverPen=pg.mkPen(theme.POINT_ARROW_COLORS["momentum"],
                                                      width=3))
        self.target.setZValue(Z_PROBE)
        self.target.setToolTip("The gradient probe: drag it. The slices view shows f "
                               "along both lines through it.")
        plot.addItem(self.target, ignoreBounds=True)
        self.target.sigPositionChanged.connect(self._on_target_moved)
        # the ∇f arrow at the probe, drawn as the one at a run's point (only its gradient kind)
        self.arrow = PointArrows(plot)
        self.arrow.set_enabled(step=False, momentum=False)
        self._grad = None
        self._visible = True
        self.box = pg.TextItem(anchor=(0, 0))
        self.box.setParentItem(self._view_box)   # pixel coordinates: stays in the corner
        self.box.setPos(BOX_MARGIN, BOX_MARGIN)
        self.box.setZValue(100)
        self.box.hide()
        self._hovering = False
        self._quiet = False
        scene.sigMouseMoved.connect(self._on_scene_mouse_moved)
        self.apply_style(theme.current())

    def apply_style(self, style) -> None:
        """The readout box's colours in ``style``; the crosshair stays white (on the heatmap)."""
        self.box.setColor(style.foreground)
        self.box.fill = pg.mkBrush(style.box_fill)
        self.box.border = pg.mkPen(style.muted_text)
        self.box.update()
        self.arrow.apply_style(style)

    def set_probe(self, x: float, y: float) -> None:
        """Move the crosshair and its arrow without emitting ``probe_moved`` (the arrow
        first: the legend, placed as the crosshair moves, keeps clear of both)."""
        self._show_arrow((float(x), float(y)))
        self._quiet = True
        try:
            self.target.setPos(QPointF(float(x), float(y)))
        finally:
            self._quiet = False

    def set_gradient(self, grad) -> None:
        """The gradient (∂f/∂x, ∂f/∂y) at the probe, drawn as its arrow while the probe shows;
        None draws none (no function yet, or f undefined there)."""
        self._grad = None if grad is None else (float(grad[0]), float(grad[1]))
        self._show_arrow()

    def _show_arrow(self, at=None) -> None:
        shown = self._visible and self._grad is not None
        at = at or self.probe_position()
        self.arrow.set_vectors(at if shown else None, grad=self._grad)

    def arrow_ends(self):
        """The ∇f arrow's segment ends (k, 2), data, as drawn; empty when it is not."""
        import numpy as np

        return self.arrow.shown().get("grad", np.empty((0, 2)))

    def probe_position(self) -> tuple[float, float]:
        pos = self.target.pos()
        return float(pos.x()), float(pos.y())

    def set_probe_visible(self, visible: bool) -> None:
        visible = bool(visible)
        if visible == self._visible and self.target.isVisible() == visible:
            return
        self._visible = visible
        self.target.setVisible(visible)
        self._show_arrow()
        self.placed.emit()

    def shown_at(self) -> tuple[float, float] | None:
        """Where the crosshair is drawn, or None while it is hidden."""
        return self.probe_position() if self.target.isVisible() else None

    def set_box(self, html: str | None) -> None:
        """Show ``html`` in the corner box, or hide the box (None)."""
        if html is None:
            self.box.hide()
            return
        self.box.setHtml(html)
        self.box.show()

    def box_text(self) -> str:
        return self.box.textItem.toPlainText() if self.box.isVisible() else ""

    def leave(self) -> None:
        """The mouse left the plot (the view's leave event, or a move outside the plot)."""
        if self._hovering:
            self._hovering = False
            self.hover_left.emit()

    def _on_target_moved(self) -> None:
        self.placed.emit()
        if not self._quiet:
            self.probe_moved.emit(*self.probe_position())

    def _on_scene_mouse_moved(self, pos) -> None:
        if not self._view_box.sceneBoundingRect().contains(pos):
            self.leave()
            return
        p = self._view_box.mapSceneToView(pos)
        self._hovering = True
        self.hovered.emit(float(p.x()), float(p.y()))
