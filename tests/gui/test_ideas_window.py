"""The ideas on the landscapes, in the window: the gradient flow (View menu, W), the line
search's rejected trials, Newton's note as the panel status, the Hessian's axes at the
current point or the pinned probe (H) and, in the regression mode, each house's pull with
their mean (J); numbers checked against the engine."""

import numpy as np
import pytest
from gui_helpers import do, open_window

from gradviz.engine import session as sessions
from gradviz.engine.curvature import curvature_at
from gradviz.engine.losses import house_terms
from gradviz.engine.scene import compute_flow
from gradviz.gui.views.idea_items import HOUSE_PX, MIN_AXIS_PX
from gradviz.state import intents as i

SESSION = sessions.from_preset("rosenbrock", optimizers=("gd", "gd_armijo"), steps=80)


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, SESSION, (1600, 900))


def action(window, key):
    return window.actions_by_name[key]


def test_the_gradient_flow_is_a_reference_curve_per_panel(window):
    views = window.views
    assert len(views[0].ideas.flow_points()) == 0   # off by default
    action(window, "flow").trigger()
    assert window.state.session.display.flow
    for index, view in enumerate(views[:2]):
        expected = compute_flow(window.state.objective, window.state.session, index).path
        np.testing.assert_array_equal(view.ideas.flow_points(), expected)
        assert np.allclose(expected[0], window.state.session.start)
    action(window, "flow").trigger()
    assert len(views[0].ideas.flow_points()) == 0


def test_the_line_searchs_rejected_trials_are_drawn_at_the_step(window):
    do(window, i.SetPanel(1, "gd_armijo", {"lr": 1.0}))
    traj = window.state.runs[1].trajectory
    points, _, accepted = traj.trials_at(0)
    assert accepted and len(points) > 1   # lr 1 on Rosenbrock: halved a few times
    np.testing.assert_array_equal(window.views[1].ideas.trials(), points[:-1])
    assert len(window.views[0].ideas.trials()) == 0   # plain descent: none
    do(window, i.Seek(5))
    points, _, accepted = traj.trials_at(5)
    np.testing.assert_array_equal(window.views[1].ideas.trials(),
                                  points[:-1] if accepted else points)


def test_newtons_note_is_the_panels_status(window):
    do(window, i.EditText("x^2 - y^2"), i.SetStart(1.0, 1.0),
       i.SetPanel(1, "newton", {"lr": 1.0, "min_curvature": 1e-4}), i.Seek(1))
    assert window.views[1].header.status_text() == "Hessian not positive definite"
    assert window.views[0].header.status_text() == "paused"


def test_the_hessians_axes_at_the_probe_are_scaled_by_the_eigenvalues(window):
    do(window, i.EditText("x^2 + x*y + 4*y^2"), i.SetProbe(0.5, 0.5),
       i.SetDisplay("curvature", True))
    c = curvature_at(window.state.objective, 0.5, 0.5)
    low, high = c.eigenvalues   # H = [[2, 1], [1, 8]]: 5 ± √10
    assert (low, high) == pytest.approx((5 - 10 ** 0.5, 5 + 10 ** 0.5))
    ends = window.views[0].ideas.axes_shown()
    pixel = window.views[0].view_box.viewPixelSize()
    on_screen = [np.hypot(*((e[1] - e[0]) / pixel)) for e in ends]
    assert on_screen[0] / on_screen[1] == pytest.approx(low / high, rel=1e-6)
    direction = (ends[1][1] - ends[1][0]) / np.linalg.norm(ends[1][1] - ends[1][0])
    assert abs(direction @ c.directions[:, 1]) == pytest.approx(1.0)
    assert on_screen[0] > 2 * MIN_AXIS_PX   # the flatter axis is long enough to be exact
    assert window.views[0].ideas.axis_words().splitlines() == [
        f"λmax = {high:.3g}", f"2/λmax = {2 / high:.3g}", f"λmin = {low:.3g}",
        f"κ = {high / low:.3g}"]
    assert window.views[0].ideas.axis_label.isVisible()
    do(window, i.SetDisplay("curvature", False))
    assert not window.views[0].ideas.axis_label.isVisible()   # no empty dark box at (0, 0)


def axes_centre(view):
    ends = view.ideas.axes_shown()
    return [tuple((e[0] + e[1]) / 2) for e in ends]


def test_with_no_probe_pinned_the_hessians_axes_sit_on_each_panels_current_point(window):
    """H with the probe not pinned (its crosshair hidden): the axes were drawn at the default
    probe's unmarked spot, none at the points the runs stood or rested on (live look, example
    4 at 1280x720)."""
    assert window.state.session.probe is None
    objective = window.state.objective
    for step in (7, 80):   # moving, then at rest
        do(window, i.SetDisplay("curvature", True), i.Seek(step))
        for index, view in enumerate(window.views[:2]):
            x, y = window.state.runs[index].trajectory.points[step]
            assert axes_centre(view) == [pytest.approx((x, y), abs=1e-9)] * 2
            c = curvature_at(objective, x, y)   # by hand at (x, y): [[2 - 400(y - 3x²), -400x],
            fxx, fxy = 2 - 400 * (y - 3 * x * x), -400 * x   # [-400x, 200]]
            assert sum(c.eigenvalues) == pytest.approx(fxx + 200)
            assert c.eigenvalues[0] * c.eigenvalues[1] == pytest.approx(fxx * 200 - fxy ** 2)
            assert view.ideas.axis_words().splitlines()[0] == f"λmax = {c.eigenvalues[1]:.3g}"
    do(window, i.SetProbe(0.5, 0.5))   # a pinned probe: every panel's axes there
    assert all(axes_centre(v) == [pytest.approx((0.5, 0.5))] * 2 for v in window.views[:2])


def test_a_point_off_the_view_gets_no_axes(window):
    """GD at lr 0.05 on Rosenbrock leaves the view at once (6.5e130 at step 5): its label,
    moved in to show whole, read "λmax = 5.11e+264" in the corner of the landscape."""
    do(window, i.SetPanel(0, "gd", {"lr": 0.05, "weight_decay": 0.0}),
       i.SetDisplay("curvature", True), i.Seek(0))
    ideas = window.views[0].ideas
    assert axes_centre(window.views[0]) == [pytest.approx(
        tuple(window.state.session.start))] * 2 and ideas.axis_label.isVisible()
    do(window, i.Seek(40))
    assert window.state.runs[0].trajectory.diverged_at is not None
    assert [len(e) for e in ideas.axes_shown()] == [0, 0] and not ideas.axis_label.isVisible()


def test_without_the_hessians_axes_no_label_box_is_drawn(window):
    assert not window.state.session.display.curvature
    assert all(not view.ideas.axis_label.isVisible() for view in window.views)


def test_each_houses_pull_and_their_mean_at_the_current_point(window):
    do(window, i.SetMode("regression"), i.Seek(3))
    view, run = window.views[0], window.state.runs[0]
    w, b = run.trajectory.points[3]
    terms = house_terms(window.state.objective, w, b)
    houses, batch, mean, batch_mean = view.ideas.house_vectors()
    on_screen = np.hypot(*(terms.grads / view.view_box.viewPixelSize()).T)
    drawn = np.count_nonzero(on_screen * HOUSE_PX / on_screen.max() >= 2)   # 2 px or longer
    assert 20 < drawn <= 30
    assert len(houses) == 6 * drawn and len(batch) == 0 and len(batch_mean) == 0
    shaft = mean[1] - mean[0]
    expected = -terms.gradient / np.asarray(view.view_box.viewPixelSize())
    got = shaft / np.asarray(view.view_box.viewPixelSize())
    assert got @ expected / (np.linalg.norm(got) * np.linalg.norm(expected)) == pytest.approx(1)
    do(window, i.SetBatch(5, 0))
    houses, batch, mean, batch_mean = view.ideas.house_vectors()
    assert len(batch) == 6 * 5 and len(batch_mean) == 6
    action(window, "house_arrows").trigger()
    assert all(len(part) == 0 for part in view.ideas.house_vectors())
