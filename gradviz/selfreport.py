"""``gradviz --self-check``: what this installation has, and whether the window can open.

One line per item, for example::

    gradviz: 0.1.0, packaged, in /opt/gradviz
    Python: 3.11.7 on Linux-6.1.0-x86_64-with-glibc2.36
    libraries: numpy 2.4.6, sympy 1.14.0, contourpy 1.3.3, pyqtgraph 0.14.0, PySide6 6.10.3
    modules: all 45 gradviz modules import
    engine: all 17 presets parse and give finite gradients at their start
    Qt platform: xcb (DISPLAY=:0), starts
    OpenGL: available: OpenGL 4.5 (Compatibility Profile) Mesa 22.3.6, llvmpipe
    video export: not available: imageio-ffmpeg is not installed
    resources: icon, 5 example sessions
    self-check: ok

Exit code 0 when everything the window needs works (optional features may be missing), 1 when
something is broken; the broken lines say what and how to fix it. When Qt cannot start here
(no display, say), the lines after "Qt platform" are checked on the offscreen platform.
Never raises: every check reports its own failure as a line.
"""

import importlib
import importlib.util
import os
import pkgutil
import platform
import sys
from pathlib import Path

import gradviz
from gradviz import selfcheck


class Report:
    """Lines of ``name: text``; ``problem=True`` marks a line that makes the exit code 1."""

    def __init__(self, out):
        self.out = out
        self.problems = 0

    def line(self, name, text, problem=False):
        self.problems += bool(problem)
        print(f"{name}: {text}", file=self.out)
        self.out.flush()

    def check(self, name, function):
        """Run ``function() -> (ok, text)``; an exception is a problem line, not a traceback."""
        try:
            ok, text = function()
        except Exception as error:  # noqa: BLE001 - the report must name every failure
            ok, text = False, "failed: " + summary(error)
        self.line(name, text, problem=not ok)


def summary(error):
    """One line for an exception: numpy's ImportError, say, puts the cause on its last line."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = f"{type(error).__name__}: {lines[-1] if lines else ''}"
    return text if len(text) <= 300 else text[:297] + "..."


def run_report(out=None):
    report = Report(out or sys.stdout)
    where = (f"packaged, in {Path(sys.executable).parent}" if getattr(sys, "frozen", False)
             else f"from {Path(gradviz.__file__).parent}")
    report.line("gradviz", f"{gradviz.__version__}, {where}")
    report.line("Python", f"{platform.python_version()} on {platform.platform()}")
    problem = selfcheck.qt_start_problem()
    if problem:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # so that the other checks can still run
    report.check("libraries", library_versions)
    report.check("modules", import_all_modules)
    report.check("engine", check_presets)
    if problem:
        report.line("Qt platform", problem + " (the lines below were checked offscreen)",
                    problem=True)
    else:
        report.check("Qt platform", start_qt)
    report.check("OpenGL", optional(opengl))
    report.check("video export", optional(video_export))
    report.check("typeset formulas", optional(typeset_formulas))
    report.check("resources", resources)
    report.line("self-check", "ok" if not report.problems else
                f"{report.problems} problem{'s' if report.problems > 1 else ''} (see above)")
    return 1 if report.problems else 0


def optional(check):
    """An optional feature: missing (or failing) is reported, but it is not a problem."""
    def run():
        try:
            ok, text = check()
        except Exception as error:  # noqa: BLE001 - e.g. imageio-ffmpeg finding no ffmpeg
            ok, text = False, summary(error)
        return True, ("available: " if ok else "not available: ") + text
    return run


def library_versions():
    import contourpy
    import numpy
    import sympy

    parts = [f"numpy {numpy.__version__}", f"sympy {sympy.__version__}",
             f"contourpy {contourpy.__version__}"]
    import pyqtgraph
    import PySide6
    from PySide6.QtCore import qVersion

    parts += [f"pyqtgraph {pyqtgraph.__version__}",
              f"PySide6 {PySide6.__version__} (Qt {qVersion()})"]
    return True, ", ".join(parts)


def gradviz_modules():
    """The names of every module of the gradviz package (found without importing them)."""
    names = ["gradviz"]
    for info in pkgutil.walk_packages(gradviz.__path__, "gradviz."):
        names.append(info.name)
    return names


def import_all_modules():
    names = gradviz_modules()
    broken = {}  # error summary -> module names
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:  # noqa: BLE001 - ImportError, or an OSError from a library
            broken.setdefault(summary(error), []).append(name)
    if broken:
        count = sum(len(modules) for modules in broken.values())
        causes = "; ".join(f"{', '.join(modules[:3])}{' ...' if len(modules) > 3 else ''}: "
                           f"{error}" for error, modules in broken.items())
        return False, f"{count} of {len(names)} do not import: {causes}"
    return True, f"all {len(names)} gradviz modules import"


def check_presets():
    """Parse, differentiate and evaluate every preset: exercises sympy and numpy for real."""
    import math

    from gradviz.engine import PRESETS, parse_expression

    bad = []
    for preset in PRESETS.values():
        objective = parse_expression(preset.expression, getattr(preset, "params", None))
        values = objective.value_and_gradient(*preset.start)
        if not all(math.isfinite(float(v)) for v in values):
            bad.append(preset.key)
    if bad:
        return False, "not finite at the start: " + ", ".join(bad)
    return True, f"all {len(PRESETS)} presets parse and give finite gradients at their start"


def start_qt():
    from gradviz.gui.platform_check import application

    app = application()
    name = app.platformName()
    where = f" (DISPLAY={os.environ['DISPLAY']})" if name == "xcb" else ""
    return True, f"{name}{where}, starts"


def opengl():
    from gradviz.gui.platform_check import application, opengl_status

    application()
    return opengl_status()


def video_export():
    """GIF and MP4 export (gradviz.video) run the ffmpeg that imageio-ffmpeg finds: its own,
    or one on PATH."""
    if importlib.util.find_spec("imageio_ffmpeg") is None:
        return False, "imageio-ffmpeg is not installed"
    import imageio_ffmpeg

    path = imageio_ffmpeg.get_ffmpeg_exe()
    return True, f"ffmpeg {imageio_ffmpeg.get_ffmpeg_version()} ({path})"


def typeset_formulas():
    """Formulas drawn as mathematics (ziamath with its own math font); without it they show
    as plain text."""
    if importlib.util.find_spec("ziamath") is None:
        return False, "ziamath is not installed (formulas show as plain text)"
    import ziamath

    ziamath.Latex(r"\frac{\partial f}{\partial x} = 2x").svg()   # needs its font file
    return True, f"ziamath {getattr(ziamath, '__version__', '')}".strip()


def resources():
    folder = resource_folder()
    if folder is None:
        return False, "the resources folder is missing (icon, example sessions)"
    icon = (folder / "icons" / "gradviz.svg").is_file()
    examples = len(list((folder / "examples").glob("*.gradviz.json")))
    lessons = len(list((folder / "lessons").glob("*.json")))
    text = (f"{'icon' if icon else 'no icon'}, {examples} example sessions, {lessons} lessons, "
            f"in {folder}")
    return icon, text


def resource_folder():
    """resources/ as gradviz.resources finds it (checkout, wheel, bundle), or None."""
    from gradviz.resources import ResourcesNotFound, resource_dir

    try:
        return resource_dir()
    except ResourcesNotFound:
        return None
