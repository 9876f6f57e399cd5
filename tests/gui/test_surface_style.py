"""The 3D view follows the window's theme and presentation mode: the look it is handed
(``SurfacePage.look``, a ``surface_style.SceneStyle``), checked offscreen where no OpenGL scene
exists; the OpenGL drawing itself is checked in test_surface_gl.py."""

import pytest
from gui_helpers import open_window
from PySide6.QtWidgets import QApplication

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui import gl_check, theme
from gradviz.gui.views.surface_style import rgba, scene_style
from gradviz.state.intents import SetDisplay

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"


def close(a, b):
    return all(abs(x - y) < 1e-6 for x, y in zip(a, b))


def test_light_normal_size_is_the_look_the_view_had_before_themes():
    look = scene_style(theme.make_style("light"))
    assert look.background == "#FFFFFF" and look.text == "#202020"
    # floor: 55 % of the way from white (1) to #20 = 32/255 = 0.12549
    assert close(look.floor, (1 - 0.55 * (1 - 32 / 255),) * 3 + (1.0,))
    assert close(look.grid, (1 - 0.22 * (1 - 32 / 255),) * 3 + (1.0,))
    assert close(look.undefined, (0xB0 / 255,) * 3 + (1.0,))
    assert (look.path_width, look.halo_width) == (3.5, 7.0)
    assert (look.marker_size, look.marker_halo) == (15.0, 21.0)
    assert (look.minimum_size, look.minimum_halo) == (11.0, 16.0)
    assert (look.tick_pt, look.title_pt) == (11, 12)


def test_dark_theme_has_a_dark_background_and_light_text():
    look = scene_style(theme.make_style("dark"))
    assert look.background == "#1C1C1C" and look.text == "#E4E4E4"
    # from 0x1C = 28 towards 0xE4 = 228: 28 + 0.55 * 200 = 138, 28 + 0.22 * 200 = 72
    assert close(look.floor, (138 / 255,) * 3 + (1.0,))
    assert close(look.grid, (72 / 255,) * 3 + (1.0,))
    assert close(look.undefined, (0x5E / 255,) * 3 + (1.0,))
    assert close(look.path_halo, (0x11 / 255,) * 3 + (0.9,))


def test_presentation_grows_paths_markers_and_text_as_the_flat_panels_do():
    for scheme in ("light", "dark"):
        look = scene_style(theme.make_style(scheme, presentation=True))
        # the flat panels: paths 5 px over a 9 px halo; here half a pixel (one) wider
        assert (look.path_width, look.halo_width) == (5.5, 10.0)
        # markers x1.5 (the flat panels' current point 16 -> 24 px)
        assert look.marker_size == pytest.approx(22.5)
        assert look.marker_halo == pytest.approx(31.5)
        assert look.minimum_size == pytest.approx(16.5)
        # type x1.4
        assert look.tick_pt == pytest.approx(15.4) and look.title_pt == pytest.approx(16.8)
    assert scene_style(theme.make_style("dark", True)).background == "#000000"


def test_rgba_reads_hex_colours():
    assert rgba("#FF8000") == (1.0, 128 / 255, 0.0, 1.0)
    assert rgba("#000000", 0.5) == (0.0, 0.0, 0.0, 0.5)


@pytest.fixture
def window(qtbot):
    gl_check.forget()
    session = Session(text=ROSENBROCK, domain=((-2.0, 2.0), (-1.0, 3.0)), start=(-1.5, 2.5),
                      panels=(PanelConfig("gd", {"lr": 5e-4}),), steps=50)
    win = open_window(qtbot, session, (1400, 860))
    win.state.apply(SetDisplay("view3d", True))
    yield win
    win.presentation.set_active(False)
    win.appearance.set_mode("light")
    gl_check.forget()


def test_the_page_follows_the_theme_live(window):
    page = window.surface_page
    assert page.look.background == "#FFFFFF"
    window.appearance.set_mode("dark")
    assert page.look.background == "#1C1C1C" and page.look.text == "#E4E4E4"
    assert "#B4B4B4" in page.hint.styleSheet()       # the dark theme's muted text
    window.appearance.set_mode("light")
    assert page.look == scene_style(theme.make_style("light"))
    assert "#505050" in page.hint.styleSheet()


def test_presentation_mode_grows_the_scene_and_leaving_shrinks_it(window):
    page = window.surface_page
    normal = page.look
    window.presentation.set_active(True)
    assert page.look.presentation
    assert (page.look.path_width, page.look.halo_width) == (5.5, 10.0)
    assert page.look.marker_size == pytest.approx(1.5 * normal.marker_size)
    assert page.look.tick_pt == pytest.approx(1.4 * normal.tick_pt)
    assert page.legend.font().pointSizeF() == pytest.approx(1.4 * theme.READOUT_PT)
    window.presentation.set_active(False)
    assert page.look == normal
    assert page.legend.font().pointSizeF() == pytest.approx(theme.READOUT_PT)


def test_the_page_takes_the_style_the_window_starts_in(qtbot):
    """The page is built before the window's appearance applies its first style (here: light,
    the offscreen desktop's, over a dark style left current): it must not keep the old one."""
    from gradviz.gui.app import create_window

    previous = theme.set_current(theme.make_style("dark"))
    try:
        _, win = create_window()
        qtbot.addWidget(win)
        assert win.appearance.style.scheme == "light"
        assert win.surface_page.look == scene_style(win.appearance.style)
    finally:
        theme.set_current(previous)


class FakeScene:
    """Stands in for SurfaceGLView: the page only asks it for a widget and hands it looks."""

    def __init__(self):
        self.looks = []

    def container(self, parent):
        from PySide6.QtWidgets import QWidget

        return QWidget(parent)

    def apply_style(self, look):
        self.looks.append(look)


def test_the_hint_makes_room_for_the_legend_and_the_scene_gets_each_style(qtbot):
    from gradviz.gui.views.surface3d import SurfacePage

    page = SurfacePage()
    qtbot.addWidget(page)
    page.resize(1600, 500)
    page.show()
    scene = FakeScene()
    page.show_scene(scene)
    page.set_legend([("#E69F00", "Gradient descent, lr 0.01: converged at step 53"),
                     ("#56B4E9", "Momentum, lr 0.004: running")])
    assert page.hint.isVisible()                   # wide: the longest entry fits beside it
    page.resize(700, 500)
    assert not page.hint.isVisible()               # narrow: the legend keeps its room
    QApplication.processEvents()                   # the layout takes the hint's room
    assert page.legend.width() >= page.legend.minimumSizeHint().width()
    page.resize(1600, 500)
    assert page.hint.isVisible()
    page.apply_style(theme.make_style("dark", presentation=True))
    assert not page.hint.isVisible()               # presenting: never the hint
    assert scene.looks == [scene_style(theme.make_style("dark", presentation=True))]
    page.apply_style(theme.make_style("light"))
    assert page.hint.isVisible() and scene.looks[-1].background == "#FFFFFF"
