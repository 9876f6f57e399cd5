"""The lesson player in the window (real widgets): every shipped lesson's scenes show their
caption, Page Down / Page Up and the band's buttons move between scenes, Esc and Leave give
the window back as it was, a predict scene takes a click as the guess and draws it beside the
path, and a broken lesson file is one line that changes nothing."""

from pathlib import Path

import pytest
from gui_helpers import documented_window
from PySide6.QtCore import QPointF, Qt

from gradviz.engine import lessons
from gradviz.engine.session import PanelConfig, Session
from gradviz.state import lesson_intents as li
from gradviz.state.intents import SetSteps

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


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_scene_shows_its_caption_and_session(qtbot, window, path):
    lesson = lessons.load(path)
    start(window, path)
    band = window.caption
    for k, scene in enumerate(lesson.scenes):
        window.state.apply(li.GoToScene(k))
        window.state.flush()
        assert band.isVisible()
        question = scene.question
        if question is not None:   # the question first, in place of the narration
            assert band.narration.isHidden() and question.prompt in band.prompt.text()
            window.state.apply(li.Choose(question.answer) if question.kind == "choice"
                               else li.Guess(*scene.session.start))
            assert band.prompt.isHidden()
        assert band.narration.text() == scene.narration and band.narration.isVisible()
        assert f"scene {k + 1} / {len(lesson.scenes)}" in band.head.text()
        assert len(window.panels.views) == len(scene.session.panels)
        assert window.state.problem.text == ""
        # the band is below the landscapes, never over them
        grid = window.panels
        bottom = grid.mapTo(window, grid.rect().bottomLeft()).y()
        assert band.mapTo(window, band.rect().topLeft()).y() > bottom


def test_page_keys_and_buttons_move_between_scenes(qtbot, window):
    start(window, RATE)
    state = window.state
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert state.lesson.index == 1
    assert "scene 2 / 6" in window.caption.head.text()   # six scenes since the limit scene
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert state.lesson.index == 0
    assert not window.caption.buttons["back"].isEnabled()
    qtbot.mouseClick(window.caption.buttons["next"], Qt.MouseButton.LeftButton)
    assert state.lesson.index == 1 and state.session.panels[0].hyper["lr"] == 0.09


def test_outside_a_lesson_page_down_is_the_next_preset(qtbot, window):
    preset = window.state.session.preset
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    window.state.flush()
    assert window.state.session.preset != preset and window.state.lesson is None


def test_esc_and_leave_restore_the_window(qtbot, window):
    state = window.state
    state.apply(SetSteps(77))
    session, history = state.session, state.history
    undo = list(history.undo_stack)
    title = window.windowTitle()
    start(window, RATE)
    assert window.windowTitle() != title
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    state.flush()
    assert state.lesson is None and not window.caption.isVisible()
    assert state.session == session and state.history is history
    assert history.undo_stack == undo and window.windowTitle() == title
    assert window.panels.views[0].header.title_text() != ""
    start(window, RATE)
    qtbot.mouseClick(window.caption.buttons["leave"], Qt.MouseButton.LeftButton)
    state.flush()
    assert state.session == session


def test_a_choice_is_picked_with_the_option_buttons(qtbot, window):
    start(window, RATE)
    window.state.apply(li.GoToScene(2))
    band = window.caption
    assert band.options[2].isVisible() and band.options[2].isEnabled()
    assert "C. Bounce further every step" in band.prompt.text()
    assert band.narration.isHidden()                        # it would give the answer away
    assert not window.state.playing
    qtbot.mouseClick(band.options[2], Qt.MouseButton.LeftButton)
    assert window.state.playing
    assert band.feedback.text().startswith("Right:")
    assert band.options[0].isHidden() and band.narration.isVisible()


def point_scene():
    for path in SHIPPED:
        lesson = lessons.load(path)
        for k, scene in enumerate(lesson.scenes):
            if scene.question is not None and scene.question.kind == "point":
                return path, lesson, k
    raise AssertionError("no shipped lesson asks a point question")


def test_a_predict_scene_records_the_click_and_draws_the_guess(qtbot, window):
    path, lesson, k = point_scene()
    start(window, path)
    window.state.apply(li.GoToScene(k))
    window.state.flush()
    question = lesson.scenes[k].question
    assert window.caption.prompt.text().lower().count("click your guess") == 1
    view = window.panels.views[question.panel]
    start_point = window.state.session.start
    box = view.view_box
    (x0, x1), (y0, y1) = view.view_range()
    guess = (x0 + 0.3 * (x1 - x0), y0 + 0.6 * (y1 - y0))
    scene_pos = box.mapViewToScene(QPointF(*guess))
    pixel = view.graphics.mapFromScene(scene_pos)
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pixel)
    state = window.state
    assert state.session.start == start_point
    gx, gy = state.lesson.guess
    assert abs(gx - guess[0]) < 0.02 * (x1 - x0) and abs(gy - guess[1]) < 0.02 * (y1 - y0)
    assert window.lesson.guess.shown()[0] == pytest.approx(state.lesson.guess)
    assert window.lesson.guess.shown()[1] is None          # not revealed yet
    assert state.playing
    state.apply(li.GoToScene(k))                           # the scene again: a new guess
    state.apply(li.Guess(*guess))
    from gradviz.state.intents import Seek

    state.apply(Seek(question.reveal_step))
    answer = lessons.answer_point(lesson.scenes[k])
    assert window.lesson.guess.shown()[1] == pytest.approx(answer)
    assert window.caption.feedback.text().startswith(f"At step {question.reveal_step}")


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


def test_a_broken_lesson_file_is_one_line_and_changes_nothing(qtbot, window, tmp_path):
    from gradviz.gui.lesson_window import LessonsDialog, start_lesson_file

    broken = tmp_path / "broken.gradviz-lesson.json"
    broken.write_text('{"format": "gradviz-lesson", "version": 1, "title": "x", '
                      '"scenes": [{"narration": "n"}]}', encoding="utf-8")
    session = window.state.session
    assert not start_lesson_file(window, broken)
    message = window.statusBar().currentMessage()
    assert message.startswith("Cannot open the lesson: ") and "\n" not in message
    assert "session" in message
    dialog = LessonsDialog(window)
    qtbot.addWidget(dialog)
    assert not dialog.open_file(str(broken))
    assert dialog.problem.text() == message and dialog.isVisible() is False
    assert window.state.session is session and window.state.lesson is None


def test_the_lessons_dialog_lists_every_shipped_lesson_and_starts_one(qtbot, window):
    from gradviz.gui.lesson_window import LessonsDialog

    dialog = LessonsDialog(window)
    qtbot.addWidget(dialog)
    titles = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert titles == [lessons.read_title(p) for p in SHIPPED]
    dialog.list.setCurrentRow(2)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    window.state.flush()
    assert window.state.lesson.lesson.title == titles[2]


def _rule_rows(rgb, color):
    """Rows of ``rgb`` where most pixels are ``color`` (the caption band's rule)."""
    import numpy as np

    match = np.all(np.abs(rgb.astype(int) - np.array(color)) <= 8, axis=2)
    return np.flatnonzero(match.mean(axis=1) > 0.9)


def test_pictures_of_a_scene_show_its_caption_below_the_panels(qtbot, window, tmp_path,
                                                               monkeypatch):
    from PySide6.QtGui import QColor, QImage, QPalette

    from gradviz.gui.export import render_animation, render_picture
    from gradviz.gui.frames import qimage_to_rgb
    from gradviz.state.lesson_view import caption

    start(window, RATE)
    shown = caption(window.state)
    rule = QColor(window.palette().color(QPalette.ColorRole.Highlight)).getRgb()[:3]
    with_caption, without = tmp_path / "a.png", tmp_path / "b.png"
    render_picture(window.state.session, with_caption, 10, (800, 600), caption=shown)
    render_picture(window.state.session, without, 10, (800, 600))
    a = qimage_to_rgb(QImage(str(with_caption)))
    b = qimage_to_rgb(QImage(str(without)))
    assert a.shape == b.shape == (600, 800, 3)
    rows = _rule_rows(a, rule)
    assert len(rows) and 250 < rows[0] < 560          # the band's rule, below the panels
    assert not len(_rule_rows(b, rule))
    frames = []

    def keep(done, total):
        return True

    from gradviz import video

    def capture(path, frame, steps, fps, progress=None):   # the frames a GIF or MP4 gets
        frames.extend(frame(k) for k in steps[:2])

    monkeypatch.setattr(video, "write_animation", capture)
    render_animation(window.state.session, tmp_path / "c.gif", [0, 5], 10, (640, 480),
                     keep, caption=shown)
    assert frames and all(len(_rule_rows(f, rule)) for f in frames)


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


def test_a_lessons_scenes_are_not_autosaved_over_the_users_work(qtbot, window, monkeypatch):
    calls = []
    monkeypatch.setattr(window.documents.autosave, "changed", lambda: calls.append(1))
    start(window, RATE)
    window.state.apply(SetSteps(42))           # an edit inside the lesson
    window.state.apply(li.NextScene())
    assert calls == []
    window.state.apply(li.LeaveLesson())
    window.state.flush()
    assert calls                                # the user's session again: autosave looks


def test_closing_in_a_lesson_asks_about_the_work_before_it(qtbot, window, monkeypatch):
    window.state.apply(SetSteps(42))           # unsaved work
    start(window, RATE)
    asked = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.exec",
                        lambda box: asked.append(box.text()) or 0x00400000)   # Cancel
    assert not window.documents.maybe_save()
    assert asked and window.state.lesson is None and window.state.session.steps == 42


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


def test_a_choice_is_picked_with_the_keys_and_the_shortcuts_stay_quiet(qtbot, window):
    start(window, RATE)
    state = window.state
    state.apply(li.GoToScene(2))              # three options
    arrows, contours = state.session.display.arrows, state.session.display.contours
    line = window.controls.editor.line_edit
    window.docks["controls"].show()
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_B)         # typing in a text field is not an answer
    assert state.lesson.waiting == "choice"
    qtbot.keyClick(window, Qt.Key.Key_D)       # no option D
    assert state.lesson.waiting == "choice"
    qtbot.keyClick(window, Qt.Key.Key_C)       # C, not the contour lines
    assert state.lesson.choice == 2 and state.playing
    assert state.session.display.contours is contours
    assert window.caption.feedback.text().startswith("Right:")
    state.apply(li.GoToScene(2))
    qtbot.keyClick(window, Qt.Key.Key_1)       # 1: the first option
    assert state.lesson.choice == 0
    qtbot.keyClick(window, Qt.Key.Key_A)       # answered: A is the field's arrows again
    assert state.session.display.arrows is (not arrows)


def test_pictures_of_a_predict_scene_show_the_guess_beside_the_run(qtbot, window, tmp_path):
    import numpy as np
    from PySide6.QtGui import QImage

    from gradviz.gui.export import offscreen_scene, render_picture
    from gradviz.gui.frames import qimage_to_rgb
    from gradviz.gui.views.guess_mark import GUESS_COLOR
    from gradviz.state.intents import SetStep
    from gradviz.state.lesson_view import caption

    path, lesson, k = point_scene()
    start(window, path)
    state = window.state
    state.apply(li.GoToScene(k))
    assert caption(state).guess is None                    # nothing clicked yet
    (x0, x1), (y0, y1) = state.session.domain
    guess = (x0 + 0.3 * (x1 - x0), y0 + 0.6 * (y1 - y0))
    state.apply(li.Guess(*guess))
    shown = caption(state)
    question = lesson.scenes[k].question
    answer = lessons.answer_point(lesson.scenes[k])
    assert shown.guess.point == guess and shown.guess.answer == pytest.approx(answer)
    with offscreen_scene(state.session, caption=shown) as canvas:
        assert canvas.guess.mark.shown() == (pytest.approx(guess), None)
        canvas.state.apply(SetStep(question.reveal_step))
        assert canvas.guess.mark.shown() == (pytest.approx(guess), pytest.approx(answer))
    magenta = np.array([int(GUESS_COLOR[i:i + 2], 16) for i in (1, 3, 5)])

    def guess_pixels(file, with_caption):
        render_picture(state.session, file, question.reveal_step, (800, 600),
                       caption=with_caption)
        rgb = qimage_to_rgb(QImage(str(file))).astype(int)
        return int(np.all(np.abs(rgb - magenta) <= 12, axis=2).sum())

    assert guess_pixels(tmp_path / "a.png", shown) > 50
    assert guess_pixels(tmp_path / "b.png", shown._replace(guess=None)) == 0


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


def open_example(window, qtbot, name):
    """File > Examples > ``name``: (the example's session, the caption band showing it)."""
    from gradviz.engine import session_io

    path = REPO / "resources" / "examples" / f"{name}.gradviz.json"
    assert window.documents.open_example(path)
    window.state.flush()
    qtbot.waitUntil(window.caption.isVisible)
    return session_io.load(path), window.caption


def test_an_examples_notes_are_under_the_panels_until_closed(qtbot, window):
    """Issue 16: an example's lesson text was a status-bar line, cut off, gone after 30 s, a
    theme change or F11. It is now the caption band's text (the title in bold, no scene
    counter, no Back/Next), kept through a theme change and presentation mode, closed by
    its ✕ and brought back by Help > Notes of this session."""
    example, band = open_example(window, qtbot, "2-learning-rate-too-large")
    assert band.head.text() == example.title and "scene" not in band.head.text()
    assert band.narration.text() == example.description and band.narration.isVisible()
    assert all(band.buttons[name].isHidden() for name in ("back", "next", "replay"))
    close = band.buttons["leave"]
    assert close.isVisible() and "Close" in close.text()
    grid = window.panels   # below the landscapes, never over them
    assert (band.mapTo(window, band.rect().topLeft()).y()
            > grid.mapTo(window, grid.rect().bottomLeft()).y())
    window.mode_actions["theme_dark"].trigger()
    window.presentation.set_active(True)
    try:   # presenting: the first two lines (test_presenting_notes_take_two_lines...)
        shown = band.narration.text()
        assert band.isVisible() and example.description.startswith(shown.rstrip(" \u2026"))
    finally:
        window.presentation.leave()
    assert band.narration.text() == example.description   # whole again
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not band.isVisible() and not window.state.view.notes
    notes = [a for a in window.actions() if a.text() == "Notes of this session"]
    assert len(notes) == 1
    notes[0].trigger()
    assert band.isVisible() and band.narration.text() == example.description
    window.documents.new()                      # a session without notes: the band goes
    window.state.flush()
    assert not band.isVisible()


def test_a_scene_that_announces_events_says_them_in_the_band(qtbot, window):
    """Lesson 7's scene 4 names the bias correction: its band says it once playback reaches
    step 44 (1 - 0.9^44 = 0.990, worked out by hand), not before."""
    from gradviz.state.intents import Seek

    start(window, next(p for p in SHIPPED if p.name.startswith("7-")))
    window.state.apply(li.GoToScene(3))
    window.state.apply(Seek(43))
    window.state.flush()
    band = window.caption
    assert band.event_line.isHidden()
    window.state.apply(Seek(44))
    window.state.flush()
    assert band.event_line.isVisible()
    assert band.event_line.text().startswith("Step 44, Adam, lr 0.1: Adam's "
                                        "bias correction has faded: 1 − β₁ᵗ = 0.990")
    assert band.event_line.text() in band.texts()


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


def _contrast(a, b) -> float:
    """WCAG contrast ratio of two QColors."""
    def lum(c):
        def ch(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_the_caption_reads_from_the_back_of_the_room_in_both_themes(qtbot, window, dark):
    """Issue 17 item 1: the caption readable on a projector, presentation sizes, both
    themes: in presentation mode at 1280x720 the narration is set at 14 pt or more (the
    readout's 18 pt when the words fit), the title at least as large as in normal mode, and
    the words stand on the band's background at a contrast of 7:1 or more (WCAG AAA)."""
    from PySide6.QtGui import QPalette

    window.resize(1280, 720)
    if dark:
        window.mode_actions["theme_dark"].trigger()
    start(window, RATE)
    band = window.caption
    normal_head = band.head.font().pointSizeF()
    window.presentation.set_active(True)
    try:
        qtbot.waitUntil(lambda: band.isVisible() and band.narration.isVisible())
        assert band.narration.font().pointSizeF() >= 14
        assert band.head.font().pointSizeF() >= normal_head
        background = band.palette().color(QPalette.ColorRole.Base)
        for label in (band.head, band.narration):
            text = label.palette().color(QPalette.ColorRole.WindowText)
            assert _contrast(text, background) >= 7, (label.objectName(), text.name(),
                                                      background.name())
        picture = band.grab().toImage()    # what is painted: the band's own background
        assert picture.pixelColor(band.width() // 2, band.height() - 2) == background
    finally:
        window.presentation.leave()


def test_long_notes_are_shortened_with_more_to_show_them_whole(qtbot, window):
    """Example 6's description took seven lines under the panels at 1280x720 and left the
    landscapes 155 px high: notes longer than the band's budget show the sentences that fit
    and "…", and More shows them whole (Less shortens them again). A lesson's words are never
    shortened (test_every_scene_shows_its_caption_and_session compares them whole)."""
    from gradviz.engine import session_io

    window.resize(1280, 720)
    example, band = open_example(window, qtbot, "6-house-prices-scaling")
    more = band.buttons["more"]
    qtbot.waitUntil(more.isVisible)
    short = band.narration.text()
    assert short.endswith("\u2026") and example.description.startswith(short[:-2])
    assert len(short) < len(example.description)
    qtbot.wait(100)
    low = band.narration.height()
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert band.narration.text() == example.description and "Less" in more.text()
    qtbot.waitUntil(lambda: band.narration.height() > low)   # laid out whole, not clipped
    label = band.narration
    assert label.height() >= label.heightForWidth(label.width())
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert band.narration.text() == short and "More" in more.text()
    path2 = REPO / "resources" / "examples" / "2-learning-rate-too-large.gradviz.json"
    assert window.documents.open_example(path2)   # short enough: whole, no More
    window.state.flush()
    qtbot.waitUntil(lambda: band.narration.text() == session_io.load(path2).description)
    assert not more.isVisible()


def test_presenting_notes_take_two_lines_of_large_type(qtbot, window):
    """At 1280x720 in presentation mode, example 2's notes took a band of small type over
    landscapes left 140 px high with four panels: presenting, they are two lines of the
    presentation's type and "…", More shows them whole."""
    from PySide6.QtGui import QFontMetrics

    from gradviz.gui.views.caption_band import NARRATION_PT

    window.resize(1280, 720)
    window.presentation.set_active(True)
    try:
        example, band = open_example(window, qtbot, "2-learning-rate-too-large")
        more = band.buttons["more"]
        qtbot.waitUntil(more.isVisible)
        qtbot.wait(100)
        label = band.narration
        lines = label.heightForWidth(label.width()) / QFontMetrics(label.font()).lineSpacing()
        assert lines <= 2.2 and label.text().endswith("\u2026")
        assert label.font().pointSizeF() >= 0.99 * theme_pt(NARRATION_PT)
        assert example.description.startswith(label.text()[:-2])
        qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
        assert label.text() == example.description
    finally:
        window.presentation.leave()


def theme_pt(pt):
    from gradviz.gui import theme

    return theme.current().pt(pt)
