"""Pictures and animations of a session, drawn offscreen by the window's own views and
presenters (a ``canvas.SceneCanvas`` on an application state of its own), never by a window.

The same code serves ``gradviz render`` (offscreen platform, no display) and File > Export in
the running app (the window on screen keeps its size and step while an animation renders).
"""

from __future__ import annotations

import contextlib
import dataclasses


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
def offscreen_scene(session, panel=None, size=None, caption=None):
    """A SceneCanvas showing ``session`` at its step and zoomed view, computed at once (the
    flat panels also for a session saved with the 3D view on: a picture of the 3D view comes
    from the window on screen, ``SurfacePresenter.picture``); deleted afterwards. A regression
    session's picture of every panel has the data view too. ``size``: the picture's (w, h),
    the canvas's size from the start (then fitted: a readout laid out first at another
    width keeps that layout's line height, views/readout.py). ``caption``: a lesson scene's
    (``state.lesson_view.Caption``), drawn below the panels."""
    from gradviz.gui.qt_app import start_qt

    start_qt()
    import shiboken6

    from gradviz.gui.canvas import SceneCanvas
    from gradviz.state import AppState
    from gradviz.state.intents import OpenSession, SetStep
    from gradviz.state.jobs import ImmediateRunner

    session = session.replace(display=dataclasses.replace(session.display, view3d=False))
    state = AppState(session, ImmediateRunner(budget=float("inf")))
    with_data = panel is None and session.mode == "regression"
    canvas = SceneCanvas(state, with_data, caption)
    if size is not None:
        canvas.resize(*size)
    canvas.show()
    try:
        state.apply(OpenSession(session))
        state.apply(SetStep(session.current_step))
        yield canvas
    finally:
        canvas.close()
        for widget in (canvas.data, canvas):
            if widget is not None and shiboken6.isValid(widget):
                shiboken6.delete(widget)


def render_picture(session, path, step, size, scale=1, panel=None, caption=None):
    """Write a PNG of the panels (or panel ``panel``, 0-based) at ``step``: ``size`` (w, h)
    logical pixels times ``scale``; a ``path`` ending in .svg gets an SVG of ``size`` (lines
    and text as vectors, ``scale`` unused). Raises OSError when the file cannot be written.
    ``caption``: a lesson scene's, below the panels."""
    from gradviz.gui.frames import PanelCamera

    with offscreen_scene(session, panel, size, caption) as canvas:
        camera = PanelCamera(canvas, panel)
        camera.fit(*size)
        if str(path).lower().endswith(".svg"):
            _save_svg(camera, path, step, session.title or "gradviz")
            return
        image = camera.image(step, scale, size)
        save_image(image, path)


def render_animation(session, path, steps, fps, size, progress=None, caption=None):
    """Write a GIF or MP4 with one frame per step in ``steps`` (see gradviz.video), with a
    lesson scene's ``caption`` below the panels if given."""
    from gradviz.gui.frames import PanelCamera
    from gradviz.video import write_animation

    with offscreen_scene(session, size=size, caption=caption) as canvas:
        camera = PanelCamera(canvas)
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
