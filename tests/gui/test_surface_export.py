"""File > Export while the 3D view is shown: which picture is made (the 3D view's or the flat
panels'), what the dialog and the status bar say, and the parts of the 3D picture that need no
OpenGL (legend layout, reading the framebuffer, the camera distance). Offscreen, where the 3D
view cannot draw; test_surface_gl.py exports the real 3D view under Xvfb."""

import math

import pytest
from gui_helpers import open_window
from PySide6.QtGui import QColor, QImage

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui import gl_check
from gradviz.gui.documents import current_session
from gradviz.gui.export_dialog import ExportDialog
from gradviz.gui.views.surface_labels import fit_distance
from gradviz.gui.views.surface_picture import legend_rows, opaque
from gradviz.state.intents import SetDisplay

SESSION = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.5),
                  panels=(PanelConfig("gd", {"lr": 0.09}), PanelConfig("adam", {"lr": 0.1})),
                  steps=40)


@pytest.fixture
def window(qtbot):
    gl_check.forget()
    win = open_window(qtbot, SESSION, (1400, 860))
    yield win
    gl_check.forget()


def dialog(window, kind, tmp_path):
    d = ExportDialog(window, kind, current_session(window), str(tmp_path))
    if kind != "data":
        d.width_box.setValue(480)
        d.height_box.setValue(270)
    return d


def test_without_the_3d_view_export_says_nothing_of_it(window, tmp_path):
    d = dialog(window, "picture", tmp_path)
    assert d.view_note is None
    assert d.export_to(str(tmp_path / "p.png"))
    assert window.statusBar().currentMessage() == f"Exported {tmp_path / 'p.png'}"


def test_without_opengl_the_3d_view_exports_the_flat_panels_and_says_so(window, tmp_path):
    assert dialog(window, "picture", tmp_path).export_to(str(tmp_path / "flat.png"))
    window.state.apply(SetDisplay("view3d", True))
    assert not window.surface.showing_scene()       # offscreen: no OpenGL
    d = dialog(window, "picture", tmp_path)
    assert d.view_note.text() == ("The 3D view cannot draw here (no OpenGL): the picture shows "
                                  "the flat panels.")
    assert d.export_to(str(tmp_path / "p.png"))
    assert window.statusBar().currentMessage().endswith("p.png (the flat panels)")
    # the panels, as with the 3D view off (the scene drawn for pictures once showed the 3D
    # page's sentence instead: it has no OpenGL either)
    image = QImage(str(tmp_path / "p.png"))
    assert (image.width(), image.height()) == (480, 270)
    assert image == QImage(str(tmp_path / "flat.png"))
    animation = dialog(window, "animation", tmp_path)
    assert "animation shows the flat panels" in animation.view_note.text()
    assert dialog(window, "data", tmp_path).view_note is None


class FakeSurface:
    """Stands in for the 3D view's presenter while it draws: its picture is one flat colour."""

    active = True

    def __init__(self):
        self.asked = []

    def showing_scene(self):
        return True

    def picture(self, step, size, scale=1, panel=None):
        self.asked.append((step, size, scale, panel))
        image = QImage(size[0] * scale, size[1] * scale, QImage.Format.Format_RGB32)
        image.fill(QColor("#123456"))
        return image


def test_while_the_3d_view_draws_a_png_is_its_picture_and_an_svg_the_panels(window, tmp_path,
                                                                            monkeypatch):
    fake = FakeSurface()
    monkeypatch.setattr(window, "surface", fake)
    d = dialog(window, "picture", tmp_path)
    assert d.view_note.text() == "The picture shows the 3D view as it is turned now."
    d.step.setValue(17)
    d.scale.setCurrentIndex(1)
    d.panel.setCurrentIndex(2)
    assert d.export_to(str(tmp_path / "p.png"))
    assert fake.asked == [(17, (480, 270), 2, 1)]
    image = QImage(str(tmp_path / "p.png"))
    assert (image.width(), image.height()) == (960, 540)
    assert QColor(image.pixel(10, 10)).name() == "#123456"
    assert window.statusBar().currentMessage().endswith("p.png (the 3D view)")

    d.format.setCurrentIndex(1)                         # SVG: the flat panels, said so
    assert d.view_note.text() == ("An SVG shows the flat panels: the 3D view can only be saved "
                                  "as a PNG.")
    assert d.export_to(str(tmp_path / "p.svg"))
    assert len(fake.asked) == 1
    assert "<svg" in (tmp_path / "p.svg").read_text(encoding="utf-8")
    assert window.statusBar().currentMessage().endswith("p.svg (the flat panels)")

    animation = dialog(window, "animation", tmp_path)
    assert animation.view_note.text() == "Animations show the flat panels, not the 3D view."


def test_legend_rows_wrap_and_leave_room_for_the_step():
    advance = lambda text: 10.0 * len(text)       # 10 px a character  # noqa: E731
    entries = [("#E69F00", "aaaa"), ("#56B4E9", "bbbbbb"), ("#CC79A7", "cc")]
    # an entry: 1.2 * height (dot and gap) + its text; entries 28 px apart (GAP)
    # first row: room 290 - (len("step 5") * 10 + 28) = 202; "aaaa": 12 + 40 = 52,
    # "bbbbbb" from 52 + 28 = 80: 80 + 72 = 152 fits; "cc" from 180: 180 + 32 > 202: next row
    rows = legend_rows(entries, "step 5", 290, advance, 10.0)
    assert rows == [[(0.0, "#E69F00", "aaaa"), (80.0, "#56B4E9", "bbbbbb")],
                    [(0.0, "#CC79A7", "cc")]]
    # 10 px wider: "cc" ends at 212, just fits
    assert len(legend_rows(entries, "step 5", 300, advance, 10.0)) == 1
    assert legend_rows([], "", 300, advance, 10.0) == []
    assert legend_rows([], "step 1", 300, advance, 10.0) == [[]]


def test_the_framebuffer_is_read_opaque_without_darkening():
    """Blended halos leave alpha below 1 in an opaque picture: the colours are kept as they are
    (read as premultiplied, (200, 100, 50) at alpha 128 would be un-premultiplied to
    (255, 199, 100))."""
    image = QImage(2, 1, QImage.Format.Format_RGBA8888_Premultiplied)
    image.fill(0)
    bits = image.bits()
    bits[0:4] = bytes([200, 100, 50, 128])
    out = opaque(image)
    assert out.format() == QImage.Format.Format_RGB32
    assert QColor(out.pixel(0, 0)).getRgb() == (200, 100, 50, 255)


def test_fit_distance_keeps_the_surface_whole_in_wide_and_tall_pictures():
    # fov 60 (horizontal): a square view sees 30 degrees each way: 1.45 / sin 30 = 2.9
    assert fit_distance(60, 1.0) == pytest.approx(2.9)
    # half as tall: atan(tan 30 * 0.5) = atan(0.288675); sin = 0.288675 / sqrt(1.083333)
    assert fit_distance(60, 0.5) == pytest.approx(1.45 / (0.288675 / math.sqrt(1.083333)),
                                                  rel=1e-5)
    # taller than wide: the horizontal half-angle limits
    assert fit_distance(60, 2.0) == pytest.approx(2.9)
