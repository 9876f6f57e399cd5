"""The application state, without Qt: the document, what is computed from it, what the person
points at and where playback stands; changed only through intents (``intents``), announced
once per change with the parts that changed. See ``app_state`` and docs/architecture.md."""

from gradviz.state.app_state import AppState

__all__ = ["AppState"]
