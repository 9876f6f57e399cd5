"""The landscape panels of the main window: 1 to 3 side by side (two rows for 4), or one
landscape with every panel's path on it (overlay mode).

Every view shares its x and y ranges with the first, so panning or zooming one moves all.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from gradviz.gui import theme
from gradviz.gui.views.landscape import LandscapeView


class PanelGrid(QWidget):
    """Owns the LandscapeViews. Signals carry the panel index where it matters:
    ``close_requested(index)``; the others (start, probe, hover) are the views' own."""

    start_requested = Signal(float, float)
    probe_moved = Signal(float, float)
    hovered = Signal(float, float)
    hover_left = Signal()
    close_requested = Signal(int)

    def __init__(self, count: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panels")
        self.views: list[LandscapeView] = []
        self.overlay = False
        self.hover_view: LandscapeView | None = None   # the view under the mouse
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(8)
        self.set_count(count)

    def set_count(self, count: int) -> list[LandscapeView]:
        """Show ``count`` panels; returns the views created (they need a landscape)."""
        while len(self.views) > count:
            view = self.views.pop()
            self._grid.removeWidget(view)
            view.deleteLater()
        created = []
        while len(self.views) < count:
            index = len(self.views)
            view = LandscapeView(self)
            view.setObjectName(f"landscape_{index}")
            view.set_color(theme.panel_color(index))
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

    def visible_views(self) -> list[LandscapeView]:
        return self.views[:1] if self.overlay else list(self.views)

    def _arrange(self) -> None:
        for view in self.views:
            self._grid.removeWidget(view)
        shown = self.visible_views()
        # 1-3 panels in a row, 4 in two rows: no empty cell (three in two rows left a quarter
        # of the window, and of every exported picture, empty)
        columns = 2 if len(shown) == 4 else max(len(shown), 1)
        for i in range(4):
            self._grid.setColumnStretch(i, 1 if i < columns else 0)
            self._grid.setRowStretch(i, 1 if i < (len(shown) + columns - 1) // columns else 0)
        for i, view in enumerate(shown):
            self._grid.addWidget(view, i // columns, i % columns)
        for view in self.views:
            view.setVisible(view in shown)
            view.header.set_closable(len(self.views) > 1 and not self.overlay)

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
