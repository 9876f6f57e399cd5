"""The regression mode's loss choice and its houses moved or added: L(w, b) and its minimum
follow, the view and the rates as the brief says, undo brings the house back."""

import numpy as np
import pytest
from state_helpers import DeferredRunner, opened

from gradviz.engine import session as sessions
from gradviz.engine.losses import house_terms
from gradviz.state import intents as i


@pytest.fixture
def houses():
    runner = DeferredRunner()
    state = opened(sessions.from_preset("booth", steps=60), runner)
    state.apply(i.SetMode("regression"))
    runner.flush()
    return state, runner


def test_a_loss_choice_reshapes_the_landscape_and_its_minimum(houses):
    state, runner = houses
    mse = state.objective
    state.apply(i.SetLoss("mae"))
    runner.flush()
    mae = state.objective
    assert mae is not mse and mae.point_loss.key == "mae"
    assert state.session.regression.loss == "mae"
    w, b = 1.0, 20.0
    terms = house_terms(mae, w, b)
    r = w * mae.features + b - mae.data.y   # hand: the mean of |r_i|, grad mean sign(r_i)(x_i, 1)
    assert mae.value(w, b) == pytest.approx(np.abs(r).mean())
    assert terms.gradient == pytest.approx([np.mean(np.sign(r) * mae.features),
                                            np.mean(np.sign(r))])
    assert state.landscape.minima[0][:2] == pytest.approx(tuple(mae.minimum))
    assert tuple(mae.minimum) != pytest.approx(tuple(mse.minimum), rel=1e-3)
    state.apply(i.SetLoss("huber", 25.0))
    runner.flush()
    assert state.objective.point_loss.key == "huber" and state.objective.delta == 25.0
    state.apply(i.SetLoss("huber", -1.0))   # refused: δ must be positive
    assert not runner.jobs and state.session.regression.huber_delta == 25.0


def test_a_dragged_house_moves_the_loss_and_its_minimum_not_the_view(houses):
    state, runner = houses
    before, domain, start = state.objective, state.session.domain, state.session.start
    x0, y0 = before.data.x[3], before.data.y[3]
    state.apply(i.MoveHouse(3, x0, y0 + 500.0))
    runner.flush()
    after = state.objective
    assert after.data.y[3] == y0 + 500.0 and after.data.x[3] == x0
    assert np.array_equal(np.delete(after.data.y, 3), np.delete(before.data.y, 3))
    # least squares by hand: the minimum of the moved data
    slope, intercept = np.polyfit(after.data.x, after.data.y, 1)
    assert after.minimum == pytest.approx((slope, intercept), rel=1e-6)
    assert state.session.domain == domain and state.session.start == start
    assert state.landscape.minima[0][:2] == pytest.approx((slope, intercept), rel=1e-6)
    state.apply(i.Undo())
    runner.flush()
    assert state.objective.data.y[3] == y0


def test_a_click_adds_a_house(houses):
    state, runner = houses
    n = len(state.objective.data)
    state.apply(i.AddHouse(100.0, 300.0))
    runner.flush()
    assert len(state.objective.data) == n + 1
    assert (state.objective.data.x[-1], state.objective.data.y[-1]) == (100.0, 300.0)
    assert state.session.regression.source == "House prices"


def test_outside_the_regression_mode_nothing_happens():
    runner = DeferredRunner()
    state = opened(sessions.from_preset("booth", steps=60), runner)
    session = state.session
    for intent in (i.SetLoss("mae"), i.MoveHouse(0, 1.0, 2.0), i.AddHouse(1.0, 2.0)):
        state.apply(intent)
    assert state.session is session and not runner.jobs
