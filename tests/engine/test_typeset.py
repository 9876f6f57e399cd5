"""LaTeX for the typeset formulas: f and its gradient from sympy, the update rules from the
inspector's own unicode."""

import pytest

from gradviz.engine.expression import parse_expression
from gradviz.engine.names import REGRESSION
from gradviz.engine.typeset import _signs, broken_latex, function_latex, rule_latex


@pytest.mark.parametrize("text, latex", [
    ("m̂ = m/(1−β₁ᵗ)", r"\hat{m} = \frac{m}{1 - \beta_{1}^{t}}"),
    ("x ← x − lr·m̂/(√v̂+ε)",
     r"x \leftarrow  x - \frac{\mathrm{lr} \cdot \hat{m}}{\sqrt{\hat{v}} + \varepsilon}"),
    ("u = −lr·m̂/(√v̂+ε)",
     r"u = {-}\frac{\mathrm{lr} \cdot \hat{m}}{\sqrt{\hat{v}} + \varepsilon}"),
    ("v = β₂·v + (1−β₂)·g²",
     r"v = \beta_{2} \cdot v + \left(1 - \beta_{2}\right) \cdot g^{2}"),
    ("avg = √(v − a²) + ε", r"\mathrm{avg} = \sqrt{v - a^{2}} + \varepsilon"),
    ("vmax = max(vmax, v)", r"\mathrm{vmax} = \max\left(\mathrm{vmax},\,v\right)"),
    ("g = ∂L/∂w′ + wd·w′", r"g = \frac{\partial L}{\partial w'} + \mathrm{wd} \cdot w'"),
    ("clr = lr/(1 + (t−1)·lr_decay)",
     r"\mathrm{clr} = \frac{\mathrm{lr}}{1 + \left(t - 1\right) \cdot \mathrm{lr\_decay}}"),
    ("b₁ = g (first step)", r"b_{1} = g\ \text{(first step)}"),
])
def test_rule_latex(text, latex):
    assert rule_latex(text) == latex


def test_a_rule_outside_the_vocabulary_is_refused_not_guessed():
    with pytest.raises(ValueError):
        rule_latex("Δp = pₖ₊₁ − pₖ")


def test_unary_minus_is_a_sign():
    assert _signs(r"- 400 x \left(- x^{2} + y\right) + 2 x - 2") == \
        r"{-}400 x \left({-}x^{2} + y\right) + 2 x - 2"


def test_function_latex_of_rosenbrock():
    f, dfdx, dfdy = function_latex(parse_expression("(1-x)^2 + 100*(y-x^2)^2"))
    assert f == r"f(x, y) = \left(1 - x\right)^{2} + 100 \left({-}x^{2} + y\right)^{2}"
    assert dfdx.startswith(r"\frac{\partial f}{\partial x} = {-}400 x")
    assert dfdy == r"\frac{\partial f}{\partial y} = {-}200 x^{2} + 200 y"
    w = function_latex(parse_expression("w^2 + b"), REGRESSION)   # names only
    assert w[0].startswith("L(w, b) = ") and r"\partial L}{\partial w}" in w[1]


def test_a_long_sum_is_broken_between_its_terms():
    expr = parse_expression("sin(3*x)*cos(2*y) + exp(-(x^2+y^2)/2) + 0.1*x^4 + y^3 - x*y").expr
    latex = broken_latex(expr, line_chars=30)
    lines = latex.split(r" \\ \quad ")
    assert len(lines) >= 2
    assert all(line.strip() for line in lines)
    assert broken_latex(parse_expression("x^2 + y").expr) == "x^{2} + y"
