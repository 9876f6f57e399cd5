"""2/λmax on each panel's lr slider and in words under gradient descent's: at Rosenbrock's
minimum (1, 1) the Hessian is [[802, -400], [-400, 200]], λmax = 501 + √(301² + 400²)."""

import math

import pytest
from gui_helpers import do, open_window
from PySide6.QtWidgets import QLabel

from gradviz.engine import session as sessions
from gradviz.gui.panels.fields import SliderField
from gradviz.state import intents as i
from gradviz.state.queries import inspection

LAMBDA_MAX = 501 + math.hypot(301, 400)   # 1001.6
SESSION = sessions.from_preset("rosenbrock", optimizers=("gd", "adam"), steps=50)


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, SESSION, (1600, 900))


def lr_field(window, index):
    return window.controls.optimizers[index].findChild(SliderField, "lr")


def words(window, index):
    return window.controls.optimizers[index].findChild(QLabel, "lr_limit")


def test_the_limit_is_marked_and_said_for_gradient_descent(window):
    field = lr_field(window, 0)
    assert field.mark_value() == pytest.approx(2 / LAMBDA_MAX, rel=1e-9)
    assert field.mark.isVisible()
    lr = window.state.session.panels[0].hyper["lr"]
    assert lr == 0.002 > 2 / LAMBDA_MAX   # the preset's rate: just past the limit
    assert words(window, 0).isVisible()
    assert words(window, 0).text() == (   # digits enough to tell the two apart
        "lr 0.002 is above 2/λmax = 0.001997: each step overshoots further "
        f"(each bounce {0.002 * LAMBDA_MAX - 1:.4g} times the last)")
    do(window, i.SetPanel(0, "gd", {"lr": 0.0015, "weight_decay": 0.0}))
    assert words(window, 0).text().startswith("lr 0.0015 is below 2/λmax = 0.002 but above")


def test_adam_gets_the_mark_but_no_words_and_newton_neither(window):
    assert lr_field(window, 1).mark_value() == pytest.approx(2 / LAMBDA_MAX)
    assert not words(window, 1).isVisible()
    do(window, i.SetPanel(1, "newton", {"lr": 1.0, "min_curvature": 1e-4}))
    assert lr_field(window, 1).mark_value() is None and not lr_field(window, 1).mark.isVisible()


def test_without_a_known_minimum_a_settled_run_gives_it(window):
    do(window, i.EditText("x^2 + 10*y^2"), i.SetSteps(400), i.SetPanel(0, "gd", {"lr": 0.05}))
    run = window.state.runs[0]
    assert window.state.landscape.minima == () and run.settled_at is not None
    assert lr_field(window, 0).mark_value() == pytest.approx(2 / 20)   # λmax = 20
    assert words(window, 0).text().startswith("lr 0.05 is below 2/λmax = 0.1")


def test_the_inspector_shows_adams_rate_beside_the_axis_limits(window):
    from gradviz.engine.curvature import adam_rates, curvature_at
    from gradviz.engine.inspect import fmt

    do(window, i.Inspect(1), i.Seek(5))
    window.docks["inspector"].show()
    traj = window.state.runs[1].trajectory
    ins = inspection(window.state, 1)
    x, y = traj.points[5]
    # by hand: f_xx = 2 - 400 (y - 3x²), f_yy = 200 at the point; Adam's v̂ from its state
    v_hat = traj.derived_at(5)["v_hat"]
    lr, eps = traj.hyper["lr"], traj.hyper["eps"]
    assert ins.row("adam_rate").value == pytest.approx(tuple(lr / (v_hat ** 0.5 + eps)))
    fxx = 2 - 400 * (y - 3 * x * x)
    expected_x = 2 / fxx if fxx > 0 else math.inf
    assert ins.row("axis_limit").value == pytest.approx((expected_x, 2 / 200))
    rates = adam_rates(traj, 5, curvature_at(window.state.objective, x, y))
    assert ins.row("axis_limit").value == pytest.approx(tuple(rates.limit))
    texts = [w.text() for w in window.inspector.findChildren(QLabel)]
    assert fmt(ins.row("axis_limit").value[1]) in texts
