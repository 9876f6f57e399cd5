"""The path keeps its colour during real playback: the clock running, many frames, each adding
a few segments (the incremental drawing of views/path_item.py), not one picture drawn at once.

Before the fix each new segment's dark halo was drawn over the previous segment's colour:
gradient descent on Rosenbrock, whose steps are shorter than the halo is wide, turned black.
"""

import numpy as np
from gui_helpers import open_window
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from gradviz.engine.session import DisplayConfig, PanelConfig, Session
from gradviz.gui import theme
from gradviz.state.intents import Pause, Play, SetSpeed, SetStep

ORANGE = QColor(theme.PANEL_COLORS[0])


def _session(steps=240):
    quiet = DisplayConfig(arrows=False, contours=False, grad_arrow=False, step_arrow=False,
                          momentum_arrow=False, minima=False)
    return Session(text="(1 - x)^2 + 100*(y - x^2)^2", domain=((-2.0, 2.0), (-1.0, 3.0)),
                   start=(-1.8, 2.5), panels=(PanelConfig("gd", {"lr": 1e-3}),),
                   steps=steps, display=quiet)


def _pixels(view, points):
    """The viewport pixels (col, row) of data points."""
    out = []
    for x, y in points:
        scene = view.view_box.mapViewToScene(QPointF(float(x), float(y)))
        p = view.graphics.mapFromScene(scene)
        out.append((p.x(), p.y()))
    return np.array(out)


def _colored_share(view, points, color, keep_away):
    """Of the path's points at least ``keep_away`` pixels from the markers (start, current
    point), the share whose pixel is ``color`` (each channel within 12)."""
    image = view.graphics.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    pix = _pixels(view, points)
    ends = _pixels(view, [points[0], points[-1]])
    near = np.min(np.hypot(*(pix[:, None, :] - ends[None, :, :]).transpose(2, 0, 1)), axis=1)
    hits = total = 0
    for (px, py), d in zip(pix, near):
        if d < keep_away:
            continue
        c = image.pixelColor(int(px * ratio), int(py * ratio))
        total += 1
        hits += all(abs(a - b) <= 12 for a, b in ((c.red(), color.red()),
                                                   (c.green(), color.green()),
                                                   (c.blue(), color.blue())))
    return hits, total


def test_the_path_keeps_its_colour_along_its_whole_length_while_playing(qtbot):
    win = open_window(qtbot, _session())
    view = win.panels.views[0]
    state = win.state
    for intent in (SetSpeed(120), SetStep(0), Play()):
        state.apply(intent)
    traj = state.runs[0].trajectory
    shares = []
    for _ in range(6):   # several frames of real playback, the clock running
        qtbot.wait(250)
        k = state.step
        if k < 20:
            continue
        hits, total = _colored_share(view, traj.points[: k + 1], ORANGE, keep_away=20)
        assert total > 10
        shares.append(hits / total)
    state.apply(Pause())
    assert len(shares) >= 3
    assert min(shares) > 0.97, shares   # before the fix: ~0.1, the halo over the colour


def test_grown_a_point_at_a_time_the_path_is_the_one_drawn_at_once(qtbot):
    """The incremental image is the one-shot image, pixel for pixel (what a screenshot draws
    is what playback draws)."""
    from gradviz.engine.expression import parse_expression
    from gradviz.engine.trajectory import run
    from gradviz.gui.views.landscape import LandscapeView

    f = parse_expression("(1 - x)^2 + 100*(y - x^2)^2")
    points = run(f, "gd", (-1.8, 2.5), 200, lr=1e-3).points
    long_steps = run(parse_expression("x^2 + 10*y^2"), "gd", (-1.8, 2.5), 30, lr=0.09).points

    def picture(pts, grow):
        view = LandscapeView()
        qtbot.addWidget(view)
        view.resize(500, 420)
        view.set_view_range(((-2.0, 2.0), (-1.0, 3.0)))
        view.show()
        qtbot.waitExposed(view)
        for k in range(2, len(pts) + grow, grow):
            view.set_path(pts[:k])
            QApplication.processEvents()   # the scene hands its changed area to the view
            view.graphics.viewport().repaint()
        image = view.graphics.viewport().grab().toImage()
        return np.frombuffer(image.constBits(), np.uint8)[: image.sizeInBytes()].copy()

    for pts in (points, long_steps):
        assert np.array_equal(picture(pts, 1), picture(pts, len(pts)))


def test_an_exported_animation_keeps_the_colour_too(qtbot):
    """GIF and MP4 frames are grabbed one step after another (frames.PanelCamera), the path
    growing between grabs: the last frame's path is orange all along."""
    from gradviz.gui.export import offscreen_scene
    from gradviz.gui.frames import PanelCamera, panels_rect

    with offscreen_scene(_session()) as win:   # what File > Export and render draw
        camera = PanelCamera(win)
        camera.fit(640, 480)
        for k in range(0, 241, 8):
            rgb = camera.rgb(k)
        view = win.views[0]
        traj = win.state.runs[0].trajectory
        origin = view.graphics.mapTo(win, view.graphics.rect().topLeft())
        shift = camera.image(240).width() / camera.size().width()
        pix = _pixels(view, traj.points[20:221:4])
        ends = _pixels(view, [traj.points[0], traj.points[240]])
        rect = panels_rect(win)
        hits = total = 0
        for px, py in pix:
            if min(np.hypot(px - ex, py - ey) for ex, ey in ends) < 20:
                continue
            x = round((px + origin.x() - rect.x()) * shift)
            y = round((py + origin.y() - rect.y()) * shift)
            r, g, b = (int(v) for v in rgb[y, x])
            total += 1
            hits += abs(r - ORANGE.red()) <= 12 and abs(g - ORANGE.green()) <= 12 \
                and abs(b - ORANGE.blue()) <= 12
        assert total > 10 and hits / total > 0.97, (hits, total)   # before the fix: 1 of 21
