"""Hostile session files, for every test that opens one: the engine's (test_hostile.py), the
command line's (test_render.py) and the window's.

``HOSTILE`` maps a name to a :class:`Hostile`: what to put on disk and what opening it must
give, either ``refused`` (a fragment of the one-line SessionError message) or None (the file
opens; ``runs`` then says whether its runs must diverge). ``write(folder)`` puts every case on
disk (FIFOs and folders included) and returns name -> path. Not a test module: import it
(``sys.path`` holds this folder when pytest runs tests/engine; elsewhere add it).

Each case is one found by trying (issue 15): a file must never hang, kill or fool gradviz, and
no byte of it may reach a terminal raw.
"""

from __future__ import annotations

import json
import os
from typing import NamedTuple

DEPTH = 12  # tanh nested 12 deep took over 280 s to prepare before issue 15


class Hostile(NamedTuple):
    kind: str          # "json" (content is a dict), "bytes", "fifo", "folder"
    content: object
    refused: str | None  # a fragment of the SessionError message; None: the file opens
    diverges: bool = False  # when it opens: every run diverges (an lr that overflows)


def session(**changes):
    """A small valid session as a JSON object, with ``changes`` applied."""
    data = {"format": "gradviz-session", "version": 1, "title": "hostile", "text": "x^2 + y^2",
            "domain": [[-2, 2], [-2, 2]], "start": [1, 1], "steps": 500,
            "panels": [{"optimizer": "gd", "hyper": {"lr": 0.01}}]}
    data.update(changes)
    return data


def _panel(**changes):
    return [{"optimizer": "gd", "hyper": {"lr": 0.01}, **changes}]


ESCAPE = "\x1b[2J"  # clears a terminal that prints it raw
IMAGE = '<img src="/tmp/gradviz-hostile.fifo">'  # Qt rich text reads the file an <img> names


def _regression(**changes):
    """The regression mode on four embedded points, with ``changes`` to its settings."""
    data = {"data": "", "points": [[1, 2], [2, 3], [3, 5], [4, 4]], "names": ["size", "price"],
            "source": "houses.csv", "scaled": False, "batch_size": 0, "seed": 0, "loss": "mse",
            "huber_delta": 1.0}
    return session(mode="regression", regression={**data, **changes})

HOSTILE = {
    # 1. Numbers sympy read digit by digit (over a minute): read by float() now.
    "tiny-number": Hostile("json", session(text="1e-9999999*x"), "number too small"),
    "tiny-exponent": Hostile("json", session(text="x^(1e-99999999)"), "number too small"),
    # 2. Nesting that sympy differentiated in exponential time: prepared in milliseconds now.
    "tanh-12-deep": Hostile("json", session(text="tanh(" * DEPTH + "x*y" + ")" * DEPTH), None),
    "tanh-sum-8-deep": Hostile("json", session(text="tanh(x*y+" * 8 + "x" + ")" * 8), None),
    "random-tree": Hostile("json", session(text="log2(y)^sinh(sinh(a)/(x+1)(tan(a^77)))*k2",
                                           params={"a": 0.5, "k2": 1.0}), None),
    # 3. Complex-valued functions: one message, not a ValueError.
    "negative-base": Hostile("json", session(text="(-1)^x"), "a negative number to a variable power"),
    "negative-base-y": Hostile("json", session(text="(-2)^y"), "a negative number to a variable power"),
    "tanh-negative-base": Hostile("json", session(text="tanh(-1)^x"), "a negative number to a variable power"),
    # 4. Schedules whose lr overflows: the run diverges where it does, marked as divergence.
    "exponential-gamma-10": Hostile("json", session(panels=_panel(
        schedule="exponential", schedule_params={"gamma": 10.0})), None, diverges=True),
    "step-gamma-10": Hostile("json", session(panels=_panel(
        schedule="step", schedule_params={"step_size": 1, "gamma": 10.0})), None, diverges=True),
    # 5. Terminal escapes in names the message quotes.
    "escape-in-field-name": Hostile("json", {**session(), ESCAPE: 1}, "unknown field"),
    "escape-in-hyperparameter": Hostile("json", session(panels=[{"optimizer": "gd", "hyper": {ESCAPE: 1.0}}]),
                                        "has no hyperparameter"),
    "escape-in-parameter-name": Hostile("json", session(params={ESCAPE: 1.0}), "is not a parameter name"),
    "escape-in-title": Hostile("json", session(title=f"{ESCAPE}hello"), "control character (U+001B)"),
    "escape-in-text": Hostile("json", session(text=f"x{ESCAPE}"), "control character (U+001B)"),
    "escape-in-duplicate-key": Hostile("bytes", (json.dumps(session())[:-1] + ', "\\u001b[2J": 1, "\\u001b[2J": 2}')
                                       .encode(), "appears twice"),
    "bidi-override-in-field-name": Hostile("json", {**session(), "\u202eevil": 1}, "unknown field"),
    # 6. Files that are not regular files: refused before they are opened for reading.
    "fifo": Hostile("fifo", None, "not a regular file (a named pipe)"),
    "folder": Hostile("folder", None, "not a regular file (a folder)"),
    # 7. A lone surrogate: not Unicode text (saving it as UTF-8 fails).
    "surrogate-in-title": Hostile("bytes", json.dumps(session(title="a\ud800b")).encode(), "lone surrogate (U+D800)"),
    "surrogate-in-description": Hostile("bytes", json.dumps(session(description="\udfff")).encode(),
                                        "lone surrogate (U+DFFF)"),
    # 8. Sizes and readings that were wrong or silent.
    "one-byte-too-large": Hostile("bytes", b" " * 1_000_001, "(1,000,001 bytes; at most 1,000,000)"),
    "ex-pi": Hostile("json", session(text="ex\u03c0(x)"), "'ex\u03c0' is not a name"),
    "hexadecimal": Hostile("json", session(text="0x10 + y"), "'0x10' is not a number"),
    # 9. Markup where gradviz shows a name (found in the audit of issue 15): a label shown as
    #    rich text reads the file an <img> names as it is drawn, and a FIFO there never ends
    #    (`gradviz render` of such a file hung; /dev/zero would fill the memory).
    "markup-in-data-names": Hostile("json", _regression(names=[IMAGE, "price"]), "'<'"),
    "markup-in-data-source": Hostile("json", _regression(source=IMAGE), "'<'"),
}


def write(folder) -> dict:
    """Every case of HOSTILE under ``folder`` (a FIFO where the platform has them);
    returns name -> path."""
    paths = {}
    for name, case in HOSTILE.items():
        path = os.path.join(os.fspath(folder), f"{name}.gradviz.json")
        if case.kind == "json":
            with open(path, "w", encoding="utf-8") as stream:
                json.dump(case.content, stream)
        elif case.kind == "bytes":
            with open(path, "wb") as stream:
                stream.write(case.content)
        elif case.kind == "fifo":
            if not hasattr(os, "mkfifo"):
                continue
            os.mkfifo(path)
        elif case.kind == "folder":
            os.mkdir(path)
        paths[name] = path
    return paths
