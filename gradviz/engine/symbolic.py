"""Formulas printed for people: graph nodes -> sympy -> one line in gradviz's grammar.

Only for showing f and its gradient as text (the editor's df/dx, df/dy; the inspector); never
in the path from text to numbers. sympy is imported here and nowhere else in that path, so
this module loads when a formula is first printed.

Printing is bounded: a formula whose written-out tree (shared subexpressions written once per
use, as text does) has more than ``MAX_PRINTED_NODES`` parts is ``TOO_LONG`` at once, and the
conversion gives ``TOO_LONG`` past ``deadline`` (a ``time.monotonic()`` value), looked at
between nodes and, through a watchdog timer that raises in the printing thread
(``interrupted_at``), inside sympy
too: a single product of nested functions can keep sympy's assumption system busy for seconds
(``log2(y)^sinh(sinh(a)/(x+1)(tan(a^77)))*k2``: 1 s of CPU in one ``Mul``). Callers that may
not wait (the window) run it off their thread.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
import time

import sympy
from sympy.printing.str import StrPrinter

MAX_PRINTED_NODES = 3000
TOO_LONG = "(too long to print)"


class PrintTimeout(BaseException):
    """Printing did not finish before its deadline. A BaseException, so that no ``except
    Exception`` inside sympy takes it for one of its own errors."""


class _Watchdog:
    """Raises PrintTimeout in one thread once ``deadline`` passes, from a timer thread, with
    CPython's ``PyThreadState_SetAsyncExc`` (delivered at that thread's next bytecode): nothing
    runs in the printing thread meanwhile, so printing costs what it costs (a trace function on
    every call made sympy's printing 2.5 times slower). Raised again every ``AGAIN`` seconds
    until stopped, for at most ``LAST`` seconds past the deadline: one delivered inside a
    weakref callback (a WeakSet's, while sympy frees a cache entry) is printed as ignored and
    lost, and printing ran on for over a second."""

    AGAIN = 0.05
    LAST = 2.0

    def __init__(self, deadline):
        self.thread = threading.get_ident()
        self.lock = threading.Lock()
        self.active = True
        self.last = deadline + self.LAST
        self.timer = self._timer(max(deadline - time.monotonic(), 0.0))

    def _timer(self, delay):
        timer = threading.Timer(delay, self.fire)
        timer.daemon = True
        return timer

    def fire(self):
        with self.lock:
            if self.active:
                _set_async_exc(self.thread, PrintTimeout)
                if time.monotonic() < self.last:   # bounded: a watchdog never stopped ends
                    self.timer = self._timer(self.AGAIN)
                    self.timer.start()

    def stop(self):
        with self.lock:
            self.active = False
            self.timer.cancel()
            _set_async_exc(self.thread, None)   # one set just before: taken back


try:
    _ASYNC_EXC = ctypes.pythonapi.PyThreadState_SetAsyncExc   # CPython's C API
except (AttributeError, OSError):   # another Python: the deadline is seen between nodes only
    _ASYNC_EXC = None


def _set_async_exc(thread, exception):
    """``exception`` (a class) raised in ``thread`` at its next bytecode; None (NULL for the C
    API, not Python's None) takes back one set before."""
    if _ASYNC_EXC is not None:
        _ASYNC_EXC(ctypes.c_ulong(thread), ctypes.py_object(exception) if exception else None)


_hook_lock = threading.Lock()


def _quiet_lost_timeouts() -> None:
    """A PrintTimeout lost in a weakref callback is raised again (``_Watchdog``): Python
    would still print it to stderr as "Exception ignored in ..." with a traceback. Once per
    process, the unraisable hook is wrapped to drop those, and pass on everything else."""
    with _hook_lock:
        previous = sys.unraisablehook
        if getattr(previous, "drops_print_timeouts", False):
            return

        def hook(unraisable):
            if unraisable.exc_type is not PrintTimeout:
                previous(unraisable)

        hook.drops_print_timeouts = True
        sys.unraisablehook = hook


@contextlib.contextmanager
def interrupted_at(deadline):
    """Within the block, this thread's Python code raises PrintTimeout once ``deadline`` has
    passed (in C code, once it returns to Python). Without a deadline nothing changes."""
    if deadline is None:
        yield
        return
    _quiet_lost_timeouts()
    watchdog = _Watchdog(deadline)
    try:
        watchdog.timer.start()   # inside: one raised at once must find the finally below
        yield
    finally:
        watchdog.active = False   # first, no call: no more raises; one already set is taken
        while True:               # back by stop(), or lands here and is caught, or raised
            try:
                watchdog.stop()
                break
            except PrintTimeout:
                continue


class _Printer(StrPrinter):
    """Prints formulas the way a user types them: ``^`` for powers and ``e`` for Euler's number."""

    def _print_Pow(self, expr, rational=False):
        return super()._print_Pow(expr, rational).replace("**", "^")

    def _print_Exp1(self, expr):
        return "e"

    def _print_Abs(self, expr):  # sympy writes sqrt(x^2) as Abs(x)
        return f"abs({self._print(expr.args[0])})"

    def _print_cot(self, expr):  # sympy writes tan(pi/2 - x) as cot(x); not in the grammar
        return f"(1/tan({self._print(expr.args[0])}))"


def to_text(expr):
    """A readable one-line formula for a sympy expression, in gradviz's own grammar."""
    return _Printer({"full_prec": False}).doprint(expr)


class _Real(sympy.Function):
    """A real-valued function of real arguments that answers no assumption queries: on
    deeply nested arguments sympy's assumption system took seconds to minutes to answer."""


def _function(name, printed=None):
    def _sympystr(self, printer):
        return (printed or name + "({})").format(printer._print(self.args[0]))

    return type(name, (_Real,), {"nargs": 1, "_sympystr": _sympystr})


def _binary(name):
    return type(name, (_Real,), {"nargs": 2})


_OWN = {name: _function(name) for name in ("abs", "sign", "relu", "softplus", "sigmoid", "step")}
_OWN["positive"] = _function("positive", "({} > 0)")
_OWN["max"], _OWN["min"] = _binary("max"), _binary("min")

_SYMPY = {"sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "asin": sympy.asin,
          "acos": sympy.acos, "atan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh,
          "tanh": sympy.tanh, "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt}

_ARITHMETIC = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b, "neg": lambda a: -a, "pow": lambda a, b: a**b,
}


def _apply(op, args):
    if op in _ARITHMETIC:
        return _ARITHMETIC[op](*args)
    if op in _SYMPY:
        # Unevaluated: sympy's own rewriting of tanh, cosh, ... of nested arguments grows
        # exponentially with the nesting (tanh 7 deep: 1.7 s in one call); the graph has
        # folded every constant already.
        return _SYMPY[op](*args, evaluate=False)
    return _OWN[op](*args)


def _exact(exact):
    """The sympy number an exact description stands for (see gradviz.engine.graph)."""
    if isinstance(exact, int):
        return sympy.Integer(exact)
    if exact == "pi":
        return sympy.pi
    if exact == "e":
        return sympy.E
    return _apply(exact[0], [_exact(e) for e in exact[1:]])


def written_size(outputs):
    """Parts of ``outputs`` written out as a tree (shared nodes once per use), capped just
    above MAX_PRINTED_NODES."""
    from gradviz.engine.graph import reachable

    size = {}
    for node in reachable(outputs):
        size[node.index] = min(1 + sum(size[a.index] for a in node.args), MAX_PRINTED_NODES + 1)
    return sum(size[o.index] for o in outputs)


def to_sympy(outputs, deadline=None):
    """The graph nodes ``outputs`` as sympy expressions; PrintTimeout past ``deadline``."""
    from gradviz.engine.graph import reachable

    memo = {}
    for count, node in enumerate(reachable(outputs)):
        if deadline is not None and count % 16 == 0 and time.monotonic() >= deadline:
            raise PrintTimeout()
        if node.op == "const":
            expr = sympy.Float(node.value) if node.exact is None else _exact(node.exact)
        elif node.op == "input":
            expr = sympy.Symbol(node.name)
        else:
            expr = _apply(node.op, [memo[a.index] for a in node.args])
        memo[node.index] = expr
    return [memo[o.index] for o in outputs]


def print_nodes(outputs, deadline=None):
    """Each of ``outputs`` as one line of text, or ``TOO_LONG`` for all when they are too
    long to print (by size, or not done by ``deadline``)."""
    if written_size(outputs) > MAX_PRINTED_NODES:
        return tuple(TOO_LONG for _ in outputs)
    try:
        with interrupted_at(deadline):
            exprs = to_sympy(outputs, deadline)
            texts = [to_text(expr) for expr in exprs]
    except (PrintTimeout, RecursionError):
        return tuple(TOO_LONG for _ in outputs)
    return tuple(texts)
