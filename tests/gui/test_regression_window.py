"""The regression mode in the main window: the switch, the axes, the data view's lines at the
current step, feature scaling with its condition number, batch size, CSV files good and broken,
and the way back to the function mode."""

import numpy as np
import pytest
from gui_helpers import do, open_window
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gradviz.engine import session as sessions
from gradviz.state import intents as i

SESSION = sessions.from_preset("booth", optimizers=("gd", "adam"), steps=200)


@pytest.fixture
def window(qtbot):
    win = open_window(qtbot, SESSION, (1400, 860))
    return win


def _axes(view):
    return view.plot.getAxis("bottom").labelText, view.plot.getAxis("left").labelText


def _line_y(curve):
    xs, ys = curve.getData()
    return np.asarray(xs), np.asarray(ys)


def test_switching_to_regression_shows_the_loss_over_w_and_b(window, qtbot):
    before = window.views[0].items.image.image.copy()
    assert _axes(window.views[0]) == ("x", "y")
    qtbot.mouseClick(window.controls.mode_switch.buttons["regression"],
                     pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
    c = window.state
    c.flush()   # the loss is prepared off the GUI thread
    assert c.session.mode == "regression"
    assert [_axes(v) for v in window.views] == [("w", "b"), ("w", "b")]
    assert window.views[0].readout.text().startswith("step 0  w 0  b 0  L ")
    assert not np.array_equal(window.views[0].items.image.image, before)
    assert window.docks["data"].isVisible() and not window.controls.editor.isVisible()
    assert "128,699" in window.controls.regression.condition.text()
    assert window.controls.run_settings.axis_labels[0].text() == "w"
    assert window.views[0].arrows.item._labels["grad"].doc.toPlainText() == "\u2207L"


def test_the_houses_entry_among_the_presets_switches_too(window):
    entry = next(a for a in window.controls.editor.presets_menu.actions()
                 if a.text() == "House prices (regression)")
    entry.trigger()
    window.state.flush()
    assert window.state.session.mode == "regression"
    assert window.controls.regression.data_label.text() == "<b>House prices</b>: 30 points"


def test_each_fitted_line_is_the_runs_w_and_b_at_the_current_step(window):
    c = window.state
    do(window, i.SetMode("regression"))
    for k in (0, 37, 200):
        do(window, i.SetStep(k))
        for run, curve in zip(c.runs, window.data_view.lines):
            w, b = run.trajectory.points[k]
            xs, ys = _line_y(curve)
            assert ys == pytest.approx(w * xs + b)
    assert window.data_view.legend_labels() == [
        f"Gradient descent, lr {c.session.panels[0].hyper['lr']:.2g}".replace("e-0", "e-"),
        f"Adam, lr {c.session.panels[1].hyper['lr']:.2g}"]


def test_scaling_changes_the_landscape_condition_number_and_keeps_the_line(window):
    c = window.state
    do(window, i.SetMode("regression"))
    unscaled = window.views[0].items.image.image.copy()
    window.controls.regression.scaled.setChecked(True)      # as a click does
    c.flush()
    assert c.session.regression.scaled
    assert _axes(window.views[0]) == ("w\u2032", "b\u2032")         # w', b' of the scaled x'
    assert "Condition number <b>1</b>" in window.controls.regression.condition.text()
    assert not np.array_equal(window.views[0].items.image.image, unscaled)
    # the lines are drawn in the data's units: w'(x - mu)/sigma + b'
    loss = c.objective
    do(window, i.SetStep(15))
    w, b = c.runs[0].trajectory.points[15]
    xs, ys = _line_y(window.data_view.lines[0])
    assert ys == pytest.approx(w * (xs - loss.mu) / loss.sigma + b)
    window.controls.regression.scaled.setChecked(False)
    c.flush()
    assert "128,699" in window.controls.regression.condition.text()


def test_batch_size_gives_every_panel_the_same_batches(window):
    c = window.state
    do(window, i.SetMode("regression"))
    full = c.runs[0].trajectory.points.copy()
    window.controls.regression.batch.setValue(5)
    assert c.session.regression.batch_size == 5
    assert c.runs[0].trajectory.minibatch == (5, 0)
    assert not np.array_equal(c.runs[0].trajectory.points, full)
    assert window.controls.regression.seed.isEnabled()
    window.controls.regression.seed.setValue(9)
    assert c.runs[1].trajectory.minibatch == (5, 9)
    window.controls.regression.batch.setValue(0)
    assert window.controls.regression.batch.text() == "full batch"
    assert np.array_equal(c.runs[0].trajectory.points, full)


def test_loading_a_good_csv(window, tmp_path):
    path = tmp_path / "rent.csv"
    path.write_text("size,rent\n30,500\n45,650\n60,800\n80,1000\n")
    assert window.load_data(str(path))
    c = window.state
    c.flush()
    assert c.session.mode == "regression" and len(c.objective.data) == 4
    assert c.session.regression.points[0] == (30.0, 500.0)
    assert window.data_view.plot.getAxis("bottom").labelText == "size"
    assert window.controls.regression.data_label.text() == "<b>rent.csv</b>: 4 points"
    xs, ys = window.data_view.points.getData()
    assert list(xs) == [30, 45, 60, 80] and list(ys) == [500, 650, 800, 1000]


def _answer_data_error(seen):
    def poll():
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != "data_error":
            QTimer.singleShot(20, poll)
            return
        seen.append(f"{box.text()} {box.informativeText()}")
        box.button(QMessageBox.StandardButton.Ok).click()
    QTimer.singleShot(0, poll)


@pytest.mark.parametrize("text, expected", [
    ("area,price\n30,500\n45,abc\n", 'line 3: "abc" is not a number'),
    ("1,2,3\n", "line 1: expected 2 columns"),
    ("5,1\n5,2\n", "every x is 5"),
    ("", "no data"),
])
def test_a_broken_csv_is_one_message_and_changes_nothing(window, tmp_path, text, expected):
    c = window.state
    do(window, i.SetMode("regression"))
    before = c.session
    path = tmp_path / "bad.csv"
    path.write_text(text)
    seen = []
    _answer_data_error(seen)
    assert not window.load_data(str(path))
    assert len(seen) == 1 and seen[0].startswith("Cannot load bad.csv.") and expected in seen[0]
    assert "\n" not in seen[0]
    assert c.session == before and len(c.objective.data) == 30


def test_too_many_points_for_a_session(window, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("".join(f"{i},{2 * i}\n" for i in range(2500)))
    from gradviz.state.regression import data_from_file

    assert data_from_file(window.state.session, str(path)) == (
        None, "2,500 points; gradviz fits at most 2,000")


def test_back_to_the_function_mode_as_it_was(window):
    c = window.state
    do(window, i.SetStart(1.0, 2.0))
    before = c.session
    do(window, i.SetMode("regression"), i.SetMode("function"))
    assert c.session.replace(regression=None) == before
    assert _axes(window.views[0]) == ("x", "y")
    assert not window.docks["data"].isVisible() and window.controls.editor.isVisible()
    assert window.views[0].readout.text().startswith("step 0  x 1.000  y 2.000  f ")


def test_a_new_panel_gets_a_learning_rate_for_the_loss(window):
    c = window.state
    do(window, i.SetMode("regression"), i.AddPanel("momentum"))
    assert c.session.panels[2].hyper["lr"] == pytest.approx(0.02 / c.objective.eigenvalues[1],
                                                            rel=0.05)
    assert c.runs[2].trajectory.diverged_at is None


def test_pictures_show_the_data_view_beside_the_panels_at_each_step(window):
    from gradviz.gui.documents import current_session
    from gradviz.gui.export import offscreen_scene
    from gradviz.gui.frames import PanelCamera
    from gradviz.gui.views.regression_data import RegressionDataView

    with offscreen_scene(current_session(window)) as canvas:   # the function mode
        assert PanelCamera(canvas).data is None               # panels only
    do(window, i.SetMode("regression"))
    session = current_session(window)
    with offscreen_scene(session, panel=0) as canvas:
        assert PanelCamera(canvas, panel=0).data is None
    with offscreen_scene(session) as canvas:
        camera = PanelCamera(canvas)
        assert isinstance(camera.data, RegressionDataView)
        camera.fit(900, 400)
        early, late = camera.rgb(2, 1, (900, 400)), camera.rgb(150, 1, (900, 400))
        assert early.shape == (400, 900, 3)
        w, b = canvas.state.runs[1].trajectory.points[150]
        np.testing.assert_array_equal(canvas.state.runs[1].trajectory.points,
                                      window.state.runs[1].trajectory.points)
        xs, ys = _line_y(camera.data.lines[1])
        assert ys == pytest.approx(w * xs + b)
        right = slice(int(900 * 0.7), 900)
        assert not np.array_equal(early[:, right], late[:, right])   # the lines moved


def test_a_short_data_view_names_the_lines_above_the_plot(window, qtbot):
    from gradviz.gui.views.regression_data import CAPTION_BELOW

    do(window, i.SetMode("regression"))
    view = window.data_view
    view.resize(600, CAPTION_BELOW - 60)
    assert not view.legend.isVisible() and "Adam" in view.plot.titleLabel.text
    view.resize(600, CAPTION_BELOW + 100)
    assert view.legend.isVisible() and view.legend_labels()[1].startswith("Adam")
