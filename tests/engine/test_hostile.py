"""Hostile and pathological input: everything is refused with an ExpressionError or a
SessionError in one plain line, quickly, and nothing the parser accepts is slow to prepare
(parse, derivative, compile) or unsafe to evaluate.

The time bounds here are CPU time with generous margins (the engine needs milliseconds:
tests/engine/formula_corpus.py measures it): they catch an exponential blow-up or a
computation of 9^9^9, not a slow machine. Cases that once hung run in a child process that is
cut off after HANG_SECONDS.
"""

import gc
import math
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings, target
from hypothesis import strategies as st

import hostile_sessions
from gradviz.engine.expression import MAX_POWER_NESTING, ExpressionError, parse_expression
from gradviz.engine.tokens import MAX_DEPTH, MAX_LENGTH, MAX_NAME, MAX_SIGNS, MAX_TOKENS, tokenize

# Bounds on CPU time (time.process_time), not wall time: they guard against runaway computations
# (a power tower, an exponential derivative), and CPU time does not grow when other processes
# share the machine. Speed itself is measured by tests/engine/formula_corpus.py and `gradviz
# bench`, not here. The target is 50 ms at the 99th percentile and 200 ms at the worst; the
# engine measures under 10 ms at the worst; PREPARE_SECONDS leaves room for a busy machine.
REJECT_SECONDS = 0.5  # a refusal measures under 5 ms; 0.129 s was seen once under load 4
PREPARE_SECONDS = 0.5
HANG_SECONDS = 30.0  # wall-clock cut-off of the child process: it did not finish at all


@pytest.fixture(scope="module", autouse=True)
def warm_up():
    # The first formulas of a process pay for imports; time the engine, not that.
    for text in ("x/(y-y)", "sin(x)^2 + max(x, y)", "log(-1)", "2^0.5", "exp(710)"):
        try:
            parse_expression(text)
        except ExpressionError:
            pass


def rejected_quickly(text):
    start = time.process_time()
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    elapsed = time.process_time() - start
    assert elapsed < REJECT_SECONDS, f"{elapsed:.3f} s to reject"
    err = caught.value
    assert isinstance(err.message, str) and err.message
    assert 0 <= err.column <= len(text)
    return err


# ---------------------------------------------------------------------------------------------
# One test per hostile input

HOSTILE = {
    # Computations that would never finish.
    "power tower 9^9^9": "9^9^9",
    "power tower 2^2^2^2^2^2": "2^2^2^2^2^2",
    "power tower 10^10^10": "10^10^10",
    "tower of 99999999": "99999999^99999^99999",
    "huge power 99999999^99999": "99999999^99999",
    "huge literal 1e400": "1e400",
    "huge literal 1e1000000": "1e1000000",
    "huge power 10^400": "10^400",
    "huge power 0.1^-1000": "0.1^-1000",
    "huge product 1e99*1e99": "1e99*1e99",
    "huge product 10^100*10^100": "10^100*10^100",
    "huge power e^1000": "e^1000",
    "huge exp chain": "exp(exp(exp(exp(10))))",
    "huge integer literal": "9" * 400,
    "exponent beyond the limit": "x^10000",
    "exponent is a huge literal": "x^1e400",
    "factorial of 10^8": "factorial(10^8)",
    # Size and depth.
    "10,000 nested parentheses": "(" * 10000 + "x" + ")" * 10000,
    "33 nested parentheses": "(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1),
    "40 nested calls": "sin(" * 40 + "x" + ")" * 40,
    "100,000 unary minuses": "-" * 100000 + "x",
    "nine unary minuses": "-" * (MAX_SIGNS + 1) + "x",
    "alternating signs": "+-" * 5 + "x",
    "very long name": "a" * 100000,
    "name of 17 characters": "a" * (MAX_NAME + 1),
    "1000 characters of name": "a" * 999,
    "long sum": "x" + "+x" * 300,
    "300 arguments": "max(" + "x," * 300 + "x)",
    "1000 stars": "*" * 1000,
    # Python object access.
    "attribute": "x.__class__",
    "attribute after space": "x .real",
    "attribute chain": "().__class__.__bases__",
    "subclasses": "().__class__.__bases__[0].__subclasses__()",
    "mro walk": "x.__class__.__mro__[1].__subclasses__()",
    "method": "sin.__call__(x)",
    "dunder name": "__class__",
    "builtins": "__builtins__",
    "import": "__import__('os')",
    "import system": "__import__('os').system('ls')",
    "underscore name": "_x",
    "getattr": "getattr(x, 'y')",
    "globals": "globals()",
    "open": "open('/etc/passwd')",
    "eval": "eval('1')",
    "exec": "exec('1')",
    "print": "print(1)",
    "sympy name": "Symbol('x')",
    # Python syntax that is not arithmetic.
    "lambda": "lambda: 1",
    "called lambda": "(lambda: 1)()",
    "list comprehension": "[x for x in (1,2)]",
    "generator": "(x for x in y)",
    "dict": "{x: 1}",
    "subscript": "x[0]",
    "single-quoted string": "'abc'",
    "double-quoted string": '"abc"',
    "f-string": "f'{x}'",
    "bytes": "b'x'",
    "keyword argument": "max(x, key=y)",
    "keyword argument to sin": "sin(x=1)",
    "star argument": "max(x, *y)",
    "double star argument": "sin(**x)",
    "walrus": "(x:=1)",
    "conditional": "x if y else 1",
    "and": "x and y",
    "not": "not x",
    "comparison": "x == y",
    "less than": "x < y",
    "matrix product": "x @ y",
    "modulo": "x % y",
    "floor division": "x // y",
    "statement": "x; import os",
    "newline statement": "x\nimport os",
    "comment": "x # comment",
    "await": "await x",
    "yield": "yield x",
    "backslash": "\\",
    "tuple": "(x, y)",
    # Characters.
    "null byte": "x\x00",
    "right-to-left override": "\u202ex",
    "escape sequence": "\x1b[31m",
    "full-width letter": "\uff58",
    "mathematical italic x": "\U0001d465",
    "combining accent": "x\u0301",
    "superscript one": "x\u00b9",
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_input_is_rejected_quickly(text):
    rejected_quickly(text)


def test_too_long_input_points_at_the_limit():
    err = rejected_quickly("-" * 100000 + "x")
    assert err.column == MAX_LENGTH
    err = rejected_quickly("(" * 10000 + "x" + ")" * 10000)
    assert err.column == MAX_LENGTH


def test_too_deep_nesting_points_at_the_first_parenthesis_too_many():
    err = rejected_quickly("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    assert err.column == MAX_DEPTH


def test_power_tower_errors_point_at_an_operator():
    for text in ("9^9^9", "2^2^2^2^2^2", "99999999^99999"):
        err = rejected_quickly(text)
        assert text[err.column] == "^", (text, err.column)


def test_limits_themselves_are_accepted():
    # Exactly at each limit is fine: the limits refuse only what goes beyond them.
    parse_expression("(" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1))
    parse_expression("sin(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH)
    parse_expression("-" * MAX_SIGNS + "x")
    parse_expression("a" * MAX_NAME + "*x")
    parse_expression("x^y^x^y")  # powers nested MAX_POWER_NESTING deep
    assert MAX_POWER_NESTING == 3
    parse_expression("x^1000")
    parse_expression("1e100")
    parse_expression("+".join(["x"] * ((MAX_TOKENS + 1) // 2)))


def test_python_looking_numbers_are_refused_or_mean_arithmetic():
    # 0x10 is not hexadecimal 16, nor 0 times a parameter x10: refused, pointing at it.
    for text, column in {"0x10": 0, "0b101": 0, "0o17": 0, "2x2": 0, "y + 0x1F": 4}.items():
        err = rejected_quickly(text)
        assert "is not a number" in err.message and err.column == column, (text, err.message)
    assert error_of_text("0x10").message == ("'0x10' is not a number (gradviz reads decimal numbers); "
                                             "write 0*x10 for a product")
    # 1j reads as 1 times the parameter j (documented: a number glued to a plain name).
    f = parse_expression("1j")
    assert f.parameters == ("j",)
    assert float(f.value(0.0, 0.0)) == 1.0
    assert parse_expression("2 x10").parameters == ("x10",)   # written apart: a product
    assert parse_expression("2log10(x)").parameters == ()      # a function is no name


def test_a_parameter_glued_to_a_pasted_pi_is_refused():
    err = rejected_quickly("ex\u03c0(x)")
    assert (err.message, err.column) == ("'ex\u03c0' is not a name: write ex*\u03c0 for a product", 0)
    assert rejected_quickly("1 + a\u03c0").column == 4
    # x, y, e and numbers next to π still read as products.
    assert float(parse_expression("x\u03c0").value(2.0, 0.0)) == 2 * math.pi
    assert float(parse_expression("e\u03c0").value(0.0, 0.0)) == math.e * math.pi
    assert parse_expression("a \u03c0").parameters == ("a",)


def error_of_text(text):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    return caught.value


# ---------------------------------------------------------------------------------------------
# Random accepted expressions: compile quickly, evaluate without raising or warning

NUMBERS = ["2", "3", "0.5", "1e-3", "2.5", "10", "pi", "e"]
LEAVES = ["x", "y", "x", "y", "a", "b"] + NUMBERS
ONE_ARGUMENT = ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "log",
                "log2", "log10", "sqrt", "abs", "sign", "softplus", "sigmoid", "relu"]
MANY_ARGUMENTS = ["min", "max"]
EXPONENTS = ["2", "3", "0.5", "-1", "-2", "x", "y", "a"]

# Messages for constant subexpressions that a random tree can produce by chance (x/(y-y),
# log(2-3), 10^(10*10*10)): the generator cannot rule them out, so such examples are skipped.
# Any other rejection means the generator broke a documented limit or the parser is wrong.
CONSTANT_TROUBLE = ("division by zero", "not a real number", "too large", "number too small")


@st.composite
def trees(draw, depth, powers=0, budget=None):
    """Expression text whose parentheses nest at most ``depth`` deep and whose powers nest at
    most MAX_POWER_NESTING deep in exponents; ``budget`` (a one-item list) caps the node count."""
    budget = budget if budget is not None else [draw(st.integers(1, 60))]
    budget[0] -= 1
    if depth <= 0 or budget[0] <= 0 or draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(LEAVES))
    kind = draw(st.sampled_from(["call", "call", "many", "binary", "binary", "power", "sign", "implicit"]))
    sub = trees(depth - 1, powers, budget)
    if kind == "call":
        return f"{draw(st.sampled_from(ONE_ARGUMENT))}({draw(sub)})"
    if kind == "many":
        args = [draw(sub) for _ in range(draw(st.integers(2, 4)))]
        return f"{draw(st.sampled_from(MANY_ARGUMENTS))}({', '.join(args)})"
    if kind == "binary":
        return f"({draw(sub)}) {draw(st.sampled_from(['+', '-', '*', '/']))} ({draw(sub)})"
    if kind == "power":
        if powers >= MAX_POWER_NESTING:
            exponent = draw(st.sampled_from(["2", "3", "0.5", "-1"]))
        elif draw(st.booleans()):
            exponent = draw(st.sampled_from(EXPONENTS))
        else:
            exponent = draw(trees(depth - 1, powers + 1, budget))
        return f"({draw(sub)})^({exponent})"
    if kind == "sign":
        return f"{draw(st.sampled_from(['-', '+', '--']))}({draw(sub)})"
    return f"{draw(st.sampled_from(['2', '0.5']))}({draw(sub)})"  # implicit product


@st.composite
def deep_chains(draw):
    """Functions nested to the depth limit, each level mixing x and y into its argument."""
    depth = draw(st.integers(MAX_DEPTH - 4, MAX_DEPTH))
    text = draw(st.sampled_from(["x", "y", "x*y"]))
    for _ in range(depth):
        name = draw(st.sampled_from(ONE_ARGUMENT))
        glue = draw(st.sampled_from(["", "x*", "y+", "x*y*", "x-", "0.5*"]))
        candidate = f"{name}({glue}{text})"
        if len(candidate) > MAX_LENGTH:
            break
        text = candidate
    return text


@st.composite
def long_sums(draw):
    terms = [draw(st.sampled_from(["x", "y", "x*y", "sin(x)", "x^2", "a*y", "exp(y)", "abs(x)", "relu(y)", "max(x, y)"]))
             for _ in range(draw(st.integers(20, 120)))]
    return " + ".join(terms)


@st.composite
def long_products(draw):
    factors = [draw(st.sampled_from(["(x + 1.5)", "sin(y)", "(x - y)", "x", "y", "(1 + x^2)", "cosh(x)", "sigmoid(y)"]))
               for _ in range(draw(st.integers(10, 70)))]
    return "*".join(factors)


@st.composite
def nested_min_max(draw):
    text = draw(st.sampled_from(["x", "y"]))
    for _ in range(draw(st.integers(5, MAX_DEPTH))):
        name = draw(st.sampled_from(MANY_ARGUMENTS))
        others = draw(st.lists(st.sampled_from(["x", "y", "x*y", "sin(x)", "2", "-y"]), min_size=1, max_size=3))
        text = f"{name}({', '.join([text, *others])})"
    return text


@st.composite
def power_towers(draw):
    parts = draw(st.lists(st.sampled_from(["x", "y", "exp(x)", "sin(y)", "(x*y)", "cos(x)", "(x + y)", "2", "a"]),
                          min_size=2, max_size=MAX_POWER_NESTING + 1))
    return "^".join(parts)


@st.composite
def many_parameters(draw):
    count = draw(st.integers(10, 60))
    length = draw(st.integers(1, MAX_NAME - 3))
    names = [f"p{i:02d}{'q' * (length - 1)}"[:MAX_NAME] for i in range(count)]
    terms = [f"{n}*{draw(st.sampled_from(['x', 'y', 'x^2', 'sin(y)']))}" for n in names]
    text = " + ".join(terms)
    while len(text) > MAX_LENGTH:
        terms.pop()
        text = " + ".join(terms)
    return text


ACCEPTED = st.one_of(trees(MAX_DEPTH // 4), trees(MAX_DEPTH), deep_chains(), long_sums(), long_products(),
                     nested_min_max(), power_towers(), many_parameters())

# Shapes found by hand to be the slowest to prepare when sympy differentiated (its work grew
# with nesting); the engine's own graph takes each in milliseconds.
WORST_CASES = [
    "exp(x*y*" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1),
    "sigmoid(x*" * (MAX_DEPTH - 1) + "y" + ")" * (MAX_DEPTH - 1),
    "tan(x+y*" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1),
    "sqrt(x+y*" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1),
    "log(1+x^2*" * (MAX_DEPTH - 1) + "y" + ")" * (MAX_DEPTH - 1),
    "softplus(x-y*" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1),
    "abs(x-y*" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1),
    "max(sin(x)," * (MAX_DEPTH - 1) + "y" + ")" * (MAX_DEPTH - 1),
    "tanh(" * MAX_DEPTH + "x*y" + ")" * MAX_DEPTH,
    "tanh(x*y+" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1),
    "cosh(sinh(" * (MAX_DEPTH // 2) + "x*y" + "))" * (MAX_DEPTH // 2),
    "min(" + ",".join(f"sin({i}x+y)" for i in range(44)) + ")",
    "min(" + ",".join(f"max(x,{i}y)" for i in range(40)) + ")",
    "max(" + ",".join(["x", "y"] * 95) + ")",
    "(sin(x)+y)^(cos(y)+x)^(x*y)^(x+y)",
    "exp(sin(x)^cos(y)^tan(x)^x)",
    " + ".join(f"p{i}*x^{i % 5}" for i in range(45)),
    "log2(y)^sinh(sinh(a)/(x+1)(tan(a^77)))*k2",
]

SAMPLE_X = np.array([-3.0, -1.0, -0.5, 0.0, 1e-300, 0.5, 1.0, 2.0, 50.0, 800.0, -800.0, np.inf, np.nan])


def compile_and_evaluate(text):
    """Parse ``text`` within the compile bound; evaluate it everywhere without raising or warning."""
    start = time.process_time()
    try:
        f = parse_expression(text, {"a": 0.7})
    except ExpressionError as err:
        assert any(words in err.message for words in CONSTANT_TROUBLE), (text, err.message, err.column)
        assume(False)
    elapsed = time.process_time() - start
    assert elapsed < PREPARE_SECONDS, f"{elapsed:.2f} s to compile {text!r}"
    x, y = SAMPLE_X[:, None], SAMPLE_X[None, :]
    # numpy's default error handling (warn), every warning an error: the engine must silence its own.
    with warnings.catch_warnings(), np.errstate(divide="warn", over="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("error")
        v, dfdx, dfdy = f.value_and_gradient(x, y)
        gx, gy = f.gradient(1.25, -0.75)
        f.value(0.0, 0.0)
        if "a" in f.parameters:
            f.with_params(a=-2.0).value(x, y)
    for out in (v, dfdx, dfdy):
        assert out.shape == (SAMPLE_X.size, SAMPLE_X.size) and out.dtype == np.float64
    assert type(gx) is np.float64 and type(gy) is np.float64
    if len(text) <= 300:  # printing is lazy and costs more than compiling on the largest inputs
        for part in f.gradient_text:
            for word in ("**", "Abs(", "Heaviside", "DiracDelta", "zoo", "nan", "cot(", "Max(", "Min("):
                assert word not in part, (text, part)
    return f


@pytest.mark.parametrize("text", WORST_CASES, ids=[t[:24] for t in WORST_CASES])
def test_worst_known_shapes_compile_within_the_bound(text):
    assert len(text) <= MAX_LENGTH and len(tokenize(text)) <= MAX_TOKENS
    compile_and_evaluate(text)


@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(ACCEPTED)
@example("(1-x)^2 + 100*(y-x^2)^2")
@example("sin(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH)
@example("x^y^x^y")
def test_random_accepted_expressions_compile_quickly_and_evaluate_silently(text):
    assume(len(text) <= MAX_LENGTH and len(tokenize(text)) <= MAX_TOKENS)
    compile_and_evaluate(text)


# Formulas that once hung or crashed gradviz, each with what it did (issue 15 and before). They
# run in one child process that is cut off after HANG_SECONDS, so a regression fails the test
# instead of hanging the suite; each must be prepared or refused within PREPARE_SECONDS of CPU.
ONCE_HUNG = {
    # sympy.Float read these digit by digit: 1e-9999999 took over 60 s.
    "1e-9999999*x": "number too small", "x*0e-99999999999": None, "sin(1e-99999999)": "number too small",
    "x^(1e-99999999)": "number too small", "2.5E-9999999": "number too small",
    # Nested tanh, exponential in sympy: 12 deep over 280 s, tanh(x*y+tanh(...)) 8 deep 9.8 s.
    "tanh(" * 12 + "x*y" + ")" * 12: None,
    "tanh(" * MAX_DEPTH + "x*y" + ")" * MAX_DEPTH: None,
    "tanh(x*y+" * 8 + "x" + ")" * 8: None,
    "tanh(x*y+" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1): None,
    "log2(y)^sinh(sinh(a)/(x+1)(tan(a^77)))*k2": None,  # 2.7 s
    # sympy's assumption queries on nested arguments: 10 s to over a minute.
    "log2(x*y*cosh(0.5*sqrt(x*sqrt(y+sin(atan(x-asin(abs(x-log10(x*y*sin(x*cosh(x*tan(x*sinh("
    "x*log2(x-sqrt(x*y*log2(x*y*x*y))))))))))))))))": None,
    # ValueError: cannot compile ImaginaryUnit.
    "(-1)^x": "a negative number to a variable power", "(-2)^y": "a negative number to a variable power",
    "tanh(-1)^x": "a negative number to a variable power",
}


def test_formulas_that_once_hung_are_prepared_or_refused_quickly():
    code = (
        "import json, sys, time\n"
        "from gradviz.engine.expression import ExpressionError, parse_expression\n"
        "parse_expression('x')\n"
        "for text in json.loads(sys.argv[1]):\n"
        "    start = time.process_time()\n"
        "    try:\n"
        "        parse_expression(text).gradient(0.5, 0.5)\n"
        "        outcome = None\n"
        "    except ExpressionError as error:\n"
        "        outcome = error.message\n"
        "    print(json.dumps([time.process_time() - start, outcome]), flush=True)\n"
    )
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(repo), os.environ.get("PYTHONPATH", "")])}
    import json

    try:
        done = subprocess.run([sys.executable, "-c", code, json.dumps(list(ONCE_HUNG))], env=env,
                              capture_output=True, text=True, timeout=HANG_SECONDS)
    except subprocess.TimeoutExpired as stopped:
        finished = (stopped.stdout or b"").count(b"\n")
        pytest.fail(f"still preparing {list(ONCE_HUNG)[finished]!r} after {HANG_SECONDS:.0f} s")
    assert done.returncode == 0, done.stderr
    for (text, expected), line in zip(ONCE_HUNG.items(), done.stdout.splitlines(), strict=True):
        seconds, outcome = json.loads(line)
        assert seconds < PREPARE_SECONDS, (text, seconds)
        if expected is None:
            assert outcome is None, (text, outcome)
        else:
            assert outcome is not None and expected in outcome, (text, outcome)


def test_complex_valued_powers_are_refused_at_their_operator():
    for text in ("(-1)^x", "(-2)^y", "tanh(-1)^x", "(1 - 2)^(x*y)", "(y - y - 3)^x"):
        err = rejected_quickly(text)
        assert err.message == "a negative number to a variable power is not a real number"
        assert text[err.column] == "^", text
    # A negative base to a constant or a parameter power is real where it has a value.
    assert float(parse_expression("(-2)^3 + x").value(0.0, 0.0)) == -8.0
    assert float(parse_expression("(-2)^k * x", {"k": 2.0}).value(1.0, 0.0)) == 4.0


def test_control_characters_and_surrogates_are_never_shown_raw():
    for text, shown in (("x\x1b[2J", "U+001B"), ("x\ud800", "U+D800"), ("\u202ex", "U+202E"),
                        ("x + \x9b", "U+009B"), ("x\x7f", "U+007F")):
        err = rejected_quickly(text)
        assert shown in err.message
        assert err.message.isprintable() and str(err).isprintable()
        str(err).encode("utf-8")  # a lone surrogate could not be written anywhere


# ---------------------------------------------------------------------------------------------
# The time bound over generated trees at the limits

@st.composite
def trees_at_the_limits(draw):
    """A random tree filled up to the limits: nesting MAX_DEPTH, up to MAX_TOKENS symbols, powers
    MAX_POWER_NESTING deep, every function, huge and tiny constants among the leaves."""
    text = draw(trees(MAX_DEPTH, budget=[draw(st.integers(40, 200))]))
    glue = draw(st.sampled_from([" + ", " * ", " - ", " / "]))
    while True:
        more = draw(st.sampled_from(["", f"{glue}{draw(deep_chains())}", f"{glue}{draw(power_towers())}",
                                     f"{glue}{draw(st.sampled_from(['1e100', '5e-324', '1e-300']))}*x"]))
        candidate = text + more
        if not more or len(candidate) > MAX_LENGTH or len(tokenize(candidate)) > MAX_TOKENS:
            return text
        text = candidate


def nesting(text):
    """How deeply the parentheses of ``text`` nest."""
    deepest = level = 0
    for ch in text:
        level += (ch == "(") - (ch == ")")
        deepest = max(deepest, level)
    return deepest


SLOWEST = [(0.0, "")]


@pytest.fixture(scope="module")
def slowest_report(request):
    yield
    seconds, text = SLOWEST[0]
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None and text:
        shown = text if len(text) <= 100 else text[:97] + "..."
        with capture.global_and_fixture_disabled():  # shown in every run, not only with -s
            reporter.write_line(f"\ntest_hostile: slowest generated formula {seconds * 1e3:.1f} ms of CPU: {shown}")


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(st.one_of(trees_at_the_limits(), deep_chains(), long_sums(), long_products(), nested_min_max()))
def test_every_formula_at_the_limits_is_prepared_within_the_bound(slowest_report, text):
    assume(len(text) <= MAX_LENGTH and len(tokenize(text)) <= MAX_TOKENS and nesting(text) <= MAX_DEPTH)
    gc.disable()  # a collection of Hypothesis's own objects (tens of ms) is not the formula's time
    start = time.process_time()
    try:
        parse_expression(text).value_and_gradient(0.5, -0.25)
    except ExpressionError as err:
        assert any(words in err.message for words in CONSTANT_TROUBLE), (text, err.message)
    finally:
        elapsed = time.process_time() - start
        gc.enable()
    target(elapsed, label="CPU seconds to prepare")  # hypothesis searches for slower formulas
    SLOWEST[0] = max(SLOWEST[0], (elapsed, text))
    assert elapsed < PREPARE_SECONDS, f"{elapsed:.3f} s of CPU to prepare {text!r}"


def test_a_deadline_stops_preparing_with_one_message():
    text = "tanh(x*y+" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1)
    for deadline in (time.monotonic() - 1.0, time.monotonic()):
        err = error_of_text_until(text, deadline)
        assert (err.message, err.column) == ("the function is too complex to prepare in time", 0)
    parse_expression(text, deadline=time.monotonic() + 30.0)  # a deadline in time changes nothing


def error_of_text_until(text, deadline):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text, deadline=deadline)
    return caught.value


# ---------------------------------------------------------------------------------------------
# Hostile session and data files (hostile_sessions.py: the list the window's test reuses)

@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory):
    return hostile_sessions.write(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("name", sorted(hostile_sessions.HOSTILE))
def test_a_hostile_session_opens_or_is_refused_in_one_plain_line_quickly(hostile_files, name):
    from gradviz.engine import session_io
    from gradviz.engine.scene import compute_run, objective_for

    case = hostile_sessions.HOSTILE[name]
    if name not in hostile_files:
        pytest.skip("no FIFOs on this platform")
    start = time.process_time()
    if case.refused is not None:
        with pytest.raises(session_io.SessionError) as caught:
            session_io.load(hostile_files[name])
        message = caught.value.message
        assert case.refused in message, message
        assert message.isprintable() and "\n" not in message  # no byte reaches a terminal raw
        message.encode("utf-8")
    else:
        session = session_io.load(hostile_files[name])
        objective = objective_for(session, deadline=time.monotonic() + 30.0)
        runs = [compute_run(objective, session, i) for i in range(len(session.panels))]
        if case.diverges:
            assert all(r.trajectory.diverged_at is not None for r in runs)
    assert time.process_time() - start < 2.0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_or_device_is_refused_before_reading_as_data_and_as_a_title(tmp_path):
    from gradviz.engine import session_io
    from gradviz.engine.dataset import DataError, load_csv

    fifo = tmp_path / "points.csv"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "a named pipe"), ("/dev/zero", "a device"), (tmp_path, "a folder")):
        with pytest.raises(DataError, match=rf"cannot read the file: it is not a regular file \({kind}\)$"):
            load_csv(path)
        with pytest.raises(session_io.SessionError, match="not a regular file"):
            session_io.read_title(path)


def test_a_data_file_quoting_escapes_shows_them_escaped(tmp_path):
    from gradviz.engine.dataset import DataError, load_csv

    path = tmp_path / "evil.csv"
    path.write_text("x,y\n1,2\n\x1b[2J,3\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_csv(path)
    assert caught.value.message == 'evil.csv: line 3: "\\x1b[2J" is not a number'


def test_markup_or_controls_in_a_data_column_name_are_refused(tmp_path):
    """A header shown as an axis name: '<img src=FIFO>' there made `gradviz render` read the
    FIFO for ever (Qt reads a label holding a tag as rich text and loads its image)."""
    from gradviz.engine.dataset import DataError, load_csv

    for header, shown in (('<img src="/tmp/x.fifo">,price', "<"), ("size>,price", ">"),
                          ("size\x1b[2J,price", "\\x1b")):
        path = tmp_path / "houses.csv"
        path.write_text(f"{header}\n1,2\n2,3\n", encoding="utf-8")
        with pytest.raises(DataError) as caught:
            load_csv(path)
        assert caught.value.message == f"houses.csv: line 1: a column name may not hold '{shown}'"
    path.write_text("size (m²),R&D price\n1,2\n2,3\n", encoding="utf-8")
    assert load_csv(path).names == ("size (m²)", "R&D price")


@pytest.mark.skipif(sys.platform == "win32", reason="names of bytes that are not UTF-8")
def test_a_data_file_name_becomes_a_source_a_session_can_save(tmp_path):
    """The file's name is the data's source, saved in the session: a byte that is not UTF-8
    (a lone surrogate in Python) made every save and autosave fail, and < > would be rich text."""
    from gradviz.engine import regression_mode, session_io
    from gradviz.engine.dataset import load_csv

    folder = os.fsencode(tmp_path)
    for raw, source in ((b"\xffprices.csv", "\ufffdprices.csv"), (b"<b>big.csv", "\u2039b\u203abig.csv"),
                        (b"a\x1bb.csv", "a\ufffdb.csv")):
        path = os.path.join(folder, raw)
        with open(path, "w", encoding="utf-8") as stream:
            stream.write("x,y\n1,2\n2,3\n")
        data = load_csv(os.fsdecode(path))
        assert data.source == source
        session = regression_session(regression_mode.embedded(data, data.source))
        saved = tmp_path / "saved.gradviz.json"
        session_io.save(session, saved)
        assert session_io.load(saved).regression.source == source


def regression_session(config):
    from gradviz.engine.session import PanelConfig, Session

    return Session(text="x^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.0, 1.0),
                   panels=(PanelConfig("gd", {"lr": 0.1}),), mode="regression", regression=config)
