"""The regression mode of a Session: its data, its loss L(w, b), and what a switch resets.

In this mode (``session.mode == "regression"``) the landscape is the mean squared error of a line
y = w*x + b fitted to a data set (:class:`~gradviz.engine.regression.RegressionLoss`), over the
weight w (the landscape's x axis) and the bias b (its y axis); ``session.domain``, ``start``,
``view`` and ``probe`` are then (w, b) values, in the scaled coordinates (w', b') when feature
scaling is on. ``session.regression`` (a ``RegressionConfig``, None for the defaults) says which
data, whether the feature is scaled, and the mini-batch size and seed.

Entering the mode, switching scaling or loading data set the view and every panel's learning
rate from the loss (:func:`demo_hyper`), as choosing a preset does for a function. Pure: no Qt.
"""

from __future__ import annotations

import dataclasses
import math
from typing import NamedTuple

import numpy as np

from gradviz.engine.dataset import DataError, Dataset
from gradviz.engine.session import RegressionConfig

MODES = ("function", "regression")
MAX_POINTS = 2000
"""Points a session embeds (about 40 kB of JSON); a loaded CSV file with more is refused."""
MAX_BATCH = MAX_POINTS
MAX_SEED = 2**31 - 1
DEFAULT_START = (0.0, 0.0)   # the line y = 0: both scaled and unscaled, the same line


class Bundled(NamedTuple):
    file: str       # in resources/data
    title: str
    names: tuple    # axis titles, with units


BUNDLED = {"houses": Bundled("houses.csv", "House prices",
                             ("floor area (m\u00b2)", "price (1000s)"))}

# Learning rates a switch sets (see demo_hyper): for plain and momentum methods a fraction of
# 2/lambda_max, the largest stable rate of gradient descent on this loss; for the adaptive
# ones, whose steps are about lr in each coordinate, a fraction of the way to the minimum.
CURVATURE_LR = {"gd": 0.2, "momentum": 0.02, "nesterov": 0.02}
DISTANCE_LR = {"adam": 0.01, "adamw": 0.01, "amsgrad": 0.01, "rmsprop": 0.001, "adagrad": 0.1}


def config_of(session) -> RegressionConfig:
    """The session's regression settings (the defaults when it has none)."""
    return session.regression if session.regression is not None else RegressionConfig()


def dataset(config: RegressionConfig) -> Dataset:
    """The points of ``config``: the bundled set it names, or its embedded points.
    DataError (one line) when they cannot make a loss."""
    if config.points is not None:
        pts = np.array(config.points, dtype=np.float64).reshape(-1, 2)
        return Dataset(pts[:, 0], pts[:, 1], config.names, config.source)
    if config.data not in BUNDLED:
        raise DataError(f'no bundled data set "{config.data[:40]}" '
                        f"(bundled: {', '.join(BUNDLED)})")
    from gradviz.engine.dataset import load_csv
    from gradviz.resources import data_file

    data = load_csv(data_file(BUNDLED[config.data].file))
    return Dataset(data.x, data.y, BUNDLED[config.data].names, BUNDLED[config.data].title)


def loss_for(session):
    """The RegressionLoss of ``session``'s data, scaling and loss."""
    return loss_of(config_of(session))


def loss_of(config: RegressionConfig):
    """The RegressionLoss of ``config``: its data, scaling, loss and Huber's delta."""
    from gradviz.engine.regression import RegressionLoss

    return RegressionLoss(dataset(config), config.scaled, config.loss, config.huber_delta)


def axis_names(data: Dataset) -> tuple:
    """The data view's axis titles: the bundled set's, the CSV header's, or ("x", "y")."""
    return tuple(data.names) if data.names else ("x", "y")


def describe(loss) -> str:
    """One line about the loss: its points, scaling and condition number (another loss than
    the squared error is named, and its condition number is the Hessian's at the minimum)."""
    scaled = "scaled feature" if loss.scaled else "unscaled feature"
    key = loss.point_loss.key
    named = "" if key == "mse" else f", {loss.point_loss.name}" + (
        f" (δ = {loss.delta:g})" if key == "huber" else "")
    if key == "mae":
        return f"{len(loss.data)} points, {scaled}{named}: L is made of flat pieces (no curvature)"
    return (f"{len(loss.data)} points, {scaled}{named}: condition number "
            f"{format_condition(loss.condition_number)}")


def format_condition(kappa: float) -> str:
    """1, 12, 1,290 or 128,699: a condition number as a whole number with separators."""
    if not math.isfinite(kappa):
        return "infinite"
    return f"{kappa:,.0f}" if kappa >= 10 else f"{kappa:.3g}"


def _nice(value: float) -> float:
    """``value`` to two significant digits (a learning rate a person can read and type)."""
    if not (math.isfinite(value) and value > 0):
        return 1e-3
    return float(f"{value:.2g}")


def demo_hyper(loss, optimizer: str, start=DEFAULT_START) -> dict:
    """{"lr": ...} for ``optimizer`` on ``loss`` from ``start``.

    Gradient descent: ``0.2 / lambda_max``, a tenth of its largest stable rate 2/lambda_max
    (lambda_max: the Hessian's largest eigenvalue); momentum methods a tenth of that again,
    since momentum 0.9 makes the steps up to 10 times longer. Adaptive methods: ``c * max(|w* - w0|, |b* - b0|)``
    (Adam's steps are about lr long in each coordinate, so lr 1/100 of the way there arrives
    in about a hundred steps). Rounded to two significant digits. A loss without a constant
    curvature (mean absolute error, Huber) sets every plain and momentum method by distance
    too: ``lr |grad L(start)|`` is then 1/100 of the way (momentum methods a tenth of that).
    """
    if optimizer in CURVATURE_LR and loss.point_loss.key != "mse":
        distance = max(abs(loss.minimum[0] - start[0]), abs(loss.minimum[1] - start[1]))
        slope = float(np.hypot(*loss.gradient(*start)))
        share = 0.01 * CURVATURE_LR[optimizer] / CURVATURE_LR["gd"]
        return {"lr": _nice(share * distance / slope if slope > 0 else 0.0)}
    if optimizer in CURVATURE_LR:
        return {"lr": _nice(CURVATURE_LR[optimizer] / loss.eigenvalues[1])}
    distance = max(abs(loss.minimum[0] - start[0]), abs(loss.minimum[1] - start[1]))
    return {"lr": _nice(DISTANCE_LR.get(optimizer, 0.01) * distance)}


def view_domain(loss, start=DEFAULT_START, margin: float = 0.35):
    """((w_lo, w_hi), (b_lo, b_hi)): a square box (the same span on both axes, so a round
    valley looks round and a ravine as thin as it is) around the start and the least-squares
    minimum, ``margin`` times their distance beyond each; at least 1e-6 wide."""
    (w0, b0), (w1, b1) = start, loss.minimum
    half = max(abs(w1 - w0), abs(b1 - b0), 1e-6) * (0.5 + margin)
    cw, cb = (w0 + w1) / 2, (b0 + b1) / 2
    return ((float(cw - half), float(cw + half)), (float(cb - half), float(cb + half)))


def setup(session, config: RegressionConfig, start=DEFAULT_START):
    """``session`` in the regression mode with ``config``: the square view around ``start``
    and the minimum (:func:`view_domain`), that start, and every panel's learning rate from
    :func:`demo_hyper` (its other hyperparameters kept). No zoom, no pinned probe. Coming from
    the function mode, the curves show L on a log axis: a loss falls by orders of magnitude
    (the houses' from ~2e5 to ~2e3), and on a linear axis all but the first steps lie flat."""
    loss = loss_of(config)
    start = (float(start[0]), float(start[1]))
    panels = tuple(p.with_hyper(**demo_hyper(loss, p.optimizer, start))  # schedules stay
                   for p in session.panels)
    display = session.display
    if session.mode != "regression":
        display = dataclasses.replace(display, log_f=True)
    return session.replace(mode="regression", regression=config, domain=view_domain(loss, start),
                           start=start, panels=panels, view=None, probe=None, current_step=0,
                           display=display)


def with_scaling(session, scaled: bool):
    """Feature scaling on or off. The start becomes the same line in the new coordinates
    (w' = w*sigma, b' = b + w*mu and back), so both runs begin from the same fitted line."""
    config = config_of(session)
    if bool(scaled) == config.scaled:
        return session
    old = loss_for(session)
    w, b = old.to_original(*session.start)
    new = old.with_scaling(bool(scaled))
    start = tuple(float(v) for v in new.from_original(w, b))
    return setup(session, config.replace(scaled=bool(scaled)), start)


def embedded(data: Dataset, source: str = "") -> RegressionConfig:
    """A config holding ``data``'s points (DataError beyond MAX_POINTS)."""
    if len(data) > MAX_POINTS:
        raise DataError(f"{len(data):,} points; gradviz fits at most {MAX_POINTS:,}")
    points = tuple((float(x), float(y)) for x, y in zip(data.x, data.y))
    names = tuple(str(n)[:40] for n in data.names) if data.names else None
    return RegressionConfig(data="", points=points, names=names, source=str(source)[:200])


def batch_hook(loss, session):
    """The mini-batch gradient hook for ``run`` (``minibatch=``), or None for full batches."""
    config = config_of(session)
    if config.batch_size <= 0 or config.batch_size >= len(loss.data):
        return None
    from gradviz.engine.losses import PointBatchGradients
    from gradviz.engine.minibatch import BatchGradients, BatchSequence

    batches = BatchSequence(len(loss.data), config.batch_size, config.seed)
    if loss.point_loss.key != "mse":   # BatchGradients' batch moments hold for r^2 only
        return PointBatchGradients(loss, batches)
    return BatchGradients(loss, batches)


class LeastSquares(NamedTuple):
    """The least-squares minimum, marked on the landscape like a preset's known minimum."""

    x: float
    y: float
    kind: str = "global"


def minima(loss) -> tuple:
    return (LeastSquares(*loss.minimum),)
