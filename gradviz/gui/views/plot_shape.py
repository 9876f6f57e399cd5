"""The shape of a landscape's plot box: equal axis scale ("round is round") without showing
anything the landscape did not sample.

pyqtgraph's own aspect lock keeps a unit of x as long as a unit of y by showing more of the
plane on one side, where nothing was sampled: a grey band beside the heatmap. Here the box
itself takes the shape of the domain instead: the figure (plot, axes, colour bar) gets margins
on two sides, centring it in its panel, so that the whole domain fills the box and
pixels per unit agree in x and y. The aspect lock is kept on too, so that zooming (wheel or
right-drag) and panning keep the scale equal.

A domain much longer than it is wide (more than ``MAX_STRETCH`` to 1, e.g. a regression's
weight against its bias) would become a thin strip: it is drawn stretched to that ratio, and
the scale is then not equal (``PlotShape.equal`` says so).
"""

from __future__ import annotations

MAX_STRETCH = 3.0
"""With equal scale, the longest side of a plot box at most this many times its shortest."""
SQUEEZED = 24
"""A box side (px) at or under which the layout is taken to have squeezed the box."""


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
    """Keeps ``view_box`` (a pyqtgraph ViewBox in the graphics ``layout``, a
    QGraphicsGridLayout with ``margins`` (left, top, right, bottom) of its own) in the shape of
    the domain: ``set_domain``, ``set_equal``. Refits whenever the box is resized."""

    def __init__(self, view_box, layout, margins):
        self.view_box, self.layout, self.margins = view_box, layout, tuple(margins)
        self.domain = None
        self.wanted = True     # the display option "equal axis scale"
        self.equal = False     # whether the scale is equal now (wanted, and not held)
        self._extra = (0.0, 0.0)
        view_box.sigResized.connect(self.refit)

    def set_domain(self, domain) -> None:
        """The landscape's ((x0, x1), (y0, y1)); the box takes its shape."""
        self.domain = domain
        self.refit()

    def set_equal(self, on: bool) -> None:
        """Equal axis scale (True) or the plot filling its panel, stretched (False)."""
        self.wanted = bool(on)
        self.refit()

    def refit(self, *args) -> None:
        box = self.view_box
        width, height = box.width(), box.height()
        if width < SQUEEZED or height < SQUEEZED:
            # not laid out yet, or squeezed to the layout's minimum: then the box and the
            # margins no longer add up to the room there is; start again from no margins
            self._set_extra((0.0, 0.0))
            return
        avail_w, avail_h = width + self._extra[0], height + self._extra[1]
        extra, equal = (0.0, 0.0), False
        if self.domain is not None:
            aspect, own = box_aspect(self.domain)
            if self.wanted:
                extra = box_extra(avail_w, avail_h, aspect)
            equal = self.wanted and own
        if equal != self.equal:
            self.equal = equal
            box.setAspectLocked(equal, ratio=1.0)
        if abs(extra[0] - self._extra[0]) >= 1 or abs(extra[1] - self._extra[1]) >= 1:
            self._set_extra(extra)

    def _set_extra(self, extra) -> None:
        if extra == self._extra:
            return
        self._extra = extra
        left, top, right, bottom = self.margins
        ex, ey = extra
        self.layout.setContentsMargins(left + ex / 2, top + ey / 2,
                                       right + ex - ex / 2, bottom + ey - ey / 2)
