"""The loss of a real model: the error of a line fitted to data, over (w, b).

For points (x_i, y_i), i = 1..n, and the line y = w*x + b, by default the mean squared error::

    L(w, b) = (1/n) * sum_i (w*x_i + b - y_i)^2

(``loss="mae"`` and ``loss="huber"`` choose another loss of each residual: see
:mod:`gradviz.engine.losses`; their L is summed point by point, n operations a point, and
their minimum is searched for by :mod:`gradviz.engine.line_fit`. What follows is the squared
error's closed form.)

:class:`RegressionLoss` is an objective like ``Objective`` (``value``, ``gradient``,
``value_and_gradient`` over arrays of any shape, ``text``, ``parameters``, ``params``,
``gradient_text``, ``with_params``), with w on the landscape's x axis and b on its y axis, so
``run(loss, "gd", start=(0, 0), steps=...)`` works unchanged. It is computed in closed form
from the data's moments (mean and variance of x and y, their covariance), so a 1000x1000 grid
costs a few multiplications a point, whatever n is::

    L(w, b) = L* + var(x) * (w - w*)^2 + (w*mean(x) + b - mean(y))^2

with the least-squares line w* = cov(x, y)/var(x), b* = mean(y) - w*·mean(x) and its error
L* = mean((w*·x_i + b* - y_i)^2) (variances and covariance divide by n). The form is exact
algebra (expand the square around the means) and avoids the cancellation of the raw sums.

The Hessian is constant: H = 2 [[mean(x^2), mean(x)], [mean(x), 1]]. With floor areas of
40-220 m^2, mean(x^2) is about 19,000 against 1: the level sets of L are long thin ellipses
(a ravine) and gradient descent needs a learning rate below 2/lambda_max, which crawls along
the ravine. Feature scaling (``scaled=True``) fits on x' = (x - mean(x))/std(x) instead: then
H = 2 I and the level sets are circles (condition number 1).
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import losses
from gradviz.engine.dataset import DataError, Dataset, load_csv, parse_csv  # noqa: F401
from gradviz.resources import data_file

HOUSES = "houses.csv"


def houses() -> Dataset:
    """The bundled data set: 30 synthetic houses, floor area (m^2) against price (thousands)."""
    return load_csv(data_file(HOUSES))


def _fmt(v: float) -> str:
    return f"{v:.6g}"


class RegressionLoss:
    """L(w, b) = mean(l(w*x_i + b - y_i)) over a :class:`Dataset` (see the module docstring),
    l the squared error unless ``loss`` names another (:data:`losses.LOSSES`; ``delta`` is
    Huber's, in y's units).

    ``scaled=False``: x_i are the data's x (floor area in m^2). ``scaled=True``: x_i are the
    standardised x'_i = (x_i - mu)/sigma, mu = mean(x), sigma = std(x) (dividing by n); a line
    y = w'*x' + b' is the line y = w*x + b in the data's units with
    ``w = w'/sigma`` and ``b = b' - w'*mu/sigma`` (:meth:`to_original`; the inverse,
    ``w' = w*sigma``, ``b' = b + w*mu``, is :meth:`from_original`).

    Evaluation takes scalars or arrays (broadcast together), returns float64 (a numpy scalar
    for scalar inputs), never raises and never warns (overflow gives inf).
    """

    parameters = ()

    def __init__(self, data: Dataset, scaled: bool = False, loss: str = "mse",
                 delta: float = losses.DEFAULT_DELTA):
        self.data = data
        self.scaled = bool(scaled)
        self.point_loss = losses.get_loss(loss)
        """The loss of one residual (:class:`losses.PointLoss`)."""
        self.delta = float(delta)
        self._closed = self.point_loss.key == "mse"   # the closed form below holds
        x, y = data.x, data.y
        self.mu = float(x.mean())
        self.sigma = float(x.std())
        u = (x - self.mu) / self.sigma if self.scaled else x
        self.features = u                       # the x_i the loss is over, (n,)
        self._mx, self._my = float(u.mean()), float(y.mean())
        du, dy = u - self._mx, y - self._my
        self._vx = float(du @ du) / len(u)      # var(x), > 0 (Dataset refuses equal x)
        if self.scaled:   # exactly 0 and 1 by construction; rounding would print 5.9e-17*b
            self._mx, self._vx = 0.0, 1.0
        cov = float(du @ dy) / len(u)
        w = cov / self._vx
        b = self._my - w * self._mx
        self.minimum = (w, b)
        """The least-squares line (w*, b*) in this loss's coordinates (scaled if ``scaled``)."""
        r = w * u + b - y
        self.min_value = float(r @ r) / len(u)
        """L* = L(w*, b*), the smallest mean squared error any line reaches."""
        mxx = self._vx + self._mx ** 2
        self.hessian = 2.0 * np.array([[mxx, self._mx], [self._mx, 1.0]])
        """The constant Hessian of L, (2, 2): 2 [[mean(x^2), mean(x)], [mean(x), 1]]."""
        self.hessian.flags.writeable = False
        eig = np.linalg.eigvalsh(self.hessian)
        self.eigenvalues = (float(eig[0]), float(eig[1]))
        self.condition_number = float(eig[1] / eig[0])
        """lambda_max / lambda_min of the Hessian: the ravine's steepness ratio (1 = round)."""
        self._mxx, self._mxy = mxx, cov + self._mx * self._my
        if not self._closed:
            self._search_minimum()

    def _search_minimum(self):
        """minimum, min_value, hessian (at the minimum), eigenvalues and condition_number of a
        loss without a closed form (the least-squares line starts the search)."""
        from gradviz.engine.line_fit import best_line

        self.minimum = best_line(self.features, self.data.y, self.point_loss, self.delta,
                                 self.minimum)
        self.min_value = float(self.value(*self.minimum))
        self.hessian = self.hessian_at(*self.minimum)
        eig = np.linalg.eigvalsh(self.hessian)
        self.eigenvalues = (float(eig[0]), float(eig[1]))
        self.condition_number = float(eig[1] / eig[0]) if eig[0] > 0 else (
            float("inf") if eig[1] > 0 else float("nan"))

    def __repr__(self):
        kind = "" if self._closed else f", loss={self.point_loss.key!r}"
        return f"RegressionLoss({len(self.data)} points, scaled={self.scaled}{kind})"

    def hessian_at(self, w, b) -> np.ndarray:
        """The Hessian of L at one (w, b), (2, 2): mean(l''(r_i) (x_i, 1)(x_i, 1)^T); constant
        for the squared error. Read-only."""
        if self._closed:
            return self.hessian
        u = self.features
        with np.errstate(all="ignore"):
            k = self.point_loss.bend(float(w) * u + float(b) - self.data.y, self.delta)
            h = np.array([[np.mean(k * u * u), np.mean(k * u)], [np.mean(k * u), np.mean(k)]])
        h.flags.writeable = False
        return h

    @property
    def text(self) -> str:
        """The loss as a one-line formula, naming the feature and the data set's size."""
        feature = "x'" if self.scaled else "x"
        residual = f"w*{feature} + b - y"
        term = {"mse": f"({residual})^2", "mae": f"|{residual}|",
                "huber": f"huber({residual}, δ={_fmt(self.delta)})"}[self.point_loss.key]
        text = f"mean({term}) over {len(self.data)} points"
        if self.scaled:
            text += f", x' = (x - {_fmt(self.mu)})/{_fmt(self.sigma)}"
        return text

    @property
    def params(self) -> dict:
        return {}

    @property
    def gradient_text(self) -> tuple:
        """(dL/dw, dL/db) with the data's means substituted:
        2*(mean(x^2)*w + mean(x)*b - mean(x*y)) and 2*(mean(x)*w + b - mean(y)); for another
        loss, mean(l'(r)*x) and mean(l'(r)) with r = w*x + b - y."""
        if not self._closed:
            slope = {"mae": "sign(r)", "huber": f"clip(r, -{_fmt(self.delta)}, "
                                                 f"{_fmt(self.delta)})"}[self.point_loss.key]
            feature = "x'" if self.scaled else "x"
            return f"mean({slope}*{feature})", f"mean({slope})"
        if self.scaled:   # mean(x') = 0, mean(x'^2) = 1
            return f"2*(w - {_fmt(self._mxy)})", f"2*(b - {_fmt(self._my)})"
        return (f"2*({_fmt(self._mxx)}*w + {_fmt(self._mx)}*b - {_fmt(self._mxy)})",
                f"2*({_fmt(self._mx)}*w + b - {_fmt(self._my)})")

    def with_params(self, **values) -> "RegressionLoss":
        """The loss has no parameters: ``with_params()`` is the loss itself."""
        if values:
            raise ValueError(f"unknown parameter(s) {sorted(values)}; this loss has none")
        return self

    def with_scaling(self, scaled: bool) -> "RegressionLoss":
        """The same data and loss with feature scaling on or off."""
        if bool(scaled) == self.scaled:
            return self
        return RegressionLoss(self.data, scaled, self.point_loss.key, self.delta)

    # -- evaluation -------------------------------------------------------------------------

    def value_and_gradient(self, w, b):
        """(L, dL/dw, dL/db) at (w, b): dL/dw = 2*var(x)*(w - w*) + 2*mean(x)*m and
        dL/db = 2*m, where m = w*mean(x) + b - mean(y) is the mean residual (another loss:
        :func:`losses.mean_terms`)."""
        if not self._closed:
            return losses.mean_terms(self.point_loss, self.delta, self.features, self.data.y,
                                     w, b)
        w, b, shape = _inputs(w, b)
        with np.errstate(all="ignore"):
            m = w * self._mx + b - self._my
            dw = w - self.minimum[0]
            value = self.min_value + self._vx * dw * dw + m * m
            gw = 2.0 * (self._vx * dw + self._mx * m)
            gb = 2.0 * m
        return tuple(_out(a, shape) for a in (value, gw, gb))

    def scalar_value_and_gradient(self):
        """``evaluate(w, b) -> (L, dL/dw, dL/db)`` on Python floats, for ``run()``'s
        single-start fast path: the operations of :meth:`value_and_gradient` in the same order,
        so the numbers are bit-identical (IEEE doubles either way; overflow gives inf)."""
        if not self._closed:
            return losses.scalar_terms(self.point_loss, self.delta, self.features, self.data.y)
        mx, my, vx, w_star, base = self._mx, self._my, self._vx, self.minimum[0], self.min_value

        def evaluate(w, b):
            m = w * mx + b - my
            dw = w - w_star
            return base + vx * dw * dw + m * m, 2.0 * (vx * dw + mx * m), 2.0 * m

        return evaluate

    def value(self, w, b):
        """L(w, b)."""
        return self.value_and_gradient(w, b)[0]

    def gradient(self, w, b):
        """(dL/dw, dL/db) at (w, b)."""
        return self.value_and_gradient(w, b)[1:]

    def batch_value_and_gradient(self, w, b, indices):
        """(L_B, dL_B/dw, dL_B/db) of the loss over the points ``indices`` only (a mini-batch B):
        L_B = mean over i in B of l(w*x_i + b - y_i). ``w``, ``b`` broadcast to a shape S,
        ``indices`` is an int array (k,); results have shape S. Costs k operations a point."""
        idx = np.asarray(indices, dtype=np.intp).reshape(-1)
        u, y = self.features[idx], self.data.y[idx]
        if not self._closed:
            return losses.mean_terms(self.point_loss, self.delta, u, y, w, b)
        w, b, shape = _inputs(w, b)
        with np.errstate(all="ignore"):
            w, b = np.broadcast_arrays(w, b)
            r = w[..., None] * u + b[..., None] - y          # residuals, S + (k,)
            value = (r * r).mean(axis=-1)
            gw = 2.0 * (r * u).mean(axis=-1)
            gb = 2.0 * r.mean(axis=-1)
        return tuple(_out(a, shape) for a in (value, gw, gb))

    # -- units and views --------------------------------------------------------------------

    def to_original(self, w, b):
        """(w, b) of this loss as the line y = w*x + b in the data's units (arrays broadcast)."""
        if not self.scaled:
            return w, b
        w = np.asarray(w, dtype=np.float64)
        return w / self.sigma, b - w * self.mu / self.sigma

    def from_original(self, w, b):
        """The inverse of :meth:`to_original`."""
        if not self.scaled:
            return w, b
        w = np.asarray(w, dtype=np.float64)
        return w * self.sigma, b + w * self.mu

    def domain(self, start=(0.0, 0.0), margin: float = 1.25):
        """((w_lo, w_hi), (b_lo, b_hi)): a view centred on the minimum that holds the whole level
        set of L through ``start`` (its bounding box, times ``margin``), so the start, the
        minimum and the ravine between them are all on screen.

        The level set {L = L* + c} is the ellipse d^T A d = c, d = (w, b) - (w*, b*), A = H/2;
        its half-width along axis i is sqrt(c * (A^-1)_ii). (For the squared error: another
        loss's Hessian at its minimum may be singular.)
        """
        c = float(self.value(*start)) - self.min_value
        if not c > 0:     # the start is the minimum (or not finite): show the scale of L*
            c = self.min_value if self.min_value > 0 else 1.0
        inverse = np.linalg.inv(self.hessian / 2.0)
        half = margin * np.sqrt(c * np.diag(inverse))
        (w, b) = self.minimum
        return ((float(w - half[0]), float(w + half[0])), (float(b - half[1]), float(b + half[1])))


def _inputs(w, b):
    w = np.asarray(w, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return w, b, np.broadcast_shapes(w.shape, b.shape)


def _out(a, shape):
    """A fresh float64 array of ``shape`` (a numpy scalar for shape ())."""
    out = np.empty(shape, dtype=np.float64)
    out[...] = a
    return out[()] if shape == () else out
