"""A picture of the 3D view at any size: File > Export Picture (PNG) while the 3D view is shown.

QWidget.grab() cannot see an OpenGL window, and QOpenGLWindow.grabFramebuffer() only gives the
view at its size on screen. So the scene is drawn once more, with the camera the person chose,
into an offscreen OpenGL framebuffer of ``width * scale`` x ``height * scale`` pixels (4x
multisampled where the driver can): lines and points ``scale`` times as wide, the labels painted
afterwards with QPainter at the projected positions (pyqtgraph's text items paint into the
window, not into a framebuffer), and a legend above: each panel's colour, title and status,
and the step. ``picture`` needs a current OpenGL context, so only a working ``SurfaceGLView``
calls it; ``legend_rows`` is plain layout.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QMatrix4x4, QPainter, QVector3D

from gradviz.gui.views.surface_labels import fit_distance, label_font, label_texts

PAD = 10            # logical pixels around the legend
GAP = 28            # between two legend entries
MIN_SCENE = 80      # the scene keeps at least this height under a long legend


def picture(view, width: int, height: int, scale: int = 1, legend=(), step_text="") -> QImage:
    """The 3D view as a QImage of ``width`` x ``height`` logical pixels times ``scale``: the
    legend (``legend``: (colour, text) per panel; ``step_text`` on the right) over the scene."""
    look = view.look
    font = label_font(look, False)
    font.setPointSizeF(look.legend_pt)
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor(look.background))
    metrics = QFontMetricsF(font, image)
    rows = legend_rows(legend, step_text, width - 2 * PAD, metrics.horizontalAdvance,
                       metrics.height())
    line = metrics.height() * 1.35
    strip = round(len(rows) * line + 2 * PAD) if rows else 0
    strip = min(strip, max(0, height - MIN_SCENE))
    scene = render_scene(view, width, height - strip, scale)
    painter = QPainter(image)
    try:
        painter.drawImage(QPointF(0, strip), scene)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        dot = metrics.height() * 0.8
        for r, row in enumerate(rows):
            y = PAD + r * line
            for x, color, text in row:
                if color is not None:
                    painter.setPen(QColor.fromRgbF(*look.marker_outline))
                    painter.setBrush(QColor(color))
                    painter.drawEllipse(QRectF(PAD + x, y + (line - dot) / 2, dot, dot))
                    x += dot + 0.4 * metrics.height()
                painter.setPen(QColor(look.text))
                painter.drawText(QRectF(PAD + x, y, width, line),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        if step_text and rows:
            painter.drawText(QRectF(0, PAD, width - PAD, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             step_text)
    finally:
        painter.end()
    return image


def legend_rows(entries, step_text, width, advance, height) -> list:
    """Lay the legend out in rows of ``width`` logical pixels: [[(x, colour, text), ...], ...].
    ``advance(text)`` measures text; an entry is a dot ``0.8 * height`` wide, a gap of
    ``0.4 * height`` and its text; the first row leaves room for ``step_text`` on the right."""
    rows, row, x = [], [], 0.0
    limit = width - (advance(step_text) + GAP if step_text else 0)
    for color, text in entries:
        size = 1.2 * height + advance(text)
        if row and x + size > limit:
            rows.append(row)
            row, x, limit = [], 0.0, width
        row.append((x, color, text))
        x += size + GAP
    if row or step_text:
        rows.append(row)
    return rows


def render_scene(view, width: int, height: int, scale: int = 1) -> QImage:
    """The scene alone (no legend), ``width`` x ``height`` logical pixels times ``scale``,
    seen as the view shows it now (the same turn; zoomed so that what fits on screen fits)."""
    from OpenGL import GL
    from PySide6.QtOpenGL import QOpenGLFramebufferObject, QOpenGLFramebufferObjectFormat

    w, h = max(1, round(width * scale)), max(1, round(height * scale))
    distance = view.opts["distance"]
    view.makeCurrent()
    fbo = None
    try:
        for samples in (4, 0):   # multisampled (smooth edges) where the driver can
            form = QOpenGLFramebufferObjectFormat()
            form.setAttachment(QOpenGLFramebufferObject.Attachment.CombinedDepthStencil)
            form.setSamples(samples)
            fbo = QOpenGLFramebufferObject(w, h, form)
            if fbo.isValid():
                break
        if not fbo.isValid():
            raise OSError(f"OpenGL could not make a {w} x {h} picture of the 3D view")
        fov = view.opts["fov"]
        view.opts["distance"] = distance * (fit_distance(fov, h / w)
                                            / fit_distance(fov, view.aspect()))
        for label in view.labels:
            label.setVisible(False)
        view.restyle_items(scale)
        fbo.bind()
        GL.glViewport(0, 0, w, h)
        view.paint(region=(0, 0, w, h), viewport=(0, 0, w, h))
        fbo.release()
        project = QMatrix4x4()
        project.viewport(0, height, width, -height)   # logical pixels, y down
        project = project * view.currentProjection() * view.currentModelView()
        image = opaque(fbo.toImage())
    finally:
        fbo = None                      # deleted while its context is current
        view.opts["distance"] = distance
        for label in view.labels:
            label.setVisible(True)
        view.restyle_items(view.pixel_scale())
        view.doneCurrent()
        view.update()
    image.setDevicePixelRatio(scale)
    _paint_labels(view, image, project)
    return image


def opaque(image: QImage) -> QImage:
    """The framebuffer's colours as they are. Blending leaves alpha below 1 where translucent
    halos were drawn although the colours are final (the background is opaque): read as
    premultiplied they would darken, so the alpha channel is ignored instead."""
    f = QImage.Format
    if image.format() in (f.Format_RGBA8888, f.Format_RGBA8888_Premultiplied):
        image.reinterpretAsFormat(f.Format_RGBX8888)
    elif image.format() in (f.Format_ARGB32, f.Format_ARGB32_Premultiplied):
        image.reinterpretAsFormat(f.Format_RGB32)
    return image.convertToFormat(f.Format_RGB32)


def _paint_labels(view, image, project) -> None:
    if view.shown_scene is None:
        return
    scene, names = view.shown_scene
    look = view.look
    fonts = (label_font(look, False), label_font(look, True))
    painter = QPainter(image)
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing)
        painter.setPen(QColor(look.text))
        for pos, text, title, alignment in label_texts(scene.frame, names):
            font = fonts[title]
            painter.setFont(font)
            at = project.map(QVector3D(*pos)).toPointF()
            # as pyqtgraph's GLTextItem places text: the tight box's corner at the anchor
            box = QFontMetricsF(font, image).tightBoundingRect(text)
            dx = (box.width() if alignment & Qt.AlignmentFlag.AlignRight else
                  box.width() / 2 if alignment & Qt.AlignmentFlag.AlignHCenter else 0.0)
            dy = (box.height() if alignment & Qt.AlignmentFlag.AlignTop else
                  box.height() / 2 if alignment & Qt.AlignmentFlag.AlignVCenter else 0.0)
            painter.drawText(QPointF(at.x() - dx, at.y() + dy), text)
    finally:
        painter.end()
