"""What the lesson tests share: the shipped lessons, a window documented as the app makes it,
and starting a lesson file in it."""

from pathlib import Path

import pytest
from gui_helpers import documented_window

from gradviz.engine.session import PanelConfig, Session

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "resources" / "lessons").glob("*.gradviz-lesson.json"),
                 key=lambda p: int(p.name.partition("-")[0]))   # 2 before 10
RATE = SHIPPED[2]


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    session = Session(text="x^2 + 3*y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.5, 1.5),
                      panels=(PanelConfig("gd", {"lr": 0.05}),), steps=100)
    with documented_window(tmp_path, monkeypatch, session) as win:
        yield win


def start(window, path):
    from gradviz.gui.lesson_window import start_lesson_file

    assert start_lesson_file(window, path)
    window.state.flush()


def open_example(window, qtbot, name):
    """File > Examples > ``name``: (the example's session, the caption band showing it)."""
    from gradviz.engine import session_io

    path = REPO / "resources" / "examples" / f"{name}.gradviz.json"
    assert window.documents.open_example(path)
    window.state.flush()
    qtbot.waitUntil(window.caption.isVisible)
    return session_io.load(path), window.caption


def theme_pt(pt):
    from gradviz.gui import theme

    return theme.current().pt(pt)
