"""LaTeX for the typeset formulas: f and its gradient from sympy, the update rules from the
inspector's own unicode."""

import pytest

from gradviz.engine.expression import parse_expression
from gradviz.engine.names import REGRESSION
from gradviz.engine.typeset import function_latex, rule_latex, text_latex


@pytest.mark.parametrize("text, latex", [
    ("m̂ = m/(1−β₁ᵗ)", r"\hat{m} = \frac{m}{1 - \beta_{1}^{t}}"),
    ("x ← x − lr·m̂/(√v̂+ε)",
     r"x \leftarrow x - \frac{\mathrm{lr} \cdot \hat{m}}{\sqrt{\hat{v}} + \varepsilon}"),
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


@pytest.mark.parametrize("text, latex", [
    ("-400*x*(-x^2 + y) + 2*x - 2", r"{-}400 x \left({-}x^{2} + y\right) + 2 x - 2"),
    ("(1-x)^2 + 100*(y-x^2)^2", r"\left(1 - x\right)^{2} + 100 \left(y - x^{2}\right)^{2}"),
    ("x^2/2 + exp(-(x^2+y^2)/2)", r"\frac{x^{2}}{2} + e^{{-}\frac{x^{2} + y^{2}}{2}}"),
    ("sqrt(abs(x))*sin(3*x)^2", r"\sqrt{\left|x\right|} \sin^{2}\left(3 x\right)"),
    ("2*3*x", r"2 \cdot 3 x"),
    ("alpha*x^-1 + 1e-3*softplus(y)",
     r"\alpha x^{{-}1} + 1 \cdot 10^{-3} \operatorname{softplus}\left(y\right)"),
    ("x**2 + log(y)", r"x^{2} + \ln\left(y\right)"),
])
def test_text_latex(text, latex):
    assert text_latex(text) == latex


def test_text_that_is_not_a_formula_is_refused():
    for text in ("x +", "(x", "x $ y", "x)"):
        with pytest.raises(ValueError):
            text_latex(text)


def test_function_latex_of_rosenbrock():
    obj = parse_expression("(1-x)^2 + 100*(y-x^2)^2")
    f, dfdx, dfdy = function_latex(obj)
    assert f == r"f(x, y) = \left(1 - x\right)^{2} + 100 \left(y - x^{2}\right)^{2}"
    assert dfdx == (r"\frac{\partial f}{\partial x} = {-}400 x \left({-}x^{2} + y\right)"
                    r" + 2 x - 2")
    assert dfdy == r"\frac{\partial f}{\partial y} = {-}200 x^{2} + 200 y"
    w = function_latex(obj, REGRESSION)   # names only
    assert w[0].startswith("L(w, b) = ") and r"\partial L}{\partial w}" in w[1]


def test_a_long_sum_is_broken_between_its_terms():
    text = "sin(3*x)*cos(2*y) + exp(-(x^2+y^2)/2) + 0.1*x^4 + y^3 - x*y"
    lines = text_latex(text, line_chars=20).split(r" \\ \quad ")
    assert len(lines) >= 3
    assert lines[1].startswith("+ ") and lines[-1].endswith("- x y")
    assert text_latex("x^2 + y", line_chars=20) == "x^{2} + y"


def test_brackets_nested_deeper_than_the_limit_are_plain_ones():
    """ziamath's time doubled with each level of stretchy brackets (tanh 8 deep: 0.8 s, its
    gradient seconds: the typesetter's thread starved the window of Python's lock); past
    STRETCH_DEPTH levels every bracket of the formula is a plain one, as cheap at any depth."""
    from gradviz.engine.typeset import STRETCH_DEPTH, text_latex

    shallow = text_latex("tanh(x*y + " * STRETCH_DEPTH + "x" + ")" * STRETCH_DEPTH)
    assert shallow.count("\\left(") == STRETCH_DEPTH == shallow.count("\\right)")
    deep = text_latex("tanh(x*y + " * (STRETCH_DEPTH + 1) + "x" + ")" * (STRETCH_DEPTH + 1))
    assert "\\left" not in deep and "\\right" not in deep
    assert deep == "\\tanh(x y + " * (STRETCH_DEPTH + 1) + "x" + ")" * (STRETCH_DEPTH + 1)
    assert text_latex("abs(abs(abs(abs(x))))") == "||||x||||"
    assert text_latex("m̂ ← m") == "\\hat{m} \\leftarrow m"   # an arrow is no bracket
