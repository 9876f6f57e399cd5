"""What every gradviz command shares below the command line itself (standard library only):
the error a user can fix, and the option types for sizes and step counts.

gradviz.cli is the top of the program and imports this; sub-commands (gradviz.render) import
this too, never gradviz.cli.
"""

import argparse


class UserError(Exception):
    """A problem the user can fix; its message is shown as it is, without a log entry."""


def window_size(text: str) -> tuple:
    """Parse ``WxH`` (e.g. ``1280x720``) into a pair of positive ints (pixels)."""
    width, sep, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        size = None
    if not sep or size is None or min(size) <= 0:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT in pixels, such as 1280x720, not {text!r}")
    return size


def step_count(text: str) -> int:
    try:
        steps = int(text)
    except ValueError:
        steps = -1
    if steps < 0:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of steps, 0 or more, not {text!r}")
    return steps


def program(env=None, argv0=None, which=None, executable=None) -> str:
    """The command that starts this gradviz from where the user stands, for hints.

    ``gradviz`` when that name on the PATH is this program; otherwise what the user typed:
    ``python3 packaging/bootstrap.py run`` (it says so in ``GRADVIZ_COMMAND``), the path of a
    script or bundle outside the PATH (``.venv/bin/gradviz``, ``dist/gradviz/gradviz``), or
    ``python3 -m gradviz``. Arguments default to this process's (tests pass their own).
    """
    import os
    import shutil
    import sys

    env = os.environ if env is None else env
    argv0 = sys.argv[0] if argv0 is None else argv0
    which = which or shutil.which
    executable = executable or sys.executable
    if env.get("GRADVIZ_COMMAND"):
        return env["GRADVIZ_COMMAND"]
    if argv0 in ("", "-c"):
        return "gradviz"
    name = os.path.basename(argv0)
    if name == "__main__.py":   # python -m gradviz
        python = "python3" if _same_file(which("python3"), executable) else executable
        return f"{python} -m gradviz"
    if name == argv0 or _same_file(which(name), argv0):   # the PATH finds this very program
        return name
    return argv0


def _same_file(first, second):
    import os

    try:
        return bool(first and second) and os.path.samefile(first, second)
    except OSError:
        return False
