"""Printed formulas: the presets' stored gradient text matches what the printer gives, and
printing is bounded (too long by size, or past its deadline: "(too long to print)")."""

import time

from gradviz.engine import preset_formulas, symbolic
from gradviz.engine.expression import parse_expression
from gradviz.engine.presets import PRESETS


def test_stored_preset_gradients_are_what_the_printer_prints():
    printed = {p.expression: parse_expression(p.expression + " ").print_gradient(time.monotonic() + 30)
               for p in PRESETS.values()}
    table = "".join(f"    {text!r}:\n        {printed[text]!r},\n" for text in printed)
    assert preset_formulas.GRADIENT_TEXT == printed, f"paste into preset_formulas.py:\n{table}"


def test_a_preset_prints_its_gradient_without_sympy(fresh_python):
    code = ("import sys\n"
            "from gradviz.engine.expression import parse_expression\n"
            "from gradviz.engine.presets import PRESETS\n"
            "f = parse_expression(PRESETS['rosenbrock'].expression)\n"
            "print(f.gradient_text[1], f.value(1.0, 1.0))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sympy'))\n")
    result = fresh_python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["-200*x^2 + 200*y 0.0", "[]"]


def test_a_formula_too_long_to_write_out_is_not_printed():
    # tanh nested 16 deep: the gradient shares every level (a few dozen nodes), but written out
    # as text each level repeats the one inside it, far past what anyone could read.
    f = parse_expression("tanh(x*y+" * 15 + "tanh(x*y)" + ")" * 15)
    start = time.process_time()
    assert f.gradient_text == (symbolic.TOO_LONG, symbolic.TOO_LONG)
    assert time.process_time() - start < 0.5


def test_printing_past_its_deadline_gives_too_long_and_is_tried_again_later():
    f = parse_expression("sin(x)*cos(y) + x^3")
    assert f.print_gradient(deadline=time.monotonic() - 1) == (symbolic.TOO_LONG, symbolic.TOO_LONG)
    assert f.print_gradient(deadline=time.monotonic() + 30) == ("3*x^2 + cos(x)*cos(y)", "-sin(x)*sin(y)")
    assert f.gradient_text == ("3*x^2 + cos(x)*cos(y)", "-sin(x)*sin(y)")  # kept
