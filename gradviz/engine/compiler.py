"""Compile sympy expressions into a straight-line program of numpy operations.

No source code is generated and nothing is ``exec``-ed: the program is a list of
``(numpy function, argument slots, result slot)`` steps run in order. Equal subexpressions
share one slot (common-subexpression elimination across every output, so f and its gradient
reuse each other's work), constants are folded at compile time, small integer powers become
products (``x**3`` -> ``x*x*x``: numpy's ``pow`` costs several multiplications), and
``a - b`` / ``a / b`` are emitted directly rather than as ``a + (-1)*b`` / ``a * b**-1``.

A Program runs on arrays (``program(x, y, ...)``) or, for one point at a time, on Python floats
(``program.scalar()``): the optimizer loop of a single start spends most of its time in
numpy's per-call overhead otherwise. Both give bit-identical results (see ``scalar``).
"""

import numpy as np

from gradviz.engine.kernels import KERNELS, NAMES
from gradviz.engine.scalar import scalar_kernel

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

    def to_data(self) -> dict:
        """The program as plain data: kernel names, argument and result slots, constants."""
        return {"n_inputs": self._n_inputs, "constants": list(self._slots[self._n_inputs:]),
                "steps": [[NAMES[f], list(args), out] for f, args, out, *_ in self._steps],
                "outputs": list(self._outputs)}

    @classmethod
    def from_data(cls, data: dict) -> "Program":
        """The Program written by ``to_data`` (kernels looked up by name in ``KERNELS``)."""
        n = int(data["n_inputs"])
        slots = [None] * n + [float(c) for c in data["constants"]]
        steps = [(KERNELS[name], [int(a) for a in args], int(out))
                 for name, args, out in data["steps"]]
        return cls(n, slots, steps, [int(o) for o in data["outputs"]])

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


def compile_exprs(exprs, symbols):
    """Compile sympy ``exprs`` over ``symbols`` (the inputs, in call order) into a Program.

    sympy is imported here, not with the module: a Program rebuilt from data
    (``Program.from_data``) runs without it."""
    return _Compiler(symbols).program(exprs)


class _Compiler:
    def __init__(self, symbols):
        self.memo = {s: i for i, s in enumerate(symbols)}
        self.slots = [None] * len(symbols)
        self.constant = {}  # slot -> value, for folding
        self.steps = []
        self.n_inputs = len(symbols)

    def program(self, exprs):
        outputs = [self.node(e) for e in exprs]
        # Steps write to slots after the constants: renumber them into one flat list.
        offset = len(self.slots)
        steps = [(f, [a if a >= 0 else offset + ~a for a in args], offset + ~out) for f, args, out in self.steps]
        outputs = [o if o >= 0 else offset + ~o for o in outputs]
        return Program(self.n_inputs, self.slots, steps, outputs)

    def const(self, value):
        self.slots.append(float(value))
        slot = len(self.slots) - 1
        self.constant[slot] = float(value)
        return slot

    def emit(self, function, *args):
        if all(a >= 0 and a in self.constant for a in args):
            with np.errstate(all="ignore"):
                return self.const(function(*[self.constant[a] for a in args]))
        self.steps.append((function, list(args), ~len(self.steps)))
        return ~(len(self.steps) - 1)  # negative: a step result, renumbered at the end

    def node(self, e):
        slot = self.memo.get(e)
        if slot is None:
            slot = self.memo[e] = self.build(e)
        return slot

    def build(self, e):
        if e.is_Number or e.is_NumberSymbol:
            return self.const(float(e))
        if e.is_Add:
            return self.add(e)
        if e.is_Mul:
            return self.mul(e)
        if e.is_Pow:
            return self.power(self.node(e.base), e.exp)
        from gradviz.engine.functions import NUMPY_KERNELS

        kernel = NUMPY_KERNELS.get(e.func)
        if kernel is None:
            raise ValueError(f"cannot compile {e.func.__name__}")
        return self.emit(kernel, *[self.node(arg) for arg in e.args])

    def add(self, e):
        positive, negative = [], []
        for term in e.args:
            coeff, rest = term.as_coeff_Mul()
            if coeff.is_negative:
                negative.append(self.node(-coeff * rest))
            else:
                positive.append(self.node(term))
        result = positive[0] if positive else self.emit(np.negative, negative.pop(0))
        for slot in positive[1:]:
            result = self.emit(np.add, result, slot)
        for slot in negative:
            result = self.emit(np.subtract, result, slot)
        return result

    def mul(self, e):
        coeff, rest = e.as_coeff_Mul()
        numerator, denominator = [], []
        import sympy

        for factor in sympy.Mul.make_args(rest):
            if factor.is_Pow and factor.exp.is_Number and factor.exp.is_negative:
                denominator.append(self.node(factor.base**-factor.exp))
            else:
                numerator.append(self.node(factor))
        if coeff == -1 and numerator:
            numerator[0] = self.emit(np.negative, numerator[0])
        elif coeff != 1 or not numerator:
            numerator.insert(0, self.const(coeff))
        result = numerator[0]
        for slot in numerator[1:]:
            result = self.emit(np.multiply, result, slot)
        if denominator:
            below = denominator[0]
            for slot in denominator[1:]:
                below = self.emit(np.multiply, below, slot)
            result = self.emit(np.divide, result, below)
        return result

    def power(self, base, exponent):
        if exponent.is_Integer and 0 < abs(exponent) <= MAX_PRODUCT_POWER:
            result = self.product_power(base, abs(int(exponent)))
            return self.emit(np.reciprocal, result) if exponent < 0 else result
        if exponent.is_Rational and exponent.q == 2 and abs(exponent.p) <= MAX_PRODUCT_POWER:
            result = self.product_power(self.emit(np.sqrt, base), abs(int(exponent.p)))
            return self.emit(np.reciprocal, result) if exponent < 0 else result
        return self.emit(np.power, base, self.node(exponent))

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
