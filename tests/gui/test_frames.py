"""Pictures of the panels, drawn offscreen by the window's views and presenters from a state
(never by a window): the right area, the right size, sharp at 2x with every item where the 1x
picture has it, and the session's view and step restored."""

import numpy as np
import pytest

from gradviz.engine import session_io
from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.export import offscreen_scene, render_picture
from gradviz.gui.frames import PanelCamera, panels_rect, qimage_to_rgb

SESSION = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.5),
                  panels=(PanelConfig("gd", {"lr": 0.09}), PanelConfig("adam", {"lr": 0.1})),
                  steps=60, current_step=30, view=((-2.8, 0.5), (-1.0, 2.0)))
ORANGE = np.array([0xE6, 0x9F, 0x00])  # panel 1's path colour (theme.PANEL_COLORS[0])


@pytest.fixture
def window(qtbot):
    """The offscreen scene of SESSION (the fixture kept its name from when it was a window)."""
    with offscreen_scene(SESSION) as canvas:
        yield canvas


def test_session_view_and_step_are_restored(window):
    assert window.state.step == 30
    (x0, x1), (y0, y1) = window.views[0].view_range()
    assert x0 <= -2.8 and x1 >= 0.5 and y0 <= -1.0 and y1 >= 2.0
    assert x1 - x0 < 4.5  # zoomed in, not the whole domain of width 6


def test_grab_covers_exactly_the_panels(window):
    rect = panels_rect(window)
    views = [v.geometry() for v in window.views]
    assert rect.width() >= sum(v.width() for v in views)
    assert rect.height() >= views[0].height()
    assert rect == window.panels.geometry()
    one = panels_rect(window, 1)
    assert one.size() == window.views[1].size() and rect.contains(one)


def test_one_panel_is_drawn_at_the_size_asked_not_scaled(window):
    camera = PanelCamera(window, panel=1)
    assert camera.fit(700, 400)       # the canvas grows by twice what the one panel needs
    assert window.views[1].size().toTuple() == (700, 400)


def test_fit_gives_the_requested_size(window):
    camera = PanelCamera(window)
    assert camera.fit(1000, 500)
    assert (camera.image().width(), camera.image().height()) == (1000, 500)
    forced = camera.image(size=(300, 200))  # smaller than the panels can be: scaled
    assert (forced.width(), forced.height()) == (300, 200)


def test_2x_is_the_1x_picture_with_four_times_the_pixels(window):
    camera = PanelCamera(window)
    camera.fit(900, 450)
    one = qimage_to_rgb(camera.image(30)).astype(float)
    two = qimage_to_rgb(camera.image(30, scale=2)).astype(float)
    assert two.shape == (900, 1800, 3)
    halved = two.reshape(450, 2, 900, 2, 3).mean(axis=(1, 3))
    assert np.abs(halved - one).mean() < 12  # same picture: every item in the same place
    path_one = (np.abs(one - ORANGE).sum(axis=2) < 40)
    path_two = (np.abs(halved - ORANGE).sum(axis=2) < 60)
    assert path_one.sum() > 200
    overlap = (path_one & path_two).sum() / path_one.sum()
    assert overlap > 0.5


def test_steps_change_the_picture(window):
    camera = PanelCamera(window)
    camera.fit(800, 400)
    start, later = camera.rgb(0), camera.rgb(30)
    # below the headers: the title chip is orange too, and takes a shorter spelling when the
    # status needs its room
    below = round(0.12 * start.shape[0])
    orange = lambda img: (np.abs(img[below:].astype(int) - ORANGE).sum(axis=2) < 40).sum()  # noqa: E731
    assert orange(later) > orange(start) + 100  # the path has grown


def test_render_picture_writes_a_png_of_the_size(tmp_path, qtbot):
    from PySide6.QtGui import QImage

    path = tmp_path / "a.png"
    render_picture(SESSION, path, 30, (640, 360), scale=2)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1280, 720)


def test_pictures_and_animations_build_no_window(tmp_path, qtbot, monkeypatch):
    # (issue 14: export once built a hidden MainWindow for every picture)
    from gradviz.gui import main_window
    from gradviz.gui.export import render_animation

    def built(*args, **kwargs):
        raise AssertionError("a MainWindow was built for a picture")

    monkeypatch.setattr(main_window.MainWindow, "__init__", built)
    render_picture(SESSION, tmp_path / "a.png", 30, (320, 180))
    render_picture(SESSION, tmp_path / "a.svg", 30, (320, 180))
    render_animation(SESSION, tmp_path / "a.gif", range(0, 6, 2), 10, (160, 90))
    assert all((tmp_path / name).stat().st_size > 0 for name in ("a.png", "a.svg", "a.gif"))


def test_example_sessions_open_in_the_window(qtbot):
    from gradviz.resources import examples

    for path in examples():
        session = session_io.load(path)
        with offscreen_scene(session) as canvas:
            assert canvas.state.step == session.current_step
            assert len(canvas.state.runs) == len(session.panels)
            assert len(canvas.views) == len(session.panels)
            assert (canvas.data is not None) == (session.mode == "regression")
