"""Can Qt start here? A check made before any QApplication exists.

Qt does not raise when its platform plugin cannot start (a system library missing, no display):
it prints several lines, some of them misleading ("xcb-cursor0 is needed" when the display is
the problem), and aborts the process. ``qt_start_problem()`` looks for those cases first and
returns one line naming what is missing and how to fix it, or None when Qt should start.

It is cheap, because it runs on every start of the window (about 10 ms, most of it ``dlopen`` of
libraries Qt loads a moment later anyway; measured in README.md): it reads environment variables,
loads the system libraries of the platform plugin Qt is going to use with ``ctypes`` (the same
dynamic loader and search path as Qt, so a PyInstaller bundle's own copies count), and connects
once to the X server's socket. Anything it cannot judge (other systems, unknown plugins) is left
to Qt; ``gradviz.gui.platform_check.qt_fatal_guard`` then turns Qt's abort into one line as well.

Only the standard library is imported here: ``gradviz`` must answer before Qt is touched.
``gradviz --self-check`` (``report``) prints this check with versions and optional features.
"""

import os
import sys

# (kind, sonames, Debian/Ubuntu packages newest name first): the same table as
# packaging/bootstrap.py (tests/test_selfcheck.py keeps them equal). BASE is what QtGui links on
# every Linux platform plugin, offscreen included; XCB adds what the X11 plugin needs.
BASE = (
    ("lib", ("libglib-2.0.so.0", "libgthread-2.0.so.0"), ("libglib2.0-0t64", "libglib2.0-0")),
    ("lib", ("libGL.so.1",), ("libgl1",)),
    ("lib", ("libEGL.so.1",), ("libegl1",)),
    ("lib", ("libX11.so.6",), ("libx11-6",)),
    ("lib", ("libxkbcommon.so.0",), ("libxkbcommon0",)),
    ("lib", ("libfontconfig.so.1",), ("libfontconfig1",)),
    ("lib", ("libfreetype.so.6",), ("libfreetype6",)),
    ("lib", ("libdbus-1.so.3",), ("libdbus-1-3",)),
)
XCB = (
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
WAYLAND = (
    ("lib", ("libwayland-client.so.0",), ("libwayland-client0",)),
    ("lib", ("libwayland-cursor.so.0",), ("libwayland-cursor0",)),
)
# Plugins that draw into memory or straight to the hardware: nothing to connect to.
NO_DISPLAY_NEEDED = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs",
                     "vkkhrdisplay"}


def platforms_to_try(env):
    """The Qt platform plugins Qt will try, in order, as Qt 6 chooses them on Linux.

    ``QT_QPA_PLATFORM`` ("xcb", "wayland;xcb", "offscreen:fontengine=freetype") wins; otherwise
    Qt tries wayland then xcb in a session with ``XDG_SESSION_TYPE=wayland`` (except under
    GNOME, where it uses xcb), and xcb everywhere else.
    """
    requested = env.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        return [name.split(":")[0].strip() for name in requested.split(";") if name.strip()]
    desktop = (env.get("XDG_CURRENT_DESKTOP", "") + env.get("XDG_SESSION_DESKTOP", "")).lower()
    if env.get("XDG_SESSION_TYPE") == "wayland" and "gnome" not in desktop:
        return ["wayland", "xcb"]
    return ["xcb"]


def can_load(soname):
    """True if the dynamic loader finds and loads ``soname`` (as Qt will, from the same path)."""
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(needs, load=can_load):
    """The entries of ``needs`` with a library that does not load."""
    return [need for need in needs if not all(load(name) for name in need[1])]


def display_reachable(display, connect=None):
    """True if an X server answers at ``display`` (":0", ":1.0", "unix:2", "host:10.0").

    Local displays are the server's Unix socket (Linux's abstract one first, then the file);
    ``host:N`` is TCP port 6000 + N (ssh -X forwards to localhost:6010). Forms this does not
    know (a launchd path on macOS) count as reachable: Qt itself will judge them.
    """
    host, colon, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not colon or not number.isdigit() or host.startswith("/"):
        return True
    connect = connect or _connect
    if host in ("", "unix"):
        path = "/tmp/.X11-unix/X" + number
        return connect("unix", "\0" + path) or connect("unix", path)
    return connect("tcp", (host, 6000 + int(number)))


def _connect(family, address):
    import _socket  # `socket` itself costs 10 ms of imports; the C module is enough here

    try:
        if family == "unix":
            sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        else:
            info = _socket.getaddrinfo(address[0], address[1], 0, _socket.SOCK_STREAM)
            family_id, _type, _proto, _name, address = info[0]
            sock = _socket.socket(family_id, _socket.SOCK_STREAM)
        sock.settimeout(2.0)
        try:
            sock.connect(address)
        finally:
            sock.close()
    except OSError:
        return False
    return True


def no_display(reason):
    """The message for a session without a usable display; names the headless ways, as a
    command that works from where the user stands (``gradviz``, or the path they typed)."""
    from gradviz.arguments import program

    command = program()
    return (f"no display: a window needs a desktop session ({reason}); without one, "
            f"`{command} --screenshot out.png` draws the window into a picture and "
            f"`{command} render SESSION -o out.mp4` renders a session file")


def libraries_message(missing, what, choose=None):
    """One line: which libraries are missing for ``what`` and the command that installs them."""
    names = [soname for need in missing for soname in need[1]]
    packages = (choose or choose_packages)(missing)
    listed = ", ".join(names)
    return (f"Qt cannot start {what}: the system {'library' if len(names) == 1 else 'libraries'} "
            f"{listed} {'is' if len(names) == 1 else 'are'} missing; {install_hint(packages)}")


def install_hint(packages):
    import shutil

    if shutil.which("apt-get"):
        sudo = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
        return f"install {'it' if len(packages) == 1 else 'them'} with: {sudo}apt-get install " \
               + " ".join(packages)
    return "install them with your system's package manager (packages: " + \
        " ".join(packages) + ")"


def choose_packages(needs):
    """One package per need: the first name apt can install (t64 renames), else the classic."""
    import shutil
    import subprocess

    names = sorted({name for need in needs for name in need[2]})
    installable = set()
    if shutil.which("apt-cache") and any(len(need[2]) > 1 for need in needs):
        try:
            out = subprocess.run(["apt-cache", "policy", *names], capture_output=True, text=True,
                                 timeout=20, env=dict(os.environ, LC_ALL="C")).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        current = None
        for line in out.splitlines():
            if line and not line[0].isspace() and line.endswith(":"):
                current = line[:-1]
            elif current and line.strip().startswith("Candidate:") and "(none)" not in line:
                installable.add(current)
    chosen = []
    for need in needs:
        known = [name for name in need[2] if name in installable]
        name = known[0] if known else need[2][-1]
        if name not in chosen:
            chosen.append(name)
    return chosen


def qt_start_problem(env=None, system=None, load=can_load, connect=None):
    """None if Qt's platform plugin should start here; otherwise one line saying why not."""
    env = os.environ if env is None else env
    if not (system or sys.platform).startswith("linux"):
        return None  # the Windows and macOS wheels carry everything their plugin needs
    missing = missing_libraries(BASE, load)
    if missing:
        return libraries_message(missing, "at all")
    problems = []
    for name in platforms_to_try(env):
        if name in NO_DISPLAY_NEEDED:
            return None
        if name == "xcb":
            problem = _xcb_problem(env, load, connect)
        elif name.startswith("wayland"):
            problem = _wayland_problem(env, load)
        else:
            return None  # a plugin this check does not know: Qt judges it
        if problem is None:
            return None
        problems.append(problem)
    # Qt falls back to xcb last; its problem is the one that matters, unless a library is missing.
    return next((p for p in problems if p.startswith("Qt cannot")), problems[-1])


def _xcb_problem(env, load, connect):
    # The display first: without one, the window libraries do not matter yet (and a machine
    # without a display often lacks them too, as the tests' offscreen set-up does).
    display = env.get("DISPLAY", "")
    if not display:
        if env.get("WAYLAND_DISPLAY"):
            return ("no X display (DISPLAY is not set) but a Wayland one is: set "
                    "QT_QPA_PLATFORM=wayland")
        return no_display("DISPLAY is not set")
    if not display_reachable(display, connect):
        return no_display(f"no X server answers at DISPLAY={display}")
    missing = missing_libraries(XCB, load)
    if missing:
        return libraries_message(missing, "a window (X11)")
    return None


def _wayland_problem(env, load):
    name = env.get("WAYLAND_DISPLAY") or "wayland-0"
    path = name if os.path.isabs(name) else os.path.join(env.get("XDG_RUNTIME_DIR", ""), name)
    if not os.path.exists(path):
        return no_display(f"no Wayland compositor at {path}")
    missing = missing_libraries(WAYLAND, load)
    if missing:
        return libraries_message(missing, "a Wayland window")
    return None
