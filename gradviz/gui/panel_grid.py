"""The landscape panels of the main window: 1 to 3 side by side, 4 in two rows or in one row
(whichever gives the larger landscapes in the grid's shape), or one landscape with every
panel's path on it (overlay mode).

Every view shares its x and y ranges with the first, so panning or zooming one moves all.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from gradviz.gui import theme
from gradviz.gui.views.landscape import LandscapeView

AROUND_PLOT = (130, 140)
"""Logical pixels a view takes around its plot box at the normal type size (axes and colour
bar across; header, readout and x axis down), until a view laid out says exactly."""
SWITCH_GAIN = 1.15
"""Four panels change arrangement only for landscapes this much larger (no flapping)."""


class PanelGrid(QWidget):
    """Owns the LandscapeViews. Signals carry the panel index where it matters:
    ``close_requested(index)``; the others (start, probe, hover) are the views' own."""

    start_requested = Signal(float, float)
    probe_moved = Signal(float, float)
    hovered = Signal(float, float)
    hover_left = Signal()
    close_requested = Signal(int)
    room_changed = Signal()
    """The height the landscapes leave unused (``unused_height``) may have changed."""

    def __init__(self, count: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panels")
        self.views: list[LandscapeView] = []
        self.overlay = False
        self.hover_view: LandscapeView | None = None   # the view under the mouse
        self.columns = 1
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(8)
        self.set_count(count)

    def set_count(self, count: int) -> list[LandscapeView]:
        """Show ``count`` panels; returns the views created (they need a landscape)."""
        while len(self.views) > count:
            view = self.views.pop()
            self._grid.removeWidget(view)
            view.unlink_view()
            view.deleteLater()
        created = []
        while len(self.views) < count:
            index = len(self.views)
            view = LandscapeView(self)
            view.setObjectName(f"landscape_{index}")
            view.set_color(theme.panel_color(index))
            view.shape.share_with(self._shown_shapes)   # boxes of one size: they line up
            view.header.share_with(self._shown_headers)   # titles by one rule: they read alike
            view.shape.changed = self.room_changed.emit
            if index:
                view.link_view(self.views[0])
            view.start_requested.connect(self.start_requested)
            view.probe_moved.connect(self.probe_moved)
            view.hovered.connect(lambda x, y, v=view: self._on_view_hovered(v, x, y))
            view.hover_left.connect(lambda v=view: self._on_view_hover_left(v))
            view.close_requested.connect(lambda v=view: self._on_view_close_requested(v))
            self.views.append(view)
            created.append(view)
        self._arrange()
        return created

    def set_overlay(self, on: bool) -> None:
        self.overlay = bool(on)
        self._arrange()

    def _shown_shapes(self) -> list:
        return [view.shape for view in self.visible_views()]

    def _shown_headers(self) -> list:
        return [view.header for view in self.visible_views()]

    def visible_views(self) -> list[LandscapeView]:
        return self.views[:1] if self.overlay else list(self.views)

    def _arrange(self) -> None:
        for view in self.views:
            self._grid.removeWidget(view)
        shown = self.visible_views()
        # 1-3 panels in a row, 4 in two rows or one: no empty cell (three in two rows left a
        # quarter of the window, and of every exported picture, empty)
        columns = self.columns = self._best_columns(len(shown))
        for i in range(4):
            self._grid.setColumnStretch(i, 1 if i < columns else 0)
            self._grid.setRowStretch(i, 1 if i < (len(shown) + columns - 1) // columns else 0)
        for i, view in enumerate(shown):
            self._grid.addWidget(view, i // columns, i % columns)
        for view in self.views:
            view.setVisible(view in shown)
            view.header.set_closable(len(self.views) > 1 and not self.overlay)

    def unused_height(self) -> float:
        """Pixels of the grid's height that the landscapes' boxes of equal scale leave unused
        (what each row leaves, times the rows): a dock below could take this much without
        making any landscape smaller."""
        shown = self.visible_views()
        if not shown or not all(view.shape.laid_out() for view in shown):
            return 0.0
        rows = math.ceil(len(shown) / self.columns)
        return rows * min(view.shape.unused_height() for view in shown)

    # --- four panels: two rows or one --------------------------------------------------------

    def landscape_side(self, columns: int | None = None) -> float:
        """The side of the largest square each landscape's plot box holds, in logical pixels,
        with the visible views in ``columns`` columns (default: as they are), predicted from
        the grid's size and the room a view takes around its plot."""
        count = len(self.visible_views())
        columns = columns or self.columns
        rows = math.ceil(count / columns)
        gap = self._grid.spacing()
        across, down = self._around_plot()
        width = (self.width() - gap * (columns - 1)) / columns - across
        height = (self.height() - gap * (rows - 1)) / rows - down
        return max(min(width, height), 0.0)

    def _around_plot(self) -> tuple[float, float]:
        view = self.visible_views()[0] if self.views else None
        box = view.view_box if view is not None else None
        if box is not None and view.isVisible() and box.width() > 1 and box.height() > 1:
            width, height = view.shape.own_room()   # the box without its equal-scale margins
            return view.width() - width, view.height() - height
        scale = theme.current().font_scale
        return AROUND_PLOT[0] * scale, AROUND_PLOT[1] * scale

    def _best_columns(self, count: int) -> int:
        if count != 4:
            return max(count, 1)
        current = self.columns if self.columns in (2, 4) else 2
        if self.width() <= 0 or self.height() <= 0:
            return current
        # one row only where each view has its minimum width (readout, header chips)
        row_cell = (self.width() - 3 * self._grid.spacing()) / 4
        if row_cell < self.views[0].minimumSizeHint().width():
            return 2
        other = 6 - current
        better = self.landscape_side(other) > SWITCH_GAIN * self.landscape_side(current)
        return other if better else current

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if len(self.visible_views()) == 4 and self._best_columns(4) != self.columns:
            self._arrange()

    def _on_view_hovered(self, view, x, y) -> None:
        self.hover_view = view
        self.hovered.emit(x, y)

    def _on_view_hover_left(self, view) -> None:
        if view is self.hover_view:
            self.hover_view = None
            self.hover_left.emit()

    def _on_view_close_requested(self, view) -> None:
        if view in self.views:
            self.close_requested.emit(self.views.index(view))
