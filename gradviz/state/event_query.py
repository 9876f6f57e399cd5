"""The events of the runs on screen (``engine.events.session_events``), computed once per set
of runs: the curves and the step slider both ask, and nothing changes between runs."""

from __future__ import annotations

_last = [None, ()]   # (what they were computed from, the events)


def run_events(state) -> tuple:
    """Every ``engine.events.Event`` of the state's runs, by step; () before any run."""
    runs = state.runs
    if state.objective is None or not runs:
        return ()
    key = (id(state.objective), tuple(map(id, runs)), state.session.domain)
    if _last[0] != key:
        from gradviz.engine.events import session_events

        _last[:] = [key, tuple(session_events(state.objective, state.session,
                                              [run.trajectory for run in runs]))]
    return _last[1]
