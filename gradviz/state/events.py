"""A change event: callbacks subscribed with ``connect`` are called in order with the value
``emit`` is given (here: the frozenset of the parts of the state that changed)."""

from __future__ import annotations


class Event:
    def __init__(self):
        self._callbacks = []

    def connect(self, callback):
        """Call ``callback(value)`` on every emit from now on; returns it."""
        self._callbacks.append(callback)
        return callback

    def disconnect(self, callback) -> None:
        self._callbacks.remove(callback)

    def callbacks(self) -> tuple:
        """The subscribed callbacks, in order."""
        return tuple(self._callbacks)

    def emit(self, value) -> None:
        for callback in list(self._callbacks):
            callback(value)
