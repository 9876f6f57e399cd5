"""The probe and the mouse, the inspector's panel, and the regression mode there and back."""

import numpy as np
import pytest
from state_helpers import DeferredRunner, opened, recorder

from gradviz.engine import session as sessions
from gradviz.engine.session import PanelConfig, Session
from gradviz.state import intents as i
from gradviz.state.queries import inspection, point_vectors, probe_reading

ROSENBROCK = Session(text="(1-x)^2 + 100*(y-x^2)^2", domain=((-2.0, 2.0), (-1.0, 3.0)),
                     start=(-1.5, 2.5), panels=(PanelConfig("gd", {"lr": 5e-4}),
                                                PanelConfig("adam", {"lr": 0.05})), steps=200)



def test_the_probe_reads_the_engines_numbers_at_the_pin_then_the_mouse():
    state = opened(ROSENBROCK)
    reading = probe_reading(state)
    from gradviz.engine.probe_spot import default_probe

    assert reading.source == "probe"   # a spot that hides nothing, until it is pinned
    assert (reading.slices.probe.x, reading.slices.probe.y) == default_probe(state.session)
    state.apply(i.SetProbe(1.0, 2.0))
    probe = probe_reading(state).slices.probe
    # f = 0 + 100 (2 - 1)^2 = 100; df/dx = -2 (1 - x) - 400 x (y - x^2) = -400; df/dy = 200
    assert (probe.f, probe.dfdx, probe.dfdy) == (100.0, -400.0, 200.0)
    events = recorder(state)
    state.apply(i.Hover(0.5, 0.25))
    assert events == [{"hover"}]                 # the mouse is not an edit
    reading = probe_reading(state)
    assert reading.source == "cursor" and reading.slices.probe.f == pytest.approx(0.25)
    state.apply(i.HoverEnded())
    assert probe_reading(state).source == "probe"
    state.apply(i.Undo())                        # the pinned probe is an edit: it goes back
    assert state.session.probe is None


def test_the_inspector_follows_the_step_and_the_chosen_panel():
    state = opened(ROSENBROCK)
    state.apply(i.Inspect(1))
    state.apply(i.SetStep(7))
    traj = state.runs[1].trajectory
    shown = inspection(state, state.view.inspected)
    assert shown.step == 7 and np.allclose(shown.point, traj.points[7])
    vectors = point_vectors(state, 1)
    np.testing.assert_allclose(vectors.step, traj.points[8] - traj.points[7])
    state.apply(i.InspectNext())
    assert state.view.inspected == 0
    state.apply(i.Inspect(9))
    assert state.view.inspected == 1


def test_the_regression_mode_there_and_back():
    runner = DeferredRunner()
    state = opened(sessions.from_preset("booth", steps=120), runner)
    state.apply(i.SetStart(1.0, 2.0))
    before = state.session
    state.apply(i.SetMode("regression"))
    runner.finish()
    assert state.session.mode == "regression" and state.landscape.names == ("w", "b", "L")
    loss = state.objective
    assert len(loss.data) == 30 and state.runs[0].trajectory.points[0].tolist() == [0.0, 0.0]
    # each panel's lr from the loss: gradient descent 0.2 / lambda_max
    assert state.session.panels[0].hyper["lr"] == pytest.approx(0.2 / loss.eigenvalues[1],
                                                                rel=0.05)
    state.apply(i.SetBatch(5))                  # new batches: runs again, the same loss
    assert not runner.jobs and state.objective is loss
    assert state.runs[0].trajectory.minibatch == (5, 0)
    state.apply(i.SetScaling(True))
    runner.finish()
    assert state.landscape.names == ("w\u2032", "b\u2032", "L") and state.objective.scaled
    state.apply(i.SetMode("function"))
    runner.finish()
    assert state.session.replace(regression=None) == before
    assert state.objective.text == before.text and state.landscape.names == ("x", "y", "f")


def test_a_csv_that_cannot_be_fitted_is_one_message(tmp_path):
    from gradviz.state.regression import data_from_file

    state = opened(ROSENBROCK)
    path = tmp_path / "flat.csv"
    path.write_text("5,1\n5,2\n")
    config, message = data_from_file(state.session, path)
    assert config is None
    assert message == "flat.csv: every x is 5: a line through the points is not unique"
    path.write_text("size,rent\n30,500\n45,650\n60,800\n")
    config, message = data_from_file(state.session, path)
    assert message is None
    state.apply(i.UseData(config))
    assert state.session.mode == "regression" and len(state.objective.data) == 3
    assert state.session.regression.points[0] == (30.0, 500.0)
