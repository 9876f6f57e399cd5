"""The 3D view's page in the main window: a header (each panel's colour, optimizer and status,
the step, how to turn the view, Reset view) over either the OpenGL scene or, where OpenGL is
not available, a sentence saying so. It shows what it is given; it computes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStackedLayout,
                               QVBoxLayout, QWidget)

from gradviz.gui import theme
from gradviz.gui.views.surface_style import scene_style

CHECKING = "Checking whether OpenGL works here\u2026"
HINT = "Drag to turn \u00b7 wheel to zoom \u00b7 Ctrl+drag to move"
HEADER_SPACING = 60   # the header's margins and spacings (6 + 6 + 18 + 3 gaps), in pixels


def unavailable_text(reason: str) -> str:
    return (f"3D view needs OpenGL, which is not available here: {reason.rstrip('.')}. "
            "Everything else works.")


class SurfacePage(QWidget):
    """``show_message(text)`` or ``show_scene(view)``; ``set_legend`` and ``set_step`` fill the
    header. ``reset_requested`` comes from the Reset view button."""

    reset_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("surface_page")
        self.gl_view = None         # SurfaceGLView, once OpenGL is known to work
        self.gl_container = None    # the widget holding it
        self.look = scene_style(theme.current())   # what the scene draws with (apply_style)
        self.presenting = False
        self._scene_controls = False
        # one label that wraps: four long panel names never widen the window
        self.legend = QLabel(self, objectName="surface_legend")
        self.legend.setFont(theme.font(theme.READOUT_PT))
        self.legend.setWordWrap(True)
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.step_label = QLabel(self, objectName="surface_step")
        self.step_label.setFont(theme.font(theme.READOUT_PT, bold=True))
        self.hint = QLabel(HINT, self, objectName="surface_hint")
        self.hint.setFont(theme.font(theme.AXIS_PT))
        self.hint.setStyleSheet(f"color: {theme.current().muted_text};")
        self.reset_button = QPushButton("Reset view", self, objectName="surface_reset")
        self.reset_button.clicked.connect(self.reset_requested)
        self.reset_button.setToolTip(f"{HINT} (Ctrl+0 resets)")   # also where the hint is hidden
        header = QHBoxLayout()
        header.setContentsMargins(6, 2, 6, 2)
        header.addWidget(self.legend, 1)
        header.addWidget(self.step_label)
        header.addSpacing(18)
        header.addWidget(self.hint)
        header.addWidget(self.reset_button)
        self.message = QLabel(CHECKING, self, objectName="surface_message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setFont(theme.font(theme.TITLE_PT + 2))
        self.message.setMargin(40)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QStackedLayout()
        self.body.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addLayout(self.body, 1)
        self._set_scene_controls(False)

    def apply_style(self, style) -> None:
        """Follow the window's ``theme.Style``: the hint's colour here, and the scene's
        background, floor, text, paths and markers (``surface_style.scene_style``). The
        header's fonts are scaled with every other widget's (appearance.scale_widget_fonts)."""
        self.hint.setStyleSheet(f"color: {style.muted_text};")
        self.presenting = style.presentation   # then the hint gives its room to the legend
        self._set_scene_controls(self.showing_scene())
        self.look = scene_style(style)
        if self.gl_view is not None:
            self.gl_view.apply_style(self.look)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.body.setCurrentWidget(self.message)
        self._set_scene_controls(False)

    def show_scene(self, view=None) -> None:
        """Show the OpenGL view (``SurfaceGLView``, created by the caller once OpenGL is known
        to work; only the first call passes it)."""
        if self.gl_view is None:
            self.gl_view = view
            self.gl_container = view.container(self)
            self.body.addWidget(self.gl_container)
        self.body.setCurrentWidget(self.gl_container)
        self._set_scene_controls(True)

    def showing_scene(self) -> bool:
        return self.gl_view is not None and self.body.currentWidget() is self.gl_container

    def _set_scene_controls(self, on: bool) -> None:
        self._scene_controls = on
        for widget in (self.reset_button, self.step_label):
            widget.setVisible(on)
        self._fit_header()

    def _fit_header(self) -> None:
        """The hint only where the legend keeps room for its longest entry beside it (never
        while presenting: a lecture needs the legend, not the mouse help)."""
        if not getattr(self, "_scene_controls", False) or self.presenting:
            self.hint.setVisible(False)
            return
        others = sum(w.sizeHint().width() for w in (self.step_label, self.reset_button))
        needed = self.legend.minimumSizeHint().width() + others + self.hint.sizeHint().width()
        self.hint.setVisible(self.width() >= needed + HEADER_SPACING)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_header()

    def set_legend(self, entries) -> None:
        """``entries``: (colour, text) per panel, e.g. ("#E69F00", "Adam, lr 0.1: running")."""
        self.legend.setText("&nbsp;&nbsp;&nbsp; ".join(
            f"{_dot(color)}&nbsp;{_escape(text).replace(' ', '&nbsp;')}"
            for color, text in entries))
        self._fit_header()

    def legend_text(self) -> str:
        """The legend as plain text (tests)."""
        return self.legend.text().replace("&nbsp;", " ")

    def set_step(self, k: int) -> None:
        self.step_label.setText(f"step {k}")


def _dot(color: str) -> str:
    """A legend's dot in ``color``; a white one (the minima's: white with a dark ring, which
    a white glyph on the light window would not show) as a ring in the text's colour."""
    if QColor(color).lightnessF() > 0.9:
        return '<span style="font-size:x-large">\u25cb</span>'
    return f'<span style="color:{color}; font-size:x-large">\u25cf</span>'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
