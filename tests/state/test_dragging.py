"""Dragging a parameter's slider: the landscape on the coarse grid while it moves, the full
grid from a job once it pauses; the runs always exact."""

import numpy as np
import pytest
from state_helpers import DeferredRunner, FakeClock, opened, recorder

from gradviz.engine.session import PanelConfig, Session
from gradviz.state import derived
from gradviz.state import intents as i

WELL = Session(text="a*x^2 + y^2", params={"a": 1.0}, domain=((-2.0, 2.0), (-2.0, 2.0)),
               start=(1.0, 1.0), panels=(PanelConfig("gd", {"lr": 0.1}),), steps=10)


def _state():
    runner, clock = DeferredRunner(), FakeClock()
    return opened(WELL, runner, clock), runner, clock


def _shape(state):
    return state.landscape.grid.f.shape


def _f_is(grid, a):
    np.testing.assert_allclose(grid.f, a * grid.xs[None, :] ** 2 + grid.ys[:, None] ** 2)


def test_a_drag_draws_the_coarse_grid_then_the_full_one_when_it_pauses():
    state, runner, clock = _state()
    state.apply(i.SetParameter("a", 2.0))   # one move alone: the full grid at once
    assert _shape(state) == (200, 200) and not runner.jobs
    events = recorder(state)
    for a in (3.0, 4.0):
        clock.advance(0.05)
        state.apply(i.SetParameter("a", a))
    assert _shape(state) == (derived.COARSE_GRID,) * 2
    _f_is(state.landscape.grid, 4.0)
    # the runs are exact all along: x_{k+1} = x_k - 0.1 * 8 x_k = 0.2 x_k
    np.testing.assert_allclose(state.runs[0].trajectory.points[:, 0], 0.2 ** np.arange(11),
                               rtol=1e-14)
    assert [delay for *_, delay in runner.jobs] == [pytest.approx(derived.SETTLE)] * 2
    runner.finish(0)   # the first move's refinement: stale, shows nothing
    assert _shape(state) == (derived.COARSE_GRID,) * 2 and len(events) == 2
    runner.finish()
    assert events[-1] == {"landscape"}
    assert _shape(state) == (200, 200)
    _f_is(state.landscape.grid, 4.0)


def test_a_move_after_a_pause_draws_the_full_grid_at_once():
    state, runner, clock = _state()
    state.apply(i.SetParameter("a", 2.0))
    clock.advance(derived.DRAG_GAP + 0.01)
    state.apply(i.SetParameter("a", 3.0))
    assert _shape(state) == (200, 200) and not runner.jobs
    _f_is(state.landscape.grid, 3.0)


def test_a_typo_during_a_drag_still_brings_the_full_grid():
    state, runner, clock = _state()
    state.apply(i.SetParameter("a", 2.0))
    clock.advance(0.05)
    state.apply(i.SetParameter("a", 3.0))
    runner.jobs.clear()   # the real runner drops a waiting job when the next is submitted
    state.apply(i.EditText("a*x^2 + y^"))
    runner.finish()       # the typo
    assert state.editor.error is not None
    assert _shape(state) == (derived.COARSE_GRID,) * 2 and len(runner.jobs) == 1
    runner.finish()
    assert _shape(state) == (200, 200)
    _f_is(state.landscape.grid, 3.0)
