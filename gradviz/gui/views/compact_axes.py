"""Tighter axes for a short landscape panel: the plot gets the height the axes gave up.

Four panels at 1280 x 720 in presentation mode are 617 x 320 pixels: the x axis's title
under its tick labels (~25 px at 1.4x type), tick labels at full size and an 18-pixel colour
bar took a third of what the plot could have. Compact (``set_compact(True)``): tick labels
a point smaller, the x axis's name in italics at the right end of its tick row, below the
colour bar where nothing else is (as on a blackboard, where x is written at the arrow's end), a
thinner colour bar. The y axis keeps its title beside it: in a short panel width is not
what the plot lacks.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from gradviz.gui import theme
from gradviz.gui.views.plot_parts import set_tick_font

BAR_WIDTH = 18          # px: the colour bar
COMPACT_BAR_WIDTH = 12
NAME_GAP = 6            # px between the x axis's right end and its name


class CompactAxes:
    """The axes of ``plot`` (a PlotItem) and its ``colorbar`` (a ColorBarItem), normal or
    compact. ``apply_style(style, x_name)`` after every restyle or new axis name."""

    def __init__(self, plot: pg.PlotItem, colorbar: pg.ColorBarItem):
        self.plot, self.colorbar = plot, colorbar
        self.compact = False
        bottom = plot.getAxis("bottom")
        self.end_name = QGraphicsSimpleTextItem(bottom)   # the x name at the axis's end
        self.end_name.hide()
        self._x_name, self._style = "x", theme.current()
        bottom.geometryChanged.connect(self._place_end_name)

    def set_compact(self, on: bool) -> None:
        if bool(on) != self.compact:
            self.compact = bool(on)
            self.apply_style(self._style, self._x_name)

    def tick_pt(self) -> float:
        """The tick labels' size at the normal scale: a point smaller when compact."""
        return theme.AXIS_PT - (1 if self.compact else 0)

    def apply_style(self, style, x_name: str) -> None:
        """Tick fonts, the x axis's name (its title, or the name at its end) and the colour
        bar's width, for ``style`` and the compact state."""
        self._style, self._x_name = style, x_name
        tick_font = theme.font(self.tick_pt())
        for name in ("left", "bottom"):
            set_tick_font(self.plot.getAxis(name), tick_font)
        for name in ("left", "right"):
            set_tick_font(self.colorbar.getAxis(name), tick_font)
        bottom = self.plot.getAxis("bottom")
        bottom.setLabel(x_name, **{"font-size": f"{style.pt(theme.LABEL_PT):g}pt",
                                   "color": style.foreground})
        bottom.showLabel(not self.compact)
        self.end_name.setText(x_name)
        name_font = theme.font(self.tick_pt())   # the tick row's height: nothing sticks out
        name_font.setItalic(True)                # a variable's name, told from the numbers
        self.end_name.setFont(name_font)
        self.end_name.setBrush(pg.mkBrush(style.foreground))
        self.end_name.setVisible(self.compact)
        width = COMPACT_BAR_WIDTH if self.compact else BAR_WIDTH
        self.colorbar.layout.setColumnFixedWidth(1, width)
        self._place_end_name()

    def _place_end_name(self) -> None:
        """Right of the axis's end, centred on its tick labels' row."""
        bottom = self.plot.getAxis("bottom")
        text = self.end_name.boundingRect()
        offset = bottom.style["tickTextOffset"][1] + max(0, bottom.style["tickLength"])
        row = bottom.textHeight if bottom.textHeight else text.height()
        self.end_name.setPos(bottom.width() + NAME_GAP,
                             offset + (row - text.height()) / 2)
