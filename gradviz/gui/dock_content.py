"""What a dock shows, built the first time it is needed rather than at start-up.

The regression mode's data is closed when the window opens (unless the session is a regression
one), yet its plot and presenters were built at start-up. Only a dock hidden before the window's
first show can wait: one laid out with the window keeps the room it got then (the slices), and a
widget whose layout follows its width must get its first width from the dock (the
backpropagation panel, made later at Qt's default size, asked for 764 px; both stay eager). A
``DockContent`` builds them when their dock first opens (the View menu, a shortcut, the regression mode, a lesson scene) or when
something asks for them (``get``), whichever comes first; the presenters built then catch up
with the state from their constructors, as a dock opened again catches up in ``show``.
"""

from __future__ import annotations


class DockContent:
    """The content of ``dock``: ``build()`` returns ``(widget, presenter, ...)``, the widget put
    in the dock and the presenters that fill it; the first presenter's ``show()`` is called
    whenever the dock opens (a closed dock is not filled: it catches up)."""

    def __init__(self, dock, build):
        self.dock = dock
        self._build = build
        self._parts = None
        dock.about_to_show.connect(self.get)   # a dock shown later (View menu, a shortcut)
        dock.visibilityChanged.connect(self._on_dock_visibility_changed)

    @property
    def built(self) -> bool:
        return self._parts is not None

    def get(self) -> tuple:
        """``(widget, presenter, ...)``, built now if they were not yet."""
        if self._parts is None:
            self._parts = tuple(self._build())
            widget = self._parts[0]
            self.dock.setWidget(widget)
            if self.dock.isVisible():   # else Qt shows it later, after this event
                widget.show()
        return self._parts

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible:   # built before it had a dock to show in, or closed: catch up
            self.get()[1].show()
