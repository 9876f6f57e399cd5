"""The guess of a "predict, then reveal" scene on a landscape: a cross labelled "your guess"
where the person clicked, and once playback reaches the question's step, a ring round the
point the run really reached there, joined to the guess by a dashed line.

It shows what it is given (``show(guess, answer)``) and moves between views with ``attach``
(views come and go with the panels). ``GuessPicture`` draws a caption's guess in a picture
of the scene (``canvas.SceneCanvas``), the ring from the question's step on."""

from __future__ import annotations

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import Qt

from gradviz.gui import theme

GUESS_COLOR = "#FF00CC"   # on no panel's list, and apart from viridis and the point arrows
Z = 40                    # above the paths and markers


class GuessMark:
    def __init__(self):
        style = theme.current()
        size = style.cross_size * 1.4
        self.cross = pg.ScatterPlotItem(symbol="x", size=size, brush=GUESS_COLOR,
                                        pen=pg.mkPen(theme.MARKER_OUTLINE, width=1.5))
        self.ring = pg.ScatterPlotItem(symbol="o", size=size * 1.3, brush=None,
                                       pen=pg.mkPen(GUESS_COLOR, width=3))
        self.line = pg.PlotCurveItem(pen=pg.mkPen(GUESS_COLOR, width=2,
                                                  style=Qt.PenStyle.DashLine))
        self.label = pg.TextItem("your guess", color=GUESS_COLOR, anchor=(0, 1.2))
        self.label.setFont(theme.font(theme.LABEL_PT, bold=True))
        self.items = (self.line, self.ring, self.cross, self.label)
        for item in self.items:
            item.setZValue(Z)
        self.plot = None
        self.show(None, None)

    def attach(self, plot) -> None:
        """Draw on ``plot`` (a view's PlotItem; None: nowhere)."""
        if plot is self.plot:
            return
        if self.plot is not None and shiboken6.isValid(self.plot):
            for item in self.items:
                self.plot.removeItem(item)
        self.plot = plot
        if plot is not None:
            for item in self.items:
                plot.addItem(item, ignoreBounds=True)

    def show(self, guess, answer) -> None:
        """``guess`` (x, y) or None (nothing shown); ``answer`` (x, y) or None (not yet)."""
        for item in self.items:
            item.setVisible(guess is not None)
        if guess is None:
            return
        self.cross.setData([guess[0]], [guess[1]])
        self.label.setPos(*guess)
        shown = answer is not None
        self.ring.setVisible(shown)
        self.line.setVisible(shown)
        if shown:
            self.ring.setData([answer[0]], [answer[1]])
            self.line.setData([guess[0], answer[0]], [guess[1], answer[1]])

    def shown(self) -> tuple:
        """((x, y) of the cross or None, (x, y) of the ring or None), as drawn (tests)."""
        def point(item):
            if not item.isVisible():
                return None
            xs, ys = item.getData()
            return (float(xs[0]), float(ys[0])) if len(xs) else None
        return point(self.cross), point(self.ring)


class GuessPicture:
    """The guess of ``shown`` (a ``state.lesson_view.GuessShown``) on the panel grid ``grid``
    of a picture whose state is ``state``: the cross at every step, the ring and the line
    from ``shown.reveal_step`` on (as in the window)."""

    def __init__(self, state, grid, shown):
        self.state, self.grid, self.shown = state, grid, shown
        self.mark = GuessMark()
        state.changed.connect(self._on_state_changed)
        self._on_state_changed({"step"})

    def _on_state_changed(self, parts) -> None:
        if not parts & {"step", "runs", "panels", "display"}:
            return
        views = self.grid.visible_views()
        if not views:
            return
        shown = self.shown
        view = views[0] if self.grid.overlay else views[min(shown.panel, len(views) - 1)]
        self.mark.attach(view.plot)
        revealed = self.state.step >= shown.reveal_step
        self.mark.show(shown.point, shown.answer if revealed else None)
