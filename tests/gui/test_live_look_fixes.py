"""Small defects seen in live looks (polish3), each checked on screen: the gradient arrow beside
gradient descent's path, the momentum arrow's colour, the panels' status marks, a click on the
data view's legend, the Hessian's label in a narrow panel, the backprop dock's first nodes, the
spare height of equal-scale panels."""

import math

import numpy as np
import pytest
from gui_helpers import do, open_window
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui import theme
from gradviz.state import intents as i
from gradviz.state.queries import point_vectors

RAVINE = "x^2 + 10*y^2"


@pytest.fixture
def window(qtbot):
    session = Session(text=RAVINE, domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.5),
                      panels=(PanelConfig("gd", {"lr": 0.02}),
                              PanelConfig("momentum", {"lr": 0.005})), steps=60)
    return open_window(qtbot, session, (1280, 720))


def _px(view, point):
    return view.graphics.mapFromScene(view.view_box.mapViewToScene(QPointF(*point)))


def _gap_to_path(view, point, path):
    """Pixels from ``point`` (data) to the nearest of the drawn ``path``'s segments."""
    p = _px(view, point)
    best = math.inf
    for a, b in zip(path[:-1], path[1:]):
        pa, pb = _px(view, a), _px(view, b)
        ax, ay, bx, by = pa.x(), pa.y(), pb.x(), pb.y()
        d2 = (bx - ax) ** 2 + (by - ay) ** 2
        t = 0.0 if d2 == 0 else min(max(((p.x() - ax) * (bx - ax) + (p.y() - ay) * (by - ay))
                                        / d2, 0.0), 1.0)
        best = min(best, math.hypot(p.x() - ax - t * (bx - ax), p.y() - ay - t * (by - ay)))
    return best


def test_the_gradient_arrow_lies_beside_descents_path_and_both_show(window, qtbot):
    """Descent comes from where ∇f points: the red arrow lay along the last steps, under the
    path, and neither read. Now its shaft keeps clear of the path and shows red on screen,
    and the path keeps the panel's colour beside it."""
    step = 25
    do(window, i.SetStep(step))
    view = window.views[0]
    path = window.state.runs[0].trajectory.points[: step + 1]
    qtbot.wait(20)
    grad = view.arrows.shown()["grad"]
    foot, tip = grad[0], grad[1]
    # the vector is still ∇f's direction at the point
    g = point_vectors(window.state, 0, step)[1]
    shaft = tip - foot
    cos = float(np.dot(shaft, g) / (np.linalg.norm(shaft) * np.linalg.norm(g)))
    assert cos > 0.9
    marker = theme.current().current_size / 2
    for t in (0.6, 0.8, 1.0):
        assert _gap_to_path(view, foot + t * shaft, path) >= 6, t
    image = view.graphics.grab().toImage()
    mid = _px(view, foot + 0.7 * shaft)
    red = QColor(image.pixel(mid))
    assert red.red() > 2.5 * max(red.green(), red.blue()), red.name()
    assert _gap_to_path(view, foot, path[-1:]) >= marker   # beside the point's marker
    last = (path[-1] + path[-2]) / 2       # the last step's middle: the panel's orange
    got = QColor(image.pixel(_px(view, last)))
    want = QColor(theme.PANEL_COLORS[0])
    assert abs(got.red() - want.red()) + abs(got.green() - want.green()) \
        + abs(got.blue() - want.blue()) < 60, got.name()


def test_an_arrow_away_from_the_path_stays_at_the_point(window, qtbot):
    """Only an arrow the path covers moves: one the path crosses starts at the point; one
    it runs along moves sideways by the offset, keeping its direction."""
    from gradviz.gui.views.arrow_labels import beside_path

    pairs = np.array([[0.0, 0.0], [1.0, 0.0]] + [[1.0, 0.0]] * 4)
    across = np.column_stack([np.full(20, 50.0), np.linspace(-40, 40, 20)])   # pixels
    along = np.column_stack([np.linspace(0, 100, 40), np.zeros(40)])
    kept = beside_path(pairs, across, (0.01, 0.01), (0.0, 0.0), 12.0, 6.0, 8.0)
    moved = beside_path(pairs, along, (0.01, 0.01), (0.0, 0.0), 12.0, 6.0, 8.0)
    np.testing.assert_array_equal(kept, pairs)
    np.testing.assert_allclose(np.abs(moved[:, 1]), 0.12)   # 12 px sideways, y in data
    np.testing.assert_allclose(moved[:, 0], pairs[:, 0])


def test_the_momentum_arrow_is_mint_not_the_sand_of_panel_four(window, qtbot):
    """The yellow momentum arrow read as panel 4's sand; on screen it is now mint green."""
    do(window, i.SetStep(25))
    view = window.views[1]
    qtbot.wait(20)
    pairs = view.arrows.shown()["momentum"]
    image = view.graphics.grab().toImage()
    got = QColor(image.pixel(_px(view, (pairs[0] + pairs[1]) / 2)))
    want, sand = QColor(theme.POINT_ARROW_COLORS["momentum"]), QColor(theme.PANEL_COLORS[3])

    def apart(a, b):
        return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())

    assert apart(got, want) < 60 and apart(got, sand) > 120, got.name()
    assert got.green() > got.red() + 60   # green, not yellow


@pytest.mark.parametrize("kind", ["running", "paused", "finished"])
def test_a_quiet_status_is_a_mark_not_a_button(window, qtbot, kind):
    """▶ and ⏸ on a dark square read as play and pause buttons: the states running, paused and
    finished are the words with a plain mark in their colour, no chip behind it."""
    header = window.views[0].header
    header.set_status(kind, f"{kind} at step 3" if kind == "finished" else "")
    qtbot.wait(10)
    image = header.status_label.pixmap().toImage()
    w, h = image.width(), image.height()
    corners = [image.pixelColor(x, y) for x in (0, w - 1) for y in (0, h - 1)]
    assert all(c.alpha() == 0 for c in corners)          # no rounded square behind it
    ink = QColor(theme.status_text_color(kind, theme.current()))
    inked = [image.pixelColor(x, y) for x in range(w) for y in range(h)
             if image.pixelColor(x, y).alpha() > 200]
    assert inked and all(abs(c.red() - ink.red()) < 40 for c in inked)
    assert header.status_words.isVisible() and header.status_words.text().startswith(kind)


def test_running_and_paused_marks_differ(window, qtbot):
    from gradviz.gui.views.panel_header import status_icon

    running, paused = (status_icon(k, 32).toImage() for k in ("running", "paused"))
    assert running != paused
    streak = QColor(running.pixelColor(6, 16))          # left of the dot: the motion streak
    assert streak.alpha() > 100 and QColor(paused.pixelColor(6, 16)).alpha() == 0


def test_a_click_on_the_data_views_legend_adds_no_house(qtbot):
    """In the regression mode a click on the data view's legend added a house; on the ground
    beside it one is still added."""
    from gradviz.engine import session as sessions

    win = open_window(qtbot, sessions.from_preset("booth", optimizers=("gd", "adam"), steps=60),
                      (1280, 720))   # the data view at the side, tall: a legend box in it
    do(win, i.SetMode("regression"))
    qtbot.wait(50)
    view = win.data_view
    assert view.legend.isVisible() and view.legend_texts()
    houses = len(win.state.objective.data.x)
    legend = view.legend.sceneBoundingRect()
    at = view.plot_widget.mapFromScene(legend.center())
    qtbot.mouseClick(view.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=at)
    win.state.flush()
    assert len(win.state.objective.data.x) == houses
    box = view.plot.getViewBox()
    ground = box.sceneBoundingRect()
    free = QPointF(ground.left() + 0.5 * ground.width(), ground.top() + 0.1 * ground.height())
    assert not legend.contains(free) and view.marks.points.nearest(box.mapSceneToView(free)) is None
    qtbot.mouseClick(view.plot_widget.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.plot_widget.mapFromScene(free))
    win.state.flush()
    assert len(win.state.objective.data.x) == houses + 1


@pytest.mark.parametrize("probe", [(-0.3, -0.4), (0.3, 0.4), (-2.6, 2.6), (2.7, -2.7)])
def test_the_hessians_axis_label_stays_inside_a_narrow_panel(window, qtbot, probe):
    """With four panels at 1280x720 the label "λmax = 20 / 2/λmax = 0.1 ..." beside a probe
    near the middle ran past the plot's edge and was cut."""
    do(window, i.AddPanel(), i.AddPanel(), i.SetProbe(*probe), i.SetDisplay("curvature", True))
    qtbot.wait(50)
    for view in window.views:
        label = view.ideas.axis_label
        assert label.isVisible() and "λmax = 20" in view.ideas.axis_words()
        box, rect = view.view_box.sceneBoundingRect(), label.sceneBoundingRect()
        assert rect.width() > 0.3 * box.width()            # a narrow panel: a wide label
        assert box.adjusted(-1, -1, 1, 1).contains(rect), (rect, box)


@pytest.mark.parametrize("presenting", [False, True])
def test_the_backprop_dock_shows_the_graphs_first_nodes_at_1280(qtbot, presenting):
    """Ctrl+6 at 1280x720 (Rosenbrock: a graph wider than the dock, followed at a readable
    scale): the view was centred on the graph, the inputs x and y cut off at its left edge,
    where the forward pass starts."""
    win = open_window(qtbot, None, (1280, 720))
    if presenting:
        win.presentation.set_active(True)
    try:
        win.docks["backprop"].toggleViewAction().trigger()   # View > Backpropagation, Ctrl+6
        qtbot.wait(100)
        view = win.backprop.view
        walk = win.backprop.walk
        assert win.docks["backprop"].isVisible() and walk.steps[view.step()].phase == "start"
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        inputs = [view.node_items[k] for k in walk.inputs]
        assert seen.width() < view.scene().sceneRect().width()   # it does not all fit
        for item in inputs:
            assert seen.contains(item.sceneBoundingRect()), (item.sceneBoundingRect(), seen)
    finally:
        if presenting:
            win.presentation.leave()


@pytest.mark.parametrize("size, presenting", [((1280, 720), True), ((1280, 720), False),
                                              ((1920, 1080), True)])
def test_with_equal_scale_the_spare_height_is_shared_above_and_below(qtbot, monkeypatch, size,
                                                                    presenting):
    """Three panels of equal scale are wider than their plots allow: the height left over was
    all under the readouts (180 px at 1280x720 presenting), a hole between the figures and
    the playback bar. Now the title, plot and readout sit centred in their panel. (The curves
    may take that band when it is tall enough: test_spare_curves.py; not here.)"""
    from gradviz.engine import session_io
    from gradviz.gui.spare_curves import SpareCurves
    from gradviz.resources import examples

    monkeypatch.setattr(SpareCurves, "decide", lambda self: None)

    session = session_io.load(next(p for p in examples() if p.name.startswith("2-")))
    win = open_window(qtbot, session, size)
    if presenting:
        win.presentation.set_active(True)
    try:
        qtbot.wait(100)
        assert win.state.session.display.equal_scale
        for view in win.views:
            above = view.header.geometry().top()
            below = view.height() - 1 - view.readout.geometry().bottom()
            assert abs(above - below) <= 3, (above, below)
            assert view.graphics.height() <= view.height() - above - below
        view = win.views[0]
        assert view.header.geometry().top() > 10 or not presenting   # there was spare here
    finally:
        if presenting:
            win.presentation.leave()


def test_the_answer_keys_row_is_no_wider_than_the_menus_rows(qtbot):
    """The answer keys' row was so long that the F1 list scrolled sideways at 1920x1080: it
    is now no wider than the longest row the menus give."""
    from gradviz.gui.shortcuts import answer_key_rows

    win = open_window(qtbot, None, (1280, 720))
    win.show_shortcuts()
    dialog = win.shortcuts_dialog
    metrics = dialog.fontMetrics()
    answer = answer_key_rows()[0]
    rows = [pair for pair in dialog.texts() if pair != answer]
    assert metrics.horizontalAdvance(answer[1]) <= max(
        metrics.horizontalAdvance(text) for _, text in rows)
    dialog.close()
