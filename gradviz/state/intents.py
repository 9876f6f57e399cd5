"""The intents: what a person (or a command) asks the application state to do, one frozen
dataclass each, handled by a plain function (``gradviz.state.handlers``).

Widgets and menus build these and hand them to ``AppState.apply``; nothing else changes the
state. Names say what is asked ("set the panel", "seek"), never how a widget asked it.
"""

from __future__ import annotations

from dataclasses import dataclass

from gradviz.state.records import Marker

# --- the function -------------------------------------------------------------------------


@dataclass(frozen=True)
class EditText:
    """The function field holds ``text`` now (every keystroke); parsed off the GUI thread."""
    text: str


@dataclass(frozen=True)
class ChoosePreset:
    """A preset by key (``engine.presets.PRESETS``), or the regression mode's houses entry."""
    key: str


@dataclass(frozen=True)
class SetParameter:
    """A function parameter's value (a slider under the function)."""
    name: str
    value: float


# --- the panels ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SetPanel:
    """Panel ``index`` runs ``optimizer`` with ``hyper`` (every hyperparameter, PyTorch names)."""
    index: int
    optimizer: str
    hyper: dict


@dataclass(frozen=True)
class SetSchedule:
    """Panel ``index``'s learning-rate schedule ``name`` (engine.schedules) with ``params``."""
    index: int
    name: str
    params: dict


@dataclass(frozen=True)
class SetNoise:
    """Gradient noise for every panel: standard deviation (0: none) and seed."""
    std: float
    seed: int


@dataclass(frozen=True)
class AddPanel:
    """One more comparison panel (up to four), running ``optimizer`` or the next not shown."""
    optimizer: str | None = None


@dataclass(frozen=True)
class RemovePanel:
    """Remove panel ``index`` (the last panel stays)."""
    index: int


@dataclass(frozen=True)
class ApplyTuning:
    """Panel ``index`` takes the lr a sweep found best (an ``engine.tuning.TuneResult``)."""
    index: int
    result: object


# --- the run and the display ---------------------------------------------------------------


@dataclass(frozen=True)
class SetStart:
    x: float
    y: float


@dataclass(frozen=True)
class SetSteps:
    steps: int


@dataclass(frozen=True)
class SetDisplay:
    """A display option (a field of ``engine.session.DisplayConfig``)."""
    key: str
    value: object


# --- the probe, the mouse and the inspector ------------------------------------------------


@dataclass(frozen=True)
class SetProbe:
    """Pin the gradient probe at (x, y)."""
    x: float
    y: float


@dataclass(frozen=True)
class Hover:
    """The mouse is over a landscape at (x, y): the probe readouts follow it."""
    x: float
    y: float


@dataclass(frozen=True)
class HoverEnded:
    pass


@dataclass(frozen=True)
class Inspect:
    """The inspector shows panel ``index``."""
    index: int


@dataclass(frozen=True)
class InspectNext:
    pass


# --- playback -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetStep:
    """Show step ``k`` (clamped to 0..steps); playback goes on if it was playing."""
    k: int


@dataclass(frozen=True)
class Seek:
    """The person picked step ``k`` (the scrub bar, a click on the curves, End): pause there."""
    k: int


@dataclass(frozen=True)
class StepBy:
    """Pause and move ``delta`` steps."""
    delta: int


@dataclass(frozen=True)
class Rewind:
    """Pause at step 0."""


@dataclass(frozen=True)
class Play:
    pass


@dataclass(frozen=True)
class Pause:
    pass


@dataclass(frozen=True)
class TogglePlay:
    pass


@dataclass(frozen=True)
class Tick:
    """The clock: ``now`` in seconds (``time.monotonic``). Advances speed x elapsed steps."""
    now: float


@dataclass(frozen=True)
class SetSpeed:
    """Playback speed in steps a second (clamped to ``playback.SPEED_RANGE``)."""
    steps_per_second: float


@dataclass(frozen=True)
class ScaleSpeed:
    factor: float


@dataclass(frozen=True)
class SetLoop:
    on: bool


# --- the regression mode ---------------------------------------------------------------------


@dataclass(frozen=True)
class SetMode:
    """"function" or "regression"."""
    mode: str


@dataclass(frozen=True)
class SetScaling:
    scaled: bool


@dataclass(frozen=True)
class SetBatch:
    """Points per mini-batch (0: full batch) and the batches' seed (None: as it is)."""
    batch_size: int
    seed: int | None = None


@dataclass(frozen=True)
class UseData:
    """Fit the line to the data of ``config`` (an ``engine.session.RegressionConfig``)."""
    config: object


# --- the document -----------------------------------------------------------------------------


SAVED = Marker("SAVED")
"""OpenSession's default: the session as it is committed counts as saved."""


@dataclass(frozen=True)
class OpenSession:
    """Show ``session`` as the document (a file, an example, New, a restored autosave).
    ``path`` and ``name`` say which file; ``saved``: SAVED (the session as opened is the saved
    state) or None (unsaved: a restored autosave). ``typed``: a function text the person had
    typed and not yet fixed (a restored autosave), shown with its error."""
    session: object
    path: str | None = None
    name: str = "Untitled"
    saved: object = SAVED
    typed: str | None = None


@dataclass(frozen=True)
class MarkSaved:
    """The session on screen was written to ``path`` (None: it is untitled again)."""
    path: str | None
    name: str | None = None


@dataclass(frozen=True)
class Undo:
    pass


@dataclass(frozen=True)
class Redo:
    pass


# --- internal: a job's result ---------------------------------------------------------------


@dataclass(frozen=True)
class JobDone:
    """A preparation job ended (``jobs.JobOutcome``); stale when ``generation`` is not the
    state's latest."""
    generation: int
    outcome: object
