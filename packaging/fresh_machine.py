#!/usr/bin/env python3
"""A new machine, as a new user gets it: the README's two commands in fresh Debian 12 and 13.

    sudo python3 packaging/fresh_machine.py [--suite bookworm|trixie ...] [--keep] [--cycles N]

For each Debian release (bookworm = Debian 12 with Python 3.11, trixie = Debian 13 with 3.13):

1. a minimal root: ``debootstrap --variant=minbase --include=python3,git,ca-certificates``, kept
   as a tarball in the cache (``~/.cache/gradviz-fresh-machine``, at most a week old, keyed by
   release, packages and mirror). Nothing of this machine's installed packages is inside; only
   its network settings are copied in (DNS, the pip configuration and the certificates pip
   trusts, proxies), so that apt and pip reach what they reach here;
2. a clone of the commit under test (HEAD of this checkout; uncommitted changes are not in it),
   never cached, at /root/gradviz inside the root;
3. the README's test command exactly as written there, then its run command with ``--version``,
   with no display at all (gradviz must say so in one line naming that command), and, after
   ``apt-get install xvfb xauth xdotool openbox`` (what the README says a virtual screen and the
   gallery need), under
   ``xvfb-run`` with ``--self-check`` and ``--screenshot``;
4. the test files that skipped in step 3 (they need what step 3 installed: the window libraries,
   Xvfb, openbox for the gallery) run again and must not skip;
5. ``packaging/exit_cycles.py``: N start-and-quit cycles of the real window (Ctrl+Q), N of
   ``--screenshot`` and N of a window left open at exit, on the release's own Python, every one
   exiting 0.

Each step prints one line with its time; its output goes to build/fresh-machine/SUITE/. The root
itself comes from packaging/debian_root.py; its bind mounts (/proc, /sys, /dev, /dev/pts) are undone however the run ends. Exit code: the number
of failed steps. Needs root (debootstrap, chroot, mount), Linux, and network to Debian's mirror
and PyPI; installs debootstrap with apt-get if it is missing. About 9 minutes a release on
a busy 2-core machine (the test suite is most of it).
"""

import argparse
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from debian_root import Machine, ensure_debootstrap, say  # noqa: E402  (packaging/ is no package)

ROOT = Path(__file__).resolve().parent.parent
SUITES = {"bookworm": "Debian 12", "trixie": "Debian 13"}
SCREEN = "-screen 0 1280x720x24 -nolisten tcp"
X_PACKAGES = "xvfb xauth xdotool openbox"


class StepFailed(Exception):
    """A step ended otherwise than expected; the message says how."""


# ---------------------------------------------------------------- pure decisions (tested)

def readme_commands(readme_text):
    """The README's two commands as written in its first ``sh`` block: {"run": ..., "test": ...}."""
    block = re.search(r"```sh\n(.*?)```", readme_text, re.DOTALL).group(1)
    commands = {}
    for line in block.splitlines():
        command = line.split("#")[0].strip()
        if command.startswith("python3 packaging/bootstrap.py "):
            commands[command.split()[-1]] = command
    return commands


def skipped_files(pytest_output):
    """Test files named in pytest's "SKIPPED [n] path:line: reason" summary lines (-ra)."""
    files = re.findall(r"^SKIPPED \[\d+\] ([^:\s]+\.py)(?::\d+)?: ", pytest_output, re.MULTILINE)
    return sorted(set(files))


def pytest_summary(output):
    """The last "== 2293 passed, 2 skipped in 178.59s ==" line, without its equals signs."""
    lines = [line.strip("= ") for line in output.splitlines()
             if re.match(r"^=+ .*\b(passed|failed|error)", line)]
    return lines[-1] if lines else "no pytest summary"


def free_display(used):
    """An X display number from 200 up that nothing on this machine uses."""
    return next(number for number in range(200, 1000) if number not in used)


def displays_in_use(proc_net_unix, socket_files):
    """Display numbers with an X socket: abstract ones (shared by every root on this machine,
    which is why xvfb-run's own -a cannot see them from inside one) and socket files."""
    numbers = {int(n) for n in re.findall(r"/tmp/\.X11-unix/X(\d+)", proc_net_unix)}
    return numbers | {int(n) for name in socket_files for n in re.findall(r"X(\d+)", name)}


# ---------------------------------------------------------------- the steps

class Suite:
    """The steps for one release; each prints a line and raises StepFailed on a surprise."""

    def __init__(self, machine, commands, cycles, logs):
        self.machine, self.commands, self.cycles, self.logs = machine, commands, cycles, logs
        self.count = 0
        self.failures = 0
        self.display = None
        self.took = 0.0   # seconds, of the last step that passed

    def step(self, name, command, check, timeout=3600):
        self.count += 1
        log = self.logs / f"{self.count:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.log"
        started = time.monotonic()
        code, output = self.machine.shell(command, log, timeout)
        took = time.monotonic() - started
        try:
            detail = check(code, output)
        except StepFailed as failure:
            self.failures += 1
            say(f"  {name}: FAILED after {took:.0f} s: {failure} (log: {log})")
            tail = "\n".join(output.splitlines()[-40:])
            print("    " + tail.replace("\n", "\n    "), flush=True)
            return None
        say(f"  {name}: ok in {took:.0f} s{': ' + detail if detail else ''}")
        self.took = took
        return output

    def xvfb(self, command):
        return f"xvfb-run -n {self.display} -s {shlex.quote(SCREEN)} {command}"

    def run_all(self):
        test, start = self.commands["test"], self.commands["run"]
        output = self.step("the README's test command", test, expect_tests_pass)
        skipped = skipped_files(output or "")
        pytest_time = re.search(r" in ([0-9.]+)s", pytest_summary(output or ""))
        if output and pytest_time:
            setup = self.took - float(pytest_time.group(1))
            say(f"  (set-up before pytest started: {setup:.0f} s)")
        self.step(f"{start} --version", f"{start} --version", expect_version)
        self.step(f"{start} with no display", start,
                  lambda code, out: expect_no_display(code, out, start))
        self.step(f"apt-get install {X_PACKAGES}",
                  f"DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
                  f"--no-install-recommends {X_PACKAGES}", expect_exit_0)
        self.display = free_display(displays_in_use(
            Path("/proc/net/unix").read_text(), os.listdir("/tmp/.X11-unix")
            if os.path.isdir("/tmp/.X11-unix") else []))
        self.step(f"xvfb-run {start} --self-check", self.xvfb(f"{start} --self-check"),
                  expect_self_check)
        self.step(f"xvfb-run {start} --screenshot", self.xvfb(
            f"{start} --screenshot /root/screenshot.png --size 1280x720"), expect_exit_0)
        picture = self.machine.root / "root" / "screenshot.png"
        if picture.is_file():
            shutil.copy2(picture, self.logs / "screenshot.png")
        if skipped:
            self.step(f"{test} {' '.join(skipped)} (skipped before)",
                      f"{test} {' '.join(skipped)}", expect_no_skips)
        if self.cycles:
            self.step(f"exit cycles, 3 x {self.cycles}", self.xvfb(
                f".venv/bin/python packaging/exit_cycles.py --window {self.cycles} "
                f"--screenshot {self.cycles} --left-open {self.cycles}"), expect_clean_cycles)
        return self.failures


def expect_exit_0(code, output):
    if code != 0:
        raise StepFailed(f"exit {code}")
    return ""


def expect_tests_pass(code, output):
    summary = pytest_summary(output)
    if code != 0:
        raise StepFailed(f"exit {code}: {summary}")
    return summary


def expect_no_skips(code, output):
    summary = expect_tests_pass(code, output)
    if "skipped" in summary:
        raise StepFailed(f"still skipped: {summary}")
    return summary


def expect_version(code, output):
    last = output.strip().splitlines()[-1] if output.strip() else ""
    if code != 0 or not re.fullmatch(r"gradviz \d+\.\d+\.\d+\S*", last):
        raise StepFailed(f"exit {code}, last line {last!r}")
    return last


def expect_no_display(code, output, start):
    last = output.strip().splitlines()[-1] if output.strip() else ""
    if code != 2 or not last.startswith("gradviz: no display: ") or \
            f"`{start} --screenshot out.png`" not in last:
        raise StepFailed(f"exit {code}, last line {last!r}")
    return "one line naming the command"


def expect_self_check(code, output):
    if code != 0 or "\nself-check: ok" not in output or "Qt platform: xcb" not in output:
        raise StepFailed(f"exit {code}")
    return next((line for line in output.splitlines() if line.startswith("Python: ")), "")


def expect_clean_cycles(code, output):
    lines = [line.split(": ", 1)[1] for line in output.splitlines()
             if line.startswith("exit cycles: ")]
    if code != 0:
        raise StepFailed(f"exit {code}: {'; '.join(lines)}")
    return "; ".join(lines)


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv):
    parser = argparse.ArgumentParser(prog="packaging/fresh_machine.py",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--suite", action="append", choices=sorted(SUITES),
                        help="a Debian release to try (default: both)")
    parser.add_argument("--cycles", type=int, default=20, metavar="N",
                        help="window and screenshot start-and-quit cycles (default 20 each)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the roots (under /var/tmp) to look inside afterwards")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        say("needs Linux and root (debootstrap, chroot and mount): sudo python3 "
            "packaging/fresh_machine.py")
        return 2
    # SIGTERM (a CI timeout) unwinds like Ctrl+C, so that the mounts are undone.
    signal.signal(signal.SIGTERM, interrupt)
    ensure_debootstrap()
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()
    if subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                      capture_output=True, text=True).stdout.strip():
        say("note: uncommitted changes are not tested; the roots get the last commit")
    commands = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / \
        "gradviz-fresh-machine"
    failures = 0
    started = time.monotonic()
    for suite in args.suite or list(SUITES):
        logs = ROOT / "build" / "fresh-machine" / suite
        shutil.rmtree(logs, ignore_errors=True)
        logs.mkdir(parents=True)
        say(f"{SUITES[suite]} ({suite}), commit {commit[:10]}")
        suite_started = time.monotonic()
        work = Path(tempfile.mkdtemp(prefix=f"gradviz-fresh-{suite}-", dir="/var/tmp"))
        with Machine(suite, work, cache, logs, args.keep) as machine:
            say(f"  root: {machine.prepare()} ({time.monotonic() - suite_started:.0f} s)")
            machine.clone(commit)
            failures += Suite(machine, commands, args.cycles, logs).run_all()
        say(f"{SUITES[suite]}: {time.monotonic() - suite_started:.0f} s"
            + (f", kept in {work}" if args.keep else ""))
    say(f"{'passed' if not failures else f'{failures} step(s) FAILED'} in "
        f"{time.monotonic() - started:.0f} s (logs in build/fresh-machine/)")
    return min(failures, 100)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        say("interrupted (the roots' mounts are undone)")
        sys.exit(130)
