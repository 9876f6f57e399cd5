"""Hostile and pathological input: everything is refused with an ExpressionError, quickly, and
nothing the parser accepts is slow to compile or unsafe to evaluate.

The wall-clock bounds here are hang guards, far above what the engine needs (the issue asks
for "well under 100 ms" to reject and at most 2 s to compile): they catch an exponential
blow-up or a computation of 9^9^9, not a slow machine.
"""

import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from gradviz.engine.expression import MAX_POWER_NESTING, ExpressionError, parse_expression
from gradviz.engine.tokens import MAX_DEPTH, MAX_LENGTH, MAX_NAME, MAX_SIGNS, MAX_TOKENS, tokenize

# Bounds on CPU time (time.process_time), not wall time: they guard against runaway computations
# (a power tower, a 60 s sympy simplification), and CPU time does not grow when other processes
# share the machine. Speed itself is measured by `gradviz bench`, not here.
REJECT_SECONDS = 0.1
COMPILE_SECONDS = 2.0
HANG_SECONDS = 30.0  # wall-clock cut-off of the child process: it did not finish at all


@pytest.fixture(scope="module", autouse=True)
def warm_up():
    # The first sympy operations of a process pay for imports and caches; time the engine, not that.
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


def test_accepted_hostile_looking_inputs_mean_arithmetic():
    # These read as implicit products of a number and a parameter, not as Python literals.
    f = parse_expression("0x10")
    assert f.parameters == ("x10",)
    assert float(f.value(5.0, 5.0)) == 0.0
    f = parse_expression("1j")
    assert f.parameters == ("j",)
    assert float(f.value(0.0, 0.0)) == 1.0


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
CONSTANT_TROUBLE = ("division by zero", "not a real number", "too large", "not real-valued", "infinite constant")


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

# Shapes found by hand to be the slowest to compile (sympy's work grows with nesting).
WORST_CASES = [
    "exp(x*y*" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1),
    "sigmoid(x*" * (MAX_DEPTH - 1) + "y" + ")" * (MAX_DEPTH - 1),
    "tan(x+y*" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1),
    "sqrt(x+y*" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1),
    "log(1+x^2*" * (MAX_DEPTH - 1) + "y" + ")" * (MAX_DEPTH - 1),
    "softplus(x-y*" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1),
    "abs(x-y*" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1),
    "max(sin(x)," * (MAX_DEPTH - 1) + "y" + ")" * (MAX_DEPTH - 1),
    "min(" + ",".join(f"sin({i}x+y)" for i in range(44)) + ")",
    "min(" + ",".join(f"max(x,{i}y)" for i in range(40)) + ")",
    "max(" + ",".join(["x", "y"] * 95) + ")",
    "(sin(x)+y)^(cos(y)+x)^(x*y)^(x+y)",
    "exp(sin(x)^cos(y)^tan(x)^x)",
    " + ".join(f"p{i}*x^{i % 5}" for i in range(45)),
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
    assert elapsed < COMPILE_SECONDS, f"{elapsed:.2f} s to compile {text!r}"
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


# Found by the deep-chain strategy with other seeds: with real=True symbols, sympy's automatic
# evaluation asked whether factors such as sqrt(...) or cosh(...) were real or nonnegative, and
# answering walked the whole nested argument (as_real_imag, Mod, polynomial gcd): 10 s to over a
# minute. The engine now uses plain symbols (its own abs/sign/max/min carry the real-valued
# derivative rules), and these compile in a fraction of a second.
CATASTROPHIC = [
    pytest.param(
        "log2(x*y*cosh(0.5*sqrt(x*sqrt(y+sin(atan(x-asin(abs(x-log10(x*y*sin(x*cosh(x*tan(x*sinh("
        "x*log2(x-sqrt(x*y*log2(x*y*x*y))))))))))))))))",
        id="log2-cosh-sqrt chain"),
    # Still slow with plain symbols (about 6 s): cos/sinh/cosh eval (_pi_coeff, as_real_imag,
    # expand) in the builder, and sympy's fdiff of sinh/cosh re-evaluating in the derivative.
    # Building the functions with evaluate=False is not enough: the same queries come back
    # from fdiff and from Mul/Add flattening.
    pytest.param(
        "sqrt(x*softplus(x*y*softplus(x-cosh(relu(0.5*softplus(y+log10(sin(0.5*sinh(cosh(x-tan(x*asin("
        "x-tan(y+cosh(x*y*cosh(x-sin(atan(y+log2(0.5*relu(0.5*cos(atan(x*sqrt(x*sqrt(x*y*sigmoid(x-tan("
        "0.5*cos(0.5*sigmoid(0.5*sin(y+sqrt(0.5*cos(y+acos(softplus(x-y))))))))))))))))))))))))))))))))",
        id="32-deep softplus-cosh-sqrt chain"),
]
# That second chain took 6-8 s with plain symbols: cos/sinh/cosh evaluation inside sympy grows
# steeply with nesting (the same chain cut to 16 levels: 0.03 s, 20: 1.6 s, 24: 3.7 s). So the
# nesting limit is 16 levels, and both chains are now rejected at once as "nested too deeply".


@pytest.mark.parametrize("text", CATASTROPHIC)
def test_pathological_nested_chain_compiles_or_is_rejected_within_the_bound(text):
    # In a child process, so that a 60 s computation can be cut off.
    code = (
        "import sys, time\n"
        "from gradviz.engine.expression import parse_expression\n"
        "parse_expression('x')\n"
        "from gradviz.engine.tokens import ExpressionError\n"
        "start = time.process_time()\n"
        "try:\n"
        "    parse_expression(sys.argv[1])\n"
        "except ExpressionError:\n"
        "    pass  # rejected: fine, as long as it is quick\n"
        "print(time.process_time() - start)\n"
    )
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(repo), os.environ.get("PYTHONPATH", "")])}
    try:
        done = subprocess.run([sys.executable, "-c", code, text], env=env, capture_output=True, text=True,
                              timeout=HANG_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still compiling after {HANG_SECONDS:.0f} s")
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < COMPILE_SECONDS
