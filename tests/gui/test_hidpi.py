"""Every landscape item lands where the engine's trajectory says at any device pixel ratio
(1, 1.5, 2: a 2x screen, QT_SCALE_FACTOR, a 2x export), sharp, and the window keeps its layout
when its ratio changes.

A panel is painted into images of device pixel ratio r (what a screen of that scale or a 2x
export does); the engine's points are mapped to logical viewport pixels by the view box and
multiplied by r, and the pixels there must have the colour of the path, the current point and
the gradient arrow.
"""

import numpy as np
import pytest
from gui_helpers import do, session_window
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem

from gradviz.engine.expression import parse_expression
from gradviz.engine.session import PanelConfig, Session
from gradviz.engine.trajectory import run
from gradviz.gui.frames import PanelCamera, qimage_to_rgb
from gradviz.state.intents import SetDisplay

SESSION = Session(text="x^2 + 4*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 2.0),
                  panels=(PanelConfig("gd", {"lr": 0.02}), PanelConfig("adam", {"lr": 0.1})),
                  steps=80, current_step=40)
ORANGE = np.array([0xE6, 0x9F, 0x00])       # panel 1 (theme.PANEL_COLORS[0])
RED = np.array([0xFF, 0x33, 0x55])          # the gradient arrow (theme.POINT_ARROW_COLORS)


@pytest.fixture(scope="module")
def engine_path():
    """The engine's own points for panel 1 up to the current step (41, 2)."""
    f = parse_expression(SESSION.text)
    return run(f, "gd", SESSION.start, SESSION.steps, lr=0.02).points[: SESSION.current_step + 1]


@pytest.fixture
def window(qtbot):
    with session_window(SESSION) as win:
        win.resize(1280, 720)
        qtbot.wait(1)
        yield win


def paint_at(view, ratio):
    """The view painted into an image of device pixel ratio ``ratio``: (h, w, 3) uint8."""
    image = QImage(view.size() * ratio, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(0)
    painter = QPainter(image)
    view.render(painter, QPoint(0, 0))
    painter.end()
    return qimage_to_rgb(image)


def device_pixel(view, x, y, ratio):
    """(row, column) in a picture of ``view`` at ``ratio`` of the data point (x, y)."""
    scene = view.view_box.mapViewToScene(QPointF(float(x), float(y)))
    exact = view.graphics.viewportTransform().map(scene)    # logical viewport pixels
    offset = view.graphics.viewport().mapTo(view, QPoint(0, 0))
    return (int((exact.y() + offset.y()) * ratio), int((exact.x() + offset.x()) * ratio))


def near(rgb, row, col, color, reach, tolerance=60):
    """True if a pixel within ``reach`` of (row, col) is within ``tolerance`` of ``color``."""
    patch = rgb[max(row - reach, 0): row + reach + 1, max(col - reach, 0): col + reach + 1]
    return bool((np.abs(patch.astype(int) - color).sum(axis=2) <= tolerance).any())


@pytest.fixture
def no_point_arrows(window):
    """The gradient arrow points back along a descent path and would cover its last points."""
    for key in ("grad_arrow", "step_arrow", "momentum_arrow"):
        do(window, SetDisplay(key, False))


def path_hits(rgb, view, points, ratio):
    hits = [near(rgb, *device_pixel(view, x, y, ratio), ORANGE, reach=int(ratio))
            for x, y in points]
    return sum(hits) / len(hits)


def test_the_view_shows_the_engine_path(window, engine_path):
    assert np.array_equal(window.views[0].items.path.points(), engine_path)


@pytest.mark.parametrize("ratio", [1, 1.5, 2])
def test_the_path_lands_on_the_engine_points_at_any_ratio(window, no_point_arrows, engine_path,
                                                           ratio):
    view = window.views[0]
    rgb = paint_at(view, ratio)
    size = view.size() * ratio
    assert rgb.shape[:2] == (size.height(), size.width())
    assert path_hits(rgb, view, engine_path, ratio) > 0.9
    # and nothing of the path where twice the positions would put it (the old 2x bug)
    doubled = [device_pixel(view, x, y, ratio) for x, y in engine_path[::4]]
    doubled = [(2 * r, 2 * c) for r, c in doubled if 2 * r < rgb.shape[0] and 2 * c < rgb.shape[1]]
    if ratio > 1:
        assert not any(near(rgb, r, c, ORANGE, reach=0, tolerance=30) for r, c in doubled)


@pytest.mark.parametrize("ratio", [1, 2])
def test_current_point_and_gradient_arrow_land_where_the_engine_says(window, engine_path,
                                                                      ratio):
    view = window.views[0]
    view.items.path.hide()   # the gradient is drawn under the path, which goes back along it
    rgb = paint_at(view, ratio)
    x, y = engine_path[-1]
    r, c = device_pixel(view, x, y, ratio)
    assert near(rgb, r, c, ORANGE, reach=int(ratio))   # the marker's fill
    pairs = view.arrows.shown()["grad"]                  # shaft from the point to the tip
    mid = (pairs[0] + pairs[1]) / 2
    # at the point, or beside it where the path runs along it (point_arrows.BESIDE_PX)
    from gradviz.gui import theme
    from gradviz.gui.views.point_arrows import BESIDE_PX

    foot, point = device_pixel(view, *pairs[0], 1), device_pixel(view, x, y, 1)
    offset = np.hypot(foot[0] - point[0], foot[1] - point[1])
    assert offset <= theme.current().current_size / 2 + BESIDE_PX + 1
    # 80% opaque (point_arrows.GRAD_OPACITY) over the heatmap: red give or take a fifth
    assert near(rgb, *device_pixel(view, *mid, ratio), RED, reach=int(ratio), tolerance=150)


def test_lines_are_as_thick_at_2x_as_at_1x(window, no_point_arrows):
    """Same picture at twice the pixels: the path covers about four times as many pixels."""
    view = window.views[0]
    one = (np.abs(paint_at(view, 1).astype(int) - ORANGE).sum(axis=2) < 60).sum()
    two = (np.abs(paint_at(view, 2).astype(int) - ORANGE).sum(axis=2) < 60).sum()
    assert 3.0 < two / one < 5.0


def test_cached_layers_are_redrawn_at_the_new_ratio(window):
    """A 2x picture after the panel was shown at 1x equals one drawn with no caches at all
    (Qt's device caches would otherwise enlarge their 1x pixmaps), and 1x is cached again."""
    view = window.views[0]
    scene = view.graphics.scene()
    cached = [i for i in scene.items()
              if i.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache]
    assert len(cached) >= 5
    paint_at(view, 1)
    two = paint_at(view, 2).astype(int)
    for item in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    reference = paint_at(view, 2).astype(int)
    for item in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    assert np.abs(two - reference).max() <= 2
    paint_at(view, 1)
    assert all(i.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache for i in cached)


def test_markers_are_drawn_at_the_ratio_of_the_picture(window):
    """The symbols' bitmaps follow the picture's ratio, not the widget's (a 2x export of a
    window shown at 1x)."""
    view = window.views[0]
    paint_at(view, 2)
    assert view.items.start.fragmentAtlas.devicePixelRatio() == 2     # pyqtgraph scatter
    assert view.items.current._pixmap.devicePixelRatio() == 2         # the moving marker
    paint_at(view, 1)
    assert view.items.start.fragmentAtlas.devicePixelRatio() == 1
    assert view.items.current._pixmap.devicePixelRatio() == 1


def test_2x_export_puts_the_path_on_the_engine_points(qtbot, engine_path):
    from dataclasses import replace

    from gradviz.gui.export import offscreen_scene

    no_arrows = replace(SESSION.display, grad_arrow=False, step_arrow=False,
                        momentum_arrow=False)
    with offscreen_scene(SESSION.replace(display=no_arrows), panel=0) as canvas:
        camera = PanelCamera(canvas, panel=0)
        camera.fit(640, 480)
        rgb = qimage_to_rgb(camera.image(scale=2))
        view = canvas.views[0]
        assert rgb.shape[:2] == (2 * view.height(), 2 * view.width()) == (960, 1280)
        assert path_hits(rgb, view, engine_path, 2) > 0.9


# --- the window's layout when its ratio changes ------------------------------------------

def squeeze(window, qtbot, width, height):
    """Resize as the platform does for a moment, below the window's minimum size. (On a real
    move the moment lasts one batch of events; here a busy machine might let the watcher take
    it for the user's layout, so its settling waits for an hour.)"""
    window.scale_watcher.settle_timer.setInterval(3_600_000)
    window.setMinimumSize(0, 0)
    window.resize(width, height)
    qtbot.wait(1)


def test_a_ratio_change_brings_back_the_size_and_the_docks(window, qtbot):
    """Qt moves a window to a 2x screen by first keeping its device size (half the logical
    size), then resizing it back; the docks must come back too."""
    squeeze(window, qtbot, 1280, 720)
    watcher = window.scale_watcher
    watcher.remember_layout()
    curves = window.docks["curves"]
    before = (window.size(), curves.height(), window.views[0].height())
    squeeze(window, qtbot, 640, 360)     # the squeezed moment
    assert curves.height() < before[1]
    window.resize(1280, 720)             # Qt's resize back
    watcher.on_ratio_changed(2.0)
    with qtbot.waitSignal(watcher.ratio_changed, timeout=5000):
        pass
    qtbot.wait(1)
    assert (window.size(), curves.height(), window.views[0].height()) == before


def test_a_ratio_change_also_restores_a_window_left_small(window, qtbot):
    """A platform that keeps the device size: the watcher resizes the window back itself."""
    squeeze(window, qtbot, 1280, 720)
    window.scale_watcher.remember_layout()
    squeeze(window, qtbot, 640, 360)
    window.scale_watcher.on_ratio_changed(2.0)
    with qtbot.waitSignal(window.scale_watcher.ratio_changed, timeout=5000):
        pass
    assert (window.width(), window.height()) == (1280, 720)


# --- a real move between two screens (a child process: the screens are fixed at start) ----

MOVE_SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from test_hidpi import SESSION, device_pixel, path_hits
from gradviz.engine.expression import parse_expression
from gradviz.engine.trajectory import run
from gradviz.gui.app import create_window, open_session
from gradviz.gui.frames import qimage_to_rgb
from gradviz.state.intents import SetDisplay

app, window = create_window(SESSION)
window.resize(1280, 720)
window.move(40, 40)
window.show()
open_session(window, SESSION)
window.state.flush()
for key in ("grad_arrow", "step_arrow", "momentum_arrow"):
    window.state.apply(SetDisplay(key, False))
for _ in range(5):
    app.processEvents()
window.scale_watcher.remember_layout()
points = run(parse_expression(SESSION.text), "gd", SESSION.start, SESSION.steps,
             lr=0.02).points[: SESSION.current_step + 1]

def state():
    view = window.views[0]
    image = view.grab().toImage()
    ratio = window.devicePixelRatioF()
    return {"ratio": ratio, "image": [image.width(), image.height()],
            "geometry": {name: list(dock.geometry().getRect())
                         for name, dock in window.docks.items() if dock.isVisible()},
            "view": list(view.geometry().getRect()),
            "hits": path_hits(qimage_to_rgb(image), view, points, ratio)}

out = [state()]
for x in (2000, 40):        # to the 2x screen and back
    window.move(x, 40)
    for _ in range(5):
        app.processEvents()
    out.append(state())
print(json.dumps(out))
"""


def test_moving_to_a_2x_screen_and_back_keeps_the_layout_and_the_path(tmp_path):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps({"screens": [
        {"name": "one", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1},
        {"name": "two", "x": 1920, "y": 0, "width": 3840, "height": 2160, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1}]}))
    here = Path(__file__).parent
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}",
           "QT_SCREEN_SCALE_FACTORS": "1;2",
           "PYTHONPATH": os.pathsep.join([str(here.parent.parent), str(here)])}
    done = subprocess.run([sys.executable, "-c", MOVE_SCRIPT, str(here)], env=env, check=False,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    one, two, back = json.loads(done.stdout.strip().splitlines()[-1])
    assert (one["ratio"], two["ratio"], back["ratio"]) == (1, 2, 1)
    assert two["image"] == [2 * one["view"][2], 2 * one["view"][3]]   # drawn at 2x: sharp
    for moved in (two, back):
        assert moved["geometry"] == one["geometry"]
        assert moved["view"] == one["view"]
        assert moved["hits"] > 0.9
    assert one["hits"] > 0.9
