"""``Objective``: f(x, y) and its exact gradient, compiled for numpy arrays.

The work that does not depend on the parameter values (graph, gradient, programs) is a
:class:`~gradviz.engine.formula.Formula`, shared by ``with_params``. No sympy: formulas are
printed (``gradient_text``, ``print_gradient``) by :mod:`gradviz.engine.symbolic`, loaded then.
"""

import math

import numpy as np

class Objective:
    """A function f(x, y) with its exact gradient.

    Build one with :func:`gradviz.engine.expression.parse_expression`. ``value``,
    ``gradient`` and ``value_and_gradient`` take scalars or arrays (broadcast together) and
    return float64 of the broadcast shape (a numpy scalar for scalar inputs). They never raise
    and never warn: overflow gives inf and a domain error (``log(-1)``) gives NaN.

    Where the derivative is undefined a stated subgradient is used: d/dx abs(x) = sign(x)
    (0 at 0), a max/min tie gives one half to each side, relu'(0) = 0.
    """

    def __init__(self, text, formula, params=None):
        self._text = text
        self._names = formula.names
        self._formula = formula
        values = {name: 1.0 for name in self._names}
        for name, value in (params or {}).items():
            if name in values:
                values[name] = _finite(name, value)
        self._params = values
        self._param_values = tuple(values[n] for n in self._names)

    def __repr__(self):
        params = "".join(f", {k}={v:g}" for k, v in self._params.items())
        return f"Objective({self._text!r}{params})"

    @property
    def text(self):
        """The source text, as typed."""
        return self._text

    @property
    def expr(self):
        """f as a sympy expression in the symbols x, y and the parameters (for printing;
        converted on first use, with no time limit)."""
        return self._formula.sympy_value

    @property
    def parameters(self):
        """Parameter names, in order of first appearance in the text."""
        return self._names

    @property
    def params(self):
        """Current parameter values (a copy)."""
        return dict(self._params)

    @property
    def gradient_expr(self):
        """(df/dx, df/dy) as sympy expressions (see ``expr``)."""
        return self._formula.sympy_gradient

    @property
    def gradient_text(self):
        """(df/dx, df/dy) as readable one-line formulas, in the grammar the user types;
        "(too long to print)" for both past half a second (see ``print_gradient``)."""
        return self._formula.printed("gradient")

    def print_gradient(self, deadline=None):
        """``gradient_text`` within ``deadline`` (a ``time.monotonic()`` value; default half
        a second from now): sympy prints it, which can take long on a large formula, so a
        window calls this off its GUI thread. Kept once printed (shared by ``with_params``)."""
        return self._formula.printed("gradient", deadline)

    @property
    def text_of_value(self):
        """f as gradviz reads it (a check that the text meant what the user thought)."""
        return self._formula.printed("value")[0]

    def graph_of_value(self):
        """(graph, f): the engine's expression graph of f (:mod:`gradviz.engine.graph`) and f's
        node in it, for drawing f's computation (:mod:`gradviz.engine.backprop`). Read only:
        the graph is shared by every Objective of this formula."""
        return self._formula.graph, self._formula.f

    def with_params(self, **values):
        """A new Objective with some parameter values changed; the compiled code is shared."""
        unknown = sorted(set(values) - set(self._names))
        if unknown:
            raise ValueError(f"unknown parameter(s) {unknown}; this function has {list(self._names)}")
        return Objective(self._text, self._formula, {**self._params, **values})

    def value(self, x, y):
        """f(x, y)."""
        return self._run(self._formula.value, x, y)[0]

    def gradient(self, x, y):
        """(df/dx, df/dy) at (x, y)."""
        return tuple(self._run(self._formula.grad, x, y))

    def hessian(self, x, y):
        """(f_xx, f_xy, f_yy) at (x, y), exact (the engine's reverse mode, run twice); the
        stated subgradients of ``abs``, ``max``... are differentiated again (0 away from a
        kink). Compiled on first use, shared by ``with_params``."""
        return tuple(self._run(self._formula.hessian, x, y))

    def hessian_at(self, x, y):
        """The Hessian at one point as a (2, 2) float64 array [[f_xx, f_xy], [f_xy, f_yy]]."""
        fxx, fxy, fyy = (float(v) for v in self.hessian(float(x), float(y)))
        return np.array([[fxx, fxy], [fxy, fyy]])

    def value_and_gradient(self, x, y, out=None):
        """(f, df/dx, df/dy), sharing the work between the three.

        ``out``: optional three float64 arrays of the broadcast shape of x and y (sharing no
        memory with them) to write the results into; they are returned. Saves a temporary and a
        copy per output on large grids.
        """
        if out is not None:
            return self._run_into(self._formula.both, x, y, out)
        return tuple(self._run(self._formula.both, x, y))

    def evaluate_grid(self, xs, ys, rows):
        """(f, df/dx, df/dy) on the grid x = xs (nx,), y = ys (ny,), nx, ny >= 2: read-only
        float64 (ny, nx) arrays, row i at ys[i], evaluated ``rows`` rows at a time on broadcast
        axes; an output of x alone (or y alone) is a broadcast view of one row (column).
        See :mod:`gradviz.engine.gridding`."""
        from gradviz.engine.gridding import evaluate

        xs = np.asarray(xs, dtype=np.float64)
        ys = np.asarray(ys, dtype=np.float64)
        with np.errstate(all="ignore"):
            return evaluate(self._formula.both, self._param_values, xs, ys, rows)

    def scalar_value_and_gradient(self):
        """``evaluate(x, y) -> [f, df/dx, df/dy]`` on Python floats, bit-identical to
        ``value_and_gradient`` (``Program.scalar``); call it inside ``np.errstate(all="ignore")``.
        For one point at a time, where numpy's per-call overhead would dominate."""
        evaluate = self._formula.both_scalar()
        params = self._param_values
        return (lambda x, y: evaluate(x, y, *params)) if params else evaluate

    def scalar_hessian(self):
        """``evaluate(x, y) -> [f_xx, f_xy, f_yy]`` on Python floats, bit-identical to
        ``hessian`` (``Program.scalar``); call it inside ``np.errstate(all="ignore")``. For
        Newton's method on one start (:mod:`gradviz.engine.single`)."""
        evaluate = self._formula.hessian.scalar()
        params = self._param_values
        return (lambda x, y: evaluate(x, y, *params)) if params else evaluate

    def bound_evaluator(self, out):
        """``evaluate(x, y)`` writing f, df/dx, df/dy at 1-d float64 arrays x, y into ``out``
        (three float64 arrays of their length, sharing no memory with them), its temporaries
        allocated once (:mod:`gradviz.engine.buffered`): for evaluating again and again at
        the same size. Bit-identical to ``value_and_gradient``; call it inside
        ``np.errstate(all="ignore")``."""
        from gradviz.engine.buffered import bind

        return bind(self._formula.both, out, self._param_values)

    def _run_into(self, program, x, y, out):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        shape = np.broadcast_shapes(x.shape, y.shape)
        if len(out) != 3 or any(not isinstance(o, np.ndarray) or o.shape != shape
                                or o.dtype != np.float64 for o in out):
            raise ValueError(f"out must be three float64 arrays of shape {shape}")
        with np.errstate(all="ignore"):
            results = program(x, y, *self._param_values, out=out)
        for target, result in zip(out, results):
            if result is not target:
                target[...] = result
        return tuple(out)

    def _run(self, program, x, y):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        shape = np.broadcast_shapes(x.shape, y.shape)
        with np.errstate(all="ignore"):
            results = program(x, y, *self._param_values)
        # Common-subexpression elimination can hand back one array for two outputs (sin(x + y):
        # df/dx is df/dy); each output must be its own array, so a repeat is copied.
        shaped = []
        for r in results:
            shaped.append(_shaped(r, shape, x, y, *shaped))
        return shaped


def _shaped(result, shape, *inputs):
    """``result`` as a fresh float64 array of ``shape`` (a numpy scalar for shape ())."""
    is_fresh = isinstance(result, np.ndarray) and not any(result is i for i in inputs)
    if not (is_fresh and result.shape == shape and result.dtype == np.float64):
        out = np.empty(shape, dtype=np.float64)
        out[...] = result
        result = out
    return result[()] if shape == () else result


def _finite(name, value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"parameter {name!r} must be a number, not {value!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"parameter {name!r} must be finite, not {value}")
    return value
