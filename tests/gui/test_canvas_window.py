"""The canvas explains itself in the real window: plain statuses, the legend of the marks, the
probe out of the way, a diverging path drawn until it leaves, the colour bar in f, and a
theme change in presentation mode reaching the control column."""

import numpy as np
import pytest
from gui_helpers import do, open_window
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from gradviz.engine.session import DisplayConfig, PanelConfig, Session
from gradviz.gui import theme
from gradviz.state import intents as i
from gradviz.state.queries import probe_point

BOWL = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.5),
               panels=(PanelConfig("gd", {"lr": 0.09}), PanelConfig("gd", {"lr": 0.11})),
               steps=60, preset="bowl_10")


@pytest.fixture
def window(qtbot):
    win = open_window(qtbot, BOWL, (1600, 900))
    qtbot.waitExposed(win)
    return win


def test_statuses_say_paused_running_converged_and_diverging(window, qtbot):
    c = window.state
    first, second = (v.header for v in window.views)
    do(window, i.SetStep(0))
    assert first.status_kind == second.status_kind == "paused"   # not "running" at step 0
    do(window, i.SetSpeed(20), i.Play())
    qtbot.waitUntil(lambda: first.status_kind == "running", timeout=2000)
    do(window, i.Pause(), i.SetStep(60))
    settled = c.runs[0].settled_at
    assert first.status_text() == f"converged at step {settled}" and first.status_kind == "converged"
    # lr 0.11: y grows by 1.2 a step; 60 steps leave it at 1.5 * 1.2^60, finite, far away
    assert c.runs[1].trajectory.diverged_at is None
    j = c.runs[1].diverging_at
    assert second.status_text() == f"diverging since step {j}"
    do(window, i.SetStep(j + 3))
    assert second.status_kind != "diverging"
    do(window, i.SetStep(j + 4))
    assert second.status_kind == "diverging"


def test_the_diverging_path_is_drawn_until_it_leaves_the_landscape(window):
    c = window.state
    do(window, i.SetStep(60))
    pts = c.runs[1].trajectory.points
    drawn = window.views[1].items.path.points()
    inside = np.flatnonzero((np.abs(pts[:, 0]) <= 3.3) & (np.abs(pts[:, 1]) <= 3.3))
    assert len(drawn) == inside[-1] + 2 < 20        # then one segment out, no bars after it
    np.testing.assert_array_equal(drawn, pts[: len(drawn)])
    assert len(window.views[0].items.path.points()) == 61   # a converging path: all of it


def test_the_legend_names_the_marks_on_the_first_panel_and_can_be_hidden(window, qtbot):
    first, second = window.views
    qtbot.waitUntil(lambda: first.legend_texts() != [])   # the plot in its final shape
    texts = first.legend_texts()
    assert texts[:3] == ["current point", "start", "minimum"]
    assert "\u2207f uphill" in texts and "\u2212\u2207f downhill" in texts and "step" in texts
    assert second.legend_texts() == []        # one legend is enough
    do(window, i.SetDisplay("grad_arrow", False))
    assert "\u2207f uphill" in first.legend_texts()    # the probe's ∇f arrow, with the slices
    window.docks["slices"].hide()
    qtbot.waitUntil(lambda: "\u2207f uphill" not in first.legend_texts())
    do(window, i.SetDisplay("legend", False))
    assert first.legend_texts() == [] and not window.state.session.display.legend
    do(window, i.SetDisplay("legend", True))
    assert first.legend_texts()


def test_the_legend_sits_in_the_corner_that_hides_least(window):
    view = window.views[0]
    do(window, i.SetStep(60))
    legend = view.marks.legend
    pos, (w, h) = legend.pos(), legend.size()
    from gradviz.gui.views.canvas_legend import to_pixels

    path = to_pixels(view.view_box, window.state.runs[0].trajectory.points)
    covered = ((path[:, 0] >= pos.x()) & (path[:, 0] <= pos.x() + w)
               & (path[:, 1] >= pos.y()) & (path[:, 1] <= pos.y() + h))
    assert not covered.any()


def test_the_probe_starts_away_from_the_minimum_and_the_start(window):
    x, y = probe_point(window.state.session)
    for mx, my in ((0.0, 0.0), BOWL.start):
        assert np.hypot((x - mx) / 6, (y - my) / 6) > 0.2


def test_the_colour_bar_is_labelled_in_f(qtbot):
    session = BOWL.replace(text="(1-x)^2 + 100*(y-x^2)^2", preset=None,
                           display=DisplayConfig(scale="log"))
    win = open_window(qtbot, session, (1600, 900))
    land = win.state.landscape
    assert land.colorbar_label == "f, log scale"
    assert "log10(f" in land.colorbar_tip
    bar = win.views[0].items.colorbar
    ticks = [text for _, text in land.colorbar_ticks]
    assert bar.axis._tickLevels == [list(land.colorbar_ticks)]
    assert "10" in ticks or "100" in ticks or "1e3" in ticks


def test_a_theme_change_in_presentation_mode_reaches_the_control_column(window, qtbot):
    try:
        window.appearance.set_mode("light")
        window.presentation.set_active(True)
        QApplication.processEvents()
        window.appearance.set_mode("dark")
        QApplication.processEvents()
        column = window.docks["controls"].widget()
        color = column.palette().color(column.backgroundRole())
        assert color == QColor(theme.current().window)   # was white: the light palette
        image = window.grab().toImage()
        corner = column.mapTo(window, QPoint(column.width() - 4, column.height() - 4))
        assert QColor(image.pixel(corner)).lightness() < 60
    finally:
        window.presentation.set_active(False)
        window.appearance.set_mode("light")
        theme.set_current(theme.make_style())


def test_presentation_mode_keeps_the_regression_axes_named_w_and_b(qtbot):
    from gradviz.engine import session_io
    from gradviz.resources import examples

    path = next(p for p in examples() if "house" in p.name)
    win = open_window(qtbot, session_io.load(path), (1280, 720))
    view = win.views[0]
    names = lambda: (view.plot.getAxis("bottom").labelText,   # noqa: E731
                     view.plot.getAxis("left").labelText)
    assert names() == ("w", "b")
    try:
        win.presentation.set_active(True)
        QApplication.processEvents()
        assert names() == ("w", "b")          # was ("x", "y"): restyling renamed them
    finally:
        win.presentation.set_active(False)
        theme.set_current(theme.make_style())


def test_the_one_legend_names_the_momentum_arrow_of_any_panel(qtbot):
    """The legend is drawn on the first panel only; it named the momentum arrow only when
    that panel's optimizer had one, so momentum's arrow on panel 2 went unexplained."""
    from gradviz.engine.session import PanelConfig, Session

    session = Session(text="x^2 + 3*y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.5, 1.5),
                      panels=(PanelConfig("gd", {"lr": 0.05}),
                              PanelConfig("momentum", {"lr": 0.02, "momentum": 0.9})),
                      steps=100)
    win = open_window(qtbot, session, (1600, 900))
    first = win.views[0]
    do(win, i.SetStep(10))
    qtbot.waitUntil(lambda: "momentum" in first.legend_texts())
    assert win.views[1].arrows.shown()["momentum"].size   # drawn on panel 2
    assert first.arrows.shown().get("momentum") is None or not first.arrows.shown()["momentum"].size


def test_four_panels_presenting_keep_a_legend_in_normal_modes_type(qtbot, monkeypatch):
    """Four panels in presentation mode at 1280x720 have plots ~200 px square: the legend in
    presentation type did not fit and was hidden, so nothing said what the arrows were. It
    now steps down to normal mode's type (never smaller) and shows."""
    import gradviz.gui.presentation as presentation_module
    from gradviz.gui.views.canvas_legend import MAX_SHARE

    session = Session(text="x^2 + 3*y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.5, 1.5),
                      panels=tuple(PanelConfig(o, {"lr": 0.02})
                                   for o in ("gd", "momentum", "rmsprop", "adam")), steps=100)
    win = open_window(qtbot, session, (1280, 720))
    # full screen at 1280x720 (offscreen Qt's one screen is 800x800), a short screen
    monkeypatch.setattr(presentation_module, "screen_height", lambda window: 720)
    monkeypatch.setattr(win, "showFullScreen", lambda: win.resize(1280, 720))
    win.presentation.set_active(True)
    try:
        first = win.views[0]
        do(win, i.SetStep(10))
        # laid out for presentation mode (square, small), and the legend fitted to that
        qtbot.waitUntil(lambda: abs(first.view_box.width() - first.view_box.height()) < 1.5
                        and first.view_box.width() < 320)
        qtbot.wait(200)
        qtbot.waitUntil(lambda: first.legend_texts() != [])
        legend = first.marks.legend
        plot = first.view_box.boundingRect()
        w, h = legend.size()
        assert w <= MAX_SHARE * plot.width() and h <= 0.7 * plot.height()
        normal = theme.font(theme.AXIS_PT - 2).pointSizeF() / theme.current().font_scale
        assert legend.font().pointSizeF() >= normal - 0.01         # never below normal mode's
        assert {"current point", "start", "\u2207f uphill"} <= set(first.legend_texts())
    finally:
        win.presentation.leave()


@pytest.mark.parametrize("probe", [(-2.2, 2.2), (2.0, 2.2), (-2.2, -1.0), (1.8, -1.2)])
def test_the_legend_keeps_off_the_curvature_numbers(qtbot, probe):
    """Lesson 3's last scene: the legend sat over the Hessian's numbers (λmax, 2/λmax, κ)
    drawn beside the axes; it now counts that box as marks to keep clear of."""
    from dataclasses import replace

    session = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.5),
                      panels=(PanelConfig("gd", {"lr": 0.02}),), steps=60)
    session = session.replace(probe=probe,
                              display=replace(session.display, curvature=True, legend=True))
    win = open_window(qtbot, session, (1280, 720))
    view = win.views[0]
    label, legend = view.ideas.axis_label, view.marks.legend
    qtbot.waitUntil(lambda: label.isVisible() and legend.isVisible())
    qtbot.wait(50)
    assert not legend.sceneBoundingRect().intersects(label.sceneBoundingRect()), probe


def test_the_legend_keeps_off_the_curvature_numbers_that_follow_the_point(qtbot, monkeypatch):
    """With H on and no pinned probe, the numbers move with the current point every frame:
    the legend is placed again only when they come to meet it, and never lies over them."""
    from dataclasses import replace

    from gradviz.gui.views.canvas_legend import CanvasLegend

    session = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.5),
                      panels=(PanelConfig("gd", {"lr": 0.02}),), steps=120)
    session = session.replace(display=replace(session.display, curvature=True, legend=True))
    win = open_window(qtbot, session, (1280, 720))
    view = win.views[0]
    label, legend = view.ideas.axis_label, view.marks.legend
    do(win, i.SetStep(1))
    qtbot.waitUntil(lambda: label.isVisible() and legend.isVisible())
    placed = []
    place = CanvasLegend.place
    monkeypatch.setattr(CanvasLegend, "place",
                        lambda self, *a, **k: (placed.append(1), place(self, *a, **k)))
    frames = 0
    for step in range(2, 120, 3):
        do(win, i.SetStep(step))
        qtbot.wait(5)                 # painted: the text's box follows its view then
        frames += 1
        if label.isVisible() and legend.isVisible():
            assert not legend.sceneBoundingRect().intersects(label.sceneBoundingRect()), step
    assert len(placed) < frames / 2, (len(placed), frames)
