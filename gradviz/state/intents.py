"""The intents: what a person (or a command) asks the application state to do, one small
immutable NamedTuple each (cheap to define: gradviz starts faster than with dataclasses),
handled by a plain function (``AppState.apply`` finds it by the intent's type).

Widgets and menus build these and hand them to ``AppState.apply``; nothing else changes the
state. Names say what is asked ("set the panel", "seek"), never how a widget asked it.
"""

from __future__ import annotations

from typing import NamedTuple

from gradviz.state.records import Marker

# --- the function -------------------------------------------------------------------------


class EditText(NamedTuple):
    """The function field holds ``text`` now (every keystroke); parsed off the GUI thread."""
    text: str


class ChoosePreset(NamedTuple):
    """A preset by key (``engine.presets.PRESETS``), or the regression mode's houses entry."""
    key: str


class SetParameter(NamedTuple):
    """A function parameter's value (a slider under the function)."""
    name: str
    value: float


# --- the panels ---------------------------------------------------------------------------


class SetPanel(NamedTuple):
    """Panel ``index`` runs ``optimizer`` with ``hyper`` (every hyperparameter, PyTorch names)."""
    index: int
    optimizer: str
    hyper: dict


class SetSchedule(NamedTuple):
    """Panel ``index``'s learning-rate schedule ``name`` (engine.schedules) with ``params``."""
    index: int
    name: str
    params: dict


class SetNoise(NamedTuple):
    """Gradient noise for every panel: standard deviation (0: none) and seed."""
    std: float
    seed: int


class AddPanel(NamedTuple):
    """One more comparison panel (up to four), running ``optimizer`` or the next not shown."""
    optimizer: str | None = None


class RemovePanel(NamedTuple):
    """Remove panel ``index`` (the last panel stays)."""
    index: int


class ApplyTuning(NamedTuple):
    """Panel ``index`` takes the lr a sweep found best (an ``engine.tuning.TuneResult``)."""
    index: int
    result: object


# --- the run and the display ---------------------------------------------------------------


class SetStart(NamedTuple):
    x: float
    y: float


class SetSteps(NamedTuple):
    steps: int


class SetDisplay(NamedTuple):
    """A display option (a field of ``engine.session.DisplayConfig``)."""
    key: str
    value: object


# --- the probe, the mouse and the inspector ------------------------------------------------


class SetProbe(NamedTuple):
    """Pin the gradient probe at (x, y)."""
    x: float
    y: float


class Hover(NamedTuple):
    """The mouse is over a landscape at (x, y): the probe readouts follow it."""
    x: float
    y: float


class HoverEnded(NamedTuple):
    pass


class Inspect(NamedTuple):
    """The inspector shows panel ``index``."""
    index: int


class InspectNext(NamedTuple):
    pass


# --- playback -------------------------------------------------------------------------------


class SetStep(NamedTuple):
    """Show step ``k`` (clamped to 0..steps); playback goes on if it was playing."""
    k: int


class Seek(NamedTuple):
    """The person picked step ``k`` (the scrub bar, a click on the curves, End): pause there."""
    k: int


class StepBy(NamedTuple):
    """Pause and move ``delta`` steps."""
    delta: int


class Rewind(NamedTuple):
    """Pause at step 0."""


class Play(NamedTuple):
    pass


class Pause(NamedTuple):
    pass


class TogglePlay(NamedTuple):
    pass


class Tick(NamedTuple):
    """The clock: ``now`` in seconds (``time.monotonic``). Advances speed x elapsed steps."""
    now: float


class SetSpeed(NamedTuple):
    """Playback speed in steps a second (clamped to ``playback.SPEED_RANGE``)."""
    steps_per_second: float


class ScaleSpeed(NamedTuple):
    factor: float


class SetLoop(NamedTuple):
    on: bool


# --- the regression mode ---------------------------------------------------------------------


class SetMode(NamedTuple):
    """"function" or "regression"."""
    mode: str


class SetScaling(NamedTuple):
    scaled: bool


class SetBatch(NamedTuple):
    """Points per mini-batch (0: full batch) and the batches' seed (None: as it is)."""
    batch_size: int
    seed: int | None = None


class SetLoss(NamedTuple):
    """The loss of each residual: "mse", "mae" or "huber" (``engine.losses``), Huber's
    ``delta`` in the units of y (None: as it is)."""
    loss: str
    delta: float | None = None


class MoveHouse(NamedTuple):
    """Point ``index`` of the data (0-based) is now at (x, y), in the data's units."""
    index: int
    x: float
    y: float


class AddHouse(NamedTuple):
    """One more point at (x, y), in the data's units."""
    x: float
    y: float


class UseData(NamedTuple):
    """Fit the line to the data of ``config`` (an ``engine.session.RegressionConfig``)."""
    config: object


# --- the document -----------------------------------------------------------------------------


SAVED = Marker("SAVED")
"""OpenSession's default: the session as it is committed counts as saved."""


class OpenSession(NamedTuple):
    """Show ``session`` as the document (a file, an example, New, a restored autosave).
    ``path`` and ``name`` say which file; ``saved``: SAVED (the session as opened is the saved
    state) or None (unsaved: a restored autosave). ``typed``: a function text the person had
    typed and not yet fixed (a restored autosave), shown with its error. ``notes``: show the
    session's title and description on the canvas (a file or an example the person opened;
    nothing when it has no description)."""
    session: object
    path: str | None = None
    name: str = "Untitled"
    saved: object = SAVED
    typed: str | None = None
    notes: bool = False


class ShowNotes(NamedTuple):
    """Show (True) or close (False) the session's notes: its title and description, under the
    panels. Nothing happens for a session without a description."""
    on: bool


class MarkSaved(NamedTuple):
    """The session on screen was written to ``path`` (None: it is untitled again)."""
    path: str | None
    name: str | None = None


class Undo(NamedTuple):
    pass


class Redo(NamedTuple):
    pass


# --- internal: a job's result ---------------------------------------------------------------


class JobDone(NamedTuple):
    """A preparation job ended (``jobs.JobOutcome``); stale when ``generation`` is not the
    state's latest."""
    generation: int
    outcome: object


class LandscapeRefined(NamedTuple):
    """The full-grid landscape for landscape key ``key`` was computed by a job after a drag
    paused (``jobs.JobOutcome``); stale when the session has moved on."""
    key: tuple
    outcome: object
