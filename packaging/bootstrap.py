#!/usr/bin/env python3
"""Set up gradviz from a clone, then start it or run its tests.

    python3 packaging/bootstrap.py run   [gradviz arguments]
    python3 packaging/bootstrap.py test  [pytest arguments]
    python3 packaging/bootstrap.py setup
    python3 packaging/bootstrap.py build [packaging/build.py arguments]

Each step is skipped when it is already done, so a second run costs under a second:

1. find a Python >= 3.11 (this one, or python3.12 / python3.11 / python3.13 on PATH);
2. install the system packages that are missing (Qt's shared libraries, fonts, python3.X-venv)
   with apt-get when running as root, otherwise print the ``sudo apt-get install`` line and stop;
3. create the virtual environment ``.venv`` in the clone;
4. ``pip install -e ".[test]"`` into it, again only when pyproject.toml changed;
5. run ``gradviz`` or ``python -m pytest`` (with ``QT_QPA_PLATFORM=offscreen``) and pass its exit
   code through. pytest runs in the clone's root, so test paths are relative to it. ``run`` sets
   ``GRADVIZ_COMMAND`` to itself, so that gradviz's hints name a command that works here (no
   ``gradviz`` is on the PATH).

``build`` makes the one-folder executable ``dist/gradviz/`` instead: steps 1 and 2 (plus
binutils, which PyInstaller needs on Linux), then a separate environment ``.venv-build`` with
PyInstaller and gradviz's run-time dependencies only (never the test tools), refreshed when
pyproject.toml or packaging/build-requirements.txt change, then ``packaging/build.py``: PyInstaller
with packaging/gradviz.spec and the smoke test of the result.

Only the standard library is used, in syntax that old Pythons (even 2.7) can parse, so that an old
``python3`` reaches a clear message rather than a SyntaxError.
"""

from __future__ import print_function

import glob
import hashlib
import os
import shutil
import subprocess
import sys

MIN_PYTHON = (3, 11)
PYTHON_NAMES = ("python3.12", "python3.11", "python3.13")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
BUILD_VENV = os.path.join(ROOT, ".venv-build")
BUILD_REQUIREMENTS = os.path.join(ROOT, "packaging", "build-requirements.txt")
# Bump when the install step changes, so that existing venvs are refreshed once.
INSTALL_FORMAT = "1"
STAMP_NAME = ".gradviz-install-stamp"
USAGE = __doc__.split("\n\n")[1]
COMMANDS = ("run", "test", "setup", "build")

# What Qt from the PySide6 wheels loads, and the Debian/Ubuntu packages that provide it, newest
# name first (Ubuntu 24.04 renamed some libraries with a t64 suffix). A requirement is
# (kind, targets, packages); kind "lib" checks sonames in `ldconfig -p`, "path" glob patterns
# (any one matching is enough); kind "package" is a package known to be needed.
OFFSCREEN_NEEDS = (
    ("lib", ("libglib-2.0.so.0", "libgthread-2.0.so.0"), ("libglib2.0-0t64", "libglib2.0-0")),
    ("lib", ("libGL.so.1",), ("libgl1",)),
    ("lib", ("libEGL.so.1",), ("libegl1",)),
    ("lib", ("libX11.so.6",), ("libx11-6",)),
    ("lib", ("libxkbcommon.so.0",), ("libxkbcommon0",)),
    ("lib", ("libfontconfig.so.1",), ("libfontconfig1",)),
    ("lib", ("libfreetype.so.6",), ("libfreetype6",)),
    ("lib", ("libdbus-1.so.3",), ("libdbus-1-3",)),
    # Without a font configuration and one font, Qt draws every letter as a box.
    ("path", ("/etc/fonts/fonts.conf",), ("fontconfig-config",)),
    ("path", ("/usr/share/fonts/**/*.ttf", "/usr/share/fonts/**/*.otf"), ("fonts-dejavu-core",)),
)
# A real window (xcb platform plugin) needs these as well. Without libxcb-icccm4 or
# libxcb-keysyms1, Qt wrongly blames libxcb-cursor0, so each is checked by itself.
WINDOW_NEEDS = OFFSCREEN_NEEDS + (
    ("lib", ("libxcb.so.1",), ("libxcb1",)),
    ("lib", ("libX11-xcb.so.1",), ("libx11-xcb1",)),
    ("lib", ("libxkbcommon-x11.so.0",), ("libxkbcommon-x11-0",)),
    ("lib", ("libxcb-cursor.so.0",), ("libxcb-cursor0",)),
    ("lib", ("libxcb-icccm.so.4",), ("libxcb-icccm4",)),
    ("lib", ("libxcb-image.so.0",), ("libxcb-image0",)),
    ("lib", ("libxcb-keysyms.so.1",), ("libxcb-keysyms1",)),
    ("lib", ("libxcb-render-util.so.0",), ("libxcb-render-util0",)),
    ("lib", ("libxcb-shape.so.0",), ("libxcb-shape0",)),
    ("lib", ("libxcb-util.so.1",), ("libxcb-util1",)),
    ("lib", ("libxcb-randr.so.0",), ("libxcb-randr0",)),
    ("lib", ("libxcb-render.so.0",), ("libxcb-render0",)),
    ("lib", ("libxcb-shm.so.0",), ("libxcb-shm0",)),
    ("lib", ("libxcb-sync.so.1",), ("libxcb-sync1",)),
    ("lib", ("libxcb-xfixes.so.0",), ("libxcb-xfixes0",)),
    ("lib", ("libxcb-xkb.so.1",), ("libxcb-xkb1",)),
    ("lib", ("libxcb-glx.so.0",), ("libxcb-glx0",)),
)
# PyInstaller writes the archive into the executable with objcopy (and strips with strip).
BUILD_NEEDS = OFFSCREEN_NEEDS + (
    ("path", ("/usr/bin/objcopy", "/bin/objcopy"), ("binutils",)),
)


class SetupError(Exception):
    """A step cannot be done; the message tells the user what to do instead."""


def say(message):
    print("gradviz setup: " + message)
    sys.stdout.flush()


# ---------------------------------------------------------------- pure decisions (tested)

def parse_ldconfig(text, want_64bit=True):
    """Sonames listed by `ldconfig -p`, keeping only those of this process's word size.

    A line reads `\tlibGL.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libGL.so.1`; 32-bit
    libraries carry no "64" in the parenthesis and cannot be loaded by a 64-bit Python.
    """
    sonames = set()
    for line in text.splitlines():
        line = line.strip()
        if "=>" not in line or "(" not in line:
            continue
        name, _, rest = line.partition(" (")
        flavour = rest.partition(")")[0]
        if ("64" in flavour) == want_64bit:
            sonames.add(name.strip())
    return sonames


def parse_apt_policy(text):
    """Names of packages `apt-cache policy A B ...` (run with LC_ALL=C) can install.

    Known packages appear as `name:` followed by an indented `Candidate: <version>`; a purely
    virtual one has `Candidate: (none)`, and an unknown one is not listed at all.
    """
    installable = set()
    current = None
    for line in text.splitlines():
        if line and not line[0].isspace() and line.endswith(":"):
            current = line[:-1]
        elif current and line.strip().startswith("Candidate:"):
            if line.split(":", 1)[1].strip() != "(none)":
                installable.add(current)
    return installable


def missing_needs(needs, sonames, path_present):
    """The requirements in `needs` that this system does not satisfy yet."""
    missing = []
    for kind, targets, packages in needs:
        if kind == "lib":
            ok = all(target in sonames for target in targets)
        elif kind == "path":
            ok = any(path_present(target) for target in targets)
        else:
            ok = False
        if not ok:
            missing.append((kind, targets, packages))
    return missing


def choose_packages(needs, installable):
    """One package per requirement: the first name apt can install, else the classic name.

    The classic (last) name is the right fallback when apt's lists are stale or absent: where it
    became virtual (t64 renames), apt-get install picks its only provider by itself.
    """
    chosen = []
    for _kind, _targets, packages in needs:
        known = [name for name in packages if name in installable]
        name = known[0] if known else packages[-1]
        if name not in chosen:
            chosen.append(name)
    return chosen


def apt_install_command(packages):
    return ["apt-get", "install", "-y", "--no-install-recommends"] + list(packages)


# Wait for another apt (unattended-upgrades at boot, say) instead of failing on its lock.
APT_WAIT = ["-o", "DPkg::Lock::Timeout=600"]


def run_command(script):
    """How the user started gradviz through this script, as they would type it again."""
    import shlex

    return "python3 " + shlex.quote(script) + " run"


def sudo_advice(packages):
    """What a user who is not root must run before trying again."""
    return ("these system packages are missing; install them with\n\n    sudo "
            + " ".join(apt_install_command(packages))
            + "\n\nthen run this command again.")


def install_stamp(pyproject_bytes, python_version):
    """Text that changes whenever the venv's installed packages may be out of date."""
    digest = hashlib.sha256(pyproject_bytes).hexdigest()
    version = ".".join(str(part) for part in python_version)
    return "format {0}\npython {1}\npyproject {2}\n".format(INSTALL_FORMAT, version, digest)


# ---------------------------------------------------------------- the system

def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def run_quiet(command, env=None):
    """(exit code, stdout) of a command, or (None, "") when it cannot be started."""
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   universal_newlines=True, env=env)
    except OSError:
        return None, ""
    out, _ = process.communicate()
    return process.returncode, out


def find_tool(name):
    # /sbin is not on a normal user's PATH on Debian, but ldconfig lives there.
    for folder in os.environ.get("PATH", "").split(os.pathsep) + ["/sbin", "/usr/sbin"]:
        path = os.path.join(folder, name)
        if folder and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


_VERSIONS = {}


def python_version(executable):
    """(major, minor) of a Python executable, or None if it does not run (asked once)."""
    if executable not in _VERSIONS:
        code, out = run_quiet([executable, "-c",
                               "import sys; print('%d %d' % sys.version_info[:2])"])
        try:
            major, minor = out.split()
            _VERSIONS[executable] = (int(major), int(minor)) if code == 0 else None
        except ValueError:
            _VERSIONS[executable] = None
    return _VERSIONS[executable]


class Apt(object):
    """apt-get and apt-cache, with `apt-get update` run at most once per setup."""

    def __init__(self):
        self.available = bool(find_tool("apt-get")) and bool(find_tool("apt-cache"))
        self.env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", LC_ALL="C")

    def installable(self, names):
        code, out = run_quiet(["apt-cache", "policy"] + sorted(set(names)), env=self.env)
        return parse_apt_policy(out) if code == 0 else set()

    def update(self):
        if os.environ.get("GRADVIZ_APT_UPDATED") != "1":
            say("updating the package lists (apt-get update)")
            self.check_call(["apt-get", "update", "-q"] + APT_WAIT)
            os.environ["GRADVIZ_APT_UPDATED"] = "1"  # survives the re-exec after a new Python

    def ensure(self, needs, what):
        """Install the packages for `needs` as root, or raise SetupError with the sudo line."""
        candidates = [name for _k, _t, packages in needs for name in packages]
        if not is_root():
            raise SetupError(sudo_advice(choose_packages(needs, self.installable(candidates))))
        self.update()
        packages = choose_packages(needs, self.installable(candidates))
        say("installing {0}: {1}".format(what, " ".join(packages)))
        self.check_call(apt_install_command(packages) + ["-q"] + APT_WAIT)

    def check_call(self, command):
        if subprocess.call(command, env=self.env) != 0:
            raise SetupError("'{0}' failed; see the messages above".format(" ".join(command)))


def path_present(pattern):
    return next(glob.iglob(pattern, recursive=True), None) is not None


def system_needs(command):
    """Requirements this system misses for `command`, or [] where they cannot be checked."""
    if not sys.platform.startswith("linux"):
        return []  # macOS and Windows wheels carry everything Qt needs
    ldconfig = find_tool("ldconfig")
    if ldconfig is None:
        return []
    _code, out = run_quiet([ldconfig, "-p"])
    sonames = parse_ldconfig(out, want_64bit=sys.maxsize > 2 ** 32)
    needs = {"run": WINDOW_NEEDS, "build": BUILD_NEEDS}.get(command, OFFSCREEN_NEEDS)
    return missing_needs(needs, sonames, path_present)


# ---------------------------------------------------------------- the steps

def ensure_python(apt, command):
    """Re-run this script under a Python >= 3.11 if the current one is older.

    When apt must install that Python, the missing libraries go in the same install (or the same
    sudo line), so that a user who is not root is asked only once.
    """
    if sys.version_info[:2] >= MIN_PYTHON:
        return
    for name in PYTHON_NAMES:
        path = find_tool(name)
        if path and (python_version(path) or (0, 0)) >= MIN_PYTHON:
            reexec(path)
    have = "{0}.{1}".format(*sys.version_info[:2])
    if not apt.available:
        raise SetupError("gradviz needs Python 3.11 or newer and found only {0}; install a "
                         "newer Python (python.org or your package manager).".format(have))
    if is_root():
        apt.update()
    offered = apt.installable(PYTHON_NAMES)
    name = next((candidate for candidate in PYTHON_NAMES if candidate in offered), None)
    if name is None:
        raise SetupError("gradviz needs Python 3.11 or newer; this system has {0} and apt offers "
                         "no newer one. Install one from python.org or with pyenv.".format(have))
    libraries = system_needs(command)
    what = "Python " + name[len("python"):] + (" and system packages" if libraries else "")
    apt.ensure([("package", (), (name,)), ("package", (), (name + "-venv",))] + libraries, what)
    reexec(find_tool(name) or "/usr/bin/" + name)


def reexec(python):
    say("continuing with " + python)
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


def venv_python(venv=VENV):
    if os.name == "nt":
        return os.path.join(venv, "Scripts", "python.exe")
    return os.path.join(venv, "bin", "python")


def venv_script(name, venv=VENV):
    if os.name == "nt":
        return os.path.join(venv, "Scripts", name + ".exe")
    return os.path.join(venv, "bin", name)


def venv_state(venv=VENV):
    """"ok", "missing" or "stale" (a venv whose Python no longer runs or is too old)."""
    if not os.path.exists(venv):
        return "missing"
    if not os.path.isfile(os.path.join(venv, "pyvenv.cfg")):
        raise SetupError("{0} exists but is not a virtual environment; move it away and run "
                         "this command again.".format(venv))
    version = python_version(venv_python(venv))
    return "ok" if version is not None and version >= MIN_PYTHON else "stale"


def ensure_system_packages(apt, command, need_venv_support):
    """Install what is missing; True if apt-get installed something."""
    needs = system_needs(command)
    if need_venv_support and not has_ensurepip():
        # Debian and Ubuntu ship `venv` without ensurepip; it comes in python3.X-venv.
        version = "python{0}.{1}-venv".format(*sys.version_info[:2])
        needs.append(("package", (), (version, "python3-venv")))
    if not needs:
        return False
    if not apt.available:
        names = [targets[0] if targets else packages[0] for _k, targets, packages in needs]
        say("warning: could not find {0}; if setup or Qt fails, install them with your "
            "package manager".format(", ".join(names)))
        return False
    apt.ensure(needs, "system packages")
    return True


def has_ensurepip():
    try:
        import importlib.util
        return importlib.util.find_spec("ensurepip") is not None
    except ImportError:
        return False


def ensure_venv(state, venv=VENV):
    if state == "ok":
        return
    if state == "stale":
        say("{0} belongs to a Python that is gone or too old; recreating it".format(venv))
        shutil.rmtree(venv)
        _VERSIONS.clear()
    say("creating the virtual environment {0}".format(venv))
    if subprocess.call([sys.executable, "-m", "venv", venv]) != 0:
        shutil.rmtree(venv, ignore_errors=True)
        raise SetupError("'{0} -m venv {1}' failed; see the messages above".format(
            sys.executable, venv))


def ensure_installed():
    """pip install -e ".[test]" unless the stamp says the venv already has this pyproject."""
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as handle:
        wanted = install_stamp(handle.read(), python_version(venv_python()))
    stamp = os.path.join(VENV, STAMP_NAME)
    if os.path.isfile(venv_script("gradviz")) and read_text(stamp) == wanted:
        return False
    say("installing gradviz and its dependencies into .venv (the first time downloads about "
        "100 MB, mostly Qt)")
    pip_install(venv_python(), ["-e", ".[test]"])
    with open(stamp, "w") as handle:
        handle.write(wanted)
    return True


def build_requirements(pyproject_text, requirements_text):
    """What .venv-build gets: gradviz's run-time dependencies (pyproject.toml [project]
    dependencies, and the optional groups named in BUILD_EXTRAS that exist) plus the lines of
    packaging/build-requirements.txt. Never the "test" extra."""
    import tomllib  # this runs under Python >= 3.11 (ensure_python), whatever started it

    project = tomllib.loads(pyproject_text).get("project", {})
    wanted = list(project.get("dependencies", []))
    for extra in BUILD_EXTRAS:
        wanted += project.get("optional-dependencies", {}).get(extra, [])
    for line in requirements_text.splitlines():
        line = line.split("#")[0].strip()
        if line:
            wanted.append(line)
    return wanted


# Optional dependency groups the executable should carry when pyproject.toml defines them.
BUILD_EXTRAS = ("video",)


def ensure_build_venv():
    """.venv-build with PyInstaller and the run-time dependencies, as the stamp says."""
    ensure_venv(venv_state(BUILD_VENV), BUILD_VENV)
    pyproject = read_bytes(os.path.join(ROOT, "pyproject.toml"))
    requirements = read_bytes(BUILD_REQUIREMENTS)
    wanted = install_stamp(pyproject + b"\0" + requirements,
                           python_version(venv_python(BUILD_VENV)))
    stamp = os.path.join(BUILD_VENV, STAMP_NAME)
    if read_text(stamp) == wanted:
        return False
    packages = build_requirements(pyproject.decode("utf-8"), requirements.decode("utf-8"))
    say("installing PyInstaller and gradviz's dependencies into .venv-build")
    pip_install(venv_python(BUILD_VENV), packages)
    with open(stamp, "w") as handle:
        handle.write(wanted)
    return True


def pip_install(python, arguments):
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    if not sys.stdout.isatty():
        env["PIP_PROGRESS_BAR"] = "off"
    code = subprocess.call([python, "-m", "pip", "install"] + list(arguments), cwd=ROOT, env=env)
    if code != 0:
        raise SetupError("pip install failed (exit {0}); see the messages above".format(code))


def setup_build():
    """Python, system packages (binutils too) and .venv-build: what packaging/build.py needs."""
    apt = Apt()
    ensure_python(apt, "build")
    installed = ensure_system_packages(apt, "build",
                                       need_venv_support=venv_state(BUILD_VENV) != "ok")
    installed = ensure_build_venv() or installed
    if not installed:
        say("build environment up to date")


def read_bytes(path):
    with open(path, "rb") as handle:
        return handle.read()


def read_text(path):
    try:
        with open(path) as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def setup(command):
    apt = Apt()
    state = venv_state()
    if state != "ok":
        ensure_python(apt, command)
    installed = ensure_system_packages(apt, command, need_venv_support=state != "ok")
    ensure_venv(state)
    installed = ensure_installed() or installed
    if not installed and state == "ok":
        say("up to date")


def run_tests(args):
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = [venv_python(), "-m", "pytest"] + list(args)
    code = wait_for(subprocess.Popen(command, cwd=ROOT, env=env))
    if code == 5:
        print("gradviz test: pytest collected no tests (exit 5)", file=sys.stderr)
    return code


def wait_for(process):
    """The exit code of a child that shares our terminal, riding out Ctrl-C (the child gets it)."""
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue


def main(argv):
    if sys.version_info[:2] < (3, 6):
        print("gradviz setup: this script needs Python 3.6 or newer to start (gradviz itself "
              "needs 3.11); this is {0}.{1}.".format(*sys.version_info[:2]), file=sys.stderr)
        return 1
    if not argv or argv[0] not in COMMANDS:
        asked = argv[:1] in (["-h"], ["--help"])
        print("usage:\n" + USAGE, file=sys.stdout if asked else sys.stderr)
        return 0 if asked else 2
    command, args = argv[0], argv[1:]
    try:
        if command == "build":
            setup_build()
        else:
            setup(command)
    except SetupError as error:
        print("gradviz setup: " + str(error), file=sys.stderr)
        return 1
    if command == "test":
        return run_tests(args)
    if command == "build":
        build = [venv_python(BUILD_VENV), os.path.join(ROOT, "packaging", "build.py")]
        return wait_for(subprocess.Popen(build + list(args), cwd=ROOT))
    if command == "run":
        # gradviz's hints ("no display: use ... --screenshot") name this command, not a
        # `gradviz` that is not on the PATH.
        os.environ["GRADVIZ_COMMAND"] = run_command(sys.argv[0])
        gradviz = venv_script("gradviz")
        if os.name == "nt":
            return wait_for(subprocess.Popen([gradviz] + list(args)))
        os.execv(gradviz, [gradviz] + list(args))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
