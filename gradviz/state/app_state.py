"""``AppState``: the one source of truth of the window (and of pictures rendered without one).

It holds the document (an ``engine.session.Session``), what is computed from it (objective,
gradient formulas, landscape, runs), what the person points at and where playback stands.
It changes only through ``apply(intent)``: the intent's handler (a plain function in
``edits``, ``playback``, ``regression`` or ``document``) says what to change, the state does it,
recomputes exactly the parts whose inputs changed (``derived``), and announces the change once
on ``changed`` with the names of the parts that changed, e.g. ``{"session", "panels", "runs"}``.
No change, no event. It never imports Qt.

A new function (typed, a preset, a file) is prepared by a job (``derived.prepare``) on the job
runner it was given, and committed when the job succeeds; a newer one makes an older job's
result stale. Everything else is computed at once (one panel's run of 1,000 steps: ~7 ms).
While a parameter is dragged the landscape is sampled on a coarse grid, and the full one is
computed by a job when the drag pauses (``derived.COARSE_GRID``, ``SETTLE``).
"""

from __future__ import annotations

import math
import time
from typing import NamedTuple

from gradviz.engine import session as sessions
from gradviz.state import changes, derived, document, edits, lesson_play, playback, regression
from gradviz.state.events import Event
from gradviz.state.history import NEVER, History
from gradviz.state.intents import SAVED, JobDone, LandscapeRefined
from gradviz.state.jobs import ImmediateRunner
from gradviz.state.records import (KEEP, TOO_SLOW, Document, Editor, FunctionError, Playback,
                                   Problem, View, content)


TYPING_PAUSE = 0.04
"""Seconds of no typing before a typed function is prepared: short, so that a function shows
while it is typed (keys pressed together count as one edit; a newer edit replaces a waiting
one). An unfinished text's error waits longer, in the editor (``ERROR_PAUSE``)."""

HANDLERS = {**edits.HANDLERS, **playback.HANDLERS, **regression.HANDLERS, **document.HANDLERS,
            **lesson_play.HANDLERS}   # last: a lesson gives SetStart, Tick, OpenSession more


class Proposal(NamedTuple):
    """A document to commit, and what goes with the commit (see ``records.Update``)."""

    candidate: object
    edit: object = NEVER
    document: object = KEEP
    history: object = KEEP
    step: object = KEEP
    then: object = KEEP
    merge: bool = False      # a typed text: merged into the session as it is when prepared
    record: bool = True      # False for undo and redo themselves
    generation: int = 0


class AppState:
    def __init__(self, session=None, runner=None, clock=time.monotonic):
        self.session = session or sessions.default_session()
        self.document = Document(saved=content(self.session))
        self.playback = Playback()
        self.view = View()
        self.editor = Editor(typed=self.session.text)
        self.problem = Problem()
        self.objective = None
        self.landscape = None
        self.runs = ()
        self.function_session = None   # the function mode's session, while in the regression
        self.history = History()
        self.lesson = None       # the lesson shown (lesson_play.LessonRun), or None
        self.runner = runner if runner is not None else ImmediateRunner()
        self.clock = clock
        self.changed = Event()
        self._keys = (None, None, ())   # objective, landscape, runs: what they were made from
        self._generation = 0
        self._param_moved = -math.inf   # when a parameter last changed (by self.clock)
        self._refining = None    # the landscape key a refining job was submitted for
        self._pending = None     # the Proposal a job is preparing
        self._prepared = None    # that job's results, while they are committed
        self._to_submit = []
        self._queue = []
        self._applying = False

    # --- reading --------------------------------------------------------------------------

    @property
    def step(self) -> int:
        return self.playback.step

    @property
    def playing(self) -> bool:
        return self.playback.playing

    @property
    def preparing(self) -> bool:
        """True while a job prepares a function."""
        return self._pending is not None

    # --- changing ---------------------------------------------------------------------------

    def apply(self, intent) -> None:
        """Carry out ``intent`` (see ``gradviz.state.intents``) and announce what changed.
        An intent applied while another is being carried out (a job's result delivered at
        once) follows it."""
        self._queue.append(intent)
        if self._applying:
            return
        self._applying = True
        try:
            while self._queue:
                self._apply_one(self._queue.pop(0))
        finally:
            self._applying = False

    def flush(self) -> None:
        """Prepare a waiting function now and commit it (before saving, exporting; tests)."""
        self.runner.flush()

    def _apply_one(self, intent) -> None:
        before = changes.snapshot(self)
        if isinstance(intent, JobDone):
            self._job_done(intent)
        elif isinstance(intent, LandscapeRefined):
            self._refined(intent)
        else:
            update = HANDLERS[type(intent)](self, intent)
            if update is None:
                return
            self._carry_out(update)
        parts = changes.between(before, self)
        if parts:
            self.changed.emit(parts)
        self._submit_jobs()

    def _carry_out(self, u) -> None:
        for name in ("playback", "view", "editor", "function_session", "lesson"):
            if getattr(u, name) is not KEEP:
                setattr(self, name, getattr(u, name))
        if u.problem is not KEEP:
            self._report(u.problem)
        if u.cancel:
            self._drop_job()
        if u.restore is not KEEP:
            self._restore(u.restore)
        elif u.prepare_text is not KEEP:
            self._propose(Proposal(self.session.replace(text=u.prepare_text), edit="text",
                                   merge=True), TYPING_PAUSE)
        elif u.session is not KEEP or u.document is not KEEP:
            self._commit_or_propose(Proposal(
                self.session if u.session is KEEP else u.session,
                NEVER if u.edit is KEEP else u.edit, u.document, u.history, u.step, u.then))

    def _commit_or_propose(self, proposal) -> None:
        key = derived.objective_key(proposal.candidate)
        current = self._keys[0]
        if key == current or (self.objective is not None and derived.same_text(key, current)):
            if proposal.history is not KEEP or not proposal.record:
                self._drop_job()   # a new document or an undo: an older job's result is stale
            self._commit(proposal)
        else:
            self._propose(proposal)

    def _commit(self, proposal) -> None:
        old, session = self.session, proposal.candidate
        if isinstance(proposal.history, History):   # a lesson begins or ends
            self.history = proposal.history
        elif proposal.history == "clear":
            self.history.clear()
        elif proposal.record and content(session) != content(old):
            self.history.record(content(old), proposal.edit, self.clock())
        self.session = session
        if proposal.document is not KEEP:
            saved = proposal.document.saved
            self.document = proposal.document._replace(
                saved=content(session) if saved is SAVED else saved)
        if session.text != old.text or proposal.history == "clear":
            self.editor = self.editor._replace(typed=session.text, error=None)
        if proposal.step is not KEEP:
            self.playback = self.playback._replace(step=int(proposal.step))
        self._reconcile()
        if proposal.then is not KEEP:
            self._queue.append(proposal.then)

    def _restore(self, direction) -> None:
        """Undo or redo: the document as it was, the playback position and zoom as they are."""
        current = content(self.session)
        move = self.history.undo if direction == "undo" else self.history.redo
        target = move(current)
        if target is not None:
            self._commit_or_propose(Proposal(
                target.replace(current_step=self.session.current_step, view=self.session.view),
                record=False))

    def _report(self, text) -> None:
        self.problem = Problem(text, self.problem.serial + 1)

    # --- jobs --------------------------------------------------------------------------------

    def _propose(self, proposal, delay=0.0) -> None:
        self._generation += 1
        self._refining = None   # the runner drops a waiting refinement for this job
        self._pending = proposal._replace(generation=self._generation)
        self._to_submit.append((self._pending, delay))

    def _drop_job(self) -> None:
        self._generation += 1
        self._pending = None

    def _submit_jobs(self) -> None:
        """Hand the proposals made to the runner, once their change has been announced."""
        while self._to_submit:
            proposal, delay = self._to_submit.pop(0)
            if proposal is not self._pending:
                continue   # superseded within the same intent
            candidate, generation = proposal.candidate, proposal.generation
            budget = self.runner.budget
            self.runner.submit(lambda c=candidate, b=budget: derived.prepare(c, b),
                               lambda outcome, g=generation: self.apply(JobDone(g, outcome)),
                               delay)
        self._refine_when_paused()

    def _refine_when_paused(self) -> None:
        """A coarse landscape on screen: compute the full one on the runner once the drag
        pauses (a newer submission replaces a waiting one), unless a function is prepared
        (its job brings a full landscape, or on failure this is asked again)."""
        coarse = self._keys[1]
        if not derived.is_coarse(coarse) or self._pending is not None:
            return
        key = derived.full(coarse)
        if key == self._refining:
            return
        self._refining = key
        session, objective = self.session, self.objective
        self.runner.submit(lambda: derived.refine(session, objective),
                           lambda outcome: self.apply(LandscapeRefined(key, outcome)),
                           derived.SETTLE)

    def _refined(self, intent) -> None:
        outcome = intent.outcome
        if intent.key != self._refining or intent.key != derived.full(self._keys[1]):
            return   # stale: the parameter moved on
        if outcome.value is None:   # over budget or failed: the coarse one stays (not asked
            self._report(derived.LANDSCAPE_FAILED)   # again: _refining still names it)
            return
        self._refining = None
        self.landscape = outcome.value
        self._keys = (self._keys[0], intent.key, self._keys[2])
    def _job_done(self, intent) -> None:
        pending = self._pending
        if pending is None or intent.generation != pending.generation:
            return   # stale: a newer edit, or nothing waits any more
        self._pending = None
        outcome = intent.outcome
        if outcome.over_budget or outcome.error is not None:
            self._refuse(pending, FunctionError(TOO_SLOW, None) if outcome.over_budget
                         else derived.error_of(outcome.error))
            return
        prepared = self._prepared = outcome.value
        self.objective = prepared.objective
        self._keys = (derived.objective_key(prepared.session),) + self._keys[1:]
        self.editor = self.editor._replace(gradient=prepared.gradient)
        session = (edits.with_typed(self.session, prepared.session) if pending.merge
                   else prepared.session)
        try:
            self._commit(pending._replace(candidate=session))
        finally:
            self._prepared = None

    def _refuse(self, pending, error) -> None:
        """A function that cannot be shown: the typed one's error goes under the editor, any
        other's in the status bar; the last valid one stays."""
        if pending.merge:
            self.editor = self.editor._replace(error=error)
        else:
            self._report(error.message)

    # --- computing what changed ------------------------------------------------------------

    def _reconcile(self) -> None:
        """Recompute the parts whose inputs changed (the objective is a job's, or the same
        text's with other parameter values)."""
        session = self.session
        key, landscape_key, run_keys = self._keys
        wanted = derived.objective_key(session)
        if wanted != key:
            if self.objective is None or not derived.same_text(wanted, key):
                return   # a job is preparing it (or it cannot be made)
            self.objective = self.objective.with_params(**dict(wanted[2]))
        objective = self.objective
        size = derived.COARSE_GRID if self._dragged(wanted, key) else derived.FULL_GRID
        self._keys = (wanted, derived.landscape_key(session, objective, size), run_keys)
        if self._keys[1] != landscape_key:
            self._update_landscape(session, objective)
        self._update_runs(session, objective)
        if self.playback.step > session.steps:
            self.playback = self.playback._replace(step=session.steps)
        if self.view.inspected >= len(session.panels):
            self.view = self.view._replace(inspected=len(session.panels) - 1)

    def _dragged(self, wanted, key) -> bool:
        """True when parameter values changed within ``DRAG_GAP`` of their last change (a
        slider dragged) and no function is being prepared: draw the coarse grid."""
        if wanted == key or not derived.same_text(wanted, key):
            return False
        now, last = self.clock(), self._param_moved
        self._param_moved = now
        return now - last < derived.DRAG_GAP and self._pending is None

    def _update_landscape(self, session, objective) -> None:
        from gradviz.engine.scene import compute_landscape

        prepared = self._prepared
        if (prepared is not None and prepared.objective is objective
                and derived.landscape_key(prepared.session, objective) == self._keys[1]):
            landscape = prepared.landscape
        else:
            landscape = derived.attempt(derived.LANDSCAPE_FAILED, compute_landscape,
                                        objective, session, self._keys[1][-1])
        if isinstance(landscape, derived.Failed):
            self._report(landscape.text)   # the last landscape stays on screen
        else:
            self.landscape = landscape

    def _update_runs(self, session, objective) -> None:
        from gradviz.engine.scene import compute_run, compute_runs

        keys = tuple(derived.run_key(session, i, objective) for i in range(len(session.panels)))
        if keys == self._keys[2]:
            return
        known = list(zip(self._keys[2], self.runs))
        prepared = self._prepared
        if prepared is not None and prepared.objective is objective:
            if isinstance(prepared.runs, derived.Failed):
                self._report(prepared.runs.text)
                return
            known += [(derived.run_key(prepared.session, i, objective), run)
                      for i, run in enumerate(prepared.runs)]
        runs = [next((run for k, run in known if k == key), None) for key in keys]
        missing = [i for i, run in enumerate(runs) if run is None]
        if len(missing) == len(runs):   # every panel: all in one call
            computed = derived.attempt(derived.RUNS_FAILED, compute_runs, objective, session)
            runs = [computed] if isinstance(computed, derived.Failed) else list(computed)
        else:
            for i in missing:
                runs[i] = derived.attempt(derived.RUNS_FAILED, compute_run, objective, session, i)
        failed = next((run for run in runs if isinstance(run, derived.Failed)), None)
        if failed is not None:
            self._report(failed.text)   # the last runs stay on screen
            return
        self.runs = tuple(runs)
        self._keys = self._keys[:2] + (keys,)
