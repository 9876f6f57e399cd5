"""Pictures and animations of a session, drawn by a real MainWindow that is never on screen.

The same code serves ``gradviz render`` (offscreen platform, no display) and File > Export in
the running app (a second window with ``WA_DontShowOnScreen``, so the window on screen keeps
its size and step while an animation renders).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt


def show_session(window, session):
    """Put ``session`` on ``window``: load it, restore its zoomed view and its current step."""
    controller = window.controller
    controller.load(session)
    if session.view is not None and window.views:
        window.views[0].set_view_range(session.view)
    controller.set_step(session.current_step)


def quiet_offscreen_warnings():
    """Drop the offscreen platform's harmless "does not support propagateSizeHints()" notes;
    other Qt messages still reach stderr."""
    import sys

    from PySide6.QtCore import qInstallMessageHandler

    def handler(kind, context, message):
        if "propagateSizeHints" not in message:
            print(f"Qt: {message}", file=sys.stderr)

    qInstallMessageHandler(handler)


@contextlib.contextmanager
def hidden_window(session):
    """A MainWindow showing ``session``, laid out but never on screen; deleted afterwards.
    It shows the flat panels even when the session was saved with the 3D view on (a picture
    of the 3D view comes from the window on screen: ``SurfaceSync.picture``)."""
    import dataclasses

    from gradviz.gui.app import _delete, create_window

    session = session.replace(display=dataclasses.replace(session.display, view3d=False))
    _, window = create_window(session)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.resize(1440, 860)
    window.show()
    try:
        show_session(window, session)
        yield window
    finally:
        window.close()
        _delete(window)


def render_picture(session, path, step, size, scale=1, panel=None):
    """Write a PNG of the panels (or panel ``panel``, 0-based) at ``step``: ``size`` (w, h)
    logical pixels times ``scale``; a ``path`` ending in .svg gets an SVG of ``size`` (lines
    and text as vectors, ``scale`` unused). Raises OSError when the file cannot be written."""
    from gradviz.gui.frames import PanelCamera

    with hidden_window(session) as window:
        camera = PanelCamera(window, panel)
        camera.fit(*size)
        if str(path).lower().endswith(".svg"):
            _save_svg(camera, path, step, session.title or "gradviz")
            return
        image = camera.image(step, scale, size)
        save_image(image, path)


def render_animation(session, path, steps, fps, size, progress=None):
    """Write a GIF or MP4 with one frame per step in ``steps`` (see gradviz.video)."""
    from gradviz.gui.frames import PanelCamera
    from gradviz.video import write_animation

    with hidden_window(session) as window:
        camera = PanelCamera(window)
        camera.fit(*size)
        write_animation(path, lambda k: camera.rgb(k, 1, size), steps, fps, progress)


def save_image(image, path):
    from gradviz.engine.files import atomic_path

    with atomic_path(path, ".png") as temporary:
        if not image.save(temporary, "PNG"):
            raise OSError(f"could not write the picture to {path}")


def _save_svg(camera, path, step, title):
    import os

    from gradviz.engine.files import atomic_path

    with atomic_path(path, ".svg") as temporary:
        camera.svg(temporary, step, title)
        if not os.path.exists(temporary) or os.path.getsize(temporary) == 0:
            raise OSError(f"could not write the picture to {path}")
