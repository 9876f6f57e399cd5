"""The landscapes keep their room (gui/center_room.py): a dock below them, pulled large, or a
lesson's caption band never squeezes the panels below 45% of the window's height, and the band
stays below the panels (a minimum they could not meet would make Qt overlap them)."""

from pathlib import Path

import pytest
from gui_helpers import documented_window
from PySide6.QtCore import Qt

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui.center_room import CENTER_SHARE
from gradviz.state import lesson_intents as li

REPO = Path(__file__).resolve().parents[2]
RATE = sorted((REPO / "resources" / "lessons").glob("*.gradviz-lesson.json"))[2]


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    session = Session(text="x^2 + 3*y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.5, 1.5),
                      panels=(PanelConfig("gd", {"lr": 0.05}),), steps=100)
    with documented_window(tmp_path, monkeypatch, session) as win:
        win.resize(1280, 720)
        qtbot.wait(20)
        yield win


def test_a_dock_pulled_large_leaves_the_landscapes_their_share(window, qtbot):
    curves = window.docks["curves"]
    curves.show()
    window.resizeDocks([curves], [600], Qt.Orientation.Vertical)   # as a drag would
    qtbot.wait(20)
    assert window.center.height() >= CENTER_SHARE * window.height() - 1
    assert curves.isVisible() and curves.height() < 600


def test_a_lessons_band_and_docks_stay_below_the_landscapes(window, qtbot):
    from gradviz.gui.lesson_window import start_lesson_file

    assert start_lesson_file(window, RATE)
    window.state.flush()
    for k in range(5):
        window.state.apply(li.GoToScene(k))
        window.state.flush()
        qtbot.wait(20)
        grid, band = window.center, window.caption
        bottom = grid.mapTo(window, grid.rect().bottomLeft()).y()
        assert band.mapTo(window, band.rect().topLeft()).y() > bottom
        assert grid.height() >= min(CENTER_SHARE * window.height(),
                                    window.height() - band.height()
                                    - window.playback.height() - 120) - 1
