"""``gradviz render SESSION -o OUT``: a session file to a picture, an animation or data, with no
display needed.

    OUT ends in   .png   the panels at one step (--steps B; default: the session's current step)
                  .svg   the same as an SVG drawing (lines and text as vectors; --scale unused)
                  .gif   an animation of steps A..B (default: all), --fps frames a second
                  .mp4   the same as H.264 video
                  .csv   every per-step value of every panel, one row per panel and step
                  .json  the same, with the session and each panel's hyperparameters

Pictures come from the real window, drawn offscreen (``QT_QPA_PLATFORM=offscreen`` is set here,
before Qt loads), so they match what the window shows. Progress goes to stderr; a broken session
or a bad option is one line and exit code 2 (``arguments.UserError``). Qt and numpy load only here.
"""

from __future__ import annotations

import argparse
import os
import sys

from gradviz.arguments import UserError, window_size

PICTURES = (".png", ".svg")
ANIMATIONS = (".gif", ".mp4")
DATA = (".csv", ".json")
DEFAULT_SIZE = (1280, 720)
DEFAULT_FPS = 30
DEFAULT_SECONDS = 10.0
MAX_PIXELS = 4096 * 4096


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Render a session file (*.gradviz.json) to a PNG picture, a GIF or "
                          "MP4 animation, or CSV or JSON data, without a display. Pictures "
                          "show the flat panels, also of a session saved with the 3D view "
                          "on: the 3D view needs OpenGL, which rendering without a display "
                          "does not have (File > Export Picture in the window saves it).")
    parser.add_argument("session", metavar="SESSION", help="a *.gradviz.json session file")
    parser.add_argument("-o", "--output", metavar="OUT", required=True,
                        help="output file: .png .svg .gif .mp4 .csv or .json")
    parser.add_argument("--size", type=window_size, metavar="WxH",
                        help=f"picture size in pixels (default {DEFAULT_SIZE[0]}x"
                             f"{DEFAULT_SIZE[1]}); the panels fill it")
    parser.add_argument("--scale", type=int, choices=(1, 2), default=1,
                        help="PNG only: 2 draws twice as many pixels each way, for print")
    parser.add_argument("--fps", type=_fps, default=DEFAULT_FPS, metavar="N",
                        help=f"animation frames a second (default {DEFAULT_FPS})")
    parser.add_argument("--steps", type=step_range, metavar="A:B",
                        help="steps to show: A:B for animations and data, B for a picture "
                             "(default: all steps; for a PNG the session's current step)")
    parser.add_argument("--seconds", type=_seconds, default=DEFAULT_SECONDS, metavar="S",
                        help="longest animation: more steps than fit in S seconds at --fps "
                             f"are shown evenly spread (default {DEFAULT_SECONDS:g})")
    parser.add_argument("--panel", type=int, metavar="N",
                        help="PNG only: just panel N (1 = the first) instead of all")


def step_range(text: str) -> tuple:
    """``A:B``, ``A:``, ``:B`` or ``B`` -> (A or None, B or None), whole numbers >= 0."""
    first, sep, last = text.partition(":")
    if not sep:
        first, last = "", first
    try:
        parts = tuple(int(p) if p.strip() else None for p in (first, last))
    except ValueError:
        parts = None
    if parts is None or any(p is not None and p < 0 for p in parts) or (
            None not in parts and parts[0] > parts[1]):
        raise argparse.ArgumentTypeError(f"expected steps A:B with 0 <= A <= B, not {text!r}")
    return parts


def _within(convert, low, high, what):
    """An argparse type: text read by `convert`, refused unless low <= value <= high."""
    def read(text):
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected {what} from {low} to {high}, not {text!r}")
        return value
    return read


_fps = _within(int, 1, 60, "frames a second")
_seconds = _within(float, 0.1, 600, "seconds")


def main(args) -> int:
    out = os.fspath(args.output)
    suffix = os.path.splitext(out)[1].lower()
    if suffix not in PICTURES + ANIMATIONS + DATA:
        raise UserError(f"cannot tell what to write from {out!r}: the output must end in "
                        ".png, .svg, .gif, .mp4, .csv or .json")
    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder):
        raise UserError(f"the folder {folder} does not exist")
    session = open_session(args.session)
    first, last = _steps(session, args.steps, suffix)
    if suffix in DATA:
        return _write_data(session, out, suffix, first, last)
    size = args.size or DEFAULT_SIZE
    if suffix == ".mp4" and (size[0] % 2 or size[1] % 2):  # H.264 in yuv420p needs even sizes
        size = (size[0] + size[0] % 2, size[1] + size[1] % 2)
        _say(f"MP4 needs even sizes: rendering {size[0]}x{size[1]}")
    if size[0] * size[1] * args.scale**2 > MAX_PIXELS:
        raise UserError(f"{size[0]}x{size[1]} at scale {args.scale} is too large "
                        f"(at most {MAX_PIXELS:,} pixels)")
    if args.panel is not None and not 1 <= args.panel <= len(session.panels):
        raise UserError(f"--panel {args.panel}: the session has panels 1 to "
                        f"{len(session.panels)}")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # headless always; no window flashes up
    from gradviz.gui.export import quiet_offscreen_warnings, render_animation, render_picture

    quiet_offscreen_warnings()

    panel = None if args.panel is None else args.panel - 1
    if suffix in PICTURES:
        render_picture(session, out, last, size, args.scale, panel)
        _say(f"wrote {out}")
        return 0
    from gradviz.video import Cancelled, EncoderMissing, frame_steps

    steps = frame_steps(first, last, args.fps, args.seconds)
    try:
        render_animation(session, out, steps, args.fps, size, progress=Progress(len(steps)))
    except EncoderMissing as error:
        raise UserError(str(error)) from None
    except Cancelled:
        return 130
    _say(f"wrote {out}: {len(steps)} frames at {args.fps} fps "
         f"({os.path.getsize(out) / 1e6:.2f} MB)")
    return 0


def open_session(path):
    from gradviz.engine.session_io import SessionError, load

    try:
        return load(path)
    except SessionError as error:
        raise UserError(f"cannot open {path}: {error.message}") from None


def _steps(session, requested, suffix):
    """(first, last) from --steps; for a picture only B counts."""
    first, last = requested if requested else (None, None)
    if suffix in PICTURES:
        last = session.current_step if last is None else last
        first = last
    first = 0 if first is None else first
    last = session.steps if last is None else last
    if last > session.steps:
        raise UserError(f"--steps: step {last} is beyond the session's {session.steps} steps")
    if first > last:
        raise UserError(f"--steps: {first}:{last} is empty")
    return first, last


def _write_data(session, out, suffix, first, last):
    from gradviz.engine import export

    _say(f"running {len(session.panels)} optimizers for {session.steps} steps")
    text = (export.to_csv if suffix == ".csv" else export.to_json)(
        session, first=first, last=last)
    with open(out, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
    _say(f"wrote {out}: {len(session.panels)} panels x {last - first + 1} steps")
    return 0


class Progress:
    """``progress(done, total)``: a line rewritten in place on a terminal, else a line every
    10%. Always says go on (the command is stopped with Ctrl+C)."""

    def __init__(self, total, stream=None):
        self.stream = stream or sys.stderr
        self.total = total
        self.tty = self.stream.isatty()
        self.shown = -1

    def __call__(self, done, total):
        tenth = done * 10 // max(total, 1)
        if self.tty:
            end = "\n" if done == total else ""
            print(f"\rgradviz: frame {done} of {total}", end=end, file=self.stream, flush=True)
        elif tenth != self.shown:
            self.shown = tenth
            print(f"gradviz: frame {done} of {total}", file=self.stream, flush=True)
        return True


def _say(text):
    from gradviz.engine.printable import printable   # not at import: gradviz --version loads this

    print(f"gradviz: {printable(text)}", file=sys.stderr, flush=True)
