"""One rule for the titles of a window: every panel at the same spelling, never eliding the
rate; like panels told apart by what differs (issue 16 item 2, from the gallery's review)."""

import pytest
from gui_helpers import open_window
from PySide6.QtWidgets import QApplication

from gradviz.engine.session import PanelConfig, Session
from gradviz.engine.session_io import load
from gradviz.resources import examples


def _settle(qtbot):
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(30)


def _titles(window):
    return [view.header.title_label.text() for view in window.panels.visible_views()]


@pytest.mark.parametrize("width", [1280, 1100, 900, 700])
def test_titles_side_by_side_share_one_spelling(qtbot, width):
    # GD at 0.02 and 0.09 beside 0.11 read "GD 0.02", "GD 0.09", "GD, lr 0.11" (the third
    # panel's shorter status left its title room for the comma and the lr)
    panels = (PanelConfig("gd", {"lr": 0.02}), PanelConfig("gd", {"lr": 0.09}),
              PanelConfig("gd", {"lr": 0.11}))
    session = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)),
                      start=(-2.5, 1.5), panels=panels, steps=60, current_step=60)
    window = open_window(qtbot, session, (width, 720))
    _settle(qtbot)
    titles = _titles(window)
    assert all(rate in t for rate, t in zip(("0.02", "0.09", "0.11"), titles)), titles
    spellings = {t.replace("0.02", "R").replace("0.09", "R").replace("0.11", "R")
                 for t in titles}
    assert len(spellings) == 1, titles
    fonts = {view.header.title_label.font().pointSizeF() for view in window.panels.views}
    assert len(fonts) == 1
    words = {view.header.status_words.isVisible() for view in window.panels.views}
    assert len(words) == 1, "status words on some headers and only icons on others"


def test_example_5s_two_momentum_panels_are_told_apart(qtbot):
    session = load(next(p for p in examples() if "momentum-overshoot" in p.name))
    window = open_window(qtbot, session, (1920, 1080))
    _settle(qtbot)
    titles = [view.header.title_text() for view in window.panels.views]
    assert titles[1:] == ["Momentum, lr 0.05, \u03bc 0.9", "Momentum, lr 0.05, \u03bc 0.5"]
    assert titles[0] == "Gradient descent, lr 0.05"
    shown = _titles(window)
    assert "\u03bc 0.9" in shown[1] and "\u03bc 0.5" in shown[2]


def test_the_overlay_title_names_every_rate(qtbot):
    from gradviz.state.intents import SetDisplay

    panels = (PanelConfig("gd", {"lr": 0.02}), PanelConfig("gd", {"lr": 0.09}),
              PanelConfig("gd", {"lr": 0.11}))
    session = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)),
                      start=(-2.5, 1.5), panels=panels, steps=60)
    window = open_window(qtbot, session, (1280, 720))
    window.state.apply(SetDisplay("overlay", True))
    _settle(qtbot)
    title = window.panels.views[0].header.title_label.text()
    assert all(rate in title for rate in ("0.02", "0.09", "0.11")), title
    assert title.count("Gradient descent") + title.count("GD") == 1, title


def test_the_overlay_says_whose_numbers_the_readout_shows(qtbot):
    from gradviz.state.intents import Inspect, SetDisplay

    panels = (PanelConfig("gd", {"lr": 0.02}), PanelConfig("gd", {"lr": 0.09}))
    session = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)),
                      start=(-2.5, 1.5), panels=panels, steps=60)
    window = open_window(qtbot, session, (1280, 720))
    window.state.apply(SetDisplay("overlay", True))
    header = window.panels.views[0].header
    assert "readout and arrows: Gradient descent, lr 0.02" in header.note()
    window.state.apply(Inspect(1))
    assert "readout and arrows: Gradient descent, lr 0.09" in header.note()
    window.state.apply(SetDisplay("overlay", False))
    assert "readout" not in header.note()


def test_a_name_without_a_short_form_keeps_in_step_with_one_that_has_one(qtbot):
    # example 5 at 1280x720 read "GD, lr 0.05" beside "Momentum 0.05 μ 0.9": the momentum
    # titles had no "GD"-like short form, so their second spelling was already the bare one
    session = load(next(p for p in examples() if "momentum-overshoot" in p.name))
    for width in (1280, 1000, 800):
        window = open_window(qtbot, session, (width, 720))
        _settle(qtbot)
        titles = _titles(window)
        assert len({", lr " in t for t in titles}) == 1, (width, titles)
        if width == 1280:   # "lr" before the status's words: "0.05" beside "μ 0.9" is vague
            assert all(", lr " in t for t in titles), titles
        window.close()
