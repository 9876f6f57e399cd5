"""Mini-batches for stochastic gradients in the regression mode.

:class:`BatchSequence` says which points make up the batch of step k: each epoch is a fresh
shuffle of the n points (numpy ``default_rng([seed, epoch])``), cut into consecutive batches of
``batch_size``; the last batch of an epoch is smaller when batch_size does not divide n (as
PyTorch's ``DataLoader(shuffle=True, drop_last=False)``). It is a pure function of
(n, batch_size, seed, k): every panel given the same seed sees the same batches in the same
order, so a comparison of optimizers stays fair, and stepping back replays the same batches.

:class:`MiniBatchObjective` wraps a ``RegressionLoss`` for ``run()``: the gradient at step k is
the gradient of the loss over batch k only, the value is the full loss L (what the curves and
the divergence check should show). ``run()`` today calls ``value_and_gradient`` once per step,
k = 0, 1, ..., steps, in order, so the wrapper counts the calls; that is exact for one run of at
most ``trajectory.CHUNK`` starts on a fresh (or :meth:`reset`) wrapper. The clean way, for when
``run()`` can change: ``run()`` asks ``objective.at_step(k)`` (if present) for the objective of
step k and evaluates that; :meth:`at_step` is pure and already here.
"""

from __future__ import annotations

import math
import operator

import numpy as np


class BatchSequence:
    """Batches of ``batch_size`` indices into n points, epoch after epoch, from ``seed``."""

    def __init__(self, n: int, batch_size: int, seed: int = 0):
        self.n, self.batch_size, self.seed = (operator.index(n), operator.index(batch_size),
                                              operator.index(seed))
        if self.n < 1 or self.batch_size < 1 or self.seed < 0:
            raise ValueError(f"need n >= 1, batch_size >= 1 and seed >= 0, got "
                             f"{self.n}, {self.batch_size}, {self.seed}")
        self.batch_size = min(self.batch_size, self.n)
        self.per_epoch = math.ceil(self.n / self.batch_size)
        self._cached = (None, None)     # (epoch, permutation): batches are asked for in order

    def __repr__(self):
        return f"BatchSequence(n={self.n}, batch_size={self.batch_size}, seed={self.seed})"

    def permutation(self, epoch: int) -> np.ndarray:
        """The order of the n points in ``epoch`` (0-based), (n,) int."""
        if self._cached[0] != epoch:
            order = np.random.default_rng([self.seed, epoch]).permutation(self.n)
            order.flags.writeable = False
            self._cached = (epoch, order)
        return self._cached[1]

    def indices(self, step: int) -> np.ndarray:
        """The points in the batch of step ``step`` (0-based): an int array of at most
        ``batch_size`` distinct indices."""
        epoch, k = divmod(operator.index(step), self.per_epoch)
        return self.permutation(epoch)[k * self.batch_size:(k + 1) * self.batch_size]

    def epoch(self, epoch: int) -> list:
        """Every batch of ``epoch``: together they hold each point exactly once."""
        start = epoch * self.per_epoch
        return [self.indices(start + k) for k in range(self.per_epoch)]


class _StepObjective:
    """The objective of one step: value = full loss, gradient = the batch's gradient."""

    def __init__(self, loss, indices):
        self.loss, self.indices = loss, indices

    def value_and_gradient(self, w, b):
        value = self.loss.value(w, b)
        _, gw, gb = self.loss.batch_value_and_gradient(w, b, self.indices)
        return value, gw, gb


class MiniBatchObjective:
    """``loss`` with mini-batch gradients from ``batches`` (a :class:`BatchSequence`), for
    ``run()`` (see the module docstring). Give it to ``run()`` only: the landscape, probe and
    slices use ``.loss``, the exact full-batch loss. Has ``text``, ``parameters``, ``params``,
    ``gradient_text`` and ``with_params`` of the loss."""

    def __init__(self, loss, batches: BatchSequence):
        if batches.n != len(loss.data):
            raise ValueError(f"the batches are over {batches.n} points, the data has "
                             f"{len(loss.data)}")
        self.loss, self.batches = loss, batches
        self._calls = 0

    text = property(lambda self: self.loss.text)
    parameters = property(lambda self: self.loss.parameters)
    params = property(lambda self: self.loss.params)
    gradient_text = property(lambda self: self.loss.gradient_text)

    def with_params(self, **values):
        self.loss.with_params(**values)           # raises for any name: the loss has none
        return self

    def at_step(self, step: int) -> _StepObjective:
        """The objective of step ``step``: pure, for a ``run()`` that passes the step."""
        return _StepObjective(self.loss, self.batches.indices(step))

    def reset(self):
        """Start again from step 0 (before each ``run()`` with this wrapper)."""
        self._calls = 0

    def value_and_gradient(self, w, b):
        """(L, dL_B/dw, dL_B/db) with B the batch of the next step (call k uses batch k)."""
        result = self.at_step(self._calls).value_and_gradient(w, b)
        self._calls += 1
        return result

    def value(self, w, b):
        return self.loss.value(w, b)


class BatchGradients:
    """The mini-batch hook of ``run(..., minibatch=BatchGradients(loss, batches))``.

    ``run`` evaluates the full loss and its gradient at every point as usual (what the curves,
    the readouts and the divergence check show) and, before each update k, asks
    :meth:`gradient` for the gradient the optimizer is given instead: the gradient of the loss
    over batch k only. This is the same place in ``run`` where gradient noise is added (noise,
    if any, is added on top), so there is one path for stochastic gradients, not two.
    """

    def __init__(self, loss, batches: BatchSequence):
        if batches.n != len(loss.data):
            raise ValueError(f"the batches are over {batches.n} points, the data has "
                             f"{len(loss.data)}")
        self.loss, self.batches = loss, batches
        self._epoch, self._moments = None, None
        # what an epoch's moments depend on: the data (as bytes), n, batch size and seed
        self._key = (np.ascontiguousarray(loss.features, dtype=float).tobytes(),
                     np.ascontiguousarray(loss.data.y, dtype=float).tobytes(),
                     batches.n, batches.batch_size, batches.seed)

    def __repr__(self):
        return f"BatchGradients({self.batches!r})"

    def _epoch_moments(self, epoch):
        """[(mean x, mean x^2, mean x y, mean y) of each batch of ``epoch``], Python floats."""
        order = self.batches.permutation(epoch)
        u, y = self.loss.features[order], self.loss.data.y[order]
        starts = np.arange(0, len(order), self.batches.batch_size)
        sizes = np.diff(np.append(starts, len(order)))
        sums = [np.add.reduceat(v, starts) / sizes for v in (u, u * u, u * y, y)]
        return list(zip(*(s.tolist() for s in sums)))

    @property
    def spec(self) -> tuple:
        """(batch_size, seed): what a Trajectory records of its mini-batches."""
        return (self.batches.batch_size, self.batches.seed)

    def gradient(self, step: int, points: np.ndarray) -> np.ndarray:
        """The gradient of the loss over batch ``step`` at ``points (m, 2)``: ``(m, 2)``.

        L_B is quadratic, so its gradient is linear in (w, b) with the batch's moments:
        dL_B/dw = 2 (w mean_B(x^2) + b mean_B(x) - mean_B(x y)) and
        dL_B/db = 2 (w mean_B(x) + b - mean_B(y)) (x: the loss's features, scaled or not).
        A few operations a step, whatever the batch size: a run of 1,000 mini-batch steps
        costs about what a full-batch run costs."""
        mu, muu, muy, my = self._batch_moments(step)
        w, b = points[:, 0], points[:, 1]
        out = np.empty_like(points)
        with np.errstate(all="ignore"):
            out[:, 0] = 2.0 * (w * muu + b * mu - muy)
            out[:, 1] = 2.0 * (w * mu + b - my)
        return out

    def scalar_gradient(self, step: int, w: float, b: float) -> tuple[float, float]:
        """:meth:`gradient` at one point of Python floats (the single-start fast path): the
        same operations in the same order, so the same bits as the array version."""
        mu, muu, muy, my = self._batch_moments(step)
        return 2.0 * (w * muu + b * mu - muy), 2.0 * (w * mu + b - my)

    def _batch_moments(self, step):
        epoch, k = divmod(int(step), self.batches.per_epoch)
        if self._epoch != epoch:
            key = (self._key, epoch)
            moments = _MOMENTS.get(key)
            if moments is None:
                if len(_MOMENTS) >= MOMENTS_KEPT:
                    _MOMENTS.clear()
                moments = _MOMENTS[key] = self._epoch_moments(epoch)
            self._epoch, self._moments = epoch, moments
        return self._moments[k]


MOMENTS_KEPT = 20_000
"""Epochs whose batch moments are kept (:data:`_MOMENTS`). An epoch costs a shuffle
(``default_rng`` ~50-140 us) and four sums, ~0.1-0.3 ms: 1,000 steps in batches of 5 of 30
houses are 167 epochs, ~45 ms of a run that otherwise takes ~5. Every panel of a comparison,
and every rerun while a slider moves, asks for the same epochs: each is computed once."""
_MOMENTS: dict = {}
