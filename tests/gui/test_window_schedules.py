"""Issue 8 in the real window: a panel's lr schedule (with its plot), gradient noise for every
panel, and "Tune learning rate" (off the GUI thread). Numbers are checked against the engine's."""

import math

import numpy as np
import pytest
from gui_helpers import do, open_window, type_into
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QComboBox

from gradviz.engine.expression import parse_expression
from gradviz.engine.session import PanelConfig, Session, default_session
from gradviz.engine.tuning import rounded_grid, tune_lr
from gradviz.gui.panels.fields import NumberField
from gradviz.state import intents as i

BOWL = "x^2 + 10*y^2"


@pytest.fixture
def window(qtbot):
    session = Session(text=BOWL, domain=((-2.0, 2.0), (-2.0, 2.0)), start=(-1.5, 1.0),
                      panels=(PanelConfig("gd", {"lr": 0.05}),
                              PanelConfig("adam", {"lr": 0.1})), steps=200)
    win = open_window(qtbot, session, (1680, 960))
    yield win
    win.tuner.cancel()


def choose(combo: QComboBox, key):
    combo.setCurrentIndex(combo.findData(key))   # as a user would: signals on


def test_choosing_a_schedule_changes_the_run_and_plots_it(window):
    c = window.state
    schedule = window.controls.schedules[1]
    before = c.runs[1].trajectory.points.copy()
    assert schedule.plot.isHidden()            # constant: no plot
    choose(schedule.combo, "cosine")
    # the window offers a cosine over the whole run
    assert c.session.panels[1].schedule == "cosine"
    assert c.session.panels[1].schedule_params == {"T_max": 200.0, "eta_min": 0.0}
    traj = c.runs[1].trajectory
    assert not np.array_equal(traj.points, before)
    # lr of update t: 0.05 (1 + cos(pi (t - 1) / 200)); update 101 is at half: 0.05
    assert traj.lrs[0] == 0.1 and traj.lrs[100] == pytest.approx(0.05, abs=1e-15)
    assert not schedule.plot.isHidden()
    xs, ys = schedule.curve.getData()
    assert xs.tolist() == list(range(1, 201)) and ys.tolist() == traj.lrs.tolist()
    do(window, i.SetStep(100))
    assert schedule.marker_position() == (101.0, traj.lrs[100])
    do(window, i.SetStep(7))
    assert schedule.marker_position() == (8.0, traj.lrs[7])
    assert schedule.cursor.value() == 8.0
    # the readout under the landscape shows the lr of this step's update
    assert "lr 0.09970" in window.views[1].readout.text()   # 0.05 (1 + cos(7 pi / 200))
    assert "lr" not in window.views[0].readout.text().split()   # panel 1 stays constant
    header = window.views[1].header
    assert header.note() == header.note_label.text() == "cosine lr to 0 at 200"
    assert header.note_label.toolTip() == "lr: cosine to 0 over 200 steps"
    # panel 1 has no note: a blank line keeps both headers (and landscapes) the same height
    assert window.views[0].header.note() == " "
    assert window.views[0].header.height() == header.height()


def drawn_tick_labels(plot):
    """{label: its rectangle in the plot widget} for the bottom axis's labels pyqtgraph draws
    (after hiding those that would overflow the axis)."""
    from PySide6.QtGui import QImage, QPainter

    axis = plot.getPlotItem().getAxis("bottom")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.setFont(axis.style["tickFont"])   # as AxisItem.paint does
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return {text: plot.mapFromScene(axis.mapRectToScene(rect)).boundingRect()
            for rect, _, text in specs[2]}


@pytest.mark.parametrize("steps, labels", [(200, ["50", "100", "150", "200"]),
                                           (137, ["50", "100", "137"]),
                                           (1000, ["250", "500", "750", "1000"])])
def test_the_schedule_plot_labels_the_last_step(window, qtbot, steps, labels):
    do(window, i.SetSteps(steps))
    schedule = window.controls.schedules[0]
    choose(schedule.combo, "step")
    qtbot.waitUntil(lambda: schedule.plot.isVisible())
    QApplication.processEvents()   # the plot lays itself out again with its new margin
    drawn = drawn_tick_labels(schedule.plot)
    assert list(drawn) == labels
    last = drawn[labels[-1]]
    assert schedule.plot.rect().contains(last)    # all of it on screen, none clipped
    picture = schedule.plot.grab().toImage()
    background = picture.pixelColor(2, picture.height() - 2)
    inked = [(x, y) for x in range(last.left(), last.right()) for y in range(last.top(),
             last.bottom()) if picture.pixelColor(x, y) != background]
    assert len(inked) > 20                        # the digits are painted there
    # the x axis ends at the last step: its label is centred on the plot's right end
    view = schedule.plot.getPlotItem().getViewBox()
    end = schedule.plot.mapFromScene(view.mapViewToScene(QPointF(steps, 0))).x()
    assert abs(last.center().x() - end) <= 2


def test_step_ticks_by_hand():
    from gradviz.gui.panels.schedule import step_ticks

    assert step_ticks(200) == [50, 100, 150, 200]   # 200 / 4 = 50: a round spacing
    assert step_ticks(120) == [50, 120]     # 120 / 4 = 30 -> 50; 100 is 20 < 0.6 x 50 from 120
    assert step_ticks(99) == [25, 50, 75, 99]        # 99 / 4 = 24.75 -> 25
    assert step_ticks(1) == [1] and step_ticks(3) == [1, 2, 3]


def test_editing_a_schedule_parameter_reruns_and_a_bad_one_is_refused(window, qtbot):
    c = window.state
    schedule = window.controls.schedules[0]
    choose(schedule.combo, "step")
    assert c.session.panels[0].schedule_params == {"step_size": 50.0, "gamma": 0.1}
    type_into(qtbot, schedule.findChild(NumberField, "step_size"), "20")
    lrs = c.runs[0].trajectory.lrs
    assert lrs[19] == 0.05 and lrs[20] == 0.05 * 0.1   # StepLR: update 21 starts the 2nd decay
    choose(schedule.combo, "warmup_cosine")
    type_into(qtbot, schedule.findChild(NumberField, "warmup"), "500")  # longer than T_max
    assert c.session.panels[0].schedule_params["warmup"] == 20.0      # unchanged
    assert "warmup must be shorter than T_max" in window.statusBar().currentMessage()
    assert schedule.findChild(NumberField, "warmup").value() == 20.0   # the field shows it too


def test_the_inspector_uses_the_scheduled_lr(window):
    c = window.state
    choose(window.controls.schedules[0].combo, "exponential")
    window.inspector.select(0)
    do(window, i.SetStep(10))
    traj = c.runs[0].trajectory
    gamma = c.session.panels[0].schedule_params["gamma"]
    assert traj.lrs[10] == pytest.approx(0.05 * gamma**10, rel=1e-13)
    from gradviz.engine.inspect import fmt

    assert window.inspector.row_text("lr")[0] == fmt(traj.lrs[10])
    assert window.inspector.row_text("plain_step")[0] == fmt(-traj.lrs[10] * traj.grads[10][0])


def test_noise_is_the_same_in_both_panels_and_shown(window, qtbot):
    c = window.state
    noise = window.controls.noise
    type_into(qtbot, noise.std, "0.3")
    noise.seed.setValue(5)
    assert (c.session.noise_std, c.session.noise_seed) == (0.3, 5)
    a, b = (run.trajectory.noise_added for run in c.runs)
    assert np.array_equal(a, b)
    z = np.random.default_rng([5, 0]).standard_normal((200, 2))
    assert a[17].tolist() == [0.3 * z[17, 0], 0.3 * z[17, 1]]   # the noise added at step 17
    for view in window.views:
        assert view.header.note() == "noise \u03c3 0.3, seed 5"
        assert view.header.note_label.toolTip() == "gradient noise \u03c3 0.3, seed 5 (all panels)"
        assert not view.header.note_label.isHidden()
    type_into(qtbot, noise.std, "0")
    assert c.runs[0].trajectory.noise_added is None
    assert window.views[0].header.note_label.isHidden()


def test_tune_sets_the_lr_tune_lr_picks_and_says_so(window, qtbot):
    c = window.state
    box = window.controls.tuners[0]
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    assert window.tuner.wait()
    qtbot.waitUntil(lambda: not box.running())
    expected = tune_lr(parse_expression(BOWL), "gd", (-1.5, 1.0), 200, {"lr": 0.05},
                       rounded_grid())
    assert c.session.panels[0].hyper["lr"] == expected.best_lr
    assert c.runs[0].trajectory.hyper["lr"] == expected.best_lr
    note = (f"lr {expected.best_lr:g} tuned: lowest final f of 25 rates 1e-5 to 10 (log), "
            "200 steps, same start")
    assert box.note.text().startswith(note)
    header = window.views[0].header
    assert header.note() == "lr tuned: best of 25 rates"
    assert header.note_label.toolTip().startswith(note)
    assert window.controls.optimizers[0].findChild(NumberField, "lr_field").value() == \
        expected.best_lr
    # moving the start makes the statement untrue: it goes
    do(window, i.SetStart(1.0, 1.0))
    assert box.note.isHidden() and window.views[0].header.note_label.isHidden()


def test_tune_from_the_panels_menu_tunes_the_inspected_panel(window, qtbot):
    c = window.state
    window.inspector.select(1)
    action = next(a for a in window.actions() if a.text().startswith("Tune the learning rate"))
    action.trigger()
    assert window.tuner.wait()
    qtbot.waitUntil(lambda: not window.controls.tuners[1].running())
    expected = tune_lr(parse_expression(BOWL), "adam", (-1.5, 1.0), 200, {"lr": 0.1},
                       rounded_grid())
    assert c.session.panels[1].hyper["lr"] == expected.best_lr
    assert c.session.panels[0].hyper["lr"] == 0.05


def test_cancel_stops_a_sweep_and_keeps_the_lr(window, qtbot, endless_tuning):
    c = window.state
    window.tuner.start(0)
    box = window.controls.tuners[0]
    assert box.running() and not box.progress.isHidden() and box.button.isHidden()
    qtbot.mouseClick(box.cancel, Qt.MouseButton.LeftButton)
    assert not window.tuner.running() and not box.running()
    assert c.session.panels[0].hyper["lr"] == 0.05
    assert c.session.panels[0].tuned is None


def test_a_result_for_changed_settings_is_dropped(window, qtbot):
    c = window.state
    window.tuner.start(0)
    do(window, i.SetStart(0.5, 0.5))          # before the worker's result is handled
    assert window.tuner.wait()
    qtbot.waitUntil(lambda: not window.controls.tuners[0].running())
    assert c.session.panels[0].hyper["lr"] == 0.05
    assert "changed while tuning" in window.statusBar().currentMessage()


def test_schedule_and_noise_survive_a_session_round_trip(window, tmp_path):
    from gradviz.engine import session_io

    c = window.state
    choose(window.controls.schedules[1].combo, "warmup_cosine")
    do(window, i.SetNoise(0.2, 9))
    path = tmp_path / "s.gradviz.json"
    session_io.save(c.session, path)
    loaded = session_io.load(path)
    assert loaded.panels[1].schedule == "warmup_cosine" and loaded.noise_seed == 9
    do(window, i.OpenSession(default_session()), i.OpenSession(loaded))
    assert window.controls.schedules[1].combo.currentData() == "warmup_cosine"
    assert window.controls.noise.std.value() == 0.2 and window.controls.noise.seed.value() == 9
    assert not math.isnan(c.runs[1].trajectory.lrs[0])


def test_overlay_legend_names_schedule_and_tuning_and_the_note_the_noise(window, qtbot):
    c = window.state
    choose(window.controls.schedules[1].combo, "cosine")
    do(window, i.SetNoise(0.2, 1))
    window.tuner.start(0)
    assert window.tuner.wait()
    qtbot.waitUntil(lambda: not window.controls.tuners[0].running())
    do(window, i.SetDisplay("overlay", True))
    texts = [text for _, text in window.landscapes.legend()]
    lr = c.session.panels[0].hyper["lr"]
    assert texts[0] == f"Gradient descent, lr {lr:g}, tuned: paused"
    assert texts[1] == "Adam, lr 0.1, cosine lr: paused"
    assert window.views[0].header.note().endswith(" \u00b7 noise \u03c3 0.2, seed 1")


def test_a_long_note_is_shortened_on_one_line(window):
    header = window.views[0].header
    header.set_note("a very long note " * 40, "tip")
    assert header.note_label.text().endswith("\u2026")
    assert header.note_label.fontMetrics().horizontalAdvance(header.note_label.text()) <= \
        header.width()


def test_a_schedule_chosen_after_changing_the_steps_fits_the_new_run(window, qtbot):
    window.controls.run_settings.steps.setValue(300)    # as typed: the state reruns
    assert window.state.session.steps == 300
    choose(window.controls.schedules[0].combo, "warmup_cosine")
    assert window.state.session.panels[0].schedule_params == {
        "warmup": 30.0, "start_factor": 0.1, "T_max": 300.0, "eta_min": 0.0}
