"""Build dist/gradviz/ with PyInstaller, then smoke-test it and print its size.

    python3 packaging/bootstrap.py build [--no-smoke-test] [--no-ffmpeg]   (users and CI)
    .venv-build/bin/python packaging/build.py [...]            (with the build venv ready)

Runs in the build environment (.venv-build: PyInstaller and gradviz's dependencies, nothing
else, so that no test tool can end up in the bundle). PyInstaller's own output goes to
build/pyinstaller.log; this prints one line per stage. The exit code is PyInstaller's, or the
smoke test's.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "gradviz.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
LOG = ROOT / "build" / "pyinstaller.log"


def folder_size(folder):
    """Bytes in the files under ``folder`` (symbolic links count once, as links)."""
    total = 0
    for directory, _folders, files in os.walk(folder):
        for name in files:
            total += os.lstat(os.path.join(directory, name)).st_size
    return total


def say(message):
    print("gradviz build: " + message)
    sys.stdout.flush()


def pyinstaller():
    LOG.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(DIST),
               "--workpath", str(WORK), str(SPEC)]
    say(f"running PyInstaller (a minute or two; its output goes to {LOG.relative_to(ROOT)})")
    started = time.monotonic()
    with open(LOG, "w") as log:
        code = subprocess.call(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    if code != 0:
        tail = LOG.read_text(errors="replace").splitlines()[-25:]
        say(f"PyInstaller failed (exit {code}); the end of {LOG}:\n    " + "\n    ".join(tail))
        return code
    size = folder_size(DIST / "gradviz")
    say(f"built {(DIST / 'gradviz').relative_to(ROOT)}/ in {time.monotonic() - started:.0f} s: "
        f"{size / 1e6:.0f} MB ({size / 2**20:.0f} MiB, as du -sh counts)")
    return 0


def main(argv):
    parser = argparse.ArgumentParser(prog="packaging/build.py", description=__doc__.split("\n")[0])
    parser.add_argument("--no-smoke-test", action="store_true",
                        help="build only; do not start the result")
    parser.add_argument("--no-ffmpeg", action="store_true",
                        help="leave out imageio-ffmpeg's ffmpeg (80 MB): GIF and MP4 export "
                             "then need an ffmpeg on PATH")
    args = parser.parse_args(argv)
    os.environ["GRADVIZ_BUNDLE_FFMPEG"] = "0" if args.no_ffmpeg else "1"
    code = pyinstaller()
    if code or args.no_smoke_test:
        return code
    say("smoke test: starting the built gradviz headless")
    return subprocess.call([sys.executable, str(ROOT / "packaging" / "smoke_test.py"),
                            str(DIST / "gradviz")])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
