"""The loss as a sum over houses, on the regression data view (``views.house_marks``): each
house's residual to the inspected panel's line at the current step (display options
``residuals``, ``residual_squares``), the houses of the step's mini-batch ringed, and the
houses dragged or added by the person (``MoveHouse``, ``AddHouse``)."""

from __future__ import annotations

import numpy as np

from gradviz.gui.presenters.follow import follow
from gradviz.gui.presenters.labels import line_of
from gradviz.gui.presenters.regression import regression_loss
from gradviz.state import intents

PARTS = frozenset({"objective", "runs", "step", "inspected", "display", "regression", "mode"})


class HousesPresenter:
    def __init__(self, state, view):
        self.state, self.marks = state, view.marks
        self.marks.house_moved.connect(
            lambda index, x, y: state.apply(intents.MoveHouse(index, x, y)))
        self.marks.house_added.connect(lambda x, y: state.apply(intents.AddHouse(x, y)))
        follow(state, [(PARTS, self.show)])

    def show(self) -> None:
        state, marks = self.state, self.marks
        loss = regression_loss(state)
        if loss is None or not state.runs:
            marks.set_residuals([], [], [])
            marks.set_batch([], [])
            return
        index = min(state.view.inspected, len(state.runs) - 1)
        k = state.step
        x, y = loss.data.x, loss.data.y
        display = state.session.display
        if display.residuals:
            w, b = loss.to_original(*line_of(state.runs[index], k))
            with np.errstate(all="ignore"):
                fitted = w * x + b
            marks.set_residuals(x, y, fitted, squares=display.residual_squares)
        else:
            marks.set_residuals([], [], [])
        batch = self._batch(loss, k)
        if batch is None:
            marks.set_batch([], [])
        else:
            marks.set_batch(x[batch], y[batch])

    def _batch(self, loss, k):
        """The houses of update k's mini-batch (the run's own), None for the full batch."""
        from gradviz.engine.losses import batch_indices
        from gradviz.engine.regression_mode import config_of

        config = config_of(self.state.session)
        return batch_indices(loss, config.batch_size, config.seed, k)
