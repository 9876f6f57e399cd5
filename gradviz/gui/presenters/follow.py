"""How a presenter follows the state: a table of the parts it shows and what to redo when they
change, subscribed to ``state.changed`` in one call instead of a hand-written handler each."""

from __future__ import annotations

from gradviz.state.changes import EVERYTHING


def follow(state, table, now: bool = True):
    """On every change of ``state`` call, in order, each ``apply()`` of ``table`` (pairs
    ``(parts, apply)``, parts a set of part names) whose parts changed; with ``now``, once at
    once as if everything had changed. Returns the subscribed callback."""
    table = tuple((frozenset(parts), apply) for parts, apply in table)

    def on_changed(changed) -> None:
        for parts, apply in table:
            if changed & parts:
                apply()

    state.changed.connect(on_changed)
    if now:
        on_changed(EVERYTHING)
    return on_changed
