"""The start-up check: Qt's abort becomes one line that names what is missing and the fix.

The decisions are checked on fake loaders and displays; then real failures are simulated in a
fresh process (an unloadable copy of a library first on LD_LIBRARY_PATH, no DISPLAY, a display
nobody serves), each beside a control run showing that plain Qt really aborts there.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gradviz import selfcheck

REPO = Path(__file__).resolve().parent.parent
LINUX = sys.platform.startswith("linux")
linux_only = pytest.mark.skipif(not LINUX, reason="the check and the simulations are Linux's")


def loads_all(name):
    return True


def loads_all_but(*missing):
    return lambda name: name not in missing


def answers(family, address):
    return True


def nobody_answers(family, address):
    return False


# --------------------------------------------------------------- which platform Qt will try

@pytest.mark.parametrize("env, expected", [
    ({}, ["xcb"]),
    ({"QT_QPA_PLATFORM": "offscreen"}, ["offscreen"]),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, ["wayland", "xcb"]),
    ({"QT_QPA_PLATFORM": "offscreen:fontengine=freetype"}, ["offscreen"]),
    ({"XDG_SESSION_TYPE": "wayland"}, ["wayland", "xcb"]),
    ({"XDG_SESSION_TYPE": "wayland", "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}, ["xcb"]),
    ({"XDG_SESSION_TYPE": "x11"}, ["xcb"]),
])
def test_platforms_follow_qt_rules(env, expected):
    assert selfcheck.platforms_to_try(env) == expected


# --------------------------------------------------------------- decisions on fakes

def test_a_reachable_display_with_every_library_is_fine():
    env = {"DISPLAY": ":0"}
    assert selfcheck.qt_start_problem(env, "linux", loads_all, answers) is None


def test_offscreen_needs_no_display():
    env = {"QT_QPA_PLATFORM": "offscreen"}
    assert selfcheck.qt_start_problem(env, "linux", loads_all, nobody_answers) is None


def test_no_display_names_the_headless_ways(monkeypatch):
    monkeypatch.setenv("GRADVIZ_COMMAND", "python3 packaging/bootstrap.py run")
    problem = selfcheck.qt_start_problem({}, "linux", loads_all, answers)

    assert problem.startswith("no display: a window needs a desktop session (DISPLAY is not set)")
    # after `bootstrap.py run` there is no gradviz on the PATH: the hint names what works
    assert "`python3 packaging/bootstrap.py run --screenshot out.png`" in problem
    assert "`python3 packaging/bootstrap.py run render SESSION -o out.mp4`" in problem


def test_a_display_nobody_serves_is_named():
    problem = selfcheck.qt_start_problem({"DISPLAY": ":7"}, "linux", loads_all, nobody_answers)

    assert problem.startswith("no display: ")
    assert "no X server answers at DISPLAY=:7" in problem


def test_only_a_wayland_display_suggests_the_wayland_platform():
    problem = selfcheck.qt_start_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", loads_all,
                                         answers)
    assert "set QT_QPA_PLATFORM=wayland" in problem


def test_missing_xcb_library_gives_the_package(monkeypatch):
    monkeypatch.setattr(selfcheck, "choose_packages", lambda needs: [n[2][-1] for n in needs])
    problem = selfcheck.qt_start_problem(
        {"DISPLAY": ":0"}, "linux", loads_all_but("libxcb-cursor.so.0", "libxcb-icccm.so.4"),
        answers)

    assert problem.startswith("Qt cannot start a window (X11): the system libraries "
                              "libxcb-cursor.so.0, libxcb-icccm.so.4 are missing; ")
    assert problem.endswith("apt-get install libxcb-cursor0 libxcb-icccm4") or \
        "packages: libxcb-cursor0 libxcb-icccm4" in problem


def test_the_display_is_checked_before_the_window_libraries(monkeypatch):
    # A machine without a display often lacks the window libraries too (the tests' offscreen
    # set-up installs fewer): the display is what the user must hear about first.
    monkeypatch.setattr(selfcheck, "choose_packages", lambda needs: [n[2][-1] for n in needs])
    missing_xcb = loads_all_but("libxcb-cursor.so.0", "libxkbcommon-x11.so.0")
    problem = selfcheck.qt_start_problem({}, "linux", missing_xcb, answers)
    assert problem.startswith("no display: ") and "DISPLAY is not set" in problem
    problem = selfcheck.qt_start_problem({"DISPLAY": ":3"}, "linux", missing_xcb, nobody_answers)
    assert problem.startswith("no display: ") and "DISPLAY=:3" in problem
    problem = selfcheck.qt_start_problem({"DISPLAY": ":3"}, "linux", missing_xcb, answers)
    assert "libxkbcommon-x11.so.0, libxcb-cursor.so.0 are missing" in problem


def test_a_missing_base_library_stops_even_offscreen(monkeypatch):
    monkeypatch.setattr(selfcheck, "choose_packages", lambda needs: ["libegl1"])
    problem = selfcheck.qt_start_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux",
                                         loads_all_but("libEGL.so.1"), answers)
    assert problem.startswith("Qt cannot start at all: the system library libEGL.so.1 is missing")


def test_wayland_falls_back_to_xcb_like_qt(tmp_path):
    env = {"XDG_SESSION_TYPE": "wayland", "XDG_RUNTIME_DIR": str(tmp_path), "DISPLAY": ":0"}
    # No compositor socket: Qt falls back to xcb, which works.
    assert selfcheck.qt_start_problem(env, "linux", loads_all, answers) is None
    # Neither works: the X11 problem is reported (xcb is what Qt tries last).
    problem = selfcheck.qt_start_problem(env, "linux", loads_all, nobody_answers)
    assert "no X server answers at DISPLAY=:0" in problem
    (tmp_path / "wayland-0").touch()
    assert selfcheck.qt_start_problem(env, "linux", loads_all, nobody_answers) is None


def test_other_systems_are_left_to_qt():
    assert selfcheck.qt_start_problem({}, "win32", lambda n: False, nobody_answers) is None
    assert selfcheck.qt_start_problem({}, "darwin", lambda n: False, nobody_answers) is None


def test_display_addresses():
    tried = []

    def record(family, address):
        tried.append((family, address))
        return False

    assert not selfcheck.display_reachable(":3.0", record)
    assert tried == [("unix", "\0/tmp/.X11-unix/X3"), ("unix", "/tmp/.X11-unix/X3")]
    tried.clear()
    selfcheck.display_reachable("localhost:10.0", record)  # ssh -X
    assert tried == [("tcp", ("localhost", 6010))]
    tried.clear()
    assert selfcheck.display_reachable("/private/tmp/com.apple.launchd.x/org.xquartz:0", record)
    assert selfcheck.display_reachable("garbage", record)
    assert tried == []


def test_install_hint_uses_sudo_only_when_needed(monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(os, "geteuid", lambda: 1000, raising=False)
    assert selfcheck.install_hint(["libgl1"]) == "install it with: sudo apt-get install libgl1"
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    assert selfcheck.install_hint(["libgl1", "libegl1"]) == \
        "install them with: apt-get install libgl1 libegl1"
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert "package manager (packages: libgl1)" in selfcheck.install_hint(["libgl1"])


def test_package_names_follow_apt_and_default_to_the_classic_name(monkeypatch):
    import shutil

    glib = [("lib", ("libglib-2.0.so.0",), ("libglib2.0-0t64", "libglib2.0-0"))]
    monkeypatch.setattr(shutil, "which", lambda name: None)  # no apt: the classic name
    assert selfcheck.choose_packages(glib) == ["libglib2.0-0"]


def test_library_table_matches_bootstrap():
    spec = importlib.util.spec_from_file_location("bootstrap_for_selfcheck",
                                                  REPO / "packaging" / "bootstrap.py")
    bootstrap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bootstrap)

    def libs(needs):
        return [need for need in needs if need[0] == "lib"]

    assert libs(bootstrap.OFFSCREEN_NEEDS) == list(selfcheck.BASE)
    assert libs(bootstrap.WINDOW_NEEDS) == list(selfcheck.BASE + selfcheck.XCB)


# --------------------------------------------------------------- real failures, real processes

def gradviz(*args, env=None, code=None):
    """A fresh `python -m gradviz` (or `python -c code`) with this checkout and ``env`` changes
    (None as a value removes the variable)."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(REPO)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "gradviz", *args]
    return subprocess.run(command, capture_output=True, text=True, env=environment, cwd=REPO,
                          timeout=120)


PLAIN_QT = "from PySide6.QtWidgets import QApplication; QApplication([])"


def one_clean_line(result):
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("gradviz: ")
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def broken_library(tmp_path):
    """A directory that, first on LD_LIBRARY_PATH, hides a system library behind an empty file
    (the loader finds it and fails: "file too short"), as if the library were missing."""

    def hide(soname):
        (tmp_path / soname).write_bytes(b"")
        return str(tmp_path)

    return hide


@pytest.fixture
def x_server_socket():
    """A display number whose X socket accepts connections (nothing speaks X11 on it): enough
    for the start-up check, which only connects, so that it goes on to the libraries."""
    import socket

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for number in range(4300, 4400):
        try:
            listener.bind(f"\0/tmp/.X11-unix/X{number}")   # Linux's abstract namespace
            break
        except OSError:
            continue
    listener.listen(8)
    yield f":{number}"
    listener.close()


@linux_only
def test_no_display_is_one_line_where_qt_aborts(broken_library):
    # As on a fresh machine where only the tests' (offscreen) libraries are installed: the
    # window's libraries are missing too, and the display is still what is named.
    env = {"DISPLAY": None, "WAYLAND_DISPLAY": None, "QT_QPA_PLATFORM": "xcb",
           "LD_LIBRARY_PATH": broken_library("libxkbcommon-x11.so.0"),
           "GRADVIZ_COMMAND": "python3 packaging/bootstrap.py run"}

    control = gradviz(env=env, code=PLAIN_QT)
    assert control.returncode < 0 or control.returncode == 134  # SIGABRT
    line = one_clean_line(gradviz(env=env))
    assert line.startswith("gradviz: no display: a window needs a desktop session "
                           "(DISPLAY is not set)")
    assert "`python3 packaging/bootstrap.py run --screenshot out.png`" in line


@linux_only
def test_missing_xcb_library_is_named_with_its_package(broken_library, x_server_socket):
    # Hidden when this machine has it; a machine without it altogether shows the same.
    env = {"LD_LIBRARY_PATH": broken_library("libxcb-cursor.so.0"), "DISPLAY": x_server_socket,
           "QT_QPA_PLATFORM": None, "XDG_SESSION_TYPE": None}

    control = gradviz(env=env, code=PLAIN_QT)
    assert control.returncode < 0 or control.returncode == 134
    assert "xcb" in control.stderr
    line = one_clean_line(gradviz(env=env))
    assert line.startswith("gradviz: Qt cannot start a window (X11): the system librar")
    assert "libxcb-cursor.so.0" in line and " missing; " in line
    assert "libxcb-cursor0" in line  # the package that provides it


@linux_only
def test_missing_base_library_is_named_even_offscreen(broken_library):
    env = {"LD_LIBRARY_PATH": broken_library("libEGL.so.1"), "QT_QPA_PLATFORM": "offscreen"}

    line = one_clean_line(gradviz("--screenshot", "never.png", env=env))
    assert "Qt cannot start at all: the system library libEGL.so.1 is missing" in line
    assert "libegl1" in line


@linux_only
def test_a_display_nobody_serves_is_one_line():
    display = next(f":{n}" for n in range(4242, 4300) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    env = {"DISPLAY": display, "QT_QPA_PLATFORM": None, "XDG_SESSION_TYPE": None}

    line = one_clean_line(gradviz(env=env))
    assert f"no X server answers at DISPLAY={display}" in line


def test_an_unknown_platform_plugin_is_caught_from_qt_itself():
    # The start-up check leaves unknown plugins to Qt; the guard turns Qt's abort into a line.
    env = {"QT_QPA_PLATFORM": "no-such-platform"}

    control = gradviz(env=env, code=PLAIN_QT)
    assert control.returncode != 0
    line = one_clean_line(gradviz(env=env))
    assert line.startswith("gradviz: Qt cannot start: ")
    assert "no-such-platform" in line and "gradviz --self-check" in line


def test_the_check_imports_nothing_heavy():
    code = ("import sys; from gradviz import selfcheck; selfcheck.qt_start_problem(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'numpy', 'sympy', 'pyqtgraph')))")
    result = gradviz(code=code, env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------- gradviz --self-check

def test_self_check_reports_every_item_offscreen():
    result = gradviz("--self-check", env={"QT_QPA_PLATFORM": "offscreen"})

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    names = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert names == ["gradviz", "Python", "libraries", "modules", "engine", "Qt platform",
                     "OpenGL", "video export", "typeset formulas", "resources", "self-check"]
    text = result.stdout
    assert "PySide6 " in text and "numpy " in text and "sympy " in text
    assert "Qt platform: offscreen, starts" in text
    assert "\nself-check: ok\n" in text
    assert "\ntypeset formulas: available: ziamath " in text   # a test dependency too
    for line in text.splitlines():
        if line.startswith(("OpenGL:", "video export:")):
            assert line.split(": ", 1)[1].startswith(("available: ", "not available: "))


@linux_only
def test_self_check_without_display_says_so_and_checks_the_rest(broken_library):
    env = {"DISPLAY": None, "WAYLAND_DISPLAY": None, "QT_QPA_PLATFORM": None,
           "XDG_SESSION_TYPE": None, "LD_LIBRARY_PATH": broken_library("libxcb-cursor.so.0")}
    result = gradviz("--self-check", env=env)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert lines["Qt platform"].startswith("no display: a window needs a desktop session")
    assert lines["modules"].startswith("all ")
    assert lines["engine"].startswith("all ")
    assert lines["self-check"] == "1 problem (see above)"


def test_the_readme_sample_is_what_self_check_prints_now():
    from gradviz import selfreport
    from gradviz.engine import PRESETS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("`gradviz --self-check`"):]
    sample = section.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    lines = dict(line.split(": ", 1) for line in sample)
    assert list(lines) == ["gradviz", "Python", "libraries", "modules", "engine",
                           "Qt platform", "OpenGL", "video export", "typeset formulas",
                           "resources", "self-check"]
    count = len(selfreport.gradviz_modules())
    assert lines["modules"] == f"all {count} gradviz modules import", \
        f"README.md's self-check sample: there are {count} gradviz modules now"
    assert lines["engine"] == (f"all {len(PRESETS)} presets parse and give finite gradients "
                               "at their start")
    examples = len(list((REPO / "resources" / "examples").glob("*.gradviz.json")))
    lessons = len(list((REPO / "resources" / "lessons").glob("*.json")))
    assert lines["resources"].startswith(f"icon, {examples} example sessions, {lessons} lessons, in ")
