"""The gallery's states: what ``python -m gradviz.gallery`` pictures, and how to get there.

Each state names a screen size, a theme, presentation mode or not, the session gradviz opens
(nothing: the default Rosenbrock; an example file; or a session written for the gallery), the
keys pressed after that (the tour words of gradviz/gui/tour.py) and what the window must then
say about itself (``expect``, compared with the facts the tour writes beside each picture).
Standard library and the engine only: the list can be read and tested without Qt.
"""

from __future__ import annotations

from typing import NamedTuple

PROJECTOR, SCREEN = "1280x720", "1920x1080"
PLAYING_SECONDS = 1.5    # of playback at 100 steps/s before a "playing" picture: mid-run even
#                          for the 300 steps of example 1 when a busy machine is a second late
SETTLE_SECONDS = 1.2     # after the window fills the screen, or changes mode, before a picture


class State(NamedTuple):
    name: str                 # the picture's file name, without .png
    size: str                 # the screen, WxH pixels
    caption: str              # what the picture shows, for the index and the contact sheet
    theme: str = "light"      # "light" or "dark", chosen in View > Theme after the mode
    presentation: bool = False
    session: str | None = None    # an example's file name, a DIVERGING-like key, or None
    keys: tuple = ()          # tour lines after the window is ready, before the picture
    playing: bool = False     # press Space and picture playback while it runs
    expect: tuple = ()        # (fact, value) pairs the window must report at the picture
    readme: bool = False      # also one of the README's screenshots


def _example(number):
    from gradviz.resources import examples

    return next(str(p) for p in examples() if p.name.startswith(f"{number}-"))


def diverging_session():
    """x² + 9.5y² by gradient descent at lr 0.55, the issue's case: along y each step
    multiplies the distance by 1 - 19·lr = -9.45, so y passes 1e300 near step 300 and
    overflows (diverged); beside it lr 0.09 (|1 - 19·0.09| = 0.71) converges."""
    from gradviz.engine.session import DisplayConfig, PanelConfig, Session

    return Session(text="x^2 + 9.5*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.0),
                   panels=(PanelConfig("gd", {"lr": 0.09}), PanelConfig("gd", {"lr": 0.55})),
                   steps=400, display=DisplayConfig(), current_step=400,
                   title="A learning rate far above 2/19 diverges")


SESSIONS = {"diverging": diverging_session}   # sessions the gallery writes (JSON) before a run
THREE = "example 2"    # example 2: x² + 10y² at lr 0.02, 0.09, 0.11 (three panels)

STATES = (
    State("01-projector-playing", PROJECTOR,
          "1280x720, light: Rosenbrock at start-up, gradient descent beside Adam, playing",
          playing=True, expect=(("playing", True), ("panels", 2))),
    State("02-projector-presentation-playing", PROJECTOR,
          "1280x720, presentation mode (F11), light, playing", presentation=True, playing=True,
          expect=(("playing", True), ("presentation", True))),
    State("03-projector-presentation-dark", PROJECTOR,
          "1280x720, presentation mode, dark chosen while presenting: the ravine example",
          theme="dark", presentation=True, session="example 1", playing=True,
          expect=(("theme", "dark"), ("presentation", True), ("playing", True)), readme=True),
    State("04-projector-dark", PROJECTOR,
          "1280x720, dark: momentum overshooting (example 5)", theme="dark", session="example 5",
          expect=(("theme", "dark"), ("presentation", False))),
    State("05-one-panel", PROJECTOR,
          "one panel: Rosenbrock after Panels > Remove (Ctrl+Shift+W)",
          keys=("key Ctrl+Shift+W", "key End"), expect=(("panels", 1),)),
    State("06-three-panels", PROJECTOR,
          "three panels: three learning rates on x² + 10y² (example 2)", session=THREE,
          expect=(("panels", 3),)),
    State("07-three-panels-presentation-dark", PROJECTOR,
          "three panels in presentation mode, dark", theme="dark", presentation=True,
          session=THREE, expect=(("panels", 3), ("presentation", True), ("theme", "dark"))),
    State("08-four-panels", PROJECTOR,
          "four panels: example 2 and a fourth (Ctrl+Shift+N)", session=THREE,
          keys=("key Ctrl+Shift+N",), expect=(("panels", 4),)),
    State("09-four-panels-presentation", PROJECTOR,
          "four panels in presentation mode", presentation=True, session=THREE,
          keys=("key Ctrl+Shift+N",), expect=(("panels", 4), ("presentation", True))),
    State("10-overlay", PROJECTOR,
          "overlay (O): every path of example 2 on one landscape", session=THREE,
          keys=("key O",), expect=(("panels", 3), ("overlay", True))),
    State("11-regression", PROJECTOR,
          "the regression mode: a line fitted to 30 houses, L(w, b) (example 6)",
          session="example 6", expect=(("mode", "regression"),), readme=True),
    State("12-regression-presentation-dark", PROJECTOR,
          "the regression mode in presentation mode, dark", theme="dark", presentation=True,
          session="example 6", expect=(("mode", "regression"), ("presentation", True))),
    State("13-3d-playing", PROJECTOR, "3D (key 3): Rosenbrock as a surface, both paths playing",
          keys=("key 3", "wait 1.5"), playing=True,
          expect=(("view3d", True), ("playing", True))),
    State("14-diverged", PROJECTOR,
          "diverged: gradient descent at lr 0.55 on x² + 9.5y² beside lr 0.09",
          session="diverging",
          expect=(("panels", 2),)),
    State("15-typo", PROJECTOR,
          "a typo's error: 'x^2 + 3*y^' typed into the function field (F2)",
          keys=("key F2", "type x^2 + 3*y^", "wait 1.0"), expect=(("error", True),)),
    State("16-legend-presentation-dark", PROJECTOR,
          "the legend of the marks on (K twice: off and on) in presentation mode, dark",
          theme="dark", presentation=True, session="example 3", keys=("key K", "key K"),
          expect=(("legend", True), ("presentation", True))),
    State("21-screen-playing", SCREEN, "1920x1080, light: Rosenbrock, playing", playing=True,
          expect=(("playing", True),), readme=True),
    State("22-screen-presentation-dark", SCREEN,
          "1920x1080, presentation mode, dark: three learning rates (example 2)", theme="dark",
          presentation=True, session=THREE, expect=(("panels", 3), ("presentation", True))),
    State("23-screen-four-panels", SCREEN, "1920x1080, four panels", session=THREE,
          keys=("key Ctrl+Shift+N",), expect=(("panels", 4),)),
    State("24-screen-regression", SCREEN, "1920x1080, the regression mode (example 6)",
          session="example 6", expect=(("mode", "regression"),)),
)


def session_argument(state, folder):
    """The file gradviz opens for ``state`` (None: start with the default session); a
    gallery session is written into ``folder`` first."""
    from pathlib import Path

    if state.session is None:
        return None
    if state.session.startswith("example "):
        return _example(int(state.session.split()[1]))
    from gradviz.engine import session_io

    path = Path(folder) / f"{state.session}.gradviz.json"
    session_io.save(SESSIONS[state.session](), path)
    return str(path)


def tour_lines(state) -> list:
    """The tour (gradviz/gui/tour.py) that brings a freshly started window to ``state`` and
    pictures it: fill the screen, presentation mode, the theme, the keys, playback."""
    lines = ["maximize", f"wait {SETTLE_SECONDS}"]
    if state.presentation:
        lines += ["key F11", f"wait {SETTLE_SECONDS}"]
    lines += [f"action theme_{state.theme}", "wait 0.5", *state.keys]
    if state.playing:
        lines += ["key Home", "key Space", f"wait {PLAYING_SECONDS}"]
    else:
        lines += ["wait 0.5"]
    return lines + [f"shot {state.name}", "quit"]


def mismatches(state, facts) -> list:
    """What the window reported (``facts``, gui/tour.window_facts) that ``state`` did not
    expect, in words; [] when the picture is what it claims to be."""
    wrong = []
    for fact, wanted in state.expect:
        got = facts.get(fact)
        if fact == "error":
            got = bool(got)
        if fact == "playing" and wanted:   # mid-run: playing, and not at either end
            got = got and 0 < facts["step"] < facts["steps"]
        if got != wanted:
            wrong.append(f"{fact}: expected {wanted!r}, the window says {facts.get(fact)!r}")
    width, height = (int(v) for v in state.size.split("x"))
    if facts.get("screen") != [width, height]:
        wrong.append(f"screen: expected {state.size}, got {facts.get('screen')}")
    return wrong
