"""Start-up: the window icon, Qt's messages around the QApplication, the first-frame report."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSize, Qt, qWarning
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from gradviz.gui import platform_check
from gradviz.gui.app import app_icon, create_window

REPO = Path(__file__).resolve().parents[2]
ICONS = REPO / "resources" / "icons"


def test_the_application_carries_the_icon_at_every_size(qtbot):
    app, window = create_window()
    qtbot.addWidget(window)

    sizes = app.windowIcon().availableSizes()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert QSize(size, size) in sizes
    assert app.desktopFileName() == "gradviz"
    assert not app_icon().pixmap(64, 64).toImage().isNull()


def test_icon_pngs_are_renders_of_the_svg(qapp):
    # The PNGs are committed; this catches an SVG edited without `packaging/make_icons.py`.
    renderer = QSvgRenderer(str(ICONS / "gradviz.svg"))
    for size in (32, 128):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        png = QImage(str(ICONS / f"gradviz-{size}.png")).convertToFormat(image.format())
        differences = [abs(((image.pixel(x, y) >> shift) & 255) - ((png.pixel(x, y) >> shift)
                                                                   & 255))
                       for x in range(size) for y in range(size) for shift in (0, 8, 16, 24)]
        assert sum(differences) / len(differences) < 2.0, size


def test_icon_is_transparent_at_the_corners_and_opaque_inside(qapp):
    image = QImage(str(ICONS / "gradviz-256.png"))
    assert image.pixelColor(1, 1).alpha() == 0  # a rounded tile, not a square
    assert image.pixelColor(128, 200).alpha() == 255


def test_guard_passes_on_the_warnings_of_a_start_that_works(qapp, capsys):
    with platform_check.qt_fatal_guard():
        qWarning("a harmless warning while starting")
    assert "a harmless warning while starting" in capsys.readouterr().err


def test_opengl_status_is_a_verdict_and_a_reason(qapp):
    available, text = platform_check.opengl_status()
    assert isinstance(available, bool) and text


def test_first_frame_is_reported_after_launch(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GRADVIZ_FIRST_FRAME": "exit",
           "PYTHONPATH": str(REPO), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path)}
    launched = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "gradviz", "--size", "1024x640"],
                            capture_output=True, text=True, env=env, timeout=120, cwd=REPO)
    finished = time.monotonic()

    assert result.returncode == 0, result.stderr
    found = re.search(r"gradviz: first frame at monotonic ([0-9.]+)", result.stderr)
    assert found, result.stderr
    assert launched < float(found.group(1)) < finished


def test_screenshot_of_a_session_shows_that_session_at_its_step(qtbot, tmp_path):
    from gradviz.engine import session_io
    from gradviz.gui.app import screenshot

    session = session_io.load(REPO / "resources" / "examples" / "4-several-minima.gradviz.json")
    app, window = create_window()
    state = window.state
    shown, steps = [], []
    state.changed.connect(lambda parts: "session" in parts and shown.append(state.session))
    state.changed.connect(lambda parts: "step" in parts and steps.append(state.step))

    assert screenshot(app, window, tmp_path / "shot.png", session=session) == 0
    assert shown[-1].text == session.text and shown[-1].title == session.title
    assert steps[-1] == session.current_step == 400
    assert QImage(str(tmp_path / "shot.png")).width() > 0


def test_garbage_is_collected_on_the_gui_thread_only(qtbot):
    """A worker's collection must never free Qt objects (Python 3.13 crashed painting them):
    automatic collection is off and a GUI-thread timer collects."""
    import gc
    import threading
    import weakref

    from PySide6.QtCore import QObject

    from gradviz.gui.gc_on_gui_thread import INTERVAL_S
    from gradviz.gui.platform_check import application

    application()
    assert not gc.isenabled()
    freed_in = []

    class Holder:
        pass

    holder = Holder()
    holder.me = holder   # a cycle: only the collector frees it
    holder.qt = QObject()
    holder.qt.destroyed.connect(lambda: freed_in.append(threading.current_thread().name))
    alive = weakref.ref(holder)
    del holder
    kept = []   # allocations that stay alive: freed ones would take the count back down

    def allocate():
        kept.extend([] for _ in range(2 * gc.get_threshold()[0]))

    worker = threading.Thread(target=allocate)   # crosses the threshold in a worker thread
    worker.start()
    worker.join()
    assert alive() is not None   # nothing collected it off the GUI thread
    qtbot.waitUntil(lambda: alive() is None, timeout=int(INTERVAL_S * 20_000))   # generous
    assert freed_in == [threading.main_thread().name]
