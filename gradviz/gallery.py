"""``python -m gradviz.gallery OUTDIR``: pictures of the live window in every state that matters.

For each state of gradviz/gallery_states.py it starts the real gradviz window on a virtual
screen (Xvfb) with a window manager (openbox), lets it play a tour (gradviz/gui/tour.py: the
window's own keys and menus, then a picture of the whole screen, playback running where the
state says so), and checks what the window says about itself against what the state expects.
Then it writes OUTDIR/NAME.png for each state, OUTDIR/sheet.png (all of them on one page) and
OUTDIR/index.md (what each shows, what the window said, any mismatch).

    python -m gradviz.gallery OUTDIR [--only NAME ...]    a picture per state, sheet, index
    python -m gradviz.gallery --readme DIR                only the README's screenshots
    python -m gradviz.gallery --list                      the states, one a line

Needs Xvfb and openbox on the machine (``apt-get install xvfb openbox``), nothing else: no
xdotool, no imagemagick. Each gradviz gets fresh settings and autosave folders, so the
gallery neither reads nor changes yours. Takes 5 to 10 seconds a state.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gradviz.gallery_states import STATES, mismatches, session_argument, tour_lines

NEEDED = ("Xvfb", "openbox")
STATE_TIMEOUT = 120      # seconds for one gradviz to start, play its tour and exit
MISSING = ("gradviz gallery: needs Xvfb and a window manager (openbox) on this machine: "
           "sudo apt-get install xvfb openbox")


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    if args.list:
        print("\n".join(f"{s.name:36} {s.size:9} {s.caption}" for s in STATES))
        return 0
    states = _chosen(args)
    if isinstance(states, str):
        print(f"gradviz gallery: {states}", file=sys.stderr)
        return 2
    if any(shutil.which(tool) is None for tool in NEEDED):
        print(MISSING, file=sys.stderr)
        return 2
    out = Path(args.readme or args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    results = run_states(states, out)
    if not args.readme:
        write_sheet(results, out / "sheet.png")
        (out / "index.md").write_text(index_text(results), encoding="utf-8")
    failed = [r for r in results if r["problems"]]
    for result in results:
        print(f"{result['state'].name}: " + ("; ".join(result["problems"]) or "ok"))
    return 1 if failed else 0


def _parser():
    parser = argparse.ArgumentParser(prog="python -m gradviz.gallery",
                                     description="Pictures of the live gradviz window.")
    parser.add_argument("outdir", nargs="?", help="folder for the pictures, sheet and index")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="these states only")
    parser.add_argument("--readme", metavar="DIR", help="only the README's screenshots, in DIR")
    parser.add_argument("--list", action="store_true", help="list the states and exit")
    return parser


def _chosen(args):
    """The states asked for, or a message saying what is wrong with the request."""
    if not (args.outdir or args.readme):
        return "give a folder for the pictures (python -m gradviz.gallery OUTDIR)"
    if args.readme:
        return [s for s in STATES if s.readme]
    if not args.only:
        return list(STATES)
    unknown = sorted(set(args.only) - {s.name for s in STATES})
    if unknown:
        return f"no state named {', '.join(unknown)} (--list shows them)"
    return [s for s in STATES if s.name in args.only]


def run_states(states, out) -> list:
    """Picture ``states`` into ``out``: one virtual screen per size, one gradviz per state.
    Returns ``[{"state", "picture", "facts", "problems"}, ...]`` in the order given."""
    results = {}
    for size in dict.fromkeys(s.size for s in states):
        with VirtualScreen(size) as display, tempfile.TemporaryDirectory() as work:
            for state in (s for s in states if s.size == size):
                results[state.name] = run_state(state, display, Path(work), out)
    return [results[s.name] for s in states]


def run_state(state, display, work, out) -> dict:
    """Start gradviz on ``display`` with ``state``'s session and tour; move its picture and
    facts into ``out``."""
    folder = work / state.name
    folder.mkdir()
    tour = folder / f"{state.name}.tour"
    tour.write_text("\n".join(tour_lines(state)) + "\n", encoding="utf-8")
    file = session_argument(state, folder)
    env = _environment(display, tour, folder)
    # started beside its file, so the title and status bar name the file, not a folder
    command = [sys.executable, "-m", "gradviz", *([Path(file).name] if file else [])]
    result = {"state": state, "picture": out / f"{state.name}.png", "facts": None, "problems": []}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True,
                              cwd=Path(file).parent if file else folder, timeout=STATE_TIMEOUT)
    except subprocess.TimeoutExpired:
        result["problems"].append(f"gradviz did not finish within {STATE_TIMEOUT} s")
        return result
    picture, facts = folder / f"{state.name}.png", folder / f"{state.name}.json"
    if not picture.exists() or not facts.exists():
        last = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        result["problems"].append(f"no picture ({last})")
        return result
    shutil.move(picture, result["picture"])
    result["facts"] = json.loads(facts.read_text(encoding="utf-8"))
    result["problems"] += mismatches(state, result["facts"])
    return result


def _environment(display, tour, folder) -> dict:
    """gradviz's environment: the virtual screen, the tour, settings and autosave folders of
    its own (a person's are neither read nor changed), and this checkout's gradviz first."""
    here = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
            "GRADVIZ_TOUR": str(tour), "XDG_CONFIG_HOME": str(folder / "config"),
            "XDG_DATA_HOME": str(folder / "data"), "XDG_STATE_HOME": str(folder / "state"),
            "PYTHONPATH": os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))}


class VirtualScreen:
    """Xvfb at ``size`` with openbox on it, for a ``with`` block; the value is the DISPLAY.
    Xvfb picks a free display number itself (-displayfd), so galleries can run side by side."""

    def __init__(self, size):
        self.size, self.processes = size, []

    def __enter__(self) -> str:
        read, write = os.pipe()
        self.processes.append(subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{self.size}x24", "-nolisten",
             "tcp"], pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.__exit__()
            raise RuntimeError("Xvfb did not start")
        display = f":{number}"
        self.processes.append(subprocess.Popen(
            ["openbox"], env={**os.environ, "DISPLAY": display},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(1.0)   # openbox takes the screen before the first window maps
        return display

    def __exit__(self, *exc):
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []


def describe(facts) -> str:
    """What the window said at the picture, in a few words."""
    if not facts:
        return "no picture"
    words = [f"step {facts['step']} of {facts['steps']}",
             "playing" if facts["playing"] else "paused",
             f"{facts['panels']} panel{'s' if facts['panels'] > 1 else ''}", facts["theme"]]
    words += ["presentation mode"] * facts["presentation"] + ["3D"] * facts["view3d"]
    words += ["regression mode"] * (facts["mode"] == "regression")
    words += ["overlay"] * facts.get("overlay", False)
    words += ["legend"] * facts["legend"]
    if facts["error"]:
        words.append(f"error: {facts['error']}")
    return ", ".join(words)


def index_text(results) -> str:
    """index.md: the sheet, then a row per state (picture, screen, caption, what the window
    said, problems)."""
    from gradviz import __version__

    rows = [f"| [{r['state'].name}]({r['picture'].name}) | {r['state'].size} | "
            f"{r['state'].caption} | {describe(r['facts'])} | {'; '.join(r['problems'])} |"
            for r in results]
    return "\n".join([
        "# gradviz gallery", "",
        f"gradviz {__version__}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: the live "
        "window under Xvfb and openbox, driven by its own keys (`python -m gradviz.gallery`).",
        "", "![all pictures](sheet.png)", "",
        "| picture | screen | what it shows | the window said | problems |",
        "| --- | --- | --- | --- | --- |", *rows, ""])


def write_sheet(results, path) -> None:
    """The contact sheet of ``results`` into ``path`` (Qt offscreen, in this process)."""
    from PySide6.QtGui import QGuiApplication

    from gradviz.gui.contact_sheet import compose_sheet

    app = QGuiApplication.instance()
    if app is None:   # drawn in memory: this process needs no screen
        app = QGuiApplication(["gradviz-gallery", "-platform", "offscreen"])
    entries = [(r["picture"], f"{r['state'].name}: {r['state'].caption}") for r in results]
    compose_sheet(entries).save(str(path))


if __name__ == "__main__":
    sys.exit(main())
