"""An optimizer's rule traced into operations that run in place on fixed buffers: the update
of the batch fast path (:mod:`gradviz.engine.batch`).

:func:`trace` calls the rule (see :mod:`gradviz.engine.optimizer_ops`) once with stand-ins
(:class:`Value`) for the gradient, the point, the state's arrays, the count ``t`` and ``lr``;
every ``+ - * /``, ``**``, sqrt, division and maximum they meet is recorded, and branches on
hyperparameters resolve then and there. Operations on numbers alone (``1 - b2**t``,
``-(lr / (1 - b1**t))``) stay Python float arithmetic, done once a step; the others become
numpy ufuncs. No source code is generated and nothing is ``exec``-ed: the trace is a list of
``(operation, operands)`` run in order, as :mod:`gradviz.engine.compiler` does for formulas.

:func:`bind` then gives each array result a buffer allocated once: a result goes into the
buffer of an operand that dies with it where it can, the state's new arrays straight into the
state's own arrays, so a step makes no fresh array. Only where each result is written changes
(``out=``), never an operation or its operands, so the numbers are those of the rule on arrays
or on floats, bit for bit (tests/engine/test_batch.py and test_single.py check).

A rule that tests ``t == 1`` (SGD's first step) is traced twice: once with ``t = 1``, once for
every later step (where ``t == 1`` is False).
"""

from __future__ import annotations

import operator

import numpy as np

from gradviz.engine.optimizer_ops import Ops

G, P = 0, 1   # the first two values of a trace: the gradient and the point


class Value:
    """A stand-in the rule computes with: value number ``index`` of ``trace``."""

    __slots__ = ("trace", "index", "is_array")
    __hash__ = object.__hash__

    def __init__(self, trace, index, is_array):
        self.trace, self.index, self.is_array = trace, index, is_array

    def __add__(self, other): return self.trace.emit("add", self, other)
    def __radd__(self, other): return self.trace.emit("add", other, self)
    def __sub__(self, other): return self.trace.emit("subtract", self, other)
    def __rsub__(self, other): return self.trace.emit("subtract", other, self)
    def __mul__(self, other): return self.trace.emit("multiply", self, other)
    def __rmul__(self, other): return self.trace.emit("multiply", other, self)
    def __truediv__(self, other): return self.trace.emit("divide", self, other)
    def __rtruediv__(self, other): return self.trace.emit("divide", other, self)
    def __pow__(self, other): return self.trace.emit("power", self, other)
    def __rpow__(self, other): return self.trace.emit("power", other, self)
    def __neg__(self): return self.trace.emit("negative", self)

    def __eq__(self, other):
        """``t == 1`` for the trace of the steps after the first; nothing else compares."""
        if self.index == self.trace.count and other == 1:
            self.trace.tests_first = True
            return False
        raise TypeError("an optimizer rule may test its hyperparameters and t == 1 only")

    def __ne__(self, other):
        return not self.__eq__(other)

    def _refuse(self, *other):
        raise TypeError("an optimizer rule may test its hyperparameters and t == 1 only")

    __bool__ = __lt__ = __le__ = __gt__ = __ge__ = __abs__ = _refuse


def _maximum(a, b, out):
    """np.maximum into ``out`` (it takes ``out`` only as a keyword)."""
    return np.maximum(a, b, out=out)


# name -> (numpy ufunc for arrays, called with ``out`` as its last argument; Python operation
# for numbers)
_KERNELS = {
    "add": (np.add, operator.add), "subtract": (np.subtract, operator.sub),
    "multiply": (np.multiply, operator.mul), "divide": (np.divide, operator.truediv),
    "power": (None, operator.pow), "negative": (np.negative, operator.neg),
    "sqrt": (np.sqrt, None), "maximum": (_maximum, None),
}


class Trace:
    """The operations of one call of a rule: ``steps`` of ``(name, operands, is_array)``,
    operands being value numbers (ints in a tuple ``("v", i)``) or Python numbers."""

    def __init__(self, n_state):
        self.steps = []
        self.n_inputs = 2 + n_state + 2   # g, p, the state's arrays, t, lr
        self.count, self.lr = 2 + n_state, 3 + n_state
        self.tests_first = False
        self.outputs = None

    def input(self, index):
        return Value(self, index, index < self.count)

    def emit(self, name, *operands):
        is_array = any(isinstance(o, Value) and o.is_array for o in operands)
        if is_array and _KERNELS[name][0] is None or not is_array and _KERNELS[name][1] is None:
            raise TypeError(f"{name} is not an operation an optimizer rule may use here")
        args = tuple(("v", o.index) if isinstance(o, Value) else o for o in operands)
        self.steps.append((name, args, is_array))
        return Value(self, self.n_inputs + len(self.steps) - 1, is_array)


def _traced_ops(trace):
    return Ops(lambda a: trace.emit("sqrt", a), lambda a, b: trace.emit("divide", a, b),
               lambda a, b: trace.emit("maximum", a, b))


def trace(rule, hyper, n_state, first=False) -> Trace:
    """Trace ``rule(hyper, ops)``'s update for ``n_state`` state arrays; ``first``: for t = 1
    (``t`` then is the number 1), else for every later step."""
    tr = Trace(n_state)
    update = rule(hyper, _traced_ops(tr))
    state = tuple(tr.input(2 + i) for i in range(n_state))
    step, new_state = update(tr.input(G), tr.input(P), state, 1 if first else tr.input(tr.count),
                             tr.input(tr.lr))
    tr.outputs = (step,) + tuple(new_state)
    for value in tr.outputs:
        if not (isinstance(value, Value) and value.is_array):
            raise TypeError("an optimizer rule must return arrays for the step and the state")
    return tr


def bind(tr: Trace, g, p, state, step, temporary=None):
    """``update(t, lr)``: one update of the traced rule on fixed arrays, in place.

    ``g``, ``p`` (read, never written), the state's arrays ``state`` (updated in place) and
    ``step`` (receives the step) are float64 arrays of one shape; ``update`` returns ``step``.
    ``temporary(i, shape)`` gives the i-th buffer for intermediate results (default: a new
    array), so that several bindings may share them.

    A number an array operation reads (a constant such as ``b2``, or one worked out each
    step such as ``1 - b1**t``) is handed to numpy as a 0-d float64 array, which it holds
    for the binding (refilled each step): numpy converts a Python float to exactly that
    value on every call, which cost 0.4 us of the 0.8 us a call on a small array took here.
    """
    needed = _needed(tr)
    last_use = _last_uses(tr, needed)
    plan = _Plan(tr, state, step, last_use, temporary or (lambda i, shape: np.empty(shape)))
    values = [g, p, *state, None, None] + [None] * len(tr.steps)
    first_constant = len(values)   # slots from here on hold the trace's constants
    arrays = {G, P, *range(2, tr.count)}   # value numbers held in arrays
    scalar_code, array_code, held = [], [], {}   # held: number's slot -> its 0-d array's
    for i, (name, args, is_array) in enumerate(tr.steps):
        index = tr.n_inputs + i
        if index not in needed:
            continue
        if not is_array:
            slots = tuple(a[1] if isinstance(a, tuple) else _constant(values, a) for a in args)
            scalar_code.append((_KERNELS[name][1], slots, index))
            continue
        slots = []
        for a in args:
            slot = a[1] if isinstance(a, tuple) else _constant(values, a)
            if slot not in arrays:   # a number: read from its 0-d array
                if slot not in held:
                    fixed = slot >= first_constant
                    held[slot] = _constant(values, np.array(float(values[slot]) if fixed
                                                            else 0.0))
                slot = held[slot]
            slots.append(slot)
        out = plan.place(index, args)
        values[index] = out
        arrays.add(index)
        array_code.append((_KERNELS[name][0], tuple(slots), out))
    copies = plan.copies(values, len(state))
    refills = tuple((slot, values[zero_d]) for slot, zero_d in held.items()
                    if slot < first_constant)   # t, lr and the numbers worked out each step
    return _runner(values, tuple(scalar_code), tuple(array_code), copies, refills, tr, step)


def _constant(values, number):
    """A slot holding ``number`` (appended to ``values``)."""
    values.append(number)
    return len(values) - 1


def _needed(tr):
    """Value numbers the outputs depend on."""
    needed, stack = set(), [v.index for v in tr.outputs]
    while stack:
        i = stack.pop()
        if i in needed:
            continue
        needed.add(i)
        if i >= tr.n_inputs:
            stack += [a[1] for a in tr.steps[i - tr.n_inputs][1] if isinstance(a, tuple)]
    return needed


def _last_uses(tr, needed):
    """Value number -> the last step (value number) reading it; outputs live to the end."""
    last = {}
    for i, (_, args, _) in enumerate(tr.steps):
        if tr.n_inputs + i in needed:
            for a in args:
                if isinstance(a, tuple):
                    last[a[1]] = tr.n_inputs + i
    end = tr.n_inputs + len(tr.steps)
    for v in tr.outputs:
        last[v.index] = end
    return last


class _Plan:
    """Which buffer each array result is written into.

    Buffers: the state's arrays (state array i ends holding output i), ``step``, and
    temporaries made as needed. A buffer holds one live value at a time; a result may take the
    buffer of an operand that dies at its step (a ufunc reads element k before writing it). An
    output's buffer (its home) takes other values only once its old content is dead and only
    values that die by the step making the output, which then stays there to the end."""

    def __init__(self, tr, state, step, last_use, temporary):
        self.last_use, self.temporary = last_use, temporary
        end = tr.n_inputs + len(tr.steps)
        self.outputs = list(zip((v.index for v in tr.outputs), (step,) + tuple(state)))
        self.homes = {}   # output value -> its buffer (its first one, if output twice)
        for value, buffer in self.outputs:
            self.homes.setdefault(value, buffer)
        self.where = {2 + i: buf for i, buf in enumerate(state)}   # value -> buffer holding it
        self.ready, self.until = {}, {}   # id(home) -> first and last step it may be written
        for value, buffer in self.outputs:
            old = [i for i, b in self.where.items() if b is buffer]
            self.ready[id(buffer)] = max([last_use.get(i, 0) for i in old] + [0])
            made = value if value >= tr.n_inputs else end
            self.until[id(buffer)] = min(self.until.get(id(buffer), end), made)
        self.held = {id(buf): i for i, buf in self.where.items() if i in last_use}
        self.free, self.temps = [], []
        self.shape = step.shape

    def place(self, index, args):
        """The buffer for value ``index``, made from ``args`` at this step."""
        dying = [a[1] for a in args if isinstance(a, tuple) and self.last_use.get(a[1]) == index]
        for d in dying:
            buf = self.where.get(d)
            if buf is not None and self.held.get(id(buf)) == d:
                del self.held[id(buf)]
                if any(buf is t for t in self.temps):
                    self.free.append(buf)
        home = self.homes.get(index)
        if home is not None:
            candidates, dies = [home], index
        else:
            candidates = [self.where.get(d) for d in dying] + list(self.homes.values())
            candidates, dies = candidates + self.free, self.last_use[index]
        for buf in candidates:
            if buf is not None and self._may_write(buf, index, dies):
                return self._hold(buf, index)
        buf = self.temporary(len(self.temps), self.shape)
        self.temps.append(buf)
        return self._hold(buf, index)

    def _may_write(self, buf, index, dies):
        """``buf`` may take a value made at step ``index`` and read until step ``dies``."""
        key = id(buf)
        return (key not in self.held and self.ready.get(key, 0) <= index
                and dies <= self.until.get(key, dies))

    def _hold(self, buf, index):
        self.held[id(buf)] = index
        self.free = [t for t in self.free if t is not buf]
        self.where[index] = buf
        return buf

    def copies(self, values, n_state):
        """``(value, target)`` for outputs not already in their buffer: the gradient or the point
        itself (SGD's first momentum buffer), or a result that had to go elsewhere."""
        out = []
        for value, target in self.outputs:
            if values[value] is not target:
                if 2 <= value < 2 + n_state:   # another field's old array: overwritten by now
                    raise TypeError("an optimizer rule may not move one state array to another")
                out.append((value, target))
        return tuple(out)


def _runner(values, scalar_code, array_code, copies, refills, tr, step):
    count, lr_slot = tr.count, tr.lr

    def update(t, lr):
        values[count], values[lr_slot] = t, lr
        for function, args, slot in scalar_code:
            if len(args) == 2:
                values[slot] = function(values[args[0]], values[args[1]])
            else:
                values[slot] = function(values[args[0]])
        for slot, zero_d in refills:
            zero_d[()] = values[slot]
        for function, args, out in array_code:
            if len(args) == 2:
                function(values[args[0]], values[args[1]], out)
            else:
                function(values[args[0]], out)
        for source, target in copies:
            np.copyto(target, values[source])
        return step

    return update
