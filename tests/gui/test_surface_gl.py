"""The 3D view drawn for real: a window on a private Xvfb screen, in a child process (the test
session itself is offscreen, where Qt has no OpenGL). Skipped where there is no Xvfb or where
OpenGL does not work under it; the check says which."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import sys
    from PySide6.QtGui import QColor
    from gradviz.engine import session_io
    from gradviz.gui.app import create_window

    app, window = create_window()
    window.resize(1280, 800)
    window.show()
    session = session_io.load(sys.argv[1])
    window.controller.load(session.replace(display=session.display.__class__(
        **{**session.display.__dict__, "view3d": True})))
    window.controller.set_step(60)
    window.surface_sync.wait_for_check()
    for _ in range(20):
        app.processEvents()
    page = window.surface_page
    if not page.showing_scene():
        print("UNAVAILABLE", page.message.text())
        sys.exit(0)
    image = page.gl_view.grabFramebuffer()
    image.save(sys.argv[2])
    print("DRAWN", page.step_label.text(), "|", page.legend_text())
""")


def _start_xvfb():
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    return server, number


@pytest.mark.skipif(not shutil.which("Xvfb"), reason="no Xvfb on this machine")
def test_the_surface_and_the_paths_are_drawn_under_xvfb(tmp_path):
    server, number = _start_xvfb()
    try:
        if not number:
            pytest.skip("Xvfb did not start")
        env = dict(os.environ, DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb",
                   XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
                   XDG_STATE_HOME=str(tmp_path / "state"), PYTHONPATH=str(ROOT))
        session = ROOT / "resources" / "examples" / "4-several-minima.gradviz.json"
        picture = tmp_path / "surface.png"
        done = subprocess.run([sys.executable, "-c", CHILD, str(session), str(picture)],
                              capture_output=True, text=True, env=env, timeout=180, cwd=ROOT)
    finally:
        server.terminate()
        server.wait(10)
    assert done.returncode == 0, done.stderr[-2000:]
    if done.stdout.startswith("UNAVAILABLE"):
        pytest.skip(f"OpenGL is not available under Xvfb here: {done.stdout.strip()}")
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "step 60" in done.stdout

    from PySide6.QtGui import QImage

    image = QImage(str(picture))
    assert image.width() > 600 and image.height() > 300
    colors = {}
    for x in range(0, image.width(), 3):
        for y in range(0, image.height(), 3):
            rgb = image.pixelColor(x, y).getRgb()[:3]
            colors[rgb] = colors.get(rgb, 0) + 1
    # a lit, colour-mapped surface: hundreds of shades, not a blank or one-colour picture
    assert len(colors) > 300

    def near(target, tolerance=30):
        return sum(n for rgb, n in colors.items()
                   if max(abs(a - b) for a, b in zip(rgb, target)) <= tolerance)

    # the panels' paths and current points in their colours (theme.PANEL_COLORS)
    assert near((0xE6, 0x9F, 0x00)) > 5    # orange, panel 1
    assert near((0x56, 0xB4, 0xE9)) > 5    # sky blue, panel 2
