"""Where a landscape panel puts its readout: under the plot (the usual), or beside it, a column
of numbers to the right of the colour bar.

A panel wider than tall gives its plot the height, and equal scale then leaves wide margins on
the left and right: four panels at 1280x720 in presentation mode were 625 px wide round a
280 px figure (seen live), while the readout's line under the plot took height from it.
Beside the plot, in that unused width, the readout gives the plot its line. It goes there
when the plot is larger so by more than ``GAIN`` pixels and still as high as the panel lets
it be (limited by the height: never a plot narrowed by the column). One decision for all the
panels shown, made for the smallest, once the layout has settled (``SETTLE_MS``). The numbers
that decide are nearly the same in either arrangement (the axes' width follows their tick
labels); where the window gives the panels other room for it, the readout moves at most
``MAX_MOVES`` times in ``MOVES_WITHIN`` seconds for one window size.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout

from gradviz.gui.views.plot_shape import box_aspect

GAIN = 6
"""Pixels of plot height the readout beside the plot must give for it to go there."""
SHAPED = 2
"""Pixels a box may be off its domain's shape and be taken as laid out (decided only then)."""
SETTLE_MS = 150
"""Wait after the panel's last resize before deciding."""
MIN_PLOT = 40
"""Pixels of plot width the readout's column must leave, or it goes under at once."""
MAX_MOVES, MOVES_WITHIN = 2, 2.0
"""Moves of the readout within that many seconds, for one window size and number of panels,
after which it goes beside the plot no more until they are older (under it always may).
Where it goes may change the room the window gives the panels (their least sizes): moved at
once from inside its own resize events, a 1216x684 window moved it back and forth until the
stack ran out (a crash, seen live); then, with a limit, the dock below kept the height it
lost while the window opened."""


def box_height(room_w: float, room_h: float, aspect: float) -> float:
    """The height of the largest box of width / height ``aspect`` in a room (0 for none)."""
    return max(min(room_w / aspect, room_h), 0.0)


def readout_beside(panel, header, line, column, chrome, spacing, aspect) -> bool:
    """Whether the readout goes beside the plot in a panel of ``panel`` = (width, height):
    ``header`` the title's height, ``line`` the readout's height under the plot, ``column``
    = (width, height) of it beside the plot, ``chrome`` = (width, height) the plot takes
    around its box (axes, colour bar, margins), ``spacing`` the layout's between two parts,
    ``aspect`` the box's width / height."""
    width, height = panel
    chrome_w, chrome_h = chrome
    column_w, column_h = column
    under = box_height(width - chrome_w, height - header - line - 2 * spacing - chrome_h, aspect)
    room_w, room_h = width - column_w - spacing - chrome_w, height - header - spacing - chrome_h
    beside = box_height(room_w, room_h, aspect)
    return (beside - under > GAIN and beside >= room_h - 0.5
            and column_h <= height - header - spacing)


class PanelArrangement:
    """Lays out ``view`` (a LandscapeView: ``header``, ``graphics``, ``readout``, ``shape``):
    the title, then the plot with the readout beside it or under it (``beside``), centred in
    the panel with what equal scale leaves (``plot_shape.py``)."""

    def __init__(self, view):
        self.view = view
        self.beside = False
        self._peers = lambda: [self]
        self._moving = False   # the readout is being moved: its resizes decide nothing
        self._moves: list[float] = []   # when it moved (monotonic), for ``_context``
        self._context = None           # (the window's size, the number of panels shown)
        self._timer = QTimer(view, singleShot=True, interval=SETTLE_MS)
        self._timer.timeout.connect(self.decide)
        layout = self.layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addStretch(0)   # what a plot of equal scale leaves (plot_shape.py), half ...
        layout.addWidget(view.header)
        self.row = QHBoxLayout()   # the plot, and the readout when it is beside
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(layout.spacing())
        self.row.addWidget(view.graphics, 1)
        self.row.addStretch(0)   # with the readout beside, what is left after both: centred
        layout.addLayout(self.row, 1)
        layout.addWidget(view.readout)
        layout.addStretch(0)   # ... and half here: the figure centred, not a hole under it
        for part in (view.header, view.readout):   # the stretches take it, not the text
            part.setSizePolicy(part.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Fixed)

    def graphics_space(self) -> tuple[int, int]:
        """(width, height) the graphics may take: the panel less its title and readout (of
        fixed sizes) and the spacing between them (none before the stretches). Not the
        graphics' height plus what is under the readout: a maximum height resizes the
        graphics at once, the readout only when the layout next runs."""
        view, spacing = self.view, self.layout.spacing()
        if self.beside:
            return (view.width() - view.readout.column_width() - spacing,
                    view.height() - view.header.height() - spacing)
        return (view.graphics.width(),
                view.height() - view.header.height() - view.readout.height() - 2 * spacing)

    def around_under(self) -> tuple[float, float]:
        """(width, height) the panel takes around its plot's box with the readout under the
        plot, whichever way it is now: the panel grid plans its columns with this, so that
        where the readout goes (after the grid's plan) does not change the plan."""
        view = self.view
        chrome_w, chrome_h = view.shape.chrome()
        return chrome_w, (view.header.height() + self._under_height()
                          + 2 * self.layout.spacing() + chrome_h)

    def under_minimum_width(self) -> int:
        """The panel's least width with the readout under the plot."""
        view = self.view
        return max(view.header.minimumSizeHint().width(),
                   view.graphics.minimumSizeHint().width(), view.readout.narrow_width())

    def _under_height(self) -> int:
        readout = self.view.readout
        return readout.line_height() if self.beside else readout.height()

    def share_with(self, peers) -> None:
        """``peers()``: the arrangements of the panels shown beside this one (this one
        included): one decision for all, made for the smallest of them (panels a pixel apart
        in height decided differently, and a row's boxes then took the smaller room)."""
        self._peers = peers

    def update(self, *args) -> None:
        """Decide where the readout goes ``SETTLE_MS`` after the panel's last resize (a window
        is resized several times as it opens: decided on each, the readout went beside in
        a size that lasted a moment, and the dock below kept the room it lost then)."""
        if self._moving:
            return
        if self.beside and not self._column_fits():   # never a readout cut, even for a moment
            for peer in self._shown_peers():
                if peer.beside:
                    peer._set_beside(False)
        self._timer.start()

    def _shown_peers(self) -> list:
        peers = [p for p in self._peers() if p.view.isVisible()] or [self]
        return peers if self in peers else [self]

    def _column_fits(self) -> bool:
        """The readout's column has the height beside the plot, and leaves the plot room."""
        view, spacing = self.view, self.layout.spacing()
        width, height = view.readout.column_size()
        return (height <= view.height() - view.header.height() - spacing
                and view.width() - width - spacing - view.shape.chrome()[0] >= MIN_PLOT)

    def decide(self) -> None:
        """The readout beside the plot or under it, for the panels' size now."""
        peers = self._shown_peers()
        if any(p._moving for p in peers):
            return
        beside = self._wanted(min(p.view.width() for p in peers),
                              min(p.view.height() for p in peers))
        if beside is None:
            return   # the layout is on its way: its measures are not the panel's yet
        context, now = (self.view.window().size().toTuple(), len(peers)), time.monotonic()
        moves = [t for t in self._moves if now - t < MOVES_WITHIN] \
            if context == self._context else []
        changed = [peer for peer in peers if peer.beside != beside]
        if not changed:
            return
        if beside and len(moves) >= MAX_MOVES:   # under is always allowed: nothing is cut
            self._timer.start(round((MOVES_WITHIN - (now - moves[0])) * 1000) + 10)
            return
        for peer in peers:
            peer._context, peer._moves = context, moves + [now]
        for peer in changed:
            peer._set_beside(beside)

    def pending(self) -> bool:
        """A decision is due (the panel was resized less than ``SETTLE_MS`` ago)."""
        return self._timer.isActive()

    def _wanted(self, width, height) -> bool | None:
        view = self.view
        shape, box = view.shape, view.view_box
        if height >= width or not shape.wanted or shape.domain is None:
            return False
        aspect = box_aspect(shape.domain)[0]
        if not shape.laid_out() or abs(box.width() - aspect * box.height()) > SHAPED:
            return None
        return readout_beside((width, height), view.header.height(),
                              view.readout.line_height(), view.readout.column_size(),
                              shape.chrome(), self.layout.spacing(), aspect)

    def _set_beside(self, beside: bool) -> None:
        view, readout = self.view, self.view.readout
        self.beside, self._moving = beside, True
        try:
            if beside:
                self.layout.removeWidget(readout)
                self.row.insertWidget(1, readout, 0, Qt.AlignmentFlag.AlignVCenter)
            else:
                self.row.removeWidget(readout)
                self.layout.insertWidget(3, readout)
            readout.refit(beside=beside)
            view.shape.set_beside(beside)
        finally:
            self._moving = False
