"""Section 5: start-up, from process start to the first painted frame, in a fresh process.

``python -m gradviz.bench.first_frame --size 1280x720`` runs the real ``gradviz`` command
(offscreen) and quits after its first frame; the time is taken from just before the process
is created to the moment that frame has been painted (both ``time.monotonic``). Phases: the
Python interpreter itself, imports up to Qt, building the window (Qt, pyqtgraph, widgets),
the File menu's set-up (recent files, example lessons, autosave), and loading the session
(parse, landscape, runs) with the first paint.

Bytecode: an installed gradviz has its modules compiled (``pip install`` writes the ``.pyc``
files), so the processes measured here may write and read them too, and one untimed start
comes first: with ``PYTHONDONTWRITEBYTECODE`` set (some environments set it) a checkout would
otherwise compile every gradviz module from source on every start, ~0.1 s that no installed
gradviz pays.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time

from gradviz.bench.timing import median

ROUNDS = (5, 1)


def _once() -> dict:
    with tempfile.TemporaryDirectory(prefix="gradviz-bench-") as home:
        # Fresh data, settings and state folders: the user's recent files do not count, and an
        # autosave left by a crash must not open a dialog that nobody will answer.
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=home,
                   XDG_DATA_HOME=os.path.join(home, "data"),
                   XDG_CONFIG_HOME=os.path.join(home, "config"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)   # as installed: see the module docstring
        if getattr(sys, "frozen", False):
            return _once_packaged(env)
        return _once_source(env)


def _once_source(env) -> dict:
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join([top] + [p for p in [env.get("PYTHONPATH")] if p])
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "gradviz.bench.first_frame", "--size",
                           "1280x720"], env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"bench: gradviz did not start: {done.stderr.strip()[-300:]}")
    stamps = json.loads(done.stdout.strip().splitlines()[-1])
    phases = {"python": stamps["python_ready"] - t0,
              "imports": stamps["qt_imported"] - stamps["python_ready"],
              "window": stamps["window_built"] - stamps["qt_imported"]}
    files = stamps.get("documents_built", 0) - stamps.get("documents_start", 0)
    phases["files_menu"] = files   # the File menu's set-up: recent files, examples, autosave
    phases["load_and_paint"] = stamps["first_frame"] - stamps["window_built"] - files
    return {"total": stamps["first_frame"] - t0, "cpu": stamps["cpu_s"], **phases}


def _once_packaged(env) -> dict:
    """A packaged gradviz (PyInstaller) has no ``python -m``: time the executable itself, which
    reports its first frame when GRADVIZ_FIRST_FRAME is set (gradviz/gui/app.py). No phases."""
    env["GRADVIZ_FIRST_FRAME"] = "exit"
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "--size", "1280x720"], env=env, capture_output=True,
                          text=True, timeout=120)
    found = re.search(r"first frame at monotonic ([0-9.]+)", done.stderr)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"bench: gradviz did not start: {done.stderr.strip()[-300:]}")
    return {"total": float(found.group(1)) - t0}


def run(quick: bool = False) -> dict:
    _once()   # untimed: writes the bytecode an installed gradviz has (module docstring)
    runs = [_once() for _ in range(ROUNDS[1 if quick else 0])]
    out = {"p50_s": median([r["total"] for r in runs]), "runs": len(runs)}
    if "cpu" in runs[0]:   # CPU seconds to the first frame (not in a packaged gradviz)
        out["cpu_p50_s"] = median([r["cpu"] for r in runs])
    out["phases_p50_s"] = {k: median([r[k] for r in runs]) for k in runs[0]
                           if k not in ("total", "cpu")}
    return out
