"""Can the 3D view draw here? Asked without putting the window at risk.

A broken OpenGL driver does not raise: it can abort or crash the process that creates a
context. So the real test runs in a child process (``probe_main``): it starts Qt on the same
platform, draws a small pyqtgraph.opengl scene (a coloured triangle) into an offscreen
framebuffer and reads a pixel back, then prints one line: ``ok<TAB>what`` or
``problem<TAB>why``. The window starts that child with QProcess (it never blocks the event
loop) the first time the 3D view is shown, and keeps the answer for the rest of the session.

Cases known without a child (``quick_problem``): Qt platforms that never have OpenGL
(offscreen, minimal: tests and pictures without a display), PyOpenGL or Qt's OpenGL widgets
missing. The child is the ``gradviz`` program itself (``python -m gradviz`` from a checkout,
the executable in a PyInstaller bundle) with ``GRADVIZ_GL_PROBE=1``.
"""

from __future__ import annotations

import importlib.util
import os
import sys

PROBE_ENV = "GRADVIZ_GL_PROBE"
PROBE_TIMEOUT_MS = 30_000
NO_GL_PLATFORMS = {"offscreen", "minimal", "vnc", "linuxfb"}
_RED = (230, 40, 40)   # the probe's triangle, read back from the framebuffer

_answer: tuple[bool, str] | None = None   # (available, detail), once known


def known_answer():
    """(available, detail) if this process already knows, else None."""
    return _answer


def remember(available: bool, detail: str) -> None:
    global _answer
    _answer = (bool(available), str(detail))


def forget() -> None:
    """Ask again next time (tests)."""
    global _answer
    _answer = None


def quick_problem(platform_name: str) -> str | None:
    """Why the 3D view cannot draw, when that is clear without touching OpenGL; else None."""
    if platform_name in NO_GL_PLATFORMS:
        return (f"Qt's {platform_name} platform, used for tests and for pictures without a "
                "display, has no OpenGL")
    if importlib.util.find_spec("OpenGL") is None:
        return "the Python package PyOpenGL is not installed (pip install PyOpenGL)"
    try:
        import PySide6.QtOpenGLWidgets  # noqa: F401
    except ImportError as error:
        return f"Qt's OpenGL widgets are missing ({error})"
    return None


def probe_command() -> tuple[str, list[str]]:
    """(program, arguments) that start the child: the bundle's executable, or this Python."""
    if getattr(sys, "frozen", False):
        return sys.executable, []
    return sys.executable, ["-m", "gradviz"]


def reason_from(exit_code: int | None, crashed: bool, stdout: str, stderr: str) -> tuple[bool, str]:
    """(available, detail) from what the child did: its ``ok``/``problem`` line if it printed
    one, otherwise how it ended."""
    for line in stdout.splitlines():
        verdict, _, detail = line.partition("\t")
        if verdict in ("ok", "problem") and detail:
            return verdict == "ok", detail.strip()
    said = [line.strip() for line in stderr.splitlines() if line.strip()]
    last = f" ({said[-1][:160]})" if said else ""
    if crashed:
        return False, f"a test drawing with OpenGL crashed{last}"
    return False, f"a test drawing with OpenGL failed with exit code {exit_code}{last}"


# --- the child ---------------------------------------------------------------------------

def probe_main() -> int:
    """In the child: draw the test scene and print the verdict line. Always exits 0 when it
    gets as far as printing; a crash is the parent's to interpret."""
    try:
        verdict = _draw_test_scene()
    except Exception as error:  # noqa: BLE001 - whatever breaks, the answer is "no"
        # "Error calling Python override of QOpenGLWidget::initializeGL(): <the reason>"
        verdict = (False, str(error).split("(): ")[-1].strip()[:200] or type(error).__name__)
    print(("ok\t" if verdict[0] else "problem\t") + " ".join(verdict[1].split()))
    sys.stdout.flush()
    return 0


def _draw_test_scene() -> tuple[bool, str]:
    from gradviz.gui.platform_check import application, opengl_status

    app = application()
    problem = quick_problem(app.platformName())
    if problem:
        return False, problem
    available, detail = opengl_status()
    if not available:
        return False, detail
    import numpy as np
    import pyqtgraph.opengl as gl

    view = gl.GLViewWidget()
    view.resize(64, 64)
    view.setBackgroundColor((0, 0, 0, 255))
    color = np.array([[c / 255 for c in _RED] + [1.0]] * 3, dtype=np.float32)
    mesh = gl.MeshData(vertexes=np.array([[-5, -5, 0], [5, -5, 0], [0, 5, 0]], np.float32),
                       faces=np.array([[0, 1, 2]]), vertexColors=color)
    view.addItem(gl.GLMeshItem(meshdata=mesh, smooth=False))
    view.addItem(gl.GLLinePlotItem(pos=np.array([[-1, 0, 0.1], [1, 0, 0.1]]), width=2))
    view.setCameraPosition(distance=8, elevation=90, azimuth=0)
    image = view.grabFramebuffer()
    pixel = image.pixelColor(32, 40)
    got = (pixel.red(), pixel.green(), pixel.blue())
    if max(abs(a - b) for a, b in zip(got, _RED)) > 40:
        return False, f"a test drawing with OpenGL came out wrong (pixel {got}, expected {_RED})"
    return True, detail


def child_environment() -> dict:
    env = dict(os.environ)
    env[PROBE_ENV] = "1"
    return env
