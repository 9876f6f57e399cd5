"""The basins window: live with the state, the coarse maps first and the full ones after (on
a worker thread), an lr slider redraws the maps as it moves, the window keeps processing
events, closing stops the worker, a failure is one line."""

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from gradviz.engine.basins import LEVELS, NOT_ARRIVED, compute_basins
from gradviz.engine.session import PanelConfig, from_preset
from gradviz.gui.basins_worker import open_basins
from gradviz.gui.views.basins import MINIMUM_COLORS
from gradviz.state import AppState
from gradviz.state.intents import OpenSession, SetSteps

COARSE, FULL = (tuple(reversed(level)) for level in LEVELS)   # (ny, nx) of the labels


def double_well_session(steps=300):
    s = from_preset("himmelblau")  # any preset: text, domain and panels are replaced below
    return s.replace(text="(x^2 - 1)^2 + y^2", params={}, preset=None,
                     domain=((-2.0, 2.0), (-1.0, 1.0)), steps=steps,
                     panels=(PanelConfig("gd", {"lr": 0.05}), PanelConfig("adam", {"lr": 0.05})))


class FakeWindow(QWidget):
    """What the dialog reads of a window: its state."""

    def __init__(self, session):
        super().__init__()
        self.state = AppState(session)
        self.state.apply(OpenSession(session))
        self.state.flush()


def _open(qtbot, session, monkeypatch):
    """The dialog on a window showing ``session``, and every list of maps it showed (shapes
    of the labels)."""
    window = FakeWindow(session)
    qtbot.addWidget(window)
    dialog = open_basins(window)
    qtbot.addWidget(dialog)
    shown = []
    show = dialog.view.set_results

    def noted(results, titles):
        shown.append([r.labels.shape for r in results])
        show(results, titles)

    monkeypatch.setattr(dialog.view, "set_results", noted)   # before any map is delivered
    return window, dialog, shown


def _finished(dialog, shown):
    return bool(shown) and shown[-1] == [FULL, FULL] and dialog.status.text().startswith("Stars")


def test_the_coarse_maps_come_first_then_the_full_ones(qtbot, monkeypatch):
    session = double_well_session()
    window, dialog, shown = _open(qtbot, session, monkeypatch)
    qtbot.waitUntil(lambda: _finished(dialog, shown), timeout=60_000)
    assert shown[0][0] == COARSE and [COARSE, COARSE] in shown
    assert shown.index([COARSE, COARSE]) < shown.index([FULL, FULL])
    expected = compute_basins(window.state.objective, "gd", session.domain, 300, LEVELS[-1],
                              hyper={"lr": 0.05})
    left = dialog.view.maps[0]
    assert (dialog.view.results[0].labels == expected.labels).all()
    # 200 columns over [-2, 2]: the left 100 reach (-1, 0) (label 0), the right 100 (1, 0)
    assert (expected.labels[:, :100] == 0).all() and (expected.labels[:, 100:] == 1).all()
    assert left.title.text() == "Gradient descent, lr 0.05"
    texts = left.legend_texts()
    assert "(-1.00, 0.00)  f = 0: 50.0 %" in texts[0] and "(1.00, 0.00)" in texts[1]
    assert texts[-2:] == ["diverged: 0.0 %", "did not arrive: 0.0 %"]
    image = left.classes.image
    assert tuple(image[0, 0, :3]) == tuple(int(MINIMUM_COLORS[0][i:i + 2], 16) for i in (1, 3, 5))
    dialog.done(0)
    assert not dialog.refiner.running()


def test_moving_an_lr_slider_sets_the_panel_and_redraws_the_maps(qtbot, monkeypatch):
    window, dialog, shown = _open(qtbot, double_well_session(), monkeypatch)
    qtbot.waitUntil(lambda: _finished(dialog, shown), timeout=60_000)
    shown.clear()
    field = dialog.sliders[0]
    field.slider.setValue(field.scale.position(0.2))   # as a drag moves it
    lr = field.value()
    assert window.state.session.panels[0].hyper["lr"] == lr != 0.05
    qtbot.waitUntil(lambda: _finished(dialog, shown), timeout=60_000)
    assert shown[0][0] == COARSE   # the coarse map of the new rate first
    assert dialog.view.maps[0].title.text() == f"Gradient descent, lr {lr:g}"
    expected = compute_basins(window.state.objective, "gd", ((-2.0, 2.0), (-1.0, 1.0)), 300,
                              LEVELS[-1], hyper={"lr": lr})
    assert (dialog.view.results[0].labels == expected.labels).all()
    # a change made elsewhere (the control column, a menu) reaches the window too
    shown.clear()
    window.state.apply(SetSteps(100))
    qtbot.waitUntil(lambda: _finished(dialog, shown), timeout=60_000)
    assert dialog.view.results[0].n_steps == 100
    dialog.done(0)


def test_the_window_keeps_processing_events_and_closing_stops_the_worker(qtbot, monkeypatch):
    window, dialog, shown = _open(qtbot, double_well_session(steps=3000), monkeypatch)
    window.show()
    ticks = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    qtbot.waitUntil(lambda: bool(shown) and len(ticks) >= 5, timeout=60_000)
    assert dialog.refiner.running() and shown[0][0] == COARSE
    dialog.done(0)          # while the full maps are computed (seconds of work)
    assert not dialog.refiner.running()
    count = len(shown)
    qtbot.wait(50)
    assert len(shown) == count   # nothing more arrives
    timer.stop()


def test_a_map_that_cannot_be_computed_is_one_line(qtbot, monkeypatch):
    session = double_well_session().replace(
        panels=(PanelConfig("gd_armijo", {"lr": 1.0}), PanelConfig("gd", {"lr": 0.05})))
    window, dialog, _ = _open(qtbot, session, monkeypatch)   # the window holds the dialog
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Basins could not"), timeout=60_000)
    assert "GD + line search" in dialog.status.text() and "\n" not in dialog.status.text()
    dialog.done(0)


def test_not_arrived_is_black_and_counted(qtbot):
    from gradviz.engine.expression import parse_expression
    from gradviz.gui.views.basins import BasinsView

    objective = parse_expression("(x^2 - 1)^2 + y^2", {})
    r = compute_basins(objective, "gd", ((-2, 2), (-1, 1)), 300, (5, 3), hyper={"lr": 0.05})
    assert (r.labels[:, 2] == NOT_ARRIVED).all()  # the column x = 0 stops on the saddle
    view = BasinsView()
    qtbot.addWidget(view)
    view.set_results([r], ["GD"])
    assert view.maps[1].isHidden() and not view.maps[0].isHidden()
    assert (view.maps[0].classes.image[:, 2, :3] == 0).all()
    assert view.maps[0].legend_texts()[-1] == "did not arrive: 20.0 %"
    assert np.isnan(view.maps[0].steps.image[:, 2]).all()
