"""The learning-rate limit on each panel's lr slider: 2/λmax at the minimum the panel heads for
(``state.queries.minimum_curvature``), the largest rate with which gradient descent settles
there, marked on the slider of every optimizer whose lr is a step size, and said in words
under gradient descent's ("lr 0.11 is above 2/λmax = 0.1: each step overshoots further",
``engine.curvature.lr_statement``). Newton and the line search have no such limit: no mark."""

from __future__ import annotations

from gradviz.engine.optimizers import OPTIMIZERS
from gradviz.gui.presenters.follow import follow
from gradviz.state.queries import minimum_curvature

PARTS = frozenset({"objective", "landscape", "runs", "panels"})


class LrLimitPresenter:
    def __init__(self, state, controls):
        self.state, self.controls = state, controls
        follow(state, [(PARTS, self.show)])

    def show(self) -> None:
        from gradviz.engine.curvature import lr_statement

        state = self.state
        for i, (panel, settings) in enumerate(zip(state.session.panels,
                                                  self.controls.optimizers)):
            c = None if OPTIMIZERS[panel.optimizer].look is not None else \
                minimum_curvature(state, i)
            if c is None:
                settings.set_lr_limit(None, "")
                continue
            lr = panel.hyper.get("lr", OPTIMIZERS[panel.optimizer].defaults["lr"])
            words = lr_statement(float(lr), c) if panel.optimizer == "gd" else ""
            settings.set_lr_limit(c.max_stable_lr, words)
