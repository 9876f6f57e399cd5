"""What a lesson's scene points at: the things it frames (on a landscape, round the thing, not
the whole panel) and the docks it opens, given room (to the side in a short window), closed
again when the scene or the lesson no longer needs them."""

import pytest
from lesson_helpers import RATE, SHIPPED, start, window  # noqa: F401 (window: a fixture)
from PySide6.QtCore import QPointF, Qt

from gradviz.engine.session import PanelConfig, Session
from gradviz.state import lesson_intents as li


def test_a_scene_frames_what_it_highlights(qtbot, window):
    start(window, RATE)
    window.state.apply(li.GoToScene(1))   # path (the landscape) and step_arrow (round it)
    from gradviz.gui.views.highlight_frames import Spot

    graphics = [v.graphics for v in window.panels.visible_views()]
    framed = window.frames.framed()
    assert framed[:len(graphics)] == graphics
    assert framed[len(graphics):] and all(isinstance(t, Spot) and t.widget in graphics
                                          for t in framed[len(graphics):])
    window.state.apply(li.LeaveLesson())
    assert window.frames.framed() == []


def test_a_scene_opens_the_dock_it_points_at_and_leaving_closes_it(qtbot, window):
    window.docks["slices"].hide()
    start(window, SHIPPED[0])                  # scene 2 shows the slices
    window.state.apply(li.GoToScene(1))
    assert window.docks["slices"].isVisible()
    assert window.frames.framed() == [window.docks["slices"]]
    window.state.apply(li.GoToScene(5))       # the field's arrows: no dock
    assert window.docks["slices"].isHidden()
    window.state.apply(li.GoToScene(1))
    window.state.apply(li.LeaveLesson())
    assert window.docks["slices"].isHidden() and window.frames.framed() == []


def test_a_dock_a_scene_opened_closes_on_leaving_after_f11_too(qtbot, window):
    """F11 shows the scene again (presentation mode closes docks): the backprop dock the
    scene had opened was then forgotten, and stayed open after the lesson."""
    window.docks["backprop"].hide()
    start(window, next(p for p in SHIPPED if p.name.startswith("10-")))
    assert window.docks["backprop"].isVisible()
    window.presentation.set_active(True)
    try:
        assert window.docks["backprop"].isVisible()
        window.state.apply(li.LeaveLesson())
        assert window.docks["backprop"].isHidden()
    finally:
        window.presentation.leave()


def test_in_presentation_mode_the_lr_field_highlight_frames_the_titles(qtbot, window):
    window.presentation.set_active(True)       # the lr fields fold away
    try:
        start(window, RATE)                    # scene 1: the lr field and the path
        headers = [v.header for v in window.panels.visible_views()]
        assert all(h in window.frames.framed() for h in headers)
    finally:
        window.presentation.leave()


def test_a_dock_with_no_room_to_show_anything_is_closed_again(qtbot, window, monkeypatch):
    """One rule with the landscapes' room keeper (center_room.least_size): at 1280x720 the
    curves a scene opens get the least height they ask for, and stay; a dock that gets less
    closes, and the status bar names its key."""
    from PySide6.QtCore import QSize

    from gradviz.gui import center_room

    window.docks["curves"].hide()
    window.resize(1280, 720)
    start(window, RATE)
    window.state.apply(li.GoToScene(4))       # the lr fields and the curves
    qtbot.wait(20)
    dock = window.docks["curves"]
    assert dock.height() >= center_room.least_size(dock).height()
    window.highlighter.check_room()
    assert dock.isVisible()  # enough
    got = dock.size()
    monkeypatch.setattr(center_room, "least_size",
                        lambda d: QSize(0, got.height() + 1) if d is dock else QSize(0, 0))
    window.state.apply(li.GoToScene(3))
    window.state.apply(li.GoToScene(4))
    qtbot.wait(20)
    window.highlighter.check_room()
    assert dock.isHidden()
    assert "Ctrl+3 shows it" in window.statusBar().currentMessage()


def test_a_scene_opens_the_backprop_dock_at_the_pass_it_names(qtbot, window):
    window.docks["backprop"].hide()
    path = next(p for p in SHIPPED if p.name.startswith("10-"))
    start(window, path)                        # scene 1: the forward pass, at the probe
    dock, panel = window.docks["backprop"], window.backprop
    assert dock.isVisible() and dock in window.frames.framed()
    assert panel.walk.point == (1.0, 0.5) and panel.step() == 0 and panel.playing()
    assert panel.walk.steps[0].caption.startswith("forward pass")
    window.state.apply(li.NextScene())        # the backward pass, played from f
    assert panel.walk.steps[panel.step()].caption.startswith("backward pass") and panel.playing()
    window.state.apply(li.NextScene())        # the walk done: the gradient
    assert panel.step() == panel.last_step() and not panel.playing()
    assert panel.walk.gradient == pytest.approx((2.0, 10.0))
    window.state.apply(li.NextScene())        # a question: the forward pass until it is answered
    assert window.state.lesson.waiting == "choice" and panel.walk.point == (2.0, -0.2)
    assert panel.walk.steps[panel.step()].caption.startswith("forward pass")
    window.state.apply(li.Choose(0))
    assert panel.walk.steps[panel.step()].caption.startswith("backward pass") and panel.playing()
    window.state.apply(li.GoToScene(4))       # the house model's graph, once it is prepared
    window.state.flush()
    assert panel.walk.output == "L" and panel.walk.choice == 0
    assert panel.walk.steps[panel.step()].caption.startswith("backward pass") and panel.playing()
    window.state.apply(li.LeaveLesson())
    assert dock.isHidden()


def test_a_scene_shows_the_panel_it_inspects(qtbot, window):
    path = next(p for p in SHIPPED if p.name.startswith("7-"))
    start(window, path)
    window.state.apply(li.GoToScene(4))       # Adam's rates against 2/λ
    window.state.flush()
    assert window.state.view.inspected == 1
    assert window.docks["inspector"].isVisible()
    assert window.inspector.selected() == 1   # the Adam panel's tab, not panel 1's


def test_a_thing_on_the_landscape_is_framed_not_the_whole_panel(qtbot, window):
    from gradviz.gui.views.highlight_frames import Spot

    path = next(p for p in SHIPPED if p.name.startswith("2-"))
    start(window, path)                        # scene 1: the start and the ∇f arrow
    qtbot.wait(20)
    window.frames.place()
    view = window.panels.visible_views()[0]
    framed = window.frames.framed()
    assert framed and all(isinstance(t, Spot) and t.widget is view.graphics for t in framed)
    start_rect, arrow_rect = (t.rect() for t in framed)
    side = min(view.graphics.width(), view.graphics.height())
    assert start_rect.width() < side / 4 and arrow_rect.width() < side / 2
    box = view.view_box                        # the start's frame is round the start
    x0, y0 = window.state.session.start
    centre = view.graphics.mapFromScene(box.mapViewToScene(QPointF(x0, y0)))
    assert start_rect.contains(centre) and abs(start_rect.center().x() - centre.x()) <= 1
    for end in view.arrows.shown()["grad"]:    # every stroke of the arrow is inside its frame
        assert arrow_rect.contains(view.graphics.mapFromScene(box.mapViewToScene(QPointF(*end))))
    frames = [f for f in window.frames.frames if f.isVisible()]   # on the window, round them
    assert len(frames) == 2 and all(f.width() < side / 2 for f in frames)
    panel = view.graphics.geometry()            # clipped to the panel
    panel.moveTopLeft(view.graphics.mapTo(window, view.graphics.rect().topLeft()))
    assert all(panel.adjusted(-3, -3, 3, 3).contains(f.geometry()) for f in frames)


def test_in_a_short_window_a_dock_a_scene_opens_goes_to_the_side_and_comes_back(qtbot, window):
    """At 1280x720 the curves below the panels, caption and playback bar got ~140 px (their
    plots 10 px high in presentation mode, seen live): a scene opens them at the right side,
    where they get the window's height, and puts them back below when it is done with them.
    A tall window keeps them below."""
    from PySide6.QtCore import Qt

    right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
    dock = window.docks["curves"]
    dock.hide()
    window.resize(1280, 720)
    qtbot.wait(20)
    steps = next(p for p in SHIPPED if p.name.startswith("2-"))
    start(window, steps)
    window.state.apply(li.GoToScene(3))       # one panel, the step arrow and the curves
    qtbot.wait(20)
    assert dock.isVisible() and window.dockWidgetArea(dock) == right
    assert dock.height() > 0.5 * window.height()
    window.state.apply(li.GoToScene(5))       # the lr field and the path: no curves
    assert dock.isHidden() and window.dockWidgetArea(dock) == bottom
    window.state.apply(li.GoToScene(3))
    window.state.apply(li.LeaveLesson())
    assert dock.isHidden() and window.dockWidgetArea(dock) == bottom
    window.resize(1920, 1080)
    qtbot.wait(20)
    start(window, steps)
    window.state.apply(li.GoToScene(3))
    assert dock.isVisible() and window.dockWidgetArea(dock) == bottom


def test_beside_three_panels_or_the_inspector_a_dock_stays_below(qtbot, window):
    """At the side the curves got 95 px of width beside three panels (lesson 3 scene 5) and
    50 px of height under the inspector (lesson 7 scene 4): there they stay below."""
    from PySide6.QtCore import Qt

    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    dock = window.docks["curves"]
    window.docks["inspector"].hide()
    window.resize(1280, 720)
    qtbot.wait(20)
    for path, scene in ((RATE, 4), (next(p for p in SHIPPED if p.name.startswith("7-")), 3)):
        dock.hide()
        start(window, path)
        window.state.apply(li.GoToScene(scene))
        assert dock.isVisible() and window.dockWidgetArea(dock) == bottom, path.name
        window.state.apply(li.LeaveLesson())


@pytest.mark.parametrize("name, kind", [("step_arrow", "step"), ("momentum_arrow", "momentum")])
def test_the_step_and_momentum_arrows_are_framed_round_the_arrow(qtbot, name, kind):
    """A scene (or Help > Concepts) that points at the step or the momentum arrow framed the
    whole landscape; now, as for the ∇f arrow, a frame goes round the arrow itself."""
    from gui_helpers import do, open_window
    from PySide6.QtCore import QPointF

    from gradviz.gui.lesson_window import ITEMS, item_spots
    from gradviz.state.intents import SetStep

    assert name in ITEMS
    session = Session(text="x^2 + 3*y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.5, 1.5),
                      panels=(PanelConfig("momentum", {"lr": 0.02, "momentum": 0.9}),),
                      steps=100)
    win = open_window(qtbot, session, (1280, 720))
    do(win, SetStep(8))
    view = win.panels.visible_views()[0]
    qtbot.waitUntil(lambda: len(view.arrows.shown().get(kind, ())) > 0)
    (spot,) = item_spots(view, name)
    rect = spot.rect()
    assert rect is not None
    side = min(view.graphics.width(), view.graphics.height())
    assert rect.width() < side / 2 and rect.height() < side / 2
    box = view.view_box
    for end in view.arrows.shown()[kind]:
        assert rect.contains(view.graphics.mapFromScene(box.mapViewToScene(QPointF(*end))))
