"""The basins dialog: the worker runs off the GUI thread, the view shows the engine's labels,
Cancel stops it, the window keeps processing events."""

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from gradviz.engine.basins import NOT_ARRIVED, compute_basins
from gradviz.engine.expression import parse_expression
from gradviz.engine.session import PanelConfig, from_preset
from gradviz.gui.basins_worker import BasinsDialog, BasinsWorker, open_basins
from gradviz.gui.views.basins import MINIMUM_COLORS


def double_well_session():
    s = from_preset("himmelblau")  # any preset: text, domain and panels are replaced below
    return s.replace(text="(x^2 - 1)^2 + y^2", params={}, preset=None,
                     domain=((-2.0, 2.0), (-1.0, 1.0)), steps=300,
                     panels=(PanelConfig("gd", {"lr": 0.05}), PanelConfig("adam", {"lr": 0.05})))


class FakeWindow(QWidget):
    """What the dialog reads of a window: its state's session and objective."""

    class _State:
        pass

    def __init__(self, session):
        super().__init__()
        self.state = self._State()
        self.state.session = session
        self.state.objective = parse_expression(session.text, session.params)


def test_dialog_shows_the_engines_labels(qtbot):
    session = double_well_session()
    window = FakeWindow(session)
    qtbot.addWidget(window)
    dialog = BasinsDialog(window.state.objective, session, window)
    dialog.resolution.setCurrentIndex(0)  # 50 x 50
    dialog.view.steps_toggle.setChecked(True)
    dialog.compute()
    qtbot.waitUntil(lambda: not dialog.job.running() and bool(dialog.view.results),
                    timeout=60_000)
    expected = compute_basins(window.state.objective, "gd", session.domain, 300, (50, 50),
                              hyper={"lr": 0.05})
    shown = dialog.view.results[0]
    assert (shown.labels == expected.labels).all()
    # 50 columns over [-2, 2]: the left 25 reach (-1, 0) (label 0), the right 25 (1, 0)
    assert (shown.labels[:, :25] == 0).all() and (shown.labels[:, 25:] == 1).all()
    left = dialog.view.maps[0]
    assert left.title.text() == "Gradient descent, lr 0.05"
    texts = left.legend_texts()
    assert "(-1.00, 0.00)  f = 0: 50.0 %" in texts[0] and "(1.00, 0.00)" in texts[1]
    assert texts[-2:] == ["diverged: 0.0 %", "did not arrive: 0.0 %"]
    # the pixel colours are the legend's: first column orange-ish palette entry 0
    image = left.classes.image
    assert tuple(image[0, 0, :3]) == tuple(int(MINIMUM_COLORS[0][i:i + 2], 16) for i in (1, 3, 5))
    assert not dialog.view.bar.isHidden() and left.steps.isVisible()
    assert dialog.progress.value() == 1000
    dialog.done(0)


def test_cancel_stops_and_the_window_keeps_processing_events(qtbot):
    session = double_well_session().replace(steps=3000)
    window = FakeWindow(session)
    qtbot.addWidget(window)
    window.show()
    ticks = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    dialog = open_basins(window)  # 100 x 100 starts x 3,000 steps, twice: seconds of work
    assert dialog.job.running() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.progress.value() > 0 and len(ticks) >= 5, timeout=60_000)
    dialog.cancel_button.click()
    assert not dialog.job.running()
    assert dialog.status.text() == "Cancelled."
    assert dialog.view.results == [] and dialog.compute_button.isEnabled()
    qtbot.wait(50)  # a late signal of the cancelled job changes nothing
    assert dialog.status.text() == "Cancelled."
    timer.stop()
    dialog.done(0)


def test_worker_reports_failure_in_one_line(qtbot):
    objective = parse_expression("x^2 + y^2", {})
    worker = BasinsWorker(objective, [dict(optimizer="gd", domain=((-1, 1), (-1, 1)), steps=5,
                                           resolution=(500, 500))])
    with qtbot.waitSignal(worker.failed) as blocker:
        worker.run()
    assert blocker.args[0].startswith("Basins could not be computed: resolution")
    assert "\n" not in blocker.args[0]


def test_not_arrived_is_black_and_counted(qtbot):
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
