"""Typing a function: valid, a typo with its column, retyping the last valid one, an edit
overtaken by a newer one, and a function that takes too long to prepare."""

import json

import numpy as np
import pytest
from state_helpers import DeferredRunner, FakeClock, opened, recorder

from gradviz.engine.session import PanelConfig, Session
from gradviz.state import intents as i
from gradviz.state.app_state import TYPING_PAUSE
from gradviz.state.jobs import ImmediateRunner
from gradviz.state.records import TOO_SLOW

BOWL = Session(text="x^2 + y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.0, 1.0),
               panels=(PanelConfig("gd", {"lr": 0.1}), PanelConfig("adam", {"lr": 0.1})),
               steps=10)



def test_the_opened_session_is_computed():
    state = opened(BOWL)
    points = state.runs[0].trajectory.points
    # gradient descent on x^2 + y^2 at lr 0.1: x_{k+1} = x_k - 0.1 * 2 x_k = 0.8 x_k
    np.testing.assert_allclose(points[:, 0], 0.8 ** np.arange(11), rtol=1e-14)
    np.testing.assert_allclose(points[:, 1], 0.8 ** np.arange(11), rtol=1e-14)
    assert state.editor.gradient == ("2*x", "2*y")
    grid = state.landscape.grid
    np.testing.assert_allclose(grid.f, grid.xs[None, :] ** 2 + grid.ys[:, None] ** 2)


def test_a_valid_edit_is_prepared_by_a_job_then_shown():
    runner = DeferredRunner()
    state = opened(BOWL, runner)
    events = recorder(state)
    state.apply(i.EditText("x^2 + 3*y^2"))
    assert events == [{"typed"}] and state.preparing
    assert state.session.text == "x^2 + y^2"     # nothing shown changes before the job ends
    assert runner.jobs[0][2] == pytest.approx(TYPING_PAUSE)   # after a pause in typing
    runner.finish()
    assert events[1] >= {"session", "text", "objective", "gradient", "landscape", "runs"}
    assert state.session.text == "x^2 + 3*y^2" and state.editor.error is None
    assert state.editor.gradient == ("2*x", "6*y")
    # y_{k+1} = y_k - 0.1 * 6 y_k = 0.4 y_k
    np.testing.assert_allclose(state.runs[0].trajectory.points[:, 1], 0.4 ** np.arange(11),
                               rtol=1e-14)


def test_a_typo_shows_its_column_and_keeps_the_last_valid_function():
    state = opened(BOWL)
    objective, runs = state.objective, state.runs
    events = recorder(state)
    state.apply(i.EditText("x^2 +* y"))
    assert state.editor.error.column == 5 and "after '+'" in state.editor.error.message
    assert state.editor.typed == "x^2 +* y"
    assert state.session.text == "x^2 + y^2" and state.objective is objective
    assert state.runs is runs
    assert events == [{"typed"}, {"error"}]


def test_retyping_the_last_valid_function_clears_the_error():
    state = opened(BOWL)
    state.apply(i.EditText("x^2 + y^"))
    assert state.editor.error is not None
    events = recorder(state)
    state.apply(i.EditText("x^2 + y^2"))
    assert state.editor.error is None and state.editor.typed == "x^2 + y^2"
    assert events == [{"typed", "error"}]   # nothing to prepare: it is the function shown


def test_an_edit_overtaken_by_a_newer_one_is_dropped():
    runner = DeferredRunner()
    state = opened(BOWL, runner)
    state.apply(i.EditText("x^2"))
    state.apply(i.EditText("y^2"))
    assert len(runner.jobs) == 2
    runner.finish(1)                       # the newer one ends first
    assert state.session.text == "y^2"
    events = recorder(state)
    runner.finish(0)                       # the older one's result is stale
    assert state.session.text == "y^2" and events == []
    state.apply(i.EditText("x^2 + 2*y^2"))
    state.apply(i.EditText("x^2 + 5*y^2"))
    runner.finish(0)                       # the older one ends first: still stale
    assert state.session.text == "y^2" and state.preparing
    runner.finish(0)
    assert state.session.text == "x^2 + 5*y^2" and not state.preparing


def test_a_typo_job_after_the_fix_does_not_bring_the_error_back():
    runner = DeferredRunner()
    state = opened(BOWL, runner)
    state.apply(i.EditText("x^2 +"))
    state.apply(i.EditText("x^2 + y^2"))   # back to the function shown, before the job ended
    runner.finish()
    assert state.editor.error is None


def test_a_function_over_the_time_budget_is_one_line_and_the_last_valid_stays():
    clock = FakeClock()

    class SlowClock:   # each reading of the runner's clock is 3 s after the one before
        def __call__(self):
            clock.advance(3.0)
            return clock.now

    state = opened(BOWL)
    state.runner = ImmediateRunner(budget=2.0, clock=SlowClock())
    objective = state.objective
    state.apply(i.EditText("sin(x) + y^2"))
    assert state.editor.error == (TOO_SLOW, None)
    assert state.session.text == "x^2 + y^2" and state.objective is objective
    assert state.editor.typed == "sin(x) + y^2"


def test_parameters_get_values_and_a_new_value_does_not_parse_again():
    runner = DeferredRunner()
    state = opened(BOWL, runner)
    state.apply(i.EditText("a*x^2 + y^2"))
    runner.finish()
    assert state.session.params == {"a": 1.0}
    compiled = state.objective
    events = recorder(state)
    state.apply(i.SetParameter("a", 3.0))
    assert not runner.jobs                     # no job: the same text, another value
    assert state.objective.params == {"a": 3.0} and state.objective.text == compiled.text
    assert events == [{"session", "params", "objective", "landscape", "runs"}]
    grid = state.landscape.grid
    np.testing.assert_allclose(grid.f, 3 * grid.xs[None, :] ** 2 + grid.ys[:, None] ** 2)
    # x_{k+1} = x_k - 0.1 * 6 x_k = 0.4 x_k
    np.testing.assert_allclose(state.runs[0].trajectory.points[:, 0], 0.4 ** np.arange(11),
                               rtol=1e-14)
    state.apply(i.SetParameter("b", 2.0))       # not a parameter of this function
    assert state.session.params == {"a": 3.0}


def test_a_change_elsewhere_keeps_the_text_being_typed():
    state = opened(BOWL)
    state.apply(i.EditText("x^2 + "))
    state.apply(i.SetSteps(20))
    assert state.editor.typed == "x^2 + " and state.editor.error is not None
    assert state.session.steps == 20 and state.runs[0].steps == 20


def test_the_state_loads_without_qt(fresh_python):
    code = ("import json, sys, gradviz.state, gradviz.state.app_state\n"
            "from gradviz.state import AppState, intents\n"
            "s = AppState(); s.apply(intents.OpenSession(s.session))\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'pyqtgraph') or m.startswith('gradviz.gui'))))")
    result = fresh_python("-c", code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []
