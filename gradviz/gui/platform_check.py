"""Qt's side of the start-up check: one line instead of Qt's abort, and what Qt can do here.

``qt_fatal_guard()`` wraps the creation of the QApplication. Qt reports a platform plugin that
cannot start with a few warnings and then a fatal message, after which it aborts the process;
the guard catches that fatal message, prints one line built from what Qt said, and exits with
code 2. ``gradviz.selfcheck.qt_start_problem`` catches the usual causes earlier and more
precisely; this is the net for the rest. Warnings of a start that succeeds are printed as Qt
would have printed them.
"""

import contextlib
import os
import sys

GL_VERSION = 0x1F02
GL_RENDERER = 0x1F01
FATAL_EXIT_CODE = 2


@contextlib.contextmanager
def qt_fatal_guard():
    """Inside the block, a fatal Qt message ends the process with one line and exit code 2."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    heard = []

    def handler(kind, context, message):
        if kind == QtMsgType.QtFatalMsg:
            said = "; ".join(dict.fromkeys(m.strip() for _c, m in heard + [("", message)]
                                           if m.strip()))
            print(f"gradviz: Qt cannot start: {' '.join(said.split())} (`gradviz --self-check` "
                  "checks the libraries and the display)", file=sys.stderr)
            sys.stderr.flush()
            os._exit(FATAL_EXIT_CODE)  # Qt would abort() right after this handler returns
        heard.append((context.category, message))

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
        for category, message in heard:
            prefix = f"{category}: " if category and category != "default" else ""
            print(prefix + message, file=sys.stderr)


def application():
    """The QApplication, created under the guard if it does not exist yet."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        with qt_fatal_guard():
            app = QApplication(sys.argv[:1])
    from gradviz.gui.gc_on_gui_thread import collect_on_gui_thread

    collect_on_gui_thread()   # no Qt object freed by a worker thread's collection
    return app


def opengl_status():
    """(available, description): can this Qt platform make an OpenGL context current here?"""
    from PySide6.QtGui import QOffscreenSurface, QOpenGLContext

    context = QOpenGLContext()
    if not context.create():
        return False, "no OpenGL context on this Qt platform"
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    if not context.makeCurrent(surface):
        return False, "an OpenGL context exists but cannot be made current"
    try:
        functions = context.functions()
        version = functions.glGetString(GL_VERSION)
        renderer = functions.glGetString(GL_RENDERER)
    finally:
        context.doneCurrent()
    try:
        # What an OpenGL view would be built on.
        import PySide6.QtOpenGL
        import PySide6.QtOpenGLWidgets  # noqa: F401
    except ImportError as error:
        return False, f"OpenGL {version} works but Qt's OpenGL modules are missing ({error})"
    return True, f"OpenGL {version}, {renderer}"
