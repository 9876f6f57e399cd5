"""The window's appearance: the theme (System, Light or Dark, remembered in QSettings) and the
size (normal or presentation), applied live.

A change builds a ``theme.Style`` and pushes it everywhere: the application palette (the
chrome), the application font and every explicitly sized widget font (scaled by the style's
``font_scale``), and each view's ``apply_style`` (plot backgrounds, axes, pens, markers). Nothing
is recomputed: the views restyle the items they already hold.

"System" follows the desktop's colour scheme (``QStyleHints.colorScheme()``, Qt 6.5+) and
switches when it changes; an unknown scheme (no desktop, offscreen) counts as light.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from gradviz.gui import theme
from gradviz.gui.dock import scale_indicators

MODES = ("system", "light", "dark")
SETTINGS_KEY = "appearance/theme"
BASE_PT = "gradviz_base_pt"
"""Dynamic property: a widget's explicit font size at the normal scale, kept while scaled."""


def system_scheme() -> str:
    """"dark" when the desktop asks for a dark colour scheme, else "light"."""
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


class Appearance(QObject):
    """Owns the theme mode and the presentation flag of one main window.

    ``mode``: "system", "light" or "dark"; ``style``: the ``theme.Style`` in effect.
    Signals: ``style_changed(style)`` after every change of style has been applied,
    ``mode_changed(mode)`` when the theme mode is set or read from the settings.
    """

    style_changed = Signal(object)
    mode_changed = Signal(str)

    def __init__(self, window, settings=None):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.mode = "system"
        self.presentation = False
        self.style = None
        self._app_font = None        # the application font before presentation mode scaled it
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)
        if settings is not None:
            self.use_settings(settings)
        else:
            self.apply()

    # --- the theme ---------------------------------------------------------------------------

    def use_settings(self, settings) -> None:
        """Read the remembered theme from ``settings`` (a QSettings) and remember changes there."""
        self.settings = settings
        mode = settings.value(SETTINGS_KEY, "system")
        self.mode = mode if mode in MODES else "system"
        self.apply()
        self.mode_changed.emit(self.mode)

    def set_mode(self, mode: str) -> None:
        """"system", "light" or "dark": applied at once and remembered."""
        if mode not in MODES:
            raise ValueError(f"theme must be one of {MODES}, got {mode!r}")
        self.mode = mode
        if self.settings is not None:
            self.settings.setValue(SETTINGS_KEY, mode)
            self.settings.sync()
        self.apply()
        self.mode_changed.emit(mode)

    def scheme(self) -> str:
        """The theme in effect: "light" or "dark"."""
        return system_scheme() if self.mode == "system" else self.mode

    def set_presentation(self, on: bool) -> None:
        """Presentation sizes and high contrast (True) or the normal style (False)."""
        self.presentation = bool(on)
        self.apply()

    def _on_scheme_changed(self, *args) -> None:
        if self.mode == "system":
            self.apply()

    # --- applying ------------------------------------------------------------------------

    def apply(self) -> None:
        """Make the style of the current mode and size the one in effect, everywhere."""
        style = theme.make_style(self.scheme(), self.presentation)
        if style == self.style:
            return
        # The window's views were built in theme.current(): at start-up there is often nothing
        # to restyle (~20 ms saved) but the palette.
        built_in_it = self.style is None and style == theme.current()
        old = self.style or theme.current()
        theme.set_current(style)
        theme.configure_pyqtgraph()     # plots created from now on start in this style
        app = QApplication.instance()
        palette = theme.palette(style)
        if app.palette() != palette:
            app.setPalette(palette)
            app.setPalette(theme.check_box_palette(style), "QCheckBox")
            repolish_styled(self.window)
        if style.font_scale != old.font_scale:
            self._scale_app_font(app, style.font_scale)
            # Qt posts the new application font to the widgets: deliver it now, so that the
            # sizes measured below (fixed label widths) are those of the new type.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
            scale_widget_fonts(self.window, old.font_scale, style.font_scale)
            # check boxes' indicators: after the font (set) and after it is back (taken away)
            scale_indicators(self.window.docks.values(), style.font_scale)
        self.style = style
        if not built_in_it:
            restyle_window(self.window, style)
        self.style_changed.emit(style)

    def _scale_app_font(self, app, scale: float) -> None:
        if self._app_font is None:
            self._app_font = QFont(app.font())
        if scale == 1.0:
            app.setFont(self._app_font)
            self._app_font = None
            return
        font = QFont(self._app_font)
        font.setPointSizeF(self._app_font.pointSizeF() * scale)
        app.setFont(font)


def scale_widget_fonts(root: QWidget, old_scale: float, new_scale: float) -> None:
    """Every widget under ``root`` with a font of its own (``setFont``) gets it at
    ``new_scale`` times its normal size. The normal size is remembered on the widget the first
    time (its size now divided by ``old_scale``), so going back restores it exactly. Widgets
    without a font of their own follow the application font."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
            continue
        font = widget.font()
        if font.pointSizeF() <= 0:      # sized in pixels: leave it
            continue
        base = widget.property(BASE_PT)
        if base is None:
            base = font.pointSizeF() / old_scale
            widget.setProperty(BASE_PT, base)
        target = base * new_scale
        if abs(font.pointSizeF() - target) > 1e-9:
            font.setPointSizeF(target)
            widget.setFont(font)


def repolish_styled(root: QWidget) -> None:
    """Widgets with a style sheet, and every widget inside one, took their palette when they
    were polished; polish them again so that they take the new one (a field would otherwise
    stay white in the dark, and in presentation mode, whose docks carry a style sheet, the
    whole control column did)."""
    done = set()
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.styleSheet() or id(widget) in done:
            continue
        for inner in [widget, *widget.findChildren(QWidget)]:
            if id(inner) not in done:
                done.add(id(inner))
                inner.style().unpolish(inner)
                inner.style().polish(inner)


def restyle_window(window, style) -> None:
    """Every view of the main window in ``style`` (each ``apply_style`` only restyles)."""
    for view in window.panels.views:
        view.apply_style(style)
    for part in (window.curves, window.slices, window.inspector, window.playback,
                 window.controls):
        part.apply_style(style)
    for dock in window.docks.values():   # the others, once built (gui/dock_content.py)
        widget = dock.widget()
        if widget not in (window.curves, window.slices, window.inspector, window.controls) \
                and hasattr(widget, "apply_style"):
            widget.apply_style(style)
