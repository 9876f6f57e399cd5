"""The shape of a landscape's plot box: equal axis scale ("round is round") without showing
anything the landscape did not sample.

pyqtgraph's own aspect lock keeps a unit of x as long as a unit of y by showing more of the
plane on one side, where nothing was sampled: a grey band beside the heatmap. Here the box
itself takes the shape of the domain instead. A box narrower than its room gets margins on
the left and right (the figure, plot with axes and colour bar, centred in its panel); a box
lower than its room makes the graphics lower, and what is left goes half above the title and
half under the readout, so that the title, the plot and the readout stay together, centred
(all of it under the readout left a band of empty height there: three panels at 1280x720 in
presentation mode, 180 px). The whole domain fills the box and
pixels per unit agree in x and y while the view shows the domain; zooming with the wheel
scales both axes alike and panning scales neither, so the scale stays equal (a right-button
drag stretches one axis; Ctrl+0 resets). Every box shown takes the room of the smallest
(``share_with``), so boxes in a row have one size and line up.

pyqtgraph's aspect lock is not used: with linked views it widened their ranges each time a
box changed shape on the way to its final one (seen live under a window manager: the domain
filled two thirds of the plot, grey all around).

A domain more than ``MAX_STRETCH`` times as long as it is wide (say (-8, 8) x (-1, 1)) would
become a thin strip: it is drawn at that ratio, and the scale is then not equal
(``PlotShape.equal`` says so).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, QTimer

QWIDGETSIZE_MAX = (1 << 24) - 1   # Qt's "no maximum" for a widget's size

MAX_STRETCH = 3.0
"""With equal scale, the longest side of a plot box at most this many times its shortest."""
SQUEEZED = 24
"""A box side (px) under which the layout is taken not to be laid out yet (no shape then)."""


def box_extra(avail_w: float, avail_h: float, aspect: float) -> tuple[float, float]:
    """(extra width, extra height) in pixels to leave around a box of ``avail_w`` x ``avail_h``
    so that what remains has width / height = ``aspect``: one of the two is 0."""
    if avail_w <= 0 or avail_h <= 0:
        return 0.0, 0.0
    if avail_w / avail_h > aspect:
        return avail_w - avail_h * aspect, 0.0
    return 0.0, avail_h - avail_w / aspect


def box_aspect(domain) -> tuple[float, bool]:
    """(width / height of the box for ``domain`` = ((x0, x1), (y0, y1)), whether that is the
    domain's own: False when it was held to ``MAX_STRETCH``)."""
    (x0, x1), (y0, y1) = domain
    width, height = abs(x1 - x0), abs(y1 - y0)
    if width <= 0 or height <= 0:
        return 1.0, False
    aspect = width / height
    held = min(max(aspect, 1 / MAX_STRETCH), MAX_STRETCH)
    return held, held == aspect


class PlotShape:
    """Keeps the box of ``plot`` (a pyqtgraph PlotItem, the one item of ``graphics``, a
    GraphicsLayoutWidget whose layout has ``margins`` (left, top, right, bottom) of its own)
    in the shape of the domain: ``set_domain``, ``set_equal``. ``space()`` says the (width,
    height) the graphics may take in its panel: a box narrower than its room gets margins on
    the left and right, centring the figure; a box lower than its room makes the graphics
    lower, so that the panel's title, plot and readout stay together (the panel's layout puts
    what is left half above and half below them). Refits whenever the box is resized; the panel calls ``refit``
    when it is resized."""

    def __init__(self, graphics, plot, margins, space):
        self.graphics, self.plot, self.space = graphics, plot, space
        self.view_box, self.layout = plot.getViewBox(), graphics.ci.layout
        self.margins = tuple(margins)
        self.domain = None
        self.wanted = True     # the display option "equal axis scale"
        self.equal = False     # whether the scale is equal now (wanted, and not held)
        self._extra = (0.0, 0.0)
        self._pending = False
        self._peers = lambda: [self]
        self._room = None   # the common room last fitted to
        self.changed = lambda: None   # called when the margins left around the box change
        self.view_box.sigResized.connect(self.refit)

    def set_domain(self, domain) -> None:
        """The landscape's ((x0, x1), (y0, y1)); the box takes its shape."""
        self.domain = domain
        self.refit()

    def set_equal(self, on: bool) -> None:
        """Equal axis scale (True) or the plot filling its panel, stretched (False)."""
        self.wanted = bool(on)
        self._fit()

    def share_with(self, peers) -> None:
        """``peers()``: the shapes of the panels shown beside this one (this one included);
        every box then takes the room of the smallest, so that boxes in a row have one size
        and their axes and readouts line up (a title a few pixels taller, or an axis a few
        wider, made one box of four smaller and lower)."""
        self._peers = peers

    def own_room(self) -> tuple[float, float]:
        """(width, height) this box has when nothing is taken for its shape: the space less
        the base margins and what the plot puts around its box (axes, colour bar), as the
        last layout measured it."""
        plot, box = self.plot, self.view_box
        left, top, right, bottom = self.margins
        width, height = self.space()
        return (width - left - right - (plot.width() - box.width()),
                height - top - bottom - (plot.height() - box.height()))

    def unused_height(self) -> float:
        """Pixels of height the box of equal scale leaves unused in its panel (0 when the box
        takes the panel's whole height: its width then has the margins)."""
        return self._extra[1]

    def room(self) -> tuple[float, float]:
        """The room of the smallest of the peers laid out (``share_with``), or this one's."""
        rooms = [peer.own_room() for peer in self._peers() if peer.laid_out()] \
            or [self.own_room()]
        return min(w for w, _ in rooms), min(h for _, h in rooms)

    def laid_out(self) -> bool:
        return min(self.view_box.width(), self.view_box.height()) >= SQUEEZED

    def refit(self, *args) -> None:
        """Fit the box to the room it has now, once the layout pass that called this is over
        (margins changed inside it were lost: a row of boxes kept their old size); the layout
        then resizes the box, which calls this again and finds it right."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.view_box, self._fit)

    def _fit(self) -> None:
        """Set the margins and the graphics' height for the room there is."""
        self._pending = False
        room = self.room()
        own_w, own_h = self.own_room()
        aspect, own = box_aspect(self.domain) if self.domain is not None else (1.0, False)
        equal = self.laid_out() and self.wanted and self.domain is not None
        if equal:   # the box of the common room's shape and size, in this one's room
            ex, ey = box_extra(*room, aspect)
            extra = (own_w - (room[0] - ex), own_h - (room[1] - ey))
        self._set_extra(extra if equal else (0.0, 0.0))
        self.equal = equal and own
        if room != self._room:   # the others take the new common room too
            self._room = room
            for peer in self._peers():
                if peer is not self:
                    peer.refit()

    def _set_extra(self, extra) -> None:
        if abs(extra[0] - self._extra[0]) < 0.5 and abs(extra[1] - self._extra[1]) < 0.5:
            return
        self._extra = extra
        left, top, right, bottom = self.margins
        ex, ey = extra
        self.layout.setContentsMargins(left + ex / 2, top, right + ex - ex / 2, bottom)
        graphics = self.graphics
        graphics.setMaximumHeight(int(self.space()[1] - ey) if ey > 0 else QWIDGETSIZE_MAX)
        # The margins count in the layout's minimum size: a graphics that shrank while they
        # were large left its central item that large (Qt keeps a widget at its minimum
        # size); give it the graphics' size again now that they allow it.
        size = graphics.size()
        graphics.ci.setGeometry(QRectF(0, 0, size.width(), size.height()))
        self.changed()


class SameRangeBox(pg.ViewBox):
    """A ViewBox whose linked boxes show the same ranges as it does.

    pyqtgraph "lines up" linked boxes that overlap on screen by a third or more (in a column
    of panels, in x): same units per pixel, offset by their distance in pixels. Boxes of
    equal scale can differ in place and size for a moment while the window is laid out
    (leaving presentation mode, a panel added), and the range taken then stayed: a panel of
    four showed x from -1.5 to 1.2 beside three from -2.5 to 2.5.
    """

    def linkedViewChanged(self, view, axis):  # noqa: N802 (pyqtgraph's name)
        if self.linksBlocked or view is None:
            return
        low, high = view.viewRange()[axis]
        view.blockLink(True)
        try:
            self.enableAutoRange(axis, False)
            if axis == pg.ViewBox.XAxis:
                self.setXRange(low, high, padding=0)
            else:
                self.setYRange(low, high, padding=0)
        finally:
            view.blockLink(False)
