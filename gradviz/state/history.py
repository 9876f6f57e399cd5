"""Undo and redo of the document: a stack of earlier contents (``records.content``), with
consecutive changes of one field within ``COALESCE_S`` seconds kept as one step (a slider
drag, a burst of typing)."""

from __future__ import annotations

COALESCE_S = 1.0
LIMIT = 200   # undo steps kept

NEVER = object()
"""The key of a change never merged with the one before it (a preset, a panel added...)."""


class History:
    def __init__(self, coalesce: float = COALESCE_S, limit: int = LIMIT):
        self.coalesce = coalesce
        self.limit = limit
        self.undo_stack: list = []
        self.redo_stack: list = []
        self._last_key = None
        self._last_time = None

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def record(self, before, key, now: float) -> None:
        """The document changed from ``before`` (its content) by a change of field ``key`` at
        ``now`` (seconds). A change of the same key as the previous one, within the coalesce
        time of it, extends that step: undo then goes back past both."""
        merged = (key is not NEVER and key == self._last_key and self._last_time is not None
                  and now - self._last_time <= self.coalesce)
        if not merged:
            self.undo_stack.append(before)
            del self.undo_stack[:-self.limit]
        self.redo_stack.clear()
        self._last_key, self._last_time = key, now

    def undo(self, current):
        """The content to go back to (``current`` goes on the redo stack), or None. Entries
        equal to ``current`` (a drag that came back to where it began) are skipped."""
        return self._move(self.undo_stack, self.redo_stack, current)

    def redo(self, current):
        return self._move(self.redo_stack, self.undo_stack, current)

    def _move(self, source, target, current):
        while source and source[-1] == current:
            source.pop()
        if not source:
            return None
        target.append(current)
        self._last_key = None   # the next edit is a step of its own
        return source.pop()

    def clear(self) -> None:
        self.undo_stack.clear()
        self.redo_stack.clear()
        self._last_key = self._last_time = None
