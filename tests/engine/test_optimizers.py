"""Optimizers: the first steps of each, checked against numbers worked out by hand.

Gradients are fed directly (chosen so that square roots come out round), so every expected
number below is explicit arithmetic on literals, never a call to the optimizer's formula.
The formulas are PyTorch's torch.optim (these were also cross-checked against torch 2.13
outside the test suite, which must not depend on torch).
"""

import copy
import math
from typing import NamedTuple

import numpy as np
import pytest

from gradviz.engine.optimizer_ops import UNIT
from gradviz.engine.optimizers import OPTIMIZERS, Optimizer, define, get_optimizer, resolve_hyper

pytestmark = pytest.mark.filterwarnings("error")
ELEMENTWISE = [name for name, o in OPTIMIZERS.items() if o.rule is not None]
"""The optimizers written as an element-wise rule (Newton's method and the line search look
around their points instead: tests/engine/test_newton.py, test_line_search.py)."""


def steps_of(name, grads, start=(0.0, 0.0), **hyper):
    """Feed ``grads`` (a list of (gx, gy)) to one point; return the steps (k, 2) and last state."""
    opt = OPTIMIZERS[name]
    h = resolve_hyper(name, hyper)
    points = np.array([start], dtype=float)
    state = opt.init(points, h)
    steps = []
    for g in grads:
        step, state = opt.update(np.array([g], dtype=float), state, points, h)
        points = points + step
        steps.append(step[0])
    return np.array(steps), state


def expect(actual, expected, rel=1e-12):
    expected = np.asarray(expected, dtype=float)
    assert np.asarray(actual) == pytest.approx(expected, rel=rel, abs=1e-15)


# --- the registry --------------------------------------------------------------------------

def test_names_labels_and_order():
    assert list(OPTIMIZERS) == ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam",
                                "adamw", "amsgrad", "newton", "gd_armijo"]
    labels = [o.label for o in OPTIMIZERS.values()]
    assert labels == ["Gradient descent", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam",
                      "AdamW", "AMSGrad", "Newton", "GD + line search"]
    assert all(isinstance(o, Optimizer) and o.name == k for k, o in OPTIMIZERS.items())


def test_defaults_are_pytorchs():
    d = {k: dict(o.defaults) for k, o in OPTIMIZERS.items()}
    assert d["gd"] == {"lr": 1e-3, "weight_decay": 0.0}
    # momentum=0.9 is the one deliberate difference from torch.optim.SGD (default 0).
    assert d["momentum"] == {"lr": 1e-3, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0,
                             "nesterov": False}
    assert d["nesterov"] == {**d["momentum"], "nesterov": True}
    assert d["adagrad"] == {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0,
                            "initial_accumulator_value": 0.0, "eps": 1e-10}
    assert d["rmsprop"] == {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0,
                            "momentum": 0.0, "centered": False}
    adam = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}
    assert d["adam"] == adam
    assert d["adamw"] == {**adam, "weight_decay": 1e-2}
    assert d["amsgrad"] == {**adam, "amsgrad": True}


def test_defaults_cannot_be_changed_by_accident():
    with pytest.raises(TypeError):
        OPTIMIZERS["adam"].defaults["lr"] = 1.0


def test_docstrings_carry_the_formula_and_the_reference():
    for opt in OPTIMIZERS.values():
        assert "torch.optim" in opt.update.__doc__
        assert "step" in opt.update.__doc__
    assert "0.9" in OPTIMIZERS["momentum"].update.__doc__


# --- gradient descent, momentum, Nesterov ---------------------------------------------------

G3 = [(3.0, 5.0), (4.0, 12.0), (12.0, 84.0)]


def test_gd_first_steps():
    steps, state = steps_of("gd", G3, lr=0.5)
    expect(steps, [(-1.5, -2.5), (-2.0, -6.0), (-6.0, -42.0)])
    assert state.count == 3


def test_gd_weight_decay_adds_decay_times_point():
    # g' = g + 0.5 p from p0 = (2, -2), lr 0.1:
    # g'1 = (3 + 1, 5 - 1) = (4, 4)                         -> p1 = (1.6, -2.4)
    # g'2 = (4 + 0.8, 12 - 1.2) = (4.8, 10.8)               -> p2 = (1.12, -3.48)
    # g'3 = (12 + 0.56, 84 - 1.74) = (12.56, 82.26)
    steps, _ = steps_of("gd", G3, start=(2.0, -2.0), lr=0.1, weight_decay=0.5)
    expect(steps, [(-0.4, -0.4), (-0.48, -1.08), (-1.256, -8.226)])


def test_momentum_buffer_starts_at_the_first_gradient():
    # b1 = g1 = (3, 5); b2 = 0.9 b1 + g2 = (6.7, 16.5); b3 = 0.9 b2 + g3 = (18.03, 98.85)
    steps, state = steps_of("momentum", G3, lr=0.1)
    expect(steps, [(-0.3, -0.5), (-0.67, -1.65), (-1.803, -9.885)])
    expect(state.momentum_buffer, [(18.03, 98.85)])


def test_momentum_dampening_skips_the_first_step():
    # b1 = g1 = (3, 5), not 0.5 g1; b2 = 0.9 b1 + 0.5 g2 = (2.7 + 2, 4.5 + 6) = (4.7, 10.5);
    # b3 = 0.9 b2 + 0.5 g3 = (4.23 + 6, 9.45 + 42) = (10.23, 51.45)
    steps, _ = steps_of("momentum", G3, lr=0.1, dampening=0.5)
    expect(steps, [(-0.3, -0.5), (-0.47, -1.05), (-1.023, -5.145)])


def test_momentum_zero_is_plain_descent():
    steps, _ = steps_of("momentum", G3, lr=0.5, momentum=0.0)
    expect(steps, [(-1.5, -2.5), (-2.0, -6.0), (-6.0, -42.0)])


def test_nesterov_first_steps():
    # d = g + 0.9 b with the buffers of the momentum test:
    # d1 = (3 + 2.7, 5 + 4.5) = (5.7, 9.5); d2 = (4 + 6.03, 12 + 14.85) = (10.03, 26.85);
    # d3 = (12 + 16.227, 84 + 88.965) = (28.227, 172.965)
    steps, _ = steps_of("nesterov", G3, lr=0.1)
    expect(steps, [(-0.57, -0.95), (-1.003, -2.685), (-2.8227, -17.2965)])


def test_nesterov_with_weight_decay_and_other_momentum():
    # p0 = (2, 0), wd 0.5, momentum 0.5, lr 0.1, gradients (3, 5), (4, 12):
    # g'1 = (4, 5), b1 = (4, 5), d1 = (4 + 2, 5 + 2.5) = (6, 7.5)   -> p1 = (1.4, -0.75)
    # g'2 = (4.7, 11.625), b2 = (2 + 4.7, 2.5 + 11.625) = (6.7, 14.125)
    # d2 = (4.7 + 3.35, 11.625 + 7.0625) = (8.05, 18.6875)
    steps, _ = steps_of("nesterov", G3[:2], start=(2.0, 0.0), lr=0.1, momentum=0.5,
                        weight_decay=0.5)
    expect(steps, [(-0.6, -0.75), (-0.805, -1.86875)])


# --- Adagrad --------------------------------------------------------------------------------

def test_adagrad_first_steps():
    # sums x: 9, 25, 169 (roots 3, 5, 13); y: 25, 169, 7225 (roots 5, 13, 85); lr 1, eps 0
    steps, state = steps_of("adagrad", G3, lr=1.0, eps=0.0)
    expect(steps, [(-1.0, -1.0), (-4 / 5, -12 / 13), (-12 / 13, -84 / 85)])
    expect(state.sum, [(169.0, 7225.0)])


def test_adagrad_default_eps_is_tiny():
    steps, _ = steps_of("adagrad", G3[:1])
    expect(steps, [(-0.01 * 3 / (3 + 1e-10), -0.01 * 5 / (5 + 1e-10))])


def test_adagrad_lr_decay_initial_accumulator_and_eps():
    # s0 = 16; x grads 3, 12, 84 -> sums 25, 169, 7225 (roots 5, 13, 85);
    # y grads 0, 3, 12 -> sums 16, 25, 169 (roots 4, 5, 13). eps 1 adds 1 to each root.
    # clr = 1 / (1 + (t - 1) * 0.5) = 1, 2/3, 1/2
    grads = [(3.0, 0.0), (12.0, 3.0), (84.0, 12.0)]
    steps, _ = steps_of("adagrad", grads, lr=1.0, lr_decay=0.5, initial_accumulator_value=16.0,
                        eps=1.0)
    expect(steps, [(-3 / 6, 0.0), (-(2 / 3) * 12 / 14, -(2 / 3) * 3 / 6),
                   (-0.5 * 84 / 86, -0.5 * 12 / 14)])


def test_adagrad_init_holds_the_initial_accumulator():
    state = OPTIMIZERS["adagrad"].init(np.zeros((3, 2)), {"initial_accumulator_value": 0.25})
    assert state.count == 0 and state.sum.shape == (3, 2) and (state.sum == 0.25).all()


# --- RMSprop --------------------------------------------------------------------------------

# alpha 0.75: x grads 4, 2, -2 keep v = 4, 4, 4; y grads 0, 8, 4 give v = 0, 16, 16.
G_RMS = [(4.0, 0.0), (2.0, 8.0), (-2.0, 4.0)]


def test_rmsprop_first_steps():
    # avg = sqrt(v) + 1: x 3, 3, 3; y 1, 5, 5
    steps, state = steps_of("rmsprop", G_RMS, lr=0.3, alpha=0.75, eps=1.0)
    expect(steps, [(-0.3 * 4 / 3, 0.0), (-0.3 * 2 / 3, -0.3 * 8 / 5), (0.3 * 2 / 3, -0.3 * 4 / 5)])
    expect(state.square_avg, [(4.0, 16.0)])


def test_rmsprop_default_alpha():
    # v1 = 0.01 * 16 = 0.16, avg = 0.4 + 1e-8
    steps, _ = steps_of("rmsprop", G_RMS[:1])
    expect(steps, [(-0.01 * 4 / (0.4 + 1e-8), 0.0)])


def test_rmsprop_centered():
    # a = 0.75 a + 0.25 g, x: 1, 1.25, 0.4375; y: 0, 2, 2.5
    # v - a^2, x: 4 - 1 = 3, 4 - 1.5625 = 2.4375, 4 - 0.19140625 = 3.80859375
    #          y: 0, 16 - 4 = 12, 16 - 6.25 = 9.75
    steps, state = steps_of("rmsprop", G_RMS, lr=0.3, alpha=0.75, eps=1.0, centered=True)
    expect(steps, [(-0.3 * 4 / (math.sqrt(3) + 1), 0.0),
                   (-0.3 * 2 / (math.sqrt(2.4375) + 1), -0.3 * 8 / (math.sqrt(12) + 1)),
                   (0.3 * 2 / (math.sqrt(3.80859375) + 1), -0.3 * 4 / (math.sqrt(9.75) + 1))])
    expect(state.grad_avg, [(0.4375, 2.5)])


def test_rmsprop_momentum():
    # b = 0.5 b + g / avg: b1 = (4/3, 0); b2 = (2/3 + 2/3, 0 + 8/5) = (4/3, 1.6);
    # b3 = (2/3 - 2/3, 0.8 + 0.8) = (0, 1.6); step = -0.3 b
    steps, state = steps_of("rmsprop", G_RMS, lr=0.3, alpha=0.75, eps=1.0, momentum=0.5)
    expect(steps, [(-0.4, 0.0), (-0.4, -0.48), (0.0, -0.48)])
    expect(state.momentum_buffer, [(0.0, 1.6)])


def test_rmsprop_weight_decay():
    # p0 = (2, 0), wd 0.5: g'1 = (5, 0), v1 = 0.25 * 25 = 6.25, avg = 2.5 + 1 -> step -0.3 * 5 / 3.5
    steps, _ = steps_of("rmsprop", G_RMS[:1], start=(2.0, 0.0), lr=0.3, alpha=0.75, eps=1.0,
                        weight_decay=0.5)
    expect(steps, [(-0.3 * 5 / 3.5, 0.0)])


# --- Adam, AdamW, AMSGrad -------------------------------------------------------------------

def test_adam_first_steps_default_betas():
    # x grads 3, 4, 12 (y the same scaled by 0: stays 0)
    # m: 0.3, 0.27 + 0.4 = 0.67, 0.603 + 1.2 = 1.803
    # v: 0.009, 0.008991 + 0.016 = 0.024991, 0.024966009 + 0.144 = 0.168966009
    # 1 - 0.9^t: 0.1, 0.19, 0.271;  1 - 0.999^t: 0.001, 0.001999, 0.002997001
    steps, state = steps_of("adam", [(3.0, 0.0), (4.0, 0.0), (12.0, 0.0)], lr=0.1)
    expect(steps[:, 0], [-0.1 * (0.3 / 0.1) / (math.sqrt(0.009 / 0.001) + 1e-8),
                         -0.1 * (0.67 / 0.19) / (math.sqrt(0.024991 / 0.001999) + 1e-8),
                         -0.1 * (1.803 / 0.271) / (math.sqrt(0.168966009 / 0.002997001) + 1e-8)],
           rel=1e-10)
    expect(steps[:, 1], [0.0, 0.0, 0.0])
    expect(state.exp_avg[0, 0], 1.803)
    expect(state.exp_avg_sq[0, 0], 0.168966009)


# betas (0.5, 0.75): 1 - 0.5^t = 0.5, 0.75, 0.875; 1 - 0.75^t = 0.25, 0.4375, 0.578125
# x grads 4, 2, -4: m = 2, 2, -1; v = 4, 4, 7
G_ADAM = [(4.0, 0.0), (2.0, 0.0), (-4.0, 0.0)]
ADAM_X = [-(2 / 0.5) / (math.sqrt(4 / 0.25) + 1),
          -(2 / 0.75) / (math.sqrt(4 / 0.4375) + 1),
          (1 / 0.875) / (math.sqrt(7 / 0.578125) + 1)]


def test_adam_eps_is_added_after_bias_correcting_sqrt_v():
    # eps 1 makes the place of eps visible: step 1 is -4 / (4 + 1) = -0.8
    steps, _ = steps_of("adam", G_ADAM, lr=1.0, betas=(0.5, 0.75), eps=1.0)
    expect(steps[:, 0], ADAM_X)
    assert steps[0, 0] == pytest.approx(-0.8)


def test_adam_weight_decay_is_folded_into_the_gradient():
    # p0 = (2, 0), wd 0.5: g' = 5, m = 2.5, v = 6.25; m_hat = 5, v_hat = 25 -> step -5 / 6
    steps, _ = steps_of("adam", G_ADAM[:1], start=(2.0, 0.0), lr=1.0, betas=(0.5, 0.75),
                        eps=1.0, weight_decay=0.5)
    expect(steps[:, 0], [-5 / 6])


def test_adamw_decays_the_point_not_the_gradient():
    # p0 = 2, lr 0.1, wd 0.5: step = -0.05 p + 0.1 * (Adam step for the raw gradients)
    steps, _ = steps_of("adamw", G_ADAM, start=(2.0, 0.0), lr=0.1, betas=(0.5, 0.75), eps=1.0,
                        weight_decay=0.5)
    p1 = 2 - 0.1 - 0.08
    p2 = p1 - 0.05 * p1 + 0.1 * ADAM_X[1]
    expect(steps[:, 0], [-0.18, -0.05 * p1 + 0.1 * ADAM_X[1], -0.05 * p2 + 0.1 * ADAM_X[2]])


def test_adamw_default_decay():
    # one step from p0 = 1 with gradient 1: -1e-3 * 1e-2 * 1 - 1e-3 * 1 / (1 + 1e-8)
    steps, _ = steps_of("adamw", [(1.0, 0.0)], start=(1.0, 0.0))
    expect(steps[:, 0], [-1e-5 - 1e-3 / (1 + 1e-8)])


# x grads 4, 0, 0: v = 4, 3, 2.25 but the running max stays 4; m = 2, 1, 0.5
G_AMS = [(4.0, 0.0), (0.0, 0.0), (0.0, 0.0)]


def test_amsgrad_uses_the_running_max_of_v():
    steps, state = steps_of("amsgrad", G_AMS, lr=1.0, betas=(0.5, 0.75), eps=1.0)
    expect(steps[:, 0], [-(2 / 0.5) / (math.sqrt(4 / 0.25) + 1),
                         -(1 / 0.75) / (math.sqrt(4 / 0.4375) + 1),
                         -(0.5 / 0.875) / (math.sqrt(4 / 0.578125) + 1)])
    expect(state.exp_avg_sq[0, 0], 2.25)
    expect(state.max_exp_avg_sq[0, 0], 4.0)


def test_adam_with_amsgrad_flag_is_amsgrad():
    a, _ = steps_of("adam", G_AMS, lr=1.0, betas=(0.5, 0.75), eps=1.0, amsgrad=True)
    b, _ = steps_of("amsgrad", G_AMS, lr=1.0, betas=(0.5, 0.75), eps=1.0)
    assert np.array_equal(a, b)
    plain, _ = steps_of("adam", G_AMS, lr=1.0, betas=(0.5, 0.75), eps=1.0)
    expect(plain[1, 0], -(1 / 0.75) / (math.sqrt(3 / 0.4375) + 1))


# --- derived values -------------------------------------------------------------------------

def test_adam_derived():
    _, state = steps_of("adam", G_ADAM[:2], lr=1.0, betas=(0.5, 0.75), eps=1.0)
    d = OPTIMIZERS["adam"].derived(state, {"lr": 1.0, "betas": (0.5, 0.75), "eps": 1.0})
    expect(d["bias_correction1"], 0.75)
    expect(d["bias_correction2"], 0.4375)
    expect(d["m_hat"], [(2 / 0.75, 0.0)])
    expect(d["v_hat"], [(4 / 0.4375, 0.0)])
    expect(d["step"], [(ADAM_X[1], 0.0)])


def test_adam_derived_with_default_betas_after_two_steps():
    _, state = steps_of("adam", [(3.0, 0.0), (4.0, 0.0)])
    d = OPTIMIZERS["adam"].derived(state, {})
    expect(d["bias_correction1"], 0.19)
    expect(d["bias_correction2"], 0.001999)


def test_amsgrad_derived_uses_the_max():
    h = {"lr": 1.0, "betas": (0.5, 0.75), "eps": 1.0}
    _, state = steps_of("amsgrad", G_AMS[:2], **h)
    d = OPTIMIZERS["amsgrad"].derived(state, h)
    expect(d["v_hat"], [(4 / 0.4375, 0.0)])


def test_derived_at_count_zero_is_nan_not_a_warning():
    state = OPTIMIZERS["adam"].init(np.zeros((1, 2)))
    d = OPTIMIZERS["adam"].derived(state, {})
    assert d["bias_correction1"] == 0.0 and np.isnan(d["m_hat"]).all()


def test_momentum_gd_adagrad_rmsprop_derived():
    _, state = steps_of("momentum", G3, lr=0.1)
    expect(OPTIMIZERS["momentum"].derived(state, {})["momentum_buffer"], [(18.03, 98.85)])
    assert OPTIMIZERS["gd"].derived(steps_of("gd", G3)[1], {}) == {}
    h = {"lr": 1.0, "lr_decay": 0.5, "eps": 0.0}
    _, state = steps_of("adagrad", G3[:2], **h)
    d = OPTIMIZERS["adagrad"].derived(state, h)
    expect(d["clr"], 1 / 1.5)
    expect(d["effective_lr"], [(1 / 1.5 / 5, 1 / 1.5 / 13)])
    h = {"lr": 0.3, "alpha": 0.75, "eps": 1.0}
    _, state = steps_of("rmsprop", G_RMS, **h)
    expect(OPTIMIZERS["rmsprop"].derived(state, h)["effective_lr"], [(0.3 / 3, 0.3 / 5)])


# --- batches, purity, hyperparameters -------------------------------------------------------

@pytest.mark.parametrize("name", ELEMENTWISE)
def test_batch_rows_are_independent(name):
    grads = np.array([[3.0, 5.0], [-1.0, 0.5], [0.0, 2.0]])
    points = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]])
    opt, h = OPTIMIZERS[name], resolve_hyper(name, {"weight_decay": 0.1})
    step, _ = opt.update(grads, opt.init(points, h), points, h)
    for i in range(3):
        one, _ = opt.update(grads[i:i + 1], opt.init(points[i:i + 1], h), points[i:i + 1], h)
        assert np.array_equal(step[i], one[0])


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_update_never_mutates_its_inputs(name):
    opt = OPTIMIZERS[name]
    h = resolve_hyper(name, {"weight_decay": 0.1})
    if name == "rmsprop":
        h.update(centered=True, momentum=0.5)
    points = np.array([[1.0, 2.0], [0.5, -1.0]])
    state = opt.init(points, h)
    for g in ([[3.0, 5.0], [-1.0, 0.5]], [[1.0, -2.0], [4.0, 0.0]]):
        grads = np.array(g)
        before = copy.deepcopy((grads, state, points, h))
        step, new_state = opt.update(grads, state, points, h)
        for a, b in zip((grads, points), before[:1] + before[2:3]):
            assert np.array_equal(a, b)
        assert all(np.array_equal(a, b) for a, b in zip(state, before[1]))
        assert h == before[3]
        assert isinstance(new_state, type(state)) and new_state.count == state.count + 1
        assert all(v is not grads for v in new_state)  # the state never aliases the caller's grads
        state = new_state


def test_update_fills_missing_hyperparameters_with_the_defaults():
    opt = OPTIMIZERS["nesterov"]
    points, grads = np.zeros((1, 2)), np.array([[1.0, 0.0]])
    # nesterov=True is the "nesterov" optimizer's default: d = g + 0.9 g = 1.9 g
    step, _ = opt.update(grads, opt.init(points), points, {"lr": 1.0})
    expect(step, [(-1.9, 0.0)])


def test_single_point_shape_works_too():
    opt = OPTIMIZERS["adam"]
    step, state = opt.update(np.array([3.0, 4.0]), opt.init(np.zeros(2)), np.zeros(2), {"lr": 0.1})
    assert step.shape == (2,) and state.exp_avg.shape == (2,)


def test_resolve_hyper_fills_defaults_and_normalises_types():
    h = resolve_hyper("adam", {"lr": 1, "betas": [0.8, 0.9]})
    assert h == {"lr": 1.0, "betas": (0.8, 0.9), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}
    assert isinstance(h["lr"], float)


def test_unknown_hyperparameter_lists_the_valid_ones():
    with pytest.raises(ValueError, match="momentum.*valid: lr, weight_decay"):
        resolve_hyper("gd", {"momentum": 0.9})


@pytest.mark.parametrize("name, hyper, message", [
    ("gd", {"lr": -0.1}, "lr"),
    ("nesterov", {"dampening": 0.1}, "Nesterov"),
    ("nesterov", {"momentum": 0.0}, "Nesterov"),
    ("momentum", {"momentum": -0.5}, "momentum"),
    ("adagrad", {"lr_decay": -1.0}, "lr_decay"),
    ("rmsprop", {"alpha": -0.1}, "alpha"),
    ("adam", {"betas": (1.0, 0.999)}, "beta"),
    ("adamw", {"eps": -1.0}, "eps"),
    ("adam", {"betas": (0.9,)}, "betas"),
    ("adam", {"lr": float("nan")}, "lr"),
])
def test_invalid_values_raise_as_torch_does(name, hyper, message):
    with pytest.raises(ValueError, match=message):
        resolve_hyper(name, hyper)


def test_get_optimizer():
    assert get_optimizer("adam") is OPTIMIZERS["adam"]
    assert get_optimizer(OPTIMIZERS["gd"]) is OPTIMIZERS["gd"]
    with pytest.raises(ValueError, match="valid: gd, momentum"):
        get_optimizer("lbfgs")


# --- each optimizer written once: limits, and what adding one takes --------------------------

def test_every_number_has_limits_that_hold_its_default():
    for opt in OPTIMIZERS.values():
        for key, default in opt.defaults.items():
            if isinstance(default, bool):
                assert key not in opt.limits
                continue
            lim = opt.limits[key]
            lo, hi = lim.field
            for value in default if isinstance(default, tuple) else (default,):
                assert lo <= value <= hi, (opt.name, key)
                assert lim.low is None or lim.low <= value < lim.below, (opt.name, key)
            assert lim.low is None or lim.low <= lo and hi < lim.below or hi == lim.below == math.inf
    assert OPTIMIZERS["adam"].limits["lr"].log and OPTIMIZERS["adam"].limits["lr"].field == (1e-5, 10)
    assert OPTIMIZERS["momentum"].limits["momentum"].field == (0.0, 1.0)


def _adadelta(h, ops):
    """Adadelta as torch.optim.Adadelta: ``v = rho v + (1 - rho) g^2``,
    ``d = sqrt(u + eps) / sqrt(v + eps) * g``, ``u = rho u + (1 - rho) d^2``, ``step = -lr d``."""
    rho, eps = h["rho"], h["eps"]
    sqrt, div = ops.sqrt, ops.div

    def update(g, p, s, t, lr):
        v, u = s
        v = v * rho + (g * (1 - rho)) * g
        d = div(sqrt(u + eps), sqrt(v + eps)) * g
        u = u * rho + (d * (1 - rho)) * d
        return -lr * d, (v, u)

    return update


class AdadeltaState(NamedTuple):
    count: int
    square_avg: np.ndarray
    acc_delta: np.ndarray


ADADELTA = define("adadelta", "Adadelta", AdadeltaState,
                  {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0}, _adadelta,
                  limits={"rho": UNIT})


def test_adding_an_optimizer_is_one_definition(monkeypatch):
    # Adadelta is not one of gradviz's, but defined above in one go it runs on every path:
    # the pure update (by hand here: rho 0.5, eps 1, x gradients 4 then 2):
    # v1 = 8, d1 = sqrt(0 + 1) / sqrt(9) * 4 = 4/3, u1 = 0.5 * 16/9 = 8/9
    # v2 = 4 + 2 = 6, d2 = sqrt(8/9 + 1) / sqrt(7) * 2
    monkeypatch.setitem(OPTIMIZERS, "adadelta", ADADELTA)
    steps, state = steps_of("adadelta", [(4.0, 0.0), (2.0, 0.0)], rho=0.5, eps=1.0)
    expect(steps[:, 0], [-4 / 3, -math.sqrt(17 / 9) / math.sqrt(7) * 2])
    expect(state.square_avg[0, 0], 6.0)
    with pytest.raises(ValueError, match="rho"):
        resolve_hyper("adadelta", {"rho": -0.5})
    # and the fast paths (one start on floats, a batch in place, two threads) give its bits
    from gradviz.engine import batch, trajectory
    from gradviz.engine.expression import parse_expression

    monkeypatch.setattr(batch, "MIN_SHARE", 1)
    f = parse_expression("(1-x)^2 + 100*(y-x^2)^2")
    starts = np.array([[0.7, 0.4], [-1.0, 2.0], [1e155, 0.0], [0.1, 0.1], [2.0, -1.0]])
    fast = [trajectory.run(f, "adadelta", (0.7, 0.4), 50),
            trajectory.run(f, "adadelta", starts, 50, record="final")]
    monkeypatch.setattr(trajectory, "FAST_SINGLE", False)
    monkeypatch.setattr(trajectory, "FAST_BATCH", False)
    general = [trajectory.run(f, "adadelta", (0.7, 0.4), 50),
               trajectory.run(f, "adadelta", starts, 50, record="final")]
    assert np.array_equal(fast[0].points, general[0].points)
    assert np.array_equal(fast[0].states.acc_delta, general[0].states.acc_delta)
    assert np.array_equal(fast[1].final_points, general[1].final_points)
    assert fast[1].diverged_at.tolist() == general[1].diverged_at.tolist() == [-1, -1, 0, -1, -1]


def test_a_rule_may_branch_on_hyperparameters_and_the_first_step_only():
    from gradviz.engine.traced import trace

    def branchy(h, ops):
        def update(g, p, s, t, lr):
            return (g if g > 0 else -g) * -lr, s
        return update

    with pytest.raises(TypeError, match="t == 1"):
        trace(branchy, {"lr": 0.1}, 0)
    sgd = trace(OPTIMIZERS["momentum"].rule, resolve_hyper("momentum"), 1)
    adam = trace(OPTIMIZERS["adam"].rule, resolve_hyper("adam"), 3)
    assert sgd.tests_first and not adam.tests_first   # SGD's first step is traced apart
