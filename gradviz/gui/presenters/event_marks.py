"""The runs' events as marks on the curves of f and on the playback bar's step slider
(``views.event_marks``); clicking one seeks its step. Recomputed only when the runs change."""

from __future__ import annotations

import math

from gradviz.gui import theme
from gradviz.gui.presenters.later import Later
from gradviz.gui.views.event_marks import CurveMarks, Mark, SliderMarks
from gradviz.state import intents
from gradviz.state.changes import EVERYTHING
from gradviz.state.event_query import run_events


class EventMarksPresenter:
    def __init__(self, state, curves, slider):
        self.state = state
        seek = lambda k: state.apply(intents.Seek(k))   # noqa: E731
        self.curve_marks = CurveMarks(curves.f_plot, seek)
        self.slider_marks = SliderMarks(slider, seek)
        self._runs = None
        self._later = Later(state, self.show, curves)   # at a lower rate during a drag
        curves.f_plot.view_box.sigRangeChanged.connect(lambda *_: self.curve_marks.redraw())
        state.changed.connect(self._on_state_changed)
        self._on_state_changed(EVERYTHING)

    def _on_state_changed(self, parts) -> None:
        if "runs" in parts and self.state.runs is not self._runs:
            self._runs = self.state.runs
            self._later.ask()
        elif parts & {"log_f", "display"} and not self._later.pending:
            self.curve_marks.redraw()
        if "landscape" in parts:
            self._later.on_landscape()

    def show(self) -> None:
        runs = self.state.runs
        marks = []
        for event in run_events(self.state):
            values = runs[event.panel].trajectory.values
            y = float(values[event.step]) if event.step < len(values) else math.nan
            marks.append(Mark(event.step, event.kind, theme.panel_color(event.panel),
                              event.text, y))
        self.curve_marks.set_marks(marks)
        self.slider_marks.set_marks(marks)

    def marks(self) -> list:
        return list(self.curve_marks.marks)
