"""The gradient probe draws its ∇f arrow (issue 17, lesson 1: "its arrow points the way f
rises fastest"; before, the probe was a crosshair only and the narration named an arrow that
was not there). On f = x² + 10y² the gradient at (1, 0.5) is (2, 10) and at (2, -0.2) it is
(4, -4), worked out by hand; the arrow shows with the probe (the slices dock) and not without."""

import numpy as np
import pytest
from gui_helpers import documented_window

from gradviz.engine.session import DisplayConfig, PanelConfig, Session
from gradviz.gui.lesson_window import item_spots
from gradviz.state import intents


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    session = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.5),
                      panels=(PanelConfig("gd", {"lr": 0.02}),), steps=60, probe=(1.0, 0.5),
                      display=DisplayConfig(grad_arrow=False, step_arrow=False))
    with documented_window(tmp_path, monkeypatch, session) as win:
        yield win


def direction(ends):
    """The unit vector of the arrow's shaft: its first segment, from the probe outward."""
    shaft = np.asarray(ends[1], float) - np.asarray(ends[0], float)
    return shaft / np.linalg.norm(shaft)


def test_the_probe_draws_its_gradient_arrow_while_it_shows(qtbot, window):
    view = window.panels.views[0]
    window.docks["slices"].hide()
    qtbot.waitUntil(lambda: not view.probe.target.isVisible())
    assert len(view.probe.arrow_ends()) == 0            # no probe, no arrow
    window.docks["slices"].show()
    qtbot.waitUntil(lambda: len(view.probe.arrow_ends()) > 0)
    ends = view.probe.arrow_ends()
    assert tuple(ends[0]) == pytest.approx((1.0, 0.5))  # from the probe ...
    assert direction(ends) @ (np.array([2.0, 10.0]) / np.hypot(2, 10)) > 0.999   # ... up ∇f
    assert "grad" in view.marks.entries()                # the legend names the arrow
    window.state.apply(intents.SetProbe(2.0, -0.2))
    window.state.flush()
    ends = view.probe.arrow_ends()
    assert tuple(ends[0]) == pytest.approx((2.0, -0.2))
    assert direction(ends) @ (np.array([1.0, -1.0]) / np.sqrt(2)) > 0.999
    window.state.apply(intents.EditText("x^2 + 10*y^2 + 4*x"))   # ∇f = (8, -4) there
    window.state.flush()
    qtbot.waitUntil(lambda: direction(view.probe.arrow_ends())
                    @ (np.array([2.0, -1.0]) / np.sqrt(5)) > 0.999)


def test_a_highlight_of_the_probe_frames_its_arrow_too(qtbot, window):
    view = window.panels.views[0]
    window.docks["slices"].show()
    qtbot.waitUntil(lambda: len(view.probe.arrow_ends()) > 0)
    (spot,) = item_spots(view, "probe")
    rect = spot.rect()
    box = view.view_box
    from PySide6.QtCore import QPointF

    for end in view.probe.arrow_ends():
        pixel = view.graphics.mapFromScene(box.mapViewToScene(QPointF(*end)))
        assert rect.contains(pixel)
