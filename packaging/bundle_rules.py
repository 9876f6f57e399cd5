"""What the PyInstaller build leaves out, as plain data and pure functions (tests/test_packaging.py).

gradviz.spec imports this file. Three kinds of rules:

- Python modules never imported at run time (``EXCLUDED_MODULES``): the Qt bindings gradviz does
  not use, test frameworks, and the parts of numpy, sympy and pyqtgraph that gradviz never
  reaches. PyInstaller follows every ``import`` statement, including those inside functions that
  never run here, so without this list it collects them all.
- Qt files (``keep_qt_file``): translations (gradviz is English), and plugins for platforms,
  image formats, networking and device input that gradviz never loads; with them, in
  ``keep_file``, library data gradviz never shows (pyqtgraph's logo).
- Shared libraries nothing kept links to (``unreferenced``): for example GTK's, which only the
  GTK theme plugin needed; and the system libraries the start-up check requires of the machine
  (``host_sonames``), with what only they link to.

Each rule keeps what an optional feature needs: QtOpenGL (OpenGL, a 3D view), QtSvg (the SVG
icon, pyqtgraph's SVG export). The ffmpeg inside imageio-ffmpeg (80 MB since pyproject.toml keeps
imageio-ffmpeg below 0.8, whose ffmpeg is 173 MB; GIF and MP4 export) is kept unless the build asks
otherwise (``is_bundled_ffmpeg``, packaging/build.py --no-ffmpeg).
"""

import posixpath

# Qt modules gradviz (or pyqtgraph, for what gradviz uses) imports. Every other PySide6 module
# is excluded; tests/test_packaging.py checks that gradviz imports none of those.
# QtTest (0.7 MB): `gradviz bench` holds the mouse button down on a slider it drags, as a
# person does (bench/drag.py); only a real press sets the pointer state the window reads.
QT_MODULES_KEPT = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtOpenGL", "QtOpenGLWidgets",
                   "QtTest")

EXCLUDED_MODULES = (
    # Other Qt bindings pyqtgraph would try, GUI toolkits, notebooks, test tools.
    "PyQt5", "PyQt6", "PySide2", "tkinter", "_tkinter", "IPython", "ipykernel", "jupyter_rfb",
    "matplotlib", "pytest", "_pytest", "hypothesis", "pytestqt",
    # OpenSSL (5 MB): gradviz opens no network connection; hashlib falls back to its own code.
    # readline: there is no interactive prompt.
    "ssl", "_ssl", "_hashlib", "readline",
    # numpy's compilers and test helpers.
    "numpy.f2py", "numpy.distutils", "numpy.testing", "numpy._pyinstaller",
    # sympy: subject areas gradviz never touches (it parses, differentiates and prints code).
    "sympy.physics", "sympy.stats", "sympy.vector", "sympy.diffgeom", "sympy.categories",
    "sympy.liealgebras", "sympy.holonomic", "sympy.crypto", "sympy.sandbox", "sympy.unify",
    "sympy.testing", "sympy.benchmarks", "mpmath.tests",
    # Pillow (16 MB with its libraries): only sympy's pyglet plots would load it.
    "PIL",
    # pyqtgraph: its demo programs and the widgets gradviz does not show.
    "pyqtgraph.examples", "pyqtgraph.jupyter", "pyqtgraph.flowchart", "pyqtgraph.canvas",
    "pyqtgraph.console",
)

# Qt plugin folders and the plugins kept in each (None: the whole folder). Names are matched
# without "lib" and the file suffix, so one table serves Linux, Windows and macOS.
QT_PLUGINS_KEPT = {
    "platforms": {"qxcb", "qwayland", "qwayland-egl", "qwayland-generic", "qoffscreen",
                  "qminimal", "qwindows", "qcocoa"},
    "platformthemes": {"qxdgdesktopportal"},  # not qgtk3: it drags in GTK's libraries
    "platforminputcontexts": None,            # dead keys, compose, input methods
    "xcbglintegrations": None,                # OpenGL on X11
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
    "iconengines": None,                      # SVG icons
    "imageformats": {"qsvg", "qico", "qgif"},
    "styles": None,                           # the native Windows and macOS styles
}


def excluded_qt_modules(available):
    """``PySide6.X`` for every module in ``available`` (PySide6.__all__) gradviz does not use."""
    return ["PySide6." + name for name in available if name not in QT_MODULES_KEPT]


def plugin_name(filename):
    """"libqxcb.so" -> "qxcb", "qwindows.dll" -> "qwindows", "libqcocoa.dylib" -> "qcocoa"."""
    return filename.split(".")[0].removeprefix("lib")


def keep_qt_file(destination):
    """False for a collected file under PySide6's Qt folder that gradviz never uses.

    ``destination`` is the path inside the bundle, with "/" or "\\" separators.
    """
    parts = destination.replace("\\", "/").split("/")
    if parts[0] != "PySide6":
        return True
    # PySide6/Qt/plugins/... on Linux and macOS, PySide6/plugins/... on Windows.
    rest = parts[2:] if parts[1:2] == ["Qt"] else parts[1:]
    if rest[:1] == ["translations"]:
        return False
    if rest[:1] == ["plugins"] and len(rest) >= 3:
        folder, filename = rest[1], rest[-1]
        if folder not in QT_PLUGINS_KEPT:
            return False
        kept = QT_PLUGINS_KEPT[folder]
        return kept is None or plugin_name(filename) in kept
    return True


# Data files of libraries that gradviz never shows: pyqtgraph's own logo (its mkQApp's window
# icon, about 1 MB of PNGs; gradviz makes its QApplication itself, with its own icon).
DATA_LEFT_OUT = ("pyqtgraph/icons/peegee/",)


def keep_file(destination):
    """False for a collected file gradviz never uses: ``keep_qt_file``'s, and DATA_LEFT_OUT."""
    path = destination.replace("\\", "/")
    return keep_qt_file(destination) and not path.startswith(DATA_LEFT_OUT)


def is_bundled_ffmpeg(destination):
    """The ffmpeg executable inside imageio-ffmpeg (imageio_ffmpeg/binaries/ffmpeg-...)."""
    parts = destination.replace("\\", "/").split("/")
    return parts[:2] == ["imageio_ffmpeg", "binaries"] and parts[-1].startswith("ffmpeg")


def is_shared_library(name):
    base = posixpath.basename(name.replace("\\", "/"))
    return ".so" in base or base.endswith((".dll", ".dylib"))


def host_sonames(*tables):
    """The sonames of gradviz.selfcheck's library tables ((kind, sonames, packages) rows): the
    system libraries the start-up check requires of the machine (GLib, X11, xcb, xkbcommon,
    fontconfig, freetype, D-Bus, Wayland's client), so that a missing one is one line naming its
    package. The bundle uses the machine's own copies, as every Linux desktop app does (AppImage's
    exclude list has the same libraries): a copy from the build machine beside a newer system's
    configuration (fontconfig's above all) is a known source of breakage, and ~9 MB."""
    return tuple(soname for table in tables for kind, sonames, _packages in table
                 if kind == "lib" for soname in sonames)


def unreferenced(libraries, needs, roots, keep=(), provided=()):
    """The libraries no root reaches through the "needs" graph (ELF DT_NEEDED, by file name).

    libraries: names of the shared libraries in the bundle (base names, e.g. "libcairo.so.2").
    needs: name -> names it links to. roots: names loaded by Python or Qt directly (extension
    modules, Qt plugins, libpython). keep: names loaded with dlopen, which DT_NEEDED does not
    show (libdbus-1 for QtDBus). provided: names the machine provides (``host_sonames``): left
    out, and what only they link to (libsystemd and libgcrypt, for libdbus-1) with them.
    Returns the sorted names of libraries that can be left out.
    """
    provided = set(provided)
    reached = set()
    todo = [name for name in roots] + [name for name in keep]
    while todo:
        name = todo.pop()
        if name in reached or name in provided:
            continue
        reached.add(name)
        todo.extend(needs.get(name, ()))
    return sorted(set(libraries) - reached)
