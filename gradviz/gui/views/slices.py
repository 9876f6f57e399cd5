"""Slices through the probe: f along x (y fixed) and f along y (x fixed), each with its tangent
line, whose slope is one partial derivative; above them, one line with f, both partial
derivatives and |grad f| at the probe. The names come with the slices (``Slices.names``): L
along w and along b in the regression mode.

The widget shows an engine ``Slices`` (``gradviz.engine.probe``) and computes nothing but the
display range (``slice_plot``). ``set_slices`` runs on every mouse move over a landscape: it
only calls setData, setRange and setText on items created once.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from gradviz.engine.names import FUNCTION, Names
from gradviz.gui import theme
from gradviz.gui.views.readout import format_number
from gradviz.gui.views.slice_plot import SlicePlot

HINT = "Hover over a landscape or drag the probe"


class SlicesView(QWidget):
    """f(x, y\u2080) along x and f(x\u2080, y) along y, side by side, under one line of numbers;
    named as the slices shown say (L(w, b\u2080) along w ... in the regression mode)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setToolTip("Two slices of the function through the probe (or the mouse): along x "
                        "with y fixed, and along y with x fixed. The tangent lines' slopes are "
                        "the two partial derivatives; drag the probe to move them.")
        self.source_label = QLabel(self)
        self.source_label.setFont(theme.font(theme.READOUT_PT, bold=True))
        self.source_label.setStyleSheet(f"QLabel {{ color: #FFFFFF; background: "
                                        f"{theme.MUTED_TEXT}; border-radius: 5px; "
                                        "padding: 1px 7px; }")   # a chip: the same in both themes
        self.readout = QLabel(self)
        self.readout.setFont(theme.font(theme.READOUT_PT))
        # Free to shrink: _fit_readout() breaks the line itself when the dock is narrow.
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._fields: tuple[str, ...] = ()
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.setContentsMargins(8, 0, 8, 0)
        top.setSpacing(8)
        top.addWidget(self.source_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.readout, 1)
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.ci.layout.setContentsMargins(2, 0, 8, 2)
        self.graphics.setBackground(theme.current().background)
        self.x_plot = SlicePlot(self.graphics, 0, "x", FUNCTION.partial("x"))
        self.y_plot = SlicePlot(self.graphics, 1, "y", FUNCTION.partial("y"))
        self.names = FUNCTION
        self.stacked = False     # the y slice below the x slice, not beside it (``_arrange``)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.graphics, 1)
        self.slices = None
        self.set_source("")
        self.set_slices(None)

    def apply_style(self, style) -> None:
        """Background, axes, pens and texts in ``style``; the slices shown stay."""
        self.graphics.setBackground(style.background)
        self.x_plot.apply_style(style)
        self.y_plot.apply_style(style)
        self._fit_readout()

    def set_slices(self, slices) -> None:
        """Show an engine ``Slices`` (see ``gradviz.engine.probe``); None clears the plots and
        shows a hint."""
        self.slices = slices
        if slices is None:
            self.x_plot.clear()
            self.y_plot.clear()
            self._set_readout(HINT)
            return
        self._rename(Names(*slices.names))
        p, n = slices.probe, self.names
        x0, y0 = format_number(p.x), format_number(p.y)
        self.x_plot.show(slices.xs, slices.f_along_x, p.x, p.f, p.dfdx, slices.tangent_x,
                         n.slice_title(n.x, y0))
        self.y_plot.show(slices.ys, slices.f_along_y, p.y, p.f, p.dfdy, slices.tangent_y,
                         n.slice_title(n.y, x0))
        fields = (f"at ({x0}, {y0}):", f"{n.f} = {format_number(p.f)}",
                  f"{n.partial(n.x)} = {format_number(p.dfdx)}",
                  f"{n.partial(n.y)} = {format_number(p.dfdy)}",
                  f"{n.grad_norm} = {format_number(p.grad_norm)}")
        self._set_readout(*fields)

    def _rename(self, names: Names) -> None:
        if names != self.names:
            self.names = names
            self.x_plot.rename(names.x, names.partial(names.x), names.f)
            self.y_plot.rename(names.y, names.partial(names.y), names.f)

    def set_source(self, text: str) -> None:
        """Where the probe point comes from, e.g. "cursor" or "probe" (shown before the numbers)."""
        self.source_label.setText(text)
        self.source_label.setVisible(bool(text))

    def _set_readout(self, *fields: str) -> None:
        self._fields = fields
        self._fit_readout()

    def _fit_readout(self) -> None:
        """One line if it fits; else two: the point, f and |grad f|, then the two partial
        derivatives (at 13 pt all five fields need ~750 px, a dock beside the landscape
        350-600); still too wide, as many fields to a line as fit."""
        metrics = QFontMetrics(self.readout.font())
        room = self.readout.contentsRect().width()

        def fits(line):
            return metrics.horizontalAdvance(line) <= room

        text = self.readout_text()
        if len(self._fields) == 5 and not fits(text):
            point, f, dfdx, dfdy, norm = self._fields
            lines = [f"{point}  {f},  {norm}", f"{dfdx},  {dfdy}"]
            if not all(map(fits, lines)):
                lines = [f"{point}  {f}"]
                for field in (dfdx, dfdy, norm):
                    joined = f"{lines[-1]},  {field}" if len(lines) > 1 else ""
                    if joined and fits(joined):
                        lines[-1] = joined
                    else:
                        lines.append(field)
            text = "\n".join(lines)
        if text != self.readout.text():
            self.readout.setText(text)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_readout()
        self._arrange()
        # The plots' axes are laid out later: fit the labels to the width each gets, less the
        # y axis and the margins (about what each bottom axis gets).
        share = self.graphics.width() / (1 if self.stacked else 2)
        for plot in (self.x_plot, self.y_plot):
            plot.fit_label(share - plot.plot.getAxis("left").width() - 10)

    def _arrange(self) -> None:
        """The y slice beside the x slice, or below it where the view is taller than wide (a
        lesson opens the dock at the side of a short window: side by side, the y slice ran
        past the window's right edge at 1280x720 in presentation mode)."""
        stacked = self.height() > self.width()
        if stacked != self.stacked:
            self.stacked = stacked
            layout, plot = self.graphics.ci, self.y_plot.plot
            layout.removeItem(plot)
            layout.addItem(plot, row=1 if stacked else 0, col=0 if stacked else 1)

    # --- read-back (tests, accessibility) ------------------------------------------------

    def readout_text(self) -> str:
        """The numbers (or the hint) as one line, however they are wrapped on screen."""
        head, *rest = self._fields
        return "  ".join([head, ",  ".join(rest)]) if rest else head

    def source_text(self) -> str:
        return self.source_label.text()

    def titles(self) -> tuple[str, str]:
        return self.x_plot.title_text, self.y_plot.title_text

    def slope_texts(self) -> tuple[str, str]:
        return self.x_plot.slope_text, self.y_plot.slope_text
