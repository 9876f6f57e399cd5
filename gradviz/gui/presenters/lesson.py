"""The lesson player on screen: the caption band (narration, counter, question, answer), the
guess beside the real path on the landscape, and frames round what the scene says to look at.

``LessonPresenter(state, band, grid, frame=None)``: ``band`` a ``CaptionBand``, ``grid`` the
``PanelGrid``; ``frame(names)``, when given, frames the window's parts that show those
highlight names (``lesson_window.highlight``). The same presenter serves the window and the
pictures (``canvas.SceneCanvas``, whose band is not interactive).
"""

from __future__ import annotations

from gradviz.gui.views.guess_mark import GuessMark
from gradviz.state import intents
from gradviz.state import lesson_intents as li
from gradviz.state.changes import EVERYTHING
from gradviz.state.lesson_view import caption, guess_and_answer

CAPTION_PARTS = frozenset({"lesson", "runs", "notes", "title", "description"})
GUESS_PARTS = frozenset({"lesson", "step", "runs", "panels", "display"})


class LessonPresenter:
    def __init__(self, state, band, grid, frame=None):
        self.state, self.band, self.grid, self.frame = state, band, grid, frame
        self.guess = GuessMark()
        self._caption = None
        self._highlight = None     # (lesson, scene) whose highlights are framed
        apply = state.apply
        band.back_requested.connect(lambda: apply(li.PreviousScene()))
        band.next_requested.connect(lambda: apply(li.NextScene()))
        band.replay_requested.connect(lambda: apply(li.ReplayScene()))
        band.leave_requested.connect(self._on_leave_requested)
        band.option_chosen.connect(lambda k: apply(li.Choose(k)))
        state.changed.connect(self._on_state_changed)
        self._on_state_changed(EVERYTHING)

    def _on_state_changed(self, parts) -> None:
        run = self.state.lesson
        asks_point = run is not None and run.guess is not None
        announces = run is not None and bool(run.scene.events)   # the events reached
        if parts & CAPTION_PARTS or ((asks_point or announces) and "step" in parts):
            self._show_caption()
        if parts & GUESS_PARTS and (asks_point or "lesson" in parts):
            self._show_guess()
        if "lesson" in parts and self.frame is not None:
            self._show_highlight()

    def _on_leave_requested(self) -> None:
        """The band's ✕: leave the lesson, or close the session's notes."""
        if self.state.lesson is not None:
            self.state.apply(li.LeaveLesson())
        else:
            self.state.apply(intents.ShowNotes(False))

    def _show_caption(self) -> None:
        # the notes are the window's: pictures (a band that is not interactive) leave them out
        shown = caption(self.state, notes=self.band.interactive)
        if shown == self._caption:
            return
        self._caption = shown
        run = self.state.lesson
        last = len(run.lesson.scenes) - 1 if run is not None else 0
        self.band.set_caption(shown, at_start=run is None or run.index == 0,
                              at_end=run is None or run.index == last)

    def _show_guess(self) -> None:
        revealed = guess_and_answer(self.state)
        if revealed is None:
            self.guess.show(None, None)
            return
        views = self.grid.visible_views()
        panel = self.state.lesson.scene.question.panel
        view = views[0] if self.grid.overlay else views[min(panel, len(views) - 1)]
        self.guess.attach(view.plot)
        self.guess.show(*revealed)

    def _show_highlight(self) -> None:
        run = self.state.lesson
        key = None if run is None else (id(run.lesson), run.index)
        if key != self._highlight:
            self._highlight = key
            self.frame(() if run is None else scene_highlight(run.scene))


def scene_highlight(scene) -> tuple:
    """The names to frame in ``scene``: its highlights, and the backpropagation dock when the
    scene says what it should show (``Scene.backprop``: the dock opens for it)."""
    names = tuple(scene.highlight)
    if scene.backprop is not None and "backprop" not in names:
        names += ("backprop",)
    return names
