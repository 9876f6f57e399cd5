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
   ``apt-get install xvfb xauth xdotool`` (what the README says a virtual screen needs), under
   ``xvfb-run`` with ``--self-check`` and ``--screenshot``;
4. the test files that skipped in step 3 (they need what step 3 installed: the window libraries,
   Xvfb) run again and must not skip;
5. ``packaging/exit_cycles.py``: N start-and-quit cycles of the real window (Ctrl+Q), N of
   ``--screenshot`` and N of a window left open at exit, on the release's own Python, every one
   exiting 0.

Each step prints one line with its time; its output goes to build/fresh-machine/SUITE/. The
bind mounts (/proc, /sys, /dev, /dev/pts) are undone however the run ends. Exit code: the number
of failed steps. Needs root (debootstrap, chroot, mount), Linux, and network to Debian's mirror
and PyPI; installs debootstrap with apt-get if it is missing. About 4 minutes a release on
2 cores (5 when the debootstrap result is not cached yet).
"""

import argparse
import hashlib
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

ROOT = Path(__file__).resolve().parent.parent
SUITES = {"bookworm": "Debian 12", "trixie": "Debian 13"}
PACKAGES = ("python3", "git", "ca-certificates")
MIRROR = "http://deb.debian.org/debian"
CACHE_MAX_AGE = 7 * 24 * 3600   # seconds: a week-old root still installs current packages
BINDS = ("proc", "sys", "dev", "dev/pts")   # /dev/pts: apt logs through a terminal
CLONE = "/root/gradviz"
SCREEN = "-screen 0 1280x720x24 -nolisten tcp"
X_PACKAGES = "xvfb xauth xdotool"
PIP_FILES = ("etc/pip.conf", "etc/xdg/pip")
PASSED_ENV = ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")


class StepFailed(Exception):
    """A step ended otherwise than expected; the message says how."""


def say(text):
    print(f"fresh machine: {text}", flush=True)


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


def cache_key(suite, packages, mirror, debootstrap_version):
    text = "\n".join([suite, ",".join(sorted(packages)), mirror, debootstrap_version])
    return f"{suite}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


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


def host_pip_env(environ):
    """The PIP_* and proxy variables to pass into the root."""
    return {name: value for name, value in environ.items()
            if name.startswith("PIP_") or name in PASSED_ENV}


# ---------------------------------------------------------------- the machine

def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def ensure_debootstrap():
    if shutil.which("debootstrap") or Path("/usr/sbin/debootstrap").exists():
        return
    say("installing debootstrap (apt-get)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL)
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "debootstrap"], env=env,
        stdout=subprocess.DEVNULL)


def debootstrap_version():
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "debootstrap"],
                         capture_output=True, text=True).stdout
    return out.strip() or "unknown"


def cached_root(suite, target, cache, log):
    """Fill ``target`` with a fresh minimal root of ``suite``, from the cache when it is there."""
    tarball = cache / f"{cache_key(suite, PACKAGES, MIRROR, debootstrap_version())}.tar.gz"
    if tarball.is_file() and time.time() - tarball.stat().st_mtime < CACHE_MAX_AGE:
        run(["tar", "--numeric-owner", "-xzf", str(tarball), "-C", str(target)])
        return f"from the cache ({tarball.name})"
    with open(log, "w") as output:
        run(["debootstrap", "--variant=minbase", "--include=" + ",".join(PACKAGES), suite,
             str(target), MIRROR], stdout=output, stderr=subprocess.STDOUT)
    cache.mkdir(parents=True, exist_ok=True)
    partial = tarball.with_suffix(".partial")
    run(["tar", "--numeric-owner", "-I", "gzip -1", "-cf", str(partial), "-C", str(target), "."])
    partial.replace(tarball)
    for old in cache.glob(f"{suite}-*.tar.gz"):
        if old != tarball:
            old.unlink()
    return f"debootstrap {suite}, cached as {tarball}"


def copy_into(root, path):
    """Copy a file or folder of this machine to the same place inside ``root``."""
    source = Path("/") / path
    target = root / str(path).lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    elif source.is_file():
        shutil.copy2(source, target)


def configure_network(root, suite, pip_env):
    """DNS, apt's sources (as a new Debian install has them), proxies, and pip's settings and
    trusted certificates, copied from this machine: nothing else of it."""
    copy_into(root, "etc/resolv.conf")
    (root / "etc/apt/sources.list").write_text(
        f"deb {MIRROR} {suite} main\ndeb {MIRROR} {suite}-updates main\n"
        f"deb http://deb.debian.org/debian-security {suite}-security main\n")
    proxies = subprocess.run(["apt-config", "dump"], capture_output=True, text=True).stdout
    proxy_lines = [line for line in proxies.splitlines() if re.match(r"Acquire::\w+::Proxy", line)]
    if proxy_lines:
        (root / "etc/apt/apt.conf.d/01host-proxy").write_text("\n".join(proxy_lines) + "\n")
    for path in PIP_FILES:
        copy_into(root, path)
    home = Path.home()
    for user_file in (".config/pip/pip.conf", ".pip/pip.conf"):
        if (home / user_file).is_file():
            (root / "root" / user_file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(home / user_file, root / "root" / user_file)
    # This machine's own certificate authorities (a proxy's, say), installed the Debian way.
    local_cas = [p for p in Path("/usr/local/share/ca-certificates").glob("**/*.crt")]
    for certificate in local_cas:
        copy_into(root, certificate.relative_to("/"))
    if local_cas:
        run(["chroot", str(root), "update-ca-certificates"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
    # Files the pip settings name (a CA bundle, a constraints file) at the same path; a folder
    # (find-links) that is not there is made empty, so that pip does not warn about it.
    for value in pip_env.values():
        if value.startswith("/") and Path(value).is_file():
            copy_into(root, value.lstrip("/"))
        elif value.startswith("/") and Path(value).is_dir():
            (root / value.lstrip("/")).mkdir(parents=True, exist_ok=True)


def mounts_under(folder):
    with open("/proc/self/mounts") as table:
        points = [line.split()[1].replace("\\040", " ") for line in table]
    return [point for point in points if point == str(folder) or point.startswith(f"{folder}/")]


def processes_in(root):
    """Ids of processes whose root directory is ``root`` (left over in the chroot)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "root") == str(root):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


class Machine:
    """A fresh root with /proc, /sys, /dev and /dev/pts bound in; all undone on exit."""

    def __init__(self, suite, work, cache, logs, keep):
        self.suite, self.work, self.cache, self.logs, self.keep = suite, work, cache, logs, keep
        self.root = work / "root"
        self.pip_env = host_pip_env(os.environ)

    def __enter__(self):
        self.root.mkdir()
        return self

    def prepare(self):
        how = cached_root(self.suite, self.root, self.cache, self.logs / "debootstrap.log")
        configure_network(self.root, self.suite, self.pip_env)
        for name in BINDS:
            run(["mount", "--bind", f"/{name}", str(self.root / name)])
        return how

    def clone(self, commit):
        target = self.root / CLONE.lstrip("/")
        run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(target)])
        checkout = ["git", "-C", str(target), "checkout", "-q", "--detach", commit]
        if subprocess.run(checkout, capture_output=True).returncode != 0:
            run(["git", "-C", str(target), "fetch", "-q", str(ROOT), commit])
            run(checkout)

    def shell(self, command, log, timeout=3600):
        """Run ``command`` with bash in the clone inside the root, as a new login would:
        a clean environment, plus the PIP_* and proxy settings. Returns (code, output)."""
        env = ["HOME=/root", "PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin",
               "LANG=C.UTF-8"] + [f"{name}={value}" for name, value in self.pip_env.items()]
        argv = ["chroot", str(self.root), "/usr/bin/env", "-i", *env, "bash", "-lc",
                f"cd {CLONE} && {command}"]
        with open(log, "w") as output:
            output.write(f"$ {command}\n")
            output.flush()
            try:
                code = subprocess.run(argv, stdout=output, stderr=subprocess.STDOUT,
                                      timeout=timeout).returncode
            except subprocess.TimeoutExpired:
                code = "timeout"
        return code, Path(log).read_text(errors="replace")

    def __exit__(self, *exc_info):
        for pid in processes_in(self.root):   # an Xvfb left behind would keep /dev busy
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for name in reversed(BINDS):
            point = self.root / name
            if str(point) in mounts_under(self.root):
                if subprocess.run(["umount", str(point)]).returncode != 0:
                    subprocess.run(["umount", "-l", str(point)])
        left = mounts_under(self.root)
        if left:
            say(f"WARNING: still mounted, {self.work} is left as it is: {', '.join(left)}")
        elif not self.keep:
            subprocess.run(["rm", "-rf", "--one-file-system", str(self.work)])
        return False


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
