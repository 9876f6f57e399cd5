"""A compiled :class:`~gradviz.engine.compiler.Program` bound to fixed buffers, for running it
again and again on arrays of one length (the optimizer loop of a batch of starts).

``Program.__call__`` allocates a fresh array for most intermediate results. On a chunk of
16,384 starts each such array is 128 KB, right at glibc's threshold for returning memory to
the system, so a step often pays for fresh pages rather than for arithmetic (measured: Adam on
Rosenbrock ran at a fifth of its speed in a tight loop for that reason alone). Here every
ufunc step whose result is a whole array writes into a buffer allocated once: a buffer is
taken back as soon as the value it holds is dead (its slot's last use), so a program needs
only a few; the outputs go straight into the caller's arrays.

The steps, their order, their operands and their kernels are those of the Program: ``out=``
only chooses where a ufunc writes its result, so every number is bit-identical to
``program(x, y, ...)``. Steps that are not plain ufuncs (``relu``, ``sigmoid``...), or whose
operands are all scalars (parameters and constants), run exactly as in ``Program.__call__``.
"""

from __future__ import annotations

import numpy as np


def bind(program, out, params=()):
    """``run(x, y)`` evaluating ``program`` at 1-d float64 arrays x, y of ``len(out[0])``.

    ``out``: one float64 array of that length per output, sharing no memory with x or y;
    ``run`` writes output i into ``out[i]`` and returns nothing. ``params`` are the
    program's further inputs (floats, the parameter values), fixed at binding.
    """
    length = len(out[0])
    n_inputs, slots, steps, outputs = program.parts()
    is_array = [i < 2 for i in range(n_inputs)] + [False] * (len(slots) - n_inputs)
    is_array += [False] * len(steps)
    targets = {}
    for slot, array in zip(outputs, out):
        if slot >= len(slots) and slot not in targets:
            targets[slot] = array
    last_use = {}
    for index, (_, args, _) in enumerate(steps):
        for a in args:
            last_use[a] = index
    base = list(slots)
    base[2:n_inputs] = params
    zero_d = {}   # slot of a number (constant or parameter) -> slot of it as a 0-d array
    held = {}     # slot -> the buffer holding its value
    free = []     # buffers whose values are dead
    code = []
    for index, (function, args, slot) in enumerate(steps):
        is_array[slot] = any(is_array[a] for a in args)
        # Buffers of operands that die here may take this step's result: a ufunc reads
        # element i before it writes element i, so writing over an operand is safe.
        for a in dict.fromkeys(args):
            if last_use[a] == index and a in held and a not in outputs:
                free.append(held.pop(a))
        buffer = None
        if isinstance(function, np.ufunc) and function.nout == 1 and is_array[slot]:
            buffer = targets.get(slot)
            if buffer is None:
                buffer = free.pop() if free else np.empty(length)
                held[slot] = buffer
            if function in _ARITHMETIC:
                args = [_as_zero_d(a, base, zero_d, len(steps)) if 2 <= a < len(slots) else a
                        for a in args]
        # out positionally where numpy takes it so (a keyword costs 0.1 us a call)
        positional = function in _ARITHMETIC or getattr(function, "nin", 0) == 1
        code.append((function, tuple(args), slot, buffer, positional))
    code = tuple(code)
    pad = [None] * len(steps) + [None] * len(zero_d)
    for number, at in zero_d.items():
        pad[at - len(base)] = np.array(float(base[number]))
    written = {slot for _, _, slot, buffer, _ in code
               if buffer is not None and buffer is targets.get(slot)}
    copies = [(i, slot) for i, slot in enumerate(outputs)
              if not (slot in written and targets[slot] is out[i])]

    def run(x, y):
        values = base + pad
        values[0], values[1] = x, y
        for function, args, slot, buffer, positional in code:
            if buffer is None:
                values[slot] = function(*[values[a] for a in args])
            elif not positional:
                values[slot] = function(*[values[a] for a in args], out=buffer)
            elif len(args) == 2:
                values[slot] = function(values[args[0]], values[args[1]], buffer)
            else:
                values[slot] = function(values[args[0]], buffer)
        for i, slot in copies:
            out[i][...] = values[slot]

    return run


_ARITHMETIC = (np.add, np.subtract, np.multiply, np.divide)
"""The ufuncs whose number operands are handed over as 0-d float64 arrays: numpy converts a
Python float to that very value on every call, and the conversion cost 0.4 us of the 0.8 us
a call on a small array took here; these four read it the same either way (IEEE operations)."""


def _as_zero_d(slot, base, zero_d, n_steps):
    """The slot of the number in ``slot`` as a 0-d array (placed after the steps' slots)."""
    if type(base[slot]) is not float:
        return slot
    if slot not in zero_d:
        zero_d[slot] = len(base) + n_steps + len(zero_d)
    return zero_d[slot]
