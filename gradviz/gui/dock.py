"""The window's docks at any type size: titles painted in the dock's own font, and check boxes
and radio buttons whose indicator grows with the type (presentation mode, x1.4).

Qt paints a dock's title in the font the application had when the dock was made
(QDockWidgetPrivate keeps ``QApplication::font("QDockWidgetTitle")`` from construction) while
it sizes the title bar from the dock's current font: with presentation mode's larger type the
title stayed small in a taller bar. ``Dock`` paints it as Qt does, in the dock's font.

A check box's indicator is a pixel metric of the style (``PM_IndicatorWidth``, 13 px in Fusion),
not a font size: ``scale_indicators`` sizes it with a style sheet on each dock (the indicator
rule only, so nothing else of the dock's look changes), or takes the sheet away at scale 1.
Set the sheet after the application font has changed and take it away after the font is
back: a sheet removed before would leave the dock's widgets in the larger font.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDockWidget, QStyle, QStyleOptionDockWidget, QStyleOptionFrame,
                               QStylePainter)

SHEET_PROPERTY = "gradviz_indicator_scale"
"""Dynamic property of a dock whose style sheet ``scale_indicators`` set (the scale)."""


def _qt_draws_floating_titles() -> bool:
    """On X11 and Wayland Qt draws a floating dock's title itself (no native decoration)."""
    name = QGuiApplication.platformName().lower()
    return name == "xcb" or name.startswith("wayland")


class Dock(QDockWidget):
    """A QDockWidget whose title is painted in its current font (see the module).

    ``about_to_show`` is emitted when a hidden dock is asked to show, before it is laid out:
    content built then is sized as if it had always been there (``gui/dock_content.py``).
    """

    about_to_show = Signal()

    def setVisible(self, visible):  # noqa: N802 (Qt's name)
        if visible and self.isHidden():
            self.about_to_show.emit()
        super().setVisible(visible)

    def paintEvent(self, event):  # noqa: N802 (Qt's name)
        if self.titleBarWidget() is not None or (self.isFloating()
                                                 and not _qt_draws_floating_titles()):
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        if self.isFloating():
            frame = QStyleOptionFrame()
            frame.initFrom(self)
            painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameDockWidget, frame)
        option = QStyleOptionDockWidget()
        self.initStyleOption(option)
        option.fontMetrics = self.fontMetrics()   # Qt's own code: the font of construction
        painter.setFont(self.font())
        painter.drawControl(QStyle.ControlElement.CE_DockWidgetTitle, option)
        painter.end()


def indicator_sheet(style: QStyle, scale: float) -> str:
    """A style sheet giving check boxes and radio buttons indicators ``scale`` times the
    style's own size (``PM_IndicatorWidth``, ``PM_ExclusiveIndicatorWidth``...)."""
    m = QStyle.PixelMetric

    def px(metric):
        return round(style.pixelMetric(metric) * scale)

    return (f"QCheckBox::indicator {{ width: {px(m.PM_IndicatorWidth)}px; "
            f"height: {px(m.PM_IndicatorHeight)}px; }}\n"
            f"QRadioButton::indicator {{ width: {px(m.PM_ExclusiveIndicatorWidth)}px; "
            f"height: {px(m.PM_ExclusiveIndicatorHeight)}px; }}")


def scale_indicators(docks, scale: float) -> None:
    """The indicators of check boxes and radio buttons in ``docks`` at ``scale`` times their
    normal size; at scale 1 the style sheets set here are taken away (exactly as before)."""
    for dock in docks:
        if abs(scale - 1.0) < 1e-9:
            if dock.property(SHEET_PROPERTY) is not None:
                dock.setStyleSheet("")
                dock.setProperty(SHEET_PROPERTY, None)
            continue
        if dock.styleSheet() and dock.property(SHEET_PROPERTY) is None:
            continue      # a sheet of someone else's: leave it
        dock.setStyleSheet(indicator_sheet(dock.style(), scale))
        dock.setProperty(SHEET_PROPERTY, float(scale))
