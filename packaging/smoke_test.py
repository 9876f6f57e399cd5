"""Start the built gradviz headless and check that it really works.

    python packaging/smoke_test.py [dist/gradviz]

Needs PySide6 in the Python that runs it (to read the picture back); packaging/build.py runs it
with .venv-build's. Each check prints one line; the exit code is the number of failed checks.

1. ``gradviz --version`` names this checkout's version.
2. ``gradviz --self-check`` (offscreen) exits 0: every gradviz module imports inside the bundle,
   every preset parses and differentiates, Qt starts.
3. ``gradviz --screenshot`` (offscreen) exits 0 with a 1280x720 PNG whose plot area holds a
   drawn landscape (hundreds of colours, not a blank or grey window).
4. The window's first frame: ``GRADVIZ_FIRST_FRAME=exit``; reported, never asserted (timing
   depends on the machine).
5. ``gradviz render`` turns the first example session into a small MP4 and a small GIF (the
   ffmpeg inside the bundle; a build made with --no-ffmpeg may instead refuse in one clear line).
6. ``gradviz bench --quick`` runs (its start-up section starts the executable again).
7. Every file of resources/ (screenshots aside) is in the bundle.
8. The 3D view's OpenGL test (``GRADVIZ_GL_PROBE=1``, gradviz/gui/gl_check.py) answers in one
   line: "no OpenGL" offscreen; under Xvfb, when there is one, a drawing made inside the
   bundle (PyOpenGL and Qt's OpenGL modules bundled), or a reason that is not a missing module.

Every run has ``GRADVIZ_DEBUG=1`` (errors reach stderr with their traceback) and a fresh
``XDG_STATE_HOME`` (an error log appearing there is a failure). Any stderr line that looks like
a traceback, a missing module or a library Qt could not load fails the check that printed it.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TROUBLE = re.compile(r"Traceback|Error:|No module named|cannot open shared object|undefined symbol"
                     r"|Cannot load library|Could not load|could not be loaded|unexpected error"
                     r"|is missing|failed to start", re.IGNORECASE)
SIZE = (1280, 720)


def executable(folder, console=True):
    """The program in the one-folder build (gradviz-cli.exe on Windows has the console)."""
    if sys.platform == "win32":
        return folder / ("gradviz-cli.exe" if console else "gradviz.exe")
    return folder / "gradviz"


def version():
    text = (ROOT / "gradviz" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


class Smoke:
    def __init__(self, folder):
        self.folder = Path(folder).resolve()
        self.failures = 0
        self.state = Path(tempfile.mkdtemp(prefix="gradviz-smoke-"))
        self.first_frame = None

    def run(self, *args, env=None, timeout=180):
        # Fresh state, data and settings folders: no autosave to offer, no recent files.
        environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADVIZ_DEBUG="1",
                           XDG_STATE_HOME=str(self.state), XDG_DATA_HOME=str(self.state / "data"),
                           XDG_CONFIG_HOME=str(self.state / "config"))
        environment.update(env or {})
        return subprocess.run([str(executable(self.folder)), *args], capture_output=True,
                              text=True, env=environment, timeout=timeout)

    def report(self, name, ok, detail="", output=""):
        print(f"smoke test: {name}: {'ok' if ok else 'FAILED'}{' - ' + detail if detail else ''}")
        if not ok:
            self.failures += 1
            if output.strip():
                print("    " + output.strip().replace("\n", "\n    "))
        sys.stdout.flush()

    def trouble(self, result):
        """Lines of stderr that mean something is broken, and an error log if one appeared."""
        lines = [line for line in result.stderr.splitlines() if TROUBLE.search(line)]
        log = self.state / "gradviz" / "gradviz.log"
        if log.exists():
            lines.append(f"an error was logged in {log}: {log.read_text()[-2000:]}")
        return lines

    def check_version(self):
        result = self.run("--version")
        expected = f"gradviz {version()}"
        self.report("--version", result.returncode == 0 and result.stdout.strip() == expected,
                    result.stdout.strip(), result.stderr)

    def check_self_check(self):
        result = self.run("--self-check")
        bad = self.trouble(result)
        typeset = "typeset formulas: available: ziamath" in result.stdout   # its font bundled
        self.report("--self-check", result.returncode == 0 and not bad and typeset,
                    "exit 0, every module imports, formulas typeset" if result.returncode == 0
                    and typeset else f"exit {result.returncode}, typeset {typeset}",
                    result.stdout + result.stderr)

    def check_screenshot(self):
        from PySide6.QtGui import QImage

        picture = self.state / "shot.png"
        result = self.run("--screenshot", str(picture), "--steps", "120", "--size",
                          f"{SIZE[0]}x{SIZE[1]}")
        bad = self.trouble(result)
        image = QImage(str(picture))
        colours = distinct_colours(image) if not image.isNull() else 0
        ok = (result.returncode == 0 and not bad and (image.width(), image.height()) == SIZE
              and colours > 200)
        self.report("--screenshot", ok, f"exit {result.returncode}, {image.width()}x"
                    f"{image.height()}, {colours} colours in the plot area",
                    result.stderr + "\n".join(bad))

    def check_first_frame(self):
        started = time.monotonic()
        result = self.run(env={"GRADVIZ_FIRST_FRAME": "exit"})
        found = re.search(r"first frame at monotonic ([0-9.]+)", result.stderr)
        bad = self.trouble(result)
        if found:
            self.first_frame = float(found.group(1)) - started
        self.report("first frame", result.returncode == 0 and found is not None and not bad,
                    f"{self.first_frame:.2f} s after launch (offscreen)" if found else
                    f"exit {result.returncode}", result.stderr)

    def check_render(self):
        """`gradviz render` of the first example session to MP4 and to GIF: sessions, the
        offscreen window and the bundled ffmpeg (H.264; palettegen and paletteuse) together."""
        examples = sorted((ROOT / "resources" / "examples").glob("*.gradviz.json"))
        if not examples:
            self.report("render", True, "skipped: no example sessions in resources/examples")
            return
        for suffix, magic in ((".mp4", lambda data: data[4:8] == b"ftyp"),
                              (".gif", lambda data: data[:6] == b"GIF89a")):
            self.render_animation(examples[0], suffix, magic)

    def render_animation(self, example, suffix, magic):
        movie = self.state / f"movie{suffix}"
        result = self.run("render", str(example), "-o", str(movie), "--size", "320x240",
                          "--steps", "0:20")
        bad = [line for line in self.trouble(result) if "is missing" not in line]
        data = movie.read_bytes() if movie.is_file() else b""
        name = f"render {suffix[1:].upper()}"
        if result.returncode == 0:
            ok = magic(data) and not bad
            detail = f"{example.name} -> {suffix[1:].upper()}, {len(data)} bytes"
        else:  # a build without ffmpeg and none on PATH: one clear line, no traceback
            ok = not self.ffmpeg_bundled() and not bad and len(result.stderr.splitlines()) == 1
            detail = f"exit {result.returncode}: {result.stderr.strip()}"
        self.report(name, ok, detail, result.stderr)

    def check_bench(self):
        """`gradviz bench --quick`: it starts gradviz again from inside the bundle."""
        result = self.run("bench", "--quick", timeout=600)
        bad = self.trouble(result)
        self.report("bench --quick", result.returncode == 0 and not bad,
                    f"exit {result.returncode}", result.stdout[-2000:] + result.stderr)

    def check_opengl(self):
        """The 3D view's OpenGL test, offscreen (a clear no) and under Xvfb when it exists."""
        result = self.run(env={"GRADVIZ_GL_PROBE": "1"})
        line = result.stdout.strip()
        self.report("OpenGL test, offscreen", result.returncode == 0 and line.startswith(
            "problem\t") and "offscreen" in line and not self.trouble(result), line,
            result.stderr)
        if not shutil.which("Xvfb"):
            self.report("OpenGL test, Xvfb", True, "skipped: no Xvfb on this machine")
            return
        read, write = os.pipe()
        server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                                   "800x600x24", "-nolisten", "tcp"], pass_fds=(write,),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        try:
            with os.fdopen(read) as pipe:
                number = pipe.readline().strip()
            result = self.run(env={"GRADVIZ_GL_PROBE": "1", "QT_QPA_PLATFORM": "xcb",
                                   "DISPLAY": f":{number}"})
        finally:
            server.terminate()
            server.wait(10)
        line = result.stdout.strip()
        broken = re.search(r"PyOpenGL|No module|ImportError|OpenGL widgets", line)
        self.report("OpenGL test, Xvfb", result.returncode == 0 and line.startswith(
            ("ok\t", "problem\t")) and not broken and not self.trouble(result), line,
            result.stderr)

    def ffmpeg_bundled(self):
        return any(self.folder.rglob("imageio_ffmpeg/binaries/ffmpeg*"))

    def check_resources(self):
        bundled = self.folder / "_internal" / "resources"
        if sys.platform == "darwin" and not bundled.is_dir():
            bundled = self.folder / "resources"
        wanted = [p.relative_to(ROOT / "resources") for p in (ROOT / "resources").rglob("*")
                  if p.is_file() and "screenshots" not in p.parts]
        missing = [str(p) for p in wanted if not (bundled / p).is_file()]
        self.report("resources", not missing, f"{len(wanted) - len(missing)} of {len(wanted)} "
                    "files bundled", "missing: " + ", ".join(missing) if missing else "")


def distinct_colours(image, stride=4):
    """Colours in the right 60% of the window, where the landscapes are drawn."""
    left = int(image.width() * 0.4)
    return len({image.pixel(x, y) for x in range(left, image.width() - 10, stride)
                for y in range(80, image.height() - 80, stride)})


def main(argv):
    folder = Path(argv[0] if argv else ROOT / "dist" / "gradviz")
    if not executable(folder).is_file():
        print(f"smoke test: no built gradviz in {folder}; build it first "
              "(python3 packaging/bootstrap.py build)", file=sys.stderr)
        return 1
    smoke = Smoke(folder)
    smoke.check_version()
    smoke.check_self_check()
    smoke.check_screenshot()
    smoke.check_first_frame()
    smoke.check_render()
    smoke.check_bench()
    smoke.check_resources()
    smoke.check_opengl()
    print(f"smoke test: {'passed' if not smoke.failures else f'{smoke.failures} FAILED'}")
    return smoke.failures


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main(sys.argv[1:]))
