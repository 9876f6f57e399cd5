"""The inspector: rows and formula lines at a step, checked against hand arithmetic and the
engine's own arrays, for every optimizer; the last step, a diverged run, line lengths."""

import math

import numpy as np
import pytest

from gradviz.engine.expression import parse_expression
from gradviz.engine.inspect import LINE_LIMIT, Inspection, Row, fmt, inspect
from gradviz.engine.optimizers import OPTIMIZERS
from gradviz.engine.trajectory import run

pytestmark = pytest.mark.filterwarnings("error")

BOWL = parse_expression("x^2 + 3*y^2")  # grad (2x, 6y)
ROSENBROCK = parse_expression("(1-x)^2 + 100*(y-x^2)^2")
QUARTIC = parse_expression("x^4 + y^4")  # grad (4x^3, 4y^3)


def approx(value, rel=1e-9):
    return pytest.approx(value, rel=rel, abs=1e-12)


def axis_lines(ins, axis):
    """The formula lines of one axis: those after its header "along x:" up to the next one."""
    lines = list(ins.formula)
    start = lines.index(f"along {axis}:") + 1
    end = lines.index("along y:") if axis == "x" else len(lines)
    return lines[start:end]


def values(ins):
    return {r.key: r.value for r in ins.rows}


# --- number formatting ---------------------------------------------------------------------------

def test_fmt_four_significant_digits_unicode_minus_short_exponents():
    assert fmt(-0.001234) == "−0.001234"
    assert fmt(-22.6712) == "−22.67"
    assert fmt(12345.6) == "1.235e4"
    assert fmt(2.5e-8) == "2.5e−8"
    assert fmt(1e-8) == "1e−8"
    assert fmt(-0.0) == "0"
    assert fmt(math.inf) == "∞" and fmt(-math.inf) == "−∞" and fmt(math.nan) == "NaN"
    assert fmt(np.float64(0.5)) == "0.5"


def test_row_text():
    assert Row("grad", "∇f", (-1.5, 2.0)).text == "(−1.5, 2)"
    assert Row("clr", "clr", 0.1).text == "0.1"
    assert Row("applied_step", "Δp", (math.nan, math.nan)).text == "(NaN, NaN)"


# --- gradient descent ----------------------------------------------------------------------------

def test_gd_first_step_rows_and_formula():
    # from (1, 1), lr 0.1: g = (2, 6), step (-0.2, -0.6), next point (0.8, 0.4)
    tr = run(BOWL, "gd", (1.0, 1.0), 3, lr=0.1)
    ins = inspect(tr, 0)
    assert isinstance(ins, Inspection)
    assert (ins.step, ins.t, ins.point, ins.value, ins.diverged) == (0, 1, (1.0, 1.0), 4.0, False)
    assert ins.keys == ("grad", "applied_step", "plain_step")
    v = values(ins)
    assert v["grad"] == (2.0, 6.0)
    assert v["applied_step"] == approx((-0.2, -0.6))
    assert v["plain_step"] == approx((-0.2, -0.6))
    assert ins.title == "Gradient descent: update 1 (step 0 → 1)"
    assert ins.formula == ("along x:", "g = ∂f/∂x = 2", "x ← x − lr·g = 1 − 0.1·2 = 0.8",
                           "along y:", "g = ∂f/∂y = 6", "y ← y − lr·g = 1 − 0.1·6 = 0.4")


def test_gd_weight_decay_is_part_of_g():
    # wd 0.5 at (1, 1): g = (2 + 0.5, 6 + 0.5) = (2.5, 6.5); lr 0.1 -> (0.75, 0.35)
    tr = run(BOWL, "gd", (1.0, 1.0), 2, lr=0.1, weight_decay=0.5)
    ins = inspect(tr, 0)
    assert values(ins)["grad"] == (2.0, 6.0)  # the gradient of f itself
    assert values(ins)["plain_step"] == approx((-0.25, -0.65))
    assert axis_lines(ins, "x") == ["g = ∂f/∂x + wd·x = 2 + 0.5·1 = 2.5",
                                    "x ← x − lr·g = 1 − 0.1·2.5 = 0.75"]
    assert axis_lines(ins, "y")[0] == "g = ∂f/∂y + wd·y = 6 + 0.5·1 = 6.5"
    assert tr.points[1] == approx((0.75, 0.35))


# --- momentum, Nesterov --------------------------------------------------------------------------

def test_momentum_first_step_buffer_is_the_gradient():
    tr = run(BOWL, "momentum", (1.0, 1.0), 3, lr=0.1)  # momentum 0.9
    ins = inspect(tr, 0)
    assert ins.keys == ("grad", "applied_step", "plain_step", "momentum_buffer")
    assert values(ins)["momentum_buffer"] == (2.0, 6.0)
    assert axis_lines(ins, "x") == ["g = ∂f/∂x = 2", "b₁ = g (first step) = 2",
                                    "x ← x − lr·b = 1 − 0.1·2 = 0.8"]


def test_momentum_later_step():
    # step 1 from (0.8, 0.4): g = (1.6, 2.4), b = 0.9 * (2, 6) + g = (3.4, 7.8),
    # next point (0.8 - 0.34, 0.4 - 0.78) = (0.46, -0.38)
    tr = run(BOWL, "momentum", (1.0, 1.0), 3, lr=0.1)
    ins = inspect(tr, 1)
    v = values(ins)
    assert ins.t == 2 and ins.point == approx((0.8, 0.4))
    assert v["grad"] == approx((1.6, 2.4))
    assert v["momentum_buffer"] == approx((3.4, 7.8))
    assert v["momentum_buffer"] == tuple(tr.state_at(2).momentum_buffer)
    assert v["applied_step"] == approx((-0.34, -0.78))
    assert v["plain_step"] == approx((-0.16, -0.24))
    assert axis_lines(ins, "x") == ["g = ∂f/∂x = 1.6", "b = μ·b + g = 0.9·2 + 1.6 = 3.4",
                                    "x ← x − lr·b = 0.8 − 0.1·3.4 = 0.46"]
    assert axis_lines(ins, "y")[1:] == ["b = μ·b + g = 0.9·6 + 2.4 = 7.8",
                                        "y ← y − lr·b = 0.4 − 0.1·7.8 = −0.38"]


def test_momentum_dampening():
    # dampening 0.5, step 1: b = 0.9 * 2 + 0.5 * 1.6 = 2.6 -> x 0.8 - 0.26 = 0.54
    tr = run(BOWL, "momentum", (1.0, 1.0), 2, lr=0.1, dampening=0.5)
    ins = inspect(tr, 1)
    assert values(ins)["momentum_buffer"] == approx((2.6, 5.4 + 1.2))
    assert axis_lines(ins, "x")[1:] == ["b = μ·b + (1−τ)·g = 0.9·2 + 0.5·1.6 = 2.6",
                                        "x ← x − lr·b = 0.8 − 0.1·2.6 = 0.54"]


def test_nesterov_two_steps():
    # step 0: b = g = (2, 6); d = g + 0.9 b = (3.8, 11.4); next (1 - 0.38, 1 - 1.14)
    tr = run(BOWL, "nesterov", (1.0, 1.0), 3, lr=0.1)
    ins = inspect(tr, 0)
    assert axis_lines(ins, "x") == ["g = ∂f/∂x = 2", "b₁ = g (first step) = 2",
                                    "d = g + μ·b = 2 + 0.9·2 = 3.8",
                                    "x ← x − lr·d = 1 − 0.1·3.8 = 0.62"]
    assert axis_lines(ins, "y")[-1] == "y ← y − lr·d = 1 − 0.1·11.4 = −0.14"
    # step 1 at (0.62, -0.14): g = (1.24, -0.84); b = (1.8 + 1.24, 5.4 - 0.84) = (3.04, 4.56)
    # d = (1.24 + 2.736, -0.84 + 4.104) = (3.976, 3.264); next (0.2224, -0.4664)
    ins = inspect(tr, 1)
    assert values(ins)["momentum_buffer"] == approx((3.04, 4.56))
    assert values(ins)["applied_step"] == approx((-0.3976, -0.3264))
    assert axis_lines(ins, "y") == ["g = ∂f/∂y = −0.84", "b = μ·b + g = 0.9·6 + (−0.84) = 4.56",
                                    "d = g + μ·b = −0.84 + 0.9·4.56 = 3.264",
                                    "y ← y − lr·d = −0.14 − 0.1·3.264 = −0.4664"]


# --- Adagrad -------------------------------------------------------------------------------------

def test_adagrad_steps():
    # step 0 from (1, 1), lr 0.1: s = (4, 36), step -0.1 * (2/2, 6/6) -> (0.9, 0.9)
    tr = run(BOWL, "adagrad", (1.0, 1.0), 3, lr=0.1)
    ins = inspect(tr, 0)
    assert ins.keys == ("grad", "applied_step", "plain_step", "sum", "clr", "effective_lr")
    v = values(ins)
    assert v["sum"] == (4.0, 36.0) and v["clr"] == 0.1
    assert v["effective_lr"] == approx((0.1 / 2, 0.1 / 6))
    assert axis_lines(ins, "x") == ["g = ∂f/∂x = 2", "s = s + g² = 0 + 2² = 4",
                                    "x ← x − lr·g/(√s+ε) = 1 − 0.1·2/(√4+1e−10) = 0.9"]
    # step 1 at (0.9, 0.9): g = (1.8, 5.4); s = (4 + 3.24, 36 + 29.16)
    ins = inspect(tr, 1)
    v = values(ins)
    assert v["sum"] == approx((7.24, 65.16))
    assert v["applied_step"] == approx((-0.1 * 1.8 / math.sqrt(7.24),
                                        -0.1 * 5.4 / math.sqrt(65.16)))
    assert axis_lines(ins, "y")[1] == "s = s + g² = 36 + 5.4² = 65.16"


def test_adagrad_lr_decay():
    # lr_decay 0.5, update 2: clr = 0.1 / (1 + 1 * 0.5)
    tr = run(BOWL, "adagrad", (1.0, 1.0), 3, lr=0.1, lr_decay=0.5)
    ins = inspect(tr, 1)
    assert values(ins)["clr"] == approx(0.1 / 1.5)
    assert ins.formula[0] == "clr = lr/(1 + (t−1)·lr_decay) = 0.1/(1 + 1·0.5) = 0.06667"
    assert axis_lines(ins, "x")[-1].startswith("x ← ")
    assert "0.06667·1.8/" in axis_lines(ins, "x")[-1]


# --- RMSprop -------------------------------------------------------------------------------------

def test_rmsprop_plain():
    # lr 0.01, alpha 0.99, from (1, 1): v = 0.01 g^2 = (0.04, 0.36), avg = (0.2, 0.6),
    # step = -0.01 * (2 / 0.2, 6 / 0.6) = (-0.1, -0.1)
    tr = run(BOWL, "rmsprop", (1.0, 1.0), 3, lr=0.01)
    ins = inspect(tr, 0)
    assert ins.keys == ("grad", "applied_step", "plain_step", "square_avg", "avg", "effective_lr")
    v = values(ins)
    assert v["square_avg"] == approx((0.04, 0.36))
    avg = (0.2 + 1e-8, 0.6 + 1e-8)  # eps 1e-8 is added to the square root
    assert v["avg"] == approx(avg)
    assert v["effective_lr"] == approx((0.01 / avg[0], 0.01 / avg[1]))
    assert v["applied_step"] == approx((-0.01 * 2 / avg[0], -0.01 * 6 / avg[1]))
    assert axis_lines(ins, "x") == ["g = ∂f/∂x = 2",
                                    "v = α·v + (1−α)·g² = 0.99·0 + 0.01·2² = 0.04",
                                    "avg = √v + ε = √0.04 + 1e−8 = 0.2",
                                    "x ← x − lr·g/avg = 1 − 0.01·2/0.2 = 0.9"]


def test_rmsprop_centered():
    # a = 0.01 g = (0.02, 0.06); avg = sqrt(0.04 - 0.0004), sqrt(0.36 - 0.0036)
    tr = run(BOWL, "rmsprop", (1.0, 1.0), 3, lr=0.01, centered=True)
    ins = inspect(tr, 0)
    assert ins.keys == ("grad", "applied_step", "plain_step", "square_avg", "grad_avg", "avg",
                        "effective_lr")
    v = values(ins)
    assert v["grad_avg"] == approx((0.02, 0.06))
    avg = (math.sqrt(0.0396) + 1e-8, math.sqrt(0.3564) + 1e-8)
    assert v["avg"] == approx(avg)
    assert v["applied_step"] == approx((-0.02 / avg[0], -0.06 / avg[1]))
    x = axis_lines(ins, "x")
    assert x[2] == "a = α·a + (1−α)·g = 0.99·0 + 0.01·2 = 0.02"
    assert x[3] == "avg = √(v − a²) + ε = √(0.04 − 0.02²) + 1e−8 = 0.199"
    assert x[4] == "x ← x − lr·g/avg = 1 − 0.01·2/0.199 = 0.8995"


def test_rmsprop_momentum():
    # momentum 0.9: step 0 b = g/avg = (10, 10) -> (0.9, 0.9); step 1 g = (1.8, 5.4),
    # v = (0.99*0.04 + 0.01*3.24, 0.99*0.36 + 0.01*29.16) = (0.072, 0.648),
    # b = 9 + 1.8/sqrt(0.072) (x) and 9 + 5.4/sqrt(0.648) (y)
    # (eps 1e-8 moves step 0 by ~5e-9 relative: hence rel=1e-6)
    tr = run(BOWL, "rmsprop", (1.0, 1.0), 3, lr=0.01, momentum=0.9)
    ins = inspect(tr, 1)
    assert ins.keys[-1] == "momentum_buffer"
    v = values(ins)
    assert v["square_avg"] == approx((0.072, 0.648), rel=1e-6)
    b = (9 + 1.8 / math.sqrt(0.072), 9 + 5.4 / math.sqrt(0.648))
    assert v["momentum_buffer"] == approx(b, rel=1e-6)
    assert v["applied_step"] == approx((-0.01 * b[0], -0.01 * b[1]), rel=1e-6)
    x = axis_lines(ins, "x")
    assert x[3] == "b = μ·b + g/avg = 0.9·10 + 1.8/0.2683 = 15.71"
    assert x[4] == "x ← x − lr·b = 0.9 − 0.01·15.71 = 0.7429"


# --- Adam, AdamW, AMSGrad ------------------------------------------------------------------------

def test_adam_t1_by_hand():
    # lr 0.1 from (1, 1): g = (2, 6), m = 0.1 g, v = 0.001 g^2, m_hat = g, v_hat = g^2,
    # step = -0.1 * g / |g| = (-0.1, -0.1) (eps aside)
    tr = run(BOWL, "adam", (1.0, 1.0), 3, lr=0.1)
    ins = inspect(tr, 0)
    assert ins.keys == ("grad", "applied_step", "plain_step", "adaptive_step", "exp_avg",
                        "exp_avg_sq", "bias_correction1", "bias_correction2", "m_hat", "v_hat")
    v = values(ins)
    assert v["exp_avg"] == approx((0.2, 0.6))
    assert v["exp_avg_sq"] == approx((0.004, 0.036))
    assert v["bias_correction1"] == approx(0.1) and v["bias_correction2"] == approx(0.001)
    assert v["m_hat"] == approx((2.0, 6.0)) and v["v_hat"] == approx((4.0, 36.0))
    step = (-0.1 * 2 / (2 + 1e-8), -0.1 * 6 / (6 + 1e-8))
    assert v["adaptive_step"] == approx(step) and v["applied_step"] == approx(step)
    assert v["plain_step"] == approx((-0.2, -0.6))
    assert ins.title == "Adam: update 1 (step 0 → 1)"
    assert axis_lines(ins, "x") == [
        "g = ∂f/∂x = 2",
        "m = β₁·m + (1−β₁)·g = 0.9·0 + 0.1·2 = 0.2",
        "v = β₂·v + (1−β₂)·g² = 0.999·0 + 0.001·2² = 0.004",
        "m̂ = m/(1−β₁ᵗ) = 0.2/0.1 = 2",
        "v̂ = v/(1−β₂ᵗ) = 0.004/0.001 = 4",
        "x ← x − lr·m̂/(√v̂+ε) = 1 − 0.1·2/(√4+1e−8) = 0.9"]


def test_adam_t2_by_hand():
    # at (0.9, 0.9): g = (1.8, 5.4); m = 0.9*0.2 + 0.1*1.8 = 0.36, 0.9*0.6 + 0.1*5.4 = 1.08
    # v = 0.999*0.004 + 0.001*3.24 = 0.007236, 0.999*0.036 + 0.001*29.16 = 0.065124
    # 1 - 0.9^2 = 0.19, 1 - 0.999^2 = 0.001999
    tr = run(BOWL, "adam", (1.0, 1.0), 3, lr=0.1)
    ins = inspect(tr, 1)
    v = values(ins)
    assert ins.t == 2
    assert v["exp_avg"] == approx((0.36, 1.08))
    assert v["exp_avg_sq"] == approx((0.007236, 0.065124))
    assert v["bias_correction1"] == approx(0.19) and v["bias_correction2"] == approx(0.001999)
    m_hat, v_hat = (0.36 / 0.19, 1.08 / 0.19), (0.007236 / 0.001999, 0.065124 / 0.001999)
    assert v["m_hat"] == approx(m_hat) and v["v_hat"] == approx(v_hat)
    step = (-0.1 * m_hat[0] / math.sqrt(v_hat[0]), -0.1 * m_hat[1] / math.sqrt(v_hat[1]))
    assert v["adaptive_step"] == approx(step, rel=1e-7)
    assert v["applied_step"] == approx(step, rel=1e-7)
    assert tr.points[2] == approx((0.9 + step[0], 0.9 + step[1]), rel=1e-7)
    assert axis_lines(ins, "x")[1:] == [
        "m = β₁·m + (1−β₁)·g = 0.9·0.2 + 0.1·1.8 = 0.36",
        "v = β₂·v + (1−β₂)·g² = 0.999·0.004 + 0.001·1.8² = 0.007236",
        "m̂ = m/(1−β₁ᵗ) = 0.36/0.19 = 1.895",
        "v̂ = v/(1−β₂ᵗ) = 0.007236/0.001999 = 3.62",
        "x ← x − lr·m̂/(√v̂+ε) = 0.9 − 0.1·1.895/(√3.62+1e−8) = 0.8004"]


def test_adamw_decoupled_decay():
    # lr 0.1, wd 0.1, step 0 from (1, 1): Adam's step (-0.1, -0.1), decay -0.1*0.1*1 each
    tr = run(BOWL, "adamw", (1.0, 1.0), 2, lr=0.1, weight_decay=0.1)
    ins = inspect(tr, 0)
    v = values(ins)
    assert v["plain_step"] == approx((-0.2, -0.6))  # AdamW's g is the plain gradient
    step = (-0.1 * 2 / (2 + 1e-8), -0.1 * 6 / (6 + 1e-8))
    assert v["adaptive_step"] == approx(step)
    assert v["applied_step"] == approx((step[0] - 0.01, step[1] - 0.01))
    x = axis_lines(ins, "x")
    assert x[0] == "g = ∂f/∂x = 2"
    assert x[-2] == "u = −lr·m̂/(√v̂+ε) = −0.1·2/(√4+1e−8) = −0.1"
    assert x[-1] == "x ← x + u − lr·wd·x = 1 + (−0.1) − 0.1·0.1·1 = 0.89"


def test_amsgrad_keeps_the_largest_v():
    # lr 1 from (1, 1): step 0 lands (almost exactly) on 0, where g ~ 0, so at step 1
    # v = 0.999 * 0.004 = 0.003996 falls below vmax = 0.004, which the denominator uses
    tr = run(BOWL, "amsgrad", (1.0, 1.0), 2, lr=1.0)
    ins = inspect(tr, 1)
    assert "max_exp_avg_sq" in ins.keys
    v = values(ins)
    assert v["exp_avg_sq"] == approx((0.003996, 0.035964), rel=1e-6)
    assert v["max_exp_avg_sq"] == approx((0.004, 0.036))
    assert v["v_hat"] == approx((0.004 / 0.001999, 0.036 / 0.001999))
    assert v["m_hat"] == approx((0.18 / 0.19, 0.54 / 0.19), rel=1e-6)
    x = axis_lines(ins, "x")
    assert x[3] == "vmax = max(vmax, v) = max(0.004, 0.003996) = 0.004"
    assert x[5] == "v̂ = vmax/(1−β₂ᵗ) = 0.004/0.001999 = 2.001"


# --- every optimizer: rows and formula agree with the engine -------------------------------------

CASES = [("gd", {}), ("gd", {"weight_decay": 0.1}), ("momentum", {}),
         ("momentum", {"dampening": 0.3, "weight_decay": 0.1}), ("nesterov", {}),
         ("adagrad", {}), ("adagrad", {"lr_decay": 0.1, "weight_decay": 0.01}),
         ("rmsprop", {}), ("rmsprop", {"centered": True}), ("rmsprop", {"momentum": 0.9}),
         ("rmsprop", {"centered": True, "momentum": 0.5, "weight_decay": 0.1}),
         ("adam", {}), ("adam", {"weight_decay": 0.1}), ("adamw", {}),
         ("adamw", {"weight_decay": 0.5}), ("amsgrad", {}), ("adam", {"amsgrad": True})]


@pytest.mark.parametrize("name, hyper", CASES)
@pytest.mark.parametrize("objective, start, lr", [(ROSENBROCK, (-1.2, 1.0), 1e-3),
                                                  (ROSENBROCK, (-1.2, 1.0), 0.1),
                                                  (BOWL, (3e-5, -2e4), 0.5)])
def test_every_optimizer_matches_the_engine(name, hyper, objective, start, lr):
    steps = 12
    tr = run(objective, name, start, steps, lr=lr, **hyper)
    stop = steps if tr.diverged_at is None else tr.diverged_at
    for k in sorted({0, 1, 5, steps - 1, steps, stop - 1, stop}):
        ins = inspect(tr, k)
        assert all(len(line) <= LINE_LIMIT for line in ins.formula), ins.formula
        assert all(len(row.label) <= 32 for row in ins.rows)
        assert ins.keys[:3] == ("grad", "applied_step", "plain_step")
        if k >= stop:
            continue
        state, derived = tr.state_at(k + 1), tr.derived_at(k + 1)
        for row in ins.rows[3:]:
            key = "step" if row.key == "adaptive_step" else row.key
            expected = derived[key] if key in derived else getattr(state, key)
            assert np.array_equal(np.asarray(row.value), expected), row.key
        assert values(ins)["applied_step"] == tuple(tr.updates[k])
        for i, axis in enumerate("xy"):
            last = axis_lines(ins, axis)[-1]
            assert last.startswith(f"{axis} ← ")
            assert last.endswith(f" = {fmt(tr.points[k + 1][i])}")


def test_adam_intermediate_results_are_the_states():
    tr = run(ROSENBROCK, "adam", (-1.2, 1.0), 8, lr=0.1)
    for k in range(8):
        ins, s, d = inspect(tr, k), tr.state_at(k + 1), tr.derived_at(k + 1)
        for i, axis in enumerate("xy"):
            m, v, m_hat, v_hat = axis_lines(ins, axis)[1:5]
            assert m.endswith(f" = {fmt(s.exp_avg[i])}")
            assert v.endswith(f" = {fmt(s.exp_avg_sq[i])}")
            assert m_hat.endswith(f" = {fmt(d['m_hat'][i])}")
            assert v_hat.endswith(f" = {fmt(d['v_hat'][i])}")


# --- the last step, divergence, bad input --------------------------------------------------------

def test_last_step_has_no_update():
    tr = run(BOWL, "adam", (1.0, 1.0), 3, lr=0.1)
    ins = inspect(tr, 3)
    assert ins.t is None and not ins.diverged
    assert ins.point == tuple(tr.points[3]) and ins.value == tr.values[3]
    v = values(ins)
    assert v["grad"] == tuple(tr.grads[3])
    assert all(math.isnan(c) for c in v["applied_step"] + v["adaptive_step"])
    assert v["plain_step"] == approx((-0.1 * tr.grads[3][0], -0.1 * tr.grads[3][1]))
    assert v["exp_avg"] == tuple(tr.state_at(3).exp_avg)  # the state reached, after update 3
    assert v["bias_correction1"] == approx(1 - 0.9 * 0.9 * 0.9)
    assert ins.row("applied_step").note == "no further step"
    assert ins.formula == ("step 3 is the last one: no further step",)
    assert ins.title == "Adam: step 3, the last"


def test_zero_steps():
    tr = run(BOWL, "momentum", (1.0, 1.0), 0, lr=0.1)
    ins = inspect(tr, 0)
    assert ins.t is None and values(ins)["momentum_buffer"] == (0.0, 0.0)
    assert ins.row("momentum_buffer").note == "initial"


def test_diverged_run():
    # gd lr 10 on x^4 + y^4 from (3, 3): 3 -> 3 - 10*108 = -1077 -> about 5e10 -> ... overflows
    tr = run(QUARTIC, "gd", (3.0, 3.0), 10, lr=10.0)
    d = tr.diverged_at
    assert d is not None and 2 < d < 10
    before = inspect(tr, 1)
    assert before.point == approx((-1077.0, -1077.0)) and not before.diverged
    last_finite = inspect(tr, d - 1)
    assert last_finite.t == d and not last_finite.diverged
    assert axis_lines(last_finite, "x")[-1].endswith(f" = {fmt(tr.points[d][0])}")
    for k in (d, d + 1, 10):
        ins = inspect(tr, k)
        assert ins.diverged and ins.t is None
        assert ins.formula[0] == f"diverged at step {d}: the point or f is not finite"
        assert ins.title == f"Gradient descent: step {k}, diverged at step {d}"
        assert all(math.isnan(c) for c in values(ins)["applied_step"])
        assert ins.row("applied_step").note == f"diverged at step {d}"
        assert all(len(line) <= LINE_LIMIT for line in ins.formula)
        assert all(isinstance(row.text, str) for row in ins.rows)


def test_bad_input_is_refused():
    tr = run(BOWL, "gd", (1.0, 1.0), 3, lr=0.1)
    for k in (-1, 4):
        with pytest.raises(ValueError, match="outside"):
            inspect(tr, k)
    with pytest.raises(ValueError, match="one start"):
        inspect(run(BOWL, "gd", [(1.0, 1.0), (2.0, 2.0)], 3, lr=0.1), 0)
    with pytest.raises(ValueError, match='record="all"'):
        inspect(run(BOWL, "gd", (1.0, 1.0), 3, lr=0.1, record="path"), 0)
    with pytest.raises(KeyError):
        inspect(tr, 0).row("exp_avg")


def test_every_registered_optimizer_has_a_rule():
    for name in OPTIMIZERS:
        ins = inspect(run(BOWL, name, (1.0, 1.0), 1, lr=0.1), 0)
        assert "along x:" in ins.formula and "along y:" in ins.formula
        assert not any("Δx" in line for line in ins.formula)  # not the generic fallback
