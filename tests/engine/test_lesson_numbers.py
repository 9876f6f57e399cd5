"""Every number a shipped lesson states is true of its scene.

For each scene, the numbers in its narration and question (digits, and number words such as
"five" or "quarter") are collected, and a table below gives, for exactly those numbers, a
check computed from the scene itself: its session, its runs (as the window computes them),
its curvature or its loss. A number written into a narration without a check here, or a check
left over for a number no longer written, fails the test, as does a check that is false.
``shows(value, "0.41")`` is true when ``value`` rounds to what the text shows (the sign is
checked separately where it matters).
"""

import functools
import math
import re

import numpy as np
import pytest

from gradviz.engine import lessons
from gradviz.engine.curvature import adam_rates, curvature_at
from gradviz.engine.events import bias_fades_at, diverging_since, first_overshoot, overtakes, stalls
from gradviz.engine.losses import house_terms
from gradviz.engine.presets import PRESETS
from gradviz.engine.probe import slices
from gradviz.engine.regression import RegressionLoss, houses
from gradviz.engine.scene import compute_runs, objective_for

NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:e-\d+)?")
WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty",
         "thirty", "sixty", "hundred", "thousand", "twice", "half", "quarter", "tenth",
         "double", "doubles", "doubling", "triple")
FORMULA = True   # a constant of a formula as written (the 1 of 1 - lr), or a unit or count
                 # that is so by definition (the "two" slices, prices "in thousands")


def stated(scene) -> set:
    """The numbers a scene's texts state: digit strings and number words."""
    q = scene.question
    texts = [scene.narration] + ([q.prompt, *q.options, q.explanation] if q else [])
    text = " ".join(texts)
    words = {w for w in re.findall(r"[a-z]+", text.lower()) if w in WORDS}
    return set(NUMBER.findall(text)) | words


def shows(value, text) -> bool:
    """|value| rounded to the digits of ``text`` ("0.41", "196,078", "1.7e-5") is |text|."""
    t = text.replace(",", "")
    mantissa, _, exponent = t.partition("e")
    decimals = len(mantissa.partition(".")[2])
    unit = 10.0 ** (-decimals + (int(exponent) if exponent else 0))
    return abs(abs(float(value)) - float(t)) <= unit / 2 * (1 + 1e-9)


@functools.lru_cache(maxsize=None)
def _lesson(stem):
    (path,) = [p for p in lessons.shipped() if p.name.startswith(stem)]
    return lessons.load(path)


class At:
    """What a scene computes: its objective, its runs (trajectories, one per panel)."""

    def __init__(self, scene):
        self.session, self.question = scene.session, scene.question
        self.f = objective_for(self.session)
        self.results = compute_runs(self.f, self.session)
        self.runs = [r.trajectory for r in self.results]

    def dist(self, panel, step, to=(0.0, 0.0)):
        return float(np.hypot(*(self.runs[panel].points[step] - np.asarray(to))))


def ratios(values):
    values = np.asarray(values, float)
    return values[1:] / values[:-1]


def _cross(u, v):
    return float(u[0] * v[1] - u[1] * v[0])


def all_near(values, target, tol=1e-9):
    return bool(np.all(np.abs(np.asarray(values, float) - target) <= tol * max(1, abs(target))))


# --- the checks, lesson by lesson, scene by scene ------------------------------------------


def gradient_lesson(s):
    f = s[0].f
    probe = s[0].session.probe
    cut = slices(f, *probe, (-3, 3), (-3, 3))
    xs = np.linspace(-2, 2, 5)
    minimum = PRESETS["bowl_10"].minima[0]
    off_axes = [(1.0, 0.5), (-2.0, 0.3), (0.7, -1.1)]
    return [
        {"10": s[0].session.text == "x^2 + 10*y^2", "0": (minimum.x, minimum.y) == (0, 0),
         "1": probe == (1.0, 0.5), "0.5": probe[1] == 0.5, "3.5": f.value(*probe) == 3.5},
        {"two": FORMULA, "0.5": probe[1] == 0.5, "2.5": all_near(f.value(xs, 0.5) - xs**2, 2.5),
         "1": probe[0] == 1, "2": shows((cut.tangent_x[1][1] - cut.tangent_x[1][0])
                                        / (cut.tangent_x[0][1] - cut.tangent_x[0][0]), "2")},
        {"1": all_near(f.value(1.0, xs) - 10 * xs**2, 1.0), "10": cut.probe.dfdy == 10,
         "0.5": probe[1] == 0.5, "five": cut.probe.dfdy / cut.probe.dfdx == 5},
        {"1": probe[0] == 1, "0.5": probe[1] == 0.5, "2": cut.probe.dfdx == 2,
         "10": cut.probe.dfdy == 10, "104": 2**2 + 10**2 == 104,
         "10.2": shows(cut.probe.grad_norm, "10.2")},
        {"2": s[4].session.probe == (2.0, -0.2), "0.2": s[4].session.probe[1] == -0.2,
         "4": tuple(f.gradient(2.0, -0.2)) == pytest.approx((4.0, -4.0))},
        {"0": (minimum.x, minimum.y) == (0, 0),
         # -grad f = (-2x, -20y) is parallel to -p only where x y (20 - 2) = 0: the two axes
         "two": all(abs(_cross(f.gradient(*p), p)) > 1e-6 for p in off_axes)
         and all(_cross(f.gradient(*p), p) == 0 for p in [(1.5, 0.0), (0.0, -2.0)]),
         "1": probe == (1.0, 0.5), "0.5": probe[1] == 0.5,
         "2": cut.probe.dfdx == 2, "10": cut.probe.dfdy == 10,
         "five": cut.probe.dfdy / cut.probe.dfdx == 5},
    ]


def descent_lesson(s):
    t = s[0].runs[0]
    lr = s[0].session.panels[0].hyper["lr"]
    x_factor, y_factor = ratios(t.points[1:11, 0]), ratios(t.points[1:6, 1])
    fast = s[5].runs[1]
    return [
        {"2": tuple(t.points[0]) == (2, 1), "1": t.points[0][1] == 1, "14": t.values[0] == 14,
         "4": t.grads[0][0] == 4, "20": t.grads[0][1] == 20},
        {"0.04": lr == 0.04, "4": t.grads[0][0] == 4, "20": t.grads[0][1] == 20,
         "0.16": t.updates[0][0] == pytest.approx(-0.16),
         "0.8": t.updates[0][1] == pytest.approx(-0.8),
         "1.84": t.points[1][0] == pytest.approx(1.84), "0.2": t.points[1][1] == pytest.approx(0.2),
         "14": t.values[0] == 14, "3.79": shows(t.values[1], "3.79")},
        {"1": FORMULA, "2": 1 - 2 * lr == pytest.approx(0.92),
         "0.92": all_near(x_factor, 0.92), "20": 1 - 20 * lr == pytest.approx(0.2),
         "0.2": all_near(y_factor, 0.2), "10": s[2].question.reveal_step == 10,
         "0.87": shows(t.points[10][0], "0.87") and shows(2 * 0.92**10, "0.87"),
         "0": abs(t.points[10][1]) < 1e-6},
        {"0.04": lr == 0.04, "40": t.steps == 40, "0.071": shows(t.points[40][0], "0.071"),
         "0.0051": shows(t.values[40], "0.0051")},
        {"0.92": all_near(ratios(t.values[10:]), 0.92**2, 1e-6),
         "0.85": shows(0.92**2, "0.85")},
        {"doubling": s[5].session.panels[1].hyper["lr"] == 2 * lr,
         "doubles": np.allclose(fast.updates[0], 2 * s[5].runs[0].updates[0]),
         "twice": s[5].session.panels[1].hyper["lr"] == 2 * lr,
         "1": FORMULA, "20": t.grads[0][1] / t.points[0][1] == 20,
         "0.08": s[5].session.panels[1].hyper["lr"] == 0.08, "0.04": lr == 0.04,
         "0.6": all_near(ratios(fast.points[:8, 1]), -0.6), "0": True},
    ]


def learning_rate_lesson(s):
    slow = s[0].runs[0]
    bounce, grow, edge = s[1].runs[0], s[2].runs[0], s[3].runs[0]
    side = s[4].runs
    under, over = s[5].runs
    c = curvature_at(s[0].f, 0.0, 0.0)
    grid = np.linspace(0.05, 0.1, 50001)
    best = grid[np.argmin(np.maximum(abs(1 - 2 * grid), abs(1 - 20 * grid)))]
    return [
        {"10": s[0].session.text == "x^2 + 10*y^2", "1": FORMULA,
         "2": c.eigenvalues[0] == 2, "20": c.eigenvalues[1] == 20,
         "0.005": slow.hyper["lr"] == 0.005, "0.99": all_near(ratios(slow.points[:, 0]), 0.99),
         "0.9": all_near(ratios(slow.points[:, 1]), 0.9), "60": slow.steps == 60,
         "1.37": shows(slow.points[60][0], "1.37") and slow.points[60][0] < 0,
         "half": abs(slow.points[60][0]) > abs(slow.points[0][0]) / 2},
        {"0.09": bounce.hyper["lr"] == 0.09, "0.82": all_near(ratios(bounce.points[:, 0]), 0.82),
         "0.8": all_near(ratios(bounce.points[:30, 1]), -0.8), "60": bounce.steps == 60,
         "1.7e-5": shows(s[1].dist(0, 60), "1.7e-5")},
        {"2": c.eigenvalues[1] == 20, "20": c.eigenvalues[1] == 20, "0.1": c.max_stable_lr == 0.1,
         "1": first_overshoot(grow) == 1 and bool(np.all(np.diff(grow.values) > 0))
         and diverging_since(grow) == 1,
         "0.11": grow.hyper["lr"] == 0.11, "1.2": all_near(ratios(grow.points[:, 1]), -1.2),
         "0.09": bounce.hyper["lr"] == 0.09, "60": grow.steps == 60,
         "1.5": grow.points[0][1] == 1.5, "84,521": shows(grow.points[60][1], "84,521")
         and shows(1.5 * 1.2**60, "84,521")},
        {"0.1": edge.hyper["lr"] == 0.1, "1": all_near(ratios(edge.points[:, 1]), -1.0),
         "1.5": set(np.abs(edge.points[:, 1])) == {1.5},
         "0.8": all_near(ratios(edge.points[:20, 0]), 0.8), "2": FORMULA,
         "20": c.eigenvalues[1] == 20},
        {"0.02": side[0].hyper["lr"] == 0.02, "0.22": shows(s[4].dist(0, 60), "0.22"),
         "60": side[0].steps == 60,
         "0.09": side[1].hyper["lr"] == 0.09     # and the closest after 60 steps (the answer)
         and s[4].dist(1, 60) < min(s[4].dist(0, 60), s[4].dist(2, 60)),
         "0.11": diverging_since(side[2]) is not None,
         "2": c.eigenvalues[0] == 2, "20": c.eigenvalues[1] == 20,
         "0.091": shows(2 / 22, "0.091") and abs(best - 2 / 22) < 1e-5,
         "0.1": c.max_stable_lr == 0.1, "three": len(side) == 3,
         "0.82": all_near(ratios(side[1].points[:, 0]), 0.82),
         "0.8": all_near(ratios(side[1].points[:30, 1]), -0.8),
         "0.96": all_near(ratios(side[0].points[:, 0]), 0.96),
         "1.2": all_near(ratios(side[2].points[:, 1]), -1.2)},
        {"20": c.eigenvalues[1] == 20 and s[5].session.display.curvature
         and s[5].session.probe == (0, 0), "2": FORMULA, "0.1": c.max_stable_lr == 0.1,
         "0.099": under.hyper["lr"] == 0.099, "0.101": over.hyper["lr"] == 0.101,
         "0.98": all_near(ratios(under.points[:, 1]), -0.98),
         "1.02": all_near(ratios(over.points[:, 1]), -1.02), "60": under.steps == 60,
         "0.45": shows(under.points[60][1], "0.45"),
         "4.92": shows(over.points[60][1], "4.92") and over.points[60][1] > 3
         and s[5].session.domain[1][1] == 3},
    ]


def loss_lesson(s):
    loss, t = s[0].f, s[0].runs[0]
    terms = house_terms(loss, 0.0, 0.0)
    mae = s[5].f
    return [
        {"30": len(loss.data) == 30},
        {"1": FORMULA, "30": len(loss.data) == 30
         and math.isclose(np.mean(house_terms(loss, 2.0, 5.0).residuals ** 2), loss.value(2.0, 5.0))},
        {"0": tuple(s[2].session.start) == (0, 0) and np.array_equal(-terms.residuals, loss.data.y),
         "196,078": shows(loss.value(0, 0), "196,078")
         and math.isclose(np.mean(loss.data.y**2), loss.value(0, 0))},
        {"20": True, "3.44": shows(t.points[20][0], "3.44"), "2,272": shows(t.values[20], "2,272")},
        {"3.43": shows(loss.minimum[0], "3.43"), "7.34": shows(loss.minimum[1], "7.34"),
         "2,241": shows(loss.min_value, "2,241") and min(loss.eigenvalues) > 0,
         "0": tuple(s[4].session.start) == (0, 0)},
        {"80": 80**2 == 6400, "thousand": FORMULA, "6,400": True, "8": 8**2 == 64, "64": True, "1": FORMULA,
         "30": len(mae.data) == 30, "3.46": shows(mae.minimum[0], "3.46")
         and mae.point_loss.key == "mae", "0.15": shows(mae.minimum[1], "0.15")},
    ]


def scaling_lesson(s):
    loss = s[0].f
    gd, adam = s[0].runs
    scaled = s[3].f
    sgd = s[4].results[0]
    limit = 2 / loss.eigenvalues[1]
    line = scaled.to_original(*sgd.trajectory.points[sgd.converged_at])
    return [
        {"43": loss.data.x.min() == 43, "218": loss.data.x.max() == 218,
         "0.248": shows(loss.eigenvalues[0], "0.248"), "31,960": shows(loss.eigenvalues[1], "31,960"),
         "128,699": shows(loss.condition_number, "128,699")},
        {"2": FORMULA, "6.3e-5": shows(limit, "6.3e-5"),
         "tenth": abs(gd.hyper["lr"] / limit - 0.1) < 0.01, "6.3e-6": gd.hyper["lr"] == 6.3e-6,
         "3.44": shows(gd.points[20][0], "3.44"), "20": True, "1,000": gd.steps == 1000,
         "0": gd.points[0][1] == 0, "0.04": shows(gd.points[1000][1], "0.04"),
         "7.34": shows(loss.minimum[1], "7.34")},
        {"1,000": adam.steps == 1000, "3.92": shows(adam.points[1000][1], "3.92")},
        {"118.3": shows(scaled.mu, "118.3"), "44.54": shows(scaled.sigma, "44.54"),
         "1.7": shows(scaled.features.min(), "1.7") and scaled.features.min() < 0,
         "2.2": shows(scaled.features.max(), "2.2"), "0": abs(scaled.features.mean()) < 1e-12,
         "1": math.isclose(scaled.features.std(), 1) and scaled.condition_number == 1,
         "2": scaled.eigenvalues == (2.0, 2.0)},
        {"0.2": sgd.trajectory.hyper["lr"] == 0.2 / scaled.eigenvalues[1],
         "0.1": sgd.trajectory.hyper["lr"] == 0.1, "93": sgd.converged_at == 93,
         "152.72": shows(sgd.trajectory.points[93][0], "152.72"),
         "412.93": shows(sgd.trajectory.points[93][1], "412.93"),
         "3.43": shows(line[0], "3.43"), "7.34": shows(line[1], "7.34"),
         "6.3e-6": gd.hyper["lr"] == 6.3e-6,
         "15,980": shows(loss.eigenvalues[1] / scaled.eigenvalues[1], "15,980"),
         "31,960": shows(loss.eigenvalues[1], "31,960"), "2": scaled.eigenvalues[1] == 2,
         "6.3e-5": shows(limit, "6.3e-5"), "1": 2 / scaled.eigenvalues[1] == 1},
    ]


def momentum_lesson(s):
    gd = s[0].runs[0]
    c = curvature_at(s[0].f, 0.0, 0.0)
    heavy = s[1].runs[1]
    b, g = heavy.states.momentum_buffer, heavy.grads
    light = s[4].runs[2]
    done = [r.converged_at for r in s[5].results]
    return [
        {"0.1": s[0].session.text.startswith("0.1*x^2") and c.max_stable_lr == 0.1,
         "10": s[0].session.text.endswith("10*y^2"), "0.2": c.eigenvalues[0] == pytest.approx(0.2),
         "20": c.eigenvalues[1] == 20, "100": c.condition_number == pytest.approx(100)
         and gd.steps >= 100, "2": FORMULA, "0.09": gd.hyper["lr"] == 0.09, "1": FORMULA,
         "0.982": all_near(ratios(gd.points[20:, 0]), 0.982, 1e-6),
         "0.41": shows(s[0].dist(0, 100), "0.41")},
        {"0.9": heavy.hyper["momentum"] == 0.9 and np.allclose(b[2:], 0.9 * b[1:-1] + g[1:-1]),
         "1": FORMULA, "10": shows(1 / (1 - 0.9), "10"),
         "5.5": shows(heavy.updates[10][0] / s[1].runs[0].updates[10][0], "5.5")},
        {"100": s[2].question.reveal_step == 100, "0.014": shows(s[2].dist(1, 100), "0.014"),
         "0.41": shows(s[2].dist(0, 100), "0.41"),
         "30": shows(s[2].dist(0, 100) / s[2].dist(1, 100), "30")},
        {"0.68": shows(heavy.points[:, 0].max(), "0.68"), "56": overtakes(heavy, gd) == 56},
        {"0.7": light.hyper["momentum"] == 0.7, "1": FORMULA, "3.3": shows(1 / 0.3, "3.3"),
         "100": True, "0.0016": shows(s[4].dist(2, 100), "0.0016")
         and s[4].dist(2, 100) < min(s[4].dist(0, 100), s[4].dist(1, 100))
         and light.points[:, 0].max() < 0},
        {"0.7": True, "193": done[2] == 193, "0.9": True, "295": done[1] == 295,
         "0.011": shows(s[5].dist(0, 300), "0.011") and done[0] is None, "300": gd.steps == 300},
    ]


def adam_lesson(s):
    gd, adam = s[0].runs
    c = curvature_at(s[0].f, 0.0, 0.0)
    m, v = adam.states.exp_avg, adam.states.exp_avg_sq
    g0 = adam.grads[0]
    lr, eps = adam.hyper["lr"], adam.hyper["eps"]
    uncorrected = lr * m[1] / (np.sqrt(v[1]) + eps)
    rates = adam_rates(adam, 150, curvature_at(s[0].f, *adam.points[150]))
    return [
        {"0.1": c.max_stable_lr == 0.1 and lr == 0.1 and s[0].session.text.startswith("0.1*"),
         "10": s[0].session.text.endswith("10*y^2"), "0.2": c.eigenvalues[0] == pytest.approx(0.2)},
        {"0.5": g0[0] == -0.5, "30": g0[1] == 30, "60": g0[1] / -g0[0] == 60,
         "0.1": np.allclose(adam.updates[0], (0.1, -0.1), rtol=1e-6)},
        {"0": not m[0].any() and not v[0].any(),
         "0.1": np.allclose(m[1], 0.1 * g0) and adam.hyper["betas"][0] == 0.9,
         "0.001": np.allclose(v[1], 0.001 * g0**2), "1": FORMULA,
         "0.9": adam.hyper["betas"][0] == 0.9, "0.999": adam.hyper["betas"][1] == 0.999,
         "3.16": all(shows(u / a, "3.16") for u, a in zip(uncorrected, adam.updates[0])),
         "0.0316": shows(math.sqrt(0.001), "0.0316")},
        {"44": bias_fades_at(adam) == 44, "1": 1 / (1 - 0.9**44) - 1 < 0.01,
         "0.9": adam.hyper["betas"][0] == 0.9, "0.990": shows(1 - 0.9**44, "0.990")},
        {"150": True, "0.001": s[4].dist(1, 150) < 0.001, "0.16": shows(s[4].dist(0, 150), "0.16"),
         "0.83": shows(rates.effective[0], "0.83"),
         "9": round(rates.effective[0] / gd.hyper["lr"]) == 9, "0.09": gd.hyper["lr"] == 0.09,
         "0.017": shows(rates.effective[1], "0.017") and rates.effective[1] < rates.limit[1],
         "2": FORMULA, "20": c.eigenvalues[1] == 20, "0.1": rates.limit[1] == 0.1},
        {"292": s[5].results[1].converged_at == 292, "300": gd.steps == 300,
         "0.011": shows(s[5].dist(0, 300), "0.011")},
    ]


def saddle_lesson(s):
    f = s[0].f
    gd, adam = s[2].runs
    saddle = curvature_at(f, 0.0, 0.0)
    ys = np.linspace(-1, 1, 5)
    stuck = s[4].results[0]
    on_line = s[4].runs
    return [
        {"1": FORMULA, "5": s[0].session.text.endswith("5*y^2"),
         "two": all(curvature_at(f, x, 0.0).kind == "minimum" for x in (-1.0, 1.0)),
         "0": f.value(1.0, 0.0) == 0 and f.value(-1.0, 0.0) == 0
         and tuple(f.gradient(0.0, 0.0)) == (0, 0) and s[0].session.probe == (0, 0)},
        {"0": s[1].session.probe == (0, 0), "1": f.value(0.0, 0.0) == 1,
         "5": all_near(f.value(0.0, ys) - 5 * ys**2, 1.0),
         "4": saddle.hessian[0, 0] == -4, "10": saddle.hessian[1, 1] == 10},
        {"21": stalls(gd, f) == [(21, 49, "saddle")], "49": True,
         "1": int(np.argmax(gd.grad_norms[:50])) == 0,
         "0.02": gd.hyper["lr"] == 0.02, "4": saddle.hessian[0, 0] == -4,
         "1.08": all(shows(r, "1.08") for r in ratios(gd.points[20:45, 0])),
         "0.001": gd.points[0][0] == 0.001, "0": s[2].dist(0, 200, (1, 0)) < 1e-3,
         "1.8": gd.points[0][1] == 1.8, "0.8": all_near(ratios(gd.points[:10, 1]), 0.8)},
        {"0.1": np.hypot(*adam.points.T).min() > 0.1, "1": s[3].dist(1, 200, (1, 0)) < 1e-2,
         "0": True},
        {"0": all(np.all(t.points[:, 0] == 0) for t in on_line),
         "68": stuck.converged_at == 68
         and curvature_at(f, *stuck.trajectory.points[68]).kind == "saddle"},
    ]


def minima_lesson(s):
    from gradviz.engine.basins import compute_basins

    preset = PRESETS["himmelblau"]
    ends = [tuple(np.round(t.points[-1], 2)) for t in s[3].runs]
    minima = [(round(m.x, 2), round(m.y, 2)) for m in preset.minima]
    basins = compute_basins(s[4].f, "gd", preset.domain, 400, (101, 101),
                            hyper={"lr": 0.01}, known=preset.minima)
    shares = [basins.counts[k] / 101**2 for k in range(4)]
    return [
        {"11": "- 11)^2" in s[0].session.text, "7": "- 7)^2" in s[0].session.text,
         "four": len(preset.minima) == 4 and all(m.f == 0 for m in preset.minima),
         "0": True, "3": (3.0, 2.0) in minima, "2": (3.0, 2.0) in minima,
         "3.58": (3.58, -1.85) in minima, "1.85": True, "2.81": (-2.81, 3.13) in minima,
         "3.13": True, "3.78": (-3.78, -3.28) in minima, "3.28": True},
        {"1": tuple(s[1].session.start) == (1, 0), "0": True,
         "3": s[1].dist(0, 400, (3, 2)) < 1e-3, "2": True},
        {"1": tuple(s[2].session.start) == (-1, 0), "0": True,
         "2": s[1].session.start[0] - s[2].session.start[0] == 2,
         "2.81": s[2].dist(0, 400, (preset.minima[2].x, preset.minima[2].y)) < 1e-3,
         "3.13": True},
        {"0": tuple(s[3].session.start) == (0, -3), "3": True, "three": len(set(ends)) == 3,
         "3.58": ends[0] == (3.58, -1.85), "1.85": True, "2": ends[1] == (3.0, 2.0),
         "3.78": ends[2] == (-3.78, -3.28), "3.28": True},
        {"101": True, "quarter": all(0.2 < x < 0.3 for x in shares),
         "23.6": shows(100 * min(shares), "23.6"), "26.0": shows(100 * max(shares), "26.0")},
        {"four": len(preset.minima) == 4 and len({m.f for m in preset.minima}) == 1},
    ]


def backprop_lesson(s):
    from gradviz.engine.backprop import walkthrough
    from gradviz.engine.backprop_regression import walkthrough as model_walkthrough

    def nodes(scene):
        assert scene.session.display.backprop_at == "panel" and scene.session.current_step == 0
        walk = walkthrough(scene.f, *scene.session.start)   # the panel's point at step 0
        return walk, {n.name: n for n in walk.nodes}

    walk, at = nodes(s[0])
    moved, there = nodes(s[3])
    loss = s[4].f
    model = model_walkthrough(loss, *s[4].session.start, s[4].session.display.backprop_house)
    house = {n.name: n for n in model.nodes}
    x_i, y_i, y_hat = house["xᵢ"].value, house["yᵢ"].value, house["ŷᵢ"]
    return [
        {"10": s[0].session.text == "x^2 + 10*y^2" and at["c"].definition == "c = 10·b",
         "1": s[0].session.start == (1, 0.5) and at["a"].value == 1, "0.5": True,
         "0.25": at["b"].value == 0.25, "2.5": at["c"].value == 2.5,
         "3.5": at["f"].value == 3.5 == s[0].f.value(1.0, 0.5)},
        {"1": at["f"].adjoint == 1 and at["c"].adjoint == 1, "10": at["b"].adjoint == 10
         and at["y"].adjoint == 10, "2": FORMULA, "0.5": s[1].session.start[1] == 0.5},
        {"1": FORMULA, "2": at["x"].adjoint == 2 and walk.gradient == (2, 10)
         and tuple(s[2].f.gradient(1.0, 0.5)) == (2, 10),
         "10": at["y"].adjoint == 10, "0.5": s[2].session.start == (1, 0.5)},
        {"2": s[3].session.start == (2, -0.2), "0.2": True, "4": there["a"].value == 4
         and shows(there["y"].adjoint, "4") and there["y"].adjoint < 0
         and s[3].question.options[s[3].question.answer] == "−4",
         "0.04": shows(there["b"].value, "0.04"), "0.4": shows(there["c"].value, "0.4"),
         "4.4": shows(there["f"].value, "4.4"), "10": FORMULA},
        {"1": s[4].session.display.backprop_house == 0, "43": x_i == 43, "149": y_i == 149,
         "thousand": FORMULA, "30": len(loss.data) == 30, "0": s[4].session.start == (0, 0),
         "9.933": shows(y_hat.adjoint, "9.933") and y_hat.adjoint < 0,
         "427": shows(y_hat.adjoint * x_i, "427"),
         "111,305": shows(model.gradient[0], "111,305")
         and math.isclose(model.gradient[0], loss.gradient(0.0, 0.0)[0]),
         "two": len(s[4].session.start) == 2},
    ]


CHECKS = {
    "1-": gradient_lesson, "2-": descent_lesson, "3-": learning_rate_lesson, "4-": loss_lesson,
    "5-": scaling_lesson, "6-": momentum_lesson, "7-": adam_lesson, "8-": saddle_lesson,
    "9-": minima_lesson, "10": backprop_lesson,
}


def test_every_shipped_lesson_has_its_checks():
    assert sorted(p.name[:2] for p in lessons.shipped()) == sorted(CHECKS)


@pytest.mark.parametrize("stem", sorted(CHECKS))
def test_every_number_a_lesson_states_is_true_of_its_scene(stem):
    lesson = _lesson(stem)
    scenes = [At(scene) for scene in lesson.scenes]
    checks = CHECKS[stem](scenes)
    assert len(checks) == len(lesson.scenes)
    for i, (scene, check) in enumerate(zip(lesson.scenes, checks)):
        assert stated(scene) == set(check), f"scene {i}: numbers in the text vs checks"
        false = sorted(k for k, ok in check.items() if not ok)
        assert not false, f"scene {i}: not true of the scene: {false}"


def test_number_reading():
    scene = lessons.Scene(None, "At lr 0.005, after 1,000 steps: 1.7e-5 and 23.6%, twice; x² "
                                "and p₀ are no numbers")
    assert stated(scene) == {"0.005", "1,000", "1.7e-5", "23.6", "twice"}
    assert shows(0.4065, "0.41") and not shows(0.4151, "0.41")
    assert shows(196077.6, "196,078") and shows(1.7013e-5, "1.7e-5") and shows(-1.37, "1.37")
    assert RegressionLoss(houses()).point_loss.key == "mse"
