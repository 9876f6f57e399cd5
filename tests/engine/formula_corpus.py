"""A corpus of worst-case formulas at the expression limits, and the time each takes to prepare.

``corpus()`` lists (kind, text) pairs, every text within the limits of gradviz.engine.tokens
(length, symbols, nesting, signs in a row) and the power nesting of gradviz.engine.expression:
deep chains of every function (alone, mixed, with x and y glued in at every level), long sums
and products, power towers, nested min/max, many parameters, huge, tiny and long numbers, and
random trees from a fixed seed. The same corpus every time (``random.Random(seed)``).

Run it to measure ``parse_expression`` (parse, derivative, compile) on each, in CPU time:

    .venv/bin/python tests/engine/formula_corpus.py [--cap SECONDS] [--seed N]

prints p50 / p99 / max over the corpus, the slowest formulas, and how many were refused (an
ExpressionError is a fine answer: the bound is on the time to give it). The garbage collector
is off while a formula is timed (and run between formulas): its pauses belong to no formula. ``--cap`` stops one
formula after that much CPU time (SIGPROF) and counts it at the cap: for measuring an engine
that does not bound itself.
"""

from __future__ import annotations

import gc
import random
import signal
import sys
import time

from gradviz.engine.expression import MAX_POWER_NESTING
from gradviz.engine.tokens import MAX_DEPTH, MAX_LENGTH, MAX_TOKENS

FUNCTIONS = ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "log",
             "log2", "log10", "sqrt", "abs", "sign", "softplus", "sigmoid", "relu"]
MANY = ["min", "max"]
GLUE = ["", "x*", "y+", "x*y*", "x*y+", "x-", "0.5*", "2*x+", "x^2+", "y/"]
LEAVES = ["x", "y", "x", "y", "a", "b", "2", "3", "0.5", "1e-3", "pi", "e", "10", "1.5"]
NUMBERS = ["1e-9999999", "0e-99999999999", "2.5E-9999999", "1e-99999999", "1e100", "1e-308",
           "5e-324", "1e-400", "9.999999999999999e99", "0." + "0" * 300 + "1",
           "1" + "0" * 99, "123456789" * 11, "3." + "14159265" * 30, "0.1", "1e-5"]


def _close(text):
    return text.count("(") - text.count(")")


def deep_chains(rng):
    """Every function nested MAX_DEPTH deep around x*y, with each glue; and mixed chains."""
    out = []
    for name in FUNCTIONS + MANY:
        for glue in GLUE:
            text = "x*y"
            for _ in range(MAX_DEPTH):
                inner = f"{glue}{text}"
                text = f"{name}({inner}, x)" if name in MANY else f"{name}({inner})"
            out.append(("chain " + name, text))
    for _ in range(120):
        text = rng.choice(["x", "y", "x*y"])
        for _ in range(MAX_DEPTH):
            name, glue = rng.choice(FUNCTIONS + MANY), rng.choice(GLUE)
            text = f"{name}({glue}{text}, y)" if name in MANY else f"{name}({glue}{text})"
        out.append(("mixed chain", text))
    return out


def long_sums(rng):
    terms = ["x", "y", "x*y", "sin(x)", "x^2", "a*y", "exp(y)", "abs(x)", "relu(y)",
             "max(x, y)", "tanh(x*y)", "x^y", "log(x^2+1)"]
    out = [("sum", "+".join(["x"] * 200)), ("sum", "-".join(["x", "y"] * 100)),
           ("sum", "*".join(["x"] * 200)), ("sum", "/".join(["x", "y"] * 100)),
           ("sum", "x" + "^x" * 3), ("product", "*".join(["(x+y)"] * 80)),
           ("product", "*".join(["tanh(x*y)"] * 80))]
    for _ in range(80):
        parts = []
        while True:
            term = rng.choice(terms)
            candidate = rng.choice(["+", "-", "*", "/"]).join(parts + [term])
            if len(candidate) > MAX_LENGTH or _tokens(candidate) > MAX_TOKENS:
                break
            parts.append(term)
        out.append(("long sum", rng.choice(["+", "-", "*", "/"]).join(parts)))
    return out


def powers(rng):
    bases = ["x", "y", "exp(x)", "sin(y)", "(x*y)", "cos(x)", "(x + y)", "2", "a", "tanh(x)",
             "(1+x^2)", "0.5", "e", "sqrt(x)"]
    out = [("power", "x^y^x^y"), ("power", "x^1000"), ("power", "x^-1000"),
           ("power", "(x^1000)^1000"), ("power", "((x^1000)^1000)^1000"),
           ("power", "exp(x)^1000*y^1000"), ("power", "(sin(x)+y)^(cos(y)+x)^(x*y)^(x+y)"),
           ("power", "1.0000001^(x*1000)"), ("power", "x^1e-9999999"),
           ("power", "x^(1e-99999999)"), ("power", "(x^2+y^2)^0.5^0.5^0.5")]
    for _ in range(60):
        parts = [rng.choice(bases) for _ in range(rng.randint(2, MAX_POWER_NESTING + 1))]
        out.append(("tower", "^".join(parts)))
    for _ in range(40):  # a tower at the limit inside a deep chain
        text = "^".join(rng.choice(bases) for _ in range(MAX_POWER_NESTING + 1))
        for _ in range(MAX_DEPTH - 4):
            text = f"{rng.choice(FUNCTIONS)}({rng.choice(GLUE)}{text})"
        out.append(("tower in chain", text))
    return out


def min_max(rng):
    out = [("min/max", "max(" + ",".join(["x", "y"] * 99) + ")"),
           ("min/max", "min(" + ",".join(f"max(x,{i}y)" for i in range(40)) + ")"),
           ("min/max", "min(" + ",".join(f"sin({i}x+y)" for i in range(44)) + ")")]
    for _ in range(30):
        text = rng.choice(["x", "y"])
        for _ in range(MAX_DEPTH):
            others = [rng.choice(["x", "y", "x*y", "sin(x)", "2", "-y"]) for _ in range(rng.randint(1, 3))]
            text = f"{rng.choice(MANY)}({', '.join([text, *others])})"
        out.append(("nested min/max", text))
    return out


def parameters(rng):
    out = []
    for count in (10, 30, 60):
        names = [f"p{i:02d}{'q' * 10}"[:16] for i in range(count)]
        terms = [f"{n}*{rng.choice(['x', 'y', 'x^2', 'sin(y)', 'tanh(x*y)'])}" for n in names]
        while len(" + ".join(terms)) > MAX_LENGTH:
            terms.pop()
        out.append(("parameters", " + ".join(terms)))
    out.append(("parameters", "+".join(f"a{i}*x^{i % 7}" for i in range(60))))
    return out


def numbers(rng):
    out = []
    for number in NUMBERS:
        for template in ("{n}*x", "x*{n}", "sin({n})+x", "x^({n})", "{n}x+y", "exp(x*{n})",
                         "x+{n}*y^2", "{n}/x", "({n})^x", "log({n}+x)"):
            text = template.format(n=number)
            if len(text) <= MAX_LENGTH:
                out.append(("number", text))
    return out


def _tokens(text):
    from gradviz.engine.tokens import tokenize

    try:
        return len(tokenize(text))
    except ValueError:
        return 0


def random_tree(rng, depth, powers_deep=0, budget=None):
    """A random expression whose parentheses nest at most ``depth`` deep."""
    budget = budget if budget is not None else [rng.randint(5, 150)]
    budget[0] -= 1
    if depth <= 1 or budget[0] <= 0 or rng.random() < 0.15:
        return rng.choice(LEAVES)
    kind = rng.choice(["call", "call", "call", "many", "binary", "binary", "power", "sign", "implicit"])
    sub = lambda: random_tree(rng, depth - 1, powers_deep, budget)  # noqa: E731
    if kind == "call":
        return f"{rng.choice(FUNCTIONS)}({sub()})"
    if kind == "many":
        return f"{rng.choice(MANY)}({', '.join(sub() for _ in range(rng.randint(2, 4)))})"
    if kind == "binary":
        return f"({sub()}){rng.choice('+-*/')}({sub()})"
    if kind == "power":
        if powers_deep >= MAX_POWER_NESTING - 1:
            exponent = rng.choice(["2", "3", "0.5", "-1", "x", "y"])
        else:
            exponent = random_tree(rng, depth - 1, powers_deep + 1, budget)
        return f"({sub()})^({exponent})"
    if kind == "sign":
        return f"{rng.choice(['-', '+', '--'])}({sub()})"
    return f"{rng.choice(['2', '0.5', '3'])}({sub()})"


def random_trees(rng, count=300):
    out = []
    while len(out) < count:
        text = random_tree(rng, rng.choice([4, 8, MAX_DEPTH, MAX_DEPTH]))
        if len(text) <= MAX_LENGTH and 0 < _tokens(text) <= MAX_TOKENS and _depth(text) <= MAX_DEPTH:
            out.append(("random tree", text))
    return out


def _depth(text):
    deepest = level = 0
    for ch in text:
        level += ch == "("
        level -= ch == ")"
        deepest = max(deepest, level)
    return deepest


def corpus(seed=0):
    """Every (kind, text) of the corpus, within the limits."""
    rng = random.Random(seed)
    out = []
    for part in (deep_chains, long_sums, powers, min_max, parameters, numbers, random_trees):
        out += part(rng)
    return [(k, t) for k, t in out
            if len(t) <= MAX_LENGTH and _tokens(t) <= MAX_TOKENS and _depth(t) <= MAX_DEPTH]


class _Cap(Exception):
    pass


def _over_cap(signum, frame):
    raise _Cap()


def measure(texts, cap=None):
    """[(seconds of CPU, text, outcome)] for each text: outcome "ok", "refused: ..." or "cap"."""
    from gradviz.engine.expression import parse_expression
    from gradviz.engine.tokens import ExpressionError

    parse_expression("sin(x)*y")  # imports and first-use caches are not the formula's time
    if cap:
        signal.signal(signal.SIGPROF, _over_cap)
    results = []
    for text in texts:
        gc.collect()
        gc.disable()  # a collection of earlier formulas' garbage is not this formula's time
        start = time.process_time()
        try:
            if cap:
                signal.setitimer(signal.ITIMER_PROF, cap)
            parse_expression(text)
            outcome = "ok"
        except ExpressionError as error:
            outcome = f"refused: {error.message}"
        except _Cap:
            outcome = "cap"
        except Exception as error:  # noqa: BLE001 - the old engine lets some out: count them
            outcome = f"crash: {type(error).__name__}: {error}"[:120]
        finally:
            if cap:
                signal.setitimer(signal.ITIMER_PROF, 0)
            elapsed = time.process_time() - start
            gc.enable()
        results.append((elapsed, text, outcome))
    return results


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def report(results):
    times = [t for t, _, _ in results]
    lines = [f"{len(results)} formulas: p50 {percentile(times, 50) * 1e3:.1f} ms, "
             f"p99 {percentile(times, 99) * 1e3:.1f} ms, max {max(times) * 1e3:.1f} ms (CPU)"]
    outcomes = {}
    for _, _, outcome in results:
        key = outcome.split(":")[0]
        outcomes[key] = outcomes.get(key, 0) + 1
    lines.append("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    lines.append("slowest:")
    for t, text, outcome in sorted(results, reverse=True)[:5]:
        shown = text if len(text) <= 110 else text[:107] + "..."
        lines.append(f"  {t * 1e3:9.1f} ms  {outcome[:40]:40}  {shown}")
    return "\n".join(lines)


def main(argv):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=None, help="CPU seconds at most per formula")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(report(measure([t for _, t in corpus(args.seed)], args.cap)))


if __name__ == "__main__":
    main(sys.argv[1:])
