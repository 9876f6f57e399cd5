"""parse_expression: the grammar, the values it means, parameters, and every typo's message and column.

Expected values are computed by hand here (explicit arithmetic or the math module), never with
the engine's own formulas.
"""

import math

import numpy as np
import pytest

from gradviz.engine.expression import ExpressionError, parse_expression


def value_at(text, x, y, **params):
    return float(parse_expression(text, params or None).value(x, y))


def error_of(text):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    return caught.value


# ---------------------------------------------------------------------------------------------
# Grammar and values

# (text, x, y, value computed by hand)
VALUES = [
    ("3", 0.0, 0.0, 3.0),
    ("0.5", 0.0, 0.0, 0.5),
    ("1e-3", 0.0, 0.0, 0.001),
    ("1E3", 0.0, 0.0, 1000.0),
    ("2.5e+2", 0.0, 0.0, 250.0),
    (".5", 0.0, 0.0, 0.5),
    ("5.", 0.0, 0.0, 5.0),
    ("x", 1.5, -2.0, 1.5),
    ("y", 1.5, -2.0, -2.0),
    ("pi", 0.0, 0.0, 3.141592653589793),
    ("e", 0.0, 0.0, 2.718281828459045),
    ("x + y", 1.5, -2.0, -0.5),
    ("x - y", 1.5, -2.0, 3.5),
    ("x * y", 1.5, -2.0, -3.0),
    ("x / y", 1.5, -2.0, -0.75),
    ("x ^ 3", 2.0, 0.0, 8.0),
    ("x ** 3", 2.0, 0.0, 8.0),
    ("x^0.5", 2.25, 0.0, 1.5),
    ("-x", 1.5, 0.0, -1.5),
    ("+x", 1.5, 0.0, 1.5),
    ("--x", 1.5, 0.0, 1.5),
    ("x - -y", 1.0, 2.0, 3.0),
    ("(x + 1) * (y - 1)", 2.0, 5.0, 12.0),
    # Precedence and associativity.
    ("-x^2", 3.0, 0.0, -9.0),
    ("-2^2", 0.0, 0.0, -4.0),
    ("(-2)^2", 0.0, 0.0, 4.0),
    ("2^3^2", 0.0, 0.0, 512.0),  # right-associative: 2^(3^2) = 2^9
    ("(2^3)^2", 0.0, 0.0, 64.0),
    ("2**3**2", 0.0, 0.0, 512.0),
    ("x^-1", 4.0, 0.0, 0.25),
    ("2^-2", 0.0, 0.0, 0.25),
    ("2*x^2", 3.0, 0.0, 18.0),
    ("1 + 2*3", 0.0, 0.0, 7.0),
    ("(1 + 2)*3", 0.0, 0.0, 9.0),
    ("8/4/2", 0.0, 0.0, 1.0),  # left-associative
    ("8-4-2", 0.0, 0.0, 2.0),
    ("2*3^2", 0.0, 0.0, 18.0),
    ("-x*y", 2.0, 3.0, -6.0),
    ("x*-y", 2.0, 3.0, -6.0),
    ("x^2^-1", 9.0, 0.0, 3.0),  # x^(2^-1) = sqrt(x)
    # Implicit products.
    ("2x", 3.0, 0.0, 6.0),
    ("2 x", 3.0, 0.0, 6.0),
    ("2(x+1)", 3.0, 0.0, 8.0),
    ("(x+1)(x-1)", 3.0, 0.0, 8.0),
    ("(x)2", 3.0, 0.0, 6.0),
    ("2x^2", 3.0, 0.0, 18.0),  # 2*(x^2), not (2x)^2
    ("3xy", 2.0, 5.0, 3.0),  # 'xy' is one name: a parameter, 1.0 by default
    ("2pi", 0.0, 0.0, 2 * 3.141592653589793),
    ("2exp(x)", 1.0, 0.0, 2 * 2.718281828459045),
    ("2e2x", 3.0, 0.0, 600.0),  # the number 2e2, times x
    ("sin(x)cos(y)", 0.5, 0.25, math.sin(0.5) * math.cos(0.25)),
    # Pasted unicode.
    ("x\u2212y", 5.0, 2.0, 3.0),  # minus sign
    ("2\u00d7x", 5.0, 0.0, 10.0),  # multiplication sign
    ("2\u00b7x", 5.0, 0.0, 10.0),  # middle dot
    ("x\u00f7y", 5.0, 2.0, 2.5),  # division sign
    ("x\u00b2", 3.0, 0.0, 9.0),  # superscript two
    ("x\u00b2 + y\u00b2", 3.0, 4.0, 25.0),
    ("x\u00b3", 2.0, 0.0, 8.0),
    ("\u03c0", 0.0, 0.0, 3.141592653589793),
    ("2\u03c0", 0.0, 0.0, 6.283185307179586),
    ("\u03c0x", 2.0, 0.0, 6.283185307179586),
    ("sin(2\u03c0x)", 0.125, 0.0, math.sin(math.pi / 4)),
    ("\u03c0(x+1)", 1.0, 0.0, 6.283185307179586),
    ("x\u00a0+\u00a0y", 1.0, 2.0, 3.0),  # no-break spaces
    ("  x\t+\ny  ", 1.0, 2.0, 3.0),
]


@pytest.mark.parametrize("text, x, y, expected", VALUES, ids=[v[0] for v in VALUES])
def test_value_matches_hand_computed(text, x, y, expected):
    assert value_at(text, x, y) == pytest.approx(expected, rel=1e-13, abs=1e-15)


# (text, x, value computed by hand with the math module or arithmetic)
FUNCTIONS = [
    ("sin(x)", 0.7, math.sin(0.7)),
    ("cos(x)", 0.7, math.cos(0.7)),
    ("tan(x)", 0.7, math.tan(0.7)),
    ("asin(x)", 0.7, math.asin(0.7)),
    ("acos(x)", 0.7, math.acos(0.7)),
    ("atan(x)", 0.7, math.atan(0.7)),
    ("sinh(x)", 0.7, math.sinh(0.7)),
    ("cosh(x)", 0.7, math.cosh(0.7)),
    ("tanh(x)", 0.7, math.tanh(0.7)),
    ("exp(x)", 0.7, math.exp(0.7)),
    ("log(x)", 0.7, math.log(0.7)),
    ("log2(x)", 8.0, 3.0),
    ("log10(x)", 1000.0, 3.0),
    ("sqrt(x)", 6.25, 2.5),
    ("abs(x)", -2.5, 2.5),
    ("abs(x)", 2.5, 2.5),
    ("sign(x)", -2.5, -1.0),
    ("sign(x)", 0.0, 0.0),
    ("sign(x)", 3.0, 1.0),
    ("min(x, 2)", 3.0, 2.0),
    ("max(x, 2)", 3.0, 3.0),
    ("max(x, 2, 5, -1)", 3.0, 5.0),
    ("min(x, 2, 5, -1)", 3.0, -1.0),
    ("max(1, x, 4)", 7.0, 7.0),
    ("softplus(x)", 0.7, math.log(1 + math.exp(0.7))),
    ("softplus(x)", -30.0, math.log1p(math.exp(-30.0))),
    ("sigmoid(x)", 0.7, 1 / (1 + math.exp(-0.7))),
    ("sigmoid(x)", -0.7, 1 / (1 + math.exp(0.7))),
    ("relu(x)", 0.7, 0.7),
    ("relu(x)", -0.7, 0.0),
    ("exp(log(x))", 0.7, 0.7),
    ("sqrt(x^2)", -3.0, 3.0),
    ("log(e)", 0.0, 1.0),
    ("sin(pi/6)", 0.0, 0.5),
    ("cos(x)^2 + sin(x)^2", 1.234, 1.0),
    ("sin (x)", 0.7, math.sin(0.7)),  # a space before '(' is fine
]


@pytest.mark.parametrize("text, x, expected", FUNCTIONS, ids=[f"{t}@{x}" for t, x, _ in FUNCTIONS])
def test_function_values(text, x, expected):
    assert value_at(text, x, 0.0) == pytest.approx(expected, rel=1e-13, abs=1e-15)


def test_softplus_is_stable_for_large_arguments():
    f = parse_expression("softplus(x)")
    assert float(f.value(800.0, 0.0)) == 800.0  # log(1 + exp(800)) = 800 + log(1 + e^-800)
    assert float(f.gradient(800.0, 0.0)[0]) == 1.0
    assert float(f.value(-800.0, 0.0)) == 0.0
    assert float(f.gradient(-800.0, 0.0)[0]) == 0.0


def test_sigmoid_is_stable_for_large_arguments():
    f = parse_expression("sigmoid(x)")
    assert float(f.value(800.0, 0.0)) == 1.0
    assert float(f.value(-800.0, 0.0)) == 0.0
    assert float(f.gradient(-800.0, 0.0)[0]) == 0.0
    assert float(f.gradient(800.0, 0.0)[0]) == 0.0


def test_rosenbrock_by_hand():
    f = parse_expression("(1-x)^2 + 100*(y-x^2)^2")
    # (1 - 0.5)^2 + 100 (2 - 0.25)^2 = 0.25 + 100 * 3.0625
    assert float(f.value(0.5, 2.0)) == pytest.approx(306.5, rel=1e-15)
    assert float(f.value(1.0, 1.0)) == 0.0


def test_text_is_kept_as_typed():
    assert parse_expression("  2x\u00b2 ").text == "  2x\u00b2 "


def test_values_are_broadcast_over_arrays():
    f = parse_expression("x*10 + y")
    out = f.value(np.array([1.0, 2.0, 3.0])[:, None], np.array([0.5, 0.25]))
    assert out.shape == (3, 2)
    np.testing.assert_array_equal(out, [[10.5, 10.25], [20.5, 20.25], [30.5, 30.25]])


# ---------------------------------------------------------------------------------------------
# Parameters

def test_other_names_are_parameters_in_order_of_appearance():
    f = parse_expression("b*x^2 + a*y + b + c_1*x + alpha2")
    assert f.parameters == ("b", "a", "c_1", "alpha2")
    assert f.params == {"b": 1.0, "a": 1.0, "c_1": 1.0, "alpha2": 1.0}


def test_constants_variables_and_functions_are_not_parameters():
    assert parse_expression("x + y + pi + e + sin(x) + max(x, y)").parameters == ()


def test_parameter_values_come_from_params():
    f = parse_expression("a*x + b*y", {"a": 2.0, "b": -3.0})
    assert f.params == {"a": 2.0, "b": -3.0}
    assert float(f.value(10.0, 100.0)) == 2.0 * 10.0 - 3.0 * 100.0


def test_missing_parameter_values_default_to_one():
    f = parse_expression("a*x + b*y", {"a": 2.0})
    assert f.params == {"a": 2.0, "b": 1.0}
    assert float(f.value(10.0, 100.0)) == 120.0


def test_params_for_absent_names_are_ignored():
    f = parse_expression("a*x", {"a": 3.0, "zeta": 7.0})
    assert f.parameters == ("a",)
    assert f.params == {"a": 3.0}
    assert float(f.value(2.0, 0.0)) == 6.0


def test_params_property_is_a_copy():
    f = parse_expression("a*x")
    f.params["a"] = 99.0
    assert f.params == {"a": 1.0}


def test_with_params_changes_values_and_shares_compiled_code():
    f = parse_expression("a*x^2 + b*y")
    g = f.with_params(a=3.0)
    assert g.params == {"a": 3.0, "b": 1.0}
    assert f.params == {"a": 1.0, "b": 1.0}  # the original is unchanged
    assert float(g.value(2.0, 5.0)) == 3.0 * 4.0 + 5.0
    assert float(f.value(2.0, 5.0)) == 4.0 + 5.0
    dfdx, dfdy = g.gradient(2.0, 5.0)
    assert (float(dfdx), float(dfdy)) == (2 * 3.0 * 2.0, 1.0)
    assert g.gradient_expr is f.gradient_expr  # the same compiled objects, not a re-parse
    assert g.text == f.text and g.parameters == f.parameters
    h = g.with_params(b=-1.0)
    assert h.params == {"a": 3.0, "b": -1.0}


def test_with_params_rejects_unknown_names():
    f = parse_expression("a*x")
    with pytest.raises(ValueError, match="zeta"):
        f.with_params(zeta=1.0)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "two", None])
def test_parameter_values_must_be_finite_numbers(bad):
    with pytest.raises(ValueError):
        parse_expression("a*x", {"a": bad})
    with pytest.raises(ValueError):
        parse_expression("a*x").with_params(a=bad)


def test_parameter_names_up_to_sixteen_characters():
    name = "abcdefghijklmnop"
    assert len(name) == 16
    assert parse_expression(f"{name}*x").parameters == (name,)
    err = error_of(f"x + {name}q")
    assert err.column == 4
    assert "too long" in err.message


def test_calling_an_unknown_name_is_an_error_not_a_parameter():
    err = error_of("x + foo(x)")
    assert (err.message, err.column) == ("unknown function 'foo'", 4)


def test_a_parameter_called_like_a_function_is_an_error():
    err = error_of("a*x + a(y)")
    assert err.message.startswith("unknown function 'a'")
    assert err.column == 6


# ---------------------------------------------------------------------------------------------
# Mistakes: message in plain words and the 0-based column of the problem

# (text, exact message, column)
ERRORS = [
    # Empty input.
    ("", "the expression is empty", 0),
    ("   ", "the expression is empty", 0),
    # Parentheses.
    ("sin(x", "missing ')'", 5),
    ("(x + 1", "missing ')'", 6),
    ("((x)", "missing ')'", 4),
    ("max(x, y", "missing ')'", 8),
    ("sin(x))", "unmatched ')'", 6),
    ("x)", "unmatched ')'", 1),
    ("(x))(", "unmatched ')'", 3),
    ("()", "empty parentheses", 0),
    ("x * ()", "empty parentheses", 4),
    ("sin()", "sin() needs an argument", 4),
    (")x", "expected a number, a name or '(' at the start, not ')'", 0),
    # Operators in a row, leading and trailing operators.
    ("x+*y", "expected a number, a name or '(' after '+'", 2),
    ("x*/y", "expected a number, a name or '(' after '*'", 2),
    ("x^^2", "expected a number, a name or '(' after '^'", 2),
    ("x // 2", "expected a number, a name or '(' after '/'", 3),
    ("x+", "expected a number, a name or '(' after '+'", 2),
    ("x + 2 *", "expected a number, a name or '(' after '*'", 7),
    ("x^", "expected a number, a name or '(' after '^'", 2),
    ("x**", "expected a number, a name or '(' after '^'", 3),
    ("*x", "expected a number, a name or '(' at the start, not '*'", 0),
    ("/x", "expected a number, a name or '(' at the start, not '/'", 0),
    ("^2", "expected a number, a name or '(' at the start, not '^'", 0),
    ("-", "expected a number, a name or '(' after '-'", 1),
    ("---------x", "too many signs in a row (at most 8)", 8),
    # Two operands with nothing between them.
    ("x y", "missing operator between 'x' and 'y'", 2),
    ("2 3", "missing operator between '2' and '3'", 2),
    ("x 2", "missing operator between 'x' and '2'", 2),
    ("max(x y)", "missing operator between 'x' and 'y'", 6),
    ("pi x", "missing operator between 'pi' and 'x'", 3),
    # Functions.
    ("sine(x)", "unknown function 'sine'", 0),
    ("x + Sin(x)", "unknown function 'Sin'", 4),
    ("x(y + 1)", "unknown function 'x': write x*(...) for a product", 0),
    ("pi(x)", "unknown function 'pi': write pi*(...) for a product", 0),
    ("sin", "'sin' is a function: write sin(...)", 0),
    ("sin x", "'sin' is a function: write sin(...)", 0),
    ("2 + exp", "'exp' is a function: write exp(...)", 4),
    ("max", "'max' is a function: write max(...)", 0),
    # Argument counts.
    ("sin(x, y)", "sin() takes 1 argument, not 2", 0),
    ("x + log(x, 2)", "log() takes 1 argument, not 2", 4),
    ("max(x)", "max() takes at least 2 arguments, not 1", 0),
    ("1 + min(y)", "min() takes at least 2 arguments, not 1", 4),
    ("sin(,x)", "expected a number, a name or '(' after '('", 4),
    ("max(x,,y)", "expected a number, a name or '(' after ','", 6),
    ("max(x,)", "expected a number, a name or '(' after ','", 6),
    # Bad numbers.
    ("1e", "expected a number after 'e'", 2),
    ("2e+", "expected a number after 'e'", 3),
    ("2E-", "expected a number after 'E'", 3),
    ("x + 3e-y", "expected a number after 'e'", 7),
    ("1.2.3", "missing operator between '1.2' and '.3'", 3),
    (".", "unexpected '.'", 0),
    ("x + .", "unexpected '.'", 4),
    ("1_000", "a name must start with a letter", 1),
    # Characters that are not part of the grammar.
    ("x \u00e9", "unexpected character '\u00e9'", 2),
    ("\u00e9", "unexpected character '\u00e9'", 0),
    ("x + \uff59", "unexpected character '\uff59'", 4),  # full-width y
    ("x\u00b9", "unexpected character '\u00b9'", 1),  # superscript one is not supported
    ("1\u00b9", "unexpected character '\u00b9'", 1),
    ("\u0663", "unexpected character '\u0663'", 0),  # Arabic-Indic digit three
    ("x % 2", "unexpected character '%'", 2),
    ("x!", "unexpected character '!'", 1),
    ("x < y", "unexpected character '<'", 2),
    ("x[0]", "unexpected '[': use ( and ) for grouping", 1),
    ("{x}", "unexpected '{': use ( and ) for grouping", 0),
    # '=' typed.
    ("f = x^2", "unexpected '=': type only the right-hand side of f(x, y) = ...", 2),
    ("x == y", "unexpected '=': type only the right-hand side of f(x, y) = ...", 2),
    # Commas outside calls.
    ("x, y", "unexpected ','", 1),
    ("(x, y)", "unexpected ','", 2),
    ("x,", "unexpected ','", 1),
    ("sin(x), y", "unexpected ','", 6),
    # Constants that are not real, finite numbers.
    ("1/0", "division by zero", 1),
    ("x / (y - y)", "division by zero", 2),
    ("0^-1", "division by zero (0 to a negative power)", 1),
    ("log(-1)", "log(...) of this constant is not a real number", 0),
    ("x + sqrt(-4)", "sqrt(...) of this constant is not a real number", 4),
    ("asin(2)", "asin(...) of this constant is not a real number", 0),
    ("(-8)^(1/3)", "this power is not a real number", 4),
    ("exp(1000)", "exp(...) of this constant is too large", 0),
    ("1e101", "number too large (at most 1e+100)", 0),
    ("x + 1e-400", "number too small: it would be 0 in double precision", 4),
    ("2.5E-9999999*y", "number too small: it would be 0 in double precision", 0),
    ("exp(300)", "exp(...) of this constant is too large", 0),
    ("(-1)^x", "a negative number to a variable power is not a real number", 4),
    ("0x10", "'0x10' is not a number (gradviz reads decimal numbers); write 0*x10 for a product", 0),
]


@pytest.mark.parametrize("text, message, column", ERRORS, ids=[repr(e[0]) for e in ERRORS])
def test_mistake_message_and_column(text, message, column):
    err = error_of(text)
    assert (err.message, err.column) == (message, column)
    assert 0 <= err.column <= len(text)


def test_error_str_carries_message_and_column():
    err = error_of("sine(x)")
    assert isinstance(err, ValueError)
    assert "unknown function 'sine'" in str(err)
    assert "column 0" in str(err)


def test_non_text_is_an_expression_error():
    for bad in (None, 3.0, b"x"):
        with pytest.raises(ExpressionError) as caught:
            parse_expression(bad)
        assert caught.value.column == 0


def test_error_column_points_into_the_source_with_pasted_characters_before_it():
    # '\u00b2' expands to two tokens and '\u03c0' to a name: columns still count source characters.
    err = error_of("x\u00b2 + \u03c0 + sine(y)")
    assert (err.message, err.column) == ("unknown function 'sine'", 9)
    err = error_of("x\u00b2 + \u03c0x + 1/0")  # found after parsing, mapped back to the source
    assert (err.message, err.column) == ("division by zero", 11)


def test_error_column_after_power_operator_written_as_two_stars():
    err = error_of("x**2 + 2**")
    assert err.column == 10
