"""Changing what the panels run: an lr (one panel rerun, the others' runs the same objects),
a preset, panels added and removed, the steps, display options that compute nothing."""

import numpy as np
import pytest
from state_helpers import DeferredRunner, opened, recorder

from gradviz.engine.presets import PRESETS
from gradviz.engine.session import PanelConfig, Session
from gradviz.state import intents as i

BOWL = Session(text="x^2 + y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.0, 1.0),
               panels=(PanelConfig("gd", {"lr": 0.1}), PanelConfig("adam", {"lr": 0.1})),
               steps=10)



def test_an_lr_change_reruns_that_panel_alone():
    state = opened(BOWL)
    adam, landscape = state.runs[1], state.landscape
    state.apply(i.SetStep(4))
    events = recorder(state)
    state.apply(i.SetPanel(0, "gd", {"lr": 0.05}))
    # one event, saying what changed (undo is possible now); the step stays
    assert events == [{"session", "panels", "runs", "history"}]
    assert state.runs[1] is adam and state.landscape is landscape and state.step == 4
    # x_{k+1} = x_k - 0.05 * 2 x_k = 0.9 x_k
    np.testing.assert_allclose(state.runs[0].trajectory.points[:, 0], 0.9 ** np.arange(11),
                               rtol=1e-14)


def test_the_same_settings_again_change_nothing():
    state = opened(BOWL)
    events = recorder(state)
    state.apply(i.SetPanel(0, "gd", {"lr": 0.1}))
    state.apply(i.SetStep(0))
    state.apply(i.SetLoop(False))
    assert events == []


def test_a_preset_is_prepared_and_sets_its_rates():
    runner = DeferredRunner()
    state = opened(BOWL, runner)
    state.apply(i.ChoosePreset("himmelblau"))
    assert state.session.text == "x^2 + y^2"   # until its job has prepared it
    runner.finish()
    preset = PRESETS["himmelblau"]
    assert state.session.preset == "himmelblau" and state.session.text == preset.expression
    assert state.session.domain == preset.domain and state.session.start == preset.start
    assert [p.hyper["lr"] for p in state.session.panels] == [preset.lr["gd"],
                                                             preset.lr["adam"]]
    assert state.objective.text == preset.expression
    assert len(state.landscape.minima) == len(preset.minima)
    x, y = state.runs[0].trajectory.points[0]
    assert (x, y) == preset.start


def test_a_panel_added_runs_alone_and_one_removed_keeps_the_others():
    state = opened(BOWL)
    gd, adam = state.runs
    state.apply(i.AddPanel())
    assert [p.optimizer for p in state.session.panels] == ["gd", "adam", "momentum"]
    assert state.runs[0] is gd and state.runs[1] is adam and len(state.runs) == 3
    state.apply(i.Inspect(2))
    state.apply(i.RemovePanel(0))
    assert [p.optimizer for p in state.session.panels] == ["adam", "momentum"]
    assert state.runs[0] is adam and state.view.inspected == 1
    for _ in range(3):
        state.apply(i.AddPanel("gd"))
    assert len(state.session.panels) == 4       # four at most
    for index in (3, 2, 1, 0):
        state.apply(i.RemovePanel(index))
    assert len(state.session.panels) == 1 and len(state.runs) == 1   # the last stays


def test_fewer_steps_bring_the_step_with_them():
    state = opened(BOWL)
    state.apply(i.SetStep(10))
    state.apply(i.SetSteps(6))
    assert state.step == 6 and state.runs[0].steps == 6
    state.apply(i.SetSteps(0))
    assert state.session.steps == 1


def test_a_layer_toggle_computes_nothing_and_the_density_the_landscape_only():
    state = opened(BOWL)
    landscape, runs = state.landscape, state.runs
    events = recorder(state)
    state.apply(i.SetDisplay("contours", False))
    assert events == [{"session", "display", "history"}] and state.landscape is landscape
    state.apply(i.SetDisplay("arrow_density", 10))
    assert state.landscape is not landscape and state.runs is runs
    with pytest.raises(KeyError):
        state.apply(i.SetDisplay("no_such_option", 1))


def test_a_bad_schedule_is_reported_and_changes_nothing():
    state = opened(BOWL)
    before = state.session
    events = recorder(state)
    state.apply(i.SetSchedule(0, "warmup_cosine", {"warmup": 50, "T_max": 20}))
    assert state.session is before and events == [{"problem"}]
    assert "warmup must be shorter than T_max" in state.problem.text
    state.apply(i.SetSchedule(0, "step", {"step_size": 3, "gamma": 0.5}))
    assert state.runs[0].trajectory.lrs.tolist() == [0.1] * 3 + [0.05] * 3 + [0.025] * 3 + \
        [0.0125]


def test_noise_is_the_same_for_every_panel():
    state = opened(BOWL)
    state.apply(i.SetNoise(0.3, 5))
    a, b = (run.trajectory.noise_added for run in state.runs)
    z = np.random.default_rng([5, 0]).standard_normal((10, 2))
    assert np.array_equal(a, b) and a[3].tolist() == [0.3 * z[3, 0], 0.3 * z[3, 1]]
