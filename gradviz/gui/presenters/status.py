"""The status bar: a problem the state reports, and what the regression mode's landscape is."""

from __future__ import annotations

from gradviz.gui.presenters.regression import regression_loss

PROBLEM_MS = 10_000
REGRESSION_NOTE = ("Regression: the landscape is the mean squared error L(w, b) of the line "
                   "y = w\u00b7x + b. Play to watch each panel fit it.")


class StatusPresenter:
    def __init__(self, state, status_bar):
        self.state, self.status_bar = state, status_bar
        state.changed.connect(self._on_state_changed)

    def _on_state_changed(self, parts) -> None:
        if "problem" in parts:
            self.status_bar.showMessage(self.state.problem.text, PROBLEM_MS)
        elif "objective" in parts and regression_loss(self.state) is not None:
            self.status_bar.showMessage(REGRESSION_NOTE, PROBLEM_MS)
