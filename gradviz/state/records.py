"""The small immutable records the application state is made of, besides the Session.

Each is replaced whole by the intent handlers (``record._replace(...)``), so comparing the old
record with the new says what changed (``AppState`` names the changed parts from that).
"""

from __future__ import annotations

from typing import NamedTuple

SPEED = 100.0   # steps a second at start


class Playback(NamedTuple):
    """Where playback stands. ``last_tick`` (seconds, the clock's) and ``carry`` (a fraction of
    a step not yet shown) are the clock's bookkeeping: changing them alone is no change."""

    step: int = 0
    playing: bool = False
    speed: float = SPEED
    loop: bool = False
    last_tick: float = 0.0
    carry: float = 0.0


class View(NamedTuple):
    """What the person points at: the mouse over a landscape (x, y) or None, and the panel
    the inspector shows (0-based); ``notes``: the session's title and description (an
    example's lesson text) are shown on the canvas, under the panels."""

    hover: tuple | None = None
    inspected: int = 0
    notes: bool = False


class FunctionError(NamedTuple):
    """Why the text typed is not the function shown: a message and the 0-based column it is
    about (None: the whole text, e.g. it took too long to prepare)."""

    message: str
    column: int | None


TOO_SLOW = "this function took too long to prepare; the last valid one is kept"


class Editor(NamedTuple):
    """The function field: the text as typed (may not parse yet), the error of that text or
    None, and the shown function's gradient as two formulas (df/dx, df/dy)."""

    typed: str = ""
    error: FunctionError | None = None
    gradient: tuple = ("", "")


class Document(NamedTuple):
    """Which file the session is: ``path`` (None: untitled), the ``name`` in the title bar,
    ``saved``: the content last saved or opened (see :func:`content`), None when what is on
    screen was never saved (a restored autosave); ``opened`` counts the sessions opened, so
    that a view knows when to show an opened session's zoom."""

    path: str | None = None
    name: str = "Untitled"
    saved: object = None
    opened: int = 0

    def modified(self, session) -> bool:
        return self.saved is None or content(session) != self.saved


class Problem(NamedTuple):
    """Something that went wrong and is said in one line (the status bar); ``serial`` counts
    them, so the same text twice is two reports."""

    text: str = ""
    serial: int = 0


def content(session):
    """What counts as an edit: the session without its playback position and zoomed view."""
    return session.replace(current_step=0, view=None)


class Marker:
    """A named value that stands for itself (compared by identity)."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


KEEP = Marker("KEEP")
"""An Update field left as it is."""


class Update(NamedTuple):
    """What an intent handler asks for; ``AppState`` carries it out and names what changed.

    Applied at once: ``playback``, ``view``, ``editor``, ``problem`` (a line to report),
    ``function_session`` (the function mode's session, kept while in the regression mode),
    ``cancel`` (drop the job in progress: its result is stale).

    The document: ``session`` is the new one. When its objective is the one shown (or the same
    text with other parameter values) it is committed now; else it is prepared by a job and
    committed when that succeeds (the last valid one stays otherwise). ``edit`` is its undo
    key (history.NEVER: a step of its own); ``document``, ``history`` ("clear") and ``step``
    (the playback position) are applied with the commit. ``prepare_text``: the typed text
    to parse, committed into the session as it is then (its other fields may have moved).
    ``restore``: "undo" or "redo". ``then``: an intent to apply once the document is committed
    (a restored autosave's typed text, after the session it belongs to). ``history`` may also
    be a ``History`` to put in place (a lesson begins or ends: state/lesson_play.py).
    ``lesson``: the lesson shown (``lesson_play.LessonRun`` or None), applied at once.
    """

    session: object = KEEP
    edit: object = KEEP
    document: object = KEEP
    history: object = KEEP
    step: object = KEEP
    playback: object = KEEP
    view: object = KEEP
    editor: object = KEEP
    problem: object = KEEP
    function_session: object = KEEP
    prepare_text: object = KEEP
    restore: object = KEEP
    then: object = KEEP
    cancel: bool = False
    lesson: object = KEEP
