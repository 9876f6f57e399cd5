"""The pieces of a lesson as plain dataclasses, and the closed lists a lesson file may name.
Read by :mod:`gradviz.engine.lesson_io`; used through :mod:`gradviz.engine.lessons`."""

from __future__ import annotations

from dataclasses import dataclass

from gradviz.engine.printable import printable
from gradviz.engine.session import Session
from gradviz.resources import LESSON_SUFFIX as SUFFIX  # noqa: F401 (one definition, there)

FORMAT = "gradviz-lesson"
VERSION = 1

HIGHLIGHTS = {
    "landscape": "the landscape panels: f's colours and contour lines",
    "contours": "the contour lines (points of equal f)",
    "colour_bar": "the colour bar: which colour is which value of f",
    "field_arrows": "the arrows of -∇f across the landscape (the way down at each point)",
    "start": "the start point of the runs",
    "minimum": "the marked minimum (or the least-squares line's (w, b))",
    "path": "the paths the optimizers have walked so far",
    "grad_arrow": "the ∇f arrow at each run's current point (steepest way up)",
    "step_arrow": "the step arrow: the move the optimizer makes next",
    "momentum_arrow": "the momentum arrow (momentum buffer, or Adam's m)",
    "probe": "the gradient probe: f, ∂f/∂x, ∂f/∂y and its ∇f arrow at one point",
    "slices": "the two slices of f through the probe, with their tangent lines",
    "curves": "the curves of f and |∇f| against the step",
    "inspector": "the inspector: the numbers of the current step",
    "lr_field": "each panel's learning-rate field",
    "scrubber": "the playback bar and its step slider",
    "function_field": "the box where f(x, y) is typed",
    "data_view": "the regression data: the houses and the current line",
    "backprop": "the backpropagation dock: f's computation graph, forward values and adjoints",
}
"""The names a scene may highlight, each with what it points at (a closed list)."""

BACKPROP_PASSES = {
    "forward": "the forward pass played from the inputs: each node's value",
    "backward": "the backward pass played from f: each node's adjoint ∂f/∂node, edge by edge",
    "gradient": "the walk done: every adjoint shown, ending in ∂f/∂x and ∂f/∂y",
}
"""What a scene may ask the backpropagation dock to show (the scene field ``backprop``)."""

PLAY_SPEEDS = (1.0, 500.0)
"""Steps a second a scene may ask for: the playback bar's range."""


class LessonError(ValueError):
    """A lesson file cannot be used; ``message`` says why in one line."""

    def __init__(self, message):
        message = printable(message)  # a file's bytes never reach a terminal raw
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Play:
    """Play from step ``start`` to step ``stop`` at ``speed`` steps a second (None: as set)."""

    start: int
    stop: int
    speed: float | None = None


@dataclass(frozen=True)
class Question:
    """Asked before the scene plays. ``kind`` "point": click a guess on the landscape; the
    answer is where panel ``panel`` is at step ``reveal_step``, shown when playback reaches
    it. ``kind`` "choice": pick one of ``options``; ``answer`` is the right one's index.
    ``explanation``: shown with the answer ("" for none; a choice always has one)."""

    kind: str
    prompt: str
    reveal_step: int | None = None
    panel: int = 0
    options: tuple = ()
    answer: int | None = None
    explanation: str = ""


@dataclass(frozen=True)
class Scene:
    """One caption on one picture: the full ``session`` to apply, its ``narration`` (one to
    three sentences), what to ``play`` (or None), the names to ``highlight`` (from
    :data:`HIGHLIGHTS`), a ``question`` to ask first (or None), the panel the inspector
    shows (``inspect``, 0-based; None: as it was, clamped to the panels), what the
    backpropagation dock shows (``backprop``, a key of :data:`BACKPROP_PASSES`; None: the
    dock as it is; given, the dock opens) and the kinds of event (``engine.events.KINDS``)
    the caption announces as playback reaches them (``events``)."""

    session: Session
    narration: str
    play: Play | None = None
    highlight: tuple = ()
    question: Question | None = None
    inspect: int | None = None
    backprop: str | None = None
    events: tuple = ()


@dataclass(frozen=True)
class Lesson:
    title: str
    summary: str
    scenes: tuple
