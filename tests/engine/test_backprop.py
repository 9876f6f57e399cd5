"""Backpropagation step by step (gradviz.engine.backprop): hand-computed small cases, then the
walkthrough's gradient against the engine's on random formulas, every preset and the
regression loss."""

import math
import random

import numpy as np
import pytest

from formula_corpus import random_trees
from gradviz.engine import backprop, backprop_regression
from gradviz.engine.expression import parse_expression
from gradviz.engine.graph_layout import layout
from gradviz.engine.presets import PRESETS
from gradviz.engine.regression import RegressionLoss, houses
from gradviz.engine.tokens import ExpressionError


def walk(text, x, y, **params):
    return backprop.walkthrough(parse_expression(text, params), x, y)


def by_name(w):
    return {n.name: n for n in w.nodes}


def edge(w, source, target):
    names = [n.name for n in w.nodes]
    return next(e for e in w.edges
                if e.source == names.index(source) and e.target == names.index(target))


# --- by hand ---------------------------------------------------------------------------------


def test_x_times_y_plus_sin_x_by_hand():
    w = walk("x*y + sin(x)", 1.5, 2.0)
    assert [n.definition for n in w.nodes] == ["x", "y", "a = x·y", "b = sin(x)", "f = a + b"]
    assert [n.args for n in w.nodes] == [(), (), (0, 1), (0,), (2, 3)]
    nodes = by_name(w)
    assert [nodes[k].value for k in "xyab"] == [1.5, 2.0, 3.0, math.sin(1.5)]
    assert nodes["f"].value == 3.0 + math.sin(1.5)
    # local derivatives: ∂a/∂x = y, ∂a/∂y = x, ∂b/∂x = cos(x), ∂f/∂a = ∂f/∂b = 1
    assert (edge(w, "x", "a").local, edge(w, "x", "a").local_text) == (2.0, "∂a/∂x = y")
    assert (edge(w, "y", "a").local, edge(w, "y", "a").local_text) == (1.5, "∂a/∂y = x")
    assert edge(w, "x", "b").local == math.cos(1.5)
    assert edge(w, "x", "b").local_text == "∂b/∂x = cos(x)"
    assert edge(w, "a", "f").local == edge(w, "b", "f").local == 1.0
    # adjoints: x is used twice, so its two contributions add
    assert nodes["f"].adjoint == nodes["a"].adjoint == nodes["b"].adjoint == 1.0
    assert edge(w, "x", "a").contribution == 2.0
    assert nodes["x"].adjoint == pytest.approx(2.0 + math.cos(1.5), abs=1e-15)
    assert nodes["y"].adjoint == 1.5
    assert w.gradient == (nodes["x"].adjoint, 1.5)
    assert w.value == nodes["f"].value and w.output == "f" and w.inputs == (0, 1)


def test_the_steps_of_x_times_y_plus_sin_x():
    w = walk("x*y + sin(x)", 1.5, 2.0)
    phases = [s.phase for s in w.steps]
    assert phases == ["start"] + ["forward"] * 3 + ["backward"] * 6 + ["done"]
    assert w.first_backward == 4
    start, *forward = w.steps[:4]
    assert start.known == 2 and "x = 1.5, y = 2" in start.caption
    assert [s.node for s in forward] == [2, 3, 4] and [s.known for s in forward] == [3, 4, 5]
    assert forward[0].caption == "forward: a = x·y = 1.5·2 = 3"
    assert forward[2].caption == "forward: f = a + b = 3 + 0.9975 = 3.997"
    seed = w.steps[4]
    assert seed.adjoints == (None, None, None, None, 1.0) and seed.complete == {4}
    # then edge by edge, users before their arguments: f -> a, f -> b, b -> x, a -> x, a -> y
    used = [(w.edges[s.edge].source, w.edges[s.edge].target) for s in w.steps[5:10]]
    assert used == [(2, 4), (3, 4), (0, 3), (0, 2), (1, 2)]
    after_sin = w.steps[7]
    assert after_sin.adjoints[0] == math.cos(1.5) and 0 not in after_sin.complete
    assert "x is used twice" in after_sin.caption
    after_product = w.steps[8]
    assert 0 in after_product.complete
    assert "both uses of x add up: ∂f/∂x = 0.07074 + 2 = 2.071" in after_product.caption
    assert w.steps[9].caption == "backward: ∂f/∂y = ∂f/∂a × ∂a/∂y = 1 × 1.5 = 1.5   (∂a/∂y = x)"
    done = w.steps[-1]
    assert done.caption == ("done: ∂f/∂x = 2.071 and ∂f/∂y = 1.5: the gradient ∇f(1.5, 2) = "
                            "(2.071, 1.5)")
    assert done.complete == set(range(5))


def test_a_shared_subexpression_is_one_node_with_two_arrows_out():
    w = walk("sin(x*y) + x*y", 0.5, 2.0)
    assert [n.definition for n in w.nodes] == ["x", "y", "a = x·y", "b = sin(a)", "f = a + b"]
    out_of_a = [e for e in w.edges if e.source == 2]
    assert sorted(e.target for e in out_of_a) == [3, 4]
    nodes = by_name(w)
    assert nodes["a"].adjoint == pytest.approx(math.cos(1.0) + 1.0, abs=1e-15)
    assert w.gradient == pytest.approx((2.0 * (math.cos(1.0) + 1), 0.5 * (math.cos(1.0) + 1)))


def test_constants_go_inside_their_nodes_so_rosenbrock_has_nine():
    w = walk("(1 - x)^2 + 100*(y - x^2)^2", -1.2, 1.0)
    assert [n.definition for n in w.nodes] == [
        "x", "y", "a = 1 − x", "b = a²", "c = x²", "d = y − c", "g = d²", "h = 100·g",
        "f = b + h"]
    assert edge(w, "g", "h").local_text == "∂h/∂g = 100"
    assert edge(w, "d", "g").local_text == "∂g/∂d = 2·d"
    assert edge(w, "x", "a").local == -1.0
    assert edge(w, "d", "g").local == pytest.approx(2 * (1.0 - 1.44))


def test_a_chain_of_sums_or_products_is_one_node():
    w = walk("x + y - x*y + 3 + sin(x)", 1.0, 2.0)
    assert w.nodes[-1].definition == "f = 3 + x + y − a + b"
    assert [w.nodes[i].name for i in w.nodes[-1].args] == ["x", "y", "a", "b"]
    assert edge(w, "a", "f").local == -1.0
    p = walk("x*y*sin(x)*2", 1.0, 2.0)
    assert p.nodes[-1].definition == "f = 2·x·y·a"
    assert edge(p, "y", "f").local_text == "∂f/∂y = 2·x·a"
    assert edge(p, "y", "f").local == pytest.approx(2 * 1.0 * math.sin(1.0))


def test_a_sum_used_twice_is_not_folded_into_its_users():
    w = walk("(x + y)*(x + y) + (x + y)", 1.0, 2.0)
    assert [n.definition for n in w.nodes] == ["x", "y", "a = x + y", "b = a²", "f = a + b"]


def test_parameters_are_leaves_that_no_gradient_reaches():
    w = walk("a*x^2 + y", 3.0, 1.0, a=2.0)
    nodes = by_name(w)
    assert nodes["a"].kind == "parameter" and nodes["a"].value == 2.0
    assert nodes["a"].note == "parameter"
    assert nodes["a"].adjoint is None
    into_product = [e for e in w.edges if w.nodes[e.target].definition == "c = a·b"]
    assert [(w.nodes[e.source].name, e.local) for e in into_product] == [("a", None), ("b", 2.0)]
    assert w.gradient == (12.0, 1.0)


def test_a_function_of_x_alone_says_so_at_y():
    w = walk("x^2", 3.0, 1.0)
    assert w.gradient == (6.0, 0.0)
    assert "(f does not use y)" in w.steps[-1].caption


def test_flat_functions_hand_nothing_back_as_the_engine_does():
    w = walk("sign(asin(x))*y", 3.0, 1.0)   # asin(3) is NaN; sign's derivative is 0 by rule
    sign = next(e for e in w.edges if "sign" in w.nodes[e.target].definition)
    assert sign.local is None and sign.local_text.endswith("= 0")
    assert w.gradient[0] == 0.0


def test_a_constant_and_an_input_alone():
    w = walk("7", 1.0, 2.0)
    assert w.nodes[w.output_node].definition == "f = 7" and w.gradient == (0.0, 0.0)
    w = walk("x", 1.0, 2.0)
    assert w.output_node == 0 and w.gradient == (1.0, 0.0)


def test_a_graph_too_large_to_draw_says_how_large():
    text = "+".join(f"sin({k}*x)*y" for k in range(2, 44))
    w = walk(text, 1.0, 2.0)
    assert w.refusal == "graph too large to draw: 129 nodes (at most 120)"
    assert w.nodes == () and w.steps == ()


def test_the_point_free_part_is_kept_for_many_points():
    prepared = backprop.prepare(parse_expression("x*y + sin(x)"))
    one, two = prepared.at(1.0, 2.0), prepared.at(-1.0, 0.5)
    assert one.structure == two.structure
    assert two.gradient == (0.5 + math.cos(-1.0), -1.0)


# --- against the engine's gradient ----------------------------------------------------------


def agree(walkthrough, objective, x, y):
    expected = [float(g) for g in objective.gradient(x, y)]
    scale = max([1.0] + [abs(n.value) for n in walkthrough.nodes if math.isfinite(n.value)])
    for got, want in zip(walkthrough.gradient, expected):
        if math.isnan(want):
            assert math.isnan(got)
        else:
            assert got == pytest.approx(want, rel=1e-9, abs=1e-12 * scale), (got, want)


def consistent(w):
    """Every contribution is its user's adjoint times the local derivative, and the adjoints
    are the sums of what arrived."""
    arrived = [0.0] * len(w.nodes)
    for e in w.edges:
        if e.local is not None and w.nodes[e.target].adjoint is not None:
            assert e.contribution == w.nodes[e.target].adjoint * e.local or math.isnan(
                e.contribution)
            arrived[e.source] += e.contribution
    for i, n in enumerate(w.nodes):
        if n.adjoint is not None and i != w.output_node and any(
                e.source == i and e.local is not None for e in w.edges):
            assert n.adjoint == pytest.approx(arrived[i], rel=1e-12, abs=1e-300, nan_ok=True)


def test_random_formulas_of_the_grammar_end_at_the_engines_gradient():
    rng = random.Random(18)
    points = np.random.default_rng(18).uniform(-2, 2, (3, 2))
    checked = 0
    for _, text in random_trees(rng, 250):
        try:
            objective = parse_expression(text, {"a": 0.7, "b": -1.3})
        except ExpressionError:
            continue
        prepared = backprop.prepare(objective)
        for x, y in points:
            w = prepared.at(x, y)
            if w.refusal:
                break
            agree(w, objective, x, y)
            consistent(w)
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_ends_at_the_engines_gradient(key):
    preset = PRESETS[key]
    objective = parse_expression(preset.expression)
    prepared = backprop.prepare(objective)
    (x0, x1), (y0, y1) = preset.domain
    for x, y in [preset.start] + [tuple(p) for p in np.random.default_rng(1).uniform(
            (x0, y0), (x1, y1), (5, 2))]:
        w = prepared.at(x, y)
        assert not w.refusal and len(w.nodes) <= 30
        agree(w, objective, x, y)
        consistent(w)
        assert w.value == objective.value(x, y)


# --- the regression ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["mse", "mae", "huber"])
@pytest.mark.parametrize("scaled", [False, True])
def test_regression_adjoints_at_w_and_b_are_the_loss_gradient(kind, scaled):
    loss = RegressionLoss(houses(), scaled, kind, 15.0)
    for (w, b), house in (((0.0, 0.0), 0), ((1.7, 40.0), 6), ((-3.0, 900.0), 29)):
        walk_ = backprop_regression.walkthrough(loss, w, b, house)
        expected = [float(g) for g in loss.gradient(w, b)]
        scale = 1e-12 * float(np.sum(np.abs(loss.features)) + np.sum(np.abs(loss.data.y)) + 1)
        assert walk_.gradient == pytest.approx(expected, rel=1e-9, abs=scale)
        assert [walk_.nodes[i].adjoint for i in walk_.inputs] == list(walk_.gradient)
        assert walk_.value == pytest.approx(float(loss.value(w, b)), rel=1e-12)


def test_regression_graph_of_one_house_by_hand():
    loss = RegressionLoss(houses())
    x7, y7 = float(loss.features[6]), float(loss.data.y[6])
    w = backprop_regression.walkthrough(loss, 2.0, 10.0, house=6)
    assert [n.definition for n in w.nodes] == [
        "w", "b", "xᵢ", "yᵢ", "ŷᵢ = w·xᵢ + b", "rᵢ = ŷᵢ − yᵢ", "ℓᵢ = rᵢ²",
        "L = (ℓ₁ + … + ℓ₃₀)/30"]
    nodes = by_name(w)
    r = 2.0 * x7 + 10.0 - y7
    assert (nodes["xᵢ"].value, nodes["yᵢ"].value) == (x7, y7)
    assert nodes["rᵢ"].value == r and nodes["ℓᵢ"].value == r * r
    assert nodes["L"].note == "mean over 30 houses" and nodes["ℓᵢ"].copies == 30
    assert edge(w, "ℓᵢ", "L").local == 1 / 30
    assert (edge(w, "rᵢ", "ℓᵢ").local, edge(w, "rᵢ", "ℓᵢ").local_text) == (2 * r, "∂ℓᵢ/∂rᵢ = 2·rᵢ")
    assert edge(w, "w", "ŷᵢ").local == x7 and edge(w, "b", "ŷᵢ").local == 1.0
    assert edge(w, "xᵢ", "ŷᵢ").local is None            # the data get no gradient
    assert nodes["rᵢ"].adjoint == 2 * r / 30
    # house 7's own shares, before the other houses add theirs
    gather = next(k for k, s in enumerate(w.steps) if s.phase == "backward" and s.edge is None
                  and k > w.first_backward)
    before = w.steps[gather - 1]
    assert before.adjoints[0] == pytest.approx(2 * r / 30 * x7) and 0 not in before.complete
    assert "All 30 add up" in w.steps[gather].caption
    assert len(w.choices) == 30 and w.choice == 6


def test_regression_house_is_clamped():
    loss = RegressionLoss(houses())
    assert backprop_regression.walkthrough(loss, 0.0, 0.0, house=99).choice == 29


# --- layout ----------------------------------------------------------------------------------


def test_layout_puts_arguments_left_of_their_users_and_routes_long_edges():
    w = walk("(1 - x)^2 + 100*(y - x^2)^2", 1.0, 1.0)
    places = layout([n.args for n in w.nodes], [n.kind for n in w.nodes])
    for i, n in enumerate(w.nodes):
        for a in n.args:
            assert places.columns[a] < places.columns[i]
    assert places.columns[w.output_node] == places.width - 1 == 5
    for e, (path, edge_) in enumerate(zip(places.bends, w.edges)):
        span = places.columns[edge_.target] - places.columns[edge_.source]
        assert len(path) == span - 1
    rows_per_column = {}
    for c, r in zip(places.columns, places.rows):
        rows_per_column.setdefault(c, []).append(r)
    for rows in rows_per_column.values():
        rows.sort()
        assert all(b - a >= 1.0 - 1e-9 for a, b in zip(rows, rows[1:]))   # boxes never overlap


def test_layout_uncrosses_what_it_can():
    # f = a + b with a = x·y drawn below b = sin(x) has no crossing; in creation order it has one
    w = walk("x*y + sin(x)", 1.0, 1.0)
    places = layout([n.args for n in w.nodes])
    rows = dict(zip([n.name for n in w.nodes], places.rows))
    assert rows["b"] < rows["a"]


def test_data_and_parameters_sit_beside_their_users():
    w = backprop_regression.walkthrough(RegressionLoss(houses()), 1.0, 1.0)
    places = layout([n.args for n in w.nodes], [n.kind for n in w.nodes])
    columns = dict(zip([n.name for n in w.nodes], places.columns))
    assert columns == {"w": 0, "b": 0, "xᵢ": 0, "yᵢ": 1, "ŷᵢ": 1, "rᵢ": 2, "ℓᵢ": 3, "L": 4}

