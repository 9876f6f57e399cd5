"""packaging/: what the build leaves out, the icon files, the desktop entry and its installer.

The build itself (PyInstaller, a few minutes) and its smoke test run in CI through
`python3 packaging/bootstrap.py build`; these tests check the pieces that decide what goes in.
"""

import ast
import configparser
import importlib.util
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
ICONS = REPO / "resources" / "icons"


def load(name):
    # By path: a `packaging` package would shadow the PyPI library of that name.
    spec = importlib.util.spec_from_file_location(f"gradviz_packaging_{name}",
                                                  PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rules():
    return load("bundle_rules")


# --------------------------------------------------------------- what the bundle leaves out

@pytest.mark.parametrize("destination, kept", [
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", True),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),   # Windows wheels have no Qt/ level
    ("PySide6\\Qt\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
    ("PySide6\\translations\\qtbase_fr.qm", False),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("PySide6/Qt/lib/libQt6Core.so.6", True),
    ("numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so", True),
])
def test_qt_files(rules, destination, kept):
    assert rules.keep_qt_file(destination) is kept
    assert rules.keep_file(destination) is kept


@pytest.mark.parametrize("destination, kept", [
    ("pyqtgraph/icons/peegee/peegee_512px@2x.png", False),
    ("pyqtgraph\\icons\\peegee\\peegee.svg", False),
    ("pyqtgraph/icons/auto.png", True),             # the view's auto-range button
    ("pyqtgraph/colors/maps/CET-L1.csv", True),
])
def test_library_data_gradviz_never_shows_is_left_out(rules, destination, kept):
    assert rules.keep_file(destination) is kept


def test_only_unused_qt_modules_are_excluded(rules):
    available = ["QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtSvg", "QtOpenGL", "QtQml"]
    assert rules.excluded_qt_modules(available) == ["PySide6.QtNetwork", "PySide6.QtQml"]


def imported_names(path):
    """Every module name an import statement in ``path`` can load (``from a import b`` gives
    both "a" and "a.b", since b may be a module)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_gradviz_imports_nothing_the_bundle_leaves_out(rules):
    import PySide6

    excluded = list(rules.EXCLUDED_MODULES) + rules.excluded_qt_modules(PySide6.__all__)
    used = {}
    for path in (REPO / "gradviz").rglob("*.py"):
        for name in imported_names(path):
            used.setdefault(name, path.relative_to(REPO))
    clashes = sorted(f"{name} ({where})" for name, where in used.items()
                     for gone in excluded if name == gone or name.startswith(gone + "."))
    assert clashes == []  # if gradviz now needs one, take it out of packaging/bundle_rules.py


def test_unreferenced_libraries_are_what_no_root_reaches(rules):
    needs = {
        "QtGui.abi3.so": ["libQt6Gui.so.6"],
        "libQt6Gui.so.6": ["libQt6Core.so.6", "libfreetype.so.6"],
        "libqgtk3.so": ["libgtk-3.so.0", "libpango-1.0.so.0"],   # a plugin left out
        "libpango-1.0.so.0": ["libharfbuzz.so.0"],
        "libfreetype.so.6": ["libpng16.so.16"],
    }
    libraries = ["libQt6Gui.so.6", "libQt6Core.so.6", "libfreetype.so.6", "libpng16.so.16",
                 "libpango-1.0.so.0", "libharfbuzz.so.0", "libdbus-1.so.3", "libssl.so.3"]

    dropped = rules.unreferenced(libraries, needs, roots=["QtGui.abi3.so"],
                                 keep=["libdbus-1.so.3"])

    assert dropped == ["libharfbuzz.so.0", "libpango-1.0.so.0", "libssl.so.3"]


def test_libraries_the_machine_provides_are_left_out_with_what_only_they_need(rules):
    from gradviz import selfcheck

    needs = {
        "QtGui.abi3.so": ["libQt6Gui.so.6"],
        "libQt6Gui.so.6": ["libQt6Core.so.6", "libfreetype.so.6", "libglib-2.0.so.0"],
        "libQt6Core.so.6": ["libz.so.1"],
        "libfreetype.so.6": ["libpng16.so.16", "libz.so.1"],
        "libdbus-1.so.3": ["libsystemd.so.0"],
        "libsystemd.so.0": ["libgcrypt.so.20"],
        "_zlib.so": ["libz.so.1"],
    }
    libraries = ["libQt6Gui.so.6", "libQt6Core.so.6", "libfreetype.so.6", "libpng16.so.16",
                 "libglib-2.0.so.0", "libdbus-1.so.3", "libsystemd.so.0", "libgcrypt.so.20",
                 "libz.so.1"]
    provided = rules.host_sonames(selfcheck.BASE, selfcheck.XCB, selfcheck.WAYLAND)
    assert {"libfreetype.so.6", "libdbus-1.so.3", "libX11.so.6", "libxcb-cursor.so.0",
            "libwayland-client.so.0", "libglib-2.0.so.0"} <= set(provided)
    assert "libz.so.1" not in provided and "libstdc++.so.6" not in provided

    dropped = rules.unreferenced(libraries, needs, roots=["QtGui.abi3.so", "_zlib.so"],
                                 keep=["libdbus-1.so.3"], provided=provided)

    # libz stays: Python's zlib module links it too
    assert dropped == ["libdbus-1.so.3", "libfreetype.so.6", "libgcrypt.so.20",
                       "libglib-2.0.so.0", "libpng16.so.16", "libsystemd.so.0"]


def test_spec_names_files_that_exist():
    spec = (PACKAGING / "gradviz.spec").read_text(encoding="utf-8")
    ast.parse(spec)  # plain Python
    for name in ("launcher.py", "bundle_rules", "install-desktop-entry.sh", "gradviz.ico",
                 "gradviz.icns"):
        assert name in spec
    assert (PACKAGING / "launcher.py").is_file()
    assert (PACKAGING / "linux" / "install-desktop-entry.sh").is_file()


def test_folder_size_counts_links_once(tmp_path):
    build = load("build")
    (tmp_path / "a").write_bytes(b"x" * 1000)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 500)
    (tmp_path / "link").symlink_to("a")

    assert build.folder_size(tmp_path) == 1500 + len("a")


@pytest.mark.parametrize("line, trouble", [
    ("Traceback (most recent call last):", True),
    ("ModuleNotFoundError: No module named 'contourpy'", True),
    ('qt.qpa.plugin: Could not load the Qt platform plugin "xcb" in "" even though it was found.',
     True),
    ("OSError: libEGL.so.1: cannot open shared object file: No such file or directory", True),
    ("gradviz: unexpected error: ValueError: x (details in /tmp/x.log)", True),
    ("This plugin does not support propagateSizeHints()", False),
    ("gradviz: first frame at monotonic 1234.5678", False),
])
def test_smoke_test_recognises_trouble(line, trouble):
    smoke = load("smoke_test")
    assert bool(smoke.TROUBLE.search(line)) is trouble


# --------------------------------------------------------------- icons

def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_png_icons_have_their_sizes():
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert png_size(ICONS / f"gradviz-{size}.png") == (size, size)


def test_ico_holds_png_images_16_to_256():
    data = (ICONS / "gradviz.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, height, _c, _r, _p, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index:22 + 16 * index])
        image = data[offset:offset + length]
        assert image[:8] == b"\x89PNG\r\n\x1a\n" and len(image) == length
        assert bits == 32 and width == height
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_icns_holds_png_images_16_to_1024():
    data = (ICONS / "gradviz.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    position, kinds = 8, []
    while position < len(data):
        kind, length = data[position:position + 4], struct.unpack(">I", data[position + 4:
                                                                               position + 8])[0]
        assert data[position + 8:position + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind.decode())
        position += length
    assert position == len(data)
    assert kinds == ["icp4", "icp5", "icp6", "ic07", "ic08", "ic09", "ic10"]


# --------------------------------------------------------------- the desktop entry

def desktop_entry(path):
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_follows_the_specification():
    entry = desktop_entry(REPO / "resources" / "gradviz.desktop")

    assert entry["Type"] == "Application"
    assert entry["Name"] == "gradviz"
    assert entry["Exec"].split()[0] == "gradviz"
    assert entry["Icon"] == "gradviz"  # found in hicolor after install-desktop-entry.sh
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Education" in entry["Categories"]
    assert entry["StartupWMClass"] == "gradviz"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux desktop script")
def test_install_script_puts_entry_icons_and_command_in_the_home_folder(tmp_path):
    bundle = tmp_path / "opt" / "grad viz"  # a space in the path must survive
    resources = bundle / "_internal" / "resources"
    (resources / "icons").mkdir(parents=True)
    for path in ICONS.iterdir():
        (resources / "icons" / path.name).write_bytes(path.read_bytes())
    (resources / "gradviz.desktop").write_bytes((REPO / "resources" / "gradviz.desktop")
                                                .read_bytes())
    program = bundle / "gradviz"
    program.write_text("#!/bin/sh\necho fake\n")
    program.chmod(0o755)
    script = bundle / "install-desktop-entry.sh"
    script.write_bytes((PACKAGING / "linux" / "install-desktop-entry.sh").read_bytes())
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}

    result = subprocess.run(["sh", str(script)], capture_output=True, text=True, env=env)

    assert result.returncode == 0, result.stderr
    data = home / ".local" / "share"
    entry = desktop_entry(data / "applications" / "gradviz.desktop")
    assert entry["Exec"] == f'"{program}" %f'  # %f: a session file opened with gradviz
    assert entry["Icon"] == "gradviz"
    for size in (16, 48, 256, 512):
        assert png_size(data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "gradviz.png") \
            == (size, size)
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "gradviz.svg").is_file()
    assert os.readlink(home / ".local" / "bin" / "gradviz") == str(program)

    removed = subprocess.run(["sh", str(script), "--remove"], capture_output=True, text=True,
                             env=env)
    assert removed.returncode == 0, removed.stderr
    assert not (data / "applications" / "gradviz.desktop").exists()
    assert not (home / ".local" / "bin" / "gradviz").exists()
    assert list((data / "icons").rglob("gradviz.*")) == []


def test_install_script_refuses_to_run_outside_a_build(tmp_path):
    script = tmp_path / "install-desktop-entry.sh"
    script.write_bytes((PACKAGING / "linux" / "install-desktop-entry.sh").read_bytes())
    result = subprocess.run(["sh", str(script)], capture_output=True, text=True,
                            env={"HOME": str(tmp_path), "PATH": os.environ.get("PATH", "")})
    assert result.returncode == 1
    assert "dist/gradviz" in result.stderr


@pytest.mark.parametrize("destination, ffmpeg", [
    ("imageio_ffmpeg/binaries/ffmpeg-linux-x86_64-v9.0.2", True),
    ("imageio_ffmpeg\\binaries\\ffmpeg-win-x86_64-v7.1.exe", True),
    ("imageio_ffmpeg/binaries/__init__.py", False),
    ("imageio_ffmpeg/_utils.py", False),
])
def test_the_optional_ffmpeg_is_recognised(rules, destination, ffmpeg):
    assert rules.is_bundled_ffmpeg(destination) is ffmpeg


# --------------------------------------------------------------- the fresh-machine stage

@pytest.fixture(scope="module")
def fresh():
    return load("fresh_machine")


def test_fresh_machine_runs_the_readme_commands_as_written(fresh):
    commands = fresh.readme_commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert commands == {"run": "python3 packaging/bootstrap.py run",
                        "test": "python3 packaging/bootstrap.py test"}


PYTEST_TAIL = """\
tests/test_video.py ....                                                 [100%]

=========================== short test summary info ============================
SKIPPED [1] tests/gui/test_surface_gl.py:75: no Xvfb on this machine
SKIPPED [2] tests/test_selfcheck.py:238: this machine lacks libxcb-cursor0 altogether
================= 2307 passed, 3 skipped in 178.59s (0:02:58) ==================
"""


def test_skipped_files_come_from_pytests_summary(fresh):
    assert fresh.skipped_files(PYTEST_TAIL) == ["tests/gui/test_surface_gl.py",
                                                "tests/test_selfcheck.py"]
    assert fresh.pytest_summary(PYTEST_TAIL) == "2307 passed, 3 skipped in 178.59s (0:02:58)"
    assert fresh.skipped_files("== 5 passed in 1.0s ==") == []


def test_the_debootstrap_cache_follows_release_packages_and_mirror():
    root = load("debian_root")
    key = root.cache_key("bookworm", ("python3", "git"), "http://m/debian", "1.0.128")
    assert key.startswith("bookworm-")
    assert key == root.cache_key("bookworm", ("git", "python3"), "http://m/debian", "1.0.128")
    for other in (root.cache_key("trixie", ("python3", "git"), "http://m/debian", "1.0.128"),
                  root.cache_key("bookworm", ("python3",), "http://m/debian", "1.0.128"),
                  root.cache_key("bookworm", ("python3", "git"), "http://n/debian", "1.0.128"),
                  root.cache_key("bookworm", ("python3", "git"), "http://m/debian", "1.0.130")):
        assert other != key


def test_the_virtual_screen_takes_a_display_nobody_uses(fresh):
    proc_net_unix = ("Num RefCount Protocol Flags Type St Inode Path\n"
                     "0000: 00000002 00000000 00010000 0001 01 1 @/tmp/.X11-unix/X200\n"
                     "0000: 00000002 00000000 00010000 0001 01 2 /run/dbus/system_bus_socket\n")
    used = fresh.displays_in_use(proc_net_unix, ["X201", "X0"])
    assert used == {200, 201, 0}
    assert fresh.free_display(used) == 202


def test_only_pip_and_proxy_settings_go_into_the_root():
    env = {"PIP_CERT": "/etc/ssl/certs/ca.crt", "PIP_INDEX_URL": "https://mirror/simple",
           "https_proxy": "http://proxy:3128", "HOME": "/root", "PYTHONPATH": "/x",
           "VIRTUAL_ENV": "/work/.venv"}
    assert load("debian_root").host_pip_env(env) == {"PIP_CERT": "/etc/ssl/certs/ca.crt",
                                       "PIP_INDEX_URL": "https://mirror/simple",
                                       "https_proxy": "http://proxy:3128"}


def test_exit_cycles_name_a_crash_by_its_signal():
    cycles = load("exit_cycles")
    assert cycles.describe(0) == "exit 0" and cycles.describe(-11) == "signal 11"
    assert cycles.unexpected_output("gradviz: first frame at monotonic 12.5\n") == ""
    assert cycles.unexpected_output("Fatal Python error: Segmentation fault\n") == \
        "Fatal Python error: Segmentation fault"
