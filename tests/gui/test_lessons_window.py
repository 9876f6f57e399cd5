"""The lesson player in the window (real widgets): every shipped lesson's scenes show their
caption, Page Down / Page Up and the band's buttons move between scenes, Esc and Leave give
the window back as it was, a choice is picked with buttons or keys, a predict scene takes a
click as the guess and draws it beside the path, pictures of a scene show its caption, and a
broken lesson file is one line that changes nothing. (What a scene frames and the docks it
opens: test_lesson_docks.py; the caption band and a session's notes: test_caption_band.py.)"""

import pytest
from lesson_helpers import RATE, SHIPPED, start, window  # noqa: F401 (window: a fixture)
from PySide6.QtCore import QPointF, Qt

from gradviz.engine import lessons
from gradviz.state import lesson_intents as li
from gradviz.state.intents import SetSteps


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
