"""Pictures of the landscape panels at any step, size and scale, from a ``SceneCanvas``.

``PanelCamera(canvas)`` grabs every panel side by side (or the overlay), or one panel
(``panel=i``). ``fit(width, height)`` resizes the canvas so that the grabbed area is exactly
that many logical pixels; ``image(step, scale)`` moves the state to ``step`` and returns a
QImage of ``scale`` times as many pixels (drawn at that resolution, not enlarged: text and lines
stay sharp at 2x).

In the regression mode a picture of all the panels also shows the data and each panel's fitted
line on the right (``DATA_SHARE`` of the width): the canvas's data view, filled by the same
presenter as the window's data dock.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QRegion

from gradviz.state.intents import SetStep

FIT_ATTEMPTS = 4
DATA_SHARE = 0.34   # of a regression picture's width: the data view, right of the panels


def panels_rect(canvas, panel=None):
    """The area to grab, in the canvas's coordinates: one view, or all the panels (with a
    lesson's caption below them, when the canvas has one)."""
    widget = canvas.views[panel] if panel is not None else canvas.panels
    rect = QRect(widget.mapTo(canvas, QPoint(0, 0)), widget.size())
    if panel is None and canvas.caption is not None:
        band = canvas.caption
        rect = rect.united(QRect(band.mapTo(canvas, QPoint(0, 0)), band.size()))
    return rect


class PanelCamera:
    def __init__(self, canvas, panel=None):
        self.canvas = canvas
        self.panel = panel
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance()
        self.data = canvas.data if panel is None else None
        self.data_width = 0

    def settle(self):
        for _ in range(2):
            self.app.processEvents()

    def size(self):
        return panels_rect(self.canvas, self.panel).size()

    def fit(self, width, height):
        """Resize the canvas until the grabbed area is ``width`` x ``height``. Returns True
        when it is exact; the views' minimum sizes may forbid it (then images are scaled)."""
        canvas = self.canvas
        if self.data is not None:
            self.data_width = round(width * DATA_SHARE)
            width -= self.data_width
            self.data.resize(self.data_width, height)
        canvas.setMinimumSize(0, 0)
        for _ in range(FIT_ATTEMPTS):
            self.settle()
            now = self.size()
            if (now.width(), now.height()) == (width, height):
                return True
            # one panel of several grows by a share of what the canvas grows: by the ratio
            canvas.resize(_toward(canvas.width(), now.width(), width),
                          _toward(canvas.height(), now.height(), height))
        self.settle()
        now = self.size()
        return (now.width(), now.height()) == (width, height)

    def image(self, step=None, scale=1, size=None):
        """A QImage of the panels at ``step`` (default: the current one), ``scale`` x the
        logical size; ``size`` (w, h) forces the logical size by smooth scaling if the canvas
        could not be fitted to it exactly."""
        rect, extra = self._prepare(step)
        image = QImage(QSize(rect.width() + extra, rect.height()) * scale,
                       QImage.Format.Format_RGB32)
        # Drawn as on a screen of that device pixel ratio: every item redraws its pixel caches
        # at this ratio (views/pixels.py), so lines, markers and text are sharp at 2x.
        image.setDevicePixelRatio(scale)
        image.fill(Qt.GlobalColor.white)
        self._paint(image, rect)
        image.setDevicePixelRatio(1)   # a picture of plain pixels for whoever saves it
        if size is not None and (rect.width() + extra, rect.height()) != tuple(size):
            image = image.scaled(QSize(size[0] * scale, size[1] * scale),
                                 Qt.AspectRatioMode.IgnoreAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        return image

    def svg(self, path, step=None, title="gradviz"):
        """Write the panels at ``step`` as an SVG file at ``path``: lines, markers and text as
        vectors, the heatmap as an embedded image. Its size is the panels' logical size."""
        from PySide6.QtSvg import QSvgGenerator

        rect, extra = self._prepare(step)
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(rect.width() + extra, rect.height()))
        generator.setViewBox(QRect(0, 0, rect.width() + extra, rect.height()))
        generator.setTitle(title)
        self._paint(generator, rect)

    def _paint(self, device, rect):
        painter = QPainter(device)
        try:
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            self.canvas.render(painter, QPoint(0, 0), QRegion(rect))
            if self.data is not None:
                self.data.render(painter, QPoint(rect.width(), 0))
        finally:
            painter.end()

    def _prepare(self, step):
        """The canvas at ``step``, laid out; (the panels' rect, the data view's width)."""
        if step is not None:
            self.canvas.state.apply(SetStep(step))
        self.settle()
        rect = panels_rect(self.canvas, self.panel)
        extra = 0
        if self.data is not None:
            # the data view's share of what the panels really take (the views' minimum
            # sizes may keep them wider than asked): a picture scaled to ``size`` afterwards
            # then keeps the data view's proportions, never clipping it
            extra = round(rect.width() * DATA_SHARE / (1 - DATA_SHARE))
            if self.data.size() != QSize(extra, rect.height()):
                self.data.resize(extra, rect.height())
            self.settle()
        return rect, extra

    def rgb(self, step=None, scale=1, size=None):
        """The image as a numpy uint8 array (height, width, 3)."""
        return qimage_to_rgb(self.image(step, scale, size))


def _toward(outer, inner, wanted):
    """The outer size that makes ``inner`` (a part of ``outer`` growing in proportion to it)
    ``wanted``; the plain difference when the part is the whole."""
    if inner <= 0:
        return max(1, outer + wanted - inner)
    return max(1, outer + round((wanted - inner) * outer / inner))


def qimage_to_rgb(image):
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()
