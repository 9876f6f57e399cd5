"""Start gradviz and quit it, many times, and check that every process exits 0 with no signal.

    python3 packaging/exit_cycles.py [--window N] [--screenshot N] [--left-open N]
                                     [--gradviz PROGRAM]

Window cycles need a display (run it under ``xvfb-run -a``) and ``xdotool``: each starts the
real window, waits for its first painted frame, presses Ctrl+Q in it and waits for the process
to end. Screenshot cycles run ``gradviz --screenshot`` (no display needed). Left-open cycles run
Python code that builds the window and ends without deleting it, as tests and scripts do: the
case that crashed at exit (``LEFT_OPEN``; it needs the Python beside PROGRAM, so not for a
bundle). PROGRAM defaults to the clone's ``.venv/bin/gradviz``. Every process gets fresh state
and settings folders, so no autosave or earlier session changes what it does.

One line per cycle kind; the exit code is the number of cycles that did not exit 0. A crash at
exit (signal 11 at interpreter shutdown: README, "Clean exits") shows as ``signal 11``.
packaging/fresh_machine.sh runs it in fresh Debian 12 and 13 roots, on their own Pythons.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_FRAME = re.compile(r"first frame at monotonic")
# The window as gradviz shows it (laid out, the default session loaded), never deleted.
LEFT_OPEN = (
    "import os\n"
    "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
    "from gradviz.gui.app import create_window, open_session\n"
    "app, window = create_window()\n"
    "window.show(); open_session(window); window.state.flush(); app.processEvents()\n"
    "print('built', flush=True)\n"
)
START_TIMEOUT = 60   # seconds from launch to the first painted frame, on a busy 2-core machine
EXIT_TIMEOUT = 30    # seconds from Ctrl+Q to the end of the process


def describe(code):
    """"exit 0", "exit 2", "signal 11" (a negative return code is the signal that ended it)."""
    return f"signal {-code}" if code is not None and code < 0 else f"exit {code}"


def fresh_env(folder):
    return dict(os.environ, XDG_STATE_HOME=str(folder / "state"),
                XDG_CONFIG_HOME=str(folder / "config"), XDG_DATA_HOME=str(folder / "data"),
                XDG_CACHE_HOME=str(folder / "cache"))


def window_cycle(program, folder):
    """Start the window, wait for its first frame, press Ctrl+Q; (exit code, problem or "")."""
    env = fresh_env(folder)
    env["GRADVIZ_FIRST_FRAME"] = "1"   # gradviz prints a line when its first paint is done
    env.pop("QT_QPA_PLATFORM", None)
    process = subprocess.Popen([program], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    heard = []   # stderr lines, read by a thread so that a silent process cannot block us

    def read():
        for line in process.stderr:
            heard.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not any(FIRST_FRAME.search(line) for line in heard):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            reader.join(5)
            return process.wait(), "no first frame: " + "".join(heard).strip()[-300:]
        time.sleep(0.1)
    window = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid",
                             str(process.pid)], capture_output=True, text=True, timeout=30,
                            env=env).stdout.split()
    if not window:
        process.kill()
        return process.wait(), "xdotool found no window"
    subprocess.run(["xdotool", "windowfocus", "--sync", window[-1]], env=env, timeout=30)
    subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+q"], env=env, timeout=30)
    try:
        process.wait(timeout=EXIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait(), "still running after Ctrl+Q"
    reader.join(5)
    return process.returncode, unexpected_output("".join(heard))


def screenshot_cycle(program, folder):
    picture = folder / "shot.png"
    env = fresh_env(folder)
    result = subprocess.run([program, "--screenshot", str(picture), "--size", "800x500"],
                            env=env, capture_output=True, text=True, timeout=120)
    problem = unexpected_output(result.stderr)
    if result.returncode == 0 and not picture.is_file():
        problem = "no picture written"
    return result.returncode, problem


def left_open_cycle(program, folder):
    python = Path(program).with_name("python")
    result = subprocess.run([str(python), "-c", LEFT_OPEN], env=fresh_env(folder), cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    problem = unexpected_output(result.stderr)
    if result.returncode == 0 and result.stdout != "built\n":
        problem = f"printed {result.stdout!r}"
    return result.returncode, problem


def unexpected_output(stderr):
    """stderr lines other than gradviz's first-frame report: a clean exit prints nothing."""
    lines = [line for line in stderr.splitlines() if line.strip() and not FIRST_FRAME.search(line)]
    return "; ".join(lines)[-300:]


def run_cycles(name, cycle, count, program):
    outcomes = {}
    problems = []
    started = time.monotonic()
    for number in range(1, count + 1):
        with tempfile.TemporaryDirectory(prefix="gradviz-exit-") as folder:
            code, problem = cycle(program, Path(folder))
        outcomes[describe(code)] = outcomes.get(describe(code), 0) + 1
        if code != 0 or problem:
            problems.append(f"    cycle {number}: {describe(code)} {problem}".rstrip())
    summary = ", ".join(f"{times} x {outcome}" for outcome, times in sorted(outcomes.items()))
    print(f"exit cycles: {name}: {summary} ({time.monotonic() - started:.0f} s, "
          f"Python {sys.version.split()[0]})")
    print("\n".join(problems)) if problems else None
    sys.stdout.flush()
    return len(problems)


def main(argv):
    parser = argparse.ArgumentParser(prog="packaging/exit_cycles.py",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--window", type=int, default=20, metavar="N",
                        help="window cycles closed with Ctrl+Q (need a display and xdotool)")
    parser.add_argument("--screenshot", type=int, default=20, metavar="N",
                        help="gradviz --screenshot cycles")
    parser.add_argument("--left-open", type=int, default=0, metavar="N",
                        help="Python processes that end with the window still built")
    parser.add_argument("--gradviz", default=str(ROOT / ".venv" / "bin" / "gradviz"),
                        metavar="PROGRAM", help="the gradviz to start (default: .venv's)")
    args = parser.parse_args(argv)
    failures = 0
    if args.window:
        if not os.environ.get("DISPLAY") or not shutil.which("xdotool"):
            print("exit cycles: window cycles need DISPLAY and xdotool (run under xvfb-run -a)")
            return 1
        failures += run_cycles("window closed with Ctrl+Q", window_cycle, args.window,
                               args.gradviz)
    if args.screenshot:
        failures += run_cycles("--screenshot", screenshot_cycle, args.screenshot, args.gradviz)
    if args.left_open:
        failures += run_cycles("window left open at exit", left_open_cycle, args.left_open,
                               args.gradviz)
    return min(failures, 100)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
