"""Compile nodes of the engine's graph into a straight-line program of numpy operations.

No source code is generated and nothing is ``exec``-ed: the program is a list of
``(numpy function, argument slots, result slot)`` steps run in order. The graph is already
hash-consed and folded (:mod:`gradviz.engine.graph`), so every node is one step and equal
subexpressions share one slot across every output: f and its gradient reuse each other's
work. Small integer powers become products (``x^3`` -> ``x*x*x`` by repeated squaring: numpy's
``pow`` costs several multiplications) and half-integer ones a square root first
(``x^-0.5`` -> ``1/sqrt(x)``).

A Program runs on arrays (``program(x, y, ...)``) or, for one point at a time, on Python floats
(``program.scalar()``): the optimizer loop of a single start spends most of its time in
numpy's per-call overhead otherwise. Both give bit-identical results (see ``scalar``).
"""

import time

import numpy as np

from gradviz.engine.functions import FUNCTIONS
from gradviz.engine.graph import CHECK_EVERY, TOO_SLOW, reachable
from gradviz.engine.scalar import scalar_kernel
from gradviz.engine.tokens import ExpressionError

MAX_PRODUCT_POWER = 16  # integer powers up to this are written as products


class Program:
    """A compiled function of ``len(inputs)`` arrays returning ``len(outputs)`` values."""

    def __init__(self, n_inputs, slots, steps, outputs):
        self._n_inputs = n_inputs
        self._slots = slots  # inputs (None) followed by folded constants
        self._outputs = tuple(outputs)
        # Drop each intermediate after its last use: on large arrays, keeping them all alive
        # makes every step allocate fresh memory (page faults) and runs 2-3x slower.
        last_use = {}
        for index, (_, args, _) in enumerate(steps):
            for a in args:
                last_use[a] = index
        keep = set(outputs) | set(range(len(slots)))
        releases = [[] for _ in steps]
        for slot, index in last_use.items():
            if slot not in keep:
                releases[index].append(slot)
        # A ufunc step may write its result into an argument that dies at that step (a
        # temporary of an earlier step, never an input or a constant): on blocks of ~32k points
        # a fresh temporary often costs more (new pages from the OS) than the arithmetic.
        first_temp = len(slots)
        ufunc = [isinstance(f, np.ufunc) and f.nout == 1 for f, _, _ in steps]
        self._steps = tuple(
            (f, tuple(args), out, tuple(releases[i]), ufunc[i],
             tuple(dict.fromkeys(a for a in args if a >= first_temp and a in releases[i]))
             if ufunc[i] else ())
            for i, (f, args, out) in enumerate(steps))
        self._ufunc_results = frozenset(out for i, (_, _, out) in enumerate(steps) if ufunc[i])

    def __len__(self):
        return len(self._steps)

    def parts(self):
        """``(n_inputs, slots, steps, outputs)``: slots are the inputs (None) then the
        constants; ``steps`` are ``(kernel, argument slots, result slot)`` in order."""
        steps = [(f, args, out) for f, args, out, *_ in self._steps]
        return self._n_inputs, tuple(self._slots), steps, self._outputs

    def __call__(self, *inputs, out=None):
        """Run on ``inputs``; return the outputs (a list).

        ``out``: optional float64 arrays (or None), one per output, of the inputs' broadcast
        shape and sharing no memory with them. An output computed by a ufunc is then written straight
        into its array (no temporary, no copy); the returned list may still hold other arrays,
        which the caller copies in.
        """
        values = list(self._slots)
        values[: self._n_inputs] = inputs
        values.extend([None] * len(self._steps))
        targets = self._targets(out)
        for function, args, slot, releases, ufunc, reuse in self._steps:
            operands = [values[a] for a in args]
            if reuse or slot in targets:
                target = targets.get(slot)
                values[slot] = _apply(function, operands, [values[r] for r in reuse]
                                      if target is None else [target])
            else:
                values[slot] = function(*operands)
            for dead in releases:
                values[dead] = None
        return [values[o] for o in self._outputs]

    def _targets(self, out):
        """Output slot -> the ``out`` array its ufunc step may write into (each slot once)."""
        if out is None:
            return {}
        targets = {}
        for slot, array in zip(self._outputs, out):
            if array is not None and slot in self._ufunc_results and slot not in targets:
                targets[slot] = array
        return targets

    def scalar(self, array_inputs=2):
        """This program as a function of Python floats returning a list of Python floats.

        The same steps in the same order with the same constants, bit-identical to running the
        program on arrays whose first ``array_inputs`` inputs are arrays (x, y) and the others
        floats (parameters). +, -, *, /, negation, reciprocal and sqrt are correctly rounded
        IEEE operations, so Python's float arithmetic gives the very bits numpy does; unary
        ufuncs (sin, exp, ...) are numpy's own, called on the float. Other kernels get
        one-element arrays wherever the array program has arrays: numpy treats a scalar
        operand differently at times (``np.power(-inf, 0.5)`` is inf for arrays, NaN for a
        scalar exponent). Division by zero and sqrt of a negative number give numpy's inf or
        NaN instead of raising. Call it inside ``np.errstate(all="ignore")``.
        """
        n_inputs, slots = self._n_inputs, self._slots
        if any(len(args) > 2 for _, args, *_ in self._steps):
            raise ValueError("scalar programs take kernels of one or two arguments")
        is_array = [i < array_inputs for i in range(len(slots))] + [False] * len(self._steps)
        code = []
        for f, args, out, *_ in self._steps:
            kinds = tuple(is_array[a] for a in args)
            is_array[out] = any(kinds)
            code.append((scalar_kernel(f, kinds), args[0], args[1] if len(args) > 1 else -1, out))
        code, outputs, pad = tuple(code), self._outputs, [None] * len(self._steps)

        def evaluate(*inputs):
            values = list(slots)
            values[:n_inputs] = inputs
            values.extend(pad)
            for function, a, b, out in code:
                values[out] = function(values[a]) if b < 0 else function(values[a], values[b])
            return [values[o] for o in outputs]

        return evaluate


def _apply(function, operands, buffers):
    """``function(*operands)`` for a ufunc, its result written into the first of ``buffers``
    (dying temporaries, or the caller's output array) that has exactly the result's shape.
    Writing a row result into a whole block would repeat the arithmetic on every row, so a
    buffer of another shape is never used."""
    shape = _result_shape(operands)
    if shape is not None:
        for buffer in buffers:
            if type(buffer) is np.ndarray and buffer.shape == shape:
                return function(*operands, out=buffer)
    return function(*operands)


_F64 = np.dtype(np.float64)


def _result_shape(operands):
    """The broadcast shape of float64 array and float ``operands``; None for anything else.

    Written out because ``np.broadcast_shapes`` costs several microseconds a call, more than
    the arithmetic on a small array; equal shapes (every op of a batch) take the short way."""
    shape = None
    for o in operands:
        if type(o) is float:
            continue
        if type(o) is not np.ndarray or o.dtype is not _F64:
            return None
        s = o.shape
        if shape is None or s == shape:
            shape = s
            continue
        if len(s) != len(shape):
            width = max(len(s), len(shape))
            s, shape = (1,) * (width - len(s)) + s, (1,) * (width - len(shape)) + shape
        merged = []
        for a, b in zip(shape, s):
            if a != b and a != 1 and b != 1:
                return None
            merged.append(b if a == 1 else a)
        shape = tuple(merged)
    return () if shape is None else shape


def compile_nodes(outputs, n_inputs, deadline=None):
    """A Program of ``n_inputs`` inputs (x, y, then the parameters, by their input slots)
    computing the graph nodes ``outputs``. ``deadline``: see :class:`~gradviz.engine.graph.Graph`."""
    return _Compiler(n_inputs, deadline).program(outputs)


class _Compiler:
    def __init__(self, n_inputs, deadline):
        self.slots = [None] * n_inputs
        self.n_inputs = n_inputs
        self.steps = []
        self.memo = {}  # node index -> slot (negative: a step result, renumbered at the end)
        self.deadline = deadline

    def program(self, outputs):
        for count, node in enumerate(reachable(outputs)):
            if count % CHECK_EVERY == 0 and self.deadline is not None and time.monotonic() >= self.deadline:
                raise ExpressionError(TOO_SLOW, 0)
            self.memo[node.index] = self.build(node)
        offset = len(self.slots)
        renumber = lambda a: a if a >= 0 else offset + ~a  # noqa: E731
        steps = [(f, [renumber(a) for a in args], renumber(out)) for f, args, out in self.steps]
        return Program(self.n_inputs, self.slots, steps, [renumber(self.memo[o.index]) for o in outputs])

    def emit(self, function, *args):
        self.steps.append((function, list(args), ~len(self.steps)))
        return ~(len(self.steps) - 1)

    def const(self, value):
        self.slots.append(float(value))
        return len(self.slots) - 1

    def build(self, node):
        op = node.op
        if op == "input":
            return node.value
        if op == "const":
            return self.const(node.value)
        args = [self.memo[a.index] for a in node.args]
        if op == "pow" and node.args[1].is_const:
            return self.power(args[0], node.args[1].value)
        if op in _OPERATORS:
            return self.emit(_OPERATORS[op], *args)
        return self.emit(FUNCTIONS[op].kernel, *args)

    def power(self, base, exponent):
        if exponent.is_integer() and 0 < abs(exponent) <= MAX_PRODUCT_POWER:
            result = self.product_power(base, abs(int(exponent)))
            return self.emit(np.reciprocal, result) if exponent < 0 else result
        if (2 * exponent).is_integer() and abs(2 * exponent) <= MAX_PRODUCT_POWER:
            root = self.emit(np.sqrt, base)
            result = self.product_power(root, abs(int(2 * exponent)))
            return self.emit(np.reciprocal, result) if exponent < 0 else result
        return self.emit(np.power, base, self.const(exponent))

    def product_power(self, base, n):
        """base**n for n >= 1 by repeated squaring: x^4 is two multiplications, not three."""
        result, square = None, base
        while n:
            if n & 1:
                result = square if result is None else self.emit(np.multiply, result, square)
            n >>= 1
            if n:
                square = self.emit(np.multiply, square, square)
        return result


_OPERATORS = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
              "neg": np.negative, "pow": np.power}
