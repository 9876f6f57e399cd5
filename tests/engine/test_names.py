"""The names of the variables: x, y, f for a function, w, b, L in the regression mode (w', b'
scaled). The inspector's rows and formulas, the probe's slices and the labels built from the
names, with the expected text written out by hand."""

import math

import pytest

from gradviz.engine import regression_mode as rm
from gradviz.engine import session as sessions
from gradviz.engine.dataset import Dataset
from gradviz.engine.expression import parse_expression
from gradviz.engine.inspect import inspect
from gradviz.engine.names import FUNCTION, REGRESSION, SCALED, Names, names_of
from gradviz.engine.probe import slices
from gradviz.engine.scene import objective_for
from gradviz.engine.trajectory import run

pytestmark = pytest.mark.filterwarnings("error")

BOWL = parse_expression("x^2 + 3*y^2")  # grad (2x, 6y)
# Two points (0, 1) and (1, 3): at (w, b) = (0, 0) the residuals are -1 and -3, so
# L = (1 + 9)/2 = 5, dL/dw = 2/2 * (-1*0 + -3*1) = -3, dL/db = 2/2 * (-1 + -3) = -4.
TWO = rm.embedded(Dataset([0.0, 1.0], [1.0, 3.0], ("area", "price")), "two.csv")


def _regression(config=TWO):
    return rm.setup(sessions.from_preset("rosenbrock", optimizers=("gd",), steps=5), config)


def axis_lines(ins, axis, other):
    lines = list(ins.formula)
    start = lines.index(f"along {axis}:") + 1
    end = lines.index(f"along {other}:") if f"along {other}:" in lines[start:] else len(lines)
    return lines[start:end]


# --- which names a session shows -------------------------------------------------------------

def test_a_function_session_says_x_y_f():
    assert names_of(sessions.from_preset("rosenbrock")) == ("x", "y", "f")


def test_the_regression_mode_says_w_b_L_and_w_prime_b_prime_when_scaled():
    session = _regression()
    assert names_of(session) == ("w", "b", "L")
    assert names_of(rm.with_scaling(session, True)) == ("w\u2032", "b\u2032", "L")
    assert names_of(session.replace(mode="function")) == ("x", "y", "f")


def test_labels_built_from_the_names():
    assert FUNCTION.grad_pair == "∇f = (∂f/∂x, ∂f/∂y)"
    assert REGRESSION.grad_pair == "∇L = (∂L/∂w, ∂L/∂b)"
    assert REGRESSION.partial("b") == "∂L/∂b" and REGRESSION.grad_norm == "|∇L|"
    assert FUNCTION.curves_title == "f and |∇f| by step"
    assert REGRESSION.curves_title == "L and |∇L| by step"
    assert FUNCTION.slice_title("x", "0.5") == "f(x, y₀ = 0.5) along x"
    assert FUNCTION.slice_title("y", "-1.2") == "f(x₀ = -1.2, y) along y"
    assert REGRESSION.slice_title("w", "2") == "L(w, b₀ = 2) along w"
    assert REGRESSION.slice_title("b", "0.75") == "L(w₀ = 0.75, b) along b"
    assert SCALED.slice_title("b′", "1") == "L(w′₀ = 1, b′) along b′"
    # the momentum buffer is "b" unless b is an axis (the bias)
    assert (FUNCTION.buffer, REGRESSION.buffer, SCALED.buffer) == ("b", "m", "m")
    assert Names("u", "v", "g").buffer == "b"


# --- the inspector ---------------------------------------------------------------------------

def test_gd_on_a_regression_loss_by_hand():
    session = _regression()
    loss = objective_for(session)
    tr = run(loss, "gd", (0.0, 0.0), 2, lr=0.1)
    ins = inspect(tr, 0, names_of(session))
    assert ins.names == ("w", "b", "L") and ins.value == pytest.approx(5.0)
    assert ins.row("grad").label == "∇L = (∂L/∂w, ∂L/∂b)"
    assert ins.row("grad").value == pytest.approx((-3.0, -4.0))
    # w: 0 - 0.1*(-3) = 0.3; b: 0 - 0.1*(-4) = 0.4
    assert ins.formula == ("along w:", "g = ∂L/∂w = −3", "w ← w − lr·g = 0 − 0.1·(−3) = 0.3",
                           "along b:", "g = ∂L/∂b = −4", "b ← b − lr·g = 0 − 0.1·(−4) = 0.4")


def test_the_same_run_in_function_names_is_unchanged():
    tr = run(BOWL, "gd", (1.0, 1.0), 3, lr=0.1)
    assert inspect(tr, 0).formula == inspect(tr, 0, FUNCTION).formula == (
        "along x:", "g = ∂f/∂x = 2", "x ← x − lr·g = 1 − 0.1·2 = 0.8",
        "along y:", "g = ∂f/∂y = 6", "y ← y − lr·g = 1 − 0.1·6 = 0.4")
    assert inspect(tr, 0).names == ("x", "y", "f")


def test_momentum_buffer_is_m_beside_the_bias():
    # BOWL from (1, 1), lr 0.1, momentum 0.9: step 0 m = g = (2, 6); step 1 at (0.8, 0.4)
    # g = (1.6, 2.4), m = 0.9*(2, 6) + g = (3.4, 7.8), next (0.8 - 0.34, 0.4 - 0.78)
    tr = run(BOWL, "momentum", (1.0, 1.0), 3, lr=0.1)
    first = inspect(tr, 0, REGRESSION)
    assert axis_lines(first, "w", "b") == ["g = ∂L/∂w = 2", "m₁ = g (first step) = 2",
                                          "w ← w − lr·m = 1 − 0.1·2 = 0.8"]
    assert first.row("momentum_buffer").label == "m, momentum buffer"
    later = inspect(tr, 1, REGRESSION)
    assert axis_lines(later, "w", "b") == ["g = ∂L/∂w = 1.6", "m = μ·m + g = 0.9·2 + 1.6 = 3.4",
                                          "w ← w − lr·m = 0.8 − 0.1·3.4 = 0.46"]
    assert axis_lines(later, "b", "w") == ["g = ∂L/∂b = 2.4", "m = μ·m + g = 0.9·6 + 2.4 = 7.8",
                                          "b ← b − lr·m = 0.4 − 0.1·7.8 = −0.38"]
    assert inspect(tr, 0).row("momentum_buffer").label == "b, momentum buffer"


def test_nesterov_and_rmsprop_momentum_say_m():
    # Nesterov step 0: m = g = 2, d = g + 0.9*m = 3.8, w = 1 - 0.1*3.8 = 0.62
    tr = run(BOWL, "nesterov", (1.0, 1.0), 2, lr=0.1)
    assert axis_lines(inspect(tr, 0, REGRESSION), "w", "b") == [
        "g = ∂L/∂w = 2", "m₁ = g (first step) = 2", "d = g + μ·m = 2 + 0.9·2 = 3.8",
        "w ← w − lr·d = 1 − 0.1·3.8 = 0.62"]
    # RMSprop momentum 0.9, step 1 (numbers as in test_inspect.test_rmsprop_momentum):
    # m = 0.9*10 + 1.8/sqrt(0.072) = 15.71, w = 0.9 - 0.01*15.71 = 0.7429
    tr = run(BOWL, "rmsprop", (1.0, 1.0), 3, lr=0.01, momentum=0.9)
    lines = axis_lines(inspect(tr, 1, REGRESSION), "w", "b")
    assert lines[3] == "m = μ·m + g/avg = 0.9·10 + 1.8/0.2683 = 15.71"
    assert lines[4] == "w ← w − lr·m = 0.9 − 0.01·15.71 = 0.7429"
    assert 9 + 1.8 / math.sqrt(0.072) == pytest.approx(15.708, abs=1e-3)


def test_weight_decay_and_adamw_name_the_axis():
    # gd wd 0.5 at (1, 1): g = 2 + 0.5*1 = 2.5
    tr = run(BOWL, "gd", (1.0, 1.0), 2, lr=0.1, weight_decay=0.5)
    assert axis_lines(inspect(tr, 0, REGRESSION), "w", "b")[0] == \
        "g = ∂L/∂w + wd·w = 2 + 0.5·1 = 2.5"
    # AdamW lr 0.1, wd 0.1 from (1, 1): u = -0.1, w = 1 - 0.1 - 0.1*0.1*1 = 0.89
    tr = run(BOWL, "adamw", (1.0, 1.0), 2, lr=0.1, weight_decay=0.1)
    assert axis_lines(inspect(tr, 0, REGRESSION), "w", "b")[-1] == \
        "w ← w + u − lr·wd·w = 1 + (−0.1) − 0.1·0.1·1 = 0.89"


def test_scaled_names_carry_their_primes():
    tr = run(BOWL, "gd", (1.0, 1.0), 2, lr=0.1)
    ins = inspect(tr, 0, SCALED)
    assert ins.formula == ("along w′:", "g = ∂L/∂w′ = 2", "w′ ← w′ − lr·g = 1 − 0.1·2 = 0.8",
                           "along b′:", "g = ∂L/∂b′ = 6", "b′ ← b′ − lr·g = 1 − 0.1·6 = 0.4")
    assert ins.row("grad").label == "∇L = (∂L/∂w′, ∂L/∂b′)"


def test_noise_note_and_divergence_say_L():
    tr = run(BOWL, "gd", (1.0, 1.0), 2, lr=0.1, noise=(0.5, 7))
    note = inspect(tr, 0, REGRESSION).row("noise").note
    assert note == "σ 0.5, seed 7: the optimizer sees ∇L + ξ"
    # x^4 + y^4, gd lr 10 from (3, 3) overflows within 10 steps
    tr = run(parse_expression("x^4 + y^4"), "gd", (3.0, 3.0), 10, lr=10.0)
    d = tr.diverged_at
    assert inspect(tr, d, REGRESSION).formula[0] == \
        f"diverged at step {d}: the point or L is not finite"


# --- the probe --------------------------------------------------------------------------------

def test_slices_carry_the_names_they_were_asked_for():
    loss = objective_for(_regression())
    s = slices(loss, 0.0, 0.0, (-1.0, 1.0), (-1.0, 1.0), samples=3, names=REGRESSION)
    assert s.names == ("w", "b", "L")
    assert (s.probe.f, s.probe.dfdx, s.probe.dfdy) == pytest.approx((5.0, -3.0, -4.0))
    assert slices(BOWL, 0.0, 0.0, (-1.0, 1.0), (-1.0, 1.0), samples=3).names == ("x", "y", "f")


# --- the tuned lr's note -------------------------------------------------------------------------

def test_tuning_a_regression_panel_says_final_L():
    from gradviz.engine import scene
    from gradviz.engine.tuning import statement, tune_lr

    # gd on x^2 + 3y^2 (as in test_sched_session): lr 100 diverges, 0.1 ends lowest
    r = tune_lr(BOWL, "gd", (1.0, 2.0), 200, lrs=[100.0, 0.01, 0.1], value="L")
    assert r.method == "best final L after 200 steps over 3 learning rates from 0.01 to 100"
    assert statement(r, value="L") == ("lr 0.1 tuned: lowest final L of 3 rates 0.01 to 100, "
                                       "200 steps, same start; 1 diverged")
    session = _regression()
    result = scene.tune_panel(objective_for(session), session, 0)
    assert result.method.startswith("best final L after 5 steps over 25 learning rates")
    note = scene.tuned_note(scene.tuned_panel(session, 0, result), 0)
    assert note.startswith(f"lr {result.best_lr:g} tuned: lowest final L of 25 rates")
    function = sessions.from_preset("rosenbrock", optimizers=("gd",), steps=5)
    assert scene.tune_panel(objective_for(function), function, 0).method.startswith(
        "best final f after 5 steps")
