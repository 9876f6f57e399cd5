"""A tour: a short script of keys and pictures that the running window plays by itself.

``GRADVIZ_TOUR=FILE gradviz [SESSION]`` opens the window as usual and then, inside its own event
loop, carries out FILE line by line; ``python -m gradviz.gallery`` (gradviz/gallery.py) writes
such files and runs them under Xvfb. The window is driven the way a person drives it, through
its keys and menus, so what is captured is the live window: playback keeps running between the
lines, a ``wait`` only lets time pass. The same works on any desktop, no xdotool needed.

A tour cannot run code. Its words are a fixed set, each with one argument:

    maximize            the window fills the screen (as the window manager's maximise button)
    wait 1.5            let 1.5 seconds pass (at most 60)
    key F11             press and release a key sequence (Qt's words: F11, Space, Ctrl+Shift+N),
                        delivered as from a keyboard (gui/tour_keys.py): a text field with the
                        focus takes what edits it, else a shortcut, else the focus widget
    type x^2 + y^       type text key by key into the widget with the focus
    action theme_dark   trigger one of the window's named actions (View > Theme > Dark)
    shot 03-dark        picture the whole screen into 03-dark.png beside FILE, and write
                        03-dark.json there: the step, whether playing, panels, theme, error
    quit                end gradviz (exit code 0); the end of the file does the same

Lines starting with ``#`` and blank lines are skipped. Picture names are letters, digits, ``-``
and ``_`` only, so a tour writes nowhere but beside its own file. A broken tour is one line on
stderr (``UserError``) before anything runs.
"""

from __future__ import annotations

import json
import os
import re
from typing import NamedTuple

from gradviz.arguments import UserError

WORDS = ("maximize", "wait", "key", "type", "action", "shot", "quit")
NEEDS_ARGUMENT = {"wait", "key", "type", "action", "shot"}
LONGEST_WAIT = 60.0      # seconds
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")


class Line(NamedTuple):
    word: str
    argument: str
    number: int      # line number in the file, for messages


def parse_tour(text: str) -> list[Line]:
    """The tour's lines, checked; ``UserError`` naming the first bad line."""
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        word, _, argument = stripped.partition(" ")
        argument = argument.strip() if word != "type" else raw.lstrip()[len(word) + 1:]
        lines.append(Line(word, argument, number))
        problem = _problem(word, argument)
        if problem:
            raise UserError(f"tour line {number}: {problem}: {stripped!r}")
    return lines


def _problem(word, argument):
    if word not in WORDS:
        return f"unknown word {word!r} (known: {', '.join(WORDS)})"
    if word in NEEDS_ARGUMENT and not argument:
        return f"{word!r} needs an argument"
    if word not in NEEDS_ARGUMENT and argument:
        return f"{word!r} takes no argument"
    if word == "wait":
        try:
            seconds = float(argument)
        except ValueError:
            return "wait takes seconds, such as 1.5"
        if not 0 <= seconds <= LONGEST_WAIT:
            return f"wait takes 0 to {LONGEST_WAIT:g} seconds"
    if word == "shot" and not NAME.fullmatch(argument):
        return "a picture's name is letters, digits, - and _ (no folders)"
    return None


def read_tour(path: str) -> list[Line]:
    try:
        with open(path, encoding="utf-8") as file:
            return parse_tour(file.read())
    except OSError as error:
        raise UserError(f"cannot read the tour {path}: {error.strerror}") from error


def start_tour(app, window, path: str):
    """Read the tour at ``path`` and start playing it in ``window``'s event loop, ending
    gradviz when it is done; returns the player (keep it alive)."""
    lines = read_tour(path)
    player = TourPlayer(app, window, lines, os.path.dirname(os.path.abspath(path)),
                        done=lambda: app.exit(0))
    player.next_line()
    return player


class TourPlayer:
    """Plays tour lines one after the other on a single-shot timer (the event loop runs
    between them, so the window paints and plays as it would for a person)."""

    def __init__(self, app, window, lines, folder, done):
        self.app, self.window, self.lines, self.folder = app, window, list(lines), folder
        self.done = done      # called once, after the last line or at "quit"

    def next_line(self) -> None:
        from PySide6.QtCore import QTimer

        if not self.lines:
            self.done()
            return
        line = self.lines.pop(0)
        delay = getattr(self, f"_do_{line.word}")(line.argument)
        QTimer.singleShot(int((delay or 0.05) * 1000), self.next_line)

    def _do_maximize(self, _):
        self.window.showMaximized()
        return 0.5

    def _do_wait(self, seconds):
        return float(seconds)

    def _do_key(self, sequence):
        from gradviz.gui.tour_keys import press_sequence

        press_sequence(self.window, sequence)
        return 0.2

    def _do_type(self, text):
        from gradviz.gui.tour_keys import type_text

        type_text(self.window, text)
        return 0.2

    def _do_action(self, name):
        from PySide6.QtGui import QAction

        action = self.window.findChild(QAction, name)
        if action is None:
            raise UserError(f"tour: the window has no action named {name!r}")
        action.trigger()
        return 0.3

    def _do_shot(self, name):
        screen = self.window.screen() or self.app.primaryScreen()
        picture = screen.grabWindow(0)
        picture.save(os.path.join(self.folder, f"{name}.png"), "PNG", 0)   # 0: smallest file
        with open(os.path.join(self.folder, f"{name}.json"), "w", encoding="utf-8") as file:
            json.dump(window_facts(self.window), file, indent=1)
        return 0.05

    def _do_quit(self, _):
        self.lines.clear()
        return 0


def window_facts(window) -> dict:
    """What a picture shows, read from the window: for the gallery's index and its test."""
    state = window.state
    error = state.editor.error
    return {"step": state.step, "steps": state.session.steps, "playing": state.playing,
            "panels": len(state.session.panels), "mode": state.session.mode,
            "view3d": bool(state.session.display.view3d),
            "legend": bool(state.session.display.legend),
            "overlay": bool(state.session.display.overlay),
            "presentation": window.presentation.active, "theme": window.appearance.scheme(),
            "error": error.message if error else None,
            "window": [window.width(), window.height()],
            "screen": [window.screen().size().width(), window.screen().size().height()]}
