"""Presets: every expression parses, and every listed critical point is what it claims to be."""

import dataclasses
import math

import numpy as np
import pytest

from gradviz.engine import presets as presets_module
from gradviz.engine.expression import parse_expression
from gradviz.engine.presets import PRESETS, CriticalPoint, Preset

OPTIMIZER_NAMES = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "amsgrad",
                   "newton", "gd_armijo")
REQUIRED = ("rosenbrock", "himmelblau", "beale", "booth", "matyas", "rastrigin", "ackley",
            "three_hump_camel", "six_hump_camel", "styblinski_tang", "goldstein_price", "saddle",
            "monkey_saddle", "bowl_10", "ravine_100", "sincos_bowl")
UNBOUNDED = ("saddle", "monkey_saddle")

ALL = list(PRESETS.values())
POINTS = [(p, c) for p in ALL for c in p.minima + p.saddles]


def _id(item):
    preset, point = item
    return f"{preset.key}-{point.kind}-({point.x:.3g},{point.y:.3g})"


@pytest.fixture(scope="module")
def objectives():
    return {key: parse_expression(p.expression) for key, p in PRESETS.items()}


def _grad(obj, x, y):
    with np.errstate(all="ignore"):
        gx, gy = obj.gradient(np.float64(x), np.float64(y))
    return np.array([float(gx), float(gy)])


def _fd_hessian(obj, x, y):
    """Central differences of the exact gradient, symmetrised: (2, 2)."""
    h = 1e-5 * (1.0 + max(abs(x), abs(y)))
    cols = [(_grad(obj, x + h, y) - _grad(obj, x - h, y)) / (2 * h),
            (_grad(obj, x, y + h) - _grad(obj, x, y - h)) / (2 * h)]
    hess = np.column_stack(cols)
    return (hess + hess.T) / 2


def _inside(domain, x, y):
    (x0, x1), (y0, y1) = domain
    return x0 <= x <= x1 and y0 <= y <= y1


# --- the table itself ----------------------------------------------------------------------

def test_keys_are_unique_and_match_the_dict():
    keys = [p.key for p in presets_module._ALL]
    assert len(keys) == len(set(keys))
    assert list(PRESETS) == keys
    assert all(key == p.key for key, p in PRESETS.items())
    names = [p.name for p in ALL]
    assert len(names) == len(set(names))


def test_the_required_presets_are_there():
    assert set(REQUIRED) <= set(PRESETS)


def test_presets_are_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        PRESETS["rosenbrock"].start = (0.0, 0.0)
    assert isinstance(PRESETS["rosenbrock"], Preset)


@pytest.mark.parametrize("preset", ALL, ids=lambda p: p.key)
def test_fields_are_well_formed(preset):
    (x0, x1), (y0, y1) = preset.domain
    assert x0 < x1 and y0 < y1
    assert "**" not in preset.expression
    assert preset.description and "\n" not in preset.description
    assert len(preset.description) <= 130
    assert all(isinstance(c, CriticalPoint) for c in preset.minima + preset.saddles)
    assert all(c.kind in ("global", "local") for c in preset.minima)
    assert all(c.kind == "saddle" for c in preset.saddles)
    assert all(_inside(preset.domain, c.x, c.y) for c in preset.minima + preset.saddles)


@pytest.mark.parametrize("preset", ALL, ids=lambda p: p.key)
def test_lr_has_a_positive_rate_for_every_optimizer(preset):
    from gradviz.engine.optimizers import OPTIMIZERS

    assert set(OPTIMIZERS) == set(OPTIMIZER_NAMES)
    assert set(preset.lr) == set(OPTIMIZER_NAMES)
    assert all(isinstance(v, float) and 0 < v < 10 for v in preset.lr.values())


def test_log_scale_is_set_where_values_span_decades():
    assert PRESETS["rosenbrock"].log_scale
    assert PRESETS["beale"].log_scale
    assert PRESETS["goldstein_price"].log_scale
    assert not PRESETS["saddle"].log_scale  # negative values: no log


# --- the expressions ------------------------------------------------------------------------

@pytest.mark.parametrize("preset", ALL, ids=lambda p: p.key)
def test_every_preset_parses_without_parameters(preset, objectives):
    obj = objectives[preset.key]
    assert obj.parameters == ()
    assert obj.text == preset.expression


HAND_VALUES = [
    # (key, x, y, f by hand)
    ("rosenbrock", -1.2, 1.0, 2.2**2 + 100 * (1.0 - 1.44) ** 2),          # 4.84 + 19.36
    ("himmelblau", 0.0, 0.0, 11.0**2 + 7.0**2),                           # 170
    ("beale", 1.0, 1.5, 2.0**2 + 3.5**2 + 5.0**2),                        # 41.25
    ("booth", 0.0, 0.0, 7.0**2 + 5.0**2),                                 # 74
    ("matyas", 1.0, 1.0, 0.52 - 0.48),
    ("three_hump_camel", 1.0, 1.0, 2 - 1.05 + 1 / 6 + 1 + 1),
    ("six_hump_camel", 1.0, 1.0, (4 - 2.1 + 1 / 3) + 1 + 0.0),
    ("styblinski_tang", 1.0, 1.0, 0.5 * (1 - 16 + 5) * 2),                # -10
    ("goldstein_price", 0.0, 0.0, (1 + 1 * 19) * 30.0),                   # 600
    ("rastrigin", 0.5, 0.5, 20 + 0.25 + 10 + 0.25 + 10),                  # cos(pi) = -1
    ("ackley", 1.0, 0.0, -20 * math.exp(-0.2 * math.sqrt(0.5)) + 20),     # cos(2 pi) = 1
    ("saddle", 2.0, 1.0, 4.0 - 1.0),
    ("monkey_saddle", 1.0, 1.0, 1.0 - 3.0),
    ("bowl_10", 1.0, 1.0, 1.0 + 10.0),
    ("ravine_100", 1.0, 1.0, 0.1 + 10.0),
    ("rotated_ravine_100", 1.0, 0.0, 0.05 + 5.0),
    ("sincos_bowl", math.pi / 2, 0.0, 1.0 + 0.1 * (math.pi / 2) ** 2),
]


@pytest.mark.parametrize("key, x, y, expected", HAND_VALUES, ids=[h[0] for h in HAND_VALUES])
def test_expression_is_the_textbook_function(key, x, y, expected, objectives):
    assert float(objectives[key].value(x, y)) == pytest.approx(expected, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("key, ratio", [("bowl_10", 10), ("ravine_100", 100),
                                        ("rotated_ravine_100", 100)])
def test_bowls_have_the_advertised_condition_number(key, ratio, objectives):
    low, high = np.linalg.eigvalsh(_fd_hessian(objectives[key], 0.3, -0.2))
    assert high / low == pytest.approx(ratio, rel=1e-6)


# --- critical points ------------------------------------------------------------------------

SMOOTH = [item for item in POINTS if item[1].smooth]


@pytest.mark.parametrize("item", POINTS, ids=_id)
def test_listed_f_is_the_value_there(item, objectives):
    preset, c = item
    f = float(objectives[preset.key].value(c.x, c.y))
    assert f == pytest.approx(c.f, rel=1e-13, abs=1e-12)


@pytest.mark.parametrize("item", SMOOTH, ids=_id)
def test_gradient_vanishes_at_smooth_critical_points(item, objectives):
    preset, c = item
    obj = objectives[preset.key]
    g = _grad(obj, c.x, c.y)
    hess = _fd_hessian(obj, c.x, c.y)
    scale = max(1.0, np.abs(hess).max(), abs(c.f))
    assert np.all(np.abs(g) <= 1e-12 * scale)
    if not c.degenerate:
        # refined to full precision: one more Newton step would move it by a rounding error
        newton = np.linalg.solve(hess, g)
        assert np.abs(newton).max() <= 1e-12 * (1.0 + abs(c.x) + abs(c.y))


@pytest.mark.parametrize("item", [i for i in SMOOTH if i[1].kind != "saddle"], ids=_id)
def test_hessian_is_positive_definite_at_minima(item, objectives):
    preset, c = item
    low, high = np.linalg.eigvalsh(_fd_hessian(objectives[preset.key], c.x, c.y))
    assert low > 1e-6 * high > 0


@pytest.mark.parametrize("item", [i for i in SMOOTH if i[1].kind == "saddle" and not i[1].degenerate],
                         ids=_id)
def test_hessian_is_indefinite_at_saddles(item, objectives):
    preset, c = item
    low, high = np.linalg.eigvalsh(_fd_hessian(objectives[preset.key], c.x, c.y))
    assert low < 0 < high
    assert min(-low, high) > 1e-6 * max(-low, high)


def test_the_monkey_saddle_is_degenerate_yet_a_saddle(objectives):
    (c,) = PRESETS["monkey_saddle"].saddles
    obj = objectives["monkey_saddle"]
    assert c.degenerate
    assert np.abs(_fd_hessian(obj, c.x, c.y)).max() < 1e-6
    # f = r^3 cos(3 theta): up at theta = 0, 120, 240 degrees and down in between
    theta = np.deg2rad(np.arange(0, 360, 60))
    df = obj.value(c.x + 0.01 * np.cos(theta), c.y + 0.01 * np.sin(theta)) - c.f
    assert np.all(df[0::2] > 0) and np.all(df[1::2] < 0)


def test_only_ackley_has_a_kink_and_there_the_gradient_is_nan(objectives):
    kinks = [(p.key, c) for p, c in POINTS if not c.smooth]
    assert [key for key, _ in kinks] == ["ackley"]
    c = kinks[0][1]
    assert np.all(np.isnan(_grad(objectives["ackley"], c.x, c.y)))


@pytest.mark.parametrize("item", [i for i in POINTS if not i[1].smooth], ids=_id)
def test_gradient_points_away_from_a_kinked_minimum(item, objectives):
    preset, c = item
    obj = objectives[preset.key]
    for angle in np.deg2rad(np.arange(0, 360, 45)):
        offset = 1e-3 * np.array([np.cos(angle), np.sin(angle)])
        g = _grad(obj, c.x + offset[0], c.y + offset[1])
        assert np.dot(g, offset) > 0
        assert float(obj.value(c.x + offset[0], c.y + offset[1])) > c.f


@pytest.mark.parametrize("preset", [p for p in ALL if p.key not in UNBOUNDED], ids=lambda p: p.key)
def test_global_minimum_is_lowest_listed_and_lowest_on_a_dense_grid(preset, objectives):
    globals_ = preset.global_minima
    assert globals_, "every bounded preset lists its global minimum"
    best = globals_[0].f
    assert all(g.f == pytest.approx(best, rel=1e-12, abs=1e-12) for g in globals_)
    assert all(m.f > best for m in preset.minima if m.kind == "local")
    (x0, x1), (y0, y1) = preset.domain
    xs = np.linspace(x0, x1, 400)[None, :]
    ys = np.linspace(y0, y1, 400)[:, None]
    grid = objectives[preset.key].value(xs, ys)
    assert np.all(np.isfinite(grid))
    assert grid.min() >= best - 1e-9 * (1.0 + abs(best))


@pytest.mark.parametrize("key", UNBOUNDED)
def test_unbounded_presets_list_no_minima(key, objectives):
    preset = PRESETS[key]
    assert preset.minima == () and len(preset.saddles) == 1
    (x0, x1), (y0, y1) = preset.domain
    grid = objectives[key].value(np.linspace(x0, x1, 41)[None, :], np.linspace(y0, y1, 41)[:, None])
    assert grid.min() < preset.saddles[0].f - 1.0  # the view reaches well below the saddle


# --- start points and learning rates ---------------------------------------------------------

@pytest.mark.parametrize("preset", ALL, ids=lambda p: p.key)
def test_start_is_inside_and_away_from_every_critical_point(preset, objectives):
    x, y = preset.start
    (x0, x1), (y0, y1) = preset.domain
    assert x0 < x < x1 and y0 < y < y1
    size = max(x1 - x0, y1 - y0)
    for c in preset.minima + preset.saddles:
        assert math.hypot(x - c.x, y - c.y) > 0.01 * size
    g = _grad(objectives[preset.key], x, y)
    assert np.all(np.isfinite(g)) and np.any(g != 0)


@pytest.mark.parametrize("preset", ALL, ids=lambda p: p.key)
def test_no_optimizer_diverges_at_the_preset_learning_rate(preset, objectives):
    from gradviz.engine.trajectory import run

    (x0, x1), (y0, y1) = preset.domain
    margin = 0.5 * max(x1 - x0, y1 - y0)
    for name, lr in preset.lr.items():
        if name in ("newton", "gd_armijo"):   # not a tuned rate: the full step, the first trial
            continue                          # (Newton's classic iterates leave Rosenbrock's box)
        traj = run(objectives[preset.key], name, preset.start, 500, record="path", lr=lr)
        assert traj.diverged_at is None, name
        if preset.key not in UNBOUNDED:
            px, py = traj.points[:, 0], traj.points[:, 1]
            assert px.min() > x0 - margin and px.max() < x1 + margin, name
            assert py.min() > y0 - margin and py.max() < y1 + margin, name


def _steps_to_reach(traj, point, radius):
    dist = np.hypot(traj.points[:, 0] - point[0], traj.points[:, 1] - point[1])
    hits = np.flatnonzero(dist < radius)
    return hits[0] if hits.size else len(dist)


@pytest.mark.parametrize("key", ["rosenbrock", "ravine_100"])
def test_on_a_ravine_gd_converges_but_slower_than_adam(key, objectives):
    from gradviz.engine.trajectory import run

    preset = PRESETS[key]
    target = preset.global_minima[0]
    runs = {name: run(objectives[key], name, preset.start, 500, record="path",
                      lr=preset.lr[name]) for name in ("gd", "adam")}
    values = {name: r.values for name, r in runs.items()}
    assert values["gd"][-1] < 0.2 * values["gd"][0]          # gd is getting there
    assert values["adam"][-1] < values["gd"][-1]             # adam got further
    if key == "ravine_100":
        gd_steps = _steps_to_reach(runs["gd"], (target.x, target.y), 0.03)
        adam_steps = _steps_to_reach(runs["adam"], (target.x, target.y), 0.03)
        assert adam_steps < gd_steps <= 500


def test_on_the_rotated_ravine_adam_loses_its_edge(objectives):
    from gradviz.engine.trajectory import run

    preset = PRESETS["rotated_ravine_100"]
    steps = {name: _steps_to_reach(run(objectives[preset.key], name, preset.start, 500,
                                       record="path", lr=preset.lr[name]), (0.0, 0.0), 0.03)
             for name in ("gd", "adam")}
    assert steps["gd"] < steps["adam"]


# Which listed minimum gd and adam reach from the preset start, as the descriptions promise.
ENDINGS = [("himmelblau", 1, 0), ("three_hump_camel", 1, 0), ("six_hump_camel", 2, 4),
           ("goldstein_price", 0, 1)]


@pytest.mark.parametrize("key, gd_index, adam_index", ENDINGS, ids=[e[0] for e in ENDINGS])
def test_gd_and_adam_end_in_the_promised_minima(key, gd_index, adam_index, objectives):
    from gradviz.engine.trajectory import run

    preset = PRESETS[key]
    for name, index in (("gd", gd_index), ("adam", adam_index)):
        end = run(objectives[key], name, preset.start, 500, record="final",
                  lr=preset.lr[name]).final_points
        target = preset.minima[index]
        assert math.hypot(end[0] - target.x, end[1] - target.y) < 0.01, name


def test_adam_escapes_the_saddle_sooner_than_gd(objectives):
    from gradviz.engine.trajectory import run

    preset = PRESETS["saddle"]
    closest = {}
    for name in ("gd", "adam"):
        points = run(objectives["saddle"], name, preset.start, 500, record="path",
                     lr=preset.lr[name]).points
        closest[name] = np.hypot(points[:, 0], points[:, 1]).min()
    assert closest["gd"] < 0.5 < closest["adam"]


def _richardson_derivative(g, t, h=1e-3):
    """dg/dt by central differences at h and h/2, Richardson-extrapolated: error O(h^4)."""
    d1 = (g(t + h) - g(t - h)) / (2 * h)
    d2 = (g(t + h / 2) - g(t - h / 2)) / h
    return d2 + (d2 - d1) / 3


@pytest.mark.parametrize("key", list(PRESETS))
def test_gradient_matches_finite_differences_across_the_domain(key):
    # The exact gradient against a numerical derivative of the value alone, at 25 points
    # spread over the view (a 5 x 5 lattice away from the edges and from lattice symmetries).
    preset = PRESETS[key]
    f = parse_expression(preset.expression)
    (x0, x1), (y0, y1) = preset.domain
    for fx in (0.13, 0.31, 0.52, 0.69, 0.87):
        for fy in (0.11, 0.34, 0.48, 0.71, 0.89):
            x, y = x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)
            gx, gy = (float(g) for g in f.gradient(x, y))
            nx = _richardson_derivative(lambda t: float(f.value(t, y)), x)
            ny = _richardson_derivative(lambda t: float(f.value(x, t)), y)
            scale = 1.0 + abs(float(f.value(x, y))) + abs(gx) + abs(gy)
            assert gx == pytest.approx(nx, abs=1e-7 * scale), (key, x, y)
            assert gy == pytest.approx(ny, abs=1e-7 * scale), (key, x, y)
