"""Where gradviz writes the details of an unexpected error, and how (standard library only).

The command line (gradviz.cli) and the window's error hook (gradviz.gui.app) both print one line
to the user and append the traceback here; neither imports the other.
"""

import datetime
import os
import sys

from gradviz import __version__

LOG_LIMIT_BYTES = 1_000_000


def log_path() -> str:
    """Where error details go: the user's state (Linux), log (macOS) or local data (Windows) dir."""
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
        return os.path.join(base, "gradviz", "Logs", "gradviz.log")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Logs", "gradviz", "gradviz.log")
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(home, ".local", "state")
    return os.path.join(base, "gradviz", "gradviz.log")


def append_log(path: str, details: str) -> None:
    """Append ``details`` under a line naming the time, version, Python and arguments."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path) and os.path.getsize(path) > LOG_LIMIT_BYTES:
        os.replace(path, path + ".1")  # keep one old log; the file never grows without bound
    stamp = datetime.datetime.now().isoformat(timespec="seconds")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"--- {stamp} gradviz {__version__}, Python {sys.version.split()[0]}, "
                     f"argv {sys.argv!r}\n{details}\n")
